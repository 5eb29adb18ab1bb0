/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The model against analytical results: every oracle of src/validate (Erlang-B, Erlang-C,
 * Little's law, M/G/infinity, cold starts under Poisson arrivals, Poisson arrival counts, the
 * deterministic scaling ramps) must pass its criterion, and docs/validation.md must be the report
 * this build writes.  The criterion itself is checked to fail where it should.
 */
#include <stdio.h>

#include "testutil.h"
#include "validate/validate.h"

START_TEST(erlang_formulas_match_their_tables) {
  /* B(1, a) = a / (1 + a); C(1, a) = rho for M/M/1; the published B(10, 8) and C(5, 4). */
  ck_assert_double_eq_tol(sls_erlang_b(1, 0.5), 0.5 / 1.5, 1e-15);
  ck_assert_double_eq_tol(sls_erlang_c(1, 0.7), 0.7, 1e-15);
  ck_assert_double_eq_tol(sls_erlang_b(10, 8.0), 0.12166, 1e-5);
  ck_assert_double_eq_tol(sls_erlang_c(5, 4.0), 0.5541, 1e-4);
  /* B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2 */
  ck_assert_double_eq_tol(sls_erlang_b(2, 1.0), 0.2, 1e-15);
}
END_TEST

START_TEST(the_criterion_fails_where_it_should) {
  ck_assert(sls_check_pass(0.1203, 0.0024, 0.12166, 0.05));  /* inside, tight */
  ck_assert(!sls_check_pass(0.1203, 0.0010, 0.12166, 0.05)); /* analytical outside the interval */
  ck_assert(!sls_check_pass(0.1203, 0.0100, 0.12166, 0.05)); /* inside but too vague: 8 % > 5 % */
  ck_assert(sls_check_pass(525, 0, 525, 0));                 /* deterministic: equal */
  ck_assert(!sls_check_pass(524, 0, 525, 0));                /* deterministic: off by one */
  ck_assert(sls_check_pass(0.497, 0.018, 0.406, -0.15));     /* a measured value: within 0.15 */
  ck_assert(!sls_check_pass(0.600, 0.018, 0.406, -0.15));    /* 0.194 away */
  ck_assert(!sls_check_pass(0.45, 0.2, 0.406, -0.15));       /* close, but the interval is vaguer */
}
END_TEST

/* The whole table, once: every quantity passes, and the Markdown is docs/validation.md. */
START_TEST(every_oracle_passes_and_the_report_is_current) {
  char err[SLS_ERRLEN];
  sls_check_row *rows;
  int n = sls_validate_run(2, &rows, err);
  ck_assert_msg(n > 0, "%s", err);
  int groups_seen = 0, stochastic = 0;
  for (int i = 0; i < n; i++) {
    const sls_check_row *r = &rows[i];
    ck_assert_msg(r->conserved, "%s: a run broke conservation", r->quantity);
    if (r->tol < 0) { /* a measured value: within the stated absolute tolerance, a narrow interval */
      ck_assert_msg(fabs(r->mean - r->analytical) <= -r->tol && r->half_width <= -r->tol,
                    "%s: simulated %g +- %g, measured %g (tolerance %g)", r->quantity, r->mean, r->half_width,
                    r->analytical, -r->tol);
    } else if (r->reps > 1 &&
               r->half_width == 0) { /* the same in every replication: a count fixed by the model */
      ck_assert_msg(r->mean == r->analytical, "%s: simulated %g in every replication, %g expected",
                    r->quantity, r->mean, r->analytical);
    } else if (r->reps > 1) {
      stochastic++;
      ck_assert_msg(r->half_width > 0 && r->tol > 0, "%s: no interval", r->quantity);
      ck_assert_msg(r->half_width <= r->tol * fabs(r->analytical), "%s: interval +-%g too wide for %g",
                    r->quantity, r->half_width, r->analytical);
      ck_assert_msg(fabs(r->mean - r->analytical) <= r->half_width, "%s: simulated %g +- %g, analytical %g",
                    r->quantity, r->mean, r->half_width, r->analytical);
    } else
      ck_assert_msg(fabs(r->mean - r->analytical) <= 1e-12 * fabs(r->analytical),
                    "%s: simulated %.17g, exactly %.17g expected (to a sum's rounding)", r->quantity, r->mean,
                    r->analytical);
    ck_assert(r->pass);
    if (i == 0 || r->group != rows[i - 1].group) groups_seen++;
  }
  ck_assert_int_eq(groups_seen, sls_validate_ngroups());
  ck_assert_int_ge(stochastic, 20);

  /* The snapshot is of the shipped streams; the assertions above hold for any.  The mutation
   * runner (tests/mutate) also leaves it out, so that its score counts only what the assertions
   * catch: a snapshot fails on any change, right or wrong. */
  if (sls_test_seed_set() || getenv("SLSIM_TEST_NO_SNAPSHOT")) {
    fprintf(stderr, "check_validate: SKIP comparing docs/validation.md (%s)\n",
            sls_test_seed_set() ? "SLSIM_TEST_SEED_SET" : "SLSIM_TEST_NO_SNAPSHOT");
    free(rows);
    return;
  }
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  sls_validate_markdown(f, rows, n);
  fclose(f);
  const char *top = getenv("TOP_SRCDIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/docs/validation.md", top ? top : SLS_SRCDIR);
  FILE *doc = fopen(path, "r");
  ck_assert_msg(doc != NULL, "%s: missing (make validate writes it)", path);
  char *want = calloc(len + 2, 1);
  size_t got = fread(want, 1, len + 1, doc);
  fclose(doc);
  if (got != len || memcmp(want, text, len) != 0) {
    size_t at = 0, line = 1;
    while (at < len && at < got && want[at] == text[at])
      line += text[at++] == '\n';
    ck_abort_msg("%s is not the report this build writes (first difference on line %zu): run make validate",
                 path, line);
  }
  free(want);
  free(text);
  free(rows);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("validate");
  TCase *tc = sls_tcase("oracles");
  tcase_add_test(tc, erlang_formulas_match_their_tables);
  tcase_add_test(tc, the_criterion_fails_where_it_should);
  tcase_add_test(tc, every_oracle_passes_and_the_report_is_current);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
