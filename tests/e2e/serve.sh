# kaohe serve and its JSON API, driven with curl against a server started
# here on a free port of 127.0.0.1, on a generated county of two townships:
# the first-run refusal (no administrator), login and the cookie's flags,
# forged and expired sessions, CSRF refusal, lockout after failed logins,
# 404 (as if absent) for another township's household (and its audit row), masking and
# audited unmasking, search and pagination checked against the database,
# SQL injection, path traversal, oversized and bad bodies refused with
# nothing changed, a problem taken to 销号 by a second user, a 责任单位
# user seeing only its problems, the audit log's readers, logout, and the
# SIGTERM stop (exit 0, every request logged, no ID number in the log).
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"

expect_exit 0 "$KAOHE" gen --persons 2000 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
T1=530121101000 T2=530121102000 COUNTY=530121000000
[ "$(sqlite3 k.db "select count(*) from region where level = 4")" = 2 ] ||
    fail "the generated county has two townships"

# First run: no administrator with a password, no server; no default
# password anywhere.
expect_exit 2 "$KAOHE" serve $DB --listen 127.0.0.1:0
grep -q "password-stdin" err.txt || fail "first run says how to add the admin"
expect_exit 0 "$KAOHE" user add 甲 --role 乡级 --region $T1 $DB
echo 'short' | expect_exit 1 "$KAOHE" user add admin --role 系统管理员 \
    --password-stdin $DB
grep -q "too short" err.txt || fail "a short password refused"
[ "$(sqlite3 k.db "select count(*) from app_user where name = 'admin'")" = 0 ] ||
    fail "a refused user add leaves nothing"
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
sqlite3 k.db "select pw_hash from app_user where name = 'admin'" |
    grep -q '^\$argon2id\$' || fail "argon2id hash stored"
sqlite3 k.db "select pw_hash from app_user" | grep -q admin-pass &&
    fail "the password itself is stored"
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user passwd 甲 $DB
echo 'town2-pass-2020' | expect_exit 0 "$KAOHE" user add 乙 --role 乡级 \
    --region $T2 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 丙 --role 县级 \
    --region $COUNTY --password-stdin $DB
echo 'audit-pass-2020' | expect_exit 0 "$KAOHE" user add 丁 --role 审计 \
    --password-stdin $DB
echo 'dept-pass-2020' | expect_exit 0 "$KAOHE" user add 教育局 --role 责任单位 \
    --dept 县教育局 --password-stdin $DB
echo 'nope-pass-2020' | expect_exit 2 "$KAOHE" user passwd nobody $DB
[ "$(sqlite3 k.db "select group_concat(action) from audit")" = \
  "user.add,user.add,user.passwd,user.add,user.add,user.add,user.add" ] ||
    fail "user changes audited: $(sqlite3 k.db "select group_concat(action) from audit")"

# The server, on a port the system picks.
serve_start $DB --listen 127.0.0.1:0 --threads 3 --max-body 4096 \
    --max-upload 100000
API_HDR=1 AS_CSRF=1
JSON='Content-Type: application/json'

# 1. Login: a wrong password, then the right one; the cookie's flags.
api bad1 POST /api/login -H "$JSON" -d '{"user":"甲","password":"wrong-one-1"}'
want bad1 401
api nouser POST /api/login -H "$JSON" -d '{"user":"nobody","password":"x"}'
want nouser 401
[ "$(js bad1 'd["error"]["message"]')" = "$(js nouser 'd["error"]["message"]')" ] ||
    fail "unknown user and wrong password answer alike"
login 甲 town1-pass-2020
c=$(grep -i '^set-cookie:' login_甲.hdr)
echo "$c" | grep -Eq 'kh_session=[0-9a-f]{64};' || fail "256-bit token: $c"
echo "$c" | grep -q 'HttpOnly' || fail "cookie HttpOnly: $c"
echo "$c" | grep -q 'SameSite=Strict' || fail "cookie SameSite=Strict: $c"
echo "$c" | grep -q 'Max-Age=28800' || fail "cookie expires (8 h): $c"
tok=$(echo "$c" | sed 's/.*kh_session=\([0-9a-f]*\);.*/\1/')
[ "$(sqlite3 k.db "select count(*) from session where token_hash = '$tok'")" = 0 ] ||
    fail "the token itself is not stored"
[ "$(sqlite3 k.db "select count(*) from session where user = '甲'")" = 1 ] ||
    fail "one session stored"
[ "$(js login_甲 'len(d["csrf"])')" = 64 ] || fail "a CSRF token"
as 甲 me GET /api/me
want me 200
[ "$(js me 'd["user"], d["role"], d["region"]')" = "('甲', '乡级', '$T1')" ] ||
    fail "me: $(cat me.json)"
login 乙 town2-pass-2020
login 丙 county-pass-2020
login 丁 audit-pass-2020
login 教育局 dept-pass-2020
login admin admin-pass-2020

# 2. No session, a forged one, an expired one.
api anon GET /api/me
want anon 401
api forged GET /api/me -H "Cookie: kh_session=$(printf '%064d' 7)"
want forged 401
api forged2 GET /api/me -H "Cookie: kh_session=' OR 1=1 --"
want forged2 401
sqlite3 k.db "update session set expires_at = 1 where user = '乙'"
as 乙 expired GET /api/me
want expired 401
login 乙 town2-pass-2020

# 3. CSRF: a write without the token, or with another session's, is
# refused and changes nothing.
api nocsrf POST /api/logout -b 甲.jar -H "$JSON" -d '{}'
want nocsrf 403
[ "$(js nocsrf 'd["error"]["code"]')" = csrf ] || fail "csrf code"
api wrongcsrf POST /api/logout -b 甲.jar -H "$JSON" -d '{}' \
    -H "X-CSRF-Token: $(cat 乙.csrf)"
want wrongcsrf 403
as 甲 still GET /api/me
want still 200

# 4. Lockout: the standards' 5 attempts are free; the next waits (30 s,
# doubling), even with the right password, which is not looked at;
# audited.
k=1
while [ $k -le 5 ]; do
    api lock$k POST /api/login -H "$JSON" -d '{"user":"丙","password":"bad-bad-bad"}'
    want lock$k 401
    k=$((k + 1))
done
api lock6 POST /api/login -H "$JSON" -d '{"user":"丙","password":"county-pass-2020"}'
want lock6 429
js lock6 'd["error"]["message"]' | grep -q "秒后再试" || fail "wait told"
[ "$(sqlite3 k.db "select count(*) from audit where action = 'login' and who = '丙' and outcome = 'locked'")" = 1 ] ||
    fail "lockout audited"
[ "$(sqlite3 k.db "select count(*) from audit where action = 'login' and who = '丙' and outcome = 'failed'")" = 5 ] ||
    fail "failures audited"
# The session 丙 had before still works (lockout stops new logins only).
as 丙 c_me GET /api/me
want c_me 200

# 5. Scope: 甲 (township 1) asks for a household of township 2 by URL.
H2=$(sqlite3 k.db "select hh_id from household where village like '530121102%' order by hh_id limit 1")
H1=$(sqlite3 k.db "select hh_id from household where village like '530121101%' order by hh_id limit 1")
as 甲 other GET /api/households/2019/$H2
want other 404
[ "$(js other 'd["error"]["code"]')" = not_found ] || fail "out of scope: as absent"
grep -q "$H2" other.json && fail "nothing of the household in the refusal"
[ "$(sqlite3 k.db "select who, addr, action, outcome from audit where object = 'household/2019/$H2'")" = \
  "甲|127.0.0.1|household.read|denied" ] || fail "the refusal audited"
as 甲 other2 GET "/api/households?region=$T2"
want other2 404
as 甲 other3 GET "/api/regions?parent=$T2"
want other3 404
as 甲 other4 GET "/api/indicators?region=$T2"
want other4 404
as 乙 own GET /api/households/2019/$H2
want own 200
as 丙 county GET /api/households/2019/$H2
want county 200
as 教育局 deptdenied GET /api/households/2019/$H1
want deptdenied 404

# 6. The household: members, masking; unmasking allowed to 乡级 and
# audited with the number of records; refused to the administrator.
as 甲 hh GET /api/households/2019/$H1
want hh 200
nm=$(sqlite3 k.db "select members from household where year = 2019 and hh_id = '$H1'")
[ "$(js hh 'len(d["members"])')" = "$nm" ] || fail "all $nm members"
js hh 'd["masked"]' | grep -q True || fail "masked by default"
python3 - <<'PY' || fail "ID numbers and phones masked"
import json, re
d = json.load(open("hh.json", encoding="utf-8"))
for m in d["members"]:
    assert re.fullmatch(r"\*{14}[\dX]{4}", m["id_no"]), m["id_no"]
p = d["household"].get("phone")
assert p is None or re.fullmatch(r"\d{3}\*{4}\d{4}", p), p
h = d["household"].get("helper_id")
assert h is None or re.fullmatch(r"\*{14}[\dX]{4}", h), h
PY
ids=$(sqlite3 k.db "select group_concat(m.id_no) from member m join household h on h.id = m.household where h.year = 2019 and h.hh_id = '$H1' order by m.id")
for id in $(echo "$ids" | tr , ' '); do
    grep -q "$id" hh.json && fail "a whole ID number in the masked reply"
done
as 甲 hhu GET "/api/households/2019/$H1?unmask=1"
want hhu 200
[ "$(js hhu '",".join(m["id_no"] for m in d["members"])')" = "$ids" ] ||
    fail "unmasked: the stored ID numbers"
[ "$(sqlite3 k.db "select records from audit where action = 'household.unmask' and object = 'household/2019/$H1' and who = '甲'")" = $((nm + 1)) ] ||
    fail "unmasking audited with the record count"
as admin hha GET "/api/households/2019/$H1?unmask=1"
want hha 403
[ "$(sqlite3 k.db "select outcome from audit where action = 'household.unmask' and who = 'admin'")" = denied ] ||
    fail "a refused unmask audited"

# 7. Search and pagination, against the database.
tot=$(sqlite3 k.db "select count(*) from household where year = 2019 and village like '530121101%'")
as 甲 p1 GET "/api/households?per_page=50&page=1"
want p1 200
[ "$(js p1 'd["total"]')" = "$tot" ] || fail "total $tot"
[ "$(js p1 'len(d["households"])')" = 50 ] || fail "page of 50"
last=$(( (tot + 49) / 50 ))
as 甲 plast GET "/api/households?per_page=50&page=$last"
want plast 200
[ "$(js plast 'len(d["households"])')" = $((tot - 50 * (last - 1))) ] ||
    fail "last page"
as 甲 p2 GET "/api/households?per_page=50&page=2"
python3 - <<PY || fail "pages in order, disjoint, all in township 1"
import json, sqlite3
a = json.load(open("p1.json", encoding="utf-8"))["households"]
b = json.load(open("p2.json", encoding="utf-8"))["households"]
ids = [(h["village"], h["hh_id"]) for h in a + b]
assert [v for v, _ in ids] == sorted(v for v, _ in ids) and len(set(ids)) == 100
assert all(v.startswith("530121101") for v, _ in ids)
db = sqlite3.connect("k.db")
want = db.execute("select village, hh_id from household where year = 2019"
                  " and village like '530121101%' order by village, id"
                  " limit 100").fetchall()
assert ids == [tuple(r) for r in want]
PY
as 甲 pbeyond GET "/api/households?per_page=50&page=$((last + 1))"
[ "$(js pbeyond 'len(d["households"])')" = 0 ] || fail "beyond the end: empty"
for bad in "per_page=0" "per_page=201" "page=0" "page=-1" "page=x" "year=abc"; do
    as 甲 pbad GET "/api/households?$bad"
    want pbad 400
done
# By ID number, by 户编号, by name.
row=$(sqlite3 k.db "select m.id_no, h.hh_id, m.name from member m join household h on h.id = m.household where h.year = 2019 and h.village like '530121101%' order by m.id limit 1 offset 17")
id=${row%%|*}; rest=${row#*|}; hh=${rest%%|*}; name=${rest#*|}
as 甲 byid GET "/api/households?q=$id"
[ "$(js byid 'd["total"], d["households"][0]["hh_id"]')" = "(1, '$hh')" ] ||
    fail "by ID number: $(cat byid.json)"
as 乙 byid2 GET "/api/households?q=$id"
[ "$(js byid2 'd["total"]')" = 0 ] || fail "another township's person not found"
as 甲 byhh GET "/api/households?q=$hh"
[ "$(js byhh 'd["total"]')" = 1 ] || fail "by 户编号"
as 甲 byname GET /api/households --get --data-urlencode "q=$name"
want byname 200
js byname '[h["hh_id"] for h in d["households"]]' | grep -q "$hh" ||
    fail "by name"
grep -q "$id" srv.log && fail "query strings (ID numbers) are not logged"

# 8. SQL injection and path traversal: refused or harmless, nothing changed.
before=$(dump k.db | grep -v -e 'INSERT INTO audit' -e 'INSERT INTO session' -e 'INSERT INTO login_fail' | md5sum)
as 甲 inj1 GET /api/households --get --data-urlencode "q=' OR 1=1 --"
want inj1 200
[ "$(js inj1 'd["total"]')" = 0 ] || fail "injection in q matches nothing"
as 甲 inj2 GET /api/households --get --data-urlencode "region=$T1' OR '1'='1"
want inj2 400
as 甲 inj3 GET "/api/households/2019/x'%20OR%20'1'='1"
want inj3 404
as 甲 inj4 GET "/api/households/2019;DROP%20TABLE%20household/x"
want inj4 400
api inj5 POST /api/login -H "$JSON" -d "{\"user\":\"admin' --\",\"password\":\"x\"}"
want inj5 401
for p in "/api/../../etc/passwd" "/api/households/..%2F..%2Fetc%2Fpasswd" \
    "/api/%2e%2e/%2e%2e/etc/passwd" "/../../../etc/passwd" "/api/households/2019/../../../etc/passwd"; do
    as 甲 trav GET "$p" --path-as-is
    code=$(cat trav.code)
    [ "$code" = 404 ] || [ "$code" = 400 ] || fail "traversal $p: $code"
    grep -q "root:" trav.json && fail "traversal $p read a file"
done
after=$(dump k.db | grep -v -e 'INSERT INTO audit' -e 'INSERT INTO session' -e 'INSERT INTO login_fail' | md5sum)
[ "$before" = "$after" ] || fail "the attempts changed the database"

# 9. Bodies: too large, not JSON, not an object, wrong type.
python3 -c 'print("{\"user\":\"" + "x" * 10000 + "\",\"password\":\"y\"}")' > big.json
api big POST /api/login -H "$JSON" --data-binary @big.json
want big 413
api badjson POST /api/login -H "$JSON" -d '{"user": "甲", "password": '
want badjson 400
api arr POST /api/login -H "$JSON" -d '["甲", "x"]'
want arr 400
api dup POST /api/login -H "$JSON" -d '{"user":"甲","user":"乙","password":"x"}'
want dup 400
api form POST /api/login -d 'user=甲&password=town1-pass-2020'
want form 415
as 甲 badutf GET "/api/households?region=%ff%fe"
want badutf 400
js badutf 'd["error"]["code"]' | grep -q . || fail "an error for bytes that are not UTF-8"
api crlf GET "/api/x%0d%0aforged%20log%20line" -b 甲.jar
want crlf 404
grep -q "^forged log line" srv.log && fail "a request forged a log line"
api meth DELETE /api/me -b 甲.jar
want meth 405
api nf GET /api/nothing -b 甲.jar
want nf 404

# 10. A problem in township 1 taken to 销号 by a second user.
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region 530121101201 \
    --source 暗访 --category 基层基础工作不扎实 --text "帮扶手册填写不全" \
    --date 2020-05-03 $DB
P=$(sqlite3 k.db "select max(id) from problem")
as 甲 plist GET /api/problems
[ "$(js plist '[p["id"] for p in d["problems"]]')" = "[$P]" ] || fail "甲 sees it"
as 乙 plist2 GET /api/problems
[ "$(js plist2 'len(d["problems"])')" = 0 ] || fail "乙 does not"
as 乙 pget2 GET /api/problems/$P
want pget2 404
[ "$(sqlite3 k.db "select outcome from audit where who = '乙' and object = 'problem/$P'")" = denied ] ||
    fail "乙's attempt audited"
as 乙 pact2 POST /api/problems/$P/progress -H "$JSON" -d '{"note":"x"}'
want pact2 404
# A plan with a bad deadline changes nothing.
pbefore=$(sqlite3 k.db "select * from problem where id = $P")
as 甲 badplan POST /api/problems/$P/plan -H "$JSON" \
    -d '{"measures":"逐户核对","deadline":"2020-02-30"}'
want badplan 422
[ "$(sqlite3 k.db "select * from problem where id = $P")" = "$pbefore" ] ||
    fail "a refused plan changes nothing"
as 甲 early POST /api/problems/$P/progress -H "$JSON" -d '{"note":"开始"}'
want early 422
as 甲 plan POST /api/problems/$P/plan -H "$JSON" \
    -d '{"measures":"逐户核对帮扶手册","lead_dept":"县扶贫办","units":["县教育局","陇洪镇"],"deadline":"2099-07-31","person":"张三"}'
want plan 200
[ "$(js plan 'd["problem"]["lead_dept"], d["problem"]["units"]')" = "('县扶贫办', '县教育局、陇洪镇')" ] ||
    fail "plan stored: $(cat plan.json)"
[ "$(js plan 'd.get("warnings")')" = None ] || fail "a plan in order: no warning"
# A deadline already past and stages in reverse: saved, with warnings
# (issue 15), as the command line warns.
as 甲 planw POST /api/problems/$P/plan -H "$JSON" \
    -d '{"deadline":"2020-01-31","stages":["2099-03-01","2099-02-01","2099-04-01"]}'
want planw 200
[ "$(js planw '[w["code"] for w in d["warnings"]]')" = "['past_deadline', 'stages_reversed']" ] ||
    fail "the plan's warnings: $(cat planw.json)"
js planw 'd["warnings"][0]["message"]' | grep -q "^整改时限 2020-01-31 在制定方案时已过" ||
    fail "the warning in words: $(cat planw.json)"
[ "$(sqlite3 k.db "select deadline from problem where id = $P")" = 2020-01-31 ] ||
    fail "a warned plan is saved"
as 甲 plan2 POST /api/problems/$P/plan -H "$JSON" \
    -d '{"deadline":"2099-07-31","stages":["2099-02-01","2099-03-01","2099-04-01"]}'
want plan2 200
[ "$(js plan2 'd.get("warnings")')" = None ] || fail "in order again: no warning"
as 甲 prog POST /api/problems/$P/progress -H "$JSON" -d '{"note":"已核对 120 户"}'
want prog 200
[ "$(js prog 'd["problem"]["status"]')" = 整改中 ] || fail "整改中"
as 甲 req0 POST /api/problems/$P/request -H "$JSON" -d '{}'
want req0 422
head -c 5000 /dev/urandom > ev.bin
as 甲 evbad POST "/api/problems/$P/evidence?name=../../etc/x" \
    -H 'Content-Type: application/octet-stream' --data-binary @ev.bin
want evbad 400
head -c 200000 /dev/urandom > evbig.bin
as 甲 evbig POST "/api/problems/$P/evidence?name=big.bin" \
    -H 'Content-Type: application/octet-stream' --data-binary @evbig.bin
want evbig 413
as 甲 ev POST "/api/problems/$P/evidence?name=核对表.bin" \
    -H 'Content-Type: application/octet-stream' --data-binary @ev.bin
want ev 200
[ "$(js ev 'd["sha256"]')" = "$(sha256sum ev.bin | cut -d' ' -f1)" ] ||
    fail "evidence hash"
[ "$(sqlite3 k.db "select hex(data) from evidence where problem = $P")" = \
  "$(od -An -tx1 -v ev.bin | tr -d ' \n' | tr a-f A-F)" ] ||
    fail "evidence stored byte for byte"
as 甲 req POST /api/problems/$P/request -H "$JSON" -d '{"note":"请核验"}'
want req 200
[ "$(js req 'd["problem"]["status"]')" = 申请销号 ] || fail "申请销号"
as 甲 self POST /api/problems/$P/verify -H "$JSON" -d '{}'
want self 403
as 教育局 deptlist GET /api/problems
[ "$(js deptlist '[p["id"] for p in d["problems"]]')" = "[$P]" ] ||
    fail "the 责任单位 sees its problem"
as 教育局 deptv POST /api/problems/$P/verify -H "$JSON" -d '{}'
want deptv 403
as 丙 ver POST /api/problems/$P/verify -H "$JSON" -d '{"note":"抽查 10 户属实"}'
want ver 200
[ "$(js ver 'd["problem"]["status"]')" = 已销号 ] || fail "已销号"
E=$(sqlite3 k.db "select id from evidence where problem = $P")
as 丙 dl GET /api/problems/$P/evidence/$E
want dl 200
cmp -s dl.json ev.bin || fail "evidence downloaded byte for byte"
grep -qi "^content-disposition: attachment; filename\*=UTF-8''%E6%A0%B8" dl.hdr ||
    fail "download named: $(grep -i disposition dl.hdr)"
as 乙 dl2 GET /api/problems/$P/evidence/$E
want dl2 404
as 丙 dl3 GET /api/problems/$P/evidence/999
want dl3 404
[ "$(sqlite3 k.db "select who || ':' || records from audit where action = 'problem.evidence.download'")" = "丙:1" ] ||
    fail "the download audited"
as 丙 pget GET /api/problems/$P
want pget 200
[ "$(js pget '",".join(e["action"] for e in d["problem"]["history"])')" = \
  "add,plan,plan,plan,progress,evidence,request,verify" ] || fail "history"
[ "$(js pget 'd["problem"]["history"][0]["from"]')" = None ] ||
    fail "no status before the problem's creation"
[ "$(sqlite3 k.db "select group_concat(action || ':' || who) from (select * from audit where object = 'problem/$P' and outcome = 'ok' order by id)")" = \
  "problem.plan:甲,problem.plan:甲,problem.plan:甲,problem.progress:甲,problem.evidence:甲,problem.request:甲,problem.verify:丙" ] ||
    fail "every write audited: $(sqlite3 k.db "select group_concat(action || ':' || who) from audit where object = 'problem/$P'")"
python3 - <<PY || fail "audit before and after"
import json, sqlite3
db = sqlite3.connect("k.db")
b, a = db.execute("select before, after from audit where object = 'problem/$P'"
                  " and action = 'problem.verify' and outcome = 'ok'").fetchone()
assert json.loads(b)["status"] == "申请销号", b
assert json.loads(a)["status"] == "已销号", a
PY

# 11. The audit log: 审计 reads it, a township officer may not; it cannot
# be changed.
as 丁 aud GET "/api/audit?per_page=5"
want aud 200
[ "$(js aud 'len(d["entries"])')" = 5 ] || fail "a page of the audit log"
[ "$(js aud 'd["total"]')" = "$(sqlite3 k.db "select count(*) - 1 from audit")" ] ||
    fail "audit total (before the read's own entry)"
[ "$(sqlite3 k.db "select who || ':' || records from audit where action = 'audit.read' order by id desc limit 1")" = "丁:5" ] ||
    fail "reading the audit log audited"
[ "$(js aud 'd["entries"][0]["id"] > d["entries"][1]["id"]')" = True ] ||
    fail "newest first"
as 甲 aud2 GET /api/audit
want aud2 403
sqlite3 k.db "delete from audit" 2>/dev/null && fail "audit rows deleted"
sqlite3 k.db "update audit set who = 'x'" 2>/dev/null && fail "audit rows changed"
expect_exit 0 "$KAOHE" audit list --action household.read --outcome denied $DB
grep -q "$H2" out.txt || fail "kaohe audit list finds the refusal"
expect_exit 0 "$KAOHE" audit export -o audit.csv $DB
head -c 200 audit.csv | grep -q "导出人" || fail "the export names who made it"
[ "$(sqlite3 k.db "select records from audit where action = 'audit.export'")" -gt 30 ] ||
    fail "the export audited with its count"

# 12. Indicators within scope, against the database.
as 甲 ind GET "/api/indicators?names=households"
want ind 200
[ "$(js ind 'd["region"]["code"], d["region"]["indicators"]["households"]["num"]')" = \
  "('$T1', $tot)" ] || fail "the township's households"
[ "$(js ind 'sum(r["indicators"]["households"]["num"] for r in d["regions"])')" = "$tot" ] ||
    fail "its villages add up"

# 13. 20 writers at once, 5 updates each, on one problem: none refused,
# none lost, each with its audit entry.
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region 530121101202 \
    --source 督查 --category 基层基础工作不扎实 --text "并发" $DB
Q=$(sqlite3 k.db "select max(id) from problem")
as 甲 qplan POST /api/problems/$Q/plan -H "$JSON" \
    -d '{"measures":"m","lead_dept":"县扶贫办","deadline":"长期坚持"}'
want qplan 200
w=1
while [ $w -le 20 ]; do
    (for i in 1 2 3 4 5; do
        curl -s -o /dev/null -w '%{http_code}\n' -b 甲.jar \
            -H "X-CSRF-Token: $(cat 甲.csrf)" -H "$JSON" \
            -d "{\"note\":\"w$w-$i\"}" "$URL/api/problems/$Q/progress"
    done) > writer$w.codes &
    writers="${writers:-} $!"
    w=$((w + 1))
done
wait $writers
[ "$(cat writer*.codes | sort | uniq -c | tr -s ' ')" = " 100 200" ] ||
    fail "20 writers: $(cat writer*.codes | sort | uniq -c)"
[ "$(sqlite3 k.db "select count(distinct note) from problem_event where problem = $Q and action = 'progress'")" = 100 ] ||
    fail "no update lost"
[ "$(sqlite3 k.db "select count(*) from audit where object = 'problem/$Q' and action = 'problem.progress'")" = 100 ] ||
    fail "every update audited"

# 14. Logout ends the session.
as 甲 out POST /api/logout -H "$JSON" -d '{}'
want out 200
grep -i '^set-cookie:' out.hdr | grep -q 'Max-Age=0' || fail "cookie cleared"
as 甲 gone GET /api/me
want gone 401

# 15. SIGTERM: stops, exit 0, one log line per request.
trap - EXIT
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 0 ] || { cat srv.log >&2; fail "exit $rc after SIGTERM"; }
grep -q "stopped" srv.log || fail "stop logged"
nreq=$(ls *.code | wc -l)
[ "$(grep -c ' /api/\| /\.\./' srv.log)" -ge "$nreq" ] ||
    fail "one log line per request"
for id in $(echo "$ids" | tr , ' '); do
    grep -q "$id" srv.log && fail "an ID number in the log"
done
exit 0
