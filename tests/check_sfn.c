/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Step Functions state machines (issue 14): Map waves, retry schedules, Choice frequencies, a
 * Parallel's E[max], timeouts, throttled starts, billing.  Expected values are computed by hand
 * from the scenario's constants (in the comments) or are closed forms with tolerances that hold
 * for any seed; every run also checks conservation (executions included).
 */
#include "cost/cost.h"
#include "model/bus.h"
#include "model/sfn.h"
#include "testutil.h"

/* One execution every 10 s from 1 s: 20 that never overlap in 200 s.  No cold starts, constant
 * times: transition TAU = 10 ms, a task's call A = 5 ms. */
#define HEAD(type)                                                                                           \
  "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 7; duration_s = 200.0;\n"                        \
  "sources = ( { name = \"s\"; target = \"m\"; arrival = { kind = \"schedule\"; period_s = 10.0; count = "   \
  "1; "                                                                                                      \
  "at_s = 1.0; }; } );\n"                                                                                    \
  "state_machines = ( { name = \"m\"; type = \"" type "\"; "                                                 \
  "transition_latency = { dist = \"constant\"; value_ms = 10.0; };\n"
#define FN(name, ms, rest)                                                                                   \
  "{ name = \"" name "\"; memory_mb = 1024; " RT_ZERO " duration = { dist = \"constant\"; value_ms = " ms    \
  "; }; " rest " }"
#define CALL "api_latency = { dist = \"constant\"; value_ms = 5.0; };"

static const sls_machine *machine(const sls_world *w) { return &w->machines[0]; }

/* Every recorded execution latency is ms (to the ns), n of them. */
static void latencies_are(const sls_hist *h, uint64_t n, double ms) {
  ck_assert_msg(h->n == n, "%llu executions recorded, expected %llu", (unsigned long long)h->n,
                (unsigned long long)n);
  ck_assert_msg(fabs((double)h->min / 1e6 - ms) < 1e-6 && fabs((double)h->max / 1e6 - ms) < 1e-6,
                "latency %.6f..%.6f ms, expected %.6f", (double)h->min / 1e6, (double)h->max / 1e6, ms);
}

/* A Map of N = 10 items of d = 100 ms, MaxConcurrency M = 3: the items run in ceil(10/3) = 4
 * waves of TAU + A + d = 115 ms each, after the Map's own transition: 10 + 4 x 115 = 470 ms.
 * Transitions: the Map and its 10 items, 11 an execution; the worker never runs more than 3 at
 * once. */
START_TEST(a_map_runs_in_waves_of_its_max_concurrency) {
  const char *text =
      HEAD("standard") "  start_at = \"Each\";\n"
                       "  states = ( { name = \"Each\"; type = \"map\"; iterator = \"Work\"; items = 10; "
                       "max_concurrency = 3; end = "
                       "true; },\n"
                       "             { name = \"Work\"; type = \"task\"; resource = \"w\"; " CALL
                       " end = true; } ); } );\n"
                       "functions = ( " FN("w", "100.0", "") " );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_machine *m = machine(w);
  ck_assert_uint_eq(m->started, 20);
  ck_assert_uint_eq(m->succeeded, 20);
  latencies_are(&m->latency, 20, 470);
  ck_assert_uint_eq(m->transitions, 20 * 11);
  /* the first wave's items end 3 x 115 ms before the last wave's: the Map's spread */
  ck_assert_msg(m->st[0].spreads == 20 && fabs(m->st[0].spread_ns / 20 - 345e6) < 1,
                "spread %.0f ns over %llu", m->st[0].spread_ns, (unsigned long long)m->st[0].spreads);
  ck_assert_uint_eq(w->functions[0].st.invocations, 200);
  ck_assert_int_eq(w->functions[0].conc.peak_all, 3);
  /* the bill: 220 transitions at $0.025 per 1,000 (free tier off: none free) */
  ck_assert_msg(fabs(w->sources[0].use.sfn_transitions - 220) < 1e-9, "per root: %g",
                w->sources[0].use.sfn_transitions);
  sls_cost_line *l = NULL;
  int n = sls_cost_compute(w, &l), found = 0;
  for (int i = 0; i < n; i++)
    if (!strcmp(l[i].service, "stepfunctions") && !strcmp(l[i].entity, "m")) {
      found = 1;
      ck_assert_msg(l[i].sim_quantity == 220, "transitions line %g", l[i].sim_quantity);
      ck_assert_msg(fabs(l[i].unit_usd - 0.000025) < 1e-15, "unit %g", l[i].unit_usd);
    }
  free(l);
  ck_assert(found);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* Inline, a Map runs at most 40 items at once: 100 items with no MaxConcurrency take
 * ceil(100/40) = 3 waves, 10 + 3 x 115 = 355 ms; distributed, all 100 at once: 10 + 115 = 125 ms. */
START_TEST(an_inline_map_runs_40_items_at_once_a_distributed_one_more) {
  static const char *const mode[] = {"inline", "distributed"};
  static const double want[] = {355, 125};
  for (int v = 0; v < 2; v++) {
    char text[4096];
    snprintf(text, sizeof text,
             HEAD("standard") "  start_at = \"Each\";\n"
                              "  states = ( { name = \"Each\"; type = \"map\"; mode = \"%s\"; iterator = "
                              "\"Work\"; items "
                              "= 100; end = true; },\n"
                              "             { name = \"Work\"; type = \"task\"; resource = \"w\"; " CALL
                              " end = true; } ); } );\n"
                              "functions = ( " FN("w", "100.0", "") " );\n",
             mode[v]);
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    latencies_are(&machine(w)->latency, 20, want[v]);
    ck_assert_int_eq(w->functions[0].conc.peak_all, v ? 100 : 40);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* The same as Express: billed per execution and per 100 ms at 64 MB: 470 ms is 5 units, so 20
 * executions bill 20 requests and 20 x 5 x 0.1 s x 0.0625 GB = 0.625 GB-s; no transitions. */
START_TEST(an_express_workflow_bills_requests_and_100_ms_units) {
  const char *text =
      HEAD("express") "  start_at = \"Each\";\n"
                      "  states = ( { name = \"Each\"; type = \"map\"; iterator = \"Work\"; items = 10; "
                      "max_concurrency = 3; end = "
                      "true; },\n"
                      "             { name = \"Work\"; type = \"task\"; resource = \"w\"; " CALL
                      " end = true; } ); } );\n"
                      "functions = ( " FN("w", "100.0", "") " );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_machine *m = machine(w);
  latencies_are(&m->latency, 20, 470);
  ck_assert_uint_eq(m->express_100ms, 100);
  const sls_usage *u = &w->sources[0].use;
  ck_assert_msg(u->sfn_transitions == 0 && u->sfn_express_requests == 20 &&
                    fabs(u->sfn_express_gb_s - 0.625) < 1e-12,
                "per root: %g transitions, %g requests, %g GB-s", u->sfn_transitions, u->sfn_express_requests,
                u->sfn_express_gb_s);
  sls_cost_line *l = NULL;
  int n = sls_cost_compute(w, &l), seen = 0;
  for (int i = 0; i < n; i++) {
    if (strcmp(l[i].service, "stepfunctions")) continue;
    seen++;
    if (!strcmp(l[i].item, "express-requests")) ck_assert(l[i].sim_quantity == 20);
    if (!strcmp(l[i].item, "express-duration"))
      ck_assert_msg(fabs(l[i].sim_quantity - 0.625) < 1e-12, "GB-s %g", l[i].sim_quantity);
  }
  free(l);
  ck_assert_int_eq(seen, 2);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* A task whose function always fails, retried on "function" after 1, 2 and 4 s (interval 1 s,
 * backoff 2, 3 attempts), then caught to a Pass state: TAU + 4 x (A + 100) + 7 s + TAU = 7,440 ms;
 * with max_delay 3 s the waits are 1, 2, 3: 6,440 ms.  Transitions: Task, 3 retries, Pass = 5.
 * Every execution is compensated and succeeds. */
START_TEST(retries_wait_their_exact_schedule_then_a_catcher_takes_over) {
  static const char *const delay[] = {"", " max_delay_s = 3.0;"};
  static const double want[] = {7440, 6440};
  for (int v = 0; v < 2; v++) {
    char text[4096];
    snprintf(
        text, sizeof text,
        HEAD("standard") "  start_at = \"T\";\n"
                         "  states = ( { name = \"T\"; type = \"task\"; resource = \"bad\"; " CALL
                         " next = \"Done\";\n"
                         "      retry = ( { errors = [\"function\"]; interval_s = 1.0; backoff_rate = 2.0; "
                         "max_attempts = 3;%s } );\n"
                         "      catch = ( { errors = [\"all\"]; next = \"Comp\"; } ); },\n"
                         "    { name = \"Comp\"; type = \"pass\"; end = true; },\n"
                         "    { name = \"Done\"; type = \"succeed\"; } ); } );\n"
                         "functions = ( " FN("bad", "100.0", "error_rate = 1.0;") " );\n",
        delay[v]);
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    const sls_machine *m = machine(w);
    latencies_are(&m->latency, 20, want[v]);
    ck_assert_uint_eq(m->succeeded, 20);
    ck_assert_uint_eq(m->compensated, 20);
    ck_assert_uint_eq(m->transitions, 20 * 5);
    ck_assert_uint_eq(m->st[0].retries, 60);
    ck_assert_uint_eq(m->st[0].caught, 20);
    ck_assert_uint_eq(w->functions[0].st.errors, 80);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
  const sls_retrier_spec r = {.interval = SLS_NS_PER_S, .backoff = 2, .max_delay = SLS_TIME_MAX};
  for (int n = 1; n <= 10; n++)
    ck_assert(sls_sfn_retry_delay(&r, n) == (sls_time)SLS_NS_PER_S << (n - 1));
}
END_TEST

/* With full jitter each wait is uniform on [0, 1], [0, 2], [0, 4] s: the executions take 440 ms +
 * a sum of mean 3.5 s and variance (1 + 4 + 16) / 12 = 1.75 s^2; over 20 executions and 5 seeds
 * (100 in all) the mean is within 6 sd = 6 x sqrt(1.75 / 100) = 0.79 s of 3,940 ms, and no
 * execution takes longer than 7,440 ms or less than 440 ms. */
START_TEST(full_jitter_draws_each_wait_below_its_interval) {
  const char *text =
      HEAD("standard") "  start_at = \"T\";\n"
                       "  states = ( { name = \"T\"; type = \"task\"; resource = \"bad\"; " CALL
                       " end = true;\n"
                       "      retry = ( { errors = [\"all\"]; interval_s = 1.0; max_attempts = 3; jitter = "
                       "\"full\"; } );\n"
                       "      catch = ( { errors = [\"function\"]; next = \"Comp\"; } ); },\n"
                       "    { name = \"Comp\"; type = \"pass\"; end = true; } ); } );\n"
                       "functions = ( " FN("bad", "100.0", "error_rate = 1.0;") " );\n";
  double sum = 0;
  uint64_t n = 0;
  for (uint64_t seed = 1; seed <= 5; seed++) {
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, seed);
    const sls_hist *h = &machine(w)->latency;
    ck_assert_msg(h->min >= 440 * SLS_NS_PER_MS && h->max <= 7440 * SLS_NS_PER_MS, "%.3f..%.3f ms",
                  (double)h->min / 1e6, (double)h->max / 1e6);
    sum += h->sum;
    n += h->n;
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
  double mean_ms = sum / (double)n / 1e6;
  ck_assert_uint_eq(n, 100);
  ck_assert_msg(fabs(mean_ms - 3940) < 6 * sqrt(1.75 / 100) * 1e3, "mean %.1f ms", mean_ms);
}
END_TEST

/* A Choice sends 30 % of ~2,000 executions to A, the rest to B: A's visits are Binomial(n, 0.3),
 * within 6 sd for any seed; every execution reaches one of them. */
START_TEST(a_choice_takes_its_branches_with_their_probabilities) {
  const char *text = "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 7; duration_s = 100.0;\n"
                     "sources = ( { name = \"s\"; target = \"m\"; arrival = { kind = \"poisson\"; rate_per_s "
                     "= 20.0; }; } );\n"
                     "state_machines = ( { name = \"m\"; start_at = \"C\";\n"
                     "  states = ( { name = \"C\"; type = \"choice\"; choices = ( { probability = 0.3; next "
                     "= \"A\"; } ); default = "
                     "\"B\"; },\n"
                     "             { name = \"A\"; type = \"pass\"; end = true; }, { name = \"B\"; type = "
                     "\"succeed\"; } ); } );\n"
                     "functions = ( " FN("unused", "1.0", "") " );\n";
  for (uint64_t seed = 1; seed <= 3; seed++) {
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, seed);
    const sls_machine *m = machine(w);
    double n = (double)m->started, a = (double)m->st[1].entered;
    ck_assert_uint_eq(m->st[1].entered + m->st[2].entered, m->started);
    ck_assert_uint_eq(m->succeeded, m->started);
    ck_assert_msg(fabs(a - 0.3 * n) < 6 * sqrt(n * 0.3 * 0.7), "seed %llu: %g of %g to A",
                  (unsigned long long)seed, a, n);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* A Parallel of k = 3 branches, each one task of an exponential function (mean 100 ms), with no
 * transition or call time: the state takes the maximum, E = H_3 x 100 = 183.33 ms, variance
 * (1 + 1/4 + 1/9) x 100^2 ms^2; over ~3,000 executions the mean is within 6 sd for any seed.  Each
 * branch is the last to end a third of the time (Binomial, 6 sd). */
START_TEST(a_parallel_takes_the_longest_of_its_branches) {
  const char *text = "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 7; duration_s = 300.0;\n"
                     "sources = ( { name = \"s\"; target = \"m\"; arrival = { kind = \"poisson\"; rate_per_s "
                     "= 10.0; }; } );\n"
                     "state_machines = ( { name = \"m\"; start_at = \"P\"; transition_latency = { dist = "
                     "\"constant\"; value_ms = "
                     "0.0; };\n"
                     "  states = ( { name = \"P\"; type = \"parallel\"; branches = [\"T1\", \"T2\", \"T3\"]; "
                     "end = true; },\n"
                     "    { name = \"T1\"; type = \"task\"; resource = \"f\"; api_latency = { dist = "
                     "\"constant\"; value_ms = 0.0; }; "
                     "end = true; },\n"
                     "    { name = \"T2\"; type = \"task\"; resource = \"f\"; api_latency = { dist = "
                     "\"constant\"; value_ms = 0.0; }; "
                     "end = true; },\n"
                     "    { name = \"T3\"; type = \"task\"; resource = \"f\"; api_latency = { dist = "
                     "\"constant\"; value_ms = 0.0; }; "
                     "end = true; } ); } );\n"
                     "functions = ( { name = \"f\"; " RT_ZERO
                     " duration = { dist = \"exponential\"; mean_ms = 100.0; }; } );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 2);
  const sls_machine *m = machine(w);
  double n = (double)m->latency.n, mean = m->latency.sum / n / 1e6;
  double sd = sqrt((1 + 0.25 + 1.0 / 9) * 1e4 / n);
  ck_assert_msg(n > 2500, "%g executions", n);
  ck_assert_msg(fabs(mean - 1000.0 * (1 + 0.5 + 1.0 / 3) / 10) < 6 * sd, "mean %.2f ms, sd %.2f", mean, sd);
  uint64_t total = 0;
  for (int b = 0; b < 3; b++) {
    double k = (double)m->st[0].last_branch[b];
    total += m->st[0].last_branch[b];
    ck_assert_msg(fabs(k - n / 3) < 6 * sqrt(n * 2 / 9), "branch %d last %g of %g", b, k, n);
  }
  ck_assert_uint_eq(total, m->latency.n);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* A task with TimeoutSeconds 50 ms over a 100 ms function: States.Timeout at TAU + 50 ms, caught
 * to a Pass (TAU): the execution takes 70 ms; the function runs on and ends ok at TAU + A + 100 =
 * 115 ms, where the root request completes. */
START_TEST(a_task_timeout_leaves_its_function_running) {
  const char *text =
      HEAD("standard") "  start_at = \"T\";\n"
                       "  states = ( { name = \"T\"; type = \"task\"; resource = \"slow\"; " CALL
                       " timeout_s = 0.05; end = true;\n"
                       "      catch = ( { errors = [\"timeout\"]; next = \"Comp\"; } ); },\n"
                       "    { name = \"Comp\"; type = \"pass\"; end = true; } ); } );\n"
                       "functions = ( " FN("slow", "100.0", "") " );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_machine *m = machine(w);
  latencies_are(&m->latency, 20, 70);
  ck_assert_uint_eq(m->task_timeouts, 20);
  ck_assert_uint_eq(m->compensated, 20);
  ck_assert_uint_eq(w->functions[0].st.ok, 20);
  sls_hist r, c;
  sls_source_latencies(&w->sources[0], &r, &c);
  ck_assert_msg(fabs((double)c.min / 1e6 - 115) < 1e-6 && fabs((double)c.max / 1e6 - 115) < 1e-6,
                "completion %.6f..%.6f ms", (double)c.min / 1e6, (double)c.max / 1e6);
  sls_hist_destroy(&r);
  sls_hist_destroy(&c);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* An execution's TimeoutSeconds (300 ms) over a 1 s Wait: every execution times out at 300 ms and
 * its root request fails. */
START_TEST(an_execution_times_out) {
  const char *text =
      HEAD("standard") "  start_at = \"W\"; timeout_s = 0.3;\n"
                       "  states = ( { name = \"W\"; type = \"wait\"; wait_s = 1.0; end = true; } ); } );\n"
                       "functions = ( " FN("unused", "1.0", "") " );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_machine *m = machine(w);
  latencies_are(&m->latency, 20, 300);
  ck_assert_uint_eq(m->timed_out, 20);
  ck_assert_uint_eq(w->sources[0].roots_failed, 20);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* A branch that reaches a Fail state fails its Parallel (the other branch, a 5 s Wait, is stopped),
 * whose catcher goes on to a Map of 5 items that each fail: P's TAU, Bad's TAU (20 ms), M's TAU,
 * the items' TAU: 40 ms.  Tolerating 50 %, the Map fails at its third failure (3 > 2.5) and so
 * does the execution; tolerating 100 %, it succeeds. */
START_TEST(a_failed_branch_fails_its_parallel_a_map_tolerates_its_share) {
  for (int v = 0; v < 2; v++) {
    char text[4096];
    snprintf(
        text, sizeof text,
        HEAD("standard") "  start_at = \"P\";\n"
                         "  states = ( { name = \"P\"; type = \"parallel\"; branches = [\"Slow\", \"Bad\"]; "
                         "next = \"M\";\n"
                         "      catch = ( { errors = [\"failed\"]; next = \"M\"; } ); },\n"
                         "    { name = \"Slow\"; type = \"wait\"; wait_s = 5.0; end = true; },\n"
                         "    { name = \"Bad\"; type = \"fail\"; },\n"
                         "    { name = \"M\"; type = \"map\"; iterator = \"I\"; items = 5; "
                         "tolerated_failure_percentage = %s; end = true; },\n"
                         "    { name = \"I\"; type = \"fail\"; } ); } );\n"
                         "functions = ( " FN("unused", "1.0", "") " );\n",
        v ? "100.0" : "50.0");
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    const sls_machine *m = machine(w);
    latencies_are(&m->latency, 20, 40);
    ck_assert_uint_eq(v ? m->succeeded : m->failed, 20);
    ck_assert_uint_eq(m->compensated, 20);
    ck_assert_uint_eq(m->st[0].caught, 20);
    ck_assert_uint_eq(m->st[1].entered, 20);  /* Slow began, and was stopped */
    ck_assert_uint_eq(m->st[4].entered, 100); /* all five items began at once */
    ck_assert_uint_eq(w->sources[0].roots_failed, v ? 0 : 20);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* A Standard execution fails when its history reaches 25,000 events: a Map of N one-task items
 * writes 2 (the execution) + 4 (the Map) + N x (2 + 2 + 3) events, so 3,570 items fit (24,996)
 * and 3,571 (25,003) fail the execution; as Express (no history), or as a Distributed Map (each
 * item a child execution with its own history), 3,571 succeed. */
START_TEST(a_standard_history_holds_25000_events) {
  static const struct {
    const char *type, *mode;
    int items, fails;
  } v[] = {{"standard", "inline", 3570, 0},
           {"standard", "inline", 3571, 1},
           {"express", "inline", 3571, 0},
           {"standard", "distributed", 3571, 0}};
  for (int i = 0; i < 4; i++) {
    char text[4096];
    snprintf(
        text, sizeof text,
        "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 7; duration_s = 10.0;\n"
        "sources = ( { name = \"s\"; target = \"m\"; arrival = { kind = \"batch\"; count = 1; at_s = "
        "1.0; }; } );\n"
        "state_machines = ( { name = \"m\"; type = \"%s\"; start_at = \"Each\";\n"
        "  states = ( { name = \"Each\"; type = \"map\"; mode = \"%s\"; iterator = \"Work\"; items = %d; "
        "max_concurrency = 100; "
        "end = true; },\n"
        "             { name = \"Work\"; type = \"task\"; resource = \"w\"; end = true; } ); } );\n"
        "functions = ( " FN("w", "1.0", "") " );\n",
        v[i].type, v[i].mode, v[i].items);
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    const sls_machine *m = machine(w);
    ck_assert_msg(m->failed == (uint64_t)v[i].fails && m->history_failed == (uint64_t)v[i].fails &&
                      m->succeeded == (uint64_t)!v[i].fails,
                  "%s, %d items: failed %llu (history %llu), succeeded %llu", v[i].type, v[i].items,
                  (unsigned long long)m->failed, (unsigned long long)m->history_failed,
                  (unsigned long long)m->succeeded);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* Through API Gateway (7 ms): StartExecution answers after the gateway, a synchronous Express
 * execution when it ends; a Wait of 1 s after a 10 ms transition: completion 1,017 ms, response
 * 7 ms (Standard) or 1,017 ms (Express, sync); 20 gateway requests billed. */
START_TEST(api_gateway_starts_executions) {
  static const char *const kind[] = {"type = \"standard\";", "type = \"express\"; invocation = \"sync\";"};
  static const double response[] = {7, 1017};
  for (int v = 0; v < 2; v++) {
    char text[4096];
    snprintf(text, sizeof text,
             "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 7; duration_s = 200.0;\n"
             "sources = ( { name = \"s\"; target = \"m\"; api_gateway = \"http\";\n"
             "  gateway_latency = { dist = \"constant\"; value_ms = 7.0; };\n"
             "  arrival = { kind = \"schedule\"; period_s = 10.0; count = 1; at_s = 1.0; }; } );\n"
             "state_machines = ( { name = \"m\"; %s start_at = \"W\";\n"
             "  transition_latency = { dist = \"constant\"; value_ms = 10.0; };\n"
             "  states = ( { name = \"W\"; type = \"wait\"; wait_s = 1.0; end = true; } ); } );\n"
             "functions = ( " FN("unused", "1.0", "") " );\n",
             kind[v]);
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    sls_hist r, c;
    sls_source_latencies(&w->sources[0], &r, &c);
    ck_assert_msg(r.n == 20 && fabs((double)r.min / 1e6 - response[v]) < 1e-6 &&
                      fabs((double)r.max / 1e6 - response[v]) < 1e-6,
                  "%d: response %.6f..%.6f ms", v, (double)r.min / 1e6, (double)r.max / 1e6);
    ck_assert_msg(fabs((double)c.min / 1e6 - 1017) < 1e-6 && fabs((double)c.max / 1e6 - 1017) < 1e-6,
                  "%d: completion %.6f..%.6f ms", v, (double)c.min / 1e6, (double)c.max / 1e6);
    ck_assert_uint_eq(w->sources[0].gw_requests, 20);
    sls_hist_destroy(&r);
    sls_hist_destroy(&c);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* An EventBridge rule starts executions: 20 events put on a bus whose rule targets the machine
 * (delivery 100 ms) start 20 executions; each root completes at 100 + TAU = 110 ms (a Succeed). */
START_TEST(an_eventbridge_rule_starts_executions) {
  const char *text =
      "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 7; duration_s = 200.0;\n"
      "sources = ( { name = \"s\"; target = \"b\"; arrival = { kind = \"schedule\"; period_s = 10.0; count = "
      "1; "
      "at_s = 1.0; }; } );\n"
      "buses = ( { name = \"b\"; delivery_latency = { dist = \"constant\"; value_ms = 100.0; };\n"
      "  rules = ( { name = \"r\"; targets = [\"m\"]; } ); } );\n"
      "state_machines = ( { name = \"m\"; start_at = \"D\"; transition_latency = { dist = \"constant\"; "
      "value_ms = "
      "10.0; };\n"
      "  states = ( { name = \"D\"; type = \"succeed\"; } ); } );\n"
      "functions = ( " FN("unused", "1.0", "") " );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_machine *m = machine(w);
  ck_assert_uint_eq(m->started, 20);
  ck_assert_uint_eq(m->succeeded, 20);
  ck_assert_uint_eq(w->buses[0].delivered, 20);
  sls_hist r, c;
  sls_source_latencies(&w->sources[0], &r, &c);
  ck_assert_msg(c.n == 20 && fabs((double)c.min / 1e6 - 110) < 1e-6 && fabs((double)c.max / 1e6 - 110) < 1e-6,
                "completion %.6f..%.6f ms", (double)c.min / 1e6, (double)c.max / 1e6);
  sls_hist_destroy(&r);
  sls_hist_destroy(&c);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* A loop of states that take no time (an Express machine, zero transition latency, a Pass that
 * is its own next) would hold the run at one instant for ever: the execution fails after 10^7
 * transitions at that instant, and the run ends. */
START_TEST(a_loop_that_takes_no_time_fails_its_execution) {
  const char *text = "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 7; duration_s = 10.0;\n"
                     "sources = ( { name = \"s\"; target = \"m\"; arrival = { kind = \"batch\"; count = 1; "
                     "at_s = 1.0; }; } );\n"
                     "state_machines = ( { name = \"m\"; type = \"express\"; start_at = \"Spin\";\n"
                     "  transition_latency = { dist = \"constant\"; value_ms = 0.0; };\n"
                     "  states = ( { name = \"Spin\"; type = \"pass\"; next = \"Spin\"; } ); } );\n"
                     "functions = ( " FN("unused", "1.0", "") " );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_machine *m = machine(w);
  ck_assert_uint_eq(m->failed, 1);
  ck_assert_uint_eq(m->transitions, 10000000);
  ck_assert_uint_eq(w->sources[0].roots_failed, 1);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* StartExecution beyond the account's bucket is throttled: 20 starts at once against a bucket of
 * 5 refilled at 1 a second start 5; the other 15 roots fail. */
START_TEST(starts_beyond_the_bucket_are_throttled) {
  const char *text = "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 7; duration_s = 10.0;\n"
                     "step_functions = { start_bucket = 5.0; start_refill_per_s = 1.0; };\n"
                     "sources = ( { name = \"s\"; target = \"m\"; arrival = { kind = \"batch\"; count = 20; "
                     "at_s = 1.0; }; } );\n"
                     "state_machines = ( { name = \"m\"; start_at = \"D\"; states = ( { name = \"D\"; type = "
                     "\"succeed\"; } ); } );\n"
                     "functions = ( " FN("unused", "1.0", "") " );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_machine *m = machine(w);
  ck_assert_uint_eq(m->started, 5);
  ck_assert_uint_eq(m->start_throttled, 15);
  ck_assert_uint_eq(w->sources[0].roots_failed, 15);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* What the loader refuses, each at its key. */
START_TEST(bad_machines_are_refused_at_their_key) {
  static const struct {
    const char *states, *extra, *want;
  } bad[] = {
      {"{ name = \"A\"; type = \"pass\"; next = \"B\"; end = true; }, { name = \"B\"; type = \"succeed\"; }",
       "", "state_machines.m.states.A.end: expected next or end = true, not both"},
      {"{ name = \"A\"; type = \"pass\"; }", "", "state_machines.m.states.A.next: missing"},
      {"{ name = \"A\"; type = \"pass\"; next = \"Bee\"; }, { name = \"B\"; type = \"succeed\"; }", "",
       "no state named \"Bee\" in m"},
      {"{ name = \"A\"; type = \"succeed\"; }, { name = \"B\"; type = \"succeed\"; }", "",
       "state_machines.m.states.B: not reachable"},
      {"{ name = \"A\"; type = \"parallel\"; branches = [\"X\"]; end = true; }, { name = \"X\"; type = "
       "\"pass\"; "
       "next = \"A\"; }",
       "", "reached from two places"},
      {"{ name = \"A\"; type = \"succeed\"; }", "invocation = \"sync\";",
       "StartSyncExecution is Express only"},
      {"{ name = \"A\"; type = \"succeed\"; }", "type = \"express\"; timeout_s = 301.0;", "at most 300 s"},
      {"{ name = \"A\"; type = \"task\"; resource = \"f\"; end = true; retry = ( { errors = [\"oops\"]; } ); "
       "}",
       "", "expected \"function\", \"timeout\", \"throttle\", \"failed\" or \"all\", got \"oops\""},
      {"{ name = \"A\"; type = \"succeed\"; }, { name = \"A\"; type = \"succeed\"; }", "",
       "a second state of that name"},
      {"{ name = \"A\"; type = \"wait\"; end = true; }", "", "state_machines.m.states.A.wait: missing"},
      {"{ name = \"A\"; type = \"choice\"; choices = ( { probability = 0.5; next = \"A\"; } ); }", "",
       "state_machines.m.states.A.default: missing"},
      {"{ name = \"A\"; type = \"pass\"; resource = \"f\"; end = true; }", "", "applies to kind \"task\""},
  };
  /* more retriers than a state keeps counts for */
  char many[2048] = "{ name = \"A\"; type = \"task\"; resource = \"f\"; end = true; retry = ( ";
  for (int i = 0; i <= SLS_SFN_MAX_RETRIERS; i++)
    strcat(many, i ? ", { errors = [\"all\"]; }" : "{ errors = [\"all\"]; }");
  strcat(many, " ); }");
  const size_t nb = sizeof bad / sizeof *bad;
  for (size_t i = 0; i <= nb; i++) {
    const char *states = i < nb ? bad[i].states : many, *extra = i < nb ? bad[i].extra : "";
    const char *want = i < nb ? bad[i].want : "expected at most 16 retriers, got 17";
    char text[4096], err[SLS_ERRLEN] = "";
    snprintf(
        text, sizeof text,
        "platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 10.0;\n"
        "sources = ( { name = \"s\"; target = \"m\"; arrival = { kind = \"poisson\"; rate_per_s = 1.0; }; } "
        ");\n"
        "functions = ( " FN(
            "f", "1.0", "") " );\n"
                            "state_machines = ( { name = \"m\"; start_at = \"A\"; %s states = ( %s ); } );\n",
        extra, states);
    sls_scenario sc;
    ck_assert_int_eq(load_text(text, &sc, err), SLS_EINPUT);
    ck_assert_msg(strstr(err, want), "case %zu: %s (expected %s)", i, err, want);
  }
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("sfn");
  TCase *tc = sls_tcase("timing and billing");
  tcase_add_test(tc, a_map_runs_in_waves_of_its_max_concurrency);
  tcase_add_test(tc, an_inline_map_runs_40_items_at_once_a_distributed_one_more);
  tcase_add_test(tc, an_express_workflow_bills_requests_and_100_ms_units);
  tcase_add_test(tc, retries_wait_their_exact_schedule_then_a_catcher_takes_over);
  tcase_add_test(tc, full_jitter_draws_each_wait_below_its_interval);
  tcase_add_test(tc, a_task_timeout_leaves_its_function_running);
  tcase_add_test(tc, an_execution_times_out);
  suite_add_tcase(s, tc);
  tc = sls_tcase("branches");
  tcase_add_test(tc, a_choice_takes_its_branches_with_their_probabilities);
  tcase_add_test(tc, a_parallel_takes_the_longest_of_its_branches);
  tcase_add_test(tc, a_failed_branch_fails_its_parallel_a_map_tolerates_its_share);
  suite_add_tcase(s, tc);
  tc = sls_tcase("limits and input");
  tcase_add_test(tc, starts_beyond_the_bucket_are_throttled);
  tcase_add_test(tc, api_gateway_starts_executions);
  tcase_add_test(tc, an_eventbridge_rule_starts_executions);
  tcase_add_test(tc, a_loop_that_takes_no_time_fails_its_execution);
  tcase_add_test(tc, a_standard_history_holds_25000_events);
  tcase_add_test(tc, bad_machines_are_refused_at_their_key);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
