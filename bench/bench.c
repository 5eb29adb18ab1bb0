/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * slsim-bench — events/s and simulated invocations/s on this machine (issue 2, item 10).
 * Not a test: it reports numbers and never fails on time.
 *
 *   (a) one function, Poisson 1,000 req/s, warm pool, one simulated hour (3.6 M invocations);
 *   (b) a simulated 30-day month of configs/api-steady.cfg (2 M requests/day: ~60 M);
 *   (c) population scale: 100 and 10,000 functions sharing the account at the same total load;
 *   (d) loading alone: 100,000 queues with their mappings and dead-letter queues;
 *   (e) composition: a 4-stage chain with a fan-out of 10 (api -> 10 x work -> enrich -> SQS -> store);
 *   (f) several requests per instance: Cloud Run, 80 per instance sharing 1 vCPU, 1,000 req/s;
 *   (g) cost per invocation against live environments: W = 2 s, lambda = 1 .. 100,000 per second;
 *   (h) 10,000 and 100,000 functions drawn from the Azure 2019 trace, end to end (bench/population.c).
 * Each run also reports its load and HDF5 write times.  First, (v): ns per variate of each
 * distribution the model draws, through sls_dist_sample on one taus2 stream, beside GSL's own
 * samplers the model used before (log1p exponential, Box-Muller lognormal).
 *
 * (q), apart: the event set alone by the hold model against a calendar queue (bench/eventset.c).
 *
 * Usage: slsim-bench [path/to/api-steady.cfg [path/to/azure-trace/data]]
 *        slsim-bench --variates   ((v) alone)
 *        slsim-bench --eventset   ((q))
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <math.h>

#include "bench.h"
#include "engine/rng.h"
#include "engine/util.h"
#include "io/h5.h"
#include "model/dist.h"
#include "model/world.h"
#include "scenario/scenario.h"

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double sls_bench_now_s(void) { return now_s(); }

/* SLSIM_BENCH_ONLY = letters of the parts to run (e.g. "ag"); unset: all. */
static int want(char part) {
  const char *only = getenv("SLSIM_BENCH_ONLY");
  return !only || strchr(only, part) != NULL;
}

/* (v) ns per variate: N draws, the sum kept so the compiler cannot drop them. */
static double sink;
static void variate(const char *label, const sls_dist *d, double (*raw)(const gsl_rng *)) {
  enum { N = 20000000 };
  gsl_rng *r = sls_rng_alloc(1, "bench", label);
  double t0 = now_s(), sum = 0;
  if (d)
    for (int i = 0; i < N; i++)
      sum += sls_dist_sample(d, r);
  else
    for (int i = 0; i < N; i++)
      sum += raw(r);
  double ns = (now_s() - t0) / N * 1e9;
  sink += sum;
  printf("  %-44s %6.1f ns\n", label, ns);
  sls_rng_free(r);
}
static double gsl_exp1(const gsl_rng *r) { return gsl_ran_exponential(r, 1.0); }
static double gsl_logn(const gsl_rng *r) { return gsl_ran_lognormal(r, 0.0, 0.6); }
static double gsl_bm(const gsl_rng *r) { return gsl_ran_gaussian(r, 1.0); }
static double raw_uniform(const gsl_rng *r) { return gsl_rng_uniform(r); }

static void variates(void) {
  printf("(v) ns per variate, one taus2 stream, %d draws each\n", 20000000);
  variate("taus2 uniform (the stream alone)", NULL, raw_uniform);
  static const struct {
    const char *label;
    int kind;
    double a, b;
    double (*gsl)(const gsl_rng *); /* GSL's own sampler of the same law, when the model used it */
    const char *gsl_label;
  } laws[] = {
      {"exponential (ziggurat)", SLS_DIST_EXPONENTIAL, 1e8, 0, gsl_exp1, "  GSL gsl_ran_exponential (log1p)"},
      {"lognormal (exp of the ziggurat normal)", SLS_DIST_LOGNORMAL, 18.420680743952367, 0.6, gsl_logn,
       "  GSL gsl_ran_lognormal (Box-Muller polar)"},
      {"uniform", SLS_DIST_UNIFORM, 1e8, 2e8, NULL, NULL},
      {"gamma (GSL, Marsaglia-Tsang)", SLS_DIST_GAMMA, 2.5, 4e7, NULL, NULL},
      {"weibull (GSL)", SLS_DIST_WEIBULL, 1.7, 9e7, NULL, NULL},
      {"pareto (GSL)", SLS_DIST_PARETO, 3.5, 2e7, NULL, NULL},
  };
  variate("normal (GSL ziggurat)", NULL, sls_ran_normal1);
  variate("  GSL gsl_ran_gaussian (Box-Muller polar)", NULL, gsl_bm);
  for (size_t k = 0; k < sizeof laws / sizeof laws[0]; k++) {
    sls_dist d = {0};
    d.kind = laws[k].kind;
    d.a = laws[k].a; /* lognormal: ln(1e8 ns), a median of 100 ms */
    d.b = laws[k].b;
    variate(laws[k].label, &d, NULL);
    if (laws[k].gsl) variate(laws[k].gsl_label, NULL, laws[k].gsl);
  }
  const double p[] = {0, 0.25, 0.5, 0.75, 0.99, 1}, v[] = {1e6, 5e6, 2e7, 6e7, 3e8, 1e9};
  sls_dist e;
  sls_dist_empirical(&e, 6, p, v);
  variate("empirical (7-point percentile table)", &e, NULL);
  sls_dist_destroy(&e);
  if (sink == 0.5) printf("\n"); /* never: keeps the sums */
}

/* run = 0: load only (a scenario too large to simulate here in one go). */
static int bench(const char *label, const char *path, const sls_override *o, int no, int run) {
  char err[SLS_ERRLEN];
  sls_scenario sc;
  double t0 = now_s();
  if (sls_scenario_load(path, o, no, &sc, err)) {
    fprintf(stderr, "slsim-bench: %s\n", err);
    return 1;
  }
  double load_s = now_s() - t0;
  if (!run) {
    printf("%-44s load %.2f s (%d functions, %d queues, %d mappings)\n", label, load_s, sc.n_functions,
           sc.n_queues, sc.n_mappings);
    sls_scenario_free(&sc);
    return 0;
  }
  sls_world *w = sls_world_alloc(&sc, sc.seed, err);
  if (!w) {
    fprintf(stderr, "slsim-bench: %s\n", err);
    return 1;
  }
  /* slsim run always has a memory limit, whose check reads the run's bytes every 4,096 events:
   * one never reached keeps that check in what is measured */
  w->limits.max_bytes = 1e18;
  sls_world_run(w);
  long run_rss_kb = peak_rss_kb(); /* the peak before the write */
  char out[] = "/tmp/slsim-bench-out-XXXXXX";
  int fd = mkstemp(out);
  if (fd >= 0) close(fd);
  t0 = now_s();
  int wrc = fd >= 0 ? sls_h5_write(out, 1, w, err) : -1;
  double write_s = now_s() - t0;
  struct stat st;
  long long bytes = fd >= 0 && stat(out, &st) == 0 ? (long long)st.st_size : -1;
  if (fd >= 0) unlink(out);
  uint64_t inv = 0;
  for (int i = 0; i < w->n_functions; i++)
    inv += w->functions[i].st.invocations;
  printf(
      "%-44s %8.2f s wall  %12llu events %7.2f M events/s  %11llu invocations %6.2f M inv/s %5.0f ns/inv\n",
      label, w->wall_s, (unsigned long long)w->sim.n_events, (double)w->sim.n_events / w->wall_s / 1e6,
      (unsigned long long)inv, (double)inv / w->wall_s / 1e6, inv ? w->wall_s / (double)inv * 1e9 : 0.0);
  printf("%-44s simulated %.0f s; peak pending events %zu, event blocks %zu, environments peak %zu, "
         "requests in flight peak %zu, peak RSS %ld MB (%ld MB before the write), conserved %s\n",
         "", sls_time_to_s(sc.duration), w->sim.peak_pending, w->sim.n_blocks, w->env_pool.peak,
         w->req_pool.peak, peak_rss_kb() / 1024, run_rss_kb / 1024,
         sls_world_conserved(w, err) ? "yes" : err);
  printf("%-44s load %.2f s, write %.2f s (%s, %.1f MB of HDF5)\n", "", load_s, write_s,
         wrc ? "FAILED" : "ok", bytes / 1e6);
  sls_world_free(w);
  sls_scenario_free(&sc);
  return 0;
}

static int run_path(const char *label, const char *path) { return bench(label, path, NULL, 0, 1); }

/* bench() on a scenario given as text (written to a temporary file, removed after). */
static int bench_text(const char *label, const char *text) {
  char path[] = "/tmp/slsim-bench-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    perror("slsim-bench: mkstemp");
    return 1;
  }
  int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
  close(fd);
  int rc = ok ? bench(label, path, NULL, 0, 1) : 1;
  unlink(path);
  return rc;
}

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  if (argc > 1 && !strcmp(argv[1], "--variates")) {
    variates();
    return 0;
  }
  if (argc > 1 && !strcmp(argv[1], "--eventset")) {
    sls_bench_eventset();
    return 0;
  }
  const char *steady = argc > 1 ? argv[1] : "configs/api-steady.cfg";
  const char *warm = "name = \"bench-warm\"; seed = 1; duration_h = 1.0; sample_interval_s = 60.0;\n"
                     "functions = ( { name = \"f\"; memory_mb = 1024; keep_alive_min = 10.0;\n"
                     "  duration = { dist = \"lognormal\"; p50_ms = 40.0; p99_ms = 200.0; }; } );\n"
                     "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s "
                     "= 1000.0; }; } );\n";
  printf("slsim-bench: one core; times are wall-clock for the run loop only (loading excluded)\n");
  if (want('v')) variates();
  int rc = want('a') ? bench_text("(a) 1 function, Poisson 1,000/s, warm, 1 h", warm) : 0;
  /* (e) composition: 100 roots/s through a 4-stage chain that fans out 10-fold after the first
   * stage (every call's API latency drawn, the last hop through a queue): 31 invocations a root */
  const char *chain =
      "name = \"bench-chain\"; seed = 5; duration_h = 1.0; sample_interval_s = 60.0;\n"
      "functions = (\n"
      "  { name = \"api\"; memory_mb = 512; duration = { dist = \"lognormal\"; p50_ms = 30.0; p99_ms = "
      "150.0; };\n"
      "    emits = ( { kind = \"invoke\"; target = \"work\"; count = 10; } ); },\n"
      "  { name = \"work\"; memory_mb = 1024; duration = { dist = \"lognormal\"; p50_ms = 50.0; p99_ms = "
      "250.0; };\n"
      "    emits = ( { kind = \"invoke\"; target = \"enrich\"; } ); },\n"
      "  { name = \"enrich\"; memory_mb = 512; duration = { dist = \"lognormal\"; p50_ms = 20.0; p99_ms = "
      "100.0; };\n"
      "    emits = ( { kind = \"send\"; target = \"out\"; } ); },\n"
      "  { name = \"store\"; memory_mb = 512; duration = { dist = \"lognormal\"; p50_ms = 15.0; p99_ms = "
      "60.0; }; } );\n"
      "queues = ( { name = \"out\"; } );\n"
      "mappings = ( { name = \"m\"; queue = \"out\"; function = \"store\"; batch_size = 1; } );\n"
      "sources = ( { name = \"users\"; target = \"api\"; arrival = { kind = \"poisson\"; rate_per_s = 100.0; "
      "}; } );\n";
  if (want('e')) rc |= bench_text("(e) 4-stage chain, fan-out 10, 100/s, 1 h", chain);
  /* (f) several requests per instance: Cloud Run, 80 per instance on 1 vCPU, the autoscaler at
   * 60 %, 1,000 req/s of 150 ms handlers 30 % CPU-bound (processor sharing on every instance) */
  const char *run =
      "name = \"bench-cloud-run\"; seed = 7; platform = \"gcp-cloud-run\"; duration_h = 1.0;\n"
      "sample_interval_s = 60.0;\n"
      "functions = ( { name = \"api\"; memory_mb = 1024; instance_concurrency = 80; timeout_s = 10.0;\n"
      "  cpu_fraction = 0.3; duration = { dist = \"lognormal\"; p50_ms = 150.0; p99_ms = 600.0; }; } );\n"
      "sources = ( { name = \"users\"; target = \"api\"; arrival = { kind = \"poisson\"; rate_per_s = "
      "1000.0; "
      "}; } );\n";
  if (want('f')) rc |= bench_text("(f) Cloud Run, 80 per instance, 1,000/s, 1 h", run);
  /* (c) population scale: N functions sharing the 1,000 account limit, 5,000 req/s in all,
   * 100 ms handlers (~500 concurrent), one simulated hour; N = 100 and 10,000 */
  for (int k = 0; k < 2 && want('c'); k++) {
    int n = k ? 10000 : 100;
    char pop[] = "/tmp/slsim-bench-pop-XXXXXX";
    int pfd = mkstemp(pop);
    if (pfd < 0) return 1;
    FILE *fp = fdopen(pfd, "w");
    fprintf(fp, "name = \"bench-population\"; seed = 3; duration_h = 1.0; sample_interval_s = 300.0;\n"
                "functions = (\n");
    for (int i = 0; i < n; i++)
      fprintf(fp,
              "%s{ name = \"f%d\"; memory_mb = 256; duration = { dist = \"lognormal\"; p50_ms = 80.0; p99_ms "
              "= 400.0; }; }\n",
              i ? "," : "", i);
    fprintf(fp, ");\nsources = (\n");
    for (int i = 0; i < n; i++)
      fprintf(fp,
              "%s{ name = \"s%d\"; target = \"f%d\"; arrival = { kind = \"poisson\"; rate_per_s = %g; }; }\n",
              i ? "," : "", i, i, 5000.0 / n);
    fprintf(fp, ");\n");
    fclose(fp);
    char label[64];
    snprintf(label, sizeof label, "(c) %d functions, 5,000 req/s in all, 1 h", n);
    rc |= bench(label, pop, NULL, 0, 1);
    unlink(pop);
  }
  /* (g) cost per invocation against live environments: one function, W = 2 s, Poisson lambda from
   * 1 to 100,000 per second (lambda W = 2 to 200,000 busy environments), 2 M invocations each or
   * 100 lambda W (20 M at 100,000/s: the opening ramp of cold starts under 1 %), no account limit
   * or scaling rate in the way */
  for (double lam = 1; lam <= 100000 && want('g'); lam *= 10) {
    double n_inv = lam * 2 * 100 > 2e6 ? lam * 2 * 100 : 2e6; /* the opening ramp under 1 % */
    char text[1024], label[80];
    snprintf(
        text, sizeof text,
        "name = \"bench-live\"; seed = 11; duration_s = %.1f; sample_interval_s = 60.0;\n"
        "account = { concurrency_limit = 10000000; unreserved_min = 0; scaling = { mode = \"none\"; }; };\n"
        "functions = ( { name = \"f\"; memory_mb = 512; timeout_s = 10.0;\n"
        "  duration = { dist = \"constant\"; value_ms = 2000.0; }; } );\n"
        "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = %g; }; } "
        ");\n",
        n_inv / lam, lam);
    snprintf(label, sizeof label, "(g) W = 2 s, lambda = %g/s, %g M invocations", lam, n_inv / 1e6);
    rc |= bench_text(label, text);
  }
  /* (h) populations drawn from the Azure 2019 trace, end to end */
  const char *data = argc > 2 ? argv[2] : "experiments/azure-trace/data";
  for (int n = 10000; n <= 100000 && want('h'); n *= 10)
    rc |= sls_bench_population(data, n, run_path);
  /* api-steady for 30 days: the same scenario with the duration overridden */
  sls_override o[] = {{"duration_h", "720.0"}, {"sample_interval_s", "60.0"}};
  if (want('b')) rc |= bench("(b) api-steady, 30-day month", steady, o, 2, 1);
  if (!want('d')) return rc;
  /* (d) loading alone: 100,000 queues, each with a mapping and a dead-letter queue */
  char many[] = "/tmp/slsim-bench-queues-XXXXXX";
  int mfd = mkstemp(many);
  if (mfd < 0) return 1;
  FILE *fp = fdopen(mfd, "w");
  int nq = 100000;
  fprintf(fp, "name = \"bench-queues\"; duration_s = 1.0; sample_interval_s = 0.0;\n"
              "functions = ( { name = \"f\"; duration = { dist = \"constant\"; value_ms = 10.0; }; } "
              ");\nqueues = (\n");
  for (int i = 0; i < nq; i++)
    fprintf(fp, "%s{ name = \"q%d\"; dead_letter_queue = \"q%d\"; }\n", i ? "," : "", i, (i + 1) % nq);
  fprintf(fp, ");\nmappings = (\n");
  for (int i = 0; i < nq; i++)
    fprintf(fp, "%s{ name = \"m%d\"; queue = \"q%d\"; function = \"f\"; }\n", i ? "," : "", i, i);
  fprintf(fp,
          ");\nsources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 1.0; "
          "}; } );\n");
  fclose(fp);
  rc |= bench("(d) 100,000 queues with mappings and DLQs", many, NULL, 0, 0);
  unlink(many);
  return rc;
}
