# assess_scope.sh - the stored assessments read by one rule on both front
# ends (issue 12; kh_app_assess_read_may, kh_app_assess_keeps): a 市级
# user bound to one city gets from `kaohe assess show` what GET
# /api/assessments/… gives it (its city only, the same JSON), is refused
# `assess explain` of another city (exit 1) audited as the server audits
# it (assessment.read, the same object); a role without regions is
# refused `assess list|show`; the console's operator still reads every
# city. Before, the command line showed every city to anyone.
. "$TOP/tests/e2e/lib.sh"
D=$CASES/assess_hebei
DB="--db k.db"
S="--scheme hebei-city-2016 --year 2019 --level 市 --db k.db"
CITY1=130100000000 CITY2=130200000000
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" assess run $S --inputs "$D/inputs.csv"
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'city1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲市员 \
    --role 市级 --region $CITY1 --password-stdin $DB
expect_exit 0 "$KAOHE" user add 教育局 --role 责任单位 --dept 县教育局 $DB
q() { sqlite3 k.db "$1"; }

expect_exit 0 "$KAOHE" assess show $S --format json
cp out.txt op_show.json
KAOHE_USER=甲市员 expect_exit 0 "$KAOHE" assess show $S --format json
cp out.txt city_show.json
KAOHE_USER=甲市员 expect_exit 0 "$KAOHE" assess show $S
grep -q "$CITY2" out.txt && fail "another city in the city officer's text"
grep -q "$CITY1" out.txt || fail "its city in the text: $(cat out.txt)"
KAOHE_USER=甲市员 expect_exit 0 "$KAOHE" assess show $S --format csv
grep -q "$CITY2" out.txt && fail "another city in the city officer's CSV"
KAOHE_USER=甲市员 expect_exit 0 "$KAOHE" assess explain $CITY1 $S --format json
KAOHE_USER=甲市员 expect_exit 1 "$KAOHE" assess explain $CITY2 $S
[ "$(q "select who || '|' || outcome || '|' || object from audit
      where action = 'assessment.read' order by id desc limit 1")" = \
  "甲市员|denied|assessment/hebei-city-2016/2019/市/$CITY2" ] ||
    fail "the refusal audited as the server's"
KAOHE_USER=甲市员 expect_exit 1 "$KAOHE" assess show $CITY2 $S
KAOHE_USER=教育局 expect_exit 1 "$KAOHE" assess list $DB
grep -q role_denied err.txt || grep -q 不能查看综合评价 err.txt ||
    fail "a role without regions: $(cat err.txt)"
KAOHE_USER=教育局 expect_exit 1 "$KAOHE" assess show $S
expect_exit 0 "$KAOHE" assess list $DB

serve_start $DB --listen 127.0.0.1:0 --threads 2
login 甲市员 city1-pass-2020
as 甲市员 showc GET "/api/assessments/hebei-city-2016/2019/%E5%B8%82"
want showc 200
python3 - "$CITY1" <<'PY' || fail "the CLI and the API differ"
import json, sys
load = lambda n: json.load(open(n, encoding="utf-8"))
city, api, op = load("city_show.json"), load("showc.json"), load("op_show.json")
assert city == api, (city, api)
assert [g["code"] for g in city["regions"]] == [sys.argv[1]], city["regions"]
assert len(op["regions"]) == 3, "the operator reads every city"
PY
exit 0
