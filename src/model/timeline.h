/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * timeline — changes over time: the scenario's `events` (scheduled provisioned concurrency,
 * deploys, settings, downstream degradation windows) and the target-tracking autoscaler of
 * provisioned concurrency.  Every change made is logged (time, what, value) for the results and
 * the plots' markers.
 */
#ifndef SLS_TIMELINE_H
#define SLS_TIMELINE_H

#include "model/core.h"

/* One change made: an event's (event >= 0: its index; phase 1 applied, 0 undone at the end of
 * its `lasting`) or the autoscaler's (event -1, phase 1; entity: the function). */
typedef struct sls_change {
  double t_s;
  int event, phase, entity;
  double value; /* the provisioned concurrency set (clamped to what the account allows), else 0 */
} sls_change;

typedef struct sls_timeline {
  struct sls_ev_rt *rt; /* per event: what a lasting change undoes */
  int n_events;
  sls_change *log;
  size_t n_log, cap_log;
  uint64_t dropped; /* changes beyond the log's cap (still made) */
} sls_timeline;

/* Builds the timeline and the autoscalers (after the functions, downstreams and mappings). */
void sls_timeline_init(sls_world *w);
/* Schedules the first occurrences and the autoscalers' first data points. */
void sls_timeline_start(sls_world *w);
void sls_timeline_free(sls_world *w);

#endif
