/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Trace blocks: functions and sources made from an invocation trace (io/trace.h), cloned from
 * the block's function template (loader.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/text.h"
#include "engine/util.h"
#include "io/trace.h"
#include "scenario/loader.h"

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

/* How percentile tables were fitted to their Average: by the top value alone, by the spread above
 * the median, by scaling the whole table; the range of the factors of the last two. */
typedef struct avg_stats {
  int tail, upper, scaled;
  double lo, hi;
} avg_stats;

/* The mean of a table of percentiles 0, 1, 25, 50, 75, 99, 100, linear between them. */
static double table_mean(const double v[7]) {
  static const double p[7] = {0, 0.01, 0.25, 0.5, 0.75, 0.99, 1};
  double m = 0;
  for (int k = 0; k < 6; k++)
    m += (p[k + 1] - p[k]) * (v[k] + v[k + 1]) / 2;
  return m;
}

static void note_factor(avg_stats *st, double f) {
  if (f < st->lo) st->lo = f;
  if (f > st->hi) st->hi = f;
}

/* A duration table whose mean is the table's Average.  Azure's percentiles are of 30-second
 * averages, rounded to whole ms (Shahrad et al., ATC'20), so the straight lines between them can
 * put a mean far from the executions' own (the table's Average).  The mean is linear in each of
 * these changes; the first that reaches the Average is taken, keeping as much as it can:
 *   1. the top value, in [p99, Maximum]: percentiles 0..99 kept;
 *   2. the spread above the median, v = p50 + s (v - p50) for 75, 99, 100 (s >= 0): 0..50 kept;
 *   3. the whole table scaled. */
static void keep_average(double v[7], double avg, double max, avg_stats *st) {
  double mean = table_mean(v);
  if (!(mean > 0) || fabs(mean - avg) <= 1e-9 * avg) return;
  double top0[7];
  memcpy(top0, v, sizeof top0);
  top0[6] = v[5];
  double top = v[5] + (avg - table_mean(top0)) / 0.005; /* the top's weight: (1 - 0.99) / 2 */
  if (max < v[6]) max = v[6];
  if (top >= v[5] && top <= max) {
    v[6] = top;
    st->tail++;
    return;
  }
  double flat[7];
  memcpy(flat, v, sizeof flat);
  flat[4] = flat[5] = flat[6] = v[3];
  double mf = table_mean(flat), spread = mean - mf;
  if (spread > 0 && avg >= mf) {
    double sc = (avg - mf) / spread;
    for (int k = 4; k < 7; k++)
      v[k] = v[3] + sc * (v[k] - v[3]);
    st->upper++;
    note_factor(st, sc);
    return;
  }
  double f = avg / mean;
  for (int k = 0; k < 7; k++)
    v[k] *= f;
  st->scaled++;
  note_factor(st, f);
}

int sls_ld_trace(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_trace_spec *t) {
  char path[128], kp[256];
  const char *name = NULL, *v = NULL;
  if (sls_ld_named_element(ld, g, "traces", idx, &sls_schema_trace, &name, path, sizeof path) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_trace, -1, t))
    return SLS_EINPUT;
  t->name = sls_xstrdup(name);
  int fmt = -1, pl = 0;
  const char *const *formats = sls_schema_row(&sls_schema_trace, "format")->values,
                    *const *placements = sls_schema_row(&sls_schema_trace, "placement")->values;
  if (sls_ld_enum(ld, g, NULL, path, "format", formats, &fmt) ||
      sls_ld_enum(ld, g, NULL, path, "placement", placements, &pl))
    return SLS_EINPUT;
  sls_ld_keypath(kp, sizeof kp, path, "format");
  if (fmt < 0) return sls_ld_fail(ld, g, kp, "missing; expected \"azure2019\", \"azure2021\" or \"csv\"");
  t->format = sls_xstrdup(formats[fmt]);
  t->placement = sls_xstrdup(placements[pl]);
  const char *const str_keys[] = {"invocations", "durations", "memory", "file", "trigger", "app"};
  char **strs[] = {&t->invocations, &t->durations, &t->memory, &t->file, &t->trigger, &t->app};
  for (int k = 0; k < 6; k++) {
    if (sls_ld_str(ld, g, NULL, path, str_keys[k], 0, &v, NULL)) return SLS_EINPUT;
    *strs[k] = v ? sls_xstrdup(v) : NULL;
    v = NULL;
  }
  sls_ld_keypath(kp, sizeof kp, path, fmt == 0 ? "invocations" : "file");
  if (fmt == 0 ? !t->invocations : !t->file)
    return sls_ld_fail(ld, g, kp, "missing; expected the trace file's path");
  /* the template: a function group without name and duration (the trace gives those) */
  config_setting_t *tg = config_setting_get_member(g, "function");
  sls_ld_keypath(kp, sizeof kp, path, "function");
  if (tg && config_setting_type(tg) != CONFIG_TYPE_GROUP)
    return sls_ld_fail(ld, tg, kp, "expected a function group { ... }");
  if (!tg) tg = config_setting_add(g, "function", CONFIG_TYPE_GROUP);
  t->tmpl_memory = config_setting_get_member(tg, "memory_mb") != NULL;
  if (!config_setting_get_member(tg, "name"))
    config_setting_set_string(config_setting_add(tg, "name", CONFIG_TYPE_STRING), "template");
  if (!config_setting_get_member(tg, "duration")) {
    config_setting_t *d = config_setting_add(tg, "duration", CONFIG_TYPE_GROUP);
    config_setting_set_string(config_setting_add(d, "dist", CONFIG_TYPE_STRING), "constant");
    config_setting_set_float(config_setting_add(d, "value_ms", CONFIG_TYPE_FLOAT), 1.0);
  }
  if (sls_ld_function(ld, tg, 0, &t->tmpl)) return SLS_EINPUT;
  if (t->tmpl.n_emits) {
    sls_ld_keypath(kp, sizeof kp, path, "function.emits");
    return sls_ld_fail(ld, config_setting_get_member(tg, "emits"), kp,
                       "a trace's functions emit nothing (the trace records calls, not what they send)");
  }
  /* read */
  sls_trace tr;
  char *a = sls_ld_relative(ld, fmt == 0 ? t->invocations : t->file);
  char *b = t->durations ? sls_ld_relative(ld, t->durations) : NULL;
  char *c = t->memory ? sls_ld_relative(ld, t->memory) : NULL;
  int rc = fmt == 0 ? sls_trace_read_azure2019(a, b, c, &tr, ld->err)
                    : sls_trace_read_invocations(a, fmt == 1, &tr, ld->err);
  free(a);
  free(b);
  free(c);
  if (rc == SLS_EIO) { /* a file that cannot be read: said where the scenario names it */
    char msg[SLS_ERRLEN];
    snprintf(msg, sizeof msg, "%s", ld->err);
    return sls_ld_fail(ld, g, path, "%s", msg);
  }
  if (rc) { /* a line of the trace: its own FILE:LINE says where */
    ld->failed = 1;
    return SLS_EINPUT;
  }
  /* what the trace does not say */
  const char *inv_key = fmt == 0 ? "invocations" : "file";
  sls_ld_keypath(kp, sizeof kp, path, inv_key);
  config_setting_t *inv_at = config_setting_get_member(g, inv_key);
  if (fmt == 0 && (!tr.has_trigger || !tr.has_app)) {
    const char *missing = !tr.has_trigger && !tr.has_app ? "Trigger and HashApp"
                          : !tr.has_trigger              ? "Trigger"
                                                         : "HashApp";
    if ((t->trigger && !tr.has_trigger) || (t->app && !tr.has_app)) {
      sls_ld_keypath(kp, sizeof kp, path, t->trigger && !tr.has_trigger ? "trigger" : "app");
      sls_ld_fail(ld, config_setting_get_member(g, t->trigger && !tr.has_trigger ? "trigger" : "app"), kp,
                  "the invocations file has no %s column; expected no such filter", missing);
      sls_trace_free(&tr);
      return SLS_EINPUT;
    }
    sls_ld_warn(ld, sc, inv_at, kp,
                "no %s column: %s unknown; every function is invoked %s, as the block says", missing,
                !tr.has_trigger ? "triggers are" : "apps are", t->async ? "asynchronously" : "synchronously");
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
    sls_ld_keypath(kp, sizeof kp, path, "name");
    if (!sls_name_ok(gen[bad], SLS_NAME_FIELD - 1))
      sls_ld_fail(
          ld, config_setting_get_member(g, "name"), kp,
          "the name made for trace function %s, \"%s\", is over %d characters; expected a shorter trace name",
          keep[bad]->name, gen[bad], SLS_NAME_FIELD - 1);
    else
      sls_ld_fail(
          ld, config_setting_get_member(g, "name"), kp,
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
  int n_raised = 0, n_lowered = 0;
  avg_stats avg_fit = {0, 0, 0, INFINITY, 0};
  sc->functions = sls_xrealloc(sc->functions, (size_t)(sc->n_functions + nk + 1) * sizeof *sc->functions);
  sc->sources = sls_xrealloc(sc->sources, (size_t)(sc->n_sources + nk + 1) * sizeof *sc->sources);
  for (int k = 0; k < nk; k++) {
    sls_trace_fn *f = keep[k];
    const char *fname = gen[k];
    sls_function_spec *fs = &sc->functions[sc->n_functions];
    sls_ld_function_clone(fs, &t->tmpl, fname);
    fs->from_trace = 1;
    /* Memory: the trace's allocation unless the template sets memory_mb, at least Lambda's
     * 128 MB (an Azure app's memory split among its functions is not a Lambda setting; it is the
     * closest figure the trace has). */
    if (f->memory_mb > 0 && !t->tmpl_memory) {
      double mb = ceil(f->memory_mb);
      if (mb < ld->lim.memory_mb_min) n_raised++;
      if (mb > ld->lim.memory_mb_max) n_lowered++;
      fs->memory_mb = mb < ld->lim.memory_mb_min   ? ld->lim.memory_mb_min
                      : mb > ld->lim.memory_mb_max ? ld->lim.memory_mb_max
                                                   : (int)mb;
      fs->ref_memory_mb = fs->memory_mb;
    }
    double pct[7] = {0, 1, 25, 50, 75, 99, 100}, vals[7];
    double max_ms = 0;
    if (f->has_pct) {
      for (int q = 0; q < 7; q++)
        vals[q] = f->pct_ms[q] * 1e6;
      if (f->has_avg) keep_average(vals, f->avg_ms * 1e6, f->max_ms * 1e6, &avg_fit);
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
    if (need > fs->timeout) fs->timeout = need < ld->lim.timeout_max ? need : ld->lim.timeout_max;
    sls_source_spec *ss = &sc->sources[sc->n_sources];
    memset(ss, 0, sizeof *ss);
    ss->name = sls_xstrdup(fname);
    ss->target = sls_xstrdup(fname);
    ss->fn_index = sc->n_functions;
    ss->dest = (sls_target){SLS_TARGET_FUNCTION, sc->n_functions};
    ss->event_type_id = -1;
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
      /* the minutes past the run's end never arrive: only the run's are kept (a day's trace
       * replayed for an hour holds 60 counts a function, not 1,440) */
      int64_t run_min = (sc->duration + 60 * SLS_NS_PER_S - 1) / (60 * SLS_NS_PER_S);
      if (f->n_minutes > run_min) {
        f->n_minutes = (int)run_min;
        f->counts = sls_xrealloc(f->counts, (size_t)(run_min ? run_min : 1) * sizeof *f->counts);
      }
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
  if (n_raised)
    sls_ld_warn(
        ld, sc, inv_at, kp,
        "memory: %d function(s) allocated less than %s's smallest memory get %d MB (their durations are "
        "the trace's, unscaled)",
        n_raised, sc->platform, ld->lim.memory_mb_min);
  if (n_lowered)
    sls_ld_warn(ld, sc, inv_at, kp,
                "memory: %d function(s) allocated more than %s's largest memory get %d MB", n_lowered,
                sc->platform, ld->lim.memory_mb_max);
  if (avg_fit.tail + avg_fit.upper + avg_fit.scaled)
    sls_ld_warn(
        ld, sc, inv_at, kp,
        "durations: the percentile tables are fitted to their Average: %d function(s) by the top value "
        "(p0..p99 kept), %d by the spread above the median (p0..p50 kept), %d scaled whole "
        "(factors %.3g..%.3g)",
        avg_fit.tail, avg_fit.upper, avg_fit.scaled, avg_fit.upper + avg_fit.scaled ? avg_fit.lo : 1,
        avg_fit.upper + avg_fit.scaled ? avg_fit.hi : 1);
  for (int k = 0; k < nk; k++)
    free(gen[k]);
  free(gen);
  free(keep);
  sls_trace_free(&tr);
  return 0;
}
