# The dashboard's charts of exits by year and findings by kind opened down
# to the households: GET /api/households?exited=Y and ?finding=CODE with
# curl (totals against the indicators and the database, bad values 400,
# scope kept), then the charts clicked in the browser
# (tests/ui/ui_drill.cjs). Screenshots drill-*.png.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/ui/setup.sh"
curl -s -o /dev/null -c a.jar -H 'Content-Type: application/json' \
    -d '{"user":"甲","password":"town1-pass-2020"}' "$URL/api/login"
js() { python3 -c "import json, sys; d = json.load(sys.stdin); print(($1))"; }
get() { curl -s -b a.jar "$URL$1"; }
code() { curl -s -o /dev/null -w '%{http_code}' -b a.jar "$URL$1"; }
EXITED=$(q "select count(*) from household where year = 2019 and year_out = 2019 and village like '530121101%'")
[ "$EXITED" -gt 0 ] || fail "households exited in 2019"
[ "$(get "/api/households?exited=2019" | js 'd["total"], d["exited"]')" = "($EXITED, 2019)" ] ||
    fail "exited=2019: $(get "/api/households?exited=2019" | js 'd["total"]'), want $EXITED"
[ "$(get "/api/indicators?names=exited_households_year" | js 'd["region"]["indicators"]["exited_households_year"]["num"]')" = "$EXITED" ] ||
    fail "the list is what exited_households_year counts"
[ "$(get "/api/households?exited=2018" | js 'd["total"]')" = \
  "$(q "select count(*) from household where year = 2019 and year_out = 2018 and village like '530121101%'")" ] ||
    fail "exited=2018"
INCOME_HH=$(q "select group_concat(hh_id) from (select h.hh_id from household h join review r on r.household = h.id
    where r.flagged & 1 and h.village like '530121101%' order by h.hh_id)")
[ "$(get "/api/households?finding=exit_income" | js 'd["total"], d["finding"]["code"]')" = "(5, 'exit_income')" ] ||
    fail "finding=exit_income: $(get "/api/households?finding=exit_income")"
[ "$(get "/api/households?finding=exit_income&per_page=200" | js '",".join(sorted(h["hh_id"] for h in d["households"]))')" = "$INCOME_HH" ] ||
    fail "the households flagged exit_income"
[ "$(get "/api/indicators?names=finding.visit_overdue" | js 'd["region"]["indicators"]["finding.visit_overdue"]["num"]')" = \
  "$(get "/api/households?finding=visit_overdue" | js 'd["total"]')" ] ||
    fail "finding=visit_overdue lists what finding.visit_overdue counts"
[ "$(code "/api/households?finding=nope")" = 400 ] || fail "unknown finding"
[ "$(code "/api/households?exited=abc")" = 400 ] || fail "bad exited"
[ "$(code "/api/households?exited=2019&region=$T2")" = 404 ] || fail "another township (as absent)"
UI_FINDINGS=$(get "/api/indicators" | python3 -c "
import json, sys
i = json.load(sys.stdin)['region']['indicators']
f = sorted(((v['num'], k) for k, v in i.items() if k.startswith('finding.') and v['num'] > 0), key=lambda x: -x[0])
print(json.dumps([n for n, k in f], separators=(',', ':')))")
[ "$UI_FINDINGS" = "[5,3]" ] || fail "the township's findings: $UI_FINDINGS"
UI_USER=甲 UI_PASS=town1-pass-2020 UI_EXITED=$EXITED UI_FINDINGS=$UI_FINDINGS \
    UI_INCOME_HH=$INCOME_HH node "$TOP/tests/ui/ui_drill.cjs" || fail "browser test"
for f in drill-exits drill-findings; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
exit 0
