# The dashboard's 资金滞留 and 逾期项目 in the browser
# (tests/ui/ui_funds_flags.cjs): the hand-computed county of
# tests/cases/funds_hand imported by the CLI; its county's staff and a
# township's staff each see their region's flags with their figures on
# the first page; the pages' text is plain Chinese
# (tests/e2e/plain_text.py). Screenshots dashboard-funds-flags*.png.
. "$TOP/tests/e2e/lib.sh"
need_browser
H="$CASES/funds_hand"
DB="--db k.db"
cp "$H"/*.csv .
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions regions.csv $DB
expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
    --role 县级 --region 533124000000 --password-stdin $DB
echo 'town-pass-2020' | expect_exit 0 "$KAOHE" user add 章凤员 \
    --role 乡级 --region 533124100000 --password-stdin $DB
export KAOHE_USER=admin
expect_exit 0 "$KAOHE" import projects projects.csv $DB
expect_exit 0 "$KAOHE" import allocations allocations.csv $DB
expect_exit 0 "$KAOHE" import payments payments.csv --region 533124000000 $DB
unset KAOHE_USER
asan=${ASAN_OPTIONS:-}
[ -n "$asan" ] && export ASAN_OPTIONS="$asan:fast_unwind_on_malloc=0"
mkdir srvtmp
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
export URL TOP ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui}
UI_USER=陇川员 UI_PASS=county-pass-2020 UI_TOWN_USER=章凤员 UI_TOWN_PASS=town-pass-2020 UI_OUT="$PWD/texts" \
    node "$TOP/tests/ui/ui_funds_flags.cjs" || fail "browser test"
python3 "$TOP/tests/e2e/plain_text.py" texts/* > scan.txt || fail "the pages: $(head -40 scan.txt)"
for f in dashboard-funds-flags dashboard-funds-flags-town; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
exit 0
