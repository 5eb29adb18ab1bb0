/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loader — the scenario loader's own state and helpers, shared by the files of src/scenario/
 * and private to them (scenario.h is the contract).
 *
 *   load.c        the order of reading: platform, scenario keys, account, pricing, functions,
 *                 downstreams, queues, mappings, sources, traces, alternatives; freeing
 *   core.c        messages (FILE:LINE: KEY: ...), typed reads with ranges, the schema's keys:
 *                 unknown keys with "did you mean", every plain key read by its row
 *   models.c      distributions, model files (runtimes, pricing), reading a configuration file
 *   function.c    the account, functions, runtimes          queue.c   queues, mappings, downstreams
 *   source.c      sources and their arrivals                traces.c  trace blocks
 *   alternative.c always-on alternatives                    cycles.c  where work can circulate
 *   override.c    --set, typed by the schema                print.c   `check`'s resolved scenario
 *   keys.c        the schema's lookups and the reference (`slsim keys`, the man page)
 *
 * Every reader returns 0 or SLS_EINPUT; the first message is the one reported (sls_ld_fail).
 */
#ifndef SLS_LOADER_H
#define SLS_LOADER_H

#include <libconfig.h>
#include <stddef.h>

#include "engine/strmap.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"

/* A name and its index, sorted by name (duplicates and lookups in O(n log n)). */
typedef struct sls_name_ix {
  const char *name;
  int index;
} sls_name_ix;

typedef struct sls_loader {
  const char *path; /* scenario file */
  const char *base; /* a file in the directory that relative paths and ./models resolve from (path) */
  int n_vary;       /* the last n_vary overrides are a sweep point's --vary values */
  char *err;        /* caller's buffer */
  int failed;       /* an error has been reported (the first one wins) */
  config_t cfg;     /* the scenario */
  int have_cfg;     /* cfg was read (and must be destroyed) */
  config_t plat;    /* the platform preset */
  int have_plat;
  config_t aux;         /* a model file being read (runtime, pricing) */
  sls_name_ix *targets; /* functions then queues, sorted by name: what a source may target */
  int n_targets;
  int have_maps;                 /* the maps below are initialized */
  sls_strmap fq_map;             /* function name -> i, queue name -> n_functions + i */
  sls_strmap ds_map;             /* downstream name -> i */
  sls_strmap types;              /* event type -> its index in the scenario's event types */
  const char **fnames, **qnames; /* the names in order, for suggestions (not owned) */
  const char **dnames;
  int *mapping_of;                /* queue -> the mapping that drains it, or -1 */
  char **model_files;             /* where the model files read are recorded (the scenario's model_files) */
  sls_platform_limits lim;        /* the platform's limits (platform: limits = { ... }) */
  config_setting_t **ref_default; /* functions whose memory_mb an override set where the file wrote
                                     none: their ref_memory_mb is the platform's default memory */
  int n_ref_default;
} sls_loader;

#define SLS_LD_TABLE 1024 /* points in an inline table (on the stack: 8 KB each) */

/* ---- core.c: messages ---- */

/* Reports an error at setting s (or at its parent group when s is a missing key) as
 * FILE:LINE: KEY: MESSAGE.  Returns SLS_EINPUT. */
int sls_ld_fail(sls_loader *ld, const config_setting_t *s, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds a warning to sc (one line, printed as "slsim: warning: ..." by run and check). */
void sls_sc_warn(sls_scenario *sc, const char *w);
/* ... as FILE:LINE: KEY: MESSAGE at setting s, like sls_ld_fail, without failing. */
void sls_ld_warn(sls_loader *ld, sls_scenario *sc, const config_setting_t *s, const char *key,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The file and line setting s was written at (*line 0 for one made by --set or the loader). */
const char *sls_ld_where(const sls_loader *ld, const config_setting_t *s, int *line);
/* The closest of names[] to s, if close enough to be a likely typo, else NULL. */
const char *sls_ld_closest(const char *s, const char *const *names, int n);
/* path.key into buf ("key" alone when path is empty). */
void sls_ld_keypath(char *buf, size_t n, const char *path, const char *key);
/* "an integer", "a string", "a group { ... }", ...: what setting s is, for messages. */
const char *sls_ld_type_name(const config_setting_t *s);
int sls_ld_is_number(const config_setting_t *s);
double sls_ld_number(const config_setting_t *s);

/* ---- core.c: typed reads.  g: the group; fb: a fallback group (the platform preset's) or
 * NULL; path: g's key path; a value absent and not required leaves *out as it was. ---- */

config_setting_t *sls_ld_lookup(const config_setting_t *g, const config_setting_t *fb, const char *key);
/* A number in [lo, hi]; integer-only when integral. */
int sls_ld_num(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
               const char *key, double lo, double hi, int integral, int required, double *out);
int sls_ld_int64(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                 const char *key, double lo, double hi, int required, int64_t *out);
int sls_ld_bool(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                const char *key, int *out);
/* A string; *out points into the configuration (copy it); *where (may be NULL) its setting. */
int sls_ld_str(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
               const char *key, int required, const char **out, config_setting_t **where);
/* One of the NULL-terminated values[]: its index in *out. */
int sls_ld_enum(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                const char *key, const char *const *values, int *out);
/* The setting base_<unit> of a time in g, else in fb (NULL if absent; a key given in two units
 * is reported); *unit_ns what one unit is worth. */
config_setting_t *sls_ld_find_unit(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb,
                                   const char *path, const char *base, double *unit_ns);
/* A time in [lo_s, hi_s] seconds, in ns. */
int sls_ld_time(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                const char *base, double lo_s, double hi_s, int required, sls_time *out);
/* A rate base_per_<unit> in [lo, hi] per second. */
int sls_ld_rate(sls_loader *ld, const config_setting_t *g, const char *path, const char *base, double lo,
                double hi, int required, double *out);
/* An array of at most max numbers, each in lo..hi: its length, or -1 after reporting. */
int sls_ld_array(sls_loader *ld, const config_setting_t *s, const char *kp, double *out, int max, double lo,
                 double hi);

/* ---- core.c: the schema ---- */

/* Rejects the keys of g that schema s does not have, with the nearest one it has; with kind >= 0
 * (an arrival's kind), also the keys that do not apply to that kind. */
int sls_ld_check_keys(sls_loader *ld, const config_setting_t *g, const char *path, const sls_schema *s,
                      int kind);
/* Reads every key of s not marked SLS_KF_CODE into obj at its row's offset: its type, range and
 * default, the fallback group's value for SLS_KF_PLATFORM keys; with kind >= 0 only the keys
 * that apply to that kind. */
int sls_ld_read_keys(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                     const sls_schema *s, int kind, void *obj);
/* Reads the number of row key of s (a row marked SLS_KF_CODE, whose field the code chooses)
 * with its range, integrality, requiredness and scale; *out unchanged when absent. */
int sls_ld_row_num(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                   const sls_schema *s, const char *key, double *out);
/* The same for a time row; required adds to the row's own flag (a key required by one kind). */
int sls_ld_row_time(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                    const sls_schema *s, const char *key, int required, sls_time *out);
/* The opening of every named list element (functions, sources, queues, ...): a group with a
 * valid `name` and only s's keys.  Sets *name (owned by the configuration) and path to LIST.NAME. */
int sls_ld_named_element(sls_loader *ld, config_setting_t *g, const char *list, int idx, const sls_schema *s,
                         const char **name, char *path, size_t len);
/* A group key of g that must be a group if present (NULL when absent), with only s's keys. */
int sls_ld_group(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb, const char *path,
                 const char *key, const sls_schema *s, const char *expect, config_setting_t **out);
/* An optional list key: *list NULL and *n 0 when absent. */
int sls_ld_optional_list(sls_loader *ld, config_setting_t *root, const char *key, config_setting_t **list,
                         int *n);
/* Adds name (index i) to map; fails when it is there already. */
int sls_ld_unique_name(sls_loader *ld, config_setting_t *g, const char *what, const char *name,
                       sls_strmap *map, int i);
/* The index of name among names[0..n), looked up in map (names[i] at base + i), or -1 with the
 * closest in *sug. */
int sls_ld_find_name(const sls_strmap *map, int base, const char *name, const char *const *names, int n,
                     const char **sug);
/* Sorts n pairs; returns the index of the later of the first duplicate pair, or -1. */
int sls_ld_ix_sort(sls_name_ix *ix, int n);
int sls_ld_ix_find(const sls_name_ix *ix, int n, const char *name);
/* A path written in the scenario, relative to its directory (ld->base's; malloc'd). */
char *sls_ld_relative(const sls_loader *ld, const char *p);
/* The platform preset's group name, or NULL. */
config_setting_t *sls_ld_plat_group(sls_loader *ld, const char *name);
/* The number of values of a NULL-terminated list. */
int sls_ld_count(const char *const *values);

/* ---- models.c ---- */

/* A distribution group at path. */
int sls_ld_dist(sls_loader *ld, const config_setting_t *g, const char *path, sls_dist *d);
/* A time given as base_<unit> (a constant) or base = { dist ... }; *found 0 if absent. */
int sls_ld_time_or_dist(sls_loader *ld, const config_setting_t *g, const config_setting_t *fb,
                        const char *path, const char *base, double hi_s, sls_dist *d, int *found);
/* Reads file (io/cfgtext) into c, whose root then carries the text and its line map; from and
 * key: the setting that named the file, for a message. */
int sls_ld_read_cfg(sls_loader *ld, config_t *c, const char *file, const config_setting_t *from,
                    const char *key);
/* models/<kind>/<name>.cfg in the search path: 1 and its path in out, else 0 with the
 * directories searched in dirs. */
int sls_ld_find_model(const sls_loader *ld, const char *kind, const char *name, char *out, size_t n,
                      char *dirs, size_t dn);
/* The names under models/<kind>/ (for a message), and the closest to name. */
void sls_ld_list_models(const sls_loader *ld, const char *kind, const char *name, char *out, size_t n,
                        const char **suggest, char *sugbuf);
/* A function's runtime: a model name or an inline group, for a function of memory_mb. */
int sls_ld_runtime(sls_loader *ld, config_setting_t *s, const char *kp, int memory_mb, sls_runtime_spec *rt);
/* The pricing model named by s. */
int sls_ld_pricing(sls_loader *ld, config_setting_t *s, const char *kp, sls_price_spec *p);

/* ---- the entities ---- */

int sls_ld_account(sls_loader *ld, config_setting_t *root, sls_account_spec *a);
int sls_ld_function(sls_loader *ld, config_setting_t *g, int idx, sls_function_spec *f);
void sls_ld_function_clone(sls_function_spec *dst, const sls_function_spec *src, const char *name);
void sls_ld_function_free(sls_function_spec *f);
int sls_ld_queue(sls_loader *ld, config_setting_t *g, int idx, sls_queue_spec *q);
int sls_ld_downstream(sls_loader *ld, config_setting_t *g, int idx, sls_downstream_spec *d);
int sls_ld_mapping(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_mapping_spec *m);
int sls_ld_source(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_source_spec *s);
/* 1 if a source's key applies to what s delivers to: a topic or bus takes none of the keys about
 * invoking a function (invocation, via, workflow, api_gateway, gateway_latency, client). */
int sls_source_key_applies(const sls_source_spec *s, const char *key);
int sls_ld_trace(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_trace_spec *t);
int sls_ld_alternative(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc,
                       sls_alternative_spec *a);
/* Capacity providers (Lambda Managed Instances), and each function's bound to one: its environment
 * must fit one instance. */
int sls_ld_capacity(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_capacity_spec *c);
int sls_ld_capacity_bind(sls_loader *ld, config_setting_t *root, sls_scenario *sc);
/* The graph (graph.c): a function's emissions (names, resolved by sls_ld_graph), a downstream's
 * outages, and topics, buses and joins, loaded and every name resolved. */
int sls_ld_emits(sls_loader *ld, config_setting_t *g, const char *path, sls_function_spec *f);
int sls_ld_outages(sls_loader *ld, config_setting_t *g, const char *path, sls_downstream_spec *d);
int sls_ld_graph(sls_loader *ld, config_setting_t *root, sls_scenario *sc);
/* An optional name key g.key, checked against the rule for names (engine/text.h), copied to *out
 * (NULL when absent). */
int sls_ld_name_key(sls_loader *ld, const config_setting_t *g, const char *path, const char *key, char **out);
/* A lognormal by its median and 99th percentile in ms (kept in whole ns: a printed scenario reads
 * back the same). */
void sls_ld_lognormal_ms(sls_dist *d, double p50_ms, double p99_ms);
/* Step Functions (machine.c): a state machine's states as written (names only), then, once every
 * name is known, its states' targets resolved and its scopes checked; the account's quotas. */
int sls_ld_machine(sls_loader *ld, config_setting_t *g, int idx, sls_scenario *sc, sls_machine_spec *m);
int sls_ld_machine_resolve(sls_loader *ld, config_setting_t *g, sls_scenario *sc, sls_machine_spec *m);
void sls_ld_machine_free(sls_machine_spec *m);
/* Resolves name among the shared namespace's entries of the kinds in allowed (a bit per
 * sls_target_kind; SLS_TARGET_API: a downstream), into *out; else a message at at, kp. */
int sls_ld_resolve(sls_loader *ld, const sls_scenario *sc, const config_setting_t *at, const char *kp,
                   const char *name, unsigned allowed, sls_target *out);
/* The index of event type t in sc's event types (added when new). */
int sls_ld_event_type(sls_loader *ld, sls_scenario *sc, const char *t);
/* events.c: the timeline (after every entity it may name, traces' functions included). */
int sls_ld_events(sls_loader *ld, config_setting_t *root, sls_scenario *sc);
void sls_ld_events_free(sls_scenario *sc);
/* lints.c: warnings of settings that would distort what is measured (every one described there). */
void sls_ld_lints(sls_loader *ld, config_setting_t *root, sls_scenario *sc);
/* Warns (sc->warnings) of every cycle work can flow around. */
void sls_ld_cycles(sls_loader *ld, config_setting_t *root, sls_scenario *sc);
/* Applies one --set (vary: a sweep's --vary) to the scenario's settings, typed by the schema. */
int sls_ld_override(sls_loader *ld, const sls_override *o, int vary);

#endif
