/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "io/trace.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/strmap.h"
#include "engine/text.h"
#include "engine/util.h"

#define MAX_COLS 2048
#define MAX_FN_NAME 100 /* characters of a trace's function name */

/* A CSV file read line by line; fields split in place on commas (these traces have no quotes). */
typedef struct csv {
  FILE *fp;
  const char *path;
  char *line;
  size_t cap;
  int lineno;
  int n;        /* fields in the current line */
  int too_wide; /* the line has more than MAX_COLS fields */
  int too_long; /* reading stopped at a line longer than MAX_LINE (the message is in err) */
  char *err;    /* the reader's message buffer */
  char *field[MAX_COLS];
} csv;

static int csv_open(csv *c, const char *path, char *err) {
  memset(c, 0, sizeof *c);
  c->path = path;
  c->err = err;
  c->fp = fopen(path, "r");
  struct stat st;
  if (!c->fp || fstat(fileno(c->fp), &st) != 0 || !S_ISREG(st.st_mode)) {
    /* a regular file: /dev/zero or a pipe would be read for ever */
    int e = errno;
    sls_err(err, "%s: cannot read: %s", path,
            !c->fp                ? strerror(e)
            : S_ISDIR(st.st_mode) ? "is a directory"
                                  : "not a regular file");
    if (c->fp) fclose(c->fp);
    c->fp = NULL;
    return SLS_EIO;
  }
  return 0;
}

/* Closes c; safe to call again (the error paths share one exit). */
static void csv_close(csv *c) {
  if (c->fp) fclose(c->fp);
  free(c->line);
  c->fp = NULL;
  c->line = NULL;
}

/* Longest line read: a row of the Azure 2019 trace (1,440 minutes) is ~6 KB. */
#define MAX_LINE (1 << 20)

/* Reads one line of at most MAX_LINE bytes into c->line; returns its length, -1 at the end, or
 * -2 when it is longer. */
static ssize_t read_line(csv *c) {
  size_t n = 0;
  int ch;
  while ((ch = getc(c->fp)) != EOF) {
    if (n + 2 > c->cap) {
      if (c->cap >= MAX_LINE) return -2;
      c->cap = c->cap ? c->cap * 2 : 256;
      c->line = sls_xrealloc(c->line, c->cap);
    }
    c->line[n++] = (char)ch;
    if (ch == '\n') break;
  }
  if (n == 0 && ch == EOF) return -1;
  c->line[n] = 0;
  return (ssize_t)n;
}

/* Next non-empty line; returns 1, 0 at the end, or -1 for a line too long (c->too_long). */
static int csv_next(csv *c) {
  for (;;) {
    ssize_t len = read_line(c);
    if (len == -2) {
      c->lineno++;
      c->too_long = 1;
      sls_err(c->err, "%s:%d: expected a line of at most %d bytes", c->path, c->lineno, MAX_LINE);
      return 0;
    }
    if (len < 0) return 0;
    c->lineno++;
    while (len > 0 && (c->line[len - 1] == '\n' || c->line[len - 1] == '\r'))
      c->line[--len] = 0;
    char *p = c->line;
    if (c->lineno == 1 && len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte-order mark */
      p += 3;
      len -= 3;
    }
    if (len == 0) continue;
    c->n = 0;
    c->too_wide = 0;
    for (;;) {
      if (c->n < MAX_COLS)
        c->field[c->n++] = p;
      else
        c->too_wide = 1;
      char *comma = strchr(p, ',');
      if (!comma) break;
      *comma = 0;
      p = comma + 1;
    }
    return 1;
  }
}

static int col(const csv *c, const char *name) {
  for (int i = 0; i < c->n; i++)
    if (strcmp(c->field[i], name) == 0) return i;
  return -1;
}

/* A line must have the header's columns (want), no fewer and no more. */
static int need_cols(csv *c, char *err, int want) {
  if (c->n == want && !c->too_wide) return 0;
  if (c->too_wide)
    sls_err(err, "%s:%d: expected %d columns, got more than %d", c->path, c->lineno, want, MAX_COLS);
  else
    sls_err(err, "%s:%d: expected %d columns, got %d", c->path, c->lineno, want, c->n);
  return SLS_EINPUT;
}

/* Times and durations a trace may give: beyond ~31.7 years they are not a trace's, and 2^63 ns
 * (292 years) is where sls_time ends. */
#define MAX_TRACE_S 1e9

/* A function name from column i: it becomes part of a simulated function's name (io/text.h),
 * so it holds the same characters. */
static int parse_fn_name(csv *c, int i, const char *name, char *err) {
  const char *v = c->field[i];
  size_t n = strlen(v);
  int ok = n > 0 && n <= MAX_FN_NAME;
  for (size_t k = 0; ok && k < n; k++)
    ok = sls_name_char((unsigned char)v[k]);
  if (ok) return 0;
  sls_err(err,
          "%s:%d: column %s: expected a function name of 1..%d letters, digits, '-', '_' or '.', got '%s'",
          c->path, c->lineno, name, MAX_FN_NAME, v);
  return SLS_EINPUT;
}

/* A number in 0..max from column i. */
static int parse_num(csv *c, int i, const char *name, double max, double *out, char *err) {
  char *end;
  errno = 0;
  double v = strtod(c->field[i], &end);
  if (!*c->field[i] || *end || errno || !isfinite(v) || v < 0) {
    sls_err(err, "%s:%d: column %s: expected a non-negative number, got '%s'", c->path, c->lineno, name,
            c->field[i]);
    return SLS_EINPUT;
  }
  if (v > max) {
    sls_err(err, "%s:%d: column %s: expected at most %g, got '%s'", c->path, c->lineno, name, max,
            c->field[i]);
    return SLS_EINPUT;
  }
  *out = v;
  return 0;
}

static int parse_count(csv *c, int i, const char *name, uint32_t *out, char *err) {
  char *end;
  errno = 0;
  long long v = strtoll(c->field[i], &end, 10);
  if (!*c->field[i] || *end || errno || v < 0 || v > UINT32_MAX) {
    sls_err(err, "%s:%d: column %s: expected a non-negative integer, got '%s'", c->path, c->lineno, name,
            c->field[i]);
    return SLS_EINPUT;
  }
  *out = (uint32_t)v;
  return 0;
}

static sls_trace_fn *add_fn(sls_trace *tr, int *cap) {
  if (tr->n == *cap) {
    *cap = *cap ? *cap * 2 : 64;
    tr->fns = sls_xrealloc(tr->fns, (size_t)*cap * sizeof *tr->fns);
  }
  sls_trace_fn *f = &tr->fns[tr->n++];
  memset(f, 0, sizeof *f);
  return f;
}

/* Functions sorted by name, for lookups (names are unique within a trace). */
static int by_name(const void *a, const void *b) {
  return strcmp(((const sls_trace_fn *)a)->name, ((const sls_trace_fn *)b)->name);
}

static sls_trace_fn *find(sls_trace *tr, const char *name) {
  if (tr->n == 0) return NULL;
  sls_trace_fn key = {.name = (char *)name};
  return bsearch(&key, tr->fns, (size_t)tr->n, sizeof *tr->fns, by_name);
}

/* A function by its app, for the memory file's per-app rows. */
typedef struct app_ix {
  const char *app;
  sls_trace_fn *fn;
} app_ix;

static int by_app(const void *a, const void *b) {
  const app_ix *x = a, *y = b;
  int c = strcmp(x->app, y->app);
  return c ? c : (x->fn > y->fn) - (x->fn < y->fn);
}

/* A header must have these columns; returns their indices. */
static int header(csv *c, const char *const *names, int n, int *idx, char *err) {
  if (!csv_next(c)) {
    if (!c->too_long) sls_err(err, "%s: empty file, expected a header line", c->path);
    return SLS_EINPUT;
  }
  for (int i = 0; i < n; i++) {
    idx[i] = col(c, names[i]);
    if (idx[i] < 0) {
      sls_err(err, "%s:%d: header: expected a column %s", c->path, c->lineno, names[i]);
      return SLS_EINPUT;
    }
  }
  return 0;
}

int sls_trace_read_azure2019(const char *invocations, const char *durations, const char *memory,
                             sls_trace *tr, char *err) {
  memset(tr, 0, sizeof *tr);
  csv c;
  int rc = csv_open(&c, invocations, err), cap = 0;
  app_ix *apps = NULL;
  if (rc) return rc;
  /* HashFunction and the minute columns (integer headers, consecutive) are needed; HashOwner,
   * HashApp and Trigger are kept when present (the In-Vitro samples drop some of them). */
  if (!csv_next(&c)) {
    if (!c.too_long) sls_err(err, "%s: empty file, expected a header line", c.path);
    rc = SLS_EINPUT;
    goto out;
  }
  int ic[4] = {col(&c, "HashOwner"), col(&c, "HashApp"), col(&c, "HashFunction"), col(&c, "Trigger")};
  if (ic[2] < 0) {
    sls_err(err, "%s:%d: header: expected a column HashFunction", c.path, c.lineno);
    rc = SLS_EINPUT;
    goto out;
  }
  tr->has_app = ic[1] >= 0;
  tr->has_trigger = ic[3] >= 0;
  int first = -1, minutes = 0;
  for (int i = 0; i < c.n; i++) {
    const char *h = c.field[i];
    if (!*h || strspn(h, "0123456789") != strlen(h) || strlen(h) > 7) continue;
    if (first < 0) first = i;
    if (i != first + minutes || atoi(h) != atoi(c.field[first]) + minutes) {
      sls_err(err, "%s:%d: header: expected consecutive minute columns (%d, %d, ...), got '%s' at column %d",
              c.path, c.lineno, atoi(c.field[first]), atoi(c.field[first]) + 1, h, i + 1);
      rc = SLS_EINPUT;
      goto out;
    }
    minutes++;
  }
  if (minutes < 1) {
    sls_err(err, "%s:%d: header: expected minute columns (1, 2, ...) after HashFunction", c.path, c.lineno);
    rc = SLS_EINPUT;
    goto out;
  }
  tr->first_minute = atoi(c.field[first]);
  int width = c.n;
  while (csv_next(&c)) {
    if ((rc = need_cols(&c, err, width)) || (rc = parse_fn_name(&c, ic[2], "HashFunction", err))) goto out;
    sls_trace_fn *f = add_fn(tr, &cap);
    f->name = sls_xstrdup(c.field[ic[2]]);
    f->app = sls_xstrdup(ic[1] >= 0 ? c.field[ic[1]] : "");
    f->trigger = sls_xstrdup(ic[3] >= 0 ? c.field[ic[3]] : "");
    f->n_minutes = minutes;
    f->counts = sls_xmalloc((size_t)minutes * sizeof *f->counts);
    for (int m = 0; m < minutes; m++) {
      char colname[32];
      snprintf(colname, sizeof colname, "minute %d", tr->first_minute + m);
      if ((rc = parse_count(&c, first + m, colname, &f->counts[m], err))) goto out;
      f->total += f->counts[m];
    }
  }
  if (!rc && c.too_long) rc = SLS_EINPUT;
  if (rc) goto out;
  csv_close(&c);
  if (tr->n) qsort(tr->fns, (size_t)tr->n, sizeof *tr->fns, by_name);
  for (int i = 1; i < tr->n; i++)
    if (strcmp(tr->fns[i].name, tr->fns[i - 1].name) == 0) {
      sls_err(err, "%s: function %s appears twice", invocations, tr->fns[i].name);
      rc = SLS_EINPUT;
      goto out;
    }
  if (durations) {
    if ((rc = csv_open(&c, durations, err))) goto out;
    static const char *const dcols[] = {
        "HashFunction",          "percentile_Average_0",  "percentile_Average_1",  "percentile_Average_25",
        "percentile_Average_50", "percentile_Average_75", "percentile_Average_99", "percentile_Average_100"};
    int dc[8];
    if ((rc = header(&c, dcols, 8, dc, err))) goto out;
    int avg_c = col(&c, "Average"), max_c = col(&c, "Maximum"); /* of every execution: kept when given */
    int width_d = c.n;
    while (csv_next(&c)) {
      if ((rc = need_cols(&c, err, width_d))) goto out;
      sls_trace_fn *f = find(tr, c.field[dc[0]]);
      if (!f) continue; /* durations of functions not in the invocations file */
      for (int k = 0; k < 7; k++)
        if ((rc = parse_num(&c, dc[k + 1], dcols[k + 1], MAX_TRACE_S * 1e3, &f->pct_ms[k], err))) goto out;
      for (int k = 1; k < 7; k++)
        if (f->pct_ms[k] < f->pct_ms[k - 1]) {
          sls_err(err, "%s:%d: percentiles: expected non-decreasing values", c.path, c.lineno);
          rc = SLS_EINPUT;
          goto out;
        }
      f->has_pct = 1;
      if (avg_c >= 0) {
        if ((rc = parse_num(&c, avg_c, "Average", MAX_TRACE_S * 1e3, &f->avg_ms, err))) goto out;
        f->has_avg = 1;
      }
      f->max_ms = f->pct_ms[6];
      if (max_c >= 0 && (rc = parse_num(&c, max_c, "Maximum", MAX_TRACE_S * 1e3, &f->max_ms, err))) goto out;
    }
    if (!rc && c.too_long) rc = SLS_EINPUT;
    if (rc) goto out;
    csv_close(&c);
  }
  if (memory) {
    if ((rc = csv_open(&c, memory, err))) goto out;
    if (!csv_next(&c)) {
      if (!c.too_long) sls_err(err, "%s: empty file, expected a header line", memory);
      rc = SLS_EINPUT;
      goto out;
    }
    int fc = col(&c, "HashFunction"), ac = col(&c, "HashApp"), mc = col(&c, "AverageAllocatedMb");
    if (mc < 0 || (fc < 0 && ac < 0)) {
      sls_err(err, "%s:%d: header: expected AverageAllocatedMb and HashFunction or HashApp", c.path,
              c.lineno);
      rc = SLS_EINPUT;
      goto out;
    }
    if (fc < 0 && !tr->has_app) {
      sls_err(err, "%s:%d: header: memory per HashApp, but the invocations file has no HashApp column",
              c.path, c.lineno);
      rc = SLS_EINPUT;
      goto out;
    }
    if (fc < 0) { /* per app: the functions sorted by app */
      apps = sls_xcalloc((size_t)tr->n + 1, sizeof *apps);
      for (int i = 0; i < tr->n; i++)
        apps[i] = (app_ix){tr->fns[i].app, &tr->fns[i]};
      if (tr->n) qsort(apps, (size_t)tr->n, sizeof *apps, by_app);
    }
    int width_m = c.n;
    while (csv_next(&c)) {
      if ((rc = need_cols(&c, err, width_m))) goto out;
      double mb;
      if ((rc = parse_num(&c, mc, "AverageAllocatedMb", 1e9, &mb, err))) goto out;
      if (fc >= 0) {
        sls_trace_fn *f = find(tr, c.field[fc]);
        if (f) f->memory_mb = mb;
        continue;
      }
      int lo = 0, hi = tr->n; /* the first function of the app, then its others */
      while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (strcmp(apps[mid].app, c.field[ac]) < 0)
          lo = mid + 1;
        else
          hi = mid;
      }
      for (int i = lo; i < tr->n && !strcmp(apps[i].app, c.field[ac]); i++)
        apps[i].fn->memory_mb = mb;
    }
    if (!rc && c.too_long) rc = SLS_EINPUT;
    if (rc) goto out;
  }
out:
  csv_close(&c);
  free(apps);
  if (rc) sls_trace_free(tr);
  return rc;
}

typedef struct inv {
  int fn;
  sls_time start, dur;
} inv;

static int by_fn_time(const void *a, const void *b) {
  const inv *x = a, *y = b;
  if (x->fn != y->fn) return x->fn - y->fn;
  return (x->start > y->start) - (x->start < y->start);
}

int sls_trace_read_invocations(const char *file, int azure2021, sls_trace *tr, char *err) {
  memset(tr, 0, sizeof *tr);
  csv c;
  int rc = csv_open(&c, file, err), cap = 0;
  if (rc) return rc;
  int fcol, tcol, dcol, acol = -1;
  if (azure2021) {
    static const char *const cols[] = {"app", "func", "end_timestamp", "duration"};
    int ix[4];
    if ((rc = header(&c, cols, 4, ix, err))) goto out;
    acol = ix[0], fcol = ix[1], tcol = ix[2], dcol = ix[3];
  } else {
    static const char *const cols[] = {"function", "t_s"};
    int ix[2];
    if ((rc = header(&c, cols, 2, ix, err))) goto out;
    fcol = ix[0], tcol = ix[1], dcol = col(&c, "duration_ms");
  }
  int width = c.n;
  size_t n = 0, ncap = 1024;
  inv *rows = sls_xmalloc(ncap * sizeof *rows);
  /* names are interned through a hash map (its keys are the functions' own copies, which
   * outlive it; tr->fns moves as it grows, the copies do not) */
  sls_strmap ix;
  sls_strmap_init(&ix, 1024);
  const char *fcol_name = azure2021 ? "func" : "function";
  while (csv_next(&c)) {
    if ((rc = need_cols(&c, err, width))) break;
    double t, d = -1;
    /* Azure 2021 gives seconds for both; the plain format milliseconds for the duration */
    if ((rc = parse_num(&c, tcol, azure2021 ? "end_timestamp" : "t_s", MAX_TRACE_S, &t, err))) break;
    if (dcol >= 0 && (rc = parse_num(&c, dcol, azure2021 ? "duration" : "duration_ms",
                                     azure2021 ? MAX_TRACE_S : MAX_TRACE_S * 1e3, &d, err)))
      break;
    if ((rc = parse_fn_name(&c, fcol, fcol_name, err))) break;
    const char *name = c.field[fcol];
    int fi = sls_strmap_get(&ix, name);
    if (fi < 0) {
      sls_trace_fn *f = add_fn(tr, &cap);
      f->name = sls_xstrdup(name);
      f->app = sls_xstrdup(acol >= 0 ? c.field[acol] : "");
      f->trigger = sls_xstrdup("");
      fi = tr->n - 1;
      sls_strmap_put(&ix, f->name, fi);
    }
    if (n == ncap) rows = sls_xrealloc(rows, (ncap *= 2) * sizeof *rows);
    /* Azure 2021 records the end: the invocation started `duration` earlier */
    double start_s = azure2021 ? t - d : t;
    if (start_s < 0) start_s = 0;
    rows[n].fn = fi;
    rows[n].start = (sls_time)llround(start_s * 1e9);
    rows[n].dur = d < 0 ? -1 : (sls_time)llround(azure2021 ? d * 1e9 : d * 1e6);
    n++;
  }
  if (!rc && c.too_long) rc = SLS_EINPUT;
  sls_strmap_destroy(&ix);
  if (!rc && n) {
    qsort(rows, n, sizeof *rows, by_fn_time);
    for (size_t i = 0; i < n;) {
      size_t j = i;
      while (j < n && rows[j].fn == rows[i].fn)
        j++;
      sls_trace_fn *f = &tr->fns[rows[i].fn];
      f->n = (int64_t)(j - i);
      f->total = f->n;
      f->times = sls_xmalloc((size_t)f->n * sizeof *f->times);
      f->durations = dcol >= 0 ? sls_xmalloc((size_t)f->n * sizeof *f->durations) : NULL;
      for (size_t k = i; k < j; k++) {
        f->times[k - i] = rows[k].start;
        if (f->durations) f->durations[k - i] = rows[k].dur;
      }
      i = j;
    }
  }
  free(rows);
out:
  csv_close(&c);
  if (rc) sls_trace_free(tr);
  return rc;
}

void sls_trace_free(sls_trace *tr) {
  for (int i = 0; i < tr->n; i++) {
    free(tr->fns[i].name);
    free(tr->fns[i].app);
    free(tr->fns[i].trigger);
    free(tr->fns[i].counts);
    free(tr->fns[i].times);
    free(tr->fns[i].durations);
  }
  free(tr->fns);
  memset(tr, 0, sizeof *tr);
}

int sls_trace_read_rates(const char *file, sls_time **times, double **rates, int *n, char *err) {
  csv c;
  int rc = csv_open(&c, file, err), cap = 0;
  *times = NULL;
  *rates = NULL;
  *n = 0;
  if (rc) return rc;
  static const char *const cols[] = {"t_s", "rate_per_s"};
  int ix[2];
  if ((rc = header(&c, cols, 2, ix, err))) goto out;
  int width = c.n;
  while (csv_next(&c)) {
    double t, r;
    if ((rc = need_cols(&c, err, width)) || (rc = parse_num(&c, ix[0], "t_s", MAX_TRACE_S, &t, err)) ||
        (rc = parse_num(&c, ix[1], "rate_per_s", 1e9, &r, err)))
      break;
    if ((*n == 0 && t != 0) || (*n > 0 && (sls_time)llround(t * 1e9) <= (*times)[*n - 1])) {
      sls_err(err, "%s:%d: column t_s: expected times increasing from 0, got %g", c.path, c.lineno, t);
      rc = SLS_EINPUT;
      break;
    }
    if (*n == cap) {
      cap = cap ? cap * 2 : 64;
      *times = sls_xrealloc(*times, (size_t)cap * sizeof **times);
      *rates = sls_xrealloc(*rates, (size_t)cap * sizeof **rates);
    }
    (*times)[*n] = (sls_time)llround(t * 1e9);
    (*rates)[*n] = r;
    (*n)++;
  }
  if (!rc && c.too_long) rc = SLS_EINPUT;
  if (!rc && *n == 0) {
    sls_err(err, "%s: no rates after the header", file);
    rc = SLS_EINPUT;
  }
out:
  csv_close(&c);
  if (rc) {
    free(*times);
    free(*rates);
    *times = NULL;
    *rates = NULL;
    *n = 0;
  }
  return rc;
}
