# kaohe indicators: every indicator of docs/indicators.md against values
# computed by hand from a small registry (the arithmetic is written beside
# each expected value below), at every level; edge cases: an empty village,
# a village without rural population (incidence null), a county without a
# plan (left out of plan_completion above it), a household removed (清退)
# that counts in the totals but not in coverage, a household that moved
# village between 2018 and 2019 and lost a member, an even-count median;
# finding.* from review rows inserted here; explain; CSV and XLSX output;
# usage and database errors.
. "$TOP/tests/e2e/lib.sh"

python3 - <<'PY'
import csv, os, sys

sys.path.insert(0, os.path.join(os.environ["TOP"], "tests", "cases"))
from casegen import HDR, REG_HDR, idno  # the cases' ID numbers and headers
regions = [
    ("530000000000", "云南省", "", "省", "是", "", "", "", ""),
    ("533100000000", "德宏州", "530000000000", "市", "", "", "", "", ""),
    ("533124000000", "陇川县", "533100000000", "县", "", "是", "", "", "6"),
    ("533124100000", "章凤镇", "533124000000", "乡", "", "", "", "", ""),
    ("533124100201", "拉影村", "533124100000", "村", "", "", "是", "200", ""),
    ("533124100202", "户弄村", "533124100000", "村", "", "", "否", "100", ""),
    ("533124100203", "空村", "533124100000", "村", "", "", "否", "50", ""),
    ("533124100204", "无人口村", "533124100000", "村", "", "", "否", "", ""),
    ("533122000000", "梁河县", "533100000000", "县", "", "否", "", "", ""),
    ("533122100000", "平山乡", "533122000000", "乡", "", "", "", "", ""),
    ("533122100201", "大村", "533122100000", "村", "", "", "否", "0", ""),
]
with open("regions.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(REG_HDR)
    w.writerows(regions)

seq = [0]
def member(name, birth, male, rel, school, health, labour, med, ser, pen, tf):
    seq[0] += 1
    return [name, idno("533124", birth, seq[0], male), "男" if male else "女",
            birth, rel, "汉族", "小学", school, health, labour, "非务工",
            med, ser, pen, tf]
def hh(hid, village, typ, cause, status, year_out, income, housing, visit,
       measures, members):
    n = len(members)
    wage = "" if income == "" else str(income * n)
    head = [hid, village, typ, cause, "2014", status, year_out, wage, "", "",
            "", "", "", "", "" if income == "" else str(income), "0", housing,
            "是", "否", "", "", "", visit, measures, ""]
    return [head + m for m in members]

Y = "是"; N = "否"
A, B, D, E = "533124100201", "533124100202", "533124100204", "533122100201"
b2a = member("B2户主", "1968-03-01", True, "户主", "非在校生", "健康", "普通劳动力", Y, Y, Y, Y)
b2b = member("B2之子", "2008-05-01", True, "之子", "小学", "健康", "无劳动力", Y, Y, N, Y)
b2e = member("B2之女", "1990-07-01", False, "之女", "非在校生", "健康", "普通劳动力", Y, Y, Y, Y)
y2019 = (
    hh("A1", A, "一般贫困户", "因病", "未脱贫", "", 3000, "C", "2019-12-01", "产业扶持;健康扶贫", [
        member("A1户主", "1970-01-05", True, "户主", "非在校生", "长期慢性病", "普通劳动力", Y, Y, Y, Y),
        member("A1配偶", "1972-02-03", False, "配偶", "非在校生", "健康", "弱劳动力或半劳动力", Y, N, N, N),
        member("A1之子", "2010-06-01", True, "之子", "非在校生", "健康", "无劳动力", N, N, N, Y)]) +
    hh("A2", A, "低保贫困户", "因残", "已脱贫(享受政策)", "2019", 5000, "A", "2019-09-01", "兜底保障", [
        member("A2户主", "1950-04-04", True, "户主", "非在校生", "残疾", "丧失劳动力", Y, Y, Y, Y),
        member("A2孙子", "2004-12-31", True, "之孙子", "初中", "健康", "无劳动力", Y, Y, N, Y)]) +
    hh("A3", A, "特困供养贫困户", "因病", "返贫", "", "", "D", "", "", [
        member("A3户主", "1940-08-08", False, "户主", "非在校生", "患有大病", "无劳动力", Y, Y, Y, N)]) +
    hh("A4", A, "一般贫困户", "缺资金", "清退", "", 9000, "B", "2019-12-20", "产业扶持", [
        member("A4户主", "1980-01-01", True, "户主", "非在校生", "健康", "普通劳动力", Y, Y, Y, Y),
        member("A4配偶", "1985-01-01", False, "配偶", "非在校生", "健康", "普通劳动力", Y, Y, Y, Y)]) +
    hh("B1", B, "一般贫困户", "缺技术", "已脱贫(不享受政策)", "2018", 7000, "B", "2019-10-05", "就业扶持", [
        member("B1户主", "1975-01-01", True, "户主", "非在校生", "健康", "技能劳动力", Y, Y, Y, Y),
        member("B1配偶", "1977-01-01", False, "配偶", "非在校生", "健康", "普通劳动力", Y, Y, N, Y),
        member("B1之子", "2001-01-01", True, "之子", "高中", "健康", "无劳动力", Y, Y, N, N),
        member("B1之女", "2013-01-01", False, "之女", "学前教育", "健康", "无劳动力", Y, N, N, Y)]) +
    hh("B2", B, "一般贫困户", "因学", "未脱贫", "", 2500, "A", "2019-12-31", "产业扶持;教育资助", [b2a, b2b]) +
    hh("D1", D, "一般贫困户", "缺劳力", "未脱贫", "", 3500, "B", "2019-11-15", "", [
        member("D1户主", "1955-01-01", True, "户主", "非在校生", "健康", "弱劳动力或半劳动力", Y, N, N, N)]) +
    hh("E1", E, "一般贫困户", "因灾", "已脱贫(享受政策)", "2019", 8000, "A", "2019-12-10", "产业扶持", [
        member("E1户主", "1985-01-01", True, "户主", "非在校生", "健康", "普通劳动力", Y, Y, Y, Y)])
)
# 2018: B2 still lived in 拉影村, with a daughter who has since moved out.
y2018 = hh("B2", A, "一般贫困户", "因学", "未脱贫", "", 2500, "A", "2018-12-01", "产业扶持",
           [b2a, b2b, b2e])
for name, rows in (("registry2019.csv", y2019), ("registry2018.csv", y2018)):
    with open(name, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HDR)
        w.writerows(rows)
PY
[ -f registry2019.csv ] || fail "test data written"

expect_exit 0 "$KAOHE" import regions regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry registry2018.csv --year 2018 --db k.db
expect_exit 0 "$KAOHE" import registry registry2019.csv --year 2019 --db k.db

# Without a review run: no finding.*, and a note on stderr.
expect_exit 0 "$KAOHE" indicators --year 2019 --db k.db --format json
cp out.txt ind.json
grep -q "kaohe review" err.txt || fail "note about the missing review run"

# The review's bitmasks, as `kaohe review` stores them: A1 is under
# exit_income and exit_dropout (bits 0 and 1) and flagged for the second;
# B1 under exit_income and flagged for it.
sqlite3 k.db "
INSERT INTO review_run(year, run_at, standards) VALUES(2019, '2020-01-01', 'national');
INSERT INTO review(household, year, applies, flagged)
  SELECT id, 2019, 3, 2 FROM household WHERE year = 2019 AND hh_id = 'A1';
INSERT INTO review(household, year, applies, flagged)
  SELECT id, 2019, 1, 1 FROM household WHERE year = 2019 AND hh_id = 'B1';" ||
    fail "review rows inserted"
expect_exit 0 "$KAOHE" indicators --year 2019 --db k.db --format json
cp out.txt rv.json
grep -q "kaohe review" err.txt && fail "no note once the review has run"

expect_exit 0 "$KAOHE" indicators --year 2018 --db k.db --format json
cp out.txt y2018.json

python3 - <<'PY' || fail "indicator values"
import json, sys
# (num, den) by region and indicator, worked out by hand from the data
# above. Ages at 31 Dec 2019. 在册 = every status but 清退 (A4).
A, B, C, D = "533124100201", "533124100202", "533124100203", "533124100204"
TOWN, LC, E, LH = "533124100000", "533124000000", "533122100201", "533122000000"
CITY, PROV = "533100000000", "530000000000"
EXPECT = {
  A: {  # A1 未脱贫 3p, A2 已脱贫 2019 2p, A3 返贫 1p, A4 清退 2p
    "households": (4, 1), "persons": (8, 1), "villages": (1, 1),
    "rural_pop": (200, 1), "plan_exit": (0, 1),
    "households.status.未脱贫": (1, 4), "persons.status.未脱贫": (3, 8),
    "households.status.清退": (1, 4), "persons.status.清退": (2, 8),
    "households.status.已脱贫(不享受政策)": (0, 4),
    "households.hh_type.一般贫困户": (2, 4), "persons.hh_type.一般贫困户": (5, 8),
    "households.hh_type.特困供养贫困户": (1, 4),
    "households.cause.因病": (2, 4), "persons.cause.因病": (4, 8),
    "households.cause.缺资金": (1, 4),
    "poor_households": (2, 4), "poor_persons": (4, 8),
    "exited_households": (1, 4), "exited_persons": (2, 8),
    "exited_households_year": (1, 4), "exited_persons_year": (2, 8),
    "incidence": (4, 200), "plan_completion": (0, 0),
    "income_pc_households": (2, 3),            # A3 has no income, A4 removed
    "income_pc_mean": (300000 + 500000, 200),  # 4000 yuan
    "income_pc_median": (300000 + 500000, 200),  # even count: mean of the two
    "ins_med": (5, 6), "ins_serious": (4, 6), "treat_first": (4, 6),
    "ins_pension": (3, 4),  # A1 户主, 配偶 (no), A2 户主, A3 户主; A2 孙子 is 15
    "dropouts": (1, 2),     # A1 之子 (9, 非在校生); A2 孙子 (15, 初中)
    "unsafe_housing": (2, 3), "industry_support": (1, 1),
    "visited": (1, 3),      # A1 30 days ago; A2 121 days; A3 never
    "finding.exit_income": (0, 1), "finding.exit_dropout": (1, 1),
  },
  B: {  # B1 已脱贫(不享受政策) 2018 4p; B2 未脱贫 2p (moved here in 2019)
    "households": (2, 1), "persons": (6, 1), "rural_pop": (100, 1),
    "poor_households": (1, 2), "poor_persons": (2, 6),
    "exited_persons": (4, 6), "exited_persons_year": (0, 6),
    "incidence": (2, 100),
    "households.cause.因学": (1, 2), "persons.cause.缺技术": (4, 6),
    "income_pc_households": (2, 2), "income_pc_mean": (950000, 200),
    "income_pc_median": (250000 + 700000, 200),
    "ins_med": (6, 6), "ins_serious": (5, 6), "treat_first": (5, 6),
    "ins_pension": (2, 3),  # B1 之子 (18) is a student, B1 之女 (6), B2 之子 (11)
    "dropouts": (0, 2),     # B1 之女 6 in 学前教育, B2 之子 11 in 小学
    "unsafe_housing": (0, 2), "industry_support": (1, 2),
    "visited": (2, 2),      # 87 days and 0 days
    "finding.exit_income": (1, 1), "finding.exit_dropout": (0, 0),
  },
  C: {  # no households at all
    "households": (0, 1), "persons": (0, 1), "villages": (1, 1),
    "rural_pop": (50, 1), "incidence": (0, 50), "poor_households": (0, 0),
    "income_pc_mean": (0, 0), "income_pc_median": (0, 0), "ins_med": (0, 0),
    "dropouts": (0, 0), "visited": (0, 0), "finding.exit_income": (0, 0),
  },
  D: {  # no rural population given: incidence has no value
    "households": (1, 1), "rural_pop": (0, 1), "poor_persons": (1, 1),
    "incidence": (1, 0), "income_pc_mean": (350000, 100),
    "income_pc_median": (700000, 200), "ins_pension": (0, 1),
    "dropouts": (0, 0), "industry_support": (0, 1), "visited": (1, 1),
  },
  TOWN: {
    "households": (7, 1), "persons": (15, 1), "villages": (4, 1),
    "rural_pop": (350, 1), "poor_households": (4, 7), "poor_persons": (7, 15),
    "exited_households": (2, 7), "exited_persons": (6, 15),
    "exited_households_year": (1, 7), "exited_persons_year": (2, 15),
    "incidence": (7, 350), "plan_completion": (0, 0), "plan_exit": (0, 1),
    "income_pc_households": (5, 6), "income_pc_mean": (2100000, 500),
    "income_pc_median": (700000, 200),  # 2500 3000 [3500] 5000 7000
    "ins_med": (12, 13), "ins_serious": (9, 13), "treat_first": (9, 13),
    "ins_pension": (5, 8), "dropouts": (1, 4), "unsafe_housing": (2, 6),
    "industry_support": (2, 4), "visited": (4, 6),
    "finding.exit_income": (1, 2), "finding.exit_dropout": (1, 1),
  },
  LC: {"households": (7, 1), "plan_exit": (6, 1), "plan_completion": (2, 6),
       "incidence": (7, 350)},
  E: {"households": (1, 1), "rural_pop": (0, 1), "incidence": (0, 0),
      "exited_persons_year": (1, 1), "plan_completion": (0, 0)},
  LH: {  # no plan: its own completion has no value
    "plan_exit": (0, 1), "plan_completion": (1, 0), "exited_persons_year": (1, 1),
    "income_pc_median": (1600000, 200)},
  CITY: {
    "households": (8, 1), "persons": (16, 1), "villages": (5, 1),
    "rural_pop": (350, 1), "plan_exit": (6, 1),
    "plan_completion": (2, 6),  # only 陇川县 has a plan
    "poor_households": (4, 8), "poor_persons": (7, 16), "incidence": (7, 350),
    "exited_persons_year": (3, 16), "income_pc_households": (6, 7),
    "income_pc_mean": (2900000, 600),
    "income_pc_median": (350000 + 500000, 200),  # even count of six
    "ins_med": (13, 14), "ins_serious": (10, 14), "treat_first": (10, 14),
    "ins_pension": (6, 9), "dropouts": (1, 4), "unsafe_housing": (2, 7),
    "industry_support": (3, 5), "visited": (5, 7),
    "finding.exit_income": (1, 2),
  },
}
EXPECT[PROV] = dict(EXPECT[CITY])
EXPECT_2018 = {  # B2 in 拉影村 with three members
  A: {"households": (1, 1), "persons": (3, 1), "poor_persons": (3, 3),
      "incidence": (3, 200), "ins_pension": (2, 2), "dropouts": (0, 1)},
  B: {"households": (0, 1), "persons": (0, 1), "incidence": (0, 100)},
}
bad = 0
def check(doc, expect, label):
    global bad
    regions = {r["code"]: r for r in doc["regions"]}
    for code, want in expect.items():
        got = regions[code]["indicators"]
        for name, (num, den) in want.items():
            if name not in got:
                print("%s %s %s: missing" % (label, code, name)); bad += 1; continue
            g = got[name]
            value = None if den == 0 else round(num / den + 1e-12, 4)
            if (g["num"], g["den"]) != (num, den) or g["value"] != value:
                print("%s %s %s: got %s, want num %s den %s value %s" %
                      (label, code, name, g, num, den, value)); bad += 1
plain = json.load(open("ind.json", encoding="utf-8"))
rv = json.load(open("rv.json", encoding="utf-8"))
assert plain["year"] == 2019
assert not any(k.startswith("finding.") for r in plain["regions"] for k in r["indicators"])
check(rv, EXPECT, "2019")
codes = [r["code"] for r in rv["regions"]]
assert len(codes) == 11 and codes == sorted(codes), codes
top = rv["regions"][0]
assert (top["name"], top["level"], top["parent"]) == ("云南省", "省", None), top
v = [r for r in rv["regions"] if r["code"] == C][0]
assert (v["name"], v["level"], v["parent"]) == ("空村", "村", TOWN), v
names = set(top["indicators"])
for code in ("exit_income", "exit_dropout", "visit_overdue", "income_outlier"):
    assert "finding." + code in names, code
assert top["indicators"]["finding.visit_overdue"] == {"num": 0, "den": 0, "value": None}
check(json.load(open("y2018.json", encoding="utf-8")), EXPECT_2018, "2018")
sys.exit(1 if bad else 0)
PY

# The same result with one thread or several, and when members are not
# stored after their household (moved to the end of the table), which the
# merge of the two scans must notice.
for t in 1 3; do
    expect_exit 0 "$KAOHE" indicators --year 2019 --db k.db --format json --threads $t
    cmp -s out.txt rv.json || fail "--threads $t gives the same"
done
cp k.db moved.db
sqlite3 moved.db "UPDATE member SET id = id + 1000 WHERE household IN
  (SELECT id FROM household WHERE year = 2019 AND hh_id IN ('A1', 'B1'))" ||
    fail "members moved"
expect_exit 0 "$KAOHE" indicators --year 2019 --db moved.db --format json
cmp -s out.txt rv.json || fail "members out of order give the same"
expect_exit 2 "$KAOHE" indicators --year 2019 --db k.db --threads 0

# Thresholds are data: a province's standards file moves them.
printf '[exit]\ncompulsory_age_min = 7\n[review]\nvisit_interval_days = 30\n' > prov.std
expect_exit 0 "$KAOHE" indicators --year 2019 --db k.db --format json --standards prov.std
python3 -c "
import json; d = {r['code']: r['indicators'] for r in json.load(open('out.txt'))['regions']}
def nd(c, n): return (d[c][n]['num'], d[c][n]['den'])
assert nd('533124100202', 'dropouts') == (0, 1), nd('533124100202', 'dropouts')  # B1 之女 is 6
assert nd('533124100201', 'dropouts') == (1, 2)
assert nd('533124100202', 'visited') == (1, 2)   # B1: 87 days > 30
assert nd('533124100201', 'visited') == (1, 3)   # A1: exactly 30 days
assert nd('533124100000', 'visited') == (2, 6)   # D1: 46 days" || fail "--standards"
printf '[review]\nvisit_interval_days = soon\n' > bad.std
expect_exit 2 "$KAOHE" indicators --year 2019 --db k.db --standards bad.std

# --region and --level pick regions; the values do not change.
expect_exit 0 "$KAOHE" indicators --year 2019 --db k.db --format json --region 533124000000 --level 村
python3 -c "
import json; d = json.load(open('out.txt'))
assert [r['code'] for r in d['regions']] == ['533124100201', '533124100202', '533124100203', '533124100204'], d
assert d['regions'][0]['indicators']['incidence'] == {'num': 4, 'den': 200, 'value': 0.02}" || fail "--region --level"

# explain: the households behind an indicator; the terms add up to it.
expect_exit 0 "$KAOHE" indicators explain 533124100000 dropouts --year 2019 --db k.db --format json
python3 -c "
import json; d = json.load(open('out.txt'))
assert [(h['hh_id'], h['num'], h['den']) for h in d['households']] == [('A1', 1, 1)], d
assert (d['num'], d['den']) == (1, 4), d" || fail "explain dropouts"
expect_exit 0 "$KAOHE" indicators explain 533124100201 ins_pension --all --year 2019 --db k.db --format json
python3 -c "
import json; d = json.load(open('out.txt'))
assert [(h['hh_id'], h['num'], h['den']) for h in d['households']] == [('A1', 1, 2), ('A2', 1, 1), ('A3', 1, 1)], d
assert (d['num'], d['den']) == (3, 4), d" || fail "explain --all"
expect_exit 0 "$KAOHE" indicators explain 530000000000 finding.exit_income --year 2019 --db k.db
grep -q "^B1	533124100202	1	1" out.txt || fail "explain text lists B1"
expect_exit 0 "$KAOHE" indicators explain 533124100000 poor_persons --year 2019 --db k.db --format csv
python3 -c "
import csv; rows = list(csv.reader(open('out.txt', encoding='utf-8-sig')))
assert rows[0] == ['户编号', '行政区划代码', '分子', '分母'], rows[0]
assert [r[0] for r in rows[1:]] == ['A1', 'A3', 'B2', 'D1'], rows" || fail "explain csv"
expect_exit 2 "$KAOHE" indicators explain 533124100000 rural_pop --year 2019 --db k.db
grep -q "region list" err.txt || fail "explain of a region-level indicator"
expect_exit 2 "$KAOHE" indicators explain 533124100000 no_such --year 2019 --db k.db
grep -q "no indicator" err.txt || fail "unknown indicator"

# CSV and XLSX: one row a region and indicator.
expect_exit 0 "$KAOHE" indicators --year 2019 --db k.db --format csv --level 县
python3 -c "
import csv; rows = list(csv.reader(open('out.txt', encoding='utf-8-sig')))
assert rows[0] == ['区划代码', '名称', '级别', '上级代码', '指标', '指标名称', '分子', '分母', '值'], rows[0]
r = [x for x in rows if x[0] == '533124000000' and x[4] == 'plan_completion'][0]
assert r[6:] == ['2', '6', '0.3333'], r
r = [x for x in rows if x[0] == '533122000000' and x[4] == 'incidence'][0]
assert r[6:] == ['0', '0', ''], r" || fail "csv"
expect_exit 0 "$KAOHE" indicators --year 2019 --db k.db --format xlsx -o ind.xlsx
[ -s ind.xlsx ] || fail "xlsx written"
expect_exit 0 "$KAOHE" indicators --year 2019 --db k.db --region 533124100201
grep -q "^  贫困发生率：2.00%（4/200）$" out.txt || fail "text output: a rate with its numerator and denominator"
grep -q "人均纯收入均值（元）：[0-9,]*\.[0-9][0-9] 元$" out.txt || fail "text output: an income in 元"
python3 "$TOP/tests/e2e/plain_text.py" out.txt || fail "indicators text in plain Chinese"

# Errors: usage (2), missing year (2), unknown region (2), not a database.
expect_exit 2 "$KAOHE" indicators --db k.db
expect_exit 2 "$KAOHE" indicators --year 2019 --db k.db --level 组
expect_exit 2 "$KAOHE" indicators --year 2019 --db k.db --format xlsx
expect_exit 2 "$KAOHE" indicators --year 2017 --db k.db
grep -q "no registry snapshot for 2017" err.txt || fail "missing year message"
expect_exit 2 "$KAOHE" indicators --year 2019 --db k.db --region 539999000000
expect_exit 2 "$KAOHE" indicators --year 2019 --db missing.db
echo "not a database" > junk.db
expect_exit 2 "$KAOHE" indicators --year 2019 --db junk.db
expect_exit 0 "$KAOHE" indicators --help
echo "indicators: all values as computed by hand"
