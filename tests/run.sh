#!/bin/sh
# run.sh BUILD KAOHE - run every test: the cmocka unit tests in BUILD/tests,
# the data-driven cases in tests/cases, the end-to-end scripts in
# tests/e2e. Prints one line a test and, last, "N passed, N failed".
set -u
build=$1
kaohe=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0 failed=""
out=$(mktemp -d "${TMPDIR:-/tmp}/kaohe-tests.XXXXXX")
trap 'rm -rf "$out"' EXIT

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); failed="$failed $1"; echo "FAIL $1"; }

# 1. unit tests
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=unit/$(basename "$t")
    if "$t" > "$out/unit.log" 2>&1; then ok "$name"
    else bad "$name"; sed 's/^/    /' "$out/unit.log" | tail -30; fi
done

# 2. data-driven cases: tests/cases/NAME/{cmd,expected,exit}
export KAOHE_TODAY=2020-06-30
for d in "$top"/tests/cases/*/; do
    [ -f "$d/cmd" ] || continue
    name=case/$(basename "$d")
    w="$out/case"
    rm -rf "$w" && cp -r "$d" "$w"
    want_exit=$(cat "$d/exit" 2>/dev/null || echo 0)
    (cd "$w" && eval "\"$kaohe\" $(cat cmd)" > actual 2> stderr)
    got_exit=$?
    if [ "$got_exit" != "$want_exit" ]; then
        bad "$name"; echo "    exit $got_exit, want $want_exit"; sed 's/^/    /' "$w/stderr" | head -5
    elif [ -f "$d/expected" ] && ! cmp -s "$d/expected" "$w/actual"; then
        bad "$name"; diff "$d/expected" "$w/actual" | head -20 | sed 's/^/    /'
    else ok "$name"; fi
done

# 3. end-to-end scripts: each exits 0 on success
for t in "$top"/tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    [ "$(basename "$t")" = lib.sh ] && continue
    name=e2e/$(basename "$t" .sh)
    w="$out/e2e" && rm -rf "$w" && mkdir -p "$w"
    if (cd "$w" && KAOHE="$kaohe" TOP="$top" sh "$t") > "$out/e2e.log" 2>&1; then ok "$name"
    else bad "$name"; sed 's/^/    /' "$out/e2e.log" | tail -25; fi
done

[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
