/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ranks — the MPI driver of `sweep` and `run --reps` (docs/design.md §5).
 *
 * When mpirun (or srun, or any launcher that sets OMPI_COMM_WORLD_SIZE or PMI_SIZE) starts
 * several copies of slsim, the copies are the ranks of one study: rank r runs the tasks r, r + N,
 * r + 2N, ... (N ranks, each on its --jobs threads), sends its runs to rank 0, and rank 0 alone
 * writes the file and the report.  Every task depends only on its scenario and its seed, so the
 * file is the one a single process writes.
 *
 * Without MPI (configure found none, or --without-mpi) a single rank is all there is, and a launch
 * of several copies is refused rather than letting them race for one output file.
 * SLSIM_MPI=1 starts MPI under a launcher these variables do not reveal; SLSIM_MPI=0 never does.
 */
#ifndef SLS_RANKS_H
#define SLS_RANKS_H

#include "study/study.h"

typedef struct sls_ranks {
  int rank, size;
  int on; /* MPI_Init was called */
} sls_ranks;

/* Joins the launcher's ranks, if any: r->size is 1 when not launched.  Returns 0, or -1 with a
 * message in err when several copies were launched and this slsim was built without MPI. */
int sls_ranks_start(sls_ranks *r, char *err);
/* Rank 0's value of v, on every rank. */
int sls_ranks_agree(const sls_ranks *r, int v);
/* 1 when v is true on every rank (a collective: every rank must call it). */
int sls_ranks_all(const sls_ranks *r, int v);
/* Sends every rank's finished runs to rank 0 and adds them to its st; ran[k] (size entries)
 * receives how many tasks rank k ran.  Returns 0, or SLS_EINPUT with a message (on rank 0). */
int sls_ranks_gather(const sls_ranks *r, sls_study *st, int *ran, char *err);
void sls_ranks_end(sls_ranks *r);
/* "Open MPI 4.1.4" or "no MPI": what this slsim was built with. */
const char *sls_ranks_library(void);

#endif
