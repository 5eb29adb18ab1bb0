#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# anti-patterns: the Just-Lambda article's synchronous chain (Lambda calling Lambda: double billing, the sum of
# latencies, cascading failures and throttles) against its "good" async chain with queues, and
# an async chain with no dead-letter queue that loses events.  Writes results/ (CSV, PNG).
# Needs a built slsim: $SLSIM, or build/slsim from ./quickstart run.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jobs=${JOBS:-$(nproc)}
chains="sync queues async"
no_outage=(--set 'downstreams.partner.outages.[0].lasting_s=0')

# row NAME H5: one CSV row of the source's root requests, the bill and the dead letters
row() { echo "$1,$(root_summary "$2" '^(dlq|d-failed)$')"; }
header="chain,requests,ok,failed,to_dlq,response_p50_ms,response_p99_ms,completion_p50_ms,completion_p99_ms,completion_mean_ms,completion_max_s,invocations_per_request,gb_s_per_request,usd_per_million,lambda_usd_month,bill_usd_month,dead_letters"

echo "== (a) 200 requests a second, nothing fails"
{
  echo "$header"
  for c in $chains; do
    "$SLSIM" run "$here/$c.cfg" -o "$tmp/r.h5" --force --quiet "${no_outage[@]}"
    row "$c" "$tmp/r.h5"
  done
} | tee "$out/normal.csv" | column -s, -t

echo "== (b) the partner API behind d down from 10 to 15 min"
{
  echo "$header"
  for c in $chains async-dlq; do
    extra=()
    [ $c = async-dlq ] && extra=(--set functions.d.on_failure=d-failed)
    "$SLSIM" run "$here/${c%-dlq}.cfg" -o "$out/outage-$c.h5" --force --quiet "${extra[@]}"
    row "$c" "$out/outage-$c.h5"
  done
} | tee "$out/outage.csv" | column -s, -t
for c in $chains; do
  "$SLSIM" plot "$out/outage-$c.h5" --what roots -o "$out/outage-$c-roots.png" --force >/dev/null
done
"$SLSIM" plot "$out/outage-sync.h5" --what concurrency -o "$out/outage-sync-concurrency.png" --force >/dev/null
rm -f "$out"/outage-*.h5

echo "== (c) load: requests a second against the 1,000 account concurrency (5 min each, 5 replications)"
rates=200,400,600,800,900,1000,1200,1600,2000,2500
{
  echo "chain,rate_per_s,failed_share,failed_share_ci95,response_p99_ms,a_throttled,b_throttled"
  for c in $chains; do
    "$SLSIM" sweep "$here/$c.cfg" --vary sources.users.arrival.rate_per_s=$rates --reps 5 --jobs "$jobs" \
      --set duration_min=5.0 "${no_outage[@]}" -o "$tmp/s.h5" --force --quiet
    "$SLSIM" report --csv --table ci "$tmp/s.h5" | awk -F, -v c=$c '
      $NF == "source" && $4 == "roots" { roots[$2] = $6 }
      $NF == "source" && $4 == "roots_failed" { f[$2] = $6; fh[$2] = $7 }
      $NF == "source" && $4 == "response_p99_ms" { p99[$2] = $6 }
      $NF == "function" && $3 == "a" && $4 == "throttled" { ta[$2] = $6 }
      $NF == "function" && $3 == "b" && $4 == "throttled" { tb[$2] = $6 }
      END { for (r in roots) printf "%s,%s,%.5f,%.5f,%.1f,%.0f,%.0f\n", c, r, f[r] / roots[r], fh[r] / roots[r], p99[r], ta[r], tb[r] }' |
      sort -t, -k2,2n
  done
} | tee "$out/load.csv" | column -s, -t
gnuplot <<GP
set terminal pngcairo size 1000,600 font 'DejaVu Sans,11' noenhanced
set output '$out/load.png'
set datafile separator ','
set title 'requests that fail against load: the 1,000 account concurrency (5 min from cold, mean of 5 runs)'
set grid
set key top left
set xlabel 'requests a second'
set ylabel 'share of requests that fail (%)'
set yrange [0:*]
plot '< grep ^sync, $out/load.csv' using 2:(100 * \$3):(100 * \$4) with yerrorlines lw 2 pt 7 lc 1 title 'synchronous chain (each request holds 4 environments)', \
     '< grep ^queues, $out/load.csv' using 2:(100 * \$3):(100 * \$4) with yerrorlines lw 2 pt 5 lc 2 title 'through queues', \
     '< grep ^async, $out/load.csv' using 2:(100 * \$3):(100 * \$4) with yerrorlines lw 2 pt 9 lc 3 title 'async invokes'
GP
echo "wrote $out"
