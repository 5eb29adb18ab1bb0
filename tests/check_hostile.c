/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Result files from other people: a file edited by hand holds names with every byte a string
 * can carry (quotes, line breaks, backquotes, escape sequences, invalid UTF-8), sizes that
 * would index past tables or allocate the world, and attributes of the wrong shape.  plot and
 * report must draw and print them as data (no command runs, no format breaks) or refuse them
 * with a message — never crash. */
#include <errno.h>
#include <hdf5.h>
#include <sys/stat.h>

#include "config.h"
#include "cost/cost.h"
#include "engine/text.h"
#include "io/h5.h"
#include "plot/plot.h"
#include "report/report.h"
#include "study/study.h"
#include "testutil.h"

/* ---- a scratch directory, which is also the working directory (gnuplot's, for a `touch`) ---- */

static char dir[4096], old_cwd[4096];

static void enter_scratch(void) {
  ck_assert_ptr_nonnull(getcwd(old_cwd, sizeof old_cwd));
  snprintf(dir, sizeof dir, "/tmp/slsim-hostile-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  ck_assert_int_eq(chdir(dir), 0);
}

static int exists(const char *name) {
  struct stat st;
  return stat(name, &st) == 0;
}

static void leave_scratch(void) {
  ck_assert_int_eq(chdir(old_cwd), 0);
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  ck_assert_int_eq(system(cmd), 0);
}

/* The whole of a file (malloc'd, terminated); *n its length. */
static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
  size_t cap = 1 << 16, len = 0, k;
  char *buf = malloc(cap);
  while ((k = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += k;
    if (cap - len - 1 == 0) buf = realloc(buf, cap *= 2);
  }
  buf[len] = 0;
  fclose(f);
  *n = len;
  return buf;
}

/* ---- gnuplot strings: every byte round-trips, nothing runs ---- */

static void gnuplot_prints(const char *s, const char *out) {
  FILE *gp = popen(SLS_GNUPLOT, "w");
  ck_assert_ptr_nonnull(gp);
  fprintf(gp, "set print ");
  sls_plot_put_string(gp, out);
  fprintf(gp, "\nx = ");
  sls_plot_put_string(gp, s);
  fprintf(gp, "\nprint x\n");
  ck_assert_int_eq(pclose(gp), 0);
}

START_TEST(gnuplot_strings_hold_any_bytes_as_data) {
  enter_scratch();
  char all[256];
  for (int i = 1; i < 256; i++)
    all[i - 1] = (char)i;
  all[255] = 0;
  const char *cases[] = {all,
                         "",
                         "'",
                         "''",
                         "\n",
                         "a'\nsystem(\"touch PWNED\")\n#",
                         "`touch PWNED`",
                         "\"`touch PWNED`\"",
                         "@x $data \\",
                         "x\\",
                         "\x1b[31mred\x07"};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    gnuplot_prints(cases[i], "printed.txt");
    size_t n;
    char *got = slurp("printed.txt", &n);
    size_t want = strlen(cases[i]);
    ck_assert_msg(n == want + 1 && memcmp(got, cases[i], want) == 0 && got[want] == '\n',
                  "case %zu: gnuplot printed %zu bytes, expected %zu", i, n, want + 1);
    free(got);
  }
  ck_assert_msg(!exists("PWNED"), "a string ran a command");
  leave_scratch();
}
END_TEST

/* ---- a result file edited by hand ---- */

/* Names a hostile file holds (at most SLS_NAME_FIELD - 1 bytes each, no '/': HDF5 link names).
 * F: injections into gnuplot code and data blocks and into HTML, control characters.  Q: invalid UTF-8 and C1
 * controls.  D: a spreadsheet formula. */
static const char F[] = "api'<img src=x onerror=alert(1)><script>\nsystem(\"touch PWNED\")\n#`touch "
                        "PWNED`@x\"\\\x1b[31m;\nEOD\n$data\r"
                        "\x01\x02\x03\x04\x05\x06\a\b\t\v\f\x0e\x0f\x10\x11\x7f";
static const char Q[] = "q\xff\xfe\x80\x9b\xc2\x9b\xe2\x82\xac\xed\xa0\x80\xc0\xaf,\"x\"\n";
static const char D[] = "=1+2\",=SUM(A1:A9)+cmd|' -c calc'!A0";

static void set_member(hid_t f, const char *dset, const char *member, const char *value) {
  hid_t ds = H5Dopen2(f, dset, H5P_DEFAULT);
  ck_assert_msg(ds >= 0, "no %s", dset);
  hid_t sp = H5Dget_space(ds);
  hsize_t n = 0;
  H5Sget_simple_extent_dims(sp, &n, NULL);
  hid_t st = H5Tcopy(H5T_C_S1); /* the file's strings are variable-length: of any length */
  H5Tset_size(st, H5T_VARIABLE);
  hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(char *));
  H5Tinsert(mt, member, 0, st);
  const char **buf = calloc(n + 1, sizeof *buf);
  for (hsize_t i = 0; i < n; i++)
    buf[i] = value;
  ck_assert_int_ge(H5Dwrite(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), 0);
  free(buf);
  H5Tclose(mt);
  H5Tclose(st);
  H5Sclose(sp);
  H5Dclose(ds);
}

static void rename_link(hid_t f, const char *group, const char *from, const char *to) {
  char a[512], b[512];
  snprintf(a, sizeof a, "%s/%s", group, from);
  snprintf(b, sizeof b, "%s/%s", group, to);
  ck_assert_msg(H5Lmove(f, a, f, b, H5P_DEFAULT, H5P_DEFAULT) >= 0, "cannot rename %s", a);
}

static void set_attr_str(hid_t f, const char *name, const char *v) {
  H5Adelete(f, name);
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, strlen(v) + 1);
  hid_t sp = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(f, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
  ck_assert_int_ge(H5Awrite(a, t, v), 0);
  H5Aclose(a);
  H5Sclose(sp);
  H5Tclose(t);
}

#define SCENARIO                                                                                             \
  "name = \"hostile\"; duration_s = 120.0; sample_interval_s = 10.0;\n"                                      \
  "functions = ( { name = \"api\"; " RT_ZERO " timeout_s = 30.0;\n"                                          \
  "    duration = { dist = \"constant\"; value_ms = 50.0; }; downstream = \"db\"; } );\n"                    \
  "downstreams = ( { name = \"db\"; latency = { dist = \"constant\"; value_ms = 5.0; }; } );\n"              \
  "queues = ( { name = \"q\"; visibility_timeout_s = 60.0; } );\n"                                           \
  "mappings = ( { name = \"m\"; queue = \"q\"; function = \"api\"; } );\n"                                   \
  "sources = ( { name = \"u\"; target = \"api\"; arrival = { kind = \"poisson\"; rate_per_s = 5.0; }; },\n"  \
  "            { name = \"b\"; target = \"q\"; arrival = { kind = \"batch\"; count = 50; }; } );\n"

/* A real result of SCENARIO, in path. */
static void fresh_result(const char *path) {
  sls_scenario sc;
  sls_world *w = run_text(SCENARIO, &sc, 7);
  char err[SLS_ERRLEN];
  ck_assert_msg(sls_h5_write(path, 1, w, err) == 0, "%s", err);
  sls_world_free(w);
  sls_scenario_free(&sc);
}

/* Writes a real result to path, then gives its function, queue and downstream the hostile
 * names, everywhere they occur. */
static void make_hostile_result(const char *path) {
  fresh_result(path);
  hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
  ck_assert_int_ge(f, 0);
  set_member(f, "summary/functions", "name", F);
  set_member(f, "summary/sources", "name", D);
  set_member(f, "summary/sources", "target", F);
  set_member(f, "summary/queues", "name", Q);
  set_member(f, "summary/queues", "mapping", F);
  set_member(f, "summary/downstreams", "name", D);
  set_member(f, "cost", "entity", F);
  set_member(f, "cost", "item", Q);
  char *long_name = calloc(100001, 1); /* longer than any field it is read into: cut, not overrun */
  memset(long_name, 'x', 100000);
  set_member(f, "summary/downstreams", "mode", long_name);
  free(long_name);
  const char *fn_groups[] = {"latency", "init_latency", "async_latency", "timeseries"};
  for (int g = 0; g < 4; g++)
    rename_link(f, fn_groups[g], "api", F);
  rename_link(f, "queue_timeseries", "q", Q);
  rename_link(f, "queue_latency", "q", Q);
  rename_link(f, "downstream_timeseries", "db", D);
  set_attr_str(f, "scenario_name", F);
  set_attr_str(f, "pricing", Q);
  H5Fclose(f);
}

/* No control characters but line breaks: nothing a terminal would act on. */
static void assert_terminal_safe(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    ck_assert_msg(c == '\n' || (c >= 0x20 && c != 0x7F), "byte %02x at %zu reaches the terminal", c, i);
    ck_assert_msg(
        !(c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xA0),
        "a C1 control at %zu reaches the terminal", i);
  }
}

/* Every tag in the page is one of the page's own or of gnuplot's SVG (a name that became markup
 * would add another), and no control character but a line break or tab is in it. */
static void assert_html_safe(const char *s, size_t n) {
  static const char *const known[] = {
      "!DOCTYPE", "html", "head",     "meta",   "title",      "style",   "body",    "h1",
      "h2",       "h3",   "p",        "span",   "table",      "caption", "thead",   "tbody",
      "tr",       "th",   "td",       "figure", "figcaption", "pre",     "svg",     "g",
      "path",     "text", "tspan",    "defs",   "use",        "circle",  "rect",    "polygon",
      "polyline", "line", "clipPath", "desc",   "image",      "filter",  "feFlood", "feComposite"};
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    ck_assert_msg(c >= 0x20 || c == '\n' || c == '\t' || c == '\r', "control byte %02x at %zu", c, i);
    if (c != '<') continue;
    size_t k = i + 1 + (s[i + 1] == '/');
    size_t len = strspn(s + k, "!ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    int found = 0;
    for (size_t t = 0; t < sizeof known / sizeof *known && !found; t++)
      found = strlen(known[t]) == len && !strncmp(known[t], s + k, len);
    ck_assert_msg(found, "an element the page does not make at %zu: %.40s", i, s + i);
  }
}

/* ---- CSV (RFC 4180) and JSON (RFC 8259) readers, to check what report writes ---- */

/* Splits CSV text into records of fields (fields malloc'd).  Returns the number of records; a
 * record's field count goes to nf[r].  Fails the test on a quote that is not closed. */
static int csv_parse(const char *s, char ***rec, int *nf, int max) {
  int nr = 0;
  while (*s && nr < max) {
    int k = 0;
    rec[nr] = calloc(64, sizeof **rec);
    for (;;) {
      char *field = calloc(strlen(s) + 1, 1);
      size_t m = 0;
      if (*s == '"') {
        for (s++;; s++) {
          ck_assert_msg(*s, "unterminated quoted CSV field");
          if (*s == '"' && s[1] == '"')
            field[m++] = *s++;
          else if (*s == '"')
            break;
          else
            field[m++] = *s;
        }
        s++;
      } else
        while (*s && *s != ',' && *s != '\n')
          field[m++] = *s++;
      if (k < 64) rec[nr][k++] = field;
      if (*s == ',') {
        s++;
        continue;
      }
      ck_assert_msg(*s == '\n' || !*s, "CSV: text after a quoted field");
      if (*s) s++;
      break;
    }
    nf[nr++] = k;
  }
  return nr;
}

static void csv_free(char ***rec, const int *nf, int nr) {
  for (int r = 0; r < nr; r++) {
    for (int k = 0; k < nf[r]; k++)
      free(rec[r][k]);
    free(rec[r]);
  }
}

static const char *json_value(const char *s);

static const char *json_ws(const char *s) {
  while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
    s++;
  return s;
}

static const char *json_string(const char *s) {
  if (*s != '"') return NULL;
  const unsigned char *p = (const unsigned char *)s + 1;
  for (;;) {
    if (*p == '"') return (const char *)p + 1;
    if (*p < 0x20) return NULL;
    if (*p == '\\') {
      p++;
      if (*p == 'u') {
        for (int i = 1; i <= 4; i++)
          if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i]) return NULL;
        p += 5;
      } else if (strchr("\"\\/bfnrt", *p) && *p)
        p++;
      else
        return NULL;
      continue;
    }
    size_t n = strlen((const char *)p), k = 1;
    if (*p >= 0x80) { /* one UTF-8 character */
      k = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
      if (k > n || !sls_utf8_ok((const char *)p, k)) return NULL;
    }
    p += k;
  }
}

static const char *json_value(const char *s) {
  s = json_ws(s);
  if (*s == '{' || *s == '[') {
    char close = *s == '{' ? '}' : ']';
    s = json_ws(s + 1);
    if (*s == close) return s + 1;
    for (;;) {
      if (close == '}') {
        s = json_string(json_ws(s));
        if (!s) return NULL;
        s = json_ws(s);
        if (*s++ != ':') return NULL;
      }
      s = json_value(s);
      if (!s) return NULL;
      s = json_ws(s);
      if (*s == ',') {
        s++;
        continue;
      }
      return *s == close ? s + 1 : NULL;
    }
  }
  if (*s == '"') return json_string(s);
  if (!strncmp(s, "true", 4) || !strncmp(s, "null", 4)) return s + 4;
  if (!strncmp(s, "false", 5)) return s + 5;
  char *end;
  strtod(s, &end);
  if (end == s || !strncmp(s, "nan", 3) || !strncmp(s, "inf", 3) || !strncmp(s, "-inf", 4)) return NULL;
  return end;
}

static int json_ok(const char *s) {
  const char *e = json_value(s);
  return e && *json_ws(e) == 0;
}

START_TEST(json_checker_can_fail) { /* the checker above rejects what is not JSON */
  ck_assert(json_ok("{\"a\": [1, 2.5e3, \"x\\u0001\", true, null]}"));
  ck_assert(!json_ok("{\"a\": \"x\ny\"}"));
  ck_assert(!json_ok("{\"a\": \"\xff\"}"));
  ck_assert(!json_ok("{\"a\": nan}"));
  ck_assert(!json_ok("{\"a\": 1,}"));
}
END_TEST

/* The report of path in format fmt (table for CSV), as text. */
static char *report_of(const char *path, sls_report_format fmt, const char *table, size_t *n) {
  char err[SLS_ERRLEN] = "";
  FILE *o = fopen("report.out", "w");
  ck_assert_ptr_nonnull(o);
  int rc = sls_report(o, path, fmt, table, err);
  fclose(o);
  ck_assert_msg(rc == 0, "report: %s", err);
  return slurp("report.out", n);
}

START_TEST(a_result_edited_by_hand_plots_and_reports_as_data) {
  enter_scratch();
  make_hostile_result("hostile.h5");
  char err[SLS_ERRLEN];
  const char *kinds[] = {"concurrency", "latency", "queue", "downstream"};
  for (int k = 0; k < 4; k++) {
    char out[64];
    snprintf(out, sizeof out, "fig-%s.svg", kinds[k]);
    int rc = sls_plot("hostile.h5", kinds[k], out, 0, err);
    ck_assert_msg(rc == 0, "plot %s: %s", kinds[k], err);
    size_t n;
    char *svg = slurp(out, &n);
    /* the names were drawn as text: the legend (or the title) holds them */
    ck_assert_msg(strstr(svg, "touch PWNED") != NULL || strstr(svg, "SUM(A1:A9)") != NULL,
                  "%s: the hostile names are not in the figure", kinds[k]);
    free(svg);
  }
  ck_assert_msg(!exists("PWNED"), "plot ran a command from the result file");

  size_t n;
  char *text = report_of("hostile.h5", SLS_REPORT_TEXT, NULL, &n);
  assert_terminal_safe(text, n);
  ck_assert_ptr_nonnull(strstr(text, "touch PWNED")); /* shown, defused */
  free(text);

  /* CSV: every table parses into records of the header's width, names come back exactly */
  const char *tables[] = {"functions", "sources", "queues", "downstreams", "cost"};
  const char *names[] = {F, D, Q, D, F};
  const int name_col[] = {0, 0, 0, 0, 2};
  for (int t = 0; t < 5; t++) {
    char *csv = report_of("hostile.h5", SLS_REPORT_CSV, tables[t], &n);
    char **rec[256];
    int nf[256];
    int nr = csv_parse(csv, rec, nf, 256);
    ck_assert_msg(nr >= 2, "%s: %d records", tables[t], nr);
    for (int r = 1; r < nr; r++)
      ck_assert_msg(nf[r] == nf[0], "%s: record %d has %d fields, the header %d", tables[t], r, nf[r], nf[0]);
    const char *want = names[t][0] == '=' ? NULL : names[t];
    if (want)
      ck_assert_msg(!strcmp(rec[1][name_col[t]], want), "%s: the name did not come back", tables[t]);
    else /* a formula is made text: quoted, with a leading ' */
      ck_assert_msg(rec[1][name_col[t]][0] == '\'' && !strcmp(rec[1][name_col[t]] + 1, D),
                    "%s: formula not defused: %s", tables[t], rec[1][name_col[t]]);
    csv_free(rec, nf, nr);
    free(csv);
  }

  char *json = report_of("hostile.h5", SLS_REPORT_JSON, NULL, &n);
  ck_assert_msg(json_ok(json), "report --json is not valid JSON:\n%s", json);
  free(json);

  /* HTML: the names are text; every element is one the page or gnuplot's SVG makes */
  ck_assert_msg(sls_report_html("hostile.h5", "hostile.html", 0, err) == 0, "report --html: %s", err);
  char *page = slurp("hostile.html", &n);
  assert_html_safe(page, n);
  ck_assert_ptr_nonnull(strstr(page, "touch PWNED")); /* shown, as text */
  free(page);
  ck_assert_msg(!exists("PWNED"), "report ran a command");
  leave_scratch();
}
END_TEST

/* A sweep whose varied key and values were edited: the sweep plot and the CI report still
 * treat them as data. */
START_TEST(a_study_edited_by_hand_plots_and_reports_as_data) {
  enter_scratch();
  char err[SLS_ERRLEN];
  char *key = "functions.api.memory_mb", *vals[] = {"256", "1024"}, **v = vals;
  int nv = 2;
  sls_study st;
  ck_assert_int_eq(sls_study_grid(&st, 1, &key, &v, &nv, 2, NULL), 0);
  sls_scenario scen[2];
  for (int p = 0; p < 2; p++) {
    sls_override o = {key, vals[p]};
    ck_assert_msg(sls_scenario_load_text(SCENARIO, &o, 1, &scen[p], err) == 0, "%s", err);
  }
  sls_study_run(&st, scen, 3, 1, 0, 4, 1, NULL);
  ck_assert_msg(sls_h5_write_study("sweep.h5", 0, NULL, NULL, &st, err) == 0, "%s", err);
  sls_study_free(&st);
  for (int p = 0; p < 2; p++)
    sls_scenario_free(&scen[p]);
  /* the values become F and Q (text, not numbers: they label the x axis), the key D */
  hid_t f = H5Fopen("sweep.h5", H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t ds = H5Dopen2(f, "study/varied", H5P_DEFAULT);
  hid_t sv = H5Tcopy(H5T_C_S1);
  H5Tset_size(sv, H5T_VARIABLE);
  hid_t mt = H5Tcreate(H5T_COMPOUND, 2 * sizeof(char *));
  H5Tinsert(mt, "key", 0, sv);
  H5Tinsert(mt, "value", sizeof(char *), sv);
  const char *buf[2][2];
  for (int p = 0; p < 2; p++) {
    buf[p][0] = D;
    buf[p][1] = p ? Q : F;
  }
  ck_assert_int_ge(H5Dwrite(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), 0);
  H5Tclose(mt);
  H5Tclose(sv);
  H5Dclose(ds);
  H5Fclose(f);
  int rc = sls_plot_sweep("sweep.h5", "api", "p99_ms", "sweep.svg", 0, err);
  ck_assert_msg(rc == 0, "%s", err);
  size_t n;
  char *text = report_of("sweep.h5", SLS_REPORT_TEXT, NULL, &n);
  assert_terminal_safe(text, n);
  free(text);
  char *csv = report_of("sweep.h5", SLS_REPORT_CSV, "ci", &n);
  char **rec[4096];
  int nf[4096];
  int nr = csv_parse(csv, rec, nf, 4096);
  ck_assert_int_gt(nr, 2);
  for (int r = 1; r < nr; r++)
    ck_assert_int_eq(nf[r], nf[0]);
  ck_assert_str_eq(rec[1][1], F);
  csv_free(rec, nf, nr);
  free(csv);
  ck_assert_msg(!exists("PWNED"), "a study ran a command");
  leave_scratch();
}
END_TEST

/* ---- sizes and shapes that must be refused, not believed ---- */

/* Tables are written 1,024 rows at a time (io/h5.c): 2,500 functions, function i called i % 4 times,
 * read back row by row — names, request counts and the bill's lines in order, across three
 * pieces (1,024 + 1,024 + 452). */
START_TEST(a_table_written_in_pieces_reads_back_whole) {
  enum { N = 2500 };
  size_t cap = (size_t)N * 200 + 256;
  char *text = malloc(cap);
  size_t at = (size_t)snprintf(
      text, cap, "name = \"pieces\"; duration_s = 10.0; sample_interval_s = 0.0;\nfunctions = (\n");
  for (int i = 0; i < N; i++)
    at += (size_t)snprintf(text + at, cap - at,
                           "%s{ name = \"f%d\"; " RT_ZERO
                           " duration = { dist = \"constant\"; value_ms = 1.0; }; }\n",
                           i ? "," : "", i);
  at += (size_t)snprintf(text + at, cap - at, ");\nsources = (\n");
  const char *sep = "";
  for (int i = 0; i < N; i++) {
    if (i % 4 == 0) continue;
    at += (size_t)snprintf(
        text + at, cap - at,
        "%s{ name = \"s%d\"; target = \"f%d\"; arrival = { kind = \"batch\"; count = %d; }; }\n", sep, i, i,
        i % 4);
    sep = ",";
  }
  snprintf(text + at, cap - at, ");\n");
  sls_scenario sc;
  sls_world *w = run_text(text, &sc, 5);
  free(text);
  char path[] = "/tmp/slsim-test-pieces-XXXXXX", err[SLS_ERRLEN];
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  ck_assert_msg(sls_h5_write(path, 1, w, err) == 0, "%s", err);
  sls_cost_line *want;
  int nw = sls_cost_compute(w, &want);
  sls_run_info info;
  sls_fn_row *rows;
  sls_cost_line *lines;
  int n, nl;
  ck_assert_msg(sls_h5_read_summary(path, &info, &rows, &n, &lines, &nl, err) == 0, "%s", err);
  ck_assert_int_eq(n, N);
  for (int i = 0; i < N; i++) {
    char name[16];
    snprintf(name, sizeof name, "f%d", i);
    ck_assert_str_eq(rows[i].name, name);
    ck_assert_uint_eq(rows[i].requests, (uint64_t)(i % 4));
  }
  ck_assert_int_gt(nw, 1024);
  ck_assert_int_eq(nl, nw);
  for (int k = 0; k < nl; k++) {
    ck_assert_str_eq(lines[k].entity, want[k].entity);
    ck_assert_str_eq(lines[k].item, want[k].item);
    ck_assert_double_eq(lines[k].sim_quantity, want[k].sim_quantity);
  }
  free(want);
  free(rows);
  free(lines);
  unlink(path);
  sls_world_free(w);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(impossible_sizes_are_refused) {
  enter_scratch();
  char err[SLS_ERRLEN];
  /* a functions table of 2^40 rows (HDF5 stores no data for it: the file stays small) */
  fresh_result("huge.h5");
  hid_t f = H5Fopen("huge.h5", H5F_ACC_RDWR, H5P_DEFAULT);
  ck_assert_int_ge(H5Ldelete(f, "summary/functions", H5P_DEFAULT), 0);
  hsize_t big = (hsize_t)1 << 40;
  hid_t sp = H5Screate_simple(1, &big, NULL);
  hid_t ds = H5Dcreate2(f, "summary/functions", H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ck_assert_int_ge(ds, 0);
  H5Dclose(ds);
  H5Sclose(sp);
  /* and a seed attribute of a million elements, where one is read */
  H5Adelete(f, "seed");
  hsize_t m = 1000000;
  sp = H5Screate_simple(1, &m, NULL);
  hid_t a = H5Acreate2(f, "seed", H5T_NATIVE_UINT64, sp, H5P_DEFAULT, H5P_DEFAULT);
  H5Aclose(a);
  H5Sclose(sp);
  H5Fclose(f);
  sls_run_info info;
  sls_fn_row *rows = NULL;
  sls_cost_line *lines = NULL;
  int nr, nl;
  ck_assert_int_eq(sls_h5_read_summary("huge.h5", &info, &rows, &nr, &lines, &nl, err), SLS_EINPUT);
  ck_assert_ptr_null(rows);
  ck_assert_int_eq(sls_plot("huge.h5", "concurrency", "x.svg", 0, err), SLS_EINPUT);

  /* a study claiming 2^30 points x 2^30 replications, and one whose runs point past its tables */
  sls_study st;
  ck_assert_int_eq(sls_study_grid(&st, 0, NULL, NULL, NULL, 2, NULL), 0);
  sls_scenario sc;
  ck_assert_int_eq(sls_scenario_load_text(SCENARIO, NULL, 0, &sc, err), 0);
  sls_study_run(&st, &sc, 1, 1, 0, 2, 1, NULL);
  ck_assert_int_eq(sls_h5_write_study("study.h5", 0, NULL, NULL, &st, err), 0);
  ck_assert_int_eq(sls_h5_write_study("runs.h5", 0, NULL, NULL, &st, err), 0);
  sls_study_free(&st);
  sls_scenario_free(&sc);
  f = H5Fopen("study.h5", H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t g = H5Gopen2(f, "study", H5P_DEFAULT);
  int32_t lots = 1 << 30;
  for (int k = 0; k < 2; k++) {
    const char *an = k ? "replications" : "points";
    hid_t at = H5Aopen(g, an, H5P_DEFAULT);
    ck_assert_int_ge(H5Awrite(at, H5T_NATIVE_INT32, &lots), 0);
    H5Aclose(at);
  }
  H5Gclose(g);
  H5Fclose(f);
  memset(&st, 0, sizeof st);
  ck_assert_int_eq(sls_h5_read_study("study.h5", &st, err), SLS_EINPUT);
  /* run rows whose function counts run past the function table */
  f = H5Fopen("runs.h5", H5F_ACC_RDWR, H5P_DEFAULT);
  ds = H5Dopen2(f, "study/runs", H5P_DEFAULT);
  hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(int32_t));
  H5Tinsert(mt, "n_fn", 0, H5T_NATIVE_INT32);
  int32_t nfn[2] = {1000000, -5};
  ck_assert_int_ge(H5Dwrite(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, nfn), 0);
  H5Tclose(mt);
  H5Dclose(ds);
  H5Fclose(f);
  memset(&st, 0, sizeof st);
  ck_assert_int_eq(sls_h5_read_study("runs.h5", &st, err), SLS_EINPUT);
  ck_assert_ptr_nonnull(strstr(err, "runs.h5"));
  leave_scratch();
}
END_TEST

static Suite *hostile_suite(void) {
  Suite *s = suite_create("hostile");
  TCase *tc = sls_tcase("results");
  tcase_add_test(tc, gnuplot_strings_hold_any_bytes_as_data);
  tcase_add_test(tc, json_checker_can_fail);
  tcase_add_test(tc, a_result_edited_by_hand_plots_and_reports_as_data);
  tcase_add_test(tc, a_study_edited_by_hand_plots_and_reports_as_data);
  tcase_add_test(tc, impossible_sizes_are_refused);
  tcase_add_test(tc, a_table_written_in_pieces_reads_back_whole);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  sls_test_init();
  sls_h5_quiet();
  SRunner *sr = srunner_create(hostile_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
