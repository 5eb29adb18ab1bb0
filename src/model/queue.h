/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * queue — SQS queues and the event source mappings (ESM) that drain them into functions.
 *
 * Rules and sources (docs/facts.md section 2 unless stated):
 *  - A message carries its send time and receive count.  A receive makes it invisible for the
 *    visibility timeout; a successful batch deletes it; otherwise it becomes visible again when
 *    the timeout expires.  A message already received max_receive_count times moves to the
 *    dead-letter queue at its next receive (SQS redrive policy).  Messages older than the
 *    retention period are dropped when next met.  A delay holds new messages invisible.
 *  - FIFO: one batch takes messages of one message group, in order, and the group stays locked
 *    while any of its messages is in flight, so concurrency <= groups (an assumption where AWS
 *    documents only the bound).
 *  - Poller ramp: a mapping starts at 5 concurrent batches and, while there is a backlog, adds
 *    300 per minute up to 1,250 (legacy: 60 per minute up to 1,000), never above
 *    maximum_concurrency; it scales back down to max(5, batches in flight) when the queue
 *    empties.  Modelled as a target updated every second.
 *  - Throttles: a throttled batch is retried with backoff (1 s doubling) until its visibility
 *    timeout would expire, then its messages return; the mapping stops scaling up and holds at
 *    the batches it has in flight.
 *  - Function errors: without ReportBatchItemFailures a failed invocation fails the whole batch;
 *    the mapping backs off.  Calibration (rehanvdm.com, "7 SQS Lambda ESM scaling behaviours":
 *    50 ms handlers, unbounded mapping, concurrency 60 without errors, 25 at 1 % errors, 16 at
 *    5 %, 13 at 10 %): while a fraction p > 0 of the batches of the last 60 s failed, the target
 *    is capped at 6.76 p^-0.284 — the power law through those three points — and below the cap
 *    grows at the ramp rate.
 *    With ReportBatchItemFailures on, failures do not scale polling down.
 *  - Idle pollers long-poll: an empty queue costs target/20 empty receives per second (20 s
 *    ReceiveMessage wait).  Receives and deletes take up to 10 messages per request; a send is
 *    one request per 64 KB chunk of the message.
 *  - The visibility timeout must be at least the function timeout (Lambda refuses the mapping
 *    otherwise), so a batch ends before its messages can reappear.
 */
#ifndef SLS_QUEUE_H
#define SLS_QUEUE_H

#include "model/core.h"
#include "model/function.h"

typedef struct sls_msglist {
  sls_msg *head, *tail;
  int64_t n;
} sls_msglist;

typedef struct sls_queue_stats {
  uint64_t sent;             /* messages that entered the queue (sources and redrive) */
  uint64_t send_requests;    /* SendMessage requests (64 KB chunks) */
  uint64_t receive_requests; /* ReceiveMessage requests that returned messages */
  double empty_receives;     /* ReceiveMessage requests that returned nothing (long polls) */
  uint64_t delete_requests;  /* DeleteMessageBatch requests */
  uint64_t deleted;          /* messages processed and deleted */
  uint64_t to_dlq;           /* messages moved to the dead-letter queue */
  uint64_t expired;          /* messages dropped at the retention period */
  uint64_t received;         /* messages delivered to a batch (redeliveries included) */
  sls_time first_sent;       /* first message (ns), -1 = none */
  sls_time last_empty;       /* last time the queue became empty (ns) */
  sls_hist e2e;              /* sent -> deleted (ns) */
  sls_hist wait;             /* sent -> first received (ns): the queueing delay */
} sls_queue_stats;

enum {
  SLS_QTS_SENT,
  SLS_QTS_DELETED,
  SLS_QTS_TO_DLQ,
  SLS_QTS_VISIBLE_MEAN,
  SLS_QTS_VISIBLE_MAX,
  SLS_QTS_INFLIGHT_MEAN,
  SLS_QTS_OLDEST_AGE_S,
  SLS_QTS_MAP_CONC_MEAN,
  SLS_QTS_MAP_CONC_MAX,
  SLS_QTS_MAP_TARGET,
  SLS_QTS_MAP_THROTTLES,
  SLS_QTS_MAP_FAILED,
  SLS_QTS_NCOLS
};
extern const char *const sls_qts_names[SLS_QTS_NCOLS];

struct sls_queue {
  const sls_queue_spec *spec;
  int index;
  sls_queue *dlq;
  sls_esm *esm;        /* the mapping that drains it, NULL = none */
  sls_msglist visible; /* standard: visible messages, oldest first */
  sls_msglist delayed; /* not yet visible (delay), in visible_at order */
  sls_msglist *groups; /* FIFO: visible messages per group */
  int *group_busy;     /* FIFO: 1 while a batch of the group is in flight */
  int n_groups;
  int rr; /* FIFO: round-robin cursor over groups */
  int64_t n_visible, n_inflight;
  sls_event *delay_ev;
  sls_level lv_visible, lv_inflight;
  sls_queue_stats st;
  uint64_t ts_cur[3]; /* sent, deleted, to_dlq in the current interval */
  sls_series *ts;     /* n_samples x SLS_QTS_NCOLS, NULL for none */
};

struct sls_esm {
  const sls_mapping_spec *spec;
  int index;
  sls_queue *q;
  sls_function *fn;
  double target;      /* concurrent batches allowed now */
  double max_target;  /* ceiling: ramp maximum and maximum_concurrency */
  double min_target;  /* floor: 5, or maximum_concurrency if lower */
  int64_t active;     /* batches being invoked, run or retried */
  int64_t max_conc;   /* its maximum concurrency now (events change it), -1 = none */
  int epoch;          /* its pollers: a deploy of its function starts new ones (sls_esm_redeploy) */
  int64_t active_old; /* batches the pollers before the last deploy still run (not counted in active) */
  sls_event *tick_ev, *poll_ev;
  uint32_t ok_ring[60], fail_ring[60]; /* batches per second over the last minute */
  int ring_pos;
  int throttled; /* a batch was throttled since the last tick */
  uint64_t batches, batch_failures, batch_throttles;
  sls_level lv_active;
  uint64_t ts_cur[2]; /* throttles, failed batches in the current interval */
};

/* Builds the queues and mappings of w's scenario (called by sls_world_alloc). */
void sls_queues_init(sls_world *w);
void sls_queues_free(sls_world *w);
/* Starts the mappings' tickers (called when the run starts). */
void sls_queues_start(sls_world *w);
/* One message for q: group for FIFO; its root (held by the message) and path from item. */
void sls_queue_send(sls_world *w, sls_queue *q, const sls_item *item);
/* Time-series sample for every queue over [since, now]. */
void sls_queues_sample(sls_world *w, size_t k, sls_time since, sls_time now);
/* Conservation of messages: sent = deleted + to_dlq + expired + still queued. */
int sls_queues_conserved(const sls_world *w, char *err);
/* Messages still in q (visible, delayed, in flight). */
int64_t sls_queue_remaining(const sls_queue *q);
/* Time at which q last became empty after its first message (the drain end), or -1. */
sls_time sls_queue_drained_at(const sls_queue *q);

/* m's function was deployed: new pollers start, counting their batches from 0 against the target,
 * while the old pollers' batches finish (they are in lv_active, not in active): the mapping runs
 * up to twice its maximum concurrency for as long as those take. */
void sls_esm_redeploy(sls_world *w, sls_esm *m);
/* Sets m's maximum concurrency (events): its pollers' ceiling; batches in flight above it finish. */
void sls_esm_set_max(sls_world *w, sls_esm *m, int64_t max_concurrency);

#endif
