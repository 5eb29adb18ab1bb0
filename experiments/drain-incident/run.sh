#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the drain-incident study and draws its figures: the incident, the fix, a sweep of
# maximum_concurrency and a one-at-a-time sensitivity analysis.  Writes results/ (CSV, HDF5,
# PNG).  Needs a built slsim: $SLSIM, or build/slsim from ./quickstart run.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
cfg=$here/incident.cfg
map=mappings.orders-consumer

# run NAME [--set KEY=VALUE]...: simulate, then print one CSV row of the figures we report
run() {
  name=$1; shift
  "$SLSIM" run "$cfg" -o "$out/$name.h5" --force --quiet "$@"
  q=$("$SLSIM" report --csv --table queues "$out/$name.h5" | awk -F, 'NR == 2')
  d=$("$SLSIM" report --csv --table downstreams "$out/$name.h5" | awk -F, 'NR == 2')
  rm -f "$out/$name.h5.keep"
  echo "$q" | awk -F, -v d="$d" -v n="$name" 'BEGIN { split(d, x, ",") } {
    # name, drain_s, peak_connections, collapses, down_s, failed_calls, redelivered, dlq, e2e_p99_s, peak_mapping
    printf "%s,%.1f,%d,%d,%.0f,%d,%d,%d,%.1f,%d\n", n, $23, x[8], x[6], x[7], x[4], $8 - $4 - $5, $5, $15 / 1000, $28 }'
}
header="case,drain_s,peak_connections,collapses,down_s,failed_calls,redelivered_messages,dlq_messages,e2e_p99_s,peak_mapping_concurrency"

echo "== (a) the incident and (b) the fix"
{
  echo "$header"
  run incident
  run fix-max-concurrency-50 --set $map.maximum_concurrency=50
} | tee "$out/incident-vs-fix.csv"
"$SLSIM" plot "$out/incident.h5" --what queue --what downstream -o "$out/incident.png" --force >/dev/null
"$SLSIM" plot "$out/fix-max-concurrency-50.h5" --what queue --what downstream -o "$out/fix.png" --force >/dev/null

echo "== (c) sweep of maximum_concurrency"
{
  echo "maximum_concurrency,${header#case,}"
  for mc in 2 5 10 20 30 40 50 60 80 100 150 200 300 400 500 600 650 700 800 1000; do
    run "sweep-$mc" --set $map.maximum_concurrency=$mc | sed "s/^sweep-$mc,/$mc,/"
    rm -f "$out/sweep-$mc.h5"
  done
} | tee "$out/sweep.csv"
gnuplot <<GP
set terminal pngcairo size 1100,800 font 'DejaVu Sans,11' noenhanced
set output '$out/sweep.png'
set datafile separator ','
set multiplot layout 2,1 title 'draining 50,000 messages vs the mapping maximum_concurrency (incident.cfg)'
set logscale x
set grid
set xrange [1.5:1300]
set key top left
set ylabel 'drain time (s)'
set yrange [0:*]
set format x ''
set arrow 1 from 650, graph 0 to 650, graph 1 nohead dt 3 lc 'gray'
plot '$out/sweep.csv' every ::1 using 1:2 with linespoints lw 2 pt 7 title 'drain time'
set format x '%g'
set xlabel 'maximum_concurrency (log scale; the API collapses above 650 connections, dotted)'
set ylabel 'peak connections to the API'
set y2label 'messages'
set ytics nomirror
set y2tics
set y2range [0:*]
set key top left
plot '$out/sweep.csv' every ::1 using 1:3 with linespoints lw 2 pt 5 title 'peak connections (left)', \
     '' every ::1 using 1:7 axes x1y2 with linespoints lw 2 pt 9 title 'messages redelivered after a failed batch (right)', \
     '' every ::1 using 1:8 axes x1y2 with linespoints lw 2 pt 11 title 'messages sent to the DLQ (right)'
unset multiplot
GP

echo "== (d) sensitivity: one assumption at a time, no maximum_concurrency"
{
  echo "$header"
  run baseline
  run scaling-legacy --set $map.scaling=legacy
  run batch-size-1 --set $map.batch_size=1
  run batch-size-100 --set $map.batch_size=100 --set $map.batching_window_s=1.0
  run per-message-100ms --set functions.consumer.per_message.p50_ms=100.0 --set functions.consumer.per_message.p99_ms=400.0
  run api-capacity-200 --set downstreams.partner-api.capacity=200
  run api-latency-50ms --set downstreams.partner-api.latency.p50_ms=50.0 --set downstreams.partner-api.latency.p99_ms=200.0
  run account-limit-400 --set account.concurrency_limit=400
  run max-receive-count-2 --set queues.orders.max_receive_count=2
  run recovery-30min --set downstreams.partner-api.collapse.recovery_min=30.0
} | tee "$out/sensitivity.csv"
echo "== (e) replications around the threshold: 20 per value, common random numbers, 95 % intervals"
"$SLSIM" sweep "$cfg" --vary $map.maximum_concurrency=200,400,600,640,660,700,1000 --reps 20 \
  --jobs "${JOBS:-$(nproc)}" -o "$out/replicated.h5" --force --quiet
"$SLSIM" report --csv --table ci "$out/replicated.h5" >"$out/replicated-ci.csv"
"$SLSIM" plot "$out/replicated.h5" --what sweep --entity orders --metric drain_time_s -o "$out/replicated-drain.png" --force >/dev/null
# per value: drain time, timed-out batches per run, API collapse (share of runs), failed calls, bill
grep -E ',(orders|consumer|partner-api|bill),(drain_time_s|inv_timeouts|collapses|failed_calls|usd_per_month),' \
  "$out/replicated-ci.csv" | awk -F, '
  { k = $1; mc[k] = $2; v[k, $4] = $6; h[k, $4] = $7; n = k + 1 > n ? k + 1 : n }
  END {
    print "maximum_concurrency,drain_s,drain_ci95,timed_out_batches_per_run,api_collapsed_share,failed_calls,failed_calls_ci95,usd_per_month,usd_ci95"
    for (k = 0; k < n; k++)
      printf "%s,%.1f,%.1f,%.2f,%.2f,%.0f,%.0f,%.2f,%.2f\n", mc[k], v[k, "drain_time_s"], h[k, "drain_time_s"], \
        v[k, "inv_timeouts"], v[k, "collapses"], v[k, "failed_calls"], h[k, "failed_calls"], v[k, "usd_per_month"], h[k, "usd_per_month"]
  }' | tee "$out/replicated.csv"
rm -f "$out/replicated.h5"

for f in "$out"/*.h5; do case $f in */incident.h5|*/fix-max-concurrency-50.h5) ;; *) rm -f "$f" ;; esac; done
echo "wrote $out"
