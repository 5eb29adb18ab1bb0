/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Arrival processes: the deterministic kinds exactly (schedule, batch), the random ones against
 * their intended rate — per-interval counts by a chi-square test against closed-form integrals of
 * the documented shapes (critical values at 1e-4 either side), totals against the integral of
 * the rate with replications.
 */
#include <gsl/gsl_cdf.h>

#include "model/arrival.h"
#include "testutil.h"

#define HEAD(dur, interval)                                                                                  \
  "duration_s = " dur "; sample_interval_s = " interval ";\n"                                                \
  "functions = ( { name = \"f\"; " RT_ZERO " duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"

/* requests column of the function's time series */
static double req(const sls_world *w, size_t row) {
  return sls_series_get(w->functions[0].ts, row)[SLS_TS_REQUESTS];
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

/* The expected counts below are integrals of each source's rate over a row, worked out here in
 * closed form from the shapes the scenario reference states (not from the model's own rate
 * function, which would let a wrong shape or phase agree with itself). */
#define PI 3.14159265358979323846

/* Diurnal: rate(h) = P (b + (1 - b) (1 + cos(2 pi (h - h0) / 24)) / 2) with h the hour of the
 * day, times the weekend factor on days 5 and 6 (day 0 a Monday).  Its integral over the hour
 * [k, k + 1) in requests: 3600 P (b + (1 - b) / 2) + 3600 P (1 - b) / 2 x 24 / (2 pi) x
 * (sin(2 pi (k + 1 - h0) / 24) - sin(2 pi (k - h0) / 24)). */
static double diurnal_hour(double P, double b, double h0, double weekend, int k) {
  double osc = 24 / (2 * PI) * (sin(2 * PI * (k % 24 + 1 - h0) / 24) - sin(2 * PI * (k % 24 - h0) / 24));
  double n = 3600 * P * (b + (1 - b) / 2) + 3600 * P * (1 - b) / 2 * osc;
  int day = k / 24;
  return day % 7 >= 5 ? n * weekend : n;
}

/* Spike: base r everywhere, plus s during [at + j T, at + j T + W) for j >= 0: the row [a, a + dt)
 * gets r dt + s x (its overlap with the spikes). */
static double spike_row(double r, double s, double at, double W, double T, double a, double dt) {
  double over = 0;
  for (double start = at; start < a + dt; start += T)
    over += fmax(0, fmin(a + dt, start + W) - fmax(a, start));
  return r * dt + s * over;
}

/* Chi-square of the per-row counts of the source against expect[]. */
static double chi_square(const sls_world *w, const double *expect) {
  double chi = 0;
  for (size_t k = 0; k < w->n_samples; k++) {
    double o = req(w, k);
    chi += (o - expect[k]) * (o - expect[k]) / expect[k];
  }
  return chi;
}

START_TEST(counts_per_interval_follow_the_intended_rate) {
  /* Each source's rows are Poisson counts with the expected values below, so the statistic is
   * chi-square with (rows) degrees of freedom (the expectations are not fitted); a false
   * failure has probability 2 x 1e-4 per source (beyond either 1e-4 point). */
  const char *sources[] = {
      /* two days of the daily curve with the reference's default peak hour, 14:00 */
      "{ name = \"d\"; target = \"f\"; arrival = { kind = \"diurnal\"; peak_rate_per_s = 3.0; baseline = "
      "0.3; }; }",
      /* a week, peak at 09:30, trough 20 %, weekends at 40 % */
      "{ name = \"w\"; target = \"f\"; arrival = { kind = \"diurnal\"; peak_rate_per_s = 2.0; baseline = "
      "0.2; peak_hour = 9.5; weekend_factor = 0.4; }; }",
      /* baseline 2/s plus 20/s for 5 min every 30 min from 120 s (each spike straddles two rows) */
      "{ name = \"s\"; target = \"f\"; arrival = { kind = \"spike\"; rate_per_s = 2.0; spike_rate_per_s = "
      "20.0; spike_width_min = 5.0; period_min = 30.0; at_s = 120.0; }; }",
      /* a rate table */
      "{ name = \"p\"; target = \"f\"; arrival = { kind = \"piecewise\"; times_h = [0.0, 6.0, 12.0, 30.0];"
      " rates_per_s = [1.0, 4.0, 0.5, 2.0]; }; }",
  };
  const char *spans[] = {"48.0", "168.0", "48.0", "48.0"};
  const double interval[] = {3600, 3600, 300, 3600};
  for (int i = 0; i < 4; i++) {
    char text[2048];
    snprintf(text, sizeof text,
             "duration_h = %s; sample_interval_s = %g;\n"
             "functions = ( { name = \"f\"; " RT_ZERO
             " duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
             "sources = ( %s );\n",
             spans[i], interval[i], sources[i]);
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 100 + (uint64_t)i);
    int rows = (int)w->n_samples;
    ck_assert_int_eq(rows, (int)(atof(spans[i]) * 3600 / interval[i]));
    double *expect = calloc((size_t)rows, sizeof *expect);
    for (int k = 0; k < rows; k++) {
      double a = k * interval[i];
      if (i == 0)
        expect[k] = diurnal_hour(3.0, 0.3, 14.0, 1.0, k);
      else if (i == 1)
        expect[k] = diurnal_hour(2.0, 0.2, 9.5, 0.4, k);
      else if (i == 2)
        expect[k] = spike_row(2.0, 20.0, 120, 300, 1800, a, interval[i]);
      else
        expect[k] = 3600 * (k < 6 ? 1.0 : k < 12 ? 4.0 : k < 30 ? 0.5 : 2.0);
    }
    double chi = chi_square(w, expect);
    ck_assert_msg(chi < gsl_cdf_chisq_Pinv(1 - 1e-4, rows),
                  "source %d: chi-square %g over %d rows, critical %g", i, chi, rows,
                  gsl_cdf_chisq_Pinv(1 - 1e-4, rows));
    ck_assert(chi > gsl_cdf_chisq_Pinv(1e-4, rows)); /* not suspiciously perfect either */
    /* and the phase, directly: the first harmonic of the hourly counts, sum n_k e^(i theta_k)
     * with theta_k the angle of row k's middle, points at the peak hour (a row's integral is
     * symmetric about its middle).  Its noise: sd ~ sqrt(rows x n / 2) against a signal of
     * rows x 3600 P (1 - b) / 2: about 1 minute here, so 15 minutes is > 10 sd. */
    if (i <= 1) {
      double c = 0, sn = 0;
      for (int k = 0; k < rows; k++) {
        c += req(w, k) * cos(2 * PI * (k % 24 + 0.5) / 24);
        sn += req(w, k) * sin(2 * PI * (k % 24 + 0.5) / 24);
      }
      double peak = fmod(atan2(sn, c) * 24 / (2 * PI) + 24, 24), want = i == 0 ? 14.0 : 9.5;
      ck_assert_msg(fabs(peak - want) < 0.25, "source %d: peak at %.3f h, %.1f h expected", i, peak, want);
    }
    free(expect);
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
