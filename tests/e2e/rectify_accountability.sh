# rectify_accountability.sh - 执纪问责 and 长效机制 kept with a problem's
# plan and printed in the 整改报告 (issue #16): set by `rectify plan
# --accountability/--mechanism` and by the plan sheet's columns 执纪问责
# and 长效机制 (export, import, round trip unchanged, --dry-run said field
# by field); cleared by an empty value; the report prints a section only
# when something is recorded (nothing false when empty), numbering the
# sections after it in order; the texts go through the plain-Chinese scan.
. "$TOP/tests/e2e/lib.sh"
# Writes PDFs: under check-asan the suppressions of fontconfig's and
# cairo's own leaks need the slow unwinder (tests/lsan.supp).
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
D=$TOP/tests/e2e/review
DB="--db k.db"
# the problems and their history (the audit log gains the import's entry)
problems() { sqlite3 k.db "select * from problem; select * from problem_event; select * from problem_unit"; }
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" user add 张三 --role 县级 --region 533124000000 $DB
export KAOHE_USER=张三
for t in 驻村工作队员长期不在岗 扶贫资金滞留乡镇; do
    expect_exit 0 "$KAOHE" rectify add --region 533124000000 --source 暗访 \
        --category 基层基础工作不扎实 --text "$t" --date 2020-05-03 $DB
done
expect_exit 0 "$KAOHE" rectify plan 1 --measures 每周点名 --lead 县委组织部 \
    --deadline 2020-09-30 $DB
expect_exit 0 "$KAOHE" rectify plan 2 --measures 清理滞留资金 --lead 县财政局 \
    --deadline 2020-09-30 $DB

# nothing recorded: neither section, the others numbered 五 and 六
expect_exit 0 "$KAOHE" rectify report --region 533124000000 -o r0.pdf $DB
pdftotext r0.pdf r0.txt || fail "pdftotext"
t=$(tr -d ' \n' < r0.txt)
case $t in *执纪问责*|*长效机制*) fail "an empty section printed" ;; esac
case $t in *五、存在的不足及建议*六、下步工作打算*) ;; *) fail "sections 五 and 六" ;; esac

# by the command line
expect_exit 0 "$KAOHE" rectify plan 1 --accountability "对 2 名长期不在岗的队员召回撤换，约谈派出单位负责人" $DB
expect_exit 0 "$KAOHE" rectify list --format json $DB
python3 -c "
import json; d = json.load(open('out.txt'))
p = {x['id']: x for x in d['problems']}
assert p[1]['accountability'].startswith('对 2 名'), p[1]
assert p[1]['mechanism'] is None and p[2]['accountability'] is None, p" || fail "stored, listed in JSON"

# by the sheet: export, fill 长效机制 for problem 2, dry run, import
expect_exit 0 "$KAOHE" rectify export -o plan.csv $DB
head -1 plan.csv | grep -q "执纪问责,长效机制" || fail "the sheet's columns"
problems > before.sql
expect_exit 0 "$KAOHE" rectify import plan.csv $DB
problems > after.sql
cmp -s before.sql after.sql || fail "a round trip changed the database"
python3 - <<'PY' || fail "fill the sheet"
import csv
rows = list(csv.reader(open("plan.csv", encoding="utf-8-sig")))
h = rows[0]
for r in rows[1:]:
    if r[0] == "2":
        r[h.index("长效机制")] = "建立扶贫资金拨付月通报制度"
csv.writer(open("plan2.csv", "w", encoding="utf-8", newline="")).writerows(rows)
PY
expect_exit 0 "$KAOHE" rectify import plan2.csv --dry-run $DB
grep -q "长效机制" out.txt || fail "the dry run names the field"
problems > dry.sql
cmp -s after.sql dry.sql || fail "a dry run wrote"
expect_exit 0 "$KAOHE" rectify import plan2.csv $DB
[ "$(sqlite3 k.db "select mechanism from problem where id = 2")" = 建立扶贫资金拨付月通报制度 ] ||
    fail "imported"
expect_exit 0 "$KAOHE" rectify report --region 533124000000 -o r1.pdf $DB
pdftotext r1.pdf r1.txt || fail "pdftotext"
python3 - <<'PY' || fail "the report's sections"
import os, re, sys
t = re.sub(r"\s+", "", open("r1.txt", encoding="utf-8").read())
order = ["五、执纪问责情况", "对2名长期不在岗的队员召回撤换，约谈派出单位负责人。",
         "六、长效机制建设", "建立扶贫资金拨付月通报制度。", "七、存在的不足及建议",
         "八、下步工作打算"]
at = [t.find(s) for s in order]
assert all(a >= 0 for a in at) and at == sorted(at), list(zip(order, at))
sys.path.insert(0, os.environ["TOP"] + "/tests/e2e")
import plain_text
problems, n = plain_text.check({"r1": open("r1.txt", encoding="utf-8").read()})
assert not problems, problems
PY
# cleared by an empty value: the section goes
expect_exit 0 "$KAOHE" rectify plan 1 --accountability "" $DB
[ -z "$(sqlite3 k.db "select accountability from problem where id = 1")" ] || fail "cleared"
expect_exit 0 "$KAOHE" rectify report --region 533124000000 -o r2.docx $DB
python3 - <<'PY' || fail "the DOCX after clearing"
import re, zipfile
x = zipfile.ZipFile("r2.docx").read("word/document.xml").decode()
t = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", x))
assert "执纪问责" not in t and "五、长效机制建设" in t and "六、存在的不足及建议" in t, t[:300]
PY
true
