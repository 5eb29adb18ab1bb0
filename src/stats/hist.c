/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/hist.h"

#include <math.h>
#include <string.h>

#include "engine/util.h"

/* A row entry: the counts' address with log2 of their width in bytes in the two low bits (calloc's
 * alignment, at least 16, leaves them zero). */
#define W_MASK ((uintptr_t)3)
static inline void *row_ptr(uintptr_t e) { return (void *)(e & ~W_MASK); }
static inline int row_w(uintptr_t e) { return (int)(e & W_MASK); }

static uint64_t row_get(uintptr_t e, int i) {
  const void *p = row_ptr(e);
  switch (row_w(e)) {
  case 0: return ((const uint8_t *)p)[i];
  case 1: return ((const uint16_t *)p)[i];
  case 2: return ((const uint32_t *)p)[i];
  default: return ((const uint64_t *)p)[i];
  }
}

/* Stores v, which fits the row's width. */
static void row_put(uintptr_t e, int i, uint64_t v) {
  void *p = row_ptr(e);
  switch (row_w(e)) {
  case 0: ((uint8_t *)p)[i] = (uint8_t)v; break;
  case 1: ((uint16_t *)p)[i] = (uint16_t)v; break;
  case 2: ((uint32_t *)p)[i] = (uint32_t)v; break;
  default: ((uint64_t *)p)[i] = v; break;
  }
}

/* One more in bucket i of row e, when its width allows: 1 done, 0 the row must widen first. */
static inline int row_bump(uintptr_t e, int i) {
  void *p = row_ptr(e);
  switch (row_w(e)) {
  case 0: return ((uint8_t *)p)[i] != UINT8_MAX ? (((uint8_t *)p)[i]++, 1) : 0;
  case 1: return ((uint16_t *)p)[i] != UINT16_MAX ? (((uint16_t *)p)[i]++, 1) : 0;
  case 2: return ((uint32_t *)p)[i] != UINT32_MAX ? (((uint32_t *)p)[i]++, 1) : 0;
  default: ((uint64_t *)p)[i]++; return 1;
  }
}

static uintptr_t row_alloc(int w) {
  void *p = sls_xcalloc(SLS_HIST_SUB, (size_t)1 << w);
  SLS_ASSERT(((uintptr_t)p & W_MASK) == 0);
  return (uintptr_t)p | (uintptr_t)w;
}

void sls_hist_init(sls_hist *h) {
  memset(h, 0, sizeof *h);
  h->min = INT64_MAX;
}

void sls_hist_destroy(sls_hist *h) {
  for (int r = 0; h->rows && r < SLS_HIST_ROWS; r++)
    free(row_ptr(h->rows[r]));
  free(h->rows);
  sls_hist_init(h);
}

void sls_hist_reset(sls_hist *h) {
  uintptr_t *keep = h->rows;
  for (int r = 0; keep && r < SLS_HIST_ROWS; r++)
    if (keep[r]) memset(row_ptr(keep[r]), 0, (size_t)SLS_HIST_SUB << row_w(keep[r]));
  sls_hist_init(h);
  h->rows = keep;
}

uint64_t sls_hist_count(const sls_hist *h, int b) {
  uintptr_t e = h->rows ? h->rows[b / SLS_HIST_SUB] : 0;
  return e ? row_get(e, b % SLS_HIST_SUB) : 0;
}

size_t sls_hist_bytes(const sls_hist *h) {
  size_t b = h->rows ? SLS_HIST_ROWS * sizeof *h->rows : 0;
  for (int r = 0; h->rows && r < SLS_HIST_ROWS; r++)
    b += h->rows[r] ? (size_t)SLS_HIST_SUB << row_w(h->rows[r]) : 0;
  return b;
}

/* Sets bucket b's count to v, allocating or widening its row as needed. */
static void set_count(sls_hist *h, int b, uint64_t v) {
  if (!h->rows) h->rows = sls_xcalloc(SLS_HIST_ROWS, sizeof *h->rows);
  uintptr_t *e = &h->rows[b / SLS_HIST_SUB];
  int w = v <= UINT8_MAX ? 0 : v <= UINT16_MAX ? 1 : v <= UINT32_MAX ? 2 : 3;
  if (!*e) *e = row_alloc(w);
  if (w > row_w(*e)) {
    uintptr_t wide = row_alloc(w);
    for (int i = 0; i < SLS_HIST_SUB; i++)
      row_put(wide, i, row_get(*e, i));
    free(row_ptr(*e));
    *e = wide;
  }
  row_put(*e, b % SLS_HIST_SUB, v);
}

void sls_hist_add_count(sls_hist *h, int b, uint64_t n) { set_count(h, b, sls_hist_count(h, b) + n); }

int sls_hist_next(const sls_hist *h, int b) {
  if (!h->rows) return SLS_HIST_NBUCKETS;
  for (; b < SLS_HIST_NBUCKETS; b++) {
    uintptr_t e = h->rows[b / SLS_HIST_SUB];
    if (!e)
      b = (b / SLS_HIST_SUB + 1) * SLS_HIST_SUB - 1; /* the whole row is empty */
    else if (row_get(e, b % SLS_HIST_SUB))
      return b;
  }
  return SLS_HIST_NBUCKETS;
}

int sls_hist_bucket(int64_t v) {
  if (v < 0) v = 0;
  if (v < 2 * SLS_HIST_SUB) return (int)v;
  int k = 63 - __builtin_clzll((unsigned long long)v);
  if (k >= SLS_HIST_MAXBITS) return SLS_HIST_NBUCKETS - 1;
  int shift = k - SLS_HIST_SUB_BITS;
  return shift * SLS_HIST_SUB + (int)(v >> shift);
}

int64_t sls_hist_bucket_lo(int b) {
  if (b < 2 * SLS_HIST_SUB) return b;
  int shift = b / SLS_HIST_SUB - 1;
  int64_t sub = b - (int64_t)shift * SLS_HIST_SUB;
  return sub << shift;
}

int64_t sls_hist_bucket_width(int b) {
  if (b < 2 * SLS_HIST_SUB) return 1;
  return INT64_C(1) << (b / SLS_HIST_SUB - 1);
}

void sls_hist_record(sls_hist *h, int64_t v) {
  if (v < 0) v = 0;
  int b = sls_hist_bucket(v);
  uintptr_t e = h->rows ? h->rows[b / SLS_HIST_SUB] : 0;
  if (!e || !row_bump(e, b % SLS_HIST_SUB)) sls_hist_add_count(h, b, 1); /* a new or full row */
  h->n++;
  h->sum += (double)v;
  if (v < h->min) h->min = v;
  if (v > h->max) h->max = v;
}

void sls_hist_merge(sls_hist *dst, const sls_hist *src) {
  if (src->n == 0) return;
  for (int b = sls_hist_next(src, 0); b < SLS_HIST_NBUCKETS; b = sls_hist_next(src, b + 1))
    sls_hist_add_count(dst, b, sls_hist_count(src, b));
  dst->n += src->n;
  dst->sum += src->sum;
  if (src->min < dst->min) dst->min = src->min;
  if (src->max > dst->max) dst->max = src->max;
}

void sls_hist_subtract(sls_hist *h, const sls_hist *earlier) {
  for (int b = sls_hist_next(earlier, 0); b < SLS_HIST_NBUCKETS; b = sls_hist_next(earlier, b + 1))
    set_count(h, b, sls_hist_count(h, b) - sls_hist_count(earlier, b)); /* earlier's are a part of h's */
  h->n -= earlier->n;
  h->sum -= earlier->sum;
  if (h->n == 0) {
    h->sum = 0;
    h->min = INT64_MAX;
    h->max = 0;
  }
}

double sls_hist_quantile(const sls_hist *h, double q) {
  if (h->n == 0) return 0.0;
  if (q >= 1.0) return (double)h->max;
  uint64_t rank = (uint64_t)ceil(q * (double)h->n);
  if (rank < 1) rank = 1;
  uint64_t cum = 0;
  for (int b = sls_hist_next(h, 0); b < SLS_HIST_NBUCKETS; b = sls_hist_next(h, b + 1)) {
    cum += sls_hist_count(h, b);
    if (cum >= rank) {
      double mid = (double)sls_hist_bucket_lo(b) + (double)(sls_hist_bucket_width(b) - 1) / 2.0;
      if (mid < (double)h->min) mid = (double)h->min;
      if (mid > (double)h->max) mid = (double)h->max;
      return mid;
    }
  }
  return (double)h->max;
}

double sls_hist_mean(const sls_hist *h) { return h->n ? h->sum / (double)h->n : 0.0; }
