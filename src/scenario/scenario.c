#include "scenario/scenario.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "engine/strmap.h"
#include "engine/util.h"
#include "io/cfgtext.h"
#include "engine/text.h"
#include "io/trace.h"

/* ---- the loader's state ---- */

typedef struct loader {
  const char *path; /* scenario file */
  char *err;        /* caller's buffer */
  int failed;       /* an error has been reported (the first one wins) */
  config_t cfg;     /* the scenario */
  int have_cfg;     /* cfg was read (and must be destroyed) */
  config_t plat;    /* the platform preset */
  int have_plat;
  config_t aux;            /* a model file being read (runtime, pricing) */
  struct name_ix *targets; /* functions then queues, sorted by name: what a source may target */
  int n_targets;
  int have_maps;                 /* the maps below are initialized */
  sls_strmap fq_map;             /* function name -> i, queue name -> n_functions + i */
  sls_strmap ds_map;             /* downstream name -> i */
  const char **fnames, **qnames; /* the names in order, for suggestions (not owned) */
  const char **dnames;
  int *mapping_of; /* queue -> the mapping that drains it, or -1 */
} loader;

/* The file and line setting s was written at (*line 0 for a setting made by --set or the
 * loader), through the cfgtext hooked to its configuration's root by read_cfg. */
static const char *src_where(const loader *ld, const config_setting_t *s, int *line) {
  *line = 0;
  const config_setting_t *root = s && s->config ? config_root_setting(s->config) : NULL;
  const sls_cfgtext *t = root ? config_setting_get_hook(root) : NULL;
  if (!t) return ld->path;
  return sls_cfgtext_where(t, (int)config_setting_source_line(s), line);
}

/* Reports an error at setting s (or at its parent group when s is a missing key). */
static int fail(loader *ld, const config_setting_t *s, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(loader *ld, const config_setting_t *s, const char *key, const char *fmt, ...) {
  if (ld->failed) return SLS_EINPUT;
  ld->failed = 1;
  char msg[SLS_ERRLEN];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  int line;
  const char *file = src_where(ld, s, &line);
  if (line > 0)
    sls_err(ld->err, "%s:%d: %s: %s", file, line, key, msg);
  else
    sls_err(ld->err, "%s: %s: %s", file, key, msg);
  return SLS_EINPUT;
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

/* The closest of names[] to s, if close enough to be a likely typo, else NULL. */
static const char *closest(const char *s, const char *const *names, int n) {
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

/* ---- keys ---- */

/* The unit suffixes a key may carry, and what one unit is worth: ns for times, 1/s for rates. */
typedef struct unit_spec {
  const char *suffix;
  double scale;
} unit_spec;
static const unit_spec time_units[] = {
    {"_ms", 1e6}, {"_s", 1e9}, {"_min", 60e9}, {"_h", 3600e9}, {"_d", 86400e9}};
static const unit_spec rate_units[] = {
    {"_per_s", 1.0}, {"_per_min", 1 / 60.0}, {"_per_h", 1 / 3600.0}, {"_per_day", 1 / 86400.0}};
#define N_TIME_UNITS 5
#define N_RATE_UNITS 4

/* A key's shape: plain, a time (base + unit suffix), a rate (base + per-unit suffix), or a
 * time that may also be a distribution group (base alone). */
enum { K_PLAIN, K_TIME, K_RATE, K_TIME_OR_DIST };
/* Number of entries of a keyspec table. */
#define NK(a) ((int)(sizeof(a) / sizeof *(a)))

typedef struct keyspec {
  const char *name;
  int kind;
} keyspec;

static int key_matches(const keyspec *k, const char *name) {
  size_t bl = strlen(k->name);
  if (k->kind == K_PLAIN) return strcmp(name, k->name) == 0;
  if (k->kind == K_TIME_OR_DIST && strcmp(name, k->name) == 0) return 1;
  if (strncmp(name, k->name, bl) != 0) return 0;
  const char *suf = name + bl;
  const unit_spec *u = k->kind == K_RATE ? rate_units : time_units;
  int n = k->kind == K_RATE ? N_RATE_UNITS : N_TIME_UNITS;
  for (int i = 0; i < n; i++)
    if (strcmp(suf, u[i].suffix) == 0) return 1;
  return 0;
}

/* Rejects keys of group that keys[] does not allow, suggesting the nearest allowed one. */
static int check_keys(loader *ld, const config_setting_t *g, const char *path, const keyspec *keys, int nk) {
  if (!g) return 0;
  int n = config_setting_length(g);
  for (int i = 0; i < n; i++) {
    config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
    const char *name = config_setting_name(c);
    if (!name) continue;
    int ok = 0;
    for (int k = 0; k < nk && !ok; k++)
      ok = key_matches(&keys[k], name);
    if (ok) continue;
    const char *names[64];
    char buf[64][48];
    int nn = 0;
    for (int k = 0; k < nk && nn < 64; k++) {
      snprintf(buf[nn], sizeof buf[nn], "%s%s", keys[k].name,
               keys[k].kind == K_PLAIN  ? ""
               : keys[k].kind == K_RATE ? "_per_s"
                                        : "_s");
      names[nn] = buf[nn];
      nn++;
    }
    const char *sug = closest(name, names, nn);
    char allowed[600] = "";
    for (int k = 0; k < nn; k++) {
      if (strlen(allowed) + strlen(names[k]) + 3 >= sizeof allowed) break;
      strcat(allowed, k ? ", " : "");
      strcat(allowed, names[k]);
    }
    char full[256];
    snprintf(full, sizeof full, "%s%s%s", path, *path ? "." : "", name);
    if (sug) return fail(ld, c, full, "unknown key (did you mean '%s'?)", sug);
    return fail(ld, c, full, "unknown key; expected one of: %s", allowed);
  }
  return 0;
}

/* Looks key up in g, then in the fallback group (platform defaults). */
static config_setting_t *lookup(const config_setting_t *g, const config_setting_t *fb, const char *key) {
  config_setting_t *s = g ? config_setting_get_member(g, key) : NULL;
  if (!s && fb) s = config_setting_get_member(fb, key);
  return s;
}

static int is_number(const config_setting_t *s) {
  int t = config_setting_type(s);
  return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static double number(const config_setting_t *s) {
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_INT: return config_setting_get_int(s);
  case CONFIG_TYPE_INT64: return (double)config_setting_get_int64(s);
  case CONFIG_TYPE_FLOAT: return config_setting_get_float(s);
  default: return NAN;
  }
}

static const char *type_name(const config_setting_t *s) {
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

static void keypath(char *buf, size_t n, const char *path, const char *key) {
  snprintf(buf, n, "%s%s%s", path, *path ? "." : "", key);
}

/* A number in [lo, hi]; integer-only when integral.  *out keeps def when the key is absent
 * (required = 0). */
static int get_num(loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                   const char *key, double lo, double hi, int integral, int required, double *out) {
  char kp[256];
  keypath(kp, sizeof kp, path, key);
  config_setting_t *s = lookup(g, fb, key);
  if (!s)
    return required ? fail(ld, g, kp, "missing; expected %s in %g..%g", integral ? "an integer" : "a number",
                           lo, hi)
                    : 0;
  if (!is_number(s) || (integral && config_setting_type(s) == CONFIG_TYPE_FLOAT))
    return fail(ld, s, kp, "expected %s in %g..%g, got %s", integral ? "an integer" : "a number", lo, hi,
                type_name(s));
  double v = number(s);
  if (!(v >= lo && v <= hi)) return fail(ld, s, kp, "expected a value in %g..%g, got %g", lo, hi, v);
  *out = v;
  return 0;
}

static int get_int64(loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                     const char *key, double lo, double hi, int required, int64_t *out) {
  double v = (double)*out;
  int rc = get_num(ld, g, fb, path, key, lo, hi, 1, required, &v);
  *out = (int64_t)v;
  return rc;
}

static int get_bool(loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                    const char *key, int *out) {
  char kp[256];
  keypath(kp, sizeof kp, path, key);
  config_setting_t *s = lookup(g, fb, key);
  if (!s) return 0;
  if (config_setting_type(s) != CONFIG_TYPE_BOOL)
    return fail(ld, s, kp, "expected true or false, got %s", type_name(s));
  *out = config_setting_get_bool(s);
  return 0;
}

/* A string; *out points into the config (copy it).  */
static int get_str(loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                   const char *key, int required, const char **out, config_setting_t **where) {
  char kp[256];
  keypath(kp, sizeof kp, path, key);
  config_setting_t *s = lookup(g, fb, key);
  if (where) *where = s;
  if (!s) return required ? fail(ld, g, kp, "missing; expected a string") : 0;
  if (config_setting_type(s) != CONFIG_TYPE_STRING)
    return fail(ld, s, kp, "expected a string, got %s", type_name(s));
  *out = config_setting_get_string(s);
  return 0;
}

/* One of names[]; *out keeps its value when absent. */
static int get_enum(loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                    const char *key, const char *const *names, int n, int *out) {
  const char *v = NULL;
  config_setting_t *s;
  if (get_str(ld, g, fb, path, key, 0, &v, &s)) return SLS_EINPUT;
  if (!v) return 0;
  for (int i = 0; i < n; i++)
    if (strcmp(v, names[i]) == 0) {
      *out = i;
      return 0;
    }
  char kp[256], allowed[256] = "";
  keypath(kp, sizeof kp, path, key);
  for (int i = 0; i < n; i++) {
    strcat(allowed, i ? ", \"" : "\"");
    strcat(allowed, names[i]);
    strcat(allowed, "\"");
  }
  const char *sug = closest(v, names, n);
  if (sug) return fail(ld, s, kp, "expected one of %s, got \"%s\" (did you mean \"%s\"?)", allowed, v, sug);
  return fail(ld, s, kp, "expected one of %s, got \"%s\"", allowed, v);
}

/* Finds base+suffix in g for one of the n units; reports a key given in two units.  Returns
 * the setting (NULL if absent or after an error) and one unit's worth in *scale. */
static config_setting_t *find_suffixed(loader *ld, const config_setting_t *g, const char *path,
                                       const char *base, const unit_spec *units, int n, double *scale) {
  config_setting_t *found = NULL;
  for (int i = 0; g && i < n; i++) {
    char name[96];
    snprintf(name, sizeof name, "%s%s", base, units[i].suffix);
    config_setting_t *s = config_setting_get_member(g, name);
    if (!s) continue;
    if (found) {
      char kp[256];
      keypath(kp, sizeof kp, path, name);
      fail(ld, s, kp, "given twice, also as %s; give it in one unit only", config_setting_name(found));
      return NULL;
    }
    found = s;
    *scale = units[i].scale;
  }
  return found;
}

/* A time key base_<unit> in g, else in the fallback group fb; *unit_ns is its unit. */
static config_setting_t *find_unit(loader *ld, const config_setting_t *g, const config_setting_t *fb,
                                   const char *path, const char *base, double *unit_ns) {
  config_setting_t *s = find_suffixed(ld, g, path, base, time_units, N_TIME_UNITS, unit_ns);
  if (!s && !ld->failed) s = find_suffixed(ld, fb, path, base, time_units, N_TIME_UNITS, unit_ns);
  return s;
}

/* A time in [lo_s, hi_s] seconds, converted to ns. */
static int get_time(loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                    const char *base, double lo_s, double hi_s, int required, sls_time *out) {
  double unit = 1e9;
  config_setting_t *s = find_unit(ld, g, fb, path, base, &unit);
  if (ld->failed) return SLS_EINPUT;
  char kp[256];
  if (!s) {
    keypath(kp, sizeof kp, path, base);
    return required ? fail(ld, g, kp, "missing; expected a time, e.g. %s_s = 1.5", base) : 0;
  }
  keypath(kp, sizeof kp, path, config_setting_name(s));
  if (!is_number(s)) return fail(ld, s, kp, "expected a number, got %s", type_name(s));
  double v = number(s) * unit;
  if (!(v >= lo_s * 1e9 && v <= hi_s * 1e9))
    return fail(ld, s, kp, "expected a time in %g..%g s, got %g s", lo_s, hi_s, v / 1e9);
  *out = (sls_time)llround(v);
  return 0;
}

static int get_rate(loader *ld, const config_setting_t *g, const char *path, const char *base, int required,
                    double *out) {
  double per_s = 1;
  config_setting_t *found = find_suffixed(ld, g, path, base, rate_units, N_RATE_UNITS, &per_s);
  if (ld->failed) return SLS_EINPUT;
  char kp[256];
  if (!found) {
    keypath(kp, sizeof kp, path, base);
    return required ? fail(ld, g, kp, "missing; expected a rate, e.g. %s_per_s = 10", base) : 0;
  }
  keypath(kp, sizeof kp, path, config_setting_name(found));
  if (!is_number(found)) return fail(ld, found, kp, "expected a number, got %s", type_name(found));
  double v = number(found) * per_s;
  if (!(v >= 0 && v <= 1e9)) return fail(ld, found, kp, "expected a rate in 0..1e9 per second, got %g", v);
  *out = v;
  return 0;
}

/* ---- distributions ---- */

static const keyspec dist_keys[] = {
    {"dist", K_PLAIN},  {"value", K_TIME},        {"mean", K_TIME},   {"min", K_TIME},    {"max", K_TIME},
    {"p50", K_TIME},    {"p99", K_TIME},          {"sigma", K_PLAIN}, {"shape", K_PLAIN}, {"scale", K_TIME},
    {"alpha", K_PLAIN}, {"percentiles", K_PLAIN}, {"values", K_TIME}, {"mu", K_PLAIN},    {"unit", K_PLAIN}};

static int need_time(loader *ld, const config_setting_t *g, const char *path, const char *base,
                     sls_time *out) {
  return get_time(ld, g, NULL, path, base, 0, 1e7, 1, out);
}

/* Reads an array of at most max numbers, each in lo..hi; returns its length or -1 after
 * reporting. */
static int get_array(loader *ld, const config_setting_t *s, const char *kp, double *out, int max, double lo,
                     double hi) {
  int t = config_setting_type(s);
  if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
    fail(ld, s, kp, "expected an array of numbers [ ... ], got %s", type_name(s));
    return -1;
  }
  int n = config_setting_length(s);
  if (n > max) {
    fail(ld, s, kp, "expected at most %d numbers, got %d", max, n);
    return -1;
  }
  for (int i = 0; i < n; i++) {
    config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    if (!is_number(e)) {
      fail(ld, e, kp, "element %d: expected a number, got %s", i, type_name(e));
      return -1;
    }
    out[i] = number(e);
    if (!(out[i] >= lo && out[i] <= hi)) {
      fail(ld, e, kp, "element %d: expected a number in %g..%g, got %g", i, lo, hi, out[i]);
      return -1;
    }
  }
  return n;
}

#define MAX_TABLE 1024 /* points in an inline table (on the stack: 8 KB each) */

static int parse_dist(loader *ld, const config_setting_t *g, const char *path, sls_dist *d) {
  memset(d, 0, sizeof *d);
  if (config_setting_type(g) != CONFIG_TYPE_GROUP)
    return fail(ld, g, path, "expected a distribution group { dist = \"...\"; ... }, got %s", type_name(g));
  if (check_keys(ld, g, path, dist_keys, NK(dist_keys))) return SLS_EINPUT;
  int kind = -1;
  if (get_enum(ld, g, NULL, path, "dist", sls_dist_names, SLS_DIST_NKINDS, &kind)) return SLS_EINPUT;
  if (kind < 0)
    return fail(ld, g, path,
                "missing 'dist'; expected one of constant, exponential, uniform, "
                "lognormal, gamma, weibull, pareto, empirical");
  d->kind = (sls_dist_kind)kind;
  sls_time t1 = 0, t2 = 0;
  double x = 0;
  char kp[256];
  switch (d->kind) {
  case SLS_DIST_CONSTANT:
    if (need_time(ld, g, path, "value", &t1)) return SLS_EINPUT;
    d->a = (double)t1;
    break;
  case SLS_DIST_EXPONENTIAL:
    if (need_time(ld, g, path, "mean", &t1)) return SLS_EINPUT;
    if (t1 <= 0) return fail(ld, g, path, "exponential: mean must be > 0");
    d->a = (double)t1;
    break;
  case SLS_DIST_UNIFORM:
    if (need_time(ld, g, path, "min", &t1) || need_time(ld, g, path, "max", &t2)) return SLS_EINPUT;
    if (t2 < t1) return fail(ld, g, path, "uniform: expected min <= max");
    d->a = (double)t1;
    d->b = (double)t2;
    break;
  case SLS_DIST_LOGNORMAL: {
    /* p50 with sigma or p99, mean with sigma, or mu and sigma of ln(X / unit). */
    double unit;
    int has_p50 = find_unit(ld, g, NULL, path, "p50", &unit) != NULL;
    int has_p99 = find_unit(ld, g, NULL, path, "p99", &unit) != NULL;
    int has_mean = find_unit(ld, g, NULL, path, "mean", &unit) != NULL;
    int has_sigma = config_setting_get_member(g, "sigma") != NULL;
    int has_mu = config_setting_get_member(g, "mu") != NULL;
    if (has_sigma && get_num(ld, g, NULL, path, "sigma", 1e-9, 20, 0, 1, &d->b)) return SLS_EINPUT;
    if (has_mu && has_sigma && !has_p50 && !has_p99 && !has_mean) {
      static const char *const units[] = {"ms", "s"};
      int u = -1;
      if (get_num(ld, g, NULL, path, "mu", -50, 50, 0, 1, &x) ||
          get_enum(ld, g, NULL, path, "unit", units, 2, &u))
        return SLS_EINPUT;
      if (u < 0)
        return fail(ld, g, path,
                    "lognormal: mu needs unit = \"ms\" or \"s\" (mu is the mean of ln(X / unit))");
      d->a = x + log(u ? 1e9 : 1e6);
    } else if (has_p50 && has_p99 && !has_sigma && !has_mean) {
      if (need_time(ld, g, path, "p50", &t1) || need_time(ld, g, path, "p99", &t2)) return SLS_EINPUT;
      if (!(t2 > t1 && t1 > 0)) return fail(ld, g, path, "lognormal: expected 0 < p50 < p99");
      d->a = log((double)t1);
      d->b = log((double)t2 / (double)t1) / SLS_Z99;
    } else if (has_p50 && has_sigma && !has_p99 && !has_mean) {
      if (need_time(ld, g, path, "p50", &t1)) return SLS_EINPUT;
      if (t1 <= 0) return fail(ld, g, path, "lognormal: p50 must be > 0");
      d->a = log((double)t1);
    } else if (has_mean && has_sigma && !has_p50 && !has_p99) {
      if (need_time(ld, g, path, "mean", &t1)) return SLS_EINPUT;
      if (t1 <= 0) return fail(ld, g, path, "lognormal: mean must be > 0");
      d->a = log((double)t1) - d->b * d->b / 2;
    } else {
      return fail(
          ld, g, path,
          "lognormal: expected p50 with p99, p50 with sigma, mean with sigma, or mu with sigma and unit");
    }
    break;
  }
  case SLS_DIST_GAMMA:
  case SLS_DIST_WEIBULL:
    if (get_num(ld, g, NULL, path, "shape", 1e-6, 1e6, 0, 1, &x) || need_time(ld, g, path, "scale", &t1))
      return SLS_EINPUT;
    if (t1 <= 0) return fail(ld, g, path, "%s: scale must be > 0", sls_dist_names[d->kind]);
    d->a = x;
    d->b = (double)t1;
    break;
  case SLS_DIST_PARETO:
    if (get_num(ld, g, NULL, path, "alpha", 1e-6, 1e6, 0, 1, &x) || need_time(ld, g, path, "min", &t1))
      return SLS_EINPUT;
    if (t1 <= 0) return fail(ld, g, path, "pareto: min must be > 0");
    d->a = x;
    d->b = (double)t1;
    break;
  case SLS_DIST_EMPIRICAL: {
    double p[MAX_TABLE], v[MAX_TABLE];
    config_setting_t *ps = config_setting_get_member(g, "percentiles");
    double unit = 1e9;
    config_setting_t *vs = find_unit(ld, g, NULL, path, "values", &unit);
    if (ld->failed) return SLS_EINPUT;
    if (!ps || !vs) return fail(ld, g, path, "empirical: expected percentiles = [...] and values_ms = [...]");
    keypath(kp, sizeof kp, path, "percentiles");
    int np = get_array(ld, ps, kp, p, MAX_TABLE, 0, 100);
    keypath(kp, sizeof kp, path, config_setting_name(vs));
    /* values are times like the other parameters: at most 10^7 s */
    int nv = np < 0 ? -1 : get_array(ld, vs, kp, v, MAX_TABLE, 0, 1e7 * 1e9 / unit);
    if (np < 0 || nv < 0) return SLS_EINPUT;
    if (np != nv || np < 2)
      return fail(ld, vs, kp, "expected as many values as percentiles (at least 2), got %d and %d", nv, np);
    for (int i = 0; i < np; i++) {
      if (p[i] < 0 || p[i] > 100 || (i && p[i] <= p[i - 1]))
        return fail(ld, ps, path, "percentiles: expected increasing numbers in 0..100");
      if (v[i] < 0 || (i && v[i] < v[i - 1])) return fail(ld, vs, kp, "expected non-decreasing values >= 0");
    }
    for (int i = 0; i < np; i++) {
      p[i] /= 100;
      v[i] *= unit;
    }
    sls_dist_empirical(d, np, p, v);
    break;
  }
  default: break;
  }
  return 0;
}

/* A time given as base_<unit> (a constant) or as base = { dist ... }.  *found = 0 if absent. */
static int get_time_or_dist(loader *ld, const config_setting_t *g, const config_setting_t *fb,
                            const char *path, const char *base, double hi_s, sls_dist *d, int *found) {
  const config_setting_t *groups[2] = {g, fb};
  *found = 0;
  for (int k = 0; k < 2; k++) {
    if (!groups[k]) continue;
    config_setting_t *ds = config_setting_get_member(groups[k], base);
    double unit;
    config_setting_t *ts = find_unit(ld, groups[k], NULL, path, base, &unit);
    if (ld->failed) return SLS_EINPUT;
    char kp[256];
    keypath(kp, sizeof kp, path, base);
    if (ds && ts)
      return fail(ld, ts, kp, "given both as %s and as a distribution; give one", config_setting_name(ts));
    if (ds) {
      *found = 1;
      return parse_dist(ld, ds, kp, d);
    }
    if (ts) {
      sls_time t = 0;
      *found = 1;
      if (get_time(ld, groups[k], NULL, path, base, 0, hi_s, 1, &t)) return SLS_EINPUT;
      sls_dist_constant(d, (double)t);
      return 0;
    }
  }
  return 0;
}

/* ---- model files ---- */

static int file_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Finds models/<kind>/<name>.cfg.  Returns 1 and the path in out. */
static int find_model(const loader *ld, const char *kind, const char *name, char *out, size_t n, char *dirs,
                      size_t dn) {
  char base[1024];
  snprintf(base, sizeof base, "%s", ld->path);
  char *slash = strrchr(base, '/');
  if (slash)
    *slash = 0;
  else
    snprintf(base, sizeof base, ".");
  const char *env = getenv("SLSIM_MODELS");
  char cand[5][1100];
  int nc = 0;
  if (env && *env) snprintf(cand[nc++], sizeof cand[0], "%s", env);
  snprintf(cand[nc++], sizeof cand[0], "%s/../models", base);
  snprintf(cand[nc++], sizeof cand[0], "%s/models", base);
  snprintf(cand[nc++], sizeof cand[0], "%s/models", SLS_SRCDIR);
  snprintf(cand[nc++], sizeof cand[0], "%s/models", SLS_PKGDATADIR);
  if (dirs) dirs[0] = 0;
  for (int i = 0; i < nc; i++) {
    snprintf(out, n, "%s/%s/%s.cfg", cand[i], kind, name);
    if (file_exists(out)) return 1;
    if (dirs && strlen(dirs) + strlen(cand[i]) + 3 < dn) {
      strcat(dirs, i ? ", " : "");
      strcat(dirs, cand[i]);
    }
  }
  return 0;
}

/* Lists the names available under models/<kind>/ (for the error message). */
static void list_models(const loader *ld, const char *kind, const char *name, char *out, size_t n,
                        const char **suggest, char *sugbuf) {
  out[0] = 0;
  *suggest = NULL;
  char base[1024];
  snprintf(base, sizeof base, "%s", ld->path);
  char *slash = strrchr(base, '/');
  if (slash)
    *slash = 0;
  else
    snprintf(base, sizeof base, ".");
  const char *dirs[3] = {getenv("SLSIM_MODELS"), NULL, SLS_SRCDIR "/models"};
  char d1[1100];
  snprintf(d1, sizeof d1, "%s/../models", base);
  dirs[1] = d1;
  char names[128][64];
  const char *ptrs[128];
  int nn = 0;
  for (int i = 0; i < 3 && nn == 0; i++) {
    if (!dirs[i]) continue;
    char dir[1200];
    snprintf(dir, sizeof dir, "%s/%s", dirs[i], kind);
    DIR *dp = opendir(dir);
    if (!dp) continue;
    struct dirent *de;
    while ((de = readdir(dp)) && nn < 128) {
      size_t l = strlen(de->d_name);
      if (l > 4 && l < 64 && strcmp(de->d_name + l - 4, ".cfg") == 0) {
        snprintf(names[nn], sizeof names[nn], "%.*s", (int)(l - 4), de->d_name);
        nn++;
      }
    }
    closedir(dp);
  }
  /* sorted, for a stable message */
  for (int i = 0; i < nn; i++)
    for (int j = i + 1; j < nn; j++)
      if (strcmp(names[j], names[i]) < 0) {
        char t[64];
        memcpy(t, names[i], 64);
        memcpy(names[i], names[j], 64);
        memcpy(names[j], t, 64);
      }
  for (int i = 0; i < nn; i++) {
    ptrs[i] = names[i];
    if (strlen(out) + strlen(names[i]) + 3 < n) {
      strcat(out, i ? ", " : "");
      strcat(out, names[i]);
    }
  }
  const char *c = closest(name, ptrs, nn);
  if (c) snprintf(sugbuf, 64, "%s", c);
  *suggest = c ? sugbuf : NULL;
}

static void free_cfgtext(void *t) {
  sls_cfgtext_free(t);
  free(t);
}

/* Reads file (io/cfgtext: includes expanded, 64-bit integers kept) into c, whose root then
 * carries the text and its line map; c is destroyed again on failure.  from and key: the
 * setting that named the file, for a message. */
static int read_cfg(loader *ld, config_t *c, const char *file, const config_setting_t *from,
                    const char *key) {
  sls_cfgtext *t = sls_xcalloc(1, sizeof *t);
  char msg[SLS_ERRLEN];
  int rc = sls_cfgtext_read(file, t, msg);
  if (rc) {
    free(t);
    if (rc == SLS_EIO && from) return fail(ld, from, key, "%s", msg);
    ld->failed = 1;
    sls_err(ld->err, "%s", msg);
    return SLS_EINPUT;
  }
  config_init(c);
  config_set_destructor(c, free_cfgtext);
  if (config_read_string(c, t->parse) == CONFIG_TRUE) {
    config_setting_set_hook(config_root_setting(c), t);
    return 0;
  }
  ld->failed = 1;
  int line;
  const char *ef = sls_cfgtext_where(t, config_error_line(c), &line);
  const char *text = config_error_text(c);
  if (strcmp(text, "syntax error") == 0)
    sls_err(ld->err,
            "%s:%d: syntax error (expected key = value; groups { }, lists ( ), arrays [ ] of one type)", ef,
            line);
  else
    sls_err(ld->err, "%s:%d: syntax error: %s", ef, line, text);
  config_destroy(c);
  free_cfgtext(t);
  return SLS_EINPUT;
}

static const keyspec runtime_keys[] = {
    {"name", K_PLAIN},    {"description", K_PLAIN},   {"source", K_PLAIN},      {"fit", K_PLAIN},
    {"init", K_PLAIN},    {"overhead", K_PLAIN},      {"init_billed", K_PLAIN}, {"by_memory", K_PLAIN},
    {"package", K_PLAIN}, {"custom_runtime", K_PLAIN}};
static const char *const package_names[] = {"zip", "image"};
static const keyspec by_memory_keys[] = {{"memory_mb", K_PLAIN}, {"init", K_PLAIN}, {"n", K_PLAIN}};

/* Reads a runtime group (inline or from a model file) for a function of memory_mb. */
static int parse_runtime(loader *ld, const config_setting_t *g, const char *path, const char *name,
                         int memory_mb, sls_runtime_spec *rt) {
  if (check_keys(ld, g, path, runtime_keys, NK(runtime_keys))) return SLS_EINPUT;
  rt->name = sls_xstrdup(name);
  const char *src = NULL;
  if (get_str(ld, g, NULL, path, "source", 0, &src, NULL)) return SLS_EINPUT;
  rt->source = sls_xstrdup(src ? src : "inline");
  /* Whether INIT is billed follows the scenario's init_billing rule and the package (set after
   * loading), unless the runtime says so itself. */
  rt->init_billed = -1;
  if (get_bool(ld, g, NULL, path, "init_billed", &rt->init_billed)) return SLS_EINPUT;
  rt->init_billed_set = rt->init_billed >= 0;
  if (get_enum(ld, g, NULL, path, "package", package_names, 2, &rt->image) ||
      get_bool(ld, g, NULL, path, "custom_runtime", &rt->custom))
    return SLS_EINPUT;
  char kp[256];
  int found = 0;
  sls_dist_constant(&rt->init, 0);
  sls_dist_constant(&rt->overhead, 0);
  config_setting_t *bm = config_setting_get_member(g, "by_memory");
  if (bm) {
    /* The entry whose memory is nearest on a log scale (memory barely moves the median for
     * most runtimes; lambda-perf, see models/runtimes/README). */
    keypath(kp, sizeof kp, path, "by_memory");
    if (config_setting_type(bm) != CONFIG_TYPE_LIST || config_setting_length(bm) == 0)
      return fail(ld, bm, kp, "expected a non-empty list ( { memory_mb = ...; init = {...}; }, ... )");
    config_setting_t *best = NULL;
    double bd = INFINITY;
    for (int i = 0; i < config_setting_length(bm); i++) {
      config_setting_t *e = config_setting_get_elem(bm, (unsigned)i);
      char ep[256];
      snprintf(ep, sizeof ep, "%s[%d]", kp, i);
      if (config_setting_type(e) != CONFIG_TYPE_GROUP) return fail(ld, e, ep, "expected a group");
      if (check_keys(ld, e, ep, by_memory_keys, NK(by_memory_keys))) return SLS_EINPUT;
      double m = 0;
      if (get_num(ld, e, NULL, ep, "memory_mb", 128, 10240, 1, 1, &m)) return SLS_EINPUT;
      double dd = fabs(log(m / memory_mb));
      if (dd < bd) {
        bd = dd;
        best = e;
      }
    }
    config_setting_t *ig = config_setting_get_member(best, "init");
    if (!ig) return fail(ld, best, kp, "entry without 'init'");
    if (parse_dist(ld, ig, kp, &rt->init)) return SLS_EINPUT;
    found = 1;
  }
  config_setting_t *ig = config_setting_get_member(g, "init");
  if (ig) {
    keypath(kp, sizeof kp, path, "init");
    if (found) return fail(ld, ig, kp, "give either init or by_memory, not both");
    sls_dist_destroy(&rt->init);
    if (parse_dist(ld, ig, kp, &rt->init)) return SLS_EINPUT;
    found = 1;
  }
  if (!found) return fail(ld, g, path, "missing 'init' (the cold-start duration distribution)");
  config_setting_t *og = config_setting_get_member(g, "overhead");
  if (og) {
    keypath(kp, sizeof kp, path, "overhead");
    if (parse_dist(ld, og, kp, &rt->overhead)) return SLS_EINPUT;
  }
  return 0;
}

static int load_runtime(loader *ld, config_setting_t *s, const char *kp, int memory_mb,
                        sls_runtime_spec *rt) {
  if (config_setting_type(s) == CONFIG_TYPE_GROUP) { /* inline: its own name, if it gives one */
    const char *nm = "inline";
    config_setting_lookup_string(s, "name", &nm);
    if (!sls_name_ok(nm, SLS_NAME_MAX)) {
      char nk[300];
      keypath(nk, sizeof nk, kp, "name");
      return fail(ld, config_setting_get_member(s, "name"), nk, "expected %s, got \"%s\"", sls_name_rule(),
                  nm);
    }
    return parse_runtime(ld, s, kp, nm, memory_mb, rt);
  }
  if (config_setting_type(s) != CONFIG_TYPE_STRING)
    return fail(ld, s, kp, "expected a runtime name (models/runtimes/NAME.cfg) or a group, got %s",
                type_name(s));
  const char *name = config_setting_get_string(s);
  char file[1200], dirs[2048];
  if (!sls_name_ok(name, SLS_NAME_MAX)) /* a file name under models/runtimes, not a path */
    return fail(ld, s, kp, "expected a runtime model name (%s), got \"%s\"", sls_name_rule(), name);
  if (!find_model(ld, "runtimes", name, file, sizeof file, dirs, sizeof dirs)) {
    char avail[1024], sugbuf[64];
    const char *sug;
    list_models(ld, "runtimes", name, avail, sizeof avail, &sug, sugbuf);
    if (sug)
      return fail(ld, s, kp, "no runtime model \"%s\" (did you mean \"%s\"?); available: %s", name, sug,
                  avail);
    return fail(ld, s, kp, "no runtime model \"%s\" in %s; available: %s", name, dirs, avail);
  }
  if (read_cfg(ld, &ld->aux, file, s, kp)) return SLS_EINPUT;
  int rc = parse_runtime(ld, config_root_setting(&ld->aux), "", name, memory_mb, rt);
  config_destroy(&ld->aux);
  return rc;
}

/* ---- pricing ---- */

static const keyspec pricing_keys[] = {{"name", K_PLAIN},
                                       {"date", K_PLAIN},
                                       {"source", K_PLAIN},
                                       {"request_usd_per_million", K_PLAIN},
                                       {"duration_x86_64", K_PLAIN},
                                       {"duration_arm64", K_PLAIN},
                                       {"provisioned_x86_64", K_PLAIN},
                                       {"provisioned_arm64", K_PLAIN},
                                       {"provisioned_unit", K_TIME},
                                       {"ephemeral_storage_usd_per_gb_s", K_PLAIN},
                                       {"free_tier", K_PLAIN},
                                       {"apigateway_http", K_PLAIN},
                                       {"apigateway_rest", K_PLAIN},
                                       {"sqs_standard_usd_per_million", K_PLAIN},
                                       {"sqs_fifo_usd_per_million", K_PLAIN},
                                       {"sns_usd_per_million", K_PLAIN},
                                       {"eventbridge_usd_per_million", K_PLAIN},
                                       {"stepfunctions", K_PLAIN},
                                       {"logs", K_PLAIN},
                                       {"nat_gateway", K_PLAIN},
                                       {"egress", K_PLAIN},
                                       {"fargate", K_PLAIN},
                                       {"ec2", K_PLAIN}};
static const keyspec pc_keys[] = {{"configured_usd_per_gb_s", K_PLAIN}, {"execution_usd_per_gb_s", K_PLAIN}};
static const keyspec free_keys[] = {{"requests", K_PLAIN},     {"gb_s", K_PLAIN},
                                    {"sqs_requests", K_PLAIN}, {"sfn_transitions", K_PLAIN},
                                    {"logs_gb", K_PLAIN},      {"egress_gb", K_PLAIN}};
static const keyspec sfn_keys[] = {{"standard_usd_per_1000_transitions", K_PLAIN},
                                   {"express_usd_per_million", K_PLAIN},
                                   {"express_usd_per_gb_s", K_PLAIN}};
static const keyspec nat_keys[] = {{"usd_per_hour", K_PLAIN}, {"usd_per_gb", K_PLAIN}};
static const keyspec fargate_keys[] = {{"x86_64", K_PLAIN}, {"arm64", K_PLAIN}, {"minimum", K_TIME}};
static const keyspec fargate_arch_keys[] = {{"usd_per_vcpu_hour", K_PLAIN}, {"usd_per_gb_hour", K_PLAIN}};
static const keyspec ec2_keys[] = {
    {"type", K_PLAIN}, {"usd_per_hour", K_PLAIN}, {"vcpu", K_PLAIN}, {"memory_gb", K_PLAIN}};

/* A required group g.key with only the keys allowed. */
static config_setting_t *member_group(loader *ld, const config_setting_t *g, const char *path,
                                      const char *key, const keyspec *keys, int nk) {
  char kp[256];
  keypath(kp, sizeof kp, path, key);
  config_setting_t *t = config_setting_get_member(g, key);
  if (!t) {
    fail(ld, g, kp, "missing; expected a group { ... }");
    return NULL;
  }
  if (config_setting_type(t) != CONFIG_TYPE_GROUP) {
    fail(ld, t, kp, "expected a group { ... }, got %s", type_name(t));
    return NULL;
  }
  return check_keys(ld, t, kp, keys, nk) ? NULL : t;
}

/* A tiered price g.key = { <pkey> = [p1, p2, ...]; <bkey> = [b1, ...]; }: one bound fewer than
 * prices, increasing; prices and bounds scaled by pscale and bscale. */
static int parse_tiers(loader *ld, const config_setting_t *g, const char *key, const char *pkey,
                       const char *bkey, double pscale, double bscale, sls_tiers *t) {
  const keyspec keys[] = {{pkey, K_PLAIN}, {bkey, K_PLAIN}};
  config_setting_t *tg = member_group(ld, g, "", key, keys, 2);
  if (!tg) return SLS_EINPUT;
  config_setting_t *ps = config_setting_get_member(tg, pkey), *bs = config_setting_get_member(tg, bkey);
  char kp[256];
  if (!ps) {
    keypath(kp, sizeof kp, key, pkey);
    return fail(ld, tg, kp, "missing; expected [price, ...]");
  }
  keypath(kp, sizeof kp, key, pkey);
  int np = get_array(ld, ps, kp, t->price, SLS_MAX_TIERS, 0, 1e6);
  if (np < 0) return SLS_EINPUT;
  if (np == 0) return fail(ld, ps, kp, "expected at least one price");
  int nb = 0;
  keypath(kp, sizeof kp, key, bkey);
  if (bs && (nb = get_array(ld, bs, kp, t->bound, SLS_MAX_TIERS - 1, 0, 1e18)) < 0) return SLS_EINPUT;
  if (nb != np - 1)
    return fail(ld, bs ? bs : tg, kp, "expected %d tier bound%s (one fewer than the prices), got %d", np - 1,
                np == 2 ? "" : "s", nb);
  for (int i = 0; i < np; i++) {
    if (t->price[i] < 0) return fail(ld, ps, key, "expected prices >= 0, got %g", t->price[i]);
    t->price[i] *= pscale;
  }
  for (int i = 0; i < nb; i++) {
    if (t->bound[i] <= 0 || (i && t->bound[i] <= t->bound[i - 1] / bscale))
      return fail(ld, bs, kp, "expected increasing positive bounds, got %g at %d", t->bound[i], i);
    t->bound[i] *= bscale;
  }
  t->n = np;
  return 0;
}

static int load_pricing(loader *ld, config_setting_t *s, const char *kp, sls_price_spec *p) {
  if (config_setting_type(s) != CONFIG_TYPE_STRING)
    return fail(ld, s, kp, "expected a pricing model name (models/pricing/NAME.cfg), got %s", type_name(s));
  const char *name = config_setting_get_string(s);
  char file[1200], dirs[2048];
  if (!sls_name_ok(name, SLS_NAME_MAX))
    return fail(ld, s, kp, "expected a pricing model name (%s), got \"%s\"", sls_name_rule(), name);
  if (!find_model(ld, "pricing", name, file, sizeof file, dirs, sizeof dirs)) {
    char avail[1024], sugbuf[64];
    const char *sug;
    list_models(ld, "pricing", name, avail, sizeof avail, &sug, sugbuf);
    return fail(ld, s, kp, "no pricing model \"%s\"; available: %s", name, avail);
  }
  if (read_cfg(ld, &ld->aux, file, s, kp)) return SLS_EINPUT;
  config_setting_t *g = config_root_setting(&ld->aux);
  int rc = SLS_EINPUT;
  double v = 0;
  const char *src = NULL, *date = NULL;
  config_setting_t *t, *ft, *ec;
  sls_tiers dur;
  p->name = sls_xstrdup(name);
  if (check_keys(ld, g, "", pricing_keys, NK(pricing_keys))) goto out;
  if (get_str(ld, g, NULL, "", "source", 1, &src, NULL) || get_str(ld, g, NULL, "", "date", 1, &date, NULL))
    goto out;
  if (!sls_label_ok(date)) { /* shown in every report */
    fail(ld, config_setting_get_member(g, "date"), "date",
         "expected a date such as \"2025-10-01\", got \"%s\"", date);
    goto out;
  }
  p->source = sls_xstrdup(src);
  p->date = sls_xstrdup(date);
  if (get_num(ld, g, NULL, "", "request_usd_per_million", 0, 1e3, 0, 1, &v)) goto out;
  p->request_usd = v / 1e6;
  for (int arm = 0; arm < 2; arm++) {
    const char *k = arm ? "duration_arm64" : "duration_x86_64";
    if (parse_tiers(ld, g, k, "usd_per_gb_s", "tier_gb_s", 1, 1, &dur)) goto out;
    if (dur.n != 3) {
      fail(ld, config_setting_get_member(g, k), k, "expected 3 prices and 2 tier bounds, got %d prices",
           dur.n);
      goto out;
    }
    memcpy(arm ? p->gb_s_arm : p->gb_s_x86, dur.price, 3 * sizeof(double));
    memcpy(arm ? p->tier_gb_s_arm : p->tier_gb_s_x86, dur.bound, 2 * sizeof(double));
    k = arm ? "provisioned_arm64" : "provisioned_x86_64";
    if (!(t = member_group(ld, g, "", k, pc_keys, NK(pc_keys)))) goto out;
    if (get_num(ld, t, NULL, k, "configured_usd_per_gb_s", 0, 1, 0, 1,
                arm ? &p->pc_gb_s_arm : &p->pc_gb_s_x86) ||
        get_num(ld, t, NULL, k, "execution_usd_per_gb_s", 0, 1, 0, 1,
                arm ? &p->pc_exec_gb_s_arm : &p->pc_exec_gb_s_x86))
      goto out;
  }
  p->pc_unit = 300 * SLS_NS_PER_S;
  if (get_time(ld, g, NULL, "", "provisioned_unit", 0, 86400, 0, &p->pc_unit)) goto out;
  if (get_num(ld, g, NULL, "", "ephemeral_storage_usd_per_gb_s", 0, 1, 0, 1, &p->ephemeral_gb_s)) goto out;
  ft = config_setting_get_member(g, "free_tier");
  if (ft) {
    if (check_keys(ld, ft, "free_tier", free_keys, NK(free_keys))) goto out;
    if (get_num(ld, ft, NULL, "free_tier", "requests", 0, 1e12, 0, 1, &p->free_requests) ||
        get_num(ld, ft, NULL, "free_tier", "gb_s", 0, 1e12, 0, 1, &p->free_gb_s) ||
        get_num(ld, ft, NULL, "free_tier", "sqs_requests", 0, 1e12, 0, 0, &p->free_sqs_requests) ||
        get_num(ld, ft, NULL, "free_tier", "sfn_transitions", 0, 1e12, 0, 0, &p->free_sfn_transitions) ||
        get_num(ld, ft, NULL, "free_tier", "logs_gb", 0, 1e12, 0, 0, &p->free_logs_gb) ||
        get_num(ld, ft, NULL, "free_tier", "egress_gb", 0, 1e12, 0, 0, &p->free_egress_gb))
      goto out;
  }
  if (parse_tiers(ld, g, "apigateway_http", "usd_per_million", "tier_millions", 1e-6, 1e6, &p->apigw_http) ||
      parse_tiers(ld, g, "apigateway_rest", "usd_per_million", "tier_millions", 1e-6, 1e6, &p->apigw_rest))
    goto out;
  const char *const per_m[] = {"sqs_standard_usd_per_million", "sqs_fifo_usd_per_million",
                               "sns_usd_per_million", "eventbridge_usd_per_million"};
  double *per_m_out[] = {&p->sqs_standard_usd, &p->sqs_fifo_usd, &p->sns_usd, &p->eventbridge_usd};
  for (int i = 0; i < 4; i++) {
    if (get_num(ld, g, NULL, "", per_m[i], 0, 1e3, 0, 1, &v)) goto out;
    *per_m_out[i] = v / 1e6;
  }
  if (!(t = member_group(ld, g, "", "stepfunctions", sfn_keys, NK(sfn_keys)))) goto out;
  if (get_num(ld, t, NULL, "stepfunctions", "standard_usd_per_1000_transitions", 0, 1e3, 0, 1, &v)) goto out;
  p->sfn_transition_usd = v / 1e3;
  if (get_num(ld, t, NULL, "stepfunctions", "express_usd_per_million", 0, 1e3, 0, 1, &v)) goto out;
  p->sfn_express_request_usd = v / 1e6;
  if (get_num(ld, t, NULL, "stepfunctions", "express_usd_per_gb_s", 0, 1, 0, 1, &p->sfn_express_gb_s))
    goto out;
  if (parse_tiers(ld, g, "logs", "usd_per_gb", "tier_gb", 1, 1, &p->logs) ||
      parse_tiers(ld, g, "egress", "usd_per_gb", "tier_gb", 1, 1, &p->egress))
    goto out;
  if (!(t = member_group(ld, g, "", "nat_gateway", nat_keys, NK(nat_keys)))) goto out;
  if (get_num(ld, t, NULL, "nat_gateway", "usd_per_hour", 0, 1e3, 0, 1, &p->nat_hour_usd) ||
      get_num(ld, t, NULL, "nat_gateway", "usd_per_gb", 0, 1e3, 0, 1, &p->nat_gb_usd))
    goto out;
  if (!(t = member_group(ld, g, "", "fargate", fargate_keys, NK(fargate_keys)))) goto out;
  for (int arm = 0; arm < 2; arm++) {
    char fk[32];
    snprintf(fk, sizeof fk, "fargate.%s", arm ? "arm64" : "x86_64");
    config_setting_t *fa =
        member_group(ld, t, "fargate", arm ? "arm64" : "x86_64", fargate_arch_keys, NK(fargate_arch_keys));
    if (!fa || get_num(ld, fa, NULL, fk, "usd_per_vcpu_hour", 0, 1e3, 0, 1, &p->fargate_vcpu_h[arm]) ||
        get_num(ld, fa, NULL, fk, "usd_per_gb_hour", 0, 1e3, 0, 1, &p->fargate_gb_h[arm]))
      goto out;
  }
  p->fargate_min = 60 * SLS_NS_PER_S;
  if (get_time(ld, t, NULL, "fargate", "minimum", 0, 86400, 0, &p->fargate_min)) goto out;
  ec = config_setting_get_member(g, "ec2");
  if (ec) {
    if (config_setting_type(ec) != CONFIG_TYPE_LIST) {
      fail(ld, ec, "ec2", "expected a list ( { type = ...; usd_per_hour = ...; }, ... ), got %s",
           type_name(ec));
      goto out;
    }
    p->n_instances = config_setting_length(ec);
    p->instances = sls_xcalloc((size_t)p->n_instances + 1, sizeof *p->instances);
    for (int i = 0; i < p->n_instances; i++) {
      config_setting_t *e = config_setting_get_elem(ec, (unsigned)i);
      char ep[64];
      const char *ty = NULL;
      snprintf(ep, sizeof ep, "ec2[%d]", i);
      if (config_setting_type(e) != CONFIG_TYPE_GROUP) {
        fail(ld, e, ep, "expected a group { type = ...; usd_per_hour = ...; }");
        goto out;
      }
      if (check_keys(ld, e, ep, ec2_keys, NK(ec2_keys)) || get_str(ld, e, NULL, ep, "type", 1, &ty, NULL))
        goto out;
      if (!sls_name_ok(ty, SLS_NAME_MAX)) {
        fail(ld, config_setting_get_member(e, "type"), ep, "type: expected an instance type (%s), got \"%s\"",
             sls_name_rule(), ty);
        goto out;
      }
      sls_instance_price *ip = &p->instances[i];
      ip->name = sls_xstrdup(ty);
      if (get_num(ld, e, NULL, ep, "usd_per_hour", 0, 1e4, 0, 1, &ip->usd_per_hour) ||
          get_num(ld, e, NULL, ep, "vcpu", 0, 1e4, 0, 1, &ip->vcpu) ||
          get_num(ld, e, NULL, ep, "memory_gb", 0, 1e5, 0, 1, &ip->memory_gb))
        goto out;
    }
  }
  rc = 0;
out:
  config_destroy(&ld->aux);
  return rc;
}

/* ---- --set overrides ---- */

static config_setting_t *walk(config_setting_t *cur, const char *tok) {
  int t = config_setting_type(cur);
  if (t == CONFIG_TYPE_GROUP) return config_setting_get_member(cur, tok);
  if (t != CONFIG_TYPE_LIST) return NULL;
  if (tok[0] == '[') return config_setting_get_elem(cur, (unsigned)atoi(tok + 1));
  for (int i = 0; i < config_setting_length(cur); i++) {
    config_setting_t *e = config_setting_get_elem(cur, (unsigned)i);
    const char *nm;
    if (config_setting_type(e) == CONFIG_TYPE_GROUP && config_setting_lookup_string(e, "name", &nm) &&
        strcmp(nm, tok) == 0)
      return e;
  }
  return NULL;
}

static int apply_override(loader *ld, const sls_override *o) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s", o->key);
  config_setting_t *cur = config_root_setting(&ld->cfg);
  char *save = NULL, *tok = strtok_r(buf, ".", &save);
  ld->failed = 1;
  while (tok) {
    char *next = strtok_r(NULL, ".", &save);
    config_setting_t *child = walk(cur, tok);
    if (!next) {
      const char *v = o->value;
      char *end;
      int type = child ? config_setting_type(child) : CONFIG_TYPE_NONE;
      if (!child) {
        if (config_setting_type(cur) != CONFIG_TYPE_GROUP) break;
        strtoll(v, &end, 10);
        if (*v && !*end)
          type = CONFIG_TYPE_INT64;
        else if (strtod(v, &end), *v && !*end)
          type = CONFIG_TYPE_FLOAT;
        else if (!strcmp(v, "true") || !strcmp(v, "false"))
          type = CONFIG_TYPE_BOOL;
        else
          type = CONFIG_TYPE_STRING;
        child = config_setting_add(cur, tok, type);
        if (!child) break;
      }
      switch (type) {
      case CONFIG_TYPE_INT:
      case CONFIG_TYPE_INT64: {
        long long x = strtoll(v, &end, 10);
        if (!*v || *end) {
          double dv = strtod(v, &end); /* allow 3.0 for an integer-typed key: the check decides */
          if (!*v || *end) {
            sls_err(ld->err, "--set %s=%s: expected an integer", o->key, v);
            return SLS_EINPUT;
          }
          config_setting_t *p = config_setting_parent(child);
          config_setting_remove(p, tok);
          child = config_setting_add(p, tok, CONFIG_TYPE_FLOAT);
          config_setting_set_float(child, dv);
          break;
        }
        if (type == CONFIG_TYPE_INT && (x > INT32_MAX || x < INT32_MIN)) {
          config_setting_t *p = config_setting_parent(child);
          config_setting_remove(p, tok);
          child = config_setting_add(p, tok, CONFIG_TYPE_INT64);
        }
        config_setting_set_int64(child, x);
        break;
      }
      case CONFIG_TYPE_FLOAT: {
        double x = strtod(v, &end);
        if (!*v || *end) {
          sls_err(ld->err, "--set %s=%s: expected a number", o->key, v);
          return SLS_EINPUT;
        }
        config_setting_set_float(child, x);
        break;
      }
      case CONFIG_TYPE_BOOL:
        if (strcmp(v, "true") && strcmp(v, "false")) {
          sls_err(ld->err, "--set %s=%s: expected true or false", o->key, v);
          return SLS_EINPUT;
        }
        config_setting_set_bool(child, strcmp(v, "true") == 0);
        break;
      case CONFIG_TYPE_STRING: config_setting_set_string(child, v); break;
      default:
        sls_err(ld->err, "--set %s: cannot set a group or list from the command line", o->key);
        return SLS_EINPUT;
      }
      ld->failed = 0;
      return 0;
    }
    if (!child && config_setting_type(cur) == CONFIG_TYPE_GROUP && tok[0] != '[') /* e.g. account.* */
      child = config_setting_add(cur, tok, CONFIG_TYPE_GROUP);
    if (!child) break;
    cur = child;
    tok = next;
  }
  sls_err(ld->err, "--set %s=%s: no such place in %s (use e.g. functions.NAME.memory_mb)", o->key, o->value,
          ld->path);
  return SLS_EINPUT;
}

/* ---- the scenario ---- */

static const keyspec top_keys[] = {
    {"name", K_PLAIN},        {"description", K_PLAIN},    {"platform", K_PLAIN},
    {"pricing", K_PLAIN},     {"free_tier", K_PLAIN},      {"seed", K_PLAIN},
    {"duration", K_TIME},     {"sample_interval", K_TIME}, {"account", K_PLAIN},
    {"functions", K_PLAIN},   {"sources", K_PLAIN},        {"queues", K_PLAIN},
    {"mappings", K_PLAIN},    {"downstreams", K_PLAIN},    {"drain_limit", K_TIME},
    {"traces", K_PLAIN},      {"init_billing", K_PLAIN},   {"nat_gateways", K_PLAIN},
    {"alternatives", K_PLAIN}};
static const char *const init_billing_names[] = {"2025-08", "before-2025-08", "never"};
static const keyspec per_invocation_keys[] = {{"log_kb", K_PLAIN},
                                              {"nat_kb", K_PLAIN},
                                              {"egress_kb", K_PLAIN},
                                              {"sns_publishes", K_PLAIN},
                                              {"eventbridge_events", K_PLAIN},
                                              {"publish_kb", K_PLAIN}};
static const keyspec workflow_keys[] = {{"type", K_PLAIN}, {"transitions", K_PLAIN}, {"memory_mb", K_PLAIN}};
static const char *const workflow_names[] = {"none", "standard", "express"};
static const char *const via_names[] = {"direct", "sns", "eventbridge"};
static const keyspec alternative_keys[] = {{"name", K_PLAIN},          {"kind", K_PLAIN},
                                           {"instance", K_PLAIN},      {"usd_per_hour", K_PLAIN},
                                           {"usd_per_month", K_PLAIN}, {"vcpu", K_PLAIN},
                                           {"memory_gb", K_PLAIN},     {"arch", K_PLAIN},
                                           {"capacity_rps", K_PLAIN},  {"capacity_concurrency", K_PLAIN},
                                           {"min_instances", K_PLAIN}, {"target_utilization", K_PLAIN},
                                           {"scale_in_delay", K_TIME}, {"functions", K_PLAIN},
                                           {"description", K_PLAIN}};
static const char *const alt_kind_names[] = {"vps", "ec2", "fargate"};
static const keyspec queue_keys[] = {{"name", K_PLAIN},
                                     {"type", K_PLAIN},
                                     {"visibility_timeout", K_TIME},
                                     {"retention", K_TIME},
                                     {"delay", K_TIME},
                                     {"dead_letter_queue", K_PLAIN},
                                     {"max_receive_count", K_PLAIN},
                                     {"message_size_kb", K_PLAIN},
                                     {"description", K_PLAIN}};
static const keyspec mapping_keys[] = {{"name", K_PLAIN},           {"queue", K_PLAIN},
                                       {"function", K_PLAIN},       {"batch_size", K_PLAIN},
                                       {"batching_window", K_TIME}, {"maximum_concurrency", K_PLAIN},
                                       {"scaling", K_PLAIN},        {"report_batch_item_failures", K_PLAIN},
                                       {"description", K_PLAIN}};
static const keyspec downstream_keys[] = {
    {"name", K_PLAIN},     {"mode", K_PLAIN},    {"pool_size", K_PLAIN}, {"max_connections", K_PLAIN},
    {"capacity", K_PLAIN}, {"latency", K_PLAIN}, {"collapse", K_PLAIN},  {"description", K_PLAIN}};
static const keyspec collapse_keys[] = {{"above", K_PLAIN}, {"after", K_TIME}, {"recovery", K_TIME}};
static const keyspec account_keys[] = {
    {"concurrency_limit", K_PLAIN}, {"unreserved_min", K_PLAIN}, {"scaling", K_PLAIN}};
static const keyspec scaling_keys[] = {
    {"mode", K_PLAIN}, {"burst", K_PLAIN}, {"refill_per_s", K_PLAIN}, {"refill_per_min", K_PLAIN}};
static const keyspec function_keys[] = {{"name", K_PLAIN},
                                        {"description", K_PLAIN},
                                        {"runtime", K_PLAIN},
                                        {"memory_mb", K_PLAIN},
                                        {"arch", K_PLAIN},
                                        {"timeout", K_TIME},
                                        {"duration", K_PLAIN},
                                        {"ref_memory_mb", K_PLAIN},
                                        {"cpu_fraction", K_PLAIN},
                                        {"cpu_threads", K_PLAIN},
                                        {"error_rate", K_PLAIN},
                                        {"reserved_concurrency", K_PLAIN},
                                        {"provisioned_concurrency", K_PLAIN},
                                        {"keep_alive", K_TIME_OR_DIST},
                                        {"max_lifetime", K_TIME_OR_DIST},
                                        {"per_message", K_PLAIN},
                                        {"message_error_rate", K_PLAIN},
                                        {"downstream", K_PLAIN},
                                        {"calls_per_message", K_PLAIN},
                                        {"async_retries", K_PLAIN},
                                        {"max_event_age", K_TIME},
                                        {"on_failure", K_PLAIN},
                                        {"ephemeral_storage_mb", K_PLAIN},
                                        {"per_invocation", K_PLAIN}};
static const keyspec source_keys[] = {{"name", K_PLAIN},           {"description", K_PLAIN},
                                      {"target", K_PLAIN},         {"arrival", K_PLAIN},
                                      {"start", K_TIME},           {"stop", K_TIME},
                                      {"api_gateway", K_PLAIN},    {"gateway_latency", K_PLAIN},
                                      {"client", K_PLAIN},         {"invocation", K_PLAIN},
                                      {"message_groups", K_PLAIN}, {"via", K_PLAIN},
                                      {"event_kb", K_PLAIN},       {"workflow", K_PLAIN}};
static const keyspec arrival_keys[] = {
    {"kind", K_PLAIN},       {"rate", K_RATE},       {"times", K_TIME},           {"rates_per_s", K_PLAIN},
    {"count", K_PLAIN},      {"at", K_TIME},         {"window", K_TIME},          {"peak_rate", K_RATE},
    {"baseline", K_PLAIN},   {"peak_hour", K_PLAIN}, {"weekend_factor", K_PLAIN}, {"spike_rate", K_RATE},
    {"spike_width", K_TIME}, {"period", K_TIME},     {"jitter", K_TIME},          {"switch_per_s", K_PLAIN},
    {"rates_file", K_PLAIN}};
static const keyspec client_keys[] = {{"max_retries", K_PLAIN},
                                      {"retry_on_error", K_PLAIN},
                                      {"backoff_base", K_TIME},
                                      {"backoff_cap", K_TIME},
                                      {"jitter", K_PLAIN}};
static const keyspec platform_keys[] = {
    {"name", K_PLAIN},    {"description", K_PLAIN},       {"source", K_PLAIN},     {"pricing", K_PLAIN},
    {"account", K_PLAIN}, {"function_defaults", K_PLAIN}, {"api_gateway", K_PLAIN}};
static const keyspec gw_keys[] = {{"http", K_PLAIN}, {"rest", K_PLAIN}};
static const keyspec gw_one_keys[] = {{"latency", K_PLAIN}};

static const char *const arch_names[] = {"x86_64", "arm64"};
static const char *const gw_names[] = {"none", "http", "rest"};
static const char *const jitter_names[] = {"none", "full", "equal"};
static const char *const arrival_names[] = {"poisson", "piecewise", "batch", "diurnal",
                                            "spike",   "schedule",  "mmpp"};
static const char *const scaling_names[] = {"2023", "legacy", "none"};

static config_setting_t *plat_group(loader *ld, const char *name) {
  return ld->have_plat ? config_setting_get_member(config_root_setting(&ld->plat), name) : NULL;
}

/* The opening of every named list element (functions, sources, queues, ...): a group with a
 * `name` and only the keys allowed.  Sets *name (owned by the config) and path "LIST.NAME". */
static int named_element(loader *ld, config_setting_t *g, const char *list, int idx, const keyspec *keys,
                         int nk, const char **name, char *path, size_t len) {
  snprintf(path, len, "%s[%d]", list, idx);
  if (config_setting_type(g) != CONFIG_TYPE_GROUP)
    return fail(ld, g, path, "expected a group { name = ...; }");
  if (get_str(ld, g, NULL, path, "name", 1, name, NULL)) return SLS_EINPUT;
  /* names become HDF5 link names, plot titles, CSV fields: io/text.h's rule */
  if (!sls_name_ok(*name, SLS_NAME_MAX)) {
    char kp[256];
    keypath(kp, sizeof kp, path, "name");
    return fail(ld, config_setting_get_member(g, "name"), kp, "expected %s, got \"%s\"", sls_name_rule(),
                *name);
  }
  snprintf(path, len, "%s.%s", list, *name);
  return check_keys(ld, g, path, keys, nk);
}

/* ---- a sorted index of names: duplicates and lookups in O(n log n) ---- */

typedef struct name_ix {
  const char *name;
  int index;
} name_ix;

static int by_ix_name(const void *a, const void *b) {
  const name_ix *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : x->index - y->index;
}

/* Sorts n (name, index) pairs; returns the index of the later of the first duplicate pair found,
 * or -1 when the names are unique. */
static int ix_sort(name_ix *ix, int n) {
  qsort(ix, (size_t)n, sizeof *ix, by_ix_name);
  for (int i = 1; i < n; i++)
    if (strcmp(ix[i].name, ix[i - 1].name) == 0) return ix[i].index;
  return -1;
}

static int ix_find(const name_ix *ix, int n, const char *name) {
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

static int load_account(loader *ld, config_setting_t *root, sls_account_spec *a) {
  config_setting_t *g = config_setting_get_member(root, "account");
  config_setting_t *fb = plat_group(ld, "account");
  if (g && config_setting_type(g) != CONFIG_TYPE_GROUP) return fail(ld, g, "account", "expected a group");
  if (check_keys(ld, g, "account", account_keys, NK(account_keys)) ||
      check_keys(ld, fb, "account", account_keys, NK(account_keys)))
    return SLS_EINPUT;
  a->concurrency_limit = 1000; /* FACTS 1 */
  a->unreserved_min = 100;
  if (get_int64(ld, g, fb, "account", "concurrency_limit", 1, 1e7, 0, &a->concurrency_limit) ||
      get_int64(ld, g, fb, "account", "unreserved_min", 0, 1e7, 0, &a->unreserved_min))
    return SLS_EINPUT;
  if (a->unreserved_min > a->concurrency_limit) {
    config_setting_t *s = lookup(g, fb, "unreserved_min");
    return fail(ld, s ? s : g, "account.unreserved_min",
                "expected at most concurrency_limit (%lld), got %lld", (long long)a->concurrency_limit,
                (long long)a->unreserved_min);
  }
  config_setting_t *sg = lookup(g, fb, "scaling");
  int mode = SLS_SCALING_2023;
  if (sg && config_setting_type(sg) != CONFIG_TYPE_GROUP)
    return fail(ld, sg, "account.scaling", "expected a group");
  if (check_keys(ld, sg, "account.scaling", scaling_keys, NK(scaling_keys))) return SLS_EINPUT;
  if (get_enum(ld, sg, NULL, "account.scaling", "mode", scaling_names, 3, &mode)) return SLS_EINPUT;
  a->scaling = (sls_scaling_mode)mode;
  /* 2023: per function 1,000 per 10 s (capacity 1,000, refill 100/s); legacy: account-wide
   * Regional burst (3,000 in us-east-1) then +500 per minute [FACTS 1]. */
  a->burst = mode == SLS_SCALING_LEGACY ? 3000 : 1000;
  a->refill_per_s = mode == SLS_SCALING_LEGACY ? 500.0 / 60 : 100;
  if (get_num(ld, sg, NULL, "account.scaling", "burst", 1, 1e7, 0, 0, &a->burst)) return SLS_EINPUT;
  if (get_rate(ld, sg, "account.scaling", "refill", 0, &a->refill_per_s)) return SLS_EINPUT;
  return 0;
}

static int load_function(loader *ld, config_setting_t *g, int idx, sls_function_spec *f) {
  char path[128];
  const char *name = NULL;
  if (named_element(ld, g, "functions", idx, function_keys, NK(function_keys), &name, path, sizeof path))
    return SLS_EINPUT;
  f->name = sls_xstrdup(name);
  config_setting_t *fb = plat_group(ld, "function_defaults");
  double v = 128;
  if (get_num(ld, g, fb, path, "memory_mb", 128, 10240, 1, 0, &v)) return SLS_EINPUT; /* FACTS 3 */
  f->memory_mb = (int)v;
  int arch = SLS_ARCH_X86_64;
  if (get_enum(ld, g, fb, path, "arch", arch_names, 2, &arch)) return SLS_EINPUT;
  f->arch = (sls_arch)arch;
  f->timeout = 3 * SLS_NS_PER_S; /* default 3 s, max 900 s [FACTS 3] */
  if (get_time(ld, g, fb, path, "timeout", 0.001, 900, 0, &f->timeout)) return SLS_EINPUT;
  config_setting_t *ds = config_setting_get_member(g, "duration");
  char kp[256];
  keypath(kp, sizeof kp, path, "duration");
  if (!ds)
    return fail(
        ld, g, kp,
        "missing; expected a distribution, e.g. { dist = \"lognormal\"; p50_ms = 150; p99_ms = 600; }");
  if (parse_dist(ld, ds, kp, &f->duration)) return SLS_EINPUT;
  v = f->memory_mb;
  if (get_num(ld, g, fb, path, "ref_memory_mb", 128, 10240, 1, 0, &v)) return SLS_EINPUT;
  f->ref_memory_mb = (int)v;
  f->cpu_fraction = 0;
  if (get_num(ld, g, fb, path, "cpu_fraction", 0, 1, 0, 0, &f->cpu_fraction)) return SLS_EINPUT;
  f->cpu_threads = 1;
  if (get_num(ld, g, fb, path, "cpu_threads", 0.05, 64, 0, 0, &f->cpu_threads)) return SLS_EINPUT;
  f->error_rate = 0;
  if (get_num(ld, g, fb, path, "error_rate", 0, 1, 0, 0, &f->error_rate)) return SLS_EINPUT;
  f->reserved = -1;
  if (get_int64(ld, g, NULL, path, "reserved_concurrency", 0, 1e7, 0, &f->reserved)) return SLS_EINPUT;
  f->provisioned = 0;
  if (get_int64(ld, g, NULL, path, "provisioned_concurrency", 0, 1e6, 0, &f->provisioned)) return SLS_EINPUT;
  if (f->reserved >= 0 && f->provisioned > f->reserved) {
    config_setting_t *s = config_setting_get_member(g, "provisioned_concurrency");
    keypath(kp, sizeof kp, path, "provisioned_concurrency");
    return fail(ld, s, kp, "expected at most reserved_concurrency (%lld), got %lld", (long long)f->reserved,
                (long long)f->provisioned);
  }
  int found = 0;
  if (get_time_or_dist(ld, g, fb, path, "keep_alive", 30 * 86400.0, &f->keep_alive, &found))
    return SLS_EINPUT;
  if (!found) sls_dist_constant(&f->keep_alive, 600e9);
  f->keep_alive_constant = f->keep_alive.kind == SLS_DIST_CONSTANT;
  if (get_time_or_dist(ld, g, fb, path, "max_lifetime", 365 * 86400.0, &f->max_lifetime, &found))
    return SLS_EINPUT;
  f->lifetime_on = found && !(f->max_lifetime.kind == SLS_DIST_CONSTANT && f->max_lifetime.a == 0);
  config_setting_t *rs = lookup(g, fb, "runtime");
  keypath(kp, sizeof kp, path, "runtime");
  if (!rs) return fail(ld, g, kp, "missing; expected a runtime model name such as \"nodejs20\"");
  if (load_runtime(ld, rs, kp, f->memory_mb, &f->runtime)) return SLS_EINPUT;
  found = 0;
  sls_dist_constant(&f->per_message, 0);
  config_setting_t *pm = config_setting_get_member(g, "per_message");
  keypath(kp, sizeof kp, path, "per_message");
  if (pm && parse_dist(ld, pm, kp, &f->per_message)) return SLS_EINPUT;
  f->message_error_rate = 0;
  if (get_num(ld, g, NULL, path, "message_error_rate", 0, 1, 0, 0, &f->message_error_rate)) return SLS_EINPUT;
  const char *dsname = NULL;
  if (get_str(ld, g, NULL, path, "downstream", 0, &dsname, NULL)) return SLS_EINPUT;
  f->downstream = dsname ? sls_xstrdup(dsname) : NULL;
  f->ds_index = -1;
  v = 1;
  if (get_num(ld, g, NULL, path, "calls_per_message", 0, 1000, 1, 0, &v)) return SLS_EINPUT;
  f->calls_per_message = (int)v;
  v = 2; /* [FACTS 1] retries 0..2, default 2 */
  if (get_num(ld, g, NULL, path, "async_retries", 0, 2, 1, 0, &v)) return SLS_EINPUT;
  f->async_retries = (int)v;
  const char *onf = NULL;
  if (get_str(ld, g, NULL, path, "on_failure", 0, &onf, NULL)) return SLS_EINPUT;
  f->on_failure = onf ? sls_xstrdup(onf) : NULL;
  f->on_failure_q = -1;
  f->max_event_age = 6 * 3600 * SLS_NS_PER_S; /* 60 s .. 6 h, default 6 h [FACTS 1] */
  if (get_time(ld, g, NULL, path, "max_event_age", 60, 21600, 0, &f->max_event_age)) return SLS_EINPUT;
  v = 512; /* 512 MB .. 10 GB of /tmp; above 512 MB is billed [FACTS 4] */
  if (get_num(ld, g, fb, path, "ephemeral_storage_mb", 512, 10240, 1, 0, &v)) return SLS_EINPUT;
  f->ephemeral_mb = (int)v;
  /* What each invocation adds to other services' bills.  Lambda writes START, END and REPORT
   * lines (~0.3 KB) to CloudWatch Logs for every invocation; the code's own logging comes on
   * top. */
  f->log_kb = 0.3;
  f->publish_kb = 1;
  keypath(kp, sizeof kp, path, "per_invocation");
  config_setting_t *pi = lookup(g, fb, "per_invocation");
  if (pi && config_setting_type(pi) != CONFIG_TYPE_GROUP)
    return fail(ld, pi, kp, "expected a group { log_kb = ...; }");
  if (check_keys(ld, pi, kp, per_invocation_keys, NK(per_invocation_keys))) return SLS_EINPUT;
  if (get_num(ld, pi, NULL, kp, "log_kb", 0, 1e6, 0, 0, &f->log_kb) ||
      get_num(ld, pi, NULL, kp, "nat_kb", 0, 1e7, 0, 0, &f->nat_kb) ||
      get_num(ld, pi, NULL, kp, "egress_kb", 0, 1e7, 0, 0, &f->egress_kb) ||
      get_num(ld, pi, NULL, kp, "sns_publishes", 0, 1e4, 0, 0, &f->sns_publishes) ||
      get_num(ld, pi, NULL, kp, "eventbridge_events", 0, 1e4, 0, 0, &f->eventbridge_events) ||
      get_num(ld, pi, NULL, kp, "publish_kb", 0, 256, 0, 0, &f->publish_kb))
    return SLS_EINPUT;
  return 0;
}

static const char *const queue_types[] = {"standard", "fifo"};
static const char *const ds_modes[] = {"per_invocation", "proxy"};

/* The index of name among names[0..n), looked up in map (where names[i] is at base + i; a name
 * of another kind sharing the map is no match), or -1 with the closest in *sug. */
static int find_name(const sls_strmap *map, int base, const char *name, const char *const *names, int n,
                     const char **sug) {
  int i = sls_strmap_get(map, name) - base;
  if (i >= 0 && i < n) return i;
  *sug = closest(name, names, n);
  return -1;
}

static int load_queue(loader *ld, config_setting_t *g, int idx, sls_queue_spec *q) {
  char path[128];
  const char *name = NULL, *dlq = NULL;
  if (named_element(ld, g, "queues", idx, queue_keys, NK(queue_keys), &name, path, sizeof path))
    return SLS_EINPUT;
  q->name = sls_xstrdup(name);
  int type = 0;
  if (get_enum(ld, g, NULL, path, "type", queue_types, 2, &type)) return SLS_EINPUT;
  q->fifo = type;
  /* SQS API reference: visibility 0 s..12 h (30 s), retention 60 s..14 d (4 d), delay 0..900 s */
  q->visibility = 30 * SLS_NS_PER_S;
  q->retention = 4 * 86400 * SLS_NS_PER_S;
  q->delay = 0;
  if (get_time(ld, g, NULL, path, "visibility_timeout", 0, 43200, 0, &q->visibility) ||
      get_time(ld, g, NULL, path, "retention", 60, 14 * 86400.0, 0, &q->retention) ||
      get_time(ld, g, NULL, path, "delay", 0, 900, 0, &q->delay))
    return SLS_EINPUT;
  if (get_str(ld, g, NULL, path, "dead_letter_queue", 0, &dlq, NULL)) return SLS_EINPUT;
  q->dlq = dlq ? sls_xstrdup(dlq) : NULL;
  q->dlq_index = -1;
  double v = 5; /* >= 5 recommended [FACTS 2] */
  if (get_num(ld, g, NULL, path, "max_receive_count", 1, 1000, 1, 0, &v)) return SLS_EINPUT;
  q->max_receive_count = (int)v;
  q->message_kb = 1;
  return get_num(ld, g, NULL, path, "message_size_kb", 0, 1024, 0, 0, &q->message_kb);
}

static int load_downstream(loader *ld, config_setting_t *g, int idx, sls_downstream_spec *d) {
  char path[128], kp[256];
  const char *name = NULL;
  if (named_element(ld, g, "downstreams", idx, downstream_keys, NK(downstream_keys), &name, path,
                    sizeof path))
    return SLS_EINPUT;
  d->name = sls_xstrdup(name);
  int mode = 0;
  if (get_enum(ld, g, NULL, path, "mode", ds_modes, 2, &mode)) return SLS_EINPUT;
  d->proxy = mode;
  d->max_connections = INT64_C(1000000);
  d->capacity = INT64_C(1000000);
  d->pool_size = 100;
  if (get_int64(ld, g, NULL, path, "max_connections", 1, 1e7, 0, &d->max_connections) ||
      get_int64(ld, g, NULL, path, "capacity", 1, 1e7, 0, &d->capacity) ||
      get_int64(ld, g, NULL, path, "pool_size", 1, 1e7, 0, &d->pool_size))
    return SLS_EINPUT;
  if (d->proxy && d->pool_size > d->max_connections) {
    keypath(kp, sizeof kp, path, "pool_size");
    return fail(ld, config_setting_get_member(g, "pool_size"), kp,
                "expected at most max_connections (%lld), got %lld", (long long)d->max_connections,
                (long long)d->pool_size);
  }
  config_setting_t *lg = config_setting_get_member(g, "latency");
  keypath(kp, sizeof kp, path, "latency");
  if (!lg)
    return fail(ld, g, kp,
                "missing; expected the base latency of one call, e.g. { dist = \"lognormal\"; p50_ms = 50.0; "
                "p99_ms = 200.0; }");
  if (parse_dist(ld, lg, kp, &d->latency)) return SLS_EINPUT;
  config_setting_t *cg = config_setting_get_member(g, "collapse");
  if (cg) {
    keypath(kp, sizeof kp, path, "collapse");
    if (config_setting_type(cg) != CONFIG_TYPE_GROUP)
      return fail(ld, cg, kp, "expected a group { above = ...; after_s = ...; recovery_s = ...; }");
    if (check_keys(ld, cg, kp, collapse_keys, NK(collapse_keys))) return SLS_EINPUT;
    d->collapse_on = 1;
    if (get_int64(ld, cg, NULL, kp, "above", 0, 1e7, 1, &d->collapse_above) ||
        get_time(ld, cg, NULL, kp, "after", 0, 86400, 1, &d->collapse_after) ||
        get_time(ld, cg, NULL, kp, "recovery", 0, 86400 * 7.0, 1, &d->recovery))
      return SLS_EINPUT;
  }
  return 0;
}

static int load_mapping(loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_mapping_spec *m) {
  char path[128], kp[256];
  const char *name = NULL, *qn = NULL, *fname = NULL, *sug = NULL;
  config_setting_t *qs, *fs;
  if (named_element(ld, g, "mappings", idx, mapping_keys, NK(mapping_keys), &name, path, sizeof path))
    return SLS_EINPUT;
  m->name = sls_xstrdup(name);
  if (get_str(ld, g, NULL, path, "queue", 1, &qn, &qs) ||
      get_str(ld, g, NULL, path, "function", 1, &fname, &fs))
    return SLS_EINPUT;
  m->queue = sls_xstrdup(qn);
  m->function = sls_xstrdup(fname);
  m->q_index = find_name(&ld->fq_map, sc->n_functions, qn, ld->qnames, sc->n_queues, &sug);
  const char *qsug = sug;
  m->fn_index = find_name(&ld->fq_map, 0, fname, ld->fnames, sc->n_functions, &sug);
  if (m->q_index < 0) {
    keypath(kp, sizeof kp, path, "queue");
    return qsug ? fail(ld, qs, kp, "no queue named \"%s\" (did you mean \"%s\"?)", qn, qsug)
                : fail(ld, qs, kp, "no queue named \"%s\" in queues", qn);
  }
  if (m->fn_index < 0) {
    keypath(kp, sizeof kp, path, "function");
    return sug ? fail(ld, fs, kp, "no function named \"%s\" (did you mean \"%s\"?)", fname, sug)
               : fail(ld, fs, kp, "no function named \"%s\" in functions", fname);
  }
  const sls_queue_spec *q = &sc->queues[m->q_index];
  /* [FACTS 2] batch size 1..10,000 (FIFO 10), default 10; window 0..300 s; maximum
   * concurrency 2..1,000 */
  double v = 10;
  if (get_num(ld, g, NULL, path, "batch_size", 1, q->fifo ? 10 : 10000, 1, 0, &v)) return SLS_EINPUT;
  m->batch_size = (int)v;
  m->window = 0;
  if (get_time(ld, g, NULL, path, "batching_window", 0, 300, 0, &m->window)) return SLS_EINPUT;
  if (m->batch_size > 10 && m->window < SLS_NS_PER_S) {
    keypath(kp, sizeof kp, path, "batch_size");
    return fail(ld, config_setting_get_member(g, "batch_size"), kp,
                "a batch size over 10 needs batching_window_s >= 1 (Lambda requires it), got %d with %g s",
                m->batch_size, sls_time_to_s(m->window));
  }
  m->max_concurrency = -1;
  if (get_int64(ld, g, NULL, path, "maximum_concurrency", 2, 1000, 0, &m->max_concurrency)) return SLS_EINPUT;
  int sm = SLS_SCALING_2023;
  if (get_enum(ld, g, NULL, path, "scaling", scaling_names, 3, &sm)) return SLS_EINPUT;
  m->scaling = (sls_scaling_mode)sm;
  if (m->scaling == SLS_SCALING_NONE && m->max_concurrency < 0) {
    keypath(kp, sizeof kp, path, "scaling");
    return fail(ld, config_setting_get_member(g, "scaling"), kp,
                "\"none\" (a fixed concurrency) needs maximum_concurrency");
  }
  if (get_bool(ld, g, NULL, path, "report_batch_item_failures", &m->report_item_failures)) return SLS_EINPUT;
  /* Lambda refuses a mapping whose queue's visibility timeout is below the function's timeout. */
  const sls_function_spec *f = &sc->functions[m->fn_index];
  if (q->visibility < f->timeout) {
    keypath(kp, sizeof kp, path, "queue");
    return fail(ld, qs, kp,
                "queue %s's visibility timeout (%g s) is below function %s's timeout (%g s); Lambda requires "
                "it to be at least the timeout (6 x recommended)",
                q->name, sls_time_to_s(q->visibility), f->name, sls_time_to_s(f->timeout));
  }
  int other = ld->mapping_of[m->q_index];
  if (other >= 0) {
    keypath(kp, sizeof kp, path, "queue");
    return fail(ld, qs, kp, "queue %s already has mapping %s (one mapping per queue)", q->name,
                sc->mappings[other].name);
  }
  ld->mapping_of[m->q_index] = idx;
  return 0;
}

static char *scenario_relative(const loader *ld, const char *p);

static int load_source(loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_source_spec *s) {
  char path[128], kp[256];
  const char *name = NULL, *target = NULL;
  if (named_element(ld, g, "sources", idx, source_keys, NK(source_keys), &name, path, sizeof path))
    return SLS_EINPUT;
  s->name = sls_xstrdup(name);
  config_setting_t *ts;
  if (get_str(ld, g, NULL, path, "target", 1, &target, &ts)) return SLS_EINPUT;
  s->target = sls_xstrdup(target);
  s->fn_index = s->q_index = -1;
  int hit = ix_find(ld->targets, ld->n_targets, target);
  char sugbuf[128] = "";
  if (hit < 0) { /* only now look for a suggestion */
    const char **names = sls_xcalloc((size_t)ld->n_targets + 1, sizeof *names);
    for (int i = 0; i < ld->n_targets; i++)
      names[i] = ld->targets[i].name;
    const char *sug = closest(target, names, ld->n_targets);
    if (sug) snprintf(sugbuf, sizeof sugbuf, "%s", sug);
    free(names);
  }
  keypath(kp, sizeof kp, path, "target");
  if (hit < 0) {
    if (*sugbuf)
      return fail(ld, ts, kp, "no function or queue named \"%s\" (did you mean \"%s\"?)", target, sugbuf);
    return fail(ld, ts, kp, "no function or queue named \"%s\"", target);
  }
  if (hit < sc->n_functions)
    s->fn_index = hit;
  else
    s->q_index = hit - sc->n_functions;
  static const char *const inv_names[] = {"sync", "async"};
  int inv = 0;
  if (get_enum(ld, g, NULL, path, "invocation", inv_names, 2, &inv)) return SLS_EINPUT;
  s->async = inv;
  if (inv && s->q_index >= 0) {
    keypath(kp, sizeof kp, path, "invocation");
    return fail(ld, config_setting_get_member(g, "invocation"), kp,
                "applies to a function target, not to queue %s", target);
  }
  double groups = 1;
  if (get_num(ld, g, NULL, path, "message_groups", 1, 1e6, 1, 0, &groups)) return SLS_EINPUT;
  s->message_groups = (int)groups;
  /* Events published to SNS or EventBridge: each arrival is one publish, billed in 64 KB
   * chunks [FACTS 4]; both deliver to Lambda asynchronously. */
  s->event_kb = 1;
  if (get_enum(ld, g, NULL, path, "via", via_names, 3, &s->via) ||
      get_num(ld, g, NULL, path, "event_kb", 0, 256, 0, 0, &s->event_kb))
    return SLS_EINPUT;
  if (s->via && !s->async) {
    keypath(kp, sizeof kp, path, "via");
    return fail(ld, config_setting_get_member(g, "via"), kp,
                "SNS and EventBridge invoke functions asynchronously; expected invocation = \"async\"");
  }
  /* A Step Functions workflow: one execution per arrival, which invokes the target function
   * synchronously (a Task state) [FACTS 4]. */
  config_setting_t *wg = config_setting_get_member(g, "workflow");
  keypath(kp, sizeof kp, path, "workflow");
  s->workflow_mb = 64;
  if (wg) {
    if (config_setting_type(wg) != CONFIG_TYPE_GROUP)
      return fail(ld, wg, kp, "expected a group { type = \"standard\"; transitions = ...; }");
    if (check_keys(ld, wg, kp, workflow_keys, NK(workflow_keys))) return SLS_EINPUT;
    double mb = 64;
    s->transitions = 0;
    if (get_enum(ld, wg, NULL, kp, "type", workflow_names, 3, &s->workflow) ||
        get_num(ld, wg, NULL, kp, "transitions", 0, 1e6, 0, s->workflow == 1, &s->transitions) ||
        get_num(ld, wg, NULL, kp, "memory_mb", 64, 1e5, 0, 0, &mb))
      return SLS_EINPUT;
    s->workflow_mb = (int)(ceil(mb / 64) * 64);
    if (s->workflow && (s->async || s->q_index >= 0 || s->via))
      return fail(ld, wg, kp,
                  "a workflow invokes a function synchronously; expected a function target "
                  "with invocation = \"sync\" and no via");
  }
  config_setting_t *ag = config_setting_get_member(g, "arrival");
  keypath(kp, sizeof kp, path, "arrival");
  if (!ag || config_setting_type(ag) != CONFIG_TYPE_GROUP)
    return fail(ld, ag ? ag : g, kp, "expected a group { kind = \"poisson\"; rate_per_s = ...; }");
  if (check_keys(ld, ag, kp, arrival_keys, NK(arrival_keys))) return SLS_EINPUT;
  int kind = -1;
  if (get_enum(ld, ag, NULL, kp, "kind", arrival_names, NK(arrival_names), &kind)) return SLS_EINPUT;
  if (kind < 0) return fail(ld, ag, kp, "missing 'kind'; expected \"poisson\", \"piecewise\" or \"batch\"");
  s->kind = (sls_arrival_kind)kind;
  if (s->kind == SLS_ARRIVAL_POISSON) {
    if (get_rate(ld, ag, kp, "rate", 1, &s->rate_per_s)) return SLS_EINPUT;
  } else if (s->kind == SLS_ARRIVAL_BATCH) {
    if (get_int64(ld, ag, NULL, kp, "count", 1, 1e9, 1, &s->count) ||
        get_time(ld, ag, NULL, kp, "at", 0, 1e9, 0, &s->at) ||
        get_time(ld, ag, NULL, kp, "window", 0, 1e9, 0, &s->batch_window))
      return SLS_EINPUT;
  } else if (s->kind == SLS_ARRIVAL_DIURNAL) {
    s->baseline = 0.5; /* ~50 % of peak (Shahrad et al. ATC'20, FACTS 5) */
    s->peak_hour = 14;
    s->weekend_factor = 1;
    if (get_rate(ld, ag, kp, "peak_rate", 1, &s->peak_rate_per_s) ||
        get_num(ld, ag, NULL, kp, "baseline", 0, 1, 0, 0, &s->baseline) ||
        get_num(ld, ag, NULL, kp, "peak_hour", 0, 24, 0, 0, &s->peak_hour) ||
        get_num(ld, ag, NULL, kp, "weekend_factor", 0, 100, 0, 0, &s->weekend_factor))
      return SLS_EINPUT;
  } else if (s->kind == SLS_ARRIVAL_SPIKE) {
    if (get_rate(ld, ag, kp, "rate", 1, &s->rate_per_s) ||
        get_rate(ld, ag, kp, "spike_rate", 1, &s->spike_rate_per_s) ||
        get_time(ld, ag, NULL, kp, "spike_width", 0, 1e9, 1, &s->spike_width) ||
        get_time(ld, ag, NULL, kp, "period", 1e-3, 1e9, 1, &s->period) ||
        get_time(ld, ag, NULL, kp, "at", 0, 1e9, 0, &s->at))
      return SLS_EINPUT;
    if (s->spike_width > s->period) return fail(ld, ag, kp, "spike: expected spike_width <= period");
  } else if (s->kind == SLS_ARRIVAL_SCHEDULE) {
    s->count = 1;
    if (get_time(ld, ag, NULL, kp, "period", 1e-3, 1e9, 1, &s->period) ||
        get_int64(ld, ag, NULL, kp, "count", 1, 1e9, 0, &s->count) ||
        get_time(ld, ag, NULL, kp, "at", 0, 1e9, 0, &s->at) ||
        get_time(ld, ag, NULL, kp, "jitter", 0, 1e9, 0, &s->firing_jitter))
      return SLS_EINPUT;
  } else if (s->kind == SLS_ARRIVAL_MMPP) {
    double r[MAX_TABLE], sw[MAX_TABLE];
    config_setting_t *rs = config_setting_get_member(ag, "rates_per_s"),
                     *ss = config_setting_get_member(ag, "switch_per_s");
    if (!rs || !ss)
      return fail(ld, ag, kp, "mmpp: expected rates_per_s = [...] and switch_per_s = [...], one per state");
    int nr = get_array(ld, rs, kp, r, MAX_TABLE, 0, 1e9); /* rates as get_rate's: at most 10^9/s */
    int ns = nr < 0 ? -1 : get_array(ld, ss, kp, sw, MAX_TABLE, 0, 1e9);
    if (nr < 0 || ns < 0) return SLS_EINPUT;
    if (nr != ns || nr < 1)
      return fail(ld, ss, kp, "mmpp: expected as many switch rates as states (at least 1), got %d and %d", ns,
                  nr);
    s->n_states = nr;
    s->state_rate = sls_xmalloc((size_t)nr * sizeof *s->state_rate);
    s->state_switch = sls_xmalloc((size_t)nr * sizeof *s->state_switch);
    for (int i = 0; i < nr; i++) {
      if (r[i] < 0) return fail(ld, rs, kp, "mmpp: expected rates >= 0");
      if (!(sw[i] > 0)) return fail(ld, ss, kp, "mmpp: expected switch rates > 0");
      s->state_rate[i] = r[i];
      s->state_switch[i] = sw[i];
    }
  } else {
    const char *rf = NULL;
    config_setting_t *rfs;
    if (get_str(ld, ag, NULL, kp, "rates_file", 0, &rf, &rfs)) return SLS_EINPUT;
    if (rf) { /* a rate table in a CSV file, path relative to the scenario */
      char *file = scenario_relative(ld, rf);
      int rc = sls_trace_read_rates(file, &s->piece_t, &s->piece_rate, &s->n_pieces, ld->err);
      free(file);
      if (rc == SLS_EIO) {
        char msg[SLS_ERRLEN], rk[300];
        snprintf(msg, sizeof msg, "%s", ld->err);
        keypath(rk, sizeof rk, kp, "rates_file");
        return fail(ld, rfs, rk, "%s", msg);
      }
      if (rc) {
        ld->failed = 1;
        return SLS_EINPUT;
      }
      goto arrival_done;
    }
    double t[MAX_TABLE], r[MAX_TABLE];
    double unit = 1e9;
    config_setting_t *tset = find_unit(ld, ag, NULL, kp, "times", &unit);
    config_setting_t *rset = config_setting_get_member(ag, "rates_per_s");
    if (ld->failed) return SLS_EINPUT;
    if (!tset || !rset)
      return fail(ld, ag, kp, "piecewise: expected times_s = [...] (segment starts) and rates_per_s = [...]");
    char tk[256];
    keypath(tk, sizeof tk, kp, config_setting_name(tset));
    int nt = get_array(ld, tset, tk, t, MAX_TABLE, 0, 1e9 * 1e9 / unit); /* times: at most 10^9 s */
    int nr = nt < 0 ? -1 : get_array(ld, rset, kp, r, MAX_TABLE, 0, 1e9);
    if (nt < 0 || nr < 0) return SLS_EINPUT;
    if (nt != nr || nt < 1)
      return fail(ld, rset, kp, "piecewise: expected as many rates as times (at least 1), got %d and %d", nr,
                  nt);
    if (t[0] != 0) return fail(ld, tset, tk, "piecewise: the first segment must start at 0");
    s->n_pieces = nt;
    s->piece_t = sls_xmalloc((size_t)nt * sizeof *s->piece_t);
    s->piece_rate = sls_xmalloc((size_t)nt * sizeof *s->piece_rate);
    for (int i = 0; i < nt; i++) {
      if (i && t[i] <= t[i - 1]) return fail(ld, tset, tk, "piecewise: expected increasing times");
      if (r[i] < 0) return fail(ld, rset, kp, "piecewise: expected rates >= 0");
      s->piece_t[i] = (sls_time)llround(t[i] * unit);
      s->piece_rate[i] = r[i];
    }
  }
arrival_done:
  s->start = 0;
  s->stop = SLS_TIME_MAX;
  if (get_time(ld, g, NULL, path, "start", 0, 1e9, 0, &s->start) ||
      get_time(ld, g, NULL, path, "stop", 0, 1e9, 0, &s->stop))
    return SLS_EINPUT;
  int gw = SLS_GW_NONE;
  if (get_enum(ld, g, NULL, path, "api_gateway", gw_names, 3, &gw)) return SLS_EINPUT;
  s->gateway = (sls_gateway)gw;
  sls_dist_constant(&s->gateway_latency, 0);
  if (gw != SLS_GW_NONE) {
    config_setting_t *lg = config_setting_get_member(g, "gateway_latency");
    if (!lg) {
      config_setting_t *pg = plat_group(ld, "api_gateway");
      config_setting_t *one = pg ? config_setting_get_member(pg, gw_names[gw]) : NULL;
      lg = one ? config_setting_get_member(one, "latency") : NULL;
    }
    keypath(kp, sizeof kp, path, "gateway_latency");
    if (lg && parse_dist(ld, lg, kp, &s->gateway_latency)) return SLS_EINPUT;
  }
  config_setting_t *cg = config_setting_get_member(g, "client");
  keypath(kp, sizeof kp, path, "client");
  if (cg && config_setting_type(cg) != CONFIG_TYPE_GROUP) return fail(ld, cg, kp, "expected a group");
  if (check_keys(ld, cg, kp, client_keys, NK(client_keys))) return SLS_EINPUT;
  double v = 0;
  if (get_num(ld, cg, NULL, kp, "max_retries", 0, 100, 1, 0, &v)) return SLS_EINPUT;
  s->max_retries = (int)v;
  if (get_bool(ld, cg, NULL, kp, "retry_on_error", &s->retry_on_error)) return SLS_EINPUT;
  /* AWS SDK standard retry mode: base 100 ms, cap 20 s, full jitter (AWS SDKs and Tools
   * reference guide, "Retry behavior"). */
  s->backoff_base = 100 * SLS_NS_PER_MS;
  s->backoff_cap = 20 * SLS_NS_PER_S;
  if (get_time(ld, cg, NULL, kp, "backoff_base", 0, 3600, 0, &s->backoff_base) ||
      get_time(ld, cg, NULL, kp, "backoff_cap", 0, 86400, 0, &s->backoff_cap))
    return SLS_EINPUT;
  int j = SLS_JITTER_FULL;
  if (get_enum(ld, cg, NULL, kp, "jitter", jitter_names, 3, &j)) return SLS_EINPUT;
  s->jitter = (sls_jitter)j;
  return 0;
}

/* An optional list key: *list is NULL and *n 0 when absent. */
static int optional_list(loader *ld, config_setting_t *root, const char *key, config_setting_t **list,
                         int *n) {
  *list = config_setting_get_member(root, key);
  *n = 0;
  if (!*list) return 0;
  if (config_setting_type(*list) != CONFIG_TYPE_LIST)
    return fail(ld, *list, key, "expected a list ( { name = ...; ... }, ... ), got %s", type_name(*list));
  *n = config_setting_length(*list);
  return 0;
}

/* Adds name (index i) to map; fails when it is there already. */
static int unique_name(loader *ld, config_setting_t *g, const char *what, const char *name, sls_strmap *map,
                       int i) {
  if (sls_strmap_put(map, name, i) < 0) return 0;
  char kp[128];
  snprintf(kp, sizeof kp, "%s.name", what);
  return fail(ld, config_setting_get_member(g, "name"), kp,
              "\"%s\" is used twice (functions and queues share names)", name);
}

/* ---- traces (io/trace.h) ---- */

static void function_spec_free(sls_function_spec *f);

static const keyspec trace_keys[] = {
    {"name", K_PLAIN},       {"format", K_PLAIN},   {"invocations", K_PLAIN}, {"durations", K_PLAIN},
    {"memory", K_PLAIN},     {"file", K_PLAIN},     {"placement", K_PLAIN},   {"top", K_PLAIN},
    {"trigger", K_PLAIN},    {"app", K_PLAIN},      {"window_start", K_TIME}, {"window_end", K_TIME},
    {"invocation", K_PLAIN}, {"function", K_PLAIN}, {"description", K_PLAIN}};
static const char *const trace_formats[] = {"azure2019", "azure2021", "csv"};
static const char *const placements[] = {"uniform", "equidistant", "poisson"};

/* A path given in a scenario is relative to the scenario's directory. */
static char *scenario_relative(const loader *ld, const char *p) {
  if (p[0] == '/') return sls_xstrdup(p);
  const char *slash = strrchr(ld->path, '/');
  if (!slash) return sls_xstrdup(p);
  size_t n = (size_t)(slash - ld->path) + 1 + strlen(p) + 1;
  char *out = sls_xmalloc(n);
  snprintf(out, n, "%.*s/%s", (int)(slash - ld->path), ld->path, p);
  return out;
}

static void runtime_copy(sls_runtime_spec *dst, const sls_runtime_spec *src) {
  *dst = *src;
  dst->name = sls_xstrdup(src->name);
  dst->source = sls_xstrdup(src->source);
  sls_dist_copy(&dst->init, &src->init);
  sls_dist_copy(&dst->overhead, &src->overhead);
}

/* A deep copy of a function spec, renamed. */
static void function_clone(sls_function_spec *dst, const sls_function_spec *src, const char *name) {
  *dst = *src;
  dst->name = sls_xstrdup(name);
  sls_dist_copy(&dst->duration, &src->duration);
  sls_dist_copy(&dst->keep_alive, &src->keep_alive);
  sls_dist_copy(&dst->max_lifetime, &src->max_lifetime);
  sls_dist_copy(&dst->per_message, &src->per_message);
  dst->downstream = src->downstream ? sls_xstrdup(src->downstream) : NULL;
  dst->on_failure = src->on_failure ? sls_xstrdup(src->on_failure) : NULL;
  runtime_copy(&dst->runtime, &src->runtime);
}

/* Whether a trace function passes the block's filters. */
static int keep_fn(const sls_trace_spec *t, const sls_trace_fn *f) {
  if (t->trigger && strcasecmp(t->trigger, f->trigger) != 0) return 0;
  if (t->app && strncmp(f->app, t->app, strlen(t->app)) != 0) return 0;
  return f->total > 0;
}

static int by_time(const void *a, const void *b) {
  sls_time x = *(const sls_time *)a, y = *(const sls_time *)b;
  return (x > y) - (x < y);
}

static int by_fn_name(const void *a, const void *b) {
  return strcmp((*(const sls_trace_fn *const *)a)->name, (*(const sls_trace_fn *const *)b)->name);
}

static int by_volume(const void *a, const void *b) {
  const sls_trace_fn *x = *(const sls_trace_fn *const *)a, *y = *(const sls_trace_fn *const *)b;
  if (x->total != y->total) return x->total < y->total ? 1 : -1;
  return strcmp(x->name, y->name); /* ties by name: deterministic */
}

/* Restricts a function's trace to the window and shifts it to start at 0; returns what is left. */
static int64_t window(const sls_trace_spec *t, sls_trace_fn *f) {
  if (f->counts) {
    int m0 = (int)(t->window_start / (60 * SLS_NS_PER_S));
    int m1 = t->window_end > 0 ? (int)((t->window_end + 60 * SLS_NS_PER_S - 1) / (60 * SLS_NS_PER_S))
                               : f->n_minutes;
    if (m1 > f->n_minutes) m1 = f->n_minutes;
    if (m0 > m1) m0 = m1;
    memmove(f->counts, f->counts + m0, (size_t)(m1 - m0) * sizeof *f->counts);
    f->n_minutes = m1 - m0;
    f->total = 0;
    for (int m = 0; m < f->n_minutes; m++)
      f->total += f->counts[m];
    return f->total;
  }
  int64_t k = 0;
  for (int64_t i = 0; i < f->n; i++) {
    if (f->times[i] < t->window_start || (t->window_end > 0 && f->times[i] >= t->window_end)) continue;
    f->times[k] = f->times[i] - t->window_start;
    if (f->durations) f->durations[k] = f->durations[i];
    k++;
  }
  f->n = f->total = k;
  return k;
}

static int load_trace(loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_trace_spec *t) {
  char path[128], kp[256];
  const char *name = NULL, *v = NULL;
  if (named_element(ld, g, "traces", idx, trace_keys, NK(trace_keys), &name, path, sizeof path))
    return SLS_EINPUT;
  t->name = sls_xstrdup(name);
  int fmt = -1, pl = 0, inv = 0;
  static const char *const inv_names[] = {"sync", "async"};
  if (get_enum(ld, g, NULL, path, "format", trace_formats, NK(trace_formats), &fmt) ||
      get_enum(ld, g, NULL, path, "placement", placements, NK(placements), &pl) ||
      get_enum(ld, g, NULL, path, "invocation", inv_names, 2, &inv))
    return SLS_EINPUT;
  keypath(kp, sizeof kp, path, "format");
  if (fmt < 0) return fail(ld, g, kp, "missing; expected \"azure2019\", \"azure2021\" or \"csv\"");
  t->format = sls_xstrdup(trace_formats[fmt]);
  t->placement = sls_xstrdup(placements[pl]);
  t->async = inv;
  const char *const str_keys[] = {"invocations", "durations", "memory", "file", "trigger", "app"};
  char **strs[] = {&t->invocations, &t->durations, &t->memory, &t->file, &t->trigger, &t->app};
  for (int k = 0; k < 6; k++) {
    if (get_str(ld, g, NULL, path, str_keys[k], 0, &v, NULL)) return SLS_EINPUT;
    *strs[k] = v ? sls_xstrdup(v) : NULL;
    v = NULL;
  }
  keypath(kp, sizeof kp, path, fmt == 0 ? "invocations" : "file");
  if (fmt == 0 ? !t->invocations : !t->file)
    return fail(ld, g, kp, "missing; expected the trace file's path");
  if (get_int64(ld, g, NULL, path, "top", 0, 1e9, 0, &t->top)) return SLS_EINPUT;
  if (get_time(ld, g, NULL, path, "window_start", 0, 400 * 86400.0, 0, &t->window_start) ||
      get_time(ld, g, NULL, path, "window_end", 0, 400 * 86400.0, 0, &t->window_end))
    return SLS_EINPUT;
  /* the template: a function group without name and duration (the trace gives those) */
  config_setting_t *tg = config_setting_get_member(g, "function");
  keypath(kp, sizeof kp, path, "function");
  if (tg && config_setting_type(tg) != CONFIG_TYPE_GROUP)
    return fail(ld, tg, kp, "expected a function group { ... }");
  if (!tg) tg = config_setting_add(g, "function", CONFIG_TYPE_GROUP);
  t->tmpl_memory = config_setting_get_member(tg, "memory_mb") != NULL;
  if (!config_setting_get_member(tg, "name"))
    config_setting_set_string(config_setting_add(tg, "name", CONFIG_TYPE_STRING), "template");
  if (!config_setting_get_member(tg, "duration")) {
    config_setting_t *d = config_setting_add(tg, "duration", CONFIG_TYPE_GROUP);
    config_setting_set_string(config_setting_add(d, "dist", CONFIG_TYPE_STRING), "constant");
    config_setting_set_float(config_setting_add(d, "value_ms", CONFIG_TYPE_FLOAT), 1.0);
  }
  if (load_function(ld, tg, 0, &t->tmpl)) return SLS_EINPUT;
  /* read */
  sls_trace tr;
  char *a = scenario_relative(ld, fmt == 0 ? t->invocations : t->file);
  char *b = t->durations ? scenario_relative(ld, t->durations) : NULL;
  char *c = t->memory ? scenario_relative(ld, t->memory) : NULL;
  int rc = fmt == 0 ? sls_trace_read_azure2019(a, b, c, &tr, ld->err)
                    : sls_trace_read_invocations(a, fmt == 1, &tr, ld->err);
  free(a);
  free(b);
  free(c);
  if (rc == SLS_EIO) { /* a file that cannot be read: said where the scenario names it */
    char msg[SLS_ERRLEN];
    snprintf(msg, sizeof msg, "%s", ld->err);
    return fail(ld, g, path, "%s", msg);
  }
  if (rc) { /* a line of the trace: its own FILE:LINE says where */
    ld->failed = 1;
    return SLS_EINPUT;
  }
  /* filter, window, rank */
  sls_trace_fn **keep = sls_xcalloc((size_t)tr.n + 1, sizeof *keep);
  int nk = 0;
  for (int i = 0; i < tr.n; i++)
    if (keep_fn(t, &tr.fns[i]) && window(t, &tr.fns[i]) > 0) keep[nk++] = &tr.fns[i];
  qsort(keep, (size_t)nk, sizeof *keep, by_volume);
  if (t->top > 0 && nk > t->top) nk = (int)t->top;
  /* Names: TRACE-PREFIX, where PREFIX is the first 12 characters of the trace's function name
   * (an Azure hash is 64), or more where two kept functions share them: every kept function gets
   * a name of its own.  Checked like a written name, and against the names already in use. */
  {
    sls_trace_fn **by_name = sls_xmalloc(((size_t)nk + 1) * sizeof *by_name);
    memcpy(by_name, keep, (size_t)nk * sizeof *keep);
    qsort(by_name, (size_t)nk, sizeof *by_name, by_fn_name);
    for (int k = 0; k < nk; k++) { /* longest common prefix with each neighbour, + 1 */
      size_t need = 12, len = strlen(by_name[k]->name);
      for (int j = k - 1; j <= k + 1; j += 2) {
        if (j < 0 || j >= nk) continue;
        size_t l = 0;
        while (by_name[k]->name[l] && by_name[k]->name[l] == by_name[j]->name[l])
          l++;
        if (l + 1 > need) need = l + 1;
      }
      by_name[k]->n_prefix = (int)(need < len ? need : len);
    }
    free(by_name);
  }
  sls_strmap used;
  sls_strmap_init(&used, (size_t)(sc->n_functions + sc->n_queues + sc->n_sources + nk));
  for (int i = 0; i < sc->n_functions; i++)
    sls_strmap_put(&used, sc->functions[i].name, i);
  for (int i = 0; i < sc->n_queues; i++)
    sls_strmap_put(&used, sc->queues[i].name, i);
  for (int i = 0; i < sc->n_sources; i++)
    sls_strmap_put(&used, sc->sources[i].name, i);
  char **gen = sls_xcalloc((size_t)nk + 1, sizeof *gen);
  int bad = -1;
  for (int k = 0; k < nk && bad < 0; k++) {
    char fname[SLS_NAME_FIELD + 8];
    snprintf(fname, sizeof fname, "%s-%.*s", t->name, keep[k]->n_prefix, keep[k]->name);
    gen[k] = sls_xstrdup(fname);
    if (!sls_name_ok(fname, SLS_NAME_FIELD - 1) || sls_strmap_put(&used, gen[k], k) >= 0) bad = k;
  }
  sls_strmap_destroy(&used);
  if (bad >= 0) {
    keypath(kp, sizeof kp, path, "name");
    if (!sls_name_ok(gen[bad], SLS_NAME_FIELD - 1))
      fail(
          ld, config_setting_get_member(g, "name"), kp,
          "the name made for trace function %s, \"%s\", is over %d characters; expected a shorter trace name",
          keep[bad]->name, gen[bad], SLS_NAME_FIELD - 1);
    else
      fail(ld, config_setting_get_member(g, "name"), kp,
           "the name made for trace function %s, \"%s\", is already used by a function, queue or source",
           keep[bad]->name, gen[bad]);
    for (int k = 0; k < nk; k++)
      free(gen[k]);
    free(gen);
    free(keep);
    sls_trace_free(&tr);
    return SLS_EINPUT;
  }
  /* functions and sources */
  sc->functions = sls_xrealloc(sc->functions, (size_t)(sc->n_functions + nk + 1) * sizeof *sc->functions);
  sc->sources = sls_xrealloc(sc->sources, (size_t)(sc->n_sources + nk + 1) * sizeof *sc->sources);
  for (int k = 0; k < nk; k++) {
    sls_trace_fn *f = keep[k];
    const char *fname = gen[k];
    sls_function_spec *fs = &sc->functions[sc->n_functions];
    function_clone(fs, &t->tmpl, fname);
    fs->from_trace = 1;
    /* Memory: the trace's allocation unless the template sets memory_mb, at least Lambda's
     * 128 MB (an Azure app's memory split among its functions is not a Lambda setting; it is the
     * closest figure the trace has). */
    if (f->memory_mb > 0 && !t->tmpl_memory) {
      double mb = ceil(f->memory_mb);
      fs->memory_mb = mb < 128 ? 128 : mb > 10240 ? 10240 : (int)mb;
      fs->ref_memory_mb = fs->memory_mb;
    }
    double pct[7] = {0, 1, 25, 50, 75, 99, 100}, vals[7];
    double max_ms = 0;
    if (f->has_pct) {
      for (int q = 0; q < 7; q++)
        vals[q] = f->pct_ms[q] * 1e6;
    } else if (f->durations) { /* the function's own recorded durations */
      sls_time *sorted = sls_xmalloc((size_t)f->n * sizeof *sorted);
      memcpy(sorted, f->durations, (size_t)f->n * sizeof *sorted);
      qsort(sorted, (size_t)f->n, sizeof *sorted, by_time);
      for (int q = 0; q < 7; q++)
        vals[q] = (double)sorted[(int64_t)floor(pct[q] / 100 * (double)(f->n - 1))];
      free(sorted);
    } else {
      vals[0] = -1;
    }
    if (vals[0] >= 0) {
      for (int q = 0; q < 7; q++)
        pct[q] /= 100;
      sls_dist_destroy(&fs->duration);
      sls_dist_empirical(&fs->duration, 7, pct, vals);
      max_ms = vals[6] / 1e6;
    }
    /* Timeout: at least the longest recorded duration x 1.5, so replayed durations are not cut
     * by the 3 s default; Lambda's 900 s maximum still applies. */
    sls_time need = (sls_time)(max_ms * 1.5e6);
    if (need > fs->timeout) fs->timeout = need < 900 * SLS_NS_PER_S ? need : 900 * SLS_NS_PER_S;
    sls_source_spec *ss = &sc->sources[sc->n_sources];
    memset(ss, 0, sizeof *ss);
    ss->name = sls_xstrdup(fname);
    ss->target = sls_xstrdup(fname);
    ss->fn_index = sc->n_functions;
    ss->q_index = -1;
    ss->async = t->async;
    ss->from_trace = 1;
    ss->stop = SLS_TIME_MAX;
    ss->message_groups = 1;
    ss->backoff_base = 100 * SLS_NS_PER_MS;
    ss->backoff_cap = 20 * SLS_NS_PER_S;
    sls_dist_constant(&ss->gateway_latency, 0);
    if (f->counts) {
      ss->kind = SLS_ARRIVAL_TRACE_COUNTS;
      ss->n_minutes = f->n_minutes;
      ss->minute_counts = f->counts;
      f->counts = NULL;
      ss->placement = pl;
    } else {
      ss->kind = SLS_ARRIVAL_TRACE_TIMES;
      ss->n_times = f->n;
      ss->times = f->times;
      ss->durations = f->durations;
      f->times = NULL;
      f->durations = NULL;
    }
    sc->n_functions++;
    sc->n_sources++;
  }
  t->n_functions = nk;
  for (int k = 0; k < nk; k++)
    free(gen[k]);
  free(gen);
  free(keep);
  sls_trace_free(&tr);
  return 0;
}

/* INIT billing [FACTS 3]: since 1 Aug 2025 the INIT phase of every on-demand environment is
 * billed; before, only container images and OS-only (custom) runtimes paid for it, managed
 * runtimes in ZIP packages did not.  A runtime that sets init_billed itself keeps it. */
static void resolve_init_billing(const sls_scenario *sc, sls_runtime_spec *rt) {
  if (rt->init_billed_set) return;
  rt->init_billed = sc->init_billing == SLS_INIT_BILL_2025 ||
                    (sc->init_billing == SLS_INIT_BILL_BEFORE_2025 && (rt->image || rt->custom));
}

/* An always-on alternative: its price per instance from the pricing model (or given), its
 * capacity, and the rule it is autoscaled by. */
static int load_alternative(loader *ld, config_setting_t *g, int idx, sls_scenario *sc,
                            sls_alternative_spec *a) {
  char path[128], kp[256];
  const char *name = NULL;
  if (named_element(ld, g, "alternatives", idx, alternative_keys, NK(alternative_keys), &name, path,
                    sizeof path))
    return SLS_EINPUT;
  a->name = sls_xstrdup(name);
  int kind = -1;
  if (get_enum(ld, g, NULL, path, "kind", alt_kind_names, 3, &kind)) return SLS_EINPUT;
  keypath(kp, sizeof kp, path, "kind");
  if (kind < 0) return fail(ld, g, kp, "missing; expected \"vps\", \"ec2\" or \"fargate\"");
  a->kind = (sls_alt_kind)kind;
  const sls_price_spec *p = &sc->price;
  double per_month = -1, per_hour = -1;
  if (get_num(ld, g, NULL, path, "usd_per_hour", 0, 1e5, 0, 0, &per_hour) ||
      get_num(ld, g, NULL, path, "usd_per_month", 0, 1e7, 0, 0, &per_month))
    return SLS_EINPUT;
  if (per_hour >= 0 && per_month >= 0)
    return fail(ld, config_setting_get_member(g, "usd_per_month"), path,
                "usd_per_hour and usd_per_month: expected one of them, got both");
  if (per_month >= 0) per_hour = per_month / SLS_MONTH_HOURS;
  if (a->kind == SLS_ALT_EC2) {
    const char *ty = NULL;
    config_setting_t *at;
    if (get_str(ld, g, NULL, path, "instance", 1, &ty, &at)) return SLS_EINPUT;
    a->instance = sls_xstrdup(ty);
    int found = -1;
    for (int i = 0; i < p->n_instances; i++)
      if (strcmp(p->instances[i].name, ty) == 0) found = i;
    if (found < 0 && per_hour < 0) {
      char avail[512] = "";
      for (int i = 0; i < p->n_instances && strlen(avail) < sizeof avail - 40; i++)
        snprintf(avail + strlen(avail), sizeof avail - strlen(avail), "%s%s", i ? ", " : "",
                 p->instances[i].name);
      keypath(kp, sizeof kp, path, "instance");
      return fail(ld, at, kp, "no EC2 type \"%s\" in pricing model %s (give usd_per_hour); available: %s", ty,
                  p->name, avail);
    }
    if (found >= 0) {
      a->vcpu = p->instances[found].vcpu;
      a->memory_gb = p->instances[found].memory_gb;
      if (per_hour < 0) per_hour = p->instances[found].usd_per_hour;
    }
  } else if (a->kind == SLS_ALT_FARGATE) {
    int arch = 0;
    if (get_num(ld, g, NULL, path, "vcpu", 0.25, 16, 0, 1, &a->vcpu) ||
        get_num(ld, g, NULL, path, "memory_gb", 0.5, 120, 0, 1, &a->memory_gb) ||
        get_enum(ld, g, NULL, path, "arch", arch_names, 2, &arch))
      return SLS_EINPUT;
    a->arm = arch;
    if (per_hour < 0) per_hour = a->vcpu * p->fargate_vcpu_h[arch] + a->memory_gb * p->fargate_gb_h[arch];
  } else {
    if (per_hour < 0)
      return fail(ld, g, path, "a VPS needs its price: expected usd_per_month (or usd_per_hour)");
    if (get_num(ld, g, NULL, path, "vcpu", 0, 1e4, 0, 0, &a->vcpu) ||
        get_num(ld, g, NULL, path, "memory_gb", 0, 1e5, 0, 0, &a->memory_gb))
      return SLS_EINPUT;
  }
  a->usd_per_hour = per_hour;
  double rps = -1, conc = -1;
  if (get_num(ld, g, NULL, path, "capacity_rps", 1e-6, 1e9, 0, 0, &rps) ||
      get_num(ld, g, NULL, path, "capacity_concurrency", 1e-6, 1e9, 0, 0, &conc))
    return SLS_EINPUT;
  if ((rps < 0) == (conc < 0))
    return fail(ld, g, path,
                "expected one of capacity_rps (requests per second one instance serves) or "
                "capacity_concurrency (requests it holds at once)");
  a->by_concurrency = conc > 0;
  a->capacity = conc > 0 ? conc : rps;
  a->min_instances = 1;
  a->target_utilization = 0.7;
  a->scale_in_delay = 300 * SLS_NS_PER_S;
  if (get_int64(ld, g, NULL, path, "min_instances", 0, 1e6, 0, &a->min_instances) ||
      get_num(ld, g, NULL, path, "target_utilization", 0.05, 1, 0, 0, &a->target_utilization) ||
      get_time(ld, g, NULL, path, "scale_in_delay", 0, 86400 * 30.0, 0, &a->scale_in_delay))
    return SLS_EINPUT;
  if (sc->sample_interval <= 0)
    return fail(ld, g, path, "an alternative is sized from the time series; expected sample_interval > 0");
  config_setting_t *fl = config_setting_get_member(g, "functions");
  if (fl) {
    keypath(kp, sizeof kp, path, "functions");
    if (config_setting_type(fl) != CONFIG_TYPE_ARRAY || config_setting_length(fl) == 0)
      return fail(ld, fl, kp, "expected an array of function names [\"api\", ...]");
    a->n_functions = config_setting_length(fl);
    a->functions = sls_xcalloc((size_t)a->n_functions, sizeof *a->functions);
    a->function_names = sls_xcalloc((size_t)a->n_functions, sizeof *a->function_names);
    for (int i = 0; i < a->n_functions; i++) {
      config_setting_t *e = config_setting_get_elem(fl, (unsigned)i);
      const char *fn = config_setting_get_string(e);
      if (!fn) return fail(ld, e, kp, "element %d: expected a function name", i);
      a->function_names[i] = sls_xstrdup(fn);
      a->functions[i] = -1;
      for (int k = 0; k < sc->n_functions; k++)
        if (strcmp(sc->functions[k].name, fn) == 0) a->functions[i] = k;
      if (a->functions[i] < 0) return fail(ld, e, kp, "no function named \"%s\"", fn);
    }
  }
  return 0;
}

/* ---- cycles: where work can flow back to where it came from ----
 *
 * Nodes are functions (0 .. nf-1) and queues (nf ..); an edge is a way work moves: a queue's
 * mapping invokes its function, a function's failed async events go to its on_failure queue, a
 * queue's messages go to its dead-letter queue.  A cycle is legal (AWS accepts each edge), but
 * work that keeps failing then circulates until drain_limit ends the run: the loader says so. */

typedef struct edge {
  int from, to;
  const config_setting_t *at;  /* the setting that makes the edge, for FILE:LINE */
  char key[SLS_NAME_MAX + 32]; /* its key path */
} edge;

static void add_warning(sls_scenario *sc, const char *w) {
  size_t old = sc->warnings ? strlen(sc->warnings) : 0, n = strlen(w);
  sc->warnings = sls_xrealloc(sc->warnings, old + n + 2);
  memcpy(sc->warnings + old, w, n);
  sc->warnings[old + n] = '\n';
  sc->warnings[old + n + 1] = 0;
}

static const char *node_name(const sls_scenario *sc, int v, char *buf, size_t n) {
  if (v < sc->n_functions)
    snprintf(buf, n, "function %s", sc->functions[v].name);
  else
    snprintf(buf, n, "queue %s", sc->queues[v - sc->n_functions].name);
  return buf;
}

static void find_cycles(loader *ld, config_setting_t *root, sls_scenario *sc) {
  int nf = sc->n_functions, nv = nf + sc->n_queues, ne = 0;
  edge *e = sls_xcalloc((size_t)(sc->n_mappings + nf + sc->n_queues) + 1, sizeof *e);
  config_setting_t *ml = config_setting_get_member(root, "mappings"),
                   *fl = config_setting_get_member(root, "functions"),
                   *ql = config_setting_get_member(root, "queues");
  for (int i = 0; i < sc->n_mappings; i++) {
    e[ne] = (edge){nf + sc->mappings[i].q_index, sc->mappings[i].fn_index,
                   config_setting_get_member(config_setting_get_elem(ml, (unsigned)i), "queue"), ""};
    snprintf(e[ne++].key, sizeof e->key, "mappings.%s.queue", sc->mappings[i].name);
  }
  for (int i = 0; i < nf; i++)
    if (sc->functions[i].on_failure_q >= 0 && !sc->functions[i].from_trace) {
      e[ne] = (edge){i, nf + sc->functions[i].on_failure_q,
                     config_setting_get_member(config_setting_get_elem(fl, (unsigned)i), "on_failure"), ""};
      snprintf(e[ne++].key, sizeof e->key, "functions.%s.on_failure", sc->functions[i].name);
    }
  for (int i = 0; i < sc->n_queues; i++)
    if (sc->queues[i].dlq_index >= 0) {
      e[ne] = (edge){nf + i, nf + sc->queues[i].dlq_index,
                     config_setting_get_member(config_setting_get_elem(ql, (unsigned)i), "dead_letter_queue"),
                     ""};
      snprintf(e[ne++].key, sizeof e->key, "queues.%s.dead_letter_queue", sc->queues[i].name);
    }
  /* adjacency (edges by source), then Tarjan's strongly connected components (iteratively: a
   * chain of 10^5 queues is no recursion depth), O(nodes + edges) */
  int *first = sls_xcalloc((size_t)nv + 2, sizeof *first), *adj = sls_xcalloc((size_t)ne + 1, sizeof *adj);
  for (int k = 0; k < ne; k++)
    first[e[k].from + 1]++;
  for (int v = 0; v < nv; v++)
    first[v + 1] += first[v];
  int *fill = sls_xcalloc((size_t)nv + 1, sizeof *fill);
  for (int k = 0; k < ne; k++)
    adj[first[e[k].from] + fill[e[k].from]++] = k;
  int *index = sls_xmalloc(((size_t)nv + 1) * sizeof *index),
      *low = sls_xmalloc(((size_t)nv + 1) * sizeof *low),
      *comp = sls_xmalloc(((size_t)nv + 1) * sizeof *comp),
      *stack = sls_xmalloc(((size_t)nv + 1) * sizeof *stack),
      *call = sls_xmalloc(((size_t)nv + 1) * sizeof *call),
      *next = sls_xmalloc(((size_t)nv + 1) * sizeof *next);
  char *on = sls_xcalloc((size_t)nv + 1, 1);
  for (int v = 0; v < nv; v++)
    index[v] = comp[v] = -1;
  int counter = 0, top = 0, ncomp = 0;
  for (int r = 0; r < nv; r++) {
    if (index[r] >= 0) continue;
    int depth = 0;
    call[depth++] = r;
    index[r] = low[r] = counter++;
    next[r] = first[r];
    stack[top++] = r;
    on[r] = 1;
    while (depth) {
      int v = call[depth - 1];
      if (next[v] < first[v + 1]) {
        int w = e[adj[next[v]++]].to;
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          next[w] = first[w];
          stack[top++] = w;
          on[w] = 1;
          call[depth++] = w;
        } else if (on[w] && index[w] < low[v])
          low[v] = index[w];
        continue;
      }
      depth--;
      if (depth && low[v] < low[call[depth - 1]]) low[call[depth - 1]] = low[v];
      if (low[v] != index[v]) continue;
      int w;
      do {
        w = stack[--top];
        on[w] = 0;
        comp[w] = ncomp;
      } while (w != v);
      ncomp++;
    }
  }
  /* one warning per component with a cycle (an edge inside it): the path around, found by a
   * breadth-first search inside the component from the edge's target back to its source */
  char *reported = sls_xcalloc((size_t)ncomp + 1, 1);
  int *prev = next; /* reused */
  for (int k = 0; k < ne; k++) {
    int c = comp[e[k].from];
    if (c != comp[e[k].to] || reported[c]) continue;
    reported[c] = 1;
    for (int v = 0; v < nv; v++)
      prev[v] = -2;
    int head = 0, tail = 0;
    stack[tail++] = e[k].to;
    prev[e[k].to] = -1;
    while (head < tail && prev[e[k].from] == -2) {
      int v = stack[head++];
      for (int j = first[v]; j < first[v + 1]; j++) {
        int w = e[adj[j]].to;
        if (comp[w] == c && prev[w] == -2) {
          prev[w] = v;
          stack[tail++] = w;
        }
      }
    }
    /* the cycle: from -> to -> ... -> from; prev walks it backwards from `from` */
    int chain[64], nc = 0;
    for (int v = e[k].from; v != -1 && nc < 64; v = prev[v])
      chain[nc++] = v; /* from, ..., to */
    char path[1024], a[160];
    snprintf(path, sizeof path, "%s%s", node_name(sc, e[k].from, a, sizeof a),
             nc == 64 && prev[chain[63]] != -1 ? " -> ..." : "");
    for (int i = nc - 1; i >= 0; i--)
      snprintf(path + strlen(path), sizeof path - strlen(path), " -> %s",
               node_name(sc, chain[i], a, sizeof a));
    int line;
    const char *file = src_where(ld, e[k].at, &line);
    char msg[SLS_ERRLEN];
    snprintf(
        msg, sizeof msg,
        "%s:%d: %s: work can circulate (%s): if it keeps failing, the run ends only at drain_limit_s (%g s) "
        "and its bill is projected from the whole span",
        file, line, e[k].key, path, sls_time_to_s(sc->drain_limit));
    add_warning(sc, msg);
  }
  free(first);
  free(adj);
  free(fill);
  free(index);
  free(low);
  free(comp);
  free(call);
  free(next);
  free(on);
  free(stack);
  free(reported);
  free(e);
}

static int load(loader *ld, const sls_override *sets, int n_sets, sls_scenario *sc) {
  if (read_cfg(ld, &ld->cfg, ld->path, NULL, NULL)) return SLS_EINPUT;
  ld->have_cfg = 1;
  config_setting_t *root = config_root_setting(&ld->cfg);
  for (int i = 0; i < n_sets; i++)
    if (apply_override(ld, &sets[i])) return SLS_EINPUT;
  if (check_keys(ld, root, "", top_keys, NK(top_keys))) return SLS_EINPUT;
  sc->path = sls_xstrdup(ld->path);
  {
    size_t n = 1;
    for (int i = 0; i < n_sets; i++)
      n += strlen(sets[i].key) + strlen(sets[i].value) + 2;
    sc->overrides = sls_xcalloc(n, 1);
    for (int i = 0; i < n_sets; i++)
      snprintf(sc->overrides + strlen(sc->overrides), n - strlen(sc->overrides), "%s=%s\n", sets[i].key,
               sets[i].value);
  }
  sc->text = sls_xstrdup(((const sls_cfgtext *)config_setting_get_hook(root))->text);
  const char *s = NULL;
  config_setting_t *ps = NULL;
  if (get_str(ld, root, NULL, "", "name", 0, &s, &ps)) return SLS_EINPUT;
  if (s && !sls_label_ok(s)) /* it titles plots and reports */
    return fail(
        ld, ps, "name",
        "expected 1..%d bytes of printable UTF-8 without quotes, backquotes or backslashes, got \"%s\"",
        SLS_LABEL_MAX, s);
  sc->name = sls_xstrdup(s ? s : "scenario");
  s = "aws-lambda";
  if (get_str(ld, root, NULL, "", "platform", 0, &s, &ps)) return SLS_EINPUT;
  sc->platform = sls_xstrdup(s);
  if (strcmp(s, "none") != 0) {
    if (!sls_name_ok(s, SLS_NAME_MAX))
      return fail(ld, ps, "platform", "expected a preset name (%s), got \"%s\"", sls_name_rule(), s);
    char file[1200], dirs[2048];
    if (!find_model(ld, "platforms", s, file, sizeof file, dirs, sizeof dirs)) {
      char avail[1024], sugbuf[64];
      const char *sug;
      list_models(ld, "platforms", s, avail, sizeof avail, &sug, sugbuf);
      return fail(ld, ps ? ps : root, "platform", "no platform preset \"%s\"; available: %s, or \"none\"", s,
                  avail);
    }
    if (read_cfg(ld, &ld->plat, file, ps, "platform")) return SLS_EINPUT;
    ld->have_plat = 1;
    if (check_keys(ld, config_root_setting(&ld->plat), "", platform_keys, NK(platform_keys)))
      return SLS_EINPUT;
    config_setting_t *pg = plat_group(ld, "api_gateway");
    if (check_keys(ld, pg, "api_gateway", gw_keys, NK(gw_keys))) return SLS_EINPUT;
    for (int i = 0; pg && i < 2; i++)
      if (check_keys(ld, config_setting_get_member(pg, gw_names[i + 1]), gw_names[i + 1], gw_one_keys,
                     NK(gw_one_keys)))
        return SLS_EINPUT;
    if (check_keys(ld, plat_group(ld, "function_defaults"), "function_defaults", function_keys,
                   NK(function_keys)))
      return SLS_EINPUT;
  }
  /* the seed as the integer written, all 63 bits (a double would merge seeds above 2^53) */
  double v = 1;
  if (get_num(ld, root, NULL, "", "seed", 0, 9.3e18, 1, 0, &v)) return SLS_EINPUT;
  config_setting_t *seed = config_setting_get_member(root, "seed");
  sc->seed = seed ? (uint64_t)config_setting_get_int64(seed) : 1;
  if (get_time(ld, root, NULL, "", "duration", 1e-6, 400 * 86400.0, 1, &sc->duration)) return SLS_EINPUT;
  sc->sample_interval = 60 * SLS_NS_PER_S;
  if (get_time(ld, root, NULL, "", "sample_interval", 0, 86400 * 30.0, 0, &sc->sample_interval))
    return SLS_EINPUT;
  if (sc->sample_interval > 0 && sc->duration / sc->sample_interval > 10000000) {
    double unit;
    return fail(ld, find_unit(ld, root, NULL, "", "sample_interval", &unit), "sample_interval",
                "expected at most 10,000,000 samples over the run, got %lld",
                (long long)(sc->duration / sc->sample_interval));
  }
  if (load_account(ld, root, &sc->account)) return SLS_EINPUT;

  config_setting_t *pr = lookup(root, ld->have_plat ? config_root_setting(&ld->plat) : NULL, "pricing");
  if (!pr)
    return fail(ld, root, "pricing", "missing; expected a pricing model name such as \"aws-us-east-1\"");
  if (load_pricing(ld, pr, "pricing", &sc->price)) return SLS_EINPUT;
  if (get_bool(ld, root, NULL, "", "free_tier", &sc->price.free_tier)) return SLS_EINPUT;

  config_setting_t *fl = config_setting_get_member(root, "functions");
  if (!fl) return fail(ld, root, "functions", "missing; expected a list ( { name = ...; ... }, ... )");
  if (config_setting_type(fl) != CONFIG_TYPE_LIST || config_setting_length(fl) == 0)
    return fail(ld, fl, "functions", "expected a non-empty list ( { name = ...; ... }, ... ), got %s",
                type_name(fl));
  sc->n_functions = config_setting_length(fl);
  sc->functions = sls_xcalloc((size_t)sc->n_functions, sizeof *sc->functions);
  for (int i = 0; i < sc->n_functions; i++) {
    config_setting_t *g = config_setting_get_elem(fl, (unsigned)i);
    if (load_function(ld, g, i, &sc->functions[i])) return SLS_EINPUT;
  }
  {
    name_ix *ix = sls_xmalloc((size_t)sc->n_functions * sizeof *ix);
    for (int i = 0; i < sc->n_functions; i++)
      ix[i] = (name_ix){sc->functions[i].name, i};
    int dup = ix_sort(ix, sc->n_functions);
    free(ix);
    if (dup >= 0)
      return fail(ld, config_setting_get_member(config_setting_get_elem(fl, (unsigned)dup), "name"),
                  "functions.name", "\"%s\" is used twice", sc->functions[dup].name);
  }
  /* optional lists: downstreams, queues, mappings (in that order: each refers to the ones before) */
  config_setting_t *dl, *ql, *ml;
  if (optional_list(ld, root, "downstreams", &dl, &sc->n_downstreams) ||
      optional_list(ld, root, "queues", &ql, &sc->n_queues) ||
      optional_list(ld, root, "mappings", &ml, &sc->n_mappings))
    return SLS_EINPUT;
  sc->downstreams = sls_xcalloc((size_t)sc->n_downstreams + 1, sizeof *sc->downstreams);
  sc->queues = sls_xcalloc((size_t)sc->n_queues + 1, sizeof *sc->queues);
  sc->mappings = sls_xcalloc((size_t)sc->n_mappings + 1, sizeof *sc->mappings);
  /* names in hash maps (O(1) lookups: 10^5 queues load in well under a second), and in arrays for
   * the "did you mean" of a name that is not there */
  ld->dnames = sls_xcalloc((size_t)sc->n_downstreams + 1, sizeof *ld->dnames);
  ld->fnames = sls_xcalloc((size_t)sc->n_functions + 1, sizeof *ld->fnames);
  ld->qnames = sls_xcalloc((size_t)sc->n_queues + 1, sizeof *ld->qnames);
  ld->mapping_of = sls_xmalloc(((size_t)sc->n_queues + 1) * sizeof *ld->mapping_of);
  sls_strmap_init(&ld->ds_map, (size_t)sc->n_downstreams);
  sls_strmap_init(&ld->fq_map, (size_t)(sc->n_functions + sc->n_queues));
  ld->have_maps = 1;
  for (int i = 0; i < sc->n_functions; i++) {
    ld->fnames[i] = sc->functions[i].name;
    sls_strmap_put(&ld->fq_map, sc->functions[i].name, i); /* unique: checked above */
  }
  for (int i = 0; i < sc->n_queues; i++)
    ld->mapping_of[i] = -1;
  int rc = 0;
  for (int i = 0; i < sc->n_downstreams && !rc; i++) {
    config_setting_t *g = config_setting_get_elem(dl, (unsigned)i);
    rc = load_downstream(ld, g, i, &sc->downstreams[i]) ||
         unique_name(ld, g, "downstreams", sc->downstreams[i].name, &ld->ds_map, i);
    ld->dnames[i] = sc->downstreams[i].name;
  }
  for (int i = 0; i < sc->n_functions && !rc; i++) { /* each function's downstream */
    sls_function_spec *f = &sc->functions[i];
    if (!f->downstream) continue;
    const char *sug = NULL;
    f->ds_index = find_name(&ld->ds_map, 0, f->downstream, ld->dnames, sc->n_downstreams, &sug);
    if (f->ds_index < 0) {
      config_setting_t *fg = config_setting_get_elem(fl, (unsigned)i);
      char kp[256];
      snprintf(kp, sizeof kp, "functions.%s.downstream", f->name);
      rc = sug ? fail(ld, config_setting_get_member(fg, "downstream"), kp,
                      "no downstream named \"%s\" (did you mean \"%s\"?)", f->downstream, sug)
               : fail(ld, config_setting_get_member(fg, "downstream"), kp,
                      "no downstream named \"%s\" in downstreams", f->downstream);
    }
  }
  for (int i = 0; i < sc->n_queues && !rc; i++) { /* queue names share the namespace of functions */
    config_setting_t *g = config_setting_get_elem(ql, (unsigned)i);
    rc = load_queue(ld, g, i, &sc->queues[i]) ||
         unique_name(ld, g, "queues", sc->queues[i].name, &ld->fq_map, sc->n_functions + i);
    ld->qnames[i] = sc->queues[i].name;
  }
  for (int i = 0; i < sc->n_queues && !rc; i++) { /* dead-letter queues */
    sls_queue_spec *q = &sc->queues[i];
    if (!q->dlq) continue;
    const char *sug = NULL;
    q->dlq_index = find_name(&ld->fq_map, sc->n_functions, q->dlq, ld->qnames, sc->n_queues, &sug);
    char kp[256];
    snprintf(kp, sizeof kp, "queues.%s.dead_letter_queue", q->name);
    config_setting_t *at =
        config_setting_get_member(config_setting_get_elem(ql, (unsigned)i), "dead_letter_queue");
    if (q->dlq_index < 0)
      rc = sug ? fail(ld, at, kp, "no queue named \"%s\" (did you mean \"%s\"?)", q->dlq, sug)
               : fail(ld, at, kp, "no queue named \"%s\" in queues", q->dlq);
    else if (q->dlq_index == i)
      rc = fail(ld, at, kp, "a queue cannot be its own dead-letter queue");
    else if (sc->queues[q->dlq_index].fifo != q->fifo)
      rc = fail(ld, at, kp, "the dead-letter queue of a %s queue must be %s too",
                q->fifo ? "FIFO" : "standard", q->fifo ? "FIFO" : "standard");
  }
  for (int i = 0; i < sc->n_functions && !rc; i++) { /* async on-failure destinations */
    sls_function_spec *f = &sc->functions[i];
    if (!f->on_failure) continue;
    const char *sug = NULL;
    f->on_failure_q = find_name(&ld->fq_map, sc->n_functions, f->on_failure, ld->qnames, sc->n_queues, &sug);
    if (f->on_failure_q < 0) {
      char kp[256];
      snprintf(kp, sizeof kp, "functions.%s.on_failure", f->name);
      config_setting_t *at =
          config_setting_get_member(config_setting_get_elem(fl, (unsigned)i), "on_failure");
      rc = sug ? fail(ld, at, kp, "no queue named \"%s\" (did you mean \"%s\"?)", f->on_failure, sug)
               : fail(ld, at, kp, "no queue named \"%s\" in queues", f->on_failure);
    }
  }
  for (int i = 0; i < sc->n_mappings && !rc; i++)
    rc = load_mapping(ld, config_setting_get_elem(ml, (unsigned)i), i, sc, &sc->mappings[i]);
  if (rc) return SLS_EINPUT;
  sc->drain_limit = 86400 * SLS_NS_PER_S;
  if (get_time(ld, root, NULL, "", "drain_limit", 0, 400 * 86400.0, 0, &sc->drain_limit)) return SLS_EINPUT;

  ld->n_targets = sc->n_functions + sc->n_queues;
  ld->targets = sls_xmalloc(((size_t)ld->n_targets + 1) * sizeof *ld->targets);
  for (int i = 0; i < sc->n_functions; i++)
    ld->targets[i] = (name_ix){sc->functions[i].name, i};
  for (int i = 0; i < sc->n_queues; i++)
    ld->targets[sc->n_functions + i] = (name_ix){sc->queues[i].name, sc->n_functions + i};
  ix_sort(ld->targets, ld->n_targets); /* unique: checked above */
  config_setting_t *sl = config_setting_get_member(root, "sources");
  if (!sl)
    return fail(ld, root, "sources",
                "missing; expected a list ( { name = ...; target = ...; arrival = {...}; }, ... )");
  if (config_setting_type(sl) != CONFIG_TYPE_LIST)
    return fail(ld, sl, "sources", "expected a list ( ... ), got %s", type_name(sl));
  sc->n_sources = config_setting_length(sl);
  sc->sources = sls_xcalloc((size_t)sc->n_sources + 1, sizeof *sc->sources);
  for (int i = 0; i < sc->n_sources; i++) {
    config_setting_t *g = config_setting_get_elem(sl, (unsigned)i);
    if (load_source(ld, g, i, sc, &sc->sources[i])) return SLS_EINPUT;
  }
  {
    name_ix *ix = sls_xmalloc(((size_t)sc->n_sources + 1) * sizeof *ix);
    for (int i = 0; i < sc->n_sources; i++)
      ix[i] = (name_ix){sc->sources[i].name, i};
    int dup = ix_sort(ix, sc->n_sources);
    free(ix);
    if (dup >= 0)
      return fail(ld, config_setting_get_member(config_setting_get_elem(sl, (unsigned)dup), "name"),
                  "sources.name", "\"%s\" is used twice", sc->sources[dup].name);
  }
  config_setting_t *tl;
  if (optional_list(ld, root, "traces", &tl, &sc->n_traces)) return SLS_EINPUT;
  sc->traces = sls_xcalloc((size_t)sc->n_traces + 1, sizeof *sc->traces);
  for (int i = 0; i < sc->n_traces; i++)
    if (load_trace(ld, config_setting_get_elem(tl, (unsigned)i), i, sc, &sc->traces[i])) return SLS_EINPUT;
  int rule = SLS_INIT_BILL_2025;
  if (get_enum(ld, root, NULL, "", "init_billing", init_billing_names, 3, &rule)) return SLS_EINPUT;
  sc->init_billing = (sls_init_billing)rule;
  for (int i = 0; i < sc->n_functions; i++)
    resolve_init_billing(sc, &sc->functions[i].runtime);
  for (int i = 0; i < sc->n_traces; i++)
    resolve_init_billing(sc, &sc->traces[i].tmpl.runtime);
  sc->nat_gateways = 0;
  if (get_int64(ld, root, NULL, "", "nat_gateways", 0, 1000, 0, &sc->nat_gateways)) return SLS_EINPUT;
  config_setting_t *al;
  if (optional_list(ld, root, "alternatives", &al, &sc->n_alternatives)) return SLS_EINPUT;
  sc->alternatives = sls_xcalloc((size_t)sc->n_alternatives + 1, sizeof *sc->alternatives);
  for (int i = 0; i < sc->n_alternatives; i++)
    if (load_alternative(ld, config_setting_get_elem(al, (unsigned)i), i, sc, &sc->alternatives[i]))
      return SLS_EINPUT;
  find_cycles(ld, root, sc);
  return 0;
}

int sls_scenario_load(const char *path, const sls_override *sets, int n_sets, sls_scenario *sc, char *err) {
  loader ld;
  memset(&ld, 0, sizeof ld);
  memset(sc, 0, sizeof *sc);
  ld.path = path;
  ld.err = err;
  int rc = load(&ld, sets, n_sets, sc);
  free(ld.targets);
  if (ld.have_maps) {
    sls_strmap_destroy(&ld.fq_map);
    sls_strmap_destroy(&ld.ds_map);
  }
  free(ld.fnames);
  free(ld.qnames);
  free(ld.dnames);
  free(ld.mapping_of);
  if (ld.have_cfg) config_destroy(&ld.cfg);
  if (ld.have_plat) config_destroy(&ld.plat);
  if (rc || ld.failed) {
    sls_scenario_free(sc);
    return SLS_EINPUT;
  }
  return 0;
}

int sls_scenario_load_text(const char *text, const sls_override *sets, int n_sets, sls_scenario *sc,
                           char *err) {
  const char *dir = getenv("TMPDIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/slsim-scenario-XXXXXX", dir && *dir ? dir : "/tmp");
  memset(sc, 0, sizeof *sc);
  int fd = mkstemp(path);
  if (fd < 0) {
    sls_err(err, "%s: cannot create a temporary file", path);
    return SLS_EIO;
  }
  size_t n = strlen(text);
  int ok = write(fd, text, n) == (ssize_t)n;
  ok &= close(fd) == 0;
  int rc = ok ? sls_scenario_load(path, sets, n_sets, sc, err) : SLS_EIO;
  if (!ok) sls_err(err, "%s: cannot write", path);
  unlink(path);
  return rc;
}

static void runtime_free(sls_runtime_spec *rt) {
  free(rt->name);
  free(rt->source);
  sls_dist_destroy(&rt->init);
  sls_dist_destroy(&rt->overhead);
}

static void function_spec_free(sls_function_spec *f) {
  free(f->name);
  sls_dist_destroy(&f->duration);
  sls_dist_destroy(&f->keep_alive);
  sls_dist_destroy(&f->max_lifetime);
  sls_dist_destroy(&f->per_message);
  free(f->downstream);
  free(f->on_failure);
  runtime_free(&f->runtime);
}

void sls_scenario_free(sls_scenario *sc) {
  for (int i = 0; sc->functions && i < sc->n_functions; i++)
    function_spec_free(&sc->functions[i]);
  for (int i = 0; sc->queues && i < sc->n_queues; i++) {
    free(sc->queues[i].name);
    free(sc->queues[i].dlq);
  }
  for (int i = 0; sc->mappings && i < sc->n_mappings; i++) {
    free(sc->mappings[i].name);
    free(sc->mappings[i].queue);
    free(sc->mappings[i].function);
  }
  for (int i = 0; sc->downstreams && i < sc->n_downstreams; i++) {
    free(sc->downstreams[i].name);
    sls_dist_destroy(&sc->downstreams[i].latency);
  }
  for (int i = 0; sc->traces && i < sc->n_traces; i++) {
    sls_trace_spec *t = &sc->traces[i];
    char *strs[] = {t->name, t->format,    t->invocations, t->durations, t->memory,
                    t->file, t->placement, t->trigger,     t->app};
    for (size_t k = 0; k < sizeof strs / sizeof *strs; k++)
      free(strs[k]);
    function_spec_free(&t->tmpl);
  }
  free(sc->traces);
  free(sc->queues);
  free(sc->mappings);
  free(sc->downstreams);
  for (int i = 0; sc->sources && i < sc->n_sources; i++) {
    sls_source_spec *s = &sc->sources[i];
    free(s->name);
    free(s->target);
    free(s->piece_t);
    free(s->piece_rate);
    free(s->state_rate);
    free(s->state_switch);
    free(s->minute_counts);
    free(s->times);
    free(s->durations);
    sls_dist_destroy(&s->gateway_latency);
  }
  free(sc->functions);
  free(sc->sources);
  for (int i = 0; sc->alternatives && i < sc->n_alternatives; i++) {
    sls_alternative_spec *a = &sc->alternatives[i];
    for (int k = 0; a->function_names && k < a->n_functions; k++)
      free(a->function_names[k]);
    free(a->function_names);
    free(a->functions);
    free(a->name);
    free(a->instance);
  }
  free(sc->alternatives);
  for (int i = 0; sc->price.instances && i < sc->price.n_instances; i++)
    free(sc->price.instances[i].name);
  free(sc->price.instances);
  free(sc->price.name);
  free(sc->price.date);
  free(sc->price.source);
  free(sc->path);
  free(sc->text);
  free(sc->overrides);
  free(sc->invocation);
  free(sc->warnings);
  free(sc->name);
  free(sc->platform);
  memset(sc, 0, sizeof *sc);
}

/* key = value; with a float value in full precision */
static void pr(FILE *out, const char *indent, const char *key, double x) {
  fprintf(out, "%s%s = ", indent, key);
  sls_fprint_real(out, x);
  fprintf(out, ";\n");
}

static void prd(FILE *out, const char *indent, const char *key, const sls_dist *d) {
  fprintf(out, "%s%s = ", indent, key);
  sls_dist_fprint(out, d);
  fprintf(out, ";\n");
}

/* v as a libconfig string: quotes and backslashes escaped, control characters as \xNN */
static void put_cfg_str(FILE *out, const char *v) {
  fputc('"', out);
  for (; *v; v++) {
    unsigned char c = (unsigned char)*v;
    if (c == '"' || c == '\\')
      fprintf(out, "\\%c", c);
    else if (c < 0x20 || c == 0x7F)
      fprintf(out, "\\x%02x", c);
    else
      fputc(c, out);
  }
  fputc('"', out);
}

static void pr_str(FILE *out, const char *indent, const char *key, const char *v) {
  fprintf(out, "%s%s = ", indent, key);
  put_cfg_str(out, v);
  fprintf(out, ";\n");
}

/* The keys of a function group, each line indented by `in`. */
static void print_function(FILE *out, const sls_function_spec *f, const char *in) {
  pr_str(out, in, "name", f->name);
  fprintf(out, "%smemory_mb = %d;\n%sarch = \"%s\";\n", in, f->memory_mb, in, arch_names[f->arch]);
  pr(out, in, "timeout_s", sls_time_to_s(f->timeout));
  prd(out, in, "duration", &f->duration);
  fprintf(out, "%sref_memory_mb = %d;\n", in, f->ref_memory_mb);
  pr(out, in, "cpu_fraction", f->cpu_fraction);
  pr(out, in, "cpu_threads", f->cpu_threads);
  pr(out, in, "error_rate", f->error_rate);
  if (f->reserved >= 0) fprintf(out, "%sreserved_concurrency = %lld;\n", in, (long long)f->reserved);
  fprintf(out, "%sprovisioned_concurrency = %lld;\n", in, (long long)f->provisioned);
  prd(out, in, "keep_alive", &f->keep_alive);
  if (f->lifetime_on)
    prd(out, in, "max_lifetime", &f->max_lifetime);
  else
    fprintf(out, "%smax_lifetime_s = 0.0;  # never recycled\n", in);
  prd(out, in, "per_message", &f->per_message);
  pr(out, in, "message_error_rate", f->message_error_rate);
  if (f->downstream) pr_str(out, in, "downstream", f->downstream);
  fprintf(out, "%scalls_per_message = %d;\n%sasync_retries = %d;\n", in, f->calls_per_message, in,
          f->async_retries);
  pr(out, in, "max_event_age_s", sls_time_to_s(f->max_event_age));
  if (f->on_failure) pr_str(out, in, "on_failure", f->on_failure);
  char in2[64];
  snprintf(in2, sizeof in2, "%s  ", in);
  fprintf(out, "%sruntime = {\n", in);
  pr_str(out, in2, "name", f->runtime.name);
  pr_str(out, in2, "source", f->runtime.source);
  prd(out, in2, "init", &f->runtime.init);
  prd(out, in2, "overhead", &f->runtime.overhead);
  fprintf(out, "%spackage = \"%s\";\n%scustom_runtime = %s;\n", in2, package_names[f->runtime.image], in2,
          f->runtime.custom ? "true" : "false");
  if (f->runtime.init_billed_set)
    fprintf(out, "%sinit_billed = %s;\n", in2, f->runtime.init_billed ? "true" : "false");
  else
    fprintf(out, "%s# INIT billed: %s (init_billing rule)\n", in2, f->runtime.init_billed ? "yes" : "no");
  fprintf(out, "%s};\n", in);
  fprintf(out, "%sephemeral_storage_mb = %d;\n%sper_invocation = { log_kb = ", in, f->ephemeral_mb, in);
  const double piv[] = {f->log_kb,    f->nat_kb, f->egress_kb, f->sns_publishes, f->eventbridge_events,
                        f->publish_kb};
  for (size_t k = 0; k < sizeof piv / sizeof *piv; k++) {
    if (k) fprintf(out, "; %s = ", per_invocation_keys[k].name);
    sls_fprint_real(out, piv[k]);
  }
  fprintf(out, "; };\n");
}

void sls_scenario_print(FILE *out, const sls_scenario *sc) {
  fprintf(out,
          "# %s, resolved from platform %s: every default made explicit; `slsim run` reads this file as it "
          "is.\n",
          sc->path, sc->platform);
  pr_str(out, "", "name", sc->name);
  fprintf(out, "platform = \"none\";\n");
  pr_str(out, "", "pricing", sc->price.name);
  fprintf(out, "free_tier = %s;\nseed = %llu;\n", sc->price.free_tier ? "true" : "false",
          (unsigned long long)sc->seed);
  pr(out, "", "duration_s", sls_time_to_s(sc->duration));
  pr(out, "", "sample_interval_s", sls_time_to_s(sc->sample_interval));
  const sls_account_spec *a = &sc->account;
  fprintf(out,
          "account = {\n  concurrency_limit = %lld;\n  unreserved_min = %lld;\n  scaling = {\n    mode = "
          "\"%s\";\n",
          (long long)a->concurrency_limit, (long long)a->unreserved_min, scaling_names[a->scaling]);
  pr(out, "    ", "burst", a->burst);
  pr(out, "    ", "refill_per_s", a->refill_per_s);
  fprintf(out, "  };\n};\nfunctions = (\n");
  const char *sep = "";
  for (int i = 0; i < sc->n_functions; i++) {
    if (sc->functions[i].from_trace) continue; /* printed as their trace block */
    fprintf(out, "%s  {\n", sep);
    print_function(out, &sc->functions[i], "    ");
    fprintf(out, "  }");
    sep = ",\n";
  }
  fprintf(out, "\n");
  fprintf(out, ");\nsources = (\n");
  sep = "";
  for (int i = 0; i < sc->n_sources; i++) {
    if (sc->sources[i].from_trace) continue;
    const sls_source_spec *s = &sc->sources[i];
    const char *in = "    ";
    fprintf(out, "%s  {\n", sep);
    sep = ",\n";
    pr_str(out, in, "name", s->name);
    pr_str(out, in, "target", s->target);
    if (s->fn_index >= 0) fprintf(out, "    invocation = \"%s\";\n", s->async ? "async" : "sync");
    if (s->message_groups > 1) fprintf(out, "    message_groups = %d;\n", s->message_groups);
    if (s->via) {
      fprintf(out, "    via = \"%s\";\n", via_names[s->via]);
      pr(out, in, "event_kb", s->event_kb);
    }
    if (s->workflow) {
      fprintf(out, "    workflow = { type = \"%s\"; transitions = ", workflow_names[s->workflow]);
      sls_fprint_real(out, s->transitions);
      fprintf(out, "; memory_mb = %d; };\n", s->workflow_mb);
    }
    fprintf(out, "    arrival = { kind = \"%s\";", arrival_names[s->kind]);
    if (s->kind == SLS_ARRIVAL_POISSON) {
      fprintf(out, " rate_per_s = ");
      sls_fprint_real(out, s->rate_per_s);
      fprintf(out, ";");
    } else if (s->kind == SLS_ARRIVAL_DIURNAL) {
      fprintf(out, " peak_rate_per_s = ");
      sls_fprint_real(out, s->peak_rate_per_s);
      fprintf(out, "; baseline = ");
      sls_fprint_real(out, s->baseline);
      fprintf(out, "; peak_hour = ");
      sls_fprint_real(out, s->peak_hour);
      fprintf(out, "; weekend_factor = ");
      sls_fprint_real(out, s->weekend_factor);
      fprintf(out, ";");
    } else if (s->kind == SLS_ARRIVAL_SPIKE) {
      fprintf(out, " rate_per_s = ");
      sls_fprint_real(out, s->rate_per_s);
      fprintf(out, "; spike_rate_per_s = ");
      sls_fprint_real(out, s->spike_rate_per_s);
      fprintf(out, "; spike_width_s = ");
      sls_fprint_real(out, sls_time_to_s(s->spike_width));
      fprintf(out, "; period_s = ");
      sls_fprint_real(out, sls_time_to_s(s->period));
      fprintf(out, "; at_s = ");
      sls_fprint_real(out, sls_time_to_s(s->at));
      fprintf(out, ";");
    } else if (s->kind == SLS_ARRIVAL_SCHEDULE) {
      fprintf(out, " period_s = ");
      sls_fprint_real(out, sls_time_to_s(s->period));
      fprintf(out, "; count = %lld; at_s = ", (long long)s->count);
      sls_fprint_real(out, sls_time_to_s(s->at));
      fprintf(out, "; jitter_s = ");
      sls_fprint_real(out, sls_time_to_s(s->firing_jitter));
      fprintf(out, ";");
    } else if (s->kind == SLS_ARRIVAL_MMPP) {
      fprintf(out, " rates_per_s = [");
      for (int k = 0; k < s->n_states; k++) {
        fprintf(out, "%s", k ? ", " : "");
        sls_fprint_real(out, s->state_rate[k]);
      }
      fprintf(out, "]; switch_per_s = [");
      for (int k = 0; k < s->n_states; k++) {
        fprintf(out, "%s", k ? ", " : "");
        sls_fprint_real(out, s->state_switch[k]);
      }
      fprintf(out, "];");
    } else if (s->kind == SLS_ARRIVAL_BATCH) {
      fprintf(out, " count = %lld; at_s = ", (long long)s->count);
      sls_fprint_real(out, sls_time_to_s(s->at));
      fprintf(out, "; window_s = ");
      sls_fprint_real(out, sls_time_to_s(s->batch_window));
      fprintf(out, ";");
    } else {
      fprintf(out, " times_s = [");
      for (int k = 0; k < s->n_pieces; k++) {
        fprintf(out, "%s", k ? ", " : "");
        sls_fprint_real(out, sls_time_to_s(s->piece_t[k]));
      }
      fprintf(out, "]; rates_per_s = [");
      for (int k = 0; k < s->n_pieces; k++) {
        fprintf(out, "%s", k ? ", " : "");
        sls_fprint_real(out, s->piece_rate[k]);
      }
      fprintf(out, "];");
    }
    fprintf(out, " };\n");
    pr(out, in, "start_s", sls_time_to_s(s->start));
    if (s->stop != SLS_TIME_MAX) pr(out, in, "stop_s", sls_time_to_s(s->stop));
    fprintf(out, "    api_gateway = \"%s\";\n", gw_names[s->gateway]);
    if (s->gateway != SLS_GW_NONE) prd(out, in, "gateway_latency", &s->gateway_latency);
    fprintf(out, "    client = { max_retries = %d; retry_on_error = %s; backoff_base_s = ", s->max_retries,
            s->retry_on_error ? "true" : "false");
    sls_fprint_real(out, sls_time_to_s(s->backoff_base));
    fprintf(out, "; backoff_cap_s = ");
    sls_fprint_real(out, sls_time_to_s(s->backoff_cap));
    fprintf(out, "; jitter = \"%s\"; };\n  }", jitter_names[s->jitter]);
  }
  fprintf(out, "\n);\n");
  pr(out, "", "drain_limit_s", sls_time_to_s(sc->drain_limit));
  fprintf(out, "init_billing = \"%s\";\nnat_gateways = %lld;\nalternatives = (\n",
          init_billing_names[sc->init_billing], (long long)sc->nat_gateways);
  for (int i = 0; i < sc->n_alternatives; i++) {
    const sls_alternative_spec *al = &sc->alternatives[i];
    fprintf(out, "  { name = ");
    put_cfg_str(out, al->name);
    fprintf(out, "; kind = \"%s\";", alt_kind_names[al->kind]);
    if (al->instance) {
      fprintf(out, " instance = ");
      put_cfg_str(out, al->instance);
      fprintf(out, ";");
    }
    fprintf(out, " usd_per_hour = ");
    sls_fprint_real(out, al->usd_per_hour);
    fprintf(out, "; vcpu = ");
    sls_fprint_real(out, al->vcpu);
    fprintf(out, "; memory_gb = ");
    sls_fprint_real(out, al->memory_gb);
    if (al->kind == SLS_ALT_FARGATE) fprintf(out, "; arch = \"%s\"", arch_names[al->arm]);
    fprintf(out, ";\n    %s = ", al->by_concurrency ? "capacity_concurrency" : "capacity_rps");
    sls_fprint_real(out, al->capacity);
    fprintf(out, "; min_instances = %lld; target_utilization = ", (long long)al->min_instances);
    sls_fprint_real(out, al->target_utilization);
    fprintf(out, "; scale_in_delay_s = ");
    sls_fprint_real(out, sls_time_to_s(al->scale_in_delay));
    fprintf(out, ";");
    if (al->n_functions) {
      fprintf(out, " functions = [");
      for (int k = 0; k < al->n_functions; k++) {
        fprintf(out, "%s", k ? ", " : "");
        put_cfg_str(out, al->function_names[k]);
      }
      fprintf(out, "];");
    }
    fprintf(out, " }%s\n", i + 1 < sc->n_alternatives ? "," : "");
  }
  fprintf(out, ");\nqueues = (\n");
  for (int i = 0; i < sc->n_queues; i++) {
    const sls_queue_spec *q = &sc->queues[i];
    fprintf(out, "  { name = ");
    put_cfg_str(out, q->name);
    fprintf(out, "; type = \"%s\"; visibility_timeout_s = ", queue_types[q->fifo]);
    sls_fprint_real(out, sls_time_to_s(q->visibility));
    fprintf(out, "; retention_s = ");
    sls_fprint_real(out, sls_time_to_s(q->retention));
    fprintf(out, "; delay_s = ");
    sls_fprint_real(out, sls_time_to_s(q->delay));
    if (q->dlq) {
      fprintf(out, ";\n    dead_letter_queue = ");
      put_cfg_str(out, q->dlq);
    }
    fprintf(out, "; max_receive_count = %d; message_size_kb = ", q->max_receive_count);
    sls_fprint_real(out, q->message_kb);
    fprintf(out, "; }%s\n", i + 1 < sc->n_queues ? "," : "");
  }
  fprintf(out, ");\nmappings = (\n");
  for (int i = 0; i < sc->n_mappings; i++) {
    const sls_mapping_spec *m = &sc->mappings[i];
    fprintf(out, "  { name = ");
    put_cfg_str(out, m->name);
    fprintf(out, "; queue = ");
    put_cfg_str(out, m->queue);
    fprintf(out, "; function = ");
    put_cfg_str(out, m->function);
    fprintf(out, "; batch_size = %d; batching_window_s = ", m->batch_size);
    sls_fprint_real(out, sls_time_to_s(m->window));
    if (m->max_concurrency > 0) fprintf(out, "; maximum_concurrency = %lld", (long long)m->max_concurrency);
    fprintf(out, ";\n    scaling = \"%s\"; report_batch_item_failures = %s; }%s\n", scaling_names[m->scaling],
            m->report_item_failures ? "true" : "false", i + 1 < sc->n_mappings ? "," : "");
  }
  fprintf(out, ");\ndownstreams = (\n");
  for (int i = 0; i < sc->n_downstreams; i++) {
    const sls_downstream_spec *d = &sc->downstreams[i];
    fprintf(out, "  { name = ");
    put_cfg_str(out, d->name);
    fprintf(out, "; mode = \"%s\"; pool_size = %lld; max_connections = %lld; capacity = %lld;\n",
            ds_modes[d->proxy], (long long)d->pool_size, (long long)d->max_connections,
            (long long)d->capacity);
    prd(out, "    ", "latency", &d->latency);
    if (d->collapse_on) {
      fprintf(out, "    collapse = { above = %lld; after_s = ", (long long)d->collapse_above);
      sls_fprint_real(out, sls_time_to_s(d->collapse_after));
      fprintf(out, "; recovery_s = ");
      sls_fprint_real(out, sls_time_to_s(d->recovery));
      fprintf(out, "; };\n");
    }
    fprintf(out, "  }%s\n", i + 1 < sc->n_downstreams ? "," : "");
  }
  fprintf(out, ");\ntraces = (\n");
  for (int i = 0; i < sc->n_traces; i++) {
    const sls_trace_spec *t = &sc->traces[i];
    fprintf(out, "  {  # %d functions\n", t->n_functions);
    pr_str(out, "    ", "name", t->name);
    pr_str(out, "    ", "format", t->format);
    const char *keys[] = {"invocations", "durations", "memory", "file", "trigger", "app"};
    const char *vals[] = {t->invocations, t->durations, t->memory, t->file, t->trigger, t->app};
    for (int k = 0; k < 6; k++)
      if (vals[k]) pr_str(out, "    ", keys[k], vals[k]);
    pr_str(out, "    ", "placement", t->placement);
    fprintf(out, "    top = %lld;\n    invocation = \"%s\";\n", (long long)t->top,
            t->async ? "async" : "sync");
    pr(out, "    ", "window_start_s", sls_time_to_s(t->window_start));
    pr(out, "    ", "window_end_s", sls_time_to_s(t->window_end));
    fprintf(out, "    function = {\n");
    print_function(out, &t->tmpl, "      ");
    fprintf(out, "    };\n  }%s\n", i + 1 < sc->n_traces ? "," : "");
  }
  fprintf(out, ");\n");
}
