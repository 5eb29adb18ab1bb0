/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schema — the scenario language, declared once.
 *
 * Every key of every entity is one row: its name, type and unit, range, default, whether it is
 * required, whether the platform preset may give it, where it is stored, and one line saying
 * what it means and where its default comes from.  From these rows
 *   - the loader checks every group's keys (unknown keys, with "did you mean") and reads the
 *     plain ones: type, range, default, the platform preset's value (scenario/core.c);
 *   - `check` prints the resolved scenario (scenario/print.c);
 *   - --set and --vary type their values (scenario/override.c);
 *   - `slsim keys` prints the reference, and the build writes docs/scenario-reference.md and the
 *     slsim-scenario(5) man page (scenario/keys.c).
 * Adding a key is one row plus the model code that uses it.  A key whose reading needs more than
 * a type and a range (a group that is one of several shapes, a range that depends on another
 * key, a name to resolve) carries SLS_KF_CODE: its entity's loader reads it, but it is declared,
 * checked, typed and documented here like every other.
 *
 *   sls_schema "function" ---keys---> { "memory_mb", INT, 128..10240, def 128, PLATFORM, at
 *                                       offsetof(sls_function_spec, memory_mb), "MB", ... }
 *                                     { "duration", DIST, REQUIRED|CODE, sub = &distribution }
 *                                     { "per_invocation", GROUP, sub = &per_invocation } ...
 */
#ifndef SLS_SCHEMA_H
#define SLS_SCHEMA_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
  SLS_KT_INT,          /* an integer */
  SLS_KT_NUM,          /* a number */
  SLS_KT_BOOL,         /* true or false */
  SLS_KT_TEXT,         /* free text (a description, a source) */
  SLS_KT_NAME,         /* a name (engine/text.h), or the name of another entity */
  SLS_KT_PATH,         /* a file, relative to the scenario's directory */
  SLS_KT_ENUM,         /* one of values[] */
  SLS_KT_TIME,         /* a time: KEY_ms, KEY_s, KEY_min, KEY_h or KEY_d */
  SLS_KT_RATE,         /* a rate: KEY_per_s, KEY_per_min, KEY_per_h or KEY_per_day */
  SLS_KT_DIST,         /* a distribution { dist = "..."; ... } (the "distribution" schema) */
  SLS_KT_TIME_OR_DIST, /* a constant time KEY_<unit>, or KEY = a distribution */
  SLS_KT_GROUP,        /* { ... } with sub's keys */
  SLS_KT_LIST,         /* ( { ... }, ... ), each with sub's keys */
  SLS_KT_ARRAY,        /* [ numbers ] */
  SLS_KT_TIMES,        /* [ times ]: KEY_ms = [...], KEY_s = [...], ... */
  SLS_KT_NAMES,        /* [ names ] */
  SLS_KT_MODEL         /* the name of a model file (models/KIND/NAME.cfg), or the model inline */
} sls_key_type;

enum {
  SLS_KF_REQUIRED = 1, /* no default: the group must give it */
  SLS_KF_PLATFORM = 2, /* when absent, the platform preset's group may give it */
  SLS_KF_CODE = 4,     /* read (and printed) by its entity's code, not generically */
  SLS_KF_NONE = 8,     /* the default `def` means "none": such a value is not printed */
  SLS_KF_UNUSED = 16   /* read and checked, not kept (a description): never printed */
};

typedef struct sls_schema sls_schema;

typedef struct sls_key {
  const char *name;
  sls_key_type type;
  double lo, hi;             /* range, in the key's own unit: times in s, rates in 1/s */
  double def;                /* default in that unit (ENUM: index, BOOL: 0 or 1); NAN: none */
  unsigned flags;            /* SLS_KF_* */
  int off;                   /* where the value is stored in the entity's struct; -1: by code */
  int size;                  /* the stored field's size (INT: int or int64_t) */
  const char *const *values; /* ENUM: the values, NULL-terminated */
  const sls_schema *sub;     /* GROUP, LIST: the element's keys; DIST and TIME_OR_DIST: distribution */
  const char *unit;          /* what a number counts ("MB", "probability", "USD per GB-s"); NULL: none */
  const char *def_text;      /* the default when it is not one number ("memory_mb", "from the trace") */
  unsigned kinds;            /* arrival keys: the kinds (bit i: sls_arrival_kind i) that use it; 0: all */
  double scale;              /* stored = written x scale (0: 1): prices "per million" are kept per unit */
  const char *meaning;       /* one line, with where its default comes from */
} sls_key;

struct sls_schema {
  const char *name;    /* "function", "arrival", ... */
  const char *where;   /* where it is written: "functions = ( { ... } )" */
  const char *meaning; /* what the entity is */
  const sls_key *keys;
  int n;
};

/* Every schema, the scenario's first, NULL-terminated. */
extern const sls_schema *const sls_schemas[];
extern const sls_schema sls_schema_scenario, sls_schema_account, sls_schema_scaling, sls_schema_function,
    sls_schema_per_invocation, sls_schema_runtime, sls_schema_by_memory, sls_schema_source,
    sls_schema_arrival, sls_schema_client, sls_schema_workflow, sls_schema_queue, sls_schema_mapping,
    sls_schema_downstream, sls_schema_collapse, sls_schema_trace, sls_schema_alternative, sls_schema_capacity,
    sls_schema_distribution, sls_schema_platform, sls_schema_api_gateway, sls_schema_gateway,
    sls_schema_pricing, sls_schema_duration_tiers, sls_schema_request_tiers, sls_schema_gb_tiers,
    sls_schema_pc_price, sls_schema_free_tier, sls_schema_sfn_price, sls_schema_nat_price,
    sls_schema_fargate_price, sls_schema_fargate_arch, sls_schema_ec2_price, sls_schema_compute_price, sls_schema_limits, sls_schema_emit,
    sls_schema_topic, sls_schema_subscription, sls_schema_bus, sls_schema_rule, sls_schema_join,
    sls_schema_outage, sls_schema_machine, sls_schema_state, sls_schema_retrier, sls_schema_catcher,
    sls_schema_choice, sls_schema_sfn_quotas, sls_schema_event, sls_schema_pc_autoscaling;

/* The schema called name, or NULL. */
const sls_schema *sls_schema_find(const char *name);
/* The row whose values the rows' `kinds` bits index: "kind" (an arrival, an emission), or "type"
 * (a state of a state machine). */
const sls_key *sls_schema_kind_row(const sls_schema *s);
/* The row named name (its base name: "timeout", not "timeout_s") in s, or NULL. */
const sls_key *sls_schema_row(const sls_schema *s, const char *name);
/* Whether name (as written in a group) is a spelling of k: its name, or its name with a unit
 * suffix for times and rates; *suffix_scale (may be NULL) as below. */
int sls_schema_key_is(const sls_key *k, const char *name, double *suffix_scale);
/* The row of key (the name as written, a unit suffix included) in s, or NULL; *suffix_scale
 * (may be NULL) gets what one unit of the suffix is worth (ns for times, 1/s for rates). */
const sls_key *sls_schema_key(const sls_schema *s, const char *key, double *suffix_scale);
/* The accepted spellings of a key, for messages: "timeout_ms|_s|_min|_h|_d". */
void sls_key_spelling(const sls_key *k, char *out, size_t n);

/* The unit suffixes of times and rates, and what one unit is worth (ns, 1/s). */
typedef struct sls_unit {
  const char *suffix;
  double scale;
} sls_unit;
extern const sls_unit sls_time_units[5], sls_rate_units[4];

/* The reference: every key of entity (NULL: all) as a text table, Markdown or roff (man
 * page section 5). */
typedef enum { SLS_KEYS_TEXT, SLS_KEYS_MARKDOWN, SLS_KEYS_MAN } sls_keys_format;
/* entity may also be ENTITY.KEY (a key as written: "function.timeout_s"): that row alone.
 * Returns 0, or -1 when there is no such entity or key. */
int sls_keys_print(FILE *out, const char *entity, sls_keys_format fmt);

/* The --set key paths that extend prefix ("functions.api.mem" -> "functions.api.memory_mb"), one a
 * line: a key of the entity reached, with each unit suffix; "KEY." for a group, a list or a
 * distribution; a list element by the names sc has (sc may be NULL: any one name is taken). */
struct sls_scenario;
int sls_keys_complete(FILE *out, const char *prefix, const struct sls_scenario *sc);
/* Every key as written (each unit suffix) and every enum value quoted, one a line: the words of
 * the language, for the fuzzer's dictionary (scripts/fuzz-dict.sh). */
void sls_keys_words(FILE *out);

#endif
