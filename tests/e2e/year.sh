# kaohe year list / delete: undo a wrong import. The confirmation, the
# refusal while something refers to the year (unless --force), the role
# ([web] year_roles), the audit entries, and a delete that leaves the
# other years and the problems as they were.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$CASES/clean_utf8/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$CASES/clean_utf8/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" import registry "$CASES/clean_utf8/registry.csv" --year 2018 $DB

expect_exit 0 "$KAOHE" year list $DB --format json
python3 - <<'PY' || fail "year list"
import json
y = json.load(open("out.txt"))["years"]
assert [x["year"] for x in y] == [2018, 2019], y
assert y[1]["households"] == 2 and y[1]["persons"] == 3, y[1]
assert y[1]["snapshot"] and y[1]["problems"] == 0, y[1]
PY
expect_exit 0 "$KAOHE" year list $DB
grep -q "^2019 " out.txt || fail "text list"

before=$(dump k.db)
# No confirmation: nothing happens, and the user is told what would go.
expect_exit 2 "$KAOHE" year delete 2019 $DB
grep -q "2 户" err.txt && grep -q -- "--yes" err.txt || fail "the confirmation"
# A year that is not there.
expect_exit 2 "$KAOHE" year delete 2017 --yes $DB
grep -q "没有 2017 年度" err.txt || { cat err.txt; fail "year_missing"; }
[ "$(dump k.db | grep -v 'INSERT INTO audit')" = "$(echo "$before" | grep -v 'INSERT INTO audit')" ] ||
    fail "a refused delete changed the data"

# From here the database has users: the console acts as KAOHE_USER.
echo 'a-long-password-1' | expect_exit 0 "$KAOHE" user add 张三 --role 县级 --region 533124000000 --password-stdin $DB
echo 'a-long-password-2' | expect_exit 0 "$KAOHE" user add 管理员 --role 系统管理员 --password-stdin $DB
export KAOHE_USER=管理员

# A problem of 2019 refers to it: refused, unless --force.
expect_exit 0 "$KAOHE" rectify add --region 533124000000 --source 暗访 \
    --category 扶贫措施不精准 --text 走访记录不实 --year 2019 $DB
expect_exit 0 "$KAOHE" year list $DB --format json
grep -q '"year": 2019, .*"problems": 1' out.txt || fail "the problem counted"
expect_exit 1 "$KAOHE" year delete 2019 --yes $DB
grep -q "仍被引用" err.txt || { cat err.txt; fail "year_referred"; }
[ "$(sqlite3 k.db 'SELECT count(*) FROM household WHERE year = 2019')" = 2 ] || fail "refused, yet deleted"
expect_exit 0 "$KAOHE" year delete 2019 --yes --force $DB
[ "$(sqlite3 k.db 'SELECT count(*) FROM household WHERE year = 2019')" = 0 ] || fail "not deleted"
[ "$(sqlite3 k.db 'SELECT count(*) FROM member WHERE year = 2019')" = 0 ] || fail "members left"
[ "$(sqlite3 k.db 'SELECT count(*) FROM snapshot WHERE year = 2019')" = 0 ] || fail "snapshot left"
[ "$(sqlite3 k.db 'SELECT count(*) FROM household WHERE year = 2018')" = 2 ] || fail "2018 touched"
[ "$(sqlite3 k.db 'SELECT count(*) FROM problem WHERE year = 2019')" = 1 ] || fail "the problem is kept"
# Audited: the refusals and the deletion.
[ "$(sqlite3 k.db "SELECT outcome FROM audit WHERE action = 'year.delete' ORDER BY id" | tr '\n' ' ')" = "refused refused ok " ] ||
    { sqlite3 k.db "SELECT * FROM audit"; fail "audit entries"; }
[ "$(sqlite3 k.db "SELECT records FROM audit WHERE action = 'year.delete' AND outcome = 'ok'")" = 2 ] || fail "audit records"

# A user whose role is not in [web] year_roles is refused (and audited).
KAOHE_USER=张三 expect_exit 2 "$KAOHE" year delete 2018 --yes $DB
grep -q "只有 系统管理员 可以删除" err.txt || { cat err.txt; fail "role refused"; }
[ "$(sqlite3 k.db "SELECT count(*) FROM audit WHERE action = 'year.delete' AND outcome = 'denied' AND who = '张三'")" = 1 ] || fail "denial audited"
[ "$(sqlite3 k.db 'SELECT count(*) FROM household WHERE year = 2018')" = 2 ] || fail "denied, yet deleted"
export KAOHE_USER=管理员
expect_exit 0 "$KAOHE" year delete 2018 --yes $DB
expect_exit 0 "$KAOHE" year list $DB --format json
python3 - <<'PY' || fail "list after deletes"
import json
y = json.load(open("out.txt"))["years"]
assert [(x["year"], x["snapshot"]) for x in y] == [(2019, False)], y
PY
echo ok
