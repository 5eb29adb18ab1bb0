#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# what-if-capacity: the study a planner runs on configs/api-steady.cfg — p99 latency and the
# monthly bill over memory size x provisioned concurrency, 10 replications per point with
# common random numbers, and the cheapest configuration whose p99 meets a target.
# Writes results/sweep.h5 (not kept in git), results/ci.csv, results/*.png.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
target=${TARGET_P99_MS:-550}
jobs=${JOBS:-$(nproc)}
# The handler's time was measured at 1,024 MB (ref_memory_mb), so other sizes speed up or
# slow down its CPU-bound 30 % (memory -> CPU share, facts §3).
"$SLSIM" sweep "$top/configs/api-steady.cfg" --set functions.api.ref_memory_mb=1024 \
  --vary functions.api.memory_mb=512,768,1024,1769,3008 --vary functions.api.provisioned_concurrency=0,4,8,16 \
  --reps 10 --jobs "$jobs" -o "$out/sweep.h5" --force --quiet
"$SLSIM" report --csv --table ci "$out/sweep.h5" >"$out/ci.csv"
for m in p99_ms cost_usd cold_start_pct; do
  "$SLSIM" plot "$out/sweep.h5" --what sweep --metric $m -o "$out/$m.png" --force >/dev/null
done
"$SLSIM" plot "$out/sweep.h5" --what sweep --entity bill --metric usd_per_month -o "$out/bill.png" --force >/dev/null
# per point: p99 (mean +- CI), bill (mean +- CI); the cheapest point whose p99 upper bound
# meets the target
awk -F, -v target="$target" '
  NR > 1 && $4 == "api" && $5 == "p99_ms" { p99[$1] = $7; p99h[$1] = $8; mem[$1] = $2; pc[$1] = $3 }
  NR > 1 && $4 == "api" && $5 == "cold_start_pct" { cold[$1] = $7 }
  NR > 1 && $4 == "bill" { usd[$1] = $7; usdh[$1] = $8; n = $1 + 1 > n ? $1 + 1 : n }
  END {
    printf "%-6s %-7s %-4s %18s %12s %20s %s\n", "point", "memory", "PC", "p99 ms (95% CI)", "cold %", "USD/month (95% CI)", "meets"
    best = -1
    for (p = 0; p < n; p++) {
      ok = p99[p] + p99h[p] <= target
      printf "%-6d %-7s %-4s %10.1f +- %5.1f %12.4f %12.2f +- %5.2f %s\n", p, mem[p], pc[p], p99[p], p99h[p], cold[p], usd[p], usdh[p], ok ? "yes" : ""
      if (ok && (best < 0 || usd[p] < usd[best])) best = p
    }
    if (best >= 0) printf "\ncheapest meeting p99 <= %s ms (upper CI bound): memory %s MB, PC %s: $%.2f +- %.2f a month, p99 %.1f +- %.1f ms\n", target, mem[best], pc[best], usd[best], usdh[best], p99[best], p99h[best]
    else printf "\nno configuration meets p99 <= %s ms\n", target
  }' "$out/ci.csv" | tee "$out/summary.txt"
