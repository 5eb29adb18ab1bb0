# SPDX-License-Identifier: GPL-3.0-or-later
# Concurrency over time, one colour per function: time-averaged busy environments (thick),
# the interval's peak (thin), idle on-demand environments (dashed); for functions with
# provisioned concurrency also the provisioned environments busy (dotted) and the provisioned
# level (dash-dot).
# slsim sends: $data (block i-1 = function i: t_s conc_mean idle_mean pc_busy_mean conc_max
# throttles), nfn, names[], provisioned[], title_text.
set title title_text
set xlabel 'simulated time (s)'
set ylabel 'execution environments'
set key outside right top
set grid
set yrange [0:*]
set autoscale xfix
haspc(i) = provisioned[i] > 0
plot for [i=1:nfn] $data index (i-1) using 1:2 with lines lw 2.5 lc i title names[i].' busy (mean)', \
     for [i=1:nfn] $data index (i-1) using 1:5 with lines lw 0.5 lc i title names[i].' busy (peak)', \
     for [i=1:nfn] $data index (i-1) using 1:3 with lines dt 2 lw 1.5 lc i title names[i].' idle', \
     for [i=1:nfn] $data index (i-1) using 1:(haspc(i) ? $4 : NaN) with lines dt 3 lw 2 lc i \
         title (haspc(i) ? names[i].' provisioned busy' : ''), \
     for [i=1:nfn] $data index (i-1) using 1:(haspc(i) ? provisioned[i] : NaN) with lines dt 4 lw 1 lc i \
         title (haspc(i) ? names[i].' provisioned' : '')
