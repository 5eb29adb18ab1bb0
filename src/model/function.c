/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lambda's execution of jobs and its asynchronous event queue (function.h).
 */
#include "model/function.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#include "engine/rng.h"
#include "engine/util.h"
#include "model/capacity.h"
#include "model/ps.h"

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
                                                "provisioned_busy_mean",
                                                "provisioned_mean"};

double sls_function_mean_concurrency(const sls_function *f, sls_time duration) {
  return duration > 0 ? f->conc_area_run / (double)duration : 0;
}

double sls_function_idle_env_s(const sls_function *f) { return f->idle_area_run / 1e9; }

void sls_functions_close(sls_world *w) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    sls_level_add(&f->conc, w->sc->duration, 0);
    f->conc_area_run = f->conc.total_area;
    sls_level_add(&f->idle, w->sc->duration, 0);
    f->idle_area_run = f->idle.total_area;
    f->idle_mb_run = f->idle_mb_ns + (f->idle_area_run - f->idle_area_mark) * f->memory_mb;
    sls_level_add(&f->alive, w->sc->duration, 0);
    f->alive_area_run = f->alive.total_area;
    sls_level_add(&f->pcc, w->sc->duration, 0);
    f->pcc_area_run = f->pcc.total_area;
  }
}

/* ---- concurrency and scaling ---- */

static int conc_available(const sls_world *w, const sls_function *f) {
  if (f->reserved >= 0) return f->pc_conf + f->od_active < f->reserved;
  return w->unreserved_used < w->conc_limit - w->reserved_total;
}

/* An on-demand environment becomes busy or initializing (acquire) or stops being so. */
static void conc_acquire(sls_world *w, sls_function *f) {
  f->od_active++;
  if (f->reserved < 0) w->unreserved_used++;
  sls_level_add(&f->conc, w->sim.now, +1);
}

static void conc_release(sls_world *w, sls_function *f) {
  f->od_active--;
  if (f->reserved < 0) w->unreserved_used--;
  sls_level_add(&f->conc, w->sim.now, -1);
}

/* Token bucket for new environments [facts §1]. */
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
  case SLS_SCALING_2023: return bucket_take(&f->tokens, &f->tokens_t, now, a->burst, f->refill);
  case SLS_SCALING_LEGACY:
    return bucket_take(&w->acct_tokens, &w->acct_tokens_t, now, a->burst, a->refill_per_s);
  default: return 1;
  }
}

/* ---- environments ---- */

static void on_expire_fifo(void *ctx, void *obj, int64_t arg);
static void on_expire_env(void *ctx, void *obj, int64_t arg);

/* An instance's processor-sharing state comes from its function's spares (allocated once per
 * instance alive at the peak, not per instance started). */
static sls_ps *cpu_take(sls_function *f) {
  if (f->n_cpu_spare) {
    sls_ps *p = f->cpu_spare[--f->n_cpu_spare];
    p->v = 0;
    p->v_t = 0;
    return p;
  }
  sls_ps *p = sls_xmalloc(sizeof *p);
  sls_ps_init(p, (size_t)f->spec->instance_concurrency);
  if ((f->n_cpu_all & (f->n_cpu_all - 1)) == 0) { /* a power of two (or 0): double both stacks */
    size_t cap = f->n_cpu_all ? 2 * (size_t)f->n_cpu_all : 1;
    f->cpu_all = sls_xrealloc(f->cpu_all, cap * sizeof *f->cpu_all);
    f->cpu_spare = sls_xrealloc(f->cpu_spare, cap * sizeof *f->cpu_spare);
  }
  f->cpu_all[f->n_cpu_all++] = p;
  return p;
}

static void env_free(sls_world *w, sls_env *e) {
  if (e->expire_ev) sls_sim_cancel(&w->sim, e->expire_ev); /* a lazy keep-alive timer (idle_push) */
  if (e->host) sls_capacity_release(w, e->host, e->fn->vcpus, e->fn->memory_mb / 1024.0);
  if (e->cpu) e->fn->cpu_spare[e->fn->n_cpu_spare++] = e->cpu; /* room: n_cpu_spare < n_cpu_all */
  sls_level_add(&e->fn->alive, w->sim.now, -1);
  sls_pool_put(&w->env_pool, e);
}

/* The environment lists are doubly linked through prev/next; tail may be NULL (a list kept as a
 * stack at its head). */
static void env_unlink(sls_env **head, sls_env **tail, sls_env *e) {
  if (e->prev)
    e->prev->next = e->next;
  else
    *head = e->next;
  if (e->next)
    e->next->prev = e->prev;
  else if (tail)
    *tail = e->prev;
  e->prev = e->next = NULL;
  e->where = SLS_ENV_IN_NONE;
}

static void env_append(sls_env **head, sls_env **tail, sls_env *e, int where) {
  e->prev = *tail;
  e->next = NULL;
  if (*tail)
    (*tail)->next = e;
  else
    *head = e;
  *tail = e;
  e->where = where;
}

static void idle_unlink(sls_function *f, sls_env *e) { env_unlink(&f->idle_head, &f->idle_tail, e); }

/* Schedules e's keep-alive timer at its deadline (the time kept beside it: reading it from the
 * event would be a cache miss a request). */
static void arm(sls_world *w, sls_env *e) {
  e->timer_at = e->expire_at;
  e->expire_ev = sls_sim_schedule(&w->sim, e->timer_at, on_expire_env, e, 0);
}

/* Makes an on-demand environment idle (most recently used end) and arms its expiry. */
static void idle_push(sls_world *w, sls_function *f, sls_env *e) {
  sls_time now = w->sim.now;
  e->idle_since = now;
  env_append(&f->idle_head, &f->idle_tail, e, SLS_ENV_IN_IDLE);
  sls_level_add(&f->idle, now, +1);
  if (f->spec->keep_alive_constant) {
    /* FIFO expiry: with a constant keep-alive the least recently used environment always
     * expires first, so one timer per function suffices (docs/design.md §2). */
    if (!f->expire_ev)
      f->expire_ev = sls_sim_schedule(
          &w->sim, f->idle_head->idle_since + sls_time_clamp(f->spec->keep_alive.a, SLS_TIME_FAR),
          on_expire_fifo, f, 0);
  } else {
    /* One lazy timer per environment, never later than its deadline while it is idle: a request
     * that takes the environment leaves the timer pending (idle_take), and the next idle period
     * moves it only when its deadline comes earlier; the timer, when it runs, expires the
     * environment, or moves itself to a later deadline, or lapses if the environment is busy.
     * The environment expires at its own deadline as before, without a cancelled timer and a new
     * one per request (two events scheduled an invocation instead of three, one of them
     * cancelled: docs/design.md §2, Keep-alive). */
    sls_time ka = sls_time_clamp(sls_dist_sample(&f->spec->keep_alive, f->r_keepalive), SLS_TIME_FAR);
    e->expire_at = now + ka;
    if (e->expire_ev && e->timer_at > e->expire_at) {
      sls_sim_cancel(&w->sim, e->expire_ev);
      e->expire_ev = NULL;
    }
    if (!e->expire_ev) arm(w, e);
  }
}

/* Whether idle e's keep-alive has run out at now (its expiry may be due at this very instant
 * and not yet have run). */
static int idle_expired(const sls_function *f, const sls_env *e, sls_time now) {
  if (f->spec->keep_alive_constant)
    return e->idle_since + sls_time_clamp(f->spec->keep_alive.a, SLS_TIME_FAR) <= now;
  return e->expire_at <= now;
}

/* Removes e from the idle list (it is being used or recycled; its own timer, if any, stays
 * pending: idle_push). */
static void idle_take(sls_world *w, sls_function *f, sls_env *e) {
  idle_unlink(f, e);
  sls_level_add(&f->idle, w->sim.now, -1);
  if (f->spec->keep_alive_constant && !f->idle_head && f->expire_ev) {
    sls_sim_cancel(&w->sim, f->expire_ev);
    f->expire_ev = NULL;
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
  if (e->where != SLS_ENV_IN_IDLE) return; /* busy: its next idle period arms it */
  if (e->expire_at > w->sim.now)           /* used and idle again since: a later deadline */
    arm(w, e);
  else
    expire(w, e->fn, e);
}

/* A provisioned environment's last request ended: idle again, or freed when provisioned
 * concurrency was lowered below the environments there are, or a deploy replaced its version. */
static void pc_rest(sls_world *w, sls_function *f, sls_env *e) {
  if (e->version != f->version) {
    env_free(w, e);
    return;
  }
  if (f->pc_excess > 0) {
    f->pc_excess--;
    f->pc_envs--;
    env_free(w, e);
    return;
  }
  e->next = f->pc_idle;
  f->pc_idle = e;
  e->where = SLS_ENV_IN_PC;
}

/* An on-demand environment's last request ended: recycled at or past its lifetime, else idle. */
static int env_gone(const sls_world *w, const sls_env *e);
static void env_rest(sls_world *w, sls_function *f, sls_env *e) {
  if (env_gone(w, e)) {
    f->st.recycled++;
    env_free(w, e);
  } else {
    idle_push(w, f, e);
  }
}

static sls_env *env_new(sls_world *w, sls_function *f, int provisioned) {
  sls_env *e = sls_pool_get(&w->env_pool);
  e->fn = f;
  e->born = w->sim.now;
  e->provisioned = provisioned;
  e->version = f->version;
  e->retire_at = SLS_TIME_MAX;
  e->ready_at = w->sim.now;
  e->host = NULL;
  sls_level_add(&f->alive, w->sim.now, +1);
  if (f->contended) e->cpu = cpu_take(f);
  if (!provisioned && f->spec->lifetime_on)
    e->retire_at =
        e->born + sls_time_clamp(sls_dist_sample(&f->spec->max_lifetime, f->r_lifetime), SLS_TIME_FAR);
  f->st.envs_created++;
  return e;
}

/* A new environment's cold start, begun for job (NULL: in the background): its INIT and overhead
 * drawn and counted.  Returns the wait (INIT + overhead); *billed_init is the INIT billed with
 * job's invocation. */
static sls_time cold_start(sls_world *w, sls_function *f, sls_request *job, sls_time *billed_init) {
  const sls_runtime_spec *rt = &f->spec->runtime;
  sls_time init = sls_time_clamp(sls_dist_sample(&rt->init, f->r_init), SLS_TIME_FAR);
  sls_time over = sls_time_clamp(sls_dist_sample(&rt->overhead, f->r_init), SLS_TIME_FAR);
  /* a ZIP package's dependencies load at INIT, an image's lazily (its size does not show: mikhail.io) */
  if (f->spec->package_mb > 0 && !rt->image)
    init += sls_time_clamp(f->spec->package_mb * (double)f->spec->init_per_mb, SLS_TIME_FAR);
  if (f->spec->vpc) over += f->spec->vpc_init;
  f->st.cold_starts++;
  if (job && job->src) job->src->cold_starts++;
  f->ts_cur[SLS_TS_COLD_STARTS]++;
  sls_hist_record(&f->st.init_latency, init + over);
  *billed_init = rt->init_billed ? init : 0;
  return init + over;
}

/* Room for a new environment of f on its capacity provider: the time until its instance takes
 * it (0 without a provider), or -1 when the provider is at max_vcpus; *host is set. */
static sls_time host_for(sls_world *w, sls_function *f, int up_at_once, sls_host **host) {
  *host = NULL;
  if (!f->cap) return 0;
  return sls_capacity_place(w, f->cap, f->vcpus, f->memory_mb / 1024.0, up_at_once, host);
}

/* A provisioned environment, idle (0 when its capacity provider has no room).  On a provider, an
 * instance launched for it is taken to be up when the environment is: before the run, or after
 * the allocation delay, which stands for the launch. */
static int pc_new(sls_world *w, sls_function *f) {
  sls_host *h;
  if (host_for(w, f, 1, &h) < 0) return 0;
  sls_env *e = env_new(w, f, 1);
  e->host = h;
  e->next = f->pc_idle;
  f->pc_idle = e;
  return 1;
}

/* ---- jobs ---- */

static void on_attempt(void *ctx, void *obj, int64_t arg);
static void on_complete(void *ctx, void *obj, int64_t arg);
static void on_run_start(void *ctx, void *obj, int64_t arg);
static void on_compute_done(void *ctx, void *obj, int64_t arg);
static void on_timeout(void *ctx, void *obj, int64_t arg);
static void on_run_contended(void *ctx, void *obj, int64_t arg);
static void on_compute_end(void *ctx, void *obj, int64_t arg);

void sls_job_invoke(sls_world *w, sls_request *job) { on_attempt(w, job, 0); }

/* ---- asynchronous invocations [facts §1: Asynchronous invocation] ----
 * Lambda accepts the event into its internal queue at once.  A throttled delivery is retried
 * after 1 s, doubling up to 5 min, while the event is younger than the maximum event age; a
 * failed invocation is retried up to async_retries times, 1 min and then 2 min later.  Then
 * the event goes to the on-failure destination (counted as failed or expired). */

/* The event ends; a failed or expired one goes to the on-failure destination queue if any. */
static void async_end(sls_world *w, sls_request *job, uint64_t *counter) {
  (*counter)++;
  sls_function *f = job->fn;
  int ok = counter == &f->st.async_ok, to_destination = !ok && f->spec->on_failure_q >= 0;
  sls_path_to(&job->path, &job->mark, SLS_PATH_WAIT, w->sim.now);
  if (to_destination) { /* the event goes on, as a message of the same root */
    sls_item it = SLS_ITEM_INIT;
    it.root = job->root;
    it.path = job->path;
    sls_deliver(w, (sls_target){SLS_TARGET_QUEUE, f->spec->on_failure_q}, &it);
  }
  sls_root_release(w, job->root, &job->path,
                   ok               ? SLS_END_OK
                   : to_destination ? SLS_END_DROPPED
                                    : SLS_END_FAILED);
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
  if (job->root) sls_usage_charge(&job->root->src->use, job, 1);
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

static const sls_job_ops async_ops = {async_throttled, async_done};

sls_request *sls_async_event(sls_world *w, sls_function *f, const sls_item *item) {
  sls_request *job = sls_job_new(w, SLS_JOB_ASYNC, f, &async_ops);
  job->src = item->src;
  job->fixed_duration = item->fixed_duration;
  job->root = item->root;
  sls_root_hold(job->root);
  job->path = item->path;
  job->mark = w->sim.now;
  f->ts_cur[SLS_TS_REQUESTS]++;
  f->st.async_events++;
  f->async_inflight++;
  on_attempt(w, job, 0);
  return job;
}

/* ---- dispatch ---- */

/* Over a limit: what happens next is the job owner's affair. */
static void throttle(sls_world *w, sls_function *f, sls_request *job) {
  f->st.throttles++;
  f->ts_cur[SLS_TS_THROTTLES]++;
  job->ops->throttled(w, job);
}

/* Speed-adjusted compute time: the CPU-bound part scales with the CPU share [facts §3]. */
static double scaled(const sls_function *f, double d) {
  const sls_function_spec *fs = f->spec;
  return d * (fs->cpu_fraction / f->speed_ratio + (1.0 - fs->cpu_fraction));
}

/* Whether e takes no new request: past its lifetime, or of a version deployed over. */
static int env_gone(const sls_world *w, const sls_env *e) {
  return w->sim.now >= e->retire_at || e->version != e->fn->version;
}

/* Starts job on environment e after wait_ns (the cold start, 0 when warm).  Draws the
 * invocation's compute time, its per-message failures and downstream work; the invocation
 * ends in on_complete, through the downstream phases when the function has one. */
static void run_on(sls_world *w, sls_function *f, sls_env *e, sls_request *job, sls_time wait_ns,
                   sls_time billed_init_ns) {
  const sls_function_spec *fs = f->spec;
  int units = job->kind == SLS_JOB_BATCH ? job->n_msgs : 1;
  double d = sls_dist_sample(&fs->duration, f->r_duration) * f->duration_factor;
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
  job->compute = job->fixed_duration >= 0 ? job->fixed_duration : sls_time_clamp(scaled(f, d), f->timeout);
  if (f->contended) { /* the CPU part shares the instance (sls_compute); compute is the rest */
    double whole = job->fixed_duration >= 0 ? (double)job->fixed_duration : d;
    job->cpu_work =
        job->fixed_duration >= 0 ? whole * fs->cpu_fraction : d * fs->cpu_fraction / f->speed_ratio;
    job->compute = sls_time_clamp(whole * (1.0 - fs->cpu_fraction), f->timeout);
  }
  job->outcome = f->error_rate > 0 && gsl_rng_uniform(f->r_error) < f->error_rate;
  job->env = e;
  job->inv_t0 = w->sim.now;
  job->run_start = w->sim.now + wait_ns;
  if (wait_ns > 0) f->st.cold_waits++;
  job->path.t[SLS_PATH_COLD] += wait_ns;
  job->mark = job->run_start;
  job->in_calls = 0;
  job->billed_init = billed_init_ns;
  e->req = job;
  f->st.invocations++;
  f->ts_cur[SLS_TS_INVOCATIONS]++;
  if (job->src) job->src->invocations++;
  if (job->kind == SLS_JOB_BATCH) f->st.batch_invocations++;
  if (e->provisioned) f->st.pc_invocations++;
  job->n_calls = f->ds ? calls : 0;
  if (fs->n_emits) { /* an invocation in phases, with what it sends (emit.c) */
    sls_emit_start(w, job);
    return;
  }
  if (f->ds && calls > 0) {
    sls_sim_schedule(&w->sim, job->run_start, on_run_start, job, 0);
    return;
  }
  if (f->contended) {
    sls_sim_schedule(&w->sim, job->run_start, on_run_contended, job, 0);
    return;
  }
  if (job->compute >= f->timeout)
    sls_sim_schedule(&w->sim, job->run_start + f->timeout, on_complete, job, 2);
  else
    sls_sim_schedule(&w->sim, job->run_start + job->compute, on_complete, job, job->outcome)->also = job->env;
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
  if (f->contended) {
    job->timeout_ev = sls_sim_schedule(&w->sim, job->run_start + f->timeout, on_timeout, job, 0);
    sls_compute(w, job, on_compute_done, 0);
    return;
  }
  if (job->compute >= f->timeout) {
    sls_sim_schedule(&w->sim, job->run_start + f->timeout, on_complete, job, 2);
    return;
  }
  sls_sim_schedule(&w->sim, job->run_start + job->compute, on_compute_done, job, 0);
}

/* Downstream phase 2: compute done, the calls begin; the timeout may cut them short. */
static void on_compute_done(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *job = obj;
  job->phase_ev = NULL;
  sls_path_to(&job->path, &job->mark, SLS_PATH_RUN, w->sim.now);
  job->in_calls = 1;
  if (!job->timeout_ev) /* a contended instance's invocation has had one since it started */
    job->timeout_ev = sls_sim_schedule(&w->sim, job->run_start + job->fn->timeout, on_timeout, job, 0);
  sls_ds_call(w, job->fn->ds, job);
}

static void on_timeout(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *job = obj;
  job->timeout_ev = NULL;
  if (job->in_calls)
    sls_ds_cancel(w, job->fn->ds, job);
  else
    sls_compute_cancel(w, job); /* a contended instance's: still computing */
  on_complete(w, job, 2);
}

/* A contended instance's invocation without downstream calls starts: its compute, then the end,
 * unless the timeout comes first. */
static void on_run_contended(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *job = obj;
  job->timeout_ev = sls_sim_schedule(&w->sim, job->run_start + job->fn->timeout, on_timeout, job, 0);
  sls_compute(w, job, on_compute_end, job->outcome);
}

static void on_compute_end(void *ctx, void *obj, int64_t outcome) {
  sls_world *w = ctx;
  sls_request *job = obj;
  job->phase_ev = NULL;
  sls_sim_cancel(&w->sim, job->timeout_ev);
  job->timeout_ev = NULL;
  on_complete(w, job, outcome);
}

void sls_job_calls_done(sls_world *w, sls_request *job, int failed) {
  if (job->fn->spec->n_emits) {
    sls_emit_calls_done(w, job, failed);
    return;
  }
  if (job->timeout_ev) {
    sls_sim_cancel(&w->sim, job->timeout_ev);
    job->timeout_ev = NULL;
  }
  on_complete(w, job, failed ? 1 : job->outcome);
}

/* ---- compute on an instance shared with other requests ----
 * An invocation's compute is a CPU part and the rest (waiting on I/O; docs/design.md §3.2).  On an
 * instance whose requests contend for its vCPUs the CPU part is served by processor sharing: with
 * n requests in their CPU part each gets min(cpu_threads, vcpus / n) vCPUs, i.e. it progresses at
 * that over min(cpu_threads, vcpus), its speed alone (Kleinrock 1976, §4.4; the egalitarian
 * model of a time-shared CPU).  The rest follows at full speed.  On Lambda (one request per
 * environment) n is always 1 and nothing changes. */

static double cpu_rate(const sls_function *f, size_t n) {
  double share = n ? f->vcpus / (double)n : f->vcpus;
  return share >= f->v_alone ? 1.0 : share / f->v_alone;
}

static void on_cpu_done(void *ctx, void *obj, int64_t arg);

static void cpu_rearm(sls_world *w, sls_env *e) {
  sls_ps_rearm(&w->sim, e->cpu, cpu_rate(e->fn, e->cpu->n), on_cpu_done, e);
}

/* The CPU parts that are done leave the instance's sharing; their rest begins. */
static void on_cpu_done(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_env *e = obj;
  sls_ps *p = e->cpu;
  double rate = cpu_rate(e->fn, p->n);
  p->next_ev = NULL;
  sls_ps_advance(p, rate, w->sim.now);
  while (sls_ps_first_done(p, rate * 1.0)) { /* within the 1 ns the event time was rounded up by */
    sls_request *job = sls_ps_first(p);
    sls_ps_remove(p, job);
    job->in_cpu = 0;
    job->phase_ev = sls_sim_schedule(&w->sim, w->sim.now + job->compute, job->cont, job, job->cont_arg);
  }
  cpu_rearm(w, e);
}

void sls_compute(sls_world *w, sls_request *job, sls_event_fn cont, int64_t arg) {
  sls_function *f = job->fn;
  if (!f->contended) {
    job->phase_ev = sls_sim_schedule(&w->sim, w->sim.now + job->compute, cont, job, arg);
    return;
  }
  sls_env *e = job->env;
  job->cont = cont;
  job->cont_arg = arg;
  job->in_cpu = 1;
  sls_ps_advance(e->cpu, cpu_rate(f, e->cpu->n), w->sim.now);
  sls_ps_add(e->cpu, job, job->cpu_work);
  cpu_rearm(w, e);
}

void sls_compute_cancel(sls_world *w, sls_request *job) {
  if (job->phase_ev) {
    sls_sim_cancel(&w->sim, job->phase_ev);
    job->phase_ev = NULL;
  }
  if (!job->in_cpu) return;
  sls_env *e = job->env;
  sls_ps_advance(e->cpu, cpu_rate(job->fn, e->cpu->n), w->sim.now);
  sls_ps_remove(e->cpu, job);
  job->in_cpu = 0;
  cpu_rearm(w, e);
}

/* ---- dispatch with several requests per instance (docs/design.md §3.2) ----
 * An attempt goes to, in order: the busiest ready instance below the autoscaler's target (all
 * of C without one), so the least busy empty out and can scale in; an idle provisioned instance;
 * the most recently used idle on-demand one; with a target, the least busy ready instance above
 * it that still has room (and the autoscaler starts another in the background); the oldest
 * instance still in its cold start that has room (it waits for the start with the request that
 * began it); a new instance, within the concurrency limit and the scaling rate, unless the
 * platform never starts one on a request's path (start_on_request = false: one starts in the
 * background instead); else it waits in the function's request queue, oldest first, until a
 * slot frees or request_queue_timeout passes (then it is throttled; 0: throttled at once, as
 * Lambda does).  Limits count instances; an instance past its maximum lifetime takes no new
 * request and is recycled when its last one ends. */

static void load_unlink(sls_function *f, sls_env *e) {
  if (e->where == SLS_ENV_IN_LOAD)
    env_unlink(&f->by_load[e->n], NULL, e);
  else if (e->where == SLS_ENV_IN_STARTING)
    env_unlink(&f->starting, &f->starting_tail, e);
}

/* Puts busy e where its load says: in its cold start with room, ready with room, or nowhere. */
static void load_place(sls_world *w, sls_function *f, sls_env *e) {
  if (e->n >= f->room_n || env_gone(w, e)) return;
  if (e->ready_at > w->sim.now) {
    env_append(&f->starting, &f->starting_tail, e, SLS_ENV_IN_STARTING);
    return;
  }
  e->prev = NULL;
  e->next = f->by_load[e->n];
  if (e->next) e->next->prev = e;
  f->by_load[e->n] = e;
  if (e->n > f->top) f->top = e->n;
  e->where = SLS_ENV_IN_LOAD;
}

/* The least busy ready instance with `from` or more requests and room; one past its lifetime is
 * left to drain (spreads the requests above the autoscaler's target). */
static sls_env *least_busy_from(sls_world *w, sls_function *f, int from) {
  for (int k = from; k <= f->top; k++) {
    sls_env *e;
    while ((e = f->by_load[k]) != NULL && env_gone(w, e))
      load_unlink(f, e);
    if (e) return e;
  }
  return NULL;
}

/* The busiest ready instance with fewer than `below` requests; one past its lifetime is left to
 * drain. */
static sls_env *busiest_below(sls_world *w, sls_function *f, int below) {
  while (f->top > 0 && !f->by_load[f->top])
    f->top--;
  for (int k = f->top < below - 1 ? f->top : below - 1; k > 0; k--) {
    sls_env *e;
    while ((e = f->by_load[k]) != NULL && env_gone(w, e))
      load_unlink(f, e);
    if (e) return e;
  }
  return NULL;
}

static void inst_release(sls_world *w, sls_function *f);
static void pend_serve(sls_world *w, sls_function *f);
static void active_end(sls_world *w, sls_function *f, sls_env *e);

static void on_instance_ready(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_env *e = obj;
  sls_function *f = e->fn;
  if (e->where == SLS_ENV_IN_STARTING) {
    load_unlink(f, e);
    load_place(w, f, e);
  } else if (e->n == 0) { /* started in the background: it is ready, and idle */
    f->bg_starting--;
    active_end(w, f, e);
    inst_release(w, f);
    env_rest(w, f, e);
    if (f->pend.head) pend_serve(w, f);
  }
}

static void inst_acquire(sls_world *w, sls_function *f);

/* The autoscaler starts an instance ahead of requests, within the limits and the scaling rate, as
 * long as those already starting cannot take the requests above the target (over): it takes
 * requests once ready (docs/design.md §3.2, scale_target). */
static void start_in_background(sls_world *w, sls_function *f);

static void background_start(sls_world *w, sls_function *f) {
  if ((int64_t)f->bg_starting * f->target_n <= f->over) start_in_background(w, f);
}

/* Starts an instance no request waits for, within the limits and the scaling rate. */
static void start_in_background(sls_world *w, sls_function *f) {
  if (!conc_available(w, f) || !scaling_allows(w, f)) return;
  sls_host *h;
  sls_time host_wait = host_for(w, f, 0, &h); /* on a capacity provider: an instance with room */
  if (host_wait < 0) return;
  inst_acquire(w, f);
  sls_env *e = env_new(w, f, 0);
  e->host = h;
  sls_time billed_init;
  e->ready_at = w->sim.now + host_wait + cold_start(w, f, NULL, &billed_init);
  e->active_since = w->sim.now; /* its start-up is billed where instances are (Cloud Run) */
  f->bg_starting++;
  sls_sim_schedule(&w->sim, e->ready_at, on_instance_ready, e, 0);
}

/* job begins on e (wait_ns: until e's cold start ends). */
static void join(sls_world *w, sls_function *f, sls_env *e, sls_request *job, sls_time wait_ns,
                 sls_time billed_init_ns) {
  sls_path_to(&job->path, &job->mark, SLS_PATH_WAIT, w->sim.now); /* its time in the request queue */
  if (e->where == SLS_ENV_IN_LOAD || e->where == SLS_ENV_IN_STARTING) load_unlink(f, e);
  if (e->n == 0) e->active_since = w->sim.now; /* a new instance: from its start */
  if (e->n++ == 0 && e->provisioned) {
    f->pc_busy++;
    sls_level_add(&f->pcb, w->sim.now, +1);
  }
  sls_level_add(&f->conc, w->sim.now, +1);
  if (e->n > f->target_n) f->over++;
  load_place(w, f, e);
  run_on(w, f, e, job, wait_ns, billed_init_ns);
}

/* An instance with no request starts being used (acquire) or stops (release). */
static void inst_acquire(sls_world *w, sls_function *f) {
  f->od_active++;
  if (f->reserved < 0) w->unreserved_used++;
}

static void inst_release(sls_world *w, sls_function *f) {
  f->od_active--;
  if (f->reserved < 0) w->unreserved_used--;
}

/* Time until the scaling rate allows a new instance (0: now). */
static sls_time scaling_wait(const sls_world *w, const sls_function *f) {
  const sls_account_spec *a = &w->sc->account;
  double tokens, t_since, rate;
  switch (a->scaling) {
  case SLS_SCALING_2023:
    tokens = f->tokens, t_since = (double)(w->sim.now - f->tokens_t), rate = f->refill;
    break;
  case SLS_SCALING_LEGACY:
    tokens = w->acct_tokens, t_since = (double)(w->sim.now - w->acct_tokens_t), rate = a->refill_per_s;
    break;
  default: return 0;
  }
  if (rate <= 0) return SLS_TIME_FAR;
  tokens += rate * t_since / 1e9;
  return tokens >= 1.0 ? 0 : sls_time_clamp(ceil((1.0 - tokens) / rate * 1e9), SLS_TIME_FAR);
}

/* Places job on an instance (1), or finds no room and no permission (0). */
static int place(sls_world *w, sls_function *f, sls_request *job) {
  sls_time now = w->sim.now;
  int c = f->room_n;
  sls_env *e = busiest_below(w, f, f->target_n);
  if (e) {
    join(w, f, e, job, e->ready_at > now ? e->ready_at - now : 0, 0);
    return 1;
  }
  if ((e = f->pc_idle) != NULL) {
    f->pc_idle = e->next;
    e->next = NULL;
    e->where = SLS_ENV_IN_NONE;
    join(w, f, e, job, 0, 0);
    return 1;
  }
  int may_grow = conc_available(w, f);
  while (may_grow && (e = f->idle_tail) != NULL) { /* as on_attempt does: the tie rule there */
    int gone = idle_expired(f, e, now);
    idle_take(w, f, e);
    if (!gone && !env_gone(w, e)) {
      inst_acquire(w, f);
      join(w, f, e, job, 0, 0);
      return 1;
    }
    if (gone)
      f->st.expired++;
    else
      f->st.recycled++;
    env_free(w, e);
  }
  if (f->target_n < c && (e = least_busy_from(w, f, f->target_n)) != NULL) { /* above the target */
    join(w, f, e, job, e->ready_at > now ? e->ready_at - now : 0, 0);
    if (!f->spec->scale_window) background_start(w, f); /* else the windowed autoscaler decides */
    return 1;
  }
  while ((e = f->starting) != NULL && env_gone(w, e))
    load_unlink(f, e);
  if (e) {
    join(w, f, e, job, e->ready_at - now, 0);
    return 1;
  }
  if (!f->spec->start_on_request) { /* no cold start on the request's path: it waits or is throttled */
    f->over++;                      /* counted while it asks, so that an instance starts for it */
    background_start(w, f);
    f->over--;
    return 0;
  }
  if (!may_grow || !scaling_allows(w, f)) return 0;
  sls_host *h;
  sls_time host_wait = host_for(w, f, 0, &h);
  if (host_wait < 0) return 0;
  inst_acquire(w, f);
  e = env_new(w, f, 0);
  e->host = h;
  sls_time billed_init, wait = host_wait + cold_start(w, f, job, &billed_init);
  e->ready_at = now + wait;
  if (wait > 0 && f->spec->instance_concurrency > 1)
    sls_sim_schedule(&w->sim, e->ready_at, on_instance_ready, e, 0);
  join(w, f, e, job, wait, billed_init);
  return 1;
}

static void on_pending(void *ctx, void *obj, int64_t arg);

/* Re-arms the queue's event: its head's timeout, or sooner the next scaling token. */
static void pend_rearm(sls_world *w, sls_function *f) {
  if (f->pend_ev) {
    sls_sim_cancel(&w->sim, f->pend_ev);
    f->pend_ev = NULL;
  }
  if (!f->pend.head) return;
  sls_time at = f->pend.head->pend_since + f->spec->queue_timeout;
  if (conc_available(w, f)) {
    sls_time token = w->sim.now + scaling_wait(w, f);
    if (token > w->sim.now && token < at) at = token;
  }
  f->pend_ev = sls_sim_schedule(&w->sim, at, on_pending, f, 0);
}

/* Takes the oldest request off the queue. */
static sls_request *pend_pop(sls_world *w, sls_function *f) {
  w->pend_total--;
  return sls_jobq_pop(&f->pend);
}

/* Serves the queue, oldest first, while there is room. */
static void pend_serve(sls_world *w, sls_function *f) {
  while (f->pend.head && place(w, f, f->pend.head))
    pend_pop(w, f);
  pend_rearm(w, f);
}

/* The queue's head timed out (they are throttled, oldest first), or a scaling token came. */
static void on_pending(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_function *f = obj;
  f->pend_ev = NULL;
  while (f->pend.head && f->pend.head->pend_since + f->spec->queue_timeout <= w->sim.now) {
    f->st.queue_timeouts++;
    throttle(w, f, pend_pop(w, f));
  }
  pend_serve(w, f);
}

static void multi_attempt(sls_world *w, sls_function *f, sls_request *job) {
  if (!f->pend.head && place(w, f, job)) return;
  if (f->spec->queue_timeout <= 0) {
    throttle(w, f, job);
    return;
  }
  f->st.queued++;
  job->pend_since = w->sim.now;
  sls_jobq_push(&f->pend, job);
  w->pend_total++;
  pend_serve(w, f);
}

/* e's period with requests ended: billed per the platform's compute pricing (instance-active
 * billing rounds each period up, to at least its minimum; Cloud Run, Azure Flex). */
static void active_end(sls_world *w, sls_function *f, sls_env *e) {
  const sls_compute_price *c = &w->sc->price.compute;
  double t = (double)(w->sim.now - e->active_since);
  if (c->round > 0) t = ceil(t / (double)c->round) * (double)c->round;
  if (t < (double)c->minimum) t = (double)c->minimum;
  *(e->provisioned ? &f->st.pc_active_s : &f->st.active_s) += t / 1e9;
}

/* job's invocation on e ended (after billing): e has room again, or is idle. */
static void leave(sls_world *w, sls_function *f, sls_env *e) {
  sls_time now = w->sim.now;
  sls_level_add(&f->conc, now, -1);
  load_unlink(f, e);
  if (e->n > f->target_n) f->over--;
  if (--e->n == 0) active_end(w, f, e);
  if (e->n > 0) {
    load_place(w, f, e);
  } else if (e->provisioned) {
    f->pc_busy--;
    sls_level_add(&f->pcb, now, -1);
    pc_rest(w, f, e);
  } else {
    inst_release(w, f);
    env_rest(w, f, e);
  }
}

/* After an invocation ended: the queue of its function, and, when an instance was released
 * within the account's limit, every other function's queue. */
static void pend_after_leave(sls_world *w, sls_function *f) {
  if (!w->pend_total) return;
  if (f->pend.head) pend_serve(w, f);
  for (int i = 0; w->pend_total && i < w->n_functions; i++)
    if (w->functions[i].pend.head && &w->functions[i] != f) pend_serve(w, &w->functions[i]);
}

/* One attempt of job reaches its function (docs/design.md §3.2 dispatch). */
static void on_attempt(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *job = obj;
  sls_function *f = job->fn;
  sls_time now = w->sim.now;
  sls_path_to(&job->path, &job->mark, SLS_PATH_WAIT, now); /* since created, or since its last try */
  f->st.attempts++;
  if (f->multi) {
    multi_attempt(w, f, job);
    return;
  }
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
  /* Most recently used idle environment; one past its lifetime is recycled instead.  The tie
   * rule: an environment idle since s with keep-alive T serves requests that start before s + T;
   * at s + T it is gone, whether its expiry event or this request's event happens to run first
   * at that instant (tests/check_model.c keep_alive_expiry asserts the tie through both timer paths). */
  while ((e = f->idle_tail) != NULL) {
    int gone = idle_expired(f, e, now);
    idle_take(w, f, e);
    if (gone) {
      f->st.expired++;
      env_free(w, e);
      continue;
    }
    if (!env_gone(w, e)) break;
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
  sls_time billed_init, wait = cold_start(w, f, job, &billed_init);
  run_on(w, f, e, job, wait, billed_init);
}

/* The invocation ends (outcome 0 ok, 1 error, 2 timeout): bill it, free its environment, hand
 * the job back to its owner. */
static void on_complete(void *ctx, void *obj, int64_t outcome) {
  sls_world *w = ctx;
  sls_request *job = obj;
  sls_function *f = job->fn;
  sls_env *e = job->env;
  sls_time now = w->sim.now;
  if (SLS_SCATTERED(w)) { /* what the end reads: its function's and spec's hot lines, its source's */
    sls_prefetch(f, SLS_FUNCTION_HOT);
    sls_prefetch(f->spec, SLS_FUNCTION_SPEC_HOT);
    if (job->src) sls_prefetch(job->src, SLS_SOURCE_HOT);
    if (job->kind == SLS_JOB_SYNC) sls_hist_prefetch(&f->st.latency, now - job->t0); /* sync_done's */
  }
  if (job->connected) {
    sls_ds_disconnect(w, f->ds, job);
    job->connected = 0;
  }
  sls_path_to(&job->path, &job->mark, job->in_calls ? SLS_PATH_DOWNSTREAM : SLS_PATH_RUN, now);
  job->in_calls = 0;
  /* Billing is per 1 ms, rounded up; on-demand INIT is billed with the duration [facts §3]. */
  sls_time run = now - job->run_start;
  uint64_t ms;
  if (e->provisioned) {
    ms = (uint64_t)((run + SLS_NS_PER_MS - 1) / SLS_NS_PER_MS);
    f->st.pc_billed_ms += ms;
  } else {
    ms = (uint64_t)((run + job->billed_init + SLS_NS_PER_MS - 1) / SLS_NS_PER_MS);
    if (w->sc->price.compute.billing == SLS_BILL_REQUEST) { /* a minimum per execution (Azure Consumption) */
      uint64_t min_ms = (uint64_t)(w->sc->price.compute.minimum / SLS_NS_PER_MS);
      if (ms < min_ms) ms = min_ms;
    }
    f->st.billed_ms += ms;
    uint64_t init_ms = (uint64_t)((job->billed_init + SLS_NS_PER_MS - 1) / SLS_NS_PER_MS);
    f->st.billed_init_ms += init_ms;
    f->st.billed_mb_ms += ms * (uint64_t)f->memory_mb;
    f->st.billed_init_mb_ms += init_ms * (uint64_t)f->memory_mb;
  }
  job->billed_gb_s = (double)ms / 1000 * f->memory_mb / 1024.0;
  job->billed_pc = e->provisioned;
  if (job->kind != SLS_JOB_SYNC) sls_hist_record(&f->st.inv_latency, now - job->inv_t0);
  e->req = NULL;
  job->env = NULL;
  if (f->multi) {
    leave(w, f, e);
  } else if (e->provisioned) {
    f->pc_busy--;
    sls_level_add(&f->conc, now, -1);
    sls_level_add(&f->pcb, now, -1);
    pc_rest(w, f, e);
  } else {
    conc_release(w, f);
    env_rest(w, f, e);
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
  job->ops->done(w, job, (int)outcome);
  if (f->multi) pend_after_leave(w, f);
}

void sls_usage_charge(sls_usage *u, const sls_request *job, double share) {
  int arm = job->fn->spec->arch == SLS_ARCH_ARM64;
  const sls_function_spec *fs = job->fn->spec;
  const double kb_gb = 1.0 / (1024.0 * 1024.0);
  const sls_compute_price *c = job->fn->compute;
  if (c->billing != SLS_BILL_LAMBDA) { /* the request's own seconds, at the platform's rates */
    double s = job->billed_gb_s / (fs->memory_mb / 1024.0);
    u->compute_usd += share * (c->request_usd +
                               s * (job->fn->vcpus * c->vcpu_s_usd + fs->memory_mb / 1024.0 * c->gib_s_usd));
  }
  if (c->billing == SLS_BILL_LAMBDA) u->lambda_requests += share;
  u->log_gb += share * fs->log_kb * kb_gb;
  u->nat_gb += share * fs->nat_kb * kb_gb;
  u->egress_gb += share * fs->egress_kb * kb_gb;
  if (fs->sns_publishes > 0 || fs->eventbridge_events > 0) { /* per_invocation's own figures */
    double chunks = ceil(fs->publish_kb / 64.0);
    if (chunks < 1) chunks = 1;
    u->sns_requests += share * fs->sns_publishes * chunks;
    u->eb_events += share * fs->eventbridge_events * chunks;
  }
  if (c->billing != SLS_BILL_LAMBDA) return;
  if (job->billed_pc)
    u->pc_gb_s[arm] += job->billed_gb_s * share;
  else
    u->gb_s[arm] += job->billed_gb_s * share;
}

void sls_job_complete(sls_world *w, sls_request *job, int outcome) { on_complete(w, job, outcome); }

/* ---- the functions' state ---- */

static double cpu_vcpus(int memory_mb, double threads) {
  double v = memory_mb / 1769.0; /* 1,769 MB = 1 vCPU [facts §3] */
  return v < threads ? v : threads;
}

/* ---- the windowed autoscaler (scale_window > 0) ----
 * Every scale_interval it takes the mean requests in service over the last scale_window, rounded
 * up to whole intervals (the concurrency level's area between two decisions of its ring; from
 * the start of the run while the run is younger than the window) and, when that needs more
 * instances at the target than are alive, starts the difference in the background (Cloud Run:
 * Doc "About instance autoscaling" — a one-minute window).  Instances leave by keep-alive. */
static void on_autoscale(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_function *f = obj;
  sls_time now = w->sim.now;
  sls_level_add(&f->conc, now, 0);
  int k = f->scale_k++ % f->scale_n;
  f->scale_area[k] = f->conc.total_area;
  /* the oldest decision still in the window, or the run's start (area 0) */
  int back = f->scale_k < f->scale_n ? f->scale_k : f->scale_n - 1;
  sls_time t_old = now - (sls_time)back * f->spec->scale_interval;
  double a_old = f->scale_k > back ? f->scale_area[(f->scale_k - 1 - back) % f->scale_n] : 0;
  if (f->scale_k <= back) t_old = 0;
  if (now > t_old) {
    double mean = (f->conc.total_area - a_old) / (double)(now - t_old);
    int64_t want = (int64_t)ceil(mean / f->target_n - 1e-9), alive = f->alive.value;
    for (; alive < want; alive++)
      start_in_background(w, f);
  }
  if (now + f->spec->scale_interval <= w->sc->duration)
    sls_sim_schedule(&w->sim, now + f->spec->scale_interval, on_autoscale, f, 0);
}

void sls_functions_start(sls_world *w) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    if (f->scale_area) sls_sim_schedule(&w->sim, f->spec->scale_interval, on_autoscale, f, 0);
  }
}

/* Marks in http[] the functions an HTTP request reaches: a source calls them synchronously (a
 * schedule is a timer, not a request; a workflow starts a state machine) or a function invokes
 * them synchronously.  Queues, events, topics, buses, timers and state machines trigger the
 * others (Azure scales those more slowly). */
static void mark_http(const sls_scenario *sc, char *http) {
  for (int k = 0; k < sc->n_sources; k++) {
    const sls_source_spec *s = &sc->sources[k];
    if (s->dest.kind == SLS_TARGET_FUNCTION && !s->async && s->kind != SLS_ARRIVAL_SCHEDULE && !s->workflow)
      http[s->dest.index] = 1;
  }
  for (int g = 0; g < sc->n_functions; g++)
    for (int k = 0; k < sc->functions[g].n_emits; k++) {
      const sls_emit_spec *e = &sc->functions[g].emits[k];
      if (e->kind == SLS_EMIT_INVOKE && e->sync && e->target.kind == SLS_TARGET_FUNCTION)
        http[e->target.index] = 1;
    }
}

void sls_functions_init(sls_world *w, uint64_t seed) {
  const sls_scenario *sc = w->sc;
  w->n_functions = sc->n_functions;
  w->functions = sls_xcalloc((size_t)sc->n_functions, sizeof *w->functions);
  int64_t pc_unreserved = 0;
  char *http = sls_xcalloc((size_t)sc->n_functions + 1, 1);
  mark_http(sc, http);
  for (int i = 0; i < sc->n_functions; i++) {
    sls_function *f = &w->functions[i];
    sls_function_spec *fs = &sc->functions[i];
    f->spec = fs;
    f->index = i;
    f->compute = &sc->price.compute;
    f->speed_ratio =
        cpu_vcpus(fs->memory_mb, fs->cpu_threads) / cpu_vcpus(fs->ref_memory_mb, fs->cpu_threads);
    /* Several requests per instance, or a request queue: the general dispatch (docs/design.md §3.2). */
    f->multi = fs->instance_concurrency > 1 || fs->queue_timeout > 0 ||
               sc->price.compute.billing == SLS_BILL_ACTIVE || fs->scale_target < 1 ||
               !fs->start_on_request || fs->scale_window > 0 || fs->cap_index >= 0;
    f->vcpus = fs->vcpus > 0 ? fs->vcpus : fs->memory_mb / 1769.0;
    f->v_alone = f->vcpus < fs->cpu_threads ? f->vcpus : fs->cpu_threads;
    if (fs->vcpus > 0) f->speed_ratio = 1; /* duration as measured on this instance */
    /* The autoscaler's target in requests per instance: scale_target of the concurrency, and of the
     * vCPUs (Cloud Run targets 60 % of both): a request alone keeps phi = its CPU part's share of its
     * time of v_alone vCPUs busy, so n of them keep n x phi x v_alone (docs/design.md §3.2). */
    double target = fs->scale_target * fs->instance_concurrency, phi = 0;
    if (fs->cpu_fraction > 0) {
      double cpu = fs->cpu_fraction / f->speed_ratio;
      phi = cpu / (cpu + 1.0 - fs->cpu_fraction);
    }
    if (fs->scale_target < 1 && phi > 0) {
      double by_cpu = fs->scale_target * f->vcpus / (phi * f->v_alone);
      if (by_cpu < target) target = by_cpu;
    }
    f->target_n = (int)ceil(target - 1e-9);
    if (f->target_n < 1) f->target_n = 1;
    /* cpu_admission: requests up to the vCPUs' saturation, n x phi x v_alone <= vcpus (at least 1) */
    f->room_n = fs->instance_concurrency;
    if (fs->cpu_admission && phi > 0) {
      double sat = floor(f->vcpus / (phi * f->v_alone) + 1e-9);
      if (sat < f->room_n) f->room_n = sat < 1 ? 1 : (int)sat;
    }
    if (f->target_n > f->room_n) f->target_n = f->room_n;
    f->contended = f->multi && fs->cpu_fraction > 0 && cpu_rate(f, (size_t)fs->instance_concurrency) < 1.0;
    if (f->multi) f->by_load = sls_xcalloc((size_t)fs->instance_concurrency, sizeof *f->by_load);
    if (f->multi && fs->scale_window > 0) { /* decisions in the window, and the one before it */
      f->scale_n = (int)((fs->scale_window + fs->scale_interval - 1) / fs->scale_interval) + 1;
      f->scale_area = sls_xcalloc((size_t)f->scale_n, sizeof *f->scale_area);
    }
    f->r_duration = sls_rng_init(&f->s_duration, seed, fs->name, "duration");
    f->r_init = sls_rng_alloc(seed, fs->name, "init");
    f->r_error = sls_rng_alloc(seed, fs->name, "error");
    f->r_keepalive = sls_rng_init(&f->s_keepalive, seed, fs->name, "keep-alive");
    f->r_lifetime = sls_rng_alloc(seed, fs->name, "lifetime");
    f->r_message = sls_rng_alloc(seed, fs->name, "messages");
    f->r_async = sls_rng_alloc(seed, fs->name, "async");
    f->r_emit = sls_rng_alloc(seed, fs->name, "emit");
    f->tokens = sc->account.burst;
    f->refill = http[i] ? sc->account.refill_per_s : sc->account.refill_non_http_per_s;
    f->reserved = fs->reserved;
    f->memory_mb = fs->memory_mb;
    f->timeout = fs->timeout;
    f->pc_conf = f->pc_envs = fs->provisioned;
    f->error_rate = fs->error_rate;
    f->duration_factor = 1;
    sls_hist_init(&f->st.latency);
    sls_hist_init(&f->st.init_latency);
    sls_hist_init(&f->st.async_latency);
    sls_hist_init(&f->st.inv_latency);
    if (w->n_samples) f->ts = sls_series_add(&w->series, SLS_TS_NCOLS);
    if (fs->reserved >= 0)
      w->reserved_total += fs->reserved;
    else
      pc_unreserved += fs->provisioned;
  }
  free(http);
  w->acct_tokens = sc->account.burst;
  w->unreserved_used = w->pc_unreserved = pc_unreserved; /* within the account: sls_world_check */
  w->conc_limit = sc->account.concurrency_limit;
}

/* Provisioned environments are initialized before the run starts [facts §1]; on a capacity
 * provider, on instances up before it too. */
void sls_functions_place(sls_world *w) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    int64_t made = 0;
    for (int64_t k = 0; k < f->spec->provisioned; k++)
      made += pc_new(w, f);
    f->pc_envs = made;      /* fewer when a capacity provider had no room for them all */
    f->st.envs_created = 0; /* count on-demand environments only */
    sls_level_add(&f->pcc, 0, f->pc_conf);
  }
}

void sls_function_free_streams(sls_function *f) {
  gsl_rng **streams[] = {&f->r_init, &f->r_error, &f->r_lifetime, &f->r_message, &f->r_async, &f->r_emit};
  for (size_t k = 0; k < sizeof streams / sizeof streams[0]; k++) {
    sls_rng_free(*streams[k]);
    *streams[k] = NULL;
  }
  f->r_duration = f->r_keepalive = NULL; /* their streams are in f */
}

void sls_functions_free(sls_world *w) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    sls_function_free_streams(f);
    sls_hist_destroy(&f->st.latency);
    sls_hist_destroy(&f->st.init_latency);
    sls_hist_destroy(&f->st.async_latency);
    sls_hist_destroy(&f->st.inv_latency);
    free(f->by_load);
    free(f->scale_area);
    for (int k = 0; k < f->n_cpu_all; k++) {
      sls_ps_free(f->cpu_all[k]);
      free(f->cpu_all[k]);
    }
    free(f->cpu_all);
    free(f->cpu_spare);
  }
  free(w->functions);
}

void sls_functions_sample(sls_world *w, size_t k, sls_time since, sls_time now) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    double *row = sls_series_row(f->ts, k);
    for (int c = 0; c <= SLS_TS_COLD_STARTS; c++) {
      row[c] = (double)f->ts_cur[c];
      f->ts_cur[c] = 0;
    }
    int64_t peak;
    row[SLS_TS_CONC_MEAN] = sls_level_sample(&f->conc, now, since, &peak);
    row[SLS_TS_CONC_MAX] = (double)peak;
    row[SLS_TS_IDLE_MEAN] = sls_level_sample(&f->idle, now, since, NULL);
    row[SLS_TS_PC_BUSY_MEAN] = sls_level_sample(&f->pcb, now, since, NULL);
    row[SLS_TS_PC_MEAN] = sls_level_sample(&f->pcc, now, since, NULL);
  }
}

void sls_functions_finish(sls_world *w) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    f->st.unfinished = f->sync_inflight;
    f->st.async_unfinished = f->async_inflight;
    f->st.pending = (uint64_t)f->pend.n;
  }
}

int sls_functions_conserved(const sls_world *w, char *err) {
  for (int i = 0; i < w->n_functions; i++) {
    const sls_fn_stats *s = &w->functions[i].st;
    uint64_t ended = s->ok + s->errors + s->timeouts + s->throttled + s->unfinished;
    uint64_t async_ended = s->async_ok + s->async_failed + s->async_expired + s->async_unfinished;
    if (ended != s->requests || s->latency.n != s->ok + s->errors + s->timeouts ||
        async_ended != s->async_events || s->invocations + s->throttles + s->pending != s->attempts) {
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
  return 1;
}

/* ---- changes over time (model/timeline.c decides when) ---- */

static void on_pc_allocated(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_function *f = obj;
  f->pc_alloc_ev = NULL;
  for (; f->pc_pending > 0; f->pc_pending--)
    if (pc_new(w, f)) {
      f->st.envs_created--; /* count on-demand environments only */
      f->pc_envs++;
    }
  if (f->pend.head) pend_serve(w, f);
}

/* Asks for n more provisioned environments: usable all at once after the allocation delay and a
 * minute per 6,000 (facts §1), counted from now; a request already under way is merged into it. */
static void pc_allocate(sls_world *w, sls_function *f, int64_t n) {
  if (n <= 0) return;
  f->pc_pending += n;
  sls_time at =
      w->sim.now + f->spec->pc_allocation + (sls_time)((f->pc_pending + 5999) / 6000 - 1) * 60 * SLS_NS_PER_S;
  if (f->pc_alloc_ev) {
    if (f->pc_alloc_ev->t >= at) return;
    sls_sim_cancel(&w->sim, f->pc_alloc_ev);
  }
  f->pc_alloc_ev = sls_sim_schedule(&w->sim, at, on_pc_allocated, f, 0);
}

int64_t sls_fn_set_provisioned(sls_world *w, sls_function *f, int64_t n) {
  /* within the reservation, or what the account leaves unreserved (sls_world_check's rules) */
  int64_t cap =
      f->reserved >= 0 ? f->reserved : w->conc_limit - w->reserved_total - (w->pc_unreserved - f->pc_conf);
  if (n > cap) n = cap > 0 ? cap : 0;
  int64_t d = n - f->pc_conf;
  if (d == 0) return n;
  sls_level_add(&f->pcc, w->sim.now, d);
  f->pc_conf = n;
  f->pc_varied = 1;
  if (f->reserved < 0) {
    w->unreserved_used += d;
    w->pc_unreserved += d;
  }
  if (d > 0) {
    int64_t keep = d < f->pc_excess ? d : f->pc_excess; /* environments about to go stay */
    f->pc_excess -= keep;
    pc_allocate(w, f, d - keep);
    return n;
  }
  int64_t drop = -d, k = drop < f->pc_pending ? drop : f->pc_pending; /* not yet allocated first */
  f->pc_pending -= k;
  drop -= k;
  if (!f->pc_pending && f->pc_alloc_ev) {
    sls_sim_cancel(&w->sim, f->pc_alloc_ev);
    f->pc_alloc_ev = NULL;
  }
  for (sls_env *e; drop > 0 && (e = f->pc_idle) != NULL; drop--) { /* then the idle ones */
    f->pc_idle = e->next;
    f->pc_envs--;
    env_free(w, e);
  }
  f->pc_excess += drop; /* the busy rest when they finish */
  return n;
}

void sls_fn_set_reserved(sls_world *w, sls_function *f, int64_t r) {
  if (r < 0) { /* no reservation: its usage goes back to the shared pool */
    if (f->reserved >= 0) {
      w->reserved_total -= f->reserved;
      w->unreserved_used += f->od_active + f->pc_conf;
      w->pc_unreserved += f->pc_conf;
    }
    f->reserved = -1;
    return;
  }
  if (f->reserved < 0) { /* its usage leaves the shared pool for its own */
    w->unreserved_used -= f->od_active + f->pc_conf;
    w->pc_unreserved -= f->pc_conf;
    w->reserved_total += r;
  } else {
    w->reserved_total += r - f->reserved;
  }
  f->reserved = r;
}

/* A new version of f's code or configuration: its environments are replaced (sls_fn_deploy). */
static void new_version(sls_world *w, sls_function *f, int pc_ready_first) {
  f->version++;
  /* idle on-demand environments retire now; busy ones after their request (env_gone) */
  while (f->idle_head) {
    sls_env *e = f->idle_head;
    idle_take(w, f, e);
    f->st.recycled++;
    env_free(w, e);
  }
  /* provisioned ones: the idle retire now, the busy when done (pc_rest); all allocated again */
  while (f->pc_idle) {
    sls_env *e = f->pc_idle;
    f->pc_idle = e->next;
    env_free(w, e);
  }
  f->pc_envs = f->pc_excess = 0;
  f->pc_pending = 0;
  if (f->pc_alloc_ev) {
    sls_sim_cancel(&w->sim, f->pc_alloc_ev);
    f->pc_alloc_ev = NULL;
  }
  if (!pc_ready_first) {
    pc_allocate(w, f, f->pc_conf);
    return;
  }
  f->pc_pending = f->pc_conf; /* allocated for the new version before the traffic moved to it */
  on_pc_allocated(w, f, 0);
}

void sls_fn_deploy(sls_world *w, sls_function *f, int pc_ready_first) {
  f->st.deploys++;
  new_version(w, f, pc_ready_first);
}

void sls_fn_set_memory(sls_world *w, sls_function *f, int memory_mb) {
  if (memory_mb == f->memory_mb) return;
  sls_level_add(&f->idle, w->sim.now, 0); /* the idle memory-time so far, at the old size */
  f->idle_mb_ns += (f->idle.total_area - f->idle_area_mark) * f->memory_mb;
  f->idle_area_mark = f->idle.total_area;
  f->memory_mb = memory_mb;
  f->mem_changed = 1;
  if (f->spec->vcpus <= 0) /* the CPU share follows memory (Lambda's rule, facts §3) */
    f->speed_ratio =
        cpu_vcpus(memory_mb, f->spec->cpu_threads) / cpu_vcpus(f->spec->ref_memory_mb, f->spec->cpu_threads);
  new_version(w, f, 1); /* a configuration update: new invocations run in new environments */
}

double sls_function_idle_gb_s(const sls_function *f) {
  if (!f->mem_changed) return f->idle_area_run / 1e9 * f->spec->memory_mb / 1024.0;
  return f->idle_mb_run / 1e9 / 1024.0;
}
