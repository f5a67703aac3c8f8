# The 第三方评估 role's own page in the browser (tests/ui/ui_sample.cjs):
# the households of its sample (checked against sample_household), by
# village and paged, a household opened masked, the rest refused.
# Screenshots sample*.png.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/ui/setup.sh"
DRAWN=$(q "select count(*) from household h where h.year = 2019 and h.hh_id in
    (select sh.hh_id from sample_household sh join sample_design sd on sd.id = sh.design where sd.year = 2019)")
[ "$DRAWN" -gt 10 ] || fail "more than a page of ten drawn: $DRAWN"
BY_VILLAGE=$(q "select group_concat(v, ',') from (select h.village || ':' || count(*) as v from household h
    where h.year = 2019 and h.hh_id in (select sh.hh_id from sample_household sh
    join sample_design sd on sd.id = sh.design where sd.year = 2019) group by h.village order by 1)")
UI_USER=评估 UI_PASS=third-pass-2020 UI_DRAWN=$DRAWN UI_BY_VILLAGE=$BY_VILLAGE \
    node "$TOP/tests/ui/ui_sample.cjs" || fail "browser test"
for f in sample sample-household; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
exit 0
