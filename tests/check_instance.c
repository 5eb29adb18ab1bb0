/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Several requests per instance (instance_concurrency > 1), processor sharing of an instance's
 * vCPUs, the dispatch order and the request queue, on deterministic scenarios stepped by hand
 * in the comments; and the general dispatch with one request per instance giving Lambda's results
 * to the last bit.  (The queueing oracles — M/M/1-PS, M/G/1-PS, Erlang-B and -C with k x C
 * servers — are in slsim validate.)
 */
#include "testutil.h"

#define S(x) ((sls_time)((x)*1e9 + 0.5)) /* seconds -> ns */

/* A function f on no platform's preset (aws-lambda allows one request per environment): init
 * 100 ms (not billed), 1 s handler, keep-alive 100 s, no recycling, no client retries. */
#define FN(extra) FNX("1024", "60.0", extra)
#define FNT(timeout, extra) FNX("1024", timeout, extra)
#define FNX(memory, timeout, extra)                                                                          \
  "platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 100.0; sample_interval_s = 0.0;\n"         \
  "functions = ( { name = \"f\"; memory_mb = " memory "; timeout_s = " timeout "; max_lifetime_s = 0.0;\n"   \
  "  keep_alive_s = 100.0;\n"                                                                                \
  "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = false; };\n"               \
  "  duration = { dist = \"constant\"; value_ms = 1000.0; };\n" extra " } );\n"
#define ONE(name, at)                                                                                        \
  "{ name = \"" name "\"; target = \"f\"; arrival = { kind = \"batch\"; count = 1; at_s = " at "; };\n"      \
  "  client = { max_retries = 0; }; }"

static sls_world *run(const char *text, sls_scenario *sc) { return run_text(text, sc, 1); }

static double sum_s(const sls_hist *h) { return h->sum / 1e9; }

START_TEST(two_requests_share_one_vcpu) {
  /* C = 2 on 1 vCPU, all CPU.  r1 at 0 starts A cold, runs from 0.1; r2 at 0.5 joins A.  By 0.5
   * r1 has 0.4 s of its 1 s; shared, each gets 0.5: r1's last 0.6 takes 1.2 s, to 1.7; r2 has 0.6
   * by then and its last 0.4 alone ends at 2.1.  Latencies 1.7 and 1.6; one cold start; billed
   * per request here: 1.6 s + 1.6 s. */
  sls_scenario sc;
  sls_world *w = run(FN("instance_concurrency = 2; vcpus = 1.0; cpu_fraction = 1.0;") "sources = (" ONE(
                         "r1", "0.0") "," ONE("r2", "0.5") ");\n",
                     &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 2);
  ck_assert_uint_eq(st->cold_starts, 1);
  ck_assert_int_eq(st->latency.max, S(1.7));
  ck_assert_int_eq(st->latency.min, S(1.6));
  ck_assert_uint_eq(st->billed_ms, 3200);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* Half of it CPU: r1's CPU 0.5 s has 0.4 by 0.5, its last 0.1 shared takes 0.2 s (to 0.7),
   * then its 0.5 s of I/O: ends 1.2.  r2 gets 0.1 by 0.7, its last 0.4 alone ends 1.1, then
   * I/O to 1.6.  Latencies 1.2 and 1.1. */
  w = run(FN("instance_concurrency = 2; vcpus = 1.0; cpu_fraction = 0.5;") "sources = (" ONE(
              "r1", "0.0") "," ONE("r2", "0.5") ");\n",
          &sc);
  st = &w->functions[0].st;
  ck_assert_int_eq(st->latency.max, S(1.2));
  ck_assert_int_eq(st->latency.min, S(1.1));
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* Two vCPUs for two requests: nothing is shared; both take their 1 s (latencies 1.1, 1.0). */
  w = run(FN("instance_concurrency = 2; vcpus = 2.0; cpu_fraction = 1.0;") "sources = (" ONE(
              "r1", "0.0") "," ONE("r2", "0.5") ");\n",
          &sc);
  st = &w->functions[0].st;
  ck_assert_int_eq(st->latency.max, S(1.1));
  ck_assert_int_eq(st->latency.min, S(1.0));
  ck_assert(!w->functions[0].contended);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(memory_gives_the_vcpus_and_the_speed) {
  /* No vcpus: 1,769 MB is 1 vCPU (Lambda's rule), and duration was measured at 3,538 MB (2 vCPUs)
   * by a handler that can use 2: alone here it runs at half that speed, 2 s of CPU.  r1 at 0 runs
   * from 0.1, has 1 s done at 1.1 when r2 comes; shared, its last 1 s takes 2 s, to 3.1; r2 has
   * 1 s by then and ends alone at 4.1.  Latencies 3.1 and 3.0. */
  sls_scenario sc;
  sls_world *w = run(FNX("1769", "60.0",
                         "ref_memory_mb = 3538; cpu_threads = 2.0; instance_concurrency = 2;"
                         " cpu_fraction = 1.0;") "sources = (" ONE("r1", "0.0") "," ONE("r2", "1.1") ");\n",
                     &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 2);
  ck_assert_int_eq(st->latency.max, S(3.1));
  ck_assert_int_eq(st->latency.min, S(3.0));
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(the_timeout_cuts_a_shared_cpu_part) {
  /* r1 and r2 at 0 on one instance (r2 joins it in its cold start), 1 vCPU: from 0.1 each gets
   * half, so each 1 s of CPU would end at 2.1.  With a 1.5 s timeout both are killed at 1.6. */
  sls_scenario sc;
  sls_world *w =
      run(FNT("1.5", "instance_concurrency = 2; vcpus = 1.0; cpu_fraction = 1.0;") "sources = (" ONE(
              "r1", "0.0") "," ONE("r2", "0.0") ");\n",
          &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->timeouts, 2);
  ck_assert_uint_eq(st->cold_starts, 1);
  ck_assert_uint_eq(st->cold_waits, 2);
  ck_assert_int_eq(st->latency.max, S(1.6));
  ck_assert_int_eq(st->latency.min, S(1.6));
  sls_world_free(w);
  sls_scenario_free(&sc);
  w = run(FNT("2.5", "instance_concurrency = 2; vcpus = 1.0; cpu_fraction = 1.0;") "sources = (" ONE(
              "r1", "0.0") "," ONE("r2", "0.0") ");\n",
          &sc);
  st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 2);
  ck_assert_int_eq(st->latency.max, S(2.1));
  ck_assert_int_eq(st->latency.min, S(2.1));
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(requests_join_an_instance_in_its_cold_start) {
  /* C = 2, no CPU sharing.  r1 at 0 starts A (ready 0.1); r2 at 0.05 joins A and waits 0.05 for
   * it; r3 at 0.06 finds A full and starts B (ready 0.16).  Latencies 1.1, 1.05, 1.1; two cold
   * starts, three invocations that waited for one. */
  sls_scenario sc;
  sls_world *w = run(FN("instance_concurrency = 2;") "sources = (" ONE("r1", "0.0") "," ONE(
                         "r2", "0.05") "," ONE("r3", "0.06") ");\n",
                     &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 3);
  ck_assert_uint_eq(st->cold_starts, 2);
  ck_assert_uint_eq(st->cold_waits, 3);
  ck_assert_uint_eq(st->envs_created, 2);
  ck_assert_int_eq(st->latency.min, S(1.05));
  ck_assert_double_eq_tol(sum_s(&st->latency), 1.1 + 1.05 + 1.1, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(the_busiest_instance_with_room_takes_the_request) {
  /* C = 2, 1 vCPU, all CPU.  r1 at 0 starts A (ready 0.1).  r2 at 0.6 joins A: r1 has 0.5 s
   * done, shared it ends at 1.6; r2 has 0.5 by then, alone to 2.1.  r3 at 0.7: A is full, so B
   * starts (ready 0.8) and r3 ends at 1.8; B is idle from 1.8.  r4 at 1.9: A holds r2 (0.2 s
   * left), B is idle.  Busiest first puts r4 on A: shared, r2 ends at 2.3 and r4, with 0.2 done,
   * ends at 3.1.  Latencies 1.6, 1.7, 1.1, 1.2 (an idle-first rule would give r2 1.5, r4 1.0). */
  sls_scenario sc;
  sls_world *w = run(FN("instance_concurrency = 2; vcpus = 1.0; cpu_fraction = 1.0;") "sources = (" ONE(
                         "r1", "0.0") "," ONE("r2", "0.6") "," ONE("r3", "0.7") "," ONE("r4", "1.9") ");\n",
                     &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 4);
  ck_assert_uint_eq(st->cold_starts, 2);
  ck_assert_int_eq(st->latency.max, S(1.7));
  ck_assert_int_eq(st->latency.min, S(1.1));
  ck_assert_double_eq_tol(sum_s(&st->latency), 1.6 + 1.7 + 1.1 + 1.2, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(the_request_queue_holds_then_throttles) {
  /* One instance at most (reserved 1), one request each, a 2 s request queue.  r1 at 0: cold,
   * ends 1.1.  r2 at 0.2, r3 at 0.3, r4 at 0.4 wait.  At 1.1 r2 takes the instance (warm), ends
   * 2.1; at 2.1 r3 (waited 1.8 s) takes it, ends 3.1; r4 has waited 2 s at 2.4 and is
   * throttled.  Latencies 1.1, 1.9, 2.8; three waited, one timed out. */
  sls_scenario sc;
  sls_world *w = run(FN("reserved_concurrency = 1; request_queue_timeout_s = 2.0;") "sources = (" ONE(
                         "r1", "0.0") "," ONE("r2", "0.2") "," ONE("r3", "0.3") "," ONE("r4", "0.4") ");\n",
                     &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 3);
  ck_assert_uint_eq(st->throttled, 1);
  ck_assert_uint_eq(st->queued, 3);
  ck_assert_uint_eq(st->queue_timeouts, 1);
  ck_assert_uint_eq(st->cold_starts, 1);
  ck_assert_int_eq(st->latency.max, S(2.8));
  ck_assert_double_eq_tol(sum_s(&st->latency), 1.1 + 1.9 + 2.8, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* No queue (Lambda): r2, r3 and r4 are throttled at once. */
  w = run(FN("reserved_concurrency = 1;") "sources = (" ONE("r1", "0.0") "," ONE("r2", "0.2") "," ONE(
              "r3", "0.3") "," ONE("r4", "0.4") ");\n",
          &sc);
  st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 1);
  ck_assert_uint_eq(st->throttled, 3);
  ck_assert_uint_eq(st->queued, 0);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* A Lambda API with cold starts, a distributed keep-alive, recycling, a downstream and
 * a diurnal curve (peak 8/s at 14:00, trough 10 %) over 6 h from midnight; extra is added to the function. */
static sls_world *lambda_api(const char *extra, sls_scenario *sc) {
  char text[4096];
  snprintf(text, sizeof text,
           "duration_h = 6.0; sample_interval_s = 60.0;\n"
           "downstreams = ( { name = \"db\"; max_connections = 40; capacity = 30;\n"
           "  latency = { dist = \"lognormal\"; p50_ms = 20.0; p99_ms = 90.0; }; } );\n"
           "functions = ( { name = \"f\"; memory_mb = 1024; timeout_s = 10.0; cpu_fraction = 0.3;\n"
           "  duration = { dist = \"lognormal\"; p50_ms = 150.0; p99_ms = 600.0; };\n"
           "  max_lifetime = { dist = \"uniform\"; min_s = 600.0; max_s = 900.0; };\n"
           "  downstream = \"db\"; %s } );\n"
           "sources = ( { name = \"u\"; target = \"f\";\n"
           "  arrival = { kind = \"diurnal\"; peak_rate_per_s = 8.0; baseline = 0.1; }; } );\n",
           extra);
  return run_text(text, sc, 20240101);
}

START_TEST(one_request_per_instance_through_the_general_dispatch_is_lambda) {
  /* A request queue switches the general dispatch on; nothing is ever refused here, so it must
   * give Lambda's results to the last bit: the same environments, draws and bill. */
  sls_scenario sa, sb;
  sls_world *a = lambda_api("", &sa), *b = lambda_api("request_queue_timeout_s = 10.0;", &sb);
  ck_assert(!a->functions[0].multi);
  ck_assert(b->functions[0].multi);
  const sls_fn_stats *x = &a->functions[0].st, *y = &b->functions[0].st;
  ck_assert_uint_gt(x->requests, 20000);
  ck_assert_uint_gt(x->cold_starts, 50);
  ck_assert_uint_gt(x->recycled, 10);
  ck_assert_uint_eq(y->queued, 0);
  ck_assert_uint_eq(x->requests, y->requests);
  ck_assert_uint_eq(x->ok, y->ok);
  ck_assert_uint_eq(x->errors, y->errors);
  ck_assert_uint_eq(x->cold_starts, y->cold_starts);
  ck_assert_uint_eq(x->expired, y->expired);
  ck_assert_uint_eq(x->recycled, y->recycled);
  ck_assert_uint_eq(x->billed_ms, y->billed_ms);
  ck_assert_int_eq(x->latency.max, y->latency.max);
  ck_assert_double_eq(x->latency.sum, y->latency.sum);
  ck_assert_double_eq(a->functions[0].conc.total_area, b->functions[0].conc.total_area);
  ck_assert_double_eq(a->functions[0].idle.total_area, b->functions[0].idle.total_area);
  sls_world_free(a);
  sls_world_free(b);
  sls_scenario_free(&sa);
  sls_scenario_free(&sb);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("instance");
  TCase *tc = sls_tcase("deterministic");
  tcase_add_test(tc, two_requests_share_one_vcpu);
  tcase_add_test(tc, memory_gives_the_vcpus_and_the_speed);
  tcase_add_test(tc, the_timeout_cuts_a_shared_cpu_part);
  tcase_add_test(tc, requests_join_an_instance_in_its_cold_start);
  tcase_add_test(tc, the_busiest_instance_with_room_takes_the_request);
  tcase_add_test(tc, the_request_queue_holds_then_throttles);
  tcase_add_test(tc, one_request_per_instance_through_the_general_dispatch_is_lambda);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
