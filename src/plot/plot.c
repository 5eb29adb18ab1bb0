#include "plot/plot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "engine/util.h"
#include "io/h5.h"
#include "study/study.h"

const char *const sls_plot_kinds[] = {"concurrency", "latency", "queue", "downstream", NULL};

static int find_template(const char *kind, char *out, size_t n) {
  const char *env = getenv("SLSIM_PLOTS");
  const char *dirs[3] = {env, SLS_SRCDIR "/plots", SLS_PKGDATADIR "/plots"};
  struct stat st;
  for (int i = 0; i < 3; i++) {
    if (!dirs[i] || !*dirs[i]) continue;
    snprintf(out, n, "%s/%s.gp", dirs[i], kind);
    if (stat(out, &st) == 0) return 1;
  }
  return 0;
}

static const char *terminal_for(const char *out) {
  const char *dot = strrchr(out, '.');
  if (!dot) return NULL;
  if (strcmp(dot, ".png") == 0) return "pngcairo size 1200,650 font 'DejaVu Sans,11' noenhanced";
  if (strcmp(dot, ".svg") == 0) return "svg size 1200,650 dynamic font 'DejaVu Sans,11' noenhanced";
  if (strcmp(dot, ".pdf") == 0) return "pdfcairo size 12in,6.5in font 'DejaVu Sans,10' noenhanced";
  return NULL;
}

/* Single quotes are gnuplot's literal strings; a quote inside is doubled. */
static void put_quoted(FILE *gp, const char *s) {
  fputc('\'', gp);
  for (; *s; s++) {
    if (*s == '\'') fputc('\'', gp);
    fputc(*s, gp);
  }
  fputc('\'', gp);
}

static int send_concurrency(FILE *gp, const char *h5, const sls_fn_row *rows, int n, char *err) {
  fprintf(gp, "$data << EOD\n");
  for (int i = 0; i < n; i++) {
    double *d = NULL;
    int nr = 0, nc = 0;
    if (sls_h5_read_timeseries(h5, rows[i].name, &d, &nr, &nc, err)) return SLS_EINPUT;
    fprintf(gp, "# %s: t_s concurrency_mean idle_mean provisioned_busy_mean concurrency_max throttles\n",
            rows[i].name);
    for (int k = 0; k < nr; k++) {
      const double *r = d + (size_t)k * (size_t)nc;
      fprintf(gp, "%.6g %.6g %.6g %.6g %.6g %.6g\n", r[0], r[1 + SLS_TS_CONC_MEAN], r[1 + SLS_TS_IDLE_MEAN],
              r[1 + SLS_TS_PC_BUSY_MEAN], r[1 + SLS_TS_CONC_MAX], r[1 + SLS_TS_THROTTLES]);
    }
    if (nr == 0) fprintf(gp, "0 0 0 0 0 0\n");
    fprintf(gp, i + 1 < n ? "\n\n" : "");
    free(d);
  }
  fprintf(gp, "EOD\n");
  return 0;
}

/* Every column of each entity's table in `group`, one datablock index per entity. */
static int send_tables(FILE *gp, const char *h5, const char *group, char (*names)[64], size_t stride, int n,
                       char *err) {
  fprintf(gp, "$data << EOD\n");
  for (int i = 0; i < n; i++) {
    const char *name = (const char *)names + (size_t)i * stride;
    double *d = NULL;
    int nr = 0, nc = 0;
    if (sls_h5_read_table(h5, group, name, &d, &nr, &nc, err)) return SLS_EINPUT;
    fprintf(gp, "# %s\n", name);
    for (int k = 0; k < nr; k++) {
      for (int c = 0; c < nc; c++)
        fprintf(gp, "%s%.6g", c ? " " : "", d[(size_t)k * (size_t)nc + (size_t)c]);
      fprintf(gp, "\n");
    }
    if (nr == 0) fprintf(gp, "0\n");
    fprintf(gp, i + 1 < n ? "\n\n" : "");
    free(d);
  }
  fprintf(gp, "EOD\n");
  return 0;
}

static int send_latency(FILE *gp, const char *h5, const sls_fn_row *rows, int n, char *err) {
  fprintf(gp, "$data << EOD\n");
  for (int i = 0; i < n; i++) {
    sls_hist h;
    if (sls_h5_read_latency(h5, rows[i].name, "latency", &h, err)) return SLS_EINPUT;
    fprintf(gp, "# %s: latency_ms cumulative_fraction\n", rows[i].name);
    uint64_t cum = 0;
    int any = 0;
    for (int b = 0; b < SLS_HIST_NBUCKETS; b++) {
      if (!sls_hist_count(&h, b)) continue;
      cum += sls_hist_count(&h, b);
      double hi = (double)(sls_hist_bucket_lo(b) + sls_hist_bucket_width(b)) / 1e6;
      fprintf(gp, "%.6g %.9g\n", hi, (double)cum / (double)h.n);
      any = 1;
    }
    if (!any) fprintf(gp, "1 0\n");
    fprintf(gp, i + 1 < n ? "\n\n" : "");
    sls_hist_destroy(&h);
  }
  fprintf(gp, "EOD\n");
  return 0;
}

int sls_plot(const char *h5, const char *kind, const char *out, char *err) {
  int k;
  for (k = 0; sls_plot_kinds[k] && strcmp(sls_plot_kinds[k], kind) != 0; k++) {
  }
  if (!sls_plot_kinds[k]) {
    sls_err(err, "--what %s: expected concurrency or latency", kind);
    return SLS_EINPUT;
  }
  const char *term = terminal_for(out);
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
  if (rc) return rc;
  free(lines);
  sls_h5_read_queues(h5, &qrows, &nq, &drows, &nd, err);
  /* the entities this kind draws: functions, queues with their mapping, or downstreams */
  int ne = k == 2 ? nq : k == 3 ? nd : n;
  if (ne == 0) {
    free(rows);
    free(qrows);
    free(drows);
    sls_err(err, "%s: no %s to plot", h5, k == 2 ? "queues" : k == 3 ? "downstreams" : "functions");
    return SLS_EINPUT;
  }
  char(*names)[64] = NULL; /* queue or downstream names, read through the rows' name field */
  size_t stride = 0;
  if (k == 2) {
    names = (char(*)[64])qrows->name;
    stride = sizeof *qrows;
  } else if (k == 3) {
    names = (char(*)[64])drows->name;
    stride = sizeof *drows;
  }
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld%s", out, (long)getpid(), strrchr(out, '.'));
  FILE *gp = popen(SLS_GNUPLOT, "w");
  if (!gp) {
    free(rows);
    free(qrows);
    free(drows);
    sls_err(err, "cannot start gnuplot (%s)", SLS_GNUPLOT);
    return SLS_EIO;
  }
  fprintf(gp, "set terminal %s\nset output ", term);
  put_quoted(gp, tmp);
  fprintf(gp, "\nnfn = %d\narray names[%d]\narray provisioned[%d]\narray hasmap[%d]\n", ne, ne, ne, ne);
  for (int i = 0; i < ne; i++) {
    fprintf(gp, "names[%d] = ", i + 1);
    put_quoted(gp, names ? (const char *)names + (size_t)i * stride : rows[i].name);
    fprintf(gp, "\nprovisioned[%d] = %lld\nhasmap[%d] = %d\n", i + 1,
            names ? 0LL : (long long)rows[i].provisioned, i + 1, k == 2 && qrows[i].mapping[0] != 0);
  }
  char title[512];
  snprintf(title, sizeof title, "%s (seed %llu, %.0f s simulated)", info.scenario,
           (unsigned long long)info.seed, info.duration_s);
  fprintf(gp, "title_text = ");
  put_quoted(gp, title);
  fprintf(gp, "\n");
  if (k == 0)
    rc = send_concurrency(gp, h5, rows, n, err);
  else if (k == 1)
    rc = send_latency(gp, h5, rows, n, err);
  else
    rc = send_tables(gp, h5, k == 2 ? "queue_timeseries" : "downstream_timeseries", names, stride, ne, err);
  free(qrows);
  free(drows);
  fprintf(gp, "load ");
  put_quoted(gp, tpl);
  fprintf(gp, "\nunset output\n");
  int st = pclose(gp);
  free(rows);
  if (rc) {
    remove(tmp);
    return rc;
  }
  if (st != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    remove(tmp);
    sls_err(err, "gnuplot failed drawing %s (exit status %d)", out, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return SLS_EIO;
  }
  if (rename(tmp, out) != 0) {
    remove(tmp);
    sls_err(err, "cannot write %s", out);
    return SLS_EIO;
  }
  return 0;
}

int sls_plot_sweep(const char *h5, const char *entity, const char *metric, const char *out, char *err) {
  const char *term = terminal_for(out);
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
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld%s", out, (long)getpid(), strrchr(out, '.'));
  FILE *gp = popen(SLS_GNUPLOT, "w");
  if (!gp) {
    free(ci);
    sls_study_free(&st);
    sls_err(err, "cannot start gnuplot (%s)", SLS_GNUPLOT);
    return SLS_EIO;
  }
  fprintf(gp, "set terminal %s\nset output ", term);
  put_quoted(gp, tmp);
  fprintf(gp, "\nnlines = %d\narray labels[%d]\nxkey = ", lines, lines);
  put_quoted(gp, st.vary_key[0]);
  fprintf(gp, "\nylabel_text = ");
  char yl[160];
  snprintf(yl, sizeof yl, "%s %s (mean, 95 %% CI, %d replications)", entity, metric, st.reps);
  put_quoted(gp, yl);
  fprintf(gp, "\n");
  for (int l = 0; l < lines; l++) {
    char lab[512] = "";
    for (int k = 1; k < st.n_vary; k++)
      snprintf(lab + strlen(lab), sizeof lab - strlen(lab), "%s%s=%s", k > 1 ? " " : "", st.vary_key[k],
               st.vary_value[l * st.n_vary + k]);
    fprintf(gp, "labels[%d] = ", l + 1);
    put_quoted(gp, st.n_vary > 1 ? lab : metric);
    fprintf(gp, "\n");
  }
  fprintf(gp, "$data << EOD\n");
  for (int l = 0; l < lines; l++) {
    for (int p = l; p < st.n_points; p += lines)
      for (int i = 0; i < n; i++)
        if (ci[i].point == p && !strcmp(ci[i].entity, entity) && !strcmp(ci[i].metric, metric))
          fprintf(gp, "%s %.10g %.10g\n", st.vary_value[p * st.n_vary], ci[i].mean, ci[i].half_width);
    fprintf(gp, "\n\n");
  }
  fprintf(gp, "EOD\nload ");
  put_quoted(gp, tpl);
  fprintf(gp, "\nunset output\n");
  int rc = pclose(gp);
  free(ci);
  sls_study_free(&st);
  if (rc != 0) {
    remove(tmp);
    sls_err(err, "gnuplot failed drawing %s", out);
    return SLS_EIO;
  }
  if (rename(tmp, out) != 0) {
    remove(tmp);
    sls_err(err, "cannot write %s", out);
    return SLS_EIO;
  }
  return 0;
}
