/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lambda bill lines against hand-computed bills. */
#include "cost/cost.h"
#include "study/rows.h"
#include "testutil.h"

static double line_usd(const sls_cost_line *l, int n, const char *item) {
  double usd = 0;
  for (int i = 0; i < n; i++)
    if (strcmp(l[i].item, item) == 0) usd += l[i].usd;
  return usd;
}

static double line_q(const sls_cost_line *l, int n, const char *item) {
  double q = 0;
  for (int i = 0; i < n; i++)
    if (strcmp(l[i].item, item) == 0) q += l[i].quantity;
  return q;
}

static double sim_q(const sls_cost_line *l, int n, const char *item) {
  double q = 0;
  for (int i = 0; i < n; i++)
    if (strcmp(l[i].item, item) == 0) q += l[i].sim_quantity;
  return q;
}

static double total(const sls_cost_line *l, int n) {
  double usd = 0;
  for (int i = 0; i < n; i++)
    usd += l[i].usd;
  return usd;
}

START_TEST(aws_pricing_example_with_free_tier) {
  /* AWS's example: 3 M invocations x 1 s x 512 MB in a month, with the free tier:
   * compute 3e6 * 1 s * 0.5 GB = 1.5e6 GB-s - 400,000 free = 1.1e6 x $0.0000166667 = $18.33;
   * requests 3 M - 1 M free = 2 M x $0.20/M = $0.40; total $18.73 ($18.74 in AWS's text,
   * which rounds each part up). */
  sls_scenario sc;
  char err[SLS_ERRLEN];
  ck_assert_msg(
      load_text("duration_d = 30.0; free_tier = true;\n"
                "functions = ( { name = \"f\"; memory_mb = 512; per_invocation = { log_kb = 0.0; }; "
                "duration = { dist = \"constant\"; "
                "value_s = 1.0; }; } );\n"
                "sources = ();\n",
                &sc, err) == 0,
      "%s", err);
  sls_world *w = sls_world_alloc(&sc, 1, err);
  w->functions[0].st.invocations = 3000000;
  w->functions[0].st.billed_ms = 3000000ull * 1000;
  sls_cost_line *l;
  int n = sls_cost_compute(w, &l);
  ck_assert_double_eq_tol(line_usd(l, n, "requests"), 0.40, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "duration-x86_64"), 1.1e6 * 0.0000166667, 1e-9);
  ck_assert_double_eq_tol(total(l, n), 18.74, 0.011);
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* Each function's summary row carries its own bill lines (study/rows.c, one pass over the bill):
 * f, 512 MB, 10^6 invocations of 1 s: $0.20 + 500,000 GB-s x $0.0000166667 = $8.53335; g, 1,024
 * MB, 2 x 10^6 of 250 ms: $0.40 + the same GB-s = $8.73335; per function as when each row scans
 * the bill alone. */
START_TEST(each_function_row_carries_its_own_bill) {
  sls_scenario sc;
  char err[SLS_ERRLEN];
  ck_assert_msg(
      load_text("duration_d = 30.0; free_tier = false;\n"
                "functions = ( { name = \"f\"; memory_mb = 512; per_invocation = { log_kb = 0.0; }; "
                "duration = { dist = \"constant\"; value_s = 1.0; }; },\n"
                "  { name = \"g\"; memory_mb = 1024; per_invocation = { log_kb = 0.0; }; "
                "duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"
                "sources = ();\n",
                &sc, err) == 0,
      "%s", err);
  sls_world *w = sls_world_alloc(&sc, 1, err);
  w->functions[0].st.invocations = 1000000;
  w->functions[0].st.billed_ms = 1000000ull * 1000;
  w->functions[1].st.invocations = 2000000;
  w->functions[1].st.billed_ms = 2000000ull * 250;
  sls_cost_line *l;
  int n = sls_cost_compute(w, &l);
  sls_fn_row rows[2], one;
  sls_fn_cost *costs = sls_rows_costs(w, l, n);
  sls_rows_functions(w, costs, rows);
  free(costs);
  const double want[2] = {0.20 + 500000 * 0.0000166667, 0.40 + 500000 * 0.0000166667};
  for (int i = 0; i < 2; i++) {
    ck_assert_double_eq_tol(rows[i].cost_usd, want[i], 1e-6);
    ck_assert_double_eq_tol(rows[i].billed_gb_s, 500000, 1e-6);
    sls_row_function(w, i, l, n, &one);
    ck_assert_double_eq(one.cost_usd, rows[i].cost_usd);
  }
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(duration_tiers) {
  const double p[] = {0.0000166667, 0.0000150000, 0.0000133334}, b[] = {6e9, 15e9};
  ck_assert_double_eq_tol(sls_cost_tiered(1e9, 3, p, b), 1e9 * p[0], 1e-6);
  ck_assert_double_eq_tol(sls_cost_tiered(10e9, 3, p, b), 6e9 * p[0] + 4e9 * p[1], 1e-6);
  ck_assert_double_eq_tol(sls_cost_tiered(20e9, 3, p, b), 6e9 * p[0] + 9e9 * p[1] + 5e9 * p[2], 1e-6);
  ck_assert_double_eq(sls_cost_tiered(0, 3, p, b), 0);
}
END_TEST

START_TEST(provisioned_concurrency_in_five_minute_units) {
  /* 1 environment of 1,024 MB for 301 s is billed as two 5-minute units: 600 GB-s. */
  ck_assert_double_eq_tol(sls_cost_pc_gb_s(1, 1024, 301 * SLS_NS_PER_S, 300 * SLS_NS_PER_S), 600, 1e-9);
  ck_assert_double_eq_tol(sls_cost_pc_gb_s(10, 512, 3600 * SLS_NS_PER_S, 300 * SLS_NS_PER_S), 18000, 1e-9);
}
END_TEST

/* Four requests through a REST API at once to an arm64 function of 2 GB, provisioned concurrency 1. */
#define FOUR_REST                                                                                            \
  "functions = ( { name = \"f\"; memory_mb = 2048; arch = \"arm64\"; provisioned_concurrency = 1;\n"         \
  "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; };\n"                                    \
  "  per_invocation = { log_kb = 0.0; };\n"                                                                  \
  "  duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"                                             \
  "sources = ( { name = \"s\"; target = \"f\"; api_gateway = \"rest\"; arrival = { kind = \"batch\"; "       \
  "count = 4; }; } );\n"

START_TEST(bill_of_a_simulated_run) {
  /* 4 requests through a REST API to an arm64 function with PC 1 over 10 minutes: 1 on PC
   * (1 s), 3 on demand (cold, INIT 100 ms billed, 1 s): on-demand 3 x 1 s x 2 GB = 6 GB-s of
   * duration and 3 x 0.1 s x 2 GB = 0.6 GB-s of INIT at the arm price; PC execution 2 GB-s;
   * PC configured 1 x 2 GB x 600 s (two 5-minute units) simulated.  The month is 4,320 such
   * spans: usage x 4,320; configured PC is a full month, 2 GB x 2,592,000 s.  (A batch alone is
   * billed for its span by default: bill_period = "month" asks for the projection; the span's
   * bill is checked below.) */
  sls_scenario sc;
  sls_world *w =
      run_text("duration_s = 600.0; sample_interval_s = 0.0; bill_period = \"month\";\n" FOUR_REST, &sc, 1);
  sls_cost_line *l;
  int n = sls_cost_compute(w, &l);
  const double m = 4320;
  ck_assert_double_eq_tol(sls_cost_month_factor(w), m, 1e-9);
  ck_assert_double_eq_tol(sim_q(l, n, "duration-arm64"), 6.0, 1e-9);
  ck_assert_double_eq_tol(sim_q(l, n, "init-arm64"), 0.6, 1e-9);
  ck_assert_double_eq_tol(sim_q(l, n, "provisioned-concurrency"), 1200, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "requests"), 4 * m * 0.2e-6, 1e-12);
  ck_assert_double_eq_tol(line_usd(l, n, "duration-arm64"), 6.0 * m * 0.0000133334, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "init-arm64"), 0.6 * m * 0.0000133334, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "provisioned-duration"), 2.0 * m * 0.0000077778, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "provisioned-concurrency"), 2.0 * 2592000 * 0.0000033334, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "rest-requests"), 4 * m * 3.5e-6, 1e-12);
  ck_assert_int_eq(n, 6); /* no log line: log_kb = 0 */
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* The bill of the span (the default for a batch alone): usage x 1, and the month's configured
   * PC pro-rated to the 600 s: 2 GB x 600 s = 1,200 GB-s. */
  w = run_text("duration_s = 600.0; sample_interval_s = 0.0;\n" FOUR_REST, &sc, 1);
  ck_assert_int_eq(sc.bill_period, SLS_BILL_PERIOD_SPAN);
  n = sls_cost_compute(w, &l);
  ck_assert_double_eq_tol(sls_cost_month_factor(w), 1, 1e-12);
  ck_assert_double_eq_tol(line_usd(l, n, "requests"), 4 * 0.2e-6, 1e-15);
  ck_assert_double_eq_tol(line_usd(l, n, "duration-arm64"), 6.0 * 0.0000133334, 1e-12);
  ck_assert_double_eq_tol(line_usd(l, n, "provisioned-concurrency"), 1200 * 0.0000033334, 1e-12);
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* One free tier of 400,000 GB-s a month for both architectures, x86 first [facts §4]: x86 uses
 * 1 M x 1 s x 0.25 GB = 250,000 GB-s (all free), arm64 1 M x 1 s x 0.5 GB = 500,000 GB-s of which
 * the remaining 150,000 are free: 350,000 x $0.0000133334 = $4.66669 for arm64, $0 for x86. */
START_TEST(the_free_gb_s_are_shared_by_both_architectures) {
  sls_scenario sc;
  char err[SLS_ERRLEN];
  ck_assert_msg(
      load_text("duration_d = 30.0; free_tier = true;\n"
                "functions = ( { name = \"x\"; memory_mb = 256; per_invocation = { log_kb = 0.0; };\n"
                "    duration = { dist = \"constant\"; value_s = 1.0; }; },\n"
                "  { name = \"a\"; arch = \"arm64\"; memory_mb = 512; per_invocation = { log_kb = 0.0; };\n"
                "    duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"
                "sources = ();\n",
                &sc, err) == 0,
      "%s", err);
  sls_world *w = sls_world_alloc(&sc, 1, err);
  for (int f = 0; f < 2; f++) {
    w->functions[f].st.invocations = 1000000;
    w->functions[f].st.billed_ms = 1000000ull * 1000;
  }
  sls_cost_line *l;
  int n = sls_cost_compute(w, &l);
  ck_assert_double_eq_tol(line_usd(l, n, "duration-x86_64"), 0, 1e-12);
  ck_assert_double_eq_tol(line_usd(l, n, "duration-arm64"), 350000 * 0.0000133334, 1e-9);
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(projection_applies_the_free_tier_to_the_month) {
  /* One simulated day of 50,000 invocations x 1 s x 512 MB.  The month holds 1.5 M requests
   * and 750,000 GB-s: (1.5 M - 1 M) x $0.20/M = $0.10 and (750,000 - 400,000) x $0.0000166667
   * = $5.833345.  Applied to the day alone the free tier would have made both zero. */
  sls_scenario sc;
  char err[SLS_ERRLEN];
  ck_assert_msg(
      load_text("duration_d = 1.0; free_tier = true;\n"
                "functions = ( { name = \"f\"; memory_mb = 512; per_invocation = { log_kb = 0.0; };\n"
                "  duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"
                "sources = ();\n",
                &sc, err) == 0,
      "%s", err);
  sls_world *w = sls_world_alloc(&sc, 1, err);
  w->functions[0].st.invocations = 50000;
  w->functions[0].st.billed_ms = 50000ull * 1000;
  sls_cost_line *l;
  int n = sls_cost_compute(w, &l);
  ck_assert_double_eq_tol(line_q(l, n, "requests"), 1.5e6, 1e-6);
  ck_assert_double_eq_tol(line_usd(l, n, "requests"), 0.10, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "duration-x86_64"), 350000 * 0.0000166667, 1e-9);
  free(l);
  /* Without the free tier: 1.5 M x $0.20/M + 750,000 x $0.0000166667. */
  sc.price.free_tier = 0; /* the world reads the scenario it was made from */
  n = sls_cost_compute(w, &l);
  ck_assert_double_eq_tol(total(l, n), 0.30 + 750000 * 0.0000166667, 1e-9);
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(api_gateway_tiers) {
  /* A 30-day run: HTTP 400 M requests = 300 M x $1.00 + 100 M x $0.90 = $390; REST 1.5 B =
   * 333 M x $3.50 + 667 M x $2.80 + 500 M x $2.38 = $4,223.10 [facts §4]. */
  sls_scenario sc;
  char err[SLS_ERRLEN];
  ck_assert_msg(
      load_text("duration_d = 30.0;\n"
                "functions = ( { name = \"f\"; duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"
                "sources = ( { name = \"h\"; target = \"f\"; api_gateway = \"http\"; arrival = { kind = "
                "\"batch\"; count = 1; }; },\n"
                "            { name = \"r\"; target = \"f\"; api_gateway = \"rest\"; arrival = { kind = "
                "\"batch\"; count = 1; }; } );\n",
                &sc, err) == 0,
      "%s", err);
  sls_world *w = sls_world_alloc(&sc, 1, err);
  w->sources[0].gw_requests = 400000000;
  w->sources[1].gw_requests = 1500000000;
  sls_cost_line *l;
  int n = sls_cost_compute(w, &l);
  ck_assert_double_eq_tol(line_usd(l, n, "http-requests"), 390.0, 1e-6);
  ck_assert_double_eq_tol(line_usd(l, n, "rest-requests"), 4223.10, 1e-6);
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(logs_nat_egress_ephemeral_and_publishes) {
  /* 30 days, 10 M invocations of 1 s at 1,024 MB with 10,240 MB of /tmp, each logging 2 MB,
   * sending 100 KB through NAT and out to the internet, and publishing one 100 KB SNS message
   * (2 chunks) and one EventBridge event; 2 NAT gateways.  Hand bill [facts §4, pricing file]:
   *   logs 10 M x 2 MB = 20,000,000 MB = 19,531.25 GB: 10,240 x $0.50 + 9,291.25 x $0.25
   *   NAT 953.67 GB x $0.045 and 2 x 720 h x $0.045 = $64.80
   *   egress 953.67 GB - 100 free: all in the first tier, x $0.09
   *   ephemeral 10 M s x 9.5 GB x $0.0000000309
   *   SNS 20 M publishes x $0.50/M = $10; EventBridge 20 M events x $1.00/M = $20 */
  sls_scenario sc;
  char err[SLS_ERRLEN];
  ck_assert_msg(load_text("duration_d = 30.0; free_tier = true; nat_gateways = 2;\n"
                          "functions = ( { name = \"f\"; memory_mb = 1024; ephemeral_storage_mb = 10240;\n"
                          "  per_invocation = { log_kb = 2048.0; nat_kb = 100.0; egress_kb = 100.0;\n"
                          "    sns_publishes = 1.0; eventbridge_events = 1.0; publish_kb = 100.0; };\n"
                          "  duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"
                          "sources = ();\n",
                          &sc, err) == 0,
                "%s", err);
  sls_world *w = sls_world_alloc(&sc, 1, err);
  w->functions[0].st.invocations = 10000000;
  w->functions[0].st.billed_ms = 10000000ull * 1000;
  sls_cost_line *l;
  int n = sls_cost_compute(w, &l);
  double gb = 1e7 * 100 / 1048576.0;
  ck_assert_double_eq_tol(line_usd(l, n, "log-ingestion"), 10240 * 0.5 + (19531.25 - 5 - 10240) * 0.25, 1e-6);
  ck_assert_double_eq_tol(line_usd(l, n, "data-processed"), gb * 0.045, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "gateway-hours"), 64.80, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "internet-out"), (gb - 100) * 0.09, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "ephemeral-storage"), 1e7 * 9.5 * 0.0000000309, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "publishes"), 10.0, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "events"), 20.0, 1e-9);
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(step_functions_standard_and_express) {
  /* 1,000 Standard executions of 12 transitions: 12,000 - 4,000 free = 8,000 x $0.025/1,000
   * = $0.20 (30-day run).  1,000 Express executions of a 250 ms function: 3 units of 100 ms
   * each at 64 MB: 1,000 x 0.3 s x 1/16 GB = 18.75 GB-s x $0.00001667, plus 1,000 x $1/M. */
  sls_scenario sc;
  sls_world *w = run_text(
      "duration_d = 30.0; free_tier = true; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; " RT_ZERO " keep_alive_s = 86400.0; max_lifetime_s = 0.0;\n"
      "  duration = { dist = \"constant\"; value_ms = 250.0; }; } );\n"
      "sources = ( { name = \"std\"; target = \"f\"; workflow = { type = \"standard\"; transitions = 12; };\n"
      "              arrival = { kind = \"batch\"; count = 1000; window_s = 1000.0; }; },\n"
      "            { name = \"exp\"; target = \"f\"; workflow = { type = \"express\"; };\n"
      "              arrival = { kind = \"batch\"; count = 1000; window_s = 1000.0; }; } );\n",
      &sc, 1);
  sls_cost_line *l;
  int n = sls_cost_compute(w, &l);
  ck_assert_double_eq_tol(line_usd(l, n, "transitions"), 0.20, 1e-9);
  ck_assert_double_eq_tol(line_q(l, n, "express-duration"), 18.75, 1e-9);
  ck_assert_double_eq_tol(line_usd(l, n, "express-duration"), 18.75 * 0.00001667, 1e-12);
  ck_assert_double_eq_tol(line_usd(l, n, "express-requests"), 1000 * 1e-6, 1e-12);
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(init_billing_rule) {
  /* 3 cold starts with 100 ms INIT: billed under the August 2025 rule, not billed before it
   * for a managed runtime in a ZIP package, billed before it for an image [facts §3]. */
  const char *rules[] = {"2025-08", "before-2025-08", "before-2025-08", "never"};
  const char *pkgs[] = {"zip", "zip", "image", "image"};
  const uint64_t want[] = {300, 0, 300, 0};
  for (int k = 0; k < 4; k++) {
    char text[1024];
    snprintf(text, sizeof text,
             "duration_s = 10.0; sample_interval_s = 0.0; init_billing = \"%s\";\n"
             "functions = ( { name = \"f\"; runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; "
             "package = \"%s\"; };\n"
             "  duration = { dist = \"constant\"; value_ms = 500.0; }; } );\n"
             "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 3; }; } );\n",
             rules[k], pkgs[k]);
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    ck_assert_uint_eq(w->functions[0].st.cold_starts, 3);
    ck_assert_uint_eq(w->functions[0].st.billed_init_ms, want[k]);
    ck_assert_uint_eq(w->functions[0].st.billed_ms, 1500 + want[k]);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

START_TEST(seed_provisioned_concurrency_figures) {
  /* The Architecture-Guide article: 50 environments x 512 MB all month "= $270/month": 50 x 0.5 GB x
   * 2,592,000 s x $0.0000041667 = $270.00.  The When-It-Makes-Sense article: "~$15/month per provisioned
   * unit" is this for ~1.4 GB: 1 x 1 GB all month = $10.80. */
  ck_assert_double_eq_tol(
      sls_cost_pc_gb_s(50, 512, (sls_time)(30 * 86400) * SLS_NS_PER_S, 300 * SLS_NS_PER_S) * 0.0000041667,
      270.0, 0.01);
  ck_assert_double_eq_tol(
      sls_cost_pc_gb_s(1, 1024, (sls_time)(30 * 86400) * SLS_NS_PER_S, 300 * SLS_NS_PER_S) * 0.0000041667,
      10.80, 0.01);
}
END_TEST

START_TEST(autoscaling_rule) {
  /* Load 0, 100, 350, 90, 0, 0 req/s in 60 s intervals (the last 30 s long), 100 req/s per
   * instance at 70 %: wanted 1, 2, 5, 2, 1, 1 (min 1).  With a 120 s scale-in delay an instance
   * stays two more intervals: 1, 2, 5, 5, 5, 2 -> (1+2+5+5+5) x 60 + 2 x 30 = 1,140 s. */
  const double x[] = {0, 100, 350, 90, 0, 0};
  double mx;
  ck_assert_double_eq_tol(sls_cost_autoscale(x, 6, 60, 30, 100, 0.7, 1, 120, &mx), 1140, 1e-9);
  ck_assert_double_eq(mx, 5);
  /* No delay: 1, 2, 5, 2, 1, 1 -> 11 x 60 + 1 x 30 = 690 s; min 0 drops the idle ones. */
  ck_assert_double_eq_tol(sls_cost_autoscale(x, 6, 60, 30, 100, 0.7, 1, 0, &mx), 690, 1e-9);
  ck_assert_double_eq_tol(sls_cost_autoscale(x, 6, 60, 0, 100, 0.7, 0, 0, &mx), (2 + 5 + 2) * 60, 1e-9);
}
END_TEST

START_TEST(alternatives_sized_from_a_run) {
  /* 60 requests at the start of each of the first 10 minutes of a 1-hour run (schedule), 1 s
   * each: the busiest minute has 1 req/s and 60 concurrent.  A Fargate task of 0.5 vCPU + 1 GB
   * carries 25 concurrent: peak fleet ceil(60 / 25) = 3 tasks all month = 3 x 720 h x
   * (0.5 x $0.04048 + 1 x $0.004445).  Autoscaled at 80 %: wanted ceil(60 / 20) = 3 for the
   * first 10 minutes + 5 minutes of scale-in delay, then 1 (min) for the last 45: (3 x 15 + 45)
   * / 60 = 1.5 instance-hours per simulated hour, x 720. */
  sls_scenario sc;
  sls_world *w = run_text(
      "duration_h = 1.0; sample_interval_s = 60.0;\n"
      "functions = ( { name = \"f\"; " RT_ZERO " duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"schedule\"; period_s = 60.0; count = "
      "60; "
      "}; stop_s = 600.0; } );\n"
      "alternatives = ( { name = \"task\"; kind = \"fargate\"; vcpu = 0.5; memory_gb = 1.0; "
      "capacity_concurrency = 25.0; target_utilization = 0.8; scale_in_delay_s = 300.0; } );\n",
      &sc, 1);
  sls_alt_line *a;
  int n = sls_cost_alternatives(w, &a);
  ck_assert_int_eq(n, 2);
  double hourly = 0.5 * 0.04048 + 0.004445;
  ck_assert_double_eq(a[0].peak_load, 60);
  ck_assert_double_eq(a[0].instances, 3);
  ck_assert_double_eq_tol(a[0].usd, 3 * 720 * hourly, 1e-9);
  ck_assert_double_eq_tol(a[1].instance_hours, 1.5 * 720, 1e-9);
  ck_assert_double_eq_tol(a[1].usd, 1.5 * 720 * hourly, 1e-9);
  free(a);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* With a warm-up the alternatives are sized on what follows it, like the rest of the summary.
   * 5 minutes: the busy minutes 5..9 still there (peak 60, 3 tasks); autoscaled 3 for 10 minutes
   * then 1 for 45: 4,500 instance-s in the 3,300 s measured, x 2,592,000 / 3,300 = (30 + 45) / 55 x
   * 720 instance-hours.  10 minutes: nothing left to carry, the fleet is 1 task. */
  const char *warm[] = {"300.0", "600.0"};
  for (int k = 0; k < 2; k++) {
    char text[2048];
    snprintf(text, sizeof text,
             "duration_h = 1.0; sample_interval_s = 60.0; warmup_s = %s;\n"
             "functions = ( { name = \"f\"; " RT_ZERO
             " duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"
             "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"schedule\"; period_s = 60.0; "
             "count = 60; }; stop_s = 600.0; } );\n"
             "alternatives = ( { name = \"task\"; kind = \"fargate\"; vcpu = 0.5; memory_gb = 1.0; "
             "capacity_concurrency = 25.0; target_utilization = 0.8; scale_in_delay_s = 300.0; } );\n",
             warm[k]);
    w = run_text(text, &sc, 1);
    n = sls_cost_alternatives(w, &a);
    ck_assert_double_eq(a[0].peak_load, k ? 0 : 60);
    ck_assert_double_eq(a[0].instances, k ? 1 : 3);
    if (!k) ck_assert_double_eq_tol(a[1].instance_hours, (30.0 + 45.0) / 55.0 * 720, 1e-9);
    free(a);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("cost");
  TCase *tc = sls_tcase("lambda");
  tcase_add_test(tc, aws_pricing_example_with_free_tier);
  tcase_add_test(tc, the_free_gb_s_are_shared_by_both_architectures);
  tcase_add_test(tc, duration_tiers);
  tcase_add_test(tc, provisioned_concurrency_in_five_minute_units);
  tcase_add_test(tc, bill_of_a_simulated_run);
  tcase_add_test(tc, projection_applies_the_free_tier_to_the_month);
  tcase_add_test(tc, api_gateway_tiers);
  tcase_add_test(tc, logs_nat_egress_ephemeral_and_publishes);
  tcase_add_test(tc, step_functions_standard_and_express);
  tcase_add_test(tc, init_billing_rule);
  tcase_add_test(tc, seed_provisioned_concurrency_figures);
  tcase_add_test(tc, autoscaling_rule);
  tcase_add_test(tc, alternatives_sized_from_a_run);
  tcase_add_test(tc, each_function_row_carries_its_own_bill);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
