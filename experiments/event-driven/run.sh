#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# event-driven: the Just-Lambda article's order flow, synchronous vs event-driven (EventBridge -> Lambda) vs
# event-driven through queues (EventBridge -> SQS -> Lambda): response and completion latency,
# cost per order, and what a 30-minute email outage does to each.  Writes results/ (CSV, PNG,
# the outage runs' HDF5).  Needs a built slsim: $SLSIM, or build/slsim from ./quickstart run.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flows="sync eventbridge queues"
no_outage=(--set 'downstreams.email-api.outages.[0].lasting_s=0')

# row FLOW H5: one CSV row of what we report about a run
row() {
  root_summary "$2" '^(failed-events|email-dlq)$' |
    awk -F, -v flow="$1" '{ printf "%s", flow; for (i = 1; i <= NF; i++) if (i != 14) printf ",%s", $i; print "" }'
}
header="flow,orders,ok,failed,dropped,response_p50_ms,response_p99_ms,completion_p50_ms,completion_p99_ms,completion_mean_ms,completion_max_s,invocations_per_order,gb_s_per_order,usd_per_million_orders,bill_usd_month,to_dlq"

echo "== (a) normal operation: no outage"
{
  echo "$header"
  for f in $flows; do
    "$SLSIM" run "$here/$f.cfg" -o "$out/$f.h5" --force --quiet "${no_outage[@]}"
    row "$f" "$out/$f.h5"
  done
} | tee "$out/normal.csv" | column -s, -t
for f in $flows; do
  "$SLSIM" plot "$out/$f.h5" --what roots -o "$out/$f-roots.png" --force >/dev/null
  rm -f "$out/$f.h5"
done

echo "== (b) the email API down from 30 to 60 min"
{
  echo "$header"
  for f in $flows; do
    "$SLSIM" run "$here/$f.cfg" -o "$out/outage-$f.h5" --force --quiet
    row "$f" "$out/outage-$f.h5"
  done
} | tee "$out/outage.csv" | column -s, -t
for f in $flows; do
  "$SLSIM" plot "$out/outage-$f.h5" --what roots -o "$out/outage-$f-roots.png" --force >/dev/null
done
"$SLSIM" plot "$out/outage-queues.h5" --what queue -o "$out/outage-queues-queue.png" --force >/dev/null
"$SLSIM" plot "$out/outage-sync.h5" --what concurrency -o "$out/outage-sync-concurrency.png" --force >/dev/null

echo "== (c) the queued flow under the outage, one setting at a time"
{
  echo "case,ok,dropped_to_dlq,completion_p50_ms,completion_p99_s,completion_max_s,email_api_peak_connections,failed_email_invocations,bill_usd_month"
  for s in baseline queues.email-q.max_receive_count=3 mappings.email-m.batch_size=1 \
    mappings.email-m.maximum_concurrency=20 mappings.payment-m.batch_size=1; do
    set_it=()
    [ $s = baseline ] || set_it=(--set "$s")
    "$SLSIM" run "$here/queues.cfg" -o "$tmp/d.h5" --force --quiet "${set_it[@]}"
    "$SLSIM" report --csv --table downstreams "$tmp/d.h5" | awk -F, '$1 == "email-api" { print $8 }' >"$tmp/peak"
    "$SLSIM" report --csv "$tmp/d.h5" | awk -F, '$1 == "send-email" { print $39 }' >"$tmp/failed" # inv_errors
    row "$s" "$tmp/d.h5" | awk -F, -v peak="$(cat "$tmp/peak")" -v failed="$(cat "$tmp/failed")" \
      '{ printf "%s,%d,%d,%.1f,%.1f,%.1f,%d,%d,%.0f\n", $1, $3, $5, $8, $9 / 1000, $11, peak, failed, $15 }'
  done
} | tee "$out/outage-queues-settings.csv" | column -s, -t

echo "== (d) replications: 10 each, 95 % intervals (completion p99, cost per order)"
{
  echo "flow,case,metric,mean,ci95_half_width"
  for f in $flows; do
    for case in normal outage; do
      extra=()
      [ $case = normal ] && extra=("${no_outage[@]}")
      "$SLSIM" run "$here/$f.cfg" -o "$tmp/r.h5" --force --quiet --reps 10 --jobs "${JOBS:-$(nproc)}" "${extra[@]}"
      "$SLSIM" report --csv --table ci "$tmp/r.h5" |
        awk -F, -v f=$f -v c=$case '$NF == "source" && $3 ~ /^(response_p50_ms|response_p99_ms|completion_p50_ms|completion_p99_ms|roots_failed|roots_dropped|cost_per_root_usd)$/ {
          printf "%s,%s,%s,%.6g,%.3g\n", f, c, $3, $5, $6 }'
    done
  done
} | tee "$out/replicated.csv" | column -s, -t
echo "wrote $out"
