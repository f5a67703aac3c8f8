# Rechecks written on the problem (issue 15): every `rectify recheck` is a
# run stored per problem (value before and after, pass or fail, the run,
# the date), shown by list, show and the JSON; a passing recheck is the
# evidence of a 销号 request; a closed problem whose indicator fails again
# is flagged 反弹 and listed, still closed; `recheck --format json` prints
# JSON. The households behind a generated problem are those of the year
# it was found, kept when that year is imported again. Warnings (not
# refusals) for a past deadline, stages in reverse, a 发现日期 in the
# future; `add` without --year takes the year of 发现日期. Statistics per
# 责任单位 and 牵头部门.
. "$TOP/tests/e2e/lib.sh"
# Writes PDFs (the 整改报告): under check-asan the suppressions of
# fontconfig's and cairo's own leaks need the slow unwinder.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
D=$TOP/tests/e2e/review
DB="--db k.db"

# reg YEAR SELF : the hand-made registry with the relocated households'
# self-payment set to SELF (above 10,000 is a finding), as reg-YEAR.csv.
reg() {
    python3 - "$D/registry.csv" "$1" "$2" <<'PY' || fail "writing $1"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
h = rows[0]
i = h.index("搬迁自筹金额")
for r in rows[1:]:
    if r[i] and float(r[i]) > 10000:
        r[i] = sys.argv[3]
csv.writer(open("reg-%s.csv" % sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
}
# xlsx_rows FILE SHEET : the sheet's rows, cells tab-separated (dates as
# YYYY-MM-DD).
xlsx_rows() {
    python3 - "$1" "$2" <<'PY' || fail "reading $1"
import datetime, html, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ss = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S):
        ss.append(html.unescape("".join(re.findall(r"<t[^>]*>([^<]*)</t>", si))))
wb = z.read("xl/workbook.xml").decode()
rels = z.read("xl/_rels/workbook.xml.rels").decode()
rid = dict(re.findall(r'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"', wb))[sys.argv[2]]
target = dict((b, a) for a, b in re.findall(r'<Relationship [^>]*Target="([^"]*)"[^>]*Id="([^"]*)"', rels) +
              [(a, b) for b, a in re.findall(r'<Relationship [^>]*Id="([^"]*)"[^>]*Target="([^"]*)"', rels)])[rid]
x = z.read("xl/" + target.lstrip("/").replace("xl/", "")).decode()
for r in re.findall(r"<row[^>]*>(.*?)</row>", x, re.S):
    out = []
    for a, v in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", r, re.S):
        t = re.search(r"<v>([^<]*)</v>", v or "") or re.search(r"<t[^>]*>([^<]*)</t>", v or "")
        t = html.unescape(t.group(1)) if t else ""
        if 't="s"' in a:
            t = ss[int(t)]
        elif re.search(r's="\d+"', a) and re.fullmatch(r"\d{5}", t):
            t = str(datetime.date(1899, 12, 30) + datetime.timedelta(days=int(t)))
        out.append(t)
    print("\t".join(out))
PY
}
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
expect_exit 0 "$KAOHE" user add 张三 --role 县级 --region 533124000000 $DB
expect_exit 0 "$KAOHE" user add 李四 --role 考核组 $DB
export KAOHE_USER=张三

expect_exit 0 "$KAOHE" rectify generate --year 2019 $DB
P=$(sqlite3 k.db "select id from problem where indicator = 'finding.reloc_debt'")
[ -n "$P" ] || fail "a reloc_debt problem"
hh=$(sqlite3 k.db "select group_concat(hh_id) from problem_household where problem = $P")
[ -n "$hh" ] || fail "its households stored at generation"
expect_exit 0 "$KAOHE" rectify plan "$P" --measures 逐户核实自筹资金 --lead 县发改局 \
    --unit 县住建局 --unit 县扶贫办 --deadline 2020-12-31 $DB
expect_exit 0 "$KAOHE" rectify progress "$P" --note 已核实 $DB

# 1. Recheck on 2019 itself: still fails; the run stored, JSON printed.
expect_exit 0 "$KAOHE" rectify recheck --year 2019 --format json $DB
python3 - "$P" <<'PY' || fail "recheck --format json"
import json, sys
d = json.load(open("out.txt", encoding="utf-8"))
assert d["run"] == 1 and d["year"] == 2019 and d["source"] == "indicators", d
x = [p for p in d["problems"] if p["id"] == int(sys.argv[1])][0]
assert x["before"] == {"num": 1, "den": 2} and x["after"] == {"num": 1, "den": 2}, x
assert x["pass"] is False and x["rebound"] is False, x
assert d["pass"] + d["fail"] == sum(1 for p in d["problems"] if p["judged"]), d
PY
[ "$(sqlite3 k.db "select count(*) from problem_recheck where run = 1")" = \
  "$(sqlite3 k.db "select count(*) from problem where indicator is not null")" ] ||
    fail "one row per judged problem"
sqlite3 k.db "delete from problem_recheck" 2>/dev/null && fail "rechecks deleted"
sqlite3 k.db "update recheck_run set year = 1" 2>/dev/null && fail "a run changed"

# 2. 2020 with the self-payment corrected: passes. Without evidence the
# request cites the recheck.
expect_exit 1 "$KAOHE" rectify request-close "$P" $DB
grep -q "佐证材料" err.txt || fail "no evidence and no passing recheck: refused"
reg 2020 5000
expect_exit 0 "$KAOHE" import registry reg-2020.csv --year 2020 $DB
expect_exit 0 "$KAOHE" review --year 2020 $DB
expect_exit 0 "$KAOHE" rectify recheck --year 2020 $DB
# (the text report in plain Chinese: names, not codes; before → after
# with the standard and the verdict, as the 整改报告 words them)
grep -q "^以 2020 年数据复核，第 2 次复核$" out.txt || fail "run 2"
grep -q "^$P	陇川县	易地搬迁自筹资金超过上限的户占比	50.00%（1/2）	0.00%（0/2）	不高于 0%	已达标	可申请销号，以本次复核为佐证$" out.txt ||
    fail "passes in 2020, and 申请销号 offered: $(cat out.txt)"
grep -q "^已达标 1 个，仍未达标 12 个，无法复核 0 个，反弹 0 个$" out.txt || fail "the counts"
python3 "$TOP/tests/e2e/plain_text.py" out.txt || fail "recheck in plain Chinese"
expect_exit 0 "$KAOHE" rectify list $DB
grep -q "^$P	.*复核 2020 年 0/2 已达标" out.txt || fail "list shows the recheck"
expect_exit 0 "$KAOHE" rectify list --format json $DB
python3 - "$P" <<'PY' || fail "list JSON has the recheck"
import json, sys
d = {p["id"]: p for p in json.load(open("out.txt", encoding="utf-8"))["problems"]}
k = d[int(sys.argv[1])]["recheck"]
assert k["run"] == 2 and k["year"] == 2020 and k["pass"] is True, k
assert k["before"] == {"num": 1, "den": 2} and k["after"] == {"num": 0, "den": 2}, k
assert d[int(sys.argv[1])]["rebound"] is False
PY
expect_exit 0 "$KAOHE" rectify show "$P" $DB
grep -q "可申请销号:第 2 次复核(2020 年数据)已达标,可作佐证(kaohe rectify request-close $P)" out.txt ||
    fail "show offers 申请销号 with the recheck"
# The 整改报告's 成效 and the 台账 read the stored recheck: before → after,
# the verdict, the run and its date (issue 16's 成效). The tables read
# from the XLSX (whole cells), the prose from the PDF.
expect_exit 0 "$KAOHE" rectify report -o r2.pdf $DB
pdftotext r2.pdf - | tr -d ' \n' > r2.txt
grep -q "经对13个问题的依据指标复核，已达标1个，仍未达标12个；已达标但尚未销号的1个问题，以复核结果为佐证申请销号" r2.txt ||
    fail "the report's 成效 counts the rechecks: $(cat r2.txt)"
grep -q "（编号$P）第2次复核（2020年数据）已达标（0.00%（0/2）），由县发改局以复核结果为佐证尽快申请销号" r2.txt ||
    fail "下步打算: a passing problem is to ask for 销号, not 继续整改"
grep -q "继续整改“[^”]*”（编号$P）" r2.txt && fail "a passing problem still said to be in progress"
expect_exit 0 "$KAOHE" rectify report -o r2.xlsx $DB
xlsx_rows r2.xlsx 整改成效数据 > effect.tsv
grep -q "^$P	易地搬迁自筹资金超过上限的户占比	50.00%（1/2）	0.00%（0/2）	不高于 0%	第 2 次复核（2020 年数据），2020年6月30日	已达标$" effect.tsv ||
    fail "the report's 成效: before → after of problem $P: $(cat effect.tsv)"
expect_exit 0 "$KAOHE" rectify ledger -o l2.xlsx $DB
xlsx_rows l2.xlsx 整改清单 > ledger.tsv
sed -n 2p ledger.tsv | grep -q "	最近复核	复核日期	整改前	复核后	复核结论$" ||
    fail "the ledger's recheck columns: $(sed -n 2p ledger.tsv)"
grep -q "^$P	.*	第 2 次复核（2020 年数据）	2020-06-30	50.00%（1/2）	0.00%（0/2）	已达标$" ledger.tsv ||
    fail "the ledger's recheck of problem $P: $(cat ledger.tsv)"
expect_exit 0 "$KAOHE" rectify request-close "$P" --note 已整改 $DB
[ "$(sqlite3 k.db "select note from problem_event where problem = $P and action = 'request'")" = \
  "已整改;复核已达标:第 2 次复核(2020 年数据)1/2 → 0/2" ] || fail "the request cites the recheck"
KAOHE_TODAY=2020-08-15 KAOHE_USER=李四 expect_exit 0 "$KAOHE" rectify verify "$P" $DB

# 3. 2020 corrected again, the self-payment above the ceiling once more:
# 反弹, listed, still closed (reopening is a person's decision).
reg 2020b 20000
expect_exit 0 "$KAOHE" import registry reg-2020b.csv --year 2020 $DB
expect_exit 0 "$KAOHE" review --year 2020 $DB
expect_exit 0 "$KAOHE" rectify recheck --year 2020 $DB
grep -q "^$P	陇川县	易地搬迁自筹资金超过上限的户占比	50.00%（1/2）	50.00%（1/2）	不高于 0%	反弹（已销号后复核未达标）	已销号的问题复核未达标，是否重新打开由核验人员决定$" out.txt ||
    fail "rebound flagged by recheck: $(cat out.txt)"
grep -q "反弹 1 个$" out.txt || fail "one rebound counted"
python3 "$TOP/tests/e2e/plain_text.py" out.txt || fail "recheck in plain Chinese"
expect_exit 0 "$KAOHE" rectify list --rebound $DB
grep -q "共 1 个问题" out.txt || fail "--rebound lists one"
grep -q "^$P	.*已销号.*复核 2020 年 1/2 未达标 反弹" out.txt || fail "the rebound problem listed"
[ "$(sqlite3 k.db "select status from problem where id = $P")" = 3 ] || fail "still closed"
expect_exit 0 "$KAOHE" rectify report -o r3.pdf $DB
pdftotext r3.pdf - | tr -d ' \n' > r3.txt
grep -q "（编号$P）已销号，但第3次复核（2020年数据）易地搬迁自筹资金超过上限的户占比为50.00%（1/2），问题反弹" r3.txt ||
    fail "the report's 下步打算 names the rebound: $(cat r3.txt)"
grep -q "其中1个已销号问题复核未达标（反弹）" r3.txt || fail "the 成效 counts the rebound"
grep -q "已于2020年8月15日经核实销号。第3次复核（2020年数据）易地搬迁自筹资金超过上限的户占比为50.00%（1/2），反弹" r3.txt ||
    fail "the closed problem's recheck in 成效"
expect_exit 0 "$KAOHE" rectify show "$P" $DB
grep -q "第 3 次.*2020 年数据.*未达标  反弹" out.txt || fail "show lists the rechecks"
grep -q "第 1 次.*2019 年数据" out.txt || fail "show lists the first recheck"
grep -q "反弹:第 3 次复核(2020 年数据)未达标" out.txt || fail "show says 反弹"
grep -q "依据:     易地搬迁自筹资金超过上限的户占比 50.00%（1/2）,标准 不高于 0%" out.txt || fail "show: the indicator by its name"

# 4. 2019 imported again (the household corrected there too): the
# households found in 2019 stay the problem's.
reg 2019 5000
expect_exit 0 "$KAOHE" import registry reg-2019.csv --year 2019 $DB
[ "$(sqlite3 k.db "select group_concat(hh_id) from problem_household where problem = $P")" = "$hh" ] ||
    fail "the households kept after a re-import"
expect_exit 0 "$KAOHE" rectify show "$P" $DB
grep -q "^  $hh	533124" out.txt || fail "show lists the household found in 2019"

# 5. Warnings, not refusals. A 发现日期 in the future; without --year the
# year is that of 发现日期.
expect_exit 0 "$KAOHE" rectify add --region 533124000000 --source 暗访 \
    --category 挂包帮和驻村不扎实 --text 走访记录不全 --date 2019-11-02 $DB
Q=$(sqlite3 k.db "select max(id) from problem")
[ "$(sqlite3 k.db "select year from problem where id = $Q")" = 2019 ] ||
    fail "the year of 发现日期"
expect_exit 0 "$KAOHE" rectify add --region 533124000000 --source 暗访 \
    --category 挂包帮和驻村不扎实 --text 帮扶手册空白 --date 2020-08-01 $DB
grep -q "警告:发现日期 2020-08-01 在今天(2020-06-30)之后" err.txt ||
    fail "a future 发现日期 warned about"
expect_exit 0 "$KAOHE" rectify plan "$Q" --measures 补齐走访 --lead 县扶贫办 \
    --unit 县扶贫办 --deadline 2020-05-31 $DB
grep -q "警告:整改时限 2020-05-31 在制定方案时已过" err.txt || fail "a past deadline warned about"
expect_exit 0 "$KAOHE" rectify plan "$Q" --stages 2020-07-01,2020-06-01,2020-08-01 $DB
grep -q "警告:阶段开始日期顺序颠倒" err.txt || fail "reversed stages warned about"
expect_exit 0 "$KAOHE" rectify plan "$Q" --stages 2020-06-01,2020-07-01,2020-08-01 $DB
[ -s err.txt ] && fail "stages in order: no warning"

# 6. Statistics. 县扶贫办 has P (closed 2020-08-15, found 2020-06-30: 46
# days) and Q (overdue since 2020-05-31); 县住建局 has P; 县发改局 leads P,
# 县扶贫办 leads Q.
expect_exit 0 "$KAOHE" rectify list --by unit --region 533124000000 $DB
grep -q "^县扶贫办	2	1	1	46.0$" out.txt || fail "县扶贫办: 2 problems, 1 closed, 1 overdue, 46 days"
grep -q "^县住建局	1	1	0	46.0$" out.txt || fail "县住建局"
grep -q "^共 3 个责任单位,15 个问题$" out.txt || fail "the total: $(tail -1 out.txt)"
python3 "$TOP/tests/e2e/plain_text.py" out.txt || fail "list --by in plain Chinese"
expect_exit 0 "$KAOHE" rectify list --by dept --format json $DB
python3 - <<'PY' || fail "--by dept JSON"
import json
d = json.load(open("out.txt", encoding="utf-8"))
assert d["by"] == "dept", d
r = {x["name"]: x for x in d["rows"]}
assert r["县发改局"] == {"name": "县发改局", "count": 1, "done": 1, "overdue": 0,
                      "days_to_close": {"sum": 46, "n": 1}}, r
assert r["县扶贫办"]["count"] == 1 and r["县扶贫办"]["overdue"] == 1, r
assert r[""]["done"] == 0, r
PY
expect_exit 2 "$KAOHE" rectify list --by town $DB

# 7. The board's JSON: the recheck and 反弹 on each problem, the
# statistics with ?by=.
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
serve_start --db k.db --listen 127.0.0.1:0
login admin admin-pass-2020
as admin plist GET "/api/problems?by=unit"
want plist 200
python3 - "$P" <<'PY' || fail "/api/problems: $(cat plist.json)"
import json, sys
d = json.load(open("plist.json", encoding="utf-8"))
p = {x["id"]: x for x in d["problems"]}[int(sys.argv[1])]
assert p["rebound"] is True and p["recheck"]["run"] == 3, p
assert p["recheck"]["after"] == {"num": 1, "den": 2} and p["recheck"]["pass"] is False, p
assert p["closed_at"].startswith("2020-08-15"), p
r = {x["name"]: x for x in d["stats"]["rows"]}
assert d["stats"]["by"] == "unit" and r["县扶贫办"]["count"] == 2, d["stats"]
assert r["县扶贫办"]["days_to_close"] == {"sum": 46, "n": 1}, r
PY
as admin prb GET "/api/problems?rebound=1"
[ "$(js prb '[x["id"] for x in d["problems"]]')" = "[$P]" ] || fail "?rebound=1"
as admin pbad GET "/api/problems?by=town"
want pbad 400
as admin pone GET "/api/problems/$P"
want pone 200
[ "$(js pone '[(k["run"], k["year"], k["pass"], k["rebound"]) for k in d["problem"]["rechecks"]]')" = \
  "[(1, 2019, False, False), (2, 2020, True, False), (3, 2020, False, True)]" ] ||
    fail "GET /api/problems/$P lists the rechecks: $(cat pone.json)"
# ... and the households behind it, those found in 2019 (kept after 2019
# was imported again).
[ "$(js pone '[(h["hh_id"], h["village"][:6]) for h in d["problem"]["households"]], d["problem"]["households_total"]')" = \
  "([('$hh', '533124')], 1)" ] || fail "GET /api/problems/$P lists its households: $(cat pone.json)"
