# SPDX-License-Identifier: GPL-3.0-or-later
# Root requests per source: each arrival with all the work it caused.  Left: the CDFs of the
# completion latency (solid: until the last work ended) and of the response latency (dashed:
# until the caller had its answer; absent when every answer was immediate, as for an event).
# Right: where a root's time goes on average, along its critical path (the work that ended
# last, traced back to the arrival): waiting (for concurrency, in queues, for retries and
# deliveries), cold starts, running (handlers and their API calls), downstream calls.
# slsim sends: $data (block 2i: completion CDF of source i+1, block 2i+1: its response CDF;
# columns: ms, fraction at or below), $path (source index, wait, cold, run, downstream, ms),
# nfn, names[], title_text.
set multiplot layout 1,2 title title_text
set logscale x
set grid
set format x '%g'
set xlabel 'latency (ms, log scale; under 0.1 ms drawn at 0.1)'
set ylabel 'fraction of roots at or below'
set key bottom right
set yrange [0:1.005]
plot for [i=1:nfn] $data index (2*i-2) using 1:2 with steps lw 2 lc i title names[i].' completion', \
     for [i=1:nfn] $data index (2*i-1) using 1:2 with steps lw 2 dt 2 lc i title names[i].' response'
unset logscale x
unset xlabel
unset grid
set grid y
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.6
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
