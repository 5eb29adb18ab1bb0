/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * EventBridge event buses (bus.h).
 */
#include "model/bus.h"

#include <math.h>

#include "engine/rng.h"
#include "engine/util.h"

/* One rule target's delivery of one event (pooled: w->ebd_pool). */
typedef struct ebd {
  struct ebd *next_free; /* pool link (must stay first) */
  sls_bus *bus;
  const sls_rule_spec *rule;
  sls_target t;
  sls_item item;
  sls_time first; /* when the first attempt was due (ns) */
  int attempt;    /* attempts made */
  sls_time mark;  /* its path is accounted up to here */
} ebd;

size_t sls_bus_delivery_size(void) { return sizeof(ebd); }

void sls_buses_init(sls_world *w, uint64_t seed) {
  const sls_scenario *sc = w->sc;
  w->n_buses = sc->n_buses;
  w->buses = sls_xcalloc((size_t)sc->n_buses + 1, sizeof *w->buses);
  for (int i = 0; i < sc->n_buses; i++) {
    w->buses[i].spec = &sc->buses[i];
    w->buses[i].r = sls_rng_alloc(seed, sc->buses[i].name, "bus");
  }
}

void sls_buses_free(sls_world *w) {
  for (int i = 0; i < w->n_buses; i++)
    sls_rng_free(w->buses[i].r);
  free(w->buses);
}

sls_time sls_eb_retry_delay(int k) {
  double d = (double)SLS_EB_RETRY_BASE * ldexp(1.0, k - 1);
  return d > (double)SLS_EB_RETRY_CAP ? SLS_EB_RETRY_CAP : (sls_time)d;
}

static void on_attempt(void *ctx, void *obj, int64_t arg);

/* The delivery ends (outcome SLS_END_*): its hop lets go of the root. */
static void finish(sls_world *w, ebd *e, int outcome) {
  w->inflight--;
  e->bus->pending--;
  sls_path_to(&e->item.path, &e->mark, SLS_PATH_WAIT, w->sim.now);
  sls_root_release(w, e->item.root, &e->item.path, outcome);
  sls_pool_put(&w->ebd_pool, e);
}

static void on_api_done(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  ebd *e = obj;
  e->bus->delivered++;
  sls_path_to(&e->item.path, &e->mark, SLS_PATH_DOWNSTREAM, w->sim.now);
  finish(w, e, SLS_END_OK);
}

/* A failed attempt: retry while the policy allows, else the DLQ or nothing. */
static void failed(sls_world *w, ebd *e) {
  sls_bus *b = e->bus;
  b->attempts_failed++;
  if (e->attempt <= e->rule->retry_attempts) {
    double d = (double)sls_eb_retry_delay(e->attempt) * gsl_rng_uniform(b->r); /* full jitter */
    sls_time next = w->sim.now + (sls_time)d;
    if (next - e->first <= e->rule->max_age) {
      b->retries++;
      sls_sim_schedule(&w->sim, next, on_attempt, e, 0);
      return;
    }
  }
  if (e->rule->dlq_index >= 0) { /* the event goes on, as a message of the same root */
    b->to_dlq++;
    sls_path_to(&e->item.path, &e->mark, SLS_PATH_WAIT, w->sim.now);
    sls_deliver(w, (sls_target){SLS_TARGET_QUEUE, e->rule->dlq_index}, &e->item);
    finish(w, e, SLS_END_DROPPED);
    return;
  }
  b->dropped++;
  finish(w, e, SLS_END_FAILED);
}

static void on_attempt(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  ebd *e = obj;
  e->attempt++;
  sls_path_to(&e->item.path, &e->mark, SLS_PATH_WAIT, w->sim.now);
  if (e->t.kind != SLS_TARGET_API) { /* Lambda, SQS and SNS accept the event */
    e->bus->delivered++;
    e->bus->to[e->t.kind]++;
    sls_deliver(w, e->t, &e->item);
    finish(w, e, SLS_END_OK);
    return;
  }
  sls_downstream *d = &w->downstreams[e->t.index];
  e->bus->api_calls++;
  d->st.api_calls++;
  if (e->item.root) e->item.root->src->use.api_invocations++;
  if (!sls_ds_available(d)) {
    d->st.api_failed++;
    failed(w, e);
    return;
  }
  sls_time lat = sls_time_clamp(sls_ds_draw(d), SLS_TIME_FAR);
  sls_sim_schedule(&w->sim, w->sim.now + lat, on_api_done, e, 0);
}

void sls_bus_put(sls_world *w, sls_bus *b, const sls_item *item) {
  const sls_bus_spec *bs = b->spec;
  double chunks = ceil((item->kb > 0 ? item->kb : 1) / 64.0); /* every 64 KB is an event [facts §4] */
  if (chunks < 1) chunks = 1;
  b->put++;
  b->put_requests += (uint64_t)chunks;
  if (item->root) item->root->src->use.eb_events += chunks;
  int matched = 0;
  for (int i = 0; i < bs->n_rules; i++) {
    const sls_rule_spec *r = &bs->rules[i];
    if (!sls_filter_matches(r->types, r->n_types, r->probability, item->event_type, b->r)) continue;
    matched++;
    for (int k = 0; k < r->n_targets; k++) {
      ebd *e = sls_pool_get(&w->ebd_pool);
      e->bus = b;
      e->rule = r;
      e->t = r->targets[k];
      e->item = *item;
      e->mark = w->sim.now;
      sls_root_hold(e->item.root);
      w->inflight++; /* the run drains it */
      b->deliveries++;
      b->pending++;
      sls_time lat = sls_time_clamp(sls_dist_sample(&bs->delivery_latency, b->r), SLS_TIME_FAR);
      e->first = w->sim.now + lat;
      sls_sim_schedule(&w->sim, e->first, on_attempt, e, 0);
    }
  }
  if (!matched) b->unmatched++;
}
