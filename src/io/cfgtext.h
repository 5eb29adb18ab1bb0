/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cfgtext — a libconfig file (scenario or model) as slsim reads it, before libconfig parses it.
 *
 *  - `@include "FILE"` lines are expanded here, FILE relative to the directory of the file that
 *    includes it (libconfig 1.5 resolves them against the working directory, where a namesake
 *    would be read silently), at most 10 deep (libconfig's own limit), 64 MiB in all.
 *  - libconfig 1.5 reads an integer literal that does not fit in 32 bits by wrapping it
 *    (5000000000 becomes 705032704, 4294967297 becomes 1) unless it ends in L.  Such literals
 *    get their L here, so they are read as the 64-bit integers written; one that does not fit
 *    in 64 bits is an error at FILE:LINE.
 *  - every line of the expanded text maps back to its file and line, for messages.
 *
 * The expanded text, as written, is what a result file stores as the scenario's text.
 */
#ifndef SLS_CFGTEXT_H
#define SLS_CFGTEXT_H

#include <stddef.h>

typedef struct sls_cfg_line {
  int file; /* index into files */
  int line; /* line in that file, 1-based */
} sls_cfg_line;

typedef struct sls_cfgtext {
  char *text;        /* the expanded text, as written */
  char *parse;       /* the same with L added to 64-bit integer literals: what libconfig reads */
  int n_lines;       /* lines of the expanded text */
  sls_cfg_line *map; /* [n_lines]: where expanded line k + 1 came from */
  char **files;      /* the files read, the top one first (owned) */
  int n_files;
} sls_cfgtext;

#define SLS_CFGTEXT_MAX_BYTES (64 << 20)
#define SLS_CFGTEXT_MAX_DEPTH 10

/* Reads path and its includes into *t.  Returns 0, SLS_EIO when path cannot be read (message
 * "PATH: cannot read: ..."), or SLS_EINPUT with FILE:LINE: ... in err; on failure *t holds
 * nothing to free. */
int sls_cfgtext_read(const char *path, sls_cfgtext *t, char *err);
/* The file of expanded line `line` (1-based), and its own line in *orig; path of the top file
 * and *orig = 0 when line is out of range. */
const char *sls_cfgtext_where(const sls_cfgtext *t, int line, int *orig);
void sls_cfgtext_free(sls_cfgtext *t);

#endif
