/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text — what a name may be, and how text from a file is written into each place it reaches.
 *
 * Scenarios, traces and result files come from other people, so every string read from one is
 * data: it is checked when it is read, and escaped again for every context it is written to, so
 * that no string can become code or break a format even when the check was skipped (a result
 * file edited by hand, say).
 *
 *   names      functions, sources, queues, mappings, downstreams, traces, alternatives and the
 *              model files they name: 1..SLS_NAME_MAX characters of [A-Za-z0-9._-], starting
 *              with a letter or a digit.  This is AWS Lambda's own rule for function names
 *              ([A-Za-z0-9-_], 64 characters; CreateFunction API reference) with the '.' that
 *              SQS FIFO queue names end in (".fifo") and SQS's 80 characters (CreateQueue API
 *              reference).  Such a name is a valid HDF5 link name, file-name part, CSV field and
 *              gnuplot string as it is.
 *   labels     the scenario's own name, shown in titles: 1..SLS_LABEL_MAX bytes of printable
 *              UTF-8 without quotes (' " `), backslash or control characters.
 *
 * The writers never trust the check: sls_put_csv quotes (RFC 4180) and defuses a leading
 * = + - @ (spreadsheet formulas); sls_put_json escapes per RFC 8259 and replaces invalid UTF-8
 * with U+FFFD; sls_put_term replaces control characters (terminal escape sequences) with '?'.
 * The gnuplot writer is in plot.c, where its rules are stated.
 */
#ifndef SLS_TEXT_H
#define SLS_TEXT_H

#include <stddef.h>
#include <stdio.h>

#define SLS_NAME_MAX 80    /* characters of a name written in a scenario */
#define SLS_NAME_FIELD 128 /* bytes of a name field in a result file (generated names are longer) */
#define SLS_LABEL_MAX 127  /* bytes of the scenario's name */

/* 1 when c may appear in a name: [A-Za-z0-9._-]. */
int sls_name_char(int c);
/* 1 when s is a valid name of at most max characters (max <= SLS_NAME_FIELD - 1), else 0. */
int sls_name_ok(const char *s, size_t max);
/* The rule, for messages: "1..80 letters, digits, '-', '_' or '.', starting with a letter or a
 * digit" (static string). */
const char *sls_name_rule(void);
/* 1 when s is a valid label, else 0. */
int sls_label_ok(const char *s);
/* 1 when the n bytes at s are valid UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF). */
int sls_utf8_ok(const char *s, size_t n);

/* Writes s as one CSV field: quoted when it holds a comma, a quote, a line break or leading or
 * trailing blanks, and prefixed with ' when it starts like a spreadsheet formula. */
void sls_put_csv(FILE *out, const char *s);
/* The unit a key or column name ends in — p99_ms: "ms", memory_mb: "MB", cost_usd: "USD",
 * billed_gb_s: "GB-s", keep_alive_min: "min", rate_per_s: "per s" — or NULL.  stem, if not NULL,
 * gets the length of the name before it ("p99", "cost"; 0 for usd_per_month).  One rule for the
 * HDF5 tables' units and the figures' axis labels. */
const char *sls_unit_suffix(const char *name, size_t *stem);
/* Writes v in the fewest digits (15 to 17) that read back as exactly v; not finite: JSON's
 * null when json, else nan, inf or -inf (as spreadsheets and pandas read them). */
void sls_put_num(FILE *out, double v, int json);
/* Writes s as HTML text (also fit for a quoted attribute): & < > " ' as entities, control
 * characters but line breaks and tabs, and invalid UTF-8, as U+FFFD. */
void sls_put_html(FILE *out, const char *s);
/* Writes s as a JSON string, quotes included. */
void sls_put_json(FILE *out, const char *s);
/* Writes s for a terminal, control characters as '?', left-aligned in width columns (0: as is). */
void sls_put_term(FILE *out, const char *s, int width);
/* Copies s into out (n bytes, terminated; cut at a character) the way sls_put_term writes it;
 * out may be s itself. */
void sls_term_copy(char *out, size_t n, const char *s);

#endif
