/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * --set KEY=VALUE (and each point of a sweep's --vary): the key is walked through the schema,
 * so its value is typed by its row, not guessed from the literal (loader.h).
 *
 *   functions.api.memory_mb=2048      scenario -> functions (list) -> "api" -> memory_mb (integer)
 *   queues.orders.fifo.delay_s=5      a list element's name may hold dots: the longest name wins
 *   sources.[0].arrival.rate_per_h=90 an element by index; rate_per_h replaces rate_per_s
 *   account.scaling.mode=legacy       missing groups are made
 *
 * A time or rate replaces the key in whatever unit the file gave it (duration_h=1 removes
 * duration_s), and a constant time replaces a distribution of the same key (keep_alive_s=60
 * removes keep_alive = { ... }): the value given is the one used.  Ranges, enum values and names
 * are then checked by the loader like any written value.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/util.h"
#include "scenario/loader.h"

/* How a message names the override: "--set", or a sweep point's "--vary". */
#define OPT(o) (vary ? "--vary" : "--set")

/* Removes every setting of group g that spells k, except keep (may be NULL). */
static void remove_spellings(config_setting_t *g, const sls_key *k, const char *keep) {
  for (int i = config_setting_length(g) - 1; i >= 0; i--) {
    config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const char *name = config_setting_name(c);
    if (name && sls_schema_key_is(k, name, NULL) && (!keep || strcmp(name, keep) != 0))
      config_setting_remove_elem(g, (unsigned)i);
  }
}

/* The element of list l that the path at p selects ("[3]" or the longest name that p starts
 * with, followed by '.' or the end); *rest after it.  NULL if none. */
static config_setting_t *element(config_setting_t *l, const char *p, const char **rest) {
  if (p[0] == '[') {
    char *end;
    errno = 0;
    long i = strtol(p + 1, &end, 10);
    if (errno || end == p + 1 || *end != ']' || i < 0 || i >= config_setting_length(l)) return NULL;
    *rest = end + 1;
    return config_setting_get_elem(l, (unsigned)i);
  }
  config_setting_t *best = NULL;
  size_t best_len = 0;
  for (int i = 0; i < config_setting_length(l); i++) {
    config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
    const char *nm;
    if (config_setting_type(e) != CONFIG_TYPE_GROUP || !config_setting_lookup_string(e, "name", &nm))
      continue;
    size_t n = strlen(nm);
    if (n > best_len && strncmp(p, nm, n) == 0 && (p[n] == '.' || p[n] == 0)) {
      best = e;
      best_len = n;
    }
  }
  *rest = p + best_len;
  return best;
}

/* The names a key of s could be meant as, for "did you mean". */
static const char *suggest(const sls_schema *s, const char *tok, char *buf, size_t n) {
  const char *names[64];
  char spell[64][48];
  int nn = 0;
  for (int r = 0; r < s->n && nn < 64; r++) {
    const sls_key *k = &s->keys[r];
    snprintf(spell[nn], sizeof spell[nn], "%s%s", k->name,
             k->type == SLS_KT_TIME || k->type == SLS_KT_TIMES ? "_s"
             : k->type == SLS_KT_RATE                          ? "_per_s"
                                                               : "");
    names[nn] = spell[nn];
    nn++;
  }
  const char *c = sls_ld_closest(tok, names, nn);
  if (!c) return NULL;
  snprintf(buf, n, "%s", c);
  return buf;
}

/* Sets the existing or new setting tok of group g to text v, typed by row k. */
static int set_value(sls_loader *ld, const sls_override *o, int vary, config_setting_t *g, const char *tok,
                     const sls_key *k) {
  const char *v = o->value;
  char *end;
  int type;
  switch (k->type) {
  case SLS_KT_INT: {
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (!*v || *end || errno) {
      sls_err(ld->err, "%s %s=%s: expected an integer", OPT(o), o->key, v);
      return SLS_EINPUT;
    }
    type = CONFIG_TYPE_INT64;
    remove_spellings(g, k, NULL);
    config_setting_set_int64(config_setting_add(g, tok, type), x);
    return 0;
  }
  case SLS_KT_NUM:
  case SLS_KT_TIME:
  case SLS_KT_TIME_OR_DIST:
  case SLS_KT_RATE: {
    double x = strtod(v, &end);
    if (!*v || *end || !isfinite(x)) {
      sls_err(ld->err, "%s %s=%s: expected a number", OPT(o), o->key, v);
      return SLS_EINPUT;
    }
    if (k->type == SLS_KT_TIME_OR_DIST && !strcmp(tok, k->name)) {
      sls_err(ld->err,
              "--set %s=%s: expected a time with its unit (%s_s=...), or set the distribution's keys", o->key,
              v, k->name);
      return SLS_EINPUT;
    }
    remove_spellings(g, k, NULL);
    config_setting_set_float(config_setting_add(g, tok, CONFIG_TYPE_FLOAT), x);
    return 0;
  }
  case SLS_KT_BOOL:
    if (strcmp(v, "true") && strcmp(v, "false")) {
      sls_err(ld->err, "%s %s=%s: expected true or false", OPT(o), o->key, v);
      return SLS_EINPUT;
    }
    remove_spellings(g, k, NULL);
    config_setting_set_bool(config_setting_add(g, tok, CONFIG_TYPE_BOOL), strcmp(v, "true") == 0);
    return 0;
  case SLS_KT_TEXT:
  case SLS_KT_NAME:
  case SLS_KT_PATH:
  case SLS_KT_ENUM:
  case SLS_KT_MODEL:
    remove_spellings(g, k, NULL);
    config_setting_set_string(config_setting_add(g, tok, CONFIG_TYPE_STRING), v);
    return 0;
  default:
    sls_err(ld->err, "%s %s: cannot set a group, list or array from the command line; set its keys", OPT(o),
            o->key);
    return SLS_EINPUT;
  }
}

/* A function's duration was measured at the memory its scenario gives it: an override of
 * memory_mb keeps that memory as ref_memory_mb (unless the function names one), so the CPU rule
 * scales its duration (a sweep over memory shows what memory does).  Memory the file does not
 * write is the platform's default, known once the platform is read: the function is marked. */
static void keep_reference_memory(sls_loader *ld, config_setting_t *fn) {
  if (config_setting_get_member(fn, "ref_memory_mb")) return;
  config_setting_t *m = config_setting_get_member(fn, "memory_mb");
  if (m && sls_ld_is_number(m)) {
    config_setting_set_int64(config_setting_add(fn, "ref_memory_mb", CONFIG_TYPE_INT64),
                             (long long)sls_ld_number(m));
    return;
  }
  if (m) return; /* not a number: the loader reports it */
  ld->ref_default = sls_xrealloc(ld->ref_default, (size_t)(ld->n_ref_default + 1) * sizeof *ld->ref_default);
  ld->ref_default[ld->n_ref_default++] = fn;
}

int sls_ld_override(sls_loader *ld, const sls_override *o, int vary) {
  config_setting_t *cur = config_root_setting(&ld->cfg);
  const sls_schema *s = &sls_schema_scenario;
  const char *p = o->key;
  char tok[256], done[512] = "";
  ld->failed = 1; /* every return but the last is an error */
  for (;;) {
    size_t n = strcspn(p, ".");
    if (n == 0 || n >= sizeof tok) break;
    memcpy(tok, p, n);
    tok[n] = 0;
    const char *next = p[n] ? p + n + 1 : NULL;
    const sls_key *k = sls_schema_key(s, tok, NULL);
    if (!k) {
      char sug[64];
      if (suggest(s, tok, sug, sizeof sug))
        sls_err(ld->err, "%s %s=%s: %s%s%s: unknown key (did you mean '%s'?)", OPT(o), o->key, o->value, done,
                *done ? "." : "", tok, sug);
      else
        sls_err(ld->err, "%s %s=%s: %s%s%s: unknown key (slsim keys %s lists them)", OPT(o), o->key, o->value,
                done, *done ? "." : "", tok, s->name);
      return SLS_EINPUT;
    }
    snprintf(done + strlen(done), sizeof done - strlen(done), "%s%s", *done ? "." : "", tok);
    if (!next) {
      if (s == &sls_schema_function && !strcmp(k->name, "memory_mb")) keep_reference_memory(ld, cur);
      if (set_value(ld, o, vary, cur, tok, k)) return SLS_EINPUT;
      ld->failed = 0;
      return 0;
    }
    config_setting_t *child = config_setting_get_member(cur, tok);
    if (k->type == SLS_KT_LIST) {
      if (!child || config_setting_type(child) != CONFIG_TYPE_LIST) break;
      const char *rest;
      config_setting_t *e = element(child, next, &rest);
      if (!e || (*rest && *rest != '.') || !*rest) break;
      snprintf(done + strlen(done), sizeof done - strlen(done), ".%.*s", (int)(rest - next), next);
      cur = e;
      s = k->sub;
      p = rest + 1;
      continue;
    }
    if (k->type != SLS_KT_GROUP && k->type != SLS_KT_DIST && k->type != SLS_KT_TIME_OR_DIST &&
        k->type != SLS_KT_MODEL) {
      sls_err(ld->err, "%s %s=%s: %s is %s, not a group", OPT(o), o->key, o->value, done,
              k->type == SLS_KT_TIME ? "a time" : "a value");
      return SLS_EINPUT;
    }
    if (child && config_setting_type(child) != CONFIG_TYPE_GROUP) {
      sls_err(ld->err, "%s %s=%s: %s is not a group in %s (a model name? write the group in the file)",
              OPT(o), o->key, o->value, done, ld->path);
      return SLS_EINPUT;
    }
    if (!child) {
      if (k->type == SLS_KT_TIME_OR_DIST) remove_spellings(cur, k, NULL); /* the distribution replaces it */
      child = config_setting_add(cur, tok, CONFIG_TYPE_GROUP);
    }
    cur = child;
    s = k->sub;
    p = next;
  }
  sls_err(ld->err, "%s %s=%s: no such place in %s (use e.g. functions.NAME.memory_mb)", OPT(o), o->key,
          o->value, ld->path);
  return SLS_EINPUT;
}
