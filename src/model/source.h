/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * source — where requests come from: each source's arrivals (model/arrival.h) and, for a
 * synchronous function target, its client: through the API Gateway when there is one, retried
 * with capped exponential backoff and jitter when throttled (or failed, with retry_on_error)
 * [facts §1; Brooker, "Exponential Backoff and Jitter", AWS Architecture Blog, 2015].  An
 * asynchronous or queue target is delivered through model/target.h.
 */
#ifndef SLS_SOURCE_H
#define SLS_SOURCE_H

#include "model/core.h"

void sls_sources_init(sls_world *w, uint64_t seed);
void sls_sources_free(sls_world *w);
/* Frees a source's random streams (set to NULL): its run is over. */
void sls_source_free_streams(sls_source *s);
/* Schedules every source's first arrival (when the run starts). */
void sls_sources_start(sls_world *w);

#endif
