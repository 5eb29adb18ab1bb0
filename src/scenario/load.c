/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The scenario: the order it is read in, and freeing it (loader.h).  Each list is read after
 * the ones it refers to: functions, downstreams, queues, mappings, sources, traces,
 * alternatives.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/text.h"
#include "engine/util.h"
#include "io/cfgtext.h"
#include "scenario/loader.h"

/* INIT billing [facts §3]: since 1 Aug 2025 the INIT phase of every on-demand environment is
 * billed; before, only container images and OS-only (custom) runtimes paid for it, managed
 * runtimes in ZIP packages did not.  A runtime that sets init_billed itself keeps it. */
static void resolve_init_billing(const sls_scenario *sc, sls_runtime_spec *rt) {
  if (rt->init_billed_set) return;
  rt->init_billed = sc->init_billing == SLS_INIT_BILL_2025 ||
                    (sc->init_billing == SLS_INIT_BILL_BEFORE_2025 && (rt->image || rt->custom));
}

static int load(sls_loader *ld, const sls_override *sets, int n_sets, sls_scenario *sc) {
  if (sls_ld_read_cfg(ld, &ld->cfg, ld->path, NULL, NULL)) return SLS_EINPUT;
  ld->have_cfg = 1;
  config_setting_t *root = config_root_setting(&ld->cfg);
  for (int i = 0; i < n_sets; i++)
    if (sls_ld_override(ld, &sets[i], i >= n_sets - ld->n_vary)) return SLS_EINPUT;
  if (sls_ld_check_keys(ld, root, "", &sls_schema_scenario, -1)) return SLS_EINPUT;
  sc->path = sls_xstrdup(ld->path);
  ld->model_files = &sc->model_files;
  {
    size_t n = 1;
    for (int i = 0; i < n_sets; i++)
      n += strlen(sets[i].key) + strlen(sets[i].value) + 2;
    sc->overrides = sls_xcalloc(n, 1);
    for (int i = 0; i < n_sets; i++)
      snprintf(sc->overrides + strlen(sc->overrides), n - strlen(sc->overrides), "%s=%s\n", sets[i].key,
               sets[i].value);
  }
  sc->text = sls_xstrdup(((const sls_cfgtext *)config_setting_get_hook(root))->text);
  const char *s = NULL;
  config_setting_t *ps = NULL;
  if (sls_ld_str(ld, root, NULL, "", "name", 0, &s, &ps)) return SLS_EINPUT;
  if (s && !sls_label_ok(s)) /* it titles plots and reports */
    return sls_ld_fail(
        ld, ps, "name",
        "expected 1..%d bytes of printable UTF-8 without quotes, backquotes or backslashes, got \"%s\"",
        SLS_LABEL_MAX, s);
  sc->name = sls_xstrdup(s ? s : "scenario");
  s = "aws-lambda";
  if (sls_ld_str(ld, root, NULL, "", "platform", 0, &s, &ps)) return SLS_EINPUT;
  sc->platform = sls_xstrdup(s);
  if (strcmp(s, "none") != 0) {
    if (!sls_name_ok(s, SLS_NAME_MAX))
      return sls_ld_fail(ld, ps, "platform", "expected a preset name (%s), got \"%s\"", sls_name_rule(), s);
    char file[1200], dirs[2048];
    if (!sls_ld_find_model(ld, "platforms", s, file, sizeof file, dirs, sizeof dirs)) {
      char avail[1024], sugbuf[64];
      const char *sug;
      sls_ld_list_models(ld, "platforms", s, avail, sizeof avail, &sug, sugbuf);
      return sls_ld_fail(ld, ps ? ps : root, "platform",
                         "no platform preset \"%s\"; available: %s, or \"none\"", s, avail);
    }
    if (sls_ld_read_cfg(ld, &ld->plat, file, ps, "platform")) return SLS_EINPUT;
    ld->have_plat = 1;
    if (sls_ld_check_keys(ld, config_root_setting(&ld->plat), "", &sls_schema_platform, -1))
      return SLS_EINPUT;
    config_setting_t *pg = sls_ld_plat_group(ld, "api_gateway");
    if (sls_ld_check_keys(ld, pg, "api_gateway", &sls_schema_api_gateway, -1)) return SLS_EINPUT;
    for (int i = 0; pg && i < sls_schema_api_gateway.n; i++) {
      const char *gw = sls_schema_api_gateway.keys[i].name;
      if (sls_ld_check_keys(ld, config_setting_get_member(pg, gw), gw, &sls_schema_gateway, -1))
        return SLS_EINPUT;
    }
    if (sls_ld_check_keys(ld, sls_ld_plat_group(ld, "function_defaults"), "function_defaults",
                          &sls_schema_function, -1))
      return SLS_EINPUT;
  }
  /* the platform's limits, each function checked against them as it is read (function.c) */
  config_setting_t *lg = sls_ld_plat_group(ld, "limits");
  if (sls_ld_check_keys(ld, lg, "limits", &sls_schema_limits, -1) ||
      sls_ld_read_keys(ld, lg, NULL, "limits", &sls_schema_limits, -1, &ld->lim))
    return SLS_EINPUT;
  if (ld->lim.memory_mb_min > ld->lim.memory_mb_max)
    return sls_ld_fail(ld, lg, "limits.memory_mb_min", "expected at most memory_mb_max (%d), got %d",
                       ld->lim.memory_mb_max, ld->lim.memory_mb_min);
  /* the seed as the integer written, all 63 bits (a double would merge seeds above 2^53) */
  double v = 1;
  if (sls_ld_row_num(ld, root, NULL, "", &sls_schema_scenario, "seed", &v)) return SLS_EINPUT;
  config_setting_t *seed = config_setting_get_member(root, "seed");
  sc->seed = seed ? (uint64_t)config_setting_get_int64(seed) : 1;
  if (sls_ld_read_keys(ld, root, NULL, "", &sls_schema_scenario, -1, sc)) return SLS_EINPUT;
  if (sc->sample_interval > 0 && sc->duration / sc->sample_interval > 10000000) {
    double unit;
    return sls_ld_fail(ld, sls_ld_find_unit(ld, root, NULL, "", "sample_interval", &unit), "sample_interval",
                       "expected at most 10,000,000 samples over the run, got %lld",
                       (long long)(sc->duration / sc->sample_interval));
  }
  if (sls_ld_account(ld, root, &sc->account)) return SLS_EINPUT;

  config_setting_t *pr =
      sls_ld_lookup(root, ld->have_plat ? config_root_setting(&ld->plat) : NULL, "pricing");
  if (!pr)
    return sls_ld_fail(ld, root, "pricing",
                       "missing; expected a pricing model name such as \"aws-us-east-1\"");
  if (sls_ld_pricing(ld, pr, "pricing", &sc->price)) return SLS_EINPUT;

  config_setting_t *fl = config_setting_get_member(root, "functions"),
                   *traces = config_setting_get_member(root, "traces");
  /* a trace gives functions and sources: a scenario of traces alone needs neither list */
  int traced = traces && config_setting_type(traces) == CONFIG_TYPE_LIST && config_setting_length(traces) > 0;
  if (!fl && !traced)
    return sls_ld_fail(ld, root, "functions", "missing; expected a list ( { name = ...; ... }, ... )");
  if (fl && (config_setting_type(fl) != CONFIG_TYPE_LIST || (config_setting_length(fl) == 0 && !traced)))
    return sls_ld_fail(ld, fl, "functions", "expected a non-empty list ( { name = ...; ... }, ... ), got %s",
                       sls_ld_type_name(fl));
  sc->n_functions = fl ? config_setting_length(fl) : 0;
  sc->functions = sls_xcalloc((size_t)sc->n_functions + 1, sizeof *sc->functions);
  for (int i = 0; i < sc->n_functions; i++) {
    config_setting_t *g = config_setting_get_elem(fl, (unsigned)i);
    if (sls_ld_function(ld, g, i, &sc->functions[i])) return SLS_EINPUT;
  }
  {
    sls_name_ix *ix = sls_xmalloc((size_t)sc->n_functions * sizeof *ix);
    for (int i = 0; i < sc->n_functions; i++)
      ix[i] = (sls_name_ix){sc->functions[i].name, i};
    int dup = sls_ld_ix_sort(ix, sc->n_functions);
    free(ix);
    if (dup >= 0)
      return sls_ld_fail(ld, config_setting_get_member(config_setting_get_elem(fl, (unsigned)dup), "name"),
                         "functions.name", "\"%s\" is used twice", sc->functions[dup].name);
  }
  /* optional lists: downstreams, queues, mappings (in that order: each refers to the ones before) */
  config_setting_t *dl, *ql, *ml;
  if (sls_ld_optional_list(ld, root, "downstreams", &dl, &sc->n_downstreams) ||
      sls_ld_optional_list(ld, root, "queues", &ql, &sc->n_queues) ||
      sls_ld_optional_list(ld, root, "mappings", &ml, &sc->n_mappings))
    return SLS_EINPUT;
  sc->downstreams = sls_xcalloc((size_t)sc->n_downstreams + 1, sizeof *sc->downstreams);
  sc->queues = sls_xcalloc((size_t)sc->n_queues + 1, sizeof *sc->queues);
  sc->mappings = sls_xcalloc((size_t)sc->n_mappings + 1, sizeof *sc->mappings);
  /* names in hash maps (O(1) lookups: 10^5 queues load in well under a second), and in arrays for
   * the "did you mean" of a name that is not there */
  ld->dnames = sls_xcalloc((size_t)sc->n_downstreams + 1, sizeof *ld->dnames);
  ld->fnames = sls_xcalloc((size_t)sc->n_functions + 1, sizeof *ld->fnames);
  ld->qnames = sls_xcalloc((size_t)sc->n_queues + 1, sizeof *ld->qnames);
  ld->mapping_of = sls_xmalloc(((size_t)sc->n_queues + 1) * sizeof *ld->mapping_of);
  sls_strmap_init(&ld->ds_map, (size_t)sc->n_downstreams);
  sls_strmap_init(&ld->fq_map, (size_t)(sc->n_functions + sc->n_queues));
  sls_strmap_init(&ld->types, 16);
  ld->have_maps = 1;
  for (int i = 0; i < sc->n_functions; i++) {
    ld->fnames[i] = sc->functions[i].name;
    sls_strmap_put(&ld->fq_map, sc->functions[i].name, i); /* unique: checked above */
  }
  for (int i = 0; i < sc->n_queues; i++)
    ld->mapping_of[i] = -1;
  int rc = 0;
  for (int i = 0; i < sc->n_downstreams && !rc; i++) {
    config_setting_t *g = config_setting_get_elem(dl, (unsigned)i);
    rc = sls_ld_downstream(ld, g, i, &sc->downstreams[i]) ||
         sls_ld_unique_name(ld, g, "downstreams", sc->downstreams[i].name, &ld->ds_map, i);
    ld->dnames[i] = sc->downstreams[i].name;
  }
  for (int i = 0; i < sc->n_functions && !rc; i++) { /* each function's downstream */
    sls_function_spec *f = &sc->functions[i];
    if (!f->downstream) continue;
    const char *sug = NULL;
    f->ds_index = sls_ld_find_name(&ld->ds_map, 0, f->downstream, ld->dnames, sc->n_downstreams, &sug);
    if (f->ds_index < 0) {
      config_setting_t *fg = config_setting_get_elem(fl, (unsigned)i);
      char kp[256];
      snprintf(kp, sizeof kp, "functions.%s.downstream", f->name);
      rc = sug ? sls_ld_fail(ld, config_setting_get_member(fg, "downstream"), kp,
                             "no downstream named \"%s\" (did you mean \"%s\"?)", f->downstream, sug)
               : sls_ld_fail(ld, config_setting_get_member(fg, "downstream"), kp,
                             "no downstream named \"%s\" in downstreams", f->downstream);
    }
  }
  for (int i = 0; i < sc->n_queues && !rc; i++) { /* queue names share the namespace of functions */
    config_setting_t *g = config_setting_get_elem(ql, (unsigned)i);
    rc = sls_ld_queue(ld, g, i, &sc->queues[i]) ||
         sls_ld_unique_name(ld, g, "queues", sc->queues[i].name, &ld->fq_map, sc->n_functions + i);
    ld->qnames[i] = sc->queues[i].name;
  }
  for (int i = 0; i < sc->n_queues && !rc; i++) { /* dead-letter queues */
    sls_queue_spec *q = &sc->queues[i];
    if (!q->dlq) continue;
    const char *sug = NULL;
    q->dlq_index = sls_ld_find_name(&ld->fq_map, sc->n_functions, q->dlq, ld->qnames, sc->n_queues, &sug);
    char kp[256];
    snprintf(kp, sizeof kp, "queues.%s.dead_letter_queue", q->name);
    config_setting_t *at =
        config_setting_get_member(config_setting_get_elem(ql, (unsigned)i), "dead_letter_queue");
    if (q->dlq_index < 0)
      rc = sug ? sls_ld_fail(ld, at, kp, "no queue named \"%s\" (did you mean \"%s\"?)", q->dlq, sug)
               : sls_ld_fail(ld, at, kp, "no queue named \"%s\" in queues", q->dlq);
    else if (q->dlq_index == i)
      rc = sls_ld_fail(ld, at, kp, "a queue cannot be its own dead-letter queue");
    else if (sc->queues[q->dlq_index].fifo != q->fifo)
      rc = sls_ld_fail(ld, at, kp, "the dead-letter queue of a %s queue must be %s too",
                       q->fifo ? "FIFO" : "standard", q->fifo ? "FIFO" : "standard");
  }
  for (int i = 0; i < sc->n_functions && !rc; i++) { /* async on-failure destinations */
    sls_function_spec *f = &sc->functions[i];
    if (!f->on_failure) continue;
    const char *sug = NULL;
    f->on_failure_q =
        sls_ld_find_name(&ld->fq_map, sc->n_functions, f->on_failure, ld->qnames, sc->n_queues, &sug);
    if (f->on_failure_q < 0) {
      char kp[256];
      snprintf(kp, sizeof kp, "functions.%s.on_failure", f->name);
      config_setting_t *at =
          config_setting_get_member(config_setting_get_elem(fl, (unsigned)i), "on_failure");
      rc = sug ? sls_ld_fail(ld, at, kp, "no queue named \"%s\" (did you mean \"%s\"?)", f->on_failure, sug)
               : sls_ld_fail(ld, at, kp, "no queue named \"%s\" in queues", f->on_failure);
    }
  }
  for (int i = 0; i < sc->n_mappings && !rc; i++)
    rc = sls_ld_mapping(ld, config_setting_get_elem(ml, (unsigned)i), i, sc, &sc->mappings[i]);
  if (rc) return SLS_EINPUT;
  /* the graph: topics, buses and joins (in the namespace of functions and queues), then what each
   * function emits, resolved */
  if (sls_ld_graph(ld, root, sc)) return SLS_EINPUT;
  {
    config_setting_t *qg = NULL;
    if (sls_ld_group(ld, root, NULL, "", "step_functions", &sls_schema_sfn_quotas,
                     "a group { start_bucket = ...; }", &qg) ||
        sls_ld_read_keys(ld, qg, NULL, "step_functions", &sls_schema_sfn_quotas, -1, &sc->sfn))
      return SLS_EINPUT;
  }
  config_setting_t *sl = config_setting_get_member(root, "sources");
  if (!sl && !traced)
    return sls_ld_fail(ld, root, "sources",
                       "missing; expected a list ( { name = ...; target = ...; arrival = {...}; }, ... )");
  if (sl && config_setting_type(sl) != CONFIG_TYPE_LIST)
    return sls_ld_fail(ld, sl, "sources", "expected a list ( ... ), got %s", sls_ld_type_name(sl));
  sc->n_sources = sl ? config_setting_length(sl) : 0;
  sc->sources = sls_xcalloc((size_t)sc->n_sources + 1, sizeof *sc->sources);
  for (int i = 0; i < sc->n_sources; i++) {
    config_setting_t *g = config_setting_get_elem(sl, (unsigned)i);
    if (sls_ld_source(ld, g, i, sc, &sc->sources[i])) return SLS_EINPUT;
  }
  {
    sls_name_ix *ix = sls_xmalloc(((size_t)sc->n_sources + 1) * sizeof *ix);
    for (int i = 0; i < sc->n_sources; i++)
      ix[i] = (sls_name_ix){sc->sources[i].name, i};
    int dup = sls_ld_ix_sort(ix, sc->n_sources);
    free(ix);
    if (dup >= 0)
      return sls_ld_fail(ld, config_setting_get_member(config_setting_get_elem(sl, (unsigned)dup), "name"),
                         "sources.name", "\"%s\" is used twice", sc->sources[dup].name);
  }
  config_setting_t *tl;
  if (sls_ld_optional_list(ld, root, "traces", &tl, &sc->n_traces)) return SLS_EINPUT;
  sc->traces = sls_xcalloc((size_t)sc->n_traces + 1, sizeof *sc->traces);
  for (int i = 0; i < sc->n_traces; i++)
    if (sls_ld_trace(ld, config_setting_get_elem(tl, (unsigned)i), i, sc, &sc->traces[i])) return SLS_EINPUT;
  if (sc->bill_period == SLS_BILL_PERIOD_AUTO) { /* the span for one-off sources alone */
    int one_off = sc->n_sources > 0;
    for (int i = 0; i < sc->n_sources; i++)
      one_off &= sc->sources[i].kind == SLS_ARRIVAL_BATCH;
    sc->bill_period = one_off ? SLS_BILL_PERIOD_SPAN : SLS_BILL_PERIOD_MONTH;
  }
  if (sc->n_functions == 0)
    return sls_ld_fail(ld, traces, "traces",
                       "no function: the traces kept none (their filters and window leave no invocation)");
  for (int i = 0; i < sc->n_functions; i++)
    resolve_init_billing(sc, &sc->functions[i].runtime);
  for (int i = 0; i < sc->n_traces; i++)
    resolve_init_billing(sc, &sc->traces[i].tmpl.runtime);
  config_setting_t *al;
  if (sls_ld_optional_list(ld, root, "alternatives", &al, &sc->n_alternatives)) return SLS_EINPUT;
  sc->alternatives = sls_xcalloc((size_t)sc->n_alternatives + 1, sizeof *sc->alternatives);
  for (int i = 0; i < sc->n_alternatives; i++)
    if (sls_ld_alternative(ld, config_setting_get_elem(al, (unsigned)i), i, sc, &sc->alternatives[i]))
      return SLS_EINPUT;
  if (sls_ld_capacity_bind(ld, root, sc)) return SLS_EINPUT;
  if (sls_ld_events(ld, root, sc)) return SLS_EINPUT;
  if (sc->warmup > 0) {
    double unit;
    config_setting_t *ws = sls_ld_find_unit(ld, root, NULL, "", "warmup", &unit);
    if (sc->warmup >= sc->duration)
      return sls_ld_fail(ld, ws ? ws : root, "warmup", "expected less than duration (%g s), got %g s",
                         sls_time_to_s(sc->duration), sls_time_to_s(sc->warmup));
  }
  sls_ld_cycles(ld, root, sc);
  sls_ld_lints(ld, root, sc);
  return 0;
}

/* Loads path, its relative paths resolved from base's directory. */
static int load_at(const char *path, const char *base, const sls_override *sets, int n_sets, int n_vary,
                   sls_scenario *sc, char *err) {
  sls_loader ld;
  memset(&ld, 0, sizeof ld);
  memset(sc, 0, sizeof *sc);
  ld.path = path;
  ld.base = base;
  ld.n_vary = n_vary;
  ld.err = err;
  int rc = load(&ld, sets, n_sets, sc);
  if (ld.have_maps) {
    sls_strmap_destroy(&ld.fq_map);
    sls_strmap_destroy(&ld.ds_map);
    sls_strmap_destroy(&ld.types);
  }
  free(ld.fnames);
  free(ld.qnames);
  free(ld.dnames);
  free(ld.mapping_of);
  free(ld.ref_default);
  if (ld.have_cfg) config_destroy(&ld.cfg);
  if (ld.have_plat) config_destroy(&ld.plat);
  if (rc || ld.failed) {
    sls_scenario_free(sc);
    return SLS_EINPUT;
  }
  return 0;
}

int sls_scenario_load(const char *path, const sls_override *sets, int n_sets, sls_scenario *sc, char *err) {
  return load_at(path, path, sets, n_sets, 0, sc, err);
}

int sls_scenario_load_point(const char *path, const sls_override *sets, int n_sets, int n_vary,
                            sls_scenario *sc, char *err) {
  return load_at(path, path, sets, n_sets, n_vary, sc, err);
}

int sls_scenario_load_text_at(const char *text, const char *beside, const sls_override *sets, int n_sets,
                              sls_scenario *sc, char *err) {
  const char *dir = getenv("TMPDIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/slsim-scenario-XXXXXX", dir && *dir ? dir : "/tmp");
  memset(sc, 0, sizeof *sc);
  int fd = mkstemp(path);
  if (fd < 0) {
    sls_err(err, "%s: cannot create a temporary file", path);
    return SLS_EIO;
  }
  size_t n = strlen(text);
  int ok = write(fd, text, n) == (ssize_t)n;
  ok &= close(fd) == 0;
  int rc = ok ? load_at(path, beside ? beside : path, sets, n_sets, 0, sc, err) : SLS_EIO;
  if (!ok) sls_err(err, "%s: cannot write", path);
  unlink(path);
  return rc;
}

int sls_scenario_load_text(const char *text, const sls_override *sets, int n_sets, sls_scenario *sc,
                           char *err) {
  return sls_scenario_load_text_at(text, NULL, sets, n_sets, sc, err);
}

void sls_scenario_free(sls_scenario *sc) {
  for (int i = 0; sc->functions && i < sc->n_functions; i++)
    sls_ld_function_free(&sc->functions[i]);
  for (int i = 0; sc->queues && i < sc->n_queues; i++) {
    free(sc->queues[i].name);
    free(sc->queues[i].dlq);
  }
  for (int i = 0; sc->mappings && i < sc->n_mappings; i++) {
    free(sc->mappings[i].name);
    free(sc->mappings[i].queue);
    free(sc->mappings[i].function);
  }
  for (int i = 0; sc->downstreams && i < sc->n_downstreams; i++) {
    free(sc->downstreams[i].name);
    sls_dist_destroy(&sc->downstreams[i].latency);
    free(sc->downstreams[i].outages);
  }
  for (int i = 0; sc->topics && i < sc->n_topics; i++) {
    sls_topic_spec *t = &sc->topics[i];
    for (int k = 0; t->subs && k < t->n_subs; k++) {
      free(t->subs[k].target_name);
      free(t->subs[k].types);
    }
    free(t->subs);
    free(t->name);
    sls_dist_destroy(&t->delivery_latency);
  }
  free(sc->topics);
  for (int i = 0; sc->buses && i < sc->n_buses; i++) {
    sls_bus_spec *b = &sc->buses[i];
    for (int k = 0; b->rules && k < b->n_rules; k++) {
      sls_rule_spec *r = &b->rules[k];
      for (int t = 0; r->target_names && t < r->n_targets; t++)
        free(r->target_names[t]);
      free(r->target_names);
      free(r->targets);
      free(r->types);
      free(r->name);
      free(r->dlq_name);
    }
    free(b->rules);
    free(b->name);
    sls_dist_destroy(&b->delivery_latency);
  }
  free(sc->buses);
  for (int i = 0; sc->joins && i < sc->n_joins; i++) {
    free(sc->joins[i].name);
    free(sc->joins[i].target_name);
  }
  free(sc->joins);
  for (int i = 0; sc->machines && i < sc->n_machines; i++)
    sls_ld_machine_free(&sc->machines[i]);
  free(sc->machines);
  for (int i = 0; sc->event_types && i < sc->n_event_types; i++)
    free(sc->event_types[i]);
  free(sc->event_types);
  for (int i = 0; sc->traces && i < sc->n_traces; i++) {
    sls_trace_spec *t = &sc->traces[i];
    char *strs[] = {t->name, t->format,    t->invocations, t->durations, t->memory,
                    t->file, t->placement, t->trigger,     t->app};
    for (size_t k = 0; k < sizeof strs / sizeof *strs; k++)
      free(strs[k]);
    sls_ld_function_free(&t->tmpl);
  }
  free(sc->traces);
  free(sc->queues);
  free(sc->mappings);
  free(sc->downstreams);
  for (int i = 0; sc->sources && i < sc->n_sources; i++) {
    sls_source_spec *s = &sc->sources[i];
    free(s->name);
    free(s->target);
    free(s->event_type);
    free(s->piece_t);
    free(s->piece_rate);
    free(s->state_rate);
    free(s->state_switch);
    free(s->minute_counts);
    free(s->times);
    free(s->durations);
    sls_dist_destroy(&s->gateway_latency);
  }
  free(sc->functions);
  free(sc->sources);
  for (int i = 0; sc->alternatives && i < sc->n_alternatives; i++) {
    sls_alternative_spec *a = &sc->alternatives[i];
    for (int k = 0; a->function_names && k < a->n_functions; k++)
      free(a->function_names[k]);
    free(a->function_names);
    free(a->functions);
    free(a->name);
    free(a->instance);
  }
  free(sc->alternatives);
  for (int i = 0; sc->capacity && i < sc->n_capacity; i++) {
    free(sc->capacity[i].name);
    free(sc->capacity[i].instance_type);
  }
  free(sc->capacity);
  for (int i = 0; sc->price.instances && i < sc->price.n_instances; i++)
    free(sc->price.instances[i].name);
  free(sc->price.instances);
  free(sc->price.name);
  free(sc->price.date);
  free(sc->price.source);
  free(sc->price.compute.service);
  free(sc->path);
  free(sc->text);
  free(sc->overrides);
  free(sc->invocation);
  free(sc->model_files);
  free(sc->warnings);
  sls_ld_events_free(sc);
  free(sc->name);
  free(sc->platform);
  memset(sc, 0, sizeof *sc);
}
