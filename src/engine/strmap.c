/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "engine/strmap.h"

#include <stdint.h>
#include <string.h>

#include "engine/util.h"

static uint64_t fnv1a(const char *s) {
  uint64_t h = 14695981039346656037ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  return h;
}

void sls_strmap_init(sls_strmap *m, size_t expected) {
  m->cap = 16;
  while (m->cap < 2 * expected + 2)
    m->cap *= 2;
  m->n = 0;
  m->keys = sls_xcalloc(m->cap, sizeof *m->keys);
  m->vals = sls_xcalloc(m->cap, sizeof *m->vals);
}

void sls_strmap_destroy(sls_strmap *m) {
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

/* The slot holding key, or the empty slot where it would go. */
static size_t slot(const sls_strmap *m, const char *key) {
  size_t i = (size_t)fnv1a(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key) != 0)
    i = (i + 1) & (m->cap - 1);
  return i;
}

int sls_strmap_get(const sls_strmap *m, const char *key) {
  size_t i = slot(m, key);
  return m->keys[i] ? m->vals[i] : -1;
}

int sls_strmap_put(sls_strmap *m, const char *key, int val) {
  size_t i = slot(m, key);
  if (m->keys[i]) return m->vals[i];
  if (2 * (m->n + 1) > m->cap) { /* grow, then find the slot again */
    sls_strmap old = *m;
    sls_strmap_init(m, old.cap);
    for (size_t k = 0; k < old.cap; k++)
      if (old.keys[k]) {
        size_t j = slot(m, old.keys[k]);
        m->keys[j] = old.keys[k];
        m->vals[j] = old.vals[k];
        m->n++;
      }
    sls_strmap_destroy(&old);
    i = slot(m, key);
  }
  m->keys[i] = key;
  m->vals[i] = val;
  m->n++;
  return -1;
}
