/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plot — figures from a results file, drawn by gnuplot through a plain pipe.
 *
 * The data are sent inline as a datablock ($data, one block per entity, blocks separated by
 * two blank lines so `index i` selects entity i; numbers only) followed by the template
 * plots/<kind>.gp, which sees: nfn, names[1..nfn], provisioned[1..nfn], hasmap[1..nfn],
 * title_text.  The terminal follows the output's extension: .png (pngcairo), .svg, .pdf
 * (pdfcairo).  A result file is not trusted: every string in it reaches gnuplot through
 * sls_plot_put_string, as a literal.
 */
#ifndef SLS_PLOT_H
#define SLS_PLOT_H

#include <stdio.h>

/* Writes s as a gnuplot string expression that evaluates to exactly the bytes of s, whatever
 * they are (rules in plot.c). */
void sls_plot_put_string(FILE *gp, const char *s);

/* The plot kinds, NULL-terminated: "concurrency", "latency", "queue", "downstream". */
extern const char *const sls_plot_kinds[];

/* How a figure is drawn (NULL, or zeros and NANs: the defaults). */
typedef struct sls_plot_opts {
  double from_s, to_s; /* the time axis shown, s (NAN: from the first to the last interval in which
                          something happened) */
  int width, height;   /* pixels; a PDF is 100 px to the inch (0: 1200 x 650) */
  double font_pt;      /* the font size (0: 11 pt) */
} sls_plot_opts;

/* sls_plot and sls_plot_sweep as drawn with o. */
int sls_plot_with(const char *h5, const char *kind, const char *out, int force, const sls_plot_opts *o,
                  char *err);
int sls_plot_sweep_with(const char *h5, const char *entity, const char *metric, const char *out, int force,
                        const sls_plot_opts *o, char *err);

/* The kinds the result h5 has something for, into what (room for every kind): concurrency
 * always; latency with synchronous requests; queue, downstream with those; roots when a root
 * is more than one request.  Returns their count, or -1 (not a result; message in err). */
int sls_plot_kinds_of(const char *h5, const char **what, char *err);

/* Draws kind from the results in h5 into out (published like a result: complete or not at
 * all; an existing out is replaced only with force).  Returns 0, SLS_EINPUT (unknown kind or
 * extension, not a result file), SLS_EEXIST or SLS_EIO (gnuplot failed, out unwritable), with
 * a message in err. */
int sls_plot(const char *h5, const char *kind, const char *out, int force, char *err);

/* Draws metric of entity (NULL: the first function) against the first varied key of a sweep,
 * one line per combination of the other keys, with 95 % CI error bars (plots/sweep.gp). */
int sls_plot_sweep(const char *h5, const char *entity, const char *metric, const char *out, int force,
                   char *err);

#endif
