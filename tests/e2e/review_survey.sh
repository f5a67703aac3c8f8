# review_survey.sh - the county exit verdict (贫困县摘帽) on the 第三方评估
# (issue #15): before a survey the county's 错退率, 漏评率 and 群众认可度
# are "尚未评估" (pending); once a survey is imported, `kaohe review`
# judges them on the survey's estimates — the same weighted figures and
# intervals `kaohe sample estimate` gives, against the standards'
# county_exit thresholds — and a 错退率 whose whole interval lies above 2%
# makes the county 暂不具备 (not_yet). The text report and the XLSX are
# plain Chinese (tests/e2e/plain_text.py).
. "$TOP/tests/e2e/lib.sh"
expect_exit 0 "$KAOHE" gen --persons 20000 --seed 4 --out d --roster \
    --wrong-exit-rate 25% --missed-rate 1% --approval-rate 95% --roster-share 0.2
# the generated counties made 贫困县
python3 - <<'PY' || fail "regions"
import csv
r = list(csv.reader(open("d/regions.csv", encoding="utf-8-sig")))
for x in r[1:]:
    if x[3] == "县":
        x[5] = "是"
csv.writer(open("regions.csv", "w", encoding="utf-8", newline="")).writerows(r)
PY
expect_exit 0 "$KAOHE" import regions regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry d/registry.csv --year 2019 --db k.db
expect_exit 0 "$KAOHE" import roster d/roster.csv --year 2019 --db k.db
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --format json
cp out.txt before.json
expect_exit 0 "$KAOHE" review --year 2019 --db k.db
grep -q "尚未评估" out.txt || fail "no survey: not yet assessed"
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530000000000 \
    --margin 0.03 --villages-per-county 4 --seed 3 --db k.db
expect_exit 0 "$KAOHE" sample simulate --truth d/truth.csv -o survey.csv --db k.db
# a design without a survey changes nothing
expect_exit 0 "$KAOHE" review --year 2019 --db k.db
grep -q "尚未评估" out.txt || fail "a design without its survey: not yet assessed"
expect_exit 0 "$KAOHE" import survey survey.csv --db k.db
expect_exit 0 "$KAOHE" sample estimate --format json --db k.db
cp out.txt est.json
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --format json
cp out.txt after.json
expect_exit 0 "$KAOHE" review --year 2019 --db k.db
cp out.txt after.txt
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --format xlsx -o r.xlsx
python3 - <<'PY' || fail "the county verdict on the survey"
import html, json, re, zipfile
b = json.load(open("before.json", encoding="utf-8"))["counties"]
a = json.load(open("after.json", encoding="utf-8"))["counties"]
e = {r["code"]: r for r in json.load(open("est.json", encoding="utf-8"))["rows"]}
assert b and len(a) == len(b), (b, a)
assert all(c["verdict"] == "pending" and "尚未评估" in c["reasons_zh"] for c in b), b
def n(x):
    t = round(x * 10)
    return "{:,}".format(t // 10) + ("" if t % 10 == 0 else ".%d" % (t % 10))
for c in a:
    z = c["reasons_zh"]
    assert "尚未评估" not in z, z
    r = e[c["code"]]
    for k, name in (("wrong_exit", "错退率"), ("missed", "漏评率"), ("approval", "群众认可度")):
        assert name + "估计为" in z, (name, z)
        assert "加权 %s/%s " % (n(r[k]["num"]), n(r[k]["den"])) in z, (k, r[k], z)
    # 错退率 25%: the interval's lower bound above 2%: 不达标
    assert r["wrong_exit"]["verdict"] == "above", r["wrong_exit"]
    assert "区间下限高于 2%，不达标" in z, z
    assert c["verdict"] == "not_yet", c
# the XLSX's cells: the same words, no code
t = "".join(zipfile.ZipFile("r.xlsx").read(x).decode() for x in zipfile.ZipFile("r.xlsx").namelist()
            if x.startswith("xl/"))
cells = html.unescape("\n".join(re.findall(r"<t[^>]*>([^<]*)</t>", t)))
open("r.xlsx.txt", "w", encoding="utf-8").write(cells)
assert "区间下限高于 2%，不达标" in cells and "暂不具备" in cells, "XLSX"
assert "exit_income" not in cells and "detail_en" not in cells, "XLSX codes"
PY
grep -q "贫困县摘帽：[0-9]* 个，其中可以摘帽 0 个" after.txt || fail "text: the counties"
python3 "$TOP/tests/e2e/plain_text.py" after.txt r.xlsx.txt || fail "plain Chinese"
true
