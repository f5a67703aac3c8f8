# 扶贫项目库 and 扶贫资金 over HTTP (kaohe serve, web_funds.c), with curl:
# a county's staff and the administrator import the project library,
# the allocations and the payments as background jobs through the same
# use case as `kaohe import` (the same rows stored as the CLI stores);
# another county's staff refused (row and column named, audited,
# nothing stored); a bad file refused whole with its row and column and
# nothing stored; the library listed with its filters and pages, within
# the user's scope; a project's money path; the findings of `funds
# check` with their Chinese names; the 公告公示 PDF, the 资金使用情况表
# (PDF and XLSX) and the 项目库 XLSX made by the CLI's functions.
. "$TOP/tests/e2e/lib.sh"
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
H="$CASES/funds_hand"
C1=533124000000
C2=533199000000
cp "$H"/*.csv .
echo "$C2,别县,533100000000,县,,是,,,100" >> regions.csv
for db in k.db cli.db; do
    expect_exit 0 "$KAOHE" init --db $db
    expect_exit 0 "$KAOHE" import regions regions.csv --db $db
    expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 --db $db
done
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin --db k.db
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
    --role 县级 --region $C1 --password-stdin --db k.db
echo 'other-pass-2020' | expect_exit 0 "$KAOHE" user add 别县员 \
    --role 县级 --region $C2 --password-stdin --db k.db
echo 'town-pass-2020' | expect_exit 0 "$KAOHE" user add 章凤员 \
    --role 乡级 --region 533124100000 --password-stdin --db k.db
# the CLI's rows, to compare with
expect_exit 0 "$KAOHE" user add 管 --role 系统管理员 --db cli.db
export KAOHE_USER=管
expect_exit 0 "$KAOHE" import projects projects.csv --db cli.db
expect_exit 0 "$KAOHE" import allocations allocations.csv --db cli.db
expect_exit 0 "$KAOHE" import payments payments.csv --region $C1 --db cli.db
"$KAOHE" funds check --year 2019 --format json -o cli_check.json --db cli.db
unset KAOHE_USER

mkdir srvtmp
serve_start --tmp --db k.db --listen 127.0.0.1:0 --threads 2
for u in "admin admin-pass-2020" "陇川员 county-pass-2020" "别县员 other-pass-2020" "章凤员 town-pass-2020"; do
    login $u
done

# fimport USER NAME KIND FILE [ARGS]: start the import, wait for its end
# (NAME.json: the job with its result)
fimport() {
    post "$1" "$2_start" "/api/funds/imports?kind=$3&name=$4${5:-}" "$4"
    want "$2_start" 202
    id=$(js "$2_start" 'd["id"]')
    [ "$(js "$2_start" 'd["url"]')" = "/api/funds/imports/$id" ] || fail "$2: url"
    i=0
    while :; do
        as "$1" "$2" GET "/api/funds/imports/$id"
        want "$2" 200
        [ "$(js "$2" 'd["phase"]')" = done ] && break
        i=$((i + 1))
        [ $i -gt 300 ] && fail "$2: the import did not end"
        sleep 0.1
    done
}
# a table's rows but their file and row (the file's name is the user's)
rows() { sqlite3 "$1" "SELECT * FROM $2 ORDER BY 1, 2, 3" | sed -E 's/\|[^|]*\|[0-9]*$//' ; }

# another county's staff: the rows of 陇川县 refused, where, and audited
before=$(dump k.db | grep -v "INSERT INTO audit" | md5sum)
fimport 别县员 other projects projects.csv
[ "$(js other 'd["result"]["status"], d["result"]["stored"], d["result"]["error"]["code"]')" = \
  "('refused', 0, 'funds_rows')" ] || fail "out of scope: $(cat other.json)"
[ "$(js other '[(f["row"], f["column"], f["code"], f["label"]) for f in d["result"]["findings"] if f["severity"] == "error"][0]')" = \
  "(1, '建设地点', 'funds_scope', '不在管辖范围内')" ] || fail "out of scope, where: $(cat other.json)"
[ "$(dump k.db | grep -v "INSERT INTO audit" | md5sum)" = "$before" ] ||
    fail "an out-of-scope import changed the database"
[ "$(sqlite3 k.db "SELECT count(*) FROM audit WHERE action = 'import.projects' AND outcome = 'denied' AND who = '别县员'")" = 1 ] ||
    fail "the refusal is audited"
# a township's staff may not import at all (the role)
fimport 章凤员 town allocations allocations.csv
[ "$(js town 'd["result"]["status"], d["result"]["error"]["code"]')" = "('refused', 'role_denied')" ] ||
    fail "a township's import: $(cat town.json)"

# a bad file: a date in the wrong form on row 3, a type not in the list on
# row 4; nothing stored (not even its good rows), row and column named
python3 - <<'PY'
import csv
rows = list(csv.reader(open("projects.csv", encoding="utf-8")))
h = rows[0]
rows[0 + 3][h.index("入库日期")] = "2019/13/45"
rows[0 + 4][h.index("项目类型")] = "养殖"
rows[1][h.index("项目编号")] = "XM100"
csv.writer(open("bad.csv", "w", encoding="utf-8", newline="")).writerows(rows)
PY
fimport 陇川员 bad projects bad.csv
[ "$(js bad 'd["result"]["status"], d["result"]["stored"], d["result"]["errors"], d["result"]["error"]["code"]')" = \
  "('refused', 0, 2, 'funds_rows')" ] || fail "bad file: $(cat bad.json)"
[ "$(js bad '[(f["file"], f["row"], f["column"]) for f in d["result"]["findings"] if f["severity"] == "error"]')" = \
  "[('bad.csv', 3, '入库日期'), ('bad.csv', 4, '项目类型')]" ] || fail "bad file, where: $(cat bad.json)"
[ "$(dump k.db | grep -v "INSERT INTO audit" | md5sum)" = "$before" ] || fail "a bad file changed the database"
# a file that is no table at all
head -c 3000 /dev/urandom > junk.xlsx
fimport 陇川员 junk projects junk.xlsx
[ "$(js junk 'd["result"]["status"], len(d["result"]["findings"]), d["result"]["findings"][0]["file"]')" = \
  "('refused', 1, 'junk.xlsx')" ] || fail "junk: $(cat junk.json)"

# the three kinds, by the county's staff and the administrator
fimport 陇川员 proj projects projects.csv
[ "$(js proj 'd["result"]["status"], d["result"]["rows"], d["result"]["stored"], d["kind"]')" = \
  "('done', 5, 5, '项目库')" ] || fail "projects: $(cat proj.json)"
# the library again as offices exchange it (XLSX, `kaohe funds export`):
# the same projects replaced
KAOHE_USER=管 expect_exit 0 "$KAOHE" funds export -o 项目库.xlsx --db cli.db
fimport 陇川员 projx projects 项目库.xlsx
[ "$(js projx 'd["result"]["status"], d["result"]["stored"], d["result"]["warnings"]')" = "('done', 5, 0)" ] ||
    fail "projects XLSX: $(cat projx.json)"
# the allocations in GB18030
iconv -f UTF-8 -t GB18030 allocations.csv > alloc_gb.csv
fimport admin alloc allocations alloc_gb.csv
[ "$(js alloc 'd["result"]["status"], d["result"]["stored"]')" = "('done', 3)" ] || fail "allocations: $(cat alloc.json)"
fimport 陇川员 pay payments payments.csv "&region=$C1"
[ "$(js pay 'd["result"]["status"], d["result"]["stored"]')" = "('done', 8)" ] || fail "payments: $(cat pay.json)"
for t in fund_project fund_alloc fund_pay; do
    [ "$(rows k.db $t)" = "$(rows cli.db $t)" ] || { rows k.db $t; rows cli.db $t; fail "$t: the HTTP import stores what the CLI stores"; }
done
# the job is its owner's (or the administrator's)
as 别县员 pay_other GET "/api/funds/imports/$(js pay_start 'd["id"]')"
want pay_other 404
# no CSRF token: refused
as 陇川员 nocsrf POST "/api/funds/imports?kind=projects&name=projects.csv" --data-binary @projects.csv
want nocsrf 403
# another import while one runs is checked elsewhere (serve_jobs.sh's
# rule); an unknown kind
post 陇川员 badkind "/api/funds/imports?kind=cars&name=projects.csv" projects.csv
want badkind 400
post 陇川员 badregion "/api/funds/imports?kind=payments&name=payments.csv&region=5331" payments.csv
want badregion 400

# the library: filters, pages, scope
as 陇川员 list GET "/api/funds/projects"
want list 200
[ "$(js list 'd["total"], [p["proj_id"] for p in d["projects"]]')" = \
  "(5, ['XM001', 'XM002', 'XM003', 'XM004', 'XM005'])" ] || fail "list: $(cat list.json)"
[ "$(js list 'd["projects"][0]["place"], d["projects"][0]["planned_fen"], d["projects"][0]["status"]')" = \
  "('陇川县章凤镇拉影村', 8000000, '验收')" ] || fail "a project's fields: $(cat list.json)"
[ "$(js list '"实施" in d["statuses"] and "光伏扶贫" in d["types"]')" = True ] || fail "the filters' choices"
as 陇川员 lst GET "/api/funds/projects?status=%E5%AE%9E%E6%96%BD"
[ "$(js lst 'd["total"], d["projects"][0]["proj_id"]')" = "(1, 'XM002')" ] || fail "status filter: $(cat lst.json)"
as 陇川员 lty GET "/api/funds/projects?type=%E5%85%89%E4%BC%8F%E6%89%B6%E8%B4%AB"
[ "$(js lty '[p["proj_id"] for p in d["projects"]]')" = "['XM004']" ] || fail "type filter: $(cat lty.json)"
as 陇川员 lrg GET "/api/funds/projects?region=533124100202"
[ "$(js lrg '[p["proj_id"] for p in d["projects"]]')" = "['XM002', 'XM004']" ] || fail "region filter: $(cat lrg.json)"
as 陇川员 lpg GET "/api/funds/projects?per_page=2&page=3"
[ "$(js lpg 'd["total"], [p["proj_id"] for p in d["projects"]]')" = "(5, ['XM005'])" ] || fail "pages: $(cat lpg.json)"
as 陇川员 lbad GET "/api/funds/projects?per_page=100000"
want lbad 400
as 别县员 lother GET "/api/funds/projects"
[ "$(js lother 'd["total"]')" = 0 ] || fail "another county sees: $(cat lother.json)"
as 别县员 lother2 GET "/api/funds/projects?region=$C1"
want lother2 403
as 章凤员 ltown GET "/api/funds/projects"
[ "$(js ltown '[p["proj_id"] for p in d["projects"]]')" = "['XM001', 'XM002', 'XM003', 'XM004']" ] ||
    fail "the township's projects: $(cat ltown.json)"

# a project's money path
as 陇川员 p1 GET /api/funds/projects/XM001
want p1 200
[ "$(js p1 'd["name"], d["county_name"], d["paid_fen"], d["spent_fen"], [(y["voucher"], y["stage"], y["amount_fen"]) for y in d["payments"]]')" = \
  "('拉影村茶叶基地', '陇川县', 6000000, 6000000, [('P1', '拨付', 6000000), ('P3', '支出', 6000000)])" ] ||
    fail "XM001's path: $(cat p1.json)"
[ "$(js p1 '[(a["doc_no"], a["amount_fen"]) for a in d["allocations"]]')" = \
  "[('云财农〔2019〕1号', 10000000), ('云财农〔2019〕2号', 5000000)]" ] || fail "XM001's allocations: $(cat p1.json)"
as 陇川员 p2 GET /api/funds/projects/XM002
[ "$(js p2 'd["paid_fen"]')" = 2800000 ] || fail "收回 reduces 拨付: $(cat p2.json)"
as 别县员 pother GET /api/funds/projects/XM001
as 别县员 pnone GET /api/funds/projects/NOSUCH
want pother 404
want pnone 404
[ "$(js pother 'd["error"]["code"]')" = "$(js pnone 'd["error"]["code"]')" ] || fail "out of scope and absent answer alike"

# funds check: the CLI's findings, with their Chinese names
as 陇川员 chk GET "/api/funds/check?year=2019"
want chk 200
python3 - <<'PY' || fail "check: $(cat chk.json)"
import json, re, sys
web = json.load(open("chk.json", encoding="utf-8"))
cli = json.load(open("cli_check.json", encoding="utf-8"))
cf = cli["findings"] if isinstance(cli, dict) else cli
assert web["total"] == 15 == len(web["findings"]), web["total"]
assert [(f["code"], f["object"], f["amount_fen"]) for f in web["findings"]] == \
       [(f["code"], f["object"], f["amount_fen"]) for f in cf]
for f in web["findings"]:
    assert f["label"] and not re.search(r"[A-Za-z_]", f["label"]), f
    assert f["county_name"] == "陇川县"
PY
as 别县员 chk_other GET "/api/funds/check?year=2019&region=$C1"
want chk_other 403
as 陇川员 chk_noyear GET "/api/funds/check"
want chk_noyear 400

# each county's 下达, 拨付 and 支出 of the year: the 资金使用情况表's lines
as 陇川员 flow GET "/api/funds/flow?year=2019"
want flow 200
[ "$(js flow '[(l["county_name"], l["fund"], l["allocated_fen"], l["paid_fen"], l["spent_fen"]) for l in d["lines"]]')" = \
  "[('陇川县', '其他', 0, 100000, 0), ('陇川县', '统筹整合涉农资金', 2000000, 2000000, 2000000), ('陇川县', '财政专项扶贫资金', 15000000, 8800000, 6000000)]" ] ||
    fail "flow: $(cat flow.json)"
as 别县员 flow_other GET "/api/funds/flow?year=2019&region=$C1"
want flow_other 403
as 别县员 flow_own GET "/api/funds/flow?year=2019"
[ "$(js flow_own 'd["lines"]')" = "[]" ] || fail "another county's flow: $(cat flow_own.json)"

# the documents, made by the CLI's functions
dl() { # USER NAME PATH: the file NAME, its status NAME.code
    curl -s -o "$2" -w '%{http_code}' -b "$1.jar" "$URL$3" > "$2.code"
    [ "$(cat "$2.code")" = 200 ] || fail "$3: $(cat "$2.code") $(cat "$2")"
}
dl 陇川员 n.pdf /api/funds/notice/XM001
[ "$(head -c 5 n.pdf)" = %PDF- ] || fail "notice PDF"
pdftotext -layout n.pdf n.txt
for w in 扶贫项目竣工公告 拉影村茶叶基地 陇川县章凤镇拉影村 "计划投资 80,000.00 元" 12317; do
    grep -q -- "$w" n.txt || fail "notice lacks $w"
done
dl 陇川员 t.xlsx "/api/funds/table?year=2019&format=xlsx"
KAOHE_USER=管 expect_exit 0 "$KAOHE" funds table --year 2019 -o cli_t.xlsx --db cli.db
sheetxml() { python3 -c "
import sys, zipfile; z = zipfile.ZipFile(sys.argv[1])
print(''.join(z.read(n).decode() for n in sorted(z.namelist()) if n.startswith('xl/worksheets/') or n == 'xl/sharedStrings.xml'))" "$1" |
    sed 's#<t>制表：[^<]*</t>##'; }  # who made it, and when
[ "$(sheetxml t.xlsx)" = "$(sheetxml cli_t.xlsx)" ] || fail "the table over HTTP is the CLI's"
dl 陇川员 t.pdf "/api/funds/table?year=2019&format=pdf"
pdftotext -layout t.pdf t.txt
grep -q "2019年扶贫资金使用情况表" t.txt && grep -q "150,000" t.txt || { cat t.txt; fail "table PDF"; }
dl 陇川员 lib.xlsx /api/funds/library
KAOHE_USER=管 expect_exit 0 "$KAOHE" funds export -o cli_lib.xlsx --db cli.db
[ "$(sheetxml lib.xlsx)" = "$(sheetxml cli_lib.xlsx)" ] || fail "the library over HTTP is the CLI's"
# a county without funds data: a table with only its 合计 (an empty list
# sorted was undefined behaviour: UBSan stopped the server)
dl 别县员 t_empty.pdf "/api/funds/table?year=2019&format=pdf"
pdftotext -layout t_empty.pdf t_empty.txt
grep -q 合计 t_empty.txt && ! grep -q 陇川县 t_empty.txt || { cat t_empty.txt; fail "another county's empty table"; }
as 别县员 n_other GET /api/funds/notice/XM001
want n_other 404
as 陇川员 t_fmt GET "/api/funds/table?year=2019&format=doc"
want t_fmt 400
[ "$(sqlite3 k.db "SELECT count(*) FROM audit WHERE action IN ('funds.notice', 'funds.table', 'funds.export') AND outcome = 'ok'")" = 5 ] ||
    fail "the documents are audited"
# one writer of a whole file at a time: while a long payments file is
# being imported (1.5 million payments: long enough that the three
# requests below come while it runs, on a loaded machine too), another
# funds import, a registry import and a job wait
python3 - <<'PY'
with open("big.csv", "w", encoding="utf-8") as f:
    f.write("凭证号,日期,项目编号,资金类别,环节,金额\n")
    for i in range(1500000):
        f.write("B%07d,2019-03-01,XM004,财政专项扶贫资金,拨付,1\n" % i)
PY
post admin big_start "/api/funds/imports?kind=payments&name=big.csv" big.csv
want big_start 202
BIG=$(js big_start 'd["id"]')
post admin busy1 "/api/funds/imports?kind=projects&name=projects.csv" projects.csv
AS_CSRF=1 as admin busy2 POST "/api/jobs?kind=indicators&year=2019" -H 'Content-Type: application/json' -d '{}'
post admin busy3 "/api/imports?year=2019&name=registry.csv" registry.csv
for b in busy1 busy2 busy3; do
    want $b 409
    [ "$(js $b 'd["error"]["code"], d["error"]["running"]')" = "('import_running', $BIG)" ] || fail "$b: $(cat $b.json)"
done
i=0
while :; do
    as admin big GET "/api/funds/imports/$BIG"
    [ "$(js big 'd["phase"]')" = done ] && break
    i=$((i + 1))
    [ $i -gt 1200 ] && fail "the long import did not end"
    sleep 0.25
done
[ "$(js big 'd["result"]["stored"]')" = 1500000 ] || fail "big: $(cat big.json)"
stop
wait $pid 2>/dev/null
[ -z "$(ls srvtmp)" ] || fail "files left in TMPDIR: $(ls srvtmp)"
echo ok
