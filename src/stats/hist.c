/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/hist.h"

#include <math.h>
#include <string.h>

#include "engine/util.h"

void sls_hist_init(sls_hist *h) {
  memset(h, 0, sizeof *h);
  h->min = INT64_MAX;
}

void sls_hist_destroy(sls_hist *h) {
  for (int r = 0; r < SLS_HIST_ROWS; r++)
    free(h->rows[r]);
  sls_hist_init(h);
}

void sls_hist_reset(sls_hist *h) {
  uint64_t *keep[SLS_HIST_ROWS];
  for (int r = 0; r < SLS_HIST_ROWS; r++) {
    keep[r] = h->rows[r];
    if (keep[r]) memset(keep[r], 0, SLS_HIST_SUB * sizeof *keep[r]);
  }
  sls_hist_init(h);
  memcpy(h->rows, keep, sizeof keep);
}

void sls_hist_add_count(sls_hist *h, int b, uint64_t n) {
  uint64_t **row = &h->rows[b / SLS_HIST_SUB];
  if (!*row) *row = sls_xcalloc(SLS_HIST_SUB, sizeof **row);
  (*row)[b % SLS_HIST_SUB] += n;
}

int sls_hist_next(const sls_hist *h, int b) {
  for (; b < SLS_HIST_NBUCKETS; b++) {
    const uint64_t *row = h->rows[b / SLS_HIST_SUB];
    if (!row)
      b = (b / SLS_HIST_SUB + 1) * SLS_HIST_SUB - 1; /* the whole row is empty */
    else if (row[b % SLS_HIST_SUB])
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
  sls_hist_add_count(h, sls_hist_bucket(v), 1);
  h->n++;
  h->sum += (double)v;
  if (v < h->min) h->min = v;
  if (v > h->max) h->max = v;
}

void sls_hist_merge(sls_hist *dst, const sls_hist *src) {
  if (src->n == 0) return;
  for (int r = 0; r < SLS_HIST_ROWS; r++)
    for (int i = 0; src->rows[r] && i < SLS_HIST_SUB; i++)
      if (src->rows[r][i]) sls_hist_add_count(dst, r * SLS_HIST_SUB + i, src->rows[r][i]);
  dst->n += src->n;
  dst->sum += src->sum;
  if (src->min < dst->min) dst->min = src->min;
  if (src->max > dst->max) dst->max = src->max;
}

void sls_hist_subtract(sls_hist *h, const sls_hist *earlier) {
  for (int r = 0; r < SLS_HIST_ROWS; r++)
    for (int i = 0; earlier->rows[r] && i < SLS_HIST_SUB; i++)
      h->rows[r][i] -= earlier->rows[r][i]; /* a row used earlier is still there */
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
  for (int b = 0; b < SLS_HIST_NBUCKETS; b++) {
    if (!h->rows[b / SLS_HIST_SUB]) { /* skip a whole unused row */
      b += SLS_HIST_SUB - 1;
      continue;
    }
    cum += h->rows[b / SLS_HIST_SUB][b % SLS_HIST_SUB];
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
