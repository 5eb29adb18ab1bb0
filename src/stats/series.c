/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/series.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/util.h"

void sls_series_set_init(sls_series_set *set, size_t n_rows) {
  memset(set, 0, sizeof *set);
  set->n_rows = n_rows;
  set->budget = SLS_SERIES_BUDGET;
}

void sls_series_set_destroy(sls_series_set *set) {
  for (size_t i = 0; i < set->n; i++) {
    free(set->all[i]->buf);
    free(set->all[i]);
  }
  free(set->all);
  if (set->spill) fclose(set->spill);
  memset(set, 0, sizeof *set);
}

sls_series *sls_series_add(sls_series_set *set, int ncols) {
  SLS_ASSERT(set->chunk == 0 && ncols > 0);
  sls_series *s = sls_xcalloc(1, sizeof *s);
  s->set = set;
  s->ncols = ncols;
  s->col0 = set->total_cols;
  set->total_cols += (size_t)ncols;
  if (set->n == set->cap) {
    set->cap = set->cap ? 2 * set->cap : 16;
    set->all = sls_xrealloc(set->all, set->cap * sizeof *set->all);
  }
  set->all[set->n++] = s;
  return s;
}

size_t sls_series_chunk_rows(size_t total_cols, size_t n_rows, size_t budget) {
  size_t chunk = total_cols ? budget / (total_cols * sizeof(double)) : n_rows;
  if (chunk < 1) chunk = 1;
  return chunk > n_rows ? n_rows : chunk;
}

/* The chunk size, and every buffer, at the first row. */
static void freeze(sls_series_set *set) {
  set->chunk = sls_series_chunk_rows(set->total_cols, set->n_rows, set->budget);
  for (size_t i = 0; i < set->n; i++)
    set->all[i]->buf = sls_xcalloc(set->chunk * (size_t)set->all[i]->ncols, sizeof(double));
}

/* A file nobody else can open: created in $TMPDIR (else /tmp) and unlinked at once. */
static FILE *spill_file(void) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  size_t n = strlen(dir) + 32;
  char *path = sls_xmalloc(n);
  snprintf(path, n, "%s/slsim-series-XXXXXX", dir);
  int fd = mkstemp(path);
  FILE *f = NULL;
  if (fd >= 0) {
    unlink(path);
    f = fdopen(fd, "w+b");
    if (!f) close(fd);
  }
  free(path);
  return f;
}

/* Not an input error and not recoverable mid-run: like running out of memory. */
_Noreturn static void spill_failed(void) {
  char msg[300];
  snprintf(msg, sizeof msg,
           "cannot keep the time series in a temporary file (%s): set TMPDIR to a directory with room, or "
           "a longer sample_interval_s",
           strerror(errno));
  sls_fatal(msg);
}

/* Appends the chunk every buffer holds. */
static void spill(sls_series_set *set) {
  if (!set->spill && !(set->spill = spill_file())) spill_failed();
  if (fseeko(set->spill, (off_t)(set->spilled * set->chunk * set->total_cols * sizeof(double)), SEEK_SET))
    spill_failed();
  for (size_t i = 0; i < set->n; i++) {
    sls_series *s = set->all[i];
    size_t len = set->chunk * (size_t)s->ncols;
    if (fwrite(s->buf, sizeof(double), len, set->spill) != len) spill_failed();
    memset(s->buf, 0, len * sizeof(double));
    s->buf_chunk = set->spilled + 1;
  }
  set->spilled++;
}

double *sls_series_row(sls_series *s, size_t k) {
  sls_series_set *set = s->set;
  SLS_ASSERT(!set->finished && k < set->n_rows);
  if (!set->chunk) freeze(set);
  SLS_ASSERT(k / set->chunk == set->spilled);
  double *row = s->buf + (k % set->chunk) * (size_t)s->ncols;
  memset(row, 0, (size_t)s->ncols * sizeof *row);
  return row;
}

void sls_series_row_done(sls_series_set *set, size_t k) {
  if (set->chunk < set->n_rows && (k + 1) % set->chunk == 0) spill(set);
}

void sls_series_finish(sls_series_set *set) {
  if (set->finished) return;
  if (!set->chunk) freeze(set);
  /* With a file, the chunk being written goes there too (rows never written are zero), so that
   * reading any chunk back cannot overwrite it. */
  if (set->chunk < set->n_rows && set->spilled * set->chunk < set->n_rows) spill(set);
  if (set->spill && fflush(set->spill)) spill_failed();
  set->finished = 1;
  if (set->spill) /* every row is in the file: the buffers go until a row is read */
    for (size_t i = 0; i < set->n; i++)
      sls_series_release(set->all[i]);
}

void sls_series_release(sls_series *s) {
  if (!s || !s->set->finished || !s->set->spill) return; /* without a file, the buffer is the series */
  free(s->buf);
  s->buf = NULL;
  s->buf_chunk = SIZE_MAX;
}

const double *sls_series_get(sls_series *s, size_t k) {
  sls_series_set *set = s->set;
  SLS_ASSERT(set->finished && k < set->n_rows);
  size_t j = k / set->chunk, len = set->chunk * (size_t)s->ncols;
  if (!s->buf) s->buf = sls_xmalloc(len * sizeof(double));    /* released (buf_chunk is none) */
  if (set->spill && s->buf_chunk != j && j >= set->spilled) { /* after a run stopped early */
    memset(s->buf, 0, len * sizeof(double));
    s->buf_chunk = j;
  } else if (set->spill && s->buf_chunk != j) {
    off_t at = (off_t)((j * set->chunk * set->total_cols + set->chunk * s->col0) * sizeof(double));
    if (fseeko(set->spill, at, SEEK_SET) || fread(s->buf, sizeof(double), len, set->spill) != len)
      spill_failed();
    s->buf_chunk = j;
  }
  return s->buf + (k % set->chunk) * (size_t)s->ncols;
}

size_t sls_series_bytes(const sls_series_set *set) {
  size_t chunk = set->chunk ? set->chunk : sls_series_chunk_rows(set->total_cols, set->n_rows, set->budget);
  return chunk * set->total_cols * sizeof(double) + set->n * sizeof(sls_series);
}
