# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by every experiment's run.sh: finds the slsim binary and the model and plot
# directories, and makes results/.  Sets here, top, out, SLSIM (build/slsim unless given).
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SLSIM=${SLSIM:-$top/build/slsim}
[ -x "$SLSIM" ] || { echo "run.sh: no slsim at $SLSIM; run ./quickstart run first or set SLSIM" >&2; exit 2; }
export SLSIM_MODELS="${SLSIM_MODELS:-$top/models}" SLSIM_PLOTS="${SLSIM_PLOTS:-$top/plots}"
out=$here/results
mkdir -p "$out"

# root_summary H5 DLQ_REGEX: one CSV line about the first source's root requests in a result —
#   roots,ok,failed,dropped,response_p50_ms,response_p99_ms,completion_p50_ms,completion_p99_ms,
#   completion_mean_ms,completion_max_s,invocations_per_root,gb_s_per_root,usd_per_million_roots,
#   lambda_usd_month,bill_usd_month,dead_letters
# (dead_letters: messages sent to the queues whose names match DLQ_REGEX).
root_summary() {
  local t
  t=$(mktemp -d)
  "$SLSIM" report --csv --table sources "$1" >"$t/s.csv"
  "$SLSIM" report --csv --table cost "$1" >"$t/c.csv"
  "$SLSIM" report --csv --table queues "$1" >"$t/q.csv"
  awk -F, -v cost="$t/c.csv" -v q="$t/q.csv" -v dlq="$2" '
    BEGIN {
      while ((getline l < cost) > 0) { split(l, c, ","); if (c[1] != "service") bill += c[9]; if (c[1] == "lambda") lam += c[9] }
      while ((getline l < q) > 0) { split(l, x, ","); if (x[1] != "name" && x[1] ~ dlq) dl += x[3] }
    }
    NR == 2 {
      # sources CSV: 8 roots 9 ok 10 failed 11 dropped 13/14 response p50/p99 16/17 completion
      # p50/p99 18 completion mean 19 max 24 invocations 25 GB-s 26 USD per root
      printf "%d,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.2f,%.4f,%.2f,%.0f,%.0f,%d\n", $8, $9, $10, $11,
        $13, $14, $16, $17, $18, $19 / 1000, $24, $25, $26 * 1e6, lam, bill, dl
    }' "$t/s.csv"
  rm -rf "$t"
}
