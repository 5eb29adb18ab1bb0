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
  sls_rng_free(r);
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

/* The fast samplers (engine/rng.c: the Marsaglia-Tsang ziggurat exponential, GSL's ziggurat
 * normal) against GSL's CDFs, which are computed independently of any sampler: 10^6 draws, a
 * Kolmogorov-Smirnov distance below its 1e-4 point (2.225 / sqrt(N)), and a chi-square over
 * 1,000 equiprobable bins (bounds from GSL's inverse CDF) below its 1e-4 point, which sees a
 * defect confined to one layer of the ziggurat that the KS distance would average away. */
static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
static void fits_cdf(const char *what, double (*draw)(const gsl_rng *), double (*cdf)(double, double),
                     double (*inv)(double, double), double par) {
  enum { N = 1000000, BINS = 1000 };
  double *x = malloc(N * sizeof *x);
  gsl_rng *r = sls_rng_alloc(23, what, "samples");
  for (int i = 0; i < N; i++)
    x[i] = draw(r);
  qsort(x, N, sizeof *x, cmp_double);
  double d = 0;
  for (int i = 0; i < N; i++) {
    double f = cdf(x[i], par);
    d = fmax(d, fmax(fabs(f - (double)i / N), fabs(f - (double)(i + 1) / N)));
  }
  ck_assert_msg(d < 2.225 / sqrt(N), "%s: Kolmogorov-Smirnov distance %g, 1e-4 point %g", what, d,
                2.225 / sqrt(N));
  double chi = 0;
  int at = 0;
  for (int b = 0; b < BINS; b++) {
    double hi = b == BINS - 1 ? INFINITY : inv((double)(b + 1) / BINS, par);
    int n = 0;
    while (at < N && x[at] < hi)
      at++, n++;
    chi += (n - (double)N / BINS) * (n - (double)N / BINS) / ((double)N / BINS);
  }
  ck_assert_int_eq(at, N);
  ck_assert_msg(chi < gsl_cdf_chisq_Pinv(1 - 1e-4, BINS - 1), "%s: chi-square %g over %d bins", what, chi,
                BINS);
  sls_rng_free(r);
  free(x);
}
static double exp_p(double x, double mu) { return gsl_cdf_exponential_P(x, mu); }
static double exp_pinv(double p, double mu) { return gsl_cdf_exponential_Pinv(p, mu); }
static double norm_p(double x, double sd) { return gsl_cdf_gaussian_P(x, sd); }
static double norm_pinv(double p, double sd) { return gsl_cdf_gaussian_Pinv(p, sd); }

/* Each law as the model parameterises it (sls_dist: the loader's a and b), drawn through
 * sls_dist_sample, against GSL's CDF with the parameters written the textbook way here: a swapped
 * or misread parameter moves the KS distance far past its 1e-4 point. */
static const sls_dist *law_under_test;
static double law_draw(const gsl_rng *r) { return sls_dist_sample(law_under_test, r) / 1e9; } /* s */
/* The law under test's CDF (inverse = 0) or inverse CDF (1), in seconds, parameters written
 * out: median 150 ms and sigma 0.6; shape 2.5, scale 40 ms; shape 1.7, scale 90 ms; tail index
 * 3.5 from 20 ms. */
static double law_cdf(double x, int inverse) {
  switch (law_under_test->kind) {
  case SLS_DIST_LOGNORMAL:
    return inverse ? gsl_cdf_lognormal_Pinv(x, log(0.15), 0.6) : gsl_cdf_lognormal_P(x, log(0.15), 0.6);
  case SLS_DIST_GAMMA: return inverse ? gsl_cdf_gamma_Pinv(x, 2.5, 0.04) : gsl_cdf_gamma_P(x, 2.5, 0.04);
  case SLS_DIST_WEIBULL:
    return inverse ? gsl_cdf_weibull_Pinv(x, 0.09, 1.7) : gsl_cdf_weibull_P(x, 0.09, 1.7);
  default: return inverse ? gsl_cdf_pareto_Pinv(x, 3.5, 0.02) : gsl_cdf_pareto_P(x, 3.5, 0.02);
  }
}
static double law_p(double x, double unused) { return law_cdf(x, 0); }
static double law_pinv(double p, double unused) { return law_cdf(p, 1); }

START_TEST(every_law_has_its_textbook_cdf) {
  const struct {
    const char *what;
    int kind;
    double a, b; /* as the loader sets them: ns for times */
  } laws[] = {{"lognormal", SLS_DIST_LOGNORMAL, log(150e6), 0.6},
              {"gamma", SLS_DIST_GAMMA, 2.5, 40e6},
              {"weibull", SLS_DIST_WEIBULL, 1.7, 90e6},
              {"pareto", SLS_DIST_PARETO, 3.5, 20e6}};
  for (size_t k = 0; k < sizeof laws / sizeof laws[0]; k++) {
    sls_dist d = {0};
    d.kind = laws[k].kind;
    d.a = laws[k].a;
    d.b = laws[k].b;
    law_under_test = &d;
    fits_cdf(laws[k].what, law_draw, law_p, law_pinv, 0);
  }
}
END_TEST

START_TEST(fast_samplers_follow_their_laws) {
  fits_cdf("exponential", sls_ran_exp1, exp_p, exp_pinv, 1.0);
  fits_cdf("normal", sls_ran_normal1, norm_p, norm_pinv, 1.0);
  /* The ziggurat's tail beyond r = 7.697 (its base strip's overflow, drawn apart): it has the
   * exponential's mass e^-7.697 = 4.54e-4 and, memoryless, its excess over r is Exp(1).  Drawing
   * until 20,000 fall beyond r: the number of draws that takes is 20,000 / p +- 0.7 % (negative
   * binomial, sd sqrt(20,000 (1 - p)) / p); the excesses' mean is 1 +- 0.0071 and their KS
   * distance from Exp(1) below its 1e-4 point; 5 sd for the first two. */
  enum { TAIL = 20000 };
  gsl_rng *r = sls_rng_alloc(29, "exponential", "tail");
  const double zr = 7.69711747013104972, p = exp(-zr);
  double *ex = malloc(TAIL * sizeof *ex), draws = 0, mean = 0;
  for (int n = 0; n < TAIL; draws++) {
    double x = sls_ran_exp1(r);
    if (x > zr) mean += (ex[n++] = x - zr) / TAIL;
  }
  ck_assert_msg(fabs(draws - TAIL / p) < 5 * sqrt(TAIL * (1 - p)) / p,
                "%g draws for %d beyond r, %g expected", draws, TAIL, TAIL / p);
  ck_assert_msg(fabs(mean - 1) < 5 / sqrt(TAIL), "mean excess beyond r %g", mean);
  qsort(ex, TAIL, sizeof *ex, cmp_double);
  double d = 0;
  for (int i = 0; i < TAIL; i++) {
    double f = 1 - exp(-ex[i]);
    d = fmax(d, fmax(fabs(f - (double)i / TAIL), fabs(f - (double)(i + 1) / TAIL)));
  }
  ck_assert_msg(d < 2.225 / sqrt(TAIL), "excess beyond r: KS distance %g", d);
  free(ex);
  sls_rng_free(r);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("dist");
  TCase *tc = sls_tcase("core");
  tcase_add_test(tc, sample_means_match_the_analytical_means);
  tcase_add_test(tc, empirical_interpolates_its_table);
  tcase_add_test(tc, fast_samplers_follow_their_laws);
  tcase_add_test(tc, every_law_has_its_textbook_cdf);
  tcase_add_test(tc, lognormal_from_p50_and_p99_has_those_percentiles);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
