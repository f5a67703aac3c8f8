# The assessment from uploaded inputs as a job of the server's one queue
# (POST /api/assessments/S/Y/L/run?job=1, then GET /api/jobs/ID): 202 with
# the job; polled to done, its result is the stored run, the same JSON as
# `kaohe assess show --format json` of the CLI's run of the same inputs
# (one file, or two as a multipart body); a role that may not, a 考核组
# bound to one city, inputs with a missing item or a cell not a number:
# each the job's result (refused, with the reason and where), audited,
# nothing stored; a bad job= answered 400; no job while an import runs
# (409 import_running); no temporary file left.
. "$TOP/tests/e2e/lib.sh"
D=$CASES/assess_hebei
S="--scheme hebei-city-2016 --year 2019 --level 市"
q() { sqlite3 k.db "$1"; }

for db in k.db cli.db; do
    expect_exit 0 "$KAOHE" init --db $db
    expect_exit 0 "$KAOHE" import regions "$D/regions.csv" --db $db
    expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db $db
done
# the command line's run of the same inputs
expect_exit 0 "$KAOHE" assess run $S --inputs "$D/inputs.csv" --db cli.db
expect_exit 0 "$KAOHE" assess show $S --format json --db cli.db
cp out.txt cli_show.json
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin --db k.db
echo 'group-pass-2020' | expect_exit 0 "$KAOHE" user add 考核 \
    --role 考核组 --password-stdin --db k.db
echo 'city1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲市员 \
    --role 市级 --region 130100000000 --password-stdin --db k.db
echo 'group1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲市考核 \
    --role 考核组 --region 130100000000 --password-stdin --db k.db

mkdir srvtmp
serve_start --tmp --db k.db --listen 127.0.0.1:0 --threads 2
login admin admin-pass-2020
login 考核 group-pass-2020
login 甲市员 city1-pass-2020
login 甲市考核 group1-pass-2020
R=/api/assessments/hebei-city-2016/2019/%E5%B8%82   # 市, escaped
cp "$D/inputs.csv" in.csv
same_json() { # A B: the same JSON value
    python3 -c "import json, sys
a = json.load(open(sys.argv[1], encoding='utf-8'))
b = json.load(open(sys.argv[2], encoding='utf-8'))
sys.exit(a != b)" "$1" "$2"
}
start() { # USER NAME QUERY FILE: the run as a job, 202; NAME.json has the job
    post "$1" "$2" "$R/run?$3" "$4"
    want "$2" 202
    [ "$(js "$2" 'd["url"]')" = "/api/jobs/$(js "$2" 'd["id"]')" ] ||
        fail "$2: the job's url: $(cat "$2.json")"
}
runs() { q "select count(*) from assess_run"; }
denied() { q "select who || '|' || object || '|' || note from audit
    where action = 'assessment.run' and outcome = 'denied' order by id desc limit 1"; }

# a bad job=: 400, nothing started
post 考核 badjob "$R/run?name=inputs.csv&job=yes" in.csv
want badjob 400

# 1. the run as a job: polled to done, the stored run is the CLI's
start 考核 j1 "name=inputs.csv&job=1" in.csv
wait_job 考核 j1d "$(js j1 'd["id"]')"
[ "$(js j1d '(d["kind"], d["name"], d["year"], d["scheme"], d["level"], d["percent"], d["user"])')" = \
  "('assess', '综合评价', 2019, 'hebei-city-2016', '市', 100, '考核')" ] || fail "the job: $(cat j1d.json)"
[ "$(js j1d '(d["result"]["status"], d["result"]["version"], d["result"]["regions"])')" = \
  "('done', 1, 3)" ] || fail "the job's result: $(cat j1d.json)"
python3 -c "import json; json.dump(json.load(open('j1d.json', encoding='utf-8'))['result']['assessment'],
    open('j1a.json', 'w', encoding='utf-8'), ensure_ascii=False)"
same_json j1a.json cli_show.json || fail "the job's ranking is not the CLI's: $(cat j1a.json)"
[ "$(runs)" = 1 ] || fail "one run stored"
expect_exit 0 "$KAOHE" assess show $S --format json --db k.db
same_json out.txt cli_show.json || fail "the stored run is not the CLI's"
as 考核 show GET "$R"
same_json show.json cli_show.json || fail "GET of the stored run"
[ "$(q "select who || '|' || object || '|' || records from audit
      where action = 'assessment.run' and outcome = 'ok'")" = \
  "考核|assessment/hebei-city-2016/2019/市/1|8" ] ||
    fail "the run audited: $(q "select * from audit where action = 'assessment.run'")"
# the job is its owner's (and of who sees all and may run the review)
as 甲市员 other GET "/api/jobs/$(js j1 'd["id"]')"
want other 404
as admin adm GET "/api/jobs/$(js j1 'd["id"]')"
want adm 200

# 2. refusals: the job's result, audited as the request's were, nothing
# stored
start 甲市员 j2 "name=inputs.csv&job=1" in.csv
wait_job 甲市员 j2d "$(js j2 'd["id"]')"
[ "$(js j2d '(d["result"]["status"], d["result"]["error"]["code"])')" = \
  "('refused', 'role_denied')" ] || fail "role refused: $(cat j2d.json)"
[ "$(denied)" = "甲市员|assessment/hebei-city-2016/2019/市|role_denied" ] ||
    fail "role refusal audited: $(denied)"
sed 's/^130200000000,乙市,8,/130200000000,乙市,,/' in.csv > miss.csv
start 甲市考核 j3 "name=miss.csv&job=1" miss.csv
wait_job 甲市考核 j3d "$(js j3 'd["id"]')"
[ "$(js j3d '(d["result"]["status"], d["result"]["error"]["code"])')" = \
  "('refused', 'scope_denied')" ] || fail "scope refused: $(cat j3d.json)"
grep -q "130200000000\|乙市" j3d.json && fail "the other city named: $(cat j3d.json)"
[ "$(denied)" = "甲市考核|assessment/hebei-city-2016/2019/市|scope_denied" ] ||
    fail "scope refusal audited: $(denied)"
start 考核 j4 "name=miss.csv&job=1" miss.csv
wait_job 考核 j4d "$(js j4 'd["id"]')"
[ "$(js j4d 'd["result"]["status"]')" = refused ] || fail "missing input: $(cat j4d.json)"
js j4d 'd["result"]["error"]["message"]' | grep -q "130200000000 乙市 缺少录入项“平时考核得分”" ||
    fail "missing input named: $(cat j4d.json)"
sed 's/^130101000000,甲一县,\/,0.01,/130101000000,甲一县,\/,abc,/' in.csv > nan.csv
start 考核 j5 "name=nan.csv&job=1" nan.csv
wait_job 考核 j5d "$(js j5 'd["id"]')"
[ "$(js j5d '(d["result"]["status"], d["result"]["error"]["file"], d["result"]["error"]["column"], d["result"]["error"]["row"] > 0)')" = \
  "('refused', 'nan.csv', 'wrong_exit', True)" ] || fail "not a number: where: $(cat j5d.json)"
[ "$(runs)" = 1 ] || fail "refused runs store nothing"

# 3. two files as a multipart body: merged as --inputs A --inputs B
head -1 in.csv > a.csv; sed -n '2,4p' in.csv >> a.csv
head -1 in.csv > b.csv; sed -n '5,$p' in.csv >> b.csv
expect_exit 0 "$KAOHE" assess run $S --inputs a.csv --inputs b.csv --db cli.db
expect_exit 0 "$KAOHE" assess show $S --format json --db cli.db
cp out.txt cli_show2.json
as 考核 j6 POST "$R/run?job=1" -H "X-CSRF-Token: $(cat 考核.csrf)" \
    -F "inputs=@a.csv" -F "inputs=@b.csv"
want j6 202
wait_job 考核 j6d "$(js j6 'd["id"]')"
[ "$(js j6d '(d["result"]["status"], d["result"]["version"])')" = "('done', 2)" ] ||
    fail "two files: $(cat j6d.json)"
python3 -c "import json; json.dump(json.load(open('j6d.json', encoding='utf-8'))['result']['assessment'],
    open('j6a.json', 'w', encoding='utf-8'), ensure_ascii=False)"
same_json j6a.json cli_show2.json || fail "two files: not the CLI's run"
[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"

# 4. one job at a time on the database: not during an import
expect_exit 0 "$KAOHE" gen --persons 30000 --out big
post admin imp "/api/imports?year=2020&name=big.csv" big/registry.csv
want imp 202
post 考核 busy "$R/run?name=inputs.csv&job=1" in.csv
want busy 409
[ "$(js busy '(d["error"]["code"], d["error"]["running"])')" = "('import_running', $(js imp 'd["id"]'))" ] ||
    fail "a run during an import: $(cat busy.json)"
k=0
while :; do
    as admin impd GET "/api/imports/$(js imp 'd["id"]')"
    [ "$(js impd 'd["phase"]')" = done ] && break
    k=$((k + 1))
    [ $k -gt 600 ] && fail "the import did not finish"
    sleep 0.1
done
[ "$(runs)" = 2 ] || fail "the refused start stored nothing"
stop
wait $pid || fail "server exit status"
trap - EXIT
[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"
echo "assessment jobs: run as the CLI runs them, refusals the job's result and audited"
