/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * core — the run-time state every part of the model shares, and the kernel the parts build on:
 * object pools, time-weighted levels, jobs (one invocation's request, from first attempt to
 * end) and their owners.
 *
 * A job is created by its owner — a source's client (sync), Lambda's asynchronous queue, an
 * event source mapping (a batch) — and invoked through model/function.h, which runs it and hands
 * it back through job->ops: throttled (over a limit: retry, back off or give up) or done (the
 * invocation ended: ok, error or timeout).  The function module never knows who owns a job, so
 * it depends on no owner; owners depend on it.
 *
 *   spec.h <- core.h <- downstream.h <- function.h <- queue.h, source.h <- target.h <- world.h
 */
#ifndef SLS_CORE_H
#define SLS_CORE_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "engine/rng.h"
#include "engine/sim.h"
#include "engine/util.h"
#include "model/dist.h"
#include "model/spec.h"
#include "stats/hist.h"
#include "stats/series.h"

typedef enum { SLS_JOB_SYNC, SLS_JOB_ASYNC, SLS_JOB_BATCH } sls_job_kind;

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
typedef struct sls_job_ops sls_job_ops;

/* ---- root requests: work traced through the graph ----
 * Every arrival of a source is a root request; every piece of work it causes — a job, a message,
 * a delivery on its way — holds its root, and lets go when it ends.  When the last one lets go
 * the root is complete: its completion latency runs to the end of its last piece of work, and
 * the breakdown of that piece's path is the root's critical path.  A path partitions the time
 * since the root arrived: every nanosecond is waiting (for concurrency, in a queue, for a retry,
 * in delivery), a cold start, running, or in downstream calls. */
enum { SLS_PATH_WAIT, SLS_PATH_COLD, SLS_PATH_RUN, SLS_PATH_DOWNSTREAM, SLS_PATH_N };
typedef struct sls_path {
  sls_time t[SLS_PATH_N]; /* ns in each category */
} sls_path;

/* How a piece of work ended, for its root's outcome. */
enum { SLS_END_OK, SLS_END_FAILED, SLS_END_DROPPED };

typedef struct sls_root {
  struct sls_root *next_free; /* pool link (must stay first) */
  struct sls_source *src;     /* the source whose arrival it is */
  sls_time t0;                /* arrival (ns) */
  sls_time responded;         /* when the caller had its answer (ns), -1 until then */
  sls_time end;               /* the latest end of its work so far (ns) */
  int64_t pending;            /* its pieces of work not yet ended */
  int failed;                 /* a piece of work failed for good (lost) */
  int dropped;                /* a piece of work went to a dead-letter queue or destination */
  sls_path crit;              /* the path of the piece that ended last */
  struct sls_joinslot *slots; /* its waits at fan-in joins (model/join.c) */
} sls_root;

/* What a source's requests used, for the cost per root request (cost/cost.h). */
typedef struct sls_usage {
  /* doubles and arrays of doubles only (world.c subtracts the warm-up's as an array); what
   * every Lambda invocation adds first */
  double lambda_requests;           /* invocations (a batch's shared by its messages) */
  double gb_s[2];                   /* on-demand billed GB-s, [x86_64, arm64] */
  double log_gb, nat_gb, egress_gb; /* per-invocation CloudWatch Logs, NAT, internet egress (GB) */
  double pc_gb_s[2];                /* GB-s billed at the provisioned execution rate */
  double sqs_requests[2];           /* [standard, FIFO]: sends, and a batch's receives and deletes shared */
  double sns_requests;              /* SNS publishes (64 KB chunks) */
  double eb_events;                 /* EventBridge custom events (64 KB chunks) */
  double api_invocations;           /* EventBridge API destination invocations */
  double sfn_transitions;           /* Step Functions Standard state transitions */
  double sfn_express_requests;      /* Step Functions Express executions */
  double sfn_express_gb_s;          /* ... their billed GB-s (100 ms units, 64 MB steps) */
  double compute_usd;               /* on a platform that does not bill as Lambda does: its requests and the
                                       requests' own time at its vCPU-s and GiB-s rates (a marginal estimate) */
} sls_usage;

/* Where an environment is (several requests per instance): idle, provisioned and idle, ready with
 * room (in its function's by_load list), in its cold start with room, or in none (full, or
 * draining after its lifetime). */
enum { SLS_ENV_IN_NONE, SLS_ENV_IN_IDLE, SLS_ENV_IN_PC, SLS_ENV_IN_LOAD, SLS_ENV_IN_STARTING };

struct sls_env {
  /* what a request's arrival and end read, in its first cache line (pools align it) */
  sls_env *prev, *next; /* idle list links (on-demand) or free/PC stack (next only); with several
                           requests per instance also the lists by load (function.c) */
  sls_function *fn;
  sls_request *req;    /* job being served, NULL when idle (one request per environment) */
  sls_time idle_since; /* start of the current idle period (ns) */
  sls_time retire_at;  /* recycled at or after this time (ns) */
  int provisioned;     /* 1: a provisioned-concurrency environment */
  int version;         /* its function's version when it was made (a deploy makes a new one) */
  /* several requests per instance (instance_concurrency > 1 or a request queue; function.c) */
  int n;     /* requests on it (running or waiting for its cold start) */
  int where; /* the list it is in: SLS_ENV_IN_* */
  /* the rest */
  sls_event *expire_ev;  /* per-environment keep-alive timer (non-constant keep-alive; lazy: it
                            may be pending while the environment is busy, function.c idle_push) */
  sls_time expire_at;    /* idle: the end of its keep-alive (non-constant keep-alive) (ns) */
  sls_time timer_at;     /* when expire_ev is due (ns) */
  sls_time born;         /* creation time (ns) */
  sls_time ready_at;     /* end of its cold start (ns) */
  sls_time active_since; /* since when it has had a request (ns) */
  struct sls_ps *cpu;    /* its requests in their CPU part, sharing its vCPUs; NULL when they never
                            contend (model/ps.h) */
  struct sls_host *host; /* the capacity provider's instance it is on, or NULL (model/capacity.h) */
};

/* An SQS message (model/queue.h), with the root request it belongs to. */
struct sls_msg {
  sls_msg *next;       /* list link (queue, group or batch) — must stay first for the pool */
  sls_time sent;       /* first sent (ns): end-to-end latency is measured from here */
  sls_time visible_at; /* when it became (or becomes) visible (ns) */
  int receives;        /* times received */
  int group;           /* FIFO message group */
  sls_root *root;      /* the root request it belongs to, or NULL */
  sls_path path;       /* its path since the root arrived, accounted up to mark */
  sls_time mark;       /* (ns) */
};

/* A job: one synchronous request, one asynchronous event or one SQS batch, from its first
 * attempt to its end, with the state of its current invocation. */
struct sls_request {
  /* what an invocation's start and end read, in its first two cache lines (pools align them) */
  sls_request *next_free; /* pool link (must stay first) */
  sls_function *fn;       /* the function it invokes */
  sls_env *env;           /* the current invocation's environment */
  sls_root *root;         /* sync, async: the root request it serves (a batch's are its messages') */
  const sls_job_ops *ops; /* its owner's: what a throttle and the end do */
  struct sls_source *src; /* sync/async: where it came from */
  sls_time t0;            /* first attempt (ns): latency is measured from here */
  sls_time run_start;     /* end of the cold start: execution begins (ns) */
  sls_time billed_init;   /* INIT time billed with this invocation (ns) */
  sls_time mark;          /* (ns) */
  sls_path path;          /* its path since the root arrived, accounted up to mark */
  sls_job_kind kind;
  int outcome;             /* decided at start: 0 ok, 1 error (timeouts are found on the way) */
  int in_calls;            /* the current invocation is in its downstream calls */
  int connected;           /* holds a downstream connection */
  sls_time compute;        /* compute part of the run (ns) */
  sls_time fixed_duration; /* the duration a trace recorded for this invocation (ns), -1 = draw one */
  sls_event *timeout_ev;   /* kills the invocation at the timeout while it waits on a downstream */
  sls_event *phase_ev;     /* the event that continues it, NULL when none is pending */
  double billed_gb_s;      /* the last invocation's billed GB-s */
  sls_time inv_t0;         /* the current invocation reached its function (ns) */
  int billed_pc;           /* ... billed at the provisioned execution rate */
  int attempt; /* 0 for the first attempt (sync: client retries; async, batch: platform retries) */
  int phase;   /* SLS_PHASE_* */
  int in_cpu;  /* several requests per instance: it is in its instance's processor sharing */
  /* the rest */
  sls_esm *esm;        /* batch: the mapping that polled it */
  int esm_epoch;       /* batch: its mapping's pollers then (a deploy starts new ones: queue.c) */
  sls_msg *msgs;       /* batch: its messages (linked), in flight */
  int n_msgs;          /* batch: messages */
  int n_failed;        /* batch: messages reported failed (ReportBatchItemFailures) */
  sls_time visible_at; /* batch: when its messages become visible again (ns) */
  int group;           /* batch: its FIFO message group, -1 for a standard queue */
  int errors;          /* async: failed invocations so far */
  double ds_work;      /* downstream work: sum of the calls' base latencies (ns) */
  double ps_finish;    /* downstream: virtual finish time (ns of work) */
  size_t ps_idx;       /* downstream: heap index, SIZE_MAX when not in a call */
  sls_request *q_next; /* the FIFO it waits in (sls_jobq: a downstream's pool, a request queue) */
  /* an invocation of a function that emits (model/emit.c): where it is in its phases */
  int emit_k;          /* the emission being sent */
  int emit_left;       /* its items left (for the current message of a batch) */
  sls_msg *emit_msg;   /* a batch: the message whose items are being sent */
  sls_request *caller; /* a sync callee: the invocation waiting for it, NULL once it has gone */
  sls_request *callee; /* a caller: the sync callee it waits for, or NULL */
  int sdk_attempt;     /* a sync callee: the caller's SDK attempts so far */
  int n_calls;         /* the current invocation's downstream calls */
  void *owner;         /* a state machine's task: the token waiting for it (model/sfn.c), or NULL */
  /* several requests per instance (function.c) */
  double cpu_work;   /* the CPU part of its compute, at its speed alone on the instance (ns) */
  sls_event_fn cont; /* what runs when its compute ends, and with what arg */
  int64_t cont_arg;
  sls_time pend_since; /* it waits in its function's request queue since (ns) */
};

/* A FIFO of jobs linked through q_next (a job waits in at most one at a time). */
typedef struct sls_jobq {
  sls_request *head, *tail;
  int64_t n;
} sls_jobq;

static inline void sls_jobq_push(sls_jobq *q, sls_request *j) {
  j->q_next = NULL;
  if (q->tail)
    q->tail->q_next = j;
  else
    q->head = j;
  q->tail = j;
  q->n++;
}

static inline sls_request *sls_jobq_pop(sls_jobq *q) {
  sls_request *j = q->head;
  q->head = j->q_next;
  if (!q->head) q->tail = NULL;
  j->q_next = NULL;
  q->n--;
  return j;
}

/* Takes j out of q wherever it is (a linear search); 0 when it is not there. */
static inline int sls_jobq_remove(sls_jobq *q, sls_request *j) {
  sls_request **pp = &q->head, *prev = NULL;
  while (*pp && *pp != j) {
    prev = *pp;
    pp = &(*pp)->q_next;
  }
  if (!*pp) return 0;
  *pp = j->q_next;
  if (q->tail == j) q->tail = prev;
  j->q_next = NULL;
  q->n--;
  return 1;
}

/* The phases of an invocation of a function that emits (model/emit.c). */
enum {
  SLS_PHASE_START,   /* emissions at the start */
  SLS_PHASE_COMPUTE, /* the handler's compute */
  SLS_PHASE_AFTER,   /* emissions after compute */
  SLS_PHASE_CALLS,   /* downstream calls */
  SLS_PHASE_END,     /* emissions at the end (when it succeeds) */
  SLS_PHASE_DONE
};

/* Per-function counters.  Conservation: requests = ok + errors + timeouts + throttled
 * (+ requests still in flight, 0 after the drain). */
typedef struct sls_fn_stats {
  /* what every request changes first (sls_function: its hot lines) */
  sls_hist latency;     /* client-observed latency of completed sync requests (ns) */
  uint64_t requests;    /* client requests (first attempts) */
  uint64_t attempts;    /* attempts reaching the platform (incl. retries) */
  uint64_t invocations; /* attempts that ran */
  uint64_t ok;
  uint64_t billed_ms;         /* on-demand billed duration (incl. billed INIT) */
  uint64_t billed_init_ms;    /* of which INIT */
  uint64_t billed_mb_ms;      /* billed ms x memory (MB) at the time, on demand (incl. INIT) ... */
  uint64_t billed_init_mb_ms; /* ... of which INIT */
  uint64_t errors, timeouts;
  uint64_t throttled; /* requests that ended throttled after all retries */
  uint64_t throttles; /* 429 responses (attempt level) */
  uint64_t retries;   /* retry attempts made */
  uint64_t cold_starts;
  uint64_t pc_invocations; /* invocations served by provisioned environments */
  uint64_t expired, recycled, envs_created;
  uint64_t pc_billed_ms; /* duration billed at the provisioned execution rate */
  uint64_t gw_requests;  /* API Gateway requests */
  uint64_t unfinished;   /* sync requests still in flight when the drain limit stopped the run */
  uint64_t async_events, async_ok, async_failed, async_expired, async_retries, async_unfinished;
  uint64_t batch_invocations;        /* invocations by event source mappings */
  uint64_t emitted[5];               /* items it sent, by sls_emit_kind */
  uint64_t sync_calls, sync_failed;  /* sync invocations of other functions it made; of which failed */
  uint64_t inv_errors, inv_timeouts; /* invocation-level failures of every kind */
  uint64_t queued;                   /* attempts that waited in the request queue */
  uint64_t queue_timeouts;           /* ... and were throttled at its timeout */
  uint64_t pending;                  /* attempts still in the request queue at the end */
  uint64_t cold_waits;               /* invocations that waited for a cold start (their own or another's) */
  uint64_t deploys;                  /* versions deployed (events) */
  double active_s, pc_active_s; /* instance time with a request, in billed periods (compute billing ACTIVE) */
  sls_hist async_latency;       /* asynchronous events: accepted -> processed successfully (ns) */
  sls_hist init_latency;        /* cold-start wait (ns) */
  sls_hist inv_latency; /* invocations of asynchronous events and batches: from reaching the function to
                           the end, its cold start included (ns); sync requests have `latency` */
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
  SLS_TS_PC_MEAN, /* provisioned concurrency configured (events, autoscaling change it) */
  SLS_TS_NCOLS
};
extern const char *const sls_ts_names[SLS_TS_NCOLS];

struct sls_function {
  /* What an invocation reads and writes (on_attempt, run_on, on_complete, the idle list, the
   * request's counters) comes first, together: with 10,000 functions (bench (c)) a function is out
   * of cache at each of its requests, and each line its fields spread over is a miss. */
  sls_function_spec *spec;
  gsl_rng *r_duration, *r_keepalive, *r_error;
  sls_stream s_duration, s_keepalive; /* r_duration's and r_keepalive's streams */
  sls_env *idle_head;                 /* least recently used idle on-demand environment */
  sls_env *idle_tail;                 /* most recently used */
  sls_env *pc_idle;                   /* stack of idle provisioned environments */
  int64_t od_active;                  /* on-demand environments busy or initializing */
  int64_t reserved;                   /* reserved concurrency, -1 = none (a timeline may change it) */
  int64_t pc_conf;                    /* provisioned concurrency configured (counted and billed) */
  sls_event *expire_ev;               /* FIFO keep-alive timer (constant keep-alive) */
  sls_downstream *ds;                 /* the downstream it calls, NULL = none */
  int multi;                          /* 1: the general dispatch (0: one request per environment, no queue) */
  int contended;          /* 1: requests on an instance slow each other down (processor sharing) */
  int version;            /* deploys so far */
  int memory_mb;          /* its memory now (an event may change it) */
  double error_rate;      /* probability an invocation fails */
  double duration_factor; /* durations are multiplied by this */
  double speed_ratio;     /* CPU speed at memory_mb relative to ref_memory_mb */
  sls_time timeout;       /* its timeout now (an event may change it) */
  uint64_t sync_inflight, async_inflight;  /* jobs not yet ended */
  const sls_compute_price *compute;        /* how its platform bills compute (the scenario's pricing) */
  uint64_t ts_cur[SLS_TS_COLD_STARTS + 1]; /* counters of the current sample interval */
  sls_level conc, idle;                    /* concurrency (busy + initializing), idle on-demand */
  sls_fn_stats st;                         /* its hot counters and latency histogram first */
  /* the rest */
  int index;
  gsl_rng *r_init, *r_lifetime;
  int64_t pc_busy;          /* provisioned environments busy */
  double tokens;            /* scaling token bucket (2023 mode) */
  double refill;            /* ... its refill (1/s): an HTTP-reached function's, or refill_non_http */
  sls_time tokens_t;        /* last refill (ns) */
  sls_level pcb;            /* PC busy */
  sls_level alive;          /* instances alive: starting, busy or idle, on-demand and provisioned */
  double alive_area_run;    /* integral of alive over [0, duration] (level*ns), set at the end */
  double conc_area_run;     /* integral of conc over [0, duration] (level*ns), set at the end */
  double idle_area_run;     /* integral of idle over [0, duration] (level*ns), set at the end */
  sls_series *ts;           /* n_samples x SLS_TS_NCOLS (stats/series.h), NULL for none */
  struct sls_capacity *cap; /* the capacity provider it runs on, NULL = none */
  gsl_rng *r_message;       /* per-message times and failures */
  gsl_rng *r_async;         /* async retry jitter */
  gsl_rng *r_emit;          /* emissions: items, API latencies, SDK retries */
  /* several requests per instance, or a request queue (function.c) */
  double vcpus, v_alone;     /* an instance's vCPUs; those one request can use alone */
  int room_n;                /* the most requests an instance takes: C, or fewer with cpu_admission */
  sls_env **by_load;         /* ready instances with room, by requests on them: [1, C) */
  int top;                   /* no ready instance with room has more than top requests */
  sls_env *starting;         /* instances in their cold start with room, oldest first ... */
  sls_env *starting_tail;    /* ... and the newest */
  sls_jobq pend;             /* the request queue, oldest first */
  sls_event *pend_ev;        /* the queue's head times out, or a scaling token comes */
  struct sls_ps **cpu_all;   /* processor-sharing states of its instances, all ever made ... */
  struct sls_ps **cpu_spare; /* ... and those of freed instances, for reuse */
  int n_cpu_all, n_cpu_spare;
  int target_n;       /* requests on an instance the autoscaler aims at (scale_target x C) */
  int bg_starting;    /* instances the autoscaler is starting */
  int64_t over;       /* requests on instances above the target (scale_target) */
  double *scale_area; /* the windowed autoscaler: conc's total area at its last decisions (a ring) */
  int scale_n, scale_k;
  /* what a timeline changes (model/timeline.c); from the spec at the start (and above) */
  int64_t pc_envs;        /* provisioned environments of the current version (idle or busy) */
  int64_t pc_pending;     /* ... being allocated (usable at pc_alloc_ev) */
  int64_t pc_excess;      /* ... to free when they next finish (pc_conf was lowered) */
  sls_event *pc_alloc_ev; /* the allocation under way */
  sls_level pcc;          /* pc_conf over time */
  double pcc_area_run;    /* its integral over [0, duration] (environments x ns) */
  int pc_varied;          /* pc_conf changed during the run (billed by its integral) */
  int mem_changed;        /* memory changed during the run: GB-s from the MB-weighted counters */
  double idle_mb_ns;      /* idle environment memory x time before the last change (MB x ns) */
  double idle_area_mark;  /* the idle level's area at the last change */
  double idle_mb_run;     /* idle memory x time over [0, duration] (MB x ns), set at the end */
  struct sls_pcas *pcas;  /* its provisioned-concurrency autoscaler, or NULL */
};

typedef struct sls_source {
  /* what each of its arrivals reads and writes first (a Poisson source's request, answered by
   * its function): with 10,000 sources (bench (c)) each line they spread over is a miss */
  sls_source_spec *spec;
  sls_function *fn; /* target function, or NULL */
  gsl_rng *r_arrival;
  sls_stream s_arrival;   /* r_arrival's stream */
  sls_time next_duration; /* trace times: duration of the arrival scheduled next (ns), -1 = none */
  uint64_t arrivals;      /* requests generated */
  uint64_t invocations;   /* invocations of its requests (attempts that ran) */
  int direct;             /* its roots are single requests (sls_root_direct) */
  int fn_latency_mine;    /* it is the only source of its function's sync requests */
  /* its root requests */
  uint64_t roots_live;                  /* not complete yet */
  uint64_t roots_done;                  /* complete: ... */
  uint64_t roots_failed, roots_dropped; /* ... of which some work failed for good; else some was
                                         * dead-lettered (the rest succeeded) */
  double crit_ns[SLS_PATH_N];           /* sums over complete roots of their critical paths (ns) */
  sls_usage use;
  /* the rest */
  gsl_rng *r_retry, *r_gateway;
  int piece;            /* piecewise: current segment */
  int64_t emitted;      /* batch: requests generated so far */
  int state;            /* mmpp: current state */
  sls_time state_end;   /* mmpp: when it is left (ns) */
  int64_t firing;       /* schedule: firings so far */
  sls_time firing_at;   /* schedule: time of the current firing (ns) */
  int minute;           /* trace counts: current minute */
  uint32_t left;        /* trace counts: arrivals left in it */
  uint32_t minute_n;    /* trace counts: arrivals in it */
  double u_prev;        /* trace counts: previous uniform order statistic in it */
  uint64_t gw_requests; /* API Gateway requests (attempts incl. retries) */
  uint64_t cold_starts; /* invocations of its requests that waited for a cold start */
  uint64_t wf_100ms;    /* Express workflow: executions' durations in 100 ms units, rounded up */
  /* Latencies from arrival to the caller's answer (response) and to the end of the last work it
   * caused (completion), in three histograms so that the common root — one request answered when
   * its work ends — records one value: response = same + response_only, completion = same +
   * completion_only, and + its function's latency histogram when fn_latency_mine (whose
   * requests then are not recorded in same again) (sls_source_latencies). */
  sls_hist same, response_only, completion_only;
} sls_source;

/* Functions above which their hot lines (function, spec, source: about 900 bytes each) outgrow
 * a core's 512 KiB L2 (the project's EPYC VM). */
#define SLS_SCATTERED_FUNCTIONS 512
/* Whether w's functions are that many: its handlers then fetch the lines a request will read at
 * its start (sls_prefetch). */
#define SLS_SCATTERED(w) ((w)->n_functions > SLS_SCATTERED_FUNCTIONS)

/* The hot lines' length (what sls_prefetch fetches): a function's (up to its stats' errors), a
 * source's (up to its usage's pc_gb_s), their specs' (up to the first field of "the rest"). */
#define SLS_FUNCTION_HOT (offsetof(sls_function, st) + offsetof(sls_fn_stats, errors))
#define SLS_SOURCE_HOT (offsetof(sls_source, use) + offsetof(sls_usage, pc_gb_s))
#define SLS_FUNCTION_SPEC_HOT offsetof(sls_function_spec, name)
#define SLS_SOURCE_SPEC_HOT offsetof(sls_source_spec, name)

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
  int64_t reserved_total;        /* sum of reservations */
  int64_t unreserved_used;       /* concurrency used by functions without a reservation */
  int64_t pend_total;            /* requests in the functions' request queues */
  int64_t conc_limit;            /* the account's concurrency limit now (events change it) */
  int64_t pc_unreserved;         /* provisioned concurrency of functions without a reservation */
  struct sls_timeline *timeline; /* the changes over time (model/timeline.h), or NULL */
  double acct_tokens;            /* legacy account-wide token bucket */
  sls_time acct_tokens_t;
  sls_pool env_pool, req_pool, msg_pool, root_pool, dlv_pool, slot_pool, ebd_pool;
  struct sls_topic *topics;
  int n_topics;
  struct sls_bus *buses;
  int n_buses;
  struct sls_join *joins;
  int n_joins;
  struct sls_machine *machines;
  int n_machines;
  struct sls_sfn_rt *sfn;             /* the machines' pools and the account's Step Functions buckets */
  uint64_t in_delivery[SLS_TARGET_N]; /* items on their way (sls_deliver_after), by kind */
  void (*root_done)(sls_world *w, sls_root *r); /* a root completes: its joins' waits go (or NULL) */
  sls_queue *queues;
  int n_queues;
  sls_esm *esms;
  int n_esms;
  sls_downstream *downstreams;
  int n_downstreams;
  struct sls_capacity *caps; /* capacity providers (model/capacity.h) */
  int n_caps;
  uint64_t inflight;        /* jobs and messages not yet ended: the run drains them */
  int closed;               /* 1 once simulated time has passed `duration` */
  size_t n_samples;         /* time-series rows */
  size_t sample_k;          /* next row to fill */
  sls_series_set series;    /* every time series, in bounded memory */
  sls_progress_fn progress; /* optional, called every few thousand events (it paces itself) */
  void *progress_ctx;
  double wall_s;         /* wall-clock run time (set by sls_world_run) */
  sls_limits limits;     /* set by the caller; all 0 by default */
  int64_t hist_bytes;    /* what its histograms hold, kept during the run (sls_hist_account) */
  const char *stopped;   /* why the run stopped before its end ("events", "wall", "memory"), or NULL */
  sls_time billed_span;  /* the span the bill projects to a month: duration, or the whole run when
                            drain_limit cut off work still in flight (not a steady state) */
  struct sls_warm *warm; /* the statistics as they were at the warm-up's end (world.c), or NULL */
  int conserved_known;   /* conservation was checked at the end of the run, before the warm-up was
                            taken out of the statistics: ... */
  int conserved_ok;      /* ... its verdict and message */
  char conserved_msg[SLS_ERRLEN];
};

/* ---- the kernel ---- */

void *sls_pool_get(sls_pool *p);
void sls_pool_put(sls_pool *p, void *obj);
void sls_pool_init(sls_pool *p, size_t size);
void sls_pool_destroy(sls_pool *p);
/* Bytes the pool holds (its blocks). */
double sls_pool_bytes(const sls_pool *p);
/* The level changes by delta at now (0: brings its area up to now).  Inline: a request changes
 * two to four levels (concurrency, idle environments) and the call was 3-4 % of bench (a). */
static inline void sls_level_add(sls_level *l, sls_time now, int64_t delta) {
  double a = (double)l->value * (double)(now - l->last);
  l->area += a;
  l->total_area += a;
  l->last = now;
  l->value += delta;
  if (l->value > l->peak) l->peak = l->value;
  if (l->value > l->peak_all) l->peak_all = l->value;
}
double sls_level_sample(sls_level *l, sls_time now, sls_time since, int64_t *peak);

/* What a job's owner does when its invocation is throttled, and when it ends (outcome 0 ok,
 * 1 error, 2 timeout). */
struct sls_job_ops {
  void (*throttled)(sls_world *w, sls_request *job);
  void (*done)(sls_world *w, sls_request *job, int outcome);
};

/* ---- targets: where work is delivered ----
 * Every piece of work that leaves one part of the model for another goes through sls_deliver
 * (model/target.c), so the parts do not call each other: a function's failed events, a source's
 * arrivals and (later) emissions, topics and buses all deliver to a target. */
/* What is delivered, beyond where. */
typedef struct sls_item {
  sls_root *root;          /* the root request it belongs to, or NULL (the receiver holds it) */
  sls_path path;           /* its path since the root arrived */
  int group;               /* FIFO message group (queues) */
  struct sls_source *src;  /* the source it comes from, or NULL */
  sls_time fixed_duration; /* a trace's recorded duration for the invocation (ns), -1 = draw one */
  int event_type;          /* its event type (topics, buses), -1 = none */
  double kb;               /* its size (64 KB billing chunks), 0 = the receiver's default */
  double send_requests;    /* SQS: requests to bill for it, -1 = one per 64 KB (a batch bills less) */
} sls_item;

/* An item with its defaults: untraced, no group, no type. */
#define SLS_ITEM_INIT                                                                                        \
  {                                                                                                          \
    .root = NULL, .group = 0, .src = NULL, .fixed_duration = -1, .event_type = -1, .kb = 0,                  \
    .send_requests = -1                                                                                      \
  }

/* Delivers item to t now (model/target.c); the receiver holds item->root for what it starts. */
void sls_deliver(sls_world *w, sls_target t, const sls_item *item);
/* Delivers item to t after delay ns, accounted on its path in category cat (SLS_PATH_*); the
 * item holds its root while on its way. */
void sls_deliver_after(sls_world *w, sls_target t, const sls_item *item, sls_time delay, int cat);
/* The fan-out of root r expects n more arrivals at join j (model/target.c, for model/join.h). */
void sls_join_count(sls_world *w, int j, sls_root *r, int64_t n);
/* Bytes of one item on its way (for its pool). */
size_t sls_delivery_size(void);

/* src's response and completion latency histograms (ns), into two fresh ones the caller
 * destroys. */
void sls_source_latencies(const struct sls_source *src, sls_hist *response, sls_hist *completion);
/* Whether a filter (a subscription's, a rule's) takes an event of type t: listed (or no list),
 * then with its probability (drawn from r). */
int sls_filter_matches(const int *types, int n_types, double probability, int t, gsl_rng *r);
/* A new root request of src arriving now (from the root pool). */
sls_root *sls_root_new(sls_world *w, struct sls_source *src);
/* A piece of work of r begins (r may be NULL: untraced). */
static inline void sls_root_hold(sls_root *r) {
  if (r) r->pending++;
}
/* A piece of work of r ended now, outcome SLS_END_*, with path p (from r's arrival to now).  The
 * last one completes r and frees it. */
void sls_root_release(sls_world *w, sls_root *r, const sls_path *p, int outcome);
/* A root request of src that was one piece of work, answered when it ended (a synchronous
 * request to a function that causes no other work): accounted at once, without a root object —
 * the common case stays as cheap as it was.  Arrived at t0, ended now with path p.
 * in_fn_latency: its latency is already in its function's latency histogram, which src alone
 * feeds (src->fn_latency_mine): it is not recorded twice. */
void sls_root_direct(sls_world *w, struct sls_source *src, sls_time t0, const sls_path *p, int outcome,
                     int in_fn_latency);
/* r's caller has its answer now. */
void sls_root_respond(sls_world *w, sls_root *r);
/* Accounts path p up to now in category cat (SLS_PATH_*). */
static inline void sls_path_to(sls_path *p, sls_time *mark, int cat, sls_time now) {
  p->t[cat] += now - *mark;
  *mark = now;
}
/* dst += src */
static inline void sls_path_add(sls_path *dst, const sls_path *src) {
  for (int i = 0; i < SLS_PATH_N; i++)
    dst->t[i] += src->t[i];
}

/* A new job for f (from the request pool; counted in w->inflight), owned by ops. */
sls_request *sls_job_new(sls_world *w, sls_job_kind kind, sls_function *f, const sls_job_ops *ops);
/* Frees a job that has ended. */
void sls_job_end(sls_world *w, sls_request *job);

#endif
