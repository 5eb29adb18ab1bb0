/*
 * world — the simulated platform: account, functions with their execution environments, and
 * the sources that invoke them.  Everything a run touches hangs off one sls_world; there are
 * no globals, so independent worlds can run in parallel threads.
 *
 * A world is built from a validated sls_scenario (io/scenario.h) by sls_world_alloc, run by
 * sls_world_run, and read by the writers.  The scenario describes; the world simulates.
 *
 * Model rules and their sources (../shared/FACTS.md section numbers in brackets):
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
typedef enum { SLS_ARRIVAL_POISSON, SLS_ARRIVAL_PIECEWISE, SLS_ARRIVAL_BATCH } sls_arrival_kind;
typedef enum { SLS_SCALING_2023, SLS_SCALING_LEGACY, SLS_SCALING_NONE } sls_scaling_mode;

/* A cold-start model (models/runtimes/). */
typedef struct sls_runtime_spec {
  char *name;        /* e.g. "nodejs20" */
  sls_dist init;     /* INIT phase duration as the platform reports it (billed when init_billed) */
  sls_dist overhead; /* client-visible provisioning time not in INIT (never billed) */
  int init_billed;   /* 1: INIT is billed on on-demand environments */
  char *source;      /* where the numbers come from */
} sls_runtime_spec;

typedef struct sls_function_spec {
  char *name;
  int memory_mb; /* 128..10,240 */
  sls_arch arch;
  sls_time timeout;         /* ns */
  sls_dist duration;        /* execution time at ref_memory_mb (ns) */
  int ref_memory_mb;        /* memory at which duration was measured */
  double cpu_fraction;      /* part of duration that scales with CPU share, 0..1 */
  double cpu_threads;       /* vCPUs the code can use (caps the speed-up) */
  double error_rate;        /* probability an invocation fails, 0..1 */
  int64_t reserved;         /* reserved concurrency, -1 = none */
  int64_t provisioned;      /* provisioned concurrency */
  sls_runtime_spec runtime; /* cold-start model (copied) */
  int keep_alive_constant;  /* 1: keep_alive is constant (FIFO expiry, no per-env events) */
  sls_dist keep_alive;      /* idle time before an on-demand environment expires (ns) */
  int lifetime_on;          /* 0: environments are never recycled */
  sls_dist max_lifetime;    /* environment lifetime (ns) */
} sls_function_spec;

typedef struct sls_source_spec {
  char *name;
  char *target; /* function name */
  sls_arrival_kind kind;
  double rate_per_s;     /* poisson */
  int n_pieces;          /* piecewise: number of segments */
  sls_time *piece_t;     /* piecewise: segment start times (ns), increasing, first 0 */
  double *piece_rate;    /* piecewise: rate in each segment (1/s) */
  int64_t batch_count;   /* batch: requests */
  sls_time batch_at;     /* batch: first request (ns) */
  sls_time batch_window; /* batch: spread evenly over this window (ns); 0 = one instant */
  sls_time start;        /* no arrivals before (ns) */
  sls_time stop;         /* no arrivals at or after (ns); SLS_TIME_MAX = run end */
  sls_gateway gateway;
  sls_dist gateway_latency; /* added to every request through the gateway (ns) */
  int max_retries;          /* client retries of a throttled (or failed) call */
  int retry_on_error;       /* 1: function errors and timeouts are retried too */
  sls_time backoff_base;    /* first retry delay before jitter (ns) */
  sls_time backoff_cap;     /* longest retry delay (ns) */
  sls_jitter jitter;
} sls_source_spec;

typedef struct sls_account_spec {
  int64_t concurrency_limit; /* account concurrency per Region */
  int64_t unreserved_min;    /* concurrency that reservations may not take */
  sls_scaling_mode scaling;
  double burst;        /* token bucket capacity (new environments) */
  double refill_per_s; /* token bucket refill rate (new environments per second) */
} sls_account_spec;

typedef struct sls_price_spec {
  char *name;                                /* pricing model name */
  double request_usd;                        /* per request */
  double gb_s_x86[3], gb_s_arm[3];           /* duration price per GB-s, by tier */
  double tier_gb_s_x86[2], tier_gb_s_arm[2]; /* tier upper bounds (GB-s per month) */
  double pc_gb_s_x86, pc_gb_s_arm;           /* provisioned concurrency, configured, per GB-s */
  double pc_exec_gb_s_x86, pc_exec_gb_s_arm; /* executions on provisioned envs, per GB-s */
  sls_time pc_unit;                          /* PC billing unit (5 min) */
  double apigw_http_usd, apigw_rest_usd;     /* per request (first tier) */
  int free_tier;                             /* 1: subtract the monthly free tier */
  double free_requests, free_gb_s;
  char *source;
} sls_price_spec;

typedef struct sls_scenario {
  char *path; /* file it was read from */
  char *text; /* the file's text, stored with the results */
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

struct sls_env {
  sls_env *prev, *next; /* idle list links (on-demand) or free/PC stack (next only) */
  sls_function *fn;
  sls_request *req;     /* request being served, NULL when idle */
  sls_event *expire_ev; /* per-environment keep-alive event (non-constant keep-alive) */
  sls_time born;        /* creation time (ns) */
  sls_time idle_since;  /* start of the current idle period (ns) */
  sls_time retire_at;   /* recycled at or after this time (ns) */
  int provisioned;      /* 1: a provisioned-concurrency environment */
};

struct sls_request {
  struct sls_source *src;
  sls_request *next_free; /* pool link */
  sls_time t0;            /* first attempt (ns): latency is measured from here */
  int attempt;            /* 0 for the first attempt */
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
  sls_hist latency;        /* client-observed latency of completed requests (ns) */
  sls_hist init_latency;   /* cold-start wait (ns) */
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
  sls_fn_stats st;
  uint64_t ts_cur[SLS_TS_COLD_STARTS + 1]; /* counters of the current sample interval */
  double *ts;                              /* n_samples x SLS_TS_NCOLS, row-major */
};

typedef struct sls_source {
  sls_source_spec *spec;
  sls_function *fn;
  gsl_rng *r_arrival, *r_retry, *r_gateway;
  int piece;            /* piecewise: current segment */
  int64_t emitted;      /* batch: requests generated so far */
  uint64_t arrivals;    /* requests generated */
  uint64_t gw_requests; /* API Gateway requests (attempts incl. retries) */
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
  sls_pool env_pool, req_pool;
  uint64_t inflight;        /* requests not yet ended (in gateway, waiting, running) */
  size_t n_samples;         /* time-series rows */
  size_t sample_k;          /* next row to fill */
  sls_progress_fn progress; /* optional, called at sample points */
  void *progress_ctx;
  double wall_s; /* wall-clock run time (set by sls_world_run) */
};

/*
 * Builds a world for sc (which must outlive it) with the given run seed.  Returns NULL and a
 * message in err (SLS_ERRLEN bytes) when the scenario cannot be simulated (e.g. reservations
 * over the account limit).
 */
sls_world *sls_world_alloc(const sls_scenario *sc, uint64_t seed, char *err);
void sls_world_free(sls_world *w);
/* Runs to the scenario's duration, then drains in-flight requests.  Returns 0. */
int sls_world_run(sls_world *w);

/* Conservation: every request ended in exactly one outcome.  Returns 1 when it holds for
 * every function, else 0 and a description in err. */
int sls_world_conserved(const sls_world *w, char *err);
/* Mean concurrency of f over [0, duration] (busy + initializing); valid after the run. */
double sls_function_mean_concurrency(const sls_function *f, sls_time duration);

#endif
