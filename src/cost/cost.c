/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cost/cost.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/util.h"
#include "model/bus.h"
#include "model/queue.h"
#include "model/sfn.h"
#include "model/topic.h"

double sls_cost_tiered(double q, int nt, const double *price, const double *bound) {
  double usd = 0, lo = 0;
  for (int i = 0; i < nt && q > lo; i++) {
    double hi = i < nt - 1 ? bound[i] : q;
    double in = (q < hi ? q : hi) - lo;
    usd += in * price[i];
    lo = hi;
  }
  return usd;
}

double sls_cost_pc_gb_s(int64_t pc, int memory_mb, sls_time span, sls_time unit) {
  sls_time units = unit > 0 ? (span + unit - 1) / unit : 0;
  double seconds = unit > 0 ? (double)units * (double)unit / 1e9 : (double)span / 1e9;
  return (double)pc * memory_mb / 1024.0 * seconds;
}

double sls_cost_chunks(double kb) {
  double c = ceil(kb / 64.0);
  return c < 1 ? 1 : c;
}

/* A month per simulated span: the arrival window (the drain's work belongs to its arrivals), or
 * the whole run when the drain limit cut off work still in flight — then the run is no steady
 * state, and projecting the drain's work as if it happened inside the window multiplies it by
 * 30 d / window (300 messages circulating for a day were billed $220,990 a month that way). */
double sls_cost_month_factor(const sls_world *w) {
  if (w->sc->bill_period == SLS_BILL_PERIOD_SPAN) return 1; /* the bill of the span simulated */
  sls_time span = (w->billed_span > w->sc->duration ? w->billed_span : w->sc->duration) - w->sc->warmup;
  return SLS_MONTH_S / sls_time_to_s(span);
}

double sls_cost_fixed_share(const sls_world *w) {
  if (w->sc->bill_period != SLS_BILL_PERIOD_SPAN) return 1;
  sls_time span = (w->billed_span > w->sc->duration ? w->billed_span : w->sc->duration) - w->sc->warmup;
  return sls_time_to_s(span) / SLS_MONTH_S;
}

/* Usage that shares a monthly free tier and tiers across the account. */
enum {
  P_NONE,
  P_REQUESTS,
  P_GBS_X86,
  P_GBS_ARM,
  P_HTTP,
  P_REST,
  P_SQS,
  P_SFN,
  P_LOGS,
  P_EGRESS,
  P_CREQ,
  P_CCPU,
  P_CGIB, /* a platform's compute pricing (sls_compute_price) */
  P_N
};

typedef struct pool {
  double total, free; /* monthly usage and its free part */
  sls_tiers tiers;    /* n = 0: each line keeps its own flat price */
} pool;

typedef struct bill {
  sls_cost_line *v;
  int *pool_of;
  double *price; /* flat price per unit (lines of untiered pools) */
  int n, cap;
  double factor; /* month / simulated span (1: a bill of the span) */
  double fixed;  /* what a month's fixed charge counts (1; the span's share of a month for a span bill) */
  pool pools[P_N];
} bill;

/* Adds a line of `sim` units used in the simulated span (scaled to the month unless fixed,
 * when `month` is the month's quantity). */
static void add(bill *b, const char *svc, const char *item, const char *scope, const char *entity, double sim,
                const char *unit, int pool_id, double price, int fixed, double month) {
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 32;
    b->v = sls_xrealloc(b->v, (size_t)b->cap * sizeof *b->v);
    b->pool_of = sls_xrealloc(b->pool_of, (size_t)b->cap * sizeof *b->pool_of);
    b->price = sls_xrealloc(b->price, (size_t)b->cap * sizeof *b->price);
  }
  sls_cost_line *l = &b->v[b->n];
  memset(l, 0, sizeof *l);
  snprintf(l->service, sizeof l->service, "%s", svc);
  snprintf(l->item, sizeof l->item, "%s", item);
  snprintf(l->scope, sizeof l->scope, "%s", scope);
  snprintf(l->entity, sizeof l->entity, "%s", entity);
  snprintf(l->unit, sizeof l->unit, "%s", unit);
  l->sim_quantity = sim;
  l->quantity = fixed ? month * b->fixed : sim * b->factor;
  b->pool_of[b->n] = pool_id;
  b->price[b->n] = price;
  b->pools[pool_id].total += l->quantity;
  b->n++;
}

static sls_tiers three_tiers(const double *price, const double *bound) {
  sls_tiers t = {.n = 3};
  memcpy(t.price, price, 3 * sizeof *price);
  memcpy(t.bound, bound, 2 * sizeof *bound);
  return t;
}

/* A function's compute on a platform that does not bill as Lambda does (docs/design.md §3.7):
 * requests; vCPU-s and GiB-s of each request (per-request), of each instance's periods with a
 * request (instance-active), or of each instance's life (instance-lifetime); provisioned
 * instances (min instances, always ready) all the time at their own rate, plus their active time. */
static void compute_lines(bill *b, const sls_world *w, const sls_function *f) {
  const sls_compute_price *c = &w->sc->price.compute;
  const sls_function_spec *fs = f->spec;
  const char *svc = c->service ? c->service : "compute", *name = fs->name;
  int mb = fs->memory_mb;
  if (c->memory_round_mb > 0) mb = (mb + c->memory_round_mb - 1) / c->memory_round_mb * c->memory_round_mb;
  double gib = mb / 1024.0, vcpus = f->vcpus, s = 0;
  add(b, svc, "requests", "function", name, (double)f->st.invocations, "requests", P_CREQ, c->request_usd, 0,
      0);
  if (f->cap) return; /* on a capacity provider: its instances are billed (capacity_lines) */
  switch (c->billing) {
  case SLS_BILL_REQUEST: s = (double)f->st.billed_ms / 1000.0; break;
  case SLS_BILL_ACTIVE: s = f->st.active_s; break;
  default: s = f->alive_area_run / 1e9; break; /* the provisioned ones included */
  }
  if (c->vcpu_s_usd > 0)
    add(b, svc, "cpu", "function", name, s * vcpus, "vCPU-s", P_CCPU, c->vcpu_s_usd, 0, 0);
  if (c->gib_s_usd > 0) add(b, svc, "memory", "function", name, s * gib, "GiB-s", P_CGIB, c->gib_s_usd, 0, 0);
  if ((fs->provisioned <= 0 && !f->pc_varied) || c->billing == SLS_BILL_LIFETIME) return;
  /* configured all month; changed over the run (events, autoscaling): its integral, projected */
  int fixed = !f->pc_varied;
  double pc_s = fixed ? (double)fs->provisioned * sls_time_to_s(sls_world_span(w)) : f->pcc_area_run / 1e9,
         pc_month = (double)fs->provisioned * SLS_MONTH_S;
  if (c->pc_vcpu_s_usd > 0)
    add(b, svc, "provisioned-cpu", "function", name, pc_s * vcpus, "vCPU-s", P_NONE, c->pc_vcpu_s_usd, fixed,
        fixed ? pc_month * vcpus : 0);
  if (c->pc_gib_s_usd > 0)
    add(b, svc, "provisioned-memory", "function", name, pc_s * gib, "GiB-s", P_NONE, c->pc_gib_s_usd, fixed,
        fixed ? pc_month * gib : 0);
  double act = c->billing == SLS_BILL_ACTIVE ? f->st.pc_active_s : (double)f->st.pc_billed_ms / 1000.0;
  if (c->pc_active_vcpu_s_usd > 0)
    add(b, svc, "provisioned-active-cpu", "function", name, act * vcpus, "vCPU-s", P_NONE,
        c->pc_active_vcpu_s_usd, 0, 0);
  if (c->pc_active_gib_s_usd > 0)
    add(b, svc, "provisioned-active-memory", "function", name, act * gib, "GiB-s", P_NONE,
        c->pc_active_gib_s_usd, 0, 0);
}

static void function_lines(bill *b, const sls_world *w, const sls_function *f) {
  const sls_price_spec *p = &w->sc->price;
  const sls_function_spec *fs = f->spec;
  const char *name = fs->name;
  int arm = fs->arch == SLS_ARCH_ARM64;
  double gb = fs->memory_mb / 1024.0, inv = (double)f->st.invocations;
  if (p->compute.billing != SLS_BILL_LAMBDA) {
    compute_lines(b, w, f);
    goto extras;
  }
  if (f->cap) { /* Lambda Managed Instances: requests, no duration (its instances: capacity_lines) */
    add(b, "lambda", "requests", "function", name, inv, "requests", P_NONE, p->request_usd, 0, 0);
    goto extras;
  }
  add(b, "lambda", "requests", "function", name, inv, "requests", P_REQUESTS, p->request_usd, 0, 0);
  /* Duration per 1 ms; INIT of on-demand environments where init_billing says so [facts §3]. */
  double init_s = (double)f->st.billed_init_ms / 1000.0, run_s = (double)f->st.billed_ms / 1000.0 - init_s;
  double run_gb_s = run_s * gb, init_gb_s = init_s * gb;
  if (f->mem_changed) { /* its memory changed during the run: each ms at the memory it ran with */
    init_gb_s = (double)f->st.billed_init_mb_ms / 1000.0 / 1024.0;
    run_gb_s = (double)(f->st.billed_mb_ms - f->st.billed_init_mb_ms) / 1000.0 / 1024.0;
  }
  add(b, "lambda", arm ? "duration-arm64" : "duration-x86_64", "function", name, run_gb_s, "GB-s",
      arm ? P_GBS_ARM : P_GBS_X86, 0, 0, 0);
  if (init_s > 0)
    add(b, "lambda", arm ? "init-arm64" : "init-x86_64", "function", name, init_gb_s, "GB-s",
        arm ? P_GBS_ARM : P_GBS_X86, 0, 0, 0);
  if (fs->provisioned > 0 || f->pc_varied) {
    /* Configured PC in 5-minute units, all month; its executions at the lower rate [facts §4].
     * Changed over the run (events, autoscaling): the configured environment-seconds, projected
     * like usage (each change's 5-minute rounding is not modelled). */
    if (f->pc_varied)
      add(b, "lambda", "provisioned-concurrency", "function", name, f->pcc_area_run / 1e9 * gb, "GB-s",
          P_NONE, arm ? p->pc_gb_s_arm : p->pc_gb_s_x86, 0, 0);
    else
      add(b, "lambda", "provisioned-concurrency", "function", name,
          sls_cost_pc_gb_s(fs->provisioned, fs->memory_mb, sls_world_span(w), p->pc_unit), "GB-s", P_NONE,
          arm ? p->pc_gb_s_arm : p->pc_gb_s_x86, 1, (double)fs->provisioned * gb * SLS_MONTH_S);
    add(b, "lambda", "provisioned-duration", "function", name, (double)f->st.pc_billed_ms / 1000.0 * gb,
        "GB-s", P_NONE, arm ? p->pc_exec_gb_s_arm : p->pc_exec_gb_s_x86, 0, 0);
  }
  if (fs->ephemeral_mb > 512) {
    double s = (double)(f->st.billed_ms + f->st.pc_billed_ms) / 1000.0;
    add(b, "lambda", "ephemeral-storage", "function", name, s * (fs->ephemeral_mb - 512) / 1024.0, "GB-s",
        P_NONE, p->ephemeral_gb_s, 0, 0);
  }
extras:;
  const double kb_gb = 1.0 / (1024.0 * 1024.0);
  if (fs->log_kb > 0)
    add(b, "cloudwatch", "log-ingestion", "function", name, inv * fs->log_kb * kb_gb, "GB", P_LOGS, 0, 0, 0);
  if (fs->nat_kb > 0)
    add(b, "nat", "data-processed", "function", name, inv * fs->nat_kb * kb_gb, "GB", P_NONE, p->nat_gb_usd,
        0, 0);
  if (fs->egress_kb > 0)
    add(b, "transfer", "internet-out", "function", name, inv * fs->egress_kb * kb_gb, "GB", P_EGRESS, 0, 0,
        0);
  double chunks = sls_cost_chunks(fs->publish_kb);
  if (fs->sns_publishes > 0)
    add(b, "sns", "publishes", "function", name, inv * fs->sns_publishes * chunks, "requests", P_NONE,
        p->sns_usd, 0, 0);
  if (fs->eventbridge_events > 0)
    add(b, "eventbridge", "events", "function", name, inv * fs->eventbridge_events * chunks, "events", P_NONE,
        p->eventbridge_usd, 0, 0);
}

static void source_lines(bill *b, const sls_world *w, const sls_source *s) {
  const sls_price_spec *p = &w->sc->price;
  const sls_source_spec *ss = s->spec;
  double arrivals = (double)s->arrivals;
  if (ss->gateway != SLS_GW_NONE) {
    int rest = ss->gateway == SLS_GW_REST;
    add(b, "apigateway", rest ? "rest-requests" : "http-requests", "source", ss->name, (double)s->gw_requests,
        "requests", rest ? P_REST : P_HTTP, 0, 0, 0);
  }
  if (ss->via == 1)
    add(b, "sns", "publishes", "source", ss->name, arrivals * sls_cost_chunks(ss->event_kb), "requests",
        P_NONE, p->sns_usd, 0, 0);
  else if (ss->via == 2)
    add(b, "eventbridge", "events", "source", ss->name, arrivals * sls_cost_chunks(ss->event_kb), "events",
        P_NONE, p->eventbridge_usd, 0, 0);
  if (ss->workflow == 1) {
    add(b, "stepfunctions", "transitions", "source", ss->name, arrivals * ss->transitions, "transitions",
        P_SFN, 0, 0, 0);
  } else if (ss->workflow == 2) {
    /* Express: per execution, plus duration in 100 ms units at the execution's memory in 64 MB
     * chunks [facts §4]. */
    add(b, "stepfunctions", "express-requests", "source", ss->name, arrivals, "requests", P_NONE,
        p->sfn_express_request_usd, 0, 0);
    add(b, "stepfunctions", "express-duration", "source", ss->name,
        (double)s->wf_100ms * 0.1 * ss->workflow_mb / 1024.0, "GB-s", P_NONE, p->sfn_express_gb_s, 0, 0);
  }
}

/* A capacity provider's instances (Lambda Managed Instances): each instance's billed time at its
 * type's EC2 on-demand price, and the compute management fee on it (model/capacity.h). */
static void capacity_lines(bill *b, const sls_world *w, const sls_capacity *cp) {
  const sls_price_spec *p = &w->sc->price;
  const char *svc = p->compute.billing == SLS_BILL_LAMBDA ? "lambda"
                    : p->compute.service                  ? p->compute.service
                                                          : "compute";
  double hours = sls_capacity_billed_s(cp) / 3600.0, usd = cp->spec->usd_per_hour;
  add(b, svc, "instances", "capacity", cp->spec->name, hours, "instance-hours", P_NONE, usd, 0, 0);
  if (p->mi_fee > 0)
    add(b, svc, "management-fee", "capacity", cp->spec->name, hours, "instance-hours", P_NONE,
        usd * p->mi_fee, 0, 0);
}

int sls_cost_compute(const sls_world *w, sls_cost_line **lines) {
  const sls_price_spec *p = &w->sc->price;
  bill b;
  memset(&b, 0, sizeof b);
  b.factor = sls_cost_month_factor(w);
  b.fixed = sls_cost_fixed_share(w);
  for (int i = 0; i < w->n_functions; i++)
    function_lines(&b, w, &w->functions[i]);
  for (int i = 0; i < w->n_caps; i++)
    capacity_lines(&b, w, &w->caps[i]);
  for (int i = 0; i < w->n_sources; i++)
    source_lines(&b, w, &w->sources[i]);
  /* SQS: sends (64 KB chunks), receives including empty long polls, deletes [facts §4]. */
  for (int i = 0; i < w->n_queues; i++) {
    const sls_queue *q = &w->queues[i];
    double req =
        (double)(q->st.send_requests + q->st.receive_requests + q->st.delete_requests) + q->st.empty_receives;
    add(&b, "sqs", q->spec->fifo ? "fifo-requests" : "standard-requests", "queue", q->spec->name, req,
        "requests", P_SQS, q->spec->fifo ? p->sqs_fifo_usd : p->sqs_standard_usd, 0, 0);
  }
  /* SNS publishes and EventBridge events put by emissions and sources, and API destination
   * invocations; deliveries to Lambda and SQS are free (facts §4, 6) */
  for (int i = 0; i < w->n_topics; i++)
    add(&b, "sns", "publishes", "topic", w->topics[i].spec->name, (double)w->topics[i].publish_requests,
        "requests", P_NONE, p->sns_usd, 0, 0);
  /* Step Functions: Standard per state transition (retries included; 4,000 free a month),
   * Express per execution and per 100 ms at its memory in 64 MB steps [facts §4, 7] */
  for (int i = 0; i < w->n_machines; i++) {
    const sls_machine *m = &w->machines[i];
    const char *name = m->spec->name;
    if (!m->spec->express) {
      add(&b, "stepfunctions", "transitions", "machine", name, (double)m->transitions, "transitions", P_SFN,
          0, 0, 0);
      continue;
    }
    add(&b, "stepfunctions", "express-requests", "machine", name, (double)m->started, "requests", P_NONE,
        p->sfn_express_request_usd, 0, 0);
    add(&b, "stepfunctions", "express-duration", "machine", name,
        (double)m->express_100ms * 0.1 * sls_sfn_express_gb(m->spec), "GB-s", P_NONE, p->sfn_express_gb_s, 0,
        0);
  }
  for (int i = 0; i < w->n_buses; i++) {
    const sls_bus *bus = &w->buses[i];
    add(&b, "eventbridge", "events", "bus", bus->spec->name, (double)bus->put_requests, "events", P_NONE,
        p->eventbridge_usd, 0, 0);
    if (bus->api_calls > 0)
      add(&b, "eventbridge", "api-destinations", "bus", bus->spec->name, (double)bus->api_calls,
          "invocations", P_NONE, p->eventbridge_api_usd, 0, 0);
  }
  if (w->sc->nat_gateways > 0)
    add(&b, "nat", "gateway-hours", "account", "account",
        (double)w->sc->nat_gateways * sls_time_to_s(sls_world_span(w)) / 3600, "hours", P_NONE,
        p->nat_hour_usd, 1, (double)w->sc->nat_gateways * SLS_MONTH_HOURS);

  /* Monthly free tiers and tiers over the account's totals.  The free GB-s go to x86 first,
   * then arm64 [facts §4]. */
  pool *P = b.pools;
  int ft = p->free_tier;
  P[P_REQUESTS].free = ft ? p->free_requests : 0;
  P[P_GBS_X86].free = ft ? fmin(p->free_gb_s, P[P_GBS_X86].total) : 0;
  P[P_GBS_ARM].free = ft ? fmax(0, p->free_gb_s - P[P_GBS_X86].free) : 0;
  P[P_SQS].free = ft ? p->free_sqs_requests : 0;
  P[P_SFN].free = ft ? p->free_sfn_transitions : 0;
  P[P_LOGS].free = ft ? p->free_logs_gb : 0;
  P[P_EGRESS].free = ft ? p->free_egress_gb : 0;
  P[P_CREQ].free = ft ? p->compute.free_requests : 0;
  P[P_CCPU].free = ft ? p->compute.free_vcpu_s : 0;
  P[P_CGIB].free = ft ? p->compute.free_gib_s : 0;
  P[P_GBS_X86].tiers = three_tiers(p->gb_s_x86, p->tier_gb_s_x86);
  P[P_GBS_ARM].tiers = three_tiers(p->gb_s_arm, p->tier_gb_s_arm);
  P[P_HTTP].tiers = p->apigw_http;
  P[P_REST].tiers = p->apigw_rest;
  P[P_SFN].tiers = (sls_tiers){.n = 1, .price = {p->sfn_transition_usd}};
  P[P_LOGS].tiers = p->logs;
  P[P_EGRESS].tiers = p->egress;
  for (int i = 0; i < b.n; i++) {
    sls_cost_line *l = &b.v[i];
    const pool *pl = &P[b.pool_of[i]];
    double billable = pl->total > pl->free ? pl->total - pl->free : 0;
    double frac = b.pool_of[i] == P_NONE ? 1 : (pl->total > 0 ? billable / pl->total : 0);
    if (pl->tiers.n > 0)
      l->unit_usd = pl->total > 0
                        ? sls_cost_tiered(billable, pl->tiers.n, pl->tiers.price, pl->tiers.bound) / pl->total
                        : 0;
    else
      l->unit_usd = b.price[i] * frac;
    l->usd = l->quantity * l->unit_usd;
  }
  free(b.pool_of);
  free(b.price);
  *lines = sls_xrealloc(b.v, (size_t)(b.n ? b.n : 1) * sizeof *b.v); /* the doubling's spare half back */
  return b.n;
}

double sls_cost_usage(const sls_world *w, const sls_source *s) {
  const sls_price_spec *p = &w->sc->price;
  const sls_usage *u = &s->use;
  const sls_source_spec *ss = s->spec;
  double usd = u->lambda_requests * p->request_usd + u->gb_s[0] * p->gb_s_x86[0] +
               u->gb_s[1] * p->gb_s_arm[0] + u->pc_gb_s[0] * p->pc_exec_gb_s_x86 +
               u->pc_gb_s[1] * p->pc_exec_gb_s_arm + u->sqs_requests[0] * p->sqs_standard_usd +
               u->sqs_requests[1] * p->sqs_fifo_usd + u->sns_requests * p->sns_usd +
               u->eb_events * p->eventbridge_usd + u->api_invocations * p->eventbridge_api_usd +
               u->sfn_transitions * p->sfn_transition_usd +
               u->sfn_express_requests * p->sfn_express_request_usd +
               u->sfn_express_gb_s * p->sfn_express_gb_s + u->log_gb * p->logs.price[0] +
               u->nat_gb * p->nat_gb_usd + u->egress_gb * p->egress.price[0] + u->compute_usd;
  double arrivals = (double)s->arrivals;
  if (ss->gateway != SLS_GW_NONE)
    usd += (double)s->gw_requests * (ss->gateway == SLS_GW_REST ? p->apigw_rest : p->apigw_http).price[0];
  if (ss->via == 1) usd += arrivals * sls_cost_chunks(ss->event_kb) * p->sns_usd;
  if (ss->via == 2) usd += arrivals * sls_cost_chunks(ss->event_kb) * p->eventbridge_usd;
  if (ss->workflow == 1) usd += arrivals * ss->transitions * p->sfn_transition_usd;
  if (ss->workflow == 2)
    usd += arrivals * p->sfn_express_request_usd +
           (double)s->wf_100ms * 0.1 * ss->workflow_mb / 1024.0 * p->sfn_express_gb_s;
  return usd;
}

double sls_cost_autoscale(const double *x, int n, double dt_s, double last_s, double capacity, double target,
                          int64_t min_instances, double scale_in_s, double *max_out) {
  /* Instances at interval k = the most wanted over the intervals that started within
   * scale_in_s before it (scale-out at once, scale-in after the delay). */
  int hold = (int)ceil(scale_in_s / dt_s - 1e-9);
  double inst_s = 0, mx = 0;
  for (int k = 0; k < n; k++) {
    double have = 0;
    for (int j = k - hold < 0 ? 0 : k - hold; j <= k; j++) {
      double want = ceil(x[j] / (capacity * target) - 1e-9);
      if (want < (double)min_instances) want = (double)min_instances;
      if (want > have) have = want;
    }
    inst_s += have * (k == n - 1 ? last_s : dt_s);
    if (have > mx) mx = have;
  }
  if (max_out) *max_out = mx;
  return inst_s;
}

static const char *const alt_kinds[] = {"vps", "ec2", "fargate"};

int sls_cost_alternatives(const sls_world *w, sls_alt_line **lines) {
  const sls_scenario *sc = w->sc;
  int n = sc->n_alternatives;
  sls_alt_line *v = sls_xcalloc((size_t)(2 * n) + 1, sizeof *v);
  double *x = sls_xcalloc(w->n_samples + 1, sizeof *x);
  double dt = sls_time_to_s(sc->sample_interval), span = sls_time_to_s(sc->duration);
  double last = w->n_samples ? span - dt * (double)(w->n_samples - 1) : 0;
  /* the intervals that begin at or after the warm-up's end (the summary's span) */
  size_t k0 = sc->warmup > 0 && sc->sample_interval > 0
                  ? (size_t)((sc->warmup + sc->sample_interval - 1) / sc->sample_interval)
                  : 0;
  if (k0 > w->n_samples) k0 = w->n_samples;
  double from = dt * (double)k0, measured = span - from;
  double month =
      k0 ? sls_cost_month_factor(w) * sls_time_to_s(sls_world_span(w)) / measured : sls_cost_month_factor(w);
  for (int a = 0; a < n; a++) {
    const sls_alternative_spec *as = &sc->alternatives[a];
    /* The load it must carry, per sample interval: invocations per second (the work the
     * functions ran), or the busiest instant's concurrency. */
    double peak = 0, sum = 0;
    for (size_t k = k0; k < w->n_samples; k++) {
      double len = k + 1 == w->n_samples ? last : dt, load = 0;
      for (int i = 0; i < (as->n_functions ? as->n_functions : w->n_functions); i++) {
        const sls_function *f = &w->functions[as->n_functions ? as->functions[i] : i];
        const double *row = sls_series_get(f->ts, k);
        load += as->by_concurrency ? row[SLS_TS_CONC_MAX] : row[SLS_TS_INVOCATIONS] / len;
      }
      x[k] = load;
      sum += load * len;
      if (load > peak) peak = load;
    }
    for (int s = 0; s < 2; s++) {
      sls_alt_line *l = &v[2 * a + s];
      snprintf(l->name, sizeof l->name, "%s", as->name);
      snprintf(l->kind, sizeof l->kind, "%s", alt_kinds[as->kind]);
      snprintf(l->sizing, sizeof l->sizing, "%s", s ? "autoscaled" : "peak");
      snprintf(l->load_unit, sizeof l->load_unit, "%s", as->by_concurrency ? "concurrent" : "req/s");
      l->peak_load = peak;
      l->mean_load = measured > 0 ? sum / measured : 0;
      l->capacity = as->capacity;
      l->usd_per_hour = as->usd_per_hour;
      if (s == 0) {
        /* A fixed fleet that carries the busiest interval at full capacity, all month. */
        double k = ceil(peak / as->capacity - 1e-9);
        if (k < (double)as->min_instances) k = (double)as->min_instances;
        if (k < 1) k = 1;
        l->instances = l->max_instances = k;
        l->instance_hours = k * SLS_MONTH_HOURS * sls_cost_fixed_share(w);
      } else {
        double inst_s = sls_cost_autoscale(x + k0, (int)(w->n_samples - k0), dt, last, as->capacity,
                                           as->target_utilization, as->min_instances,
                                           sls_time_to_s(as->scale_in_delay), &l->max_instances);
        l->instances = measured > 0 ? inst_s / measured : 0;
        l->instance_hours = inst_s / 3600.0 * month;
      }
      l->usd = l->instance_hours * l->usd_per_hour;
    }
  }
  free(x);
  *lines = v;
  return 2 * n;
}
