/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cost — the bill computed from simulated usage (docs/design.md §3.7), and always-on alternatives
 * priced for the same load.
 *
 * Every line is a month's: usage in the simulated span is scaled to a 30-day month (marked
 * projected when the span is shorter, averaged when longer), and then the monthly tiers and
 * free tiers are applied to the account's totals, as AWS applies them.  Fixed charges (NAT
 * gateway hours, configured provisioned concurrency) are a full month's.  Prices come from
 * the scenario's pricing model (models/pricing/NAME.cfg, dated and sourced; facts §4).
 *
 * Lines (service / item): lambda requests, duration-ARCH, init-ARCH (billed INIT),
 * provisioned-concurrency, provisioned-duration, ephemeral-storage; apigateway
 * http-requests / rest-requests; sqs standard-requests / fifo-requests; sns publishes;
 * eventbridge events / api-destinations (per function's per_invocation figures, per source,
 * per topic and bus); stepfunctions transitions / express-requests / express-duration;
 * cloudwatch log-ingestion; nat gateway-hours / data-processed; transfer internet-out.
 */
#ifndef SLS_COST_H
#define SLS_COST_H

#include "engine/text.h"
#include "model/world.h"

typedef struct sls_cost_line {
  char service[24];            /* "lambda", "apigateway", "sqs", ... */
  char item[40];               /* "requests", "duration-x86_64", ... */
  char entity[SLS_NAME_FIELD]; /* function, source or queue name; "account" for account-wide lines */
  char scope[12];              /* "function", "source", "queue", "account" */
  double sim_quantity;         /* used in the simulated span, in unit */
  double quantity;             /* per 30-day month, in unit */
  char unit[16];               /* "requests", "GB-s", "GB", "hours" */
  double unit_usd;             /* average price per unit (after tiers and free tier) */
  double usd;                  /* per 30-day month */
} sls_cost_line;

/* An always-on alternative priced for the simulated load, one way of sizing it. */
typedef struct sls_alt_line {
  char name[SLS_NAME_FIELD];
  char kind[16];      /* "vps", "ec2", "fargate" */
  char sizing[16];    /* "peak" (fixed fleet for the observed peak) or "autoscaled" */
  char load_unit[16]; /* "req/s" or "concurrent" */
  double peak_load;   /* busiest sample interval */
  double mean_load;
  double capacity;       /* per instance */
  double instances;      /* peak: the fleet; autoscaled: time-weighted mean */
  double max_instances;  /* most at once */
  double instance_hours; /* per 30-day month */
  double usd_per_hour;   /* one instance */
  double usd;            /* per 30-day month */
} sls_alt_line;

/* Month per simulated span: the factor usage is multiplied by. */
double sls_cost_month_factor(const sls_world *w);
/* The share of a month's fixed charges (provisioned concurrency all month, NAT hours, a fixed fleet)
 * a bill carries: 1, or the span's share of a month for a bill of the span (bill_period). */
double sls_cost_fixed_share(const sls_world *w);
/* Computes the bill's lines.  Returns the number of lines; *lines is malloc'd (caller frees). */
int sls_cost_compute(const sls_world *w, sls_cost_line **lines);
/* Prices every alternative of the scenario, sized for the peak and autoscaled (two lines
 * each).  Returns the number of lines; *lines is malloc'd. */
int sls_cost_alternatives(const sls_world *w, sls_alt_line **lines);
/* The autoscaling rule on a load series x[0..n) (one value per interval of dt_s seconds, the
 * last one last_s long): wanted_k = max(min, ceil(x_k / (capacity x target))); an instance
 * stays until scale_in_s after it was last wanted.  Returns instance-seconds; *max_out gets
 * the most instances at once. */
double sls_cost_autoscale(const double *x, int n, double dt_s, double last_s, double capacity, double target,
                          int64_t min_instances, double scale_in_s, double *max_out);
/* Price of q units with tiered unit prices: price[i] applies up to bound[i] (cumulative),
 * price[nt-1] beyond; `bound` has nt-1 entries. */
double sls_cost_tiered(double q, int nt, const double *price, const double *bound);
/* Configured provisioned-concurrency GB-s for pc environments of memory_mb over span, billed
 * in whole units (5 minutes) [facts §4]. */
double sls_cost_pc_gb_s(int64_t pc, int memory_mb, sls_time span, sls_time unit);
/* Publishes (or SQS requests) a payload of kb needs: one per 64 KB chunk, at least one. */
double sls_cost_chunks(double kb);
/* What the requests of source s used (its sls_usage, its gateway requests and workflow
 * executions), in USD at each service's first-tier price and without the free tier: the
 * marginal cost of its requests.  The bill applies tiers and free tiers to the account's
 * totals, so its lines need not add up to this. */
double sls_cost_usage(const sls_world *w, const sls_source *s);

#endif
