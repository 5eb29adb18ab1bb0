/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ps — egalitarian processor sharing in virtual time, the one mechanism behind a downstream's
 * calls (model/downstream.c) and an instance's concurrent requests (model/function.c).
 *
 * Every job in service progresses at the same rate r (work per unit of real time), which the
 * owner computes from the number in service.  The virtual clock v is the work each of them has
 * received since the server was made; a job that needs work x and enters when the clock reads v0
 * finishes when it reads v0 + x (Kleinrock, Queueing Systems vol. 2, §4.4: the virtual-time form
 * of processor sharing).  The jobs wait in a binary min-heap on that finish tag, so the owner
 * arms a single event for the first to finish, and re-arms it whenever n changes.
 */
#ifndef SLS_PS_H
#define SLS_PS_H

#include "model/core.h"

typedef struct sls_ps {
  double v;           /* virtual clock: ns of work each job in service has received */
  sls_time v_t;       /* when v was last advanced */
  sls_request **heap; /* jobs in service, a min-heap on ps_finish (ps_idx: their places) */
  size_t n, cap;
  sls_event *next_ev; /* the owner's event for the first job to finish, or NULL */
} sls_ps;

/* An empty server with room for cap jobs before the heap grows (cap >= 1). */
void sls_ps_init(sls_ps *p, size_t cap);
void sls_ps_free(sls_ps *p);
/* Brings the clock to now at rate (the rate since the last change of n). */
static inline void sls_ps_advance(sls_ps *p, double rate, sls_time now) {
  if (p->n) p->v += rate * (double)(now - p->v_t);
  p->v_t = now;
}
/* Admits j needing work ns of work (after sls_ps_advance to now). */
void sls_ps_add(sls_ps *p, sls_request *j, double work);
/* Takes j out of service (after sls_ps_advance to now). */
void sls_ps_remove(sls_ps *p, sls_request *j);
/* The job that finishes first, NULL when none is in service. */
static inline sls_request *sls_ps_first(const sls_ps *p) { return p->n ? p->heap[0] : NULL; }
/* Whether the first job's work is done at the current clock, allowing slack ns of work (an event
 * time is rounded up to the next ns, so its job may be up to rate x 1 ns short). */
static inline int sls_ps_first_done(const sls_ps *p, double slack) {
  return p->n && p->heap[0]->ps_finish <= p->v + slack;
}
/* Cancels next_ev and, when a job is in service, arms fn(ctx, obj) for the first to finish at
 * rate (> 0), the time rounded up to the next ns. */
void sls_ps_rearm(sls_sim *sim, sls_ps *p, double rate, sls_event_fn fn, void *obj);

#endif
