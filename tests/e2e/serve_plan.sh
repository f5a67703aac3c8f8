# The plan import over HTTP (POST /api/problems/import, issue 15): the
# same use case as `kaohe rectify import`. A dry run answers what would
# change problem by problem and field by field and writes nothing at all;
# the same file again without dry_run applies it (audited with its
# counts). A refused sheet (an unknown heading, two rows with one 问题编号,
# a row without 问题编号), a role that may not rectify and a user whose
# region does not hold the problems are refused with the file, row and
# column named, and leave the database's dump as it was except for the
# refusal's audit entry.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review
DB="--db k.db"
q() { sqlite3 k.db "$1"; }
dump_data() { dump k.db | grep -v "^INSERT INTO audit "; }
refusals() { q "select count(*) from audit where action = 'problem.import' and outcome in ('refused', 'denied')"; }

expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 张三 --role 县级 \
    --region 533124000000 --password-stdin $DB
echo 'check-pass-2020' | expect_exit 0 "$KAOHE" user add 李四 --role 考核组 \
    --password-stdin $DB
echo 'town-pass-2020' | expect_exit 0 "$KAOHE" user add 镇干部 --role 乡级 \
    --region 533124100000 --password-stdin $DB
KAOHE_USER=张三 expect_exit 0 "$KAOHE" rectify generate --year 2019 $DB
KAOHE_USER=张三 expect_exit 0 "$KAOHE" rectify plan 1 --measures 逐户核实 \
    --lead 县扶贫办 --deadline 2020-09-30 $DB
expect_exit 0 "$KAOHE" rectify export -o plan.csv $DB
sheet edit.csv 'rows[0][col("整改措施")] = "逐户核实，补齐台账"; rows[1][col("牵头部门")] = "县医保局"; rows[1][col("责任单位")] = "县财政局、县卫健局"'

mkdir -p srvtmp
serve_start --tmp $DB --listen 127.0.0.1:0
login 张三 county-pass-2020
login 李四 check-pass-2020
login 镇干部 town-pass-2020
imp() { # USER NAME FILE ARGS
    post "$1" "$2" "/api/problems/import?name=$3&$4" "$3"
}

# 1. The dry run: what would change, field by field; nothing written.
before=$(dump k.db)
imp 张三 dry edit.csv dry_run=1
want dry 200
python3 - <<'PY' || fail "the dry run's changes: $(cat dry.json)"
import json
d = json.load(open("dry.json", encoding="utf-8"))
assert d["dry_run"] is True and d["added"] == 0 and d["updated"] == 2, d
p = {x["id"]: x for x in d["problems"]}
assert [(f["field"], f["was"], f["now"]) for f in p[1]["fields"]] == \
    [("整改措施", "逐户核实", "逐户核实，补齐台账")], p[1]
assert [(f["field"], f["was"], f["now"]) for f in p[2]["fields"]] == \
    [("牵头部门", "", "县医保局"), ("责任单位", "", "县财政局、县卫健局")], p[2]
assert p[1]["row"] == 1 and p[2]["row"] == 2 and p[3]["fields"] == [], p
PY
[ "$(dump k.db)" = "$before" ] || fail "a dry run writes nothing"

# 2. Confirmed: the same file applied; audited with its counts.
imp 张三 apply edit.csv dry_run=0
want apply 200
[ "$(js apply 'd["dry_run"], d["updated"]')" = "(False, 2)" ] || fail "applied: $(cat apply.json)"
[ "$(q "select measures from problem where id = 1")" = "逐户核实，补齐台账" ] || fail "problem 1 changed"
[ "$(q "select lead_dept from problem where id = 2")" = "县医保局" ] || fail "problem 2 changed"
[ "$(q "select who, outcome, records from audit where action = 'problem.import' order by id desc limit 1")" = \
  "张三|ok|2" ] || fail "the import audited"

# 3. Refusals: the file, row and column named; the dump unchanged but for
# the refusal's audit entry.
sheet seq.csv 'h[0] = "序号"'
sheet dup.csv 'rows[2][col("问题编号")] = rows[1][col("问题编号")]'
sheet new.csv 'rows[0][col("问题编号")] = ""'
refused() { # USER NAME FILE ARGS STATUS CODE PYTHON-CHECK
    before=$(dump_data)
    cnt=$(refusals)
    imp "$1" "$2" "$3" "$4"
    want "$2" "$5"
    [ "$(js "$2" 'd["error"]["code"]')" = "$6" ] || fail "$2: code $(cat "$2.json")"
    python3 -c "import json; e = json.load(open('$2.json', encoding='utf-8'))['error']; assert $7, e" ||
        fail "$2: where: $(cat "$2.json")"
    [ "$(dump_data)" = "$before" ] || fail "$2: a refused import changed the database"
    [ "$(refusals)" = $((cnt + 1)) ] || fail "$2: the refusal audited"
}
refused 张三 seq seq.csv dry_run=1 422 header_unknown 'e["file"] == "seq.csv" and e["column"] == "序号" and "序号" in e["message"]'
refused 张三 dup dup.csv dry_run=0 422 id_duplicate 'e["row"] == 3 and "第 2 行" in e["message"] and "第 3 行" in e["message"]'
refused 张三 new new.csv dry_run=0 422 id_missing 'e["row"] == 1 and e["column"] == "问题编号"'
refused 李四 role edit.csv dry_run=1 403 role_denied 'True'
sheet scope.csv 'rows[0][col("整改措施")] = "镇里改的措施"'
refused 镇干部 scope scope.csv dry_run=0 403 out_of_scope 'e["row"] == 1 and "不在你的管辖范围内" in e["message"]'
[ "$(q "select group_concat(who || ':' || outcome || ':' || note, ' ') from audit
      where action = 'problem.import' and outcome <> 'ok'")" = \
  "张三:refused:header_unknown 张三:refused:id_duplicate 张三:refused:id_missing 李四:denied:role_denied 镇干部:denied:out_of_scope" ] ||
    fail "the refusals audited: $(q "select who, outcome, note from audit where action = 'problem.import'")"

# 4. A new problem with allow_new=1; bad arguments.
before=$(dump k.db)
imp 张三 add new.csv 'dry_run=1&allow_new=1'
want add 200
python3 - <<'PY' || fail "a new problem in the dry run: $(cat add.json)"
import json
d = json.load(open("add.json", encoding="utf-8"))
assert d["added"] == 1, d
x = [p for p in d["problems"] if p["new"]][0]
assert x["row"] == 1 and x["region"] == "533124000000" and x["year"] == 2020, x  # the year of 发现日期
PY
[ "$(dump k.db)" = "$before" ] || fail "a dry run adds nothing"
imp 张三 badarg edit.csv dry_run=yes
want badarg 400
post 张三 noname /api/problems/import edit.csv
want noname 400
[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"
exit 0
