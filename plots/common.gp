# SPDX-License-Identifier: GPL-3.0-or-later
# What the templates share (each loads it first).  Colours: with one entity, each quantity has its
# own colour (qc); with several, each entity has one (ec, a cycle of ten well-separated hues) and
# the line style tells the quantities apart.  col(i, k): entity i's quantity k.
qc(k) = word('#1f77b4 #9ecae1 #7f7f7f #2ca02c #006d2c #d62728 #ff7f0e #9467bd', k)
ec(i) = word('#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf', (i - 1) % 10 + 1)
col(i, k) = nfn == 1 ? qc(k) : ec(i)
# the panels of a figure share their left and right edges, so their time axes line up
left = 0.08
right = 0.74
# headroom above the highest point, so a line at the top is not hidden by the frame
set offsets 0, 0, graph 0.06, 0
# the timeline's changes (scenario events, the autoscaler), when slsim sends them: a thin grey
# vertical line at each, in every panel (arrows persist across a multiplot's panels)
if (exists("nmark") && exists("tscale")) {
  do for [j=1:nmark] {
    xm = (marks[j] + 0.0) / tscale  # a whole number of seconds would divide as an integer
    if (xm >= tmin && xm <= tmax) {
      set arrow from first xm, graph 0 to first xm, graph 1 nohead dt 3 lw 1 lc rgb '#999999' back
    }
  }
}
