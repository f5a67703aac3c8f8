# The 数据比对 page in the browser (tests/ui/ui_dept.cjs): a county's staff
# loads a department list through the page's form (stored as `kaohe
# import dept` stores it), sees the lists, 数据闭合率 by kind (table and
# chart) as the API gives them, drills from a kind to its findings and on
# to a household, whose 一户一档 shows each member's department records.
# Screenshots dept*.png.
. "$TOP/tests/e2e/lib.sh"
need_browser
H="$CASES/dept_hand"
DB="--db k.db"
C1=533124000000
cp "$H/regions.csv" "$H/registry.csv" "$H/huji.csv" "$H/vehicle.csv" "$H/dibao.csv" .
expect_exit 0 "$KAOHE" import regions regions.csv $DB
expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
    --role 县级 --region $C1 --password-stdin $DB
asan=${ASAN_OPTIONS:-}
[ -n "$asan" ] && export ASAN_OPTIONS="$asan:fast_unwind_on_malloc=0"
mkdir srvtmp
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
export URL TOP ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui}
# the page's form loads huji.csv; the other lists and the comparison
# through the CLI when the browser asks (ui_dept.cjs runs them by
# $UI_COMPARE between its steps)
cat > compare.sh <<EOS
KAOHE_USER=陇川员 "$KAOHE" import dept vehicle vehicle.csv --region $C1 --as-of 2019-12-31 $DB > /dev/null 2>&1
KAOHE_USER=陇川员 "$KAOHE" import dept dibao dibao.csv --region $C1 --as-of 2019-12-31 $DB > /dev/null 2>&1
KAOHE_USER=陇川员 "$KAOHE" compare --year 2019 $DB > /dev/null 2>&1
exit 0
EOS
UI_USER=陇川员 UI_PASS=county-pass-2020 UI_FILE="$PWD/huji.csv" UI_COMPARE="sh $PWD/compare.sh" \
    node "$TOP/tests/ui/ui_dept.cjs" || fail "browser test"
[ "$(sqlite3 k.db "select count(*) from dept_row r join dept_list l on l.id = r.list where l.kind = 'huji'")" = 4 ] ||
    fail "the form's list stored as the CLI stores it (4 matching rows)"
[ "$(sqlite3 k.db "select imported_by from dept_list where kind = 'huji'")" = 陇川员 ] || fail "imported as the user"
for f in dept dept-household; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
exit 0
