/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * series — time series (one row of doubles per sample interval) kept in bounded memory, so that
 * a run's memory does not grow with the span it simulates (issue 18).
 *
 * A set holds every series of a run (functions', queues', downstreams'), all with the same number
 * of rows, written in step: row k of each, then sls_series_row_done(k).  Rows are buffered in
 * chunks of `chunk` rows, sized so that one chunk of every series fits a memory budget
 * (SLS_SERIES_BUDGET); a run whose whole series fit it keeps them in memory and never touches a
 * file.  Otherwise each completed chunk is appended to an unlinked temporary file (in $TMPDIR,
 * else /tmp), the series side by side:
 *
 *   chunk 0: [series 0: chunk x ncols0][series 1: chunk x ncols1] ...   chunk 1: ...
 *
 * so chunk j of a series is at  j x chunk x total_cols + chunk x col0  doubles.  After the run
 * (sls_series_finish) any row can be read back; reading goes through the series' one-chunk
 * buffer, so reading rows in order costs one file read per chunk.
 *
 *   set = { n_rows, chunk, total_cols, spill file }      series = { ncols, col0, buf, chunk in buf }
 */
#ifndef SLS_SERIES_H
#define SLS_SERIES_H

#include <stddef.h>
#include <stdio.h>

/* Bytes one chunk of all series may take together (the chunk is at least one row). */
#define SLS_SERIES_BUDGET ((size_t)8 << 20)

typedef struct sls_series_set sls_series_set;

typedef struct sls_series {
  sls_series_set *set;
  int ncols;
  size_t col0;      /* its first column among the set's */
  double *buf;      /* chunk x ncols: the chunk being written, or after the run the one last read */
  size_t buf_chunk; /* the chunk buf holds */
} sls_series;

struct sls_series_set {
  size_t n_rows;     /* rows every series has */
  size_t chunk;      /* rows per chunk; 0 until the first row is written */
  size_t total_cols; /* all series' columns */
  size_t budget;     /* bytes a chunk of all series may take (SLS_SERIES_BUDGET unless set) */
  sls_series **all;  /* in the order they were added */
  size_t n, cap;
  FILE *spill;    /* the chunks written out, NULL while none */
  size_t spilled; /* chunks in it */
  int finished;
};

void sls_series_set_init(sls_series_set *set, size_t n_rows);
/* Frees every series and closes (and so removes) the file. */
void sls_series_set_destroy(sls_series_set *set);
/* A new series of ncols columns, all zero; before the first row is written. */
sls_series *sls_series_add(sls_series_set *set, int ncols);
/* Row k of s to fill (zeroed), k in the chunk being written (rows come in order). */
double *sls_series_row(sls_series *s, size_t k);
/* Every series has its row k: a completed chunk goes to the file (unless everything fits). */
void sls_series_row_done(sls_series_set *set, size_t k);
/* The run is over: from now on any row can be read. */
void sls_series_finish(sls_series_set *set);
/* Row k of s, after sls_series_finish; valid until the next read or release of s. */
const double *sls_series_get(sls_series *s, size_t k);
/* After sls_series_finish, with the series in a file: frees s's one-chunk buffer until the next
 * read (a writer that has read a series through lets its memory go: 10,000 functions' buffers are
 * the budget, 8 MiB, at the write's peak).  finish releases every series so.  Without a file, the
 * buffer holds the series: nothing happens (nor for NULL, a run without samples). */
void sls_series_release(sls_series *s);
/* Rows a chunk holds: as many rows of total_cols doubles as budget bytes take, at least one, at
 * most n_rows (then everything stays in memory). */
size_t sls_series_chunk_rows(size_t total_cols, size_t n_rows, size_t budget);
/* Bytes held in memory (buffers). */
size_t sls_series_bytes(const sls_series_set *set);

#endif
