# The UI's layout at 1366x768 and on a phone (390x844): dashboard,
# household list, a household and the board, nothing overflowing
# sideways (tests/ui/ui_layout.cjs); screenshots layout-WIDTH-PAGE.png are
# the artifacts.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/ui/setup.sh"
# a household with the most members (the widest member table)
HH=$(q "select hh_id from household where village like '530121101%' order by members desc, hh_id limit 1")
UI_USER=甲 UI_PASS=town1-pass-2020 UI_HH=$HH node "$TOP/tests/ui/ui_layout.cjs" ||
    fail "browser test"
for w in 1366 390; do
    for p in dashboard households household board; do
        [ -s "$ARTIFACTS/layout-$w-$p.png" ] || fail "screenshot layout-$w-$p.png"
    done
done
exit 0
