/*
 * h5 — the results file (layout in docs/hdf5-layout.md).
 *
 * sls_h5_write writes everything a run produced to OUT.tmp.PID and renames it to OUT only
 * when complete, so a crash never leaves a half-written file under the final name.  An
 * existing OUT is replaced only with force.  The readers return what `report` and `plot`
 * need.
 */
#ifndef SLS_H5_H
#define SLS_H5_H

#include <stdint.h>

#include "cost/cost.h"
#include "io/publish.h"
#include "io/text.h"
#include "model/world.h"

struct sls_study;

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
} sls_queue_row;

/* One row of /summary/sources. */
typedef struct sls_source_row {
  char name[SLS_NAME_FIELD];
  char target[SLS_NAME_FIELD];
  uint64_t arrivals, invocations, cold_starts, gw_requests;
  double cold_start_pct; /* cold starts per 100 of its invocations */
} sls_source_row;

/* One row of /summary/downstreams. */
typedef struct sls_ds_row {
  char name[SLS_NAME_FIELD];
  char mode[16];
  uint64_t calls, failed_calls, refusals, collapses;
  double down_s, peak_connections, peak_active_calls, mean_connections;
} sls_ds_row;

/* Run-level attributes of the root group. */
typedef struct sls_run_info {
  char version[32];
  char scenario[128];
  char status[32];        /* "ok" or "conservation-violated" */
  char conservation[512]; /* the check's message */
  uint64_t seed;
  double duration_s, sample_interval_s, wall_s;
  uint64_t events;
  uint64_t peak_pending;
  double month_factor;  /* the bill's lines are usage x this (30-day month / billed span) */
  double billed_span_s; /* duration, or the whole run when the drain limit cut off work in flight */
  char pricing[SLS_NAME_FIELD], pricing_date[SLS_LABEL_MAX + 1];
  int free_tier;
} sls_run_info;

/* Fills a summary row for queue i of a finished world. */
void sls_h5_queue_row(const sls_world *w, int i, sls_queue_row *row);
/* Fills a summary row for downstream i of a finished world. */
void sls_h5_ds_row(const sls_world *w, int i, sls_ds_row *row);
/* Fills a summary row for function i of a finished world. */
void sls_h5_fn_row(const sls_world *w, int i, const sls_cost_line *lines, int n_lines, sls_fn_row *row);

/* Writes the results of w to out (through io/publish: complete or not at all).  Returns 0,
 * SLS_EEXIST when out exists and !force (or appeared while writing), or SLS_EIO with a message
 * naming the errno in err. */
int sls_h5_write(const char *out, int force, const sls_world *w, char *err);
/* Writes into pub's temporary file and publishes it (sls_publish_commit): a run (w, or NULL), a
 * study (st, or NULL), and the scenario's inputs from w or else from sc (or neither).  On
 * failure the temporary file is removed. */
int sls_h5_publish(sls_publish *pub, const sls_world *w, const sls_scenario *sc, const struct sls_study *st,
                   char *err);

/* Reads the run info, the summary rows (malloc'd) and the cost lines (malloc'd). */
int sls_h5_read_summary(const char *path, sls_run_info *info, sls_fn_row **rows, int *n_rows,
                        sls_cost_line **lines, int *n_lines, char *err);
/* Reads /cost_alternatives (malloc'd; n = 0 when absent). */
int sls_h5_read_alternatives(const char *path, sls_alt_line **rows, int *n, char *err);
/* Reads /summary/sources (malloc'd). */
int sls_h5_read_sources(const char *path, sls_source_row **rows, int *n, char *err);
/* Reads /summary/queues and /summary/downstreams (malloc'd; n = 0 when absent). */
int sls_h5_read_queues(const char *path, sls_queue_row **rows, int *n, sls_ds_row **drows, int *nd,
                       char *err);
/* Reads the time series group/name ("timeseries", "queue_timeseries" or
 * "downstream_timeseries") as a malloc'd n_rows x (1 + n_cols) matrix of doubles: t_s, then
 * the columns named cols in that order (a column the file lacks reads as 0). */
int sls_h5_read_columns(const char *path, const char *group, const char *name, const char *const *cols,
                        int n_cols, double **data, int *n_rows, char *err);
/* Reads /latency/<fn> into a histogram (caller destroys). */
int sls_h5_read_latency(const char *path, const char *fn, const char *group, sls_hist *h, char *err);

/* Silences HDF5's automatic error printing (errors are reported through err). */
void sls_h5_quiet(void);

#endif
