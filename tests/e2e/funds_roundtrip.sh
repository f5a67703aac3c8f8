# funds_roundtrip.sh - `kaohe gen --funds` and `kaohe funds check`: every
# injected fault of the truth file is found and nothing else (recall and
# precision 100%), in UTF-8 CSV, GB18030 CSV and XLSX; every rule of
# docs/funds.md but fund_carryover_high (no maximum by default) has an
# injected fault; a maximum set in a standards file makes it a finding.
. "$TOP/tests/e2e/lib.sh"
for v in "csv utf-8 1500" "csv gb18030 1500" "xlsx utf-8 1500" "csv utf-8 40000"; do
    set -- $v
    fmt=$1 enc=$2 n=$3 d=g_$1_$2_$3 db=$1_$2_$3.db
    expect_exit 0 "$KAOHE" gen --persons $n --seed 7 --funds --format $fmt --encoding $enc --out $d
    expect_exit 0 "$KAOHE" import regions $d/regions.$fmt --db $db
    expect_exit 0 "$KAOHE" import registry $d/registry.$fmt --year 2019 --db $db
    expect_exit 0 "$KAOHE" user add 管 --role 系统管理员 --db $db
    KAOHE_USER=管 expect_exit 0 "$KAOHE" import projects $d/projects.$fmt --db $db
    KAOHE_USER=管 expect_exit 0 "$KAOHE" import allocations $d/allocations.$fmt --db $db
    KAOHE_USER=管 expect_exit 0 "$KAOHE" import payments $d/payments.$fmt --region 530000000000 --db $db
    KAOHE_USER=管 "$KAOHE" funds check --year 2019 --db $db --format json > found.json 2> err.txt
    [ $? = 1 ] || { cat err.txt; fail "funds check ($v)"; }
    python3 - found.json $d/funds_truth.csv > cmp.txt <<'PY' || { cat cmp.txt; fail "findings differ from the truth ($v)"; }
import json, sys
got = sorted((f["code"], f["county"], f["object"]) for f in json.load(open(sys.argv[1]))["findings"])
want = sorted(tuple(l.rstrip("\r\n").split(",")) for l in open(sys.argv[2], encoding="utf-8").readlines()[1:])
extra = [g for g in got if g not in want]
missing = [w for w in want if w not in got]
print(len(got), "found,", len(want), "injected; missing", missing[:5], "extra", extra[:5])
sys.exit(1 if extra or missing or not want else 0)
PY
    for code in alloc_retained return_retained pay_no_project pay_before_added pay_project_state \
                pay_over_plan project_retained notice_added_missing notice_plan_missing \
                notice_done_missing notice_short start_late accept_late no_poor_benef \
                benef_unregistered benef_cleared; do
        grep -q "^fund_$code," $d/funds_truth.csv || fail "no fund_$code injected ($v)"
    done
done
# The 结转结余率 maximum: the county whose 以工代赈 money was never spent.
printf '[funds]\ncarryover_max = 20%%\n' > carry.std
KAOHE_USER=管 "$KAOHE" funds check --year 2019 --db csv_utf-8_1500.db --standards carry.std > carry.txt
grep -q "结转结余率过高" carry.txt || fail "carryover_max set: no 结转结余率 finding"
grep -q "以工代赈：2019 年下达 50,000.00 元，年内支出 0.00 元，结转结余率 100.0%，高于 20%" carry.txt ||
    { grep 结转 carry.txt; fail "the 结转结余率 sentence"; }
exit 0
