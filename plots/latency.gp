# SPDX-License-Identifier: GPL-3.0-or-later
# Client-observed latency per function, from the log-linear histogram (each point: a bucket's
# upper bound).  Left: the CDF.  Right: the tail — the fraction of requests slower than x on
# a log scale, where cold starts show; the dotted lines mark p50, p99 and p99.9.
set multiplot layout 1,2 title title_text
set logscale x
set grid
set xlabel 'latency (ms, log scale)'
set ylabel 'fraction of requests at or below'
set key bottom right
set yrange [0:1.005]
plot for [i=1:nfn] $data index (i-1) using 1:2 with steps lw 2 lc i title names[i]
set logscale y
set yrange [1e-5:1]
set format y '%.0e'
set ylabel 'fraction of requests slower (log scale)'
set key top right
set arrow 1 from graph 0, first 0.5 to graph 1, first 0.5 nohead dt 3 lc 'gray'
set arrow 2 from graph 0, first 0.01 to graph 1, first 0.01 nohead dt 3 lc 'gray'
set arrow 3 from graph 0, first 0.001 to graph 1, first 0.001 nohead dt 3 lc 'gray'
set label 1 'p50' at graph 0.01, first 0.6 tc 'gray'
set label 2 'p99' at graph 0.01, first 0.013 tc 'gray'
set label 3 'p99.9' at graph 0.01, first 0.0013 tc 'gray'
plot for [i=1:nfn] $data index (i-1) using 1:(1 - $2 > 0 ? 1 - $2 : NaN) with steps lw 2 lc i title names[i]
unset multiplot
