#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# fan-out: the Just-Lambda article's "5GB CSV: single server 45 minutes, fan-out to 100 Lambdas: 27 seconds",
# by direct async invokes and through SQS (the poller ramp); the number of chunks up to the
# account limit and past it; the aggregator's wait; the cost of a run against "about $4.50 per
# nightly run".  Writes results/ (CSV, PNG).  Needs a built slsim: $SLSIM, or build/slsim.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jobs=${JOBS:-$(nproc)}
reps=20

# case NAME: its scenario and settings
case_args() {
  case $1 in
  direct) echo "$here/direct.cfg" ;;                      # Promise.all: 50 invokes in flight
  direct-sequential) echo "$here/direct.cfg --set functions.splitter.emits.[0].concurrency=1" ;;
  sqs) echo "$here/sqs.cfg" ;;                            # the Just-Lambda article's code: one message a request, in turn
  sqs-batched) echo "$here/sqs.cfg --set functions.splitter.emits.[0].batch=10 --set functions.splitter.emits.[0].concurrency=10" ;;
  sqs-legacy) echo "$here/sqs.cfg --set mappings.chunks-m.scaling=legacy" ;;
  esac
}
# chunks N: the splitter's fan-out and each chunk's share of the 2,700 s of work
chunks() { echo "--set functions.splitter.emits.[0].count=$1 --set functions.worker.duration.p50_s=$(awk -v n="$1" 'BEGIN { printf "%.6g", 2700 / n }')"; }

# ci H5: mean and 95 % half-width of the job time (s) and cost per run (USD), then rep 0's
# worker peak concurrency, cold starts, throttles and the join's spread (s)
ci() {
  "$SLSIM" report --csv --table ci "$1" | awk -F, '$NF == "source" && $3 == "completion_mean_ms" { t = $5 / 1000; th = $6 / 1000 }
    $NF == "source" && $3 == "cost_per_root_usd" { c = $5; ch = $6 }
    END { printf "%.2f,%.2f,%.4f,%.4f", t, th, c, ch }'
  "$SLSIM" report --csv "$1" | awk -F, '$1 == "worker" { printf ",%d,%d,%d", $22, $12, $9 }'
  "$SLSIM" report --csv --table joins "$1" | awk -F, 'NR == 2 { printf ",%.2f\n", $11 / 1000 }'
}
header="job_s,job_s_ci95,usd_per_run,usd_ci95,worker_peak_concurrency,worker_cold_starts,worker_throttles,join_spread_s"

echo "== (a) 100 chunks ($reps replications each)"
{
  echo "case,$header"
  for c in direct direct-sequential sqs sqs-batched sqs-legacy; do
    # shellcheck disable=SC2046
    "$SLSIM" run $(case_args $c) -o "$out/$c.h5" --force --quiet --reps $reps --jobs "$jobs"
    echo "$c,$(ci "$out/$c.h5")"
  done
} | tee "$out/100-chunks.csv" | column -s, -t
for c in direct sqs; do
  "$SLSIM" plot "$out/$c.h5" --what concurrency -o "$out/$c-concurrency.png" --force >/dev/null
done
rm -f "$out"/*.h5

echo "== (b) the number of chunks ($reps replications each)"
cases="direct sqs sqs-batched"
{
  printf "chunks,ideal_s"
  for c in $cases; do printf ",%s_job_s,%s_ci95,%s_usd,%s_peak,%s_throttles,%s_spread_s" $c $c $c $c $c $c; done
  echo
  for n in 10 20 50 100 200 500 1000 2000 5000; do
    row="$n,$(awk -v n=$n 'BEGIN { printf "%.2f", 2700 / n }')"
    for c in $cases; do
      # shellcheck disable=SC2046
      "$SLSIM" run $(case_args $c) -o "$tmp/r.h5" --force --quiet --reps $reps --jobs "$jobs" $(chunks $n)
      row="$row,$(ci "$tmp/r.h5" | awk -F, '{ print $1 "," $2 "," $3 "," $5 "," $7 "," $8 }')"
    done
    echo "$row"
  done
} | tee "$out/chunks.csv" | column -s, -t
gnuplot <<GP
set terminal pngcairo size 1100,850 font 'DejaVu Sans,11' noenhanced
set output '$out/chunks.png'
set datafile separator ','
set multiplot layout 2,1 title 'one 5 GB file: 2,700 s of work in N chunks (mean of $reps runs, 95 % intervals)'
set logscale xy
set grid
set key top right
set xrange [8:6000]
set format x ''
set ylabel 'job time (s): upload -> aggregated'
plot '$out/chunks.csv' every ::1 using 1:2 with lines dt 2 lw 2 lc 'gray' title 'ideal: 2,700 s / N', \
     '' every ::1 using 1:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'direct async invokes, 50 in flight', \
     '' every ::1 using 1:9:10 with yerrorlines lw 2 pt 5 lc 2 title 'SQS, the Just-Lambda article code (1 message a request, in turn)', \
     '' every ::1 using 1:15:16 with yerrorlines lw 2 pt 9 lc 3 title 'SQS, batches of 10, 10 requests in flight'
set format x '%g'
set xlabel 'chunks N (log scale)'
set ylabel 'peak concurrent workers'
set yrange [8:2500]
set key bottom right
plot '$out/chunks.csv' every ::1 using 1:6 with linespoints lw 2 pt 7 lc 1 title 'direct', \
     '' every ::1 using 1:12 with linespoints lw 2 pt 5 lc 2 title 'SQS, the Just-Lambda article code', \
     '' every ::1 using 1:18 with linespoints lw 2 pt 9 lc 3 title 'SQS, batched', \
     1000 with lines dt 2 lw 1 lc 'black' title 'account concurrency limit'
unset multiplot
GP
echo "== (c) the same job as a Step Functions Map, 100 chunks ($reps replications each)"
{
  echo "mode,max_concurrency,job_s,job_s_ci95,usd_per_run,usd_ci95,worker_peak_concurrency,worker_cold_starts,worker_throttles,transitions"
  for mode in inline distributed; do
    for m in 10 40 100 1000; do
      "$SLSIM" run "$here/map.cfg" -o "$tmp/r.h5" --force --quiet --reps $reps --jobs "$jobs" \
        --set "state_machines.file-map.states.Chunks.mode=$mode" \
        --set "state_machines.file-map.states.Chunks.max_concurrency=$m"
      printf "%s,%s," $mode $m
      "$SLSIM" report --csv --table ci "$tmp/r.h5" | awk -F, '$NF == "source" && $3 == "completion_mean_ms" { t = $5 / 1000; th = $6 / 1000 }
        $NF == "source" && $3 == "cost_per_root_usd" { c = $5; ch = $6 }
        END { printf "%.2f,%.2f,%.4f,%.4f", t, th, c, ch }'
      "$SLSIM" report --csv "$tmp/r.h5" | awk -F, '$1 == "worker" { printf ",%d,%d,%d", $22, $12, $9 }'
      "$SLSIM" report --csv --table machines "$tmp/r.h5" | awk -F, 'NR == 2 { printf ",%.0f\n", $14 }'
    done
  done
} | tee "$out/map.csv" | column -s, -t
echo "wrote $out"
