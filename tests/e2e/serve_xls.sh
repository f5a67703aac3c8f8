# Files that crash or hang a reader, through `kaohe check` and through
# `kaohe serve`'s POST /api/imports (issue #18): an XLS file on which
# freexl_open dies of SIGSEGV (tests/e2e/freexl_crash.c makes freexl do
# so for a marked file, as libfreexl 1.0.6 does on some malformed files;
# under ASan the sanitizer turns the SIGSEGV into SIGABRT),
# XLS files kaohe's own checks refuse before freexl sees them, and the CSV
# that once hung csv_next. Each is refused with "无法读取该文件" or its
# own error; the server goes on answering, the one-import-at-a-time lock
# is free again (a good file imports right after), the database is as it
# was.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
command -v cc > /dev/null || fail "needs a C compiler for the shim"
cc -shared -fPIC -O1 -o freexl_crash.so "$TOP/tests/e2e/freexl_crash.c" -ldl ||
    fail "build the shim"
# Under ASan the shim comes before the sanitizer's runtime: allow it.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"

cp "$CASES/xls_clean/registry.xls" good.xls
python3 - "$CASES/xls_clean/registry.xls" crash.xls <<'PY' || fail "make crash.xls"
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[0x1B0:0x1B0 + 13] = b"KH_CRASH_MARK"  # unused DIFAT slots of the header
open(sys.argv[2], "wb").write(d)
PY
for k in long_record dims_overflow cell_length; do
    python3 "$CASES/make_bad_xls.py" $k $k.xls || fail "make $k.xls"
done
printf '"a\nb"\377' > hang.csv

# 1. The command line: the crash is the child's, kaohe reports it.
LD_PRELOAD=$PWD/freexl_crash.so timeout 60 "$KAOHE" check crash.xls > out.txt 2> err.txt
rc=$?
[ $rc = 1 ] || { cat err.txt >&2; fail "check crash.xls: exit $rc, want 1"; }
grep -q "无法读取该文件：文件已损坏或格式不受支持" out.txt || fail "check crash.xls: $(cat out.txt)"
grep -q "信号 [0-9]" out.txt || fail "check crash.xls names the signal: $(cat out.txt)"
LD_PRELOAD=$PWD/freexl_crash.so expect_exit 0 "$KAOHE" check good.xls

# 2. The server.
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$CASES/clean_utf8/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$CASES/clean_utf8/registry.csv" --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
data() {
    sqlite3 "$1" "select * from snapshot; select * from household;
                  select * from member; select * from finding;"
}
before=$(data k.db)

export LD_PRELOAD=$PWD/freexl_crash.so
serve_start $DB --listen 127.0.0.1:0 --threads 2
unset LD_PRELOAD
login admin admin-pass-2020
wait_done() { # NAME ID: poll until the import is done; NAME.json
    k=0
    while :; do
        as admin "$1" GET "/api/imports/$2"
        want "$1" 200
        [ "$(js "$1" 'd["phase"]')" = done ] && break
        k=$((k + 1))
        [ $k -gt 600 ] && fail "import $2 did not finish: $(cat "$1.json")"
        sleep 0.1
    done
}
refused() { # FILE TEXT: FILE uploaded for 2019 is refused with TEXT
    post admin up "/api/imports?year=2019&name=$1" "$1"
    want up 202
    wait_done upd "$(js up 'd["id"]')"
    [ "$(js upd 'd["result"]["status"]')" = refused ] || fail "$1: $(cat upd.json)"
    grep -q "$2" upd.json || fail "$1: no '$2' in $(cat upd.json)"
    kill -0 $pid 2> /dev/null || fail "$1: the server died"
    [ "$(data k.db)" = "$before" ] || fail "$1 changed the data"
}
refused crash.xls "无法读取该文件：文件已损坏或格式不受支持"
refused crash.xls "signal [0-9]"
refused long_record.xls "65535"
refused dims_overflow.xls "16777216"
refused cell_length.xls "无法读取该文件"
refused hang.csv "encoding"

# The lock is free and the server answers: a good XLS imports now.
post admin ok "/api/imports?year=2020&name=good.xls" good.xls
want ok 202
wait_done okd "$(js ok 'd["id"]')"
[ "$(js okd 'd["result"]["status"]')" = imported ] || fail "good.xls after the crashes: $(cat okd.json)"
[ "$(sqlite3 k.db "select count(*) from snapshot where year = 2020")" = 1 ] ||
    fail "the 2020 snapshot is stored"
# No reading child is left behind.
sleep 0.2
[ -z "$(ps -o pid= --ppid $pid 2> /dev/null)" ] || fail "a child of the server is left: $(ps --ppid $pid)"
echo ok
