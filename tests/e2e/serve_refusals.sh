# Every refusal is audited, and scope is not an oracle (docs/http-api.md,
# "Security"): each kind of refusal the review of issue 17 found without
# an audit row — a CSRF 403, the 403 of /api/indicators, /api/problems and
# /api/assessments for 第三方评估, 牵头部门 and an unbound 县级 user, the
# 429 of a locked account, the 422 of verifying one's own 销号, the 404 on
# another user's import job — and the others (401 without a session, a
# 404 on a household, a 409 stale edit, a 422 of a rule, a 403 of a role)
# writes exactly one audit entry with the user (or the name tried), the
# address, and the route or record and the reason. A household of another
# township and one that does not exist get the same 404, byte for byte,
# audited apart (the reason kept). The database after all the attempts is
# the one before, apart from the audit log, sessions and login counters.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
JSON='Content-Type: application/json'

expect_exit 0 "$KAOHE" gen --persons 2000 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
T1=530121101000 T2=530121102000
add() { # NAME ROLE [REGION]
    set -- "$1" --role "$2" ${3:+--region "$3"}
    echo "$1-pass-2020x" | expect_exit 0 "$KAOHE" user add "$@" \
        --password-stdin $DB
}
add admin 系统管理员
add 甲 乡级 $T1
add 丙 县级 530121000000
add 评估 第三方评估
add 教育局 牵头部门
add 县无 县级
add 审 审计
add 戊 乡级 $T1
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region 530121101201 \
    --source 暗访 --category 基层基础工作不扎实 --text "帮扶手册填写不全" \
    --date 2020-05-03 $DB
P=$(sqlite3 k.db "select max(id) from problem")
H1=$(sqlite3 k.db "select hh_id from household where village like '530121101%' order by hh_id limit 1")
H2=$(sqlite3 k.db "select hh_id from household where village like '530121102%' order by hh_id limit 1")
[ -n "$H1" ] && [ -n "$H2" ] || fail "households in both townships"

serve_start $DB --listen 127.0.0.1:0 --threads 2
for u in admin 甲 丙 评估 教育局 县无 审; do login $u $u-pass-2020x; done
AS_CSRF=1
# 丙 (县级, who may verify) takes the problem to 申请销号 himself.
as 丙 plan POST /api/problems/$P/plan -H "$JSON" \
    -d '{"measures":"逐户核对","lead_dept":"县扶贫办","deadline":"2099-07-31"}'
want plan 200
as 丙 prog POST /api/problems/$P/progress -H "$JSON" -d '{"note":"已核对"}'
want prog 200
head -c 300 /dev/urandom > ev.bin
post 丙 ev "/api/problems/$P/evidence?name=ev.bin" ev.bin
want ev 200
as 丙 req POST /api/problems/$P/request -H "$JSON" -d '{"note":"请核验"}'
want req 200
# an import job of admin's
head -40 g/registry.csv > small.csv
post admin imp "/api/imports?year=2021&name=small.csv" small.csv
want imp 202
J=$(js imp 'd["id"]')
i=0
until as admin impd GET /api/imports/$J && [ "$(js impd 'd["phase"]')" = done ]; do
    i=$((i + 1)); [ $i -gt 300 ] && fail "import done"; sleep 0.1
done

# one edit, so that the version before it is stale
as 甲 hv GET /api/households/2019/$H1
V=$(js hv 'd["household"]["version"]')
as 甲 ed POST /api/households/2019/$H1 -H "$JSON" \
    -d "{\"version\":$V,\"household\":{\"helper\":\"王帮扶\"}}"
want ed 200

state() {
    sqlite3 k.db "pragma wal_checkpoint" > /dev/null
    dump k.db | grep -v -e 'INSERT INTO audit' -e 'INSERT INTO session' \
        -e 'INSERT INTO login_fail' | md5sum
}
before=$(state)
n_audit() { sqlite3 k.db "select count(*) from audit"; }
last() { sqlite3 k.db "select who || '|' || addr || '|' || action || '|' || ifnull(object, '') || '|' || outcome || '|' || ifnull(note, '') from audit order by id desc limit 1"; }
# refused NAME STATUS WHO PATTERN: the reply's status, one new audit
# entry, by WHO from 127.0.0.1, matching PATTERN (route, record, reason).
a0=$(n_audit)
refused() {
    want "$1" "$2"
    a1=$(n_audit)
    [ "$a1" = $((a0 + 1)) ] ||
        fail "$1: $((a1 - a0)) audit entries, want 1: $(last)"
    l=$(last)
    echo "$l" | grep -q "^$3|127.0.0.1|" || fail "$1: who and where: $l"
    echo "$l" | grep -q -- "$4" || fail "$1: want $4 in: $l"
    a0=$a1
}

# CSRF: without the token, with another session's
AS_CSRF= as 甲 c1 POST /api/logout -H "$JSON" -d '{}'
refused c1 403 甲 "POST /api/logout|denied|403 csrf"
AS_CSRF= as 甲 c2 POST /api/problems/$P/progress -H "$JSON" \
    -H "X-CSRF-Token: $(cat 丙.csrf)" -d '{"note":"x"}'
refused c2 403 甲 "403 csrf"
# the roles without regions or problems
for u in 评估 教育局 县无; do
    as $u i_$u GET /api/indicators
    refused i_$u 403 $u "GET /api/indicators|denied|403 role_denied"
    as $u a_$u GET /api/assessments
    refused a_$u 403 $u "GET /api/assessments|denied|403 role_denied"
done
for u in 评估 县无; do
    as $u p_$u GET /api/problems
    refused p_$u 403 $u "GET /api/problems|denied|403 role_denied"
done
# a locked account: 5 free attempts, then 429
for i in 1 2 3 4 5; do
    api f$i POST /api/login -H "$JSON" -d '{"user":"戊","password":"bad-bad-bad"}'
    refused f$i 401 戊 "|login|user/戊|failed|wrong password"
done
api f6 POST /api/login -H "$JSON" -d '{"user":"戊","password":"戊-pass-2020x"}'
refused f6 429 戊 "|login|user/戊|locked|429 login_locked"
# verifying one's own 销号
as 丙 self POST /api/problems/$P/verify -H "$JSON" -d '{}'
refused self 422 丙 "verify"
# another user's import job, and one that does not exist: one answer
as 甲 j1 GET /api/imports/$J
refused j1 404 甲 "GET /api/imports/$J|denied|404 import_missing"
as 甲 j2 GET /api/imports/999
refused j2 404 甲 "404 import_missing"
cmp -s j1.json j2.json || fail "another's job and none: the same reply"
# without a session
api n1 GET /api/households
refused n1 401 "" "GET /api/households|denied|401 login_required"
# a household of another township and one that does not exist
as 甲 h1 GET /api/households/2019/$H2
refused h1 404 甲 "household/2019/$H2|denied"
as 甲 h2 GET /api/households/2019/5301211019999999
refused h2 404 甲 "404 household_missing"
cmp -s h1.json h2.json || fail "out of scope and absent: not the same reply"
grep -q "$H2" h1.json && fail "nothing of the household in the reply"
as 甲 h3 GET /api/households/2019/$H2/history
refused h3 404 甲 "$H2"
cmp -s h1.json h3.json || fail "history: the same reply"
as 甲 pr GET /api/problems/999
refused pr 404 甲 "404"
# a stale edit (409), a rule (422), a role (403)
as 甲 e1 POST /api/households/2019/$H1 -H "$JSON" \
    -d "{\"version\":$V,\"household\":{\"helper\":\"过时\"}}"
refused e1 409 甲 "household/2019/$H1|conflict"
as 丙 r1 POST /api/problems/$P/plan -H "$JSON" -d '{"deadline":"2020-02-30"}'
refused r1 422 丙 "422"
as 审 r2 POST /api/households/2019/$H1 -H "$JSON" \
    -d "{\"version\":$((V + 1)),\"household\":{\"helper\":\"审计改\"}}"
refused r2 403 审 "household/2019/$H1|denied"
# a search by a whole ID number from a role that may not unmask
ID=$(sqlite3 k.db "select id_no from member limit 1")
as 审 s1 GET "/api/households?q=$ID"
refused s1 403 审 "household.search_id|households|denied"

[ "$(state)" = "$before" ] || fail "a refused attempt changed the database"
# the log of the audit log is audited, and its view masks for 审计
as 审 au GET "/api/audit?per_page=1000"
want au 200
[ "$(sqlite3 k.db "select who || '|' || action || '|' || records from audit order by id desc limit 1")" = \
  "审|audit.read|$(js au 'len(d["entries"])')" ] || fail "the read audited"
grep -q "$ID" au.json && fail "a whole ID number in 审计's view of the log"
exit 0
