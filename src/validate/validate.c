/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "validate/validate.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine/rng.h"
#include "engine/util.h"
#include "model/bus.h"
#include "model/join.h"
#include "model/queue.h"
#include "model/sfn.h"
#include "model/topic.h"
#include "model/world.h"
#include "scenario/scenario.h"
#include "study/study.h"

double sls_erlang_b(int c, double a) {
  double b = 1.0; /* the stable recursion B(k) = a B(k-1) / (k + a B(k-1)) */
  for (int k = 1; k <= c; k++)
    b = a * b / (k + a * b);
  return b;
}

double sls_erlang_c(int c, double a) {
  double b = sls_erlang_b(c, a), rho = a / c; /* C = B / (1 - rho (1 - B)) */
  return b / (1 - rho * (1 - b));
}

int sls_check_pass(double mean, double half_width, double analytical, double tol) {
  if (tol < 0) /* a measured value: within |tol| of it, and an interval narrower than that */
    return fabs(mean - analytical) <= -tol && half_width <= -tol;
  if (tol <= 0) return fabs(mean - analytical) <= 1e-12 * fabs(analytical); /* sums' rounding */
  return fabs(mean - analytical) <= half_width && half_width <= tol * fabs(analytical);
}

/* ---- the oracles ---- */

#define MAXQ 5
/* No INIT: the oracles are about queueing, not about cold-start time. */
#define INIT0 "runtime = { init = { dist = \"constant\"; value_ms = 0.0; }; };"

/* Bursts of 5,000 simultaneous requests at 0, 5.25 and 31 s; 120 s handlers, so each needs a
 * new environment (the scaling oracles). */
#define THREE_BURSTS                                                                                         \
  "functions = ( { name = \"f\"; timeout_s = 900.0; " INIT0 "\n"                                             \
  "    duration = { dist = \"constant\"; value_s = 120.0; }; } );\n"                                         \
  "sources = (\n"                                                                                            \
  "  { name = \"at0\"; target = \"f\"; arrival = { kind = \"batch\"; count = 5000; };\n"                     \
  "    client = { max_retries = 0; }; },\n"                                                                  \
  "  { name = \"at5\"; target = \"f\"; arrival = { kind = \"batch\"; count = 5000; at_s = 5.25; };\n"        \
  "    client = { max_retries = 0; }; },\n"                                                                  \
  "  { name = \"at31\"; target = \"f\"; arrival = { kind = \"batch\"; count = 5000; at_s = 31.0; };\n"       \
  "    client = { max_retries = 0; }; } );\n"

typedef struct oracle {
  sls_check_group g;
  int reps;
  uint64_t seed;
  int nq;
  const char *quantity[MAXQ], *formula[MAXQ];
  double tol[MAXQ];
  void (*analytical)(double *a);
  void (*measure)(const sls_world *w, double *x);
} oracle;

/* -- arrivals -- */
static void arrivals_a(double *a) {
  a[0] = 20.0 * 1000;
  a[1] = 5.0 * 100 + 0.0 * 600 + 30.0 * 300;
}
static void arrivals_m(const sls_world *w, double *x) {
  x[0] = (double)w->sources[0].arrivals;
  x[1] = (double)w->sources[1].arrivals;
}

/* -- Erlang-B -- */
static void erlang_b_a(double *a) {
  double b = sls_erlang_b(10, 8.0);
  a[0] = a[1] = b;
  a[2] = a[3] = 8.0 * (1 - b) * 1.0;
}
static void erlang_b_m(const sls_world *w, double *x) {
  for (int f = 0; f < 2; f++) {
    const sls_function *fn = &w->functions[f];
    x[f] = (double)fn->st.throttled / (double)fn->st.requests;
    x[2 + f] = sls_function_mean_concurrency(fn, w->sc->duration);
  }
}

/* -- M/M/c -- */
static void mmc_a(double *a) {
  double c = sls_erlang_c(5, 4.0);
  a[0] = c;
  a[1] = c / (5 * 1.0 - 4.0);
  a[2] = 4.0 * a[1];
  a[3] = 4.0 / 1.0;
}
static void mmc_m(const sls_world *w, double *x) {
  const sls_queue *q = &w->queues[0];
  const sls_hist *h = &q->st.wait;
  x[0] = 1.0 - (double)sls_hist_count(h, 0) / (double)h->n;
  x[1] = sls_hist_mean(h) / 1e9;
  double vis = 0, inflight = 0;
  for (size_t k = 0; k < w->n_samples; k++) {
    vis += sls_series_get(q->ts, k)[SLS_QTS_VISIBLE_MEAN];
    inflight += sls_series_get(q->ts, k)[SLS_QTS_INFLIGHT_MEAN];
  }
  x[2] = vis / (double)w->n_samples;
  x[3] = inflight / (double)w->n_samples;
}

/* -- M/G/infinity -- */
static void mginf_a(double *a) {
  a[0] = a[1] = 50.0 * 0.180;
  a[2] = 50.0 * 0.180 * (0.3 * 1024.0 / 512 + 0.7);
}
static void mginf_m(const sls_world *w, double *x) {
  for (int f = 0; f < 3; f++)
    x[f] = sls_function_mean_concurrency(&w->functions[f], w->sc->duration);
}

/* -- cold starts -- */
static void cold_a(double *a) {
  const double t[] = {50, 100, 200};
  for (int k = 0; k < 3; k++)
    a[k] = exp(-0.01 * (t[k] + 0.001));
}
static void cold_m(const sls_world *w, double *x) {
  for (int f = 0; f < 3; f++)
    x[f] = (double)w->functions[f].st.cold_starts / (double)w->functions[f].st.invocations;
}

/* -- measured keep-alive curves (mikhail.io): P(cold) after an idle gap, the first call excluded -- */
static void aws_gap_a(double *a) {
  const double measured[] = {0.0, 0.0030303, 0.4060606, 1.0, 1.0}; /* coldstart_aws_interval.json */
  memcpy(a, measured, sizeof measured);
}
static void gcp_gap_a(double *a) {
  const double measured[] = {0.0, 0.0, 1.0, 1.0}; /* coldstart_gcp_interval.json */
  memcpy(a, measured, sizeof measured);
}
static void azure_gap_a(double *a) {
  const double measured[] = {0.0754648, 0.1032068, 0.2129747, 0.7847516,
                             0.9443045}; /* coldstart_azure_interval.json */
  memcpy(a, measured, sizeof measured);
}
static void package_a(double *a) { /* median cold starts (s): _bydependencies, _byvpc, _bydocker.json */
  const double measured[] = {0.2641417, 1.6954576, 3.8748016, 0.4966838, 0.8179445};
  memcpy(a, measured, sizeof measured);
}
static void package_m(const sls_world *w, double *x) {
  for (int f = 0; f < w->n_functions; f++)
    x[f] = sls_hist_quantile(&w->functions[f].st.init_latency, 0.5) / 1e9;
}
static void gap_m(const sls_world *w, double *x) {
  for (int f = 0; f < w->n_functions; f++) {
    const sls_fn_stats *s = &w->functions[f].st;
    x[f] = s->invocations > 1 ? (double)(s->cold_starts - 1) / (double)(s->invocations - 1) : 0;
  }
}

/* -- deterministic: scaling buckets, the account limit, the poller ramp -- */
static void bucket2023_a(double *a) {
  a[0] = 1000;
  a[1] = floor(100 * 5.25);
  a[2] = fmin(1000, floor(100 * (31 - 5.25)));
}
static void legacy_a(double *a) {
  double rate = 500.0 / 60, t1 = rate * 5.25;
  a[0] = 3000;
  a[1] = floor(t1);
  a[2] = floor(t1 - floor(t1) + rate * (31 - 5.25));
}
static void per_source_m(const sls_world *w, double *x) {
  for (int s = 0; s < w->n_sources && s < MAXQ; s++)
    x[s] = (double)w->sources[s].invocations;
}
static void limit_a(double *a) {
  a[0] = 600;
  a[1] = 2000 - 600;
}
static void limit_m(const sls_world *w, double *x) {
  x[0] = (double)w->functions[0].st.invocations;
  x[1] = (double)w->functions[0].st.throttled;
}
static void poller_a(double *a) {
  a[0] = 5 + 5 * 59;
  a[1] = 5 + 1 * 59;
  a[2] = fmin(50, 5 + 5 * 59);
}
static void poller_m(const sls_world *w, double *x) {
  for (int k = 0; k < 3; k++) {
    const sls_queue *q = &w->queues[k];
    x[k] = 0;
    for (size_t r = 0; r < w->n_samples && r < 60; r++)
      x[k] = fmax(x[k], sls_series_get(q->ts, r)[SLS_QTS_MAP_CONC_MAX]);
  }
}

/* -- the graph -- */

/* A source's complete roots: mean completion and response (ms). */
static double completion_ms(const sls_source *s, int response) {
  sls_hist r, c;
  sls_source_latencies(s, &r, &c);
  double m = sls_hist_mean(response ? &r : &c) / 1e6;
  sls_hist_destroy(&r);
  sls_hist_destroy(&c);
  return m;
}

static void chain_a(double *a) {
  a[0] = 100 + 10 + (50 + 3 * 5);
  a[1] = 110 + 50 + 3 * 5 + 20;
  a[2] = 1.0 * (0.175 + 0.065 + 3 * 0.020);
  a[3] = 5;
}
static void chain_m(const sls_world *w, double *x) {
  const sls_source *s = &w->sources[0];
  x[0] = completion_ms(s, 1);
  x[1] = completion_ms(s, 0);
  x[2] = s->use.gb_s[0] / (double)s->arrivals;
  x[3] = s->use.lambda_requests / (double)s->arrivals;
}

static void fanin_a(double *a) {
  a[0] = 50 + 20;
  a[1] = 70 + 2 * (100 + 5) + 30;
  a[2] = 20 * 10;
  a[3] = 20;
}
static void fanin_m(const sls_world *w, double *x) {
  x[0] = completion_ms(&w->sources[0], 1);
  x[1] = completion_ms(&w->sources[0], 0);
  x[2] = (double)w->joins[0].arrivals;
  x[3] = (double)w->joins[0].fired;
}

/* Burke: the departures of a stable M/M/c queue are Poisson, so the second stage is M/M/3 too. */
static void tandem_a(double *a) {
  double c1 = sls_erlang_c(5, 4.0), c2 = sls_erlang_c(3, 4.0 / 2.0);
  a[0] = c1 / (5 * 1.0 - 4.0);
  a[1] = c2;
  a[2] = c2 / (3 * 2.0 - 4.0);
  a[3] = a[0] + 1.0 + a[2] + 0.5;
}
static void tandem_m(const sls_world *w, double *x) {
  const sls_hist *h1 = &w->queues[0].st.wait, *h2 = &w->queues[1].st.wait;
  x[0] = sls_hist_mean(h1) / 1e9;
  x[1] = 1.0 - (double)sls_hist_count(h2, 0) / (double)h2->n;
  x[2] = sls_hist_mean(h2) / 1e9;
  x[3] = completion_ms(&w->sources[0], 0) / 1e3;
}

static void fanout_a(double *a) {
  a[0] = 3600 * 2;            /* t1: f (every type) and g (type A), not q (type B) */
  a[1] = 3600 * 3 + 3600 * 2; /* b: r1 -> f, q and r2 -> t2; then t2 -> f, g */
  a[2] = 3600 * 3;            /* f: from t1, r1 and t2 */
  a[3] = 0.3;
}
static void fanout_m(const sls_world *w, double *x) {
  x[0] = (double)w->topics[0].deliveries;
  x[1] = (double)w->buses[0].deliveries + (double)w->topics[1].deliveries;
  x[2] = (double)w->functions[0].st.async_events;
  x[3] = (double)w->topics[2].deliveries / (double)w->topics[2].published;
}

static void retry_a(double *a) {
  a[0] = 6;
  a[1] = 1;
  a[2] = (1 + 2 + 4 + 8 + 16) / 2.0;
  a[3] = 100;
}
static void retry_m(const sls_world *w, double *x) {
  const sls_source *down = &w->sources[0];
  x[0] = down->use.api_invocations / (double)down->arrivals;
  x[1] = (double)down->roots_dropped / (double)down->arrivals;
  x[2] = completion_ms(&w->sources[0], 0) / 1e3 - 0.1; /* less the delivery latency */
  x[3] = completion_ms(&w->sources[1], 0);             /* after the outage: the first attempt */
}

/* -- Step Functions -- */

static void sfn_exact_a(double *a) {
  a[0] = 10 + 4 * (10 + 5 + 100);        /* the Map's transition, then ceil(10 / 3) waves */
  a[1] = 1 + 10;                         /* the Map and its items */
  a[2] = 10 + 4 * (5 + 100) + 7000 + 10; /* 4 attempts, waits 1 + 2 + 4 s, the catcher's state */
  a[3] = 5 * 0.1 * 64.0 / 1024.0;        /* 470 ms: five 100 ms units at 64 MB */
}
static void sfn_exact_m(const sls_world *w, double *x) {
  const sls_machine *map = &w->machines[0], *retry = &w->machines[1];
  x[0] = sls_hist_mean(&map->latency) / 1e6;
  x[1] = (double)map->transitions / (double)map->started;
  x[2] = sls_hist_mean(&retry->latency) / 1e6;
  x[3] = (double)map->express_100ms * 0.1 * 64.0 / 1024.0 / (double)map->started;
}

static void sfn_branch_a(double *a) {
  a[0] = 0.3;
  a[1] = (1 + 1 / 2.0 + 1 / 3.0) * 100; /* E[max of 3 exponentials of mean 100 ms] = H_3 / mu */
  a[2] = 1 / 3.0;
  a[3] = 0.3 * 0.3 + 0.7 * 0.3 * 0.3; /* caught: A's one attempt failed, or both of B's */
}
static void sfn_branch_m(const sls_world *w, double *x) {
  const sls_machine *ch = &w->machines[0], *par = &w->machines[1];
  x[0] = (double)ch->st[1].entered / (double)ch->started;
  x[1] = sls_hist_mean(&par->latency) / 1e6;
  x[2] = (double)par->st[0].last_branch[0] / (double)par->latency.n;
  x[3] = (double)ch->compensated / (double)ch->started;
}

/* clang-format off */
/* -- several requests per instance -- */
/* One instance (reserved 1) of 1 vCPU taking up to 1,000 requests, all CPU: M/G/1-PS, rho = 0.6. */
static void ps_a(double *a) {
  a[0] = a[1] = 1.0 / (1.0 - 0.6);
  a[2] = a[3] = 0.6 / (1.0 - 0.6);
}
static void ps_m(const sls_world *w, double *x) {
  for (int f = 0; f < 2; f++) {
    x[f] = sls_hist_mean(&w->functions[f].st.latency) / 1e9;
    x[2 + f] = sls_function_mean_concurrency(&w->functions[f], w->sc->duration);
  }
}
/* k = 4 instances of C = 5: Erlang-B with 20 servers, offered 16. */
static void pool_b_a(double *a) {
  double b = sls_erlang_b(20, 16.0);
  a[0] = a[1] = b;
  a[2] = a[3] = 16.0 * (1 - b);
}
/* ... and Erlang-C when requests wait in the request queue. */
static void pool_c_a(double *a) {
  double c = sls_erlang_c(20, 16.0);
  a[0] = c;
  a[1] = c / (20 - 16.0) + 1.0;
  a[2] = 16.0;
  a[3] = 4.0;
}
static void pool_c_m(const sls_world *w, double *x) {
  const sls_function *f = &w->functions[0];
  x[0] = (double)f->st.queued / (double)f->st.attempts;
  x[1] = sls_hist_mean(&f->st.latency) / 1e9;
  x[2] = sls_function_mean_concurrency(f, w->sc->duration);
  x[3] = (double)f->st.envs_created;
}

static const oracle oracles[] = {
  {{"Poisson arrivals",
    "A Poisson source at 20/s for 1,000 s, and a piecewise-constant one (5/s for 100 s, 0 for 600 s, "
    "30/s for 300 s): the number of arrivals has mean equal to the integral of the rate.",
    "definition of the (non-homogeneous) Poisson process",
    "duration_s = 1000.0; sample_interval_s = 0.0;\n"
    "functions = ( { name = \"f\"; duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
    "sources = (\n"
    "  { name = \"s\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 20.0; }; },\n"
    "  { name = \"p\"; target = \"f\"; arrival = { kind = \"piecewise\"; times_s = [0.0, 100.0, 700.0];\n"
    "      rates_per_s = [5.0, 0.0, 30.0]; }; } );\n"},
   30, 4000, 2,
   {"arrivals, Poisson 20/s", "arrivals, piecewise rate"},
   {"lambda T = 20 x 1,000", "5 x 100 + 0 x 600 + 30 x 300"},
   {0.01, 0.01}, arrivals_a, arrivals_m},

  {{"Erlang-B: synchronous requests lost at a concurrency cap (M/G/c/c)",
    "Reserved concurrency c = 10, Poisson 8 requests/s, handlers of mean 1 s, no INIT, environments "
    "that never expire, no client retries: a request is throttled exactly when all 10 are busy, so the "
    "fraction throttled is the Erlang-B blocking probability, whatever the handler-time law "
    "(insensitivity: exponential and lognormal sigma = 1 give the same).  Little's law for the requests "
    "that run: mean concurrency = lambda (1 - B) E[S].",
    "A. K. Erlang (1917); insensitivity: B. A. Sevastyanov (1957); Little's law: J. D. C. Little (1961)",
    "duration_s = 3000.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"exp\"; reserved_concurrency = 10; keep_alive_h = 100.0; max_lifetime_s = 0.0;\n"
    "    timeout_s = 900.0; " INIT0 "\n"
    "    duration = { dist = \"exponential\"; mean_s = 1.0; }; },\n"
    "  { name = \"logn\"; reserved_concurrency = 10; keep_alive_h = 100.0; max_lifetime_s = 0.0;\n"
    "    timeout_s = 900.0; " INIT0 "\n"
    "    duration = { dist = \"lognormal\"; mean_s = 1.0; sigma = 1.0; }; } );\n"
    "sources = (\n"
    "  { name = \"a\"; target = \"exp\"; arrival = { kind = \"poisson\"; rate_per_s = 8.0; };\n"
    "    client = { max_retries = 0; }; },\n"
    "  { name = \"b\"; target = \"logn\"; arrival = { kind = \"poisson\"; rate_per_s = 8.0; };\n"
    "    client = { max_retries = 0; }; } );\n"},
   30, 1000, 4,
   {"fraction throttled, exponential handlers", "fraction throttled, lognormal handlers",
    "mean concurrency, exponential handlers", "mean concurrency, lognormal handlers"},
   {"B(10, 8)", "B(10, 8)", "8 x (1 - B(10, 8)) x 1 s", "8 x (1 - B(10, 8)) x 1 s"},
   {0.05, 0.05, 0.01, 0.01}, erlang_b_a, erlang_b_m},

  {{"Erlang-C: a queue drained at fixed concurrency (M/M/c)",
    "An SQS queue fed Poisson 4 messages/s, drained by an event source mapping held at 5 concurrent "
    "batches of one message (scaling none, maximum_concurrency 5), exponential 1 s handlers: M/M/5 "
    "with offered load a = 4.  A message waits with probability C(5, 4); the mean wait is "
    "C / (c mu - lambda); by Little's law the time-average backlog is lambda W and the time-average "
    "number in flight is lambda / mu.",
    "A. K. Erlang (1917); L. Kleinrock, Queueing Systems vol. 1 (1975), sec. 3.5; J. D. C. Little (1961)",
    "duration_s = 20000.0; sample_interval_s = 10.0;\n"
    "functions = ( { name = \"f\"; timeout_s = 900.0; keep_alive_h = 100.0; max_lifetime_s = 0.0;\n"
    "    " INIT0 "\n"
    "    duration = { dist = \"exponential\"; mean_s = 1.0; }; } );\n"
    "queues = ( { name = \"q\"; visibility_timeout_s = 900.0; } );\n"
    "mappings = ( { name = \"m\"; queue = \"q\"; function = \"f\"; batch_size = 1;\n"
    "    maximum_concurrency = 5; scaling = \"none\"; } );\n"
    "sources = ( { name = \"s\"; target = \"q\"; arrival = { kind = \"poisson\"; rate_per_s = 4.0; }; } );\n"},
   20, 7000, 4,
   {"fraction of messages that wait", "mean wait (s)", "time-average backlog (messages)",
    "time-average messages in flight"},
   {"C(5, 4)", "C(5, 4) / (5 - 4)", "lambda W = 4 W", "lambda / mu = 4"},
   {0.05, 0.1, 0.1, 0.02}, mmc_a, mmc_m},

  {{"M/G/infinity: busy environments when no limit binds",
    "Poisson 50 requests/s to each of three functions, no limit reached, no INIT: the number of busy "
    "environments is Poisson with mean lambda E[S] whatever the handler-time law (lognormal sigma = 0.8 "
    "and constant, both 180 ms).  The third function's handlers are 30 % CPU-bound, measured at "
    "1,024 MB and run at 512 MB, so E[S] = 180 ms x (0.3 x 1024/512 + 0.7) = 234 ms.",
    "M/G/infinity: L. Takacs (1962); memory scaling: facts §3 (CPU share proportional to memory)",
    "duration_s = 2000.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"logn\"; " INIT0 " keep_alive_s = 3600.0; max_lifetime_s = 0.0;\n"
    "    duration = { dist = \"lognormal\"; mean_ms = 180.0; sigma = 0.8; }; },\n"
    "  { name = \"const\"; " INIT0 " keep_alive_s = 3600.0; max_lifetime_s = 0.0;\n"
    "    duration = { dist = \"constant\"; value_ms = 180.0; }; },\n"
    "  { name = \"scaled\"; " INIT0 " keep_alive_s = 3600.0; max_lifetime_s = 0.0;\n"
    "    memory_mb = 512; ref_memory_mb = 1024; cpu_fraction = 0.3;\n"
    "    duration = { dist = \"lognormal\"; mean_ms = 180.0; sigma = 0.8; }; } );\n"
    "sources = (\n"
    "  { name = \"a\"; target = \"logn\"; arrival = { kind = \"poisson\"; rate_per_s = 50.0; }; },\n"
    "  { name = \"b\"; target = \"const\"; arrival = { kind = \"poisson\"; rate_per_s = 50.0; }; },\n"
    "  { name = \"c\"; target = \"scaled\"; arrival = { kind = \"poisson\"; rate_per_s = 50.0; }; } );\n"},
   30, 3000, 3,
   {"mean busy environments, lognormal handlers", "mean busy environments, constant handlers",
    "mean busy environments, 512 MB of a 1,024 MB profile"},
   {"50 x 0.180 s", "50 x 0.180 s", "50 x 0.234 s"},
   {0.01, 0.01, 0.01}, mginf_a, mginf_m},

  {{"Cold starts under Poisson arrivals with a constant keep-alive",
    "One environment suffices (1 ms handlers at 0.01 requests/s, no INIT); an idle environment is kept "
    "for exactly T.  A request is cold iff the gap since the previous request exceeds T + 1 ms, which "
    "for Poisson arrivals has probability exp(-lambda (T + 0.001 s)).  T = 50, 100 and 200 s.",
    "exponential inter-arrival times; keep-alive as a constant (facts §3 gives 5-7 min, here T is set)",
    "duration_s = 2000000.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"t50\"; keep_alive_s = 50.0; max_lifetime_s = 0.0; " INIT0 "\n"
    "    duration = { dist = \"constant\"; value_ms = 1.0; }; },\n"
    "  { name = \"t100\"; keep_alive_s = 100.0; max_lifetime_s = 0.0; " INIT0 "\n"
    "    duration = { dist = \"constant\"; value_ms = 1.0; }; },\n"
    "  { name = \"t200\"; keep_alive_s = 200.0; max_lifetime_s = 0.0; " INIT0 "\n"
    "    duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
    "sources = (\n"
    "  { name = \"a\"; target = \"t50\"; arrival = { kind = \"poisson\"; rate_per_s = 0.01; }; },\n"
    "  { name = \"b\"; target = \"t100\"; arrival = { kind = \"poisson\"; rate_per_s = 0.01; }; },\n"
    "  { name = \"c\"; target = \"t200\"; arrival = { kind = \"poisson\"; rate_per_s = 0.01; }; } );\n"},
   30, 2000, 3,
   {"cold-start fraction, T = 50 s", "cold-start fraction, T = 100 s", "cold-start fraction, T = 200 s"},
   {"exp(-0.01 x 50.001)", "exp(-0.01 x 100.001)", "exp(-0.01 x 200.001)"},
   {0.03, 0.03, 0.03}, cold_a, cold_m},

  {{"Lambda scaling since Nov 2023: a token bucket per function (deterministic)",
    "Three bursts of 5,000 simultaneous requests at 0, 5.25 and 31 s; 120 s handlers, so every request "
    "needs a new environment; account limit raised to 100,000; no retries.  The bucket holds 1,000 "
    "and refills 100/s: 1,000 start at 0 s, 525 at 5.25 s, and at 31 s the bucket is full again.",
    "facts §1: 1,000 new environments per 10 s per function",
    "duration_s = 60.0; sample_interval_s = 0.0;\n"
    "account = { concurrency_limit = 100000; };\n"
    THREE_BURSTS},
   1, 1, 3,
   {"started of the burst at 0 s", "started of the burst at 5.25 s", "started of the burst at 31 s"},
   {"bucket capacity 1,000", "floor(100/s x 5.25 s)", "min(1,000, 100/s x 25.75 s)"},
   {0, 0, 0}, bucket2023_a, per_source_m},

  {{"Lambda scaling before Nov 2023: an account-wide burst, then 500 per minute (deterministic)",
    "The same three bursts under the legacy rule: 3,000 environments at once (us-east-1), then 500 per "
    "minute, refilled continuously; the fraction left after 5.25 s carries over.",
    "facts §1: legacy scaling (Lambda Developer Guide, 2022)",
    "duration_s = 60.0; sample_interval_s = 0.0;\n"
    "account = { concurrency_limit = 100000; scaling = { mode = \"legacy\"; }; };\n"
    THREE_BURSTS},
   1, 1, 3,
   {"started of the burst at 0 s", "started of the burst at 5.25 s", "started of the burst at 31 s"},
   {"burst 3,000", "floor(500/60 x 5.25) = floor(43.75)", "floor(0.75 + 500/60 x 25.75)"},
   {0, 0, 0}, legacy_a, per_source_m},

  {{"The account concurrency limit (deterministic)",
    "2,000 simultaneous synchronous requests of 30 s each against an account limit of 600 (the "
    "per-function bucket of 1,000 does not bind): 600 run, the rest are throttled (no retries).",
    "facts §1: account concurrency per Region",
    "duration_s = 1.0; sample_interval_s = 0.0;\n"
    "account = { concurrency_limit = 600; };\n"
    "functions = ( { name = \"f\"; timeout_s = 900.0; " INIT0 "\n"
    "    duration = { dist = \"constant\"; value_s = 30.0; }; } );\n"
    "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = \"batch\"; count = 2000; };\n"
    "    client = { max_retries = 0; }; } );\n"},
   1, 1, 2,
   {"invocations", "throttled"},
   {"the limit, 600", "2,000 - 600"},
   {0, 0}, limit_a, limit_m},

  {{"The SQS poller ramp (deterministic)",
    "Three queues with 100,000 messages each at 0 s and 600 s handlers (nothing finishes): each "
    "mapping runs as many batches as its target allows.  The 2023 rule starts at 5 and adds 5 per "
    "second (300 per minute); the legacy rule adds 1 per second (60 per minute); maximum_concurrency "
    "= 50 caps the third.  Peak concurrent batches in the first 60 s (ticks at 1..59 s).",
    "facts §2: poller ramp (AWS Compute Blog, Nov 2023; services-sqs-scaling)",
    "duration_s = 60.0; sample_interval_s = 1.0; drain_limit_s = 0.0;\n"
    "account = { concurrency_limit = 10000; };\n"
    "functions = (\n"
    "  { name = \"f1\"; timeout_s = 900.0; " INIT0 " duration = { dist = \"constant\"; value_s = 600.0; }; },\n"
    "  { name = \"f2\"; timeout_s = 900.0; " INIT0 " duration = { dist = \"constant\"; value_s = 600.0; }; },\n"
    "  { name = \"f3\"; timeout_s = 900.0; " INIT0 " duration = { dist = \"constant\"; value_s = 600.0; }; } );\n"
    "queues = ( { name = \"q1\"; visibility_timeout_s = 900.0; }, { name = \"q2\"; visibility_timeout_s = 900.0; },\n"
    "    { name = \"q3\"; visibility_timeout_s = 900.0; } );\n"
    "mappings = ( { name = \"m2023\"; queue = \"q1\"; function = \"f1\"; scaling = \"2023\"; },\n"
    "    { name = \"mlegacy\"; queue = \"q2\"; function = \"f2\"; scaling = \"legacy\"; },\n"
    "    { name = \"mcapped\"; queue = \"q3\"; function = \"f3\"; scaling = \"2023\"; maximum_concurrency = 50; } );\n"
    "sources = ( { name = \"s1\"; target = \"q1\"; arrival = { kind = \"batch\"; count = 100000; }; },\n"
    "    { name = \"s2\"; target = \"q2\"; arrival = { kind = \"batch\"; count = 100000; }; },\n"
    "    { name = \"s3\"; target = \"q3\"; arrival = { kind = \"batch\"; count = 100000; }; } );\n"},
   1, 1, 3,
   {"peak batches, 2023 rule", "peak batches, legacy rule", "peak batches, maximum_concurrency 50"},
   {"5 + 5 x 59", "5 + 1 x 59", "min(50, 5 + 5 x 59)"},
   {0, 0, 0}, poller_a, poller_m},

  {{"A synchronous chain (deterministic)",
    "A client calls a (100 ms); after its compute a invokes b synchronously (a 10 ms call) and waits; "
    "b (50 ms) sends three async invokes of c (5 ms calls, one after another) and answers; each c runs "
    "20 ms.  No INIT, one request every 10 s.  The caller is billed while it waits: a root uses "
    "1 GB x (175 + 65 + 3 x 20) ms and 5 invocations.",
    "Lambda's RequestResponse invocation (the caller waits for the callee's response; Doc: Invoke); "
    "per-ms duration billing (facts §4)",
    "duration_s = 200.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"a\"; memory_mb = 1024; " INIT0 " duration = { dist = \"constant\"; value_ms = 100.0; };\n"
    "    emits = ( { kind = \"invoke\"; target = \"b\"; invocation = \"sync\"; when = \"after_compute\";\n"
    "                api_latency = { dist = \"constant\"; value_ms = 10.0; }; } ); },\n"
    "  { name = \"b\"; memory_mb = 1024; " INIT0 " duration = { dist = \"constant\"; value_ms = 50.0; };\n"
    "    emits = ( { kind = \"invoke\"; target = \"c\"; count = 3;\n"
    "                api_latency = { dist = \"constant\"; value_ms = 5.0; }; } ); },\n"
    "  { name = \"c\"; memory_mb = 1024; " INIT0 " duration = { dist = \"constant\"; value_ms = 20.0; }; } );\n"
    "sources = ( { name = \"s\"; target = \"a\";\n"
    "    arrival = { kind = \"schedule\"; period_s = 10.0; count = 1; at_s = 1.0; }; } );\n"},
   1, 1, 4,
   {"response (ms)", "completion (ms)", "GB-s per root", "invocations per root"},
   {"100 + 10 + (50 + 3 x 5)", "110 + 50 + 3 x 5 + 20", "1 GB x (0.175 + 0.065 + 3 x 0.020) s", "1 + 1 + 3"},
   {0, 0, 0, 0}, chain_a, chain_m},

  {{"A fan-out through SQS and a fan-in join (deterministic)",
    "A splitter (50 ms) sends 10 messages in one SendMessageBatch (a 20 ms call) to a queue whose "
    "mapping starts with 5 concurrent batches of one; each worker runs 100 ms and reports to a join "
    "(a 5 ms call, part of the worker's run), which invokes the aggregator (30 ms) when the tenth "
    "arrives.  Two waves of five: the last worker ends at 70 + 2 x 105 ms.",
    "facts §2 (the poller starts at 5 concurrent batches); SQS SendMessageBatch (at most 10 messages)",
    "duration_s = 200.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"splitter\"; " INIT0 " duration = { dist = \"constant\"; value_ms = 50.0; };\n"
    "    emits = ( { kind = \"send\"; target = \"chunks\"; count = 10; batch = 10; join = \"done\";\n"
    "                api_latency = { dist = \"constant\"; value_ms = 20.0; }; } ); },\n"
    "  { name = \"worker\"; " INIT0 " duration = { dist = \"constant\"; value_ms = 100.0; };\n"
    "    emits = ( { kind = \"join\"; target = \"done\"; api_latency = { dist = \"constant\"; value_ms = 5.0; }; } ); },\n"
    "  { name = \"aggregator\"; " INIT0 " duration = { dist = \"constant\"; value_ms = 30.0; }; } );\n"
    "queues = ( { name = \"chunks\"; } );\n"
    "mappings = ( { name = \"m\"; queue = \"chunks\"; function = \"worker\"; batch_size = 1; } );\n"
    "joins = ( { name = \"done\"; target = \"aggregator\"; } );\n"
    "sources = ( { name = \"s\"; target = \"splitter\";\n"
    "    arrival = { kind = \"schedule\"; period_s = 10.0; count = 1; at_s = 1.0; }; } );\n"},
   1, 1, 4,
   {"response (ms)", "completion (ms)", "branches joined", "joins fired"},
   {"50 + 20", "70 + 2 x (100 + 5) + 30", "20 roots x 10", "20 roots"},
   {0, 0, 0, 0}, fanin_a, fanin_m},

  {{"A tandem of two M/M/c stages (Burke's theorem, Little's law)",
    "Poisson 4 messages/s into queue q1, drained at 5 concurrent batches of one by f1 (exponential, "
    "mean 1 s), which at its end sends each message on to q2 (no call latency), drained at 3 by f2 "
    "(exponential, mean 0.5 s).  The output of a stable M/M/c queue is Poisson (Burke), so stage 2 is "
    "M/M/3 with a = 2: a message waits there with probability C(3, 2) and for C(3, 2) / (3 x 2 - 4) "
    "on average.  End to end (a root's completion), the mean is the sum of both stages' waits and "
    "services.",
    "P. J. Burke, \"The output of a queuing system\", Operations Research 4 (1956); Erlang-C and "
    "Little as above",
    "duration_s = 20000.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"f1\"; timeout_s = 900.0; keep_alive_h = 100.0; max_lifetime_s = 0.0; " INIT0 "\n"
    "    duration = { dist = \"exponential\"; mean_s = 1.0; };\n"
    "    emits = ( { kind = \"send\"; target = \"q2\"; api_latency = { dist = \"constant\"; value_ms = 0.0; }; } ); },\n"
    "  { name = \"f2\"; timeout_s = 900.0; keep_alive_h = 100.0; max_lifetime_s = 0.0; " INIT0 "\n"
    "    duration = { dist = \"exponential\"; mean_s = 0.5; }; } );\n"
    "queues = ( { name = \"q1\"; visibility_timeout_s = 900.0; }, { name = \"q2\"; visibility_timeout_s = 900.0; } );\n"
    "mappings = ( { name = \"m1\"; queue = \"q1\"; function = \"f1\"; batch_size = 1;\n"
    "    maximum_concurrency = 5; scaling = \"none\"; },\n"
    "  { name = \"m2\"; queue = \"q2\"; function = \"f2\"; batch_size = 1;\n"
    "    maximum_concurrency = 3; scaling = \"none\"; } );\n"
    "sources = ( { name = \"s\"; target = \"q1\"; arrival = { kind = \"poisson\"; rate_per_s = 4.0; }; } );\n"},
   20, 9000, 4,
   {"stage 1 mean wait (s)", "stage 2: fraction of messages that wait", "stage 2 mean wait (s)",
    "end-to-end mean (s)"},
   {"C(5, 4) / (5 - 4)", "C(3, 2)", "C(3, 2) / (6 - 4)", "W1 + 1 + W2 + 0.5"},
   {0.1, 0.05, 0.1, 0.03}, tandem_a, tandem_m},

  {{"SNS and EventBridge fan-out counts",
    "One publish a second for an hour to topic t1 (subscriptions: f takes every type, g type A, a queue "
    "type B), of type A; one put a second on bus b (rule 1: type A to f and a queue; rule 2: every "
    "type to topic t2, whose two subscriptions are f and g).  Deliveries follow from the filters "
    "exactly.  Topic t3's one subscription matches with probability 0.3: its share of deliveries is "
    "0.3 in expectation (binomial).",
    "SNS subscription filter policies; EventBridge rules and targets (Doc: Amazon SNS message "
    "filtering; EventBridge rules)",
    "duration_s = 3600.0; sample_interval_s = 0.0;\n"
    "functions = ( { name = \"f\"; " INIT0 " duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g\"; " INIT0 " duration = { dist = \"constant\"; value_ms = 10.0; }; } );\n"
    "queues = ( { name = \"q\"; } );\n"
    "topics = ( { name = \"t1\"; subscriptions = ( { target = \"f\"; },\n"
    "      { target = \"g\"; event_types = [\"A\"]; }, { target = \"q\"; event_types = [\"B\"]; } ); },\n"
    "  { name = \"t2\"; subscriptions = ( { target = \"f\"; }, { target = \"g\"; } ); },\n"
    "  { name = \"t3\"; subscriptions = ( { target = \"g\"; match_probability = 0.3; } ); } );\n"
    "buses = ( { name = \"b\"; rules = ( { name = \"r1\"; event_types = [\"A\"]; targets = [\"f\", \"q\"]; },\n"
    "      { name = \"r2\"; targets = [\"t2\"]; } ); } );\n"
    "sources = ( { name = \"pub\"; target = \"t1\"; event_type = \"A\";\n"
    "    arrival = { kind = \"schedule\"; period_s = 1.0; count = 1; }; },\n"
    "  { name = \"put\"; target = \"b\"; event_type = \"A\"; arrival = { kind = \"schedule\"; period_s = 1.0; count = 1; }; },\n"
    "  { name = \"p3\"; target = \"t3\"; arrival = { kind = \"poisson\"; rate_per_s = 5.0; }; } );\n"},
   20, 11000, 4,
   {"topic t1 deliveries", "bus b and topic t2 deliveries", "invocations of f",
    "topic t3: deliveries per publish"},
   {"3,600 x 2", "3,600 x (2 + 1) + 3,600 x 2", "3,600 (t1) + 3,600 (r1) + 3,600 (t2)", "0.3"},
   {0.001, 0.001, 0.001, 0.02}, fanout_a, fanout_m},

  {{"EventBridge retries to an API destination that is down",
    "20 events a second for 100 s put on a bus whose rule's one target is an API destination that is "
    "down for 140 s (retry_attempts 5, a dead-letter queue: an event put by 100 s is given up by "
    "131 s), and 20 a second from 150 s, after it recovered (a second source).  Every event is tried 1 + 5 times and goes to the DLQ; retry k "
    "waits U(0, d_k) (full jitter), d_k = 1, 2, 4, 8, 16 s (1 s doubling, capped at 8 min), so "
    "the mean time from the first attempt to the DLQ is (1 + 2 + 4 + 8 + 16) / 2 s.  After recovery "
    "an event completes at the delivery latency (100 ms).",
    "EventBridge retry policy (Doc: 185 attempts, 24 h, exponential backoff and jitter); the delays "
    "reconstructed (facts §6)",
    "duration_s = 200.0; sample_interval_s = 0.0;\n"
    "functions = ( { name = \"unused\"; " INIT0 " duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
    "downstreams = ( { name = \"partner\"; latency = { dist = \"constant\"; value_ms = 0.0; };\n"
    "    outages = ( { at_s = 0.0; lasting_s = 140.0; } ); } );\n"
    "queues = ( { name = \"dlq\"; } );\n"
    "buses = ( { name = \"b\"; delivery_latency = { dist = \"constant\"; value_ms = 100.0; };\n"
    "    rules = ( { name = \"r\"; targets = [\"partner\"]; retry_attempts = 5; dead_letter_queue = \"dlq\"; } ); } );\n"
    "sources = ( { name = \"down\"; target = \"b\"; stop_s = 100.0;\n"
    "    arrival = { kind = \"schedule\"; period_s = 1.0; count = 20; at_s = 0.0; }; },\n"
    "  { name = \"up\"; target = \"b\"; start_s = 150.0;\n"
    "    arrival = { kind = \"schedule\"; period_s = 1.0; count = 20; at_s = 150.0; }; } );\n"},
   20, 13000, 4,
   {"attempts per event, down", "share dead-lettered, down", "mean time to the DLQ (s)",
    "completion after recovery (ms)"},
   {"1 + 5", "1", "(1 + 2 + 4 + 8 + 16) / 2", "the delivery latency"},
   {0.001, 0.001, 0.02, 0.001}, retry_a, retry_m},

  {{"Step Functions: Map waves, retry schedules, Express billing",
    "An Express machine runs a Map of 10 items at MaxConcurrency 3, each item a task (5 ms call) of a "
    "100 ms function, with 10 ms transitions: ceil(10/3) = 4 waves after the Map's own transition.  A "
    "Standard machine's task always fails and is retried after 1, 2 and 4 s (interval 1 s, backoff "
    "2, 3 attempts), then caught to a Pass state.  One execution of each every 10 s for 1,000 s; all "
    "exact.",
    "Amazon States Language: Map (MaxConcurrency), Retry (IntervalSeconds, BackoffRate, MaxAttempts), "
    "Catch; Step Functions pricing (Express: 100 ms units, 64 MB steps; facts §7)",
    "duration_s = 1000.0; sample_interval_s = 0.0;\n"
    "functions = ( { name = \"w\"; " INIT0 " duration = { dist = \"constant\"; value_ms = 100.0; }; },\n"
    "  { name = \"bad\"; " INIT0 " error_rate = 1.0; duration = { dist = \"constant\"; value_ms = 100.0; }; } );\n"
    "state_machines = (\n"
    "  { name = \"map\"; type = \"express\"; start_at = \"Each\"; transition_latency = { dist = \"constant\"; value_ms = 10.0; };\n"
    "    states = ( { name = \"Each\"; type = \"map\"; iterator = \"Work\"; items = 10; max_concurrency = 3; end = true; },\n"
    "      { name = \"Work\"; type = \"task\"; resource = \"w\"; api_latency = { dist = \"constant\"; value_ms = 5.0; }; end = true; } ); },\n"
    "  { name = \"retry\"; start_at = \"T\"; transition_latency = { dist = \"constant\"; value_ms = 10.0; };\n"
    "    states = ( { name = \"T\"; type = \"task\"; resource = \"bad\"; api_latency = { dist = \"constant\"; value_ms = 5.0; }; end = true;\n"
    "        retry = ( { errors = [\"function\"]; interval_s = 1.0; backoff_rate = 2.0; max_attempts = 3; } );\n"
    "        catch = ( { errors = [\"all\"]; next = \"C\"; } ); },\n"
    "      { name = \"C\"; type = \"pass\"; end = true; } ); } );\n"
    "sources = ( { name = \"m\"; target = \"map\"; arrival = { kind = \"schedule\"; period_s = 10.0; count = 1; }; },\n"
    "  { name = \"r\"; target = \"retry\"; arrival = { kind = \"schedule\"; period_s = 10.0; count = 1; }; } );\n"},
   3, 15000, 4,
   {"Map execution (ms)", "transitions per Map execution", "retried execution (ms)",
    "Express GB-s per execution"},
   {"10 + ceil(10/3) x (10 + 5 + 100)", "1 + 10", "10 + 4 x 105 + (1 + 2 + 4) s + 10",
    "5 x 0.1 s x 64 MB"},
   {0.001, 0.001, 0.001, 0.001}, sfn_exact_a, sfn_exact_m},

  {{"Step Functions: Choice frequencies and a Parallel's maximum",
    "A Choice sends 30 % of executions to A, the rest to B; both are a task of a function that fails "
    "30 % of the time, caught to a Pass state; B retries once.  An execution is compensated when a "
    "catcher took its error: A's one attempt failed (0.3 x 0.3), or both of B's (0.7 x 0.3^2).  A "
    "Parallel of 3 branches, each a task of an exponential function (mean 100 ms) with no call or "
    "transition time, takes the longest: E[max] = H_3 x 100 ms; each branch is the last a third of "
    "the time.  Poisson, 20 and 10 executions a second for 600 s.",
    "Amazon States Language: Choice, Parallel, Retry, Catch; the maximum of exponentials (Renyi)",
    "duration_s = 600.0; sample_interval_s = 0.0;\n"
    "functions = ( { name = \"e\"; " INIT0 " duration = { dist = \"exponential\"; mean_ms = 100.0; }; },\n"
    "  { name = \"flaky\"; " INIT0 " error_rate = 0.3; duration = { dist = \"constant\"; value_ms = 1.0; }; } );\n"
    "state_machines = (\n"
    "  { name = \"choice\"; start_at = \"C\";\n"
    "    states = ( { name = \"C\"; type = \"choice\"; choices = ( { probability = 0.3; next = \"A\"; } ); default = \"B\"; },\n"
    "      { name = \"A\"; type = \"task\"; resource = \"flaky\"; end = true;\n"
    "        catch = ( { errors = [\"all\"]; next = \"P\"; } ); },\n"
    "      { name = \"B\"; type = \"task\"; resource = \"flaky\"; end = true;\n"
    "        retry = ( { errors = [\"function\"]; interval_s = 0.1; max_attempts = 1; } );\n"
    "        catch = ( { errors = [\"all\"]; next = \"P\"; } ); },\n"
    "      { name = \"P\"; type = \"pass\"; end = true; } ); },\n"
    "  { name = \"par\"; start_at = \"Par\"; transition_latency = { dist = \"constant\"; value_ms = 0.0; };\n"
    "    states = ( { name = \"Par\"; type = \"parallel\"; branches = [\"T1\", \"T2\", \"T3\"]; end = true; },\n"
    "      { name = \"T1\"; type = \"task\"; resource = \"e\"; api_latency = { dist = \"constant\"; value_ms = 0.0; }; end = true; },\n"
    "      { name = \"T2\"; type = \"task\"; resource = \"e\"; api_latency = { dist = \"constant\"; value_ms = 0.0; }; end = true; },\n"
    "      { name = \"T3\"; type = \"task\"; resource = \"e\"; api_latency = { dist = \"constant\"; value_ms = 0.0; }; end = true; } ); } );\n"
    "sources = ( { name = \"c\"; target = \"choice\"; arrival = { kind = \"poisson\"; rate_per_s = 20.0; }; },\n"
    "  { name = \"p\"; target = \"par\"; arrival = { kind = \"poisson\"; rate_per_s = 10.0; }; } );\n"},
   20, 17000, 4,
   {"share of executions to A", "Parallel execution, mean (ms)", "share of Parallels held up by branch 1",
    "share compensated"},
   {"0.3", "H_3 x 100", "1/3", "0.3 x 0.3 + 0.7 x 0.3^2"},
   {0.02, 0.02, 0.03, 0.05}, sfn_branch_a, sfn_branch_m},
  {{"Processor sharing on one instance (M/M/1-PS, M/G/1-PS)",
    "No platform's preset (Lambda serves one request per environment).  One instance (reserved concurrency 1) that takes up to 1,000 requests at once on 1 vCPU; handlers "
    "all CPU, mean 1 s, exponential and lognormal sigma = 1; Poisson 0.6 requests/s; no INIT, never "
    "expires.  Its requests share the vCPU equally: M/G/1 processor sharing with rho = 0.6, whose mean "
    "response is E[S] / (1 - rho) whatever the law of S, and whose mean number in service is "
    "rho / (1 - rho).",
    "L. Kleinrock, Queueing Systems vol. 2 (1976), sec. 4.4 (M/M/1-PS); insensitivity of M/G/1-PS: "
    "Sakata, Noguchi and Oizumi (1971), Kelly (1979)",
    "platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 50000.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"exp\"; reserved_concurrency = 1; instance_concurrency = 1000; vcpus = 1.0; cpu_fraction = 1.0;\n"
    "    keep_alive_h = 100.0; max_lifetime_s = 0.0; timeout_s = 900.0; " INIT0 "\n"
    "    duration = { dist = \"exponential\"; mean_s = 1.0; }; },\n"
    "  { name = \"logn\"; reserved_concurrency = 1; instance_concurrency = 1000; vcpus = 1.0; cpu_fraction = 1.0;\n"
    "    keep_alive_h = 100.0; max_lifetime_s = 0.0; timeout_s = 900.0; " INIT0 "\n"
    "    duration = { dist = \"lognormal\"; mean_s = 1.0; sigma = 1.0; }; } );\n"
    "sources = (\n"
    "  { name = \"a\"; target = \"exp\"; arrival = { kind = \"poisson\"; rate_per_s = 0.6; };\n"
    "    client = { max_retries = 0; }; },\n"
    "  { name = \"b\"; target = \"logn\"; arrival = { kind = \"poisson\"; rate_per_s = 0.6; };\n"
    "    client = { max_retries = 0; }; } );\n"},
   20, 19000, 4,
   {"mean response (s), exponential handlers", "mean response (s), lognormal handlers",
    "mean requests in service, exponential", "mean requests in service, lognormal"},
   {"1 / (1 - 0.6)", "1 / (1 - 0.6)", "0.6 / (1 - 0.6)", "0.6 / (1 - 0.6)"},
   {0.05, 0.05, 0.05, 0.05}, ps_a, ps_m},

  {{"A pool of k instances of C requests each, lost: Erlang-B with k x C servers",
    "At most 4 instances (reserved concurrency 4) of 5 requests each, handlers not CPU-bound (no "
    "sharing), no INIT, never expire, no request queue, no client retries: a request is throttled "
    "exactly when all 20 slots are busy, whatever the dispatch order, so the fraction throttled is "
    "B(20, 16) for Poisson 16 requests/s with 1 s handlers, exponential or lognormal sigma = 1 "
    "(insensitivity); Little: mean requests in service = lambda (1 - B) E[S].",
    "A. K. Erlang (1917); insensitivity: B. A. Sevastyanov (1957); Little (1961)",
    "platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 6000.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"exp\"; reserved_concurrency = 4; instance_concurrency = 5; keep_alive_h = 100.0;\n"
    "    max_lifetime_s = 0.0; timeout_s = 900.0; " INIT0 "\n"
    "    duration = { dist = \"exponential\"; mean_s = 1.0; }; },\n"
    "  { name = \"logn\"; reserved_concurrency = 4; instance_concurrency = 5; keep_alive_h = 100.0;\n"
    "    max_lifetime_s = 0.0; timeout_s = 900.0; " INIT0 "\n"
    "    duration = { dist = \"lognormal\"; mean_s = 1.0; sigma = 1.0; }; } );\n"
    "sources = (\n"
    "  { name = \"a\"; target = \"exp\"; arrival = { kind = \"poisson\"; rate_per_s = 16.0; };\n"
    "    client = { max_retries = 0; }; },\n"
    "  { name = \"b\"; target = \"logn\"; arrival = { kind = \"poisson\"; rate_per_s = 16.0; };\n"
    "    client = { max_retries = 0; }; } );\n"},
   30, 21000, 4,
   {"fraction throttled, exponential handlers", "fraction throttled, lognormal handlers",
    "mean requests in service, exponential", "mean requests in service, lognormal"},
   {"B(20, 16)", "B(20, 16)", "16 x (1 - B(20, 16)) x 1 s", "16 x (1 - B(20, 16)) x 1 s"},
   {0.05, 0.05, 0.01, 0.01}, pool_b_a, erlang_b_m},

  {{"A pool of k instances of C requests each, queued: Erlang-C with k x C servers",
    "The same pool (4 instances of 5, exponential 1 s handlers, Poisson 16 requests/s) with a request "
    "queue of 3,600 s: a request that finds all 20 slots busy waits, oldest first, for the next to "
    "free: M/M/20 with offered load 16.  It waits with probability C(20, 16); its mean response is "
    "the mean wait C / (20 - 16) plus the 1 s handler; mean requests in service lambda / mu; all 4 "
    "instances are made once and kept.",
    "A. K. Erlang (1917); L. Kleinrock, Queueing Systems vol. 1 (1975), sec. 3.5; Little (1961)",
    "platform = \"none\"; pricing = \"aws-us-east-1\"; duration_s = 20000.0; sample_interval_s = 0.0;\n"
    "functions = ( { name = \"f\"; reserved_concurrency = 4; instance_concurrency = 5;\n"
    "    request_queue_timeout_s = 3600.0; keep_alive_h = 100.0; max_lifetime_s = 0.0; timeout_s = 900.0;\n"
    "    " INIT0 " duration = { dist = \"exponential\"; mean_s = 1.0; }; } );\n"
    "sources = ( { name = \"a\"; target = \"f\"; arrival = { kind = \"poisson\"; rate_per_s = 16.0; };\n"
    "    client = { max_retries = 0; }; } );\n"},
   20, 23000, 4,
   {"fraction of requests that wait", "mean response (s)", "mean requests in service", "instances made"},
   {"C(20, 16)", "C(20, 16) / (20 - 16) + 1", "16 / 1", "4"},
   {0.05, 0.05, 0.01, 0.001}, pool_c_a, pool_c_m},

  {{"Measured: AWS Lambda's keep-alive (mikhail.io, Jan 2021)",
    "The measurement's protocol: a function called once, then again after an idle gap of g minutes, "
    "the second call cold or not; the share of cold second calls per gap.  Replayed on the aws-lambda "
    "preset (keep-alive uniform 5-7 min), one function per gap called every g minutes for 10 days, "
    "environments never recycled (the measurement saw no recycling: max_lifetime_s = 0); the first "
    "call of each is left out.  The preset was read off this curve (docs/facts.md section 3): these "
    "rows check that the simulator's keep-alive rule gives back what was measured, not an "
    "independent prediction.  Tolerance: 0.15 absolute, chosen before the run (the measured points "
    "are shares of a few dozen calls; the charts give no counts).",
    "M. Shilkov, Serverless Cold Starts (mikhail.io), coldstart_aws_interval.json (../shared/data)",
    "platform = \"aws-lambda\"; duration_d = 10.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"g3\"; max_lifetime_s = 0.0; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g5\"; max_lifetime_s = 0.0; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g6\"; max_lifetime_s = 0.0; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g7\"; max_lifetime_s = 0.0; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g10\"; max_lifetime_s = 0.0; duration = { dist = \"constant\"; value_ms = 10.0; }; } );\n"
    "sources = (\n"
    "  { name = \"s3\"; target = \"g3\"; arrival = { kind = \"schedule\"; count = 1; period_min = 3.0; }; },\n"
    "  { name = \"s5\"; target = \"g5\"; arrival = { kind = \"schedule\"; count = 1; period_min = 5.0; }; },\n"
    "  { name = \"s6\"; target = \"g6\"; arrival = { kind = \"schedule\"; count = 1; period_min = 6.0; }; },\n"
    "  { name = \"s7\"; target = \"g7\"; arrival = { kind = \"schedule\"; count = 1; period_min = 7.0; }; },\n"
    "  { name = \"s10\"; target = \"g10\"; arrival = { kind = \"schedule\"; count = 1; period_min = 10.0; }; } "
    ");\n"},
   10, 2021, 5,
   {"P(cold) after 3 min idle", "P(cold) after 5 min idle", "P(cold) after 6 min idle",
    "P(cold) after 7 min idle", "P(cold) after 10 min idle"},
   {"measured", "measured", "measured", "measured", "measured"},
   {-0.15, -0.15, -0.15, -0.15, -0.15}, aws_gap_a, gap_m},

  {{"Measured: Google Cloud Functions' keep-alive (mikhail.io, 2021)",
    "The same protocol on the gcp-functions-gen2 preset (an instance kept 15 minutes idle, the "
    "documented Cloud Run behaviour), gaps of 10, 14, 16 and 20 minutes.  Tolerance 0.15 absolute, "
    "before the run.",
    "M. Shilkov, Serverless Cold Starts (mikhail.io), coldstart_gcp_interval.json (../shared/data)",
    "platform = \"gcp-functions-gen2\"; duration_d = 10.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"g10\"; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g14\"; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g16\"; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g20\"; duration = { dist = \"constant\"; value_ms = 10.0; }; } );\n"
    "sources = (\n"
    "  { name = \"s10\"; target = \"g10\"; arrival = { kind = \"schedule\"; count = 1; period_min = 10.0; }; },\n"
    "  { name = \"s14\"; target = \"g14\"; arrival = { kind = \"schedule\"; count = 1; period_min = 14.0; }; },\n"
    "  { name = \"s16\"; target = \"g16\"; arrival = { kind = \"schedule\"; count = 1; period_min = 16.0; }; },\n"
    "  { name = \"s20\"; target = \"g20\"; arrival = { kind = \"schedule\"; count = 1; period_min = 20.0; }; } "
    ");\n"},
   10, 2022, 4,
   {"P(cold) after 10 min idle", "P(cold) after 14 min idle", "P(cold) after 16 min idle",
    "P(cold) after 20 min idle"},
   {"measured", "measured", "measured", "measured"},
   {-0.15, -0.15, -0.15, -0.15}, gcp_gap_a, gap_m},

  {{"Measured: Azure Functions Consumption's keep-alive (mikhail.io, 2019-2021)",
    "The same protocol on the azure-functions-consumption preset, whose keep-alive is the isotonic "
    "fit of this very curve (models/platforms/azure-functions-consumption.cfg): a check of the "
    "simulator's rule, as for AWS.  Gaps of 5, 10, 20, 25 and 30 minutes; one instance per function "
    "(100 requests each may share it, one at a time here).  Tolerance 0.15 absolute, before the run.",
    "M. Shilkov, Serverless Cold Starts (mikhail.io), coldstart_azure_interval.json (../shared/data)",
    "platform = \"azure-functions-consumption\"; duration_d = 20.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"g5\"; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g10\"; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g20\"; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g25\"; duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"g30\"; duration = { dist = \"constant\"; value_ms = 10.0; }; } );\n"
    "sources = (\n"
    "  { name = \"s5\"; target = \"g5\"; arrival = { kind = \"schedule\"; count = 1; period_min = 5.0; }; },\n"
    "  { name = \"s10\"; target = \"g10\"; arrival = { kind = \"schedule\"; count = 1; period_min = 10.0; }; },\n"
    "  { name = \"s20\"; target = \"g20\"; arrival = { kind = \"schedule\"; count = 1; period_min = 20.0; }; },\n"
    "  { name = \"s25\"; target = \"g25\"; arrival = { kind = \"schedule\"; count = 1; period_min = 25.0; }; },\n"
    "  { name = \"s30\"; target = \"g30\"; arrival = { kind = \"schedule\"; count = 1; period_min = 30.0; }; } "
    ");\n"},
   10, 2023, 5,
   {"P(cold) after 5 min idle", "P(cold) after 10 min idle", "P(cold) after 20 min idle",
    "P(cold) after 25 min idle", "P(cold) after 30 min idle"},
   {"measured", "measured", "measured", "measured", "measured"},
   {-0.15, -0.15, -0.15, -0.15, -0.15}, azure_gap_a, gap_m},

  {{"Measured: AWS Lambda cold starts by package size, VPC and container image (mikhail.io, 2021)",
    "Median cold start (what the client waits: INIT and provisioning) of a Node.js function whose every "
    "call is cold (one call an hour, keep-alive 1 s), on the aws-lambda preset with the runtime model "
    "mikhailio-javascript: with no dependencies, 14 MB and 35 MB of them (package_mb), in a VPC, and as "
    "a container image (mikhailio-docker) of 5 GB.  The preset's 103 ms per MB and 233 ms for a VPC were "
    "fitted on these medians (the first four rows check the rule that applies them, not a prediction); "
    "that an image's size does not matter is the measurement's own finding, and the image row holds "
    "the runtime model's 0.79 s at +5 GB.  Tolerances (absolute, s), before the run: 0.1, 0.25, 0.5, "
    "0.1, 0.1.",
    "M. Shilkov, Serverless Cold Starts (mikhail.io), coldstart_aws_bydependencies/_byvpc/_bydocker.json",
    "platform = \"aws-lambda\"; duration_d = 20.0; sample_interval_s = 0.0;\n"
    "functions = (\n"
    "  { name = \"kb1\"; runtime = \"mikhailio-javascript\"; keep_alive_s = 1.0;\n"
    "    duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"mb14\"; runtime = \"mikhailio-javascript\"; keep_alive_s = 1.0; package_mb = 14.0;\n"
    "    duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"mb35\"; runtime = \"mikhailio-javascript\"; keep_alive_s = 1.0; package_mb = 35.0;\n"
    "    duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"vpc\"; runtime = \"mikhailio-javascript\"; keep_alive_s = 1.0; vpc = true;\n"
    "    duration = { dist = \"constant\"; value_ms = 10.0; }; },\n"
    "  { name = \"img5gb\"; runtime = \"mikhailio-docker\"; keep_alive_s = 1.0; package_mb = 5120.0;\n"
    "    duration = { dist = \"constant\"; value_ms = 10.0; }; } );\n"
    "sources = (\n"
    "  { name = \"a\"; target = \"kb1\"; arrival = { kind = \"schedule\"; count = 1; period_h = 1.0; }; },\n"
    "  { name = \"b\"; target = \"mb14\"; arrival = { kind = \"schedule\"; count = 1; period_h = 1.0; }; },\n"
    "  { name = \"c\"; target = \"mb35\"; arrival = { kind = \"schedule\"; count = 1; period_h = 1.0; }; },\n"
    "  { name = \"d\"; target = \"vpc\"; arrival = { kind = \"schedule\"; count = 1; period_h = 1.0; }; },\n"
    "  { name = \"e\"; target = \"img5gb\"; arrival = { kind = \"schedule\"; count = 1; period_h = 1.0; }; } "
    ");\n"},
   10, 2024, 5,
   {"median cold start (s), 1 KB package", "median cold start (s), 14 MB package",
    "median cold start (s), 35 MB package", "median cold start (s), in a VPC",
    "median cold start (s), 5 GB container image"},
   {"measured", "measured", "measured", "measured", "measured"},
   {-0.1, -0.25, -0.5, -0.1, -0.1}, package_a, package_m},
};
/* clang-format on */
#define N_ORACLES ((int)(sizeof oracles / sizeof *oracles))

int sls_validate_ngroups(void) { return N_ORACLES; }
const sls_check_group *sls_validate_group(int g) { return g >= 0 && g < N_ORACLES ? &oracles[g].g : NULL; }

/* ---- running: every (oracle, replication) is a task; threads take them in turn ---- */

typedef struct vjob {
  const int *task_oracle, *task_rep;
  const sls_scenario *scen;
  double *x;      /* [task][MAXQ] */
  int *conserved; /* [task] */
} vjob;

static void run_oracle_task(void *ctx, int t) {
  vjob *jb = ctx;
  int o = jb->task_oracle[t];
  char err[SLS_ERRLEN];
  sls_world *w = sls_world_alloc(&jb->scen[o], sls_rep_seed(oracles[o].seed, jb->task_rep[t]), err);
  if (!w) return; /* loaded and checked: allocation does not fail */
  sls_world_run(w);
  jb->conserved[t] = sls_world_conserved(w, err);
  oracles[o].measure(w, &jb->x[(size_t)t * MAXQ]);
  sls_world_free(w);
}

int sls_validate_run(int jobs, sls_check_row **out, char *err) {
  sls_scenario scen[N_ORACLES];
  int loaded = 0, n_tasks = 0, n_rows = 0;
  for (; loaded < N_ORACLES; loaded++) {
    char e[SLS_ERRLEN];
    if (sls_scenario_load_text(oracles[loaded].g.scenario, NULL, 0, &scen[loaded], e)) {
      sls_err(err, "oracle \"%s\": %s", oracles[loaded].g.title, e);
      for (int i = 0; i < loaded; i++)
        sls_scenario_free(&scen[i]);
      return -1;
    }
    n_tasks += oracles[loaded].reps;
    n_rows += oracles[loaded].nq;
  }
  int *task_oracle = sls_xcalloc((size_t)n_tasks, sizeof(int)),
      *task_rep = sls_xcalloc((size_t)n_tasks, sizeof(int));
  for (int o = 0, t = 0; o < N_ORACLES; o++)
    for (int r = 0; r < oracles[o].reps; r++, t++) {
      task_oracle[t] = o;
      task_rep[t] = r;
    }
  vjob pl = {.task_oracle = task_oracle, .task_rep = task_rep, .scen = scen};
  pl.x = sls_xcalloc((size_t)n_tasks * MAXQ, sizeof *pl.x);
  pl.conserved = sls_xcalloc((size_t)n_tasks, sizeof *pl.conserved);
  sls_parallel(n_tasks, jobs, run_oracle_task, &pl);

  sls_check_row *rows = sls_xcalloc((size_t)n_rows, sizeof *rows);
  double *x = sls_xcalloc((size_t)n_tasks + 1, sizeof *x);
  for (int o = 0, t0 = 0, k = 0; o < N_ORACLES; t0 += oracles[o].reps, o++) {
    const oracle * or = &oracles[o];
    double a[MAXQ];
    or->analytical(a);
    int conserved = 1;
    for (int r = 0; r < or->reps; r++)
      conserved &= pl.conserved[t0 + r];
    for (int q = 0; q < or->nq; q++, k++) {
      sls_check_row *row = &rows[k];
      double m = 0, v = 0;
      for (int r = 0; r < or->reps; r++)
        m += x[r] = pl.x[(size_t)(t0 + r) * MAXQ + q];
      m /= or->reps;
      for (int r = 0; r < or->reps; r++)
        v += (x[r] - m) * (x[r] - m);
      *row = (sls_check_row){.group = o,
                             .quantity = or->quantity[q],
                             .formula = or->formula[q],
                             .analytical = a[q],
                             .reps = or->reps,
                             .mean = m,
                             .tol = or->tol[q],
                             .conserved = conserved};
      if (or->reps > 1)
        row->half_width = gsl_cdf_tdist_Pinv(1 - (1 - SLS_VALIDATE_LEVEL) / 2, or->reps - 1) *
                          sqrt(v / (or->reps - 1) / or->reps);
      row->rel_error = a[q] != 0 ? (m - a[q]) / fabs(a[q]) : m - a[q];
      row->pass = conserved && sls_check_pass(m, row->half_width, a[q], or->tol[q]);
    }
  }
  free(x);
  free(pl.x);
  free(pl.conserved);
  free(task_oracle);
  free(task_rep);
  for (int i = 0; i < N_ORACLES; i++)
    sls_scenario_free(&scen[i]);
  *out = rows;
  return n_rows;
}

/* ---- the report ---- */

/* v with 5 significant digits (the values here stay below 10^5, so no exponent). */
static void num(FILE *f, double v) { fprintf(f, v == floor(v) && fabs(v) < 1e15 ? "%.0f" : "%.5g", v); }

/* mean +- half-width, the half-width to 2 significant digits and the mean to the same place */
static void mean_hw(FILE *f, double m, double h) {
  int d = h > 0 ? 1 - (int)floor(log10(h)) : 4;
  if (d < 0) d = 0;
  fprintf(f, "%.*f ± %.*f", d, m, d, h);
}

void sls_validate_markdown(FILE *f, const sls_check_row *rows, int n) {
  int passed = 0, intervals = 0;
  for (int i = 0; i < n; i++) {
    passed += rows[i].pass;
    intervals += rows[i].reps > 1;
  }
  fprintf(f, "# Validation report\n\n"
             "Written by `slsim validate` (slsim " PACKAGE_VERSION
             "); `make validate` rewrites this file.  The\n"
             "seeds are fixed, so a build of the same source writes the same report, and `make check`\n"
             "fails when this file is not the one the build writes (tests/check_validate.c).  Do not edit\n"
             "by hand.\n\n");
  if (sls_rng_get_seed_set())
    fprintf(f,
            "**Written with --seed-set %llu: other random streams than the shipped ones, so this is not "
            "docs/validation.md.**\n\n",
            (unsigned long long)sls_rng_get_seed_set());
  fprintf(f, "**%d of %d quantities pass.**\n\n", passed, n);
  fprintf(f,
          "Each oracle is a scenario whose answer is known in closed form.  Stochastic ones run R\n"
          "independent replications (derived seeds); the simulated value is the mean over them with\n"
          "the half-width of its Student-t interval at %.1f %%.  A quantity **passes** when that\n"
          "interval contains the analytical value *and* its half-width is at most the stated\n"
          "tolerance times the analytical value, so a vague interval cannot pass.  At %.1f %% per\n"
          "interval, all %d intervals hold together with probability at least %.1f %% when the model\n"
          "is right (Bonferroni).  Deterministic oracles (R = 1) must match exactly (to 1e-12, the\n"
          "rounding of a sum of doubles).  Every run also checks conservation: each request, message\n"
          "and root request ends in exactly one outcome, and every item one part of the graph sends\n"
          "another arrives once.\n\n",
          100 * SLS_VALIDATE_LEVEL, 100 * SLS_VALIDATE_LEVEL, intervals,
          100 * (1 - intervals * (1 - SLS_VALIDATE_LEVEL)));
  fprintf(f, "The last sections replay published measurements instead: the \"analytical\" column is the\n"
             "measured value, and a quantity passes when the simulated mean is within the stated absolute\n"
             "tolerance of it (fixed before the run) with an interval no wider than that tolerance.\n\n");
  for (int g = 0; g < N_ORACLES; g++) {
    const oracle * or = &oracles[g];
    fprintf(f, "## %d. %s\n\n%s\n\nSource: %s.\n\n", g + 1, or->g.title, or->g.model, or->g.source);
    fprintf(f, "| quantity | formula | analytical | simulated (99.9 %% CI) | R | CI half-width at most | "
               "rel. error | |\n"
               "|---|---|--:|--:|--:|--:|--:|---|\n");
    for (int i = 0; i < n; i++) {
      const sls_check_row *r = &rows[i];
      if (r->group != g) continue;
      fprintf(f, "| %s | %s | ", r->quantity, r->formula);
      num(f, r->analytical);
      fprintf(f, " | ");
      if (r->reps > 1)
        mean_hw(f, r->mean, r->half_width);
      else
        num(f, r->mean);
      fprintf(f, " | %d | ", r->reps);
      if (r->tol > 0)
        fprintf(f, "%g %%", 100 * r->tol);
      else if (r->tol < 0)
        fprintf(f, "%g (absolute)", -r->tol);
      else
        fprintf(f, "exact");
      if (r->tol < 0) /* a measured value, perhaps 0: the difference itself */
        fprintf(f, " | %+.3f | %s |\n", r->mean - r->analytical, r->pass ? "pass" : "**FAIL**");
      else
        fprintf(f, " | %+.2f %% | %s |\n", 100 * r->rel_error, r->pass ? "pass" : "**FAIL**");
    }
    fprintf(f, "\n<details><summary>scenario</summary>\n\n```\n%s```\n</details>\n\n", or->g.scenario);
  }
}
