/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * join — fan-in: a join counts the arrivals of each root request's branches, and when as many
 * have arrived as it waits for — its `branches`, or as many items as the fan-out that named it
 * sent for that root (an emission with join = NAME) — sends one item on to its target, carrying
 * the path of the branch that arrived last (the critical one).  From when it first hears of a
 * root (the fan-out's count, or a first arrival) it waits at most `timeout`: then the root fails,
 * or the join sends on with what arrived.  Arrivals
 * after it fired are late, and end there.  (In a real system: a counter per request in a table,
 * the aggregator triggered by the last worker; the Just-Lambda article's fan-out / fan-in.)
 */
#ifndef SLS_JOIN_H
#define SLS_JOIN_H

#include "model/core.h"

typedef struct sls_join {
  const sls_join_spec *spec;
  int index;
  uint64_t arrivals;  /* branches that arrived */
  uint64_t fired;     /* roots sent on, complete */
  uint64_t partial;   /* roots sent on at the timeout (on_timeout = continue) */
  uint64_t timed_out; /* roots failed at the timeout */
  uint64_t late;      /* arrivals after their root's join had fired or timed out */
  uint64_t waiting;   /* roots waiting now */
  sls_hist spread;    /* of the roots sent on: from the first branch's arrival to the last's (ns) */
} sls_join;

void sls_joins_init(sls_world *w);
void sls_joins_free(sls_world *w);
/* The fan-out of root r expects n more arrivals at j (emit join = NAME). */
void sls_join_expect(sls_world *w, sls_join *j, sls_root *r, int64_t n);
/* One branch of item->root arrives at j. */
void sls_join_arrive(sls_world *w, sls_join *j, const sls_item *item);
/* Frees root r's waits (when r completes: core.h's root hook). */
void sls_join_slots_free(sls_world *w, sls_root *r);
/* Bytes of one root's wait at a join (for its pool). */
size_t sls_join_slot_size(void);

#endif
