/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * slsim-bench (h): a population of N functions drawn from the Azure Functions 2019 trace (Shahrad et
 * al., "Serverless in the Wild", USENIX ATC 2020; the In-Vitro sample of 500 functions shipped in
 * experiments/azure-trace/data), end to end: the trace files written, loaded, an hour simulated,
 * the results written.  Each of the N functions is one of the 500 drawn with replacement (one
 * taus2 stream, seed fixed), under a name of its own: its invocations per minute, its duration
 * percentiles and its memory are that function's, so the population has the trace's heavy tail
 * of rates (half its functions are called under 50 times in 8 hours, one 1.9 million times) and
 * its spread of durations and memory.  The account has no concurrency limit or scaling rate in
 * the way; keep-alive 10 minutes.
 */
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "engine/rng.h"
#include "engine/util.h"

/* The lines of a file (the header first); NULL when it cannot be read. */
static char **read_lines(const char *path, size_t *n) {
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  char **lines = NULL, *line = NULL;
  size_t cap = 0, len = 0;
  *n = 0;
  while (getline(&line, &len, f) > 0) {
    if (*n == cap) lines = sls_xrealloc(lines, (cap = cap ? 2 * cap : 1024) * sizeof *lines);
    lines[(*n)++] = sls_xstrdup(line);
  }
  free(line);
  fclose(f);
  return lines;
}

static void free_lines(char **l, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(l[i]);
  free(l);
}

/* The line after its first three fields (the identifiers), or "" */
static const char *after_ids(const char *line) {
  for (int k = 0; k < 3 && line; k++)
    line = strchr(line, ',') ? strchr(line, ',') + 1 : NULL;
  return line ? line : "\n";
}

/* Writes dir/{invocations,durations,memory}.csv: n functions drawn from the sample's rows. */
static int write_population(const char *dir, const char *data, int n) {
  const char *names[3] = {"invocations", "durations", "memory"};
  char **lines[3];
  size_t nl[3];
  for (int k = 0; k < 3; k++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/invitro_500_%s.csv", data, names[k]);
    if (!(lines[k] = read_lines(path, &nl[k])) || nl[k] < 2) {
      fprintf(stderr, "slsim-bench: (h) cannot read %s\n", path);
      return 1;
    }
  }
  /* the three files list the same 500 functions, each in its own order: match rows by name */
  size_t rows = nl[0] - 1;
  size_t *row_of[3];
  for (int k = 0; k < 3; k++) {
    row_of[k] = sls_xcalloc(rows, sizeof(size_t));
    int fn_field = k == 2 ? 0 : 2; /* HashFunction: third field, first in the memory file */
    for (size_t i = 0; i < rows; i++) {
      const char *want = lines[0][1 + i];
      for (int s = 0; s < 2; s++)
        want = strchr(want, ',') + 1;
      size_t wl = strcspn(want, ",");
      row_of[k][i] = 0;
      for (size_t j = 1; j < nl[k]; j++) {
        const char *have = lines[k][j];
        for (int s = 0; s < fn_field; s++)
          have = strchr(have, ',') + 1;
        if (strncmp(have, want, wl) == 0 && have[wl] == ',') row_of[k][i] = j;
      }
      if (!row_of[k][i]) {
        fprintf(stderr, "slsim-bench: (h) a function of the invocations is not in the %s file\n", names[k]);
        return 1;
      }
    }
  }
  gsl_rng *r = sls_rng_alloc(18, "population", "pick");
  FILE *out[3];
  for (int k = 0; k < 3; k++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", dir, names[k]);
    out[k] = fopen(path, "w");
    if (!out[k]) return 1;
    fputs(lines[k][0], out[k]);
  }
  for (int i = 0; i < n; i++) {
    size_t pick = gsl_rng_uniform_int(r, rows);
    for (int k = 0; k < 3; k++) {
      const char *rest = after_ids(lines[k][row_of[k][pick]]);
      if (k == 2)
        fprintf(out[k], "f%d,o%d,a%d,%s", i, i, i, rest);
      else
        fprintf(out[k], "o%d,a%d,f%d,%s", i, i, i, rest);
    }
  }
  int rc = 0;
  for (int k = 0; k < 3; k++) {
    rc |= fclose(out[k]) != 0;
    free_lines(lines[k], nl[k]);
    free(row_of[k]);
  }
  sls_rng_free(r);
  return rc;
}

int sls_bench_population(const char *data, int n, sls_bench_fn run) {
  char dir[] = "/tmp/slsim-bench-population-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  double t0 = sls_bench_now_s();
  int rc = write_population(dir, data, n);
  double gen_s = sls_bench_now_s() - t0;
  char cfg[4200], label[80];
  snprintf(cfg, sizeof cfg, "%s/population.cfg", dir);
  FILE *f = rc ? NULL : fopen(cfg, "w");
  if (f) {
    fprintf(
        f,
        "name = \"bench-population-azure\"; seed = 19; duration_h = 1.0; sample_interval_min = 10.0;\n"
        "account = { concurrency_limit = 10000000; unreserved_min = 0; scaling = { mode = \"none\"; }; };\n"
        "traces = ( { name = \"az\"; format = \"azure2019\"; placement = \"uniform\";\n"
        "  invocations = \"invocations.csv\"; durations = \"durations.csv\"; memory = \"memory.csv\";\n"
        "  function = { runtime = \"python3.12\"; keep_alive_min = 10.0; max_lifetime_s = 0.0; }; } );\n");
    rc |= fclose(f) != 0;
    printf("(h) %d functions drawn from the Azure 2019 sample: trace files written in %.2f s\n", n, gen_s);
    snprintf(label, sizeof label, "(h) %d Azure-trace functions, 1 h", n);
    rc |= run(label, cfg);
  } else
    rc = 1;
  const char *files[] = {"invocations.csv", "durations.csv", "memory.csv", "population.cfg"};
  for (int k = 0; k < 4; k++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, files[k]);
    unlink(path);
  }
  rmdir(dir);
  return rc;
}
