/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "engine/util.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Called before the process exits on running out of memory (io/publish removes its temporary
 * files); set once, at start-up. */
static void (*fatal_hook)(void);

void sls_set_fatal_hook(void (*fn)(void)) { fatal_hook = fn; }

/* Out of memory is not an error a caller can handle mid-simulation: the process says so and
 * exits 1 (a run-time failure, not a crash), leaving no half-written output behind. */
_Noreturn void sls_oom(size_t n) {
  char msg[200];
  snprintf(msg, sizeof msg,
           "out of memory (allocating %zu bytes): the run needs more memory than this process may use; "
           "`slsim check` estimates it",
           n);
  sls_fatal(msg);
}

_Noreturn void sls_fatal(const char *msg) {
  fprintf(stderr, "slsim: %s\n", msg);
  if (fatal_hook) fatal_hook();
  _exit(1);
}

void *sls_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) sls_oom(n);
  return p;
}

void *sls_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) sls_oom(n * size);
  return p;
}

void *sls_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) sls_oom(n);
  return q;
}

char *sls_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(sls_xmalloc(n), s, n);
}

void sls_err(char *err, const char *fmt, ...) {
  if (!err) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, SLS_ERRLEN, fmt, ap);
  va_end(ap);
  /* Messages quote what files said: no control character (C0, DEL, or C1 as UTF-8) reaches
   * the terminal that prints them. */
  for (unsigned char *p = (unsigned char *)err; *p; p++)
    if (*p < 0x20 || *p == 0x7F)
      *p = '?';
    else if (*p == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0)
      p[0] = p[1] = '?';
}

void sls_panic(const char *file, int line, const char *what) {
  fprintf(stderr, "slsim: internal error at %s:%d: %s\n", file, line, what);
  abort();
}

typedef struct par {
  pthread_mutex_t lock;
  int next, n;
  void (*fn)(void *, int);
  void *ctx;
} par;

static void *par_worker(void *arg) {
  par *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    int i = p->next < p->n ? p->next++ : -1;
    pthread_mutex_unlock(&p->lock);
    if (i < 0) return NULL;
    p->fn(p->ctx, i);
  }
}

void sls_parallel(int n, int jobs, void (*fn)(void *ctx, int i), void *ctx) {
  par p = {.n = n, .fn = fn, .ctx = ctx};
  pthread_mutex_init(&p.lock, NULL);
  if (jobs > n) jobs = n;
  if (jobs < 1) jobs = 1;
  pthread_t *th = sls_xcalloc((size_t)jobs, sizeof *th);
  for (int j = 1; j < jobs; j++)
    pthread_create(&th[j], NULL, par_worker, &p);
  par_worker(&p);
  for (int j = 1; j < jobs; j++)
    pthread_join(th[j], NULL);
  free(th);
  pthread_mutex_destroy(&p.lock);
}

int sls_installed(void) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return 0;
  exe[n] = 0;
  char *slash = strrchr(exe, '/');
  if (!slash) return 0;
  *slash = 0;
  struct stat a, b; /* the same directory: the same device and inode, whatever the path's spelling */
  return stat(exe, &a) == 0 && stat(SLS_BINDIR, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}
