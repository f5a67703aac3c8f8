# Several assessment inputs files uploaded at once from the assessment page
# (tests/ui/ui_inputs.cjs): a conflicting pair refused naming both files
# and storing nothing; a pair that fits stored as the next version, whose
# inputs name their files. Screenshots inputs-*.png.
. "$TOP/tests/e2e/lib.sh"
D=$CASES/assess_hebei
DB="--db k.db"
S="--scheme hebei-city-2016 --year 2019 --level 市 --db k.db"
need_browser
expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" assess run $S --inputs "$D/inputs.csv"
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'group-pass-2020' | expect_exit 0 "$KAOHE" user add 考核 \
    --role 考核组 --password-stdin $DB
cut -d, -f1-7 "$D/inputs.csv" > a.csv
cut -d, -f1,2,8- "$D/inputs.csv" > b.csv
awk -F, 'NR == FNR { d[FNR] = $3; next } { print $0 "," d[FNR] }' a.csv b.csv > b2.csv
sed -i 's/^\(130200000000,.*\),8$/\1,7/' b2.csv
grep -q '^130200000000,.*,7$' b2.csv || fail "b2.csv: 乙市's daily 7"

serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
export URL TOP ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui}
UI_USER=考核 UI_PASS=group-pass-2020 UI_CONFLICT="$PWD/a.csv,$PWD/b2.csv" \
    UI_GOOD="$PWD/a.csv,$PWD/b.csv" node "$TOP/tests/ui/ui_inputs.cjs" ||
    fail "browser test"
[ "$(sqlite3 k.db "select count(*) from assess_run")" = 2 ] || fail "one run added"
[ "$(sqlite3 k.db "select after from audit where action = 'assessment.run' and outcome = 'ok'")" = \
  '{"version":2,"inputs":"a.csv, b.csv","regions":8}' ] ||
    fail "the run audited with both files: $(sqlite3 k.db "select after from audit where action = 'assessment.run'")"
exit 0
