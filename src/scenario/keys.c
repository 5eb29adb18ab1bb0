/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The schema's lookups, and the reference written from it: `slsim keys` (text), the generated
 * docs/scenario-reference.md (Markdown) and slsim-scenario(5) (roff).  All three print the same
 * fields of the same rows in the same order; only the markup differs.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "scenario/schema.h"

const sls_schema *sls_schema_find(const char *name) {
  for (int i = 0; sls_schemas[i]; i++)
    if (!strcmp(sls_schemas[i]->name, name)) return sls_schemas[i];
  return NULL;
}

/* Whether name is base + one of the n suffixes; the unit's worth in *scale. */
static int suffixed(const char *name, const char *base, const sls_unit *u, int n, double *scale) {
  size_t bl = strlen(base);
  if (strncmp(name, base, bl) != 0) return 0;
  for (int i = 0; i < n; i++)
    if (!strcmp(name + bl, u[i].suffix)) {
      if (scale) *scale = u[i].scale;
      return 1;
    }
  return 0;
}

int sls_schema_key_is(const sls_key *k, const char *name, double *suffix_scale) {
  if (suffix_scale) *suffix_scale = 1;
  switch (k->type) {
  case SLS_KT_TIME:
  case SLS_KT_TIMES: return suffixed(name, k->name, sls_time_units, 5, suffix_scale);
  case SLS_KT_TIME_OR_DIST:
    return !strcmp(name, k->name) || suffixed(name, k->name, sls_time_units, 5, suffix_scale);
  case SLS_KT_RATE: return suffixed(name, k->name, sls_rate_units, 4, suffix_scale);
  default: return !strcmp(name, k->name);
  }
}

const sls_key *sls_schema_row(const sls_schema *s, const char *name) {
  for (int i = 0; i < s->n; i++)
    if (!strcmp(s->keys[i].name, name)) return &s->keys[i];
  return NULL;
}

const sls_key *sls_schema_kind_row(const sls_schema *s) {
  const sls_key *k = sls_schema_row(s, "kind");
  return k ? k : sls_schema_row(s, "type");
}

const sls_key *sls_schema_key(const sls_schema *s, const char *key, double *suffix_scale) {
  for (int i = 0; i < s->n; i++)
    if (sls_schema_key_is(&s->keys[i], key, suffix_scale)) return &s->keys[i];
  return NULL;
}

void sls_key_spelling(const sls_key *k, char *out, size_t n) {
  switch (k->type) {
  case SLS_KT_TIME:
  case SLS_KT_TIMES: snprintf(out, n, "%s_ms|_s|_min|_h|_d", k->name); break;
  case SLS_KT_TIME_OR_DIST: snprintf(out, n, "%s_ms|_s|_min|_h|_d, or %s", k->name, k->name); break;
  case SLS_KT_RATE: snprintf(out, n, "%s_per_s|_per_min|_per_h|_per_day", k->name); break;
  default: snprintf(out, n, "%s", k->name); break;
  }
}

/* ---- the reference ---- */

/* What a value of k is. */
static void type_text(const sls_key *k, char *out, size_t n) {
  switch (k->type) {
  case SLS_KT_INT: snprintf(out, n, "integer"); break;
  case SLS_KT_NUM: snprintf(out, n, "number"); break;
  case SLS_KT_BOOL: snprintf(out, n, "true or false"); break;
  case SLS_KT_TEXT: snprintf(out, n, "string"); break;
  case SLS_KT_NAME: snprintf(out, n, "name"); break;
  case SLS_KT_PATH: snprintf(out, n, "file (relative to the scenario)"); break;
  case SLS_KT_ENUM:
    snprintf(out, n, "one of");
    for (int i = 0; k->values[i]; i++)
      snprintf(out + strlen(out), n - strlen(out), "%s \"%s\"", i ? "," : "", k->values[i]);
    break;
  case SLS_KT_TIME: snprintf(out, n, "time"); break;
  case SLS_KT_RATE: snprintf(out, n, "rate"); break;
  case SLS_KT_DIST: snprintf(out, n, "distribution"); break;
  case SLS_KT_TIME_OR_DIST: snprintf(out, n, "time, or a distribution"); break;
  case SLS_KT_GROUP: snprintf(out, n, "group: %s", k->sub->name); break;
  case SLS_KT_LIST: snprintf(out, n, "list of %s", k->sub->name); break;
  case SLS_KT_ARRAY: snprintf(out, n, "array of numbers"); break;
  case SLS_KT_TIMES: snprintf(out, n, "array of times"); break;
  case SLS_KT_NAMES: snprintf(out, n, "array of names"); break;
  case SLS_KT_MODEL:
    snprintf(out, n, "model name%s%s", k->sub ? ", or a group: " : "", k->sub ? k->sub->name : "");
    break;
  }
  if (k->unit) snprintf(out + strlen(out), n - strlen(out), ", %s", k->unit);
}

/* A number in its shortest faithful form (1e+06 for a million). */
static void num_text(double x, char *out, size_t n) {
  if (x != 0 && (fabs(x) >= 1e6 || fabs(x) < 1e-3)) { /* 1e9, 9.3e18, 1e-6 */
    char buf[48], *e;
    snprintf(buf, sizeof buf, "%.6g", x);
    if ((e = strchr(buf, 'e')) != NULL) {
      int exp = atoi(e + 1);
      *e = 0;
      snprintf(out, n, "%se%d", buf, exp);
      return;
    }
  }
  snprintf(out, n, "%.15g", x);
}

/* A time in seconds, in the largest unit that holds it whole: "15 min", "14 d", "0.1 s". */
static void time_text(double x, char *out, size_t n) {
  static const struct {
    double s;
    const char *unit;
  } u[] = {{86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}, {1e-3, "ms"}};
  for (size_t i = 0; x > 0 && isfinite(x) && i < sizeof u / sizeof *u; i++) {
    double q = x / u[i].s;
    if (q >= 1 && fabs(q - round(q)) < 1e-9 * q) {
      num_text(round(q), out, n);
      snprintf(out + strlen(out), n - strlen(out), " %s", u[i].unit);
      return;
    }
  }
  num_text(x, out, n);
  snprintf(out + strlen(out), n - strlen(out), " s");
}

/* The range of k ("" when it has none). */
static void range_text(const sls_key *k, char *out, size_t n) {
  out[0] = 0;
  int ranged = k->type == SLS_KT_INT || k->type == SLS_KT_NUM || k->type == SLS_KT_TIME ||
               k->type == SLS_KT_RATE || k->type == SLS_KT_ARRAY || k->type == SLS_KT_TIMES ||
               k->type == SLS_KT_TIME_OR_DIST;
  if (!ranged || !(k->hi > k->lo)) return;
  char lo[32], hi[32];
  if (k->type == SLS_KT_TIME || k->type == SLS_KT_TIMES || k->type == SLS_KT_TIME_OR_DIST) {
    time_text(k->lo, lo, sizeof lo);
    time_text(k->hi, hi, sizeof hi);
    snprintf(out, n, "%s..%s", lo, hi);
    return;
  }
  num_text(k->lo, lo, sizeof lo);
  num_text(k->hi, hi, sizeof hi);
  snprintf(out, n, "%s..%s%s", lo, hi, k->type == SLS_KT_RATE ? " per s" : "");
}

/* The default of k. */
static void default_text(const sls_key *k, char *out, size_t n) {
  if (k->def_text)
    snprintf(out, n, "%s", k->def_text);
  else if (k->flags & SLS_KF_REQUIRED)
    snprintf(out, n, "required");
  else if (isnan(k->def) || (k->flags & SLS_KF_UNUSED))
    snprintf(out, n, "none");
  else if (k->type == SLS_KT_ENUM)
    snprintf(out, n, "\"%s\"", k->values[(int)k->def]);
  else if (k->type == SLS_KT_BOOL)
    snprintf(out, n, "%s", k->def != 0 ? "true" : "false");
  else if (isinf(k->def))
    snprintf(out, n, "none");
  else if (k->type == SLS_KT_TIME)
    time_text(k->def, out, n);
  else {
    num_text(k->def, out, n);
    if (k->type == SLS_KT_RATE) snprintf(out + strlen(out), n - strlen(out), " per s");
  }
  if ((k->flags & SLS_KF_PLATFORM) && !strstr(out, "platform"))
    snprintf(out + strlen(out), n - strlen(out), " (or the platform's)");
}

/* The arrival kinds k applies to ("" for all). */
static void kinds_text(const sls_schema *s, const sls_key *k, char *out, size_t n) {
  out[0] = 0;
  const sls_key *kk = k->kinds ? sls_schema_kind_row(s) : NULL;
  for (int b = 0; kk && kk->values[b]; b++)
    if (k->kinds >> b & 1)
      snprintf(out + strlen(out), n - strlen(out), "%s%s", *out ? ", " : "", kk->values[b]);
}

/* The fields of one row, as text. */
typedef struct row_text {
  char spelling[160], type[256], range[96], def[160], kinds[160];
} row_text;

static void row_fill(const sls_schema *s, const sls_key *k, row_text *r) {
  sls_key_spelling(k, r->spelling, sizeof r->spelling);
  type_text(k, r->type, sizeof r->type);
  range_text(k, r->range, sizeof r->range);
  default_text(k, r->def, sizeof r->def);
  kinds_text(s, k, r->kinds, sizeof r->kinds);
}

/* Markdown table cell: '|' escaped. */
static void md_cell(FILE *out, const char *t) {
  for (; *t; t++) {
    if (*t == '|') fputc('\\', out);
    fputc(*t, out);
  }
}

/* roff text: backslashes doubled, a leading '.' or '\'' guarded, '-' as a hyphen. */
static void roff(FILE *out, const char *t) {
  if (*t == '.' || *t == '\'') fputs("\\&", out);
  for (; *t; t++) {
    if (*t == '\\')
      fputs("\\e", out);
    else if (*t == '-')
      fputs("\\-", out);
    else
      fputc(*t, out);
  }
}

static void print_schema(FILE *out, const sls_schema *s, sls_keys_format fmt) {
  row_text r;
  if (fmt == SLS_KEYS_TEXT) {
    fprintf(out, "%s: %s\n  written: %s\n\n", s->name, s->meaning, s->where);
    for (int i = 0; i < s->n; i++) {
      const sls_key *k = &s->keys[i];
      row_fill(s, k, &r);
      fprintf(out, "  %s\n      %s", r.spelling, r.type);
      if (*r.range) fprintf(out, "; %s", r.range);
      fprintf(out, "; default %s", r.def);
      if (*r.kinds) fprintf(out, "; kinds: %s", r.kinds);
      fprintf(out, "\n      %s\n", k->meaning);
    }
    fprintf(out, "\n");
  } else if (fmt == SLS_KEYS_MARKDOWN) {
    fprintf(out, "## %s\n\n%c%s. Written: `%s`\n\n", s->name, toupper((unsigned char)s->meaning[0]),
            s->meaning + 1, s->where);
    fprintf(out, "| Key | Type | Range | Default | Meaning |\n|---|---|---|---|---|\n");
    for (int i = 0; i < s->n; i++) {
      const sls_key *k = &s->keys[i];
      row_fill(s, k, &r);
      fprintf(out, "| `");
      md_cell(out, r.spelling);
      fprintf(out, "` | ");
      md_cell(out, r.type);
      fprintf(out, " | ");
      md_cell(out, r.range);
      fprintf(out, " | ");
      md_cell(out, r.def);
      fprintf(out, " | ");
      if (*r.kinds) {
        fprintf(out, "(");
        md_cell(out, r.kinds);
        fprintf(out, ") ");
      }
      md_cell(out, k->meaning);
      fprintf(out, " |\n");
    }
    fprintf(out, "\n");
  } else {
    char cap[256];
    snprintf(cap, sizeof cap, "%s", s->meaning);
    cap[0] = (char)toupper((unsigned char)cap[0]);
    fprintf(out, ".SS %s\n", s->name);
    roff(out, cap);
    fprintf(out, ".\n.br\nWritten: ");
    roff(out, s->where);
    fprintf(out, "\n");
    for (int i = 0; i < s->n; i++) {
      const sls_key *k = &s->keys[i];
      row_fill(s, k, &r);
      fprintf(out, ".TP\n.B ");
      roff(out, r.spelling);
      fprintf(out, "\n");
      roff(out, r.type);
      if (*r.range) {
        fprintf(out, "; ");
        roff(out, r.range);
      }
      fprintf(out, "; default ");
      roff(out, r.def);
      if (*r.kinds) {
        fprintf(out, "; kinds: ");
        roff(out, r.kinds);
      }
      fprintf(out, ".\n.br\n");
      roff(out, k->meaning);
      fprintf(out, "\n");
    }
  }
}

static const char intro_units[] =
    "Times carry their unit in the key: timeout_ms, timeout_s, timeout_min, timeout_h or timeout_d (one of "
    "them per key). Rates likewise: rate_per_s, rate_per_min, rate_per_h, rate_per_day. Ranges are in "
    "seconds "
    "and per second. A key marked \"or the platform's\" takes the platform preset's value when the scenario "
    "does not give it (models/platforms/NAME.cfg); `slsim check FILE` prints the scenario with every default "
    "made explicit. In the meanings, \"Doc\" names the provider's documentation page and \"facts §n\" is "
    "section n of docs/facts.md, the platform facts with their sources.";

int sls_keys_print(FILE *out, const char *entity, sls_keys_format fmt) {
  const sls_schema *only = NULL;
  const char *dot = entity ? strchr(entity, '.') : NULL;
  if (dot) { /* ENTITY.KEY: that key alone */
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(dot - entity), entity);
    const sls_schema *s = sls_schema_find(name);
    const sls_key *k = s ? sls_schema_key(s, dot + 1, NULL) : NULL;
    if (!k) return -1;
    sls_schema one = *s;
    one.keys = k;
    one.n = 1;
    print_schema(out, &one, fmt);
    return 0;
  }
  if (entity && !(only = sls_schema_find(entity))) return -1;
  if (fmt == SLS_KEYS_MARKDOWN && !only) {
    fprintf(out,
            "# Scenario reference\n\n"
            "<!-- Generated from src/scenario/schema.c by `make reference` (slsim keys --markdown); "
            "tests/cli.sh fails when it is stale. Do not edit. -->\n\n"
            "A scenario is a libconfig file (`key = value;`, groups `{ }`, lists `( )`, arrays `[ ]`). "
            "Each section below is one entity: where it is written, then every key with its type, "
            "range, default and meaning. %s\n\n",
            intro_units);
    for (int i = 0; sls_schemas[i]; i++)
      fprintf(out, "%s[%s](#%s)", i ? ", " : "Entities: ", sls_schemas[i]->name, sls_schemas[i]->name);
    fprintf(out, ".\n\n");
  } else if (fmt == SLS_KEYS_MAN && !only) {
    fprintf(out, ".\\\" Generated from src/scenario/schema.c by `make reference` (slsim keys --man). Do not "
                 "edit.\n"
                 ".TH SLSIM\\-SCENARIO 5 \"\" \"slsim\" \"File Formats Manual\"\n"
                 ".SH NAME\nslsim\\-scenario \\- the scenario files of slsim, a serverless simulator\n"
                 ".SH SYNOPSIS\n.B slsim check\n.I FILE.cfg\n.br\n.B slsim run\n.I FILE.cfg\n.br\n"
                 ".B slsim keys\n.RI [ ENTITY ]\n"
                 ".SH DESCRIPTION\nA scenario is a libconfig file (key = value;, groups { }, lists ( ), "
                 "arrays [ ]).\n");
    roff(out, intro_units);
    fprintf(out, "\n.SH ENTITIES\n");
  }
  for (int i = 0; sls_schemas[i]; i++)
    if (!only || only == sls_schemas[i]) print_schema(out, sls_schemas[i], fmt);
  if (fmt == SLS_KEYS_MAN && !only)
    fprintf(out, ".SH SEE ALSO\nThe project's README.md and docs/scenario-reference.md (the same keys).\n");
  return 0;
}

/* ---- completion and words ---- */

/* Every spelling of k whose text starts with part, each after done. */
static void complete_key(FILE *out, const char *done, const sls_key *k, const char *part) {
  char buf[160];
  size_t pl = strlen(part);
  const sls_unit *u = k->type == SLS_KT_RATE ? sls_rate_units : sls_time_units;
  int nu = k->type == SLS_KT_RATE ? 4 : 5;
  int descends = k->type == SLS_KT_GROUP || k->type == SLS_KT_LIST || k->type == SLS_KT_DIST ||
                 k->type == SLS_KT_TIME_OR_DIST || (k->type == SLS_KT_MODEL && k->sub);
  if (descends) {
    snprintf(buf, sizeof buf, "%s.", k->name);
    if (!strncmp(buf, part, pl)) fprintf(out, "%s%s\n", done, buf);
  }
  if (k->type == SLS_KT_TIME || k->type == SLS_KT_TIMES || k->type == SLS_KT_RATE ||
      k->type == SLS_KT_TIME_OR_DIST) {
    for (int i = 0; i < nu; i++) {
      snprintf(buf, sizeof buf, "%s%s", k->name, u[i].suffix);
      if (!strncmp(buf, part, pl)) fprintf(out, "%s%s\n", done, buf);
    }
  } else if (!descends && !strncmp(k->name, part, pl)) {
    fprintf(out, "%s%s\n", done, k->name);
  }
}

/* The names of the elements of list key k in sc (NULL when sc has none of that kind). */
static const char *element_name(const sls_scenario *sc, const sls_key *k, int i, int *n) {
  const sls_schema *s = k->sub;
  *n = 0;
  if (!sc) return NULL;
#define ELEMENTS(sub, arr, cnt)                                                                              \
  if (s == &sub) {                                                                                           \
    *n = sc->cnt;                                                                                            \
    return i < sc->cnt ? sc->arr[i].name : NULL;                                                             \
  }
  ELEMENTS(sls_schema_function, functions, n_functions)
  ELEMENTS(sls_schema_source, sources, n_sources)
  ELEMENTS(sls_schema_queue, queues, n_queues)
  ELEMENTS(sls_schema_mapping, mappings, n_mappings)
  ELEMENTS(sls_schema_downstream, downstreams, n_downstreams)
  ELEMENTS(sls_schema_trace, traces, n_traces)
  ELEMENTS(sls_schema_alternative, alternatives, n_alternatives)
#undef ELEMENTS
  return NULL;
}

int sls_keys_complete(FILE *out, const char *prefix, const sls_scenario *sc) {
  const sls_schema *s = &sls_schema_scenario;
  const sls_key *list = NULL; /* the list whose element comes next */
  const char *p = prefix;
  char done[512] = "";
  for (;;) {
    if (list) { /* an element: the longest name of sc's that p starts with, or any one token */
      int n = 0;
      size_t best = 0;
      element_name(sc, list, 0, &n);
      for (int i = 0; i < n; i++) {
        const char *nm = element_name(sc, list, i, &n);
        size_t l = strlen(nm);
        if (l > best && !strncmp(p, nm, l) && p[l] == '.') best = l;
      }
      if (!best && !sc) best = strcspn(p, ".");
      if (!best || p[best] != '.') { /* the element is being written */
        for (int i = 0; i < n; i++) {
          const char *nm = element_name(sc, list, i, &n);
          if (!strncmp(nm, p, strlen(p))) fprintf(out, "%s%s.\n", done, nm);
        }
        return 0;
      }
      snprintf(done + strlen(done), sizeof done - strlen(done), "%.*s.", (int)best, p);
      p += best + 1;
      s = list->sub;
      list = NULL;
      continue;
    }
    size_t n = strcspn(p, ".");
    if (!p[n]) break; /* the last, partial, token */
    char tok[128];
    snprintf(tok, sizeof tok, "%.*s", (int)(n < sizeof tok - 1 ? n : sizeof tok - 1), p);
    const sls_key *k = sls_schema_key(s, tok, NULL);
    if (!k || !k->sub) return 0; /* nothing below it */
    snprintf(done + strlen(done), sizeof done - strlen(done), "%s.", tok);
    p += n + 1;
    if (k->type == SLS_KT_LIST)
      list = k;
    else
      s = k->sub;
  }
  for (int i = 0; i < s->n; i++)
    if (!(s->keys[i].flags & SLS_KF_UNUSED)) complete_key(out, done, &s->keys[i], p);
  return 0;
}

void sls_keys_words(FILE *out) {
  for (int i = 0; sls_schemas[i]; i++)
    for (int r = 0; r < sls_schemas[i]->n; r++) {
      const sls_key *k = &sls_schemas[i]->keys[r];
      complete_key(out, "", k, "");
      if (k->type == SLS_KT_TIME_OR_DIST || k->type == SLS_KT_DIST || k->type == SLS_KT_GROUP ||
          k->type == SLS_KT_LIST || k->type == SLS_KT_MODEL)
        fprintf(out, "%s\n", k->name);
      for (int v = 0; k->values && k->values[v]; v++)
        fprintf(out, "\"%s\"\n", k->values[v]);
    }
}
