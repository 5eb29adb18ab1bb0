/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Always-on alternatives priced for the same load (loader.h; cost/cost.h sizes and bills them).
 */
#include <string.h>

#include "engine/util.h"
#include "scenario/loader.h"

/* The index of EC2 type ty in the pricing model, or -1. */
static int ec2_type(const sls_price_spec *p, const char *ty) {
  for (int i = 0; i < p->n_instances; i++)
    if (strcmp(p->instances[i].name, ty) == 0) return i;
  return -1;
}

/* An EC2 type the pricing model does not list: the message names those it does. */
static int no_type(sls_loader *ld, config_setting_t *at, const char *kp, const sls_price_spec *p,
                   const char *ty, const char *hint) {
  char avail[512] = "";
  for (int i = 0; i < p->n_instances && strlen(avail) < sizeof avail - 40; i++)
    snprintf(avail + strlen(avail), sizeof avail - strlen(avail), "%s%s", i ? ", " : "",
             p->instances[i].name);
  return sls_ld_fail(ld, at, kp, "no EC2 type \"%s\" in pricing model %s%s; available: %s", ty, p->name, hint,
                     avail[0] ? avail : "none");
}

/* An always-on alternative: its price per instance from the pricing model (or given), its
 * capacity, and the rule it is autoscaled by. */
int sls_ld_alternative(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc,
                       sls_alternative_spec *a) {
  char path[128], kp[256];
  const char *name = NULL;
  if (sls_ld_named_element(ld, g, "alternatives", idx, &sls_schema_alternative, &name, path, sizeof path) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_alternative, -1, a))
    return SLS_EINPUT;
  a->name = sls_xstrdup(name);
  int kind = -1;
  if (sls_ld_enum(ld, g, NULL, path, "kind", sls_schema_row(&sls_schema_alternative, "kind")->values, &kind))
    return SLS_EINPUT;
  sls_ld_keypath(kp, sizeof kp, path, "kind");
  if (kind < 0) return sls_ld_fail(ld, g, kp, "missing; expected \"vps\", \"ec2\" or \"fargate\"");
  a->kind = (sls_alt_kind)kind;
  const sls_price_spec *p = &sc->price;
  double per_month = -1, per_hour = -1;
  if (sls_ld_row_num(ld, g, NULL, path, &sls_schema_alternative, "usd_per_hour", &per_hour) ||
      sls_ld_row_num(ld, g, NULL, path, &sls_schema_alternative, "usd_per_month", &per_month))
    return SLS_EINPUT;
  if (per_hour >= 0 && per_month >= 0)
    return sls_ld_fail(ld, config_setting_get_member(g, "usd_per_month"), path,
                       "usd_per_hour and usd_per_month: expected one of them, got both");
  if (per_month >= 0) per_hour = per_month / SLS_MONTH_HOURS;
  if (a->kind == SLS_ALT_EC2) {
    const char *ty = NULL;
    config_setting_t *at;
    if (sls_ld_str(ld, g, NULL, path, "instance", 1, &ty, &at)) return SLS_EINPUT;
    a->instance = sls_xstrdup(ty);
    int found = ec2_type(p, ty);
    if (found < 0 && per_hour < 0) {
      sls_ld_keypath(kp, sizeof kp, path, "instance");
      return no_type(ld, at, kp, p, ty, " (give usd_per_hour)");
    }
    if (found >= 0) {
      a->vcpu = p->instances[found].vcpu;
      a->memory_gb = p->instances[found].memory_gb;
      if (per_hour < 0) per_hour = p->instances[found].usd_per_hour;
    }
  } else if (a->kind == SLS_ALT_FARGATE) {
    int arch = 0;
    /* Fargate's task sizes: 0.25..16 vCPU, 0.5..120 GB (facts §4) */
    if (sls_ld_num(ld, g, NULL, path, "vcpu", 0.25, 16, 0, 1, &a->vcpu) ||
        sls_ld_num(ld, g, NULL, path, "memory_gb", 0.5, 120, 0, 1, &a->memory_gb) ||
        sls_ld_enum(ld, g, NULL, path, "arch", sls_schema_row(&sls_schema_alternative, "arch")->values,
                    &arch))
      return SLS_EINPUT;
    a->arm = arch;
    if (per_hour < 0) per_hour = a->vcpu * p->fargate_vcpu_h[arch] + a->memory_gb * p->fargate_gb_h[arch];
  } else {
    if (per_hour < 0)
      return sls_ld_fail(ld, g, path, "a VPS needs its price: expected usd_per_month (or usd_per_hour)");
    if (sls_ld_row_num(ld, g, NULL, path, &sls_schema_alternative, "vcpu", &a->vcpu) ||
        sls_ld_row_num(ld, g, NULL, path, &sls_schema_alternative, "memory_gb", &a->memory_gb))
      return SLS_EINPUT;
  }
  a->usd_per_hour = per_hour;
  double rps = -1, conc = -1;
  if (sls_ld_row_num(ld, g, NULL, path, &sls_schema_alternative, "capacity_rps", &rps) ||
      sls_ld_row_num(ld, g, NULL, path, &sls_schema_alternative, "capacity_concurrency", &conc))
    return SLS_EINPUT;
  if ((rps < 0) == (conc < 0))
    return sls_ld_fail(ld, g, path,
                       "expected one of capacity_rps (requests per second one instance serves) or "
                       "capacity_concurrency (requests it holds at once)");
  a->by_concurrency = conc > 0;
  a->capacity = conc > 0 ? conc : rps;
  if (sc->sample_interval <= 0)
    return sls_ld_fail(ld, g, path,
                       "an alternative is sized from the time series; expected sample_interval > 0");
  config_setting_t *fl = config_setting_get_member(g, "functions");
  if (fl) {
    sls_ld_keypath(kp, sizeof kp, path, "functions");
    if (config_setting_type(fl) != CONFIG_TYPE_ARRAY || config_setting_length(fl) == 0)
      return sls_ld_fail(ld, fl, kp, "expected an array of function names [\"api\", ...]");
    a->n_functions = config_setting_length(fl);
    a->functions = sls_xcalloc((size_t)a->n_functions, sizeof *a->functions);
    a->function_names = sls_xcalloc((size_t)a->n_functions, sizeof *a->function_names);
    for (int i = 0; i < a->n_functions; i++) {
      config_setting_t *e = config_setting_get_elem(fl, (unsigned)i);
      const char *fn = config_setting_get_string(e);
      if (!fn) return sls_ld_fail(ld, e, kp, "element %d: expected a function name", i);
      a->function_names[i] = sls_xstrdup(fn);
      a->functions[i] = -1;
      for (int k = 0; k < sc->n_functions; k++)
        if (strcmp(sc->functions[k].name, fn) == 0) a->functions[i] = k;
      if (a->functions[i] < 0) return sls_ld_fail(ld, e, kp, "no function named \"%s\"", fn);
    }
  }
  return 0;
}

/* A capacity provider: its instance type's size and price from the pricing model, and room for
 * its minimum instances within its vCPU limit. */
int sls_ld_capacity(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_capacity_spec *c) {
  char path[128], kp[256];
  const char *name = NULL, *ty = NULL;
  config_setting_t *at;
  if (sls_ld_named_element(ld, g, "capacity_providers", idx, &sls_schema_capacity, &name, path,
                           sizeof path) ||
      sls_ld_read_keys(ld, g, NULL, path, &sls_schema_capacity, -1, c) ||
      sls_ld_str(ld, g, NULL, path, "instance_type", 1, &ty, &at))
    return SLS_EINPUT;
  c->name = sls_xstrdup(name);
  c->instance_type = sls_xstrdup(ty);
  const sls_price_spec *p = &sc->price;
  int k = ec2_type(p, ty);
  sls_ld_keypath(kp, sizeof kp, path, "instance_type");
  if (k < 0) return no_type(ld, at, kp, p, ty, "");
  c->vcpu = p->instances[k].vcpu;
  c->memory_gb = p->instances[k].memory_gb;
  c->usd_per_hour = p->instances[k].usd_per_hour;
  if (c->vcpu < 1) return sls_ld_fail(ld, at, kp, "expected a type with at least 1 vCPU, got %g", c->vcpu);
  if ((double)c->min_instances * c->vcpu > c->max_vcpus) {
    sls_ld_keypath(kp, sizeof kp, path, "min_instances");
    config_setting_t *mi = config_setting_get_member(g, "min_instances");
    return sls_ld_fail(ld, mi ? mi : g, kp, /* the default (3) names the provider's line */
                       "expected at most %lld (max_vcpus %g / %g vCPUs of %s), got %lld",
                       (long long)(c->max_vcpus / c->vcpu), c->max_vcpus, c->vcpu, ty,
                       (long long)c->min_instances);
  }
  return 0;
}

int sls_ld_capacity_bind(sls_loader *ld, config_setting_t *root, sls_scenario *sc) {
  config_setting_t *cl, *fl = config_setting_get_member(root, "functions");
  if (sls_ld_optional_list(ld, root, "capacity_providers", &cl, &sc->n_capacity)) return SLS_EINPUT;
  sc->capacity = sls_xcalloc((size_t)sc->n_capacity + 1, sizeof *sc->capacity);
  const char **names = sls_xcalloc((size_t)sc->n_capacity + 1, sizeof *names);
  sls_strmap map;
  sls_strmap_init(&map, (size_t)sc->n_capacity);
  int rc = 0;
  for (int i = 0; i < sc->n_capacity && !rc; i++) {
    config_setting_t *g = config_setting_get_elem(cl, (unsigned)i);
    rc = sls_ld_capacity(ld, g, i, sc, &sc->capacity[i]) ||
         sls_ld_unique_name(ld, g, "capacity_providers", sc->capacity[i].name, &map, i);
    names[i] = sc->capacity[i].name;
  }
  int listed = fl && config_setting_type(fl) == CONFIG_TYPE_LIST ? config_setting_length(fl) : 0;
  for (int i = 0; i < sc->n_functions && !rc; i++) {
    sls_function_spec *f = &sc->functions[i];
    f->cap_index = -1;
    if (!f->capacity_provider) continue;
    /* the listed functions come first; the rest are made from traces (their template's key) */
    config_setting_t *fg = i < listed ? config_setting_get_elem(fl, (unsigned)i) : NULL,
                     *at = fg ? config_setting_get_member(fg, "capacity_provider") : NULL;
    if (!at) at = config_setting_get_member(root, i < listed ? "functions" : "traces");
    char kp[256];
    snprintf(kp, sizeof kp, "functions.%s.capacity_provider", f->name);
    const char *sug = NULL;
    f->cap_index = sls_ld_find_name(&map, 0, f->capacity_provider, names, sc->n_capacity, &sug);
    if (f->cap_index < 0) {
      rc = sug ? sls_ld_fail(ld, at, kp, "no capacity provider named \"%s\" (did you mean \"%s\"?)",
                             f->capacity_provider, sug)
               : sls_ld_fail(ld, at, kp, "no capacity provider named \"%s\" in capacity_providers",
                             f->capacity_provider);
      break;
    }
    /* no environment starts on a request's path ("does not scale when invocations arrive and does
     * not support cold starts": Doc "Scaling Lambda Managed Instances") */
    config_setting_t *so = fg ? config_setting_get_member(fg, "start_on_request") : NULL;
    if (so && config_setting_get_bool(so)) {
      snprintf(kp, sizeof kp, "functions.%s.start_on_request", f->name);
      rc = sls_ld_fail(
          ld, so, kp,
          "expected false on a capacity provider (Lambda Managed Instances start no environment on a "
          "request's path), got true");
      break;
    }
    f->start_on_request = 0;
    /* an environment takes its vCPUs and memory of one instance (Doc: Lambda Managed Instances) */
    const sls_capacity_spec *c = &sc->capacity[f->cap_index];
    double v = f->vcpus > 0 ? f->vcpus : f->memory_mb / 1769.0, gb = f->memory_mb / 1024.0;
    if (v > c->vcpu || gb > c->memory_gb)
      rc = sls_ld_fail(
          ld, at, kp,
          "expected an environment that fits one %s instance (%g vCPUs, %g GiB), got %g vCPUs and "
          "%g GiB (vcpus, memory_mb)",
          c->instance_type, c->vcpu, c->memory_gb, v, gb);
  }
  sls_strmap_destroy(&map);
  free(names);
  return rc;
}
