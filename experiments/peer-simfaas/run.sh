#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# slsim beside a peer simulator, SimFaaS (pacslab/simfaas, Mahmoudi and Khazaei 2021), on four
# scenarios of its model and a variant of the fourth (peer.cfg): the same figures (cold-start
# share, mean running and mean existing instances) and the time each takes.  slsim runs each
# scenario with seeds 1-3; SimFaaS runs when SIMFAAS names a directory holding its `simfaas`
# package (numpy and pandas installed for ${PYTHON:-python3}), with numpy's seed 1.  Writes
# results/slsim.csv (and results/simfaas.csv); with SimFaaS's figures there, results/side.csv and
# results/peer-simfaas.png.
set -euo pipefail
. "$(dirname "$0")/../common.sh"

# name, arrivals/s, warm mean s, cold mean s, expiration threshold s, span s (p4eq: p4 with cold
# requests served as warm ones, an exponential in both simulators: slsim's INIT is then 0)
scenarios=(
  "p1 0.9 2.016 2.163 600 1000000"
  "p2 5 0.4 1.2 300 200000"
  "p3 40 0.25 0.9 120 25000"
  "p4 200 1.5 3.0 600 4000"
  "p4eq 200 1.5 1.5 600 4000"
)

now() { date +%s.%N; }

echo "scenario,seed,requests,cold_pct,mean_running,mean_instances,loop_s,process_s" >"$out/slsim.csv"
for s in "${scenarios[@]}"; do
  read -r n rate warm cold expiry span <<<"$s"
  init=$(awk -v c="$cold" -v w="$warm" 'BEGIN { printf "%.6f", c - w }')
  for seed in 1 2 3; do
    t0=$(now)
    "$SLSIM" run "$here/peer.cfg" -o "$out/tmp.h5" --force --quiet --seed "$seed" \
      --set sources.s.arrival.rate_per_s="$rate" --set functions.f.duration.mean_s="$warm" \
      --set functions.f.runtime.init.value_s="$init" --set functions.f.keep_alive_s="$expiry" \
      --set duration_s="$span"
    t1=$(now)
    loop=$("$SLSIM" report "$out/tmp.h5" | sed -n '1s/.*events, \([0-9.]*\) s wall.*/\1/p')
    # the functions table's columns, found by their names in its header
    "$SLSIM" report --csv --table functions "$out/tmp.h5" |
      awk -F, -v n="$n" -v seed="$seed" -v loop="$loop" -v p="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
        NR == 2 { printf "%s,%d,%d,%.4f,%.3f,%.3f,%s,%.2f\n", n, seed, $c["requests"], $c["cold_start_pct"],
                    $c["mean_concurrency"], $c["mean_instances"], loop, p }' |
      tee -a "$out/slsim.csv"
  done
done
rm -f "$out/tmp.h5"

if [ -n "${SIMFAAS:-}" ]; then
  echo "scenario,seed,requests,cold_pct,mean_running,mean_instances,loop_s,process_s" >"$out/simfaas.csv"
  for s in "${scenarios[@]}"; do
    read -r n rate warm cold expiry span <<<"$s"
    t0=$(now)
    line=$(PYTHONPATH="$SIMFAAS" "${PYTHON:-python3}" - "$rate" "$warm" "$cold" "$expiry" "$span" <<'PY'
import sys, time
import numpy as np
from simfaas.ServerlessSimulator import ServerlessSimulator
rate, warm, cold, expiry, span = map(float, sys.argv[1:6])
np.random.seed(1)
sim = ServerlessSimulator(arrival_rate=rate, warm_service_rate=1 / warm, cold_service_rate=1 / cold,
                          expiration_threshold=expiry, max_time=span, maximum_concurrency=10**9)
t0 = time.perf_counter()
sim.generate_trace()
loop = time.perf_counter() - t0
print(f"{sim.total_req_count},{100 * sim.get_cold_start_prob():.4f},"
      f"{sim.get_average_server_running_count():.3f},{sim.get_average_server_count():.3f},{loop:.2f}")
PY
)
    t1=$(now)
    echo "$n,1,$line,$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" | tee -a "$out/simfaas.csv"
  done
fi

# The figure: each scenario's run time (log scale) and cold-start share, SimFaaS beside slsim
# (slsim: the mean of its seeds, its range as an error bar).
if [ -s "$out/simfaas.csv" ]; then
  awk -F, 'FNR == 1 { next }
    NR == FNR { n[$1]++; t[$1] += $7; c[$1] += $4 # slsim.csv
      if (!($1 in lo) || $4 < lo[$1]) lo[$1] = $4; if (!($1 in hi) || $4 > hi[$1]) hi[$1] = $4; next }
    { ft[$1] = $7; fc[$1] = $4; order[++m] = $1 } # simfaas.csv
    END { print "scenario,simfaas_s,slsim_s,simfaas_cold_pct,slsim_cold_pct,slsim_cold_lo,slsim_cold_hi"
      for (i = 1; i <= m; i++) { s = order[i]
        printf "%s,%s,%.4f,%s,%.4f,%s,%s\n", s, ft[s], t[s] / n[s], fc[s], c[s] / n[s], lo[s], hi[s] } }' \
    "$out/slsim.csv" "$out/simfaas.csv" >"$out/side.csv"
  gnuplot <<GP
set terminal pngcairo size 1100,450 font 'DejaVu Sans,11' noenhanced
set output '$out/peer-simfaas.png'
set datafile separator ','
set multiplot layout 1,2 title 'SimFaaS (one run) and slsim (mean of seeds 1-3, their range as error bars) on the same scenarios'
set grid ytics
set xtics scale 0 # the scenarios' names only: no tick marks among the bars
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y
set ylabel 'simulation loop, s on one core (log scale)'
set xlabel 'scenario (README.md)'
set yrange [0.05:1000]
set key top left
plot '$out/side.csv' every ::1 using 2:xtic(1) title 'SimFaaS' lc rgb '#d95f02', \
     '' every ::1 using 3 title 'slsim' lc rgb '#1b9e77'
unset logscale y
set ylabel 'cold starts, % of requests'
set yrange [0:0.18]
set key top right
set style histogram errorbars gap 1 lw 1
plot '$out/side.csv' every ::1 using 4:4:4:xtic(1) title 'SimFaaS' lc rgb '#d95f02', \
     '' every ::1 using 5:6:7 title 'slsim' lc rgb '#1b9e77'
unset multiplot
GP
  echo "wrote $out/peer-simfaas.png"
fi
