#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The module picture of src/ is a stack: a directory includes only headers of its own layer or
# the ones below it, so no two modules import each other.
#   engine -> stats -> model -> cost -> study -> io (configuration text, traces, results,
#          publishing) -> scenario (the language and its loader) -> plot, report, validate -> cli
set -u
: "${TOP_SRCDIR:?}"
rank() {
  case $1 in
  engine) echo 0 ;; stats) echo 1 ;; model) echo 2 ;; cost) echo 3 ;; study) echo 4 ;;
  io) echo 5 ;; scenario) echo 6 ;; plot | report | validate) echo 7 ;; cli) echo 8 ;; *) echo 99 ;;
  esac
}
pass=0 fail=0
for f in "$TOP_SRCDIR"/src/*/*.[ch]; do
  dir=$(basename "$(dirname "$f")")
  mine=$(rank "$dir")
  if [ "$mine" = 99 ]; then
    echo "FAIL: $f: src/$dir is not in the picture (tests/layers.sh)"
    fail=$((fail + 1))
    continue
  fi
  for inc in $(sed -n 's/^#include "\([a-z_]*\)\/[a-z0-9_]*\.h"$/\1/p' "$f"); do
    theirs=$(rank "$inc")
    if [ "$theirs" -gt "$mine" ]; then
      echo "FAIL: ${f#"$TOP_SRCDIR"/} (layer $dir) includes $inc, a layer above it"
      fail=$((fail + 1))
    else
      pass=$((pass + 1))
    fi
  done
done

# Inside the model, the parts form a stack too: a function's execution knows no job owner (queues,
# sources), owners know no other owner, and only target.c and world.c know every part.
#   dist -> spec -> core -> ps -> arrival, downstream, capacity -> function (and emit, its other file)
#        -> queue, source, topic, bus, join, sfn -> target -> timeline -> world -> estimate
mrank() {
  case $1 in
  dist) echo 0 ;; spec) echo 1 ;; core) echo 2 ;; ps) echo 3 ;; arrival | downstream | capacity) echo 4 ;;
  function | emit) echo 5 ;; queue | source | topic | bus | join | sfn) echo 6 ;; target) echo 7 ;;
  timeline) echo 8 ;; world) echo 9 ;; estimate) echo 10 ;; *) echo 99 ;;
  esac
}
for f in "$TOP_SRCDIR"/src/model/*.[ch]; do
  me=$(basename "$f" | sed 's/\.[ch]$//')
  mine=$(mrank "$me")
  if [ "$mine" = 99 ]; then
    echo "FAIL: $f: model/$me is not in the model's picture (tests/layers.sh)"
    fail=$((fail + 1))
    continue
  fi
  for inc in $(sed -n 's/^#include "model\/\([a-z_]*\)\.h"$/\1/p' "$f"); do
    [ "$inc" = "$me" ] && continue
    [ "$me" = emit ] && [ "$inc" = function ] && continue # one module, two files
    if [ "$(mrank "$inc")" -lt "$mine" ]; then
      pass=$((pass + 1))
    else
      echo "FAIL: ${f#"$TOP_SRCDIR"/} (model/$me) includes model/$inc, not below it"
      fail=$((fail + 1))
    fi
  done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
