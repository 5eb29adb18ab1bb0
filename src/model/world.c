#include "model/world.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/rng.h"
#include "engine/util.h"
#include "model/arrival.h"
#include "model/downstream.h"
#include "model/queue.h"

const char *const sls_ts_names[SLS_TS_NCOLS] = {"requests",
                                                "invocations",
                                                "ok",
                                                "errors",
                                                "timeouts",
                                                "throttles",
                                                "cold_starts",
                                                "concurrency_mean",
                                                "concurrency_max",
                                                "idle_mean",
                                                "provisioned_busy_mean"};

/* ---- object pool ---- */

#define POOL_BLOCK 1024

static void pool_init(sls_pool *p, size_t size) {
  memset(p, 0, sizeof *p);
  p->size = size < sizeof(void *) ? sizeof(void *) : size;
}

void *sls_pool_get(sls_pool *p) {
  if (!p->free) {
    char *block = sls_xmalloc(POOL_BLOCK * p->size);
    p->blocks = sls_xrealloc(p->blocks, (p->n_blocks + 1) * sizeof *p->blocks);
    p->blocks[p->n_blocks++] = block;
    for (size_t i = POOL_BLOCK; i-- > 0;) {
      void **obj = (void **)(block + i * p->size);
      *obj = p->free;
      p->free = obj;
    }
  }
  void **obj = p->free;
  p->free = *obj;
  memset(obj, 0, p->size);
  if (++p->in_use > p->peak) p->peak = p->in_use;
  return obj;
}

void sls_pool_put(sls_pool *p, void *obj) {
  *(void **)obj = p->free;
  p->free = obj;
  p->in_use--;
}

static void pool_destroy(sls_pool *p) {
  for (size_t i = 0; i < p->n_blocks; i++)
    free(p->blocks[i]);
  free(p->blocks);
  memset(p, 0, sizeof *p);
}

/* ---- levels ---- */

void sls_level_add(sls_level *l, sls_time now, int64_t delta) {
  double a = (double)l->value * (double)(now - l->last);
  l->area += a;
  l->total_area += a;
  l->last = now;
  l->value += delta;
  if (l->value > l->peak) l->peak = l->value;
  if (l->value > l->peak_all) l->peak_all = l->value;
}

/* Returns the mean over [since, now] and starts a new sample period. */
double sls_level_sample(sls_level *l, sls_time now, sls_time since, int64_t *peak) {
  sls_level_add(l, now, 0);
  double mean = now > since ? l->area / (double)(now - since) : (double)l->value;
  if (peak) *peak = l->peak;
  l->area = 0;
  l->peak = l->value;
  return mean;
}

double sls_function_mean_concurrency(const sls_function *f, sls_time duration) {
  return duration > 0 ? f->conc_area_run / (double)duration : 0;
}

double sls_function_idle_env_s(const sls_function *f) { return f->idle_area_run / 1e9; }

/* Closes the run's window [0, duration] for the time averages; the drain comes after. */
static void close_window(sls_world *w) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    sls_level_add(&f->conc, w->sc->duration, 0);
    f->conc_area_run = f->conc.total_area;
    sls_level_add(&f->idle, w->sc->duration, 0);
    f->idle_area_run = f->idle.total_area;
  }
}

/* ---- concurrency and scaling ---- */

static int conc_available(const sls_world *w, const sls_function *f) {
  if (f->spec->reserved >= 0) return f->spec->provisioned + f->od_active < f->spec->reserved;
  return w->unreserved_used < w->sc->account.concurrency_limit - w->reserved_total;
}

/* An on-demand environment becomes busy or initializing (acquire) or stops being so. */
static void conc_acquire(sls_world *w, sls_function *f) {
  f->od_active++;
  if (f->spec->reserved < 0) w->unreserved_used++;
  sls_level_add(&f->conc, w->sim.now, +1);
}

static void conc_release(sls_world *w, sls_function *f) {
  f->od_active--;
  if (f->spec->reserved < 0) w->unreserved_used--;
  sls_level_add(&f->conc, w->sim.now, -1);
}

/* Token bucket for new environments [FACTS 1]. */
static int bucket_take(double *tokens, sls_time *last, sls_time now, double cap, double rate) {
  *tokens += rate * (double)(now - *last) / 1e9;
  if (*tokens > cap) *tokens = cap;
  *last = now;
  if (*tokens < 1.0) return 0;
  *tokens -= 1.0;
  return 1;
}

static int scaling_allows(sls_world *w, sls_function *f) {
  const sls_account_spec *a = &w->sc->account;
  sls_time now = w->sim.now;
  switch (a->scaling) {
  case SLS_SCALING_2023: return bucket_take(&f->tokens, &f->tokens_t, now, a->burst, a->refill_per_s);
  case SLS_SCALING_LEGACY:
    return bucket_take(&w->acct_tokens, &w->acct_tokens_t, now, a->burst, a->refill_per_s);
  default: return 1;
  }
}

/* ---- environments ---- */

static void on_expire_fifo(void *ctx, void *obj, int64_t arg);
static void on_expire_env(void *ctx, void *obj, int64_t arg);

static void env_free(sls_world *w, sls_env *e) { sls_pool_put(&w->env_pool, e); }

static void idle_unlink(sls_function *f, sls_env *e) {
  if (e->prev)
    e->prev->next = e->next;
  else
    f->idle_head = e->next;
  if (e->next)
    e->next->prev = e->prev;
  else
    f->idle_tail = e->prev;
  e->prev = e->next = NULL;
}

/* Makes an on-demand environment idle (most recently used end) and arms its expiry. */
static void idle_push(sls_world *w, sls_function *f, sls_env *e) {
  sls_time now = w->sim.now;
  e->idle_since = now;
  e->prev = f->idle_tail;
  e->next = NULL;
  if (f->idle_tail)
    f->idle_tail->next = e;
  else
    f->idle_head = e;
  f->idle_tail = e;
  sls_level_add(&f->idle, now, +1);
  if (f->spec->keep_alive_constant) {
    /* FIFO expiry: with a constant keep-alive the least recently used environment always
     * expires first, so one timer per function suffices (DESIGN 2). */
    if (!f->expire_ev)
      f->expire_ev = sls_sim_schedule(
          &w->sim, f->idle_head->idle_since + sls_time_clamp(f->spec->keep_alive.a, SLS_TIME_FAR),
          on_expire_fifo, f, 0);
  } else {
    sls_time ka = sls_time_clamp(sls_dist_sample(&f->spec->keep_alive, f->r_keepalive), SLS_TIME_FAR);
    e->expire_ev = sls_sim_schedule(&w->sim, now + ka, on_expire_env, e, 0);
  }
}

/* Removes e from the idle list (it is being used or recycled). */
static void idle_take(sls_world *w, sls_function *f, sls_env *e) {
  idle_unlink(f, e);
  sls_level_add(&f->idle, w->sim.now, -1);
  if (f->spec->keep_alive_constant) {
    if (!f->idle_head && f->expire_ev) {
      sls_sim_cancel(&w->sim, f->expire_ev);
      f->expire_ev = NULL;
    }
  } else if (e->expire_ev) {
    sls_sim_cancel(&w->sim, e->expire_ev);
    e->expire_ev = NULL;
  }
}

/* An idle environment's keep-alive ran out. */
static void expire(sls_world *w, sls_function *f, sls_env *e) {
  idle_unlink(f, e);
  sls_level_add(&f->idle, w->sim.now, -1);
  f->st.expired++;
  env_free(w, e);
}

static void on_expire_fifo(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_function *f = obj;
  sls_time now = w->sim.now, ka = sls_time_clamp(f->spec->keep_alive.a, SLS_TIME_FAR);
  f->expire_ev = NULL;
  while (f->idle_head && f->idle_head->idle_since + ka <= now)
    expire(w, f, f->idle_head);
  if (f->idle_head)
    f->expire_ev = sls_sim_schedule(&w->sim, f->idle_head->idle_since + ka, on_expire_fifo, f, 0);
}

static void on_expire_env(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_env *e = obj;
  e->expire_ev = NULL;
  expire(w, e->fn, e);
}

static sls_env *env_new(sls_world *w, sls_function *f, int provisioned) {
  sls_env *e = sls_pool_get(&w->env_pool);
  e->fn = f;
  e->born = w->sim.now;
  e->provisioned = provisioned;
  e->retire_at = SLS_TIME_MAX;
  if (!provisioned && f->spec->lifetime_on)
    e->retire_at =
        e->born + sls_time_clamp(sls_dist_sample(&f->spec->max_lifetime, f->r_lifetime), SLS_TIME_FAR);
  f->st.envs_created++;
  return e;
}

/* ---- jobs ---- */

static void on_arrival(void *ctx, void *obj, int64_t arg);
static void on_attempt(void *ctx, void *obj, int64_t arg);
static void on_send(void *ctx, void *obj, int64_t arg);
static void on_complete(void *ctx, void *obj, int64_t arg);
static void on_run_start(void *ctx, void *obj, int64_t arg);
static void on_compute_done(void *ctx, void *obj, int64_t arg);
static void on_timeout(void *ctx, void *obj, int64_t arg);

sls_request *sls_job_new(sls_world *w, sls_job_kind kind, sls_function *f) {
  sls_request *job = sls_pool_get(&w->req_pool);
  job->kind = kind;
  job->fn = f;
  job->t0 = w->sim.now;
  job->ps_idx = SIZE_MAX;
  job->fixed_duration = -1;
  w->inflight++;
  return job;
}

void sls_job_end(sls_world *w, sls_request *job) {
  w->inflight--;
  sls_pool_put(&w->req_pool, job);
}

void sls_job_invoke(sls_world *w, sls_request *job) { on_attempt(w, job, 0); }

/* The client sends an attempt: through the API Gateway when there is one (each attempt,
 * retries included, is a gateway request and pays its latency), else straight to Lambda. */
static void on_send(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *rq = obj;
  sls_source *s = rq->src;
  if (s->spec->gateway == SLS_GW_NONE) {
    on_attempt(w, rq, 0);
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

/* ---- asynchronous invocations [FACTS 1: Asynchronous invocation] ----
 * Lambda accepts the event into its internal queue at once.  A throttled delivery is retried
 * after 1 s, doubling up to 5 min, while the event is younger than the maximum event age; a
 * failed invocation is retried up to async_retries times, 1 min and then 2 min later.  Then
 * the event goes to the on-failure destination (counted as failed or expired). */

/* The event ends; a failed or expired one goes to the on-failure destination queue if any. */
static void async_end(sls_world *w, sls_request *job, uint64_t *counter) {
  (*counter)++;
  sls_function *f = job->fn;
  if (counter != &f->st.async_ok && f->spec->on_failure_q >= 0)
    sls_queue_send(w, &w->queues[f->spec->on_failure_q], 0);
  job->fn->async_inflight--;
  sls_job_end(w, job);
}

static void async_retry_after(sls_world *w, sls_request *job, sls_time delay) {
  sls_function *f = job->fn;
  if (w->sim.now + delay - job->t0 > f->spec->max_event_age) {
    async_end(w, job, &f->st.async_expired);
    return;
  }
  f->st.async_retries++;
  sls_sim_schedule(&w->sim, w->sim.now + delay, on_attempt, job, 0);
}

static void async_throttled(sls_world *w, sls_request *job) {
  job->attempt++;
  double d = ldexp(1.0, job->attempt - 1) * 1e9; /* 1 s, 2 s, 4 s, ... */
  if (d > 300e9) d = 300e9;
  async_retry_after(w, job, (sls_time)d);
}

static void async_done(sls_world *w, sls_request *job, int outcome) {
  sls_function *f = job->fn;
  if (outcome == 0) {
    sls_hist_record(&f->st.async_latency, w->sim.now - job->t0);
    async_end(w, job, &f->st.async_ok);
    return;
  }
  if (job->errors++ < f->spec->async_retries) {
    async_retry_after(w, job, (sls_time)job->errors * 60 * SLS_NS_PER_S); /* 1 min, then 2 min */
    return;
  }
  async_end(w, job, &f->st.async_failed);
}

/* ---- dispatch ---- */

/* Over a limit: what happens next is the job owner's affair. */
static void throttle(sls_world *w, sls_function *f, sls_request *job) {
  f->st.throttles++;
  f->ts_cur[SLS_TS_THROTTLES]++;
  switch (job->kind) {
  case SLS_JOB_SYNC:
    if (maybe_retry(w, job)) return;
    f->st.throttled++;
    f->sync_inflight--;
    sls_job_end(w, job);
    break;
  case SLS_JOB_ASYNC: async_throttled(w, job); break;
  case SLS_JOB_BATCH: sls_esm_throttled(w, job); break;
  }
}

/* Speed-adjusted compute time: the CPU-bound part scales with the CPU share [FACTS 3]. */
static double scaled(const sls_function *f, double d) {
  const sls_function_spec *fs = f->spec;
  return d * (fs->cpu_fraction / f->speed_ratio + (1.0 - fs->cpu_fraction));
}

/* Starts job on environment e after wait_ns (the cold start, 0 when warm).  Draws the
 * invocation's compute time, its per-message failures and downstream work; the invocation
 * ends in on_complete, through the downstream phases when the function has one. */
static void run_on(sls_world *w, sls_function *f, sls_env *e, sls_request *job, sls_time wait_ns,
                   sls_time billed_init_ns) {
  const sls_function_spec *fs = f->spec;
  int units = job->kind == SLS_JOB_BATCH ? job->n_msgs : 1;
  double d = sls_dist_sample(&fs->duration, f->r_duration);
  int calls = 0;
  job->ds_work = 0;
  job->n_failed = 0;
  for (int i = 0; i < units; i++) {
    if (fs->per_message.kind != SLS_DIST_CONSTANT || fs->per_message.a > 0)
      d += sls_dist_sample(&fs->per_message, f->r_message);
    if (fs->message_error_rate > 0 && gsl_rng_uniform(f->r_message) < fs->message_error_rate) job->n_failed++;
    calls += fs->calls_per_message;
  }
  if (f->ds)
    for (int i = 0; i < calls; i++)
      job->ds_work += sls_ds_draw(f->ds);
  /* A trace's recorded duration is replayed as recorded; the draw above happens anyway, so a
   * function's stream does not depend on whether its arrivals come from a trace. */
  /* capped by the timeout before it becomes time: whatever the tail, the invocation ends then */
  job->compute = job->fixed_duration >= 0 ? job->fixed_duration : sls_time_clamp(scaled(f, d), fs->timeout);
  job->outcome = fs->error_rate > 0 && gsl_rng_uniform(f->r_error) < fs->error_rate;
  job->env = e;
  job->run_start = w->sim.now + wait_ns;
  job->billed_init = billed_init_ns;
  e->req = job;
  f->st.invocations++;
  f->ts_cur[SLS_TS_INVOCATIONS]++;
  if (job->src) job->src->invocations++;
  if (job->kind == SLS_JOB_BATCH) f->st.batch_invocations++;
  if (e->provisioned) f->st.pc_invocations++;
  if (f->ds && calls > 0) {
    sls_sim_schedule(&w->sim, job->run_start, on_run_start, job, 0);
    return;
  }
  if (job->compute >= fs->timeout)
    sls_sim_schedule(&w->sim, job->run_start + fs->timeout, on_complete, job, 2);
  else
    sls_sim_schedule(&w->sim, job->run_start + job->compute, on_complete, job, job->outcome);
}

/* Downstream phase 1: the invocation starts running and opens its connection. */
static void on_run_start(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *job = obj;
  sls_function *f = job->fn;
  if (sls_ds_connect(w, f->ds, job) != 0) { /* refused: the handler fails at once */
    on_complete(w, job, 1);
    return;
  }
  job->connected = 1;
  if (job->compute >= f->spec->timeout) {
    sls_sim_schedule(&w->sim, job->run_start + f->spec->timeout, on_complete, job, 2);
    return;
  }
  sls_sim_schedule(&w->sim, job->run_start + job->compute, on_compute_done, job, 0);
}

/* Downstream phase 2: compute done, the calls begin; the timeout may cut them short. */
static void on_compute_done(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *job = obj;
  job->timeout_ev = sls_sim_schedule(&w->sim, job->run_start + job->fn->spec->timeout, on_timeout, job, 0);
  sls_ds_call(w, job->fn->ds, job);
}

static void on_timeout(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *job = obj;
  job->timeout_ev = NULL;
  sls_ds_cancel(w, job->fn->ds, job);
  on_complete(w, job, 2);
}

void sls_job_calls_done(sls_world *w, sls_request *job, int failed) {
  if (job->timeout_ev) {
    sls_sim_cancel(&w->sim, job->timeout_ev);
    job->timeout_ev = NULL;
  }
  on_complete(w, job, failed ? 1 : job->outcome);
}

/* One attempt of job reaches its function (DESIGN 3.2 dispatch). */
static void on_attempt(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *job = obj;
  sls_function *f = job->fn;
  sls_time now = w->sim.now;
  f->st.attempts++;
  sls_env *e = f->pc_idle;
  if (e) { /* provisioned first: already initialized and already counted */
    f->pc_idle = e->next;
    e->next = NULL;
    f->pc_busy++;
    sls_level_add(&f->conc, now, +1);
    sls_level_add(&f->pcb, now, +1);
    run_on(w, f, e, job, 0, 0);
    return;
  }
  if (!conc_available(w, f)) {
    throttle(w, f, job);
    return;
  }
  /* Most recently used idle environment; one past its lifetime is recycled instead. */
  while ((e = f->idle_tail) != NULL) {
    idle_take(w, f, e);
    if (now < e->retire_at) break;
    f->st.recycled++;
    env_free(w, e);
  }
  if (e) {
    conc_acquire(w, f);
    run_on(w, f, e, job, 0, 0);
    return;
  }
  if (!scaling_allows(w, f)) {
    throttle(w, f, job);
    return;
  }
  conc_acquire(w, f);
  e = env_new(w, f, 0);
  const sls_runtime_spec *rt = &f->spec->runtime;
  sls_time init = sls_time_clamp(sls_dist_sample(&rt->init, f->r_init), SLS_TIME_FAR);
  sls_time over = sls_time_clamp(sls_dist_sample(&rt->overhead, f->r_init), SLS_TIME_FAR);
  f->st.cold_starts++;
  if (job->src) job->src->cold_starts++;
  f->ts_cur[SLS_TS_COLD_STARTS]++;
  sls_hist_record(&f->st.init_latency, init + over);
  run_on(w, f, e, job, init + over, rt->init_billed ? init : 0);
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

/* The invocation ends (outcome 0 ok, 1 error, 2 timeout): bill it, free its environment, hand
 * the job back to its owner. */
static void on_complete(void *ctx, void *obj, int64_t outcome) {
  sls_world *w = ctx;
  sls_request *job = obj;
  sls_function *f = job->fn;
  sls_env *e = job->env;
  sls_time now = w->sim.now;
  if (job->connected) {
    sls_ds_disconnect(w, f->ds, job);
    job->connected = 0;
  }
  /* Billing is per 1 ms, rounded up; on-demand INIT is billed with the duration [FACTS 3]. */
  sls_time run = now - job->run_start;
  if (e->provisioned) {
    f->st.pc_billed_ms += (uint64_t)((run + SLS_NS_PER_MS - 1) / SLS_NS_PER_MS);
  } else {
    f->st.billed_ms += (uint64_t)((run + job->billed_init + SLS_NS_PER_MS - 1) / SLS_NS_PER_MS);
    f->st.billed_init_ms += (uint64_t)((job->billed_init + SLS_NS_PER_MS - 1) / SLS_NS_PER_MS);
  }
  e->req = NULL;
  job->env = NULL;
  if (e->provisioned) {
    f->pc_busy--;
    sls_level_add(&f->conc, now, -1);
    sls_level_add(&f->pcb, now, -1);
    e->next = f->pc_idle;
    f->pc_idle = e;
  } else {
    conc_release(w, f);
    if (now >= e->retire_at) {
      f->st.recycled++;
      env_free(w, e);
    } else {
      idle_push(w, f, e);
    }
  }
  switch (outcome) {
  case 0: f->ts_cur[SLS_TS_OK]++; break;
  case 1:
    f->ts_cur[SLS_TS_ERRORS]++;
    f->st.inv_errors++;
    break;
  default:
    f->ts_cur[SLS_TS_TIMEOUTS]++;
    f->st.inv_timeouts++;
    break;
  }
  switch (job->kind) {
  case SLS_JOB_SYNC: sync_done(w, job, (int)outcome); break;
  case SLS_JOB_ASYNC: async_done(w, job, (int)outcome); break;
  case SLS_JOB_BATCH: sls_esm_batch_done(w, job, (int)outcome); break;
  }
}

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
  if (s->q) {
    int groups = s->spec->message_groups;
    sls_queue_send(w, s->q, groups > 1 ? (int)((s->arrivals - 1) % (uint64_t)groups) : 0);
    return;
  }
  sls_function *f = s->fn;
  f->ts_cur[SLS_TS_REQUESTS]++;
  sls_request *job = sls_job_new(w, s->spec->async ? SLS_JOB_ASYNC : SLS_JOB_SYNC, f);
  job->src = s;
  job->fixed_duration = fixed;
  if (s->spec->async) {
    f->st.async_events++;
    f->async_inflight++;
    on_attempt(w, job, 0);
    return;
  }
  f->st.requests++;
  f->sync_inflight++;
  on_send(w, job, 0);
}

/* ---- sampling ---- */

static void take_sample(sls_world *w, sls_time now) {
  if (w->sample_k >= w->n_samples) return;
  sls_time since = (sls_time)w->sample_k * w->sc->sample_interval;
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    double *row = f->ts + w->sample_k * SLS_TS_NCOLS;
    for (int c = 0; c <= SLS_TS_COLD_STARTS; c++) {
      row[c] = (double)f->ts_cur[c];
      f->ts_cur[c] = 0;
    }
    int64_t peak;
    row[SLS_TS_CONC_MEAN] = sls_level_sample(&f->conc, now, since, &peak);
    row[SLS_TS_CONC_MAX] = (double)peak;
    row[SLS_TS_IDLE_MEAN] = sls_level_sample(&f->idle, now, since, NULL);
    row[SLS_TS_PC_BUSY_MEAN] = sls_level_sample(&f->pcb, now, since, NULL);
  }
  sls_queues_sample(w, w->sample_k, since, now);
  sls_downstreams_sample(w, w->sample_k, since, now);
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

static double cpu_vcpus(int memory_mb, double threads) {
  double v = memory_mb / 1769.0; /* 1,769 MB = 1 vCPU [FACTS 3] */
  return v < threads ? v : threads;
}

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
static double peak_rate(const sls_source_spec *s, double duration_s) {
  double r = 0;
  switch (s->kind) {
  case SLS_ARRIVAL_POISSON: return s->rate_per_s;
  case SLS_ARRIVAL_PIECEWISE:
    for (int i = 0; i < s->n_pieces; i++)
      r = s->piece_rate[i] > r ? s->piece_rate[i] : r;
    return r;
  case SLS_ARRIVAL_DIURNAL: return s->peak_rate_per_s * (s->weekend_factor > 1 ? s->weekend_factor : 1);
  case SLS_ARRIVAL_SPIKE: return s->rate_per_s + s->spike_rate_per_s;
  case SLS_ARRIVAL_MMPP:
    for (int i = 0; i < s->n_states; i++)
      r = s->state_rate[i] > r ? s->state_rate[i] : r;
    return r;
  case SLS_ARRIVAL_SCHEDULE: return (double)s->count / sls_time_to_s(s->period);
  case SLS_ARRIVAL_TRACE_TIMES: return (double)s->n_times / duration_s;
  default: return 0; /* batch: counted whole; trace counts: bounded by their minutes */
  }
}

/* Adds one part of the estimate; the largest is described in what. */
static void part(double *total, double *largest, char *what, size_t n, double bytes, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void part(double *total, double *largest, char *what, size_t n, double bytes, const char *fmt, ...) {
  *total += bytes;
  if (bytes <= *largest) return;
  *largest = bytes;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, n, fmt, ap);
  va_end(ap);
}

#define HIST_TYPICAL (32 * 1024.0) /* a latency histogram's few octaves of 4 KiB (stats/hist.h) */

double sls_world_estimate(const sls_scenario *sc, char *what, size_t n) {
  double total = 0, largest = 0, dur_s = sls_time_to_s(sc->duration);
  double samples = sc->sample_interval > 0 ? ceil((double)sc->duration / (double)sc->sample_interval) : 0;
  double cols = (double)sc->n_functions * SLS_TS_NCOLS + (double)sc->n_queues * SLS_QTS_NCOLS +
                (double)sc->n_downstreams * SLS_DTS_NCOLS;
  if (what && n) what[0] = 0;
  char buf[256];
  if (!what) what = buf, n = sizeof buf;
  part(&total, &largest, what, n, samples * cols * 8,
       "time series: %.0f samples x %.0f columns x 8 bytes (a longer sample_interval_s shrinks it)", samples,
       cols);
  int widest = sc->n_queues ? SLS_QTS_NCOLS : sc->n_functions ? SLS_TS_NCOLS : SLS_DTS_NCOLS;
  part(&total, &largest, what, n, samples * (1 + widest) * 8,
       "writing: one entity's time series at a time, %.0f samples x %d columns", samples, 1 + widest);
  part(&total, &largest, what, n, sc->n_functions * (sizeof(sls_function) + 7 * 64 + 3 * HIST_TYPICAL),
       "%d functions' state and latency histograms", sc->n_functions);
  double pc = 0, inflight = 0, messages = 0, trace = 0;
  for (int i = 0; i < sc->n_functions; i++)
    pc += (double)sc->functions[i].provisioned;
  part(&total, &largest, what, n, pc * sizeof(sls_env), "%.0f provisioned environments", pc);
  /* What waits grows only as fast as arrivals outrun service: a function serves at most its
   * concurrency (reservation, else the account's) per mean duration; a mapping drains its queue
   * at most maximum_concurrency batches per mean duration.  An estimate of the expected peak,
   * not a bound: a run that outgrows it is stopped by its memory limit. */
  for (int i = 0; i < sc->n_sources; i++) {
    const sls_source_spec *s = &sc->sources[i];
    double burst = s->kind == SLS_ARRIVAL_BATCH ? (double)s->count : 0, rate = peak_rate(s, dur_s);
    if (s->q_index >= 0) {
      double drain = 0;
      for (int m = 0; m < sc->n_mappings; m++)
        if (sc->mappings[m].q_index == s->q_index) {
          const sls_function_spec *f = &sc->functions[sc->mappings[m].fn_index];
          double conc = sc->mappings[m].max_concurrency > 0 ? (double)sc->mappings[m].max_concurrency : 1000;
          drain = conc * sc->mappings[m].batch_size / (sls_dist_mean(&f->duration) / 1e9 + 1e-3);
        }
      messages += burst + (rate > drain ? rate - drain : 0) * dur_s;
    } else {
      const sls_function_spec *f = &sc->functions[s->fn_index];
      double conc = f->reserved >= 0 ? (double)f->reserved : (double)sc->account.concurrency_limit;
      double serve = conc / (sls_dist_mean(&f->duration) / 1e9 + 1e-3);
      double busy = fmin(rate * sls_time_to_s(f->timeout), conc);
      double waiting = s->async
                           ? (rate > serve ? rate - serve : 0) * fmin(sls_time_to_s(f->max_event_age), dur_s)
                           : rate * s->max_retries * sls_time_to_s(s->backoff_cap);
      inflight += burst + busy + waiting;
    }
    trace += (double)s->n_times * 2 * sizeof(sls_time) + (double)s->n_minutes * sizeof(uint32_t);
  }
  part(&total, &largest, what, n, inflight * (sizeof(sls_request) + 2 * sizeof(sls_event) + 16),
       "%.0f requests in flight at once (running, waiting to retry, batches whole)", inflight);
  part(&total, &largest, what, n, messages * (sizeof(sls_msg) + sizeof(sls_event)),
       "%.0f messages waiting in queues (arrivals beyond what the mappings drain)", messages);
  part(&total, &largest, what, n, trace, "the traces' invocations");
  return total;
}

sls_world *sls_world_alloc(const sls_scenario *sc, uint64_t seed, char *err) {
  if (sls_world_check(sc, err)) return NULL;
  sls_world *w = sls_xcalloc(1, sizeof *w);
  sls_sim_init(&w->sim);
  w->sc = sc;
  pool_init(&w->env_pool, sizeof(sls_env));
  pool_init(&w->req_pool, sizeof(sls_request));
  w->n_functions = sc->n_functions;
  w->functions = sls_xcalloc((size_t)sc->n_functions, sizeof *w->functions);
  w->n_samples = 0;
  if (sc->sample_interval > 0)
    w->n_samples = (size_t)((sc->duration + sc->sample_interval - 1) / sc->sample_interval);
  int64_t pc_unreserved = 0;
  for (int i = 0; i < sc->n_functions; i++) {
    sls_function *f = &w->functions[i];
    sls_function_spec *fs = &sc->functions[i];
    f->spec = fs;
    f->index = i;
    f->speed_ratio =
        cpu_vcpus(fs->memory_mb, fs->cpu_threads) / cpu_vcpus(fs->ref_memory_mb, fs->cpu_threads);
    f->r_duration = sls_rng_alloc(seed, fs->name, "duration");
    f->r_init = sls_rng_alloc(seed, fs->name, "init");
    f->r_error = sls_rng_alloc(seed, fs->name, "error");
    f->r_keepalive = sls_rng_alloc(seed, fs->name, "keep-alive");
    f->r_lifetime = sls_rng_alloc(seed, fs->name, "lifetime");
    f->r_message = sls_rng_alloc(seed, fs->name, "messages");
    f->r_async = sls_rng_alloc(seed, fs->name, "async");
    f->tokens = sc->account.burst;
    sls_hist_init(&f->st.latency);
    sls_hist_init(&f->st.init_latency);
    sls_hist_init(&f->st.async_latency);
    if (w->n_samples) f->ts = sls_xcalloc(w->n_samples * SLS_TS_NCOLS, sizeof *f->ts);
    if (fs->reserved >= 0)
      w->reserved_total += fs->reserved;
    else
      pc_unreserved += fs->provisioned;
  }
  w->acct_tokens = sc->account.burst;
  w->unreserved_used = pc_unreserved; /* within the account: sls_world_check */
  /* Provisioned environments are initialized before the run starts [FACTS 1]. */
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    for (int64_t k = 0; k < f->spec->provisioned; k++) {
      sls_env *e = env_new(w, f, 1);
      e->next = f->pc_idle;
      f->pc_idle = e;
    }
    f->st.envs_created = 0; /* count on-demand environments only */
  }
  pool_init(&w->msg_pool, sizeof(sls_msg));
  sls_downstreams_init(w, seed);
  for (int i = 0; i < w->n_functions; i++) {
    int d = w->functions[i].spec->ds_index;
    w->functions[i].ds = d >= 0 ? &w->downstreams[d] : NULL;
  }
  sls_queues_init(w);
  w->n_sources = sc->n_sources;
  w->sources = sls_xcalloc((size_t)sc->n_sources, sizeof *w->sources);
  for (int i = 0; i < sc->n_sources; i++) {
    sls_source *s = &w->sources[i];
    s->spec = &sc->sources[i];
    s->fn = s->spec->fn_index >= 0 ? &w->functions[s->spec->fn_index] : NULL;
    s->q = s->spec->q_index >= 0 ? &w->queues[s->spec->q_index] : NULL;
    SLS_ASSERT(s->fn || s->q); /* the loader resolved every target */
    s->r_arrival = sls_rng_alloc(seed, s->spec->name, "arrivals");
    s->next_duration = -1;
    s->r_retry = sls_rng_alloc(seed, s->spec->name, "retry");
    s->r_gateway = sls_rng_alloc(seed, s->spec->name, "gateway");
  }
  return w;
}

void sls_world_free(sls_world *w) {
  if (!w) return;
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    gsl_rng_free(f->r_duration);
    gsl_rng_free(f->r_init);
    gsl_rng_free(f->r_error);
    gsl_rng_free(f->r_keepalive);
    gsl_rng_free(f->r_lifetime);
    sls_hist_destroy(&f->st.latency);
    sls_hist_destroy(&f->st.init_latency);
    sls_hist_destroy(&f->st.async_latency);
    gsl_rng_free(f->r_message);
    gsl_rng_free(f->r_async);
    free(f->ts);
  }
  for (int i = 0; i < w->n_sources; i++) {
    gsl_rng_free(w->sources[i].r_arrival);
    gsl_rng_free(w->sources[i].r_retry);
    gsl_rng_free(w->sources[i].r_gateway);
  }
  free(w->functions);
  free(w->sources);
  sls_queues_free(w);
  sls_downstreams_free(w);
  pool_destroy(&w->env_pool);
  pool_destroy(&w->req_pool);
  pool_destroy(&w->msg_pool);
  sls_sim_destroy(&w->sim);
  free(w);
}

static double pool_bytes(const sls_pool *p) { return (double)p->n_blocks * POOL_BLOCK * (double)p->size; }

double sls_world_bytes(const sls_world *w) {
  double b = sizeof *w + (double)w->n_functions * (sizeof(sls_function) + 7 * 64) +
             (double)w->n_sources * sizeof(sls_source);
  for (int i = 0; i < w->n_functions; i++) {
    const sls_fn_stats *st = &w->functions[i].st;
    const sls_hist *h[3] = {&st->latency, &st->init_latency, &st->async_latency};
    for (int k = 0; k < 3; k++)
      for (int r = 0; r < SLS_HIST_ROWS; r++)
        b += h[k]->rows[r] ? SLS_HIST_SUB * sizeof(uint64_t) : 0;
  }
  b += (double)w->n_samples * 8 *
       ((double)w->n_functions * SLS_TS_NCOLS + (double)w->n_queues * SLS_QTS_NCOLS +
        (double)w->n_downstreams * SLS_DTS_NCOLS);
  b += pool_bytes(&w->env_pool) + pool_bytes(&w->req_pool) + pool_bytes(&w->msg_pool);
  b += (double)w->sim.n_blocks * SLS_SIM_BLOCK * sizeof(sls_event) +
       (double)(w->sim.heap_cap + w->sim.free_cap) * sizeof(sls_event *);
  for (int i = 0; i < w->n_downstreams; i++)
    b += (double)w->downstreams[i].cap * sizeof(sls_request *);
  return b;
}

static double seconds_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
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
  for (int i = 0; i < w->n_sources; i++) {
    sls_source *s = &w->sources[i];
    schedule_arrival(w, s, s->spec->start);
  }
  if (w->n_samples) {
    sls_time first = w->sc->sample_interval < w->sc->duration ? w->sc->sample_interval : w->sc->duration;
    sls_sim_schedule(&w->sim, first, on_sample, NULL, 0);
  }
  sls_queues_start(w);
  /* Run to the end, then only while work is in flight (the drain), for at most drain_limit:
   * background events (expiry timers, mapping ticks) past the end are of no interest. */
  sls_time hard_end = w->sc->duration + w->sc->drain_limit;
  if (hard_end < w->sc->duration) hard_end = SLS_TIME_MAX;
  w->billed_span = w->sc->duration;
  for (;;) {
    sls_time next = sls_sim_peek(&w->sim);
    if (next > w->sc->duration && !w->closed) {
      while (w->sample_k < w->n_samples)
        take_sample(w, w->sc->duration);
      close_window(w);
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
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    f->st.unfinished = f->sync_inflight;
    f->st.async_unfinished = f->async_inflight;
  }
  w->wall_s = seconds_since(&t0);
  if (!w->stopped && w->progress) w->progress(w->progress_ctx, 1.0);
  return w->stopped ? SLS_ERUN : 0;
}

int sls_world_conserved(const sls_world *w, char *err) {
  for (int i = 0; i < w->n_functions; i++) {
    const sls_fn_stats *s = &w->functions[i].st;
    uint64_t ended = s->ok + s->errors + s->timeouts + s->throttled + s->unfinished;
    uint64_t async_ended = s->async_ok + s->async_failed + s->async_expired + s->async_unfinished;
    if (ended != s->requests || s->latency.n != s->ok + s->errors + s->timeouts ||
        async_ended != s->async_events || s->invocations + s->throttles != s->attempts) {
      sls_err(err,
              "function %s: requests %llu != ok %llu + errors %llu + timeouts %llu + throttled %llu + "
              "unfinished %llu,"
              " or async events %llu != ok %llu + failed %llu + expired %llu + unfinished %llu",
              w->functions[i].spec->name, (unsigned long long)s->requests, (unsigned long long)s->ok,
              (unsigned long long)s->errors, (unsigned long long)s->timeouts,
              (unsigned long long)s->throttled, (unsigned long long)s->unfinished,
              (unsigned long long)s->async_events, (unsigned long long)s->async_ok,
              (unsigned long long)s->async_failed, (unsigned long long)s->async_expired,
              (unsigned long long)s->async_unfinished);
      return 0;
    }
  }
  return sls_queues_conserved(w, err);
}
