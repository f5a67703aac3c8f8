# scope_parity.sh - one rule of who may read what, for the command line
# and the server alike (issue 12): the use cases of src/app decide, the
# front ends only render. For a 乡级 user bound to one township:
# - the problem list: `rectify list --format json` and GET /api/problems
#   give the same problems (the township's) as the same objects, a quoted
#   ID number and phone masked in both;
# - one problem of the other township: `rectify show` and GET
#   /api/problems/ID are both refused, each audited once as problem.read
#   (the command line showed any problem to anyone before);
# - a household's history out of scope: one audit row, not two;
# - `kaohe indicators` gives the township (as GET /api/indicators does,
#   object for object) and refuses the other township, audited as
#   indicators.read; a 牵头部门 (no region) is refused; the console's
#   operator still reads every region;
# - `kaohe diff` compares the township (what the operator gets with
#   --region) and refuses the other township, audited as diff.read.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
T1=530121101000 T2=530121102000
expect_exit 0 "$KAOHE" gen --persons 2000 --out g
expect_exit 0 "$KAOHE" gen --persons 2000 --year 2020 --out g2
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" import registry g2/registry.csv --year 2020 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
add() { # NAME ROLE [REGION]
    set -- "$1" --role "$2" ${3:+--region "$3"}
    echo "$1-pass-2020x" | expect_exit 0 "$KAOHE" user add "$@" \
        --password-stdin $DB
}
add admin 系统管理员
add 甲 乡级 $T1
add 教育局 牵头部门
q() { sqlite3 k.db "$1"; }
V1=$(q "select code from region where code like '530121101%' and level = 5 order by code limit 1")
V2=$(q "select code from region where code like '530121102%' and level = 5 order by code limit 1")
[ -n "$V1" ] && [ -n "$V2" ] || fail "a village in each township"
ID=$(q "select id_no from member where length(id_no) = 18 limit 1")
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region "$V1" --source 暗访 \
    --category 基层基础工作不扎实 --text "户主 $ID 电话 13812345678 未核实" \
    --date 2020-05-03 $DB
P1=$(q "select max(id) from problem")
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region "$V2" --source 暗访 \
    --category 基层基础工作不扎实 --text "帮扶手册填写不全" --date 2020-05-04 $DB
P2=$(q "select max(id) from problem")
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify plan "$P1" --measures 逐户核对 \
    --lead 县扶贫办 --deadline 2099-07-31 $DB
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify progress "$P1" \
    --note "核实 $ID 的户" $DB
H2=$(q "select hh_id from household where year = 2019 and village like '530121102%' order by hh_id limit 1")
[ -n "$H2" ] || fail "a household of the other township"

# the command line, as 甲
KAOHE_USER=甲 expect_exit 0 "$KAOHE" rectify list --format json $DB
cp out.txt cli_list.json
KAOHE_USER=甲 expect_exit 0 "$KAOHE" indicators --year 2019 --format json $DB
cp out.txt cli_ind.json
expect_exit 0 "$KAOHE" indicators --year 2019 --format json $DB
cp out.txt op_ind.json
KAOHE_USER=甲 expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --format json $DB
cp out.txt cli_diff.json
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --region $T1 --format json $DB
cp out.txt op_diff.json
cmp -s cli_diff.json op_diff.json || fail "甲's diff is not the township's"
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --format json $DB
cmp -s out.txt cli_diff.json && fail "the operator's diff is every region's"

n_audit() { q "select count(*) from audit where $1"; }
# refusals of the command line, each audited once
KAOHE_USER=甲 expect_exit 1 "$KAOHE" rectify show "$P2" $DB
[ "$(n_audit "who = '甲' and action = 'problem.read' and object = 'problem/$P2' and outcome = 'denied'")" = 1 ] ||
    fail "rectify show out of scope audited"
grep -q 帮扶手册 out.txt && fail "nothing of the problem shown"
KAOHE_USER=甲 expect_exit 0 "$KAOHE" rectify show "$P1" $DB
grep -q 13812345678 out.txt && fail "the phone whole in 甲's show"
grep -q "$ID" out.txt && fail "the ID number whole in 甲's show"
grep -q "未核实" out.txt || fail "the problem shown: $(cat out.txt)"
grep -q "核实 .* 的户" out.txt || fail "the history shown: $(cat out.txt)"
KAOHE_USER=甲 expect_exit 0 "$KAOHE" rectify show "$P1" --unmask $DB
grep -q "$ID" out.txt || fail "乡级 may unmask ([web] unmask_roles)"
# 系统管理员 sees every problem but may not unmask
KAOHE_USER=admin expect_exit 1 "$KAOHE" rectify show "$P1" --unmask $DB
grep -q unmask_denied err.txt || grep -q 未脱敏 err.txt ||
    fail "--unmask of a role that may not: $(cat err.txt)"
[ "$(n_audit "who = 'admin' and action = 'problem.read' and note = 'unmask_denied'")" = 1 ] ||
    fail "the unmasking refused audited"
expect_exit 0 "$KAOHE" rectify show "$P2" $DB
grep -q 帮扶手册 out.txt || fail "the operator shows every problem"
KAOHE_USER=甲 expect_exit 1 "$KAOHE" indicators --year 2019 --region $T2 $DB
[ "$(n_audit "who = '甲' and action = 'indicators.read' and object = 'indicators/2019/$T2' and outcome = 'denied'")" = 1 ] ||
    fail "indicators of the other township audited"
KAOHE_USER=甲 expect_exit 1 "$KAOHE" indicators explain $T2 households --year 2019 $DB
[ "$(n_audit "who = '甲' and action = 'indicators.read' and object = 'indicators/2019/$T2'")" = 2 ] ||
    fail "indicators explain of the other township audited"
KAOHE_USER=教育局 expect_exit 1 "$KAOHE" indicators --year 2019 $DB
grep -q role_denied err.txt || grep -q 不能查看指标 err.txt ||
    fail "a role without regions: $(cat err.txt)"
KAOHE_USER=甲 expect_exit 1 "$KAOHE" diff --from 2019 --to 2020 --region $T2 $DB
[ "$(n_audit "who = '甲' and action = 'diff.read' and outcome = 'denied'")" = 1 ] ||
    fail "diff of the other township audited"
KAOHE_USER=教育局 expect_exit 1 "$KAOHE" diff --from 2019 --to 2020 $DB
[ "$(n_audit "who = '教育局' and action = 'diff.read' and note = 'role_denied'")" = 1 ] ||
    fail "diff of a role without regions audited"

# the years' list: the roles of [web] year_roles only, as the server's
KAOHE_USER=甲 expect_exit 1 "$KAOHE" year list $DB
[ "$(n_audit "who = '甲' and action = 'year.list' and outcome = 'denied'")" = 1 ] ||
    fail "year list refused audited"
KAOHE_USER=admin expect_exit 0 "$KAOHE" year list --format json $DB
cp out.txt cli_years.json
expect_exit 0 "$KAOHE" year list $DB

serve_start $DB --listen 127.0.0.1:0 --threads 2
login 甲 甲-pass-2020x
as 甲 api_list GET "/api/problems"
want api_list 200
as 甲 api_ind GET "/api/indicators?year=2019&level=%E6%9D%91"
want api_ind 200
python3 - "$T1" "$ID" <<'PY' || fail "the CLI and the API differ"
import json, sys
t1, idno = sys.argv[1], sys.argv[2]
load = lambda n: json.load(open(n, encoding="utf-8"))
cli = {p["id"]: p for p in load("cli_list.json")["problems"]}
api = {p["id"]: p for p in load("api_list.json")["problems"]}
assert cli and set(cli) == set(api), (sorted(cli), sorted(api))
for i in cli:
    assert cli[i] == api[i], (i, cli[i], api[i])
    assert cli[i]["region"].startswith(t1[:9]), cli[i]["region"]
text = json.dumps(cli, ensure_ascii=False)
assert idno not in text and "13812345678" not in text, "masked"
ind = {g["code"]: g for g in load("cli_ind.json")["regions"]}
assert all(c.startswith(t1[:9]) for c in ind), sorted(ind)
assert t1 in ind, "the township itself"
web = load("api_ind.json")
assert web["region"]["code"] == t1, web["region"]["code"]
regions = [web["region"]] + web["regions"]
assert len(regions) > 2, len(regions)
for g in regions:
    assert g == ind[g["code"]], g["code"]
op = {g["code"] for g in load("op_ind.json")["regions"]}
assert set(ind) < op and "530121102000" in op, "the operator reads all"
PY

login admin admin-pass-2020x
as admin yl GET /api/years/info
want yl 200
python3 -c "import json; a = json.load(open('yl.json')); b = json.load(open('cli_years.json')); [y.pop('referred') for y in a['years']]; assert a == b, (a, b)" ||
    fail "year list: the API's is the CLI's"
as 甲 yd GET /api/years/info
want yd 403

# the server's refusals: each audited once
a0=$(n_audit "1")
as 甲 rg GET "/api/regions?parent=$T2"
want rg 404
[ "$(n_audit "1")" = $((a0 + 1)) ] || fail "regions refused: one audit row"
[ "$(q "select action || '|' || object from audit order by id desc limit 1")" = \
  "region.read|region/$T2" ] || fail "regions refusal audited as region.read"
login 教育局 教育局-pass-2020x
as 教育局 rd GET /api/regions
want rd 403
# what /api/me offers is what the use cases allow (kh_app_rights_of: the
# same rules), for each kind of user
for u in admin 甲 教育局; do
    as $u me_$u GET /api/me
    want me_$u 200
    for pair in problems:/api/problems years:/api/years/info \
        households:/api/households; do
        as $u try GET "${pair#*:}"
        code=$(cat try.code)
        may=$(js me_$u "d['may']['${pair%%:*}']")
        case "$may:$code" in
        True:200 | False:403) ;;
        *) fail "$u: may.${pair%%:*} $may but ${pair#*:} $code" ;;
        esac
    done
done
a0=$(n_audit "1")
as 甲 pr GET "/api/problems/$P2"
want pr 404
[ "$(n_audit "1")" = $((a0 + 1)) ] || fail "problem read refused: one audit row"
[ "$(q "select action || '|' || object || '|' || outcome from audit order by id desc limit 1")" = \
  "problem.read|problem/$P2|denied" ] || fail "problem read refusal audited as problem.read"
a0=$(n_audit "1")
as 甲 hi GET "/api/households/2019/$H2/history"
want hi 404
[ "$(n_audit "1")" = $((a0 + 1)) ] || fail "history refused: $(($(n_audit 1) - a0)) audit rows, want 1"
[ "$(q "select action || '|' || outcome from audit order by id desc limit 1")" = \
  "household.read|denied" ] || fail "history refusal audited as household.read"
a0=$(n_audit "1")
as 甲 ir GET "/api/indicators?year=2019&region=$T2"
want ir 404
[ "$(n_audit "1")" = $((a0 + 1)) ] || fail "indicators refused: one audit row"
[ "$(n_audit "who = '甲' and action = 'indicators.read' and object = 'indicators/2019/$T2'")" = 3 ] ||
    fail "the API's refusal audited as the CLI's"
exit 0
