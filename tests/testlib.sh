# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the shell tests (cli.sh, mpi.sh): a scratch directory and pass/fail counting.
# Sourced with SLSIM and TOP_SRCDIR set; the caller prints the counts and exits on them.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; } # said and counted, never silent
expect_rc() { # expected-rc description command...
  rc_want=$1 rc_what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; rc_got=$?
  if [ "$rc_got" -eq "$rc_want" ]; then ok; else bad "$rc_what: exit $rc_got, expected $rc_want"; cat "$tmp/err"; fi
}
