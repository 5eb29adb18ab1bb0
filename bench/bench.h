/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the benchmark's two files share. */
#ifndef SLS_BENCH_H
#define SLS_BENCH_H

/* Monotonic wall-clock seconds. */
double sls_bench_now_s(void);
/* (q): the event set alone, by the hold model (bench/eventset.c). */
void sls_bench_eventset(void);
/* Runs the scenario at path and reports it under label. */
typedef int (*sls_bench_fn)(const char *label, const char *path);
/* (h): n functions drawn from the Azure 2019 sample in directory data (bench/population.c). */
int sls_bench_population(const char *data, int n, sls_bench_fn run);

#endif
