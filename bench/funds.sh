#!/bin/sh
# funds.sh KAOHE - the 扶贫项目库与资金 benchmark (docs/benchmarks.md,
# "Funds"): the import of the project library, the allocations and the
# payments and `funds check` of the year, by kaohe and by DuckDB on the
# same CSV files; times, CPU and peak memory side by side.
#
# Data: `kaohe gen --persons N --seed 2019 --funds --projects-per-village
# 21 --payments-per-project 22` (N = $PERSONS, default 600000) into
# out/funds-N: at the default size 50,450 projects, 48 allocations and
# 998,556 payments with the generator's injected faults (funds_truth.csv).
# Not timed: the region list and the registry imported into
# out/funds-N/base.db (kaohe's `funds check` asks it about the 带贫户), and
# the registry's households loaded into DuckDB's own file hh.duckdb (the
# same question for DuckDB).
# Each of $RUNS rounds (default 1), kaohe then DuckDB, one after the other:
#   kaohe:  on a fresh copy of base.db, as the administrator: import
#           projects, import allocations, import payments --region
#           530000000000 (each row checked, all or nothing, stored), then
#           funds check --year 2019 --format json (every rule of
#           docs/funds.md) to a discarded output
#   duckdb: bench/duckdb/funds.mjs: read_csv of the same three files and
#           the region list, each row's own faults counted, every rule of
#           funds check as SQL (FIFO 滞留 by running sums and ASOF joins),
#           the findings counted per code; 2 threads, DuckDB's default
#           memory limit
# Prints, per run, wall seconds, user and system CPU seconds and peak RSS
# (MiB, the largest process) of each, and the findings per code of both
# (they must agree, and agree with funds_truth.csv).
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
n=${PERSONS:-600000}
runs=${RUNS:-1}
d=${BENCH_OUT:-$here/out}/funds-$n
mkdir -p "$d"
[ -d "$here/duckdb/node_modules/@duckdb/node-api" ] ||
    (cd "$here/duckdb" && npm install --no-audit --no-fund > /dev/null)
[ -f "$d/funds_truth.csv" ] ||
    "$kaohe" gen --persons "$n" --seed 2019 --funds --projects-per-village 21 \
        --payments-per-project 22 --out "$d" > /dev/null
if [ ! -f "$d/base.db" ]; then
    "$kaohe" import regions "$d/regions.csv" --db "$d/base.db" > /dev/null 2>&1
    "$kaohe" import registry "$d/registry.csv" --year 2019 --db "$d/base.db" > /dev/null 2>&1 || [ $? = 1 ]
    "$kaohe" user add 管 --role 系统管理员 --db "$d/base.db" > /dev/null 2>&1
fi
[ -f "$d/hh.duckdb" ] || node "$here/duckdb/funds.mjs" load "$d" "$d/hh.duckdb"
cat > "$d/kaohe_run.sh" <<EOS
set -e
export KAOHE_USER=管
"$kaohe" import projects "$d/projects.csv" --db "$d/run.db" > /dev/null
"$kaohe" import allocations "$d/allocations.csv" --db "$d/run.db" > /dev/null
"$kaohe" import payments "$d/payments.csv" --region 530000000000 --db "$d/run.db" > /dev/null
"$kaohe" funds check --year 2019 --db "$d/run.db" --format json > "$d/kaohe_found.json" || [ \$? = 1 ]
EOS
wc -l "$d/projects.csv" "$d/allocations.csv" "$d/payments.csv"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$runs"); do
    rm -f "$d/run.db" "$d/run.db-wal" "$d/run.db-shm"
    cp "$d/base.db" "$d/run.db"
    /usr/bin/time -f "kaohe  wall %e s  user %U s  sys %S s  peak %M KiB" \
        sh "$d/kaohe_run.sh" 2>&1 | grep '^kaohe '
    /usr/bin/time -f "duckdb wall %e s  user %U s  sys %S s  peak %M KiB" \
        node "$here/duckdb/funds.mjs" run "$d/hh.duckdb" "$d" 2019 530000000000 \
        > "$d/duckdb_found.txt" 2> "$d/duckdb.time" || { cat "$d/duckdb.time"; exit 1; }
    grep '^duckdb ' "$d/duckdb.time"
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done
# The findings per code of both, and of the truth.
python3 - "$d/kaohe_found.json" "$d/duckdb_found.txt" "$d/funds_truth.csv" <<'PY'
import collections, json, sys
k = collections.Counter(f["code"] for f in json.load(open(sys.argv[1]))["findings"])
dk = {l.split()[0]: int(l.split()[1]) for l in open(sys.argv[2]) if l.startswith("fund_")}
t = collections.Counter(l.split(",")[0] for l in open(sys.argv[3], encoding="utf-8").readlines()[1:])
same = all(k[c] == dk.get(c, 0) == t[c] for c in set(k) | set(dk) | set(t))
print("findings: kaohe %d, duckdb %d, truth %d; per code %s" %
      (sum(k.values()), sum(dk.values()), sum(t.values()), "the same" if same else "DIFFER"))
for c in sorted(set(k) | set(dk) | set(t)):
    if not (k[c] == dk.get(c, 0) == t[c]):
        print("  %s kaohe %d duckdb %d truth %d" % (c, k[c], dk.get(c, 0), t[c]))
sys.exit(0 if same else 1)
PY
