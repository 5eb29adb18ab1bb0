#include "model/world.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/rng.h"
#include "engine/util.h"

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

static void *pool_get(sls_pool *p) {
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

static void pool_put(sls_pool *p, void *obj) {
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

static void level_add(sls_level *l, sls_time now, int64_t delta) {
  double a = (double)l->value * (double)(now - l->last);
  l->area += a;
  l->total_area += a;
  l->last = now;
  l->value += delta;
  if (l->value > l->peak) l->peak = l->value;
  if (l->value > l->peak_all) l->peak_all = l->value;
}

/* Returns the mean over [since, now] and starts a new sample period. */
static double level_sample(sls_level *l, sls_time now, sls_time since, int64_t *peak) {
  level_add(l, now, 0);
  double mean = now > since ? l->area / (double)(now - since) : (double)l->value;
  if (peak) *peak = l->peak;
  l->area = 0;
  l->peak = l->value;
  return mean;
}

double sls_function_mean_concurrency(const sls_function *f, sls_time duration) {
  return duration > 0 ? f->conc_area_run / (double)duration : 0;
}

/* Closes the run's window [0, duration] for the time averages; the drain comes after. */
static void close_window(sls_world *w) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_function *f = &w->functions[i];
    level_add(&f->conc, w->sc->duration, 0);
    f->conc_area_run = f->conc.total_area;
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
  level_add(&f->conc, w->sim.now, +1);
}

static void conc_release(sls_world *w, sls_function *f) {
  f->od_active--;
  if (f->spec->reserved < 0) w->unreserved_used--;
  level_add(&f->conc, w->sim.now, -1);
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

static void env_free(sls_world *w, sls_env *e) { pool_put(&w->env_pool, e); }

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
  level_add(&f->idle, now, +1);
  if (f->spec->keep_alive_constant) {
    /* FIFO expiry: with a constant keep-alive the least recently used environment always
     * expires first, so one timer per function suffices (DESIGN 2). */
    if (!f->expire_ev)
      f->expire_ev = sls_sim_schedule(&w->sim, f->idle_head->idle_since + (sls_time)f->spec->keep_alive.a,
                                      on_expire_fifo, f, 0);
  } else {
    sls_time ka = (sls_time)sls_dist_sample(&f->spec->keep_alive, f->r_keepalive);
    e->expire_ev = sls_sim_schedule(&w->sim, now + ka, on_expire_env, e, 0);
  }
}

/* Removes e from the idle list (it is being used or recycled). */
static void idle_take(sls_world *w, sls_function *f, sls_env *e) {
  idle_unlink(f, e);
  level_add(&f->idle, w->sim.now, -1);
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

static void on_expire_fifo(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_function *f = obj;
  sls_time now = w->sim.now, ka = (sls_time)f->spec->keep_alive.a;
  f->expire_ev = NULL;
  while (f->idle_head && f->idle_head->idle_since + ka <= now) {
    sls_env *e = f->idle_head;
    idle_unlink(f, e);
    level_add(&f->idle, now, -1);
    f->st.expired++;
    env_free(w, e);
  }
  if (f->idle_head)
    f->expire_ev = sls_sim_schedule(&w->sim, f->idle_head->idle_since + ka, on_expire_fifo, f, 0);
}

static void on_expire_env(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_env *e = obj;
  sls_function *f = e->fn;
  e->expire_ev = NULL;
  idle_unlink(f, e);
  level_add(&f->idle, w->sim.now, -1);
  f->st.expired++;
  env_free(w, e);
}

static sls_env *env_new(sls_world *w, sls_function *f, int provisioned) {
  sls_env *e = pool_get(&w->env_pool);
  e->fn = f;
  e->born = w->sim.now;
  e->provisioned = provisioned;
  e->retire_at = SLS_TIME_MAX;
  if (!provisioned && f->spec->lifetime_on)
    e->retire_at = e->born + (sls_time)sls_dist_sample(&f->spec->max_lifetime, f->r_lifetime);
  f->st.envs_created++;
  return e;
}

/* ---- requests ---- */

static void on_arrival(void *ctx, void *obj, int64_t arg);
static void on_attempt(void *ctx, void *obj, int64_t arg);
static void on_send(void *ctx, void *obj, int64_t arg);
static void on_complete(void *ctx, void *obj, int64_t arg);

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
  sls_time lat = (sls_time)sls_dist_sample(&s->spec->gateway_latency, s->r_gateway);
  sls_sim_schedule(&w->sim, w->sim.now + lat, on_attempt, rq, 0);
}

static void request_end(sls_world *w, sls_request *rq) {
  w->inflight--;
  pool_put(&w->req_pool, rq);
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

/* A failed attempt: retry when the client's policy allows, otherwise end the request.
 * Returns 1 when a retry was scheduled. */
static int maybe_retry(sls_world *w, sls_request *rq) {
  sls_source *s = rq->src;
  if (rq->attempt >= s->spec->max_retries) return 0;
  rq->attempt++;
  s->fn->st.retries++;
  sls_sim_schedule(&w->sim, w->sim.now + backoff(s, rq->attempt), on_send, rq, 0);
  return 1;
}

static void throttle(sls_world *w, sls_function *f, sls_request *rq) {
  f->st.throttles++;
  f->ts_cur[SLS_TS_THROTTLES]++;
  if (maybe_retry(w, rq)) return;
  f->st.throttled++;
  request_end(w, rq);
}

/* Starts rq on environment e after wait_ns (the cold start, 0 when warm). */
static void run_on(sls_world *w, sls_function *f, sls_env *e, sls_request *rq, sls_time wait_ns,
                   sls_time billed_init_ns) {
  const sls_function_spec *fs = f->spec;
  double d = sls_dist_sample(&fs->duration, f->r_duration);
  d = d * (fs->cpu_fraction / f->speed_ratio + (1.0 - fs->cpu_fraction));
  sls_time run = (sls_time)d;
  int outcome; /* 0 ok, 1 error, 2 timeout */
  if (run >= fs->timeout) {
    run = fs->timeout;
    outcome = 2;
  } else {
    outcome = fs->error_rate > 0 && gsl_rng_uniform(f->r_error) < fs->error_rate;
  }
  e->req = rq;
  f->st.invocations++;
  f->ts_cur[SLS_TS_INVOCATIONS]++;
  /* Billing is per 1 ms, rounded up; on-demand INIT is billed with the duration [FACTS 3]. */
  if (e->provisioned) {
    f->st.pc_invocations++;
    f->st.pc_billed_ms += (uint64_t)((run + SLS_NS_PER_MS - 1) / SLS_NS_PER_MS);
  } else {
    uint64_t ms = (uint64_t)((run + billed_init_ns + SLS_NS_PER_MS - 1) / SLS_NS_PER_MS);
    f->st.billed_ms += ms;
    f->st.billed_init_ms += (uint64_t)((billed_init_ns + SLS_NS_PER_MS - 1) / SLS_NS_PER_MS);
  }
  sls_sim_schedule(&w->sim, w->sim.now + wait_ns + run, on_complete, e, outcome);
}

/* One attempt of rq reaches the function (DESIGN 3.2 dispatch). */
static void on_attempt(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *rq = obj;
  sls_function *f = rq->src->fn;
  sls_time now = w->sim.now;
  f->st.attempts++;
  sls_env *e = f->pc_idle;
  if (e) { /* provisioned first: already initialized and already counted */
    f->pc_idle = e->next;
    e->next = NULL;
    f->pc_busy++;
    level_add(&f->conc, now, +1);
    level_add(&f->pcb, now, +1);
    run_on(w, f, e, rq, 0, 0);
    return;
  }
  if (!conc_available(w, f)) {
    throttle(w, f, rq);
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
    run_on(w, f, e, rq, 0, 0);
    return;
  }
  if (!scaling_allows(w, f)) {
    throttle(w, f, rq);
    return;
  }
  conc_acquire(w, f);
  e = env_new(w, f, 0);
  const sls_runtime_spec *rt = &f->spec->runtime;
  sls_time init = (sls_time)sls_dist_sample(&rt->init, f->r_init);
  sls_time over = (sls_time)sls_dist_sample(&rt->overhead, f->r_init);
  f->st.cold_starts++;
  f->ts_cur[SLS_TS_COLD_STARTS]++;
  sls_hist_record(&f->st.init_latency, init + over);
  run_on(w, f, e, rq, init + over, rt->init_billed ? init : 0);
}

static void on_complete(void *ctx, void *obj, int64_t outcome) {
  sls_world *w = ctx;
  sls_env *e = obj;
  sls_function *f = e->fn;
  sls_request *rq = e->req;
  sls_time now = w->sim.now;
  e->req = NULL;
  if (e->provisioned) {
    f->pc_busy--;
    level_add(&f->conc, now, -1);
    level_add(&f->pcb, now, -1);
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
  if (outcome != 0 && rq->src->spec->retry_on_error && maybe_retry(w, rq)) {
    if (outcome == 1)
      f->ts_cur[SLS_TS_ERRORS]++;
    else
      f->ts_cur[SLS_TS_TIMEOUTS]++;
    return;
  }
  sls_hist_record(&f->st.latency, now - rq->t0);
  switch (outcome) {
  case 0:
    f->st.ok++;
    f->ts_cur[SLS_TS_OK]++;
    break;
  case 1:
    f->st.errors++;
    f->ts_cur[SLS_TS_ERRORS]++;
    break;
  default:
    f->st.timeouts++;
    f->ts_cur[SLS_TS_TIMEOUTS]++;
    break;
  }
  request_end(w, rq);
}

/* ---- sources ---- */

/* Next arrival after t for a non-homogeneous Poisson process with a piecewise-constant rate:
 * the integrated rate Λ(t) is inverted exactly — draw E ~ Exp(1) and walk the segments until
 * their accumulated rate·time covers E (Çinlar's time-transformation method). */
static sls_time next_arrival(sls_source *s, sls_time t) {
  const sls_source_spec *sp = s->spec;
  if (sp->kind == SLS_ARRIVAL_BATCH) {
    if (s->emitted >= sp->batch_count) return SLS_TIME_MAX;
    sls_time off = (sls_time)((double)sp->batch_window * (double)s->emitted / (double)sp->batch_count);
    s->emitted++;
    sls_time at = sp->batch_at + off;
    return at > t ? at : t;
  }
  double e = gsl_ran_exponential(s->r_arrival, 1.0);
  if (sp->kind == SLS_ARRIVAL_POISSON) {
    if (sp->rate_per_s <= 0) return SLS_TIME_MAX;
    double dt = e / sp->rate_per_s * 1e9;
    return dt >= (double)(SLS_TIME_MAX - t) ? SLS_TIME_MAX : t + (sls_time)ceil(dt);
  }
  double tt = (double)t;
  for (int i = s->piece; i < sp->n_pieces; i++) {
    double end = i + 1 < sp->n_pieces ? (double)sp->piece_t[i + 1] : INFINITY;
    if (tt >= end) continue;
    double r = sp->piece_rate[i] / 1e9; /* per ns */
    if (r > 0) {
      double need = e / r;
      if (tt + need < end) {
        s->piece = i;
        return (sls_time)ceil(tt + need);
      }
      e -= r * (end - tt);
    }
    tt = end;
  }
  return SLS_TIME_MAX;
}

static void schedule_arrival(sls_world *w, sls_source *s, sls_time after) {
  sls_time t = next_arrival(s, after);
  sls_time stop = s->spec->stop < w->sc->duration ? s->spec->stop : w->sc->duration;
  if (t < stop) sls_sim_schedule(&w->sim, t, on_arrival, s, 0);
}

static void on_arrival(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_source *s = obj;
  sls_function *f = s->fn;
  sls_time now = w->sim.now;
  schedule_arrival(w, s, now);
  s->arrivals++;
  f->st.requests++;
  f->ts_cur[SLS_TS_REQUESTS]++;
  sls_request *rq = pool_get(&w->req_pool);
  rq->src = s;
  rq->t0 = now;
  w->inflight++;
  on_send(w, rq, 0);
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
    row[SLS_TS_CONC_MEAN] = level_sample(&f->conc, now, since, &peak);
    row[SLS_TS_CONC_MAX] = (double)peak;
    row[SLS_TS_IDLE_MEAN] = level_sample(&f->idle, now, since, NULL);
    row[SLS_TS_PC_BUSY_MEAN] = level_sample(&f->pcb, now, since, NULL);
  }
  w->sample_k++;
  if (w->progress) w->progress(w->progress_ctx, (double)now / (double)w->sc->duration);
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

sls_world *sls_world_alloc(const sls_scenario *sc, uint64_t seed, char *err) {
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
    f->tokens = sc->account.burst;
    sls_hist_init(&f->st.latency);
    sls_hist_init(&f->st.init_latency);
    if (w->n_samples) f->ts = sls_xcalloc(w->n_samples * SLS_TS_NCOLS, sizeof *f->ts);
    if (fs->reserved >= 0)
      w->reserved_total += fs->reserved;
    else
      pc_unreserved += fs->provisioned;
  }
  w->acct_tokens = sc->account.burst;
  const sls_account_spec *a = &sc->account;
  if (w->reserved_total > a->concurrency_limit - a->unreserved_min) {
    sls_err(err,
            "%s: reserved concurrency adds up to %lld, but at most %lld (concurrency_limit %lld - "
            "unreserved_min %lld) may be reserved",
            sc->path, (long long)w->reserved_total, (long long)(a->concurrency_limit - a->unreserved_min),
            (long long)a->concurrency_limit, (long long)a->unreserved_min);
    sls_world_free(w);
    return NULL;
  }
  if (pc_unreserved > a->concurrency_limit - w->reserved_total) {
    sls_err(err,
            "%s: provisioned concurrency of functions without a reservation adds up to %lld, "
            "more than the %lld unreserved concurrency",
            sc->path, (long long)pc_unreserved, (long long)(a->concurrency_limit - w->reserved_total));
    sls_world_free(w);
    return NULL;
  }
  w->unreserved_used = pc_unreserved;
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
  w->n_sources = sc->n_sources;
  w->sources = sls_xcalloc((size_t)sc->n_sources, sizeof *w->sources);
  for (int i = 0; i < sc->n_sources; i++) {
    sls_source *s = &w->sources[i];
    s->spec = &sc->sources[i];
    for (int j = 0; j < w->n_functions; j++)
      if (strcmp(w->functions[j].spec->name, s->spec->target) == 0) s->fn = &w->functions[j];
    SLS_ASSERT(s->fn); /* the loader resolved every target */
    s->r_arrival = sls_rng_alloc(seed, s->spec->name, "arrivals");
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
    free(f->ts);
  }
  for (int i = 0; i < w->n_sources; i++) {
    gsl_rng_free(w->sources[i].r_arrival);
    gsl_rng_free(w->sources[i].r_retry);
    gsl_rng_free(w->sources[i].r_gateway);
  }
  free(w->functions);
  free(w->sources);
  pool_destroy(&w->env_pool);
  pool_destroy(&w->req_pool);
  sls_sim_destroy(&w->sim);
  free(w);
}

int sls_world_run(sls_world *w) {
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < w->n_sources; i++) {
    sls_source *s = &w->sources[i];
    schedule_arrival(w, s, s->spec->start);
  }
  if (w->n_samples) {
    sls_time first = w->sc->sample_interval < w->sc->duration ? w->sc->sample_interval : w->sc->duration;
    sls_sim_schedule(&w->sim, first, on_sample, NULL, 0);
  }
  /* Run to the end, then only as long as requests are in flight (the drain): idle
   * environments' expiry timers past the end are of no interest. */
  int closed = 0;
  for (;;) {
    sls_time next = sls_sim_peek(&w->sim);
    if (next > w->sc->duration && !closed) {
      while (w->sample_k < w->n_samples)
        take_sample(w, w->sc->duration);
      close_window(w);
      closed = 1;
    }
    if (next == SLS_TIME_MAX || (next > w->sc->duration && w->inflight == 0)) break;
    sls_sim_step(&w->sim, w);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  w->wall_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  return 0;
}

int sls_world_conserved(const sls_world *w, char *err) {
  for (int i = 0; i < w->n_functions; i++) {
    const sls_fn_stats *s = &w->functions[i].st;
    uint64_t ended = s->ok + s->errors + s->timeouts + s->throttled;
    if (ended != s->requests || s->latency.n != s->ok + s->errors + s->timeouts ||
        s->attempts != s->requests + s->retries || s->invocations + s->throttles != s->attempts) {
      sls_err(err,
              "function %s: requests %llu != ok %llu + errors %llu + timeouts %llu + throttled %llu"
              " (attempts %llu, retries %llu, invocations %llu, throttles %llu)",
              w->functions[i].spec->name, (unsigned long long)s->requests, (unsigned long long)s->ok,
              (unsigned long long)s->errors, (unsigned long long)s->timeouts,
              (unsigned long long)s->throttled, (unsigned long long)s->attempts,
              (unsigned long long)s->retries, (unsigned long long)s->invocations,
              (unsigned long long)s->throttles);
      return 0;
    }
  }
  if (w->inflight != 0) {
    sls_err(err, "%llu requests still in flight after the drain", (unsigned long long)w->inflight);
    return 0;
  }
  return 1;
}
