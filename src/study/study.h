/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * study — replications and sweeps (docs/design.md §5): runs of one scenario, or of a grid of
 * scenario variants ("points"), each replicated with derived seeds, spread over threads, and
 * summarised as mean ± Student-t confidence intervals with exactly merged latency histograms.
 *
 * Seeds: replication r of every point uses the same seed sls_rep_seed(base, r), and every
 * random stream is seeded by (that seed, entity, purpose) (engine/rng.h), so the points of a
 * sweep see common random numbers: the same arrivals, durations and cold starts wherever the
 * varied parameter does not change them.  Replication 0 uses the base seed itself, so
 * `run --reps N` starts with the run `run` would have made.
 *
 * Tasks are (point, replication) pairs numbered point x reps + rep; any subset can run in any
 * order on any number of threads or processes with identical results, because a task depends
 * only on its scenario and its seed.
 */
#ifndef SLS_STUDY_H
#define SLS_STUDY_H

#include <stdint.h>

#include "model/world.h"
#include "stats/hist.h"
#include "study/rows.h"

/* What one task leaves: enough to re-summarise it and merge it exactly. */
typedef struct sls_run_out {
  int32_t point, rep;
  uint64_t seed;
  int32_t conserved;
  int32_t done; /* 1 when run (or read from a task file) */
  double bill_usd;
  int n_fn;
  sls_fn_row *rows;  /* per function */
  sls_hist *latency; /* per function: client latency histograms */
  int n_q, n_ds, n_src;
  sls_queue_row *qrows;  /* per queue (with its mapping) */
  sls_ds_row *drows;     /* per downstream */
  sls_source_row *srows; /* per source (its root requests) */
} sls_run_out;

typedef struct sls_study {
  int n_points, reps;
  int n_vary;        /* varied keys */
  char **vary_key;   /* [n_vary] */
  char **vary_value; /* [n_points x n_vary], row-major */
  sls_run_out *runs; /* [n_points x reps] */
  /* set by the caller after sls_study_grid, read by sls_study_run: */
  sls_limits limits;                           /* of every run (world.h) */
  void (*on_done)(void *ctx, int done, int n); /* after each task, one call at a time (or NULL) */
  void *on_done_ctx;
  /* set by sls_study_run: */
  const char *stopped; /* a limit stopped a run (w->stopped's word): it is not done */
} sls_study;

/* One summary figure of a point: mean, half-width of the 95 % Student-t interval, standard
 * deviation over the replications, and (latency percentiles only) the percentile of the pooled
 * histogram. */
typedef struct sls_ci_row {
  int32_t point;
  char kind[12];               /* "function", "queue", "downstream", "source" or "bill" */
  char entity[SLS_NAME_FIELD]; /* its name ("bill" for the bill) */
  char metric[32];
  int32_t n;
  double mean, half_width, sd, pooled;
} sls_ci_row;

uint64_t sls_rep_seed(uint64_t base, int rep);

#define SLS_VARY_KEY_FIELD 256      /* bytes of a varied key in a study file (values: SLS_NAME_FIELD) */
#define SLS_STUDY_MAX_TASKS 1000000 /* points x replications of one study */
#define SLS_STUDY_MAX_VARY 8        /* varied keys of one sweep */

/* Expands "key=v1,v2,v3" or "key=lo:hi:step" into values (malloc'd strings).  Returns the
 * count, or -1 with a message in err (a key or value too long for a study file, a range of
 * more than 100,000 values). */
int sls_vary_parse(const char *arg, char **key, char ***values, char *err);

/* Makes the grid of n_vary keys with nv[k] values each: the first key varies slowest.  Returns
 * 0, or SLS_EINPUT with a message in err (and st empty) when the grid has more than
 * SLS_STUDY_MAX_TASKS tasks (points x reps) or a count is not positive. */
int sls_study_grid(sls_study *st, int n_vary, char **keys, char ***values, const int *nv, int reps,
                   char *err);

/* Runs the tasks first, first + stride, first + 2 stride, ... below last of st (scenario of
 * point p: scen[p]) on up to jobs threads; stride > 1 deals a sweep out to MPI ranks.  keep, if
 * not NULL, receives the finished world of task 0 (caller frees it).  Returns 0, or SLS_ERUN
 * when st->limits stopped a run (st->stopped). */
int sls_study_run(sls_study *st, const sls_scenario *scen, uint64_t base_seed, int jobs, int first, int last,
                  int stride, sls_world **keep);

/* Bytes a study of `tasks` runs of sc holds once they are done (each run's summary rows and
 * latency histograms; rank 0 holds every task's), for the memory estimate. */
double sls_study_estimate(const sls_scenario *sc, int tasks);

/* The confidence-interval table over the finished runs (malloc'd). */
int sls_study_ci(const sls_study *st, sls_ci_row **rows);

void sls_study_free(sls_study *st);

/* The finished runs of st as one byte buffer (malloc'd into *out; returns its length): how MPI
 * ranks send their runs to rank 0.  Native layout: for ranks of one binary, not for files. */
size_t sls_study_pack(const sls_study *st, unsigned char **out);
/* Adds the runs of a packed buffer to st (same grid); count, if not NULL, receives how many.
 * Returns 0, or SLS_EINPUT with a message for a buffer that is truncated, of another study, or
 * repeats a task already there. */
int sls_study_unpack(sls_study *st, const unsigned char *p, size_t len, int *count, char *err);

#endif
