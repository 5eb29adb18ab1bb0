# SPDX-License-Identifier: GPL-3.0-or-later
# A downstream dependency, one colour per downstream.  Top: open connections and calls in
# progress (mean and peak over each interval).  Bottom: the fraction of each interval it was
# down (collapsed), and the connections it refused and calls that failed per interval.
# slsim sends: $data (block i-1 = downstream i: t_s connections_mean connections_max
# active_calls_mean active_calls_max waiting_mean refusals failed_calls down_fraction), nfn,
# names[], title_text.
set multiplot layout 2,1 title title_text
set grid
set key outside right top
set autoscale xfix
set yrange [0:*]
set ylabel 'connections, calls'
set format x ''
plot for [i=1:nfn] $data index (i-1) using 1:3 with lines lw 0.5 lc i title names[i].' connections (peak)', \
     for [i=1:nfn] $data index (i-1) using 1:2 with lines lw 2 lc i title names[i].' connections (mean)', \
     for [i=1:nfn] $data index (i-1) using 1:4 with lines dt 2 lw 2 lc i title names[i].' calls in progress'
set format x '%g'
set xlabel 'simulated time (s)'
set ylabel 'down (fraction)'
set y2label 'per interval'
set y2tics
set ytics nomirror
set yrange [0:1.05]
set y2range [0:1<*]
plot for [i=1:nfn] $data index (i-1) using 1:9 with filledcurves y1=0 fs transparent solid 0.25 lc i title names[i].' down', \
     for [i=1:nfn] $data index (i-1) using 1:8 axes x1y2 with lines lw 1.5 lc i title names[i].' failed calls', \
     for [i=1:nfn] $data index (i-1) using 1:7 axes x1y2 with lines dt 2 lw 1.5 lc i title names[i].' refusals'
unset multiplot
