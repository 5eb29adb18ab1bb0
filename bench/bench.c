/*
 * slsim-bench — events/s and simulated invocations/s on this machine (issue 2, item 10).
 * Not a test: it reports numbers and never fails on time.
 *
 *   (a) one function, Poisson 1,000 req/s, warm pool, one simulated hour (3.6 M invocations);
 *   (b) a simulated 30-day month of configs/api-steady.cfg (2 M requests/day: ~60 M);
 *   (c) population scale: 100 and 10,000 functions sharing the account at the same total load.
 *
 * Usage: slsim-bench [path/to/api-steady.cfg]
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "engine/util.h"
#include "io/scenario.h"
#include "model/world.h"

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static int bench(const char *label, const char *path, const sls_override *o, int no) {
  char err[SLS_ERRLEN];
  sls_scenario sc;
  if (sls_scenario_load(path, o, no, &sc, err)) {
    fprintf(stderr, "slsim-bench: %s\n", err);
    return 1;
  }
  sls_world *w = sls_world_alloc(&sc, sc.seed, err);
  if (!w) {
    fprintf(stderr, "slsim-bench: %s\n", err);
    return 1;
  }
  sls_world_run(w);
  uint64_t inv = 0;
  for (int i = 0; i < w->n_functions; i++)
    inv += w->functions[i].st.invocations;
  printf("%-44s %8.2f s wall  %12llu events %7.2f M events/s  %11llu invocations %6.2f M inv/s\n", label,
         w->wall_s, (unsigned long long)w->sim.n_events, (double)w->sim.n_events / w->wall_s / 1e6,
         (unsigned long long)inv, (double)inv / w->wall_s / 1e6);
  printf("%-44s simulated %.0f s; peak pending events %zu, event blocks %zu, environments peak %zu, "
         "requests in flight peak %zu, peak RSS %ld MB, conserved %s\n",
         "", sls_time_to_s(sc.duration), w->sim.peak_pending, w->sim.n_blocks, w->env_pool.peak,
         w->req_pool.peak, peak_rss_kb() / 1024, sls_world_conserved(w, err) ? "yes" : err);
  sls_world_free(w);
  sls_scenario_free(&sc);
  return 0;
}

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  const char *steady = argc > 1 ? argv[1] : "configs/api-steady.cfg";
  char path[] = "/tmp/slsim-bench-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    perror("slsim-bench: mkstemp");
    return 1;
  }
  const char *warm = "name = \"bench-warm\"; seed = 1; duration_h = 1.0; sample_interval_s = 60.0;\n"
                     "functions = ( { name = \"f\"; memory_mb = 1024; keep_alive_min = 10.0;\n"
                     "  duration = { dist = \"lognormal\"; p50_ms = 40.0; p99_ms = 200.0; }; } );\n"
                     "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s "
                     "= 1000.0; }; } );\n";
  if (write(fd, warm, strlen(warm)) != (ssize_t)strlen(warm)) return 1;
  close(fd);
  printf("slsim-bench: one core; times are wall-clock for the run loop only (loading excluded)\n");
  int rc = bench("(a) 1 function, Poisson 1,000/s, warm, 1 h", path, NULL, 0);
  unlink(path);
  /* (c) population scale: N functions sharing the 1,000 account limit, 5,000 req/s in all,
   * 100 ms handlers (~500 concurrent), one simulated hour; N = 100 and 10,000 */
  for (int k = 0; k < 2; k++) {
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
    rc |= bench(label, pop, NULL, 0);
    unlink(pop);
  }
  /* api-steady for 30 days: the same scenario with the duration overridden */
  sls_override o[] = {{"duration_h", "720.0"}, {"sample_interval_s", "60.0"}};
  rc |= bench("(b) api-steady, 30-day month", steady, o, 2);
  return rc;
}
