/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html — one self-contained page of a result: what ran, the tables of the text report, the
 * figures as inline SVG, the scenario and where it came from.  A planner sends it to a manager;
 * it needs nothing but a browser.
 *
 * The page holds no script and loads nothing: its Content-Security-Policy allows inline styles
 * and nothing else, so even a figure or a name that smuggled markup in could not run or fetch
 * anything.  Every string from the result is escaped (engine/text.h sls_put_html); the SVG comes
 * from gnuplot, which escapes < and & in the text it draws (names reach it as literals: plot.c)
 * but keeps control characters, which become U+FFFD here; its ids are made unique per figure.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/text.h"
#include "engine/util.h"
#include "io/h5.h"
#include "io/publish.h"
#include "plot/plot.h"
#include "report/report.h"
#include "study/study.h"

static const char style[] =
    "body{font:15px/1.45 'DejaVu Sans',Verdana,sans-serif;color:#222;max-width:1240px;margin:2em auto;"
    "padding:0 1em}h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;"
    "border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.6em 0 1em;font-size:13px}"
    "th,td{padding:.2em .7em;border-bottom:1px solid #e4e4e4;text-align:left;white-space:nowrap}"
    "th{background:#f3f3f3}.n{text-align:right;font-variant-numeric:tabular-nums}"
    "figure{margin:1em 0}figure svg{width:100%;height:auto}figcaption{color:#555}"
    "pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:12px}.meta{color:#555}"
    ".bad{color:#b00;font-weight:bold}";

/* Writes the SVG file path inline: from its <svg element on (no XML prolog), each id and each
 * reference to one prefixed with "fN-" (ids are per document once inline). */
static int put_svg(FILE *o, const char *path, int n) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  size_t len = 0, cap = 1 << 16;
  char *s = sls_xcalloc(cap + 1, 1);
  for (size_t k; (k = fread(s + len, 1, cap - len, f)) > 0;) {
    len += k;
    if (len == cap) {
      s = sls_xrealloc(s, 2 * cap + 1);
      cap *= 2;
    }
  }
  fclose(f);
  s[len] = 0;
  const char *p = strstr(s, "<svg");
  if (!p) {
    free(s);
    return -1;
  }
  char pre[16];
  snprintf(pre, sizeof pre, "f%d-", n);
  while (*p) {
    static const char *const marks[] = {"id='", "id=\"", "href='#", "href=\"#", "url(#"};
    size_t m = 0, k = 0;
    for (; k < sizeof marks / sizeof *marks; k++)
      if (!strncmp(p, marks[k], m = strlen(marks[k]))) break;
    if (k < sizeof marks / sizeof *marks && (p == s || p[-1] == ' ' || p[-1] == ':' || k == 4)) {
      fwrite(p, 1, m, o);
      fputs(pre, o);
      p += m;
    } else if ((unsigned char)*p < 0x20 && !strchr("\n\t\r", *p)) {
      fputs("&#xfffd;", o); /* gnuplot keeps a name's control characters: a replacement */
      p++;
    } else if (*p == 0x7F) {
      fputs("&#xfffd;", o);
      p++;
    } else
      fputc(*p++, o);
  }
  free(s);
  return 0;
}

/* The latency a study's figure shows: the p99 of the first function with synchronous requests,
 * else the completion p99 of the first source whose roots take time (a queue-fed system), else
 * the first function's p99.  Into entity (n bytes) and *metric. */
static void study_latency(const char *h5, char *entity, size_t n, const char **metric) {
  sls_study st;
  memset(&st, 0, sizeof st);
  char e[SLS_ERRLEN];
  *entity = 0;
  *metric = "p99_ms";
  if (sls_h5_read_study(h5, &st, e)) return;
  sls_ci_row *ci = NULL;
  int nc = sls_study_ci(&st, &ci);
  for (int pass = 0; pass < 2 && !*entity; pass++)
    for (int i = 0; i < nc && !*entity; i++)
      if (!strcmp(ci[i].kind, pass ? "source" : "function") &&
          !strcmp(ci[i].metric, pass ? "completion_p99_ms" : "p99_ms") && ci[i].mean > 0) {
        snprintf(entity, n, "%s", ci[i].entity);
        *metric = pass ? "completion_p99_ms" : "p99_ms";
      }
  free(ci);
  sls_study_free(&st);
}

/* The figures of the result into the page: each kind plotted to an SVG in a private temporary
 * directory, then inlined; a study's metric against its first varied key. */
static int put_figures(FILE *o, const char *h5, int study, char *err) {
  const char *tmp = getenv("TMPDIR");
  char dir[4096];
  /* mkdtemp's template: it replaces the six X (a TMPDIR too long for dir fails there, with its
   * reason) */
  snprintf(dir, sizeof dir, "%s/slsim-html.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    sls_err(err, "%s: cannot make a temporary directory: %s", tmp && *tmp ? tmp : "/tmp", strerror(errno));
    return SLS_EIO;
  }
  const char *what[8];
  char e[SLS_ERRLEN];
  int nw = sls_plot_kinds_of(h5, what, e), rc = 0, fig = 0;
  if (nw < 0) nw = 0; /* a sweep has no run to draw */
  static const struct {
    const char *kind, *caption;
  } captions[] = {
      {"concurrency",
       "Execution environments per function over time: busy (mean and peak), idle, provisioned; "
       "and, when anything was throttled, throttled requests per second."},
      {"latency", "Latency per function (synchronous requests): the distribution and its tail; of more than "
                  "eight functions, the seven busiest and all of them merged."},
      {"queue",
       "Messages visible and in flight per queue over time, and the concurrent batches of the mapping "
       "that drains it."},
      {"downstream", "Downstream connections and calls in progress over time; the share of time it was down, "
                     "and its refusals and failed calls per second."},
      {"roots", "Root requests per source: response and completion latency, and where a root's time goes."},
      {"sweep-p99_ms", "p99 latency (of the first function with requests, else the first source's roots) "
                       "against the first varied key (95 % CI)."},
      {"sweep-usd_per_month", "The bill per month against the first varied key (95 % CI)."}};
  const char *kinds[10];
  int nk = 0;
  for (int i = 0; i < nw; i++)
    kinds[nk++] = what[i];
  if (study) {
    kinds[nk++] = "sweep-p99_ms";
    kinds[nk++] = "sweep-usd_per_month";
  }
  if (nk) fputs("<h2>Figures</h2>\n", o);
  for (int i = 0; i < nk && !rc; i++) {
    char svg[4200];
    snprintf(svg, sizeof svg, "%s/%s.svg", dir, kinds[i]);
    int r;
    if (!strcmp(kinds[i], "sweep-p99_ms")) {
      char who[SLS_NAME_FIELD];
      const char *metric;
      study_latency(h5, who, sizeof who, &metric);
      r = sls_plot_sweep(h5, *who ? who : NULL, metric, svg, 1, e);
    } else if (!strcmp(kinds[i], "sweep-usd_per_month"))
      r = sls_plot_sweep(h5, "bill", "usd_per_month", svg, 1, e);
    else
      r = sls_plot(h5, kinds[i], svg, 1, e);
    if (r == SLS_EIO) { /* gnuplot failed, or the disk: the page would lie by omission */
      sls_err(err, "%s", e);
      rc = SLS_EIO;
    } else if (r == 0) {
      fputs("<figure>", o);
      if (put_svg(o, svg, ++fig)) {
        sls_err(err, "%s: not an SVG file", svg);
        rc = SLS_EIO;
      }
      for (size_t c = 0; c < sizeof captions / sizeof *captions; c++)
        if (!strcmp(captions[c].kind, kinds[i])) {
          fputs("<figcaption>", o);
          sls_put_html(o, captions[c].caption);
          fputs("</figcaption>", o);
        }
      fputs("</figure>\n", o);
    } /* else nothing of that kind to draw (a sweep whose first function has no p99) */
    remove(svg);
  }
  rmdir(dir);
  return rc;
}

/* A provenance dataset as a <pre> block (nothing when the file has none). */
static void put_text(FILE *o, const char *h5, const char *name, const char *title) {
  char *t = sls_h5_read_text(h5, name);
  if (!t || !*t) {
    free(t);
    return;
  }
  fputs("<h3>", o);
  sls_put_html(o, title);
  fputs("</h3>\n<pre>", o);
  sls_put_html(o, t);
  fputs("</pre>\n", o);
  free(t);
}

static int write_page(FILE *o, const char *h5, char *err) {
  char name[256], version[64], lib[256], status[64];
  sls_h5_read_attr(h5, "scenario_name", name, sizeof name);
  sls_h5_read_attr(h5, "slsim_version", version, sizeof version);
  sls_h5_read_attr(h5, "libraries", lib, sizeof lib);
  sls_h5_read_attr(h5, "status", status, sizeof status);
  int study = sls_h5_has_study(h5);
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
        "'unsafe-inline'; img-src data:\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>slsim: ",
        o);
  sls_put_html(o, *name ? name : h5);
  fprintf(o, "</title>\n<style>%s</style></head>\n<body>\n<h1>", style);
  sls_put_html(o, *name ? name : h5);
  fputs("</h1>\n<p class=\"meta\">", o);
  sls_put_html(o, study ? "a study (replications or a sweep)" : "a run");
  fputs(" simulated by slsim ", o);
  sls_put_html(o, version);
  fputs(" &middot; ", o);
  sls_put_html(o, h5);
  if (*status && strcmp(status, "ok")) {
    fputs(" &middot; <span class=\"bad\">", o);
    sls_put_html(o, status);
    fputs("</span>", o);
  }
  fputs("</p>\n", o);
  int rc = sls_report(o, h5, SLS_REPORT_HTML, NULL, err);
  if (!rc) rc = put_figures(o, h5, study, err);
  if (rc) return rc;
  fputs("<h2>Inputs and provenance</h2>\n", o);
  put_text(o, h5, "command_line", "Command line");
  put_text(o, h5, "overrides", "Overrides (--set)");
  put_text(o, h5, "model_files", "Model files read (kind/name, path, bytes, FNV-1a-64)");
  if (*lib) {
    fputs("<h3>Libraries</h3>\n<p>", o);
    sls_put_html(o, lib);
    fputs("</p>\n", o);
  }
  put_text(o, h5, "scenario_text", "Scenario");
  fputs("</body></html>\n", o);
  return 0;
}

int sls_report_html(const char *h5, const char *out, int force, char *err) {
  char e[SLS_ERRLEN];
  sls_run_info info;
  sls_fn_row *r = NULL;
  sls_cost_line *l = NULL;
  int n = 0, nl = 0;
  if (sls_h5_read_summary(h5, &info, &r, &n, &l, &nl, e) && !sls_h5_has_study(h5)) {
    sls_err(err, "%s", e); /* neither a run nor a study: nothing is written */
    return SLS_EINPUT;
  }
  free(r);
  free(l);
  sls_publish pub;
  int rc = sls_publish_begin(&pub, out, force, err);
  if (rc) return rc;
  FILE *o = fopen(pub.tmp, "w");
  if (!o) {
    sls_err(err, "%s: %s", pub.tmp, strerror(errno));
    sls_publish_abort(&pub);
    return SLS_EIO;
  }
  errno = 0;
  rc = write_page(o, h5, err);
  if (!rc && (ferror(o) || fflush(o))) {
    sls_err(err, "%s: cannot write: %s", out, errno ? strerror(errno) : "write error");
    rc = SLS_EIO;
  }
  if (fclose(o) && !rc) {
    sls_err(err, "%s: cannot write: %s", out, strerror(errno));
    rc = SLS_EIO;
  }
  if (rc) {
    sls_publish_abort(&pub);
    return rc;
  }
  return sls_publish_commit(&pub, err);
}
