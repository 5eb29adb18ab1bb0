/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The event set: (time, sequence) order, cancellation, pooling; RNG stream seeding. */
#include "engine/rng.h"
#include "engine/sim.h"
#include "testutil.h"

typedef struct log {
  sls_time t[4096];
  int64_t id[4096];
  int n;
} log_t;

/* The event set in one of its forms: 0 as it comes (the 4-ary heap, the radix heap above
 * SLS_SIM_RADIX_ON entries), 1 the radix heap alone, 2 the 4-ary heap alone. */
static void init_form(sls_sim *sim, int form) {
  sls_sim_init(sim);
  if (form == 1) sim->radix_on = sim->radix_off = 0;
  if (form == 2) sim->radix_on = SIZE_MAX;
}

static void record(void *ctx, void *obj, int64_t arg) {
  log_t *l = obj;
  sls_sim *sim = ctx;
  l->t[l->n] = sim->now;
  l->id[l->n++] = arg;
}

START_TEST(ties_run_in_insertion_order) {
  sls_sim sim;
  init_form(&sim, _i);
  log_t l = {.n = 0};
  /* ids 0..29 at three distinct times, interleaved */
  for (int i = 0; i < 30; i++)
    sls_sim_schedule(&sim, (sls_time)(i % 3) * 100, record, &l, i);
  while (sls_sim_step(&sim, &sim)) {
  }
  ck_assert_int_eq(l.n, 30);
  for (int k = 0; k < 30; k++) {
    int expect_time = k / 10 * 100;
    int expect_id = (k % 10) * 3 + k / 10; /* time 0: 0,3,6..; time 100: 1,4,7.. */
    ck_assert_int_eq(l.t[k], expect_time);
    ck_assert_int_eq(l.id[k], expect_id);
  }
  sls_sim_destroy(&sim);
}
END_TEST

/* Thousands due at each of two instants: the radix heap sorts them by more than insertion (from the
 * heap's order when it takes over, and as they are spilled); 4,096 in log_t. */
START_TEST(many_ties_run_in_insertion_order) {
  sls_sim sim;
  init_form(&sim, _i);
  static log_t l;
  l.n = 0;
  for (int i = 0; i < 4000; i++) /* even ids at 100, odd at 200, interleaved */
    sls_sim_schedule(&sim, (sls_time)(i % 2 + 1) * 100, record, &l, i);
  while (sls_sim_step(&sim, &sim)) {
  }
  ck_assert_int_eq(l.n, 4000);
  for (int k = 0; k < 4000; k++) {
    ck_assert_int_eq(l.t[k], k < 2000 ? 100 : 200);
    ck_assert_int_eq(l.id[k], k < 2000 ? 2 * k : 2 * (k - 2000) + 1);
  }
  sls_sim_destroy(&sim);
}
END_TEST

START_TEST(random_times_come_out_sorted) {
  sls_sim sim;
  init_form(&sim, _i);
  log_t l = {.n = 0};
  gsl_rng *r = sls_rng_alloc(1, "test", "times");
  for (int i = 0; i < 4000; i++)
    sls_sim_schedule(&sim, (sls_time)gsl_rng_uniform_int(r, 500), record, &l, i);
  while (sls_sim_step(&sim, &sim)) {
  }
  ck_assert_int_eq(l.n, 4000);
  for (int k = 1; k < l.n; k++) {
    ck_assert(l.t[k] >= l.t[k - 1]);
    if (l.t[k] == l.t[k - 1]) ck_assert(l.id[k] > l.id[k - 1]);
  }
  sls_rng_free(r);
  sls_sim_destroy(&sim);
}
END_TEST

START_TEST(cancelled_events_never_run_and_leave_the_set) {
  sls_sim sim;
  init_form(&sim, _i);
  log_t l = {.n = 0};
  sls_event *ev[1000];
  for (int i = 0; i < 1000; i++)
    ev[i] = sls_sim_schedule(&sim, (sls_time)((i * 7919) % 1000), record, &l, i);
  for (int i = 0; i < 1000; i += 2)
    sls_sim_cancel(&sim, ev[i]);
  ck_assert_uint_eq(sls_sim_pending(&sim), 500);
  ck_assert_uint_eq(sim.peak_pending, 1000);
  while (sls_sim_step(&sim, &sim)) {
  }
  ck_assert_int_eq(l.n, 500);
  for (int k = 0; k < l.n; k++)
    ck_assert_int_eq(l.id[k] % 2, 1);
  for (int k = 1; k < l.n; k++)
    ck_assert(l.t[k] >= l.t[k - 1]);
  sls_sim_destroy(&sim);
}
END_TEST

/* A timer armed and then cancelled at every step (an environment's keep-alive, reused each time):
 * the cancelled events return to the pool, so the pool stays as small as what is pending. */
typedef struct {
  sls_event *timer;
  long left;
} rearm_t;

static void never(void *ctx, void *obj, int64_t arg) {
  (void)ctx, (void)arg;
  ((rearm_t *)obj)->left = -1000000; /* a cancelled timer ran */
}

static void rearm(void *ctx, void *obj, int64_t arg) {
  sls_sim *sim = ctx;
  rearm_t *x = obj;
  if (x->timer) sls_sim_cancel(sim, x->timer);
  x->timer = NULL;
  if (--x->left <= 0) return;
  x->timer = sls_sim_schedule(sim, sim->now + 1000000000, never, x, 0); /* beyond the run's end */
  sls_sim_schedule(sim, sim->now + 1, rearm, x, arg);
}

static void nothing(void *ctx, void *obj, int64_t arg) { (void)ctx, (void)obj, (void)arg; }

/* fill events at t, which make the set large (its next events are then fetched two ahead) */
static void fill_at(sls_sim *sim, int fill, sls_time t) {
  for (int i = 0; i < fill; i++)
    sls_sim_schedule(sim, t, nothing, NULL, i);
}

/* In a small set (the 4-ary heap takes a cancelled event out at once), in the radix heap alone
 * (cancelled entries taken out SLS_SIM_DEAD_MAX at a time), and beside 10,000 more events (the
 * radix heap, cancelled entries taken out when they are half the set), where the fill runs halfway
 * and the 4-ary heap takes over while cancels go on. */
START_TEST(cancelled_events_return_to_the_pool) {
  int fill = _i == 2 ? 10000 : 0;
  sls_sim sim;
  init_form(&sim, _i == 1);
  fill_at(&sim, fill, 100000);
  rearm_t x = {NULL, 200000};
  sls_sim_schedule(&sim, 0, rearm, &x, 0);
  while (sls_sim_step(&sim, &sim)) {
  }
  ck_assert_int_eq(x.left, 0); /* no cancelled timer ran */
  ck_assert_uint_eq(sim.n_events, 200000 + (uint64_t)fill);
  ck_assert_uint_le(sim.peak_pending, 2 + (size_t)fill);
  /* 199,999 timers cancelled; without their return the pool would hold 200,000 events */
  ck_assert_uint_le(sim.n_blocks * SLS_SIM_BLOCK, 2 * (size_t)fill + 4096);
  ck_assert_uint_eq(sim.entries, 0);
  ck_assert_uint_eq(sim.heap_len, 0);
  ck_assert_int_eq(sim.radix, _i == 1); /* the fill's run took it back to the 4-ary heap */
  sls_sim_destroy(&sim);
}
END_TEST

/* Back from the radix heap to the 4-ary heap (below SLS_SIM_RADIX_OFF pending, at a step's
 * start), every event's heap index is its entry's: cancelling any of the events that crossed
 * takes out that one and no other.  5,000 events at 0, 1, 2, ... ns; run until fewer than 1,024
 * are pending and one step more (the hand-back); cancel every third of the rest; the ones that
 * run are exactly the others, in time order. */
enum { HANDBACK_N = 5000 };
static int64_t handback_ran[HANDBACK_N];
static int handback_n;
static void handback_note(void *ctx, void *obj, int64_t arg) {
  (void)ctx, (void)obj;
  handback_ran[handback_n++] = arg;
}

START_TEST(cancels_after_the_radix_heap_hands_back) {
  static sls_event *ev[HANDBACK_N];
  sls_sim sim;
  sls_sim_init(&sim);
  handback_n = 0;
  for (int i = 0; i < HANDBACK_N; i++)
    ev[i] = sls_sim_schedule(&sim, (sls_time)i, handback_note, NULL, i);
  ck_assert(sls_sim_step(&sim, &sim));
  ck_assert_int_eq(sim.radix, 1);
  while (sls_sim_pending(&sim) >= SLS_SIM_RADIX_OFF)
    ck_assert(sls_sim_step(&sim, &sim));
  ck_assert(sls_sim_step(&sim, &sim)); /* the hand-back, then one event */
  ck_assert_int_eq(sim.radix, 0);
  int first = handback_n; /* events [first, N) are pending */
  ck_assert_int_eq(HANDBACK_N - first, (int)sls_sim_pending(&sim));
  for (int i = first; i < HANDBACK_N; i += 3)
    sls_sim_cancel(&sim, ev[i]);
  while (sls_sim_step(&sim, &sim)) {
  }
  int k = first;
  for (int i = first; i < HANDBACK_N; i++)
    if ((i - first) % 3 != 0) {
      ck_assert_int_lt(k, handback_n);
      ck_assert_int_eq(handback_ran[k++], i);
    }
  ck_assert_int_eq(handback_n, k);
  for (int i = 0; i < first; i++)
    ck_assert_int_eq(handback_ran[i], i);
  sls_sim_destroy(&sim);
}
END_TEST

static void reschedule(void *ctx, void *obj, int64_t arg) {
  sls_sim *sim = ctx;
  if (arg > 0) sls_sim_schedule(sim, sim->now + 1 + arg % 13, reschedule, obj, arg - 1);
}

START_TEST(steady_state_does_not_grow_the_pool) {
  sls_sim sim;
  sls_sim_init(&sim);
  for (int i = 0; i < 100; i++)
    sls_sim_schedule(&sim, i, reschedule, NULL, 100000);
  for (int k = 0; k < 1000; k++)
    sls_sim_step(&sim, &sim);
  size_t blocks = sim.n_blocks;
  while (sls_sim_step(&sim, &sim)) {
  }
  ck_assert_uint_eq(sim.n_blocks, blocks);
  ck_assert_uint_le(sim.peak_pending, 100);
  ck_assert_uint_eq(sim.n_events, 100 * 100001);
  sls_sim_destroy(&sim);
}
END_TEST

/* The event set against a reference kept by brute force: handlers schedule 0-3 events (ties
 * at the same instant included), cancel a pending one now and then, and peek; every event must run
 * in (time, scheduling order), and a peek inside a handler must see the least pending time. */
enum { REF_MAX = 20000 };
typedef struct {
  sls_sim sim;
  gsl_rng *r;
  sls_time t[REF_MAX];
  uint64_t order[REF_MAX]; /* scheduling order */
  sls_event *ev[REF_MAX];
  int live[REF_MAX];
  int n, ran, bad, radix; /* radix: steps run in the radix heap */
  uint64_t next_order;
  sls_time empty; /* the peek with no reference event pending: SLS_TIME_MAX, or the fill's time */
} ref_t;

static void ref_step(void *ctx, void *obj, int64_t id);

static void ref_schedule(ref_t *x, sls_time t) {
  if (x->n == REF_MAX) return;
  int id = x->n++;
  x->t[id] = t;
  x->order[id] = x->next_order++;
  x->live[id] = 1;
  x->ev[id] = sls_sim_schedule(&x->sim, t, ref_step, x, id);
}

/* The least pending (time, order), -1 when none. */
static int ref_least(const ref_t *x) {
  int best = -1;
  for (int i = 0; i < x->n; i++)
    if (x->live[i] &&
        (best < 0 || x->t[i] < x->t[best] || (x->t[i] == x->t[best] && x->order[i] < x->order[best])))
      best = i;
  return best;
}

static void ref_step(void *ctx, void *obj, int64_t id) {
  ref_t *x = obj;
  (void)ctx;
  int want = ref_least(x); /* this one must be the least before it is taken out */
  if (want != id) x->bad++;
  x->live[id] = 0;
  x->ran++;
  x->radix += x->sim.radix;
  if (gsl_rng_uniform(x->r) < 0.5) { /* a peek before scheduling: what follows may come before it */
    int least = ref_least(x);
    if (sls_sim_peek(&x->sim) != (least < 0 ? x->empty : x->t[least])) x->bad++;
  }
  int k = (int)gsl_rng_uniform_int(x->r, 4);
  for (int i = 0; i < k; i++)
    ref_schedule(x,
                 x->sim.now + (sls_time)gsl_rng_uniform_int(x->r, 3) * (gsl_rng_uniform(x->r) < 0.5 ? 0 : 7));
  if (gsl_rng_uniform(x->r) < 0.2) { /* cancel a pending one (the first live after a random start) */
    int start = (int)gsl_rng_uniform_int(x->r, (unsigned long)x->n);
    for (int i = 0; i < x->n; i++) {
      int j = (start + i) % x->n;
      if (x->live[j]) {
        sls_sim_cancel(&x->sim, x->ev[j]);
        x->live[j] = 0;
        break;
      }
    }
  }
  int least = ref_least(x);
  if (sls_sim_peek(&x->sim) != (least < 0 ? x->empty : x->t[least])) x->bad++;
}

/* _i: 0 a small set (the 4-ary heap), 1 the radix heap alone (a peek inside a handler moves its
 * `last` ahead, and what the handler schedules then makes it rebase), 2 beside 10,000 more events
 * at the far future (the radix heap as it comes, its buckets holding far and near times, and the
 * 4-ary heap again when the fill runs), 3 that with the 4-ary heap alone. */
START_TEST(runs_in_the_order_of_a_reference) {
  static ref_t x;
  memset(&x, 0, sizeof x);
  init_form(&x.sim, _i == 1 ? 1 : _i == 3 ? 2 : 0);
  fill_at(&x.sim, _i >= 2 ? 10000 : 0, SLS_TIME_FAR);
  x.empty = _i >= 2 ? SLS_TIME_FAR : SLS_TIME_MAX;
  x.r = sls_rng_alloc(9, "sim", "reference");
  for (int i = 0; i < 50; i++)
    ref_schedule(&x, (sls_time)gsl_rng_uniform_int(x.r, 20));
  while (sls_sim_step(&x.sim, &x.sim)) {
  }
  ck_assert_int_eq(x.bad, 0);
  ck_assert_int_gt(x.ran, 10000); /* the run filled the reference */
  ck_assert_int_eq(x.radix, _i == 1 || _i == 2 ? x.ran : 0);
  int live = 0;
  for (int i = 0; i < x.n; i++)
    live += x.live[i];
  ck_assert_int_eq(live, 0);
  ck_assert_uint_eq(x.sim.entries + x.sim.heap_len, 0);
  ck_assert_int_eq(x.sim.radix, _i == 1); /* the fill's run took it back to the 4-ary heap */
  sls_rng_free(x.r);
  sls_sim_destroy(&x.sim);
}
END_TEST

START_TEST(stream_seeds_depend_only_on_their_names) {
  uint64_t a = sls_rng_seed(42, "api", "duration");
  ck_assert_uint_eq(a, sls_rng_seed(42, "api", "duration"));
  ck_assert_uint_ne(a, sls_rng_seed(43, "api", "duration"));
  ck_assert_uint_ne(a, sls_rng_seed(42, "api2", "duration"));
  ck_assert_uint_ne(a, sls_rng_seed(42, "api", "init"));
  ck_assert_uint_ne(sls_rng_seed(42, "ab", "c"), sls_rng_seed(42, "a", "bc"));
  gsl_rng *r1 = sls_rng_alloc(42, "api", "duration"), *r2 = sls_rng_alloc(42, "api", "duration");
  for (int i = 0; i < 100; i++)
    ck_assert_uint_eq(gsl_rng_get(r1), gsl_rng_get(r2));
  sls_rng_free(r1);
  sls_rng_free(r2);
}
END_TEST

/* A stream made by sls_rng_alloc (one allocation) or held in its owner (sls_rng_init) is GSL's
 * taus2 seeded with the name's seed: the same outputs as gsl_rng_alloc's generator seeded by
 * sls_rng_seed64, through GSL's interface (gsl_rng_get, gsl_rng_uniform) and through the
 * ziggurat's own step, for two streams side by side in one struct (neither writes the other). */
START_TEST(a_stream_in_one_piece_is_gsl_s_taus2) {
  gsl_rng *ref = gsl_rng_alloc(gsl_rng_taus2), *ref2 = gsl_rng_alloc(gsl_rng_taus2);
  sls_rng_seed64(ref, sls_rng_seed(7, "f", "duration"));
  sls_rng_seed64(ref2, sls_rng_seed(7, "f", "keep-alive"));
  struct {
    sls_stream a, b;
  } owner;
  gsl_rng *a = sls_rng_init(&owner.a, 7, "f", "duration"), *b = sls_rng_init(&owner.b, 7, "f", "keep-alive");
  gsl_rng *c = sls_rng_alloc(7, "f", "keep-alive");
  ck_assert_str_eq(gsl_rng_name(a), "taus2");
  for (int i = 0; i < 10000; i++) {
    unsigned long x = gsl_rng_get(ref2);
    if (i % 2) {
      ck_assert_double_eq(gsl_rng_uniform(a), gsl_rng_uniform(ref));
    } else {
      ck_assert_uint_eq(sls_rng_u32(a), gsl_rng_get(ref));
    }
    ck_assert_uint_eq(gsl_rng_get(b), x);
    ck_assert_uint_eq(gsl_rng_get(c), x);
  }
  sls_rng_free(c);
  sls_rng_free(NULL);
  gsl_rng_free(ref);
  gsl_rng_free(ref2);
}
END_TEST

/* Streams are seeded with the whole 64-bit derived seed.  The first two outputs (64 bits) of 10^6
 * streams are all distinct: with 64 bits of seed through the state, a repeat among 10^6 has
 * probability ~ 10^12 / 2^65 ~ 3e-8; with the 32-bit seeding GSL's gsl_rng_set allows (the
 * previous rule folded the seed to 32 bits) ~116 pairs of streams would be the same stream. */
static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}
START_TEST(a_million_streams_are_a_million_different_streams) {
  enum { N = 1000000 };
  uint64_t *first = malloc(N * sizeof *first);
  ck_assert_ptr_nonnull(first);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
  char name[32];
  for (int i = 0; i < N; i++) {
    snprintf(name, sizeof name, "f%d", i);
    sls_rng_seed64(r, sls_rng_seed(7, name, "duration"));
    uint64_t hi = gsl_rng_get(r);
    first[i] = hi << 32 | gsl_rng_get(r);
  }
  qsort(first, N, sizeof *first, cmp_u64);
  for (int i = 1; i < N; i++)
    ck_assert_msg(first[i] != first[i - 1], "two of 10^6 streams begin alike: %016llx",
                  (unsigned long long)first[i]);
  /* Seeds that agree in their low 32 bits, or whose halves XOR alike (the old folding), are
   * different streams; and so are seeds one apart. */
  const uint64_t pairs[][2] = {{1, UINT64_C(1) | UINT64_C(1) << 32},
                               {UINT64_C(0x0000000100000002), UINT64_C(0x0000000200000001)},
                               {41, 42}};
  for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
    sls_rng_seed64(r, pairs[k][0]);
    unsigned long a1 = gsl_rng_get(r), a2 = gsl_rng_get(r);
    sls_rng_seed64(r, pairs[k][1]);
    unsigned long b1 = gsl_rng_get(r), b2 = gsl_rng_get(r);
    ck_assert_msg(a1 != b1 || a2 != b2, "seeds %llx and %llx give the same stream",
                  (unsigned long long)pairs[k][0], (unsigned long long)pairs[k][1]);
  }
  /* sls_rng_u32 (the step the ziggurat uses) is gsl_rng_get's taus2: two streams seeded alike
   * give the same outputs whichever way they are read, interleaved with GSL's own draws. */
  gsl_rng *r2 = gsl_rng_alloc(gsl_rng_taus2);
  sls_rng_seed64(r, 99);
  sls_rng_seed64(r2, 99);
  for (int i = 0; i < 100000; i++) {
    if (i % 3 == 0)
      ck_assert_double_eq(gsl_rng_uniform(r), gsl_rng_uniform(r2));
    else
      ck_assert_uint_eq(sls_rng_u32(r), gsl_rng_get(r2));
  }
  gsl_rng_free(r2);
  /* The stream is still taus2 and uniform: the mean of 10^5 draws is 1/2 within 6 sd (sd of
   * the mean sqrt(1/12 / 10^5) = 9.1e-4). */
  sls_rng_seed64(r, 12345);
  double m = 0;
  for (int i = 0; i < 100000; i++)
    m += gsl_rng_uniform(r);
  m /= 100000;
  ck_assert_msg(fabs(m - 0.5) < 6 * sqrt(1.0 / 12 / 100000), "mean of uniforms %g", m);
  gsl_rng_free(r);
  free(first);
}
END_TEST

/* Under AddressSanitizer a failed allocation must come back as NULL, as malloc's would. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

/* The hook exits 3 itself, so that the exit status shows it ran (without it: 1). */
static void hook(void) { _exit(3); }

/* Running out of memory exits (1) after the fatal hook, which removes temporary outputs: not an
 * abort and a core dump.  An exit test: Check expects the forked test to exit 3. */
START_TEST(out_of_memory_exits_after_the_hook) {
  sls_set_fatal_hook(hook);
  void *p = sls_xmalloc((size_t)1 << 62); /* 4 EiB: no machine has it */
  free(p);
  ck_abort_msg("a 4 EiB allocation succeeded");
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("sim");
  TCase *tc = sls_tcase("core");
  tcase_add_loop_test(tc, ties_run_in_insertion_order, 0, 3);
  tcase_add_loop_test(tc, many_ties_run_in_insertion_order, 0, 3);
  tcase_add_loop_test(tc, random_times_come_out_sorted, 0, 3);
  tcase_add_loop_test(tc, cancelled_events_never_run_and_leave_the_set, 0, 3);
  tcase_add_test(tc, steady_state_does_not_grow_the_pool);
  tcase_add_test(tc, cancels_after_the_radix_heap_hands_back);
  tcase_add_loop_test(tc, cancelled_events_return_to_the_pool, 0, 3);
  tcase_add_loop_test(tc, runs_in_the_order_of_a_reference, 0, 4);
  tcase_add_test(tc, stream_seeds_depend_only_on_their_names);
  tcase_add_test(tc, a_stream_in_one_piece_is_gsl_s_taus2);
  tcase_add_test(tc, a_million_streams_are_a_million_different_streams);
  tcase_add_exit_test(tc, out_of_memory_exits_after_the_hook, 3);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
