/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Arrival processes: the deterministic kinds exactly (schedule, batch), the random ones against
 * their intended rate — per-interval counts by a fixed-seed chi-square test (critical value at
 * 0.999), totals against the integral of the rate with replications.
 */
#include <gsl/gsl_cdf.h>

#include "model/arrival.h"
#include "testutil.h"

#define HEAD(dur, interval)                                                                                  \
  "duration_s = " dur "; sample_interval_s = " interval ";\n"                                                \
  "functions = ( { name = \"f\"; " RT_ZERO " duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"

/* requests column of the function's time series */
static double req(const sls_world *w, size_t row) {
  return w->functions[0].ts[row * SLS_TS_NCOLS + SLS_TS_REQUESTS];
}

START_TEST(schedule_and_batch_are_exact) {
  /* every 300 s from 10 s, 3 at once: firings at 10, 310, ..., 3310 s -> 12 x 3 = 36, in rows
   * 0, 3, 6, ... of a 100 s series; a jitter of 20 s keeps each firing in its row */
  for (int jit = 0; jit < 2; jit++) {
    char text[1024];
    snprintf(text, sizeof text,
             HEAD("3600.0",
                  "100.0") "sources = ( { name = \"cron\"; target = \"f\"; arrival = { kind = \"schedule\";"
                           " period_s = 300.0; count = 3; at_s = 10.0; jitter_s = %s; }; } );\n",
             jit ? "20.0" : "0.0");
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 3);
    ck_assert_uint_eq(w->sources[0].arrivals, 36);
    for (size_t k = 0; k < w->n_samples; k++)
      ck_assert_double_eq(req(w, k), k % 3 == 0 ? 3 : 0);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
  /* 100 evenly over 10 s: 10 in each of the first ten 1 s rows */
  sls_scenario sc;
  sls_world *w =
      run_text(HEAD("20.0", "1.0") "sources = ( { name = \"b\"; target = \"f\"; arrival = { kind = \"batch\";"
                                   " count = 100; window_s = 10.0; }; } );\n",
               &sc, 3);
  for (size_t k = 0; k < w->n_samples; k++)
    ck_assert_double_eq(req(w, k), k < 10 ? 10 : 0);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* Chi-square of the per-row counts of source 0 against the integral of its intended rate over
 * each row (midpoint rule on 1 s steps); returns the statistic and the number of rows. */
static double chi_square(const sls_world *w, int *rows) {
  const sls_source_spec *sp = w->sources[0].spec;
  double chi = 0;
  sls_time dt = w->sc->sample_interval;
  for (size_t k = 0; k < w->n_samples; k++) {
    double expect = 0;
    for (sls_time t = (sls_time)k * dt; t < (sls_time)(k + 1) * dt; t += SLS_NS_PER_S)
      expect += sls_arrival_rate(sp, t + SLS_NS_PER_S / 2);
    double o = req(w, k);
    chi += (o - expect) * (o - expect) / expect;
  }
  *rows = (int)w->n_samples;
  return chi;
}

START_TEST(counts_per_interval_follow_the_intended_rate) {
  const char *sources[] = {
      /* two days of a daily curve: peak 3/s at 14:00, trough 30 % */
      "{ name = \"d\"; target = \"f\"; arrival = { kind = \"diurnal\"; peak_rate_per_s = 3.0; baseline = "
      "0.3; peak_hour = 14.0; }; }",
      /* baseline 2/s plus 20/s for 5 min every 30 min */
      "{ name = \"s\"; target = \"f\"; arrival = { kind = \"spike\"; rate_per_s = 2.0; spike_rate_per_s = "
      "20.0;"
      " spike_width_min = 5.0; period_min = 30.0; }; }",
      /* a rate table */
      "{ name = \"p\"; target = \"f\"; arrival = { kind = \"piecewise\"; times_h = [0.0, 6.0, 12.0, 30.0];"
      " rates_per_s = [1.0, 4.0, 0.5, 2.0]; }; }",
  };
  const char *intervals[] = {"3600.0", "300.0", "3600.0"};
  for (int i = 0; i < 3; i++) {
    char text[2048];
    snprintf(text, sizeof text,
             "duration_h = 48.0; sample_interval_s = %s;\n"
             "functions = ( { name = \"f\"; " RT_ZERO
             " duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
             "sources = ( %s );\n",
             intervals[i], sources[i]);
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 100 + (uint64_t)i);
    int rows;
    double chi = chi_square(w, &rows);
    double crit = gsl_cdf_chisq_Pinv(0.999, rows - 1);
    ck_assert_msg(chi < crit, "source %d: chi-square %g over %d rows, critical %g", i, chi, rows, crit);
    ck_assert(chi > gsl_cdf_chisq_Pinv(0.001, rows - 1)); /* not suspiciously perfect either */
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

START_TEST(totals_match_the_integral_of_the_rate) {
  /* A week of the daily curve with weekends at 40 %: the integral of the rate is
   * peak x (b + (1-b)/2) x 86400 x (5 + 2 x 0.4) = 2 x 0.65 x 86400 x 5.8 = 651,456.
   * An MMPP with rates 1 and 9/s, left at 1/60 and 1/20 per s: stationary mean
   * (1 x 60 + 9 x 20) / 80 = 3/s, so 3 x 86400 = 259,200 in a day. */
  enum { R = 10 };
  double nd[R], nm[R];
  for (int r = 0; r < R; r++) {
    sls_scenario sc;
    sls_world *w = run_text(
        "duration_d = 7.0; sample_interval_s = 0.0;\n"
        "functions = ( { name = \"f\"; " RT_ZERO
        " duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
        "sources = ( { name = \"d\"; target = \"f\"; arrival = { kind = \"diurnal\"; peak_rate_per_s = 2.0;"
        " baseline = 0.3; weekend_factor = 0.4; }; } );\n",
        &sc, 200 + (uint64_t)r);
    nd[r] = (double)w->sources[0].arrivals;
    sls_world_free(w);
    sls_scenario_free(&sc);
    w = run_text(
        "duration_d = 1.0; sample_interval_s = 0.0;\n"
        "functions = ( { name = \"f\"; " RT_ZERO
        " duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
        "sources = ( { name = \"m\"; target = \"f\"; arrival = { kind = \"mmpp\"; rates_per_s = [1.0, 9.0];"
        " switch_per_s = [0.0166666667, 0.05]; }; } );\n",
        &sc, 300 + (uint64_t)r);
    nm[r] = (double)w->sources[0].arrivals;
    ck_assert_double_eq_tol(sls_arrival_rate(w->sources[0].spec, 0), 3.0, 1e-6);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
  double m, h;
  mean_ci(nd, R, 0.999, &m, &h);
  ck_assert_msg(fabs(m - 651456) <= h, "diurnal week: %g +- %g, expected 651456", m, h);
  ck_assert(h < 0.01 * 651456);
  mean_ci(nm, R, 0.999, &m, &h);
  ck_assert_msg(fabs(m - 259200) <= h, "mmpp day: %g +- %g, expected 259200", m, h);
  ck_assert(h < 0.05 * 259200);
}
END_TEST

START_TEST(piecewise_rates_from_a_csv_file) {
  /* the same table inline and from a file give the same arrivals (same stream, same rates) */
  char csvp[] = "/tmp/slsim-rates-XXXXXX";
  int fd = mkstemp(csvp);
  ck_assert_int_ge(fd, 0);
  const char *table = "t_s,rate_per_s\n0,1.5\n600,4\n1200,0.25\n";
  ck_assert_int_eq(write(fd, table, strlen(table)), (ssize_t)strlen(table));
  close(fd);
  char text[2048];
  snprintf(
      text, sizeof text,
      HEAD("1800.0", "0.0") "sources = ( { name = \"p\"; target = \"f\"; arrival = { kind = \"piecewise\";"
                            " rates_file = \"%s\"; }; } );\n",
      csvp);
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 8);
  ck_assert_int_eq(sc.sources[0].n_pieces, 3);
  uint64_t from_file = w->sources[0].arrivals;
  sls_world_free(w);
  sls_scenario_free(&sc);
  w = run_text(
      HEAD("1800.0", "0.0") "sources = ( { name = \"p\"; target = \"f\"; arrival = { kind = \"piecewise\";"
                            " times_s = [0.0, 600.0, 1200.0]; rates_per_s = [1.5, 4.0, 0.25]; }; } );\n",
      &sc, 8);
  ck_assert_uint_eq(w->sources[0].arrivals, from_file);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* a bad line: file and line */
  FILE *fp = fopen(csvp, "w");
  fputs("t_s,rate_per_s\n0,1\n10,lots\n", fp);
  fclose(fp);
  char err[SLS_ERRLEN] = "";
  ck_assert_int_eq(load_text(text, &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, ":3: column rate_per_s: expected a non-negative number, got 'lots'") != NULL,
                "%s", err);
  unlink(csvp);
}
END_TEST

START_TEST(bad_arrivals_are_rejected) {
  struct {
    const char *arrival, *expect;
  } cases[] = {
      {"{ kind = \"diurnal\"; baseline = 0.5; }", "peak_rate: missing"},
      {"{ kind = \"diurnal\"; peak_rate_per_s = 1.0; baseline = 1.5; }",
       "baseline: expected a value in 0..1"},
      {"{ kind = \"spike\"; rate_per_s = 1.0; spike_rate_per_s = 5.0; spike_width_s = 60.0; period_s = 30.0; "
       "}",
       "spike_width <= period"},
      {"{ kind = \"schedule\"; count = 2; }", "period: missing"},
      {"{ kind = \"mmpp\"; rates_per_s = [1.0, 2.0]; switch_per_s = [0.1]; }",
       "as many switch rates as states"},
      {"{ kind = \"mmpp\"; rates_per_s = [1.0]; switch_per_s = [0.0]; }", "switch rates > 0"},
      {"{ kind = \"hawkes\"; }", "expected one of \"poisson\""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[1024], err[SLS_ERRLEN] = "";
    snprintf(text, sizeof text,
             HEAD("10.0", "0.0") "sources = ( { name = \"s\"; target = \"f\"; arrival = %s; } );\n",
             cases[i].arrival);
    sls_scenario sc;
    ck_assert_msg(load_text(text, &sc, err) == SLS_EINPUT, "case %zu loaded", i);
    ck_assert_msg(strstr(err, cases[i].expect) != NULL, "case %zu: %s", i, err);
    ck_assert_msg(strstr(err, ":3: sources.s.arrival") != NULL, "case %zu: no file:line:key: %s", i, err);
  }
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("arrival");
  TCase *tc = sls_tcase("core");
  tcase_add_test(tc, schedule_and_batch_are_exact);
  tcase_add_test(tc, counts_per_interval_follow_the_intended_rate);
  tcase_add_test(tc, totals_match_the_integral_of_the_rate);
  tcase_add_test(tc, piecewise_rates_from_a_csv_file);
  tcase_add_test(tc, bad_arrivals_are_rejected);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
