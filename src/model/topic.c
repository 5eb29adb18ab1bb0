/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SNS topics (topic.h).
 */
#include "model/topic.h"

#include <math.h>

#include "engine/rng.h"
#include "engine/util.h"

void sls_topics_init(sls_world *w, uint64_t seed) {
  const sls_scenario *sc = w->sc;
  w->n_topics = sc->n_topics;
  w->topics = sls_xcalloc((size_t)sc->n_topics + 1, sizeof *w->topics);
  for (int i = 0; i < sc->n_topics; i++) {
    w->topics[i].spec = &sc->topics[i];
    w->topics[i].r = sls_rng_alloc(seed, sc->topics[i].name, "topic");
  }
}

void sls_topics_free(sls_world *w) {
  for (int i = 0; i < w->n_topics; i++)
    sls_rng_free(w->topics[i].r);
  free(w->topics);
}

void sls_topic_publish(sls_world *w, sls_topic *t, const sls_item *item) {
  const sls_topic_spec *ts = t->spec;
  double chunks = ceil((item->kb > 0 ? item->kb : 1) / 64.0); /* every 64 KB is a publish [facts §4] */
  t->published++;
  t->publish_requests += chunks < 1 ? 1 : (uint64_t)chunks;
  if (item->root) item->root->src->use.sns_requests += chunks < 1 ? 1 : chunks;
  int matched = 0;
  for (int i = 0; i < ts->n_subs; i++) {
    const sls_subscription_spec *sub = &ts->subs[i];
    if (!sls_filter_matches(sub->types, sub->n_types, sub->probability, item->event_type, t->r)) continue;
    matched++;
    t->deliveries++;
    t->to[sub->target.kind]++;
    sls_time lat = sls_time_clamp(sls_dist_sample(&ts->delivery_latency, t->r), SLS_TIME_FAR);
    sls_deliver_after(w, sub->target, item, lat, SLS_PATH_WAIT);
  }
  if (!matched) t->unmatched++;
}
