# The documents over HTTP (GET /api/reports/card|rectify|problems): the
# 明白卡 of a village, the 整改报告 (PDF and XLSX) and the problem list
# (XLSX, read back by `kaohe rectify import`), each within the user's
# scope — another township's village, a 第三方评估 or a 责任单位 user
# refused (403) and the refusal audited —, each download audited with
# who, what and how many records, each file naming who made it and when;
# the same writers as the command line (the CLI's PDF of the same village
# has the same pages); nothing left in the server's temporary directory.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"

expect_exit 0 "$KAOHE" gen --persons 2000 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
T1=530121101000 T2=530121102000
q() { sqlite3 k.db "$1"; }
# the smallest village of each township
V1=$(q "select village from household where village like '530121101%' group by village order by count(*), village limit 1")
V2=$(q "select village from household where village like '530121102%' group by village order by count(*), village limit 1")
N1=$(q "select count(*) from household where year = 2019 and village = '$V1'")
[ -n "$V1" ] && [ -n "$V2" ] && [ "$N1" -gt 0 ] || fail "a village in each township"
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530121000000 \
    --margin 0.1 --villages-per-county 3 --seed 5 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region $T1 --password-stdin $DB
echo 'dept-pass-2020' | expect_exit 0 "$KAOHE" user add 教育局 --role 责任单位 \
    --dept 县教育局 --password-stdin $DB
echo 'third-pass-2020' | expect_exit 0 "$KAOHE" user add 评估 \
    --role 第三方评估 --password-stdin $DB
# three problems: one in each township, the second led by 县教育局
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region $V1 \
    --source 督查 --category 基层基础工作不扎实 --text "帮扶手册不全甲" \
    --date 2020-05-03 $DB
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region $V2 \
    --source 暗访 --category 基层基础工作不扎实 --text "危房未改造乙" \
    --date 2020-05-04 $DB
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify plan 2 --lead 县教育局 \
    --measures "逐户核查" --deadline 2020-06-01 $DB
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region $V1 \
    --source 暗访 --category 基层基础工作不扎实 --text "台账不实甲二" \
    --date 2020-05-05 $DB

mkdir srvtmp
asan=${ASAN_OPTIONS:-}
[ -n "$asan" ] && export ASAN_OPTIONS="$asan:fast_unwind_on_malloc=0"
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2

login() { # USER PASSWORD: cookie jar USER.jar
    c=$(curl -s -o "login_$1.json" -w '%{http_code}' -c "$1.jar" \
        -H 'Content-Type: application/json' \
        -d "{\"user\":\"$1\",\"password\":\"$2\"}" "$URL/api/login")
    [ "$c" = 200 ] || fail "login $1: $c"
}
login admin admin-pass-2020
login 甲 town1-pass-2020
login 教育局 dept-pass-2020
login 评估 third-pass-2020
get() { # USER NAME PATH: the body into NAME, headers NAME.hdr; the status
    curl -s -b "$1.jar" -D "$2.hdr" -o "$2" -w '%{http_code}' "$URL$3"
}
audit() { # the report downloads' audit rows since id $1
    q "select who || '|' || object || '|' || outcome || '|' || ifnull(records, '-') from audit
       where action = 'report.download' and id > $1 order by id"
}
last() { q "select coalesce(max(id), 0) from audit"; }

# 1. 明白卡: 甲's village, one page a household, the file says who and when
a0=$(last)
[ "$(get 甲 c1.pdf "/api/reports/card?village=$V1&year=2019&unmask=1")" = 200 ] ||
    fail "card: $(cat c1.pdf)"
grep -qi '^content-type: application/pdf' c1.pdf.hdr || fail "card type"
grep -qi "^content-disposition: attachment; filename\*=UTF-8''" c1.pdf.hdr ||
    fail "card as an attachment"
pdfinfo c1.pdf > c1.info || fail "pdfinfo"
[ "$(sed -n 's/^Pages: *//p' c1.info)" = "$N1" ] ||
    fail "one page a household: $(sed -n 's/^Pages: *//p' c1.info), want $N1"
grep -q '^Author: *甲$' c1.info || fail "the PDF's author is the user"
pdftotext c1.pdf c1.txt || fail "pdftotext"
tr -d ' \n' < c1.txt > c1.flat
grep -q "扶贫明白卡" c1.flat || fail "the card's title"
grep -q "制表：甲" c1.flat || fail "who made it on the footer"
grep -q "生成时间：$(date -u +%Y-%m-%d)" c1.flat || fail "when on the footer"
# every household of the village on it, none of another village
for h in $(q "select hh_id from household where year = 2019 and village = '$V1'"); do
    grep -q "$h" c1.flat || fail "household $h on the card"
done
grep -q "$V2" c1.flat && fail "another village's household on the card"
# the same writer as `kaohe report card`: the same pages (the same use
# case: the CLI's download is audited too)
KAOHE_USER=甲 expect_exit 0 "$KAOHE" report card $DB --year 2019 --village $V1 -o cli.pdf
[ "$(pdfinfo cli.pdf | sed -n 's/^Pages: *//p')" = "$N1" ] || fail "CLI card pages"
# 乡级 may unmask and asked (unmask=1): phones whole; 系统管理员 may not:
# phones masked
P=$(q "select phone from household where year = 2019 and village = '$V1' and length(phone) = 11 limit 1")
[ -n "$P" ] || fail "a household with a phone in $V1"
PM=$(echo "$P" | cut -c1-3)****$(echo "$P" | cut -c8-11)
grep -q "$P" c1.flat || fail "乡级: the whole phone $P"
[ "$(get admin c2.pdf "/api/reports/card?village=$V1")" = 200 ] || fail "admin card: $(cat c2.pdf)"
pdftotext c2.pdf - | tr -d ' \n' > c2.flat
grep -q "$P" c2.flat && fail "系统管理员: the phone masked"
grep -qF "$PM" c2.flat || fail "系统管理员: the phone as $PM"
[ "$(audit "$a0")" = "甲|report/card/$V1/2019|ok|$N1
甲|report/card/$V1/2019|ok|$N1
admin|report/card/$V1/2019|ok|$N1" ] || fail "card downloads audited: $(audit "$a0")"
q "select after from audit where id > $a0 order by id" | head -1 |
    grep -q '"phones_masked":false' || fail "the audit says phones whole"
# without unmask=1 乡级 gets them masked too; 系统管理员 asking is refused
[ "$(get 甲 c3.pdf "/api/reports/card?village=$V1&year=2019")" = 200 ] || fail "card masked"
pdftotext c3.pdf - | tr -d ' \n' > c3.flat
grep -q "$P" c3.flat && fail "乡级 without unmask=1: the phone masked"
grep -qF "$PM" c3.flat || fail "乡级: the phone as $PM"
[ "$(get admin c4 "/api/reports/card?village=$V1&unmask=1")" = 403 ] || fail "admin unmask: $(cat c4)"

# refusals: another township's village, a 第三方评估 and a 责任单位 user;
# audited, nothing sent
a0=$(last)
[ "$(get 甲 r1 "/api/reports/card?village=$V2&year=2019")" = 404 ] || fail "甲 / $V2: $(cat r1)"
grep -q not_found r1 || fail "out of scope: as absent"
[ "$(get 评估 r2 "/api/reports/card?village=$V1")" = 404 ] || fail "第三方: $(cat r2)"
[ "$(get 教育局 r3 "/api/reports/card?village=$V1")" = 404 ] || fail "责任单位: $(cat r3)"
[ "$(audit "$a0")" = "甲|report/card/$V2/2019|denied|-
评估|report/card/$V1/2019|denied|-
教育局|report/card/$V1/2019|denied|-" ] || fail "refusals audited: $(audit "$a0")"
# bad and unknown villages, a year not stored
[ "$(get 甲 r4 "/api/reports/card?village=5301")" = 400 ] || fail "short code: $(cat r4)"
[ "$(get 甲 r5 "/api/reports/card")" = 400 ] || fail "no village: $(cat r5)"
[ "$(get 甲 r6 "/api/reports/card?village=530121101299")" = 404 ] || fail "unknown village: $(cat r6)"
grep -q not_found r6 || fail "unknown village, as one out of scope: $(cat r6)"
[ "$(get 甲 r7 "/api/reports/card?village=$V1&year=2018")" = 404 ] || fail "year 2018: $(cat r7)"
[ "$(audit "$a0" | wc -l)" = 3 ] || fail "failed requests send nothing and audit no download"

# 2. 整改报告: PDF and XLSX of what the user sees
a0=$(last)
[ "$(get 甲 z1.pdf "/api/reports/rectify?format=pdf")" = 200 ] || fail "rectify pdf: $(cat z1.pdf)"
pdfinfo z1.pdf | grep -q '^Author: *甲$' || fail "report author"
pdftotext z1.pdf - | tr -d ' \n' > z1.flat
grep -q "扶贫开发成效考核反馈问题整改报告" z1.flat || fail "report title"
grep -q "帮扶手册不全甲" z1.flat && grep -q "台账不实甲二" z1.flat || fail "甲's problems in the report"
grep -q "危房未改造乙" z1.flat && fail "another township's problem in 甲's report"
grep -q "共梳理反馈问题2个" z1.flat || fail "甲's report counts 2: $(grep -o '共梳理[^,，]*' z1.flat)"
grep -q "扶贫开发领导小组" z1.flat || fail "the report's 落款"
[ "$(get 教育局 z2.xlsx "/api/reports/rectify?format=xlsx")" = 200 ] || fail "rectify xlsx: $(cat z2.xlsx)"
grep -qi '^content-type: application/vnd.openxmlformats' z2.xlsx.hdr || fail "xlsx type"
unzip -p z2.xlsx 'xl/worksheets/*.xml' > z2.s || fail "the XLSX unzips"
grep -q "危房未改造乙" z2.s || fail "教育局's problem in its report"
grep -q "帮扶手册不全甲" z2.s && fail "another unit's problem in 教育局's report"
grep -q "制表：教育局　制表时间：$(date -u +%Y-%m-%d)" z2.s || fail "who and when in the XLSX"
[ "$(get 评估 r8 "/api/reports/rectify")" = 403 ] || fail "第三方 report: $(cat r8)"
[ "$(get 甲 r9 "/api/reports/rectify?format=doc")" = 400 ] || fail "format doc: $(cat r9)"
[ "$(audit "$a0")" = "甲|report/rectify/$T1/0|ok|2
教育局|report/rectify/县教育局/0|ok|1
评估|report/rectify/none/0|denied|-" ] || fail "report downloads audited: $(audit "$a0")"
# the editable copy and the 整改方案
[ "$(get 甲 z3.docx "/api/reports/rectify?format=docx")" = 200 ] || fail "rectify docx: $(cat z3.docx)"
grep -qi '^content-type: application/vnd.openxmlformats-officedocument.wordprocessingml' z3.docx.hdr ||
    fail "docx type"
unzip -p z3.docx word/document.xml | grep -q "台账不实甲二" || fail "甲's problem in the DOCX"
[ "$(get 甲 z4.pdf "/api/reports/plan?format=pdf")" = 200 ] || fail "plan pdf: $(cat z4.pdf)"
pdftotext z4.pdf - | tr -d ' \n' | grep -q "五、方法步骤" || fail "the plan's sections"
# the same writer as `kaohe rectify report`
KAOHE_USER=甲 expect_exit 0 "$KAOHE" rectify report --region $T1 -o cli.xlsx $DB
unzip -p cli.xlsx 'xl/worksheets/*.xml' | grep -q "台账不实甲二" || fail "CLI report"

# 3. 问题清单: XLSX of the problems, the filters of the list, read back
a0=$(last)
[ "$(get admin p1.xlsx "/api/reports/problems")" = 200 ] || fail "problems: $(cat p1.xlsx)"
ids() { # FILE: the problem ids of the first sheet; the second sheet's text
    python3 - "$1" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
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
rows = re.findall(r"<row [^>]*>(.*?)</row>", z.read("xl/worksheets/sheet1.xml").decode(), re.S)
assert cells(rows[0])[0] == "问题编号", cells(rows[0])
print([int(cells(r)[0]) for r in rows[1:]], cells(z.read("xl/worksheets/sheet2.xml").decode())[0])
PY
}
ids p1.xlsx > p1.ids || fail "read the list"
grep -q "^\[1, 3, 2\] 共 3 条　制表：admin　制表时间：$(date -u +%Y-%m-%d)T" p1.ids || fail "admin: every problem, who and when: $(cat p1.ids)"
[ "$(get 甲 p2.xlsx "/api/reports/problems")" = 200 ] || fail "甲 problems"
ids p2.xlsx | grep -q '^\[1, 3\] 共 2 条　制表：甲' || fail "甲: its two: $(ids p2.xlsx)"
# 逾期 as shown today: problem 2's deadline has passed
[ "$(get admin p3.xlsx "/api/reports/problems?status=%E9%80%BE%E6%9C%9F")" = 200 ] || fail "status 逾期"
ids p3.xlsx | grep -q '^\[2\] 共 1 条' || fail "逾期: problem 2: $(ids p3.xlsx)"
[ "$(get admin p4.xlsx "/api/reports/problems?source=%E6%9A%97%E8%AE%BF")" = 200 ] || fail "source 暗访"
ids p4.xlsx | grep -q "^\[3, 2\]" || fail "暗访: 3 and 2: $(ids p4.xlsx)"
[ "$(get admin r10 "/api/reports/problems?status=nope")" = 400 ] || fail "bad status"
[ "$(get 评估 r11 "/api/reports/problems")" = 403 ] || fail "第三方 list"
[ "$(audit "$a0")" = "admin|report/problems/all/0|ok|3
甲|report/problems/$T1/0|ok|2
admin|report/problems/all/0|ok|1
admin|report/problems/all/0|ok|2
评估|report/problems/none/0|denied|-" ] || fail "list downloads audited: $(audit "$a0")"
# the downloaded list is the sheet the command line imports (the second
# sheet, who and when, is not read): as it is, it changes nothing; with a
# 整改措施 typed into problem 1's row, that is the one update
sqlite3 k.db "select * from problem order by id" > before.txt
KAOHE_USER=甲 expect_exit 0 "$KAOHE" rectify import p2.xlsx $DB
grep -q "新增 0 个问题,更新 0 个" out.txt || fail "the list as downloaded: $(cat out.txt)"
sqlite3 k.db "select * from problem order by id" | cmp -s - before.txt ||
    fail "the list as downloaded changes nothing"
python3 - p2.xlsx <<'PY' || fail "edit the list"
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
out = zipfile.ZipFile("p2e.xlsx", "w", zipfile.ZIP_DEFLATED)
for n in src.namelist():
    data = src.read(n)
    if n == "xl/worksheets/sheet1.xml":
        x = data.decode()
        assert '<c r="H2"' not in x and '<c r="N2"' in x
        x = x.replace('<c r="N2"', '<c r="H2" t="inlineStr"><is><t>逐户补齐手册</t></is></c><c r="N2"', 1)
        data = x.encode()
    out.writestr(n, data)
out.close()
PY
KAOHE_USER=甲 expect_exit 0 "$KAOHE" rectify import p2e.xlsx $DB
grep -q "新增 0 个问题,更新 1 个" out.txt || fail "the edited list: $(cat out.txt)"
[ "$(q "select group_concat(id || ':' || measures) from problem where measures is not null")" = "1:逐户补齐手册,2:逐户核查" ] ||
    fail "problem 1's measures: $(q "select id, measures from problem")"

[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"
kill -TERM $pid
wait $pid || fail "server exit"
trap - EXIT
