# Allocation failure on the Nth call for the 第三方评估 commands (as
# alloc_fail.sh does for check and import), on the hand-computed case:
# `sample design` and `import survey` whose allocations fail (every 11th
# and 7th N) leave the database exactly as it was; `sample estimate` fails
# cleanly (exit 2) or prints the full and correct estimates (every 5th N).
# `sample estimate --format inputs` writes its whole file or none (every
# 9th N). Never a crash.
. "$TOP/tests/e2e/lib.sh"
failmalloc_shim
H=$CASES/sample_hand
expect_exit 0 "$KAOHE" import regions "$H/regions.csv" --db k.db
expect_exit 0 "$KAOHE" import registry "$H/registry.csv" --year 2019 --db k.db
expect_exit 0 "$KAOHE" import roster "$H/roster.csv" --year 2019 --db k.db
cp k.db base.db
dump k.db > before.sql

design() {
    "$KAOHE" sample design --year 2019 --region 530000000000 --margin 0.05 \
        --villages-per-county 2 --households-per-village 2 --seed 7 --db k.db
}
n=0
while :; do
    cp base.db k.db
    rm -f k.db-wal k.db-shm k.db-journal
    KH_FAIL_AFTER=$n LD_PRELOAD=$shim design > o.txt 2> e.txt
    rc=$?
    [ $rc -lt 3 ] || fail "design crashed (exit $rc) when allocation $n failed"
    [ $rc = 0 ] && break
    unchanged base.db k.db before.sql || fail "design changed the database when allocation $n failed"
    alloc_next_n 11
done
echo "design: allocations failing in turn ($(alloc_said 11); the run makes fewer than $n): database unchanged"

# (The last run may have had its closing checkpoint fail: start again.)
cp base.db k.db
rm -f k.db-wal k.db-shm k.db-journal
design > /dev/null 2>&1 || fail "design"
sqlite3 k.db "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
cp k.db designed.db
dump k.db > before.sql
n=0
while :; do
    cp designed.db k.db
    rm -f k.db-wal k.db-shm k.db-journal
    KH_FAIL_AFTER=$n LD_PRELOAD=$shim "$KAOHE" import survey "$H/survey.csv" \
        --db k.db > o.txt 2> e.txt
    rc=$?
    [ $rc -lt 3 ] || fail "import survey crashed (exit $rc) when allocation $n failed"
    [ $rc = 0 ] && break
    unchanged designed.db k.db before.sql || fail "import survey changed the database when allocation $n failed"
    alloc_next_n 7
done
echo "import survey: allocations failing in turn ($(alloc_said 7); the run makes fewer than $n): database unchanged"

cp designed.db k.db
rm -f k.db-wal k.db-shm k.db-journal
expect_exit 0 "$KAOHE" import survey "$H/survey.csv" --db k.db
"$KAOHE" sample estimate --db k.db --format csv > good.csv || fail "estimate"
tail -4 "$H/expected" | cmp -s - good.csv || fail "estimate differs from the case"
n=0
while :; do
    KH_FAIL_AFTER=$n LD_PRELOAD=$shim "$KAOHE" sample estimate --db k.db \
        --format csv > o.csv 2> e.txt
    rc=$?
    [ $rc -lt 3 ] || fail "estimate crashed (exit $rc) when allocation $n failed"
    if [ $rc = 0 ]; then
        cmp -s o.csv good.csv || fail "wrong estimates when allocation $n failed"
        break
    fi
    alloc_next_n 5
done
echo "estimate: allocations failing in turn ($(alloc_said 5); the run makes fewer than $n): clean exits"

# The assessment's inputs file (per city: the strata combined): written
# whole through the atomic rename, or not at all.
"$KAOHE" sample estimate --db k.db --format inputs --level 市 -o good_in.csv \
    2> /dev/null || fail "estimate --format inputs"
n=0
while :; do
    rm -f in.csv
    KH_FAIL_AFTER=$n LD_PRELOAD=$shim "$KAOHE" sample estimate --db k.db \
        --format inputs --level 市 -o in.csv > o.txt 2> e.txt
    rc=$?
    [ $rc -lt 3 ] || fail "estimate --format inputs crashed (exit $rc) when allocation $n failed"
    if [ $rc = 0 ]; then
        cmp -s in.csv good_in.csv || fail "wrong inputs file when allocation $n failed"
        break
    fi
    [ ! -e in.csv ] || fail "a partial inputs file when allocation $n failed"
    ls | grep -q '^in\.csv\.' && fail "a temporary file left when allocation $n failed"
    alloc_next_n 9
done
echo "estimate --format inputs: allocations failing in turn ($(alloc_said 9); the run makes fewer than $n): clean exits"
