/*
 * rng — independent random-number streams, one per stochastic entity and purpose.
 *
 * A stream's seed is a hash of (run seed, entity name, purpose), so it depends on nothing
 * else in the scenario: adding or removing a function leaves every other entity's random
 * numbers unchanged (common random numbers across what-if variants).  The generator is GSL's
 * MT19937; the 64-bit hash (FNV-1a, then the SplitMix64 finaliser) is folded to the 32 bits
 * MT19937 takes.
 */
#ifndef SLS_RNG_H
#define SLS_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* The seed a stream would get; exposed for tests. */
uint64_t sls_rng_seed(uint64_t run_seed, const char *entity, const char *purpose);
/* Allocates a stream; free with gsl_rng_free.  Cannot fail (out of memory aborts). */
gsl_rng *sls_rng_alloc(uint64_t run_seed, const char *entity, const char *purpose);

#endif
