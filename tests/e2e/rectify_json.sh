# rectify_json.sh - `kaohe rectify list --format json` writes each problem
# as GET /api/problems does (kh_problem_json, the one rendering): for the
# same database and day the two objects of every problem are equal — a
# generated problem, one with a plan (units, a long-term deadline,
# stages, progress), one with a recheck, one closed — and a 举一反三 peer
# is named in "peers".
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review
DB="--db k.db"
{ cat "$D/regions.csv"; echo "533199000000,邻县,533100000000,县,,,,,"; } > regions.csv
expect_exit 0 "$KAOHE" import regions regions.csv $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
expect_exit 0 "$KAOHE" user add 张三 --role 县级 --region 533124000000 $DB
expect_exit 0 "$KAOHE" user add 李四 --role 考核组 $DB
export KAOHE_USER=张三
expect_exit 0 "$KAOHE" rectify generate --year 2019 $DB
expect_exit 0 "$KAOHE" rectify add --region 533199000000 --category 扶贫措施不精准 \
    --text "邻县的问题" --date 2020-01-10 --source 督查 $DB
expect_exit 0 "$KAOHE" rectify plan 1 --measures "逐户核实，补齐台账" --lead 县扶贫办 \
    --unit 各乡镇 --unit 县民政局 --deadline 长期坚持 --person 县扶贫办主任 \
    --stages 2020-02-01,2020-04-01,2020-06-01 $DB
expect_exit 0 "$KAOHE" rectify progress 1 --note "已核实 3 户" $DB
expect_exit 0 "$KAOHE" rectify plan 2 --measures 补发 --lead 县民政局 --deadline 2020-03-31 $DB
expect_exit 0 "$KAOHE" rectify progress 2 --note 补发中 $DB
echo 补发名单 > 名单.txt
expect_exit 0 "$KAOHE" rectify request-close 2 --evidence 名单.txt --note 已补发 $DB
KAOHE_USER=李四 expect_exit 0 "$KAOHE" rectify verify 2 --note 核实 $DB
expect_exit 0 "$KAOHE" rectify recheck --year 2019 $DB
# the same reader as the API's below (admin): the same problems
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify list --format json $DB
cp out.txt cli.json
KAOHE_USER=李四 expect_exit 0 "$KAOHE" rectify list --region 533124000000 --peers --format json $DB
cp out.txt peers.json
unset KAOHE_USER

serve_start --db k.db --listen 127.0.0.1:0
login admin admin-pass-2020
as admin api GET "/api/problems?limit=1000"
want api 200
python3 - <<'PY' || fail "CLI and API JSON differ"
import json
cli = json.load(open("cli.json", encoding="utf-8"))
api = json.load(open("api.json", encoding="utf-8"))
c = {p["id"]: p for p in cli["problems"]}
a = {p["id"]: p for p in api["problems"]}
assert len(c) >= 4 and set(c) == set(a), (sorted(c), sorted(a))
for i in c:
    assert c[i] == a[i], (i, c[i], a[i])
# what the test means to cover is there
assert c[1]["long_term"] is True and c[1]["units"] and c[1]["stages"][0], c[1]
assert c[2]["status"] == "已销号" and c[2]["closed_at"], c[2]
assert any("recheck" in p for p in c.values()), "a recheck"
assert cli["peers"] == [], cli["peers"]
p = json.load(open("peers.json", encoding="utf-8"))
peer = [x["id"] for x in p["problems"] if x["region"] == "533199000000"]
assert peer and p["peers"] == peer, p["peers"]
PY
exit 0
