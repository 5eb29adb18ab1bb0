/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table — a report's table as cells, drawn for a terminal or as HTML.
 *
 * Text: each column as wide as its widest cell, numbers right-aligned, text left-aligned.  A
 * table wider than the width asked for is cut into parts stacked one under the other, each
 * repeating the leading key columns (the entity's name), the way R prints a wide data frame:
 * `report` fits 100 columns unless --wide.  HTML: one <table>, cells escaped (engine/text.h).
 *
 * Cells are copied; the caller makes strings from a result file safe for where they go before
 * they become cells (io/text.h).
 */
#ifndef SLS_TABLE_H
#define SLS_TABLE_H

#include <stdint.h>
#include <stdio.h>

typedef struct sls_table {
  int ncol, nrow, cap;
  int nkey;      /* leading columns that name the row, repeated in every part */
  char **head;   /* [ncol] */
  char *numeric; /* [ncol]: SLS_TABLE_* flags */
  char **cell;   /* [cap x ncol], row-major; NULL reads as "" */
  int at;        /* cells of the current row filled */
} sls_table;

/* Starts a table whose first nkey columns name its rows. */
void sls_table_init(sls_table *t, int nkey);
/* Adds a column; flags: SLS_TABLE_NUMERIC (right-aligned), SLS_TABLE_GROUP (starts a group of
 * columns that a part keeps together when it can: latency percentiles, say). */
#define SLS_TABLE_NUMERIC 1
#define SLS_TABLE_GROUP 2
void sls_table_col(sls_table *t, const char *head, int flags);
/* Starts a row; the cells below fill it left to right. */
void sls_table_row(sls_table *t);
void sls_table_s(sls_table *t, const char *s);
void sls_table_u(sls_table *t, uint64_t v);
/* A number in printf format fmt (one double). */
void sls_table_f(sls_table *t, const char *fmt, double v);
/* Writes the table for a terminal in at most width columns (0: one part, however wide). */
void sls_table_print(FILE *o, const sls_table *t, int width);
/* Writes the table as an HTML <table> (cells escaped), with an optional caption. */
void sls_table_html(FILE *o, const sls_table *t, const char *caption);
void sls_table_free(sls_table *t);

#endif
