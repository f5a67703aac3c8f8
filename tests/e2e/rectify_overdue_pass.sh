# A problem past its deadline whose indicator passes at the recheck (issue
# 15, defect 7: show, list and the 整改报告 said "加快整改…已逾期" after the
# indicator passed): list shows the passing recheck beside 逾期, show
# offers 申请销号 with the recheck as evidence, and the 整改报告 asks for
# its 销号 instead of a new deadline — in 存在的不足及建议 (alone, and
# beside an overdue problem that still fails) and in 下步工作打算.
. "$TOP/tests/e2e/lib.sh"
# Writes PDFs: under check-asan fontconfig's and cairo's own leaks need
# the slow unwinder (tests/lsan.supp).
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
D=$TOP/tests/e2e/review
DB="--db k.db"
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
expect_exit 0 "$KAOHE" user add 张三 --role 县级 --region 533124000000 $DB
export KAOHE_USER=张三
expect_exit 0 "$KAOHE" rectify generate --year 2019 $DB
P=$(sqlite3 k.db "select id from problem where indicator = 'finding.reloc_debt'")
C=$(sqlite3 k.db "select id from problem where indicator = 'finding.cause_inconsistent'")
expect_exit 0 "$KAOHE" rectify plan "$P" --measures 逐户核实自筹资金 --lead 县发改局 \
    --deadline 2020-05-31 $DB
expect_exit 0 "$KAOHE" rectify progress "$P" --note 已核实 $DB
# 2020: the self-payment corrected; the recheck passes.
python3 - "$D/registry.csv" <<'PY' || fail "writing 2020"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
i = rows[0].index("搬迁自筹金额")
for r in rows[1:]:
    if r[i] and float(r[i]) > 10000:
        r[i] = "5000"
csv.writer(open("reg2020.csv", "w", encoding="utf-8", newline="")).writerows(rows)
PY
expect_exit 0 "$KAOHE" import registry reg2020.csv --year 2020 $DB
expect_exit 0 "$KAOHE" review --year 2020 $DB
expect_exit 0 "$KAOHE" rectify recheck --year 2020 $DB

expect_exit 0 "$KAOHE" rectify list $DB
grep -q "^$P	.*	逾期	时限 2020-05-31	复核 2020 年 0/2 已达标	" out.txt ||
    fail "list: 逾期 and the passing recheck: $(grep "^$P	" out.txt)"
expect_exit 0 "$KAOHE" rectify show "$P" $DB
grep -q "^  状态:     逾期$" out.txt || fail "show: 逾期"
grep -q "^  可申请销号:第 1 次复核(2020 年数据)已达标,可作佐证" out.txt ||
    fail "show offers 申请销号: $(cat out.txt)"

# report TAG : the 整改报告's text, blanks and page numbers out, as TAG.txt
report() {
    expect_exit 0 "$KAOHE" rectify report -o "$1.pdf" $DB
    pdftotext "$1.pdf" - | tr -d ' \n\f' | sed 's/—[0-9]*—//g' > "$1.txt"
}
report a
grep -q "逾期问题：编号$P（县发改局牵头，已逾期30天，复核已达标，尚未申请销号）。建议督促牵头部门以复核结果为佐证尽快申请销号。" a.txt ||
    fail "the 逾期 paragraph asks for 销号: $(cat a.txt)"
grep -q "重新明确完成时间" a.txt && fail "no new deadline for a passing problem"
grep -q "（编号$P）第1次复核（2020年数据）已达标（0.00%（0/2）），由县发改局以复核结果为佐证尽快申请销号。" a.txt ||
    fail "下步工作打算 asks for 销号"
grep -q "加快整改“[^”]*”（编号$P）" a.txt && fail "下步工作打算 says 加快整改"

# Beside an overdue problem whose recheck still fails: each its advice.
expect_exit 0 "$KAOHE" rectify plan "$C" --measures 逐户核对致贫原因 --lead 县扶贫办 \
    --deadline 2020-05-31 $DB
report b
grep -q "逾期问题：编号$C（县扶贫办牵头，已逾期30天）；编号$P（县发改局牵头，已逾期30天，复核已达标，尚未申请销号）。建议对逾期问题逐项督办，牵头部门说明原因并重新明确完成时间；复核已达标的，以复核结果为佐证尽快申请销号。" b.txt ||
    fail "the 逾期 paragraph, both kinds: $(cat b.txt)"
grep -q "加快整改“[^”]*”（编号$C）：逐户核对致贫原因。由县扶贫办牵头，已逾期30天，须尽快完成。" b.txt ||
    fail "the failing one: 加快整改"
python3 "$TOP/tests/e2e/plain_text.py" b.txt || fail "plain Chinese"
true
