# Allocation failure on the Nth call (SQLite's OOM tests, curl's
# <limits>): for every N, `kaohe check` fails cleanly (exit 2, or the full
# and correct report) and never crashes; an import whose allocations fail
# leaves the database exactly as it was.
. "$TOP/tests/e2e/lib.sh"
failmalloc_shim
cp "$CASES/id_rules/regions.csv" "$CASES/id_rules/registry.csv" .
cp "$CASES/clean_utf8/registry.csv" clean.csv

"$KAOHE" check regions.csv registry.csv --format json > good.json
n=0
while :; do
    KH_FAIL_AFTER=$n LD_PRELOAD=$shim "$KAOHE" check regions.csv registry.csv \
        --format json > o.json 2> e.txt
    rc=$?
    [ $rc -lt 3 ] || fail "check crashed (exit $rc) when allocation $n failed"
    [ $rc != 0 ] || fail "check said no error when allocation $n failed"
    if [ $rc = 1 ]; then
        cmp -s o.json good.json || fail "a wrong report when allocation $n failed"
        break # every allocation succeeded
    fi
    alloc_next_n 1
done
echo "check: allocations failing in turn ($(alloc_said 1); the run makes fewer than $n): clean exits"

expect_exit 0 "$KAOHE" import regions regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry clean.csv --year 2019 --db k.db
cp k.db base.db
dump k.db > before.sql
n=0
while :; do
    cp base.db k.db
    rm -f k.db-wal k.db-shm k.db-journal
    KH_FAIL_AFTER=$n LD_PRELOAD=$shim "$KAOHE" import registry clean.csv \
        --year 2019 --db k.db > o.txt 2> e.txt
    rc=$?
    [ $rc -lt 3 ] || fail "import crashed (exit $rc) when allocation $n failed"
    [ $rc = 0 ] && break
    unchanged base.db k.db before.sql || fail "database changed when allocation $n failed"
    alloc_next_n 7
done
echo "import: allocations failing in turn ($(alloc_said 7); the run makes fewer than $n): database unchanged"
