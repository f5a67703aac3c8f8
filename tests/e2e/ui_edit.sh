# Editing a household in the browser UI (web/edit.js), in headless
# Chromium driven by playwright-core (tests/ui/ui_edit.cjs): a township
# officer opens a household, the label fields are lists, bad values (one
# typed, one chosen) are refused with the registry's messages by the
# fields, changes typed and chosen are saved and seen on the page and in
# its history, a form made stale by another edit is told (409); an
# auditor sees the history without a form, on a phone. Here: the
# database holds exactly the saved edits, each audited. Screenshots in
# tests/out/ui/ (or $ARTIFACTS).
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
need_browser

expect_exit 0 "$KAOHE" gen --persons 800 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region 530121101000 --password-stdin $DB
echo 'audit-pass-2020' | expect_exit 0 "$KAOHE" user add 丁 --role 审计 \
    --password-stdin $DB
q() { sqlite3 k.db "$1"; }
HH=$(q "select hh_id from household where village like '530121101%'
    and members = 1 order by id limit 1")
[ -n "$HH" ] || fail "a household to edit"

serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
curl -s -o /dev/null -w '%{http_code}' "$URL/edit.js" | grep -q 200 ||
    fail "edit.js served"

# A 务工状况 for the form to choose: another than the stored one.
WORK_WAS=$(q "select m.work from member m join household h on h.id = m.household
    where h.hh_id = '$HH'")
WORK=省外务工
[ "$WORK_WAS" = "$WORK" ] && WORK=县内务工
export URL TOP UI_USER=甲 UI_PASS=town1-pass-2020 UI_HH=$HH \
    UI_STATUS="$(q "select status from household where hh_id = '$HH'")" \
    UI_MEASURES="$(q "select measures from household where hh_id = '$HH'")" \
    UI_WORK_WAS="$WORK_WAS" UI_WORK=$WORK \
    UI_AUDITOR=丁 UI_AUDITOR_PASS=audit-pass-2020 \
    UI_YEAR_IN=$(q "select year_in from household where hh_id = '$HH'") \
    ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui}
node "$TOP/tests/ui/ui_edit.cjs" || fail "browser test"
for f in edit-invalid edit-saved edit-conflict edit-history-phone; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
# Two edits saved (the form's and the one made meanwhile); the bad value
# and the stale form refused; each audited.
[ "$(q "select group_concat(outcome, ',') from (select outcome from audit
    where action = 'household.edit' order by id)")" = "invalid,ok,ok,conflict" ] ||
    fail "audit: $(q "select outcome from audit where action = 'household.edit'")"
[ "$(q "select helper, version from household where hh_id = '$HH'")" = "别人改的|2" ] ||
    fail "stored: $(q "select helper, version from household where hh_id = '$HH'")"
[ "$(q "select m.name from member m join household h on h.id = m.household
    where h.hh_id = '$HH'")" = 界面改名 ] || fail "the member's name stored"
[ "$(q "select m.work from member m join household h on h.id = m.household
    where h.hh_id = '$HH'")" = "$WORK" ] || fail "the chosen 务工状况 stored"
# The measure checked: the one the form's audit entry added, in the
# standards' order.
python3 - <<EOF || fail "帮扶措施 stored"
import sqlite3, json
db = sqlite3.connect("k.db")
b, a = db.execute("""select before, after from audit where action = 'household.edit'
    and outcome = 'ok' order by id limit 1""").fetchone()
b, a = json.loads(b), json.loads(a)
assert set(a) == {"helper", "measures", "m1.name", "m1.work"}, a
old, new = b["measures"].split(";"), a["measures"].split(";")
assert len(new) == len(old) + 1 and set(old) < set(new), (old, new)
assert db.execute("select measures from household where hh_id = '$HH'").fetchone()[0] == a["measures"]
EOF
exit 0
