/* SPDX-License-Identifier: GPL-3.0-or-later */
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

#include <stddef.h>
#include <stdint.h>

#include "cost/cost.h"
#include "engine/text.h"
#include "io/publish.h"
#include "model/world.h"
#include "study/rows.h"
#include "study/study.h"

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
  int bill_span;   /* 1: the bill is of the span simulated (bill_period "span"), not a projected month */
  double warmup_s; /* the summary counts from here (0: the whole run) */
} sls_run_info;

/* Writes the results of w to out (through io/publish: complete or not at all).  Returns 0,
 * SLS_EEXIST when out exists and !force (or appeared while writing), or SLS_EIO with a message
 * naming the errno in err. */
int sls_h5_write(const char *out, int force, const sls_world *w, char *err);
/* Writes into pub's temporary file and publishes it (sls_publish_commit): a run (w, or NULL), a
 * study (st, or NULL), and the scenario's inputs from w or else from sc (or neither).  On
 * failure the temporary file is removed. */
int sls_h5_publish(sls_publish *pub, const sls_world *w, const sls_scenario *sc, const sls_study *st,
                   char *err);

/* The versions of the libraries slsim runs with (GSL, HDF5, libconfig) and its compiler, as one
 * line (recorded in every result; --version prints it). */
void sls_h5_libraries(char *out, size_t n);

/* Reads the run info, the summary rows (malloc'd) and the cost lines (malloc'd). */
int sls_h5_read_summary(const char *path, sls_run_info *info, sls_fn_row **rows, int *n_rows,
                        sls_cost_line **lines, int *n_lines, char *err);
/* The text of the string dataset name of path (scenario_text, overrides, command_line,
 * model_files: malloc'd), or NULL when it has none. */
char *sls_h5_read_text(const char *path, const char *name);
/* The string attribute name of path's root group into out (n bytes; "" and -1 when absent). */
int sls_h5_read_attr(const char *path, const char *name, char *out, size_t n);
/* Reads /cost_alternatives (malloc'd; n = 0 when absent). */
int sls_h5_read_alternatives(const char *path, sls_alt_line **rows, int *n, char *err);
/* Reads /summary/sources (malloc'd). */
int sls_h5_read_sources(const char *path, sls_source_row **rows, int *n, char *err);
/* Reads /summary/queues and /summary/downstreams (malloc'd; n = 0 when absent). */
int sls_h5_read_queues(const char *path, sls_queue_row **rows, int *n, sls_ds_row **drows, int *nd,
                       char *err);
/* /summary/capacity_providers (NULL and 0 when the file has none). */
int sls_h5_read_capacity(const char *path, sls_cap_row **rows, int *n, char *err);
/* Reads /summary/topics, /summary/buses and /summary/joins (malloc'd; n = 0 when absent). */
int sls_h5_read_graph(const char *path, sls_topic_row **topics, int *nt, sls_bus_row **buses, int *nb,
                      sls_join_row **joins, int *nj, char *err);
/* Reads /summary/machines and /summary/states (malloc'd; n = 0 when absent). */
int sls_h5_read_machines(const char *path, sls_machine_row **machines, int *nm, sls_state_row **states,
                         int *ns, char *err);
/* Reads the time series group/name ("timeseries", "queue_timeseries" or
 * "downstream_timeseries") as a malloc'd n_rows x (1 + n_cols) matrix of doubles: t_s, then
 * the columns named cols in that order (a column the file lacks reads as 0). */
int sls_h5_read_columns(const char *path, const char *group, const char *name, const char *const *cols,
                        int n_cols, double **data, int *n_rows, char *err);
/* Reads /latency/<fn> into a histogram (caller destroys). */
int sls_h5_read_latency(const char *path, const char *fn, const char *group, sls_hist *h, char *err);

/* ---- studies ---- */

/* Writes a study: the runs, the CI table and the pooled latency histograms, under /study; and
 * when w is given (run --reps), everything a single run writes for w at the root, else the
 * inputs of sc (a sweep's scenario; NULL for none).  Returns as sls_h5_write. */
int sls_h5_write_study(const char *out, int force, const sls_world *w, const sls_scenario *sc,
                       const sls_study *st, char *err);
/* 1 when path is a results file with a /study group. */
int sls_h5_has_study(const char *path);
/* Reads the runs of a study file into st (an empty study, zeroed, or one read before: the runs
 * not yet there are added).  Returns 0 or SLS_EINPUT with a message; an empty st is left empty
 * on failure, one read before keeps what it had (free it with sls_study_free either way). */
int sls_h5_read_study(const char *path, sls_study *st, char *err);

/* Silences HDF5's automatic error printing (errors are reported through err). */
void sls_h5_quiet(void);

#endif
