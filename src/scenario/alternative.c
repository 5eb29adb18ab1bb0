/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Always-on alternatives priced for the same load (loader.h; cost/cost.h sizes and bills them).
 */
#include <string.h>

#include "engine/util.h"
#include "scenario/loader.h"

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
    int found = -1;
    for (int i = 0; i < p->n_instances; i++)
      if (strcmp(p->instances[i].name, ty) == 0) found = i;
    if (found < 0 && per_hour < 0) {
      char avail[512] = "";
      for (int i = 0; i < p->n_instances && strlen(avail) < sizeof avail - 40; i++)
        snprintf(avail + strlen(avail), sizeof avail - strlen(avail), "%s%s", i ? ", " : "",
                 p->instances[i].name);
      sls_ld_keypath(kp, sizeof kp, path, "instance");
      return sls_ld_fail(ld, at, kp,
                         "no EC2 type \"%s\" in pricing model %s (give usd_per_hour); available: %s", ty,
                         p->name, avail);
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
