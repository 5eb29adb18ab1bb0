/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Queues, event source mappings and downstreams (loader.h).
 */
#include <string.h>

#include "engine/util.h"
#include "scenario/loader.h"

int sls_ld_queue(sls_loader *ld, config_setting_t *g, int idx, sls_queue_spec *q) {
  char path[128];
  const char *name = NULL, *dlq = NULL;
  if (sls_ld_named_element(ld, g, "queues", idx, &sls_schema_queue, &name, path, sizeof path) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_queue, -1, q))
    return SLS_EINPUT;
  q->name = sls_xstrdup(name);
  if (sls_ld_str(ld, g, NULL, path, "dead_letter_queue", 0, &dlq, NULL)) return SLS_EINPUT;
  q->dlq = dlq ? sls_xstrdup(dlq) : NULL;
  q->dlq_index = -1;
  return 0;
}

int sls_ld_downstream(sls_loader *ld, config_setting_t *g, int idx, sls_downstream_spec *d) {
  char path[128], kp[256];
  const char *name = NULL;
  if (sls_ld_named_element(ld, g, "downstreams", idx, &sls_schema_downstream, &name, path, sizeof path) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_downstream, -1, d))
    return SLS_EINPUT;
  d->name = sls_xstrdup(name);
  if (d->proxy && d->pool_size > d->max_connections) {
    sls_ld_keypath(kp, sizeof kp, path, "pool_size");
    return sls_ld_fail(ld, config_setting_get_member(g, "pool_size"), kp,
                       "expected at most max_connections (%lld), got %lld", (long long)d->max_connections,
                       (long long)d->pool_size);
  }
  config_setting_t *lg = config_setting_get_member(g, "latency");
  sls_ld_keypath(kp, sizeof kp, path, "latency");
  if (!lg)
    return sls_ld_fail(
        ld, g, kp,
        "missing; expected the base latency of one call, e.g. { dist = \"lognormal\"; p50_ms = 50.0; "
        "p99_ms = 200.0; }");
  if (sls_ld_dist(ld, lg, kp, &d->latency)) return SLS_EINPUT;
  config_setting_t *cg;
  sls_ld_keypath(kp, sizeof kp, path, "collapse");
  if (sls_ld_group(ld, g, NULL, path, "collapse", &sls_schema_collapse,
                   "a group { above = ...; after_s = ...; recovery_s = ...; }", &cg))
    return SLS_EINPUT;
  d->collapse_on = cg != NULL;
  if (cg && sls_ld_read_keys(ld, cg, NULL, kp, &sls_schema_collapse, -1, d)) return SLS_EINPUT;
  return sls_ld_outages(ld, g, path, d);
}

int sls_ld_mapping(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_mapping_spec *m) {
  char path[128], kp[256];
  const char *name = NULL, *qn = NULL, *fname = NULL, *sug = NULL;
  config_setting_t *qs, *fs;
  if (sls_ld_named_element(ld, g, "mappings", idx, &sls_schema_mapping, &name, path, sizeof path))
    return SLS_EINPUT;
  m->name = sls_xstrdup(name);
  if (sls_ld_str(ld, g, NULL, path, "queue", 1, &qn, &qs) ||
      sls_ld_str(ld, g, NULL, path, "function", 1, &fname, &fs))
    return SLS_EINPUT;
  m->queue = sls_xstrdup(qn);
  m->function = sls_xstrdup(fname);
  m->q_index = sls_ld_find_name(&ld->fq_map, sc->n_functions, qn, ld->qnames, sc->n_queues, &sug);
  const char *qsug = sug;
  m->fn_index = sls_ld_find_name(&ld->fq_map, 0, fname, ld->fnames, sc->n_functions, &sug);
  if (m->q_index < 0) {
    sls_ld_keypath(kp, sizeof kp, path, "queue");
    return qsug ? sls_ld_fail(ld, qs, kp, "no queue named \"%s\" (did you mean \"%s\"?)", qn, qsug)
                : sls_ld_fail(ld, qs, kp, "no queue named \"%s\" in queues", qn);
  }
  if (m->fn_index < 0) {
    sls_ld_keypath(kp, sizeof kp, path, "function");
    return sug ? sls_ld_fail(ld, fs, kp, "no function named \"%s\" (did you mean \"%s\"?)", fname, sug)
               : sls_ld_fail(ld, fs, kp, "no function named \"%s\" in functions", fname);
  }
  const sls_queue_spec *q = &sc->queues[m->q_index];
  /* [facts §2] batch size 1..10,000 (FIFO 10), default 10 */
  double v = 10;
  const sls_key *bk = sls_schema_row(&sls_schema_mapping, "batch_size");
  if (sls_ld_num(ld, g, NULL, path, "batch_size", bk->lo, q->fifo ? 10 : bk->hi, 1, 0, &v) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_mapping, -1, m))
    return SLS_EINPUT;
  m->batch_size = (int)v;
  if (m->batch_size > 10 && m->window < SLS_NS_PER_S) {
    sls_ld_keypath(kp, sizeof kp, path, "batch_size");
    return sls_ld_fail(
        ld, config_setting_get_member(g, "batch_size"), kp,
        "a batch size over 10 needs batching_window_s >= 1 (Lambda requires it), got %d with %g s",
        m->batch_size, sls_time_to_s(m->window));
  }
  if (m->scaling == SLS_SCALING_NONE && m->max_concurrency < 0) {
    sls_ld_keypath(kp, sizeof kp, path, "scaling");
    return sls_ld_fail(ld, config_setting_get_member(g, "scaling"), kp,
                       "\"none\" (a fixed concurrency) needs maximum_concurrency");
  }
  /* Lambda refuses a mapping whose queue's visibility timeout is below the function's timeout. */
  const sls_function_spec *f = &sc->functions[m->fn_index];
  if (q->visibility < f->timeout) {
    sls_ld_keypath(kp, sizeof kp, path, "queue");
    return sls_ld_fail(ld, qs, kp,
                       "queue %s's visibility timeout (%g s) is below function %s's timeout (%g s); Lambda "
                       "requires it to be at least the timeout (6 x recommended)",
                       q->name, sls_time_to_s(q->visibility), f->name, sls_time_to_s(f->timeout));
  }
  int other = ld->mapping_of[m->q_index];
  if (other >= 0) {
    sls_ld_keypath(kp, sizeof kp, path, "queue");
    return sls_ld_fail(ld, qs, kp, "queue %s already has mapping %s (one mapping per queue)", q->name,
                       sc->mappings[other].name);
  }
  ld->mapping_of[m->q_index] = idx;
  return 0;
}
