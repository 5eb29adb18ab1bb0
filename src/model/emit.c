/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a running invocation sends (function.h; part of the function module): an invocation of a
 * function that emits runs in phases — emissions at its start, its compute, emissions after
 * compute, its downstream calls, emissions at its end (only when it succeeds) — and is killed at
 * its timeout in whichever phase it is.
 *
 * At each point the emissions go out one after another, each item after its API call's latency
 * (Invoke, SendMessage[Batch], Publish, PutEvents; facts §6), which the caller spends running
 * and is billed for; an item is delivered when its call returns.  A synchronous invoke waits for
 * the callee's whole response (Lambda's RequestResponse; the caller is billed while it waits,
 * Doc: "Invoke"): a callee throttled is retried by the caller's SDK (standard mode: 3 attempts,
 * 100 ms base, full jitter; AWS SDKs and Tools reference guide, "Retry behavior"), and a callee
 * that fails fails the caller at once unless on_error = "ignore".  For a batch (an SQS mapping's
 * invocation) each message's items carry that message's root request.
 */
#include <gsl/gsl_randist.h>
#include <math.h>

#include "engine/util.h"
#include "model/function.h"

#define SDK_ATTEMPTS 3                 /* standard retry mode: attempts in all */
#define SDK_BASE (100 * SLS_NS_PER_MS) /* ... base delay */
#define SDK_CAP (20 * SLS_NS_PER_S)    /* ... longest delay */

static void on_phase(void *ctx, void *obj, int64_t arg);

/* ---- synchronous callees ---- */

/* The caller of callee goes on (failed: the callee failed for good). */
static void resume(sls_world *w, sls_request *callee, int failed) {
  sls_request *job = callee->caller;
  callee->caller = NULL;
  if (!job) return; /* it timed out while waiting */
  job->callee = NULL;
  const sls_emit_spec *e = &job->fn->spec->emits[job->emit_k];
  if (job->kind == SLS_JOB_BATCH) { /* the shared part of a batch's path: it waited, running */
    sls_path_to(&job->path, &job->mark, SLS_PATH_RUN, w->sim.now);
  } else { /* the critical path ran through the callee */
    job->path = callee->path;
    job->mark = w->sim.now;
  }
  if (failed) job->fn->st.sync_failed++;
  if (failed && e->on_error_fail) { /* the caller fails at once */
    job->outcome = 1;
    job->phase = SLS_PHASE_DONE;
  }
  on_phase(w, job, 0);
}

/* The callee's request ends: counted like a client's, then its caller goes on.  A failure its
 * caller ignores (on_error = "ignore") is handled, and not the root's. */
static void callee_end(sls_world *w, sls_request *rq, int end, int failed) {
  const sls_request *c = rq->caller;
  if (failed && c && !c->fn->spec->emits[c->emit_k].on_error_fail) end = SLS_END_OK;
  sls_path_to(&rq->path, &rq->mark, SLS_PATH_WAIT, w->sim.now);
  sls_root_release(w, rq->root, &rq->path, end);
  rq->fn->sync_inflight--;
  resume(w, rq, failed);
  sls_job_end(w, rq);
}

static void on_sdk_retry(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_job_invoke(ctx, obj);
}

static void callee_throttled(sls_world *w, sls_request *rq) {
  sls_function *caller_fn = rq->caller ? rq->caller->fn : NULL;
  if (rq->caller && ++rq->sdk_attempt < SDK_ATTEMPTS) { /* the SDK retries, the caller waits */
    double d = (double)SDK_BASE * ldexp(1.0, rq->sdk_attempt - 1);
    if (d > (double)SDK_CAP) d = (double)SDK_CAP;
    rq->fn->st.retries++;
    sls_sim_schedule(&w->sim, w->sim.now + (sls_time)(d * gsl_rng_uniform(caller_fn->r_emit)), on_sdk_retry,
                     rq, 0);
    return;
  }
  rq->fn->st.throttled++;
  callee_end(w, rq, SLS_END_FAILED, 1);
}

static void callee_done(sls_world *w, sls_request *rq, int outcome) {
  sls_function *f = rq->fn;
  if (rq->root) sls_usage_charge(&rq->root->src->use, rq, 1);
  sls_hist_record(&f->st.latency, w->sim.now - rq->t0);
  sls_fn_count_outcome(&f->st, outcome);
  callee_end(w, rq, outcome == 0 ? SLS_END_OK : SLS_END_FAILED, outcome != 0);
}

static const sls_job_ops callee_ops = {callee_throttled, callee_done};

/* The path of an item of job (for message m of a batch) at now. */
static sls_path item_path(const sls_world *w, const sls_request *job, const sls_msg *m) {
  sls_path p = job->path;
  p.t[SLS_PATH_RUN] += w->sim.now - job->mark;
  if (m) sls_path_add(&p, &m->path);
  return p;
}

/* A sync invoke goes out (the call's API latency has passed): the callee starts, the caller
 * waits for it.  (This is the caller's phase event: a caller killed at its timeout cancels it.) */
static void on_call_out(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_request *job = obj;
  job->phase_ev = NULL;
  const sls_emit_spec *e = &job->fn->spec->emits[job->emit_k];
  sls_function *g = &w->functions[e->target.index];
  sls_request *callee = sls_job_new(w, SLS_JOB_SYNC, g, &callee_ops);
  callee->caller = job;
  job->callee = callee;
  callee->root = job->emit_msg ? job->emit_msg->root : job->root;
  sls_root_hold(callee->root);
  callee->path = item_path(w, job, job->emit_msg);
  callee->mark = w->sim.now;
  g->st.requests++;
  g->sync_inflight++;
  g->ts_cur[SLS_TS_REQUESTS]++;
  job->fn->st.sync_calls++;
  sls_job_invoke(w, callee);
}

/* ---- the emissions of one point ---- */

/* Items of emission e this time: Binomial(count, probability). */
static int draw_items(sls_function *f, const sls_emit_spec *e) {
  if (e->probability >= 1) return e->count;
  if (e->probability <= 0) return 0;
  return (int)gsl_ran_binomial(f->r_emit, e->probability, (unsigned)e->count);
}

/* Sends job's emissions at point `when`, from where it is (job->emit_k, emit_msg, emit_left).
 * Returns 1 when it waits for something (a continuation is scheduled), 0 when the point is done
 * now. */
static int emit_point(sls_world *w, sls_request *job, int when) {
  sls_function *f = job->fn;
  const sls_function_spec *fs = f->spec;
  sls_time t = w->sim.now; /* the caller's clock: each call's latency after the last */
  for (; job->emit_k < fs->n_emits; job->emit_k++, job->emit_left = -1, job->emit_msg = NULL) {
    const sls_emit_spec *e = &fs->emits[job->emit_k];
    if ((int)e->when != when) continue;
    for (;;) {
      sls_msg *m = job->kind == SLS_JOB_BATCH ? (job->emit_msg ? job->emit_msg : job->msgs) : NULL;
      if (job->kind == SLS_JOB_BATCH && !m) break; /* a batch whose messages are gone */
      job->emit_msg = m;
      sls_root *root = m ? m->root : job->root;
      if (job->emit_left < 0) { /* the items for this message (or invocation): drawn once */
        job->emit_left = draw_items(f, e);
        if (e->join_index >= 0) sls_join_count(w, e->join_index, root, job->emit_left);
      }
      /* up to e->concurrency calls at a time: each goes on the lane that frees first */
      sls_time lane[SLS_EMIT_MAX_CONCURRENCY];
      int lanes = e->concurrency > 1 ? e->concurrency : 1;
      for (int l = 0; l < lanes; l++)
        lane[l] = t;
      while (job->emit_left > 0) {
        sls_item it = SLS_ITEM_INIT;
        it.root = root;
        it.kb = e->payload_kb;
        it.event_type = e->event_type_id;
        int n = 1;
        if (e->kind == SLS_EMIT_SEND) { /* SendMessageBatch: up to `batch` messages a request */
          n = job->emit_left < e->batch ? job->emit_left : e->batch;
          double kb = e->payload_kb * n, chunks = ceil(kb / 64.0);
          it.send_requests = chunks < 1 ? 1 : chunks;
        }
        sls_time lat = sls_time_clamp(sls_dist_sample(&e->api_latency, f->r_emit), SLS_TIME_FAR);
        f->st.emitted[e->kind] += (uint64_t)n;
        if (e->kind == SLS_EMIT_INVOKE && e->sync) { /* wait for the callee: its call goes out after lat */
          job->emit_left--;
          f->st.emitted[e->kind]--; /* counted as a sync call instead */
          job->phase_ev = sls_sim_schedule(&w->sim, t + lat, on_call_out, job, 0);
          return 1;
        }
        int l = 0;
        for (int k = 1; k < lanes; k++)
          if (lane[k] < lane[l]) l = k;
        lane[l] += lat;
        it.path = item_path(w, job, m);
        for (int i = 0; i < n; i++) {
          if (e->kind == SLS_EMIT_SEND) {
            it.group =
                e->message_groups > 1 ? (int)(f->st.emitted[SLS_EMIT_SEND] % (uint64_t)e->message_groups) : 0;
            if (i > 0) it.send_requests = 0; /* the batch's requests are on its first message */
          }
          sls_deliver_after(w, e->target, &it, lane[l] - w->sim.now, SLS_PATH_RUN);
        }
        job->emit_left -= n;
      }
      for (int l = 0; l < lanes; l++) /* the emission is done when its last call returns */
        t = lane[l] > t ? lane[l] : t;
      if (job->kind != SLS_JOB_BATCH || !(job->emit_msg = m->next)) break;
      job->emit_left = -1;
    }
  }
  job->emit_k = 0;
  job->emit_left = -1;
  job->emit_msg = NULL;
  if (t > w->sim.now) { /* the calls take the caller until t */
    job->phase_ev = sls_sim_schedule(&w->sim, t, on_phase, job, 0);
    return 1;
  }
  return 0;
}

/* ---- the phases ---- */

/* The invocation ends now with outcome (0 ok, 1 error, 2 timeout). */
static void end(sls_world *w, sls_request *job, int outcome) {
  if (job->timeout_ev) {
    sls_sim_cancel(&w->sim, job->timeout_ev);
    job->timeout_ev = NULL;
  }
  sls_job_complete(w, job, outcome);
}

/* Runs job's phases from job->phase until it has to wait. */
static void on_phase(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_request *job = obj;
  sls_function *f = job->fn;
  job->phase_ev = NULL;
  for (;;) {
    switch (job->phase) {
    case SLS_PHASE_START:
      if (job->n_calls > 0 && !job->connected) {  /* a downstream connection for the invocation */
        if (sls_ds_connect(w, f->ds, job) != 0) { /* refused: the handler fails at once */
          end(w, job, 1);
          return;
        }
        job->connected = 1;
      }
      if (emit_point(w, job, SLS_WHEN_START)) return;
      sls_path_to(&job->path, &job->mark, SLS_PATH_RUN, w->sim.now);
      job->phase = SLS_PHASE_AFTER; /* after the compute */
      sls_compute(w, job, on_phase, 0);
      return;
    case SLS_PHASE_AFTER:
      sls_path_to(&job->path, &job->mark, SLS_PATH_RUN, w->sim.now);
      if (emit_point(w, job, SLS_WHEN_AFTER_COMPUTE)) return;
      sls_path_to(&job->path, &job->mark, SLS_PATH_RUN, w->sim.now);
      if (job->n_calls > 0) {
        job->phase = SLS_PHASE_END;
        job->in_calls = 1;
        sls_ds_call(w, f->ds, job); /* it goes on in sls_job_calls_done */
        return;
      }
      job->phase = SLS_PHASE_END;
      break;
    case SLS_PHASE_END:
      sls_path_to(&job->path, &job->mark, job->in_calls ? SLS_PATH_DOWNSTREAM : SLS_PATH_RUN, w->sim.now);
      job->in_calls = 0;
      if (job->outcome == 0 && emit_point(w, job, SLS_WHEN_END)) {
        job->phase = SLS_PHASE_DONE;
        return;
      }
      job->phase = SLS_PHASE_DONE;
      break;
    default: end(w, job, job->outcome); return;
    }
  }
}

/* The invocation is killed at its timeout, in whichever phase it is. */
static void on_emit_timeout(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_request *job = obj;
  job->timeout_ev = NULL;
  sls_compute_cancel(w, job);
  if (job->callee) { /* the callee goes on; its answer reaches no one */
    job->callee->caller = NULL;
    job->callee = NULL;
  }
  if (job->in_calls) sls_ds_cancel(w, job->fn->ds, job);
  sls_job_complete(w, job, 2);
}

void sls_emit_start(sls_world *w, sls_request *job) {
  job->phase = SLS_PHASE_START;
  job->emit_k = 0;
  job->emit_left = -1;
  job->emit_msg = NULL;
  job->timeout_ev = sls_sim_schedule(&w->sim, job->run_start + job->fn->timeout, on_emit_timeout, job, 0);
  job->phase_ev = sls_sim_schedule(&w->sim, job->run_start, on_phase, job, 0);
}

void sls_emit_calls_done(sls_world *w, sls_request *job, int failed) {
  if (failed) job->outcome = 1;
  on_phase(w, job, 0);
}
