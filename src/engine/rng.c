/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "engine/rng.h"

#include "engine/util.h"

static uint64_t fnv1a(uint64_t h, const char *s) {
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

/* SplitMix64 finaliser (Steele, Lea, Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014): spreads the hash's bits so nearby inputs give unrelated seeds. */
static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

uint64_t sls_rng_seed(uint64_t run_seed, const char *entity, const char *purpose) {
  uint64_t h = UINT64_C(0xcbf29ce484222325) ^ mix64(run_seed);
  h = fnv1a(h, entity);
  h = fnv1a(h ^ 0x1f, purpose); /* separator so ("ab","c") != ("a","bc") */
  return mix64(h);
}

gsl_rng *sls_rng_alloc(uint64_t run_seed, const char *entity, const char *purpose) {
  gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
  if (!r) sls_oom(sizeof(gsl_rng) + gsl_rng_taus2->size);
  uint64_t s = sls_rng_seed(run_seed, entity, purpose);
  unsigned long s32 = (unsigned long)((s ^ (s >> 32)) & 0xffffffffu);
  gsl_rng_set(r, s32 ? s32 : 1); /* 0 would select the generator's default seed */
  return r;
}
