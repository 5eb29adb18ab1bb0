/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fan-in joins (join.h).  A root's waits hang off the root (r->slots): a handful at most, so a
 * list is searched.
 */
#include "model/join.h"

#include "engine/util.h"

typedef struct sls_joinslot {
  struct sls_joinslot *next_free; /* pool link (must stay first) */
  struct sls_joinslot *next;      /* the root's next wait */
  sls_join *join;
  sls_root *root;
  int64_t expected; /* arrivals it waits for (0: not known yet) */
  int64_t arrived;
  int done; /* fired or timed out: later arrivals are late */
  sls_event *timeout_ev;
  sls_item last;     /* the last arrival (its path is the critical one) */
  sls_time last_at;  /* when it arrived, or when the wait began (ns) */
  sls_time first_at; /* when the first branch arrived (ns), -1 before */
} sls_joinslot;

size_t sls_join_slot_size(void) { return sizeof(sls_joinslot); }

void sls_joins_init(sls_world *w) {
  const sls_scenario *sc = w->sc;
  w->n_joins = sc->n_joins;
  w->joins = sls_xcalloc((size_t)sc->n_joins + 1, sizeof *w->joins);
  for (int i = 0; i < sc->n_joins; i++) {
    w->joins[i].spec = &sc->joins[i];
    w->joins[i].index = i;
    sls_hist_init(&w->joins[i].spread);
  }
}

void sls_joins_free(sls_world *w) {
  for (int i = 0; i < w->n_joins; i++)
    sls_hist_destroy(&w->joins[i].spread);
  free(w->joins);
}

static void on_timeout(void *ctx, void *obj, int64_t arg);

/* r's wait at j, made (and holding r) when there is none; its timeout runs from now. */
static sls_joinslot *slot_of(sls_world *w, sls_join *j, sls_root *r) {
  for (sls_joinslot *s = r->slots; s; s = s->next)
    if (s->join == j) return s;
  sls_joinslot *s = sls_pool_get(&w->slot_pool);
  s->join = j;
  s->root = r;
  s->expected = j->spec->branches;
  s->next = r->slots;
  r->slots = s;
  s->last.root = r;
  s->last.event_type = -1;
  s->last.fixed_duration = -1;
  s->last.send_requests = -1;
  s->last_at = w->sim.now;
  s->first_at = -1;
  sls_root_hold(r); /* the wait is a piece of the root's work */
  w->inflight++;    /* the run drains it */
  j->waiting++;
  s->timeout_ev = sls_sim_schedule(&w->sim, w->sim.now + j->spec->timeout, on_timeout, s, 0);
  return s;
}

/* The wait ends: the root lets go of it (it stays listed, done, to count late arrivals). */
static void slot_end(sls_world *w, sls_joinslot *s, int outcome) {
  sls_join *j = s->join;
  s->done = 1;
  j->waiting--;
  w->inflight--;
  if (s->timeout_ev) {
    sls_sim_cancel(&w->sim, s->timeout_ev);
    s->timeout_ev = NULL;
  }
  sls_root_release(w, s->root, &s->last.path, outcome);
}

/* Sends the joined item on: the path of the last arrival, up to now. */
static void fire(sls_world *w, sls_joinslot *s) {
  s->join->fired++;
  if (s->first_at >= 0) sls_hist_record(&s->join->spread, w->sim.now - s->first_at);
  sls_deliver(w, s->join->spec->target, &s->last);
  slot_end(w, s, SLS_END_OK);
}

static void on_timeout(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_joinslot *s = obj;
  s->timeout_ev = NULL;
  s->last.path.t[SLS_PATH_WAIT] += w->sim.now - s->last_at; /* waited since the last arrival */
  if (s->join->spec->on_timeout_continue) {
    s->join->partial++;
    s->join->fired--; /* fire counts it again */
    fire(w, s);
    return;
  }
  s->join->timed_out++;
  slot_end(w, s, SLS_END_FAILED);
}

void sls_join_expect(sls_world *w, sls_join *j, sls_root *r, int64_t n) {
  if (!r || n <= 0) return;
  sls_joinslot *s = slot_of(w, j, r);
  if (s->done) return;
  if (j->spec->branches == 0) s->expected += n;
  if (s->expected > 0 && s->arrived >= s->expected) fire(w, s);
}

void sls_join_arrive(sls_world *w, sls_join *j, const sls_item *item) {
  j->arrivals++;
  if (!item->root) return; /* untraced: nothing to count it against */
  sls_joinslot *s = slot_of(w, j, item->root);
  if (s->done) {
    j->late++;
    return;
  }
  s->arrived++;
  if (s->first_at < 0) s->first_at = w->sim.now;
  s->last = *item;
  s->last.fixed_duration = -1;
  s->last_at = w->sim.now;
  if (s->expected > 0 && s->arrived >= s->expected) fire(w, s);
}

/* Frees a root's waits (when the root completes). */
void sls_join_slots_free(sls_world *w, sls_root *r) {
  while (r->slots) {
    sls_joinslot *s = r->slots;
    r->slots = s->next;
    sls_pool_put(&w->slot_pool, s);
  }
}
