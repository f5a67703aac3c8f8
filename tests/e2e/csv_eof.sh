# A quoted field whose last decodable byte is a quote or a carriage return,
# followed by bytes that are not UTF-8 (or GB18030): once a hang in every
# CSV reader (issue #18). Every consumer of CSV files now stops with the
# encoding error, and an import leaves the database as it was; over HTTP
# the assessment run with such an inputs file answers (it never did).
# The upload of such a registry to POST /api/imports: tests/e2e/serve_xls.sh.
. "$TOP/tests/e2e/lib.sh"
D=$CASES/assess_hebei

printf '"a\nb"\377' > u8.csv
printf '\357\273\277"a\nb\r\377' > bom.csv
python3 -c "
import sys
sys.stdout.buffer.write('\"户编号\n姓名\"'.encode('gb18030') + b'\xff')" > gb.csv

# run_t WANT CMD... : CMD must end within 20 s with exit WANT and an
# encoding error on stderr (timeout's 124 is a hang).
run_t() {
    want=$1; shift
    timeout 20 "$@" > out.txt 2> err.txt
    got=$?
    [ "$got" = 124 ] && fail "hangs: $*"
    [ "$got" = "$want" ] || { cat err.txt >&2; fail "exit $got, want $want: $*"; }
    grep -q 'encoding\|编码\|字节序列' out.txt err.txt || { cat out.txt err.txt >&2; fail "no encoding error: $*"; }
}

expect_exit 0 "$KAOHE" init --db k.db
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" --db k.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db k.db
dump k.db > before.sql

for f in u8.csv bom.csv gb.csv; do
    run_t 1 "$KAOHE" check "$f"
    run_t 1 "$KAOHE" check "$D/regions.csv" "$f"
    run_t 1 "$KAOHE" import registry "$f" --year 2019 --db k.db
    run_t 1 "$KAOHE" import registry "$f" --year 2019 --db k.db --keep-valid --rejects rej.csv
    run_t 2 "$KAOHE" assess run --scheme hebei-city-2016 --year 2019 --level 市 --inputs "$f" --db k.db
    run_t 1 "$KAOHE" import roster "$f" --year 2019 --db k.db
done
dump k.db > after.sql
cmp -s before.sql after.sql || fail "a refused import changed the database"

# POST /api/assessments/.../run with the file as its inputs: an answer.
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin --db k.db
echo 'group-pass-2020' | expect_exit 0 "$KAOHE" user add 考核 \
    --role 考核组 --password-stdin --db k.db
serve_start --db k.db --listen 127.0.0.1:0 --threads 2
curl -s -o login.json -c j.jar -H 'Content-Type: application/json' \
    -d '{"user":"考核","password":"group-pass-2020"}' "$URL/api/login"
CSRF=$(js login 'd["csrf"]')
for f in u8.csv bom.csv gb.csv; do
    code=$(curl -s --max-time 30 -o run.json -w '%{http_code}' -b j.jar \
        -H "X-CSRF-Token: $CSRF" -F "inputs=@$f" \
        "$URL/api/assessments/hebei-city-2016/2019/%E5%B8%82/run")
    [ "$code" = 422 ] || [ "$code" = 400 ] || fail "run with $f: status $code (000: no answer in 30 s): $(cat run.json)"
    grep -q 'encoding\|编码\|字节序列' run.json || fail "run with $f: $(cat run.json)"
done
[ "$(sqlite3 k.db "select count(*) from assess_run")" = 0 ] || fail "a run was stored"
echo ok
