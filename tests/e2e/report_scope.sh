# report_scope.sh - the command line's downloads decided by the same use
# case as the server's (kh_app_card_download, kh_app_ledger_download,
# include/kaohe/app_documents.h): a 县级 user of county A asking for the
# 明白卡 of a village of county B is refused (exit 1, both languages,
# audited "denied", no file); the card of county A's village comes with
# the phones masked, whole with --unmask (县级 is in [web] unmask_roles),
# and --unmask from a role that may not (市级) is refused and audited; the
# 整改台账 and 问题清单 of the 县级 user hold county A's problems, not
# county B's; the city's 考核通报 and 考核报告 are refused to county A's
# user and given to the city's.
# Before, `kaohe report card` and `rectify ledger` asked nobody: every
# village, every problem, phones whole, nothing audited.
. "$TOP/tests/e2e/lib.sh"
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
DB="--db k.db"
q() { sqlite3 k.db "$1"; }
expect_exit 0 "$KAOHE" gen --persons 2000 --out g
# county B beside the generated county A (530121): a township, a village
A=530121000000 B=530122000000
cat >> g/regions.csv <<'EOF'
530122000000,乙县,530100000000,县,是,是,,,
530122101000,乙镇,530122000000,乡,,,,,
530122101201,乙村,530122101000,村,,,否,100,
EOF
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
V=$(q "select village from household where year = 2019 and village like '530121%'
       and length(phone) = 11 group by village order by count(*), village limit 1")
[ -n "$V" ] || fail "a village of county A with a phone"
expect_exit 0 "$KAOHE" user add 甲县 --role 县级 --region $A $DB
expect_exit 0 "$KAOHE" user add 乙县干部 --role 县级 --region $B $DB
expect_exit 0 "$KAOHE" user add 市干部 --role 市级 --region 530100000000 $DB
expect_exit 0 "$KAOHE" user add 考核办 --role 考核组 $DB
# a problem in each county
KAOHE_USER=考核办 expect_exit 0 "$KAOHE" rectify add --region $V --source 督查 \
    --category 基层基础工作不扎实 --text "甲县的问题" --date 2020-05-03 $DB
KAOHE_USER=考核办 expect_exit 0 "$KAOHE" rectify add --region 530122101201 \
    --source 暗访 --category 基层基础工作不扎实 --text "乙县的问题" --date 2020-05-04 $DB
# a problem quoting a phone, in county A
KAOHE_USER=考核办 expect_exit 0 "$KAOHE" rectify add --region $V --source 督查 \
    --category 基层基础工作不扎实 --text "甲县电话 13812345678 未回访" --date 2020-05-05 $DB
denied() { q "select count(*) from audit where action = 'report.download' and
              outcome = 'denied' and who = '$1' and object = '$2'"; }

# 1. county B's user and county A's village: refused, audited, nothing written
KAOHE_USER=乙县干部 expect_exit 1 "$KAOHE" report card --year 2019 --village $V -o b.pdf $DB
grep -q "不在你的区划范围内" err.txt && grep -q "outside your region" err.txt ||
    fail "the refusal in both languages: $(cat err.txt)"
[ ! -e b.pdf ] || fail "no file for a refusal"
[ "$(ls)" = "$(ls | grep -v '^b\.pdf$')" ] || fail "nothing left"
[ "$(denied 乙县干部 "report/card/$V/2019")" = 1 ] || fail "the refusal audited"
mkdir out
KAOHE_USER=乙县干部 expect_exit 1 "$KAOHE" report card --year 2019 --village $V \
    -o out/b.pdf $DB
[ -z "$(ls out)" ] || fail "nothing written into the folder: $(ls out)"

# 2. county A's user: the card, phones masked by default
P=$(q "select phone from household where year = 2019 and village = '$V' and length(phone) = 11 limit 1")
PM=$(echo "$P" | cut -c1-3)****$(echo "$P" | cut -c8-11)
KAOHE_USER=甲县 expect_exit 0 "$KAOHE" report card --year 2019 --village $V -o a.pdf $DB
pdftotext a.pdf - | tr -d ' \n' > a.flat
grep -q "$P" a.flat && fail "the phone $P whole without --unmask"
grep -qF "$PM" a.flat || fail "the phone as $PM"
q "select after from audit where action = 'report.download' and who = '甲县' and outcome = 'ok'" |
    grep -q '"phones_masked":true' || fail "the download audited, masked"
# whole with --unmask: 县级 may ([web] unmask_roles)
KAOHE_USER=甲县 expect_exit 0 "$KAOHE" report card --year 2019 --village $V -o a2.pdf --unmask $DB
pdftotext a2.pdf - | tr -d ' \n' | grep -q "$P" || fail "the phone whole with --unmask"
q "select after from audit where action = 'report.download' and who = '甲县' and outcome = 'ok' order by id desc limit 1" |
    grep -q '"phones_masked":false' || fail "the unmasked download audited as such"
# 市级 may have the card (the village is in the city) but not unmasked
KAOHE_USER=市干部 expect_exit 1 "$KAOHE" report card --year 2019 --village $V -o c.pdf --unmask $DB
grep -q "未脱敏" err.txt && grep -q "whole ID numbers" err.txt || fail "unmask refused: $(cat err.txt)"
[ ! -e c.pdf ] || fail "no file for a refused unmask"
[ "$(denied 市干部 "report/card/$V/2019")" = 1 ] || fail "the refused unmask audited"
KAOHE_USER=市干部 expect_exit 0 "$KAOHE" report card --year 2019 --village $V -o c.pdf $DB

# 3. the 整改台账: county A's problem, not county B's
KAOHE_USER=甲县 expect_exit 0 "$KAOHE" rectify ledger -o 台账.xlsx $DB
unzip -p 台账.xlsx 'xl/sharedStrings.xml' 'xl/worksheets/*.xml' > 台账.txt
grep -q "甲县的问题" 台账.txt || fail "county A's problem in A's ledger"
grep -q "乙县的问题" 台账.txt && fail "county B's problem in A's ledger"
# county B's region asked by county A's user: refused, nothing written
KAOHE_USER=甲县 expect_exit 1 "$KAOHE" rectify ledger --region $B -o 乙.xlsx $DB
[ ! -e 乙.xlsx ] || fail "no ledger of another county"
[ "$(denied 甲县 "report/ledger/$B/0")" = 1 ] || fail "the ledger's refusal audited"
# all the problems for who sees every region
KAOHE_USER=考核办 expect_exit 0 "$KAOHE" report ledger -o 全部.xlsx $DB
unzip -p 全部.xlsx 'xl/sharedStrings.xml' 'xl/worksheets/*.xml' | grep -q "乙县的问题" ||
    fail "考核组's ledger has every problem"
# 4. the 考核通报 and the 考核报告 of the city's run: beyond county A
A="--scheme hebei-city-2016 --year 2019 --level 市"
C=530100000000
expect_exit 0 "$KAOHE" assess template $A $DB -o t.csv
sh "$TOP/tools/assess-inputs.sh" t.csv > in.csv || fail "inputs"
expect_exit 0 "$KAOHE" assess run $A --inputs in.csv $DB
KAOHE_USER=甲县 expect_exit 1 "$KAOHE" report tongbao $A -o tb.pdf $DB
grep -q "区划以外" err.txt && grep -q "outside yours" err.txt || fail "the notice refused: $(cat err.txt)"
[ ! -e tb.pdf ] || fail "no notice for a refusal"
[ "$(denied 甲县 "report/tongbao/hebei-city-2016/2019/市")" = 1 ] || fail "the notice's refusal audited"
KAOHE_USER=甲县 expect_exit 1 "$KAOHE" report assess $A --region $C -o ar.docx $DB
[ ! -e ar.docx ] || fail "no report for a refusal"
[ "$(denied 甲县 "report/assess/hebei-city-2016/2019/市/$C")" = 1 ] || fail "the report's refusal audited"
KAOHE_USER=市干部 expect_exit 0 "$KAOHE" report tongbao $A -o tb.pdf $DB
KAOHE_USER=市干部 expect_exit 0 "$KAOHE" report assess $A --region $C -o ar.docx $DB
[ "$(q "select count(*) from audit where action = 'report.download' and who = '市干部'
        and outcome = 'ok' and object like 'report/%/hebei-city-2016/2019/市%'")" = 2 ] ||
    fail "the notice and the report audited"

# the problem list itself (rectify list, text and JSON): the same rule —
# county A's user sees county A's problems, the quoted phone masked; B's
# region refused and audited; --unmask only for a role that may; the
# operator keeps every problem
KAOHE_USER=甲县 expect_exit 0 "$KAOHE" rectify list $DB
grep -q "甲县的问题" out.txt && ! grep -q "乙县的问题" out.txt || fail "county A's list: $(cat out.txt)"
grep -q "138\*\*\*\*5678" out.txt && ! grep -q 13812345678 out.txt || fail "the phone masked: $(cat out.txt)"
KAOHE_USER=甲县 expect_exit 0 "$KAOHE" rectify list --format json -o l.json $DB
python3 -c "import json; d = json.load(open('l.json', encoding='utf-8')); t = [p['text'] for p in d['problems']]; assert len(t) == 2 and not any('乙县' in x or '13812345678' in x for x in t), t" ||
    fail "county A's JSON list: $(cat l.json)"
KAOHE_USER=甲县 expect_exit 1 "$KAOHE" rectify list --region $B -o b.json $DB
[ ! -e b.json ] || fail "a refused list left a file"
[ "$(q "select count(*) from audit where action = 'problem.list' and outcome = 'denied' and who = '甲县'")" = 1 ] ||
    fail "the refused list audited"
KAOHE_USER=甲县 expect_exit 1 "$KAOHE" rectify list --peers --region 530121000000 $DB
grep -q "举一反三" err.txt || fail "peers refused to a county's user: $(cat err.txt)"
KAOHE_USER=甲县 expect_exit 0 "$KAOHE" rectify list --unmask $DB
grep -q 13812345678 out.txt || fail "县级 may unmask: $(cat out.txt)"
KAOHE_USER=市干部 expect_exit 1 "$KAOHE" rectify list --unmask $DB
KAOHE_USER=nobody expect_exit 0 "$KAOHE" rectify list $DB
grep -q "乙县的问题" out.txt && grep -q 13812345678 out.txt || fail "the operator's list: $(cat out.txt)"

# the 问题清单 (rectify export): the same rule
KAOHE_USER=甲县 expect_exit 0 "$KAOHE" rectify export -o 清单.csv $DB
grep -q "甲县的问题" 清单.csv && ! grep -q "乙县的问题" 清单.csv ||
    fail "county A's list: $(cat 清单.csv)"
# the console's operator (a name not stored: it holds the database file)
# keeps what the command line gave: every problem, whole — audited
KAOHE_USER=nobody expect_exit 0 "$KAOHE" rectify export -o 全部.csv --unmask $DB
grep -q "乙县的问题" 全部.csv || fail "the operator's list"
[ "$(q "select count(*) from audit where action = 'report.download' and
        who = 'nobody' and outcome = 'ok' and after like '%\"masked\":false%'")" = 1 ] ||
    fail "the operator's download audited"
true
