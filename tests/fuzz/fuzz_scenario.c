/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: the scenario loader and what follows it.  For any input that loads:
 *   - the resolved scenario slsim prints (`slsim check`) loads again and prints the same text;
 *   - a short run (20,000 events at most, when its estimated memory is modest) conserves every
 *     request, and its bill can be computed.
 * An input that does not load must say why, naming the file.  Built by `make fuzz` with clang
 * (-fsanitize=fuzzer,address,undefined); `make fuzz-smoke` runs it on configs/, tests/bad/,
 * experiments/ and models/ with the dictionary of the loader's keys (tests/fuzz/scenario.dict).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cost/cost.h"
#include "engine/util.h"
#include "io/h5.h"
#include "scenario/scenario.h"
#include "model/world.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[4096];

/* The scratch directory goes when the fuzzer exits. */
static void remove_dir(void) {
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  setenv("SLSIM_MODELS", SLS_SRCDIR "/models", 1);
  snprintf(dir, sizeof dir, "/tmp/slsim-fuzz-XXXXXX");
  if (!mkdtemp(dir)) abort();
  atexit(remove_dir);
  sls_h5_quiet();
  return 0;
}

static void put_file(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) abort();
}

/* The resolved text of sc, without its first line (which names the file). */
static char *printed(const sls_scenario *sc) {
  char *text = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&text, &n);
  sls_scenario_print(m, sc);
  fclose(m);
  char *body = strchr(text, '\n');
  char *out = strdup(body ? body + 1 : "");
  free(text);
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[4200], again[4200], err[SLS_ERRLEN] = "";
  snprintf(path, sizeof path, "%s/s.cfg", dir);
  snprintf(again, sizeof again, "%s/resolved.cfg", dir); /* beside it: relative trace paths still hold */
  put_file(path, data, size);
  sls_scenario sc;
  if (sls_scenario_load(path, NULL, 0, &sc, err) != 0) {
    /* every refusal names the file it is about: the scenario (or a file beside it), or a trace
     * whose line is at fault (which exists: one that cannot be read is named where the scenario
     * names it) */
    char file[SLS_ERRLEN];
    snprintf(file, sizeof file, "%s", err);
    char *colon = strchr(file, ':');
    if (colon) *colon = 0;
    if (!strstr(err, dir) && !(colon && access(file, R_OK) == 0)) {
      fprintf(stderr, "a refusal that names no file: %s\n", err);
      abort();
    }
    return 0;
  }
  char *p1 = printed(&sc);
  put_file(again, p1, strlen(p1));
  sls_scenario sc2;
  if (sls_scenario_load(again, NULL, 0, &sc2, err) != 0) {
    fprintf(stderr, "the printed scenario does not load: %s\n---\n%s", err, p1);
    abort();
  }
  char *p2 = printed(&sc2);
  if (strcmp(p1, p2) != 0) {
    fprintf(stderr, "printed, loaded and printed again, the scenario differs:\n---\n%s---\n%s", p1, p2);
    abort();
  }
  free(p1);
  free(p2);
  sls_scenario_free(&sc2);
  if (sls_world_check(&sc, err) == 0 && sls_world_estimate(&sc, NULL, 0) < 256e6) {
    sls_world *w = sls_world_alloc(&sc, sc.seed, err);
    if (!w) {
      fprintf(stderr, "a checked scenario builds no world: %s\n", err);
      abort();
    }
    w->limits.max_events = 20000;
    if (sls_world_run(w) == 0 && !sls_world_conserved(w, err)) {
      fprintf(stderr, "conservation violated: %s\n", err);
      abort();
    }
    if (!w->stopped) {
      sls_cost_line *lines = NULL;
      sls_cost_compute(w, &lines);
      free(lines);
    }
    sls_world_free(w);
  }
  sls_scenario_free(&sc);
  return 0;
}
