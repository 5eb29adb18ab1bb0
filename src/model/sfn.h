/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sfn — Step Functions state machines [facts §7; Amazon States Language]: executions started by
 * sources, rules and subscriptions (sls_deliver to a machine), each a tree of tokens — the top
 * level, a Parallel's branches, a Map's items — moving through the machine's states:
 *
 *   enter a state      a transition: the service's transition latency (and, Standard, a token of
 *                      the account's StateTransition bucket; none left: it waits for one), billed
 *                      per transition (Standard); retries are transitions too
 *   Task               the integration's call time, then: a function invoked synchronously (the
 *                      task waits for its response; its error, its own timeout, a throttle and the
 *                      state's TimeoutSeconds are errors of the task), or an item sent (an async
 *                      invoke, an SQS message, an SNS publish, an EventBridge event) and on
 *   Choice             the next state drawn by the choices' probabilities (else Default)
 *   Parallel / Map     child tokens, at most MaxConcurrency items at once; the state ends when
 *                      all have (carrying the path of the one that ended last: which branch or
 *                      item held it up); a branch that fails stops the others and fails the state;
 *                      a Map fails when more than ToleratedFailurePercentage of its items fail
 *   Wait, Pass         a wait, nothing
 *   Succeed, Fail      the end of their scope (Fail: the error "failed")
 *   an error           the first retrier naming it retries the state after IntervalSeconds x
 *                      BackoffRate^(n-1), at most MaxDelaySeconds, jittered in [0, that] when FULL,
 *                      while its MaxAttempts last (counted per visit); then the first catcher naming
 *                      it moves on to its state (the execution counts as compensated); else the
 *                      scope fails
 *
 * An execution ends when its top level does, or fails with States.Timeout at its TimeoutSeconds
 * (Express: at most 5 minutes), when every token still running is stopped (a function it
 * invoked runs on, billed); a Standard execution whose history reaches 25,000 events fails (its
 * events counted as the console lists them: 2 per state, 3 more per task attempt, 2 more per Map
 * item, 2 more for a Parallel or Map, 2 for the execution).  StartExecution takes a token of the account's
 * bucket (Standard and Express have their own): none left, the start is throttled and the caller's work
 * fails. Express executions are billed per start and per 100 ms of duration at express_memory_mb in 64 MB
 * steps; at-least-once delivery is not modelled (every execution runs once).  An execution that
 * makes 10^7 transitions without simulated time passing (a loop of states that take no time) fails.
 */
#ifndef SLS_SFN_H
#define SLS_SFN_H

#include "model/core.h"

#define SLS_SFN_MAX_RETRIERS 16 /* retriers of one state (scenario/machine.c refuses more) */

typedef struct sls_state_stats {
  uint64_t entered;      /* visits (first attempts) */
  uint64_t retries;      /* retries (each also a transition) */
  uint64_t caught;       /* errors a catcher took */
  uint64_t failed;       /* errors that failed the scope */
  uint64_t left;         /* visits that left it (to another state, or the end of their scope) */
  double time_ns;        /* time in the state, over the visits that left it */
  uint64_t *last_branch; /* Parallel: how often each branch ended last (held the state up) */
  double spread_ns;      /* Parallel, Map: over visits that ended, first child's end -> last's */
  uint64_t spreads;      /* ... how many */
} sls_state_stats;

typedef struct sls_machine {
  const sls_machine_spec *spec;
  int index;
  gsl_rng *r; /* choices, waits, transition and API latencies, item counts, jitter */
  uint64_t started, start_throttled;
  uint64_t succeeded, failed, timed_out; /* ended: ... */
  uint64_t compensated;                  /* ended after a catcher took an error */
  uint64_t live;                         /* running */
  uint64_t transitions;                  /* state transitions (retries included) */
  uint64_t transitions_delayed;          /* ... that waited for the StateTransition bucket */
  uint64_t express_100ms;                /* Express: durations in 100 ms units, each rounded up */
  uint64_t tasks, task_errors, task_timeouts, task_throttles;
  uint64_t history_failed; /* Standard executions failed at 25,000 history events (of failed) */
  sls_hist latency;        /* ended executions: start -> end (ns) */
  sls_state_stats *st;
} sls_machine;

void sls_machines_init(sls_world *w, uint64_t seed);
void sls_machines_free(sls_world *w);
/* StartExecution of machine k for item (the receiver holds item->root for what it starts). */
void sls_machine_start(sls_world *w, int k, const sls_item *item);
/* Every execution ended once or is running; bytes of the machines' state. */
int sls_machines_conserved(const sls_world *w, char *err);
double sls_machines_bytes(const sls_world *w);
/* The scenario's spellings: of the state types (in sls_state_type's order) and of the error
 * classes (bit i of SLS_ERR_* is name i; "all" is every bit), NULL-terminated. */
extern const char *const sls_state_types[];
extern const char *const sls_error_classes[];
/* The GB an Express execution is billed at: its memory rounded up to 64 MB steps [facts §7]. */
double sls_sfn_express_gb(const sls_machine_spec *m);
/* The wait before retry n (1, 2, ...) of retrier r without jitter (ns): interval x backoff^(n-1),
 * at most max_delay. */
sls_time sls_sfn_retry_delay(const sls_retrier_spec *r, int n);

#endif
