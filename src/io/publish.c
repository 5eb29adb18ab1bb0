/* SPDX-License-Identifier: GPL-3.0-or-later */
/* renameat2 and RENAME_NOREPLACE (Linux 3.15, glibc 2.28), the fallback where link(2) is not
 * supported */
#define _GNU_SOURCE
#include "io/publish.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/util.h"

/* The temporary files of this process, for the signal handler: a slot is in use when its
 * flag is set (set after the path is written, cleared before it is reused).  Process-wide by
 * nature, like the signal dispositions themselves. */
static char pending[SLS_PUBLISH_MAX][SLS_PATH_MAX + 16];
static volatile sig_atomic_t in_use[SLS_PUBLISH_MAX];
static volatile sig_atomic_t handlers_set;

static void remove_pending(void) {
  for (int i = 0; i < SLS_PUBLISH_MAX; i++)
    if (in_use[i]) unlink(pending[i]);
}

static void on_signal(int sig) {
  remove_pending();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void set_handlers(void) {
  if (handlers_set) return;
  handlers_set = 1;
  sls_set_fatal_hook(remove_pending); /* out of memory: the same clean-up */
  const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
    struct sigaction old, sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* a signal ignored by whoever started us (nohup) stays ignored */
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(sigs[i], &sa, NULL);
  }
}

static void unregister(sls_publish *p) {
  if (p->slot >= 0) in_use[p->slot] = 0;
  p->slot = -1;
}

/* The directory of path, for fsync. */
static void dir_of(const char *path, char *out, size_t n) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    snprintf(out, n, ".");
  else if (slash == path)
    snprintf(out, n, "/");
  else
    snprintf(out, n, "%.*s", (int)(slash - path), path);
}

int sls_publish_begin(sls_publish *p, const char *out, int force, char *err) {
  memset(p, 0, sizeof *p);
  p->slot = -1;
  if (strlen(out) >= SLS_PATH_MAX - 1) {
    sls_err(err, "%.64s...: expected an output path of at most %d bytes", out, SLS_PATH_MAX - 2);
    return SLS_EINPUT;
  }
  snprintf(p->out, sizeof p->out, "%s", out);
  p->force = force;
  struct stat st;
  if (!force && lstat(out, &st) == 0) {
    sls_err(err, "%s exists; use --force to overwrite it", out);
    return SLS_EEXIST;
  }
  snprintf(p->tmp, sizeof p->tmp, "%s.tmp.XXXXXX", out);
  int fd = mkstemp(p->tmp);
  if (fd < 0) {
    sls_err(err, "%s: cannot create a file there: %s", out, strerror(errno));
    return SLS_EIO;
  }
  /* mkstemp makes it 0600; a result is as readable as any file the user creates */
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  close(fd);
  set_handlers();
  for (int i = 0; i < SLS_PUBLISH_MAX && p->slot < 0; i++)
    if (!in_use[i]) {
      memcpy(pending[i], p->tmp, sizeof p->tmp);
      in_use[i] = 1;
      p->slot = i;
    }
  return 0;
}

int sls_publish_commit(sls_publish *p, char *err) {
  int fd = open(p->tmp, O_RDONLY);
  if (fd < 0 || fsync(fd) != 0) {
    int e = errno;
    if (fd >= 0) close(fd);
    sls_err(err, "%s: cannot write: %s", p->out, strerror(e));
    sls_publish_abort(p);
    return SLS_EIO;
  }
  close(fd);
  if (p->force) {
    if (rename(p->tmp, p->out) != 0) {
      sls_err(err, "%s: cannot rename %s to it: %s", p->out, p->tmp, strerror(errno));
      sls_publish_abort(p);
      return SLS_EIO;
    }
  } else if (link(p->tmp, p->out) == 0) {
    unlink(p->tmp);
  } else {
    int e = errno;
    if (e != EEXIST) /* a file system without hard links: the same promise from renameat2 */
      e = renameat2(AT_FDCWD, p->tmp, AT_FDCWD, p->out, RENAME_NOREPLACE) == 0 ? 0 : errno;
    if (e == EEXIST) { /* written meanwhile by someone else: keep both */
      unregister(p);
      sls_err(err, "%s appeared while this result was being written; this result is in %s", p->out, p->tmp);
      return SLS_EIO;
    }
    if (e) {
      sls_err(err, "%s: cannot publish %s there without replacing what may appear meanwhile: %s", p->out,
              p->tmp, strerror(e));
      sls_publish_abort(p);
      return SLS_EIO;
    }
  }
  unregister(p);
  char dir[SLS_PATH_MAX];
  dir_of(p->out, dir, sizeof dir);
  int dfd = open(dir, O_RDONLY);
  if (dfd >= 0) { /* the name itself survives a crash */
    fsync(dfd);
    close(dfd);
  }
  return 0;
}

void sls_publish_abort(sls_publish *p) {
  if (p->tmp[0]) unlink(p->tmp);
  unregister(p);
}
