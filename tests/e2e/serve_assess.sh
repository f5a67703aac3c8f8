# 综合评价 over HTTP (kaohe serve), with curl against a server started here
# on 127.0.0.1: the stored runs; a run's ranking, the same JSON as `kaohe
# assess show --format json` for a user who sees all, narrowed to its
# subtree for a city officer; a region's explanation, the same JSON as
# `kaohe assess explain --format json`; another city's explanation refused
# (403) and audited; roles without regions refused; bad level, year and
# version answered 400 / 404.
. "$TOP/tests/e2e/lib.sh"
D=$CASES/assess_hebei
DB="--db k.db"
S="--scheme hebei-city-2016 --year 2019 --level 市 --db k.db"
CITY1=130100000000 CITY2=130200000000

expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
expect_exit 0 "$KAOHE" assess run $S --inputs "$D/inputs.csv"
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'group-pass-2020' | expect_exit 0 "$KAOHE" user add 考核 \
    --role 考核组 --password-stdin $DB
echo 'city1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲市员 \
    --role 市级 --region $CITY1 --password-stdin $DB
echo 'dept-pass-2020' | expect_exit 0 "$KAOHE" user add 教育局 \
    --role 责任单位 --dept 县教育局 --password-stdin $DB
echo 'group1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲市考核 \
    --role 考核组 --region $CITY1 --password-stdin $DB

mkdir srvtmp
# the server writes PDFs: under ASan, slow unwinding so that the system
# libraries' leaks in tests/lsan.supp are recognised
asan=${ASAN_OPTIONS:-}
[ -n "$asan" ] && export ASAN_OPTIONS="$asan:fast_unwind_on_malloc=0"
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2
same_json() { # A B: the same JSON value
    python3 -c "import json, sys
a = json.load(open(sys.argv[1], encoding='utf-8'))
b = json.load(open(sys.argv[2], encoding='utf-8'))
sys.exit(a != b)" "$1" "$2"
}
login admin admin-pass-2020
login 考核 group-pass-2020
login 甲市员 city1-pass-2020
login 教育局 dept-pass-2020
login 甲市考核 group1-pass-2020
R=/api/assessments/hebei-city-2016/2019/%E5%B8%82   # 市, escaped

# before login: 401
api anon GET /api/assessments
want anon 401

# the stored runs: one
as 考核 runs GET /api/assessments
want runs 200
[ "$(js runs 'len(d["runs"])')" = 1 ] || fail "one stored run"
[ "$(js runs '(d["runs"][0]["scheme"], d["runs"][0]["level"], d["runs"][0]["version"])')" = \
  "('hebei-city-2016', '市', 1)" ] || fail "the run: $(cat runs.json)"

# the ranking: what kaohe assess show prints
expect_exit 0 "$KAOHE" assess show $S --format json
cp out.txt cli_show.json
as 考核 show GET "$R"
want show 200
same_json show.json cli_show.json || fail "ranking: not the CLI's JSON"
[ "$(js show 'len(d["regions"])')" = 3 ] || fail "three cities ranked"
# by the Chinese level name unescaped too, and ?version=1
as admin show1 GET "/api/assessments/hebei-city-2016/2019/市?version=1"
want show1 200
same_json show1.json cli_show.json || fail "version 1 by name"
# the city officer: its own city only
as 甲市员 showc GET "$R"
want showc 200
[ "$(js showc '[g["code"] for g in d["regions"]]')" = "['$CITY1']" ] ||
    fail "city officer: only its city: $(cat showc.json)"

# the explanation: what kaohe assess explain prints
expect_exit 0 "$KAOHE" assess explain $CITY1 $S --format json
cp out.txt cli_expl.json
as 甲市员 expl GET "$R/$CITY1"
want expl 200
same_json expl.json cli_expl.json || fail "explanation: not the CLI's JSON"
[ "$(js expl 'len(d["inputs"]) > 0 and len(d["items"]) > 0')" = True ] ||
    fail "explanation has items and inputs"
# a county of the city, scored under the county scheme
as 甲市员 explc GET "$R/130101000000"
want explc 200
[ "$(js explc 'd["scheme"]')" = hebei-county-2016 ] || fail "county explained"

# the households behind an indicator item: those `assess explain --all`
# lists, adding up to the item's numerator
ITEM=$(python3 -c "import urllib.parse; print(urllib.parse.quote('集中考核/减贫成效/贫困发生率'))")
as 甲市员 hh GET "$R/$CITY1/households?item=$ITEM"
want hh 200
expect_exit 0 "$KAOHE" assess explain $CITY1 $S --all
python3 - <<'PY' || fail "households: not the CLI's"
import json
d = json.load(open("hh.json", encoding="utf-8"))
e = json.load(open("cli_expl.json", encoding="utf-8"))
lines = open("out.txt", encoding="utf-8").read().split("\n")
i = next(k for k, l in enumerate(lines) if l.strip().startswith("集中考核/减贫成效/贫困发生率：得"))
i = next(k for k in range(i, len(lines)) if "计入分子的户" in lines[k])
cli = []
for l in lines[i + 1:]:
    if not l.startswith("        ") or l.strip().startswith("…"):
        break
    hh, village, terms = l.strip().split("\t")
    num, den = (int(x.strip().lstrip("+")) for x in terms.split("/"))
    cli.append((hh, village, num, den))
api = [(h["hh_id"], h["village"], h["num"], h["den"]) for h in d["households"]]
assert api == cli and d["total"] == len(cli), (api, cli)
item = next(x for x in e["items"] if x["path"] == "集中考核/减贫成效/贫困发生率")
assert sum(h[2] for h in api) == item["num"], (api, item)
PY
as 甲市员 hh2 GET "$R/$CITY1/households?item=$ITEM&limit=2"
[ "$(js hh2 'len(d["households"]), d["total"]')" = "(2, $(js hh 'd["total"]'))" ] ||
    fail "limit: $(cat hh2.json)"
as 甲市员 hh3 GET "$R/$CITY2/households?item=$ITEM"
want hh3 404
as 甲市员 hh4 GET "$R/$CITY1/households?item=%E5%B9%B3%E6%97%B6%E8%80%83%E6%A0%B8"
want hh4 404

# another city: 404 as if absent, audited, nothing of it in the reply
n0=$(sqlite3 k.db "select count(*) from audit where action = 'assessment.read'")
as 甲市员 other GET "$R/$CITY2"
want other 404
[ "$(js other 'd["error"]["code"]')" = not_found ] || fail "out of scope: not_found"
grep -q 乙市 other.json && fail "nothing of the other city in the reply"
[ "$(sqlite3 k.db "select who || '|' || outcome || '|' || object from audit
      where action = 'assessment.read' order by id desc limit 1")" = \
  "甲市员|denied|assessment/hebei-city-2016/2019/市/$CITY2" ] ||
    fail "refusal audited: $(sqlite3 k.db "select * from audit order by id desc limit 1")"
[ "$(sqlite3 k.db "select count(*) from audit where action = 'assessment.read'")" = \
  $((n0 + 1)) ] || fail "one audit row"

# roles without regions: 403
as 教育局 dept GET /api/assessments
want dept 403
as 教育局 dept2 GET "$R"
want dept2 403

# bad requests
as admin badlv GET /api/assessments/hebei-city-2016/2019/X
want badlv 400
as admin badyr GET "/api/assessments/hebei-city-2016/20x9/%E5%B8%82"
want badyr 400
as admin badver GET "$R?version=0"
want badver 400
as admin nover GET "$R?version=9"
want nover 404
as admin noscheme GET "/api/assessments/nope/2019/%E5%B8%82"
want noscheme 404
as admin noreg GET "$R/110000000000"
want noreg 404
as admin badcode GET "$R/1301"
want badcode 400

# 4. Entering the inputs: POST the inputs file, scored as `assess run`.
RUN="$R/run?name=inputs.csv"
cp "$D/inputs.csv" in.csv
runs() { sqlite3 k.db "select count(*) from assess_run"; }
before=$(dump k.db)
# a role that may not: 403, audited
post 甲市员 r_city "$RUN" in.csv
want r_city 403
[ "$(js r_city 'd["error"]["code"]')" = role_denied ] || fail "role_denied"
[ "$(sqlite3 k.db "select who || '|' || outcome from audit
      where action = 'assessment.run' order by id desc limit 1")" = \
  "甲市员|denied" ] || fail "refused run audited"
# no CSRF token: 403, nothing
as 考核 r_csrf POST "$RUN" -H 'Content-Type: application/octet-stream' \
    --data-binary @in.csv
want r_csrf 403
# 考核组 bound to one city: the run takes in the other cities: 403
post 甲市考核 r_scope "$RUN" in.csv
want r_scope 403
[ "$(js r_scope 'd["error"]["code"]')" = scope_denied ] || fail "scope of a run"
# a missing input: 422 naming the region and the input
sed 's/^130200000000,乙市,8,/130200000000,乙市,,/' in.csv > miss.csv
# the scope is checked before the inputs: 甲市考核's run with another
# city's input missing is refused for the scope, the other city unnamed
post 甲市考核 r_scope2 "$RUN" miss.csv
want r_scope2 403
[ "$(js r_scope2 'd["error"]["code"]')" = scope_denied ] || fail "scope first: $(cat r_scope2.json)"
grep -q "130200000000\|乙市" r_scope2.json && fail "the other city named: $(cat r_scope2.json)"
post 考核 r_miss "$R/run?name=miss.csv" miss.csv
want r_miss 422
js r_miss 'd["error"]["message"]' | grep -q "130200000000 乙市 缺少录入项“平时考核得分”" ||
    fail "missing input named: $(cat r_miss.json)"
# not a number: the file (the uploaded name), the row and the column
sed 's/^130101000000,甲一县,\/,0.01,/130101000000,甲一县,\/,abc,/' in.csv > nan.csv
post 考核 r_nan "$R/run?name=nan.csv" nan.csv
want r_nan 422
[ "$(js r_nan '(d["error"]["file"], d["error"]["column"], d["error"]["row"] > 0)')" = \
  "('nan.csv', 'wrong_exit', True)" ] || fail "not a number: where: $(cat r_nan.json)"
# a bad file name, an empty file
post 考核 r_name "$R/run?name=../x.csv" in.csv
want r_name 400
: > empty.csv
post 考核 r_empty "$R/run?name=empty.csv" empty.csv
[ "$(cat r_empty.code)" -ge 400 ] || fail "an empty file refused"
grep -q "/tmp\|kaohe-inputs" r_empty.json && fail "the server's temporary path shown"
[ "$(runs)" = 1 ] || fail "refused runs store nothing"
[ "$(sqlite3 k.db "select count(*) from audit where action = 'assessment.run' and outcome = 'ok'")" = 0 ] ||
    fail "refused runs leave no ok entry"
# the good file, with a column no scheme uses: version 2, noted
sed '1s/$/,extra/; 2,$s/$/,1/' in.csv > extra.csv
post 考核 r_ok "$R/run?name=inputs.csv" extra.csv
want r_ok 200
[ "$(js r_ok 'd["version"]')" = 2 ] || fail "stored as version 2"
js r_ok 'd["notes"][0]["message_en"]' | grep -q "column 'extra'" ||
    fail "the unused column noted: $(cat r_ok.json)"
[ "$(runs)" = 2 ] || fail "one run more"
expect_exit 0 "$KAOHE" assess show $S --version 2 --format json
python3 -c "import json, sys
a = json.load(open('r_ok.json', encoding='utf-8')); del a['notes']
b = json.load(open('out.txt', encoding='utf-8'))
sys.exit(a != b)" || fail "the run's reply is the stored ranking"
python3 -c "import json, sys
a = json.load(open('r_ok.json', encoding='utf-8')); del a['notes']
b = json.load(open('cli_show.json', encoding='utf-8')); b['version'] = 2
sys.exit(a != b)" || fail "the same inputs score as the CLI's run"
[ "$(sqlite3 k.db "select who || '|' || object || '|' || records from audit
      where action = 'assessment.run' and outcome = 'ok'")" = \
  "考核|assessment/hebei-city-2016/2019/市/2|8" ] ||
    fail "the run audited: $(sqlite3 k.db "select * from audit where action = 'assessment.run'")"
# the inputs' provenance names the uploaded file
as 考核 expl2 GET "$R/$CITY1?version=2"
want expl2 200
[ "$(js expl2 'sorted(set(i["file"] for i in d["inputs"]))')" = \
  "['inputs.csv', 'registry 2019']" ] || fail "provenance: $(js expl2 'd["inputs"]')"

# 5. The 考核通报 as a download: made on request by the library's writer,
# the user and the time on every page, audited with the records.
TB="/api/reports/tongbao?scheme=hebei-city-2016&year=2019&level=%E5%B8%82"
curl -s -b 考核.jar -D tb.hdr -o tb.pdf -w '%{http_code}' "$URL$TB&version=1" > tb.code
[ "$(cat tb.code)" = 200 ] || fail "tongbao: $(cat tb.code)"
grep -qi '^content-type: application/pdf' tb.hdr || fail "a PDF"
grep -qi "^content-disposition: attachment; filename\*=UTF-8''" tb.hdr || fail "an attachment"
pdftotext tb.pdf tb.txt || fail "pdftotext"
python3 - <<'PY' || fail "the 通报's text"
import re
t = re.sub(r"\s+", "", open("tb.txt", encoding="utf-8").read())
for s in ["关于2019年度市级党委和政府扶贫开发工作成效考核结果的通报", "90.30", "81.50",
          "57.10", "五、处理意见", "扶贫开发领导小组"]:
    assert s in t, s
PY
# an official document: the page number alone on the page; who made it
# and when in the metadata
pdfinfo tb.pdf | grep -q '^Author: *考核$' || fail "who made the 通报"
pdfinfo tb.pdf | grep -q '^CreationDate:' || fail "when"
[ "$(sqlite3 k.db "select who || '|' || object || '|' || records || '|' || outcome from audit
      where action = 'report.download' order by id desc limit 1")" = \
  "考核|report/tongbao/hebei-city-2016/2019/市/1|3|ok" ] ||
    fail "download audited: $(sqlite3 k.db "select * from audit order by id desc limit 1")"
# a city officer: the notice takes in the other cities: 403, audited
as 甲市员 tb_city GET "$TB"
want tb_city 403
[ "$(sqlite3 k.db "select who || '|' || outcome from audit
      where action = 'report.download' order by id desc limit 1")" = "甲市员|denied" ] ||
    fail "refused download audited"
as 考核 tb_bad GET "/api/reports/tongbao?scheme=hebei-city-2016&year=2019"
want tb_bad 400
as 考核 tb_none GET "$TB&version=9"
want tb_none 404
as 考核 tb_kind GET "/api/reports/nope"
want tb_kind 404
[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"

# 6. The 整改台账 as a download: the problems the user may see, four
# sheets, each ending with the count, who made it and when; audited.
for r in 130101100201 130102100201 130201100201; do
    KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region $r \
        --source 督查 --category 基层基础工作不扎实 --text "帮扶手册不全 $r" \
        --date 2020-05-03 $DB
done
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify plan 3 --lead 县教育局 \
    --measures "补齐" --deadline 2020-09-30 $DB
ledger() { # USER NAME: the file NAME.xlsx; its first sheet's problem ids
    curl -s -b "$1.jar" -D "$2.hdr" -o "$2.xlsx" -w '%{http_code}' \
        "$URL/api/reports/ledger" > "$2.code"
    [ "$(cat "$2.code")" = 200 ] || fail "ledger $1: $(cat "$2.code")"
    python3 - "$2.xlsx" "$1" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
assert len(names) == 4, names
ss = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
strs = [re.sub("<[^>]+>", "", m) for m in re.findall(r"<si>(.*?)</si>", ss, re.S)]
def cells(x):
    out = []
    for attrs, body in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", x, re.S):
        t = re.search(r't="(\w+)"', attrs)
        v = re.search(r"<(?:t|v)[^>]*>([^<]*)</(?:t|v)>", body or "")
        v = v.group(1) if v else ""
        out.append(strs[int(v)] if t and t.group(1) == "s" else v)
    return out
for n in names:
    c = cells(z.read(n).decode())
    foot = [v for v in c if v.startswith("共 ")]
    assert foot and re.match(r"共 \d+ 条　制表：%s　制表时间：\d{4}-" % re.escape(sys.argv[2]), foot[0]), foot
x = z.read("xl/worksheets/sheet1.xml").decode()
rows = re.findall(r"<row [^>]*>(.*?)</row>", x, re.S)
ids = []
for r in rows[1:]:
    c = cells(r)
    if c and re.fullmatch(r"\d+", c[0]):
        ids.append(int(c[0]))
print(ids)
PY
}
[ "$(ledger 考核 lg_all)" = "[1, 2, 3]" ] || fail "考核: every problem: $(ledger 考核 lg_all)"
[ "$(ledger 甲市员 lg_city)" = "[1, 2]" ] || fail "甲市: its two: $(ledger 甲市员 lg_city)"
[ "$(ledger 教育局 lg_dept)" = "[3]" ] || fail "县教育局: its one: $(ledger 教育局 lg_dept)"
[ "$(sqlite3 k.db "select group_concat(who || ':' || records, ',') from (select * from audit
      where action = 'report.download' and object like 'report/ledger/%' order by id)")" = \
  "考核:3,甲市员:2,教育局:1" ] ||
    fail "ledger downloads audited: $(sqlite3 k.db "select who, object, records from audit where object like 'report/ledger/%'")"
[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"
# the problem list's filters (the board's): source and category
as 考核 pf1 GET "/api/problems?source=%E7%9D%A3%E6%9F%A5"   # 督查
[ "$(js pf1 'len(d["problems"])')" = 3 ] || fail "source 督查: 3"
as 考核 pf2 GET "/api/problems?source=%E6%9A%97%E8%AE%BF"   # 暗访
[ "$(js pf2 'len(d["problems"])')" = 0 ] || fail "source 暗访: none"
as 甲市员 pf3 GET "/api/problems?category=%E5%9F%BA%E5%B1%82%E5%9F%BA%E7%A1%80%E5%B7%A5%E4%BD%9C%E4%B8%8D%E6%89%8E%E5%AE%9E"
[ "$(js pf3 '[p["id"] for p in d["problems"]]')" = "[1, 2]" ] || fail "category within the scope"

# the inputs template: the file `kaohe assess template` writes, for a role
# that may enter inputs (the use case kh_app_assess_template decides and
# audits); refused for a role that may not, and for a user bound to one
# city (the level takes in the others)
expect_exit 0 "$KAOHE" assess template $S -o cli_t.csv
as 考核 tcsv GET "$R/template?format=csv"
want tcsv 200
cmp -s tcsv.json cli_t.csv || fail "the web's template differs from the CLI's: $(diff cli_t.csv tcsv.json | head -5)"
as 考核 txlsx GET "$R/template"
want txlsx 200
python3 -c "import zipfile; z = zipfile.ZipFile('txlsx.json'); s = ''.join(z.read(n).decode() for n in z.namelist() if n.startswith('xl/')); assert '平时考核得分' in s and 'daily' not in s, s[:300]" ||
    fail "the XLSX template, headed in words"
as 甲市员 tno GET "$R/template?format=csv"
want tno 403
as 甲市考核 tscope GET "$R/template?format=csv"
want tscope 403
as 考核 tbad GET "$R/template?format=pdf"
want tbad 400
[ "$(sqlite3 k.db "select group_concat(who || ':' || outcome, ',') from (select who, outcome from audit
      where action = 'assessment.template' order by id)")" = "考核:ok,考核:ok,甲市员:denied,甲市考核:denied" ] ||
    fail "template downloads audited: $(sqlite3 k.db "select who, outcome, object from audit where action = 'assessment.template'")"
[ -z "$(ls srvtmp)" ] || fail "temporary files left after the templates: $(ls srvtmp)"

stop
wait $pid || fail "server exit status"
trap - EXIT
