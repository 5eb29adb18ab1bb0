/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trace — readers of invocation traces, whose functions become simulated functions.
 *
 *   azure2019  Azure Functions 2019 (Shahrad et al., ATC'20): invocations per minute per
 *              function (HashFunction and one column per minute, headed 1, 2, ...; HashOwner,
 *              HashApp and Trigger when present — the In-Vitro samples lack some), with
 *              the durations file (Average, Count, Minimum, Maximum, percentile_Average_{0,1,25,
 *              50,75,99,100} in ms) and the memory file (AverageAllocatedMb, per function or app)
 *   azure2021  Azure Functions 2021: app,func,end_timestamp,duration per invocation (seconds;
 *              start = end - duration; rows in any order)
 *   csv        function,t_s[,duration_ms] per invocation (rows in any order)
 *
 * Columns are found by their header names, so column order does not matter.  A malformed line
 * fails the read with FILE:LINE: COLUMN: what was expected.
 */
#ifndef SLS_TRACE_H
#define SLS_TRACE_H

#include <stdint.h>

#include "engine/sim.h"

typedef struct sls_trace_fn {
  char *name;          /* function hash (or name) */
  char *app;           /* app hash, "" when unknown */
  char *trigger;       /* trigger, "" when unknown */
  int64_t total;       /* invocations in the trace */
  int n_minutes;       /* azure2019: minute columns */
  uint32_t *counts;    /* azure2019: invocations per minute */
  int64_t n;           /* per-invocation formats: invocations */
  sls_time *times;     /* per-invocation: start times (ns), sorted */
  sls_time *durations; /* per-invocation: durations (ns), or NULL */
  int has_pct;         /* azure2019: the durations file had this function */
  double pct_ms[7];    /* azure2019: percentiles 0, 1, 25, 50, 75, 99, 100 of the duration (ms) */
  int has_avg;         /* azure2019: the durations file gave its Average */
  double avg_ms;       /* ... the mean duration (ms) */
  double max_ms;       /* azure2019: the longest execution (Maximum; else percentile 100) (ms) */
  double memory_mb;    /* azure2019: allocated memory, 0 when unknown */
  int n_prefix;        /* characters of name the loader's generated name keeps (set by it) */
} sls_trace_fn;

typedef struct sls_trace {
  int n;
  sls_trace_fn *fns;
  int first_minute; /* azure2019: the first minute column's label */
  int has_app;      /* azure2019: the invocations file has HashApp (else every app is "") */
  int has_trigger;  /* azure2019: ... and Trigger (else every trigger is "") */
} sls_trace;

/* Reads an Azure 2019 trace; durations and memory may be NULL.  Returns 0 or SLS_EINPUT/SLS_EIO
 * with FILE:LINE: ... in err. */
int sls_trace_read_azure2019(const char *invocations, const char *durations, const char *memory,
                             sls_trace *tr, char *err);
/* Reads a per-invocation trace: format 2021 (Azure) or 0 (plain CSV). */
int sls_trace_read_invocations(const char *file, int azure2021, sls_trace *tr, char *err);
void sls_trace_free(sls_trace *tr);
/* Reads a rate table `t_s,rate_per_s` (times increasing from 0): *times (ns) and *rates (1/s) are
 * malloc'd, *n their length.  Returns 0 or an error with FILE:LINE in err. */
int sls_trace_read_rates(const char *file, sls_time **times, double **rates, int *n, char *err);

#endif
