# kaohe assess: the template, bad inputs refused with the region and the
# item and nothing stored, versions kept (a rerun never overwrites), show
# in every format, explain with the households and the inputs' provenance,
# a scheme given as a file, a county without its 贫困县 attribute. The
# scores themselves are checked to the last decimal in
# tests/cases/assess_hebei and assess_central.
. "$TOP/tests/e2e/lib.sh"
D=$CASES/assess_hebei
S="--scheme hebei-city-2016 --year 2019 --level 市 --db k.db"

expect_exit 0 "$KAOHE" init --db k.db
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" --db k.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db k.db

# template: one row per city and county, a column per input headed by its
# label and what may be entered (a rate's range in percent), a date column
# per step, the scheme by its title; no code or slug a person reads
expect_exit 0 "$KAOHE" assess template $S -o t.csv
grep -q ",平时考核得分（0～10）," t.csv || fail "template: daily by its label, with its range"
grep -q ",错退率（第三方评估）（0%～100%）," t.csv || fail "template: 错退率 with its range in percent"
grep -q ",违反扶贫资金管理使用规定（1 是 0 否）," t.csv || fail "template: a yes/no input"
grep -q ",填写日期：第三方评估（如 2020-06-30）," t.csv || fail "template: a step's date column"
[ "$(grep -c '^1301\|^1302\|^1303' t.csv)" = 8 ] || fail "template: 3 cities + 5 counties"
grep "^130101000000" t.csv | grep -q "县级精准扶贫工作成效考核细则" || fail "template: county rows under the county scheme, by its title"
grep "^130100000000" t.csv | grep -q ",2019 年度市级考核，核对码 [0-9]\{6,\}" || fail "template: the stamp"
! grep -q "[A-Za-z]" t.csv || fail "template: ASCII letters: $(grep -o '[A-Za-z_]\+' t.csv | sort -u | head -5)"
# the template, filled in as it is (its headers with labels and ranges),
# scores as the hand-made inputs file does; so does the template an
# earlier version wrote ("daily 平时考核得分 [0, 10]", "日期:STEP
# YYYY-MM-DD", the stamp with the scheme's name), rebuilt here
python3 - "$D/inputs.csv" "$TOP/schemes" <<'PY' || fail "template filled"
import csv, glob, re, sys
vals = {r["区划代码"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
inputs = {}  # label -> (code, lo, hi) from the preset schemes
for f in glob.glob(sys.argv[2] + "/hebei-*.scheme"):
    code = None
    for line in open(f, encoding="utf-8"):
        m = re.match(r"\[input (\w+)\]", line)
        if m:
            code = m.group(1)
        elif code and line.startswith("label = "):
            lab = line[8:].strip()
        elif code and line.startswith("range = "):
            inputs[lab] = (code, *line[8:].split())
            code = None
def key(h):
    if h in inputs:
        return inputs[h][0]
    m = re.match(r"填写日期：(.+)（如 2020-06-30）$", h)
    if m:
        return "日期:" + m.group(1)
    m = re.match(r"(.+)（[^（]*）$", h)
    return inputs[m.group(1)][0] if m and m.group(1) in inputs else h
rows = list(csv.reader(open("t.csv", encoding="utf-8-sig")))
keys = [key(h) for h in rows[0]]
assert "daily" in keys and "wrong_exit" in keys and "日期:第三方评估" in keys, keys
old = rows[0][:4]
for h, k in zip(rows[0][4:-1], keys[4:-1]):
    if k.startswith("日期:"):
        old.append(k + " YYYY-MM-DD")
    else:
        lab = [l for l in inputs if inputs[l][0] == k][0]
        old.append("%s %s [%s, %s]" % (k, lab, inputs[lab][1], inputs[lab][2]))
old.append(rows[0][-1])
h = int(re.search(r"核对码 (\d+)", rows[1][-1]).group(1))
oldrows = [old]
for row in rows[1:]:
    for i, k in enumerate(keys[4:-1], 4):
        if row[i] != "/":
            row[i] = vals[row[0]].get(k, "")
    oldrows.append(row[:-1] + ["hebei-city-2016 #%08x 2019 年 市级" % h])
with open("filled.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows(rows)
with open("filled_old.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows(oldrows)
PY
grep -q '^区划代码,名称,级别,方案,"daily 平时考核得分 \[0, 10\]","wrong_exit 错退率（第三方评估） \[0, 1\]",' filled_old.csv ||
    fail "the earlier version's header: $(head -1 filled_old.csv)"
expect_exit 0 "$KAOHE" assess template $S -o t.xlsx
[ "$(head -c 2 t.xlsx)" = PK ] || fail "template: xlsx"
# the XLSX read back by its headers: left empty, the first missing input
# is named by its column as the sheet heads it
expect_exit 1 "$KAOHE" assess run $S --inputs t.xlsx
grep -q "t.xlsx 第4行(物理行5) 列“错退率（第三方评估）（0%～100%）”: 130101000000 甲一县 缺少录入项" err.txt ||
    fail "the empty XLSX template: $(cat err.txt)"

before=$(dump k.db)
# a missing input: names the region and the item; nothing stored
sed 's/^130200000000,乙市,8,/130200000000,乙市,,/' "$D/inputs.csv" > miss.csv
expect_exit 1 "$KAOHE" assess run $S --inputs miss.csv
grep -q "130200000000 乙市 缺少录入项“平时考核得分”" err.txt || fail "missing input: region and input"
grep -q "平时考核" err.txt || fail "missing input: the item"
# out of range
sed 's/^130100000000,甲市,9,/130100000000,甲市,11,/' "$D/inputs.csv" > range.csv
expect_exit 1 "$KAOHE" assess run $S --inputs range.csv
grep -q "130100000000.*平时考核得分.*11.*超出范围 0～10" err.txt && grep -q "input .daily.*is 11, outside 0 to 10" err.txt ||
    fail "out of range: region, input, value, range"
# not a number: the file, row and column
sed 's/^130101000000,甲一县,\/,0.01,/130101000000,甲一县,\/,abc,/' "$D/inputs.csv" > nan.csv
expect_exit 1 "$KAOHE" assess run $S --inputs nan.csv
grep -q "nan.csv.*wrong_exit" err.txt || fail "not a number: file and column"
# a misspelt column: said, and the input is missing
sed '1s/,daily,/,dialy,/' "$D/inputs.csv" > typo.csv
expect_exit 1 "$KAOHE" assess run $S --inputs typo.csv
grep -q "column 'dialy' is not an input" err.txt || fail "unused column noted"
grep -q "input 'daily'" err.txt || fail "then the missing input"
# a scheme reading finding.* before kaohe review ran
sed 's/^source = indicator visited@市$/source = indicator finding.exit_income@市/' \
    "$TOP/schemes/hebei-city-2016.scheme" | sed 's/^name = hebei-city-2016/name = f-city/' > f.scheme
expect_exit 2 "$KAOHE" assess run --scheme f.scheme --year 2019 --level 市 --db k.db --inputs "$D/inputs.csv"
grep -q "run kaohe review --year 2019 first" err.txt || fail "finding.* needs the review"
# no inputs at all
expect_exit 1 "$KAOHE" assess run $S
grep -q "缺少录入项" err.txt || fail "no inputs file: missing input"
[ "$(dump k.db)" = "$before" ] || fail "refused runs store nothing"

# the filled template scores (into a copy of the database)
cp k.db filled.db
expect_exit 0 "$KAOHE" assess run --scheme hebei-city-2016 --year 2019 --level 市 --db filled.db --inputs filled.csv
grep -q "^1	130300000000	丙市	90.30	优秀" out.txt || fail "the filled template"
grep -q "^2	130100000000	甲市	81.50	良好" out.txt || fail "the filled template"
! grep -q "not an input\|注意" err.txt || fail "the template's own headers, read without a note: $(cat err.txt)"
cp out.txt filled.txt
# errors in the template name its column as the file heads it
python3 - <<'PY' || fail "bad copies of the filled template"
import csv
rows = list(csv.reader(open("filled.csv", encoding="utf-8")))
d = rows[0].index("平时考核得分（0～10）")
for name, v in [("miss", ""), ("nan", "abc")]:
    w = [r[:] for r in rows]
    w[2][d] = v
    csv.writer(open("t_%s.csv" % name, "w", encoding="utf-8", newline="")).writerows(w)
PY
expect_exit 1 "$KAOHE" assess run $S --inputs t_miss.csv
grep -q "t_miss.csv 第2行(物理行3) 列“平时考核得分（0～10）”: 130200000000 乙市 缺少录入项" err.txt ||
    fail "a missing input in the template: $(cat err.txt)"
expect_exit 1 "$KAOHE" assess run $S --inputs t_nan.csv
grep -q "t_nan.csv row 2 (line 3) column '平时考核得分（0～10）': .*'abc', not a number" err.txt ||
    fail "not a number in the template: $(cat err.txt)"
# the template an earlier version made, filled: the same scores
cp k.db filled_old.db
expect_exit 0 "$KAOHE" assess run --scheme hebei-city-2016 --year 2019 --level 市 --db filled_old.db --inputs filled_old.csv
cmp -s out.txt filled.txt || fail "an earlier version's template: other scores"
! grep -q "not an input\|注意" err.txt || fail "an earlier version's template read without a note: $(cat err.txt)"
# its stamp checked as before: made for the city run, refused for the
# county scheme's
expect_exit 1 "$KAOHE" assess run --scheme hebei-county-2016 --year 2019 --level 县 --db filled_old.db --inputs filled_old.csv
grep -q "列“核对标识”: 录入表为“hebei-city-2016 #[0-9a-f]\{8\} 2019 年 市级”生成,与本次考核“2019 年度县级考核，核对码 [0-9]*”不符" err.txt ||
    fail "an earlier version's stamp, another scheme: $(cat err.txt)"
# two runs: versions 1 and 2, the first kept; what run prints (computed)
# is what show prints (read back from the database)
expect_exit 0 "$KAOHE" assess run $S --inputs "$D/inputs.csv" --format json
grep -q "version 1" err.txt || fail "first run is version 1"
cp out.txt run1.json
expect_exit 0 "$KAOHE" assess show $S --format json
cmp -s out.txt run1.json || fail "stored and read back: the same JSON"
sed 's/^130100000000,甲市,9,/130100000000,甲市,10,/' "$D/inputs.csv" > v2.csv
expect_exit 0 "$KAOHE" assess run $S --inputs v2.csv
grep -q "version 2" err.txt || fail "second run is version 2"
expect_exit 0 "$KAOHE" assess show $S --format json
grep -q '"version": 2' out.txt || fail "show: the latest version"
grep -q '"code": "130100000000", "name": "甲市", "total": 82.50' out.txt || fail "v2: 甲市 one point more"
expect_exit 0 "$KAOHE" assess show $S --version 1 --format json
grep -q '"code": "130100000000", "name": "甲市", "total": 81.50' out.txt || fail "v1 kept as it was"
expect_exit 0 "$KAOHE" assess list --db k.db
[ "$(grep -c "^hebei-city-2016	2019	市" out.txt)" = 2 ] || fail "list: two versions"
expect_exit 2 "$KAOHE" assess show $S --version 3
grep -q "version 3" err.txt || fail "a version that does not exist"

# CSV and XLSX
expect_exit 0 "$KAOHE" assess show $S --format csv -o rank.csv
grep -q "^1,130300000000,丙市,90.30,优秀,funds,违反扶贫资金管理使用规定," rank.csv ||
    fail "csv ranking row: the veto's code, its name beside it"
expect_exit 0 "$KAOHE" assess show $S --format xlsx -o rank.xlsx
[ "$(head -c 2 rank.xlsx)" = PK ] || fail "xlsx written"
python3 - <<'PY' || fail "xlsx: a ranking sheet and a sheet per item"
import zipfile, re
z = zipfile.ZipFile("rank.xlsx")
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
assert names[0] == "排名", names
assert len(names) == 1 + 29, len(names)
assert any(n.startswith("集中考核-减贫成效") for n in names), names
PY

# explain: every point, the households behind an indicator, the inputs
expect_exit 0 "$KAOHE" assess explain 130300000000 $S --version 1
# 第八条: the case takes no grade away from the city (the 优秀 it withholds
# is the leaders'; tests/cases/assess_serious)
grep -q "等次：优秀" out.txt || fail "explain: the grade, not lowered by the veto"
grep -q "^否决：违反扶贫资金管理使用规定。.*处理：约谈、限期整改$" out.txt || fail "explain: the veto's consequences"
grep -q "取值：贫困发生率为 3.00%（3/100）" out.txt || fail "explain: indicator num/den"
grep -q "规则：贫困发生率不高于 2% 得满分 1 分，不高于 3% 得 0.5 分，否则不得分" out.txt ||
    fail "explain: the rule in words"
grep -q "取值：人均纯收入增长率为 无数据" out.txt || fail "explain: no value said in words"
grep -q "130301-2	130301100201	+1 / +0" out.txt || fail "explain: a household behind incidence"
grep -q "下级：130301000000 丙一县 85.00" out.txt || fail "explain: the counties rolled up"
grep -q "扶贫资金绩效评价得分	95	部门评价	2020年1月10日" out.txt || fail "explain: provenance step and date"
grep -q "平时考核得分	10	平时考核	2020年6月30日" out.txt || fail "explain: no date column: the run's date"
grep -q "贫困发生率	3.00%（3/100）	数据汇总	2020年6月30日	2019年建档立卡数据" out.txt ||
    fail "explain: registry figures as 数据汇总"
expect_exit 0 "$KAOHE" assess explain 130101000000 $S --format json
grep -q '"path": "扶贫资金", "points": 7.50' out.txt || fail "explain a county"

# one region
expect_exit 0 "$KAOHE" assess show 130100000000 $S --format csv
[ "$(wc -l < out.txt)" = 2 ] || fail "show REGION: header and one row"
grep -q "^2,130100000000,甲市,82.50," out.txt || fail "show REGION: its row"
expect_exit 2 "$KAOHE" assess show 130101000000 $S
# the county scheme on its own: a separate run of its own versions
expect_exit 0 "$KAOHE" assess run --scheme hebei-county-2016 --year 2019 --level 县 --db k.db --inputs "$D/inputs.csv"
grep -q "version 1" err.txt || fail "county run: version 1"
grep -q "^1	130301000000	丙一县	85.00	较好" out.txt || fail "county run: same scores"
grep -q "column 'daily' is not an input" err.txt || fail "county run: the city columns noted"
# the counties of the run
expect_exit 0 "$KAOHE" assess show $S --part hebei-county-2016
grep -q "^1	130301000000	丙一县	85.00	较好" out.txt || fail "show --part"

# a scheme from a file, and a county whose 贫困县 attribute is unknown
sed -e 's/^name = hebei-city-2016/name = my-city/' "$TOP/schemes/hebei-city-2016.scheme" > my.scheme
expect_exit 0 "$KAOHE" scheme check my.scheme
expect_exit 0 "$KAOHE" assess run --scheme my.scheme --year 2019 --level 市 --db k.db --inputs "$D/inputs.csv"
expect_exit 0 "$KAOHE" assess show --scheme my-city --year 2019 --level 市 --db k.db
grep -q "^1	130300000000	丙市	90.30" out.txt || fail "the file scheme scores as the preset"
expect_exit 2 "$KAOHE" assess run --scheme my.scheme --year 2019 --level 县 --db k.db
grep -q "my-city" err.txt || fail "level mismatch named"
sed 's/^130102000000,甲二县,130100000000,县,,否,/130102000000,甲二县,130100000000,县,,,/' "$D/regions.csv" > r2.csv
expect_exit 0 "$KAOHE" import regions r2.csv --db k.db
before=$(dump k.db)
expect_exit 1 "$KAOHE" assess run $S --inputs "$D/inputs.csv"
grep -q "130102000000 甲二县.*贫困县" err.txt || fail "unknown 贫困县 attribute named"
[ "$(dump k.db)" = "$before" ] || fail "nothing stored"
exit 0
