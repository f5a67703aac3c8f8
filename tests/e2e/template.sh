# Import templates (kaohe template): written, filled in as a person does in
# Excel (tests/e2e/fill_template.py: dates typed into the date columns,
# amounts into the number columns, ID numbers into the text columns), and
# imported without a single finding — registry, regions, roster, survey
# and the rectification plan; the data equals the clean files'.
. "$TOP/tests/e2e/lib.sh"

for k in registry regions roster survey plan; do
    expect_exit 0 "$KAOHE" template $k -o $k.xlsx
    [ -s $k.xlsx ] && [ ! -e $k.xlsx.part ] || fail "template $k"
done
expect_exit 2 "$KAOHE" template nosuch -o x.xlsx
expect_exit 2 "$KAOHE" template registry
expect_exit 2 "$KAOHE" template registry -o /nonexistent/dir/t.xlsx
[ ! -e /nonexistent/dir/t.xlsx.part ] || fail "a partial template left"

# The header, the formats and the drop-downs, from the file itself.
python3 - <<'PY' || fail "template content"
import re, zipfile
z = zipfile.ZipFile("registry.xlsx")
wb = z.read("xl/workbook.xml").decode()
assert re.findall(r'<sheet name="([^"]+)"', wb) == ["填写", "填写说明", "取值"], wb
s1 = z.read("xl/worksheets/sheet1.xml").decode()
sst = z.read("xl/sharedStrings.xml").decode()
for name in ("户编号", "证件号码", "帮扶措施", "最近走访日期"):
    assert name in sst, name
# 证件号码 (column AA) and 联系电话 (Y) as text: numFmt 49 ("@").
st = z.read("xl/styles.xml").decode()
xfs = re.findall(r'<xf numFmtId="(\d+)"', re.search(r"<cellXfs.*?</cellXfs>", st, re.S).group(0))
cols = {int(m[0]): int(m[1]) for m in re.findall(r'<col min="(\d+)" max="\d+"[^>]*style="(\d+)"', s1)}
assert xfs[cols[27]] == "49" and xfs[cols[25]] == "49", (xfs, cols)
# Drop-downs for the category columns, pointing at 取值.
assert s1.count("<dataValidation ") >= 15, s1.count("<dataValidation ")
assert '<formula1>"未脱贫,已脱贫(享受政策),返贫,已脱贫(不享受政策),清退"</formula1>' in s1
lists = z.read("xl/worksheets/sheet3.xml").decode()
assert "主要致贫原因" in sst and "自身发展动力不足" in sst
PY

# A province's list longer than Excel's 255 characters refers to its range
# on 取值. (libxlsxwriter 1.1.4 loses its copy of such a formula: not run
# under AddressSanitizer, whose leak check would stop kaohe.)
if [ -z "${ASAN_OPTIONS:-}" ]; then
    { echo "[enum.cause]"
      for i in $(seq 1 40); do echo "因为第${i}种很长很长的原因而致贫 = $i"; done; } > long.std
    expect_exit 0 "$KAOHE" template registry -o long.xlsx --standards long.std
    python3 - <<'PY' || fail "long list by range"
import re, zipfile
s1 = zipfile.ZipFile("long.xlsx").read("xl/worksheets/sheet1.xml").decode()
f = re.findall(r"<formula1>([^<]*)</formula1>", s1)
assert "'取值'!$B$2:$B$41" in f, f
PY
fi

expect_exit 0 "$KAOHE" init --db t.db
python3 "$TOP/tests/e2e/fill_template.py" regions.xlsx "$CASES/clean_utf8/regions.csv" regions_filled.xlsx || fail "fill regions"
expect_exit 0 "$KAOHE" import regions regions_filled.xlsx --db t.db --format json
grep -q '"findings": \[\]' out.txt || { cat out.txt; fail "regions template: findings"; }
python3 "$TOP/tests/e2e/fill_template.py" registry.xlsx "$CASES/clean_utf8/registry.csv" registry_filled.xlsx || fail "fill registry"
expect_exit 0 "$KAOHE" check registry_filled.xlsx --db t.db --format json
grep -q '"findings": \[\]' out.txt || { cat out.txt; fail "registry template: findings"; }
expect_exit 0 "$KAOHE" import registry registry_filled.xlsx --year 2019 --db t.db --format json
grep -q '"findings": \[\]' out.txt || { cat out.txt; fail "registry template: import findings"; }

# The same data as the clean CSV.
expect_exit 0 "$KAOHE" init --db c.db
expect_exit 0 "$KAOHE" import regions "$CASES/clean_utf8/regions.csv" --db c.db
expect_exit 0 "$KAOHE" import registry "$CASES/clean_utf8/registry.csv" --year 2019 --db c.db
q="SELECT hh_id, village, hh_type, status, year_in, year_out, inc_wage, income_pc, helper_id, last_visit, measures, phone FROM household ORDER BY id; SELECT name, id_no, sex, birth, relation FROM member ORDER BY id"
[ "$(sqlite3 t.db "$q")" = "$(sqlite3 c.db "$q")" ] || { sqlite3 t.db "$q"; fail "template data differs"; }
# The 第三方评估's 花名册 and survey: filled by the script from a generated
# roster and a simulated survey of a drawn sample, imported without a
# finding; stored as the CSVs are.
expect_exit 0 "$KAOHE" gen --persons 3000 --seed 5 --out s --roster
expect_exit 0 "$KAOHE" init --db s.db
expect_exit 0 "$KAOHE" import regions s/regions.csv --db s.db
expect_exit 0 "$KAOHE" import registry s/registry.csv --year 2019 --db s.db
python3 "$TOP/tests/e2e/fill_template.py" roster.xlsx s/roster.csv roster_filled.xlsx || fail "fill roster"
expect_exit 0 "$KAOHE" import roster roster_filled.xlsx --year 2019 --db s.db --format json
grep -q '"findings": \[\]' out.txt || { cat out.txt; fail "roster template: findings"; }
expect_exit 0 "$KAOHE" init --db sc.db
expect_exit 0 "$KAOHE" import regions s/regions.csv --db sc.db
expect_exit 0 "$KAOHE" import registry s/registry.csv --year 2019 --db sc.db
expect_exit 0 "$KAOHE" import roster s/roster.csv --year 2019 --db sc.db
q="SELECT * FROM roster ORDER BY 1, 2"
[ "$(sqlite3 s.db "$q")" = "$(sqlite3 sc.db "$q")" ] || fail "roster template data differs"
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530000000000 \
    --margin 0.05 --villages-per-county 4 --seed 11 --db s.db
expect_exit 0 "$KAOHE" sample simulate --design 1 --truth s/truth.csv \
    -o survey.csv --seed 3 --db s.db
python3 "$TOP/tests/e2e/fill_template.py" survey.xlsx survey.csv survey_filled.xlsx || fail "fill survey"
cp s.db s2.db
expect_exit 0 "$KAOHE" import survey survey_filled.xlsx --design 1 --db s.db --format json
grep -q '"findings": \[\]' out.txt || { cat out.txt; fail "survey template: findings"; }
expect_exit 0 "$KAOHE" import survey survey.csv --design 1 --db s2.db
q="SELECT * FROM survey ORDER BY 1, 2"
# (the same but for the file's name each row keeps)
[ -n "$(sqlite3 s.db "$q")" ] &&
    [ "$(sqlite3 s.db "$q" | sed 's/|survey_filled.xlsx|/|F|/')" = "$(sqlite3 s2.db "$q" | sed 's/|survey.csv|/|F|/')" ] ||
    fail "survey template data differs"

# The rectification plan: filled by the script, imported as new problems
# (--allow-new) without a warning; stored as filled (dates from Excel's
# serial days, 长期坚持 as typed into a date cell, 来源 and 问题类别 from the
# drop-downs).
python3 - <<'PY' || fail "plan template content"
import re, zipfile
z = zipfile.ZipFile("plan.xlsx")
sst = z.read("xl/sharedStrings.xml").decode()
for name in ("问题编号", "行政区划代码", "来源", "问题类别", "整改时限", "年度", "长期坚持"):
    assert name in sst, name
s1 = z.read("xl/worksheets/sheet1.xml").decode()
assert '<formula1>"考核,核查,督查,暗访,审计,第三方,媒体,民主监督"</formula1>' in s1, s1
PY
cat > plan.csv <<'CSV'
行政区划代码,区划名称,来源,发现日期,问题类别,问题,整改措施,牵头部门,责任单位,责任人,整改时限,进展,年度
533124100201,广山村,考核,2020-05-06,扶贫措施不精准,两户帮扶措施与致贫原因不符,逐户核实并调整措施,县扶贫办,章凤镇、县农业农村局,张三,2020-09-30,已核实一户,2019
533124000000,陇川县,督查,2020-06-01,基层基础工作不扎实,档案资料不齐,补齐档案,县扶贫办,,李四,长期坚持,,2020
CSV
python3 "$TOP/tests/e2e/fill_template.py" plan.xlsx plan.csv plan_filled.xlsx || fail "fill plan"
expect_exit 0 "$KAOHE" user add 县扶贫办 --role 县级 --region 533124000000 --db t.db
KAOHE_USER=县扶贫办 expect_exit 0 "$KAOHE" rectify import plan_filled.xlsx --allow-new --db t.db
[ ! -s err.txt ] || { cat err.txt; fail "plan template: warnings"; }
q="SELECT region, source, found_on, category, text, measures, lead_dept, (SELECT coalesce(group_concat(unit, '、'), '') FROM (SELECT unit FROM problem_unit WHERE problem = problem.id ORDER BY seq)), person, coalesce(deadline, ''), long_term, progress, year FROM problem ORDER BY id"
got=$(sqlite3 t.db "$q")
want='533124100201|考核|2020-05-06|扶贫措施不精准|两户帮扶措施与致贫原因不符|逐户核实并调整措施|县扶贫办|章凤镇、县农业农村局|张三|2020-09-30|0|已核实一户|2019
533124000000|督查|2020-06-01|基层基础工作不扎实|档案资料不齐|补齐档案|县扶贫办||李四||1||2020'
[ "$got" = "$want" ] || fail "plan template data: $got"
echo ok
