/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng — independent random-number streams, one per stochastic entity and purpose.
 *
 * A stream's seed is a hash of (run seed, entity name, purpose), so it depends on nothing
 * else in the scenario: adding or removing a function leaves every other entity's random
 * numbers unchanged (common random numbers across what-if variants).  The generator is GSL's
 * taus2, L'Ecuyer's maximally equidistributed combined Tausworthe generator (Math. Comp. 65,
 * 1996; period 2^88) with GSL's corrected seeding: "one of the fastest simulation quality
 * generators" (GSL manual) and 24 bytes of state, so that 10,000 functions' streams stay in
 * cache (MT19937's 2.5 KB each did not: population-scale runs were 2x slower).  The 64-bit hash
 * (FNV-1a, then the SplitMix64 finaliser) is written into the generator's 88-bit state whole
 * (sls_rng_seed64), not through gsl_rng_set, which keeps 32 bits of it.
 */
#ifndef SLS_RNG_H
#define SLS_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* The seed a stream would get; exposed for tests. */
uint64_t sls_rng_seed(uint64_t run_seed, const char *entity, const char *purpose);
/* A stream: GSL's generator (its type and a pointer to its state) with the taus2 state after it,
 * 40 bytes in one piece.  gsl_rng_alloc makes two allocations, so a draw on a stream out of cache
 * was two dependent misses (the generator, then its state); a stream held in its owner's struct,
 * beside the fields its draws go with, is none of its own (sls_function, sls_source). */
typedef struct sls_stream {
  gsl_rng r;
  struct sls_taus_state {
    unsigned long s1, s2, s3;
  } s;
} sls_stream;

/* Seeds st for (run_seed, entity, purpose); returns its generator, valid while st is. */
gsl_rng *sls_rng_init(sls_stream *st, uint64_t run_seed, const char *entity, const char *purpose);
/* Allocates a stream; free with sls_rng_free (not gsl_rng_free: one allocation, not GSL's two).
 * Cannot fail (out of memory aborts). */
gsl_rng *sls_rng_alloc(uint64_t run_seed, const char *entity, const char *purpose);
/* Frees a stream from sls_rng_alloc (NULL: nothing). */
void sls_rng_free(gsl_rng *r);
/* Seeds a taus2 stream with all 64 bits of seed: distinct seeds give distinct states. */
void sls_rng_seed64(gsl_rng *r, uint64_t seed);
/* Test programs only: k != 0 derives every stream from another seed set (0 restores the
 * shipped streams).  Read from SLSIM_TEST_SEED_SET by the tests' main. */
void sls_rng_set_seed_set(uint64_t k);

/* Fast variates on a taus2 stream (32-bit outputs): a standard exponential (mean 1) by the
 * Marsaglia-Tsang ziggurat, and a standard normal by GSL's ziggurat (gsl_ran_gaussian_ziggurat).
 * bench/slsim-bench --variates measures them against GSL's log1p and Box-Muller samplers. */
double sls_ran_exp1(const gsl_rng *r);
/* The next 32-bit output of a taus2 stream: gsl_rng_get's value, without its indirect call. */
uint32_t sls_rng_u32(const gsl_rng *r);
double sls_ran_normal1(const gsl_rng *r);
uint64_t sls_rng_get_seed_set(void);

#endif
