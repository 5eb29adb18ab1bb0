/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log-linear histogram: bucket geometry, quantile error against exact order statistics,
 * exact merge. */
#include <gsl/gsl_randist.h>

#include "engine/rng.h"
#include "stats/hist.h"
#include "testutil.h"

static int cmp64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

START_TEST(every_value_lies_in_its_bucket) {
  gsl_rng *r = sls_rng_alloc(3, "hist", "values");
  for (int i = 0; i < 200000; i++) {
    int64_t v = (int64_t)exp(gsl_rng_uniform(r) * 30.0); /* 1 .. 1e13 */
    int b = sls_hist_bucket(v);
    ck_assert_int_lt(b, SLS_HIST_NBUCKETS);
    ck_assert_int_le(sls_hist_bucket_lo(b), v);
    ck_assert_int_lt(v, sls_hist_bucket_lo(b) + sls_hist_bucket_width(b));
    /* width relative to the value: at most 1/SUB */
    ck_assert(sls_hist_bucket_width(b) == 1 ||
              (double)sls_hist_bucket_width(b) / (double)v <= 1.0 / SLS_HIST_SUB);
  }
  for (int64_t v = 0; v < 4 * SLS_HIST_SUB; v++) /* contiguous at the low end */
    ck_assert_int_eq(sls_hist_bucket(v + 1) - sls_hist_bucket(v) <= 1, 1);
  sls_rng_free(r);
}
END_TEST

/* The quantile is the nearest rank: the smallest recorded value with at least q n values at or
 * below it (rank ceil(q n)).  Four values 1, 2, 3, 4 s (buckets far apart): q = 0.25 is the 1st,
 * 0.26 and 0.5 the 2nd, 0.6 the 3rd (ceil 2.4 = 3), 0.76 the 4th; within the buckets' 0.1 %. */
START_TEST(quantiles_take_the_nearest_rank) {
  sls_hist h;
  sls_hist_init(&h);
  for (int v = 4; v >= 1; v--)
    sls_hist_record(&h, (int64_t)v * 1000000000);
  const double q[] = {0.25, 0.26, 0.5, 0.6, 0.75, 0.76}, want[] = {1, 2, 2, 3, 3, 4};
  for (int k = 0; k < 6; k++)
    ck_assert_msg(fabs(sls_hist_quantile(&h, q[k]) / 1e9 - want[k]) <= 0.001 * want[k],
                  "q = %g: %g s, %g expected", q[k], sls_hist_quantile(&h, q[k]) / 1e9, want[k]);
  sls_hist_destroy(&h);
}
END_TEST

START_TEST(quantiles_within_a_tenth_of_a_percent_of_exact) {
  enum { N = 100000 };
  int64_t *x = malloc(N * sizeof *x);
  gsl_rng *r = sls_rng_alloc(5, "hist", "lognormal");
  sls_hist h;
  sls_hist_init(&h);
  for (int i = 0; i < N; i++) {
    x[i] = (int64_t)gsl_ran_lognormal(r, log(150e6), 1.2); /* latencies in ns */
    sls_hist_record(&h, x[i]);
  }
  qsort(x, N, sizeof *x, cmp64);
  const double qs[] = {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999};
  for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
    size_t rank = (size_t)ceil(qs[k] * N);
    double exact = (double)x[rank - 1];
    double got = sls_hist_quantile(&h, qs[k]);
    ck_assert_msg(fabs(got - exact) / exact <= 0.001, "q=%g: %g vs exact %g", qs[k], got, exact);
  }
  ck_assert_double_eq(sls_hist_quantile(&h, 1.0), (double)x[N - 1]);
  ck_assert_int_eq(h.min, x[0]);
  double sum = 0;
  for (int i = 0; i < N; i++)
    sum += (double)x[i];
  ck_assert_double_eq_tol(sls_hist_mean(&h), sum / N, 1e-6 * sum / N);
  sls_hist_destroy(&h);
  sls_rng_free(r);
  free(x);
}
END_TEST

/* Long latencies keep their resolution: a 50,000 s drain (the issue that found the clamp: p90 and
 * p99 both read 35,167 s) and values around 10 hours, 10 days and 400 days.  Expected values are
 * the exact order statistics of what was recorded. */
START_TEST(long_latencies_are_not_clamped) {
  const double day = 86400e9;
  const double centres[] = {0, 10 * 3600e9, 10 * day, 400 * day};
  for (size_t c = 0; c < sizeof centres / sizeof *centres; c++) {
    enum { N = 10001 };
    int64_t *x = malloc(N * sizeof *x);
    sls_hist h;
    sls_hist_init(&h);
    for (int i = 0; i < N; i++) { /* evenly spaced: 0 .. 50,000 s, or centre +- 1 % */
      double v = c == 0 ? 5e13 * i / (N - 1) : centres[c] * (0.99 + 0.02 * i / (N - 1));
      x[i] = (int64_t)v;
      sls_hist_record(&h, x[i]);
    }
    const double qs[] = {0.5, 0.9, 0.99, 0.999};
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
      double exact = (double)x[(size_t)ceil(qs[k] * N) - 1];
      double got = sls_hist_quantile(&h, qs[k]);
      ck_assert_msg(fabs(got - exact) <= 0.001 * exact, "centre %g ns, q=%g: %.6g vs exact %.6g", centres[c],
                    qs[k], got, exact);
    }
    if (c == 0) { /* the drain's percentiles by hand: rank ceil(0.9 N) = 9001 is 45,000 s */
      ck_assert_double_eq_tol(sls_hist_quantile(&h, 0.9), 45000e9, 45e9);
      ck_assert_double_eq_tol(sls_hist_quantile(&h, 0.99), 49500e9, 49.5e9);
    }
    sls_hist_destroy(&h);
    free(x);
  }
}
END_TEST

START_TEST(merge_equals_the_histogram_of_the_pooled_values) {
  sls_hist a, b, all;
  sls_hist_init(&a);
  sls_hist_init(&b);
  sls_hist_init(&all);
  gsl_rng *r = sls_rng_alloc(9, "hist", "merge");
  for (int i = 0; i < 50000; i++) {
    int64_t v = (int64_t)gsl_ran_exponential(r, 1e7);
    sls_hist_record(i % 3 ? &a : &b, v);
    sls_hist_record(&all, v);
  }
  sls_hist_merge(&a, &b);
  ck_assert_uint_eq(a.n, all.n);
  ck_assert_int_eq(a.min, all.min);
  ck_assert_int_eq(a.max, all.max);
  for (int k = 0; k < SLS_HIST_NBUCKETS; k++)
    ck_assert_uint_eq(sls_hist_count(&a, k), sls_hist_count(&all, k));
  sls_hist_destroy(&a);
  sls_hist_destroy(&b);
  sls_hist_destroy(&all);
  sls_rng_free(r);
}
END_TEST

/* Counts widen as they grow (2 bits, 4, 1, 2, 4, 8 bytes a count): 70,000 values of 5 ms and one
 * of 5.02 ms, 300 of 2 s; counts read back exact past 3, 15, 255 and 65,535; a count of 2^32 + 5
 * added to one bucket reads back whole; merging and taking out an earlier copy give the
 * differences by hand.  Bytes: a row of 512 counts is 128 bytes at 2 bits, 256 at 4, 512 at one
 * byte, 1,024 at two, 2,048 at four; the table holds a pointer per power of two from the lowest
 * used to the highest. */
START_TEST(counts_widen_without_losing_any) {
  sls_hist h, early, sum;
  sls_hist_init(&h);
  sls_hist_init(&early);
  sls_hist_init(&sum);
  ck_assert_uint_eq(sls_hist_bytes(&h), 0); /* never recorded: nothing beyond the header */
  int b5 = sls_hist_bucket(5000000), b5b = sls_hist_bucket(5020000), b2 = sls_hist_bucket(2000000000);
  ck_assert_int_ne(b5, b5b);
  for (int i = 0; i < 3; i++)
    sls_hist_record(&h, 5000000);
  ck_assert_uint_eq(sls_hist_count(&h, b5), 3);
  ck_assert_uint_eq(sls_hist_bytes(&h), SLS_HIST_SUB / 4 + 8); /* 2-bit counts, a table of one */
  sls_hist_record(&h, 5000000);
  ck_assert_uint_eq(sls_hist_count(&h, b5), 4);
  ck_assert_uint_eq(sls_hist_bytes(&h), SLS_HIST_SUB / 2 + 8); /* widened to 4 bits */
  for (int i = 4; i < 15; i++)
    sls_hist_record(&h, 5000000);
  ck_assert_uint_eq(sls_hist_count(&h, b5), 15);
  ck_assert_uint_eq(sls_hist_bytes(&h), SLS_HIST_SUB / 2 + 8);
  sls_hist_record(&h, 5000000);
  ck_assert_uint_eq(sls_hist_count(&h, b5), 16);
  ck_assert_uint_eq(sls_hist_bytes(&h), SLS_HIST_SUB + 8); /* widened to a byte */
  for (int i = 16; i < 200; i++)
    sls_hist_record(&h, 5000000);
  sls_hist_merge(&early, &h); /* 200 of 5 ms, while the row is one byte wide */
  size_t narrow = sls_hist_bytes(&h);
  ck_assert_uint_eq(narrow, SLS_HIST_SUB + 8);
  for (int i = 200; i < 70000; i++)
    sls_hist_record(&h, 5000000);
  sls_hist_record(&h, 5020000);
  for (int i = 0; i < 300; i++)
    sls_hist_record(&h, 2000000000);
  ck_assert_uint_eq(sls_hist_count(&h, b5), 70000);
  ck_assert_uint_eq(sls_hist_count(&h, b5b), 1);
  ck_assert_uint_eq(sls_hist_count(&h, b2), 300);
  int span = b2 / SLS_HIST_SUB - b5 / SLS_HIST_SUB + 1; /* 5 ms .. 2 s: 2^22 .. 2^30 ns, 9 rows */
  ck_assert_int_eq(span, 9);
  ck_assert_uint_eq(sls_hist_bytes(&h), 4 * SLS_HIST_SUB + 2 * SLS_HIST_SUB + 8 * span);
  ck_assert_uint_eq(h.n, 70301);
  sls_hist_add_count(&h, b2, (UINT64_C(1) << 32) + 5);
  ck_assert_uint_eq(sls_hist_count(&h, b2), (UINT64_C(1) << 32) + 305);
  sls_hist_merge(&sum, &h);
  sls_hist_merge(&sum, &early);
  ck_assert_uint_eq(sls_hist_count(&sum, b5), 70200);
  ck_assert_uint_eq(sls_hist_count(&sum, b2), (UINT64_C(1) << 32) + 305);
  sls_hist_subtract(&h, &early);
  ck_assert_uint_eq(sls_hist_count(&h, b5), 69800);
  ck_assert_uint_eq(sls_hist_count(&h, b5b), 1);
  ck_assert_uint_eq(h.n, 70101);
  ck_assert_int_eq(sls_hist_next(&h, 0), b5);
  ck_assert_int_eq(sls_hist_next(&h, b5 + 1), b5b);
  ck_assert_int_eq(sls_hist_next(&h, b5b + 1), b2);
  ck_assert_int_eq(sls_hist_next(&h, b2 + 1), SLS_HIST_NBUCKETS);
  sls_hist_reset(&h);
  ck_assert_uint_eq(sls_hist_count(&h, b5), 0);
  ck_assert_int_eq(sls_hist_next(&h, 0), SLS_HIST_NBUCKETS);
  sls_hist_destroy(&h);
  sls_hist_destroy(&early);
  sls_hist_destroy(&sum);
}
END_TEST

/* The table grows down as well as up: 2 s first, then 5 ms, then 3 ns (row 0): each reads back,
 * in order, and the table spans rows 0 .. 22 (23 pointers). */
START_TEST(the_table_grows_both_ways) {
  sls_hist h;
  sls_hist_init(&h);
  int b2 = sls_hist_bucket(2000000000), b5 = sls_hist_bucket(5000000);
  sls_hist_record(&h, 2000000000);
  sls_hist_record(&h, 5000000);
  sls_hist_record(&h, 5000000);
  sls_hist_record(&h, 3);
  ck_assert_uint_eq(sls_hist_count(&h, 3), 1);
  ck_assert_uint_eq(sls_hist_count(&h, b5), 2);
  ck_assert_uint_eq(sls_hist_count(&h, b2), 1);
  ck_assert_int_eq(sls_hist_next(&h, 0), 3);
  ck_assert_int_eq(sls_hist_next(&h, 4), b5);
  ck_assert_int_eq(sls_hist_next(&h, b5 + 1), b2);
  ck_assert_int_eq(b2 / SLS_HIST_SUB, 22);
  ck_assert_uint_eq(sls_hist_bytes(&h), 3 * SLS_HIST_SUB / 4 + 8 * 23); /* three rows of 2-bit counts */
  ck_assert_double_eq(sls_hist_quantile(&h, 0.25), 3.0);
  sls_hist_destroy(&h);
}
END_TEST

/* sls_hist_next reads a row a word at a time: for each width of count (one value, then one bucket
 * raised to 4, 16, 256, 65,536 and 2^32 widens its row to 4 bits, 1, 2, 4 and 8 bytes), buckets with a count
 * at a row's ends, beside each other and at random places are visited exactly, from every start
 * in a row and random starts elsewhere, as a bucket-by-bucket scan of sls_hist_count finds them. */
START_TEST(next_visits_every_bucket_with_a_count) {
  const uint64_t widen[6] = {1, 4, 16, 256, 65536, UINT64_C(1) << 32};
  gsl_rng *r = sls_rng_alloc(17, "hist", "next");
  for (int w = 0; w < 6; w++) {
    sls_hist h;
    sls_hist_init(&h);
    int row = 20, base = row * SLS_HIST_SUB;
    int fixed[] = {0, 1, 15, 16, 17, 63, 64, 255, 256, SLS_HIST_SUB - 2, SLS_HIST_SUB - 1};
    for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++)
      sls_hist_add_count(&h, base + fixed[k], 1);
    sls_hist_add_count(&h, base + 100, widen[w]);
    for (int k = 0; k < 40; k++) /* in this row, the next two and one far above */
      sls_hist_add_count(&h, base + (int)gsl_rng_uniform_int(r, 3 * SLS_HIST_SUB),
                         1 + gsl_rng_uniform_int(r, 3));
    sls_hist_add_count(&h, 40 * SLS_HIST_SUB + 7, 2);
    int starts = SLS_HIST_SUB + 200;
    for (int k = 0; k < starts; k++) {
      int b = k < SLS_HIST_SUB ? base + k : (int)gsl_rng_uniform_int(r, SLS_HIST_NBUCKETS);
      int want = b;
      while (want < SLS_HIST_NBUCKETS && sls_hist_count(&h, want) == 0)
        want++;
      ck_assert_msg(sls_hist_next(&h, b) == want, "width %d: next from %d is %d, not %d", w, b,
                    sls_hist_next(&h, b), want);
    }
    sls_hist_destroy(&h);
  }
  sls_rng_free(r);
}
END_TEST

START_TEST(small_values_are_exact) {
  sls_hist h;
  sls_hist_init(&h);
  for (int v = 1; v <= 100; v++)
    sls_hist_record(&h, v);
  ck_assert_double_eq(sls_hist_quantile(&h, 0.5), 50.0);
  ck_assert_double_eq(sls_hist_quantile(&h, 0.01), 1.0);
  ck_assert_double_eq(sls_hist_quantile(&h, 0.99), 99.0);
  sls_hist_destroy(&h);
  sls_hist_init(&h);
  ck_assert_double_eq(sls_hist_quantile(&h, 0.5), 0.0); /* empty */
  sls_hist_destroy(&h);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("hist");
  TCase *tc = sls_tcase("core");
  tcase_add_test(tc, every_value_lies_in_its_bucket);
  tcase_add_test(tc, quantiles_within_a_tenth_of_a_percent_of_exact);
  tcase_add_test(tc, quantiles_take_the_nearest_rank);
  tcase_add_test(tc, long_latencies_are_not_clamped);
  tcase_add_test(tc, merge_equals_the_histogram_of_the_pooled_values);
  tcase_add_test(tc, small_values_are_exact);
  tcase_add_test(tc, next_visits_every_bucket_with_a_count);
  tcase_add_test(tc, the_table_grows_both_ways);
  tcase_add_test(tc, counts_widen_without_losing_any);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
