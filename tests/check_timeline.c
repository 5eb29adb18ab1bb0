/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The timeline (model/timeline.c): scheduled provisioned concurrency, deploys, setting changes,
 * downstream degradation windows and the target-tracking autoscaler, each stepped by hand on a
 * deterministic scenario in the comments; the bill of a provisioned concurrency that changed; the
 * loader's checks of events.
 */
#include "cost/cost.h"
#include "model/queue.h"
#include "model/timeline.h"
#include "model/world.h"
#include "testutil.h"

#define S(x) ((sls_time)((x)*1e9 + 0.5)) /* seconds -> ns */

/* Function f, no preset: init 100 ms, handler DUR s, keep-alive KA s, no recycling; a request
 * every 10 s from t = 0 (a schedule firing once every 10 s), no retries. */
#define SCEN(dur, ka, extra_fn, rest)                                                                        \
  "platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 3600.0; sample_interval_s = 0.0;\n"        \
  "functions = ( { name = \"f\"; memory_mb = 1024; timeout_s = 60.0; max_lifetime_s = 0.0;\n"                \
  "  keep_alive_s = " ka "; provisioned_allocation_s = 90.0;\n"                                              \
  "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = false; };\n"               \
  "  duration = { dist = \"constant\"; value_ms = " dur "; };\n" extra_fn " } );\n"                          \
  "sources = ( { name = \"s\"; target = \"f\"; client = { max_retries = 0; };\n"                             \
  "  arrival = { kind = \"schedule\"; count = 1; period_s = 10.0; at_s = 0.0; }; } );\n" rest

static sls_world *run(const char *text, sls_scenario *sc) { return run_text(text, sc, 1); }

START_TEST(scheduled_provisioned_concurrency_is_usable_after_its_allocation) {
  /* Keep-alive 1 ms: without provisioned concurrency every request (one per 10 s) is cold.  PC 1
   * set at 105 s is usable at 195 s (90 s allocation): the requests at 0, 10, ..., 190 are cold
   * (20), those at 200 .. 3590 run on it (340).  Billed from 105 s: 1 x 3495 s x 1 GB. */
  sls_scenario sc;
  sls_world *w = run(SCEN("1000.0", "0.001", "",
                          "events = ( { at_s = 105.0; function = \"f\"; provisioned_concurrency = 1; } );\n"),
                     &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->requests, 360);
  ck_assert_uint_eq(st->cold_starts, 20);
  ck_assert_uint_eq(st->pc_invocations, 340);
  ck_assert_double_eq_tol(w->functions[0].pcc_area_run / 1e9, 3495.0, 1e-6);
  sls_cost_line *lines = NULL;
  int nl = sls_cost_compute(w, &lines), found = 0;
  for (int i = 0; i < nl; i++)
    if (!strcmp(lines[i].item, "provisioned-concurrency")) {
      ck_assert_double_eq_tol(lines[i].sim_quantity, 3495.0, 1e-6); /* GB-s at 1,024 MB */
      found = 1;
    }
  ck_assert(found);
  free(lines);
  ck_assert_uint_eq(w->timeline->n_log, 1);
  ck_assert_double_eq(w->timeline->log[0].t_s, 105.0);
  ck_assert_double_eq(w->timeline->log[0].value, 1.0);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* Lowered to 0 at 1005 s: the environment goes (idle then), requests from 1010 are cold again:
   * 20 + 200 (1010 .. 3000 .. 3590: 259)  — cold = 20 + 259, on PC 200 .. 1000 (81). */
  w = run(SCEN("1000.0", "0.001", "",
               "events = ( { at_s = 105.0; function = \"f\"; provisioned_concurrency = 1; },\n"
               "  { at_s = 1005.0; function = \"f\"; provisioned_concurrency = 0; } );\n"),
          &sc);
  st = &w->functions[0].st;
  ck_assert_uint_eq(st->pc_invocations, 81);
  ck_assert_uint_eq(st->cold_starts, 20 + 259);
  ck_assert_double_eq_tol(w->functions[0].pcc_area_run / 1e9, 900.0, 1e-6);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(a_deploy_retires_environments_and_reallocates_provisioned_ones) {
  /* Keep-alive 10 min, 1 s handler: one cold start at 0, then the same environment.  A deploy at
   * 505 s retires it (idle): the request at 510 is cold.  At 500.5 the environment is busy (the
   * request of 500 runs to 501.1): it finishes on the old version and retires; 510 is cold. */
  const char *at[] = {"505.0", "500.5"};
  for (int k = 0; k < 2; k++) {
    char text[4096];
    snprintf(text, sizeof text,
             SCEN("1000.0", "600.0", "", "events = ( { at_s = %s; function = \"f\"; deploy = true; } );\n"),
             at[k]);
    sls_scenario sc;
    sls_world *w = run(text, &sc);
    const sls_fn_stats *st = &w->functions[0].st;
    ck_assert_uint_eq(st->cold_starts, 2);
    ck_assert_uint_eq(st->recycled, 1);
    ck_assert_uint_eq(st->deploys, 1);
    ck_assert_uint_eq(st->envs_created, 2);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
  /* With provisioned concurrency 1, deployed the way CloudFormation does (the new version's
   * provisioned concurrency ready before the traffic moves): no cold start at all, every request
   * on a provisioned environment (the old one until 505, the new one after). */
  sls_scenario sc;
  sls_world *w = run(SCEN("1000.0", "600.0", "provisioned_concurrency = 1;",
                          "events = ( { at_s = 505.0; function = \"f\"; deploy = true; } );\n"),
                     &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->cold_starts, 0);
  ck_assert_uint_eq(st->pc_invocations, 360);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* deploy_provisioned = "after": the deploy at 505 frees it and allocates it again by 595: the
   * request at 510 is cold, 520 .. 590 reuse that on-demand environment, 600 .. 3590 run on the
   * new one.  On provisioned: 0 .. 500 (51) + 600 .. 3590 (300). */
  w = run(SCEN("1000.0", "600.0", "provisioned_concurrency = 1;",
               "events = ( { at_s = 505.0; function = \"f\"; deploy = true; deploy_provisioned = \"after\"; "
               "} );\n"),
          &sc);
  st = &w->functions[0].st;
  ck_assert_uint_eq(st->cold_starts, 1);
  ck_assert_uint_eq(st->pc_invocations, 351);
  ck_assert_uint_eq(st->invocations, 360);
  ck_assert_double_eq_tol(w->functions[0].pcc_area_run / 1e9, 3600.0, 1e-6); /* configured throughout */
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* A memory change at 1,805 s, 1,024 -> 2,048 MB, of a 1 s handler measured at 1,024 MB, all CPU
 * on up to 2 threads: twice the vCPUs (0.579 -> 1.158), so 0.5 s after it.  The environment is
 * retired (a configuration update), so the request at 1,810 is cold (2 cold starts).  The
 * requests at 0 .. 1,800 (181) take 1 s, those at 1,810 .. 3,590 (179) 0.5 s.  Billed: 181 x
 * 1,000 ms at 1,024 MB + 179 x 500 ms at 2,048 MB = 368,640,000 MB-ms = 360 GB-s; the timeout
 * raised to 30 s at the same time. */
START_TEST(a_memory_change_is_a_configuration_update) {
  sls_scenario sc;
  sls_world *w =
      run(SCEN("1000.0", "600.0", "cpu_fraction = 1.0; cpu_threads = 2.0;",
               "events = ( { at_s = 1805.0; function = \"f\"; memory_mb = 2048; timeout_s = 30.0; } );\n"),
          &sc);
  const sls_function *f = &w->functions[0];
  ck_assert_uint_eq(f->st.cold_starts, 2);
  ck_assert_int_eq(f->memory_mb, 2048);
  ck_assert_int_eq(f->timeout, S(30));
  ck_assert_double_eq_tol(f->st.latency.sum / 1e9, 181 * 1.0 + 179 * 0.5 + 2 * 0.1, 1e-6);
  sls_cost_line *l = NULL;
  int n = sls_cost_compute(w, &l);
  double gb_s = 0;
  for (int i = 0; i < n; i++)
    if (!strcmp(l[i].item, "duration-x86_64")) gb_s = l[i].sim_quantity;
  ck_assert_double_eq_tol(gb_s, 360.0, 1e-9);
  /* idle memory-time, each environment at its own size: A (1 GB) idle 8.9 s after its cold first
   * request, 9 s in each of the next 179 gaps, 4 s from 1,801 to the change; B (2 GB) 9.4 s after
   * its cold first, 9.5 s after each of the other 178: 1,623.9 + 2 x 1,700.4 = 5,024.7 GB-s */
  ck_assert_double_eq_tol(sls_function_idle_gb_s(f), 5024.7, 1e-6);
  free(l);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* with a warm-up of 1,000 s: A's 8.9 + 99 x 9 = 899.9 GB-s before it are left out */
  w = run(SCEN("1000.0", "600.0", "cpu_fraction = 1.0; cpu_threads = 2.0;",
               "warmup_s = 1000.0;\n"
               "events = ( { at_s = 1805.0; function = \"f\"; memory_mb = 2048; timeout_s = 30.0; } );\n"),
          &sc);
  ck_assert_double_eq_tol(sls_function_idle_gb_s(&w->functions[0]), 5024.7 - 899.9, 1e-6);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* refused where it is not modelled: with provisioned concurrency */
  char text[4096], err[SLS_ERRLEN];
  snprintf(text, sizeof text, "%s",
           SCEN("1000.0", "600.0", "provisioned_concurrency = 1;",
                "events = ( { at_s = 5.0; function = \"f\"; memory_mb = 1024; } );\n"));
  ck_assert_int_eq(load_text(text, &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "expected a function with one request per environment"), "%s", err);
}
END_TEST

/* A mapping of maximum concurrency 5 drains a backlog, one message a batch, 10 s a batch (after a
 * 100 ms cold start at first): 5 batches at a time.  A deploy at 25 s starts new pollers while the
 * 5 batches begun at ~20.2 s run to ~30.2 s: 10 at once until then, 5 again after. */
START_TEST(a_deploy_lets_a_mapping_overshoot_its_maximum_concurrency) {
  const char *text =
      "platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 60.0; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; timeout_s = 60.0; max_lifetime_s = 0.0; keep_alive_s = 600.0;\n"
      "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = false; };\n"
      "  duration = { dist = \"constant\"; value_s = 10.0; }; } );\n"
      "queues = ( { name = \"q\"; visibility_timeout_s = 120.0; } );\n"
      "mappings = ( { name = \"m\"; queue = \"q\"; function = \"f\"; batch_size = 1; maximum_concurrency = "
      "5; } );\n"
      "sources = ( { name = \"s\"; target = \"q\"; arrival = { kind = \"batch\"; count = 1000; }; } );\n"
      "%s";
  char buf[4096];
  for (int deploy = 0; deploy < 2; deploy++) {
    snprintf(buf, sizeof buf, text,
             deploy ? "events = ( { at_s = 25.0; function = \"f\"; deploy = true; } );\n" : "");
    sls_scenario sc;
    sls_world *w = run(buf, &sc);
    ck_assert_int_eq(w->esms[0].lv_active.peak_all, deploy ? 10 : 5);
    ck_assert_int_eq(w->esms[0].active_old, 0); /* the old pollers' batches all ended */
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

START_TEST(settings_and_degradation_windows) {
  /* A window of error_rate 1 over [1000, 1500): the requests at 1000 .. 1490 fail (50). */
  sls_scenario sc;
  sls_world *w =
      run(SCEN("1000.0", "600.0", "",
               "events = ( { at_s = 1000.0; lasting_s = 500.0; function = \"f\"; error_rate = 1.0; } );\n"),
          &sc);
  ck_assert_uint_eq(w->functions[0].st.errors, 50);
  ck_assert_uint_eq(w->timeline->n_log, 2); /* applied, undone */
  ck_assert_int_eq(w->timeline->log[1].phase, 0);
  ck_assert_double_eq(w->timeline->log[1].t_s, 1500.0);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* A reservation for [1,000, 1,500): in force then (1 of the account's 1,000 reserved), and at
   * its end the function is back in the shared pool: nothing reserved, nothing counted in use. */
  w = run(SCEN("1000.0", "600.0", "",
               "events = ( { at_s = 1000.0; lasting_s = 500.0; function = \"f\"; reserved_concurrency = 1; } "
               ");\n"),
          &sc);
  ck_assert_uint_eq(w->functions[0].st.throttles, 0);
  ck_assert_int_eq(w->functions[0].reserved, -1);
  ck_assert_int_eq(w->reserved_total, 0);
  ck_assert_int_eq(w->unreserved_used, 0);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* Every 20 min for 10 min (from 5, 1205, 2405 s), the handler takes 2 s instead of 1 s: 60 of
   * each 120 requests.  Latencies (warm): 1 s or 2 s; the first is cold (+0.1 s). */
  w = run(SCEN("1000.0", "600.0", "",
               "events = ( { at_s = 5.0; every_min = 20.0; lasting_min = 10.0; function = \"f\"; "
               "duration_factor = 2.0; } );\n"),
          &sc);
  const sls_hist *h = &w->functions[0].st.latency;
  ck_assert_uint_eq(h->n, 360);
  ck_assert_double_eq_tol(h->sum / 1e9, 180 * 1.0 + 180 * 2.0 + 0.1, 1e-6);
  ck_assert_uint_eq(w->timeline->n_log, 6);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* A downstream of 100 ms per call: x10 over [1000, 1500), down over [2000, 2100).  The handler
   * takes 1 ms, then one call: 0.101 s, 1.001 s for the 50 requests of the window; the 10 at
   * 2000 .. 2090 fail at once (the call fails, the invocation with it). */
  w = run(
      SCEN("1.0", "600.0", "downstream = \"db\"; calls_per_message = 1;",
           "downstreams = ( { name = \"db\"; latency = { dist = \"constant\"; value_ms = 100.0; }; "
           "max_connections = 100; capacity = 100; } );\n"
           "events = ( { at_s = 1000.0; lasting_s = 500.0; downstream = \"db\"; latency_factor = 10.0; },\n"
           "  { at_s = 2000.0; lasting_s = 100.0; downstream = \"db\"; down = true; } );\n"),
      &sc);
  const sls_fn_stats *st = &w->functions[0].st;
  ck_assert_uint_eq(st->errors, 10);
  ck_assert_uint_eq(st->ok, 350);
  ck_assert_double_eq_tol(sls_hist_quantile(&st->latency, 1.0) / 1e9, 1.001, 0.002);
  uint64_t slow = 0;
  for (int b = 0; b < SLS_HIST_NBUCKETS; b++)
    if (sls_hist_bucket_lo(b) >= 900000000) slow += sls_hist_count(&st->latency, b);
  ck_assert_uint_eq(slow, 50);
  ck_assert_double_eq_tol(sls_time_to_s(w->downstreams[0].st.outage_ns), 100.0, 1e-9);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(target_tracking_steps_by_hand) {
  /* Ten requests every second, each 0.999 s: ten busy at all times.  Provisioned 5 (min 1, max
   * 100, target 0.7): 5 run on it, 5 on demand, so each minute's utilization is 0.999 (5 x 0.999 / 5).
   * Points end at 60, 120, ... and are seen a minute later; the third above 0.7 (the point of
   * 180 s, seen at 240): ceil(5 x 0.999 / 0.7) = 8, set at 240, usable at 330.  The point of 300
   * has 5 busy of 8 (0.624) and breaks the run; those of 360 (0.81), 420 and 480 (0.999) scale at
   * 540 to ceil(8 x 0.999 / 0.7) = 12, usable at 630; the point of 600 (8/12) breaks it; 660
   * (9 busy: 0.749), 720 and 780 (10 x 0.999 / 12 = 0.8325) scale at 840 to ceil(12 x 0.8325 / 0.7)
   * = 15.  Then 10/15 = 0.666: above 0.7? no; below 0.63? no: it stays.  The source stops at
   * 1200: the points of 1260 .. 2100 are 0, fifteen below 0.63 by the one of 2100, seen at 2160:
   * scale in to ceil(0) -> min 1. */
  sls_scenario sc;
  sls_world *w =
      run("platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 2400.0; sample_interval_s = 0.0;\n"
          "functions = ( { name = \"f\"; memory_mb = 1024; timeout_s = 60.0; max_lifetime_s = 0.0; "
          "keep_alive_s = "
          "600.0;\n"
          "  provisioned_concurrency = 5; provisioned_allocation_s = 90.0;\n"
          "  provisioned_autoscaling = { target_utilization = 0.7; min = 1; max = 100; };\n"
          "  runtime = { init = { dist = \"constant\"; value_ms = 100.0; }; init_billed = false; };\n"
          "  duration = { dist = \"constant\"; value_ms = 999.0; }; } );\n"
          "sources = ( { name = \"s\"; target = \"f\"; stop_s = 1200.0; client = { max_retries = 0; };\n"
          "  arrival = { kind = \"schedule\"; count = 10; period_s = 1.0; at_s = 0.0; }; } );\n",
          &sc);
  const sls_timeline *tl = w->timeline;
  const double want_t[] = {240, 540, 840, 2160}, want_v[] = {8, 12, 15, 1};
  ck_assert_uint_eq(tl->n_log, 4);
  for (int i = 0; i < 4; i++) {
    ck_assert_int_eq(tl->log[i].event, -1);
    ck_assert_double_eq(tl->log[i].t_s, want_t[i]);
    ck_assert_double_eq(tl->log[i].value, want_v[i]);
  }
  ck_assert_int_eq(w->functions[0].pc_conf, 1);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(bad_events_are_refused_with_their_line) {
  static const struct {
    const char *events, *expect;
  } cases[] = {
      {"{ at_s = 10.0; function = \"g\"; deploy = true; }", "events[0].function: no function named \"g\""},
      {"{ at_s = 10.0; downstream = \"f\"; latency_factor = 2.0; }", "no downstream named \"f\""},
      {"{ at_s = 10.0; function = \"f\"; latency_factor = 2.0; }",
       "events[0].latency_factor: not a setting of a function; expected deploy, deploy_provisioned"},
      {"{ at_s = 10.0; concurrency_limit = 10; error_rate = 0.5; }", "not a setting of the account"},
      {"{ at_s = 10.0; function = \"f\"; }", "expected a change"},
      {"{ at_s = 10.0; function = \"f\"; deploy_provisioned = \"after\"; }",
       "deploy_provisioned without deploy"},
      {"{ at_s = 10.0; function = \"f\"; deploy = true; lasting_s = 5.0; }", "a deploy does not last"},
      {"{ at_s = 10.0; every_s = 120.0; lasting_s = 120.0; function = \"f\"; error_rate = 1.0; }",
       "expected lasting (120 s) shorter than every (120 s)"},
      {"{ at_s = 10.0; every_s = 1.0; function = \"f\"; error_rate = 1.0; }", "every"},
      {"{ function = \"f\"; error_rate = 1.0; }", "events[0].at: missing"},
      {"{ at_s = 10.0; function = \"f\"; mapping = \"m\"; error_rate = 1.0; }", "expected one of function"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[4096], err[SLS_ERRLEN] = "";
    snprintf(text, sizeof text, SCEN("1000.0", "600.0", "", "events = ( %s );\n"), cases[i].events);
    sls_scenario sc;
    ck_assert_msg(load_text(text, &sc, err) == SLS_EINPUT, "case %zu loaded", i);
    ck_assert_msg(strstr(err, cases[i].expect) && strstr(err, "/tmp/slsim-test-"), "case %zu: %s", i, err);
  }
}
END_TEST

/* The lints: each on a scenario that should trigger it and one that should not.  The timeout's
 * share from the closed form: a lognormal of median 2 s and p99 6 s has sigma = ln 3 / 2.326 =
 * 0.4723, so P(X > 3 s) = 1 - Phi(ln 1.5 / 0.4723) = 1 - Phi(0.8585) = 19.5 %; of a 1 s handler
 * against keep-alive 360 s (the preset's mean), a Poisson source with a 600 s mean gap finds no
 * warm environment with probability e^(-360/600) = 55 %. */
START_TEST(lints_warn_when_they_should_and_only_then) {
  static const struct {
    const char *fn, *sources, *expect; /* expect NULL: no warning at all */
  } cases[] = {
      {"duration = { dist = \"lognormal\"; p50_ms = 2000.0; p99_ms = 6000.0; };",
       "{ name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 5.0; }; }",
       "functions.f.timeout: 19.5 % of its durations (at 128 MB) are longer than its timeout, 3 s"},
      {"timeout_s = 30.0; duration = { dist = \"lognormal\"; p50_ms = 2000.0; p99_ms = 6000.0; };",
       "{ name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 5.0; }; }", NULL},
      {"duration = { dist = \"constant\"; value_ms = 100.0; };",
       "{ name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_min = 0.1; }; }",
       "functions.f.keep_alive: its mean keep-alive (360 s) against source s's gaps of 600 s: about 55 %"},
      {"duration = { dist = \"constant\"; value_ms = 100.0; };",
       "{ name = \"s\"; target = \"f\"; arrival = { kind = \"schedule\"; count = 1; period_min = 10.0; }; }",
       "about 100 % of those invocations will find no warm environment"},
      {"duration = { dist = \"constant\"; value_ms = 100.0; };",
       "{ name = \"s\"; target = \"f\"; arrival = { kind = \"schedule\"; count = 1; period_min = 5.0; }; }",
       NULL},
      {"duration = { dist = \"constant\"; value_ms = 100.0; };",
       "{ name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 2000; }; }",
       "sources.s.arrival.count: a burst of 2000 requests at once (2000 in 0 s), but function f may run "
       "1000"},
      {"duration = { dist = \"constant\"; value_ms = 100.0; };",
       "{ name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 2000; window_s = 10.0; }; }",
       NULL}, /* 100 ms each over 10 s: 20 at once */
      {"duration = { dist = \"constant\"; value_ms = 100.0; };",
       "{ name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 500; }; },\n"
       "{ name = \"p\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 5.0; }; }",
       "sources.s: a one-off batch, billed as if it came back every 3600 s for a 30-day month (x 720)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[2048], err[SLS_ERRLEN] = "";
    snprintf(text, sizeof text,
             "duration_h = 1.0;\nfunctions = ( { name = \"f\"; %s } );\nsources = ( %s );\n", cases[i].fn,
             cases[i].sources);
    sls_scenario sc;
    ck_assert_msg(load_text(text, &sc, err) == 0, "case %zu: %s", i, err);
    if (cases[i].expect)
      ck_assert_msg(sc.warnings && strstr(sc.warnings, cases[i].expect), "case %zu: %s", i,
                    sc.warnings ? sc.warnings : "(no warning)");
    else
      ck_assert_msg(!sc.warnings, "case %zu warned: %s", i, sc.warnings);
    sls_scenario_free(&sc);
  }
  /* a batch alone is billed for its span (bill_period auto), with no warning */
  char err[SLS_ERRLEN] = "";
  sls_scenario sc;
  ck_assert(
      load_text("duration_h = 1.0;\nfunctions = ( { name = \"f\"; duration = { dist = \"constant\"; "
                "value_ms = 100.0; }; } );\nsources = ( { name = \"s\"; target = \"f\"; arrival = { kind = "
                "\"batch\"; count = 500; }; } );\n",
                &sc, err) == 0);
  ck_assert_int_eq(sc.bill_period, SLS_BILL_PERIOD_SPAN);
  ck_assert_ptr_null(sc.warnings);
  sls_scenario_free(&sc);
}
END_TEST

/* The warm-up: one request every 10 s (1 s handler, keep-alive 600 s), warm-up 1,805 s of 3,600.
 * The whole run has one cold start (at 0); from the warm-up on: the requests at 1,810 .. 3,590
 * (179), none cold, every latency 1 s (the 1.1 s of the cold one is before), 179 x 1 s billed,
 * mean concurrency 179 s / 1,795 s, and the month is 2,592,000 / 1,795 such spans.  Conservation
 * is of the whole run. */
START_TEST(the_warmup_is_left_out_of_the_summary) {
  sls_scenario sc;
  sls_world *w = run(SCEN("1000.0", "600.0", "", "warmup_s = 1805.0;\n"), &sc);
  const sls_function *f = &w->functions[0];
  ck_assert_uint_eq(f->st.requests, 179);
  ck_assert_uint_eq(f->st.ok, 179);
  ck_assert_uint_eq(f->st.cold_starts, 0);
  ck_assert_uint_eq(f->st.latency.n, 179);
  ck_assert_int_eq(f->st.latency.max, S(1.0));
  ck_assert_uint_eq(f->st.billed_ms, 179000);
  ck_assert_double_eq_tol(sls_function_mean_concurrency(f, sls_world_span(w)), 179.0 / 1795.0, 1e-9);
  ck_assert_double_eq_tol(sls_cost_month_factor(w), 2592000.0 / 1795.0, 1e-9);
  char err[SLS_ERRLEN];
  ck_assert(sls_world_conserved(w, err));
  ck_assert_uint_eq(w->sources[0].arrivals, 179);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* the same without a warm-up: 360 requests, the cold one among them */
  w = run(SCEN("1000.0", "600.0", "", ""), &sc);
  ck_assert_uint_eq(w->functions[0].st.requests, 360);
  ck_assert_uint_eq(w->functions[0].st.cold_starts, 1);
  ck_assert_int_eq(w->functions[0].st.latency.max, S(1.1));
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* a graph: each arrival published to a topic that two functions subscribe to (async): from the
   * warm-up on, 179 publishes, 358 deliveries, 179 async events each */
  w = run(
      "platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 3600.0; sample_interval_s = 0.0; "
      "warmup_s = 1805.0;\n"
      "functions = ( { name = \"f\"; runtime = \"nodejs20\"; duration = { dist = \"constant\"; value_ms = "
      "10.0; }; },\n"
      "  { name = \"g\"; runtime = \"nodejs20\"; duration = { dist = \"constant\"; value_ms = 10.0; }; } );\n"
      "topics = ( { name = \"t\"; subscriptions = ( { target = \"f\"; }, { target = \"g\"; } ); } );\n"
      "sources = ( { name = \"s\"; target = \"t\"; arrival = { kind = \"schedule\"; count = 1; period_s "
      "= 10.0; "
      "}; } );\n",
      &sc);
  ck_assert_uint_eq(w->topics[0].published, 179);
  ck_assert_uint_eq(w->topics[0].deliveries, 358);
  ck_assert_uint_eq(w->functions[0].st.async_events, 179);
  ck_assert_uint_eq(w->functions[1].st.async_events, 179);
  ck_assert(sls_world_conserved(w, err));
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* a warm-up as long as the run is refused */
  char text[4096];
  snprintf(text, sizeof text, "%s", SCEN("1000.0", "600.0", "", "warmup_h = 1.0;\n"));
  ck_assert_int_eq(load_text(text, &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "warmup: expected less than duration (3600 s), got 3600 s"), "%s", err);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("timeline");
  TCase *tc = sls_tcase("deterministic");
  tcase_add_test(tc, scheduled_provisioned_concurrency_is_usable_after_its_allocation);
  tcase_add_test(tc, a_deploy_retires_environments_and_reallocates_provisioned_ones);
  tcase_add_test(tc, settings_and_degradation_windows);
  tcase_add_test(tc, a_memory_change_is_a_configuration_update);
  tcase_add_test(tc, a_deploy_lets_a_mapping_overshoot_its_maximum_concurrency);
  tcase_add_test(tc, target_tracking_steps_by_hand);
  tcase_add_test(tc, bad_events_are_refused_with_their_line);
  tcase_add_test(tc, lints_warn_when_they_should_and_only_then);
  tcase_add_test(tc, the_warmup_is_left_out_of_the_summary);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
