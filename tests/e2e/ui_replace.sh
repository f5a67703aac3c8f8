# The import page asks before a year loses more than half its households
# (issue #18; tests/ui/ui_replace.cjs in headless Chromium): dismissed,
# nothing changes; accepted, the file is imported with replace=1.
# Screenshots in tests/out/ui/ (or $ARTIFACTS).
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
need_browser
expect_exit 0 "$KAOHE" gen --persons 300 --seed 5 --out g
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
had=$(sqlite3 k.db "select count(*) from household where year = 2019")
hh=$(sed -n 2p g/registry.csv | cut -d, -f1)
{ head -1 g/registry.csv; grep "^$hh," g/registry.csv; } > few.csv
before=$(sqlite3 k.db "select * from household order by id" | md5sum)
serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
export URL TOP UI_USER=admin UI_PASS=admin-pass-2020 UI_YEAR=2019 \
    UI_FILE=$PWD/few.csv UI_HAD=$had UI_FEW=1 \
    ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui}
node "$TOP/tests/ui/ui_replace.cjs" || fail "browser test"
[ "$(sqlite3 k.db "select count(*) from household where year = 2019")" = 1 ] ||
    fail "the confirmed import replaced the year"
# refused when dismissed; refused, then confirmed and imported when accepted
[ "$(sqlite3 k.db "select group_concat(outcome) from audit where action = 'import.registry'")" = refused,refused,ok ] ||
    fail "both imports audited: $(sqlite3 k.db "select group_concat(outcome) from audit where action = 'import.registry'")"
for f in import-replace-refused import-replace-done; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
echo ok
