/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/rng.h"
#include "engine/util.h"

const char *const sls_dist_names[SLS_DIST_NKINDS] = {"constant", "exponential", "uniform", "lognormal",
                                                     "gamma",    "weibull",     "pareto",  "empirical"};

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
  case SLS_DIST_EXPONENTIAL: x = d->a * sls_ran_exp1(r); break;
  case SLS_DIST_UNIFORM: x = d->a + (d->b - d->a) * gsl_rng_uniform(r); break;
  case SLS_DIST_LOGNORMAL: x = exp(d->a + d->b * sls_ran_normal1(r)); break;
  case SLS_DIST_GAMMA: x = gsl_ran_gamma(r, d->a, d->b); break;
  case SLS_DIST_WEIBULL: x = gsl_ran_weibull(r, d->b, d->a); break;
  case SLS_DIST_PARETO: x = gsl_ran_pareto(r, d->a, d->b); break;
  case SLS_DIST_EMPIRICAL: x = empirical_inv(d, gsl_rng_uniform(r)); break;
  default: sls_panic(__FILE__, __LINE__, "unknown distribution");
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
    for (int i = 1; i < d->n; i++)
      m += (d->p[i] - d->p[i - 1]) * (d->v[i] + d->v[i - 1]) / 2;
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

void sls_fprint_real(FILE *out, double x) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.17g", x);
  /* libconfig reads 3 as an integer; a float must show a point or an exponent */
  fprintf(out, "%s%s", buf, strpbrk(buf, ".eni") ? "" : ".0");
}

static void field(FILE *out, const char *key, double x) {
  fprintf(out, " %s = ", key);
  sls_fprint_real(out, x);
  fputc(';', out);
}

void sls_dist_fprint(FILE *out, const sls_dist *d) {
  const double ms = 1e6;
  fprintf(out, "{ dist = \"%s\";", sls_dist_names[d->kind]);
  switch (d->kind) {
  case SLS_DIST_CONSTANT: field(out, "value_ms", d->a / ms); break;
  case SLS_DIST_EXPONENTIAL: field(out, "mean_ms", d->a / ms); break;
  case SLS_DIST_UNIFORM:
    field(out, "min_ms", d->a / ms);
    field(out, "max_ms", d->b / ms);
    break;
  case SLS_DIST_LOGNORMAL:
    field(out, "p50_ms", exp(d->a) / ms);
    field(out, "sigma", d->b);
    break;
  case SLS_DIST_GAMMA:
  case SLS_DIST_WEIBULL:
    field(out, "shape", d->a);
    field(out, "scale_ms", d->b / ms);
    break;
  case SLS_DIST_PARETO:
    field(out, "alpha", d->a);
    field(out, "min_ms", d->b / ms);
    break;
  case SLS_DIST_EMPIRICAL:
    fprintf(out, " percentiles = [");
    for (int i = 0; i < d->n; i++) {
      fprintf(out, "%s", i ? ", " : "");
      sls_fprint_real(out, d->p[i] * 100);
    }
    fprintf(out, "]; values_ms = [");
    for (int i = 0; i < d->n; i++) {
      fprintf(out, "%s", i ? ", " : "");
      sls_fprint_real(out, d->v[i] / ms);
    }
    fprintf(out, "];");
    break;
  default: break;
  }
  fprintf(out, " }");
}
