/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "io/h5.h"

#include <errno.h>
#include <gsl/gsl_version.h>
#include <hdf5.h>
#include <libconfig.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "engine/strmap.h"
#include "engine/util.h"
#include "io/publish.h"
#include "model/downstream.h"
#include "model/queue.h"
#include "model/timeline.h"
#include "study/study.h"

void sls_h5_quiet(void) {
  /* HDF5 would close every file again at exit, and crash on one whose close failed (a full
   * disk): slsim closes its own files, so HDF5 registers nothing at exit.  (Must come before
   * the library's first use; later calls do nothing.) */
  static int once; /* the first call is single-threaded: main, or a test's set-up */
  if (!once) H5dont_atexit();
  /* HDF5 keeps the blocks it frees on its own free lists, unbounded by default; 1 MB per kind is
   * plenty to reuse (10,000 functions written: 2 MB less at the peak). */
  if (!once) H5set_free_list_limits(1 << 20, 1 << 18, 1 << 20, 1 << 18, 1 << 20, 1 << 18);
  once = 1;
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/* ---- compound types (memory layout = file layout) ---- */

static hid_t str_type(size_t n) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, n);
  H5Tset_strpad(t, H5T_STR_NULLTERM);
  return t;
}

#define INS(T, f, h) H5Tinsert(t, #f, HOFFSET(T, f), h)

static hid_t fn_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_fn_row));
  hid_t sname = str_type(SLS_NAME_FIELD), s8 = str_type(8);
  INS(sls_fn_row, name, sname);
  INS(sls_fn_row, memory_mb, H5T_NATIVE_INT32);
  INS(sls_fn_row, arch, s8);
  hid_t u = H5T_NATIVE_UINT64, d = H5T_NATIVE_DOUBLE, i = H5T_NATIVE_INT64;
  INS(sls_fn_row, requests, u);
  INS(sls_fn_row, ok, u);
  INS(sls_fn_row, errors, u);
  INS(sls_fn_row, timeouts, u);
  INS(sls_fn_row, throttled, u);
  INS(sls_fn_row, throttles, u);
  INS(sls_fn_row, retries, u);
  INS(sls_fn_row, invocations, u);
  INS(sls_fn_row, cold_starts, u);
  INS(sls_fn_row, pc_invocations, u);
  INS(sls_fn_row, envs_created, u);
  INS(sls_fn_row, expired, u);
  INS(sls_fn_row, recycled, u);
  INS(sls_fn_row, cold_start_pct, d);
  INS(sls_fn_row, p50_ms, d);
  INS(sls_fn_row, p90_ms, d);
  INS(sls_fn_row, p95_ms, d);
  INS(sls_fn_row, p99_ms, d);
  INS(sls_fn_row, p999_ms, d);
  INS(sls_fn_row, max_ms, d);
  INS(sls_fn_row, mean_ms, d);
  INS(sls_fn_row, init_p50_ms, d);
  INS(sls_fn_row, init_p99_ms, d);
  INS(sls_fn_row, mean_concurrency, d);
  INS(sls_fn_row, peak_concurrency, d);
  INS(sls_fn_row, idle_gb_s, d);
  INS(sls_fn_row, provisioned, i);
  INS(sls_fn_row, reserved, i);
  INS(sls_fn_row, billed_gb_s, d);
  INS(sls_fn_row, cost_usd, d);
  INS(sls_fn_row, unfinished, u);
  INS(sls_fn_row, async_events, u);
  INS(sls_fn_row, async_ok, u);
  INS(sls_fn_row, async_failed, u);
  INS(sls_fn_row, async_expired, u);
  INS(sls_fn_row, async_retries, u);
  INS(sls_fn_row, async_p50_ms, d);
  INS(sls_fn_row, async_p99_ms, d);
  INS(sls_fn_row, batch_invocations, u);
  INS(sls_fn_row, inv_errors, u);
  INS(sls_fn_row, inv_timeouts, u);
  INS(sls_fn_row, invoked, u);
  INS(sls_fn_row, sent, u);
  INS(sls_fn_row, published, u);
  INS(sls_fn_row, put, u);
  INS(sls_fn_row, joined, u);
  INS(sls_fn_row, sync_calls, u);
  INS(sls_fn_row, sync_failed, u);
  INS(sls_fn_row, instance_concurrency, i);
  INS(sls_fn_row, mean_instances, d);
  INS(sls_fn_row, cold_waits, u);
  INS(sls_fn_row, cold_wait_pct, d);
  INS(sls_fn_row, queued, u);
  INS(sls_fn_row, queue_timeouts, u);
  INS(sls_fn_row, mean_idle, d);
  INS(sls_fn_row, latency_of_invocations, H5T_NATIVE_INT32);
  H5Tclose(sname);
  H5Tclose(s8);
  return t;
}

static hid_t queue_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_queue_row));
  hid_t sname = str_type(SLS_NAME_FIELD), s16 = str_type(16), u = H5T_NATIVE_UINT64, d = H5T_NATIVE_DOUBLE;
  INS(sls_queue_row, name, sname);
  INS(sls_queue_row, type, s16);
  INS(sls_queue_row, sent, u);
  INS(sls_queue_row, deleted, u);
  INS(sls_queue_row, to_dlq, u);
  INS(sls_queue_row, expired, u);
  INS(sls_queue_row, remaining, u);
  INS(sls_queue_row, received, u);
  INS(sls_queue_row, send_requests, u);
  INS(sls_queue_row, receive_requests, u);
  INS(sls_queue_row, empty_receives, u);
  INS(sls_queue_row, delete_requests, u);
  INS(sls_queue_row, e2e_p50_ms, d);
  INS(sls_queue_row, e2e_p90_ms, d);
  INS(sls_queue_row, e2e_p99_ms, d);
  INS(sls_queue_row, e2e_max_ms, d);
  INS(sls_queue_row, e2e_mean_ms, d);
  INS(sls_queue_row, wait_mean_ms, d);
  INS(sls_queue_row, wait_p99_ms, d);
  INS(sls_queue_row, waited_fraction, d);
  INS(sls_queue_row, first_sent_s, d);
  INS(sls_queue_row, drained_s, d);
  INS(sls_queue_row, drain_time_s, d);
  INS(sls_queue_row, mapping, sname);
  INS(sls_queue_row, batches, u);
  INS(sls_queue_row, failed_batches, u);
  INS(sls_queue_row, throttled_batches, u);
  INS(sls_queue_row, peak_mapping_concurrency, d);
  INS(sls_queue_row, peak_backlog, d);
  H5Tclose(sname);
  H5Tclose(s16);
  return t;
}

static hid_t source_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_source_row));
  hid_t sname = str_type(SLS_NAME_FIELD), u = H5T_NATIVE_UINT64;
  INS(sls_source_row, name, sname);
  INS(sls_source_row, target, sname);
  INS(sls_source_row, arrivals, u);
  INS(sls_source_row, invocations, u);
  INS(sls_source_row, cold_starts, u);
  INS(sls_source_row, gw_requests, u);
  INS(sls_source_row, cold_start_pct, H5T_NATIVE_DOUBLE);
  hid_t d = H5T_NATIVE_DOUBLE;
  INS(sls_source_row, roots, u);
  INS(sls_source_row, roots_ok, u);
  INS(sls_source_row, roots_failed, u);
  INS(sls_source_row, roots_dropped, u);
  INS(sls_source_row, roots_unfinished, u);
  INS(sls_source_row, response_p50_ms, d);
  INS(sls_source_row, response_p99_ms, d);
  INS(sls_source_row, response_mean_ms, d);
  INS(sls_source_row, completion_p50_ms, d);
  INS(sls_source_row, completion_p99_ms, d);
  INS(sls_source_row, completion_mean_ms, d);
  INS(sls_source_row, completion_max_ms, d);
  INS(sls_source_row, path_wait_ms, d);
  INS(sls_source_row, path_cold_ms, d);
  INS(sls_source_row, path_run_ms, d);
  INS(sls_source_row, path_downstream_ms, d);
  INS(sls_source_row, lambda_requests_per_root, d);
  INS(sls_source_row, gb_s_per_root, d);
  INS(sls_source_row, cost_per_root_usd, d);
  H5Tclose(sname);
  return t;
}

static hid_t topic_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_topic_row));
  hid_t sname = str_type(SLS_NAME_FIELD), u = H5T_NATIVE_UINT64;
  INS(sls_topic_row, name, sname);
  INS(sls_topic_row, published, u);
  INS(sls_topic_row, publish_requests, u);
  INS(sls_topic_row, deliveries, u);
  INS(sls_topic_row, unmatched, u);
  H5Tclose(sname);
  return t;
}

static hid_t bus_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_bus_row));
  hid_t sname = str_type(SLS_NAME_FIELD), u = H5T_NATIVE_UINT64;
  INS(sls_bus_row, name, sname);
  INS(sls_bus_row, put, u);
  INS(sls_bus_row, put_requests, u);
  INS(sls_bus_row, unmatched, u);
  INS(sls_bus_row, deliveries, u);
  INS(sls_bus_row, delivered, u);
  INS(sls_bus_row, attempts_failed, u);
  INS(sls_bus_row, retries, u);
  INS(sls_bus_row, to_dlq, u);
  INS(sls_bus_row, dropped, u);
  INS(sls_bus_row, api_calls, u);
  INS(sls_bus_row, pending, u);
  H5Tclose(sname);
  return t;
}

static hid_t join_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_join_row));
  hid_t sname = str_type(SLS_NAME_FIELD), u = H5T_NATIVE_UINT64;
  INS(sls_join_row, name, sname);
  INS(sls_join_row, target, sname);
  INS(sls_join_row, arrivals, u);
  INS(sls_join_row, fired, u);
  INS(sls_join_row, partial, u);
  INS(sls_join_row, timed_out, u);
  INS(sls_join_row, late, u);
  INS(sls_join_row, waiting, u);
  INS(sls_join_row, spread_p50_ms, H5T_NATIVE_DOUBLE);
  INS(sls_join_row, spread_p99_ms, H5T_NATIVE_DOUBLE);
  INS(sls_join_row, spread_mean_ms, H5T_NATIVE_DOUBLE);
  H5Tclose(sname);
  return t;
}

static hid_t machine_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_machine_row));
  hid_t sname = str_type(SLS_NAME_FIELD), s16 = str_type(16), u = H5T_NATIVE_UINT64, d = H5T_NATIVE_DOUBLE;
  INS(sls_machine_row, name, sname);
  INS(sls_machine_row, type, s16);
  INS(sls_machine_row, started, u);
  INS(sls_machine_row, start_throttled, u);
  INS(sls_machine_row, succeeded, u);
  INS(sls_machine_row, failed, u);
  INS(sls_machine_row, timed_out, u);
  INS(sls_machine_row, compensated, u);
  INS(sls_machine_row, running, u);
  INS(sls_machine_row, latency_p50_ms, d);
  INS(sls_machine_row, latency_p99_ms, d);
  INS(sls_machine_row, latency_mean_ms, d);
  INS(sls_machine_row, latency_max_ms, d);
  INS(sls_machine_row, transitions_per_execution, d);
  INS(sls_machine_row, transitions_delayed, u);
  INS(sls_machine_row, tasks, u);
  INS(sls_machine_row, task_errors, u);
  INS(sls_machine_row, task_timeouts, u);
  INS(sls_machine_row, task_throttles, u);
  INS(sls_machine_row, history_failed, u);
  INS(sls_machine_row, sfn_usd_per_execution, d);
  H5Tclose(sname);
  H5Tclose(s16);
  return t;
}

static hid_t state_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_state_row));
  hid_t sname = str_type(SLS_NAME_FIELD), s16 = str_type(16), u = H5T_NATIVE_UINT64, d = H5T_NATIVE_DOUBLE;
  INS(sls_state_row, machine, sname);
  INS(sls_state_row, name, sname);
  INS(sls_state_row, type, s16);
  INS(sls_state_row, entered, u);
  INS(sls_state_row, retries, u);
  INS(sls_state_row, caught, u);
  INS(sls_state_row, failed, u);
  INS(sls_state_row, mean_ms, d);
  INS(sls_state_row, slowest_branch, sname);
  INS(sls_state_row, slowest_share, d);
  INS(sls_state_row, spread_ms, d);
  H5Tclose(sname);
  H5Tclose(s16);
  return t;
}

static hid_t ds_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_ds_row));
  hid_t sname = str_type(SLS_NAME_FIELD), s16 = str_type(16), u = H5T_NATIVE_UINT64, d = H5T_NATIVE_DOUBLE;
  INS(sls_ds_row, name, sname);
  INS(sls_ds_row, mode, s16);
  INS(sls_ds_row, calls, u);
  INS(sls_ds_row, failed_calls, u);
  INS(sls_ds_row, refusals, u);
  INS(sls_ds_row, collapses, u);
  INS(sls_ds_row, down_s, d);
  INS(sls_ds_row, peak_connections, d);
  INS(sls_ds_row, peak_active_calls, d);
  INS(sls_ds_row, mean_connections, d);
  INS(sls_ds_row, outage_s, d);
  INS(sls_ds_row, api_calls, u);
  INS(sls_ds_row, api_failed, u);
  H5Tclose(sname);
  H5Tclose(s16);
  return t;
}

static hid_t cap_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_cap_row));
  hid_t sname = str_type(SLS_NAME_FIELD), s32 = str_type(32), u = H5T_NATIVE_UINT64, d = H5T_NATIVE_DOUBLE;
  INS(sls_cap_row, name, sname);
  INS(sls_cap_row, instance_type, s32);
  INS(sls_cap_row, vcpu, d);
  INS(sls_cap_row, memory_gb, d);
  INS(sls_cap_row, usd_per_hour, d);
  INS(sls_cap_row, min_instances, d);
  INS(sls_cap_row, max_vcpus, d);
  INS(sls_cap_row, mean_instances, d);
  INS(sls_cap_row, peak_instances, d);
  INS(sls_cap_row, instance_hours, d);
  INS(sls_cap_row, launches, u);
  INS(sls_cap_row, terminations, u);
  INS(sls_cap_row, environments, u);
  INS(sls_cap_row, refused, u);
  H5Tclose(sname);
  H5Tclose(s32);
  return t;
}

static hid_t cost_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_cost_line));
  hid_t s24 = str_type(24), s40 = str_type(40), sname = str_type(SLS_NAME_FIELD), s16 = str_type(16),
        s12 = str_type(12);
  INS(sls_cost_line, service, s24);
  INS(sls_cost_line, item, s40);
  INS(sls_cost_line, entity, sname);
  INS(sls_cost_line, scope, s12);
  INS(sls_cost_line, sim_quantity, H5T_NATIVE_DOUBLE);
  INS(sls_cost_line, quantity, H5T_NATIVE_DOUBLE);
  INS(sls_cost_line, unit, s16);
  INS(sls_cost_line, unit_usd, H5T_NATIVE_DOUBLE);
  INS(sls_cost_line, usd, H5T_NATIVE_DOUBLE);
  H5Tclose(s24);
  H5Tclose(s40);
  H5Tclose(sname);
  H5Tclose(s16);
  H5Tclose(s12);
  return t;
}

static hid_t alt_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_alt_line));
  hid_t sname = str_type(SLS_NAME_FIELD), s16 = str_type(16), d = H5T_NATIVE_DOUBLE;
  INS(sls_alt_line, name, sname);
  INS(sls_alt_line, kind, s16);
  INS(sls_alt_line, sizing, s16);
  INS(sls_alt_line, load_unit, s16);
  INS(sls_alt_line, peak_load, d);
  INS(sls_alt_line, mean_load, d);
  INS(sls_alt_line, capacity, d);
  INS(sls_alt_line, instances, d);
  INS(sls_alt_line, max_instances, d);
  INS(sls_alt_line, instance_hours, d);
  INS(sls_alt_line, usd_per_hour, d);
  INS(sls_alt_line, usd, d);
  H5Tclose(sname);
  H5Tclose(s16);
  return t;
}

typedef struct bucket_row {
  int64_t lo_ns;    /* bucket lower bound */
  int64_t width_ns; /* bucket width */
  uint64_t count;
} bucket_row;

static hid_t bucket_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(bucket_row));
  INS(bucket_row, lo_ns, H5T_NATIVE_INT64);
  INS(bucket_row, width_ns, H5T_NATIVE_INT64);
  INS(bucket_row, count, H5T_NATIVE_UINT64);
  return t;
}

/* A time-series row: t_s then ncols named doubles. */
static hid_t ts_type(const char *const *names, int ncols) {
  hid_t t = H5Tcreate(H5T_COMPOUND, (size_t)(1 + ncols) * sizeof(double));
  H5Tinsert(t, "t_s", 0, H5T_NATIVE_DOUBLE);
  for (int c = 0; c < ncols; c++)
    H5Tinsert(t, names[c], (size_t)(c + 1) * sizeof(double), H5T_NATIVE_DOUBLE);
  return t;
}

/* ---- writing ---- */

/*
 * In memory a row's strings are fixed-size fields (rows are copied whole: between ranks, into
 * a study); in the file they are variable-length strings, which readers (h5py, pandas, R) see
 * as plain strings and which hold a name of any length.  A vl_layout is a row type with each
 * fixed-length string member replaced by a char * (the members in the same order, laid out
 * anew), and where each member comes from and goes to.
 */
typedef struct vl_layout {
  hid_t type;  /* the row type with variable-length strings (memory) */
  size_t size; /* its row size */
  int n;       /* members */
  size_t *from, *to, *bytes;
  char *is_str;
} vl_layout;

static void vl_free(vl_layout *v) {
  if (v->type >= 0) H5Tclose(v->type);
  free(v->from);
  free(v->to);
  free(v->bytes);
  free(v->is_str);
}

/* The variable-length form of the compound row type `fixed`. */
static void vl_make(hid_t fixed, vl_layout *v) {
  int n = H5Tget_nmembers(fixed);
  v->n = n > 0 ? n : 0;
  v->from = sls_xcalloc((size_t)v->n + 1, sizeof *v->from);
  v->to = sls_xcalloc((size_t)v->n + 1, sizeof *v->to);
  v->bytes = sls_xcalloc((size_t)v->n + 1, sizeof *v->bytes);
  v->is_str = sls_xcalloc((size_t)v->n + 1, 1);
  hid_t vstr = H5Tcopy(H5T_C_S1);
  H5Tset_size(vstr, H5T_VARIABLE);
  hid_t *mt = sls_xcalloc((size_t)v->n + 1, sizeof *mt);
  size_t at = 0;
  for (int k = 0; k < v->n; k++) {
    hid_t t = H5Tget_member_type(fixed, (unsigned)k);
    v->from[k] = H5Tget_member_offset(fixed, (unsigned)k);
    v->bytes[k] = H5Tget_size(t);
    v->is_str[k] = H5Tget_class(t) == H5T_STRING;
    size_t sz = v->is_str[k] ? sizeof(char *) : v->bytes[k];
    size_t al = sz >= 8 ? 8 : sz >= 4 ? 4 : sz >= 2 ? 2 : 1;
    at = (at + al - 1) / al * al;
    v->to[k] = at;
    at += sz;
    mt[k] = v->is_str[k] ? H5Tcopy(vstr) : t;
    if (v->is_str[k]) H5Tclose(t);
  }
  v->size = (at + 7) / 8 * 8;
  v->type = H5Tcreate(H5T_COMPOUND, v->size ? v->size : 8);
  for (int k = 0; k < v->n; k++) {
    char *name = H5Tget_member_name(fixed, (unsigned)k);
    H5Tinsert(v->type, name, v->to[k], mt[k]);
    H5free_memory(name);
    H5Tclose(mt[k]);
  }
  free(mt);
  H5Tclose(vstr);
}

/* What a column measures, from its name (docs/hdf5-layout.md: units): the unit it ends in
 * (engine/text.h), else a share or ratio by name; integers otherwise count things. */
static const char *unit_of(const char *col, int integer) {
  const char *u = sls_unit_suffix(col, NULL);
  if (u) return u;
  static const struct {
    const char *suffix, *unit;
  } by_suffix[] = {{"fraction", "fraction"},
                   {"share", "fraction"},
                   {"factor", "ratio"},
                   {"_per_root", "count"},
                   {"_per_execution", "count"}};
  size_t n = strlen(col);
  for (size_t k = 0; k < sizeof by_suffix / sizeof *by_suffix; k++) {
    size_t m = strlen(by_suffix[k].suffix);
    if (n >= m && !strcmp(col + n - m, by_suffix[k].suffix)) return by_suffix[k].unit;
  }
  static const struct {
    const char *name, *unit;
  } by_name[] = {{"seed", ""},
                 {"point", "index"},
                 {"rep", "index"},
                 {"task", "index"},
                 {"conserved", "0/1"},
                 {"provisioned", "environments"},
                 {"reserved", "environments"}};
  for (size_t k = 0; k < sizeof by_name / sizeof *by_name; k++)
    if (!strcmp(col, by_name[k].name)) return by_name[k].unit;
  if (strstr(col, "concurrency")) return "environments";
  if (strstr(col, "connections")) return "connections";
  if (strstr(col, "calls") || strstr(col, "instances")) return "count";
  return integer ? "count" : "";
}

/* The attribute `units` of a table: one string per column (text columns ""), so a reader
 * needs no document to know that p99_ms is in milliseconds. */
static int write_units(hid_t ds, hid_t type) {
  int n = H5Tget_nmembers(type);
  if (n <= 0) return 0;
  const char **u = sls_xcalloc((size_t)n, sizeof *u);
  for (int k = 0; k < n; k++) {
    char *name = H5Tget_member_name(type, (unsigned)k);
    H5T_class_t c = H5Tget_member_class(type, (unsigned)k);
    u[k] = c == H5T_STRING ? "" : name ? unit_of(name, c == H5T_INTEGER) : "";
    H5free_memory(name);
  }
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  hsize_t dim = (hsize_t)n;
  hid_t sp = H5Screate_simple(1, &dim, NULL);
  hid_t a = H5Acreate2(ds, "units", t, sp, H5P_DEFAULT, H5P_DEFAULT);
  int rc = a < 0 ? -1 : H5Awrite(a, t, u);
  if (a >= 0) H5Aclose(a);
  H5Sclose(sp);
  H5Tclose(t);
  free(u);
  return rc < 0 ? -1 : 0;
}

#define TABLE_CHUNK 1024

/* n rows of the compound type `type` as the 1-D table `name` of loc: fixed-length strings
 * become variable-length ones (vl_layout), padding is packed away, and the columns' units go in
 * the attribute `units`. */
static int write_table(hid_t loc, const char *name, hid_t type, const void *rows, hsize_t n) {
  vl_layout v;
  vl_make(type, &v);
  hid_t ft = H5Tcopy(v.type);
  H5Tpack(ft);
  hid_t sp = H5Screate_simple(1, &n, NULL);
  hid_t ds = H5Dcreate2(loc, name, ft, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  int rc = ds < 0 ? -1 : 0;
  /* converted and written TABLE_CHUNK rows at a time: a table of 100,000 rows does not need a
   * second copy of itself in memory */
  hsize_t chunk = n < TABLE_CHUNK ? n : TABLE_CHUNK;
  char *buf = sls_xcalloc(chunk ? (size_t)chunk : 1, v.size);
  size_t row_size = H5Tget_size(type);
  for (hsize_t at = 0; rc >= 0 && at < n; at += chunk) {
    hsize_t m = n - at < chunk ? n - at : chunk;
    for (hsize_t i = 0; i < m; i++) {
      const char *row = (const char *)rows + (size_t)(at + i) * row_size;
      char *out = buf + (size_t)i * v.size;
      for (int k = 0; k < v.n; k++) {
        if (v.is_str[k]) {
          const char *s = row + v.from[k];
          if (!memchr(s, 0, v.bytes[k])) s = ""; /* never: fields are written terminated */
          memcpy(out + v.to[k], &s, sizeof s);
        } else
          memcpy(out + v.to[k], row + v.from[k], v.bytes[k]);
      }
    }
    hid_t ms = H5Screate_simple(1, &m, NULL);
    rc = H5Sselect_hyperslab(sp, H5S_SELECT_SET, &at, NULL, &m, NULL);
    if (rc >= 0) rc = H5Dwrite(ds, v.type, ms, sp, H5P_DEFAULT, buf);
    H5Sclose(ms);
  }
  if (ds >= 0 && rc >= 0) rc = write_units(ds, type);
  if (ds >= 0) H5Dclose(ds);
  H5Sclose(sp);
  H5Tclose(ft);
  free(buf);
  vl_free(&v);
  return rc < 0 ? -1 : 0;
}

static int attr_str(hid_t loc, const char *name, const char *v) {
  hid_t t = str_type(strlen(v) + 1);
  hid_t sp = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
  int rc = a < 0 ? -1 : H5Awrite(a, t, v);
  if (a >= 0) H5Aclose(a);
  H5Sclose(sp);
  H5Tclose(t);
  return rc < 0 ? -1 : 0;
}

/* A string of any length as a scalar dataset (an attribute stops at 64 KB). */
static int dataset_str(hid_t loc, const char *name, const char *v) {
  hid_t t = str_type(strlen(v) + 1);
  hid_t sp = H5Screate(H5S_SCALAR);
  hid_t ds = H5Dcreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  int rc = ds < 0 ? -1 : H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
  if (ds >= 0) H5Dclose(ds);
  H5Sclose(sp);
  H5Tclose(t);
  return rc < 0 ? -1 : 0;
}

/* What it takes to run it again: the scenario's text (includes expanded), the --set overrides,
 * the command line. */
static int write_inputs(hid_t file, const sls_scenario *sc) {
  int rc = dataset_str(file, "scenario_text", sc->text ? sc->text : "");
  rc |= dataset_str(file, "overrides", sc->overrides ? sc->overrides : "");
  rc |= dataset_str(file, "command_line", sc->invocation ? sc->invocation : "");
  rc |= dataset_str(file, "model_files", sc->model_files ? sc->model_files : "");
  char lib[256];
  sls_h5_libraries(lib, sizeof lib);
  rc |= attr_str(file, "libraries", lib);
  return rc;
}

void sls_h5_libraries(char *out, size_t n) {
  unsigned maj = 0, min = 0, rel = 0;
  H5get_libversion(&maj, &min, &rel);
  snprintf(out, n, "GSL %s, HDF5 %u.%u.%u, libconfig %d.%d.%d, %s %s", gsl_version, maj, min, rel,
           LIBCONFIG_VER_MAJOR, LIBCONFIG_VER_MINOR, LIBCONFIG_VER_REVISION,
#if defined(__clang__)
           "clang",
#elif defined(__GNUC__)
           "gcc",
#else
           "cc",
#endif
#ifdef __VERSION__
           __VERSION__
#else
           ""
#endif
  );
}

static int attr_num(hid_t loc, const char *name, hid_t type, const void *v) {
  hid_t sp = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(loc, name, type, sp, H5P_DEFAULT, H5P_DEFAULT);
  int rc = a < 0 ? -1 : H5Awrite(a, type, v);
  if (a >= 0) H5Aclose(a);
  H5Sclose(sp);
  return rc < 0 ? -1 : 0;
}

static int write_hist(hid_t g, const char *name, const sls_hist *h) {
  size_t n = 0;
  for (int b = sls_hist_next(h, 0); b < SLS_HIST_NBUCKETS; b = sls_hist_next(h, b + 1))
    n++;
  bucket_row *rows = sls_xcalloc(n ? n : 1, sizeof *rows);
  size_t k = 0;
  for (int b = sls_hist_next(h, 0); b < SLS_HIST_NBUCKETS; b = sls_hist_next(h, b + 1)) {
    rows[k].lo_ns = sls_hist_bucket_lo(b);
    rows[k].width_ns = sls_hist_bucket_width(b);
    rows[k].count = sls_hist_count(h, b);
    k++;
  }
  hid_t t = bucket_type();
  int rc = write_table(g, name, t, rows, n);
  H5Tclose(t);
  free(rows);
  if (rc) return -1;
  hid_t ds = H5Dopen2(g, name, H5P_DEFAULT);
  int64_t mn = h->n ? h->min : 0, sub = SLS_HIST_SUB;
  rc |= attr_num(ds, "n", H5T_NATIVE_UINT64, &h->n);
  rc |= attr_num(ds, "sum_ns", H5T_NATIVE_DOUBLE, &h->sum);
  rc |= attr_num(ds, "min_ns", H5T_NATIVE_INT64, &mn);
  rc |= attr_num(ds, "max_ns", H5T_NATIVE_INT64, &h->max);
  rc |= attr_num(ds, "sub_buckets", H5T_NATIVE_INT64, &sub);
  H5Dclose(ds);
  return rc ? -1 : 0;
}

/* Writes an n_samples x ncols series (row k ends at (k+1) x interval) as a table, a few thousand
 * rows at a time (read back from the series' file when it has one): writing takes no memory in
 * proportion to the span. */
static int write_ts(hid_t loc, const char *name, const char *const *names, int ncols, sls_series *s,
                    const sls_world *w) {
  enum { ROWS = 4096 };
  const sls_scenario *sc = w->sc;
  hsize_t n = (hsize_t)w->n_samples;
  size_t width = (size_t)(1 + ncols);
  hid_t t = ts_type(names, ncols), sp = H5Screate_simple(1, &n, NULL);
  hid_t ds = H5Dcreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  double *buf = sls_xcalloc(ROWS * width, sizeof *buf);
  herr_t rc = ds < 0 ? -1 : 0;
  for (size_t k0 = 0; rc >= 0 && k0 < w->n_samples; k0 += ROWS) {
    size_t m = w->n_samples - k0 < ROWS ? w->n_samples - k0 : ROWS;
    for (size_t i = 0; i < m; i++) {
      sls_time end = (sls_time)(k0 + i + 1) * sc->sample_interval;
      buf[i * width] = sls_time_to_s(end < sc->duration ? end : sc->duration);
      memcpy(&buf[i * width + 1], sls_series_get(s, k0 + i), (size_t)ncols * sizeof *buf);
    }
    hsize_t start = k0, count = m;
    hid_t ms = H5Screate_simple(1, &count, NULL);
    rc = H5Sselect_hyperslab(sp, H5S_SELECT_SET, &start, NULL, &count, NULL);
    if (rc >= 0) rc = H5Dwrite(ds, t, ms, sp, H5P_DEFAULT, buf);
    H5Sclose(ms);
  }
  sls_series_release(s);
  if (ds >= 0 && rc >= 0) rc = write_units(ds, t);
  if (ds >= 0) H5Dclose(ds);
  H5Sclose(sp);
  H5Tclose(t);
  free(buf);
  return rc < 0 ? -1 : 0;
}

/* /summary/NAME: n rows of the compound type made by type_fn; frees rows. */
static int write_summary(hid_t file, const char *name, hid_t (*type_fn)(void), void *rows, int n) {
  hid_t g = H5Gopen2(file, "summary", H5P_DEFAULT), t = type_fn();
  int rc = write_table(g, name, t, rows, (hsize_t)n);
  H5Tclose(t);
  H5Gclose(g);
  free(rows);
  return rc;
}

/* /summary/queues, /summary/downstreams, /summary/capacity_providers, the time series of the first
 * two and the queues' latency. */
static int write_queues(hid_t file, const sls_world *w) {
  int rc = 0;
  if (w->n_queues) {
    sls_queue_row *rows = sls_xcalloc((size_t)w->n_queues, sizeof *rows);
    for (int i = 0; i < w->n_queues; i++)
      sls_row_queue(w, i, &rows[i]);
    rc |= write_summary(file, "queues", queue_row_type, rows, w->n_queues);
    hid_t gt = H5Gcreate2(file, "queue_timeseries", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t gl = H5Gcreate2(file, "queue_latency", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    for (int i = 0; i < w->n_queues; i++) {
      rc |= write_ts(gt, w->queues[i].spec->name, sls_qts_names, SLS_QTS_NCOLS, w->queues[i].ts, w);
      rc |= write_hist(gl, w->queues[i].spec->name, &w->queues[i].st.e2e);
    }
    H5Gclose(gt);
    H5Gclose(gl);
  }
  if (w->n_downstreams) {
    sls_ds_row *rows = sls_xcalloc((size_t)w->n_downstreams, sizeof *rows);
    for (int i = 0; i < w->n_downstreams; i++)
      sls_row_downstream(w, i, &rows[i]);
    rc |= write_summary(file, "downstreams", ds_row_type, rows, w->n_downstreams);
    hid_t gt = H5Gcreate2(file, "downstream_timeseries", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    for (int i = 0; i < w->n_downstreams; i++)
      rc |= write_ts(gt, w->downstreams[i].spec->name, sls_dts_names, SLS_DTS_NCOLS, w->downstreams[i].ts, w);
    H5Gclose(gt);
  }
  if (w->n_caps) {
    sls_cap_row *rows = sls_xcalloc((size_t)w->n_caps, sizeof *rows);
    for (int i = 0; i < w->n_caps; i++)
      sls_row_capacity(w, i, &rows[i]);
    rc |= write_summary(file, "capacity_providers", cap_row_type, rows, w->n_caps);
  }
  return rc;
}

/* /summary/topics, buses, joins (when the scenario has them). */
static int write_graph(hid_t g, const sls_world *w) {
  int rc = 0;
  if (w->n_topics) {
    sls_topic_row *r = sls_xcalloc((size_t)w->n_topics, sizeof *r);
    for (int i = 0; i < w->n_topics; i++)
      sls_row_topic(w, i, &r[i]);
    hid_t t = topic_row_type();
    rc |= write_table(g, "topics", t, r, (hsize_t)w->n_topics);
    H5Tclose(t);
    free(r);
  }
  if (w->n_buses) {
    sls_bus_row *r = sls_xcalloc((size_t)w->n_buses, sizeof *r);
    for (int i = 0; i < w->n_buses; i++)
      sls_row_bus(w, i, &r[i]);
    hid_t t = bus_row_type();
    rc |= write_table(g, "buses", t, r, (hsize_t)w->n_buses);
    H5Tclose(t);
    free(r);
  }
  if (w->n_joins) {
    sls_join_row *r = sls_xcalloc((size_t)w->n_joins, sizeof *r);
    for (int i = 0; i < w->n_joins; i++)
      sls_row_join(w, i, &r[i]);
    hid_t t = join_row_type();
    rc |= write_table(g, "joins", t, r, (hsize_t)w->n_joins);
    H5Tclose(t);
    free(r);
  }
  if (w->n_machines) { /* the machines, and all their states in one table */
    sls_machine_row *r = sls_xcalloc((size_t)w->n_machines, sizeof *r);
    size_t ns = 0;
    for (int i = 0; i < w->n_machines; i++) {
      sls_row_machine(w, i, &r[i]);
      ns += (size_t)w->machines[i].spec->n_states;
    }
    hid_t t = machine_row_type();
    rc |= write_table(g, "machines", t, r, (hsize_t)w->n_machines);
    H5Tclose(t);
    free(r);
    sls_state_row *s = sls_xcalloc(ns, sizeof *s);
    ns = 0;
    for (int i = 0; i < w->n_machines; i++) {
      sls_row_states(w, i, s + ns);
      ns += (size_t)w->machines[i].spec->n_states;
    }
    t = state_row_type();
    rc |= write_table(g, "states", t, s, (hsize_t)ns);
    H5Tclose(t);
    free(s);
  }
  return rc;
}

static int write_all(hid_t file, const sls_world *w) {
  const sls_scenario *sc = w->sc;
  int rc = 0;
  char msg[SLS_ERRLEN] = "every request ended in exactly one outcome";
  int ok = sls_world_conserved(w, msg);
  rc |= attr_str(file, "slsim_version", PACKAGE_VERSION);
  rc |= attr_str(file, "scenario_name", sc->name);
  rc |= attr_str(file, "scenario_path", sc->path);
  rc |= write_inputs(file, sc);
  rc |= attr_str(file, "status", ok ? "ok" : "conservation-violated");
  rc |= attr_str(file, "conservation", msg);
  uint64_t seed = w->sc->seed, ev = w->sim.n_events, pp = w->sim.peak_pending;
  double dur = sls_time_to_s(sc->duration), si = sls_time_to_s(sc->sample_interval), wall = w->wall_s;
  rc |= attr_num(file, "seed", H5T_NATIVE_UINT64, &seed);
  rc |= attr_num(file, "duration_s", H5T_NATIVE_DOUBLE, &dur);
  rc |= attr_num(file, "sample_interval_s", H5T_NATIVE_DOUBLE, &si);
  rc |= attr_num(file, "wall_s", H5T_NATIVE_DOUBLE, &wall);
  rc |= attr_num(file, "events", H5T_NATIVE_UINT64, &ev);
  rc |= attr_num(file, "peak_pending_events", H5T_NATIVE_UINT64, &pp);

  if (w->timeline) { /* the changes made over time: t_s event phase entity value */
    static const char *const cols[] = {"event", "phase", "entity", "value"};
    const sls_timeline *tl = w->timeline;
    double *d = sls_xcalloc(tl->n_log * 5 + 1, sizeof *d);
    for (size_t i = 0; i < tl->n_log; i++) {
      const sls_change *c = &tl->log[i];
      double *r = d + 5 * i;
      r[0] = c->t_s, r[1] = c->event, r[2] = c->phase, r[3] = c->entity, r[4] = c->value;
    }
    hid_t tg = H5Gcreate2(file, "timeline", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t ct = ts_type(cols, 4);
    rc |= tg < 0 || write_table(tg, "changes", ct, d, (hsize_t)tl->n_log);
    H5Tclose(ct);
    if (tg >= 0) H5Gclose(tg);
    free(d);
  }
  sls_cost_line *lines = NULL;
  int nl = sls_cost_compute(w, &lines);
  hid_t t = cost_type();
  rc |= write_table(file, "cost", t, lines, (hsize_t)nl);
  H5Tclose(t);
  double factor = sls_cost_month_factor(w);
  double span = sls_time_to_s((w->billed_span > sc->duration ? w->billed_span : sc->duration) - sc->warmup);
  double warmup = sls_time_to_s(sc->warmup);
  rc |= attr_num(file, "warmup_s", H5T_NATIVE_DOUBLE, &warmup);
  rc |= attr_num(file, "bill_month_factor", H5T_NATIVE_DOUBLE, &factor);
  rc |= attr_str(file, "bill_period", sc->bill_period == SLS_BILL_PERIOD_SPAN ? "span" : "month");
  rc |= attr_num(file, "billed_span_s", H5T_NATIVE_DOUBLE, &span);
  rc |= attr_str(file, "pricing", sc->price.name);
  rc |= attr_str(file, "pricing_date", sc->price.date);
  rc |= attr_num(file, "free_tier", H5T_NATIVE_INT, &sc->price.free_tier);
  sls_alt_line *alts = NULL;
  int na = sls_cost_alternatives(w, &alts);
  t = alt_type();
  rc |= write_table(file, "cost_alternatives", t, alts, (hsize_t)na);
  H5Tclose(t);
  free(alts);
  hid_t g = H5Gcreate2(file, "summary", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  sls_fn_cost *costs = sls_rows_costs(w, lines, nl);
  free(lines); /* its memory back before the rows are made (the peak of a run of many functions
                  was here) */
  sls_fn_row *rows = sls_xcalloc((size_t)w->n_functions, sizeof *rows);
  sls_rows_functions(w, costs, rows);
  free(costs);
  t = fn_row_type();
  rc |= write_table(g, "functions", t, rows, (hsize_t)w->n_functions);
  H5Tclose(t);
  free(rows);
  sls_source_row *srows = sls_xcalloc((size_t)w->n_sources + 1, sizeof *srows);
  for (int i = 0; i < w->n_sources; i++)
    sls_row_source(w, i, &srows[i]);
  t = source_row_type();
  rc |= write_table(g, "sources", t, srows, (hsize_t)w->n_sources);
  H5Tclose(t);
  free(srows);
  rc |= write_graph(g, w);
  H5Gclose(g);

  hid_t gl = H5Gcreate2(file, "latency", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t gi = H5Gcreate2(file, "init_latency", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t ga = H5Gcreate2(file, "async_latency", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t gt = H5Gcreate2(file, "timeseries", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  for (int i = 0; i < w->n_functions; i++) {
    const sls_function *f = &w->functions[i];
    rc |= write_hist(gl, f->spec->name, &f->st.latency);
    rc |= write_hist(gi, f->spec->name, &f->st.init_latency);
    rc |= write_hist(ga, f->spec->name, &f->st.async_latency);
    rc |= write_ts(gt, f->spec->name, sls_ts_names, SLS_TS_NCOLS, f->ts, w);
    hid_t ds = H5Dopen2(gt, f->spec->name, H5P_DEFAULT);
    if (ds >= 0) {
      int64_t pc = f->spec->provisioned;
      rc |= attr_num(ds, "provisioned", H5T_NATIVE_INT64, &pc);
      H5Dclose(ds);
    }
  }
  H5Gclose(gl);
  H5Gclose(gi);
  H5Gclose(ga);
  H5Gclose(gt);
  /* each source's root requests: response and completion latency */
  hid_t gr = H5Gcreate2(file, "response_latency", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t gc = H5Gcreate2(file, "completion_latency", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  for (int i = 0; i < w->n_sources; i++) {
    const sls_source *src = &w->sources[i];
    char path[512];
    if (src->fn_latency_mine && !src->same.n && !src->response_only.n && !src->completion_only.n &&
        snprintf(path, sizeof path, "/latency/%s", src->fn->spec->name) < (int)sizeof path) {
      /* its roots are its function's requests: both are that histogram (not a copy: with a
       * source per function they doubled the file) */
      rc |= H5Lcreate_soft(path, gr, src->spec->name, H5P_DEFAULT, H5P_DEFAULT) < 0;
      rc |= H5Lcreate_soft(path, gc, src->spec->name, H5P_DEFAULT, H5P_DEFAULT) < 0;
      continue;
    }
    sls_hist r, c;
    sls_source_latencies(src, &r, &c);
    rc |= write_hist(gr, src->spec->name, &r);
    rc |= write_hist(gc, src->spec->name, &c);
    sls_hist_destroy(&r);
    sls_hist_destroy(&c);
  }
  H5Gclose(gr);
  H5Gclose(gc);
  return rc | write_queues(file, w) ? -1 : 0;
}

/* What a file holds: a run at the root (w), a study (st), the scenario's inputs (sc, when there
 * is no run to take them from). */
typedef struct contents {
  const sls_world *w;
  const sls_scenario *sc;
  const sls_study *st;
} contents;

static int write_study(hid_t file, const sls_study *st);

static int write_contents(hid_t file, const contents *c) {
  int rc = 0;
  if (c->w)
    rc |= write_all(file, c->w);
  else {
    rc |= attr_str(file, "slsim_version", PACKAGE_VERSION);
    if (c->sc) rc |= write_inputs(file, c->sc) | attr_str(file, "scenario_name", c->sc->name);
  }
  if (c->st) rc |= write_study(file, c->st);
  return rc;
}

/* HDF5 reports a failed write(2) on its error stack as "... errno = N, ..."; the first such N. */
static herr_t find_errno(unsigned n, const H5E_error2_t *e, void *ctx) {
  (void)n;
  const char *at = e->desc ? strstr(e->desc, "errno = ") : NULL;
  if (at && *(int *)ctx == 0) *(int *)ctx = atoi(at + 8);
  return 0;
}

/* Writes c into the temporary file of pub and publishes it.  HDF5 reaches the disk only here:
 * a full disk shows as its errno, and the temporary file is removed. */
int sls_h5_publish(sls_publish *pub, const sls_world *w, const sls_scenario *sc, const sls_study *st,
                   char *err) {
  contents c = {w, sc, st};
  sls_h5_quiet();
  H5Eclear2(H5E_DEFAULT);
  errno = 0;
  /* The HDF5 1.8 file format: its groups index their links in a B-tree (the 1.6 format's symbol
   * tables make each new link cost in proportion to the group's size: a group of 100,000
   * functions' series took minutes).  Every reader since 2008 (h5py, pandas, R) opens it. */
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
  { /* The metadata cache grows to its 32 MB default while tens of thousands of datasets are
     * written, on top of the run's own memory at its peak (massif); 2 MB wrote 10,000 functions
     * as fast and 24 MB lighter.  Its size counts the objects' headers as stored, and held in
     * memory they take several times that: at 256 KB the heap in use while bench (c)'s 40,000
     * datasets are written peaks at 76 MB, not 88 (mallinfo2), in as much time (6.8 s) and a
     * file 4.5 KB larger; at 64 KB the write took 9.5 s for a file 7 % larger. */
    H5AC_cache_config_t mdc = {.version = H5AC__CURR_CACHE_CONFIG_VERSION};
    H5Pget_mdc_config(fapl, &mdc);
    mdc.set_initial_size = 1;
    mdc.initial_size = 1 << 18;
    mdc.max_size = 1 << 18;
    mdc.min_size = 1 << 17;
    H5Pset_mdc_config(fapl, &mdc);
  }
  hid_t file = H5Fcreate(pub->tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  int rc = file < 0 ? -1 : write_contents(file, &c);
  int e = errno;
  if (file >= 0 && H5Fclose(file) < 0) rc = -1;
  if (rc) {
    int he = 0;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, find_errno, &he);
    e = he ? he : e ? e : errno;
    sls_err(err, "%s: cannot write: %s", pub->out, e ? strerror(e) : "HDF5 error");
    sls_publish_abort(pub);
    return SLS_EIO;
  }
  return sls_publish_commit(pub, err);
}

static int write_to(const char *out, int force, const contents *c, char *err) {
  sls_publish pub;
  int rc = sls_publish_begin(&pub, out, force, err);
  return rc ? rc : sls_h5_publish(&pub, c->w, c->sc, c->st, err);
}

int sls_h5_write(const char *out, int force, const sls_world *w, char *err) {
  contents c = {w, NULL, NULL};
  return write_to(out, force, &c, err);
}

/* ---- reading ---- */

/* Opens attribute name of loc if it holds one element (what the readers read it into), else -1. */
static hid_t open_attr1(hid_t loc, const char *name) {
  if (H5Aexists(loc, name) <= 0) return -1;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) return -1;
  hid_t sp = H5Aget_space(a);
  hssize_t np = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
  if (sp >= 0) H5Sclose(sp);
  if (np != 1) {
    H5Aclose(a);
    return -1;
  }
  return a;
}

/* A string attribute into out (n bytes, always terminated; a longer string is cut). */
static int read_attr_str(hid_t loc, const char *name, char *out, size_t n) {
  out[0] = 0;
  hid_t a = open_attr1(loc, name);
  if (a < 0) return -1;
  hid_t mt = str_type(n);
  herr_t rc = H5Aread(a, mt, out);
  out[n - 1] = 0;
  if (rc < 0) out[0] = 0;
  H5Tclose(mt);
  H5Aclose(a);
  return rc < 0 ? -1 : 0;
}

static int read_attr_num(hid_t loc, const char *name, hid_t type, void *out) {
  hid_t a = open_attr1(loc, name);
  if (a < 0) return -1;
  herr_t rc = H5Aread(a, type, out);
  H5Aclose(a);
  return rc < 0 ? -1 : 0;
}

/* Rows a table may have when read: a result file can be edited by hand, so its sizes are
 * checked before they size an allocation (a 10^12-row dataset needs no storage in HDF5). */
#define MAX_READ_ROWS (INT64_C(1) << 31)
#define MAX_READ_BYTES (INT64_C(16) << 30)

/* 1 when the table ds has a variable-length string column (files before 0.9 have fixed ones). */
static int has_vl_strings(hid_t ds) {
  hid_t ft = H5Dget_type(ds);
  int n = ft >= 0 && H5Tget_class(ft) == H5T_COMPOUND ? H5Tget_nmembers(ft) : 0, vl = 0;
  for (int k = 0; k < n && !vl; k++) {
    hid_t t = H5Tget_member_type(ft, (unsigned)k);
    vl = t >= 0 && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) > 0;
    if (t >= 0) H5Tclose(t);
  }
  if (ft >= 0) H5Tclose(ft);
  return vl;
}

/* Reads the dims rows of ds, whose strings are variable-length, into the fixed rows of `type`
 * (a string longer than its field is cut; the memory HDF5 allocated for them is given back). */
static herr_t read_vl(hid_t ds, hid_t sp, hid_t type, size_t row_size, void *rows, size_t dims) {
  vl_layout v;
  vl_make(type, &v);
  char *buf = calloc(dims, v.size);
  herr_t rc = buf ? H5Dread(ds, v.type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : -1;
  for (size_t i = 0; rc >= 0 && i < dims; i++) {
    char *row = (char *)rows + i * row_size;
    const char *in = buf + i * v.size;
    for (int k = 0; k < v.n; k++) {
      if (!v.is_str[k]) {
        memcpy(row + v.from[k], in + v.to[k], v.bytes[k]);
        continue;
      }
      const char *s;
      memcpy(&s, in + v.to[k], sizeof s);
      snprintf(row + v.from[k], v.bytes[k], "%s", s ? s : "");
    }
  }
  if (buf && rc >= 0) H5Dvlen_reclaim(v.type, sp, H5P_DEFAULT, buf);
  free(buf);
  vl_free(&v);
  return rc;
}

/* Reads a 1-D compound dataset; rows are malloc'd (members the file lacks stay zero).  Returns
 * 0, -1 when it cannot be read, -2 when it is too large to read. */
static int read_table(hid_t loc, const char *name, hid_t type, size_t row_size, void **rows, int *n) {
  *rows = NULL;
  *n = 0;
  hid_t ds = H5Dopen2(loc, name, H5P_DEFAULT);
  if (ds < 0) return -1;
  hid_t sp = H5Dget_space(ds);
  hsize_t dims = 0;
  int rank = H5Sget_simple_extent_ndims(sp);
  int rc = rank == 1 && H5Sget_simple_extent_dims(sp, &dims, NULL) == 1 ? 0 : -1;
  if (!rc && (dims >= (hsize_t)MAX_READ_ROWS || dims > (hsize_t)MAX_READ_BYTES / row_size)) rc = -2;
  if (!rc) {
    *rows = calloc(dims ? dims : 1, row_size);
    if (!*rows) rc = -2;
  }
  if (!rc && dims &&
      (has_vl_strings(ds) ? read_vl(ds, sp, type, row_size, *rows, (size_t)dims)
                          : H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, *rows)) < 0)
    rc = -1;
  if (!rc) *n = (int)dims;
  H5Sclose(sp);
  H5Dclose(ds);
  if (rc) {
    free(*rows);
    *rows = NULL;
  }
  return rc;
}

static hid_t open_ro(const char *path, char *err) {
  sls_h5_quiet();
  struct stat st;
  if (stat(path, &st) != 0) {
    sls_err(err, "%s: %s", path, strerror(errno));
    return -1;
  }
  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) sls_err(err, "%s: not an HDF5 file", path);
  return f;
}

int sls_h5_read_summary(const char *path, sls_run_info *info, sls_fn_row **rows, int *n_rows,
                        sls_cost_line **lines, int *n_lines, char *err) {
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EIO;
  memset(info, 0, sizeof *info);
  int rc = 0;
  rc |= read_attr_str(f, "slsim_version", info->version, sizeof info->version);
  rc |= read_attr_str(f, "scenario_name", info->scenario, sizeof info->scenario);
  rc |= read_attr_str(f, "status", info->status, sizeof info->status);
  rc |= read_attr_str(f, "conservation", info->conservation, sizeof info->conservation);
  rc |= read_attr_num(f, "seed", H5T_NATIVE_UINT64, &info->seed);
  rc |= read_attr_num(f, "duration_s", H5T_NATIVE_DOUBLE, &info->duration_s);
  rc |= read_attr_num(f, "sample_interval_s", H5T_NATIVE_DOUBLE, &info->sample_interval_s);
  rc |= read_attr_num(f, "wall_s", H5T_NATIVE_DOUBLE, &info->wall_s);
  rc |= read_attr_num(f, "events", H5T_NATIVE_UINT64, &info->events);
  rc |= read_attr_num(f, "peak_pending_events", H5T_NATIVE_UINT64, &info->peak_pending);
  rc |= read_attr_num(f, "bill_month_factor", H5T_NATIVE_DOUBLE, &info->month_factor);
  if (read_attr_num(f, "billed_span_s", H5T_NATIVE_DOUBLE, &info->billed_span_s)) /* older files */
    info->billed_span_s = info->duration_s;
  rc |= read_attr_str(f, "pricing", info->pricing, sizeof info->pricing);
  rc |= read_attr_str(f, "pricing_date", info->pricing_date, sizeof info->pricing_date);
  rc |= read_attr_num(f, "free_tier", H5T_NATIVE_INT, &info->free_tier);
  char period[16] = "month"; /* older files: a month */
  read_attr_str(f, "bill_period", period, sizeof period);
  info->bill_span = !strcmp(period, "span");
  if (read_attr_num(f, "warmup_s", H5T_NATIVE_DOUBLE, &info->warmup_s)) info->warmup_s = 0; /* older files */
  hid_t t = fn_row_type();
  void *r = NULL, *l = NULL;
  rc |= read_table(f, "summary/functions", t, sizeof(sls_fn_row), &r, n_rows);
  H5Tclose(t);
  t = cost_type();
  rc |= read_table(f, "cost", t, sizeof(sls_cost_line), &l, n_lines);
  H5Tclose(t);
  H5Fclose(f);
  *rows = r;
  *lines = l;
  if (rc) {
    free(r);
    free(l);
    *rows = NULL;
    *lines = NULL;
    sls_err(err, "%s: not an slsim result (missing attributes or tables)", path);
    return SLS_EINPUT;
  }
  return 0;
}

char *sls_h5_read_text(const char *path, const char *name) {
  char err[SLS_ERRLEN];
  hid_t f = open_ro(path, err);
  if (f < 0) return NULL;
  char *out = NULL;
  hid_t ds = H5Lexists(f, name, H5P_DEFAULT) > 0 ? H5Dopen2(f, name, H5P_DEFAULT) : -1;
  hid_t t = ds >= 0 ? H5Dget_type(ds) : -1, sp = ds >= 0 ? H5Dget_space(ds) : -1;
  size_t n = t >= 0 && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) == 0 ? H5Tget_size(t) : 0;
  /* a scalar fixed-length string, as written (a hand-edited file may hold anything) */
  if (n && n < ((size_t)64 << 20) && sp >= 0 && H5Sget_simple_extent_type(sp) == H5S_SCALAR) {
    out = sls_xcalloc(n + 1, 1);
    hid_t mt = str_type(n + 1);
    if (H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0) {
      free(out);
      out = NULL;
    }
    H5Tclose(mt);
  }
  if (sp >= 0) H5Sclose(sp);
  if (t >= 0) H5Tclose(t);
  if (ds >= 0) H5Dclose(ds);
  H5Fclose(f);
  return out;
}

int sls_h5_read_attr(const char *path, const char *name, char *out, size_t n) {
  char err[SLS_ERRLEN];
  out[0] = 0;
  hid_t f = open_ro(path, err);
  if (f < 0) return -1;
  int rc = read_attr_str(f, name, out, n);
  H5Fclose(f);
  return rc;
}

int sls_h5_read_columns(const char *path, const char *group, const char *name, const char *const *cols,
                        int n_cols, double **data, int *n_rows, char *err) {
  *data = NULL;
  *n_rows = 0;
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EIO;
  /* the columns asked for, by name, whatever the file's order: t_s then cols */
  hid_t mt = H5Tcreate(H5T_COMPOUND, (size_t)(n_cols + 1) * sizeof(double));
  H5Tinsert(mt, "t_s", 0, H5T_NATIVE_DOUBLE);
  for (int c = 0; c < n_cols; c++)
    H5Tinsert(mt, cols[c], (size_t)(c + 1) * sizeof(double), H5T_NATIVE_DOUBLE);
  char dname[512];
  snprintf(dname, sizeof dname, "%s/%s", group, name);
  void *rows = NULL;
  int rc = H5Lexists(f, group, H5P_DEFAULT) > 0 && H5Lexists(f, dname, H5P_DEFAULT) > 0
               ? read_table(f, dname, mt, (size_t)(n_cols + 1) * sizeof(double), &rows, n_rows)
               : -3;
  H5Tclose(mt);
  H5Fclose(f);
  if (rc == -3)
    sls_err(err, "%s: no %s for %s", path, group, name);
  else if (rc == -2)
    sls_err(err, "%s: %s is too large to read", path, dname);
  else if (rc)
    sls_err(err, "%s: cannot read %s", path, dname);
  if (rc) return SLS_EINPUT;
  *data = rows;
  return 0;
}

int sls_h5_read_sources(const char *path, sls_source_row **rows, int *n, char *err) {
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EIO;
  void *r = NULL;
  *n = 0;
  hid_t t = source_row_type();
  int rc = read_table(f, "summary/sources", t, sizeof(sls_source_row), &r, n);
  H5Tclose(t);
  H5Fclose(f);
  *rows = r;
  if (rc) sls_err(err, "%s: no /summary/sources", path);
  return rc ? SLS_EINPUT : 0;
}

/* Reads the table name of an open file when it is there (rows of type() and size bytes:
 * malloc'd, *n of them), else none. */
static void read_optional(hid_t f, const char *name, hid_t (*type)(void), size_t size, void **rows, int *n) {
  *rows = NULL;
  *n = 0;
  if (H5Lexists(f, name, H5P_DEFAULT) <= 0) return;
  hid_t t = type();
  read_table(f, name, t, size, rows, n);
  H5Tclose(t);
}

int sls_h5_read_graph(const char *path, sls_topic_row **topics, int *nt, sls_bus_row **buses, int *nb,
                      sls_join_row **joins, int *nj, char *err) {
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EIO;
  void *t, *b, *j;
  read_optional(f, "summary/topics", topic_row_type, sizeof(sls_topic_row), &t, nt);
  read_optional(f, "summary/buses", bus_row_type, sizeof(sls_bus_row), &b, nb);
  read_optional(f, "summary/joins", join_row_type, sizeof(sls_join_row), &j, nj);
  H5Fclose(f);
  *topics = t;
  *buses = b;
  *joins = j;
  return 0;
}

int sls_h5_read_machines(const char *path, sls_machine_row **machines, int *nm, sls_state_row **states,
                         int *ns, char *err) {
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EIO;
  void *m, *s;
  read_optional(f, "summary/machines", machine_row_type, sizeof(sls_machine_row), &m, nm);
  read_optional(f, "summary/states", state_row_type, sizeof(sls_state_row), &s, ns);
  H5Fclose(f);
  *machines = m;
  *states = s;
  return 0;
}

int sls_h5_read_queues(const char *path, sls_queue_row **rows, int *n, sls_ds_row **drows, int *nd,
                       char *err) {
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EIO;
  void *r, *d;
  read_optional(f, "summary/queues", queue_row_type, sizeof(sls_queue_row), &r, n);
  read_optional(f, "summary/downstreams", ds_row_type, sizeof(sls_ds_row), &d, nd);
  H5Fclose(f);
  *rows = r;
  *drows = d;
  return 0;
}

int sls_h5_read_capacity(const char *path, sls_cap_row **rows, int *n, char *err) {
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EIO;
  void *r;
  read_optional(f, "summary/capacity_providers", cap_row_type, sizeof(sls_cap_row), &r, n);
  H5Fclose(f);
  *rows = r;
  return 0;
}

/* Reads the histogram dataset `name` of an open file. */
static int read_hist(hid_t f, const char *name, sls_hist *h) {
  hid_t t = bucket_type();
  void *rows = NULL;
  int n = 0;
  int rc = read_table(f, name, t, sizeof(bucket_row), &rows, &n);
  H5Tclose(t);
  hid_t ds = rc ? -1 : H5Dopen2(f, name, H5P_DEFAULT);
  sls_hist_init(h);
  if (ds >= 0) {
    read_attr_num(ds, "sum_ns", H5T_NATIVE_DOUBLE, &h->sum);
    read_attr_num(ds, "min_ns", H5T_NATIVE_INT64, &h->min);
    read_attr_num(ds, "max_ns", H5T_NATIVE_INT64, &h->max);
    H5Dclose(ds);
  }
  const bucket_row *b = rows;
  for (int i = 0; !rc && i < n; i++) {
    int k = sls_hist_bucket(b[i].lo_ns);
    sls_hist_add_count(h, k, b[i].count);
    h->n += b[i].count;
  }
  free(rows);
  return rc;
}

int sls_h5_read_latency(const char *path, const char *fn, const char *group, sls_hist *h, char *err) {
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EIO;
  char name[256];
  snprintf(name, sizeof name, "%s/%s", group, fn);
  int rc = read_hist(f, name, h);
  H5Fclose(f);
  if (rc) {
    sls_err(err, "%s: no %s histogram for function %s", path, group, fn);
    return SLS_EINPUT;
  }
  return 0;
}

int sls_h5_read_alternatives(const char *path, sls_alt_line **rows, int *n, char *err) {
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EIO;
  void *r = NULL;
  *n = 0;
  hid_t t = alt_type();
  int rc = H5Lexists(f, "cost_alternatives", H5P_DEFAULT) > 0
               ? read_table(f, "cost_alternatives", t, sizeof(sls_alt_line), &r, n)
               : 0;
  H5Tclose(t);
  H5Fclose(f);
  *rows = r;
  if (rc) sls_err(err, "%s: unreadable /cost_alternatives", path);
  return rc ? SLS_EIO : 0;
}

/* ---- studies: replications and sweeps ---- */

typedef struct study_run_row {
  int32_t task, point, rep, conserved, n_fn, n_queues, n_downstreams, n_sources;
  uint64_t seed;
  double bill_usd;
} study_run_row;

typedef struct study_vary_row {
  int32_t point;
  char key[SLS_VARY_KEY_FIELD];
  char value[SLS_NAME_FIELD];
} study_vary_row;

static hid_t run_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(study_run_row));
  INS(study_run_row, task, H5T_NATIVE_INT32);
  INS(study_run_row, point, H5T_NATIVE_INT32);
  INS(study_run_row, rep, H5T_NATIVE_INT32);
  INS(study_run_row, conserved, H5T_NATIVE_INT32);
  INS(study_run_row, n_fn, H5T_NATIVE_INT32);
  INS(study_run_row, n_queues, H5T_NATIVE_INT32);
  INS(study_run_row, n_downstreams, H5T_NATIVE_INT32);
  INS(study_run_row, n_sources, H5T_NATIVE_INT32);
  INS(study_run_row, seed, H5T_NATIVE_UINT64);
  INS(study_run_row, bill_usd, H5T_NATIVE_DOUBLE);
  return t;
}

static hid_t vary_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(study_vary_row));
  hid_t skey = str_type(SLS_VARY_KEY_FIELD), sname = str_type(SLS_NAME_FIELD);
  INS(study_vary_row, point, H5T_NATIVE_INT32);
  INS(study_vary_row, key, skey);
  INS(study_vary_row, value, sname);
  H5Tclose(skey);
  H5Tclose(sname);
  return t;
}

static hid_t ci_row_type(void) {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sls_ci_row));
  hid_t s12 = str_type(12), sname = str_type(SLS_NAME_FIELD), s32 = str_type(32), d = H5T_NATIVE_DOUBLE;
  INS(sls_ci_row, point, H5T_NATIVE_INT32);
  INS(sls_ci_row, kind, s12);
  INS(sls_ci_row, entity, sname);
  INS(sls_ci_row, metric, s32);
  INS(sls_ci_row, n, H5T_NATIVE_INT32);
  INS(sls_ci_row, mean, d);
  INS(sls_ci_row, half_width, d);
  INS(sls_ci_row, sd, d);
  INS(sls_ci_row, pooled, d);
  H5Tclose(s12);
  H5Tclose(sname);
  H5Tclose(s32);
  return t;
}

static int write_study(hid_t file, const sls_study *st) {
  int rc = 0;
  hid_t g = H5Gcreate2(file, "study", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  int32_t np = st->n_points, reps = st->reps, nv = st->n_vary;
  rc |= attr_num(g, "points", H5T_NATIVE_INT32, &np);
  rc |= attr_num(g, "replications", H5T_NATIVE_INT32, &reps);
  rc |= attr_num(g, "varied_keys", H5T_NATIVE_INT32, &nv);
  study_vary_row *vr = sls_xcalloc((size_t)(np * nv) + 1, sizeof *vr);
  for (int i = 0; i < np * nv; i++) {
    vr[i].point = i / nv;
    snprintf(vr[i].key, sizeof vr[i].key, "%s", st->vary_key[i % nv]);
    snprintf(vr[i].value, sizeof vr[i].value, "%s", st->vary_value[i]);
  }
  hid_t t = vary_row_type();
  rc |= write_table(g, "varied", t, vr, (hsize_t)(np * nv));
  H5Tclose(t);
  free(vr);
  /* the runs that are done, in task order; their function rows; their latency histograms */
  int nt = np * reps, nd = 0, nrows = 0, nq = 0, nds = 0, nsrc = 0;
  for (int i = 0; i < nt; i++)
    if (st->runs[i].done) {
      nd++;
      nrows += st->runs[i].n_fn;
      nq += st->runs[i].n_q;
      nds += st->runs[i].n_ds;
      nsrc += st->runs[i].n_src;
    }
  study_run_row *rr = sls_xcalloc((size_t)nd + 1, sizeof *rr);
  sls_fn_row *fr = sls_xcalloc((size_t)nrows + 1, sizeof *fr);
  sls_queue_row *qr = sls_xcalloc((size_t)nq + 1, sizeof *qr);
  sls_ds_row *dr = sls_xcalloc((size_t)nds + 1, sizeof *dr);
  sls_source_row *sr = sls_xcalloc((size_t)nsrc + 1, sizeof *sr);
  hid_t gl = H5Gcreate2(g, "latency", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  for (int i = 0, k = 0, m = 0, mq = 0, md = 0, ms = 0; i < nt; i++) {
    const sls_run_out *o = &st->runs[i];
    if (!o->done) continue;
    rr[k] = (study_run_row){i,      o->point, o->rep,   o->conserved, o->n_fn,
                            o->n_q, o->n_ds,  o->n_src, o->seed,      o->bill_usd};
    k++;
    for (int q = 0; q < o->n_src; q++)
      sr[ms++] = o->srows[q];
    for (int q = 0; q < o->n_q; q++)
      qr[mq++] = o->qrows[q];
    for (int q = 0; q < o->n_ds; q++)
      dr[md++] = o->drows[q];
    char name[64];
    snprintf(name, sizeof name, "%d", i);
    hid_t gt = H5Gcreate2(gl, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    for (int f = 0; f < o->n_fn; f++) {
      fr[m++] = o->rows[f];
      rc |= write_hist(gt, o->rows[f].name, &o->latency[f]);
    }
    H5Gclose(gt);
  }
  H5Gclose(gl);
  t = run_row_type();
  rc |= write_table(g, "runs", t, rr, (hsize_t)nd);
  H5Tclose(t);
  t = fn_row_type();
  rc |= write_table(g, "functions", t, fr, (hsize_t)nrows);
  H5Tclose(t);
  t = queue_row_type();
  rc |= write_table(g, "queues", t, qr, (hsize_t)nq);
  H5Tclose(t);
  t = ds_row_type();
  rc |= write_table(g, "downstreams", t, dr, (hsize_t)nds);
  H5Tclose(t);
  t = source_row_type();
  rc |= write_table(g, "sources", t, sr, (hsize_t)nsrc);
  H5Tclose(t);
  free(rr);
  free(fr);
  free(qr);
  free(dr);
  free(sr);
  sls_ci_row *ci = NULL;
  int nci = sls_study_ci(st, &ci);
  t = ci_row_type();
  rc |= write_table(g, "ci", t, ci, (hsize_t)nci);
  H5Tclose(t);
  free(ci);
  H5Gclose(g);
  return rc;
}

int sls_h5_write_study(const char *out, int force, const sls_world *w, const sls_scenario *sc,
                       const sls_study *st, char *err) {
  contents c = {w, sc, st};
  return write_to(out, force, &c, err);
}

int sls_h5_has_study(const char *path) {
  char err[SLS_ERRLEN];
  hid_t f = open_ro(path, err);
  if (f < 0) return 0;
  int yes = H5Lexists(f, "study", H5P_DEFAULT) > 0;
  H5Fclose(f);
  return yes;
}

int sls_h5_read_study(const char *path, sls_study *st, char *err) {
  hid_t f = open_ro(path, err);
  if (f < 0) return SLS_EINPUT;
  int fresh = st->runs == NULL; /* this file makes the grid: on failure it is freed again */
  int rc = 0;
  int32_t np = 0, reps = 0, nv = 0;
  hid_t g = H5Lexists(f, "study", H5P_DEFAULT) > 0 ? H5Gopen2(f, "study", H5P_DEFAULT) : -1;
  if (g < 0) {
    H5Fclose(f);
    sls_err(err, "%s: not a study (no /study: made by run --reps, sweep or merge)", path);
    return SLS_EINPUT;
  }
  rc |= read_attr_num(g, "points", H5T_NATIVE_INT32, &np);
  rc |= read_attr_num(g, "replications", H5T_NATIVE_INT32, &reps);
  rc |= read_attr_num(g, "varied_keys", H5T_NATIVE_INT32, &nv);
  void *vr = NULL, *rr = NULL, *fr = NULL, *qr = NULL, *dr = NULL, *sr = NULL;
  int nvr = 0, nrr = 0, nfr = 0, nqr = 0, ndr = 0, nsr = 0;
  hid_t t = vary_row_type();
  rc |= read_table(g, "varied", t, sizeof(study_vary_row), &vr, &nvr);
  H5Tclose(t);
  t = run_row_type();
  rc |= read_table(g, "runs", t, sizeof(study_run_row), &rr, &nrr);
  H5Tclose(t);
  t = fn_row_type();
  rc |= read_table(g, "functions", t, sizeof(sls_fn_row), &fr, &nfr);
  H5Tclose(t);
  t = queue_row_type();
  rc |= read_table(g, "queues", t, sizeof(sls_queue_row), &qr, &nqr);
  H5Tclose(t);
  t = ds_row_type();
  rc |= read_table(g, "downstreams", t, sizeof(sls_ds_row), &dr, &ndr);
  H5Tclose(t);
  t = source_row_type();
  rc |= read_table(g, "sources", t, sizeof(sls_source_row), &sr, &nsr);
  H5Tclose(t);
  /* a file can be edited by hand: every count is checked before it indexes anything */
  if (!rc && (np < 1 || reps < 1 || nv < 0 || nv > SLS_STUDY_MAX_VARY || np > SLS_STUDY_MAX_TASKS / reps ||
              nvr != np * nv))
    rc = -1;
  if (!rc && st->runs == NULL) { /* the first file sets the grid */
    study_vary_row *v = vr;
    char **keys = sls_xcalloc((size_t)nv + 1, sizeof *keys);
    char ***vals = sls_xcalloc((size_t)nv + 1, sizeof *vals);
    int *cnt = sls_xcalloc((size_t)nv + 1, sizeof *cnt);
    /* rebuild the grid from the points' values: the grid order is kept by sls_study_grid when
     * the values of each key are listed in order of first appearance */
    for (int k = 0; k < nv; k++) {
      keys[k] = v[k].key;
      vals[k] = sls_xcalloc((size_t)np + 1, sizeof *vals[k]);
      sls_strmap seen;
      sls_strmap_init(&seen, 16);
      for (int p = 0; p < np; p++) {
        char *x = v[p * nv + k].value;
        if (sls_strmap_put(&seen, x, cnt[k]) < 0) vals[k][cnt[k]++] = x;
      }
      sls_strmap_destroy(&seen);
    }
    if (sls_study_grid(st, nv, keys, vals, cnt, reps, NULL) == 0 && st->n_points != np) sls_study_free(st);
    for (int k = 0; k < nv; k++)
      free(vals[k]);
    free(vals);
    free(keys);
    free(cnt);
    if (!st->runs) rc = -1; /* the points are not the grid of their values */
    for (int i = 0; !rc && i < np * nv; i++)
      if (strcmp(st->vary_value[i], v[i].value) != 0) rc = -2;
  } else if (!rc) {
    if (st->n_points != np || st->reps != reps || st->n_vary != nv) rc = -2;
    const study_vary_row *v = vr;
    for (int i = 0; !rc && i < np * nv; i++)
      if (strcmp(st->vary_value[i], v[i].value) || strcmp(st->vary_key[i % nv], v[i].key)) rc = -2;
  }
  const study_run_row *r = rr;
  const sls_fn_row *rows = fr;
  const sls_queue_row *qrows = qr;
  const sls_ds_row *drows = dr;
  const sls_source_row *srows = sr;
  for (int i = 0, m = 0, mq = 0, md = 0, ms = 0; !rc && i < nrr; i++) {
    if (r[i].task < 0 || r[i].task >= np * reps || r[i].point != r[i].task / reps ||
        r[i].rep != r[i].task % reps || r[i].n_fn < 0 || r[i].n_fn > nfr - m || r[i].n_queues < 0 ||
        r[i].n_queues > nqr - mq || r[i].n_downstreams < 0 || r[i].n_downstreams > ndr - md ||
        r[i].n_sources < 0 || r[i].n_sources > nsr - ms) {
      rc = -1;
      break;
    }
    sls_run_out *o = &st->runs[r[i].task];
    if (o->done) { /* the same task in two files: must be the same run */
      if (o->seed != r[i].seed || o->bill_usd != r[i].bill_usd) rc = -3;
      m += r[i].n_fn;
      mq += r[i].n_queues;
      md += r[i].n_downstreams;
      ms += r[i].n_sources;
      continue;
    }
    o->n_q = r[i].n_queues;
    o->n_ds = r[i].n_downstreams;
    o->qrows = sls_xcalloc((size_t)o->n_q + 1, sizeof *o->qrows);
    o->drows = sls_xcalloc((size_t)o->n_ds + 1, sizeof *o->drows);
    for (int k = 0; k < o->n_q; k++)
      o->qrows[k] = qrows[mq++];
    for (int k = 0; k < o->n_ds; k++)
      o->drows[k] = drows[md++];
    o->n_src = r[i].n_sources;
    o->srows = sls_xcalloc((size_t)o->n_src + 1, sizeof *o->srows);
    for (int k = 0; k < o->n_src; k++)
      o->srows[k] = srows[ms++];
    o->point = r[i].point;
    o->rep = r[i].rep;
    o->seed = r[i].seed;
    o->conserved = r[i].conserved;
    o->bill_usd = r[i].bill_usd;
    o->n_fn = r[i].n_fn;
    o->rows = sls_xcalloc((size_t)o->n_fn + 1, sizeof *o->rows);
    o->latency = sls_xcalloc((size_t)o->n_fn + 1, sizeof *o->latency);
    for (int k = 0; k < o->n_fn; k++) {
      o->rows[k] = rows[m++];
      char name[256];
      snprintf(name, sizeof name, "latency/%d/%s", r[i].task, o->rows[k].name);
      if (read_hist(g, name, &o->latency[k])) rc = -1;
    }
    o->done = 1;
  }
  free(vr);
  free(rr);
  free(fr);
  free(qr);
  free(dr);
  free(sr);
  H5Gclose(g);
  H5Fclose(f);
  if (rc && fresh) sls_study_free(st);
  if (rc == -2)
    sls_err(err, "%s: a different study (points, replications or varied values differ)", path);
  else if (rc == -3)
    sls_err(err, "%s: a task also in another file with different results", path);
  else if (rc)
    sls_err(err, "%s: unreadable study tables", path);
  return rc ? SLS_EINPUT : 0;
}
