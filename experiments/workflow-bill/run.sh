#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# workflow-bill: what it takes to turn the Just-Lambda article's API (2 M requests a day, ~$257 a month on
# Lambda behind an HTTP API: configs/api-steady.cfg) into its "$20,400 a month": one lever at a
# time — Step Functions transitions per request, memory, provisioned concurrency, NAT data,
# log volume — each swept with slsim and the value that reaches $20,400 read off.  Writes
# results/ (CSV, PNG).  Needs a built slsim: $SLSIM, or build/slsim from ./quickstart run.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jobs=${JOBS:-$(nproc)}
api="$top/configs/api-steady.cfg"
target=20400

# sweep LEVER SCALE SCENARIO KEY VALUES [--set ...]: lever,value,bill rows (value x SCALE: a
# lever in its own unit)
sweep() {
  local lever=$1 scale=$2 cfg=$3 key=$4 values=$5
  shift 5
  "$SLSIM" sweep "$cfg" --vary "$key=$values" --jobs "$jobs" -o "$tmp/s.h5" --force --quiet "$@"
  "$SLSIM" report --csv --table ci "$tmp/s.h5" |
    awk -F, -v lever="$lever" -v scale="$scale" '$NF == "bill" && $4 == "usd_per_month" { printf "%s,%g,%.0f\n", lever, $2 * scale, $6 }'
}

echo "== (a) one lever at a time (each point one simulated hour, the bill projected to 30 days)"
{
  echo "lever,value,bill_usd_month"
  # an execution makes 2 + n transitions (the task, the Map, n Pass states)
  sweep transitions_per_request 1 "$here/workflow.cfg" state_machines.request-flow.states.Steps.items \
    0,2,4,6,8,10,11,12,14,18 | awk -F, -v OFS=, '{ $2 = $2 + 2; print }'
  sweep memory_mb 1 "$api" functions.api.memory_mb 1024,2048,4096,6144,8192,10240
  sweep provisioned_concurrency 1 "$api" functions.api.provisioned_concurrency 0,250,500,1000,1500,2000,2500 \
    --set account.concurrency_limit=5000 --set functions.api.reserved_concurrency=3000
  sweep nat_mb_per_request 0.0009765625 "$api" functions.api.per_invocation.nat_kb 0,1024,2048,4096,6144,8192 \
    --set nat_gateways=1
  sweep log_kb_per_request 1 "$api" functions.api.per_invocation.log_kb 0.3,100,200,400,800,1600,3200
} | tee "$out/levers.csv" | column -s, -t

echo "== (b) where each lever reaches \$$target a month (linear between the points around it)"
{
  echo "lever,value_at_target"
  awk -F, -v t=$target 'NR > 1 {
      if ($1 == lever && pb < t && $3 >= t) printf "%s,%.1f\n", $1, pv + (t - pb) * ($2 - pv) / ($3 - pb)
      if ($1 != lever && lever != "" && !done[lever]++ && pb < t) printf "%s,beyond %g\n", lever, pv
      if ($1 == lever && pb < t && $3 >= t) done[lever] = 1
      lever = $1; pv = $2; pb = $3 }
    END { if (!done[lever] && pb < t) printf "%s,beyond %g\n", lever, pv }' "$out/levers.csv"
} | tee "$out/at-target.csv" | column -s, -t

echo "== (c) a mix: 5 transitions a request, 400 provisioned environments, 2 MB through NAT, 100 KB of logs"
"$SLSIM" run "$here/workflow.cfg" -o "$tmp/mix.h5" --force --quiet --set state_machines.request-flow.states.Steps.items=3 \
  --set functions.api.provisioned_concurrency=400 --set functions.api.per_invocation.nat_kb=2048 \
  --set functions.api.per_invocation.log_kb=100 --set nat_gateways=1
{
  echo "service,usd_month"
  "$SLSIM" report --csv --table cost "$tmp/mix.h5" | awk -F, 'NR > 1 { s[$1] += $9; t += $9 } END { for (k in s) printf "%s,%.0f\n", k, s[k]; printf "total,%.0f\n", t }' | sort
} | tee "$out/mix.csv" | column -s, -t

gnuplot <<GP
set terminal pngcairo size 1100,850 font 'DejaVu Sans,11' noenhanced
set output '$out/levers.png'
set datafile separator ','
set multiplot layout 2,2 title "the Just-Lambda article's API, 2 M requests a day: the monthly bill against one lever at a time (dashed: $target USD)"
set grid
set key off
set ylabel 'USD a month'
set yrange [0:26000]
set xlabel 'Step Functions Standard transitions per request'
plot '< grep ^transitions $out/levers.csv' using 2:3 with linespoints lw 2 pt 7 lc 1, $target with lines dt 2 lc 'black'
set xlabel 'memory (MB), handlers 30 % CPU-bound'
plot '< grep ^memory $out/levers.csv' using 2:3 with linespoints lw 2 pt 7 lc 2, $target with lines dt 2 lc 'black'
set xlabel 'provisioned concurrency (1,024 MB environments)'
plot '< grep ^provisioned $out/levers.csv' using 2:3 with linespoints lw 2 pt 7 lc 3, $target with lines dt 2 lc 'black'
set xlabel 'NAT gateway data per request (MB)'
plot '< grep ^nat $out/levers.csv' using 2:3 with linespoints lw 2 pt 7 lc 4, $target with lines dt 2 lc 'black'
unset multiplot
GP
echo "wrote $out"
