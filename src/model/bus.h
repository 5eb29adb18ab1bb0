/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bus — EventBridge event buses [facts §4, 6; Doc: EventBridge retry policy, dead-letter queues]:
 * a PutEvents entry is billed per 64 KB; every rule whose pattern matches it (its event types,
 * then its match probability) sends it to each of its targets after the bus's delivery latency:
 * a function (an asynchronous invocation), a queue, a topic, or an API destination (a call to a
 * downstream).  A delivery to a function, queue or topic is accepted; a call to an API
 * destination fails while the downstream is down, and is retried with exponential backoff and
 * full jitter (1 s doubling to 8 min: 185 attempts then span about 24 h, the documented
 * default) while attempts and the event's age allow; then it goes to the rule's dead-letter
 * queue, or is dropped.
 */
#ifndef SLS_BUS_H
#define SLS_BUS_H

#include "model/core.h"
#include "model/downstream.h"

/* Delays of the EventBridge retry schedule (reconstructed: AWS publishes its bounds only). */
#define SLS_EB_RETRY_BASE SLS_NS_PER_S
#define SLS_EB_RETRY_CAP (480 * SLS_NS_PER_S)

typedef struct sls_bus {
  const sls_bus_spec *spec;
  gsl_rng *r;            /* rules' match draws, delivery latencies, retry jitter */
  uint64_t put;          /* entries put */
  uint64_t put_requests; /* billed: 64 KB chunks */
  uint64_t unmatched;    /* entries no rule matched */
  uint64_t deliveries;   /* rule-target deliveries begun */
  uint64_t delivered;    /* ... that arrived */
  uint64_t attempts_failed, retries;
  uint64_t to_dlq, dropped;  /* given up: to the rule's DLQ, or dropped */
  uint64_t api_calls;        /* API destination calls (billed per invocation) */
  uint64_t to[SLS_TARGET_N]; /* deliveries accepted by a function, queue or topic, by kind */
  uint64_t pending; /* deliveries not ended yet: deliveries = delivered + to_dlq + dropped + pending */
} sls_bus;

void sls_buses_init(sls_world *w, uint64_t seed);
void sls_buses_free(sls_world *w);
/* An entry item put on b. */
void sls_bus_put(sls_world *w, sls_bus *b, const sls_item *item);
/* The delay before retry k (k >= 1) without jitter: min(cap, base x 2^(k-1)). */
sls_time sls_eb_retry_delay(int k);
/* Bytes of one delivery in progress (for its pool). */
size_t sls_bus_delivery_size(void);

#endif
