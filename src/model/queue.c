/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/queue.h"

#include <math.h>
#include <string.h>

#include "engine/util.h"

const char *const sls_qts_names[SLS_QTS_NCOLS] = {"sent",
                                                  "deleted",
                                                  "to_dlq",
                                                  "visible_mean",
                                                  "visible_max",
                                                  "inflight_mean",
                                                  "oldest_age_s",
                                                  "mapping_concurrency_mean",
                                                  "mapping_concurrency_max",
                                                  "mapping_target",
                                                  "mapping_throttles",
                                                  "mapping_failed_batches"};

#define ESM_START 5.0         /* concurrent batches a mapping starts with [facts §2] */
#define ESM_TICK SLS_NS_PER_S /* the ramp is updated every second */
#define LONG_POLL_S 20.0      /* ReceiveMessage wait of an idle poller */
/* Error back-off: target <= ERR_A * p^-ERR_B (see queue.h for the calibration). */
#define ERR_A 6.76
#define ERR_B 0.284

/* ---- message lists ---- */

static void ml_push(sls_msglist *l, sls_msg *m) {
  m->next = NULL;
  if (l->tail)
    l->tail->next = m;
  else
    l->head = m;
  l->tail = m;
  l->n++;
}

static void ml_push_front(sls_msglist *l, sls_msg *m) {
  m->next = l->head;
  l->head = m;
  if (!l->tail) l->tail = m;
  l->n++;
}

static sls_msg *ml_pop(sls_msglist *l) {
  sls_msg *m = l->head;
  if (!m) return NULL;
  l->head = m->next;
  if (!l->head) l->tail = NULL;
  l->n--;
  m->next = NULL;
  return m;
}

/* ---- setup ---- */

static void esm_poll(sls_world *w, sls_esm *m);

/* The pollers' ceiling: the ramp's maximum, or maximum_concurrency (> 0) when lower [facts §2]. */
static void esm_ceiling(sls_esm *m, int64_t max_concurrency) {
  double ceiling = m->spec->scaling == SLS_SCALING_LEGACY ? 1000 : 1250; /* [facts §2] */
  if (max_concurrency > 0 && max_concurrency < ceiling) ceiling = (double)max_concurrency;
  m->max_target = ceiling;
  m->min_target = ESM_START < ceiling ? ESM_START : ceiling;
}

void sls_queues_init(sls_world *w) {
  const sls_scenario *sc = w->sc;
  w->n_queues = sc->n_queues;
  w->queues = sls_xcalloc((size_t)sc->n_queues + 1, sizeof *w->queues);
  for (int i = 0; i < sc->n_queues; i++) {
    sls_queue *q = &w->queues[i];
    q->spec = &sc->queues[i];
    q->index = i;
    q->dlq = q->spec->dlq_index >= 0 ? &w->queues[q->spec->dlq_index] : NULL;
    q->st.first_sent = -1;
    q->st.last_empty = -1;
    sls_hist_init(&q->st.e2e);
    sls_hist_init(&q->st.wait);
    if (w->n_samples) q->ts = sls_series_add(&w->series, SLS_QTS_NCOLS);
  }
  /* FIFO queues: as many groups as the sources that feed them use. */
  for (int i = 0; i < sc->n_sources; i++) {
    const sls_source_spec *s = &sc->sources[i];
    if (s->q_index < 0 || !sc->queues[s->q_index].fifo) continue;
    sls_queue *q = &w->queues[s->q_index];
    if (s->message_groups > q->n_groups) q->n_groups = s->message_groups;
  }
  for (int i = 0; i < sc->n_queues; i++) {
    sls_queue *q = &w->queues[i];
    if (!q->spec->fifo) continue;
    if (q->n_groups < 1) q->n_groups = 1;
    q->groups = sls_xcalloc((size_t)q->n_groups, sizeof *q->groups);
    q->group_busy = sls_xcalloc((size_t)q->n_groups, sizeof *q->group_busy);
  }
  w->n_esms = sc->n_mappings;
  w->esms = sls_xcalloc((size_t)sc->n_mappings + 1, sizeof *w->esms);
  for (int i = 0; i < sc->n_mappings; i++) {
    sls_esm *m = &w->esms[i];
    m->spec = &sc->mappings[i];
    m->index = i;
    m->q = &w->queues[m->spec->q_index];
    m->fn = &w->functions[m->spec->fn_index];
    m->q->esm = m;
    m->max_conc = m->spec->max_concurrency;
    esm_ceiling(m, m->max_conc);
    m->target = m->spec->scaling == SLS_SCALING_NONE ? m->max_target : m->min_target;
  }
}

void sls_esm_redeploy(sls_world *w, sls_esm *m) {
  m->active_old += m->active;
  m->active = 0;
  m->epoch++;
  esm_poll(w, m);
}

void sls_esm_set_max(sls_world *w, sls_esm *m, int64_t max_concurrency) {
  esm_ceiling(m, max_concurrency);
  if (m->spec->scaling == SLS_SCALING_NONE || m->target > m->max_target) m->target = m->max_target;
  if (m->target < m->min_target) m->target = m->min_target;
  esm_poll(w, m);
}

void sls_queues_free(sls_world *w) {
  for (int i = 0; i < w->n_queues; i++) {
    sls_queue *q = &w->queues[i];
    sls_hist_destroy(&q->st.e2e);
    sls_hist_destroy(&q->st.wait);
    free(q->groups);
    free(q->group_busy);
  }
  free(w->queues);
  free(w->esms);
}

/* ---- queue state ---- */

int64_t sls_queue_remaining(const sls_queue *q) { return q->n_visible + q->n_inflight + q->delayed.n; }

sls_time sls_queue_drained_at(const sls_queue *q) { return q->st.first_sent < 0 ? -1 : q->st.last_empty; }

/* Messages leave the system (processed, dead-lettered, expired) or move between states. */
static void note_gone(sls_world *w, sls_queue *q, int64_t n) {
  if (q->esm) w->inflight -= (uint64_t)n; /* only drainable messages keep the run going */
  if (sls_queue_remaining(q) == 0) q->st.last_empty = w->sim.now;
}

static void visible_add(sls_world *w, sls_queue *q, sls_msg *m, int front) {
  m->visible_at = front ? m->visible_at : w->sim.now;
  if (q->spec->fifo) {
    if (front)
      ml_push_front(&q->groups[m->group], m);
    else
      ml_push(&q->groups[m->group], m);
  } else {
    if (front)
      ml_push_front(&q->visible, m);
    else
      ml_push(&q->visible, m);
  }
  q->n_visible++;
  sls_level_add(&q->lv_visible, w->sim.now, +1);
}

static void on_delay_release(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_queue *q = obj;
  q->delay_ev = NULL;
  while (q->delayed.head && q->delayed.head->visible_at <= w->sim.now)
    visible_add(w, q, ml_pop(&q->delayed), 0);
  if (q->delayed.head)
    q->delay_ev = sls_sim_schedule(&w->sim, q->delayed.head->visible_at, on_delay_release, q, 0);
  if (q->esm) esm_poll(w, q->esm);
}

static void enqueue(sls_world *w, sls_queue *q, sls_msg *m) {
  q->st.sent++;
  q->ts_cur[0]++;
  if (q->st.first_sent < 0) q->st.first_sent = w->sim.now;
  if (q->esm) w->inflight++; /* a queue nobody drains (a DLQ) does not keep the run going */
  if (q->spec->delay > 0) {  /* constant delay: the delayed list stays in time order */
    m->visible_at = w->sim.now + q->spec->delay;
    ml_push(&q->delayed, m);
    if (!q->delay_ev) q->delay_ev = sls_sim_schedule(&w->sim, m->visible_at, on_delay_release, q, 0);
    return;
  }
  visible_add(w, q, m, 0);
  if (q->esm) esm_poll(w, q->esm);
}

/* Charges share of a request of q to the source of root r. */
static void charge_root(const sls_queue *q, const sls_root *r, double share) {
  if (r) r->src->use.sqs_requests[q->spec->fifo ? 1 : 0] += share;
}

static void charge_sqs(const sls_queue *q, const sls_msg *m, double share) { charge_root(q, m->root, share); }

void sls_queue_send(sls_world *w, sls_queue *q, const sls_item *item) {
  sls_msg *m = sls_pool_get(&w->msg_pool);
  m->sent = m->mark = w->sim.now;
  m->group = q->spec->fifo ? item->group % q->n_groups : 0;
  /* A queue nobody drains (a DLQ, a queue read outside the scenario) is where the work leaves
   * the model: the message does not hold its root, and the sender's hop ends the piece. */
  m->root = q->esm ? item->root : NULL;
  m->path = item->path;
  sls_root_hold(m->root);
  /* every 64 KB chunk of a message is a request, and a send is at least one [facts §4]; a
   * SendMessageBatch's requests come with its first message (the item says how many) */
  double chunks = item->send_requests;
  if (chunks < 0) {
    chunks = ceil((item->kb > 0 ? item->kb : q->spec->message_kb) / 64.0);
    if (chunks < 1) chunks = 1;
  }
  q->st.send_requests += (uint64_t)chunks;
  charge_root(q, item->root, chunks);
  enqueue(w, q, m);
}

/* m's piece of work ends here (outcome SLS_END_*): its root lets go of it. */
static void msg_release(sls_world *w, sls_msg *m, int outcome) {
  sls_path_to(&m->path, &m->mark, SLS_PATH_WAIT, w->sim.now);
  sls_root_release(w, m->root, &m->path, outcome);
  m->root = NULL;
}

/* The message leaves q for good: to the DLQ, or dropped at retention. */
static void dead_letter(sls_world *w, sls_queue *q, sls_msg *m) {
  /* Its root is dropped to a DLQ; a DLQ that a mapping drains carries the work on. */
  if (q->dlq->esm) {
    if (m->root) m->root->dropped = 1;
  } else {
    msg_release(w, m, SLS_END_DROPPED);
  }
  q->st.to_dlq++;
  q->ts_cur[2]++;
  note_gone(w, q, 1);
  m->receives = 0;
  m->next = NULL;
  enqueue(w, q->dlq, m); /* keeps its original send time */
}

static void expire(sls_world *w, sls_queue *q, sls_msg *m) {
  msg_release(w, m, SLS_END_FAILED); /* lost */
  q->st.expired++;
  sls_pool_put(&w->msg_pool, m);
  note_gone(w, q, 1);
}

/* Takes up to n receivable messages into batch (FIFO: of one unlocked group).  Messages past
 * retention are dropped; messages received max_receive_count times go to the DLQ.  Returns
 * the number taken; *group is the FIFO group (-1 for standard queues). */
static int take_messages(sls_world *w, sls_queue *q, int n, sls_msg **batch, int *group) {
  sls_msglist *src = &q->visible;
  *group = -1;
  if (q->spec->fifo) {
    int g = -1;
    for (int k = 0; k < q->n_groups; k++) {
      int c = (q->rr + k) % q->n_groups;
      if (!q->group_busy[c] && q->groups[c].n) {
        g = c;
        break;
      }
    }
    if (g < 0) return 0;
    q->rr = (g + 1) % q->n_groups;
    src = &q->groups[g];
    *group = g;
  }
  int taken = 0;
  sls_msg *tail = NULL;
  while (taken < n && src->head) {
    sls_msg *m = ml_pop(src);
    q->n_visible--;
    sls_level_add(&q->lv_visible, w->sim.now, -1);
    if (w->sim.now - m->sent > q->spec->retention) {
      expire(w, q, m);
      continue;
    }
    if (q->dlq && m->receives >= q->spec->max_receive_count) {
      dead_letter(w, q, m);
      continue;
    }
    if (m->receives++ == 0) sls_hist_record(&q->st.wait, w->sim.now - m->sent);
    sls_path_to(&m->path, &m->mark, SLS_PATH_WAIT, w->sim.now);
    m->next = NULL;
    if (tail)
      tail->next = m;
    else
      *batch = m;
    tail = m;
    taken++;
  }
  return taken;
}

static int64_t receivable(const sls_queue *q) {
  if (!q->spec->fifo) return q->n_visible;
  int64_t n = 0;
  for (int g = 0; g < q->n_groups; g++)
    if (!q->group_busy[g]) n += q->groups[g].n;
  return n;
}

static sls_time oldest_visible_at(const sls_queue *q) {
  if (!q->spec->fifo) return q->visible.head ? q->visible.head->visible_at : SLS_TIME_MAX;
  sls_time t = SLS_TIME_MAX;
  for (int g = 0; g < q->n_groups; g++)
    if (!q->group_busy[g] && q->groups[g].head && q->groups[g].head->visible_at < t)
      t = q->groups[g].head->visible_at;
  return t;
}

/* ---- the mapping ---- */

static void esm_throttled(sls_world *w, sls_request *job);
static void esm_batch_done(sls_world *w, sls_request *job, int outcome);

/* The mapping owns its batches: a throttle backs off, the end deletes or returns messages. */
static const sls_job_ops esm_ops = {esm_throttled, esm_batch_done};

/* Frees a batch job (not counted in w->inflight, see esm_poll). */
static void batch_free(sls_world *w, sls_request *job) {
  if (job->group >= 0) job->esm->q->group_busy[job->group] = 0;
  w->inflight++;
  sls_job_end(w, job);
}

static void on_poll(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_esm *m = obj;
  m->poll_ev = NULL;
  esm_poll(w, m);
}

/* Starts batches while the target allows and messages are receivable (docs/design.md §3.5). */
static void esm_poll(sls_world *w, sls_esm *m) {
  sls_queue *q = m->q;
  const sls_mapping_spec *ms = m->spec;
  while ((double)m->active < floor(m->target)) {
    int64_t avail = receivable(q);
    if (avail == 0) return;
    /* Batching window: wait for a full batch, at most `window` after the oldest message. */
    if (ms->window > 0 && avail < ms->batch_size) {
      sls_time due = oldest_visible_at(q) + ms->window;
      if (w->sim.now < due) {
        if (!m->poll_ev) m->poll_ev = sls_sim_schedule(&w->sim, due, on_poll, m, 0);
        return;
      }
    }
    sls_msg *msgs = NULL;
    int group;
    int n = take_messages(w, q, ms->batch_size, &msgs, &group);
    if (n == 0) continue; /* everything met was expired or dead-lettered */
    if (group >= 0) q->group_busy[group] = 1;
    q->n_inflight += n;
    sls_level_add(&q->lv_inflight, w->sim.now, n);
    q->st.received += (uint64_t)n;
    q->st.receive_requests += (uint64_t)((n + 9) / 10); /* up to 10 messages per ReceiveMessage */
    sls_request *job = sls_job_new(w, SLS_JOB_BATCH, m->fn, &esm_ops);
    w->inflight--; /* what drains is its messages, counted already: the batch itself is not */
    job->esm = m;
    job->esm_epoch = m->epoch;
    job->msgs = msgs;
    job->n_msgs = n;
    job->group = group;
    job->visible_at = w->sim.now + q->spec->visibility;
    job->mark = w->sim.now; /* its path: the part its messages share, from here */
    for (sls_msg *msg = msgs; msg; msg = msg->next)
      charge_sqs(q, msg, (double)((n + 9) / 10) / n);
    m->active++;
    m->batches++;
    sls_level_add(&m->lv_active, w->sim.now, +1);
    sls_job_invoke(w, job);
  }
}

/* Messages of a failed or abandoned batch become visible again when its visibility timeout
 * expires; FIFO messages go back to the front of their group, in order. */
static void on_batch_return(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_request *job = obj;
  sls_esm *m = job->esm;
  sls_queue *q = m->q;
  sls_msg *list = job->msgs, *rev = NULL;
  int n = 0;
  while (list) { /* reverse, so that pushing to the front keeps the order */
    sls_msg *next = list->next;
    sls_path_add(&list->path, &job->path); /* the failed batch's time, then waiting again */
    list->mark = job->mark;
    list->next = rev;
    rev = list;
    list = next;
    n++;
  }
  q->n_inflight -= n;
  sls_level_add(&q->lv_inflight, w->sim.now, -n);
  while (rev) {
    sls_msg *next = rev->next;
    if (q->spec->fifo) {
      visible_add(w, q, rev, 1);
    } else {
      rev->visible_at = w->sim.now;
      visible_add(w, q, rev, 0);
    }
    rev = next;
  }
  batch_free(w, job);
  esm_poll(w, m);
}

static void batch_release(sls_world *w, sls_esm *m, sls_request *job) {
  if (job->esm_epoch == m->epoch)
    m->active--;
  else
    m->active_old--; /* an old poller's batch */
  sls_level_add(&m->lv_active, w->sim.now, -1);
  if (job->n_msgs > 0) {
    sls_sim_schedule(&w->sim, job->visible_at > w->sim.now ? job->visible_at : w->sim.now, on_batch_return,
                     job, 0);
  } else {
    batch_free(w, job);
  }
  esm_poll(w, m);
}

static void on_batch_retry(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_job_invoke(w, obj);
}

static void esm_throttled(sls_world *w, sls_request *job) {
  sls_esm *m = job->esm;
  m->batch_throttles++;
  m->ts_cur[0]++;
  m->throttled = 1;
  job->attempt++;
  sls_time delay = sls_time_clamp(ldexp(1.0, job->attempt - 1) * 1e9, SLS_TIME_FAR); /* 1 s, 2 s, 4 s ... */
  if (w->sim.now + delay < job->visible_at) {
    sls_sim_schedule(&w->sim, w->sim.now + delay, on_batch_retry, job, 0);
    return;
  }
  batch_release(w, m, job); /* give up: the messages return at the visibility timeout */
}

/* Deletes the batch's messages, except its n_failed reported failures when keep_failed. */
static void delete_messages(sls_world *w, sls_queue *q, sls_request *job, int keep_failed) {
  sls_msg *keep = NULL, *keep_tail = NULL;
  int kept = 0, deleted = 0, to_fail = keep_failed ? job->n_failed : 0;
  int n_del = job->n_msgs - to_fail; /* DeleteMessageBatch: 10 a request, shared by the deleted */
  sls_msg *msg = job->msgs;
  /* the failed messages of a partial failure are, without loss of generality, the first ones */
  while (msg) {
    sls_msg *next = msg->next;
    if (kept < to_fail) {
      msg->next = NULL;
      if (keep_tail)
        keep_tail->next = msg;
      else
        keep = msg;
      keep_tail = msg;
      kept++;
    } else {
      sls_hist_record(&q->st.e2e, w->sim.now - msg->sent);
      sls_path_add(&msg->path, &job->path);
      msg->mark = job->mark;
      charge_sqs(q, msg, (double)((n_del + 9) / 10) / n_del);
      msg_release(w, msg, SLS_END_OK);
      sls_pool_put(&w->msg_pool, msg);
      deleted++;
    }
    msg = next;
  }
  job->msgs = keep;
  job->n_msgs = kept;
  q->n_inflight -= deleted;
  sls_level_add(&q->lv_inflight, w->sim.now, -deleted);
  q->st.deleted += (uint64_t)deleted;
  q->ts_cur[1] += (uint64_t)deleted;
  q->st.delete_requests += (uint64_t)((deleted + 9) / 10);
  note_gone(w, q, deleted);
}

static void esm_batch_done(sls_world *w, sls_request *job, int outcome) {
  sls_esm *m = job->esm;
  for (sls_msg *msg = job->msgs; msg; msg = msg->next) /* the invocation, shared by its messages */
    if (msg->root) sls_usage_charge(&msg->root->src->use, job, 1.0 / job->n_msgs);
  int rbif = m->spec->report_item_failures;
  int failed = outcome != 0 || (!rbif && job->n_failed > 0);
  if (failed) { /* all its messages return at the visibility timeout */
    m->batch_failures++;
    m->ts_cur[1]++;
    m->fail_ring[m->ring_pos]++;
  } else { /* with ReportBatchItemFailures the reported items return, the rest are deleted */
    m->ok_ring[m->ring_pos]++;
    delete_messages(w, m->q, job, rbif);
  }
  batch_release(w, m, job);
}

/* Every second: the poller ramp, the back-offs, the empty receives (queue.h). */
static void on_tick(void *ctx, void *obj, int64_t arg) {
  sls_world *w = ctx;
  sls_esm *m = obj;
  sls_queue *q = m->q;
  uint32_t ok = 0, fail = 0;
  for (int i = 0; i < 60; i++) {
    ok += m->ok_ring[i];
    fail += m->fail_ring[i];
  }
  m->ring_pos = (m->ring_pos + 1) % 60;
  m->ok_ring[m->ring_pos] = m->fail_ring[m->ring_pos] = 0;
  int backlog = receivable(q) > 0;
  double ramp = m->spec->scaling == SLS_SCALING_LEGACY ? 60.0 / 60 : 300.0 / 60; /* per second */
  double floor_now = m->min_target > (double)m->active ? m->min_target : (double)m->active;
  if (m->spec->scaling == SLS_SCALING_NONE) {
    m->target = m->max_target;
  } else if (!backlog) {
    m->target = floor_now < m->max_target ? floor_now : m->max_target; /* scale down */
  } else if (fail > 0) {
    /* errors: grow at the ramp rate, but never above the error cap; drop to it at once */
    double p = (double)fail / (double)(ok + fail);
    double cap = ERR_A * pow(p, -ERR_B);
    if (cap < m->min_target) cap = m->min_target;
    if (cap > m->max_target) cap = m->max_target;
    m->target += ramp;
    if (m->target > cap) m->target = cap;
  } else if (m->throttled) {
    if (m->target > floor_now) m->target = floor_now; /* hold at what runs */
  } else {
    m->target += ramp;
    if (m->target > m->max_target) m->target = m->max_target;
  }
  m->throttled = 0;
  if (q->n_visible == 0 && q->n_inflight == 0) q->st.empty_receives += floor(m->target) / LONG_POLL_S;
  esm_poll(w, m);
  m->tick_ev = sls_sim_schedule(&w->sim, w->sim.now + ESM_TICK, on_tick, m, 0);
}

void sls_queues_start(sls_world *w) {
  for (int i = 0; i < w->n_esms; i++)
    w->esms[i].tick_ev = sls_sim_schedule(&w->sim, ESM_TICK, on_tick, &w->esms[i], 0);
}

/* ---- outputs ---- */

/* Age of the oldest visible message (s), 0 when none (ApproximateAgeOfOldestMessage); for a
 * standard queue the head of the visible list, which a redelivered older message may trail. */
static double oldest_age_s(const sls_queue *q, sls_time now) {
  sls_time sent = SLS_TIME_MAX;
  if (q->visible.head) sent = q->visible.head->sent;
  for (int g = 0; g < q->n_groups && q->spec->fifo; g++)
    if (q->groups[g].head && q->groups[g].head->sent < sent) sent = q->groups[g].head->sent;
  return sent == SLS_TIME_MAX ? 0 : sls_time_to_s(now - sent);
}

void sls_queues_sample(sls_world *w, size_t k, sls_time since, sls_time now) {
  for (int i = 0; i < w->n_queues; i++) {
    sls_queue *q = &w->queues[i];
    double *row = sls_series_row(q->ts, k);
    int64_t peak;
    row[SLS_QTS_SENT] = (double)q->ts_cur[0];
    row[SLS_QTS_DELETED] = (double)q->ts_cur[1];
    row[SLS_QTS_TO_DLQ] = (double)q->ts_cur[2];
    q->ts_cur[0] = q->ts_cur[1] = q->ts_cur[2] = 0;
    row[SLS_QTS_VISIBLE_MEAN] = sls_level_sample(&q->lv_visible, now, since, &peak);
    row[SLS_QTS_VISIBLE_MAX] = (double)peak;
    row[SLS_QTS_INFLIGHT_MEAN] = sls_level_sample(&q->lv_inflight, now, since, NULL);
    row[SLS_QTS_OLDEST_AGE_S] = oldest_age_s(q, now);
    sls_esm *m = q->esm;
    if (m) {
      row[SLS_QTS_MAP_CONC_MEAN] = sls_level_sample(&m->lv_active, now, since, &peak);
      row[SLS_QTS_MAP_CONC_MAX] = (double)peak;
      row[SLS_QTS_MAP_TARGET] = m->target;
      row[SLS_QTS_MAP_THROTTLES] = (double)m->ts_cur[0];
      row[SLS_QTS_MAP_FAILED] = (double)m->ts_cur[1];
      m->ts_cur[0] = m->ts_cur[1] = 0;
    }
  }
}

int sls_queues_conserved(const sls_world *w, char *err) {
  for (int i = 0; i < w->n_queues; i++) {
    const sls_queue *q = &w->queues[i];
    const sls_queue_stats *s = &q->st;
    uint64_t out = s->deleted + s->to_dlq + s->expired + (uint64_t)sls_queue_remaining(q);
    if (out != s->sent) {
      sls_err(err, "queue %s: sent %llu != deleted %llu + to DLQ %llu + expired %llu + remaining %lld",
              q->spec->name, (unsigned long long)s->sent, (unsigned long long)s->deleted,
              (unsigned long long)s->to_dlq, (unsigned long long)s->expired,
              (long long)sls_queue_remaining(q));
      return 0;
    }
  }
  return 1;
}
