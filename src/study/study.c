#include "study/study.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cost/cost.h"
#include "engine/rng.h"
#include "engine/util.h"

uint64_t sls_rep_seed(uint64_t base, int rep) {
  if (rep == 0) return base;
  char purpose[32];
  snprintf(purpose, sizeof purpose, "%d", rep);
  return sls_rng_seed(base, "replication", purpose);
}

int sls_vary_parse(const char *arg, char **key, char ***values, char *err) {
  const char *eq = strchr(arg, '=');
  if (!eq || eq == arg || !eq[1]) {
    sls_err(err, "--vary %s: expected KEY=V1,V2,... or KEY=LO:HI:STEP", arg);
    return -1;
  }
  *key = sls_xstrdup(arg);
  (*key)[eq - arg] = 0;
  const char *v = eq + 1;
  char **out = NULL;
  int n = 0;
  double lo, hi, step;
  char tail;
  if (sscanf(v, "%lf:%lf:%lf%c", &lo, &hi, &step, &tail) == 3) {
    if (!(step > 0) || hi < lo || (hi - lo) / step > 100000) {
      sls_err(err, "--vary %s: expected LO <= HI and STEP > 0 (at most 100,000 values)", arg);
      free(*key);
      return -1;
    }
    /* Integers stay integers (memory_mb=128:1024:128 gives 128, 256, ...). */
    int integral = lo == floor(lo) && step == floor(step) && !strchr(v, '.');
    int count = (int)floor((hi - lo) / step + 1e-9) + 1;
    out = sls_xcalloc((size_t)count, sizeof *out);
    for (int i = 0; i < count; i++) {
      char buf[64];
      double x = lo + step * i;
      if (integral)
        snprintf(buf, sizeof buf, "%.0f", x);
      else
        snprintf(buf, sizeof buf, "%.10g", x);
      out[n++] = sls_xstrdup(buf);
    }
  } else {
    char *copy = sls_xstrdup(v), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
      out = sls_xrealloc(out, (size_t)(n + 1) * sizeof *out);
      out[n++] = sls_xstrdup(tok);
    }
    free(copy);
    if (n == 0) {
      sls_err(err, "--vary %s: no values", arg);
      free(*key);
      free(out);
      return -1;
    }
  }
  *values = out;
  return n;
}

void sls_study_grid(sls_study *st, int n_vary, char **keys, char ***values, const int *nv, int reps) {
  memset(st, 0, sizeof *st);
  st->n_vary = n_vary;
  st->reps = reps;
  st->n_points = 1;
  for (int k = 0; k < n_vary; k++)
    st->n_points *= nv[k];
  st->vary_key = sls_xcalloc((size_t)n_vary + 1, sizeof *st->vary_key);
  for (int k = 0; k < n_vary; k++)
    st->vary_key[k] = sls_xstrdup(keys[k]);
  st->vary_value = sls_xcalloc((size_t)(st->n_points * n_vary) + 1, sizeof *st->vary_value);
  for (int p = 0; p < st->n_points; p++) {
    int rest = p;
    for (int k = n_vary - 1; k >= 0; k--) { /* the last key varies fastest */
      st->vary_value[p * n_vary + k] = sls_xstrdup(values[k][rest % nv[k]]);
      rest /= nv[k];
    }
  }
  st->runs = sls_xcalloc((size_t)(st->n_points * reps), sizeof *st->runs);
  for (int t = 0; t < st->n_points * reps; t++) {
    st->runs[t].point = t / reps;
    st->runs[t].rep = t % reps;
  }
}

/* ---- running tasks on threads ---- */

typedef struct pool {
  pthread_mutex_t lock;
  int next, last;
  sls_study *st;
  const sls_scenario *scen;
  uint64_t base;
  sls_world **keep;
} pool;

static void run_task(pool *pl, int t) {
  sls_run_out *o = &pl->st->runs[t];
  const sls_scenario *sc = &pl->scen[o->point];
  char err[SLS_ERRLEN];
  o->seed = sls_rep_seed(pl->base, o->rep);
  sls_world *w = sls_world_alloc(sc, o->seed, err);
  if (!w) return; /* the scenario was validated: allocation does not fail */
  sls_world_run(w);
  o->conserved = sls_world_conserved(w, err);
  sls_cost_line *lines = NULL;
  int nl = sls_cost_compute(w, &lines);
  o->bill_usd = 0;
  for (int i = 0; i < nl; i++)
    o->bill_usd += lines[i].usd;
  o->n_fn = w->n_functions;
  o->rows = sls_xcalloc((size_t)o->n_fn + 1, sizeof *o->rows);
  o->latency = sls_xcalloc((size_t)o->n_fn + 1, sizeof *o->latency);
  for (int i = 0; i < o->n_fn; i++) {
    sls_h5_fn_row(w, i, lines, nl, &o->rows[i]);
    sls_hist_init(&o->latency[i]);
    sls_hist_merge(&o->latency[i], &w->functions[i].st.latency);
  }
  free(lines);
  o->done = 1;
  if (t == 0 && pl->keep)
    *pl->keep = w;
  else
    sls_world_free(w);
}

static void *worker(void *arg) {
  pool *pl = arg;
  for (;;) {
    pthread_mutex_lock(&pl->lock);
    int t = pl->next < pl->last ? pl->next++ : -1;
    pthread_mutex_unlock(&pl->lock);
    if (t < 0) return NULL;
    run_task(pl, t);
  }
}

int sls_study_run(sls_study *st, const sls_scenario *scen, uint64_t base_seed, int jobs, int first, int last,
                  sls_world **keep) {
  pool pl = {.next = first, .last = last, .st = st, .scen = scen, .base = base_seed, .keep = keep};
  pthread_mutex_init(&pl.lock, NULL);
  if (keep) *keep = NULL;
  if (jobs < 1) jobs = 1;
  if (jobs > last - first) jobs = last - first > 0 ? last - first : 1;
  pthread_t *th = sls_xcalloc((size_t)jobs, sizeof *th);
  for (int j = 1; j < jobs; j++)
    pthread_create(&th[j], NULL, worker, &pl);
  worker(&pl);
  for (int j = 1; j < jobs; j++)
    pthread_join(th[j], NULL);
  free(th);
  pthread_mutex_destroy(&pl.lock);
  return 0;
}

/* ---- confidence intervals ---- */

typedef struct metric {
  const char *name;
  size_t off;
  int u64;  /* 1: uint64_t field, else double */
  double q; /* pooled percentile of the merged histogram (ms), 0 = none, -1 = mean */
} metric;

#define MD(f, q)                                                                                             \
  { #f, offsetof(sls_fn_row, f), 0, q }
#define MU(f)                                                                                                \
  { #f, offsetof(sls_fn_row, f), 1, 0 }
static const metric metrics[] = {MU(requests),
                                 MU(ok),
                                 MU(errors),
                                 MU(timeouts),
                                 MU(throttled),
                                 MU(invocations),
                                 MU(cold_starts),
                                 MD(cold_start_pct, 0),
                                 MD(p50_ms, 0.5),
                                 MD(p90_ms, 0.9),
                                 MD(p99_ms, 0.99),
                                 MD(p999_ms, 0.999),
                                 MD(mean_ms, -1),
                                 MD(mean_concurrency, 0),
                                 MD(peak_concurrency, 0),
                                 MD(cost_usd, 0)};
#define N_METRICS ((int)(sizeof metrics / sizeof *metrics))

static double field(const sls_fn_row *r, const metric *m) {
  const char *p = (const char *)r + m->off;
  if (m->u64) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return (double)v;
  }
  double v;
  memcpy(&v, p, sizeof v);
  return v;
}

static void summarise(sls_ci_row *row, const double *x, int n) {
  double m = 0, v = 0;
  for (int i = 0; i < n; i++)
    m += x[i];
  m /= n > 0 ? n : 1;
  for (int i = 0; i < n; i++)
    v += (x[i] - m) * (x[i] - m);
  row->n = n;
  row->mean = m;
  row->sd = n > 1 ? sqrt(v / (n - 1)) : 0;
  row->half_width = n > 1 ? gsl_cdf_tdist_Pinv(0.975, n - 1) * row->sd / sqrt(n) : 0;
  row->pooled = NAN;
}

int sls_study_ci(const sls_study *st, sls_ci_row **out) {
  int cap = 16, n = 0;
  sls_ci_row *rows = sls_xcalloc((size_t)cap, sizeof *rows);
  double *x = sls_xcalloc((size_t)st->reps + 1, sizeof *x);
  for (int p = 0; p < st->n_points; p++) {
    const sls_run_out *first = NULL;
    for (int r = 0; r < st->reps && !first; r++)
      if (st->runs[p * st->reps + r].done) first = &st->runs[p * st->reps + r];
    if (!first) continue;
    for (int f = 0; f <= first->n_fn; f++) {
      for (int k = 0; k < (f < first->n_fn ? N_METRICS : 1); k++) {
        int m = 0;
        sls_hist pooled;
        sls_hist_init(&pooled);
        for (int r = 0; r < st->reps; r++) {
          const sls_run_out *o = &st->runs[p * st->reps + r];
          if (!o->done) continue;
          x[m++] = f < first->n_fn ? field(&o->rows[f], &metrics[k]) : o->bill_usd;
          if (f < first->n_fn && metrics[k].q != 0) sls_hist_merge(&pooled, &o->latency[f]);
        }
        if (n == cap) rows = sls_xrealloc(rows, (size_t)(cap *= 2) * sizeof *rows);
        sls_ci_row *row = &rows[n++];
        memset(row, 0, sizeof *row);
        row->point = p;
        snprintf(row->entity, sizeof row->entity, "%s", f < first->n_fn ? first->rows[f].name : "bill");
        snprintf(row->metric, sizeof row->metric, "%s", f < first->n_fn ? metrics[k].name : "usd_per_month");
        summarise(row, x, m);
        if (f < first->n_fn && metrics[k].q > 0) row->pooled = sls_hist_quantile(&pooled, metrics[k].q) / 1e6;
        if (f < first->n_fn && metrics[k].q < 0) row->pooled = sls_hist_mean(&pooled) / 1e6;
        sls_hist_destroy(&pooled);
      }
    }
  }
  free(x);
  *out = rows;
  return n;
}

void sls_study_free(sls_study *st) {
  for (int t = 0; st->runs && t < st->n_points * st->reps; t++) {
    sls_run_out *o = &st->runs[t];
    for (int i = 0; o->latency && i < o->n_fn; i++)
      sls_hist_destroy(&o->latency[i]);
    free(o->latency);
    free(o->rows);
  }
  free(st->runs);
  for (int k = 0; st->vary_key && k < st->n_vary; k++)
    free(st->vary_key[k]);
  for (int i = 0; st->vary_value && i < st->n_points * st->n_vary; i++)
    free(st->vary_value[i]);
  free(st->vary_key);
  free(st->vary_value);
  memset(st, 0, sizeof *st);
}
