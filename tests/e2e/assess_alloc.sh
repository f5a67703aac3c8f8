# Allocation failure during `kaohe assess run` (as alloc_fail.sh does for
# check and import): with every 37th allocation failing in turn, the run
# exits cleanly with 2 (never a crash, never a misleading data error) and
# the database is exactly as it was; once none fails, version 1 is
# stored.
. "$TOP/tests/e2e/lib.sh"
failmalloc_shim
D=$CASES/assess_hebei
expect_exit 0 "$KAOHE" init --db k.db
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" --db k.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db k.db
cp k.db base.db
dump k.db > before.sql
n=0
while :; do
    cp base.db k.db
    rm -f k.db-wal k.db-shm k.db-journal
    KH_FAIL_AFTER=$n LD_PRELOAD=$shim "$KAOHE" assess run --scheme hebei-city-2016 \
        --year 2019 --level 市 --db k.db --inputs "$D/inputs.csv" > o.txt 2> e.txt
    rc=$?
    [ $rc = 0 ] && break
    [ $rc = 2 ] || { cat e.txt; fail "exit $rc when allocation $n failed"; }
    dump k.db > after.sql
    # An allocation that fails after the run was stored (printing it) still
    # exits 2; the run is then stored whole.
    if grep -q "stored as version 1" e.txt; then
        [ "$(sqlite3 k.db "select count(*) from assess_run")" = 1 ] ||
            fail "a stored run when allocation $n failed after storing"
    else
        cmp -s before.sql after.sql || fail "database changed when allocation $n failed"
    fi
    alloc_next_n 37
done
grep -q "^1	130300000000	丙市	90.30" o.txt || fail "the run that succeeded"
echo "assess run: allocations failing in turn ($(alloc_said 37); the run makes fewer than $n): clean exits, database unchanged"
