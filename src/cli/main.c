/*
 * slsim — the command-line client of libslsim: run, check, report, plot.
 * Exit codes: 0 success, 1 run-time failure, 2 bad input (DESIGN 5).
 */
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/ranks.h"
#include "config.h"
#include "cost/cost.h"
#include "engine/util.h"
#include "io/h5.h"
#include "io/scenario.h"
#include "plot/plot.h"
#include "study/study.h"
#include "validate/validate.h"

enum { EXIT_RUN = 1, EXIT_INPUT = 2 };

static const char usage[] =
    "usage: slsim COMMAND [OPTIONS]\n"
    "\n"
    "  run SCENARIO.cfg [-o OUT.h5] [--seed N] [--set KEY=VALUE]... [--reps N [--jobs N]] [--force] "
    "[--quiet]\n"
    "        simulate; write OUT.h5 (default: the scenario's name + .h5) and print a summary;\n"
    "        --reps: N replications (derived seeds), every figure as mean +- 95 % CI\n"
    "  sweep SCENARIO.cfg --vary KEY=V1,V2,...|KEY=LO:HI:STEP [--vary ...] [--reps N] [--jobs N]\n"
    "        [--seed N] [--set KEY=VALUE]... -o SWEEP.h5 [--force] [--list-tasks | --task K]\n"
    "        run every point of the grid (common random numbers across points); --task K runs\n"
    "        one (point, replication) task into its own file, for job arrays; under mpirun the\n"
    "        ranks share the tasks and rank 0 writes SWEEP.h5 (also run --reps)\n"
    "  merge -o OUT.h5 TASK.h5... [--force]\n"
    "        combine task files (or studies) of one sweep exactly\n"
    "  validate [-o REPORT.md] [--jobs N] [--force]\n"
    "        run every analytical oracle (Erlang-B, Erlang-C, Little's law, M/G/inf, cold starts,\n"
    "        scaling ramps) with replications; print the table, write it as Markdown; exit 1 on a fail\n"
    "  check SCENARIO.cfg [--set KEY=VALUE]...\n"
    "        validate and print the resolved scenario (every default explicit); exit 0 or 2\n"
    "  report OUT.h5 [--csv [--table functions|sources|queues|downstreams|cost|alternatives] | --json]\n"
    "        the summary and the bill (per 30-day month, per service and per function, with the\n"
    "        always-on alternatives) of a result, as tables, CSV or JSON\n"
    "  plot OUT.h5 [--what concurrency|latency|queue|downstream]... [-o FIG.png|.svg|.pdf]\n"
    "        draw figures with gnuplot (default: every kind the result has, OUT-KIND.png)\n"
    "  plot SWEEP.h5 --what sweep [--metric p99_ms] [--entity FUNCTION|bill] [-o FIG.png]\n"
    "        a metric against the first varied key, one line per other combination, 95 % CIs\n"
    "\n"
    "  --help, --version\n"
    "Exit codes: 0 success, 1 run-time failure, 2 bad input.\n";

static int bad(const char *msg) {
  fprintf(stderr, "slsim: %s\n", msg);
  return EXIT_INPUT;
}

static int exit_for(int rc) { return rc == SLS_EINPUT || rc == SLS_EEXIST ? EXIT_INPUT : EXIT_RUN; }

/* ---- progress ---- */

typedef struct progress {
  struct timespec last;
  int shown;
} progress;

static void show_progress(void *ctx, double frac) {
  progress *p = ctx;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double dt = (double)(now.tv_sec - p->last.tv_sec) + (double)(now.tv_nsec - p->last.tv_nsec) / 1e9;
  if (dt < 0.2 && frac < 1.0) return;
  p->last = now;
  p->shown = 1;
  int w = 40, k = (int)(frac * w + 0.5);
  if (k > w) k = w;
  fprintf(stderr, "\r[%.*s%*s] %3.0f%%", k, "########################################", w - k, "",
          frac * 100);
  fflush(stderr);
}

/* ---- report ---- */

/* Totals of lines grouped by a key (service or entity), in first-seen order. */
static void print_totals(FILE *o, const char *title, const sls_cost_line *l, int nl, int by_entity) {
  fprintf(o, "\n%-26s %14s\n", title, "USD/month");
  for (int i = 0; i < nl; i++) {
    const char *key = by_entity ? l[i].entity : l[i].service;
    int seen = 0;
    for (int j = 0; j < i && !seen; j++)
      seen = !strcmp(by_entity ? l[j].entity : l[j].service, key) &&
             (!by_entity || !strcmp(l[j].scope, l[i].scope));
    if (seen) continue;
    double usd = 0;
    for (int j = i; j < nl; j++)
      if (!strcmp(by_entity ? l[j].entity : l[j].service, key) &&
          (!by_entity || !strcmp(l[j].scope, l[i].scope)))
        usd += l[j].usd;
    char name[96];
    snprintf(name, sizeof name, by_entity ? "%s (%s)" : "%s", key, l[i].scope);
    fprintf(o, "%-26s %14.2f\n", name, usd);
  }
}

static void print_alternatives(FILE *o, const sls_alt_line *a, int na, double serverless) {
  if (!na) return;
  fprintf(o, "\nalways-on alternatives, per 30-day month (serverless above: $%.2f)\n", serverless);
  fprintf(o, "%-18s %-8s %-11s %11s %11s %-10s %10s %9s %9s %10s %12s %8s\n", "name", "kind", "sizing",
          "peak load", "mean load", "unit", "capacity", "instances", "max inst", "inst-hours", "USD/month",
          "vs SL");
  for (int i = 0; i < na; i++)
    fprintf(o, "%-18s %-8s %-11s %11.2f %11.2f %-10s %10.1f %9.2f %9.0f %10.1f %12.2f %7.2fx\n", a[i].name,
            a[i].kind, a[i].sizing, a[i].peak_load, a[i].mean_load, a[i].load_unit, a[i].capacity,
            a[i].instances, a[i].max_instances, a[i].instance_hours, a[i].usd,
            a[i].usd > 0 ? serverless / a[i].usd : 0);
  fprintf(o, "(peak: a fixed fleet for the busiest sample interval at full capacity; autoscaled: "
             "ceil(load / (capacity x target utilization)) per interval, scale-in after the delay; "
             "vs SL = serverless / alternative)\n");
}

static void print_bill(FILE *o, const sls_run_info *in, const sls_cost_line *l, int nl) {
  double days = in->duration_s / 86400.0;
  fprintf(o, "\nbill per 30-day month, pricing %s (%s), free tier %s: ", in->pricing, in->pricing_date,
          in->free_tier ? "on" : "off");
  if (in->month_factor > 1.0000001)
    fprintf(o, "PROJECTED from %.4g %s simulated (usage x %.4g)\n", days < 1 ? in->duration_s / 3600 : days,
            days < 1 ? "h" : "d", in->month_factor);
  else if (in->month_factor < 0.9999999)
    fprintf(o, "averaged over %.4g d simulated (usage x %.4g)\n", days, in->month_factor);
  else
    fprintf(o, "30 days simulated\n");
  fprintf(o, "%-13s %-24s %-16s %14s %16s %-11s %14s %12s\n", "service", "item", "entity", "simulated",
          "per month", "unit", "USD/unit", "USD/month");
  double total = 0;
  for (int i = 0; i < nl; i++) {
    fprintf(o, "%-13s %-24s %-16s %14.3f %16.3f %-11s %14.10f %12.4f\n", l[i].service, l[i].item, l[i].entity,
            l[i].sim_quantity, l[i].quantity, l[i].unit, l[i].unit_usd, l[i].usd);
    total += l[i].usd;
  }
  fprintf(o, "%-13s %-24s %-16s %14s %16s %-11s %14s %12.4f\n", "total", "", "", "", "", "", "", total);
  print_totals(o, "per service", l, nl, 0);
  print_totals(o, "per function / source / queue", l, nl, 1);
}

static double bill_total(const sls_cost_line *l, int nl) {
  double t = 0;
  for (int i = 0; i < nl; i++)
    t += l[i].usd;
  return t;
}

static void print_table(FILE *o, const sls_run_info *in, const sls_fn_row *r, int n, const sls_cost_line *l,
                        int nl) {
  fprintf(o, "scenario %s  seed %llu  simulated %.0f s  (%llu events, %.2f s wall)\n", in->scenario,
          (unsigned long long)in->seed, in->duration_s, (unsigned long long)in->events, in->wall_s);
  fprintf(o, "conservation: %s (%s)\n\n", in->status, in->conservation);
  fprintf(o, "%-16s %10s %10s %8s %8s %8s %9s %7s %9s %9s %9s %9s %9s %9s\n", "function", "requests", "ok",
          "errors", "timeout", "throttl", "cold", "cold%", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
          "mean conc");
  for (int i = 0; i < n; i++)
    fprintf(o, "%-16s %10llu %10llu %8llu %8llu %8llu %9llu %7.3f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f\n",
            r[i].name, (unsigned long long)r[i].requests, (unsigned long long)r[i].ok,
            (unsigned long long)r[i].errors, (unsigned long long)r[i].timeouts,
            (unsigned long long)r[i].throttled, (unsigned long long)r[i].cold_starts, r[i].cold_start_pct,
            r[i].p50_ms, r[i].p90_ms, r[i].p99_ms, r[i].p999_ms, r[i].max_ms, r[i].mean_concurrency);
  for (int i = 0; i < n; i++) {
    if (r[i].async_events)
      fprintf(
          o,
          "%-16s async events %llu: ok %llu, failed %llu, expired %llu, unfinished %llu (%llu retries; "
          "accepted -> done p50 %.1f ms, p99 %.1f ms)\n",
          r[i].name, (unsigned long long)r[i].async_events, (unsigned long long)r[i].async_ok,
          (unsigned long long)r[i].async_failed, (unsigned long long)r[i].async_expired,
          (unsigned long long)(r[i].async_events - r[i].async_ok - r[i].async_failed - r[i].async_expired),
          (unsigned long long)r[i].async_retries, r[i].async_p50_ms, r[i].async_p99_ms);
    if (r[i].batch_invocations)
      fprintf(o,
              "%-16s batch invocations %llu (see the queue table); invocations failed %llu, timed out %llu\n",
              r[i].name, (unsigned long long)r[i].batch_invocations, (unsigned long long)r[i].inv_errors,
              (unsigned long long)r[i].inv_timeouts);
  }
  print_bill(o, in, l, nl);
}

static void print_queue_tables(FILE *o, const char *path) {
  sls_queue_row *q = NULL;
  sls_ds_row *d = NULL;
  int nq = 0, nd = 0;
  char err[SLS_ERRLEN];
  if (sls_h5_read_queues(path, &q, &nq, &d, &nd, err)) return;
  if (nq) {
    fprintf(o, "\n%-14s %9s %9s %7s %7s %9s %9s %10s %10s %9s %9s %8s %8s %8s\n", "queue", "sent", "deleted",
            "to DLQ", "expired", "remaining", "received", "e2e p50 ms", "e2e p99 ms", "drain s", "batches",
            "failed", "throttl", "peak map");
    for (int i = 0; i < nq; i++)
      fprintf(o, "%-14s %9llu %9llu %7llu %7llu %9llu %9llu %10.1f %10.1f %9.1f %9llu %8llu %8llu %8.0f\n",
              q[i].name, (unsigned long long)q[i].sent, (unsigned long long)q[i].deleted,
              (unsigned long long)q[i].to_dlq, (unsigned long long)q[i].expired,
              (unsigned long long)q[i].remaining, (unsigned long long)q[i].received, q[i].e2e_p50_ms,
              q[i].e2e_p99_ms, q[i].drain_time_s, (unsigned long long)q[i].batches,
              (unsigned long long)q[i].failed_batches, (unsigned long long)q[i].throttled_batches,
              q[i].peak_mapping_concurrency);
  }
  if (nd) {
    fprintf(o, "\n%-14s %-15s %10s %10s %9s %9s %8s %10s %10s\n", "downstream", "mode", "calls", "failed",
            "refusals", "collapses", "down s", "peak conn", "peak calls");
    for (int i = 0; i < nd; i++)
      fprintf(o, "%-14s %-15s %10llu %10llu %9llu %9llu %8.1f %10.0f %10.0f\n", d[i].name, d[i].mode,
              (unsigned long long)d[i].calls, (unsigned long long)d[i].failed_calls,
              (unsigned long long)d[i].refusals, (unsigned long long)d[i].collapses, d[i].down_s,
              d[i].peak_connections, d[i].peak_active_calls);
  }
  free(q);
  free(d);
}

/* --csv --table queues|downstreams: one column per field, in the order of the headers */
static void csv_u(FILE *o, uint64_t v) { fprintf(o, ",%llu", (unsigned long long)v); }
static void csv_d(FILE *o, double v) { fprintf(o, ",%.6g", v); }

static void print_queue_csv(FILE *o, const char *path, int downstreams) {
  sls_queue_row *q = NULL;
  sls_ds_row *d = NULL;
  int nq = 0, nd = 0;
  char err[SLS_ERRLEN];
  if (sls_h5_read_queues(path, &q, &nq, &d, &nd, err)) return;
  if (!downstreams) {
    fprintf(
        o,
        "queue,type,sent,deleted,to_dlq,expired,remaining,received,send_requests,receive_requests,"
        "empty_receives,delete_requests,e2e_p50_ms,e2e_p90_ms,e2e_p99_ms,e2e_max_ms,e2e_mean_ms,wait_mean_ms,"
        "wait_p99_ms,waited_fraction,first_sent_s,drained_s,drain_time_s,mapping,batches,failed_batches,"
        "throttled_batches,peak_mapping_concurrency\n");
    for (int i = 0; i < nq; i++) {
      const sls_queue_row *r = &q[i];
      fprintf(o, "%s,%s", r->name, r->type);
      const uint64_t u[] = {r->sent,           r->deleted,        r->to_dlq,        r->expired,
                            r->remaining,      r->received,       r->send_requests, r->receive_requests,
                            r->empty_receives, r->delete_requests};
      for (size_t k = 0; k < sizeof u / sizeof *u; k++)
        csv_u(o, u[k]);
      const double dv[] = {r->e2e_p50_ms,   r->e2e_p90_ms,   r->e2e_p99_ms,  r->e2e_max_ms,
                           r->e2e_mean_ms,  r->wait_mean_ms, r->wait_p99_ms, r->waited_fraction,
                           r->first_sent_s, r->drained_s,    r->drain_time_s};
      for (size_t k = 0; k < sizeof dv / sizeof *dv; k++)
        csv_d(o, dv[k]);
      fprintf(o, ",%s", r->mapping);
      csv_u(o, r->batches);
      csv_u(o, r->failed_batches);
      csv_u(o, r->throttled_batches);
      csv_d(o, r->peak_mapping_concurrency);
      fprintf(o, "\n");
    }
  } else {
    fprintf(o,
            "downstream,mode,calls,failed_calls,refusals,collapses,down_s,peak_connections,peak_active_calls,"
            "mean_connections\n");
    for (int i = 0; i < nd; i++) {
      const sls_ds_row *r = &d[i];
      fprintf(o, "%s,%s", r->name, r->mode);
      csv_u(o, r->calls);
      csv_u(o, r->failed_calls);
      csv_u(o, r->refusals);
      csv_u(o, r->collapses);
      csv_d(o, r->down_s);
      csv_d(o, r->peak_connections);
      csv_d(o, r->peak_active_calls);
      csv_d(o, r->mean_connections);
      fprintf(o, "\n");
    }
  }
  free(q);
  free(d);
}

static void print_csv(FILE *o, const sls_fn_row *r, int n) {
  fprintf(o, "function,memory_mb,arch,requests,ok,errors,timeouts,throttled,throttles,retries,invocations,"
             "cold_starts,cold_start_pct,p50_ms,p90_ms,p95_ms,p99_ms,p999_ms,max_ms,mean_ms,mean_concurrency,"
             "peak_concurrency,billed_gb_s,cost_usd,idle_gb_s\n");
  for (int i = 0; i < n; i++) {
    fprintf(
        o,
        "%s,%d,%s,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,"
        "%.6g,%.6g,%.6g",
        r[i].name, r[i].memory_mb, r[i].arch, (unsigned long long)r[i].requests, (unsigned long long)r[i].ok,
        (unsigned long long)r[i].errors, (unsigned long long)r[i].timeouts,
        (unsigned long long)r[i].throttled, (unsigned long long)r[i].throttles,
        (unsigned long long)r[i].retries, (unsigned long long)r[i].invocations,
        (unsigned long long)r[i].cold_starts, r[i].cold_start_pct, r[i].p50_ms, r[i].p90_ms, r[i].p95_ms,
        r[i].p99_ms, r[i].p999_ms, r[i].max_ms, r[i].mean_ms, r[i].mean_concurrency, r[i].peak_concurrency,
        r[i].billed_gb_s, r[i].cost_usd);
    fprintf(o, ",%.6g\n", r[i].idle_gb_s);
  }
}

static void json_str(FILE *o, const char *s) {
  fputc('"', o);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', o);
    if ((unsigned char)*s < 0x20)
      fprintf(o, "\\u%04x", *s);
    else
      fputc(*s, o);
  }
  fputc('"', o);
}

static void print_json(FILE *o, const sls_run_info *in, const sls_fn_row *r, int n, const sls_cost_line *l,
                       int nl, const sls_alt_line *a, int na) {
  fprintf(o, "{\"scenario\": ");
  json_str(o, in->scenario);
  fprintf(o, ", \"seed\": %llu, \"duration_s\": %.17g, \"status\": ", (unsigned long long)in->seed,
          in->duration_s);
  json_str(o, in->status);
  fprintf(o, ",\n \"functions\": [");
  for (int i = 0; i < n; i++) {
    fprintf(o, "%s\n  {\"name\": ", i ? "," : "");
    json_str(o, r[i].name);
    fprintf(o,
            ", \"memory_mb\": %d, \"requests\": %llu, \"ok\": %llu, \"errors\": %llu, \"timeouts\": %llu, "
            "\"throttled\": %llu, \"throttles\": %llu, \"invocations\": %llu, \"cold_starts\": %llu, "
            "\"p50_ms\": %.17g, \"p90_ms\": %.17g, \"p95_ms\": %.17g, \"p99_ms\": %.17g, \"p999_ms\": %.17g, "
            "\"max_ms\": %.17g, \"mean_ms\": %.17g, \"mean_concurrency\": %.17g, \"cost_usd\": %.17g}",
            r[i].memory_mb, (unsigned long long)r[i].requests, (unsigned long long)r[i].ok,
            (unsigned long long)r[i].errors, (unsigned long long)r[i].timeouts,
            (unsigned long long)r[i].throttled, (unsigned long long)r[i].throttles,
            (unsigned long long)r[i].invocations, (unsigned long long)r[i].cold_starts, r[i].p50_ms,
            r[i].p90_ms, r[i].p95_ms, r[i].p99_ms, r[i].p999_ms, r[i].max_ms, r[i].mean_ms,
            r[i].mean_concurrency, r[i].cost_usd);
  }
  fprintf(o, "],\n \"cost\": [");
  for (int i = 0; i < nl; i++) {
    fprintf(o, "%s\n  {\"service\": ", i ? "," : "");
    json_str(o, l[i].service);
    fprintf(o, ", \"item\": ");
    json_str(o, l[i].item);
    fprintf(o, ", \"entity\": ");
    json_str(o, l[i].entity);
    fprintf(o, ", \"scope\": ");
    json_str(o, l[i].scope);
    fprintf(o, ", \"sim_quantity\": %.17g, \"quantity\": %.17g, \"unit\": ", l[i].sim_quantity,
            l[i].quantity);
    json_str(o, l[i].unit);
    fprintf(o, ", \"unit_usd\": %.17g, \"usd\": %.17g}", l[i].unit_usd, l[i].usd);
  }
  fprintf(o,
          "],\n \"bill\": {\"usd_per_month\": %.17g, \"month_factor\": %.17g, \"projected\": %s, "
          "\"pricing\": ",
          bill_total(l, nl), in->month_factor, in->month_factor > 1.0000001 ? "true" : "false");
  json_str(o, in->pricing);
  fprintf(o, ", \"free_tier\": %s},\n \"alternatives\": [", in->free_tier ? "true" : "false");
  for (int i = 0; i < na; i++) {
    fprintf(o, "%s\n  {\"name\": ", i ? "," : "");
    json_str(o, a[i].name);
    fprintf(o, ", \"kind\": ");
    json_str(o, a[i].kind);
    fprintf(o, ", \"sizing\": ");
    json_str(o, a[i].sizing);
    fprintf(o, ", \"load_unit\": ");
    json_str(o, a[i].load_unit);
    fprintf(o,
            ", \"peak_load\": %.17g, \"mean_load\": %.17g, \"capacity\": %.17g, \"instances\": %.17g, "
            "\"max_instances\": %.17g, \"instance_hours\": %.17g, \"usd_per_hour\": %.17g, \"usd\": %.17g}",
            a[i].peak_load, a[i].mean_load, a[i].capacity, a[i].instances, a[i].max_instances,
            a[i].instance_hours, a[i].usd_per_hour, a[i].usd);
  }
  fprintf(o, "]}\n");
}

/* Finished replications of point p. */
static int done_at(const sls_study *st, int p) {
  int d = 0;
  for (int r = 0; r < st->reps; r++)
    d += st->runs[p * st->reps + r].done;
  return d;
}

/* 1 when the metric `what` of row's entity (same point) is 0 in every replication */
static int always_zero(const sls_ci_row *ci, int n, const sls_ci_row *row, const char *what) {
  for (int i = 0; i < n; i++)
    if (ci[i].point == row->point && !strcmp(ci[i].kind, row->kind) && !strcmp(ci[i].entity, row->entity) &&
        !strcmp(ci[i].metric, what))
      return ci[i].mean == 0 && ci[i].half_width == 0;
  return 0;
}

/* The confidence-interval table of a study: the headline metrics per point and entity, or
 * every row as CSV. */
static int report_study(FILE *o, const char *path, int csv) {
  sls_study st;
  memset(&st, 0, sizeof st);
  char err[SLS_ERRLEN];
  if (sls_h5_read_study(path, &st, err)) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  sls_ci_row *ci = NULL;
  int n = sls_study_ci(&st, &ci);
  if (csv) {
    fprintf(o, "point");
    for (int k = 0; k < st.n_vary; k++)
      fprintf(o, ",%s", st.vary_key[k]);
    fprintf(o, ",entity,metric,n,mean,ci95_half_width,sd,pooled,kind\n");
    for (int i = 0; i < n; i++) {
      fprintf(o, "%d", ci[i].point);
      for (int k = 0; k < st.n_vary; k++)
        fprintf(o, ",%s", st.vary_value[ci[i].point * st.n_vary + k]);
      fprintf(o, ",%s,%s,%d,%.10g,%.10g,%.10g,%.10g,%s\n", ci[i].entity, ci[i].metric, ci[i].n, ci[i].mean,
              ci[i].half_width, ci[i].sd, ci[i].pooled, ci[i].kind);
    }
  } else {
    int done = 0;
    for (int t = 0; t < st.n_points * st.reps; t++)
      done += st.runs[t].done;
    fprintf(o,
            "\nstudy: %d point%s x %d replication%s (%d of %d runs); mean +- 95 %% CI (Student t); "
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
                                       "usd_per_month"};
    static const char *const sync_only[] = {"requests", "throttled", "p50_ms", "p99_ms"};
    for (int p = 0; p < st.n_points; p++) {
      fprintf(o, "\npoint %d:", p);
      for (int k = 0; k < st.n_vary; k++)
        fprintf(o, " %s=%s", st.vary_key[k], st.vary_value[p * st.n_vary + k]);
      fprintf(o, "\n%-20s %-24s %16s %14s %12s\n", "entity", "metric", "mean", "+- 95% CI", "pooled");
      for (int i = 0; i < n; i++) {
        if (ci[i].point != p) continue;
        int want = 0;
        for (size_t k = 0; k < sizeof show / sizeof *show; k++)
          want |= !strcmp(ci[i].metric, show[k]);
        /* leave out what did not happen: request rows of a function with no synchronous
         * requests (queue or async), async latency without async events, mapping figures of a
         * queue without a mapping, a queue nothing was sent to */
        for (size_t k = 0; k < sizeof sync_only / sizeof *sync_only; k++)
          if (!strcmp(ci[i].metric, sync_only[k]) && always_zero(ci, n, &ci[i], "requests")) want = 0;
        if ((!strcmp(ci[i].metric, "async_p99_ms") || !strcmp(ci[i].metric, "peak_mapping_concurrency")) &&
            ci[i].mean == 0 && ci[i].half_width == 0)
          want = 0;
        if (!strcmp(ci[i].kind, "queue") && always_zero(ci, n, &ci[i], "sent")) want = 0;
        if (!want) continue;
        char who[80];
        snprintf(who, sizeof who, "%s%s%s", ci[i].entity, strcmp(ci[i].kind, "queue") ? "" : " (queue)",
                 strcmp(ci[i].kind, "downstream") ? "" : " (dep.)");
        if (ci[i].n == 0) { /* drain time: never drained */
          fprintf(o, "%-20s %-24s %16s\n", who, ci[i].metric, "never");
          continue;
        }
        fprintf(o, "%-20s %-24s %16.4f %14.4f", who, ci[i].metric, ci[i].mean, ci[i].half_width);
        if (!isnan(ci[i].pooled)) fprintf(o, " %12.4f", ci[i].pooled);
        if (ci[i].n < done_at(&st, p)) fprintf(o, "  (in %d of %d replications)", ci[i].n, done_at(&st, p));
        fprintf(o, "\n");
      }
    }
  }
  free(ci);
  sls_study_free(&st);
  return 0;
}

static int report_file(const char *path, int fmt, const char *table) {
  char err[SLS_ERRLEN];
  sls_run_info info;
  sls_fn_row *rows;
  sls_cost_line *lines;
  int n, nl;
  int study = sls_h5_has_study(path);
  if (fmt == 1 && table && !strcmp(table, "ci"))
    return report_study(stdout, path, 1); /* says when not a study */
  int rc = sls_h5_read_summary(path, &info, &rows, &n, &lines, &nl, err);
  if (rc && study && fmt == 0) return report_study(stdout, path, 0); /* a sweep or merge: no single run */
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  sls_alt_line *alts = NULL;
  int na = 0;
  if (sls_h5_read_alternatives(path, &alts, &na, err)) {
    fprintf(stderr, "slsim: %s\n", err);
    free(rows);
    free(lines);
    return EXIT_INPUT;
  }
  if (fmt == 1 && table && !strcmp(table, "sources")) {
    sls_source_row *sr = NULL;
    int ns = 0;
    if (sls_h5_read_sources(path, &sr, &ns, err) == 0) {
      printf("source,target,arrivals,invocations,cold_starts,cold_start_pct,gw_requests\n");
      for (int i = 0; i < ns; i++)
        printf("%s,%s,%llu,%llu,%llu,%.6g,%llu\n", sr[i].name, sr[i].target,
               (unsigned long long)sr[i].arrivals, (unsigned long long)sr[i].invocations,
               (unsigned long long)sr[i].cold_starts, sr[i].cold_start_pct,
               (unsigned long long)sr[i].gw_requests);
    }
    free(sr);
  } else if (fmt == 1 && table && !strcmp(table, "cost")) {
    printf("service,item,entity,scope,sim_quantity,quantity,unit,unit_usd,usd\n");
    for (int i = 0; i < nl; i++)
      printf("%s,%s,%s,%s,%.10g,%.10g,%s,%.10g,%.10g\n", lines[i].service, lines[i].item, lines[i].entity,
             lines[i].scope, lines[i].sim_quantity, lines[i].quantity, lines[i].unit, lines[i].unit_usd,
             lines[i].usd);
  } else if (fmt == 1 && table && !strcmp(table, "alternatives")) {
    printf("name,kind,sizing,load_unit,peak_load,mean_load,capacity,instances,max_instances,instance_hours,"
           "usd_per_hour,usd,serverless_usd\n");
    for (int i = 0; i < na; i++)
      printf("%s,%s,%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", alts[i].name,
             alts[i].kind, alts[i].sizing, alts[i].load_unit, alts[i].peak_load, alts[i].mean_load,
             alts[i].capacity, alts[i].instances, alts[i].max_instances, alts[i].instance_hours,
             alts[i].usd_per_hour, alts[i].usd, bill_total(lines, nl));
  } else if (fmt == 1 && table && !strcmp(table, "queues")) {
    print_queue_csv(stdout, path, 0);
  } else if (fmt == 1 && table && !strcmp(table, "downstreams")) {
    print_queue_csv(stdout, path, 1);
  } else if (fmt == 1) {
    print_csv(stdout, rows, n);
  } else if (fmt == 2) {
    print_json(stdout, &info, rows, n, lines, nl, alts, na);
  } else {
    print_table(stdout, &info, rows, n, lines, nl);
    print_alternatives(stdout, alts, na, bill_total(lines, nl));
    print_queue_tables(stdout, path);
    if (study) {
      printf("\n(the tables above are replication 0)");
      report_study(stdout, path, 0);
    }
  }
  free(rows);
  free(lines);
  free(alts);
  return 0;
}

/* ---- commands ---- */

#define MAX_SETS 256

static int parse_set(const char *arg, sls_override *sets, int *n) {
  const char *eq = strchr(arg, '=');
  if (!eq || eq == arg) return bad("--set expects KEY=VALUE");
  if (*n >= MAX_SETS) return bad("too many --set options");
  char *key = sls_xstrdup(arg);
  key[eq - arg] = 0;
  sets[*n].key = key;
  sets[*n].value = key + (eq - arg) + 1;
  (*n)++;
  return 0;
}

static void free_sets(sls_override *sets, int n) {
  for (int i = 0; i < n; i++)
    free((char *)sets[i].key);
}

static int cmd_check(int argc, char **argv) {
  static const struct option opts[] = {
      {"set", required_argument, 0, 's'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  sls_override sets[MAX_SETS];
  int ns = 0, c;
  while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
    if (c == 's') {
      if (parse_set(optarg, sets, &ns)) return EXIT_INPUT;
    } else if (c == 'h') {
      fputs(usage, stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  if (optind != argc - 1) return bad("check: expected one scenario file");
  char err[SLS_ERRLEN];
  sls_scenario sc;
  int rc = sls_scenario_load(argv[optind], sets, ns, &sc, err);
  free_sets(sets, ns);
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  sls_world *w = sls_world_alloc(&sc, sc.seed, err);
  if (!w) {
    fprintf(stderr, "slsim: %s\n", err);
    sls_scenario_free(&sc);
    return EXIT_INPUT;
  }
  sls_world_free(w);
  sls_scenario_print(stdout, &sc);
  sls_scenario_free(&sc);
  return 0;
}

static void default_out(const char *scenario, char *out, size_t n) {
  const char *base = strrchr(scenario, '/');
  base = base ? base + 1 : scenario;
  const char *dot = strrchr(base, '.');
  int len = dot ? (int)(dot - base) : (int)strlen(base);
  snprintf(out, n, "%.*s.h5", len, base);
}

/* An integer in 1..max. */
static int parse_count(const char *arg, int *out, int max) {
  char *end;
  long v = strtol(arg, &end, 10);
  if (!*arg || *end || v < 1 || v > max) return -1;
  *out = (int)v;
  return 0;
}

/* ---- MPI ranks (src/cli/ranks.h): rank 0 checks, writes and reports; every rank runs ---- */

/* Joins the launcher's ranks; ranks other than 0 print nothing on stdout.  Returns EXIT_INPUT
 * when several copies were started and this slsim has no MPI. */
static int start_ranks(sls_ranks *rk) {
  char err[SLS_ERRLEN];
  if (sls_ranks_start(rk, err)) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  if (rk->rank > 0 && !freopen("/dev/null", "w", stdout)) fclose(stdout);
  return 0;
}

/* Rank 0's answer to "is out there and not to be overwritten?", on every rank. */
static int refuse_existing(const sls_ranks *rk, const char *out, int force) {
  struct stat sb;
  int exists = rk->rank == 0 && !force && stat(out, &sb) == 0;
  if (exists) fprintf(stderr, "slsim: %s exists; use --force to overwrite it\n", out);
  return sls_ranks_agree(rk, exists);
}

/* Brings every rank's runs to rank 0, which writes the study (with w at the root for run
 * --reps).  Returns the exit status, the same on every rank: 0, EXIT_RUN when a run broke
 * conservation (the file is written), or the failure's; *written: rank 0 wrote out. */
static int gather_and_write(const sls_ranks *rk, sls_study *st, const sls_world *w, const char *out,
                            int force, int *ran, int *written, char *err) {
  *written = 0;
  int rc = sls_ranks_gather(rk, st, ran, err);
  if (rc)
    rc = EXIT_RUN;
  else if (rk->rank == 0) {
    int conserved = 1;
    for (int t = 0; t < st->n_points * st->reps; t++)
      conserved &= !st->runs[t].done || st->runs[t].conserved;
    int wrc = sls_h5_write_study(out, force, w, st, err);
    rc = wrc ? exit_for(wrc) : conserved ? 0 : EXIT_RUN;
    *written = !wrc;
    if (!wrc && !conserved) sls_err(err, "conservation violated in a run");
  }
  if (rk->rank == 0 && rc) fprintf(stderr, "slsim: %s\n", err);
  return sls_ranks_agree(rk, rc);
}

static void print_ranks(const sls_ranks *rk, const int *ran, int jobs) {
  if (rk->size < 2) return;
  printf("\n%d MPI ranks (%s) x %d thread%s; tasks run per rank:", rk->size, sls_ranks_library(), jobs,
         jobs > 1 ? "s" : "");
  for (int k = 0; k < rk->size; k++)
    printf(" %d", ran[k]);
  printf("\n");
}

/* run: one run of sc into out (one rank) */
static int run_once(const sls_ranks *rk, const sls_scenario *sc, const char *out, int force, int quiet) {
  char err[SLS_ERRLEN], msg[SLS_ERRLEN];
  if (refuse_existing(rk, out, force)) return EXIT_INPUT;
  sls_world *w = sls_world_alloc(sc, sc->seed, err);
  if (!w) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  progress pg = {{0, 0}, 0};
  if (!quiet && isatty(STDERR_FILENO)) {
    clock_gettime(CLOCK_MONOTONIC, &pg.last);
    w->progress = show_progress;
    w->progress_ctx = &pg;
  }
  sls_world_run(w);
  if (pg.shown) fprintf(stderr, "\r%60s\r", "");
  int conserved = sls_world_conserved(w, msg);
  int rc = sls_h5_write(out, force, w, err);
  sls_world_free(w);
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return exit_for(rc);
  }
  if (!quiet) {
    report_file(out, 0, NULL);
    printf("\nwrote %s\n", out);
  }
  if (!conserved) {
    fprintf(stderr, "slsim: conservation violated: %s\n", msg);
    return EXIT_RUN;
  }
  return 0;
}

/* run --reps: the replications (dealt out to MPI ranks, if any); the study's task 0 is the run
 * a single `run` makes, and its world is written at the root as well. */
static int run_reps(const sls_ranks *rk, const sls_scenario *sc, const char *out, int force, int quiet,
                    int reps, int jobs) {
  if (refuse_existing(rk, out, force)) return EXIT_INPUT;
  char err[SLS_ERRLEN];
  sls_study rs;
  sls_study_grid(&rs, 0, NULL, NULL, NULL, reps);
  sls_world *w0 = NULL;
  sls_study_run(&rs, sc, sc->seed, jobs, rk->rank, reps, rk->size, &w0);
  int *ran = sls_xcalloc((size_t)rk->size, sizeof *ran), written;
  int rc = gather_and_write(rk, &rs, w0, out, force, ran, &written, err);
  if (written && !quiet) {
    report_file(out, 0, NULL);
    print_ranks(rk, ran, jobs);
    printf("\nwrote %s\n", out);
  }
  free(ran);
  sls_world_free(w0);
  sls_study_free(&rs);
  return rc;
}

static int cmd_run(int argc, char **argv) {
  static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                       {"seed", required_argument, 0, 'S'},
                                       {"set", required_argument, 0, 's'},
                                       {"force", no_argument, 0, 'f'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"reps", required_argument, 0, 'r'},
                                       {"jobs", required_argument, 0, 'j'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  sls_override sets[MAX_SETS];
  int ns = 0, c, force = 0, quiet = 0, have_seed = 0, reps = 1, jobs = 1;
  const char *out = NULL;
  unsigned long long seed = 0;
  while ((c = getopt_long(argc, argv, "o:s:fqh", opts, NULL)) != -1) {
    switch (c) {
    case 'o': out = optarg; break;
    case 'S': {
      char *end;
      seed = strtoull(optarg, &end, 10);
      if (!*optarg || *end) return bad("--seed expects a non-negative integer");
      have_seed = 1;
      break;
    }
    case 's':
      if (parse_set(optarg, sets, &ns)) return EXIT_INPUT;
      break;
    case 'f': force = 1; break;
    case 'q': quiet = 1; break;
    case 'r':
      if (parse_count(optarg, &reps, 100000)) return bad("--reps expects an integer in 1..100000");
      break;
    case 'j':
      if (parse_count(optarg, &jobs, 1024)) return bad("--jobs expects an integer in 1..1024");
      break;
    case 'h': fputs(usage, stdout); return 0;
    default: return EXIT_INPUT;
    }
  }
  if (optind != argc - 1) return bad("run: expected one scenario file");
  const char *path = argv[optind];
  char outbuf[4096], err[SLS_ERRLEN];
  if (!out) {
    default_out(path, outbuf, sizeof outbuf);
    out = outbuf;
  }
  sls_scenario sc;
  int rc = sls_scenario_load(path, sets, ns, &sc, err);
  free_sets(sets, ns);
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_INPUT;
  }
  if (have_seed) sc.seed = seed;
  sls_ranks rk;
  if (start_ranks(&rk)) {
    sls_scenario_free(&sc);
    return EXIT_INPUT;
  }
  if (reps > 1)
    rc = run_reps(&rk, &sc, out, force, quiet, reps, jobs);
  else if (rk.size > 1) {
    fprintf(stderr, "slsim: run makes one run; give --reps N to spread replications over the %d MPI ranks\n",
            rk.size);
    rc = EXIT_INPUT;
  } else
    rc = run_once(&rk, &sc, out, force, quiet);
  sls_ranks_end(&rk);
  sls_scenario_free(&sc);
  return rc;
}

static int cmd_report(int argc, char **argv) {
  static const struct option opts[] = {{"csv", no_argument, 0, 'c'},
                                       {"json", no_argument, 0, 'j'},
                                       {"table", required_argument, 0, 't'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  int c, fmt = 0;
  const char *table = NULL;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    if (c == 'c')
      fmt = 1;
    else if (c == 'j')
      fmt = 2;
    else if (c == 't')
      table = optarg;
    else if (c == 'h') {
      fputs(usage, stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  if (table && strcmp(table, "functions") && strcmp(table, "sources") && strcmp(table, "queues") &&
      strcmp(table, "downstreams") && strcmp(table, "cost") && strcmp(table, "alternatives") &&
      strcmp(table, "ci"))
    return bad("--table expects functions, sources, queues, downstreams, cost, alternatives or ci");
  if (table && fmt != 1) return bad("--table goes with --csv");
  if (optind != argc - 1) return bad("report: expected one result file");
  return report_file(argv[optind], fmt, table);
}

static int cmd_plot(int argc, char **argv) {
  static const struct option opts[] = {
      {"what", required_argument, 0, 'w'},   {"output", required_argument, 0, 'o'},
      {"metric", required_argument, 0, 'm'}, {"entity", required_argument, 0, 'e'},
      {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
  const char *what[8];
  int nw = 0, c;
  const char *out = NULL, *metric = "p99_ms", *entity = NULL;
  while ((c = getopt_long(argc, argv, "w:o:h", opts, NULL)) != -1) {
    if (c == 'w') {
      if (nw < 8) what[nw++] = optarg;
    } else if (c == 'm')
      metric = optarg;
    else if (c == 'e')
      entity = optarg;
    else if (c == 'o')
      out = optarg;
    else if (c == 'h') {
      fputs(usage, stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  if (optind != argc - 1) return bad("plot: expected one result file");
  const char *h5 = argv[optind];
  if (nw == 1 && !strcmp(what[0], "sweep")) { /* a metric against the varied key, with CIs */
    char path[4096], e[SLS_ERRLEN];
    const char *dot = strrchr(h5, '.');
    snprintf(path, sizeof path, "%.*s-%s.png", dot ? (int)(dot - h5) : (int)strlen(h5), h5, metric);
    int rc = sls_plot_sweep(h5, entity, metric, out ? out : path, e);
    if (rc) {
      fprintf(stderr, "slsim: %s\n", e);
      return exit_for(rc);
    }
    printf("wrote %s\n", out ? out : path);
    return 0;
  }
  if (nw == 0) { /* every kind the result has something for */
    sls_run_info info;
    sls_fn_row *r = NULL;
    sls_cost_line *l = NULL;
    sls_queue_row *q = NULL;
    sls_ds_row *d = NULL;
    int n = 0, nl = 0, nq = 0, nd = 0, sync = 0;
    char e[SLS_ERRLEN];
    if (sls_h5_read_summary(h5, &info, &r, &n, &l, &nl, e)) {
      fprintf(stderr, "slsim: %s\n", e);
      return EXIT_INPUT;
    }
    for (int i = 0; i < n; i++)
      sync |= r[i].requests > 0;
    sls_h5_read_queues(h5, &q, &nq, &d, &nd, e);
    free(r);
    free(l);
    free(q);
    free(d);
    what[nw++] = "concurrency";
    if (sync) what[nw++] = "latency";
    if (nq) what[nw++] = "queue";
    if (nd) what[nw++] = "downstream";
  }
  char err[SLS_ERRLEN];
  for (int i = 0; i < nw; i++) {
    char path[4096];
    if (out && nw == 1) {
      snprintf(path, sizeof path, "%s", out);
    } else {
      /* FIG.png with several kinds -> FIG-KIND.png; no -o -> OUT-KIND.png */
      const char *base = out ? out : h5;
      const char *dot = strrchr(base, '.');
      const char *ext = out && dot ? dot : ".png";
      int len = dot ? (int)(dot - base) : (int)strlen(base);
      snprintf(path, sizeof path, "%.*s-%s%s", len, base, what[i], ext);
    }
    int rc = sls_plot(h5, what[i], path, err);
    if (rc) {
      fprintf(stderr, "slsim: %s\n", err);
      return exit_for(rc);
    }
    printf("wrote %s\n", path);
  }
  return 0;
}

#define MAX_VARY 8

/* sweep: the grid of --vary values x replications, run here (all tasks, or --task K) */
static int cmd_sweep(int argc, char **argv) {
  static const struct option opts[] = {
      {"output", required_argument, 0, 'o'}, {"seed", required_argument, 0, 'S'},
      {"set", required_argument, 0, 's'},    {"vary", required_argument, 0, 'v'},
      {"reps", required_argument, 0, 'r'},   {"jobs", required_argument, 0, 'j'},
      {"task", required_argument, 0, 'k'},   {"list-tasks", no_argument, 0, 'l'},
      {"force", no_argument, 0, 'f'},        {"quiet", no_argument, 0, 'q'},
      {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
  sls_override sets[MAX_SETS];
  char *keys[MAX_VARY], **vals[MAX_VARY], err[SLS_ERRLEN];
  int nv[MAX_VARY], nk = 0, ns = 0, c, force = 0, quiet = 0, have_seed = 0, reps = 1, jobs = 1, task = -1,
                    list = 0;
  int rc = EXIT_INPUT;
  unsigned long long seed = 0;
  const char *out = NULL;
  while ((c = getopt_long(argc, argv, "o:s:fqh", opts, NULL)) != -1) {
    char *end;
    switch (c) {
    case 'o': out = optarg; break;
    case 'S':
      seed = strtoull(optarg, &end, 10);
      if (!*optarg || *end) return bad("--seed expects a non-negative integer");
      have_seed = 1;
      break;
    case 's':
      if (parse_set(optarg, sets, &ns)) return EXIT_INPUT;
      break;
    case 'v':
      if (nk == MAX_VARY) return bad("at most 8 --vary keys");
      nv[nk] = sls_vary_parse(optarg, &keys[nk], &vals[nk], err);
      if (nv[nk] < 0) return bad(err);
      nk++;
      break;
    case 'r':
      if (parse_count(optarg, &reps, 100000)) return bad("--reps expects an integer in 1..100000");
      break;
    case 'j':
      if (parse_count(optarg, &jobs, 1024)) return bad("--jobs expects an integer in 1..1024");
      break;
    case 'k':
      task = (int)strtol(optarg, &end, 10);
      if (!*optarg || *end || task < 0) return bad("--task expects a task number (see --list-tasks)");
      break;
    case 'l': list = 1; break;
    case 'f': force = 1; break;
    case 'q': quiet = 1; break;
    case 'h': fputs(usage, stdout); return 0;
    default: return EXIT_INPUT;
    }
  }
  if (optind != argc - 1) return bad("sweep: expected one scenario file");
  if (nk == 0) return bad("sweep: expected at least one --vary KEY=V1,V2,...");
  if (!out && !list) return bad("sweep: expected -o SWEEP.h5");
  sls_study st;
  sls_study_grid(&st, nk, keys, vals, nv, reps);
  for (int k = 0; k < nk; k++) {
    for (int i = 0; i < nv[k]; i++)
      free(vals[k][i]);
    free(vals[k]);
    free(keys[k]);
  }
  if (task >= st.n_points * reps) {
    fprintf(stderr, "slsim: --task %d: the sweep has tasks 0..%d\n", task, st.n_points * reps - 1);
    sls_study_free(&st);
    free_sets(sets, ns);
    return EXIT_INPUT;
  }
  sls_scenario *scen = sls_xcalloc((size_t)st.n_points, sizeof *scen);
  sls_override *all = sls_xcalloc((size_t)(ns + nk) + 1, sizeof *all);
  int loaded = 0, *ran = NULL;
  sls_ranks rk;
  if (start_ranks(&rk)) goto out;
  if (rk.size > 1 && task >= 0) {
    fprintf(stderr, "slsim: --task runs one task; under %d MPI ranks leave it out\n", rk.size);
    goto out;
  }
  /* Every point's scenario, validated before anything runs: the --set options, then the
   * point's values.  Ranks go on only if all of them could (a file may be missing on one
   * node): no rank is left waiting for one that stopped. */
  int valid = 1;
  for (int p = 0; p < st.n_points && valid; p++) {
    memcpy(all, sets, (size_t)ns * sizeof *all);
    for (int k = 0; k < nk; k++)
      all[ns + k] = (sls_override){st.vary_key[k], st.vary_value[p * nk + k]};
    valid = sls_scenario_load(argv[optind], all, ns + nk, &scen[p], err) == 0;
    if (!valid) {
      fprintf(stderr, "slsim: sweep point %d: %s\n", p, err);
      break;
    }
    loaded++;
    if (have_seed) scen[p].seed = seed;
  }
  if (!sls_ranks_all(&rk, valid)) goto out;
  if (list) {
    printf("task point rep seed");
    for (int k = 0; k < nk; k++)
      printf(" %s", st.vary_key[k]);
    printf("\n");
    for (int t = 0; t < st.n_points * reps; t++) {
      printf("%d %d %d %llu", t, t / reps, t % reps,
             (unsigned long long)sls_rep_seed(scen[0].seed, t % reps));
      for (int k = 0; k < nk; k++)
        printf(" %s", st.vary_value[(t / reps) * nk + k]);
      printf("\n");
    }
    rc = 0;
    goto out;
  }
  if (refuse_existing(&rk, out, force)) goto out;
  /* MPI rank r of N runs the tasks r, r + N, ... (one rank: all of them) */
  sls_study_run(&st, scen, scen[0].seed, jobs, task >= 0 ? task : rk.rank,
                task >= 0 ? task + 1 : st.n_points * reps, rk.size, NULL);
  ran = sls_xcalloc((size_t)rk.size, sizeof *ran);
  int written;
  rc = gather_and_write(&rk, &st, NULL, out, force, ran, &written, err);
  if (written && !quiet) {
    report_study(stdout, out, 0);
    print_ranks(&rk, ran, jobs);
    printf("\nwrote %s\n", out);
  }
out:
  sls_ranks_end(&rk);
  for (int p = 0; p < loaded; p++)
    sls_scenario_free(&scen[p]);
  free(ran);
  free(scen);
  free(all);
  free_sets(sets, ns);
  sls_study_free(&st);
  return rc;
}

/* validate: the oracles of src/validate, as a table and (with -o) as the Markdown report */
static int cmd_validate(int argc, char **argv) {
  static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                       {"jobs", required_argument, 0, 'j'},
                                       {"force", no_argument, 0, 'f'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *out = NULL;
  int c, jobs = 1, force = 0;
  while ((c = getopt_long(argc, argv, "o:fh", opts, NULL)) != -1) {
    if (c == 'o')
      out = optarg;
    else if (c == 'j') {
      if (parse_count(optarg, &jobs, 1024)) return bad("--jobs expects an integer in 1..1024");
    } else if (c == 'f')
      force = 1;
    else if (c == 'h') {
      fputs(usage, stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  if (optind != argc) return bad("validate: takes no file (the oracles are built in)");
  struct stat sb;
  if (out && !force && stat(out, &sb) == 0) {
    fprintf(stderr, "slsim: %s exists; use --force to overwrite it\n", out);
    return EXIT_INPUT;
  }
  char err[SLS_ERRLEN];
  sls_check_row *rows;
  int n = sls_validate_run(jobs, &rows, err);
  if (n < 0) {
    fprintf(stderr, "slsim: %s\n", err);
    return EXIT_RUN;
  }
  int passed = 0;
  printf("%-54s %12s %22s %4s  %s\n", "quantity", "analytical", "simulated (99.9 % CI)", "R", "");
  for (int i = 0; i < n; i++) {
    const sls_check_row *r = &rows[i];
    if (i == 0 || r->group != rows[i - 1].group) printf("%s\n", sls_validate_group(r->group)->title);
    char sim[64];
    if (r->reps > 1)
      snprintf(sim, sizeof sim, "%.5g +- %.2g", r->mean, r->half_width);
    else
      snprintf(sim, sizeof sim, "%.6g", r->mean);
    printf("  %-52s %12.6g %22s %4d  %s\n", r->quantity, r->analytical, sim, r->reps,
           r->pass ? "pass" : "FAIL");
    passed += r->pass;
  }
  printf("%d of %d pass\n", passed, n);
  int rc = 0;
  if (out) { /* a temporary name next to out, renamed when complete */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", out);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f) {
      sls_validate_markdown(f, rows, n);
      rc = ferror(f);
      rc |= fclose(f);
    }
    if (!f || rc || rename(tmp, out) != 0) {
      if (fd >= 0) remove(tmp);
      fprintf(stderr, "slsim: cannot write %s\n", out);
      free(rows);
      return EXIT_RUN;
    }
    printf("wrote %s\n", out);
  }
  free(rows);
  return passed == n ? 0 : EXIT_RUN;
}

/* merge: task files (or studies) of one sweep into one file */
static int cmd_merge(int argc, char **argv) {
  static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                       {"force", no_argument, 0, 'f'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *out = NULL;
  int c, force = 0, quiet = 0;
  while ((c = getopt_long(argc, argv, "o:fqh", opts, NULL)) != -1) {
    if (c == 'o')
      out = optarg;
    else if (c == 'f')
      force = 1;
    else if (c == 'q')
      quiet = 1;
    else if (c == 'h') {
      fputs(usage, stdout);
      return 0;
    } else
      return EXIT_INPUT;
  }
  if (!out) return bad("merge: expected -o OUT.h5");
  if (optind >= argc) return bad("merge: expected task files");
  sls_study st;
  memset(&st, 0, sizeof st);
  char err[SLS_ERRLEN];
  for (int i = optind; i < argc; i++)
    if (sls_h5_read_study(argv[i], &st, err)) {
      fprintf(stderr, "slsim: %s\n", err);
      sls_study_free(&st);
      return EXIT_INPUT;
    }
  int rc = sls_h5_write_study(out, force, NULL, &st, err);
  sls_study_free(&st);
  if (rc) {
    fprintf(stderr, "slsim: %s\n", err);
    return exit_for(rc);
  }
  if (!quiet) {
    report_study(stdout, out, 0);
    printf("\nwrote %s\n", out);
  }
  return 0;
}

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  sls_h5_quiet();
  if (argc < 2) {
    fputs(usage, stderr);
    return EXIT_INPUT;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    fputs(usage, stdout);
    return 0;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
    printf("slsim %s (%s)\n", PACKAGE_VERSION, sls_ranks_library());
    return 0;
  }
  argc--;
  argv++;
  if (!strcmp(cmd, "run")) return cmd_run(argc, argv);
  if (!strcmp(cmd, "check")) return cmd_check(argc, argv);
  if (!strcmp(cmd, "report")) return cmd_report(argc, argv);
  if (!strcmp(cmd, "plot")) return cmd_plot(argc, argv);
  if (!strcmp(cmd, "sweep")) return cmd_sweep(argc, argv);
  if (!strcmp(cmd, "merge")) return cmd_merge(argc, argv);
  if (!strcmp(cmd, "validate")) return cmd_validate(argc, argv);
  fprintf(stderr, "slsim: unknown command '%s'\n\n%s", cmd, usage);
  return EXIT_INPUT;
}
