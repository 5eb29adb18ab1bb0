/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sim — simulated time, the pending-event set and the run loop's primitives.
 *
 * Time is int64 nanoseconds since the start of the run: a 30-day month is 2.6e15 ns, far
 * from overflow, and ties are exact.  Events are ordered by (time, sequence number) so that
 * events scheduled for the same instant run in the order they were scheduled, which makes
 * every run deterministic.
 *
 * The pending set is an array-based 4-ary min-heap whose entries hold the key beside the event,
 * {time, event pointer}, 16 bytes: comparing two entries reads the array alone (the event's
 * sequence number is read only when the times tie), and a node's four children share one 64-byte
 * cache line (the array is laid out so).  Cancelling takes two forms.  In a small heap each event
 * holds its heap index, so a cancel takes its entry out at once (O(log n)).  In a large one (over
 * SLS_SIM_LAZY_ON entries) a move would then write to a random event, a cache miss a level (bench
 * (g) at lambda = 100,000/s: a third of the time a sift took), so there moving an entry writes the
 * array alone and a cancelled event is only marked (its fn cleared): its entry stays until it
 * reaches the front, where it is dropped, or until cancelled entries are half the heap, when all
 * are taken out at once (an O(n) rebuild, O(1) per cancel).  Below SLS_SIM_LAZY_OFF live events
 * the heap goes back to the first form.  (The second form alone cost a small heap 20 %: a
 * keep-alive timer cancelled at every request left a rebuild every few events.)
 *
 * The pop that runs an event and the push its handler almost always makes are fused: the run
 * event's entry stays at the root while its handler runs, and the first event the handler
 * schedules takes its place and sinks (one sift instead of a sift down and a sift up); only when
 * the handler schedules nothing is the root removed.
 *
 * Measured (`slsim-bench --eventset`, bench/eventset.c: the hold model — take the least, schedule
 * it again at now + an exponential increment of mean 1 s, or a bimodal one, 90 % work of mean
 * 100 ms and 10 % 10-minute keep-alive timers; ns per hold including the draw and the handler
 * call, one core of the project's 2-core EPYC VM, gcc 12 -O2, medians of 3 runs, 3 Dec 2026):
 *
 *   pending     exponential increments             bimodal increments
 *               ptr heap  this heap  calendar      ptr heap  this heap  calendar
 *       100       75.6      50.0       46.8          38.9      30.2       74.7
 *     1,000       94.5      81.3       46.4          77.8      54.3       60.1
 *    10,000      123.9     102.2       51.8         117.2      85.2       78.0
 *   100,000      216.5     167.1       78.0         197.9     136.3       58.0
 * 1,000,000      743.8     400.5      430.0         724.9     339.6      234.8
 *
 * (ptr heap: this heap as it was before issue 18, pointers to events compared through them, pop
 * and push apart; calendar: R. Brown's calendar queue, CACM 31(10), 1988, in bench/eventset.c
 * only.)  Remeasured the same way with the lazy form above 8,192 entries and the sift's fetch of
 * the next level (the hold model cancels nothing, so this is the moves' writes to events gone), 3
 * Dec 2026, second stop, this heap / calendar, medians of 3: exponential 66.0 / 47.8, 79.0 / 47.2,
 * 115.1 / 50.0, 151.8 / 72.2, 321.1 / 538.5; bimodal 32.9 / 73.7, 57.9 / 60.3, 103.2 / 79.8,
 * 152.5 / 61.1, 324.8 / 261.0 ns for 10^2 .. 10^6 pending.
 *
 * The heap stays: it is as fast or faster up to 10^4 pending events with the timers a function
 * holds, where every shipped scenario and bench (a)-(f) run; the calendar queue is 2x
 * faster from 10^5 (bench (g) at 100,000 requests/s, (h) with 100,000 functions) and is the
 * next step for populations that large.
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
  size_t heap_idx; /* position in the heap while it keeps them (private) */
  void *also;      /* another object the handler reads, NULL by default: set it on the event
                      sls_sim_schedule returns, and it is fetched from memory with obj ahead of
                      the event's turn when the pending set is large */
} sls_event;

/* A heap entry: the event's time beside it (private). */
typedef struct sls_heap_entry {
  sls_time t;
  sls_event *ev;
} sls_heap_entry;

typedef struct sls_sim {
  sls_time now;          /* time of the event being run, ns */
  uint64_t next_seq;     /* sequence number for the next scheduled event */
  uint64_t n_events;     /* events run so far */
  sls_heap_entry *heap;  /* pending events, 4-ary min-heap (private) */
  void *heap_mem;        /* its allocation, heap aligned within it (private) */
  size_t heap_len;       /* entries: the pending events, the cancelled ones not yet taken out and the
                            running event's while it runs (private: see sls_sim_pending) */
  size_t dead;           /* entries of cancelled events (private) */
  int lazy;              /* 1 while cancelled entries stay and events' heap_idx is not kept (private) */
  size_t heap_cap;       /* heap capacity (private) */
  int hole;              /* 1 while a handler runs and heap[0] is its own event's (private) */
  sls_event **free_list; /* stack of free pooled events (private) */
  size_t free_len;       /* free events (private) */
  size_t free_cap;       /* capacity of free_list (private) */
  sls_event **blocks;    /* allocated event blocks (private) */
  size_t n_blocks;       /* number of blocks (private) */
  size_t peak_pending;   /* largest number of pending events seen */
} sls_sim;

#define SLS_SIM_BLOCK 1024
/* Entries above which cancels are lazy, live events below which they are eager again. */
#define SLS_SIM_LAZY_ON 8192
#define SLS_SIM_LAZY_OFF 2048

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
 * events ahead of it). */
sls_time sls_sim_peek(sls_sim *sim);
/* Events pending: scheduled, not run and not cancelled. */
size_t sls_sim_pending(const sls_sim *sim);
/*
 * Runs the next pending event: advances now, returns the event to the pool, then calls its
 * handler with ctx (so the handler may schedule again without growing the pool).  Returns 0
 * when no event was pending, 1 otherwise.
 */
int sls_sim_step(sls_sim *sim, void *ctx);

#endif
