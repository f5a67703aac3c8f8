# The browser UI (web/) served by kaohe serve, in headless Chromium driven
# by playwright-core (tests/ui/ui.cjs): a township officer logs in, sees
# the dashboard's figures (checked against the database) and charts,
# clicks a bar down to a village's households, searches and opens a
# household (masked), is refused another township's household, lists the
# problems and takes one through 整改 to 申请销号, which a county officer
# then verifies (销号); on a desktop and a phone screen. Screenshots in
# tests/out/ui/ (or $ARTIFACTS).
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
need_browser

expect_exit 0 "$KAOHE" gen --persons 1500 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
T1=530121101000
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region $T1 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 丙 --role 县级 \
    --region 530121000000 --password-stdin $DB
for r in 530121101201 530121101202 530121102201 530121102000; do
    KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region $r \
        --source 督查 --category 基层基础工作不扎实 --text "帮扶手册不全 $r" $DB
done
# problem 4 (township 2 itself) past its deadline: 逾期 on the board
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify plan 4 --deadline 2020-07-31 \
    --measures 补齐 $DB

serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"

# The static files: served with a strict policy; nothing outside web/.
curl -s -D h.txt -o index.html "$URL/"
grep -q '<main id="main">' index.html || fail "index.html served"
grep -qi "content-security-policy: default-src 'self'" h.txt || fail "CSP"
for p in /../Makefile /web/../Makefile /.gitignore /package.json \
    /node_modules/echarts/package.json "/%2e%2e/Makefile" /app.js/x; do
    code=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$URL$p")
    [ "$code" = 404 ] || fail "$p: $code"
done

q() { sqlite3 k.db "$1"; }
tok=$(curl -s -c a.jar -H 'Content-Type: application/json' \
    -d '{"user":"甲","password":"town1-pass-2020"}' "$URL/api/login")
inc=$(curl -s -b a.jar "$URL/api/indicators?names=incidence" |
    python3 -c 'import json,sys; i=json.load(sys.stdin)["region"]["indicators"]["incidence"]; print(i["num"], i["den"])')
# the exits and the findings of the township, as the API gives them
curl -s -b a.jar "$URL/api/indicators?names=exited_persons_year,plan_exit" > ex.json
curl -s -b a.jar "$URL/api/indicators" > all.json
UI_EXITS=$(python3 -c "import json; i = json.load(open('ex.json'))['region']['indicators']; print(json.dumps([[i['exited_persons_year']['num']], [i['plan_exit']['num']]], separators=(',', ':')))")
UI_FINDINGS=$(python3 -c "
import json
i = json.load(open('all.json'))['region']['indicators']
f = sorted(((v['num'], k) for k, v in i.items() if k.startswith('finding.') and v['num'] > 0), key=lambda x: -x[0])
print(json.dumps([n for n, k in f], separators=(',', ':')))")
# (no review here: no findings; tests/e2e/ui_assess.sh draws them)
HH=$(q "select hh_id from household where village like '530121101%' order by hh_id limit 1 offset 5")
export URL TOP UI_USER=甲 UI_PASS=town1-pass-2020 \
    ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui} \
    UI_HOUSEHOLDS=$(q "select count(*) from household where village like '530121101%'") \
    UI_PERSONS=$(q "select coalesce(sum(members), 0) from household where village like '530121101%'") \
    UI_INCIDENCE=$(node -e "const [n, d] = process.argv.slice(1).map(Number); console.log((100 * n / d).toFixed(2) + '%')" $inc) \
    UI_VILLAGES=$(q "select count(*) from region where parent = '$T1'") \
    UI_HH=$HH UI_EXITS=$UI_EXITS UI_FINDINGS=$UI_FINDINGS \
    UI_HH_MEMBERS=$(q "select members from household where hh_id = '$HH'") \
    UI_HH_IDS=$(q "select group_concat(id_no) from (select m.id_no from member m join household h on h.id = m.household where h.hh_id = '$HH' order by m.id)") \
    UI_OTHER_HH=$(q "select hh_id from household where village like '530121102%' limit 1") \
    UI_PROBLEMS=2 UI_PROBLEM_ID=1 UI_CHECKER=丙 UI_CHECKER_PASS=county-pass-2020 \
    UI_BOARD='{"未开始":[2,3],"整改中":[],"申请销号":[],"逾期":[4],"已销号":[1]}'
node "$TOP/tests/ui/ui.cjs" || fail "browser test"
for f in login dashboard households household denied problems \
    problem-requested problem-closed board phone; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
[ "$(q "select count(*) from audit where action = 'household.read' and outcome = 'denied' and who = '甲'")" = 1 ] ||
    fail "the refused household audited"
[ "$(q "select group_concat(action || ':' || who) from (select * from audit where object = 'problem/1' and outcome = 'ok' order by id)")" = \
  "problem.plan:甲,problem.progress:甲,problem.evidence:甲,problem.request:甲,problem.verify:丙" ] ||
    fail "the UI's writes audited: $(q "select group_concat(action || ':' || who) from audit where object = 'problem/1'")"
[ "$(q "select status from problem where id = 1")" = 3 ] || fail "stored 已销号"
[ "$(q "select who || ':' || records from audit where action = 'household.unmask'")" = "甲:$((UI_HH_MEMBERS + 1))" ] ||
    fail "the unmasking audited"
exit 0
