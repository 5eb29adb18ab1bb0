/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rows — a finished run summarised: one fixed-size row per function, queue (with its mapping),
 * source and downstream.  A run's file stores them as tables (io/h5), a study keeps them per
 * run and summarises them (study), MPI ranks send them as bytes: the types live here, below
 * all three, so that none of them imports another (engine -> stats -> model -> cost -> study
 * -> io -> cli).
 */
#ifndef SLS_ROWS_H
#define SLS_ROWS_H

#include <stdint.h>

#include "cost/cost.h"
#include "engine/text.h"
#include "model/world.h"

/* One row of /summary/functions. */
typedef struct sls_fn_row {
  char name[SLS_NAME_FIELD];
  int32_t memory_mb;
  char arch[8];
  uint64_t requests, ok, errors, timeouts, throttled, throttles, retries, invocations;
  uint64_t cold_starts, pc_invocations, envs_created, expired, recycled;
  double cold_start_pct; /* cold starts per 100 invocations */
  double p50_ms, p90_ms, p95_ms, p99_ms, p999_ms, max_ms, mean_ms;
  double init_p50_ms, init_p99_ms;
  double mean_concurrency, peak_concurrency;
  double idle_gb_s; /* memory of idle on-demand environments x time, over [0, duration] */
  int64_t provisioned, reserved;
  double billed_gb_s, cost_usd;
  uint64_t unfinished; /* sync requests cut off by the drain limit */
  uint64_t async_events, async_ok, async_failed, async_expired, async_retries;
  double async_p50_ms, async_p99_ms; /* accepted -> processed */
  uint64_t batch_invocations, inv_errors, inv_timeouts;
  uint64_t invoked, sent, published, put, joined; /* items it emitted: async invokes, SQS messages, ... */
  uint64_t sync_calls, sync_failed;               /* sync invokes it made; of which failed */
  /* several requests per instance (appended) */
  int64_t instance_concurrency; /* requests an instance serves at once */
  double mean_instances; /* instances alive (starting, busy or idle), time-average over [0, duration] */
  uint64_t cold_waits;   /* invocations that waited for a cold start (their own instance's or another's) */
  double cold_wait_pct;  /* ... per 100 invocations */
  uint64_t queued,
      queue_timeouts; /* attempts that waited in the request queue; of which throttled at its timeout */
  /* steady-state figures (appended) */
  double mean_idle;               /* idle on-demand environments, time-average over [0, duration] */
  int32_t latency_of_invocations; /* 1: p50_ms .. mean_ms are of its invocations (it has no sync
                                     requests: batches, events), cold start included */
} sls_fn_row;

/* One row of /summary/queues (with its mapping's figures when it has one). */
typedef struct sls_queue_row {
  char name[SLS_NAME_FIELD];
  char type[16];
  uint64_t sent, deleted, to_dlq, expired, remaining, received;
  uint64_t send_requests, receive_requests, empty_receives, delete_requests;
  double e2e_p50_ms, e2e_p90_ms, e2e_p99_ms, e2e_max_ms, e2e_mean_ms; /* sent -> deleted */
  double wait_mean_ms, wait_p99_ms, waited_fraction; /* sent -> first receive; share that waited */
  double first_sent_s, drained_s, drain_time_s;      /* -1 when not drained */
  char mapping[SLS_NAME_FIELD];
  uint64_t batches, failed_batches, throttled_batches;
  double peak_mapping_concurrency;
  double peak_backlog; /* messages visible at once, at the most (appended) */
} sls_queue_row;

/* One row of /summary/sources: its arrivals, and its root requests (model/core.h): each arrival
 * and all the work it caused. */
typedef struct sls_source_row {
  char name[SLS_NAME_FIELD];
  char target[SLS_NAME_FIELD];
  uint64_t arrivals, invocations, cold_starts, gw_requests;
  double cold_start_pct; /* cold starts per 100 of its invocations */
  uint64_t roots, roots_ok, roots_failed, roots_dropped,
      roots_unfinished;                                            /* complete: ok + failed + dropped */
  double response_p50_ms, response_p99_ms, response_mean_ms;       /* arrival -> the caller's answer */
  double completion_p50_ms, completion_p99_ms, completion_mean_ms; /* arrival -> its last work's end */
  double completion_max_ms;
  /* means over complete roots of their critical path: the piece of work that ended last, from the
   * arrival on (they add up to completion_mean_ms) */
  double path_wait_ms, path_cold_ms, path_run_ms, path_downstream_ms;
  double lambda_requests_per_root, gb_s_per_root; /* what one arrival used on average */
  double cost_per_root_usd;                       /* ... priced (cost.h: sls_cost_usage) */
} sls_source_row;

/* One row of /summary/topics. */
typedef struct sls_topic_row {
  char name[SLS_NAME_FIELD];
  uint64_t published, publish_requests, deliveries, unmatched;
} sls_topic_row;

/* One row of /summary/buses. */
typedef struct sls_bus_row {
  char name[SLS_NAME_FIELD];
  uint64_t put, put_requests, unmatched, deliveries, delivered, attempts_failed, retries, to_dlq, dropped,
      api_calls, pending;
} sls_bus_row;

/* One row of /summary/joins. */
typedef struct sls_join_row {
  char name[SLS_NAME_FIELD];
  char target[SLS_NAME_FIELD];
  uint64_t arrivals, fired, partial, timed_out, late, waiting;
  double spread_p50_ms, spread_p99_ms, spread_mean_ms; /* first branch -> last, of the roots sent on */
} sls_join_row;

/* One row of /summary/machines: a Step Functions state machine's executions. */
typedef struct sls_machine_row {
  char name[SLS_NAME_FIELD];
  char type[16]; /* "standard", "express" */
  uint64_t started, start_throttled, succeeded, failed, timed_out, compensated, running;
  double latency_p50_ms, latency_p99_ms, latency_mean_ms, latency_max_ms; /* ended executions */
  double transitions_per_execution;
  uint64_t transitions_delayed; /* waited for the StateTransition bucket */
  uint64_t tasks, task_errors, task_timeouts, task_throttles;
  uint64_t history_failed;      /* Standard executions failed at 25,000 history events */
  double sfn_usd_per_execution; /* its own Step Functions charges (first-tier prices), per start */
} sls_machine_row;

/* One row of /summary/states: a state of a state machine. */
typedef struct sls_state_row {
  char machine[SLS_NAME_FIELD];
  char name[SLS_NAME_FIELD];
  char type[16];
  uint64_t entered, retries, caught, failed;
  double mean_ms;                      /* time in the state per visit that left it */
  char slowest_branch[SLS_NAME_FIELD]; /* Parallel: the branch (its first state) most often last */
  double slowest_share;                /* ... the share of the Parallel's ends it was last */
  double spread_ms; /* Parallel, Map: mean time from its first branch's or item's end to its last's */
} sls_state_row;

/* One row of /summary/downstreams. */
typedef struct sls_ds_row {
  char name[SLS_NAME_FIELD];
  char mode[16];
  uint64_t calls, failed_calls, refusals, collapses;
  double down_s, peak_connections, peak_active_calls, mean_connections;
  double outage_s;                /* in scheduled outages */
  uint64_t api_calls, api_failed; /* EventBridge API destination deliveries; of which failed */
} sls_ds_row;

/* One row of /summary/capacity_providers (Lambda Managed Instances; model/capacity.h). */
typedef struct sls_cap_row {
  char name[SLS_NAME_FIELD];
  char instance_type[32];
  double vcpu, memory_gb, usd_per_hour; /* one instance */
  double min_instances, max_vcpus;
  double mean_instances, peak_instances; /* live (launching or running) over [warmup, duration] */
  double instance_hours;                 /* billed, over the span (each instance at least 60 s) */
  uint64_t launches, terminations;       /* in the span */
  uint64_t environments;                 /* environments placed on its instances */
  uint64_t refused;                      /* environments not started: max_vcpus reached */
} sls_cap_row;

/* The summary row of function i of a finished world (cost from its bill's lines). */
void sls_row_function(const sls_world *w, int i, const sls_cost_line *lines, int n_lines, sls_fn_row *row);
/* Each function's share of the bill (its row's cost_usd and billed_gb_s), in one pass over the
 * bill (sls_row_function per row scans it all); free the array.  The bill can go before the rows
 * are made: 10,000 functions' 40,000 lines (10 MB) and rows (6 MB) were the peak of a write. */
typedef struct sls_fn_cost {
  double cost_usd, billed_gb_s;
} sls_fn_cost;
sls_fn_cost *sls_rows_costs(const sls_world *w, const sls_cost_line *lines, int n_lines);
/* Every function's row at once, its cost from costs (sls_rows_costs). */
void sls_rows_functions(const sls_world *w, const sls_fn_cost *costs, sls_fn_row *rows);
/* The summary row of queue i (with its mapping's figures). */
void sls_row_queue(const sls_world *w, int i, sls_queue_row *row);
/* The summary row of capacity provider i. */
void sls_row_capacity(const sls_world *w, int i, sls_cap_row *row);
/* The summary row of downstream i. */
void sls_row_downstream(const sls_world *w, int i, sls_ds_row *row);
/* The summary row of source i. */
void sls_row_source(const sls_world *w, int i, sls_source_row *row);
void sls_row_topic(const sls_world *w, int i, sls_topic_row *row);
void sls_row_bus(const sls_world *w, int i, sls_bus_row *row);
void sls_row_join(const sls_world *w, int i, sls_join_row *row);
void sls_row_machine(const sls_world *w, int i, sls_machine_row *row);
/* The rows of machine i's states, into rows[0 .. its n_states). */
void sls_row_states(const sls_world *w, int i, sls_state_row *rows);

#endif
