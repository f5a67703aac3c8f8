# 部门数据比对 over HTTP (kaohe serve, web_dept.c), with curl: the
# administrator and a county's staff import department lists through the
# same use case as the CLI (the same rows stored as `kaohe import dept`),
# the dept.* indicators in GET /api/indicators once compared,
# a county's staff refused another county's list and a township's staff
# refused any (both audited); the lists, 数据闭合率 by kind, the stored
# findings (ID numbers masked) and a household's department records; the
# visit list in XLSX and PDF; a visit's result entered back (audited), a
# township's staff of another township refused.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
H="$CASES/dept_hand"
C1=533124000000
cp "$H/registry.csv" "$H/huji.csv" "$H/vehicle.csv" "$H/dibao.csv" .
# the case's 陇川县 and a second county, 盈江县
{
    cat "$H/regions.csv"
    echo '533123000000,盈江县,533100000000,县,,是,,,50'
} > regions.csv
expect_exit 0 "$KAOHE" import regions regions.csv $DB
expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
    --role 县级 --region $C1 --password-stdin $DB
echo 'town-pass-2020' | expect_exit 0 "$KAOHE" user add 章凤员 \
    --role 乡级 --region 533124100000 --password-stdin $DB
echo 'other-pass-2020' | expect_exit 0 "$KAOHE" user add 他县员 \
    --role 县级 --region 533123000000 --password-stdin $DB
# the CLI's rows, to compare with
expect_exit 0 "$KAOHE" import regions regions.csv --db cli.db
expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 --db cli.db
expect_exit 0 "$KAOHE" user add 管 --role 系统管理员 --db cli.db
KAOHE_USER=管 expect_exit 1 "$KAOHE" import dept huji huji.csv --region $C1 --as-of 2019-12-31 --db cli.db

mkdir srvtmp
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2
for u in "admin admin-pass-2020" "陇川员 county-pass-2020" "章凤员 town-pass-2020" "他县员 other-pass-2020"; do
    login $u
done
L="/api/dept/lists?region=$C1&as_of=2019-12-31"
post 陇川员 imp_huji "$L&kind=huji&name=huji.csv" huji.csv
want imp_huji 200
[ "$(js imp_huji 'd["rows_read"], d["rows_matched"], d["rows_refused"], len(d["findings"])')" = "(7, 4, 2, 3)" ] ||
    fail "the county's import: $(cat imp_huji.json)"
[ "$(sqlite3 k.db 'select row, line, id_no, name, data from dept_row order by row')" = \
  "$(sqlite3 cli.db 'select row, line, id_no, name, data from dept_row order by row')" ] ||
    fail "the HTTP import stores what the CLI stores"
post admin imp_vehicle "$L&kind=vehicle&name=vehicle.csv" vehicle.csv
want imp_vehicle 200
post admin imp_dibao "$L&kind=dibao&name=dibao.csv" dibao.csv
want imp_dibao 200
# refusals: another county's staff, a township's staff, no such kind
post 他县员 imp_other "$L&kind=dibao&name=dibao.csv" dibao.csv
want imp_other 403
post 章凤员 imp_town "$L&kind=dibao&name=dibao.csv" dibao.csv
want imp_town 403
post admin imp_kind "$L&kind=cars&name=dibao.csv" dibao.csv
want imp_kind 400
[ "$(sqlite3 k.db "select count(*) from audit where action = 'import.dept' and outcome = 'denied'")" = 2 ] ||
    fail "the two refusals are audited"
# a file that is not a list: refused whole, where
printf '姓名,数据日期\n张三,2019-12-31\n' > nocol.csv
post admin imp_nocol "$L&kind=huji&name=nocol.csv" nocol.csv
want imp_nocol 422
[ "$(js imp_nocol 'd["error"]["code"], d["error"]["column"]')" = "('dept_column_missing', '证件号码')" ] ||
    fail "a missing column named: $(cat imp_nocol.json)"
# CSRF
as admin imp_csrf POST "$L&kind=huji&name=huji.csv" --data-binary @huji.csv
want imp_csrf 403

as 陇川员 lists GET /api/dept/lists
want lists 200
[ "$(js lists '[(l["kind"], l["rows_read"], l["rows_matched"]) for l in d["lists"]]')" = \
  "[('dibao', 3, 3), ('huji', 7, 4), ('vehicle', 2, 2)]" ] || fail "lists: $(cat lists.json)"
as 陇川员 closure0 GET "/api/dept/closure?year=2019"
want closure0 200
[ "$(js closure0 'd["compared"]')" = False ] || fail "no comparison yet"
# the indicators before the comparison (kept in the server's cache) …
as 陇川员 ind0 GET "/api/indicators?year=2019&region=$C1&names=households"
want ind0 200
KAOHE_USER=admin expect_exit 1 "$KAOHE" compare --year 2019 $DB
# … and after it: the dept.* indicators, the cache renewed
as 陇川员 ind GET "/api/indicators?year=2019&region=$C1&names=dept.huji.closure,dept.dibao.closure,dept.huji.covered"
want ind 200
[ "$(js ind '[(k, v["num"], v["den"]) for k, v in sorted(d["region"]["indicators"].items())]')" = \
  "[('dept.dibao.closure', 2, 4), ('dept.huji.closure', 4, 5), ('dept.huji.covered', 5, 1)]" ] ||
    fail "the dept.* indicators over the API: $(cat ind.json)"
as 陇川员 closure GET "/api/dept/closure?year=2019&region=$C1"
want closure 200
[ "$(js closure '[(k["kind"], k["closure_num"], k["closure_den"]) for k in d["kinds"]]')" = \
  "[('dibao', 2, 4), ('huji', 4, 5), ('vehicle', 4, 5)]" ] || fail "closure: $(cat closure.json)"
as 他县员 closure_other GET "/api/dept/closure?year=2019&region=$C1"
want closure_other 403
as 陇川员 findings GET "/api/dept/findings?year=2019&hh_id=H1"
want findings 200
[ "$(js findings '[f["code"] for f in d["findings"]]')" = "['dept_dibao_unregistered', 'dept_excl_vehicle']" ] ||
    fail "H1's findings: $(cat findings.json)"
[ "$(js findings 'd["findings"][1]["id_no"]')" = '**************0118' ] ||
    fail "the ID number masked: $(cat findings.json)"
grep -q 533124197001010118 findings.json && fail "an ID number whole in the reply"
as 陇川员 records GET /api/dept/households/2019/H1
want records 200
[ "$(js records '[(m["name"], [(r["kind"], r["row"]) for r in m["records"]]) for m in d["members"]]')" = \
  "[('张三', [('dibao', 3), ('huji', 1), ('vehicle', 1)]), ('李四', [('huji', 2), ('vehicle', 2)])]" ] ||
    fail "H1's records: $(cat records.json)"
[ "$(js records 'd["members"][0]["records"][2]["fields"]["车辆类型"]')" = 小型轿车 ] || fail "fields by column"
as 他县员 records_other GET /api/dept/households/2019/H1
want records_other 403

V=$(js findings 'd["findings"][1]["id"]')
curl -s -o v.xlsx -w '%{http_code}' -b 陇川员.jar "$URL/api/dept/visits?year=2019&village=533124100201&format=xlsx" > v.code
[ "$(cat v.code)" = 200 ] || fail "visit list xlsx: $(cat v.code)"
python3 -c "
import zipfile, sys; z = zipfile.ZipFile('v.xlsx'); t = ''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml'))
sys.exit(0 if '**************0118' in t and '533124197001010118' not in t and '拥有机动车' in t else 1)" ||
    fail "the visit list: masked ID, the exclusion in words"
curl -s -o v.pdf -w '%{http_code}' -b 陇川员.jar "$URL/api/dept/visits?year=2019&village=533124100201&format=pdf" > v.code
[ "$(cat v.code)" = 200 ] && [ "$(head -c 5 v.pdf)" = %PDF- ] || fail "visit list pdf"
AS_CSRF=1 as 他县员 visit_other POST "/api/dept/findings/$V/visit" -H 'Content-Type: application/json' -d '{"result":"核实属实"}'
want visit_other 403
AS_CSRF=1 as 陇川员 visit_noreason POST "/api/dept/findings/$V/visit" -H 'Content-Type: application/json' -d '{"result":"不属实"}'
want visit_noreason 400
AS_CSRF=1 as 陇川员 visit POST "/api/dept/findings/$V/visit" -H 'Content-Type: application/json' -d '{"result":"不属实","reason":"车辆已于2019年转让"}'
want visit 200
as 陇川员 findings2 GET "/api/dept/findings?year=2019&code=dept_excl_"
[ "$(js findings2 '[(f["visit"], f["reason"]) for f in d["findings"]]')" = "[('不属实', '车辆已于2019年转让')]" ] ||
    fail "the visit's result stored: $(cat findings2.json)"
[ "$(sqlite3 k.db "select who, outcome, after from audit where action = 'dept.visit' order by id")" = \
  "$(printf '他县员|denied|\n陇川员|ok|不属实 车辆已于2019年转让')" ] || fail "the visits audited"
exit 0
