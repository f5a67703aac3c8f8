# 入户调查 entered in the browser by the 第三方评估 role (issue #21;
# tests/ui/ui_survey.cjs): GET/POST /api/survey/YEAR/HH — a drawn household
# only, the answers checked as `kaohe import survey` checks a row (a bad
# value 422 with its column, nothing stored), a good form stored at once
# with kaohe's classification (the same as importing the same row), audited
# (survey.save); other roles refused; then the form in the browser at
# 1366x768 and 390x844. Screenshots survey-*.png.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/ui/setup.sh"
HH=$(q "select sh.hh_id from sample_household sh join sample_design sd on sd.id = sh.design
    join household h on h.hh_id = sh.hh_id and h.year = 2019 where sd.year = 2019 order by sh.hh_id limit 1")
HH2=$(q "select sh.hh_id from sample_household sh join sample_design sd on sd.id = sh.design
    join household h on h.hh_id = sh.hh_id and h.year = 2019 where sd.year = 2019 order by sh.hh_id limit 1 offset 1")
OUT=$(q "select hh_id from household where year = 2019 and hh_id not in (select hh_id from sample_household) limit 1")
DESIGN=$(q "select max(id) from sample_design where year = 2019")
[ -n "$HH" ] && [ -n "$OUT" ] || fail "a drawn and an undrawn household"
login 评估 third-pass-2020
login 丙 county-pass-2020
csrf=$(cat 评估.csrf)
put() { # HH JSON: the status, the reply in put.json
    curl -s -o put.json -w '%{http_code}' -b 评估.jar -H "X-CSRF-Token: $csrf" \
        -H 'Content-Type: application/json' -d "$2" "$URL/api/survey/2019/$1"
}
GOOD='{"income_pc":"8000","food_clothing":"是","dropout":"否","medical":"是","housing":"A","water":"是","ok_ident":"是","ok_exit":"是","ok_help":"是","visitor":"李四","visited":"2020-06-01"}'
POOR='{"income_pc":"1200","food_clothing":"是","dropout":"否","medical":"是","housing":"C","water":"是","visitor":"李四","visited":"2020-06-01"}'
# a bad value: 422 with its column, as the import says it; nothing stored
st=$(put "$HH" "$(echo "$GOOD" | sed 's/"water":"是"/"water":"也许"/')")
[ "$st" = 422 ] || fail "a bad 饮水安全: $st $(cat put.json)"
grep -q '"column": *"饮水安全"' put.json || grep -q '"column":"饮水安全"' put.json || fail "the column named: $(cat put.json)"
[ "$(q "select count(*) from survey")" = 0 ] || fail "nothing stored"
# the same file row through `kaohe import survey` is refused the same way
printf '户编号,人均纯收入,不愁吃穿,适龄儿童失学辍学,全员参加基本医疗保险,住房安全等级,饮水安全,认可识别,认可退出,认可帮扶,调查员,调查日期\n%s,1200,是,否,是,C,是,,,,李四,2020-06-01\n' "$HH2" > s.csv
cp k.db x.db
KAOHE_USER=admin expect_exit 0 "$KAOHE" import survey s.csv --design "$DESIGN" --db x.db
IMPORTED=$(sqlite3 x.db "select fails, unknown, approves, reasons from survey where hh_id = '$HH2'")
# good forms: stored at once, classified as the import classifies
[ "$(put "$HH" "$GOOD")" = 200 ] || fail "a good form: $(cat put.json)"
[ "$(put "$HH2" "$POOR")" = 200 ] || fail "a poor household's form: $(cat put.json)"
[ "$(q "select fails, unknown, approves, reasons from survey where hh_id = '$HH2'")" = "$IMPORTED" ] ||
    fail "classified as the import: $(q "select fails, unknown, approves, reasons from survey where hh_id = '$HH2'") vs $IMPORTED"
[ "$(q "select fails from survey where hh_id = '$HH'")" = 0 ] || fail "the good one passes"
[ "$(q "select count(*) from audit where action = 'survey.save' and who = '评估'")" = 2 ] || fail "each save audited"
# saved again: replaced, not added
[ "$(put "$HH" "$GOOD")" = 200 ] || fail "saved again"
[ "$(q "select count(*) from survey where hh_id = '$HH'")" = 1 ] || fail "replaced"
# read back as the form's values
curl -s -o get.json -b 评估.jar "$URL/api/survey/2019/$HH2"
python3 -c "import json; d = json.load(open('get.json')); assert d['saved']['housing'] == 'C' and d['saved']['water'] == '是' and d['saved']['income_pc'] == '1200.00' and d['result']['fails'] == 1, d" ||
    fail "read back: $(cat get.json)"
# not drawn, other roles
[ "$(put "$OUT" "$GOOD")" = 404 ] || fail "an undrawn household: $(cat put.json)"
st=$(curl -s -o /dev/null -w '%{http_code}' -b 丙.jar -H "X-CSRF-Token: $(cat 丙.csrf)" \
    -H 'Content-Type: application/json' -d "$GOOD" "$URL/api/survey/2019/$HH")
[ "$st" = 403 ] || fail "a county officer enters a survey: $st"
UI_USER=评估 UI_PASS=third-pass-2020 UI_HH=$(q "select sh.hh_id from sample_household sh join sample_design sd on sd.id = sh.design
    join household h on h.hh_id = sh.hh_id and h.year = 2019 where sd.year = 2019 order by sh.hh_id limit 1 offset 2") \
    node "$TOP/tests/ui/ui_survey.cjs" || fail "browser test"
[ "$(q "select count(*) from survey")" = 3 ] || fail "the browser's form stored"
for f in survey-1366 survey-390 survey-list; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
exit 0
