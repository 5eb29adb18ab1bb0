# SPDX-License-Identifier: GPL-3.0-or-later
# A downstream dependency.  Top: open connections and calls in progress (mean and peak over
# each interval).  Bottom: the fraction of each interval it was down (collapsed), and the
# connections it refused and the calls that failed, per second.  One colour per quantity for
# one downstream, one per downstream for several (common.gp).
# slsim sends: $data (block i-1 = downstream i: t_s connections_mean connections_max
# active_calls_mean active_calls_max waiting_mean refusals failed_calls down_fraction), nfn,
# names[], title_text, and the time axis: tscale, tmin, tmax, tstep, tlabel, has_col[].
load dir.'common.gp'
set multiplot title title_text
set lmargin at screen left
set rmargin at screen right
set tmargin at screen 0.90
set bmargin at screen 0.52
set grid
set key outside right top
set xrange [tmin:tmax]
set yrange [0:*]
set ylabel 'connections, calls'
set format x ''
plot for [i=1:nfn] $data index (i-1) using ($1/tscale):3 with lines lw 0.8 lc rgb col(i, 2) title names[i].' connections (peak)', \
     for [i=1:nfn] $data index (i-1) using ($1/tscale):2 with lines lw 2 lc rgb col(i, 1) title names[i].' connections (mean)', \
     for [i=1:nfn] $data index (i-1) using ($1/tscale):4 with lines dt 2 lw 2 lc rgb col(i, 7) title names[i].' calls in progress'
set tmargin at screen 0.48
set bmargin at screen 0.12
set format x '%g'
set xlabel tlabel
set ylabel 'down (fraction of time)'
set y2label 'per s'
set y2tics
set ytics nomirror
set yrange [0:1.05]
if (has_col[7] || has_col[8]) { set y2range [0:1<*] } else { set y2range [0:1] }  # all zero: no autoscale to warn about
plot for [i=1:nfn] $data index (i-1) using ($1/tscale):9 with filledcurves y1=0 fs transparent solid 0.25 lc rgb col(i, 3) title names[i].' down', \
     for [i=1:nfn] $data index (i-1) using ($1/tscale):($8/tstep) axes x1y2 with lines lw 1.5 lc rgb col(i, 6) title names[i].' failed calls', \
     for [i=1:nfn] $data index (i-1) using ($1/tscale):($7/tstep) axes x1y2 with lines dt 2 lw 1.5 lc rgb col(i, 8) title names[i].' refusals'
unset multiplot
