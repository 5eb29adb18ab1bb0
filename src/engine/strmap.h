/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * strmap — a map from strings to non-negative ints, for looking names up in O(1): the loader's
 * names, a trace's functions, a study's varied values.
 *
 * Open addressing with linear probing over a power-of-two table kept at most half full; the
 * hash is 64-bit FNV-1a.  Keys are not copied: they must outlive the map.  Nothing iterates the
 * table, so its order never reaches a result (STYLE 6).
 */
#ifndef SLS_STRMAP_H
#define SLS_STRMAP_H

#include <stddef.h>

typedef struct sls_strmap {
  size_t cap;        /* slots, a power of two */
  size_t n;          /* keys held */
  const char **keys; /* [cap], NULL when empty (not owned) */
  int *vals;         /* [cap] */
} sls_strmap;

/* An empty map sized for about `expected` keys.  Cannot fail (out of memory exits). */
void sls_strmap_init(sls_strmap *m, size_t expected);
void sls_strmap_destroy(sls_strmap *m);
/* The value of key, or -1 when absent. */
int sls_strmap_get(const sls_strmap *m, const char *key);
/* Adds key -> val (val >= 0) unless key is present.  Returns -1 when added, else the value the
 * key already had (the map is unchanged). */
int sls_strmap_put(sls_strmap *m, const char *key, int val);

#endif
