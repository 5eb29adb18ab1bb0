/*
 * cost — the Lambda bill computed from simulated usage (DESIGN 3.7): requests, duration
 * GB-s by architecture with the monthly tiers, provisioned concurrency (configured GB-s in
 * 5-minute units plus the execution rate), API Gateway requests.  Prices come from the
 * scenario's pricing model (models/pricing/NAME.cfg, dated and sourced; FACTS 4).
 *
 * Tiers and the free tier are applied to the simulated usage as if it were one month's.
 */
#ifndef SLS_COST_H
#define SLS_COST_H

#include "model/world.h"

typedef struct sls_cost_line {
  char service[24]; /* "lambda", "apigateway" */
  char item[40];    /* "requests", "duration-x86_64", ... */
  char entity[64];  /* function name */
  double quantity;  /* in unit */
  char unit[16];    /* "requests", "GB-s" */
  double unit_usd;  /* average price per unit (after tiers and free tier) */
  double usd;       /* line total */
} sls_cost_line;

/* Computes the bill's lines.  Returns the number of lines; *lines is malloc'd (caller frees). */
int sls_cost_compute(const sls_world *w, sls_cost_line **lines);
/* Price of q units with tiered unit prices: price[i] applies up to bound[i] (cumulative),
 * price[nt-1] beyond; `bound` has nt-1 entries. */
double sls_cost_tiered(double q, int nt, const double *price, const double *bound);
/* Configured provisioned-concurrency GB-s for pc environments of memory_mb over span, billed
 * in whole units (5 minutes) [FACTS 4]. */
double sls_cost_pc_gb_s(int64_t pc, int memory_mb, sls_time span, sls_time unit);

#endif
