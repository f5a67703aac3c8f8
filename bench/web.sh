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
#               is made before the measurement, and kept).
# wrk runs $DURATION seconds (default 15) with $CONN connections (default
# 20) on 2 threads; the server has --threads $THREADS (default 4). Prints
# requests/s, p50 and p99 latency and non-2xx answers. Needs wrk
# (apt-get install wrk). Local traffic only; bounded in time.
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
n=${PERSONS:-1000000}
dur=${DURATION:-15}
conn=${CONN:-20}
threads=${THREADS:-4}
d=$out/$n
mkdir -p "$d"
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -f "$d/registry.csv" ] ||
    "$kaohe" gen --persons "$n" --seed 1 --year 2019 --out "$d" 2> /dev/null
db=$d/web.db
if [ ! -f "$db" ]; then
    "$kaohe" import regions "$d/regions.csv" --db "$db.tmp" > /dev/null 2>&1
    "$kaohe" import registry "$d/registry.csv" --year 2019 --db "$db.tmp" > /dev/null 2>&1
    mv "$db.tmp" "$db"
fi
county=$(sqlite3 "$db" "select code from region where level = 3 order by code limit 1")
sqlite3 "$db" "select 1 from app_user where name = 'bench'" | grep -q 1 ||
    echo 'bench-password-1' | "$kaohe" user add bench --role 县级 \
        --region "$county" --password-stdin --db "$db" > /dev/null
sqlite3 "$db" "select 1 from app_user where role = '系统管理员'" | grep -q 1 ||
    echo 'bench-admin-pass' | "$kaohe" user add admin --role 系统管理员 \
        --password-stdin --db "$db" > /dev/null
"$kaohe" serve --db "$db" --listen 127.0.0.1:0 --threads "$threads" \
    > "$out/serve.out" 2> "$out/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null' EXIT
i=0
while ! grep -q "http://" "$out/serve.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "server did not start" >&2; exit 2; }
    sleep 0.1
done
url=$(sed -n 's#.*\(http://127.0.0.1:[0-9]*\)/.*#\1#p' "$out/serve.out")
tok=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"user":"bench","password":"bench-password-1"}' "$url/api/login" |
    sed -n 's/.*kh_session=\([0-9a-f]*\);.*/\1/p')
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
    wrk -t2 -c"$conn" -d"${dur}s" --latency -H "Cookie: kh_session=$tok" "$@" > "$out/$name.txt"
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
run lookup -s "$out/lookup.lua" "$url"
run list -s "$out/list.lua" "$url"
run dashboard "$url/api/indicators"
