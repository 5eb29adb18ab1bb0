/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * function — how Lambda runs a job: dispatch (an idle provisioned environment first, then the
 * most recently used idle on-demand one, else a cold start within the concurrency and scaling
 * limits), the invocation's phases (cold start, compute, downstream calls), billing per 1 ms,
 * keep-alive and recycling; and Lambda's asynchronous event queue, the owner of asynchronous
 * jobs (its retries and on-failure destination).  The rules and their sources are listed in
 * model/world.h.  A job's owner learns of a throttle or of the end through job->ops (core.h).
 */
#ifndef SLS_FUNCTION_H
#define SLS_FUNCTION_H

#include "model/core.h"
#include "model/downstream.h"

/* Builds the functions' run-time state (random streams, histograms, time series, provisioned
 * environments initialized before the run [facts §1]). */
void sls_functions_init(sls_world *w, uint64_t seed);
/* The provisioned environments, made before the run (after the capacity providers). */
void sls_functions_place(sls_world *w);
void sls_functions_free(sls_world *w);
/* Frees a function's random streams (set to NULL): its run is over. */
void sls_function_free_streams(sls_function *f);
/* Starts the functions' periodic work (the windowed autoscalers). */
void sls_functions_start(sls_world *w);
/* Time-series row k of every function over [since, now]. */
void sls_functions_sample(sls_world *w, size_t k, sls_time since, sls_time now);
/* Closes the time averages' window [0, duration]; the drain comes after. */
void sls_functions_close(sls_world *w);
/* At the end of the run: what is still in flight is counted unfinished. */
void sls_functions_finish(sls_world *w);
/* Conservation of every function's requests and events (world.h). */
int sls_functions_conserved(const sls_world *w, char *err);

/* Dispatches an invocation of job->fn: runs it, or reports the throttle to the job's owner. */
void sls_job_invoke(sls_world *w, sls_request *job);
/* The downstream finished job's calls (failed = 1: they failed). */
void sls_job_calls_done(sls_world *w, sls_request *job, int failed);
/* An asynchronous event for f: Lambda accepts it into its event queue and invokes it now.
 * Returns the job (its src and fixed_duration may be set before the caller returns). */
sls_request *sls_async_event(sls_world *w, sls_function *f, const sls_item *item);

/* job computes for job->compute (its CPU part shared with the other requests on its instance when
 * they contend), then cont(w, job, arg) runs; job->phase_ev is set while that is an event. */
void sls_compute(sls_world *w, sls_request *job, sls_event_fn cont, int64_t arg);
/* job's compute stops (killed at its timeout). */
void sls_compute_cancel(sls_world *w, sls_request *job);

/* Charges share of job's last invocation (a request and its billed GB-s) to u. */
void sls_usage_charge(sls_usage *u, const sls_request *job, double share);

/* ---- between function.c and emit.c (one module in two files) ---- */

/* Ends job's invocation now: bills it, frees its environment, hands it to its owner. */
void sls_job_complete(sls_world *w, sls_request *job, int outcome);
/* Counts a sync request's outcome (0 ok, 1 error, 2 timeout) in its function's stats. */
static inline void sls_fn_count_outcome(sls_fn_stats *st, int outcome) {
  if (outcome == 0)
    st->ok++;
  else if (outcome == 1)
    st->errors++;
  else
    st->timeouts++;
}
/* Runs an invocation of a function that emits, from job->run_start, in phases (emit.c). */
void sls_emit_start(sls_world *w, sls_request *job);
/* Its downstream calls ended (failed = 1: they failed): it goes on. */
void sls_emit_calls_done(sls_world *w, sls_request *job, int failed);

/* ---- changes over time (model/timeline.c) ---- */

/* Sets f's provisioned concurrency to n (within its reservation, or what the account leaves
 * unreserved): counted and billed at once, new environments usable after the allocation delay,
 * environments beyond n freed (idle now, busy when done).  Returns the value set. */
int64_t sls_fn_set_provisioned(sls_world *w, sls_function *f, int64_t n);
/* Sets f's memory (a configuration update: new environments, the CPU share and the GB-s follow). */
void sls_fn_set_memory(sls_world *w, sls_function *f, int memory_mb);
/* Idle on-demand environments' memory x time over [0, duration] (GB-s), at the memory of each time. */
double sls_function_idle_gb_s(const sls_function *f);
/* Sets f's reserved concurrency to r (r < 0: none, its usage back in the account's shared pool). */
void sls_fn_set_reserved(sls_world *w, sls_function *f, int64_t r);
/* A new version of f: idle environments retire, busy ones after their request; its provisioned
 * concurrency is ready for the new version at once (pc_ready_first: the deployment waited for
 * it before moving the traffic), or allocated now (until then requests run on demand). */
void sls_fn_deploy(sls_world *w, sls_function *f, int pc_ready_first);

/* Idle on-demand environment-seconds of f over [0, duration] (kept alive, not working). */
double sls_function_idle_env_s(const sls_function *f);
/* Mean concurrency of f over [0, duration] (busy + initializing); valid after the run. */
double sls_function_mean_concurrency(const sls_function *f, sls_time duration);

#endif
