#!/bin/sh
# list_pages.sh - the lists' pages on the 1M-person database (issue #21,
# docs/benchmarks.md "The lists' pages"): the realistic 1M registry
# imported as 2019 and as 2020, reviewed, `kaohe rectify generate --level
# 村` for both years (75,585 problems), topped up to 105,608 with copies
# of six in seven 2019 problems as 2018's, and plans spread over them (a
# deadline on two in three, past on one in three; a 牵头部门 on three in
# four; the four stored statuses in turn), 200,000 audit entries; then
# `kaohe serve --threads 2`
# and each request RUNS times (the lists' pages, the findings' pages, the
# dashboard's and other APIs, two exports), the server's own time of each (its log
# line) printed with the load average, and the server process's CPU
# time a request (/proc/PID/stat, user + system) averaged over the runs.
# Usage: sh bench/list_pages.sh ./kaohe [DIR]   (RUNS=5)
set -e
K=$(realpath "$1")
T=$(cd "$(dirname "$0")/.." && pwd)
D=${2:-bench/out/lists}
RUNS=${RUNS:-5}
mkdir -p "$D"
cd "$D"
if [ ! -f ready ]; then
    rm -f l.db*
    [ -f g/registry.csv ] || "$K" gen --persons 1000000 --seed 1 --year 2019 \
        --profile realistic --out g > /dev/null 2>&1
    "$K" import regions g/regions.csv --db l.db > /dev/null 2>&1
    echo 'bench-admin-pass' | "$K" user add admin --role 系统管理员 \
        --password-stdin --db l.db > /dev/null
    for y in 2019 2020; do
        "$K" import registry g/registry.csv --year $y --db l.db > /dev/null 2>&1
        "$K" review --year $y --db l.db > /dev/null
        "$K" rectify generate --year $y --level 村 --user admin --db l.db > /dev/null
    done
    sqlite3 l.db "insert into problem(year, region, source, found_on, category,
        text, indicator, value_num, value_den, rule, origin, measures, lead_dept,
        person, deadline, long_term, status, created_at, created_by, updated_at)
      select 2018, region, source, '2018-06-30', category, text, indicator,
        value_num, value_den, rule, NULL, measures, lead_dept, person, deadline,
        long_term, status, created_at, created_by, updated_at
      from problem where year = 2019 and id % 7 <> 0;
      update problem set deadline = case id % 3 when 0 then '2020-03-31'
          when 1 then '2099-06-30' else NULL end,
        lead_dept = case id % 4 when 0 then '县扶贫办' when 1 then '县教育局'
          when 2 then '县卫健局' else NULL end,
        status = (id / 3) % 4;
      insert into audit(at, who, addr, action, object, outcome)
      with recursive c(i) as (select 1 union all select i + 1 from c
        where i < 200000)
      select printf('2020-%02d-%02dT08:00:00Z', i % 12 + 1, i % 28 + 1),
        'u' || (i % 50), '127.0.0.1', case i % 3 when 0 then 'audit.read'
        when 1 then 'household.read' else 'problem.list' end, 'x',
        case when i % 10 = 0 then 'denied' else 'ok' end from c;
      analyze;"
    touch ready
fi
"$K" serve --db l.db --listen 127.0.0.1:0 --threads 2 > serve.out 2> serve.log &
pid=$!
trap 'kill -TERM $pid 2>/dev/null' EXIT
while ! grep -q http:// serve.out 2>/dev/null; do sleep 0.1; done
url=$(sed -n 's#.*\(http://127.0.0.1:[0-9]*\)/.*#\1#p' serve.out)
tok=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"user":"admin","password":"bench-admin-pass"}' "$url/api/login" |
    sed -n 's/.*kh_session=\([0-9a-f]*\);.*/\1/p')
N=$(sqlite3 l.db "select count(*) from problem")
H=$(sqlite3 l.db "select count(*) from household where year = 2019")
mid=$(( (N / 20) / 2 )); last=$(( (N + 19) / 20 ))
hmid=$(( (H / 20) / 2 )); hlast=$(( (H + 19) / 20 ))
# the findings: cause_inconsistent (bit 7), and the rarest finding flagged
F=$(sqlite3 l.db "select count(*) from review where year = 2019 and (flagged >> 7) & 1")
fmid=$(( (F / 20) / 2 )); flast=$(( (F + 19) / 20 ))
county=$(sqlite3 l.db "select code from region where level = 3 order by code limit 1")
rare=$(sqlite3 l.db "with b(k) as (values (0),(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15))
  select k || ' ' || (select count(*) from review where year = 2019 and (flagged >> k) & 1) as n from b
  where (select count(*) from review where year = 2019 and (flagged >> k) & 1) > 0
  order by (select count(*) from review where year = 2019 and (flagged >> k) & 1) limit 1")
R=${rare#* }
rare=$(sed -n '/kh_review_codes\[KH_RV_COUNT\] = {/,/};/p' "$T/src/domain/review.c" |
    grep -o '"[a-z_]*"' | tr -d '"' | sed -n "$(( ${rare%% *} + 1 ))p")
rmid=$(( (R / 20) / 2 + 1 ))
hh=$(sqlite3 l.db "select hh_id from household where year = 2019 order by id limit 1 offset 1000")
prob=$(sqlite3 l.db "select id from problem order by id limit 1 offset 500")
echo "findings: cause_inconsistent $F, the rarest ($rare) $R; county $county"
echo "problems $N, households of 2019 $H; load $(cut -d' ' -f1-3 /proc/loadavg)"
# the server's CPU time (user + system, clock ticks) from /proc
cpu() { awk '{print $14 + $15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
while read -r name path; do
    t=""
    c0=$(cpu)
    for i in $(seq "$RUNS"); do
        curl -s -o /dev/null -b "kh_session=$tok" "$url$path"
        sleep 0.2 # the log line is written after the reply
        t="$t $(tail -n 1 serve.log | awk '{print $NF}')"
    done
    c1=$(cpu)
    echo "$name:$t; CPU $(( (c1 - c0) * 1000 / hz / RUNS )) ms a request"
done <<EOF2
problems-first /api/problems?per_page=20&page=1
problems-middle /api/problems?per_page=20&page=$mid
problems-last /api/problems?per_page=20&page=$last
problems-overdue-by-deadline /api/problems?per_page=20&status=%E9%80%BE%E6%9C%9F&sort=deadline&order=desc&page=50
problems-category-by-found /api/problems?per_page=20&category=%E6%89%B6%E8%B4%AB%E6%8E%AA%E6%96%BD%E4%B8%8D%E7%B2%BE%E5%87%86&sort=found_on&page=100
problems-year-dept-by-id /api/problems?per_page=20&year=2020&dept=%E5%8E%BF%E6%95%99%E8%82%B2%E5%B1%80&sort=id&order=desc&page=30
problems-facets /api/problems?per_page=1&facets=1
problems-counts /api/problems?per_page=1&counts=1
households-first /api/households?year=2019&per_page=20&page=1
households-middle /api/households?year=2019&per_page=20&page=$hmid
households-last /api/households?year=2019&per_page=20&page=$hlast
households-status-by-income /api/households?year=2019&per_page=20&status=%E6%9C%AA%E8%84%B1%E8%B4%AB&sort=income_pc&page=100
households-by-income-desc-middle /api/households?year=2019&per_page=20&sort=income_pc&order=desc&page=$hmid
findings-cause-page-50 /api/households?year=2019&per_page=20&finding=cause_inconsistent&page=50
findings-cause-first /api/households?year=2019&per_page=20&finding=cause_inconsistent&page=1
findings-cause-middle /api/households?year=2019&per_page=20&finding=cause_inconsistent&page=$fmid
findings-cause-last /api/households?year=2019&per_page=20&finding=cause_inconsistent&page=$flast
findings-cause-county-page-5 /api/households?year=2019&per_page=20&finding=cause_inconsistent&region=$county&page=5
findings-cause-by-income-desc /api/households?year=2019&per_page=20&finding=cause_inconsistent&sort=income_pc&order=desc&page=10
findings-rare-middle /api/households?year=2019&per_page=20&finding=$rare&page=$rmid
audit-first /api/audit?per_page=50
dashboard-indicators-top /api/indicators?year=2019
dashboard-indicators-county /api/indicators?year=2019&region=$county
regions-top /api/regions
years /api/years
enums /api/enums
household-one /api/households/2019/$hh
problem-one /api/problems/$prob
export-problems-overdue-csv /api/problems?status=%E9%80%BE%E6%9C%9F&format=csv
export-findings-county-xlsx /api/households?year=2019&finding=cause_inconsistent&region=$county&format=xlsx
audit-middle /api/audit?per_page=50&page=2000
audit-action-outcome-dates /api/audit?per_page=50&action=household.read&outcome=denied&since=2020-03-01&until=2020-07-01&page=20
EOF2
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
