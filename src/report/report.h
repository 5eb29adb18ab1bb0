/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report — a result file as tables for people, CSV or JSON: the summary per function, queue
 * and downstream, the bill per line, service and entity, the always-on alternatives, and a
 * study's confidence-interval table.
 *
 * A result file is not trusted (it can be edited by hand): its sizes were checked when it was
 * read (io/h5), and every string from it is escaped for where it goes — control characters
 * become '?' on a terminal (io/text.h sls_put_term), CSV fields are quoted (RFC 4180), JSON
 * strings are escaped (RFC 8259).
 */
#ifndef SLS_REPORT_H
#define SLS_REPORT_H

#include <stdio.h>

/* TEXT: tables for a terminal, each cut into parts that fit SLS_REPORT_WIDTH columns; WIDE: each
 * table whole; CSV, JSON; HTML: the text report's tables and notes as HTML sections (a fragment:
 * sls_report_html makes the page). */
typedef enum { SLS_REPORT_TEXT, SLS_REPORT_WIDE, SLS_REPORT_CSV, SLS_REPORT_JSON, SLS_REPORT_HTML } sls_report_format;
#define SLS_REPORT_WIDTH 100

/* The CSV tables, NULL-terminated: functions (the default), sources, queues, downstreams,
 * cost, alternatives, ci. */
extern const char *const sls_report_tables[];

/*
 * Writes the report of the result (or study) file path to out: SLS_REPORT_TEXT the tables
 * (and a study's CI table), SLS_REPORT_CSV the table named (NULL: functions), SLS_REPORT_JSON
 * the summary and the bill.  Returns 0; SLS_EINPUT with a message in err when path is not a
 * result (or, for "ci", not a study) or table is unknown; SLS_EIO when out could not be
 * written (a full disk, a closed pipe).
 */
int sls_report(FILE *out, const char *path, sls_report_format fmt, const char *table, char *err);

/* Writes the result (or study) h5 as one self-contained HTML page to out (published whole or
 * not at all; an existing out only with force): the tables, the bill, the figures as inline
 * SVG, the scenario text and its provenance.  Returns as sls_report, or SLS_EEXIST. */
int sls_report_html(const char *h5, const char *out, int force, char *err);

/* A study's confidence-interval table: the headline metrics per point and entity (text), or
 * every row (csv).  Returns as sls_report. */
int sls_report_study(FILE *out, const char *path, int csv, char *err);

#endif
