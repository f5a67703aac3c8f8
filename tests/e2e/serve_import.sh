# Registry imports over HTTP (kaohe serve), with curl against a server
# started here on 127.0.0.1: an import whose progress reaches 100% and
# stores what `kaohe import registry` stores; an import with rejects
# (keep_valid=1) whose reject file is the CLI's, its download audited; a
# file with errors refused with row and column, nothing changed; a county
# officer's file with a household of another county refused on that row;
# a county officer refused a year holding other counties; roles refused;
# CSRF; too large; a second import while one runs answers 409.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
C1=533124000000 # 陇川县
cp "$CASES/clean_utf8/registry.csv" clean.csv
cp "$CASES/id_rules/registry.csv" bad.csv
# two counties: the cases' 陇川县 and a second county, 盈江县
{
    cat "$CASES/clean_utf8/regions.csv"
    echo '533123000000,盈江县,533100000000,县,,是,,,50'
    echo '533123100000,平原镇,533123000000,乡,,,,,'
    echo '533123100201,允燕村,533123100000,村,,,否,500,'
} > regions.csv
# a file with one household in 盈江县 (row 3 of the data)
sed -n '1,3p' clean.csv > mixed.csv
sed -n '4p' clean.csv | sed 's/^H002,533124100202,/H009,533123100201,/' >> mixed.csv

expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions regions.csv $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
    --role 县级 --region $C1 --password-stdin $DB
echo 'town-pass-2020' | expect_exit 0 "$KAOHE" user add 章凤员 \
    --role 乡级 --region 533124100000 --password-stdin $DB
echo 'audit-pass-2020' | expect_exit 0 "$KAOHE" user add 审计员 \
    --role 审计 --password-stdin $DB

# The CLI's results, in a database of their own, to compare with.
expect_exit 0 "$KAOHE" init --db cli.db
expect_exit 0 "$KAOHE" import regions regions.csv --db cli.db
expect_exit 0 "$KAOHE" import registry bad.csv --year 2020 --db cli.db \
    --keep-valid --rejects cli_rej.csv

mkdir srvtmp
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2 --max-upload 16777216
wait_done() { # USER NAME ID: poll until the import is done; NAME.json
    k=0
    while :; do
        as "$1" "$2" GET "/api/imports/$3"
        want "$2" 200
        [ "$(js "$2" 'd["phase"]')" = done ] && break
        k=$((k + 1))
        [ $k -gt 600 ] && fail "import $3 did not finish: $(cat "$2.json")"
        sleep 0.1
    done
}
data() { # DB: the registry tables, not the audit log
    sqlite3 "$1" "select * from snapshot; select * from household;
                  select * from member; select * from finding;"
}
login admin admin-pass-2020
login 陇川员 county-pass-2020
login 章凤员 town-pass-2020
login 审计员 audit-pass-2020

# 1. A clean file: imported; progress reaches 100%; what the CLI stores.
post admin ok "/api/imports?year=2019&name=clean.csv" clean.csv
want ok 202
ID=$(js ok 'd["id"]')
wait_done admin okd "$ID"
[ "$(js okd 'd["percent"], d["result"]["status"], d["result"]["households"], d["result"]["persons"], d["rows"]')" = \
  "(100, 'imported', 2, 3, 3)" ] || fail "clean import: $(cat okd.json)"
[ "$(js okd 'd["file"], d["year"], d["rejects"]')" = "('clean.csv', 2019, None)" ] ||
    fail "clean import: $(cat okd.json)"
[ "$(sqlite3 k.db "select group_concat(hh_id) from household where year = 2019")" = H001,H002 ] ||
    fail "2019 stored"
[ "$(sqlite3 k.db "select source from snapshot where year = 2019")" = clean.csv ] ||
    fail "the snapshot's source is the upload's name"
sha=$(sha256sum clean.csv | cut -d' ' -f1)
[ "$(js okd 'd["sha256"]')" = "$sha" ] || fail "sha256"
python3 - "$sha" <<'PY' || fail "audit entry of the import"
import json, sqlite3, sys
db = sqlite3.connect("k.db")
rows = db.execute("select who, outcome, object, records, after from audit"
                  " where action = 'import.registry'").fetchall()
assert len(rows) == 1, rows
who, outcome, obj, records, after = rows[0]
a = json.loads(after)
assert (who, outcome, obj, records) == ("admin", "ok", "registry/2019", 2), rows
assert a["file"] == "clean.csv" and a["sha256"] == sys.argv[1], a
assert (a["rows"], a["households"], a["persons"], a["errors"]) == (3, 2, 3, 0), a
PY
# what the CLI stores for the same file
expect_exit 0 "$KAOHE" import registry clean.csv --year 2019 --db cli.db
[ "$(sqlite3 k.db "select * from household where year = 2019" | cut -d'|' -f2-)" = \
  "$(sqlite3 cli.db "select * from household where year = 2019" | cut -d'|' -f2-)" ] ||
    fail "households not the CLI's"

# 2. A file with errors, keep_valid=1: the valid household stored, the
# rejected rows in the reject file — the CLI's file, byte for byte.
post admin kv "/api/imports?year=2020&name=bad.csv&keep_valid=1" bad.csv
want kv 202
ID2=$(js kv 'd["id"]')
wait_done admin kvd "$ID2"
[ "$(js kvd 'd["percent"], d["result"]["status"], d["result"]["households"], d["result"]["rejected_households"], d["result"]["rejected_rows"]')" = \
  "(100, 'imported', 1, 1, 8)" ] || fail "keep_valid import: $(cat kvd.json)"
[ "$(js kvd 'd["rejects"]')" = "/api/imports/$ID2/rejects" ] || fail "rejects link"
# the findings, with row and column: those the CLI reports
expect_exit 1 "$KAOHE" check regions.csv bad.csv --year 2020 --format json
cp out.txt cli_check.json
python3 - <<'PY' || fail "findings: not the CLI's"
import json
d = json.load(open("kvd.json", encoding="utf-8"))
c = json.load(open("cli_check.json", encoding="utf-8"))
cf = c["findings"] if isinstance(c, dict) else c
api = sorted((f["row"], f["column"], f["code"]) for f in d["findings"])
cli = sorted((f["row"], f.get("column") or "", f["code"]) for f in cf)
assert api == cli, (api, cli)
assert d["findings_total"] == len(api) and d["result"]["errors"] == 7, d
# the administrator is not in web.unmask_roles: ID numbers masked, in the
# field and in the messages that quote them
ids = {f["row"]: f["id_no"] for f in cf if f.get("id_no")}
got = [f for f in d["findings"] if f.get("id_no")]
assert got and len(got) == len(ids), (got, ids)
for f in got:
    whole = ids[f["row"]]
    assert "*" in f["id_no"] and f["id_no"] != whole, f
    assert whole not in f["message"] and whole not in f["message_en"], f
PY
as admin rej GET "/api/imports/$ID2/rejects" -D rej.h
want rej 200
cmp -s rej.json cli_rej.csv || fail "reject file differs from the CLI's"
grep -qi 'filename\*=UTF-8.*bad-' rej.h || fail "download name: $(cat rej.h)"
[ "$(sqlite3 k.db "select who || '|' || records || '|' || object from audit
      where action = 'import.rejects'")" = "admin|8|import/$ID2/rejects" ] ||
    fail "rejects download audited with the count"
[ "$(sqlite3 k.db "select group_concat(hh_id) from household where year = 2020")" = H001 ] ||
    fail "only H001 stored"

# XLSX and GB18030 CSV, as the CLI reads them; an XLSX file's rejects are
# an XLSX file.
cp "$CASES/xlsx_id_rules/registry.xlsx" bad.xlsx
post admin x "/api/imports?year=2022&name=bad.xlsx&keep_valid=1" bad.xlsx
want x 202
wait_done admin xd "$(js x 'd["id"]')"
expect_exit 0 "$KAOHE" import registry bad.xlsx --year 2022 --db cli.db \
    --keep-valid --rejects cli_rej.xlsx
"$KAOHE" check regions.csv cli_rej.xlsx --format json > b.json
XROWS=$(python3 -c "import json; print(json.load(open('b.json', encoding='utf-8'))['summary']['files'][1]['rows'])")
[ "$(js xd 'd["result"]["status"], d["result"]["households"], d["result"]["rejected_rows"]')" = \
  "('imported', $(sqlite3 cli.db "select count(*) from household where year = 2022"), $XROWS)" ] ||
    fail "xlsx import: $(cat xd.json)"
as admin rejx GET "$(js xd 'd["rejects"]')" -D rejx.h
want rejx 200
grep -qi 'content-type: application/vnd.openxmlformats' rejx.h || fail "xlsx rejects type"
grep -qi 'filename\*=UTF-8.*\.xlsx' rejx.h || fail "xlsx rejects name"
cp rejx.json rejx.xlsx
"$KAOHE" check regions.csv rejx.xlsx --format json > a.json
python3 -c "
import json
a, b = (json.load(open(f, encoding='utf-8')) for f in ('a.json', 'b.json'))
k = lambda d: sorted((f['row'], f.get('column'), f['code']) for f in d['findings'])
assert k(a) == k(b) and a['summary']['rows'] == b['summary']['rows'] > 6, (a, b)" ||
    fail "xlsx rejects are not the CLI's"
cp "$CASES/clean_gb18030_crlf/registry.csv" gb.csv
post admin gb "/api/imports?year=2023&name=gb.csv" gb.csv
want gb 202
wait_done admin gbd "$(js gb 'd["id"]')"
[ "$(js gbd 'd["result"]["status"], d["result"]["persons"]')" = "('imported', 3)" ] ||
    fail "gb18030 import: $(cat gbd.json)"

# 3. The same file without keep_valid: refused with row and column,
# nothing changed; the refusal audited.
before=$(data k.db)
post admin no "/api/imports?year=2019&name=bad.csv" bad.csv
want no 202
wait_done admin nod "$(js no 'd["id"]')"
[ "$(js nod 'd["result"]["status"], d["result"]["households"], d["rejects"]')" = \
  "('refused', 0, None)" ] || fail "refused: $(cat nod.json)"
[ "$(js nod '[ (f["row"], f["column"]) for f in d["findings"] if f["code"] == "id_checksum"][0][1]')" = 证件号码 ] ||
    fail "finding with row and column: $(cat nod.json)"
[ "$(data k.db)" = "$before" ] || fail "a refused import changed the data"
[ "$(sqlite3 k.db "select outcome from audit where action = 'import.registry' order by id desc limit 1")" = refused ] ||
    fail "refusal audited"
# a broken file (an unclosed quote): refused, nothing changed
cp "$CASES/quote_unbalanced/registry.csv" broken.csv
post admin br "/api/imports?year=2019&name=broken.csv" broken.csv
want br 202
wait_done admin brd "$(js br 'd["id"]')"
[ "$(js brd 'd["result"]["status"]')" = refused ] || fail "broken: $(cat brd.json)"
[ "$(js brd '[f["code"] for f in d["findings"]]')" != "[]" ] || fail "broken: a finding"
[ "$(data k.db)" = "$before" ] || fail "a broken file changed the data"

# 4. Scope: the county officer imports his county's year; a household of
# another county is refused on its row and column; nothing changed.
post 陇川员 c_ok "/api/imports?year=2019&name=clean.csv" clean.csv
want c_ok 202
wait_done 陇川员 c_okd "$(js c_ok 'd["id"]')"
[ "$(js c_okd 'd["result"]["status"]')" = imported ] || fail "county import: $(cat c_okd.json)"
before=$(data k.db)
post 陇川员 c_mix "/api/imports?year=2019&name=mixed.csv" mixed.csv
want c_mix 202
wait_done 陇川员 c_mixd "$(js c_mix 'd["id"]')"
[ "$(js c_mixd 'd["result"]["status"], d["result"]["out_of_scope"]')" = "('refused', 1)" ] ||
    fail "out of scope refused: $(cat c_mixd.json)"
[ "$(js c_mixd '[(f["row"], f["column"]) for f in d["findings"] if f["code"] == "village_out_of_scope"]')" = \
  "[(3, '行政区划代码')]" ] || fail "out-of-scope row and column: $(cat c_mixd.json)"
[ "$(data k.db)" = "$before" ] || fail "an out-of-scope file changed the data"
# the administrator may import it (both counties are in the region list)
post admin a_mix "/api/imports?year=2021&name=mixed.csv" mixed.csv
want a_mix 202
wait_done admin a_mixd "$(js a_mix 'd["id"]')"
[ "$(js a_mixd 'd["result"]["status"]')" = imported ] || fail "admin: $(cat a_mixd.json)"
# the county officer may not replace 2021: it holds 盈江县's household
before=$(data k.db)
post 陇川员 c_2021 "/api/imports?year=2021&name=clean.csv" clean.csv
want c_2021 403
[ "$(js c_2021 'd["error"]["code"]')" = year_outside_scope ] || fail "year_outside_scope"
[ "$(sqlite3 k.db "select who || '|' || outcome || '|' || object from audit
      where action = 'import.registry' order by id desc limit 1")" = \
  "陇川员|denied|registry/2021" ] || fail "refusal audited"
# the county officer does not see the administrator's import
as 陇川员 c_see GET "/api/imports/$ID"
want c_see 404
# roles that may not import: 403, audited; nothing changed
post 章凤员 t_no "/api/imports?year=2019&name=clean.csv" clean.csv
want t_no 403
[ "$(js t_no 'd["error"]["code"]')" = role_denied ] || fail "role_denied"
post 审计员 a_no "/api/imports?year=2019&name=clean.csv" clean.csv
want a_no 403
[ "$(sqlite3 k.db "select count(*) from audit where action = 'import.registry'
      and outcome = 'denied' and who in ('章凤员', '审计员')")" = 2 ] ||
    fail "role refusals audited"
[ "$(data k.db)" = "$before" ] || fail "refused roles changed the data"

# 5. Bad requests: CSRF, no session, bad year and name, too large.
as admin csrf POST "/api/imports?year=2019&name=clean.csv" \
    -H 'Content-Type: application/octet-stream' --data-binary @clean.csv
want csrf 403
[ "$(js csrf 'd["error"]["code"]')" = csrf ] || fail "csrf"
api anon POST "/api/imports?year=2019&name=clean.csv" \
    -H 'Content-Type: application/octet-stream' --data-binary @clean.csv
want anon 401
post admin byear "/api/imports?year=19&name=clean.csv" clean.csv
want byear 400
post admin bname "/api/imports?year=2019&name=..%2Fx.csv" clean.csv
want bname 400
head -c 17000000 /dev/zero > big.bin
post admin big "/api/imports?year=2019&name=big.csv" big.bin
want big 413
js big 'd["error"]["message"]' | grep -q '最大 16 MiB' || fail "413 without the limit"
as admin none GET /api/imports/999
want none 404
[ "$(data k.db)" = "$before" ] || fail "bad requests changed the data"

# 6. One import at a time: a second while one runs answers 409. The first
# is a registry of 20,000 persons (about a second to import, far longer
# than the two requests take).
expect_exit 0 "$KAOHE" gen --persons 20000 --out g
expect_exit 0 "$KAOHE" init --db g.db
expect_exit 0 "$KAOHE" import regions g/regions.csv --db g.db
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin --db g.db
stop
wait $pid
serve_start --tmp --db g.db --listen 127.0.0.1:0 --threads 2
login admin admin-pass-2020
post admin g1 "/api/imports?year=2019&name=registry.csv" g/registry.csv
want g1 202
post admin g2 "/api/imports?year=2020&name=clean.csv" clean.csv
want g2 409
[ "$(js g2 'd["error"]["code"]')" = import_running ] || fail "import_running"
wait_done admin g1d "$(js g1 'd["id"]')"
[ "$(js g1d 'd["percent"], d["result"]["status"], d["result"]["persons"]')" = \
  "(100, 'imported', 20000)" ] || fail "large import: $(cat g1d.json)"
# once it is done, the next may start
post admin g3 "/api/imports?year=2020&name=clean.csv" clean.csv
want g3 202
wait_done admin g3d "$(js g3 'd["id"]')"
stop
wait $pid
# the jobs' files are gone when the server stops
[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"
exit 0
