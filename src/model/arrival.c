/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/arrival.h"

#include <gsl/gsl_randist.h>
#include <math.h>

#include "engine/rng.h"

#define DAY_NS 86400e9
#define PI 3.14159265358979323846

/* t + dt for a double dt (ns), saturating at SLS_TIME_MAX. */
static sls_time after(sls_time t, double dt) {
  return dt >= (double)(SLS_TIME_MAX - t) ? SLS_TIME_MAX : t + (sls_time)ceil(dt);
}

static double diurnal_rate(const sls_source_spec *sp, double t) {
  double day = floor(t / DAY_NS);
  double hour = (t - day * DAY_NS) / 3600e9;
  double shape = (1 + cos(2 * PI * (hour - sp->peak_hour) / 24)) / 2;
  double r = sp->peak_rate_per_s * (sp->baseline + (1 - sp->baseline) * shape);
  int dow = (int)fmod(day, 7); /* 0 = Monday */
  return dow >= 5 ? r * sp->weekend_factor : r;
}

static double spike_rate(const sls_source_spec *sp, double t) {
  double r = sp->rate_per_s;
  if (t >= (double)sp->at && sp->period > 0 &&
      fmod(t - (double)sp->at, (double)sp->period) < (double)sp->spike_width)
    r += sp->spike_rate_per_s;
  return r;
}

double sls_arrival_rate(const sls_source_spec *sp, sls_time t) {
  switch (sp->kind) {
  case SLS_ARRIVAL_POISSON: return sp->rate_per_s;
  case SLS_ARRIVAL_PIECEWISE:
    for (int i = sp->n_pieces - 1; i >= 0; i--)
      if (t >= sp->piece_t[i]) return sp->piece_rate[i];
    return 0;
  case SLS_ARRIVAL_DIURNAL: return diurnal_rate(sp, (double)t);
  case SLS_ARRIVAL_SPIKE: return spike_rate(sp, (double)t);
  case SLS_ARRIVAL_MMPP: {
    /* stationary: state i is visited in proportion to its mean holding time 1/switch_i (the
     * embedded chain, leaving to a uniformly chosen other state, is uniform) */
    double num = 0, den = 0;
    for (int i = 0; i < sp->n_states; i++) {
      num += sp->state_rate[i] / sp->state_switch[i];
      den += 1 / sp->state_switch[i];
    }
    return num / den;
  }
  default: return NAN;
  }
}

/* Thinning: candidates at max_rate, each kept with probability rate(t)/max_rate. */
static sls_time thinned(sls_source *s, sls_time t, double max_rate,
                        double (*rate)(const sls_source_spec *, double)) {
  if (max_rate <= 0) return SLS_TIME_MAX;
  double tt = (double)t;
  for (;;) {
    tt += sls_ran_exp1(s->r_arrival) / max_rate * 1e9;
    if (tt >= (double)SLS_TIME_MAX) return SLS_TIME_MAX;
    if (gsl_rng_uniform(s->r_arrival) * max_rate < rate(s->spec, tt)) return (sls_time)ceil(tt);
  }
}

static sls_time next_schedule(sls_source *s, sls_time t) {
  const sls_source_spec *sp = s->spec;
  if (s->emitted % sp->count == 0) { /* a new firing */
    sls_time base = sp->at + (sls_time)s->firing * sp->period;
    sls_time jit =
        sp->firing_jitter > 0 ? (sls_time)(gsl_rng_uniform(s->r_arrival) * (double)sp->firing_jitter) : 0;
    s->firing_at = base + jit;
    s->firing++;
  }
  s->emitted++;
  return s->firing_at > t ? s->firing_at : t;
}

static sls_time next_mmpp(sls_source *s, sls_time t) {
  const sls_source_spec *sp = s->spec;
  double tt = (double)t;
  if (s->state_end == 0) s->state_end = after(0, (1e9 / sp->state_switch[0]) * sls_ran_exp1(s->r_arrival));
  for (;;) {
    double r = sp->state_rate[s->state];
    double cand = r > 0 ? tt + (1e9 / r) * sls_ran_exp1(s->r_arrival) : INFINITY;
    if (cand < (double)s->state_end) return (sls_time)ceil(cand);
    /* the state ends first: memorylessness lets us restart from its end in the next state */
    tt = (double)s->state_end;
    if (s->state_end == SLS_TIME_MAX) return SLS_TIME_MAX;
    if (sp->n_states > 1) {
      int next = (int)gsl_rng_uniform_int(s->r_arrival, (unsigned long)(sp->n_states - 1));
      s->state = next >= s->state ? next + 1 : next;
    }
    s->state_end = after(s->state_end, (1e9 / sp->state_switch[s->state]) * sls_ran_exp1(s->r_arrival));
  }
}

/* Per-minute counts (Azure 2019).  Uniform placement draws the minute's n points as sorted
 * uniforms one at a time: U(k) = 1 - (1 - U(k-1)) V^(1/(n-k+1)) (the order statistics of n
 * uniforms, generated sequentially; Devroye, Non-Uniform Random Variate Generation, V.3) — no
 * sorting, no allocation.  Equidistant places them at (i + 1/2)/n of the minute.  Poisson runs a
 * Poisson process at the minute's rate (the count then varies around the trace's). */
static sls_time next_trace_counts(sls_source *s, sls_time t) {
  const sls_source_spec *sp = s->spec;
  const double minute = 60e9;
  for (;;) {
    if (s->left > 0) {
      double start = (double)(s->minute - 1) * minute, off;
      if (sp->placement == 1) {
        off = ((double)(s->minute_n - s->left) + 0.5) / (double)s->minute_n;
      } else if (sp->placement == 2) {
        s->u_prev += sls_ran_exp1(s->r_arrival) / (double)s->minute_n;
        if (s->u_prev >= 1) {
          s->left = 0;
          continue;
        }
        off = s->u_prev;
      } else {
        s->u_prev = 1 - (1 - s->u_prev) * pow(gsl_rng_uniform_pos(s->r_arrival), 1.0 / s->left);
        off = s->u_prev;
      }
      if (sp->placement != 2) s->left--;
      sls_time at = (sls_time)(start + off * minute);
      return at > t ? at : t;
    }
    if (s->minute >= sp->n_minutes) return SLS_TIME_MAX;
    uint32_t c = sp->minute_counts[s->minute++];
    s->minute_n = c;
    s->left = c;
    s->u_prev = 0;
  }
}

static sls_time next_trace_times(sls_source *s, sls_time t) {
  const sls_source_spec *sp = s->spec;
  if (s->emitted >= sp->n_times) return SLS_TIME_MAX;
  sls_time at = sp->times[s->emitted];
  s->next_duration = sp->durations ? sp->durations[s->emitted] : -1;
  s->emitted++;
  return at > t ? at : t;
}

sls_time sls_arrival_next(sls_source *s, sls_time t) {
  const sls_source_spec *sp = s->spec;
  switch (sp->kind) {
  case SLS_ARRIVAL_BATCH: {
    if (s->emitted >= sp->count) return SLS_TIME_MAX;
    sls_time off = (sls_time)((double)sp->batch_window * (double)s->emitted / (double)sp->count);
    s->emitted++;
    sls_time at = sp->at + off;
    return at > t ? at : t;
  }
  case SLS_ARRIVAL_SCHEDULE: return next_schedule(s, t);
  case SLS_ARRIVAL_TRACE_COUNTS: return next_trace_counts(s, t);
  case SLS_ARRIVAL_TRACE_TIMES: return next_trace_times(s, t);
  case SLS_ARRIVAL_MMPP: return next_mmpp(s, t);
  case SLS_ARRIVAL_DIURNAL:
    return thinned(s, t, sp->peak_rate_per_s * (sp->weekend_factor > 1 ? sp->weekend_factor : 1),
                   diurnal_rate);
  case SLS_ARRIVAL_SPIKE: return thinned(s, t, sp->rate_per_s + sp->spike_rate_per_s, spike_rate);
  default: break;
  }
  double e = sls_ran_exp1(s->r_arrival);
  if (sp->kind == SLS_ARRIVAL_POISSON) {
    if (sp->rate_per_s <= 0) return SLS_TIME_MAX;
    return after(t, e / sp->rate_per_s * 1e9);
  }
  /* piecewise: invert the integrated rate (Cinlar's time transformation) — draw E ~ Exp(1)
   * and walk the segments until their accumulated rate x time covers E */
  double tt = (double)t;
  for (int i = s->piece; i < sp->n_pieces; i++) {
    double end = i + 1 < sp->n_pieces ? (double)sp->piece_t[i + 1] : INFINITY;
    if (tt >= end) continue;
    double r = sp->piece_rate[i] / 1e9; /* per ns */
    if (r > 0) {
      double need = e / r;
      if (tt + need < end) {
        s->piece = i;
        return tt + need < (double)SLS_TIME_FAR ? (sls_time)ceil(tt + need) : SLS_TIME_MAX;
      }
      e -= r * (end - tt);
    }
    tt = end;
  }
  return SLS_TIME_MAX;
}
