/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spec — what a scenario describes (filled by src/scenario, read by the model, the bill and the
 * writers): the account, functions and their runtimes, sources and their arrivals, queues,
 * mappings, downstreams, prices, alternatives, traces.  Times are ns, rates 1/s.
 */
#ifndef SLS_SPEC_H
#define SLS_SPEC_H

#include <stdint.h>

#include "engine/sim.h"
#include "model/dist.h"

typedef enum { SLS_ARCH_X86_64, SLS_ARCH_ARM64 } sls_arch;
typedef enum { SLS_GW_NONE, SLS_GW_HTTP, SLS_GW_REST } sls_gateway;
typedef enum { SLS_JITTER_NONE, SLS_JITTER_FULL, SLS_JITTER_EQUAL } sls_jitter;
typedef enum {
  SLS_ARRIVAL_POISSON,
  SLS_ARRIVAL_PIECEWISE,
  SLS_ARRIVAL_BATCH,
  SLS_ARRIVAL_DIURNAL,
  SLS_ARRIVAL_SPIKE,
  SLS_ARRIVAL_SCHEDULE,
  SLS_ARRIVAL_MMPP,
  SLS_ARRIVAL_TRACE_COUNTS, /* per-minute counts (Azure 2019) */
  SLS_ARRIVAL_TRACE_TIMES   /* per-invocation timestamps (Azure 2021, plain CSV) */
} sls_arrival_kind;
typedef enum { SLS_SCALING_2023, SLS_SCALING_LEGACY, SLS_SCALING_NONE } sls_scaling_mode;

/* A cold-start model (models/runtimes/). */
typedef struct sls_runtime_spec {
  char *name;          /* e.g. "nodejs20" */
  sls_dist init;       /* INIT phase duration as the platform reports it (billed when init_billed) */
  sls_dist overhead;   /* client-visible provisioning time not in INIT (never billed) */
  int init_billed;     /* 1: INIT is billed on on-demand environments (set from the scenario's
                          init_billing rule and the package, unless the runtime overrides it) */
  int init_billed_set; /* 1: the runtime file or group set init_billed itself */
  int image;           /* 1: container-image package (else ZIP) */
  int custom;          /* 1: OS-only runtime (provided.al2023 and the like) */
  char *source;        /* where the numbers come from */
} sls_runtime_spec;

/* Where work can be delivered: the targets a source, an emission, a subscription or a rule
 * names (they share one namespace of names). */
typedef enum {
  SLS_TARGET_FUNCTION, /* an invocation (asynchronous, unless a caller waits for it) */
  SLS_TARGET_QUEUE,    /* an SQS message */
  SLS_TARGET_TOPIC,    /* an SNS publish */
  SLS_TARGET_BUS,      /* an EventBridge PutEvents entry */
  SLS_TARGET_JOIN,     /* an arrival at a fan-in join */
  SLS_TARGET_MACHINE,  /* a Step Functions execution started (StartExecution) */
  SLS_TARGET_API,      /* an EventBridge API destination: a call to a downstream */
  SLS_TARGET_N
} sls_target_kind;

typedef struct sls_target {
  sls_target_kind kind;
  int index; /* into the scenario's (and world's) list of that kind */
} sls_target;

/* What an invocation sends while it runs (a function's `emits`). */
typedef enum { SLS_EMIT_INVOKE, SLS_EMIT_SEND, SLS_EMIT_PUBLISH, SLS_EMIT_PUT, SLS_EMIT_JOIN } sls_emit_kind;
typedef enum { SLS_WHEN_START, SLS_WHEN_AFTER_COMPUTE, SLS_WHEN_END } sls_emit_when;

#define SLS_EMIT_MAX_CONCURRENCY 64 /* an emission's calls in flight at once (the SDK's sockets: 50) */

typedef struct sls_emit_spec {
  sls_emit_kind kind;
  char *target_name;
  sls_target target;    /* resolved */
  int sync;             /* invoke: the caller waits for the callee (RequestResponse) */
  int on_error_fail;    /* sync invoke: the callee's failure fails the caller */
  int count;            /* items per invocation (per message of a batch) */
  double probability;   /* each item is sent with this probability */
  double payload_kb;    /* size of each (64 KB billing chunks) */
  sls_emit_when when;   /* at the start, after compute, or at the end (end: only when it succeeds) */
  sls_dist api_latency; /* the call's own latency, part of the caller's run (ns) */
  int batch;            /* send: messages per SendMessageBatch request, 1..10 */
  int concurrency;      /* calls in flight at once (1: one after another), 1..SLS_EMIT_MAX_CONCURRENCY */
  int message_groups;   /* send to a FIFO queue: groups used round-robin */
  char *event_type;     /* publish, put: its event type (filters and rules match it), NULL = none */
  int event_type_id;    /* its index in the scenario's event types, -1 = none */
  char *join_name;      /* the fan-in join these items are counted at, NULL = none */
  int join_index;       /* its index, -1 = none */
} sls_emit_spec;

/* Target tracking of a function's provisioned concurrency by Application Auto Scaling on
 * LambdaProvisionedConcurrencyUtilization (model/timeline.c has the rule and its sources). */
typedef struct sls_pc_autoscaling_spec {
  int on;
  double target;                      /* utilization aimed at, 0..1 (0.7 in Lambda's guide) */
  int64_t min, max;                   /* capacity bounds */
  sls_time period;                    /* a metric data point (1 min) */
  sls_time metric_delay;              /* a data point is seen this long after its period ends */
  int out_points;                     /* consecutive points above target that scale out (3) */
  int in_points;                      /* ... below in_ratio x target that scale in (15) */
  double in_ratio;                    /* 0.9: the scale-in alarm's threshold as a share of target */
  sls_time out_cooldown, in_cooldown; /* after a scaling activity (0 for Lambda) */
} sls_pc_autoscaling_spec;

typedef struct sls_function_spec {
  /* what an invocation reads first (model/function.c: run_on, the idle list, sls_usage_charge),
   * together: with 10,000 functions each line they spread over is a cache miss a request */
  int memory_mb; /* 128..10,240 */
  sls_arch arch;
  int keep_alive_constant; /* 1: keep_alive is constant (FIFO expiry, no per-env events) */
  int lifetime_on;         /* 0: environments are never recycled */
  int calls_per_message;   /* downstream calls per message (per event for sync/async) */
  int n_emits;
  double cpu_fraction;       /* part of duration that scales with CPU share, 0..1 */
  double message_error_rate; /* probability one message of a batch fails, 0..1 */
  double log_kb;             /* CloudWatch Logs ingested per invocation (KB) */
  double nat_kb;             /* bytes through a NAT gateway per invocation (KB) */
  double egress_kb;          /* data transferred out to the internet per invocation (KB) */
  double sns_publishes;      /* SNS publishes per invocation (each up to 64 KB) */
  double eventbridge_events; /* EventBridge custom events put per invocation (each up to 64 KB) */
  sls_dist duration;         /* execution time at ref_memory_mb (ns) */
  sls_dist keep_alive;       /* idle time before an on-demand environment expires (ns) */
  sls_dist per_message;      /* added per message of a batch (per event otherwise), at ref memory (ns) */
  /* the rest */
  char *name;
  sls_time timeout;         /* ns */
  int ref_memory_mb;        /* memory at which duration was measured */
  double cpu_threads;       /* vCPUs the code can use (caps the speed-up) */
  int instance_concurrency; /* requests an environment (instance) serves at once, 1..1,000 */
  double vcpus;             /* an instance's vCPUs, 0 = memory_mb / 1,769 (Lambda's rule) */
  sls_time queue_timeout;   /* a request with no room waits this long, then is throttled (ns) */
  double scale_target;      /* requests on an instance, as a fraction of instance_concurrency, that the
                               autoscaler aims at (1: none) */
  int start_on_request;     /* 1: a request that finds no room starts an instance and waits for it */
  int cpu_admission;        /* 1: an instance takes only the requests its vCPUs serve without contention */
  sls_time scale_window;    /* the autoscaler decides on the mean in service over this (ns), 0: at once */
  sls_time scale_interval;  /* ... every this (ns) */
  double error_rate;        /* probability an invocation fails, 0..1 */
  int64_t reserved;         /* reserved concurrency, -1 = none */
  int64_t provisioned;      /* provisioned concurrency */
  sls_time pc_allocation;   /* a change of provisioned concurrency is usable after this, plus a minute per
                               6,000 environments (facts §1) */
  sls_pc_autoscaling_spec pc_autoscaling;
  sls_runtime_spec runtime; /* cold-start model (copied) */
  double package_mb;        /* dependencies beyond what the runtime model measured (MB, ZIP packages) */
  sls_time init_per_mb;     /* ... each adds this to INIT (ns per MB) */
  int vpc;                  /* 1: attached to a VPC */
  sls_time vpc_init;        /* ... which adds this to a cold start's provisioning (ns) */
  sls_dist max_lifetime;    /* environment lifetime (ns) */
  char *downstream;         /* name of the downstream it calls, NULL = none */
  int ds_index;             /* its index in sls_scenario.downstreams, -1 = none */
  char *capacity_provider;  /* Lambda Managed Instances: the capacity provider it runs on, NULL = none */
  int cap_index;            /* its index in sls_scenario.capacity, -1 = none */
  int async_retries;        /* retries of a failed asynchronous event, 0..2 [facts §1] */
  sls_time max_event_age;   /* asynchronous events older than this are dropped (ns) */
  char *on_failure;         /* async: queue that receives failed and expired events, NULL = none */
  int on_failure_q;         /* its index, -1 = none */
  int from_trace;           /* 1: made from a trace (check prints the trace block instead) */
  int ephemeral_mb;         /* /tmp size, 512..10,240 MB; above 512 MB is billed [facts §4] */
  double publish_kb;        /* size of each of those publishes and events (KB) */
  sls_emit_spec *emits;     /* what each invocation sends, in order */
} sls_function_spec;

typedef struct sls_source_spec {
  /* what each arrival reads first (model/source.c, arrival.c), together */
  sls_arrival_kind kind;
  int async; /* 1: asynchronous invocation (Event) of the function */
  sls_gateway gateway;
  int workflow;      /* 0 none, 1 Step Functions Standard, 2 Express: one execution per arrival */
  double rate_per_s; /* poisson */
  sls_time stop;     /* no arrivals at or after (ns); SLS_TIME_MAX = run end */
  sls_target dest;   /* target, resolved */
  /* the rest */
  char *name;
  char *target;             /* function, queue, topic or bus name */
  char *event_type;         /* topic or bus target: its events' type, NULL = none */
  int event_type_id;        /* its index in the scenario's event types, -1 = none */
  int fn_index;             /* target function's index, -1 when the target is a queue */
  int q_index;              /* target queue's index, -1 when the target is a function */
  int message_groups;       /* FIFO queue target: messages are spread round-robin over this many groups */
  int n_pieces;             /* piecewise: number of segments */
  sls_time *piece_t;        /* piecewise: segment start times (ns), increasing, first 0 */
  double *piece_rate;       /* piecewise: rate in each segment (1/s) */
  int64_t count;            /* batch: requests; schedule: requests per firing */
  sls_time at;              /* batch: first request; spike, schedule: first spike or firing (ns) */
  sls_time batch_window;    /* batch: spread evenly over this window (ns); 0 = one instant */
  double peak_rate_per_s;   /* diurnal: rate at the daily peak */
  double baseline;          /* diurnal: trough as a fraction of the peak, 0..1 */
  double peak_hour;         /* diurnal: hour of the peak, 0..24 */
  double weekend_factor;    /* diurnal: Saturday and Sunday rate multiplier */
  double spike_rate_per_s;  /* spike: rate added during a spike */
  sls_time spike_width;     /* spike: length of a spike (ns) */
  sls_time period;          /* spike, schedule: time between spikes or firings (ns) */
  sls_time firing_jitter;   /* schedule: each firing is delayed by U(0, firing_jitter) (ns) */
  int n_states;             /* mmpp: states */
  double *state_rate;       /* mmpp: arrival rate in each state (1/s) */
  double *state_switch;     /* mmpp: rate of leaving each state (1/s), to a uniformly chosen other */
  int n_minutes;            /* trace counts: minutes */
  uint32_t *minute_counts;  /* trace counts: invocations in each minute */
  int placement;            /* trace counts: 0 uniform random, 1 equidistant, 2 Poisson in the minute */
  int64_t n_times;          /* trace times: invocations */
  sls_time *times;          /* trace times: arrival times, sorted (ns) */
  sls_time *durations;      /* trace times: each invocation's duration (ns), or NULL */
  int from_trace;           /* 1: made from a trace */
  sls_time start;           /* no arrivals before (ns) */
  sls_dist gateway_latency; /* added to every request through the gateway (ns) */
  int max_retries;          /* client retries of a throttled (or failed) call */
  int retry_on_error;       /* 1: function errors and timeouts are retried too */
  sls_time backoff_base;    /* first retry delay before jitter (ns) */
  sls_time backoff_cap;     /* longest retry delay (ns) */
  sls_jitter jitter;
  int via;            /* 0 direct, 1 SNS topic, 2 EventBridge bus: every arrival is one publish */
  double event_kb;    /* size of each published event (KB): billed in 64 KB chunks */
  double transitions; /* Standard: state transitions per execution */
  int workflow_mb;    /* Express: billed memory of an execution (MB, 64 MB chunks) */
} sls_source_spec;

typedef struct sls_account_spec {
  int64_t concurrency_limit; /* account concurrency per Region */
  int64_t unreserved_min;    /* concurrency that reservations may not take */
  sls_scaling_mode scaling;
  double burst;                 /* token bucket capacity (new environments) */
  double refill_per_s;          /* token bucket refill rate (new environments per second) */
  double refill_non_http_per_s; /* ... for a function no HTTP request reaches (2023 mode) */
} sls_account_spec;

/* The period a bill covers: "auto" resolves (when the scenario is loaded) to the span simulated
 * when every source is a one-off (a batch: a drain, a migration), else to the month. */
enum { SLS_BILL_PERIOD_AUTO, SLS_BILL_PERIOD_MONTH, SLS_BILL_PERIOD_SPAN };

/* The month bills are projected to (and the hours an always-on server runs in it). */
#define SLS_MONTH_S (30.0 * 86400.0)
#define SLS_MONTH_HOURS 720.0

/* A change over time (scenario `events`, model/timeline.c): at `at`, again every `every` (0: once),
 * for `lasting` (0: it stays), on one entity.  Each setting is applied when given (the rest keep
 * their values); a lasting change is undone at its end. */
typedef enum { SLS_EV_FUNCTION, SLS_EV_DOWNSTREAM, SLS_EV_MAPPING, SLS_EV_ACCOUNT } sls_ev_kind;
#define SLS_EV_UNSET (-2) /* an integer setting not given */
typedef struct sls_event_spec {
  sls_time at, every, lasting;
  sls_ev_kind kind;
  char *function, *downstream, *mapping; /* the entity named (one of them, or none: the account) */
  int index;                             /* its index */
  int deploy;                            /* function: a new version is deployed */
  int deploy_pc_after;           /* ... its provisioned concurrency allocated after (1) or ready first (0) */
  int64_t provisioned, reserved; /* function: provisioned and reserved concurrency (-1: none) */
  double error_rate, duration_factor;   /* function: failures; duration multiplied (NAN: not given) */
  int64_t memory_mb;                    /* function: its memory (a configuration update), SLS_EV_UNSET */
  sls_time timeout;                     /* function: its timeout, -1: not given */
  double latency_factor, ds_error_rate; /* downstream: calls' latency multiplied; calls failing */
  int down;                             /* downstream: 1 down, 0 up, -1 not given */
  int64_t max_concurrency;              /* mapping: maximum_concurrency (-1: none) */
  int64_t concurrency_limit;            /* account */
} sls_event_spec;

/* A tiered price: price[i] per unit up to bound[i] units a month (cumulative), the last price
 * beyond. */
#define SLS_MAX_TIERS 6
typedef struct sls_tiers {
  int n;
  double price[SLS_MAX_TIERS];
  double bound[SLS_MAX_TIERS - 1];
} sls_tiers;

/* An EC2 instance type of the pricing model. */
typedef struct sls_instance_price {
  char *name;
  double usd_per_hour;
  double vcpu, memory_gb;
} sls_instance_price;

typedef enum { SLS_INIT_BILL_2025, SLS_INIT_BILL_BEFORE_2025, SLS_INIT_BILL_NEVER } sls_init_billing;

/* A platform's limits on a function's settings (platform: limits = { ... }). */
typedef struct sls_platform_limits {
  int memory_mb_min, memory_mb_max;
  sls_time timeout_max;
  int instance_concurrency_max;
  double vcpus_max;
} sls_platform_limits;

/* How a platform bills compute (pricing: compute = { billing = ...; }). */
typedef enum {
  SLS_BILL_LAMBDA,  /* per request: duration per 1 ms x memory, Lambda's tiers (the rest of sls_price_spec) */
  SLS_BILL_REQUEST, /* per request: duration x memory with a minimum (Azure Consumption) */
  SLS_BILL_ACTIVE,  /* per instance while it has a request, in periods rounded up (Cloud Run, Flex) */
  SLS_BILL_LIFETIME /* per instance from its start to its end (Cloud Run instance-based, Managed Instances) */
} sls_billing;

/* A platform's compute prices when it does not bill as Lambda does (docs/design.md §3.7). */
typedef struct sls_compute_price {
  sls_billing billing;
  char *service;                      /* the bill's service name ("cloudrun", "functions", ...) */
  double request_usd;                 /* per request */
  double vcpu_s_usd, gib_s_usd;       /* per vCPU-s and per GiB-s (GB-s) billed */
  double pc_vcpu_s_usd, pc_gib_s_usd; /* provisioned (min, always-ready) instances: all the time */
  double pc_active_vcpu_s_usd, pc_active_gib_s_usd; /* ... and, added, while they have a request */
  sls_time round,
      minimum; /* a billed period (a request's, or an instance's) is rounded up to round, at least minimum */
  int memory_round_mb;                           /* memory billed in steps of this (0: as configured) */
  double free_requests, free_vcpu_s, free_gib_s; /* a month */
} sls_compute_price;

typedef struct sls_price_spec {
  char *name;                                /* pricing model name */
  sls_compute_price compute;                 /* billing LAMBDA unless the model has a compute group */
  char *date;                                /* when the prices were read */
  double request_usd;                        /* per request */
  double gb_s_x86[3], gb_s_arm[3];           /* duration price per GB-s, by tier */
  double tier_gb_s_x86[2], tier_gb_s_arm[2]; /* tier upper bounds (GB-s per month) */
  double pc_gb_s_x86, pc_gb_s_arm;           /* provisioned concurrency, configured, per GB-s */
  double pc_exec_gb_s_x86, pc_exec_gb_s_arm; /* executions on provisioned envs, per GB-s */
  sls_time pc_unit;                          /* PC billing unit (5 min) */
  sls_tiers apigw_http, apigw_rest;          /* per request, tiers in requests a month */
  double sqs_standard_usd, sqs_fifo_usd;     /* per SQS request */
  double free_sqs_requests;                  /* SQS free tier, requests per month */
  int free_tier;                             /* 1: subtract the monthly free tier */
  double free_requests, free_gb_s;
  double ephemeral_gb_s; /* per GB-s of /tmp above 512 MB */
  double mi_fee;         /* Lambda Managed Instances: the management fee, a share of the EC2 price added */
  double sns_usd, eventbridge_usd;           /* per publish / custom event (64 KB chunk) */
  double eventbridge_api_usd;                /* per API destination invocation */
  double sfn_transition_usd;                 /* Standard, per state transition */
  double sfn_express_request_usd;            /* Express, per execution */
  double sfn_express_gb_s;                   /* Express, per GB-s (100 ms, 64 MB chunks) */
  double free_sfn_transitions;               /* per month */
  sls_tiers logs;                            /* CloudWatch Logs ingestion, per GB */
  double free_logs_gb;                       /* per month */
  double nat_hour_usd, nat_gb_usd;           /* NAT gateway: per hour, per GB processed */
  sls_tiers egress;                          /* data transfer out to the internet, per GB */
  double free_egress_gb;                     /* per month */
  double fargate_vcpu_h[2], fargate_gb_h[2]; /* [x86_64, arm64] */
  sls_time fargate_min;                      /* Fargate's minimum billed time per task */
  int n_instances;
  sls_instance_price *instances; /* EC2 on-demand */
  char *source;
} sls_price_spec;

/* A capacity provider of Lambda Managed Instances (docs/design.md §3.2): EC2 instances of one type
 * that hold the execution environments of the functions bound to it, each taking its vCPUs and
 * memory; launched when an environment finds no room, terminated when empty for scale_in_idle. */
typedef struct sls_capacity_spec {
  char *name;
  char *instance_type;    /* its EC2 type (in the pricing model's ec2 list) */
  double vcpu, memory_gb; /* an instance's, from the pricing model */
  double usd_per_hour;    /* on demand, from the pricing model */
  int64_t min_instances;  /* launched before the run and never scaled in below */
  double max_vcpus;       /* MaxVCpuCount: the most vCPUs of its instances together */
  sls_time launch;        /* from the launch to an instance that takes environments (ns) */
  sls_time scale_in_idle; /* an instance with no environment is terminated after this (ns) */
} sls_capacity_spec;

/* An always-on alternative priced for the same load (docs/design.md §3.7). */
typedef enum { SLS_ALT_VPS, SLS_ALT_EC2, SLS_ALT_FARGATE } sls_alt_kind;
typedef struct sls_alternative_spec {
  char *name;
  sls_alt_kind kind;
  char *instance;            /* ec2: instance type, NULL for vps and fargate */
  double usd_per_hour;       /* one instance (from the pricing model unless given) */
  double vcpu, memory_gb;    /* fargate: task size; ec2: the type's */
  int arm;                   /* fargate: arm64 prices */
  int by_concurrency;        /* 1: capacity in concurrent requests; 0: in requests per second */
  double capacity;           /* per instance */
  int64_t min_instances;     /* never fewer (autoscaled) */
  double target_utilization; /* autoscaled: instances = ceil(load / (capacity x this)) */
  sls_time scale_in_delay;   /* autoscaled: an instance is kept this long after it was last needed */
  int n_functions;           /* functions whose load it carries; 0 = all */
  int *functions;            /* their indices */
  char **function_names;
} sls_alternative_spec;

/* An SQS queue [facts §2; SQS API reference]. */
typedef struct sls_queue_spec {
  char *name;
  int fifo;              /* 1: FIFO queue (order per message group) */
  sls_time visibility;   /* visibility timeout (ns), default 30 s */
  sls_time retention;    /* messages older than this are dropped (ns), default 4 d */
  sls_time delay;        /* delivery delay (ns), 0..900 s */
  char *dlq;             /* dead-letter queue name, NULL = none */
  int dlq_index;         /* its index, -1 = none */
  int max_receive_count; /* receives before a message moves to the DLQ */
  double message_kb;     /* message size, for the 64 KB request chunks of the bill */
} sls_queue_spec;

/* An event source mapping: Lambda's pollers for one queue and one function [facts §2]. */
typedef struct sls_mapping_spec {
  char *name;
  char *queue;
  int q_index;
  char *function;
  int fn_index;
  int batch_size;           /* messages per invocation, 1..10,000 (FIFO: 10) */
  sls_time window;          /* maximum batching window (ns), 0..300 s */
  int64_t max_concurrency;  /* maximum concurrency 2..1,000, -1 = unset */
  sls_scaling_mode scaling; /* poller ramp: 2023 (+300/min to 1,250), legacy (+60/min to 1,000), none */
  int report_item_failures; /* ReportBatchItemFailures */
} sls_mapping_spec;

/* A scheduled outage of a downstream: every call fails from `at` for `length`. */
typedef struct sls_outage {
  sls_time at, length; /* ns */
} sls_outage;

/* A downstream dependency (database, partner API) [design §3.6]. */
typedef struct sls_downstream_spec {
  char *name;
  int proxy;               /* 0: a connection per invocation; 1: a proxy pool (RDS Proxy-style) */
  int64_t pool_size;       /* proxy: connections in the pool */
  int64_t max_connections; /* connections beyond this are refused (the invocation fails) */
  int64_t capacity;        /* concurrent calls served at base latency (processor sharing beyond) */
  sls_dist latency;        /* base latency of one call (ns) */
  int collapse_on;         /* 1: the downstream falls over under load */
  int64_t collapse_above;  /* ... when connections (proxy: calls in progress) exceed this */
  sls_time collapse_after; /* ... for this long (ns) */
  sls_time recovery;       /* ... and then fails every call for this long (ns) */
  int n_outages;
  sls_outage *outages; /* scheduled outages, in time order */
} sls_downstream_spec;

/* An SNS topic and its subscriptions [facts §6]. */
typedef struct sls_subscription_spec {
  char *target_name;
  sls_target target; /* a function (invoked asynchronously) or a queue */
  int n_types;       /* its filter: the event types it takes (0: every type) ... */
  int *types;
  double probability; /* ... and, of those, the share that matches (a filter on the payload) */
} sls_subscription_spec;

typedef struct sls_topic_spec {
  char *name;
  sls_dist delivery_latency; /* publish -> a subscriber's delivery (ns) */
  int n_subs;
  sls_subscription_spec *subs;
} sls_topic_spec;

/* An EventBridge bus, its rules and their targets [facts §6]. */
typedef struct sls_rule_spec {
  char *name;
  int n_types; /* the event types it matches (0: every type) ... */
  int *types;
  double probability; /* ... and, of those, the share its pattern matches */
  int n_targets;      /* up to 5 */
  char **target_names;
  sls_target *targets;
  int retry_attempts; /* delivery retries of a failed delivery, 0..185 */
  sls_time max_age;   /* an event undelivered for this long is given up (ns) */
  char *dlq_name;     /* the queue given-up events go to, NULL = dropped */
  int dlq_index;
} sls_rule_spec;

typedef struct sls_bus_spec {
  char *name;
  sls_dist delivery_latency; /* PutEvents -> a target's delivery (ns) */
  int n_rules;
  sls_rule_spec *rules;
} sls_bus_spec;

/* A fan-in join: waits for the branches of one root request, then sends one item on. */
typedef struct sls_join_spec {
  char *name;
  int64_t branches; /* arrivals to wait for; 0: as many as the fan-out counted (emit join =) */
  char *target_name;
  sls_target target;       /* a function (invoked asynchronously) or a queue */
  sls_time timeout;        /* from the first arrival (ns) */
  int on_timeout_continue; /* at the timeout: send on with what arrived (else the root fails) */
} sls_join_spec;

/* ---- Step Functions state machines [facts §7] ---- */

typedef enum {
  SLS_ST_TASK,
  SLS_ST_CHOICE,
  SLS_ST_PARALLEL,
  SLS_ST_MAP,
  SLS_ST_WAIT,
  SLS_ST_PASS,
  SLS_ST_SUCCEED,
  SLS_ST_FAIL,
  SLS_ST_N
} sls_state_type;

/* Error classes a retrier or catcher names (ErrorEquals), as bits. */
enum {
  SLS_ERR_FUNCTION =
      1, /* the function failed: an error, its own timeout (States.TaskFailed, Lambda.Unknown) */
  SLS_ERR_TIMEOUT = 2,  /* the state's timeout passed (States.Timeout) */
  SLS_ERR_THROTTLE = 4, /* the invoke was throttled (Lambda.TooManyRequestsException) */
  SLS_ERR_FAILED = 8,   /* a Fail state inside a Parallel or Map branch (its custom error) */
  SLS_ERR_ALL = 15      /* States.ALL */
};

typedef struct sls_retrier_spec {
  unsigned errors;    /* ErrorEquals, SLS_ERR_* bits */
  sls_time interval;  /* IntervalSeconds (ns) */
  double backoff;     /* BackoffRate */
  int max_attempts;   /* MaxAttempts: retries (0: none) */
  sls_time max_delay; /* MaxDelaySeconds (ns), SLS_TIME_MAX = none */
  int jitter_full;    /* JitterStrategy FULL: each wait is uniform in [0, the computed interval] */
} sls_retrier_spec;

typedef struct sls_catcher_spec {
  unsigned errors; /* ErrorEquals */
  char *next_name;
  int next; /* state index */
} sls_catcher_spec;

typedef struct sls_choice_spec {
  double probability; /* the share of executions that take this branch (of those reaching it) */
  char *next_name;
  int next;
} sls_choice_spec;

typedef struct sls_state_spec {
  char *name;
  sls_state_type type;
  int scope;       /* 0: the machine's top level; else the branch or item chain it belongs to */
  char *next_name; /* Next (NULL: End) */
  int next;        /* state index, -1: the end of its scope */
  /* Task */
  char *resource_name;
  sls_target resource;  /* a function (invoked synchronously unless async), queue, topic, bus */
  int async;            /* a function task: invocation "async" (Event; the task does not wait) */
  sls_dist api_latency; /* the integration's own call time (ns) */
  sls_time timeout;     /* TimeoutSeconds (ns), SLS_TIME_MAX = none */
  double kb;            /* payload size for SQS/SNS/EventBridge billing */
  int n_retry;
  sls_retrier_spec *retry;
  int n_catch;
  sls_catcher_spec *catches;
  /* Choice */
  int n_choices;
  sls_choice_spec *choices;
  char *default_name;
  int def; /* Default state index */
  /* Parallel: each branch's first state; Map: the first state of each item's chain */
  int n_branches;
  char **branch_names;
  int *branches;
  int64_t items;            /* Map: items per execution (mean, or the constant) */
  int items_dist;           /* Map: 0 constant, 1 Poisson, 2 geometric (mean `items`) */
  int64_t max_concurrency;  /* Map: MaxConcurrency (0: as many as its mode allows) */
  int distributed;          /* Map: Distributed mode (child executions: 10,000 at once, their own
                             * histories); else Inline (40 at once, in the parent's history) */
  double tolerated_failure; /* Map: ToleratedFailurePercentage / 100 */
  /* Wait */
  sls_dist wait;
} sls_state_spec;

typedef struct sls_machine_spec {
  char *name;
  int express;      /* 0 Standard, 1 Express */
  int sync;         /* Express: started synchronously (the caller waits for the result) */
  char *start_name; /* StartAt */
  int start;
  sls_time timeout;            /* TimeoutSeconds of an execution (ns); Express at most 5 min */
  sls_dist transition_latency; /* the service's time to move from one state to the next (ns) */
  int64_t memory_mb;           /* Express billing: memory used, in 64 MB steps */
  int n_states;
  sls_state_spec *states;
  int n_scopes; /* 1 + its branches and item chains */
} sls_machine_spec;

/* Step Functions quotas of the account and Region [facts §7]: token buckets. */
typedef struct sls_sfn_quota_spec {
  double start_bucket, start_refill_per_s;                 /* StartExecution, Standard */
  double express_start_bucket, express_start_refill_per_s; /* StartExecution, Express */
  double transition_bucket, transition_refill_per_s;       /* StateTransition, Standard */
} sls_sfn_quota_spec;

/* A trace block as given (its functions and sources are in the scenario's lists). */
typedef struct sls_trace_spec {
  char *name;
  char *format;                                  /* "azure2019", "azure2021", "csv" */
  char *invocations, *durations, *memory, *file; /* paths as given (relative to the scenario) */
  char *placement;                               /* "uniform", "equidistant", "poisson" */
  int64_t top;                                   /* keep the top N functions by volume, 0 = all */
  char *trigger;                                 /* keep functions with this trigger, NULL = all */
  char *app;                                     /* keep functions whose app hash starts so, NULL = all */
  sls_time window_start, window_end; /* trace time kept, shifted to start at 0 (ns); end 0 = all */
  int async;                         /* invoke asynchronously */
  sls_function_spec tmpl;            /* the function template its functions are cloned from */
  int tmpl_memory;                   /* the template sets memory_mb (else each function gets the trace's) */
  int n_functions;                   /* functions it produced */
} sls_trace_spec;

typedef struct sls_scenario {
  char *path;        /* file it was read from */
  char *text;        /* the file's text, @include lines expanded, stored with the results */
  char *overrides;   /* the --set overrides applied, one KEY=VALUE a line ("" for none) */
  char *invocation;  /* the command line that ran it, if the caller sets it (else NULL) */
  char *model_files; /* the model files it read, one "KIND/NAME PATH BYTES FNV-1a-64" a line */
  char *warnings;    /* the loader's warnings, FILE:LINE: ... a line each, or NULL */
  char *name;
  char *platform;
  uint64_t seed;
  sls_time duration;        /* arrivals stop here; in-flight requests then drain */
  sls_time warmup;          /* the summary's figures count from here (the time series show all) */
  sls_time sample_interval; /* time-series interval (ns); 0 = none */
  sls_account_spec account;
  sls_price_spec price;
  int n_functions;
  sls_function_spec *functions;
  int n_sources;
  sls_source_spec *sources;
  int n_queues;
  sls_queue_spec *queues;
  int n_mappings;
  sls_mapping_spec *mappings;
  int n_downstreams;
  sls_downstream_spec *downstreams;
  sls_time drain_limit;          /* after `duration`, in-flight work drains for at most this long (ns) */
  sls_init_billing init_billing; /* when on-demand INIT is billed [facts §3] */
  int bill_period;               /* SLS_BILL_PERIOD_*: the bill per 30-day month, or for the span simulated */
  int64_t nat_gateways;          /* NAT gateways running all month (billed per hour) */
  int n_alternatives;
  sls_alternative_spec *alternatives;
  int n_capacity;
  sls_capacity_spec *capacity; /* capacity providers (Lambda Managed Instances) */
  int n_traces;
  sls_trace_spec *traces;
  int n_topics;
  sls_topic_spec *topics;
  int n_buses;
  sls_bus_spec *buses;
  int n_joins;
  sls_join_spec *joins;
  int n_machines;
  sls_machine_spec *machines;
  sls_sfn_quota_spec sfn; /* Step Functions quotas */
  int n_event_types;
  char **event_types; /* the event types emissions and filters name, interned */
  int n_events;
  sls_event_spec *events; /* the timeline of changes, as written */
} sls_scenario;

void sls_scenario_free(sls_scenario *sc);

#endif
