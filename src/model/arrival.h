/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * arrival — the arrival processes of sources (docs/design.md §3.1).  Each returns the next arrival
 * time after t, drawing from the source's own stream; a source schedules only its next
 * arrival, so the pending-event set holds one event per source.
 *
 *   poisson    constant rate
 *   piecewise  rate table; exact non-homogeneous Poisson by inverting the integrated rate
 *   batch      N requests at one instant or evenly over a window
 *   diurnal    peak x (b + (1 - b)(1 + cos(2 pi (h - peak_hour)/24))/2), times weekend_factor on
 *              Saturdays and Sundays (the run starts on a Monday at 00:00); a daily curve over a
 *              baseline as in Shahrad et al. (ATC'20: "~50 % of peak") [facts §5]
 *   spike      baseline rate plus spike_rate for spike_width every period from `at`
 *   schedule   `count` requests every period from `at`, each firing delayed by U(0, jitter) —
 *              cron jobs, EventBridge schedules and keep-warm pings
 *   mmpp       Markov-modulated Poisson: state i emits at rate_i and is left at switch_i
 *   trace      per-minute counts placed in each minute, or recorded timestamps (io/trace.h)
 *
 * diurnal and spike are exact non-homogeneous Poisson processes by thinning (Lewis and Shedler,
 * "Simulation of nonhomogeneous Poisson processes by thinning", 1979): candidates at the
 * maximum rate, each kept with probability rate(t)/max.
 */
#ifndef SLS_ARRIVAL_H
#define SLS_ARRIVAL_H

#include "model/core.h"

/* Next arrival of s after t, or SLS_TIME_MAX when the process has ended. */
sls_time sls_arrival_next(sls_source *s, sls_time t);
/* The intended rate of s at time t (1/s); mmpp: the stationary mean rate.  For tests and plots. */
double sls_arrival_rate(const sls_source_spec *sp, sls_time t);

#endif
