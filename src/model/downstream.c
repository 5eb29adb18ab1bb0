/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/downstream.h"

#include <math.h>
#include <string.h>

#include "engine/rng.h"
#include "engine/util.h"

const char *const sls_dts_names[SLS_DTS_NCOLS] = {"connections_mean", "connections_max", "active_calls_mean",
                                                  "active_calls_max", "waiting_mean",    "refusals",
                                                  "failed_calls",     "down_fraction"};

void sls_downstreams_init(sls_world *w, uint64_t seed, sls_calls_done_fn calls_done) {
  const sls_scenario *sc = w->sc;
  w->n_downstreams = sc->n_downstreams;
  w->downstreams = sls_xcalloc((size_t)sc->n_downstreams + 1, sizeof *w->downstreams);
  for (int i = 0; i < sc->n_downstreams; i++) {
    sls_downstream *d = &w->downstreams[i];
    d->spec = &sc->downstreams[i];
    d->index = i;
    d->calls_done = calls_done;
    d->r_latency = sls_rng_alloc(seed, d->spec->name, "latency");
    d->r_degrade = sls_rng_alloc(seed, d->spec->name, "degrade");
    d->lat_factor = 1;
    sls_ps_init(&d->ps, 64);
    if (w->n_samples) d->ts = sls_series_add(&w->series, SLS_DTS_NCOLS);
  }
}

void sls_downstreams_free(sls_world *w) {
  for (int i = 0; i < w->n_downstreams; i++) {
    sls_rng_free(w->downstreams[i].r_latency);
    sls_rng_free(w->downstreams[i].r_degrade);
    sls_ps_free(&w->downstreams[i].ps);
  }
  free(w->downstreams);
}

double sls_ds_draw(sls_downstream *d) {
  return sls_dist_sample(&d->spec->latency, d->r_latency) * d->lat_factor;
}

/* ---- processor sharing in virtual time ---- */

static double rate(const sls_downstream *d) {
  return (int64_t)d->ps.n <= d->spec->capacity ? 1.0 : (double)d->spec->capacity / (double)d->ps.n;
}

static void advance(sls_downstream *d, sls_time now) { sls_ps_advance(&d->ps, rate(d), now); }

static void on_call_done(void *ctx, void *obj, int64_t arg);

/* Re-arms the single completion event for the call that will end first. */
static void reschedule(sls_world *w, sls_downstream *d) {
  sls_ps_rearm(&w->sim, &d->ps, rate(d), on_call_done, d);
}

static void active_changed(sls_world *w, sls_downstream *d, int64_t delta);
static void admit_waiting(sls_world *w, sls_downstream *d);

static void on_call_done(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_downstream *d = obj;
  d->ps.next_ev = NULL;
  advance(d, w->sim.now);
  /* Every call whose work is done (within the 1 ns the event time was rounded up by). */
  while (sls_ps_first_done(&d->ps, rate(d) * 1.0)) {
    sls_request *j = sls_ps_first(&d->ps);
    sls_ps_remove(&d->ps, j);
    active_changed(w, d, -1);
    d->calls_done(w, j, 0);
  }
  admit_waiting(w, d);
  reschedule(w, d);
}

/* ---- collapse ---- */

static void on_collapse(void *ctx, void *obj, int64_t arg);
static void on_recover(void *ctx, void *obj, int64_t arg);

static int64_t load_metric(const sls_downstream *d) {
  return d->spec->proxy ? (int64_t)d->ps.n + d->wait.n : d->connections;
}

/* Arms or disarms the collapse timer as the load crosses the threshold. */
static void check_collapse(sls_world *w, sls_downstream *d) {
  if (!d->spec->collapse_on || d->down || d->outage) return;
  int above = load_metric(d) > d->spec->collapse_above;
  if (above && !d->collapse_ev)
    d->collapse_ev = sls_sim_schedule(&w->sim, w->sim.now + d->spec->collapse_after, on_collapse, d, 0);
  else if (!above && d->collapse_ev) {
    sls_sim_cancel(&w->sim, d->collapse_ev);
    d->collapse_ev = NULL;
  }
}

/* Takes the longest-waiting invocation off the proxy wait list. */
static sls_request *wait_pop(sls_world *w, sls_downstream *d) {
  sls_request *j = sls_jobq_pop(&d->wait);
  sls_level_add(&d->lv_waiting, w->sim.now, -1);
  return j;
}

static void fail_all_calls(sls_world *w, sls_downstream *d) {
  advance(d, w->sim.now);
  while (d->ps.n) {
    sls_request *j = sls_ps_first(&d->ps);
    sls_ps_remove(&d->ps, j);
    active_changed(w, d, -1);
    d->st.failed_calls++;
    d->ts_cur[1]++;
    d->calls_done(w, j, 1);
  }
  while (d->wait.head) {
    sls_request *j = wait_pop(w, d);
    d->st.failed_calls++;
    d->ts_cur[1]++;
    d->calls_done(w, j, 1);
  }
  reschedule(w, d);
}

/* The down level follows "collapsed or in an outage". */
static void down_level(sls_world *w, sls_downstream *d) {
  int now_down = d->down || d->outage;
  if (now_down != d->lv_is_down) sls_level_add(&d->lv_down, w->sim.now, now_down ? +1 : -1);
  d->lv_is_down = now_down;
}

static void on_collapse(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_downstream *d = obj;
  d->collapse_ev = NULL;
  d->down = 1;
  d->st.collapses++;
  down_level(w, d);
  d->recover_ev = sls_sim_schedule(&w->sim, w->sim.now + d->spec->recovery, on_recover, d, 0);
  fail_all_calls(w, d);
}

static void on_recover(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_downstream *d = obj;
  d->recover_ev = NULL;
  d->down = 0;
  d->st.down_ns += d->spec->recovery;
  down_level(w, d);
  check_collapse(w, d);
}

/* A scheduled outage (arg: its index) begins, or ends (arg < 0: -1 - index). */
static void on_outage(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_downstream *d = obj;
  if (arg >= 0) {
    const sls_outage *o = &d->spec->outages[arg];
    d->outage++;
    d->st.outage_ns += o->length;
    down_level(w, d);
    if (d->collapse_ev) {
      sls_sim_cancel(&w->sim, d->collapse_ev);
      d->collapse_ev = NULL;
    }
    sls_sim_schedule(&w->sim, w->sim.now + o->length, on_outage, d, -1 - arg);
    fail_all_calls(w, d);
    return;
  }
  d->outage--;
  down_level(w, d);
  check_collapse(w, d);
}

void sls_ds_set_down(sls_world *w, sls_downstream *d, int down, sls_time lasting) {
  if (down) {
    d->outage++;
    d->st.outage_ns += lasting;
    down_level(w, d);
    if (d->collapse_ev) {
      sls_sim_cancel(&w->sim, d->collapse_ev);
      d->collapse_ev = NULL;
    }
    fail_all_calls(w, d);
    return;
  }
  d->outage--;
  down_level(w, d);
  check_collapse(w, d);
}

void sls_downstreams_start(sls_world *w) {
  for (int i = 0; i < w->n_downstreams; i++) {
    sls_downstream *d = &w->downstreams[i];
    for (int k = 0; k < d->spec->n_outages; k++) /* one lasting 0 s is none (--set ...lasting_s=0) */
      if (d->spec->outages[k].length > 0) sls_sim_schedule(&w->sim, d->spec->outages[k].at, on_outage, d, k);
  }
}

int sls_ds_available(const sls_downstream *d) { return !d->down && !d->outage; }

static void active_changed(sls_world *w, sls_downstream *d, int64_t delta) {
  sls_level_add(&d->lv_active, w->sim.now, delta);
  if (d->spec->proxy) {
    d->connections += delta; /* a pool connection per call in progress */
    sls_level_add(&d->lv_conn, w->sim.now, delta);
    check_collapse(w, d);
  }
}

/* ---- connections and calls ---- */

int sls_ds_connect(sls_world *w, sls_downstream *d, sls_request *job) {
  if (d->spec->proxy) return 0;
  if (d->connections >= d->spec->max_connections) {
    d->st.refusals++;
    d->ts_cur[0]++;
    return -1;
  }
  d->connections++;
  sls_level_add(&d->lv_conn, w->sim.now, +1);
  check_collapse(w, d);
  return 0;
}

void sls_ds_disconnect(sls_world *w, sls_downstream *d, sls_request *job) {
  if (d->spec->proxy) return;
  d->connections--;
  sls_level_add(&d->lv_conn, w->sim.now, -1);
  check_collapse(w, d);
}

static void start_call(sls_world *w, sls_downstream *d, sls_request *job) {
  advance(d, w->sim.now);
  sls_ps_add(&d->ps, job, job->ds_work);
  active_changed(w, d, +1);
  reschedule(w, d);
}

void sls_ds_call(sls_world *w, sls_downstream *d, sls_request *job) {
  d->st.calls++;
  if (d->down || d->outage || (d->err_rate > 0 && gsl_rng_uniform(d->r_degrade) < d->err_rate)) {
    /* a collapsed downstream, one in an outage, or a degraded one's failing call fails at once */
    d->st.failed_calls++;
    d->ts_cur[1]++;
    d->calls_done(w, job, 1);
    return;
  }
  if (d->spec->proxy && (int64_t)d->ps.n >= d->spec->pool_size) { /* wait for a pool connection */
    sls_jobq_push(&d->wait, job);
    sls_level_add(&d->lv_waiting, w->sim.now, +1);
    check_collapse(w, d);
    return;
  }
  start_call(w, d, job);
}

/* A pool connection was freed: the longest-waiting invocation gets it. */
static void admit_waiting(sls_world *w, sls_downstream *d) {
  while (d->spec->proxy && d->wait.head && (int64_t)d->ps.n < d->spec->pool_size)
    start_call(w, d, wait_pop(w, d));
}

void sls_ds_cancel(sls_world *w, sls_downstream *d, sls_request *job) {
  if (job->ps_idx != SIZE_MAX) {
    advance(d, w->sim.now);
    sls_ps_remove(&d->ps, job);
    active_changed(w, d, -1);
    reschedule(w, d);
    admit_waiting(w, d);
    return;
  }
  /* still waiting for a pool connection */
  if (sls_jobq_remove(&d->wait, job)) sls_level_add(&d->lv_waiting, w->sim.now, -1);
}

void sls_downstreams_sample(sls_world *w, size_t k, sls_time since, sls_time now) {
  for (int i = 0; i < w->n_downstreams; i++) {
    sls_downstream *d = &w->downstreams[i];
    double *row = sls_series_row(d->ts, k);
    int64_t peak;
    row[SLS_DTS_CONN_MEAN] = sls_level_sample(&d->lv_conn, now, since, &peak);
    row[SLS_DTS_CONN_MAX] = (double)peak;
    row[SLS_DTS_ACTIVE_MEAN] = sls_level_sample(&d->lv_active, now, since, &peak);
    row[SLS_DTS_ACTIVE_MAX] = (double)peak;
    row[SLS_DTS_WAITING_MEAN] = sls_level_sample(&d->lv_waiting, now, since, NULL);
    row[SLS_DTS_REFUSALS] = (double)d->ts_cur[0];
    row[SLS_DTS_FAILED_CALLS] = (double)d->ts_cur[1];
    row[SLS_DTS_DOWN_FRACTION] = sls_level_sample(&d->lv_down, now, since, NULL);
    d->ts_cur[0] = d->ts_cur[1] = 0;
  }
}
