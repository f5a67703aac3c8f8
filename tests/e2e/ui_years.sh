# The year picker, the header's region name and the empty states in the
# browser (tests/ui/ui_years.cjs): an empty database first (the dashboard
# says nothing is imported and links the import), then two years imported
# while the server runs (2019: 1500 persons, 2020: 1200), the top level's
# figures and the figures of the picked year against the database, no
# overflow at 1366x768 and 390x844; a county user's header and a
# township's problem card; the problem list paged and filtered on the
# server. GET /api/problems?region= narrows to a subtree
# in scope (404 outside it, as one that is not there; audited). Screenshots years-*.png.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
need_browser
q() { sqlite3 k.db "$1"; }
COUNTY=530121000000 T1=530121101000 T2=530121102000
expect_exit 0 "$KAOHE" gen --persons 1500 --out g
expect_exit 0 "$KAOHE" gen --persons 1200 --year 2020 --out g2
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 丙 --role 县级 \
    --region $COUNTY --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region $T1 --password-stdin $DB
for r in 530121101201 530121102201 530121102000; do
    KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region $r \
        --source 督查 --category 基层基础工作不扎实 --text "帮扶手册不全 $r" $DB
done
# the figures the page must show, from a scratch database of the same files
expect_exit 0 "$KAOHE" import regions g/regions.csv --db x.db
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 --db x.db
expect_exit 0 "$KAOHE" import registry g2/registry.csv --year 2020 --db x.db
x() { sqlite3 x.db "$1"; }
UI_P1=$(x "select sum(members) from household where year = 2019")
UI_P2=$(x "select sum(members) from household where year = 2020")
UI_H1=$(x "select count(*) from household where year = 2019")
UI_H2=$(x "select count(*) from household where year = 2020")
[ "$UI_P1" != "$UI_P2" ] || fail "the two years must differ"
# 22 more problems in township 2 (enough for two pages of 20), two
# categories, one of them past its deadline (逾期)
for i in $(seq 1 22); do
    cat=基层基础工作不扎实
    [ $((i % 3)) = 0 ] && cat=扶贫措施不精准
    KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region 530121102201 \
        --source 督查 --category $cat --text "问题 $i" $DB
done
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify plan 25 --deadline 2020-03-31 --lead 县扶贫办 \
    --measures 补齐 $DB
serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"

# the problems of a subtree, within the scope only
curl -s -o /dev/null -c t.jar -H 'Content-Type: application/json' \
    -d '{"user":"甲","password":"town1-pass-2020"}' "$URL/api/login"
n=$(curl -s -b t.jar "$URL/api/problems?region=530121101201" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["problems"]))')
[ "$n" = 1 ] || fail "region= in scope: $n problems"
code=$(curl -s -o /dev/null -w '%{http_code}' -b t.jar "$URL/api/problems?region=$T2")
[ "$code" = 404 ] || fail "region= outside the scope (scope-blind 404): $code"
[ "$(q "select count(*) from audit where action = 'problem.list' and outcome = 'denied' and object = 'problems/$T2'")" = 1 ] ||
    fail "the refusal audited"

# paging and filters on the server: the pages of 20 are the whole list in
# order, the total and the facets right, bad values 400
curl -s -o /dev/null -c a.jar -H 'Content-Type: application/json' \
    -d '{"user":"admin","password":"admin-pass-2020"}' "$URL/api/login"
get() { curl -s -b a.jar "$URL$1"; }
js() { python3 -c "import json, sys; d = json.load(sys.stdin); print(($1))"; }
ALL=$(get "/api/problems" | js '",".join(str(p["id"]) for p in d["problems"])')
[ "$(echo "$ALL" | tr ',' '\n' | wc -l)" = 25 ] || fail "25 problems: $ALL"
P1=$(get "/api/problems?per_page=20&page=1" | js '",".join(str(p["id"]) for p in d["problems"]), d["total"], d["page"], d["per_page"]')
P2=$(get "/api/problems?per_page=20&page=2" | js '",".join(str(p["id"]) for p in d["problems"]), d["total"]')
P3=$(get "/api/problems?per_page=20&page=3" | js 'len(d["problems"]), d["total"]')
[ "$P3" = "(0, 25)" ] || fail "past the last page: $P3"
python3 - "$ALL" "$P1" "$P2" <<'EOF' || fail "pages: $P1 / $P2 vs $ALL"
import ast, sys
a = sys.argv[1].split(",")
p1, p2 = ast.literal_eval(sys.argv[2]), ast.literal_eval(sys.argv[3])
assert p1[1:] == (25, 1, 20) and p2[1] == 25, (p1, p2)
assert p1[0].split(",") == a[:20] and p2[0].split(",") == a[20:], (p1, p2, a)
EOF
NCAT=$(q "select count(*) from problem where category = '扶贫措施不精准'")
[ "$(get "/api/problems?per_page=20&category=扶贫措施不精准" | js 'd["total"], len(d["problems"])')" = "($NCAT, $NCAT)" ] ||
    fail "category filter with paging"
[ "$(get "/api/problems?per_page=20&status=逾期" | js 'd["total"], d["problems"][0]["id"]')" = "(1, 25)" ] ||
    fail "the overdue one: $(get "/api/problems?per_page=20&status=逾期")"
[ "$(get "/api/problems?per_page=5&dept=县扶贫办" | js 'd["total"]')" = 1 ] || fail "dept filter"
[ "$(get "/api/problems?per_page=1&facets=1" | js 'd["facets"]["category"], d["facets"]["dept"], d["facets"]["year"]')" = \
  "(['基层基础工作不扎实', '扶贫措施不精准'], ['县扶贫办'], ['$(q "select min(year) from problem")'])" ] ||
    fail "facets: $(get "/api/problems?per_page=1&facets=1" | js 'd["facets"]')"
for bad in per_page=0 per_page=501 page=0 page=x; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -b a.jar "$URL/api/problems?$bad")" = 400 ] || fail "$bad not refused"
done

export URL TOP ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui} \
    UI_USER=admin UI_PASS=admin-pass-2020 UI_Y1=2019 UI_Y2=2020 \
    UI_P1 UI_P2 UI_H1 UI_H2 \
    UI_IMPORT="'$KAOHE' import registry g/registry.csv --year 2019 $DB > /dev/null 2>&1 &&
        '$KAOHE' import registry g2/registry.csv --year 2020 $DB > /dev/null 2>&1 &&
        '$KAOHE' review --year 2019 $DB > /dev/null 2>&1 && '$KAOHE' review --year 2020 $DB > /dev/null 2>&1" \
    UI_COUNTY_USER=丙 UI_COUNTY_PASS=county-pass-2020 UI_COUNTY=$COUNTY \
    UI_COUNTY_NAME=$(q "select name from region where code = '$COUNTY'") \
    UI_T1=$T1 UI_T1_NAME=$(q "select name from region where code = '$T1'") \
    UI_PROBLEMS_COUNTY="25 / 1" UI_PROBLEMS_T1="1 / 0" \
    UI_PROBLEM_IDS=$ALL UI_NCAT=$NCAT
node "$TOP/tests/ui/ui_years.cjs" || fail "browser test"
[ "$(q "select sum(members) from household where year = 2020")" = "$UI_P2" ] ||
    fail "the served database holds what the scratch one does"
for f in empty top-latest top-chosen 1366-dashboard 390-dashboard 390-households county; do
    [ -s "$ARTIFACTS/years-$f.png" ] || fail "screenshot years-$f.png"
done
exit 0
