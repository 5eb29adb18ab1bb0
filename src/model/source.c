/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* A request through s's API Gateway: billed, and its latency drawn (0 without a gateway). */
static sls_time gateway(sls_source *s) {
  if (s->spec->gateway == SLS_GW_NONE) return 0;
  s->gw_requests++;
  if (s->fn) s->fn->st.gw_requests++;
  return sls_time_clamp(sls_dist_sample(&s->spec->gateway_latency, s->r_gateway), SLS_TIME_FAR);
}

static void on_send(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *rq = obj;
  if (rq->src->spec->gateway == SLS_GW_NONE) {
    sls_job_invoke(w, rq);
    return;
  }
  sls_sim_schedule(&w->sim, w->sim.now + gateway(rq->src), on_attempt, rq, 0);
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

/* The request ends (its root's piece of work with it): the caller has its answer. */
static void sync_end(sls_world *w, sls_request *rq, int end, int throttled) {
  sls_path_to(&rq->path, &rq->mark, SLS_PATH_WAIT, w->sim.now);
  if (rq->src->direct) { /* a throttled request is not in its function's latency histogram */
    sls_root_direct(w, rq->src, rq->t0, &rq->path, end, rq->src->fn_latency_mine && !throttled);
  } else {
    sls_root_respond(w, rq->root);
    sls_root_release(w, rq->root, &rq->path, end);
  }
  rq->fn->sync_inflight--;
  sls_job_end(w, rq);
}

static void sync_done(sls_world *w, sls_request *rq, int outcome) {
  sls_function *f = rq->fn;
  sls_usage_charge(&rq->src->use, rq, 1);
  if (outcome != 0 && rq->src->spec->retry_on_error && maybe_retry(w, rq)) return;
  sls_hist_record(&f->st.latency, w->sim.now - rq->t0);
  /* An Express workflow execution is billed in 100 ms units [facts §4]. */
  if (rq->src->spec->workflow == 2)
    rq->src->wf_100ms += (uint64_t)((w->sim.now - rq->t0 + 99999999) / 100000000);
  sls_fn_count_outcome(&f->st, outcome);
  sync_end(w, rq, outcome == 0 ? SLS_END_OK : SLS_END_FAILED, 0);
}

/* Throttled: the client retries when its policy allows, else the request ends throttled. */
static void sync_throttled(sls_world *w, sls_request *rq) {
  if (maybe_retry(w, rq)) return;
  rq->fn->st.throttled++;
  sync_end(w, rq, SLS_END_FAILED, 1);
}

static const sls_job_ops sync_ops = {sync_throttled, sync_done};

/* ---- sources ---- */

static void schedule_arrival(sls_world *w, sls_source *s, sls_time after) {
  sls_time t = sls_arrival_next(s, after);
  sls_time stop = s->spec->stop < w->sc->duration ? s->spec->stop : w->sc->duration;
  if (t < stop) /* the run loop fetches its function with it (sim.c radix_prefetch) */
    sls_sim_schedule(&w->sim, t, on_arrival, s, 0)->also = s->fn;
}

/* A source produces one request: a sync request (through the gateway), an async event, or a
 * message for a queue. */
static void on_arrival(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_source *s = obj;
  sls_time now = w->sim.now;
  if (SLS_SCATTERED(w)) { /* what the request reads: its source's, its function's and their specs' hot
                           * lines, its function's most recently used idle environment */
    sls_prefetch(s, SLS_SOURCE_HOT);
    sls_prefetch(s->spec, SLS_SOURCE_SPEC_HOT);
    if (s->fn) {
      sls_prefetch(s->fn, SLS_FUNCTION_HOT);
      sls_prefetch(s->fn->spec, SLS_FUNCTION_SPEC_HOT);
      sls_prefetch(s->fn->idle_tail, sizeof(sls_env));
    }
  }
  sls_time fixed = s->next_duration; /* the trace's duration for this arrival, before the next is drawn */
  schedule_arrival(w, s, now);
  s->arrivals++;
  if (s->direct) { /* a root that is one request: no root object (sls_root_direct) */
    s->roots_live++;
    sls_function *f = s->fn;
    f->ts_cur[SLS_TS_REQUESTS]++;
    sls_request *job = sls_job_new(w, SLS_JOB_SYNC, f, &sync_ops);
    job->src = s;
    job->mark = now;
    job->fixed_duration = fixed;
    f->st.requests++;
    f->sync_inflight++;
    on_send(w, job, 0);
    return;
  }
  sls_root *root = sls_root_new(w, s);
  if (s->spec->dest.kind != SLS_TARGET_FUNCTION || s->spec->async) {
    /* SendMessage, Publish, PutEvents or an Event invoke returns: the caller has its answer
     * (202); the arrival holds its root while it is handed on, so that a root whose work ends
     * at once (an event no rule matches) ends here */
    int groups = s->spec->message_groups;
    sls_item it = SLS_ITEM_INIT;
    it.root = root;
    it.src = s;
    it.fixed_duration = fixed;
    it.event_type = s->spec->event_type_id;
    if (s->spec->dest.kind == SLS_TARGET_TOPIC || s->spec->dest.kind == SLS_TARGET_BUS)
      it.kb = s->spec->event_kb;
    if (s->spec->dest.kind == SLS_TARGET_QUEUE && groups > 1)
      it.group = (int)((s->arrivals - 1) % (uint64_t)groups);
    if (s->spec->dest.kind == SLS_TARGET_MACHINE) {
      /* StartExecution answers when the execution starts (a synchronous Express one when it
       * ends): model/sfn.c responds; through API Gateway, after the gateway's latency */
      sls_time lat = gateway(s);
      sls_root_hold(root);
      sls_deliver_after(w, s->spec->dest, &it, lat, SLS_PATH_WAIT);
      sls_root_release(w, root, &it.path, SLS_END_OK);
      return;
    }
    sls_root_respond(w, root);
    sls_root_hold(root);
    sls_deliver(w, s->spec->dest, &it);
    sls_root_release(w, root, &it.path, SLS_END_OK);
    return;
  }
  sls_function *f = s->fn;
  f->ts_cur[SLS_TS_REQUESTS]++;
  sls_request *job = sls_job_new(w, SLS_JOB_SYNC, f, &sync_ops);
  job->src = s;
  job->root = root;
  sls_root_hold(root);
  job->mark = now;
  job->fixed_duration = fixed;
  f->st.requests++;
  f->sync_inflight++;
  on_send(w, job, 0);
}

/* Whose function latency histogram is a source's own: the only sync source of its function. */
static void share_latencies(sls_world *w) {
  int *n = sls_xcalloc((size_t)w->n_functions + 1, sizeof *n);
  for (int i = 0; i < w->n_sources; i++)
    if (w->sources[i].fn && !w->sources[i].spec->async) n[w->sources[i].fn->index]++;
  for (int i = 0; i < w->n_sources; i++) {
    sls_source *s = &w->sources[i];
    s->fn_latency_mine = s->direct && n[s->fn->index] == 1;
  }
  free(n);
}

void sls_sources_init(sls_world *w, uint64_t seed) {
  const sls_scenario *sc = w->sc;
  w->n_sources = sc->n_sources;
  w->sources = sls_xcalloc((size_t)sc->n_sources + 1, sizeof *w->sources);
  for (int i = 0; i < sc->n_sources; i++) {
    sls_source *s = &w->sources[i];
    s->spec = &sc->sources[i];
    s->fn = s->spec->fn_index >= 0 ? &w->functions[s->spec->fn_index] : NULL;
    SLS_ASSERT(s->fn || s->spec->q_index >= 0 || s->spec->dest.kind == SLS_TARGET_TOPIC ||
               s->spec->dest.kind == SLS_TARGET_BUS ||
               s->spec->dest.kind == SLS_TARGET_MACHINE); /* the loader resolved every target */
    s->r_arrival = sls_rng_init(&s->s_arrival, seed, s->spec->name, "arrivals");
    s->next_duration = -1;
    s->r_retry = sls_rng_alloc(seed, s->spec->name, "retry");
    s->r_gateway = sls_rng_alloc(seed, s->spec->name, "gateway");
    /* A synchronous request to a function that causes no other work is its root entire. */
    s->direct = s->fn && !s->spec->async && s->fn->spec->n_emits == 0;
    sls_hist_init(&s->same);
    sls_hist_init(&s->response_only);
    sls_hist_init(&s->completion_only);
  }
  share_latencies(w);
}

void sls_source_free_streams(sls_source *s) {
  sls_rng_free(s->r_retry); /* r_arrival's stream is in s */
  sls_rng_free(s->r_gateway);
  s->r_arrival = s->r_retry = s->r_gateway = NULL;
}

void sls_sources_free(sls_world *w) {
  for (int i = 0; i < w->n_sources; i++) {
    sls_source_free_streams(&w->sources[i]);
    sls_hist_destroy(&w->sources[i].same);
    sls_hist_destroy(&w->sources[i].response_only);
    sls_hist_destroy(&w->sources[i].completion_only);
  }
  free(w->sources);
}

void sls_sources_start(sls_world *w) {
  for (int i = 0; i < w->n_sources; i++) {
    sls_source *s = &w->sources[i];
    schedule_arrival(w, s, s->spec->start);
  }
}
