/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "engine/sim.h"

#include <math.h>
#include <string.h>

#include "engine/util.h"

sls_time sls_time_from_s(double s) { return (sls_time)llround(s * 1e9); }
double sls_time_to_s(sls_time t) { return (double)t / 1e9; }
double sls_time_to_ms(sls_time t) { return (double)t / 1e6; }

void sls_sim_init(sls_sim *sim) {
  memset(sim, 0, sizeof *sim);
  sim->heap_cap = 64;
  sim->heap = sls_xmalloc(sim->heap_cap * sizeof *sim->heap);
}

void sls_sim_destroy(sls_sim *sim) {
  for (size_t i = 0; i < sim->n_blocks; i++)
    free(sim->blocks[i]);
  free(sim->blocks);
  free(sim->free_list);
  free(sim->heap);
  memset(sim, 0, sizeof *sim);
}

static void grow_pool(sls_sim *sim) {
  sls_event *block = sls_xmalloc(SLS_SIM_BLOCK * sizeof *block);
  sim->blocks = sls_xrealloc(sim->blocks, (sim->n_blocks + 1) * sizeof *sim->blocks);
  sim->blocks[sim->n_blocks++] = block;
  /* Every event the pool owns may be free at once, so the free list holds them all. */
  if (sim->free_cap < sim->n_blocks * SLS_SIM_BLOCK) {
    sim->free_cap = sim->n_blocks * SLS_SIM_BLOCK;
    sim->free_list = sls_xrealloc(sim->free_list, sim->free_cap * sizeof *sim->free_list);
  }
  /* Push in reverse so the lowest addresses are handed out first. */
  for (size_t i = SLS_SIM_BLOCK; i-- > 0;) {
    block[i].heap_idx = SIZE_MAX;
    sim->free_list[sim->free_len++] = &block[i];
  }
}

static inline int ev_less(const sls_event *a, const sls_event *b) {
  return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static inline void heap_set(sls_sim *sim, size_t i, sls_event *ev) {
  sim->heap[i] = ev;
  ev->heap_idx = i;
}

static void sift_up(sls_sim *sim, size_t i) {
  sls_event *ev = sim->heap[i];
  while (i > 0) {
    size_t p = (i - 1) / 4;
    if (!ev_less(ev, sim->heap[p])) break;
    heap_set(sim, i, sim->heap[p]);
    i = p;
  }
  heap_set(sim, i, ev);
}

static void sift_down(sls_sim *sim, size_t i) {
  sls_event *ev = sim->heap[i];
  size_t n = sim->heap_len;
  for (;;) {
    size_t c = 4 * i + 1;
    if (c >= n) break;
    size_t best = c;
    size_t end = c + 4 < n ? c + 4 : n;
    for (size_t j = c + 1; j < end; j++)
      if (ev_less(sim->heap[j], sim->heap[best])) best = j;
    if (!ev_less(sim->heap[best], ev)) break;
    heap_set(sim, i, sim->heap[best]);
    i = best;
  }
  heap_set(sim, i, ev);
}

sls_event *sls_sim_schedule(sls_sim *sim, sls_time t, sls_event_fn fn, void *obj, int64_t arg) {
  SLS_ASSERT(t >= sim->now);
  if (sim->free_len == 0) grow_pool(sim);
  sls_event *ev = sim->free_list[--sim->free_len];
  ev->t = t;
  ev->seq = sim->next_seq++;
  ev->fn = fn;
  ev->obj = obj;
  ev->arg = arg;
  if (sim->heap_len == sim->heap_cap) {
    sim->heap_cap *= 2;
    sim->heap = sls_xrealloc(sim->heap, sim->heap_cap * sizeof *sim->heap);
  }
  sim->heap[sim->heap_len] = ev;
  sift_up(sim, sim->heap_len++);
  if (sim->heap_len > sim->peak_pending) sim->peak_pending = sim->heap_len;
  return ev;
}

static void heap_remove(sls_sim *sim, size_t i) {
  sls_event *last = sim->heap[--sim->heap_len];
  if (i == sim->heap_len) return;
  heap_set(sim, i, last);
  if (i > 0 && ev_less(last, sim->heap[(i - 1) / 4]))
    sift_up(sim, i);
  else
    sift_down(sim, i);
}

static void release(sls_sim *sim, sls_event *ev) {
  ev->heap_idx = SIZE_MAX;
  sim->free_list[sim->free_len++] = ev;
}

void sls_sim_cancel(sls_sim *sim, sls_event *ev) {
  SLS_ASSERT(ev->heap_idx < sim->heap_len && sim->heap[ev->heap_idx] == ev);
  heap_remove(sim, ev->heap_idx);
  release(sim, ev);
}

sls_time sls_sim_peek(const sls_sim *sim) { return sim->heap_len ? sim->heap[0]->t : SLS_TIME_MAX; }

/* Removes the root.  Floyd's bottom-up variant: the hole at the root goes down to a leaf along
 * the smallest children (three comparisons a level instead of four), and the heap's last event
 * then rises from there — as a leaf it seldom rises far. */
static void heap_pop(sls_sim *sim) {
  size_t n = --sim->heap_len;
  if (n == 0) return;
  sls_event *last = sim->heap[n];
  size_t i = 0;
  for (;;) {
    size_t c = 4 * i + 1;
    if (c >= n) break;
    size_t best = c;
    size_t end = c + 4 < n ? c + 4 : n;
    for (size_t j = c + 1; j < end; j++)
      if (ev_less(sim->heap[j], sim->heap[best])) best = j;
    heap_set(sim, i, sim->heap[best]);
    i = best;
  }
  heap_set(sim, i, last);
  sift_up(sim, i);
}

int sls_sim_step(sls_sim *sim, void *ctx) {
  if (sim->heap_len == 0) return 0;
  sls_event *ev = sim->heap[0];
  heap_pop(sim);
  sls_event_fn fn = ev->fn;
  void *obj = ev->obj;
  int64_t arg = ev->arg;
  sim->now = ev->t;
  release(sim, ev);
  sim->n_events++;
  fn(ctx, obj, arg);
  return 1;
}
