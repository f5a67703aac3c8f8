# Problems from a stored assessment (kaohe rectify generate --assessment):
# the hand-computed small province of tests/cases/assess_hebei (its
# README has every point), three cities under hebei-city-2016. A leaf item
# below 60% of its points is a problem, and so is each veto that applied;
# worked out from that README:
#   甲市: 贫困村退出 0.5/1, 走访 0.75/2, 基本医疗保险 0/1.5, 大病保险 0/1,
#         先诊疗后付费 0.38/1.5
#   乙市: 减贫计划完成率 0/3, 贫困村退出 0.5/1, 贫困县退出 0/1, 错退率
#         1/2.5, 走访 0/2, 贫困县 25.42/50, 非贫困县 5.25/10; vetoes
#         plan_unfinished and accuracy
#   丙市: 贫困发生率 0.5/1, 贫困村退出 0/1, 贫困县退出 0/1, 问题 0/2; veto
#         funds
# (甲市's 绩效评价 1.88/3 = 62.7% and 乙市's 先诊疗后付费 1.13/1.5 pass.)
# 丙市 has no 非贫困县: that item is empty and its 10 points went to
# 贫困县 (empty = reallocate), so it is no problem; nor are 收入增长,
# 识别准确率 and 兜底保障, empty for every city (no 2018, no review, no
# 低保/特困 household) with their points reallocated.
# Then a second assessment version with better inputs: recheck says which
# of those items pass now.
. "$TOP/tests/e2e/lib.sh"
C=$TOP/tests/cases/assess_hebei
DB="--db k.db"
A="--scheme hebei-city-2016 --year 2019 --level 市"
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$C/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$C/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" assess run $A --inputs "$C/inputs.csv" $DB
expect_exit 0 "$KAOHE" user add 考核办 --role 考核组 $DB
export KAOHE_USER=考核办

expect_exit 2 "$KAOHE" rectify generate --year 2019 --assessment hebei-city-2016 $DB
grep -q -- "--level" err.txt || fail "--assessment needs --level"
expect_exit 2 "$KAOHE" rectify generate --year 2019 --assessment no-such --level 市 $DB
expect_exit 0 "$KAOHE" rectify generate --year 2019 --assessment hebei-city-2016 --level 市 $DB
grep -q "新增 19 个问题，0 个已在清单中（依据考核结果第 1 版）" out.txt || fail "19 problems"
expect_exit 0 "$KAOHE" rectify list --format json $DB
python3 - <<'PY' || fail "problems from the assessment"
import json
d = json.load(open("out.txt", encoding="utf-8"))["problems"]
got = {(p["region_name"], p["indicator"], p["value"]["num"], p["value"]["den"],
        p["category"]) for p in d}
X, E, Z, F, J = ("扶贫措施不精准", "贫困退出质量不高", "挂包帮和驻村不扎实",
                 "资金使用管理不规范", "基层基础工作不扎实")
want = {
    ("甲市", "item:集中考核/减贫成效/贫困村退出", 50, 100, E),
    ("甲市", "item:集中考核/精准帮扶/走访", 75, 200, Z),
    ("甲市", "item:集中考核/社会保障/基本医疗保险", 0, 150, X),
    ("甲市", "item:集中考核/社会保障/大病保险", 0, 100, X),
    ("甲市", "item:集中考核/社会保障/先诊疗后付费", 38, 150, X),
    ("乙市", "item:集中考核/减贫成效/减贫计划完成率", 0, 300, E),
    ("乙市", "item:集中考核/减贫成效/贫困村退出", 50, 100, E),
    ("乙市", "item:集中考核/减贫成效/贫困县退出", 0, 100, E),
    ("乙市", "item:集中考核/精准识别/错退率", 100, 250, E),
    ("乙市", "item:集中考核/精准帮扶/走访", 0, 200, Z),
    ("乙市", "item:所属县/贫困县", 2542, 5000, J),
    ("乙市", "item:所属县/非贫困县", 525, 1000, J),
    ("乙市", "veto:plan_unfinished", 1, 1, E),
    ("乙市", "veto:accuracy", 1, 1, X),
    ("丙市", "item:集中考核/减贫成效/贫困发生率", 50, 100, E),
    ("丙市", "item:集中考核/减贫成效/贫困村退出", 0, 100, E),
    ("丙市", "item:集中考核/减贫成效/贫困县退出", 0, 100, E),
    ("丙市", "item:集中考核/扶贫资金/问题", 0, 200, F),
    ("丙市", "veto:funds", 1, 1, F),
}
assert got == want, (sorted(got - want), sorted(want - got))
assert all(p["source"] == "考核" and p["year"] == 2019 for p in d)
t = [p["text"] for p in d if p["indicator"] == "item:所属县/贫困县"][0]
assert "“所属县/贫困县”得 25.42 分（满分 50 分），得分率为 50.8%，低于 60%" in t, t
v = [p["text"] for p in d if p["indicator"] == "veto:funds"][0]
assert "否决情形“违反扶贫资金管理使用规定”（经部门评价认定）" in v and "约谈" in v, v
assert "hebei" not in t and "funds" not in v, (t, v)
PY
# Again: nothing new, also from a new version of the same assessment.
expect_exit 0 "$KAOHE" rectify generate --year 2019 --assessment hebei-city-2016 --level 市 $DB
grep -q "新增 0 个问题，19 个已在清单中" out.txt || fail "generate twice"

# A second version: 乙市's 错退率 now 1% and its fund problem cases gone;
# 丙市's veto_funds lifted. Recheck against the latest version.
python3 - "$C/inputs.csv" <<'PY' || fail "writing the new inputs"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
h = rows[0]
for r in rows[1:]:
    if r[h.index("名称")] == "乙市":
        r[h.index("wrong_exit")] = "1%"
    if r[h.index("名称")] == "丙市":
        r[h.index("veto_funds")] = "0"
csv.writer(open("inputs2.csv", "w", encoding="utf-8", newline="")).writerows(rows)
PY
expect_exit 0 "$KAOHE" assess run $A --inputs inputs2.csv $DB
expect_exit 0 "$KAOHE" rectify recheck --year 2019 --assessment hebei-city-2016 --level 市 $DB
# (in plain Chinese: the item by its path, the veto by its name)
grep -q "	乙市	综合评价“集中考核/精准识别/错退率”得分	1 分（满分 2.5 分）	2.5 分（满分 2.5 分）	得分率不低于 60%	已达标	" out.txt ||
    fail "错退率 passes now"
grep -q "	乙市	否决情形“贫困人口识别和退出准确率、贫困识别覆盖率较低”	存在	已消除	—	已达标	" out.txt ||
    fail "the accuracy veto is gone"
grep -q "	丙市	否决情形“违反扶贫资金管理使用规定”	存在	已消除	—	已达标" out.txt || fail "丙市's funds veto is gone"
grep -q "	乙市	否决情形“未完成减贫计划任务”	存在	仍存在	—	仍未达标" out.txt || fail "plan_unfinished still applies"
grep -q "已达标 3 个，仍未达标 16 个" out.txt || fail "recheck totals"
python3 "$TOP/tests/e2e/plain_text.py" out.txt || fail "recheck in plain Chinese"

# The 考核通报 of version 1: the ranking, the grade the veto took away,
# every veto with its consequence, the chart, fonts embedded.
asan=${ASAN_OPTIONS:-}
[ -n "$asan" ] && export ASAN_OPTIONS="$asan:fast_unwind_on_malloc=0"
expect_exit 0 "$KAOHE" report tongbao $A --version 1 -o tb.pdf $DB
pdftotext tb.pdf tb.txt || fail "pdftotext"
python3 - <<'PY' || fail "the 通报's text"
import re
t = re.sub(r"\s+", "", open("tb.txt", encoding="utf-8").read())
t = re.sub(r"—\d+—", "", t)  # the page numbers, wherever a page breaks
for s in ["关于2019年度市级党委和政府扶贫开发工作成效考核结果的通报",
          "河北省市级党委和政府扶贫开发工作成效考核办法", "对3个市2019年度",
          "90.30", "81.50", "57.10",
          "优秀1个（丙市），良好1个（甲市），一般0个，较差1个（乙市）",
          "丙市：属于考核办法第七条（二）所列“违反扶贫资金管理使用规定”",
          "乙市：属于考核办法第七条（一）所列“未完成减贫计划任务”",
          "减贫计划完成率为62.5%（5/8），低于100%", "五、处理意见",
          "综合得分", "示范省扶贫开发领导小组", "2020年6月30日"]:
    assert s in t, s
assert t.count("予以约谈") == 3, t.count("予以约谈")
for bad in ["kaohe", "hebei", "funds", "plan_unfinished", "unknown"]:
    assert bad not in t, bad
assert t.index("丙市") < t.index("甲市") < t.index("乙市")
PY
pdffonts tb.pdf | grep -q "Noto.*yes" || fail "fonts embedded"
mkdir -p "$TOP/tests/out/artifacts"
pdftoppm -r 80 -f 1 -l 1 -png -singlefile tb.pdf "$TOP/tests/out/artifacts/tongbao-page1" ||
    fail "pdftoppm"
expect_exit 2 "$KAOHE" report tongbao $A --version 9 -o none.pdf $DB
[ ! -e none.pdf ] || fail "nothing written for a missing version"
[ -n "$asan" ] && export ASAN_OPTIONS="$asan"
true
