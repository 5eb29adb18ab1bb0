/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * world — the simulated platform: account, functions with their execution environments, and
 * the sources that invoke them.  Everything a run touches hangs off one sls_world; there are
 * no globals, so independent worlds can run in parallel threads.
 *
 * A world is built from a validated sls_scenario (model/spec.h, filled by src/scenario) by
 * sls_world_alloc, run by sls_world_run, and read by the writers.  The scenario describes; the
 * world simulates.  Its parts (model/core.h has the picture): functions (model/function.h),
 * sources (model/source.h), queues and mappings (model/queue.h), downstreams
 * (model/downstream.h); they reach each other only through jobs' owners and sls_deliver.
 *
 * Model rules and their sources (docs/facts.md section numbers in brackets):
 *  - Dispatch: a request takes an idle provisioned environment first, then the most recently
 *    used idle on-demand one, else starts a new environment and waits for its init
 *    [facts §3; AWS "Lambda execution environment lifecycle"; design §3.2].
 *  - Concurrency = environments busy or initializing, plus configured provisioned concurrency
 *    (which counts against reserved and account concurrency whether busy or not) [facts §1].
 *    A function with reserved concurrency R never exceeds R; functions without a reservation
 *    share limit - sum(reservations), and at least unreserved_min stays unreserved [facts §1].
 *  - New environments are limited by a token bucket: per function, capacity 1,000, refill
 *    100/s (Nov 2023 rule); legacy mode: one account-wide bucket with the Regional burst as
 *    capacity and +500 per minute [facts §1].
 *  - A synchronous request over a limit is throttled (429) at once; Lambda does not retry,
 *    the client may, with capped exponential backoff and jitter [facts §1; AWS Architecture
 *    Blog "Exponential Backoff and Jitter" (Brooker, 2015)].
 *  - Keep-alive: an idle on-demand environment expires after the keep-alive time (constant or
 *    drawn per idle period); environments are recycled at their maximum lifetime: a busy one
 *    after its current invocation, an idle one when next picked [facts §3].  Provisioned
 *    environments never expire; their recycling is done ahead by the platform and is invisible.
 *  - Duration scales with memory: CPU share = memory / 1,769 MB vCPUs, capped by the threads
 *    the code can use; only the CPU-bound fraction of the duration scales [facts §3].
 *  - Timeout kills the invocation at the timeout; it is billed to the timeout [facts §3].
 *  - Billing: per 1 ms; on-demand INIT time is billed when the runtime model says so (ZIP on
 *    managed runtimes since 1 Aug 2025) [facts §3, 4].
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

#include "model/bus.h"
#include "model/capacity.h"
#include "model/core.h"
#include "model/downstream.h"
#include "model/function.h"
#include "model/join.h"
#include "model/queue.h"
#include "model/sfn.h"
#include "model/source.h"
#include "model/spec.h"
#include "model/topic.h"

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
 * (environments, requests, messages, the event set, the histograms: as counted since the run
 * began, w->hist_bytes). */
double sls_world_bytes(const sls_world *w);
/* Bytes all its histograms hold beyond their headers, summed over them (what a run starts its
 * count from, and what the count must equal). */
int64_t sls_world_hist_bytes(const sls_world *w);

/* The span the summary measures: [warmup, duration] (ns). */
static inline sls_time sls_world_span(const sls_world *w) { return w->sc->duration - w->sc->warmup; }

/* Conservation: every request ended in exactly one outcome, every message too.  Returns 1 when
 * it holds for every function and queue, else 0 and a description in err. */
int sls_world_conserved(const sls_world *w, char *err);

#endif
