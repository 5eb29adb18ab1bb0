/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scenario loader: every error path names file, line, key and what was expected; defaults
 * come from the platform preset; --set overrides. */
#include <dirent.h>

#include "testutil.h"

/* A valid scenario, one setting a line, so that tests can point at line numbers. */
#define L1 "duration_s = 10.0;\n"
#define L2 "functions = (\n"
#define L3 "  { name = \"api\";\n"
#define L4 "    memory_mb = 512;\n"
#define L5 "    duration = { dist = \"constant\"; value_ms = 100.0; };\n"
#define L6 "  }\n"
#define L7 ");\n"
#define L8                                                                                                   \
  "sources = ( { name = \"users\"; target = \"api\"; arrival = { kind = \"poisson\"; rate_per_s = 5.0; }; "  \
  "} );\n"

typedef struct bad_case {
  const char *text;
  const char *expect[3]; /* substrings the message must contain */
} bad_case;

static const bad_case bad[] = {
    /* unknown key, with a suggestion */
    {L1 L2 L3 "    memry_mb = 512;\n" L5 L6 L7 L8,
     {":4: functions.api.memry_mb", "unknown key", "did you mean 'memory_mb'"}},
    /* wrong type */
    {L1 L2 L3 "    memory_mb = \"big\";\n" L5 L6 L7 L8,
     {":4: functions.api.memory_mb", "expected an integer", "got a string"}},
    /* out of range (facts §3: 128..10,240 MB) */
    {L1 L2 L3 "    memory_mb = 64;\n" L5 L6 L7 L8, {":4: functions.api.memory_mb", "128..10240", "got 64"}},
    {L1 L2 L3 "    memory_mb = 1024.5;\n" L5 L6 L7 L8, {":4:", "memory_mb", "expected an integer"}},
    /* timeout over 900 s */
    {L1 L2 L3 "    timeout_s = 901.0;\n" L5 L6 L7 L8,
     {":4: functions.api.timeout_s", "0.001..900 s", "got 901 s"}},
    {L1 L2 L3 "    timeout_min = 16.0;\n" L5 L6 L7 L8, {":4: functions.api.timeout_min", "got 960 s"}},
    /* the same key in two units */
    {L1 L2 L3 "    timeout_s = 3.0; timeout_ms = 3000.0;\n" L5 L6 L7 L8,
     {":4:", "given twice", "one unit only"}},
    /* dangling reference, with a suggestion */
    {L1 L2 L3 L4 L5 L6 L7 "sources = ( { name = \"u\"; target = \"apj\"; arrival = { kind = \"poisson\"; "
                          "rate_per_s = 1.0; }; } );\n",
     {":8: sources.u.target", "no function or queue named \"apj\"", "did you mean \"api\""}},
    /* a runtime model that does not exist */
    {L1 L2 L3 "    runtime = \"nodejs2O\";\n" L5 L6 L7 L8,
     {":4: functions.api.runtime", "no runtime model \"nodejs2O\"", "nodejs20"}},
    /* a platform that does not exist */
    {"platform = \"aws-lambdaa\";\n" L1 L2 L3 L4 L5 L6 L7 L8,
     {":1: platform", "no platform preset", "aws-lambda"}},
    /* syntax error */
    {L1 L2 L3 L4 "    arch = = \"arm64\";\n" L5 L6 L7 L8, {":5: syntax error"}},
    /* missing required settings */
    {L2 L3 L4 L5 L6 L7 L8, {"duration", "missing", "expected a time"}},
    {L1 L2 L3 L4 L6 L7 L8, {":3: functions.api.duration", "missing", "distribution"}},
    {L1 L2 L3 L4 L5 L6 L7, {"sources", "missing"}},
    {L1 "functions = ();\n" L8, {":2: functions", "non-empty list"}},
    /* distributions */
    {L1 L2 L3 "    duration = { dist = \"lognormol\"; p50_ms = 1.0; };\n" L6 L7 L8,
     {":4:", "functions.api.duration.dist", "did you mean \"lognormal\""}},
    {L1 L2 L3 "    duration = { dist = \"lognormal\"; p50_ms = 100.0; p99_ms = 50.0; };\n" L6 L7 L8,
     {":4: functions.api.duration", "p50 < p99"}},
    {L1 L2 L3 "    duration = { dist = \"lognormal\"; p50_ms = 100.0; };\n" L6 L7 L8,
     {":4: functions.api.duration", "expected p50 with p99"}},
    {L1 L2 L3 "    duration = { dist = \"uniform\"; min_ms = 100.0; max_ms = 50.0; };\n" L6 L7 L8,
     {":4:", "min <= max"}},
    {L1 L2 L3 "    duration = { dist = \"empirical\"; percentiles = [0.0, 50.0, 100.0]; values_ms = [1.0, "
              "3.0, 2.0]; };\n" L6 L7 L8,
     {":4:", "values_ms", "non-decreasing"}},
    {L1 L2 L3
     "    duration = { dist = \"empirical\"; percentiles = [0.0, 100.0]; values_ms = [1.0, 2.0, 3.0]; };\n" L6
         L7 L8,
     {":4:", "as many values as percentiles"}},
    {L1 L2 L3 "    duration = { dist = \"gamma\"; shape = 2.0; };\n" L6 L7 L8,
     {":4:", "duration.scale", "missing"}},
    {L1 L2 L3
     "    duration = { dist = \"constant\"; value_ms = 1.0; mean_ms = 2.0; p95_ms = 3.0; };\n" L6 L7 L8,
     {":4:", "duration.p95_ms", "unknown key"}},
    /* concurrency settings */
    {L1 L2 L3 L4 L5 "    reserved_concurrency = 5; provisioned_concurrency = 6;\n" L6 L7 L8,
     {":6: functions.api.provisioned_concurrency", "at most reserved_concurrency (5)", "got 6"}},
    {L1 "account = { concurrency_limit = 100; unreserved_min = 200; };\n" L2 L3 L4 L5 L6 L7 L8,
     {":2: account.unreserved_min", "at most concurrency_limit"}},
    {L1 "account = { scaling = { mode = \"2024\"; }; };\n" L2 L3 L4 L5 L6 L7 L8,
     {":2: account.scaling.mode", "\"2023\", \"legacy\", \"none\""}},
    /* sources */
    {L1 L2 L3 L4 L5 L6 L7 "sources = ( { name = \"u\"; target = \"api\"; arrival = { kind = \"poisson\"; "
                          "rate_per_sec = 1.0; }; } );\n",
     {":8: sources.u.arrival.rate_per_sec", "did you mean 'rate_per_s'"}},
    {L1 L2 L3 L4 L5 L6 L7 "sources = ( { name = \"u\"; target = \"api\"; arrival = { kind = \"piecewise\"; "
                          "times_s = [0.0, 10.0]; rates_per_s = [1.0]; }; } );\n",
     {":8:", "as many rates as times"}},
    {L1 L2 L3 L4 L5 L6 L7 "sources = ( { name = \"u\"; target = \"api\"; api_gateway = \"grpc\"; arrival = { "
                          "kind = \"poisson\"; rate_per_s = 1.0; }; } );\n",
     {":8: sources.u.api_gateway", "\"none\", \"http\", \"rest\""}},
    {L1 L2 L3 L4 L5 L6 L7 "sources = ( { name = \"u\"; target = \"api\"; client = { max_retries = -1; }; "
                          "arrival = { kind = \"poisson\"; rate_per_s = 1.0; }; } );\n",
     {":8: sources.u.client.max_retries", "0..100"}},
    /* duplicates and unknown top-level keys */
    {L1 L2 L3 L4 L5 "  },\n" L3 L4 L5 L6 L7 L8, {":7:", "\"api\" is used twice"}},
    {L1 "sample_intervall_s = 5.0;\n" L2 L3 L4 L5 L6 L7 L8,
     {":2: sample_intervall_s", "did you mean 'sample_interval_s'"}},
    /* names: io/text.h's rule, whatever a file holds (they reach HDF5, gnuplot, CSV, terminals) */
    {L1 L2 "  { name = \"a/b\";\n" L4 L5 L6 L7 L8,
     {":3: functions[0].name", "letters, digits", "got \"a/b\""}},
    {L1 L2 "  { name = \"api'\\nsystem(\\\"touch PWNED\\\")\\n#\";\n" L4 L5 L6 L7 L8,
     {":3: functions[0].name", "expected 1..80 letters", "got \"api'?system(\"touch PWNED\")?#\""}},
    {L1 L2 "  { name = \"-api\";\n" L4 L5 L6 L7 L8, {":3: functions[0].name", "starting with a letter"}},
    {L1 L2 "  { name = \"\";\n" L4 L5 L6 L7 L8, {":3: functions[0].name", "1..80"}},
    {L1 L2
     "  { name = \"a23456789012345678901234567890123456789012345678901234567890123456789012345678901\";\n" L4
         L5 L6 L7 L8,
     {":3: functions[0].name", "1..80"}},
    {L1 L2 L3 L4 L5 L6 L7 "sources = ( { name = \"u`id`\"; target = \"api\"; arrival = { kind = \"poisson\"; "
                          "rate_per_s = 1.0; }; } );\n",
     {":8: sources[0].name", "letters, digits"}},
    {"name = \"a\\\"b\";\n" L1 L2 L3 L4 L5 L6 L7 L8, {":1: name", "without quotes", "got \"a\"b\""}},
    {"name = \"\\x1b[31mred\";\n" L1 L2 L3 L4 L5 L6 L7 L8, {":1: name", "printable", "got \"?[31mred\""}},
    {"name = \"\\xff\\xfe\";\n" L1 L2 L3 L4 L5 L6 L7 L8, {":1: name", "UTF-8"}},
    {"platform = \"../aws-lambda\";\n" L1 L2 L3 L4 L5 L6 L7 L8, {":1: platform", "expected a preset name"}},
    {L1 L2 L3 "    runtime = \"../runtimes/nodejs20\";\n" L5 L6 L7 L8,
     {":4: functions.api.runtime", "expected a runtime model name"}},
    {"pricing = \"/etc/passwd\";\n" L1 L2 L3 L4 L5 L6 L7 L8,
     {":1: pricing", "expected a pricing model name"}},
    /* numbers in tables are bounded like single ones (1e300 ms would become inf ns, then NaN) */
    {L1 L2 L3
     "    duration = { dist = \"empirical\"; percentiles = [0.0, 100.0]; values_ms = [1.0, 1e300]; };\n" L6 L7
         L8,
     {":4: functions.api.duration.values_ms", "element 1: expected a number in 0..1e+10, got 1e+300"}},
    {L1 L2 L3 L4 L5 L6 L7 "sources = ( { name = \"u\"; target = \"api\"; arrival = { kind = \"piecewise\"; "
                          "times_s = [0.0, 1e300]; rates_per_s = [1.0, 2.0]; }; } );\n",
     {":8: sources.u.arrival.times_s", "element 1: expected a number in 0..1e+09"}},
    {L1 L2 L3 L4 L5 L6 L7 "sources = ( { name = \"u\"; target = \"api\"; arrival = { kind = \"mmpp\"; "
                          "rates_per_s = [1e300]; switch_per_s = [1.0]; }; } );\n",
     {":8: sources.u.arrival", "element 0: expected a number in 0..1e+09, got 1e+300"}},
};

START_TEST(bad_scenarios_are_rejected_with_file_line_key_and_expectation) {
  const bad_case *c = &bad[_i];
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  int rc = load_text(c->text, &sc, err);
  ck_assert_msg(rc == SLS_EINPUT, "case %d loaded but should not have", _i);
  ck_assert_msg(strstr(err, "/tmp/slsim-test-") != NULL, "case %d: message does not name the file: %s", _i,
                err);
  for (int k = 0; k < 3 && c->expect[k]; k++)
    ck_assert_msg(strstr(err, c->expect[k]) != NULL, "case %d: message lacks \"%s\": %s", _i, c->expect[k],
                  err);
}
END_TEST

START_TEST(defaults_come_from_the_platform_preset) {
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  ck_assert_msg(load_text(L1 L2 L3 L5 L6 L7 L8, &sc, err) == 0, "%s", err);
  const sls_function_spec *f = &sc.functions[0];
  ck_assert_int_eq(f->memory_mb, 128);            /* facts §3 */
  ck_assert_int_eq(f->timeout, 3 * SLS_NS_PER_S); /* facts §3 */
  ck_assert_int_eq(f->reserved, -1);
  ck_assert_int_eq(f->keep_alive.kind, SLS_DIST_UNIFORM); /* 5..7 min, mikhail.io 2021 */
  ck_assert_double_eq(f->keep_alive.a, 300e9);
  ck_assert_double_eq(f->keep_alive.b, 420e9);
  ck_assert_str_eq(f->runtime.name, "nodejs20");
  ck_assert_int_eq(sc.account.concurrency_limit, 1000); /* facts §1 */
  ck_assert_int_eq(sc.account.unreserved_min, 100);
  ck_assert_int_eq(sc.account.scaling, SLS_SCALING_2023);
  ck_assert_double_eq(sc.account.burst, 1000);
  ck_assert_double_eq(sc.account.refill_per_s, 100);
  ck_assert_double_eq_tol(sc.price.request_usd, 0.2e-6, 1e-15);
  ck_assert_double_eq_tol(sc.sources[0].rate_per_s, 5.0, 1e-12);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(legacy_scaling_defaults_to_the_regional_burst) {
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  ck_assert_msg(
      load_text(L1 "account = { scaling = { mode = \"legacy\"; }; };\n" L2 L3 L5 L6 L7 L8, &sc, err) == 0,
      "%s", err);
  ck_assert_double_eq(sc.account.burst, 3000);
  ck_assert_double_eq_tol(sc.account.refill_per_s, 500.0 / 60, 1e-12);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(units_convert) {
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  ck_assert_msg(load_text("duration_d = 1.5;\n" L2 L3
                          "    timeout_ms = 2500.0; keep_alive_min = 10.0;\n" L5 L6 L7
                          "sources = ( { name = \"u\"; target = \"api\"; arrival = { kind = \"poisson\"; "
                          "rate_per_day = 86400.0; }; } );\n",
                          &sc, err) == 0,
                "%s", err);
  ck_assert_int_eq(sc.duration, (sls_time)(1.5 * 86400) * SLS_NS_PER_S);
  ck_assert_int_eq(sc.functions[0].timeout, 2500 * SLS_NS_PER_MS);
  ck_assert_int_eq(sc.functions[0].keep_alive_constant, 1);
  ck_assert_double_eq(sc.functions[0].keep_alive.a, 600e9);
  ck_assert_double_eq_tol(sc.sources[0].rate_per_s, 1.0, 1e-12);
  sls_scenario_free(&sc);
}
END_TEST

/* libconfig 1.5 wraps integer literals past 32 bits; slsim reads the number written (or says
 * why it cannot), never another one. */
START_TEST(integers_are_read_as_written) {
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  ck_assert_msg(load_text("seed = 9007199254740993;\n" L1 L2 L3 L4 L5 L6 L7
                          "sources = ( { name = \"u\"; target = \"api\"; arrival = { kind = \"poisson\"; "
                          "rate_per_day = 5000000000; }; } );\n",
                          &sc, err) == 0,
                "%s", err);
  ck_assert_uint_eq(sc.seed, UINT64_C(9007199254740993)); /* 2^53 + 1: not through a double */
  ck_assert_double_eq_tol(sc.sources[0].rate_per_s, 5e9 / 86400, 1e-9);
  sls_scenario_free(&sc);
  ck_assert_msg(load_text("seed = 4294967297;\n" L1 L2 L3 L4 L5 L6 L7 L8, &sc, err) == 0, "%s", err);
  ck_assert_uint_eq(sc.seed, UINT64_C(4294967297)); /* was 1 */
  sls_scenario_free(&sc);
  /* a 64-bit value where a small one is expected is out of range, not wrapped to 512 or 0 */
  ck_assert_int_eq(load_text(L1 L2 L3 "    memory_mb = 4294967808;\n" L5 L6 L7 L8, &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, ":4: functions.api.memory_mb") && strstr(err, "got 4.29497e+09"), "%s", err);
  ck_assert_int_eq(
      load_text(L1 L2 L3 L4 "    provisioned_concurrency = 0x100000000;\n" L5 L6 L7 L8, &sc, err),
      SLS_EINPUT);
  ck_assert_msg(strstr(err, ":5: functions.api.provisioned_concurrency") && strstr(err, "got 4.29497e+09"),
                "%s", err);
  /* past 64 bits: FILE:LINE: KEY */
  ck_assert_int_eq(load_text(L1 L2 L3 "    memory_mb = 99999999999999999999;\n" L5 L6 L7 L8, &sc, err),
                   SLS_EINPUT);
  ck_assert_msg(strstr(err,
                       ":4: memory_mb: expected an integer in -9223372036854775808..9223372036854775807, "
                       "got 99999999999999999999"),
                "%s", err);
  /* an array with one wide integer is read as one of 64-bit integers (libconfig's arrays have one
   * type); strings and comments are left alone */
  ck_assert_msg(load_text(L1 L2 L3 L4
                          "    duration = { dist = \"empirical\"; percentiles = [0, 100];\n"
                          "      values_ms = [1, 5000000000]; }; # 99999999999999999999\n"
                          "    description = \"99999999999999999999\"; /* 99999999999999999999 */\n" L6 L7 L8,
                          &sc, err) == 0,
                "%s", err);
  ck_assert_double_eq(sc.functions[0].duration.v[1], 5e15);
  sls_scenario_free(&sc);
}
END_TEST

/* @include is relative to the including file, maps messages to the included file's lines, and
 * the stored text is the expanded one. */
START_TEST(includes_are_relative_to_the_including_file) {
  char dir[] = "/tmp/slsim-inc-XXXXXX", cwd[4096], path[4200], err[SLS_ERRLEN] = "";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
  char cmd[8400];
  snprintf(cmd, sizeof cmd, "mkdir -p %s/s/parts %s/parts", dir, dir);
  ck_assert_int_eq(system(cmd), 0);
  const char *files[][2] = {
      {"s/main.cfg", L1 "@include \"parts/fn.cfg\"\n" L8},
      {"s/parts/fn.cfg", L2 L3 "@include \"mem.cfg\"\n" L5 L6 L7},
      {"s/parts/mem.cfg", L4},
      /* a namesake in the working directory, which libconfig would have read */
      {"parts/fn.cfg", L2 L3 "    memory_mb = 3008;\n" L5 L6 L7},
  };
  for (int i = 0; i < 4; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i][0]);
    FILE *f = fopen(path, "w");
    fputs(files[i][1], f);
    fclose(f);
  }
  ck_assert_int_eq(chdir(dir), 0);
  sls_scenario sc;
  int rc = sls_scenario_load("s/main.cfg", NULL, 0, &sc, err);
  ck_assert_msg(rc == 0, "%s", err);
  ck_assert_int_eq(sc.functions[0].memory_mb, 512);
  ck_assert_ptr_nonnull(strstr(sc.text, "memory_mb = 512;"));
  ck_assert_ptr_nonnull(strstr(sc.text, "# @include \"parts/fn.cfg\"  (expanded below)"));
  sls_scenario_free(&sc);
  /* an error inside an included file names that file and its own line */
  snprintf(path, sizeof path, "%s/s/parts/mem.cfg", dir);
  FILE *f = fopen(path, "w");
  fputs("\n    memory_mb = 64;\n", f);
  fclose(f);
  ck_assert_int_eq(sls_scenario_load("s/main.cfg", NULL, 0, &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "s/parts/mem.cfg:2: functions.api.memory_mb"), "%s", err);
  /* a missing include, an include of itself (depth), a directory as the scenario */
  f = fopen(path, "w");
  fputs("@include \"nope.cfg\"\n", f);
  fclose(f);
  ck_assert_int_eq(sls_scenario_load("s/main.cfg", NULL, 0, &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "s/parts/mem.cfg:1: @include \"s/parts/nope.cfg\": cannot read: No such file"),
                "%s", err);
  f = fopen(path, "w");
  fputs("@include \"mem.cfg\"\n", f);
  fclose(f);
  ck_assert_int_eq(sls_scenario_load("s/main.cfg", NULL, 0, &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "expected includes at most 10 deep"), "%s", err);
  ck_assert_int_eq(sls_scenario_load("s", NULL, 0, &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "s: cannot read: is a directory"), "%s", err);
  ck_assert_int_eq(chdir(cwd), 0);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(set_overrides_existing_and_new_keys) {
  char path[4096], err[SLS_ERRLEN] = "";
  write_temp(L1 L2 L3 L4 L5 L6 L7 L8, path);
  sls_override o[] = {{"functions.api.memory_mb", "2048"},
                      {"functions.api.error_rate", "0.25"},
                      {"sources.users.arrival.rate_per_s", "7.5"},
                      {"seed", "99"},
                      {"account.concurrency_limit", "400"}}; /* creates the missing account group */
  sls_scenario sc;
  int rc = sls_scenario_load(path, o, 5, &sc, err);
  ck_assert_msg(rc == 0, "%s", err);
  ck_assert_int_eq(sc.functions[0].memory_mb, 2048);
  ck_assert_int_eq(sc.functions[0].ref_memory_mb, 512); /* the file's memory: duration was measured there */
  ck_assert_double_eq(sc.functions[0].error_rate, 0.25);
  ck_assert_double_eq(sc.sources[0].rate_per_s, 7.5);
  ck_assert_uint_eq(sc.seed, 99);
  ck_assert_int_eq(sc.account.concurrency_limit, 400);
  sls_scenario_free(&sc);
  sls_override bad1 = {"functions.api.memory_mb", "lots"};
  ck_assert_int_eq(sls_scenario_load(path, &bad1, 1, &sc, err), SLS_EINPUT);
  ck_assert_ptr_nonnull(strstr(err, "expected an integer"));
  sls_override bad2 = {"functions.nosuch.memory_mb", "512"};
  ck_assert_int_eq(sls_scenario_load(path, &bad2, 1, &sc, err), SLS_EINPUT);
  ck_assert_ptr_nonnull(strstr(err, "no such place"));
  sls_override bad3 = {"functions.api.memory_mb", "100000"}; /* set, then validated */
  ck_assert_int_eq(sls_scenario_load(path, &bad3, 1, &sc, err), SLS_EINPUT);
  ck_assert_ptr_nonnull(strstr(err, "functions.api.memory_mb"));
  unlink(path);
}
END_TEST

START_TEST(reservations_over_the_account_are_refused) {
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  ck_assert(load_text(L1 L2 L3 L4 L5 "    reserved_concurrency = 901;\n" L6 L7 L8, &sc, err) == 0);
  sls_world *w = sls_world_alloc(&sc, 1, err);
  ck_assert_ptr_null(w);
  ck_assert_ptr_nonnull(strstr(err, "at most 900"));
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(shipped_models_and_configs_load) {
  const char *top = getenv("TOP_SRCDIR");
  ck_assert_ptr_nonnull(top);
  const char *cfgs[] = {"api-steady", "cold-start-basics", "provisioned-concurrency", "burst-throttle"};
  for (size_t i = 0; i < 4; i++) {
    char path[4096], err[SLS_ERRLEN] = "";
    snprintf(path, sizeof path, "%s/configs/%s.cfg", top, cfgs[i]);
    sls_scenario sc;
    ck_assert_msg(sls_scenario_load(path, NULL, 0, &sc, err) == 0, "%s", err);
    sls_scenario_free(&sc);
  }
  /* every runtime model shipped in models/runtimes/ */
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/models/runtimes", top);
  DIR *dp = opendir(dir);
  ck_assert_ptr_nonnull(dp);
  struct dirent *de;
  int n = 0;
  while ((de = readdir(dp)) != NULL) {
    size_t l = strlen(de->d_name);
    if (l < 5 || strcmp(de->d_name + l - 4, ".cfg") != 0) continue;
    char text[1024], err[SLS_ERRLEN] = "";
    snprintf(text, sizeof text, L1 L2 L3 L4 L5 "    runtime = \"%.*s\";\n" L6 L7 L8, (int)(l - 4),
             de->d_name);
    sls_scenario sc;
    ck_assert_msg(load_text(text, &sc, err) == 0, "%s: %s", de->d_name, err);
    ck_assert(sls_dist_mean(&sc.functions[0].runtime.init) > 0);
    sls_scenario_free(&sc);
    n++;
  }
  closedir(dp);
  ck_assert_int_ge(n, 39);
}
END_TEST

START_TEST(edit_distance) {
  ck_assert_int_eq(sls_edit_distance("memory_mb", "memory_mb"), 0);
  ck_assert_int_eq(sls_edit_distance("memry_mb", "memory_mb"), 1);
  ck_assert_int_eq(sls_edit_distance("kitten", "sitting"), 3);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("scenario");
  TCase *tc = sls_tcase("errors");
  tcase_add_loop_test(tc, bad_scenarios_are_rejected_with_file_line_key_and_expectation, 0,
                      (int)(sizeof bad / sizeof *bad));
  suite_add_tcase(s, tc);
  tc = sls_tcase("loading");
  tcase_add_test(tc, defaults_come_from_the_platform_preset);
  tcase_add_test(tc, legacy_scaling_defaults_to_the_regional_burst);
  tcase_add_test(tc, units_convert);
  tcase_add_test(tc, set_overrides_existing_and_new_keys);
  tcase_add_test(tc, integers_are_read_as_written);
  tcase_add_test(tc, includes_are_relative_to_the_including_file);
  tcase_add_test(tc, reservations_over_the_account_are_refused);
  tcase_add_test(tc, shipped_models_and_configs_load);
  tcase_add_test(tc, edit_distance);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
