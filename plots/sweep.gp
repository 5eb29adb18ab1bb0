# SPDX-License-Identifier: GPL-3.0-or-later
# A metric against the first varied key of a sweep, one line per combination of the other
# keys; the error bars are 95 % Student-t confidence intervals over the replications (their
# lower ends stop at 0: no metric is negative).
# slsim sends: $data (block i-1 = line i: x, mean, CI low, CI high), nlines, labels[], xkey and
# ylabel_text (in words, with units).
load dir.'common.gp'
nfn = nlines
set grid
set xlabel xkey
set ylabel ylabel_text
set key outside right top
set yrange [0:*]
set offsets graph 0.03, graph 0.03, graph 0.05, 0
plot for [i=1:nlines] $data index (i-1) using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb ec(i) title labels[i]
