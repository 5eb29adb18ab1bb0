/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Step Functions state machines (loader.h): a machine and its flat list of states, read as
 * written (sls_ld_machine, with the other names of the graph), then resolved once every name is
 * known (sls_ld_machine_resolve): Next, Catch, Choice and Default name states of the machine;
 * Parallel branches and Map iterators name the first state of a scope of their own; a Task's
 * resource names a function, queue, topic or bus.  Scopes: the states reachable from StartAt
 * form scope 0, those reachable from each branch's or iterator's first state one scope each; a
 * state in two scopes, or a transition that leaves its scope, is refused (ASL: a branch's states
 * may not be reached from outside it).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/strmap.h"
#include "engine/text.h"
#include "engine/util.h"
#include "model/sfn.h"
#include "scenario/loader.h"

/* An array of 1..max names g.key into *names (*n of them); required: absent is an error. */
static int names_of(sls_loader *ld, const config_setting_t *g, const char *path, const char *key, int max,
                    int required, char ***names, int *n) {
  config_setting_t *a = config_setting_get_member(g, key);
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, key);
  *names = NULL;
  *n = 0;
  if (!a) return required ? sls_ld_fail(ld, g, kp, "missing; expected [\"...\", ...]") : 0;
  if (config_setting_type(a) != CONFIG_TYPE_ARRAY || config_setting_length(a) < 1 ||
      config_setting_length(a) > max)
    return sls_ld_fail(ld, a, kp, "expected an array of 1 to %d names [\"...\", ...]", max);
  *n = config_setting_length(a);
  *names = sls_xcalloc((size_t)*n, sizeof **names);
  for (int i = 0; i < *n; i++) {
    const char *t = config_setting_get_string(config_setting_get_elem(a, (unsigned)i));
    if (!t || !sls_name_ok(t, SLS_NAME_MAX))
      return sls_ld_fail(ld, a, kp, "element %d: expected %s", i, sls_name_rule());
    (*names)[i] = sls_xstrdup(t);
  }
  return 0;
}

static void free_names(char **names, int n) {
  for (int i = 0; names && i < n; i++)
    free(names[i]);
  free(names);
}

/* ErrorEquals: the error classes named, as SLS_ERR_* bits. */
static int errors_of(sls_loader *ld, const config_setting_t *g, const char *path, unsigned *out) {
  char **names;
  int n;
  if (names_of(ld, g, path, "errors", 5, 1, &names, &n)) return SLS_EINPUT;
  *out = 0;
  int rc = 0;
  for (int i = 0; i < n && !rc; i++) {
    int k = 0;
    while (sls_error_classes[k] && strcmp(names[i], sls_error_classes[k]))
      k++;
    if (!sls_error_classes[k] && strcmp(names[i], "all")) {
      char kp[256];
      sls_ld_keypath(kp, sizeof kp, path, "errors");
      rc = sls_ld_fail(
          ld, config_setting_get_member(g, "errors"), kp,
          "element %d: expected \"function\", \"timeout\", \"throttle\", \"failed\" or \"all\", got \"%s\"",
          i, names[i]);
    } else {
      *out |= sls_error_classes[k] ? 1u << k : (unsigned)SLS_ERR_ALL;
    }
  }
  free_names(names, n);
  return rc;
}

/* A list key of g whose elements are groups of schema s: each checked and read into
 * base + i * size; names its count. */
static int rule_list(sls_loader *ld, config_setting_t *g, const char *path, const char *key,
                     const sls_schema *s, void **out, size_t size, int *n, config_setting_t **l) {
  char kp[256];
  if (sls_ld_optional_list(ld, g, key, l, n)) return SLS_EINPUT;
  *out = sls_xcalloc((size_t)*n + 1, size);
  for (int i = 0; i < *n; i++) {
    config_setting_t *e = config_setting_get_elem(*l, (unsigned)i);
    snprintf(kp, sizeof kp, "%s.%s[%d]", path, key, i);
    if (config_setting_type(e) != CONFIG_TYPE_GROUP)
      return sls_ld_fail(ld, e, kp, "expected a group { ... }");
    if (sls_ld_check_keys(ld, e, kp, s, -1) ||
        sls_ld_read_keys(ld, e, NULL, kp, s, -1, (char *)*out + (size_t)i * size))
      return SLS_EINPUT;
  }
  return 0;
}

static int load_state(sls_loader *ld, config_setting_t *g, const char *mpath, int idx, sls_state_spec *st) {
  char path[300], kp[400];
  snprintf(path, sizeof path, "%s.states[%d]", mpath, idx);
  st->next = st->def = -1;
  void *rules = NULL;
  int rc;
  if (config_setting_type(g) != CONFIG_TYPE_GROUP)
    return sls_ld_fail(ld, g, path, "expected a group { name = \"...\"; type = \"task\"; ... }");
  const char *name;
  if (sls_ld_str(ld, g, NULL, path, "name", 1, &name, NULL)) return SLS_EINPUT;
  if (!sls_name_ok(name, SLS_NAME_MAX)) {
    sls_ld_keypath(kp, sizeof kp, path, "name");
    return sls_ld_fail(ld, config_setting_get_member(g, "name"), kp, "expected %s, got \"%s\"",
                       sls_name_rule(), name);
  }
  snprintf(path, sizeof path, "%s.states.%s", mpath, name);
  st->name = sls_xstrdup(name);
  int type = -1;
  if (sls_ld_enum(ld, g, NULL, path, "type", sls_state_types, &type)) return SLS_EINPUT;
  if (type < 0) {
    sls_ld_keypath(kp, sizeof kp, path, "type");
    return sls_ld_fail(ld, g, kp,
                       "missing; expected \"task\", \"choice\", \"parallel\", \"map\", \"wait\", "
                       "\"pass\", \"succeed\" or \"fail\"");
  }
  st->type = (sls_state_type)type;
  if (sls_ld_check_keys(ld, g, path, &sls_schema_state, type) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_state, type, st))
    return SLS_EINPUT;
  /* one of next or end = true, where the state flows on */
  if (sls_schema_row(&sls_schema_state, "next")->kinds >> type & 1) {
    int end = 0;
    if (sls_ld_name_key(ld, g, path, "next", &st->next_name) || sls_ld_bool(ld, g, NULL, path, "end", &end))
      return SLS_EINPUT;
    if (!st->next_name == !end) {
      sls_ld_keypath(kp, sizeof kp, path, st->next_name ? "end" : "next");
      return sls_ld_fail(ld, g, kp,
                         st->next_name ? "expected next or end = true, not both"
                                       : "missing; expected next = \"STATE\" or end = true");
    }
  }
  config_setting_t *l;
  switch (st->type) {
  case SLS_ST_TASK:
    if (sls_ld_name_key(ld, g, path, "resource", &st->resource_name)) return SLS_EINPUT;
    if (!st->resource_name) {
      sls_ld_keypath(kp, sizeof kp, path, "resource");
      return sls_ld_fail(ld, g, kp, "missing; expected the function, queue, topic or bus the task calls");
    }
    if (config_setting_get_member(g, "api_latency")) {
      sls_ld_keypath(kp, sizeof kp, path, "api_latency");
      if (sls_ld_dist(ld, config_setting_get_member(g, "api_latency"), kp, &st->api_latency))
        return SLS_EINPUT;
      st->resource.index = -2; /* given: not the default by resource */
    }
    /* a Task, a Parallel and a Map handle errors */
    __attribute__((fallthrough));
  case SLS_ST_PARALLEL:
  case SLS_ST_MAP:
    rc = rule_list(ld, g, path, "retry", &sls_schema_retrier, &rules, sizeof *st->retry, &st->n_retry, &l);
    st->retry = rules; /* owned by the state even when the list was refused half-way */
    if (rc) return SLS_EINPUT;
    if (st->n_retry > SLS_SFN_MAX_RETRIERS) {
      sls_ld_keypath(kp, sizeof kp, path, "retry");
      return sls_ld_fail(ld, l, kp, "expected at most %d retriers, got %d", SLS_SFN_MAX_RETRIERS,
                         st->n_retry);
    }
    for (int i = 0; i < st->n_retry; i++) {
      snprintf(kp, sizeof kp, "%s.retry[%d]", path, i);
      if (errors_of(ld, config_setting_get_elem(l, (unsigned)i), kp, &st->retry[i].errors)) return SLS_EINPUT;
    }
    rc = rule_list(ld, g, path, "catch", &sls_schema_catcher, &rules, sizeof *st->catches, &st->n_catch, &l);
    st->catches = rules;
    if (rc) return SLS_EINPUT;
    for (int i = 0; i < st->n_catch; i++) {
      config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
      snprintf(kp, sizeof kp, "%s.catch[%d]", path, i);
      if (errors_of(ld, e, kp, &st->catches[i].errors) ||
          sls_ld_name_key(ld, e, kp, "next", &st->catches[i].next_name))
        return SLS_EINPUT;
      if (!st->catches[i].next_name) {
        sls_ld_keypath(kp, sizeof kp, kp, "next");
        return sls_ld_fail(ld, e, kp, "missing; expected the state to go to");
      }
    }
    if (st->type == SLS_ST_PARALLEL &&
        names_of(ld, g, path, "branches", 1000, 1, &st->branch_names, &st->n_branches))
      return SLS_EINPUT;
    if (st->type == SLS_ST_MAP) {
      st->branch_names = sls_xcalloc(1, sizeof *st->branch_names);
      if (sls_ld_name_key(ld, g, path, "iterator", &st->branch_names[0])) return SLS_EINPUT;
      if (!st->branch_names[0]) {
        sls_ld_keypath(kp, sizeof kp, path, "iterator");
        return sls_ld_fail(ld, g, kp, "missing; expected the first state of each item's chain");
      }
      st->n_branches = 1;
    }
    return 0;
  case SLS_ST_CHOICE: {
    rc = rule_list(ld, g, path, "choices", &sls_schema_choice, &rules, sizeof *st->choices, &st->n_choices,
                   &l);
    st->choices = rules;
    if (rc) return SLS_EINPUT;
    double sum = 0;
    for (int i = 0; i < st->n_choices; i++) {
      snprintf(kp, sizeof kp, "%s.choices[%d]", path, i);
      if (sls_ld_name_key(ld, config_setting_get_elem(l, (unsigned)i), kp, "next", &st->choices[i].next_name))
        return SLS_EINPUT;
      sum += st->choices[i].probability;
    }
    if (sls_ld_name_key(ld, g, path, "default", &st->default_name)) return SLS_EINPUT;
    sls_ld_keypath(kp, sizeof kp, path, "choices");
    if (st->n_choices == 0 && !st->default_name)
      return sls_ld_fail(ld, g, kp, "missing; expected choices = ( { probability = ...; next = \"...\"; } )");
    if (sum > 1 + 1e-9)
      return sls_ld_fail(ld, l, kp, "expected probabilities that add up to at most 1, got %g", sum);
    if (!st->default_name && sum < 1 - 1e-9) {
      sls_ld_keypath(kp, sizeof kp, path, "default");
      return sls_ld_fail(ld, g, kp, "missing; expected the state the other %g of visits go to", 1 - sum);
    }
    return 0;
  }
  case SLS_ST_WAIT: {
    int found = 0;
    if (sls_ld_time_or_dist(ld, g, NULL, path, "wait", 31536000, &st->wait, &found)) return SLS_EINPUT;
    if (!found) {
      sls_ld_keypath(kp, sizeof kp, path, "wait");
      return sls_ld_fail(ld, g, kp, "missing; expected wait_s = ... or wait = { dist = ...; }");
    }
    return 0;
  }
  default: return 0;
  }
}

int sls_ld_machine(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_machine_spec *m) {
  (void)sc;
  char path[128], kp[256];
  const char *name;
  if (sls_ld_named_element(ld, g, "state_machines", idx, &sls_schema_machine, &name, path, sizeof path) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_machine, -1, m))
    return SLS_EINPUT;
  m->name = sls_xstrdup(name);
  if (sls_ld_name_key(ld, g, path, "start_at", &m->start_name)) return SLS_EINPUT;
  if (!m->start_name) {
    sls_ld_keypath(kp, sizeof kp, path, "start_at");
    return sls_ld_fail(ld, g, kp, "missing; expected the name of its first state");
  }
  if (m->sync && !m->express) {
    sls_ld_keypath(kp, sizeof kp, path, "invocation");
    return sls_ld_fail(ld, config_setting_get_member(g, "invocation"), kp,
                       "expected \"async\" for a Standard workflow (StartSyncExecution is Express only)");
  }
  /* the longest execution: 1 year (Standard), 5 minutes (Express) [facts §7] */
  sls_time most = (sls_time)(m->express ? 300 : 31536000) * SLS_NS_PER_S;
  m->timeout = most;
  if (sls_ld_row_time(ld, g, NULL, path, &sls_schema_machine, "timeout", 0, &m->timeout)) return SLS_EINPUT;
  if (m->timeout > most) {
    sls_ld_keypath(kp, sizeof kp, path, "timeout");
    return sls_ld_fail(ld, g, kp, "expected at most 300 s for an Express workflow (its maximum duration)");
  }
  if (m->express)
    sls_ld_lognormal_ms(&m->transition_latency, 5, 20);
  else
    sls_ld_lognormal_ms(&m->transition_latency, 20, 60);
  config_setting_t *tl = config_setting_get_member(g, "transition_latency");
  if (tl) {
    sls_ld_keypath(kp, sizeof kp, path, "transition_latency");
    if (sls_ld_dist(ld, tl, kp, &m->transition_latency)) return SLS_EINPUT;
  }
  config_setting_t *l = config_setting_get_member(g, "states");
  sls_ld_keypath(kp, sizeof kp, path, "states");
  if (!l || config_setting_type(l) != CONFIG_TYPE_LIST || config_setting_length(l) == 0)
    return sls_ld_fail(ld, l ? l : g, kp,
                       "expected a non-empty list ( { name = \"...\"; type = \"...\"; }, ... )");
  m->n_states = config_setting_length(l);
  m->states = sls_xcalloc((size_t)m->n_states + 1, sizeof *m->states);
  sls_strmap names;
  sls_strmap_init(&names, (size_t)m->n_states);
  int rc = 0;
  for (int i = 0; i < m->n_states && !rc; i++) {
    config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
    rc = load_state(ld, e, path, i, &m->states[i]);
    if (!rc && sls_strmap_put(&names, m->states[i].name, i) != -1) {
      char sp[400];
      snprintf(sp, sizeof sp, "%s.states.%s", path, m->states[i].name);
      rc = sls_ld_fail(ld, e, sp, "a second state of that name (state names are unique in a machine)");
    }
  }
  sls_strmap_destroy(&names);
  return rc;
}

/* ---- resolving ---- */

/* The index of state name in m (names: m's states' names, hashed), or a message (at at, kp)
 * naming the closest. */
static int state_index(sls_loader *ld, const sls_strmap *names, const sls_machine_spec *m,
                       const config_setting_t *at, const char *kp, const char *name, int *out) {
  if ((*out = sls_strmap_get(names, name)) >= 0) return 0;
  const char **list = sls_xcalloc((size_t)m->n_states + 1, sizeof *list);
  for (int i = 0; i < m->n_states; i++)
    list[i] = m->states[i].name;
  const char *c = sls_ld_closest(name, list, m->n_states);
  char sug[SLS_NAME_FIELD] = "";
  if (c) snprintf(sug, sizeof sug, "%s", c);
  free(list);
  if (*sug)
    return sls_ld_fail(ld, at, kp, "no state named \"%s\" in %s (did you mean \"%s\"?)", name, m->name, sug);
  return sls_ld_fail(ld, at, kp, "no state named \"%s\" in %s", name, m->name);
}

/* Marks the states reachable from state s in scope k; a state already in another scope is an
 * error.  Iterative (a machine can have thousands of states); scopes are kept + 1 while marking,
 * 0 meaning not yet reached. */
static int mark_scope(sls_loader *ld, config_setting_t *sl, const char *path, sls_machine_spec *m, int s,
                      int k) {
  size_t cap = 1;
  for (int i = 0; i < m->n_states; i++)
    cap += 2 + (size_t)m->states[i].n_catch + (size_t)m->states[i].n_choices;
  int *stack = sls_xcalloc(cap, sizeof *stack);
  size_t top = 0;
  int rc = 0;
  stack[top++] = s;
  while (top > 0 && !rc) {
    const int i = stack[--top];
    sls_state_spec *st = &m->states[i];
    if (st->scope == k + 1) continue; /* seen */
    if (st->scope != 0) {
      char kp[400];
      snprintf(kp, sizeof kp, "%s.states.%s", path, st->name);
      rc = sls_ld_fail(
          ld, config_setting_get_elem(sl, (unsigned)i), kp,
          "reached from two places that must stay apart (the top level, a Parallel branch or a Map "
          "iterator): a branch's states are its own");
      break;
    }
    st->scope = k + 1; /* each state is expanded once per scope: cap bounds the pushes */
    if (st->next >= 0) stack[top++] = st->next;
    if (st->def >= 0) stack[top++] = st->def;
    for (int c = 0; c < st->n_catch; c++)
      stack[top++] = st->catches[c].next;
    for (int c = 0; c < st->n_choices; c++)
      stack[top++] = st->choices[c].next;
  }
  free(stack);
  return rc;
}

static int resolve(sls_loader *ld, config_setting_t *g, sls_scenario *sc, sls_machine_spec *m,
                   const sls_strmap *names);

int sls_ld_machine_resolve(sls_loader *ld, config_setting_t *g, sls_scenario *sc, sls_machine_spec *m) {
  sls_strmap names;
  sls_strmap_init(&names, (size_t)m->n_states);
  for (int i = 0; i < m->n_states; i++)
    sls_strmap_put(&names, m->states[i].name, i); /* unique: sls_ld_machine checked */
  int rc = resolve(ld, g, sc, m, &names);
  sls_strmap_destroy(&names);
  return rc;
}

static int resolve(sls_loader *ld, config_setting_t *g, sls_scenario *sc, sls_machine_spec *m,
                   const sls_strmap *names) {
  char path[128], kp[512];
  snprintf(path, sizeof path, "state_machines.%s", m->name);
  config_setting_t *sl = config_setting_get_member(g, "states");
  sls_ld_keypath(kp, sizeof kp, path, "start_at");
  if (state_index(ld, names, m, config_setting_get_member(g, "start_at"), kp, m->start_name, &m->start))
    return SLS_EINPUT;
  for (int i = 0; i < m->n_states; i++) {
    sls_state_spec *st = &m->states[i];
    config_setting_t *e = config_setting_get_elem(sl, (unsigned)i);
    char sp[300];
    snprintf(sp, sizeof sp, "%s.states.%s", path, st->name);
    if (st->next_name) {
      sls_ld_keypath(kp, sizeof kp, sp, "next");
      if (state_index(ld, names, m, config_setting_get_member(e, "next"), kp, st->next_name, &st->next))
        return SLS_EINPUT;
    }
    if (st->default_name) {
      sls_ld_keypath(kp, sizeof kp, sp, "default");
      if (state_index(ld, names, m, config_setting_get_member(e, "default"), kp, st->default_name, &st->def))
        return SLS_EINPUT;
    }
    for (int c = 0; c < st->n_catch; c++) {
      snprintf(kp, sizeof kp, "%s.catch[%d].next", sp, c);
      if (state_index(ld, names, m, e, kp, st->catches[c].next_name, &st->catches[c].next)) return SLS_EINPUT;
    }
    for (int c = 0; c < st->n_choices; c++) {
      snprintf(kp, sizeof kp, "%s.choices[%d].next", sp, c);
      if (state_index(ld, names, m, e, kp, st->choices[c].next_name, &st->choices[c].next)) return SLS_EINPUT;
    }
    if (st->n_branches) {
      st->branches = sls_xcalloc((size_t)st->n_branches, sizeof *st->branches);
      for (int b = 0; b < st->n_branches; b++) {
        sls_ld_keypath(kp, sizeof kp, sp, st->type == SLS_ST_MAP ? "iterator" : "branches");
        if (state_index(ld, names, m, e, kp, st->branch_names[b], &st->branches[b])) return SLS_EINPUT;
      }
    }
    if (st->type == SLS_ST_TASK) {
      sls_ld_keypath(kp, sizeof kp, sp, "resource");
      int given = st->resource.index == -2;
      if (sls_ld_resolve(ld, sc, config_setting_get_member(e, "resource"), kp, st->resource_name,
                         1u << SLS_TARGET_FUNCTION | 1u << SLS_TARGET_QUEUE | 1u << SLS_TARGET_TOPIC |
                             1u << SLS_TARGET_BUS,
                         &st->resource))
        return SLS_EINPUT;
      if (st->async && st->resource.kind != SLS_TARGET_FUNCTION) {
        sls_ld_keypath(kp, sizeof kp, sp, "invocation");
        return sls_ld_fail(ld, config_setting_get_member(e, "invocation"), kp,
                           "applies to a function task only");
      }
      if (!given) { /* the integration's call time, as an emission's (facts §6: assumed) */
        static const double p50[] = {10, 10, 15, 20}, p99[] = {40, 40, 60, 80};
        int k = st->resource.kind;
        sls_ld_lognormal_ms(&st->api_latency, st->async ? 15 : p50[k], st->async ? 60 : p99[k]);
      }
    }
  }
  /* scopes: the top level, then each branch and iterator in the order they appear */
  if (mark_scope(ld, sl, path, m, m->start, 0)) return SLS_EINPUT;
  int k = 1;
  for (int i = 0; i < m->n_states; i++)
    for (int b = 0; b < m->states[i].n_branches; b++, k++)
      if (mark_scope(ld, sl, path, m, m->states[i].branches[b], k)) return SLS_EINPUT;
  m->n_scopes = k;
  for (int i = 0; i < m->n_states; i++) {
    sls_state_spec *st = &m->states[i];
    if (st->scope == 0) { /* never reached: ASL refuses it too */
      snprintf(kp, sizeof kp, "%s.states.%s", path, st->name);
      return sls_ld_fail(ld, config_setting_get_elem(sl, (unsigned)i), kp,
                         "not reachable from start_at, a branch or an iterator (ASL: every state must be)");
    }
    st->scope--;
  }
  return 0;
}

void sls_ld_machine_free(sls_machine_spec *m) {
  for (int i = 0; m->states && i < m->n_states; i++) {
    sls_state_spec *st = &m->states[i];
    free(st->name);
    free(st->next_name);
    free(st->resource_name);
    sls_dist_destroy(&st->api_latency);
    free(st->retry);
    for (int c = 0; st->catches && c < st->n_catch; c++)
      free(st->catches[c].next_name);
    free(st->catches);
    for (int c = 0; st->choices && c < st->n_choices; c++)
      free(st->choices[c].next_name);
    free(st->choices);
    free(st->default_name);
    free_names(st->branch_names, st->n_branches);
    free(st->branches);
    sls_dist_destroy(&st->wait);
  }
  free(m->states);
  free(m->name);
  free(m->start_name);
  sls_dist_destroy(&m->transition_latency);
}
