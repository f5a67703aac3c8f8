# Rectification in the browser (tests/ui/ui_rectify.cjs): a problem whose
# recheck passes shows it on the board and on its page (before → after,
# every run) and offers 申请销号 with the recheck as its evidence — asked
# for with one click, the request citing the recheck; a closed problem
# whose recheck fails again is 反弹 on its card, in the list's 最近复核
# column and under the list's 仅反弹 filter; the plan sheet
# imported from the problem list's page: the server's dry run shown
# problem by problem and field by field, applied only once confirmed; a
# refused sheet says why, with the row and column, and changes nothing.
# Screenshots in tests/out/ui/ (or $ARTIFACTS).
. "$TOP/tests/e2e/lib.sh"
need_browser
D=$TOP/tests/e2e/review
DB="--db k.db"
q() { sqlite3 k.db "$1"; }
# reg YEAR SELF : the registry with the relocated households' self-payment
# set to SELF (above 10,000 is a finding), as reg-YEAR.csv.
reg() {
    python3 - "$D/registry.csv" "$1" "$2" <<'PY' || fail "writing $1"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
i = rows[0].index("搬迁自筹金额")
for r in rows[1:]:
    if r[i] and float(r[i]) > 10000:
        r[i] = sys.argv[3]
csv.writer(open("reg-%s.csv" % sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
}
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 张三 --role 县级 \
    --region 533124000000 --password-stdin $DB
export KAOHE_USER=张三
expect_exit 0 "$KAOHE" rectify generate --year 2019 $DB
P=$(q "select id from problem where indicator = 'finding.reloc_debt'")
expect_exit 0 "$KAOHE" rectify plan "$P" --measures 逐户核实自筹资金 --lead 县发改局 \
    --deadline 2020-12-31 $DB
expect_exit 0 "$KAOHE" rectify progress "$P" --note 已核实 $DB
# Q (未按期走访) is closed on 2019's data; on 2020's its visits are overdue
# again: 反弹 at the 2020 recheck.
echo 'check-pass-2020' | expect_exit 0 "$KAOHE" user add 李四 --role 考核组 \
    --password-stdin $DB
Q=$(q "select id from problem where indicator = 'finding.visit_overdue'")
expect_exit 0 "$KAOHE" rectify plan "$Q" --measures 补齐走访 --lead 县扶贫办 \
    --deadline 2020-12-31 $DB
expect_exit 0 "$KAOHE" rectify progress "$Q" --note 已走访 $DB
echo 走访记录 > 走访记录.txt
expect_exit 0 "$KAOHE" rectify request-close "$Q" --evidence 走访记录.txt $DB
KAOHE_USER=李四 expect_exit 0 "$KAOHE" rectify verify "$Q" $DB
expect_exit 0 "$KAOHE" rectify recheck --year 2019 $DB
reg 2020 5000
expect_exit 0 "$KAOHE" import registry reg-2020.csv --year 2020 $DB
expect_exit 0 "$KAOHE" review --year 2020 $DB
expect_exit 0 "$KAOHE" rectify recheck --year 2020 $DB
# the sheets: problem 1's measures changed and problem 3 given a 牵头部门;
# the same with 序号 for 问题编号 (refused)
expect_exit 0 "$KAOHE" rectify export -o plan.csv $DB
python3 - <<'PY' || fail "the sheets"
import csv
rows = list(csv.reader(open("plan.csv", encoding="utf-8-sig")))
h = rows[0]
byid = {r[0]: r for r in rows[1:]}
byid["1"][h.index("整改措施")] = "逐户核对致贫原因"
byid["3"][h.index("牵头部门")] = "县医保局"
csv.writer(open("计划.csv", "w", encoding="utf-8", newline="")).writerows(rows)
h2 = ["序号"] + h[1:]
csv.writer(open("序号.csv", "w", encoding="utf-8", newline="")).writerows([h2] + rows[1:])
PY
before=$(dump k.db | grep -v "^INSERT INTO audit ")
serve_start $DB --listen 127.0.0.1:0 --web "$TOP/web"
export URL TOP ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui}
UI_P=$P UI_Q=$Q UI_PLAN=$PWD/计划.csv UI_BAD=$PWD/序号.csv \
    node "$TOP/tests/ui/ui_rectify.cjs" || fail "browser test"
# the request cites the recheck; the plan applied once
[ "$(q "select note from problem_event where problem = $P and action = 'request'")" = \
  "以第 2 次复核为佐证;复核已达标:第 2 次复核(2020 年数据)1/2 → 0/2" ] ||
    fail "the request cites the recheck: $(q "select note from problem_event where problem = $P")"
[ "$(q "select measures from problem where id = 1")" = 逐户核对致贫原因 ] || fail "problem 1's measures"
[ "$(q "select deadline from problem where id = 1")" = 2020-01-31 ] || fail "a warned plan saved"
[ "$(q "select lead_dept from problem where id = 3")" = 县医保局 ] || fail "problem 3's 牵头部门"
[ "$(q "select group_concat(outcome || ':' || ifnull(records, ''), ' ') from audit where action = 'problem.import'")" = \
  "ok:2 refused:" ] || fail "one import applied, one refused: $(q "select * from audit where action = 'problem.import'")"
[ "$(q "select status from problem where id = $Q")" = 3 ] || fail "the 反弹 problem stays closed"
for f in rectify-board rectify-problem rectify-rebound plan-preview plan-refused; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
exit 0
