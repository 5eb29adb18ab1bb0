/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/table.h"

#include <stdlib.h>
#include <string.h>

#include "engine/text.h"
#include "engine/util.h"

void sls_table_init(sls_table *t, int nkey) {
  memset(t, 0, sizeof *t);
  t->nkey = nkey;
}

void sls_table_col(sls_table *t, const char *head, int flags) {
  t->head = sls_xrealloc(t->head, (size_t)(t->ncol + 1) * sizeof *t->head);
  t->numeric = sls_xrealloc(t->numeric, (size_t)(t->ncol + 1));
  t->head[t->ncol] = sls_xstrdup(head);
  t->numeric[t->ncol] = (char)flags;
  t->ncol++;
}

void sls_table_row(sls_table *t) {
  if (t->nrow == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 8;
    t->cell = sls_xrealloc(t->cell, (size_t)t->cap * (size_t)t->ncol * sizeof *t->cell);
  }
  memset(&t->cell[(size_t)t->nrow * (size_t)t->ncol], 0, (size_t)t->ncol * sizeof *t->cell);
  t->nrow++;
  t->at = 0;
}

void sls_table_s(sls_table *t, const char *s) {
  if (!t->nrow || t->at >= t->ncol) return; /* a cell past the last column: a bug, not drawn */
  t->cell[(size_t)(t->nrow - 1) * (size_t)t->ncol + (size_t)t->at++] = sls_xstrdup(s);
}

void sls_table_u(sls_table *t, uint64_t v) {
  char b[24];
  snprintf(b, sizeof b, "%llu", (unsigned long long)v);
  sls_table_s(t, b);
}

void sls_table_f(sls_table *t, const char *fmt, double v) {
  char b[64];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  snprintf(b, sizeof b, fmt, v); /* fmt: a literal of report.c's, never from a file */
#pragma GCC diagnostic pop
  sls_table_s(t, b);
}

static const char *cell(const sls_table *t, int r, int c) {
  const char *s = t->cell[(size_t)r * (size_t)t->ncol + (size_t)c];
  return s ? s : "";
}

/* Display columns of s: UTF-8 continuation bytes take none. */
static int cols(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static void put_cell(FILE *o, const char *s, int w, int numeric, int last) {
  int pad = w - cols(s);
  if (numeric)
    fprintf(o, "%*s%s", pad > 0 ? pad : 0, "", s);
  else
    fprintf(o, "%s%*s", s, last || pad <= 0 ? 0 : pad, "");
}

/* One part: the key columns and columns [from, to). */
static void print_part(FILE *o, const sls_table *t, const int *w, int from, int to) {
  for (int r = -1; r < t->nrow; r++) {
    /* the row ends at its last cell with something in it: no trailing blanks */
    int last = -1;
    for (int c = 0; c < to; c++)
      if (!((c >= t->nkey && c < from) || w[c] < 0) && *(r < 0 ? t->head[c] : cell(t, r, c))) last = c;
    for (int c = 0, first = 1; c <= last; c++) {
      if ((c >= t->nkey && c < from) || w[c] < 0) continue;
      if (!first) fputs("  ", o);
      put_cell(o, r < 0 ? t->head[c] : cell(t, r, c), w[c], t->numeric[c] & SLS_TABLE_NUMERIC, c == last);
      first = 0;
    }
    fputc('\n', o);
  }
}

/* Columns from c to the end of its group, if c starts one (a part does not cut a group in two
 * when it can start the group's part instead), else c's own width. */
static int group_width(const sls_table *t, const int *w, int c) {
  int sum = w[c] < 0 ? 0 : w[c];
  if (t->numeric[c] & SLS_TABLE_GROUP)
    for (int k = c + 1; k < t->ncol && !(t->numeric[k] & SLS_TABLE_GROUP); k++)
      sum += w[k] < 0 ? 0 : w[k] + 2;
  return sum;
}

void sls_table_print(FILE *o, const sls_table *t, int width) {
  if (!t->ncol) return;
  int *w = sls_xcalloc((size_t)t->ncol, sizeof *w);
  for (int c = 0; c < t->ncol; c++) {
    w[c] = cols(t->head[c]);
    for (int r = 0; r < t->nrow; r++)
      if (cols(cell(t, r, c)) > w[c]) w[c] = cols(cell(t, r, c));
  }
  for (int c = t->nkey; c < t->ncol; c++) { /* a column with no cell filled in is left out */
    int empty = 1;
    for (int r = 0; r < t->nrow && empty; r++)
      empty = !*cell(t, r, c);
    if (empty && t->nrow) w[c] = -1;
  }
  int key = 0;
  for (int c = 0; c < t->nkey && c < t->ncol; c++)
    key += w[c] + 2;
  int part = 0;
  for (int from = t->nkey < t->ncol ? t->nkey : 0; from < t->ncol; part++) {
    while (from < t->ncol && w[from] < 0)
      from++;
    if (from >= t->ncol) break;
    int to = from, used = key;
    do /* at least one column per part, however wide */
      used += w[to] < 0 ? 0 : w[to] + 2;
    while (++to < t->ncol && (width <= 0 || w[to] < 0 || used + group_width(t, w, to) <= width));
    if (part) fputc('\n', o);
    print_part(o, t, w, from, to);
    from = to;
  }
  if (!part) print_part(o, t, w, t->ncol, t->ncol); /* nothing but its names */
  free(w);
}

void sls_table_html(FILE *o, const sls_table *t, const char *caption) {
  fputs("<table>", o);
  if (caption) {
    fputs("<caption>", o);
    sls_put_html(o, caption);
    fputs("</caption>", o);
  }
  fputs("\n<thead><tr>", o);
  for (int c = 0; c < t->ncol; c++) {
    fputs(t->numeric[c] & SLS_TABLE_NUMERIC ? "<th class=\"n\">" : "<th>", o);
    sls_put_html(o, t->head[c]);
    fputs("</th>", o);
  }
  fputs("</tr></thead>\n<tbody>\n", o);
  for (int r = 0; r < t->nrow; r++) {
    fputs("<tr>", o);
    for (int c = 0; c < t->ncol; c++) {
      fputs(t->numeric[c] & SLS_TABLE_NUMERIC ? "<td class=\"n\">" : "<td>", o);
      sls_put_html(o, cell(t, r, c));
      fputs("</td>", o);
    }
    fputs("</tr>\n", o);
  }
  fputs("</tbody></table>\n", o);
}

void sls_table_free(sls_table *t) {
  for (int c = 0; c < t->ncol; c++)
    free(t->head[c]);
  for (size_t i = 0; i < (size_t)t->nrow * (size_t)t->ncol; i++)
    free(t->cell[i]);
  free(t->head);
  free(t->numeric);
  free(t->cell);
  memset(t, 0, sizeof *t);
}
