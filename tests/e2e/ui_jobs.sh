# The work after an import from the browser (web/jobs.js, POST
# /api/jobs) in headless Chromium driven by playwright-core
# (tests/ui/ui_jobs.cjs): a county officer imports a year and runs the
# exit review, the indicators and the problem generation from the import
# page, each with its progress bar and result, the same as the command
# line's; the jobs are audited as the officer. Screenshots in
# tests/out/ui/ (or $ARTIFACTS).
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review
DB="--db k.db"
need_browser
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
    --role 县级 --region 533124000000 --password-stdin $DB
# what the command line does with the same file
cp k.db cli.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db cli.db
KAOHE_USER=陇川员 expect_exit 0 "$KAOHE" review --year 2019 --db cli.db --format json
HH=$(python3 -c "import json; print(json.load(open('out.txt'))['households'])")
READY=$(python3 -c "import json; print(len(json.load(open('out.txt'))['exit_ready']))")
KAOHE_USER=陇川员 expect_exit 0 "$KAOHE" rectify generate --year 2019 --db cli.db
PROBLEMS=$(sqlite3 cli.db "select count(*) from problem")
[ "$PROBLEMS" -gt 0 ] || fail "the CLI generates problems"

serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
export URL TOP UI_USER=陇川员 UI_PASS=county-pass-2020 \
    ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui} \
    UI_YEAR=2019 UI_FILE=$D/registry.csv UI_HOUSEHOLDS=$HH UI_READY=$READY \
    UI_PROBLEMS=$PROBLEMS
node "$TOP/tests/ui/ui_jobs.cjs" || fail "browser test"
[ "$(sqlite3 k.db "select group_concat(action || ':' || who || ':' || outcome) from audit
      where action in ('review.run', 'problems.generate')")" = \
  "review.run:陇川员:ok,problems.generate:陇川员:ok,problems.generate:陇川员:ok" ] ||
    fail "the jobs audited as the officer: $(sqlite3 k.db "select action, who, outcome from audit")"
[ "$(sqlite3 k.db "select text from problem order by id")" = \
  "$(sqlite3 cli.db "select text from problem order by id")" ] || fail "the problems are the CLI's"
for f in jobs-review jobs-generate jobs-page; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
echo "jobs from the browser: review, indicators, problems as the CLI makes them"
