# Every page of the web UI in plain Chinese (issue #16): on a generated
# county (tests/ui/setup.sh: review findings, a sample, problems) with an
# import that has findings, problems generated from the indicators and
# from an assessment run under hebei-city-2016, each role logs in
# (tests/ui/ui_text.cjs) and visits every page it may — dashboard,
# households (and by a finding), 一户一档 and its edit form, import with
# a finished job's findings, problems, a problem, the board with its
# documents, 综合评价 (ranking and a region's explanation), the sample,
# 项目资金 (the library, a project, the findings of 资金项目检查) —
# and the text of each (document.body.innerText, the options of every
# list, titles and placeholders, the charts' titles, axes and series) is
# checked by tests/e2e/plain_text.py as the documents are: no ASCII
# identifier of three letters or more, no "unknown", "undefined", "null",
# "NaN", no comparison false as printed. Screenshots text-*.png.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/ui/setup.sh"
A="--scheme hebei-city-2016 --year 2019 --level 市"
expect_exit 0 "$KAOHE" assess template $A $DB -o t.csv
sh "$TOP/tools/assess-inputs.sh" t.csv > in.csv || fail "inputs"
export KAOHE_USER=admin
expect_exit 0 "$KAOHE" assess run $A --inputs in.csv $DB
expect_exit 0 "$KAOHE" rectify generate --year 2019 $DB
expect_exit 0 "$KAOHE" rectify generate --year 2019 --assessment hebei-city-2016 --level 市 $DB
CITY=$(q "select code from region where level = 2 limit 1")
for u in 市:市级:$CITY 考:考核组: 审:审计: 牵:牵头部门:; do
    n=$(echo "$u" | cut -d: -f1) r=$(echo "$u" | cut -d: -f2) g=$(echo "$u" | cut -d: -f3)
    set -- --role "$r"
    [ -n "$g" ] && set -- "$@" --region "$g"
    echo "$n-pass-2020x" | expect_exit 0 "$KAOHE" user add "$n" "$@" --password-stdin $DB
done
# a registry file with faults for the import page's findings
# (under a Chinese name: a file's name is the user's, shown as given)
expect_exit 0 "$KAOHE" gen --persons 300 --seed 7 --year 2020 --faults 10 --out bad
cp bad/registry.csv 建档立卡2020.csv
# the county's project library, allocations and payments (the same
# generated province, with its injected faults: findings to show)
expect_exit 0 "$KAOHE" gen --persons 2000 --funds --out gf
expect_exit 0 "$KAOHE" import projects gf/projects.csv $DB
expect_exit 0 "$KAOHE" import allocations gf/allocations.csv $DB
expect_exit 0 "$KAOHE" import payments gf/payments.csv --region $COUNTY $DB
HH=$(q "select hh_id from household where village like '530121101%' order by hh_id limit 1")
# (setup.sh makes five exited households of township 1 poor: exit_income)
FINDING=exit_income
UI_USERS="admin:admin-pass-2020 甲:town1-pass-2020 丙:county-pass-2020 评估:third-pass-2020 市:市-pass-2020x 考:考-pass-2020x 审:审-pass-2020x 牵:牵-pass-2020x" \
UI_HH=$HH UI_FINDING=$FINDING UI_COUNTY=$COUNTY UI_CITY=$CITY UI_BAD=$PWD/建档立卡2020.csv \
UI_OUT=$PWD/texts node "$TOP/tests/ui/ui_text.cjs" || fail "browser test"
n=$(ls texts | wc -l)
[ "$n" -gt 40 ] || fail "pages visited: $n"
# (admin: setup.sh's user name, shown as who is logged in; registry: the
# name of the file setup.sh imported, g/registry.csv, shown as the year's
# source)
python3 "$TOP/tests/e2e/plain_text.py" --allow admin,registry texts/* > scan.txt || fail "the pages: $(head -40 scan.txt)"
tail -1 scan.txt
for f in text-admin-dashboard text-甲-household-edit text-考-assess-explain text-丙-board; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
exit 0
