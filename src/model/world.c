/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/world.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h> /* malloc_trim */
#endif

#include "engine/util.h"
#include "model/timeline.h"

/* ---- sampling ---- */

static void take_sample(sls_world *w, sls_time now) {
  if (w->sample_k >= w->n_samples) return;
  sls_time since = (sls_time)w->sample_k * w->sc->sample_interval;
  sls_functions_sample(w, w->sample_k, since, now);
  sls_queues_sample(w, w->sample_k, since, now);
  sls_downstreams_sample(w, w->sample_k, since, now);
  sls_series_row_done(&w->series, w->sample_k);
  w->sample_k++;
}

static void on_sample(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  take_sample(w, w->sim.now);
  sls_time next = w->sim.now + w->sc->sample_interval;
  if (w->sample_k < w->n_samples)
    sls_sim_schedule(&w->sim, next < w->sc->duration ? next : w->sc->duration, on_sample, NULL, 0);
}

/* ---- world ---- */

int sls_world_check(const sls_scenario *sc, char *err) {
  const sls_account_spec *a = &sc->account;
  int64_t reserved = 0, pc_unreserved = 0;
  for (int i = 0; i < sc->n_functions; i++) {
    if (sc->functions[i].reserved >= 0)
      reserved += sc->functions[i].reserved;
    else
      pc_unreserved += sc->functions[i].provisioned;
  }
  if (reserved > a->concurrency_limit - a->unreserved_min) {
    sls_err(err,
            "%s: reserved concurrency adds up to %lld, but at most %lld (concurrency_limit %lld - "
            "unreserved_min %lld) may be reserved",
            sc->path, (long long)reserved, (long long)(a->concurrency_limit - a->unreserved_min),
            (long long)a->concurrency_limit, (long long)a->unreserved_min);
    return SLS_EINPUT;
  }
  if (pc_unreserved > a->concurrency_limit - reserved) {
    sls_err(err,
            "%s: provisioned concurrency of functions without a reservation adds up to %lld, "
            "more than the %lld unreserved concurrency",
            sc->path, (long long)pc_unreserved, (long long)(a->concurrency_limit - reserved));
    return SLS_EINPUT;
  }
  return 0;
}

/* The highest rate (1/s) a source's arrivals reach, for the memory estimate. */
sls_world *sls_world_alloc(const sls_scenario *sc, uint64_t seed, char *err) {
  if (sls_world_check(sc, err)) return NULL;
  sls_world *w = sls_xcalloc(1, sizeof *w);
  sls_sim_init(&w->sim);
  w->sc = sc;
  sls_pool_init(&w->env_pool, sizeof(sls_env));
  sls_pool_init(&w->req_pool, sizeof(sls_request));
  sls_pool_init(&w->msg_pool, sizeof(sls_msg));
  sls_pool_init(&w->root_pool, sizeof(sls_root));
  sls_pool_init(&w->dlv_pool, sls_delivery_size());
  sls_pool_init(&w->slot_pool, sls_join_slot_size());
  sls_pool_init(&w->ebd_pool, sls_bus_delivery_size());
  w->n_samples = 0;
  if (sc->sample_interval > 0)
    w->n_samples = (size_t)((sc->duration + sc->sample_interval - 1) / sc->sample_interval);
  sls_series_set_init(&w->series, w->n_samples);
  sls_functions_init(w, seed);
  sls_downstreams_init(w, seed, sls_job_calls_done);
  for (int i = 0; i < w->n_functions; i++) {
    int d = w->functions[i].spec->ds_index;
    w->functions[i].ds = d >= 0 ? &w->downstreams[d] : NULL;
  }
  sls_capacity_init(w); /* before the functions' provisioned environments are placed */
  for (int i = 0; i < w->n_functions; i++) {
    int c = w->functions[i].spec->cap_index;
    w->functions[i].cap = c >= 0 ? &w->caps[c] : NULL;
  }
  sls_functions_place(w);
  sls_queues_init(w);
  sls_topics_init(w, seed);
  sls_buses_init(w, seed);
  sls_joins_init(w);
  sls_machines_init(w, seed);
  w->root_done = sls_join_slots_free;
  sls_sources_init(w, seed);
  sls_timeline_init(w);
  return w;
}

static void warm_free(sls_world *w);

void sls_world_free(sls_world *w) {
  if (!w) return;
  warm_free(w);
  sls_timeline_free(w);
  sls_functions_free(w);
  sls_capacity_free(w);
  sls_sources_free(w);
  sls_queues_free(w);
  sls_downstreams_free(w);
  sls_topics_free(w);
  sls_buses_free(w);
  sls_joins_free(w);
  sls_machines_free(w);
  sls_pool_destroy(&w->env_pool);
  sls_pool_destroy(&w->req_pool);
  sls_pool_destroy(&w->msg_pool);
  sls_pool_destroy(&w->root_pool);
  sls_pool_destroy(&w->dlv_pool);
  sls_pool_destroy(&w->slot_pool);
  sls_pool_destroy(&w->ebd_pool);
  sls_series_set_destroy(&w->series);
  sls_sim_destroy(&w->sim);
  free(w);
}

int64_t sls_world_hist_bytes(const sls_world *w) {
  size_t b = 0;
  for (int i = 0; i < w->n_functions; i++) {
    const sls_fn_stats *st = &w->functions[i].st;
    b += sls_hist_bytes(&st->latency) + sls_hist_bytes(&st->init_latency) +
         sls_hist_bytes(&st->async_latency) + sls_hist_bytes(&st->inv_latency);
  }
  for (int i = 0; i < w->n_sources; i++) {
    const sls_source *s = &w->sources[i];
    b += sls_hist_bytes(&s->same) + sls_hist_bytes(&s->response_only) + sls_hist_bytes(&s->completion_only);
  }
  for (int i = 0; i < w->n_queues; i++)
    b += sls_hist_bytes(&w->queues[i].st.e2e) + sls_hist_bytes(&w->queues[i].st.wait);
  for (int i = 0; i < w->n_joins; i++)
    b += sls_hist_bytes(&w->joins[i].spread);
  for (int i = 0; i < w->n_machines; i++)
    b += sls_hist_bytes(&w->machines[i].latency);
  return (int64_t)b;
}

double sls_world_bytes(const sls_world *w) {
  double b = sizeof *w + (double)w->n_functions * (sizeof(sls_function) + 7 * 64) +
             (double)w->n_sources * sizeof(sls_source);
  b += (double)w->hist_bytes;
  b += (double)sls_series_bytes(&w->series);
  b += sls_pool_bytes(&w->env_pool) + sls_pool_bytes(&w->req_pool) + sls_pool_bytes(&w->msg_pool) +
       sls_pool_bytes(&w->root_pool) + sls_pool_bytes(&w->dlv_pool) + sls_pool_bytes(&w->slot_pool) +
       sls_pool_bytes(&w->ebd_pool) + sls_machines_bytes(w);
  b += sls_sim_bytes(&w->sim);
  for (int i = 0; i < w->n_downstreams; i++)
    b += (double)w->downstreams[i].ps.cap * sizeof(sls_request *);
  return b;
}

static double seconds_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- the warm-up: the summary counts from `warmup` on ----
 * At the warm-up's end the statistics are copied; at the run's end — after conservation has been
 * checked on the whole run — the copy is taken out of them, so every summary figure, the bill
 * included, is of [warmup, duration] (and the drain of what arrived in it); peaks and the
 * histograms' min and max restart at the warm-up.  The time series keep the whole run. */
typedef struct warm_fn {
  sls_fn_stats st;
  double conc, idle, alive, pcc; /* the levels' areas */
  double idle_mb;                /* idle memory x time so far (MB x ns) */
} warm_fn;
typedef struct warm_src {
  uint64_t arrivals, gw_requests, cold_starts, invocations, wf_100ms, roots_done, roots_failed, roots_dropped;
  sls_hist same, response_only, completion_only;
  double crit_ns[SLS_PATH_N];
  sls_usage use;
} warm_src;
typedef struct warm_q {
  sls_queue_stats st;
  uint64_t batches, batch_failures, batch_throttles;
} warm_q;
typedef struct warm_m {
  sls_machine m;       /* its counters (m.live, a gauge, is not taken out) */
  sls_state_stats *st; /* its states' (with copies of last_branch) */
} warm_m;
struct sls_warm {
  warm_fn *fn;
  warm_src *src;
  warm_q *q;
  sls_ds_stats *ds;
  sls_topic *topic;
  sls_bus *bus;   /* bus.pending, a gauge, is not taken out */
  sls_join *join; /* join.waiting, a gauge, is not taken out */
  warm_m *m;
  sls_capacity *cap; /* the providers' counters and areas (hosts, a gauge, not taken out) */
};

static void hist_copy(sls_hist *dst, sls_hist *h) {
  sls_hist_init(dst);
  sls_hist_merge(dst, h);
  h->min = INT64_MAX; /* exact again for what comes next */
  h->max = 0;
}

/* A level's area up to now; its peak restarts. */
static double level_mark(sls_level *l, sls_time now) {
  sls_level_add(l, now, 0);
  l->peak_all = l->value;
  return l->total_area;
}

static void on_warmed(void *ctx, void *obj, int64_t arg) {
  (void)obj, (void)arg;
  sls_world *w = ctx;
  sls_time now = w->sim.now;
  struct sls_warm *k = w->warm = sls_xcalloc(1, sizeof *k);
  k->fn = sls_xcalloc((size_t)w->n_functions + 1, sizeof *k->fn);
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    warm_fn *c = &k->fn[i];
    c->st = f->st;
    hist_copy(&c->st.latency, &f->st.latency);
    hist_copy(&c->st.async_latency, &f->st.async_latency);
    hist_copy(&c->st.init_latency, &f->st.init_latency);
    hist_copy(&c->st.inv_latency, &f->st.inv_latency);
    c->conc = level_mark(&f->conc, now);
    c->idle = level_mark(&f->idle, now);
    c->idle_mb = f->idle_mb_ns + (c->idle - f->idle_area_mark) * f->memory_mb;
    c->alive = level_mark(&f->alive, now);
    c->pcc = level_mark(&f->pcc, now);
    level_mark(&f->pcb, now);
  }
  k->src = sls_xcalloc((size_t)w->n_sources + 1, sizeof *k->src);
  for (int i = 0; i < w->n_sources; i++) {
    sls_source *s = &w->sources[i];
    warm_src *c = &k->src[i];
    *c = (warm_src){s->arrivals,   s->gw_requests,  s->cold_starts,   s->invocations, s->wf_100ms,
                    s->roots_done, s->roots_failed, s->roots_dropped, .use = s->use};
    memcpy(c->crit_ns, s->crit_ns, sizeof c->crit_ns);
    hist_copy(&c->same, &s->same);
    hist_copy(&c->response_only, &s->response_only);
    hist_copy(&c->completion_only, &s->completion_only);
  }
  k->q = sls_xcalloc((size_t)w->n_queues + 1, sizeof *k->q);
  for (int i = 0; i < w->n_queues; i++) {
    sls_queue *q = &w->queues[i];
    warm_q *c = &k->q[i];
    c->st = q->st;
    hist_copy(&c->st.e2e, &q->st.e2e);
    hist_copy(&c->st.wait, &q->st.wait);
    level_mark(&q->lv_visible, now);
    if (q->esm) {
      c->batches = q->esm->batches;
      c->batch_failures = q->esm->batch_failures;
      c->batch_throttles = q->esm->batch_throttles;
      level_mark(&q->esm->lv_active, now);
    }
  }
  k->topic = sls_xcalloc((size_t)w->n_topics + 1, sizeof *k->topic);
  for (int i = 0; i < w->n_topics; i++)
    k->topic[i] = w->topics[i];
  k->bus = sls_xcalloc((size_t)w->n_buses + 1, sizeof *k->bus);
  for (int i = 0; i < w->n_buses; i++)
    k->bus[i] = w->buses[i];
  k->join = sls_xcalloc((size_t)w->n_joins + 1, sizeof *k->join);
  for (int i = 0; i < w->n_joins; i++) {
    k->join[i] = w->joins[i];
    hist_copy(&k->join[i].spread, &w->joins[i].spread);
  }
  k->m = sls_xcalloc((size_t)w->n_machines + 1, sizeof *k->m);
  for (int i = 0; i < w->n_machines; i++) {
    sls_machine *m = &w->machines[i];
    warm_m *c = &k->m[i];
    c->m = *m;
    hist_copy(&c->m.latency, &m->latency);
    int ns = m->spec->n_states;
    c->st = sls_xcalloc((size_t)ns + 1, sizeof *c->st);
    for (int s = 0; s < ns; s++) {
      c->st[s] = m->st[s];
      c->st[s].last_branch = NULL;
      if (m->st[s].last_branch) {
        size_t nb = (size_t)m->spec->states[s].n_branches;
        c->st[s].last_branch = sls_xcalloc(nb + 1, sizeof(uint64_t));
        memcpy(c->st[s].last_branch, m->st[s].last_branch, nb * sizeof(uint64_t));
      }
    }
  }
  k->ds = sls_xcalloc((size_t)w->n_downstreams + 1, sizeof *k->ds);
  for (int i = 0; i < w->n_downstreams; i++) {
    k->ds[i] = w->downstreams[i].st;
    level_mark(&w->downstreams[i].lv_conn, now);
    level_mark(&w->downstreams[i].lv_active, now);
  }
  k->cap = sls_xcalloc((size_t)w->n_caps + 1, sizeof *k->cap);
  for (int i = 0; i < w->n_caps; i++) {
    k->cap[i] = w->caps[i];
    k->cap[i].area_run = level_mark(&w->caps[i].live, now);
  }
}

/* counters -= the warm-up's: every uint64_t in the `end` bytes from now (and then) */
static void sub_u64(void *now, const void *then, size_t end) {
  uint64_t *a = now;
  const uint64_t *b = then;
  for (size_t i = 0; i < end / sizeof *a; i++)
    a[i] -= b[i];
}

/* Takes the warm-up's statistics out (after the conservation check on the whole run). */
static void take_out_warmup(sls_world *w) {
  struct sls_warm *k = w->warm;
  if (!k) return;
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    warm_fn *c = &k->fn[i];
    /* sls_fn_stats: its counters (uint64_t), from requests up to active_s */
    sub_u64(&f->st.requests, &c->st.requests,
            offsetof(sls_fn_stats, active_s) - offsetof(sls_fn_stats, requests));
    f->st.active_s -= c->st.active_s;
    f->st.pc_active_s -= c->st.pc_active_s;
    sls_hist_subtract(&f->st.latency, &c->st.latency);
    sls_hist_subtract(&f->st.async_latency, &c->st.async_latency);
    sls_hist_subtract(&f->st.init_latency, &c->st.init_latency);
    sls_hist_subtract(&f->st.inv_latency, &c->st.inv_latency);
    f->conc_area_run -= c->conc;
    f->idle_area_run -= c->idle;
    f->idle_mb_run -= c->idle_mb;
    f->alive_area_run -= c->alive;
    f->pcc_area_run -= c->pcc;
  }
  for (int i = 0; i < w->n_sources; i++) {
    sls_source *s = &w->sources[i];
    warm_src *c = &k->src[i];
    s->arrivals -= c->arrivals, s->gw_requests -= c->gw_requests, s->cold_starts -= c->cold_starts;
    s->invocations -= c->invocations, s->wf_100ms -= c->wf_100ms, s->roots_done -= c->roots_done;
    s->roots_failed -= c->roots_failed, s->roots_dropped -= c->roots_dropped;
    for (int p = 0; p < SLS_PATH_N; p++)
      s->crit_ns[p] -= c->crit_ns[p];
    double *u = (double *)&s->use; /* sls_usage: doubles and arrays of doubles only */
    const double *v = (const double *)&c->use;
    for (size_t j = 0; j < sizeof s->use / sizeof(double); j++)
      u[j] -= v[j];
    sls_hist_subtract(&s->same, &c->same);
    sls_hist_subtract(&s->response_only, &c->response_only);
    sls_hist_subtract(&s->completion_only, &c->completion_only);
  }
  for (int i = 0; i < w->n_queues; i++) {
    sls_queue *q = &w->queues[i];
    warm_q *c = &k->q[i];
    q->st.sent -= c->st.sent, q->st.send_requests -= c->st.send_requests;
    q->st.receive_requests -= c->st.receive_requests, q->st.empty_receives -= c->st.empty_receives;
    q->st.delete_requests -= c->st.delete_requests, q->st.deleted -= c->st.deleted;
    q->st.to_dlq -= c->st.to_dlq, q->st.expired -= c->st.expired, q->st.received -= c->st.received;
    sls_hist_subtract(&q->st.e2e, &c->st.e2e);
    sls_hist_subtract(&q->st.wait, &c->st.wait);
    if (q->esm) {
      q->esm->batches -= c->batches;
      q->esm->batch_failures -= c->batch_failures;
      q->esm->batch_throttles -= c->batch_throttles;
    }
  }
  for (int i = 0; i < w->n_topics; i++) {
    sls_topic *t = &w->topics[i];
    const sls_topic *c = &k->topic[i];
    t->published -= c->published, t->publish_requests -= c->publish_requests;
    t->deliveries -= c->deliveries, t->unmatched -= c->unmatched;
    for (int j = 0; j < SLS_TARGET_N; j++)
      t->to[j] -= c->to[j];
  }
  for (int i = 0; i < w->n_buses; i++) {
    sls_bus *b = &w->buses[i];
    const sls_bus *c = &k->bus[i];
    b->put -= c->put, b->put_requests -= c->put_requests, b->unmatched -= c->unmatched;
    b->deliveries -= c->deliveries, b->delivered -= c->delivered, b->attempts_failed -= c->attempts_failed;
    b->retries -= c->retries, b->to_dlq -= c->to_dlq, b->dropped -= c->dropped, b->api_calls -= c->api_calls;
    for (int j = 0; j < SLS_TARGET_N; j++)
      b->to[j] -= c->to[j];
  }
  for (int i = 0; i < w->n_joins; i++) {
    sls_join *j = &w->joins[i];
    const sls_join *c = &k->join[i];
    j->arrivals -= c->arrivals, j->fired -= c->fired, j->partial -= c->partial;
    j->timed_out -= c->timed_out, j->late -= c->late;
    sls_hist_subtract(&j->spread, &c->spread);
  }
  for (int i = 0; i < w->n_machines; i++) {
    sls_machine *m = &w->machines[i];
    const sls_machine *c = &k->m[i].m;
    m->started -= c->started, m->start_throttled -= c->start_throttled, m->succeeded -= c->succeeded;
    m->failed -= c->failed, m->timed_out -= c->timed_out, m->compensated -= c->compensated;
    m->transitions -= c->transitions, m->transitions_delayed -= c->transitions_delayed;
    m->express_100ms -= c->express_100ms, m->tasks -= c->tasks, m->task_errors -= c->task_errors;
    m->task_timeouts -= c->task_timeouts, m->task_throttles -= c->task_throttles;
    m->history_failed -= c->history_failed;
    sls_hist_subtract(&m->latency, &c->latency);
    for (int s = 0; s < m->spec->n_states; s++) {
      sls_state_stats *x = &m->st[s];
      const sls_state_stats *y = &k->m[i].st[s];
      x->entered -= y->entered, x->retries -= y->retries, x->caught -= y->caught, x->failed -= y->failed;
      x->left -= y->left, x->time_ns -= y->time_ns, x->spread_ns -= y->spread_ns, x->spreads -= y->spreads;
      for (int b = 0; x->last_branch && b < m->spec->states[s].n_branches; b++)
        x->last_branch[b] -= y->last_branch[b];
    }
  }
  for (int i = 0; i < w->n_downstreams; i++) {
    sls_ds_stats *d = &w->downstreams[i].st;
    const sls_ds_stats *c = &k->ds[i];
    d->calls -= c->calls, d->failed_calls -= c->failed_calls, d->refusals -= c->refusals;
    d->collapses -= c->collapses, d->down_ns -= c->down_ns, d->outage_ns -= c->outage_ns;
    d->api_calls -= c->api_calls, d->api_failed -= c->api_failed;
  }
  for (int i = 0; i < w->n_caps; i++) {
    sls_capacity *p = &w->caps[i];
    const sls_capacity *c = &k->cap[i];
    p->area_run -= c->area_run, p->topup_ns -= c->topup_ns, p->launches -= c->launches;
    p->terminations -= c->terminations, p->placed -= c->placed, p->refused -= c->refused;
  }
}

static void warm_free(sls_world *w) {
  struct sls_warm *k = w->warm;
  if (!k) return;
  for (int i = 0; i < w->n_functions; i++) {
    sls_hist_destroy(&k->fn[i].st.latency);
    sls_hist_destroy(&k->fn[i].st.async_latency);
    sls_hist_destroy(&k->fn[i].st.init_latency);
    sls_hist_destroy(&k->fn[i].st.inv_latency);
  }
  for (int i = 0; i < w->n_sources; i++) {
    sls_hist_destroy(&k->src[i].same);
    sls_hist_destroy(&k->src[i].response_only);
    sls_hist_destroy(&k->src[i].completion_only);
  }
  for (int i = 0; i < w->n_queues; i++) {
    sls_hist_destroy(&k->q[i].st.e2e);
    sls_hist_destroy(&k->q[i].st.wait);
  }
  for (int i = 0; i < w->n_joins; i++)
    sls_hist_destroy(&k->join[i].spread);
  for (int i = 0; i < w->n_machines; i++) {
    sls_hist_destroy(&k->m[i].m.latency);
    for (int s = 0; s < w->machines[i].spec->n_states; s++)
      free(k->m[i].st[s].last_branch);
    free(k->m[i].st);
  }
  free(k->topic);
  free(k->bus);
  free(k->join);
  free(k->m);
  free(k->fn);
  free(k->src);
  free(k->q);
  free(k->ds);
  free(k->cap);
  free(k);
  w->warm = NULL;
}

/* Every LIMIT_EVERY events the run looks at the clock, its memory and its progress. */
#define LIMIT_EVERY 4096

/* Why the run must stop now (a limit it has reached), or NULL. */
static const char *over_limit(const sls_world *w, const struct timespec *t0) {
  const sls_limits *l = &w->limits;
  if (l->max_wall_s > 0 && seconds_since(t0) > l->max_wall_s) return "wall";
  if (l->max_bytes > 0 && sls_world_bytes(w) > l->max_bytes) return "memory";
  return NULL;
}

int sls_world_run(sls_world *w) {
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  uint64_t next_check = LIMIT_EVERY;
  w->hist_bytes = sls_world_hist_bytes(w);
  sls_hist_account(&w->hist_bytes);
  sls_sources_start(w);
  if (w->n_samples) {
    sls_time first = w->sc->sample_interval < w->sc->duration ? w->sc->sample_interval : w->sc->duration;
    sls_sim_schedule(&w->sim, first, on_sample, NULL, 0);
  }
  sls_queues_start(w);
  sls_downstreams_start(w);
  sls_functions_start(w);
  sls_timeline_start(w);
  if (w->sc->warmup > 0) sls_sim_schedule(&w->sim, w->sc->warmup, on_warmed, NULL, 0);
  /* Run to the end, then only while work is in flight (the drain), for at most drain_limit:
   * background events (expiry timers, mapping ticks) past the end are of no interest. */
  sls_time hard_end = w->sc->duration + w->sc->drain_limit;
  if (hard_end < w->sc->duration) hard_end = SLS_TIME_MAX;
  w->billed_span = w->sc->duration;
  for (;;) {
    if (!w->closed) { /* the events that need none of the checks below, at once */
      uint64_t stop = next_check;
      if (w->limits.max_events && w->limits.max_events < stop) stop = w->limits.max_events;
      sls_sim_run(&w->sim, w, w->sc->duration, stop);
    }
    sls_time next = sls_sim_peek(&w->sim);
    if (next > w->sc->duration && !w->closed) {
      while (w->sample_k < w->n_samples)
        take_sample(w, w->sc->duration);
      sls_functions_close(w);
      sls_capacity_close(w);
      w->closed = 1;
    }
    if (next == SLS_TIME_MAX || (next > w->sc->duration && w->inflight == 0)) break;
    if (next > hard_end) { /* the drain limit: what is still in flight never ends */
      if (w->inflight) w->billed_span = hard_end;
      break;
    }
    if (w->limits.max_events && w->sim.n_events >= w->limits.max_events) {
      w->stopped = "events";
      break;
    }
    if (w->sim.n_events >= next_check) {
      next_check = w->sim.n_events + LIMIT_EVERY;
      if ((w->stopped = over_limit(w, &t0)) != NULL) break;
      if (w->progress) w->progress(w->progress_ctx, (double)w->sim.now / (double)w->sc->duration);
    }
    sls_sim_step(&w->sim, w);
  }
  sls_functions_finish(w);
  sls_series_finish(&w->series);
  if (w->warm) { /* conservation is of the whole run; the summary, of what followed the warm-up */
    w->conserved_ok = sls_world_conserved(w, w->conserved_msg);
    w->conserved_known = 1;
    take_out_warmup(w);
    warm_free(w); /* of no more use: its memory goes before the write */
  }
  sls_hist_account(NULL);
  w->wall_s = seconds_since(&t0);
  /* Nothing draws or is scheduled again: the random streams (eight a function, three a source)
   * and the events go now, and the write's buffers reuse their memory (bench (h), 10,000
   * functions: the peak, reached while writing, 103 -> 97 MB). */
  for (int i = 0; i < w->n_functions; i++)
    sls_function_free_streams(&w->functions[i]);
  for (int i = 0; i < w->n_sources; i++)
    sls_source_free_streams(&w->sources[i]);
  sls_sim_release(&w->sim);
#ifdef __GLIBC__
  /* What the run freed (streams, events, the warm-up's snapshot: small blocks among those kept) stays
   * resident in glibc's heap, where the write's large arrays, mapped apart, cannot reuse it:
   * give its pages back, so that the write's peak does not stack on top of them. */
  malloc_trim(0);
#endif
  if (!w->stopped && w->progress) w->progress(w->progress_ctx, 1.0);
  return w->stopped ? SLS_ERUN : 0;
}

/* Every root request either completed or is still live (its work cut off by the drain limit). */
static int roots_conserved(const sls_world *w, char *err) {
  for (int i = 0; i < w->n_sources; i++) {
    const sls_source *s = &w->sources[i];
    uint64_t recorded = s->same.n + s->completion_only.n + (s->fn_latency_mine ? s->fn->st.latency.n : 0);
    if (s->roots_done + s->roots_live != s->arrivals || recorded != s->roots_done) {
      sls_err(err, "source %s: arrivals %llu != complete %llu + live %llu", s->spec->name,
              (unsigned long long)s->arrivals, (unsigned long long)s->roots_done,
              (unsigned long long)s->roots_live);
      return 0;
    }
  }
  return 1;
}

/* Every delivery a bus began ended once (delivered, dead-lettered, dropped) or is pending; every
 * branch that reached a join was counted once. */
static int graph_conserved(const sls_world *w, char *err) {
  for (int i = 0; i < w->n_buses; i++) {
    const sls_bus *b = &w->buses[i];
    if (b->delivered + b->to_dlq + b->dropped + b->pending != b->deliveries) {
      sls_err(err, "bus %s: deliveries %llu != delivered %llu + to DLQ %llu + dropped %llu + pending %llu",
              b->spec->name, (unsigned long long)b->deliveries, (unsigned long long)b->delivered,
              (unsigned long long)b->to_dlq, (unsigned long long)b->dropped, (unsigned long long)b->pending);
      return 0;
    }
  }
  return 1;
}

/* Every item one part handed to another arrived once, or is on its way: for each kind of
 * target, what the senders counted sending equals what the receivers counted receiving plus
 * what is in delivery.  The two sides are counted by different code (a source's arrivals, a
 * function's emissions, a topic's and a bus's deliveries, a join's firings, a queue's
 * dead-letter moves, a function's failure destination; and the receivers' own counts). */
static int ledger_balanced(const sls_world *w, char *err) {
  uint64_t sent[SLS_TARGET_N] = {0}, got[SLS_TARGET_N] = {0};
  for (int i = 0; i < w->n_sources; i++) {
    const sls_source *s = &w->sources[i];
    if (s->spec->dest.kind != SLS_TARGET_FUNCTION || s->spec->async) sent[s->spec->dest.kind] += s->arrivals;
  }
  static const sls_target_kind emit_to[] = {[SLS_EMIT_INVOKE] = SLS_TARGET_FUNCTION,
                                            [SLS_EMIT_SEND] = SLS_TARGET_QUEUE,
                                            [SLS_EMIT_PUBLISH] = SLS_TARGET_TOPIC,
                                            [SLS_EMIT_PUT] = SLS_TARGET_BUS,
                                            [SLS_EMIT_JOIN] = SLS_TARGET_JOIN};
  for (int i = 0; i < w->n_functions; i++) {
    const sls_function *f = &w->functions[i];
    for (int k = 0; k <= SLS_EMIT_JOIN; k++)
      sent[emit_to[k]] += f->st.emitted[k];
    if (f->spec->on_failure_q >= 0) sent[SLS_TARGET_QUEUE] += f->st.async_failed + f->st.async_expired;
    got[SLS_TARGET_FUNCTION] += f->st.async_events;
  }
  for (int i = 0; i < w->n_topics; i++) {
    for (int k = 0; k < SLS_TARGET_N; k++)
      sent[k] += w->topics[i].to[k];
    got[SLS_TARGET_TOPIC] += w->topics[i].published;
  }
  for (int i = 0; i < w->n_buses; i++) {
    for (int k = 0; k < SLS_TARGET_N; k++)
      sent[k] += w->buses[i].to[k];
    sent[SLS_TARGET_QUEUE] += w->buses[i].to_dlq;
    got[SLS_TARGET_BUS] += w->buses[i].put;
  }
  for (int i = 0; i < w->n_joins; i++) {
    sent[w->joins[i].spec->target.kind] += w->joins[i].fired + w->joins[i].partial;
    got[SLS_TARGET_JOIN] += w->joins[i].arrivals;
  }
  for (int i = 0; i < w->n_machines; i++) /* a start is received whether it runs or is throttled */
    got[SLS_TARGET_MACHINE] += w->machines[i].started + w->machines[i].start_throttled;
  for (int i = 0; i < w->n_queues; i++) {
    if (w->queues[i].spec->dlq_index >= 0) sent[SLS_TARGET_QUEUE] += w->queues[i].st.to_dlq;
    got[SLS_TARGET_QUEUE] += w->queues[i].st.sent;
  }
  static const char *const kinds[] = {"functions", "queues",         "topics",          "buses",
                                      "joins",     "state machines", "API destinations"};
  for (int k = 0; k < SLS_TARGET_API; k++)
    if (sent[k] != got[k] + w->in_delivery[k]) {
      sls_err(err, "%s: items sent to them %llu != received %llu + in delivery %llu", kinds[k],
              (unsigned long long)sent[k], (unsigned long long)got[k], (unsigned long long)w->in_delivery[k]);
      return 0;
    }
  return 1;
}

int sls_world_conserved(const sls_world *w, char *err) {
  if (w->conserved_known) {
    if (!w->conserved_ok) sls_err(err, "%s", w->conserved_msg);
    return w->conserved_ok;
  }
  return sls_functions_conserved(w, err) && sls_queues_conserved(w, err) && roots_conserved(w, err) &&
         graph_conserved(w, err) && ledger_balanced(w, err) && sls_machines_conserved(w, err);
}
