# Editing a household through kaohe serve (docs/http-api.md, "Editing a
# household"), with curl against a server started here: an edit passes
# the import's checks and is written with its audit entry (who, from
# where, which record, before and after) and the household's history; a
# bad value is refused (422) with the field and the reason in Chinese and
# English and nothing changed; another township's household (403,
# audited), a role that may not edit (403, audited), a stale version (409)
# and a missing CSRF token are refused with nothing changed; members added
# and removed; an ID number of another household refused; the year's
# revision is part of the data's fingerprint, so the indicators stored by
# `kaohe review` are not used after an edit (and the web's indicators
# change); 20 concurrent writers for a few seconds lose no update.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"

expect_exit 0 "$KAOHE" gen --persons 2000 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
T1=530121101000 T2=530121102000
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region $T1 --password-stdin $DB
echo 'town2-pass-2020' | expect_exit 0 "$KAOHE" user add 乙 --role 乡级 \
    --region $T2 --password-stdin $DB
echo 'audit-pass-2020' | expect_exit 0 "$KAOHE" user add 丁 --role 审计 \
    --password-stdin $DB

# Two households of the first township, one of the second.
HH=$(sqlite3 k.db "select hh_id from household where village like '530121101%'
    and members = 1 order by id limit 1")
HH2=$(sqlite3 k.db "select hh_id from household where village like '530121101%'
    and members >= 2 order by id limit 1")
OTHER=$(sqlite3 k.db "select hh_id from household where village like '530121102%'
    order by id limit 1")
[ -n "$HH" ] && [ -n "$HH2" ] && [ -n "$OTHER" ] || fail "households to edit"

serve_start $DB --listen 127.0.0.1:0 --threads 4
API_HDR=1 AS_CSRF=1
JSON='Content-Type: application/json'
edit() { # USER NAME HH BODY
    as "$1" "$2" POST "/api/households/2019/$3" -H "$JSON" -d "$4"
}
q() { sqlite3 k.db "$1"; }
state() { # what an edit may change, as one checksum
    sqlite3 k.db "select * from household order by id; select * from member
        order by id; select * from snapshot" | md5sum
}
audits() { q "select count(*) from audit where action = 'household.edit'"; }

login 甲 town1-pass-2020
login 乙 town2-pass-2020
login 丁 audit-pass-2020
login admin admin-pass-2020
as 甲 me GET /api/me
[ "$(js me 'd["may"]["edit"]')" = True ] || fail "a 乡级 officer may edit"
as 丁 me4 GET /api/me
[ "$(js me4 'd["may"]["edit"]')" = False ] || fail "审计 may not edit"

# 1. An edit: the household's version, then a change of two fields.
as 甲 h0 GET "/api/households/2019/$HH"
want h0 200
[ "$(js h0 'd["household"]["version"]')" = 0 ] || fail "version 0 after import"
OLD_HELPER=$(q "select helper from household where hh_id = '$HH'")
OLD_NAME=$(q "select m.name from member m join household h on h.id = m.household
    where h.hh_id = '$HH'")
[ "$(q "select revision from snapshot where year = 2019")" = 0 ] ||
    fail "revision 0 after import"
HID=$(q "select id from household where hh_id = '$HH'")
edit 甲 e1 "$HH" '{"version":0,"household":{"helper":"王帮扶","med_oop":"1234.5"},
    "members":[{"seq":1,"name":"郝改名"}]}'
want e1 200
[ "$(js e1 'd["version"], d["changed"]')" = "(1, 3)" ] || fail "e1: $(cat e1.json)"
[ "$(q "select id, helper, med_oop, version from household where hh_id = '$HH'")" = \
  "$HID|王帮扶|123450|1" ] || fail "written in place, money in 分, version 1"
[ "$(q "select name from member where household = $HID")" = 郝改名 ] ||
    fail "the member's name written"
[ "$(q "select revision from snapshot where year = 2019")" = 1 ] ||
    fail "the year's revision bumped"
# The audit entry: who, from where, which record, before and after.
[ "$(q "select who, addr, object, outcome, records from audit
    where action = 'household.edit'")" = "甲|127.0.0.1|household/2019/$HH|ok|1" ] ||
    fail "audit entry: $(q "select * from audit where action = 'household.edit'")"
python3 - "$OLD_HELPER" "$OLD_NAME" <<EOF || fail "audit before/after"
import json, sqlite3, sys
db = sqlite3.connect("k.db")
b, a = db.execute("select before, after from audit where action = 'household.edit'").fetchone()
b, a = json.loads(b), json.loads(a)
assert a == {"helper": "王帮扶", "med_oop": "1234.5", "m1.name": "郝改名"}, a
assert set(b) == set(a) and b["helper"] == sys.argv[1] and b["m1.name"] == sys.argv[2], b
EOF
# The history, for the household's readers.
as 甲 hist GET "/api/households/2019/$HH/history"
want hist 200
[ "$(js hist 'd["version"], d["may_edit"], len(d["entries"]), d["entries"][0]["who"]')" = \
  "(1, True, 1, '甲')" ] || fail "history: $(cat hist.json)"
[ "$(js hist '[(c.get("member"), c["field"], c["column"], c["to"]) for c in d["entries"][0]["changes"] if c["field"] != "med_oop"]')" = \
  "[(None, 'helper', '帮扶责任人', '王帮扶'), (1, 'name', '姓名', '郝改名')]" ] ||
    fail "history changes: $(cat hist.json)"
as 乙 hist2 GET "/api/households/2019/$HH/history"
want hist2 404
as 丁 hist3 GET "/api/households/2019/$HH/history"
want hist3 200
[ "$(js hist3 'd["may_edit"]')" = False ] || fail "审计 reads, may not edit"

# 2. A bad value: 422 with the field and the reason in both languages, and
# nothing changed (an audited refusal).
before=$(state)
edit 甲 e2 "$HH" '{"version":1,"household":{"year_in":"20x9"}}'
want e2 422
[ "$(js e2 'd["error"]["field"], d["error"]["findings"][0]["code"]')" = \
  "('year_in', 'value_number')" ] || fail "e2: $(cat e2.json)"
js e2 'd["error"]["findings"][0]["message"]' | grep -q '20x9' || fail "zh reason"
js e2 'd["error"]["findings"][0]["message_en"]' | grep -q 'not a year' ||
    fail "en reason"
edit 甲 e3 "$HH" '{"version":1,"members":[{"seq":1,"id_no":"123","sex":"男"}],
    "household":{"status":"不存在的状态"}}'
want e3 422
[ "$(js e3 'sorted((f["field"], f.get("member")) for f in d["error"]["findings"])')" = \
  "[('id_no', 1), ('status', None)]" ] || fail "e3: $(cat e3.json)"
edit 甲 e4 "$HH" '{"version":1,"household":{"hh_id":"1"}}'
want e4 422
[ "$(js e4 'd["error"]["findings"][0]["code"]')" = hh_id_fixed ] || fail "e4"
edit 甲 e5 "$HH" '{"version":1,"household":{"no_such":"1"}}'
want e5 422
[ "$(js e5 'd["error"]["field"]')" = no_such ] || fail "e5: $(cat e5.json)"
edit 甲 e6 "$HH" '{"version":1,"remove_members":[1]}'
want e6 422
[ "$(js e6 'd["error"]["findings"][0]["code"]')" = members_required ] || fail "e6"
# The household's own rules: the incomes no longer add up.
edit 甲 e8 "$HH" '{"version":1,"household":{"inc_wage":"99999"}}'
want e8 422
[ "$(js e8 'd["error"]["field"], d["error"]["findings"][0]["code"]')" = \
  "('income_pc', 'income_mismatch')" ] || fail "e8: $(cat e8.json)"
# The region list: a village that is not in it, a township's code.
edit 甲 e9 "$HH" '{"version":1,"household":{"village":"530121101999"}}'
want e9 422
[ "$(js e9 'd["error"]["findings"][0]["code"]')" = village_unknown ] || fail "e9: $(cat e9.json)"
edit 甲 e10 "$HH" "{\"version\":1,\"household\":{\"village\":\" $T1 \"}}"
want e10 422
[ "$(js e10 'd["error"]["findings"][0]["code"]')" = village_level ] || fail "e10: $(cat e10.json)"
# Another household's ID number.
TAKEN=$(q "select json_object('seq', 1, 'id_no', m.id_no, 'sex', m.sex,
    'birth', m.birth) from member m join household h on h.id = m.household
    where h.hh_id = '$HH2' limit 1")
edit 甲 e7 "$HH" "{\"version\":1,\"members\":[$TAKEN]}"
want e7 422
[ "$(js e7 'd["error"]["findings"][0]["code"]')" = id_duplicate ] || fail "e7: $(cat e7.json)"
js e7 'd["error"]["findings"][0]["message"]' | grep -q "$HH2" || fail "says whose"
[ "$(state)" = "$before" ] || fail "a refused edit changed something"
[ "$(q "select count(*) from audit where action = 'household.edit'
    and outcome = 'invalid' and who = '甲'")" = 9 ] || fail "refusals audited"

# 3. Another township's officer: 404 as if absent, audited, nothing
# changed.
cnt=$(audits)
edit 乙 s1 "$HH" '{"version":1,"household":{"helper":"越权"}}'
want s1 404
[ "$(js s1 'd["error"]["code"]')" = not_found ] || fail "s1: $(cat s1.json)"
[ "$(q "select who, outcome from audit where action = 'household.edit'
    order by id desc limit 1")" = "乙|denied" ] || fail "out of scope audited"
# ... and a household may not be moved out of the editor's scope.
V2=$(q "select village from household where hh_id = '$OTHER'")
edit 甲 s2 "$HH" "{\"version\":1,\"household\":{\"village\":\"$V2\"}}"
want s2 404
# 4. A role that may not edit: 403, audited.
edit 丁 r1 "$HH" '{"version":1,"household":{"helper":"审计改"}}'
want r1 403
[ "$(js r1 'd["error"]["code"]')" = edit_denied ] || fail "r1: $(cat r1.json)"
[ "$(q "select who, outcome from audit where action = 'household.edit'
    order by id desc limit 1")" = "丁|denied" ] || fail "role refusal audited"
# 5. A stale version: 409 with the current one, nothing changed.
edit admin c1 "$HH" '{"version":0,"household":{"helper":"过时"}}'
want c1 409
[ "$(js c1 'd["error"]["code"], d["error"]["version"]')" = "('version_conflict', 1)" ] ||
    fail "c1: $(cat c1.json)"
edit admin c2 "$HH" '{"household":{"helper":"无版本"}}'
want c2 400
# 6. No CSRF token; not JSON.
api x1 POST "/api/households/2019/$HH" -b 甲.jar -H "$JSON" \
    -d '{"version":1,"household":{"helper":"无令牌"}}'
want x1 403
[ "$(js x1 'd["error"]["code"]')" = csrf ] || fail "x1: $(cat x1.json)"
edit 甲 x2 "$HH" 'not json'
want x2 400
[ "$(state)" = "$before" ] || fail "a refused request changed something"
[ "$(audits)" = "$((cnt + 4))" ] || fail "refusals audited: $(audits) after $cnt"

# 7. Members added and removed, through the same checks.
python3 - "$HH" > add.json <<'EOF'
import json, sqlite3, sys
db = sqlite3.connect("k.db")
# Two persons now: the per-capita income halves (the registry's rule).
net = db.execute("select coalesce(inc_wage, 0) + coalesce(inc_business, 0)"
                 " + coalesce(inc_property, 0) + coalesce(inc_transfer, 0)"
                 " - coalesce(exp_business, 0) from household where hh_id = ?",
                 (sys.argv[1],)).fetchone()[0]
pc = net // 2
def idno(body):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * k for c, k in zip(body, w))
    return body + "10X98765432"[s % 11]
print(json.dumps({"version": 1,
    "household": {"income_pc": "%d.%02d" % (pc // 100, pc % 100)},
    "add_members": [{
    "name": "新成员", "id_no": idno("53012120010101123"), "sex": "男",
    "birth": "2001-01-01", "relation": "之子", "ethnicity": "汉族",
    "education": "高中", "schooling": "非在校生", "health": "健康",
    "labour": "普通劳动力", "work": "县内务工", "ins_med": "是",
    "ins_serious": "是", "ins_pension": "是", "treat_first": "是"}]},
    ensure_ascii=False))
EOF
edit 甲 a1 "$HH" "@add.json"
want a1 200
[ "$(q "select members, version from household where hh_id = '$HH'")" = "2|2" ] ||
    fail "member added: $(cat a1.json)"
[ "$(q "select count(*) from member where household = $HID")" = 2 ] || fail "2 members"
[ "$(q "select persons from snapshot")" = "$(q "select count(*) from member")" ] ||
    fail "the snapshot's count of persons follows"
python3 - "$HH" > rm.json <<'EOF'
import json, sqlite3, sys
pc = sqlite3.connect("k.db").execute("select income_pc * 2 from household"
                                     " where hh_id = ?", (sys.argv[1],)).fetchone()[0]
print(json.dumps({"version": 2, "remove_members": [2],
                  "household": {"income_pc": "%d.%02d" % (pc // 100, pc % 100)}}))
EOF
edit 甲 a2 "$HH" "@rm.json"
want a2 200
[ "$(q "select members from household where hh_id = '$HH'")" = 1 ] || fail "removed"
[ "$(q "select persons from snapshot")" = "$(q "select count(*) from member")" ] ||
    fail "the snapshot's count of persons follows a removal"
as 甲 hist4 GET "/api/households/2019/$HH/history"
[ "$(js hist4 '[c["kind"] for e in d["entries"] for c in e["changes"] if c["kind"] != "field"]')" = \
  "['remove', 'add']" ] || fail "history of members: $(cat hist4.json)"
js hist4 '[c for c in d["entries"][1]["changes"] if c["kind"] == "add"][0]["to"]["id_no"]' |
    grep -q '^\*\{14\}[0-9X]\{4\}$' || fail "ID numbers masked in the history"
# An unchanged edit writes nothing.
cnt=$(audits)
edit 甲 u1 "$HH" '{"version":3,"household":{"helper":"王帮扶"}}'
want u1 200
[ "$(js u1 'd["changed"], d["version"]')" = "(0, 3)" ] || fail "u1: $(cat u1.json)"
[ "$(audits)" = "$cnt" ] || fail "no audit for no change"

# 8. Nothing derived goes stale. The web's indicators follow an edit of
# the household's 主要致贫原因 ...
CAUSE=$(q "select cause from household where hh_id = '$HH2'")
NEW=因灾
[ "$CAUSE" = "$NEW" ] && NEW=因学
as 甲 i0 GET "/api/indicators?region=$T1"
want i0 200
V=$(q "select version from household where hh_id = '$HH2'")
edit 甲 cause "$HH2" "{\"version\":$V,\"household\":{\"cause\":\"$NEW\"}}"
want cause 200
as 甲 i1 GET "/api/indicators?region=$T1"
ind() { js "$1" "d['region']['indicators']['households.cause.$2']['num']"; }
[ "$(ind i1 "$CAUSE")" = "$(( $(ind i0 "$CAUSE") - 1 ))" ] &&
[ "$(ind i1 "$NEW")" = "$(( $(ind i0 "$NEW") + 1 ))" ] ||
    fail "indicators after the edit"
# ... and the tallies kaohe review stored are not used after an edit: with
# the stored sums damaged, the indicators are computed from the data.
sqlite3 k.db ".backup r.db"
sqlite3 r.db "update ind_tally set data = x'00'"
expect_exit 0 "$KAOHE" indicators --year 2019 --db r.db --region $T1 \
    --level 乡 --format json -o ind.json
python3 - "$CAUSE" "$NEW" <<'EOF' || fail "the CLI's indicators after the edit"
import json, sys
d = json.load(open("ind.json", encoding="utf-8"))["regions"][0]["indicators"]
w = json.load(open("i1.json", encoding="utf-8"))["region"]["indicators"]
for c in sys.argv[1:]:
    k = "households.cause." + c
    assert d[k]["num"] == w[k]["num"], (k, d[k], w[k])
EOF
# The revision is what tells them apart: set back to the review's (0),
# the damaged sums are used, and refused (the check above is not vacuous).
FP=$(sqlite3 r.db "select fingerprint from ind_tally_run")
echo "$FP" | grep -q '/r0/' || fail "the review's fingerprint has revision 0: $FP"
cp r.db r2.db
sqlite3 r2.db "update snapshot set revision = 0"
expect_exit 2 "$KAOHE" indicators --year 2019 --db r2.db --region $T1 \
    --level 乡 --format json -o ind2.json

# 9. Twenty writers at once on one household for a few seconds: every
# successful edit kept (the counter went up by their number, each got its
# own version), the others answered 409.
V=$(q "select version from household where hh_id = '$HH2'")
cnt=$(audits)
python3 "$TOP/tests/e2e/edit_writers.py" "$URL" 甲.jar 甲.csrf 2019 "$HH2" 20 4 \
    > writers.json || { cat writers.json; fail "concurrent writers"; }
cat writers.json
E=$(python3 -c "import json; print(json.load(open('writers.json'))['edits'])")
[ "$(q "select version from household where hh_id = '$HH2'")" = "$((V + E))" ] ||
    fail "version after the writers"
[ "$(q "select count(*) from audit where action = 'household.edit'
    and outcome = 'ok' and object = 'household/2019/$HH2'")" = "$((E + 1))" ] ||
    fail "one audit entry per edit"

# 10. A form opened before the year is imported again is stale: the new
# snapshot's revision goes on from the old one's, and the households
# start at it, above any version they had (not at 0 again).
R=$(q "select revision from snapshot where year = 2019")
OLDV=$(q "select version from household where hh_id = '$HH2'")
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
[ "$(q "select revision from snapshot where year = 2019")" = "$((R + 1))" ] ||
    fail "the revision goes on after an import"
[ "$(q "select count(*) from household where year = 2019 and version != $((R + 1))")" = 0 ] ||
    fail "imported households start at the new revision"
[ "$((R + 1))" -gt "$OLDV" ] || fail "above every old version"
edit 甲 re1 "$HH2" "{\"version\":$OLDV,\"household\":{\"helper\":\"导入前的表单\"}}"
want re1 409
[ "$(js re1 'd["error"]["version"]')" = "$((R + 1))" ] || fail "re1: $(cat re1.json)"

stop
wait $pid || fail "server exit"
grep -q "POST /api/households/2019/$HH 200" srv.log || fail "edits logged"
exit 0
