/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * slsim — the command-line client of libslsim: run, check, report, plot.
 * Exit codes: 0 success, 1 run-time failure, 2 bad input (docs/design.md §5).
 */
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/ranks.h"
#include "config.h"
#include "cost/cost.h"
#include "engine/rng.h"
#include "engine/util.h"
#include "io/h5.h"
#include "io/publish.h"
#include "plot/plot.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"
#include "study/study.h"
#include "validate/validate.h"

enum { EXIT_RUN = 1, EXIT_INPUT = 2 };

/* Each command's synopsis and options: `slsim --help` prints them all, `slsim COMMAND --help`
 * its own, `slsim --man` the slsim(1) page (docs/slsim.1, written by `make reference`). */
static const struct help {
  const char *cmd, *synopsis, *text;
} help[] = {
    {"run",
     "run SCENARIO.cfg [-o OUT.h5] [--seed N] [--set KEY=VALUE]... [--reps N [--jobs N]] [--force] [--quiet]",
     "simulate; write OUT.h5 (default: the scenario's name + .h5) and print a summary\n"
     "-o OUT.h5: the result (never replaced without --force); --seed N: the run's seed (else the "
     "scenario's)\n"
     "--set KEY=VALUE: change one key of the scenario, typed by the schema (slsim keys); repeatable\n"
     "--reps N: N replications (derived seeds), every figure as mean +- 95 % CI; --jobs N: threads\n"
     "--quiet: no summary; --progress: a line every 10 s on stderr, with the time left\n"
     "--max-memory SIZE, --max-events N, --max-wall SECONDS: limits (the memory: by default what this\n"
     "process may use, and a run estimated to need more is refused; a run that reaches one stops: exit 1,\n"
     "nothing written)"},
    {"sweep",
     "sweep SCENARIO.cfg --vary KEY=V1,V2,...|KEY=LO:HI:STEP [--vary ...] [--reps N] [--jobs N] [--seed N] "
     "[--set KEY=VALUE]... -o SWEEP.h5 [--force] [--list-tasks | --task K]",
     "run every point of the grid of the --vary keys (common random numbers across points), each\n"
     "--reps times; the limits and --progress of run apply (a study's lines: runs done of all, and\n"
     "the time left; on a terminal also without --progress)\n"
     "--list-tasks: print the (point, replication) tasks; --task K: run task K alone into its own file (job\n"
     "arrays; combine them with merge); under mpirun the ranks share the tasks and rank 0 writes SWEEP.h5"},
    {"merge", "merge -o OUT.h5 TASK.h5... [--force]",
     "combine the task files (or studies) of one sweep exactly; refuses files of another sweep"},
    {"validate", "validate [-o REPORT.md] [--jobs N] [--seed-set K] [--force]",
     "run every analytical oracle (Erlang-B, Erlang-C, Little's law, M/G/inf, processor sharing,\n"
     "cold starts, scaling ramps, the graph, Step Functions) with replications; print the table,\n"
     "write it as Markdown; exit 1 when one fails.  --seed-set K (K >= 1): rerun them on the K-th other set "
     "of random\n"
     "streams (tests/seed-robustness does, for K = 1..N); a failure is marked 'outside' (the interval\n"
     "misses the analytical value) or 'too wide' (the interval is vaguer than the tolerance)"},
    {"check", "check SCENARIO.cfg [--set KEY=VALUE]... [--max-memory SIZE]",
     "validate and print the resolved scenario (every default explicit, in a form run reads back) and\n"
     "the memory a run needs; exit 0 or 2"},
    {"report",
     "report OUT.h5 [--wide | --csv [--table functions|sources|queues|downstreams|capacity_providers|topics|"
     "buses|joins|machines|states|cost|alternatives|ci] | --json | --html -o REPORT.html [--force]]",
     "the summary and the bill (per 30-day month, per service and per entity, with the always-on\n"
     "alternatives) of a result, as text tables (cut into parts that fit 100 columns; --wide: whole),\n"
     "CSV (one table), JSON (every table and the inputs) or one self-contained HTML page (tables,\n"
     "figures as inline SVG, scenario, provenance); of a study, the 95 % intervals (--table ci)"},
    {"plot",
     "plot OUT.h5 [--what concurrency|latency|queue|downstream|roots]... [--from T] [--to T]\n"
     "     [--size W,H] [--font PT] [-o FIG.png|.svg|.pdf] [--force]\n"
     "plot SWEEP.h5 --what sweep [--metric p99_ms] [--entity FUNCTION|bill] [--size W,H] [--font PT]\n"
     "     [-o FIG.png] [--force]",
     "draw figures with gnuplot (default: every kind the result has, as OUT-KIND.png); of a study, a\n"
     "metric against the first varied key, one line per other combination, with 95 % intervals.\n"
     "Time axes show where something happens, in s, min, h or days by the span; --from/--to set it\n"
     "(seconds, or 90min, 2h, 1d).  --size in pixels (default 1200,650; a PDF is 100 px to the inch:\n"
     "--size 350,250 --font 8 -o fig.pdf for a paper's column, --size 1600,900 --font 20 for a\n"
     "slide).  SLSIM_PLOTS names the directory of the templates (plots/*.gp), to restyle them"},
    {"keys",
     "keys [ENTITY | ENTITY.KEY] [--markdown | --man] | keys --list | keys --complete PREFIX [SCENARIO.cfg] "
     "| "
     "keys --words",
     "the scenario language: every key with its type, unit, range, default and meaning (what\n"
     "docs/scenario-reference.md and slsim-scenario(5) are, generated); --complete: the --set keys that\n"
     "extend PREFIX (bash completion); --words: every key and value, a line each (the fuzzer's dictionary)"},
};
#define N_HELP ((int)(sizeof help / sizeof *help))

/* One command's help, indented as in the usage screen. */
static void put_help(FILE *o, const struct help *h) {
  fprintf(o, "  ");
  for (const char *p = h->synopsis; *p; p++)
    fprintf(o, *p == '\n' ? "\n  " : "%c", *p);
  fprintf(o, "\n        ");
  for (const char *p = h->text; *p; p++)
    fprintf(o, *p == '\n' ? "\n        " : "%c", *p);
  fprintf(o, "\n");
}

static void usage_all(FILE *o) {
  fprintf(o, "usage: slsim COMMAND [OPTIONS]   (slsim COMMAND --help: that command alone)\n\n");
  for (int i = 0; i < N_HELP; i++)
    put_help(o, &help[i]);
  fprintf(o, "\n  --help, --version, --man (the slsim(1) page)\n"
             "Exit codes: 0 success, 1 run-time failure, 2 bad input.\n");
}

/* Text for roff: backslashes and leading dots or quotes made literal; with breaks, a line of s
 * that begins with an option begins a line (.br). */
static void roff(FILE *o, const char *s, int breaks) {
  for (int bol = 1; *s; s++) {
    if (bol && (*s == '.' || *s == '\'')) fputs("\\&", o);
    if (*s == '\\')
      fputs("\\e", o);
    else if (*s == '-')
      fputs("\\-", o);
    else if (*s == '\n' && breaks) /* a new option starts a line; the rest runs on */
      fputs(s[1] == '-' ? "\n.br\n" : " ", o);
    else
      fputc(*s, o);
    bol = *s == '\n';
  }
}

/* slsim(1), from the same table. */
static void man_page(FILE *o) {
  fprintf(o, ".TH SLSIM 1 \"%s\" \"slsim %s\" \"User Commands\"\n", "2026", PACKAGE_VERSION);
  fprintf(o, ".SH NAME\nslsim \\- a discrete-event simulator of serverless platforms\n");
  fprintf(o, ".SH SYNOPSIS\n.B slsim\n.I COMMAND\n[\\fIOPTIONS\\fR]\n");
  fprintf(o, ".SH DESCRIPTION\n");
  roff(o,
       "slsim plays a serverless system forward in simulated time: request arrivals, execution\n"
       "environments with cold starts and keep-alive, concurrency limits and scaling, queues, topics,\n"
       "buses, Step Functions state machines, downstream dependencies; it writes latency, throttles,\n"
       "backlogs and the bill to HDF5 and draws figures with gnuplot.  Scenarios are libconfig files;\n"
       "their keys are in slsim-scenario(5).\n",
       0);
  fprintf(o, ".SH COMMANDS\n");
  for (int i = 0; i < N_HELP; i++) {
    fprintf(o, ".TP\n.B ");
    roff(o, help[i].synopsis, 1);
    fprintf(o, "\n");
    roff(o, help[i].text, 1);
    fprintf(o, "\n");
  }
  fprintf(
      o, ".SH ENVIRONMENT\n.TP\n.B SLSIM_MODELS\nthe directory of the runtime, platform and pricing models.\n"
         ".TP\n.B SLSIM_PLOTS\nthe directory of the gnuplot templates.\n"
         ".TP\n.B SLSIM_MPI\n1 starts MPI under another launcher, 0 makes every copy a plain process.\n");
  fprintf(o, ".SH EXIT STATUS\n0 success, 1 run-time failure, 2 bad input (reported as FILE:LINE: KEY: "
             "expected ...; "
             "nothing is written).\n");
  fprintf(o, ".SH SEE ALSO\nslsim-scenario(5), gnuplot(1), h5dump(1)\n");
  fprintf(
      o,
      ".SH COPYRIGHT\nCopyright (C) 2026 the slsim authors.  License GPLv3+: GNU GPL version 3 or later.\n");
}

/* The command line, quoted for a POSIX shell, as results record it (set by main). */
static char *invocation;

static void set_invocation(int argc, char **argv) {
  size_t n = 1;
  for (int i = 0; i < argc; i++)
    n += 4 * strlen(argv[i]) + 3;
  invocation = sls_xcalloc(n, 1);
  char *p = invocation;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int plain = *a != 0;
    for (const char *c = a; *c && plain; c++)
      plain = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
              strchr("_./:=,+-@%", *c) != NULL;
    if (i) *p++ = ' ';
    if (plain) {
      p += sprintf(p, "%s", a);
      continue;
    }
    *p++ = '\'';
    for (const char *c = a; *c; c++)
      p += *c == '\'' ? sprintf(p, "'\\''") : sprintf(p, "%c", *c);
    *p++ = '\'';
  }
  *p = 0;
}

static void free_invocation(void) { free(invocation); }

static int bad(const char *msg) {
  fprintf(stderr, "slsim: %s\n", msg);
  return EXIT_INPUT;
}

static int exit_for(int rc) { return rc == SLS_EINPUT || rc == SLS_EEXIST ? EXIT_INPUT : EXIT_RUN; }

/* ---- progress ---- */

typedef struct progress {
  struct timespec start, last;
  int shown;    /* a bar is on the terminal (to be cleared) */
  int lines;    /* --progress: a line every PROGRESS_EVERY_S, terminal or not */
  double total; /* simulated seconds of the run */
} progress;

#define PROGRESS_EVERY_S 10.0

static double since(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void show_progress(void *ctx, double frac) {
  progress *p = ctx;
  double dt = since(&p->last);
  if (p->lines) {
    if (dt < PROGRESS_EVERY_S && frac < 1.0) return;
    clock_gettime(CLOCK_MONOTONIC, &p->last);
    double el = since(&p->start);
    fprintf(stderr, "slsim: %.0f%% of the simulated time (%.6g of %.6g s), %.0f s elapsed", frac * 100,
            frac * p->total, p->total, el);
    if (frac > 0 && frac < 1) fprintf(stderr, ", about %.0f s left", el * (1 - frac) / frac);
    fprintf(stderr, "\n");
    return;
  }
  if (dt < 0.2 && frac < 1.0) return;
  clock_gettime(CLOCK_MONOTONIC, &p->last);
  p->shown = 1;
  int w = 40, k = (int)(frac * w + 0.5);
  if (k > w) k = w;
  fprintf(stderr, "\r[%.*s%*s] %3.0f%%", k, "########################################", w - k, "",
          frac * 100);
  fflush(stderr);
}

/* A study's progress: runs done of all, the time so far and left at this pace (a line every
 * PROGRESS_EVERY_S, on a terminal or with --progress). */
static void show_runs(void *ctx, int done, int n) {
  progress *p = ctx;
  if (done < n && since(&p->last) < PROGRESS_EVERY_S) return;
  clock_gettime(CLOCK_MONOTONIC, &p->last);
  double el = since(&p->start);
  fprintf(stderr, "slsim: %d of %d runs done, %.0f s elapsed", done, n, el);
  if (done > 0 && done < n) fprintf(stderr, ", about %.0f s left", el * (double)(n - done) / (double)done);
  fprintf(stderr, "\n");
}

/* ---- limits of a run: --max-memory, --max-events, --max-wall, --progress ---- */

typedef struct run_opts {
  sls_limits limits;
  double max_memory; /* --max-memory in bytes, 0: what this process may use */
  int progress;      /* --progress */
} run_opts;

/* "512M", "8G", "1.5GiB", "2000000" (bytes). */
static int parse_size(const char *arg, double *out) {
  char *end;
  errno = 0;
  double v = strtod(arg, &end);
  double unit = 1;
  if (*end == 'k' || *end == 'K')
    unit = 1024.0, end++;
  else if (*end == 'M')
    unit = 1024.0 * 1024, end++;
  else if (*end == 'G')
    unit = 1024.0 * 1024 * 1024, end++;
  else if (*end == 'T')
    unit = 1024.0 * 1024 * 1024 * 1024, end++;
  if (unit > 1 && *end == 'i') end++;
  if (*end == 'B') end++;
  if (end == arg || *end || errno || !(v > 0) || !isfinite(v * unit)) return -1;
  *out = v * unit;
  return 0;
}

/* The options shared by run and sweep; returns 1 when c was one of them, -1 on a bad value. */
static int parse_run_opt(int c, const char *arg, run_opts *ro) {
  char *end;
  double v;
  switch (c) {
  case 'M':
    if (parse_size(arg, &ro->max_memory)) return bad("--max-memory expects a size such as 512M or 8G"), -1;
    return 1;
  case 'E':
    errno = 0;
    v = strtod(arg, &end);
    if (end == arg || *end || errno || !(v >= 1) || v > 9e18 || v != floor(v))
      return bad("--max-events expects a whole number of events, e.g. 1e9"), -1;
    ro->limits.max_events = (uint64_t)v;
    return 1;
  case 'W':
    errno = 0;
    v = strtod(arg, &end);
    if (end == arg || *end || errno || !(v > 0) || !isfinite(v))
      return bad("--max-wall expects seconds of wall-clock time, e.g. 3600"), -1;
    ro->limits.max_wall_s = v;
    return 1;
  case 'P': ro->progress = 1; return 1;
  default: return 0;
  }
}

/* clang-format off */
#define RUN_OPTIONS                                                                                          \
  {"max-memory", required_argument, 0, 'M'}, {"max-events", required_argument, 0, 'E'},                      \
  {"max-wall", required_argument, 0, 'W'}, {"progress", no_argument, 0, 'P'}
/* clang-format on */

static void fmt_bytes(double b, char *out, size_t n) {
  const char *u[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int k = 0;
  while (b >= 1024 && k < 5) {
    b /= 1024;
    k++;
  }
  snprintf(out, n, k ? "%.1f %s" : "%.0f %s", b, u[k]);
}

/* Bytes this process may use: --max-memory, else physical memory or a lower RLIMIT_AS or
 * RLIMIT_DATA (why goes to `why`). */
static double memory_limit(const run_opts *ro, const char **why) {
  if (ro && ro->max_memory > 0) {
    *why = "--max-memory";
    return ro->max_memory;
  }
  double lim = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
  *why = "the machine's memory";
  const int res[] = {RLIMIT_AS, RLIMIT_DATA};
  for (int i = 0; i < 2; i++) {
    struct rlimit rl;
    if (getrlimit(res[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && (double)rl.rlim_cur < lim) {
      lim = (double)rl.rlim_cur;
      *why = res[i] == RLIMIT_AS ? "the address-space limit (ulimit -v)" : "the data limit (ulimit -d)";
    }
  }
  return lim > 0 ? lim : INFINITY;
}

/* Refuses, before anything runs (exit 2), runs whose estimated peak memory (world.h
 * sls_world_estimate), at_once of them at a time, exceeds what this process may use; else sets
 * each run's memory limit (ro->limits.max_bytes) to its share. */
static int memory_gate(const sls_scenario *sc, int n, int at_once, int stored, run_opts *ro) {
  double worst = 0;
  int wi = 0;
  char what[256] = "", w1[256];
  for (int i = 0; i < n; i++) {
    double b = sls_world_estimate(&sc[i], w1, sizeof w1);
    if (b > worst) {
      worst = b;
      wi = i;
      snprintf(what, sizeof what, "%s", w1);
    }
  }
  const char *why;
  double lim = memory_limit(ro, &why);
  if (at_once < 1) at_once = 1;
  double study = stored ? sls_study_estimate(&sc[wi], stored) : 0;
  if (study > worst * at_once)
    snprintf(what, sizeof what, "the results of %d runs, kept for the study", stored);
  if (worst * at_once + study > lim) {
    char need[32], have[32];
    fmt_bytes(worst * at_once + study, need, sizeof need);
    fmt_bytes(lim, have, sizeof have);
    fprintf(
        stderr,
        "slsim: %s: the run%s need%s about %s at the peak (largest part: %s); %s allows %s: expected less "
        "(or a larger --max-memory)\n",
        sc[wi].path, at_once > 1 || stored ? "s" : "", at_once > 1 || stored ? "" : "s", need, what, why,
        have);
    return EXIT_INPUT;
  }
  if (ro) ro->limits.max_bytes = (lim - study) / at_once;
  return 0;
}

/* The loader's warnings (one a line), each as "slsim: warning: ...". */
static void warn(const sls_scenario *sc) {
  for (const char *p = sc->warnings; p && *p;) {
    const char *nl = strchr(p, '\n');
    int n = nl ? (int)(nl - p) : (int)strlen(p);
    fprintf(stderr, "slsim: warning: %.*s\n", n, p);
    p += n + (nl != NULL);
  }
}

/* ---- report ---- */

/* The report of path on stdout; returns the exit status. */
static int report_file(const char *path, sls_report_format fmt, const char *table) {
  char err[SLS_ERRLEN];
  int rc = sls_report(stdout, path, fmt, table, err);
  if (rc) fprintf(stderr, "slsim: %s\n", err);
  return rc ? exit_for(rc) : 0;
}

static int report_study(const char *path) {
  char err[SLS_ERRLEN];
  int rc = sls_report_study(stdout, path, 0, err);
  if (rc) fprintf(stderr, "slsim: %s\n", err);
  return rc ? exit_for(rc) : 0;
}

/* ---- commands ---- */

#define MAX_SETS 256

/* KEY=VALUE into sets, in place: the argument is split at its '=' (argv is the program's to
 * modify), so nothing is allocated and no path out of a command leaks. */
static int parse_set(char *arg, sls_override *sets, int *n) {
  char *eq = strchr(arg, '=');
  if (!eq || eq == arg) return bad("--set expects KEY=VALUE");
  if (*n >= MAX_SETS) return bad("too many --set options");
  *eq = 0;
  sets[*n].key = arg;
  sets[*n].value = eq + 1;
  (*n)++;
  return 0;
}

static int cmd_check(int argc, char **argv) {
  static const struct option opts[] = {{"set", required_argument, 0, 's'},
                                       {"max-memory", required_argument, 0, 'M'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  sls_override sets[MAX_SETS];
  int ns = 0, c;
  run_opts ro;
  memset(&ro, 0, sizeof ro);
  while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
    if (c == 'M') {
      if (parse_run_opt(c, optarg, &ro) < 0) return EXIT_INPUT;
    } else if (c == 's') {
      if (parse_set(optarg, sets, &ns)) return EXIT_INPUT;
    } else if (c == 'h') {
      usage_all(stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  if (optind != argc - 1) return bad("check: expected one scenario file");
  char err[SLS_ERRLEN];
  sls_scenario sc;
  int rc = sls_scenario_load(argv[optind], sets, ns, &sc, err);
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  warn(&sc);
  /* the checks a run makes, without building its world (whose time series can be large) */
  if (sls_world_check(&sc, err)) {
    fprintf(stderr, "slsim: %s\n", err);
    sls_scenario_free(&sc);
    return EXIT_INPUT;
  }
  if (memory_gate(&sc, 1, 1, 0, &ro)) {
    sls_scenario_free(&sc);
    return EXIT_INPUT;
  }
  sls_scenario_print(stdout, &sc);
  char what[256], need[32];
  fmt_bytes(sls_world_estimate(&sc, what, sizeof what), need, sizeof need);
  printf("# memory: a run needs about %s at the peak (largest part: %s)\n", need, what);
  sls_scenario_free(&sc);
  return 0;
}

static void default_out(const char *scenario, char *out, size_t n) {
  const char *base = strrchr(scenario, '/');
  base = base ? base + 1 : scenario;
  const char *dot = strrchr(base, '.');
  int len = dot ? (int)(dot - base) : (int)strlen(base);
  snprintf(out, n, "%.*s.h5", len, base);
}

/* A seed: the digits of an unsigned 64-bit integer (strtoull alone takes "-1" as 2^64 - 1). */
static int parse_seed(const char *arg, unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(arg, &end, 10);
  if (arg[0] < '0' || arg[0] > '9' || *end || errno) return -1;
  *out = v;
  return 0;
}

/* An integer in 1..max. */
static int parse_count(const char *arg, int *out, int max) {
  char *end;
  long v = strtol(arg, &end, 10);
  if (!*arg || *end || v < 1 || v > max) return -1;
  *out = (int)v;
  return 0;
}

/* keys: the reference of the scenario language, printed from its schema (scenario/schema.h) */
static int cmd_keys(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "--words")) {
    sls_keys_words(stdout);
    return 0;
  }
  if (argc >= 3 && argc <= 4 && !strcmp(argv[1], "--complete")) { /* for shell completion: quiet */
    sls_scenario sc;
    char err[SLS_ERRLEN];
    int have = argc == 4 && sls_scenario_load(argv[3], NULL, 0, &sc, err) == 0;
    sls_keys_complete(stdout, argv[2], have ? &sc : NULL);
    if (have) sls_scenario_free(&sc);
    return 0;
  }
  sls_keys_format fmt = SLS_KEYS_TEXT;
  const char *entity = NULL;
  int list = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--markdown"))
      fmt = SLS_KEYS_MARKDOWN;
    else if (!strcmp(argv[i], "--man"))
      fmt = SLS_KEYS_MAN;
    else if (!strcmp(argv[i], "--list"))
      list = 1;
    else if (argv[i][0] == '-' || entity)
      return bad("keys: expected [ENTITY | ENTITY.KEY] [--markdown | --man], or --list");
    else
      entity = argv[i];
  }
  if (list) {
    for (int i = 0; sls_schemas[i]; i++)
      printf("%-18s %s\n", sls_schemas[i]->name, sls_schemas[i]->meaning);
    return 0;
  }
  if (sls_keys_print(stdout, entity, fmt) == 0) return 0;
  const char *best = NULL;
  int bd = 99;
  size_t n = strcspn(entity, ".");
  for (int i = 0; sls_schemas[i]; i++) {
    char e[64];
    snprintf(e, sizeof e, "%.*s", (int)(n < 63 ? n : 63), entity);
    int d = sls_edit_distance(e, sls_schemas[i]->name);
    if (d < bd) {
      bd = d;
      best = sls_schemas[i]->name;
    }
  }
  char e[SLS_NAME_FIELD];
  sls_term_copy(e, sizeof e, entity);
  if (entity[n])
    fprintf(stderr, "slsim: keys: no key \"%s\" (slsim keys %s lists its entity's keys)\n", e, best);
  else
    fprintf(stderr, "slsim: keys: no entity \"%s\"%s%s%s; slsim keys --list lists them\n", e,
            bd <= 3 ? " (did you mean \"" : "", bd <= 3 ? best : "", bd <= 3 ? "\"?)" : "");
  return EXIT_INPUT;
}

/* ---- MPI ranks (src/cli/ranks.h): rank 0 checks, writes and reports; every rank runs ---- */

/* Joins the launcher's ranks; ranks other than 0 print nothing on stdout.  Returns EXIT_INPUT
 * when several copies were started and this slsim has no MPI. */
static int start_ranks(sls_ranks *rk) {
  char err[SLS_ERRLEN];
  if (sls_ranks_start(rk, err)) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  if (rk->rank > 0 && !freopen("/dev/null", "w", stdout)) fclose(stdout);
  return 0;
}

/* Rank 0 starts publishing out (io/publish: a refusal when it exists, a temporary file next to
 * it, so that an unwritable place shows before the run); every rank gets the exit status. */
static int begin_output(const sls_ranks *rk, sls_publish *pub, const char *out, int force) {
  char err[SLS_ERRLEN];
  int rc = rk->rank == 0 ? sls_publish_begin(pub, out, force, err) : 0;
  if (rc) fprintf(stderr, "slsim: %s\n", err);
  return sls_ranks_agree(rk, rc ? exit_for(rc) : 0);
}

/* Brings every rank's runs to rank 0, which writes the study into pub (with w at the root for
 * run --reps, else sc's inputs).  Returns the exit status, the same on every rank: 0, EXIT_RUN
 * when a run broke conservation (the file is written), or the failure's; *written: rank 0
 * wrote out. */
static int gather_and_write(const sls_ranks *rk, sls_study *st, const sls_world *w, const sls_scenario *sc,
                            sls_publish *pub, int *ran, int *written, char *err) {
  *written = 0;
  int rc = sls_ranks_gather(rk, st, ran, err);
  if (rc) {
    rc = EXIT_RUN;
    if (rk->rank == 0) sls_publish_abort(pub);
  } else if (rk->rank == 0) {
    int conserved = 1;
    for (int t = 0; t < st->n_points * st->reps; t++)
      conserved &= !st->runs[t].done || st->runs[t].conserved;
    int wrc = sls_h5_publish(pub, w, sc, st, err);
    rc = wrc ? exit_for(wrc) : conserved ? 0 : EXIT_RUN;
    *written = !wrc;
    if (!wrc && !conserved) sls_err(err, "conservation violated in a run");
  }
  if (rk->rank == 0 && rc) fprintf(stderr, "slsim: %s\n", err);
  return sls_ranks_agree(rk, rc);
}

/* A limit stopped a run of the study (on some rank): nothing is written. */
static int stop_study(const sls_ranks *rk, sls_publish *pub) {
  if (rk->rank == 0) sls_publish_abort(pub);
  return EXIT_RUN;
}

static void print_ranks(const sls_ranks *rk, const int *ran, int jobs) {
  if (rk->size < 2) return;
  printf("\n%d MPI ranks (%s) x %d thread%s; tasks run per rank:", rk->size, sls_ranks_library(), jobs,
         jobs > 1 ? "s" : "");
  for (int k = 0; k < rk->size; k++)
    printf(" %d", ran[k]);
  printf("\n");
}

/* Progress for a run or study: a bar on a terminal, lines with --progress, else none. */
static int start_progress(progress *pg, const run_opts *ro, int quiet, double total_s) {
  memset(pg, 0, sizeof *pg);
  clock_gettime(CLOCK_MONOTONIC, &pg->start);
  pg->last = pg->start;
  pg->lines = ro->progress;
  pg->total = total_s;
  return ro->progress || (!quiet && isatty(STDERR_FILENO));
}

/* A limit stopped a run: what to tell the user (nothing is written). */
static void say_stopped(const char *why, const run_opts *ro, double at_s, double total_s) {
  char b[32];
  fmt_bytes(ro->limits.max_bytes, b, sizeof b);
  if (!strcmp(why, "events"))
    fprintf(stderr, "slsim: run stopped after --max-events %llu events",
            (unsigned long long)ro->limits.max_events);
  else if (!strcmp(why, "wall"))
    fprintf(stderr, "slsim: run stopped after --max-wall %g s of wall-clock time", ro->limits.max_wall_s);
  else
    fprintf(stderr, "slsim: run stopped: its state grew past %s (--max-memory, or what this process may use)",
            b);
  if (total_s > 0)
    fprintf(stderr, " at %.6g of %.6g simulated seconds; nothing written\n", at_s, total_s);
  else
    fprintf(stderr, "; nothing written\n");
}

/* run: one run of sc into out (one rank) */
static int run_once(const sls_ranks *rk, const sls_scenario *sc, const char *out, int force, int quiet,
                    run_opts *ro) {
  char err[SLS_ERRLEN], msg[SLS_ERRLEN];
  if (memory_gate(sc, 1, 1, 0, ro)) return EXIT_INPUT;
  sls_publish pub;
  int rc = begin_output(rk, &pub, out, force);
  if (rc) return rc;
  sls_world *w = sls_world_alloc(sc, sc->seed, err);
  if (!w) {
    sls_publish_abort(&pub);
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  progress pg;
  if (start_progress(&pg, ro, quiet, sls_time_to_s(sc->duration))) {
    w->progress = show_progress;
    w->progress_ctx = &pg;
  }
  w->limits = ro->limits;
  int stopped = sls_world_run(w);
  if (pg.shown) fprintf(stderr, "\r%60s\r", "");
  if (stopped) {
    say_stopped(w->stopped, ro, sls_time_to_s(w->sim.now), sls_time_to_s(sc->duration));
    sls_world_free(w);
    sls_publish_abort(&pub);
    return EXIT_RUN;
  }
  int conserved = sls_world_conserved(w, msg);
  rc = sls_h5_publish(&pub, w, NULL, NULL, err);
  sls_world_free(w);
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return exit_for(rc);
  }
  if (!quiet) {
    report_file(out, SLS_REPORT_TEXT, NULL);
    printf("\nwrote %s\n", out);
  }
  if (!conserved) {
    fprintf(stderr, "slsim: conservation violated: %s\n", msg);
    return EXIT_RUN;
  }
  return 0;
}

/* run --reps: the replications (dealt out to MPI ranks, if any); the study's task 0 is the run
 * a single `run` makes, and its world is written at the root as well. */
static int run_reps(const sls_ranks *rk, const sls_scenario *sc, const char *out, int force, int quiet,
                    int reps, int jobs, run_opts *ro) {
  char err[SLS_ERRLEN];
  sls_study rs;
  if (sls_study_grid(&rs, 0, NULL, NULL, NULL, reps, err)) return bad(err);
  if (memory_gate(sc, 1, jobs < reps ? jobs : reps, reps, ro)) {
    sls_study_free(&rs);
    return EXIT_INPUT;
  }
  sls_publish pub;
  int rc = begin_output(rk, &pub, out, force);
  if (rc) {
    sls_study_free(&rs);
    return rc;
  }
  sls_world *w0 = NULL;
  progress pg;
  rs.limits = ro->limits;
  if (start_progress(&pg, ro, quiet, 0) && rk->rank == 0) {
    rs.on_done = show_runs;
    rs.on_done_ctx = &pg;
  }
  if (sls_study_run(&rs, sc, sc->seed, jobs, rk->rank, reps, rk->size, &w0))
    say_stopped(rs.stopped, ro, 0, 0);
  int *ran = sls_xcalloc((size_t)rk->size, sizeof *ran), written;
  rc = sls_ranks_agree(rk, rs.stopped != NULL) ? stop_study(rk, &pub)
                                               : gather_and_write(rk, &rs, w0, sc, &pub, ran, &written, err);
  if (!rc && written && !quiet) {
    report_file(out, SLS_REPORT_TEXT, NULL);
    print_ranks(rk, ran, jobs);
    printf("\nwrote %s\n", out);
  }
  free(ran);
  sls_world_free(w0);
  sls_study_free(&rs);
  return rc;
}

static int cmd_run(int argc, char **argv) {
  static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                       {"seed", required_argument, 0, 'S'},
                                       {"set", required_argument, 0, 's'},
                                       {"force", no_argument, 0, 'f'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"reps", required_argument, 0, 'r'},
                                       {"jobs", required_argument, 0, 'j'},
                                       {"help", no_argument, 0, 'h'},
                                       RUN_OPTIONS,
                                       {0, 0, 0, 0}};
  sls_override sets[MAX_SETS];
  int ns = 0, c, force = 0, quiet = 0, have_seed = 0, reps = 1, jobs = 1;
  const char *out = NULL;
  unsigned long long seed = 0;
  run_opts ro;
  memset(&ro, 0, sizeof ro);
  while ((c = getopt_long(argc, argv, "o:s:fqh", opts, NULL)) != -1) {
    int r = parse_run_opt(c, optarg, &ro);
    if (r < 0) return EXIT_INPUT;
    if (r) continue;
    switch (c) {
    case 'o': out = optarg; break;
    case 'S':
      if (parse_seed(optarg, &seed)) return bad("--seed expects an integer in 0..18446744073709551615");
      have_seed = 1;
      break;
    case 's':
      if (parse_set(optarg, sets, &ns)) return EXIT_INPUT;
      break;
    case 'f': force = 1; break;
    case 'q': quiet = 1; break;
    case 'r':
      if (parse_count(optarg, &reps, 100000)) return bad("--reps expects an integer in 1..100000");
      break;
    case 'j':
      if (parse_count(optarg, &jobs, 1024)) return bad("--jobs expects an integer in 1..1024");
      break;
    case 'h': usage_all(stdout); return 0;
    default: return EXIT_INPUT;
    }
  }
  if (optind != argc - 1) return bad("run: expected one scenario file");
  const char *path = argv[optind];
  char outbuf[4096], err[SLS_ERRLEN];
  if (!out) {
    default_out(path, outbuf, sizeof outbuf);
    out = outbuf;
  }
  sls_scenario sc;
  int rc = sls_scenario_load(path, sets, ns, &sc, err);
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  if (have_seed) sc.seed = seed;
  sc.invocation = sls_xstrdup(invocation);
  warn(&sc);
  sls_ranks rk;
  if (start_ranks(&rk)) {
    sls_scenario_free(&sc);
    return EXIT_INPUT;
  }
  if (reps > 1)
    rc = run_reps(&rk, &sc, out, force, quiet, reps, jobs, &ro);
  else if (rk.size > 1) {
    fprintf(stderr, "slsim: run makes one run; give --reps N to spread replications over the %d MPI ranks\n",
            rk.size);
    rc = EXIT_INPUT;
  } else
    rc = run_once(&rk, &sc, out, force, quiet, &ro);
  sls_ranks_end(&rk);
  sls_scenario_free(&sc);
  return rc;
}

static int cmd_report(int argc, char **argv) {
  static const struct option opts[] = {{"csv", no_argument, 0, 'c'},
                                       {"json", no_argument, 0, 'j'},
                                       {"wide", no_argument, 0, 'W'},
                                       {"html", no_argument, 0, 'H'},
                                       {"output", required_argument, 0, 'o'},
                                       {"force", no_argument, 0, 'f'},
                                       {"table", required_argument, 0, 't'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  int c;
  sls_report_format fmt = SLS_REPORT_TEXT;
  const char *table = NULL, *out = NULL;
  int force = 0;
  while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
    if (c == 'c')
      fmt = SLS_REPORT_CSV;
    else if (c == 'j')
      fmt = SLS_REPORT_JSON;
    else if (c == 'W')
      fmt = SLS_REPORT_WIDE;
    else if (c == 'H')
      fmt = SLS_REPORT_HTML;
    else if (c == 'o')
      out = optarg;
    else if (c == 'f')
      force = 1;
    else if (c == 't')
      table = optarg;
    else if (c == 'h') {
      usage_all(stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  int known = 0;
  for (int t = 0; table && sls_report_tables[t]; t++)
    known |= !strcmp(table, sls_report_tables[t]);
  if (table && !known)
    return bad("--table expects functions, sources, queues, downstreams, capacity_providers, topics, buses, "
               "joins, machines, states, cost, alternatives or ci");
  if (table && fmt != SLS_REPORT_CSV) return bad("--table goes with --csv");
  if (optind != argc - 1) return bad("report: expected one result file");
  if ((fmt == SLS_REPORT_HTML) != (out != NULL)) return bad("--html and -o FILE.html go together");
  if (fmt == SLS_REPORT_HTML) {
    char err[SLS_ERRLEN];
    int rc = sls_report_html(argv[optind], out, force, err);
    if (rc) {
      fprintf(stderr, "slsim: %s\n", err);
      return exit_for(rc);
    }
    printf("wrote %s\n", out);
    return 0;
  }
  return report_file(argv[optind], fmt, table);
}

/* Length of path without its extension (a '.' in a directory name is not one). */
static int stem_len(const char *path) {
  const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
  return dot && (!slash || dot > slash) && dot != (slash ? slash + 1 : path) ? (int)(dot - path)
                                                                             : (int)strlen(path);
}

/* A time for plot --from/--to: a number of seconds, or with a unit s, min, h or d ("90min"). */
static int parse_time(const char *arg, double *out) {
  char *end;
  errno = 0;
  double v = strtod(arg, &end);
  static const struct {
    const char *unit;
    double s;
  } units[] = {{"", 1}, {"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}};
  for (size_t k = 0; end != arg && !errno && isfinite(v) && v >= 0 && k < sizeof units / sizeof *units; k++)
    if (!strcmp(end, units[k].unit)) {
      *out = v * units[k].s;
      return 0;
    }
  return bad("--from/--to expect a time: seconds, or a number with s, min, h or d (90min, 2h)");
}

/* WIDTH,HEIGHT for plot --size: pixels, 100 to 10,000 each. */
static int parse_wh(const char *arg, int *w, int *h) {
  char *end;
  long a = strtol(arg, &end, 10), b = *end == ',' || *end == 'x' ? strtol(end + 1, &end, 10) : -1;
  if (*end || a < 100 || a > 10000 || b < 100 || b > 10000)
    return bad("--size expects WIDTH,HEIGHT in pixels, 100 to 10000 each (a PDF: 100 to the inch)");
  *w = (int)a;
  *h = (int)b;
  return 0;
}

static int cmd_plot(int argc, char **argv) {
  static const struct option opts[] = {{"what", required_argument, 0, 'w'},
                                       {"from", required_argument, 0, 'F'},
                                       {"to", required_argument, 0, 'T'},
                                       {"size", required_argument, 0, 'z'},
                                       {"font", required_argument, 0, 'n'},
                                       {"output", required_argument, 0, 'o'},
                                       {"metric", required_argument, 0, 'm'},
                                       {"entity", required_argument, 0, 'e'},
                                       {"force", no_argument, 0, 'f'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *what[8];
  int nw = 0, c, force = 0;
  const char *out = NULL, *metric = "p99_ms", *entity = NULL;
  sls_plot_opts po = {NAN, NAN, 0, 0, 0};
  while ((c = getopt_long(argc, argv, "w:o:fh", opts, NULL)) != -1) {
    if (c == 'F' || c == 'T') {
      if (parse_time(optarg, c == 'F' ? &po.from_s : &po.to_s)) return EXIT_INPUT;
    } else if (c == 'z') {
      if (parse_wh(optarg, &po.width, &po.height)) return EXIT_INPUT;
    } else if (c == 'n') {
      char *end;
      po.font_pt = strtod(optarg, &end);
      if (*end || !(po.font_pt >= 4 && po.font_pt <= 72))
        return bad("--font expects a size in points, 4 to 72");
    } else if (c == 'w') {
      if (nw == 8) return bad("plot: at most 8 --what");
      what[nw++] = optarg;
    } else if (c == 'f')
      force = 1;
    else if (c == 'm')
      metric = optarg;
    else if (c == 'e')
      entity = optarg;
    else if (c == 'o')
      out = optarg;
    else if (c == 'h') {
      usage_all(stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  if (optind != argc - 1) return bad("plot: expected one result file");
  if (isfinite(po.from_s) && isfinite(po.to_s) && po.to_s <= po.from_s)
    return bad("--to must be after --from");
  const char *h5 = argv[optind];
  if (nw == 1 && !strcmp(what[0], "sweep")) { /* a metric against the varied key, with CIs */
    char path[4096], e[SLS_ERRLEN];
    snprintf(path, sizeof path, "%.*s-%s.png", stem_len(h5), h5, metric);
    int rc = sls_plot_sweep_with(h5, entity, metric, out ? out : path, force, &po, e);
    if (rc) {
      fprintf(stderr, "slsim: %s\n", e);
      return exit_for(rc);
    }
    printf("wrote %s\n", out ? out : path);
    return 0;
  }
  if (nw == 0) { /* every kind the result has something for */
    char e[SLS_ERRLEN];
    nw = sls_plot_kinds_of(h5, what, e);
    if (nw < 0) {
      fprintf(stderr, "slsim: %s\n", e);
      return EXIT_INPUT;
    }
  }
  char err[SLS_ERRLEN];
  for (int i = 0; i < nw; i++) {
    char path[4096];
    if (out && nw == 1) {
      snprintf(path, sizeof path, "%s", out);
    } else {
      /* FIG.png with several kinds -> FIG-KIND.png; no -o -> OUT-KIND.png */
      const char *base = out ? out : h5;
      int len = stem_len(base);
      const char *ext = out && base[len] ? base + len : ".png";
      snprintf(path, sizeof path, "%.*s-%s%s", len, base, what[i], ext);
    }
    int rc = sls_plot_with(h5, what[i], path, force, &po, err);
    if (rc) {
      fprintf(stderr, "slsim: %s\n", err);
      return exit_for(rc);
    }
    printf("wrote %s\n", path);
  }
  return 0;
}

static void free_varies(char **keys, char ***vals, const int *nv, int nk) {
  for (int k = 0; k < nk; k++) {
    for (int i = 0; i < nv[k]; i++)
      free(vals[k][i]);
    free(vals[k]);
    free(keys[k]);
  }
}

/* sweep: the grid of --vary values x replications, run here (all tasks, or --task K) */
static int cmd_sweep(int argc, char **argv) {
  static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                       {"seed", required_argument, 0, 'S'},
                                       {"set", required_argument, 0, 's'},
                                       {"vary", required_argument, 0, 'v'},
                                       {"reps", required_argument, 0, 'r'},
                                       {"jobs", required_argument, 0, 'j'},
                                       {"task", required_argument, 0, 'k'},
                                       {"list-tasks", no_argument, 0, 'l'},
                                       {"force", no_argument, 0, 'f'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       RUN_OPTIONS,
                                       {0, 0, 0, 0}};
  sls_override sets[MAX_SETS];
  char *keys[SLS_STUDY_MAX_VARY], **vals[SLS_STUDY_MAX_VARY], err[SLS_ERRLEN];
  int nv[SLS_STUDY_MAX_VARY], nk = 0, ns = 0, c, force = 0, quiet = 0, have_seed = 0, reps = 1, jobs = 1,
                              task = -1, list = 0;
  int rc = EXIT_INPUT;
  unsigned long long seed = 0;
  const char *out = NULL;
  run_opts ro;
  memset(&ro, 0, sizeof ro);
  while ((c = getopt_long(argc, argv, "o:s:fqh", opts, NULL)) != -1) {
    char *end;
    int r = parse_run_opt(c, optarg, &ro);
    if (r < 0) goto args_fail;
    if (r) continue;
    switch (c) {
    case 'o': out = optarg; break;
    case 'S':
      if (parse_seed(optarg, &seed)) {
        rc = bad("--seed expects an integer in 0..18446744073709551615");
        goto args_fail;
      }
      have_seed = 1;
      break;
    case 's':
      if (parse_set(optarg, sets, &ns)) goto args_fail;
      break;
    case 'v':
      if (nk == SLS_STUDY_MAX_VARY) {
        rc = bad("at most 8 --vary keys");
        goto args_fail;
      }
      nv[nk] = sls_vary_parse(optarg, &keys[nk], &vals[nk], err);
      if (nv[nk] < 0) {
        rc = bad(err);
        goto args_fail;
      }
      nk++;
      break;
    case 'r':
      if (parse_count(optarg, &reps, 100000)) {
        rc = bad("--reps expects an integer in 1..100000");
        goto args_fail;
      }
      break;
    case 'j':
      if (parse_count(optarg, &jobs, 1024)) {
        rc = bad("--jobs expects an integer in 1..1024");
        goto args_fail;
      }
      break;
    case 'k': {
      errno = 0;
      long t = strtol(optarg, &end, 10);
      if (!*optarg || *end || errno || t < 0 || t >= SLS_STUDY_MAX_TASKS) {
        rc = bad("--task expects a task number (see --list-tasks)");
        goto args_fail;
      }
      task = (int)t;
      break;
    }
    case 'l': list = 1; break;
    case 'f': force = 1; break;
    case 'q': quiet = 1; break;
    case 'h':
      usage_all(stdout);
      rc = 0;
      goto args_fail;
    default: goto args_fail;
    }
  }
  if (optind != argc - 1) {
    rc = bad("sweep: expected one scenario file");
    goto args_fail;
  }
  if (nk == 0) {
    rc = bad("sweep: expected at least one --vary KEY=V1,V2,...");
    goto args_fail;
  }
  if (!out && !list) {
    rc = bad("sweep: expected -o SWEEP.h5");
    goto args_fail;
  }
  goto parsed;
args_fail: /* rc says how; nothing parsed so far stays allocated */
  free_varies(keys, vals, nv, nk);
  return rc;
parsed:;
  sls_study st;
  int grid = sls_study_grid(&st, nk, keys, vals, nv, reps, err);
  free_varies(keys, vals, nv, nk);
  if (grid) {
    return bad(err);
  }
  if (task >= st.n_points * reps) {
    fprintf(stderr, "slsim: --task %d: the sweep has tasks 0..%d\n", task, st.n_points * reps - 1);
    sls_study_free(&st);
    return EXIT_INPUT;
  }
  sls_scenario *scen = sls_xcalloc((size_t)st.n_points, sizeof *scen);
  sls_override *all = sls_xcalloc((size_t)(ns + nk) + 1, sizeof *all);
  int loaded = 0, *ran = NULL;
  sls_ranks rk;
  if (start_ranks(&rk)) goto out;
  if (rk.size > 1 && task >= 0) {
    fprintf(stderr, "slsim: --task runs one task; under %d MPI ranks leave it out\n", rk.size);
    goto out;
  }
  /* Every point's scenario, validated before anything runs: the --set options, then the
   * point's values.  Ranks go on only if all of them could (a file may be missing on one
   * node): no rank is left waiting for one that stopped. */
  int valid = 1;
  for (int p = 0; p < st.n_points && valid; p++) {
    memcpy(all, sets, (size_t)ns * sizeof *all);
    for (int k = 0; k < nk; k++)
      all[ns + k] = (sls_override){st.vary_key[k], st.vary_value[p * nk + k]};
    valid = sls_scenario_load_point(argv[optind], all, ns + nk, nk, &scen[p], err) == 0;
    if (!valid) {
      fprintf(stderr, "slsim: sweep point %d: %s\n", p, err);
      break;
    }
    loaded++;
    if (p == 0) warn(&scen[0]); /* the points differ in their values, not in their shape */
    if (have_seed) scen[p].seed = seed;
    scen[p].invocation = sls_xstrdup(invocation);
  }
  if (!sls_ranks_all(&rk, valid)) goto out;
  if (list) {
    printf("task point rep seed");
    for (int k = 0; k < nk; k++)
      printf(" %s", st.vary_key[k]);
    printf("\n");
    for (int t = 0; t < st.n_points * reps; t++) {
      printf("%d %d %d %llu", t, t / reps, t % reps,
             (unsigned long long)sls_rep_seed(scen[0].seed, t % reps));
      for (int k = 0; k < nk; k++)
        printf(" %s", st.vary_value[(t / reps) * nk + k]);
      printf("\n");
    }
    rc = 0;
    goto out;
  }
  int tasks = task >= 0 ? 1 : (st.n_points * reps + rk.size - 1) / rk.size;
  if ((rc = memory_gate(scen, st.n_points, jobs < tasks ? jobs : tasks, task >= 0 ? 1 : st.n_points * reps,
                        &ro)))
    goto out;
  sls_publish pub;
  if ((rc = begin_output(&rk, &pub, out, force))) goto out;
  progress pg;
  st.limits = ro.limits;
  if (start_progress(&pg, &ro, quiet, 0) && rk.rank == 0) {
    st.on_done = show_runs;
    st.on_done_ctx = &pg;
  }
  /* MPI rank r of N runs the tasks r, r + N, ... (one rank: all of them) */
  if (sls_study_run(&st, scen, scen[0].seed, jobs, task >= 0 ? task : rk.rank,
                    task >= 0 ? task + 1 : st.n_points * reps, rk.size, NULL))
    say_stopped(st.stopped, &ro, 0, 0);
  ran = sls_xcalloc((size_t)rk.size, sizeof *ran);
  int written = 0;
  rc = sls_ranks_agree(&rk, st.stopped != NULL)
           ? stop_study(&rk, &pub)
           : gather_and_write(&rk, &st, NULL, &scen[0], &pub, ran, &written, err);
  if (!rc && written && !quiet) {
    report_study(out);
    print_ranks(&rk, ran, jobs);
    printf("\nwrote %s\n", out);
  }
out:
  sls_ranks_end(&rk);
  for (int p = 0; p < loaded; p++)
    sls_scenario_free(&scen[p]);
  free(ran);
  free(scen);
  free(all);
  sls_study_free(&st);
  return rc;
}

/* validate: the oracles of src/validate, as a table and (with -o) as the Markdown report */
static int cmd_validate(int argc, char **argv) {
  static const struct option opts[] = {
      {"output", required_argument, 0, 'o'}, {"jobs", required_argument, 0, 'j'},
      {"force", no_argument, 0, 'f'},        {"seed-set", required_argument, 0, 's'},
      {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
  const char *out = NULL;
  int c, jobs = 1, force = 0, seed_set = 0;
  while ((c = getopt_long(argc, argv, "o:fh", opts, NULL)) != -1) {
    if (c == 'o')
      out = optarg;
    else if (c == 'j') {
      if (parse_count(optarg, &jobs, 1024)) return bad("--jobs expects an integer in 1..1024");
    } else if (c == 's') {
      if (parse_count(optarg, &seed_set, 1000000000))
        return bad("--seed-set expects an integer in 1..1000000000");
      sls_rng_set_seed_set((uint64_t)seed_set);
    } else if (c == 'f')
      force = 1;
    else if (c == 'h') {
      usage_all(stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  if (optind != argc) return bad("validate: takes no file (the oracles are built in)");
  char err[SLS_ERRLEN];
  sls_publish pub;
  int rc = out ? sls_publish_begin(&pub, out, force, err) : 0;
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return exit_for(rc);
  }
  sls_check_row *rows;
  int n = sls_validate_run(jobs, &rows, err);
  if (n < 0) {
    if (out) sls_publish_abort(&pub);
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_RUN;
  }
  int passed = 0;
  printf("%-54s %12s %22s %4s  %s\n", "quantity", "analytical", "simulated (99.9 % CI)", "R", "");
  for (int i = 0; i < n; i++) {
    const sls_check_row *r = &rows[i];
    if (i == 0 || r->group != rows[i - 1].group) printf("%s\n", sls_validate_group(r->group)->title);
    char sim[64];
    if (r->reps > 1)
      snprintf(sim, sizeof sim, "%.5g +- %.2g", r->mean, r->half_width);
    else
      snprintf(sim, sizeof sim, "%.6g", r->mean);
    const char *verdict = r->pass                                                        ? "pass"
                          : r->reps > 1 && fabs(r->mean - r->analytical) > r->half_width ? "FAIL outside"
                          : r->reps > 1                                                  ? "FAIL too wide"
                                                                                         : "FAIL";
    printf("  %-52s %12.6g %22s %4d  %s\n", r->quantity, r->analytical, sim, r->reps, verdict);
    passed += r->pass;
  }
  printf("%d of %d pass\n", passed, n);
  if (out) { /* io/publish: complete or not at all */
    FILE *f = fopen(pub.tmp, "w");
    if (f) {
      sls_validate_markdown(f, rows, n);
      rc = ferror(f) || fflush(f) != 0;
      rc |= fclose(f) != 0;
    }
    if (!f || rc) {
      fprintf(stderr, "slsim: %s: cannot write: %s\n", out, strerror(errno));
      sls_publish_abort(&pub);
      free(rows);
      return EXIT_RUN;
    }
    if ((rc = sls_publish_commit(&pub, err))) {
      fprintf(stderr, "slsim: %s\n", err);
      free(rows);
      return exit_for(rc);
    }
    printf("wrote %s\n", out);
  }
  free(rows);
  return passed == n ? 0 : EXIT_RUN;
}

/* merge: task files (or studies) of one sweep into one file */
static int cmd_merge(int argc, char **argv) {
  static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                       {"force", no_argument, 0, 'f'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *out = NULL;
  int c, force = 0, quiet = 0;
  while ((c = getopt_long(argc, argv, "o:fqh", opts, NULL)) != -1) {
    if (c == 'o')
      out = optarg;
    else if (c == 'f')
      force = 1;
    else if (c == 'q')
      quiet = 1;
    else if (c == 'h') {
      usage_all(stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  if (!out) return bad("merge: expected -o OUT.h5");
  if (optind >= argc) return bad("merge: expected task files");
  sls_study st;
  memset(&st, 0, sizeof st);
  char err[SLS_ERRLEN];
  for (int i = optind; i < argc; i++)
    if (sls_h5_read_study(argv[i], &st, err)) {
      fprintf(stderr, "slsim: %s\n", err);
      sls_study_free(&st);
      return EXIT_INPUT;
    }
  int rc = sls_h5_write_study(out, force, NULL, NULL, &st, err);
  sls_study_free(&st);
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return exit_for(rc);
  }
  if (!quiet) {
    report_study(out);
    printf("\nwrote %s\n", out);
  }
  return 0;
}

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  sls_h5_quiet();
  signal(SIGXFSZ, SIG_IGN); /* a file-size limit (ulimit -f) is a write error with EFBIG, not a kill */
  if (argc < 2) {
    usage_all(stderr);
    return EXIT_INPUT;
  }
  set_invocation(argc, argv);
  atexit(free_invocation);
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    for (int i = 0; argc > 2 && i < N_HELP; i++) /* slsim help COMMAND */
      if (!strcmp(argv[2], help[i].cmd)) {
        put_help(stdout, &help[i]);
        return 0;
      }
    usage_all(stdout);
    return 0;
  }
  if (!strcmp(cmd, "--man")) {
    man_page(stdout);
    return 0;
  }
  for (int i = 0; i < N_HELP; i++) /* slsim COMMAND ... --help */
    if (!strcmp(cmd, help[i].cmd))
      for (int a = 2; a < argc; a++)
        if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
          put_help(stdout, &help[i]);
          return 0;
        }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
    char lib[256];
    sls_h5_libraries(lib, sizeof lib);
    printf("slsim %s (%s)\n%s\n"
           "Copyright (C) 2026 the slsim authors.\n"
           "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n"
           "Report bugs on the project's issue tracker, with `slsim --version`, the scenario and the\n"
           "command line (a result file records both: h5dump -d /scenario_text -d /command_line).\n",
           PACKAGE_VERSION, sls_ranks_library(), lib);
    return 0;
  }
  argc--;
  argv++;
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {{"run", cmd_run},     {"check", cmd_check}, {"report", cmd_report},     {"plot", cmd_plot},
              {"sweep", cmd_sweep}, {"merge", cmd_merge}, {"validate", cmd_validate}, {"keys", cmd_keys}};
  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
    if (!strcmp(cmd, cmds[i].name)) {
      int rc = cmds[i].fn(argc, argv);
      /* what was printed must have arrived: a full disk or a closed pipe is a failure */
      if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0) {
        fprintf(stderr, "slsim: cannot write standard output: %s\n", errno ? strerror(errno) : "write error");
        return EXIT_RUN;
      }
      return rc;
    }
  fprintf(stderr, "slsim: unknown command '%s'\n\n", cmd);
  usage_all(stderr);
  return EXIT_INPUT;
}
