#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# operations: changes over time (README.md).
#  1. pc-day: a day of diurnal traffic with no provisioned concurrency, 60 all day, 60 on a
#     schedule (07:00-21:00) and target tracking at 70 %;
#  2. deploy: a deploy at the peak of a steady API, with and without provisioned concurrency;
#  3. degradation: a partner API slows down and fails for 20 minutes in the afternoon under an
#     SQS consumer, with maximum_concurrency 20, 50 and none.
# Writes results/*.csv and results/*.png.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fn_line H5 -> requests,cold_starts,cold_pct,p50_ms,p99_ms,p999_ms,pc_gb_s_usd,bill_usd
fn_line() {
  local c
  c=$("$SLSIM" report --csv --table cost "$1" | awk -F, 'NR > 1 && $2 == "provisioned-concurrency" { pc += $9 }
      NR > 1 { all += $9 } END { printf "%.2f,%.2f", pc, all }')
  "$SLSIM" report --csv "$1" | awk -F, -v c="$c" '
    NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    NR == 2 { printf "%d,%d,%.3f,%.1f,%.1f,%.1f,%s\n", $k["requests"], $k["cold_starts"], $k["cold_start_pct"],
              $k["p50_ms"], $k["p99_ms"], $k["p999_ms"], c }'
}

echo "== 1. a day of diurnal traffic, four ways to keep it warm"
csv=$out/pc-day.csv
echo "policy,requests,cold_starts,cold_pct,p50_ms,p99_ms,p999_ms,pc_usd_month,bill_usd_month" >"$csv"
"$SLSIM" run "$here/pc-day.cfg" -o "$tmp/none.h5" --force --quiet
echo "none,$(fn_line "$tmp/none.h5")" >>"$csv"
"$SLSIM" run "$here/pc-day.cfg" -o "$tmp/allday.h5" --force --quiet --set functions.api.provisioned_concurrency=60
echo "60 all day,$(fn_line "$tmp/allday.h5")" >>"$csv"
"$SLSIM" run "$here/pc-day-scheduled.cfg" -o "$out/pc-day-scheduled.h5" --force --quiet
echo "60 from 07:00 to 21:00,$(fn_line "$out/pc-day-scheduled.h5")" >>"$csv"
"$SLSIM" run "$here/pc-day.cfg" -o "$out/pc-day-tracking.h5" --force --quiet \
  --set functions.api.provisioned_concurrency=5 --set functions.api.provisioned_autoscaling.target_utilization=0.7 \
  --set functions.api.provisioned_autoscaling.min=5 --set functions.api.provisioned_autoscaling.max=150
echo "target tracking 70 %,$(fn_line "$out/pc-day-tracking.h5")" >>"$csv"
column -s, -t "$csv"
"$SLSIM" plot "$out/pc-day-scheduled.h5" --what concurrency -o "$out/pc-day-scheduled.png" --force
"$SLSIM" plot "$out/pc-day-tracking.h5" --what concurrency -o "$out/pc-day-tracking.png" --force
"$SLSIM" report "$out/pc-day-tracking.h5" | grep -E "autoscaling:|events\[|more changes" >"$out/pc-day-tracking-timeline.txt" || true
rm -f "$out/pc-day-scheduled.h5" "$out/pc-day-tracking.h5"

echo "== 2. a deploy at the peak (300 requests/s, deploy at 60 min)"
csv=$out/deploy.csv
echo "case,cold_before,cold_2min,cold_after,p99_before_ms,p99_2min_ms,p99_after_ms,max_2min_ms,consumer_peak_batches" >"$csv"
deploy_line() { # H5 -> the three windows' cold starts and latencies (the sources table), the consumer's peak
  local peak
  peak=$("$SLSIM" report --csv --table queues "$1" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    $1 == "jobs" { printf "%.0f", $k["peak_mapping_concurrency"] }')
  "$SLSIM" report --csv --table sources "$1" | awk -F, -v peak="$peak" '
    NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    { cold[$1] = $k["cold_starts"]; p99[$1] = $k["response_p99_ms"]; mx[$1] = $k["completion_max_ms"] }
    END { printf "%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%s\n", cold["before"], cold["deploy-2min"], cold["after"],
          p99["before"], p99["deploy-2min"], p99["after"], mx["deploy-2min"], peak }'
}
"$SLSIM" run "$here/deploy.cfg" -o "$tmp/d.h5" --force --quiet --set events.[0].at_min=1000 \
  --set events.[1].at_min=1000
echo "no deploy,$(deploy_line "$tmp/d.h5")" >>"$csv"
"$SLSIM" run "$here/deploy.cfg" -o "$out/deploy.h5" --force --quiet
echo "deploy,$(deploy_line "$out/deploy.h5")" >>"$csv"
"$SLSIM" run "$here/deploy.cfg" -o "$tmp/d.h5" --force --quiet --set functions.api.provisioned_concurrency=60
echo "deploy; provisioned 60 ready first,$(deploy_line "$tmp/d.h5")" >>"$csv"
"$SLSIM" run "$here/deploy.cfg" -o "$tmp/d.h5" --force --quiet --set functions.api.provisioned_concurrency=60 \
  --set events.[0].deploy_provisioned=after
echo "deploy; provisioned 60 allocated after,$(deploy_line "$tmp/d.h5")" >>"$csv"
column -s, -t "$csv"
"$SLSIM" plot "$out/deploy.h5" --what concurrency --from 3300 --to 4200 -o "$out/deploy.png" --force
rm -f "$out/deploy.h5"

echo "== 3. a 20-minute partner degradation under an SQS consumer (latency x8, 20 % of calls failing, at 14:00)"
csv=$out/degradation.csv
echo "maximum_concurrency,peak_backlog,e2e_p50_ms,e2e_p99_ms,e2e_max_s,to_dlq,failed_batches,peak_mapping_concurrency,partner_peak_calls,partner_failed_calls,bill_usd_month" >"$csv"
for mc in 20 50 1000; do
  "$SLSIM" run "$here/degradation.cfg" -o "$out/degradation-$mc.h5" --force --quiet \
    --set mappings.orders-consumer.maximum_concurrency=$mc
  q=$("$SLSIM" report --csv --table queues "$out/degradation-$mc.h5" | awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    $1 == "orders" { printf "%.0f,%.0f,%.0f,%.0f,%d,%d,%.0f", $k["peak_backlog"], $k["e2e_p50_ms"], $k["e2e_p99_ms"],
                     $k["e2e_max_ms"] / 1000, $k["to_dlq"], $k["failed_batches"], $k["peak_mapping_concurrency"] }')
  d=$("$SLSIM" report --csv --table downstreams "$out/degradation-$mc.h5" | awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    NR == 2 { printf "%.0f,%d", $k["peak_active_calls"], $k["failed_calls"] }')
  b=$("$SLSIM" report --csv --table cost "$out/degradation-$mc.h5" | awk -F, 'NR > 1 { s += $9 } END { printf "%.2f", s }')
  echo "$mc,$q,$d,$b" >>"$csv"
done
column -s, -t "$csv"
"$SLSIM" plot "$out/degradation-20.h5" --what queue --from 6600 --to 9600 -o "$out/degradation-queue-20.png" --force
"$SLSIM" plot "$out/degradation-1000.h5" --what queue --from 6600 --to 9600 -o "$out/degradation-queue-1000.png" --force
"$SLSIM" plot "$out/degradation-1000.h5" --what downstream --from 6600 --to 9600 -o "$out/degradation-partner-1000.png" --force
rm -f "$out"/degradation-*.h5
