# 错退 as one rule (issue 15): 4,497 exited households of one county, of
# which households 1-50 have an income not above the line, 41-90 an
# unsafe house (C) and 81-150 a member without basic medical insurance.
# Each condition alone is under 2% (50, 50 and 70 of 4,497: 1.1%, 1.1%,
# 1.6%), so judged one rule at a time there is no problem; but the
# households that fail any condition are 50 + 50 + 70 - 10 - 10 = 150
# (3.3%), above 错退率's 2%: one problem, its value 150/4497, the three
# conditions named under it, and the 150 households stored with it.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review
DB="--db k.db"

python3 - "$D/registry.csv" <<'PY' || fail "writing the registry"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
h, tmpl = rows[0], rows[1]
col = h.index
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idno(birth, seq):
    body = "533124" + birth + "%03d" % seq
    s = sum(int(c) * w for c, w in zip(body, W)) % 11
    return body + "10X98765432"[s]
out = [h]
for i in range(1, 4498):
    r = list(tmpl)
    r[col("户编号")] = "W%04d" % i
    r[col("行政区划代码")] = "533124100203"
    r[col("户状态")] = "已脱贫(享受政策)"
    r[col("脱贫年度")] = "2018"
    low = i <= 50
    r[col("工资性收入")] = "3000" if low else "9000"
    for c in ("生产经营性收入", "财产性收入", "转移性收入", "其中低保金",
              "其中特困供养金", "生产经营性支出", "自付医疗费用"):
        r[col(c)] = "0"
    r[col("人均纯收入")] = "3000" if low else "9000"
    r[col("住房安全等级")] = "C" if 41 <= i <= 90 else "B"
    r[col("饮水安全")] = "是"
    r[col("帮扶责任人")] = ""
    r[col("帮扶责任人证件号码")] = ""
    r[col("姓名")] = "户主%d" % i
    day = 1 + i % 28
    r[col("证件号码")] = idno("1970%02d%02d" % (1 + i // 400, day), i % 1000)
    r[col("性别")] = "男" if int(r[col("证件号码")][16]) % 2 else "女"
    r[col("与户主关系")] = "户主"
    r[col("健康状况")] = "健康"
    r[col("基本医疗保险")] = "否" if 81 <= i <= 150 else "是"
    out.append(r)
csv.writer(open("reg.csv", "w", encoding="utf-8", newline="")).writerows(out)
PY
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry reg.csv --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
expect_exit 0 "$KAOHE" user add 张三 --role 县级 --region 533124000000 $DB
export KAOHE_USER=张三

# The indicators: each condition alone, and 错退 counted once.
expect_exit 0 "$KAOHE" indicators --year 2019 --region 533124000000 --format json $DB
python3 - <<'PY' || fail "the indicators"
import json
d = json.load(open("out.txt", encoding="utf-8"))
r = [r for r in d["regions"] if r["code"] == "533124000000"][0]["indicators"]
got = {k: (r[k]["num"], r[k]["den"]) for k in
       ("finding.exit_income", "finding.exit_housing", "finding.exit_medical",
        "wrong_exit")}
assert got == {"finding.exit_income": (50, 4497), "finding.exit_housing": (50, 4497),
               "finding.exit_medical": (70, 4497), "wrong_exit": (150, 4497)}, got
PY

# The national rules: one 错退 problem with the conditions as its detail.
expect_exit 0 "$KAOHE" rectify generate --year 2019 $DB
expect_exit 0 "$KAOHE" rectify list --category 贫困退出质量不高 --format json $DB
python3 - <<'PY' || fail "one wrong-exit problem"
import json
d = json.load(open("out.txt", encoding="utf-8"))["problems"]
w = [p for p in d if p["indicator"] == "wrong_exit"]
assert len(w) == 1, d
p = w[0]
assert p["region"] == "533124000000" and p["rule"] == "> 2%", p
assert p["value"] == {"num": 150, "den": 4497}, p["value"]
assert "3.3%（150/4,497），高于 2%" in p["text"], p["text"]
assert "其中已脱贫户人均纯收入未超过贫困线 50 户、已脱贫户有成员未参加基本医疗保险 70 户、已脱贫户住房为危房 50 户" in p["text"], p["text"]
assert not [p for p in d if p["indicator"].startswith("finding.exit_")], d
PY
id=$(sqlite3 k.db "select id from problem where indicator = 'wrong_exit'")
[ "$(sqlite3 k.db "select count(*), min(hh_id), max(hh_id) from problem_household where problem = $id")" = "150|W0001|W0150" ] ||
    fail "the 150 households stored with the problem"
expect_exit 0 "$KAOHE" rectify show "$id" $DB
grep -q "共 150 户" out.txt || fail "show counts the 150 households"
