/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `slsim check`: the resolved scenario, every default made explicit, in the scenario language
 * (scenario.h).  Every group is printed row by row in its schema's order: a plain row by its type
 * (times in seconds, rates per second), a row marked SLS_KF_CODE by its entity's printer below.
 * Loading the output gives the same scenario (tests/check_scenario.c loads every shipped one
 * back).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/util.h"
#include "scenario/loader.h"

/* Where a group is printed: the stream and the indentation of its keys. */
typedef struct pr_ctx {
  FILE *out;
  char in[64];
  const sls_scenario *sc; /* the scenario printed (its event types' names) */
} pr_ctx;

/* A row marked SLS_KF_CODE: prints it (or nothing) for obj. */
typedef void (*code_fn)(pr_ctx *c, const sls_key *k, const void *obj);

static void put_str(FILE *out, const char *v) {
  fputc('"', out);
  for (; *v; v++) {
    unsigned char ch = (unsigned char)*v;
    if (ch == '"' || ch == '\\')
      fprintf(out, "\\%c", ch);
    else if (ch < 0x20 || ch == 0x7F)
      fprintf(out, "\\x%02x", ch);
    else
      fputc(ch, out);
  }
  fputc('"', out);
}

static void key_str(pr_ctx *c, const char *key, const char *v) {
  fprintf(c->out, "%s%s = ", c->in, key);
  put_str(c->out, v);
  fprintf(c->out, ";\n");
}

static void key_real(pr_ctx *c, const char *key, double x) {
  fprintf(c->out, "%s%s = ", c->in, key);
  sls_fprint_real(c->out, x);
  fprintf(c->out, ";\n");
}

static void key_dist(pr_ctx *c, const char *key, const sls_dist *d) {
  fprintf(c->out, "%s%s = ", c->in, key);
  sls_dist_fprint(c->out, d);
  fprintf(c->out, ";\n");
}

static void key_array(pr_ctx *c, const char *key, const double *x, int n, double scale) {
  fprintf(c->out, "%s%s = [", c->in, key);
  for (int i = 0; i < n; i++) {
    fprintf(c->out, "%s", i ? ", " : "");
    sls_fprint_real(c->out, x[i] * scale);
  }
  fprintf(c->out, "];\n");
}

static int64_t get_int(const void *obj, const sls_key *k) {
  const char *at = (const char *)obj + k->off;
  if (k->size == (int)sizeof(int64_t)) {
    int64_t v;
    memcpy(&v, at, sizeof v);
    return v;
  }
  int v;
  memcpy(&v, at, sizeof v);
  return v;
}

static double get_double(const void *obj, const sls_key *k) {
  double v;
  memcpy(&v, (const char *)obj + k->off, sizeof v);
  return v;
}

/* A plain row of obj. */
static void plain(pr_ctx *c, const sls_key *k, const void *obj) {
  FILE *out = c->out;
  switch (k->type) {
  case SLS_KT_INT: {
    int64_t v = get_int(obj, k);
    if ((k->flags & SLS_KF_NONE) && v == (int64_t)k->def) return;
    fprintf(out, "%s%s = %lld;\n", c->in, k->name, (long long)v);
    return;
  }
  case SLS_KT_NUM:
    if ((k->flags & SLS_KF_NONE) && isnan(get_double(obj, k))) return; /* not given */
    key_real(c, k->name, get_double(obj, k) / (k->scale != 0 ? k->scale : 1));
    return;
  case SLS_KT_BOOL:
    if ((k->flags & SLS_KF_NONE) && get_int(obj, k) == (int64_t)k->def) return; /* not given */
    fprintf(out, "%s%s = %s;\n", c->in, k->name, get_int(obj, k) ? "true" : "false");
    return;
  case SLS_KT_ENUM:
    if ((k->flags & SLS_KF_NONE) && get_int(obj, k) == (int64_t)k->def) return; /* the default: not given */
    fprintf(out, "%s%s = \"%s\";\n", c->in, k->name, k->values[get_int(obj, k)]);
    return;
  case SLS_KT_TIME: {
    sls_time v;
    memcpy(&v, (const char *)obj + k->off, sizeof v);
    if ((k->flags & SLS_KF_NONE) &&
        (isinf(k->def) ? v == SLS_TIME_MAX : v == (sls_time)llround(k->def * 1e9)))
      return; /* the default that means none */
    fprintf(out, "%s%s_s = ", c->in, k->name);
    sls_fprint_real(out, sls_time_to_s(v));
    fprintf(out, ";\n");
    return;
  }
  case SLS_KT_RATE:
    fprintf(out, "%s%s_per_s = ", c->in, k->name);
    sls_fprint_real(out, get_double(obj, k));
    fprintf(out, ";\n");
    return;
  default: return;
  }
}

/* The rows of s for obj (with kind >= 0, those of that kind), each line indented by c->in. */
static void rows(pr_ctx *c, const sls_schema *s, int kind, const void *obj, code_fn code) {
  for (int i = 0; i < s->n; i++) {
    const sls_key *k = &s->keys[i];
    if (k->flags & SLS_KF_UNUSED) continue;
    if (kind >= 0 && k->kinds && !(k->kinds >> kind & 1)) continue;
    if (s == &sls_schema_source && !sls_source_key_applies(obj, k->name)) continue;
    if (k->flags & SLS_KF_CODE) {
      if (code) code(c, k, obj);
    } else {
      plain(c, k, obj);
    }
  }
}

/* key = { rows of s }; */
static void group(pr_ctx *c, const char *key, const sls_schema *s, int kind, const void *obj, code_fn code) {
  pr_ctx in = *c;
  snprintf(in.in, sizeof in.in, "%s  ", c->in);
  fprintf(c->out, "%s%s = {\n", c->in, key);
  rows(&in, s, kind, obj, code);
  fprintf(c->out, "%s};\n", c->in);
}

/* One element of a list: { rows }, with the separator before it. */
static void element(pr_ctx *c, int *first, const sls_schema *s, const void *obj, code_fn code) {
  pr_ctx in = *c;
  snprintf(in.in, sizeof in.in, "%s    ", c->in);
  fprintf(c->out, "%s%s  {\n", *first ? "" : ",\n", c->in);
  /* an emission's and a state's rows are those of its kind */
  int kind = s == &sls_schema_emit    ? (int)((const sls_emit_spec *)obj)->kind
             : s == &sls_schema_state ? (int)((const sls_state_spec *)obj)->type
                                      : -1;
  rows(&in, s, kind, obj, code);
  fprintf(c->out, "%s  }", c->in);
  *first = 0;
}

static void list(pr_ctx *c, const char *key, const sls_schema *s, const void *base, size_t size, int n,
                 code_fn code);

/* names = ["a", "b"]; */
static void key_names(pr_ctx *c, const char *key, const char *const *names, int n) {
  fprintf(c->out, "%s%s = [", c->in, key);
  for (int i = 0; i < n; i++) {
    fprintf(c->out, "%s", i ? ", " : "");
    put_str(c->out, names[i]);
  }
  fprintf(c->out, "];\n");
}

/* event_types = [...] from interned type indices. */
static void key_types(pr_ctx *c, const char *key, const int *types, int n) {
  if (n == 0) return;
  const char *names[64];
  int k = n < 64 ? n : 64;
  for (int i = 0; i < k; i++)
    names[i] = c->sc->event_types[types[i]];
  key_names(c, key, names, k);
}

static void emit_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_emit_spec *e = obj;
  const char *n = k->name;
  if (!strcmp(n, "kind")) fprintf(c->out, "%skind = \"%s\";\n", c->in, k->values[e->kind]);
  if (!strcmp(n, "target")) key_str(c, n, e->target_name);
  if (!strcmp(n, "api_latency")) key_dist(c, n, &e->api_latency);
  if (!strcmp(n, "event_type") && e->event_type) key_str(c, n, e->event_type);
  if (!strcmp(n, "join") && e->join_name) key_str(c, n, e->join_name);
}

static void subscription_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_subscription_spec *sub = obj;
  if (!strcmp(k->name, "target")) key_str(c, k->name, sub->target_name);
  if (!strcmp(k->name, "event_types")) key_types(c, k->name, sub->types, sub->n_types);
}

static void topic_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_topic_spec *t = obj;
  if (!strcmp(k->name, "name")) key_str(c, k->name, t->name);
  if (!strcmp(k->name, "delivery_latency")) key_dist(c, k->name, &t->delivery_latency);
  if (!strcmp(k->name, "subscriptions"))
    list(c, k->name, &sls_schema_subscription, t->subs, sizeof *t->subs, t->n_subs, subscription_code);
}

static void rule_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_rule_spec *r = obj;
  if (!strcmp(k->name, "name")) key_str(c, k->name, r->name);
  if (!strcmp(k->name, "event_types")) key_types(c, k->name, r->types, r->n_types);
  if (!strcmp(k->name, "targets")) key_names(c, k->name, (const char *const *)r->target_names, r->n_targets);
  if (!strcmp(k->name, "dead_letter_queue") && r->dlq_name) key_str(c, k->name, r->dlq_name);
}

static void bus_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_bus_spec *b = obj;
  if (!strcmp(k->name, "name")) key_str(c, k->name, b->name);
  if (!strcmp(k->name, "delivery_latency")) key_dist(c, k->name, &b->delivery_latency);
  if (!strcmp(k->name, "rules"))
    list(c, k->name, &sls_schema_rule, b->rules, sizeof *b->rules, b->n_rules, rule_code);
}

static void join_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_join_spec *j = obj;
  if (!strcmp(k->name, "name")) key_str(c, k->name, j->name);
  if (!strcmp(k->name, "target")) key_str(c, k->name, j->target_name);
}

/* ---- state machines ---- */

static void key_errors(pr_ctx *c, unsigned errors) {
  const char *names[5];
  int n = 0;
  if (errors == SLS_ERR_ALL)
    names[n++] = "all";
  else
    for (int i = 0; sls_error_classes[i]; i++)
      if (errors >> i & 1) names[n++] = sls_error_classes[i];
  key_names(c, "errors", names, n);
}

static void retrier_code(pr_ctx *c, const sls_key *k, const void *obj) {
  if (!strcmp(k->name, "errors")) key_errors(c, ((const sls_retrier_spec *)obj)->errors);
}

static void catcher_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_catcher_spec *r = obj;
  if (!strcmp(k->name, "errors")) key_errors(c, r->errors);
  if (!strcmp(k->name, "next")) key_str(c, k->name, r->next_name);
}

static void choice_code(pr_ctx *c, const sls_key *k, const void *obj) {
  if (!strcmp(k->name, "next")) key_str(c, k->name, ((const sls_choice_spec *)obj)->next_name);
}

static void state_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_state_spec *st = obj;
  const char *n = k->name;
  if (!strcmp(n, "name")) key_str(c, n, st->name);
  if (!strcmp(n, "type")) key_str(c, n, sls_state_types[st->type]);
  if (!strcmp(n, "next") && st->next_name) key_str(c, n, st->next_name);
  if (!strcmp(n, "end") && !st->next_name) fprintf(c->out, "%send = true;\n", c->in);
  if (!strcmp(n, "resource")) key_str(c, n, st->resource_name);
  if (!strcmp(n, "api_latency")) key_dist(c, n, &st->api_latency);
  if (!strcmp(n, "retry") && st->n_retry)
    list(c, n, &sls_schema_retrier, st->retry, sizeof *st->retry, st->n_retry, retrier_code);
  if (!strcmp(n, "catch") && st->n_catch)
    list(c, n, &sls_schema_catcher, st->catches, sizeof *st->catches, st->n_catch, catcher_code);
  if (!strcmp(n, "choices") && st->n_choices)
    list(c, n, &sls_schema_choice, st->choices, sizeof *st->choices, st->n_choices, choice_code);
  if (!strcmp(n, "default") && st->default_name) key_str(c, n, st->default_name);
  if (!strcmp(n, "branches")) key_names(c, n, (const char *const *)st->branch_names, st->n_branches);
  if (!strcmp(n, "iterator")) key_str(c, n, st->branch_names[0]);
  if (!strcmp(n, "wait")) key_dist(c, n, &st->wait);
}

static void machine_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_machine_spec *m = obj;
  const char *n = k->name;
  if (!strcmp(n, "name")) key_str(c, n, m->name);
  if (!strcmp(n, "start_at")) key_str(c, n, m->start_name);
  if (!strcmp(n, "timeout")) key_real(c, "timeout_s", sls_time_to_s(m->timeout));
  if (!strcmp(n, "transition_latency")) key_dist(c, n, &m->transition_latency);
  if (!strcmp(n, "states"))
    list(c, n, &sls_schema_state, m->states, sizeof *m->states, m->n_states, state_code);
}

/* ---- the entities' own rows ---- */

static void runtime_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_runtime_spec *rt = obj;
  if (!strcmp(k->name, "name")) key_str(c, "name", rt->name);
  if (!strcmp(k->name, "source")) key_str(c, "source", rt->source);
  if (!strcmp(k->name, "init")) key_dist(c, "init", &rt->init); /* by_memory: the entry chosen */
  if (!strcmp(k->name, "overhead")) key_dist(c, "overhead", &rt->overhead);
  if (!strcmp(k->name, "init_billed")) {
    if (rt->init_billed_set)
      fprintf(c->out, "%sinit_billed = %s;\n", c->in, rt->init_billed ? "true" : "false");
    else
      fprintf(c->out, "%s# INIT billed: %s (init_billing rule)\n", c->in, rt->init_billed ? "yes" : "no");
  }
}

/* The function rows (a trace's template too: trace_code leaves out its memory unless it set it). */
static void function_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_function_spec *f = obj;
  const char *n = k->name;
  if (!strcmp(n, "name")) key_str(c, n, f->name);
  if (!strcmp(n, "runtime")) group(c, n, &sls_schema_runtime, -1, &f->runtime, runtime_code);
  if (!strcmp(n, "duration")) key_dist(c, n, &f->duration);
  if (!strcmp(n, "ref_memory_mb")) fprintf(c->out, "%s%s = %d;\n", c->in, n, f->ref_memory_mb);
  if (!strcmp(n, "keep_alive")) key_dist(c, n, &f->keep_alive);
  if (!strcmp(n, "max_lifetime")) {
    if (f->lifetime_on)
      key_dist(c, n, &f->max_lifetime);
    else
      fprintf(c->out, "%smax_lifetime_s = 0.0;  # never recycled\n", c->in);
  }
  if (!strcmp(n, "per_message")) key_dist(c, n, &f->per_message);
  if (!strcmp(n, "downstream") && f->downstream) key_str(c, n, f->downstream);
  if (!strcmp(n, "capacity_provider") && f->capacity_provider) key_str(c, n, f->capacity_provider);
  if (!strcmp(n, "on_failure") && f->on_failure) key_str(c, n, f->on_failure);
  if (!strcmp(n, "per_invocation")) group(c, n, &sls_schema_per_invocation, -1, f, NULL);
  if (!strcmp(n, "emits") && f->n_emits)
    list(c, n, &sls_schema_emit, f->emits, sizeof *f->emits, f->n_emits, emit_code);
  if (!strcmp(n, "provisioned_autoscaling") && f->pc_autoscaling.on)
    group(c, n, &sls_schema_pc_autoscaling, -1, &f->pc_autoscaling, NULL);
}

static void event_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_event_spec *e = obj;
  const char *n = k->name;
  if (!strcmp(n, "function") && e->function) key_str(c, n, e->function);
  if (!strcmp(n, "downstream") && e->downstream) key_str(c, n, e->downstream);
  if (!strcmp(n, "mapping") && e->mapping) key_str(c, n, e->mapping);
}

static void arrival_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_source_spec *s = obj;
  const char *n = k->name;
  if (!strcmp(n, "kind")) fprintf(c->out, "%skind = \"%s\";\n", c->in, k->values[s->kind]);
  if (!strcmp(n, "count")) fprintf(c->out, "%scount = %lld;\n", c->in, (long long)s->count);
  if (s->kind == SLS_ARRIVAL_PIECEWISE) { /* a rates_file is printed as the table it holds */
    if (!strcmp(n, "times")) {
      fprintf(c->out, "%stimes_s = [", c->in);
      for (int i = 0; i < s->n_pieces; i++) {
        fprintf(c->out, "%s", i ? ", " : "");
        sls_fprint_real(c->out, sls_time_to_s(s->piece_t[i]));
      }
      fprintf(c->out, "];\n");
    }
    if (!strcmp(n, "rates_per_s")) key_array(c, n, s->piece_rate, s->n_pieces, 1);
  }
  if (s->kind == SLS_ARRIVAL_MMPP) {
    if (!strcmp(n, "rates_per_s")) key_array(c, n, s->state_rate, s->n_states, 1);
    if (!strcmp(n, "switch_per_s")) key_array(c, n, s->state_switch, s->n_states, 1);
  }
}

static void workflow_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_source_spec *s = obj;
  if (!strcmp(k->name, "transitions")) key_real(c, k->name, s->transitions);
  if (!strcmp(k->name, "memory_mb")) fprintf(c->out, "%smemory_mb = %d;\n", c->in, s->workflow_mb);
}

static void source_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_source_spec *s = obj;
  const char *n = k->name;
  if (!strcmp(n, "name")) key_str(c, n, s->name);
  if (!strcmp(n, "target")) key_str(c, n, s->target);
  if (!strcmp(n, "event_type") && s->event_type) key_str(c, n, s->event_type);
  if (!strcmp(n, "workflow") && s->workflow) group(c, n, &sls_schema_workflow, -1, s, workflow_code);
  if (!strcmp(n, "arrival")) group(c, n, &sls_schema_arrival, (int)s->kind, s, arrival_code);
  if (!strcmp(n, "gateway_latency") && s->gateway != SLS_GW_NONE) key_dist(c, n, &s->gateway_latency);
  if (!strcmp(n, "client")) group(c, n, &sls_schema_client, -1, s, NULL);
}

static void queue_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_queue_spec *q = obj;
  if (!strcmp(k->name, "name")) key_str(c, k->name, q->name);
  if (!strcmp(k->name, "dead_letter_queue") && q->dlq) key_str(c, k->name, q->dlq);
}

static void mapping_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_mapping_spec *m = obj;
  if (!strcmp(k->name, "name")) key_str(c, k->name, m->name);
  if (!strcmp(k->name, "queue")) key_str(c, k->name, m->queue);
  if (!strcmp(k->name, "function")) key_str(c, k->name, m->function);
  if (!strcmp(k->name, "batch_size")) fprintf(c->out, "%sbatch_size = %d;\n", c->in, m->batch_size);
}

static void downstream_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_downstream_spec *d = obj;
  if (!strcmp(k->name, "name")) key_str(c, k->name, d->name);
  if (!strcmp(k->name, "latency")) key_dist(c, k->name, &d->latency);
  if (!strcmp(k->name, "collapse") && d->collapse_on) group(c, k->name, &sls_schema_collapse, -1, d, NULL);
  if (!strcmp(k->name, "outages") && d->n_outages)
    list(c, k->name, &sls_schema_outage, d->outages, sizeof *d->outages, d->n_outages, NULL);
}

static void trace_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_trace_spec *t = obj;
  const char *n = k->name;
  const char *const strs[] = {"name", "format",  "invocations", "durations", "memory",
                              "file", "trigger", "app",         "placement"};
  const char *const vals[] = {t->name, t->format,  t->invocations, t->durations, t->memory,
                              t->file, t->trigger, t->app,         t->placement};
  for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
    if (!strcmp(n, strs[i]) && vals[i]) key_str(c, n, vals[i]);
  if (!strcmp(n, "function")) {
    pr_ctx in = *c;
    snprintf(in.in, sizeof in.in, "%s  ", c->in);
    fprintf(c->out, "%sfunction = {  # the template of its %d functions\n", c->in, t->n_functions);
    for (int i = 0; i < sls_schema_function.n; i++) {
      const sls_key *fk = &sls_schema_function.keys[i];
      int memory = !strcmp(fk->name, "memory_mb") || !strcmp(fk->name, "ref_memory_mb");
      if ((fk->flags & SLS_KF_UNUSED) || (memory && !t->tmpl_memory)) continue;
      if (fk->flags & SLS_KF_CODE)
        function_code(&in, fk, &t->tmpl);
      else
        plain(&in, fk, &t->tmpl);
    }
    fprintf(c->out, "%s};\n", c->in);
  }
}

static void alternative_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_alternative_spec *a = obj;
  const char *n = k->name;
  if (!strcmp(n, "name")) key_str(c, n, a->name);
  if (!strcmp(n, "kind")) fprintf(c->out, "%skind = \"%s\";\n", c->in, k->values[a->kind]);
  if (!strcmp(n, "instance") && a->instance) key_str(c, n, a->instance);
  if (!strcmp(n, "usd_per_hour")) key_real(c, n, a->usd_per_hour); /* usd_per_month given: per 720 h */
  if (!strcmp(n, "vcpu")) key_real(c, n, a->vcpu);
  if (!strcmp(n, "memory_gb")) key_real(c, n, a->memory_gb);
  if (!strcmp(n, "arch") && a->kind == SLS_ALT_FARGATE)
    fprintf(c->out, "%sarch = \"%s\";\n", c->in, k->values[a->arm]);
  if (!strcmp(n, a->by_concurrency ? "capacity_concurrency" : "capacity_rps")) key_real(c, n, a->capacity);
  if (!strcmp(n, "functions") && a->n_functions) {
    fprintf(c->out, "%sfunctions = [", c->in);
    for (int i = 0; i < a->n_functions; i++) {
      fprintf(c->out, "%s", i ? ", " : "");
      put_str(c->out, a->function_names[i]);
    }
    fprintf(c->out, "];\n");
  }
}

static void capacity_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_capacity_spec *cp = obj;
  if (!strcmp(k->name, "name")) key_str(c, k->name, cp->name);
  if (!strcmp(k->name, "instance_type")) key_str(c, k->name, cp->instance_type);
}

static void scaling_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_account_spec *a = obj;
  if (!strcmp(k->name, "burst")) key_real(c, k->name, a->burst);
  if (!strcmp(k->name, "refill")) key_real(c, "refill_per_s", a->refill_per_s);
  if (!strcmp(k->name, "refill_non_http")) key_real(c, "refill_non_http_per_s", a->refill_non_http_per_s);
}

static void account_code(pr_ctx *c, const sls_key *k, const void *obj) {
  if (!strcmp(k->name, "scaling")) group(c, k->name, &sls_schema_scaling, -1, obj, scaling_code);
}

/* A list of n elements of size bytes each, those made by a trace left out (their trace block is
 * printed instead). */
static void list(pr_ctx *c, const char *key, const sls_schema *s, const void *base, size_t size, int n,
                 code_fn code) {
  fprintf(c->out, "%s%s = (\n", c->in, key);
  int first = 1;
  for (int i = 0; i < n; i++) {
    const void *e = (const char *)base + (size_t)i * size;
    if (s == &sls_schema_function && ((const sls_function_spec *)e)->from_trace) continue;
    if (s == &sls_schema_source && ((const sls_source_spec *)e)->from_trace) continue;
    element(c, &first, s, e, code);
  }
  fprintf(c->out, "%s);\n", first ? "" : "\n");
}

static void scenario_code(pr_ctx *c, const sls_key *k, const void *obj) {
  const sls_scenario *sc = obj;
  const char *n = k->name;
  if (!strcmp(n, "name")) key_str(c, n, sc->name);
  if (!strcmp(n, "platform")) key_str(c, n, "none"); /* its defaults are printed where they apply */
  if (!strcmp(n, "pricing")) key_str(c, n, sc->price.name);
  if (!strcmp(n, "seed")) fprintf(c->out, "seed = %llu;\n", (unsigned long long)sc->seed);
  if (!strcmp(n, "account")) group(c, n, &sls_schema_account, -1, &sc->account, account_code);
  if (!strcmp(n, "functions"))
    list(c, n, &sls_schema_function, sc->functions, sizeof *sc->functions, sc->n_functions, function_code);
  if (!strcmp(n, "sources"))
    list(c, n, &sls_schema_source, sc->sources, sizeof *sc->sources, sc->n_sources, source_code);
  if (!strcmp(n, "queues"))
    list(c, n, &sls_schema_queue, sc->queues, sizeof *sc->queues, sc->n_queues, queue_code);
  if (!strcmp(n, "mappings"))
    list(c, n, &sls_schema_mapping, sc->mappings, sizeof *sc->mappings, sc->n_mappings, mapping_code);
  if (!strcmp(n, "downstreams"))
    list(c, n, &sls_schema_downstream, sc->downstreams, sizeof *sc->downstreams, sc->n_downstreams,
         downstream_code);
  if (!strcmp(n, "traces"))
    list(c, n, &sls_schema_trace, sc->traces, sizeof *sc->traces, sc->n_traces, trace_code);
  if (!strcmp(n, "alternatives"))
    list(c, n, &sls_schema_alternative, sc->alternatives, sizeof *sc->alternatives, sc->n_alternatives,
         alternative_code);
  if (!strcmp(n, "capacity_providers") && sc->n_capacity)
    list(c, n, &sls_schema_capacity, sc->capacity, sizeof *sc->capacity, sc->n_capacity, capacity_code);
  if (!strcmp(n, "topics"))
    list(c, n, &sls_schema_topic, sc->topics, sizeof *sc->topics, sc->n_topics, topic_code);
  if (!strcmp(n, "buses")) list(c, n, &sls_schema_bus, sc->buses, sizeof *sc->buses, sc->n_buses, bus_code);
  if (!strcmp(n, "joins")) list(c, n, &sls_schema_join, sc->joins, sizeof *sc->joins, sc->n_joins, join_code);
  if (!strcmp(n, "state_machines") && sc->n_machines)
    list(c, n, &sls_schema_machine, sc->machines, sizeof *sc->machines, sc->n_machines, machine_code);
  if (!strcmp(n, "step_functions")) group(c, n, &sls_schema_sfn_quotas, -1, &sc->sfn, NULL);
  if (!strcmp(n, "events") && sc->n_events)
    list(c, n, &sls_schema_event, sc->events, sizeof *sc->events, sc->n_events, event_code);
}

void sls_scenario_print(FILE *out, const sls_scenario *sc) {
  fprintf(out,
          "# %s, resolved from platform %s: every default made explicit; `slsim run` reads this file as it "
          "is.\n",
          sc->path, sc->platform);
  pr_ctx c = {.out = out, .in = "", .sc = sc};
  rows(&c, &sls_schema_scenario, -1, sc, scenario_code);
}
