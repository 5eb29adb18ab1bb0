#include "model/dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/util.h"

const char *const sls_dist_names[SLS_DIST_NKINDS] = {
    "constant", "exponential", "uniform", "lognormal", "gamma", "weibull", "pareto", "empirical"};

void sls_dist_constant(sls_dist *d, double value_ns) {
  memset(d, 0, sizeof *d);
  d->kind = SLS_DIST_CONSTANT;
  d->a = value_ns;
}

void sls_dist_empirical(sls_dist *d, int n, const double *p, const double *v_ns) {
  memset(d, 0, sizeof *d);
  d->kind = SLS_DIST_EMPIRICAL;
  d->n = n;
  d->p = sls_xmalloc((size_t)n * sizeof *d->p);
  d->v = sls_xmalloc((size_t)n * sizeof *d->v);
  memcpy(d->p, p, (size_t)n * sizeof *d->p);
  memcpy(d->v, v_ns, (size_t)n * sizeof *d->v);
}

void sls_dist_copy(sls_dist *dst, const sls_dist *src) {
  if (src->kind == SLS_DIST_EMPIRICAL) {
    sls_dist_empirical(dst, src->n, src->p, src->v);
  } else {
    *dst = *src;
    dst->p = dst->v = NULL;
  }
}

void sls_dist_destroy(sls_dist *d) {
  free(d->p);
  free(d->v);
  d->p = d->v = NULL;
  d->n = 0;
}

/* Inverse CDF of the empirical table: linear between points, flat outside them. */
static double empirical_inv(const sls_dist *d, double u) {
  if (u <= d->p[0]) return d->v[0];
  for (int i = 1; i < d->n; i++) {
    if (u <= d->p[i]) {
      double span = d->p[i] - d->p[i - 1];
      double f = span > 0 ? (u - d->p[i - 1]) / span : 1.0;
      return d->v[i - 1] + f * (d->v[i] - d->v[i - 1]);
    }
  }
  return d->v[d->n - 1];
}

double sls_dist_sample(const sls_dist *d, const gsl_rng *r) {
  double x;
  switch (d->kind) {
  case SLS_DIST_CONSTANT: return d->a;
  case SLS_DIST_EXPONENTIAL: x = gsl_ran_exponential(r, d->a); break;
  case SLS_DIST_UNIFORM: x = d->a + (d->b - d->a) * gsl_rng_uniform(r); break;
  case SLS_DIST_LOGNORMAL: x = gsl_ran_lognormal(r, d->a, d->b); break;
  case SLS_DIST_GAMMA: x = gsl_ran_gamma(r, d->a, d->b); break;
  case SLS_DIST_WEIBULL: x = gsl_ran_weibull(r, d->b, d->a); break;
  case SLS_DIST_PARETO: x = gsl_ran_pareto(r, d->a, d->b); break;
  case SLS_DIST_EMPIRICAL: x = empirical_inv(d, gsl_rng_uniform(r)); break;
  default: SLS_ASSERT(0 && "unknown distribution");
  }
  return x > 0 ? x : 0;
}

double sls_dist_mean(const sls_dist *d) {
  switch (d->kind) {
  case SLS_DIST_CONSTANT: return d->a;
  case SLS_DIST_EXPONENTIAL: return d->a;
  case SLS_DIST_UNIFORM: return (d->a + d->b) / 2;
  case SLS_DIST_LOGNORMAL: return exp(d->a + d->b * d->b / 2);
  case SLS_DIST_GAMMA: return d->a * d->b;
  case SLS_DIST_WEIBULL: return d->b * gsl_sf_gamma(1 + 1 / d->a);
  case SLS_DIST_PARETO: return d->a > 1 ? d->a * d->b / (d->a - 1) : INFINITY;
  case SLS_DIST_EMPIRICAL: {
    /* Mean of the piecewise-linear inverse CDF, with the flat tails. */
    double m = d->p[0] * d->v[0] + (1 - d->p[d->n - 1]) * d->v[d->n - 1];
    for (int i = 1; i < d->n; i++) m += (d->p[i] - d->p[i - 1]) * (d->v[i] + d->v[i - 1]) / 2;
    return m;
  }
  default: return NAN;
  }
}

double sls_dist_quantile(const sls_dist *d, double q) {
  switch (d->kind) {
  case SLS_DIST_CONSTANT: return d->a;
  case SLS_DIST_EXPONENTIAL: return gsl_cdf_exponential_Pinv(q, d->a);
  case SLS_DIST_UNIFORM: return d->a + q * (d->b - d->a);
  case SLS_DIST_LOGNORMAL: return gsl_cdf_lognormal_Pinv(q, d->a, d->b);
  case SLS_DIST_GAMMA: return gsl_cdf_gamma_Pinv(q, d->a, d->b);
  case SLS_DIST_WEIBULL: return gsl_cdf_weibull_Pinv(q, d->b, d->a);
  case SLS_DIST_PARETO: return gsl_cdf_pareto_Pinv(q, d->a, d->b);
  case SLS_DIST_EMPIRICAL: return empirical_inv(d, q);
  default: return NAN;
  }
}

void sls_dist_format(const sls_dist *d, char *buf, size_t len) {
  const double ms = 1e6;
  switch (d->kind) {
  case SLS_DIST_CONSTANT: snprintf(buf, len, "{ dist = \"constant\"; value_ms = %g; }", d->a / ms); break;
  case SLS_DIST_EXPONENTIAL: snprintf(buf, len, "{ dist = \"exponential\"; mean_ms = %g; }", d->a / ms); break;
  case SLS_DIST_UNIFORM:
    snprintf(buf, len, "{ dist = \"uniform\"; min_ms = %g; max_ms = %g; }", d->a / ms, d->b / ms);
    break;
  case SLS_DIST_LOGNORMAL:
    snprintf(buf, len, "{ dist = \"lognormal\"; p50_ms = %g; sigma = %g; }  # mean %g ms",
             exp(d->a) / ms, d->b, sls_dist_mean(d) / ms);
    break;
  case SLS_DIST_GAMMA:
    snprintf(buf, len, "{ dist = \"gamma\"; shape = %g; scale_ms = %g; }", d->a, d->b / ms);
    break;
  case SLS_DIST_WEIBULL:
    snprintf(buf, len, "{ dist = \"weibull\"; shape = %g; scale_ms = %g; }", d->a, d->b / ms);
    break;
  case SLS_DIST_PARETO:
    snprintf(buf, len, "{ dist = \"pareto\"; alpha = %g; min_ms = %g; }", d->a, d->b / ms);
    break;
  case SLS_DIST_EMPIRICAL:
    snprintf(buf, len, "{ dist = \"empirical\"; /* %d points, p50 %g ms */ }", d->n,
             empirical_inv(d, 0.5) / ms);
    break;
  default: snprintf(buf, len, "?");
  }
}
