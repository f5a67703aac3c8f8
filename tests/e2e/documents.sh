# documents.sh - every document made from a small demo-like run is plain
# Chinese, ready to issue (issue #16): a generated county (kaohe gen),
# imported, reviewed, its problems generated and planned (one carried to
# 销号), its city assessed under hebei-city-2016 with generated inputs,
# its issuing details set (kaohe org set); then every document written —
# 明白卡, 考核通报, 整改方案 and 整改报告 (PDF, DOCX, XLSX), 整改台账, 问题清单
# — and their text extracted (pdftotext; the DOCX's w:t; the XLSX's
# cells). The test fails on:
#   - an ASCII identifier of three letters or more (a code, a program
#     name, a scheme slug) outside the allowed list (units and PDF/XLSX);
#   - "unknown";
#   - a comparison sentence false as printed ("100.0%（…），低于 100%");
# and checks the DOCX packages (parts present, every part well-formed
# XML, the page number field), the XLSX sheets (frozen headers, numbers
# as numbers), the 落款 and 文号, and the seed's sections of the 整改方案
# and 整改报告. Page 1 of each PDF goes to tests/out/artifacts/.
. "$TOP/tests/e2e/lib.sh"
# Writes PDFs: under check-asan the suppressions of fontconfig's and
# cairo's own leaks need the slow unwinder (tests/lsan.supp).
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
export KAOHE_USER=县扶贫办
DB="--db k.db"
expect_exit 0 "$KAOHE" gen --persons 20000 --seed 2019 --year 2019 --faults 30 --out data
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions data/regions.csv $DB
expect_exit 0 "$KAOHE" import registry data/registry.csv --year 2019 --keep-valid \
    --rejects rej.csv $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
county=$(sqlite3 k.db "select code from region where level = 3 order by code limit 1")
expect_exit 0 "$KAOHE" user add 县扶贫办 --role 县级 --region "$county" $DB
expect_exit 0 "$KAOHE" user add 考核组 --role 考核组 $DB
expect_exit 0 "$KAOHE" rectify generate --year 2019 $DB
[ "$(head -1 out.txt | cut -f2)" = "$county" ] || fail "a county's problem first: $(head -1 out.txt)"
expect_exit 0 "$KAOHE" rectify plan 1 --measures "逐户核实，补齐台账" --lead 县扶贫办 \
    --unit 各乡镇 --deadline 2020-06-30 --person 县扶贫办主任 \
    --stages 2020-05-10,2020-05-14,2020-06-10 $DB
expect_exit 0 "$KAOHE" rectify plan 2 --measures "动员参保，逐人核对" --lead 县医保局 \
    --unit 县财政局 --deadline 2020-06-10 --person 医保局副局长 \
    --stages 2020-05-10,2020-05-15,2020-06-01 \
    --accountability "对参保动员不力的 1 名乡镇干部诫勉谈话" \
    --mechanism "建立参保信息与医保系统每月比对制度" $DB
expect_exit 0 "$KAOHE" rectify progress 1 --note "已逐户核实" $DB
expect_exit 0 "$KAOHE" rectify request-close 1 --evidence rej.csv $DB
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" rectify verify 1 --note "核实销号" $DB
# a problem typed by hand with characters XML must escape
expect_exit 0 "$KAOHE" rectify add --region "$county" --source 督查 \
    --category 基层基础工作不扎实 --text '档案<不全>&“缺页”"待补"' --year 2019 $DB
A="--scheme hebei-city-2016 --year 2019 --level 市"
expect_exit 0 "$KAOHE" assess template $A $DB -o t.csv
expect_exit 0 "$KAOHE" assess template $A $DB -o 录入表.xlsx
sh "$TOP/tools/assess-inputs.sh" t.csv > in.csv || fail "inputs"
expect_exit 0 "$KAOHE" assess run $A --inputs in.csv $DB
expect_exit 0 "$KAOHE" rectify generate --year 2019 --assessment hebei-city-2016 --level 市 $DB

# issuing details: the county's own, the province's for the 通报
KAOHE_USER=办公室 expect_exit 0 "$KAOHE" org set "$county" --issuer 沧民县扶贫开发领导小组 \
    --docno-pattern "沧开组〔{年}〕{号}号" --contact "联系人：王明，电话：0311-1234567" \
    --date 2020-06-28 $DB
prov=$(sqlite3 k.db "select code from region where level = 1")
KAOHE_USER=办公室 expect_exit 0 "$KAOHE" org set "$prov" --issuer 云南省扶贫开发领导小组 \
    --docno-pattern "云开组〔{年}〕{号}号" $DB
# refusals: a bad date, a pattern without {号}, a region not listed, a
# registered user outside the region; nothing stored
before=$(sqlite3 k.db "select count(*) from org")
KAOHE_USER=办公室 expect_exit 1 "$KAOHE" org set "$county" --date 2020-02-30 $DB
grep -q "落款日期" err.txt && grep -q "not a valid date" err.txt || fail "bad date, both languages"
KAOHE_USER=办公室 expect_exit 1 "$KAOHE" org set "$county" --docno-pattern "沧开组" $DB
grep -q "{号}" err.txt || fail "pattern without {号}"
KAOHE_USER=办公室 expect_exit 2 "$KAOHE" org set 999999000000 --issuer x $DB
expect_exit 2 "$KAOHE" org set "$prov" --issuer 某某 $DB
grep -q "无权" err.txt || fail "a user outside the region is refused"
[ "$(sqlite3 k.db "select count(*) from org")" = "$before" ] || fail "refusals store nothing"
[ "$(sqlite3 k.db "select count(*) from audit where action = 'org_set' and outcome = 'ok'")" = 2 ] ||
    fail "two settings audited"
expect_exit 0 "$KAOHE" org show "$county" $DB
grep -q "沧开组〔{年}〕{号}号" out.txt || fail "org show"

# rechecks on the stored data (the indicators, the assessment): the
# 整改报告's 成效 and the 台账 print them (before → after, the run)
expect_exit 0 "$KAOHE" rectify recheck --year 2019 $DB
expect_exit 0 "$KAOHE" rectify recheck --year 2019 --assessment hebei-city-2016 --level 市 $DB

# every document
village=$(sqlite3 k.db "SELECT village FROM household WHERE year = 2019
    GROUP BY village ORDER BY count(*), village LIMIT 1")
expect_exit 0 "$KAOHE" report card --year 2019 --village "$village" -o card.pdf $DB
city=$(sqlite3 k.db "select code from region where level = 2")
# the city's 考核报告 and the cities' 考核通报: as 考核组 (the county's user
# is refused what lies beyond the county: report_scope.sh)
for f in pdf docx xlsx; do
    KAOHE_USER=考核组 expect_exit 0 "$KAOHE" report assess $A --region "$city" -o 考核报告.$f $DB
    KAOHE_USER=考核组 expect_exit 0 "$KAOHE" report tongbao $A --number 7 -o 通报.$f $DB
    expect_exit 0 "$KAOHE" report plan --region "$county" --year 2019 --number 12 -o 方案.$f $DB
    expect_exit 0 "$KAOHE" rectify report --region "$county" --year 2019 -o 报告.$f $DB
done
# the ledger and the list of every problem (the city's too): as 考核组, who
# sees every region — a 县级 user gets only the county's (report_scope.sh)
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" rectify ledger -o 台账.xlsx $DB
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" rectify export -o 清单.xlsx $DB
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" indicators --year 2019 -o 指标.xlsx --format xlsx $DB
# the explanation's JSON keeps the codes and puts the words beside them
# (as 考核组: a 县级 user reads its county's only, assess_scope.sh)
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" assess explain "$(sqlite3 k.db "select code from region where level = 2")" \
    $A --format json $DB
python3 - <<'PY' || fail "explain JSON with the words beside the codes"
import json
d = json.load(open("out.txt", encoding="utf-8"))
it = [x for x in d["items"] if x["path"].endswith("错退率")][0]
assert it["source"] == "input wrong_exit", it
assert it["rule_zh"] == "错退率不高于 2% 得满分 2.5 分，不高于 5% 得 1 分，否则不得分", it
assert all("rule_zh" in x and "source_zh" in x for x in d["items"])
for v in d["vetoes"]:
    assert v["code"] and v["label"] and "_" not in v["label"], v
PY
expect_exit 2 "$KAOHE" report plan --region "$county" -o 方案.txt $DB
[ ! -e 方案.txt ] || fail "nothing written for an unknown format"
expect_exit 2 "$KAOHE" report plan --region "$county" -o nodir/方案.docx $DB
grep -q "nodir" err.txt || fail "the path named"
[ ! -e nodir ] || fail "nothing written"
KAOHE_USER=考核组 expect_exit 2 "$KAOHE" report assess $A --region 999999999999 -o x.docx $DB
[ ! -e x.docx ] || fail "nothing written for a region not assessed"

# the CLI's text reports, scanned as the documents: kaohe check of the
# generated files (copied under Chinese names: a file's name is the
# user's), assess show of the cities and of their counties, assess
# explain of a city and of a county
cp data/regions.csv 区划.csv && cp data/registry.csv 建档立卡.csv
expect_exit 1 "$KAOHE" check 区划.csv 建档立卡.csv --year 2019
cp out.txt cli-check.txt
# the same findings as a sheet people read, and the assessment's tables
expect_exit 1 "$KAOHE" check 区划.csv 建档立卡.csv --year 2019 --format xlsx -o 问题.xlsx
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" assess show $A --format xlsx -o 考核结果.xlsx $DB
grep -q "^错误 [0-9]* 个，警告 [0-9]* 个$" cli-check.txt || fail "check: the totals"
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" assess show $A $DB
cp out.txt cli-show.txt
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" assess show $A --part hebei-county-2016 $DB
cp out.txt cli-show-county.txt
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" assess explain "$city" $A $DB
cp out.txt cli-explain.txt
county1=$(sqlite3 k.db "select code from region where level = 3 and code like '${city%00000000}%' order by code limit 1")
KAOHE_USER=考核组 expect_exit 0 "$KAOHE" assess explain "$county1" $A $DB
cp out.txt cli-explain-county.txt
# the exit review (text with every finding, XLSX with them) and the
# indicators as text: names, not codes; 元 and percentages
expect_exit 0 "$KAOHE" review --year 2019 --findings $DB
cp out.txt cli-review.txt
expect_exit 0 "$KAOHE" review --year 2019 --findings --format xlsx -o 核查.xlsx $DB
expect_exit 0 "$KAOHE" indicators --year 2019 $DB
cp out.txt cli-indicators.txt
for f in cli-check cli-show cli-show-county cli-explain cli-explain-county \
    cli-review cli-indicators; do
    [ -s $f.txt ] || fail "$f.txt is empty"
done

for p in card 通报 方案 报告 考核报告; do
    pdftotext -layout $p.pdf $p.pdf.txt || fail "pdftotext $p"
done
mkdir -p "$TOP/tests/out/artifacts"
for p in card 通报 方案 报告 考核报告; do
    pdftoppm -r 70 -f 1 -l 1 -png -singlefile $p.pdf "$TOP/tests/out/artifacts/doc-$p-page1" ||
        fail "pdftoppm $p"
done
command -v xmllint > /dev/null && for d in 通报 方案 报告 考核报告; do
    mkdir -p x.$d && (cd x.$d && unzip -q -o ../$d.docx) || fail "unzip $d"
    find x.$d -name '*.xml' -o -name '*.rels' | while read -r x; do
        xmllint --noout "$x" || fail "$d: $x is not well-formed"
    done
done

python3 - "$county" <<'PY' || fail "the documents"
import html, os, re, sys, zipfile
from xml.dom import minidom

def docx_text(path):
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    for part in ["[Content_Types].xml", "_rels/.rels", "word/document.xml",
                 "word/_rels/document.xml.rels", "word/styles.xml",
                 "word/footer1.xml", "docProps/core.xml"]:
        assert part in names, (path, part)
    for n in names:  # every part well-formed
        minidom.parseString(z.read(n))
    ct = z.read("[Content_Types].xml").decode()
    assert "wordprocessingml.document.main+xml" in ct, path
    ftr = z.read("word/footer1.xml").decode()
    assert "PAGE" in ftr and "— " in ftr and " —" in ftr, "page numbers — 1 —"
    doc = minidom.parseString(z.read("word/document.xml"))
    paras = []
    for p in doc.getElementsByTagName("w:p"):
        paras.append("".join(t.firstChild.data for t in p.getElementsByTagName("w:t")
                             if t.firstChild))
    body = z.read("word/document.xml").decode()
    assert 'w:eastAsia="仿宋"' in body and 'w:eastAsia="方正小标宋简体"' in body, path
    assert "<w:pgMar" in body, path
    assert "<w:tbl>" not in body or "<w:tblHeader/>" in body, path
    return "\n".join(paras)

def xlsx_cells(path):
    z = zipfile.ZipFile(path)
    out, sheets = [], []
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        shared = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
    for n in sorted(x for x in z.namelist() if x.startswith("xl/worksheets/sheet")):
        x = z.read(n).decode()
        sheets.append(x)
        out += re.findall(r"<t[^>]*>([^<]*)</t>", x)
    return html.unescape("\n".join(out + shared)), sheets

texts = {}
for p in ["card", "通报", "方案", "报告", "考核报告"]:
    texts[p + ".pdf"] = open(p + ".pdf.txt", encoding="utf-8").read()
for p in ["通报", "方案", "报告", "考核报告"]:
    texts[p + ".docx"] = docx_text(p + ".docx")
for p in ["cli-check", "cli-show", "cli-show-county", "cli-explain", "cli-explain-county",
          "cli-review", "cli-indicators"]:
    texts[p] = open(p + ".txt", encoding="utf-8").read()
# the assessment inputs template, the form a county fills in
texts["t.csv"] = open("t.csv", encoding="utf-8-sig").read()
for p in ["通报", "方案", "报告", "考核报告", "台账", "清单", "指标", "核查", "问题",
          "考核结果", "录入表"]:
    texts[p + ".xlsx"], sh = xlsx_cells(p + ".xlsx")
    if p in ("通报", "方案", "报告", "考核报告", "台账"):
        tables = sh[1:] if p != "台账" else sh
        for x in tables:
            assert '<pane ySplit="2"' in x, (p, "frozen header")
    if p == "指标":
        # a table a person reads: regions down, indicators across, the
        # header and the names frozen, values as numbers
        import sqlite3
        nreg = sqlite3.connect("k.db").execute("select count(*) from region").fetchone()[0]
        assert len(re.findall(r"<row ", sh[0])) == nreg + 2, "one row a region"
        assert '<pane xSplit="2" ySplit="2"' in sh[0], "frozen"
        assert re.search(r'<c r="D3"[^>]*><v>[\d.]+</v>', sh[0]), "numbers"
    if p == "录入表":
        # the header and the names frozen; the 说明 sheet lists the
        # inputs by label, the scheme by its title
        assert '<pane xSplit="2" ySplit="1"' in sh[0], "录入表 frozen"
        for w in ["平时考核得分（0～10）", "错退率（第三方评估）（0%～100%）",
                  "填写日期：第三方评估（如 2020-06-30）", "核对码",
                  "河北省市级党委和政府扶贫开发工作成效考核办法（2016）", "录入表中的列", "考核环节"]:
            assert w in texts[p + ".xlsx"], ("录入表", w)
    if p == "台账":
        # numbers as numbers: the first column (问题编号) below the header
        assert re.search(r'<c r="A3"[^>]*><v>\d+</v>', sh[0]), "问题编号 is a number"
        assert re.search(r'<c r="E3" s="\d+"><v>\d+</v>', sh[0]), "发现日期 is a date"

sys.path.insert(0, os.environ["TOP"] + "/tests/e2e")
import plain_text
problems, n = plain_text.check(texts)
assert not problems, problems[:20]
assert n >= 6, n

def flat(name):
    return re.sub(r"\s+", "", texts[name])

# the 通报: 文号, sections, 落款
t = flat("通报.pdf")
for s in ["云开组〔2020〕7号", "关于2019年度市级党委和政府扶贫开发工作成效考核结果的通报",
          "一、考核结果", "二、等次分布", "三、否决情形", "四、主要项目得分", "五、处理意见",
          "六、有关要求", "云南省扶贫开发领导小组", "2020年6月30日"]:
    assert s in t, ("通报", s)
# the 整改方案 in the seed's sections
t = flat("方案.pdf")
for s in ["沧开组〔2020〕12号", "整改方案", "一、指导思想", "二、整改原则和目标",
          "三、存在的主要问题", "四、整改落实措施", "五、方法步骤", "（一）制定方案阶段。2020年5月10日至2020年5月13日",
          "（二）集中整改阶段。2020年5月14日至2020年5月31日",
          "（三）督导整改阶段。2020年6月1日至2020年6月30日", "六、工作要求",
          "牵头部门：县扶贫办；责任单位：各乡镇；责任人：县扶贫办主任；整改时限：2020年6月30日前",
          "联系人：王明，电话：0311-1234567", "沧民县扶贫开发领导小组", "2020年6月28日"]:
    assert s in t, ("方案", s)
# the 整改报告: 基本情况 with 户数, 人数, 贫困发生率; the table's 整改时限 and 责任人
t = flat("报告.pdf")
for s in ["一、基本情况", "建档立卡贫困户", "贫困发生率", "二、整改内容完成情况", "整改时限",
          "责任人", "三、整改成效", "四、各牵头部门整改情况",
          "五、执纪问责情况", "对参保动员不力的1名乡镇干部诫勉谈话。",
          "六、长效机制建设", "建立参保信息与医保系统每月比对制度。",
          "七、存在的不足及建议", "八、下步工作打算", "已逾期20天", "沧民县扶贫开发领导小组",
          "2020年6月28日"]:
    assert s in t, ("报告", s)
# the 考核报告: the central method's five parts, rules in words
t = flat("考核报告.pdf")
for s in ["考核报告", "一、基本情况", "贫困发生率", "二、指标分析", "三、存在问题", "四、综合评价",
          "五、处理建议", "计分规则：错退率不高于2%得满分2.5分，不高于5%得1分，否则不得分",
          "云南省扶贫开发领导小组"]:
    assert s in t, ("考核报告", s)
# the DOCX says what the PDF says
for p in ["通报", "方案", "报告"]:
    d = re.sub(r"\s+", "", texts[p + ".docx"])
    for s in ["一、", "扶贫开发领导小组"]:
        assert s in d, (p, s)
assert "沧开组〔2020〕12号" in texts["方案.docx"]
# typed text escaped and read back whole
for p in ["方案.docx", "报告.docx", "方案.xlsx"]:
    assert '档案<不全>&“缺页”"待补"' in texts[p], p
# the table's cells (whole in the DOCX and the XLSX)
for p in ["报告.docx", "报告.xlsx"]:
    for s in ["医保局副局长", "2020年6月10日前", "县医保局（县财政局）"]:
        assert s in texts[p], (p, s)
assert "五、方法步骤" in texts["方案.docx"]
# the ledger keeps who asked for and who did the 销号, and when
t = texts["台账.xlsx"]
assert "销号人" in t and "销号日期" in t and "考核组" in t, "销号人"
# the 成效 and the 台账 from the stored rechecks
for s in ["最近复核", "复核结论", "第 1 次复核（2019 年数据）", "第 2 次复核（2019 年数据）"]:
    assert s in t, ("台账", s)
t = flat("报告.pdf")
for s in ["整改前后数据对比如下", "复核后", "第1次复核（2019年数据）"]:
    assert s in t, ("报告", s)
assert "整改成效数据" in texts["报告.xlsx"] or any("整改前" in x for x in texts["报告.xlsx"].split("\n")), "报告.xlsx 成效"
print("checked", len(texts), "documents,", n, "comparisons")
PY
true
