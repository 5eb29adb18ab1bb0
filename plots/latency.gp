# SPDX-License-Identifier: GPL-3.0-or-later
# Client-observed latency per function, from the log-linear histogram (each point: a bucket's
# upper bound).  Left: the CDF.  Right: the tail — the share of requests slower than x on a log
# scale, where cold starts show; the dotted lines mark p50, p99 and p99.9.  Functions without
# requests are left out; of more than eight, the seven busiest and all of them merged are drawn.
# slsim sends: $data (block i-1 = line i: ms, fraction at or below), nfn, names[], xmin, xmax
# (ms), shown, with_requests, title_text.
load dir.'common.gp'
set multiplot layout 1,2 title title_text.(with_requests > shown ? sprintf(' - %d of %d functions drawn', shown - 1, with_requests) : '')
set logscale x
set grid
set xrange [xmin / 1.3 : xmax * 1.3]
# the latency axis in words: the decades a reader thinks in
set xtics ('0.1 ms' 0.1, '1 ms' 1, '10 ms' 10, '100 ms' 100, '1 s' 1000, '10 s' 1e4, '1 min' 6e4, \
           '10 min' 6e5, '1 h' 3.6e6, '10 h' 3.6e7, '1 day' 8.64e7, '10 days' 8.64e8)
if (xmax / xmin < 1000) set xtics add ('0.2 ms' 0.2, '0.5 ms' 0.5, '2 ms' 2, '5 ms' 5, '20 ms' 20, '50 ms' 50, \
    '200 ms' 200, '500 ms' 500, '2 s' 2000, '5 s' 5000, '20 s' 2e4, '30 s' 3e4, '2 min' 1.2e5, '5 min' 3e5)
set xlabel 'latency (log scale)'
set ylabel 'share of requests at or below'
set key bottom right
set yrange [0:1.005]
set ytics ('0%%' 0, '25%%' 0.25, '50%%' 0.5, '75%%' 0.75, '100%%' 1)
plot for [i=1:nfn] $data index (i-1) using 1:2 with steps lw 2 lc rgb ec(i) title names[i]
set logscale y
set yrange [1e-5:1]
set ytics ('100%%' 1, '10%%' 0.1, '1%%' 0.01, '0.1%%' 0.001, '0.01%%' 1e-4, '0.001%%' 1e-5)
set ylabel 'share of requests slower (log scale)'
set key bottom left
set arrow 1 from graph 0, first 0.5 to graph 1, first 0.5 nohead dt 3 lc 'gray'
set arrow 2 from graph 0, first 0.01 to graph 1, first 0.01 nohead dt 3 lc 'gray'
set arrow 3 from graph 0, first 0.001 to graph 1, first 0.001 nohead dt 3 lc 'gray'
set label 1 'p50' at graph 0.01, first 0.6 tc 'gray'
set label 2 'p99' at graph 0.01, first 0.013 tc 'gray'
set label 3 'p99.9' at graph 0.01, first 0.0013 tc 'gray'
plot for [i=1:nfn] $data index (i-1) using 1:(1 - $2 > 0 ? 1 - $2 : NaN) with steps lw 2 lc rgb ec(i) title names[i]
unset multiplot
