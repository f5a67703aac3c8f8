# The assessment page of the browser UI (web/, #/assess) in headless
# Chromium driven by playwright-core (tests/ui/ui_assess.cjs): ranking and
# chart as `kaohe assess show` has them, a region's explanation, an inputs
# file uploaded by the 考核组 (a bad one refused, nothing stored; a good one
# stored as version 2 and audited), a city officer's narrower view, a
# county officer told why the cities' ranking is empty for it, a
# phone. Screenshots in tests/out/ui/ (or $ARTIFACTS).
. "$TOP/tests/e2e/lib.sh"
D=$CASES/assess_hebei
DB="--db k.db"
S="--scheme hebei-city-2016 --year 2019 --level 市 --db k.db"
need_browser

expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
cp "$D/inputs.csv" inputs.csv
expect_exit 0 "$KAOHE" assess run $S --inputs inputs.csv --format json
cp out.txt show.json
expect_exit 0 "$KAOHE" assess explain 130100000000 $S --format json
cp out.txt explain.json
# the households the CLI lists under 贫困发生率 of 甲市
expect_exit 0 "$KAOHE" assess explain 130100000000 $S --all
HH_LIST=$(python3 - <<'PY'
lines = open("out.txt", encoding="utf-8").read().split("\n")
i = next(k for k, l in enumerate(lines) if l.strip().startswith("集中考核/减贫成效/贫困发生率：得"))
i = next(k for k in range(i, len(lines)) if "计入分子的户" in lines[k])
out = []
for l in lines[i + 1:]:
    if not l.startswith("        ") or l.strip().startswith("…"):
        break
    out.append(l.strip().split("\t")[0])
print(",".join(out))
PY
)
[ -n "$HH_LIST" ] || fail "the CLI lists households under 贫困发生率"
sed 's/^130200000000,乙市,8,/130200000000,乙市,,/' inputs.csv > miss.csv
expect_exit 0 "$KAOHE" review --year 2019 $DB
[ "$(sqlite3 k.db "select count(*) from review where flagged <> 0")" -gt 0 ] ||
    fail "the review finds something"
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'group-pass-2020' | expect_exit 0 "$KAOHE" user add 考核 \
    --role 考核组 --password-stdin $DB
echo 'city1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲市员 \
    --role 市级 --region 130100000000 --password-stdin $DB
echo 'county1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲一县员 \
    --role 县级 --region 130101000000 --password-stdin $DB

serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"

# 甲市's findings by kind, from the database: households with each code
UI_FINDINGS=$(sqlite3 k.db "with recursive k(c) as (select 0 union all
    select c + 1 from k where c < 15) select count(*) from review r
    join household h on h.id = r.household, k where h.village like '1301%'
    and (r.flagged >> k.c) & 1 group by k.c order by 1 desc" | python3 -c "import sys, json; print(json.dumps([int(x) for x in sys.stdin.read().split()], separators=(',', ':')))")
sj() { python3 -c "import json; d = json.load(open('$1', encoding='utf-8')); print($2)"; }
export URL TOP UI_USER=考核 UI_PASS=group-pass-2020 \
    ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui} \
    UI_RANKED=$(sj show.json 'len(d["regions"])') \
    UI_FIRST_NAME=$(sj show.json 'd["regions"][0]["name"]') \
    UI_FIRST_TOTAL=$(sj show.json '"%.2f" % d["regions"][0]["total"]') \
    UI_FIRST_GRADE=$(sj show.json 'd["regions"][0]["grade"]') \
    UI_EXPLAIN_NAME=$(sj explain.json 'd["name"]') \
    UI_EXPLAIN_ITEMS=$(sj explain.json 'len(d["items"])') \
    UI_HH_ITEM=集中考核/减贫成效/贫困发生率 UI_HH_LIST=$HH_LIST \
    UI_BAD_INPUTS=$PWD/miss.csv UI_GOOD_INPUTS=$PWD/inputs.csv \
    UI_CITY_USER=甲市员 UI_CITY_PASS=city1-pass-2020 UI_CITY_NAME=甲市 \
    UI_COUNTY_USER=甲一县员 UI_COUNTY_PASS=county1-pass-2020 \
    UI_FINDINGS=$UI_FINDINGS
node "$TOP/tests/ui/ui_assess.cjs" || fail "browser test"
for f in assess assess-explain assess-error assess-v2 assess-phone assess-city; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
[ "$(sqlite3 k.db "select group_concat(version) from assess_run")" = "1,2" ] ||
    fail "the bad upload stored nothing, the good one version 2"
[ "$(sqlite3 k.db "select who || ':' || outcome from audit where action = 'assessment.run'")" = "考核:ok" ] ||
    fail "the upload audited"
exit 0
