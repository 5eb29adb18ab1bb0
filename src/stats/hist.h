/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hist — a log-linear histogram of non-negative integers (latencies in ns), after
 * HdrHistogram (G. Tene): each power of two is split into SLS_HIST_SUB linear sub-buckets.
 *
 *   value v < 2*SUB          bucket v (exact)
 *   v in [2^k, 2^(k+1))      shift = k - log2(SUB); bucket shift*SUB + (v >> shift)
 *
 * A bucket [lo, lo + 2^shift) is reported by its midpoint, so every reported quantile is
 * within 1/(2*SUB) = 0.098 % of the exact order statistic of the same rank (SUB = 512).
 * The buckets reach 2^SLS_HIST_MAXBITS ns (146 years): no latency of a run can exceed the time it
 * simulates, at most 800 days (duration and drain_limit, 400 days each: < 2^56 ns), so none is
 * clamped (values beyond would land in the last bucket; max stays exact).  Rows are allocated
 * when used, so the range costs a pointer per octave, not counts.
 * Histograms with the same layout add exactly (sls_hist_merge), which is what makes pooled
 * percentiles across replications and merged task files exact.
 *
 * Storage: one row of SLS_HIST_SUB counts per power of two, allocated when the first value falls
 * in it, whose counts start two bits wide and widen (4 bits, 1, 2, 4, 8 bytes) the first time one
 * of them would overflow — only that row, and never narrower again.  The table of rows covers
 * only the powers of two from the lowest used to the highest, grown as values arrive outside
 * them.  A histogram never recorded costs its 48-byte header; one of a function that saw a few
 * hundred requests a few 128- or 256-byte rows and a table of a few entries; a busy one's central
 * rows are 1 or 2 KB.  Before (wave 1) every row held 8-byte counts (4 KB) and every header a
 * table of 54 rows (472 bytes): 10,000 functions' histograms took ~25 KB each, 85 % of that
 * benchmark's memory (issue 18); one-byte counts and a full table (a stop later) still took ~5 KB;
 * four-bit counts first, 2.5 KB (bench (c), 10,000 functions of 1,800 requests: latency and
 * cold-start histograms 25.4 MB); two-bit counts first, 1.7 KB (17.3 MB).
 * Recording allocates only when a row is first touched or widened; read counts through
 * sls_hist_count.
 */
#ifndef SLS_HIST_H
#define SLS_HIST_H

#include <stddef.h>
#include <stdint.h>

#include "engine/util.h"

#define SLS_HIST_SUB_BITS 9
#define SLS_HIST_SUB (1 << SLS_HIST_SUB_BITS)
#define SLS_HIST_MAXBITS 62
#define SLS_HIST_NBUCKETS ((SLS_HIST_MAXBITS - SLS_HIST_SUB_BITS + 1) * SLS_HIST_SUB)

#define SLS_HIST_ROWS (SLS_HIST_NBUCKETS / SLS_HIST_SUB)

typedef struct sls_hist {
  uint64_t n;      /* values recorded */
  double sum;      /* sum of values (for the mean) */
  int64_t min;     /* smallest value recorded (exact) */
  int64_t max;     /* largest value recorded (exact) */
  uintptr_t *rows; /* NULL until the first value; then n_rows entries for rows row_lo .., each 0
                      (unused) or the counts of buckets [r*SUB, (r+1)*SUB), an array of 4-bit,
                      1-, 2-, 4- or 8-byte integers, the width's code (0-4) in the pointer's three
                      low bits (private: use sls_hist_count) */
  int32_t row_lo, n_rows;
} sls_hist;

void sls_hist_init(sls_hist *h);
void sls_hist_destroy(sls_hist *h);
void sls_hist_reset(sls_hist *h);
/* Records v (negative values are recorded as 0). */
void sls_hist_record(sls_hist *h, int64_t v);
/* Adds src's counts into dst. */
void sls_hist_merge(sls_hist *dst, const sls_hist *src);
/* h -= earlier, where earlier is h as it was at some time before (its counts are a part of h's):
 * h keeps the values recorded since.  min and max are not subtracted: the caller resets them at
 * that time (they are exact for what came since). */
void sls_hist_subtract(sls_hist *h, const sls_hist *earlier);
/* Count of bucket b (0 for rows never used). */
uint64_t sls_hist_count(const sls_hist *h, int b);
/* Bytes the histogram holds beyond its header. */
size_t sls_hist_bytes(const sls_hist *h);
/* From now on, the histograms this thread records, merges, copies into or destroys add the bytes
 * they allocate to *bytes and subtract those they free (NULL: no account).  A run keeps its
 * histograms' total this way, so that its memory is known at no cost (sls_world_bytes, every few
 * thousand events: summing 10,000 functions' histograms there took 9 % of a run). */
void sls_hist_account(int64_t *bytes);
/* The first bucket at or after b with a count (SLS_HIST_NBUCKETS when none): iterates the used
 * buckets without visiting the rows never touched. */
int sls_hist_next(const sls_hist *h, int b);
/* Adds n values to bucket b (a merge of stored buckets; n, sum, min, max are the caller's). */
void sls_hist_add_count(sls_hist *h, int b, uint64_t n);
/* Bucket of a value, and a bucket's lower bound and width. */
int sls_hist_bucket(int64_t v);
int64_t sls_hist_bucket_lo(int b);
int64_t sls_hist_bucket_width(int b);
/* Starts fetching the entry of h's row table through which v would be recorded (it reads h's
 * header): with 10,000 functions the table and the row are two dependent misses a record, and
 * the table's can overlap the work before it.  A hint: it changes nothing. */
static inline void sls_hist_prefetch(const sls_hist *h, int64_t v) {
  int r = sls_hist_bucket(v) / SLS_HIST_SUB - h->row_lo;
  if (h->rows && r >= 0 && r < h->n_rows) sls_prefetch(h->rows + r, sizeof *h->rows);
}
/*
 * The q-quantile (0 < q <= 1): the midpoint of the bucket holding the value of rank
 * ceil(q*n), clamped to [min, max]; q = 1 gives max exactly.  0 when empty.
 */
double sls_hist_quantile(const sls_hist *h, double q);
double sls_hist_mean(const sls_hist *h);

#endif
