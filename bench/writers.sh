#!/bin/sh
# writers.sh KAOHE - concurrent edits through the web server (issue 6:
# "20 concurrent writers for a minute lose no update"; docs/benchmarks.md,
# "Concurrent edits"). A server on 127.0.0.1 over a database of $PERSONS
# (default 1,000,000) generated persons (kaohe gen --seed 1 --year 2019;
# the database is a copy of web.sh's when there is one), a county officer
# logged in; tests/e2e/edit_writers.py runs $WRITERS (default 20) writers
# for $DURATION seconds (default 60), twice:
#   one:   all writers on one household (the most conflicts: each edit
#          based on a version someone else has just changed is 409);
#   each:  each writer on a household of its own (the most edits).
# Each writer reads the household, adds one to a counter kept in a text
# field and writes it back with the version it read; at the end every
# successful edit must be there (lost = 0) with versions distinct and
# contiguous. Prints edits/s, 409s, errors and lost updates. The server
# has --threads $THREADS (default 4). Local traffic only; bounded in time.
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
n=${PERSONS:-1000000}
dur=${DURATION:-60}
writers=${WRITERS:-20}
threads=${THREADS:-4}
d=$out/$n
mkdir -p "$d"
[ -f "$d/registry.csv" ] ||
    "$kaohe" gen --persons "$n" --seed 1 --year 2019 --out "$d" 2> /dev/null
db=$d/edit.db
if [ ! -f "$db" ]; then
    if [ -f "$d/web.db" ]; then
        sqlite3 "$d/web.db" ".backup '$db.tmp'"
    else
        "$kaohe" import regions "$d/regions.csv" --db "$db.tmp" > /dev/null 2>&1
        "$kaohe" import registry "$d/registry.csv" --year 2019 --db "$db.tmp" > /dev/null 2>&1
    fi
    mv "$db.tmp" "$db"
fi
county=$(sqlite3 "$db" "select code from region where level = 3 order by code limit 1")
sqlite3 "$db" "select 1 from app_user where name = 'writer'" | grep -q 1 ||
    echo 'writer-password-1' | "$kaohe" user add writer --role 县级 \
        --region "$county" --password-stdin --db "$db" > /dev/null
sqlite3 "$db" "select 1 from app_user where role = '系统管理员'" | grep -q 1 ||
    echo 'bench-admin-pass' | "$kaohe" user add admin --role 系统管理员 \
        --password-stdin --db "$db" > /dev/null
rm -f "$out/writers.out" # (not an old run's address)
"$kaohe" serve --db "$db" --listen 127.0.0.1:0 --threads "$threads" \
    > "$out/writers.out" 2> "$out/writers.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null' EXIT
i=0
while ! grep -q "http://" "$out/writers.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "server did not start" >&2; exit 2; }
    sleep 0.1
done
url=$(sed -n 's#.*\(http://127.0.0.1:[0-9]*\)/.*#\1#p' "$out/writers.out")
curl -s -c "$out/writer.jar" -H 'Content-Type: application/json' \
    -d '{"user":"writer","password":"writer-password-1"}' "$url/api/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf"])' \
    > "$out/writer.csrf"
# Households of the county whose stored data passes the registry's checks
# as it is (an edit re-checks the whole household).
hhs=$(sqlite3 "$db" "select hh_id from household where year = 2019 and
    village like '$(echo "$county" | cut -c1-6)%' and hh_id not in
    (select hh_id from finding where year = 2019 and hh_id is not null)
    order by id limit $writers" | paste -sd, -)
one=$(echo "$hhs" | cut -d, -f1)
echo "| writers | households | seconds | edits | edits/s | 409 | errors | lost |"
echo "|---|---|---|---|---|---|---|---|"
for run in "$one" "$hhs"; do
    python3 "$here/../tests/e2e/edit_writers.py" "$url" "$out/writer.jar" \
        "$out/writer.csrf" 2019 "$run" "$writers" "$dur" > "$out/writers.json" ||
        { cat "$out/writers.json"; echo "writers failed" >&2; exit 1; }
    python3 - "$out/writers.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("| %(writers)d | %(households)d | %(seconds).0f | %(edits)d | %(edits_per_s).1f"
      " | %(conflicts_409)d | %(errors)d | %(lost)d |" % d)
PY
done
