/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testutil — helpers shared by the Check tests: load a scenario from inline text (through
 * the real loader), run a world, and replication statistics.
 */
#ifndef SLS_TESTUTIL_H
#define SLS_TESTUTIL_H

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/rng.h"
#include "engine/util.h"
#include "model/world.h"
#include "scenario/scenario.h"

/* A runtime with no cold-start time, for oracle tests (init is not part of the oracles). */
#define RT_ZERO "runtime = { init = { dist = \"constant\"; value_ms = 0.0; }; };"

/* Writes text to a fresh temporary file; its path goes to path (4096 bytes, caller's). */
static inline void write_temp(const char *text, char *path) {
  snprintf(path, 4096, "/tmp/slsim-test-XXXXXX");
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  size_t n = strlen(text);
  ck_assert_int_eq(write(fd, text, n), (ssize_t)n);
  close(fd);
}

/* Loads text as a scenario from a file this helper names (/tmp/slsim-test-*, so tests can check
 * that messages name the file); returns the loader's rc and leaves its message in err. */
static inline int load_text(const char *text, sls_scenario *sc, char *err) {
  char path[4096];
  write_temp(text, path);
  int rc = sls_scenario_load(path, NULL, 0, sc, err);
  unlink(path);
  return rc;
}

/* Loads text (which must be valid), runs it with seed and checks conservation.  The caller
 * frees the world with sls_world_free and the scenario with sls_scenario_free. */
static inline sls_world *run_text(const char *text, sls_scenario *sc, uint64_t seed) {
  char err[SLS_ERRLEN] = "";
  int rc = load_text(text, sc, err);
  ck_assert_msg(rc == 0, "scenario did not load: %s", err);
  sls_world *w = sls_world_alloc(sc, seed, err);
  ck_assert_msg(w != NULL, "world: %s", err);
  sls_world_run(w);
  ck_assert_msg(sls_world_conserved(w, err), "conservation: %s", err);
  /* the run's count of its histograms' bytes (what its memory limit reads) is what they hold */
  ck_assert_msg(w->hist_bytes == sls_world_hist_bytes(w), "histogram bytes counted %lld, held %lld",
                (long long)w->hist_bytes, (long long)sls_world_hist_bytes(w));
  return w;
}

/* Mean and the half-width of the two-sided confidence interval (Student t) of x[0..n-1]. */
static inline void mean_ci(const double *x, int n, double level, double *mean, double *half) {
  double m = 0, v = 0;
  for (int i = 0; i < n; i++)
    m += x[i];
  m /= n;
  for (int i = 0; i < n; i++)
    v += (x[i] - m) * (x[i] - m);
  v /= n - 1;
  *mean = m;
  *half = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, n - 1) * sqrt(v / n);
}

/* A test case with a generous hang guard instead of Check's 4 s default, which failed tests on a
 * loaded machine: no test is about speed (benchmarks are, in bench/), so the timeout only stops
 * a test that hangs.  Under valgrind, scale it with CK_TIMEOUT_MULTIPLIER. */
#define SLS_TEST_TIMEOUT 900
static inline TCase *sls_tcase(const char *name) {
  TCase *tc = tcase_create(name);
  tcase_set_timeout(tc, SLS_TEST_TIMEOUT);
  return tc;
}

/* SLSIM_TEST_SEED_SET=k (tests/seed-robustness) reruns every stochastic test on the k-th other
 * set of streams; tests that compare against a snapshot of the shipped seeds' output ask
 * sls_test_seed_set() and say they skip that comparison. */
static inline unsigned long sls_test_seed_set(void) {
  const char *k = getenv("SLSIM_TEST_SEED_SET");
  return k && *k ? strtoul(k, NULL, 10) : 0;
}
static inline void sls_test_init(void) {
  gsl_set_error_handler_off();
  sls_rng_set_seed_set(sls_test_seed_set());
}

#define RUN_SUITE(make_suite)                                                                                \
  int main(void) {                                                                                           \
    sls_test_init();                                                                                         \
    SRunner *sr = srunner_create(make_suite());                                                              \
    srunner_run_all(sr, CK_NORMAL);                                                                          \
    int failed = srunner_ntests_failed(sr);                                                                  \
    srunner_free(sr);                                                                                        \
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;                                                             \
  }

#endif
