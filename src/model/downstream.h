/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * downstream — a dependency with a connection limit whose latency grows with load
 * [design §3.6].
 *
 *  - Connections: per invocation (opened when the invocation starts running, held to its end;
 *    refused beyond max_connections, which fails the invocation) or from a proxy pool
 *    (borrowed for the calls, FIFO wait when all pool_size are busy, RDS Proxy-style).
 *  - Calls: an invocation's calls (calls_per_message x messages, each with a base latency drawn
 *    from `latency`) are served as one piece of work of the summed base latency, after its
 *    compute — so an invocation is one call in progress at the downstream during its call
 *    phase.  Up to `capacity` calls progress at full speed; with n > capacity each progresses at
 *    capacity/n (egalitarian processor sharing), so overload lengthens — and bills — every
 *    calling invocation.
 *  - Processor sharing is tracked in virtual time V (dV/dt = min(1, capacity/n)): a call of work
 *    w joining at V0 ends when V = V0 + w, so calls end in order of V0 + w and one pending event
 *    per downstream suffices (Kleinrock, Queueing Systems vol. 2, 4.4).
 *  - Collapse: when connections (proxy: calls in progress) stay above collapse_above for
 *    collapse_after, the downstream goes down for `recovery`: calls in progress fail and every
 *    new call fails at once.
 *  - Outages: scheduled periods down (a partner API's maintenance), with the same effect.
 *  - API destination: an EventBridge rule may deliver to a downstream (an HTTP endpoint):
 *    each delivery is one call that succeeds after a base latency, or fails while it is down.
 */
#ifndef SLS_DOWNSTREAM_H
#define SLS_DOWNSTREAM_H

#include "model/core.h"
#include "model/ps.h"

typedef struct sls_ds_stats {
  uint64_t calls;        /* call phases started */
  uint64_t failed_calls; /* call phases failed (downstream down) */
  uint64_t refusals;     /* connections refused at max_connections */
  uint64_t collapses;    /* times it went down */
  sls_time down_ns;      /* time spent down (ns) */
  sls_time outage_ns;    /* time in scheduled outages (ns) */
  uint64_t api_calls;    /* EventBridge API destination deliveries it took */
  uint64_t api_failed;   /* ... that failed (it was down) */
} sls_ds_stats;

enum {
  SLS_DTS_CONN_MEAN,
  SLS_DTS_CONN_MAX,
  SLS_DTS_ACTIVE_MEAN,
  SLS_DTS_ACTIVE_MAX,
  SLS_DTS_WAITING_MEAN,
  SLS_DTS_REFUSALS,
  SLS_DTS_FAILED_CALLS,
  SLS_DTS_DOWN_FRACTION,
  SLS_DTS_NCOLS
};
extern const char *const sls_dts_names[SLS_DTS_NCOLS];

/* Called when an invocation's calls end (failed = 1: they failed): the function module's. */
typedef void (*sls_calls_done_fn)(sls_world *w, sls_request *job, int failed);

struct sls_downstream {
  const sls_downstream_spec *spec;
  int index;
  gsl_rng *r_latency;
  sls_ps ps;           /* calls in progress, sharing capacity (model/ps.h) */
  int64_t connections; /* open connections (proxy: pool connections in use) */
  sls_jobq wait;       /* proxy: invocations waiting for a pool connection */
  int down;            /* collapsed */
  int outage;          /* in scheduled outages (and events' down windows): how many */
  double lat_factor;   /* its calls' latency is multiplied by this (events; 1) */
  double err_rate;     /* a call fails at once with this probability (events; 0) */
  gsl_rng *r_degrade;  /* ... drawn from this stream */
  int lv_is_down;      /* lv_down's value */
  sls_event *collapse_ev, *recover_ev;
  sls_ds_stats st;
  sls_level lv_conn, lv_active, lv_waiting, lv_down;
  uint64_t ts_cur[2]; /* refusals, failed calls in the current interval */
  sls_series *ts;     /* n_samples x SLS_DTS_NCOLS, NULL for none */
  sls_calls_done_fn calls_done;
};

void sls_downstreams_init(sls_world *w, uint64_t seed, sls_calls_done_fn calls_done);
void sls_downstreams_free(sls_world *w);
/* Opens a per-invocation connection for job.  Returns 0, or -1 when refused.  Proxy mode:
 * always 0 (the pool is borrowed for the calls). */
int sls_ds_connect(sls_world *w, sls_downstream *d, sls_request *job);
void sls_ds_disconnect(sls_world *w, sls_downstream *d, sls_request *job);
/* Starts job's call phase of job->ds_work ns of base-latency work; ends in
 * calls_done. */
void sls_ds_call(sls_world *w, sls_downstream *d, sls_request *job);
/* Withdraws job's call (its invocation timed out). */
void sls_ds_cancel(sls_world *w, sls_downstream *d, sls_request *job);
/* Schedules the downstreams' outages (when the run starts). */
void sls_downstreams_start(sls_world *w);
/* An events' down window of d begins (down = 1; lasting: its length) or ends (down = 0). */
void sls_ds_set_down(sls_world *w, sls_downstream *d, int down, sls_time lasting);
/* Whether a call now would be served (not collapsed, not in an outage). */
int sls_ds_available(const sls_downstream *d);
/* Draws the base latency of one call (ns). */
double sls_ds_draw(sls_downstream *d);
void sls_downstreams_sample(sls_world *w, size_t k, sls_time since, sls_time now);

#endif
