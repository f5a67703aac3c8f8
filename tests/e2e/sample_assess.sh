# 第三方评估 into the assessment without retyping, and the printed field
# lists. On a small generated province (three counties): design, simulate,
# import the survey; `sample estimate --format inputs` per county, per city
# and per province, each rate recomputed here from `sample weights` (the
# weighted ratio over the households of the region's strata); then
# `assess run` of hebei-county-2016 with a manual inputs file lacking the
# three rates plus the estimates file: the rates in `assess explain` are
# the estimates, from the estimates file; a conflicting manual value is
# refused naming both files, the region and the column, nothing stored;
# a county with no survey is left empty and the assessment says it is
# missing. Then `sample lists --format pdf|both`: one landscape A4 PDF a
# village with every household drawn, IDs masked, fonts embedded; page 1
# rendered to tests/out/artifacts/sample-list-page1.png.
. "$TOP/tests/e2e/lib.sh"
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"

expect_exit 0 "$KAOHE" gen --persons 50000 --seed 4 --out d --roster \
    --wrong-exit-rate 4% --missed-rate 2% --approval-rate 93% \
    --roster-share 0.2
expect_exit 0 "$KAOHE" import regions d/regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry d/registry.csv --year 2019 --db k.db
expect_exit 0 "$KAOHE" import roster d/roster.csv --year 2019 --db k.db
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530000000000 \
    --margin 0.03 --villages-per-county 4 --seed 3 --db k.db
expect_exit 0 "$KAOHE" sample simulate --truth d/truth.csv -o survey.csv \
    --db k.db
cp k.db part.db # a design without its survey, for later
expect_exit 0 "$KAOHE" import survey survey.csv --db k.db

# 1. The inputs files, per county, city and province.
expect_exit 0 "$KAOHE" sample estimate --format inputs --level 县 -o est.csv --db k.db
expect_exit 0 "$KAOHE" sample estimate --format inputs --level 市 -o city.csv --db k.db
expect_exit 0 "$KAOHE" sample estimate --format inputs --level 省 -o prov.csv --db k.db
expect_exit 0 "$KAOHE" sample weights --db k.db
cp out.txt weights.csv
python3 - <<'PY' || fail "the inputs files"
import csv
regions = list(csv.DictReader(open("d/regions.csv", encoding="utf-8-sig")))
w = list(csv.DictReader(open("weights.csv", encoding="utf-8")))
def rates(prefix):
    """The ratio estimates over the households of the strata under prefix."""
    s = {k: [0.0, 0.0] for k in ("wrong", "missed", "ok")}
    for r in w:
        if not r["county"].startswith(prefix) or r["weight"] == "":
            continue
        wt, p = float(r["weight"]), int(r["persons"])
        g, bad = r["group"], r["fails"] == "1"
        if g in ("1", "3"):
            k = "wrong" if g == "1" else "missed"
            s[k][0] += wt * p * bad
            s[k][1] += wt * p
        if r["approves"] != "":
            s["ok"][0] += wt * (r["approves"] == "1")
            s["ok"][1] += wt
    return [s[k][0] / s[k][1] for k in ("wrong", "missed", "ok")]
def check(path, level, plen, approval):
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    head = [h.split(" ")[0] for h in rows[0]]
    assert head == ["区划代码", "名称", "wrong_exit", "missed", approval,
                    "日期:第三方评估"], head
    want = sorted(r["区划代码"] for r in regions if r["级别"] == level)
    assert [r[0] for r in rows[1:]] == want, (path, rows)
    names = {r["区划代码"]: r["名称"] for r in regions}
    seen = []
    for r in rows[1:]:
        assert r[1] == names[r[0]], r
        assert r[5] == "2020-06-30", r
        mine = rates(r[0][:plen])
        for got, exp in zip(r[2:5], mine):
            # six decimals, written as the inputs parser reads them
            assert len(got.split(".")[1]) == 6, got
            assert abs(float(got) - exp) < 2e-6, (path, r, mine)
        seen.append(mine)
    return seen
counties = check("est.csv", "县", 6, "recognition")
assert len(counties) == 3
# the counties differ, and the city is not one of them: a combination
city = check("city.csv", "市", 4, "recognition")
assert len(set(round(c[0], 6) for c in counties)) == 3, counties
assert all(abs(city[0][0] - c[0]) > 1e-4 for c in counties), (city, counties)
assert min(c[0] for c in counties) < city[0][0] < max(c[0] for c in counties)
# the province (central-province-2016 calls the approval satisfaction)
check("prov.csv", "省", 2, "satisfaction")
PY
# an XLSX inputs file reads as the CSV
expect_exit 0 "$KAOHE" sample estimate --format inputs -o est.xlsx --db k.db
[ "$(head -c 2 est.xlsx)" = PK ] || fail "inputs as xlsx"
# refusals: --level without inputs, a bad level
expect_exit 2 "$KAOHE" sample estimate --level 县 --db k.db
expect_exit 2 "$KAOHE" sample estimate --format inputs --level 村 --db k.db
# a design of one county cannot estimate its city
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530121000000 \
    --margin 0.05 --villages-per-county 3 --seed 5 --db part.db
expect_exit 2 "$KAOHE" sample estimate --format inputs --level 市 --design 2 \
    --db part.db -o x.csv
grep -q "530121000000" err.txt || fail "level above the design: $(cat err.txt)"
[ ! -e x.csv ] || fail "a refused estimate wrote its file"

# 2. The assessment takes the estimates as they are.
S="--scheme hebei-county-2016 --year 2019 --level 县 --db k.db"
printf '区划代码,名称,fund_score,日期:部门评价\n530121000000,胜阳县,85,2020-03-01\n530122000000,洱澄县,70,2020-03-01\n530123000000,石丘县,92,2020-03-01\n' > manual.csv
before=$(dump k.db)
expect_exit 1 "$KAOHE" assess run $S --inputs manual.csv
grep -q "wrong_exit" err.txt || fail "without the estimates: 错退率 missing"
expect_exit 0 "$KAOHE" assess run $S --inputs manual.csv --inputs est.csv
grep -q "version 1" err.txt || fail "stored as version 1"
for c in 530121000000 530122000000 530123000000; do
    expect_exit 0 "$KAOHE" assess explain $c $S
    cp out.txt "explain-$c.txt"
done
python3 - <<'PY' || fail "the rates in assess explain"
import csv, re
for r in csv.DictReader(open("est.csv", encoding="utf-8-sig")):
    c = r["区划代码"]
    text = open("explain-%s.txt" % c, encoding="utf-8").read()
    for key, label, col in (("wrong_exit", "错退率", 2), ("missed", "漏评率", 3),
                            ("recognition", "群众认可度", 4)):
        v = list(r.values())[col]
        # the item's value in words (a percentage, up to 4 decimals), and
        # the input's provenance line (as written)
        m = re.search(r"取值：%s为 ([0-9.]+)%%" % label, text)
        assert m and abs(float(m.group(1)) - 100 * float(v)) < 5e-5, (c, key, v)
        assert re.search(r"^\s+%s\s+%s\s+第三方评估\s+2020年6月30日\s+est\.csv$"
                         % (label, re.escape(v)), text, re.M), (c, key, text)
    assert re.search(r"^\s+扶贫资金绩效评价得分\s+\S+\s+部门评价\s+2020年3月1日\s+manual\.csv$",
                     text, re.M), text
PY
expect_exit 0 "$KAOHE" assess list --db k.db
grep -q "manual.csv, est.csv" out.txt || fail "the run names both files"

# the same cell given differently: refused, both files named, nothing stored
before=$(dump k.db)
printf '区划代码,名称,fund_score,wrong_exit\n530121000000,胜阳县,85,\n530122000000,洱澄县,70,5%%\n530123000000,石丘县,92,\n' > conflict.csv
expect_exit 1 "$KAOHE" assess run $S --inputs conflict.csv --inputs est.csv
for want in conflict.csv est.csv 530122000000 wrong_exit 5% 不一致 differs; do
    grep -q -- "$want" err.txt || fail "conflict: no '$want' in $(cat err.txt)"
done
[ "$(dump k.db)" = "$before" ] || fail "a refused run stored something"
# the same value written otherwise is no conflict
v=$(sed -n 3p est.csv | cut -d, -f3)
pct=$(python3 -c "print('%.4f%%' % (float('$v') * 100))")
printf '区划代码,名称,fund_score,wrong_exit\n530121000000,胜阳县,85,\n530122000000,洱澄县,70,%s\n530123000000,石丘县,92,\n' "$pct" > same.csv
expect_exit 0 "$KAOHE" assess run $S --inputs same.csv --inputs est.csv

# 3. A county without a survey: left empty; the assessment says so.
head -1 survey.csv > part.csv
grep '^530121\|^F530121' survey.csv >> part.csv || fail "cutting the survey"
expect_exit 0 "$KAOHE" import survey part.csv --design 1 --db part.db
expect_exit 0 "$KAOHE" sample estimate --format inputs --design 1 -o pe.csv --db part.db
grep -q "2 without an estimate" err.txt || fail "two counties without: $(cat err.txt)"
tr -d '\r' < pe.csv | grep -q '^530122000000,洱澄县,,,,$' || fail "an empty row: $(cat pe.csv)"
grep -q '^530121000000,胜阳县,0\.[0-9]\{6\},' pe.csv || fail "the surveyed county"
expect_exit 1 "$KAOHE" assess run --scheme hebei-county-2016 --year 2019 \
    --level 县 --db part.db --inputs manual.csv --inputs pe.csv
grep -q "530122000000.*wrong_exit" err.txt || fail "missing estimate: $(cat err.txt)"

# 4. The printed field lists.
export KAOHE_USER=调查组
expect_exit 0 "$KAOHE" sample lists --format pdf --out pdf --db k.db
expect_exit 0 "$KAOHE" sample lists --format both --out both --db k.db
ls pdf | grep -qv '\.pdf$' && fail "--format pdf wrote something else"
nv=$(cut -d, -f2 weights.csv | sed 1d | sort -u | wc -l)
[ "$(ls pdf | wc -l)" -eq "$nv" ] || fail "one PDF a village"
[ "$(ls both/*.pdf | wc -l)" -eq "$nv" ] && [ "$(ls both/*.xlsx | wc -l)" -eq "$nv" ] ||
    fail "both: a PDF and an XLSX a village"
expect_exit 2 "$KAOHE" sample lists --format docx --out x --db k.db
for f in pdf/*.pdf; do
    b=$(basename "$f" .pdf)
    pdfinfo "$f" > "pdf/$b.info" || fail "pdfinfo $f"
    pdftotext "$f" "pdf/$b.txt" || fail "pdftotext $f"
    pdffonts "$f" > "pdf/$b.fonts" || fail "pdffonts $f"
done
python3 - <<'PY' || fail "the PDF field lists"
import csv, glob, os, re
ids = {}
for r in csv.DictReader(open("d/registry.csv", encoding="utf-8-sig")):
    if r["与户主关系"] == "户主":
        ids[r["户编号"]] = (r["姓名"], r["证件号码"])
for r in csv.DictReader(open("d/roster.csv", encoding="utf-8-sig")):
    ids[r["户编号"]] = (r["户主姓名"], r["户主证件号码"])
drawn = {}
for r in csv.DictReader(open("weights.csv", encoding="utf-8")):
    drawn.setdefault(r["village"], []).append(r)
def flat(s):
    return re.sub(r"\s+", "", s)
for v, hh in drawn.items():
    info = open("pdf/%s.info" % v, encoding="utf-8").read()
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert re.search(r"^Page size:\s+841\.89 x 595\.27\d pts \(A4\)", info, re.M), info
    assert re.search(r"^Author:\s+调查组$", info, re.M), info
    text = open("pdf/%s.txt" % v, encoding="utf-8").read()
    parts = [flat(p) for p in text.split("\f") if p.strip()]
    assert len(parts) == pages, (v, len(parts), pages)
    for i, p in enumerate(parts):
        assert "第%d页共%d页" % (i + 1, pages) in p, (v, i)
    t = flat(text)
    assert v in t and "第三方评估入户调查表" in t
    # the survey's columns in the table of page 1, after the paragraph that
    # names some of them (a header wraps in its narrow cell, and
    # pdftotext gives it after the rows: its characters come in order)
    head = parts[0][parts[0].index("户)"):]
    for col in ("户主证件号码", "家庭人口", "人均纯收入", "不愁吃穿",
                "适龄儿童失学辍学", "全员参加基本医疗保险", "住房安全等级",
                "饮水安全", "认可识别", "认可退出", "认可帮扶", "调查员",
                "调查日期"):
        it = iter(head)
        assert all(ch in it for ch in col), (v, col)
    assert "调查员(签字)" in t and "复核人(签字)" in t
    for g, label in (("1", "已脱贫户"), ("2", "未脱贫户"), ("3", "非建档立卡户")):
        n = sum(1 for h in hh if h["group"] == g)
        assert (("%s(%d户)" % (label, n)) in t) == (n > 0), (v, label, n)
    for h in hh:
        name, idn = ids[h["hh_id"]]
        assert h["hh_id"] in t, (v, h["hh_id"])
        assert name in t, (v, name)
        assert "*" * 14 + idn[-4:] in t, (v, idn)  # kaohe/mask.h
        assert idn not in t, (v, "full ID", idn)
    # rows come in order: the households drawn, each group in 户编号 order
    pos = [t.index(h["hh_id"]) for h in hh]
    assert pos == sorted(pos), v
    for line in open("pdf/%s.fonts" % v, encoding="utf-8").read().splitlines()[2:]:
        assert re.search(r"\s+yes\s+yes\s+yes\s+\d+\s+\d+$", line), line
print(len(drawn), "villages checked")
PY
mkdir -p "$TOP/tests/out/artifacts"
first=$(ls pdf/*.pdf | head -1)
pdftoppm -r 100 -f 1 -l 1 -png -singlefile "$first" \
    "$TOP/tests/out/artifacts/sample-list-page1" || fail "pdftoppm"
[ -s "$TOP/tests/out/artifacts/sample-list-page1.png" ] || fail "no PNG"
exit 0
