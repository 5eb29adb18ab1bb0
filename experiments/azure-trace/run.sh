#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Replays the Azure Functions 2019 sample under fixed keep-alive of 5, 10, 20 and 60 minutes and
# the 2021 sample end to end; writes results/ (CSV, PNG).  DATA defaults to data/ here (the
# samples, kept in the repository: data/README.md); SLSIM to build/slsim.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
DATA=${DATA:-$here/data}
[ -f "$DATA/invitro_500_invocations.csv" ] || { echo "run.sh: no trace data in $DATA; set DATA" >&2; exit 2; }
az=$DATA
sets=(--set "traces.az.invocations=$az/invitro_500_invocations.csv" --set "traces.az.durations=$az/invitro_500_durations.csv"
      --set "traces.az.memory=$az/invitro_500_memory.csv")

echo "keep_alive_min,functions,invocations,cold_starts,cold_pct,fn_cold_pct_p50,fn_cold_pct_p75,fn_cold_pct_p90,idle_gb_s" >"$out/keepalive.csv"
for ka in 5 10 20 60; do
  "$SLSIM" run "$here/replay-2019.cfg" -o "$out/ka-$ka.h5" --force --quiet "${sets[@]}" \
    --set "traces.az.function.keep_alive_min=$ka"
  # per-function cold-start percentage (trace functions only), sorted, for the CDF
  "$SLSIM" report --csv "$out/ka-$ka.h5" | awk -F, 'NR > 1 && $1 ~ /^az-/ && $11 > 0 { print $13 }' | sort -g >"$out/cold-pct-$ka.txt"
  "$SLSIM" report --csv "$out/ka-$ka.h5" | awk -F, -v ka="$ka" -v f="$out/cold-pct-$ka.txt" '
    NR > 1 && $1 ~ /^az-/ { n++; inv += $11; cold += $12; idle += $25 }
    END {
      while ((getline v < f) > 0) p[m++] = v
      printf "%s,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.0f\n", ka, n, inv, cold, 100 * cold / inv,
             p[int(0.5 * (m - 1))], p[int(0.75 * (m - 1))], p[int(0.9 * (m - 1))], idle
    }' >>"$out/keepalive.csv"
  rm -f "$out/ka-$ka.h5"
done
cat "$out/keepalive.csv"

gnuplot <<GP
set terminal pngcairo size 1000,620 font 'DejaVu Sans,11' noenhanced
set output '$out/cold-start-cdf.png'
set title 'Azure Functions 2019 sample (500 functions, 8 h): cold-start share per function'
set xlabel 'cold starts, % of the function''s invocations'
set ylabel 'fraction of functions (CDF)'
set key bottom right
set grid
set xrange [0:100]
set yrange [0:1]
files = "5 10 20 60"
plot for [k in files] '$out/cold-pct-'.k.'.txt' using 1:(1) smooth cnormal with steps lw 2 title k.' min keep-alive'
GP

echo "== the 2021 sample end to end"
"$SLSIM" run "$here/replay-2021.cfg" -o "$out/replay-2021.h5" --force --quiet \
  --set "traces.az21.file=$DATA/invitro_AzureFunctionsInvocationTraceForTwoWeeksJan2021_sample.csv"
"$SLSIM" report --csv "$out/replay-2021.h5" | awk -F, 'NR > 1 && $1 ~ /^az21-/ { n++; inv += $11; cold += $12; gbs += $23; usd += $24 }
  END { printf "functions %d, invocations %d, cold starts %d (%.1f %%), billed %.1f GB-s, Lambda USD %.4f per 30-day month at this rate\n", n, inv, cold, 100 * cold / inv, gbs, usd }' \
  | tee "$out/replay-2021.txt"
"$SLSIM" plot "$out/replay-2021.h5" --what latency -o "$out/replay-2021-latency.png" --force >/dev/null
rm -f "$out/replay-2021.h5"
