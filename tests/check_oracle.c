/*
 * The model against analytical results, with replications and fixed seeds: each quantity's
 * Student-t confidence interval over R independent replications must contain the analytical
 * value.  The level is 99.9 % per interval so that the family of ~12 intervals below holds
 * at >= 98.8 % (Bonferroni); each test also asserts its interval is tight (relative
 * half-width bounded), so it cannot pass by being vague.  Seeds are fixed: the outcome is
 * the same on every run.
 */
#include "testutil.h"

/* Erlang-B blocking probability B(c, A), by the stable recursion B(k) = A B(k-1) / (k + A B(k-1)). */
static double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; k++)
    b = a * b / (k + a * b);
  return b;
}

enum { R = 30 };
#define LEVEL 0.999

START_TEST(lost_requests_at_a_concurrency_cap_follow_erlang_b) {
  /* M/M/c/c: reserved concurrency c = 10, Poisson 8/s, exponential 1 s handlers, no INIT,
   * environments never expire: a request is lost (throttled, no retries) exactly when c are
   * busy.  B(10, 8) = 0.12166.  The service law does not matter (insensitivity); a lognormal
   * variant checks that too. */
  const char *fmt =
      "duration_s = 3000.0; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; reserved_concurrency = 10; keep_alive_h = 100.0; max_lifetime_s = 0.0; "
      "timeout_s = 900.0;\n  " RT_ZERO "\n  duration = %s; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 8.0; }; } "
      ");\n";
  const char *laws[] = {"{ dist = \"exponential\"; mean_s = 1.0; }",
                        "{ dist = \"lognormal\"; mean_s = 1.0; sigma = 1.0; }"};
  double expect = erlang_b(10, 8.0);
  ck_assert_double_eq_tol(expect, 0.12166, 1e-5);
  for (int l = 0; l < 2; l++) {
    char text[2048];
    snprintf(text, sizeof text, fmt, laws[l]);
    double frac[R];
    for (int r = 0; r < R; r++) {
      sls_scenario sc;
      sls_world *w = run_text(text, &sc, 1000 + (uint64_t)r);
      frac[r] = (double)w->functions[0].st.throttled / (double)w->functions[0].st.requests;
      sls_world_free(w);
      sls_scenario_free(&sc);
    }
    double m, h;
    mean_ci(frac, R, LEVEL, &m, &h);
    ck_assert_msg(fabs(m - expect) <= h, "%s: blocking %g +- %g, Erlang-B %g", laws[l], m, h, expect);
    ck_assert_msg(h < 0.01, "interval too wide to mean anything: %g", h);
  }
}
END_TEST

START_TEST(cold_start_fraction_is_exp_minus_lambda_t) {
  /* One function, Poisson arrivals at rate lambda, constant keep-alive T, handlers of 1 ms
   * (<< 1/lambda) and no INIT: a request is cold iff the gap since the previous one exceeds
   * T + 1 ms, with probability exp(-lambda (T + 0.001)).  lambda = 0.01/s: T = 50, 100 and
   * 200 s give 0.607, 0.368 and 0.135. */
  const double ts[] = {50, 100, 200};
  for (int k = 0; k < 3; k++) {
    char text[2048];
    snprintf(text, sizeof text,
             "duration_s = 2000000.0; sample_interval_s = 0.0;\n"
             "functions = ( { name = \"f\"; keep_alive_s = %g; max_lifetime_s = 0.0; " RT_ZERO "\n"
             "  duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
             "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 0.01; "
             "}; } );\n",
             ts[k]);
    double frac[R];
    for (int r = 0; r < R; r++) {
      sls_scenario sc;
      sls_world *w = run_text(text, &sc, 2000 + (uint64_t)r);
      frac[r] = (double)w->functions[0].st.cold_starts / (double)w->functions[0].st.invocations;
      sls_world_free(w);
      sls_scenario_free(&sc);
    }
    double m, h, expect = exp(-0.01 * (ts[k] + 0.001));
    mean_ci(frac, R, LEVEL, &m, &h);
    ck_assert_msg(fabs(m - expect) <= h, "T=%g: cold fraction %g +- %g, expected %g", ts[k], m, h, expect);
    ck_assert(h < 0.03 * expect);
  }
}
END_TEST

START_TEST(mean_concurrency_obeys_littles_law) {
  /* No limits bind (M/G/infinity): the time-average number of busy environments equals
   * lambda * E[S]; Poisson 50/s, lognormal handlers with mean 180 ms -> 9.0.  Handlers are
   * 30 % CPU-bound, measured at 1,024 MB and run at 512 MB: E[S] = 180 (0.3 * 2 + 0.7) = 234 ms
   * -> 11.7. */
  double conc[R], busy[R];
  for (int r = 0; r < R; r++) {
    sls_scenario sc;
    sls_world *w =
        run_text("duration_s = 2000.0; sample_interval_s = 0.0;\n"
                 "functions = ( { name = \"f\"; " RT_ZERO " keep_alive_s = 3600.0; max_lifetime_s = 0.0;\n"
                 "  duration = { dist = \"lognormal\"; mean_ms = 180.0; sigma = 0.8; }; },\n"
                 " { name = \"g\"; " RT_ZERO " memory_mb = 512; ref_memory_mb = 1024; cpu_fraction = 0.3;\n"
                 "  duration = { dist = \"lognormal\"; mean_ms = 180.0; sigma = 0.8; }; } );\n"
                 "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = "
                 "50.0; }; },\n"
                 "            { name = \"t\"; target = \"g\"; arrival = { kind = \"poisson\"; rate_per_s = "
                 "50.0; }; } );\n",
                 &sc, 3000 + (uint64_t)r);
    conc[r] = sls_function_mean_concurrency(&w->functions[0], sc.duration);
    busy[r] = sls_function_mean_concurrency(&w->functions[1], sc.duration);
    ck_assert_uint_eq(w->functions[0].st.throttles, 0);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
  double m, h;
  mean_ci(conc, R, LEVEL, &m, &h);
  ck_assert(h < 0.005 * 9.0);
  ck_assert_msg(fabs(m - 9.0) <= h, "mean concurrency %g +- %g, expected 9.0", m, h);
  mean_ci(busy, R, LEVEL, &m, &h);
  ck_assert(h < 0.005 * 11.7);
  ck_assert_msg(fabs(m - 11.7) <= h, "mean concurrency at 512 MB %g +- %g, expected 11.7", m, h);
}
END_TEST

START_TEST(poisson_source_produces_its_rate) {
  /* The number of arrivals in T has mean lambda T; piecewise: the integral of the rate. */
  double n[R], np[R];
  for (int r = 0; r < R; r++) {
    sls_scenario sc;
    sls_world *w =
        run_text("duration_s = 1000.0; sample_interval_s = 0.0;\n"
                 "functions = ( { name = \"f\"; duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
                 "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = "
                 "20.0; }; },\n"
                 "            { name = \"p\"; target = \"f\"; arrival = { kind = \"piecewise\"; times_s = "
                 "[0.0, 100.0, 700.0];"
                 " rates_per_s = [5.0, 0.0, 30.0]; }; } );\n",
                 &sc, 4000 + (uint64_t)r);
    n[r] = (double)w->sources[0].arrivals;
    np[r] = (double)w->sources[1].arrivals;
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
  double m, h;
  mean_ci(n, R, LEVEL, &m, &h);
  ck_assert(h < 0.01 * 20000);
  ck_assert_msg(fabs(m - 20000) <= h, "poisson: %g +- %g arrivals, expected 20000", m, h);
  mean_ci(np, R, LEVEL, &m, &h);
  ck_assert(h < 0.01 * 9500);
  ck_assert_msg(fabs(m - (5 * 100 + 30 * 300)) <= h, "piecewise: %g +- %g arrivals, expected 9500", m, h);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("oracle");
  TCase *tc = tcase_create("analytical");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, lost_requests_at_a_concurrency_cap_follow_erlang_b);
  tcase_add_test(tc, cold_start_fraction_is_exp_minus_lambda_t);
  tcase_add_test(tc, mean_concurrency_obeys_littles_law);
  tcase_add_test(tc, poisson_source_produces_its_rate);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
