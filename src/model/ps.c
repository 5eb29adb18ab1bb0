/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/ps.h"

#include <math.h>

#include "engine/util.h"

void sls_ps_init(sls_ps *p, size_t cap) {
  *p = (sls_ps){0};
  p->cap = cap ? cap : 1;
  p->heap = sls_xmalloc(p->cap * sizeof *p->heap);
}

void sls_ps_free(sls_ps *p) {
  free(p->heap);
  p->heap = NULL;
  p->n = p->cap = 0;
}

static void hset(sls_ps *p, size_t i, sls_request *j) {
  p->heap[i] = j;
  j->ps_idx = i;
}

static void sift_up(sls_ps *p, size_t i) {
  sls_request *j = p->heap[i];
  while (i > 0 && p->heap[(i - 1) / 2]->ps_finish > j->ps_finish) {
    hset(p, i, p->heap[(i - 1) / 2]);
    i = (i - 1) / 2;
  }
  hset(p, i, j);
}

static void sift_down(sls_ps *p, size_t i) {
  sls_request *j = p->heap[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= p->n) break;
    if (c + 1 < p->n && p->heap[c + 1]->ps_finish < p->heap[c]->ps_finish) c++;
    if (p->heap[c]->ps_finish >= j->ps_finish) break;
    hset(p, i, p->heap[c]);
    i = c;
  }
  hset(p, i, j);
}

void sls_ps_add(sls_ps *p, sls_request *j, double work) {
  j->ps_finish = p->v + work;
  if (p->n == p->cap) {
    p->cap *= 2;
    p->heap = sls_xrealloc(p->heap, p->cap * sizeof *p->heap);
  }
  p->heap[p->n] = j;
  sift_up(p, p->n++);
}

void sls_ps_remove(sls_ps *p, sls_request *j) {
  size_t i = j->ps_idx;
  SLS_ASSERT(i < p->n && p->heap[i] == j);
  sls_request *last = p->heap[--p->n];
  j->ps_idx = SIZE_MAX;
  if (i == p->n) return;
  hset(p, i, last);
  sift_up(p, i);
  sift_down(p, last->ps_idx);
}

void sls_ps_rearm(sls_sim *sim, sls_ps *p, double rate, sls_event_fn fn, void *obj) {
  if (p->next_ev) {
    sls_sim_cancel(sim, p->next_ev);
    p->next_ev = NULL;
  }
  if (!p->n) return;
  double dt = (p->heap[0]->ps_finish - p->v) / rate;
  p->next_ev = sls_sim_schedule(sim, sim->now + sls_time_clamp(ceil(dt), SLS_TIME_FAR), fn, obj, 0);
}
