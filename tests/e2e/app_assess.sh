# The assessment run as a use case (src/app/assess_run.c,
# kh_app_assess_run): `kaohe assess run --user NAME` is decided as POST
# /api/assessments/.../run is (tests/e2e/serve_assess.sh): a role that may
# not enter inputs is refused, a 考核组 bound to one city may not score a
# level that takes in the other cities (refused before the inputs are
# read, the other city unnamed), each refusal audited as assessment.run,
# denied, with nothing stored; the run of a user who may is stored and
# audited with its version, inputs and regions. Without --user the
# operator at the console runs it, unaudited, as before.
. "$TOP/tests/e2e/lib.sh"
D=$CASES/assess_hebei
DB="--db k.db"
S="--scheme hebei-city-2016 --year 2019 --level 市 --db k.db"
q() { sqlite3 k.db "$1"; }

expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" user add 考核 --role 考核组 $DB
expect_exit 0 "$KAOHE" user add 甲市员 --role 市级 --region 130100000000 $DB
expect_exit 0 "$KAOHE" user add 甲市考核 --role 考核组 --region 130100000000 $DB
runs() { q "select count(*) from assess_run"; }
denied() { q "select who || '|' || object || '|' || note from audit
    where action = 'assessment.run' and outcome = 'denied' order by id desc limit 1"; }

# a role that may not: refused (exit 1), audited, nothing stored
expect_exit 1 "$KAOHE" assess run $S --inputs "$D/inputs.csv" --user 甲市员
grep -q "你的角色(市级)不能录入考核数据" err.txt &&
    grep -q "your role (市级) may not enter assessment inputs" err.txt ||
    fail "role refusal said: $(cat err.txt)"
[ "$(denied)" = "甲市员|assessment/hebei-city-2016/2019/市|role_denied" ] ||
    fail "role refusal audited: $(denied)"
# bound to one city: the level takes in the others: refused before the
# inputs are read (a missing input of the other city is not named)
sed 's/^130200000000,乙市,8,/130200000000,乙市,,/' "$D/inputs.csv" > miss.csv
expect_exit 1 "$KAOHE" assess run $S --inputs miss.csv --user 甲市考核
grep -q "此次考核包括你的区划以外的区划" err.txt ||
    fail "scope refusal said: $(cat err.txt)"
grep -q "130200000000\|乙市" err.txt && fail "the other city named: $(cat err.txt)"
[ "$(denied)" = "甲市考核|assessment/hebei-city-2016/2019/市|scope_denied" ] ||
    fail "scope refusal audited: $(denied)"
# not a user
expect_exit 2 "$KAOHE" assess run $S --inputs "$D/inputs.csv" --user 无名
grep -q "no user 无名" err.txt || fail "not a user: $(cat err.txt)"
[ "$(runs)" = 0 ] || fail "refused runs store nothing"
[ "$(q "select count(*) from audit where action = 'assessment.run' and outcome = 'ok'")" = 0 ] ||
    fail "refused runs leave no ok entry"
# a user who may: stored and audited, as the server's run
expect_exit 0 "$KAOHE" assess run $S --inputs "$D/inputs.csv" --user 考核 --format json
[ "$(runs)" = 1 ] || fail "the run stored"
[ "$(q "select who || '|' || addr || '|' || object || '|' || records || '|' || after from audit
      where action = 'assessment.run' and outcome = 'ok'")" = \
  '考核|cli|assessment/hebei-city-2016/2019/市/1|8|{"version":1,"inputs":"'"$D"'/inputs.csv","regions":8}' ] ||
    fail "the run audited: $(q "select * from audit where action = 'assessment.run'")"
# the console's run (no --user): as before, not audited
expect_exit 0 "$KAOHE" assess run $S --inputs "$D/inputs.csv"
[ "$(runs)" = 2 ] || fail "the console's run stored"
[ "$(q "select count(*) from audit where action = 'assessment.run'")" = 3 ] ||
    fail "the console's run is not audited"
echo "assess run --user: role and scope refused and audited as the server does; a permitted run audited"
