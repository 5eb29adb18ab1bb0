#include "model/world.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/util.h"

/* ---- sampling ---- */

static void take_sample(sls_world *w, sls_time now) {
  if (w->sample_k >= w->n_samples) return;
  sls_time since = (sls_time)w->sample_k * w->sc->sample_interval;
  sls_functions_sample(w, w->sample_k, since, now);
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
  sls_pool_init(&w->env_pool, sizeof(sls_env));
  sls_pool_init(&w->req_pool, sizeof(sls_request));
  sls_pool_init(&w->msg_pool, sizeof(sls_msg));
  sls_pool_init(&w->root_pool, sizeof(sls_root));
  w->n_samples = 0;
  if (sc->sample_interval > 0)
    w->n_samples = (size_t)((sc->duration + sc->sample_interval - 1) / sc->sample_interval);
  sls_functions_init(w, seed);
  sls_downstreams_init(w, seed, sls_job_calls_done);
  for (int i = 0; i < w->n_functions; i++) {
    int d = w->functions[i].spec->ds_index;
    w->functions[i].ds = d >= 0 ? &w->downstreams[d] : NULL;
  }
  sls_queues_init(w);
  sls_sources_init(w, seed);
  return w;
}

void sls_world_free(sls_world *w) {
  if (!w) return;
  sls_functions_free(w);
  sls_sources_free(w);
  sls_queues_free(w);
  sls_downstreams_free(w);
  sls_pool_destroy(&w->env_pool);
  sls_pool_destroy(&w->req_pool);
  sls_pool_destroy(&w->msg_pool);
  sls_pool_destroy(&w->root_pool);
  sls_sim_destroy(&w->sim);
  free(w);
}

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
  b += sls_pool_bytes(&w->env_pool) + sls_pool_bytes(&w->req_pool) + sls_pool_bytes(&w->msg_pool) +
       sls_pool_bytes(&w->root_pool);
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
  sls_sources_start(w);
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
      sls_functions_close(w);
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
  w->wall_s = seconds_since(&t0);
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

int sls_world_conserved(const sls_world *w, char *err) {
  return sls_functions_conserved(w, err) && sls_queues_conserved(w, err) && roots_conserved(w, err);
}
