/* Lambda bill lines against hand-computed bills. */
#include "cost/cost.h"
#include "testutil.h"

static double line_usd(const sls_cost_line *l, int n, const char *item) {
  double usd = 0;
  for (int i = 0; i < n; i++)
    if (strcmp(l[i].item, item) == 0) usd += l[i].usd;
  return usd;
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
  ck_assert_msg(load_text("duration_d = 30.0; free_tier = true;\n"
                          "functions = ( { name = \"f\"; memory_mb = 512; duration = { dist = \"constant\"; "
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

START_TEST(bill_of_a_simulated_run) {
  /* 4 requests through a REST API to an arm64 function with PC 1: 1 on PC (1 s), 3 on demand
   * (cold, INIT 100 ms billed, 1 s): on-demand 3 x 1,100 ms x 2 GB = 6.6 GB-s at the arm price;
   * PC execution 2 GB-s; PC configured 1 x 2 GB x 600 s (two units for 10 minutes) = 1,200 GB-s. */
  sls_scenario sc;
  sls_world *w = run_text(
      "duration_s = 600.0; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; memory_mb = 2048; arch = \"arm64\"; provisioned_concurrency = 1;\n"
      "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = true; };\n"
      "  duration = { dist = \"constant\"; value_s = 1.0; }; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; api_gateway = \"rest\"; arrival = { kind = \"batch\"; "
      "count = 4; }; } );\n",
      &sc, 1);
  sls_cost_line *l;
  int n = sls_cost_compute(w, &l);
  ck_assert_double_eq_tol(line_usd(l, n, "requests"), 4 * 0.2e-6, 1e-12);
  ck_assert_double_eq_tol(line_usd(l, n, "duration-arm64"), 6.6 * 0.0000133334, 1e-12);
  ck_assert_double_eq_tol(line_usd(l, n, "provisioned-duration"), 2.0 * 0.0000077778, 1e-12);
  ck_assert_double_eq_tol(line_usd(l, n, "provisioned-concurrency"), 1200 * 0.0000033334, 1e-12);
  ck_assert_double_eq_tol(line_usd(l, n, "rest-requests"), 4 * 3.5e-6, 1e-12);
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("cost");
  TCase *tc = tcase_create("lambda");
  tcase_add_test(tc, aws_pricing_example_with_free_tier);
  tcase_add_test(tc, duration_tiers);
  tcase_add_test(tc, provisioned_concurrency_in_five_minute_units);
  tcase_add_test(tc, bill_of_a_simulated_run);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
