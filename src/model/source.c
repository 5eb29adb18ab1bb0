/*
 * Sources: arrivals and the synchronous client (source.h).
 */
#include "model/source.h"

#include <gsl/gsl_rng.h>
#include <math.h>

#include "engine/rng.h"
#include "engine/util.h"
#include "model/arrival.h"
#include "model/function.h"

static void on_send(void *ctx, void *obj, int64_t arg);
static void on_arrival(void *ctx, void *obj, int64_t arg);

/* The client sends an attempt: through the API Gateway when there is one (each attempt,
 * retries included, is a gateway request and pays its latency), else straight to Lambda. */
static void on_attempt(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_job_invoke(ctx, obj);
}

static void on_send(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *rq = obj;
  sls_source *s = rq->src;
  if (s->spec->gateway == SLS_GW_NONE) {
    sls_job_invoke(w, rq);
    return;
  }
  s->gw_requests++;
  s->fn->st.gw_requests++;
  sls_time lat = sls_time_clamp(sls_dist_sample(&s->spec->gateway_latency, s->r_gateway), SLS_TIME_FAR);
  sls_sim_schedule(&w->sim, w->sim.now + lat, on_attempt, rq, 0);
}

/* Capped exponential backoff with jitter (Brooker 2015): attempt k waits
 * min(cap, base * 2^(k-1)), then full jitter draws uniform(0, d), equal jitter d/2 + U(0, d/2). */
static sls_time backoff(const sls_source *s, int k) {
  const sls_source_spec *sp = s->spec;
  double d = (double)sp->backoff_base * ldexp(1.0, k - 1);
  if (d > (double)sp->backoff_cap) d = (double)sp->backoff_cap;
  switch (sp->jitter) {
  case SLS_JITTER_FULL: d = d * gsl_rng_uniform(s->r_retry); break;
  case SLS_JITTER_EQUAL: d = d / 2 + d / 2 * gsl_rng_uniform(s->r_retry); break;
  default: break;
  }
  return (sls_time)d;
}

/* A failed sync attempt: retry when the client's policy allows.  Returns 1 when a retry was
 * scheduled. */
static int maybe_retry(sls_world *w, sls_request *rq) {
  sls_source *s = rq->src;
  if (rq->attempt >= s->spec->max_retries) return 0;
  rq->attempt++;
  s->fn->st.retries++;
  sls_sim_schedule(&w->sim, w->sim.now + backoff(s, rq->attempt), on_send, rq, 0);
  return 1;
}

static void sync_done(sls_world *w, sls_request *rq, int outcome) {
  sls_function *f = rq->fn;
  if (outcome != 0 && rq->src->spec->retry_on_error && maybe_retry(w, rq)) return;
  sls_hist_record(&f->st.latency, w->sim.now - rq->t0);
  /* An Express workflow execution is billed in 100 ms units [FACTS 4]. */
  if (rq->src->spec->workflow == 2)
    rq->src->wf_100ms += (uint64_t)((w->sim.now - rq->t0 + 99999999) / 100000000);
  if (outcome == 0)
    f->st.ok++;
  else if (outcome == 1)
    f->st.errors++;
  else
    f->st.timeouts++;
  f->sync_inflight--;
  sls_job_end(w, rq);
}

/* Throttled: the client retries when its policy allows, else the request ends throttled. */
static void sync_throttled(sls_world *w, sls_request *rq) {
  if (maybe_retry(w, rq)) return;
  rq->fn->st.throttled++;
  rq->fn->sync_inflight--;
  sls_job_end(w, rq);
}

static const sls_job_ops sync_ops = {sync_throttled, sync_done};

/* ---- sources ---- */

static void schedule_arrival(sls_world *w, sls_source *s, sls_time after) {
  sls_time t = sls_arrival_next(s, after);
  sls_time stop = s->spec->stop < w->sc->duration ? s->spec->stop : w->sc->duration;
  if (t < stop) sls_sim_schedule(&w->sim, t, on_arrival, s, 0);
}

/* A source produces one request: a sync request (through the gateway), an async event, or a
 * message for a queue. */
static void on_arrival(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_source *s = obj;
  sls_time now = w->sim.now;
  sls_time fixed = s->next_duration; /* the trace's duration for this arrival, before the next is drawn */
  schedule_arrival(w, s, now);
  s->arrivals++;
  if (s->spec->q_index >= 0) {
    int groups = s->spec->message_groups;
    sls_item it = {.group = groups > 1 ? (int)((s->arrivals - 1) % (uint64_t)groups) : 0,
                   .src = s,
                   .fixed_duration = -1};
    sls_deliver(w, (sls_target){SLS_TARGET_QUEUE, s->spec->q_index}, &it);
    return;
  }
  sls_function *f = s->fn;
  if (s->spec->async) {
    sls_item it = {.group = 0, .src = s, .fixed_duration = fixed};
    sls_async_event(w, f, &it);
    return;
  }
  f->ts_cur[SLS_TS_REQUESTS]++;
  sls_request *job = sls_job_new(w, SLS_JOB_SYNC, f, &sync_ops);
  job->src = s;
  job->fixed_duration = fixed;
  f->st.requests++;
  f->sync_inflight++;
  on_send(w, job, 0);
}

void sls_sources_init(sls_world *w, uint64_t seed) {
  const sls_scenario *sc = w->sc;
  w->n_sources = sc->n_sources;
  w->sources = sls_xcalloc((size_t)sc->n_sources + 1, sizeof *w->sources);
  for (int i = 0; i < sc->n_sources; i++) {
    sls_source *s = &w->sources[i];
    s->spec = &sc->sources[i];
    s->fn = s->spec->fn_index >= 0 ? &w->functions[s->spec->fn_index] : NULL;
    SLS_ASSERT(s->fn || s->spec->q_index >= 0); /* the loader resolved every target */
    s->r_arrival = sls_rng_alloc(seed, s->spec->name, "arrivals");
    s->next_duration = -1;
    s->r_retry = sls_rng_alloc(seed, s->spec->name, "retry");
    s->r_gateway = sls_rng_alloc(seed, s->spec->name, "gateway");
  }
}

void sls_sources_free(sls_world *w) {
  for (int i = 0; i < w->n_sources; i++) {
    gsl_rng_free(w->sources[i].r_arrival);
    gsl_rng_free(w->sources[i].r_retry);
    gsl_rng_free(w->sources[i].r_gateway);
  }
  free(w->sources);
}

void sls_sources_start(sls_world *w) {
  for (int i = 0; i < w->n_sources; i++) {
    sls_source *s = &w->sources[i];
    schedule_arrival(w, s, s->spec->start);
  }
}
