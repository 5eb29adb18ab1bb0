/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Distributions: sample means and medians against the analytical values (fixed seeds; the
 * tolerance is 4 standard errors, so a correct sampler fails with probability < 1e-4 and a
 * wrong parameterisation fails for certain); fits through percentiles. */
#include "engine/rng.h"
#include "model/dist.h"
#include "testutil.h"

static void check_moments(const sls_dist *d, const char *what) {
  enum { N = 200000 };
  gsl_rng *r = sls_rng_alloc(17, what, "samples");
  double sum = 0, sum2 = 0, med = sls_dist_quantile(d, 0.5);
  int below = 0;
  for (int i = 0; i < N; i++) {
    double x = sls_dist_sample(d, r);
    ck_assert(x >= 0);
    sum += x;
    sum2 += x * x;
    below += x <= med;
  }
  double mean = sum / N, sd = sqrt(sum2 / N - mean * mean);
  double mu = sls_dist_mean(d);
  ck_assert_msg(fabs(mean - mu) <= 4 * sd / sqrt(N) + 1e-9 * mu, "%s: sample mean %g, analytical %g", what,
                mean, mu);
  ck_assert_msg(fabs((double)below / N - 0.5) <= 4 * 0.5 / sqrt(N) + 1e-12 || d->kind == SLS_DIST_CONSTANT,
                "%s: P(X <= median) = %g", what, (double)below / N);
  gsl_rng_free(r);
}

START_TEST(sample_means_match_the_analytical_means) {
  sls_dist d = {0};
  d.kind = SLS_DIST_EXPONENTIAL;
  d.a = 150e6;
  check_moments(&d, "exponential");
  d.kind = SLS_DIST_UNIFORM;
  d.a = 5 * 60e9;
  d.b = 7 * 60e9;
  check_moments(&d, "uniform");
  d.kind = SLS_DIST_LOGNORMAL;
  d.a = log(150e6);
  d.b = 0.6;
  check_moments(&d, "lognormal");
  d.kind = SLS_DIST_GAMMA;
  d.a = 2.5;
  d.b = 40e6;
  check_moments(&d, "gamma");
  d.kind = SLS_DIST_WEIBULL;
  d.a = 1.7;
  d.b = 90e6;
  check_moments(&d, "weibull");
  d.kind = SLS_DIST_PARETO;
  d.a = 3.5;
  d.b = 20e6;
  check_moments(&d, "pareto");
  const double p[] = {0, 0.5, 0.9, 1}, v[] = {10e6, 20e6, 60e6, 100e6};
  sls_dist e;
  sls_dist_empirical(&e, 4, p, v);
  check_moments(&e, "empirical");
  /* mean of the piecewise-linear inverse CDF: 0.5*15 + 0.4*40 + 0.1*80 ms = 31.5 ms */
  ck_assert_double_eq_tol(sls_dist_mean(&e), 31.5e6, 1);
  sls_dist_destroy(&e);
}
END_TEST

START_TEST(empirical_interpolates_its_table) {
  const double p[] = {0, 0.5, 0.99, 1}, v[] = {100, 200, 400, 1000};
  sls_dist e;
  sls_dist_empirical(&e, 4, p, v);
  ck_assert_double_eq_tol(sls_dist_quantile(&e, 0.25), 150, 1e-9);
  ck_assert_double_eq_tol(sls_dist_quantile(&e, 0.5), 200, 1e-9);
  ck_assert_double_eq_tol(sls_dist_quantile(&e, 0.99), 400, 1e-9);
  ck_assert_double_eq_tol(sls_dist_quantile(&e, 0.995), 700, 1e-9);
  sls_dist_destroy(&e);
}
END_TEST

START_TEST(lognormal_from_p50_and_p99_has_those_percentiles) {
  sls_scenario sc;
  char err[SLS_ERRLEN];
  int rc = load_text("duration_s = 1.0; platform = \"aws-lambda\";\n"
                     "functions = ( { name = \"f\"; duration = { dist = \"lognormal\"; p50_ms = 150.0; "
                     "p99_ms = 600.0; }; } );\n"
                     "sources = ();\n",
                     &sc, err);
  ck_assert_msg(rc == 0, "%s", err);
  const sls_dist *d = &sc.functions[0].duration;
  ck_assert_double_eq_tol(sls_dist_quantile(d, 0.5), 150e6, 1);
  ck_assert_double_eq_tol(sls_dist_quantile(d, 0.99), 600e6, 1);
  sls_scenario_free(&sc);
  /* Shahrad et al. (ATC'20): mean execution time ~ lognormal(mu = -0.38, sigma = 2.36) in s:
   * median e^-0.38 s = 683.9 ms */
  rc = load_text("duration_s = 1.0;\n"
                 "functions = ( { name = \"f\"; duration = { dist = \"lognormal\"; mu = -0.38; sigma = 2.36; "
                 "unit = \"s\"; }; } );\n"
                 "sources = ();\n",
                 &sc, err);
  ck_assert_msg(rc == 0, "%s", err);
  ck_assert_double_eq_tol(sls_dist_quantile(&sc.functions[0].duration, 0.5), exp(-0.38) * 1e9, 1);
  ck_assert_double_eq_tol(sc.functions[0].duration.b, 2.36, 1e-12);
  sls_scenario_free(&sc);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("dist");
  TCase *tc = sls_tcase("core");
  tcase_add_test(tc, sample_means_match_the_analytical_means);
  tcase_add_test(tc, empirical_interpolates_its_table);
  tcase_add_test(tc, lognormal_from_p50_and_p99_has_those_percentiles);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
