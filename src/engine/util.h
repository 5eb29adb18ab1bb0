/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * util — the allocation wrappers, the invariant check and the error codes shared by every
 * module.
 *
 * Out of memory is not an expected failure in a simulator: sls_xmalloc and friends print a
 * message and exit 1 (after the fatal hook, which removes temporary outputs), so callers never
 * check for NULL.  SLS_ASSERT guards invariants; it stays on in
 * release builds because the checks are cheap and a silently wrong simulation is worse than a
 * crash.
 */
#ifndef SLS_UTIL_H
#define SLS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Error codes: 0 is success, expected failures are negative. */
enum {
  SLS_OK = 0,
  SLS_EINPUT = -1, /* bad scenario, trace or option: user's input */
  SLS_EIO = -2,    /* could not read or write a file */
  SLS_EEXIST = -3, /* output exists and --force was not given */
  SLS_ERUN = -4    /* run-time failure (e.g. conservation violated) */
};

/* Size of every caller-owned error message buffer. */
#define SLS_ERRLEN 1024

/* Starts fetching the cache lines of the n bytes at p at once, so that their misses overlap
 * instead of following one another.  A prefetch never faults (NULL is fine) and changes no
 * result.  Always inlined: GCC takes a function of prefetches alone for one without effects and
 * drops the call. */
static inline __attribute__((always_inline)) void sls_prefetch(const void *p, size_t n) {
  if (!p || !n) return;
  uintptr_t line = (uintptr_t)p & ~(uintptr_t)63, last = ((uintptr_t)p + n - 1) & ~(uintptr_t)63;
  for (; line <= last; line += 64)
    __builtin_prefetch((const void *)line);
}

/* 1 when this process runs the installed binary (its executable is in the configured bindir):
 * then models and templates come from the installed data directory, never the build tree. */
int sls_installed(void);
void *sls_xmalloc(size_t n);
/* fn runs before the process exits on running out of memory (one hook; NULL for none). */
void sls_set_fatal_hook(void (*fn)(void));
/* Reports that n bytes could not be had, runs the fatal hook and exits 1. */
_Noreturn void sls_oom(size_t n);
/* Says msg ("slsim: msg"), runs the fatal hook and exits 1: for the run's environment failing
 * under it (memory, a temporary file), never for bad input. */
_Noreturn void sls_fatal(const char *msg);
void *sls_xcalloc(size_t n, size_t size);
void *sls_xrealloc(void *p, size_t n);
char *sls_xstrdup(const char *s);

/* Formats into a caller-owned buffer of SLS_ERRLEN bytes (NULL is allowed: ignored); control
 * characters in the result (from quoted input) become '?'. */
void sls_err(char *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Calls fn(ctx, i) for i = 0 .. n-1 on up to jobs threads (the caller's among them), each i
 * once, in no particular order; returns when all are done.  For independent tasks only. */
void sls_parallel(int n, int jobs, void (*fn)(void *ctx, int i), void *ctx);

_Noreturn void sls_panic(const char *file, int line, const char *what);
#define SLS_ASSERT(c) ((c) ? (void)0 : sls_panic(__FILE__, __LINE__, #c))

#endif
