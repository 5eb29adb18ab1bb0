/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * topic — SNS topics [facts §4, 6]: a publish is billed per 64 KB; it is delivered to each
 * subscription whose filter matches (its event types, then its match probability), after the
 * topic's delivery latency: to a function as an asynchronous invocation, to a queue as a
 * message.  Deliveries to Lambda and SQS are not billed.  A publish that no subscription matches
 * ends at the topic.
 */
#ifndef SLS_TOPIC_H
#define SLS_TOPIC_H

#include "model/core.h"

typedef struct sls_topic {
  const sls_topic_spec *spec;
  gsl_rng *r;                /* filters' match draws, delivery latencies */
  uint64_t published;        /* publishes */
  uint64_t publish_requests; /* billed: 64 KB chunks */
  uint64_t deliveries;       /* subscriptions' deliveries sent on */
  uint64_t unmatched;        /* publishes no subscription took */
  uint64_t to[SLS_TARGET_N]; /* deliveries sent on, by the kind of target */
} sls_topic;

void sls_topics_init(sls_world *w, uint64_t seed);
void sls_topics_free(sls_world *w);
/* A publish of item to t. */
void sls_topic_publish(sls_world *w, sls_topic *t, const sls_item *item);

#endif
