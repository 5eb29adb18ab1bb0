/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lints (loader.h): settings that load and run, but would distort what the user is measuring.
 * Each is a warning (FILE:LINE: KEY: ...) that `check` and `run` print; none fails the load.
 *  - a duration distribution that puts more than 0.1 % of invocations beyond the timeout;
 *  - a keep-alive shorter than a source's gaps (its invocations find no warm environment), and a
 *    maximum lifetime short enough to add cold starts a measurement did not see;
 *  - an opening burst larger than the concurrency or the scaling burst allows (it is throttled);
 *  - a one-off source (a batch) projected to a 30-day month with steady ones.
 * At most LINT_MAX warnings of a kind are written (a 10,000-function trace would write 10,000),
 * then how many more there were.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/util.h"
#include "scenario/loader.h"

#define LINT_MAX 5

/* A kind of warning, counted past LINT_MAX. */
typedef struct lint {
  int n;
  const char *what;
} lint;

static int room(lint *l) { return ++l->n <= LINT_MAX; }

static void more(sls_scenario *sc, const lint *l) {
  if (l->n > LINT_MAX) {
    char w[256];
    snprintf(w, sizeof w, "%s: %d more like the above", l->what, l->n - LINT_MAX);
    sls_sc_warn(sc, w);
  }
}

/* The function's or trace block's setting, for FILE:LINE (a trace's functions are its block's:
 * the traces' functions follow the written ones, each block's together, in the blocks' order). */
static config_setting_t *fn_setting(config_setting_t *root, const sls_scenario *sc, int i) {
  config_setting_t *fl = config_setting_get_member(root, "functions");
  if (!sc->functions[i].from_trace) return fl ? config_setting_get_elem(fl, (unsigned)i) : root;
  config_setting_t *tl = config_setting_get_member(root, "traces");
  int k = i - sc->n_functions, t = 0;
  for (int j = 0; j < sc->n_traces; j++)
    k += sc->traces[j].n_functions; /* k: i's place among the traces' functions */
  while (t < sc->n_traces - 1 && k >= sc->traces[t].n_functions)
    k -= sc->traces[t++].n_functions;
  return tl ? config_setting_get_elem(tl, (unsigned)t) : root;
}

/* The share of a distribution above x: 1 - F(x), by bisection on its quantile function. */
static double share_above(const sls_dist *d, double x) {
  if (sls_dist_quantile(d, 1.0) <= x) return 0;
  if (sls_dist_quantile(d, 0.0) > x) return 1;
  double lo = 0, hi = 1;
  for (int k = 0; k < 60; k++) {
    double mid = (lo + hi) / 2;
    if (sls_dist_quantile(d, mid) <= x)
      lo = mid;
    else
      hi = mid;
  }
  return 1 - lo;
}

/* vCPUs the code can use at memory_mb (1,769 MB = 1 vCPU, facts §3), as the model computes them. */
static double vcpus(int memory_mb, double threads) {
  double v = memory_mb / 1769.0;
  return v < threads ? v : threads;
}

/* The mean gap between a source's arrivals where it is sparsest (s), or 0 when it has no simple one. */
static double sparse_gap(const sls_source_spec *s) {
  switch (s->kind) {
  case SLS_ARRIVAL_POISSON: return s->rate_per_s > 0 ? 1 / s->rate_per_s : 0;
  case SLS_ARRIVAL_SCHEDULE: return sls_time_to_s(s->period);
  case SLS_ARRIVAL_DIURNAL: {
    double trough = s->peak_rate_per_s * s->baseline;
    return trough > 0 ? 1 / trough : 0;
  }
  default: return 0;
  }
}

void sls_ld_lints(sls_loader *ld, config_setting_t *root, sls_scenario *sc) {
  lint timeout = {0, "timeout"}, keep = {0, "keep-alive"}, life = {0, "max_lifetime"}, burst = {0, "burst"};
  char kp[300];
  for (int i = 0; i < sc->n_functions; i++) {
    const sls_function_spec *f = &sc->functions[i];
    /* the duration at this memory: its CPU part scaled by the vCPUs (function.c's rule) */
    double ratio =
        f->vcpus > 0 ? 1 : vcpus(f->memory_mb, f->cpu_threads) / vcpus(f->ref_memory_mb, f->cpu_threads);
    double factor = f->cpu_fraction / ratio + (1 - f->cpu_fraction);
    double over = share_above(&f->duration, (double)f->timeout / factor);
    if (over > 0.001 && room(&timeout)) {
      snprintf(kp, sizeof kp, "functions.%s.timeout", f->name);
      sls_ld_warn(
          ld, sc, fn_setting(root, sc, i), kp,
          "%.3g %% of its durations (at %d MB) are longer than its timeout, %g s: they will be stopped "
          "there and count as timeouts (raise timeout_s, or check duration)",
          100 * over, f->memory_mb, sls_time_to_s(f->timeout));
    }
  }
  for (int j = 0; j < sc->n_sources; j++) {
    const sls_source_spec *s = &sc->sources[j];
    if (s->fn_index < 0) continue;
    const sls_function_spec *f = &sc->functions[s->fn_index];
    config_setting_t *sl = config_setting_get_member(root, "sources"),
                     *at = s->from_trace || !sl ? fn_setting(root, sc, s->fn_index)
                                                : config_setting_get_elem(sl, (unsigned)j);
    double gap = sparse_gap(s), ka = sls_dist_mean(&f->keep_alive) / 1e9;
    if (gap > 0 && ka > 0 && f->provisioned == 0) {
      /* a lone environment serves a sparse stream: a gap longer than the keep-alive finds none */
      double cold = s->kind == SLS_ARRIVAL_SCHEDULE ? (gap > ka ? 1 : 0) : exp(-ka / gap);
      if (cold > 0.05 && room(&keep)) {
        snprintf(kp, sizeof kp, "functions.%s.keep_alive", f->name);
        sls_ld_warn(ld, sc, fn_setting(root, sc, s->fn_index), kp,
                    "its mean keep-alive (%g s) against source %s's gaps of %g s%s: about %.0f %% of those "
                    "invocations will find no warm environment",
                    ka, s->name, gap, s->kind == SLS_ARRIVAL_DIURNAL ? " at night" : "", 100 * cold);
      }
      /* recycling: one more cold start per lifetime of the environment that serves it */
      double lt = f->lifetime_on ? sls_dist_mean(&f->max_lifetime) / 1e9 : 0;
      if (lt > 0 && gap < ka && lt < sls_time_to_s(sc->duration) && gap / lt > 0.01 && room(&life)) {
        snprintf(kp, sizeof kp, "functions.%s.max_lifetime", f->name);
        sls_ld_warn(
            ld, sc, fn_setting(root, sc, s->fn_index), kp,
            "environments are recycled after %g s on average: about %.2g %% of source %s's invocations "
            "will be cold for that alone (set max_lifetime_s = 0 to replay a measurement that did not "
            "see recycling)",
            lt, 100 * gap / lt, s->name);
      }
    }
    /* an opening burst: more at once than the function may run, or start */
    if (s->kind == SLS_ARRIVAL_BATCH && !s->async) {
      int64_t cap = f->reserved >= 0 ? f->reserved : sc->account.concurrency_limit;
      double start = sc->account.scaling == SLS_SCALING_NONE ? INFINITY : sc->account.burst;
      int64_t room_now = cap <= start ? cap : (int64_t)start;
      room_now *= f->instance_concurrency;
      /* at once: the requests that arrive within one mean duration of each other */
      double d = sls_dist_mean(&f->duration) / 1e9, w = sls_time_to_s(s->batch_window);
      double at_once = w > d ? (double)s->count * d / w : (double)s->count;
      if (at_once > (double)room_now && room(&burst)) {
        snprintf(kp, sizeof kp, "sources.%s.arrival.count", s->name);
        sls_ld_warn(ld, sc, at, kp,
                    "a burst of %.0f requests at once (%lld in %g s), but function %s may run %lld at once "
                    "(%s): the rest are throttled (and retried as its client says)",
                    at_once, (long long)s->count, w, f->name, (long long)room_now,
                    cap <= start
                        ? (f->reserved >= 0 ? "its reserved concurrency" : "the account's concurrency limit")
                        : "the scaling burst");
      }
    }
  }
  more(sc, &timeout);
  more(sc, &keep);
  more(sc, &life);
  more(sc, &burst);
  /* a one-off batch in a month's bill (bill_period auto chose the month for the steady sources) */
  config_setting_t *bp = config_setting_get_member(root, "bill_period");
  if (sc->bill_period == SLS_BILL_PERIOD_MONTH && !bp)
    for (int j = 0; j < sc->n_sources; j++)
      if (sc->sources[j].kind == SLS_ARRIVAL_BATCH) {
        config_setting_t *sl = config_setting_get_member(root, "sources");
        snprintf(kp, sizeof kp, "sources.%s", sc->sources[j].name);
        sls_ld_warn(
            ld, sc, sl ? config_setting_get_elem(sl, (unsigned)j) : root, kp,
            "a one-off batch, billed as if it came back every %g s for a 30-day month (x %.4g) with the "
            "steady sources; set bill_period = \"span\" for the bill of this run alone",
            sls_time_to_s(sc->duration), SLS_MONTH_S / sls_time_to_s(sc->duration));
        break;
      }
}
