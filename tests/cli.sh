#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end checks of the slsim command: exit codes, files written (and not written), the
# report and the plots.  Run by `make check` with SLSIM, TOP_SRCDIR and SLSIM_MODELS set.
set -u
: "${SLSIM:?}" "${TOP_SRCDIR:?}"
. "$TOP_SRCDIR/tests/testlib.sh"

# the checks of JSON, CSV and the HDF5 layout read them with tools of their own (quickstart
# installs both): without them the suite fails, it does not skip
for tool in python3 h5dump; do command -v $tool >/dev/null && ok || bad "$tool is missing (./quickstart test installs it)"; done
expect_rc 0 "--version" "$SLSIM" --version
grep -q '^slsim [0-9]' "$tmp/out" && ok || bad "--version prints the version"
grep -q '^License GPLv3+' "$tmp/out" && ok || bad "--version names the licence"
# the licence: GPL-3.0-or-later (GSL is GPL), its text in COPYING, a line in every source file
head -3 "$TOP_SRCDIR/COPYING" | grep -q 'GNU GENERAL PUBLIC LICENSE' && grep -q 'Version 3, 29 June 2007' "$TOP_SRCDIR/COPYING" &&
  ok || bad "COPYING is not the GPL version 3"
missing=$(cd "$TOP_SRCDIR" && for f in src/*/*.[ch] tests/*.[ch] tests/*.sh tests/fuzz/*.c bench/*.c plots/*.gp scripts/* \
  Makefile.am configure.ac quickstart; do head -3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' || echo "$f"; done)
[ -z "$missing" ] && ok || bad "no SPDX line in: $missing"
expect_rc 0 "--help" "$SLSIM" --help
grep -q 'run SCENARIO.cfg' "$tmp/out" && ok || bad "--help lists run"
expect_rc 2 "unknown command" "$SLSIM" frobnicate
expect_rc 2 "run without a file" "$SLSIM" run

# every shipped scenario validates, runs, reports and plots
for cfg in "$TOP_SRCDIR"/configs/*.cfg; do
  name=$(basename "$cfg" .cfg)
  expect_rc 0 "check $name" "$SLSIM" check "$cfg"
  expect_rc 0 "run $name" "$SLSIM" run "$cfg" -o "$tmp/$name.h5" --quiet
  [ -s "$tmp/$name.h5" ] && ok || bad "run $name wrote no file"
  expect_rc 0 "report $name" "$SLSIM" report "$tmp/$name.h5"
  grep -q 'conservation: ok' "$tmp/out" && ok || bad "report $name: conservation not ok"
  # it fits a 100-column terminal (a wide table is cut into parts that repeat the name column)
  awk 'length > 100 { bad = 1 } END { exit bad }' "$tmp/out" && ok || bad "report $name is over 100 columns"
  expect_rc 0 "plot $name" "$SLSIM" plot "$tmp/$name.h5"
  [ -s "$tmp/$name-concurrency.png" ] && ok || bad "plot $name wrote no concurrency PNG"
  [ "$(grep -c '^wrote ' "$tmp/out")" -ge 2 ] && ok || bad "plot $name drew fewer than 2 figures"
  for f in $(sed -n 's/^wrote //p' "$tmp/out"); do [ -s "$f" ] && ok || bad "plot $name: $f is empty"; done
done
ls "$tmp" | grep -q '\.tmp\.' && bad "temporary files left behind" || ok

# the resolved scenario printed by check loads again and gives the same results
for name in cold-start-basics queue-drain serverless-vs-always-on; do
  "$SLSIM" check "$TOP_SRCDIR/configs/$name.cfg" >"$tmp/resolved-$name.cfg"
  expect_rc 0 "run the resolved $name" "$SLSIM" run "$tmp/resolved-$name.cfg" -o "$tmp/resolved-$name.h5" --quiet
  for t in functions queues downstreams cost alternatives; do
    "$SLSIM" report --csv --table $t "$tmp/resolved-$name.h5" >"$tmp/a.csv"
    "$SLSIM" report --csv --table $t "$tmp/$name.h5" >"$tmp/b.csv"
    cmp -s "$tmp/a.csv" "$tmp/b.csv" && ok || bad "resolved $name gives different $t"
  done
done

# queues, downstreams and async in the report and the plots
expect_rc 0 "report queue-drain" "$SLSIM" report "$tmp/queue-drain.h5"
grep -q '^orders .* 10000 .* 10000 ' "$tmp/out" && ok || bad "queue-drain: 10000 sent and deleted"
grep -q '^notifier: async events' "$tmp/out" && ok || bad "queue-drain: async line"
for k in queue downstream; do [ -s "$tmp/queue-drain-$k.png" ] && ok || bad "queue-drain: no $k plot"; done
expect_rc 0 "report --table queues" "$SLSIM" report --csv --table queues "$tmp/queue-drain.h5"
[ "$(awk -F, 'NR == 2 { print $1, $3, $4 }' "$tmp/out")" = "orders 10000 10000" ] && ok || bad "queues CSV: $(sed -n 2p "$tmp/out")"
expect_rc 0 "report --table downstreams" "$SLSIM" report --csv --table downstreams "$tmp/queue-drain.h5"
peak=$(awk -F, 'NR == 2 { print $8 }' "$tmp/out")
[ "$peak" -le 40 ] 2>/dev/null && ok || bad "downstream peak connections $peak > maximum_concurrency 40"
# CSV: every number reads back as the double in the file (h5dump prints it with 17 digits)
"$SLSIM" report --csv --table queues "$tmp/queue-drain.h5" >"$tmp/qd.csv"
h5dump -m '%.17g' -d /summary/queues -s 0 -c 1 "$tmp/queue-drain.h5" >"$tmp/qd.dump"
python3 - "$tmp/qd.csv" "$tmp/qd.dump" <<'EOF' && ok || bad "queue CSV does not round-trip the HDF5 values"
import csv, re, sys
row = list(csv.reader(open(sys.argv[1])))[1]
text = open(sys.argv[2]).read()
vals = re.findall(r'^\s+("[^"]*"|[-0-9.e+]+),?$', text.split('(0): {')[1].split('}')[0], re.M)
assert len(vals) == len(row), (len(vals), len(row))
for v, c in zip(vals, row):
    assert (v.strip('"') == c) if v.startswith('"') else float(v) == float(c), (v, c)
EOF
# a result of the layout before variable-length names (tests/data/README.md) still reads
expect_rc 0 "report of a fixed-length-name result" "$SLSIM" report --csv "$TOP_SRCDIR/tests/data/burst-throttle-fixed-names.h5"
[ "$(sed -n 2p "$tmp/out" | cut -d, -f1,4,8)" = "worker,2000,1000" ] && ok || bad "old layout: $(sed -n 2p "$tmp/out")"
# JSON: every table of a run, each with every column of its HDF5 table, and the inputs
"$SLSIM" report --json "$tmp/queue-drain.h5" >"$tmp/qd.json"
for t in functions queues downstreams sources; do h5dump -H -d "/summary/$t" "$tmp/queue-drain.h5"; done >"$tmp/qd.cols"
python3 - "$tmp/qd.json" "$TOP_SRCDIR/configs/queue-drain.cfg" "$tmp/qd.cols" <<'EOF' && ok || bad "queue-drain JSON lacks tables, columns or inputs"
import json, re, sys
d = json.load(open(sys.argv[1]))
for block in open(sys.argv[3]).read().split('DATASET "')[1:]:
    table = block.split('"')[0].split("/")[-1]
    cols = set(re.findall(r'(?:H5T_\w+|\}) "(\w+)";', block))
    assert cols and set(d[table][0]) == cols, (table, cols ^ set(d[table][0]))
for k in ("functions", "sources", "queues", "downstreams", "topics", "buses", "joins", "machines", "states",
          "cost", "bill", "alternatives"):
    assert k in d, k
assert d["queues"][0]["sent"] == d["queues"][0]["deleted"] + d["queues"][0]["to_dlq"] + d["queues"][0]["expired"] + d["queues"][0]["remaining"]
assert d["scenario_text"] == open(sys.argv[2]).read()
assert "runtimes/" in d["model_files"] and "pricing/" in d["model_files"] and d["libraries"].startswith("GSL ")
EOF
# the HDF5 tables: names are variable-length strings, and each table says its columns' units
h5dump -H -A "$tmp/queue-drain.h5" >"$tmp/qd.layout"
grep -q 'STRSIZE H5T_VARIABLE' "$tmp/qd.layout" && ! grep -q 'STRSIZE 128' "$tmp/qd.layout" && ok ||
  bad "HDF5 tables hold fixed-length names"
h5dump -a /summary/queues/units "$tmp/queue-drain.h5" | tr -d '\n ' | grep -q '"","","count","count".*"ms","ms"' && ok ||
  bad "/summary/queues has no units"
h5dump -d /model_files "$tmp/queue-drain.h5" | grep -q 'platforms/aws-lambda .*/aws-lambda.cfg [0-9]* [0-9a-f]\{16\}' && ok ||
  bad "the result does not record its model files"
# figures: time axes in the unit of the span shown, limited to where something happens, or as asked
expect_rc 0 "plot api-steady" "$SLSIM" plot "$tmp/api-steady.h5" --what concurrency -o "$tmp/as.svg"
grep -q 'simulated time (min)' "$tmp/as.svg" && ok || bad "a 1-hour run's time axis is not in minutes"
expect_rc 0 "plot --from --to" "$SLSIM" plot "$tmp/api-steady.h5" --what concurrency --from 10min --to 15min -o "$tmp/as2.svg"
grep -q 'simulated time (s)' "$tmp/as2.svg" && grep -q '<text> 900</text>' "$tmp/as2.svg" && ! grep -q '<text> 950</text>' "$tmp/as2.svg" && ok ||
  bad "--from 10min --to 15min does not show 600..900 s"
# queue-drain's queue is empty after about a minute (10,000 messages, 40 batches of 10 at once): the
# axis stops soon after, not at the 600 s simulated
expect_rc 0 "plot queue" "$SLSIM" plot "$tmp/queue-drain.h5" --what queue -o "$tmp/qq.svg"
! grep -q '<text>600</text>' "$tmp/qq.svg" && grep -q '<text>60</text>' "$tmp/qq.svg" && grep -q 'simulated time (s)' "$tmp/qq.svg" && ok || bad "the queue figure shows the idle tail"
# burst-throttle throttles half its burst: the figure draws the throttles
expect_rc 0 "plot throttles" "$SLSIM" plot "$tmp/burst-throttle.h5" --what concurrency -o "$tmp/bt.svg"
grep -q 'worker throttled' "$tmp/bt.svg" && ok || bad "the throttles are not drawn"
expect_rc 0 "plot --size --font" "$SLSIM" plot "$tmp/api-steady.h5" --what latency --size 350,250 --font 8 -o "$tmp/small.svg"
grep -q "width=\"350\" height=\"250\"" "$tmp/small.svg" && grep -q 'font-size="8' "$tmp/small.svg" && ok || bad "--size/--font not applied"
for a in "--from -5" "--from 1fortnight" "--from 10 --to 5" "--size 20,20" "--size 800" "--font 0" "--font big"; do
  # shellcheck disable=SC2086
  expect_rc 2 "plot $a" "$SLSIM" plot "$tmp/api-steady.h5" $a -o "$tmp/never.svg"
  [ ! -e "$tmp/never.svg" ] && ok || bad "plot $a wrote a figure"
done
# --wide: each table whole; the default cuts the function table in two parts, each led by the name
expect_rc 0 "report --wide" "$SLSIM" report --wide "$tmp/queue-drain.h5"
[ "$(grep -c '^function ' "$tmp/out")" -eq 1 ] && grep -q '^function .*requests.* p99 ms.* max ms$' "$tmp/out" && ok ||
  bad "report --wide: the function table is not whole"
"$SLSIM" report "$tmp/queue-drain.h5" >"$tmp/narrow"
[ "$(grep -c '^function ' "$tmp/narrow")" -eq 2 ] && [ "$(grep -c '^consumer ' "$tmp/narrow")" -ge 2 ] && ok ||
  bad "report: the function table is not in two parts"
expect_rc 2 "report --table bogus" "$SLSIM" report --csv --table bogus "$tmp/queue-drain.h5"
expect_rc 2 "plot queue of a queueless result" "$SLSIM" plot "$tmp/api-steady.h5" --what queue -o "$tmp/nq.png"

# a graph: root requests, topics, buses and joins in the report, as text, CSV and JSON.  A fan-out
# of 4 async invokes (5 ms calls after 20 ms) joined at agg: every root completes at
# 20 + 4 x 5 + 100 + 5 + 50 = 195 ms; a publish to a topic with one subscription, a put on a bus
# whose one rule sends to the same function.
cat >"$tmp/graph.cfg" <<'CFG'
platform = "none"; pricing = "aws-us-east-1"; duration_s = 100.0;
sources = ( { name = "s"; target = "a"; arrival = { kind = "schedule"; period_s = 10.0; count = 1; at_s = 1.0; }; } );
functions = (
  { name = "a"; runtime = { init = { dist = "constant"; value_ms = 0.0; }; }; duration = { dist = "constant"; value_ms = 20.0; };
    emits = ( { kind = "invoke"; target = "w"; count = 4; join = "j"; api_latency = { dist = "constant"; value_ms = 5.0; }; },
              { kind = "publish"; target = "t"; api_latency = { dist = "constant"; value_ms = 0.0; }; },
              { kind = "put"; target = "b"; api_latency = { dist = "constant"; value_ms = 0.0; }; } ); },
  { name = "w"; runtime = { init = { dist = "constant"; value_ms = 0.0; }; }; duration = { dist = "constant"; value_ms = 100.0; };
    emits = ( { kind = "join"; target = "j"; api_latency = { dist = "constant"; value_ms = 5.0; }; } ); },
  { name = "agg"; runtime = { init = { dist = "constant"; value_ms = 0.0; }; }; duration = { dist = "constant"; value_ms = 50.0; }; },
  { name = "sink"; runtime = { init = { dist = "constant"; value_ms = 0.0; }; }; duration = { dist = "constant"; value_ms = 1.0; }; }
);
joins = ( { name = "j"; target = "agg"; } );
topics = ( { name = "t"; delivery_latency = { dist = "constant"; value_ms = 10.0; }; subscriptions = ( { target = "sink"; } ); } );
buses = ( { name = "b"; delivery_latency = { dist = "constant"; value_ms = 10.0; }; rules = ( { name = "r"; targets = ["sink"]; } ); } );
CFG
expect_rc 0 "run a graph" "$SLSIM" run "$tmp/graph.cfg" -o "$tmp/graph.h5"
grep -q '^root requests' "$tmp/out" && ok || bad "graph: no root requests table"
grep -q '^s  *10  *10  *0  *0  *0 ' "$tmp/out" && ok || bad "graph: 10 roots, all ok"
expect_rc 0 "report --table sources" "$SLSIM" report --csv --table sources "$tmp/graph.h5"
[ "$(awk -F, 'NR == 2 { printf "%s %s %.3f %.3f", $8, $9, $18, $22 }' "$tmp/out")" = "10 10 195.000 195.000" ] && ok \
  || bad "sources CSV: roots, ok, completion mean, running: $(sed -n 2p "$tmp/out")"
expect_rc 0 "report --table joins" "$SLSIM" report --csv --table joins "$tmp/graph.h5"
# the branches arrive at 130, 135, 140 and 145 ms: a spread of 15 ms
[ "$(sed -n 2p "$tmp/out")" = "j,agg,40,10,0,0,0,0,15,15,15" ] && ok || bad "joins CSV: $(sed -n 2p "$tmp/out")"
expect_rc 0 "report --table topics" "$SLSIM" report --csv --table topics "$tmp/graph.h5"
[ "$(sed -n 2p "$tmp/out")" = "t,10,10,10,0" ] && ok || bad "topics CSV: $(sed -n 2p "$tmp/out")"
expect_rc 0 "report --table buses" "$SLSIM" report --csv --table buses "$tmp/graph.h5"
[ "$(sed -n 2p "$tmp/out")" = "b,10,10,0,10,10,0,0,0,0,0,0" ] && ok || bad "buses CSV: $(sed -n 2p "$tmp/out")"
expect_rc 0 "plot a graph" "$SLSIM" plot "$tmp/graph.h5"
[ -s "$tmp/graph-roots.png" ] && ok || bad "plot of a graph draws no roots figure"
echo "not hdf5" >"$tmp/junk0.h5"
expect_rc 2 "plot roots of a non-HDF5 file" "$SLSIM" plot "$tmp/junk0.h5" --what roots -o "$tmp/r.png"
expect_rc 0 "report --json of a graph" "$SLSIM" report --json "$tmp/graph.h5"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["joins"][0]["fired"] == 10 and d["sources"][0]["roots_ok"] == 10 and d["buses"][0]["delivered"] == 10' <"$tmp/out" \
  && ok || bad "graph JSON"

# a state machine: a Map of 10 items of 100 ms at MaxConcurrency 3, with 10 ms transitions and
# 5 ms task calls, runs in ceil(10/3) = 4 waves of 115 ms after its own transition: 470 ms, 11
# transitions an execution (the Map and its 10 items), 10 executions; time in a state runs from
# the end of its transition: the Map 4 x 115 = 460 ms, an item 5 + 100 = 105 ms.
cat >"$tmp/sfn.cfg" <<'CFG'
platform = "none"; pricing = "aws-us-east-1"; duration_s = 100.0;
sources = ( { name = "s"; target = "m"; arrival = { kind = "schedule"; period_s = 10.0; count = 1; at_s = 1.0; }; } );
functions = ( { name = "w"; runtime = { init = { dist = "constant"; value_ms = 0.0; }; }; duration = { dist = "constant"; value_ms = 100.0; }; } );
state_machines = ( { name = "m"; start_at = "Each"; transition_latency = { dist = "constant"; value_ms = 10.0; };
  states = ( { name = "Each"; type = "map"; iterator = "Work"; items = 10; max_concurrency = 3; end = true; },
             { name = "Work"; type = "task"; resource = "w"; api_latency = { dist = "constant"; value_ms = 5.0; }; end = true; } ); } );
CFG
expect_rc 0 "run a state machine" "$SLSIM" run "$tmp/sfn.cfg" -o "$tmp/sfn.h5"
grep -q '^m  *standard  *10  *0  *10  *0  *0  *0  *470.[0-9]  *470.[0-9]  *11.00\( \|$\)' "$tmp/out" && ok ||
  bad "state machine row: $(grep '^m ' "$tmp/out")"
expect_rc 0 "report --table machines" "$SLSIM" report --csv --table machines "$tmp/sfn.h5"
[ "$(awk -F, 'NR == 2 { printf "%s %s %s %.1f %.0f", $3, $5, $9, $12, $14 }' "$tmp/out")" = "10 10 0 470.0 11" ] && ok ||
  bad "machines CSV: $(sed -n 2p "$tmp/out")"
expect_rc 0 "report --table states" "$SLSIM" report --csv --table states "$tmp/sfn.h5"
grep -q '^m,Each,map,10,0,0,0,460,' "$tmp/out" && grep -q '^m,Work,task,100,0,0,0,105,' "$tmp/out" && ok || bad "states CSV: $(cat "$tmp/out")"
expect_rc 0 "report --json of a state machine" "$SLSIM" report --json "$tmp/sfn.h5"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["machines"][0]["succeeded"] == 10 and d["states"][1]["entered"] == 100' <"$tmp/out" \
  && ok || bad "state machine JSON"

# the bill: projected to a month, per service and per function, with the alternatives
expect_rc 0 "report serverless-vs-always-on" "$SLSIM" report "$tmp/serverless-vs-always-on.h5"
grep -q 'PROJECTED from 1 d simulated (usage x 30)' "$tmp/out" && ok || bad "bill not marked projected"
for s in '^per service' '^per function' '^nat  *gateway-hours  *account  *24  *720  *hours ' '^hetzner-cx42  *vps  *peak'; do
  grep -q "$s" "$tmp/out" && ok || bad "bill lacks $s"
done
expect_rc 0 "report --table cost" "$SLSIM" report --csv --table cost "$tmp/serverless-vs-always-on.h5"
# every line's month quantity is its simulated quantity x 30, except the fixed NAT hours
awk -F, 'NR > 1 && $2 != "gateway-hours" { r = $6 / $5; if (r < 29.9999 || r > 30.0001) bad = 1 } END { exit bad }' \
  "$tmp/out" && ok || bad "cost lines are not usage x 30"
# the lines add up to the per-function summary
fn=$(awk -F, '$4 == "function" && $3 == "api" { s += $9 } END { printf "%.4f", s }' "$tmp/out")
"$SLSIM" report --json "$tmp/serverless-vs-always-on.h5" >"$tmp/json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.4f" % d["functions"][0]["cost_usd"])' "$tmp/json" \
  | grep -qx "$fn" && ok || bad "function cost_usd != sum of its lines ($fn)"
expect_rc 0 "report --table alternatives" "$SLSIM" report --csv --table alternatives "$tmp/serverless-vs-always-on.h5"
[ "$(grep -c ',peak,\|,autoscaled,' "$tmp/out")" -eq 6 ] && ok || bad "alternatives CSV: want 6 lines"
# free tier on lowers the bill; init_billing = never drops the INIT line
"$SLSIM" run "$TOP_SRCDIR/configs/serverless-vs-always-on.cfg" -o "$tmp/ft.h5" --quiet --set free_tier=true --set init_billing=never
"$SLSIM" report --csv --table cost "$tmp/ft.h5" >"$tmp/ft.csv"
grep -q '^lambda,init-' "$tmp/ft.csv" && bad "init_billing = never still bills INIT" || ok
awk -F, '$2 == "requests" { d = $9 - ($6 - 1e6) * 2e-7; exit (d > 1e-6 || d < -1e-6) }' "$tmp/ft.csv" && ok || bad "free tier: requests should be (month - 1 M) x \$0.20/M"

# replications and sweeps: any --jobs, task files merged, all give the same table
expect_rc 0 "run --reps" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/reps.h5" --reps 4 --jobs 3 --set duration_h=0.05
grep -q '^study: 1 point x 4 replications' "$tmp/out" && ok || bad "run --reps: no study table"
"$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/rep0.h5" --quiet --set duration_h=0.05
"$SLSIM" report --csv "$tmp/rep0.h5" >"$tmp/rep0.csv"
"$SLSIM" report --csv "$tmp/reps.h5" | cmp -s - "$tmp/rep0.csv" && ok || bad "replication 0 differs from the plain run"
sweep() {
  "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" --set duration_h=0.05 --vary functions.api.memory_mb=512,1024 \
    --vary functions.api.provisioned_concurrency=0:4:4 --reps 3 "$@"
}
expect_rc 0 "sweep --jobs 1" sweep -o "$tmp/sw1.h5" --quiet --jobs 1
expect_rc 0 "sweep --jobs 4" sweep -o "$tmp/sw4.h5" --quiet --jobs 4
"$SLSIM" report --csv --table ci "$tmp/sw1.h5" >"$tmp/ci1.csv"
"$SLSIM" report --csv --table ci "$tmp/sw4.h5" | cmp -s - "$tmp/ci1.csv" && ok || bad "sweep: --jobs changes the results"
[ "$(awk -F, '$4 == "bill"' "$tmp/ci1.csv" | wc -l)" -eq 4 ] && ok || bad "sweep: want 4 points with a bill row"
expect_rc 0 "sweep --list-tasks" sweep --list-tasks
[ "$(grep -c '^[0-9]' "$tmp/out")" -eq 12 ] && ok || bad "sweep: want 12 tasks listed"
for t in $(seq 0 11); do sweep --task "$t" -o "$tmp/task-$t.h5" --quiet; done
expect_rc 0 "merge" "$SLSIM" merge -o "$tmp/merged.h5" "$tmp"/task-*.h5
"$SLSIM" report --csv --table ci "$tmp/merged.h5" | cmp -s - "$tmp/ci1.csv" && ok || bad "merge of task files differs from the single run"
expect_rc 0 "plot --what sweep" "$SLSIM" plot "$tmp/merged.h5" --what sweep --metric p99_ms -o "$tmp/sweep.png"
[ -s "$tmp/sweep.png" ] && ok || bad "plot --what sweep wrote nothing"
expect_rc 0 "plot --what sweep (svg)" "$SLSIM" plot "$tmp/merged.h5" --what sweep --metric p99_ms -o "$tmp/sweep.svg"
grep -q '>api: memory (MB)<' "$tmp/sweep.svg" && grep -q 'api: p99 (ms), mean and 95 % CI of 3 replications' "$tmp/sweep.svg" &&
  ok || bad "the sweep's axes are not in words"
expect_rc 2 "plot --what sweep of an unknown metric" "$SLSIM" plot "$tmp/merged.h5" --what sweep --metric nope -o "$tmp/s2.png"
# JSON of a sweep: the grid, the runs and the whole CI table (the CSV's rows)
expect_rc 0 "report --json of a sweep" "$SLSIM" report --json "$tmp/merged.h5"
python3 - "$tmp/out" "$tmp/ci1.csv" <<'EOF' && ok || bad "sweep JSON"
import csv, json, sys
d = json.load(open(sys.argv[1]))["study"]
rows = list(csv.DictReader(open(sys.argv[2])))
assert d["points"] == 4 and d["replications"] == 3 and len(d["runs"]) == 12, d["points"]
assert d["varied"] == ["functions.api.memory_mb", "functions.api.provisioned_concurrency"]
assert d["point_values"][3] == ["1024", "4"], d["point_values"]
assert len(d["ci"]) == len(rows)
for j, c in zip(d["ci"], rows):
    assert j["metric"] == c["metric"] and (j["mean"] == float(c["mean"]) or c["mean"] == "nan"), (j, c)
EOF
expect_rc 2 "merge onto an existing file" "$SLSIM" merge -o "$tmp/merged.h5" "$tmp/task-0.h5"
expect_rc 2 "report --table ci of a plain result" "$SLSIM" report --csv --table ci "$tmp/rep0.h5"
grep -q 'not a study' "$tmp/err" && ok || bad "--table ci of a plain result: $(cat "$tmp/err")"
expect_rc 2 "merge of a plain result" "$SLSIM" merge -o "$tmp/m2.h5" "$tmp/rep0.h5"
expect_rc 2 "sweep --task out of range" sweep --task 12 -o "$tmp/t12.h5"
expect_rc 2 "sweep of a bad value" "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" --vary functions.api.memory_mb=512,99999 -o "$tmp/bad.h5"
grep -q 'sweep point 1: .*functions.api.memory_mb' "$tmp/err" && ok || bad "sweep: bad point not named: $(cat "$tmp/err")"
[ -e "$tmp/bad.h5" ] && bad "a failed sweep wrote a file" || ok
expect_rc 2 "sweep without --vary" "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/bad.h5"

# a sweep of the incident's knob: queues and downstreams get intervals too (kind in the last column)
expect_rc 0 "sweep queue-drain" "$SLSIM" sweep "$TOP_SRCDIR/configs/queue-drain.cfg" \
  --vary mappings.orders-consumer.maximum_concurrency=10,40 --reps 2 -o "$tmp/qd.h5" --quiet
"$SLSIM" report --csv --table ci "$tmp/qd.h5" >"$tmp/qd.csv"
[ "$(awk -F, '$4 == "peak_connections" && $NF == "downstream" { printf "%s ", $6 }' "$tmp/qd.csv")" = "10 40 " ] &&
  ok || bad "queue-drain sweep: downstream peak connections should be the caps 10 and 40"
[ "$(awk -F, '$3 == "orders" && $4 == "drain_time_s" && $5 == 2 && $6 > 0 { n++ } END { print n }' "$tmp/qd.csv")" = 2 ] &&
  ok || bad "queue-drain sweep: no drain time for both points"
expect_rc 0 "plot a queue metric of a sweep" "$SLSIM" plot "$tmp/qd.h5" --what sweep --entity orders \
  --metric drain_time_s -o "$tmp/drain.png"
expect_rc 2 "plot a metric an entity lacks" "$SLSIM" plot "$tmp/qd.h5" --what sweep --entity orders \
  --metric p99_ms -o "$tmp/bad.png"
grep -q 'orders has no metric p99_ms (it has: sent, ' "$tmp/err" && ok || bad "plot: no list of the queue's metrics"
expect_rc 2 "plot the drain time of a queue that never drains" "$SLSIM" plot "$tmp/qd.h5" --what sweep \
  --entity orders-dlq --metric drain_time_s -o "$tmp/bad.png"
[ -e "$tmp/bad.png" ] && bad "a refused plot wrote a file" || ok

# the scenario reference: `slsim keys` prints it from the schema; the committed Markdown and man
# page are exactly that (make reference), and the man page formats without a warning
expect_rc 0 "keys --markdown" "$SLSIM" keys --markdown
cmp -s "$tmp/out" "$TOP_SRCDIR/docs/scenario-reference.md" && ok || bad "docs/scenario-reference.md is stale (make reference)"
expect_rc 0 "keys --man" "$SLSIM" keys --man
cmp -s "$tmp/out" "$TOP_SRCDIR/docs/slsim-scenario.5" && ok || bad "docs/slsim-scenario.5 is stale (make reference)"
groff -man -ww -z "$TOP_SRCDIR/docs/slsim-scenario.5" 2>"$tmp/groff.err" && [ ! -s "$tmp/groff.err" ] && ok ||
  bad "slsim-scenario.5 does not format cleanly: $(head -3 "$tmp/groff.err")"
# slsim(1) is what --man prints, and formats cleanly; every command has its own --help
expect_rc 0 "--man" "$SLSIM" --man
cmp -s "$tmp/out" "$TOP_SRCDIR/docs/slsim.1" && ok || bad "docs/slsim.1 is stale (make reference)"
groff -man -ww -z "$TOP_SRCDIR/docs/slsim.1" 2>"$tmp/groff.err" && [ ! -s "$tmp/groff.err" ] && ok ||
  bad "slsim.1 does not format cleanly: $(head -3 "$tmp/groff.err")"
for c in run sweep merge validate check report plot keys; do
  expect_rc 0 "$c --help" "$SLSIM" $c --help
  mine=$(grep -c "^  $c " "$tmp/out") all=$(grep -c '^  [a-z]' "$tmp/out")
  [ "$mine" -ge 1 ] && [ "$mine" -eq "$all" ] && ok || bad "$c --help: $(head -2 "$tmp/out")"
  grep -q -- "^$c " "$TOP_SRCDIR/docs/slsim.1" || grep -q -- "^\.B $c " "$TOP_SRCDIR/docs/slsim.1" && ok || bad "slsim.1 lacks $c"
done
expect_rc 0 "run --help lists its options" "$SLSIM" run --help
for o in -o --seed --set --reps --jobs --quiet --progress --max-memory --max-events --max-wall --force; do
  grep -q -- "$o" "$tmp/out" && ok || bad "run --help does not mention $o"
done
expect_rc 0 "keys function" "$SLSIM" keys function
grep -q '^  memory_mb$' "$tmp/out" && grep -q '64\.\.32768; default 128' "$tmp/out" && grep -q 'Lambda 128-10,240' "$tmp/out" && ok || bad "keys function: memory_mb row"
expect_rc 0 "keys ENTITY.KEY" "$SLSIM" keys queue.visibility_timeout_s
grep -q '0 s\.\.12 h; default 30 s' "$tmp/out" && ok || bad "keys queue.visibility_timeout_s: $(cat "$tmp/out")"
expect_rc 2 "keys of no entity" "$SLSIM" keys fnction
grep -q 'did you mean "function"' "$tmp/err" && ok || bad "keys fnction: no suggestion"

# completion: the --set keys that extend a prefix, from the schema and the scenario's names; the
# bash completion script asks for them; the fuzzer's dictionary holds the same words
expect_rc 0 "keys --complete" "$SLSIM" keys --complete functions.api.mem "$TOP_SRCDIR/configs/api-steady.cfg"
[ "$(cat "$tmp/out")" = "functions.api.memory_mb" ] && ok || bad "keys --complete functions.api.mem: $(cat "$tmp/out")"
"$SLSIM" keys --complete functions. "$TOP_SRCDIR/configs/queue-drain.cfg" >"$tmp/out"
grep -qx 'functions.consumer.' "$tmp/out" && ok || bad "keys --complete functions.: $(tr '\n' ' ' <"$tmp/out")"
"$SLSIM" keys --complete sources.users.arrival.rate_per_ "$TOP_SRCDIR/configs/api-steady.cfg" >"$tmp/out"
[ "$(wc -l <"$tmp/out")" -eq 4 ] && grep -qx 'sources.users.arrival.rate_per_day' "$tmp/out" && ok ||
  bad "keys --complete rate_per_: $(tr '\n' ' ' <"$tmp/out")"
if command -v bash >/dev/null; then
  got=$(cd "$TOP_SRCDIR" && PATH="$(dirname "$SLSIM"):$PATH" bash -c '. scripts/slsim-completion.bash
    COMP_WORDS=(slsim run configs/api-steady.cfg --set functions.api.mem); COMP_CWORD=4; _slsim; echo "${COMPREPLY[*]}"
    COMP_WORDS=(slsim ch); COMP_CWORD=1; _slsim; echo "${COMPREPLY[*]}"
    COMP_WORDS=(slsim report --ta); COMP_CWORD=2; _slsim; echo "${COMPREPLY[*]}"')
  [ "$got" = "functions.api.memory_mb=
check
--table" ] && ok || bad "bash completion: $got"
  # every option a command's usage lines name (not its description, indented 8), the completion
  # offers for that command
  for c in run sweep merge validate check keys report plot; do
    want=$("$SLSIM" "$c" --help | grep -v '^        ' | grep -o -- '--[a-z][a-z-]*' | sort -u)
    have=$(cd "$TOP_SRCDIR" && bash -c ". scripts/slsim-completion.bash
      COMP_WORDS=(slsim $c --); COMP_CWORD=2; _slsim; printf '%s\n' \"\${COMPREPLY[@]}\"" | sort -u)
    missing=$(printf '%s\n' "$want" | while read -r o; do printf '%s\n' "$have" | grep -qx -- "$o" || printf '%s ' "$o"; done)
    [ -z "$missing" ] && ok || bad "bash completion of $c lacks: $missing"
  done
else
  bad "bash is not installed: the completion script is untested"
fi
(cd "$TOP_SRCDIR" && OUT="$tmp/dict" sh scripts/fuzz-dict.sh "$SLSIM" >/dev/null)
cmp -s "$tmp/dict" "$TOP_SRCDIR/tests/fuzz/scenario.dict" && ok || bad "tests/fuzz/scenario.dict is stale (scripts/fuzz-dict.sh)"

# --vary values are typed by the schema, every point before anything runs
expect_rc 2 "sweep with a value of the wrong type" "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" --set duration_h=0.05 \
  --vary functions.api.memory_mb=512,abc -o "$tmp/typed.h5"
grep -q 'sweep point 1: --vary functions.api.memory_mb=abc: expected an integer' "$tmp/err" && ok || bad "--vary typing: $(cat "$tmp/err")"
[ -e "$tmp/typed.h5" ] && bad "a refused sweep wrote its file" || ok

# the README's scenario examples load as written: the main one, each arrival it offers instead,
# with the queue and the bill blocks, and every distribution it shows
awk '/^```/ { if (inb && blk ~ /name = "checkout"/) printf "%s", blk > out; inb = !inb; blk = ""; next }
     inb { blk = blk $0 "\n" }' out="$tmp/readme.cfg" "$TOP_SRCDIR/README.md"
expect_rc 0 "README's example scenario" "$SLSIM" check "$tmp/readme.cfg"
n=0
grep -o 'or { kind = [^}]*}' "$tmp/readme.cfg" | sed 's/^or //' >"$tmp/arrivals"
while read -r a; do
  n=$((n + 1))
  sed "s|arrival = { kind = \"piecewise\";[^}]*};|arrival = $a;|" "$tmp/readme.cfg" >"$tmp/readme-$n.cfg"
  expect_rc 0 "README's arrival $a" "$SLSIM" check "$tmp/readme-$n.cfg"
done <"$tmp/arrivals"
[ "$n" -ge 6 ] && ok || bad "README: $n arrival alternatives found, expected 6"
for block in 'queues = ( { name = "orders"' 'alternatives = ('; do
  awk -v key="$block" '/^```/ { if (inb && index(blk, key)) printf "%s", blk > out; inb = !inb; blk = ""; next }
       inb { blk = blk $0 "\n" }' out="$tmp/block.cfg" "$TOP_SRCDIR/README.md"
  sed 's|^functions = (|functions = ( { name = "consumer"; runtime = "nodejs20"; duration = { dist = "constant"; value_ms = 10.0; }; },|' \
    "$tmp/readme.cfg" | cat - "$tmp/block.cfg" >"$tmp/readme-block.cfg"
  expect_rc 0 "README's block $block" "$SLSIM" check "$tmp/readme-block.cfg"
done
awk '/^```/ { if (inb && blk ~ /name = "graph-tour"/) printf "%s", blk > out; inb = !inb; blk = ""; next }
     inb { blk = blk $0 "\n" }' out="$tmp/tour.cfg" "$TOP_SRCDIR/README.md"
expect_rc 0 "README's graph scenario" "$SLSIM" check "$tmp/tour.cfg"
# the README's state machine, with the functions and the source it needs
{
  echo 'platform = "aws-lambda"; duration_s = 60.0;'
  echo 'sources = ( { name = "s"; target = "order"; arrival = { kind = "poisson"; rate_per_s = 1.0; }; } );'
  echo 'functions = ( { name = "charge"; duration = { dist = "constant"; value_ms = 10.0; }; },'
  echo '  { name = "pick"; duration = { dist = "constant"; value_ms = 10.0; }; },'
  echo '  { name = "refund"; duration = { dist = "constant"; value_ms = 10.0; }; } );'
  awk '/^```/ { if (inb && blk ~ /name = "order"; type = "standard"/) printf "%s", blk; inb = !inb; blk = ""; next }
       inb { blk = blk $0 "\n" }' "$TOP_SRCDIR/README.md"
} >"$tmp/machine.cfg"
grep -q 'state_machines' "$tmp/machine.cfg" && ok || bad "README: no state machine block"
expect_rc 0 "README's state machine" "$SLSIM" run "$tmp/machine.cfg" -o "$tmp/machine.h5"
n=0
grep -o '{ dist = "[a-z]*";[^}]*}' "$TOP_SRCDIR/README.md" | sort -u >"$tmp/dists"
while read -r d; do
  n=$((n + 1))
  sed "s|duration = { dist = \"lognormal\"; p50_ms = 120.0; p99_ms = 700.0; };|duration = $d;|" "$tmp/readme.cfg" >"$tmp/dist-$n.cfg"
  expect_rc 0 "README's distribution $d" "$SLSIM" check "$tmp/dist-$n.cfg"
done <"$tmp/dists"
[ "$n" -ge 8 ] && ok || bad "README: $n distributions found, expected 8"

# the validation report: the command writes the published report; no overwrite without --force
expect_rc 0 "validate" "$SLSIM" validate --jobs 2 -o "$tmp/validation.md"
cmp -s "$tmp/validation.md" "$TOP_SRCDIR/docs/validation.md" && ok || bad "validate: docs/validation.md is stale"
grep -q '^[0-9]* of [0-9]* pass$' "$tmp/out" && ok || bad "validate: no verdict line"
[ "$(grep -c ' pass$' "$tmp/out")" -ge 27 ] && ok || bad "validate: fewer than 27 rows pass"
expect_rc 2 "validate onto an existing report" "$SLSIM" validate -o "$tmp/validation.md"
expect_rc 2 "validate with a file" "$SLSIM" validate configs/api-steady.cfg

# under an MPI launcher's variables: SLSIM_MPI=0 makes one plain process (the same table); a
# build without MPI refuses several copies instead of letting each run the whole sweep
expect_rc 0 "SLSIM_MPI=0 under launcher variables" env OMPI_COMM_WORLD_SIZE=3 SLSIM_MPI=0 \
  "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" --set duration_h=0.05 --vary functions.api.memory_mb=512,1024 \
  --vary functions.api.provisioned_concurrency=0:4:4 --reps 3 -o "$tmp/plain.h5" --quiet
"$SLSIM" report --csv --table ci "$tmp/plain.h5" | cmp -s - "$tmp/ci1.csv" && ok || bad "SLSIM_MPI=0 changes the results"
"$SLSIM" --version >"$tmp/version"
if grep -q '(no MPI)' "$tmp/version"; then
  expect_rc 2 "3 copies without MPI" env OMPI_COMM_WORLD_SIZE=3 "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" \
    --vary functions.api.memory_mb=512,1024 -o "$tmp/nompi.h5"
  grep -q 'built without MPI' "$tmp/err" && ok || bad "no-MPI refusal: $(cat "$tmp/err")"
  [ -e "$tmp/nompi.h5" ] && bad "a refused sweep wrote a file" || ok
  expect_rc 2 "PMI_SIZE=2 run --reps without MPI" env PMI_SIZE=2 "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" \
    --reps 2 -o "$tmp/nompi.h5"
  [ -e "$tmp/nompi.h5" ] && bad "a refused run --reps wrote a file" || ok
  expect_rc 2 "SLSIM_MPI=1 without MPI" env SLSIM_MPI=1 "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" \
    --reps 2 -o "$tmp/nompi.h5"
  grep -q 'built without MPI' "$tmp/err" && ok || bad "SLSIM_MPI=1 without MPI: $(cat "$tmp/err")"
else # an MPI build names its library (tests/mpi.sh runs it under mpirun)
  grep -q '^slsim [0-9.]* (.*MPI.*)$' "$tmp/version" && ok || bad "--version: $(cat "$tmp/version")"
fi

# SVG and PDF
expect_rc 0 "plot svg" "$SLSIM" plot "$tmp/api-steady.h5" --what latency -o "$tmp/lat.svg"
grep -q '<svg' "$tmp/lat.svg" && ok || bad "SVG output"
expect_rc 2 "plot unknown kind" "$SLSIM" plot "$tmp/api-steady.h5" --what pie -o "$tmp/x.png"
expect_rc 2 "plot unknown extension" "$SLSIM" plot "$tmp/api-steady.h5" --what latency -o "$tmp/x.bmp"

# report formats
expect_rc 0 "report --csv" "$SLSIM" report --csv "$tmp/burst-throttle.h5"
[ "$(sed -n 2p "$tmp/out" | cut -d, -f4,5,8)" = "2000,1000,1000" ] && ok || bad "burst-throttle CSV: $(sed -n 2p "$tmp/out")"
expect_rc 0 "report --json" "$SLSIM" report --json "$tmp/api-steady.h5"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["functions"][0]["name"]=="api"' <"$tmp/out" && ok || bad "JSON does not parse"
expect_rc 2 "report of a missing file" "$SLSIM" report "$tmp/none.h5"
echo "not hdf5" >"$tmp/junk.h5"
expect_rc 2 "report of a non-HDF5 file" "$SLSIM" report "$tmp/junk.h5"

# an existing result is never overwritten without --force
cksum "$tmp/api-steady.h5" >"$tmp/sum1"
expect_rc 2 "run onto an existing file" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/api-steady.h5" --seed 5
grep -q 'exists; use --force' "$tmp/err" && ok || bad "overwrite message"
cksum "$tmp/api-steady.h5" | cmp -s - "$tmp/sum1" && ok || bad "existing result was modified"
expect_rc 0 "run --force" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/api-steady.h5" --seed 5 --force --quiet
cksum "$tmp/api-steady.h5" | cmp -s - "$tmp/sum1" && bad "--force did not replace the result" || ok

# same seed, same bytes of summary; --set reaches the model
"$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/s1.h5" --quiet --seed 9
"$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/s2.h5" --quiet --seed 9
"$SLSIM" report --csv "$tmp/s1.h5" >"$tmp/s1.csv"; "$SLSIM" report --csv "$tmp/s2.h5" >"$tmp/s2.csv"
cmp -s "$tmp/s1.csv" "$tmp/s2.csv" && ok || bad "same seed, different summary"
expect_rc 0 "--set" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/s3.h5" --quiet --seed 9 --set functions.api.memory_mb=2048
"$SLSIM" report --csv "$tmp/s3.h5" | sed -n 2p | cut -d, -f2 | grep -qx 2048 && ok || bad "--set memory_mb not applied"
# --set memory_mb scales the duration from the memory the file wrote (1 s all CPU at 512 MB:
# 500 ms at 1,024 MB, twice the vCPUs), and from the platform's 128 MB where it wrote none
cat >"$tmp/mem.cfg" <<'EOF'
duration_s = 300;
functions = ( { name = "f"; memory_mb = 512; cpu_fraction = 1.0; timeout_s = 30;
                duration = { dist = "constant"; value_ms = 1000; }; } );
sources = ( { name = "s"; target = "f"; arrival = { kind = "poisson"; rate_per_s = 1.0; }; } );
EOF
expect_rc 0 "--set memory_mb scales" "$SLSIM" run "$tmp/mem.cfg" -o "$tmp/mem.h5" --quiet --set functions.f.memory_mb=1024
"$SLSIM" report --csv "$tmp/mem.h5" | sed -n 2p | cut -d, -f14 | grep -qx 500 && ok || bad "memory_mb 1024 from 512: p50 not 500 ms"
sed 's/memory_mb = 512; //' "$tmp/mem.cfg" >"$tmp/mem128.cfg"
"$SLSIM" check "$tmp/mem128.cfg" --set functions.f.memory_mb=256 | grep -q 'ref_memory_mb = 128;' && ok || bad "unwritten memory: ref not 128"
"$SLSIM" check "$tmp/mem.cfg" --set functions.f.ref_memory_mb=1024 --set functions.f.memory_mb=256 | grep -q 'ref_memory_mb = 1024;' && ok || bad "a written ref_memory_mb was replaced"

# a capacity provider (Lambda Managed Instances): its row in the report's CSV and JSON, stepped by
# hand in tests/check_platform.c — instance A from before the run scaled in at 47 s, B launched at
# 1 s kept: 146 instance-s = 0.040556 h, 1 launch, 1 termination, 3 environments
cat >"$tmp/cp.cfg" <<'EOF'
platform = "aws-lambda-managed-instances"; duration_s = 100.0; sample_interval_s = 0.0;
capacity_providers = ( { name = "cp"; instance_type = "m7i.large"; min_instances = 1; scale_in_idle_s = 40.0; } );
functions = ( { name = "f"; capacity_provider = "cp"; memory_mb = 4096; vcpus = 1.0; instance_concurrency = 1;
  keep_alive_s = 5.0; max_lifetime_s = 0.0; runtime = { init = { dist = "constant"; value_ms = 100.0; }; };
  duration = { dist = "constant"; value_ms = 1000.0; }; } );
sources = ( { name = "a"; target = "f"; arrival = { kind = "batch"; count = 3; at_s = 0.0; }; client = { max_retries = 0; }; },
  { name = "b"; target = "f"; arrival = { kind = "batch"; count = 3; at_s = 1.0; }; client = { max_retries = 0; }; } );
EOF
"$SLSIM" run "$tmp/cp.cfg" -o "$tmp/cp.h5" >/dev/null 2>&1 || bad "capacity provider run"
"$SLSIM" report --csv --table capacity_providers "$tmp/cp.h5" | sed -n 2p |
  awk -F, '$1 == "cp" && $2 == "m7i.large" && $10 > 0.0405555 && $10 < 0.0405556 && $11 == 1 && $12 == 1 && $13 == 3 && $14 == 0 { found = 1 } END { exit !found }' &&
  ok || bad "capacity provider CSV row"
"$SLSIM" report --json "$tmp/cp.h5" | grep -q '"capacity_providers": \[' && ok || bad "capacity providers in the JSON"
"$SLSIM" report "$tmp/cp.h5" | grep -q '^cp  *m7i.large' && ok || bad "capacity providers in the text report"

# bad input: exit 2, a message naming file, line and key, nothing written
for cfg in "$TOP_SRCDIR"/tests/bad/*.cfg; do
  name=$(basename "$cfg" .cfg)
  want=$(sed -n 's/^# expect: //p' "$cfg")
  expect_rc 2 "bad/$name" "$SLSIM" run "$cfg" -o "$tmp/bad-$name.h5"
  grep -qF "$want" "$tmp/err" && ok || { bad "bad/$name message"; echo "  want: $want"; echo "  got:  $(cat "$tmp/err")"; }
  ls "$tmp" | grep -q "^bad-$name" && bad "bad/$name wrote a file" || ok
  expect_rc 2 "check bad/$name" "$SLSIM" check "$cfg"
done
expect_rc 2 "missing scenario" "$SLSIM" run "$tmp/nonexistent.cfg" -o "$tmp/x.h5"
expect_rc 2 "bad --seed" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" --seed abc -o "$tmp/x.h5"
expect_rc 2 "bad --set" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" --set functions.api.memory_mb=huge -o "$tmp/x.h5"
[ -e "$tmp/x.h5" ] && bad "a failed run wrote x.h5" || ok

# an unwritable output is a run-time failure (exit 1), not a crash; so is a missing directory.
# Root may write anywhere, so as root the unwritable case runs as nobody (setpriv, util-linux) in
# a directory nobody can reach; if nobody cannot run the binary at all (a build under a private
# home), that is an explicit SKIP, counted in the summary.
expect_rc 1 "output in a missing directory" "$SLSIM" run "$TOP_SRCDIR/configs/burst-throttle.cfg" -o "$tmp/nodir/x.h5" --quiet
grep -q 'nodir/x.h5: cannot create a file there: No such file or directory' "$tmp/err" && ok || bad "missing directory: $(cat "$tmp/err")"
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/ro" && chmod 500 "$tmp/ro"
  expect_rc 1 "unwritable output" "$SLSIM" run "$TOP_SRCDIR/configs/burst-throttle.cfg" -o "$tmp/ro/x.h5" --quiet
  grep -q 'ro/x.h5: cannot create a file there: Permission denied' "$tmp/err" && ok || bad "unwritable: $(cat "$tmp/err")"
else
  ro=$(mktemp -d /tmp/slsim-ro-XXXXXX) && chmod 755 "$ro" && mkdir "$ro/ro" && chmod 555 "$ro/ro"
  asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  if asnobody "$SLSIM" --version >/dev/null 2>&1 && asnobody test -r "$TOP_SRCDIR/configs/burst-throttle.cfg"; then
    expect_rc 1 "unwritable output (as nobody)" asnobody "$SLSIM" run "$TOP_SRCDIR/configs/burst-throttle.cfg" -o "$ro/ro/x.h5" --quiet
    grep -q 'ro/x.h5: cannot create a file there: Permission denied' "$tmp/err" && ok || bad "unwritable: $(cat "$tmp/err")"
    [ -z "$(ls -A "$ro/ro")" ] && ok || bad "unwritable: something was written"
  else
    skip "unwritable output: user nobody cannot run $SLSIM or read the scenarios (or setpriv is missing)"
  fi
  rm -rf "$ro"
fi

# a full disk (a file-size limit stands in for it: the same failed write(2)) is exit 1 with the
# errno, and nothing is left behind; so is a full standard output
(ulimit -f 40 && "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/full.h5" --set duration_h=0.2 \
  --quiet >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc")
[ "$(cat "$tmp/rc")" = 1 ] && ok || bad "full disk: exit $(cat "$tmp/rc"), expected 1"
grep -q 'full.h5: cannot write: File too large' "$tmp/err" && ok || bad "full disk: message $(cat "$tmp/err")"
ls "$tmp" | grep -q '^full.h5' && bad "full disk left a file behind" || ok
expect_rc 1 "report to a full stdout" sh -c '"$1" report --csv "$2" >/dev/full' sh "$SLSIM" "$tmp/api-steady.h5"
grep -q 'No space left on device' "$tmp/err" && ok || bad "report >/dev/full: $(cat "$tmp/err")"
expect_rc 1 "check to a full stdout" sh -c '"$1" check "$2" >/dev/full' sh "$SLSIM" "$TOP_SRCDIR/configs/api-steady.cfg"

# two writers without --force: one result is published, the other kept and named (or refused
# before its run when the first was already done): none is lost, none overwritten
for k in 1 2; do
  ("$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/race.h5" --seed $k --set duration_h=0.5 --quiet \
    >"$tmp/race$k.out" 2>"$tmp/race$k.err"; echo $? >"$tmp/race$k.rc") &
done
wait
r1=$(cat "$tmp/race1.rc") r2=$(cat "$tmp/race2.rc")
case "$r1$r2" in 01 | 10 | 02 | 20) ok ;; *) bad "two writers: exits $r1 $r2" ;; esac
loser=$([ "$r1" = 0 ] && echo 2 || echo 1)
"$SLSIM" report --csv "$tmp/race.h5" >/dev/null && ok || bad "two writers: the published result does not read"
if [ "$(cat "$tmp/race$loser.rc")" = 1 ]; then
  kept=$(sed -n 's/.*this result is in \(.*\)$/\1/p' "$tmp/race$loser.err")
  [ -n "$kept" ] && "$SLSIM" report --csv "$kept" >/dev/null && ok ||
    bad "two writers: the second result was lost: $(cat "$tmp/race$loser.err")"
  rm -f "$kept"
else
  grep -q 'exists; use --force' "$tmp/race$loser.err" && ok || bad "two writers: $(cat "$tmp/race$loser.err")"
fi

# SIGTERM (Slurm's) and SIGHUP during a run remove its temporary file (SIGINT takes the same path; a
# script's background job starts with SIGINT ignored, and slsim leaves an ignored signal ignored)
printf '%s\n' 'duration_d = 30.0; sample_interval_s = 0.0;' \
  'functions = ( { name = "f"; runtime = "nodejs20"; duration = { dist = "constant"; value_ms = 10.0; }; } );' \
  'sources = ( { name = "u"; target = "f"; arrival = { kind = "poisson"; rate_per_s = 100000.0; }; } );' \
  >"$tmp/long.cfg"
for sig in TERM HUP; do
  "$SLSIM" run "$tmp/long.cfg" -o "$tmp/long.h5" --quiet 2>/dev/null &
  pid=$!
  n=0
  while ! ls "$tmp" | grep -q '^long.h5.tmp.' && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
  kill -s $sig $pid
  wait $pid
  rc=$?
  [ $rc -gt 128 ] && ok || bad "SIG$sig: exit $rc, expected death by the signal"
  ls "$tmp" | grep -q '^long.h5' && bad "SIG$sig left $(ls "$tmp" | grep '^long.h5')" || ok
done

# numbers no run can hold: refused with exit 2, before anything runs
expect_rc 2 "--seed -1" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" --seed -1 -o "$tmp/x.h5"
expect_rc 2 "--task -1" sweep --task -1 -o "$tmp/x.h5"
expect_rc 2 "a grid of 2^30 points" "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/x.h5" \
  --vary seed=1:1024:1 --vary functions.api.memory_mb=1:1024:1 --vary functions.api.reserved_concurrency=1:1024:1
grep -q 'over 1000000 tasks' "$tmp/err" && ok || bad "grid overflow: $(cat "$tmp/err")"
expect_rc 2 "a grid of 2^32 points" "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" -o "$tmp/x.h5" \
  --vary seed=1:65536:1 --vary functions.api.memory_mb=1:65536:1
[ -e "$tmp/x.h5" ] && bad "a refused command wrote x.h5" || ok
expect_rc 2 "a directory as the scenario" "$SLSIM" check "$tmp"
grep -q 'is a directory' "$tmp/err" && ok || bad "directory as scenario: $(cat "$tmp/err")"

# guard rails: check estimates the memory a run needs (without building it) and refuses what
# cannot fit; limits stop a run with a message and write nothing; --progress reports
expect_rc 0 "check estimates memory" "$SLSIM" check "$TOP_SRCDIR/configs/api-steady.cfg"
grep -q '^# memory: a run needs about .* at the peak (largest part: ' "$tmp/out" && ok || bad "check: no memory line"
# a month sampled every second: 2.6 M rows x 12 columns, 249 MB of time series, of which one chunk
# of 8 MiB (stats/series.h) is in memory — the rest goes to a temporary file
expect_rc 0 "a month sampled every second fits 64M" "$SLSIM" check "$TOP_SRCDIR/configs/api-steady.cfg" \
  --set duration_h=720 --set sample_interval_s=1 --max-memory 64M
grep -q 'time series: 87381 of 2592000 samples x 12 columns' "$tmp/out" && ok || bad "series chunk: $(grep memory "$tmp/out")"
expect_rc 2 "check over --max-memory" "$SLSIM" check "$TOP_SRCDIR/configs/api-steady.cfg" --set duration_h=720 \
  --set sample_interval_s=1 --max-memory 4M
grep -q 'needs about .* (largest part: .*time series' "$tmp/err" && ok ||
  bad "memory refusal: $(cat "$tmp/err")"
expect_rc 2 "run over --max-memory" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" --set duration_h=720 \
  --set sample_interval_s=1 --max-memory 4M -o "$tmp/x.h5"
expect_rc 1 "--max-events" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" --max-events 1000 -o "$tmp/x.h5"
grep -q 'run stopped after --max-events 1000 events at .* simulated seconds; nothing written' "$tmp/err" && ok ||
  bad "--max-events: $(cat "$tmp/err")"
expect_rc 1 "--max-wall" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" --max-wall 1e-6 -o "$tmp/x.h5"
grep -q 'run stopped after --max-wall 1e-06 s' "$tmp/err" && ok || bad "--max-wall: $(cat "$tmp/err")"
printf '%s\n' 'duration_s = 120.0; sample_interval_s = 0.0;' \
  'functions = ( { name = "f"; runtime = "nodejs20"; duration = { dist = "constant"; value_ms = 10.0; };' \
  '  message_error_rate = 1.0; } );' \
  'queues = ( { name = "q"; visibility_timeout_s = 30.0; max_receive_count = 1000; } );' \
  'mappings = ( { name = "m"; queue = "q"; function = "f"; } );' \
  'sources = ( { name = "u"; target = "q"; arrival = { kind = "poisson"; rate_per_s = 20000.0; }; } );' \
  >"$tmp/grow.cfg"
expect_rc 1 "a run that outgrows --max-memory" "$SLSIM" run "$tmp/grow.cfg" --max-memory 64M -o "$tmp/x.h5"
grep -q 'its state grew past 64.0 MiB' "$tmp/err" && ok || bad "memory stop: $(cat "$tmp/err")"
expect_rc 1 "sweep stopped by a limit" sweep --max-events 1000 -o "$tmp/x.h5" --quiet
[ -e "$tmp/x.h5" ] && bad "a stopped command wrote x.h5" || ok
expect_rc 0 "run --progress" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" --set duration_h=0.05 --progress \
  --quiet -o "$tmp/prog.h5"
grep -q '^slsim: 100% of the simulated time (180 of 180 s)' "$tmp/err" && ok || bad "--progress: $(cat "$tmp/err")"
expect_rc 0 "sweep --progress" sweep --progress --quiet -o "$tmp/progs.h5"
grep -q '^slsim: 12 of 12 runs done' "$tmp/err" && ok || bad "sweep --progress: $(cat "$tmp/err")"
expect_rc 2 "a study whose results would not fit" "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" \
  --vary seed=1:1000:1 --reps 1000 --max-memory 1G -o "$tmp/x.h5"
grep -q 'largest part: the results of 1000000 runs, kept for the study' "$tmp/err" && ok || bad "study memory: $(cat "$tmp/err")"
expect_rc 2 "--max-memory junk" "$SLSIM" run "$TOP_SRCDIR/configs/api-steady.cfg" --max-memory lots -o "$tmp/x.h5"

# a scenario over 64 KB (an HDF5 attribute's limit) is stored whole, with the overrides; names of
# 80 characters (SQS's limit) come back whole from the result
long=f234567890123456789012345678901234567890123456789012345678901234567890123456789x
{
  echo 'duration_s = 60.0; sample_interval_s = 10.0;'
  echo 'functions = ('
  i=0
  while [ $i -lt 900 ]; do
    echo "  { name = \"f$i\"; runtime = \"nodejs20\"; duration = { dist = \"constant\"; value_ms = 10.0; }; },"
    i=$((i + 1))
  done
  echo "  { name = \"$long\"; runtime = \"nodejs20\"; duration = { dist = \"constant\"; value_ms = 10.0; }; } );"
  echo "sources = ( { name = \"u\"; target = \"$long\"; arrival = { kind = \"poisson\"; rate_per_s = 5.0; }; } );"
} >"$tmp/big.cfg"
[ "$(wc -c <"$tmp/big.cfg")" -gt 65536 ] && ok || bad "big.cfg is not over 64 KB"
expect_rc 0 "a scenario over 64 KB" "$SLSIM" run "$tmp/big.cfg" -o "$tmp/big.h5" --quiet --set seed=7
h5dump -d /scenario_text "$tmp/big.h5" | grep -q 'name = "f899"' && ok || bad "the stored scenario text is cut"
h5dump -d /overrides "$tmp/big.h5" | grep -q 'seed=7' && ok || bad "the overrides are not stored"
"$SLSIM" report --csv "$tmp/big.h5" | grep -q "^$long," && ok || bad "an 80-character name does not come back whole"
expect_rc 0 "plot an 80-character name" "$SLSIM" plot "$tmp/big.h5" --what latency -o "$tmp/big.svg"

# the layout documented in docs/hdf5-layout.md
h5dump -H "$tmp/api-steady.h5" >"$tmp/layout" 2>&1
for obj in '/summary/functions' '/cost' '/timeseries/api' '/latency/api' '/init_latency/api'; do
  leaf=${obj##*/}
  grep -q "DATASET \"$leaf\"" "$tmp/layout" && ok || bad "HDF5 lacks $obj"
done
# a source that is its function's only caller links its roots' histograms to the function's
[ "$(grep -c 'SOFTLINK "users"' "$tmp/layout")" -eq 2 ] && grep -q 'LINKTARGET "/latency/api"' "$tmp/layout" && ok ||
  bad "api-steady's source histograms are not links to /latency/api"
# ... which read as the function's: the roots figure draws them
expect_rc 0 "plot roots of a one-function result" "$SLSIM" plot "$tmp/api-steady.h5" --what roots -o "$tmp/as-roots.png"

# every model, plot template and config is in the distribution (Makefile.am lists them)
for f in "$TOP_SRCDIR"/models/*/*.cfg "$TOP_SRCDIR"/plots/*.gp "$TOP_SRCDIR"/configs/*.cfg; do
  rel=${f#"$TOP_SRCDIR"/}
  grep -q "$rel" "$TOP_SRCDIR/Makefile.am" && ok || bad "$rel is not listed in Makefile.am"
done

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
