# SPDX-License-Identifier: GPL-3.0-or-later
# Concurrency over time.  Top: time-averaged busy environments (thick), the interval's peak
# (thin), idle on-demand environments (dashed); with provisioned concurrency also the
# provisioned environments busy (dotted) and the provisioned level (dash-dot).  Bottom (when
# anything was throttled): throttled requests per second.  One colour per quantity for one
# function, one per function for several (common.gp).
# slsim sends: $data (block i-1 = function i: t_s conc_mean idle_mean pc_busy_mean conc_max
# throttles provisioned_mean), nfn, names[], provisioned[], title_text, the time axis: tscale, tmin,
# tmax, tstep (s per row), tlabel, has_col[] (column c nonzero somewhere), and the timeline's
# changes: nmark, marks[] (s), drawn as vertical markers (common.gp).
load dir.'common.gp'
haspc(i) = provisioned[i] > 0 || has_col[7]
thr = has_col[6]
set multiplot title title_text
set lmargin at screen left
set rmargin at screen right
set tmargin at screen 0.90
set bmargin at screen (thr ? 0.40 : 0.12)
set key outside right top
set grid
set yrange [0:*]
set xrange [tmin:tmax]
set ylabel 'execution environments'
if (thr) { set format x ''; unset xlabel } else { set xlabel tlabel }
plot for [i=1:nfn] $data index (i-1) using ($1/tscale):2 with lines lw 2.5 lc rgb col(i, 1) title names[i].' busy (mean)', \
     for [i=1:nfn] $data index (i-1) using ($1/tscale):5 with lines lw 0.8 lc rgb col(i, 2) title names[i].' busy (peak)', \
     for [i=1:nfn] $data index (i-1) using ($1/tscale):3 with lines dt 2 lw 1.5 lc rgb col(i, 3) title names[i].' idle', \
     for [i=1:nfn] $data index (i-1) using ($1/tscale):(haspc(i) ? $4 : NaN) with lines dt 3 lw 2 lc rgb col(i, 4) \
         title (haspc(i) ? names[i].' provisioned busy' : ''), \
     for [i=1:nfn] $data index (i-1) using ($1/tscale):(haspc(i) ? $7 : NaN) with fsteps dt 4 lw 1 lc rgb col(i, 5) \
         title (haspc(i) ? names[i].' provisioned' : '')
if (thr) {
  set tmargin at screen 0.36
  set bmargin at screen 0.12
  set format x '%g'
  set xlabel tlabel
  set ylabel 'throttled per s'
  plot for [i=1:nfn] $data index (i-1) using ($1/tscale):($6/tstep) with steps lw 1.5 lc rgb col(i, 6) \
       title names[i].' throttled'
}
unset multiplot
