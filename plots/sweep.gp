# SPDX-License-Identifier: GPL-3.0-or-later
# A metric against the first varied key of a sweep, one line per combination of the other
# keys; the error bars are 95 % Student-t confidence intervals over the replications.
set grid
set xlabel xkey
set ylabel ylabel_text
set key outside right top
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
plot for [i=1:nlines] $data index (i-1) using 1:2:3 with yerrorlines lw 2 pt 7 lc i title labels[i]
