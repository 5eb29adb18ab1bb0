/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time series in bounded memory (stats/series.h): every row written reads back exact, whether the
 * series stayed in memory or went to the temporary file a chunk at a time; rows never written
 * read as zero; memory holds one chunk, and none of a series in the file that is not being read. */
#include "stats/series.h"
#include "testutil.h"

/* The value written at row k, column c of series i: unique, exact in a double. */
static double value(int i, size_t k, int c) { return (double)i * 1e9 + (double)k * 100 + c; }

/* Writes rows [0, upto) of three series of 3, 7 and 1 columns, then reads every row back. */
static void round_trip(size_t n_rows, size_t upto, size_t budget, size_t want_chunk, int want_file) {
  sls_series_set set;
  sls_series_set_init(&set, n_rows);
  set.budget = budget;
  const int ncols[3] = {3, 7, 1};
  sls_series *s[3];
  for (int i = 0; i < 3; i++)
    s[i] = sls_series_add(&set, ncols[i]);
  for (size_t k = 0; k < upto; k++) {
    for (int i = 0; i < 3; i++) {
      double *row = sls_series_row(s[i], k);
      for (int c = 0; c < ncols[i]; c++)
        row[c] = value(i, k, c);
    }
    sls_series_row_done(&set, k);
  }
  sls_series_finish(&set);
  ck_assert_uint_eq(set.chunk, want_chunk);
  ck_assert_int_eq(set.spill != NULL, want_file);
  ck_assert_uint_le(sls_series_bytes(&set), (want_chunk * 11) * sizeof(double) + 3 * sizeof(sls_series));
  /* with a file, the run's buffers are let go until a row is read; without, they are the series */
  for (int i = 0; i < 3; i++)
    ck_assert_msg((s[i]->buf == NULL) == want_file, "series %d: buffer %p after the run", i,
                  (void *)s[i]->buf);
  /* backwards, then forwards, releasing as a writer does (every third row, each series): each
   * chunk is read back from wherever it is */
  for (int pass = 0; pass < 2; pass++)
    for (size_t j = 0; j < n_rows; j++) {
      size_t k = pass ? j : n_rows - 1 - j;
      for (int i = 0; i < 3; i++) {
        const double *row = sls_series_get(s[i], k);
        for (int c = 0; c < ncols[i]; c++)
          ck_assert_msg(row[c] == (k < upto ? value(i, k, c) : 0.0), "series %d row %zu col %d: %g", i, k, c,
                        row[c]);
        if (pass && k % 3 == 0) sls_series_release(s[i]);
      }
    }
  sls_series_set_destroy(&set);
}

START_TEST(rows_that_fit_stay_in_memory) {
  round_trip(100, 100, 1 << 20, 100, 0); /* 100 rows x 11 columns: 8,800 bytes, one chunk */
}
END_TEST

START_TEST(long_series_go_to_a_file_a_chunk_at_a_time) {
  /* 880 bytes a chunk: 10 rows of 11 columns; 1,005 rows make 100 full chunks and a last one of 5 */
  round_trip(1005, 1005, 880, 10, 1);
  round_trip(1000, 1000, 880, 10, 1); /* the last chunk full */
  round_trip(7, 7, 8, 1, 1);          /* a budget below one row: a row a chunk */
}
END_TEST

START_TEST(rows_never_written_read_as_zero) {
  round_trip(1005, 437, 880, 10, 1); /* a run stopped at row 437, mid-chunk */
  round_trip(1005, 0, 880, 10, 1);
  round_trip(100, 42, 1 << 20, 100, 0);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("series");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, rows_that_fit_stay_in_memory);
  tcase_add_test(tc, long_series_go_to_a_file_a_chunk_at_a_time);
  tcase_add_test(tc, rows_never_written_read_as_zero);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
