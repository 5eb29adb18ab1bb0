/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Capacity providers of Lambda Managed Instances (capacity.h has the rules and their sources). */
#include "model/capacity.h"

#include "engine/util.h"

#define ROOM_EPS 1e-9                            /* vCPUs and GiB are sums of doubles */
#define MIN_BILLED ((sls_time)60 * SLS_NS_PER_S) /* EC2's one-minute minimum (Linux, per second) */

static sls_host *host_launch(sls_world *w, sls_capacity *c, sls_time ready_at, int fresh) {
  sls_host *h = c->spare;
  if (h)
    c->spare = h->next_free;
  else
    h = sls_xmalloc(sizeof *h);
  if (c->n_hosts == c->cap_hosts) {
    c->cap_hosts = c->cap_hosts ? 2 * c->cap_hosts : 8;
    c->hosts = sls_xrealloc(c->hosts, (size_t)c->cap_hosts * sizeof *c->hosts);
  }
  *h = (sls_host){.vcpu_free = c->spec->vcpu,
                  .gb_free = c->spec->memory_gb,
                  .idx = c->n_hosts,
                  .born = w->sim.now,
                  .ready_at = ready_at,
                  .cap = c,
                  .fresh = fresh};
  c->hosts[c->n_hosts++] = h;
  c->vcpus += c->spec->vcpu;
  sls_level_add(&c->live, w->sim.now, +1);
  return h;
}

static void on_host_idle(void *ctx, void *obj, int64_t arg) {
  (void)arg;
  sls_world *w = ctx;
  sls_host *h = obj;
  sls_capacity *c = h->cap;
  h->idle_ev = NULL;
  if (h->n_envs > 0 || c->n_hosts <= c->spec->min_instances) return;
  sls_time now = w->sim.now, life = now - h->born;
  if (h->fresh && life < MIN_BILLED && now <= w->sc->duration) c->topup_ns += (double)(MIN_BILLED - life);
  sls_level_add(&c->live, now, -1);
  c->vcpus -= c->spec->vcpu;
  c->hosts[h->idx] = c->hosts[--c->n_hosts];
  c->hosts[h->idx]->idx = h->idx;
  c->terminations++;
  h->next_free = c->spare;
  c->spare = h;
}

void sls_capacity_init(sls_world *w) {
  const sls_scenario *sc = w->sc;
  w->n_caps = sc->n_capacity;
  w->caps = sls_xcalloc((size_t)sc->n_capacity + 1, sizeof *w->caps);
  for (int i = 0; i < sc->n_capacity; i++) {
    sls_capacity *c = &w->caps[i];
    c->spec = &sc->capacity[i];
    for (int64_t k = 0; k < c->spec->min_instances; k++)
      host_launch(w, c, 0, 0);
  }
}

void sls_capacity_free(sls_world *w) {
  for (int i = 0; i < w->n_caps; i++) {
    sls_capacity *c = &w->caps[i];
    for (int k = 0; k < c->n_hosts; k++)
      free(c->hosts[k]);
    while (c->spare) {
      sls_host *h = c->spare;
      c->spare = h->next_free;
      free(h);
    }
    free(c->hosts);
  }
  free(w->caps);
}

static int fits(const sls_host *h, double vcpu, double gb) {
  return h->vcpu_free + ROOM_EPS >= vcpu && h->gb_free + ROOM_EPS >= gb;
}

sls_time sls_capacity_place(sls_world *w, sls_capacity *c, double vcpu, double gb, int up_at_once,
                            sls_host **host) {
  sls_time now = w->sim.now;
  sls_host *best = NULL, *starting = NULL;
  for (int k = 0; k < c->n_hosts; k++) {
    sls_host *h = c->hosts[k];
    if (!fits(h, vcpu, gb)) continue;
    if (h->ready_at <= now) {
      if (!best || h->vcpu_free < best->vcpu_free) best = h; /* best fit: the least room left */
    } else if (!starting || h->ready_at < starting->ready_at) {
      starting = h; /* the one up soonest */
    }
  }
  if (!best) best = starting;
  if (!best) {
    if (c->vcpus + c->spec->vcpu > c->spec->max_vcpus + ROOM_EPS) {
      c->refused++;
      return -1;
    }
    int fresh = !(up_at_once && now == 0);
    best = host_launch(w, c, up_at_once ? now : now + c->spec->launch, fresh);
    c->launches += (uint64_t)fresh;
  }
  if (best->idle_ev) {
    sls_sim_cancel(&w->sim, best->idle_ev);
    best->idle_ev = NULL;
  }
  best->vcpu_free -= vcpu;
  best->gb_free -= gb;
  best->n_envs++;
  c->placed++;
  *host = best;
  return best->ready_at > now ? best->ready_at - now : 0;
}

void sls_capacity_release(sls_world *w, sls_host *h, double vcpu, double gb) {
  sls_capacity *c = h->cap;
  h->vcpu_free += vcpu;
  h->gb_free += gb;
  if (--h->n_envs > 0 || c->n_hosts <= c->spec->min_instances) return;
  h->vcpu_free = c->spec->vcpu; /* empty: exact again */
  h->gb_free = c->spec->memory_gb;
  h->idle_ev = sls_sim_schedule(&w->sim, w->sim.now + c->spec->scale_in_idle, on_host_idle, h, 0);
}

void sls_capacity_close(sls_world *w) {
  for (int i = 0; i < w->n_caps; i++) {
    sls_capacity *c = &w->caps[i];
    sls_level_add(&c->live, w->sc->duration, 0);
    c->area_run = c->live.total_area;
  }
}

double sls_capacity_billed_s(const sls_capacity *c) { return (c->area_run + c->topup_ns) / 1e9; }
