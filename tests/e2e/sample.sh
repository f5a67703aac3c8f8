# 第三方评估 end to end: kaohe gen --roster leaves the registry files
# byte-identical; the roster and a survey import, with their errors named
# by file, row and column and nothing stored; a design is reproducible for
# its seed and stored; simulate + import survey + estimate recover the
# generator's true rates within the intervals; the field lists hold the
# households drawn; the CSV for the assessment has its columns.
. "$TOP/tests/e2e/lib.sh"

# 1. The new options do not change what gen wrote before.
expect_exit 0 "$KAOHE" gen --persons 50000 --seed 4 --out plain
expect_exit 0 "$KAOHE" gen --persons 50000 --seed 4 --out d --roster \
    --wrong-exit-rate 4% --missed-rate 2% --approval-rate 93% \
    --roster-share 0.5
for f in regions.csv registry.csv faults.csv; do
    cmp -s plain/$f d/$f || fail "gen --roster changed $f"
done
[ -s d/roster.csv ] && [ -s d/truth.csv ] || fail "no roster or truth"
expect_exit 2 "$KAOHE" gen --persons 10 --out x --missed-rate 2%

# XLSX: gen writes the roster as a workbook too, and it imports.
expect_exit 0 "$KAOHE" gen --persons 3000 --seed 5 --out x --format xlsx --roster
expect_exit 0 "$KAOHE" import regions x/regions.xlsx --db x.db
expect_exit 0 "$KAOHE" import registry x/registry.xlsx --year 2019 --db x.db
expect_exit 0 "$KAOHE" import roster x/roster.xlsx --year 2019 --db x.db
[ "$(sqlite3 x.db "select count(*) from roster")" -eq "$(grep -c ',roster,' x/truth.csv)" ] ||
    fail "the XLSX roster has every household of the truth"

# 2. Imports.
expect_exit 0 "$KAOHE" import regions d/regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry d/registry.csv --year 2019 --db k.db
expect_exit 0 "$KAOHE" import roster d/roster.csv --year 2019 --db k.db
n_roster=$(sqlite3 k.db "select count(*) from roster")
[ "$n_roster" -eq $(($(wc -l < d/roster.csv) - 1)) ] || fail "roster rows"

# A bad roster: an ID with a wrong check character, an unknown village, a
# repeated 户编号, a person count that is not a number, a registered
# person listed as its head. Refused whole; the stored roster is kept.
reg_id=$(sed -n 2p d/registry.csv | cut -d, -f27)
{
    head -3 d/roster.csv
    echo "X1,533124100201,张三,530100195001010001,3"
    sed -n 2p d/roster.csv | sed 's/^F/G/; s/,[0-9]*\r*$/,two/'
    sed -n 3p d/roster.csv
    echo "X3,$(sed -n 2p d/roster.csv | cut -d, -f2),李四,$reg_id,2"
} > bad_roster.csv
expect_exit 1 "$KAOHE" import roster bad_roster.csv --year 2019 --db k.db \
    --format json
for c in id_checksum village_unknown value_number hh_duplicate \
    roster_registered; do
    grep -q "\"code\": \"$c\"" out.txt || fail "bad roster: no $c"
done
grep -q '"row": 3, "line": 4, "column": "户主证件号码"' out.txt ||
    fail "bad roster: the ID finding names row, line and column"
[ "$(sqlite3 k.db "select count(*) from roster")" = "$n_roster" ] ||
    fail "a refused roster changed the database"

# 3. A design, and the same design again: the same households.
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530000000000 \
    --margin 0.03 --villages-per-county 8 --seed 11 --db k.db
grep -q "deff" out.txt || fail "the design prints its reasoning"
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530000000000 \
    --margin 0.03 --villages-per-county 8 --seed 11 --db k.db
a=$(sqlite3 k.db "select group_concat(hh_id) from (select hh_id from sample_household where design = 1 order by hh_id)")
b=$(sqlite3 k.db "select group_concat(hh_id) from (select hh_id from sample_household where design = 2 order by hh_id)")
[ -n "$a" ] && [ "$a" = "$b" ] || fail "same seed, different sample"
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530000000000 \
    --margin 0.03 --villages-per-county 8 --seed 12 --db k.db
c=$(sqlite3 k.db "select group_concat(hh_id) from (select hh_id from sample_household where design = 3 order by hh_id)")
[ "$a" != "$c" ] || fail "another seed, the same sample"
expect_exit 2 "$KAOHE" sample design --year 2019 --region 53 --margin 0.03 \
    --db k.db
expect_exit 2 "$KAOHE" sample design --year 2019 --region 530000000000 \
    --margin 0 --db k.db

# 4. Field lists of design 1: one workbook a village drawn, with its
# households.
expect_exit 0 "$KAOHE" sample lists --design 1 --out lists --db k.db
nv=$(sqlite3 k.db "select count(*) from sample_village where design = 1")
[ "$(ls lists | wc -l)" -eq "$nv" ] || fail "one list a village"
v=$(sqlite3 k.db "select village from sample_village where design = 1 order by village limit 1")
h=$(sqlite3 k.db "select hh_id from sample_household where design = 1 and village = '$v' order by hh_id limit 1")
python3 - "lists/$v.xlsx" "$h" <<'PY' || fail "the list lacks its household"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8") for n in z.namelist()
               if n.endswith(".xml"))
assert sys.argv[2] in text and "不愁吃穿" in text and "户主姓名" in text
PY
# The empty list reads back as a survey file: its columns are found, and
# every row lacks the observations (value_required, named by column).
expect_exit 1 "$KAOHE" import survey "lists/$v.xlsx" --design 1 --db k.db \
    --format json
grep -q '"column": "人均纯收入", "hh_id": "'"$h"'", "id_no": "", "code": "value_required"' out.txt ||
    fail "the field list does not read back as a survey"

# 5. Survey errors: a household not drawn, a value not allowed, a missing
# value, a repeated household. Nothing stored.
expect_exit 0 "$KAOHE" sample simulate --design 1 --truth d/truth.csv \
    -o survey.csv --seed 3 --db k.db
{
    head -3 survey.csv
    sed -n 2p survey.csv
    sed -n 4p survey.csv | sed 's/,是,/,也许,/'
    sed -n 5p survey.csv | sed 's/,模拟调查员,/,,/'
    echo "NOT-DRAWN,5000,是,否,是,B,是,是,是,是,某,2020-01-15"
} > bad_survey.csv
expect_exit 1 "$KAOHE" import survey bad_survey.csv --design 1 --db k.db \
    --format json
for c in hh_duplicate value_enum value_required survey_not_drawn; do
    grep -q "\"code\": \"$c\"" out.txt || fail "bad survey: no $c"
done
grep -q '"row": 4, "line": 5, "column": "不愁吃穿"' out.txt ||
    fail "bad survey: the value finding names row, line and column"
[ "$(sqlite3 k.db "select count(*) from survey")" = 0 ] ||
    fail "a refused survey was stored"
expect_exit 2 "$KAOHE" sample estimate --design 1 --db k.db

# 6. The survey, then the estimates against the truth of the generator.
# Every other 调查日期 written as offices write dates (2020年1月15日): read
# by the one date parser and stored as YYYY-MM-DD.
python3 - <<'PY' || fail "rewrite the survey's dates"
import csv
rows = list(csv.reader(open("survey.csv", encoding="utf-8-sig")))
i = rows[0].index("调查日期")
n = 0
for k, r in enumerate(rows[1:]):
    if k % 2 == 0 and r[i]:
        y, m, d = r[i].split("-")
        r[i] = "%s年%d月%d日" % (y, int(m), int(d))
        n += 1
assert n > 0
csv.writer(open("survey.csv", "w", encoding="utf-8", newline="")).writerows(rows)
PY
expect_exit 0 "$KAOHE" import survey survey.csv --design 1 --db k.db
[ "$(sqlite3 k.db "select count(*) from survey where visited <> '' and visited not glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")" = 0 ] ||
    fail "survey dates not stored as YYYY-MM-DD"
expect_exit 0 "$KAOHE" sample estimate --design 1 --db k.db --format json
cp out.txt est.json
python3 - <<'PY' || fail "the estimates miss the truth"
import csv, json
t = list(csv.DictReader(open("d/truth.csv", encoding="utf-8")))
def rate(kind):
    y = sum(int(r["家庭人口"]) for r in t if r["类别"] == kind and r["不合标准"] == "1")
    x = sum(int(r["家庭人口"]) for r in t if r["类别"] == kind)
    return y / x
e = json.load(open("est.json", encoding="utf-8"))
region = e["rows"][-1]
assert region["level"] == "region" and region["code"] == "530000000000"
for key, kind in (("wrong_exit", "exited"), ("missed", "roster")):
    m, truth = region[key], rate(kind)
    assert m["lo"] <= truth <= m["hi"], (key, truth, m)
    assert m["verdict"] in ("below", "above", "unclear")
# every county has its row, with a design-based interval
assert len(e["rows"]) >= 3 and all(r["wrong_exit"]["se"] is not None for r in e["rows"])
a = region["approval"]
assert a["lo"] <= 0.93 + 0.03 and a["hi"] >= 0.93 - 0.03, a
PY

# 7. The CSV for the assessment: one row a county and one for the region.
expect_exit 0 "$KAOHE" sample estimate --design 1 --db k.db --format csv \
    -o est.csv
head -1 est.csv | grep -q '^level,code,name,households,wrong_exit_rate,wrong_exit_num,wrong_exit_den,wrong_exit_se,wrong_exit_lo,wrong_exit_hi,wrong_exit_threshold,wrong_exit_verdict,missed_rate' ||
    fail "estimate CSV header"
[ "$(grep -c '^county,' est.csv)" -ge 2 ] && [ "$(grep -c '^region,' est.csv)" = 1 ] ||
    fail "estimate CSV rows"

# 8. An observation error makes the survey differ from the truth.
expect_exit 0 "$KAOHE" sample simulate --design 1 --truth d/truth.csv \
    -o noisy.csv --seed 3 --error-rate 10% --db k.db
grep -q "flipped" err.txt || fail "simulate reports the flips"
cmp -s survey.csv noisy.csv && fail "an error rate changed nothing"
exit 0
