/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * publish — an output file appears under its name complete or not at all, and never replaces a
 * file it should not.
 *
 *   sls_publish_begin   creates OUT.tmp.XXXXXX next to OUT (so a missing or read-only directory
 *                       shows before a long run, not after it) and registers it, so that SIGINT,
 *                       SIGTERM (what Slurm sends) and SIGHUP remove it; an existing OUT without
 *                       force is refused here already
 *   (the caller writes the temporary file by its name)
 *   sls_publish_commit  fsyncs the file, then publishes it: without force by link(2) + unlink,
 *                       which fails if OUT appeared meanwhile (another writer: the finished
 *                       temporary file is kept and the message names it), with force by
 *                       rename(2); then fsyncs the directory
 *   sls_publish_abort   removes the temporary file
 *
 * Up to SLS_PUBLISH_MAX files may be open for publishing at once in a process.  The signal
 * handler only calls unlink(2), then re-raises the signal with its default action.
 */
#ifndef SLS_PUBLISH_H
#define SLS_PUBLISH_H

#include <stddef.h>

#define SLS_PUBLISH_MAX 16
#define SLS_PATH_MAX 4096

typedef struct sls_publish {
  char out[SLS_PATH_MAX];      /* the name to publish under */
  char tmp[SLS_PATH_MAX + 16]; /* the temporary file, next to it */
  int force;                   /* replace an existing out */
  int slot;                    /* registration for the signal handler (private) */
} sls_publish;

/* Returns 0, SLS_EEXIST (out exists, !force), SLS_EINPUT (out too long) or SLS_EIO (the
 * temporary file cannot be created: the message names the errno), with a message in err. */
int sls_publish_begin(sls_publish *p, const char *out, int force, char *err);
/* Returns 0 or SLS_EIO: out appeared meanwhile (the file stays at p->tmp, named in err), or a
 * failure with its errno (the temporary file is removed). */
int sls_publish_commit(sls_publish *p, char *err);
void sls_publish_abort(sls_publish *p);

#endif
