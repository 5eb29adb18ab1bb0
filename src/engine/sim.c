/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "engine/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/util.h"

sls_time sls_time_from_s(double s) { return (sls_time)llround(s * 1e9); }
double sls_time_to_s(sls_time t) { return (double)t / 1e9; }
double sls_time_to_ms(sls_time t) { return (double)t / 1e6; }

enum { MASK_WORDS = SLS_SIM_BUCKETS / 64, NONE = SLS_SIM_BUCKETS };

/* The heap's storage: entry k at byte 16 (k + 3) of a 64-byte-aligned block, so the children of
 * node i, entries 4i+1 .. 4i+4, fill the cache line at 64 (i + 1). */
enum { HEAP_PAD = 3, HEAP_ALIGN = 4 * sizeof(sls_sim_entry) };

static void heap_alloc(sls_sim *sim, size_t cap) {
  size_t bytes = (cap + HEAP_PAD) * sizeof(sls_sim_entry);
  bytes = (bytes + HEAP_ALIGN - 1) / HEAP_ALIGN * HEAP_ALIGN;
  void *mem = aligned_alloc(HEAP_ALIGN, bytes);
  if (!mem) sls_oom(bytes);
  sls_sim_entry *heap = (sls_sim_entry *)mem + HEAP_PAD;
  if (sim->heap_len) memcpy(heap, sim->heap, sim->heap_len * sizeof *heap);
  free(sim->heap_mem);
  sim->heap_mem = mem;
  sim->heap = heap;
  sim->heap_cap = cap;
}

static void empty_bucket(sls_sim_bucket *b) {
  b->head = NULL;
  b->min_t = b->min2_t = SLS_TIME_MAX;
}

/* Gives chunk c back to the free chunks; returns the one after it in its bucket. */
static sls_sim_chunk *give_back(sls_sim *sim, sls_sim_chunk *c) {
  sls_sim_chunk *next = c->next;
  c->next = sim->free_chunks;
  sim->free_chunks = c;
  return next;
}

/* Empties every bucket, their chunks back to the free chunks. */
static void empty_buckets(sls_sim *sim) {
  for (int i = 0; i < SLS_SIM_BUCKETS; i++) {
    for (sls_sim_chunk *c = sim->b[i].head; c;)
      c = give_back(sim, c);
    empty_bucket(&sim->b[i]);
  }
  memset(sim->mask, 0, sizeof sim->mask);
  sim->zero_len = sim->head0 = 0;
}

void sls_sim_init(sls_sim *sim) {
  memset(sim, 0, sizeof *sim);
  empty_buckets(sim);
  heap_alloc(sim, 64);
  sim->radix_on = SLS_SIM_RADIX_ON;
  sim->radix_off = SLS_SIM_RADIX_OFF;
}

void sls_sim_release(sls_sim *sim) {
  for (size_t i = 0; sim->blocks && i < sim->n_blocks; i++)
    free(sim->blocks[i]);
  free(sim->blocks);
  free(sim->free_list);
  free(sim->heap_mem);
  empty_buckets(sim);
  for (sls_sim_chunk *c = sim->free_chunks, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(sim->zero);
  sim->zero = NULL;
  sim->zero_cap = 0;
  sim->free_chunks = NULL;
  sim->blocks = NULL;
  sim->free_list = NULL;
  sim->heap_mem = NULL;
  sim->heap = NULL;
  sim->radix = 0;
  sim->free_len = sim->free_cap = sim->heap_len = sim->heap_cap = sim->entries = sim->dead =
      0; /* n_blocks kept */
}

void sls_sim_destroy(sls_sim *sim) {
  sls_sim_release(sim);
  memset(sim, 0, sizeof *sim);
}

double sls_sim_bytes(const sls_sim *sim) {
  return (double)sim->n_blocks * SLS_SIM_BLOCK * sizeof(sls_event) +
         (double)sim->free_cap * sizeof(sls_event *) + (double)sim->heap_cap * sizeof(sls_sim_entry) +
         (double)sim->n_chunks * sizeof(sls_sim_chunk) + (double)sim->zero_cap * sizeof(sls_sim_entry);
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
    block[i].fn = NULL;
    sim->free_list[sim->free_len++] = &block[i];
  }
}

/* An event back to the pool (its fn already NULL). */
static inline void to_pool(sls_sim *sim, sls_event *ev) { sim->free_list[sim->free_len++] = ev; }

/* ---- the small form: a 4-ary heap ---- */

/* Entry order: time, then the sequence number (read from the event only on a tie, which is rare:
 * the branch is taken seldom, and the result is a flag, not a jump, where a caller selects by it). */
static inline int less(sls_sim_entry a, sls_sim_entry b) {
  if (__builtin_expect(a.t == b.t, 0)) return a.ev->seq < b.ev->seq;
  return a.t < b.t;
}

static inline void heap_set(sls_sim *sim, size_t i, sls_sim_entry e) {
  sim->heap[i] = e;
  e.ev->heap_idx = i;
}

/* Places e at i or above it. */
static void sift_up(sls_sim *sim, size_t i, sls_sim_entry e) {
  while (i > 0) {
    size_t p = (i - 1) / 4;
    if (!less(e, sim->heap[p])) break;
    heap_set(sim, i, sim->heap[p]);
    i = p;
  }
  heap_set(sim, i, e);
}

/* The least of i's children (i has at least one).  A node with four children (all but the last
 * one) takes a tournament whose three comparisons select, not branch: which of two random times is
 * less is a coin toss a branch predictor loses half the time, ~15 cycles each, and a descent makes
 * three a level.  The least is unique (sequence numbers differ), so any order of comparisons finds
 * the same child. */
static inline size_t least_child(const sls_sim *sim, size_t i) {
  size_t c = 4 * i + 1;
  const sls_sim_entry *h = sim->heap + c;
  if (__builtin_expect(c + 4 <= sim->heap_len, 1)) {
    size_t a = (size_t)less(h[1], h[0]), b = 2 + (size_t)less(h[3], h[2]);
    size_t ab = (size_t)less(h[b], h[a]);
    return c + (a ^ ((a ^ b) & (0 - ab))); /* a, or b when h[b] is less */
  }
  size_t best = 0;
  for (size_t j = 1; c + j < sim->heap_len; j++)
    if (less(h[j], h[best])) best = j;
  return c + best;
}

/* Places e at i or below it.  Each level's four children are one cache line; the lines of the next
 * level's (the four children's children, four lines) are fetched while this level is compared,
 * so in a large heap the descent does not wait on one miss a level (bench (g) at lambda =
 * 100,000/s, when the heap was the only form: 4 % faster).  The heap is that large now only
 * before a run's first step moves it to the radix heap, or kept alone (the bench's hold model);
 * in a small one the lines are in cache already. */
static void sift_down(sls_sim *sim, size_t i, sls_sim_entry e) {
  while (4 * i + 1 < sim->heap_len) {
    size_t g = 16 * i + 5;
    if (g < sim->heap_len) {
      __builtin_prefetch(&sim->heap[g]);
      __builtin_prefetch(&sim->heap[g + 4]);
      __builtin_prefetch(&sim->heap[g + 8]);
      __builtin_prefetch(&sim->heap[g + 12]);
    }
    size_t best = least_child(sim, i);
    if (!less(sim->heap[best], e)) break;
    heap_set(sim, i, sim->heap[best]);
    i = best;
  }
  heap_set(sim, i, e);
}

static void heap_remove(sls_sim *sim, size_t i) {
  sls_sim_entry last = sim->heap[--sim->heap_len];
  if (i == sim->heap_len) return;
  /* With a hole at the root, its key (now, an earlier sequence number) is below every pending
   * one, so nothing rises into it. */
  if (i > 0 && less(last, sim->heap[(i - 1) / 4]))
    sift_up(sim, i, last);
  else
    sift_down(sim, i, last);
}

/* Removes the root.  Floyd's bottom-up variant: the hole at the root goes down to a leaf along
 * the smallest children (three comparisons a level instead of four), and the heap's last entry
 * then rises from there — as a leaf it seldom rises far. */
static void heap_pop(sls_sim *sim) {
  size_t n = --sim->heap_len;
  if (n == 0) return;
  sls_sim_entry last = sim->heap[n];
  size_t i = 0;
  while (4 * i + 1 < n) {
    size_t best = least_child(sim, i);
    heap_set(sim, i, sim->heap[best]);
    i = best;
  }
  sift_up(sim, i, last);
}

/* ---- the large form: a radix heap ---- */

/* The bucket of time t (>= last): 0 for last itself; else, with L the highest digit (of
 * SLS_SIM_DIGIT bits) in which t differs from last and d > 0 t's digit there, 16 L + d.  Every time
 * in bucket i is below every time in bucket j > i. */
static inline unsigned bucket_of(sls_time last, sls_time t) {
  uint64_t x = (uint64_t)(t ^ last);
  if (!x) return 0;
  unsigned level = (63u - (unsigned)__builtin_clzll(x)) / SLS_SIM_DIGIT;
  unsigned shift = level * SLS_SIM_DIGIT;
  return (level << SLS_SIM_DIGIT) | (unsigned)(((uint64_t)t >> shift) & ((1u << SLS_SIM_DIGIT) - 1));
}

/* The least non-empty bucket above from (and above 0), NONE when none. */
static inline unsigned next_bucket(const sls_sim *sim, unsigned from) {
  for (unsigned w = from / 64; w < MASK_WORDS; w++) {
    uint64_t m = sim->mask[w];
    if (w == from / 64) m &= ~(uint64_t)0 << (from % 64) << 1;
    if (m) return 64 * w + (unsigned)__builtin_ctzll(m);
  }
  return NONE;
}

/* Appends e to bucket i (> 0), keeping where its two least times are.  A new chunk comes from
 * the free chunks, allocated only when the buckets hold more entries than ever before. */
static inline void put(sls_sim *sim, unsigned i, sls_sim_entry e) {
  sls_sim_bucket *b = &sim->b[i];
  sls_sim_chunk *c = b->head;
  if (!c || c->len == SLS_SIM_CHUNK) {
    c = sim->free_chunks;
    if (c) {
      sim->free_chunks = c->next;
    } else {
      c = sls_xmalloc(sizeof *c);
      sim->n_chunks++;
    }
    c->next = b->head;
    c->len = 0;
    b->head = c;
  }
  sls_sim_entry *at = &c->e[c->len++];
  *at = e;
  sim->mask[i / 64] |= (uint64_t)1 << (i % 64);
  if (e.t < b->min2_t) {
    if (e.t < b->min_t) {
      b->min2_t = b->min_t;
      b->min2_e = b->min_e;
      b->min_t = e.t;
      b->min_e = at;
    } else {
      b->min2_t = e.t;
      b->min2_e = at;
    }
  }
}

static void grow_zero(sls_sim *sim) {
  sim->zero_cap = sim->zero_cap ? 2 * sim->zero_cap : 64;
  sim->zero = sls_xrealloc(sim->zero, sim->zero_cap * sizeof *sim->zero);
}

/* Appends e to its bucket from last. */
static inline void put_at(sls_sim *sim, sls_time last, sls_sim_entry e) {
  unsigned i = bucket_of(last, e.t);
  if (i) {
    put(sim, i, e);
    return;
  }
  if (sim->zero_len == sim->zero_cap) grow_zero(sim);
  sim->zero[sim->zero_len++] = e;
}

/* A cancelled event's entry, taken out: the event returns to the pool. */
static inline void drop(sls_sim *sim, sls_event *ev) {
  sim->dead--;
  sim->entries--;
  to_pool(sim, ev);
}

static int by_seq(const void *a, const void *b) {
  uint64_t x = ((const sls_sim_entry *)a)->ev->seq, y = ((const sls_sim_entry *)b)->ev->seq;
  return x < y ? -1 : x > y;
}

/* Ties in bucket 0 in scheduling order: an insertion sort for the one or two there usually are,
 * qsort for more (200,000 events due at one instant took 31 s by insertion, quadratic). */
static void sort_ties(sls_sim *sim) {
  sls_sim_entry *z = sim->zero + sim->head0;
  size_t n = sim->zero_len - sim->head0;
  if (n > 16) {
    qsort(z, n, sizeof *z, by_seq);
    return;
  }
  for (size_t k = 1; k < n; k++) {
    sls_sim_entry e = z[k];
    size_t j = k;
    for (; j > 0 && z[j - 1].ev->seq > e.ev->seq; j--)
      z[j] = z[j - 1];
    z[j] = e;
  }
}

/* Empties bucket i, the least non-empty one (bucket 0 being empty): `last` becomes its least time,
 * and each of its entries goes to the bucket it falls in from there — a lower one (a lower digit),
 * the least of them to 0.  An entry moves down at most 16 times in its life, by a sequential pass
 * that never reads its event (a cancelled entry moves too: reading its event would be a cache miss
 * an entry).  Each chunk is free again once passed. */
static void spill(sls_sim *sim, unsigned i) {
  sls_sim_bucket *b = &sim->b[i];
  sls_time m = b->min_t;
  sls_sim_chunk *c = b->head;
  sim->last = m;
  sim->mask[i / 64] &= ~((uint64_t)1 << (i % 64));
  empty_bucket(b);
  for (; c; c = give_back(sim, c))
    for (size_t k = 0; k < c->len; k++)
      put_at(sim, m, c->e[k]);
  if (sim->zero_len > 1) sort_ties(sim);
}

/* The next entry, a pending event's, at zero[head0]; NULL when nothing is pending.  Cancelled
 * entries found there are taken out. */
static sls_sim_entry *front(sls_sim *sim) {
  for (;;) {
    if (sim->head0 < sim->zero_len) {
      sls_event *ev = sim->zero[sim->head0].ev;
      if (ev->fn) return &sim->zero[sim->head0];
      sim->head0++;
      drop(sim, ev);
      continue;
    }
    sim->zero_len = sim->head0 = 0;
    unsigned i = next_bucket(sim, 0);
    if (i == NONE) return NULL;
    spill(sim, i);
  }
}

/* Empties the radix heap, calling f(sim, entry, arg) on each entry, bucket by bucket from 0 (its
 * entries in their order).  f may put entries back: a bucket is emptied before its entries are
 * passed, and a chunk is free again only once passed. */
static void drain(sls_sim *sim, void (*f)(sls_sim *, sls_sim_entry, void *), void *arg) {
  size_t z = sim->zero_len;
  sim->zero_len = 0;
  for (size_t k = sim->head0; k < z; k++)
    f(sim, sim->zero[k], arg);
  sim->head0 = 0;
  for (unsigned i = 1; i < SLS_SIM_BUCKETS; i++) {
    sls_sim_chunk *c = sim->b[i].head;
    empty_bucket(&sim->b[i]);
    sim->mask[i / 64] &= ~((uint64_t)1 << (i % 64));
    for (; c; c = give_back(sim, c))
      for (size_t k = 0; k < c->len; k++) {
        /* f reads the entry's event (cancelled or not): fetched eight entries ahead, the
         * pass's misses overlap instead of following one another */
        if (k + 8 < c->len) __builtin_prefetch(c->e[k + 8].ev);
        f(sim, c->e[k], arg);
      }
  }
}

static void keep_live(sls_sim *sim, sls_sim_entry e, void *arg) {
  (void)arg;
  if (e.ev->fn)
    put_at(sim, sim->last, e); /* its bucket from last (bucket 0's in order, in place) */
  else
    to_pool(sim, e.ev);
}

/* Takes every cancelled entry out at once, the others put again from `last`. */
static void compact(sls_sim *sim) {
  drain(sim, keep_live, NULL);
  sim->entries -= sim->dead;
  sim->dead = 0;
}

/* An event scheduled before `last` (after a peek moved it past now): every entry is put again
 * from t (a compact with `last` set back to t; an entry put in a bucket not yet drained is passed
 * twice and stays there).  O(n), and only after a peek: the run loop's steps never need it. */
static void rebase(sls_sim *sim, sls_time t) {
  sim->last = t;
  compact(sim);
}

/* Starts fetching from memory what the next events will read, while this one runs.  In a large
 * set (a run with 10^5 live environments) each event, its handler's object and the object's
 * environment are three dependent cache misses, so the fetches run ahead: the next event was
 * fetched one step ago, so its obj and `also` can be read and fetched now, and the two after it
 * are fetched for the steps after — two, because an event the handlers schedule meanwhile (an
 * arrival's next arrival) often comes between, and is in cache already.  The next three are taken
 * in order from bucket 0, the least bucket's two least (each bucket keeps where they are) and the
 * next bucket's least.  A wrong guess costs a fetch, never a wrong result.  Measured (bench (g),
 * lambda = 100,000/s): the next event had been fetched a step ahead in 62 % of the steps with the
 * two after it fetched, 50 % with one.  Always inlined: GCC takes a function of prefetches alone
 * for one without effects and drops the call. */
static inline __attribute__((always_inline)) void radix_prefetch(const sls_sim *sim) {
  const sls_event *ahead[3];
  int n = 0;
  for (size_t k = sim->head0; k < sim->zero_len && n < 3; k++)
    ahead[n++] = sim->zero[k].ev;
  for (unsigned i = next_bucket(sim, 0); i != NONE && n < 3; i = next_bucket(sim, i)) {
    const sls_sim_bucket *b = &sim->b[i];
    ahead[n++] = b->min_e->ev;
    if (b->min2_t != SLS_TIME_MAX && n < 3) ahead[n++] = b->min2_e->ev;
  }
  if (!n) return;
  __builtin_prefetch(ahead[0]->obj);
  __builtin_prefetch(ahead[0]->also);
  for (int k = 1; k < n; k++)
    sls_prefetch(ahead[k], sizeof(sls_event)); /* an event may straddle two lines */
}

/* ---- between the two ---- */

/* Every heap entry into the buckets, from `last` = now (a step's start: no handler running). */
static void to_radix(sls_sim *sim) {
  sim->last = sim->now;
  for (size_t i = 0; i < sim->heap_len; i++)
    put_at(sim, sim->now, sim->heap[i]);
  if (sim->zero_len > 1) sort_ties(sim);
  sim->entries = sim->heap_len;
  sim->dead = 0;
  sim->heap_len = 0;
  sim->radix = 1;
}

/* Every pending entry back into the heap (Floyd's bottom-up heapify, O(n)), the cancelled ones'
 * events back to the pool. */
static void to_heap_entry(sls_sim *sim, sls_sim_entry e, void *arg) {
  (void)arg;
  if (e.ev->fn)
    sim->heap[sim->heap_len++] = e;
  else
    to_pool(sim, e.ev);
}

static void to_heap(sls_sim *sim) {
  size_t live = sim->entries - sim->dead;
  if (live > sim->heap_cap) heap_alloc(sim, live);
  sim->heap_len = 0;
  drain(sim, to_heap_entry, NULL);
  sim->entries = sim->dead = 0;
  sim->radix = 0;
  size_t n = sim->heap_len;
  for (size_t i = 0; i < n; i++)
    sim->heap[i].ev->heap_idx = i;
  for (size_t i = n > 1 ? (n - 2) / 4 + 1 : 0; i-- > 0;)
    sift_down(sim, i, sim->heap[i]);
}

/* ---- the event set ---- */

sls_event *sls_sim_schedule(sls_sim *sim, sls_time t, sls_event_fn fn, void *obj, int64_t arg) {
  SLS_ASSERT(t >= sim->now);
  if (sim->free_len == 0) grow_pool(sim);
  sls_event *ev = sim->free_list[--sim->free_len];
  ev->t = t; /* read by owners (a timer's due time); the entry keeps its own copy */
  ev->seq = sim->next_seq++;
  ev->fn = fn;
  ev->obj = obj;
  ev->arg = arg;
  ev->also = NULL;
  sls_sim_entry e = {t, ev};
  size_t pending;
  if (sim->radix) {
    if (t < sim->last) rebase(sim, t);
    put_at(sim, sim->last, e);
    pending = ++sim->entries - sim->dead;
  } else {
    if (sim->hole) { /* the running event's root entry: this one takes it and sinks */
      sim->hole = 0;
      sift_down(sim, 0, e);
    } else {
      if (sim->heap_len == sim->heap_cap) heap_alloc(sim, 2 * sim->heap_cap);
      sift_up(sim, sim->heap_len++, e);
    }
    pending = sim->heap_len;
  }
  if (pending > sim->peak_pending) sim->peak_pending = pending;
  return ev;
}

void sls_sim_cancel(sls_sim *sim, sls_event *ev) {
  SLS_ASSERT(ev->fn != NULL); /* pending: not free, not cancelled, not the running event */
  if (sim->radix) {
    ev->fn = NULL;
    sim->dead++;
    if (sim->dead > SLS_SIM_DEAD_MAX && 2 * sim->dead > sim->entries) compact(sim);
    return;
  }
  SLS_ASSERT(ev->heap_idx < sim->heap_len && sim->heap[ev->heap_idx].ev == ev);
  heap_remove(sim, ev->heap_idx);
  ev->fn = NULL;
  to_pool(sim, ev);
}

size_t sls_sim_pending(const sls_sim *sim) {
  return sim->radix ? sim->entries - sim->dead : sim->heap_len - (size_t)sim->hole;
}

sls_time sls_sim_peek(sls_sim *sim) {
  if (sim->radix) {
    const sls_sim_entry *e = front(sim);
    return e ? e->t : SLS_TIME_MAX;
  }
  if (sim->hole) return sim->heap_len > 1 ? sim->heap[least_child(sim, 0)].t : SLS_TIME_MAX;
  return sim->heap_len ? sim->heap[0].t : SLS_TIME_MAX;
}

/* Runs ev's handler at time t, ev back in the pool first. */
static inline void run(sls_sim *sim, void *ctx, sls_time t, sls_event *ev) {
  sls_event_fn fn = ev->fn;
  void *obj = ev->obj;
  int64_t arg = ev->arg;
  sim->now = t;
  ev->fn = NULL;
  to_pool(sim, ev);
  sim->n_events++;
  fn(ctx, obj, arg);
}

int sls_sim_step(sls_sim *sim, void *ctx) {
  if (!sim->radix && sim->heap_len > sim->radix_on)
    to_radix(sim);
  else if (sim->radix && sim->entries - sim->dead < sim->radix_off)
    to_heap(sim);
  if (sim->radix) {
    const sls_sim_entry *f = front(sim);
    if (!f) return 0;
    sls_sim_entry e = *f;
    sim->head0++;
    sim->entries--;
    radix_prefetch(sim);
    run(sim, ctx, e.t, e.ev);
    return 1;
  }
  if (sim->heap_len == 0) return 0;
  sls_sim_entry root = sim->heap[0];
  if (sim->heap_len > 1) __builtin_prefetch(sim->heap[least_child(sim, 0)].ev);
  sim->hole = 1;
  run(sim, ctx, root.t, root.ev);
  if (sim->hole) { /* the handler scheduled nothing */
    sim->hole = 0;
    heap_pop(sim);
  }
  return 1;
}

uint64_t sls_sim_run(sls_sim *sim, void *ctx, sls_time until, uint64_t n_stop) {
  uint64_t n0 = sim->n_events;
  while (sim->n_events < n_stop && sls_sim_peek(sim) <= until)
    sls_sim_step(sim, ctx);
  return sim->n_events - n0;
}
