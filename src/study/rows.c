/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "study/rows.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/strmap.h"
#include "model/bus.h"
#include "model/downstream.h"
#include "model/join.h"
#include "model/queue.h"
#include "model/sfn.h"
#include "model/topic.h"

/* A bill line of a function adds to its row: its cost, and the GB-s of its duration and INIT. */
static void add_line(sls_fn_cost *c, const sls_cost_line *l) {
  if (strcmp(l->scope, "function") != 0) return;
  c->cost_usd += l->usd;
  if (strncmp(l->item, "duration", 8) == 0 || strncmp(l->item, "init-", 5) == 0)
    c->billed_gb_s += l->sim_quantity;
}

void sls_row_function(const sls_world *w, int i, const sls_cost_line *lines, int n_lines, sls_fn_row *r) {
  const sls_function *f = &w->functions[i];
  const sls_fn_stats *s = &f->st;
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", f->spec->name);
  r->memory_mb = f->spec->memory_mb;
  snprintf(r->arch, sizeof r->arch, "%s", f->spec->arch == SLS_ARCH_ARM64 ? "arm64" : "x86_64");
  r->requests = s->requests;
  r->ok = s->ok;
  r->errors = s->errors;
  r->timeouts = s->timeouts;
  r->throttled = s->throttled;
  r->throttles = s->throttles;
  r->retries = s->retries;
  r->invocations = s->invocations;
  r->cold_starts = s->cold_starts;
  r->pc_invocations = s->pc_invocations;
  r->envs_created = s->envs_created;
  r->expired = s->expired;
  r->recycled = s->recycled;
  r->cold_start_pct = s->invocations ? 100.0 * (double)s->cold_starts / (double)s->invocations : 0;
  const sls_hist *h = &s->latency;
  if (!h->n && s->inv_latency.n) { /* fed by a mapping, a topic, async events: its invocations */
    h = &s->inv_latency;
    r->latency_of_invocations = 1;
  }
  r->p50_ms = sls_hist_quantile(h, 0.50) / 1e6;
  r->p90_ms = sls_hist_quantile(h, 0.90) / 1e6;
  r->p95_ms = sls_hist_quantile(h, 0.95) / 1e6;
  r->p99_ms = sls_hist_quantile(h, 0.99) / 1e6;
  r->p999_ms = sls_hist_quantile(h, 0.999) / 1e6;
  r->max_ms = h->n ? (double)h->max / 1e6 : 0;
  r->mean_ms = sls_hist_mean(h) / 1e6;
  r->init_p50_ms = sls_hist_quantile(&s->init_latency, 0.50) / 1e6;
  r->init_p99_ms = sls_hist_quantile(&s->init_latency, 0.99) / 1e6;
  r->mean_concurrency = sls_function_mean_concurrency(f, sls_world_span(w));
  r->peak_concurrency = (double)f->conc.peak_all;
  r->idle_gb_s = sls_function_idle_gb_s(f);
  r->provisioned = f->spec->provisioned;
  r->reserved = f->spec->reserved;
  r->unfinished = s->unfinished;
  r->async_events = s->async_events;
  r->async_ok = s->async_ok;
  r->async_failed = s->async_failed;
  r->async_expired = s->async_expired;
  r->async_retries = s->async_retries;
  r->async_p50_ms = sls_hist_quantile(&s->async_latency, 0.5) / 1e6;
  r->async_p99_ms = sls_hist_quantile(&s->async_latency, 0.99) / 1e6;
  r->batch_invocations = s->batch_invocations;
  r->inv_errors = s->inv_errors;
  r->inv_timeouts = s->inv_timeouts;
  r->invoked = s->emitted[SLS_EMIT_INVOKE];
  r->sent = s->emitted[SLS_EMIT_SEND];
  r->published = s->emitted[SLS_EMIT_PUBLISH];
  r->put = s->emitted[SLS_EMIT_PUT];
  r->joined = s->emitted[SLS_EMIT_JOIN];
  r->sync_calls = s->sync_calls;
  r->sync_failed = s->sync_failed;
  r->instance_concurrency = f->spec->instance_concurrency;
  r->mean_instances = sls_world_span(w) > 0 ? f->alive_area_run / (double)sls_world_span(w) : 0;
  r->mean_idle = sls_world_span(w) > 0 ? f->idle_area_run / (double)sls_world_span(w) : 0;
  r->cold_waits = s->cold_waits;
  r->cold_wait_pct = s->invocations ? 100.0 * (double)s->cold_waits / (double)s->invocations : 0;
  r->queued = s->queued;
  r->queue_timeouts = s->queue_timeouts;
  sls_fn_cost c = {0, 0};
  for (int k = 0; k < n_lines; k++)
    if (strcmp(lines[k].entity, f->spec->name) == 0) add_line(&c, &lines[k]);
  r->cost_usd = c.cost_usd;
  r->billed_gb_s = c.billed_gb_s;
}

sls_fn_cost *sls_rows_costs(const sls_world *w, const sls_cost_line *lines, int n_lines) {
  sls_fn_cost *c = sls_xcalloc((size_t)w->n_functions + 1, sizeof *c);
  sls_strmap ix;
  sls_strmap_init(&ix, (size_t)w->n_functions);
  for (int i = 0; i < w->n_functions; i++)
    sls_strmap_put(&ix, w->functions[i].spec->name, i);
  for (int k = 0; k < n_lines; k++) { /* in the bill's order, as each row alone would add them */
    int i = sls_strmap_get(&ix, lines[k].entity);
    if (i >= 0) add_line(&c[i], &lines[k]);
  }
  sls_strmap_destroy(&ix);
  return c;
}

void sls_rows_functions(const sls_world *w, const sls_fn_cost *costs, sls_fn_row *rows) {
  for (int i = 0; i < w->n_functions; i++) {
    sls_row_function(w, i, NULL, 0, &rows[i]);
    rows[i].cost_usd = costs[i].cost_usd;
    rows[i].billed_gb_s = costs[i].billed_gb_s;
  }
}

void sls_row_queue(const sls_world *w, int i, sls_queue_row *r) {
  const sls_queue *q = &w->queues[i];
  const sls_queue_stats *s = &q->st;
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", q->spec->name);
  snprintf(r->type, sizeof r->type, "%s", q->spec->fifo ? "fifo" : "standard");
  r->sent = s->sent;
  r->deleted = s->deleted;
  r->to_dlq = s->to_dlq;
  r->expired = s->expired;
  r->remaining = (uint64_t)sls_queue_remaining(q);
  r->received = s->received;
  r->send_requests = s->send_requests;
  r->receive_requests = s->receive_requests;
  r->empty_receives = (uint64_t)(s->empty_receives + 0.5);
  r->delete_requests = s->delete_requests;
  r->e2e_p50_ms = sls_hist_quantile(&s->e2e, 0.5) / 1e6;
  r->e2e_p90_ms = sls_hist_quantile(&s->e2e, 0.9) / 1e6;
  r->e2e_p99_ms = sls_hist_quantile(&s->e2e, 0.99) / 1e6;
  r->e2e_max_ms = s->e2e.n ? (double)s->e2e.max / 1e6 : 0;
  r->e2e_mean_ms = sls_hist_mean(&s->e2e) / 1e6;
  r->wait_mean_ms = sls_hist_mean(&s->wait) / 1e6;
  r->wait_p99_ms = sls_hist_quantile(&s->wait, 0.99) / 1e6;
  r->waited_fraction = s->wait.n ? 1.0 - (double)sls_hist_count(&s->wait, 0) / (double)s->wait.n : 0;
  r->first_sent_s = s->first_sent >= 0 ? sls_time_to_s(s->first_sent) : -1;
  sls_time drained = sls_queue_remaining(q) == 0 ? sls_queue_drained_at(q) : -1;
  r->drained_s = drained >= 0 ? sls_time_to_s(drained) : -1;
  r->drain_time_s = drained >= 0 ? sls_time_to_s(drained - s->first_sent) : -1;
  r->peak_backlog = (double)q->lv_visible.peak_all;
  if (q->esm) {
    snprintf(r->mapping, sizeof r->mapping, "%s", q->esm->spec->name);
    r->batches = q->esm->batches;
    r->failed_batches = q->esm->batch_failures;
    r->throttled_batches = q->esm->batch_throttles;
    r->peak_mapping_concurrency = (double)q->esm->lv_active.peak_all;
  }
}

void sls_row_downstream(const sls_world *w, int i, sls_ds_row *r) {
  const sls_downstream *d = &w->downstreams[i];
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", d->spec->name);
  snprintf(r->mode, sizeof r->mode, "%s", d->spec->proxy ? "proxy" : "per_invocation");
  r->calls = d->st.calls;
  r->failed_calls = d->st.failed_calls;
  r->refusals = d->st.refusals;
  r->collapses = d->st.collapses;
  r->down_s = sls_time_to_s(d->st.down_ns);
  r->peak_connections = (double)d->lv_conn.peak_all;
  r->peak_active_calls = (double)d->lv_active.peak_all;
  double area = d->lv_conn.total_area + (double)d->lv_conn.value * (double)(w->sim.now - d->lv_conn.last);
  r->mean_connections = w->sim.now > 0 ? area / (double)w->sim.now : 0; /* over the whole run */
  r->outage_s = sls_time_to_s(d->st.outage_ns);
  r->api_calls = d->st.api_calls;
  r->api_failed = d->st.api_failed;
}

void sls_row_capacity(const sls_world *w, int i, sls_cap_row *r) {
  const sls_capacity *c = &w->caps[i];
  const sls_capacity_spec *s = c->spec;
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", s->name);
  snprintf(r->instance_type, sizeof r->instance_type, "%s", s->instance_type);
  r->vcpu = s->vcpu, r->memory_gb = s->memory_gb, r->usd_per_hour = s->usd_per_hour;
  r->min_instances = (double)s->min_instances, r->max_vcpus = s->max_vcpus;
  sls_time span = sls_world_span(w);
  r->mean_instances = span > 0 ? c->area_run / (double)span : 0;
  r->peak_instances = (double)c->live.peak_all;
  r->instance_hours = sls_capacity_billed_s(c) / 3600.0;
  r->launches = c->launches, r->terminations = c->terminations;
  r->environments = c->placed, r->refused = c->refused;
}

void sls_row_source(const sls_world *w, int i, sls_source_row *r) {
  const sls_source *src = &w->sources[i];
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", src->spec->name);
  snprintf(r->target, sizeof r->target, "%s", src->spec->target);
  r->arrivals = src->arrivals;
  r->invocations = src->invocations;
  r->cold_starts = src->cold_starts;
  r->gw_requests = src->gw_requests;
  r->cold_start_pct = src->invocations ? 100.0 * (double)src->cold_starts / (double)src->invocations : 0;
  r->roots = src->roots_done;
  r->roots_failed = src->roots_failed;
  r->roots_dropped = src->roots_dropped;
  r->roots_ok = src->roots_done - src->roots_failed - src->roots_dropped;
  r->roots_unfinished = src->roots_live;
  sls_hist resp, comp;
  sls_source_latencies(src, &resp, &comp);
  r->response_p50_ms = sls_hist_quantile(&resp, 0.5) / 1e6;
  r->response_p99_ms = sls_hist_quantile(&resp, 0.99) / 1e6;
  r->response_mean_ms = sls_hist_mean(&resp) / 1e6;
  r->completion_p50_ms = sls_hist_quantile(&comp, 0.5) / 1e6;
  r->completion_p99_ms = sls_hist_quantile(&comp, 0.99) / 1e6;
  r->completion_mean_ms = sls_hist_mean(&comp) / 1e6;
  r->completion_max_ms = comp.n ? (double)comp.max / 1e6 : 0;
  sls_hist_destroy(&resp);
  sls_hist_destroy(&comp);
  double done = src->roots_done ? (double)src->roots_done : 1;
  r->path_wait_ms = src->crit_ns[SLS_PATH_WAIT] / done / 1e6;
  r->path_cold_ms = src->crit_ns[SLS_PATH_COLD] / done / 1e6;
  r->path_run_ms = src->crit_ns[SLS_PATH_RUN] / done / 1e6;
  r->path_downstream_ms = src->crit_ns[SLS_PATH_DOWNSTREAM] / done / 1e6;
  double arrivals = src->arrivals ? (double)src->arrivals : 1;
  r->lambda_requests_per_root = src->use.lambda_requests / arrivals;
  r->gb_s_per_root =
      (src->use.gb_s[0] + src->use.gb_s[1] + src->use.pc_gb_s[0] + src->use.pc_gb_s[1]) / arrivals;
  r->cost_per_root_usd = sls_cost_usage(w, src) / arrivals;
}

void sls_row_topic(const sls_world *w, int i, sls_topic_row *r) {
  const sls_topic *t = &w->topics[i];
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", t->spec->name);
  r->published = t->published;
  r->publish_requests = t->publish_requests;
  r->deliveries = t->deliveries;
  r->unmatched = t->unmatched;
}

void sls_row_bus(const sls_world *w, int i, sls_bus_row *r) {
  const sls_bus *b = &w->buses[i];
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", b->spec->name);
  r->put = b->put;
  r->put_requests = b->put_requests;
  r->unmatched = b->unmatched;
  r->deliveries = b->deliveries;
  r->delivered = b->delivered;
  r->attempts_failed = b->attempts_failed;
  r->retries = b->retries;
  r->to_dlq = b->to_dlq;
  r->dropped = b->dropped;
  r->api_calls = b->api_calls;
  r->pending = b->pending;
}

void sls_row_machine(const sls_world *w, int i, sls_machine_row *r) {
  const sls_machine *m = &w->machines[i];
  const sls_price_spec *p = &w->sc->price;
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", m->spec->name);
  snprintf(r->type, sizeof r->type, "%s", m->spec->express ? "express" : "standard");
  r->started = m->started;
  r->start_throttled = m->start_throttled;
  r->succeeded = m->succeeded;
  r->failed = m->failed;
  r->timed_out = m->timed_out;
  r->compensated = m->compensated;
  r->running = m->live;
  r->latency_p50_ms = sls_hist_quantile(&m->latency, 0.5) / 1e6;
  r->latency_p99_ms = sls_hist_quantile(&m->latency, 0.99) / 1e6;
  r->latency_mean_ms = sls_hist_mean(&m->latency) / 1e6;
  r->latency_max_ms = m->latency.n ? (double)m->latency.max / 1e6 : 0;
  double n = m->started ? (double)m->started : 1;
  r->transitions_per_execution = (double)m->transitions / n;
  r->transitions_delayed = m->transitions_delayed;
  r->tasks = m->tasks;
  r->task_errors = m->task_errors;
  r->task_timeouts = m->task_timeouts;
  r->task_throttles = m->task_throttles;
  r->history_failed = m->history_failed;
  double usd = m->spec->express
                   ? (double)m->started * p->sfn_express_request_usd +
                         (double)m->express_100ms * 0.1 * sls_sfn_express_gb(m->spec) * p->sfn_express_gb_s
                   : (double)m->transitions * p->sfn_transition_usd;
  r->sfn_usd_per_execution = usd / n;
}

void sls_row_states(const sls_world *w, int i, sls_state_row *rows) {
  const sls_machine *m = &w->machines[i];
  for (int s = 0; s < m->spec->n_states; s++) {
    const sls_state_spec *st = &m->spec->states[s];
    const sls_state_stats *ss = &m->st[s];
    sls_state_row *r = &rows[s];
    memset(r, 0, sizeof *r);
    snprintf(r->machine, sizeof r->machine, "%s", m->spec->name);
    snprintf(r->name, sizeof r->name, "%s", st->name);
    snprintf(r->type, sizeof r->type, "%s", sls_state_types[st->type]);
    r->entered = ss->entered;
    r->retries = ss->retries;
    r->caught = ss->caught;
    r->failed = ss->failed;
    r->mean_ms = ss->left ? ss->time_ns / (double)ss->left / 1e6 : 0;
    r->spread_ms = ss->spreads ? ss->spread_ns / (double)ss->spreads / 1e6 : 0;
    if (st->type == SLS_ST_PARALLEL) {
      uint64_t total = 0, best = 0;
      int b = 0;
      for (int k = 0; k < st->n_branches; k++) {
        total += ss->last_branch[k];
        if (ss->last_branch[k] > best) best = ss->last_branch[b = k];
      }
      snprintf(r->slowest_branch, sizeof r->slowest_branch, "%s", total ? st->branch_names[b] : "");
      r->slowest_share = total ? (double)best / (double)total : 0;
    }
  }
}

void sls_row_join(const sls_world *w, int i, sls_join_row *r) {
  const sls_join *j = &w->joins[i];
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", j->spec->name);
  snprintf(r->target, sizeof r->target, "%s", j->spec->target_name);
  r->arrivals = j->arrivals;
  r->fired = j->fired;
  r->partial = j->partial;
  r->timed_out = j->timed_out;
  r->late = j->late;
  r->waiting = j->waiting;
  r->spread_p50_ms = sls_hist_quantile(&j->spread, 0.5) / 1e6;
  r->spread_p99_ms = sls_hist_quantile(&j->spread, 0.99) / 1e6;
  r->spread_mean_ms = sls_hist_mean(&j->spread) / 1e6;
}
