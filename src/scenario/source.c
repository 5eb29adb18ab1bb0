/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sources and their arrivals (loader.h).  An arrival's keys are the arrival schema's rows for
 * its kind: a key of another kind is an error, not silently ignored.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text.h"
#include "engine/util.h"
#include "io/trace.h"
#include "scenario/loader.h"

/* Resolves s->target: a function, a queue, a topic or a bus. */
static int target(sls_loader *ld, config_setting_t *g, const char *path, sls_scenario *sc,
                  sls_source_spec *s) {
  char kp[256];
  const char *name = NULL;
  config_setting_t *ts;
  if (sls_ld_str(ld, g, NULL, path, "target", 1, &name, &ts)) return SLS_EINPUT;
  s->target = sls_xstrdup(name);
  s->fn_index = s->q_index = -1;
  sls_ld_keypath(kp, sizeof kp, path, "target");
  if (sls_ld_resolve(ld, sc, ts, kp, name,
                     1u << SLS_TARGET_FUNCTION | 1u << SLS_TARGET_QUEUE | 1u << SLS_TARGET_TOPIC |
                         1u << SLS_TARGET_BUS | 1u << SLS_TARGET_MACHINE,
                     &s->dest))
    return SLS_EINPUT;
  if (s->dest.kind == SLS_TARGET_FUNCTION) s->fn_index = s->dest.index;
  if (s->dest.kind == SLS_TARGET_QUEUE) s->q_index = s->dest.index;
  return 0;
}

/* An mmpp's states: rates_per_s and switch_per_s, one each per state. */
static int mmpp(sls_loader *ld, config_setting_t *ag, const char *kp, sls_source_spec *s) {
  double r[SLS_LD_TABLE], sw[SLS_LD_TABLE];
  config_setting_t *rs = config_setting_get_member(ag, "rates_per_s"),
                   *ss = config_setting_get_member(ag, "switch_per_s");
  if (!rs || !ss)
    return sls_ld_fail(ld, ag, kp,
                       "mmpp: expected rates_per_s = [...] and switch_per_s = [...], one per state");
  const sls_key *rk = sls_schema_row(&sls_schema_arrival, "rates_per_s"),
                *sk = sls_schema_row(&sls_schema_arrival, "switch_per_s");
  int nr = sls_ld_array(ld, rs, kp, r, SLS_LD_TABLE, rk->lo, rk->hi);
  int ns = nr < 0 ? -1 : sls_ld_array(ld, ss, kp, sw, SLS_LD_TABLE, sk->lo, sk->hi);
  if (nr < 0 || ns < 0) return SLS_EINPUT;
  if (nr != ns || nr < 1)
    return sls_ld_fail(ld, ss, kp,
                       "mmpp: expected as many switch rates as states (at least 1), got %d and %d", ns, nr);
  for (int i = 0; i < nr; i++)
    if (!(sw[i] > 0)) return sls_ld_fail(ld, ss, kp, "mmpp: expected switch rates > 0");
  s->n_states = nr;
  s->state_rate = sls_xmalloc((size_t)nr * sizeof *s->state_rate);
  s->state_switch = sls_xmalloc((size_t)nr * sizeof *s->state_switch);
  memcpy(s->state_rate, r, (size_t)nr * sizeof *r);
  memcpy(s->state_switch, sw, (size_t)nr * sizeof *sw);
  return 0;
}

/* A piecewise rate: a table times_<unit> / rates_per_s, or rates_file (CSV t_s,rate_per_s). */
static int piecewise(sls_loader *ld, config_setting_t *ag, const char *kp, sls_source_spec *s) {
  const char *rf = NULL;
  config_setting_t *rfs;
  if (sls_ld_str(ld, ag, NULL, kp, "rates_file", 0, &rf, &rfs)) return SLS_EINPUT;
  if (rf) { /* path relative to the scenario */
    char *file = sls_ld_relative(ld, rf);
    int rc = sls_trace_read_rates(file, &s->piece_t, &s->piece_rate, &s->n_pieces, ld->err);
    free(file);
    if (rc == SLS_EIO) {
      char msg[SLS_ERRLEN], rk[300];
      snprintf(msg, sizeof msg, "%s", ld->err);
      sls_ld_keypath(rk, sizeof rk, kp, "rates_file");
      return sls_ld_fail(ld, rfs, rk, "%s", msg);
    }
    if (rc) ld->failed = 1; /* a line of the file: its own FILE:LINE says where */
    return rc ? SLS_EINPUT : 0;
  }
  double t[SLS_LD_TABLE], r[SLS_LD_TABLE];
  double unit = 1e9;
  config_setting_t *tset = sls_ld_find_unit(ld, ag, NULL, kp, "times", &unit);
  config_setting_t *rset = config_setting_get_member(ag, "rates_per_s");
  if (ld->failed) return SLS_EINPUT;
  if (!tset || !rset)
    return sls_ld_fail(ld, ag, kp,
                       "piecewise: expected times_s = [...] (segment starts) and rates_per_s = [...]");
  const sls_key *tk_row = sls_schema_row(&sls_schema_arrival, "times"),
                *rk = sls_schema_row(&sls_schema_arrival, "rates_per_s");
  char tk[256];
  sls_ld_keypath(tk, sizeof tk, kp, config_setting_name(tset));
  int nt = sls_ld_array(ld, tset, tk, t, SLS_LD_TABLE, tk_row->lo * 1e9 / unit, tk_row->hi * 1e9 / unit);
  int nr = nt < 0 ? -1 : sls_ld_array(ld, rset, kp, r, SLS_LD_TABLE, rk->lo, rk->hi);
  if (nt < 0 || nr < 0) return SLS_EINPUT;
  if (nt != nr || nt < 1)
    return sls_ld_fail(ld, rset, kp, "piecewise: expected as many rates as times (at least 1), got %d and %d",
                       nr, nt);
  if (t[0] != 0) return sls_ld_fail(ld, tset, tk, "piecewise: the first segment must start at 0");
  for (int i = 1; i < nt; i++)
    if (t[i] <= t[i - 1]) return sls_ld_fail(ld, tset, tk, "piecewise: expected increasing times");
  s->n_pieces = nt;
  s->piece_t = sls_xmalloc((size_t)nt * sizeof *s->piece_t);
  s->piece_rate = sls_xmalloc((size_t)nt * sizeof *s->piece_rate);
  for (int i = 0; i < nt; i++) {
    s->piece_t[i] = (sls_time)llround(t[i] * unit);
    s->piece_rate[i] = r[i];
  }
  return 0;
}

/* The arrival group: its kind, then that kind's keys. */
static int arrival(sls_loader *ld, config_setting_t *g, const char *path, sls_source_spec *s) {
  char kp[256];
  config_setting_t *ag = config_setting_get_member(g, "arrival");
  sls_ld_keypath(kp, sizeof kp, path, "arrival");
  if (!ag || config_setting_type(ag) != CONFIG_TYPE_GROUP)
    return sls_ld_fail(ld, ag ? ag : g, kp, "expected a group { kind = \"poisson\"; rate_per_s = ...; }");
  if (sls_ld_check_keys(ld, ag, kp, &sls_schema_arrival, -1)) return SLS_EINPUT;
  int kind = -1;
  if (sls_ld_enum(ld, ag, NULL, kp, "kind", sls_schema_row(&sls_schema_arrival, "kind")->values, &kind))
    return SLS_EINPUT;
  if (kind < 0)
    return sls_ld_fail(ld, ag, kp, "missing 'kind'; expected \"poisson\", \"piecewise\" or \"batch\"");
  s->kind = (sls_arrival_kind)kind;
  if (sls_ld_read_keys(ld, ag, NULL, kp, &sls_schema_arrival, kind, s)) return SLS_EINPUT;
  switch (s->kind) {
  case SLS_ARRIVAL_BATCH:
  case SLS_ARRIVAL_SCHEDULE: {
    double count = 1; /* batch: required; schedule: one request per firing */
    const sls_key *ck = sls_schema_row(&sls_schema_arrival, "count");
    if (sls_ld_num(ld, ag, NULL, kp, "count", ck->lo, ck->hi, 1, s->kind == SLS_ARRIVAL_BATCH, &count))
      return SLS_EINPUT;
    s->count = (int64_t)count;
    return 0;
  }
  case SLS_ARRIVAL_SPIKE:
    if (s->spike_width > s->period) return sls_ld_fail(ld, ag, kp, "spike: expected spike_width <= period");
    return 0;
  case SLS_ARRIVAL_MMPP: return mmpp(ld, ag, kp, s);
  case SLS_ARRIVAL_PIECEWISE: return piecewise(ld, ag, kp, s);
  default: return 0;
  }
}

int sls_source_key_applies(const sls_source_spec *s, const char *key) {
  static const char *const function_only[] = {"invocation",      "via",   "workflow", "api_gateway",
                                              "gateway_latency", "client"};
  if (s->dest.kind == SLS_TARGET_QUEUE || s->dest.kind == SLS_TARGET_FUNCTION)
    return strcmp(key, "event_type") != 0;
  /* StartExecution, directly or through API Gateway's integration: no event type */
  int machine = s->dest.kind == SLS_TARGET_MACHINE;
  if (machine && (!strcmp(key, "api_gateway") || !strcmp(key, "gateway_latency"))) return 1;
  if (machine && !strcmp(key, "event_type")) return 0;
  for (size_t i = 0; i < sizeof function_only / sizeof *function_only; i++)
    if (!strcmp(key, function_only[i])) return 0;
  return 1;
}

int sls_ld_source(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_source_spec *s) {
  char path[128], kp[256];
  const char *name = NULL;
  if (sls_ld_named_element(ld, g, "sources", idx, &sls_schema_source, &name, path, sizeof path))
    return SLS_EINPUT;
  s->name = sls_xstrdup(name);
  sls_dist_constant(&s->gateway_latency, 0);
  if (target(ld, g, path, sc, s) || sls_ld_read_keys(ld, g, NULL, path, &sls_schema_source, -1, s))
    return SLS_EINPUT;
  if (s->async && s->q_index >= 0) {
    sls_ld_keypath(kp, sizeof kp, path, "invocation");
    return sls_ld_fail(ld, config_setting_get_member(g, "invocation"), kp,
                       "applies to a function target, not to queue %s", s->target);
  }
  /* a topic or bus target: its events may carry a type; what applies to functions does not */
  s->event_type_id = -1;
  const char *et = NULL;
  config_setting_t *ets;
  if (sls_ld_str(ld, g, NULL, path, "event_type", 0, &et, &ets)) return SLS_EINPUT;
  int to_topic_or_bus = s->dest.kind == SLS_TARGET_TOPIC || s->dest.kind == SLS_TARGET_BUS;
  const char *stray = NULL;
  for (int r = 0; r < sls_schema_source.n && !stray; r++) {
    const char *k = sls_schema_source.keys[r].name;
    if (!sls_source_key_applies(s, k) && config_setting_get_member(g, k)) stray = k;
  }
  if (stray) {
    sls_ld_keypath(kp, sizeof kp, path, stray);
    return sls_ld_fail(ld, config_setting_get_member(g, stray), kp, "does not apply to a %s target",
                       to_topic_or_bus ? (s->dest.kind == SLS_TARGET_TOPIC ? "topic" : "bus")
                       : s->dest.kind == SLS_TARGET_MACHINE ? "state machine"
                                                            : "function or queue");
  }
  if (et) {
    if (!sls_name_ok(et, SLS_NAME_MAX)) {
      sls_ld_keypath(kp, sizeof kp, path, "event_type");
      return sls_ld_fail(ld, ets, kp, "expected %s, got \"%s\"", sls_name_rule(), et);
    }
    s->event_type = sls_xstrdup(et);
    s->event_type_id = sls_ld_event_type(ld, sc, et);
  }
  /* Events published to SNS or EventBridge: each arrival is one publish, billed in 64 KB
   * chunks [facts §4]; both deliver to Lambda asynchronously. */
  if (s->via && !s->async) {
    sls_ld_keypath(kp, sizeof kp, path, "via");
    return sls_ld_fail(
        ld, config_setting_get_member(g, "via"), kp,
        "SNS and EventBridge invoke functions asynchronously; expected invocation = \"async\"");
  }
  /* A Step Functions workflow: one execution per arrival, which invokes the target function
   * synchronously (a Task state) [facts §4]. */
  config_setting_t *wg;
  sls_ld_keypath(kp, sizeof kp, path, "workflow");
  s->workflow_mb = 64;
  if (sls_ld_group(ld, g, NULL, path, "workflow", &sls_schema_workflow,
                   "a group { type = \"standard\"; transitions = ...; }", &wg) ||
      sls_ld_read_keys(ld, wg, NULL, kp, &sls_schema_workflow, -1, s))
    return SLS_EINPUT;
  if (wg) {
    double mb = 64;
    const sls_key *tk = sls_schema_row(&sls_schema_workflow, "transitions"),
                  *mk = sls_schema_row(&sls_schema_workflow, "memory_mb");
    s->transitions = 0;
    if (sls_ld_num(ld, wg, NULL, kp, "transitions", tk->lo, tk->hi, 0, s->workflow == 1, &s->transitions) ||
        sls_ld_num(ld, wg, NULL, kp, "memory_mb", mk->lo, mk->hi, 0, 0, &mb))
      return SLS_EINPUT;
    s->workflow_mb = (int)(ceil(mb / 64) * 64); /* billed in 64 MB chunks [facts §4] */
    if (s->workflow && (s->async || s->q_index >= 0 || s->via))
      return sls_ld_fail(ld, wg, kp,
                         "a workflow invokes a function synchronously; expected a function target "
                         "with invocation = \"sync\" and no via");
  }
  if (arrival(ld, g, path, s)) return SLS_EINPUT;
  if (s->gateway != SLS_GW_NONE) { /* its latency: the source's, else the platform's */
    config_setting_t *lg = config_setting_get_member(g, "gateway_latency");
    if (!lg) {
      config_setting_t *pg = sls_ld_plat_group(ld, "api_gateway");
      const char *gw = sls_schema_row(&sls_schema_source, "api_gateway")->values[s->gateway];
      config_setting_t *one = pg ? config_setting_get_member(pg, gw) : NULL;
      lg = one ? config_setting_get_member(one, "latency") : NULL;
    }
    sls_ld_keypath(kp, sizeof kp, path, "gateway_latency");
    if (lg && sls_ld_dist(ld, lg, kp, &s->gateway_latency)) return SLS_EINPUT;
  }
  /* The client's retries: the rows' defaults are the AWS SDK's standard retry mode (base 100 ms,
   * cap 20 s, full jitter; AWS SDKs and Tools reference guide, "Retry behavior"). */
  config_setting_t *cg;
  sls_ld_keypath(kp, sizeof kp, path, "client");
  return sls_ld_group(ld, g, NULL, path, "client", &sls_schema_client, "a group", &cg) ||
         sls_ld_read_keys(ld, cg, NULL, kp, &sls_schema_client, -1, s);
}
