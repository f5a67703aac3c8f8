# 第三方评估 as use cases (issue 12): `kaohe sample estimate --format json`
# and GET /api/samples/ID/estimate give the same bytes (one renderer, one
# use case); the rule of who may is decided once and audited — a 乡级
# user refused over HTTP, and at the command line a registered user of
# another role refused `sample design`, `import survey` and `sample
# estimate`, each refusal in the audit log and nothing stored.
. "$TOP/tests/e2e/lib.sh"
C=$TOP/tests/cases/sample_hand
DB="--db k.db"
expect_exit 0 "$KAOHE" import regions $C/regions.csv $DB
expect_exit 0 "$KAOHE" import registry $C/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" import roster $C/roster.csv --year 2019 $DB
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530000000000 \
    --margin 0.05 --villages-per-county 2 --households-per-village 2 \
    --seed 7 $DB
expect_exit 0 "$KAOHE" import survey $C/survey.csv $DB
expect_exit 0 "$KAOHE" sample estimate $DB --format json -o cli.json
q() { sqlite3 k.db "$1"; }

# The design id travels with the survey (issue 19): the field lists and
# the template carry 抽样方案编号; a survey of another design is refused
# row by row (file, row, column), nothing stored.
expect_exit 0 "$KAOHE" sample lists --out lists $DB
expect_exit 0 "$KAOHE" template survey -o tpl.xlsx
for f in lists/533124100201.xlsx tpl.xlsx; do
    python3 - "$f" <<'PY' || fail "$f lacks 抽样方案编号"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
assert "抽样方案编号" in text
PY
done
python3 - lists/533124100201.xlsx <<'PY' || fail "the list's rows name design 1"
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
s = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
rows = re.findall(r"<row [^>]*>(.*?)</row>", s)
# the last cell of every data row is the design, 1
assert len(rows) > 1 and all(re.findall(r"<v>([^<]*)</v>|<t>([^<]*)</t>", r)[-1] in (("1", ""), ("", "1")) for r in rows[1:]), rows[1]
PY
sed '1s/$/,抽样方案编号/; 2,$s/$/,1/' $C/survey.csv > s1.csv
sed '1s/$/,抽样方案编号/; 2s/$/,1/; 3s/$/,2/; 4,$s/$/,1/' $C/survey.csv > s2.csv
BEFORE=$(q "select group_concat(hh_id || source) from survey")
expect_exit 1 "$KAOHE" import survey s2.csv $DB --format json
grep -q '"file": "s2.csv", "row": 2, "line": 3, "column": "抽样方案编号", "hh_id": "[^"]*", "id_no": "", "code": "survey_other_design"' out.txt ||
    fail "another design's row refused by file, row and column: $(cat out.txt)"
grep -q "不是导入的抽样方案 1" out.txt || fail "the message says which: $(cat out.txt)"
[ "$(q "select group_concat(hh_id || source) from survey")" = "$BEFORE" ] ||
    fail "nothing stored"
expect_exit 0 "$KAOHE" import survey s1.csv $DB
expect_exit 0 "$KAOHE" import survey $C/survey.csv $DB
# the console of a database without users did it, audited
[ "$(q "select count(distinct action) from audit where action in ('sample.design', 'import.roster', 'import.survey') and outcome = 'ok'")" = 3 ] ||
    fail "design and imports audited: $(q "select action, outcome from audit")"

echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'third-pass-2020' | expect_exit 0 "$KAOHE" user add 评估 \
    --role 第三方评估 --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region 533124100000 --password-stdin $DB

# the command line as 甲: refused, audited, nothing stored
BEFORE=$(q "select count(*) from sample_design")
KAOHE_USER=甲 expect_exit 1 "$KAOHE" sample design --year 2019 \
    --region 530000000000 --margin 0.05 --villages-per-county 2 $DB
grep -q "不能对区划 530000000000" err.txt || fail "the refusal says why: $(cat err.txt)"
KAOHE_USER=甲 expect_exit 1 "$KAOHE" import survey $C/survey.csv $DB
KAOHE_USER=甲 expect_exit 1 "$KAOHE" sample estimate $DB
[ "$(q "select count(*) from sample_design")" = "$BEFORE" ] || fail "nothing stored"
[ "$(q "select group_concat(action || ':' || outcome, ' ') from (select action, outcome from audit where who = '甲' order by id)")" = \
  "sample.design:denied import.survey:denied sample.estimate:denied" ] ||
    fail "refusals audited: $(q "select action, outcome from audit where who = '甲'")"
# the 第三方评估 reads the estimates at the command line, as the console did
KAOHE_USER=评估 expect_exit 0 "$KAOHE" sample estimate $DB --format json -o cli2.json
cmp -s cli.json cli2.json || fail "the same estimates for 评估"

serve_start $DB --listen 127.0.0.1:0 --threads 2
login 评估 third-pass-2020
login 甲 town1-pass-2020
as 评估 est GET /api/samples/0/estimate
want est 200
cmp -s cli.json est.json || fail "API and CLI differ: $(diff cli.json est.json | head -5)"
as 评估 est1 GET /api/samples/1/estimate
cmp -s cli.json est1.json || fail "design 1 is the latest"
as 评估 estw GET "/api/samples/1/estimate?ci=wald"
want estw 200
KAOHE_USER=评估 expect_exit 0 "$KAOHE" sample estimate $DB --ci wald --format json -o cliw.json
cmp -s cliw.json estw.json || fail "--ci wald: API and CLI differ"
as 评估 bad GET "/api/samples/1/estimate?ci=exact"
want bad 400
as 评估 none GET /api/samples/9/estimate
want none 404
as 甲 no GET /api/samples/1/estimate
want no 403
[ "$(q "select count(*) from audit where who = '甲' and action = 'sample.estimate' and outcome = 'denied'")" = 2 ] ||
    fail "the HTTP refusal audited once: $(q "select action, outcome, addr from audit where who = '甲'")"
kill -TERM $pid
wait $pid || fail "server exit status"
