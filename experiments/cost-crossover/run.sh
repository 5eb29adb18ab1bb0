#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# cost-crossover: monthly cost vs daily volume for Lambda (alone, + API Gateway, + NAT) and
# always-on alternatives, steady and bursty; the crossover points; and the practitioner articles' worked cost
# examples re-computed.  Writes results/*.csv and results/crossover.png.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- 1. monthly cost vs requests per day ----
volumes="1e3 3e3 1e4 3e4 1e5 3e5 1e6 3e6 1e7 3e7 1e8"
for shape in steady bursty; do
  csv=$out/crossover-$shape.csv
  echo "per_day,lambda,lambda_apigw,lambda_apigw_nat,vps_cx22,vps_cx42,ec2_peak,ec2_auto,fargate_peak,fargate_auto,peak_rps,cold_pct,throttled" >"$csv"
  for v in $volumes; do
    if [ $shape = steady ]; then
      set_rate=(--set "sources.users.arrival.rate_per_day=$v")
    else # the whole day in the first hour
      set_rate=(--set "sources.users.arrival.rate_per_s=$(awk -v v="$v" 'BEGIN { printf "%.6f", v / 3600 }')")
    fi
    "$SLSIM" run "$here/$shape.cfg" -o "$tmp/r.h5" --force --quiet "${set_rate[@]}"
    "$SLSIM" report --csv --table cost "$tmp/r.h5" >"$tmp/cost.csv"
    "$SLSIM" report --csv --table alternatives "$tmp/r.h5" >"$tmp/alt.csv"
    "$SLSIM" report --csv "$tmp/r.h5" >"$tmp/fn.csv"
    awk -F, -v v="$v" -v alt="$tmp/alt.csv" -v fn="$tmp/fn.csv" '
      BEGIN {
        while ((getline l < alt) > 0) { split(l, a, ","); usd[a[1] "/" a[3]] = a[12]; if (a[5] + 0 > peak) peak = a[5] }
        getline l < fn; getline l < fn; split(l, f, ",")  # functions CSV: cold_start_pct is column 13, throttled 8
        cold = f[13]; thr = f[8]
      }
      NR > 1 { s[$1] += $9 }
      END {
        lam = s["lambda"] + s["cloudwatch"]
        printf "%g,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.2f,%s,%s\n", v, lam, lam + s["apigateway"],
          lam + s["apigateway"] + s["nat"], usd["vps-cx22/peak"], usd["vps-cx42/peak"], usd["ec2-c6g.large/peak"],
          usd["ec2-c6g.large/autoscaled"], usd["fargate-0.5vcpu/peak"], usd["fargate-0.5vcpu/autoscaled"], peak, cold, thr
      }' "$tmp/cost.csv" >>"$csv"
  done
  echo "== $shape (USD per 30-day month)"
  column -s, -t "$csv"
done

# crossover: the volume where Lambda's bill meets the alternative's, interpolated on log-log
# axes between the two volumes that bracket it
echo "shape,serverless,alternative,crossover_per_day" >"$out/crossover-points.csv"
for shape in steady bursty; do
  awk -F, -v shape=$shape '
    NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
    { n++; for (i = 1; i <= NF; i++) x[n, i] = $i }
    END {
      for (s = 2; s <= 4; s++) for (a = 5; a <= 10; a++) {
        c = "none up to 1e8"
        for (k = 2; k <= n; k++) {
          d0 = log(x[k-1, s]) - log(x[k-1, a]); d1 = log(x[k, s]) - log(x[k, a])
          if (d0 < 0 && d1 >= 0) {
            t = d0 / (d0 - d1)
            c = sprintf("%.0f", exp(log(x[k-1, 1]) + t * (log(x[k, 1]) - log(x[k-1, 1])))); break
          }
          if (k == 2 && d0 >= 0) { c = "below 1e3"; break }
        }
        printf "%s,%s,%s,%s\n", shape, h[s], h[a], c
      }
    }' "$out/crossover-$shape.csv" >>"$out/crossover-points.csv"
done
echo "== crossover points (requests/day where serverless becomes dearer)"
column -s, -t "$out/crossover-points.csv"

gnuplot <<GP
set terminal pngcairo size 1400,560 font "Sans,10"
set output "$out/crossover.png"
set datafile separator ","
set logscale xy
set xrange [1e3:1e8]
set format x "10^{%L}"
set format y "\$%g"
set xlabel "requests per day"
set ylabel "USD per 30-day month"
set key top left box opaque font ",9"
set grid
set multiplot layout 1,2
do for [shape in "steady bursty"] {
  set title sprintf("%s traffic (the When-It-Makes-Sense article's API: 256 MB, mean 200 ms)", shape)
  f = sprintf("$out/crossover-%s.csv", shape)
  plot f using 1:2 with linespoints lw 2 pt 7 title "Lambda", \
       f using 1:3 with linespoints lw 2 pt 5 title "Lambda + HTTP API", \
       f using 1:4 with linespoints lw 2 pt 9 title "Lambda + HTTP API + NAT", \
       f using 1:5 with lines dt 2 lw 2 title "VPS CX22 (peak)", \
       f using 1:6 with lines dt 3 lw 2 title "VPS CX42 (peak)", \
       f using 1:7 with lines dt 4 lw 2 title "EC2 c6g.large (peak)", \
       f using 1:8 with lines dt 1 lw 1 title "EC2 c6g.large (autoscaled)", \
       f using 1:9 with lines dt 5 lw 2 title "Fargate 0.5 vCPU (peak)", \
       f using 1:10 with lines dt 1 lw 1 title "Fargate 0.5 vCPU (autoscaled)"
}
unset multiplot
GP
echo "wrote $out/crossover.png"

# ---- 2. the practitioner articles' worked examples ----
# id | what the article prices | seed USD | N per 7.2 h (month / 100) | memory | arch | ms | gateway | free tier | PC | items summed
ex=$out/seed-examples.csv
echo "id,example,seed_usd,slsim_usd,difference_pct" >"$ex"
while IFS='|' read -r id what seed n mem arch ms gw ft pc items; do
  [ -z "$id" ] && continue
  "$SLSIM" run "$here/examples.cfg" -o "$tmp/e.h5" --force --quiet --set "sources.calls.arrival.count=$n" \
    --set "functions.fn.memory_mb=$mem" --set "functions.fn.arch=$arch" --set "functions.fn.duration.value_ms=$ms" \
    --set "sources.calls.api_gateway=$gw" --set "free_tier=$ft" --set "functions.fn.provisioned_concurrency=$pc"
  "$SLSIM" report --csv --table cost "$tmp/e.h5" >"$tmp/e.csv"
  awk -F, -v id="$id" -v what="$what" -v seed="$seed" -v items="$items" '
    BEGIN { n = split(items, it, " "); for (i = 1; i <= n; i++) want[it[i]] = 1 }
    NR > 1 && ($2 in want || ($1 "/" $2) in want || $1 in want) { usd += $9 }
    END { printf "%s,\"%s\",%.2f,%.2f,%+.1f\n", id, what, seed, usd, seed ? 100 * (seed - usd) / usd : 0 }' "$tmp/e.csv" >>"$ex"
done <<'ROWS'
000-w1-apigw|W1 1k/day: API Gateway HTTP 30k requests|0.03|300|256|x86_64|100|http|false|0|apigateway
000-w1-lambda|W1 1k/day: Lambda 256 MB 100 ms 30k invocations|0.01|300|256|x86_64|100|none|false|0|lambda
000-w2-apigw|W2 100k/day: API Gateway HTTP 3 M|3.00|30000|512|x86_64|200|http|false|0|apigateway
000-w2-requests|W2 100k/day: Lambda 512 MB 200 ms 3 M invocations (requests)|1.88|30000|512|x86_64|200|none|false|0|requests
000-w2-compute|W2 100k/day: Lambda compute 300k GB-s|5.00|30000|512|x86_64|200|none|false|0|duration-x86_64 init-x86_64
000-w3-apigw|W3 2M/day: API Gateway 60 M|60.00|600000|1024|x86_64|150|http|false|0|apigateway
000-w3-requests|W3 2M/day: Lambda requests 60 M|12.00|600000|1024|x86_64|150|none|false|0|requests
000-w3-compute|W3 2M/day: Lambda compute 9 M GB-s|150.03|600000|1024|x86_64|150|none|false|0|duration-x86_64 init-x86_64
000-w4-spike|W4 bursty: 500 concurrent for 1 h a day (128 MB; 1 s each)|45.00|540000|128|x86_64|1000|none|false|0|lambda
000-pc|PC: 10 x 512 MB warm all month|55.00|1|512|x86_64|100|none|false|10|provisioned-concurrency
002-calc|calculator: 100k/day 200 ms 256 MB|8.64|30000|256|x86_64|200|none|false|0|lambda
002-t10k|table: 10k/day|0.86|3000|256|x86_64|200|none|false|0|lambda
002-t500k|table: 500k/day|43.20|150000|256|x86_64|200|none|false|0|lambda
002-t1m|table: 1M/day|86.40|300000|256|x86_64|200|none|false|0|lambda
002-t5m|table: 5M/day|432.00|1500000|256|x86_64|200|none|false|0|lambda
002-pc|~$15/month per provisioned unit (512 MB)|15.00|1|512|x86_64|100|none|false|1|provisioned-concurrency
003-s1|S1: 500k/month 256 MB 100 ms arm64 free tier|0.00|5000|256|arm64|100|none|true|0|lambda
003-s2|S2: 10M/month 512 MB 200 ms arm64 free tier|9.80|100000|512|arm64|200|none|true|0|lambda
003-s3|S3: 100M/month 1024 MB 300 ms + HTTP API|613.29|1000000|1024|x86_64|300|http|true|0|lambda apigateway
003-s4|S4: 1B/month 2048 MB 500 ms + HTTP API|17866.00|10000000|2048|x86_64|500|http|true|0|lambda apigateway
003-pc|PC: 50 x 512 MB all month|270.00|1|512|x86_64|100|none|false|50|provisioned-concurrency
ROWS
echo "== the practitioner articles' worked examples (slsim = the same items, computed from simulated usage)"
column -s, -t "$ex"
