/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The graph (loader.h): what functions emit, SNS topics, EventBridge buses, fan-in joins, and the
 * names they share with functions and queues.  One namespace holds functions, queues, topics,
 * buses and joins (ld->fq_map: functions at 0.., queues after them, then topics, buses, joins);
 * downstreams, which a rule may name as API destinations, have their own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text.h"
#include "engine/util.h"
#include "scenario/loader.h"

/* Defaults of the delivery and API latencies (facts §6): lognormals by median and 99th percentile. */
void sls_ld_lognormal_ms(sls_dist *d, double p50_ms, double p99_ms) {
  memset(d, 0, sizeof *d);
  d->kind = SLS_DIST_LOGNORMAL;
  d->a = log((double)llround(p50_ms * 1e6));
  d->b = log(p99_ms / p50_ms) / SLS_Z99;
}

/* ---- names ---- */

/* The first index of kind k in the shared namespace. */
static int base_of(const sls_scenario *sc, sls_target_kind k) {
  int b = 0;
  if (k > SLS_TARGET_FUNCTION) b += sc->n_functions;
  if (k > SLS_TARGET_QUEUE) b += sc->n_queues;
  if (k > SLS_TARGET_TOPIC) b += sc->n_topics;
  if (k > SLS_TARGET_BUS) b += sc->n_buses;
  if (k > SLS_TARGET_JOIN) b += sc->n_joins;
  return b;
}

static const char *const kind_names[] = {"function", "queue",         "topic",     "bus",
                                         "join",     "state machine", "downstream"};

/* "function or queue", "function, queue or topic", ...: the kinds of mask, for a message. */
static void kinds_text(unsigned mask, char *out, size_t n) {
  int k[8], nk = 0;
  for (int i = 0; i < SLS_TARGET_N; i++)
    if (mask >> i & 1) k[nk++] = i;
  out[0] = 0;
  for (int i = 0; i < nk; i++)
    snprintf(out + strlen(out), n - strlen(out), "%s%s",
             i == 0        ? ""
             : i == nk - 1 ? " or "
                           : ", ",
             kind_names[k[i]]);
}

/* The kinds a scenario has beyond functions and queues, masked by allowed: messages name only those. */
static unsigned present(const sls_scenario *sc, unsigned allowed) {
  unsigned m = 1u << SLS_TARGET_FUNCTION | 1u << SLS_TARGET_QUEUE;
  if (sc->n_topics) m |= 1u << SLS_TARGET_TOPIC;
  if (sc->n_buses) m |= 1u << SLS_TARGET_BUS;
  if (sc->n_joins) m |= 1u << SLS_TARGET_JOIN;
  if (sc->n_machines) m |= 1u << SLS_TARGET_MACHINE;
  if (sc->n_downstreams) m |= 1u << SLS_TARGET_API;
  return m & allowed;
}

/* The name of entry i of the shared namespace. */
static const char *name_at(const sls_scenario *sc, int i) {
  if (i < sc->n_functions) return sc->functions[i].name;
  if ((i -= sc->n_functions) < sc->n_queues) return sc->queues[i].name;
  if ((i -= sc->n_queues) < sc->n_topics) return sc->topics[i].name;
  if ((i -= sc->n_topics) < sc->n_buses) return sc->buses[i].name;
  if ((i -= sc->n_buses) < sc->n_joins) return sc->joins[i].name;
  return sc->machines[i - sc->n_joins].name;
}

int sls_ld_resolve(sls_loader *ld, const sls_scenario *sc, const config_setting_t *at, const char *kp,
                   const char *name, unsigned allowed, sls_target *out) {
  int hit = sls_strmap_get(&ld->fq_map, name);
  int total = base_of(sc, SLS_TARGET_MACHINE) + sc->n_machines;
  if (hit >= 0 && hit < total) {
    sls_target_kind k = SLS_TARGET_MACHINE;
    while (k > SLS_TARGET_FUNCTION && hit < base_of(sc, k))
      k--;
    if ((allowed >> SLS_TARGET_API & 1) && sls_strmap_get(&ld->ds_map, name) >= 0)
      return sls_ld_fail(ld, at, kp, "\"%s\" is both a %s and a downstream (an API destination); rename one",
                         name, kind_names[k]);
    if (allowed >> k & 1) {
      *out = (sls_target){k, hit - base_of(sc, k)};
      return 0;
    }
    char want[96];
    kinds_text(allowed, want, sizeof want);
    return sls_ld_fail(ld, at, kp, "\"%s\" is a %s; expected a %s", name, kind_names[k], want);
  }
  if (allowed >> SLS_TARGET_API & 1) {
    int d = sls_strmap_get(&ld->ds_map, name);
    if (d >= 0) {
      *out = (sls_target){SLS_TARGET_API, d};
      return 0;
    }
  }
  /* not there: the nearest name of an allowed kind */
  const char **names = sls_xcalloc((size_t)total + (size_t)sc->n_downstreams + 1, sizeof *names);
  int n = 0;
  for (int i = 0; i < total; i++) {
    sls_target_kind k = SLS_TARGET_MACHINE;
    while (k > SLS_TARGET_FUNCTION && i < base_of(sc, k))
      k--;
    if (allowed >> k & 1) names[n++] = name_at(sc, i);
  }
  for (int i = 0; (allowed >> SLS_TARGET_API & 1) && i < sc->n_downstreams; i++)
    names[n++] = sc->downstreams[i].name;
  char sug[SLS_NAME_FIELD] = "", want[96];
  const char *c = sls_ld_closest(name, names, n);
  if (c) snprintf(sug, sizeof sug, "%s", c);
  free(names);
  kinds_text(present(sc, allowed), want, sizeof want);
  if (*sug) return sls_ld_fail(ld, at, kp, "no %s named \"%s\" (did you mean \"%s\"?)", want, name, sug);
  return sls_ld_fail(ld, at, kp, "no %s named \"%s\"", want, name);
}

int sls_ld_event_type(sls_loader *ld, sls_scenario *sc, const char *t) {
  int i = sls_strmap_get(&ld->types, t);
  if (i >= 0) return i;
  sc->event_types = sls_xrealloc(sc->event_types, ((size_t)sc->n_event_types + 1) * sizeof *sc->event_types);
  sc->event_types[sc->n_event_types] = sls_xstrdup(t);
  sls_strmap_put(&ld->types, sc->event_types[sc->n_event_types], sc->n_event_types);
  return sc->n_event_types++;
}

/* An optional array of event type names g.key: interned into *types. */
static int type_list(sls_loader *ld, sls_scenario *sc, const config_setting_t *g, const char *path,
                     const char *key, int **types, int *n) {
  config_setting_t *a = config_setting_get_member(g, key);
  *types = NULL;
  *n = 0;
  if (!a) return 0;
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, key);
  if (config_setting_type(a) != CONFIG_TYPE_ARRAY || config_setting_length(a) == 0)
    return sls_ld_fail(ld, a, kp, "expected an array of event types [\"OrderCreated\", ...]");
  *n = config_setting_length(a);
  *types = sls_xcalloc((size_t)*n, sizeof **types);
  for (int i = 0; i < *n; i++) {
    const char *t = config_setting_get_string(config_setting_get_elem(a, (unsigned)i));
    if (!t || !sls_name_ok(t, SLS_NAME_MAX))
      return sls_ld_fail(ld, a, kp, "element %d: expected an event type (%s)", i, sls_name_rule());
    (*types)[i] = sls_ld_event_type(ld, sc, t);
  }
  return 0;
}

int sls_ld_name_key(sls_loader *ld, const config_setting_t *g, const char *path, const char *key,
                    char **out) {
  const char *v = NULL;
  config_setting_t *at;
  *out = NULL;
  if (sls_ld_str(ld, g, NULL, path, key, 0, &v, &at)) return SLS_EINPUT;
  if (!v) return 0;
  if (!sls_name_ok(v, SLS_NAME_MAX)) {
    char kp[256];
    sls_ld_keypath(kp, sizeof kp, path, key);
    return sls_ld_fail(ld, at, kp, "expected %s, got \"%s\"", sls_name_rule(), v);
  }
  *out = sls_xstrdup(v);
  return 0;
}

/* ---- what a function emits ---- */

/* The default API latency of an emission of kind k (facts §6: assumed; the docs publish none). */
static void default_api_latency(sls_emit_spec *e) {
  switch (e->kind) {
  case SLS_EMIT_INVOKE: sls_ld_lognormal_ms(&e->api_latency, e->sync ? 10 : 15, e->sync ? 40 : 60); break;
  case SLS_EMIT_SEND: sls_ld_lognormal_ms(&e->api_latency, 10, 40); break;
  case SLS_EMIT_PUBLISH: sls_ld_lognormal_ms(&e->api_latency, 15, 60); break;
  case SLS_EMIT_PUT: sls_ld_lognormal_ms(&e->api_latency, 20, 80); break;
  case SLS_EMIT_JOIN: sls_ld_lognormal_ms(&e->api_latency, 5, 20); break; /* a counter update in a table */
  }
}

int sls_ld_emits(sls_loader *ld, config_setting_t *g, const char *path, sls_function_spec *f) {
  config_setting_t *l = config_setting_get_member(g, "emits");
  if (!l) return 0;
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, "emits");
  if (config_setting_type(l) != CONFIG_TYPE_LIST)
    return sls_ld_fail(ld, l, kp, "expected a list ( { kind = \"invoke\"; target = \"...\"; }, ... )");
  f->n_emits = config_setting_length(l);
  f->emits = sls_xcalloc((size_t)f->n_emits + 1, sizeof *f->emits);
  for (int i = 0; i < f->n_emits; i++) {
    config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
    sls_emit_spec *es = &f->emits[i];
    char ep[300];
    snprintf(ep, sizeof ep, "%s[%d]", kp, i);
    es->event_type_id = es->join_index = -1;
    if (config_setting_type(e) != CONFIG_TYPE_GROUP)
      return sls_ld_fail(ld, e, ep, "expected a group { kind = \"...\"; target = \"...\"; }");
    int kind = -1;
    if (sls_ld_enum(ld, e, NULL, ep, "kind", sls_schema_row(&sls_schema_emit, "kind")->values, &kind))
      return SLS_EINPUT;
    if (kind < 0)
      return sls_ld_fail(ld, e, ep,
                         "missing 'kind'; expected \"invoke\", \"send\", \"publish\", \"put\" or \"join\"");
    if (sls_ld_check_keys(ld, e, ep, &sls_schema_emit, kind) ||
        sls_ld_read_keys(ld, e, NULL, ep, &sls_schema_emit, kind, es))
      return SLS_EINPUT;
    es->kind = (sls_emit_kind)kind;
    if (sls_ld_name_key(ld, e, ep, "target", &es->target_name) ||
        sls_ld_name_key(ld, e, ep, "event_type", &es->event_type) ||
        sls_ld_name_key(ld, e, ep, "join", &es->join_name))
      return SLS_EINPUT;
    if (!es->target_name) {
      sls_ld_keypath(kp, sizeof kp, ep, "target");
      return sls_ld_fail(ld, e, kp, "missing; expected the name of a function, queue, topic, bus or join");
    }
    if (es->kind == SLS_EMIT_INVOKE && es->sync && es->concurrency > 1) {
      sls_ld_keypath(kp, sizeof kp, ep, "concurrency");
      return sls_ld_fail(ld, config_setting_get_member(e, "concurrency"), kp,
                         "expected 1 with a sync invoke (the caller waits for each callee in turn)");
    }
    config_setting_t *lat = config_setting_get_member(e, "api_latency");
    if (lat) {
      char lk[320];
      sls_ld_keypath(lk, sizeof lk, ep, "api_latency");
      if (sls_ld_dist(ld, lat, lk, &es->api_latency)) return SLS_EINPUT;
    } else {
      default_api_latency(es);
    }
  }
  return 0;
}

/* ---- topics, buses, joins ---- */

/* The delivery latency of g (its default: d). */
static int delivery(sls_loader *ld, config_setting_t *g, const char *path, sls_dist *d) {
  config_setting_t *lat = config_setting_get_member(g, "delivery_latency");
  if (!lat) return 0;
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, "delivery_latency");
  return sls_ld_dist(ld, lat, kp, d);
}

static int load_topic(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_topic_spec *t) {
  char path[128], kp[256];
  const char *name;
  if (sls_ld_named_element(ld, g, "topics", idx, &sls_schema_topic, &name, path, sizeof path))
    return SLS_EINPUT;
  t->name = sls_xstrdup(name);
  sls_ld_lognormal_ms(&t->delivery_latency, 73, 225); /* SNS -> async Lambda, measured (facts §6) */
  if (delivery(ld, g, path, &t->delivery_latency)) return SLS_EINPUT;
  config_setting_t *l;
  if (sls_ld_optional_list(ld, g, "subscriptions", &l, &t->n_subs)) return SLS_EINPUT;
  t->subs = sls_xcalloc((size_t)t->n_subs + 1, sizeof *t->subs);
  for (int i = 0; i < t->n_subs; i++) {
    config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
    sls_subscription_spec *sub = &t->subs[i];
    snprintf(kp, sizeof kp, "%s.subscriptions[%d]", path, i);
    if (config_setting_type(e) != CONFIG_TYPE_GROUP)
      return sls_ld_fail(ld, e, kp, "expected a group { target = ...; }");
    if (sls_ld_check_keys(ld, e, kp, &sls_schema_subscription, -1) ||
        sls_ld_read_keys(ld, e, NULL, kp, &sls_schema_subscription, -1, sub) ||
        sls_ld_name_key(ld, e, kp, "target", &sub->target_name) ||
        type_list(ld, sc, e, kp, "event_types", &sub->types, &sub->n_types))
      return SLS_EINPUT;
    if (!sub->target_name) return sls_ld_fail(ld, e, kp, "missing 'target' (a function or a queue)");
  }
  return 0;
}

static int load_bus(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_bus_spec *b) {
  char path[128], kp[256];
  const char *name;
  if (sls_ld_named_element(ld, g, "buses", idx, &sls_schema_bus, &name, path, sizeof path)) return SLS_EINPUT;
  b->name = sls_xstrdup(name);
  sls_ld_lognormal_ms(&b->delivery_latency, 148, 387); /* EventBridge -> async Lambda, measured (facts §6) */
  if (delivery(ld, g, path, &b->delivery_latency)) return SLS_EINPUT;
  config_setting_t *l;
  if (sls_ld_optional_list(ld, g, "rules", &l, &b->n_rules)) return SLS_EINPUT;
  b->rules = sls_xcalloc((size_t)b->n_rules + 1, sizeof *b->rules);
  for (int i = 0; i < b->n_rules; i++) {
    config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
    sls_rule_spec *r = &b->rules[i];
    const char *rn;
    r->dlq_index = -1;
    snprintf(kp, sizeof kp, "%s.rules", path);
    char rp[300];
    if (sls_ld_named_element(ld, e, kp, i, &sls_schema_rule, &rn, rp, sizeof rp) ||
        sls_ld_read_keys(ld, e, NULL, rp, &sls_schema_rule, -1, r) ||
        type_list(ld, sc, e, rp, "event_types", &r->types, &r->n_types) ||
        sls_ld_name_key(ld, e, rp, "dead_letter_queue", &r->dlq_name))
      return SLS_EINPUT;
    r->name = sls_xstrdup(rn);
    config_setting_t *ts = config_setting_get_member(e, "targets");
    sls_ld_keypath(kp, sizeof kp, rp, "targets");
    if (!ts || config_setting_type(ts) != CONFIG_TYPE_ARRAY || config_setting_length(ts) < 1 ||
        config_setting_length(ts) > 5)
      return sls_ld_fail(ld, ts ? ts : e, kp,
                         "expected 1 to 5 target names [\"...\"] (Doc: EventBridge quotas)");
    r->n_targets = config_setting_length(ts);
    r->target_names = sls_xcalloc((size_t)r->n_targets, sizeof *r->target_names);
    r->targets = sls_xcalloc((size_t)r->n_targets, sizeof *r->targets);
    for (int k = 0; k < r->n_targets; k++) {
      const char *tn = config_setting_get_string(config_setting_get_elem(ts, (unsigned)k));
      if (!tn || !sls_name_ok(tn, SLS_NAME_MAX))
        return sls_ld_fail(ld, ts, kp, "element %d: expected a name (%s)", k, sls_name_rule());
      r->target_names[k] = sls_xstrdup(tn);
    }
  }
  return 0;
}

static int load_join(sls_loader *ld, config_setting_t *g, int idx, sls_join_spec *j) {
  char path[128];
  const char *name;
  if (sls_ld_named_element(ld, g, "joins", idx, &sls_schema_join, &name, path, sizeof path) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_join, -1, j))
    return SLS_EINPUT;
  j->name = sls_xstrdup(name);
  if (sls_ld_name_key(ld, g, path, "target", &j->target_name)) return SLS_EINPUT;
  if (!j->target_name) return sls_ld_fail(ld, g, path, "missing 'target' (a function or a queue)");
  return 0;
}

int sls_ld_outages(sls_loader *ld, config_setting_t *g, const char *path, sls_downstream_spec *d) {
  config_setting_t *l;
  char kp[256];
  if (sls_ld_optional_list(ld, g, "outages", &l, &d->n_outages)) return SLS_EINPUT;
  d->outages = sls_xcalloc((size_t)d->n_outages + 1, sizeof *d->outages);
  for (int i = 0; i < d->n_outages; i++) {
    config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
    snprintf(kp, sizeof kp, "%s.outages[%d]", path, i);
    if (config_setting_type(e) != CONFIG_TYPE_GROUP)
      return sls_ld_fail(ld, e, kp, "expected a group { at_min = ...; lasting_min = ...; }");
    if (sls_ld_check_keys(ld, e, kp, &sls_schema_outage, -1) ||
        sls_ld_read_keys(ld, e, NULL, kp, &sls_schema_outage, -1, &d->outages[i]))
      return SLS_EINPUT;
    if (i && d->outages[i].at < d->outages[i - 1].at + d->outages[i - 1].length)
      return sls_ld_fail(ld, e, kp, "expected outages in time order, not overlapping");
  }
  return 0;
}

/* ---- the graph, resolved ---- */

static const unsigned INVOKABLE = 1u << SLS_TARGET_FUNCTION, SENDABLE = 1u << SLS_TARGET_QUEUE;

/* Resolves every emission of function i (fl: the functions' list, for FILE:LINE). */
static int resolve_emits(sls_loader *ld, sls_scenario *sc, config_setting_t *fl, int i) {
  sls_function_spec *f = &sc->functions[i];
  config_setting_t *el = config_setting_get_member(config_setting_get_elem(fl, (unsigned)i), "emits");
  static const unsigned want[] = {1u << SLS_TARGET_FUNCTION, 1u << SLS_TARGET_QUEUE, 1u << SLS_TARGET_TOPIC,
                                  1u << SLS_TARGET_BUS, 1u << SLS_TARGET_JOIN};
  for (int k = 0; k < f->n_emits; k++) {
    sls_emit_spec *e = &f->emits[k];
    config_setting_t *eg = config_setting_get_elem(el, (unsigned)k);
    char kp[300];
    snprintf(kp, sizeof kp, "functions.%s.emits[%d].target", f->name, k);
    if (sls_ld_resolve(ld, sc, config_setting_get_member(eg, "target"), kp, e->target_name, want[e->kind],
                       &e->target))
      return SLS_EINPUT;
    if (e->event_type) e->event_type_id = sls_ld_event_type(ld, sc, e->event_type);
    if (e->join_name) {
      sls_target j;
      snprintf(kp, sizeof kp, "functions.%s.emits[%d].join", f->name, k);
      if (sls_ld_resolve(ld, sc, config_setting_get_member(eg, "join"), kp, e->join_name,
                         1u << SLS_TARGET_JOIN, &j))
        return SLS_EINPUT;
      e->join_index = j.index;
    }
  }
  return 0;
}

int sls_ld_graph(sls_loader *ld, config_setting_t *root, sls_scenario *sc) {
  config_setting_t *tl, *bl, *jl, *ml;
  if (sls_ld_optional_list(ld, root, "topics", &tl, &sc->n_topics) ||
      sls_ld_optional_list(ld, root, "state_machines", &ml, &sc->n_machines) ||
      sls_ld_optional_list(ld, root, "buses", &bl, &sc->n_buses) ||
      sls_ld_optional_list(ld, root, "joins", &jl, &sc->n_joins))
    return SLS_EINPUT;
  sc->topics = sls_xcalloc((size_t)sc->n_topics + 1, sizeof *sc->topics);
  sc->buses = sls_xcalloc((size_t)sc->n_buses + 1, sizeof *sc->buses);
  sc->joins = sls_xcalloc((size_t)sc->n_joins + 1, sizeof *sc->joins);
  int base = sc->n_functions + sc->n_queues;
  for (int i = 0; i < sc->n_topics; i++) {
    config_setting_t *g = config_setting_get_elem(tl, (unsigned)i);
    if (load_topic(ld, g, i, sc, &sc->topics[i]) ||
        sls_ld_unique_name(ld, g, "topics", sc->topics[i].name, &ld->fq_map, base + i))
      return SLS_EINPUT;
  }
  base += sc->n_topics;
  for (int i = 0; i < sc->n_buses; i++) {
    config_setting_t *g = config_setting_get_elem(bl, (unsigned)i);
    if (load_bus(ld, g, i, sc, &sc->buses[i]) ||
        sls_ld_unique_name(ld, g, "buses", sc->buses[i].name, &ld->fq_map, base + i))
      return SLS_EINPUT;
  }
  base += sc->n_buses;
  for (int i = 0; i < sc->n_joins; i++) {
    config_setting_t *g = config_setting_get_elem(jl, (unsigned)i);
    if (load_join(ld, g, i, &sc->joins[i]) ||
        sls_ld_unique_name(ld, g, "joins", sc->joins[i].name, &ld->fq_map, base + i))
      return SLS_EINPUT;
  }
  base += sc->n_joins;
  sc->machines = sls_xcalloc((size_t)sc->n_machines + 1, sizeof *sc->machines);
  for (int i = 0; i < sc->n_machines; i++) {
    config_setting_t *g = config_setting_get_elem(ml, (unsigned)i);
    if (sls_ld_machine(ld, g, i, sc, &sc->machines[i]) ||
        sls_ld_unique_name(ld, g, "state_machines", sc->machines[i].name, &ld->fq_map, base + i))
      return SLS_EINPUT;
  }
  /* every name is known now: resolve what refers to them */
  char kp[300];
  for (int i = 0; i < sc->n_topics; i++)
    for (int k = 0; k < sc->topics[i].n_subs; k++) {
      sls_subscription_spec *sub = &sc->topics[i].subs[k];
      config_setting_t *sg = config_setting_get_elem(
          config_setting_get_member(config_setting_get_elem(tl, (unsigned)i), "subscriptions"), (unsigned)k);
      snprintf(kp, sizeof kp, "topics.%s.subscriptions[%d].target", sc->topics[i].name, k);
      if (sls_ld_resolve(ld, sc, config_setting_get_member(sg, "target"), kp, sub->target_name,
                         INVOKABLE | SENDABLE, &sub->target))
        return SLS_EINPUT;
    }
  for (int i = 0; i < sc->n_buses; i++)
    for (int k = 0; k < sc->buses[i].n_rules; k++) {
      sls_rule_spec *r = &sc->buses[i].rules[k];
      config_setting_t *rg = config_setting_get_elem(
          config_setting_get_member(config_setting_get_elem(bl, (unsigned)i), "rules"), (unsigned)k);
      for (int t = 0; t < r->n_targets; t++) {
        snprintf(kp, sizeof kp, "buses.%s.rules.%s.targets", sc->buses[i].name, r->name);
        if (sls_ld_resolve(ld, sc, config_setting_get_member(rg, "targets"), kp, r->target_names[t],
                           INVOKABLE | SENDABLE | 1u << SLS_TARGET_TOPIC | 1u << SLS_TARGET_MACHINE |
                               1u << SLS_TARGET_API,
                           &r->targets[t]))
          return SLS_EINPUT;
      }
      if (r->dlq_name) {
        sls_target q;
        snprintf(kp, sizeof kp, "buses.%s.rules.%s.dead_letter_queue", sc->buses[i].name, r->name);
        if (sls_ld_resolve(ld, sc, config_setting_get_member(rg, "dead_letter_queue"), kp, r->dlq_name,
                           SENDABLE, &q))
          return SLS_EINPUT;
        r->dlq_index = q.index;
      }
    }
  for (int i = 0; i < sc->n_joins; i++) {
    snprintf(kp, sizeof kp, "joins.%s.target", sc->joins[i].name);
    if (sls_ld_resolve(ld, sc, config_setting_get_member(config_setting_get_elem(jl, (unsigned)i), "target"),
                       kp, sc->joins[i].target_name, INVOKABLE | SENDABLE, &sc->joins[i].target))
      return SLS_EINPUT;
  }
  config_setting_t *fl = config_setting_get_member(root, "functions");
  for (int i = 0; i < sc->n_functions; i++)
    if (resolve_emits(ld, sc, fl, i)) return SLS_EINPUT;
  for (int i = 0; i < sc->n_machines; i++)
    if (sls_ld_machine_resolve(ld, config_setting_get_elem(ml, (unsigned)i), sc, &sc->machines[i]))
      return SLS_EINPUT;
  for (int i = 0; i < sc->n_joins; i++) { /* a join that counts by its fan-out needs one */
    int counted = sc->joins[i].branches > 0;
    for (int f = 0; f < sc->n_functions && !counted; f++)
      for (int k = 0; k < sc->functions[f].n_emits; k++)
        counted |= sc->functions[f].emits[k].join_index == i;
    if (!counted) {
      snprintf(kp, sizeof kp, "joins.%s.branches", sc->joins[i].name);
      return sls_ld_fail(ld, config_setting_get_elem(jl, (unsigned)i), kp,
                         "expected branches > 0, or an emission with join = \"%s\" to count them",
                         sc->joins[i].name);
    }
  }
  return 0;
}
