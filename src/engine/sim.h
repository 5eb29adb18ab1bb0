/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sim — simulated time, the pending-event set and the run loop's primitives.
 *
 * Time is int64 nanoseconds since the start of the run: a 30-day month is 2.6e15 ns, far
 * from overflow, and ties are exact.  Events are ordered by (time, sequence number) so that
 * events scheduled for the same instant run in the order they were scheduled, which makes
 * every run deterministic.
 *
 * The pending set takes two forms.  Up to SLS_SIM_RADIX_ON entries it is an array-based 4-ary
 * min-heap whose entries hold the key beside the event, {time, event pointer}, 16 bytes: comparing
 * two entries reads the array alone (the event's sequence number is read only when the times tie),
 * and a node's four children share one 64-byte cache line (the array is laid out so).  Each event
 * holds its heap index, so a cancel takes its entry out at once.  The pop that runs an event and the
 * push its handler almost always makes are fused: the run event's entry stays at the root while its
 * handler runs, and the first event the handler schedules takes its place and sinks (one sift
 * instead of a sift down and a sift up); only when the handler schedules nothing is the root
 * removed.
 *
 * Above SLS_SIM_RADIX_ON entries (moved at a step's start, and back below SLS_SIM_RADIX_OFF
 * pending) it is a radix heap (R. K. Ahuja, K. Mehlhorn, J. B. Orlin and R. E. Tarjan, "Faster
 * algorithms for the shortest path problem", JACM 37(2), 1990), which a discrete-event simulation
 * may use because the time taken out never decreases.  Relative to `last`, the time last taken
 * out, a time falls in bucket 0 (equal to it) or in the bucket of its highest hexadecimal digit
 * that differs from last's and of its value there (16 levels x 15 values); every time in a bucket
 * is below every time in a higher one.  A schedule appends to its bucket (O(1), no comparison);
 * when bucket 0 runs out, the least non-empty bucket is spilled: `last` becomes its least time
 * (each bucket keeps where its two least are) and its entries go down to lower buckets, the least
 * to 0, where ties are put in scheduling order.  An entry moves down at most 16 times, each time
 * by a sequential pass, and no move reads or writes its event — the point: in a set of 10^5 the
 * heap's sift wrote each moved event's index, a cache miss a level.  Buckets are lists of 4 KiB
 * chunks from a shared free list, so the memory is that of the entries, not of each bucket's peak.
 * A cancel only marks its event (fn cleared); its entry is dropped when it reaches bucket 0's
 * front, or with all others when cancelled entries are over SLS_SIM_DEAD_MAX and half the set (an
 * O(n) pass, O(1) a cancel).  A peek may spill, moving `last` past now; an event then scheduled
 * before `last` (the run loop never does so, it steps after each peek) has the buckets rebuilt
 * from its time, O(n).
 *
 * Measured (`slsim-bench --eventset`, bench/eventset.c: the hold model — take the least, schedule
 * it again at now + an exponential increment of mean 1 s, or a bimodal one, 90 % work of mean
 * 100 ms and 10 % 10-minute keep-alive timers; ns per hold including the draw and the handler
 * call, one core of the project's 2-core EPYC VM, gcc 12 -O2, each form kept alone, medians of 3
 * runs, 3 Dec 2026, third stop):
 *
 *   pending     exponential increments              bimodal increments
 *               4-ary heap  radix heap  calendar     4-ary heap  radix heap  calendar
 *       100        51.2        63.0        44.1          31.8        48.9        75.0
 *     1,000        73.3        66.7        44.5          56.0        64.6        60.2
 *    10,000       106.1        69.3        50.4          87.3        69.7        80.4
 *   100,000       137.9        72.3        67.8         130.5        73.1        57.6
 * 1,000,000       277.7       112.0       565.4         274.6       109.7       179.4
 *
 * (calendar: R. Brown's calendar queue, CACM 31(10), 1988, in bench/eventset.c only.)  Before
 * issue 18 the heap compared through pointers to events and popped and pushed apart: 75.6, 94.5,
 * 123.9, 216.5, 743.8 ns exponential for 10^2 .. 10^6 pending.
 *
 * In the simulator itself (bench, same machine, the heap of the second stop beside this, runs
 * alternated): (g) lambda = 10,000/s (2 x 10^4 live environments) 282-325 -> 233-257 ns an
 * invocation; (h) 10,000 functions (1.4 x 10^4 pending) 395-441 -> 333-345 ns; (g) lambda =
 * 100,000/s unchanged (450-462 vs 451-474: its cost there is the events' and environments' cache
 * misses, not the set's order); (a) and everything under SLS_SIM_RADIX_ON pending unchanged (the
 * heap; the radix heap alone cost (a) ~10 % and lambda = 1 8-24 %: more work a step in a set held
 * in L1 anyway, and a keep-alive timer cancelled at every request moving down the levels).
 *
 * Events come from a pool: blocks of SLS_SIM_BLOCK events are allocated when the pool runs
 * dry and are never returned until sls_sim_destroy (or sls_sim_release), so once the pending set has reached
 * its working size the run loop does not allocate.
 *
 *        heap[0]                 children of i: 4i+1 .. 4i+4
 *     /   |   |   \              parent of i:   (i-1)/4
 *   h1   h2   h3   h4            invariant: key(parent) <= key(child)
 */
#ifndef SLS_SIM_H
#define SLS_SIM_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t sls_time; /* nanoseconds since the start of the run */

#define SLS_NS_PER_MS INT64_C(1000000)
#define SLS_NS_PER_S INT64_C(1000000000)
#define SLS_TIME_MAX INT64_MAX

/* The far future, 2^61 ns (73 years): a duration drawn from a distribution becomes time only
 * through sls_time_clamp, capped here (or lower), so now + duration never overflows — a run
 * ends within 800 days (2^56 ns).  A heavy tail (Pareto with alpha < 1, a gamma with a huge
 * scale) then means "not within the run", never a negative or wrapped time. */
#define SLS_TIME_FAR (INT64_C(1) << 61)

/* ns (a double, from a distribution) as sls_time: rounded down, NaN and negatives 0, and at
 * most cap (<= SLS_TIME_FAR: a timeout, or SLS_TIME_FAR itself). */
static inline sls_time sls_time_clamp(double ns, sls_time cap) {
  return ns > 0 ? (ns < (double)cap ? (sls_time)ns : cap) : 0;
}

/* Converts seconds (double) to nanoseconds, rounding to nearest. */
sls_time sls_time_from_s(double s);
double sls_time_to_s(sls_time t);
double sls_time_to_ms(sls_time t);

/* An event handler: ctx is the world, obj and arg what was given to sls_sim_schedule. */
typedef void (*sls_event_fn)(void *ctx, void *obj, int64_t arg);

typedef struct sls_event {
  sls_time t;      /* when it fires, ns */
  uint64_t seq;    /* tie-break: insertion order */
  sls_event_fn fn; /* handler; NULL when not pending (free in the pool, or cancelled) */
  void *obj;       /* handler's object (not owned) */
  int64_t arg;     /* handler's integer argument */
  size_t heap_idx; /* position in the 4-ary heap while it keeps them (private) */
  void *also;      /* another object the handler reads, NULL by default: set it on the event
                      sls_sim_schedule returns, and it is fetched from memory with obj ahead of
                      the event's turn when the pending set is large */
} sls_event;

/* An entry of the pending set: the event's time beside it (private). */
typedef struct sls_sim_entry {
  sls_time t;
  sls_event *ev;
} sls_sim_entry;

/* The radix heap's buckets are lists of chunks of entries, from one pool of chunks (private). */
enum { SLS_SIM_CHUNK = 255 }; /* entries a chunk: 4 KiB with its header */
typedef struct sls_sim_chunk {
  struct sls_sim_chunk *next;
  size_t len;
  sls_sim_entry e[SLS_SIM_CHUNK];
} sls_sim_chunk;

/* A bucket: its chunks (the one being filled first), and where its two least times are (private). */
typedef struct sls_sim_bucket {
  sls_sim_chunk *head;
  sls_time min_t, min2_t;              /* the least time and the second least (SLS_TIME_MAX: none) */
  const sls_sim_entry *min_e, *min2_e; /* their entries */
} sls_sim_bucket;

/* The radix heap's digits: 4 bits, 16 levels of 16 buckets (sim.c). */
enum { SLS_SIM_DIGIT = 4, SLS_SIM_BUCKETS = 64 / SLS_SIM_DIGIT << SLS_SIM_DIGIT };

typedef struct sls_sim {
  sls_time now;        /* time of the event being run, ns */
  uint64_t next_seq;   /* sequence number for the next scheduled event */
  uint64_t n_events;   /* events run so far */
  sls_sim_entry *heap; /* the small form: pending events, 4-ary min-heap (private) */
  void *heap_mem;      /* its allocation, heap aligned within it (private) */
  size_t heap_len;     /* its entries: the pending events and the running event's while it runs */
  size_t heap_cap;     /* its capacity (private) */
  int hole;            /* 1 while a handler runs and heap[0] is its own event's (private) */
  int radix;           /* 1 while the large form keeps the events (private) */
  /* The large form, a radix heap (private): bucket 0, an array, holds the entries at `last`, in
   * scheduling order from head0; bucket 16 L + d (L >= 0, d > 0) those whose time's highest
   * hexadecimal digit that differs from last's is digit L, and is d there.  last <= now except
   * after a peek. */
  sls_sim_entry *zero;
  size_t zero_len, zero_cap, head0;
  sls_sim_bucket b[SLS_SIM_BUCKETS];
  uint64_t mask[SLS_SIM_BUCKETS / 64]; /* bit i set: bucket i (i > 0) is not empty */
  sls_sim_chunk *free_chunks;          /* chunks not in a bucket */
  size_t n_chunks;                     /* chunks allocated */
  sls_time last;
  size_t entries;        /* its entries: the pending events and the cancelled not yet taken out */
  size_t dead;           /* entries of cancelled events (private) */
  sls_event **free_list; /* stack of free pooled events (private) */
  size_t free_len;       /* free events (private) */
  size_t free_cap;       /* capacity of free_list (private) */
  sls_event **blocks;    /* allocated event blocks (private) */
  size_t n_blocks;       /* number of blocks (private) */
  size_t peak_pending;   /* largest number of pending events seen */
  size_t radix_on;       /* heap entries above which a step moves them to the radix heap ... */
  size_t radix_off;      /* ... pending events below which back (SLS_SIM_RADIX_ON, _OFF; tests and
                            the bench set them to keep one form) */
} sls_sim;

#define SLS_SIM_BLOCK 1024
/* The two forms: the radix heap above SLS_SIM_RADIX_ON entries, the 4-ary heap again below
 * SLS_SIM_RADIX_OFF pending events. */
#define SLS_SIM_RADIX_ON 4096
#define SLS_SIM_RADIX_OFF 1024
/* Cancelled entries above which (and above half of all entries) they are taken out at once. */
#define SLS_SIM_DEAD_MAX 2048

/* Prepares an empty event set at time 0.  Cannot fail (out of memory aborts). */
void sls_sim_init(sls_sim *sim);
/* Frees every event block; pointers to events become invalid. */
void sls_sim_destroy(sls_sim *sim);
/* Frees the events and the pending set, keeping the clock and the counts (now, n_events,
 * peak_pending, n_blocks): for a run that is over, before its results are written.  Nothing may be
 * scheduled after it; sls_sim_destroy is still called. */
void sls_sim_release(sls_sim *sim);

/*
 * Schedules fn(ctx, obj, arg) at absolute time t (t >= now; asserted).  Returns the event,
 * owned by the sim, valid until it runs or is cancelled.  Cannot fail.
 */
sls_event *sls_sim_schedule(sls_sim *sim, sls_time t, sls_event_fn fn, void *obj, int64_t arg);
/* Cancels a pending event: it never runs, and it returns to the pool when its entry is taken out
 * of the heap.  ev must be pending (not run, not cancelled). */
void sls_sim_cancel(sls_sim *sim, sls_event *ev);
/* Time of the next pending event, or SLS_TIME_MAX when none (takes out the entries of cancelled
 * events ahead of it; does not move the clock, so anything may still be scheduled from now on). */
sls_time sls_sim_peek(sls_sim *sim);
/* Events pending: scheduled, not run and not cancelled. */
size_t sls_sim_pending(const sls_sim *sim);
/* Bytes the event set holds: the pool, the free list, the heap and the buckets. */
double sls_sim_bytes(const sls_sim *sim);
/*
 * Runs the next pending event: advances now, returns the event to the pool, then calls its
 * handler with ctx (so the handler may schedule again without growing the pool).  Returns 0
 * when no event was pending, 1 otherwise.
 */
int sls_sim_step(sls_sim *sim, void *ctx);
/* Runs the pending events due at or before `until`, in order, while fewer than n_stop events have
 * run in all (n_events); returns how many it ran.  The run loop's own checks come between such
 * runs, not between every two events. */
uint64_t sls_sim_run(sls_sim *sim, void *ctx, sls_time until, uint64_t n_stop);

#endif
