#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ml-inference: the When-It-Makes-Sense article's $47k month.  Runs the workload as the article describes it and the
# variants that would be needed to reach $47k; prints each bill and draws the baseline's
# concurrency.  Writes results/*.csv and results/*.png.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
# name | what changes | --set options
csv=$out/variants.csv
echo "variant,what,invocations,cold_pct,peak_concurrency,lambda_usd_month,gpu_fixed2_usd,gpu_peak_usd,gpu_autoscaled_usd" >"$csv"
# the "hangs" variant: ml.cfg with 43 % of invocations never finishing (held to the timeout)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's|duration = { dist = "uniform"; min_s = 8.0; max_s = 12.0; };|duration = { dist = "empirical"; percentiles = [0.0, 57.0, 57.001, 100.0]; values_ms = [8000.0, 12000.0, 1000000.0, 1000000.0]; };|' \
  "$here/ml.cfg" >"$tmp/hangs.cfg"
grep -q empirical "$tmp/hangs.cfg"
while IFS='|' read -r name what cfg sets; do
  [ -z "$name" ] && continue
  read -ra args <<<"$sets"
  "$SLSIM" run "$cfg" -o "$out/$name.h5" --force --quiet ${args[@]+"${args[@]}"}
  "$SLSIM" report --csv --table cost "$out/$name.h5" >"$out/$name-cost.csv"
  "$SLSIM" report --csv --table alternatives "$out/$name.h5" >"$out/$name-alternatives.csv"
  "$SLSIM" report --csv "$out/$name.h5" >"$out/$name-functions.csv"
  awk -F, -v name="$name" -v what="$what" -v fn="$out/$name-functions.csv" -v alt="$out/$name-alternatives.csv" '
    BEGIN { getline l < fn; getline l < fn; split(l, f, ",")
            while ((getline l < alt) > 0) { split(l, a, ","); g[a[3]] = a[12]; rate = a[11] } }
    NR > 1 { usd += $9 }
    END { printf "%s,\"%s\",%d,%.2f,%d,%.2f,%.2f,%.2f,%.2f\n", name, what, f[11], f[13], f[22], usd,
          2 * 720 * rate, g["peak"], g["autoscaled"] }' "$out/$name-cost.csv" >>"$csv"
done <<ROWS
baseline|the article's workload: 50k images/day; 3 GB; 8-12 s; 15-20 s cold starts|$here/ml.cfg|
max-memory|10240 MB instead of 3 GB (same time: inference here is not sped up)|$here/ml.cfg|--set functions.classify.memory_mb=10240
hangs|43 % of invocations hang until the 900 s timeout (each attempt independently; 2 async retries)|$tmp/hangs.cfg|
provisioned|1000 environments of provisioned concurrency all month (for the spikes)|$here/ml.cfg|--set functions.classify.provisioned_concurrency=1000
ROWS
column -s, -t "$csv"
"$SLSIM" plot "$out/baseline.h5" --what concurrency -o "$out/baseline-concurrency.png" --force >/dev/null
echo "wrote $out/baseline-concurrency.png"
