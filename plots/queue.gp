# SPDX-License-Identifier: GPL-3.0-or-later
# A queue and the mapping that drains it.  Top: messages visible and in flight (time averages
# over each interval).  Bottom (when a queue has a mapping): the mapping's concurrent batches
# (mean and peak over each interval) and its target (the poller ramp and back-offs).  One
# colour per quantity for one queue, one per queue for several (common.gp).
# slsim sends: $data (block i-1 = queue i: t_s sent deleted to_dlq visible_mean visible_max
# inflight_mean oldest_age_s mapping_concurrency_mean mapping_concurrency_max mapping_target
# mapping_throttles mapping_failed_batches), nfn, names[], hasmap[] (1: the queue has a
# mapping), title_text, and the time axis: tscale, tmin, tmax, tlabel, has_col[].
load dir.'common.gp'
maps = 0
do for [i=1:nfn] { maps = maps + hasmap[i] }
set multiplot title title_text
set lmargin at screen left
set rmargin at screen right
set tmargin at screen 0.90
set bmargin at screen (maps ? 0.52 : 0.12)
set grid
set key outside right top
set xrange [tmin:tmax]
set yrange [0:*]
set ylabel 'messages'
if (maps) { set format x ''; unset xlabel } else { set xlabel tlabel }
plot for [i=1:nfn] $data index (i-1) using ($1/tscale):5 with lines lw 2 lc rgb col(i, 1) title names[i].' visible', \
     for [i=1:nfn] $data index (i-1) using ($1/tscale):7 with lines dt 2 lw 2 lc rgb col(i, 7) title names[i].' in flight'
if (maps) {
  set tmargin at screen 0.48
  set bmargin at screen 0.12
  set format x '%g'
  set xlabel tlabel
  set ylabel 'concurrent batches'
  plot for [i=1:nfn] $data index (i-1) using ($1/tscale):(hasmap[i] ? $9 : NaN) with lines lw 2 lc rgb col(i, 4) \
           title (hasmap[i] ? names[i].' mapping (mean)' : ''), \
       for [i=1:nfn] $data index (i-1) using ($1/tscale):(hasmap[i] ? $10 : NaN) with lines lw 0.8 lc rgb col(i, 2) \
           title (hasmap[i] ? names[i].' mapping (peak)' : ''), \
       for [i=1:nfn] $data index (i-1) using ($1/tscale):(hasmap[i] ? $11 : NaN) with lines dt 3 lw 1.5 lc rgb col(i, 3) \
           title (hasmap[i] ? names[i].' mapping target' : '')
}
unset multiplot
