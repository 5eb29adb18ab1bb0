/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/report.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/strmap.h"
#include "engine/text.h"
#include "engine/util.h"
#include "io/h5.h"
#include "report/table.h"
#include "study/study.h"

const char *const sls_report_tables[] = {
    "functions", "sources",  "queues", "downstreams", "capacity_providers", "topics", "buses",
    "joins",     "machines", "states", "cost",        "alternatives",       "ci",     NULL};

/* ---- strings from the file, made safe for a terminal in place (text reports) ---- */

#define TERM(f) sls_term_copy(f, sizeof(f), f)

static void term_info(sls_run_info *in) {
  TERM(in->version);
  TERM(in->scenario);
  TERM(in->status);
  TERM(in->conservation);
  TERM(in->pricing);
  TERM(in->pricing_date);
}

static void term_rows(sls_fn_row *r, int n, sls_cost_line *l, int nl, sls_alt_line *a, int na) {
  for (int i = 0; i < n; i++) {
    TERM(r[i].name);
    TERM(r[i].arch);
  }
  for (int i = 0; i < nl; i++) {
    TERM(l[i].service);
    TERM(l[i].item);
    TERM(l[i].entity);
    TERM(l[i].scope);
    TERM(l[i].unit);
  }
  for (int i = 0; i < na; i++) {
    TERM(a[i].name);
    TERM(a[i].kind);
    TERM(a[i].sizing);
    TERM(a[i].load_unit);
  }
}

static void term_queues(sls_queue_row *q, int nq, sls_ds_row *d, int nd) {
  for (int i = 0; i < nq; i++) {
    TERM(q[i].name);
    TERM(q[i].type);
    TERM(q[i].mapping);
  }
  for (int i = 0; i < nd; i++) {
    TERM(d[i].name);
    TERM(d[i].mode);
  }
}

static void term_study(sls_study *st, sls_ci_row *ci, int n) {
  for (int k = 0; k < st->n_vary; k++)
    sls_term_copy(st->vary_key[k], strlen(st->vary_key[k]) + 1, st->vary_key[k]);
  for (int i = 0; i < st->n_points * st->n_vary; i++)
    sls_term_copy(st->vary_value[i], strlen(st->vary_value[i]) + 1, st->vary_value[i]);
  for (int i = 0; i < n; i++) {
    TERM(ci[i].kind);
    TERM(ci[i].entity);
    TERM(ci[i].metric);
  }
}

/* ---- CSV fields: strings quoted (io/text.h), numbers as they are ---- */

static void csv_s(FILE *o, const char *s, int first) {
  if (!first) fputc(',', o);
  sls_put_csv(o, s);
}
static void csv_u(FILE *o, uint64_t v) { fprintf(o, ",%llu", (unsigned long long)v); }
static void csv_d(FILE *o, double v) { /* every digit it takes to read back the same double */
  fputc(',', o);
  sls_put_num(o, v, 0);
}

/* ---- text ---- */

/* ---- text and HTML: where the tables go ---- */

/* A terminal (tables cut to width columns; 0: whole) or an HTML page (html: notes become
 * escaped paragraphs, tables <table>s, sections <h2>s). */
typedef struct sink {
  FILE *o;
  int width;
  int html;
} sink;

/* A line or two of prose (names in it come from the file: escaped for HTML). */
__attribute__((format(printf, 2, 3))) static void note(const sink *k, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (!k->html) {
    vfprintf(k->o, fmt, ap);
    va_end(ap);
    return;
  }
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *buf = n < 0 ? NULL : sls_xcalloc((size_t)n + 1, 1);
  if (buf) vsnprintf(buf, (size_t)n + 1, fmt, again);
  va_end(again);
  if (!buf) return;
  fputs("<p>", k->o);
  sls_put_html(k->o, buf);
  fputs("</p>\n", k->o);
  free(buf);
}

/* The blank line between tables on a terminal. */
static void gap(const sink *k) {
  if (!k->html) fputc('\n', k->o);
}

static void put_table(const sink *k, const sls_table *t) {
  if (k->html)
    sls_table_html(k->o, t, NULL);
  else
    sls_table_print(k->o, t, k->width);
}

/* A section's heading (HTML only: a terminal report reads as one page). */
static void heading(const sink *k, const char *title) {
  if (!k->html) return;
  fputs("<h2>", k->o);
  sls_put_html(k->o, title);
  fputs("</h2>\n", k->o);
}

/* Totals of lines grouped by a key (service, or entity with its scope), in first-seen order. */
static void print_totals(const sink *o, const char *title, const sls_cost_line *l, int nl, int by_entity,
                         int span) {
  char(*key)[SLS_NAME_FIELD + 16] = sls_xcalloc((size_t)nl + 1, sizeof *key);
  double *usd = sls_xcalloc((size_t)nl + 1, sizeof *usd);
  int *first = sls_xcalloc((size_t)nl + 1, sizeof *first), ng = 0;
  sls_strmap groups;
  sls_strmap_init(&groups, (size_t)nl);
  for (int i = 0; i < nl; i++) {
    if (by_entity)
      snprintf(key[i], sizeof key[i], "%s (%s)", l[i].entity, l[i].scope);
    else
      snprintf(key[i], sizeof key[i], "%s", l[i].service);
    int g = sls_strmap_put(&groups, key[i], ng);
    if (g < 0) first[g = ng++] = i;
    usd[g] += l[i].usd;
  }
  sls_table t;
  sls_table_init(&t, 1);
  sls_table_col(&t, title, 0);
  sls_table_col(&t, span ? "USD" : "USD/month", 1);
  for (int g = 0; g < ng; g++) {
    sls_table_row(&t);
    sls_table_s(&t, key[first[g]]);
    sls_table_f(&t, "%.2f", usd[g]);
  }
  gap(o);
  put_table(o, &t);
  sls_table_free(&t);
  sls_strmap_destroy(&groups);
  free(key);
  free(usd);
  free(first);
}

static void print_alternatives(const sink *o, const sls_alt_line *a, int na, double serverless) {
  if (!na) return;
  heading(o, "Always-on alternatives");
  note(o, "\nalways-on alternatives, per 30-day month (serverless above: $%.2f)\n", serverless);
  sls_table t;
  sls_table_init(&t, 3);
  static const char *const head[] = {"name",     "kind",      "sizing",   "peak load",  "mean load", "unit",
                                     "capacity", "instances", "max inst", "inst-hours", "USD/month", "vs SL"};
  for (int c = 0; c < 12; c++)
    sls_table_col(&t, head[c], c >= 3 && c != 5);
  for (int i = 0; i < na; i++) {
    sls_table_row(&t);
    sls_table_s(&t, a[i].name);
    sls_table_s(&t, a[i].kind);
    sls_table_s(&t, a[i].sizing);
    sls_table_f(&t, "%.2f", a[i].peak_load);
    sls_table_f(&t, "%.2f", a[i].mean_load);
    sls_table_s(&t, a[i].load_unit);
    sls_table_f(&t, "%.1f", a[i].capacity);
    sls_table_f(&t, "%.2f", a[i].instances);
    sls_table_f(&t, "%.0f", a[i].max_instances);
    sls_table_f(&t, "%.1f", a[i].instance_hours);
    sls_table_f(&t, "%.2f", a[i].usd);
    sls_table_f(&t, "%.2fx", a[i].usd > 0 ? serverless / a[i].usd : 0);
  }
  put_table(o, &t);
  sls_table_free(&t);
  note(o, "(peak: a fixed fleet for the busiest sample interval at full capacity;\n"
          " autoscaled: ceil(load / (capacity x target utilization)) per interval, scale-in after the\n"
          " delay; vs SL = serverless / alternative)\n");
}

static void print_bill(const sink *o, const sls_run_info *in, const sls_cost_line *l, int nl) {
  double days = in->duration_s / 86400.0;
  heading(o, "The bill");
  if (in->bill_span) {
    note(o, "\nbill for the span simulated, pricing %s (%s), free tier %s:\n", in->pricing, in->pricing_date,
         in->free_tier ? "on" : "off");
    note(o,
         "NOT PROJECTED: %.6g s simulated (bill_period \"span\": a one-off, such as a drain); monthly\n"
         "charges (provisioned concurrency, NAT hours) counted for that span\n",
         in->billed_span_s);
  } else
    note(o, "\nbill per 30-day month, pricing %s (%s), free tier %s:\n", in->pricing, in->pricing_date,
         in->free_tier ? "on" : "off");
  if (in->bill_span) {
  } else if (in->billed_span_s + in->warmup_s > in->duration_s * 1.0000001)
    note(o,
         "PROJECTED from the whole %.6g d simulated (usage x %.4g): arrivals ended at %.6g s, but the\n"
         "drain limit cut off work still in flight (a cycle, or a backlog), so no steady state\n",
         in->billed_span_s / 86400, in->month_factor, in->duration_s);
  else if (in->month_factor > 1.0000001 && in->warmup_s > 0)
    note(o, "PROJECTED from %.4g h measured after a warm-up of %.4g h (usage x %.4g)\n",
         in->billed_span_s / 3600, in->warmup_s / 3600, in->month_factor);
  else if (in->month_factor > 1.0000001)
    note(o, "PROJECTED from %.4g %s simulated (usage x %.4g)\n", days < 1 ? in->duration_s / 3600 : days,
         days < 1 ? "h" : "d", in->month_factor);
  else if (in->month_factor < 0.9999999)
    note(o, "averaged over %.4g d simulated (usage x %.4g)\n", days, in->month_factor);
  else
    note(o, "30 days simulated\n");
  sls_table t;
  sls_table_init(&t, 3);
  static const char *const head[] = {"service",   "item", "entity",   "simulated",
                                     "per month", "unit", "USD/unit", "USD/month"};
  for (int c = 0; c < 8; c++) /* a bill of the span: its quantities and dollars are the span's */
    sls_table_col(&t,
                  in->bill_span && c == 4   ? "billed"
                  : in->bill_span && c == 7 ? "USD"
                                            : head[c],
                  c >= 3 && c != 5);
  double total = 0;
  for (int i = 0; i < nl; i++) {
    sls_table_row(&t);
    sls_table_s(&t, l[i].service);
    sls_table_s(&t, l[i].item);
    sls_table_s(&t, l[i].entity);
    sls_table_f(&t, "%.6g", l[i].sim_quantity);
    sls_table_f(&t, "%.6g", l[i].quantity);
    sls_table_s(&t, l[i].unit);
    sls_table_f(&t, "%.4g", l[i].unit_usd);
    sls_table_f(&t, "%.4f", l[i].usd);
    total += l[i].usd;
  }
  sls_table_row(&t);
  sls_table_s(&t, "total");
  for (int c = 1; c < 7; c++)
    sls_table_s(&t, "");
  sls_table_f(&t, "%.4f", total);
  put_table(o, &t);
  sls_table_free(&t);
  print_totals(o, "per service", l, nl, 0, in->bill_span);
  print_totals(o, "per function / source / queue", l, nl, 1, in->bill_span);
}

static double bill_total(const sls_cost_line *l, int nl) {
  double t = 0;
  for (int i = 0; i < nl; i++)
    t += l[i].usd;
  return t;
}

/* A table whose first column names the entity, then numeric columns. */
static void numeric_table(sls_table *t, const char *const *head, int n) {
  sls_table_init(t, 1);
  for (int c = 0; c < n; c++)
    sls_table_col(t, head[c], c > 0);
}
#define NUMERIC_TABLE(t, head) numeric_table(t, head, (int)(sizeof head / sizeof *head))

static void print_table(const sink *o, const sls_run_info *in, const sls_fn_row *r, int n,
                        const sls_cost_line *l, int nl) {
  note(o, "scenario %s  seed %llu  simulated %.0f s  (%llu events, %.2f s wall)\n", in->scenario,
       (unsigned long long)in->seed, in->duration_s, (unsigned long long)in->events, in->wall_s);
  note(o, "conservation: %s (%s)\n\n", in->status, in->conservation);
  heading(o, "Functions");
  static const char *const head[] = {"function", "requests", "ok",       "errors",    "timeout",
                                     "throttl",  "cold",     "cold%",    "mean conc", "p50 ms",
                                     "p90 ms",   "p99 ms",   "p99.9 ms", "max ms"};
  sls_table t;
  NUMERIC_TABLE(&t, head);
  t.numeric[9] |= SLS_TABLE_GROUP; /* the latency columns stay together */
  for (int i = 0; i < n; i++) {
    sls_table_row(&t);
    sls_table_s(&t, r[i].name);
    const uint64_t u[] = {r[i].requests, r[i].ok,        r[i].errors,
                          r[i].timeouts, r[i].throttled, r[i].cold_starts};
    for (int k = 0; k < 6; k++)
      sls_table_u(&t, u[k]);
    sls_table_f(&t, "%.3f", r[i].cold_start_pct);
    sls_table_f(&t, "%.2f", r[i].mean_concurrency);
    const double d[] = {r[i].p50_ms, r[i].p90_ms, r[i].p99_ms, r[i].p999_ms, r[i].max_ms};
    for (int k = 0; k < 5; k++)
      sls_table_f(&t, "%.2f", d[k]);
  }
  put_table(o, &t);
  sls_table_free(&t);
  int several = 0;
  for (int i = 0; i < n; i++)
    several |= r[i].instance_concurrency > 1 || r[i].queued > 0;
  if (several) { /* instances with several requests each, or a request queue (docs/design.md §3.2) */
    static const char *const ihead[] = {"function",   "per instance", "mean instances", "cold waits",
                                        "cold wait%", "queued",       "queue timeouts"};
    NUMERIC_TABLE(&t, ihead);
    for (int i = 0; i < n; i++) {
      sls_table_row(&t);
      sls_table_s(&t, r[i].name);
      sls_table_u(&t, (uint64_t)r[i].instance_concurrency);
      sls_table_f(&t, "%.2f", r[i].mean_instances);
      sls_table_u(&t, r[i].cold_waits);
      sls_table_f(&t, "%.3f", r[i].cold_wait_pct);
      sls_table_u(&t, r[i].queued);
      sls_table_u(&t, r[i].queue_timeouts);
    }
    put_table(o, &t);
    sls_table_free(&t);
  }
  for (int i = 0; i < n; i++) {
    if (r[i].async_events)
      note(o,
           "%s: async events %llu: ok %llu, failed %llu, expired %llu, unfinished %llu (%llu retries);\n"
           "  accepted -> done p50 %.1f ms, p99 %.1f ms\n",
           r[i].name, (unsigned long long)r[i].async_events, (unsigned long long)r[i].async_ok,
           (unsigned long long)r[i].async_failed, (unsigned long long)r[i].async_expired,
           (unsigned long long)(r[i].async_events - r[i].async_ok - r[i].async_failed - r[i].async_expired),
           (unsigned long long)r[i].async_retries, r[i].async_p50_ms, r[i].async_p99_ms);
    if (r[i].batch_invocations)
      note(o,
           "%s: no synchronous requests: the latencies above are of its %llu invocations\n"
           "  (from reaching it to the end, cold start included)\n",
           r[i].name, (unsigned long long)r[i].invocations);
    if (r[i].invocations)
      note(o, "%s: environments alive %.2f on average (idle %.2f), idle memory-time %.0f GB-s\n", r[i].name,
           r[i].mean_instances, r[i].mean_idle, r[i].idle_gb_s);
  }
  print_bill(o, in, l, nl);
}

static void print_queue_tables(const sink *o, const char *path) {
  sls_queue_row *q = NULL;
  sls_ds_row *d = NULL;
  int nq = 0, nd = 0;
  char err[SLS_ERRLEN];
  if (sls_h5_read_queues(path, &q, &nq, &d, &nd, err)) return;
  term_queues(q, nq, d, nd);
  sls_table t;
  if (nq) {
    heading(o, "Queues");
    static const char *const head[] = {"queue",     "sent",     "deleted",    "to DLQ",     "expired",
                                       "remaining", "received", "e2e p50 ms", "e2e p99 ms", "drain s",
                                       "batches",   "failed",   "throttl",    "peak map"};
    NUMERIC_TABLE(&t, head);
    t.numeric[10] |= SLS_TABLE_GROUP; /* the mapping's columns stay together */
    for (int i = 0; i < nq; i++) {
      sls_table_row(&t);
      sls_table_s(&t, q[i].name);
      const uint64_t u[] = {q[i].sent,    q[i].deleted,   q[i].to_dlq,
                            q[i].expired, q[i].remaining, q[i].received};
      for (int k = 0; k < 6; k++)
        sls_table_u(&t, u[k]);
      sls_table_f(&t, "%.1f", q[i].e2e_p50_ms);
      sls_table_f(&t, "%.1f", q[i].e2e_p99_ms);
      if (q[i].drain_time_s < 0)
        sls_table_s(&t, "never"); /* not drained in the run */
      else
        sls_table_f(&t, "%.1f", q[i].drain_time_s);
      sls_table_u(&t, q[i].batches);
      sls_table_u(&t, q[i].failed_batches);
      sls_table_u(&t, q[i].throttled_batches);
      sls_table_f(&t, "%.0f", q[i].peak_mapping_concurrency);
    }
    gap(o);
    put_table(o, &t);
    sls_table_free(&t);
    for (int i = 0; i < nq; i++)
      if (q[i].peak_backlog > 0)
        note(o, "%s: peak backlog %.0f messages visible\n", q[i].name, q[i].peak_backlog);
  }
  if (nd) {
    heading(o, "Downstreams");
    sls_table_init(&t, 1);
    static const char *const head[] = {"downstream", "mode",   "calls",     "failed",    "refusals",
                                       "collapses",  "down s", "peak conn", "peak calls"};
    for (int c = 0; c < 9; c++)
      sls_table_col(&t, head[c], c > 1);
    for (int i = 0; i < nd; i++) {
      sls_table_row(&t);
      sls_table_s(&t, d[i].name);
      sls_table_s(&t, d[i].mode);
      sls_table_u(&t, d[i].calls);
      sls_table_u(&t, d[i].failed_calls);
      sls_table_u(&t, d[i].refusals);
      sls_table_u(&t, d[i].collapses);
      sls_table_f(&t, "%.1f", d[i].down_s);
      sls_table_f(&t, "%.0f", d[i].peak_connections);
      sls_table_f(&t, "%.0f", d[i].peak_active_calls);
    }
    gap(o);
    put_table(o, &t);
    sls_table_free(&t);
    for (int i = 0; i < nd; i++)
      if (d[i].outage_s > 0 || d[i].api_calls)
        note(o, "%s: scheduled outages %.1f s; API destination calls %llu (failed %llu)\n", d[i].name,
             d[i].outage_s, (unsigned long long)d[i].api_calls, (unsigned long long)d[i].api_failed);
  }
  free(q);
  free(d);
  sls_cap_row *cp = NULL;
  int nc = 0;
  if (sls_h5_read_capacity(path, &cp, &nc, err) || !nc) {
    free(cp);
    return;
  }
  for (int i = 0; i < nc; i++) { /* strings from a file: terminated */
    TERM(cp[i].name);
    TERM(cp[i].instance_type);
  }
  heading(o, "Capacity providers");
  static const char *const chead[] = {"capacity provider", "type",      "instances", "peak",   "inst-hours",
                                      "launches",          "scaled in", "envs",      "refused"};
  sls_table_init(&t, 1);
  for (int c = 0; c < 9; c++)
    sls_table_col(&t, chead[c], c > 1);
  for (int i = 0; i < nc; i++) {
    sls_table_row(&t);
    sls_table_s(&t, cp[i].name);
    sls_table_s(&t, cp[i].instance_type);
    sls_table_f(&t, "%.2f", cp[i].mean_instances);
    sls_table_f(&t, "%.0f", cp[i].peak_instances);
    sls_table_f(&t, "%.3f", cp[i].instance_hours);
    sls_table_u(&t, cp[i].launches);
    sls_table_u(&t, cp[i].terminations);
    sls_table_u(&t, cp[i].environments);
    sls_table_u(&t, cp[i].refused);
  }
  gap(o);
  put_table(o, &t);
  sls_table_free(&t);
  free(cp);
}

/* The timeline's changes (scenario events, the autoscaler of provisioned concurrency), the first
 * 40 of them, one a line. */
static void print_timeline(const sink *o, const char *path, const sls_fn_row *r, int n) {
  const char *cols[] = {"event", "phase", "entity", "value"};
  double *d = NULL;
  int nr = 0;
  char err[SLS_ERRLEN];
  if (sls_h5_read_columns(path, "timeline", "changes", cols, 4, &d, &nr, err) || nr == 0) {
    free(d);
    return;
  }
  heading(o, "Timeline");
  gap(o);
  for (int i = 0; i < nr && i < 40; i++) {
    const double *c = d + 5 * i;
    int ent = (int)c[3];
    const char *fn = ent >= 0 && ent < n ? r[ent].name : "?";
    if (c[1] < 0)
      note(o, "%10.1f s  autoscaling: function %s's provisioned concurrency set to %.0f\n", c[0], fn, c[4]);
    else if (c[4] > 0)
      note(o, "%10.1f s  events[%.0f] %s (provisioned concurrency %.0f)\n", c[0], c[1],
           c[2] > 0 ? "applied" : "undone", c[4]);
    else
      note(o, "%10.1f s  events[%.0f] %s\n", c[0], c[1], c[2] > 0 ? "applied" : "undone (its lasting ended)");
  }
  if (nr > 40) note(o, "... and %d more changes (/timeline/changes)\n", nr - 40);
  free(d);
}

/* ---- the graph: root requests, topics, buses, joins ---- */

/* What a results file holds about the graph (all malloc'd). */
typedef struct graph {
  sls_source_row *s;
  sls_topic_row *t;
  sls_bus_row *b;
  sls_join_row *j;
  sls_machine_row *m;
  sls_state_row *st;
  int ns, nt, nb, nj, nm, nst;
} graph;

static int read_graph(const char *path, graph *g, char *err) {
  memset(g, 0, sizeof *g);
  if (sls_h5_read_sources(path, &g->s, &g->ns, err) ||
      sls_h5_read_graph(path, &g->t, &g->nt, &g->b, &g->nb, &g->j, &g->nj, err) ||
      sls_h5_read_machines(path, &g->m, &g->nm, &g->st, &g->nst, err))
    return SLS_EINPUT;
  for (int i = 0; i < g->nm; i++) {
    TERM(g->m[i].name);
    TERM(g->m[i].type);
  }
  for (int i = 0; i < g->nst; i++) {
    TERM(g->st[i].machine);
    TERM(g->st[i].name);
    TERM(g->st[i].type);
    TERM(g->st[i].slowest_branch);
  }
  for (int i = 0; i < g->ns; i++) {
    TERM(g->s[i].name);
    TERM(g->s[i].target);
  }
  for (int i = 0; i < g->nt; i++)
    TERM(g->t[i].name);
  for (int i = 0; i < g->nb; i++)
    TERM(g->b[i].name);
  for (int i = 0; i < g->nj; i++) {
    TERM(g->j[i].name);
    TERM(g->j[i].target);
  }
  return 0;
}

static void graph_free(graph *g) {
  free(g->s);
  free(g->t);
  free(g->b);
  free(g->j);
  free(g->m);
  free(g->st);
}

/* Whether the run was a graph: something emitted, or a topic, bus or join exists (else each
 * root is one request, and the function table says it all). */
static int is_graph(const graph *g, const sls_fn_row *r, int n) {
  int yes = g->nt || g->nb || g->nj || g->nm;
  for (int i = 0; i < n && !yes; i++)
    yes = r[i].invoked || r[i].sent || r[i].published || r[i].put || r[i].joined || r[i].sync_calls;
  return yes;
}

static void print_graph_tables(const sink *o, const graph *g, const sls_fn_row *r, int n) {
  for (int i = 0; i < n; i++)
    if (r[i].invoked || r[i].sent || r[i].published || r[i].put || r[i].joined || r[i].sync_calls)
      note(o,
           "%s emitted: async invokes %llu, messages %llu, publishes %llu, events %llu,\n"
           "  join arrivals %llu; sync invokes %llu (failed %llu)\n",
           r[i].name, (unsigned long long)r[i].invoked, (unsigned long long)r[i].sent,
           (unsigned long long)r[i].published, (unsigned long long)r[i].put, (unsigned long long)r[i].joined,
           (unsigned long long)r[i].sync_calls, (unsigned long long)r[i].sync_failed);
  heading(o, "Root requests");
  note(o, "\nroot requests: each arrival and all the work it caused (response: until the caller's\n"
          "answer; completion: until its last work ended)\n");
  sls_table t;
  static const char *const roots[] = {"source",   "roots",    "ok",        "failed",    "dropped",  "unfin",
                                      "resp p50", "resp p99", "compl p50", "compl p99", "compl max"};
  NUMERIC_TABLE(&t, roots);
  for (int i = 0; i < g->ns; i++) {
    const sls_source_row *s = &g->s[i];
    sls_table_row(&t);
    sls_table_s(&t, s->name);
    const uint64_t u[] = {s->roots, s->roots_ok, s->roots_failed, s->roots_dropped, s->roots_unfinished};
    for (int k = 0; k < 5; k++)
      sls_table_u(&t, u[k]);
    const double d[] = {s->response_p50_ms, s->response_p99_ms, s->completion_p50_ms, s->completion_p99_ms,
                        s->completion_max_ms};
    for (int k = 0; k < 5; k++)
      sls_table_f(&t, "%.1f", d[k]);
  }
  put_table(o, &t);
  sls_table_free(&t);
  note(o, "\nwhere completion goes (mean ms over the critical path: the work that ended last) and\n"
          "what a root uses\n");
  static const char *const path[] = {"source",     "completion",  "waiting", "cold",      "running",
                                     "downstream", "invocations", "GB-s",    "USD per 1M"};
  NUMERIC_TABLE(&t, path);
  for (int i = 0; i < g->ns; i++) {
    const sls_source_row *s = &g->s[i];
    sls_table_row(&t);
    sls_table_s(&t, s->name);
    const double d[] = {s->completion_mean_ms, s->path_wait_ms, s->path_cold_ms, s->path_run_ms,
                        s->path_downstream_ms};
    for (int k = 0; k < 5; k++)
      sls_table_f(&t, "%.1f", d[k]);
    sls_table_f(&t, "%.2f", s->lambda_requests_per_root);
    sls_table_f(&t, "%.4f", s->gb_s_per_root);
    sls_table_f(&t, "%.2f", s->cost_per_root_usd * 1e6);
  }
  put_table(o, &t);
  sls_table_free(&t);
  if (g->nt) {
    heading(o, "Topics");
    static const char *const head[] = {"topic", "published", "billed", "deliveries", "unmatched"};
    NUMERIC_TABLE(&t, head);
    for (int i = 0; i < g->nt; i++) {
      sls_table_row(&t);
      sls_table_s(&t, g->t[i].name);
      sls_table_u(&t, g->t[i].published);
      sls_table_u(&t, g->t[i].publish_requests);
      sls_table_u(&t, g->t[i].deliveries);
      sls_table_u(&t, g->t[i].unmatched);
    }
    gap(o);
    put_table(o, &t);
    sls_table_free(&t);
  }
  if (g->nb) {
    heading(o, "Buses");
    static const char *const head[] = {"bus",    "put",     "billed", "unmatched", "deliveries", "delivered",
                                       "failed", "retries", "to DLQ", "dropped",   "API calls",  "pending"};
    NUMERIC_TABLE(&t, head);
    for (int i = 0; i < g->nb; i++) {
      const sls_bus_row *b = &g->b[i];
      sls_table_row(&t);
      sls_table_s(&t, b->name);
      const uint64_t u[] = {b->put,       b->put_requests,    b->unmatched, b->deliveries,
                            b->delivered, b->attempts_failed, b->retries,   b->to_dlq,
                            b->dropped,   b->api_calls,       b->pending};
      for (int k = 0; k < 11; k++)
        sls_table_u(&t, u[k]);
    }
    gap(o);
    put_table(o, &t);
    sls_table_free(&t);
  }
  if (g->nm) {
    heading(o, "State machines");
    sls_table_init(&t, 1);
    static const char *const head[] = {"machine", "type",    "started", "throttl", "ok",    "failed",
                                       "timeout", "compens", "p50 ms",  "p99 ms",  "trans", "USD/exec"};
    for (int c = 0; c < 12; c++)
      sls_table_col(&t, head[c], c > 1);
    for (int i = 0; i < g->nm; i++) {
      const sls_machine_row *m = &g->m[i];
      sls_table_row(&t);
      sls_table_s(&t, m->name);
      sls_table_s(&t, m->type);
      const uint64_t u[] = {m->started, m->start_throttled, m->succeeded,
                            m->failed,  m->timed_out,       m->compensated};
      for (int k = 0; k < 6; k++)
        sls_table_u(&t, u[k]);
      sls_table_f(&t, "%.1f", m->latency_p50_ms);
      sls_table_f(&t, "%.1f", m->latency_p99_ms);
      sls_table_f(&t, "%.2f", m->transitions_per_execution);
      sls_table_f(&t, "%.3g", m->sfn_usd_per_execution);
    }
    gap(o);
    put_table(o, &t);
    sls_table_free(&t);
    sls_table_init(&t, 2);
    static const char *const sh[] = {"machine", "state",  "type",    "entered",   "retries",
                                     "caught",  "failed", "mean ms", "spread ms", "slowest branch"};
    for (int c = 0; c < 10; c++)
      sls_table_col(&t, sh[c], c > 2 && c < 9);
    for (int i = 0; i < g->nst; i++) {
      const sls_state_row *s = &g->st[i];
      sls_table_row(&t);
      sls_table_s(&t, s->machine);
      sls_table_s(&t, s->name);
      sls_table_s(&t, s->type);
      const uint64_t u[] = {s->entered, s->retries, s->caught, s->failed};
      for (int k = 0; k < 4; k++)
        sls_table_u(&t, u[k]);
      sls_table_f(&t, "%.1f", s->mean_ms);
      if (!strcmp(s->type, "parallel") || !strcmp(s->type, "map"))
        sls_table_f(&t, "%.1f", s->spread_ms);
      else
        sls_table_s(&t, "");
      char b[SLS_NAME_FIELD + 16] = "";
      if (*s->slowest_branch)
        snprintf(b, sizeof b, "%s (%.0f %%)", s->slowest_branch, 100 * s->slowest_share);
      sls_table_s(&t, b);
    }
    gap(o);
    put_table(o, &t);
    sls_table_free(&t);
  }
  if (g->nj) {
    heading(o, "Joins");
    sls_table_init(&t, 1);
    static const char *const head[] = {"join",      "target", "arrivals", "fired",      "partial",
                                       "timed out", "late",   "waiting",  "spread p50", "spread p99"};
    for (int c = 0; c < 10; c++)
      sls_table_col(&t, head[c], c > 1);
    for (int i = 0; i < g->nj; i++) {
      const sls_join_row *j = &g->j[i];
      sls_table_row(&t);
      sls_table_s(&t, j->name);
      sls_table_s(&t, j->target);
      const uint64_t u[] = {j->arrivals, j->fired, j->partial, j->timed_out, j->late, j->waiting};
      for (int k = 0; k < 6; k++)
        sls_table_u(&t, u[k]);
      sls_table_f(&t, "%.1f", j->spread_p50_ms);
      sls_table_f(&t, "%.1f", j->spread_p99_ms);
    }
    gap(o);
    put_table(o, &t);
    sls_table_free(&t);
  }
}

/* ---- CSV ---- */

/* The columns of a summary table, for CSV and JSON alike (so the two cannot drift apart). */
typedef struct col {
  const char *name;
  size_t off;
  char type; /* 's' string, 'i' int32_t, 'l' int64_t, 'u' uint64_t, 'd' double */
} col;

#define COL(T, f, t)                                                                                         \
  { #f, offsetof(T, f), t }
#define SRC(f, t) COL(sls_source_row, f, t)
static const col source_cols[] = {SRC(name, 's'),
                                  SRC(target, 's'),
                                  SRC(arrivals, 'u'),
                                  SRC(invocations, 'u'),
                                  SRC(cold_starts, 'u'),
                                  SRC(cold_start_pct, 'd'),
                                  SRC(gw_requests, 'u'),
                                  SRC(roots, 'u'),
                                  SRC(roots_ok, 'u'),
                                  SRC(roots_failed, 'u'),
                                  SRC(roots_dropped, 'u'),
                                  SRC(roots_unfinished, 'u'),
                                  SRC(response_p50_ms, 'd'),
                                  SRC(response_p99_ms, 'd'),
                                  SRC(response_mean_ms, 'd'),
                                  SRC(completion_p50_ms, 'd'),
                                  SRC(completion_p99_ms, 'd'),
                                  SRC(completion_mean_ms, 'd'),
                                  SRC(completion_max_ms, 'd'),
                                  SRC(path_wait_ms, 'd'),
                                  SRC(path_cold_ms, 'd'),
                                  SRC(path_run_ms, 'd'),
                                  SRC(path_downstream_ms, 'd'),
                                  SRC(lambda_requests_per_root, 'd'),
                                  SRC(gb_s_per_root, 'd'),
                                  SRC(cost_per_root_usd, 'd')};
#define TOP(f, t) COL(sls_topic_row, f, t)
static const col topic_cols[] = {TOP(name, 's'), TOP(published, 'u'), TOP(publish_requests, 'u'),
                                 TOP(deliveries, 'u'), TOP(unmatched, 'u')};
#define BUS(f, t) COL(sls_bus_row, f, t)
static const col bus_cols[] = {
    BUS(name, 's'),       BUS(put, 'u'),       BUS(put_requests, 'u'),    BUS(unmatched, 'u'),
    BUS(deliveries, 'u'), BUS(delivered, 'u'), BUS(attempts_failed, 'u'), BUS(retries, 'u'),
    BUS(to_dlq, 'u'),     BUS(dropped, 'u'),   BUS(api_calls, 'u'),       BUS(pending, 'u')};
#define JOIN(f, t) COL(sls_join_row, f, t)
static const col join_cols[] = {JOIN(name, 's'),          JOIN(target, 's'),        JOIN(arrivals, 'u'),
                                JOIN(fired, 'u'),         JOIN(partial, 'u'),       JOIN(timed_out, 'u'),
                                JOIN(late, 'u'),          JOIN(waiting, 'u'),       JOIN(spread_p50_ms, 'd'),
                                JOIN(spread_p99_ms, 'd'), JOIN(spread_mean_ms, 'd')};
#define MACH(f, t) COL(sls_machine_row, f, t)
static const col machine_cols[] = {MACH(name, 's'),
                                   MACH(type, 's'),
                                   MACH(started, 'u'),
                                   MACH(start_throttled, 'u'),
                                   MACH(succeeded, 'u'),
                                   MACH(failed, 'u'),
                                   MACH(timed_out, 'u'),
                                   MACH(compensated, 'u'),
                                   MACH(running, 'u'),
                                   MACH(latency_p50_ms, 'd'),
                                   MACH(latency_p99_ms, 'd'),
                                   MACH(latency_mean_ms, 'd'),
                                   MACH(latency_max_ms, 'd'),
                                   MACH(transitions_per_execution, 'd'),
                                   MACH(transitions_delayed, 'u'),
                                   MACH(tasks, 'u'),
                                   MACH(task_errors, 'u'),
                                   MACH(task_timeouts, 'u'),
                                   MACH(task_throttles, 'u'),
                                   MACH(history_failed, 'u'),
                                   MACH(sfn_usd_per_execution, 'd')};
#define STATE(f, t) COL(sls_state_row, f, t)
static const col state_cols[] = {STATE(machine, 's'),       STATE(name, 's'),     STATE(type, 's'),
                                 STATE(entered, 'u'),       STATE(retries, 'u'),  STATE(caught, 'u'),
                                 STATE(failed, 'u'),        STATE(mean_ms, 'd'),  STATE(slowest_branch, 's'),
                                 STATE(slowest_share, 'd'), STATE(spread_ms, 'd')};
#define FN(f, t) COL(sls_fn_row, f, t)
static const col fn_cols[] = {
    FN(name, 's'), FN(memory_mb, 'i'), FN(arch, 's'), FN(requests, 'u'), FN(ok, 'u'), FN(errors, 'u'),
    FN(timeouts, 'u'), FN(throttled, 'u'), FN(throttles, 'u'), FN(retries, 'u'), FN(invocations, 'u'),
    FN(cold_starts, 'u'), FN(cold_start_pct, 'd'), FN(p50_ms, 'd'), FN(p90_ms, 'd'), FN(p95_ms, 'd'),
    FN(p99_ms, 'd'), FN(p999_ms, 'd'), FN(max_ms, 'd'), FN(mean_ms, 'd'), FN(mean_concurrency, 'd'),
    FN(peak_concurrency, 'd'), FN(billed_gb_s, 'd'), FN(cost_usd, 'd'), FN(idle_gb_s, 'd'), FN(invoked, 'u'),
    FN(sent, 'u'), FN(published, 'u'), FN(put, 'u'), FN(joined, 'u'), FN(sync_calls, 'u'),
    FN(sync_failed, 'u'), FN(async_events, 'u'), FN(async_ok, 'u'), FN(async_failed, 'u'),
    FN(async_expired, 'u'), FN(async_retries, 'u'), FN(batch_invocations, 'u'), FN(inv_errors, 'u'),
    FN(inv_timeouts, 'u'),
    /* appended (the columns above keep their places) */
    FN(pc_invocations, 'u'), FN(envs_created, 'u'), FN(expired, 'u'), FN(recycled, 'u'), FN(init_p50_ms, 'd'),
    FN(init_p99_ms, 'd'), FN(provisioned, 'l'), FN(reserved, 'l'), FN(unfinished, 'u'), FN(async_p50_ms, 'd'),
    FN(async_p99_ms, 'd'), FN(instance_concurrency, 'l'), FN(mean_instances, 'd'), FN(cold_waits, 'u'),
    FN(cold_wait_pct, 'd'), FN(queued, 'u'), FN(queue_timeouts, 'u'), FN(mean_idle, 'd'),
    FN(latency_of_invocations, 'i')};
#define QUEUE(f, t) COL(sls_queue_row, f, t)
static const col queue_cols[] = {QUEUE(name, 's'),
                                 QUEUE(type, 's'),
                                 QUEUE(sent, 'u'),
                                 QUEUE(deleted, 'u'),
                                 QUEUE(to_dlq, 'u'),
                                 QUEUE(expired, 'u'),
                                 QUEUE(remaining, 'u'),
                                 QUEUE(received, 'u'),
                                 QUEUE(send_requests, 'u'),
                                 QUEUE(receive_requests, 'u'),
                                 QUEUE(empty_receives, 'u'),
                                 QUEUE(delete_requests, 'u'),
                                 QUEUE(e2e_p50_ms, 'd'),
                                 QUEUE(e2e_p90_ms, 'd'),
                                 QUEUE(e2e_p99_ms, 'd'),
                                 QUEUE(e2e_max_ms, 'd'),
                                 QUEUE(e2e_mean_ms, 'd'),
                                 QUEUE(wait_mean_ms, 'd'),
                                 QUEUE(wait_p99_ms, 'd'),
                                 QUEUE(waited_fraction, 'd'),
                                 QUEUE(first_sent_s, 'd'),
                                 QUEUE(drained_s, 'd'),
                                 QUEUE(drain_time_s, 'd'),
                                 QUEUE(mapping, 's'),
                                 QUEUE(batches, 'u'),
                                 QUEUE(failed_batches, 'u'),
                                 QUEUE(throttled_batches, 'u'),
                                 QUEUE(peak_mapping_concurrency, 'd'),
                                 QUEUE(peak_backlog, 'd')};
#define CAP(f, t) COL(sls_cap_row, f, t)
static const col cap_cols[] = {CAP(name, 's'),           CAP(instance_type, 's'),  CAP(vcpu, 'd'),
                               CAP(memory_gb, 'd'),      CAP(usd_per_hour, 'd'),   CAP(min_instances, 'd'),
                               CAP(max_vcpus, 'd'),      CAP(mean_instances, 'd'), CAP(peak_instances, 'd'),
                               CAP(instance_hours, 'd'), CAP(launches, 'u'),       CAP(terminations, 'u'),
                               CAP(environments, 'u'),   CAP(refused, 'u')};
#define DS(f, t) COL(sls_ds_row, f, t)
static const col ds_cols[] = {DS(name, 's'),
                              DS(mode, 's'),
                              DS(calls, 'u'),
                              DS(failed_calls, 'u'),
                              DS(refusals, 'u'),
                              DS(collapses, 'u'),
                              DS(down_s, 'd'),
                              DS(peak_connections, 'd'),
                              DS(peak_active_calls, 'd'),
                              DS(mean_connections, 'd'),
                              DS(outage_s, 'd'),
                              DS(api_calls, 'u'),
                              DS(api_failed, 'u')};
#define COST(f, t) COL(sls_cost_line, f, t)
static const col cost_cols[] = {COST(service, 's'), COST(item, 's'),         COST(entity, 's'),
                                COST(scope, 's'),   COST(sim_quantity, 'd'), COST(quantity, 'd'),
                                COST(unit, 's'),    COST(unit_usd, 'd'),     COST(usd, 'd')};
#define ALT(f, t) COL(sls_alt_line, f, t)
static const col alt_cols[] = {ALT(name, 's'),           ALT(kind, 's'),         ALT(sizing, 's'),
                               ALT(load_unit, 's'),      ALT(peak_load, 'd'),    ALT(mean_load, 'd'),
                               ALT(capacity, 'd'),       ALT(instances, 'd'),    ALT(max_instances, 'd'),
                               ALT(instance_hours, 'd'), ALT(usd_per_hour, 'd'), ALT(usd, 'd')};
#define CI(f, t) COL(sls_ci_row, f, t)
static const col ci_cols[] = {CI(point, 'i'),      CI(kind, 's'), CI(entity, 's'),
                              CI(metric, 's'),     CI(n, 'i'),    CI(mean, 'd'),
                              CI(half_width, 'd'), CI(sd, 'd'),   CI(pooled, 'd')};
#define NCOLS(c) (int)(sizeof c / sizeof *c)

static uint64_t col_u(const void *row, const col *c) {
  uint64_t v;
  memcpy(&v, (const char *)row + c->off, sizeof v);
  return v;
}

static int32_t col_i(const void *row, const col *c) {
  int32_t v;
  memcpy(&v, (const char *)row + c->off, sizeof v);
  return v;
}

static int64_t col_l(const void *row, const col *c) {
  int64_t v;
  memcpy(&v, (const char *)row + c->off, sizeof v);
  return v;
}

static double col_d(const void *row, const col *c) {
  double v;
  memcpy(&v, (const char *)row + c->off, sizeof v);
  return v;
}

/* n rows of `size` bytes as CSV; the first column's header is `first` (the entity's kind). */
static void csv_table(FILE *o, const char *first, const col *c, int nc, const void *rows, size_t size,
                      int n) {
  fprintf(o, "%s", first);
  for (int k = 1; k < nc; k++)
    fprintf(o, ",%s", c[k].name);
  fprintf(o, "\n");
  for (int i = 0; i < n; i++) {
    const void *row = (const char *)rows + (size_t)i * size;
    for (int k = 0; k < nc; k++) {
      if (c[k].type == 's') csv_s(o, (const char *)row + c[k].off, k == 0);
      if (c[k].type == 'i') fprintf(o, ",%d", col_i(row, &c[k]));
      if (c[k].type == 'l') fprintf(o, ",%lld", (long long)col_l(row, &c[k]));
      if (c[k].type == 'u') csv_u(o, col_u(row, &c[k]));
      if (c[k].type == 'd') csv_d(o, col_d(row, &c[k]));
    }
    fprintf(o, "\n");
  }
}

/* ,\n "key": [ {...}, ... ] — the rows as JSON objects (a member of print_json's object). */
static void json_table(FILE *o, const char *key, const col *c, int nc, const void *rows, size_t size, int n) {
  fprintf(o, ",\n \"%s\": [", key);
  for (int i = 0; i < n; i++) {
    const void *row = (const char *)rows + (size_t)i * size;
    fprintf(o, "%s\n  {", i ? "," : "");
    for (int k = 0; k < nc; k++) {
      fprintf(o, "%s\"%s\": ", k ? ", " : "", c[k].name);
      if (c[k].type == 's') sls_put_json(o, (const char *)row + c[k].off);
      if (c[k].type == 'i') fprintf(o, "%d", col_i(row, &c[k]));
      if (c[k].type == 'l') fprintf(o, "%lld", (long long)col_l(row, &c[k]));
      if (c[k].type == 'u') fprintf(o, "%llu", (unsigned long long)col_u(row, &c[k]));
      if (c[k].type == 'd') sls_put_num(o, col_d(row, &c[k]), 1);
    }
    fprintf(o, "}");
  }
  fprintf(o, "]");
}

static void print_alternatives_csv(FILE *o, const sls_alt_line *a, int na, double serverless) {
  fprintf(o, "name,kind,sizing,load_unit,peak_load,mean_load,capacity,instances,max_instances,instance_hours,"
             "usd_per_hour,usd,serverless_usd\n");
  for (int i = 0; i < na; i++) {
    csv_s(o, a[i].name, 1);
    csv_s(o, a[i].kind, 0);
    csv_s(o, a[i].sizing, 0);
    csv_s(o, a[i].load_unit, 0);
    const double dv[] = {a[i].peak_load,    a[i].mean_load,     a[i].capacity,
                         a[i].instances,    a[i].max_instances, a[i].instance_hours,
                         a[i].usd_per_hour, a[i].usd,           serverless};
    for (size_t k = 0; k < sizeof dv / sizeof *dv; k++)
      csv_d(o, dv[k]);
    fprintf(o, "\n");
  }
}

/* ---- JSON ---- */

static void print_json_graph(FILE *o, const graph *g) {
  json_table(o, "sources", source_cols, NCOLS(source_cols), g->s, sizeof *g->s, g->ns);
  json_table(o, "topics", topic_cols, NCOLS(topic_cols), g->t, sizeof *g->t, g->nt);
  json_table(o, "buses", bus_cols, NCOLS(bus_cols), g->b, sizeof *g->b, g->nb);
  json_table(o, "joins", join_cols, NCOLS(join_cols), g->j, sizeof *g->j, g->nj);
  json_table(o, "machines", machine_cols, NCOLS(machine_cols), g->m, sizeof *g->m, g->nm);
  json_table(o, "states", state_cols, NCOLS(state_cols), g->st, sizeof *g->st, g->nst);
}

/* ,\n "key": "text" for each of the file's provenance datasets (what it takes to run it again). */
static void print_json_inputs(FILE *o, const char *path) {
  static const char *const names[] = {"command_line", "overrides", "scenario_text", "model_files"};
  for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
    char *t = sls_h5_read_text(path, names[k]);
    fprintf(o, ",\n \"%s\": ", names[k]);
    sls_put_json(o, t ? t : "");
    free(t);
  }
  char lib[256], ver[64];
  sls_h5_read_attr(path, "libraries", lib, sizeof lib);
  sls_h5_read_attr(path, "slsim_version", ver, sizeof ver);
  fprintf(o, ",\n \"libraries\": ");
  sls_put_json(o, lib);
  fprintf(o, ",\n \"slsim_version\": ");
  sls_put_json(o, ver);
}

/* The object of a run: its figures, every table, the bill, and (st) the study's. */
static void print_json(FILE *o, const char *path, const sls_run_info *in, const sls_fn_row *r, int n,
                       const sls_cost_line *l, int nl, const sls_alt_line *a, int na, const graph *g) {
  fprintf(o, "{\"scenario\": ");
  sls_put_json(o, in->scenario);
  fprintf(o, ", \"seed\": %llu, \"duration_s\": ", (unsigned long long)in->seed);
  sls_put_num(o, in->duration_s, 1);
  fprintf(o, ", \"sample_interval_s\": ");
  sls_put_num(o, in->sample_interval_s, 1);
  fprintf(o, ", \"events\": %llu, \"wall_s\": ", (unsigned long long)in->events);
  sls_put_num(o, in->wall_s, 1);
  fprintf(o, ", \"status\": ");
  sls_put_json(o, in->status);
  fprintf(o, ", \"conservation\": ");
  sls_put_json(o, in->conservation);
  print_json_inputs(o, path);
  json_table(o, "functions", fn_cols, NCOLS(fn_cols), r, sizeof *r, n);
  print_json_graph(o, g);
  sls_queue_row *q = NULL;
  sls_ds_row *d = NULL;
  int nq = 0, nd = 0;
  char err[SLS_ERRLEN];
  if (sls_h5_read_queues(path, &q, &nq, &d, &nd, err)) nq = nd = 0;
  json_table(o, "queues", queue_cols, NCOLS(queue_cols), q, sizeof *q, nq);
  json_table(o, "downstreams", ds_cols, NCOLS(ds_cols), d, sizeof *d, nd);
  free(q);
  free(d);
  sls_cap_row *cp = NULL;
  int nc = 0;
  if (sls_h5_read_capacity(path, &cp, &nc, err)) nc = 0;
  json_table(o, "capacity_providers", cap_cols, NCOLS(cap_cols), cp, sizeof *cp, nc);
  free(cp);
  json_table(o, "cost", cost_cols, NCOLS(cost_cols), l, sizeof *l, nl);
  fprintf(o, ",\n \"bill\": {\"usd_per_month\": ");
  sls_put_num(o, bill_total(l, nl), 1);
  fprintf(o, ", \"month_factor\": ");
  sls_put_num(o, in->month_factor, 1);
  fprintf(o, ", \"billed_span_s\": ");
  sls_put_num(o, in->billed_span_s, 1);
  fprintf(o, ", \"bill_period\": \"%s\", \"projected\": %s, \"pricing\": ", in->bill_span ? "span" : "month",
          in->month_factor > 1.0000001 ? "true" : "false");
  sls_put_json(o, in->pricing);
  fprintf(o, ", \"pricing_date\": ");
  sls_put_json(o, in->pricing_date);
  fprintf(o, ", \"free_tier\": %s}", in->free_tier ? "true" : "false");
  json_table(o, "alternatives", alt_cols, NCOLS(alt_cols), a, sizeof *a, na);
}

/* ,\n "study": {...}: the grid, the runs and every row of the confidence-interval table. */
static int print_json_study(FILE *o, const char *path, char *err) {
  sls_study st;
  memset(&st, 0, sizeof st);
  if (sls_h5_read_study(path, &st, err)) return SLS_EINPUT;
  sls_ci_row *ci = NULL;
  int n = sls_study_ci(&st, &ci);
  fprintf(o, ",\n \"study\": {\"points\": %d, \"replications\": %d, \"varied\": [", st.n_points, st.reps);
  for (int k = 0; k < st.n_vary; k++) {
    fprintf(o, "%s", k ? ", " : "");
    sls_put_json(o, st.vary_key[k]);
  }
  fprintf(o, "],\n  \"point_values\": [");
  for (int p = 0; p < st.n_points; p++) {
    fprintf(o, "%s[", p ? ", " : "");
    for (int k = 0; k < st.n_vary; k++) {
      fprintf(o, "%s", k ? ", " : "");
      sls_put_json(o, st.vary_value[p * st.n_vary + k]);
    }
    fprintf(o, "]");
  }
  fprintf(o, "],\n  \"runs\": [");
  for (int t = 0, first = 1; t < st.n_points * st.reps; t++) {
    const sls_run_out *r = &st.runs[t];
    if (!r->done) continue;
    fprintf(o,
            "%s\n   {\"point\": %d, \"replication\": %d, \"seed\": %llu, \"conserved\": %s, \"bill_usd\": ",
            first ? "" : ",", r->point, r->rep, (unsigned long long)r->seed, r->conserved ? "true" : "false");
    sls_put_num(o, r->bill_usd, 1);
    fprintf(o, "}");
    first = 0;
  }
  fprintf(o, "]");
  json_table(o, "ci", ci_cols, NCOLS(ci_cols), ci, sizeof *ci, n);
  fprintf(o, "}");
  free(ci);
  sls_study_free(&st);
  return 0;
}

/* ---- studies ---- */

/* A write to out failed: the message for err (errno is the failing write's). */
static int out_failed(char *err) {
  sls_err(err, "cannot write the report: %s", errno ? strerror(errno) : "write error");
  return SLS_EIO;
}

/* Finished replications of point p. */
static int done_at(const sls_study *st, int p) {
  int d = 0;
  for (int r = 0; r < st->reps; r++)
    d += st->runs[p * st->reps + r].done;
  return d;
}

static int same_entity(const sls_ci_row *a, const sls_ci_row *b) {
  return a->point == b->point && !strcmp(a->kind, b->kind) && !strcmp(a->entity, b->entity);
}

/* The row of metric `what` of ci[i]'s entity (same point), or NULL.  An entity's rows are next
 * to each other (sls_study_ci), so only they are looked at. */
static const sls_ci_row *entity_metric(const sls_ci_row *ci, int n, int i, const char *what) {
  int lo = i, hi = i;
  while (lo > 0 && same_entity(&ci[lo - 1], &ci[i]))
    lo--;
  while (hi + 1 < n && same_entity(&ci[hi + 1], &ci[i]))
    hi++;
  for (int k = lo; k <= hi; k++)
    if (!strcmp(ci[k].metric, what)) return &ci[k];
  return NULL;
}

/* 1 when the metric `what` of ci[i]'s entity is 0 in every replication. */
static int always_zero(const sls_ci_row *ci, int n, int i, const char *what) {
  const sls_ci_row *r = entity_metric(ci, n, i, what);
  return r && r->mean == 0 && r->half_width == 0;
}

/* The mean of metric `what` of ci[i]'s entity, NaN when absent. */
static double entity_mean(const sls_ci_row *ci, int n, int i, const char *what) {
  const sls_ci_row *r = entity_metric(ci, n, i, what);
  return r ? r->mean : NAN;
}

static int study_report(const sink *to, const char *path, int csv, char *err) {
  FILE *o = to->o;
  sls_study st;
  memset(&st, 0, sizeof st);
  if (sls_h5_read_study(path, &st, err)) return SLS_EINPUT;
  sls_ci_row *ci = NULL;
  int n = sls_study_ci(&st, &ci);
  if (csv) {
    fprintf(o, "point");
    for (int k = 0; k < st.n_vary; k++)
      csv_s(o, st.vary_key[k], 0);
    fprintf(o, ",entity,metric,n,mean,ci95_half_width,sd,pooled,kind\n");
    for (int i = 0; i < n; i++) {
      fprintf(o, "%d", ci[i].point);
      for (int k = 0; k < st.n_vary; k++)
        csv_s(o, st.vary_value[ci[i].point * st.n_vary + k], 0);
      csv_s(o, ci[i].entity, 0);
      csv_s(o, ci[i].metric, 0);
      fprintf(o, ",%d", ci[i].n);
      csv_d(o, ci[i].mean);
      csv_d(o, ci[i].half_width);
      csv_d(o, ci[i].sd);
      csv_d(o, ci[i].pooled);
      csv_s(o, ci[i].kind, 0);
      fprintf(o, "\n");
    }
  } else {
    term_study(&st, ci, n);
    int done = 0;
    for (int t = 0; t < st.n_points * st.reps; t++)
      done += st.runs[t].done;
    note(to,
         "\nstudy: %d point%s x %d replication%s (%d of %d runs);\nmean +- 95 %% CI (Student t); "
         "pooled = percentile of the merged histograms\n",
         st.n_points, st.n_points == 1 ? "" : "s", st.reps, st.reps == 1 ? "" : "s", done,
         st.n_points * st.reps);
    /* the table shows these; --csv --table ci has every metric */
    static const char *const show[] = {"requests",
                                       "throttled",
                                       "p50_ms",
                                       "p99_ms",
                                       "invocations",
                                       "cold_start_pct",
                                       "async_p99_ms",
                                       "mean_concurrency",
                                       "cost_usd",
                                       "deleted",
                                       "to_dlq",
                                       "e2e_p99_ms",
                                       "drain_time_s",
                                       "peak_mapping_concurrency",
                                       "calls",
                                       "refusals",
                                       "peak_connections",
                                       "roots_failed",
                                       "roots_dropped",
                                       "response_p99_ms",
                                       "completion_p99_ms",
                                       "completion_mean_ms",
                                       "cost_per_root_usd",
                                       "usd_per_month"};
    static const char *const sync_only[] = {"requests", "throttled", "p50_ms", "p99_ms"};
    heading(to, "Study: mean and 95 % confidence interval per point");
    for (int p = 0; p < st.n_points; p++) {
      char at[1024] = "";
      for (int v = 0; v < st.n_vary; v++)
        snprintf(at + strlen(at), sizeof at - strlen(at), " %s=%s", st.vary_key[v],
                 st.vary_value[p * st.n_vary + v]);
      note(to, "\npoint %d:%s\n", p, at);
      sls_table t;
      sls_table_init(&t, 2);
      static const char *const head[] = {"entity", "metric", "mean", "+- 95% CI", "pooled", ""};
      for (int c = 0; c < 6; c++)
        sls_table_col(&t, head[c], c >= 2 && c <= 4);
      for (int i = 0; i < n; i++) {
        if (ci[i].point != p) continue;
        int want = 0;
        for (size_t q = 0; q < sizeof show / sizeof *show; q++)
          want |= !strcmp(ci[i].metric, show[q]);
        /* leave out what did not happen: request rows of a function with no synchronous
         * requests (queue or async), async latency without async events, mapping figures of a
         * queue without a mapping, a queue nothing was sent to */
        for (size_t q = 0; q < sizeof sync_only / sizeof *sync_only; q++)
          if (!strcmp(ci[i].metric, sync_only[q]) && always_zero(ci, n, i, "requests")) want = 0;
        if ((!strcmp(ci[i].metric, "async_p99_ms") || !strcmp(ci[i].metric, "peak_mapping_concurrency")) &&
            ci[i].mean == 0 && ci[i].half_width == 0)
          want = 0;
        if (!strcmp(ci[i].kind, "queue") && always_zero(ci, n, i, "sent")) want = 0;
        /* a source whose roots are single requests: its function's rows say it all */
        if (!strcmp(ci[i].kind, "source") &&
            entity_mean(ci, n, i, "completion_p99_ms") == entity_mean(ci, n, i, "response_p99_ms") &&
            always_zero(ci, n, i, "roots_dropped"))
          want = 0;
        if (!strcmp(ci[i].kind, "source") && !strcmp(ci[i].metric, "roots_dropped") && ci[i].mean == 0 &&
            ci[i].half_width == 0)
          want = 0;
        if (!want) continue;
        char who[SLS_NAME_FIELD + 16];
        snprintf(who, sizeof who, "%s%s%s%s", ci[i].entity, strcmp(ci[i].kind, "queue") ? "" : " (queue)",
                 strcmp(ci[i].kind, "downstream") ? "" : " (dep.)",
                 strcmp(ci[i].kind, "source") ? "" : " (src)");
        sls_table_row(&t);
        sls_table_s(&t, who);
        sls_table_s(&t, ci[i].metric);
        if (ci[i].n == 0) { /* drain time: never drained */
          sls_table_s(&t, "never");
          continue;
        }
        const char *f = fabs(ci[i].mean) < 0.01 && ci[i].mean != 0 ? "%.4e" : "%.4f"; /* a cost per root */
        sls_table_f(&t, f, ci[i].mean);
        sls_table_f(&t, f, ci[i].half_width);
        if (!isnan(ci[i].pooled))
          sls_table_f(&t, "%.4f", ci[i].pooled);
        else
          sls_table_s(&t, "");
        char in[64] = "";
        if (ci[i].n < done_at(&st, p))
          snprintf(in, sizeof in, "(in %d of %d replications)", ci[i].n, done_at(&st, p));
        sls_table_s(&t, in);
      }
      put_table(to, &t);
      sls_table_free(&t);
    }
  }
  free(ci);
  sls_study_free(&st);
  return ferror(o) ? out_failed(err) : 0;
}

int sls_report_study(FILE *o, const char *path, int csv, char *err) {
  sink k = {o, SLS_REPORT_WIDTH, 0};
  return study_report(&k, path, csv, err);
}

int sls_report(FILE *o, const char *path, sls_report_format fmt, const char *table, char *err) {
  int t = 0;
  for (; table && sls_report_tables[t] && strcmp(sls_report_tables[t], table); t++) {
  }
  if (table && !sls_report_tables[t]) {
    sls_err(
        err,
        "--table %s: expected functions, sources, queues, downstreams, capacity_providers, topics, buses, "
        "joins, machines, states, cost, alternatives or ci",
        table);
    return SLS_EINPUT;
  }
  if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "ci"))
    return sls_report_study(o, path, 1, err); /* says when not a study */
  sls_run_info info;
  sls_fn_row *rows;
  sls_cost_line *lines;
  int n, nl;
  int study = sls_h5_has_study(path);
  int rc = sls_h5_read_summary(path, &info, &rows, &n, &lines, &nl, err);
  sink k = {o, fmt == SLS_REPORT_WIDE ? 0 : SLS_REPORT_WIDTH, fmt == SLS_REPORT_HTML};
  if (rc && study && (fmt == SLS_REPORT_TEXT || fmt == SLS_REPORT_WIDE || fmt == SLS_REPORT_HTML))
    return study_report(&k, path, 0, err);     /* a sweep: no run */
  if (rc && study && fmt == SLS_REPORT_JSON) { /* a sweep: its inputs and the study */
    sls_h5_read_attr(path, "scenario_name", info.scenario, sizeof info.scenario);
    fprintf(o, "{\"scenario\": ");
    sls_put_json(o, info.scenario);
    print_json_inputs(o, path);
    rc = print_json_study(o, path, err);
    fprintf(o, "}\n");
    if (!rc && (fflush(o) != 0 || ferror(o))) rc = out_failed(err);
    return rc;
  }
  if (rc) return SLS_EINPUT;
  sls_alt_line *alts = NULL;
  int na = 0;
  if (sls_h5_read_alternatives(path, &alts, &na, err)) {
    free(rows);
    free(lines);
    return SLS_EINPUT;
  }
  double serverless = bill_total(lines, nl);
  graph g;
  if (read_graph(path, &g, err)) {
    free(rows);
    free(lines);
    free(alts);
    graph_free(&g);
    return SLS_EINPUT;
  }
  if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "sources")) {
    csv_table(o, "source", source_cols, NCOLS(source_cols), g.s, sizeof *g.s, g.ns);
  } else if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "topics")) {
    csv_table(o, "topic", topic_cols, NCOLS(topic_cols), g.t, sizeof *g.t, g.nt);
  } else if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "buses")) {
    csv_table(o, "bus", bus_cols, NCOLS(bus_cols), g.b, sizeof *g.b, g.nb);
  } else if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "joins")) {
    csv_table(o, "join", join_cols, NCOLS(join_cols), g.j, sizeof *g.j, g.nj);
  } else if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "machines")) {
    csv_table(o, "machine", machine_cols, NCOLS(machine_cols), g.m, sizeof *g.m, g.nm);
  } else if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "states")) {
    csv_table(o, "machine", state_cols, NCOLS(state_cols), g.st, sizeof *g.st, g.nst);
  } else if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "cost")) {
    csv_table(o, "service", cost_cols, NCOLS(cost_cols), lines, sizeof *lines, nl);
  } else if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "alternatives")) {
    print_alternatives_csv(o, alts, na, serverless);
  } else if (fmt == SLS_REPORT_CSV && table && !strcmp(table, "capacity_providers")) {
    sls_cap_row *cp = NULL;
    int nc = 0;
    if (sls_h5_read_capacity(path, &cp, &nc, err)) nc = 0;
    csv_table(o, "capacity_provider", cap_cols, NCOLS(cap_cols), cp, sizeof *cp, nc);
    free(cp);
  } else if (fmt == SLS_REPORT_CSV && table && (!strcmp(table, "queues") || !strcmp(table, "downstreams"))) {
    sls_queue_row *q = NULL;
    sls_ds_row *d = NULL;
    int nq = 0, nd = 0;
    if (sls_h5_read_queues(path, &q, &nq, &d, &nd, err)) nq = nd = 0;
    if (!strcmp(table, "queues"))
      csv_table(o, "queue", queue_cols, NCOLS(queue_cols), q, sizeof *q, nq);
    else
      csv_table(o, "downstream", ds_cols, NCOLS(ds_cols), d, sizeof *d, nd);
    free(q);
    free(d);
  } else if (fmt == SLS_REPORT_CSV) {
    csv_table(o, "function", fn_cols, NCOLS(fn_cols), rows, sizeof *rows, n);
  } else if (fmt == SLS_REPORT_JSON) {
    print_json(o, path, &info, rows, n, lines, nl, alts, na, &g);
    if (study) rc = print_json_study(o, path, err);
    fprintf(o, "}\n");
  } else {
    term_info(&info);
    term_rows(rows, n, lines, nl, alts, na);
    print_table(&k, &info, rows, n, lines, nl);
    print_alternatives(&k, alts, na, serverless);
    print_queue_tables(&k, path);
    if (is_graph(&g, rows, n)) print_graph_tables(&k, &g, rows, n);
    print_timeline(&k, path, rows, n);
    if (study) {
      note(&k, "\n(the tables above are replication 0)");
      rc = study_report(&k, path, 0, err);
    }
  }
  free(rows);
  free(lines);
  free(alts);
  graph_free(&g);
  if (!rc && (fflush(o) != 0 || ferror(o))) rc = out_failed(err);
  return rc;
}
