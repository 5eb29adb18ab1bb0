/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The loader's core: messages, typed reads with ranges, and the schema's keys (loader.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text.h"
#include "engine/util.h"
#include "io/cfgtext.h"
#include "scenario/loader.h"

/* ---- messages ---- */

const char *sls_ld_where(const sls_loader *ld, const config_setting_t *s, int *line) {
  *line = 0;
  const config_setting_t *root = s && s->config ? config_root_setting(s->config) : NULL;
  const sls_cfgtext *t = root ? config_setting_get_hook(root) : NULL;
  if (!t) return ld->path;
  return sls_cfgtext_where(t, (int)config_setting_source_line(s), line);
}

/* FILE:LINE: KEY: MESSAGE (FILE: KEY: ... for a setting made by --set or the loader) into out. */
static void located(const sls_loader *ld, const config_setting_t *s, const char *key, const char *fmt,
                    va_list ap, char *out, size_t n) {
  char msg[SLS_ERRLEN];
  vsnprintf(msg, sizeof msg, fmt, ap);
  int line;
  const char *file = sls_ld_where(ld, s, &line);
  if (line > 0)
    snprintf(out, n, "%s:%d: %s: %s", file, line, key, msg);
  else
    snprintf(out, n, "%s: %s: %s", file, key, msg);
}

int sls_ld_fail(sls_loader *ld, const config_setting_t *s, const char *key, const char *fmt, ...) {
  if (ld->failed) return SLS_EINPUT;
  ld->failed = 1;
  char text[SLS_ERRLEN];
  va_list ap;
  va_start(ap, fmt);
  located(ld, s, key, fmt, ap, text, sizeof text);
  va_end(ap);
  sls_err(ld->err, "%s", text);
  return SLS_EINPUT;
}

void sls_sc_warn(sls_scenario *sc, const char *w) {
  size_t old = sc->warnings ? strlen(sc->warnings) : 0, n = strlen(w);
  sc->warnings = sls_xrealloc(sc->warnings, old + n + 2);
  memcpy(sc->warnings + old, w, n);
  sc->warnings[old + n] = '\n';
  sc->warnings[old + n + 1] = 0;
}

void sls_ld_warn(sls_loader *ld, sls_scenario *sc, const config_setting_t *s, const char *key,
                 const char *fmt, ...) {
  char text[SLS_ERRLEN];
  va_list ap;
  va_start(ap, fmt);
  located(ld, s, key, fmt, ap, text, sizeof text);
  va_end(ap);
  sls_sc_warn(sc, text);
}

int sls_edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 63 || lb > 63) return 99;
  int d[64][64];
  for (size_t i = 0; i <= la; i++)
    d[i][0] = (int)i;
  for (size_t j = 0; j <= lb; j++)
    d[0][j] = (int)j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
      d[i][j] = c;
    }
  return d[la][lb];
}

const char *sls_ld_closest(const char *s, const char *const *names, int n) {
  const char *best = NULL;
  int bd = 99;
  for (int i = 0; i < n; i++) {
    int dd = sls_edit_distance(s, names[i]);
    if (dd < bd) {
      bd = dd;
      best = names[i];
    }
  }
  int lim = (int)strlen(s) / 3 + 1;
  return bd <= lim ? best : NULL;
}

void sls_ld_keypath(char *buf, size_t n, const char *path, const char *key) {
  snprintf(buf, n, "%s%s%s", path, *path ? "." : "", key);
}

int sls_ld_is_number(const config_setting_t *s) {
  int t = config_setting_type(s);
  return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

double sls_ld_number(const config_setting_t *s) {
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_INT: return config_setting_get_int(s);
  case CONFIG_TYPE_INT64: return (double)config_setting_get_int64(s);
  case CONFIG_TYPE_FLOAT: return config_setting_get_float(s);
  default: return NAN;
  }
}

const char *sls_ld_type_name(const config_setting_t *s) {
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_INT:
  case CONFIG_TYPE_INT64: return "an integer";
  case CONFIG_TYPE_FLOAT: return "a number";
  case CONFIG_TYPE_STRING: return "a string";
  case CONFIG_TYPE_BOOL: return "a boolean";
  case CONFIG_TYPE_GROUP: return "a group { ... }";
  case CONFIG_TYPE_LIST: return "a list ( ... )";
  case CONFIG_TYPE_ARRAY: return "an array [ ... ]";
  default: return "something else";
  }
}

int sls_ld_count(const char *const *values) {
  int n = 0;
  while (values[n])
    n++;
  return n;
}

/* ---- typed reads ---- */

config_setting_t *sls_ld_lookup(const config_setting_t *g, const config_setting_t *fb, const char *key) {
  config_setting_t *s = g ? config_setting_get_member(g, key) : NULL;
  if (!s && fb) s = config_setting_get_member(fb, key);
  return s;
}

int sls_ld_num(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
               const char *key, double lo, double hi, int integral, int required, double *out) {
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, key);
  config_setting_t *s = sls_ld_lookup(g, fb, key);
  if (!s)
    return required ? sls_ld_fail(ld, g, kp, "missing; expected %s in %g..%g",
                                  integral ? "an integer" : "a number", lo, hi)
                    : 0;
  if (!sls_ld_is_number(s) || (integral && config_setting_type(s) == CONFIG_TYPE_FLOAT))
    return sls_ld_fail(ld, s, kp, "expected %s in %g..%g, got %s", integral ? "an integer" : "a number", lo,
                       hi, sls_ld_type_name(s));
  double v = sls_ld_number(s);
  if (!(v >= lo && v <= hi)) return sls_ld_fail(ld, s, kp, "expected a value in %g..%g, got %g", lo, hi, v);
  *out = v;
  return 0;
}

int sls_ld_int64(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                 const char *key, double lo, double hi, int required, int64_t *out) {
  double v = (double)*out;
  int rc = sls_ld_num(ld, g, fb, path, key, lo, hi, 1, required, &v);
  *out = (int64_t)v;
  return rc;
}

int sls_ld_bool(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                const char *key, int *out) {
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, key);
  config_setting_t *s = sls_ld_lookup(g, fb, key);
  if (!s) return 0;
  if (config_setting_type(s) != CONFIG_TYPE_BOOL)
    return sls_ld_fail(ld, s, kp, "expected true or false, got %s", sls_ld_type_name(s));
  *out = config_setting_get_bool(s);
  return 0;
}

int sls_ld_str(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
               const char *key, int required, const char **out, config_setting_t **where) {
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, key);
  config_setting_t *s = sls_ld_lookup(g, fb, key);
  if (where) *where = s;
  if (!s) return required ? sls_ld_fail(ld, g, kp, "missing; expected a string") : 0;
  if (config_setting_type(s) != CONFIG_TYPE_STRING)
    return sls_ld_fail(ld, s, kp, "expected a string, got %s", sls_ld_type_name(s));
  *out = config_setting_get_string(s);
  return 0;
}

int sls_ld_enum(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                const char *key, const char *const *values, int *out) {
  const char *v = NULL;
  config_setting_t *s;
  if (sls_ld_str(ld, g, fb, path, key, 0, &v, &s)) return SLS_EINPUT;
  if (!v) return 0;
  int n = sls_ld_count(values);
  for (int i = 0; i < n; i++)
    if (strcmp(v, values[i]) == 0) {
      *out = i;
      return 0;
    }
  char kp[256], allowed[256] = "";
  sls_ld_keypath(kp, sizeof kp, path, key);
  for (int i = 0; i < n; i++)
    snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s\"%s\"", i ? ", " : "",
             values[i]);
  const char *sug = sls_ld_closest(v, values, n);
  if (sug)
    return sls_ld_fail(ld, s, kp, "expected one of %s, got \"%s\" (did you mean \"%s\"?)", allowed, v, sug);
  return sls_ld_fail(ld, s, kp, "expected one of %s, got \"%s\"", allowed, v);
}

/* Finds base+suffix in g for one of the n units; reports a key given in two units.  Returns
 * the setting (NULL if absent or after an error) and one unit's worth in *scale. */
static config_setting_t *find_suffixed(sls_loader *ld, const config_setting_t *g, const char *path,
                                       const char *base, const sls_unit *units, int n, double *scale) {
  config_setting_t *found = NULL;
  for (int i = 0; g && i < n; i++) {
    char name[96];
    snprintf(name, sizeof name, "%s%s", base, units[i].suffix);
    config_setting_t *s = config_setting_get_member(g, name);
    if (!s) continue;
    if (found) {
      char kp[256];
      sls_ld_keypath(kp, sizeof kp, path, name);
      sls_ld_fail(ld, s, kp, "given twice, also as %s; give it in one unit only", config_setting_name(found));
      return NULL;
    }
    found = s;
    *scale = units[i].scale;
  }
  return found;
}

config_setting_t *sls_ld_find_unit(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb,
                                   const char *path, const char *base, double *unit_ns) {
  config_setting_t *s = find_suffixed(ld, g, path, base, sls_time_units, 5, unit_ns);
  if (!s && !ld->failed) s = find_suffixed(ld, fb, path, base, sls_time_units, 5, unit_ns);
  return s;
}

int sls_ld_time(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                const char *base, double lo_s, double hi_s, int required, sls_time *out) {
  double unit = 1e9;
  config_setting_t *s = sls_ld_find_unit(ld, g, fb, path, base, &unit);
  if (ld->failed) return SLS_EINPUT;
  char kp[256];
  if (!s) {
    sls_ld_keypath(kp, sizeof kp, path, base);
    return required ? sls_ld_fail(ld, g, kp, "missing; expected a time, e.g. %s_s = 1.5", base) : 0;
  }
  sls_ld_keypath(kp, sizeof kp, path, config_setting_name(s));
  if (!sls_ld_is_number(s)) return sls_ld_fail(ld, s, kp, "expected a number, got %s", sls_ld_type_name(s));
  double v = sls_ld_number(s) * unit;
  if (!(v >= lo_s * 1e9 && v <= hi_s * 1e9))
    return sls_ld_fail(ld, s, kp, "expected a time in %g..%g s, got %g s", lo_s, hi_s, v / 1e9);
  *out = (sls_time)llround(v);
  return 0;
}

int sls_ld_rate(sls_loader *ld, const config_setting_t *g, const char *path, const char *base, double lo,
                double hi, int required, double *out) {
  double per_s = 1;
  config_setting_t *found = find_suffixed(ld, g, path, base, sls_rate_units, 4, &per_s);
  if (ld->failed) return SLS_EINPUT;
  char kp[256];
  if (!found) {
    sls_ld_keypath(kp, sizeof kp, path, base);
    return required ? sls_ld_fail(ld, g, kp, "missing; expected a rate, e.g. %s_per_s = 10", base) : 0;
  }
  sls_ld_keypath(kp, sizeof kp, path, config_setting_name(found));
  if (!sls_ld_is_number(found))
    return sls_ld_fail(ld, found, kp, "expected a number, got %s", sls_ld_type_name(found));
  double v = sls_ld_number(found) * per_s;
  if (!(v >= lo && v <= hi))
    return sls_ld_fail(ld, found, kp, "expected a rate in %g..%g per second, got %g", lo, hi, v);
  *out = v;
  return 0;
}

int sls_ld_array(sls_loader *ld, const config_setting_t *s, const char *kp, double *out, int max, double lo,
                 double hi) {
  int t = config_setting_type(s);
  if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
    sls_ld_fail(ld, s, kp, "expected an array of numbers [ ... ], got %s", sls_ld_type_name(s));
    return -1;
  }
  int n = config_setting_length(s);
  if (n > max) {
    sls_ld_fail(ld, s, kp, "expected at most %d numbers, got %d", max, n);
    return -1;
  }
  for (int i = 0; i < n; i++) {
    config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    if (!sls_ld_is_number(e)) {
      sls_ld_fail(ld, e, kp, "element %d: expected a number, got %s", i, sls_ld_type_name(e));
      return -1;
    }
    out[i] = sls_ld_number(e);
    if (!(out[i] >= lo && out[i] <= hi)) {
      sls_ld_fail(ld, e, kp, "element %d: expected a number in %g..%g, got %g", i, lo, hi, out[i]);
      return -1;
    }
  }
  return n;
}

/* ---- the schema's keys ---- */

/* The spelling of k offered in messages: times in seconds, rates per second. */
static void offered(const sls_key *k, char *out, size_t n) {
  const char *suffix = "";
  if (k->type == SLS_KT_TIME || k->type == SLS_KT_TIME_OR_DIST || k->type == SLS_KT_TIMES) suffix = "_s";
  if (k->type == SLS_KT_RATE) suffix = "_per_s";
  snprintf(out, n, "%s%s", k->name, suffix);
}

int sls_ld_check_keys(sls_loader *ld, const config_setting_t *g, const char *path, const sls_schema *s,
                      int kind) {
  if (!g) return 0;
  int n = config_setting_length(g);
  for (int i = 0; i < n; i++) {
    config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const char *name = config_setting_name(c);
    if (!name) continue;
    const sls_key *k = sls_schema_key(s, name, NULL);
    char full[256];
    sls_ld_keypath(full, sizeof full, path, name);
    if (k && (kind < 0 || !k->kinds || (k->kinds >> kind & 1))) continue;
    if (k) {                /* a key of another kind */
      char kinds[200] = ""; /* the kinds are the values of the schema's "kind" row */
      const sls_key *kk = sls_schema_kind_row(s);
      for (int b = 0; kk && kk->values && kk->values[b]; b++)
        if (k->kinds >> b & 1)
          snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s\"%s\"", *kinds ? ", " : "",
                   kk->values[b]);
      return sls_ld_fail(ld, c, full, "applies to kind %s, not to \"%s\"", kinds,
                         kk && kk->values ? kk->values[kind] : "?");
    }
    const char *names[64];
    char buf[64][48];
    int nn = 0;
    for (int r = 0; r < s->n && nn < 64; r++) {
      offered(&s->keys[r], buf[nn], sizeof buf[nn]);
      names[nn] = buf[nn];
      nn++;
    }
    const char *sug = sls_ld_closest(name, names, nn);
    if (sug) return sls_ld_fail(ld, c, full, "unknown key (did you mean '%s'?)", sug);
    char allowed[800] = "";
    for (int r = 0; r < nn; r++) {
      if (strlen(allowed) + strlen(names[r]) + 3 >= sizeof allowed) break;
      strcat(allowed, r ? ", " : "");
      strcat(allowed, names[r]);
    }
    return sls_ld_fail(ld, c, full, "unknown key; expected one of: %s", allowed);
  }
  return 0;
}

/* Stores an integer into a field of size bytes. */
static void put_int(void *at, int size, int64_t v) {
  if (size == (int)sizeof(int64_t)) {
    int64_t x = v;
    memcpy(at, &x, sizeof x);
  } else {
    int x = (int)v;
    memcpy(at, &x, sizeof x);
  }
}

/* Reads the plain key k of g (or fb) into obj. */
static int read_key(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                    const sls_key *k, void *obj) {
  char *at = (char *)obj + k->off;
  int required = (k->flags & SLS_KF_REQUIRED) != 0;
  double scale = k->scale != 0 ? k->scale : 1;
  switch (k->type) {
  case SLS_KT_INT: {
    double v = isnan(k->def) ? 0 : k->def;
    if (sls_ld_num(ld, g, fb, path, k->name, k->lo, k->hi, 1, required, &v)) return SLS_EINPUT;
    put_int(at, k->size, (int64_t)v);
    return 0;
  }
  case SLS_KT_NUM: {
    double v = !isnan(k->def) ? k->def : (k->flags & SLS_KF_NONE) ? NAN : 0; /* NaN: "not given" */
    if (sls_ld_num(ld, g, fb, path, k->name, k->lo, k->hi, 0, required, &v)) return SLS_EINPUT;
    v *= scale;
    memcpy(at, &v, sizeof v);
    return 0;
  }
  case SLS_KT_BOOL: {
    int v = k->def != 0 && !isnan(k->def);
    if (sls_ld_bool(ld, g, fb, path, k->name, &v)) return SLS_EINPUT;
    put_int(at, k->size, v);
    return 0;
  }
  case SLS_KT_ENUM: {
    int v = isnan(k->def) ? 0 : (int)k->def;
    if (sls_ld_enum(ld, g, fb, path, k->name, k->values, &v)) return SLS_EINPUT;
    put_int(at, k->size, v);
    return 0;
  }
  case SLS_KT_TIME: {
    sls_time v = isnan(k->def) ? 0 : isinf(k->def) ? SLS_TIME_MAX : (sls_time)llround(k->def * 1e9);
    if (sls_ld_time(ld, g, fb, path, k->name, k->lo, k->hi, required, &v)) return SLS_EINPUT;
    memcpy(at, &v, sizeof v);
    return 0;
  }
  case SLS_KT_RATE: {
    double v = isnan(k->def) ? 0 : k->def;
    if (sls_ld_rate(ld, g, path, k->name, k->lo, k->hi, required, &v)) return SLS_EINPUT;
    memcpy(at, &v, sizeof v);
    return 0;
  }
  default: return 0; /* the other types are read by their entity's code */
  }
}

/* Whether g has a setting for row k, in any of its spellings. */
static int has_key(const config_setting_t *g, const sls_key *k) {
  int n = config_setting_length(g);
  for (int i = 0; i < n; i++) {
    const char *name = config_setting_name(config_setting_get_elem(g, (unsigned)i));
    if (name && sls_schema_key_is(k, name, NULL)) return 1;
  }
  return 0;
}

int sls_ld_read_keys(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                     const sls_schema *s, int kind, void *obj) {
  for (int r = 0; r < s->n; r++) {
    const sls_key *k = &s->keys[r];
    if (kind >= 0 && k->kinds && !(k->kinds >> kind & 1)) {
      if (g && has_key(g, k) && sls_ld_check_keys(ld, g, path, s, kind)) return SLS_EINPUT;
      continue;
    }
    if (k->flags & SLS_KF_CODE) continue;
    if (read_key(ld, g, (k->flags & SLS_KF_PLATFORM) ? fb : NULL, path, k, obj)) return SLS_EINPUT;
  }
  return 0;
}

int sls_ld_row_num(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                   const sls_schema *s, const char *key, double *out) {
  const sls_key *k = sls_schema_row(s, key);
  double v = NAN;
  if (sls_ld_num(ld, g, fb, path, k->name, k->lo, k->hi, k->type == SLS_KT_INT,
                 (k->flags & SLS_KF_REQUIRED) != 0, &v))
    return SLS_EINPUT;
  if (!isnan(v)) *out = v * (k->scale != 0 ? k->scale : 1);
  return 0;
}

int sls_ld_row_time(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                    const sls_schema *s, const char *key, int required, sls_time *out) {
  const sls_key *k = sls_schema_row(s, key);
  return sls_ld_time(ld, g, fb, path, k->name, k->lo, k->hi, required || (k->flags & SLS_KF_REQUIRED), out);
}

config_setting_t *sls_ld_plat_group(sls_loader *ld, const char *name) {
  return ld->have_plat ? config_setting_get_member(config_root_setting(&ld->plat), name) : NULL;
}

int sls_ld_named_element(sls_loader *ld, config_setting_t *g, const char *list, int idx, const sls_schema *s,
                         const char **name, char *path, size_t len) {
  snprintf(path, len, "%s[%d]", list, idx);
  if (config_setting_type(g) != CONFIG_TYPE_GROUP)
    return sls_ld_fail(ld, g, path, "expected a group { name = ...; }");
  if (sls_ld_str(ld, g, NULL, path, "name", 1, name, NULL)) return SLS_EINPUT;
  /* names become HDF5 link names, plot titles, CSV fields: engine/text.h's rule */
  if (!sls_name_ok(*name, SLS_NAME_MAX)) {
    char kp[256];
    sls_ld_keypath(kp, sizeof kp, path, "name");
    return sls_ld_fail(ld, config_setting_get_member(g, "name"), kp, "expected %s, got \"%s\"",
                       sls_name_rule(), *name);
  }
  snprintf(path, len, "%s.%s", list, *name);
  return sls_ld_check_keys(ld, g, path, s, -1);
}

int sls_ld_group(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                 const char *key, const sls_schema *s, const char *expect, config_setting_t **out) {
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, key);
  *out = sls_ld_lookup(g, fb, key);
  if (!*out) return 0;
  if (config_setting_type(*out) != CONFIG_TYPE_GROUP) return sls_ld_fail(ld, *out, kp, "expected %s", expect);
  return sls_ld_check_keys(ld, *out, kp, s, -1);
}

int sls_ld_optional_list(sls_loader *ld, config_setting_t *root, const char *key, config_setting_t **list,
                         int *n) {
  *list = config_setting_get_member(root, key);
  *n = 0;
  if (!*list) return 0;
  if (config_setting_type(*list) != CONFIG_TYPE_LIST)
    return sls_ld_fail(ld, *list, key, "expected a list ( { name = ...; ... }, ... ), got %s",
                       sls_ld_type_name(*list));
  *n = config_setting_length(*list);
  return 0;
}

int sls_ld_unique_name(sls_loader *ld, config_setting_t *g, const char *what, const char *name,
                       sls_strmap *map, int i) {
  if (sls_strmap_put(map, name, i) < 0) return 0;
  char kp[128];
  snprintf(kp, sizeof kp, "%s.name", what);
  return sls_ld_fail(ld, config_setting_get_member(g, "name"), kp,
                     "\"%s\" is used twice (functions and queues share names)", name);
}

int sls_ld_find_name(const sls_strmap *map, int base, const char *name, const char *const *names, int n,
                     const char **sug) {
  int i = sls_strmap_get(map, name) - base;
  if (i >= 0 && i < n) return i;
  *sug = sls_ld_closest(name, names, n);
  return -1;
}

static int by_ix_name(const void *a, const void *b) {
  const sls_name_ix *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : x->index - y->index;
}

int sls_ld_ix_sort(sls_name_ix *ix, int n) {
  qsort(ix, (size_t)n, sizeof *ix, by_ix_name);
  for (int i = 1; i < n; i++)
    if (strcmp(ix[i].name, ix[i - 1].name) == 0) return ix[i].index;
  return -1;
}

int sls_ld_ix_find(const sls_name_ix *ix, int n, const char *name) {
  int lo = 0, hi = n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2, c = strcmp(ix[mid].name, name);
    if (c == 0) return ix[mid].index;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return -1;
}

char *sls_ld_relative(const sls_loader *ld, const char *p) {
  if (p[0] == '/') return sls_xstrdup(p);
  const char *slash = strrchr(ld->base, '/');
  if (!slash) return sls_xstrdup(p);
  size_t n = (size_t)(slash - ld->base) + 1 + strlen(p) + 1;
  char *out = sls_xmalloc(n);
  snprintf(out, n, "%.*s/%s", (int)(slash - ld->base), ld->base, p);
  return out;
}
