# The import page of the browser UI (web/, #/import) in headless Chromium
# driven by playwright-core (tests/ui/ui_import.cjs): a county officer
# uploads a registry file with errors keeping the valid households, the
# progress bar finishes, the findings are those `kaohe check` reports, the
# downloaded rejects are the CLI's reject file byte for byte and the
# download is audited; the same file without keep_valid is refused and
# changes nothing. Screenshots in tests/out/ui/ (or $ARTIFACTS).
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
need_browser
cp "$CASES/clean_utf8/regions.csv" regions.csv
cp "$CASES/id_rules/registry.csv" bad.csv

expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions regions.csv $DB
# a year already there, for the dashboard the officers land on
expect_exit 0 "$KAOHE" import registry "$CASES/clean_utf8/registry.csv" \
    --year 2018 $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
    --role 县级 --region 533124000000 --password-stdin $DB
echo 'town-pass-2020' | expect_exit 0 "$KAOHE" user add 章凤员 \
    --role 乡级 --region 533124100000 --password-stdin $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
# what the CLI does with the same file
expect_exit 0 "$KAOHE" init --db cli.db
expect_exit 0 "$KAOHE" import regions regions.csv --db cli.db
expect_exit 0 "$KAOHE" import registry bad.csv --year 2019 --db cli.db \
    --keep-valid --rejects cli_rej.csv
expect_exit 1 "$KAOHE" check regions.csv bad.csv --year 2019 --format json
FINDINGS=$(python3 -c "
import json
d = json.load(open('out.txt', encoding='utf-8'))
# the page names each finding by the check's label (summary.labels)
print(','.join('%d:%s:%s' % (f['row'], f.get('column') or '', d['summary']['labels'][f['code']]) for f in d['findings']))")

serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"

export URL TOP UI_USER=陇川员 UI_PASS=county-pass-2020 \
    UI_TOWN_USER=章凤员 UI_TOWN_PASS=town-pass-2020 \
    ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui} \
    UI_YEAR=2019 UI_FILE=$PWD/bad.csv UI_FINDINGS=$FINDINGS \
    UI_STORED=$(sqlite3 cli.db "select count(*) from household where year = 2019") \
    UI_REJECTED_ROWS=$(($(wc -l < cli_rej.csv) - 1))
node "$TOP/tests/ui/ui_import.cjs" || fail "browser test"
cmp -s ui_rejects.csv cli_rej.csv || fail "the downloaded rejects differ from the CLI's"
[ "$(sqlite3 k.db "select who || '|' || records from audit where action = 'import.rejects'")" = \
  "陇川员|$(($(wc -l < cli_rej.csv) - 1))" ] || fail "the download audited with its count"
# the stored snapshot: the CLI's (the refused second upload changed nothing)
[ "$(sqlite3 k.db "select hh_id, village, members from household where year = 2019")" = \
  "$(sqlite3 cli.db "select hh_id, village, members from household where year = 2019")" ] ||
    fail "the stored households are not the CLI's"
[ "$(sqlite3 k.db "select group_concat(outcome) from audit where action = 'import.registry'")" = ok,refused ] ||
    fail "both imports audited"
for f in import import-done import-refused import-phone import-denied; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
