#include "cost/cost.h"

#include <stdio.h>
#include <string.h>

#include "engine/util.h"
#include "model/queue.h"

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

static void add(sls_cost_line **v, int *n, int *cap, const char *svc, const char *item, const char *entity,
                double q, const char *unit, double usd) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    *v = sls_xrealloc(*v, (size_t)*cap * sizeof **v);
  }
  sls_cost_line *l = &(*v)[(*n)++];
  memset(l, 0, sizeof *l);
  snprintf(l->service, sizeof l->service, "%s", svc);
  snprintf(l->item, sizeof l->item, "%s", item);
  snprintf(l->entity, sizeof l->entity, "%s", entity);
  snprintf(l->unit, sizeof l->unit, "%s", unit);
  l->quantity = q;
  l->usd = usd;
  l->unit_usd = q > 0 ? usd / q : 0;
}

int sls_cost_compute(const sls_world *w, sls_cost_line **lines) {
  const sls_price_spec *p = &w->sc->price;
  sls_cost_line *v = NULL;
  int n = 0, cap = 0;
  /* Account-wide totals first: tiers and the free tier apply to the account's month. */
  double req_total = 0, gbs_x86 = 0, gbs_arm = 0;
  for (int i = 0; i < w->n_functions; i++) {
    const sls_function *f = &w->functions[i];
    double gbs = (double)f->st.billed_ms / 1000.0 * f->spec->memory_mb / 1024.0;
    req_total += (double)f->st.invocations;
    if (f->spec->arch == SLS_ARCH_ARM64)
      gbs_arm += gbs;
    else
      gbs_x86 += gbs;
  }
  double free_req = p->free_tier ? p->free_requests : 0;
  double free_gbs = p->free_tier ? p->free_gb_s : 0;
  double req_billable = req_total > free_req ? req_total - free_req : 0;
  double req_scale = req_total > 0 ? req_billable / req_total : 0;
  /* The free GB-s go to x86 first, then arm64. */
  double free_x86 = free_gbs < gbs_x86 ? free_gbs : gbs_x86;
  double free_arm = free_gbs - free_x86 < gbs_arm ? free_gbs - free_x86 : gbs_arm;
  double usd_x86 = sls_cost_tiered(gbs_x86 - free_x86, 3, p->gb_s_x86, p->tier_gb_s_x86);
  double usd_arm = sls_cost_tiered(gbs_arm - free_arm, 3, p->gb_s_arm, p->tier_gb_s_arm);
  double rate_x86 = gbs_x86 > 0 ? usd_x86 / gbs_x86 : 0, rate_arm = gbs_arm > 0 ? usd_arm / gbs_arm : 0;
  for (int i = 0; i < w->n_functions; i++) {
    const sls_function *f = &w->functions[i];
    const sls_function_spec *fs = f->spec;
    int arm = fs->arch == SLS_ARCH_ARM64;
    double q = (double)f->st.invocations;
    add(&v, &n, &cap, "lambda", "requests", fs->name, q, "requests", q * req_scale * p->request_usd);
    double gbs = (double)f->st.billed_ms / 1000.0 * fs->memory_mb / 1024.0;
    add(&v, &n, &cap, "lambda", arm ? "duration-arm64" : "duration-x86_64", fs->name, gbs, "GB-s",
        gbs * (arm ? rate_arm : rate_x86));
    if (fs->provisioned > 0) {
      double cfg = sls_cost_pc_gb_s(fs->provisioned, fs->memory_mb, w->sc->duration, p->pc_unit);
      add(&v, &n, &cap, "lambda", "provisioned-concurrency", fs->name, cfg, "GB-s",
          cfg * (arm ? p->pc_gb_s_arm : p->pc_gb_s_x86));
      double ex = (double)f->st.pc_billed_ms / 1000.0 * fs->memory_mb / 1024.0;
      add(&v, &n, &cap, "lambda", "provisioned-duration", fs->name, ex, "GB-s",
          ex * (arm ? p->pc_exec_gb_s_arm : p->pc_exec_gb_s_x86));
    }
  }
  for (int i = 0; i < w->n_sources; i++) {
    const sls_source *s = &w->sources[i];
    if (s->spec->gateway == SLS_GW_NONE) continue;
    int rest = s->spec->gateway == SLS_GW_REST;
    double q = (double)s->gw_requests;
    add(&v, &n, &cap, "apigateway", rest ? "rest-requests" : "http-requests", s->spec->name, q, "requests",
        q * (rest ? p->apigw_rest_usd : p->apigw_http_usd));
  }
  /* SQS: sends (64 KB chunks), receives including empty long polls, deletes [FACTS 4]. */
  double sqs_free = p->free_tier ? p->free_sqs_requests : 0;
  for (int i = 0; i < w->n_queues; i++) {
    const sls_queue *q = &w->queues[i];
    double req =
        (double)(q->st.send_requests + q->st.receive_requests + q->st.delete_requests) + q->st.empty_receives;
    double billable = req > sqs_free ? req - sqs_free : 0;
    sqs_free = req > sqs_free ? 0 : sqs_free - req;
    add(&v, &n, &cap, "sqs", q->spec->fifo ? "fifo-requests" : "standard-requests", q->spec->name, req,
        "requests", billable * (q->spec->fifo ? p->sqs_fifo_usd : p->sqs_standard_usd));
  }
  *lines = v;
  return n;
}
