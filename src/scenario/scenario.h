/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario — reads and validates a libconfig scenario file into an sls_scenario.
 *
 * Validation is complete: unknown keys (with a "did you mean"), wrong types, values out of
 * range and dangling references (a source's target, a runtime or platform model that does not
 * exist) are all reported as
 *
 *     FILE:LINE: KEY: expected WHAT, got VALUE
 *
 * and the load fails with SLS_EINPUT before anything is simulated or written.
 *
 * Defaults come from the platform preset named by `platform` (models/platforms/NAME.cfg),
 * then from built-in values that follow docs/facts.md.  Model files (runtimes,
 * platforms, pricing) are searched in $SLSIM_MODELS, next to the scenario (../models and
 * ./models), the source tree and the installed data directory.
 *
 * Times accept a unit suffix on the key: _ms, _s, _min, _h, _d (timeout_s = 3.0, or
 * timeout_ms = 3000); a key may be given in one unit only.  Rates: rate_per_s, _per_min,
 * _per_h, _per_day.
 */
#ifndef SLS_SCENARIO_H
#define SLS_SCENARIO_H

#include <stdio.h>

#include "model/world.h"

/* One --set KEY=VALUE override, applied to the file's settings before validation. */
typedef struct sls_override {
  const char *key;   /* e.g. "functions.api.memory_mb" (list elements by name or [index]) */
  const char *value; /* typed by the key's row in the schema (scenario/schema.h) */
} sls_override;

/*
 * Loads path into *sc.  Returns 0, or SLS_EINPUT with the message in err (SLS_ERRLEN
 * bytes); on failure *sc holds nothing to free.  On success free with sls_scenario_free.
 */
int sls_scenario_load(const char *path, const sls_override *sets, int n_sets, sls_scenario *sc, char *err);
/* The same for a point of a sweep: the last n_vary of the n_sets overrides are its --vary values
 * (messages name them so). */
int sls_scenario_load_point(const char *path, const sls_override *sets, int n_sets, int n_vary,
                            sls_scenario *sc, char *err);
/* The same for a scenario given as text (through a temporary file in $TMPDIR or /tmp, so the
 * loader and its messages are the file loader's); SLS_EIO when no temporary file can be made. */
int sls_scenario_load_text(const char *text, const sls_override *sets, int n_sets, sls_scenario *sc,
                           char *err);
/* The same, with the paths the text gives (traces, rate files, ./models) relative to the directory
 * of the file beside (NULL: the temporary file's), as if the text were a file beside it: the
 * resolved text of a scenario loads again with its traces where they were. */
int sls_scenario_load_text_at(const char *text, const char *beside, const sls_override *sets, int n_sets,
                              sls_scenario *sc, char *err);
/* Prints the resolved scenario (every default made explicit) in libconfig syntax. */
void sls_scenario_print(FILE *out, const sls_scenario *sc);
/* Levenshtein distance, for "did you mean" (exposed for tests). */
int sls_edit_distance(const char *a, const char *b);

#endif
