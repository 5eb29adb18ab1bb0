/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where work can circulate (loader.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text.h"
#include "engine/util.h"
#include "scenario/loader.h"

/* ---- cycles: where work can flow back to where it came from ----
 *
 * Nodes are functions (0 .. nf-1) and queues (nf ..); an edge is a way work moves: a queue's
 * mapping invokes its function, a function's failed async events go to its on_failure queue, a
 * queue's messages go to its dead-letter queue.  A cycle is legal (AWS accepts each edge), but
 * work that keeps failing then circulates until drain_limit ends the run: the sls_loader says so. */

typedef struct edge {
  int from, to;
  const config_setting_t *at;  /* the setting that makes the edge, for FILE:LINE */
  char key[SLS_NAME_MAX + 32]; /* its key path */
} edge;

static const char *node_name(const sls_scenario *sc, int v, char *buf, size_t n) {
  if (v < sc->n_functions)
    snprintf(buf, n, "function %s", sc->functions[v].name);
  else
    snprintf(buf, n, "queue %s", sc->queues[v - sc->n_functions].name);
  return buf;
}

void sls_ld_cycles(sls_loader *ld, config_setting_t *root, sls_scenario *sc) {
  int nf = sc->n_functions, nv = nf + sc->n_queues, ne = 0;
  edge *e = sls_xcalloc((size_t)(sc->n_mappings + nf + sc->n_queues) + 1, sizeof *e);
  config_setting_t *ml = config_setting_get_member(root, "mappings"),
                   *fl = config_setting_get_member(root, "functions"),
                   *ql = config_setting_get_member(root, "queues");
  for (int i = 0; i < sc->n_mappings; i++) {
    e[ne] = (edge){nf + sc->mappings[i].q_index, sc->mappings[i].fn_index,
                   config_setting_get_member(config_setting_get_elem(ml, (unsigned)i), "queue"), ""};
    snprintf(e[ne++].key, sizeof e->key, "mappings.%s.queue", sc->mappings[i].name);
  }
  for (int i = 0; i < nf; i++)
    if (sc->functions[i].on_failure_q >= 0 && !sc->functions[i].from_trace) {
      e[ne] = (edge){i, nf + sc->functions[i].on_failure_q,
                     config_setting_get_member(config_setting_get_elem(fl, (unsigned)i), "on_failure"), ""};
      snprintf(e[ne++].key, sizeof e->key, "functions.%s.on_failure", sc->functions[i].name);
    }
  for (int i = 0; i < sc->n_queues; i++)
    if (sc->queues[i].dlq_index >= 0) {
      e[ne] = (edge){nf + i, nf + sc->queues[i].dlq_index,
                     config_setting_get_member(config_setting_get_elem(ql, (unsigned)i), "dead_letter_queue"),
                     ""};
      snprintf(e[ne++].key, sizeof e->key, "queues.%s.dead_letter_queue", sc->queues[i].name);
    }
  /* adjacency (edges by source), then Tarjan's strongly connected components (iteratively: a
   * chain of 10^5 queues is no recursion depth), O(nodes + edges) */
  int *first = sls_xcalloc((size_t)nv + 2, sizeof *first), *adj = sls_xcalloc((size_t)ne + 1, sizeof *adj);
  for (int k = 0; k < ne; k++)
    first[e[k].from + 1]++;
  for (int v = 0; v < nv; v++)
    first[v + 1] += first[v];
  int *fill = sls_xcalloc((size_t)nv + 1, sizeof *fill);
  for (int k = 0; k < ne; k++)
    adj[first[e[k].from] + fill[e[k].from]++] = k;
  int *index = sls_xmalloc(((size_t)nv + 1) * sizeof *index),
      *low = sls_xmalloc(((size_t)nv + 1) * sizeof *low),
      *comp = sls_xmalloc(((size_t)nv + 1) * sizeof *comp),
      *stack = sls_xmalloc(((size_t)nv + 1) * sizeof *stack),
      *call = sls_xmalloc(((size_t)nv + 1) * sizeof *call),
      *next = sls_xmalloc(((size_t)nv + 1) * sizeof *next);
  char *on = sls_xcalloc((size_t)nv + 1, 1);
  for (int v = 0; v < nv; v++)
    index[v] = comp[v] = -1;
  int counter = 0, top = 0, ncomp = 0;
  for (int r = 0; r < nv; r++) {
    if (index[r] >= 0) continue;
    int depth = 0;
    call[depth++] = r;
    index[r] = low[r] = counter++;
    next[r] = first[r];
    stack[top++] = r;
    on[r] = 1;
    while (depth) {
      int v = call[depth - 1];
      if (next[v] < first[v + 1]) {
        int w = e[adj[next[v]++]].to;
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          next[w] = first[w];
          stack[top++] = w;
          on[w] = 1;
          call[depth++] = w;
        } else if (on[w] && index[w] < low[v])
          low[v] = index[w];
        continue;
      }
      depth--;
      if (depth && low[v] < low[call[depth - 1]]) low[call[depth - 1]] = low[v];
      if (low[v] != index[v]) continue;
      int w;
      do {
        w = stack[--top];
        on[w] = 0;
        comp[w] = ncomp;
      } while (w != v);
      ncomp++;
    }
  }
  /* one warning per component with a cycle (an edge inside it): the path around, found by a
   * breadth-first search inside the component from the edge's target back to its source */
  char *reported = sls_xcalloc((size_t)ncomp + 1, 1);
  int *prev = next; /* reused */
  for (int k = 0; k < ne; k++) {
    int c = comp[e[k].from];
    if (c != comp[e[k].to] || reported[c]) continue;
    reported[c] = 1;
    for (int v = 0; v < nv; v++)
      prev[v] = -2;
    int head = 0, tail = 0;
    stack[tail++] = e[k].to;
    prev[e[k].to] = -1;
    while (head < tail && prev[e[k].from] == -2) {
      int v = stack[head++];
      for (int j = first[v]; j < first[v + 1]; j++) {
        int w = e[adj[j]].to;
        if (comp[w] == c && prev[w] == -2) {
          prev[w] = v;
          stack[tail++] = w;
        }
      }
    }
    /* the cycle: from -> to -> ... -> from; prev walks it backwards from `from` */
    int chain[64], nc = 0;
    for (int v = e[k].from; v != -1 && nc < 64; v = prev[v])
      chain[nc++] = v; /* from, ..., to */
    char path[1024], a[160];
    snprintf(path, sizeof path, "%s%s", node_name(sc, e[k].from, a, sizeof a),
             nc == 64 && prev[chain[63]] != -1 ? " -> ..." : "");
    for (int i = nc - 1; i >= 0; i--)
      snprintf(path + strlen(path), sizeof path - strlen(path), " -> %s",
               node_name(sc, chain[i], a, sizeof a));
    int line;
    const char *file = sls_ld_where(ld, e[k].at, &line);
    char msg[SLS_ERRLEN];
    snprintf(
        msg, sizeof msg,
        "%s:%d: %s: work can circulate (%s): if it keeps failing, the run ends only at drain_limit_s (%g s) "
        "and its bill is projected from the whole span",
        file, line, e[k].key, path, sls_time_to_s(sc->drain_limit));
    sls_sc_warn(sc, msg);
  }
  free(first);
  free(adj);
  free(fill);
  free(index);
  free(low);
  free(comp);
  free(call);
  free(next);
  free(on);
  free(stack);
  free(reported);
  free(e);
}
