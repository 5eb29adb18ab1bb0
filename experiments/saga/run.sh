#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# saga: the Just-Lambda article's trip-booking saga (Step Functions) under failure rates 0.1-20 % of its three
# reserving steps: bookings made, compensated, compensations run, latency, transitions and cost
# per booking; Standard against Express at the article's volume; what the article's "$340 -> $18 a
# month" switch to Express implies about the workflow.  Writes results/ (CSV, PNG).
# Needs a built slsim: $SLSIM, or build/slsim from ./quickstart run.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rates="0.001 0.01 0.05 0.1 0.2"

# row TYPE P RETRY H5: one CSV row about the run
row() {
  "$SLSIM" report --csv --table machines "$4" >"$tmp/m.csv"
  "$SLSIM" report --csv --table states "$4" >"$tmp/s.csv"
  "$SLSIM" report --csv --table cost "$4" >"$tmp/c.csv"
  "$SLSIM" report --csv --table sources "$4" >"$tmp/src.csv"
  awk -F, -v type="$1" -v p="$2" -v retry="$3" -v st="$tmp/s.csv" -v cost="$tmp/c.csv" -v src="$tmp/src.csv" '
    BEGIN {
      while ((getline l < st) > 0) { split(l, x, ","); entered[x[2]] = x[4] }
      while ((getline l < cost) > 0) { split(l, c, ","); if (c[1] != "service") bill += c[9]; if (c[1] == "stepfunctions") sfn += c[9] }
      while ((getline l < src) > 0) { split(l, s, ","); if (s[1] == "bookings") usd = s[26] }
    }
    NR == 2 {
      n = $3
      printf "%s,%s,%s,%d,%.4f,%.4f,%.4f,%.4f,%.1f,%.1f,%.3f,%.2f,%.2f,%.0f,%.0f\n", type, p, retry, n,
        entered["SendConfirmation"] / n, $8 / n, entered["CancelFlightReservation"] / n,
        entered["CancelHotelReservation"] / n, $10, $11, $14, $21 * 1e6, usd * 1e6, sfn, bill
    }' "$tmp/m.csv"
}
header="type,failure_rate,retry,executions,booked,compensated,cancel_flight,cancel_hotel,latency_p50_ms,latency_p99_ms,transitions_per_execution,sfn_usd_per_million,usd_per_million_bookings,sfn_usd_month,bill_usd_month"

echo "== (a) failure rates: Standard and Express, without and with a retry of each reservation"
{
  echo "$header"
  for type in standard express; do
    for retry in no yes; do
      for p in $rates; do
        args=()
        for f in reserve-flight reserve-hotel charge-payment; do args+=(--set "functions.$f.error_rate=$p"); done
        cfg=saga.cfg
        [ $type = express ] && cfg=express.cfg
        [ $retry = yes ] && cfg=${cfg%.cfg}-retry.cfg
        "$SLSIM" run "$here/$cfg" -o "$tmp/r.h5" --force --quiet "${args[@]}"
        row $type "$p" $retry "$tmp/r.h5"
      done
    done
  done
} | tee "$out/rates.csv" | column -s, -t

echo "== (b) the article's \$340 -> \$18: which workflows give both bills (closed form)"
# Standard: N executions of k transitions cost 0.000025 k N (4,000 free: negligible); Express:
# N (0.000001 + ceil(d / 0.1 s) x 0.1 s x 64 MB x 0.00001667).  With 340 and 18: N = 340 / (0.000025 k),
# then the duration d that makes the Express bill 18.
{
  echo "transitions_per_execution,executions_per_month,express_request_usd,express_duration_usd,duration_s"
  for k in 2 3 4 5 6 8 10 12 15 20; do
    awk -v k=$k 'BEGIN {
      n = 340 / (0.000025 * k); req = n * 0.000001; left = 18 - req
      if (left <= 0) { printf "%d,%.0f,%.2f,%.2f,none\n", k, n, req, left; exit }
      units = left / (n * 0.1 * 0.0625 * 0.00001667)
      printf "%d,%.0f,%.2f,%.2f,%.1f\n", k, n, req, left, units * 0.1 }'
  done
} | tee "$out/express-claim.csv" | column -s, -t

gnuplot <<GP
set terminal pngcairo size 1100,800 font 'DejaVu Sans,11' noenhanced
set output '$out/rates.png'
set datafile separator ','
set multiplot layout 2,1 title 'the Just-Lambda article trip-booking saga, 23 bookings a second for 1 h, against the failure rate of each reservation'
set logscale x
set grid
set xrange [0.0008:0.25]
set key center left
set ylabel 'share of executions'
plot '< grep "^standard,.*,no," $out/rates.csv' using 2:5 with linespoints lw 2 pt 7 lc 1 title 'booked (no retry)', \
     '' using 2:6 with linespoints lw 2 pt 5 lc 2 title 'compensated (no retry)', \
     '< grep "^standard,.*,yes," $out/rates.csv' using 2:5 with linespoints lw 2 pt 7 dt 2 lc 1 title 'booked (2 retries)', \
     '' using 2:6 with linespoints lw 2 pt 5 dt 2 lc 2 title 'compensated (2 retries)'
set ylabel 'USD per million bookings'
set xlabel 'failure rate of each reserving step (log scale)'
set key center right
plot '< grep "^standard,.*,no," $out/rates.csv' using 2:13 with linespoints lw 2 pt 7 lc 1 title 'Standard, all services', \
     '' using 2:12 with linespoints lw 2 pt 5 lc 3 title 'Standard, Step Functions only', \
     '< grep "^express,.*,no," $out/rates.csv' using 2:13 with linespoints lw 2 pt 7 dt 2 lc 1 title 'Express, all services', \
     '' using 2:12 with linespoints lw 2 pt 5 dt 2 lc 3 title 'Express, Step Functions only'
unset multiplot
GP
echo "wrote $out"
