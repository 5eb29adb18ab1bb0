/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * validate — the model against results known in closed form (docs/design.md §6).
 *
 * Each oracle is a scenario whose answer queueing theory or the platform's published rules give
 * exactly: Erlang-B for synchronous requests lost at a concurrency cap, Erlang-C (M/M/c) for a
 * queue drained at fixed concurrency, Little's law, the M/G/infinity busy count, the cold-start
 * probability under Poisson arrivals with a constant keep-alive, the Poisson arrival count, and
 * the deterministic scaling ramps (Lambda's token buckets, the SQS poller ramp, the account
 * limit); and the graph: a synchronous chain and a fan-out / fan-in computed by hand, a tandem of
 * two M/M/c stages (Burke's theorem, Little's law end to end), SNS and EventBridge fan-out
 * counts, and EventBridge's retry schedule.  Stochastic oracles run R replications with fixed seeds; a
 * quantity passes when the Student-t interval of its mean at SLS_VALIDATE_LEVEL contains the analytical value
 * *and* is narrow enough to mean something (half-width at most tol x |analytical|).  Deterministic ones run
 * once and must match exactly.
 *
 * `slsim validate` writes the table as Markdown (docs/validation.md); tests/check_validate.c
 * asserts every row and that the published report is the one this build produces.
 */
#ifndef SLS_VALIDATE_H
#define SLS_VALIDATE_H

#include <stdio.h>

/* 99.9 % per interval: the 28 stochastic intervals all hold together with probability
 * >= 97.2 % (Bonferroni) when the model is right; the seeds are fixed, so the outcome is too. */
#define SLS_VALIDATE_LEVEL 0.999

typedef struct sls_check_row {
  int group;            /* index of its oracle (sls_validate_group) */
  const char *quantity; /* what is measured */
  const char *formula;  /* the analytical expression */
  double analytical;
  int reps;          /* replications (1: deterministic) */
  double mean;       /* simulated: mean over the replications */
  double half_width; /* of the interval at SLS_VALIDATE_LEVEL; 0 when deterministic */
  double tol;        /* largest allowed half_width / |analytical|; 0: must match exactly */
  double rel_error;  /* (mean - analytical) / analytical */
  int conserved;     /* every run conserved requests and messages */
  int pass;
} sls_check_row;

/* An oracle's description: title, the model and its assumptions, where the result comes from,
 * and the scenario text it runs. */
typedef struct sls_check_group {
  const char *title, *model, *source, *scenario;
} sls_check_group;

/* Runs every oracle (the replications spread over jobs threads; results do not depend on jobs)
 * into *rows (malloc'd).  Returns the number of rows, or -1 with a message in err. */
int sls_validate_run(int jobs, sls_check_row **rows, char *err);
int sls_validate_ngroups(void);
const sls_check_group *sls_validate_group(int g);
/* The report: criteria, one table per oracle, each scenario, the verdict. */
void sls_validate_markdown(FILE *f, const sls_check_row *rows, int n);

/* The criterion: tol > 0: |mean - analytical| <= half_width <= tol |analytical|; tol < 0 (a measured
 * value): |mean - analytical| <= -tol and half_width <= -tol; tol = 0: equal
 * (to 1e-12 relative: a sum of doubles rounds). */
int sls_check_pass(double mean, double half_width, double analytical, double tol);

/* Erlang-B blocking probability B(c, a) and Erlang-C waiting probability C(c, a), a = lambda/mu. */
double sls_erlang_b(int c, double a);
double sls_erlang_c(int c, double a);

#endif
