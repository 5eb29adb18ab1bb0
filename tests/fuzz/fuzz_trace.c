/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: the trace readers (io/trace.h).  The first byte picks the reader — Azure
 * 2019 (the input split at lines "===" into the invocations, durations and memory files),
 * Azure 2021, plain CSV, or a rate table; the rest is the file.  What a reader accepts must
 * hold: start times sorted and within 0..1e9 s, durations recorded or -1 and within 0..1e9 s,
 * per-minute counts that add up to the total, function names of the name characters, rate
 * tables increasing from 0 with non-negative rates.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/util.h"
#include "engine/text.h"
#include "io/trace.h"

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
  snprintf(dir, sizeof dir, "/tmp/slsim-fuzz-trace-XXXXXX");
  if (!mkdtemp(dir)) abort();
  atexit(remove_dir);
  return 0;
}

static void put_file(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) abort();
}

#define CHECK(c)                                                                                             \
  do {                                                                                                       \
    if (!(c)) {                                                                                              \
      fprintf(stderr, "trace invariant broken: %s\n", #c);                                                   \
      abort();                                                                                               \
    }                                                                                                        \
  } while (0)

static void check_trace(const sls_trace *tr) {
  const sls_time max_ns = (sls_time)1e18;
  for (int i = 0; i < tr->n; i++) {
    const sls_trace_fn *f = &tr->fns[i];
    size_t len = strlen(f->name);
    CHECK(len > 0 && len <= 100);
    for (size_t k = 0; k < len; k++)
      CHECK(sls_name_char((unsigned char)f->name[k]));
    if (f->counts) {
      int64_t sum = 0;
      for (int m = 0; m < f->n_minutes; m++)
        sum += f->counts[m];
      CHECK(sum == f->total && f->n_minutes >= 1);
    } else {
      CHECK(f->n == f->total && f->n >= 1);
      for (int64_t k = 0; k < f->n; k++) {
        CHECK(f->times[k] >= 0 && f->times[k] <= max_ns);
        CHECK(k == 0 || f->times[k] >= f->times[k - 1]);
        if (f->durations) CHECK(f->durations[k] == -1 || (f->durations[k] >= 0 && f->durations[k] <= max_ns));
      }
    }
    if (f->has_pct)
      for (int q = 0; q < 7; q++)
        CHECK(f->pct_ms[q] >= 0 && isfinite(f->pct_ms[q]) && (q == 0 || f->pct_ms[q] >= f->pct_ms[q - 1]));
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int kind = data[0] % 4;
  char path[3][4200], err[SLS_ERRLEN];
  for (int k = 0; k < 3; k++)
    snprintf(path[k], sizeof path[k], "%s/f%d.csv", dir, k);
  const char *body = (const char *)data + 1;
  size_t n = size - 1;
  if (kind == 0) { /* up to three files separated by lines "===" */
    const char *part[3] = {body, NULL, NULL};
    size_t len[3] = {n, 0, 0};
    int parts = 1;
    for (size_t i = 0; i + 5 <= n && parts < 3; i++)
      if (!memcmp(body + i, "\n===\n", 5)) {
        len[parts - 1] = (size_t)(body + i + 1 - part[parts - 1]);
        part[parts] = body + i + 5;
        len[parts] = (size_t)(body + n - part[parts]);
        parts++;
      }
    for (int k = 0; k < parts; k++)
      put_file(path[k], part[k], len[k]);
    sls_trace tr;
    if (sls_trace_read_azure2019(path[0], parts > 1 ? path[1] : NULL, parts > 2 ? path[2] : NULL, &tr, err) ==
        0) {
      check_trace(&tr);
      sls_trace_free(&tr);
    }
    return 0;
  }
  put_file(path[0], body, n);
  if (kind == 3) {
    sls_time *t;
    double *r;
    int m;
    if (sls_trace_read_rates(path[0], &t, &r, &m, err) == 0) {
      CHECK(m >= 1 && t[0] == 0);
      for (int i = 0; i < m; i++)
        CHECK(r[i] >= 0 && isfinite(r[i]) && (i == 0 || t[i] > t[i - 1]));
      free(t);
      free(r);
    }
    return 0;
  }
  sls_trace tr;
  if (sls_trace_read_invocations(path[0], kind == 1, &tr, err) == 0) {
    check_trace(&tr);
    sls_trace_free(&tr);
  }
  return 0;
}
