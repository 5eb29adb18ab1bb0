#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# platforms: the same four workloads (the articles' 23 req/s API, a spiky API, a request every 10
# minutes, a CPU-heavy function) on AWS Lambda, Cloud Run with 1, 10 and 80 requests per instance,
# Azure Functions Flex Consumption and Lambda Managed Instances: cold starts felt, latency,
# instances, the monthly bill; and per-instance concurrency swept on Cloud Run (the teaching
# figure).  Writes results/*.csv and results/*.png.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# platform name -> the --set arguments that put the function there (sizes: README)
declare -A P=(
  [lambda]="platform=aws-lambda functions.api.memory_mb=1769"
  [run-c1]="platform=gcp-cloud-run functions.api.memory_mb=1024 functions.api.instance_concurrency=1"
  [run-c10]="platform=gcp-cloud-run functions.api.memory_mb=1024 functions.api.instance_concurrency=10"
  [run-c80]="platform=gcp-cloud-run functions.api.memory_mb=1024 functions.api.instance_concurrency=80"
  [flex]="platform=azure-functions-flex"
  [lmi]="platform=aws-lambda-managed-instances functions.api.provisioned_concurrency=3 functions.api.capacity_provider=cp"
)
# Managed Instances run on a capacity provider: m7i.large instances (2 vCPUs, 8 GiB: two of the
# preset's 1-vCPU, 4-GiB environments each), AWS's default 3 from the start
provider='capacity_providers = ( { name = "cp"; instance_type = "m7i.large"; min_instances = 3; } );'

order="lambda run-c1 run-c10 run-c80 flex lmi"

# cell CFG PLATFORM_SETS... -> one CSV line: requests, cold waits %, p50, p99, mean instances,
# mean requests in service, throttled, USD per month (the function's lines of the bill)
# (a function on a capacity provider: its instances' lines of the bill added, and "instances" are
# its environments)
cell() {
  local cfg=$1
  shift
  local sets=()
  for s in "$@"; do sets+=(--set "$s"); done
  cp "$here/$cfg.cfg" "$tmp/$cfg.cfg"
  case "$*" in *capacity_provider*) echo "$provider" >>"$tmp/$cfg.cfg" ;; esac
  "$SLSIM" run "$tmp/$cfg.cfg" -o "$tmp/r.h5" --force --quiet "${sets[@]}"
  "$SLSIM" report --csv --table cost "$tmp/r.h5" >"$tmp/cost.csv"
  "$SLSIM" report --csv "$tmp/r.h5" | awk -F, -v cost="$tmp/cost.csv" '
    BEGIN { while ((getline l < cost) > 0) { split(l, x, ","); if (x[4] == "capacity") cap += x[9] } }
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    NR == 2 { printf "%d,%.3f,%.1f,%.1f,%.2f,%.2f,%d,%.2f\n", $c["requests"], $c["cold_wait_pct"], $c["p50_ms"],
              $c["p99_ms"], $c["mean_instances"], $c["mean_concurrency"], $c["throttled"], $c["cost_usd"] + cap }'
}

csv=$out/platforms.csv
echo "workload,platform,requests,cold_wait_pct,p50_ms,p99_ms,mean_instances,mean_in_service,throttled,usd_month" >"$csv"
for w in api spiky low cpu; do
  for p in $order; do
    # shellcheck disable=SC2086
    echo "$w,$p,$(cell $w ${P[$p]})" >>"$csv"
  done
done
echo "== platforms (bill: the function's compute and requests, per 30-day month, free tiers off)"
column -s, -t "$csv"

# ---- per-instance concurrency on Cloud Run: 1..320, with the autoscaler's 60 % target and
# without it (requests packed up to C) ----
sweep=$out/concurrency.csv
echo "workload,target,c,requests,cold_wait_pct,p50_ms,p99_ms,mean_instances,mean_in_service,throttled,usd_month" >"$sweep"
for w in spiky cpu; do
  for t in 0.6 1.0; do
    for c in 1 2 4 8 16 32 80 160 320; do
      echo "$w,$t,$c,$(cell $w platform=gcp-cloud-run functions.api.memory_mb=1024 \
        functions.api.instance_concurrency=$c functions.api.scale_target=$t)" >>"$sweep"
    done
  done
done
echo "== Cloud Run, per-instance concurrency swept"
column -s, -t "$sweep"

# ---- figures (one file per workload and per sweep line, so gnuplot reads plain columns) ----
for w in api spiky low cpu; do
  awk -F, -v w=$w '$1 == w' "$csv" >"$tmp/w-$w.csv"
  for t in 0.6 1.0; do awk -F, -v w=$w -v t=$t '$1 == w && $2 == t' "$sweep" >"$tmp/s-$w-$t.csv"; done
done
gnuplot -e "d='$tmp'; o='$out/platforms.png'" - <<'GP'
set terminal pngcairo size 1400,900 font "Sans,10"
set output o
set datafile separator ","
set multiplot layout 2,2 title "The same workloads on six platform settings (bill: the function's compute and requests, and lmi's EC2 instances; 30-day month)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set xtics scale 0
set key top left font ",9" box opaque
set logscale y
f(w) = sprintf("%s/w-%s.csv", d, w)
set title "cold starts felt or throttled (% of requests; 0 drawn at 0.001)"
set ylabel "%"
set yrange [0.001:1000]
plot for [w in "api spiky low cpu"] f(w) using ($4 + 100.0 * $9 / $3 > 0 ? $4 + 100.0 * $9 / $3 : 0.001):xtic(2) title w
set title "p99 latency"
set ylabel "ms"
set yrange [100:100000]
plot for [w in "api spiky low cpu"] f(w) using 6:xtic(2) title w
set title "instances alive (time-average; lmi: environments)"
set ylabel "instances"
set yrange [0.1:1000]
plot for [w in "api spiky low cpu"] f(w) using 7:xtic(2) title w
set title "monthly bill"
set ylabel "USD per month"
set yrange [0.01:10000]
plot for [w in "api spiky low cpu"] f(w) using 10:xtic(2) title w
unset multiplot
GP

gnuplot -e "d='$tmp'; o='$out/concurrency.png'" - <<'GP'
set terminal pngcairo size 1500,560 font "Sans,10"
set output o
set datafile separator ","
set multiplot layout 1,3 title "Cloud Run, 1 vCPU: requests per instance C from 1 to 320, the spiky API (30 % CPU) and a CPU-heavy function (90 %)"
set logscale x
set xrange [0.8:400]
set xlabel "requests per instance (C)"
set grid
set key below font ",9"
set style data linespoints
s(w, t) = sprintf("%s/s-%s-%s.csv", d, w, t)
set title "cold starts felt"
set ylabel "% of invocations"
set yrange [0:*]
plot s("spiky", "0.6") using 3:5 title "spiky API, autoscaler (60 %, 1 min)" lw 2 pt 7,      s("spiky", "1.0") using 3:5 title "spiky API, packed to C" lw 2 dt 2 pt 6,      s("cpu", "0.6") using 3:5 title "CPU-heavy, autoscaler (60 %, 1 min)" lw 2 pt 5,      s("cpu", "1.0") using 3:5 title "CPU-heavy, packed to C" lw 2 dt 2 pt 4
set title "p99 latency"
set ylabel "ms"
set logscale y
set yrange [300:100000]
plot s("spiky", "0.6") using 3:7 title "spiky API, autoscaler (60 %, 1 min)" lw 2 pt 7,      s("spiky", "1.0") using 3:7 title "spiky API, packed to C" lw 2 dt 2 pt 6,      s("cpu", "0.6") using 3:7 title "CPU-heavy, autoscaler (60 %, 1 min)" lw 2 pt 5,      s("cpu", "1.0") using 3:7 title "CPU-heavy, packed to C" lw 2 dt 2 pt 4
set title "monthly bill"
set ylabel "USD per month"
unset logscale y
set yrange [0:*]
plot s("spiky", "0.6") using 3:11 title "spiky API, autoscaler (60 %, 1 min)" lw 2 pt 7,      s("spiky", "1.0") using 3:11 title "spiky API, packed to C" lw 2 dt 2 pt 6,      s("cpu", "0.6") using 3:11 title "CPU-heavy, autoscaler (60 %, 1 min)" lw 2 pt 5,      s("cpu", "1.0") using 3:11 title "CPU-heavy, packed to C" lw 2 dt 2 pt 4
unset multiplot
GP
echo "wrote $out/platforms.csv $out/concurrency.csv $out/platforms.png $out/concurrency.png"
