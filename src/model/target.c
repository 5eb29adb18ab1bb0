/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Deliveries (core.h): the one place that knows every kind of target, so that the parts of the
 * model reach each other only through here; and items on their way (a delivery latency, an API
 * call's time), which hold their root until they arrive.
 */
#include "engine/util.h"
#include "model/bus.h"
#include "model/core.h"
#include "model/function.h"
#include "model/join.h"
#include "model/queue.h"
#include "model/sfn.h"
#include "model/topic.h"

void sls_deliver(sls_world *w, sls_target t, const sls_item *item) {
  switch (t.kind) {
  case SLS_TARGET_FUNCTION: sls_async_event(w, &w->functions[t.index], item); return;
  case SLS_TARGET_QUEUE: sls_queue_send(w, &w->queues[t.index], item); return;
  case SLS_TARGET_TOPIC: sls_topic_publish(w, &w->topics[t.index], item); return;
  case SLS_TARGET_BUS: sls_bus_put(w, &w->buses[t.index], item); return;
  case SLS_TARGET_JOIN: sls_join_arrive(w, &w->joins[t.index], item); return;
  case SLS_TARGET_MACHINE: sls_machine_start(w, t.index, item); return;
  case SLS_TARGET_API:
  case SLS_TARGET_N: SLS_ASSERT(!"an API destination is a bus rule's target, not delivered to"); return;
  }
}

/* An item on its way (pooled). */
typedef struct delivery {
  struct delivery *next_free; /* pool link (must stay first) */
  sls_target t;
  sls_item item;
} delivery;

static void on_arrive(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  delivery *d = obj;
  w->in_delivery[d->t.kind]--;
  w->inflight--;
  sls_deliver(w, d->t, &d->item); /* the receiver holds the root now; the item's hop ends */
  sls_root_release(w, d->item.root, &d->item.path, SLS_END_OK);
  sls_pool_put(&w->dlv_pool, d);
}

void sls_deliver_after(sls_world *w, sls_target t, const sls_item *item, sls_time delay, int cat) {
  if (delay <= 0) {
    sls_deliver(w, t, item);
    return;
  }
  delivery *d = sls_pool_get(&w->dlv_pool);
  d->t = t;
  d->item = *item;
  d->item.path.t[cat] += delay;
  sls_root_hold(d->item.root);
  w->in_delivery[t.kind]++;
  w->inflight++; /* the run drains it */
  sls_sim_schedule(&w->sim, w->sim.now + delay, on_arrive, d, 0);
}

size_t sls_delivery_size(void) { return sizeof(delivery); }

void sls_join_count(sls_world *w, int j, sls_root *r, int64_t n) { sls_join_expect(w, &w->joins[j], r, n); }
