/*
 * world — the simulated platform: account, functions with their execution environments, and
 * the sources that invoke them.  Everything a run touches hangs off one sls_world; there are
 * no globals, so independent worlds can run in parallel threads.
 *
 * A world is built from a validated sls_scenario (io/scenario.h) by sls_world_alloc, run by
 * sls_world_run, and read by the writers.  The scenario describes; the world simulates.
 *
 * Model rules and their sources (docs/facts.md section numbers in brackets):
 *  - Dispatch: a request takes an idle provisioned environment first, then the most recently
 *    used idle on-demand one, else starts a new environment and waits for its init
 *    [FACTS 3; AWS "Lambda execution environment lifecycle"; DESIGN 3.2].
 *  - Concurrency = environments busy or initializing, plus configured provisioned concurrency
 *    (which counts against reserved and account concurrency whether busy or not) [FACTS 1].
 *    A function with reserved concurrency R never exceeds R; functions without a reservation
 *    share limit - sum(reservations), and at least unreserved_min stays unreserved [FACTS 1].
 *  - New environments are limited by a token bucket: per function, capacity 1,000, refill
 *    100/s (Nov 2023 rule); legacy mode: one account-wide bucket with the Regional burst as
 *    capacity and +500 per minute [FACTS 1].
 *  - A synchronous request over a limit is throttled (429) at once; Lambda does not retry,
 *    the client may, with capped exponential backoff and jitter [FACTS 1; AWS Architecture
 *    Blog "Exponential Backoff and Jitter" (Brooker, 2015)].
 *  - Keep-alive: an idle on-demand environment expires after the keep-alive time (constant or
 *    drawn per idle period); environments are recycled at their maximum lifetime: a busy one
 *    after its current invocation, an idle one when next picked [FACTS 3].  Provisioned
 *    environments never expire; their recycling is done ahead by the platform and is invisible.
 *  - Duration scales with memory: CPU share = memory / 1,769 MB vCPUs, capped by the threads
 *    the code can use; only the CPU-bound fraction of the duration scales [FACTS 3].
 *  - Timeout kills the invocation at the timeout; it is billed to the timeout [FACTS 3].
 *  - Billing: per 1 ms; on-demand INIT time is billed when the runtime model says so (ZIP on
 *    managed runtimes since 1 Aug 2025) [FACTS 3, 4].
 *
 * Every invocation is a job: a synchronous request, an asynchronous event (model/async rules in
 * world.c) or a batch of SQS messages from an event source mapping (model/queue.h).  Jobs
 * share the dispatch above; they differ in what a throttle or a failure does next.  A job of a
 * function with a downstream runs in three phases: open a connection (model/downstream.h),
 * compute, then the downstream calls under processor sharing; the slowdown lengthens — and
 * bills — the invocation.
 */
#ifndef SLS_WORLD_H
#define SLS_WORLD_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "engine/sim.h"
#include "model/dist.h"
#include "stats/hist.h"

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
typedef enum { SLS_JOB_SYNC, SLS_JOB_ASYNC, SLS_JOB_BATCH } sls_job_kind;

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

typedef struct sls_function_spec {
  char *name;
  int memory_mb; /* 128..10,240 */
  sls_arch arch;
  sls_time timeout;          /* ns */
  sls_dist duration;         /* execution time at ref_memory_mb (ns) */
  int ref_memory_mb;         /* memory at which duration was measured */
  double cpu_fraction;       /* part of duration that scales with CPU share, 0..1 */
  double cpu_threads;        /* vCPUs the code can use (caps the speed-up) */
  double error_rate;         /* probability an invocation fails, 0..1 */
  int64_t reserved;          /* reserved concurrency, -1 = none */
  int64_t provisioned;       /* provisioned concurrency */
  sls_runtime_spec runtime;  /* cold-start model (copied) */
  int keep_alive_constant;   /* 1: keep_alive is constant (FIFO expiry, no per-env events) */
  sls_dist keep_alive;       /* idle time before an on-demand environment expires (ns) */
  int lifetime_on;           /* 0: environments are never recycled */
  sls_dist max_lifetime;     /* environment lifetime (ns) */
  sls_dist per_message;      /* added per message of a batch (per event otherwise), at ref memory (ns) */
  double message_error_rate; /* probability one message of a batch fails, 0..1 */
  char *downstream;          /* name of the downstream it calls, NULL = none */
  int ds_index;              /* its index in sls_scenario.downstreams, -1 = none */
  int calls_per_message;     /* downstream calls per message (per event for sync/async) */
  int async_retries;         /* retries of a failed asynchronous event, 0..2 [FACTS 1] */
  sls_time max_event_age;    /* asynchronous events older than this are dropped (ns) */
  char *on_failure;          /* async: queue that receives failed and expired events, NULL = none */
  int on_failure_q;          /* its index, -1 = none */
  int from_trace;            /* 1: made from a trace (check prints the trace block instead) */
  int ephemeral_mb;          /* /tmp size, 512..10,240 MB; above 512 MB is billed [FACTS 4] */
  double log_kb;             /* CloudWatch Logs ingested per invocation (KB) */
  double nat_kb;             /* bytes through a NAT gateway per invocation (KB) */
  double egress_kb;          /* data transferred out to the internet per invocation (KB) */
  double sns_publishes;      /* SNS publishes per invocation (each up to 64 KB) */
  double eventbridge_events; /* EventBridge custom events put per invocation (each up to 64 KB) */
  double publish_kb;         /* size of each of those publishes and events (KB) */
} sls_function_spec;

typedef struct sls_source_spec {
  char *name;
  char *target;       /* function or queue name */
  int fn_index;       /* target function's index, -1 when the target is a queue */
  int q_index;        /* target queue's index, -1 when the target is a function */
  int async;          /* 1: asynchronous invocation (Event) of the function */
  int message_groups; /* FIFO queue target: messages are spread round-robin over this many groups */
  sls_arrival_kind kind;
  double rate_per_s;       /* poisson */
  int n_pieces;            /* piecewise: number of segments */
  sls_time *piece_t;       /* piecewise: segment start times (ns), increasing, first 0 */
  double *piece_rate;      /* piecewise: rate in each segment (1/s) */
  int64_t count;           /* batch: requests; schedule: requests per firing */
  sls_time at;             /* batch: first request; spike, schedule: first spike or firing (ns) */
  sls_time batch_window;   /* batch: spread evenly over this window (ns); 0 = one instant */
  double peak_rate_per_s;  /* diurnal: rate at the daily peak */
  double baseline;         /* diurnal: trough as a fraction of the peak, 0..1 */
  double peak_hour;        /* diurnal: hour of the peak, 0..24 */
  double weekend_factor;   /* diurnal: Saturday and Sunday rate multiplier */
  double spike_rate_per_s; /* spike: rate added during a spike */
  sls_time spike_width;    /* spike: length of a spike (ns) */
  sls_time period;         /* spike, schedule: time between spikes or firings (ns) */
  sls_time firing_jitter;  /* schedule: each firing is delayed by U(0, firing_jitter) (ns) */
  int n_states;            /* mmpp: states */
  double *state_rate;      /* mmpp: arrival rate in each state (1/s) */
  double *state_switch;    /* mmpp: rate of leaving each state (1/s), to a uniformly chosen other */
  int n_minutes;           /* trace counts: minutes */
  uint32_t *minute_counts; /* trace counts: invocations in each minute */
  int placement;           /* trace counts: 0 uniform random, 1 equidistant, 2 Poisson in the minute */
  int64_t n_times;         /* trace times: invocations */
  sls_time *times;         /* trace times: arrival times, sorted (ns) */
  sls_time *durations;     /* trace times: each invocation's duration (ns), or NULL */
  int from_trace;          /* 1: made from a trace */
  sls_time start;          /* no arrivals before (ns) */
  sls_time stop;           /* no arrivals at or after (ns); SLS_TIME_MAX = run end */
  sls_gateway gateway;
  sls_dist gateway_latency; /* added to every request through the gateway (ns) */
  int max_retries;          /* client retries of a throttled (or failed) call */
  int retry_on_error;       /* 1: function errors and timeouts are retried too */
  sls_time backoff_base;    /* first retry delay before jitter (ns) */
  sls_time backoff_cap;     /* longest retry delay (ns) */
  sls_jitter jitter;
  int via;            /* 0 direct, 1 SNS topic, 2 EventBridge bus: every arrival is one publish */
  double event_kb;    /* size of each published event (KB): billed in 64 KB chunks */
  int workflow;       /* 0 none, 1 Step Functions Standard, 2 Express: one execution per arrival */
  double transitions; /* Standard: state transitions per execution */
  int workflow_mb;    /* Express: billed memory of an execution (MB, 64 MB chunks) */
} sls_source_spec;

typedef struct sls_account_spec {
  int64_t concurrency_limit; /* account concurrency per Region */
  int64_t unreserved_min;    /* concurrency that reservations may not take */
  sls_scaling_mode scaling;
  double burst;        /* token bucket capacity (new environments) */
  double refill_per_s; /* token bucket refill rate (new environments per second) */
} sls_account_spec;

/* The month bills are projected to (and the hours an always-on server runs in it). */
#define SLS_MONTH_S (30.0 * 86400.0)
#define SLS_MONTH_HOURS 720.0

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

typedef struct sls_price_spec {
  char *name;                                /* pricing model name */
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
  double ephemeral_gb_s;                     /* per GB-s of /tmp above 512 MB */
  double sns_usd, eventbridge_usd;           /* per publish / custom event (64 KB chunk) */
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

/* An always-on alternative priced for the same load (DESIGN 3.7). */
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

/* An SQS queue [FACTS 2; SQS API reference]. */
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

/* An event source mapping: Lambda's pollers for one queue and one function [FACTS 2]. */
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

/* A downstream dependency (database, partner API) [DESIGN 3.6]. */
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
} sls_downstream_spec;

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
  char *path;       /* file it was read from */
  char *text;       /* the file's text, @include lines expanded, stored with the results */
  char *overrides;  /* the --set overrides applied, one KEY=VALUE a line ("" for none) */
  char *invocation; /* the command line that ran it, if the caller sets it (else NULL) */
  char *warnings;   /* the loader's warnings, FILE:LINE: ... a line each, or NULL */
  char *name;
  char *platform;
  uint64_t seed;
  sls_time duration;        /* arrivals stop here; in-flight requests then drain */
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
  sls_init_billing init_billing; /* when on-demand INIT is billed [FACTS 3] */
  int64_t nat_gateways;          /* NAT gateways running all month (billed per hour) */
  int n_alternatives;
  sls_alternative_spec *alternatives;
  int n_traces;
  sls_trace_spec *traces;
} sls_scenario;

void sls_scenario_free(sls_scenario *sc);

/* ---- run-time state ---- */

/* Time-weighted level (concurrency, idle environments): exact time averages. */
typedef struct sls_level {
  int64_t value;     /* current level */
  sls_time last;     /* last change (ns) */
  double area;       /* integral since the last sample (level*ns) */
  double total_area; /* integral since the start (level*ns) */
  int64_t peak;      /* largest value since the last sample */
  int64_t peak_all;  /* largest value in the run */
} sls_level;

typedef struct sls_env sls_env;
typedef struct sls_request sls_request;
typedef struct sls_function sls_function;
typedef struct sls_world sls_world;

typedef struct sls_msg sls_msg;
typedef struct sls_queue sls_queue;
typedef struct sls_esm sls_esm;
typedef struct sls_downstream sls_downstream;

struct sls_env {
  sls_env *prev, *next; /* idle list links (on-demand) or free/PC stack (next only) */
  sls_function *fn;
  sls_request *req;     /* job being served, NULL when idle */
  sls_event *expire_ev; /* per-environment keep-alive event (non-constant keep-alive) */
  sls_time born;        /* creation time (ns) */
  sls_time idle_since;  /* start of the current idle period (ns) */
  sls_time retire_at;   /* recycled at or after this time (ns) */
  int provisioned;      /* 1: a provisioned-concurrency environment */
};

/* A job: one synchronous request, one asynchronous event or one SQS batch, from its first
 * attempt to its end, with the state of its current invocation. */
struct sls_request {
  sls_request *next_free; /* pool link (must stay first) */
  sls_job_kind kind;
  sls_function *fn;       /* the function it invokes */
  struct sls_source *src; /* sync/async: where it came from */
  sls_esm *esm;           /* batch: the mapping that polled it */
  sls_msg *msgs;          /* batch: its messages (linked), in flight */
  int n_msgs;             /* batch: messages */
  int n_failed;           /* batch: messages reported failed (ReportBatchItemFailures) */
  sls_time visible_at;    /* batch: when its messages become visible again (ns) */
  int group;              /* batch: its FIFO message group, -1 for a standard queue */
  sls_time t0;            /* first attempt (ns): latency is measured from here */
  int attempt;            /* 0 for the first attempt (sync: client retries; async, batch: platform retries) */
  int errors;             /* async: failed invocations so far */
  /* the current invocation */
  sls_env *env;
  sls_time run_start;      /* end of the cold start: execution begins (ns) */
  sls_time billed_init;    /* INIT time billed with this invocation (ns) */
  sls_time compute;        /* compute part of the run (ns) */
  sls_time fixed_duration; /* the duration a trace recorded for this invocation (ns), -1 = draw one */
  double ds_work;          /* downstream work: sum of the calls' base latencies (ns) */
  int outcome;             /* decided at start: 0 ok, 1 error (timeouts are found on the way) */
  int connected;           /* holds a downstream connection */
  sls_event *timeout_ev;   /* kills the invocation at the timeout while it waits on a downstream */
  double ps_finish;        /* downstream: virtual finish time (ns of work) */
  size_t ps_idx;           /* downstream: heap index, SIZE_MAX when not in a call */
  sls_request *ps_next;    /* downstream: proxy wait list */
};

/* Per-function counters.  Conservation: requests = ok + errors + timeouts + throttled
 * (+ requests still in flight, 0 after the drain). */
typedef struct sls_fn_stats {
  uint64_t requests;    /* client requests (first attempts) */
  uint64_t attempts;    /* attempts reaching the platform (incl. retries) */
  uint64_t invocations; /* attempts that ran */
  uint64_t ok, errors, timeouts;
  uint64_t throttled; /* requests that ended throttled after all retries */
  uint64_t throttles; /* 429 responses (attempt level) */
  uint64_t retries;   /* retry attempts made */
  uint64_t cold_starts;
  uint64_t pc_invocations; /* invocations served by provisioned environments */
  uint64_t expired, recycled, envs_created;
  uint64_t billed_ms;      /* on-demand billed duration (incl. billed INIT) */
  uint64_t billed_init_ms; /* of which INIT */
  uint64_t pc_billed_ms;   /* duration billed at the provisioned execution rate */
  uint64_t gw_requests;    /* API Gateway requests */
  uint64_t unfinished;     /* sync requests still in flight when the drain limit stopped the run */
  uint64_t async_events, async_ok, async_failed, async_expired, async_retries, async_unfinished;
  uint64_t batch_invocations;        /* invocations by event source mappings */
  uint64_t inv_errors, inv_timeouts; /* invocation-level failures of every kind */
  sls_hist latency;                  /* client-observed latency of completed sync requests (ns) */
  sls_hist async_latency;            /* asynchronous events: accepted -> processed successfully (ns) */
  sls_hist init_latency;             /* cold-start wait (ns) */
} sls_fn_stats;

/* Time-series columns (per function, per sample interval). */
enum {
  SLS_TS_REQUESTS,
  SLS_TS_INVOCATIONS,
  SLS_TS_OK,
  SLS_TS_ERRORS,
  SLS_TS_TIMEOUTS,
  SLS_TS_THROTTLES,
  SLS_TS_COLD_STARTS,
  SLS_TS_CONC_MEAN,
  SLS_TS_CONC_MAX,
  SLS_TS_IDLE_MEAN,
  SLS_TS_PC_BUSY_MEAN,
  SLS_TS_NCOLS
};
extern const char *const sls_ts_names[SLS_TS_NCOLS];

struct sls_function {
  sls_function_spec *spec;
  int index;
  double speed_ratio; /* CPU speed at memory_mb relative to ref_memory_mb */
  gsl_rng *r_duration, *r_init, *r_error, *r_keepalive, *r_lifetime;
  sls_env *idle_head;        /* least recently used idle on-demand environment */
  sls_env *idle_tail;        /* most recently used */
  sls_env *pc_idle;          /* stack of idle provisioned environments */
  int64_t od_active;         /* on-demand environments busy or initializing */
  int64_t pc_busy;           /* provisioned environments busy */
  sls_event *expire_ev;      /* FIFO keep-alive timer (constant keep-alive) */
  double tokens;             /* scaling token bucket (2023 mode) */
  sls_time tokens_t;         /* last refill (ns) */
  sls_level conc, idle, pcb; /* concurrency (busy + initializing), idle on-demand, PC busy */
  double conc_area_run;      /* integral of conc over [0, duration] (level*ns), set at the end */
  double idle_area_run;      /* integral of idle over [0, duration] (level*ns), set at the end */
  sls_fn_stats st;
  uint64_t ts_cur[SLS_TS_COLD_STARTS + 1]; /* counters of the current sample interval */
  double *ts;                              /* n_samples x SLS_TS_NCOLS, row-major */
  sls_downstream *ds;                      /* the downstream it calls, NULL = none */
  gsl_rng *r_message;                      /* per-message times and failures */
  gsl_rng *r_async;                        /* async retry jitter */
  uint64_t sync_inflight, async_inflight;  /* jobs not yet ended */
};

typedef struct sls_source {
  sls_source_spec *spec;
  sls_function *fn; /* target function, or NULL */
  sls_queue *q;     /* target queue, or NULL */
  gsl_rng *r_arrival, *r_retry, *r_gateway;
  int piece;              /* piecewise: current segment */
  int64_t emitted;        /* batch: requests generated so far */
  int state;              /* mmpp: current state */
  sls_time state_end;     /* mmpp: when it is left (ns) */
  int64_t firing;         /* schedule: firings so far */
  sls_time firing_at;     /* schedule: time of the current firing (ns) */
  int minute;             /* trace counts: current minute */
  uint32_t left;          /* trace counts: arrivals left in it */
  uint32_t minute_n;      /* trace counts: arrivals in it */
  double u_prev;          /* trace counts: previous uniform order statistic in it */
  sls_time next_duration; /* trace times: duration of the arrival scheduled next (ns), -1 = none */
  uint64_t arrivals;      /* requests generated */
  uint64_t gw_requests;   /* API Gateway requests (attempts incl. retries) */
  uint64_t cold_starts;   /* invocations of its requests that waited for a cold start */
  uint64_t invocations;   /* invocations of its requests (attempts that ran) */
  uint64_t wf_100ms;      /* Express workflow: executions' durations in 100 ms units, rounded up */
} sls_source;

/* A fixed-size object pool: blocks that are never freed until the world is. */
typedef struct sls_pool {
  size_t size; /* object size */
  void *free;  /* free list (first word of each object links) */
  void **blocks;
  size_t n_blocks;
  size_t in_use, peak;
} sls_pool;

typedef void (*sls_progress_fn)(void *ctx, double fraction);

/* Limits of a run (0: none), set before sls_world_run: a scenario can ask for more than anyone
 * meant (10^9 requests a second for a minute), and the run should end with a message, not
 * run on until it is killed. */
typedef struct sls_limits {
  uint64_t max_events; /* events processed */
  double max_wall_s;   /* wall-clock seconds */
  double max_bytes;    /* bytes of the run's state (sls_world_bytes) */
} sls_limits;

struct sls_world {
  sls_sim sim;
  const sls_scenario *sc;
  sls_function *functions;
  int n_functions;
  sls_source *sources;
  int n_sources;
  int64_t reserved_total;  /* sum of reservations */
  int64_t unreserved_used; /* concurrency used by functions without a reservation */
  double acct_tokens;      /* legacy account-wide token bucket */
  sls_time acct_tokens_t;
  sls_pool env_pool, req_pool, msg_pool;
  sls_queue *queues;
  int n_queues;
  sls_esm *esms;
  int n_esms;
  sls_downstream *downstreams;
  int n_downstreams;
  uint64_t inflight;        /* jobs and messages not yet ended: the run drains them */
  int closed;               /* 1 once simulated time has passed `duration` */
  size_t n_samples;         /* time-series rows */
  size_t sample_k;          /* next row to fill */
  sls_progress_fn progress; /* optional, called every few thousand events (it paces itself) */
  void *progress_ctx;
  double wall_s;       /* wall-clock run time (set by sls_world_run) */
  sls_limits limits;   /* set by the caller; all 0 by default */
  const char *stopped; /* why the run stopped before its end ("events", "wall", "memory"), or NULL */
  sls_time billed_span; /* the span the bill projects to a month: duration, or the whole run when
                           drain_limit cut off work still in flight (not a steady state) */
};

/* The checks a scenario must pass to be simulated that look at several parts of it at once
 * (reservations within the account limit).  Returns 0, or SLS_EINPUT with a message in err.
 * Allocates nothing: `check` runs it without building a world. */
int sls_world_check(const sls_scenario *sc, char *err);
/* The bytes a run of sc needs at its peak, estimated from the scenario alone: time series, the
 * functions' state, provisioned environments, the requests that may be in flight (peak rate x
 * how long one can last, batches whole), messages that may wait in queues, trace data.  what
 * (n bytes, or NULL) gets the largest part, described. */
double sls_world_estimate(const sls_scenario *sc, char *what, size_t n);

/*
 * Builds a world for sc (which must outlive it) with the given run seed.  Returns NULL and a
 * message in err (SLS_ERRLEN bytes) when the scenario cannot be simulated (sls_world_check).
 */
sls_world *sls_world_alloc(const sls_scenario *sc, uint64_t seed, char *err);
void sls_world_free(sls_world *w);
/* Runs to the scenario's duration, then drains in-flight requests.  Returns 0, or SLS_ERUN when
 * a limit stopped it first (w->stopped says which; w->sim.now how far it got). */
int sls_world_run(sls_world *w);
/* Bytes the world holds now: its fixed parts (time series, functions) and what has grown
 * (environments, requests, messages, the event set). */
double sls_world_bytes(const sls_world *w);

/* ---- used by the queue, mapping and downstream modules ---- */

void *sls_pool_get(sls_pool *p);
void sls_pool_put(sls_pool *p, void *obj);
void sls_level_add(sls_level *l, sls_time now, int64_t delta);
double sls_level_sample(sls_level *l, sls_time now, sls_time since, int64_t *peak);
/* A new job for f (from the request pool; counted in w->inflight). */
sls_request *sls_job_new(sls_world *w, sls_job_kind kind, sls_function *f);
/* Frees a job that has ended. */
void sls_job_end(sls_world *w, sls_request *job);
/* Dispatches an invocation of job->fn (DESIGN 3.2): runs it, or reports the throttle to the
 * job's owner (client retry, async retry, mapping back-off). */
void sls_job_invoke(sls_world *w, sls_request *job);
/* The downstream finished job's calls (failed = 1: they failed). */
void sls_job_calls_done(sls_world *w, sls_request *job, int failed);

/* Conservation: every request ended in exactly one outcome.  Returns 1 when it holds for
 * every function, else 0 and a description in err. */
int sls_world_conserved(const sls_world *w, char *err);
/* Idle on-demand environment-seconds of f over [0, duration] (kept alive, not working). */
double sls_function_idle_env_s(const sls_function *f);
/* Mean concurrency of f over [0, duration] (busy + initializing); valid after the run. */
double sls_function_mean_concurrency(const sls_function *f, sls_time duration);

#endif
