#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the burst-2000 failure and fix, prints their figures and draws their plots into results/.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
for case in failure fix; do
  "$SLSIM" run "$here/$case.cfg" -o "$out/$case.h5" --force --quiet
  "$SLSIM" plot "$out/$case.h5" --what concurrency -o "$out/$case-concurrency.png" --force >/dev/null
  echo "== $case"
  "$SLSIM" report --csv "$out/$case.h5" | cut -d, -f1,4,5,8,9,13,17,19,21,22
  "$SLSIM" report --csv --table queues "$out/$case.h5" | cut -d, -f1,3,4,8,23,28
done
"$SLSIM" plot "$out/fix.h5" --what queue -o "$out/fix-queue.png" --force >/dev/null
