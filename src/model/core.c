/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The model's kernel (core.h): object pools, levels, jobs.
 */
#include "model/core.h"

#include <gsl/gsl_rng.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/util.h"

/* ---- object pool ---- */

#define POOL_BLOCK 1024

/* Objects of more than 32 bytes take whole 64-byte cache lines (their size rounded up, blocks
 * aligned): an object read when its event fires — a request, an environment, a root — is a
 * cache miss in a large run, and one that straddled a line boundary would be two. */
void sls_pool_init(sls_pool *p, size_t size) {
  memset(p, 0, sizeof *p);
  p->size = size < sizeof(void *) ? sizeof(void *) : size;
  if (p->size > 32) p->size = (p->size + 63) / 64 * 64;
}

void *sls_pool_get(sls_pool *p) {
  if (!p->free) {
    char *block = aligned_alloc(64, POOL_BLOCK * p->size);
    if (!block) sls_oom(POOL_BLOCK * p->size);
    p->blocks = sls_xrealloc(p->blocks, (p->n_blocks + 1) * sizeof *p->blocks);
    p->blocks[p->n_blocks++] = block;
    for (size_t i = POOL_BLOCK; i-- > 0;) {
      void **obj = (void **)(block + i * p->size);
      *obj = p->free;
      p->free = obj;
    }
  }
  void **obj = p->free;
  p->free = *obj;
  memset(obj, 0, p->size);
  if (++p->in_use > p->peak) p->peak = p->in_use;
  return obj;
}

void sls_pool_put(sls_pool *p, void *obj) {
  *(void **)obj = p->free;
  p->free = obj;
  p->in_use--;
}

void sls_pool_destroy(sls_pool *p) {
  for (size_t i = 0; i < p->n_blocks; i++)
    free(p->blocks[i]);
  free(p->blocks);
  memset(p, 0, sizeof *p);
}

/* ---- levels ---- */

/* Returns the mean over [since, now] and starts a new sample period. */
double sls_level_sample(sls_level *l, sls_time now, sls_time since, int64_t *peak) {
  sls_level_add(l, now, 0);
  double mean = now > since ? l->area / (double)(now - since) : (double)l->value;
  if (peak) *peak = l->peak;
  l->area = 0;
  l->peak = l->value;
  return mean;
}

double sls_pool_bytes(const sls_pool *p) { return (double)p->n_blocks * POOL_BLOCK * (double)p->size; }

/* ---- jobs ---- */

sls_request *sls_job_new(sls_world *w, sls_job_kind kind, sls_function *f, const sls_job_ops *ops) {
  sls_request *job = sls_pool_get(&w->req_pool);
  job->kind = kind;
  job->ops = ops;
  job->fn = f;
  job->t0 = w->sim.now;
  job->ps_idx = SIZE_MAX;
  job->fixed_duration = -1;
  w->inflight++;
  return job;
}

void sls_job_end(sls_world *w, sls_request *job) {
  w->inflight--;
  sls_pool_put(&w->req_pool, job);
}

/* ---- root requests ---- */

sls_root *sls_root_new(sls_world *w, sls_source *src) {
  sls_root *r = sls_pool_get(&w->root_pool);
  r->src = src;
  r->t0 = r->end = w->sim.now;
  r->responded = -1;
  src->roots_live++;
  return r;
}

void sls_root_respond(sls_world *w, sls_root *r) {
  if (r && r->responded < 0) r->responded = w->sim.now;
}

void sls_root_release(sls_world *w, sls_root *r, const sls_path *p, int outcome) {
  if (!r) return;
  sls_time now = w->sim.now;
  if (outcome == SLS_END_FAILED) r->failed = 1;
  if (outcome == SLS_END_DROPPED) r->dropped = 1;
  if (now >= r->end) { /* the latest end so far: its path is the critical one */
    r->end = now;
    r->crit = *p;
  }
  if (--r->pending > 0) return;
  sls_source *s = r->src;
  s->roots_live--;
  s->roots_done++;
  s->roots_failed += (uint64_t)r->failed;
  s->roots_dropped += (uint64_t)(r->dropped && !r->failed); /* one outcome: failed > dropped > ok */
  sls_time responded = r->responded >= 0 ? r->responded : r->end;
  if (responded == r->end) {
    sls_hist_record(&s->same, r->end - r->t0);
  } else {
    sls_hist_record(&s->completion_only, r->end - r->t0);
    sls_hist_record(&s->response_only, responded - r->t0);
  }
  for (int i = 0; i < SLS_PATH_N; i++)
    s->crit_ns[i] += (double)r->crit.t[i];
  if (r->slots && w->root_done) w->root_done(w, r);
  sls_pool_put(&w->root_pool, r);
}

void sls_root_direct(sls_world *w, sls_source *s, sls_time t0, const sls_path *p, int outcome,
                     int in_fn_latency) {
  s->roots_live--;
  s->roots_done++;
  s->roots_failed += outcome == SLS_END_FAILED;
  s->roots_dropped += outcome == SLS_END_DROPPED;
  if (!in_fn_latency) sls_hist_record(&s->same, w->sim.now - t0);
  for (int i = 0; i < SLS_PATH_N; i++)
    s->crit_ns[i] += (double)p->t[i];
}

void sls_source_latencies(const sls_source *src, sls_hist *response, sls_hist *completion) {
  sls_hist_init(response);
  sls_hist_init(completion);
  sls_hist_merge(response, &src->same);
  sls_hist_merge(response, &src->response_only);
  sls_hist_merge(completion, &src->same);
  sls_hist_merge(completion, &src->completion_only);
  if (src->fn_latency_mine) {
    sls_hist_merge(response, &src->fn->st.latency);
    sls_hist_merge(completion, &src->fn->st.latency);
  }
}

int sls_filter_matches(const int *types, int n_types, double probability, int t, gsl_rng *r) {
  int listed = n_types == 0;
  for (int i = 0; i < n_types && !listed; i++)
    listed = types[i] == t;
  return listed && (probability >= 1 || gsl_rng_uniform(r) < probability);
}
