/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Trace replay: the Azure 2019 per-minute counts reproduced exactly, minute by minute; Azure
 * 2021 and plain CSV invocations replayed at their start times with their recorded durations;
 * the filters; malformed lines rejected with file and line.
 */
#include <strings.h>

#include "model/queue.h"
#include "testutil.h"

static char data[4096];

static const char *data_dir(void) {
  const char *top = getenv("TOP_SRCDIR");
  ck_assert_ptr_nonnull(top);
  snprintf(data, sizeof data, "%s/tests/data", top);
  return data;
}

/* A scenario whose only functions come from one trace block (extra: more keys of the block). */
static sls_world *replay(const char *block, sls_scenario *sc, const char *duration) {
  char text[8192];
  snprintf(text, sizeof text,
           "duration_s = %s; sample_interval_s = 60.0;\n"
           "functions = ( { name = \"other\"; duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
           "sources = ();\n"
           "traces = ( { name = \"t\"; %s\n"
           "  function = { " RT_ZERO " keep_alive_h = 100.0; max_lifetime_s = 0.0; }; } );\n",
           duration, block);
  return run_text(text, sc, 9);
}

/* The Azure 2019 invocations file as this test reads it, from its text: per row the HashApp,
 * the HashFunction, the Trigger and the per-minute counts in column order (the reader's minute 0
 * is the first minute column, whatever its label). */
enum { MAXROWS = 64, MAXMIN = 64 };
typedef struct {
  char app[80], hash[80], trigger[16];
  long counts[MAXMIN];
  int minutes;
} csv_row;

static int read_2019(csv_row *rows) {
  char path[4200], line[8192];
  snprintf(path, sizeof path, "%s/azure2019_invocations.csv", data_dir());
  FILE *fp = fopen(path, "r");
  ck_assert_ptr_nonnull(fp);
  ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
  ck_assert_msg(strncmp(line, "HashOwner,HashApp,HashFunction,Trigger,", 39) == 0, "header %.60s", line);
  int n = 0;
  while (fgets(line, sizeof line, fp)) {
    ck_assert_int_lt(n, MAXROWS);
    csv_row *r = &rows[n++];
    memset(r, 0, sizeof *r);
    int col = 0;
    for (char *save = NULL, *f = strtok_r(line, ",\n", &save); f; f = strtok_r(NULL, ",\n", &save), col++) {
      if (col == 1) snprintf(r->app, sizeof r->app, "%s", f);
      if (col == 2) snprintf(r->hash, sizeof r->hash, "%s", f);
      if (col == 3) snprintf(r->trigger, sizeof r->trigger, "%s", f);
      if (col >= 4) {
        ck_assert_int_lt(col - 4, MAXMIN);
        r->counts[col - 4] = atol(f);
        r->minutes = col - 3;
      }
    }
  }
  fclose(fp);
  return n;
}

static long row_total(const csv_row *r, int from, int to) {
  long t = 0;
  for (int m = from; m < to && m < r->minutes; m++)
    t += r->counts[m];
  return t;
}

/* The row a trace function came from: its name is "t-" and a prefix of the row's hash. */
static const csv_row *row_of(const csv_row *rows, int n, const char *name) {
  const csv_row *hit = NULL;
  ck_assert_msg(strncmp(name, "t-", 2) == 0, "%s", name);
  for (int i = 0; i < n; i++)
    if (strncmp(rows[i].hash, name + 2, strlen(name + 2)) == 0) {
      ck_assert_msg(hit == NULL, "%s names two rows", name);
      hit = &rows[i];
    }
  ck_assert_msg(hit != NULL, "%s: no row of the file", name);
  return hit;
}

/* Every function of the world that came from the trace has the file's count in each minute
 * [from, from + minutes) of the file as its requests in minute 0, 1, ... of the run; returns how
 * many there are. */
static int replays_rows(const sls_world *w, const csv_row *rows, int n, int from, int minutes) {
  int checked = 0;
  for (int i = 0; i < w->n_functions; i++) {
    const sls_function *f = &w->functions[i];
    if (!f->spec->from_trace) continue;
    const csv_row *r = row_of(rows, n, f->spec->name);
    for (int m = 0; m < minutes; m++)
      ck_assert_msg(sls_series_get(f->ts, (size_t)m)[SLS_TS_REQUESTS] == (double)r->counts[from + m],
                    "%s minute %d: %g requests, the file says %ld", f->spec->name, m,
                    sls_series_get(f->ts, (size_t)m)[SLS_TS_REQUESTS], r->counts[from + m]);
    ck_assert_uint_eq(f->st.requests, (uint64_t)row_total(r, from, from + minutes));
    checked++;
  }
  return checked;
}

START_TEST(azure2019_counts_are_reproduced_minute_by_minute) {
  const char *dir = data_dir();
  csv_row rows[MAXROWS];
  int n = read_2019(rows), active = 0;
  for (int i = 0; i < n; i++)
    active += row_total(&rows[i], 0, 60) > 0;
  ck_assert_int_eq(n, 20);
  ck_assert_int_eq(active, 18); /* 2 of the 20 rows have no invocation in these minutes */
  const char *placement[] = {"uniform", "equidistant"};
  for (int p = 0; p < 2; p++) {
    char block[4096];
    snprintf(block, sizeof block,
             "format = \"azure2019\"; placement = \"%s\"; invocations = \"%s/azure2019_invocations.csv\";"
             " durations = \"%s/azure2019_durations.csv\"; memory = \"%s/azure2019_memory.csv\";",
             placement[p], dir, dir, dir);
    sls_scenario sc;
    sls_world *w = replay(block, &sc, "3600.0");
    ck_assert_int_eq(sc.traces[0].n_functions, active);
    ck_assert_int_eq(w->n_sources, active);
    ck_assert_int_eq(replays_rows(w, rows, n, 0, 60), active);
    /* durations from the durations file: each function's percentile table (0, 1, 25, 50, 75,
     * 99, 100 %, in ms) is its empirical distribution's quantiles, read here from the text */
    char path[4200], line[2048];
    snprintf(path, sizeof path, "%s/azure2019_durations.csv", dir);
    FILE *fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
    ck_assert_msg(strstr(line, "percentile_Average_0,percentile_Average_1,percentile_Average_25,"
                               "percentile_Average_50,percentile_Average_75,percentile_Average_99,"
                               "percentile_Average_100") != NULL,
                  "durations header: %s", line);
    const double q[] = {0, 0.01, 0.25, 0.5, 0.75, 0.99, 1.0};
    int matched = 0, kept_all = 0;
    while (fgets(line, sizeof line, fp)) {
      char *f[16];
      int k = 0;
      for (char *save = NULL, *x = strtok_r(line, ",\n", &save); x && k < 16;
           x = strtok_r(NULL, ",\n", &save))
        f[k++] = x;
      ck_assert_int_eq(k, 14);
      for (int i = 0; i < sc.n_functions; i++) {
        const char *nm = sc.functions[i].name;
        if (strncmp(nm, "t-", 2) || strncmp(f[2], nm + 2, strlen(nm + 2))) continue;
        const sls_dist *d = &sc.functions[i].duration;
        ck_assert_int_eq(d->kind, SLS_DIST_EMPIRICAL);
        /* the mean is the file's Average; the table's own mean (linear between its points) is
         * the flat part below the median plus the rest; what is kept follows from the numbers */
        double v[7], avg = atof(f[3]);
        for (int j = 0; j < 7; j++)
          v[j] = atof(f[7 + j]);
        double low = 0.01 * (v[0] + v[1]) / 2 + 0.24 * (v[1] + v[2]) / 2 + 0.25 * (v[2] + v[3]) / 2;
        double mean = low + 0.24 * (v[3] + v[4]) / 2 + 0.24 * (v[4] + v[5]) / 2 + 0.01 * (v[5] + v[6]) / 2;
        ck_assert_msg(fabs(sls_dist_mean(d) / 1e6 - avg) <= 1e-9 * avg + 1e-12, "%s: mean %g ms, Average %g",
                      nm, sls_dist_mean(d) / 1e6, avg);
        int keep = fabs(mean - avg) <= 1e-9 * avg ? 7 /* as written */
                   : low + 0.49 * v[3] <= avg     ? 4 /* at least p0..p50 */
                                                  : 0;
        kept_all += keep == 7;
        for (int j = 0; j < keep; j++)
          ck_assert_msg(sls_dist_quantile(d, q[j]) == v[j] * 1e6,
                        "%s: quantile %g is %g ns, the file says %g ms", nm, q[j], sls_dist_quantile(d, q[j]),
                        v[j]);
        matched++;
      }
    }
    fclose(fp);
    ck_assert_int_ge(matched, active / 2); /* the durations file covers most of the functions */
    ck_assert_int_lt(kept_all, matched);   /* some tables had to be fitted */
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* A source keeps only the minutes the run can reach: a run of 120 s keeps the file's first 2 (and
 * replays them exactly), one of 90 s keeps 2 as well (its second minute is cut at 90 s), not the
 * file's 60. */
START_TEST(a_trace_keeps_only_the_minutes_the_run_reaches) {
  const char *dir = data_dir();
  csv_row rows[MAXROWS];
  int n = read_2019(rows);
  ck_assert_int_ge(rows[0].minutes, 60);
  char block[4096];
  snprintf(block, sizeof block, "format = \"azure2019\"; invocations = \"%s/azure2019_invocations.csv\";",
           dir);
  const char *durations[] = {"120.0", "90.0"};
  for (int k = 0; k < 2; k++) {
    sls_scenario sc;
    sls_world *w = replay(block, &sc, durations[k]);
    ck_assert_int_gt(sc.n_sources, 0);
    for (int i = 0; i < sc.n_sources; i++)
      ck_assert_int_eq(sc.sources[i].n_minutes, 2);
    if (k == 0) ck_assert_int_eq(replays_rows(w, rows, n, 0, 2), sc.n_sources);
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

/* The memory of each trace function: the memory file's AverageAllocatedMb rounded up to at least
 * 128 MB — unless the template sets memory_mb, which then applies to all. */
START_TEST(memory_from_the_trace_unless_the_template_sets_it) {
  const char *dir = data_dir();
  char path[4200], line[2048];
  snprintf(path, sizeof path, "%s/azure2019_memory.csv", dir);
  char hash[64][16];
  double mb[64];
  int n = 0;
  FILE *fp = fopen(path, "r");
  ck_assert_ptr_nonnull(fp);
  ck_assert_ptr_nonnull(fgets(
      line, sizeof line, fp)); /* header: HashFunction,HashOwner,HashApp,SampleCount,AverageAllocatedMb,... */
  while (n < 64 && fgets(line, sizeof line, fp)) {
    char *f[6];
    int k = 0;
    for (char *p = strtok(line, ","); p && k < 6; p = strtok(NULL, ","))
      f[k++] = p;
    ck_assert_int_ge(k, 5);
    snprintf(hash[n], sizeof hash[n], "t-%.12s", f[0]);
    mb[n++] = atof(f[4]);
  }
  fclose(fp);
  for (int tmpl = 0; tmpl < 2; tmpl++) {
    char text[8192];
    snprintf(
        text, sizeof text,
        "duration_s = 600.0; sample_interval_s = 0.0;\n"
        "functions = ( { name = \"other\"; duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
        "sources = ();\n"
        "traces = ( { name = \"t\"; format = \"azure2019\"; invocations = \"%s/azure2019_invocations.csv\";"
        " memory = \"%s/azure2019_memory.csv\"; function = { %s }; } );\n",
        dir, dir, tmpl ? "memory_mb = 1024;" : "");
    sls_scenario sc;
    char err[SLS_ERRLEN] = "";
    ck_assert_msg(load_text(text, &sc, err) == 0, "%s", err);
    int matched = 0;
    for (int i = 0; i < sc.n_functions; i++)
      for (int k = 0; k < n; k++)
        if (!strcmp(sc.functions[i].name, hash[k])) {
          double want = tmpl ? 1024 : (ceil(mb[k]) < 128 ? 128 : ceil(mb[k]));
          ck_assert_msg(sc.functions[i].memory_mb == (int)want, "%s: %d MB, want %g", hash[k],
                        sc.functions[i].memory_mb, want);
          matched++;
        }
    ck_assert_int_eq(matched, 18);
    sls_scenario_free(&sc);
  }
}
END_TEST

static const csv_row *by_window_total_rows;
static int by_window_total(const void *a, const void *b) {
  const csv_row *x = &by_window_total_rows[*(const int *)a], *y = &by_window_total_rows[*(const int *)b];
  long tx = row_total(x, 10, 20), ty = row_total(y, 10, 20);
  if (tx != ty) return tx < ty ? 1 : -1;
  return strcmp(x->hash, y->hash);
}

/* The filters against the file's text: the window keeps minutes [10, 20) of the file and shifts
 * them to 0; top = 5 keeps the five rows with most invocations in the window (ties by name);
 * trigger keeps the rows of that trigger (any case); app the rows whose HashApp begins so. */
START_TEST(filters_and_windows) {
  const char *dir = data_dir();
  csv_row rows[MAXROWS];
  int n = read_2019(rows);
  char block[4096];
  snprintf(block, sizeof block,
           "format = \"azure2019\"; invocations = \"%s/azure2019_invocations.csv\"; top = 5;"
           " window_start_min = 10.0; window_end_min = 20.0;",
           dir);
  sls_scenario sc;
  sls_world *w = replay(block, &sc, "600.0");
  int order[MAXROWS], nz = 0;
  for (int i = 0; i < n; i++)
    if (row_total(&rows[i], 10, 20) > 0) order[nz++] = i;
  by_window_total_rows = rows;
  qsort(order, (size_t)nz, sizeof *order, by_window_total);
  ck_assert_int_ge(nz, 6); /* so that top = 5 leaves some out */
  ck_assert_int_eq(replays_rows(w, rows, n, 10, 10), 5);
  for (int i = 0; i < w->n_functions; i++)
    if (w->functions[i].spec->from_trace) {
      const csv_row *r = row_of(rows, n, w->functions[i].spec->name);
      int rank = 0;
      while (rank < nz && &rows[order[rank]] != r)
        rank++;
      ck_assert_msg(rank < 5, "%s is not among the top 5 of the window (rank %d)", w->functions[i].spec->name,
                    rank + 1);
      ck_assert_int_eq(w->sources[0].spec->n_minutes, 10);
    }
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* the window alone keeps every row with invocations in minutes [12, 21) and no other, and
   * replays those nine minutes: the end is excluded, so the rows active in minute 21 and not
   * before are left out (the file has 3), and the others' minute 21 is not replayed */
  snprintf(block, sizeof block,
           "format = \"azure2019\"; invocations = \"%s/azure2019_invocations.csv\";"
           " window_start_min = 12.0; window_end_min = 21.0;",
           dir);
  w = replay(block, &sc, "600.0");
  int in_window = 0, only_after = 0;
  for (int i = 0; i < n; i++) {
    in_window += row_total(&rows[i], 12, 21) > 0;
    only_after += row_total(&rows[i], 12, 21) == 0 && row_total(&rows[i], 21, 22) > 0;
  }
  ck_assert_int_gt(only_after, 0); /* the file has rows the end leaves out */
  ck_assert_int_eq(w->n_sources, in_window);
  ck_assert_int_eq(replays_rows(w, rows, n, 12, 9), in_window);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* trigger and app filters: exactly the rows the file says, replayed minute by minute */
  const char *filters[] = {"trigger = \"HTTP\";", "trigger = \"timer\";", "app = \"fc666de9d895\";"};
  for (int k = 0; k < 3; k++) {
    int want = 0;
    for (int i = 0; i < n; i++) {
      int pass = k == 0   ? !strcasecmp(rows[i].trigger, "http")
                 : k == 1 ? !strcmp(rows[i].trigger, "timer")
                          : !strncmp(rows[i].app, "fc666de9d895", 12);
      want += pass && row_total(&rows[i], 0, rows[i].minutes) > 0; /* active anywhere in the file */
    }
    ck_assert_int_gt(want, 0);
    snprintf(block, sizeof block,
             "format = \"azure2019\"; invocations = \"%s/azure2019_invocations.csv\"; %s", dir, filters[k]);
    w = replay(block, &sc, "600.0");
    ck_assert_int_eq(w->n_sources, want);
    ck_assert_int_eq(replays_rows(w, rows, n, 0, 10), want);
    for (int i = 0; i < w->n_functions; i++)
      if (w->functions[i].spec->from_trace) {
        const csv_row *r = row_of(rows, n, w->functions[i].spec->name);
        ck_assert(k == 2 ? !strncmp(r->app, "fc666de9d895", 12)
                         : !strcasecmp(r->trigger, k ? "timer" : "http"));
      }
    sls_world_free(w);
    sls_scenario_free(&sc);
  }
}
END_TEST

START_TEST(per_invocation_traces_replay_times_and_durations) {
  const char *dir = data_dir();
  char block[4096], path[4200];
  /* plain CSV: resize at 1.0, 2.5, 2.6 s (120.5, 80, 95.25 ms), thumb at 0.5 and 30 s (300, 310 ms):
   * with no INIT and no memory scaling the bill is the recorded durations rounded up to 1 ms */
  snprintf(block, sizeof block, "format = \"csv\"; file = \"%s/plain.csv\";", dir);
  sls_scenario sc;
  sls_world *w = replay(block, &sc, "60.0");
  ck_assert_int_eq(w->n_sources, 2);
  for (int i = 0; i < w->n_functions; i++) {
    const sls_function *f = &w->functions[i];
    if (!strcmp(f->spec->name, "t-resize")) {
      ck_assert_uint_eq(f->st.requests, 3);
      ck_assert_uint_eq(f->st.billed_ms, 121 + 80 + 96);
      ck_assert_int_eq(f->st.latency.max, 120500000);
      ck_assert_uint_eq(f->st.cold_starts, 1); /* 2.5 s (80 ms) ends at 2.58 s, before 2.6 s: all reuse */
    } else if (!strcmp(f->spec->name, "t-thumb")) {
      ck_assert_uint_eq(f->st.requests, 2);
      ck_assert_uint_eq(f->st.billed_ms, 300 + 310);
    }
  }
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* a window on a per-invocation trace: the rows at 100 and 130 s of a file, with the window
   * from 90 s, start at 10 and 40 s of the run (both in its first minute), the row at 20 s is
   * before the window and the one at 700 s after its end (650 s) */
  char plain[4096];
  write_temp("function,t_s\nw,20\nw,100\nw,130\nw,700\n", plain);
  snprintf(block, sizeof block,
           "format = \"csv\"; file = \"%s\"; window_start_s = 90.0; window_end_s = 650.0;", plain);
  w = replay(block, &sc, "600.0");
  unlink(plain);
  int seen = 0;
  for (int i = 0; i < w->n_functions; i++)
    if (!strcmp(w->functions[i].spec->name, "t-w")) {
      ck_assert_uint_eq(w->functions[i].st.requests, 2);
      ck_assert_double_eq(sls_series_get(w->functions[i].ts, 0)[SLS_TS_REQUESTS],
                          2); /* minute 0: 10 and 40 s */
      seen++;
    }
  ck_assert_int_eq(seen, 1);
  sls_world_free(w);
  sls_scenario_free(&sc);
  /* Azure 2021: every row is an invocation starting at end - duration; per-minute counts and the
   * billed time follow from the file, computed here independently */
  snprintf(path, sizeof path, "%s/azure2021.csv", dir);
  FILE *fp = fopen(path, "r");
  ck_assert_ptr_nonnull(fp);
  char line[1024];
  uint64_t rows = 0, billed = 0, per_minute[200] = {0};
  ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
  while (fgets(line, sizeof line, fp)) {
    double end, dur;
    char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    ck_assert_ptr_nonnull(c2);
    ck_assert_int_eq(sscanf(c2 + 1, "%lf,%lf", &end, &dur), 2);
    double start = end - dur > 0 ? end - dur : 0;
    rows++;
    billed += (uint64_t)ceil((double)llround(dur * 1e9) / 1e6);
    per_minute[(int)(ceil(start * 1e9) / 60e9)]++;
  }
  fclose(fp);
  snprintf(block, sizeof block, "format = \"azure2021\"; file = \"%s/azure2021.csv\";", dir);
  w = replay(block, &sc, "7200.0");
  uint64_t req = 0, bill = 0, minute_total[200] = {0};
  for (int i = 0; i < w->n_functions; i++) {
    const sls_function *f = &w->functions[i];
    if (!f->spec->from_trace) continue;
    req += f->st.requests;
    bill += f->st.billed_ms;
    for (size_t m = 0; m < w->n_samples; m++)
      minute_total[m] += (uint64_t)sls_series_get(f->ts, m)[SLS_TS_REQUESTS];
  }
  ck_assert_uint_eq(req, rows);
  ck_assert_uint_eq(bill, billed);
  for (int m = 0; m < 120; m++)
    ck_assert_msg(minute_total[m] == per_minute[m], "minute %d", m);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

static int load_trace_text(const char *format, const char *content, const char *rest, sls_scenario *sc,
                           char *err);

START_TEST(malformed_traces_are_rejected_with_file_and_line) {
  struct {
    const char *format, *content, *expect;
  } cases[] = {
      {"csv", "function,t_s\nf,1.0\nf,abc\n", ":3: column t_s: expected a non-negative number, got 'abc'"},
      {"csv", "function,time\nf,1.0\n", ":1: header: expected a column t_s"},
      {"csv", "function,t_s,duration_ms\nf,1.0,-5\n",
       ":2: column duration_ms: expected a non-negative number"},
      {"azure2021", "app,func,end_timestamp,duration\na,f,1.0\n", ":2: expected 4 columns, got 3"},
      {"azure2019", "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,3,x\n",
       ":2: column minute 2: expected a non-negative integer, got 'x'"},
      {"azure2019", "HashOwner,HashApp,HashFunction,Trigger\n",
       ":1: header: expected minute columns (1, 2, ...) after HashFunction"},
      {"azure2019", "HashFunction,1,2,4\nf,1,2,3\n",
       ":1: header: expected consecutive minute columns (1, 2, ...), got '4' at column 4"},
      {"azure2019", "HashApp,1\na,3\n", ":1: header: expected a column HashFunction"},
      /* times that int64 nanoseconds cannot hold (or a replay would have to invent) */
      {"csv", "function,t_s\nf,1.0\nf,9.3e9\n", ":3: column t_s: expected at most 1e+09, got '9.3e9'"},
      {"csv", "function,t_s,duration_ms\nf,1.0,1e13\n", ":2: column duration_ms: expected at most 1e+12"},
      {"azure2021", "app,func,end_timestamp,duration\na,f,1.0,2e9\n",
       ":2: column duration: expected at most 1e+09"},
      {"azure2019", "HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,http,99999999999\n",
       ":2: column minute 1: expected a non-negative integer"},
      /* names: the characters of a simulated function's name */
      {"csv", "function,t_s\nf'x,1.0\n", ":2: column function: expected a function name of 1..100 letters"},
      {"csv", "function,t_s\n`id`,1.0\n", ":2: column function: expected a function name"},
      {"azure2021", "app,func,end_timestamp,duration\na,,1.0,0.5\n",
       ":2: column func: expected a function name"},
      {"azure2019", "HashOwner,HashApp,HashFunction,Trigger,1\no,a,f/g,http,3\n",
       ":2: column HashFunction: expected a function name"},
      /* as many columns as the header, no more */
      {"csv", "function,t_s\nf,1.0,7\n", ":2: expected 2 columns, got 3"},
      /* the same function twice */
      {"azure2019", "HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,http,3\no,a,f,http,4\n",
       "function f appears twice"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char file[] = "/tmp/slsim-trace-XXXXXX";
    int fd = mkstemp(file);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, cases[i].content, strlen(cases[i].content)),
                     (ssize_t)strlen(cases[i].content));
    close(fd);
    char text[4096], err[SLS_ERRLEN] = "";
    snprintf(text, sizeof text,
             "duration_s = 10.0;\nfunctions = ( { name = \"x\"; duration = { dist = \"constant\"; value_ms = "
             "1.0; }; } );\n"
             "sources = ();\ntraces = ( { name = \"t\"; format = \"%s\"; %s = \"%s\"; } );\n",
             cases[i].format, strcmp(cases[i].format, "azure2019") ? "file" : "invocations", file);
    sls_scenario sc;
    ck_assert_msg(load_text(text, &sc, err) == SLS_EINPUT, "case %zu loaded", i);
    ck_assert_msg(strstr(err, file) && strstr(err, cases[i].expect), "case %zu: %s", i, err);
    unlink(file);
  }
  /* a missing file */
  char err[SLS_ERRLEN] = "";
  sls_scenario sc;
  ck_assert_int_eq(
      load_text(
          "duration_s = 10.0;\nfunctions = ( { name = \"x\"; duration = { dist = \"constant\"; value_ms = "
          "1.0; }; } );\n"
          "sources = ();\ntraces = ( { name = \"t\"; format = \"csv\"; file = \"/nonexistent.csv\"; } );\n",
          &sc, err),
      SLS_EINPUT);
  ck_assert_msg(strstr(err, ":4: traces.t: /nonexistent.csv: cannot read"), "%s",
                err); /* where it is named */
  /* a device or a directory is not a trace (/dev/zero would be read for ever) */
  ck_assert_int_eq(
      load_text(
          "duration_s = 10.0;\nfunctions = ( { name = \"x\"; duration = { dist = \"constant\"; value_ms = "
          "1.0; }; } );\n"
          "sources = ();\ntraces = ( { name = \"t\"; format = \"csv\"; file = \"/dev/zero\"; } );\n",
          &sc, err),
      SLS_EINPUT);
  ck_assert_msg(strstr(err, "/dev/zero: cannot read: not a regular file"), "%s", err);
  /* nor is a line of more than 1 MiB */
  size_t big = (1 << 20) + 100;
  char *line = malloc(big + 64);
  snprintf(line, 64, "function,t_s\nf,");
  size_t at = strlen(line);
  memset(line + at, '1', big - at);
  line[big] = 0;
  ck_assert_int_eq(load_trace_text("csv", line, "", &sc, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, ":2: expected a line of at most 1048576 bytes"), "%s", err);
  free(line);
}
END_TEST

/* A trace file with content, loaded through a scenario whose other parts are `rest`; returns the
 * loader's rc (message in err). */
static int load_trace_text(const char *format, const char *content, const char *rest, sls_scenario *sc,
                           char *err) {
  char file[] = "/tmp/slsim-trace-XXXXXX";
  int fd = mkstemp(file);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, content, strlen(content)), (ssize_t)strlen(content));
  close(fd);
  char text[4096];
  snprintf(text, sizeof text,
           "duration_s = 10.0;\nfunctions = ( { name = \"x\"; duration = { dist = \"constant\"; value_ms = "
           "1.0; }; }%s );\nsources = ();\ntraces = ( { name = \"t\"; format = \"%s\"; %s = \"%s\"; } );\n",
           rest, format, strcmp(format, "azure2019") ? "file" : "invocations", file);
  int rc = load_text(text, sc, err);
  unlink(file);
  return rc;
}

/* Generated names: TRACE-first 12 characters, more where kept functions share them, never a
 * name in use; a byte-order mark and a trace with no rows load. */
START_TEST(trace_functions_get_names_of_their_own) {
  sls_scenario sc;
  char err[SLS_ERRLEN] = "";
  const char *rows = "function,t_s\ncheckout-api-v1,1.0\ncheckout-api-v2,2.0\nresize,3.0\n"
                     "0123456789abcdef0,4.0\n0123456789abcdef1,4.5\n0123456789abcXYZ,5.0\n";
  ck_assert_msg(load_trace_text("csv", rows, "", &sc, err) == 0, "%s", err);
  /* by hand: "checkout-api" is shared, so both keep 15; "resize" is short; the hex-like names
   * share 16 characters (17 kept), the third shares 13 with them (14 kept) */
  const char *want[] = {"t-checkout-api-v1",   "t-checkout-api-v2",   "t-resize",
                        "t-0123456789abcdef0", "t-0123456789abcdef1", "t-0123456789abcX"};
  ck_assert_int_eq(sc.n_functions, 7);
  for (int k = 0; k < 6; k++) {
    int found = 0;
    for (int i = 1; i < sc.n_functions; i++)
      found |= !strcmp(sc.functions[i].name, want[k]);
    ck_assert_msg(found, "no function %s", want[k]);
  }
  sls_scenario_free(&sc);
  /* a name already in use: the trace block is refused, with its line */
  ck_assert_int_eq(
      load_trace_text("csv", "function,t_s\nx,1.0\n",
                      ", { name = \"t-x\"; duration = { dist = \"constant\"; value_ms = 1.0; }; }", &sc, err),
      SLS_EINPUT);
  ck_assert_msg(strstr(err, ":4: traces.t.name") && strstr(err, "\"t-x\", is already used"), "%s", err);
  /* a UTF-8 byte-order mark before the header */
  ck_assert_msg(load_trace_text("csv",
                                "\xEF\xBB\xBF"
                                "function,t_s\nf,1.0\n",
                                "", &sc, err) == 0,
                "%s", err);
  ck_assert_int_eq(sc.n_functions, 2);
  sls_scenario_free(&sc);
  /* headers and no rows: no functions */
  ck_assert_msg(load_trace_text("csv", "function,t_s\n", "", &sc, err) == 0, "%s", err);
  ck_assert_int_eq(sc.n_functions, 1);
  sls_scenario_free(&sc);
  ck_assert_msg(load_trace_text("azure2019", "HashOwner,HashApp,HashFunction,Trigger,1\n", "", &sc, err) == 0,
                "%s", err);
  ck_assert_int_eq(sc.n_functions, 1);
  sls_scenario_free(&sc);
}
END_TEST

/* A table's Average, kept by hand-worked fits: percentiles 10, 20, 30, 40, 50, 60, 1000 ms have a
 * mean (linear between them) of 0.15 + 6 + 8.75 + 11.25 + 13.2 + 5.3 = 44.65 ms.
 *   Average 42: the top alone, 60 + (42 - 39.95) / 0.005 = 470 ms (39.95: the mean with top = p99);
 *   Average 37: the spread above the median, s = (37 - 34.9) / (44.65 - 34.9), p75 = 40 + 10 s;
 *   Average 30: below the flat table (34.9), the whole table x 30 / 44.65.
 * The invocations file has HashFunction and minutes only (as In-Vitro samples may): it loads with
 * a warning naming what is missing, and a trigger filter on it is refused. */
START_TEST(azure2019_durations_keep_the_average_and_columns_may_be_missing) {
  char inv[] = "/tmp/slsim-inv-XXXXXX", dur[] = "/tmp/slsim-dur-XXXXXX";
  const char *inv_text = "HashFunction,1,2\nfa,3,4\nfb,1,0\nfc,0,2\n";
  const char *dur_text = "HashFunction,Average,Maximum,percentile_Average_0,percentile_Average_1,"
                         "percentile_Average_25,percentile_Average_50,percentile_Average_75,"
                         "percentile_Average_99,percentile_Average_100\n"
                         "fa,42,2000,10,20,30,40,50,60,1000\nfb,37,2000,10,20,30,40,50,60,1000\n"
                         "fc,30,2000,10,20,30,40,50,60,1000\n";
  int fd = mkstemp(inv);
  ck_assert_int_eq(write(fd, inv_text, strlen(inv_text)), (ssize_t)strlen(inv_text));
  close(fd);
  fd = mkstemp(dur);
  ck_assert_int_eq(write(fd, dur_text, strlen(dur_text)), (ssize_t)strlen(dur_text));
  close(fd);
  for (int filter = 0; filter < 2; filter++) {
    char text[4096], err[SLS_ERRLEN] = "";
    snprintf(text, sizeof text,
             "duration_s = 120.0;\ntraces = ( { name = \"t\"; format = \"azure2019\"; invocations = \"%s\";"
             " durations = \"%s\"; %s } );\n",
             inv, dur, filter ? "trigger = \"http\";" : "");
    sls_scenario sc;
    if (filter) {
      ck_assert_int_eq(load_text(text, &sc, err), SLS_EINPUT);
      ck_assert_msg(strstr(err, "traces.t.trigger: the invocations file has no Trigger and HashApp column"),
                    "%s", err);
      continue;
    }
    ck_assert_msg(load_text(text, &sc, err) == 0, "%s", err);
    ck_assert_int_eq(sc.n_functions, 3);
    ck_assert_msg(sc.warnings && strstr(sc.warnings, "no Trigger and HashApp column"), "%s",
                  sc.warnings ? sc.warnings : "(none)");
    ck_assert_msg(strstr(sc.warnings,
                         "1 function(s) by the top value (p0..p99 kept), 1 by the spread above the "
                         "median (p0..p50 kept), 1 scaled whole"),
                  "%s", sc.warnings);
    const double avg[3] = {42, 37, 30}, s = (37 - 34.9) / (44.65 - 34.9), f = 30 / 44.65;
    const double want[3][7] = {{10, 20, 30, 40, 50, 60, 470},
                               {10, 20, 30, 40, 40 + 10 * s, 40 + 20 * s, 40 + 960 * s},
                               {10 * f, 20 * f, 30 * f, 40 * f, 50 * f, 60 * f, 1000 * f}};
    const double q[7] = {0, 0.01, 0.25, 0.5, 0.75, 0.99, 1};
    for (int i = 0; i < 3; i++) {
      char nm[8];
      snprintf(nm, sizeof nm, "t-f%c", 'a' + i);
      const sls_function_spec *fs = NULL;
      for (int k = 0; k < sc.n_functions; k++)
        if (!strcmp(sc.functions[k].name, nm)) fs = &sc.functions[k];
      ck_assert_ptr_nonnull(fs);
      ck_assert_msg(fabs(sls_dist_mean(&fs->duration) / 1e6 - avg[i]) < 1e-9, "%s: mean %.17g", nm,
                    sls_dist_mean(&fs->duration) / 1e6);
      for (int j = 0; j < 7; j++)
        ck_assert_msg(fabs(sls_dist_quantile(&fs->duration, q[j]) / 1e6 - want[i][j]) < 1e-9,
                      "%s: quantile %g is %g ms, want %g", nm, q[j],
                      sls_dist_quantile(&fs->duration, q[j]) / 1e6, want[i][j]);
    }
    sls_scenario_free(&sc);
  }
  unlink(inv);
  unlink(dur);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("trace");
  TCase *tc = sls_tcase("core");
  tcase_add_test(tc, azure2019_counts_are_reproduced_minute_by_minute);
  tcase_add_test(tc, a_trace_keeps_only_the_minutes_the_run_reaches);
  tcase_add_test(tc, azure2019_durations_keep_the_average_and_columns_may_be_missing);
  tcase_add_test(tc, memory_from_the_trace_unless_the_template_sets_it);
  tcase_add_test(tc, filters_and_windows);
  tcase_add_test(tc, per_invocation_traces_replay_times_and_durations);
  tcase_add_test(tc, malformed_traces_are_rejected_with_file_and_line);
  tcase_add_test(tc, trace_functions_get_names_of_their_own);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
