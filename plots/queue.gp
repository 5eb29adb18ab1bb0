# SPDX-License-Identifier: GPL-3.0-or-later
# A queue and the mapping that drains it, one colour per queue.  Top: messages visible and in
# flight (time averages over each interval).  Bottom: the mapping's concurrent batches (mean
# and peak over each interval) and its target (the poller ramp and back-offs).
# slsim sends: $data (block i-1 = queue i: t_s sent deleted to_dlq visible_mean visible_max
# inflight_mean oldest_age_s mapping_concurrency_mean mapping_concurrency_max mapping_target
# mapping_throttles mapping_failed_batches), nfn, names[], hasmap[] (1: the queue has a
# mapping), title_text.
set multiplot layout 2,1 title title_text
set grid
set key outside right top
set autoscale xfix
set yrange [0:*]
set ylabel 'messages'
set format x ''
plot for [i=1:nfn] $data index (i-1) using 1:5 with lines lw 2 lc i title names[i].' visible', \
     for [i=1:nfn] $data index (i-1) using 1:7 with lines dt 2 lw 2 lc i title names[i].' in flight'
set format x '%g'
set xlabel 'simulated time (s)'
set ylabel 'concurrent batches'
plot for [i=1:nfn] $data index (i-1) using 1:(hasmap[i] ? $9 : NaN) with lines lw 2 lc i \
         title (hasmap[i] ? names[i].' mapping (mean)' : ''), \
     for [i=1:nfn] $data index (i-1) using 1:(hasmap[i] ? $10 : NaN) with lines lw 0.5 lc i \
         title (hasmap[i] ? names[i].' mapping (peak)' : ''), \
     for [i=1:nfn] $data index (i-1) using 1:(hasmap[i] ? $11 : NaN) with lines dt 3 lw 1.5 lc i \
         title (hasmap[i] ? names[i].' mapping target' : '')
unset multiplot
