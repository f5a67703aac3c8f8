# A process killed in the middle of an import leaves the database as it
# was before (SQLite's journal), and a report that cannot be written is an
# error, not a silent success.
. "$TOP/tests/e2e/lib.sh"
"$KAOHE" gen --persons 400000 --seed 4 --out big 2> /dev/null
"$KAOHE" gen --persons 2000 --seed 4 --out small 2> /dev/null
expect_exit 0 "$KAOHE" import regions big/regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry small/registry.csv --year 2019 --db k.db
dump k.db > before.sql

cp k.db k.db.bak
killed=0
# Kill points by the import's progress, not by the clock: while it reads
# the file (8 MB read), once it writes (the database 1 MB larger), deep in
# the writing (32 MB), near the end (100 MB; the whole is about 170 MB).
size() { stat -c %s "$1" 2> /dev/null || echo 0; }
base=$(size k.db)
reached() { # STAGE: the import $pid got there, or has ended
    kill -0 $pid 2> /dev/null || return 0
    case $1 in
    read) [ "$(awk '/^rchar/ { print $2 }' /proc/$pid/io 2> /dev/null || echo 0)" -gt 8000000 ] ;;
    *) [ $(($(size k.db) - base)) -gt $(($1 * 1048576)) ] ;;
    esac
}
for stage in read 1 32 100; do
    "$KAOHE" import registry big/registry.csv --year 2019 --db k.db > /dev/null 2>&1 &
    pid=$!
    wait_until 300 reached $stage
    kill -9 $pid 2> /dev/null
    wait $pid 2> /dev/null
    status=$?
    [ "$(sqlite3 k.db 'pragma integrity_check')" = ok ] || fail "integrity after kill at $stage"
    if [ $status = 0 ]; then
        # The import finished before the kill (a fast machine): start over.
        cp k.db.bak k.db && rm -f k.db-wal k.db-shm k.db-journal
        continue
    fi
    killed=$((killed + 1))
    dump k.db > after.sql
    cmp -s before.sql after.sql || fail "database changed by an import killed at $stage"
done
echo "imports killed mid-way: $killed of 4"
[ $killed -ge 1 ] || fail "no import was killed mid-way"
# The database is still usable, and the interrupted import can be redone.
expect_exit 0 "$KAOHE" import registry big/registry.csv --year 2019 --db k.db
[ "$(sqlite3 k.db 'select count(*) from member where year=2019')" = 400000 ] || fail "redo"

# Writing the report fails: exit 2, said so.
"$KAOHE" check small/regions.csv small/registry.csv > /dev/full 2> err.txt
[ $? = 2 ] || fail "a full standard output is an error"
grep -q "error" err.txt || fail "says what failed"
# -o into a directory that does not exist: exit 2, nothing left behind.
expect_exit 2 "$KAOHE" check small/regions.csv small/registry.csv -o nodir/report.json
[ ! -e nodir ] || fail "no directory created"
