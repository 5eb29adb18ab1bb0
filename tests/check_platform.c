/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The platform presets (models/platforms/) and their billing (models/pricing/): each preset loads
 * and enforces its limits; each way of billing compute is stepped by hand on a few requests.
 */
#include "cost/cost.h"
#include "testutil.h"

/* Loads a one-function scenario on platform with the function's extra keys and sources. */
static sls_world *run_on(const char *platform, const char *fn, const char *sources, sls_scenario *sc) {
  char text[4096];
  snprintf(text, sizeof text,
           "platform = \"%s\"; duration_s = 100.0; sample_interval_s = 0.0;\n"
           "functions = ( { name = \"f\"; max_lifetime_s = 0.0;\n"
           "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = false; };\n"
           "  %s } );\n"
           "sources = ( %s );\n",
           platform, fn, sources);
  return run_text(text, sc, 1);
}

#define ONE(name, at)                                                                                        \
  "{ name = \"" name "\"; target = \"f\"; arrival = { kind = \"batch\"; count = 1; at_s = " at "; };\n"      \
  "  client = { max_retries = 0; }; }"

/* The bill's line service/item: its simulated quantity, or its USD (-1 when there is none). */
static double bill_line(const sls_world *w, const char *service, const char *item, int want_usd) {
  sls_cost_line *v;
  int n = sls_cost_compute(w, &v);
  double q = -1;
  for (int i = 0; i < n; i++)
    if (!strcmp(v[i].service, service) && !strcmp(v[i].item, item))
      q = want_usd ? v[i].usd : v[i].sim_quantity;
  free(v);
  return q;
}
static double line(const sls_world *w, const char *service, const char *item) {
  return bill_line(w, service, item, 0);
}
static double usd(const sls_world *w, const char *service, const char *item) {
  return bill_line(w, service, item, 1);
}

START_TEST(every_preset_loads_and_keeps_its_limits) {
  static const struct {
    const char *platform, *fn, *expect;
  } cases[] = {
      {"aws-lambda", "instance_concurrency = 2;", "expected at most 1 (aws-lambda's limit), got 2"},
      {"aws-lambda", "memory_mb = 16384;", "expected a value in 128..10240 (aws-lambda's limits), got 16384"},
      {"gcp-cloud-run", "timeout_min = 61.0;",
       "timeout_min: expected 0.001..3600 s (gcp-cloud-run's limits)"},
      {"gcp-cloud-run", "vcpus = 9.0;", "expected at most 8 (gcp-cloud-run's limit), got 9"},
      {"gcp-functions-gen2", "instance_concurrency = 1001;",
       "expected at most 1000 (gcp-functions-gen2's limit), got 1001"},
      {"azure-functions-consumption", "memory_mb = 2048;",
       "expected a value in 128..1536 (azure-functions-consumption's limits), got 2048"},
      {"azure-functions-consumption", "timeout_s = 601.0;", "expected 0.001..600 s"},
      {"azure-functions-flex", "memory_mb = 256;",
       "expected a value in 512..4096 (azure-functions-flex's limits)"},
      {"aws-lambda-managed-instances", "memory_mb = 1024;", "expected a value in 2048..32768"},
  };
  static const char *const presets[] = {"aws-lambda",           "gcp-cloud-run",
                                        "gcp-functions-gen2",   "azure-functions-consumption",
                                        "azure-functions-flex", "aws-lambda-managed-instances"};
  char text[2048], err[SLS_ERRLEN];
  sls_scenario sc;
  for (size_t i = 0; i < sizeof presets / sizeof *presets; i++) { /* the defaults are within the limits */
    snprintf(text, sizeof text,
             "platform = \"%s\"; duration_s = 10.0;\n"
             "functions = ( { name = \"f\"; duration = { dist = \"constant\"; value_ms = 10.0; }; } );\n"
             "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 1.0; "
             "}; } );\n",
             presets[i]);
    ck_assert_msg(load_text(text, &sc, err) == 0, "%s: %s", presets[i], err);
    sls_scenario_free(&sc);
  }
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    snprintf(text, sizeof text,
             "platform = \"%s\"; duration_s = 10.0;\n"
             "functions = ( { name = \"f\"; duration = { dist = \"constant\"; value_ms = 10.0; };\n"
             "  %s } );\n"
             "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 1.0; "
             "}; } );\n",
             cases[i].platform, cases[i].fn);
    ck_assert_int_eq(load_text(text, &sc, err), SLS_EINPUT);
    ck_assert_msg(strstr(err, cases[i].expect) && strstr(err, ":3: functions.f."), "%s %s: %s (expected %s)",
                  cases[i].platform, cases[i].fn, err, cases[i].expect);
  }
}
END_TEST

START_TEST(cloud_run_bills_an_instance_while_it_has_a_request) {
  /* 1 vCPU, 512 MiB, 80 per instance.  r1 at 0 starts the instance (INIT 0.1 s) and ends at 1.15;
   * r2 at 0.5 joins it and ends at 1.55: one period 0..1.55 (start-up billed), rounded up to 100
   * ms: 1.6 s.  r3 at 10 finds it idle (15 min keep-alive): 10..11.05, 1.1 s.  So 2.7 vCPU-s,
   * 2.7 x 0.5 = 1.35 GiB-s, 3 requests — where Lambda-style billing would charge 3.15 s. */
  sls_scenario sc;
  sls_world *w = run_on("gcp-cloud-run", "duration = { dist = \"constant\"; value_ms = 1050.0; };",
                        ONE("r1", "0.0") "," ONE("r2", "0.5") "," ONE("r3", "10.0"), &sc);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 1);
  ck_assert_double_eq_tol(line(w, "cloudrun", "cpu"), 2.7, 1e-9);
  ck_assert_double_eq_tol(line(w, "cloudrun", "memory"), 1.35, 1e-9);
  ck_assert_double_eq(line(w, "cloudrun", "requests"), 3);
  ck_assert_double_eq(line(w, "lambda", "requests"), -1);
  /* What each source's requests used, at the platform's rates: 3 x $0.40 per million, and their own
   * 3.15 s x (1 vCPU x $0.000024 + 0.5 GiB x $0.0000025) — no Lambda price. */
  double usd = 0;
  for (int i = 0; i < w->n_sources; i++)
    usd += sls_cost_usage(w, &w->sources[i]);
  ck_assert_double_eq_tol(usd, 3 * 0.4e-6 + 3.15 * (0.000024 + 0.5 * 0.0000025), 1e-12);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(azure_consumption_bills_each_execution_with_a_minimum) {
  /* Three 50 ms executions of a function using 200 MB: each billed 100 ms (the minimum) at 256 MB
   * (128 MB steps): 3 x 0.1 x 0.25 = 0.075 GB-s. */
  sls_scenario sc;
  sls_world *w = run_on("azure-functions-consumption",
                        "memory_mb = 200; duration = { dist = \"constant\"; value_ms = 50.0; };",
                        ONE("r1", "0.0") "," ONE("r2", "5.0") "," ONE("r3", "10.0"), &sc);
  ck_assert_double_eq_tol(line(w, "functions", "memory"), 0.075, 1e-12);
  ck_assert_double_eq(line(w, "functions", "requests"), 3);
  ck_assert_double_eq(line(w, "functions", "cpu"), -1); /* no vCPU price */
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(flex_bills_always_ready_instances_all_the_time) {
  /* One always-ready instance (2,048 MB) for the 100 s: a baseline of 200 GB-s.  One 0.2 s request
   * runs on it: its active period is billed at least 1 s, 2 GB-s at the always-ready execution
   * rate; nothing on demand. */
  sls_scenario sc;
  sls_world *w = run_on("azure-functions-flex",
                        "provisioned_concurrency = 1; duration = { dist = \"constant\"; value_ms = 200.0; };",
                        ONE("r1", "3.0"), &sc);
  ck_assert_uint_eq(w->functions[0].st.pc_invocations, 1);
  ck_assert_double_eq_tol(line(w, "functions", "provisioned-memory"), 200.0, 1e-9);
  ck_assert_double_eq_tol(line(w, "functions", "provisioned-active-memory"), 2.0, 1e-9);
  ck_assert_double_eq_tol(line(w, "functions", "memory"), 0.0, 1e-12);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(managed_instances_bill_an_environment_for_its_whole_life) {
  /* 1 vCPU environments of one request each; two provisioned ones live the whole 100 s.  r1, r2 at 0
   * take them; r3 at 0 finds no room and, with no cold start on a request's path, is throttled
   * while a third environment starts in the background (INIT 0.1 s) and idles its 5 s keep-alive:
   * it lives 0..5.1.  200 + 5.1 = 205.1 vCPU-s; two requests billed. */
  sls_scenario sc;
  sls_world *w =
      run_on("aws-lambda-managed-instances",
             "keep_alive_s = 5.0; provisioned_concurrency = 2; instance_concurrency = 1;"
             " request_queue_timeout_s = 0.0; duration = { dist = \"constant\"; value_ms = 1000.0; };",
             ONE("r1", "0.0") "," ONE("r2", "0.0") "," ONE("r3", "0.0"), &sc);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 1);
  ck_assert_uint_eq(w->functions[0].st.throttled, 1);
  ck_assert_double_eq_tol(line(w, "lambda-mi", "cpu"), 205.1, 1e-9);
  ck_assert_double_eq(line(w, "lambda-mi", "requests"), 2);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(cloud_run_keeps_instances_at_its_target) {
  /* Deciding at once (scale_window 0).  10 per instance, target 60 %: 6.  10 s handlers, no CPU
   * sharing, INIT 0.1 s.  r1 at 0 starts A;
   * r2..r6 (0.2..0.6) join it; r7 at 0.7 finds A at its target: it still joins A (room up to 10)
   * and the autoscaler starts B in the background (ready 0.8); r8 at 0.85 goes to idle B.  Two
   * instance starts, one request that waited for one (r1).  Without a target r7 and r8 join A: one
   * start. */
  const char *src = ONE("r1", "0.0") "," ONE("r2", "0.2") "," ONE("r3", "0.3") "," ONE("r4", "0.4") "," ONE(
      "r5", "0.5") "," ONE("r6", "0.6") "," ONE("r7", "0.7") "," ONE("r8", "0.85");
  sls_scenario sc;
  sls_world *w = run_on("gcp-cloud-run",
                        "instance_concurrency = 10; scale_target = 0.6; scale_window_s = 0.0;"
                        " duration = { dist = \"constant\"; value_s = "
                        "10.0; };",
                        src, &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 8);
  ck_assert_uint_eq(st->cold_starts, 2);
  ck_assert_uint_eq(st->cold_waits, 1);
  ck_assert_int_eq(st->latency.max, (sls_time)10.1e9);
  sls_world_free(w);
  sls_scenario_free(&sc);
  w = run_on(
      "gcp-cloud-run",
      "instance_concurrency = 10; scale_target = 1.0; duration = { dist = \"constant\"; value_s = 10.0; };",
      src, &sc);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 1);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* The target in requests: 60 % of 80 = 48 for I/O-bound handlers; half CPU on 1 vCPU, a request
   * keeps it 50 % busy alone, so 60 % is reached at 1.2 requests: the target is 2; 20 % CPU: 3. */
  static const struct {
    const char *cpu;
    int target;
  } t[] = {{"0.0", 48}, {"0.5", 2}, {"0.2", 3}};
  for (int i = 0; i < 3; i++) {
    char fn[256];
    snprintf(fn, sizeof fn, "cpu_fraction = %s; duration = { dist = \"constant\"; value_s = 1.0; };",
             t[i].cpu);
    w = run_on("gcp-cloud-run", fn, ONE("r1", "0.0"), &sc);
    ck_assert_int_eq(w->functions[0].target_n, t[i].target);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

START_TEST(cloud_run_decides_on_a_window) {
  /* 10 per instance, target 6, I/O-bound; 8 requests of 100 s at 0 all join A while it starts.  A
   * one-minute window decided every 5 s: at 5 s the mean in service since the start is 8, which
   * needs ceil(8 / 6) = 2 instances: B starts at 5 s and idles (15 min keep-alive) to the end.
   * Instance-seconds alive over the 100 s: 100 + 95.  Deciding at once, nobody goes above the
   * target on a ready instance: one instance, 100. */
  const char *fn =
      "instance_concurrency = 10; scale_target = 0.6; scale_window_s = %s; scale_interval_s = 5.0;"
      " duration = { dist = \"constant\"; value_s = 100.0; };";
  const char *src = "{ name = \"r\"; target = \"f\"; arrival = { kind = \"batch\"; count = 8; };\n"
                    "  client = { max_retries = 0; }; }";
  char text[512];
  sls_scenario sc;
  snprintf(text, sizeof text, fn, "60.0");
  sls_world *w = run_on("gcp-cloud-run", text, src, &sc);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 2);
  ck_assert_uint_eq(w->functions[0].st.ok, 8);
  ck_assert_double_eq_tol(w->functions[0].alive_area_run / 1e9, 195.0, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
  snprintf(text, sizeof text, fn, "0.0");
  w = run_on("gcp-cloud-run", text, src, &sc);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 1);
  ck_assert_double_eq_tol(w->functions[0].alive_area_run / 1e9, 100.0, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* The window slides: 10 s decided every 5 s, a 1 s keep-alive; 8 requests of 12 s at 0 on A (done
   * at 12.1; A gone at 13.1).  At 5 and 10 the mean since the start is 8: 2 wanted, 1 alive: B at 5
   * and B2 at 10 start and idle out 1.1 s later.  At 15 the mean over [5, 15] is 5.68: 1 wanted,
   * none alive: B3.  At 20 over [10, 20] 1.68: B4.  At 25 over [15, 25] 0.  Five starts; alive
   * 13.1 + 4 x 1.1 = 17.5 s.  (A mean since the start would want 2 at 15 and 1 at every decision
   * after it.) */
  w = run_on("gcp-cloud-run",
             "instance_concurrency = 10; scale_target = 0.6; scale_window_s = 10.0; scale_interval_s = 5.0;"
             " keep_alive_s = 1.0; duration = { dist = \"constant\"; value_s = 12.0; };",
             src, &sc);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 5);
  ck_assert_double_eq_tol(w->functions[0].alive_area_run / 1e9, 17.5, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(azure_adds_one_instance_a_second) {
  /* One request per instance here, 10 s handlers, INIT 0.1 s; five requests at 0.  The scale
   * controller adds 1 instance a second (a bucket of 1, refilled at 1/s): r1 starts one at 0; r2..r5
   * wait in the queue and each gets a new instance as a token comes, at 1, 2, 3, 4 s.  Latencies
   * 10.1, 11.1, 12.1, 13.1, 14.1 s. */
  sls_scenario sc;
  sls_world *w = run_on("azure-functions-consumption",
                        "instance_concurrency = 1; duration = { dist = \"constant\"; value_s = 10.0; };",
                        "{ name = \"r\"; target = \"f\"; arrival = { kind = \"batch\"; count = 5; };\n"
                        "  client = { max_retries = 0; }; }",
                        &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 5);
  ck_assert_uint_eq(st->cold_starts, 5);
  ck_assert_uint_eq(st->queued, 4);
  ck_assert_int_eq(st->latency.min, (sls_time)10.1e9);
  ck_assert_int_eq(st->latency.max, (sls_time)14.1e9);
  ck_assert_double_eq_tol(st->latency.sum / 1e9, 10.1 + 11.1 + 12.1 + 13.1 + 14.1, 1e-6);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(azure_adds_an_instance_every_30_s_without_http) {
  /* As above, but a timer fires the five (a schedule: no HTTP request reaches the function), so
   * the scale controller adds an instance every 30 s, not every second.  r1 starts A at 0 (ends
   * 10.1); r2..r5 queue; A takes r2 at 10.1 and r3 at 20.1; the next token, at 30 s, starts B for
   * r4 (ends 40.1); A takes r5 at 30.1.  Two cold starts; latencies 10.1, 20.1, 30.1, 40.1, 40.1 s
   * (with a token a second, five instances and 10.1 .. 14.1 s). */
  sls_scenario sc;
  sls_world *w = run_on(
      "azure-functions-consumption",
      "instance_concurrency = 1; duration = { dist = \"constant\"; value_s = 10.0; };",
      "{ name = \"r\"; target = \"f\"; arrival = { kind = \"schedule\"; count = 5; period_h = 1.0; };\n"
      "  client = { max_retries = 0; }; }",
      &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_double_eq_tol(w->functions[0].refill, 1.0 / 30, 1e-12);
  ck_assert_uint_eq(st->ok, 5);
  ck_assert_uint_eq(st->cold_starts, 2);
  ck_assert_uint_eq(st->queued, 4);
  ck_assert_int_eq(st->latency.min, (sls_time)10.1e9);
  ck_assert_double_eq_tol(st->latency.max / 1e9, 40.1, 1e-6); /* the token's time rounds up to the ns */
  ck_assert_double_eq_tol(st->latency.sum / 1e9, 10.1 + 20.1 + 30.1 + 40.1 + 40.1, 1e-6);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(managed_instances_never_cold_start_a_request) {
  /* One provisioned environment of 2, 10 s handlers, INIT 0.1 s.  r1, r2 at 0 run on it; r3 at 0 finds
   * no room: no cold start on its path, so it is throttled (no queue) while an environment starts
   * in the background (ready 0.1); r4 at 1.0 runs there warm.  Three invocations, one throttle,
   * one start, no request waited for one. */
  sls_scenario sc;
  sls_world *w = run_on(
      "aws-lambda-managed-instances",
      "provisioned_concurrency = 1; instance_concurrency = 2; start_on_request = false; timeout_s = 60.0;"
      " duration = { dist = \"constant\"; value_s = 10.0; };",
      ONE("r1", "0.0") "," ONE("r2", "0.0") "," ONE("r3", "0.0") "," ONE("r4", "1.0"), &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->ok, 3);
  ck_assert_uint_eq(st->throttled, 1);
  ck_assert_uint_eq(st->cold_starts, 1);
  ck_assert_uint_eq(st->cold_waits, 0);
  ck_assert_uint_eq(st->pc_invocations, 2);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* A function on capacity provider cp (m7i.large: 2 vCPUs, 8 GiB, $0.1008 an hour) with 1-vCPU,
 * 4-GiB environments of one request each, INIT 0.1 s, 1 s handlers, a 5 s keep-alive. */
static sls_world *run_cp(const char *cp_keys, const char *sources, sls_scenario *sc) {
  char text[4096];
  snprintf(text, sizeof text,
           "platform = \"aws-lambda-managed-instances\"; duration_s = 100.0; sample_interval_s = 0.0;\n"
           "capacity_providers = ( { name = \"cp\"; instance_type = \"m7i.large\"; %s } );\n"
           "functions = ( { name = \"f\"; capacity_provider = \"cp\"; memory_mb = 4096; vcpus = 1.0;\n"
           "  instance_concurrency = 1; keep_alive_s = 5.0; max_lifetime_s = 0.0;\n"
           "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = false; };\n"
           "  duration = { dist = \"constant\"; value_ms = 1000.0; }; } );\n"
           "sources = ( %s );\n",
           cp_keys, sources);
  return run_text(text, sc, 1);
}

#define AT0 ONE("r1", "0.0") "," ONE("r2", "0.0") "," ONE("r3", "0.0")
#define AT1 ONE("r4", "1.0") "," ONE("r5", "1.0") "," ONE("r6", "1.0")

START_TEST(capacity_provider_packs_environments_and_bills_instances) {
  /* One instance A from before the run.  At 0, r1 finds no environment: throttled (no cold start on
   * a request's path) while environment e1 starts in the background on A (ready 0.1); r2 likewise
   * starts e2, also on A (1 vCPU left of 2); r3 is throttled with two starting for one request
   * over the target.  At 1.0, r4 and r5 run warm on e1, e2 (to 2.0); r6 finds them busy: e3 finds A
   * full, so instance B launches (25 s: up at 26), e3 ready at 26.1.  e1, e2 expire at 7.0: A is
   * empty with 2 instances > min 1, so it goes 40 s later, at 47.0; e3 expires at 31.1, B empties,
   * but at 71.1 it is the only one left and stays.  Billed: A 47 s (up before the run: no minimum)
   * + B 99 s = 146 instance-s; the fee 15 % of the EC2 price; two requests. */
  sls_scenario sc;
  sls_world *w = run_cp("min_instances = 1; scale_in_idle_s = 40.0;", AT0 "," AT1, &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  const sls_capacity *c = &w->caps[0];
  ck_assert_uint_eq(st->ok, 2);
  ck_assert_uint_eq(st->throttled, 4);
  ck_assert_uint_eq(st->cold_starts, 3);
  ck_assert_uint_eq(c->placed, 3);
  ck_assert_uint_eq(c->launches, 1);
  ck_assert_uint_eq(c->terminations, 1);
  ck_assert_uint_eq(c->refused, 0);
  ck_assert_int_eq(c->live.peak_all, 2);
  ck_assert_int_eq(c->n_hosts, 1);
  ck_assert_double_eq_tol(sls_capacity_billed_s(c), 146.0, 1e-9);
  ck_assert_double_eq_tol(line(w, "lambda-mi", "instances"), 146.0 / 3600, 1e-12);
  ck_assert_double_eq_tol(line(w, "lambda-mi", "management-fee"), 146.0 / 3600, 1e-12);
  ck_assert_double_eq_tol(usd(w, "lambda-mi", "management-fee") / usd(w, "lambda-mi", "instances"), 0.15,
                          1e-12);
  /* one-off batches: the bill of the span, 146 instance-s at $0.1008 an hour */
  ck_assert_double_eq_tol(usd(w, "lambda-mi", "instances"), 146.0 / 3600 * 0.1008, 1e-12);
  ck_assert_double_eq(line(w, "lambda-mi", "requests"), 2);
  ck_assert_double_eq(line(w, "lambda-mi", "cpu"), -1); /* no per-environment line on a provider */
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(capacity_provider_bills_a_minute_and_stops_at_max_vcpus) {
  /* min_instances 0, scale-in at once: r1 at 0 starts e1, which launches A (up at 25, e1 ready
   * 25.1); r2 starts e2 on A, still launching, with room; r3..r6 are throttled (two starting, for
   * one over the target, and none ready at 1.0).  e1, e2 expire at 30.1 and A goes: 30.1 s billed
   * as EC2's minute, 60 instance-s.  With min_instances 1 and max_vcpus = 2 instead, e1, e2 go on
   * A, r4, r5 run on them at 1.0, and e3 is refused (a second instance would pass 2 vCPUs): r6
   * throttled; A alone, 100 s. */
  sls_scenario sc;
  sls_world *w = run_cp("min_instances = 0; scale_in_idle_s = 0.0;", AT0 "," AT1, &sc);
  ck_assert_uint_eq(w->functions[0].st.throttled, 6);
  ck_assert_uint_eq(w->caps[0].launches, 1);
  ck_assert_uint_eq(w->caps[0].terminations, 1);
  ck_assert_int_eq(w->caps[0].n_hosts, 0);
  ck_assert_double_eq_tol(sls_capacity_billed_s(&w->caps[0]), 60.0, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
  w = run_cp("min_instances = 1; max_vcpus = 2.0;", AT0 "," AT1, &sc);
  ck_assert_uint_eq(w->caps[0].refused, 1);
  ck_assert_uint_eq(w->caps[0].launches, 0);
  ck_assert_uint_eq(w->functions[0].st.throttled, 4);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 2);
  ck_assert_double_eq_tol(sls_capacity_billed_s(&w->caps[0]), 100.0, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(a_lambda_scenario_moves_one_function_onto_a_capacity_provider) {
  /* Lambda pricing, two functions: "std" on Lambda (1 s at 1,024 MB: 3 GB-s for r1..r3), "lmi" on
   * a provider of m7g.large (2 vCPUs, $0.0816 an hour), one from before the run.  lmi starts no
   * environment on a request's path (the preset's start_on_request = true is overridden): its one
   * provisioned environment (1 vCPU, on A) takes r1; r2 and r3 are throttled while two start in the
   * background, the first beside it on A, the second on a new instance B (launched at 0, up at 25,
   * kept: the keep-alive is minutes).  lmi: one request at $0.20 a million and no duration; the
   * provider: 200 instance-s at $0.0816 an hour, plus the 15 % fee. */
  char text[4096];
  snprintf(text, sizeof text,
           "platform = \"aws-lambda\"; duration_s = 100.0; sample_interval_s = 0.0;\n"
           "capacity_providers = ( { name = \"cp\"; instance_type = \"m7g.large\"; min_instances = 1; } );\n"
           "functions = ( { name = \"std\"; memory_mb = 1024; max_lifetime_s = 0.0;\n"
           "    runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = false; };\n"
           "    duration = { dist = \"constant\"; value_ms = 1000.0; }; },\n"
           "  { name = \"lmi\"; capacity_provider = \"cp\"; memory_mb = 2048; vcpus = 1.0; "
           "provisioned_concurrency = "
           "1;\n"
           "    max_lifetime_s = 0.0; runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; };\n"
           "    duration = { dist = \"constant\"; value_ms = 1000.0; }; } );\n"
           "sources = ( { name = \"a\"; target = \"std\"; arrival = { kind = \"batch\"; count = 3; at_s = "
           "0.0; };\n"
           "  client = { max_retries = 0; }; },\n"
           "  { name = \"b\"; target = \"lmi\"; arrival = { kind = \"batch\"; count = 3; at_s = 0.0; };\n"
           "  client = { max_retries = 0; }; } );\n");
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  ck_assert_int_eq(sc.functions[1].start_on_request, 0);
  ck_assert_uint_eq(w->functions[1].st.ok, 1);
  ck_assert_uint_eq(w->functions[1].st.throttled, 2);
  ck_assert_uint_eq(w->functions[1].st.cold_starts, 2);
  ck_assert_uint_eq(w->caps[0].launches, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 3);
  sls_cost_line *v;
  int n = sls_cost_compute(w, &v), seen = 0;
  for (int i = 0; i < n; i++) {
    if (!strcmp(v[i].entity, "lmi") && !strcmp(v[i].service, "lambda")) {
      ck_assert_str_eq(v[i].item, "requests"); /* its only Lambda line (CloudWatch logs aside) */
      ck_assert_double_eq(v[i].sim_quantity, 1);
      ck_assert_double_eq_tol(v[i].usd, 0.20e-6, 1e-15);
      seen |= 1;
    }
    if (!strcmp(v[i].entity, "std") && !strcmp(v[i].item, "duration-x86_64")) {
      ck_assert_double_eq_tol(v[i].sim_quantity, 3.0, 1e-12);
      seen |= 2;
    }
    if (!strcmp(v[i].entity, "cp")) {
      ck_assert_str_eq(v[i].service, "lambda");
      ck_assert_double_eq_tol(v[i].sim_quantity, 200.0 / 3600, 1e-12);
      ck_assert_double_eq_tol(v[i].usd, 200.0 / 3600 * 0.0816 * (strcmp(v[i].item, "instances") ? 0.15 : 1),
                              1e-12);
      seen |= strcmp(v[i].item, "instances") ? 8 : 4;
    }
  }
  ck_assert_int_eq(seen, 15);
  free(v);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(managed_instances_admit_what_the_vcpu_serves) {
  /* One provisioned 1-vCPU environment, 64 requests allowed, 1 s handlers 30 % CPU-bound: a request
   * alone keeps 0.3 of the vCPU busy, so 3 fit (3 x 0.3 <= 1 < 4 x 0.3).  Four at 0: three run
   * there, the fourth is throttled (the router would retry another environment; there is none
   * ready).  Without cpu_admission all four run on it, slowed by sharing the vCPU. */
  static const char *fn =
      "provisioned_concurrency = 1; instance_concurrency = 64; cpu_fraction = 0.3; vcpus = 1.0;"
      " timeout_s = 60.0; duration = { dist = \"constant\"; value_s = 1.0; };";
  char keys[512];
  for (int admit = 1; admit >= 0; admit--) {
    snprintf(keys, sizeof keys, "%s cpu_admission = %s;", fn, admit ? "true" : "false");
    sls_scenario sc;
    sls_world *w =
        run_on("aws-lambda-managed-instances", keys,
               ONE("r1", "0.0") "," ONE("r2", "0.0") "," ONE("r3", "0.0") "," ONE("r4", "0.0"), &sc);
    ck_assert_int_eq(w->functions[0].room_n, admit ? 3 : 64);
    ck_assert_uint_eq(w->functions[0].st.pc_invocations, admit ? 3 : 4);
    ck_assert_uint_eq(w->functions[0].st.throttled, admit ? 1 : 0);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

START_TEST(capacity_provider_places_provisioned_environments_before_the_run) {
  /* Three provisioned environments of 1 vCPU on 2-vCPU instances, min_instances 0: two instances up
   * from the start (2 + 1 environments), none launched during the run; r1..r3 at 0 run warm. */
  sls_scenario sc;
  char text[2048];
  snprintf(text, sizeof text,
           "platform = \"aws-lambda-managed-instances\"; duration_s = 100.0; sample_interval_s = 0.0;\n"
           "capacity_providers = ( { name = \"cp\"; instance_type = \"m7i.large\"; min_instances = 0; } );\n"
           "functions = ( { name = \"f\"; capacity_provider = \"cp\"; memory_mb = 4096; vcpus = 1.0;\n"
           "  instance_concurrency = 1; provisioned_concurrency = 3; max_lifetime_s = 0.0;\n"
           "  duration = { dist = \"constant\"; value_ms = 1000.0; }; } );\n"
           "sources = ( %s );\n",
           AT0);
  sls_world *w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.ok, 3);
  ck_assert_uint_eq(w->functions[0].st.pc_invocations, 3);
  ck_assert_uint_eq(w->caps[0].launches, 0);
  ck_assert_int_eq(w->caps[0].n_hosts, 2);
  ck_assert_double_eq_tol(sls_capacity_billed_s(&w->caps[0]), 200.0, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("platform");
  TCase *tc = sls_tcase("presets");
  tcase_add_test(tc, every_preset_loads_and_keeps_its_limits);
  tcase_add_test(tc, cloud_run_bills_an_instance_while_it_has_a_request);
  tcase_add_test(tc, azure_consumption_bills_each_execution_with_a_minimum);
  tcase_add_test(tc, flex_bills_always_ready_instances_all_the_time);
  tcase_add_test(tc, managed_instances_bill_an_environment_for_its_whole_life);
  tcase_add_test(tc, cloud_run_keeps_instances_at_its_target);
  tcase_add_test(tc, cloud_run_decides_on_a_window);
  tcase_add_test(tc, azure_adds_one_instance_a_second);
  tcase_add_test(tc, managed_instances_never_cold_start_a_request);
  tcase_add_test(tc, azure_adds_an_instance_every_30_s_without_http);
  tcase_add_test(tc, capacity_provider_packs_environments_and_bills_instances);
  tcase_add_test(tc, capacity_provider_bills_a_minute_and_stops_at_max_vcpus);
  tcase_add_test(tc, capacity_provider_places_provisioned_environments_before_the_run);
  tcase_add_test(tc, managed_instances_admit_what_the_vcpu_serves);
  tcase_add_test(tc, a_lambda_scenario_moves_one_function_onto_a_capacity_provider);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
