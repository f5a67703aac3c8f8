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

# wait_until SECONDS CMD... : run CMD every 0.05 s until it succeeds; fail
# when it has not within SECONDS. What the tests use instead of a fixed
# sleep: they go on as soon as the condition holds, however slow the
# machine, and a condition that never holds is a failure, not a hang.
wait_until() {
    wu_limit=$1
    shift
    wu_end=$(($(date +%s) + wu_limit))
    until "$@"; do
        [ "$(date +%s)" -lt "$wu_end" ] || fail "waited ${wu_limit}s for: $*"
        sleep 0.05
    done
}

# dump DB : the database's whole content as SQL text.
dump() { sqlite3 "$1" .dump; }
# unchanged BASE DB BEFORE_SQL : 0 when DB holds what BASE held (its dump
# BEFORE_SQL): at once when the file is byte for byte BASE's and no
# write-ahead log holds more (a strictly sufficient condition), else by
# comparing the dumps. The allocation-failure loops call it for every N.
unchanged() {
    if cmp -s "$1" "$2" && [ ! -s "$2-wal" ]; then return 0; fi
    dump "$2" > "$2.after.sql"
    cmp -s "$3" "$2.after.sql"
}

# copydb FROM TO : a copy of a database (checkpointed first; no stale WAL).
copydb() {
    sqlite3 "$1" "pragma wal_checkpoint(truncate)" > /dev/null || fail "checkpoint $1"
    rm -f "$2" "$2-wal" "$2-shm"
    cp "$1" "$2" || fail "copy $1"
}

# failmalloc_shim : tests/e2e/failmalloc.c built, $shim its path (for
# LD_PRELOAD, KH_FAIL_AFTER=N); under AddressSanitizer the test is skipped.
failmalloc_shim() {
    if [ -n "${ASAN_OPTIONS:-}" ]; then
        echo "skipped under AddressSanitizer (it must be the first preloaded library)"
        exit 0
    fi
    command -v cc > /dev/null || fail "needs a C compiler for the shim"
    cc -shared -fPIC -O1 -o failmalloc.so "$TOP/tests/e2e/failmalloc.c" -ldl || fail "build the shim"
    shim=$PWD/failmalloc.so
}

# alloc_next_n STRIDE : n becomes the allocation to make fail after the
# n-th (n=0 starts a loop, and its count alloc_runs). With
# KH_ALLOC_FULL=1 (make check-alloc) every STRIDE-th; else the gaps grow
# with n (at least STRIDE, then n/16), so that a run of 100,000
# allocations is sampled along its whole length in about a hundred runs
# instead of thousands (make check).
alloc_runs=0
alloc_next_n() {
    [ "$n" -eq 0 ] && alloc_runs=0
    alloc_runs=$((alloc_runs + 1))
    if [ -n "${KH_ALLOC_FULL:-}" ]; then
        n=$((n + $1))
    else
        _s=$((n / 16))
        [ "$_s" -gt "$1" ] || _s=$1
        n=$((n + _s))
    fi
}
# alloc_said STRIDE : how the allocations were chosen, for the messages
alloc_said() {
    if [ -n "${KH_ALLOC_FULL:-}" ]; then
        [ "$1" = 1 ] && echo "each" || echo "every ${1}th"
    else
        echo "$((alloc_runs + 1)) sampled (gaps from $1 growing with the count)"
    fi
}

# need_browser : fail unless Debian's chromium and web/'s vendored echarts
# are there (the browser tests).
need_browser() {
    [ -x /usr/bin/chromium ] || fail "Debian's chromium is needed (tools/deps.sh)"
    [ -f "$TOP/web/vendor/echarts.min.js" ] ||
        fail "web/vendor/echarts.min.js missing: run make (npm ci in web/)"
}

# serve_start [--tmp] ARGS... : `kaohe serve ARGS` in the background (its
# output in srv.out, its log in srv.log; with --tmp, TMPDIR=$PWD/srvtmp),
# waited for until it prints its address: $pid, $URL (http://127.0.0.1:N);
# stopped (stop) on exit.
stop() { kill -TERM $pid 2>/dev/null; }
serve_start() {
    rm -f srv.out
    if [ "$1" = --tmp ]; then
        shift
        TMPDIR=$PWD/srvtmp "$KAOHE" serve "$@" > srv.out 2> srv.log &
    else
        "$KAOHE" serve "$@" > srv.out 2> srv.log &
    fi
    pid=$!
    trap stop EXIT
    i=0
    while ! grep -q "http://" srv.out 2>/dev/null; do
        i=$((i + 1))
        [ $i -gt 100 ] && { cat srv.log >&2; fail "server did not start"; }
        sleep 0.1
    done
    URL=$(sed -n 's#.*\(http://127.0.0.1:[0-9]*\)/.*#\1#p' srv.out)
}

# The JSON API with curl, against $URL.
# api NAME METHOD PATH [curl args]: body NAME.json, status NAME.code (and
# the headers NAME.hdr with API_HDR=1).
api() {
    n=$1 m=$2 p=$3
    shift 3
    [ -n "${API_HDR:-}" ] && set -- -D "$n.hdr" "$@"
    curl -s -o "$n.json" -w '%{http_code}' -X "$m" "$@" "$URL$p" > "$n.code"
}
want() { # NAME CODE
    [ "$(cat "$1.code")" = "$2" ] ||
        fail "$1: status $(cat "$1.code"), want $2: $(cat "$1.json")"
}
js() { python3 -c "import json; d = json.load(open('$1.json', encoding='utf-8')); print(($2))"; }
login() { # USER PASSWORD: cookie jar USER.jar, CSRF token in USER.csrf
    api "login_$1" POST /api/login -c "$1.jar" \
        -H 'Content-Type: application/json' \
        -d "{\"user\":\"$1\",\"password\":\"$2\"}"
    want "login_$1" 200
    js "login_$1" 'd["csrf"]' > "$1.csrf"
}
# as USER NAME METHOD PATH [curl args]: api with USER's cookie (and its
# CSRF token with AS_CSRF=1).
as() {
    u=$1
    shift
    n=$1 m=$2 p=$3
    shift 3
    [ -n "${AS_CSRF:-}" ] && set -- -H "X-CSRF-Token: $(cat "$u.csrf")" "$@"
    api "$n" "$m" "$p" -b "$u.jar" "$@"
}

# wait_job USER NAME ID : poll GET /api/jobs/ID as USER until the job is
# done (a minute at most); NAME.json has its last state
wait_job() { # USER NAME ID: poll until done; NAME.json
    k=0
    while :; do
        as "$1" "$2" GET "/api/jobs/$3"
        want "$2" 200
        [ "$(js "$2" 'd["phase"]')" = done ] && break
        k=$((k + 1))
        [ $k -gt 600 ] && fail "job $3 did not finish: $(cat "$2.json")"
        sleep 0.1
    done
}
post() { # USER NAME PATH FILE: the file's bytes with USER's CSRF token
    as "$1" "$2" POST "$3" -H "X-CSRF-Token: $(cat "$1.csrf")" \
        -H 'Content-Type: application/octet-stream' --data-binary "@$4"
}

# years_db DB : issue 13's years: the clean case's regions and registry
# for 2018 and 2019, the users admin (系统管理员, admin-pass-2020) and
# 陇川员 (县级 of 陇川县, county-pass-2020), and a problem of 2019 that
# refers to its year.
years_db() {
    expect_exit 0 "$KAOHE" init --db "$1"
    expect_exit 0 "$KAOHE" import regions "$CASES/clean_utf8/regions.csv" --db "$1"
    for y in 2018 2019; do
        expect_exit 0 "$KAOHE" import registry "$CASES/clean_utf8/registry.csv" --year $y --db "$1"
    done
    echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
        --role 系统管理员 --password-stdin --db "$1"
    echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
        --role 县级 --region 533124000000 --password-stdin --db "$1"
    KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region 533124000000 \
        --source 暗访 --category 扶贫措施不精准 --text 走访记录不实 --year 2019 --db "$1"
}

# sheet NAME 'PYTHON' : the plan sheet plan.csv (`rectify export`) edited
# by the code (h: the header, rows: the data rows, col(name): a column's
# index), written to NAME as CSV.
sheet() {
    python3 - "$1" "$2" <<'PY' || fail "writing $1"
import csv, sys
rows = list(csv.reader(open("plan.csv", encoding="utf-8-sig")))
h, rows = rows[0], rows[1:]
col = h.index
exec(sys.argv[2])
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows([h] + rows)
PY
}
