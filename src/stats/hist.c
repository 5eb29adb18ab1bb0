/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/hist.h"

#include <math.h>
#include <string.h>

#include "engine/util.h"

/* A row entry: the counts' address with the code of their width in the three low bits (calloc's
 * alignment, at least 16, leaves them zero): a count takes 2 << code bits, 0 two bits, 1 four, 2
 * one byte, 3 two, 4 four, 5 eight.  Counts narrower than a byte are packed low bits first. */
#define W_MASK ((uintptr_t)7)
static inline void *row_ptr(uintptr_t e) { return (void *)(e & ~W_MASK); }
static inline int row_w(uintptr_t e) { return (int)(e & W_MASK); }
static inline size_t row_bytes(int w) { return ((size_t)SLS_HIST_SUB << w) >> 2; }

/* Count i of a row of counts narrower than a byte (code 0 or 1): its byte, and the shift and mask
 * of its bits there. */
static inline uint8_t *sub_byte(uintptr_t e, int i, int *s, unsigned *m) {
  int w = row_w(e); /* a byte holds 4 >> w counts of 2 << w bits (shifts, not divisions: hot) */
  *s = (i & ((4 >> w) - 1)) << (w + 1);
  *m = (1u << (2 << w)) - 1;
  return &((uint8_t *)row_ptr(e))[i >> (2 - w)];
}

static uint64_t row_get(uintptr_t e, int i) {
  const void *p = row_ptr(e);
  switch (row_w(e)) {
  case 0:
  case 1: {
    int s;
    unsigned m;
    uint8_t *q = sub_byte(e, i, &s, &m);
    return (uint64_t)(*q >> s & m);
  }
  case 2: return ((const uint8_t *)p)[i];
  case 3: return ((const uint16_t *)p)[i];
  case 4: return ((const uint32_t *)p)[i];
  default: return ((const uint64_t *)p)[i];
  }
}

/* Stores v, which fits the row's width. */
static void row_put(uintptr_t e, int i, uint64_t v) {
  void *p = row_ptr(e);
  switch (row_w(e)) {
  case 0:
  case 1: {
    int s;
    unsigned m;
    uint8_t *q = sub_byte(e, i, &s, &m);
    *q = (uint8_t)((*q & ~(m << s)) | (unsigned)(v << s));
    break;
  }
  case 2: ((uint8_t *)p)[i] = (uint8_t)v; break;
  case 3: ((uint16_t *)p)[i] = (uint16_t)v; break;
  case 4: ((uint32_t *)p)[i] = (uint32_t)v; break;
  default: ((uint64_t *)p)[i] = v; break;
  }
}

/* One more in bucket i of row e, when its width allows: 1 done, 0 the row must widen first. */
static inline int row_bump(uintptr_t e, int i) {
  void *p = row_ptr(e);
  switch (row_w(e)) {
  case 0:
  case 1: {
    int s;
    unsigned m;
    uint8_t *q = sub_byte(e, i, &s, &m);
    return (*q >> s & m) != m ? (*q = (uint8_t)(*q + (1u << s)), 1) : 0;
  }
  case 2: return ((uint8_t *)p)[i] != UINT8_MAX ? (((uint8_t *)p)[i]++, 1) : 0;
  case 3: return ((uint16_t *)p)[i] != UINT16_MAX ? (((uint16_t *)p)[i]++, 1) : 0;
  case 4: return ((uint32_t *)p)[i] != UINT32_MAX ? (((uint32_t *)p)[i]++, 1) : 0;
  default: ((uint64_t *)p)[i]++; return 1;
  }
}

/* Where this thread's histograms add the bytes they allocate and subtract those they free
 * (sls_hist_account), or NULL. */
static _Thread_local int64_t *account;

void sls_hist_account(int64_t *bytes) { account = bytes; }

static inline void charge(int64_t b) {
  if (account) *account += b;
}

static uintptr_t row_alloc(int w) {
  charge((int64_t)row_bytes(w));
  void *p = sls_xcalloc(row_bytes(w), 1);
  SLS_ASSERT(((uintptr_t)p & W_MASK) == 0);
  return (uintptr_t)p | (uintptr_t)w;
}

/* Row r's entry, 0 when it is outside the table or unused. */
static inline uintptr_t row_at(const sls_hist *h, int r) {
  unsigned k = (unsigned)(r - h->row_lo);
  return k < (unsigned)h->n_rows ? h->rows[k] : 0;
}

/* Row r's slot, the table grown to reach it (new entries 0). */
static uintptr_t *row_slot(sls_hist *h, int r) {
  if (!h->rows) {
    h->rows = sls_xcalloc(1, sizeof *h->rows);
    charge(sizeof *h->rows);
    h->row_lo = r;
    h->n_rows = 1;
  } else if (r < h->row_lo) {
    int add = h->row_lo - r;
    h->rows = sls_xrealloc(h->rows, (size_t)(h->n_rows + add) * sizeof *h->rows);
    charge(add * (int64_t)sizeof *h->rows);
    memmove(h->rows + add, h->rows, (size_t)h->n_rows * sizeof *h->rows);
    memset(h->rows, 0, (size_t)add * sizeof *h->rows);
    h->row_lo = r;
    h->n_rows += add;
  } else if (r >= h->row_lo + h->n_rows) {
    int n = r - h->row_lo + 1;
    h->rows = sls_xrealloc(h->rows, (size_t)n * sizeof *h->rows);
    charge((n - h->n_rows) * (int64_t)sizeof *h->rows);
    memset(h->rows + h->n_rows, 0, (size_t)(n - h->n_rows) * sizeof *h->rows);
    h->n_rows = n;
  }
  return &h->rows[r - h->row_lo];
}

void sls_hist_init(sls_hist *h) {
  memset(h, 0, sizeof *h);
  h->min = INT64_MAX;
}

void sls_hist_destroy(sls_hist *h) {
  charge(-(int64_t)sls_hist_bytes(h));
  for (int k = 0; k < h->n_rows; k++)
    free(row_ptr(h->rows[k]));
  free(h->rows);
  sls_hist_init(h);
}

void sls_hist_reset(sls_hist *h) {
  uintptr_t *keep = h->rows;
  int lo = h->row_lo, n = h->n_rows;
  for (int k = 0; k < n; k++)
    if (keep[k]) memset(row_ptr(keep[k]), 0, row_bytes(row_w(keep[k])));
  sls_hist_init(h);
  h->rows = keep;
  h->row_lo = lo;
  h->n_rows = n;
}

uint64_t sls_hist_count(const sls_hist *h, int b) {
  uintptr_t e = row_at(h, b / SLS_HIST_SUB);
  return e ? row_get(e, b % SLS_HIST_SUB) : 0;
}

size_t sls_hist_bytes(const sls_hist *h) {
  size_t b = (size_t)h->n_rows * sizeof *h->rows;
  for (int k = 0; k < h->n_rows; k++)
    b += h->rows[k] ? row_bytes(row_w(h->rows[k])) : 0;
  return b;
}

/* Sets bucket b's count to v, allocating or widening its row as needed. */
static void set_count(sls_hist *h, int b, uint64_t v) {
  uintptr_t *e = row_slot(h, b / SLS_HIST_SUB);
  int w = v <= 3 ? 0 : v <= 15 ? 1 : v <= UINT8_MAX ? 2 : v <= UINT16_MAX ? 3 : v <= UINT32_MAX ? 4 : 5;
  if (!*e) *e = row_alloc(w);
  if (w > row_w(*e)) {
    uintptr_t wide = row_alloc(w);
    for (int i = 0; i < SLS_HIST_SUB; i++)
      row_put(wide, i, row_get(*e, i));
    charge(-(int64_t)row_bytes(row_w(*e)));
    free(row_ptr(*e));
    *e = wide;
  }
  row_put(*e, b % SLS_HIST_SUB, v);
}

void sls_hist_add_count(sls_hist *h, int b, uint64_t n) { set_count(h, b, sls_hist_count(h, b) + n); }

/* The first bucket at or after i in row e with a count, or SLS_HIST_SUB.  Count i of a row of
 * width code w takes bits [i*2<<w, (i+1)*2<<w) of the row read as little-endian 64-bit words
 * (a byte's low bits first), so the row is scanned a word at a time: the first set bit at or
 * after bucket i's first is in the first bucket with a count. */
static int row_next(uintptr_t e, int i) {
  const unsigned char *p = row_ptr(e);
  int shift = 1 + row_w(e); /* log2 of the bits a count takes */
  size_t bit = (size_t)i << shift, words = row_bytes(row_w(e)) / 8;
  for (size_t k = bit / 64; k < words; k++) {
    uint64_t x;
    memcpy(&x, p + 8 * k, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    if (k == bit / 64) x &= ~UINT64_C(0) << (bit % 64);
    if (x) return (int)((64 * k + (size_t)__builtin_ctzll(x)) >> shift);
  }
  return SLS_HIST_SUB;
}

int sls_hist_next(const sls_hist *h, int b) {
  if (b < h->row_lo * SLS_HIST_SUB) b = h->row_lo * SLS_HIST_SUB;
  for (int r = b / SLS_HIST_SUB, i = b % SLS_HIST_SUB; r < h->row_lo + h->n_rows; r++, i = 0) {
    uintptr_t e = h->rows[r - h->row_lo];
    int j = e ? row_next(e, i) : SLS_HIST_SUB;
    if (j < SLS_HIST_SUB) return r * SLS_HIST_SUB + j;
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
  uintptr_t e = row_at(h, b / SLS_HIST_SUB);
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
