/*
 * Deliveries (core.h): the one place that knows every kind of target, so that the parts of the
 * model reach each other only through here.
 */
#include "model/core.h"
#include "model/function.h"
#include "model/queue.h"

void sls_deliver(sls_world *w, sls_target t, const sls_item *item) {
  switch (t.kind) {
  case SLS_TARGET_FUNCTION: sls_async_event(w, &w->functions[t.index], item); return;
  case SLS_TARGET_QUEUE: sls_queue_send(w, &w->queues[t.index], item); return;
  }
}
