/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The account, functions and their runtimes (loader.h).  Plain keys are read by their schema
 * rows (scenario/schema.c); what is here is what a row cannot say: a default that is another
 * key's value, a bound that is another key's value, a distribution, a model to find.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/util.h"
#include "scenario/loader.h"

int sls_ld_account(sls_loader *ld, config_setting_t *root, sls_account_spec *a) {
  config_setting_t *g = config_setting_get_member(root, "account");
  config_setting_t *fb = sls_ld_plat_group(ld, "account");
  if (g && config_setting_type(g) != CONFIG_TYPE_GROUP)
    return sls_ld_fail(ld, g, "account", "expected a group");
  if (sls_ld_check_keys(ld, g, "account", &sls_schema_account, -1) ||
      sls_ld_check_keys(ld, fb, "account", &sls_schema_account, -1) ||
      sls_ld_read_keys(ld, g, fb, "account", &sls_schema_account, -1, a))
    return SLS_EINPUT;
  if (a->unreserved_min > a->concurrency_limit) {
    config_setting_t *s = sls_ld_lookup(g, fb, "unreserved_min");
    return sls_ld_fail(ld, s ? s : g, "account.unreserved_min",
                       "expected at most concurrency_limit (%lld), got %lld", (long long)a->concurrency_limit,
                       (long long)a->unreserved_min);
  }
  config_setting_t *sg = sls_ld_lookup(g, fb, "scaling");
  if (sg && config_setting_type(sg) != CONFIG_TYPE_GROUP)
    return sls_ld_fail(ld, sg, "account.scaling", "expected a group");
  if (sls_ld_check_keys(ld, sg, "account.scaling", &sls_schema_scaling, -1) ||
      sls_ld_read_keys(ld, sg, NULL, "account.scaling", &sls_schema_scaling, -1, a))
    return SLS_EINPUT;
  /* 2023: per function 1,000 per 10 s (capacity 1,000, refill 100/s); legacy: account-wide
   * Regional burst (3,000 in us-east-1) then +500 per minute [facts §1]. */
  a->burst = a->scaling == SLS_SCALING_LEGACY ? 3000 : 1000;
  a->refill_per_s = a->scaling == SLS_SCALING_LEGACY ? 500.0 / 60 : 100;
  const sls_key *refill = sls_schema_row(&sls_schema_scaling, "refill");
  if (sls_ld_row_num(ld, sg, NULL, "account.scaling", &sls_schema_scaling, "burst", &a->burst) ||
      sls_ld_rate(ld, sg, "account.scaling", "refill", refill->lo, refill->hi, 0, &a->refill_per_s))
    return SLS_EINPUT;
  a->refill_non_http_per_s = a->refill_per_s;
  return sls_ld_rate(ld, sg, "account.scaling", "refill_non_http", refill->lo, refill->hi, 0,
                     &a->refill_non_http_per_s);
}

/* A distribution key of g (required: a message shows an example). */
static int dist_key(sls_loader *ld, config_setting_t *g, const char *path, const char *key,
                    const char *example, sls_dist *d) {
  char kp[256];
  sls_ld_keypath(kp, sizeof kp, path, key);
  config_setting_t *ds = config_setting_get_member(g, key);
  if (!ds) {
    if (example) return sls_ld_fail(ld, g, kp, "missing; expected %s", example);
    return 0;
  }
  sls_dist_destroy(d);
  return sls_ld_dist(ld, ds, kp, d);
}

/* An optional name key (another entity's), copied; NULL when absent. */
static int name_key(sls_loader *ld, config_setting_t *g, const char *path, const char *key, char **out) {
  const char *v = NULL;
  if (sls_ld_str(ld, g, NULL, path, key, 0, &v, NULL)) return SLS_EINPUT;
  *out = v ? sls_xstrdup(v) : NULL;
  return 0;
}

/* f's memory, timeout, per-instance concurrency and vCPUs within the platform's limits; the message
 * names the key as written (timeout_min, ...) and the platform. */
static int check_limits(sls_loader *ld, config_setting_t *g, config_setting_t *fb, const char *path,
                        const sls_function_spec *f) {
  const sls_platform_limits *l = &ld->lim;
  char kp[256];
  double unit;
  const char *plat =
      ld->have_plat
          ? config_setting_get_string(config_setting_get_member(config_root_setting(&ld->plat), "name"))
          : NULL;
  if (!plat) plat = "the platform";
  config_setting_t *s = NULL;
  const char *key = NULL;
  if (f->memory_mb < l->memory_mb_min || f->memory_mb > l->memory_mb_max) {
    s = sls_ld_lookup(g, fb, key = "memory_mb");
    sls_ld_keypath(kp, sizeof kp, path, key);
    return sls_ld_fail(ld, s, kp, "expected a value in %d..%d (%s's limits), got %d", l->memory_mb_min,
                       l->memory_mb_max, plat, f->memory_mb);
  }
  if (f->timeout > l->timeout_max) {
    s = sls_ld_find_unit(ld, g, fb, path, "timeout", &unit);
    sls_ld_keypath(kp, sizeof kp, path, s ? config_setting_name(s) : "timeout");
    return sls_ld_fail(ld, s, kp, "expected 0.001..%g s (%s's limits), got %g s",
                       (double)l->timeout_max / 1e9, plat, (double)f->timeout / 1e9);
  }
  if (f->instance_concurrency > l->instance_concurrency_max) {
    s = sls_ld_lookup(g, fb, key = "instance_concurrency");
    sls_ld_keypath(kp, sizeof kp, path, key);
    return sls_ld_fail(ld, s, kp, "expected at most %d (%s's limit), got %d", l->instance_concurrency_max,
                       plat, f->instance_concurrency);
  }
  if (f->vcpus > l->vcpus_max) {
    s = sls_ld_lookup(g, fb, key = "vcpus");
    sls_ld_keypath(kp, sizeof kp, path, key);
    return sls_ld_fail(ld, s, kp, "expected at most %g (%s's limit), got %g", l->vcpus_max, plat, f->vcpus);
  }
  return 0;
}

int sls_ld_function(sls_loader *ld, config_setting_t *g, int idx, sls_function_spec *f) {
  char path[128], kp[256];
  const char *name = NULL;
  if (sls_ld_named_element(ld, g, "functions", idx, &sls_schema_function, &name, path, sizeof path))
    return SLS_EINPUT;
  f->name = sls_xstrdup(name);
  f->ds_index = f->on_failure_q = f->cap_index = -1;
  sls_dist_constant(&f->duration, 0);
  sls_dist_constant(&f->per_message, 0);
  config_setting_t *fb = sls_ld_plat_group(ld, "function_defaults");
  if (sls_ld_read_keys(ld, g, fb, path, &sls_schema_function, -1, f)) return SLS_EINPUT;
  if (dist_key(ld, g, path, "duration",
               "a distribution, e.g. { dist = \"lognormal\"; p50_ms = 150; p99_ms = 600; }", &f->duration))
    return SLS_EINPUT;
  if (check_limits(ld, g, fb, path, f)) return SLS_EINPUT;
  double v = f->memory_mb; /* duration was measured at memory_mb unless said otherwise */
  for (int i = 0; i < ld->n_ref_default; i++)
    if (ld->ref_default[i] == g) { /* --set memory_mb where the file wrote none: the default's */
      config_setting_t *dm = fb ? config_setting_get_member(fb, "memory_mb") : NULL;
      v = dm && sls_ld_is_number(dm) ? sls_ld_number(dm)
                                     : sls_schema_row(&sls_schema_function, "memory_mb")->def;
    }
  if (sls_ld_row_num(ld, g, fb, path, &sls_schema_function, "ref_memory_mb", &v)) return SLS_EINPUT;
  f->ref_memory_mb = (int)v;
  config_setting_t *ag;
  sls_ld_keypath(kp, sizeof kp, path, "provisioned_autoscaling");
  if (sls_ld_group(ld, g, NULL, path, "provisioned_autoscaling", &sls_schema_pc_autoscaling,
                   "a group { target_utilization = 0.7; min = ...; max = ...; }", &ag))
    return SLS_EINPUT;
  if (ag) {
    sls_pc_autoscaling_spec *a = &f->pc_autoscaling;
    if (sls_ld_read_keys(ld, ag, NULL, kp, &sls_schema_pc_autoscaling, -1, a)) return SLS_EINPUT;
    a->on = 1;
    if (a->min > a->max)
      return sls_ld_fail(ld, ag, kp, "expected min (%lld) at most max (%lld)", (long long)a->min,
                         (long long)a->max);
    /* registering the scalable target brings the capacity within [min, max] at once */
    if (f->provisioned < a->min) f->provisioned = a->min;
    if (f->provisioned > a->max) f->provisioned = a->max;
  }
  if (f->reserved >= 0 && f->provisioned > f->reserved) {
    sls_ld_keypath(kp, sizeof kp, path, "provisioned_concurrency");
    return sls_ld_fail(ld, config_setting_get_member(g, "provisioned_concurrency"), kp,
                       "expected at most reserved_concurrency (%lld), got %lld", (long long)f->reserved,
                       (long long)f->provisioned);
  }
  int found = 0;
  const sls_key *ka = sls_schema_row(&sls_schema_function, "keep_alive"),
                *ml = sls_schema_row(&sls_schema_function, "max_lifetime");
  if (sls_ld_time_or_dist(ld, g, fb, path, "keep_alive", ka->hi, &f->keep_alive, &found)) return SLS_EINPUT;
  if (!found) sls_dist_constant(&f->keep_alive, 600e9); /* 10 min without a platform preset */
  f->keep_alive_constant = f->keep_alive.kind == SLS_DIST_CONSTANT;
  if (sls_ld_time_or_dist(ld, g, fb, path, "max_lifetime", ml->hi, &f->max_lifetime, &found))
    return SLS_EINPUT;
  if (!found) sls_dist_constant(&f->max_lifetime, 0);
  f->lifetime_on = !(f->max_lifetime.kind == SLS_DIST_CONSTANT && f->max_lifetime.a == 0);
  config_setting_t *rs = sls_ld_lookup(g, fb, "runtime");
  sls_ld_keypath(kp, sizeof kp, path, "runtime");
  if (!rs) return sls_ld_fail(ld, g, kp, "missing; expected a runtime model name such as \"nodejs20\"");
  if (sls_ld_runtime(ld, rs, kp, f->memory_mb, &f->runtime)) return SLS_EINPUT;
  if (dist_key(ld, g, path, "per_message", NULL, &f->per_message) ||
      name_key(ld, g, path, "downstream", &f->downstream) ||
      name_key(ld, g, path, "capacity_provider", &f->capacity_provider) ||
      name_key(ld, g, path, "on_failure", &f->on_failure))
    return SLS_EINPUT;
  /* What each invocation adds to other services' bills (the rows' defaults: Lambda's own START,
   * END and REPORT log lines; the code's logging comes on top). */
  config_setting_t *pi;
  sls_ld_keypath(kp, sizeof kp, path, "per_invocation");
  if (sls_ld_group(ld, g, fb, path, "per_invocation", &sls_schema_per_invocation, "a group { log_kb = ...; }",
                   &pi))
    return SLS_EINPUT;
  return sls_ld_read_keys(ld, pi, NULL, kp, &sls_schema_per_invocation, -1, f) ||
         sls_ld_emits(ld, g, path, f);
}

static void runtime_copy(sls_runtime_spec *dst, const sls_runtime_spec *src) {
  *dst = *src;
  dst->name = sls_xstrdup(src->name);
  dst->source = sls_xstrdup(src->source);
  sls_dist_copy(&dst->init, &src->init);
  sls_dist_copy(&dst->overhead, &src->overhead);
}

void sls_ld_function_clone(sls_function_spec *dst, const sls_function_spec *src, const char *name) {
  SLS_ASSERT(src->n_emits == 0); /* a trace's template emits nothing (traces.c) */
  *dst = *src;
  dst->name = sls_xstrdup(name);
  sls_dist_copy(&dst->duration, &src->duration);
  sls_dist_copy(&dst->keep_alive, &src->keep_alive);
  sls_dist_copy(&dst->max_lifetime, &src->max_lifetime);
  sls_dist_copy(&dst->per_message, &src->per_message);
  dst->downstream = src->downstream ? sls_xstrdup(src->downstream) : NULL;
  dst->capacity_provider = src->capacity_provider ? sls_xstrdup(src->capacity_provider) : NULL;
  dst->on_failure = src->on_failure ? sls_xstrdup(src->on_failure) : NULL;
  runtime_copy(&dst->runtime, &src->runtime);
}

static void runtime_free(sls_runtime_spec *rt) {
  free(rt->name);
  free(rt->source);
  sls_dist_destroy(&rt->init);
  sls_dist_destroy(&rt->overhead);
}

void sls_ld_function_free(sls_function_spec *f) {
  free(f->name);
  sls_dist_destroy(&f->duration);
  sls_dist_destroy(&f->keep_alive);
  sls_dist_destroy(&f->max_lifetime);
  sls_dist_destroy(&f->per_message);
  free(f->downstream);
  free(f->capacity_provider);
  free(f->on_failure);
  runtime_free(&f->runtime);
  for (int i = 0; f->emits && i < f->n_emits; i++) {
    sls_emit_spec *e = &f->emits[i];
    free(e->target_name);
    free(e->event_type);
    free(e->join_name);
    sls_dist_destroy(&e->api_latency);
  }
  free(f->emits);
}
