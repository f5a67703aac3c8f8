# A database file that is not kaohe's, is read-only, or is locked by
# another process: a clear error, exit 2, the file untouched.
. "$TOP/tests/e2e/lib.sh"
cp "$CASES/clean_utf8/regions.csv" .

echo "not a database at all" > text.db
sum1=$(md5sum < text.db)
expect_exit 2 "$KAOHE" import regions regions.csv --db text.db
grep -q "db_not_kaohe\|不是 kaohe 数据库" err.txt || fail "says not a kaohe database"
[ "$(md5sum < text.db)" = "$sum1" ] || fail "text file changed"

sqlite3 other.db "create table t(x); insert into t values(1);"
sum2=$(md5sum < other.db)
expect_exit 2 "$KAOHE" import regions regions.csv --db other.db
grep -q "不是 kaohe 的数据库" err.txt || fail "says SQLite but not kaohe's"
[ "$(md5sum < other.db)" = "$sum2" ] || fail "other database changed"

# Locked: another process holds a write transaction.
expect_exit 0 "$KAOHE" init --db k.db
python3 -c "
import sqlite3, time
c = sqlite3.connect('k.db', isolation_level=None)
c.execute('BEGIN EXCLUSIVE')
open('locked', 'w').close()
time.sleep(6)
" &
holder=$!
wait_until 30 test -e locked
dump k.db > /dev/null 2>&1 || true
expect_exit 2 "$KAOHE" import regions regions.csv --db k.db
grep -q "锁定\|locked" err.txt || { cat err.txt; fail "says locked"; }
kill $holder 2>/dev/null; wait $holder 2>/dev/null
[ "$(sqlite3 k.db 'select count(*) from region')" = 0 ] || fail "nothing imported while locked"

# Read-only: as a user who may not write the file.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    chmod 755 . && chmod 644 k.db
    sum3=$(md5sum < k.db)
    setpriv --reuid=65534 --regid=65534 --clear-groups "$KAOHE" import regions regions.csv --db k.db > out.txt 2> err.txt
    [ $? = 2 ] || fail "read-only: exit 2"
    grep -q "只读\|read-only\|readonly" err.txt || { cat err.txt; fail "says read-only"; }
    [ "$(md5sum < k.db)" = "$sum3" ] || fail "read-only database changed"
else
    chmod 444 k.db
    expect_exit 2 "$KAOHE" import regions regions.csv --db k.db
fi

# A database from a newer kaohe is refused.
expect_exit 0 "$KAOHE" init --db new.db
sqlite3 new.db "pragma user_version = 99"
expect_exit 2 "$KAOHE" import regions regions.csv --db new.db
grep -q "upgrade kaohe" err.txt || fail "asks to upgrade"
