# The work after an import as jobs over HTTP (src/web/web_jobs.c,
# docs/http-api.md "Jobs"): POST /api/jobs?kind=review|indicators|generate
# runs the same use case as `kaohe review`, `kaohe indicators` and `kaohe
# rectify generate` in the background, one at a time; GET /api/jobs/ID
# gives the phase and the result — the review stored as the command
# line's review is (the same counts), the problems the command line's
# generate would add; a role that may not is refused by the use case,
# the refusal the job's result and audited; another user cannot see a
# job; a bad kind or year is a 400.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review
DB="--db k.db"
q() { sqlite3 k.db "$1"; }

expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 县 \
    --role 县级 --region 533124000000 --password-stdin $DB
echo 'audit-pass-2020' | expect_exit 0 "$KAOHE" user add 审 \
    --role 审计 --password-stdin $DB
mkdir srvtmp
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2
login admin admin-pass-2020
login 县 county-pass-2020
login 审 audit-pass-2020
J="-H Content-Type:application/json -d {}"
job() { # USER NAME QUERY: start a job, NAME.json has its id
    # shellcheck disable=SC2086
    AS_CSRF=1 as "$1" "$2" POST "/api/jobs?$3" $J
}

# bad requests
job admin bad1 "kind=nothing&year=2019"
want bad1 400
job admin bad2 "kind=review"
want bad2 400
# the review as the county's officer: the same counts as the CLI's
job 县 r1 "kind=review&year=2019"
want r1 202
ID=$(js r1 'd["id"]')
wait_job 县 r1d "$ID"
[ "$(js r1d 'd["result"]["status"], d["kind"], d["year"], d["percent"]')" = "('done', 'review', 2019, 100)" ] ||
    fail "review job: $(cat r1d.json)"
[ "$(q "select count(*) from review_run where year = 2019")" = 1 ] || fail "the review stored"
[ "$(q "select who || '|' || addr || '|' || outcome from audit where action = 'review.run'")" = \
  "县|127.0.0.1|ok" ] || fail "review audited as the user: $(q "select * from audit where action = 'review.run'")"
cp k.db cli.db
expect_exit 0 "$KAOHE" review --year 2019 --db cli.db --format json
[ "$(js r1d '(d["result"]["households"], d["result"]["persons"], d["result"]["exit_ready"])')" = \
  "$(python3 -c "import json; d = json.load(open('out.txt')); print((d['households'], d['persons'], len(d['exit_ready'])))")" ] ||
    fail "the job's review is the CLI's: $(cat r1d.json)"
# another user cannot see it
as 审 r1x GET "/api/jobs/$ID"
want r1x 404
# a role that may not review: refused by the use case, audited
job 审 r2 "kind=review&year=2019"
want r2 202
wait_job 审 r2d "$(js r2 'd["id"]')"
[ "$(js r2d 'd["result"]["status"], d["result"]["error"]["code"]')" = "('refused', 'role_denied')" ] ||
    fail "refused review: $(cat r2d.json)"
[ "$(q "select who || '|' || outcome || '|' || note from audit where action = 'review.run' order by id desc limit 1")" = \
  "审|denied|role_denied" ] || fail "the refusal audited"
# the indicators
job 县 i1 "kind=indicators&year=2019"
wait_job 县 i1d "$(js i1 'd["id"]')"
[ "$(js i1d 'd["result"]["status"], d["result"]["review"], d["result"]["regions"] > 0')" = "('done', True, True)" ] ||
    fail "indicators job: $(cat i1d.json)"
# the problems: what the CLI's generate adds
job 县 g1 "kind=generate&year=2019"
wait_job 县 g1d "$(js g1 'd["id"]')"
n=$(q "select count(*) from problem")
[ "$n" -gt 0 ] || fail "problems generated"
[ "$(js g1d 'd["result"]["status"], d["result"]["added"], d["result"]["kept"]')" = "('done', $n, 0)" ] ||
    fail "generate job: $(cat g1d.json)"
KAOHE_USER=县 expect_exit 0 "$KAOHE" rectify generate --year 2019 --db cli.db
[ "$(sqlite3 cli.db "select count(*) from problem")" = "$n" ] || fail "the CLI generates as many"
[ "$(q "select created_by from problem group by created_by")" = 县 ] || fail "created by the job's user"
# a year not stored: refused with the reason
job 县 m1 "kind=generate&year=2018"
wait_job 县 m1d "$(js m1 'd["id"]')"
[ "$(js m1d 'd["result"]["error"]["code"]')" = year_missing ] || fail "missing year: $(cat m1d.json)"
# one at a time on the database: no job while an import runs
expect_exit 0 "$KAOHE" gen --persons 30000 --out big
post admin imp "/api/imports?year=2020&name=big.csv" big/registry.csv
want imp 202
job admin busy "kind=review&year=2019"
want busy 409
[ "$(js busy 'd["error"]["code"]')" = import_running ] || fail "a job during an import: $(cat busy.json)"
k=0
while :; do
    as admin impd GET "/api/imports/$(js imp 'd["id"]')"
    [ "$(js impd 'd["phase"]')" = done ] && break
    k=$((k + 1))
    [ $k -gt 600 ] && fail "the import did not finish"
    sleep 0.1
done
echo "jobs: review, indicators and generate run as the CLI runs them, as the user who started them"
