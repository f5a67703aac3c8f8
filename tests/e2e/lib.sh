# lib.sh - helpers for the end-to-end scripts (sourced; $KAOHE and $TOP set
# by tests/run.sh, the current directory is a fresh scratch folder).
set -u
export KAOHE_TODAY=2020-06-30
CASES=$TOP/tests/cases

fail() { echo "FAILED: $*" >&2; exit 1; }

# expect_exit CODE CMD... : run CMD, fail unless it exits CODE.
expect_exit() {
    want=$1; shift
    "$@" > out.txt 2> err.txt
    got=$?
    [ "$got" = "$want" ] || { cat err.txt >&2; fail "exit $got, want $want: $*"; }
}

# dump DB : the database's whole content as SQL text.
dump() { sqlite3 "$1" .dump; }
