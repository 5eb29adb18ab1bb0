/* SPDX-License-Identifier: GPL-3.0-or-later */
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
  if (eq - arg >= SLS_VARY_KEY_FIELD) {
    sls_err(err, "--vary: expected a key of at most %d characters", SLS_VARY_KEY_FIELD - 1);
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
      if (strlen(tok) >= SLS_NAME_FIELD) { /* a study file keeps the values in fields this wide */
        sls_err(err, "--vary %s: expected values of at most %d characters", *key, SLS_NAME_FIELD - 1);
        for (int i = 0; i < n; i++)
          free(out[i]);
        free(out);
        free(copy);
        free(*key);
        return -1;
      }
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

int sls_study_grid(sls_study *st, int n_vary, char **keys, char ***values, const int *nv, int reps,
                   char *err) {
  memset(st, 0, sizeof *st);
  /* counted in 64 bits, stopping past the limit: 1024 x 1024 x 1024 points is not 0 */
  int64_t points = 1;
  for (int k = 0; k < n_vary && points <= SLS_STUDY_MAX_TASKS; k++)
    points *= nv[k] > 0 ? nv[k] : 0;
  if (reps < 1 || points < 1 || points > SLS_STUDY_MAX_TASKS / reps) {
    if (points > SLS_STUDY_MAX_TASKS / (reps > 0 ? reps : 1))
      sls_err(err, "the study has over %d tasks (points x replications); expected at most that",
              SLS_STUDY_MAX_TASKS);
    else
      sls_err(err, "the study has no tasks (a varied key without values, or no replications)");
    return SLS_EINPUT;
  }
  st->n_vary = n_vary;
  st->reps = reps;
  st->n_points = (int)points;
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
  return 0;
}

/* ---- running tasks on threads ---- */

typedef struct job {
  int first, stride, n, done;
  sls_study *st;
  const sls_scenario *scen;
  uint64_t base;
  sls_world **keep;
  pthread_mutex_t lock; /* done, st->stopped, st->on_done */
} job;

/* A task ended (ran, or was stopped: why). */
static void task_ended(job *jb, const char *stopped) {
  pthread_mutex_lock(&jb->lock);
  jb->done++;
  if (stopped && !jb->st->stopped) jb->st->stopped = stopped;
  if (jb->st->on_done) jb->st->on_done(jb->st->on_done_ctx, jb->done, jb->n);
  pthread_mutex_unlock(&jb->lock);
}

/* The i-th task of the job: first + i x stride. */
static void run_task(void *ctx, int i) {
  job *jb = ctx;
  int t = jb->first + i * jb->stride;
  sls_run_out *o = &jb->st->runs[t];
  const sls_scenario *sc = &jb->scen[o->point];
  char err[SLS_ERRLEN];
  o->seed = sls_rep_seed(jb->base, o->rep);
  sls_world *w = sls_world_alloc(sc, o->seed, err);
  if (!w) return; /* the scenario was validated: allocation does not fail */
  w->limits = jb->st->limits;
  if (sls_world_run(w)) { /* stopped by a limit: no figures from half a run */
    task_ended(jb, w->stopped);
    sls_world_free(w);
    return;
  }
  o->conserved = sls_world_conserved(w, err);
  sls_cost_line *lines = NULL;
  int nl = sls_cost_compute(w, &lines);
  o->bill_usd = 0;
  for (int k = 0; k < nl; k++)
    o->bill_usd += lines[k].usd;
  o->n_fn = w->n_functions;
  o->rows = sls_xcalloc((size_t)o->n_fn + 1, sizeof *o->rows);
  o->latency = sls_xcalloc((size_t)o->n_fn + 1, sizeof *o->latency);
  sls_fn_cost *costs = sls_rows_costs(w, lines, nl);
  sls_rows_functions(w, costs, o->rows);
  free(costs);
  for (int f = 0; f < o->n_fn; f++) {
    sls_hist_init(&o->latency[f]);
    sls_hist_merge(&o->latency[f], &w->functions[f].st.latency);
  }
  free(lines);
  o->n_q = w->n_queues;
  o->qrows = sls_xcalloc((size_t)o->n_q + 1, sizeof *o->qrows);
  for (int q = 0; q < o->n_q; q++)
    sls_row_queue(w, q, &o->qrows[q]);
  o->n_ds = w->n_downstreams;
  o->drows = sls_xcalloc((size_t)o->n_ds + 1, sizeof *o->drows);
  for (int d = 0; d < o->n_ds; d++)
    sls_row_downstream(w, d, &o->drows[d]);
  o->n_src = w->n_sources;
  o->srows = sls_xcalloc((size_t)o->n_src + 1, sizeof *o->srows);
  for (int s = 0; s < o->n_src; s++)
    sls_row_source(w, s, &o->srows[s]);
  o->done = 1;
  if (t == 0 && jb->keep)
    *jb->keep = w;
  else
    sls_world_free(w);
  task_ended(jb, NULL);
}

int sls_study_run(sls_study *st, const sls_scenario *scen, uint64_t base_seed, int jobs, int first, int last,
                  int stride, sls_world **keep) {
  if (stride < 1) stride = 1;
  int tasks = last > first ? (last - first + stride - 1) / stride : 0;
  job jb = {
      .first = first, .stride = stride, .n = tasks, .st = st, .scen = scen, .base = base_seed, .keep = keep};
  pthread_mutex_init(&jb.lock, NULL);
  if (keep) *keep = NULL;
  st->stopped = NULL;
  sls_parallel(tasks, jobs, run_task, &jb);
  pthread_mutex_destroy(&jb.lock);
  return st->stopped ? SLS_ERUN : 0;
}

double sls_study_estimate(const sls_scenario *sc, int tasks) {
  /* a latency histogram spans a few octaves of 4 KiB rows (stats/hist.h): 32 KiB, as
   * sls_world_estimate counts it; the CI table and the packed copies under MPI double it */
  double per_run = sizeof(sls_run_out) + (double)sc->n_functions * (sizeof(sls_fn_row) + 32 * 1024.0) +
                   (double)sc->n_queues * sizeof(sls_queue_row) +
                   (double)sc->n_downstreams * sizeof(sls_ds_row) +
                   (double)sc->n_sources * sizeof(sls_source_row);
  return 2 * per_run * tasks;
}

/* ---- confidence intervals ---- */

enum { K_FUNCTION, K_QUEUE, K_DOWNSTREAM, K_SOURCE };
static const char *const kind_names[] = {"function", "queue", "downstream", "source"};

typedef struct metric {
  int kind;
  const char *name;
  size_t off;
  int u64;      /* 1: uint64_t field, else double */
  double q;     /* functions: pooled percentile of the merged histogram (ms), 0 = none, -1 = mean */
  int positive; /* only replications where the value is >= 0 count (drain time: -1 = not drained) */
} metric;

#define MD(f, q)                                                                                             \
  { K_FUNCTION, #f, offsetof(sls_fn_row, f), 0, q, 0 }
#define MU(f)                                                                                                \
  { K_FUNCTION, #f, offsetof(sls_fn_row, f), 1, 0, 0 }
#define QU(f)                                                                                                \
  { K_QUEUE, #f, offsetof(sls_queue_row, f), 1, 0, 0 }
#define QD(f, pos)                                                                                           \
  { K_QUEUE, #f, offsetof(sls_queue_row, f), 0, 0, pos }
#define DU(f)                                                                                                \
  { K_DOWNSTREAM, #f, offsetof(sls_ds_row, f), 1, 0, 0 }
#define DD(f)                                                                                                \
  { K_DOWNSTREAM, #f, offsetof(sls_ds_row, f), 0, 0, 0 }
#define SU(f)                                                                                                \
  { K_SOURCE, #f, offsetof(sls_source_row, f), 1, 0, 0 }
#define SD(f)                                                                                                \
  { K_SOURCE, #f, offsetof(sls_source_row, f), 0, 0, 0 }
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
                                 MD(mean_instances, 0),
                                 MD(cold_wait_pct, 0),
                                 MU(async_failed),
                                 MD(async_p99_ms, 0),
                                 MU(inv_errors),
                                 MU(inv_timeouts),
                                 MD(cost_usd, 0),
                                 QU(sent),
                                 QU(deleted),
                                 QU(to_dlq),
                                 QU(expired),
                                 QU(remaining),
                                 QD(e2e_p50_ms, 0),
                                 QD(e2e_p99_ms, 0),
                                 QD(e2e_mean_ms, 0),
                                 QD(wait_mean_ms, 0),
                                 QD(waited_fraction, 0),
                                 QD(drain_time_s, 1),
                                 QU(throttled_batches),
                                 QD(peak_mapping_concurrency, 0),
                                 DU(calls),
                                 DU(failed_calls),
                                 DU(refusals),
                                 DU(collapses),
                                 DD(down_s),
                                 DD(peak_connections),
                                 DD(mean_connections),
                                 SU(roots),
                                 SU(roots_ok),
                                 SU(roots_failed),
                                 SU(roots_dropped),
                                 SD(response_p50_ms),
                                 SD(response_p99_ms),
                                 SD(completion_p50_ms),
                                 SD(completion_p99_ms),
                                 SD(completion_mean_ms),
                                 SD(path_wait_ms),
                                 SD(path_cold_ms),
                                 SD(path_run_ms),
                                 SD(path_downstream_ms),
                                 SD(cost_per_root_usd)};
#define N_METRICS ((int)(sizeof metrics / sizeof *metrics))

static double field(const void *row, const metric *m) {
  const char *p = (const char *)row + m->off;
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
  row->mean = n > 0 ? m : NAN;
  row->sd = n > 1 ? sqrt(v / (n - 1)) : 0;
  row->half_width = n > 1 ? gsl_cdf_tdist_Pinv(0.975, n - 1) * row->sd / sqrt(n) : 0;
  row->pooled = NAN;
}

/* Entity e of kind k in run o: its summary row, or NULL; how many there are; its name. */
static const void *entity_row(const sls_run_out *o, int k, int e) {
  if (k == K_FUNCTION) return e < o->n_fn ? (const void *)&o->rows[e] : NULL;
  if (k == K_QUEUE) return e < o->n_q ? (const void *)&o->qrows[e] : NULL;
  if (k == K_SOURCE) return e < o->n_src ? (const void *)&o->srows[e] : NULL;
  return e < o->n_ds ? (const void *)&o->drows[e] : NULL;
}
static int entity_count(const sls_run_out *o, int k) {
  return k == K_FUNCTION ? o->n_fn : k == K_QUEUE ? o->n_q : k == K_SOURCE ? o->n_src : o->n_ds;
}
static const char *entity_name(const sls_run_out *o, int k, int e) {
  return k == K_FUNCTION ? o->rows[e].name
         : k == K_QUEUE  ? o->qrows[e].name
         : k == K_SOURCE ? o->srows[e].name
                         : o->drows[e].name;
}

/* The CI table being built, and room for one value per replication. */
typedef struct table {
  sls_ci_row *rows;
  int n, cap;
  double *x;
} table;

static sls_ci_row *add_row(table *t, int point, const char *kind, const char *entity, const char *what) {
  if (t->n == t->cap) t->rows = sls_xrealloc(t->rows, (size_t)(t->cap *= 2) * sizeof *t->rows);
  sls_ci_row *row = &t->rows[t->n++];
  memset(row, 0, sizeof *row);
  row->point = point;
  snprintf(row->kind, sizeof row->kind, "%s", kind);
  snprintf(row->entity, sizeof row->entity, "%s", entity);
  snprintf(row->metric, sizeof row->metric, "%s", what);
  return row;
}

/* Every metric of entity e (kind k) at point p.  A function's latency histograms are merged
 * once, for the pooled percentiles of all its latency metrics. */
static void entity_ci(table *t, const sls_study *st, int p, int k, int e, const char *name) {
  const sls_run_out *runs = &st->runs[p * st->reps];
  sls_hist pooled;
  sls_hist_init(&pooled);
  for (int r = 0; k == K_FUNCTION && r < st->reps; r++)
    if (runs[r].done && e < runs[r].n_fn) sls_hist_merge(&pooled, &runs[r].latency[e]);
  for (int mi = 0; mi < N_METRICS; mi++) {
    const metric *mt = &metrics[mi];
    if (mt->kind != k) continue;
    int m = 0;
    for (int r = 0; r < st->reps; r++) {
      const void *row = runs[r].done ? entity_row(&runs[r], k, e) : NULL;
      double v = row ? field(row, mt) : 0;
      if (row && !(mt->positive && v < 0)) t->x[m++] = v;
    }
    sls_ci_row *row = add_row(t, p, kind_names[k], name, mt->name);
    summarise(row, t->x, m);
    if (mt->q > 0) row->pooled = sls_hist_quantile(&pooled, mt->q) / 1e6;
    if (mt->q < 0) row->pooled = sls_hist_mean(&pooled) / 1e6;
  }
  sls_hist_destroy(&pooled);
}

int sls_study_ci(const sls_study *st, sls_ci_row **out) {
  table t = {.cap = 16};
  t.rows = sls_xcalloc((size_t)t.cap, sizeof *t.rows);
  t.x = sls_xcalloc((size_t)st->reps + 1, sizeof *t.x);
  for (int p = 0; p < st->n_points; p++) {
    const sls_run_out *runs = &st->runs[p * st->reps], *first = NULL;
    for (int r = 0; r < st->reps && !first; r++)
      if (runs[r].done) first = &runs[r];
    if (!first) continue;
    for (int k = K_FUNCTION; k <= K_SOURCE; k++)
      for (int e = 0; e < entity_count(first, k); e++)
        entity_ci(&t, st, p, k, e, entity_name(first, k, e));
    int m = 0;
    for (int r = 0; r < st->reps; r++)
      if (runs[r].done) t.x[m++] = runs[r].bill_usd;
    summarise(add_row(&t, p, "bill", "bill", "usd_per_month"), t.x, m);
  }
  free(t.x);
  *out = t.rows;
  return t.n;
}

void sls_study_free(sls_study *st) {
  for (int t = 0; st->runs && t < st->n_points * st->reps; t++) {
    sls_run_out *o = &st->runs[t];
    for (int i = 0; o->latency && i < o->n_fn; i++)
      sls_hist_destroy(&o->latency[i]);
    free(o->latency);
    free(o->rows);
    free(o->qrows);
    free(o->drows);
    free(o->srows);
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

/* ---- packing runs into bytes (MPI gather) ----
 *
 * Native byte order and struct layout: every rank runs the same slsim binary.  Histograms are
 * sent sparse, as (bucket, count) pairs of the buckets in use, so a run costs a few KB. */

#define PACK_MAGIC 0x534c5352u /* "SLSR" */

typedef struct buf {
  unsigned char *p;
  size_t len, cap;
} buf;

static void put(buf *b, const void *src, size_t n) {
  if (b->len + n > b->cap) {
    b->cap = b->cap ? b->cap : 4096;
    while (b->len + n > b->cap)
      b->cap *= 2;
    b->p = sls_xrealloc(b->p, b->cap);
  }
  memcpy(b->p + b->len, src, n);
  b->len += n;
}

#define PUT(b, v) put(b, &(v), sizeof(v))

size_t sls_study_pack(const sls_study *st, unsigned char **out) {
  buf b = {0};
  uint32_t magic = PACK_MAGIC;
  int32_t n = 0;
  for (int t = 0; t < st->n_points * st->reps; t++)
    n += st->runs[t].done;
  PUT(&b, magic);
  PUT(&b, n);
  for (int t = 0; t < st->n_points * st->reps; t++) {
    const sls_run_out *o = &st->runs[t];
    if (!o->done) continue;
    int32_t n_fn = o->n_fn, n_q = o->n_q, n_ds = o->n_ds, n_src = o->n_src;
    PUT(&b, o->point);
    PUT(&b, o->rep);
    PUT(&b, o->seed);
    PUT(&b, o->conserved);
    PUT(&b, o->bill_usd);
    PUT(&b, n_fn);
    PUT(&b, n_q);
    PUT(&b, n_ds);
    PUT(&b, n_src);
    put(&b, o->rows, (size_t)n_fn * sizeof *o->rows);
    put(&b, o->qrows, (size_t)n_q * sizeof *o->qrows);
    put(&b, o->drows, (size_t)n_ds * sizeof *o->drows);
    put(&b, o->srows, (size_t)n_src * sizeof *o->srows);
    for (int f = 0; f < n_fn; f++) {
      const sls_hist *h = &o->latency[f];
      int32_t used = 0;
      for (int k = sls_hist_next(h, 0); k < SLS_HIST_NBUCKETS; k = sls_hist_next(h, k + 1))
        used++;
      PUT(&b, h->n);
      PUT(&b, h->sum);
      PUT(&b, h->min);
      PUT(&b, h->max);
      PUT(&b, used);
      for (int32_t k = sls_hist_next(h, 0); k < SLS_HIST_NBUCKETS; k = sls_hist_next(h, k + 1)) {
        uint64_t c = sls_hist_count(h, k);
        PUT(&b, k);
        PUT(&b, c);
      }
    }
  }
  *out = b.p;
  return b.len;
}

typedef struct rd {
  const unsigned char *p;
  size_t len, at;
  int bad;
} rd;

static void get(rd *r, void *dst, size_t n) {
  if (r->bad || n > r->len - r->at) {
    r->bad = 1;
    memset(dst, 0, n);
    return;
  }
  memcpy(dst, r->p + r->at, n);
  r->at += n;
}

#define GET(r, v) get(r, &(v), sizeof(v))

int sls_study_unpack(sls_study *st, const unsigned char *p, size_t len, int *count, char *err) {
  rd r = {.p = p, .len = len};
  uint32_t magic;
  int32_t n;
  GET(&r, magic);
  GET(&r, n);
  if (r.bad || magic != PACK_MAGIC || n < 0) {
    sls_err(err, "packed runs: not a slsim run buffer");
    return SLS_EINPUT;
  }
  for (int32_t i = 0; i < n; i++) {
    sls_run_out o;
    memset(&o, 0, sizeof o);
    int32_t n_fn, n_q, n_ds, n_src;
    GET(&r, o.point);
    GET(&r, o.rep);
    GET(&r, o.seed);
    GET(&r, o.conserved);
    GET(&r, o.bill_usd);
    GET(&r, n_fn);
    GET(&r, n_q);
    GET(&r, n_ds);
    GET(&r, n_src);
    size_t left = r.len - r.at;
    if (r.bad || o.point < 0 || o.point >= st->n_points || o.rep < 0 || o.rep >= st->reps || n_fn < 0 ||
        n_q < 0 || n_ds < 0 || n_src < 0 || (size_t)n_fn > left / sizeof *o.rows ||
        (size_t)n_q > left / sizeof *o.qrows || (size_t)n_ds > left / sizeof *o.drows ||
        (size_t)n_src > left / sizeof *o.srows) {
      sls_err(err, "packed runs: run %d does not belong to this study", (int)i);
      return SLS_EINPUT;
    }
    sls_run_out *dst = &st->runs[o.point * st->reps + o.rep];
    if (dst->done) {
      sls_err(err, "packed runs: task %d (point %d, replication %d) received twice",
              o.point * st->reps + o.rep, (int)o.point, (int)o.rep);
      return SLS_EINPUT;
    }
    o.n_fn = n_fn;
    o.rows = sls_xcalloc((size_t)n_fn + 1, sizeof *o.rows);
    o.latency = sls_xcalloc((size_t)n_fn + 1, sizeof *o.latency);
    o.n_q = n_q;
    o.n_ds = n_ds;
    o.qrows = sls_xcalloc((size_t)n_q + 1, sizeof *o.qrows);
    o.drows = sls_xcalloc((size_t)n_ds + 1, sizeof *o.drows);
    o.n_src = n_src;
    o.srows = sls_xcalloc((size_t)n_src + 1, sizeof *o.srows);
    get(&r, o.rows, (size_t)n_fn * sizeof *o.rows);
    get(&r, o.qrows, (size_t)n_q * sizeof *o.qrows);
    get(&r, o.drows, (size_t)n_ds * sizeof *o.drows);
    get(&r, o.srows, (size_t)n_src * sizeof *o.srows);
    for (int f = 0; f < n_fn; f++) {
      sls_hist *h = &o.latency[f];
      sls_hist_init(h);
      int32_t used;
      uint64_t hn;
      GET(&r, hn);
      GET(&r, h->sum);
      GET(&r, h->min);
      GET(&r, h->max);
      GET(&r, used);
      for (int32_t k = 0; k < used && !r.bad; k++) {
        int32_t bucket;
        uint64_t c;
        GET(&r, bucket);
        GET(&r, c);
        if (bucket < 0 || bucket >= SLS_HIST_NBUCKETS) r.bad = 1;
        if (!r.bad) sls_hist_add_count(h, bucket, c);
      }
      h->n = hn;
    }
    o.done = 1;
    *dst = o;
    if (r.bad) {
      sls_err(err, "packed runs: truncated at run %d", (int)i);
      return SLS_EINPUT;
    }
  }
  if (r.at != r.len) {
    sls_err(err, "packed runs: %zu bytes left over", r.len - r.at);
    return SLS_EINPUT;
  }
  if (count) *count = n;
  return 0;
}
