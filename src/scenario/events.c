/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The timeline (`events`, loader.h): each change read by the schema's rows, its entity resolved,
 * and the settings it gives checked against what that entity has.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/util.h"
#include "scenario/loader.h"

/* The index of the entity called name among n of them (names at stride bytes from first), or -1. */
static int find(const char *name, const void *first, int n, size_t stride) {
  for (int i = 0; i < n; i++)
    if (!strcmp(*(char *const *)((const char *)first + (size_t)i * stride), name)) return i;
  return -1;
}

/* The settings each kind of entity takes (a row of the event schema each), for messages. */
static const char *const fn_keys[] = {"deploy",
                                      "deploy_provisioned",
                                      "provisioned_concurrency",
                                      "reserved_concurrency",
                                      "error_rate",
                                      "duration_factor",
                                      "memory_mb",
                                      "timeout",
                                      NULL};
static const char *const ds_keys[] = {"latency_factor", "call_error_rate", "down", NULL};
static const char *const map_keys[] = {"maximum_concurrency", NULL};
static const char *const acct_keys[] = {"concurrency_limit", NULL};

static int one_of(const char *k, const char *const *keys) {
  for (int i = 0; keys[i]; i++)
    if (!strcmp(k, keys[i])) return 1;
  return 0;
}

static int read_event(sls_loader *ld, config_setting_t *e, const char *kp, sls_scenario *sc,
                      sls_event_spec *ev) {
  if (config_setting_type(e) != CONFIG_TYPE_GROUP)
    return sls_ld_fail(ld, e, kp, "expected a group { at_h = ...; function = \"...\"; ... }");
  ev->error_rate = ev->duration_factor = ev->latency_factor = ev->ds_error_rate = NAN;
  if (sls_ld_check_keys(ld, e, kp, &sls_schema_event, -1) ||
      sls_ld_read_keys(ld, e, NULL, kp, &sls_schema_event, -1, ev))
    return SLS_EINPUT;
  /* the entity: one of function, downstream and mapping (looked up by name), or the account */
  const struct {
    const char *key;
    sls_ev_kind kind;
    const void *first;
    int n;
    size_t stride;
    const char *const *keys;
  } kinds[] = {
      /* (the name of the first of each, where there is one: no address is taken in an empty list) */
      {"function", SLS_EV_FUNCTION, sc->n_functions ? (const void *)&sc->functions[0].name : NULL,
       sc->n_functions, sizeof *sc->functions, fn_keys},
      {"downstream", SLS_EV_DOWNSTREAM, sc->n_downstreams ? (const void *)&sc->downstreams[0].name : NULL,
       sc->n_downstreams, sizeof *sc->downstreams, ds_keys},
      {"mapping", SLS_EV_MAPPING, sc->n_mappings ? (const void *)&sc->mappings[0].name : NULL, sc->n_mappings,
       sizeof *sc->mappings, map_keys},
  };
  char **names[] = {&ev->function, &ev->downstream, &ev->mapping};
  const char *const *allowed = acct_keys, *what = "the account";
  char kk[300];
  ev->kind = SLS_EV_ACCOUNT;
  ev->index = -1;
  int named = 0;
  for (int k = 0; k < 3; k++) {
    const char *nm = NULL;
    config_setting_t *at = NULL;
    if (sls_ld_str(ld, e, NULL, kp, kinds[k].key, 0, &nm, &at)) return SLS_EINPUT;
    if (!nm) continue;
    if (named++)
      return sls_ld_fail(ld, e, kp,
                         "expected one of function, downstream and mapping (or none: the account)");
    ev->kind = kinds[k].kind;
    *names[k] = sls_xstrdup(nm);
    ev->index = kinds[k].n ? find(nm, kinds[k].first, kinds[k].n, kinds[k].stride) : -1;
    allowed = kinds[k].keys;
    what = k == 0 ? "a function" : k == 1 ? "a downstream" : "a mapping";
    snprintf(kk, sizeof kk, "%s.%s", kp, kinds[k].key);
    if (ev->index < 0) return sls_ld_fail(ld, at, kk, "no %s named \"%s\"", kinds[k].key, nm);
  }
  /* every setting given must be one its entity has, and at least one is given */
  int given = 0;
  for (int i = 0; i < config_setting_length(e); i++) {
    config_setting_t *c = config_setting_get_elem(e, (unsigned)i);
    const char *k = config_setting_name(c);
    if (one_of(k, fn_keys) || one_of(k, ds_keys) || one_of(k, map_keys) || one_of(k, acct_keys)) {
      snprintf(kk, sizeof kk, "%s.%s", kp, k);
      if (!one_of(k, allowed)) {
        char list[256] = "";
        for (int j = 0; allowed[j]; j++)
          snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "", allowed[j]);
        return sls_ld_fail(ld, c, kk, "not a setting of %s; expected %s", what, list);
      }
      given++;
    }
  }
  if (!given)
    return sls_ld_fail(ld, e, kp, "expected a change (e.g. provisioned_concurrency, deploy, latency_factor)");
  if (config_setting_get_member(e, "deploy_provisioned") && !ev->deploy)
    return sls_ld_fail(ld, e, kp, "deploy_provisioned without deploy = true");
  if (ev->deploy && ev->lasting > 0)
    return sls_ld_fail(ld, e, kp, "a deploy does not last; write the rollback as another deploy");
  if (ev->down && ev->lasting <= 0)
    return sls_ld_fail(ld, e, kp, "down = true needs lasting_min = ... (how long it is down)");
  if (ev->every > 0 && ev->lasting >= ev->every)
    return sls_ld_fail(ld, e, kp, "expected lasting (%g s) shorter than every (%g s)",
                       sls_time_to_s(ev->lasting), sls_time_to_s(ev->every));
  if (ev->kind == SLS_EV_FUNCTION && ev->memory_mb != SLS_EV_UNSET) {
    const sls_function_spec *f = &sc->functions[ev->index];
    if (ev->memory_mb < ld->lim.memory_mb_min || ev->memory_mb > ld->lim.memory_mb_max)
      return sls_ld_fail(ld, e, kp, "memory_mb: expected a value in %d..%d (%s's limits), got %lld",
                         ld->lim.memory_mb_min, ld->lim.memory_mb_max, sc->platform,
                         (long long)ev->memory_mb);
    if (f->instance_concurrency > 1 || f->provisioned > 0 || f->pc_autoscaling.on ||
        sc->price.compute.billing != SLS_BILL_LAMBDA || f->cap_index >= 0)
      return sls_ld_fail(
          ld, e, kp,
          "expected a function with one request per environment, no provisioned concurrency, "
          "billed as Lambda, not on a capacity provider (a memory change is modelled for those "
          "alone)");
  }
  if (ev->kind == SLS_EV_FUNCTION && ev->timeout >= 0 && ev->timeout > ld->lim.timeout_max)
    return sls_ld_fail(ld, e, kp, "timeout: expected at most %g s (%s's limit), got %g s",
                       sls_time_to_s(ld->lim.timeout_max), sc->platform, sls_time_to_s(ev->timeout));
  if (ev->at >= sc->duration)
    sls_ld_warn(ld, sc, e, kp,
                "at (%g s) is at or after the end of the run (duration %g s): it never happens",
                sls_time_to_s(ev->at), sls_time_to_s(sc->duration));
  if (ev->kind == SLS_EV_FUNCTION && ev->provisioned != SLS_EV_UNSET &&
      sc->functions[ev->index].pc_autoscaling.on)
    return sls_ld_fail(ld, e, kp,
                       "function %s's provisioned concurrency is autoscaled; expected no scheduled "
                       "value (set its provisioned_autoscaling min and max)",
                       ev->function);
  if (ev->kind == SLS_EV_FUNCTION && ev->provisioned != SLS_EV_UNSET &&
      sc->functions[ev->index].instance_concurrency > 1)
    return sls_ld_fail(ld, e, kp,
                       "changing the provisioned instances of a function with several requests per "
                       "instance is not modelled yet");
  return 0;
}

int sls_ld_events(sls_loader *ld, config_setting_t *root, sls_scenario *sc) {
  config_setting_t *l;
  if (sls_ld_optional_list(ld, root, "events", &l, &sc->n_events)) return SLS_EINPUT;
  sc->events = sls_xcalloc((size_t)sc->n_events + 1, sizeof *sc->events);
  for (int i = 0; i < sc->n_events; i++) {
    char kp[64];
    snprintf(kp, sizeof kp, "events[%d]", i);
    if (read_event(ld, config_setting_get_elem(l, (unsigned)i), kp, sc, &sc->events[i])) return SLS_EINPUT;
  }
  return 0;
}

void sls_ld_events_free(sls_scenario *sc) {
  for (int i = 0; i < sc->n_events; i++) {
    free(sc->events[i].function);
    free(sc->events[i].downstream);
    free(sc->events[i].mapping);
  }
  free(sc->events);
}
