# The 项目资金 pages in the browser (tests/ui/ui_funds.cjs): a county's
# staff loads the project library, the allocations and the payments
# through the page's form (a bad file refused whole, its rows and columns
# shown, nothing stored), lists, filters and opens a project, downloads
# the documents and reads the findings of 资金项目检查; the pages' text is
# plain Chinese (tests/e2e/plain_text.py). Screenshots funds*.png.
. "$TOP/tests/e2e/lib.sh"
need_browser
H="$CASES/funds_hand"
DB="--db k.db"
mkdir files
# (under Chinese names: a file's name is the user's, shown as given)
cp "$H"/projects.csv files/项目库.csv
cp "$H"/allocations.csv files/资金下达.csv
cp "$H"/payments.csv files/拨付支出.csv
cp "$H"/regions.csv "$H"/registry.csv .
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions regions.csv $DB
expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
    --role 县级 --region 533124000000 --password-stdin $DB
# a bad library: a date in the wrong form on row 3, a type not in the
# list on row 4
python3 - <<'PY'
import csv
rows = list(csv.reader(open("files/项目库.csv", encoding="utf-8")))
h = rows[0]
rows[3][h.index("入库日期")] = "2019/13/45"
rows[4][h.index("项目类型")] = "养殖"
csv.writer(open("项目库有误.csv", "w", encoding="utf-8", newline="")).writerows(rows)
PY
asan=${ASAN_OPTIONS:-}
[ -n "$asan" ] && export ASAN_OPTIONS="$asan:fast_unwind_on_malloc=0"
mkdir srvtmp
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
export URL TOP ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui}
UI_USER=陇川员 UI_PASS=county-pass-2020 UI_BAD="$PWD/项目库有误.csv" UI_DIR="$PWD/files" UI_OUT="$PWD/texts" \
    node "$TOP/tests/ui/ui_funds.cjs" || fail "browser test"
[ "$(sqlite3 k.db 'select count(*) from fund_project')" = 5 ] || fail "the library stored"
[ "$(sqlite3 k.db "select count(*) from audit where action = 'import.projects' and who = '陇川员' and outcome = 'refused'")" = 1 ] ||
    fail "the bad file's refusal audited"
python3 "$TOP/tests/e2e/plain_text.py" texts/* > scan.txt || fail "the pages: $(head -40 scan.txt)"
for f in funds funds-project funds-check funds-import-bad; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
exit 0
