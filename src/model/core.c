/*
 * The model's kernel (core.h): object pools, levels, jobs.
 */
#include "model/core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/util.h"

/* ---- object pool ---- */

#define POOL_BLOCK 1024

void sls_pool_init(sls_pool *p, size_t size) {
  memset(p, 0, sizeof *p);
  p->size = size < sizeof(void *) ? sizeof(void *) : size;
}

void *sls_pool_get(sls_pool *p) {
  if (!p->free) {
    char *block = sls_xmalloc(POOL_BLOCK * p->size);
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

void sls_level_add(sls_level *l, sls_time now, int64_t delta) {
  double a = (double)l->value * (double)(now - l->last);
  l->area += a;
  l->total_area += a;
  l->last = now;
  l->value += delta;
  if (l->value > l->peak) l->peak = l->value;
  if (l->value > l->peak_all) l->peak_all = l->value;
}

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
