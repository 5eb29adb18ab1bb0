/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The timeline (timeline.h).  Rules and their sources:
 *  - Provisioned concurrency set by an event (a scheduled action) or the autoscaler counts against
 *    the limits and is billed from the moment it is set; its new environments are usable all at
 *    once after the function's provisioned_allocation delay plus a minute per 6,000 environments
 *    (Doc: "Configuring provisioned concurrency": allocation begins after 1-2 minutes, up to
 *    6,000 per minute, usable when the whole request is allocated; facts §1).  Lowered, the idle
 *    environments go now and the busy ones when they finish (function.c).
 *  - Target tracking (Application Auto Scaling on LambdaProvisionedConcurrencyUtilization =
 *    provisioned environments busy / provisioned concurrency, its mean over each 1-minute data
 *    point): scale out when the last scale_out_points points are above the target, scale in when
 *    the last scale_in_points are below scale_in_ratio x target (70 % and 63 %, ~3 min of data
 *    points: Lambda Developer Guide, facts §1; the 15 scale-in points are recalled, configurable),
 *    to ceil(capacity x utilization / target) within [min, max]; a point is seen metric_delay after
 *    its minute ends; no new decision while an allocation is under way (a scaling activity in
 *    progress); cooldowns 0 for Lambda (AWS CDK docs, UtilizationScalingOptions).
 *  - A deploy (a new version): idle environments retire at once, busy ones finish their request
 *    on the old version and retire, new requests start cold.  Provisioned concurrency: by default
 *    the new version's is ready when the traffic moves (a deployment that configures it on the
 *    version and waits for it to be READY before updating the alias, as CloudFormation and SAM
 *    deployments do — recalled, not read at source); with deploy_provisioned = "after" it is
 *    allocated from the deploy on (provisioned_allocation) and requests meanwhile run on demand.
 *    An event source mapping of a deployed function gets new pollers (the mapping is updated to the
 *    new version): they count their batches from zero against the maximum concurrency while the
 *    old pollers' batches finish, so for as long as those take the mapping runs up to twice its
 *    maximum — the overshoot practitioners report (issue 16's account; the mechanism is assumed,
 *    no published measurement of it was read).
 *  - A memory change is a configuration update: new invocations run in new environments (as a
 *    deploy does; AWS "Lambda execution environment lifecycle"), the CPU share follows the memory
 *    (facts §3), and each billed ms counts at the memory it ran with.
 *  - Settings (reserved concurrency, error rate, duration factor, the account's limit, a
 *    mapping's maximum concurrency) take effect for what starts after the change; work under way
 *    keeps what it started with.  A downstream's latency factor applies to calls drawn after it,
 *    its call error rate to calls made after it; `down` fails every call for its window.
 *  - A lasting change is undone at its end to the values before it.
 */
#include <math.h>
#include <stdlib.h>

#include "engine/util.h"
#include "model/downstream.h"
#include "model/function.h"
#include "model/queue.h"
#include "model/timeline.h"

#define LOG_CAP 1000000 /* changes logged at most (an every_min = 1 for a year is 525,600) */

/* What a lasting change undoes: the values before it. */
typedef struct sls_ev_rt {
  int64_t provisioned, reserved, max_concurrency, concurrency_limit, memory_mb;
  sls_time timeout;
  double error_rate, duration_factor, latency_factor, ds_error_rate;
} sls_ev_rt;

/* The autoscaler of one function's provisioned concurrency. */
typedef struct sls_pcas {
  sls_function *f;
  const sls_pc_autoscaling_spec *s;
  double *points; /* utilization of the last data points (a ring of n) */
  int n, k;       /* ring size; points seen so far */
  double area_at; /* pcb's area at the start of the current point */
  sls_time last_out, last_in;
} sls_pcas;

static void log_change(sls_world *w, int event, int phase, int entity, double value) {
  sls_timeline *tl = w->timeline;
  if (tl->n_log == tl->cap_log) {
    if (tl->cap_log >= LOG_CAP) {
      tl->dropped++;
      return;
    }
    tl->cap_log = tl->cap_log ? 2 * tl->cap_log : 64;
    tl->log = sls_xrealloc(tl->log, tl->cap_log * sizeof *tl->log);
  }
  tl->log[tl->n_log++] = (sls_change){sls_time_to_s(w->sim.now), event, phase, entity, value};
}

/* Applies event i (phase 1), or undoes it (phase 0). */
static void change(sls_world *w, int i, int phase) {
  const sls_event_spec *ev = &w->sc->events[i];
  sls_ev_rt *rt = &w->timeline->rt[i];
  double value = 0;
  switch (ev->kind) {
  case SLS_EV_FUNCTION: {
    sls_function *f = &w->functions[ev->index];
    if (phase && ev->deploy) {
      sls_fn_deploy(w, f, !ev->deploy_pc_after);
      for (int k = 0; k < w->n_esms; k++) /* the mappings that invoke it get new pollers */
        if (w->esms[k].fn == f) sls_esm_redeploy(w, &w->esms[k]);
    }
    if (ev->reserved != SLS_EV_UNSET) {
      if (phase) rt->reserved = f->reserved;
      sls_fn_set_reserved(w, f, phase ? ev->reserved : rt->reserved);
    }
    if (ev->provisioned != SLS_EV_UNSET) {
      if (phase) rt->provisioned = f->pc_conf;
      value = (double)sls_fn_set_provisioned(w, f, phase ? ev->provisioned : rt->provisioned);
    }
    if (ev->memory_mb != SLS_EV_UNSET) {
      if (phase) rt->memory_mb = f->memory_mb;
      sls_fn_set_memory(w, f, (int)(phase ? ev->memory_mb : rt->memory_mb));
    }
    if (ev->timeout >= 0) {
      if (phase) rt->timeout = f->timeout;
      f->timeout = phase ? ev->timeout : rt->timeout;
    }
    if (!isnan(ev->error_rate)) {
      if (phase) rt->error_rate = f->error_rate;
      f->error_rate = phase ? ev->error_rate : rt->error_rate;
    }
    if (!isnan(ev->duration_factor)) {
      if (phase) rt->duration_factor = f->duration_factor;
      f->duration_factor = phase ? ev->duration_factor : rt->duration_factor;
    }
    break;
  }
  case SLS_EV_DOWNSTREAM: {
    sls_downstream *d = &w->downstreams[ev->index];
    if (!isnan(ev->latency_factor)) {
      if (phase) rt->latency_factor = d->lat_factor;
      d->lat_factor = phase ? ev->latency_factor : rt->latency_factor;
    }
    if (!isnan(ev->ds_error_rate)) {
      if (phase) rt->ds_error_rate = d->err_rate;
      d->err_rate = phase ? ev->ds_error_rate : rt->ds_error_rate;
    }
    if (ev->down) sls_ds_set_down(w, d, phase, ev->lasting);
    break;
  }
  case SLS_EV_MAPPING: {
    sls_esm *m = &w->esms[ev->index];
    if (phase) rt->max_concurrency = m->max_conc;
    m->max_conc = phase ? ev->max_concurrency : rt->max_concurrency;
    sls_esm_set_max(w, m, m->max_conc);
    break;
  }
  case SLS_EV_ACCOUNT:
    if (phase) rt->concurrency_limit = w->conc_limit;
    w->conc_limit = phase ? ev->concurrency_limit : rt->concurrency_limit;
    break;
  }
  log_change(w, i, phase, ev->index, value);
}

static void on_change(void *ctx, void *obj, int64_t phase) {
  sls_world *w = ctx;
  const sls_event_spec *ev = obj;
  int i = (int)(ev - w->sc->events);
  change(w, i, (int)phase);
  if (!phase) return;
  sls_time now = w->sim.now;
  if (ev->lasting > 0) sls_sim_schedule(&w->sim, now + ev->lasting, on_change, (void *)ev, 0);
  if (ev->every > 0 && now + ev->every < w->sc->duration)
    sls_sim_schedule(&w->sim, now + ev->every, on_change, (void *)ev, 1);
}

/* ---- target tracking ---- */

static void on_decide(void *ctx, void *obj, int64_t k);

/* A data point ends: its mean utilization is kept, to be seen metric_delay later. */
static void on_point(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_pcas *a = obj;
  sls_function *f = a->f;
  sls_time now = w->sim.now;
  sls_level_add(&f->pcb, now, 0);
  double busy = (f->pcb.total_area - a->area_at) / (double)a->s->period;
  a->area_at = f->pcb.total_area;
  double u = f->pc_conf > 0 ? busy / (double)f->pc_conf : 0;
  a->points[a->k % a->n] = u > 1 ? 1 : u;
  sls_sim_schedule(&w->sim, now + a->s->metric_delay, on_decide, a, a->k);
  a->k++;
  if (now + a->s->period <= w->sc->duration) sls_sim_schedule(&w->sim, now + a->s->period, on_point, a, 0);
}

/* Whether the last m points seen (up to point `last`) are all above (dir 1) or below (dir 0) x. */
static int alarm(const sls_pcas *a, int64_t last, int m, int dir, double x) {
  if (last + 1 < m || m > a->n) return 0;
  for (int64_t j = last - m + 1; j <= last; j++) {
    double u = a->points[j % a->n];
    if (dir ? !(u > x) : !(u < x)) return 0;
  }
  return 1;
}

static void on_decide(void *ctx, void *obj, int64_t last) {
  sls_world *w = ctx;
  sls_pcas *a = obj;
  sls_function *f = a->f;
  const sls_pc_autoscaling_spec *s = a->s;
  sls_time now = w->sim.now;
  if (f->pc_pending > 0 || a->k - last > a->n) return; /* an activity under way; or a point long gone */
  double u = a->points[last % a->n];
  int64_t want = (int64_t)ceil((double)f->pc_conf * u / s->target - 1e-9);
  if (want < s->min) want = s->min;
  if (want > s->max) want = s->max;
  if (alarm(a, last, s->out_points, 1, s->target) && want > f->pc_conf &&
      now >= a->last_out + s->out_cooldown) {
    a->last_out = now;
    log_change(w, -1, 1, f->index, (double)sls_fn_set_provisioned(w, f, want));
  } else if (alarm(a, last, s->in_points, 0, s->in_ratio * s->target) && want < f->pc_conf &&
             now >= a->last_in + s->in_cooldown) {
    a->last_in = now;
    log_change(w, -1, 1, f->index, (double)sls_fn_set_provisioned(w, f, want));
  }
}

void sls_timeline_init(sls_world *w) {
  const sls_scenario *sc = w->sc;
  int any = sc->n_events > 0;
  for (int i = 0; i < w->n_functions; i++)
    any |= sc->functions[i].pc_autoscaling.on;
  if (!any) return;
  sls_timeline *tl = w->timeline = sls_xcalloc(1, sizeof *tl);
  tl->n_events = sc->n_events;
  tl->rt = sls_xcalloc((size_t)sc->n_events + 1, sizeof *tl->rt);
  for (int i = 0; i < w->n_functions; i++) {
    const sls_pc_autoscaling_spec *s = &sc->functions[i].pc_autoscaling;
    if (!s->on) continue;
    sls_pcas *a = w->functions[i].pcas = sls_xcalloc(1, sizeof *a);
    a->f = &w->functions[i];
    a->s = s;
    a->n = (s->out_points > s->in_points ? s->out_points : s->in_points) + 2;
    a->points = sls_xcalloc((size_t)a->n, sizeof *a->points);
    a->last_out = a->last_in = -SLS_TIME_FAR;
  }
}

void sls_timeline_start(sls_world *w) {
  if (!w->timeline) return;
  for (int i = 0; i < w->sc->n_events; i++) {
    const sls_event_spec *ev = &w->sc->events[i];
    if (ev->at < w->sc->duration) sls_sim_schedule(&w->sim, ev->at, on_change, (void *)ev, 1);
  }
  for (int i = 0; i < w->n_functions; i++) {
    sls_pcas *a = w->functions[i].pcas;
    if (a && a->s->period <= w->sc->duration) sls_sim_schedule(&w->sim, a->s->period, on_point, a, 0);
  }
}

void sls_timeline_free(sls_world *w) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_pcas *a = w->functions[i].pcas;
    if (!a) continue;
    free(a->points);
    free(a);
  }
  if (!w->timeline) return;
  free(w->timeline->rt);
  free(w->timeline->log);
  free(w->timeline);
  w->timeline = NULL;
}
