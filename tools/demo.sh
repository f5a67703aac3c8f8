#!/bin/sh
# demo.sh KAOHE - the main job on generated data: a province of synthetic
# households (PERSONS, default 600000: the generator makes three cities of
# that, so that the assessment has a ranking) with a few hundred injected
# faults, as a county office would hand it over; checked, imported (the
# faulty households rejected into a file), reviewed, its indicators
# computed for every region, the 明白卡 of one village printed,
# summarised; problems generated and one carried to 销号 with the
# rectification documents; and last its cities assessed under the Hebei
# preset with generated manual inputs. Everything lands in demo/.
set -eu
kaohe=$1
persons=${PERSONS:-600000}
faults=${FAULTS:-350}
out=demo
rm -rf "$out"
mkdir -p "$out"
echo "== 生成模拟数据 / generating $persons persons with $faults injected faults"
"$kaohe" gen --persons "$persons" --seed 2019 --year 2019 --faults "$faults" \
    --funds --out "$out/data"
echo "== 检查文件 / checking the files (问题清单 as XLSX)"
"$kaohe" check "$out/data/regions.csv" "$out/data/registry.csv" --year 2019 \
    --format xlsx -o "$out/findings.xlsx" || true
echo "   $out/findings.xlsx"
echo "== 导入 / importing (households with errors go to the rejects file)"
"$kaohe" init --db "$out/kaohe.db"
"$kaohe" import regions "$out/data/regions.csv" --db "$out/kaohe.db" > /dev/null
"$kaohe" import registry "$out/data/registry.csv" --year 2019 --db "$out/kaohe.db" \
    --keep-valid --rejects "$out/rejects.csv" > /dev/null
echo "== 退出核查 / the exit review"
"$kaohe" review --year 2019 --db "$out/kaohe.db" > "$out/review.txt"
"$kaohe" review --year 2019 --db "$out/kaohe.db" --findings --format xlsx \
    -o "$out/review.xlsx"
sed -n '1,24p' "$out/review.txt"
echo "   $out/review.txt, $out/review.xlsx"
echo "== 指标 / indicators of every region (rolled up from the villages)"
"$kaohe" indicators --year 2019 --db "$out/kaohe.db" --format json -o "$out/indicators.json"
"$kaohe" indicators --year 2019 --db "$out/kaohe.db" --format xlsx -o "$out/indicators.xlsx"
"$kaohe" indicators --year 2019 --db "$out/kaohe.db" --level 省 |
    grep -E "^[0-9]|^  (households|persons|rural_pop|incidence|exited_persons_year|plan_completion|income_pc_mean|income_pc_median|finding.exit_income) "
echo "   $out/indicators.json, $out/indicators.xlsx"
echo "== 扶贫明白卡 / the 明白卡 of the smallest village (PDF, one page a household)"
village=$(sqlite3 "$out/kaohe.db" "SELECT village FROM household WHERE year = 2019
    GROUP BY village ORDER BY count(*), village LIMIT 1")
"$kaohe" report card --year 2019 --village "$village" --db "$out/kaohe.db" \
    -o "$out/明白卡-$village.pdf" | tail -1
echo "== 已存数据复查 / checking the stored year"
"$kaohe" check --year 2019 --db "$out/kaohe.db" > "$out/stored-check.txt" || true
tail -1 "$out/stored-check.txt"
echo "== 概况 / summary"
"$kaohe" summary --db "$out/kaohe.db"
echo "== 反馈与整改 / problems from the indicators, one carried to 销号, the documents"
db="--db $out/kaohe.db"
# the county office's user sees the province's problems (a user bound to
# no region sees none)
"$kaohe" user add 县扶贫办 --role 县级 --region \
    "$(sqlite3 "$out/kaohe.db" "SELECT code FROM region WHERE level = 1 LIMIT 1")" $db > /dev/null
"$kaohe" user add 考核组 --role 考核组 $db > /dev/null
KAOHE_USER=县扶贫办 "$kaohe" rectify generate --year 2019 $db > "$out/problems.txt"
tail -1 "$out/problems.txt"
first=$(head -1 "$out/problems.txt" | cut -f1)
KAOHE_USER=县扶贫办 "$kaohe" rectify plan "$first" --measures "逐户核实,补齐台账" \
    --lead 县扶贫办 --unit 各乡镇 --deadline 2020-06-30 --person 县扶贫办主任 \
    --stages 2020-05-10,2020-05-14,2020-06-10 $db > /dev/null
KAOHE_USER=县扶贫办 "$kaohe" rectify progress "$first" --note "已逐户核实" $db > /dev/null
KAOHE_USER=县扶贫办 "$kaohe" rectify request-close "$first" \
    --evidence "$out/review.xlsx" $db > /dev/null
KAOHE_USER=考核组 "$kaohe" rectify verify "$first" --note "核实销号" $db
KAOHE_USER=县扶贫办 "$kaohe" rectify export -o "$out/整改清单.xlsx" $db 2> /dev/null
KAOHE_USER=县扶贫办 "$kaohe" rectify ledger -o "$out/整改台账.xlsx" $db 2> /dev/null
KAOHE_USER=县扶贫办 "$kaohe" rectify report -o "$out/整改报告.xlsx" $db 2> /dev/null
KAOHE_USER=县扶贫办 "$kaohe" rectify report -o "$out/整改报告.pdf" $db 2> /dev/null
# the issuing details of the province (发文机关, 文号) for the documents'
# 落款; then the 整改方案 and editable copies
prov=$(sqlite3 "$out/kaohe.db" "SELECT code FROM region WHERE level = 1 LIMIT 1")
"$kaohe" org set "$prov" --issuer "$(sqlite3 "$out/kaohe.db" "SELECT name FROM region WHERE code = '$prov'")扶贫开发领导小组" \
    --docno-pattern "扶开组〔{年}〕{号}号" $db > /dev/null
KAOHE_USER=县扶贫办 "$kaohe" report plan -o "$out/整改方案.pdf" --number 1 $db 2> /dev/null
KAOHE_USER=县扶贫办 "$kaohe" report plan -o "$out/整改方案.docx" --number 1 $db 2> /dev/null
KAOHE_USER=县扶贫办 "$kaohe" rectify report -o "$out/整改报告.docx" $db 2> /dev/null
echo "   $out/整改清单.xlsx, $out/整改台账.xlsx, $out/整改方案.pdf/.docx, $out/整改报告.pdf/.xlsx/.docx"
echo "== 扶贫项目与资金 / the project library, allocations and payments (docs/funds.md)"
"$kaohe" user add 省扶贫办 --role 系统管理员 $db > /dev/null
KAOHE_USER=省扶贫办 "$kaohe" import projects "$out/data/projects.csv" $db > /dev/null
KAOHE_USER=省扶贫办 "$kaohe" import allocations "$out/data/allocations.csv" $db > /dev/null
KAOHE_USER=省扶贫办 "$kaohe" import payments "$out/data/payments.csv" --region "$prov" $db > /dev/null
KAOHE_USER=省扶贫办 "$kaohe" funds check --year 2019 $db > "$out/funds-check.txt" || true
tail -1 "$out/funds-check.txt"
KAOHE_USER=省扶贫办 "$kaohe" funds table --year 2019 -o "$out/资金使用情况表.xlsx" $db 2> /dev/null
KAOHE_USER=省扶贫办 "$kaohe" funds table --year 2019 -o "$out/资金使用情况表.pdf" $db 2> /dev/null
project=$(sqlite3 "$out/kaohe.db" "SELECT proj_id FROM fund_project WHERE status = '验收' ORDER BY benef_poor_hh DESC, proj_id LIMIT 1")
KAOHE_USER=省扶贫办 "$kaohe" funds notice "$project" -o "$out/公告公示-$project.pdf" $db 2> /dev/null
KAOHE_USER=省扶贫办 "$kaohe" funds export -o "$out/项目库.xlsx" $db 2> /dev/null
echo "   $out/funds-check.txt, $out/资金使用情况表.xlsx/.pdf, $out/公告公示-$project.pdf, $out/项目库.xlsx"
echo "== 扶贫资金绩效评价 / the funds' performance score (funds-county-2017, docs/funds.md)"
echo "   注意:审计检查问题、违纪违法案件等考核组录入项是为演示生成的 / the 考核组's inputs are GENERATED"
"$kaohe" assess template --scheme funds-county-2017 --year 2019 --level 县 \
    --db "$out/kaohe.db" -o "$out/funds-template.csv"
sh "$(dirname "$0")/assess-inputs.sh" "$out/funds-template.csv" > "$out/funds-inputs.csv"
KAOHE_USER=省扶贫办 "$kaohe" funds score --year 2019 --inputs "$out/funds-inputs.csv" $db \
    > "$out/funds-score.txt" 2> /dev/null
KAOHE_USER=省扶贫办 "$kaohe" funds score --year 2019 --inputs "$out/funds-inputs.csv" $db \
    --format inputs -o "$out/funds-score.csv" 2> /dev/null
echo "   $out/funds-score.txt; $out/funds-score.csv feeds the 扶贫资金 item of the assessment below"
echo "== 综合评价 / the assessment of the cities under hebei-city-2016"
echo "   注意:平时考核、第三方评估、部门评价等人工录入项是为演示按区划代码生成的,不是真实数据"
echo "   note: the manual inputs (平时考核, third-party rates, 部门评价, vetoes) are GENERATED"
echo "   for the demo from the region codes (deterministic), not real figures"
"$kaohe" assess template --scheme hebei-city-2016 --year 2019 --level 市 \
    --db "$out/kaohe.db" -o "$out/assess-template.xlsx"
"$kaohe" assess template --scheme hebei-city-2016 --year 2019 --level 市 \
    --db "$out/kaohe.db" -o "$out/assess-template.csv"
# Fill the template with generated values (tools/assess-inputs.sh).
# The 扶贫资金 item (fund_score, fund_cases, veto_funds) comes from the
# funds' score above, not from generated values.
FUNDS_SCORED=1 sh "$(dirname "$0")/assess-inputs.sh" "$out/assess-template.csv" > "$out/assess-inputs.csv"
"$kaohe" assess run --scheme hebei-city-2016 --year 2019 --level 市 \
    --db "$out/kaohe.db" --inputs "$out/assess-inputs.csv" \
    --inputs "$out/funds-score.csv" > /dev/null 2> "$out/assess-run.log" || { cat "$out/assess-run.log"; exit 1; }
"$kaohe" assess show --scheme hebei-city-2016 --year 2019 --level 市 \
    --db "$out/kaohe.db" --format xlsx -o "$out/assess.xlsx"
"$kaohe" assess show --scheme hebei-city-2016 --year 2019 --level 市 \
    --db "$out/kaohe.db" --part hebei-county-2016 > "$out/assess-counties.txt"
echo "   $out/assess-inputs.csv (generated), $out/assess.xlsx, $out/assess-counties.txt"
echo "   kaohe assess explain CODE --scheme hebei-city-2016 --year 2019 --level 市 --db $out/kaohe.db"
echo "== 考核反馈问题与考核通报 / problems from the assessment, the 考核通报"
KAOHE_USER=县扶贫办 "$kaohe" rectify generate --year 2019 --assessment hebei-city-2016 \
    --level 市 --db "$out/kaohe.db" | tail -1
# the cities' 通报 and the city's 报告 and every problem (the city's too):
# as 考核组, whose scope is every region (县扶贫办 gets the county's only)
KAOHE_USER=考核组 "$kaohe" report tongbao --scheme hebei-city-2016 --year 2019 \
    --level 市 --db "$out/kaohe.db" -o "$out/考核通报.pdf" 2> /dev/null
KAOHE_USER=考核组 "$kaohe" report tongbao --scheme hebei-city-2016 --year 2019 \
    --level 市 --db "$out/kaohe.db" -o "$out/考核通报.docx" 2> /dev/null
first_city=$(sqlite3 "$out/kaohe.db" "SELECT code FROM region WHERE level = 2 ORDER BY code LIMIT 1")
KAOHE_USER=考核组 "$kaohe" report assess --scheme hebei-city-2016 --year 2019 \
    --level 市 --region "$first_city" --db "$out/kaohe.db" -o "$out/考核报告-$first_city.pdf" 2> /dev/null
KAOHE_USER=考核组 "$kaohe" rectify ledger -o "$out/整改台账.xlsx" --db "$out/kaohe.db" 2> /dev/null
KAOHE_USER=考核组 "$kaohe" rectify report -o "$out/整改报告.pdf" --db "$out/kaohe.db" 2> /dev/null
KAOHE_USER=考核组 "$kaohe" rectify report -o "$out/整改报告.xlsx" --db "$out/kaohe.db" 2> /dev/null
echo "   $out/考核通报.pdf/.docx, $out/考核报告-$first_city.pdf; $out/整改台账.xlsx and $out/整改报告.pdf/.xlsx now include these problems"
echo "== 各市排名 / the cities ranked (hebei-city-2016, generated manual inputs)"
"$kaohe" assess show --scheme hebei-city-2016 --year 2019 --level 市 --db "$out/kaohe.db"
# Last, the web application on the demo database, unless DEMO_SERVE=0
# (for scripts): an administrator with a random password made now (never
# a default one) and printed once, the server on 127.0.0.1 (DEMO_LISTEN,
# default 127.0.0.1:8080; a free port when that one is taken) until
# Ctrl-C.
[ "${DEMO_SERVE:-1}" = 0 ] && exit 0
echo "== 网页服务 / the web application (kaohe serve)"
pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
[ ${#pw} = 24 ] || { echo "no random password from /dev/urandom" >&2; exit 2; }
printf '%s\n' "$pw" | "$kaohe" user add admin --role 系统管理员 \
    --password-stdin --db "$out/kaohe.db" > /dev/null
web=$(cd "$(dirname "$0")/.." && pwd)/web
serve() { # LISTEN: the server in the background, its pid in $pid
    rm -f "$out/serve.out"
    "$kaohe" serve --db "$out/kaohe.db" --listen "$1" --web "$web" \
        > "$out/serve.out" 2> "$out/serve.log" &
    pid=$!
    i=0
    while ! grep -q "http://" "$out/serve.out" 2> /dev/null; do
        kill -0 $pid 2> /dev/null || return 1
        i=$((i + 1)); [ $i -gt 300 ] && return 1
        sleep 0.1
    done
}
# A background job of a script does not get Ctrl-C: pass it on as SIGTERM.
trap 'kill -TERM $pid 2> /dev/null' INT TERM
serve "${DEMO_LISTEN:-127.0.0.1:8080}" || serve 127.0.0.1:0 || {
    cat "$out/serve.log" >&2; echo "kaohe serve did not start" >&2; exit 2; }
url=$(sed -n 's#.*\(http://[0-9.]*:[0-9]*/\).*#\1#p' "$out/serve.out")
echo "   地址 / address:  $url"
echo "   管理员 / administrator:  admin"
echo "   密码 / password:  $pw   (随机生成,只显示这一次 / random, shown only this once)"
echo "   请求日志 / request log: $out/serve.log;  Ctrl-C 停止 / Ctrl-C stops it"
wait $pid || true
wait $pid 2> /dev/null || true
echo "   已停止 / stopped"
