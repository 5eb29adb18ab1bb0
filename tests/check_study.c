/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replications and sweeps: confidence-interval coverage, grid expansion, exact merges, and
 * results independent of threads and of how tasks are split. */
#include "io/h5.h"
#include "study/study.h"
#include "testutil.h"

static const char *const POISSON = "duration_s = 100.0; sample_interval_s = 0.0;\n"
                                   "functions = ( { name = \"f\"; " RT_ZERO
                                   " duration = { dist = \"exponential\"; mean_ms = 200.0; }; } );\n"
                                   "sources = ( { name = \"s\"; target = \"f\"; arrival = { kind = "
                                   "\"poisson\"; rate_per_s = 10.0; }; } );\n";

static const sls_ci_row *find(const sls_ci_row *r, int n, int point, const char *metric) {
  for (int i = 0; i < n; i++)
    if (r[i].point == point && !strcmp(r[i].metric, metric)) return &r[i];
  ck_abort_msg("no %s row for point %d", metric, point);
  return NULL;
}

START_TEST(ci_coverage_of_a_known_mean) {
  /* 200 independent studies of 10 replications each, Poisson arrivals at 10/s for 100 s: the
   * 95 % interval of the mean request count should cover 1,000 in 95 % of studies.  With 200
   * studies the covered count is Binomial(200, 0.95): mean 190, sd 3.1; the fixed seeds give one
   * deterministic count, asserted within 4 sd (175..200) and not trivially 200 (intervals that
   * always cover would be too wide). */
  sls_scenario sc;
  char err[SLS_ERRLEN];
  ck_assert_msg(load_text(POISSON, &sc, err) == 0, "%s", err);
  int covered = 0, studies = 200;
  double width = 0;
  for (int k = 0; k < studies; k++) {
    sls_study st;
    ck_assert_int_eq(sls_study_grid(&st, 0, NULL, NULL, NULL, 10, NULL), 0);
    sls_study_run(&st, &sc, 1000 + (uint64_t)k * 7919, 2, 0, 10, 1, NULL);
    sls_ci_row *ci;
    int n = sls_study_ci(&st, &ci);
    const sls_ci_row *r = find(ci, n, 0, "requests");
    ck_assert_int_eq(r->n, 10);
    covered += fabs(r->mean - 1000) <= r->half_width;
    width += r->half_width;
    free(ci);
    sls_study_free(&st);
  }
  /* the mean half-width should be about t(0.975, 9) x sqrt(1000 / 10) = 22.6 */
  ck_assert_msg(width / studies > 18 && width / studies < 27, "mean half-width %g", width / studies);
  ck_assert_msg(covered >= 178 && covered <= 199, "covered %d of %d", covered, studies);
  sls_scenario_free(&sc);
}
END_TEST

/* One interval by hand from the runs' own counts: three replications, mean m, sample sd s (n - 1
 * in the denominator), half-width t(0.975, 2 degrees of freedom) s / sqrt(3) = 4.303 s / 1.732.
 * With n where n - 1 belongs the interval would be 26 % narrower (t(0.975, 3) = 3.182), which
 * the coverage test above cannot see at 10 replications (2.262 against 2.228). */
START_TEST(ci_row_of_three_replications_by_hand) {
  sls_scenario sc;
  char err[SLS_ERRLEN];
  ck_assert_msg(load_text(POISSON, &sc, err) == 0, "%s", err);
  sls_study st;
  ck_assert_int_eq(sls_study_grid(&st, 0, NULL, NULL, NULL, 3, NULL), 0);
  sls_study_run(&st, &sc, 77, 1, 0, 3, 1, NULL);
  double x[3], m = 0, v = 0;
  for (int r = 0; r < 3; r++)
    m += (x[r] = (double)st.runs[r].rows[0].requests) / 3;
  for (int r = 0; r < 3; r++)
    v += (x[r] - m) * (x[r] - m) / 2;
  ck_assert(v > 0); /* three Poisson counts of mean 1,000 that happen to agree would prove nothing */
  sls_ci_row *ci;
  int n = sls_study_ci(&st, &ci);
  const sls_ci_row *row = find(ci, n, 0, "requests");
  ck_assert_int_eq(row->n, 3);
  ck_assert_double_eq_tol(row->mean, m, 1e-9 * m);
  ck_assert_double_eq_tol(row->sd, sqrt(v), 1e-9 * sqrt(v));
  ck_assert_double_eq_tol(row->half_width, 4.302652729749464 * sqrt(v) / sqrt(3.0), 1e-9 * sqrt(v));
  free(ci);
  sls_study_free(&st);
  sls_scenario_free(&sc);
}
END_TEST

START_TEST(grid_expansion) {
  char *key, **v, err[SLS_ERRLEN];
  int n = sls_vary_parse("functions.api.memory_mb=128:1024:128", &key, &v, err);
  ck_assert_int_eq(n, 8);
  ck_assert_str_eq(key, "functions.api.memory_mb");
  ck_assert_str_eq(v[0], "128");
  ck_assert_str_eq(v[7], "1024");
  char *key2, **v2;
  int n2 = sls_vary_parse("functions.api.provisioned_concurrency=0,5,20", &key2, &v2, err);
  ck_assert_int_eq(n2, 3);
  char *key3, **v3;
  ck_assert_int_eq(sls_vary_parse("x=0.5:1.5:0.25", &key3, &v3, err), 5);
  ck_assert_str_eq(v3[1], "0.75");
  for (int i = 0; i < 5; i++)
    free(v3[i]);
  free(v3);
  free(key3);
  ck_assert_int_eq(sls_vary_parse("x=", &key3, &v3, err), -1);
  ck_assert_int_eq(sls_vary_parse("x=5:1:1", &key3, &v3, err), -1);
  /* 8 x 3 points, the first key slowest; 2 replications: 48 tasks */
  char *keys[] = {key, key2};
  char **vals[] = {v, v2};
  int nv[] = {n, n2};
  sls_study st;
  ck_assert_int_eq(sls_study_grid(&st, 2, keys, vals, nv, 2, NULL), 0);
  ck_assert_int_eq(st.n_points, 24);
  ck_assert_str_eq(st.vary_value[0 * 2 + 0], "128");
  ck_assert_str_eq(st.vary_value[0 * 2 + 1], "0");
  ck_assert_str_eq(st.vary_value[1 * 2 + 1], "5");
  ck_assert_str_eq(st.vary_value[3 * 2 + 0], "256");
  ck_assert_str_eq(st.vary_value[23 * 2 + 0], "1024");
  ck_assert_str_eq(st.vary_value[23 * 2 + 1], "20");
  ck_assert_int_eq(st.runs[47].point, 23);
  ck_assert_int_eq(st.runs[47].rep, 1);
  sls_study_free(&st);
  for (int i = 0; i < n; i++)
    free(v[i]);
  for (int i = 0; i < n2; i++)
    free(v2[i]);
  free(v);
  free(v2);
  free(key);
  free(key2);
}
END_TEST

/* A 2-point sweep over memory with 4 replications. */
static void small_sweep(sls_study *st, sls_scenario *scen) {
  char err[SLS_ERRLEN];
  char *key = "functions.f.memory_mb", *vals[] = {"256", "1024"}, **v = vals;
  int nv = 2;
  ck_assert_int_eq(sls_study_grid(st, 1, &key, &v, &nv, 4, NULL), 0);
  for (int p = 0; p < 2; p++) {
    sls_override o = {key, vals[p]};
    ck_assert_msg(sls_scenario_load_text(POISSON, &o, 1, &scen[p], err) == 0, "%s", err);
  }
}

START_TEST(same_results_for_any_jobs_and_common_random_numbers) {
  sls_study a, b;
  sls_scenario sa[2], sb[2];
  small_sweep(&a, sa);
  small_sweep(&b, sb);
  sls_study_run(&a, sa, 42, 1, 0, 8, 1, NULL);
  sls_study_run(&b, sb, 42, 5, 0, 8, 1, NULL);
  sls_ci_row *ca, *cb;
  int na = sls_study_ci(&a, &ca), nb = sls_study_ci(&b, &cb);
  ck_assert_int_eq(na, nb);
  ck_assert_int_gt(na, 0);
  ck_assert_int_eq(memcmp(ca, cb, (size_t)na * sizeof *ca), 0);
  /* common random numbers: both points see the same arrivals in every replication */
  for (int r = 0; r < 4; r++)
    ck_assert_uint_eq(a.runs[r].rows[0].requests, a.runs[4 + r].rows[0].requests);
  /* replication 0 is the plain run with the base seed */
  sls_world *w = sls_world_alloc(&sa[0], 42, NULL);
  sls_world_run(w);
  ck_assert_uint_eq(w->functions[0].st.invocations, a.runs[0].rows[0].invocations);
  sls_world_free(w);
  free(ca);
  free(cb);
  for (int p = 0; p < 2; p++) {
    sls_scenario_free(&sa[p]);
    sls_scenario_free(&sb[p]);
  }
  sls_study_free(&a);
  sls_study_free(&b);
}
END_TEST

START_TEST(task_files_merge_exactly) {
  /* All 8 tasks in one process vs tasks 0-2, 3-6 and 7 in three files merged: the same CI
   * table, and each point's pooled histogram equal bucket for bucket to the merge of its runs'
   * histograms. */
  sls_study one, part, merged;
  sls_scenario s1[2], s2[2];
  small_sweep(&one, s1);
  sls_study_run(&one, s1, 9, 3, 0, 8, 1, NULL);
  char dir[] = "/tmp/slsim-study-XXXXXX", err[SLS_ERRLEN], path[3][4200];
  ck_assert_ptr_nonnull(mkdtemp(dir));
  const int first[] = {0, 3, 7}, last[] = {3, 7, 8};
  for (int k = 0; k < 3; k++) {
    small_sweep(&part, s2);
    sls_study_run(&part, s2, 9, 2, first[k], last[k], 1, NULL);
    snprintf(path[k], sizeof path[k], "%s/task%d.h5", dir, k);
    ck_assert_msg(sls_h5_write_study(path[k], 0, NULL, NULL, &part, err) == 0, "%s", err);
    sls_study_free(&part);
    for (int p = 0; p < 2; p++)
      sls_scenario_free(&s2[p]);
  }
  memset(&merged, 0, sizeof merged);
  for (int k = 2; k >= 0; k--) /* any order */
    ck_assert_msg(sls_h5_read_study(path[k], &merged, err) == 0, "%s", err);
  sls_ci_row *c1, *c2;
  int n1 = sls_study_ci(&one, &c1), n2 = sls_study_ci(&merged, &c2);
  ck_assert_int_eq(n1, n2);
  ck_assert_int_eq(memcmp(c1, c2, (size_t)n1 * sizeof *c1), 0);
  for (int p = 0; p < 2; p++) {
    sls_hist h1, h2;
    sls_hist_init(&h1);
    sls_hist_init(&h2);
    for (int r = 0; r < 4; r++) {
      sls_hist_merge(&h1, &one.runs[p * 4 + r].latency[0]);
      sls_hist_merge(&h2, &merged.runs[p * 4 + r].latency[0]);
    }
    ck_assert_uint_eq(h1.n, h2.n);
    uint64_t total = 0;
    for (int b = 0; b < SLS_HIST_NBUCKETS; b++) {
      ck_assert_uint_eq(sls_hist_count(&h1, b), sls_hist_count(&h2, b));
      total += sls_hist_count(&h2, b);
    }
    /* and it is the pooled runs' histogram: as many values as requests in the 4 runs */
    uint64_t ok = 0;
    for (int r = 0; r < 4; r++)
      ok += one.runs[p * 4 + r].rows[0].ok;
    ck_assert_uint_eq(total, ok);
    ck_assert_double_eq(find(c2, n2, p, "p99_ms")->pooled, sls_hist_quantile(&h2, 0.99) / 1e6);
    sls_hist_destroy(&h1);
    sls_hist_destroy(&h2);
  }
  /* a file of another sweep is refused */
  sls_study other;
  sls_scenario so[1];
  char *key = "functions.f.memory_mb", *vals[] = {"512"}, **v = vals;
  int nv = 1;
  ck_assert_int_eq(sls_study_grid(&other, 1, &key, &v, &nv, 4, NULL), 0);
  ck_assert_int_eq(load_text(POISSON, &so[0], err), 0);
  sls_study_run(&other, so, 9, 1, 0, 1, 1, NULL);
  char opath[4300];
  snprintf(opath, sizeof opath, "%s/other.h5", dir);
  ck_assert_int_eq(sls_h5_write_study(opath, 0, NULL, NULL, &other, err), 0);
  ck_assert_int_eq(sls_h5_read_study(opath, &merged, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "a different study") != NULL, "%s", err);
  sls_scenario_free(&so[0]);
  sls_study_free(&other);
  for (int k = 0; k < 3; k++)
    unlink(path[k]);
  unlink(opath);
  rmdir(dir);
  free(c1);
  free(c2);
  for (int p = 0; p < 2; p++)
    sls_scenario_free(&s1[p]);
  sls_study_free(&one);
  sls_study_free(&merged);
}
END_TEST

START_TEST(ranks_packed_and_gathered_equal_one_process) {
  /* What the MPI driver does, without MPI: 3 "ranks" run tasks r, r + 3, ... (stride 3), pack
   * their runs, and rank 0 unpacks them into its study.  The result is the single-process study:
   * the same CI table, and every run's histogram equal bucket for bucket with the same n, sum,
   * min and max. */
  sls_study one, rank[3];
  sls_scenario s1[2], sr[3][2];
  small_sweep(&one, s1);
  sls_study_run(&one, s1, 5, 2, 0, 8, 1, NULL);
  for (int k = 0; k < 3; k++) {
    small_sweep(&rank[k], sr[k]);
    sls_study_run(&rank[k], sr[k], 5, 1, k, 8, 3, NULL);
    int ran = 0;
    for (int t = 0; t < 8; t++) {
      ck_assert_int_eq(rank[k].runs[t].done, t % 3 == k);
      ran += rank[k].runs[t].done;
    }
    ck_assert_int_eq(ran, k < 2 ? 3 : 2);
  }
  char err[SLS_ERRLEN];
  unsigned char *pk[3];
  size_t len[3];
  for (int k = 1; k < 3; k++) {
    len[k] = sls_study_pack(&rank[k], &pk[k]);
    int got = -1;
    ck_assert_msg(sls_study_unpack(&rank[0], pk[k], len[k], &got, err) == 0, "%s", err);
    ck_assert_int_eq(got, k == 1 ? 3 : 2);
  }
  for (int t = 0; t < 8; t++) {
    const sls_run_out *a = &one.runs[t], *b = &rank[0].runs[t];
    ck_assert(b->done);
    ck_assert_uint_eq(a->seed, b->seed);
    ck_assert_int_eq(memcmp(a->rows, b->rows, sizeof *a->rows), 0);
    const sls_hist *ha = &a->latency[0], *hb = &b->latency[0];
    ck_assert_uint_eq(ha->n, hb->n);
    ck_assert_double_eq(ha->sum, hb->sum);
    ck_assert_int_eq(ha->min, hb->min);
    ck_assert_int_eq(ha->max, hb->max);
    for (int q = 0; q < SLS_HIST_NBUCKETS; q++)
      ck_assert_uint_eq(sls_hist_count(ha, q), sls_hist_count(hb, q));
  }
  sls_ci_row *c1, *c2;
  int n1 = sls_study_ci(&one, &c1), n2 = sls_study_ci(&rank[0], &c2);
  ck_assert_int_eq(n1, n2);
  ck_assert_int_eq(memcmp(c1, c2, (size_t)n1 * sizeof *c1), 0);
  /* the same buffer again repeats tasks; a cut or foreign buffer is refused */
  ck_assert_int_eq(sls_study_unpack(&rank[0], pk[1], len[1], NULL, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "received twice") != NULL, "%s", err);
  sls_study fresh;
  sls_scenario sf[2];
  small_sweep(&fresh, sf);
  ck_assert_int_eq(sls_study_unpack(&fresh, pk[1], len[1] - 5, NULL, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "truncated") != NULL, "%s", err);
  ck_assert_int_eq(sls_study_unpack(&fresh, pk[2] + 4, len[2] - 4, NULL, err), SLS_EINPUT);
  ck_assert_msg(strstr(err, "not a slsim run buffer") != NULL, "%s", err);
  for (int p = 0; p < 2; p++) {
    sls_scenario_free(&s1[p]);
    sls_scenario_free(&sf[p]);
    for (int k = 0; k < 3; k++)
      sls_scenario_free(&sr[k][p]);
  }
  for (int k = 1; k < 3; k++)
    free(pk[k]);
  free(c1);
  free(c2);
  sls_study_free(&one);
  sls_study_free(&fresh);
  for (int k = 0; k < 3; k++)
    sls_study_free(&rank[k]);
}
END_TEST

START_TEST(queues_and_downstreams_are_summarised_and_survive_files_and_ranks) {
  /* A backlog of 600 messages drained by 1 s handlers at maximum_concurrency 5 and 10 (batch
   * size 1), beside a Poisson function calling a downstream.  By hand: at 5 the mapping runs 5
   * batches a second from the start, 600 / 5 = 120 s; at 10 it starts at 5 and reaches 10 at the
   * 1 s tick (2023 ramp: +5 per second), so 5 + 10 x 59.5 -> the last 5 finish at 61 s.  Every
   * replication gives these exactly; the downstream gets one call per invocation of g.  The CI
   * table must be the same after writing and reading the study and after packing its runs. */
  const char *text =
      "duration_s = 300.0; sample_interval_s = 0.0;\n"
      "functions = ( { name = \"f\"; timeout_s = 10.0; " RT_ZERO
      " keep_alive_h = 100.0; max_lifetime_s = 0.0;\n"
      "    duration = { dist = \"constant\"; value_s = 1.0; }; },\n"
      "  { name = \"g\"; " RT_ZERO " downstream = \"d\"; calls_per_message = 1;\n"
      "    duration = { dist = \"exponential\"; mean_ms = 200.0; }; } );\n"
      "downstreams = ( { name = \"d\"; capacity = 1000; max_connections = 1000;\n"
      "    latency = { dist = \"lognormal\"; p50_ms = 20.0; p99_ms = 80.0; }; } );\n"
      "queues = ( { name = \"q\"; visibility_timeout_s = 30.0; } );\n"
      "mappings = ( { name = \"m\"; queue = \"q\"; function = \"f\"; batch_size = 1; maximum_concurrency = "
      "5; } );\n"
      "sources = ( { name = \"backlog\"; target = \"q\"; arrival = { kind = \"batch\"; count = 600; }; },\n"
      "  { name = \"s\"; target = \"g\"; arrival = { kind = \"poisson\"; rate_per_s = 10.0; }; } );\n";
  char *key = "mappings.m.maximum_concurrency", *vals[] = {"5", "10"}, **v = vals, err[SLS_ERRLEN];
  int nv = 2;
  sls_study st, back, packed;
  sls_scenario sc[2];
  ck_assert_int_eq(sls_study_grid(&st, 1, &key, &v, &nv, 3, NULL), 0);
  for (int p = 0; p < 2; p++) {
    sls_override o = {key, vals[p]};
    ck_assert_msg(sls_scenario_load_text(text, &o, 1, &sc[p], err) == 0, "%s", err);
  }
  sls_study_run(&st, sc, 11, 2, 0, 6, 1, NULL);
  sls_ci_row *ci;
  int n = sls_study_ci(&st, &ci);
  const double drain[] = {120, 61}, cap[] = {5, 10};
  int seen = 0;
  for (int i = 0; i < n; i++) {
    const sls_ci_row *r = &ci[i];
    if (!strcmp(r->kind, "queue") && !strcmp(r->metric, "drain_time_s")) {
      ck_assert_int_eq(r->n, 3);
      ck_assert_double_eq(r->mean, drain[r->point]);
      ck_assert_double_eq(r->half_width, 0);
      seen++;
    }
    if (!strcmp(r->kind, "queue") && !strcmp(r->metric, "peak_mapping_concurrency")) {
      ck_assert_double_eq(r->mean, cap[r->point]);
      seen++;
    }
    if (!strcmp(r->kind, "downstream") && !strcmp(r->metric, "calls")) {
      double inv = 0;
      for (int k = 0; k < 3; k++)
        inv += (double)st.runs[r->point * 3 + k].rows[1].invocations / 3;
      ck_assert_double_eq_tol(r->mean, inv, 1e-9);
      ck_assert_double_gt(r->half_width, 0); /* Poisson: the replications differ */
      seen++;
    }
  }
  ck_assert_int_eq(seen, 6);
  /* through a file */
  char dir[] = "/tmp/slsim-study-XXXXXX", path[4200];
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/q.h5", dir);
  ck_assert_msg(sls_h5_write_study(path, 0, NULL, NULL, &st, err) == 0, "%s", err);
  memset(&back, 0, sizeof back);
  ck_assert_msg(sls_h5_read_study(path, &back, err) == 0, "%s", err);
  sls_ci_row *cb;
  ck_assert_int_eq(sls_study_ci(&back, &cb), n);
  ck_assert_int_eq(memcmp(ci, cb, (size_t)n * sizeof *ci), 0);
  /* through a packed buffer */
  unsigned char *buf;
  size_t len = sls_study_pack(&st, &buf);
  ck_assert_int_eq(sls_study_grid(&packed, 1, &key, &v, &nv, 3, NULL), 0);
  ck_assert_msg(sls_study_unpack(&packed, buf, len, NULL, err) == 0, "%s", err);
  sls_ci_row *cp;
  ck_assert_int_eq(sls_study_ci(&packed, &cp), n);
  ck_assert_int_eq(memcmp(ci, cp, (size_t)n * sizeof *ci), 0);
  free(buf);
  free(ci);
  free(cb);
  free(cp);
  unlink(path);
  rmdir(dir);
  for (int p = 0; p < 2; p++)
    sls_scenario_free(&sc[p]);
  sls_study_free(&st);
  sls_study_free(&back);
  sls_study_free(&packed);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("study");
  TCase *tc = sls_tcase("study");
  tcase_add_test(tc, ci_coverage_of_a_known_mean);
  tcase_add_test(tc, ci_row_of_three_replications_by_hand);
  tcase_add_test(tc, grid_expansion);
  tcase_add_test(tc, same_results_for_any_jobs_and_common_random_numbers);
  tcase_add_test(tc, task_files_merge_exactly);
  tcase_add_test(tc, ranks_packed_and_gathered_equal_one_process);
  tcase_add_test(tc, queues_and_downstreams_are_summarised_and_survive_files_and_ranks);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
