/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The scenario language's schema (src/scenario/schema.c) against the loader's behaviour:
 *   - the rows are well formed (a stored key has a field of its type; a default lies in its
 *     range; every entity is reachable);
 *   - what the reference says is what the loader does: every plain key's range refuses the
 *     values just outside it, stores a value inside it in the row's unit, and its default is the
 *     value stored when the key is absent; every enum refuses a value not listed;
 *   - `check`'s output loads back to the same scenario, for every shipped scenario, every model
 *     file and the scenarios below, and prints every key;
 *   - --set is typed by the schema.
 * Expected values come from the rows themselves and from the input files, never from a run.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <sys/stat.h>

#include "scenario/schema.h"
#include "testutil.h"

static const char *top(void) {
  const char *t = getenv("TOP_SRCDIR");
  ck_assert_ptr_nonnull(t);
  return t;
}

/* ---- the rows ---- */

static int n_values(const char *const *v) {
  int n = 0;
  while (v && v[n])
    n++;
  return n;
}

static int ranged(const sls_key *k) {
  return k->type == SLS_KT_INT || k->type == SLS_KT_NUM || k->type == SLS_KT_TIME || k->type == SLS_KT_RATE ||
         k->type == SLS_KT_ARRAY || k->type == SLS_KT_TIMES || k->type == SLS_KT_TIME_OR_DIST;
}

/* Marks s and every schema under it. */
static void reach(const sls_schema *s, const sls_schema **seen, int *n) {
  for (int i = 0; i < *n; i++)
    if (seen[i] == s) return;
  seen[(*n)++] = s;
  for (int i = 0; i < s->n; i++)
    if (s->keys[i].sub) reach(s->keys[i].sub, seen, n);
}

START_TEST(rows_are_well_formed) {
  int n_schemas = 0;
  for (int i = 0; sls_schemas[i]; i++, n_schemas++) {
    const sls_schema *s = sls_schemas[i];
    ck_assert_ptr_eq(sls_schema_find(s->name), s);
    ck_assert_msg(s->n > 0 && s->meaning[0] && s->where[0], "%s: empty", s->name);
    for (int r = 0; r < s->n; r++) {
      const sls_key *k = &s->keys[r];
      const char *w = s->name, *nm = k->name;
      ck_assert_msg(nm && nm[0] && k->meaning && k->meaning[0], "%s.%s: no name or meaning", w, nm);
      for (int q = 0; q < r; q++) /* no two rows share a spelling */
        ck_assert_msg(strcmp(s->keys[q].name, nm) != 0, "%s.%s: twice", w, nm);
      char spelled[96];
      snprintf(spelled, sizeof spelled, "%s%s", nm,
               k->type == SLS_KT_TIME || k->type == SLS_KT_TIMES ? "_s"
               : k->type == SLS_KT_RATE                          ? "_per_s"
                                                                 : "");
      ck_assert_msg(sls_schema_key(s, spelled, NULL) == k, "%s.%s: %s finds another row", w, nm, spelled);
      ck_assert_ptr_eq(sls_schema_row(s, nm), k);
      if (k->flags & SLS_KF_CODE) {
        ck_assert_msg(k->off == -1, "%s.%s: read by code, yet stored at %d", w, nm, k->off);
      } else {
        ck_assert_msg(k->off >= 0, "%s.%s: plain but not stored", w, nm);
        int want = k->type == SLS_KT_INT ? (k->size == 4 || k->size == 8 ? k->size : -1)
                   : k->type == SLS_KT_BOOL || k->type == SLS_KT_ENUM ? (int)sizeof(int)
                   : k->type == SLS_KT_NUM || k->type == SLS_KT_RATE  ? (int)sizeof(double)
                   : k->type == SLS_KT_TIME                           ? (int)sizeof(sls_time)
                                                                      : -2;
        ck_assert_msg(k->size == want, "%s.%s: a field of %d bytes for its type", w, nm, k->size);
      }
      if (k->type == SLS_KT_ENUM) {
        int nv = n_values(k->values);
        ck_assert_msg(nv >= 2, "%s.%s: an enum of %d values", w, nm, nv);
        ck_assert_msg(isnan(k->def) || (k->def >= 0 && k->def < nv && k->def == floor(k->def)),
                      "%s.%s: default", w, nm);
      }
      if (k->type == SLS_KT_GROUP || k->type == SLS_KT_LIST || k->type == SLS_KT_DIST ||
          k->type == SLS_KT_TIME_OR_DIST)
        ck_assert_msg(k->sub != NULL, "%s.%s: no schema for its elements", w, nm);
      if (k->flags & SLS_KF_REQUIRED) ck_assert_msg(isnan(k->def), "%s.%s: required, with a default", w, nm);
      if (ranged(k)) {
        ck_assert_msg(k->lo <= k->hi, "%s.%s: range %g..%g", w, nm, k->lo, k->hi);
        if (!isnan(k->def) && !isinf(k->def) && !(k->flags & SLS_KF_NONE) && k->type != SLS_KT_ARRAY)
          ck_assert_msg(k->def >= k->lo && k->def <= k->hi, "%s.%s: default %g outside %g..%g", w, nm, k->def,
                        k->lo, k->hi);
      }
      if (k->kinds) ck_assert_ptr_nonnull(sls_schema_kind_row(s));
    }
  }
  /* every entity is reached from a file slsim reads: a scenario, a platform preset, a pricing
   * model (a runtime model is the runtime group) */
  const sls_schema *seen[64];
  int n = 0;
  reach(&sls_schema_scenario, seen, &n);
  reach(&sls_schema_platform, seen, &n);
  reach(&sls_schema_pricing, seen, &n);
  ck_assert_int_eq(n, n_schemas);
  /* the enums the model's own types index */
  const char *const *dv = sls_schema_row(&sls_schema_distribution, "dist")->values;
  ck_assert_int_eq(n_values(dv), SLS_DIST_NKINDS);
  for (int i = 0; i < SLS_DIST_NKINDS; i++)
    ck_assert_str_eq(dv[i], sls_dist_names[i]);
  ck_assert_int_eq(n_values(sls_schema_row(&sls_schema_arrival, "kind")->values), SLS_ARRIVAL_MMPP + 1);
  ck_assert_str_eq(sls_schema_row(&sls_schema_arrival, "kind")->values[SLS_ARRIVAL_SCHEDULE], "schedule");
  ck_assert_str_eq(sls_schema_row(&sls_schema_scaling, "mode")->values[SLS_SCALING_LEGACY], "legacy");
  ck_assert_str_eq(sls_schema_row(&sls_schema_source, "api_gateway")->values[SLS_GW_REST], "rest");
  ck_assert_str_eq(sls_schema_row(&sls_schema_client, "jitter")->values[SLS_JITTER_EQUAL], "equal");
  ck_assert_str_eq(sls_schema_row(&sls_schema_scenario, "init_billing")->values[SLS_INIT_BILL_NEVER],
                   "never");
  ck_assert_str_eq(sls_schema_row(&sls_schema_alternative, "kind")->values[SLS_ALT_FARGATE], "fargate");
}
END_TEST

/* ---- a scenario with every entity and every kind ---- */

/* Every entity, every arrival kind, every distribution, a runtime inline and by memory, a trace
 * of each format family (paths filled in from TOP_SRCDIR). */
static const char *const kitchen_lines[] = {
    "name = \"kitchen-sink\"; description = \"every key\"; platform = \"aws-lambda\"; free_tier = true;\n",
    "seed = 7; duration_min = 30.0; sample_interval_s = 30.0; drain_limit_h = 2.0;\n",
    "init_billing = \"before-2025-08\"; nat_gateways = 1;\n",
    "account = { concurrency_limit = 2000; unreserved_min = 50;\n",
    "  scaling = { mode = \"legacy\"; burst = 500.0; refill_per_min = 300.0; refill_non_http_per_min = 2.0; "
    "}; };\n",
    "functions = (\n",
    "  { name = \"api\"; description = \"x\"; runtime = \"python3.12\"; memory_mb = 1024; arch = "
    "\"arm64\";\n",
    "    timeout_s = 20.0; duration = { dist = \"lognormal\"; p50_ms = 80.0; p99_ms = 400.0; };\n",
    "    ref_memory_mb = 512; cpu_fraction = 0.5; cpu_threads = 2.0; error_rate = 0.01;\n",
    "    reserved_concurrency = 500; provisioned_concurrency = 5; keep_alive_min = 6.0; max_lifetime_h = "
    "2.0;\n",
    "    per_message = { dist = \"constant\"; value_ms = 2.0; }; message_error_rate = 0.001;\n",
    "    downstream = \"db\"; calls_per_message = 2; async_retries = 1; max_event_age_min = 30.0;\n",
    "    on_failure = \"failed\"; ephemeral_storage_mb = 1024;\n",
    "    per_invocation = { log_kb = 1.0; nat_kb = 2.0; egress_kb = 3.0; sns_publishes = 0.5;\n",
    "                       eventbridge_events = 0.25; publish_kb = 4.0; };\n",
    "    emits = (\n",
    "      { kind = \"invoke\"; target = \"worker\"; invocation = \"sync\"; on_error = \"ignore\"; when = "
    "\"start\";\n",
    "        api_latency = { dist = \"constant\"; value_ms = 3.0; }; },\n",
    "      { kind = \"invoke\"; target = \"mu\"; count = 2; probability = 0.5; payload_kb = 2.0; when = "
    "\"after_compute\"; },\n",
    "      { kind = \"send\"; target = \"orders\"; count = 12; batch = 10; },\n",
    "      { kind = \"send\"; target = \"jobs.fifo\"; message_groups = 3; },\n",
    "      { kind = \"publish\"; target = \"events\"; event_type = \"OrderCreated\"; },\n",
    "      { kind = \"put\"; target = \"bus\"; payload_kb = 70.0; event_type = \"OrderPaid\"; },\n",
    "      { kind = \"send\"; target = \"chunks\"; count = 3; join = \"agg\"; } ); },\n",
    "  { name = \"worker\"; timeout_s = 30.0;\n",
    "    runtime = { name = \"custom\"; description = \"d\"; source = \"test\"; fit = \"none\";\n",
    "      init = { dist = \"gamma\"; shape = 2.0; scale_ms = 100.0; };\n",
    "      overhead = { dist = \"exponential\"; mean_ms = 20.0; }; init_billed = true;\n",
    "      package = \"image\"; custom_runtime = true; };\n",
    "    duration = { dist = \"weibull\"; shape = 1.5; scale_ms = 200.0; };\n",
    "    keep_alive = { dist = \"uniform\"; min_s = 300.0; max_s = 420.0; };\n",
    "    provisioned_allocation_s = 60.0;\n",
    "    provisioned_autoscaling = { target_utilization = 0.6; min = 0; max = 20; period_s = 60.0;\n",
    "      metric_delay_s = 30.0; scale_out_points = 2; scale_in_points = 10; scale_in_ratio = 0.8;\n",
    "      scale_out_cooldown_s = 30.0; scale_in_cooldown_s = 120.0; }; },\n",
    "  { name = \"fifo-worker\"; memory_mb = 2048;\n",
    "    runtime = { by_memory = ( { memory_mb = 128; n = 10; init = { dist = \"pareto\"; alpha = 2.5; "
    "min_ms = 50.0; }; },\n",
    "                              { memory_mb = 2048; init = { dist = \"lognormal\"; mean_ms = 90.0; sigma "
    "= 0.3; }; } ); };\n",
    "    duration = { dist = \"empirical\"; percentiles = [0.0, 50.0, 100.0]; values_ms = [10.0, 20.0, "
    "80.0]; }; },\n",
    "  { name = \"mu\"; duration = { dist = \"lognormal\"; mu = 4.0; sigma = 0.5; unit = \"ms\"; }; },\n",
    "  { name = \"chunker\"; duration = { dist = \"constant\"; value_ms = 30.0; };\n",
    "    emits = ( { kind = \"join\"; target = \"agg\"; } ); },\n",
    "  { name = \"lmi\"; capacity_provider = \"cp\"; memory_mb = 2048; duration = { dist = \"constant\"; "
    "value_ms = 5.0; }; }\n",
    ");\n",
    "capacity_providers = ( { name = \"cp\"; description = \"c\"; instance_type = \"m7g.large\"; "
    "min_instances = "
    "2;\n",
    "  max_vcpus = 40.0; launch_s = 30.0; scale_in_idle_min = 10.0; } );\n",
    "sources = (\n",
    "  { name = \"users\"; description = \"y\"; target = \"api\"; api_gateway = \"rest\";\n",
    "    gateway_latency = { dist = \"constant\"; value_ms = 12.0; }; start_s = 10.0; stop_min = 25.0;\n",
    "    client = { max_retries = 3; retry_on_error = true; backoff_base_ms = 50.0; backoff_cap_s = 10.0;\n",
    "               jitter = \"equal\"; };\n",
    "    arrival = { kind = \"poisson\"; rate_per_s = 5.0; }; },\n",
    "  { name = \"steps\"; target = \"api\"; api_gateway = \"http\";\n",
    "    arrival = { kind = \"piecewise\"; times_min = [0.0, 10.0]; rates_per_s = [1.0, 3.0]; }; },\n",
    "  { name = \"batch\"; target = \"orders\"; arrival = { kind = \"batch\"; count = 500; at_s = 60.0; "
    "window_s = 30.0; }; },\n",
    "  { name = \"day\"; target = \"worker\"; arrival = { kind = \"diurnal\"; peak_rate_per_h = 3600.0; "
    "baseline = 0.3;\n",
    "    peak_hour = 9.5; weekend_factor = 0.5; }; },\n",
    "  { name = \"news\"; target = \"api\"; invocation = \"async\"; via = \"sns\"; event_kb = 70.0;\n",
    "    arrival = { kind = \"spike\"; rate_per_s = 1.0; spike_rate_per_s = 20.0; spike_width_s = 30.0;\n",
    "                period_min = 5.0; at_s = 100.0; }; },\n",
    "  { name = \"cron\"; target = \"worker\"; arrival = { kind = \"schedule\"; period_min = 1.0; count = 3; "
    "at_s = 5.0;\n",
    "    jitter_s = 2.0; }; },\n",
    "  { name = \"flow\"; target = \"mu\"; workflow = { type = \"standard\"; transitions = 12.0; memory_mb = "
    "100.0; };\n",
    "    arrival = { kind = \"mmpp\"; rates_per_s = [0.5, 4.0]; switch_per_s = [0.01, 0.05]; }; },\n",
    "  { name = \"sm\"; target = \"saga\"; arrival = { kind = \"poisson\"; rate_per_s = 0.2; }; },\n",
    "  { name = \"express\"; target = \"mu\"; workflow = { type = \"express\"; memory_mb = 256.0; };\n",
    "    arrival = { kind = \"poisson\"; rate_per_min = 30.0; }; },\n",
    "  { name = \"jobs\"; target = \"jobs.fifo\"; message_groups = 4; arrival = { kind = \"poisson\"; "
    "rate_per_s = 2.0; }; },\n",
    "  { name = \"feed\"; target = \"bus\"; event_type = \"OrderPaid\"; arrival = { kind = \"poisson\"; "
    "rate_per_s = 0.5; }; }\n",
    ");\n",
    "queues = (\n",
    "  { name = \"orders\"; description = \"q\"; type = \"standard\"; visibility_timeout_s = 180.0; "
    "retention_d = 2.0;\n",
    "    delay_s = 1.0; dead_letter_queue = \"orders-dlq\"; max_receive_count = 3; message_size_kb = 8.0; "
    "},\n",
    "  { name = \"orders-dlq\"; }, { name = \"failed\"; },\n",
    "  { name = \"jobs.fifo\"; type = \"fifo\"; visibility_timeout_min = 1.0; }, { name = \"chunks\"; }\n",
    ");\n",
    "topics = ( { name = \"events\"; description = \"t\"; delivery_latency = { dist = \"constant\"; value_ms "
    "= "
    "40.0; };\n",
    "  subscriptions = ( { target = \"worker\"; event_types = [\"OrderCreated\"]; match_probability = 0.9; "
    "description = \"s\"; },\n",
    "                    { target = \"orders\"; } ); } );\n",
    "buses = ( { name = \"bus\"; description = \"b\"; delivery_latency = { dist = \"constant\"; value_ms = "
    "90.0; };\n",
    "  rules = ( { name = \"r1\"; description = \"r\"; event_types = [\"OrderPaid\", \"OrderCreated\"]; "
    "match_probability = 0.8;\n",
    "              targets = [\"worker\", \"orders\", \"events\", \"db\"]; retry_attempts = 3; "
    "max_event_age_min = 10.0;\n",
    "              dead_letter_queue = \"orders-dlq\"; } ); } );\n",
    "joins = ( { name = \"agg\"; description = \"j\"; target = \"mu\"; timeout_min = 5.0; on_timeout = "
    "\"continue\"; } );\n",
    "state_machines = ( { name = \"saga\"; description = \"m\"; type = \"express\"; invocation = \"sync\"; "
    "start_at = \"Go\";\n",
    "  timeout_s = 120.0; transition_latency = { dist = \"constant\"; value_ms = 5.0; }; express_memory_mb = "
    "128;\n",
    "  states = ( { name = \"Go\"; description = \"s\"; type = \"task\"; resource = \"api\"; invocation = "
    "\"sync\";\n",
    "      api_latency = { dist = \"constant\"; value_ms = 7.0; }; timeout_s = 3.0; payload_kb = 2.0; next = "
    "\"Pick\";\n",
    "      retry = ( { errors = [\"function\", \"throttle\"]; interval_s = 0.5; backoff_rate = 1.5; "
    "max_attempts = 2;\n",
    "                  max_delay_s = 4.0; jitter = \"full\"; } );\n",
    "      catch = ( { errors = [\"all\"]; next = \"Oops\"; } ); },\n",
    "    { name = \"Pick\"; type = \"choice\"; choices = ( { probability = 0.5; next = \"Fan\"; } ); default "
    "= "
    "\"Each\"; },\n",
    "    { name = \"Fan\"; type = \"parallel\"; branches = [\"B1\", \"B2\"]; next = \"Done\"; },\n",
    "    { name = \"B1\"; type = \"wait\"; wait_s = 1.0; end = true; },\n",
    "    { name = \"B2\"; type = \"pass\"; end = true; },\n",
    "    { name = \"Each\"; type = \"map\"; iterator = \"Item\"; items = 3; items_dist = \"poisson\"; "
    "max_concurrency = 2;\n",
    "      tolerated_failure_percentage = 10.0; next = \"Done\"; },\n",
    "    { name = \"Item\"; type = \"task\"; resource = \"orders\"; end = true; },\n",
    "    { name = \"Oops\"; type = \"fail\"; },\n",
    "    { name = \"Done\"; type = \"succeed\"; } ); } );\n",
    "step_functions = { start_bucket = 800.0; start_refill_per_s = 150.0; express_start_bucket = 5000.0;\n",
    "  express_start_refill_per_s = 5000.0; transition_bucket = 800.0; transition_refill_per_s = 500.0; };\n",
    "mappings = (\n",
    "  { name = \"m1\"; description = \"m\"; queue = \"orders\"; function = \"worker\"; batch_size = 20;\n",
    "    batching_window_s = 2.0; maximum_concurrency = 50; scaling = \"legacy\"; report_batch_item_failures "
    "= true; },\n",
    "  { name = \"m2\"; queue = \"jobs.fifo\"; function = \"fifo-worker\"; batch_size = 5; scaling = "
    "\"none\";\n",
    "    maximum_concurrency = 2; },\n",
    "  { name = \"m3\"; queue = \"chunks\"; function = \"chunker\"; batch_size = 1; }\n",
    ");\n",
    "downstreams = (\n",
    "  { name = \"db\"; description = \"d\"; mode = \"proxy\"; pool_size = 50; max_connections = 100; "
    "capacity = 80;\n",
    "    latency = { dist = \"lognormal\"; p50_ms = 5.0; sigma = 0.4; };\n",
    "    collapse = { above = 90; after_s = 10.0; recovery_s = 60.0; };\n",
    "    outages = ( { at_min = 5.0; lasting_min = 2.0; } ); }\n",
    ");\n",
    "traces = (\n",
    "  { name = \"tr\"; description = \"t\"; format = \"csv\"; file = \"%s/tests/data/plain.csv\"; top = "
    "1;\n",
    "    window_start_s = 0.0; window_end_s = 3.0; invocation = \"async\";\n",
    "    function = { runtime = \"nodejs20\"; memory_mb = 256; timeout_s = 5.0; }; },\n",
    "  { name = \"az\"; format = \"azure2019\"; invocations = \"%s/tests/data/azure2019_invocations.csv\";\n",
    "    durations = \"%s/tests/data/azure2019_durations.csv\"; memory = "
    "\"%s/tests/data/azure2019_memory.csv\";\n",
    "    placement = \"equidistant\"; trigger = \"http\"; app = \"7\"; top = 2;\n",
    "    function = { runtime = \"go\"; }; }\n",
    ");\n",
    "alternatives = (\n",
    "  { name = \"vps\"; description = \"v\"; kind = \"vps\"; usd_per_month = 40.0; vcpu = 4.0; memory_gb = "
    "8.0;\n",
    "    capacity_rps = 100.0; min_instances = 2; target_utilization = 0.6; scale_in_delay_min = 10.0;\n",
    "    functions = [\"api\"]; },\n",
    "  { name = \"ec2\"; kind = \"ec2\"; instance = \"t3.medium\"; capacity_concurrency = 50.0; },\n",
    "  { name = \"fg\"; kind = \"fargate\"; vcpu = 1.0; memory_gb = 2.0; arch = \"arm64\"; capacity_rps = "
    "30.0;\n",
    "    usd_per_hour = 0.05; }\n",
    ");\n",
    "events = (\n",
    "  { at_min = 5.0; every_h = 6.0; function = \"api\"; deploy = true; deploy_provisioned = \"after\";\n",
    "    provisioned_concurrency = 8;\n",
    "    reserved_concurrency = 400; error_rate = 0.2; duration_factor = 1.5; description = \"e\"; },\n",
    "  { at_min = 10.0; lasting_min = 5.0; downstream = \"db\"; latency_factor = 3.0; call_error_rate = "
    "0.1;\n",
    "    down = true; },\n",
    "  { at_min = 12.0; mapping = \"m1\"; maximum_concurrency = 4; },\n",
    "  { at_min = 15.0; concurrency_limit = 1500; }\n",
    ");\n",
};

/* The kitchen sink's text, with TOP_SRCDIR where the lines have %s (malloc'd). */
static char *kitchen(void) {
  const char *t = top();
  size_t n = 1;
  for (size_t i = 0; i < sizeof kitchen_lines / sizeof *kitchen_lines; i++)
    n += strlen(kitchen_lines[i]) + 4 * strlen(t);
  char *s = sls_xcalloc(n, 1);
  for (size_t i = 0; i < sizeof kitchen_lines / sizeof *kitchen_lines; i++) {
    const char *l = kitchen_lines[i], *p;
    while ((p = strstr(l, "%s")) != NULL) {
      strncat(s, l, (size_t)(p - l));
      strcat(s, t);
      l = p + 2;
    }
    strcat(s, l);
  }
  return s;
}

/* The resolved text of sc without its first line (which names the file). */
static char *printed(const sls_scenario *sc) {
  char *text = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&text, &n);
  sls_scenario_print(m, sc);
  fclose(m);
  char *body = strchr(text, '\n');
  char *out = sls_xstrdup(body ? body + 1 : "");
  free(text);
  return out;
}

/* ---- the same scenario: every field, through the schema's rows and the entities' own ---- */

#define SAME(cond, ...) ck_assert_msg(cond, __VA_ARGS__)

static void same_str(const char *a, const char *b, const char *what) {
  SAME((!a && !b) || (a && b && !strcmp(a, b)), "%s: \"%s\" != \"%s\"", what, a ? a : "(null)",
       b ? b : "(null)");
}

static void same_dist(const sls_dist *a, const sls_dist *b, const char *what) {
  SAME(a->kind == b->kind && a->a == b->a && a->b == b->b && a->n == b->n, "%s: distributions differ", what);
  for (int i = 0; i < a->n; i++)
    SAME(a->p[i] == b->p[i] && a->v[i] == b->v[i], "%s: point %d differs", what, i);
}

/* Every plain row of s in a and b. */
static void same_rows(const sls_schema *s, const void *a, const void *b, const char *what) {
  for (int i = 0; i < s->n; i++) {
    const sls_key *k = &s->keys[i];
    if (k->off < 0) continue;
    SAME(memcmp((const char *)a + k->off, (const char *)b + k->off, (size_t)k->size) == 0, "%s.%s differs",
         what, k->name);
  }
}

static void same_target(sls_target a, sls_target b, const char *what) {
  SAME(a.kind == b.kind && a.index == b.index, "%s: targets differ", what);
}

static void same_ints(const int *a, int na, const int *b, int nb, const char *what) {
  SAME(na == nb && (na == 0 || !memcmp(a, b, (size_t)na * sizeof *a)), "%s: lists differ", what);
}

static void same_function(const sls_function_spec *a, const sls_function_spec *b) {
  const char *w = a->name;
  same_str(a->name, b->name, "function name");
  same_rows(&sls_schema_function, a, b, w);
  same_rows(&sls_schema_per_invocation, a, b, w);
  same_dist(&a->duration, &b->duration, w);
  same_dist(&a->keep_alive, &b->keep_alive, w);
  same_dist(&a->per_message, &b->per_message, w);
  SAME(a->lifetime_on == b->lifetime_on && a->keep_alive_constant == b->keep_alive_constant, "%s: lifetime",
       w);
  if (a->lifetime_on) same_dist(&a->max_lifetime, &b->max_lifetime, w);
  SAME(a->ref_memory_mb == b->ref_memory_mb && a->ds_index == b->ds_index &&
           a->on_failure_q == b->on_failure_q && a->from_trace == b->from_trace &&
           a->cap_index == b->cap_index,
       "%s: references", w);
  same_str(a->downstream, b->downstream, w);
  same_str(a->capacity_provider, b->capacity_provider, w);
  same_str(a->on_failure, b->on_failure, w);
  same_str(a->runtime.name, b->runtime.name, w);
  same_str(a->runtime.source, b->runtime.source, w);
  same_rows(&sls_schema_runtime, &a->runtime, &b->runtime, w);
  same_dist(&a->runtime.init, &b->runtime.init, w);
  same_dist(&a->runtime.overhead, &b->runtime.overhead, w);
  SAME(a->n_emits == b->n_emits, "%s: emissions", w);
  for (int i = 0; i < a->n_emits; i++) {
    const sls_emit_spec *x = &a->emits[i], *y = &b->emits[i];
    same_rows(&sls_schema_emit, x, y, w);
    SAME(x->kind == y->kind && x->event_type_id == y->event_type_id && x->join_index == y->join_index,
         "%s: emission %d", w, i);
    same_target(x->target, y->target, w);
    same_dist(&x->api_latency, &y->api_latency, w);
    same_str(x->event_type, y->event_type, w);
    same_str(x->join_name, y->join_name, w);
  }
  SAME(a->runtime.init_billed == b->runtime.init_billed &&
           a->runtime.init_billed_set == b->runtime.init_billed_set,
       "%s: init billing", w);
}

static void same_source(const sls_source_spec *a, const sls_source_spec *b) {
  const char *w = a->name;
  same_str(a->name, b->name, "source name");
  same_str(a->target, b->target, w);
  same_rows(&sls_schema_source, a, b, w);
  same_rows(&sls_schema_client, a, b, w);
  same_rows(&sls_schema_workflow, a, b, w);
  SAME(a->kind == b->kind && a->fn_index == b->fn_index && a->q_index == b->q_index, "%s: target", w);
  if (a->kind <= SLS_ARRIVAL_MMPP) same_rows(&sls_schema_arrival, a, b, w);
  SAME(a->count == b->count && a->workflow_mb == b->workflow_mb && a->transitions == b->transitions, "%s", w);
  SAME(a->n_pieces == b->n_pieces && a->n_states == b->n_states && a->n_minutes == b->n_minutes &&
           a->n_times == b->n_times && a->placement == b->placement,
       "%s: tables", w);
  for (int i = 0; i < a->n_pieces; i++)
    SAME(a->piece_t[i] == b->piece_t[i] && a->piece_rate[i] == b->piece_rate[i], "%s: piece %d", w, i);
  for (int i = 0; i < a->n_states; i++)
    SAME(a->state_rate[i] == b->state_rate[i] && a->state_switch[i] == b->state_switch[i], "%s: state %d", w,
         i);
  for (int i = 0; i < a->n_minutes; i++)
    SAME(a->minute_counts[i] == b->minute_counts[i], "%s: minute %d", w, i);
  for (int64_t i = 0; i < a->n_times; i++)
    SAME(a->times[i] == b->times[i] && (!a->durations || a->durations[i] == b->durations[i]), "%s: time", w);
  same_dist(&a->gateway_latency, &b->gateway_latency, w);
  same_target(a->dest, b->dest, w);
  SAME(a->event_type_id == b->event_type_id, "%s: event type", w);
}

static void same_scenario(const sls_scenario *a, const sls_scenario *b) {
  same_str(a->name, b->name, "name");
  same_rows(&sls_schema_scenario, a, b, "scenario");
  SAME(a->seed == b->seed, "seed");
  same_rows(&sls_schema_account, &a->account, &b->account, "account");
  same_rows(&sls_schema_scaling, &a->account, &b->account, "account.scaling");
  SAME(a->account.burst == b->account.burst && a->account.refill_per_s == b->account.refill_per_s &&
           a->account.refill_non_http_per_s == b->account.refill_non_http_per_s,
       "scaling");
  same_str(a->price.name, b->price.name, "pricing");
  SAME(a->n_functions == b->n_functions && a->n_sources == b->n_sources && a->n_queues == b->n_queues &&
           a->n_mappings == b->n_mappings && a->n_downstreams == b->n_downstreams &&
           a->n_traces == b->n_traces && a->n_alternatives == b->n_alternatives,
       "counts");
  for (int i = 0; i < a->n_functions; i++)
    same_function(&a->functions[i], &b->functions[i]);
  SAME(a->n_events == b->n_events, "events");
  for (int i = 0; i < a->n_events; i++) {
    const sls_event_spec *x = &a->events[i], *y = &b->events[i];
    same_rows(&sls_schema_event, x, y, "event");
    same_str(x->function, y->function, "event function");
    same_str(x->downstream, y->downstream, "event downstream");
    same_str(x->mapping, y->mapping, "event mapping");
    SAME(x->kind == y->kind && x->index == y->index, "event %d: entity", i);
  }
  for (int i = 0; i < a->n_functions; i++)
    same_rows(&sls_schema_pc_autoscaling, &a->functions[i].pc_autoscaling, &b->functions[i].pc_autoscaling,
              a->functions[i].name);
  for (int i = 0; i < a->n_sources; i++)
    same_source(&a->sources[i], &b->sources[i]);
  for (int i = 0; i < a->n_queues; i++) {
    same_str(a->queues[i].name, b->queues[i].name, "queue");
    same_str(a->queues[i].dlq, b->queues[i].dlq, a->queues[i].name);
    same_rows(&sls_schema_queue, &a->queues[i], &b->queues[i], a->queues[i].name);
    SAME(a->queues[i].dlq_index == b->queues[i].dlq_index, "%s: DLQ", a->queues[i].name);
  }
  for (int i = 0; i < a->n_mappings; i++) {
    const sls_mapping_spec *x = &a->mappings[i], *y = &b->mappings[i];
    same_str(x->name, y->name, "mapping");
    same_rows(&sls_schema_mapping, x, y, x->name);
    SAME(x->batch_size == y->batch_size && x->q_index == y->q_index && x->fn_index == y->fn_index, "%s",
         x->name);
  }
  for (int i = 0; i < a->n_downstreams; i++) {
    const sls_downstream_spec *x = &a->downstreams[i], *y = &b->downstreams[i];
    same_str(x->name, y->name, "downstream");
    same_rows(&sls_schema_downstream, x, y, x->name);
    SAME(x->collapse_on == y->collapse_on, "%s: collapse", x->name);
    if (x->collapse_on) same_rows(&sls_schema_collapse, x, y, x->name);
    same_dist(&x->latency, &y->latency, x->name);
    SAME(x->n_outages == y->n_outages, "%s: outages", x->name);
    for (int k = 0; k < x->n_outages; k++)
      same_rows(&sls_schema_outage, &x->outages[k], &y->outages[k], x->name);
  }
  SAME(a->n_topics == b->n_topics && a->n_buses == b->n_buses && a->n_joins == b->n_joins &&
           a->n_event_types == b->n_event_types,
       "graph counts");
  for (int i = 0; i < a->n_event_types; i++)
    same_str(a->event_types[i], b->event_types[i], "event type");
  for (int i = 0; i < a->n_topics; i++) {
    const sls_topic_spec *x = &a->topics[i], *y = &b->topics[i];
    same_str(x->name, y->name, "topic");
    same_dist(&x->delivery_latency, &y->delivery_latency, x->name);
    SAME(x->n_subs == y->n_subs, "%s: subscriptions", x->name);
    for (int k = 0; k < x->n_subs; k++) {
      const sls_subscription_spec *u = &x->subs[k], *v = &y->subs[k];
      same_rows(&sls_schema_subscription, u, v, x->name);
      same_target(u->target, v->target, x->name);
      same_ints(u->types, u->n_types, v->types, v->n_types, x->name);
    }
  }
  for (int i = 0; i < a->n_buses; i++) {
    const sls_bus_spec *x = &a->buses[i], *y = &b->buses[i];
    same_str(x->name, y->name, "bus");
    same_dist(&x->delivery_latency, &y->delivery_latency, x->name);
    SAME(x->n_rules == y->n_rules, "%s: rules", x->name);
    for (int k = 0; k < x->n_rules; k++) {
      const sls_rule_spec *u = &x->rules[k], *v = &y->rules[k];
      same_str(u->name, v->name, x->name);
      same_str(u->dlq_name, v->dlq_name, u->name);
      same_rows(&sls_schema_rule, u, v, u->name);
      same_ints(u->types, u->n_types, v->types, v->n_types, u->name);
      SAME(u->n_targets == v->n_targets && u->dlq_index == v->dlq_index, "%s: targets", u->name);
      for (int t = 0; t < u->n_targets; t++)
        same_target(u->targets[t], v->targets[t], u->name);
    }
  }
  for (int i = 0; i < a->n_joins; i++) {
    const sls_join_spec *x = &a->joins[i], *y = &b->joins[i];
    same_str(x->name, y->name, "join");
    same_rows(&sls_schema_join, x, y, x->name);
    same_target(x->target, y->target, x->name);
  }
  for (int i = 0; i < a->n_traces; i++) {
    const sls_trace_spec *x = &a->traces[i], *y = &b->traces[i];
    same_rows(&sls_schema_trace, x, y, x->name);
    const char *xs[] = {x->name, x->format,    x->invocations, x->durations, x->memory,
                        x->file, x->placement, x->trigger,     x->app};
    const char *ys[] = {y->name, y->format,    y->invocations, y->durations, y->memory,
                        y->file, y->placement, y->trigger,     y->app};
    for (int k = 0; k < 9; k++)
      same_str(xs[k], ys[k], x->name);
    SAME(x->n_functions == y->n_functions && x->tmpl_memory == y->tmpl_memory, "%s", x->name);
  }
  SAME(a->n_capacity == b->n_capacity, "capacity providers");
  for (int i = 0; i < a->n_capacity; i++) {
    const sls_capacity_spec *x = &a->capacity[i], *y = &b->capacity[i];
    same_str(x->name, y->name, "capacity provider");
    same_str(x->instance_type, y->instance_type, x->name);
    same_rows(&sls_schema_capacity, x, y, x->name);
    SAME(x->vcpu == y->vcpu && x->memory_gb == y->memory_gb && x->usd_per_hour == y->usd_per_hour, "%s",
         x->name);
  }
  for (int i = 0; i < a->n_alternatives; i++) {
    const sls_alternative_spec *x = &a->alternatives[i], *y = &b->alternatives[i];
    same_str(x->name, y->name, "alternative");
    same_str(x->instance, y->instance, x->name);
    same_rows(&sls_schema_alternative, x, y, x->name);
    SAME(x->kind == y->kind && x->usd_per_hour == y->usd_per_hour && x->vcpu == y->vcpu &&
             x->memory_gb == y->memory_gb && x->arm == y->arm && x->by_concurrency == y->by_concurrency &&
             x->capacity == y->capacity && x->n_functions == y->n_functions,
         "%s", x->name);
    for (int k = 0; k < x->n_functions; k++)
      SAME(x->functions[k] == y->functions[k], "%s: functions", x->name);
  }
}

/* Loads what `check` prints for sc (beside file, so its relative paths hold) and asserts that it
 * is the same scenario: the same fields, the same text printed again, the same first 20,000
 * events of a run. */
static void round_trip(const sls_scenario *sc, const char *file) {
  char err[SLS_ERRLEN] = "";
  char *t1 = printed(sc);
  sls_scenario again;
  ck_assert_msg(sls_scenario_load_text_at(t1, file, NULL, 0, &again, err) == 0,
                "%s: printed, it does not load: %s", file, err);
  char *t2 = printed(&again);
  ck_assert_msg(strcmp(t1, t2) == 0, "%s: printed twice, it differs", file);
  same_scenario(sc, &again);
  if (sls_world_check(sc, err) == 0 && sls_world_estimate(sc, NULL, 0) < 256e6) {
    sls_world *w[2] = {sls_world_alloc(sc, sc->seed, err), sls_world_alloc(&again, again.seed, err)};
    ck_assert_msg(w[0] && w[1], "%s: %s", file, err);
    for (int k = 0; k < 2; k++) {
      w[k]->limits.max_events = 20000;
      sls_world_run(w[k]);
    }
    for (int i = 0; i < sc->n_functions; i++) { /* the counters, then the latencies */
      const sls_fn_stats *x = &w[0]->functions[i].st, *y = &w[1]->functions[i].st;
      SAME(!memcmp(x, y, offsetof(sls_fn_stats, latency)), "%s: function %s runs differently", file,
           sc->functions[i].name);
      SAME(sls_hist_mean(&x->latency) == sls_hist_mean(&y->latency) &&
               sls_hist_quantile(&x->latency, 0.99) == sls_hist_quantile(&y->latency, 0.99) &&
               sls_hist_mean(&x->init_latency) == sls_hist_mean(&y->init_latency),
           "%s: function %s has other latencies", file, sc->functions[i].name);
    }
    sls_world_free(w[0]);
    sls_world_free(w[1]);
  }
  sls_scenario_free(&again);
  free(t1);
  free(t2);
}

/* Loads path (with sets) and round-trips it. */
static void round_trip_file(const char *path, const sls_override *sets, int n_sets) {
  char err[SLS_ERRLEN] = "";
  sls_scenario sc;
  ck_assert_msg(sls_scenario_load(path, sets, n_sets, &sc, err) == 0, "%s: %s", path, err);
  round_trip(&sc, path);
  sls_scenario_free(&sc);
}

/* The .cfg files of dir, sorted; returns how many. */
static int cfg_files(const char *dir, char names[][256], int max) {
  DIR *dp = opendir(dir);
  ck_assert_msg(dp != NULL, "%s: %s", dir, strerror(errno));
  int n = 0;
  struct dirent *de;
  while ((de = readdir(dp)) != NULL && n < max) {
    size_t l = strlen(de->d_name);
    if (l > 4 && l < 250 && !strcmp(de->d_name + l - 4, ".cfg")) snprintf(names[n++], 256, "%s", de->d_name);
  }
  closedir(dp);
  qsort(names, (size_t)n, sizeof *names, (int (*)(const void *, const void *))strcmp);
  return n;
}

START_TEST(every_shipped_scenario_round_trips) {
  char names[64][256], path[4096];
  int total = 0;
  snprintf(path, sizeof path, "%s/configs", top());
  int n = cfg_files(path, names, 64);
  ck_assert_int_ge(n, 6);
  for (int i = 0; i < n; i++, total++) {
    snprintf(path, sizeof path, "%s/configs/%s", top(), names[i]);
    round_trip_file(path, NULL, 0);
  }
  /* every experiment's scenarios; azure-trace's trace files are not in the repository (the
   * Azure samples are), so its two replays read the test excerpts instead */
  char edir[4096], exps[32][256];
  snprintf(edir, sizeof edir, "%s/experiments", top());
  DIR *dp = opendir(edir);
  ck_assert_ptr_nonnull(dp);
  int ne = 0;
  struct dirent *de;
  while ((de = readdir(dp)) != NULL && ne < 32)
    if (de->d_name[0] != '.') snprintf(exps[ne++], 256, "%s", de->d_name);
  closedir(dp);
  char d19[3][4200], d21[4200];
  const char *kinds[3] = {"invocations", "durations", "memory"};
  for (int k = 0; k < 3; k++)
    snprintf(d19[k], sizeof d19[k], "%s/tests/data/azure2019_%s.csv", top(), kinds[k]);
  snprintf(d21, sizeof d21, "%s/tests/data/azure2021.csv", top());
  sls_override az19[] = {
      {"traces.az.invocations", d19[0]}, {"traces.az.durations", d19[1]}, {"traces.az.memory", d19[2]}};
  sls_override az21[] = {{"traces.az21.file", d21}};
  for (int e = 0; e < ne; e++) {
    char dir[4500];
    snprintf(dir, sizeof dir, "%s/%s", edir, exps[e]);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) continue; /* README.md, common.sh */
    int nc = cfg_files(dir, names, 64);
    for (int i = 0; i < nc; i++, total++) {
      snprintf(path, sizeof path, "%s/%s", dir, names[i]);
      int is19 = !strcmp(exps[e], "azure-trace") && !strcmp(names[i], "replay-2019.cfg");
      int is21 = !strcmp(exps[e], "azure-trace") && !strcmp(names[i], "replay-2021.cfg");
      round_trip_file(path, is19 ? az19 : is21 ? az21 : NULL, is19 ? 3 : is21 ? 1 : 0);
    }
  }
  ck_assert_int_ge(total, 16);
}
END_TEST

/* Every model file, through a scenario that uses it. */
START_TEST(every_model_round_trips) {
  char names[128][256], dir[4096], text[2048], path[4096];
  int n;
  const char *base = "duration_s = 60.0; sample_interval_s = 10.0;\n"
                     "sources = ( { name = \"u\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s "
                     "= 5.0; }; } );\n";
  snprintf(dir, sizeof dir, "%s/models/runtimes", top());
  n = cfg_files(dir, names, 128);
  ck_assert_int_ge(n, 39);
  for (int i = 0; i < n; i++) {
    snprintf(text, sizeof text,
             "%sfunctions = ( { name = \"f\"; runtime = \"%.*s\"; memory_mb = 512;\n"
             "  duration = { dist = \"constant\"; value_ms = 50.0; }; } );\n",
             base, (int)strlen(names[i]) - 4, names[i]);
    write_temp(text, path);
    round_trip_file(path, NULL, 0);
    unlink(path);
  }
  const char *kinds[2] = {"platforms", "pricing"};
  for (int k = 0; k < 2; k++) {
    snprintf(dir, sizeof dir, "%s/models/%s", top(), kinds[k]);
    n = cfg_files(dir, names, 128);
    ck_assert_int_ge(n, 1);
    for (int i = 0; i < n; i++) {
      snprintf(text, sizeof text,
               "%s%s = \"%.*s\";%s\nfunctions = ( { name = \"f\"; %s\n"
               "  duration = { dist = \"constant\"; value_ms = 50.0; }; } );\n",
               base, k ? "pricing" : "platform", (int)strlen(names[i]) - 4, names[i],
               k ? " platform = \"none\";" : "", k ? RT_ZERO : "");
      write_temp(text, path);
      round_trip_file(path, NULL, 0);
      unlink(path);
    }
  }
}
END_TEST

START_TEST(the_kitchen_sink_round_trips_and_prints_every_key) {
  char *text = kitchen(), path[4096], err[SLS_ERRLEN] = "";
  write_temp(text, path);
  sls_scenario sc;
  ck_assert_msg(sls_scenario_load(path, NULL, 0, &sc, err) == 0, "%s", err);
  ck_assert_int_ge(sc.n_traces, 2);
  ck_assert_int_ge(sc.traces[1].n_functions, 1); /* the Azure filter kept something */
  round_trip(&sc, path);
  /* every key of every entity a scenario holds is printed, but those `check` resolves into
   * others: by_memory (the entry chosen is printed as init), rates_file (as its table),
   * usd_per_month (as usd_per_hour); a description is not kept */
  char *t = printed(&sc);
  static const char *const resolved[] = {"by_memory", "rates_file", "usd_per_month"};
  const sls_schema *seen[64];
  int n = 0;
  reach(&sls_schema_scenario, seen, &n);
  for (int i = 0; i < n; i++) {
    const sls_schema *s = seen[i];
    if (s == &sls_schema_distribution) continue; /* model/dist.h prints them (check_dist) */
    for (int r = 0; r < s->n; r++) {
      const sls_key *k = &s->keys[r];
      int skip = (k->flags & SLS_KF_UNUSED) != 0;
      for (size_t q = 0; q < sizeof resolved / sizeof *resolved; q++)
        skip |= !strcmp(k->name, resolved[q]);
      if (skip) continue;
      char spelled[96];
      snprintf(spelled, sizeof spelled, "%s%s = ", k->name,
               k->type == SLS_KT_TIME || k->type == SLS_KT_TIMES ? "_s"
               : k->type == SLS_KT_RATE                          ? "_per_s"
                                                                 : "");
      char alt[96]; /* a time or a distribution */
      snprintf(alt, sizeof alt, "%s_s = ", k->name);
      ck_assert_msg(strstr(t, spelled) || (k->type == SLS_KT_TIME_OR_DIST && strstr(t, alt)),
                    "%s.%s is not printed", s->name, k->name);
    }
  }
  free(t);
  sls_scenario_free(&sc);
  unlink(path);
  free(text);
}
END_TEST

/* ---- the reference against the loader ---- */

/* Where each settable entity sits in the kitchen sink, for --set; for an arrival key, the
 * source whose kind it applies to. */
static const char *place_of(const sls_schema *s, const sls_key *k) {
  if (s == &sls_schema_scenario) return "";
  if (s == &sls_schema_account) return "account.";
  if (s == &sls_schema_scaling) return "account.scaling.";
  if (s == &sls_schema_function) return "functions.api.";
  if (s == &sls_schema_per_invocation) return "functions.api.per_invocation.";
  if (s == &sls_schema_runtime) return "functions.worker.runtime.";
  if (s == &sls_schema_source) return "sources.users.";
  if (s == &sls_schema_client) return "sources.users.client.";
  if (s == &sls_schema_workflow) return "sources.flow.workflow.";
  if (s == &sls_schema_queue) return "queues.orders.";
  if (s == &sls_schema_mapping) return "mappings.m1.";
  if (s == &sls_schema_downstream) return "downstreams.db.";
  if (s == &sls_schema_collapse) return "downstreams.db.collapse.";
  if (s == &sls_schema_trace) return "traces.tr.";
  if (s == &sls_schema_alternative) return "alternatives.vps.";
  if (s == &sls_schema_capacity) return "capacity_providers.cp.";
  if (s == &sls_schema_emit && !strcmp(k->name, "concurrency"))
    return "functions.api.emits.[1]."; /* an async invoke: a sync one takes only 1 */
  if (s == &sls_schema_emit) {         /* the kitchen sink's first emission of a kind the key applies to */
    static const char *const by_kind[] = {"functions.api.emits.[0].", "functions.api.emits.[2].",
                                          "functions.api.emits.[4].", "functions.api.emits.[5]."};
    for (int b = 0; b < 4; b++)
      if (!k->kinds || k->kinds >> b & 1) return by_kind[b];
  }
  if (s == &sls_schema_subscription) return "topics.events.subscriptions.[0].";
  if (s == &sls_schema_topic) return "topics.events.";
  if (s == &sls_schema_bus) return "buses.bus.";
  if (s == &sls_schema_rule) return "buses.bus.rules.r1.";
  if (s == &sls_schema_join) return "joins.agg.";
  if (s == &sls_schema_outage) return "downstreams.db.outages.[0].";
  if (s == &sls_schema_machine) return "state_machines.saga.";
  if (s == &sls_schema_state)
    return k->kinds >> SLS_ST_MAP & 1 ? "state_machines.saga.states.Each." : "state_machines.saga.states.Go.";
  if (s == &sls_schema_retrier) return "state_machines.saga.states.Go.retry.[0].";
  if (s == &sls_schema_choice) return "state_machines.saga.states.Pick.choices.[0].";
  if (s == &sls_schema_sfn_quotas) return "step_functions.";
  if (s == &sls_schema_pc_autoscaling) return "functions.worker.provisioned_autoscaling.";
  if (s == &sls_schema_event) { /* the element of the kind of entity the key is a setting of */
    static const char *const ds[] = {"lasting", "latency_factor", "call_error_rate", "down"};
    for (size_t i = 0; i < sizeof ds / sizeof *ds; i++)
      if (!strcmp(k->name, ds[i])) return "events.[1].";
    if (!strcmp(k->name, "maximum_concurrency")) return "events.[2].";
    if (!strcmp(k->name, "concurrency_limit")) return "events.[3].";
    return "events.[0].";
  }
  if (s == &sls_schema_arrival) {
    static const char *const by_kind[] = {
        "sources.users.arrival.", "sources.steps.arrival.", "sources.batch.arrival.", "sources.day.arrival.",
        "sources.news.arrival.",  "sources.cron.arrival.",  "sources.flow.arrival."};
    for (int b = 0; b < 7; b++)
      if (k->kinds >> b & 1) return by_kind[b];
  }
  return NULL;
}

/* The field a plain row of s stores in the kitchen sink at place_of(s, k). */
static const void *object_of(const sls_scenario *sc, const sls_schema *s, const sls_key *k) {
  const char *p = place_of(s, k);
  if (s == &sls_schema_scenario) return sc;
  if (s == &sls_schema_account || s == &sls_schema_scaling) return &sc->account;
  if (s == &sls_schema_function || s == &sls_schema_per_invocation) return &sc->functions[0];
  if (s == &sls_schema_runtime) return &sc->functions[1].runtime;
  if (s == &sls_schema_queue) return &sc->queues[0];
  if (s == &sls_schema_mapping) return &sc->mappings[0];
  if (s == &sls_schema_downstream || s == &sls_schema_collapse) return &sc->downstreams[0];
  if (s == &sls_schema_trace) return &sc->traces[0];
  if (s == &sls_schema_alternative) return &sc->alternatives[0];
  if (s == &sls_schema_capacity) return &sc->capacity[0];
  if (s == &sls_schema_emit) return &sc->functions[0].emits[atoi(strchr(p, '[') + 1)];
  if (s == &sls_schema_subscription) return &sc->topics[0].subs[0];
  if (s == &sls_schema_topic) return &sc->topics[0];
  if (s == &sls_schema_bus) return &sc->buses[0];
  if (s == &sls_schema_rule) return &sc->buses[0].rules[0];
  if (s == &sls_schema_join) return &sc->joins[0];
  if (s == &sls_schema_outage) return &sc->downstreams[0].outages[0];
  if (s == &sls_schema_machine) return &sc->machines[0];
  if (s == &sls_schema_state) return &sc->machines[0].states[k->kinds >> SLS_ST_MAP & 1 ? 5 : 0];
  if (s == &sls_schema_retrier) return &sc->machines[0].states[0].retry[0];
  if (s == &sls_schema_choice) return &sc->machines[0].states[1].choices[0];
  if (s == &sls_schema_sfn_quotas) return &sc->sfn;
  if (s == &sls_schema_pc_autoscaling) return &sc->functions[1].pc_autoscaling;
  if (s == &sls_schema_event) return &sc->events[atoi(strchr(p, '[') + 1)];
  for (int i = 0; i < sc->n_sources; i++) { /* sources.NAME. */
    size_t l = strlen(sc->sources[i].name);
    if (!strncmp(p + 8, sc->sources[i].name, l) && p[8 + l] == '.') return &sc->sources[i];
  }
  return NULL;
}

/* Loads the kitchen sink with one --set; returns the loader's rc. */
static int set_one(const char *file, const char *key, const char *value, sls_scenario *sc, char *err) {
  sls_override o = {key, value};
  return sls_scenario_load(file, &o, 1, sc, err);
}

/* Keys whose middle value another key's rule refuses in the kitchen sink (the rule named). */
static int constrained(const sls_schema *s, const sls_key *k) {
  static const struct {
    const sls_schema *s;
    const char *key;
  } rules[] = {
      {&sls_schema_downstream, "pool_size"},             /* at most max_connections */
      {&sls_schema_function, "provisioned_concurrency"}, /* at most reserved_concurrency */
      {&sls_schema_arrival, "spike_width"},              /* at most the period */
      /* within the platform's limits (aws-lambda here: 128..10,240 MB, 900 s, 1, 6 vCPUs) */
      {&sls_schema_function, "memory_mb"},
      {&sls_schema_function, "timeout"},
      {&sls_schema_function, "instance_concurrency"},
      {&sls_schema_function, "vcpus"},
      {&sls_schema_pc_autoscaling, "min"}, /* at most max */
      {&sls_schema_scenario, "warmup"},    /* less than duration; none with topics (the kitchen has some) */
      {&sls_schema_event, "memory_mb"},    /* not with provisioned concurrency (the kitchen's api has some) */
      {&sls_schema_event, "timeout"},      /* within the platform's 900 s */
      {&sls_schema_capacity, "min_instances"}, /* at most max_vcpus / the instance type's vCPUs */
  };
  for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
    if (rules[i].s == s && !strcmp(rules[i].key, k->name)) return 1;
  return 0;
}

START_TEST(every_plain_key_does_what_the_reference_says) {
  char *text = kitchen(), file[4096], err[SLS_ERRLEN], key[256], value[64], want[160];
  write_temp(text, file);
  const sls_schema *seen[64];
  int n = 0, tested = 0;
  reach(&sls_schema_scenario, seen, &n);
  for (int i = 0; i < n; i++) {
    const sls_schema *s = seen[i];
    for (int r = 0; r < s->n; r++) {
      const sls_key *k = &s->keys[r];
      const char *place = place_of(s, k);
      if (k->flags & SLS_KF_CODE) continue;
      ck_assert_msg(place != NULL, "%s.%s: no place in the kitchen sink to set it", s->name, k->name);
      const char *suffix = k->type == SLS_KT_TIME ? "_s" : k->type == SLS_KT_RATE ? "_per_s" : "";
      snprintf(key, sizeof key, "%s%s%s", place, k->name, suffix);
      char said[256]; /* as messages spell it: an element by index is emits[0], not emits.[0] */
      snprintf(said, sizeof said, "%s", key);
      for (char *d; (d = strstr(said, ".[")) != NULL;)
        memmove(d, d + 1, strlen(d));
      sls_scenario sc;
      if (k->type == SLS_KT_ENUM ||
          k->type == SLS_KT_BOOL) { /* a value not listed is refused, with the list */
        ck_assert_int_eq(set_one(file, key, "bogus", &sc, err), SLS_EINPUT);
        if (k->type == SLS_KT_BOOL) {
          ck_assert_msg(strstr(err, "expected true or false"), "%s: %s", key, err);
        } else {
          snprintf(want, sizeof want, "expected one of \"%s\", \"%s\"", k->values[0], k->values[1]);
          ck_assert_msg(strstr(err, want) && strstr(err, said), "%s: %s", key, err);
        }
        tested++;
        continue;
      }
      /* just outside the range, either side: refused, naming the key and the range */
      char range[96];
      snprintf(range, sizeof range, "%g..%g", k->lo, k->hi);
      double outside[2] = {k->hi + (k->hi >= 1 ? k->hi : 1), k->lo - (k->lo >= 1 ? k->lo / 2 : 1)};
      for (int side = 0; side < 2; side++) {
        if (k->type == SLS_KT_INT) outside[side] = side ? ceil(outside[side]) - 1 : floor(outside[side]) + 1;
        snprintf(value, sizeof value, k->type == SLS_KT_INT ? "%.0f" : "%.17g", outside[side]);
        ck_assert_int_eq(set_one(file, key, value, &sc, err), SLS_EINPUT);
        ck_assert_msg(strstr(err, said) && strstr(err, range), "%s=%s: %s (expected the range %s)", key,
                      value, err, range);
      }
      /* inside: stored in the row's unit (times in ns, prices per unit) */
      if (!constrained(s, k)) {
        double mid = k->type == SLS_KT_INT ? floor((k->lo + k->hi) / 2) : (k->lo + k->hi) / 2;
        if (k->hi > 1e6) /* a modest value: a ten-thousandth of the way */
          mid =
              k->type == SLS_KT_INT ? floor(k->lo + (k->hi - k->lo) * 1e-4) : k->lo + (k->hi - k->lo) * 1e-4;
        snprintf(value, sizeof value, k->type == SLS_KT_INT ? "%.0f" : "%.17g", mid);
        ck_assert_msg(set_one(file, key, value, &sc, err) == 0, "%s=%s: %s", key, value, err);
        const char *at = (const char *)object_of(&sc, s, k) + k->off;
        double got;
        if (k->type == SLS_KT_INT && k->size == 8) {
          int64_t v;
          memcpy(&v, at, 8);
          got = (double)v;
        } else if (k->type == SLS_KT_INT) {
          int v;
          memcpy(&v, at, sizeof v);
          got = v;
        } else if (k->type == SLS_KT_TIME) {
          sls_time v;
          memcpy(&v, at, sizeof v);
          got = (double)v / 1e9;
        } else {
          memcpy(&got, at, sizeof got);
          got /= k->scale != 0 ? k->scale : 1;
        }
        ck_assert_msg(fabs(got - mid) <= 1e-9 * fabs(mid), "%s=%s stored %.17g", key, value, got);
        sls_scenario_free(&sc);
      }
      tested++;
    }
  }
  ck_assert_int_ge(tested, 70); /* the plain rows of the scenario's entities (78 today) */
  unlink(file);
  free(text);
}
END_TEST

/* With no platform, a key left out takes its row's default. */
START_TEST(every_default_is_the_documented_one) {
  const char *text =
      "platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 60.0;\n"
      "functions = ( { name = \"f\"; " RT_ZERO " duration = { dist = \"constant\"; value_ms = 5.0; };\n"
      "                emits = ( { kind = \"send\"; target = \"q\"; join = \"j\"; } ); } );\n"
      "topics = ( { name = \"t\"; subscriptions = ( { target = \"q\"; } ); } );\n"
      "buses = ( { name = \"e\"; rules = ( { name = \"r\"; targets = [\"q\"]; } ); } );\n"
      "joins = ( { name = \"j\"; target = \"q\"; } );\n"
      "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 1.0; }; },\n"
      "            { name = \"d\"; target = \"f\"; arrival = { kind = \"diurnal\"; peak_rate_per_s = 1.0; }; "
      "},\n"
      "            { name = \"b\"; target = \"q\"; arrival = { kind = \"batch\"; count = 3; }; } );\n"
      "queues = ( { name = \"q\"; } );\n"
      "mappings = ( { name = \"m\"; queue = \"q\"; function = \"f\"; } );\n"
      "downstreams = ( { name = \"db\"; latency = { dist = \"constant\"; value_ms = 1.0; };\n"
      "                  outages = ( { at_s = 1.0; lasting_s = 2.0; } ); } );\n"
      "traces = ( { name = \"t\"; format = \"csv\"; file = \"TOP/tests/data/plain.csv\"; function = "
      "{ " RT_ZERO " }; } );\n"
      "alternatives = ( { name = \"a\"; kind = \"vps\"; usd_per_month = 10.0; capacity_rps = 5.0; } );\n";
  char buf[4096], err[SLS_ERRLEN] = "";
  const char *at = strstr(text, "TOP");
  snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - text), text, top(), at + 3);
  sls_scenario sc;
  ck_assert_msg(load_text(buf, &sc, err) == 0, "%s", err);
  struct {
    const sls_schema *s;
    const void *obj;
  } where[] = {{&sls_schema_scenario, &sc},
               {&sls_schema_account, &sc.account},
               {&sls_schema_scaling, &sc.account},
               {&sls_schema_function, &sc.functions[0]},
               {&sls_schema_per_invocation, &sc.functions[0]},
               {&sls_schema_runtime, &sc.functions[0].runtime},
               {&sls_schema_source, &sc.sources[0]},
               {&sls_schema_client, &sc.sources[0]},
               {&sls_schema_workflow, &sc.sources[0]},
               {&sls_schema_queue, &sc.queues[0]},
               {&sls_schema_mapping, &sc.mappings[0]},
               {&sls_schema_downstream, &sc.downstreams[0]},
               {&sls_schema_trace, &sc.traces[0]},
               {&sls_schema_alternative, &sc.alternatives[0]},
               {&sls_schema_emit, &sc.functions[0].emits[0]},
               {&sls_schema_topic, &sc.topics[0]},
               {&sls_schema_subscription, &sc.topics[0].subs[0]},
               {&sls_schema_bus, &sc.buses[0]},
               {&sls_schema_rule, &sc.buses[0].rules[0]},
               {&sls_schema_join, &sc.joins[0]},
               {&sls_schema_arrival, &sc.sources[1]},
               {&sls_schema_arrival, &sc.sources[2]}};
  int kinds[] = {-1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 -1,
                 SLS_ARRIVAL_DIURNAL,
                 SLS_ARRIVAL_BATCH};
  int tested = 0;
  for (size_t w = 0; w < sizeof where / sizeof *where; w++) {
    const sls_schema *s = where[w].s;
    for (int r = 0; r < s->n; r++) {
      const sls_key *k = &s->keys[r];
      if ((k->flags & SLS_KF_CODE) || isnan(k->def)) continue;
      if (kinds[w] >= 0 ? !(k->kinds >> kinds[w] & 1) : k->kinds != 0) continue;
      const char *p = (const char *)where[w].obj + k->off;
      double got, want = k->def * (k->scale != 0 ? k->scale : 1);
      if (k->type == SLS_KT_TIME) {
        sls_time v;
        memcpy(&v, p, sizeof v);
        got = v == SLS_TIME_MAX ? INFINITY : (double)v / 1e9;
      } else if (k->type == SLS_KT_NUM || k->type == SLS_KT_RATE) {
        memcpy(&got, p, sizeof got);
      } else if (k->size == 8) {
        int64_t v;
        memcpy(&v, p, 8);
        got = (double)v;
      } else {
        int v;
        memcpy(&v, p, sizeof v);
        got = v;
      }
      ck_assert_msg(got == want || fabs(got - want) <= 1e-12 * fabs(want),
                    "%s.%s: default %.17g, documented %.17g", s->name, k->name, got, want);
      tested++;
    }
  }
  ck_assert_int_ge(tested, 60);
  sls_scenario_free(&sc);
}
END_TEST

/* ---- --set, typed by the schema ---- */

START_TEST(set_is_typed_by_the_schema) {
  char *text = kitchen(), file[4096], err[SLS_ERRLEN];
  write_temp(text, file);
  sls_scenario sc;
  /* a time replaces the key in the unit the file gave it */
  ck_assert_msg(set_one(file, "duration_h", "0.25", &sc, err) == 0, "%s", err);
  ck_assert_int_eq(sc.duration, 900 * SLS_NS_PER_S);
  sls_scenario_free(&sc);
  /* a constant time replaces a distribution of the same key */
  ck_assert_msg(set_one(file, "functions.worker.keep_alive_s", "60", &sc, err) == 0, "%s", err);
  ck_assert_int_eq(sc.functions[1].keep_alive.kind, SLS_DIST_CONSTANT);
  ck_assert_double_eq(sc.functions[1].keep_alive.a, 60e9);
  sls_scenario_free(&sc);
  /* a rate, in another unit, on an element picked by index */
  ck_assert_msg(set_one(file, "sources.[0].arrival.rate_per_h", "7200", &sc, err) == 0, "%s", err);
  ck_assert_double_eq_tol(sc.sources[0].rate_per_s, 2.0, 1e-12);
  sls_scenario_free(&sc);
  /* a name holding dots: the longest element name wins */
  ck_assert_msg(set_one(file, "queues.jobs.fifo.delay_s", "5", &sc, err) == 0, "%s", err);
  ck_assert_int_eq(sc.queues[3].delay, 5 * SLS_NS_PER_S);
  sls_scenario_free(&sc);
  /* a group made where the file has none */
  ck_assert_msg(set_one(file, "sources.steps.client.jitter", "none", &sc, err) == 0, "%s", err);
  ck_assert_int_eq(sc.sources[1].jitter, SLS_JITTER_NONE);
  sls_scenario_free(&sc);
  /* refusals: the type, the key's spelling, the place */
  static const struct {
    const char *key, *value, *expect;
  } bad[] = {
      {"functions.api.memory_mb", "2.5", "expected an integer"},
      {"functions.api.timeout_s", "soon", "expected a number"},
      {"free_tier", "yes", "expected true or false"},
      {"functions.api.memry_mb", "256", "functions.api.memry_mb: unknown key (did you mean 'memory_mb'?)"},
      {"functions.api.timeout", "3", "unknown key (did you mean 'timeout_s'?)"},
      {"functions.nosuch.memory_mb", "256", "no such place"},
      {"functions.api.runtime.init.p50_ms", "5", "is not a group"},
      {"functions.api.duration", "5", "cannot set a group"},
      {"sources.users.arrival.peak_rate_per_s", "3", "applies to kind \"diurnal\", not to \"poisson\""},
      {"functions.api.memory_mb", "64",
       "functions.api.memory_mb: expected a value in 128..10240 (aws-lambda's limits), got 64"},
      {"functions.api.timeout_s", "901",
       "functions.api.timeout_s: expected 0.001..900 s (aws-lambda's limits), got 901 s"},
      {"functions.api.instance_concurrency", "2",
       "functions.api.instance_concurrency: expected at most 1 (aws-lambda's limit), got 2"}};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    ck_assert_int_eq(set_one(file, bad[i].key, bad[i].value, &sc, err), SLS_EINPUT);
    ck_assert_msg(strstr(err, bad[i].expect), "--set %s=%s: %s (expected: %s)", bad[i].key, bad[i].value, err,
                  bad[i].expect);
  }
  unlink(file);
  free(text);
}
END_TEST

START_TEST(an_arrival_key_of_another_kind_is_refused) {
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  const char *text =
      "duration_s = 10.0;\n"
      "functions = ( { name = \"f\"; duration = { dist = \"constant\"; value_ms = 5.0; }; } );\n"
      "sources = ( { name = \"s\"; target = \"f\";\n"
      "  arrival = { kind = \"batch\"; count = 3; rate_per_s = 2.0; }; } );\n";
  ck_assert_int_eq(load_text(text, &sc, err), SLS_EINPUT);
  ck_assert_msg(
      strstr(err,
             ":4: sources.s.arrival.rate_per_s: applies to kind \"poisson\", \"spike\", not to \"batch\""),
      "%s", err);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("schema");
  TCase *tc = sls_tcase("rows");
  tcase_add_test(tc, rows_are_well_formed);
  tcase_add_test(tc, every_default_is_the_documented_one);
  tcase_add_test(tc, every_plain_key_does_what_the_reference_says);
  tcase_add_test(tc, set_is_typed_by_the_schema);
  tcase_add_test(tc, an_arrival_key_of_another_kind_is_refused);
  suite_add_tcase(s, tc);
  tc = sls_tcase("round trip");
  tcase_add_test(tc, the_kitchen_sink_round_trips_and_prints_every_key);
  tcase_add_test(tc, every_shipped_scenario_round_trips);
  tcase_add_test(tc, every_model_round_trips);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
