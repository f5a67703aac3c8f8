#!/bin/sh
# run.sh BUILD KAOHE - run the tests: the cmocka unit tests in BUILD/tests,
# the data-driven cases in tests/cases, the end-to-end scripts in
# tests/e2e. Prints one line a test as each finishes ("ok   NAME" or
# "FAIL NAME" followed by what went wrong) and, last, "N passed, N failed".
#
#   T="e2e/rectify case/id_rules unit/test_csv"   only these (a name, or
#       the start of names before a slash: T=e2e runs every e2e script,
#       T=case/xlsx* every case whose name starts with xlsx)
#   X="e2e/ui*"   leave these out (the same forms as T)
#   JOBS=N   tests run N at a time (default: the cores + 1); each
#       runs in its own scratch folder, so any order is the same.
#
# The slowest tests start first: each run keeps the times in
# BUILD/test-times for the next (name, wall seconds, CPU seconds of its
# processes; tests/test-times is such a file kept for a fresh checkout,
# `make test-times` renews it from the last run); the run ends with the CPU time of all its tests, which the
# machine's load does not change as it changes the wall time.
#
# A data case is tests/cases/NAME/{cmd,expected,exit,expected_stderr}: the
# command line after `kaohe`, run in a copy of the folder with
# KAOHE_TODAY=2020-06-30; its standard output must equal `expected` (when
# there is one), its exit code `exit` (default 0) and its standard error
# `expected_stderr` (when there is one; a case without that file does not
# compare standard error).
set -u
build=$1
kaohe=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
top=$(cd "$(dirname "$0")/.." && pwd)

# ---- one test (run by the parent below through xargs) ----
if [ "${3:-}" = --one ]; then
    name=$4 out=$KH_TEST_OUT
    safe=$(echo "$name" | tr / _)
    w="$out/w/$safe" log="$out/log/$safe" rep="$out/rep/$safe"
    mkdir -p "$w"
    start=$(date +%s.%N)
    st=ok
    case $name in
    unit/*)
        "$build/tests/${name#unit/}" > "$log" 2>&1 || {
            st=FAIL
            sed 's/^/    /' "$log" | tail -30 > "$rep"
        } ;;
    case/*)
        d="$top/tests/cases/${name#case/}"
        rm -rf "$w" && cp -r "$d" "$w"
        want_exit=$(cat "$d/exit" 2>/dev/null || echo 0)
        (cd "$w" && export KAOHE_TODAY=2020-06-30 &&
            eval "\"$kaohe\" $(cat cmd)" > actual 2> stderr)
        got_exit=$?
        if [ "$got_exit" != "$want_exit" ]; then
            st=FAIL
            { echo "    exit $got_exit, want $want_exit"
              sed 's/^/    /' "$w/stderr" | head -5; } > "$rep"
        elif [ -f "$d/expected" ] && ! cmp -s "$d/expected" "$w/actual"; then
            st=FAIL
            diff "$d/expected" "$w/actual" | head -20 | sed 's/^/    /' > "$rep"
        elif [ -f "$d/expected_stderr" ] &&
            ! cmp -s "$d/expected_stderr" "$w/stderr"; then
            st=FAIL
            { echo "    standard error differs from expected_stderr:"
              diff "$d/expected_stderr" "$w/stderr" | head -20 |
                  sed 's/^/    /'; } > "$rep"
        fi ;;
    e2e/*)
        if ! (cd "$w" && export KAOHE_TODAY=2020-06-30 &&
            KAOHE="$kaohe" TOP="$top" sh "$top/tests/e2e/${name#e2e/}.sh") \
            > "$log" 2>&1; then
            st=FAIL
            sed 's/^/    /' "$log" | tail -25 > "$rep"
        fi ;;
    esac
    end=$(date +%s.%N)
    # the CPU time of the test's processes (user + system), which the
    # machine's load does not change: `times`' second line
    times > "$out/time/$safe.cpu"
    cpu=$(awk 'NR == 2 { n = 0
        for (i = 1; i <= 2; i++) { split($i, a, "m"); n += a[1] * 60 + a[2] }
        printf "%.1f", n }' "$out/time/$safe.cpu")
    rm -f "$out/time/$safe.cpu"
    echo "$name $(echo "$start $end" | awk '{printf "%.1f", $2 - $1}') ${cpu:-0}" \
        > "$out/time/$safe"
    echo "$st" > "$out/res/$safe"
    # One test's lines together, whatever the others print meanwhile.
    if [ "$st" = ok ]; then
        flock "$out/lock" echo "ok   $name"
    else
        flock "$out/lock" sh -c 'echo "FAIL $1"; cat "$2" 2>/dev/null' \
            sh "$name" "$rep"
    fi
    [ "$st" = ok ] && rm -rf "$w"
    exit 0
fi

# ---- the list, the order, the run ----
out=$(mktemp -d "${TMPDIR:-/tmp}/kaohe-tests.XXXXXX")
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/w" "$out/log" "$out/rep" "$out/res" "$out/time"
: > "$out/lock"

{
    for t in "$build"/tests/test_*; do
        [ -x "$t" ] && [ -f "$t" ] && echo "unit/$(basename "$t")"
    done
    for d in "$top"/tests/cases/*/; do
        [ -f "$d/cmd" ] && echo "case/$(basename "$d")"
    done
    for t in "$top"/tests/e2e/*.sh; do
        [ -f "$t" ] && [ "$(basename "$t")" != lib.sh ] &&
            echo "e2e/$(basename "$t" .sh)"
    done
} > "$out/all"

# T: the names wanted (exact, a prefix before "/", or a shell pattern).
if [ -n "${T:-}" ]; then
    : > "$out/list"
    set -f # (the patterns are not file names)
    for pat in $T; do
        pat=${pat%/}
        while read -r n; do
            case $n in $pat | $pat/*) echo "$n" ;; esac
        done < "$out/all" >> "$out/list"
    done
    set +f
    sort -u "$out/list" -o "$out/list"
    if [ ! -s "$out/list" ]; then
        echo "no test matches T=$T (names: unit/test_x, case/NAME, e2e/NAME)"
        echo "0 passed, 1 failed"
        exit 1
    fi
else
    cp "$out/all" "$out/list"
fi
# X: the names left out (the same forms as T).
if [ -n "${X:-}" ]; then
    set -f # (the patterns are not file names)
    for pat in $X; do
        pat=${pat%/}
        while read -r n; do
            case $n in $pat | $pat/*) ;; *) echo "$n" ;; esac
        done < "$out/list" > "$out/list.x"
        mv "$out/list.x" "$out/list"
    done
    set +f
fi

# Slowest first: by the last run's times, else (a fresh checkout) by those
# kept in tests/test-times (a run on an idle 2-core machine); a test in
# neither first.
times="$build/test-times"
[ -f "$times" ] || : > "$times" 2>/dev/null
awk 'FILENAME == ARGV[1] { t[$1] = $2; next }
     FILENAME == ARGV[2] { if (!($1 in t)) t[$1] = $2; next }
     { print (($1 in t) ? t[$1] : 100000), $1 }' "$times" \
    "$top/tests/test-times" "$out/list" |
    sort -k1,1 -g -r -s | cut -d' ' -f2 > "$out/order"

# One more than the cores: a test waiting on a server, a browser or a
# timer leaves a core to another (on 2 cores, make check took 164 s with 2
# at a time, 147 s with 3, 161 s with 4).
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
jobs=${JOBS:-$((cores + 1))}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
KH_TEST_OUT=$out xargs -r -P "$jobs" -n 1 sh "$0" "$build" "$kaohe" --one \
    < "$out/order"

pass=0 fail=0 failed=""
while read -r n; do
    r=$(cat "$out/res/$(echo "$n" | tr / _)" 2>/dev/null || echo FAIL)
    if [ "$r" = ok ]; then pass=$((pass + 1))
    else fail=$((fail + 1)) failed="$failed $n"; fi
done < "$out/order"

# Keep the times of this run (and those of tests not run this time).
if [ -w "$build" ] || [ -w "$times" ]; then
    cat "$out"/time/* > "$out/new" 2>/dev/null
    awk 'FILENAME == ARGV[1] { t[$1] = $2 " " $3; next }
        !($1 in t) { print } END { for (n in t) print n, t[n] }' \
        "$out/new" "$times" > "$out/times" 2>/dev/null
    sort "$out/times" > "$times" 2>/dev/null || true
fi

# The CPU time the tests took (wall time depends on the machine's load).
cat "$out"/time/* 2>/dev/null | awk '{ c += $3 } END {
    printf "CPU time of the tests: %.0f s (user + system)\n", c }'
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
