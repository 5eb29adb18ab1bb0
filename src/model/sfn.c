/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Step Functions state machines (sfn.h): executions as trees of tokens.
 */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rng.h"
#include "engine/util.h"
#include "model/function.h"
#include "model/sfn.h"

typedef struct sls_exec sls_exec;
typedef struct sls_token sls_token;
typedef struct sls_group sls_group;

/* An execution: it holds its root request until it ends. */
struct sls_exec {
  sls_exec *next_free; /* pool link (must stay first) */
  sls_machine *m;
  sls_root *root;
  sls_time t0;
  int caught;            /* a catcher took an error */
  int64_t history;       /* execution history events so far (Standard: at most 25,000) */
  sls_time instant;      /* the simulated time of its last transition, and */
  int64_t at_instant;    /* how many it has made at that time */
  sls_event *timeout_ev; /* its TimeoutSeconds, or now when its history is full */
  sls_token *top;
};

/* A thread of control: the top level, a Parallel branch or a Map item. */
struct sls_token {
  sls_token *next_free; /* pool link (must stay first) */
  sls_exec *ex;
  sls_group *group;                   /* the Parallel or Map it runs in, NULL at the top level */
  sls_token *prev, *next;             /* its siblings in group */
  int branch;                         /* its branch (Parallel) or item (Map) */
  int own_history;                    /* in a Distributed Map's item: its events are a child's */
  int state;                          /* where it is */
  int attempts[SLS_SFN_MAX_RETRIERS]; /* retries so far, per retrier, in this visit */
  sls_time entered;                   /* this visit began (ns) */
  sls_event *ev;                      /* its pending step: a transition, a wait, a retry, a call */
  sls_event *timeout_ev;              /* a task attempt's TimeoutSeconds */
  sls_request *job;                   /* a function task's invocation it waits for */
  sls_group *sub;                     /* the Parallel or Map it waits on */
  sls_path path;                      /* since the root arrived, accounted up to mark */
  sls_time mark;
};

/* A Parallel's branches or a Map's items in progress. */
struct sls_group {
  sls_group *next_free; /* pool link (must stay first) */
  sls_token *parent;
  sls_token *children; /* running */
  int n;               /* branches or items in all */
  int started, ended, failed;
  int max_conc;       /* 0: no limit */
  sls_time first_end; /* when its first child ended, -1 before */
  sls_path last_path;
  int last_branch;
};

/* The account's Step Functions buckets and the machines' pools. */
typedef struct sls_sfn_rt {
  sls_pool exec_pool, token_pool, group_pool;
  double start_tokens[2], trans_tokens; /* [Standard, Express] */
  sls_time start_t[2], trans_t;
} sls_sfn_rt;

enum { END_OK, END_FAILED };

static void enter(sls_world *w, sls_token *t, int state);
static void on_step(void *ctx, void *obj, int64_t arg);
static void scope_end(sls_world *w, sls_token *t, int failed, unsigned err);
static void error(sls_world *w, sls_token *t, unsigned err);

static const sls_state_spec *state_of(const sls_token *t) { return &t->ex->m->spec->states[t->state]; }

/* ---- token buckets: the time at which a request now gets its token (now when one is left) ---- */

static sls_time bucket_take(double *tokens, sls_time *last, double cap, double rate, sls_time now, int wait) {
  *tokens = fmin(cap, *tokens + rate * sls_time_to_s(now - *last));
  *last = now;
  if (*tokens >= 1) {
    *tokens -= 1;
    return now;
  }
  if (!wait) return -1;
  /* reserve the next token: it arrives after (1 - tokens) / rate; the bucket goes negative */
  double dt = (1 - *tokens) / rate;
  *tokens -= 1;
  return now + (sls_time)ceil(dt * 1e9);
}

/* ---- tokens ---- */

static sls_token *token_new(sls_world *w, sls_exec *ex, sls_group *g, int branch, const sls_token *from) {
  sls_token *t = sls_pool_get(&w->sfn->token_pool);
  t->ex = ex;
  t->group = g;
  t->branch = branch;
  if (from) t->own_history = from->own_history;
  if (from) {
    t->path = from->path;
    t->mark = from->mark;
  }
  if (g) {
    t->next = g->children;
    if (g->children) g->children->prev = t;
    g->children = t;
  }
  w->inflight++; /* the run drains it */
  return t;
}

static void token_free(sls_world *w, sls_token *t) {
  sls_group *g = t->group;
  if (g) {
    if (t->prev) t->prev->next = t->next;
    if (t->next) t->next->prev = t->prev;
    if (g->children == t) g->children = t->next;
  }
  w->inflight--;
  sls_pool_put(&w->sfn->token_pool, t);
}

static void stop(sls_world *w, sls_token *t);

/* Stops a group's children and frees it. */
static void group_stop(sls_world *w, sls_group *g) {
  while (g->children)
    stop(w, g->children);
  sls_pool_put(&w->sfn->group_pool, g);
}

/* Stops t where it is: its step and timer cancelled, its function's invocation left to run on
 * (billed, its result ignored), its branches stopped. */
static void stop(sls_world *w, sls_token *t) {
  if (t->ev) sls_sim_cancel(&w->sim, t->ev);
  if (t->timeout_ev) sls_sim_cancel(&w->sim, t->timeout_ev);
  if (t->job) t->job->owner = NULL;
  if (t->sub) group_stop(w, t->sub);
  token_free(w, t);
}

/* ---- executions ---- */

static void exec_end(sls_world *w, sls_exec *ex, int failed, int timed_out) {
  sls_machine *m = ex->m;
  sls_time d = w->sim.now - ex->t0;
  m->live--;
  if (timed_out)
    m->timed_out++;
  else if (failed)
    m->failed++;
  else
    m->succeeded++;
  m->compensated += (uint64_t)ex->caught;
  sls_hist_record(&m->latency, d);
  if (ex->timeout_ev) sls_sim_cancel(&w->sim, ex->timeout_ev);
  sls_path path = ex->top ? ex->top->path : (sls_path){{0}};
  if (ex->top) {
    sls_path_to(&path, &ex->top->mark, SLS_PATH_WAIT, w->sim.now);
    stop(w, ex->top);
  }
  if (m->spec->express) { /* per execution, and per 100 ms of it at its memory in 64 MB steps */
    uint64_t units = (uint64_t)((d + 100 * SLS_NS_PER_MS - 1) / (100 * SLS_NS_PER_MS));
    m->express_100ms += units;
    if (ex->root) {
      ex->root->src->use.sfn_express_gb_s += (double)units * 0.1 * sls_sfn_express_gb(m->spec);
    }
  }
  if (m->spec->sync) sls_root_respond(w, ex->root);
  w->inflight--;
  sls_root_release(w, ex->root, &path, failed || timed_out ? SLS_END_FAILED : SLS_END_OK);
  sls_pool_put(&w->sfn->exec_pool, ex);
}

/* arg 0: its TimeoutSeconds; 1: its history is full; 2: it loops in no time */
static void on_exec_timeout(void *ctx, void *obj, int64_t arg) {
  sls_exec *ex = obj;
  ex->timeout_ev = NULL;
  if (arg == 1) ex->m->history_failed++;
  exec_end(ctx, ex, 1, arg == 0);
}

#define SLS_SFN_HISTORY_MAX 25000 /* events of a Standard execution's history [facts §7] */

/* n more history events; a Standard execution that reaches the quota fails (now, once its
 * current step is done: its timeout event is moved to now). */
static void history(sls_world *w, sls_exec *ex, int n) {
  ex->history += n;
  if (ex->m->spec->express || ex->history <= SLS_SFN_HISTORY_MAX || !ex->timeout_ev) return;
  if (ex->history - n > SLS_SFN_HISTORY_MAX) return; /* already failing */
  sls_sim_cancel(&w->sim, ex->timeout_ev);
  ex->timeout_ev = sls_sim_schedule(&w->sim, w->sim.now, on_exec_timeout, ex, 1);
}

void sls_machine_start(sls_world *w, int k, const sls_item *item) {
  sls_machine *m = &w->machines[k];
  const sls_machine_spec *ms = m->spec;
  const sls_sfn_quota_spec *q = &w->sc->sfn;
  sls_sfn_rt *rt = w->sfn;
  int x = ms->express;
  if (bucket_take(&rt->start_tokens[x], &rt->start_t[x], x ? q->express_start_bucket : q->start_bucket,
                  x ? q->express_start_refill_per_s : q->start_refill_per_s, w->sim.now, 0) < 0) {
    m->start_throttled++; /* ExecutionLimitExceeded / ThrottlingException: the caller's work fails */
    if (item->root) {
      sls_path p = item->path;
      sls_root_hold(item->root);
      sls_root_respond(w, item->root); /* the caller has its answer: an error */
      sls_root_release(w, item->root, &p, SLS_END_FAILED);
    }
    return;
  }
  m->started++;
  m->live++;
  if (!ms->sync && item->root)
    sls_root_respond(w, item->root); /* StartExecution returns (no-op if answered) */
  sls_exec *ex = sls_pool_get(&rt->exec_pool);
  ex->m = m;
  ex->root = item->root;
  ex->t0 = w->sim.now;
  sls_root_hold(ex->root);
  w->inflight++; /* the run drains it */
  if (ex->root && ms->express) ex->root->src->use.sfn_express_requests += 1;
  ex->timeout_ev = sls_sim_schedule(&w->sim, w->sim.now + ms->timeout, on_exec_timeout, ex, 0);
  ex->history = 2; /* ExecutionStarted, and its end */
  sls_token *t = token_new(w, ex, NULL, 0, NULL);
  t->path = item->path;
  t->mark = w->sim.now;
  ex->top = t;
  enter(w, t, ms->start);
}

/* ---- moving between states ---- */

/* The token leaves its state (its visit ends) for state `to` (-1: the end of its scope). */
static void leave(sls_world *w, sls_token *t, int to) {
  sls_machine *m = t->ex->m;
  m->st[t->state].time_ns += (double)(w->sim.now - t->entered);
  m->st[t->state].left++;
  memset(t->attempts, 0, sizeof t->attempts);
  if (to < 0)
    scope_end(w, t, 0, 0);
  else
    enter(w, t, to);
}

/* An execution that makes this many transitions without simulated time passing loops in no time
 * (a Choice or Pass cycle with zero transition latency, say): it fails rather than hold the run
 * at one instant for ever.  Far above any real burst: a 1,000,000-item Map of 10 states. */
#define SLS_SFN_INSTANT_MAX 10000000

/* A transition into state: billed (Standard), after the service's latency and, Standard, a token
 * of the account's StateTransition bucket. */
static void transition(sls_world *w, sls_token *t) {
  sls_machine *m = t->ex->m;
  sls_exec *ex = t->ex;
  if (ex->instant != w->sim.now) {
    ex->instant = w->sim.now;
    ex->at_instant = 0;
  }
  if (++ex->at_instant == SLS_SFN_INSTANT_MAX && ex->timeout_ev) { /* it ends now, after this step */
    sls_sim_cancel(&w->sim, ex->timeout_ev);
    ex->timeout_ev = sls_sim_schedule(&w->sim, w->sim.now, on_exec_timeout, ex, 2);
  }
  const sls_machine_spec *ms = m->spec;
  m->transitions++;
  if (!ms->express && t->ex->root) t->ex->root->src->use.sfn_transitions += 1;
  sls_time at = w->sim.now;
  if (!ms->express) {
    const sls_sfn_quota_spec *q = &w->sc->sfn;
    at = bucket_take(&w->sfn->trans_tokens, &w->sfn->trans_t, q->transition_bucket,
                     q->transition_refill_per_s, w->sim.now, 1);
    m->transitions_delayed += at > w->sim.now;
  }
  at += sls_time_clamp(sls_dist_sample(&ms->transition_latency, m->r), SLS_TIME_FAR);
  sls_path_to(&t->path, &t->mark, SLS_PATH_WAIT, w->sim.now);
  t->ev = sls_sim_schedule(&w->sim, at, on_step, t, 0);
}

static void enter(sls_world *w, sls_token *t, int state) {
  t->state = state;
  t->ex->m->st[state].entered++;
  sls_state_type ty = t->ex->m->spec->states[state].type;
  if (!t->own_history)
    history(w, t->ex, ty == SLS_ST_PARALLEL || ty == SLS_ST_MAP ? 4 : 2); /* entered, exited */
  transition(w, t);
}

/* ---- tasks ---- */

static void task_done(sls_world *w, sls_token *t, int ok, unsigned err) {
  if (t->timeout_ev) {
    sls_sim_cancel(&w->sim, t->timeout_ev);
    t->timeout_ev = NULL;
  }
  t->job = NULL;
  if (ok)
    leave(w, t, state_of(t)->next);
  else
    error(w, t, err);
}

/* The invoked function's request ends: it lets go of its root (the execution decides the
 * outcome), and its token goes on. */
static void job_end(sls_world *w, sls_request *rq, int ok, unsigned err) {
  sls_token *t = rq->owner;
  sls_path_to(&rq->path, &rq->mark, SLS_PATH_WAIT, w->sim.now);
  sls_root_release(w, rq->root, &rq->path, SLS_END_OK);
  rq->fn->sync_inflight--;
  if (t) {
    t->path = rq->path; /* the critical path ran through the function */
    t->mark = w->sim.now;
    task_done(w, t, ok, err);
  }
  sls_job_end(w, rq);
}

static void job_throttled(sls_world *w, sls_request *rq) {
  rq->fn->st.throttled++;
  if (rq->owner) ((sls_token *)rq->owner)->ex->m->task_throttles++;
  job_end(w, rq, 0, SLS_ERR_THROTTLE);
}

static void job_done(sls_world *w, sls_request *rq, int outcome) {
  sls_function *f = rq->fn;
  if (rq->root) sls_usage_charge(&rq->root->src->use, rq, 1);
  sls_hist_record(&f->st.latency, w->sim.now - rq->t0);
  sls_fn_count_outcome(&f->st, outcome);
  if (rq->owner && outcome) ((sls_token *)rq->owner)->ex->m->task_errors++;
  job_end(w, rq, outcome == 0, SLS_ERR_FUNCTION);
}

static const sls_job_ops task_ops = {job_throttled, job_done};

static void on_task_timeout(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_token *t = obj;
  t->timeout_ev = NULL;
  t->ex->m->task_timeouts++;
  if (t->ev) { /* still in its call */
    sls_sim_cancel(&w->sim, t->ev);
    t->ev = NULL;
  }
  if (t->job) t->job->owner = NULL; /* the function runs on */
  t->job = NULL;
  sls_path_to(&t->path, &t->mark, SLS_PATH_WAIT, w->sim.now);
  error(w, t, SLS_ERR_TIMEOUT);
}

/* A task attempt: the integration's call time, then the call. */
static void task_attempt(sls_world *w, sls_token *t) {
  const sls_state_spec *st = state_of(t);
  sls_machine *m = t->ex->m;
  m->tasks++;
  if (!t->own_history) history(w, t->ex, 3); /* scheduled, started, succeeded or failed */
  if (st->timeout != SLS_TIME_MAX)
    t->timeout_ev = sls_sim_schedule(&w->sim, w->sim.now + st->timeout, on_task_timeout, t, 0);
  sls_time d = sls_time_clamp(sls_dist_sample(&st->api_latency, m->r), SLS_TIME_FAR);
  t->ev = sls_sim_schedule(&w->sim, w->sim.now + d, on_step, t, 1);
}

/* The call goes out: a function invoked synchronously, or an item sent. */
static void task_call(sls_world *w, sls_token *t) {
  const sls_state_spec *st = state_of(t);
  sls_path_to(&t->path, &t->mark, SLS_PATH_RUN, w->sim.now); /* the call's own time, as a caller's */
  if (st->resource.kind == SLS_TARGET_FUNCTION && !st->async) {
    sls_function *f = &w->functions[st->resource.index];
    sls_request *rq = sls_job_new(w, SLS_JOB_SYNC, f, &task_ops);
    rq->owner = t;
    rq->root = t->ex->root;
    sls_root_hold(rq->root);
    rq->path = t->path;
    rq->mark = w->sim.now;
    f->st.requests++;
    f->sync_inflight++;
    f->ts_cur[SLS_TS_REQUESTS]++;
    t->job = rq;
    sls_job_invoke(w, rq);
    return;
  }
  sls_item it = SLS_ITEM_INIT;
  it.root = t->ex->root;
  it.path = t->path;
  it.kb = st->kb;
  sls_deliver(w, st->resource, &it); /* the receiver holds the root for what it starts */
  task_done(w, t, 1, 0);
}

/* ---- Parallel and Map ---- */

static int map_items(sls_machine *m, const sls_state_spec *st) {
  double mean = (double)st->items;
  switch (st->items_dist) {
  case 1: return (int)gsl_ran_poisson(m->r, mean);
  case 2: { /* failures before a success: mean `items`; a draw past 10^7 is cut there */
    if (mean <= 0) return 0;
    unsigned k = gsl_ran_geometric(m->r, 1.0 / (mean + 1));
    return k > 10000001u ? 10000000 : (int)k - 1;
  }
  default: return (int)st->items;
  }
}

/* Starts the group's next child (a branch or an item). */
static void child_start(sls_world *w, sls_group *g) {
  const sls_state_spec *st = state_of(g->parent);
  int b = g->started++;
  if (st->type == SLS_ST_MAP && !g->parent->own_history)
    history(w, g->parent->ex, 2); /* an iteration's start and end */
  sls_token *c = token_new(w, g->parent->ex, g, b, g->parent);
  c->own_history |= st->type == SLS_ST_MAP && st->distributed; /* a child execution's history */
  enter(w, c, st->type == SLS_ST_PARALLEL ? st->branches[b] : st->branches[0]);
}

static void fan_out(sls_world *w, sls_token *t) {
  const sls_state_spec *st = state_of(t);
  int n = st->type == SLS_ST_PARALLEL ? st->n_branches : map_items(t->ex->m, st);
  if (n <= 0) {
    leave(w, t, st->next);
    return;
  }
  sls_group *g = sls_pool_get(&w->sfn->group_pool);
  g->parent = t;
  g->n = n;
  /* a Map runs at most 40 items at once inline, 10,000 distributed [facts §7] */
  int most = st->type != SLS_ST_MAP ? 0 : st->distributed ? 10000 : 40;
  g->max_conc =
      most && (st->max_concurrency == 0 || st->max_concurrency > most) ? most : (int)st->max_concurrency;
  t->sub = g;
  int first = g->max_conc > 0 && g->max_conc < n ? g->max_conc : n;
  for (int i = 0; i < first; i++)
    child_start(w, g);
}

/* A child of g ended (failed: with error err). */
static void child_end(sls_world *w, sls_token *c, int failed, unsigned err) {
  sls_group *g = c->group;
  sls_token *p = g->parent;
  const sls_state_spec *st = state_of(p);
  sls_path_to(&c->path, &c->mark, SLS_PATH_WAIT, w->sim.now);
  if (g->ended++ == 0) g->first_end = w->sim.now;
  g->last_path = c->path; /* it ends now: the latest so far */
  g->last_branch = c->branch;
  token_free(w, c);
  if (failed) {
    g->failed++;
    /* a Parallel fails with its branch; a Map when more items failed than it tolerates */
    if (st->type == SLS_ST_PARALLEL || (double)g->failed > st->tolerated_failure * (double)g->n) {
      p->sub = NULL;
      group_stop(w, g);
      p->path = g->last_path;
      p->mark = w->sim.now;
      error(w, p, st->type == SLS_ST_PARALLEL ? err : SLS_ERR_FAILED);
      return;
    }
  }
  if (g->started < g->n) {
    child_start(w, g);
    return;
  }
  if (g->ended < g->n) return;
  /* all ended: the state goes on with the path of the child that ended last, which held it up
   * for the spread (from the first child's end) */
  sls_state_stats *ss = &p->ex->m->st[p->state];
  if (st->type == SLS_ST_PARALLEL) ss->last_branch[g->last_branch]++;
  ss->spread_ns += (double)(w->sim.now - g->first_end);
  ss->spreads++;
  p->path = g->last_path;
  p->mark = w->sim.now;
  p->sub = NULL;
  sls_pool_put(&w->sfn->group_pool, g);
  leave(w, p, st->next);
}

/* ---- ends and errors ---- */

/* t reached the end of its scope. */
static void scope_end(sls_world *w, sls_token *t, int failed, unsigned err) {
  if (t->group) {
    child_end(w, t, failed, err);
    return;
  }
  exec_end(w, t->ex, failed, 0);
}

const char *const sls_state_types[] = {"task", "choice",  "parallel", "map", "wait",
                                       "pass", "succeed", "fail",     NULL};
const char *const sls_error_classes[] = {"function", "timeout", "throttle", "failed", NULL};

double sls_sfn_express_gb(const sls_machine_spec *m) {
  return ceil((double)m->memory_mb / 64.0) * 64.0 / 1024.0;
}

sls_time sls_sfn_retry_delay(const sls_retrier_spec *r, int n) {
  double d = (double)r->interval * pow(r->backoff, n - 1);
  if (d > (double)r->max_delay) d = (double)r->max_delay;
  return sls_time_clamp(d, SLS_TIME_FAR); /* a huge rate or count: "not within the run" */
}

/* The state t is in failed with err: a retrier, else a catcher, else the scope fails. */
static void error(sls_world *w, sls_token *t, unsigned err) {
  const sls_state_spec *st = state_of(t);
  sls_machine *m = t->ex->m;
  sls_state_stats *ss = &m->st[t->state];
  for (int i = 0; i < st->n_retry; i++) {
    const sls_retrier_spec *r = &st->retry[i];
    if (!(r->errors & err)) continue;
    if (t->attempts[i] >= r->max_attempts) break; /* this retrier is spent: on to the catchers */
    int n = ++t->attempts[i];
    ss->retries++;
    m->transitions++; /* a retry is a transition */
    if (!m->spec->express && t->ex->root) t->ex->root->src->use.sfn_transitions += 1;
    sls_time d = sls_sfn_retry_delay(r, n);
    if (r->jitter_full) d = (sls_time)((double)d * gsl_rng_uniform(m->r));
    sls_path_to(&t->path, &t->mark, SLS_PATH_WAIT, w->sim.now);
    t->ev = sls_sim_schedule(&w->sim, w->sim.now + d, on_step, t, 2);
    return;
  }
  for (int i = 0; i < st->n_catch; i++)
    if (st->catches[i].errors & err) {
      ss->caught++;
      t->ex->caught = 1;
      leave(w, t, st->catches[i].next);
      return;
    }
  ss->failed++;
  ss->left++;
  ss->time_ns += (double)(w->sim.now - t->entered);
  scope_end(w, t, 1, err);
}

/* ---- the step a token waits for: arg 0 entered its state, 1 a task's call goes out, 2 retry ---- */

static void run_state(sls_world *w, sls_token *t) {
  const sls_state_spec *st = state_of(t);
  sls_machine *m = t->ex->m;
  switch (st->type) {
  case SLS_ST_TASK: task_attempt(w, t); return;
  case SLS_ST_CHOICE: {
    double u = gsl_rng_uniform(m->r), acc = 0;
    for (int i = 0; i < st->n_choices; i++) {
      acc += st->choices[i].probability;
      if (u < acc) {
        leave(w, t, st->choices[i].next);
        return;
      }
    }
    leave(w, t, st->def);
    return;
  }
  case SLS_ST_PARALLEL:
  case SLS_ST_MAP: fan_out(w, t); return;
  case SLS_ST_WAIT:
    t->ev = sls_sim_schedule(
        &w->sim, w->sim.now + sls_time_clamp(sls_dist_sample(&st->wait, m->r), SLS_TIME_FAR), on_step, t, 3);
    return;
  case SLS_ST_PASS: leave(w, t, st->next); return;
  case SLS_ST_SUCCEED: leave(w, t, -1); return;
  case SLS_ST_FAIL:
    m->st[t->state].failed++;
    m->st[t->state].left++;
    scope_end(w, t, 1, SLS_ERR_FAILED);
    return;
  case SLS_ST_N: return;
  }
}

static void on_step(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_token *t = obj;
  t->ev = NULL;
  switch (arg) {
  case 0: /* entered */
    sls_path_to(&t->path, &t->mark, SLS_PATH_WAIT, w->sim.now);
    t->entered = w->sim.now;
    run_state(w, t);
    return;
  case 1: task_call(w, t); return;
  case 2: /* a retry: the state again (a Parallel or Map from its start) */
    sls_path_to(&t->path, &t->mark, SLS_PATH_WAIT, w->sim.now);
    run_state(w, t);
    return;
  default: /* a Wait state's wait is over */
    sls_path_to(&t->path, &t->mark, SLS_PATH_WAIT, w->sim.now);
    leave(w, t, state_of(t)->next);
    return;
  }
}

/* ---- the machines ---- */

void sls_machines_init(sls_world *w, uint64_t seed) {
  const sls_scenario *sc = w->sc;
  w->n_machines = sc->n_machines;
  w->machines = sls_xcalloc((size_t)sc->n_machines + 1, sizeof *w->machines);
  w->sfn = sls_xcalloc(1, sizeof *w->sfn);
  sls_pool_init(&w->sfn->exec_pool, sizeof(sls_exec));
  sls_pool_init(&w->sfn->token_pool, sizeof(sls_token));
  sls_pool_init(&w->sfn->group_pool, sizeof(sls_group));
  w->sfn->start_tokens[0] = sc->sfn.start_bucket; /* full at the start */
  w->sfn->start_tokens[1] = sc->sfn.express_start_bucket;
  w->sfn->trans_tokens = sc->sfn.transition_bucket;
  for (int i = 0; i < sc->n_machines; i++) {
    sls_machine *m = &w->machines[i];
    m->spec = &sc->machines[i];
    m->index = i;
    m->r = sls_rng_alloc(seed, m->spec->name, "machine");
    sls_hist_init(&m->latency);
    m->st = sls_xcalloc((size_t)m->spec->n_states + 1, sizeof *m->st);
    for (int s = 0; s < m->spec->n_states; s++)
      if (m->spec->states[s].type == SLS_ST_PARALLEL)
        m->st[s].last_branch = sls_xcalloc((size_t)m->spec->states[s].n_branches, sizeof(uint64_t));
  }
}

void sls_machines_free(sls_world *w) {
  for (int i = 0; i < w->n_machines; i++) {
    sls_machine *m = &w->machines[i];
    sls_rng_free(m->r);
    sls_hist_destroy(&m->latency);
    for (int s = 0; m->st && s < m->spec->n_states; s++)
      free(m->st[s].last_branch);
    free(m->st);
  }
  free(w->machines);
  if (w->sfn) {
    sls_pool_destroy(&w->sfn->exec_pool);
    sls_pool_destroy(&w->sfn->token_pool);
    sls_pool_destroy(&w->sfn->group_pool);
    free(w->sfn);
  }
}

int sls_machines_conserved(const sls_world *w, char *err) {
  for (int i = 0; i < w->n_machines; i++) {
    const sls_machine *m = &w->machines[i];
    if (m->succeeded + m->failed + m->timed_out + m->live != m->started) {
      sls_err(
          err,
          "state machine %s: started %llu != succeeded %llu + failed %llu + timed out %llu + running %llu",
          m->spec->name, (unsigned long long)m->started, (unsigned long long)m->succeeded,
          (unsigned long long)m->failed, (unsigned long long)m->timed_out, (unsigned long long)m->live);
      return 0;
    }
  }
  return 1;
}

double sls_machines_bytes(const sls_world *w) {
  if (!w->sfn) return 0;
  double b = (double)w->n_machines * sizeof(sls_machine);
  for (int i = 0; i < w->n_machines; i++)
    b += (double)w->machines[i].spec->n_states * sizeof(sls_state_stats);
  return b + sls_pool_bytes(&w->sfn->exec_pool) + sls_pool_bytes(&w->sfn->token_pool) +
         sls_pool_bytes(&w->sfn->group_pool);
}
