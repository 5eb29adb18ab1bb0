/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "plot/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "engine/text.h"
#include "engine/util.h"
#include "io/h5.h"
#include "io/publish.h"
#include "model/downstream.h"
#include "model/queue.h"
#include "study/study.h"

const char *const sls_plot_kinds[] = {"concurrency", "latency", "queue", "downstream", "roots", NULL};

static int find_template(const char *kind, char *out, size_t n) {
  const char *env = getenv("SLSIM_PLOTS");
  /* the installed slsim uses the installed templates; one in its build tree, the source's */
  const char *dirs[3] = {env, sls_installed() ? NULL : SLS_SRCDIR "/plots", SLS_PKGDATADIR "/plots"};
  struct stat st;
  for (int i = 0; i < 3; i++) {
    if (!dirs[i] || !*dirs[i]) continue;
    snprintf(out, n, "%s/%s.gp", dirs[i], kind);
    if (stat(out, &st) == 0) return 1;
  }
  return 0;
}

/* The gnuplot terminal for out's extension at the size and font of o, into buf; NULL for an
 * extension it cannot draw. */
static const char *terminal_for(const char *out, const sls_plot_opts *o, char *buf, size_t n) {
  const char *dot = strrchr(out, '.');
  if (!dot) return NULL;
  int w = o && o->width > 0 ? o->width : 1200, h = o && o->height > 0 ? o->height : 650;
  double pt = o && o->font_pt > 0 ? o->font_pt : 11;
  if (strcmp(dot, ".png") == 0)
    snprintf(buf, n, "pngcairo size %d,%d font 'DejaVu Sans,%g' noenhanced", w, h, pt);
  else if (strcmp(dot, ".svg") == 0)
    snprintf(buf, n, "svg size %d,%d dynamic font 'DejaVu Sans,%g' noenhanced", w, h, pt);
  else if (strcmp(dot, ".pdf") == 0) /* 100 px to the inch; the font in points as given */
    snprintf(buf, n, "pdfcairo size %gin,%gin font 'DejaVu Sans,%g' noenhanced", w / 100.0, h / 100.0, pt);
  else
    return NULL;
  return buf;
}

/* The unit a time axis of span seconds reads best in: its size in seconds and its name. */
static void time_unit(double span, double *scale, const char **name) {
  if (span <= 600)
    *scale = 1, *name = "s";
  else if (span <= 10 * 3600)
    *scale = 60, *name = "min";
  else if (span <= 3 * 86400)
    *scale = 3600, *name = "h";
  else
    *scale = 86400, *name = "days";
}

/*
 * Every string read from a file reaches gnuplot as a string literal, never as code:
 *  - a single-quoted gnuplot string is literal: no backslash escapes, no `command` substitution
 *    (gnuplot runs backquoted commands inside double-quoted strings), no @macro expansion;
 *  - a line break ends a command, and a quote would end the literal, so control characters and
 *    the single quote are sent as octal escapes ("\012", "\047") in a double-quoted string that
 *    holds nothing else; the pieces are joined with gnuplot's '.' operator:
 *    it's<LF>x is sent as 'it'."\047".'s'."\012".'x'.
 * The terminals are `noenhanced`, so no string is read as markup either.  The datablock holds
 * only numbers.
 */
void sls_plot_put_string(FILE *gp, const char *s) {
  int open = 0, any = 0; /* inside a single-quoted piece; a piece was written */
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c < 0x20 || c == 0x7F || c == '\'') {
      fprintf(gp, "%s%s\"\\%03o\"", open ? "'" : "", any ? "." : "", c);
      open = 0;
    } else {
      if (!open) fprintf(gp, "%s'", any ? "." : "");
      fputc(c, gp);
      open = 1;
    }
    any = 1;
  }
  fputs(open ? "'" : any ? "" : "''", gp);
}

/* Each entity's n_rows x (1 + n_cols) table as one datablock index: block i is entity i. */
/* The series of n entities as $data (each led by a row at t = 0 with its first interval's
 * values, so that one interval still draws), then the time axis the templates use: tscale
 * (seconds per unit), tlabel, and tmin..tmax in that unit — from o's range, else where something
 * happens (from the first interval in which a column moves to one interval after the last, padded
 * by 3 %), within [0, duration].
 * Also has_col[c] = 1 when column c is nonzero somewhere (a panel of nothing can be left out). */
static int send_series(FILE *gp, const char *h5, const char *group, const char *const *names, int n,
                       const char *const *cols, int n_cols, double duration, const sls_plot_opts *o,
                       char *err) {
  fprintf(gp, "$data << EOD\n");
  double first = INFINITY, last = -INFINITY, step = 0, interval = 0;
  int *has = sls_xcalloc((size_t)n_cols + 1, sizeof *has);
  for (int i = 0; i < n; i++) {
    double *d = NULL;
    int nr = 0;
    if (sls_h5_read_columns(h5, group, names[i], cols, n_cols, &d, &nr, err)) {
      free(has);
      return SLS_EINPUT;
    }
    for (int c = 0; nr && c <= n_cols; c++) /* the first interval's values from t = 0 */
      fprintf(gp, "%.6g%s", c ? d[c] : 0.0, c < n_cols ? " " : "\n");
    for (int k = 0; k < nr; k++) {
      const double *row = &d[(size_t)k * (size_t)(n_cols + 1)], *prev = k ? row - (n_cols + 1) : NULL;
      int changed = 0; /* something happens: a column moves (from 0 before the first row) */
      for (int c = 0; c <= n_cols; c++) {
        fprintf(gp, "%.6g%s", row[c], c < n_cols ? " " : "\n");
        if (c > 0 && row[c] != 0) has[c] = 1;
        if (c > 0 && row[c] != (prev ? prev[c] : 0)) changed = 1;
      }
      step = k ? row[0] - prev[0] : row[0];  /* rows are stamped at their interval's end */
      if (k == 0 || k == 1) interval = step; /* the sample interval (the last row may be cut short) */
      if (changed && row[0] - step < first) first = row[0] - step;
      if (changed && row[0] + step > last) last = row[0] + step; /* and one interval settled */
    }
    if (nr == 0)
      for (int c = 0; c <= n_cols; c++)
        fprintf(gp, "0%s", c < n_cols ? " " : "\n");
    fprintf(gp, i + 1 < n ? "\n\n" : "");
    free(d);
  }
  fprintf(gp, "EOD\n");
  double lo = 0, hi = duration > 0 ? duration : 1;
  if (isfinite(first)) {
    double pad = 0.03 * (last - first);
    lo = first - pad > 0 ? first - pad : 0;
    hi = last + pad < hi ? last + pad : hi;
  }
  if (o && isfinite(o->from_s)) lo = o->from_s;
  if (o && isfinite(o->to_s)) hi = o->to_s;
  if (hi <= lo) hi = lo + 1;
  double scale;
  const char *unit;
  time_unit(hi - lo, &scale, &unit);
  fprintf(gp,
          "tscale = %.17g\ntmin = %.17g\ntmax = %.17g\ntstep = %.17g\ntlabel = 'simulated time (%s)'\n"
          "array has_col[%d]\n",
          scale, lo / scale, hi / scale, interval > 0 ? interval : 1, unit, n_cols + 1);
  for (int c = 0; c <= n_cols; c++)
    fprintf(gp, "has_col[%d] = %d\n", c + 1, has[c]);
  free(has);
  return 0;
}

/* The times the timeline changed something (the run's /timeline/changes, when it has one), as
 * marks[1..nmark] in s for the templates' vertical markers (numbers only). */
static void send_marks(FILE *gp, const char *h5) {
  const char *cols[] = {"event"};
  double *d = NULL;
  int nr = 0;
  char err[SLS_ERRLEN];
  if (sls_h5_read_columns(h5, "timeline", "changes", cols, 1, &d, &nr, err)) nr = 0;
  int n = nr < 1000 ? nr : 1000; /* a marker a change; more would be a grey wall */
  fprintf(gp, "nmark = %d\narray marks[%d]\n", n, n > 0 ? n : 1);
  for (int i = 0; i < n; i++)
    if (isfinite(d[2 * i])) fprintf(gp, "marks[%d] = %.17g\n", i + 1, d[2 * i]);
  free(d);
}

/* One histogram as a CDF block (each point: a bucket's upper bound in ms, the fraction at or
 * below; values under 0.1 ms drawn at 0.1 ms, so that a log axis need not reach down to a root
 * that ended at once); an empty one, or one of zeros when skip_zero, as "1 0". */
static void send_cdf(FILE *gp, const sls_hist *h, int skip_zero) {
  uint64_t cum = 0;
  int any = 0;
  for (int b = sls_hist_next(h, 0); b < SLS_HIST_NBUCKETS && h->n && !(skip_zero && h->max == 0);
       b = sls_hist_next(h, b + 1)) {
    cum += sls_hist_count(h, b);
    double hi = (double)(sls_hist_bucket_lo(b) + sls_hist_bucket_width(b)) / 1e6;
    fprintf(gp, "%.6g %.9g\n", hi > 0.1 ? hi : 0.1, (double)cum / (double)h->n);
    any = 1;
  }
  if (!any) fprintf(gp, "1 0\n");
}

#define LATENCY_LINES 8 /* more lines than this and no one can tell them apart */

/* The latency CDFs of the functions that had requests, as $data with their names (nfn and
 * names[] again): all of them when they are at most LATENCY_LINES, else the busiest
 * LATENCY_LINES - 1 and one line of every function's requests merged.  xmin, xmax: the range
 * the CDFs cover (ms). */
static int send_latency(FILE *gp, const char *h5, const char *const *names, int n, char *err) {
  /* one histogram in memory at a time (10,000 functions' would take hundreds of MB): first the
   * counts, to choose the lines; then the merge of all, when there are too many; then the lines */
  uint64_t *count = sls_xcalloc((size_t)n + 1, sizeof *count);
  int *order = sls_xcalloc((size_t)n + 1, sizeof *order), m = 0;
  sls_hist x;
  for (int i = 0; i < n; i++) {
    if (sls_h5_read_latency(h5, names[i], "latency", &x, err)) {
      free(count);
      free(order);
      return SLS_EINPUT;
    }
    count[i] = x.n;
    sls_hist_destroy(&x);
    if (count[i]) order[m++] = i;
  }
  for (int a = 1; a < m; a++) /* busiest first; ties in the file's order */
    for (int b = a; b > 0 && count[order[b]] > count[order[b - 1]]; b--) {
      int t = order[b];
      order[b] = order[b - 1];
      order[b - 1] = t;
    }
  int lines = m <= LATENCY_LINES ? m : LATENCY_LINES, rc = 0;
  sls_hist all;
  sls_hist_init(&all);
  for (int k = 0; m > LATENCY_LINES && k < m && !rc; k++) {
    rc = sls_h5_read_latency(h5, names[order[k]], "latency", &x, err);
    if (!rc) {
      sls_hist_merge(&all, &x);
      sls_hist_destroy(&x);
    }
  }
  fprintf(gp, "nfn = %d\narray names[%d]\n", lines ? lines : 1, lines ? lines : 1);
  double lo = INFINITY, hi = 0;
  fprintf(gp, "$data << EOD\n");
  for (int k = 0; k < lines && !rc; k++) {
    int merged = m > LATENCY_LINES && k == lines - 1;
    if (!merged && (rc = sls_h5_read_latency(h5, names[order[k]], "latency", &x, err))) break;
    const sls_hist *h = merged ? &all : &x;
    send_cdf(gp, h, 0);
    fprintf(gp, k + 1 < lines ? "\n\n" : "");
    if ((double)h->min / 1e6 < lo) lo = (double)h->min / 1e6;
    if ((double)h->max / 1e6 > hi) hi = (double)h->max / 1e6;
    if (!merged) sls_hist_destroy(&x);
  }
  if (!lines) fprintf(gp, "1 0\n");
  fprintf(gp, "EOD\n");
  for (int k = 0; k < lines; k++) {
    fprintf(gp, "names[%d] = ", k + 1);
    if (m > LATENCY_LINES && k == lines - 1) {
      char t[96];
      snprintf(t, sizeof t, "all %d functions", m);
      sls_plot_put_string(gp, t);
    } else
      sls_plot_put_string(gp, names[order[k]]);
    fprintf(gp, "\n");
  }
  if (!lines) fprintf(gp, "names[1] = 'no requests'\n");
  if (!(lo > 0.1)) lo = 0.1; /* the CDFs start at 0.1 ms (send_cdf) */
  if (!(hi > lo)) hi = lo * 10;
  fprintf(gp, "xmin = %.6g\nxmax = %.6g\nshown = %d\nwith_requests = %d\n", lo, hi, lines, m);
  sls_hist_destroy(&all);
  free(count);
  free(order);
  return rc ? SLS_EINPUT : 0;
}

/* Per source: its completion CDF (block 2i), its response CDF (block 2i + 1; "1 0" when every
 * response was immediate); and $path: the critical path's mean parts, a row per source. */
static int send_roots(FILE *gp, const char *h5, const sls_source_row *s, int n, char *err) {
  fprintf(gp, "$data << EOD\n");
  double lo = INFINITY, hi = 0;
  for (int i = 0; i < n; i++) {
    const char *groups[2] = {"completion_latency", "response_latency"};
    for (int k = 0; k < 2; k++) {
      sls_hist h;
      if (sls_h5_read_latency(h5, s[i].name, groups[k], &h, err)) return SLS_EINPUT;
      send_cdf(gp, &h, k == 1);
      if (h.n && h.max > 0 && (double)h.min / 1e6 < lo) lo = (double)h.min / 1e6;
      if (h.n && (double)h.max / 1e6 > hi) hi = (double)h.max / 1e6;
      fprintf(gp, i + 1 < n || k == 0 ? "\n\n" : "");
      sls_hist_destroy(&h);
    }
  }
  fprintf(gp, "EOD\n$path << EOD\n");
  for (int i = 0; i < n; i++)
    fprintf(gp, "%d %.6g %.6g %.6g %.6g\n", i, s[i].path_wait_ms, s[i].path_cold_ms, s[i].path_run_ms,
            s[i].path_downstream_ms);
  fprintf(gp, "EOD\n");
  if (!(lo > 0.1)) lo = 0.1; /* the CDFs start at 0.1 ms (send_cdf) */
  if (!(hi > lo)) hi = lo * 10;
  fprintf(gp, "xmin = %.6g\nxmax = %.6g\n", lo, hi);
  return 0;
}

/* gnuplot reading commands from a pipe, drawing into a temporary file next to out that is
 * published (io/publish) when it is complete. */
typedef struct pipe_plot {
  FILE *gp;
  sls_publish pub;
} pipe_plot;

static int plot_open(pipe_plot *pp, const char *out, int force, const char *term, char *err) {
  int rc = sls_publish_begin(&pp->pub, out, force, err);
  if (rc) return rc;
  fflush(NULL); /* nothing buffered here is written twice by the child */
  pp->gp = popen(SLS_GNUPLOT, "w");
  if (!pp->gp) {
    sls_publish_abort(&pp->pub);
    sls_err(err, "cannot start gnuplot (%s)", SLS_GNUPLOT);
    return SLS_EIO;
  }
  fprintf(pp->gp, "set terminal %s\nset output ", term);
  sls_plot_put_string(pp->gp, pp->pub.tmp);
  fprintf(pp->gp, "\n");
  return 0;
}

/* Loads the template, waits for gnuplot and publishes the figure; rc: the caller's failure so
 * far (the figure is then dropped). */
static int plot_close(pipe_plot *pp, const char *tpl, const char *out, int rc, char *err) {
  if (!rc) { /* dir: the templates' directory, for the files they load (common.gp) */
    const char *slash = strrchr(tpl, '/');
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - tpl + 1) : 0, tpl);
    fprintf(pp->gp, "dir = ");
    sls_plot_put_string(pp->gp, dir);
    fprintf(pp->gp, "\nload ");
    sls_plot_put_string(pp->gp, tpl);
    fprintf(pp->gp, "\nunset output\n");
  }
  int st = pclose(pp->gp);
  if (rc) {
    sls_publish_abort(&pp->pub);
    return rc;
  }
  if (st != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    sls_publish_abort(&pp->pub);
    sls_err(err, "gnuplot failed drawing %s (exit status %d)", out, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return SLS_EIO;
  }
  return sls_publish_commit(&pp->pub, err);
}

int sls_plot_kinds_of(const char *h5, const char **what, char *err) {
  sls_run_info info;
  sls_fn_row *r = NULL;
  sls_cost_line *l = NULL;
  sls_queue_row *q = NULL;
  sls_ds_row *d = NULL;
  int n = 0, nl = 0, nq = 0, nd = 0, sync = 0, nw = 0;
  if (sls_h5_read_summary(h5, &info, &r, &n, &l, &nl, err)) return -1;
  for (int i = 0; i < n; i++)
    sync |= r[i].requests > 0;
  sls_h5_read_queues(h5, &q, &nq, &d, &nd, err);
  free(r);
  free(l);
  free(q);
  free(d);
  sls_source_row *s = NULL;
  int ns = 0, graph = 0;
  if (sls_h5_read_sources(h5, &s, &ns, err) == 0) /* roots that are more than one request */
    for (int i = 0; i < ns; i++)
      graph |= s[i].completion_p99_ms != s[i].response_p99_ms;
  free(s);
  what[nw++] = "concurrency";
  if (sync) what[nw++] = "latency";
  if (nq) what[nw++] = "queue";
  if (nd) what[nw++] = "downstream";
  if (graph) what[nw++] = "roots";
  return nw;
}

int sls_plot(const char *h5, const char *kind, const char *out, int force, char *err) {
  return sls_plot_with(h5, kind, out, force, NULL, err);
}

int sls_plot_with(const char *h5, const char *kind, const char *out, int force, const sls_plot_opts *o,
                  char *err) {
  int k;
  for (k = 0; sls_plot_kinds[k] && strcmp(sls_plot_kinds[k], kind) != 0; k++) {
  }
  if (!sls_plot_kinds[k]) {
    sls_err(err, "--what %s: expected concurrency, latency, queue, downstream, roots or sweep", kind);
    return SLS_EINPUT;
  }
  char tbuf[160];
  const char *term = terminal_for(out, o, tbuf, sizeof tbuf);
  if (!term) {
    sls_err(err, "%s: expected a .png, .svg or .pdf output", out);
    return SLS_EINPUT;
  }
  char tpl[4096];
  if (!find_template(kind, tpl, sizeof tpl)) {
    sls_err(err, "no plot template %s.gp (looked in $SLSIM_PLOTS, %s/plots, %s/plots)", kind, SLS_SRCDIR,
            SLS_PKGDATADIR);
    return SLS_EIO;
  }
  sls_run_info info;
  sls_fn_row *rows = NULL;
  sls_cost_line *lines = NULL;
  sls_queue_row *qrows = NULL;
  sls_ds_row *drows = NULL;
  int n = 0, nl = 0, nq = 0, nd = 0;
  int rc = sls_h5_read_summary(h5, &info, &rows, &n, &lines, &nl, err);
  if (rc) return SLS_EINPUT; /* not a results file (as for report) */
  free(lines);
  sls_h5_read_queues(h5, &qrows, &nq, &drows, &nd, err);
  sls_source_row *srows = NULL;
  int ns = 0;
  if (k == 4 && sls_h5_read_sources(h5, &srows, &ns, err)) ns = 0;
  /* the entities this kind draws: functions, queues with their mapping, downstreams or sources */
  int ne = k == 2 ? nq : k == 3 ? nd : k == 4 ? ns : n;
  const char **names = sls_xcalloc((size_t)ne + 1, sizeof *names);
  for (int i = 0; i < ne; i++)
    names[i] = k == 2 ? qrows[i].name : k == 3 ? drows[i].name : k == 4 ? srows[i].name : rows[i].name;
  pipe_plot pp;
  if (ne == 0) {
    sls_err(err, "%s: no %s to plot", h5,
            k == 2   ? "queues"
            : k == 3 ? "downstreams"
            : k == 4 ? "sources"
                     : "functions");
    rc = SLS_EINPUT;
  } else
    rc = plot_open(&pp, out, force, term, err);
  if (rc) {
    free(names);
    free(rows);
    free(qrows);
    free(drows);
    free(srows);
    return rc;
  }
  FILE *gp = pp.gp;
  fprintf(gp, "nfn = %d\narray names[%d]\narray provisioned[%d]\narray hasmap[%d]\n", ne, ne, ne, ne);
  for (int i = 0; i < ne; i++) {
    fprintf(gp, "names[%d] = ", i + 1);
    sls_plot_put_string(gp, names[i]);
    fprintf(gp, "\nprovisioned[%d] = %lld\nhasmap[%d] = %d\n", i + 1,
            k == 0 || k == 1 ? (long long)rows[i].provisioned : 0LL, i + 1,
            k == 2 && qrows[i].mapping[0] != 0);
  }
  char title[512];
  snprintf(title, sizeof title, "%s (seed %llu, %.0f s simulated)", info.scenario,
           (unsigned long long)info.seed, info.duration_s);
  fprintf(gp, "title_text = ");
  sls_plot_put_string(gp, title);
  fprintf(gp, "\n");
  if (k == 0) { /* the template's columns: t_s conc_mean idle_mean pc_busy_mean conc_max throttles pc_mean */
    const char *cols[] = {sls_ts_names[SLS_TS_CONC_MEAN],    sls_ts_names[SLS_TS_IDLE_MEAN],
                          sls_ts_names[SLS_TS_PC_BUSY_MEAN], sls_ts_names[SLS_TS_CONC_MAX],
                          sls_ts_names[SLS_TS_THROTTLES],    sls_ts_names[SLS_TS_PC_MEAN]};
    rc = send_series(gp, h5, "timeseries", names, ne, cols, 6, info.duration_s, o, err);
  } else if (k == 1)
    rc = send_latency(gp, h5, names, ne, err);
  else if (k == 2)
    rc = send_series(gp, h5, "queue_timeseries", names, ne, sls_qts_names, SLS_QTS_NCOLS, info.duration_s, o,
                     err);
  else if (k == 3)
    rc = send_series(gp, h5, "downstream_timeseries", names, ne, sls_dts_names, SLS_DTS_NCOLS,
                     info.duration_s, o, err);
  else
    rc = send_roots(gp, h5, srows, ns, err);
  if (!rc && k != 1 && k != 4) send_marks(gp, h5);
  free(names);
  free(rows);
  free(qrows);
  free(drows);
  free(srows);
  return plot_close(&pp, tpl, out, rc, err);
}

/* 1 when every one of n strings is a finite number, given in full. */
static int all_numeric(char *const *v, int n, int stride) {
  for (int i = 0; i < n; i++) {
    char *end;
    const char *s = v[i * stride];
    double x = strtod(s, &end);
    if (!*s || *end || !isfinite(x)) return 0;
  }
  return 1;
}

/* A varied key or a metric in words, with its unit: "functions.api.memory_mb" -> "api: memory
 * (MB)", "p99_ms" -> "p99 (ms)". */
static void words(const char *key, char *out, size_t n) {
  const char *last = strrchr(key, '.'), *name = last ? last + 1 : key;
  char entity[200] = "";
  if (last) { /* the entity: the component before the last, unless a list index */
    const char *prev = last;
    while (prev > key && prev[-1] != '.')
      prev--;
    if (prev[0] != '[') snprintf(entity, sizeof entity, "%.*s: ", (int)(last - prev), prev);
  }
  size_t stem;
  const char *unit = sls_unit_suffix(name, &stem);
  char base[200];
  snprintf(base, sizeof base, "%.*s", (int)stem, name);
  for (char *c = base; *c; c++)
    if (*c == '_') *c = ' ';
  if (unit && !*base) /* usd_per_month: the unit says it all */
    snprintf(out, n, "%s%s", entity, unit);
  else if (unit)
    snprintf(out, n, "%s%s (%s)", entity, base, unit);
  else
    snprintf(out, n, "%s%s", entity, base);
}

int sls_plot_sweep(const char *h5, const char *entity, const char *metric, const char *out, int force,
                   char *err) {
  return sls_plot_sweep_with(h5, entity, metric, out, force, NULL, err);
}

int sls_plot_sweep_with(const char *h5, const char *entity, const char *metric, const char *out, int force,
                        const sls_plot_opts *o, char *err) {
  char tbuf[160];
  const char *term = terminal_for(out, o, tbuf, sizeof tbuf);
  if (!term) {
    sls_err(err, "%s: expected a .png, .svg or .pdf output", out);
    return SLS_EINPUT;
  }
  char tpl[4096];
  if (!find_template("sweep", tpl, sizeof tpl)) {
    sls_err(err, "no plot template sweep.gp (looked in $SLSIM_PLOTS, %s/plots, %s/plots)", SLS_SRCDIR,
            SLS_PKGDATADIR);
    return SLS_EIO;
  }
  sls_study st;
  memset(&st, 0, sizeof st);
  if (sls_h5_read_study(h5, &st, err)) return SLS_EINPUT;
  sls_ci_row *ci = NULL;
  int n = sls_study_ci(&st, &ci), found = 0;
  if (!entity) /* the first function */
    for (int i = 0; i < n && !entity; i++)
      if (strcmp(ci[i].entity, "bill")) entity = ci[i].entity;
  int finite = 0;
  for (int i = 0; i < n; i++)
    if (entity && !strcmp(ci[i].entity, entity) && !strcmp(ci[i].metric, metric)) {
      found = 1;
      finite += ci[i].n > 0;
    }
  if (found && !finite) { /* e.g. the drain time of a queue that never drained */
    sls_err(err, "%s: %s of %s has no value in any run: nothing to plot", h5, metric, entity);
    free(ci);
    sls_study_free(&st);
    return SLS_EINPUT;
  }
  if (!found || st.n_vary == 0) {
    /* say what there is: the entity's metrics, or the entities */
    char have[768] = "";
    int entity_known = 0;
    for (int i = 0; i < n && ci[i].point == ci[0].point; i++)
      entity_known |= entity && !strcmp(ci[i].entity, entity);
    for (int i = 0; i < n && ci[i].point == ci[0].point; i++) {
      const char *item = entity_known ? ci[i].metric : ci[i].entity;
      if (entity_known && strcmp(ci[i].entity, entity)) continue;
      if (!entity_known && i > 0 && !strcmp(ci[i - 1].entity, item)) continue;
      if (strlen(have) + strlen(item) + 3 < sizeof have) {
        strcat(have, *have ? ", " : "");
        strcat(have, item);
      }
    }
    if (st.n_vary == 0)
      sls_err(err, "%s: nothing was varied (made by run --reps): no sweep to plot", h5);
    else if (entity_known)
      sls_err(err, "%s: %s has no metric %s (it has: %s)", h5, entity, metric, have);
    else
      sls_err(err, "%s: no entity %s (there are: %s)", h5, entity ? entity : "(function)", have);
    free(ci);
    sls_study_free(&st);
    return SLS_EINPUT;
  }
  /* x: the first varied key, which varies slowest in the grid: point = x index x lines + line,
   * where lines = the combinations of the other keys = the points sharing the first x value */
  int lines = 1;
  while (lines < st.n_points && !strcmp(st.vary_value[lines * st.n_vary], st.vary_value[0]))
    lines++;
  int nx = st.n_points / lines;
  /* numbers are plotted as numbers; other values (runtimes, say) at 0, 1, 2 ... with their text
   * as tick labels */
  int numeric = all_numeric(st.vary_value, nx, lines * st.n_vary);
  pipe_plot pp;
  int rc = plot_open(&pp, out, force, term, err);
  if (rc) {
    free(ci);
    sls_study_free(&st);
    return rc;
  }
  FILE *gp = pp.gp;
  char xw[400], mw[300], yl[800];
  words(st.vary_key[0], xw, sizeof xw);
  words(metric, mw, sizeof mw);
  fprintf(gp, "nlines = %d\narray labels[%d]\nxkey = ", lines, lines);
  sls_plot_put_string(gp, xw);
  fprintf(gp, "\nylabel_text = ");
  snprintf(yl, sizeof yl, "%s: %s, mean and 95 %% CI of %d replications", entity, mw, st.reps);
  sls_plot_put_string(gp, yl);
  fprintf(gp, "\n");
  for (int l = 0; l < lines; l++) {
    char lab[1024] = "";
    for (int k = 1; k < st.n_vary; k++) {
      char kw[400];
      words(st.vary_key[k], kw, sizeof kw);
      snprintf(lab + strlen(lab), sizeof lab - strlen(lab), "%s%s = %s", k > 1 ? ", " : "", kw,
               st.vary_value[l * st.n_vary + k]);
    }
    fprintf(gp, "labels[%d] = ", l + 1);
    sls_plot_put_string(gp, st.n_vary > 1 ? lab : mw);
    fprintf(gp, "\n");
  }
  if (!numeric) {
    fprintf(gp, "set xtics (");
    for (int x = 0; x < nx; x++) {
      fprintf(gp, "%s", x ? ", " : "");
      sls_plot_put_string(gp, st.vary_value[x * lines * st.n_vary]);
      fprintf(gp, " %d", x);
    }
    fprintf(gp, ")\n");
  }
  fprintf(gp, "$data << EOD\n");
  for (int l = 0; l < lines; l++) {
    for (int x = 0; x < nx; x++) {
      int p = x * lines + l;
      double xv = numeric ? strtod(st.vary_value[p * st.n_vary], NULL) : x;
      for (int i = 0; i < n; i++)
        if (ci[i].point == p && !strcmp(ci[i].entity, entity) && !strcmp(ci[i].metric, metric))
          /* x, mean, and the interval's ends: no metric is negative, so the lower end stops at 0 */
          fprintf(gp, "%.17g %.10g %.10g %.10g\n", xv, ci[i].mean,
                  ci[i].mean - ci[i].half_width > 0 ? ci[i].mean - ci[i].half_width : 0,
                  ci[i].mean + ci[i].half_width);
    }
    fprintf(gp, "\n\n");
  }
  fprintf(gp, "EOD\n");
  free(ci);
  sls_study_free(&st);
  return plot_close(&pp, tpl, out, 0, err);
}
