# The use-case layer from the command line (docs/architecture.md, "The
# use-case layer"): `kaohe household edit|history` with the web form's
# checks, version and audit (a stale revision refused, another township's
# household refused and audited, an ID number of a household outside the
# editor's scope not named); `kaohe rectify verify` by a 县级 user of
# another county refused and audited as the web refuses it, nothing
# changed; `kaohe user add` with a region code not in the region list
# refused.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
q() { sqlite3 k.db "$1"; }
state() { # what an edit may change, as one checksum
    sqlite3 k.db "select * from household order by id; select * from member
        order by id; select * from snapshot" | md5sum
}

expect_exit 0 "$KAOHE" gen --persons 2000 --out g
# A second county, for a county officer whose scope is not the data's.
echo "530122000000,邻县,530100000000,县,是,是,,," >> g/regions.csv
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
T1=530121101000 T2=530121102000

# user add: a region that is not in the region list is refused.
expect_exit 1 "$KAOHE" user add 无区 --role 县级 --region 530199000000 $DB
grep -q "530199000000" err.txt && grep -q "区划表" err.txt ||
    fail "unknown region named: $(cat err.txt)"
[ "$(q "select count(*) from app_user where name = '无区'")" = 0 ] ||
    fail "a refused user add leaves nothing"
expect_exit 0 "$KAOHE" user add 甲 --role 乡级 --region $T1 $DB
expect_exit 0 "$KAOHE" user add 乙 --role 乡级 --region $T2 $DB
expect_exit 0 "$KAOHE" user add 丙 --role 县级 --region 530121000000 $DB
expect_exit 0 "$KAOHE" user add 戊 --role 县级 --region 530121000000 $DB
expect_exit 0 "$KAOHE" user add 邻 --role 县级 --region 530122000000 $DB
expect_exit 0 "$KAOHE" user add 丁 --role 审计 $DB

HH=$(q "select hh_id from household where village like '530121101%'
    and members = 1 order by id limit 1")
OTHER=$(q "select hh_id from household where village like '530121102%'
    order by id limit 1")
[ -n "$HH" ] && [ -n "$OTHER" ] || fail "households to edit"
hedits() { q "select count(*) from audit where action = 'household.edit'"; }

# 1. An edit from the command line: the version goes up, audited "cli".
export KAOHE_USER=甲
expect_exit 0 "$KAOHE" household history 2019 "$HH" $DB
grep -q "现为第 0 版" out.txt || fail "history shows version 0: $(cat out.txt)"
expect_exit 0 "$KAOHE" household edit 2019 "$HH" --revision 0 \
    --set helper=命令行 --set phone=13900001111 --member 1 --set name=郝新名 $DB
grep -q "现为第 1 版" out.txt || fail "edited to version 1: $(cat out.txt)"
[ "$(q "select helper, version from household where hh_id = '$HH'")" = \
  "命令行|1" ] || fail "the edit is stored"
[ "$(q "select who, addr, outcome from audit where action = 'household.edit'
    order by id desc limit 1")" = "甲|cli|ok" ] || fail "edit audited from cli"
expect_exit 0 "$KAOHE" household history 2019 "$HH" --format json $DB
python3 - <<'EOF' || fail "history json: $(cat out.txt)"
import json
d = json.load(open("out.txt"))
assert d["version"] == 1 and d["may_edit"] is True, d
ch = d["entries"][0]["changes"]
kinds = sorted((c.get("member", 0), c["field"]) for c in ch)
assert kinds == [(0, "helper"), (0, "phone"), (1, "name")], kinds
phone = [c for c in ch if c["field"] == "phone"][0]
assert phone["to"] == "139****1111", phone   # masked as on the web
assert d["entries"][0]["addr"] == "cli"
EOF

# 2. A stale revision: refused, nothing changed, audited as a conflict.
before=$(state); cnt=$(hedits)
expect_exit 1 "$KAOHE" household edit 2019 "$HH" --revision 0 \
    --set helper=过时 $DB
grep -q "第 1 版" err.txt || fail "conflict names the version: $(cat err.txt)"
[ "$(state)" = "$before" ] || fail "a stale edit changed something"
[ "$(q "select outcome from audit where action = 'household.edit'
    order by id desc limit 1")" = conflict ] || fail "conflict audited"

# 3. A bad value: the checker's finding with its field, nothing changed.
expect_exit 1 "$KAOHE" household edit 2019 "$HH" --revision 1 \
    --set year_in=20x9 $DB
grep -q "20x9" err.txt || fail "the finding is shown: $(cat err.txt)"
[ "$(state)" = "$before" ] || fail "an invalid edit changed something"

# 4. Another township's officer: refused and audited, nothing changed.
KAOHE_USER=乙 expect_exit 1 "$KAOHE" household edit 2019 "$HH" \
    --revision 1 --set helper=越权 $DB
grep -q "无权" err.txt || fail "out of scope refused: $(cat err.txt)"
[ "$(q "select who, outcome, note from audit where action = 'household.edit'
    order by id desc limit 1")" = "乙|denied|out_of_scope" ] ||
    fail "out of scope audited"
KAOHE_USER=乙 expect_exit 1 "$KAOHE" household history 2019 "$HH" $DB
[ "$(q "select who, action, outcome from audit order by id desc limit 1")" = \
  "乙|household.read|denied" ] || fail "history out of scope audited"
# ... a role that may not edit, an unregistered user.
KAOHE_USER=丁 expect_exit 1 "$KAOHE" household edit 2019 "$HH" \
    --revision 1 --set helper=审计 $DB
KAOHE_USER=nobody expect_exit 1 "$KAOHE" household edit 2019 "$HH" \
    --revision 1 --set helper=无名 $DB
[ "$(state)" = "$before" ] || fail "a refused edit changed something"
[ "$(hedits)" = "$((cnt + 5))" ] || fail "each refusal audited once: $(hedits) after $cnt"

# 5. The ID number of a household outside the editor's scope: said only to
# be registered elsewhere; the audit entry keeps the number and household.
TAKEN=$(q "select m.id_no from member m join household h on h.id = m.household
    where h.hh_id = '$OTHER' limit 1")
SEX=$(q "select sex from member where id_no = '$TAKEN'")
BIRTH=$(q "select birth from member where id_no = '$TAKEN'")
expect_exit 1 "$KAOHE" household edit 2019 "$HH" --revision 1 \
    --member 1 --set "id_no=$TAKEN" --set "sex=$SEX" --set "birth=$BIRTH" $DB
grep -q "该证件号码已在其他户登记，请联系上级核实" err.txt ||
    fail "scope-blind message: $(cat err.txt)"
grep -q "$OTHER" err.txt && fail "the other household named: $(cat err.txt)"
[ "$(q "select outcome, note from audit where action = 'household.edit'
    order by id desc limit 1")" = "invalid|id_elsewhere" ] ||
    fail "id conflict audited"
q "select after from audit where action = 'household.edit'
    order by id desc limit 1" | grep -q "household/2019/$OTHER" ||
    fail "the audit entry names the other household"
# Within the scope the household is named (the county sees both).
KAOHE_USER=丙 expect_exit 1 "$KAOHE" household edit 2019 "$HH" \
    --revision 1 --member 1 --set "id_no=$TAKEN" --set "sex=$SEX" --set "birth=$BIRTH" $DB
grep -q "$OTHER" err.txt || fail "in scope: the holder named: $(cat err.txt)"
[ "$(state)" = "$before" ] || fail "a refused edit changed something"

# 6. The web body from a file; a usage error without --revision.
printf '{"household":{"helper":"文件"}}' > body.json
expect_exit 0 "$KAOHE" household edit 2019 "$HH" --json body.json \
    --revision 1 $DB
[ "$(q "select helper, version from household where hh_id = '$HH'")" = \
  "文件|2" ] || fail "--json edit stored"
expect_exit 2 "$KAOHE" household edit 2019 "$HH" --set helper=x $DB
expect_exit 2 "$KAOHE" household edit 2019 "$HH" --revision 2 --set helper $DB

# 7. 销号 by a 县级 user of another county: refused and audited as the web
# refuses it (problem.read, denied), nothing changed; the same by a
# second officer of the county passes.
export KAOHE_USER=丙
expect_exit 0 "$KAOHE" rectify add --region 530121000000 --source 暗访 \
    --category 基层基础工作不扎实 --text "驻村工作队员不在岗" \
    --date 2020-05-03 $DB
ID=$(q "select max(id) from problem")
expect_exit 0 "$KAOHE" rectify plan "$ID" --measures 点名 --lead 县委组织部 \
    --unit 县扶贫办 --deadline 2020-07-15 $DB
expect_exit 0 "$KAOHE" rectify progress "$ID" --note 已召回 $DB
echo 点名册 > 点名册.txt
expect_exit 0 "$KAOHE" rectify request-close "$ID" --evidence 点名册.txt $DB
pbefore=$(q "select * from problem; select * from problem_event" | md5sum)
KAOHE_USER=邻 expect_exit 1 "$KAOHE" rectify verify "$ID" --note 越权 $DB
grep -q "无权" err.txt || fail "another county's verify refused: $(cat err.txt)"
[ "$(q "select * from problem; select * from problem_event" | md5sum)" = \
  "$pbefore" ] || fail "a refused verify changed the problem"
[ "$(q "select who, addr, action, object, outcome from audit
    order by id desc limit 1")" = "邻|cli|problem.read|problem/$ID|denied" ] ||
    fail "the refusal audited: $(q "select * from audit order by id desc limit 1")"
for a in reject reopen; do
    KAOHE_USER=邻 expect_exit 1 "$KAOHE" rectify $a "$ID" --note 越权 $DB
done
KAOHE_USER=邻 expect_exit 1 "$KAOHE" rectify plan "$ID" --measures 越权 $DB
KAOHE_USER=邻 expect_exit 1 "$KAOHE" rectify attach "$ID" --evidence 点名册.txt $DB
[ "$(q "select count(*) from audit where who = '邻' and outcome = 'denied'")" = 5 ] ||
    fail "every refused action audited"
# A role that may not verify within the scope: refused as the action.
expect_exit 0 "$KAOHE" user add 村官 --role 村级 --region 530121101201 $DB
expect_exit 0 "$KAOHE" rectify add --region 530121101201 --source 暗访 \
    --category 基层基础工作不扎实 --text "村里的问题" --date 2020-05-03 $DB
ID2=$(q "select max(id) from problem")
KAOHE_USER=村官 expect_exit 1 "$KAOHE" rectify reopen "$ID2" --note x $DB
[ "$(q "select who, action, outcome, note from audit order by id desc limit 1")" = \
  "村官|problem.reopen|denied|role_denied" ] || fail "role refusal audited"
# The county's second officer closes it; the action is audited with before
# and after.
KAOHE_USER=戊 expect_exit 0 "$KAOHE" rectify verify "$ID" --note 核实 $DB
[ "$(q "select status from problem where id = $ID")" = \
  "$(q "select max(status) from problem")" ] || true
[ "$(q "select who, action, outcome from audit order by id desc limit 1")" = \
  "戊|problem.verify|ok" ] || fail "verify audited"
q "select after from audit order by id desc limit 1" | grep -q '"status":"已销号"' ||
    fail "audit after: $(q "select after from audit order by id desc limit 1")"
echo "app_cli: ok"
