#!/bin/sh
# SPDX-License-Identifier: MIT
# upload.sh KAOHE [DIR] - the demo's registry (tools/demo.sh: kaohe gen
# --persons 600000 --seed 2019 --year 2019 --faults 350, 220 MB) uploaded
# and imported over HTTP (POST /api/imports, keep_valid=1) into a fresh
# database, as docs/benchmarks.md "A province's registry over HTTP"
# reports: the upload's time (curl), the import's time after it, and the
# server's peak resident size (VmHWM) when started, after the login
# (Argon2id), after the upload and after the import; the load average
# before and after. EXTRA (environment) is added to `kaohe serve`'s
# options (an old binary needs --max-upload 300000000).
set -eu
K=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=${2:-bench/out/upload}
mkdir -p "$dir"
cd "$dir"
[ -s data/registry.csv ] ||
    "$K" gen --persons 600000 --seed 2019 --year 2019 --faults 350 --out data
rm -rf run && mkdir run && cd run
mkdir tmp
"$K" init --db k.db > /dev/null 2>&1
"$K" import regions ../data/regions.csv --db k.db > /dev/null 2>&1
echo 'admin-pass-2020' | "$K" user add admin --role 系统管理员 \
    --password-stdin --db k.db > /dev/null 2>&1
uptime > load_before.txt
TMPDIR=$PWD/tmp "$K" serve --db k.db --listen 127.0.0.1:0 --threads 2 \
    --request-timeout 600 ${EXTRA:-} > srv.out 2> srv.log &
spid=$!
trap 'kill -TERM $spid 2>/dev/null' EXIT
while ! grep -q http:// srv.out 2>/dev/null; do sleep 0.1; done
URL=$(sed -n 's#.*\(http://127.0.0.1:[0-9]*\)/.*#\1#p' srv.out)
hwm() { echo "$1 $(awk '/^VmHWM/ {print $2, $3}' /proc/$spid/status)"; }
hwm start > hwm.txt
curl -s -c a.jar -H 'Content-Type: application/json' \
    -d '{"user":"admin","password":"admin-pass-2020"}' "$URL/api/login" > login.json
hwm login >> hwm.txt
csrf=$(python3 -c "import json; print(json.load(open('login.json'))['csrf'])")
t0=$(date +%s.%N)
curl -s -o up.json -w '%{http_code} %{time_total}' -b a.jar \
    -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/octet-stream' \
    --data-binary @../data/registry.csv \
    "$URL/api/imports?year=2019&name=registry.csv&keep_valid=1" > up.code
t1=$(date +%s.%N)
hwm upload >> hwm.txt
id=$(python3 -c "import json; print(json.load(open('up.json'))['id'])")
until curl -s -o st.json -b a.jar "$URL/api/imports/$id" &&
    python3 -c "import json, sys; sys.exit(json.load(open('st.json'))['phase'] != 'done')"; do
    sleep 0.5
done
t2=$(date +%s.%N)
hwm done >> hwm.txt
uptime > load_after.txt
echo "file $(stat -c %s ../data/registry.csv) bytes; upload (status, curl s): $(cat up.code)"
echo "upload s $(echo "$t1 - $t0" | bc); import after the upload s $(echo "$t2 - $t1" | bc); total s $(echo "$t2 - $t0" | bc)"
cat hwm.txt
echo "load before: $(cat load_before.txt)"
echo "load after:  $(cat load_after.txt)"
python3 -c "import json; print(json.dumps(json.load(open('st.json'))['result'], ensure_ascii=False))"
