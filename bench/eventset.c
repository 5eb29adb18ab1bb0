/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * slsim-bench --eventset: the pending-event set alone, by the classic hold model (J. O. Vaucher and
 * P. Duval, "A comparison of simulation event list algorithms", CACM 18(4), 1975; R. Rönngren and
 * R. Ayani, "A comparative study of parallel and sequential priority queue algorithms", ACM TOMACS
 * 7(2), 1997): n events pending; each hold takes the least and schedules one again at its time plus
 * an increment.  Two increment laws: exponential (mean 1 s), and bimodal — 90 % exponential work
 * of mean 100 ms, 10 % a 10-minute keep-alive timer — which is what a function's event set holds
 * and is the case calendar queues are known to handle badly (their bucket width is tuned to the
 * near events).
 *
 * Three structures: the simulator's two forms, each kept alone (sls_sim: a 4-ary heap with the key
 * in its array, the pop and the handler's push fused; a radix heap of hexadecimal digits), and a
 * calendar queue after R. Brown, "Calendar queues: a fast
 * O(1) priority queue implementation for the simulation event set problem", CACM 31(10), 1988
 * (sorted bucket lists, resized by halving/doubling the bucket count with the width re-estimated
 * from a sample of the next events).  The calendar queue lives only here, for the comparison.
 */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"
#include "engine/rng.h"
#include "engine/sim.h"
#include "engine/util.h"

/* ---- the increments ---- */
typedef struct {
  gsl_rng *r;
  int bimodal;
} incr;

static sls_time next_incr(incr *in) {
  double u = gsl_rng_uniform_pos(in->r);
  if (in->bimodal) {
    if (gsl_rng_uniform(in->r) < 0.1) return 600 * SLS_NS_PER_S;
    return (sls_time)(-0.1e9 * log(u));
  }
  return (sls_time)(-1e9 * log(u));
}

/* ---- the simulator's event set ---- */
typedef struct {
  sls_sim sim;
  incr in;
} hold_ctx;

static void hold(void *ctx, void *obj, int64_t arg) {
  hold_ctx *h = ctx;
  sls_sim_schedule(&h->sim, h->sim.now + next_incr(&h->in), hold, obj, arg);
}

/* form: 0 the 4-ary heap alone, 1 the radix heap alone */
static double run_sim(size_t n, long ops, int bimodal, int form) {
  hold_ctx h = {.in = {sls_rng_alloc(1, "eventset", "incr"), bimodal}};
  sls_sim_init(&h.sim);
  h.sim.radix_on = form ? 0 : SIZE_MAX;
  h.sim.radix_off = 0;
  for (size_t i = 0; i < n; i++)
    sls_sim_schedule(&h.sim, next_incr(&h.in), hold, NULL, 0);
  for (long k = 0; k < ops; k++) /* warm-up: the increments' mix settles */
    sls_sim_step(&h.sim, &h);
  double t0 = sls_bench_now_s();
  for (long k = 0; k < ops; k++)
    sls_sim_step(&h.sim, &h);
  double ns = (sls_bench_now_s() - t0) / (double)ops * 1e9;
  sls_sim_destroy(&h.sim);
  sls_rng_free(h.in.r);
  return ns;
}

/* ---- a calendar queue (Brown 1988) ---- */
typedef struct cq_node {
  sls_time t;
  uint64_t seq;
  struct cq_node *next;
} cq_node;

typedef struct {
  cq_node **b;    /* nb sorted lists */
  size_t nb;      /* buckets, a power of two */
  sls_time width; /* of a bucket, ns */
  size_t n;       /* events */
  size_t last;    /* bucket of the last event taken */
  sls_time top;   /* upper end of bucket `last` in the current year */
  sls_time now;
  uint64_t seq;
} cq;

static int cq_less(const cq_node *a, const cq_node *b) {
  return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void cq_link(cq *q, cq_node *e) {
  cq_node **p = &q->b[(size_t)(e->t / q->width) & (q->nb - 1)];
  while (*p && cq_less(*p, e))
    p = &(*p)->next;
  e->next = *p;
  *p = e;
}

static void cq_setup(cq *q, size_t nb, sls_time width, sls_time now) {
  q->b = sls_xcalloc(nb, sizeof *q->b);
  q->nb = nb;
  q->width = width > 0 ? width : 1;
  q->last = (size_t)(now / q->width) & (nb - 1);
  q->top = (now / q->width + 1) * q->width;
}

static cq_node *cq_take(cq *q);

/* Re-buckets into nb buckets, the width three times the mean gap of the next (up to) 25 events,
 * gaps above twice that mean left out (Brown's rule). */
static void cq_resize(cq *q, size_t nb) {
  cq_node *sample[25];
  int k = 0;
  size_t n = q->n;
  while (k < 25 && q->n)
    sample[k++] = cq_take(q);
  sls_time width = q->width;
  if (k > 1) {
    double gap = (double)(sample[k - 1]->t - sample[0]->t) / (k - 1), sum = 0;
    int m = 0;
    for (int i = 1; i < k; i++)
      if ((double)(sample[i]->t - sample[i - 1]->t) <= 2 * gap)
        sum += (double)(sample[i]->t - sample[i - 1]->t), m++;
    if (m && sum > 0) width = (sls_time)(3 * sum / m);
  }
  cq_node **old = q->b;
  size_t onb = q->nb;
  cq_setup(q, nb, width, q->now);
  for (size_t i = 0; i < onb; i++)
    for (cq_node *e = old[i], *nx; e; e = nx) {
      nx = e->next;
      cq_link(q, e);
    }
  free(old);
  for (int i = 0; i < k; i++)
    cq_link(q, sample[i]);
  q->n = n;
}

static void cq_put(cq *q, cq_node *e) {
  cq_link(q, e);
  if (++q->n > 2 * q->nb) cq_resize(q, 2 * q->nb);
}

static cq_node *cq_take(cq *q) {
  if (!q->n) return NULL;
  for (size_t scanned = 0; scanned < q->nb; scanned++) {
    cq_node *e = q->b[q->last];
    if (e && e->t < q->top) {
      q->b[q->last] = e->next;
      q->n--;
      q->now = e->t;
      return e;
    }
    q->last = (q->last + 1) & (q->nb - 1);
    q->top += q->width;
  }
  /* a year without one: jump to the least event directly */
  cq_node *best = NULL;
  size_t bi = 0;
  for (size_t i = 0; i < q->nb; i++)
    if (q->b[i] && (!best || cq_less(q->b[i], best))) best = q->b[i], bi = i;
  q->b[bi] = best->next;
  q->n--;
  q->now = best->t;
  q->last = bi;
  q->top = (best->t / q->width + 1) * q->width;
  return best;
}

static double run_cq(size_t n, long ops, int bimodal) {
  incr in = {sls_rng_alloc(1, "eventset", "incr"), bimodal};
  cq q = {0};
  cq_setup(&q, 16, SLS_NS_PER_S / 10, 0);
  cq_node *pool = sls_xmalloc(n * sizeof *pool);
  for (size_t i = 0; i < n; i++) {
    pool[i].t = next_incr(&in);
    pool[i].seq = q.seq++;
    cq_put(&q, &pool[i]);
  }
  double t0 = 0;
  for (long k = 0; k < 2 * ops; k++) {
    if (k == ops) t0 = sls_bench_now_s();
    cq_node *e = cq_take(&q);
    e->t = q.now + next_incr(&in);
    e->seq = q.seq++;
    cq_put(&q, e);
    if (q.n < q.nb / 2 && q.nb > 16) cq_resize(&q, q.nb / 2);
  }
  double ns = (sls_bench_now_s() - t0) / (double)ops * 1e9;
  free(q.b);
  free(pool);
  sls_rng_free(in.r);
  return ns;
}

void sls_bench_eventset(void) {
  printf("(q) the event set alone: ns per hold (take the least, schedule it again), hold model\n");
  printf("  %-9s %-12s %14s %14s %16s\n", "pending", "increments", "4-ary heap", "radix heap",
         "calendar queue");
  static const size_t sizes[] = {100, 1000, 10000, 100000, 1000000};
  const char *only = getenv("SLSIM_EVENTSET_N"); /* one size (bench-only knob) */
  for (int bi = 0; bi < 2; bi++)
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
      if (only && (size_t)atol(only) != sizes[s]) continue;
      long ops = 2000000;
      double a = run_sim(sizes[s], ops, bi, 0), r = run_sim(sizes[s], ops, bi, 1),
             c = run_cq(sizes[s], ops, bi);
      printf("  %-9zu %-12s %11.1f ns %11.1f ns %13.1f ns\n", sizes[s], bi ? "bimodal" : "exponential", a, r,
             c);
    }
}
