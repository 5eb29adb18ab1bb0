#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Cold-start share of user requests with and without a 5-minute keep-warm ping, (a) against the
# traffic rate (Poisson users), (b) against the number of simultaneous requests (groups every
# 30 min).  Writes results/ (CSV, PNG).
set -euo pipefail
. "$(dirname "$0")/../common.sh"
off=(--set sources.ping.arrival.at_s=36000000.0) # the ping's first firing after the run: no ping

# cold % of a source's invocations: run SOURCE [--set ...]...
cold() {
  src=$1; shift
  "$SLSIM" run "$here/keep-warm.cfg" -o "$out/tmp.h5" --force --quiet "$@"
  "$SLSIM" report --csv --table sources "$out/tmp.h5" | awk -F, -v s="$src" '$1 == s { printf "%.3f,%d", $6, $4 }'
}

echo "== (a) Poisson users: cold-start share vs rate"
echo "rate_per_h,no_ping_cold_pct,no_ping_requests,ping_cold_pct,ping_requests" >"$out/rate.csv"
for r in 1 2 4 8 12 30 60 360 3600 36000 72000; do
  a=$(cold users --set sources.users.arrival.rate_per_h=$r "${off[@]}")
  b=$(cold users --set sources.users.arrival.rate_per_h=$r)
  echo "$r,$a,$b" | tee -a "$out/rate.csv"
done

echo "== (b) groups of simultaneous requests every 30 min (jitter 20 min): cold-start share vs size"
echo "group_size,no_ping_cold_pct,no_ping_requests,ping_cold_pct,ping_requests" >"$out/groups.csv"
grp=(--set sources.users.arrival.rate_per_h=0.0 --set sources.groups.arrival.at_s=0.0)
for k in 1 2 3 5 10 20; do
  a=$(cold groups "${grp[@]}" --set sources.groups.arrival.count=$k "${off[@]}")
  b=$(cold groups "${grp[@]}" --set sources.groups.arrival.count=$k)
  echo "$k,$a,$b" | tee -a "$out/groups.csv"
done
echo "== (c) the ping's period against the 5-7 min keep-alive, 4 user requests per hour"
echo "ping_period_min,cold_pct,requests" >"$out/period.csv"
for p in 3 5 6 7 10 15; do
  a=$(cold users --set sources.users.arrival.rate_per_h=4 --set sources.ping.arrival.period_min=$p)
  echo "$p,$a" | tee -a "$out/period.csv"
done
rm -f "$out/tmp.h5"

gnuplot <<GP
set terminal pngcairo size 1100,500 font 'DejaVu Sans,11' noenhanced
set output '$out/keep-warm.png'
set datafile separator ','
set multiplot layout 1,2 title 'user cold starts with and without a 5-minute keep-warm ping (keep-alive 5-7 min)'
set grid
set ylabel 'cold starts, % of user requests'
set yrange [0:105]
set key top right
set logscale x
set xlabel 'user requests per hour (Poisson, log scale)'
plot '$out/rate.csv' every ::1 using 1:2 with linespoints lw 2 pt 7 title 'no ping', \
     '' every ::1 using 1:4 with linespoints lw 2 pt 5 title 'ping every 5 min'
unset logscale x
set xlabel 'simultaneous requests per group (a group every ~30 min)'
set key bottom right
plot '$out/groups.csv' every ::1 using 1:2 with linespoints lw 2 pt 7 title 'no ping', \
     '' every ::1 using 1:4 with linespoints lw 2 pt 5 title 'ping every 5 min', \
     '' every ::1 using 1:(100.0 * (\$1 - 1) / \$1) with lines dt 2 lc 'gray' title '(k-1)/k: all but one cold'
unset multiplot
GP
echo "wrote $out"
