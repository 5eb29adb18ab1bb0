/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "engine/rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
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
typedef struct sls_taus_state taus_state;

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

gsl_rng *sls_rng_init(sls_stream *st, uint64_t run_seed, const char *entity, const char *purpose) {
  SLS_ASSERT(gsl_rng_taus2->size == sizeof(taus_state));
  st->r.type = gsl_rng_taus2;
  st->r.state = &st->s;
  sls_rng_seed64(&st->r, sls_rng_seed(run_seed, entity, purpose));
  return &st->r;
}

gsl_rng *sls_rng_alloc(uint64_t run_seed, const char *entity, const char *purpose) {
  sls_stream *st = malloc(sizeof *st);
  if (!st) sls_oom(sizeof *st);
  return sls_rng_init(st, run_seed, entity, purpose);
}

void sls_rng_free(gsl_rng *r) { free(r); /* the stream's first member: its address */ }

/* ---- fast variates ----
 * The exponential by the ziggurat of G. Marsaglia and W. W. Tsang, "The Ziggurat Method for
 * Generating Random Variables", Journal of Statistical Software 5(8), 2000 (their REXP, 256
 * layers: r = 7.69711747013104972, v = 3.949659822581572e-3), with the layer index drawn from a
 * second 32-bit output rather than the value's own low bits, as J. A. Doornik advises ("An
 * Improved Ziggurat Method to Generate Normal Random Samples", 2005), so that index and value are
 * independent.  99 % of draws take the first branch: two taus2 outputs, a compare and a multiply,
 * against the log1p of gsl_ran_exponential.  Exact (a rejection method): tests/check_dist.c
 * compares 10^6 draws with the exponential CDF. */
#define ZIG_R 7.69711747013104972
#define ZIG_V 3.949659822581572e-3
static uint32_t zig_k[256];
static double zig_w[256], zig_f[256];

__attribute__((constructor)) static void zig_tables(void) {
  const double m2 = 4294967296.0;
  double de = ZIG_R, te = ZIG_R, q = ZIG_V / exp(-ZIG_R);
  zig_k[0] = (uint32_t)((de / q) * m2);
  zig_k[1] = 0;
  zig_w[0] = q / m2;
  zig_w[255] = de / m2;
  zig_f[0] = 1.0;
  zig_f[255] = exp(-de);
  for (int i = 254; i >= 1; i--) {
    de = -log(ZIG_V / de + exp(-de));
    zig_k[i + 1] = (uint32_t)((de / te) * m2);
    te = de;
    zig_f[i] = exp(-de);
    zig_w[i] = de / m2;
  }
}

/* One step of taus2 on its state, the recurrence of L'Ecuyer (1996, Math. Comp. 65, table 1:
 * k = 31, 29, 28; q = 13, 2, 3; s = 12, 4, 17) that gsl_rng_get runs behind a call through the
 * generator type: the same 32-bit outputs in the same order (tests/check_sim.c compares them), so
 * the stream stays one stream whichever way it is read, without the indirect call. */
static inline uint32_t taus2_next(const gsl_rng *r) {
  taus_state *t = r->state;
  unsigned long s1 = t->s1, s2 = t->s2, s3 = t->s3;
  s1 = (((s1 & 0xfffffffeul) << 12) & 0xfffffffful) ^ ((((s1 << 13) & 0xfffffffful) ^ s1) >> 19);
  s2 = (((s2 & 0xfffffff8ul) << 4) & 0xfffffffful) ^ ((((s2 << 2) & 0xfffffffful) ^ s2) >> 25);
  s3 = (((s3 & 0xfffffff0ul) << 17) & 0xfffffffful) ^ ((((s3 << 3) & 0xfffffffful) ^ s3) >> 11);
  t->s1 = s1, t->s2 = s2, t->s3 = s3;
  return (uint32_t)(s1 ^ s2 ^ s3);
}

uint32_t sls_rng_u32(const gsl_rng *r) { return taus2_next(r); }

double sls_ran_exp1(const gsl_rng *r) {
  for (;;) {
    uint32_t j = taus2_next(r);
    unsigned i = taus2_next(r) & 255u;
    if (j < zig_k[i]) return j * zig_w[i];                  /* inside the layer's rectangle */
    if (i == 0) return ZIG_R - log(gsl_rng_uniform_pos(r)); /* the tail: r + Exp(1), memoryless */
    double x = j * zig_w[i];                                /* the wedge: accept under the curve */
    if (zig_f[i] + gsl_rng_uniform(r) * (zig_f[i - 1] - zig_f[i]) < exp(-x)) return x;
  }
}

double sls_ran_normal1(const gsl_rng *r) { return gsl_ran_gaussian_ziggurat(r, 1.0); }
