/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capacity — Lambda Managed Instances' capacity providers: EC2 instances holding the execution
 * environments of the functions bound to them [docs/design.md §3.2; AWS Lambda documentation,
 * "Lambda Managed Instances", "Capacity providers", "Scaling Lambda Managed Instances", read
 * 2026-12].
 *
 *  - An environment takes its function's vCPUs and memory (memory_mb; ExecutionEnvironmentMemory-
 *    GiBPerVCpu sets the ratio on AWS) on one instance of the provider's type; environments of
 *    several functions share an instance ("Each Managed Instance can run execution environments
 *    for multiple functions mapped to the same capacity provider").
 *  - Placement: the ready instance with the least room left that still fits (best fit, so the
 *    emptiest drain and scale in), else an instance still launching with room (the environment
 *    starts once it is up), else a new instance — unless its vCPUs would pass max_vcpus
 *    (MaxVCpuCount), when the environment is not started (counted as refused).
 *  - min_instances (3 by default: "It launches three by default for AZ resiliency") run from
 *    before the run; an instance that has held no environment for
 *    scale_in_idle is terminated while more than min_instances remain: whichever empties first
 *    goes (min_instances counts instances, not particular ones).
 *  - Billing: each instance from its launch to its termination, at least 60 s when launched in
 *    the run (EC2 per-second billing with a one-minute minimum, Linux), at the type's on-demand
 *    price plus the compute management fee (15 %: AWS Lambda pricing, "Lambda Managed
 *    Instances"); cost/cost.c bills it.  EC2 bills from the running state, a few seconds after
 *    the launch: slsim bills from the launch, which overstates each launch by those seconds.
 */
#ifndef SLS_CAPACITY_H
#define SLS_CAPACITY_H

#include "model/core.h"

typedef struct sls_host {
  struct sls_host *next_free; /* the provider's spare hosts (terminated ones, reused) */
  double vcpu_free, gb_free;  /* room left */
  int n_envs;                 /* environments on it */
  int idx;                    /* its place in the provider's hosts */
  int fresh;                  /* launched during the run (not part of its starting state) */
  sls_time born, ready_at;    /* launched; takes environments from (ns) */
  sls_event *idle_ev;         /* its scale-in, while it holds no environment */
  struct sls_capacity *cap;
} sls_host;

typedef struct sls_capacity {
  const sls_capacity_spec *spec;
  sls_host **hosts; /* live (launching or running) */
  int n_hosts, cap_hosts;
  sls_host *spare;
  double vcpus;          /* the live hosts' vCPUs together */
  sls_level live;        /* live hosts over time */
  double area_run;       /* integral of live over [warmup, duration] (host x ns), set at the end */
  double topup_ns;       /* what the 60 s minimum adds for hosts terminated younger (ns) */
  uint64_t launches;     /* hosts launched during the run (not those up at its start) */
  uint64_t terminations; /* hosts scaled in */
  uint64_t placed;       /* environments placed */
  uint64_t refused;      /* environments not started: max_vcpus reached */
} sls_capacity;

/* The providers, with their min_instances running since before the run. */
void sls_capacity_init(sls_world *w);
void sls_capacity_free(sls_world *w);
/* Room for an environment of vcpu vCPUs and gb GiB on c: its host in *host and the time until
 * the host takes it (0: now), or -1 when max_vcpus leaves no room.  up_at_once: a host launched
 * for it is up at once (provisioned environments: at time 0 part of the run's starting state,
 * later up when their allocation is). */
sls_time sls_capacity_place(sls_world *w, sls_capacity *c, double vcpu, double gb, int up_at_once,
                            sls_host **host);
/* An environment of vcpu vCPUs and gb GiB left host. */
void sls_capacity_release(sls_world *w, sls_host *host, double vcpu, double gb);
/* The run reached its duration: the live hosts' time so far. */
void sls_capacity_close(sls_world *w);
/* Billed instance-seconds of c over [warmup, duration] (each instance at least 60 s). */
double sls_capacity_billed_s(const sls_capacity *c);

#endif
