# `kaohe review`, `kaohe rectify generate` and `kaohe rectify recheck` as
# use cases (src/app/review.c, src/app/rectify_gen.c): who may is decided
# there, once — for the review a role of [web] review_roles whose scope
# holds the whole year (a name that is no stored user is the operator at
# the console), audited with the totals in the review's transaction; for
# generate and recheck
# a registered user whose role may rectify or verify, a --region within
# the user's scope — each refusal audited (problems.generate /
# problems.recheck, denied) with nothing written; a permitted run audited
# with its counts in the same transaction as its problems or recheck run.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review
DB="--db k.db"
q() { sqlite3 k.db "$1"; }

# a second county, for a county officer whose scope is not the data's
{ cat "$D/regions.csv"; echo "533199000000,邻县,533100000000,县,,,,,"; } > regions.csv
expect_exit 0 "$KAOHE" import regions regions.csv $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" user add 张三 --role 县级 --region 533124000000 $DB
expect_exit 0 "$KAOHE" user add 审 --role 审计 $DB
expect_exit 0 "$KAOHE" user add 州 --role 市级 --region 533100000000 $DB
expect_exit 0 "$KAOHE" user add 镇 --role 乡级 --region 533124100000 $DB
expect_exit 0 "$KAOHE" user add 邻 --role 县级 --region 533199000000 $DB
last() { q "select who || '|' || action || '|' || object || '|' || outcome || '|' || coalesce(note, '')
    from audit order by id desc limit 1"; }
reviews() { q "select count(*) from review_run"; }

# The review: a role not in review_roles, refused and audited, nothing.
KAOHE_USER=审 expect_exit 1 "$KAOHE" review --year 2019 $DB
grep -q "你的角色(审计)不能运行退出核查" err.txt || fail "review role refusal said: $(cat err.txt)"
[ "$(last)" = "审|review.run|review/2019|denied|role_denied" ] ||
    fail "review role refusal audited: $(last)"
# another county's officer: the year is not within the scope
KAOHE_USER=邻 expect_exit 1 "$KAOHE" review --year 2019 $DB
grep -q "holds households outside your region" err.txt || fail "review scope said: $(cat err.txt)"
[ "$(last)" = "邻|review.run|review/2019|denied|out_of_scope" ] ||
    fail "review scope refusal audited: $(last)"
[ "$(reviews)" = 0 ] || fail "a refused review stores nothing"
# the county's officer: reviewed and audited with the totals
KAOHE_USER=张三 expect_exit 0 "$KAOHE" review --year 2019 $DB
[ "$(reviews)" = 1 ] || fail "the review stored"
[ "$(q "select who || '|' || object || '|' || records || '|' || after from audit
      where action = 'review.run' and outcome = 'ok'")" =   '张三|review/2019|6|{"households":6,"persons":11,"skipped":0,"exit_ready":1,"standards":"national"}' ] ||
    fail "review audited: $(q "select * from audit where action = 'review.run'")"
# not a stored user: the operator at the console, audited under the name
KAOHE_USER=操作员 expect_exit 0 "$KAOHE" review --year 2019 $DB
[ "$(last)" = "操作员|review.run|review/2019|ok|" ] || fail "the console's review audited: $(last)"
problems() { q "select count(*) from problem"; }

# a role that may neither rectify nor verify: refused, audited, nothing
KAOHE_USER=审 expect_exit 1 "$KAOHE" rectify generate --year 2019 $DB
grep -q "你的角色(审计)无权生成或复核问题" err.txt || fail "role refusal said: $(cat err.txt)"
[ "$(last)" = "审|problems.generate|problems/2019|denied|role_denied" ] ||
    fail "role refusal audited: $(last)"
[ "$(problems)" = 0 ] || fail "a refused generate adds nothing"
# a region outside the user's scope (the county above a township's)
KAOHE_USER=镇 expect_exit 1 "$KAOHE" rectify generate --year 2019 --region 533124000000 $DB
grep -q "this region is outside what you may see" err.txt || fail "scope refusal said: $(cat err.txt)"
[ "$(last)" = "镇|problems.generate|problems/2019/533124000000|denied|out_of_scope" ] ||
    fail "scope refusal audited: $(last)"
[ "$(problems)" = 0 ] || fail "a refused generate adds nothing"
# not a user: told how to register, nothing
KAOHE_USER=nobody expect_exit 2 "$KAOHE" rectify generate --year 2019 $DB
grep -q "kaohe user add" err.txt || fail "unregistered user told how to register"
# the county's officer: the problems, audited with the counts
KAOHE_USER=张三 expect_exit 0 "$KAOHE" rectify generate --year 2019 --region 533124000000 $DB
n=$(problems)
[ "$n" -gt 0 ] || fail "problems generated"
[ "$(q "select who || '|' || object || '|' || records || '|' || after from audit
      where action = 'problems.generate' and outcome = 'ok'")" = \
  "张三|problems/2019/533124000000|$n|{\"added\":$n,\"kept\":0}" ] ||
    fail "generate audited: $(q "select * from audit where action = 'problems.generate'")"
# the province's officer of the region above: may name the county
KAOHE_USER=州 expect_exit 0 "$KAOHE" rectify generate --year 2019 --region 533124000000 $DB
grep -q "新增 0 个问题，$n 个已在清单中" out.txt || fail "generated again: $(cat out.txt)"

# recheck: the same rules
KAOHE_USER=审 expect_exit 1 "$KAOHE" rectify recheck --year 2019 $DB
[ "$(last)" = "审|problems.recheck|problems/2019|denied|role_denied" ] ||
    fail "recheck role refusal audited: $(last)"
KAOHE_USER=镇 expect_exit 1 "$KAOHE" rectify recheck --year 2019 --region 533100000000 $DB
[ "$(last)" = "镇|problems.recheck|problems/2019/533100000000|denied|out_of_scope" ] ||
    fail "recheck scope refusal audited: $(last)"
[ "$(q "select count(*) from recheck_run")" = 0 ] || fail "a refused recheck stores no run"
KAOHE_USER=张三 expect_exit 0 "$KAOHE" rectify recheck --year 2019 --format json $DB
run=$(python3 -c "import json; print(json.load(open('out.txt'))['run'])")
[ "$run" -gt 0 ] || fail "a recheck run"
[ "$(q "select who || '|' || object || '|' || outcome from audit
      where action = 'problems.recheck' and outcome = 'ok'")" = "张三|problems/2019|ok" ] ||
    fail "recheck audited"
q "select after from audit where action = 'problems.recheck' and outcome = 'ok'" |
    grep -q "\"run\":$run," || fail "the run's number in the audit entry"
echo "review, rectify generate/recheck: role and scope refused and audited once; the runs audited"
