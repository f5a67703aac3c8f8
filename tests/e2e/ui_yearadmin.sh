# The import page's templates and the years' management in the browser
# (tests/ui/ui_yearadmin.cjs): the year not pre-filled, a template of each
# kind downloaded, the 系统管理员 deleting a year by typing it (refused
# while a problem refers to it, then forced), a county officer without the
# years. Here: the database after it (both years gone, the problem kept)
# and the audit log (the refusal and both deletions, by the use case).
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
need_browser
years_db k.db
serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
export URL TOP UI_ADMIN=admin UI_ADMIN_PASS=admin-pass-2020 \
    UI_USER=陇川员 UI_PASS=county-pass-2020 \
    ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui}
node "$TOP/tests/ui/ui_yearadmin.cjs" || fail "browser test"
[ "$(sqlite3 k.db 'SELECT count(*) FROM household')" = 0 ] || fail "households left"
[ "$(sqlite3 k.db 'SELECT count(*) FROM problem WHERE year = 2019')" = 1 ] || fail "the problem is kept"
[ "$(sqlite3 k.db "SELECT who || ':' || outcome || ':' || object FROM audit WHERE action = 'year.delete' ORDER BY id" | tr '\n' ' ')" = \
  "admin:refused:year:2019 admin:ok:year:2019 admin:ok:year:2018 " ] ||
    { sqlite3 k.db "SELECT * FROM audit"; fail "audit entries"; }
for f in years-admin years-refused years-deleted years-county; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
echo ok
