#!/bin/sh
# load.sh KAOHE - kaohe serve at a fixed rate (docs/benchmarks.md, "kaohe
# serve at 500 requests/s"): issue 6's target is p99 under 20 ms at 500
# requests/s on 2 cores with no errors, on a 1M-person database. wrk (and
# web.sh) is closed-loop: each connection waits for its answer before the
# next request, so a stall delays the requests that would have been sent
# during it and they are never measured (coordinated omission), and the
# rate is whatever the server gives. bench/loadgen.c sends on a fixed
# schedule instead and counts each request's latency from the time it was
# due (see its header).
#
# The database and the server (--threads $THREADS, default 4):
# bench/web_setup.sh. Each mix runs $RATE requests/s (default 500) for
# $DURATION seconds (default 60):
#   lookup:    GET /api/households/2019/{hh_id}, the county officer, the
#              county's households in a random order (seed 1);
#   dashboard: GET /api/indicators, the county officer;
#   problems:  GET /api/problems, the province officer (every problem);
#   ranking:   GET /api/assessments/hebei-city-2016/2019/市, the province
#              officer;
#   mixed:     the province officer: 70% lookups of random households of
#              the province, 10% each of the other three, interleaved;
#   static:    GET /style.css, a file of the UI with no session and no
#              database: the floor of the HTTP stack and the generator;
#   peer:      a peer for context, Python's http.server (threading,
#              HTTP/1.1 keep-alive) serving the county's dashboard JSON
#              as a file: the same bytes as the dashboard mix, nothing
#              computed.
# Prints a table: answered, errors (non-2xx, socket, timeouts), p50, p90,
# p99, p99.9 and max in ms, the server's peak RSS (VmHWM) and the load
# average (1 min) after the
# mix. Local traffic only; bounded in time.
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
rate=${RATE:-500}
dur=${DURATION:-60}
mkdir -p "$out"
cc -O2 -Wall -Wextra -o "$out/loadgen" "$here/loadgen.c" -lm
. "$here/web_setup.sh"
port=${url##*:}
ranking=/api/assessments/hebei-city-2016/2019/%E5%B8%82
pfx=$(echo "$county" | cut -c1-6)
sqlite3 "$db" "select '/api/households/2019/' || hh_id from household
    where year = 2019 and village like '$pfx%' order by hh_id" |
    python3 -c 'import random, sys; l = sys.stdin.read().split(); random.Random(1).shuffle(l); print("\n".join(l))' \
    > "$out/load-lookup.txt"
echo /api/indicators > "$out/load-dashboard.txt"
echo /api/problems > "$out/load-problems.txt"
echo "$ranking" > "$out/load-ranking.txt"
echo /style.css > "$out/load-static.txt"
sqlite3 "$db" "select '/api/households/2019/' || hh_id from household
    where year = 2019 order by random() limit 7000" |
    awk -v r="$ranking" '{ print } NR % 7 == 0 { print "/api/indicators"; print "/api/problems"; print r }' \
    > "$out/load-mixed.txt"
curl -s -o /dev/null -b "kh_session=$ptok" "$url/api/indicators" # the province's
echo "| mix | user | answered | non-2xx | socket errors | timeouts | connections | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | server peak RSS MiB | load avg after |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
mix() { # NAME USER-TOKEN
    name=$1 t=$2
    if [ -n "$t" ]; then
        "$out/loadgen" 127.0.0.1 "$port" "$rate" "$dur" "$out/load-$name.txt" \
            "Cookie: kh_session=$t" > "$out/load-$name.out"
    else
        "$out/loadgen" 127.0.0.1 "$port" "$rate" "$dur" "$out/load-$name.txt" \
            > "$out/load-$name.out"
    fi
    rss=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' /proc/$pid/status)
    who=county; [ "$t" = "$ptok" ] && who=province; [ -z "$t" ] && who=none
    sed 's/[a-z0-9]*=//g' "$out/load-$name.out" |
        awk -v n="$name" -v w="$who" -v m="$rss" -v l="$(cut -d' ' -f1 /proc/loadavg)" '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, w, $2, $4, $5, $6, $7, $8, $9, $10, $11, $12, m, l }'
}
for m in ${MIXES:-lookup dashboard problems ranking mixed static peer}; do
    case $m in
    lookup|dashboard) mix "$m" "$tok" ;;
    problems|ranking|mixed) mix "$m" "$ptok" ;;
    static) mix static "" ;;
    peer)
        mkdir -p "$out/peer"
        curl -s -b "kh_session=$tok" -o "$out/peer/indicators.json" "$url/api/indicators"
        echo /indicators.json > "$out/load-peer.txt"
        python3 - "$out/peer" > "$out/peer.port" 2> /dev/null <<'PY' &
import functools, http.server, sys
class H(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
        functools.partial(H, directory=sys.argv[1]))
print(s.server_address[1], flush=True)
s.serve_forever()
PY
        ppid=$!
        sleep 1
        "$out/loadgen" 127.0.0.1 "$(cat "$out/peer.port")" "$rate" "$dur" \
            "$out/load-peer.txt" > "$out/load-peer.out"
        prss=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' /proc/$ppid/status)
        kill $ppid
        sed 's/[a-z0-9]*=//g' "$out/load-peer.out" |
            awk -v m="$prss" -v l="$(cut -d' ' -f1 /proc/loadavg)" '{ printf "| peer: python3 http.server, the dashboard JSON as a file | none | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s (python) | %s |\n", $2, $4, $5, $6, $7, $8, $9, $10, $11, $12, m, l }'
        ;;
    esac
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) processors"
