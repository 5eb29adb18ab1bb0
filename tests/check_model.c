/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The model on hand-computed deterministic scenarios: constant init, durations and gaps, so
 * every count below follows by hand (the arithmetic is in the comments).  Every run also
 * checks conservation (run_text).
 */
#include "testutil.h"

#define S(x) ((sls_time)((x)*1e9 + 0.5)) /* seconds -> ns */

/* A function f: init 100 ms (not billed), 1 s handler, constant keep-alive, no recycling. */
#define HEAD(extra_fn)                                                                                       \
  "duration_s = 100.0; sample_interval_s = 0.0;\n"                                                           \
  "functions = ( { name = \"f\"; memory_mb = 1024; timeout_s = 60.0; max_lifetime_s = 0.0;\n"                \
  "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = false; };\n"               \
  "  duration = { dist = \"constant\"; value_ms = 1000.0; };\n" extra_fn " } );\n"
#define ONE(name, at)                                                                                        \
  "{ name = \"" name "\"; target = \"f\"; arrival = { kind = \"batch\"; count = 1; at_s = " at "; }; }"
#define BATCH(name, n, at, win)                                                                              \
  "{ name = \"" name "\"; target = \"f\"; arrival = { kind = \"batch\"; count = " n "; at_s = " at           \
  "; window_s = " win "; }; }"

START_TEST(most_recently_used_environment_is_reused) {
  /* r1 at 0 -> cold env A, done 1.1.  r2 at 0.5 -> A busy -> cold B, done 1.6.
   * r3 at 2.0: idle A (since 1.1) and B (since 1.6); MRU takes B, done 3.0.
   * keep-alive 2 s: A expires at 3.1.  r4 at 3.05: MRU takes B (idle since 3.0), done 4.05.
   * r5 at 3.2: A has expired, B is busy -> cold C.  MRU: 3 cold starts (LRU would give 2:
   * r3 on A, r4 on B, r5 on A warm). */
  sls_scenario sc;
  sls_world *w =
      run_text(HEAD("keep_alive_s = 2.0;") "sources = (" ONE("r1", "0.0") "," ONE("r2", "0.5") "," ONE(
                   "r3", "2.0") "," ONE("r4", "3.05") "," ONE("r5", "3.2") ");\n",
               &sc, 1);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->requests, 5);
  ck_assert_uint_eq(st->ok, 5);
  ck_assert_uint_eq(st->cold_starts, 3);
  ck_assert_uint_eq(st->envs_created, 3);
  ck_assert_uint_eq(st->expired, 3); /* A at 3.1, B at 6.05, C at 6.3: all before the 100 s end */
  ck_assert_int_eq(st->latency.max, S(1.1));
  ck_assert_int_eq(st->latency.min, S(1.0));
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

static double last_idle_ns; /* environment-ns spent idle in the last colds_with_gap run */

/* N = 10 requests G apart, keep-alive T = 5 s (or 4.90..4.95 s drawn per idle period). */
static uint64_t colds_with_gap(const char *gap_window, const char *keep_alive) {
  char text[2048];
  snprintf(text, sizeof text, HEAD("%s") "sources = (" BATCH("r", "10", "0.0", "%s") ");\n", keep_alive,
           gap_window);
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  uint64_t cold = w->functions[0].st.cold_starts;
  ck_assert_uint_eq(w->functions[0].st.envs_created, cold);
  last_idle_ns = w->functions[0].idle.total_area;
  sls_world_free(w);
  sls_scenario_free(&sc);
  return cold;
}

START_TEST(keep_alive_expiry) {
  /* G = 5.5 s (window 55 s): idle 4.4 s after a cold run, 4.5 s after a warm one: < T, so
   * only the first request is cold.  G = 6.5 s: idle 5.4 s > T: every request is cold. */
  ck_assert_uint_eq(colds_with_gap("55.0", "keep_alive_s = 5.0;"), 1);
  /* idle: 4.4 s after the cold run, 4.5 s between warm ones (8 gaps), 5 s after the last (it
   * expires at 55.5 s, inside the 100 s run) = 45.4 s, to the nanosecond */
  ck_assert_double_eq(last_idle_ns, 45.4e9);
  ck_assert_uint_eq(colds_with_gap("65.0", "keep_alive_s = 5.0;"), 10);
  ck_assert_double_eq(last_idle_ns, 10 * 5e9); /* each environment idles its 5 s and expires */
  /* The same through the per-environment timers of a distributed keep-alive. */
  const char *ka = "keep_alive = { dist = \"uniform\"; min_s = 4.9; max_s = 4.95; };";
  ck_assert_uint_eq(colds_with_gap("55.0", ka), 1);
  ck_assert_uint_eq(colds_with_gap("65.0", ka), 10);
  /* T = 4.4 s exactly would tie with the next arrival; 4.39 s expires just before it. */
  ck_assert_uint_eq(colds_with_gap("55.0", "keep_alive_s = 4.39;"), 10);
  ck_assert_double_eq(last_idle_ns, 10 * 4.39e9);
  /* The tie: an environment idle since s with keep-alive T is gone at s + T exactly (it serves
   * requests that start before).  T = 4.4 s: request 2 arrives when the first environment has
   * been idle exactly 4.4 s, so every request is cold; T = 4.4 s + 1 ns: request 2 is warm (1 s,
   * ends at 6.5 s), request 3 at 11 s finds it idle 4.5 s > T (cold, 1.1 s), request 4 at 16.5 s
   * finds it idle 4.4 s (warm), ...: requests 1, 3, 5, 7, 9 cold.  Whichever of the expiry's
   * event and the arrival's runs first at that instant, the rule is the same (function.c).  Both through the
   * single FIFO timer of a constant keep-alive and through per-environment timers (a uniform keep-alive whose
   * width is below the clock's 1 ns: every draw is the same time). */
  ck_assert_uint_eq(colds_with_gap("55.0", "keep_alive_s = 4.4;"), 10);
  ck_assert_double_eq(last_idle_ns, 10 * 4.4e9);
  ck_assert_uint_eq(colds_with_gap("55.0", "keep_alive_ms = 4400.000001;"), 5);
  ck_assert_uint_eq(colds_with_gap("55.0", "keep_alive_ms = 4399.999999;"), 10);
  ck_assert_uint_eq(
      colds_with_gap("55.0", "keep_alive = { dist = \"uniform\"; min_s = 4.4; max_s = 4.4000000001; };"), 10);
  ck_assert_uint_eq(
      colds_with_gap("55.0",
                     "keep_alive = { dist = \"uniform\"; min_s = 4.400000001; max_s = 4.4000000011; };"),
      5);
}
END_TEST

START_TEST(distributed_keep_alive_ends_each_idle_period_at_its_own_draw) {
  /* One environment at a time: 400 requests 5 s apart, a 1 s handler after a 100 ms cold start,
   * so an idle period lasts 4 s after a warm run and 3.9 s after a cold one.  Its keep-alive k is
   * drawn from uniform(1, 9) s, one draw per idle period in order from the function's keep-alive
   * stream; by the rule (idle since s, gone at s + k exactly) the next request finds the
   * environment iff s + k is past its arrival, else it expired at s + k.  Colds, expiries and idle
   * time to the nanosecond follow from the draws and that rule alone.  Draws this spread run the
   * lazy timer's every path (function.c idle_push): a timer due while its environment is busy,
   * one due while it is idle with a later deadline, an idle period whose deadline comes before
   * the pending timer. */
  enum { N = 400 };
  const char *text =
      "duration_s = 2100.0; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; memory_mb = 1024; timeout_s = 60.0; max_lifetime_s = 0.0;\n"
      "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = false; };\n"
      "  duration = { dist = \"constant\"; value_ms = 1000.0; };\n"
      "  keep_alive = { dist = \"uniform\"; min_s = 1.0; max_s = 9.0; }; } );\n"
      "sources = (" BATCH("r", "400", "0.0", "2000.0") ");\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  gsl_rng *r = sls_rng_alloc(1, "f", "keep-alive");
  uint64_t colds = 1, expired = 0;
  double idle = 0;
  int cold = 1;
  for (int i = 0; i < N; i++) {
    sls_time s = S(5.0 * i) + (cold ? S(1.1) : S(1.0)); /* idle since */
    sls_time k = sls_time_clamp(sls_dist_sample(&sc.functions[0].keep_alive, r), SLS_TIME_FAR);
    sls_time next = i + 1 < N ? S(5.0 * (i + 1)) : SLS_TIME_MAX;
    cold = s + k <= next;
    idle += (double)(cold ? k : next - s);
    expired += (uint64_t)cold;
    colds += (uint64_t)(cold && i + 1 < N);
  }
  sls_rng_free(r);
  const sls_function *f = &w->functions[0];
  ck_assert_uint_eq(f->st.requests, N);
  ck_assert_uint_eq(f->st.cold_starts, colds);
  ck_assert_uint_eq(f->st.expired, expired); /* the last one too: by 1,996.1 + 9 s < 2,100 s */
  ck_assert_double_eq(f->idle.total_area, idle);
  ck_assert_uint_gt(colds, N / 10); /* both outcomes happen: k < 4 s for 3/8 of the draws */
  ck_assert_uint_lt(colds, N - N / 10);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(provisioned_first_then_spillover) {
  /* PC = 2; 5 simultaneous requests at t=0: 2 on provisioned environments (1.0 s, warm),
   * 3 spill over to on-demand ones (cold, 1.1 s).  At t=5 one request: a provisioned
   * environment is idle, so it is used before the 3 idle on-demand ones. */
  sls_scenario sc;
  sls_world *w = run_text(HEAD("keep_alive_s = 600.0; provisioned_concurrency = 2;") "sources = (" BATCH(
                              "burst", "5", "0.0", "0.0") "," ONE("later", "5.0") ");\n",
                          &sc, 1);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 6);
  ck_assert_uint_eq(st->pc_invocations, 3);
  ck_assert_uint_eq(st->cold_starts, 3);
  ck_assert_int_eq(st->latency.max, S(1.1));
  ck_assert_uint_eq(st->pc_billed_ms, 3000);
  ck_assert_uint_eq(st->billed_ms, 3000); /* INIT not billed in this runtime */
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(reserved_concurrency_throttles) {
  /* reserved 3: of 5 simultaneous requests 3 run and 2 get a 429 (no retries). */
  sls_scenario sc;
  sls_world *w =
      run_text(HEAD("reserved_concurrency = 3;") "sources = (" BATCH("b", "5", "0.0", "0.0") ");\n", &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 3);
  ck_assert_uint_eq(w->functions[0].st.throttled, 2);
  ck_assert_uint_eq(w->functions[0].st.throttles, 2);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* provisioned 2 counts against reserved 3: 2 on PC, 1 on demand, 2 throttled */
  w = run_text(HEAD("reserved_concurrency = 3; provisioned_concurrency = 2;") "sources = (" BATCH(
                   "b", "5", "0.0", "0.0") ");\n",
               &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.pc_invocations, 2);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 1);
  ck_assert_uint_eq(w->functions[0].st.throttled, 2);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(account_limit_is_shared_and_reservations_carve_it) {
  /* limit 200, f reserves 60: f runs 60 of its 100; g and h share the other 140:
   * g's 100 arrive first (t=0), h's 100 at t=0.001 get the remaining 40. */
  const char *text =
      "duration_s = 10.0; sample_interval_s = 0.0;\n"
      "account = { concurrency_limit = 200; };\n"
      "functions = (\n"
      " { name = \"f\"; reserved_concurrency = 60; timeout_s = 60.0; duration = { dist = \"constant\"; "
      "value_s = 5.0; }; },\n"
      " { name = \"g\"; timeout_s = 60.0; duration = { dist = \"constant\"; value_s = 5.0; }; },\n"
      " { name = \"h\"; timeout_s = 60.0; duration = { dist = \"constant\"; value_s = 5.0; }; } );\n"
      "sources = (\n"
      " { name = \"sf\"; target = \"f\"; arrival = { kind = \"batch\"; count = 100; }; },\n"
      " { name = \"sg\"; target = \"g\"; arrival = { kind = \"batch\"; count = 100; }; },\n"
      " { name = \"sh\"; target = \"h\"; arrival = { kind = \"batch\"; count = 100; at_ms = 1.0; }; } );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 60);
  ck_assert_uint_eq(w->functions[0].st.throttled, 40);
  ck_assert_uint_eq(w->functions[1].st.ok, 100);
  ck_assert_uint_eq(w->functions[2].st.ok, 40);
  ck_assert_uint_eq(w->functions[2].st.throttled, 60);
  ck_assert_int_eq(w->functions[0].conc.peak_all, 60);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(scaling_token_bucket_ramp) {
  /* Bucket of 10 refilled at 1/s; 100 s handlers, so every request needs a new environment.
   * 20 requests 0.5 s apart: before request i the bucket holds 10 + 0.5 i - i = 10 - 0.5 i
   * tokens while all pass, which is >= 1 for i <= 18: 19 run, request 19 is throttled. */
  const char *fmt = "duration_s = 200.0; sample_interval_s = 0.0;\n"
                    "account = { scaling = { mode = \"%s\"; burst = 10.0; refill_per_s = 1.0; }; };\n"
                    "functions = ( { name = \"f\"; timeout_s = 900.0; duration = { dist = \"constant\"; "
                    "value_s = 100.0; }; } );\n"
                    "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = %d; "
                    "window_s = %g; }; } );\n";
  char text[1024];
  sls_scenario sc;
  snprintf(text, sizeof text, fmt, "2023", 20, 10.0);
  sls_world *w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 19);
  ck_assert_uint_eq(w->functions[0].st.throttled, 1);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* 30 at once: only the 10 tokens */
  snprintf(text, sizeof text, fmt, "2023", 30, 0.0);
  w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 10);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* The same bucket account-wide in legacy mode; "none" lets all 30 through. */
  snprintf(text, sizeof text, fmt, "legacy", 30, 0.0);
  w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 10);
  sls_world_free(w);
  sls_scenario_free(&sc);
  snprintf(text, sizeof text, fmt, "none", 30, 0.0);
  w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 30);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(legacy_burst_is_account_wide) {
  /* legacy: 3,000 burst shared by two functions (limit raised to 10,000): 2,000 + 2,000 at
   * once -> f gets 2,000, g the remaining 1,000 (the 2023 rule would give each its own 1,000). */
  const char *fmt =
      "duration_s = 10.0; sample_interval_s = 0.0;\n"
      "account = { concurrency_limit = 10000; scaling = { mode = \"%s\"; }; };\n"
      "functions = ( { name = \"f\"; duration = { dist = \"constant\"; value_s = 2.0; }; },\n"
      "              { name = \"g\"; duration = { dist = \"constant\"; value_s = 2.0; }; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 2000; }; },\n"
      "            { name = \"t\"; target = \"g\"; arrival = { kind = \"batch\"; count = 2000; at_ms = 1.0; "
      "}; } );\n";
  char text[1024];
  sls_scenario sc;
  snprintf(text, sizeof text, fmt, "legacy");
  sls_world *w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 2000);
  ck_assert_uint_eq(w->functions[1].st.ok, 1000);
  sls_world_free(w);
  sls_scenario_free(&sc);
  snprintf(text, sizeof text, fmt, "2023");
  w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 1000);
  ck_assert_uint_eq(w->functions[1].st.ok, 1000);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(timeouts_errors_and_billing) {
  sls_scenario sc;
  /* 5 s handler, 3 s timeout: killed and billed at 3 s, plus 100 ms INIT when billed. */
  sls_world *w = run_text(
      "duration_s = 10.0; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; timeout_s = 3.0; max_lifetime_s = 0.0;\n"
      "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = true; };\n"
      "  duration = { dist = \"constant\"; value_ms = 5000.0; }; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 4; }; } );\n",
      &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.timeouts, 4);
  ck_assert_uint_eq(w->functions[0].st.billed_ms, 4 * 3100);
  ck_assert_uint_eq(w->functions[0].st.billed_init_ms, 4 * 100);
  ck_assert_int_eq(w->functions[0].st.latency.max, S(3.1));
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* 200.4 ms handler after 100 ms billed INIT: 301 ms (cold), then 201 ms (warm): rounded up
   * to the next millisecond [facts §3]. */
  w = run_text("duration_s = 10.0; sample_interval_s = 0.0;\n"
               "functions = ( { name = \"f\"; error_rate = 1.0; max_lifetime_s = 0.0; keep_alive_s = 60.0;\n"
               "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = true; };\n"
               "  duration = { dist = \"constant\"; value_ms = 200.4; }; } );\n"
               "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 3; "
               "window_s = 3.0; }; } );\n",
               &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.errors, 3);
  ck_assert_uint_eq(w->functions[0].st.ok, 0);
  ck_assert_uint_eq(w->functions[0].st.billed_ms, 301 + 201 + 201);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* Throttles per 1 s row of the function's series, for `count` requests at `at` s from a client
 * that is always throttled (reserved 0) and retries. */
static void always_throttled(const char *client, int count, const char *at, double *per_s, int rows) {
  char text[1024];
  snprintf(
      text, sizeof text,
      "duration_s = %d.0; sample_interval_s = 1.0;\n"
      "functions = ( { name = \"f\"; reserved_concurrency = 0; duration = { dist = \"constant\"; value_s = "
      "1.0; }; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = %d; at_s = %s; };\n"
      "  client = { %s }; } );\n",
      rows, count, at, client);
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 2);
  ck_assert_uint_eq(w->n_samples, (size_t)rows);
  for (int k = 0; k < rows; k++)
    per_s[k] = sls_series_get(w->functions[0].ts, (size_t)k)[SLS_TS_THROTTLES];
  sls_world_free(w);
  sls_scenario_free(&sc);
}

/* Brooker's capped exponential back-off (source.c): attempt k waits min(cap, base 2^(k-1)).
 * Base 1 s, cap 4 s, no jitter, 5 retries, first attempt at 0.5 s: attempts at 0.5, 1.5, 3.5,
 * 7.5, 11.5 and 15.5 s (not 15.5 and 31.5: the cap), one in each of those seconds.  Equal jitter
 * waits d/2 + U(0, d/2): 200 requests throttled at 0.9 s with base 2 s and one retry each retry within
 * [1.9, 2.9) s — second 1 or 2 — and none later (a jitter of U(0, d) on top of d/2 would put
 * ~90 of them in [3, 3.9)). */
START_TEST(client_backoff_is_capped_and_jittered_as_stated) {
  double t[40];
  always_throttled("max_retries = 5; backoff_base_s = 1.0; backoff_cap_s = 4.0; jitter = \"none\";", 1, "0.5",
                   t, 40);
  for (int k = 0; k < 40; k++)
    ck_assert_msg(t[k] == (k == 0 || k == 1 || k == 3 || k == 7 || k == 11 || k == 15 ? 1 : 0),
                  "second %d: %g throttles", k, t[k]);
  always_throttled("max_retries = 1; backoff_base_s = 2.0; backoff_cap_s = 100.0; jitter = \"equal\";", 200,
                   "0.9", t, 10);
  ck_assert_double_eq(t[0], 200);
  ck_assert_msg(t[1] + t[2] == 200, "retries in seconds 1-2: %g + %g", t[1], t[2]);
  for (int k = 3; k < 10; k++)
    ck_assert_msg(t[k] == 0, "second %d: %g retries", k, t[k]);
}
END_TEST

START_TEST(client_retries_with_capped_exponential_backoff) {
  /* reserved 1, no INIT, 1 s handler; r2 is throttled at 0 and retried after 0.3, 0.6, 1.2 s
   * (no jitter): attempts at 0.3 and 0.9 are throttled (r1 runs until 1.0), the one at 2.1
   * runs warm and ends at 3.1. */
  const char *fmt =
      "duration_s = 10.0; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; reserved_concurrency = 1; runtime = { init = { dist = \"constant\"; "
      "value_ms = 0.0; }; };\n"
      "  duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 2; };\n"
      "  client = { max_retries = %d; backoff_base_s = 0.3; backoff_cap_s = 10.0; jitter = \"none\"; }; } "
      ");\n";
  char text[1024];
  sls_scenario sc;
  snprintf(text, sizeof text, fmt, 5);
  sls_world *w = run_text(text, &sc, 1);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 2);
  ck_assert_uint_eq(st->retries, 3);
  ck_assert_uint_eq(st->throttles, 3);
  ck_assert_int_eq(st->latency.max, S(3.1));
  ck_assert_uint_eq(st->cold_starts, 1);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* only 2 retries allowed: both are throttled, the request ends throttled */
  snprintf(text, sizeof text, fmt, 2);
  w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 1);
  ck_assert_uint_eq(w->functions[0].st.throttled, 1);
  ck_assert_uint_eq(w->functions[0].st.retries, 2);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(environments_are_recycled_at_their_lifetime) {
  /* lifetime 5 s, one request a second (0..19), 0.1 s handlers, long keep-alive: the
   * environment born at 0 serves 0..4 and is recycled when picked at 5, and so on:
   * cold at 0, 5, 10, 15.  The tie: at 5 s the environment is exactly 5 s old, and an
   * environment at its retirement instant is retired (reusing it would give 0, 6, 12, 18: the
   * same counts, so the seconds are checked). */
  sls_scenario sc;
  sls_world *w = run_text("duration_s = 20.0; sample_interval_s = 1.0;\n"
                          "functions = ( { name = \"f\"; max_lifetime_s = 5.0; keep_alive_s = 600.0;\n"
                          "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; };\n"
                          "  duration = { dist = \"constant\"; value_ms = 100.0; }; } );\n"
                          "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = "
                          "20; window_s = 20.0; }; } );\n",
                          &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 4);
  ck_assert_uint_eq(w->functions[0].st.recycled, 3);
  for (size_t k = 0; k < w->n_samples; k++)
    ck_assert_msg(sls_series_get(w->functions[0].ts, k)[SLS_TS_COLD_STARTS] == (k % 5 == 0 ? 1 : 0),
                  "second %zu: %g cold starts", k, sls_series_get(w->functions[0].ts, k)[SLS_TS_COLD_STARTS]);
  ck_assert_uint_eq(w->functions[0].st.expired, 0);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* The tie at completion: an environment whose invocation ends exactly at its lifetime (born at
   * 0, no INIT, a 5 s handler, lifetime 5 s) is recycled then, not kept idle until its
   * keep-alive (60 s) expires it. */
  w = run_text(
      "duration_s = 100.0; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; max_lifetime_s = 5.0; keep_alive_s = 60.0; timeout_s = 10.0; " RT_ZERO
      "\n"
      "  duration = { dist = \"constant\"; value_s = 5.0; }; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 1; }; } );\n",
      &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.recycled, 1);
  ck_assert_uint_eq(w->functions[0].st.expired, 0);
  ck_assert_double_eq(w->functions[0].idle.total_area, 0);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(duration_scales_with_memory) {
  /* measured at 1,769 MB (1 vCPU).  3,538 MB with 2 threads, fully CPU-bound: twice as fast.
   * With 1 thread: no faster.  885 MB, half CPU-bound: 0.5*1000*1769/885 + 500 = 1499.4 ms,
   * billed 1,500 ms. */
  const char *fmt =
      "duration_s = 1.0; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; memory_mb = %d; ref_memory_mb = 1769; cpu_fraction = %g; cpu_threads = "
      "%g;\n"
      "  runtime = { init = { dist = \"constant\"; value_ms = 0.0; }; };\n"
      "  duration = { dist = \"constant\"; value_ms = 1000.0; }; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 1; }; } );\n";
  struct {
    int mem;
    double frac, threads;
    uint64_t billed;
  } cases[] = {{3538, 1.0, 2.0, 500}, {3538, 1.0, 1.0, 1000}, {885, 0.5, 1.0, 1500}, {1769, 1.0, 1.0, 1000}};
  for (int i = 0; i < 4; i++) {
    char text[1024];
    snprintf(text, sizeof text, fmt, cases[i].mem, cases[i].frac, cases[i].threads);
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    ck_assert_uint_eq(w->functions[0].st.billed_ms, cases[i].billed);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* A stochastic two-source scenario for determinism checks. */
#define STOCH_F(name, rate)                                                                                  \
  " { name = \"" name                                                                                        \
  "\"; memory_mb = 512; duration = { dist = \"lognormal\"; p50_ms = 80.0; p99_ms = 400.0; };\n"              \
  "   error_rate = 0.01; reserved_concurrency = 20; }"
#define STOCH_S(name, target, rate)                                                                          \
  " { name = \"" name "\"; target = \"" target                                                               \
  "\"; api_gateway = \"http\"; client = { max_retries = 2; };\n"                                             \
  "   arrival = { kind = \"piecewise\"; times_s = [0.0, 600.0]; rates_per_s = [" rate ", 150.0]; }; }"

static void assert_same_function(const sls_function *a, const sls_function *b) {
  const sls_fn_stats *x = &a->st, *y = &b->st;
  ck_assert_uint_eq(x->requests, y->requests);
  ck_assert_uint_eq(x->ok, y->ok);
  ck_assert_uint_eq(x->errors, y->errors);
  ck_assert_uint_eq(x->throttles, y->throttles);
  ck_assert_uint_eq(x->cold_starts, y->cold_starts);
  ck_assert_uint_eq(x->billed_ms, y->billed_ms);
  ck_assert_uint_eq(x->latency.n, y->latency.n);
  ck_assert_int_eq(x->latency.max, y->latency.max);
  for (int k = 0; k < SLS_HIST_NBUCKETS; k++)
    ck_assert_uint_eq(sls_hist_count(&x->latency, k), sls_hist_count(&y->latency, k));
}

START_TEST(same_seed_same_results_and_new_functions_change_nothing_else) {
  const char *one = "duration_s = 1200.0; sample_interval_s = 60.0;\nfunctions = (" STOCH_F(
      "a", "40.0") ");\n"
                   "sources = (" STOCH_S("sa", "a", "40.0") ");\n";
  const char *two =
      "duration_s = 1200.0; sample_interval_s = 60.0;\nfunctions = (" STOCH_F("b", "40.0") "," STOCH_F(
          "a", "40.0") ");\n"
                       "sources = (" STOCH_S("sb", "b", "90.0") "," STOCH_S("sa", "a", "40.0") ");\n";
  sls_scenario s1, s2, s3, s4;
  sls_world *w1 = run_text(one, &s1, 123), *w2 = run_text(one, &s2, 123), *w3 = run_text(two, &s3, 123);
  ck_assert_uint_gt(w1->functions[0].st.throttles, 0); /* the cap binds, so the test means something */
  ck_assert_uint_gt(w1->functions[0].st.errors, 0);
  assert_same_function(&w1->functions[0], &w2->functions[0]);
  for (size_t k = 0; k < w1->n_samples; k++)
    ck_assert_int_eq(memcmp(sls_series_get(w1->functions[0].ts, k), sls_series_get(w2->functions[0].ts, k),
                            SLS_TS_NCOLS * sizeof(double)),
                     0);
  /* function "a" is second in the other file and shares the account with "b" */
  assert_same_function(&w1->functions[0], &w3->functions[1]);
  sls_world *w4 = run_text(one, &s4, 124);
  ck_assert(w4->functions[0].st.requests != w1->functions[0].st.requests ||
            w4->functions[0].st.latency.max != w1->functions[0].st.latency.max);
  sls_world_free(w1);
  sls_world_free(w2);
  sls_world_free(w3);
  sls_world_free(w4);
  sls_scenario_free(&s1);
  sls_scenario_free(&s2);
  sls_scenario_free(&s3);
  sls_scenario_free(&s4);
}
END_TEST

/* Heavy tails never wrap time: a Pareto duration with an infinite mean (alpha = 0.5) runs into
 * its 30 s timeout with probability (x_m / 30 s)^alpha, on every seed; a gamma lifetime whose
 * draws are ~10^13 s keeps environments for the whole run instead of retiring them at once. */
START_TEST(heavy_tails_are_capped_not_wrapped) {
  const double p_timeout = pow(0.1 / 30.0, 0.5); /* 0.0577 */
  for (uint64_t seed = 1; seed <= 8; seed++) {
    sls_scenario sc;
    sls_world *w = run_text("duration_s = 600.0; sample_interval_s = 0.0;\n"
                            "functions = ( { name = \"f\"; " RT_ZERO " timeout_s = 30.0;\n"
                            "  duration = { dist = \"pareto\"; alpha = 0.5; min_ms = 100.0; };\n"
                            "  max_lifetime = { dist = \"gamma\"; shape = 1e6; scale_s = 1e7; }; } );\n"
                            "sources = ( { name = \"u\"; target = \"f\"; arrival = { kind = \"poisson\"; "
                            "rate_per_s = 5.0; }; } );\n",
                            &sc, seed);
    const sls_fn_stats *st = &w->functions[0].st;
    double n = (double)st->invocations, sd = sqrt(n * p_timeout * (1 - p_timeout));
    ck_assert_msg(fabs((double)st->timeouts - n * p_timeout) < 5 * sd, "seed %llu: %llu timeouts of %.0f",
                  (unsigned long long)seed, (unsigned long long)st->timeouts, n);
    /* ~17 environments are busy at once (5/s x E[min(X, 30 s)] = 5 x 3.36 s); with wrapped
     * lifetimes every invocation was cold */
    ck_assert_msg(st->cold_starts < n / 10, "seed %llu: %llu cold starts of %.0f", (unsigned long long)seed,
                  (unsigned long long)st->cold_starts, n);
    ck_assert_uint_eq(st->recycled, 0);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

START_TEST(time_series_add_up_to_the_totals) {
  const char *text = "duration_s = 1200.0; sample_interval_s = 60.0;\nfunctions = (" STOCH_F(
      "a", "40.0") ");\n"
                   "sources = (" STOCH_S("sa", "a", "40.0") ");\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 5);
  const sls_function *f = &w->functions[0];
  ck_assert_uint_eq(w->n_samples, 20);
  double req = 0, cold = 0, thr = 0, conc = 0;
  for (size_t k = 0; k < w->n_samples; k++) {
    const double *row = sls_series_get(f->ts, k);
    req += row[SLS_TS_REQUESTS];
    cold += row[SLS_TS_COLD_STARTS];
    thr += row[SLS_TS_THROTTLES];
    conc += row[SLS_TS_CONC_MEAN] / (double)w->n_samples;
    ck_assert(row[SLS_TS_CONC_MAX] <= 20); /* reserved concurrency */
    ck_assert(row[SLS_TS_CONC_MEAN] <= row[SLS_TS_CONC_MAX]);
  }
  /* arrivals all fall inside the window; the throttle count also includes retries made
   * during the drain only if any were pending then — compare requests and colds exactly */
  ck_assert_double_eq(req, (double)f->st.requests);
  ck_assert_double_eq(cold, (double)f->st.cold_starts);
  ck_assert(thr <= (double)f->st.throttles);
  ck_assert_double_eq_tol(conc, sls_function_mean_concurrency(f, sc.duration), 1e-9 * conc);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* Series that do not fit the memory budget go to the temporary file a chunk at a time and read
 * back whole: 2,000 functions sampled every second for 10 minutes (12 columns x 8 bytes x 2,000 =
 * 192,000 bytes a row: chunks of 43 rows, 14 of them to the file); every function's rows add up
 * to its totals. */
START_TEST(spilled_time_series_add_up_to_the_totals) {
  enum { N = 2000 };
  size_t cap = 200 * (size_t)N + 400;
  char *text = malloc(cap), *p = text;
  p += sprintf(p, "duration_s = 600.0; sample_interval_s = 1.0;\nfunctions = (");
  for (int i = 0; i < N; i++)
    p += sprintf(p, "%s{ name = \"f%d\"; duration = { dist = \"constant\"; value_ms = 20.0; }; }",
                 i ? "," : "", i);
  p += sprintf(p, ");\nsources = (");
  for (int i = 0; i < N; i++)
    p += sprintf(
        p, "%s{ name = \"s%d\"; target = \"f%d\"; arrival = { kind = \"poisson\"; rate_per_s = 0.5; }; }",
        i ? "," : "", i, i);
  sprintf(p, ");\n");
  ck_assert_uint_lt(strlen(text), cap);
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 8);
  ck_assert_uint_eq(w->n_samples, 600);
  ck_assert_uint_eq(w->series.chunk, SLS_SERIES_BUDGET / (N * SLS_TS_NCOLS * sizeof(double)));
  ck_assert_ptr_nonnull(w->series.spill);
  for (int i = 0; i < N; i += 7) {
    const sls_function *f = &w->functions[i];
    double req = 0, inv = 0;
    for (size_t k = 0; k < w->n_samples; k++) {
      req += sls_series_get(f->ts, k)[SLS_TS_REQUESTS];
      inv += sls_series_get(f->ts, k)[SLS_TS_INVOCATIONS];
    }
    ck_assert_double_eq(req, (double)f->st.requests);
    ck_assert_double_eq(inv, (double)f->st.invocations);
  }
  sls_world_free(w);
  sls_scenario_free(&sc);
  free(text);
}
END_TEST

/* A run stops at its limits exactly where the run loop looks: --max-events after that many events,
 * and a memory limit at the first look, which is every 4,096 events (world.c, LIMIT_EVERY) — not
 * at the end of the run, ~2,000 events a second (an arrival and a completion a request) for 100 s. */
START_TEST(a_run_stops_where_its_limits_are_looked_at) {
  const char *text = HEAD("") "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; "
                              "rate_per_s = 1000.0; }; } );\n";
  for (int k = 0; k < 2; k++) {
    char err[SLS_ERRLEN] = "";
    sls_scenario sc;
    ck_assert_msg(load_text(text, &sc, err) == 0, "%s", err);
    sls_world *w = sls_world_alloc(&sc, 1, err);
    ck_assert_msg(w != NULL, "%s", err);
    if (k == 0)
      w->limits.max_events = 1000;
    else
      w->limits.max_bytes = 1; /* less than any world */
    ck_assert_int_eq(sls_world_run(w), SLS_ERUN);
    ck_assert_str_eq(w->stopped, k == 0 ? "events" : "memory");
    ck_assert_uint_eq(w->sim.n_events, k == 0 ? 1000 : 4096);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* The memory gate's estimate (sls_world_estimate) of a population of quiet functions — 1,000, each
 * called once a second for 20 minutes, 1,200 requests — is not below what the run holds at its
 * end (sls_world_bytes: their state, their histograms as counted, the pools), and not three times
 * it: a function's histograms are sized by the requests it serves, not as a busy one's. */
START_TEST(the_memory_estimate_of_a_quiet_population_is_near_what_it_holds) {
  enum { N = 1000 };
  size_t cap = (size_t)N * 260 + 256;
  char *text = malloc(cap);
  size_t at = (size_t)snprintf(text, cap, "duration_s = 1200.0; sample_interval_s = 0.0;\nfunctions = (\n");
  for (int i = 0; i < N; i++)
    at += (size_t)snprintf(
        text + at, cap - at,
        "%s{ name = \"f%d\"; duration = { dist = \"lognormal\"; p50_ms = 80.0; p99_ms = 400.0; }; }\n",
        i ? "," : "", i);
  at += (size_t)snprintf(text + at, cap - at, ");\nsources = (\n");
  for (int i = 0; i < N; i++)
    at += (size_t)snprintf(
        text + at, cap - at,
        "%s{ name = \"s%d\"; target = \"f%d\"; arrival = { kind = \"poisson\"; rate_per_s = 1.0; }; }\n",
        i ? "," : "", i, i);
  snprintf(text + at, cap - at, ");\n");
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 9);
  free(text);
  double est = sls_world_estimate(&sc, NULL, 0), held = sls_world_bytes(w);
  ck_assert_msg(est >= held && est <= 3 * held, "estimated %.0f bytes, the run holds %.0f", est, held);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("model");
  TCase *tc = sls_tcase("deterministic");
  tcase_add_test(tc, most_recently_used_environment_is_reused);
  tcase_add_test(tc, a_run_stops_where_its_limits_are_looked_at);
  tcase_add_test(tc, the_memory_estimate_of_a_quiet_population_is_near_what_it_holds);
  tcase_add_test(tc, keep_alive_expiry);
  tcase_add_test(tc, distributed_keep_alive_ends_each_idle_period_at_its_own_draw);
  tcase_add_test(tc, provisioned_first_then_spillover);
  tcase_add_test(tc, reserved_concurrency_throttles);
  tcase_add_test(tc, account_limit_is_shared_and_reservations_carve_it);
  tcase_add_test(tc, scaling_token_bucket_ramp);
  tcase_add_test(tc, legacy_burst_is_account_wide);
  tcase_add_test(tc, timeouts_errors_and_billing);
  tcase_add_test(tc, client_retries_with_capped_exponential_backoff);
  tcase_add_test(tc, client_backoff_is_capped_and_jittered_as_stated);
  tcase_add_test(tc, environments_are_recycled_at_their_lifetime);
  tcase_add_test(tc, duration_scales_with_memory);
  tcase_add_test(tc, same_seed_same_results_and_new_functions_change_nothing_else);
  tcase_add_test(tc, time_series_add_up_to_the_totals);
  tcase_add_test(tc, spilled_time_series_add_up_to_the_totals);
  tcase_add_test(tc, heavy_tails_are_capped_not_wrapped);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
