/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a run will need in memory, before it runs (world.h: sls_world_estimate): the time series,
 * the functions' state, and what waits at the busiest — requests in flight, messages in queues,
 * items on their way between the graph's parts.  The rates that reach each part are the
 * sources' peaks passed on through emissions, subscriptions, rules and joins.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/util.h"
#include "model/bus.h"
#include "model/world.h"

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

/* ---- the rates through the graph ---- */

/* Rates (1/s) into each part; the batch sources' bursts, whole.  Topics' and buses' rates are
 * kept by event type (nt + 1 a topic or bus: [0] untyped, [1 + t] type t), as their filters
 * and rules take them. */
typedef struct flows {
  int nt;                      /* event types + 1 */
  double *sync, *async, *msgs; /* functions: sync and async invocations, messages of their batches */
  double *q, *topic, *bus, *join;
  double *q_burst, *fn_burst;
  double deliveries; /* items on their way (a topic's or bus's latency, an API call's), at once */
  double retrying;   /* EventBridge deliveries waiting to retry a downstream that is down, at once */
} flows;

static void flows_alloc(flows *f, const sls_scenario *sc) {
  double **a[] = {&f->sync, &f->async, &f->msgs, &f->fn_burst};
  for (size_t i = 0; i < sizeof a / sizeof *a; i++)
    *a[i] = sls_xcalloc((size_t)sc->n_functions + 1, sizeof **a[i]);
  f->q = sls_xcalloc((size_t)sc->n_queues + 1, sizeof *f->q);
  f->q_burst = sls_xcalloc((size_t)sc->n_queues + 1, sizeof *f->q_burst);
  f->nt = sc->n_event_types + 1;
  f->topic = sls_xcalloc((size_t)sc->n_topics * (size_t)f->nt + 1, sizeof *f->topic);
  f->bus = sls_xcalloc((size_t)sc->n_buses * (size_t)f->nt + 1, sizeof *f->bus);
  f->join = sls_xcalloc((size_t)sc->n_joins + 1, sizeof *f->join);
  f->deliveries = f->retrying = 0;
}

static void flows_free(flows *f) {
  double *a[] = {f->sync, f->async, f->msgs, f->fn_burst, f->q, f->q_burst, f->topic, f->bus, f->join};
  for (size_t i = 0; i < sizeof a / sizeof *a; i++)
    free(a[i]);
}

static void flows_zero(flows *f, const sls_scenario *sc) {
  memset(f->sync, 0, (size_t)sc->n_functions * sizeof *f->sync);
  memset(f->async, 0, (size_t)sc->n_functions * sizeof *f->async);
  memset(f->msgs, 0, (size_t)sc->n_functions * sizeof *f->msgs);
  memset(f->q, 0, (size_t)sc->n_queues * sizeof *f->q);
  memset(f->topic, 0, (size_t)sc->n_topics * (size_t)f->nt * sizeof *f->topic);
  memset(f->bus, 0, (size_t)sc->n_buses * (size_t)f->nt * sizeof *f->bus);
  memset(f->join, 0, (size_t)sc->n_joins * sizeof *f->join);
  f->deliveries = f->retrying = 0;
}

/* r items a second of event type `type` (-1: none) to t. */
static void flow_to(flows *f, sls_target t, double r, int type) {
  switch (t.kind) {
  case SLS_TARGET_FUNCTION: f->async[t.index] += r; return;
  case SLS_TARGET_QUEUE: f->q[t.index] += r; return;
  case SLS_TARGET_TOPIC: f->topic[(size_t)t.index * (size_t)f->nt + (size_t)(type + 1)] += r; return;
  case SLS_TARGET_BUS: f->bus[(size_t)t.index * (size_t)f->nt + (size_t)(type + 1)] += r; return;
  case SLS_TARGET_JOIN: f->join[t.index] += r; return;
  case SLS_TARGET_MACHINE: /* executions: their tasks' work is not followed (a few tokens each) */
  case SLS_TARGET_API:
  case SLS_TARGET_N: return;
  }
}

/* The time a downstream is down by its schedule (s). */
static double down_s(const sls_downstream_spec *d) {
  double t = 0;
  for (int i = 0; i < d->n_outages; i++)
    t += sls_time_to_s(d->outages[i].length);
  return d->collapse_on ? t + sls_time_to_s(d->recovery) : t;
}

/* Whether a filter of types[0..n) takes events of type t (-1: none): as sls_filter_matches,
 * before its probability. */
static int takes(const int *types, int n, int t) {
  for (int i = 0; i < n; i++)
    if (types[i] == t) return 1;
  return n == 0;
}

/* One pass: what the parts' rates in `in` send on, added to out (which holds the sources'). */
static void pass_on(const sls_scenario *sc, const flows *in, flows *out) {
  for (int i = 0; i < sc->n_functions; i++) {
    const sls_function_spec *fs = &sc->functions[i];
    /* emissions go out per invocation, or per message of a batch */
    double r = in->sync[i] + in->async[i] + in->msgs[i];
    for (int e = 0; e < fs->n_emits && r > 0; e++) {
      const sls_emit_spec *em = &fs->emits[e];
      double items = r * em->count * em->probability;
      if (em->kind == SLS_EMIT_INVOKE && em->sync)
        out->sync[em->target.index] += items;
      else if (em->kind != SLS_EMIT_JOIN || sc->joins[em->target.index].branches > 0)
        flow_to(out, em->target, items, em->event_type_id); /* a counted join's: its fan-out's (below) */
      if (em->kind != SLS_EMIT_INVOKE || !em->sync)
        out->deliveries += items * sls_dist_mean(&em->api_latency) / 1e9;
      if (em->join_index >= 0 && sc->joins[em->join_index].branches == 0) out->join[em->join_index] += r;
    }
  }
  for (int m = 0; m < sc->n_mappings; m++)
    out->msgs[sc->mappings[m].fn_index] += in->q[sc->mappings[m].q_index];
  for (int t = 0; t < sc->n_topics; t++) {
    const sls_topic_spec *ts = &sc->topics[t];
    for (int ty = -1; ty < sc->n_event_types; ty++) {
      double r = in->topic[(size_t)t * (size_t)in->nt + (size_t)(ty + 1)];
      for (int k = 0; k < ts->n_subs && r > 0; k++) {
        const sls_subscription_spec *sub = &ts->subs[k];
        if (!takes(sub->types, sub->n_types, ty)) continue;
        flow_to(out, sub->target, r * sub->probability, ty);
        out->deliveries += r * sub->probability * sls_dist_mean(&ts->delivery_latency) / 1e9;
      }
    }
  }
  for (int b = 0; b < sc->n_buses; b++) {
    const sls_bus_spec *bs = &sc->buses[b];
    for (int ty = -1; ty < sc->n_event_types; ty++) {
      double rate = in->bus[(size_t)b * (size_t)in->nt + (size_t)(ty + 1)];
      for (int k = 0; k < bs->n_rules && rate > 0; k++) {
        const sls_rule_spec *r = &bs->rules[k];
        if (!takes(r->types, r->n_types, ty)) continue;
        double matched = rate * r->probability;
        for (int t = 0; t < r->n_targets; t++) {
          flow_to(out, r->targets[t], matched, ty);
          out->deliveries += matched * sls_dist_mean(&bs->delivery_latency) / 1e9;
          if (r->targets[t].kind == SLS_TARGET_API)
            out->retrying +=
                matched * fmin(down_s(&sc->downstreams[r->targets[t].index]), sls_time_to_s(r->max_age));
        }
      }
    }
  }
  for (int j = 0; j < sc->n_joins; j++) {
    const sls_join_spec *js = &sc->joins[j];
    /* a counted join sends one item per fan-out (its rate is the fan-out's, above); a join with
     * a fixed number of branches, one per that many arrivals */
    flow_to(out, js->target, js->branches > 0 ? in->join[j] / (double)js->branches : in->join[j], -1);
  }
}

/* The sources' rates, then 64 passes through the graph (a cycle whose gain is 1 or more makes
 * the estimate as large as such a run would be). */
static void graph_flows(const sls_scenario *sc, double dur_s, flows *f) {
  flows src, cur;
  flows_alloc(&src, sc);
  flows_alloc(&cur, sc);
  flows_alloc(f, sc);
  for (int i = 0; i < sc->n_sources; i++) {
    const sls_source_spec *s = &sc->sources[i];
    double rate = peak_rate(s, dur_s), burst = s->kind == SLS_ARRIVAL_BATCH ? (double)s->count : 0;
    if (s->dest.kind == SLS_TARGET_FUNCTION && !s->async) {
      src.sync[s->dest.index] += rate;
      f->fn_burst[s->dest.index] += burst;
    } else {
      flow_to(&src, s->dest, rate, s->event_type_id);
      if (s->dest.kind == SLS_TARGET_QUEUE) f->q_burst[s->dest.index] += burst;
      if (s->dest.kind == SLS_TARGET_FUNCTION) f->fn_burst[s->dest.index] += burst;
    }
  }
  pass_on(sc, &src, &cur); /* cur: what the sources' arrivals send on */
  for (int hop = 0; hop < 64; hop++) {
    flows_zero(f, sc);
    /* f = sources + what cur's rates send on */
    for (int i = 0; i < sc->n_functions; i++) {
      f->sync[i] = src.sync[i] + cur.sync[i];
      f->async[i] = src.async[i] + cur.async[i];
      f->msgs[i] = cur.msgs[i];
    }
    for (int i = 0; i < sc->n_queues; i++)
      f->q[i] = src.q[i] + cur.q[i];
    for (size_t i = 0; i < (size_t)sc->n_topics * (size_t)f->nt; i++)
      f->topic[i] = src.topic[i] + cur.topic[i];
    for (size_t i = 0; i < (size_t)sc->n_buses * (size_t)f->nt; i++)
      f->bus[i] = src.bus[i] + cur.bus[i];
    for (int i = 0; i < sc->n_joins; i++)
      f->join[i] = src.join[i] + cur.join[i];
    flows_zero(&cur, sc);
    pass_on(sc, f, &cur);
  }
  f->deliveries = cur.deliveries;
  f->retrying = cur.retrying;
  flows_free(&src);
  flows_free(&cur);
}

/* ---- the estimate ---- */

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

#define HIST_TYPICAL (8 * 1024.0) /* a busy latency histogram's few octaves of 0.5-4 KiB (stats/hist.h) */
#define HIST_OCTAVES 8.0          /* the octaves a function's latencies reach (1 ms .. 256 ms, say) */

/* Bytes of a latency histogram that records n values (stats/hist.h): a row of SLS_HIST_SUB counts
 * for each octave its values reach — HIST_OCTAVES, or n when fewer — each as wide as its busiest
 * bucket's count needs (2, 4, 8, 16 or 32 bits), taken as 4 times the mean count of those
 * buckets plus 3, and a row pointer each; at most HIST_TYPICAL, a busy histogram's.  Bench (c),
 * 10,000 functions of 1,800 requests: 2 KiB each by this, 1.5 KiB measured (latency; cold starts
 * 0.25 KiB).  n unknown (0): HIST_TYPICAL. */
static double hist_bytes(double n) {
  if (n <= 0) return HIST_TYPICAL; /* no rate known (a trace's counts through a queue, say): a busy one */
  double rows = fmin(n, HIST_OCTAVES), busiest = 4 * n / (rows * SLS_HIST_SUB) + 3;
  double bits = busiest < 4 ? 2 : busiest < 16 ? 4 : busiest < 256 ? 8 : busiest < 65536 ? 16 : 32;
  return fmin(HIST_TYPICAL, rows * (SLS_HIST_SUB * bits / 8 + sizeof(uintptr_t)));
}

double sls_world_estimate(const sls_scenario *sc, char *what, size_t n) {
  double total = 0, largest = 0, dur_s = sls_time_to_s(sc->duration);
  double samples = sc->sample_interval > 0 ? ceil((double)sc->duration / (double)sc->sample_interval) : 0;
  double cols = (double)sc->n_functions * SLS_TS_NCOLS + (double)sc->n_queues * SLS_QTS_NCOLS +
                (double)sc->n_downstreams * SLS_DTS_NCOLS;
  if (what && n) what[0] = 0;
  char buf[256];
  if (!what) what = buf, n = sizeof buf;
  /* in memory, one chunk of rows of every series (stats/series.h); the rest in a temporary file */
  double chunk = (double)sls_series_chunk_rows((size_t)cols, (size_t)samples, SLS_SERIES_BUDGET);
  part(&total, &largest, what, n, chunk * cols * 8,
       "time series: %.0f of %.0f samples x %.0f columns x 8 bytes in memory", chunk, samples, cols);
  /* the requests each function serves in the run: its latency, cold-start and async histograms
   * record at most that many values each */
  flows fl;
  graph_flows(sc, dur_s, &fl);
  double fn_bytes = sc->n_functions * (sizeof(sls_function) + 7 * 64.0);
  double *counted = sls_xcalloc((size_t)sc->n_functions + 1, sizeof *counted); /* traces' counts */
  for (int i = 0; i < sc->n_sources; i++) {
    const sls_source_spec *s = &sc->sources[i];
    if (s->kind != SLS_ARRIVAL_TRACE_COUNTS || s->dest.kind != SLS_TARGET_FUNCTION) continue;
    for (int m = 0; m < s->n_minutes; m++)
      counted[s->dest.index] += s->minute_counts[m];
  }
  for (int i = 0; i < sc->n_functions; i++)
    fn_bytes += 3 * hist_bytes((fl.sync[i] + fl.async[i] + fl.msgs[i]) * dur_s + fl.fn_burst[i] + counted[i]);
  free(counted);
  part(&total, &largest, what, n, fn_bytes, "%d functions' state and latency histograms", sc->n_functions);
  double pc = 0, inflight = 0, messages = 0, trace = 0;
  for (int i = 0; i < sc->n_functions; i++)
    pc += (double)sc->functions[i].provisioned;
  part(&total, &largest, what, n, pc * sizeof(sls_env), "%.0f provisioned environments", pc);
  /* What waits grows only as fast as arrivals outrun service: a function serves at most its
   * concurrency (reservation, else the account's) per mean duration; a mapping drains its queue
   * at most maximum_concurrency batches per mean duration.  An estimate of the expected peak,
   * not a bound: a run that outgrows it is stopped by its memory limit. */
  for (int i = 0; i < sc->n_functions; i++) {
    const sls_function_spec *f = &sc->functions[i];
    double conc = f->reserved >= 0 ? (double)f->reserved : (double)sc->account.concurrency_limit;
    double serve = conc / (sls_dist_mean(&f->duration) / 1e9 + 1e-3);
    double rate = fl.sync[i] + fl.async[i];
    double busy = fmin(rate * sls_time_to_s(f->timeout), conc);
    double waiting =
        (fl.async[i] > serve ? fl.async[i] - serve : 0) * fmin(sls_time_to_s(f->max_event_age), dur_s);
    inflight += fl.fn_burst[i] + busy + waiting;
  }
  for (int i = 0; i < sc->n_sources; i++) { /* sync clients waiting to retry */
    const sls_source_spec *s = &sc->sources[i];
    if (s->dest.kind == SLS_TARGET_FUNCTION && !s->async)
      inflight += peak_rate(s, dur_s) * s->max_retries * sls_time_to_s(s->backoff_cap);
    trace += (double)s->n_times * 2 * sizeof(sls_time) + (double)s->n_minutes * sizeof(uint32_t);
  }
  for (int q = 0; q < sc->n_queues; q++) {
    double drain = 0;
    for (int m = 0; m < sc->n_mappings; m++)
      if (sc->mappings[m].q_index == q) {
        const sls_function_spec *f = &sc->functions[sc->mappings[m].fn_index];
        double conc = sc->mappings[m].max_concurrency > 0 ? (double)sc->mappings[m].max_concurrency : 1000;
        drain = conc * sc->mappings[m].batch_size / (sls_dist_mean(&f->duration) / 1e9 + 1e-3);
      }
    messages += fl.q_burst[q] + (fl.q[q] > drain ? fl.q[q] - drain : 0) * dur_s;
  }
  /* every request, message and item holds a root request (a pooled sls_root) */
  part(&total, &largest, what, n,
       inflight * (sizeof(sls_request) + 2 * sizeof(sls_event) + sizeof(sls_root) + 16),
       "%.0f requests in flight at once (running, waiting to retry, batches whole)", inflight);
  part(&total, &largest, what, n, messages * (sizeof(sls_msg) + sizeof(sls_event) + sizeof(sls_root)),
       "%.0f messages waiting in queues (arrivals beyond what the mappings drain)", messages);
  double items = fl.deliveries + fl.retrying;
  part(
      &total, &largest, what, n,
      items * (sls_delivery_size() + sls_bus_delivery_size() / 2 + sizeof(sls_event) + sizeof(sls_root)),
      "%.0f items on their way between functions, topics and buses (%.0f retrying a downstream that is down)",
      items, fl.retrying);
  part(&total, &largest, what, n, trace, "the traces' invocations");
  flows_free(&fl);
  return total;
}
