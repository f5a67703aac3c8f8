# Lists that scale (issue #21): the problem list, the household list and
# the audit log paged, filtered and sorted on the server — each order's
# pages together are the whole list in the database's order, filters
# count what SQL counts —, their CSV/XLSX exports (the filtered list,
# masked by the masking policy, audited), the audit log for 审计 and
# 系统管理员 only (reading it audited, ID numbers masked); then the pages
# in the browser (tests/ui/ui_lists.cjs): 审计日志, 数据质量, 历年趋势 and
# the lists' selects, at 1366x768 and 390x844. Screenshots lists-*.png.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
need_browser
q() { sqlite3 k.db "$1"; }
COUNTY=530121000000
expect_exit 0 "$KAOHE" gen --persons 1500 --profile realistic --out g
expect_exit 0 "$KAOHE" gen --persons 1200 --year 2020 --profile realistic --out g2
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" import registry g2/registry.csv --year 2020 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2020 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'audit-pass-2020' | expect_exit 0 "$KAOHE" user add 审 --role 审计 \
    --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 丙 --role 县级 \
    --region $COUNTY --password-stdin $DB
# 45 problems: three categories, found on three dates, a third past their
# deadline (逾期 whatever the day), a third due in 2099, a third with none
i=0
for k in $(seq 0 14); do
    r=$(q "select code from region where level = 5 order by code limit 1 offset $k % (select count(*) from region where level = 5)")
    for c in 基层基础工作不扎实 扶贫措施不精准 贫困退出质量不高; do
        i=$((i + 1))
        d=2020-0$((i % 3 + 1))-15
        KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region $r \
            --source 督查 --category $c --date $d --text "问题 $i" $DB
        case $((i % 3)) in
        0) dl=2020-01-31 ;;
        1) dl=2099-12-31 ;;
        *) dl= ;;
        esac
        [ -z "$dl" ] || KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify plan $i \
            --deadline $dl --lead 县扶贫办 --measures 补齐 $DB
    done
done
[ "$(q "select count(*) from problem")" = 45 ] || fail "45 problems"
serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
login admin admin-pass-2020
login 审 audit-pass-2020
login 丙 county-pass-2020
get() { curl -s -b "$1.jar" "$URL$2"; }
ids() { python3 -c 'import json,sys; print(",".join(str(p["id"]) for p in json.load(sys.stdin)["problems"]))'; }
sqlids() { q "select group_concat(id) from (select id from problem $1)"; }

# each order's three pages of 20 are the list in the database's order
for s in "id:desc:order by id desc" "deadline:asc:order by deadline, id" \
    "found_on:desc:order by found_on desc, id desc" \
    "category:asc:order by category, id" "region:asc:order by region, id"; do
    key=${s%%:*}; rest=${s#*:}; ord=${rest%%:*}; sql=${rest#*:}
    got=$( (get admin "/api/problems?per_page=20&page=1&sort=$key&order=$ord" | ids
            get admin "/api/problems?per_page=20&page=2&sort=$key&order=$ord" | ids
            get admin "/api/problems?per_page=20&page=3&sort=$key&order=$ord" | ids) |
          grep . | paste -sd, -)
    [ "$got" = "$(sqlids "$sql")" ] || fail "sort $key $ord: $got"
done
# filters: what SQL counts
total() { python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
[ "$(get admin "/api/problems?per_page=5&status=逾期" | total)" = 15 ] || fail "逾期"
[ "$(get admin "/api/problems?per_page=5&overdue=0" | total)" = 30 ] || fail "not 逾期"
[ "$(get admin "/api/problems?per_page=5&status=未开始" | total)" = 30 ] || fail "未开始 (not 逾期)"
[ "$(get admin "/api/problems?per_page=5&found_from=2020-02-01&found_to=2020-02-28" | total)" = \
  "$(q "select count(*) from problem where found_on between '2020-02-01' and '2020-02-28'")" ] || fail "found range"
[ "$(get admin "/api/problems?per_page=5&deadline_from=2099-01-01" | total)" = 15 ] || fail "deadline range"
[ "$(get admin "/api/problems?per_page=5&dept=县扶贫办&category=扶贫措施不精准" | total)" = \
  "$(q "select count(*) from problem where lead_dept = '县扶贫办' and category = '扶贫措施不精准'")" ] || fail "dept and category"
OD=$(get admin "/api/problems?per_page=50&status=逾期&sort=deadline&order=desc" | ids)
[ "$OD" = "$(sqlids "where deadline < '2021-01-01' and status in (0, 1) order by deadline desc, id desc")" ] ||
    fail "逾期 sorted: $OD"
C=$(get admin "/api/problems?per_page=1&counts=1" | python3 -c 'import json,sys; c = json.load(sys.stdin)["counts"]; print(c["未开始"], c["逾期"], c["已销号"])')
[ "$C" = "30 15 0" ] || fail "counts: $C"
for bad in sort=x order=up found_from=2020-13-01 deadline_to=x overdue=2 format=pdf; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -b admin.jar "$URL/api/problems?per_page=5&$bad")" = 400 ] ||
        fail "$bad not refused"
done

# the problem list's CSV: the filtered list, a header, audited with its rows
curl -s -D h.txt -o p.csv -b admin.jar "$URL/api/problems?format=csv&category=扶贫措施不精准&sort=id&order=desc"
grep -qi 'content-disposition: attachment' h.txt || fail "CSV as an attachment"
head -c 3 p.csv | od -An -tx1 | grep -q 'ef bb bf' || fail "CSV with a BOM"
head -1 p.csv | grep -q '问题编号' || fail "CSV header: $(head -1 p.csv)"
[ "$(($(wc -l < p.csv) - 1))" = 15 ] || fail "15 rows: $(wc -l < p.csv)"
[ "$(sed -n 2p p.csv | cut -d, -f1)" = "$(q "select max(id) from problem where category = '扶贫措施不精准'")" ] ||
    fail "in the order asked: $(sed -n 2p p.csv)"
[ "$(q "select records from audit where action = 'list.export' and who = 'admin' and object = '问题清单.csv'")" = 15 ] ||
    fail "the export audited with its rows"
curl -s -o p.xlsx -b admin.jar "$URL/api/problems?format=xlsx&status=逾期"
[ "$(head -c 2 p.xlsx)" = PK ] || fail "XLSX"

# households: sorted by income across pages, the status filter as SQL
# counts, the export masked for a role that may not unmask
hhs() { python3 -c 'import json,sys; print(",".join(h["hh_id"] for h in json.load(sys.stdin)["households"]))'; }
INC=$(get 丙 "/api/households?year=2019&per_page=30&page=1&sort=income_pc" | hhs),$(get 丙 "/api/households?year=2019&per_page=30&page=2&sort=income_pc" | hhs)
[ "$INC" = "$(q "select group_concat(hh_id) from (select hh_id from household where year = 2019 and village between '530121000000' and '530121999999' order by income_pc, village, status, id limit 60)")" ] ||
    fail "households by income"
ST=$(q "select status from household where year = 2019 group by status order by count(*) limit 1")
[ "$(get admin "/api/households?year=2019&per_page=5&status=$ST" | total)" = \
  "$(q "select count(*) from household where year = 2019 and status = '$ST'")" ] || fail "status filter"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b admin.jar "$URL/api/households?sort=x")" = 400 ] || fail "bad sort"
curl -s -o h.csv -b admin.jar "$URL/api/households?year=2019&format=csv"
[ "$(($(wc -l < h.csv) - 1))" = "$(q "select count(*) from household where year = 2019")" ] || fail "every household"
ID=$(q "select id_no from member m join household h on h.id = m.household where h.year = 2019 order by m.id limit 1")
grep -q "$ID" h.csv && fail "a whole ID number in the masked export"
grep -q "\*\{14\}${ID#??????????????}" h.csv || fail "the ID masked as the policy says"
curl -s -o u.csv -b 丙.jar "$URL/api/households?year=2019&format=csv&unmask=1"
grep -q "^[^,]*,$(q "select village from household where year = 2019 and village like '530121%' limit 1")" u.csv ||
    fail "the county's households"
[ "$(q "select count(*) from audit where action = 'list.export.unmask' and who = '丙'")" = 1 ] ||
    fail "an unmasked export audited as such"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b admin.jar "$URL/api/households?year=2019&format=csv&unmask=1")" = 403 ] ||
    fail "unmask refused to a role that may not"

# the audit log: 审计 and 系统管理员 only; filters; reading it audited;
# ID numbers in it masked (an entry quoting one)
q "insert into audit(at, who, addr, action, object, outcome, note) values('2020-06-01T08:00:00Z', '丙', '127.0.0.1', 'household.search_id', 'households', 'ok', 'looked up $ID')"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b 丙.jar "$URL/api/audit")" = 403 ] || fail "a county officer reads the log"
R0=$(q "select count(*) from audit where action = 'audit.read' and who = '审'")
A=$(get 审 "/api/audit?per_page=10&action=household.search_id")
echo "$A" | grep -q "$ID" && fail "a whole ID number in the log's reply"
[ "$(echo "$A" | total)" = 1 ] || fail "the action filter"
[ "$(q "select count(*) from audit where action = 'audit.read' and who = '审'")" = $((R0 + 1)) ] || fail "reading audited"
[ "$(get 审 "/api/audit?per_page=10&outcome=denied&since=2000-01-01&until=2100-01-01" | total)" = \
  "$(q "select count(*) from audit where outcome = 'denied'")" ] || fail "outcome and dates"
curl -s -o a.csv -b 审.jar "$URL/api/audit?format=csv&action=household.search_id"
grep -q "looked up" a.csv || fail "the log's CSV"
grep -q "$ID" a.csv && fail "a whole ID number in the log's CSV"

export URL TOP ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui} \
    UI_USER=admin UI_PASS=admin-pass-2020 UI_AUDIT_USER=审 UI_AUDIT_PASS=audit-pass-2020 \
    UI_Y1=2019 UI_Y2=2020 UI_IDS_DEADLINE="$(sqlids "order by deadline, id")" \
    UI_NPROBLEMS=45 UI_ST="$ST" \
    UI_NST="$(q "select count(*) from household where year = 2020 and status = '$ST'")"
node "$TOP/tests/ui/ui_lists.cjs" || fail "browser test"
for f in audit-1366 audit-390 quality-1366 quality-390 trends-1366 trends-390 problems-1366 problems-390 households-390 board-390; do
    [ -s "$ARTIFACTS/lists-$f.png" ] || fail "screenshot lists-$f.png"
done
exit 0
