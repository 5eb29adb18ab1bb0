/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A program that embeds slsim: built at `make installcheck` (and so by `make distcheck`) against
 * the installed library and headers through pkg-config --cflags --libs slsim.  It loads the
 * scenario named on its command line, runs it, checks conservation and prints what ran:
 *
 *   cc $(pkg-config --cflags slsim) embed.c $(pkg-config --libs slsim) -o embed
 *   ./embed scenario.cfg
 */
#include <stdio.h>

#include "engine/util.h"
#include "model/world.h"
#include "scenario/scenario.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: embed SCENARIO.cfg\n");
    return 2;
  }
  char err[SLS_ERRLEN] = "";
  sls_scenario sc;
  if (sls_scenario_load(argv[1], NULL, 0, &sc, err) != 0) {
    fprintf(stderr, "embed: %s\n", err);
    return 2;
  }
  sls_world *w = sls_world_alloc(&sc, sc.seed, err);
  if (!w || sls_world_run(w) != 0 || !sls_world_conserved(w, err)) {
    fprintf(stderr, "embed: %s\n", err);
    sls_world_free(w);
    sls_scenario_free(&sc);
    return 1;
  }
  unsigned long long inv = 0;
  for (int i = 0; i < w->n_functions; i++)
    inv += (unsigned long long)w->functions[i].st.invocations;
  printf("embed: %s: %d functions, %llu invocations, conserved\n", sc.name, w->n_functions, inv);
  sls_world_free(w);
  sls_scenario_free(&sc);
  return inv > 0 ? 0 : 1;
}
