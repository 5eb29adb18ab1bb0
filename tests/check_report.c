/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report's table engine (report/table.c) and writers (engine/text.h), against layouts and
 * strings written out by hand. */
#include <math.h>

#include "engine/text.h"
#include "report/table.h"
#include "testutil.h"

/* What f wrote into a memory stream, as a malloc'd string. */
static char *drawn(void (*f)(FILE *, void *), void *arg) {
  char *buf = NULL;
  size_t n = 0;
  FILE *o = open_memstream(&buf, &n);
  ck_assert_ptr_nonnull(o);
  f(o, arg);
  fclose(o);
  return buf;
}

/* name | a b c | d e: the widths are those of the widest cells; numbers right, text left */
static void make(sls_table *t) {
  sls_table_init(t, 1);
  sls_table_col(t, "name", 0);
  static const char *const h[] = {"a", "bb", "c", "d", "e"};
  for (int c = 0; c < 5; c++)
    sls_table_col(t, h[c], SLS_TABLE_NUMERIC | (c == 3 ? SLS_TABLE_GROUP : 0));
  sls_table_row(t);
  sls_table_s(t, "x");
  sls_table_u(t, 1);
  sls_table_u(t, 22);
  sls_table_f(t, "%.1f", 3.25);
  sls_table_u(t, 4444);
  sls_table_u(t, 5);
  sls_table_row(t);
  sls_table_s(t, "long-name");
  for (int c = 0; c < 5; c++)
    sls_table_s(t, "");
}

static void print_wide(FILE *o, void *t) { sls_table_print(o, t, 0); }
static void print_27(FILE *o, void *t) { sls_table_print(o, t, 27); }
static void print_html(FILE *o, void *t) { sls_table_html(o, t, "a < b"); }

START_TEST(a_table_is_as_wide_as_its_cells_and_cut_into_parts) {
  sls_table t;
  make(&t);
  char *w = drawn(print_wide, &t);
  /* name(9) a(1) bb(2) c(3) d(4) e(1), two blanks apart; the last column of the empty row and
   * trailing blanks are not written */
  ck_assert_str_eq(w, "name       a  bb    c     d  e\n"
                      "x          1  22  3.2  4444  5\n"
                      "long-name\n");
  free(w);
  /* 27 columns: the key (9 + 2) and a, bb, c (1 + 2 + 2 + 2 + 3 + 2 = 12) take 23; d (4) would
   * fit, but it starts the group d, e (4 + 2 + 1), which goes to a part of its own, led by the
   * key again */
  char *p = drawn(print_27, &t);
  ck_assert_str_eq(p, "name       a  bb    c\n"
                      "x          1  22  3.2\n"
                      "long-name\n"
                      "\n"
                      "name          d  e\n"
                      "x          4444  5\n"
                      "long-name\n");
  free(p);
  char *h = drawn(print_html, &t);
  ck_assert_ptr_nonnull(strstr(h, "<caption>a &lt; b</caption>"));
  ck_assert_ptr_nonnull(strstr(h, "<th class=\"n\">bb</th>"));
  ck_assert_ptr_nonnull(strstr(h, "<td>long-name</td><td class=\"n\"></td>"));
  free(h);
  sls_table_free(&t);
}
END_TEST

static void empty_column(FILE *o, void *arg) {
  (void)arg;
  sls_table t;
  sls_table_init(&t, 1);
  sls_table_col(&t, "k", 0);
  sls_table_col(&t, "never", SLS_TABLE_NUMERIC);
  sls_table_col(&t, "v", SLS_TABLE_NUMERIC);
  sls_table_row(&t);
  sls_table_s(&t, "r");
  sls_table_s(&t, "");
  sls_table_u(&t, 7);
  sls_table_print(o, &t, 100);
  sls_table_free(&t);
  sls_table_init(&t, 1); /* no column but the key has a cell: the names alone */
  sls_table_col(&t, "k", 0);
  sls_table_col(&t, "never", SLS_TABLE_NUMERIC);
  sls_table_row(&t);
  sls_table_s(&t, "r");
  sls_table_print(o, &t, 100);
  sls_table_free(&t);
}

START_TEST(a_column_no_row_fills_is_left_out) {
  char *s = drawn(empty_column, NULL);
  ck_assert_str_eq(s, "k  v\nr  7\nk\nr\n");
  free(s);
}
END_TEST

static void nums(FILE *o, void *arg) {
  (void)arg;
  const double v[] = {0.1, 1.0 / 3, 28907.143167499999, 2e-07, 1e300, -0.0, NAN, INFINITY};
  for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
    sls_put_num(o, v[k], 0);
    fputc(' ', o);
  }
  sls_put_num(o, NAN, 1);
}

START_TEST(numbers_are_written_in_the_fewest_digits_that_read_back) {
  char *s = drawn(nums, NULL);
  /* 0.1 and 2e-07 need 15 digits at most; 1/3 needs 16; 28907.143167499999 is 28907.1431675
   * exactly (13 significant digits read back the same double) */
  ck_assert_str_eq(s, "0.1 0.3333333333333333 28907.1431675 2e-07 1e+300 -0 nan inf null");
  free(s);
  ck_assert(strtod("0.3333333333333333", NULL) == 1.0 / 3);
}
END_TEST

static void html(FILE *o, void *arg) { sls_put_html(o, arg); }

START_TEST(html_text_is_escaped) {
  char *s = drawn(html, "<img src=x onerror=\"a('b')\">&\x01\xff\xc3\xa9");
  ck_assert_str_eq(s, "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;&#xfffd;&#xfffd;\xc3\xa9");
  free(s);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("report");
  TCase *tc = sls_tcase("tables");
  tcase_add_test(tc, a_table_is_as_wide_as_its_cells_and_cut_into_parts);
  tcase_add_test(tc, a_column_no_row_fills_is_left_out);
  tcase_add_test(tc, numbers_are_written_in_the_fewest_digits_that_read_back);
  tcase_add_test(tc, html_text_is_escaped);
  suite_add_tcase(s, tc);
  return s;
}

RUN_SUITE(suite)
