# A year cannot be emptied by accident (issue #18): an import that would
# replace a stored year with fewer than half its households is refused
# unless --replace is given (replace=1 over HTTP, the web's confirmation),
# and the refusal says how many households the year holds and how many the
# import has; a registry of a header and a line blank but for the formula
# guard ("'<TAB>") is no_data in check and in import, not an empty year.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
expect_exit 0 "$KAOHE" gen --persons 400 --seed 3 --out g
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
had=$(sqlite3 k.db "select count(*) from household where year = 2019")
[ "$had" -ge 20 ] || fail "the generated year has $had households"
data() {
    sqlite3 "$1" "select * from snapshot; select * from household;
                  select * from member; select * from finding;"
}
before=$(data k.db)

# 1. The guard line: no_data, nothing changed.
{ head -1 g/registry.csv; printf "'\t\n"; } > blank.csv
expect_exit 1 "$KAOHE" check g/regions.csv blank.csv
grep -q "【没有数据行】" out.txt || fail "check: no_data: $(cat out.txt)"
expect_exit 1 "$KAOHE" import registry blank.csv --year 2019 $DB
[ "$(data k.db)" = "$before" ] || fail "the blank file changed the year"

# 2. The first households only (all their members): fewer than half.
hh=$(head -2 g/registry.csv | tail -1 | cut -d, -f1)
{ head -1 g/registry.csv; grep "^$hh," g/registry.csv; } > few.csv
few=1
expect_exit 2 "$KAOHE" import registry few.csv --year 2019 $DB
grep -q "2019 年现有 $had 户，本次导入只有 $few 户" err.txt || fail "counts (zh): $(cat err.txt)"
grep -q "year 2019 holds $had households and this import has only $few" err.txt ||
    fail "counts (en): $(cat err.txt)"
grep -q -- "--replace" err.txt || fail "the hint: $(cat err.txt)"
[ "$(data k.db)" = "$before" ] || fail "a refused import changed the year"
# keep_valid counts what would be stored
expect_exit 2 "$KAOHE" import registry few.csv --year 2019 $DB --keep-valid --rejects rej.csv
[ "$(data k.db)" = "$before" ] || fail "a refused --keep-valid import changed the year"
[ ! -e rej.csv ] || fail "a refused import left its reject file"
# a new year is not guarded; half or more is not guarded
expect_exit 0 "$KAOHE" import registry few.csv --year 2020 $DB
half=$(( (had + 1) / 2 ))
python3 - g/registry.csv half.csv "$half" <<'PY' || fail "make half.csv"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
want, seen, out = int(sys.argv[3]), [], [rows[0]]
for r in rows[1:]:
    if r[0] not in seen:
        if len(seen) == want:
            break
        seen.append(r[0])
    out.append(r)
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(out)
PY
cp k.db k2.db
expect_exit 0 "$KAOHE" import registry half.csv --year 2019 --db k2.db
# --replace: replaced
expect_exit 0 "$KAOHE" import registry few.csv --year 2019 $DB --replace
[ "$(sqlite3 k.db "select count(*) from household where year = 2019")" = $few ] ||
    fail "--replace replaced the year"

# 3. Over HTTP: refused (replace_needed) until replace=1.
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
before=$(data k.db)
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
serve_start $DB --listen 127.0.0.1:0 --threads 2
login admin admin-pass-2020
wait_done() { # NAME ID
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
post admin a "/api/imports?year=2019&name=few.csv" few.csv
want a 202
wait_done ad "$(js a 'd["id"]')"
[ "$(js ad 'd["result"]["status"], d["result"]["error"]["code"]')" = "('refused', 'replace_needed')" ] ||
    fail "web refusal: $(cat ad.json)"
grep -q "现有 $had 户" ad.json || fail "web refusal counts: $(cat ad.json)"
[ "$(data k.db)" = "$before" ] || fail "a refused web import changed the year"
post admin b "/api/imports?year=2019&name=few.csv&replace=2" few.csv
want b 400
post admin c "/api/imports?year=2019&name=few.csv&replace=1" few.csv
want c 202
wait_done cd "$(js c 'd["id"]')"
[ "$(js cd 'd["result"]["status"]')" = imported ] || fail "web replace=1: $(cat cd.json)"
[ "$(sqlite3 k.db "select count(*) from household where year = 2019")" = $few ] ||
    fail "replace=1 replaced the year"
echo ok
