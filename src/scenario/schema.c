/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The scenario language: every key of every entity, one row each (schema.h).  Sources in the
 * meanings: "facts §n" is section n of docs/facts.md (the platform facts with their
 * documentation pages); "Doc" is the provider's documentation.
 */
#include "scenario/schema_def.h"

static const char *const arch_values[] = {"x86_64", "arm64", NULL};
static const char *const scaling_values[] = {"2023", "legacy", "none", NULL};
static const char *const init_billing_values[] = {"2025-08", "before-2025-08", "never", NULL};
static const char *const bill_period_values[] = {"auto", "month", "span", NULL};
static const char *const package_values[] = {"zip", "image", NULL};
static const char *const queue_types[] = {"standard", "fifo", NULL};
static const char *const ds_modes[] = {"per_invocation", "proxy", NULL};
static const char *const invocation_values[] = {"sync", "async", NULL};
static const char *const via_values[] = {"direct", "sns", "eventbridge", NULL};
static const char *const workflow_values[] = {"none", "standard", "express", NULL};
static const char *const gateway_values[] = {"none", "http", "rest", NULL};
static const char *const jitter_values[] = {"none", "full", "equal", NULL};
static const char *const arrival_values[] = {"poisson", "piecewise", "batch", "diurnal",
                                             "spike",   "schedule",  "mmpp",  NULL};
static const char *const trace_formats[] = {"azure2019", "azure2021", "csv", NULL};
static const char *const placements[] = {"uniform", "equidistant", "poisson", NULL};
static const char *const alt_kinds[] = {"vps", "ec2", "fargate", NULL};
static const char *const dist_values[] = {
    "constant", "exponential", "uniform", "lognormal", /* sls_dist_kind */
    "gamma",    "weibull",     "pareto",  "empirical", NULL};
static const char *const lognormal_units[] = {"ms", "s", NULL};
static const char *const deploy_pc_values[] = {"ready-first", "after", NULL};

const sls_unit sls_time_units[5] = {
    {"_ms", 1e6}, {"_s", 1e9}, {"_min", 60e9}, {"_h", 3600e9}, {"_d", 86400e9}};
const sls_unit sls_rate_units[4] = {
    {"_per_s", 1.0}, {"_per_min", 1 / 60.0}, {"_per_h", 1 / 3600.0}, {"_per_day", 1 / 86400.0}};

/* The tables: one row per key, a few lines each (clang-format would give every field a line). */
// clang-format off
/* ---- distributions ---- */

static const sls_key distribution_keys[] = {
    {.name = "dist", .type = SLS_KT_ENUM, .values = dist_values, BY_CODE, NODEF, .def_text = "required",
     .meaning = "the law (model/dist.h); each takes the keys below that its row names"},
    {.name = "value", .type = SLS_KT_TIME, .lo = 0, .hi = 1e7, BY_CODE, NODEF,
     .def_text = "required by the laws that take it", .meaning = "constant: the value"},
    {.name = "mean", .type = SLS_KT_TIME, .lo = 0, .hi = 1e7, BY_CODE, NODEF,
     .def_text = "required by the laws that take it",
     .meaning = "exponential: the mean; lognormal: the mean, with sigma"},
    {.name = "min", .type = SLS_KT_TIME, .lo = 0, .hi = 1e7, BY_CODE, NODEF,
     .def_text = "required by the laws that take it",
     .meaning = "uniform: the lower end; pareto: the scale x_m (the least value)"},
    {.name = "max", .type = SLS_KT_TIME, .lo = 0, .hi = 1e7, BY_CODE, NODEF,
     .def_text = "required by the laws that take it", .meaning = "uniform: the upper end"},
    {.name = "p50", .type = SLS_KT_TIME, .lo = 0, .hi = 1e7, BY_CODE, NODEF, .def_text = "one lognormal form",
     .meaning = "lognormal: the median (with p99, or with sigma)"},
    {.name = "p99", .type = SLS_KT_TIME, .lo = 0, .hi = 1e7, BY_CODE, NODEF, .def_text = "one lognormal form",
     .meaning = "lognormal: the 99th percentile (sigma = ln(p99/p50) / 2.326)"},
    {.name = "sigma", .type = SLS_KT_NUM, .lo = 1e-9, .hi = 20, BY_CODE, NODEF,
     .def_text = "one lognormal form", .meaning = "lognormal: the standard deviation of ln X"},
    {.name = "mu", .type = SLS_KT_NUM, .lo = -50, .hi = 50, BY_CODE, NODEF, .def_text = "one lognormal form",
     .meaning = "lognormal: the mean of ln(X / unit), with sigma and unit"},
    {.name = "unit", .type = SLS_KT_ENUM, .values = lognormal_units, BY_CODE, NODEF,
     .def_text = "one lognormal form", .meaning = "lognormal: the unit mu is the log of"},
    {.name = "shape", .type = SLS_KT_NUM, .lo = 1e-6, .hi = 1e6, BY_CODE, NODEF,
     .def_text = "required by the laws that take it", .meaning = "gamma, weibull: the shape k"},
    {.name = "scale", .type = SLS_KT_TIME, .lo = 0, .hi = 1e7, BY_CODE, NODEF,
     .def_text = "required by the laws that take it",
     .meaning = "gamma: the scale theta; weibull: the scale lambda"},
    {.name = "alpha", .type = SLS_KT_NUM, .lo = 1e-6, .hi = 1e6, BY_CODE, NODEF,
     .def_text = "required by the laws that take it",
     .meaning = "pareto: the shape (the mean is infinite when alpha <= 1)"},
    {.name = "percentiles", .type = SLS_KT_ARRAY, .lo = 0, .hi = 100, BY_CODE, NODEF,
     .def_text = "required by the laws that take it", .unit = "%",
     .meaning = "empirical: increasing percentiles in 0..100 (linear between them)"},
    {.name = "values", .type = SLS_KT_TIMES, .lo = 0, .hi = 1e7, BY_CODE, NODEF,
     .def_text = "required by the laws that take it",
     .meaning = "empirical: the values at those percentiles, non-decreasing (values_ms = [...])"},
};
SCHEMA(sls_schema_distribution, "distribution", "KEY = { dist = \"...\"; ... }",
       "a probability distribution of a time (model/dist.h); sampling never allocates", distribution_keys);

/* ---- the account ---- */

static const sls_key scaling_keys[] = {
    {.name = "mode", .type = SLS_KT_ENUM, .values = scaling_values, .def = 0, AT(sls_account_spec, scaling),
     .meaning = "2023: 1,000 new environments per function per 10 s (Doc: Lambda scaling behavior, Nov "
     "2023); legacy: an account-wide burst then +500/min; none: no limit (facts §1)"},
    {.name = "burst", .type = SLS_KT_NUM, .lo = 1, .hi = 1e7, BY_CODE, NODEF, .unit = "environments",
     .def_text = "1000 (2023), 3000 (legacy)",
     .meaning = "token-bucket capacity: new environments at once (legacy: the Regional burst of us-east-1; "
     "facts §1)"},
    {.name = "refill", .type = SLS_KT_RATE, .lo = 0, .hi = 1e9, BY_CODE, NODEF, .unit = "environments",
     .def_text = "100/s (2023), 500/min (legacy)", .meaning = "token-bucket refill (facts §1)"},
    {.name = "refill_non_http", .type = SLS_KT_RATE, .lo = 0, .hi = 1e9, BY_CODE, NODEF, .unit = "environments",
     .def_text = "refill's",
     .meaning = "2023 mode: the refill of a function no HTTP request reaches: no source calls it synchronously "
     "(a schedule is a timer), no function invokes it synchronously: queues, events, topics, buses and timers "
     "trigger it (Azure Consumption: 1 new instance every 30 s, against 1 a second for HTTP; Doc: Event-driven "
     "scaling in Azure Functions)"},
};
SCHEMA(sls_schema_scaling, "scaling", "account = { scaling = { ... }; };",
       "how fast new execution environments may start", scaling_keys);

static const sls_key account_keys[] = {
    {.name = "concurrency_limit", .type = SLS_KT_INT, .lo = 1, .hi = 1e7, .def = 1000,
     .flags = SLS_KF_PLATFORM, AT(sls_account_spec, concurrency_limit), .unit = "environments",
     .meaning = "concurrent executions per Region (Doc: Lambda quotas; facts §1)"},
    {.name = "unreserved_min", .type = SLS_KT_INT, .lo = 0, .hi = 1e7, .def = 100, .flags = SLS_KF_PLATFORM,
     AT(sls_account_spec, unreserved_min), .unit = "environments",
     .meaning = "concurrency reservations may not take (Doc: Understanding Lambda function scaling; facts "
     "§1)"},
    {.name = "scaling", .type = SLS_KT_GROUP, .sub = &sls_schema_scaling, BY_CODE, NODEF,
     .meaning = "the scaling rate"},
};
SCHEMA(sls_schema_account, "account", "account = { ... };", "the AWS account's concurrency and scaling",
       account_keys);

/* ---- functions ---- */

static const sls_key per_invocation_keys[] = {
    {.name = "log_kb", .type = SLS_KT_NUM, .lo = 0, .hi = 1e6, .def = 0.3, AT(sls_function_spec, log_kb),
     .unit = "KB",
     .meaning = "CloudWatch Logs per invocation: Lambda's START, END and REPORT lines are ~0.3 KB"},
    {.name = "nat_kb", .type = SLS_KT_NUM, .lo = 0, .hi = 1e7, .def = 0, AT(sls_function_spec, nat_kb),
     .unit = "KB", .meaning = "data through a NAT gateway per invocation (billed per GB, facts §4)"},
    {.name = "egress_kb", .type = SLS_KT_NUM, .lo = 0, .hi = 1e7, .def = 0, AT(sls_function_spec, egress_kb),
     .unit = "KB", .meaning = "data out to the internet per invocation (facts §4)"},
    {.name = "sns_publishes", .type = SLS_KT_NUM, .lo = 0, .hi = 1e4, .def = 0,
     AT(sls_function_spec, sns_publishes), .meaning = "SNS publishes per invocation (64 KB chunks, facts §4)"},
    {.name = "eventbridge_events", .type = SLS_KT_NUM, .lo = 0, .hi = 1e4, .def = 0,
     AT(sls_function_spec, eventbridge_events),
     .meaning = "EventBridge custom events per invocation (64 KB chunks, facts §4)"},
    {.name = "publish_kb", .type = SLS_KT_NUM, .lo = 0, .hi = 256, .def = 1,
     AT(sls_function_spec, publish_kb), .unit = "KB", .meaning = "size of each publish and event"},
};
SCHEMA(sls_schema_per_invocation, "per_invocation", "functions = ( { per_invocation = { ... }; } );",
       "what each invocation adds to other services' bills", per_invocation_keys);

static const sls_key pc_autoscaling_keys[] = {
    {.name = "target_utilization", .type = SLS_KT_NUM, .lo = 0.01, .hi = 1, .def = 0.7,
     AT(sls_pc_autoscaling_spec, target), .unit = "fraction",
     .meaning = "LambdaProvisionedConcurrencyUtilization aimed at (0.7 in Lambda's guide; facts §1)"},
    {.name = "min", .type = SLS_KT_INT, .lo = 0, .hi = 1e6, .def = 1, AT(sls_pc_autoscaling_spec, min),
     .unit = "environments", .meaning = "MinCapacity of the scalable target"},
    {.name = "max", .type = SLS_KT_INT, .lo = 1, .hi = 1e6, .def = 100, AT(sls_pc_autoscaling_spec, max),
     .unit = "environments", .meaning = "MaxCapacity of the scalable target"},
    {.name = "period", .type = SLS_KT_TIME, .lo = 10, .hi = 3600, .def = 60, AT(sls_pc_autoscaling_spec, period),
     .meaning = "one metric data point (CloudWatch's 1-minute metrics)"},
    {.name = "metric_delay", .type = SLS_KT_TIME, .lo = 0, .hi = 3600, .def = 60,
     AT(sls_pc_autoscaling_spec, metric_delay),
     .meaning = "a data point is evaluated this long after its period ends (assumed: CloudWatch publishes "
     "a minute's metric about a minute later)"},
    {.name = "scale_out_points", .type = SLS_KT_INT, .lo = 1, .hi = 100, .def = 3,
     AT(sls_pc_autoscaling_spec, out_points),
     .meaning = "consecutive points above the target that scale out (~3 min of data points; facts §1)"},
    {.name = "scale_in_points", .type = SLS_KT_INT, .lo = 1, .hi = 100, .def = 15,
     AT(sls_pc_autoscaling_spec, in_points),
     .meaning = "consecutive points below scale_in_ratio x target that scale in (15: the target-tracking "
     "scale-in alarm, recalled from Application Auto Scaling's alarms)"},
    {.name = "scale_in_ratio", .type = SLS_KT_NUM, .lo = 0.01, .hi = 1, .def = 0.9,
     AT(sls_pc_autoscaling_spec, in_ratio), .unit = "fraction",
     .meaning = "the scale-in threshold as a share of the target (63 % for 70 %; facts §1)"},
    {.name = "scale_out_cooldown", .type = SLS_KT_TIME, .lo = 0, .hi = 86400, .def = 0,
     AT(sls_pc_autoscaling_spec, out_cooldown),
     .meaning = "after a scale-out, no other before (0 for Lambda: AWS CDK docs, UtilizationScalingOptions)"},
    {.name = "scale_in_cooldown", .type = SLS_KT_TIME, .lo = 0, .hi = 86400, .def = 0,
     AT(sls_pc_autoscaling_spec, in_cooldown), .meaning = "after a scale-in, no other before (0 for Lambda)"},
};
SCHEMA(sls_schema_pc_autoscaling, "provisioned_autoscaling",
       "functions = ( { provisioned_autoscaling = { ... }; } );",
       "target tracking of provisioned concurrency (Application Auto Scaling)", pc_autoscaling_keys);

static const sls_key function_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "1..80 letters, digits, '-', '_', '.' (Lambda's rule with SQS's '.' and length); unique "
     "among functions and queues"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
    {.name = "runtime", .type = SLS_KT_MODEL, .sub = &sls_schema_runtime,
     .flags = SLS_KF_CODE | SLS_KF_PLATFORM, .off = -1, NODEF,
     .def_text = "the platform's (nodejs20 for aws-lambda)",
     .meaning = "the cold-start model: a name in models/runtimes/, or a runtime group inline"},
    {.name = "memory_mb", .type = SLS_KT_INT, .lo = 64, .hi = 32768, .def = 128, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, memory_mb), .unit = "MB",
     .meaning = "memory, within the platform's limits (Lambda 128-10,240: Doc: Configuring memory; facts §3)"},
    {.name = "arch", .type = SLS_KT_ENUM, .values = arch_values, .def = 0, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, arch), .meaning = "instruction set: prices differ (facts §4)"},
    {.name = "timeout", .type = SLS_KT_TIME, .lo = 0.001, .hi = 86400, .def = 3, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, timeout),
     .meaning = "an invocation still running is stopped, within the platform's limit (Lambda 900 s: Doc: "
     "timeout; facts §3)"},
    {.name = "duration", .type = SLS_KT_DIST, .sub = &sls_schema_distribution,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the handler's run time at ref_memory_mb"},
    {.name = "ref_memory_mb", .type = SLS_KT_INT, .lo = 128, .hi = 32768,
     .flags = SLS_KF_CODE | SLS_KF_PLATFORM, .off = -1, NODEF, .unit = "MB", .def_text = "memory_mb as written",
     .meaning = "the memory duration was measured at: its CPU part scales with vCPUs (1,769 MB = 1 vCPU, "
     "facts §3); --set/--vary of memory_mb keep the written memory here, so duration scales"},
    {.name = "cpu_fraction", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 0, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, cpu_fraction), .unit = "fraction",
     .meaning = "the share of duration that is CPU-bound and scales with memory"},
    {.name = "cpu_threads", .type = SLS_KT_NUM, .lo = 0.05, .hi = 64, .def = 1, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, cpu_threads), .unit = "vCPUs",
     .meaning = "vCPUs the code can use (caps the speed-up)"},
    {.name = "instance_concurrency", .type = SLS_KT_INT, .lo = 1, .hi = 1600, .def = 1, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, instance_concurrency), .unit = "requests",
     .meaning = "requests one environment (instance) serves at once: 1 on Lambda, up to 1,000 on Cloud Run "
     "(docs/design.md §3.2)"},
    {.name = "vcpus", .type = SLS_KT_NUM, .lo = 0, .hi = 192, .def = 0, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, vcpus), .unit = "vCPUs", .def_text = "memory_mb / 1,769",
     .meaning = "an instance's vCPUs, shared by its requests' CPU parts (processor sharing); set, duration is "
     "taken as measured on this instance"},
    {.name = "scale_target", .type = SLS_KT_NUM, .lo = 0.01, .hi = 1, .def = 1, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, scale_target), .unit = "fraction", .def_text = "1 (no target)",
     .meaning = "the autoscaler keeps instances at this share of instance_concurrency: requests go to "
     "instances below it first, and one above it starts another in the background (Cloud Run: 0.6)"},
    {.name = "scale_window", .type = SLS_KT_TIME, .lo = 0, .hi = 3600, .def = 0, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, scale_window), .def_text = "0: at once",
     .meaning = "with a scale_target, the autoscaler adds instances for the mean requests in service over "
     "this window (Cloud Run: one minute), not as each request goes above the target"},
    {.name = "scale_interval", .type = SLS_KT_TIME, .lo = 0.1, .hi = 600, .def = 5, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, scale_interval),
     .meaning = "how often that autoscaler decides (Cloud Run: every 5 s in an earlier version of Doc: About "
     "instance autoscaling)"},
    {.name = "start_on_request", .type = SLS_KT_BOOL, .def = 1, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, start_on_request),
     .meaning = "a request that finds no room starts an instance and waits for its cold start; false: it "
     "waits or is throttled, and instances start only in the background (Lambda Managed Instances)"},
    {.name = "cpu_admission", .type = SLS_KT_BOOL, .def = 0, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, cpu_admission),
     .meaning = "an instance takes no more requests than its vCPUs serve without contention (requests x their "
     "CPU share <= vCPUs), however large instance_concurrency: beyond, another instance or a throttle (Lambda "
     "Managed Instances: the router retries another environment when one's resource use is high, Doc: Scaling "
     "Lambda Managed Instances)"},
    {.name = "request_queue_timeout", .type = SLS_KT_TIME, .lo = 0, .hi = 3600, .def = 0, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, queue_timeout), .def_text = "0: throttled at once (Lambda)",
     .meaning = "a request that finds no room and may not start an instance waits this long, then is "
     "throttled (Cloud Run: 10 s or 3.5 x the mean start-up)"},
    {.name = "error_rate", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 0, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, error_rate), .unit = "probability", .meaning = "an invocation fails"},
    {.name = "reserved_concurrency", .type = SLS_KT_INT, .lo = 0, .hi = 1e7, .def = -1, .flags = SLS_KF_NONE,
     AT(sls_function_spec, reserved), .unit = "environments", .def_text = "none",
     .meaning = "floor and ceiling of the function's concurrency (Doc: reserved concurrency; facts §1)"},
    {.name = "provisioned_concurrency", .type = SLS_KT_INT, .lo = 0, .hi = 1e6, .def = 0,
     AT(sls_function_spec, provisioned), .unit = "environments",
     .meaning = "environments initialized before the run and kept (Doc: provisioned concurrency; facts §1)"},
    {.name = "package_mb", .type = SLS_KT_NUM, .lo = 0, .hi = 10240, .def = 0, AT(sls_function_spec, package_mb),
     .unit = "MB",
     .meaning = "dependencies loaded at INIT beyond what the runtime model measured (a ZIP package's size); "
     "each MB adds init_per_package_mb; a container image's size does not matter (measured, mikhail.io)"},
    {.name = "init_per_package_mb", .type = SLS_KT_TIME, .lo = 0, .hi = 10, .def = 0, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, init_per_mb), .def_text = "0; aws-lambda: 103 ms",
     .meaning = "INIT added per MB of package_mb (aws-lambda: the slope of mikhail.io's cold starts of 1 KB, 14 "
     "and 35 MB Node.js packages, 2021)"},
    {.name = "vpc", .type = SLS_KT_BOOL, .def = 0, AT(sls_function_spec, vpc),
     .meaning = "attached to a VPC: each cold start waits vpc_init more"},
    {.name = "vpc_init", .type = SLS_KT_TIME, .lo = 0, .hi = 60, .def = 0, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, vpc_init), .def_text = "0; aws-lambda: 233 ms",
     .meaning = "a VPC function's extra cold-start wait, not billed (aws-lambda: mikhail.io's medians with and "
     "without a VPC, 2021: 0.497 s against 0.264 s)"},
    {.name = "provisioned_allocation", .type = SLS_KT_TIME, .lo = 0, .hi = 3600, .def = 90, .flags = SLS_KF_PLATFORM,
     AT(sls_function_spec, pc_allocation), .def_text = "90 s",
     .meaning = "a new provisioned concurrency (events, autoscaling) is usable this long after it is set, plus a "
     "minute per 6,000 environments, all at once (Doc: configuring provisioned concurrency: allocation "
     "begins after 1-2 min; facts §1)"},
    {.name = "provisioned_autoscaling", .type = SLS_KT_GROUP, .sub = &sls_schema_pc_autoscaling, BY_CODE, NODEF,
     .def_text = "none",
     .meaning = "target tracking of provisioned concurrency by Application Auto Scaling (model/timeline.c)"},
    {.name = "keep_alive", .type = SLS_KT_TIME_OR_DIST, .lo = 0, .hi = 30 * 86400.0,
     .sub = &sls_schema_distribution, .flags = SLS_KF_CODE | SLS_KF_PLATFORM, .off = -1, NODEF,
     .def_text = "10 min; aws-lambda: uniform 5-7 min",
     .meaning = "how long an idle environment is kept: not published; measured 5-7 min (mikhail.io 2021; "
     "facts §3)"},
    {.name = "max_lifetime", .type = SLS_KT_TIME_OR_DIST, .lo = 0, .hi = 365 * 86400.0,
     .sub = &sls_schema_distribution, .flags = SLS_KF_CODE | SLS_KF_PLATFORM, .off = -1, NODEF,
     .def_text = "never; aws-lambda: ~2 h",
     .meaning = "an environment is recycled after this (0: never; facts §3)"},
    {.name = "per_message", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .def_text = "0", .meaning = "added to duration per message of a batch (per event otherwise)"},
    {.name = "message_error_rate", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 0,
     AT(sls_function_spec, message_error_rate), .unit = "probability",
     .meaning = "one message of a batch fails (a partial batch failure)"},
    {.name = "downstream", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none",
     .meaning = "the downstream it calls (a name in downstreams)"},
    {.name = "capacity_provider", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none",
     .meaning = "Lambda Managed Instances: the capacity provider whose EC2 instances hold its environments (a "
     "name in capacity_providers); its environments then start in the background only"},
    {.name = "calls_per_message", .type = SLS_KT_INT, .lo = 0, .hi = 1000, .def = 1,
     AT(sls_function_spec, calls_per_message),
     .meaning = "downstream calls per message (per event otherwise)"},
    {.name = "async_retries", .type = SLS_KT_INT, .lo = 0, .hi = 2, .def = 2,
     AT(sls_function_spec, async_retries),
     .meaning = "retries of a failed asynchronous event (Doc: asynchronous invocation; facts §1)"},
    {.name = "max_event_age", .type = SLS_KT_TIME, .lo = 60, .hi = 21600, .def = 21600,
     AT(sls_function_spec, max_event_age),
     .meaning = "asynchronous events older than this are dropped (Doc: asynchronous invocation; facts §1)"},
    {.name = "on_failure", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none",
     .meaning = "a queue that receives failed and expired asynchronous events"},
    {.name = "ephemeral_storage_mb", .type = SLS_KT_INT, .lo = 512, .hi = 10240, .def = 512,
     .flags = SLS_KF_PLATFORM, AT(sls_function_spec, ephemeral_mb), .unit = "MB",
     .meaning = "/tmp size; above 512 MB is billed (facts §4)"},
    {.name = "per_invocation", .type = SLS_KT_GROUP, .sub = &sls_schema_per_invocation,
     .flags = SLS_KF_CODE | SLS_KF_PLATFORM, .off = -1, NODEF,
     .meaning = "what each invocation adds to other services' bills"},
    {.name = "emits", .type = SLS_KT_LIST, .sub = &sls_schema_emit, BY_CODE, NODEF, .def_text = "none",
     .meaning = "what each invocation sends while it runs: invocations, messages, publishes, events, join "
     "arrivals"},
};
SCHEMA(sls_schema_function, "function", "functions = ( { name = \"...\"; ... }, ... );",
       "a Lambda function and its execution environments", function_keys);

static const sls_key by_memory_keys[] = {
    {.name = "memory_mb", .type = SLS_KT_INT, .lo = 128, .hi = 10240, .flags = SLS_KF_REQUIRED | SLS_KF_CODE,
     .off = -1, NODEF, .unit = "MB", .meaning = "the memory this entry was measured at"},
    {.name = "init", .type = SLS_KT_DIST, .sub = &sls_schema_distribution,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .meaning = "the INIT time at that memory"},
    {.name = "n", .type = SLS_KT_INT, NOT_KEPT, .meaning = "samples behind the fit (not used)"},
};
SCHEMA(sls_schema_by_memory, "by_memory", "runtime = { by_memory = ( { ... }, ... ); };",
       "a runtime's INIT time by memory: the entry nearest on a log scale is used", by_memory_keys);

static const sls_key runtime_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "the file's name, or \"inline\"",
     .meaning = "the model's name"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text"},
    {.name = "source", .type = SLS_KT_TEXT, BY_CODE, NODEF, .def_text = "\"inline\"",
     .meaning = "where the numbers come from"},
    {.name = "fit", .type = SLS_KT_TEXT, NOT_KEPT,
     .meaning = "how they were fitted (scripts/fit-runtimes.py)"},
    {.name = "init", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .def_text = "required (or by_memory)",
     .meaning = "the INIT phase as the platform reports it (billed per init_billing); or by_memory"},
    {.name = "overhead", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .def_text = "0", .meaning = "client-visible provisioning time beyond INIT (never billed)"},
    {.name = "init_billed", .type = SLS_KT_BOOL, BY_CODE, NODEF,
     .def_text = "the scenario's init_billing rule", .meaning = "INIT is billed on on-demand environments"},
    {.name = "by_memory", .type = SLS_KT_LIST, .sub = &sls_schema_by_memory, BY_CODE, NODEF,
     .meaning = "init by memory, instead of one init"},
    {.name = "package", .type = SLS_KT_ENUM, .values = package_values, .def = 0, AT(sls_runtime_spec, image),
     .meaning = "zip or container image: before Aug 2025 only images paid for INIT (facts §3)"},
    {.name = "custom_runtime", .type = SLS_KT_BOOL, .def = 0, AT(sls_runtime_spec, custom),
     .meaning = "an OS-only runtime (provided.al2023): it paid for INIT before Aug 2025 too"},
};
SCHEMA(sls_schema_runtime, "runtime", "models/runtimes/NAME.cfg, or functions = ( { runtime = { ... }; } );",
       "a cold-start model, fitted from measurements (models/runtimes/README.md)", runtime_keys);

/* ---- sources and their arrivals ---- */

#define K_POISSON (1u << 0)
#define K_PIECEWISE (1u << 1)
#define K_BATCH (1u << 2)
#define K_DIURNAL (1u << 3)
#define K_SPIKE (1u << 4)
#define K_SCHEDULE (1u << 5)
#define K_MMPP (1u << 6)

static const sls_key arrival_keys[] = {
    {.name = "kind", .type = SLS_KT_ENUM, .values = arrival_values, .flags = SLS_KF_REQUIRED | SLS_KF_CODE,
     .off = -1, NODEF, .meaning = "the arrival process (model/arrival.h)"},
    {.name = "rate", .type = SLS_KT_RATE, .lo = 0, .hi = 1e9, .flags = SLS_KF_REQUIRED,
     AT(sls_source_spec, rate_per_s), NODEF, .kinds = K_POISSON | K_SPIKE, .unit = "requests",
     .meaning = "poisson: the rate; spike: the base rate"},
    {.name = "times", .type = SLS_KT_TIMES, .lo = 0, .hi = 1e9, BY_CODE, NODEF,
     .def_text = "required (or rates_file)", .kinds = K_PIECEWISE,
     .meaning = "segment starts, increasing from 0 (times_s = [...])"},
    {.name = "rates_per_s", .type = SLS_KT_ARRAY, .lo = 0, .hi = 1e9, BY_CODE, NODEF,
     .def_text = "required (piecewise: or rates_file)", .kinds = K_PIECEWISE | K_MMPP, .unit = "1/s",
     .meaning = "piecewise: each segment's rate; mmpp: each state's"},
    {.name = "rates_file", .type = SLS_KT_PATH, BY_CODE, NODEF, .def_text = "none (times and rates_per_s)",
     .kinds = K_PIECEWISE, .meaning = "piecewise: the table from a CSV file t_s,rate_per_s instead"},
    {.name = "count", .type = SLS_KT_INT, .lo = 1, .hi = 1e9, BY_CODE, NODEF, .kinds = K_BATCH | K_SCHEDULE,
     .unit = "requests", .def_text = "required (batch), 1 (schedule)",
     .meaning = "batch: requests; schedule: requests per firing"},
    {.name = "at", .type = SLS_KT_TIME, .lo = 0, .hi = 1e9, AT(sls_source_spec, at), .def = 0,
     .kinds = K_BATCH | K_SPIKE | K_SCHEDULE,
     .meaning = "batch: the first request; spike, schedule: the first spike or firing"},
    {.name = "window", .type = SLS_KT_TIME, .lo = 0, .hi = 1e9, AT(sls_source_spec, batch_window), .def = 0,
     .kinds = K_BATCH, .meaning = "batch: requests spread evenly over this window (0: one instant)"},
    {.name = "peak_rate", .type = SLS_KT_RATE, .lo = 0, .hi = 1e9, .flags = SLS_KF_REQUIRED,
     AT(sls_source_spec, peak_rate_per_s), NODEF, .kinds = K_DIURNAL, .unit = "requests",
     .meaning = "diurnal: the rate at the daily peak"},
    {.name = "baseline", .type = SLS_KT_NUM, .lo = 0, .hi = 1, AT(sls_source_spec, baseline), .def = 0.5,
     .kinds = K_DIURNAL, .unit = "fraction",
     .meaning = "diurnal: the trough as a fraction of the peak (~50 %: Shahrad et al.; facts §5)"},
    {.name = "peak_hour", .type = SLS_KT_NUM, .lo = 0, .hi = 24, AT(sls_source_spec, peak_hour), .def = 14,
     .kinds = K_DIURNAL, .unit = "hour", .meaning = "diurnal: the hour of the peak"},
    {.name = "weekend_factor", .type = SLS_KT_NUM, .lo = 0, .hi = 100, AT(sls_source_spec, weekend_factor),
     .def = 1, .kinds = K_DIURNAL, .meaning = "diurnal: Saturday and Sunday rate multiplier"},
    {.name = "spike_rate", .type = SLS_KT_RATE, .lo = 0, .hi = 1e9, .flags = SLS_KF_REQUIRED,
     AT(sls_source_spec, spike_rate_per_s), NODEF, .kinds = K_SPIKE, .unit = "requests",
     .meaning = "spike: the rate added during a spike"},
    {.name = "spike_width", .type = SLS_KT_TIME, .lo = 0, .hi = 1e9, .flags = SLS_KF_REQUIRED,
     AT(sls_source_spec, spike_width), NODEF, .kinds = K_SPIKE, .meaning = "spike: how long a spike lasts"},
    {.name = "period", .type = SLS_KT_TIME, .lo = 1e-3, .hi = 1e9, .flags = SLS_KF_REQUIRED,
     AT(sls_source_spec, period), NODEF, .kinds = K_SPIKE | K_SCHEDULE,
     .meaning = "spike, schedule: the time between spikes or firings"},
    {.name = "jitter", .type = SLS_KT_TIME, .lo = 0, .hi = 1e9, AT(sls_source_spec, firing_jitter), .def = 0,
     .kinds = K_SCHEDULE, .meaning = "schedule: each firing is late by U(0, jitter)"},
    {.name = "switch_per_s", .type = SLS_KT_ARRAY, .lo = 0, .hi = 1e9, BY_CODE, NODEF, .def_text = "required",
     .kinds = K_MMPP, .unit = "1/s",
     .meaning = "mmpp: each state's rate of leaving (to a uniformly chosen other)"},
};
SCHEMA(sls_schema_arrival, "arrival", "sources = ( { arrival = { kind = \"...\"; ... }; } );",
       "when requests arrive; each kind takes the keys its row names", arrival_keys);

static const sls_key client_keys[] = {
    {.name = "max_retries", .type = SLS_KT_INT, .lo = 0, .hi = 100, .def = 0,
     AT(sls_source_spec, max_retries),
     .meaning = "retries of a throttled (or, with retry_on_error, failed) call; Lambda itself never "
     "retries sync calls (facts §1)"},
    {.name = "retry_on_error", .type = SLS_KT_BOOL, .def = 0, AT(sls_source_spec, retry_on_error),
     .meaning = "function errors and timeouts are retried too"},
    {.name = "backoff_base", .type = SLS_KT_TIME, .lo = 0, .hi = 3600, .def = 0.1,
     AT(sls_source_spec, backoff_base),
     .meaning = "the first retry's delay before jitter (AWS SDK standard mode: 100 ms)"},
    {.name = "backoff_cap", .type = SLS_KT_TIME, .lo = 0, .hi = 86400, .def = 20,
     AT(sls_source_spec, backoff_cap), .meaning = "the longest retry delay (AWS SDK standard mode: 20 s)"},
    {.name = "jitter", .type = SLS_KT_ENUM, .values = jitter_values, .def = 1, AT(sls_source_spec, jitter),
     .meaning = "full: U(0, d); equal: d/2 + U(0, d/2) (Brooker 2015, AWS Architecture Blog)"},
};
SCHEMA(sls_schema_client, "client", "sources = ( { client = { ... }; } );",
       "the caller's retries of a synchronous call", client_keys);

static const sls_key workflow_keys[] = {
    {.name = "type", .type = SLS_KT_ENUM, .values = workflow_values, AT(sls_source_spec, workflow), .def = 0,
     .meaning = "Step Functions Standard or Express: one execution per arrival (facts §4)"},
    {.name = "transitions", .type = SLS_KT_NUM, .lo = 0, .hi = 1e6, BY_CODE, .def = 0,
     .def_text = "required (standard)", .meaning = "Standard: state transitions per execution"},
    {.name = "memory_mb", .type = SLS_KT_NUM, .lo = 64, .hi = 1e5, BY_CODE, .def = 64, .unit = "MB",
     .meaning = "Express: billed memory of an execution, in 64 MB chunks"},
};
SCHEMA(sls_schema_workflow, "workflow", "sources = ( { workflow = { ... }; } );",
       "a Step Functions execution that invokes the target synchronously", workflow_keys);

static const sls_key source_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "unique among sources"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
    {.name = "target", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "a function, a queue, an SNS topic or an EventBridge bus"},
    {.name = "event_type", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none",
     .meaning = "a topic or bus target: the type of its events (what filters and rules match)"},
    {.name = "invocation", .type = SLS_KT_ENUM, .values = invocation_values, AT(sls_source_spec, async),
     .def = 0, .meaning = "a function target: synchronous, or asynchronous (an Event)"},
    {.name = "message_groups", .type = SLS_KT_INT, .lo = 1, .hi = 1e6, AT(sls_source_spec, message_groups),
     .def = 1, .meaning = "a FIFO queue target: messages go round-robin to this many groups"},
    {.name = "via", .type = SLS_KT_ENUM, .values = via_values, AT(sls_source_spec, via), .def = 0,
     .meaning = "each arrival is published to SNS or EventBridge, which invoke asynchronously (facts §4)"},
    {.name = "event_kb", .type = SLS_KT_NUM, .lo = 0, .hi = 256, AT(sls_source_spec, event_kb), .def = 1,
     .unit = "KB", .meaning = "size of each published event (64 KB chunks)"},
    {.name = "workflow", .type = SLS_KT_GROUP, .sub = &sls_schema_workflow, BY_CODE, NODEF,
     .meaning = "a Step Functions execution per arrival"},
    {.name = "arrival", .type = SLS_KT_GROUP, .sub = &sls_schema_arrival,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .meaning = "when requests arrive"},
    {.name = "start", .type = SLS_KT_TIME, .lo = 0, .hi = 1e9, .def = 0, AT(sls_source_spec, start),
     .meaning = "no arrivals before"},
    {.name = "stop", .type = SLS_KT_TIME, .lo = 0, .hi = 1e9, .def = INFINITY, .flags = SLS_KF_NONE,
     AT(sls_source_spec, stop), .def_text = "the run's end", .meaning = "no arrivals at or after"},
    {.name = "api_gateway", .type = SLS_KT_ENUM, .values = gateway_values, AT(sls_source_spec, gateway),
     .def = 0, .meaning = "calls go through API Gateway (billed, and adds latency)"},
    {.name = "gateway_latency", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .def_text = "the platform's", .meaning = "added to every call through the gateway"},
    {.name = "client", .type = SLS_KT_GROUP, .sub = &sls_schema_client, BY_CODE, NODEF,
     .meaning = "the caller's retries"},
};
SCHEMA(sls_schema_source, "source", "sources = ( { name = \"...\"; target = \"...\"; arrival = { ... }; } );",
       "where requests come from", source_keys);

/* ---- queues, mappings, downstreams ---- */

static const sls_key queue_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "unique among functions and queues (SQS: 80 characters; FIFO names end in .fifo)"},
    {.name = "type", .type = SLS_KT_ENUM, .values = queue_types, .def = 0, AT(sls_queue_spec, fifo),
     .meaning = "standard, or FIFO (order within a message group)"},
    {.name = "visibility_timeout", .type = SLS_KT_TIME, .lo = 0, .hi = 43200, .def = 30,
     AT(sls_queue_spec, visibility), .meaning = "a received message is hidden this long (SQS API; facts §2)"},
    {.name = "retention", .type = SLS_KT_TIME, .lo = 60, .hi = 14 * 86400.0, .def = 4 * 86400.0,
     AT(sls_queue_spec, retention), .meaning = "older messages are dropped (SQS API; facts §2)"},
    {.name = "delay", .type = SLS_KT_TIME, .lo = 0, .hi = 900, .def = 0, AT(sls_queue_spec, delay),
     .meaning = "delivery delay (SQS API; facts §2)"},
    {.name = "dead_letter_queue", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none",
     .meaning = "a queue of the same type that takes messages received max_receive_count times"},
    {.name = "max_receive_count", .type = SLS_KT_INT, .lo = 1, .hi = 1000, .def = 5,
     AT(sls_queue_spec, max_receive_count),
     .meaning = "receives before a message moves to the DLQ (>= 5 recommended; facts §2)"},
    {.name = "message_size_kb", .type = SLS_KT_NUM, .lo = 0, .hi = 1024, .def = 1,
     AT(sls_queue_spec, message_kb), .unit = "KB",
     .meaning = "message size: every 64 KB is a billed request (facts §4)"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_queue, "queue", "queues = ( { name = \"...\"; ... }, ... );", "an SQS queue", queue_keys);

static const sls_key mapping_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the mapping's name"},
    {.name = "queue", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the queue it drains (one mapping per queue)"},
    {.name = "function", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the function it invokes (its timeout must not exceed the queue's visibility timeout)"},
    {.name = "batch_size", .type = SLS_KT_INT, .lo = 1, .hi = 10000, BY_CODE, .def = 10,
     .meaning = "messages per invocation: at most 10,000 (FIFO 10); over 10 needs a batching window >= 1 s "
     "(Doc: ESM parameters; facts §2)"},
    {.name = "batching_window", .type = SLS_KT_TIME, .lo = 0, .hi = 300, .def = 0,
     AT(sls_mapping_spec, window), .meaning = "the longest a batch is gathered (facts §2)"},
    {.name = "maximum_concurrency", .type = SLS_KT_INT, .lo = 2, .hi = 1000, .def = -1, .flags = SLS_KF_NONE,
     AT(sls_mapping_spec, max_concurrency), .def_text = "unset",
     .meaning = "the most concurrent batches (Doc: ScalingConfig; facts §2)"},
    {.name = "scaling", .type = SLS_KT_ENUM, .values = scaling_values, .def = 0,
     AT(sls_mapping_spec, scaling),
     .meaning = "the poller ramp: 2023 +300/min to 1,250, legacy +60/min to 1,000, none: "
     "maximum_concurrency at once (facts §2)"},
    {.name = "report_batch_item_failures", .type = SLS_KT_BOOL, .def = 0,
     AT(sls_mapping_spec, report_item_failures),
     .meaning = "only failed messages return to the queue (ReportBatchItemFailures; facts §2)"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_mapping, "mapping",
       "mappings = ( { name = \"...\"; queue = \"...\"; function = \"...\"; } );",
       "an event source mapping: Lambda's pollers for one queue and one function", mapping_keys);

static const sls_key collapse_keys[] = {
    {.name = "above", .type = SLS_KT_INT, .lo = 0, .hi = 1e7, .flags = SLS_KF_REQUIRED,
     AT(sls_downstream_spec, collapse_above), NODEF,
     .meaning = "connections (proxy: calls in progress) beyond which it starts to fail"},
    {.name = "after", .type = SLS_KT_TIME, .lo = 0, .hi = 86400, .flags = SLS_KF_REQUIRED,
     AT(sls_downstream_spec, collapse_after), NODEF, .meaning = "... once above that for this long"},
    {.name = "recovery", .type = SLS_KT_TIME, .lo = 0, .hi = 7 * 86400.0, .flags = SLS_KF_REQUIRED,
     AT(sls_downstream_spec, recovery), NODEF, .meaning = "... and then fails every call for this long"},
};
SCHEMA(sls_schema_collapse, "collapse", "downstreams = ( { collapse = { ... }; } );",
       "a downstream that falls over under load (the practitioner articles' 800-connection incident)", collapse_keys);

static const sls_key downstream_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "unique among downstreams"},
    {.name = "mode", .type = SLS_KT_ENUM, .values = ds_modes, .def = 0, AT(sls_downstream_spec, proxy),
     .meaning = "a connection per invocation, held throughout, or a proxy pool (RDS Proxy-style)"},
    {.name = "max_connections", .type = SLS_KT_INT, .lo = 1, .hi = 1e7, .def = 1e6,
     AT(sls_downstream_spec, max_connections),
     .meaning = "connections beyond this are refused: the invocation fails"},
    {.name = "capacity", .type = SLS_KT_INT, .lo = 1, .hi = 1e7, .def = 1e6,
     AT(sls_downstream_spec, capacity),
     .meaning = "concurrent calls served at the base latency; beyond, processor sharing slows every call"},
    {.name = "pool_size", .type = SLS_KT_INT, .lo = 1, .hi = 1e7, .def = 100,
     AT(sls_downstream_spec, pool_size),
     .meaning = "proxy: connections in the pool (at most max_connections)"},
    {.name = "latency", .type = SLS_KT_DIST, .sub = &sls_schema_distribution,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .meaning = "the base latency of one call"},
    {.name = "collapse", .type = SLS_KT_GROUP, .sub = &sls_schema_collapse, BY_CODE, NODEF,
     .meaning = "it falls over under load"},
    {.name = "outages", .type = SLS_KT_LIST, .sub = &sls_schema_outage, BY_CODE, NODEF, .def_text = "none",
     .meaning = "scheduled times it is down"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_downstream, "downstream", "downstreams = ( { name = \"...\"; latency = { ... }; } );",
       "a dependency the functions call (a database, a partner API)", downstream_keys);

/* ---- traces ---- */

static const sls_key trace_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "its functions are named NAME-PREFIX (the trace function's first 12 characters, or more)"},
    {.name = "format", .type = SLS_KT_ENUM, .values = trace_formats, .flags = SLS_KF_REQUIRED | SLS_KF_CODE,
     .off = -1, NODEF, .meaning = "Azure 2019 (per-minute counts), Azure 2021 or plain CSV (per invocation)"},
    {.name = "invocations", .type = SLS_KT_PATH, BY_CODE, NODEF, .def_text = "required (azure2019)",
     .meaning = "azure2019: the invocations-per-minute file"},
    {.name = "durations", .type = SLS_KT_PATH, BY_CODE, NODEF, .meaning = "azure2019: the durations file"},
    {.name = "memory", .type = SLS_KT_PATH, BY_CODE, NODEF, .meaning = "azure2019: the memory file"},
    {.name = "file", .type = SLS_KT_PATH, BY_CODE, NODEF, .def_text = "required (azure2021, csv)",
     .meaning = "azure2021, csv: the per-invocation file"},
    {.name = "placement", .type = SLS_KT_ENUM, .values = placements, BY_CODE, .def = 0,
     .meaning = "azure2019: invocations within their minute"},
    {.name = "top", .type = SLS_KT_INT, .lo = 0, .hi = 1e9, .def = 0, AT(sls_trace_spec, top),
     .def_text = "0 (all)", .meaning = "keep the N functions with the most invocations"},
    {.name = "trigger", .type = SLS_KT_TEXT, BY_CODE, NODEF, .def_text = "all",
     .meaning = "azure2019: keep functions with this trigger (http, timer, queue, ...)"},
    {.name = "app", .type = SLS_KT_TEXT, BY_CODE, NODEF, .def_text = "all",
     .meaning = "keep functions whose app hash starts so"},
    {.name = "window_start", .type = SLS_KT_TIME, .lo = 0, .hi = 400 * 86400.0, .def = 0,
     AT(sls_trace_spec, window_start), .meaning = "trace time kept from here, shifted to start at 0"},
    {.name = "window_end", .type = SLS_KT_TIME, .lo = 0, .hi = 400 * 86400.0, .def = 0,
     AT(sls_trace_spec, window_end), .def_text = "0 (the end)", .meaning = "... to here"},
    {.name = "invocation", .type = SLS_KT_ENUM, .values = invocation_values, .def = 0,
     AT(sls_trace_spec, async), .meaning = "the trace's calls are synchronous or asynchronous"},
    {.name = "function", .type = SLS_KT_GROUP, .sub = &sls_schema_function, BY_CODE, NODEF,
     .def_text = "the platform's function defaults",
     .meaning = "the function its functions are cloned from (name and duration come from the trace)"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_trace, "trace", "traces = ( { name = \"...\"; format = \"...\"; ... }, ... );",
       "functions and sources made from an invocation trace (io/trace.h)", trace_keys);

/* ---- capacity providers (Lambda Managed Instances) ---- */

static const sls_key capacity_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "unique among capacity providers"},
    {.name = "instance_type", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "its EC2 instance type: vCPUs, memory and price from the pricing model's ec2 list"},
    {.name = "min_instances", .type = SLS_KT_INT, .lo = 0, .hi = 100000, .def = 3,
     AT(sls_capacity_spec, min_instances),
     .meaning = "running from before the run, never scaled in below (Lambda launches 3 for Availability Zone "
     "resilience: Doc \"Scaling Lambda Managed Instances\")"},
    {.name = "max_vcpus", .type = SLS_KT_NUM, .lo = 2, .hi = 15000, .def = 400, AT(sls_capacity_spec, max_vcpus),
     .meaning = "MaxVCpuCount: its instances' vCPUs together (2..15,000: API CapacityProviderScalingConfig); an "
     "environment that would pass it is not started (400: slsim's default)"},
    {.name = "launch", .type = SLS_KT_TIME, .lo = 0, .hi = 3600, .def = 25, AT(sls_capacity_spec, launch),
     .meaning = "from an instance's launch until it takes environments (EC2 launch to a reachable OS, 22.6-25.8 "
     "s measured: brevdev ec2-coldboot-research 2025; ~29 s, Percival 2021; the Lambda agent's own start is "
     "not published)"},
    {.name = "scale_in_idle", .type = SLS_KT_TIME, .lo = 0, .hi = 30 * 86400.0, .def = 900,
     AT(sls_capacity_spec, scale_in_idle),
     .meaning = "an instance with no environment is terminated after this (not published; 15 min as EC2 Auto "
     "Scaling target tracking's scale-in alarm, 15 one-minute data points: an assumption)"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_capacity, "capacity_provider",
       "capacity_providers = ( { name = \"...\"; instance_type = \"...\"; ... } );",
       "Lambda Managed Instances' EC2 instances, shared by the functions bound to it", capacity_keys);

/* ---- always-on alternatives ---- */

static const sls_key alternative_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the alternative's name"},
    {.name = "kind", .type = SLS_KT_ENUM, .values = alt_kinds, .flags = SLS_KF_REQUIRED | SLS_KF_CODE,
     .off = -1, NODEF, .meaning = "a VPS, an EC2 instance type or a Fargate task"},
    {.name = "instance", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "required (ec2)",
     .meaning = "ec2: the instance type, priced from the pricing model"},
    {.name = "usd_per_hour", .type = SLS_KT_NUM, .lo = 0, .hi = 1e5, BY_CODE, NODEF, .unit = "USD",
     .def_text = "from the pricing model", .meaning = "one instance's price (or usd_per_month)"},
    {.name = "usd_per_month", .type = SLS_KT_NUM, .lo = 0, .hi = 1e7, BY_CODE, NODEF, .unit = "USD",
     .meaning = "one instance's price per 720 h (a VPS needs one of the two)"},
    {.name = "vcpu", .type = SLS_KT_NUM, .lo = 0, .hi = 1e4, BY_CODE, NODEF,
     .def_text = "0; fargate: required, 0.25..16; ec2: the type's", .meaning = "task or server size"},
    {.name = "memory_gb", .type = SLS_KT_NUM, .lo = 0, .hi = 1e5, BY_CODE, NODEF,
     .def_text = "0; fargate: required, 0.5..120; ec2: the type's", .meaning = "task or server size"},
    {.name = "arch", .type = SLS_KT_ENUM, .values = arch_values, BY_CODE, .def = 0,
     .meaning = "fargate: the architecture (prices differ)"},
    {.name = "capacity_rps", .type = SLS_KT_NUM, .lo = 1e-6, .hi = 1e9, BY_CODE, NODEF,
     .def_text = "one of the two required", .unit = "req/s",
     .meaning = "requests per second one instance serves (or capacity_concurrency)"},
    {.name = "capacity_concurrency", .type = SLS_KT_NUM, .lo = 1e-6, .hi = 1e9, BY_CODE, NODEF,
     .def_text = "one of the two required", .meaning = "requests one instance holds at once"},
    {.name = "min_instances", .type = SLS_KT_INT, .lo = 0, .hi = 1e6, .def = 1,
     AT(sls_alternative_spec, min_instances), .meaning = "never fewer"},
    {.name = "target_utilization", .type = SLS_KT_NUM, .lo = 0.05, .hi = 1, .def = 0.7,
     AT(sls_alternative_spec, target_utilization), .unit = "fraction",
     .meaning = "autoscaled: instances = ceil(load / (capacity x this)) (70 %: PC target tracking, facts §1)"},
    {.name = "scale_in_delay", .type = SLS_KT_TIME, .lo = 0, .hi = 30 * 86400.0, .def = 300,
     AT(sls_alternative_spec, scale_in_delay),
     .meaning = "autoscaled: an instance stays this long after it was needed"},
    {.name = "functions", .type = SLS_KT_NAMES, BY_CODE, NODEF, .def_text = "all",
     .meaning = "the functions whose load it carries"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_alternative, "alternative", "alternatives = ( { name = \"...\"; kind = \"...\"; ... } );",
       "an always-on server priced for the same load, sized for the peak and autoscaled", alternative_keys);

/* ---- the platform preset ---- */

static const sls_key gateway_keys[] = {
    {.name = "latency", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .meaning = "added to every call through this gateway"},
};
SCHEMA(sls_schema_gateway, "gateway", "api_gateway = { http = { ... }; rest = { ... }; };",
       "an API Gateway type's latency", gateway_keys);

static const sls_key api_gateway_keys[] = {
    {.name = "http", .type = SLS_KT_GROUP, .sub = &sls_schema_gateway, BY_CODE, NODEF,
     .meaning = "HTTP APIs"},
    {.name = "rest", .type = SLS_KT_GROUP, .sub = &sls_schema_gateway, BY_CODE, NODEF,
     .meaning = "REST APIs"},
};
SCHEMA(sls_schema_api_gateway, "api_gateway", "models/platforms/NAME.cfg: api_gateway = { ... };",
       "API Gateway's latency by type", api_gateway_keys);

static const sls_key limits_keys[] = {
    {.name = "memory_mb_min", .type = SLS_KT_INT, .lo = 64, .hi = 65536, .def = 128, AT(sls_platform_limits, memory_mb_min),
     .unit = "MB", .meaning = "the least memory a function may have (Lambda 128)"},
    {.name = "memory_mb_max", .type = SLS_KT_INT, .lo = 64, .hi = 65536, .def = 32768,
     AT(sls_platform_limits, memory_mb_max), .unit = "MB", .meaning = "the most (Lambda 10,240; Cloud Run 32 GiB)"},
    {.name = "timeout_max", .type = SLS_KT_TIME, .lo = 1, .hi = 86400, .def = 86400, AT(sls_platform_limits, timeout_max),
     .meaning = "the longest timeout (Lambda 900 s; Cloud Run 60 min)"},
    {.name = "instance_concurrency_max", .type = SLS_KT_INT, .lo = 1, .hi = 1600, .def = 1000,
     AT(sls_platform_limits, instance_concurrency_max), .meaning = "requests an instance may serve at once (Lambda 1)"},
    {.name = "vcpus_max", .type = SLS_KT_NUM, .lo = 0.1, .hi = 192, .def = 192, AT(sls_platform_limits, vcpus_max),
     .unit = "vCPUs", .meaning = "an instance's vCPUs at most"},
};
SCHEMA(sls_schema_limits, "limits", "models/platforms/NAME.cfg: limits = { ... };",
       "a platform's limits on a function's settings (checked as each function is read)", limits_keys);

static const sls_key platform_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, BY_CODE, NODEF, .meaning = "the preset's name"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text"},
    {.name = "source", .type = SLS_KT_TEXT, BY_CODE, NODEF, .meaning = "where its defaults come from"},
    {.name = "pricing", .type = SLS_KT_MODEL, BY_CODE, NODEF,
     .meaning = "the pricing model scenarios default to"},
    {.name = "account", .type = SLS_KT_GROUP, .sub = &sls_schema_account, BY_CODE, NODEF,
     .meaning = "account defaults"},
    {.name = "function_defaults", .type = SLS_KT_GROUP, .sub = &sls_schema_function, BY_CODE, NODEF,
     .meaning = "defaults of every function key marked \"platform\""},
    {.name = "api_gateway", .type = SLS_KT_GROUP, .sub = &sls_schema_api_gateway, BY_CODE, NODEF,
     .meaning = "gateway latencies"},
    {.name = "limits", .type = SLS_KT_GROUP, .sub = &sls_schema_limits, BY_CODE, NODEF,
     .def_text = "the schema's bounds", .meaning = "the platform's limits on memory, timeout, concurrency, vCPUs"},
};
SCHEMA(sls_schema_platform, "platform", "models/platforms/NAME.cfg",
       "a platform preset: the defaults a scenario's functions and account start from", platform_keys);

/* ---- the pricing model ---- */

static const sls_key duration_tiers_keys[] = {
    {.name = "usd_per_gb_s", .type = SLS_KT_ARRAY, BY_CODE, .lo = 0, .hi = 1e6, NODEF, .unit = "USD",
     .meaning = "the price of each tier: 3 of them (facts §4)"},
    {.name = "tier_gb_s", .type = SLS_KT_ARRAY, BY_CODE, .lo = 0, .hi = 1e18, NODEF, .unit = "GB-s",
     .meaning = "the tiers' upper bounds a month, increasing: 2 of them (6 and 15 billion GB-s; facts §4)"},
};
SCHEMA(sls_schema_duration_tiers, "duration_tiers",
       "pricing: duration_x86_64 = { usd_per_gb_s = [...]; tier_gb_s = [...]; };",
       "Lambda's tiered duration price: each price applies up to its bound (cumulative), the last beyond",
       duration_tiers_keys);

static const sls_key request_tiers_keys[] = {
    {.name = "usd_per_million", .type = SLS_KT_ARRAY, BY_CODE, .lo = 0, .hi = 1e6, NODEF, .unit = "USD",
     .meaning = "the price of each tier, per million requests"},
    {.name = "tier_millions", .type = SLS_KT_ARRAY, BY_CODE, .lo = 0, .hi = 1e18, NODEF,
     .unit = "million requests", .def_text = "none (one tier)",
     .meaning = "the tiers' upper bounds a month, one fewer than the prices, increasing"},
};
SCHEMA(sls_schema_request_tiers, "request_tiers",
       "pricing: apigateway_http = { usd_per_million = [...]; tier_millions = [...]; };",
       "a tiered price per request (API Gateway; facts §4)", request_tiers_keys);

static const sls_key gb_tiers_keys[] = {
    {.name = "usd_per_gb", .type = SLS_KT_ARRAY, BY_CODE, .lo = 0, .hi = 1e6, NODEF, .unit = "USD",
     .meaning = "the price of each tier, per GB"},
    {.name = "tier_gb", .type = SLS_KT_ARRAY, BY_CODE, .lo = 0, .hi = 1e18, NODEF, .unit = "GB",
     .def_text = "none (one tier)", .meaning = "the tiers' upper bounds a month, one fewer than the prices"},
};
SCHEMA(sls_schema_gb_tiers, "gb_tiers", "pricing: logs = { usd_per_gb = [...]; tier_gb = [...]; };",
       "a tiered price per GB (CloudWatch Logs, data transfer out; facts §4)", gb_tiers_keys);

static const sls_key pc_price_keys[] = {
    {.name = "configured_usd_per_gb_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .unit = "USD",
     .meaning = "provisioned concurrency configured, in 5-minute units (facts §4)"},
    {.name = "execution_usd_per_gb_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .unit = "USD",
     .meaning = "executions on provisioned environments (facts §4)"},
};
SCHEMA(sls_schema_pc_price, "provisioned_price", "pricing: provisioned_x86_64 = { ... };",
       "provisioned concurrency prices", pc_price_keys);

static const sls_key free_keys[] = {
    {.name = "requests", .type = SLS_KT_NUM, .lo = 0, .hi = 1e12, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, free_requests), NODEF, .meaning = "Lambda requests a month (1 M; facts §4)"},
    {.name = "gb_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1e12, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, free_gb_s), NODEF, .meaning = "Lambda GB-s a month (400,000; facts §4)"},
    {.name = "sqs_requests", .type = SLS_KT_NUM, .lo = 0, .hi = 1e12, .def = 0,
     AT(sls_price_spec, free_sqs_requests), .meaning = "SQS requests a month (1 M)"},
    {.name = "sfn_transitions", .type = SLS_KT_NUM, .lo = 0, .hi = 1e12, .def = 0,
     AT(sls_price_spec, free_sfn_transitions),
     .meaning = "Step Functions Standard transitions a month (4,000)"},
    {.name = "logs_gb", .type = SLS_KT_NUM, .lo = 0, .hi = 1e12, .def = 0, AT(sls_price_spec, free_logs_gb),
     .meaning = "CloudWatch Logs GB a month"},
    {.name = "egress_gb", .type = SLS_KT_NUM, .lo = 0, .hi = 1e12, .def = 0,
     AT(sls_price_spec, free_egress_gb), .meaning = "data transfer out GB a month"},
};
SCHEMA(sls_schema_free_tier, "free_tier", "pricing: free_tier = { ... };",
       "the monthly free tier (applied when the scenario sets free_tier = true)", free_keys);

static const sls_key sfn_keys[] = {
    {.name = "standard_usd_per_1000_transitions", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3,
     .flags = SLS_KF_REQUIRED, AT(sls_price_spec, sfn_transition_usd), NODEF, .scale = 1e-3, .unit = "USD",
     .meaning = "Standard (facts §4)"},
    {.name = "express_usd_per_million", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, sfn_express_request_usd), NODEF, .scale = 1e-6, .unit = "USD",
     .meaning = "Express requests (facts §4)"},
    {.name = "express_usd_per_gb_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, sfn_express_gb_s), NODEF, .unit = "USD",
     .meaning = "Express duration, 100 ms and 64 MB chunks (facts §4)"},
};
SCHEMA(sls_schema_sfn_price, "stepfunctions", "pricing: stepfunctions = { ... };", "Step Functions prices",
       sfn_keys);

static const sls_key nat_keys[] = {
    {.name = "usd_per_hour", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, nat_hour_usd), NODEF, .unit = "USD", .meaning = "a NAT gateway running (facts §4)"},
    {.name = "usd_per_gb", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, nat_gb_usd), NODEF, .unit = "USD", .meaning = "data processed (facts §4)"},
};
SCHEMA(sls_schema_nat_price, "nat_gateway", "pricing: nat_gateway = { ... };", "NAT gateway prices",
       nat_keys);

static const sls_key fargate_arch_keys[] = {
    {.name = "usd_per_vcpu_hour", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .unit = "USD",
     .meaning = "per vCPU-hour (facts §4)"},
    {.name = "usd_per_gb_hour", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .unit = "USD",
     .meaning = "per GB-hour (facts §4)"},
};
SCHEMA(sls_schema_fargate_arch, "fargate_arch", "pricing: fargate = { x86_64 = { ... }; arm64 = { ... }; };",
       "Fargate prices of one architecture", fargate_arch_keys);

static const sls_key fargate_keys[] = {
    {.name = "x86_64", .type = SLS_KT_GROUP, .sub = &sls_schema_fargate_arch,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .meaning = "x86_64 prices"},
    {.name = "arm64", .type = SLS_KT_GROUP, .sub = &sls_schema_fargate_arch,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .meaning = "arm64 prices"},
    {.name = "minimum", .type = SLS_KT_TIME, .lo = 0, .hi = 86400, .def = 60, AT(sls_price_spec, fargate_min),
     .meaning = "the least billed time per task (1 min; facts §4)"},
};
SCHEMA(sls_schema_fargate_price, "fargate", "pricing: fargate = { ... };", "Fargate prices", fargate_keys);

static const sls_key ec2_keys[] = {
    {.name = "type", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the instance type (t3.medium, c6g.large, ...)"},
    {.name = "usd_per_hour", .type = SLS_KT_NUM, .lo = 0, .hi = 1e4, .flags = SLS_KF_REQUIRED,
     AT(sls_instance_price, usd_per_hour), NODEF, .unit = "USD",
     .meaning = "on-demand Linux price (facts §4)"},
    {.name = "vcpu", .type = SLS_KT_NUM, .lo = 0, .hi = 1e4, .flags = SLS_KF_REQUIRED,
     AT(sls_instance_price, vcpu), NODEF, .meaning = "vCPUs"},
    {.name = "memory_gb", .type = SLS_KT_NUM, .lo = 0, .hi = 1e5, .flags = SLS_KF_REQUIRED,
     AT(sls_instance_price, memory_gb), NODEF, .unit = "GB", .meaning = "memory"},
};
SCHEMA(sls_schema_ec2_price, "ec2", "pricing: ec2 = ( { type = \"...\"; ... }, ... );",
       "an EC2 instance type", ec2_keys);

static const char *const billing_values[] = {"lambda", "per-request", "instance-active", "instance-lifetime",
                                             NULL};
static const sls_key compute_keys[] = {
    {.name = "billing", .type = SLS_KT_ENUM, .values = billing_values, .def = 0,
     AT(sls_price_spec, compute.billing),
     .meaning = "lambda: per request as Lambda (the rest of the model); per-request: each request's duration x "
     "memory with a minimum (Azure Consumption); instance-active: an instance's time with a request (Cloud Run "
     "request-based, Azure Flex); instance-lifetime: an instance's whole life (Cloud Run instance-based, Lambda "
     "Managed Instances)"},
    {.name = "service", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "\"compute\"",
     .meaning = "the bill's service name (\"cloudrun\", \"functions\", ...)"},
    {.name = "request_usd_per_million", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3, .def = 0,
     AT(sls_price_spec, compute.request_usd), .scale = 1e-6, .unit = "USD", .meaning = "requests"},
    {.name = "usd_per_vcpu_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 0,
     AT(sls_price_spec, compute.vcpu_s_usd), .unit = "USD", .meaning = "vCPU-seconds billed"},
    {.name = "usd_per_gib_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 0, AT(sls_price_spec, compute.gib_s_usd),
     .unit = "USD", .meaning = "GiB-seconds (GB-s) of memory billed"},
    {.name = "provisioned_usd_per_vcpu_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 0,
     AT(sls_price_spec, compute.pc_vcpu_s_usd), .unit = "USD",
     .meaning = "provisioned instances (min instances, always ready), all the time"},
    {.name = "provisioned_usd_per_gib_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 0,
     AT(sls_price_spec, compute.pc_gib_s_usd), .unit = "USD", .meaning = "... their memory, all the time"},
    {.name = "provisioned_active_usd_per_vcpu_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 0,
     AT(sls_price_spec, compute.pc_active_vcpu_s_usd), .unit = "USD",
     .meaning = "provisioned instances, added while they have a request"},
    {.name = "provisioned_active_usd_per_gib_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 0,
     AT(sls_price_spec, compute.pc_active_gib_s_usd), .unit = "USD", .meaning = "... their memory"},
    {.name = "round", .type = SLS_KT_TIME, .lo = 0, .hi = 3600, .def = 0, AT(sls_price_spec, compute.round),
     .meaning = "a billed period is rounded up to a multiple of this (Cloud Run: 100 ms)"},
    {.name = "minimum", .type = SLS_KT_TIME, .lo = 0, .hi = 3600, .def = 0, AT(sls_price_spec, compute.minimum),
     .meaning = "a billed period is at least this (Azure: 100 ms a request on Consumption, 1 s on Flex)"},
    {.name = "memory_round_mb", .type = SLS_KT_INT, .lo = 0, .hi = 65536, .def = 0,
     AT(sls_price_spec, compute.memory_round_mb), .unit = "MB",
     .meaning = "memory billed in steps of this (Azure Consumption: 128); 0: as configured"},
    {.name = "free_requests", .type = SLS_KT_NUM, .lo = 0, .hi = 1e12, .def = 0,
     AT(sls_price_spec, compute.free_requests), .meaning = "requests a month (with free_tier = true)"},
    {.name = "free_vcpu_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1e12, .def = 0,
     AT(sls_price_spec, compute.free_vcpu_s), .meaning = "vCPU-seconds a month"},
    {.name = "free_gib_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1e12, .def = 0,
     AT(sls_price_spec, compute.free_gib_s), .meaning = "GiB-seconds a month"},
};
SCHEMA(sls_schema_compute_price, "compute", "pricing: compute = { billing = \"...\"; ... };",
       "a platform's compute prices when it does not bill as Lambda does (docs/design.md §3.7)", compute_keys);

static const sls_key pricing_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, BY_CODE, NODEF, .meaning = "the model's name"},
    {.name = "date", .type = SLS_KT_TEXT, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "when the prices were read: every report shows it"},
    {.name = "source", .type = SLS_KT_TEXT, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "where they come from"},
    {.name = "request_usd_per_million", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, request_usd), NODEF, .scale = 1e-6, .unit = "USD",
     .meaning = "Lambda requests (facts §4)"},
    {.name = "duration_x86_64", .type = SLS_KT_GROUP, .sub = &sls_schema_duration_tiers,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "Lambda duration, 3 tiers of GB-s a month (facts §4)"},
    {.name = "duration_arm64", .type = SLS_KT_GROUP, .sub = &sls_schema_duration_tiers,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "Lambda duration on arm64, 3 tiers (facts §4)"},
    {.name = "provisioned_x86_64", .type = SLS_KT_GROUP, .sub = &sls_schema_pc_price,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .meaning = "provisioned concurrency"},
    {.name = "provisioned_arm64", .type = SLS_KT_GROUP, .sub = &sls_schema_pc_price,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .meaning = "provisioned concurrency on arm64"},
    {.name = "provisioned_unit", .type = SLS_KT_TIME, .lo = 0, .hi = 86400, .def = 300,
     AT(sls_price_spec, pc_unit),
     .meaning = "provisioned concurrency is billed in units of this (5 min; facts §4)"},
    {.name = "managed_instances_fee", .type = SLS_KT_NUM, .lo = 0, .hi = 10, .def = 0, AT(sls_price_spec, mi_fee),
     .unit = "fraction",
     .meaning = "Lambda Managed Instances: the compute management fee, a share of a capacity provider's "
     "instances' EC2 on-demand price added (0.15: AWS Lambda pricing)"},
    {.name = "ephemeral_storage_usd_per_gb_s", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, ephemeral_gb_s), NODEF, .unit = "USD", .meaning = "/tmp above 512 MB (facts §4)"},
    {.name = "free_tier", .type = SLS_KT_GROUP, .sub = &sls_schema_free_tier, BY_CODE, NODEF,
     .meaning = "the monthly free tier"},
    {.name = "apigateway_http", .type = SLS_KT_GROUP, .sub = &sls_schema_request_tiers,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "HTTP API requests: usd_per_million, tier_millions (facts §4)"},
    {.name = "apigateway_rest", .type = SLS_KT_GROUP, .sub = &sls_schema_request_tiers,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "REST API requests: usd_per_million, tier_millions (facts §4)"},
    {.name = "sqs_standard_usd_per_million", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, sqs_standard_usd), NODEF, .scale = 1e-6, .unit = "USD",
     .meaning = "SQS standard requests, each 64 KB chunk one (facts §4)"},
    {.name = "sqs_fifo_usd_per_million", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, sqs_fifo_usd), NODEF, .scale = 1e-6, .unit = "USD",
     .meaning = "SQS FIFO requests (facts §4)"},
    {.name = "sns_usd_per_million", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, sns_usd), NODEF, .scale = 1e-6, .unit = "USD", .meaning = "SNS publishes (facts §4)"},
    {.name = "eventbridge_usd_per_million", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3, .flags = SLS_KF_REQUIRED,
     AT(sls_price_spec, eventbridge_usd), NODEF, .scale = 1e-6, .unit = "USD",
     .meaning = "EventBridge custom events (facts §4)"},
    {.name = "eventbridge_api_destinations_usd_per_million", .type = SLS_KT_NUM, .lo = 0, .hi = 1e3,
     .def = 0.20, AT(sls_price_spec, eventbridge_api_usd), .scale = 1e-6, .unit = "USD",
     .meaning = "EventBridge API destination invocations (facts §6)"},
    {.name = "stepfunctions", .type = SLS_KT_GROUP, .sub = &sls_schema_sfn_price,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .meaning = "Step Functions"},
    {.name = "logs", .type = SLS_KT_GROUP, .sub = &sls_schema_gb_tiers,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "CloudWatch Logs ingestion: usd_per_gb, tier_gb (facts §4)"},
    {.name = "nat_gateway", .type = SLS_KT_GROUP, .sub = &sls_schema_nat_price,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF, .meaning = "NAT gateways"},
    {.name = "egress", .type = SLS_KT_GROUP, .sub = &sls_schema_gb_tiers,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "data transfer out to the internet: usd_per_gb, tier_gb"},
    {.name = "fargate", .type = SLS_KT_GROUP, .sub = &sls_schema_fargate_price,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "Fargate, for the always-on alternatives"},
    {.name = "ec2", .type = SLS_KT_LIST, .sub = &sls_schema_ec2_price, BY_CODE, NODEF,
     .meaning = "EC2 instance types, for the always-on alternatives"},
    {.name = "compute", .type = SLS_KT_GROUP, .sub = &sls_schema_compute_price, BY_CODE, NODEF,
     .def_text = "Lambda's billing", .meaning = "how the platform bills compute, when not as Lambda does"},
};
SCHEMA(sls_schema_pricing, "pricing", "models/pricing/NAME.cfg",
       "a pricing model: dated prices with their sources (facts §4)", pricing_keys);

/* ---- the scenario ---- */

static const sls_key scenario_keys[] = {
    {.name = "name", .type = SLS_KT_TEXT, BY_CODE, NODEF, .def_text = "\"scenario\"",
     .meaning = "titles plots and reports: printable UTF-8 without quotes or backslashes, 127 bytes at most"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
    {.name = "platform", .type = SLS_KT_MODEL, BY_CODE, NODEF, .def_text = "\"aws-lambda\"",
     .meaning = "the preset of defaults (models/platforms/NAME.cfg), or \"none\""},
    {.name = "pricing", .type = SLS_KT_MODEL, .flags = SLS_KF_CODE | SLS_KF_PLATFORM, .off = -1, NODEF,
     .def_text = "the platform's (aws-us-east-1)", .meaning = "the pricing model (models/pricing/NAME.cfg)"},
    {.name = "free_tier", .type = SLS_KT_BOOL, .def = 0, AT(sls_scenario, price.free_tier),
     .meaning = "subtract the monthly free tier from the bill"},
    {.name = "seed", .type = SLS_KT_INT, .lo = 0, .hi = 9.3e18, BY_CODE, .def = 1,
     .meaning = "the run's seed: every random stream derives from it"},
    {.name = "duration", .type = SLS_KT_TIME, .lo = 1e-6, .hi = 400 * 86400.0, .flags = SLS_KF_REQUIRED,
     AT(sls_scenario, duration), NODEF, .meaning = "arrivals stop here; what is in flight then drains"},
    {.name = "sample_interval", .type = SLS_KT_TIME, .lo = 0, .hi = 30 * 86400.0,
     AT(sls_scenario, sample_interval), .def = 60,
     .meaning = "time-series interval (0: none; at most 10,000,000 samples)"},
    {.name = "account", .type = SLS_KT_GROUP, .sub = &sls_schema_account, BY_CODE, NODEF,
     .meaning = "the account's concurrency and scaling"},
    {.name = "functions", .type = SLS_KT_LIST, .sub = &sls_schema_function,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the functions (at least one; may be left out when traces give them)"},
    {.name = "sources", .type = SLS_KT_LIST, .sub = &sls_schema_source,
     .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "where requests come from (may be left out when traces give them)"},
    {.name = "queues", .type = SLS_KT_LIST, .sub = &sls_schema_queue, BY_CODE, NODEF,
     .meaning = "SQS queues"},
    {.name = "mappings", .type = SLS_KT_LIST, .sub = &sls_schema_mapping, BY_CODE, NODEF,
     .meaning = "event source mappings"},
    {.name = "downstreams", .type = SLS_KT_LIST, .sub = &sls_schema_downstream, BY_CODE, NODEF,
     .meaning = "dependencies the functions call"},
    {.name = "warmup", .type = SLS_KT_TIME, .lo = 0, .hi = 400 * 86400.0, .def = 0, AT(sls_scenario, warmup),
     .meaning = "the summary, the bill and the intervals count from here: what came before fills the system "
     "(environments, queues) and is left out; the time series show the whole run"},
    {.name = "drain_limit", .type = SLS_KT_TIME, .lo = 0, .hi = 400 * 86400.0, .def = 86400,
     AT(sls_scenario, drain_limit), .meaning = "after duration, work in flight drains for at most this long"},
    {.name = "traces", .type = SLS_KT_LIST, .sub = &sls_schema_trace, BY_CODE, NODEF,
     .meaning = "functions and sources made from traces"},
    {.name = "bill_period", .type = SLS_KT_ENUM, .values = bill_period_values, NODEF,
     AT(sls_scenario, bill_period), .def_text = "\"auto\" (resolved when loaded)",
     .meaning = "the bill covers a 30-day month (usage projected from the span simulated), or the span "
     "simulated alone; auto: the span when every source is a one-off batch (a drain), else the month"},
    {.name = "init_billing", .type = SLS_KT_ENUM, .values = init_billing_values, .def = 0,
     AT(sls_scenario, init_billing),
     .meaning = "when INIT is billed: every on-demand INIT since 1 Aug 2025, before that only images and "
     "OS-only runtimes, or never (Doc: Lambda pricing; facts §3)"},
    {.name = "nat_gateways", .type = SLS_KT_INT, .lo = 0, .hi = 1000, .def = 0,
     AT(sls_scenario, nat_gateways), .meaning = "NAT gateways running all month (billed per hour)"},
    {.name = "capacity_providers", .type = SLS_KT_LIST, .sub = &sls_schema_capacity, BY_CODE, NODEF,
     .meaning = "Lambda Managed Instances' capacity providers (EC2 instances holding environments)"},
    {.name = "alternatives", .type = SLS_KT_LIST, .sub = &sls_schema_alternative, BY_CODE, NODEF,
     .meaning = "always-on servers priced for the same load"},
    {.name = "topics", .type = SLS_KT_LIST, .sub = &sls_schema_topic, BY_CODE, NODEF,
     .meaning = "SNS topics"},
    {.name = "buses", .type = SLS_KT_LIST, .sub = &sls_schema_bus, BY_CODE, NODEF,
     .meaning = "EventBridge event buses"},
    {.name = "joins", .type = SLS_KT_LIST, .sub = &sls_schema_join, BY_CODE, NODEF,
     .meaning = "fan-in joins"},
    {.name = "state_machines", .type = SLS_KT_LIST, .sub = &sls_schema_machine, BY_CODE, NODEF,
     .meaning = "Step Functions state machines"},
    {.name = "step_functions", .type = SLS_KT_GROUP, .sub = &sls_schema_sfn_quotas, BY_CODE, NODEF,
     .meaning = "the account's Step Functions quotas"},
    {.name = "events", .type = SLS_KT_LIST, .sub = &sls_schema_event, BY_CODE, NODEF, .def_text = "none",
     .meaning = "the timeline: changes at given times (model/timeline.c)"},
};
static const sls_key event_keys[] = {
    {.name = "at", .type = SLS_KT_TIME, .lo = 0, .hi = 400 * 86400.0, NODEF, AT(sls_event_spec, at),
     .flags = SLS_KF_REQUIRED, .meaning = "when it happens (simulated time since the start)"},
    {.name = "every", .type = SLS_KT_TIME, .lo = 60, .hi = 400 * 86400.0, .def = 0, AT(sls_event_spec, every),
     .flags = SLS_KF_NONE, .def_text = "once", .meaning = "it happens again this often (every_d = 1: daily)"},
    {.name = "lasting", .type = SLS_KT_TIME, .lo = 0, .hi = 400 * 86400.0, .def = 0,
     AT(sls_event_spec, lasting), .flags = SLS_KF_NONE, .def_text = "it stays",
     .meaning = "the change is undone after this long (a window: a degradation, an outage)"},
    {.name = "function", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none",
     .meaning = "the function it changes"},
    {.name = "downstream", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none",
     .meaning = "the downstream it changes"},
    {.name = "mapping", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none",
     .meaning = "the event source mapping it changes; with none of the three: the account"},
    {.name = "deploy", .type = SLS_KT_BOOL, .def = 0, .flags = SLS_KF_NONE, AT(sls_event_spec, deploy),
     .meaning = "function: a new version: idle environments retire, busy ones finish on the old, new requests "
     "start cold; provisioned environments are allocated again (model/timeline.c)"},
    {.name = "deploy_provisioned", .type = SLS_KT_ENUM, .values = deploy_pc_values, .def = 0,
     .flags = SLS_KF_NONE, AT(sls_event_spec, deploy_pc_after), .def_text = "\"ready-first\"",
     .meaning = "deploy: the new version's provisioned concurrency is ready when traffic moves (\"ready-first\", "
     "as a deployment that waits for it does) or allocated after the switch (\"after\": on demand meanwhile)"},
    {.name = "provisioned_concurrency", .type = SLS_KT_INT, .lo = 0, .hi = 1e6, .def = SLS_EV_UNSET,
     .flags = SLS_KF_NONE, AT(sls_event_spec, provisioned), .unit = "environments", .def_text = "unchanged",
     .meaning = "function: a scheduled action (usable after provisioned_allocation)"},
    {.name = "reserved_concurrency", .type = SLS_KT_INT, .lo = 0, .hi = 1e7, .def = SLS_EV_UNSET,
     .flags = SLS_KF_NONE, AT(sls_event_spec, reserved), .unit = "environments", .def_text = "unchanged",
     .meaning = "function: its reservation (within the account's limit)"},
    {.name = "memory_mb", .type = SLS_KT_INT, .lo = 64, .hi = 32768, .def = SLS_EV_UNSET, .flags = SLS_KF_NONE,
     AT(sls_event_spec, memory_mb), .unit = "MB", .def_text = "unchanged",
     .meaning = "function: its memory (a configuration update: new environments; the CPU share and the bill "
     "follow; within the platform's limits; one request per environment, no provisioned concurrency)"},
    {.name = "timeout", .type = SLS_KT_TIME, .lo = 0.001, .hi = 86400, .def = -1e-9, .flags = SLS_KF_NONE,
     AT(sls_event_spec, timeout), .def_text = "unchanged",
     .meaning = "function: its timeout, for invocations that start after it (within the platform's limit)"},
    {.name = "error_rate", .type = SLS_KT_NUM, .lo = 0, .hi = 1, NODEF, .flags = SLS_KF_NONE,
     AT(sls_event_spec, error_rate), .unit = "probability", .def_text = "unchanged",
     .meaning = "function: an invocation fails (a bad deploy)"},
    {.name = "duration_factor", .type = SLS_KT_NUM, .lo = 0.001, .hi = 1000, NODEF, .flags = SLS_KF_NONE,
     AT(sls_event_spec, duration_factor), .def_text = "unchanged",
     .meaning = "function: its durations multiplied by this (a slower version; 1: as written)"},
    {.name = "latency_factor", .type = SLS_KT_NUM, .lo = 0.001, .hi = 1000, NODEF, .flags = SLS_KF_NONE,
     AT(sls_event_spec, latency_factor), .def_text = "unchanged",
     .meaning = "downstream: its calls' latency multiplied by this (a degradation)"},
    {.name = "call_error_rate", .type = SLS_KT_NUM, .lo = 0, .hi = 1, NODEF, .flags = SLS_KF_NONE,
     AT(sls_event_spec, ds_error_rate), .unit = "probability", .def_text = "unchanged",
     .meaning = "downstream: a call fails at once"},
    {.name = "down", .type = SLS_KT_BOOL, .def = 0, .flags = SLS_KF_NONE, AT(sls_event_spec, down),
     .meaning = "downstream: it is down (every call fails) for `lasting`"},
    {.name = "maximum_concurrency", .type = SLS_KT_INT, .lo = 2, .hi = 1000, .def = SLS_EV_UNSET,
     .flags = SLS_KF_NONE, AT(sls_event_spec, max_concurrency), .def_text = "unchanged",
     .meaning = "mapping: its maximum concurrency"},
    {.name = "concurrency_limit", .type = SLS_KT_INT, .lo = 1, .hi = 1e7, .def = SLS_EV_UNSET,
     .flags = SLS_KF_NONE, AT(sls_event_spec, concurrency_limit), .unit = "environments",
     .def_text = "unchanged", .meaning = "account: its concurrency limit"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_event, "event", "events = ( { at_h = 8; function = \"api\"; provisioned_concurrency = 50; } );",
       "a change over time: a scheduled action, a deploy, a setting, a degradation window", event_keys);

SCHEMA(sls_schema_scenario, "scenario", "the file itself", "a scenario: what is simulated, for how long",
       scenario_keys);

// clang-format on

const sls_schema *const sls_schemas[] = {&sls_schema_scenario,
                                         &sls_schema_account,
                                         &sls_schema_scaling,
                                         &sls_schema_function,
                                         &sls_schema_per_invocation,
                                         &sls_schema_runtime,
                                         &sls_schema_by_memory,
                                         &sls_schema_distribution,
                                         &sls_schema_source,
                                         &sls_schema_arrival,
                                         &sls_schema_client,
                                         &sls_schema_workflow,
                                         &sls_schema_queue,
                                         &sls_schema_mapping,
                                         &sls_schema_downstream,
                                         &sls_schema_collapse,
                                         &sls_schema_trace,
                                         &sls_schema_alternative,
                                         &sls_schema_capacity,
                                         &sls_schema_emit,
                                         &sls_schema_topic,
                                         &sls_schema_subscription,
                                         &sls_schema_bus,
                                         &sls_schema_rule,
                                         &sls_schema_join,
                                         &sls_schema_outage,
                                         &sls_schema_machine,
                                         &sls_schema_state,
                                         &sls_schema_retrier,
                                         &sls_schema_catcher,
                                         &sls_schema_choice,
                                         &sls_schema_sfn_quotas,
                                         &sls_schema_platform,
                                         &sls_schema_api_gateway,
                                         &sls_schema_gateway,
                                         &sls_schema_pricing,
                                         &sls_schema_duration_tiers,
                                         &sls_schema_request_tiers,
                                         &sls_schema_gb_tiers,
                                         &sls_schema_pc_price,
                                         &sls_schema_free_tier,
                                         &sls_schema_sfn_price,
                                         &sls_schema_nat_price,
                                         &sls_schema_fargate_price,
                                         &sls_schema_fargate_arch,
                                         &sls_schema_ec2_price,
                                         &sls_schema_compute_price,
                                         &sls_schema_limits,
                                         &sls_schema_event,
                                         &sls_schema_pc_autoscaling,
                                         NULL};
