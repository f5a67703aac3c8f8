#!/bin/sh
# fuzz-smoke.sh [SECONDS] - run each libFuzzer harness of build-fuzz/fuzz
# (make fuzz) for SECONDS (default 25) from its seed corpus fuzz/corpus/X
# with its dictionary fuzz/dict/X.dict; what it finds goes to a scratch
# folder, never into the repository. Fails when a harness finds a crash,
# a leak, a sanitizer report or an input slower than 10 s. Prints each
# harness's executions and coverage from libFuzzer's own last lines.
# A long campaign: docs/fuzzing.md.
#
# fuzz-smoke.sh --available: exit 0 when clang can build a libFuzzer
# harness with ASan and UBSan here (.ci/run runs the smoke test only then).
set -u
if [ "${1:-}" = --available ]; then
    command -v "${FUZZ_CC:-clang}" > /dev/null 2>&1 || exit 1
    t=$(mktemp -d "${TMPDIR:-/tmp}/kaohe-fz.XXXXXX")
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' > "$t/t.c"
    "${FUZZ_CC:-clang}" -fsanitize=fuzzer,address,undefined -o "$t/t" "$t/t.c" > /dev/null 2>&1
    rc=$?
    rm -rf "$t"
    exit $rc
fi
secs=${1:-25}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kaohe-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
for bin in "$top"/build-fuzz/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    h=$(basename "$bin")
    k=${h#fuzz_}
    mkdir -p "$work/$k"
    set -- -max_total_time="$secs" -seed=1 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/$k-"
    [ -f "$top/fuzz/dict/$k.dict" ] && set -- "$@" -dict="$top/fuzz/dict/$k.dict"
    if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
       UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       "$bin" "$@" "$work/$k" "$top/fuzz/corpus/$k" > "$work/$k.log" 2>&1; then
        pass=$((pass + 1))
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$k.log")
        cov=$(grep -o 'cov: [0-9]*' "$work/$k.log" | tail -1)
        echo "ok   fuzz/$k: $runs runs, $cov in ${secs}s"
    else
        fail=$((fail + 1))
        echo "FAIL fuzz/$k"
        grep -v '^#\|^INFO\|^MERGE' "$work/$k.log" | tail -30 | sed 's/^/    /'
        for a in "$work/$k"-*; do
            [ -f "$a" ] && echo "    input: $(od -An -c "$a" | head -3 | tr -s ' ')"
        done
    fi
done
echo "fuzz-smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
