/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _XOPEN_SOURCE 700 /* realpath */
/*
 * Distributions, and the model files a scenario names: runtimes (models/runtimes), pricing
 * (models/pricing); reading any configuration file with its line map (loader.h).
 */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "engine/text.h"
#include "engine/util.h"
#include "io/cfgtext.h"
#include "scenario/loader.h"

/* ---- distributions ---- */

/* A required time parameter of a distribution, in its row's range. */
static int need_time(sls_loader *ld, const config_setting_t *g, const char *path, const char *base,
                     sls_time *out) {
  return sls_ld_row_time(ld, g, NULL, path, &sls_schema_distribution, base, 1, out);
}

int sls_ld_dist(sls_loader *ld, const config_setting_t *g, const char *path, sls_dist *d) {
  memset(d, 0, sizeof *d);
  if (config_setting_type(g) != CONFIG_TYPE_GROUP)
    return sls_ld_fail(ld, g, path, "expected a distribution group { dist = \"...\"; ... }, got %s",
                       sls_ld_type_name(g));
  if (sls_ld_check_keys(ld, g, path, &sls_schema_distribution, -1)) return SLS_EINPUT;
  int kind = -1;
  if (sls_ld_enum(ld, g, NULL, path, "dist", sls_schema_row(&sls_schema_distribution, "dist")->values, &kind))
    return SLS_EINPUT;
  if (kind < 0)
    return sls_ld_fail(ld, g, path,
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
    if (t1 <= 0) return sls_ld_fail(ld, g, path, "exponential: mean must be > 0");
    d->a = (double)t1;
    break;
  case SLS_DIST_UNIFORM:
    if (need_time(ld, g, path, "min", &t1) || need_time(ld, g, path, "max", &t2)) return SLS_EINPUT;
    if (t2 < t1) return sls_ld_fail(ld, g, path, "uniform: expected min <= max");
    d->a = (double)t1;
    d->b = (double)t2;
    break;
  case SLS_DIST_LOGNORMAL: {
    /* p50 with sigma or p99, mean with sigma, or mu and sigma of ln(X / unit). */
    double unit;
    int has_p50 = sls_ld_find_unit(ld, g, NULL, path, "p50", &unit) != NULL;
    int has_p99 = sls_ld_find_unit(ld, g, NULL, path, "p99", &unit) != NULL;
    int has_mean = sls_ld_find_unit(ld, g, NULL, path, "mean", &unit) != NULL;
    int has_sigma = config_setting_get_member(g, "sigma") != NULL;
    int has_mu = config_setting_get_member(g, "mu") != NULL;
    if (has_sigma && sls_ld_num(ld, g, NULL, path, "sigma", 1e-9, 20, 0, 1, &d->b)) return SLS_EINPUT;
    if (has_mu && has_sigma && !has_p50 && !has_p99 && !has_mean) {
      static const char *const units[] = {"ms", "s", NULL};
      int u = -1;
      if (sls_ld_num(ld, g, NULL, path, "mu", -50, 50, 0, 1, &x) ||
          sls_ld_enum(ld, g, NULL, path, "unit", units, &u))
        return SLS_EINPUT;
      if (u < 0)
        return sls_ld_fail(ld, g, path,
                           "lognormal: mu needs unit = \"ms\" or \"s\" (mu is the mean of ln(X / unit))");
      d->a = x + log(u ? 1e9 : 1e6);
    } else if (has_p50 && has_p99 && !has_sigma && !has_mean) {
      if (need_time(ld, g, path, "p50", &t1) || need_time(ld, g, path, "p99", &t2)) return SLS_EINPUT;
      if (!(t2 > t1 && t1 > 0)) return sls_ld_fail(ld, g, path, "lognormal: expected 0 < p50 < p99");
      d->a = log((double)t1);
      d->b = log((double)t2 / (double)t1) / SLS_Z99;
    } else if (has_p50 && has_sigma && !has_p99 && !has_mean) {
      if (need_time(ld, g, path, "p50", &t1)) return SLS_EINPUT;
      if (t1 <= 0) return sls_ld_fail(ld, g, path, "lognormal: p50 must be > 0");
      d->a = log((double)t1);
    } else if (has_mean && has_sigma && !has_p50 && !has_p99) {
      if (need_time(ld, g, path, "mean", &t1)) return SLS_EINPUT;
      if (t1 <= 0) return sls_ld_fail(ld, g, path, "lognormal: mean must be > 0");
      d->a = log((double)t1) - d->b * d->b / 2;
    } else {
      return sls_ld_fail(
          ld, g, path,
          "lognormal: expected p50 with p99, p50 with sigma, mean with sigma, or mu with sigma and unit");
    }
    /* The median in whole nanoseconds, like every time slsim keeps, and within the times' range:
     * `check` prints it as p50_ms, and what it prints must load back to the same law. */
    double median = exp(d->a);
    if (!(median >= 0.5 && median <= 1e7 * 1e9))
      return sls_ld_fail(ld, g, path, "lognormal: expected a median between 1 ns and 1e7 s, got %g s",
                         median / 1e9);
    d->a = log((double)llround(median));
    break;
  }
  case SLS_DIST_GAMMA:
  case SLS_DIST_WEIBULL:
    if (sls_ld_num(ld, g, NULL, path, "shape", 1e-6, 1e6, 0, 1, &x) || need_time(ld, g, path, "scale", &t1))
      return SLS_EINPUT;
    if (t1 <= 0) return sls_ld_fail(ld, g, path, "%s: scale must be > 0", sls_dist_names[d->kind]);
    d->a = x;
    d->b = (double)t1;
    break;
  case SLS_DIST_PARETO:
    if (sls_ld_num(ld, g, NULL, path, "alpha", 1e-6, 1e6, 0, 1, &x) || need_time(ld, g, path, "min", &t1))
      return SLS_EINPUT;
    if (t1 <= 0) return sls_ld_fail(ld, g, path, "pareto: min must be > 0");
    d->a = x;
    d->b = (double)t1;
    break;
  case SLS_DIST_EMPIRICAL: {
    double p[SLS_LD_TABLE], v[SLS_LD_TABLE];
    config_setting_t *ps = config_setting_get_member(g, "percentiles");
    double unit = 1e9;
    config_setting_t *vs = sls_ld_find_unit(ld, g, NULL, path, "values", &unit);
    if (ld->failed) return SLS_EINPUT;
    if (!ps || !vs)
      return sls_ld_fail(ld, g, path, "empirical: expected percentiles = [...] and values_ms = [...]");
    sls_ld_keypath(kp, sizeof kp, path, "percentiles");
    int np = sls_ld_array(ld, ps, kp, p, SLS_LD_TABLE, 0, 100);
    sls_ld_keypath(kp, sizeof kp, path, config_setting_name(vs));
    /* values are times like the other parameters: at most 10^7 s */
    int nv = np < 0 ? -1 : sls_ld_array(ld, vs, kp, v, SLS_LD_TABLE, 0, 1e7 * 1e9 / unit);
    if (np < 0 || nv < 0) return SLS_EINPUT;
    if (np != nv || np < 2)
      return sls_ld_fail(ld, vs, kp, "expected as many values as percentiles (at least 2), got %d and %d", nv,
                         np);
    for (int i = 0; i < np; i++) {
      if (p[i] < 0 || p[i] > 100 || (i && p[i] <= p[i - 1]))
        return sls_ld_fail(ld, ps, path, "percentiles: expected increasing numbers in 0..100");
      if (v[i] < 0 || (i && v[i] < v[i - 1]))
        return sls_ld_fail(ld, vs, kp, "expected non-decreasing values >= 0");
    }
    for (int i = 0; i < np; i++) {
      p[i] /= 100;
      v[i] = (double)llround(v[i] * unit); /* whole nanoseconds, as every time */
    }
    sls_dist_empirical(d, np, p, v);
    break;
  }
  default: break;
  }
  return 0;
}

/* A time given as base_<unit> (a constant) or as base = { dist ... }.  *found = 0 if absent. */
int sls_ld_time_or_dist(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb,
                        const char *path, const char *base, double hi_s, sls_dist *d, int *found) {
  const config_setting_t *groups[2] = {g, fb};
  *found = 0;
  for (int k = 0; k < 2; k++) {
    if (!groups[k]) continue;
    config_setting_t *ds = config_setting_get_member(groups[k], base);
    double unit;
    config_setting_t *ts = sls_ld_find_unit(ld, groups[k], NULL, path, base, &unit);
    if (ld->failed) return SLS_EINPUT;
    char kp[256];
    sls_ld_keypath(kp, sizeof kp, path, base);
    if (ds && ts)
      return sls_ld_fail(ld, ts, kp, "given both as %s and as a distribution; give one",
                         config_setting_name(ts));
    if (ds) {
      *found = 1;
      return sls_ld_dist(ld, ds, kp, d);
    }
    if (ts) {
      sls_time t = 0;
      *found = 1;
      if (sls_ld_time(ld, groups[k], NULL, path, base, 0, hi_s, 1, &t)) return SLS_EINPUT;
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

/* Adds "KIND/NAME PATH BYTES FNV-1a-64" for the model file at path to the scenario's record of
 * what it read (once per file): with the scenario's text, what it takes to know a result's
 * inputs. */
static void record_model(const sls_loader *ld, const char *kind, const char *name, const char *path) {
  if (!ld->model_files) return;
  FILE *f = fopen(path, "rb");
  if (!f) return;
  uint64_t h = UINT64_C(14695981039346656037), bytes = 0;
  for (int c; (c = getc(f)) != EOF; bytes++)
    h = (h ^ (uint64_t)(unsigned char)c) * UINT64_C(1099511628211);
  fclose(f);
  char line[1400], *abs = realpath(path, NULL);
  snprintf(line, sizeof line, "%s/%s %s %llu %016llx\n", kind, name, abs ? abs : path,
           (unsigned long long)bytes, (unsigned long long)h);
  free(abs);
  char *old = *ld->model_files;
  if (old && strstr(old, line)) return;
  size_t n = (old ? strlen(old) : 0) + strlen(line) + 1;
  char *s = sls_xcalloc(n, 1);
  snprintf(s, n, "%s%s", old ? old : "", line);
  free(old);
  *ld->model_files = s;
}

/* Finds models/<kind>/<name>.cfg.  Returns 1 and the path in out. */
int sls_ld_find_model(const sls_loader *ld, const char *kind, const char *name, char *out, size_t n,
                      char *dirs, size_t dn) {
  char base[1024];
  snprintf(base, sizeof base, "%s", ld->base);
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
  if (!sls_installed()) /* a build tree's slsim: the source's models; an installed one never */
    snprintf(cand[nc++], sizeof cand[0], "%s/models", SLS_SRCDIR);
  snprintf(cand[nc++], sizeof cand[0], "%s/models", SLS_PKGDATADIR);
  if (dirs) dirs[0] = 0;
  for (int i = 0; i < nc; i++) {
    snprintf(out, n, "%s/%s/%s.cfg", cand[i], kind, name);
    if (file_exists(out)) {
      record_model(ld, kind, name, out);
      return 1;
    }
    if (dirs && strlen(dirs) + strlen(cand[i]) + 3 < dn) {
      strcat(dirs, i ? ", " : "");
      strcat(dirs, cand[i]);
    }
  }
  return 0;
}

/* Lists the names available under models/<kind>/ (for the error message). */
void sls_ld_list_models(const sls_loader *ld, const char *kind, const char *name, char *out, size_t n,
                        const char **suggest, char *sugbuf) {
  out[0] = 0;
  *suggest = NULL;
  char base[1024];
  snprintf(base, sizeof base, "%s", ld->base);
  char *slash = strrchr(base, '/');
  if (slash)
    *slash = 0;
  else
    snprintf(base, sizeof base, ".");
  const char *dirs[3] = {getenv("SLSIM_MODELS"), NULL,
                         sls_installed() ? SLS_PKGDATADIR "/models" : SLS_SRCDIR "/models"};
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
  const char *c = sls_ld_closest(name, ptrs, nn);
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
int sls_ld_read_cfg(sls_loader *ld, config_t *c, const char *file, const config_setting_t *from,
                    const char *key) {
  sls_cfgtext *t = sls_xcalloc(1, sizeof *t);
  char msg[SLS_ERRLEN];
  int rc = sls_cfgtext_read(file, t, msg);
  if (rc) {
    free(t);
    if (rc == SLS_EIO && from) return sls_ld_fail(ld, from, key, "%s", msg);
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

/* Reads a runtime group (inline or from a model file) for a function of memory_mb. */
static int parse_runtime(sls_loader *ld, const config_setting_t *g, const char *path, const char *name,
                         int memory_mb, sls_runtime_spec *rt) {
  if (sls_ld_check_keys(ld, g, path, &sls_schema_runtime, -1) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_runtime, -1, rt))
    return SLS_EINPUT;
  rt->name = sls_xstrdup(name);
  const char *src = NULL;
  if (sls_ld_str(ld, g, NULL, path, "source", 0, &src, NULL)) return SLS_EINPUT;
  rt->source = sls_xstrdup(src ? src : "inline");
  /* Whether INIT is billed follows the scenario's init_billing rule and the package (set after
   * loading), unless the runtime says so itself. */
  rt->init_billed = -1;
  if (sls_ld_bool(ld, g, NULL, path, "init_billed", &rt->init_billed)) return SLS_EINPUT;
  rt->init_billed_set = rt->init_billed >= 0;
  char kp[256];
  int found = 0;
  sls_dist_constant(&rt->init, 0);
  sls_dist_constant(&rt->overhead, 0);
  config_setting_t *bm = config_setting_get_member(g, "by_memory");
  if (bm) {
    /* The entry whose memory is nearest on a log scale (memory barely moves the median for
     * most runtimes; lambda-perf, see models/runtimes/README). */
    sls_ld_keypath(kp, sizeof kp, path, "by_memory");
    if (config_setting_type(bm) != CONFIG_TYPE_LIST || config_setting_length(bm) == 0)
      return sls_ld_fail(ld, bm, kp, "expected a non-empty list ( { memory_mb = ...; init = {...}; }, ... )");
    config_setting_t *best = NULL;
    double bd = INFINITY;
    for (int i = 0; i < config_setting_length(bm); i++) {
      config_setting_t *e = config_setting_get_elem(bm, (unsigned)i);
      char ep[256];
      snprintf(ep, sizeof ep, "%s[%d]", kp, i);
      if (config_setting_type(e) != CONFIG_TYPE_GROUP) return sls_ld_fail(ld, e, ep, "expected a group");
      if (sls_ld_check_keys(ld, e, ep, &sls_schema_by_memory, -1)) return SLS_EINPUT;
      double m = 0;
      if (sls_ld_num(ld, e, NULL, ep, "memory_mb", 128, 10240, 1, 1, &m)) return SLS_EINPUT;
      double dd = fabs(log(m / memory_mb));
      if (dd < bd) {
        bd = dd;
        best = e;
      }
    }
    config_setting_t *ig = config_setting_get_member(best, "init");
    if (!ig) return sls_ld_fail(ld, best, kp, "entry without 'init'");
    if (sls_ld_dist(ld, ig, kp, &rt->init)) return SLS_EINPUT;
    found = 1;
  }
  config_setting_t *ig = config_setting_get_member(g, "init");
  if (ig) {
    sls_ld_keypath(kp, sizeof kp, path, "init");
    if (found) return sls_ld_fail(ld, ig, kp, "give either init or by_memory, not both");
    sls_dist_destroy(&rt->init);
    if (sls_ld_dist(ld, ig, kp, &rt->init)) return SLS_EINPUT;
    found = 1;
  }
  if (!found) return sls_ld_fail(ld, g, path, "missing 'init' (the cold-start duration distribution)");
  config_setting_t *og = config_setting_get_member(g, "overhead");
  if (og) {
    sls_ld_keypath(kp, sizeof kp, path, "overhead");
    if (sls_ld_dist(ld, og, kp, &rt->overhead)) return SLS_EINPUT;
  }
  return 0;
}

int sls_ld_runtime(sls_loader *ld, config_setting_t *s, const char *kp, int memory_mb, sls_runtime_spec *rt) {
  if (config_setting_type(s) == CONFIG_TYPE_GROUP) { /* inline: its own name, if it gives one */
    const char *nm = "inline";
    config_setting_lookup_string(s, "name", &nm);
    if (!sls_name_ok(nm, SLS_NAME_MAX)) {
      char nk[300];
      sls_ld_keypath(nk, sizeof nk, kp, "name");
      return sls_ld_fail(ld, config_setting_get_member(s, "name"), nk, "expected %s, got \"%s\"",
                         sls_name_rule(), nm);
    }
    return parse_runtime(ld, s, kp, nm, memory_mb, rt);
  }
  if (config_setting_type(s) != CONFIG_TYPE_STRING)
    return sls_ld_fail(ld, s, kp, "expected a runtime name (models/runtimes/NAME.cfg) or a group, got %s",
                       sls_ld_type_name(s));
  const char *name = config_setting_get_string(s);
  char file[1200], dirs[2048];
  if (!sls_name_ok(name, SLS_NAME_MAX)) /* a file name under models/runtimes, not a path */
    return sls_ld_fail(ld, s, kp, "expected a runtime model name (%s), got \"%s\"", sls_name_rule(), name);
  if (!sls_ld_find_model(ld, "runtimes", name, file, sizeof file, dirs, sizeof dirs)) {
    char avail[1024], sugbuf[64];
    const char *sug;
    sls_ld_list_models(ld, "runtimes", name, avail, sizeof avail, &sug, sugbuf);
    if (sug)
      return sls_ld_fail(ld, s, kp, "no runtime model \"%s\" (did you mean \"%s\"?); available: %s", name,
                         sug, avail);
    return sls_ld_fail(ld, s, kp, "no runtime model \"%s\" in %s; available: %s", name, dirs, avail);
  }
  if (sls_ld_read_cfg(ld, &ld->aux, file, s, kp)) return SLS_EINPUT;
  int rc = parse_runtime(ld, config_root_setting(&ld->aux), "", name, memory_mb, rt);
  config_destroy(&ld->aux);
  return rc;
}

/* ---- pricing ---- */

/* A required group g.key with only s's keys. */
static config_setting_t *member_group(sls_loader *ld, const config_setting_t *g, const char *path,
                                      const char *key, const sls_schema *s) {
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, key);
  config_setting_t *t = config_setting_get_member(g, key);
  if (!t) {
    sls_ld_fail(ld, g, kp, "missing; expected a group { ... }");
    return NULL;
  }
  if (config_setting_type(t) != CONFIG_TYPE_GROUP) {
    sls_ld_fail(ld, t, kp, "expected a group { ... }, got %s", sls_ld_type_name(t));
    return NULL;
  }
  return sls_ld_check_keys(ld, t, kp, s, -1) ? NULL : t;
}

/* A tiered price g.key = { <prices> = [p1, p2, ...]; <bounds> = [b1, ...]; } of schema s (its
 * two rows: the prices, the bounds): one bound fewer than prices, increasing; prices and bounds
 * scaled by pscale and bscale. */
static int parse_tiers(sls_loader *ld, const config_setting_t *g, const char *key, const sls_schema *s,
                       double pscale, double bscale, sls_tiers *t) {
  const sls_key *pk = &s->keys[0], *bk = &s->keys[1];
  config_setting_t *tg = member_group(ld, g, "", key, s);
  if (!tg) return SLS_EINPUT;
  config_setting_t *ps = config_setting_get_member(tg, pk->name),
                   *bs = config_setting_get_member(tg, bk->name);
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, key, pk->name);
  if (!ps) return sls_ld_fail(ld, tg, kp, "missing; expected [price, ...]");
  int np = sls_ld_array(ld, ps, kp, t->price, SLS_MAX_TIERS, pk->lo, pk->hi);
  if (np < 0) return SLS_EINPUT;
  if (np == 0) return sls_ld_fail(ld, ps, kp, "expected at least one price");
  int nb = 0;
  sls_ld_keypath(kp, sizeof kp, key, bk->name);
  if (bs && (nb = sls_ld_array(ld, bs, kp, t->bound, SLS_MAX_TIERS - 1, bk->lo, bk->hi)) < 0)
    return SLS_EINPUT;
  if (nb != np - 1)
    return sls_ld_fail(ld, bs ? bs : tg, kp, "expected %d tier bound%s (one fewer than the prices), got %d",
                       np - 1, np == 2 ? "" : "s", nb);
  for (int i = 0; i < np; i++)
    t->price[i] *= pscale;
  for (int i = 0; i < nb; i++) {
    if (t->bound[i] <= 0 || (i && t->bound[i] <= t->bound[i - 1] / bscale))
      return sls_ld_fail(ld, bs, kp, "expected increasing positive bounds, got %g at %d", t->bound[i], i);
    t->bound[i] *= bscale;
  }
  t->n = np;
  return 0;
}

/* The prices of one architecture's provisioned concurrency or Fargate: the schema's rows by
 * name, into the fields given (the rows are SLS_KF_CODE: the field depends on the group). */
static int arch_prices(sls_loader *ld, const config_setting_t *g, const char *path, const sls_schema *s,
                       double *first, double *second) {
  return sls_ld_row_num(ld, g, NULL, path, s, s->keys[0].name, first) ||
         sls_ld_row_num(ld, g, NULL, path, s, s->keys[1].name, second);
}

int sls_ld_pricing(sls_loader *ld, config_setting_t *s, const char *kp, sls_price_spec *p) {
  if (config_setting_type(s) != CONFIG_TYPE_STRING)
    return sls_ld_fail(ld, s, kp, "expected a pricing model name (models/pricing/NAME.cfg), got %s",
                       sls_ld_type_name(s));
  const char *name = config_setting_get_string(s);
  char file[1200], dirs[2048];
  if (!sls_name_ok(name, SLS_NAME_MAX))
    return sls_ld_fail(ld, s, kp, "expected a pricing model name (%s), got \"%s\"", sls_name_rule(), name);
  if (!sls_ld_find_model(ld, "pricing", name, file, sizeof file, dirs, sizeof dirs)) {
    char avail[1024], sugbuf[64];
    const char *sug;
    sls_ld_list_models(ld, "pricing", name, avail, sizeof avail, &sug, sugbuf);
    return sls_ld_fail(ld, s, kp, "no pricing model \"%s\"; available: %s", name, avail);
  }
  if (sls_ld_read_cfg(ld, &ld->aux, file, s, kp)) return SLS_EINPUT;
  config_setting_t *g = config_root_setting(&ld->aux);
  int rc = SLS_EINPUT;
  const char *src = NULL, *date = NULL;
  config_setting_t *t, *ft, *ec;
  sls_tiers dur;
  p->name = sls_xstrdup(name);
  if (sls_ld_check_keys(ld, g, "", &sls_schema_pricing, -1)) goto out;
  if (sls_ld_str(ld, g, NULL, "", "source", 1, &src, NULL) ||
      sls_ld_str(ld, g, NULL, "", "date", 1, &date, NULL))
    goto out;
  if (!sls_label_ok(date)) { /* shown in every report */
    sls_ld_fail(ld, config_setting_get_member(g, "date"), "date",
                "expected a date such as \"2025-10-01\", got \"%s\"", date);
    goto out;
  }
  p->source = sls_xstrdup(src);
  p->date = sls_xstrdup(date);
  if (sls_ld_read_keys(ld, g, NULL, "", &sls_schema_pricing, -1, p)) goto out;
  if ((t = config_setting_get_member(g, "compute")) != NULL) {
    const char *svc = "compute";
    if (!(t = member_group(ld, g, "", "compute", &sls_schema_compute_price)) ||
        sls_ld_read_keys(ld, t, NULL, "compute", &sls_schema_compute_price, -1, p) ||
        sls_ld_str(ld, t, NULL, "compute", "service", 0, &svc, NULL))
      goto out;
    if (!sls_name_ok(svc, 23)) {
      sls_ld_fail(ld, config_setting_get_member(t, "service"), "compute.service",
                  "expected a service name (%s, at most 23 bytes), got \"%s\"", sls_name_rule(), svc);
      goto out;
    }
    p->compute.service = sls_xstrdup(svc);
  }
  for (int arm = 0; arm < 2; arm++) {
    const char *k = arm ? "duration_arm64" : "duration_x86_64";
    if (parse_tiers(ld, g, k, &sls_schema_duration_tiers, 1, 1, &dur)) goto out;
    if (dur.n != 3) {
      sls_ld_fail(ld, config_setting_get_member(g, k), k,
                  "expected 3 prices and 2 tier bounds, got %d prices", dur.n);
      goto out;
    }
    memcpy(arm ? p->gb_s_arm : p->gb_s_x86, dur.price, 3 * sizeof(double));
    memcpy(arm ? p->tier_gb_s_arm : p->tier_gb_s_x86, dur.bound, 2 * sizeof(double));
    k = arm ? "provisioned_arm64" : "provisioned_x86_64";
    if (!(t = member_group(ld, g, "", k, &sls_schema_pc_price)) ||
        arch_prices(ld, t, k, &sls_schema_pc_price, arm ? &p->pc_gb_s_arm : &p->pc_gb_s_x86,
                    arm ? &p->pc_exec_gb_s_arm : &p->pc_exec_gb_s_x86))
      goto out;
  }
  ft = config_setting_get_member(g, "free_tier");
  if (ft && (sls_ld_check_keys(ld, ft, "free_tier", &sls_schema_free_tier, -1) ||
             sls_ld_read_keys(ld, ft, NULL, "free_tier", &sls_schema_free_tier, -1, p)))
    goto out;
  if (parse_tiers(ld, g, "apigateway_http", &sls_schema_request_tiers, 1e-6, 1e6, &p->apigw_http) ||
      parse_tiers(ld, g, "apigateway_rest", &sls_schema_request_tiers, 1e-6, 1e6, &p->apigw_rest))
    goto out;
  if (!(t = member_group(ld, g, "", "stepfunctions", &sls_schema_sfn_price)) ||
      sls_ld_read_keys(ld, t, NULL, "stepfunctions", &sls_schema_sfn_price, -1, p))
    goto out;
  if (parse_tiers(ld, g, "logs", &sls_schema_gb_tiers, 1, 1, &p->logs) ||
      parse_tiers(ld, g, "egress", &sls_schema_gb_tiers, 1, 1, &p->egress))
    goto out;
  if (!(t = member_group(ld, g, "", "nat_gateway", &sls_schema_nat_price)) ||
      sls_ld_read_keys(ld, t, NULL, "nat_gateway", &sls_schema_nat_price, -1, p))
    goto out;
  if (!(t = member_group(ld, g, "", "fargate", &sls_schema_fargate_price)) ||
      sls_ld_read_keys(ld, t, NULL, "fargate", &sls_schema_fargate_price, -1, p))
    goto out;
  for (int arm = 0; arm < 2; arm++) {
    char fk[32];
    snprintf(fk, sizeof fk, "fargate.%s", arm ? "arm64" : "x86_64");
    config_setting_t *fa = member_group(ld, t, "fargate", arm ? "arm64" : "x86_64", &sls_schema_fargate_arch);
    if (!fa ||
        arch_prices(ld, fa, fk, &sls_schema_fargate_arch, &p->fargate_vcpu_h[arm], &p->fargate_gb_h[arm]))
      goto out;
  }
  ec = config_setting_get_member(g, "ec2");
  if (ec) {
    if (config_setting_type(ec) != CONFIG_TYPE_LIST) {
      sls_ld_fail(ld, ec, "ec2", "expected a list ( { type = ...; usd_per_hour = ...; }, ... ), got %s",
                  sls_ld_type_name(ec));
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
        sls_ld_fail(ld, e, ep, "expected a group { type = ...; usd_per_hour = ...; }");
        goto out;
      }
      if (sls_ld_check_keys(ld, e, ep, &sls_schema_ec2_price, -1) ||
          sls_ld_str(ld, e, NULL, ep, "type", 1, &ty, NULL))
        goto out;
      if (!sls_name_ok(ty, SLS_NAME_MAX)) {
        sls_ld_fail(ld, config_setting_get_member(e, "type"), ep,
                    "type: expected an instance type (%s), got \"%s\"", sls_name_rule(), ty);
        goto out;
      }
      sls_instance_price *ip = &p->instances[i];
      ip->name = sls_xstrdup(ty);
      if (sls_ld_read_keys(ld, e, NULL, ep, &sls_schema_ec2_price, -1, ip)) goto out;
    }
  }
  rc = 0;
out:
  config_destroy(&ld->aux);
  return rc;
}
