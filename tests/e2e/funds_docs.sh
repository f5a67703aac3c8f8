# funds_docs.sh - the funds documents and who may make them: the 公告公示
# of a project (PDF: every field the spec names, 12317 and the county's
# telephone), the 资金使用情况表 (XLSX: the figures per county and fund),
# the 项目库 exported and imported again unchanged with no finding; a
# county user of another county gets the same answer for a project of
# another county as for no project, an import naming another county's
# region is refused whole and audited, and nothing is stored.
. "$TOP/tests/e2e/lib.sh"
# cairo's own leaks need the slow unwinder (tests/lsan.supp), as in
# documents.sh.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
cp "$TOP"/tests/cases/funds_hand/*.csv .
echo "533199000000,别县,533100000000,县,,是,,,100" >> regions.csv
db=k.db
expect_exit 0 "$KAOHE" init --db $db
expect_exit 0 "$KAOHE" import regions regions.csv --db $db
expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 --db $db
expect_exit 0 "$KAOHE" user add 管 --role 系统管理员 --db $db
export KAOHE_USER=管
expect_exit 0 "$KAOHE" import projects projects.csv --db $db
expect_exit 0 "$KAOHE" import allocations allocations.csv --db $db
expect_exit 0 "$KAOHE" import payments payments.csv --region 533124000000 --db $db
expect_exit 0 "$KAOHE" org set 533124000000 --issuer 陇川县扶贫开发领导小组办公室 --contact "县扶贫办，电话：0692-7123456" --db $db

# the notice
expect_exit 0 "$KAOHE" funds notice XM001 -o n.pdf --db $db
pdftotext -layout n.pdf n.txt
for w in 扶贫项目竣工公告 拉影村茶叶基地 陇川县章凤镇拉影村 "计划投资 80,000.00 元" \
         "已拨付财政专项扶贫资金 60,000.00 元" 章凤镇人民政府 产业发展 "10 户，35 人" \
         "2019年6月25日至2019年7月4日（10 天）" 12317 0692-7123456 陇川县扶贫开发领导小组办公室; do
    grep -q -- "$w" n.txt || { cat n.txt; fail "notice lacks $w"; }
done
expect_exit 0 "$KAOHE" funds notice XM001 -o n.docx --db $db
unzip -p n.docx word/document.xml | grep -q 拉影村茶叶基地 || fail "notice DOCX"

# the table
expect_exit 0 "$KAOHE" funds table --year 2019 -o t.xlsx --db $db
python3 - t.xlsx > t.txt <<'PY' || fail "table XLSX"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml")
print(xml)
PY
for w in 财政专项扶贫资金 "<v>150000</v>" "<v>88000</v>" "<v>60000</v>" "<v>90000</v>" 统筹整合涉农资金 合计 "<v>170000</v>" "<v>109000</v>"; do
    grep -q "$w" t.txt || fail "table lacks $w"
done

# the library out and in again
expect_exit 0 "$KAOHE" funds export -o lib.xlsx --db $db
expect_exit 0 "$KAOHE" init --db 2.db
expect_exit 0 "$KAOHE" import regions regions.csv --db 2.db
expect_exit 0 "$KAOHE" user add 管 --role 系统管理员 --db 2.db
"$KAOHE" import projects lib.xlsx --db 2.db > again.txt 2>&1 || { cat again.txt; fail "re-import"; }
grep -q "错误 0 个，警告 0 个" again.txt || { cat again.txt; fail "findings on the exported library"; }
expect_exit 0 "$KAOHE" funds export -o lib2.csv --db 2.db
expect_exit 0 "$KAOHE" funds export -o lib1.csv --db $db
cmp -s lib1.csv lib2.csv || { diff lib1.csv lib2.csv | head; fail "the library changed on the way"; }

# a file that cannot be read (truncated XLSX, not text): refused with one
# error in the report, whose totals say so, exit 2, nothing stored
head -c 300 lib.xlsx > trunc.xlsx
head -c 2000 /dev/urandom > junk.csv
for f in trunc.xlsx junk.csv; do
    "$KAOHE" import projects $f --db 2.db > bad.txt 2>&1
    [ $? = 2 ] || { cat bad.txt; fail "$f: exit 2"; }
    grep -q "错误 1 个" bad.txt || { cat bad.txt; fail "$f: the report's totals"; }
done
[ "$(sqlite3 2.db 'SELECT count(*) FROM fund_project')" = 5 ] || fail "a refused file changed the library"

# scope: a county user of another county
expect_exit 0 "$KAOHE" user add 别县 --role 县级 --region 533199000000 --db $db
KAOHE_USER=别县 "$KAOHE" funds notice XM001 -o x.pdf --db $db 2> a.err; a=$?
KAOHE_USER=别县 "$KAOHE" funds notice NOSUCH -o x.pdf --db $db 2> b.err; b=$?
[ $a = $b ] && [ $a != 0 ] || fail "notice out of scope: exit $a vs $b"
cmp -s a.err b.err || sed -i 's/XM001/NOSUCH/' a.err
cmp -s a.err b.err || { diff a.err b.err; fail "out of scope and absent answer differently"; }
[ ! -e x.pdf ] || fail "a notice was written out of scope"
before=$(dump $db | grep -v "INSERT INTO audit" | md5sum)
KAOHE_USER=别县 "$KAOHE" import projects projects.csv --db $db > s.txt 2>&1
[ $? = 1 ] || { cat s.txt; fail "import out of scope not refused"; }
grep -q "不在管辖范围内" s.txt || { cat s.txt; fail "no funds_scope finding"; }
after=$(dump $db | grep -v "INSERT INTO audit" | md5sum)
[ "$before" = "$after" ] || fail "a refused import changed the database"
[ "$(sqlite3 $db "SELECT count(*) FROM audit WHERE action = 'import.projects' AND outcome = 'denied'")" -ge 1 ] ||
    fail "the refusal is not audited"
exit 0
