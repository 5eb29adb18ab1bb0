/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "engine/rng.h"

#include <string.h>

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

/* Zero in every program; the seed-robustness script (tests/seed-robustness) sets it through
 * SLSIM_TEST_SEED_SET so that the statistical tests rerun on other, equally arbitrary streams. */
static uint64_t seed_set;

void sls_rng_set_seed_set(uint64_t k) { seed_set = k; }
uint64_t sls_rng_get_seed_set(void) { return seed_set; }

uint64_t sls_rng_seed(uint64_t run_seed, const char *entity, const char *purpose) {
  if (seed_set) run_seed = mix64(run_seed ^ mix64(seed_set ^ UINT64_C(0x5eed5e75eed5e75e)));
  uint64_t h = UINT64_C(0xcbf29ce484222325) ^ mix64(run_seed);
  h = fnv1a(h, entity);
  h = fnv1a(h ^ 0x1f, purpose); /* separator so ("ab","c") != ("a","bc") */
  return mix64(h);
}

/* GSL's taus2 state: three 32-bit Tausworthe components held in unsigned longs.  gsl_rng_set
 * takes one 32-bit value (its LCG expands the low 32 bits of the seed), so 2^32 streams at most:
 * among 10,000 functions' streams two would be identical with probability ~1 % per run, and at
 * 10^5 streams it is near certain (birthday bound).  The state is written here instead.  A
 * component keeps only its bits above 1, 3 and 4 (the masks 0xfffffffe, 0xfffffff8, 0xfffffff0
 * of L'Ecuyer's recurrence) and must not be zero there, so each gets its top bit set and 30, 28
 * and 27 bits of the seed below it: 85 free bits, of which the 64 of the seed map one to one
 * (the first two components take the seed's mix bits 0-29 and 30-57, the third bits 58-63 and
 * 21 bits of a second mix), so distinct seeds give distinct states.  GSL then discards its first
 * outputs after seeding (6 for taus2); so do we. */
typedef struct {
  unsigned long s1, s2, s3;
} taus_state;

void sls_rng_seed64(gsl_rng *r, uint64_t seed) {
  SLS_ASSERT(gsl_rng_size(r) == sizeof(taus_state) && strcmp(gsl_rng_name(r), "taus2") == 0);
  uint64_t z = mix64(seed + UINT64_C(0x9e3779b97f4a7c15)), z2 = mix64(z ^ UINT64_C(0xd1b54a32d192ed03));
  taus_state *t = gsl_rng_state(r);
  t->s1 = 0x80000000ul | (unsigned long)((z & 0x3fffffffu) << 1);
  t->s2 = 0x80000000ul | (unsigned long)(((z >> 30) & 0x0fffffffu) << 3);
  t->s3 = 0x80000000ul | (unsigned long)(((z >> 58) & 0x3fu) << 4) | (unsigned long)((z2 & 0x1fffffu) << 10);
  for (int i = 0; i < 6; i++)
    gsl_rng_get(r);
}

gsl_rng *sls_rng_alloc(uint64_t run_seed, const char *entity, const char *purpose) {
  gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
  if (!r) sls_oom(sizeof(gsl_rng) + gsl_rng_taus2->size);
  sls_rng_seed64(r, sls_rng_seed(run_seed, entity, purpose));
  return r;
}
