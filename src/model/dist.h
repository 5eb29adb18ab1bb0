/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dist — the probability distributions a scenario can give for a duration (execution time,
 * init time, keep-alive, lifetime, latency).  Values are in nanoseconds (double).
 *
 *   constant     value
 *   exponential  mean
 *   uniform      min, max
 *   lognormal    mu, sigma of ln(ns)  (the loader also accepts p50 with sigma or p99)
 *   gamma        shape k, scale theta
 *   weibull      shape k, scale lambda
 *   pareto       shape alpha, scale x_m (minimum)
 *   empirical    a percentile table; sampled by linear interpolation of the inverse CDF
 *
 * Sampling never allocates.  The struct owns the empirical table (sls_dist_destroy).
 */
#ifndef SLS_DIST_H
#define SLS_DIST_H

#include <gsl/gsl_rng.h>
#include <stdio.h>

typedef enum {
  SLS_DIST_CONSTANT,
  SLS_DIST_EXPONENTIAL,
  SLS_DIST_UNIFORM,
  SLS_DIST_LOGNORMAL,
  SLS_DIST_GAMMA,
  SLS_DIST_WEIBULL,
  SLS_DIST_PARETO,
  SLS_DIST_EMPIRICAL,
  SLS_DIST_NKINDS
} sls_dist_kind;

typedef struct sls_dist {
  sls_dist_kind kind;
  double a;  /* constant: value; exponential: mean; uniform: min; lognormal: mu (ln ns);
                gamma, weibull: shape; pareto: alpha */
  double b;  /* uniform: max; lognormal: sigma; gamma, weibull: scale (ns); pareto: x_m (ns) */
  int n;     /* empirical: number of points */
  double *p; /* empirical: cumulative probabilities in [0, 1], increasing (owned) */
  double *v; /* empirical: values (ns), non-decreasing (owned) */
} sls_dist;

extern const char *const sls_dist_names[SLS_DIST_NKINDS];

/* z of the standard normal at 0.99, used to fit a lognormal through p50 and p99. */
#define SLS_Z99 2.3263478740408408

void sls_dist_constant(sls_dist *d, double value_ns);
/* Copies an empirical table (probabilities in [0,1]). */
void sls_dist_empirical(sls_dist *d, int n, const double *p, const double *v_ns);
void sls_dist_copy(sls_dist *dst, const sls_dist *src);
void sls_dist_destroy(sls_dist *d);
/* One sample (ns, >= 0). */
double sls_dist_sample(const sls_dist *d, const gsl_rng *r);
/* The distribution's mean (ns); infinite for pareto with alpha <= 1. */
double sls_dist_mean(const sls_dist *d);
/* The q-quantile (ns). */
double sls_dist_quantile(const sls_dist *d, double q);
/* Prints d as a libconfig group (times in ms, full precision) that the scenario loader
 * reads back to the same distribution; no trailing semicolon. */
void sls_dist_fprint(FILE *out, const sls_dist *d);
/* Prints x with full precision, always in libconfig's float syntax (3 -> 3.0). */
void sls_fprint_real(FILE *out, double x);

#endif
