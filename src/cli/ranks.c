/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli/ranks.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine/util.h"

#ifdef HAVE_MPI
#include <mpi.h>
#endif

/* The world size a launcher announced: Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; MPICH's
 * Hydra, Intel MPI and Slurm's PMI-2 set PMI_SIZE.  0 when neither is set. */
static int announced(void) {
  const char *names[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    const char *v = getenv(names[i]);
    if (v && *v) return atoi(v) > 0 ? atoi(v) : 1;
  }
  return 0;
}

int sls_ranks_start(sls_ranks *r, char *err) {
  memset(r, 0, sizeof *r);
  r->size = 1;
  const char *force = getenv("SLSIM_MPI");
  int launched = announced();
  if (force && !strcmp(force, "0")) return 0;
  int want = launched > 0 || (force && !strcmp(force, "1"));
  if (!want) return 0;
#ifdef HAVE_MPI
  int provided;
  MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided); /* threads never call MPI */
  MPI_Comm_rank(MPI_COMM_WORLD, &r->rank);
  MPI_Comm_size(MPI_COMM_WORLD, &r->size);
  r->on = 1;
  return 0;
#else
  if (launched <= 1 && force && !strcmp(force, "1")) {
    sls_err(err, "SLSIM_MPI=1, but this slsim was built without MPI (configure --with-mpi)");
    return -1;
  }
  if (launched > 1) {
    sls_err(err,
            "started as %d MPI ranks, but this slsim was built without MPI: each copy would run the whole "
            "study; configure --with-mpi (needs libopenmpi-dev or libmpich-dev), or use --list-tasks/--task "
            "and merge",
            launched);
    return -1;
  }
  return 0;
#endif
}

#ifdef HAVE_MPI
/* MPI counts are ints: long buffers go in pieces of 1 GiB. */
#define PIECE (1 << 30)

static void send_bytes(const unsigned char *p, uint64_t len) {
  MPI_Send(&len, 1, MPI_UINT64_T, 0, 1, MPI_COMM_WORLD);
  for (uint64_t at = 0; at < len; at += PIECE) {
    int n = (int)(len - at < PIECE ? len - at : PIECE);
    MPI_Send(p + at, n, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
  }
}

static unsigned char *recv_bytes(int from, uint64_t *len) {
  MPI_Recv(len, 1, MPI_UINT64_T, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  unsigned char *p = sls_xcalloc((size_t)*len + 1, 1);
  for (uint64_t at = 0; at < *len; at += PIECE) {
    int n = (int)(*len - at < PIECE ? *len - at : PIECE);
    MPI_Recv(p + at, n, MPI_BYTE, from, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
  return p;
}
#endif

int sls_ranks_agree(const sls_ranks *r, int v) {
#ifdef HAVE_MPI
  if (r->on) MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
  return v;
}

int sls_ranks_all(const sls_ranks *r, int v) {
  int all = v != 0;
#ifdef HAVE_MPI
  if (r->on) MPI_Allreduce(MPI_IN_PLACE, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
#endif
  return all;
}

int sls_ranks_gather(const sls_ranks *r, sls_study *st, int *ran, char *err) {
  int mine = 0;
  for (int t = 0; t < st->n_points * st->reps; t++)
    mine += st->runs[t].done;
  ran[0] = mine;
#ifdef HAVE_MPI
  if (!r->on || r->size == 1) return 0;
  if (r->rank > 0) {
    unsigned char *p;
    size_t len = sls_study_pack(st, &p);
    send_bytes(p, len);
    free(p);
    return 0;
  }
  int rc = 0;
  for (int k = 1; k < r->size; k++) { /* receive from every rank, even after an error */
    uint64_t len;
    unsigned char *p = recv_bytes(k, &len);
    char e[SLS_ERRLEN];
    ran[k] = 0;
    if (!rc && sls_study_unpack(st, p, (size_t)len, &ran[k], e)) {
      sls_err(err, "from MPI rank %d: %s", k, e);
      rc = SLS_EINPUT;
    }
    free(p);
  }
  return rc;
#else
  (void)r;
  (void)err;
  return 0;
#endif
}

void sls_ranks_end(sls_ranks *r) {
#ifdef HAVE_MPI
  if (r->on) MPI_Finalize();
#endif
  r->on = 0;
}

const char *sls_ranks_library(void) {
#ifdef HAVE_MPI
  static char name[MPI_MAX_LIBRARY_VERSION_STRING];
  int len;
  MPI_Get_library_version(name, &len);
  name[strcspn(name, ",\n")] = 0; /* the first line, up to the first comma */
  return name;
#else
  return "no MPI";
#endif
}
