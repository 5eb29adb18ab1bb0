#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The MPI driver end to end: `mpirun -np N slsim sweep|run --reps` on one machine writes the file a
# single process writes (compared object by object with h5diff), deals the tasks out evenly, and
# refuses what it cannot do.  Run by `make check` when configure found MPI (HAVE_MPI).
set -u
: "${SLSIM:?}" "${TOP_SRCDIR:?}" "${MPIRUN:?}"
. "$TOP_SRCDIR/tests/testlib.sh"

# Open MPI refuses root without --allow-run-as-root and more ranks than cores without
# --oversubscribe; MPICH's mpirun takes neither.  Open MPI does not free its own allocations at
# MPI_Finalize, and its plugins' stacks cannot be named in a suppression file, so LeakSanitizer
# is off for the launched ranks (AddressSanitizer's other checks stay on; check_study runs the
# packing of runs under LeakSanitizer).
# One machine needs shared memory only: Open MPI is held to its ob1 messaging over shared memory
# (btl self,vader) and copies through it rather than across processes (cross-memory attach is
# refused where ptrace is restricted), so the fabric and network providers Debian's build probes
# at start-up (libfabric, UCX, PSM) are never tried — a CI machine's MPI start-up then depends on
# nothing but the machine (mpi4py's CI, for one, turns cross-memory attach off the same way).
mpi="$MPIRUN"
if "$MPIRUN" --version 2>&1 | grep -q 'Open MPI'; then
  mpi="$MPIRUN --allow-run-as-root --oversubscribe"
  OMPI_MCA_pml=ob1 OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
  export OMPI_MCA_pml OMPI_MCA_btl OMPI_MCA_btl_vader_single_copy_mechanism
fi
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
# same A B OBJECT WHAT: OBJECT is equal in A and B; else WHAT fails, with h5diff's first differences
same() {
  if h5diff -q "$1" "$2" "$3"; then ok; else
    bad "$4"
    h5diff -r "$1" "$2" "$3" 2>&1 | head -20
  fi
}
cfg="$TOP_SRCDIR/configs/cold-start-basics.cfg"
fn=$("$SLSIM" check "$cfg" | sed -n 's/^ *name = "\([^"]*\)";.*/\1/p' | sed -n 2p)
[ -n "$fn" ] && ok || bad "no function name in $cfg"
grid="--vary functions.$fn.memory_mb=512,1024,2048 --vary functions.$fn.runtime=python3.12,java21 --reps 4"

# the reference: one process, all 24 tasks
# shellcheck disable=SC2086
expect_rc 0 "sweep in one process" "$SLSIM" sweep "$cfg" $grid -o "$tmp/one.h5" --quiet
for np in 2 3; do
  # shellcheck disable=SC2086
  expect_rc 0 "mpirun -np $np sweep" $mpi -np $np "$SLSIM" sweep "$cfg" $grid --jobs 2 -o "$tmp/np$np.h5"
  same "$tmp/one.h5" "$tmp/np$np.h5" /study "-np $np: /study differs from one process"
  "$SLSIM" report --csv --table ci "$tmp/one.h5" >"$tmp/a.csv"
  "$SLSIM" report --csv --table ci "$tmp/np$np.h5" >"$tmp/b.csv"
  cmp -s "$tmp/a.csv" "$tmp/b.csv" && ok || { bad "-np $np: CI table differs"; diff "$tmp/a.csv" "$tmp/b.csv" | head; }
  # 24 tasks dealt round robin: 12 12 over 2 ranks, 8 8 8 over 3
  want=$(awk -v n=$np 'BEGIN { for (k = 0; k < n; k++) printf " %d", int((24 - k + n - 1) / n) }')
  grep -q "^$np MPI ranks .* x 2 threads; tasks run per rank:$want\$" "$tmp/out" && ok ||
    { bad "-np $np: expected tasks per rank$want; mpirun printed:"; cat "$tmp/out" "$tmp/err"; }
  [ "$(grep -c '^wrote ' "$tmp/out")" -eq 1 ] && ok || { bad "-np $np: not one 'wrote' line"; cat "$tmp/out"; }
done
ls "$tmp" | grep -q '\.tmp\.' && bad "temporary files left behind" || ok

# queues and downstreams travel too: the incident's knob swept over 2 ranks
qd="$TOP_SRCDIR/configs/queue-drain.cfg"
qv="--vary mappings.orders-consumer.maximum_concurrency=10,40,100 --reps 3"
# shellcheck disable=SC2086
expect_rc 0 "queue-drain sweep in one process" "$SLSIM" sweep "$qd" $qv -o "$tmp/qd1.h5" --quiet
# shellcheck disable=SC2086
expect_rc 0 "mpirun -np 2 queue-drain sweep" $mpi -np 2 "$SLSIM" sweep "$qd" $qv -o "$tmp/qd2.h5" --quiet
for obj in queues downstreams functions ci; do
  same "$tmp/qd1.h5" "$tmp/qd2.h5" "/study/$obj" "queue-drain: /study/$obj differs under MPI"
done

# run --reps over ranks: the same study and the same replication-0 run at the root
expect_rc 0 "run --reps in one process" "$SLSIM" run "$cfg" --reps 5 -o "$tmp/reps1.h5" --quiet
expect_rc 0 "mpirun -np 2 run --reps" $mpi -np 2 "$SLSIM" run "$cfg" --reps 5 -o "$tmp/reps2.h5"
grep -q "tasks run per rank: 3 2\$" "$tmp/out" && ok ||
  { bad "run --reps 5: expected 3 2 tasks per rank; mpirun printed:"; cat "$tmp/out" "$tmp/err"; }
for obj in $(h5ls "$tmp/reps1.h5" | awk '$1 != "command_line" { print $1 }'); do
  same "$tmp/reps1.h5" "$tmp/reps2.h5" "/$obj" "run --reps: /$obj differs under MPI"
done
# the command line is the one thing that differs: each file records its own
h5dump -d /command_line "$tmp/reps2.h5" | grep -q -- "--reps 5 -o $tmp/reps2.h5" && ok ||
  bad "run --reps: /command_line does not record the command"

# refusals: each exits 2 and leaves the existing file as it was
cp "$tmp/one.h5" "$tmp/keep.h5"
# shellcheck disable=SC2086
expect_rc 2 "existing output without --force" $mpi -np 2 "$SLSIM" sweep "$cfg" $grid -o "$tmp/keep.h5"
grep -q 'exists; use --force' "$tmp/err" && ok || bad "no 'exists' message"
[ "$(grep -c 'exists; use --force' "$tmp/err")" -eq 1 ] && ok || bad "the 'exists' message came from more than rank 0"
cmp -s "$tmp/one.h5" "$tmp/keep.h5" && ok || bad "existing output changed"
expect_rc 2 "run without --reps under 2 ranks" $mpi -np 2 "$SLSIM" run "$cfg" -o "$tmp/single.h5"
grep -q 'give --reps N' "$tmp/err" && ok || bad "run under MPI: no hint"
[ ! -e "$tmp/single.h5" ] && ok || bad "run under MPI wrote a file"
# shellcheck disable=SC2086
expect_rc 2 "--task under 2 ranks" $mpi -np 2 "$SLSIM" sweep "$cfg" $grid --task 3 -o "$tmp/task.h5"
[ ! -e "$tmp/task.h5" ] && ok || bad "--task under MPI wrote a file"
expect_rc 2 "bad --vary value under 2 ranks" $mpi -np 2 "$SLSIM" sweep "$cfg" \
  --vary "functions.$fn.memory_mb=64" -o "$tmp/badvary.h5"
grep -q 'memory_mb' "$tmp/err" && ok || bad "bad --vary: key not named"
[ ! -e "$tmp/badvary.h5" ] && ok || bad "bad --vary under MPI wrote a file"
ls "$tmp" | grep -q '\.tmp\.' && bad "temporary files left behind after refusals" || ok

echo "mpi.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
