# SPDX-License-Identifier: GPL-3.0-or-later
# Root requests per source: each arrival with all the work it caused.  Left: the CDFs of the
# completion latency (solid: until the last work ended) and of the response latency (dashed:
# until the caller had its answer; absent when every answer was immediate, as for an event).
# Right: where a root's time goes on average, along its critical path (the work that ended
# last, traced back to the arrival): waiting (for concurrency, in queues, for retries and
# deliveries), cold starts, running (handlers and their API calls), downstream calls.
# slsim sends: $data (block 2i: completion CDF of source i+1, block 2i+1: its response CDF;
# columns: ms, fraction at or below), $path (source index, wait, cold, run, downstream, ms),
# nfn, names[], xmin, xmax (ms: the range the CDFs cover), title_text.
load dir.'common.gp'
set multiplot layout 1,2 title title_text
set logscale x
set grid
set xtics ('0.1 ms' 0.1, '1 ms' 1, '10 ms' 10, '100 ms' 100, '1 s' 1000, '10 s' 1e4, '1 min' 6e4, \
           '10 min' 6e5, '1 h' 3.6e6, '10 h' 3.6e7, '1 day' 8.64e7, '10 days' 8.64e8)
set xrange [xmin / 1.3 : xmax * 1.3]
if (xmax / xmin < 1000) set xtics add ('0.2 ms' 0.2, '0.5 ms' 0.5, '2 ms' 2, '5 ms' 5, '20 ms' 20, '50 ms' 50, \
    '200 ms' 200, '500 ms' 500, '2 s' 2000, '5 s' 5000, '20 s' 2e4, '30 s' 3e4, '2 min' 1.2e5, '5 min' 3e5)
set xlabel 'latency (log scale; under 0.1 ms drawn at 0.1 ms)'
set ylabel 'share of roots at or below'
set ytics ('0%%' 0, '25%%' 0.25, '50%%' 0.5, '75%%' 0.75, '100%%' 1)
set key bottom right
set yrange [0:1.005]
plot for [i=1:nfn] $data index (2*i-2) using 1:2 with steps lw 2 lc rgb col(i, 1) title names[i].' completion', \
     for [i=1:nfn] $data index (2*i-1) using 1:2 with steps lw 2 dt 2 lc rgb col(i, 7) title names[i].' response'
unset logscale x
set xtics autofreq
set ytics autofreq
unset xlabel
unset grid
set grid y
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.6
set xrange [-0.6:nfn-0.4]
set yrange [0:*]
set ylabel 'mean critical path (ms)'
set format x '%g'
set key outside bottom center horizontal
set xtics rotate by -20
plot $path using 2:xtic(names[int($1)+1]) title 'waiting' lc rgb '#9e9e9e', \
     '' using 3 title 'cold start' lc rgb '#1f77b4', \
     '' using 4 title 'running' lc rgb '#2ca02c', \
     '' using 5 title 'downstream' lc rgb '#d62728'
unset multiplot
