/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Composition (issue 13): functions that invoke, send, publish and put; topics, buses and joins;
 * root requests traced through the graph.  Every expected value is computed by hand from the
 * scenario's constants (in the comments), or is a closed form with a tolerance that holds for
 * any seed.  Every run also checks conservation, which covers the graph's ledger (what each part
 * sent = what the others received + what is on its way).
 */
#include "cost/cost.h"
#include "model/bus.h"
#include "model/join.h"
#include "model/topic.h"
#include "study/rows.h"
#include "testutil.h"

/* Deterministic parts: no cold-start time, constant durations; one request every 10 s from 1 s,
 * so 20 requests in 200 s that never overlap. */
#define HEAD                                                                                                 \
  "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 11; duration_s = 200.0;\n"                       \
  "sources = ( { name = \"s\"; target = \"a\"; arrival = { kind = \"schedule\"; period_s = 10.0; count = "   \
  "1; "                                                                                                      \
  "at_s = 1.0; }; } );\n"
#define FN(name, ms, rest)                                                                                   \
  "{ name = \"" name "\"; memory_mb = 1024; " RT_ZERO " duration = { dist = \"constant\"; value_ms = " ms    \
  "; }; " rest " }"
#define API(ms) "api_latency = { dist = \"constant\"; value_ms = " ms "; };"

static int fn(const sls_world *w, const char *name) {
  for (int i = 0; i < w->n_functions; i++)
    if (!strcmp(w->functions[i].spec->name, name)) return i;
  ck_abort_msg("no function %s", name);
  return -1;
}

/* The source's response and completion latency histograms (ms: mean, min, max). */
typedef struct {
  uint64_t n;
  double mean, min, max;
} lat;

static void latencies(const sls_source *s, lat *response, lat *completion) {
  sls_hist r, c;
  sls_source_latencies(s, &r, &c);
  *response = (lat){r.n, r.n ? r.sum / (double)r.n / 1e6 : 0, (double)r.min / 1e6, (double)r.max / 1e6};
  *completion = (lat){c.n, c.n ? c.sum / (double)c.n / 1e6 : 0, (double)c.min / 1e6, (double)c.max / 1e6};
  sls_hist_destroy(&r);
  sls_hist_destroy(&c);
}

/* Every value of a deterministic latency is `ms` exactly (to the nanosecond's rounding). */
static void all_equal(const lat *l, uint64_t n, double ms, const char *what) {
  ck_assert_msg(l->n == n, "%s: %llu recorded, expected %llu", what, (unsigned long long)l->n,
                (unsigned long long)n);
  ck_assert_msg(fabs(l->min - ms) < 1e-6 && fabs(l->max - ms) < 1e-6, "%s: %.6f..%.6f ms, expected %.6f",
                what, l->min, l->max, ms);
}

static double hist_ms(const sls_hist *h, int max) { return (double)(max ? h->max : h->min) / 1e6; }

/* ---- a synchronous chain ---- */

/* s -> a (100 ms; after compute, sync invoke of b with a 10 ms call) -> b (50 ms; at its end three
 * async invokes of c, 5 ms each) -> c (20 ms).  b starts 110 ms after arrival and answers at
 * 110 + 50 + 15 = 175 ms, when a answers too (a's latency: 100 + 10 + 65).  c's third event
 * arrives at 110 + 50 + 15 = 175 ms and ends 20 ms later: completion 195 ms, all of it running. */
static const char *chain = HEAD "functions = (\n" FN(
    "a", "100.0",
    "emits = ( { kind = \"invoke\"; target = \"b\"; invocation = \"sync\"; "
    "when = \"after_compute\"; " API(
        "10.0") " } );") ",\n" FN("b", "50.0",
                                  "emits = ( { kind = \"invoke\"; target = \"c\"; count = 3; " API(
                                      "5.0") " } );") ",\n" FN("c", "20.0", "") "\n);\n";

START_TEST(a_sync_chain_takes_the_hand_computed_times) {
  sls_scenario sc;
  sls_world *w = run_text(chain, &sc, 1);
  const sls_function *a = &w->functions[fn(w, "a")], *b = &w->functions[fn(w, "b")],
                     *c = &w->functions[fn(w, "c")];
  const sls_source *s = &w->sources[0];
  ck_assert_uint_eq(s->arrivals, 20);
  ck_assert_uint_eq(a->st.requests, 20);
  ck_assert_uint_eq(a->st.ok, 20);
  ck_assert_uint_eq(a->st.sync_calls, 20);
  ck_assert_uint_eq(b->st.requests, 20); /* the caller's calls */
  ck_assert_uint_eq(b->st.emitted[SLS_EMIT_INVOKE], 60);
  ck_assert_uint_eq(c->st.async_events, 60);
  ck_assert_uint_eq(c->st.async_ok, 60);
  ck_assert_msg(fabs(hist_ms(&a->st.latency, 0) - 175) < 1e-6 &&
                    fabs(hist_ms(&a->st.latency, 1) - 175) < 1e-6,
                "a: %.6f..%.6f ms", hist_ms(&a->st.latency, 0), hist_ms(&a->st.latency, 1));
  ck_assert_msg(fabs(hist_ms(&b->st.latency, 0) - 65) < 1e-6 && fabs(hist_ms(&b->st.latency, 1) - 65) < 1e-6,
                "b: %.6f..%.6f ms", hist_ms(&b->st.latency, 0), hist_ms(&b->st.latency, 1));
  lat resp, comp;
  latencies(s, &resp, &comp);
  all_equal(&resp, 20, 175, "response");
  all_equal(&comp, 20, 195, "completion");
  ck_assert_uint_eq(s->roots_done, 20);
  ck_assert_uint_eq(s->roots_failed + s->roots_dropped, 0);
  /* the critical path is running, all of it: 20 x 195 ms */
  ck_assert_msg(fabs(s->crit_ns[SLS_PATH_RUN] - 20 * 195e6) < 1, "running %.0f ns", s->crit_ns[SLS_PATH_RUN]);
  ck_assert_msg(s->crit_ns[SLS_PATH_WAIT] + s->crit_ns[SLS_PATH_COLD] + s->crit_ns[SLS_PATH_DOWNSTREAM] == 0,
                "other parts of the path are not empty");
  /* what one root used: 5 invocations, 1 GB x (175 + 65 + 3 x 20) ms = 0.3 GB-s (a is billed
   * while it waits for b) */
  ck_assert_msg(fabs(s->use.lambda_requests - 100) < 1e-9, "requests %.3f", s->use.lambda_requests);
  ck_assert_msg(fabs(s->use.gb_s[0] - 20 * 0.3) < 1e-9, "GB-s %.9f", s->use.gb_s[0]);
  /* its summary row: priced at $0.20 per million requests, $0.0000166667 per GB-s (the pricing
   * model's first tier) and $0.50 per GB of logs (0.3 KB an invocation, log_kb's default), a root
   * costs 5 x 0.2e-6 + 0.3 x 0.0000166667 + 5 x 0.3 / 1024^2 x 0.5 = $6.7152657e-6 */
  sls_source_row row;
  sls_row_source(w, 0, &row);
  ck_assert_uint_eq(row.roots, 20);
  ck_assert_uint_eq(row.roots_ok, 20);
  ck_assert_uint_eq(row.roots_unfinished, 0);
  ck_assert_msg(fabs(row.completion_mean_ms - 195) < 1e-6 && fabs(row.response_mean_ms - 175) < 1e-6,
                "means %.6f, %.6f ms", row.completion_mean_ms, row.response_mean_ms);
  ck_assert_msg(fabs(row.path_run_ms - 195) < 1e-6 && row.path_wait_ms == 0, "path %.6f ms running",
                row.path_run_ms);
  ck_assert_msg(fabs(row.lambda_requests_per_root - 5) < 1e-12 && fabs(row.gb_s_per_root - 0.3) < 1e-12,
                "per root %.6f requests, %.6f GB-s", row.lambda_requests_per_root, row.gb_s_per_root);
  ck_assert_msg(fabs(row.cost_per_root_usd - (1e-6 + 0.3 * 0.0000166667 + 1.5 / 1048576 * 0.5)) < 1e-15,
                "cost per root %.12g USD", row.cost_per_root_usd);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* The bill's line for entity of scope in the world's bill: its simulated quantity (-1: none). */
static double bill_quantity(const sls_world *w, const char *service, const char *item, const char *entity) {
  sls_cost_line *l = NULL;
  int n = sls_cost_compute(w, &l);
  double q = -1;
  for (int i = 0; i < n; i++)
    if (!strcmp(l[i].service, service) && !strcmp(l[i].item, item) && !strcmp(l[i].entity, entity))
      q = l[i].sim_quantity;
  free(l);
  return q;
}

/* The same chain with b's events sent to a queue drained by c (batch 1): the messages are
 * received as they arrive, so the times are those of the direct invokes. */
START_TEST(a_queue_in_the_chain_adds_no_time_when_drained) {
  char text[4096];
  snprintf(
      text, sizeof text,
      HEAD "functions = (\n" FN(
          "a", "100.0",
          "emits = ( { kind = \"invoke\"; target = \"b\"; invocation = \"sync\"; "
          "when = \"after_compute\"; " API(
              "10.0") " } );") ",\n" FN("b", "50.0",
                                        "emits = ( { kind = \"send\"; target = \"q\"; count = 3; " API(
                                            "5.0") " } );") ",\n" FN("c", "20.0",
                                                                     "") "\n);\n"
                                                                         "queues = ( { name = \"q\"; } );\n"
                                                                         "mappings = ( { name = \"m\"; queue "
                                                                         "= \"q\"; function = \"c\"; "
                                                                         "batch_size = 1; } );\n");
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_source *s = &w->sources[0];
  lat resp, comp;
  latencies(s, &resp, &comp);
  all_equal(&resp, 20, 175, "response");
  all_equal(&comp, 20, 195, "completion");
  ck_assert_uint_eq(w->queues[0].st.sent, 60);
  ck_assert_uint_eq(w->queues[0].st.deleted, 60);
  ck_assert_uint_eq(w->queues[0].st.send_requests, 60); /* one SendMessage each */
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* SendMessageBatch: 12 messages of 10 KB in batches of 10 are two requests, of 100 KB (2 chunks of
 * 64 KB) and 20 KB (1): 3 requests an invocation. */
START_TEST(a_batch_send_bills_its_requests) {
  char text[4096];
  snprintf(text, sizeof text,
           HEAD "functions = (\n" FN(
               "a", "10.0",
               "emits = ( { kind = \"send\"; target = \"q\"; count = 12; batch = 10; "
               "payload_kb = 10.0; " API("4.0") " } );") "\n);\n"
                                                         "queues = ( { name = \"q\"; } );\n");
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->queues[0].st.sent, 20 * 12);
  ck_assert_uint_eq(w->queues[0].st.send_requests, 20 * 3);
  /* two calls of 4 ms after 10 ms of compute */
  const sls_function *a = &w->functions[0];
  ck_assert_msg(fabs(hist_ms(&a->st.latency, 1) - 18) < 1e-6, "a: max %.6f ms", hist_ms(&a->st.latency, 1));
  ck_assert_msg(fabs(w->sources[0].use.sqs_requests[0] - 60) < 1e-9, "SQS requests per source %.3f",
                w->sources[0].use.sqs_requests[0]);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* ---- fan-out and fan-in ---- */

/* a (20 ms) sends 10 async invokes of worker at its end (5 ms each: they leave at 25, 30, ..., 70
 * ms); each worker runs 100 ms and arrives at the join (a 5 ms call) at 130, ..., 175 ms; the join
 * fires at 175 ms and invokes agg (50 ms): completion 225 ms, response 70 ms. */
static const char *fan = HEAD "functions = (\n" FN(
    "a", "20.0",
    "emits = ( { kind = \"invoke\"; target = \"worker\"; count = 10; join = \"j\"; " API(
        "5.0") " } );") ",\n" FN("worker", "100.0",
                                 "emits = ( { kind = \"join\"; target = \"j\"; " API(
                                     "5.0") " } );") ",\n" FN("agg", "50.0", "") "\n);\n"
                                                                                 "joins = ( { name = \"j\"; "
                                                                                 "target = \"agg\"; } );\n";

START_TEST(a_fan_out_joins_when_its_last_branch_arrives) {
  sls_scenario sc;
  sls_world *w = run_text(fan, &sc, 1);
  const sls_source *s = &w->sources[0];
  const sls_join *j = &w->joins[0];
  ck_assert_uint_eq(w->functions[fn(w, "worker")].st.async_events, 200);
  ck_assert_uint_eq(j->arrivals, 200);
  ck_assert_uint_eq(j->fired, 20);
  ck_assert_uint_eq(j->partial + j->timed_out + j->late + j->waiting, 0);
  /* the branches arrive at 130, 135, ..., 175 ms: 45 ms from the first to the last */
  ck_assert_msg(j->spread.n == 20 && j->spread.min == 45 * SLS_NS_PER_MS &&
                    j->spread.max == 45 * SLS_NS_PER_MS,
                "spread %lld..%lld ns over %llu", (long long)j->spread.min, (long long)j->spread.max,
                (unsigned long long)j->spread.n);
  ck_assert_uint_eq(w->functions[fn(w, "agg")].st.async_ok, 20);
  lat resp, comp;
  latencies(s, &resp, &comp);
  all_equal(&resp, 20, 70, "response");
  all_equal(&comp, 20, 225, "completion");
  ck_assert_msg(fabs(s->crit_ns[SLS_PATH_RUN] - 20 * 225e6) < 1, "running %.0f ns", s->crit_ns[SLS_PATH_RUN]);
  /* 12 invocations a root: 1 GB x (70 + 10 x 105 + 50) ms = 1.17 GB-s */
  ck_assert_msg(fabs(s->use.lambda_requests - 20 * 12) < 1e-9, "requests %.3f", s->use.lambda_requests);
  ck_assert_msg(fabs(s->use.gb_s[0] - 20 * 1.17) < 1e-9, "GB-s %.9f", s->use.gb_s[0]);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* Calls in flight at once: 10 invokes, 5 at a time, 5 ms each, after 20 ms of compute: two
 * rounds, so a answers at 20 + 2 x 5 = 30 ms and the last worker (100 ms) ends at 130 ms; one
 * at a time, at 20 + 10 x 5 = 70 and 170 ms. */
START_TEST(calls_in_flight_at_once_shorten_the_caller) {
  for (int conc = 1; conc <= 5; conc += 4) {
    char text[4096];
    snprintf(text, sizeof text,
             HEAD "functions = (\n" FN(
                 "a", "20.0",
                 "emits = ( { kind = \"invoke\"; target = \"w\"; count = 10; concurrency = %d; " API(
                     "5.0") " } );") ",\n" FN("w", "100.0", "") "\n);\n",
             conc);
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    lat resp, comp;
    latencies(&w->sources[0], &resp, &comp);
    all_equal(&resp, 20, conc == 5 ? 30 : 70, "response");
    all_equal(&comp, 20, conc == 5 ? 130 : 170, "completion");
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
  /* a sync invoke waits for each callee: it takes no concurrency */
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  ck_assert_int_eq(
      load_text(HEAD "functions = ( " FN("a", "1.0",
                                         "emits = ( { kind = \"invoke\"; target = \"b\"; invocation = "
                                         "\"sync\"; concurrency = 2; } );") ", " FN("b", "1.0", "") " );\n",
                &sc, err),
      SLS_EINPUT);
  ck_assert_msg(strstr(err, "emits[0].concurrency: expected 1 with a sync invoke"), "%s", err);
}
END_TEST

/* A join waiting for 3 branches of which 2 come: at its timeout (1 s after the fan-out announced
 * none: from the first arrival, at 20 + 5 + 100 + 5 = 130 ms) the root fails, or the join sends
 * on with what arrived (agg then ends at 1130 + 50 ms). */
START_TEST(a_join_times_out) {
  for (int cont = 0; cont < 2; cont++) {
    char text[4096];
    snprintf(text, sizeof text,
             HEAD "functions = (\n" FN(
                 "a", "20.0",
                 "emits = ( { kind = \"invoke\"; target = \"worker\"; count = 2; " API(
                     "5.0") " } );") ",\n" FN("worker", "100.0",
                                              "emits = ( { kind = \"join\"; target = \"j\"; " API(
                                                  "5.0") " } );") ",\n" FN("agg", "50.0",
                                                                           "") "\n);\n"
                                                                               "joins = ( { name = \"j\"; "
                                                                               "target = \"agg\"; branches = "
                                                                               "3; timeout_s = 1.0; "
                                                                               "on_timeout = \"%s\"; } );\n",
             cont ? "continue" : "fail");
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    const sls_source *s = &w->sources[0];
    const sls_join *j = &w->joins[0];
    ck_assert_uint_eq(j->arrivals, 40);
    lat resp, comp;
    latencies(s, &resp, &comp);
    if (cont) {
      ck_assert_uint_eq(j->partial, 20);
      ck_assert_uint_eq(s->roots_failed, 0);
      ck_assert_uint_eq(w->functions[fn(w, "agg")].st.async_ok, 20);
      all_equal(&comp, 20, 1180, "completion (continue)");
    } else {
      ck_assert_uint_eq(j->timed_out, 20);
      ck_assert_uint_eq(s->roots_failed, 20);
      ck_assert_uint_eq(w->functions[fn(w, "agg")].st.async_events, 0);
      all_equal(&comp, 20, 1130, "completion (fail)");
    }
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* ---- topics and buses ---- */

/* a publishes 2 events of type A (70 KB: 2 publish requests each) to a topic with three
 * subscriptions: f1 takes every type, f2 type A, the queue type B only.  Delivery 40 ms. */
START_TEST(a_topic_delivers_to_each_matching_subscription) {
  char text[4096];
  snprintf(text, sizeof text,
           HEAD "functions = (\n" FN(
               "a", "10.0",
               "emits = ( { kind = \"publish\"; target = \"t\"; count = 2; event_type = \"A\"; "
               "payload_kb = 70.0; " API(
                   "5.0") " } );") ",\n" FN("f1", "30.0",
                                            "") ",\n" FN("f2", "30.0",
                                                         "") "\n);\n"
                                                             "queues = ( { name = \"q\"; } );\n"
                                                             "topics = ( { name = \"t\"; delivery_latency = "
                                                             "{ dist = \"constant\"; value_ms = 40.0; };\n"
                                                             "  subscriptions = ( { target = \"f1\"; }, { "
                                                             "target = \"f2\"; event_types = [\"A\"]; },\n"
                                                             "                    { target = \"q\"; "
                                                             "event_types = [\"B\"]; } ); } );\n");
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_topic *t = &w->topics[0];
  ck_assert_uint_eq(t->published, 40);
  ck_assert_uint_eq(t->publish_requests, 80);
  ck_assert_uint_eq(t->deliveries, 80);
  ck_assert_uint_eq(t->unmatched, 0);
  ck_assert_uint_eq(w->functions[fn(w, "f1")].st.async_events, 40);
  ck_assert_uint_eq(w->functions[fn(w, "f2")].st.async_events, 40);
  ck_assert_uint_eq(w->queues[0].st.sent, 0);
  /* the second publish leaves at 20 ms, is delivered at 60 ms, runs until 90 ms */
  lat resp, comp;
  latencies(&w->sources[0], &resp, &comp);
  all_equal(&resp, 20, 20, "response");
  all_equal(&comp, 20, 90, "completion");
  ck_assert_msg(fabs(w->sources[0].use.sns_requests - 80) < 1e-9, "SNS requests %.3f",
                w->sources[0].use.sns_requests);
  ck_assert_msg(bill_quantity(w, "sns", "publishes", "t") == 80, "the bill's SNS line");
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* A subscription that matches with probability 0.3: of 20,000 publishes, the number delivered is
 * binomial(20,000, 0.3): mean 6,000, sd 64.8; 6 sd either side holds for any seed. */
START_TEST(a_filter_matches_with_its_probability) {
  const char *text =
      "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 5; duration_s = 200.0;\n"
      "sources = ( { name = \"s\"; target = \"t\"; arrival = { kind = \"schedule\"; period_s = 1.0; count = "
      "100; "
      "}; } );\n"
      "functions = ( " FN("f", "1.0", "") " );\n"
                                          "topics = ( { name = \"t\"; subscriptions = ( { target = \"f\"; "
                                          "match_probability = 0.3; } ); } );\n";
  for (uint64_t seed = 1; seed <= 3; seed++) {
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, seed);
    const sls_topic *t = &w->topics[0];
    ck_assert_uint_eq(t->published, 20000);
    double n = (double)t->deliveries, sd = sqrt(20000 * 0.3 * 0.7);
    ck_assert_msg(fabs(n - 6000) < 6 * sd, "seed %llu: %.0f deliveries, expected 6000 +- %.0f",
                  (unsigned long long)seed, n, 6 * sd);
    ck_assert_uint_eq(t->unmatched, 20000 - t->deliveries);
    ck_assert_uint_eq(w->functions[0].st.async_events, t->deliveries);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* A bus with two rules: r1 takes type A to f1 and the queue; r2 takes every type to the topic,
 * whose one subscription is f2.  The source puts 20 events of type A (70 KB: 2 events billed
 * each): deliveries 20 x 3, f2 gets them through the topic. */
START_TEST(a_bus_routes_by_rule) {
  const char *text =
      "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 11; duration_s = 200.0;\n"
      "sources = ( { name = \"s\"; target = \"b\"; event_type = \"A\"; event_kb = 70.0;\n"
      "  arrival = { kind = \"schedule\"; period_s = 10.0; count = 1; at_s = 1.0; }; },\n"
      "  { name = \"other\"; target = \"b\"; event_type = \"B\"; arrival = { kind = \"schedule\"; period_s = "
      "10.0; "
      "count = 1; at_s = 2.0; }; } );\n"
      "functions = ( " FN("f1", "30.0", "") ", " FN("f2", "30.0", "") ", " FN(
          "f3", "10.0",
          "") " );\n"
              "queues = ( { name = \"q\"; } );\n"
              "mappings = ( { name = \"m\"; queue = \"q\"; function = \"f3\"; batch_size = 1; } );\n"
              "topics = ( { name = \"t\"; delivery_latency = { dist = \"constant\"; value_ms = 40.0; };\n"
              "  subscriptions = ( { target = \"f2\"; } ); } );\n"
              "buses = ( { name = \"b\"; delivery_latency = { dist = \"constant\"; value_ms = 100.0; };\n"
              "  rules = ( { name = \"r1\"; event_types = [\"A\"]; targets = [\"f1\", \"q\"]; },\n"
              "            { name = \"r2\"; targets = [\"t\"]; } ); } );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_bus *b = &w->buses[0];
  ck_assert_uint_eq(b->put, 40);
  ck_assert_uint_eq(b->put_requests, 20 * 2 + 20);
  ck_assert_uint_eq(b->deliveries, 20 * 3 + 20);
  ck_assert_uint_eq(b->delivered, 80);
  ck_assert_uint_eq(b->unmatched, 0);
  ck_assert_uint_eq(w->functions[fn(w, "f1")].st.async_events, 20);
  ck_assert_uint_eq(w->functions[fn(w, "f2")].st.async_events, 40);
  ck_assert_uint_eq(w->queues[0].st.sent, 20);
  ck_assert_uint_eq(w->topics[0].published, 40);
  /* an A event: f1 ends at 100 + 30 ms, f3 at 100 + 10 ms, f2 at 100 + 40 + 30 ms */
  lat resp, comp;
  latencies(&w->sources[0], &resp, &comp);
  all_equal(&resp, 20, 0, "response (PutEvents' own time is not modelled for a source)");
  all_equal(&comp, 20, 170, "completion");
  ck_assert_msg(fabs(w->sources[0].use.eb_events - 40) < 1e-9, "EventBridge events %.3f",
                w->sources[0].use.eb_events);
  ck_assert_msg(bill_quantity(w, "eventbridge", "events", "b") == 60, "the bill's EventBridge line");
  ck_assert_msg(bill_quantity(w, "sns", "publishes", "t") == 60, "the bill's SNS line (A: 70 KB, 2 each)");
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* A rule's target is looked up among functions, queues, topics, buses and joins and among the
 * downstreams (API destinations): a name that is both is refused, not resolved to either. */
START_TEST(a_target_that_is_also_a_downstream_is_refused) {
  const char *text =
      "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 1; duration_s = 10.0;\n"
      "sources = ( { name = \"s\"; target = \"b\"; arrival = { kind = \"poisson\"; rate_per_s = 1.0; }; } "
      ");\n"
      "functions = ( " FN(
          "crm", "1.0",
          "") " );\n"
              "downstreams = ( { name = \"crm\"; latency = { dist = \"constant\"; value_ms = 30.0; }; } );\n"
              "buses = ( { name = \"b\"; rules = ( { name = \"r\"; targets = [\"crm\"]; } ); } );\n";
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  ck_assert_int_eq(load_text(text, &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "buses.b.rules.r.targets") && strstr(err, "both a function and a downstream"),
                "%s", err);
}
END_TEST

/* The retry schedule: 1 s doubling, capped at 8 min. */
START_TEST(the_eventbridge_retry_delays_double_to_their_cap) {
  const double want_s[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 480, 480, 480};
  for (int k = 1; k <= 12; k++)
    ck_assert_msg(sls_eb_retry_delay(k) == (sls_time)(want_s[k - 1] * 1e9), "retry %d: %lld ns", k,
                  (long long)sls_eb_retry_delay(k));
  ck_assert(sls_eb_retry_delay(185) == 480 * SLS_NS_PER_S);
}
END_TEST

/* An API destination down all along: each event is tried 1 + 5 times, then goes to the DLQ.  With
 * full jitter the k-th retry waits U(0, d_k), d = 1, 2, 4, 8, 16 s: the time from the first
 * attempt to the DLQ has mean 15.5 s and variance sum(d_k^2)/12 = 341/12 s^2; over 2,000 events
 * the sample mean is within 6 sd (0.71 s) for any seed.  No wait exceeds 31 s. */
START_TEST(an_api_destination_that_is_down_is_retried_then_dead_lettered) {
  const char *text =
      "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 3; duration_s = 100.0;\n"
      "sources = ( { name = \"s\"; target = \"b\"; arrival = { kind = \"schedule\"; period_s = 1.0; count = "
      "20; }; "
      "} );\n"
      "functions = ( " FN(
          "unused", "1.0",
          "") " );\n"
              "downstreams = ( { name = \"partner\"; latency = { dist = \"constant\"; value_ms = 30.0; };\n"
              "  outages = ( { at_s = 0.0; lasting_h = 10.0; } ); } );\n"
              "queues = ( { name = \"dlq\"; } );\n"
              "buses = ( { name = \"b\"; delivery_latency = { dist = \"constant\"; value_ms = 100.0; };\n"
              "  rules = ( { name = \"r\"; targets = [\"partner\"]; retry_attempts = 5; dead_letter_queue = "
              "\"dlq\"; "
              "} ); "
              "} );\n";
  for (uint64_t seed = 1; seed <= 2; seed++) {
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, seed);
    const sls_bus *b = &w->buses[0];
    const sls_source *s = &w->sources[0];
    ck_assert_uint_eq(b->put, 2000);
    ck_assert_uint_eq(b->api_calls, 6 * 2000);
    ck_assert_uint_eq(b->attempts_failed, 6 * 2000);
    ck_assert_uint_eq(b->retries, 5 * 2000);
    ck_assert_uint_eq(b->to_dlq, 2000);
    ck_assert_uint_eq(w->queues[0].st.sent, 2000);
    ck_assert_uint_eq(w->downstreams[0].st.api_failed, 12000);
    ck_assert_uint_eq(s->roots_dropped, 2000);
    ck_assert_msg(bill_quantity(w, "eventbridge", "api-destinations", "b") == 12000, "the bill's API line");
    lat resp, comp;
    latencies(s, &resp, &comp);
    double mean_wait = comp.mean - 100, sd = sqrt(341.0 / 12 / 2000) * 1e3;
    ck_assert_msg(fabs(mean_wait - 15500) < 6 * sd, "seed %llu: mean wait %.1f ms, expected 15500 +- %.1f",
                  (unsigned long long)seed, mean_wait, 6 * sd);
    ck_assert_msg(comp.min >= 100 && comp.max <= 100 + 31000, "waits %.1f..%.1f ms", comp.min, comp.max);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* The same destination down for a while: events put while it is down are retried until it is
 * back (up to 185 retries over 24 h); events put after it recovered go through at once. */
START_TEST(events_are_delivered_after_the_destination_recovers) {
  const char *text =
      "platform = \"none\"; pricing = \"aws-us-east-1\"; seed = 3; duration_s = 20.0;\n"
      "sources = ( { name = \"s\"; target = \"b\"; arrival = { kind = \"schedule\"; period_s = 1.0; count = "
      "10; "
      "at_s = 0.5; }; } );\n"
      "functions = ( " FN(
          "unused", "1.0",
          "") " );\n"
              "downstreams = ( { name = \"partner\"; latency = { dist = \"constant\"; value_ms = 30.0; };\n"
              "  outages = ( { at_s = 0.0; lasting_s = 10.0; } ); } );\n"
              "buses = ( { name = \"b\"; delivery_latency = { dist = \"constant\"; value_ms = 100.0; };\n"
              "  rules = ( { name = \"r\"; targets = [\"partner\"]; } ); } );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_bus *b = &w->buses[0];
  /* puts at 0.5 .. 19.5 s: the 100 put from 10.5 s on (and the ones at 9.5 s: first attempt
   * at 9.6 s, down) */
  ck_assert_uint_eq(b->put, 200);
  ck_assert_uint_eq(b->delivered, 200);
  ck_assert_uint_eq(b->to_dlq + b->dropped, 0);
  ck_assert_uint_eq(b->api_calls, 200 + b->retries);
  ck_assert_uint_eq(b->attempts_failed, b->retries);
  ck_assert_uint_ge(b->retries, 100); /* each of the 100 put while down failed at least once */
  ck_assert_uint_eq(w->sources[0].roots_done, 200);
  ck_assert_uint_eq(w->sources[0].roots_failed + w->sources[0].roots_dropped, 0);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* ---- failures through the graph ---- */

/* A sync callee that always fails: the caller fails (on_error = fail) or carries on (ignore). */
START_TEST(a_failing_sync_callee_fails_its_caller_unless_ignored) {
  for (int ignore = 0; ignore < 2; ignore++) {
    char text[4096];
    snprintf(text, sizeof text,
             HEAD
             "functions = (\n" FN("a", "100.0",
                                  "emits = ( { kind = \"invoke\"; target = \"b\"; invocation = \"sync\"; "
                                  "when = \"start\"; on_error = \"%s\"; " API(
                                      "10.0") " } );") ",\n" FN("b", "50.0", "error_rate = 1.0;") "\n);\n",
             ignore ? "ignore" : "fail");
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    const sls_function *a = &w->functions[fn(w, "a")], *b = &w->functions[fn(w, "b")];
    ck_assert_uint_eq(b->st.errors, 20);
    ck_assert_uint_eq(a->st.sync_failed, 20);
    const sls_source *s = &w->sources[0];
    lat resp, comp;
    latencies(s, &resp, &comp);
    if (ignore) { /* 10 + 50, then a's own 100 ms */
      ck_assert_uint_eq(a->st.ok, 20);
      all_equal(&resp, 20, 160, "response (ignored)");
      ck_assert_uint_eq(s->roots_failed, 0); /* a handled it */
    } else {                                 /* a fails when b answers, at 60 ms */
      ck_assert_uint_eq(a->st.errors, 20);
      all_equal(&resp, 20, 60, "response (failed)");
      ck_assert_uint_eq(s->roots_failed, 20);
    }
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* A sync callee that is always throttled (reserved concurrency 0): the caller's SDK tries 3 times
 * (waits U(0, 100 ms) and U(0, 200 ms)), then the caller fails; it is billed while it waits. */
START_TEST(a_throttled_sync_callee_is_retried_by_the_sdk) {
  char text[4096];
  snprintf(text, sizeof text,
           HEAD "functions = (\n" FN(
               "a", "100.0",
               "emits = ( { kind = \"invoke\"; target = \"b\"; invocation = \"sync\"; "
               "when = \"start\"; " API("10.0") " } );") ",\n" FN("b", "50.0",
                                                                  "reserved_concurrency = 0;") "\n);\n");
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_function *a = &w->functions[fn(w, "a")], *b = &w->functions[fn(w, "b")];
  ck_assert_uint_eq(b->st.throttles, 60);
  ck_assert_uint_eq(b->st.throttled, 20);
  ck_assert_uint_eq(a->st.errors, 20);
  ck_assert_uint_eq(w->sources[0].roots_failed, 20);
  /* a's latency: 10 ms, then the SDK's two waits (each call is throttled at once): 10..310 ms */
  ck_assert_msg(hist_ms(&a->st.latency, 0) >= 10 && hist_ms(&a->st.latency, 1) <= 310, "a: %.3f..%.3f ms",
                hist_ms(&a->st.latency, 0), hist_ms(&a->st.latency, 1));
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* Async events that always fail: after 1 + 2 attempts the root fails; with an on-failure queue it
 * is dead-lettered instead (the chain with no DLQ loses them). */
START_TEST(an_async_chain_without_a_dlq_loses_its_failures) {
  for (int dlq = 0; dlq < 2; dlq++) {
    char text[4096];
    snprintf(text, sizeof text,
             HEAD "functions = (\n" FN(
                 "a", "10.0",
                 "emits = ( { kind = \"invoke\"; target = \"b\"; " API(
                     "5.0") " } );") ",\n" FN("b", "20.0",
                                              "error_rate = 1.0; %s") "\n);\n"
                                                                      "queues = ( { name = \"lost\"; } );\n",
             dlq ? "on_failure = \"lost\";" : "");
    sls_scenario sc;
    sls_world *w = run_text(text, &sc, 1);
    const sls_function *b = &w->functions[fn(w, "b")];
    const sls_source *s = &w->sources[0];
    ck_assert_uint_eq(b->st.async_failed, 20);
    ck_assert_uint_eq(b->st.invocations, 60);
    ck_assert_uint_eq(w->queues[0].st.sent, dlq ? 20 : 0);
    ck_assert_uint_eq(s->roots_failed, dlq ? 0 : 20);
    ck_assert_uint_eq(s->roots_dropped, dlq ? 20 : 0);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* A downstream down from 50 s for 30 s: the calls of requests arriving at 51, 61, 71 s fail. */
START_TEST(a_downstream_outage_fails_the_calls_made_during_it) {
  const char *text = HEAD "functions = ( " FN(
      "a", "10.0", "downstream = \"db\";") " );\n"
                                           "downstreams = ( { name = \"db\"; latency = { dist = "
                                           "\"constant\"; value_ms = 5.0; };\n"
                                           "  outages = ( { at_s = 50.0; lasting_s = 30.0; } ); } );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  ck_assert_uint_eq(w->functions[0].st.errors, 3);
  ck_assert_uint_eq(w->functions[0].st.ok, 17);
  ck_assert_uint_eq(w->sources[0].roots_failed, 3);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* ---- the critical path ---- */

/* In a random graph (lognormal durations, cold starts, a throttling limit, retries, a queue, a
 * topic, a bus, a join), a root's path parts add up to its completion latency: summed over the
 * roots, crit = the completion histogram's sum (both exact, in ns). */
START_TEST(the_critical_path_partitions_the_completion_latency) {
  const char *text =
      "platform = \"aws-lambda\"; seed = 9; duration_min = 10.0;\n"
      "account = { concurrency_limit = 40; unreserved_min = 10; };\n"
      "functions = (\n"
      "  { name = \"api\"; duration = { dist = \"lognormal\"; p50_ms = 40.0; p99_ms = 300.0; }; error_rate = "
      "0.02;\n"
      "    downstream = \"db\";\n"
      "    emits = ( { kind = \"invoke\"; target = \"w\"; invocation = \"sync\"; when = \"start\"; on_error "
      "= "
      "\"ignore\"; },\n"
      "              { kind = \"send\"; target = \"q\"; count = 4; batch = 4; join = \"j\"; },\n"
      "              { kind = \"publish\"; target = \"t\"; event_type = \"X\"; },\n"
      "              { kind = \"put\"; target = \"b\"; probability = 0.5; } ); },\n"
      "  { name = \"w\"; duration = { dist = \"exponential\"; mean_ms = 80.0; }; error_rate = 0.05; },\n"
      "  { name = \"chunk\"; duration = { dist = \"exponential\"; mean_ms = 50.0; };\n"
      "    emits = ( { kind = \"join\"; target = \"j\"; } ); },\n"
      "  { name = \"sink\"; duration = { dist = \"constant\"; value_ms = 5.0; }; }\n"
      ");\n"
      "queues = ( { name = \"q\"; } );\n"
      "mappings = ( { name = \"m\"; queue = \"q\"; function = \"chunk\"; batch_size = 2; } );\n"
      "joins = ( { name = \"j\"; target = \"sink\"; timeout_s = 30.0; on_timeout = \"continue\"; } );\n"
      "topics = ( { name = \"t\"; subscriptions = ( { target = \"sink\"; match_probability = 0.5; } ); } );\n"
      "buses = ( { name = \"b\"; rules = ( { name = \"r\"; targets = [\"sink\", \"db\"]; retry_attempts = 3; "
      "} ); "
      "} );\n"
      "downstreams = ( { name = \"db\"; latency = { dist = \"lognormal\"; p50_ms = 5.0; p99_ms = 50.0; };\n"
      "  max_connections = 10; outages = ( { at_min = 3.0; lasting_min = 1.0; } ); } );\n"
      "sources = ( { name = \"users\"; target = \"api\"; arrival = { kind = \"poisson\"; rate_per_s = 30.0; "
      "}; "
      "client = { max_retries = 2; }; } );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  const sls_source *s = &w->sources[0];
  sls_hist r, c;
  sls_source_latencies(s, &r, &c);
  double crit = 0;
  for (int k = 0; k < SLS_PATH_N; k++)
    crit += s->crit_ns[k];
  ck_assert_uint_ge(s->roots_done, 15000);
  ck_assert_msg(fabs(crit - c.sum) <= 1e-9 * c.sum, "path %.0f ns != completion %.0f ns", crit, c.sum);
  ck_assert_msg(s->crit_ns[SLS_PATH_WAIT] > 0 && s->crit_ns[SLS_PATH_COLD] > 0 &&
                    s->crit_ns[SLS_PATH_RUN] > 0 && s->crit_ns[SLS_PATH_DOWNSTREAM] > 0,
                "every part of the path is used in this graph");
  /* a root answers no later than it completes */
  ck_assert_msg(r.sum <= c.sum && r.max <= c.max, "response after completion");
  sls_hist_destroy(&r);
  sls_hist_destroy(&c);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

/* ---- cost per root ---- */

/* Two sources feed one graph with cold starts, failures, retries, batches shared by both
 * sources' messages, a topic, a bus and an API destination that is down for a while.  Whatever
 * each source's roots were charged, the sources' shares add up to the bill's own counts, which
 * are kept apart from them (by the functions, queues, topics and buses): every invocation, GB-s
 * (INIT included), SQS request (idle polls are nobody's), publish, event and API call. */
START_TEST(the_sources_shares_add_up_to_the_bill) {
  const char *text =
      "platform = \"aws-lambda\"; pricing = \"aws-us-east-1\"; seed = 5; duration_s = 300.0;\n"
      "sources = ( { name = \"web\"; target = \"api\"; arrival = { kind = \"poisson\"; rate_per_s = 20.0; }; "
      "},\n"
      "  { name = \"feed\"; target = \"b\"; event_type = \"X\"; event_kb = 100.0;\n"
      "    arrival = { kind = \"poisson\"; rate_per_s = 5.0; }; } );\n"
      "functions = (\n"
      "  { name = \"api\"; runtime = \"nodejs20\"; memory_mb = 512; error_rate = 0.02;\n"
      "    duration = { dist = \"lognormal\"; p50_ms = 50.0; p99_ms = 200.0; };\n"
      "    emits = ( { kind = \"send\"; target = \"q\"; count = 2; },\n"
      "              { kind = \"publish\"; target = \"t\"; payload_kb = 70.0; },\n"
      "              { kind = \"invoke\"; target = \"w\"; invocation = \"sync\"; probability = 0.5;\n"
      "                when = \"after_compute\"; } ); },\n"
      "  { name = \"w\"; runtime = \"python3.12\"; memory_mb = 1024; arch = \"arm64\";\n"
      "    duration = { dist = \"lognormal\"; p50_ms = 20.0; p99_ms = 80.0; }; },\n"
      "  { name = \"c\"; runtime = \"nodejs20\"; memory_mb = 256; timeout_s = 5.0; error_rate = 0.1;\n"
      "    duration = { dist = \"lognormal\"; p50_ms = 30.0; p99_ms = 100.0; }; }\n"
      ");\n"
      "downstreams = ( { name = \"partner\"; latency = { dist = \"constant\"; value_ms = 30.0; };\n"
      "  outages = ( { at_s = 100.0; lasting_s = 50.0; } ); } );\n"
      "queues = ( { name = \"q\"; visibility_timeout_s = 10.0; dead_letter_queue = \"dlq\"; "
      "max_receive_count = 2; },\n"
      "  { name = \"q2.fifo\"; type = \"fifo\"; }, { name = \"dlq\"; } );\n"
      "mappings = ( { name = \"m\"; queue = \"q\"; function = \"c\"; batch_size = 5; },\n"
      "  { name = \"m2\"; queue = \"q2.fifo\"; function = \"c\"; batch_size = 10; } );\n"
      "topics = ( { name = \"t\"; subscriptions = ( { target = \"c\"; }, { target = \"q2.fifo\"; } ); } );\n"
      "buses = ( { name = \"b\"; rules = ( { name = \"r\"; targets = [\"c\", \"q\", \"partner\"];\n"
      "  dead_letter_queue = \"dlq\"; } ); } );\n";
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 1);
  sls_usage sum;
  memset(&sum, 0, sizeof sum);
  for (int i = 0; i < w->n_sources; i++) {
    const sls_usage *u = &w->sources[i].use;
    ck_assert_msg(u->lambda_requests > 0, "source %d charged nothing", i);
    sum.lambda_requests += u->lambda_requests;
    for (int k = 0; k < 2; k++) {
      sum.gb_s[k] += u->gb_s[k];
      sum.sqs_requests[k] += u->sqs_requests[k];
    }
    sum.sns_requests += u->sns_requests;
    sum.eb_events += u->eb_events;
    sum.api_invocations += u->api_invocations;
  }
  double inv = 0, gb_s[2] = {0, 0}, sqs[2] = {0, 0}, sns = 0, eb = 0, api = 0;
  uint64_t retried = 0, cold = 0;
  for (int i = 0; i < w->n_functions; i++) {
    const sls_function *f = &w->functions[i];
    inv += (double)f->st.invocations;
    gb_s[f->spec->arch == SLS_ARCH_ARM64] += (double)f->st.billed_ms / 1000 * f->spec->memory_mb / 1024.0;
    retried += f->st.async_retries;
    cold += f->st.cold_starts;
  }
  for (int i = 0; i < w->n_queues; i++) {
    const sls_queue *q = &w->queues[i];
    sqs[q->spec->fifo] += (double)(q->st.send_requests + q->st.receive_requests + q->st.delete_requests);
  }
  for (int i = 0; i < w->n_topics; i++)
    sns += (double)w->topics[i].publish_requests;
  for (int i = 0; i < w->n_buses; i++) {
    eb += (double)w->buses[i].put_requests;
    api += (double)w->buses[i].api_calls;
  }
  /* the run exercised what the shares must survive */
  ck_assert_msg(cold > 0 && retried > 0 && w->queues[2].st.sent > 0 && sqs[1] > 0 && api > w->buses[0].put,
                "cold %llu, async retries %llu, dead letters %llu, FIFO %.0f, API calls %.0f",
                (unsigned long long)cold, (unsigned long long)retried,
                (unsigned long long)w->queues[2].st.sent, sqs[1], api);
#define SAME(x, y, what)                                                                                     \
  ck_assert_msg(fabs((x) - (y)) <= 1e-9 * (y), "%s: sources %.6f, bill %.6f", what, x, y)
  SAME(sum.lambda_requests, inv, "Lambda requests");
  SAME(sum.gb_s[0], gb_s[0], "GB-s x86_64");
  SAME(sum.gb_s[1], gb_s[1], "GB-s arm64");
  SAME(sum.sqs_requests[0], sqs[0], "SQS standard requests");
  SAME(sum.sqs_requests[1], sqs[1], "SQS FIFO requests");
  SAME(sum.sns_requests, sns, "SNS publishes");
  SAME(sum.eb_events, eb, "EventBridge events");
  SAME(sum.api_invocations, api, "API destination calls");
#undef SAME
  /* and the bill's lines hold those counts */
  ck_assert_msg(bill_quantity(w, "sns", "publishes", "t") == sns, "SNS line");
  ck_assert_msg(bill_quantity(w, "eventbridge", "events", "b") == eb, "EventBridge line");
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("graph");
  TCase *tc = sls_tcase("chains");
  tcase_add_test(tc, a_sync_chain_takes_the_hand_computed_times);
  tcase_add_test(tc, a_queue_in_the_chain_adds_no_time_when_drained);
  tcase_add_test(tc, a_batch_send_bills_its_requests);
  suite_add_tcase(s, tc);
  tc = sls_tcase("fan-out and fan-in");
  tcase_add_test(tc, a_fan_out_joins_when_its_last_branch_arrives);
  tcase_add_test(tc, a_join_times_out);
  tcase_add_test(tc, calls_in_flight_at_once_shorten_the_caller);
  suite_add_tcase(s, tc);
  tc = sls_tcase("topics and buses");
  tcase_add_test(tc, a_topic_delivers_to_each_matching_subscription);
  tcase_add_test(tc, a_filter_matches_with_its_probability);
  tcase_add_test(tc, a_bus_routes_by_rule);
  tcase_add_test(tc, a_target_that_is_also_a_downstream_is_refused);
  tcase_add_test(tc, the_eventbridge_retry_delays_double_to_their_cap);
  tcase_add_test(tc, an_api_destination_that_is_down_is_retried_then_dead_lettered);
  tcase_add_test(tc, events_are_delivered_after_the_destination_recovers);
  suite_add_tcase(s, tc);
  tc = sls_tcase("failures");
  tcase_add_test(tc, a_failing_sync_callee_fails_its_caller_unless_ignored);
  tcase_add_test(tc, a_throttled_sync_callee_is_retried_by_the_sdk);
  tcase_add_test(tc, an_async_chain_without_a_dlq_loses_its_failures);
  tcase_add_test(tc, a_downstream_outage_fails_the_calls_made_during_it);
  suite_add_tcase(s, tc);
  tc = sls_tcase("critical path");
  tcase_add_test(tc, the_critical_path_partitions_the_completion_latency);
  suite_add_tcase(s, tc);
  tc = sls_tcase("cost per root");
  tcase_add_test(tc, the_sources_shares_add_up_to_the_bill);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
