#!/bin/sh
# web.sh KAOHE - the web server's benchmark (docs/benchmarks.md, "kaohe
# serve"): wrk against a server on 127.0.0.1 over a database of $PERSONS
# (default 1,000,000) generated persons (kaohe gen --seed 1 --year 2019),
# logged in as a county officer:
#   lookup:     GET /api/households/2019/{hh_id}, a different household of
#               the county each request (wrk script, 2,000 ids);
#   list:       GET /api/households?page=N (a county's first 50 pages);
#   dashboard:  GET /api/indicators (the county and its townships; the
#               year's indicators are computed by the first request, which
#               is made before the measurement, and kept);
# and as a province officer (省级):
#   problems:   GET /api/problems (every problem of the province);
#   ranking:    GET /api/assessments/hebei-city-2016/2019/市;
#   explain:    GET /api/assessments/hebei-city-2016/2019/市/CITY (the
#               first county's city);
#   tongbao:    GET /api/reports/tongbao (the 考核通报 PDF of that run,
#               made on request, audited);
#   ledger:     GET /api/reports/ledger?year=2019 (the 整改台账 XLSX).
# The database and the server: bench/web_setup.sh.
# wrk runs $DURATION seconds (default 15) with $CONN connections (default
# 20) on 2 threads; the server has --threads $THREADS (default 4). Prints
# requests/s, p50 and p99 latency and non-2xx answers. Needs wrk
# (apt-get install wrk). Local traffic only; bounded in time.
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
dur=${DURATION:-15}
conn=${CONN:-20}
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
. "$here/web_setup.sh"
# 2,000 households of the county, spread over it.
sqlite3 "$db" "select hh_id from household where year = 2019 and village like '$(echo "$county" | cut -c1-6)%' order by hh_id" |
    awk 'NR % 7 == 1' | head -2000 > "$out/ids.txt"
{
    echo 'ids = {}'
    echo 'for l in io.lines("'"$out/ids.txt"'") do ids[#ids + 1] = l end'
    echo 'i = 0'
    echo 'request = function() i = i % #ids + 1; return wrk.format("GET", "/api/households/2019/" .. ids[i]) end'
} > "$out/lookup.lua"
{
    echo 'i = 0'
    echo 'request = function() i = i % 50 + 1; return wrk.format("GET", "/api/households?page=" .. i) end'
} > "$out/list.lua"
curl -s -o /dev/null -b "kh_session=$tok" "$url/api/indicators" # compute once
run() { # NAME wrk args...
    name=$1; shift
    wrk -t2 -c"$conn" -d"${dur}s" --latency "$@" > "$out/$name.txt"
    python3 - "$out/$name.txt" "$name" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(s):
    v, u = re.match(r"([\d.]+)(us|ms|s)", s).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
rps = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
p50 = ms(re.search(r"\s50%\s+(\S+)", t).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", t).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
err = re.search(r"Socket errors: (.*)", t)
print("| %s | %.0f | %.2f | %.2f | %s | %s |" % (sys.argv[2], float(rps), p50, p99,
      bad.group(1) if bad else 0, err.group(1) if err else "none"))
PY
}
echo "| endpoint | requests/s | p50 ms | p99 ms | non-2xx | socket errors |"
echo "|---|---|---|---|---|---|"
C="Cookie: kh_session=$tok" P="Cookie: kh_session=$ptok"
run lookup -H "$C" -s "$out/lookup.lua" "$url"
run list -H "$C" -s "$out/list.lua" "$url"
run dashboard -H "$C" "$url/api/indicators"
run problems -H "$P" "$url/api/problems"
run ranking -H "$P" "$url/api/assessments/hebei-city-2016/2019/%E5%B8%82"
run explain -H "$P" "$url/api/assessments/hebei-city-2016/2019/%E5%B8%82/$(echo "$county" | cut -c1-4)00000000"
run tongbao -H "$P" "$url/api/reports/tongbao?scheme=hebei-city-2016&year=2019&level=%E5%B8%82"
run ledger -H "$P" "$url/api/reports/ledger?year=2019"
