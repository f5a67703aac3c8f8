#!/bin/sh
# indicators.sh KAOHE - the indicator benchmark (docs/benchmarks.md,
# "Indicators"): the indicator set of docs/indicators.md computed three
# ways on the same data, the results compared for equality, times and peak
# memory side by side.
#
# Data recipe: `kaohe gen --persons N --seed 1 --year 2019` (as
# bench/run.sh), imported into its own database (out/N/ind.db), then
# `kaohe review --year 2019` so that the finding.* indicators exist.
# For each size N in $SIZES (default "1000000"):
#   kaohe:   kaohe review --year 2019 (timed), then
#            kaohe indicators --year 2019 --format json
#   sqlite3: bench/indicators.sql in the sqlite3 shell on the same database
#   duckdb:  bench/duckdb/indicators.sql through @duckdb/node-api on
#            DuckDB's own file, loaded once from the same tables (the load
#            is not timed); needs `npm install` in bench/duckdb (done here
#            when node_modules is missing)
# Median of $RUNS runs (default 3), peak RSS of the slowest-memory run.
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
runs=${RUNS:-3}
year=2019
visit_from=$(python3 -c "import datetime as d; print(d.date($year, 12, 31) - d.timedelta(days=90))")
mkdir -p "$out"
m() { python3 "$here/measure.py" "$runs" -- "$@"; }
[ -d "$here/duckdb/node_modules/@duckdb/node-api" ] ||
    (cd "$here/duckdb" && npm install --no-audit --no-fund > /dev/null)

echo "| persons | kaohe review s | kaohe indicators s | review + indicators s | sqlite3 SQL s | DuckDB s (query only) | ratio (review + indicators) / DuckDB | indicators / DuckDB | kaohe indicators MiB | review MiB | sqlite3 MiB | DuckDB MiB | equal |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in ${SIZES:-1000000}; do
    d=$out/$n
    if [ ! -f "$d/registry.csv" ]; then
        "$kaohe" gen --persons "$n" --seed 1 --year $year --out "$d" 2> /dev/null
    fi
    db=$d/ind.db
    if [ ! -f "$db" ] || [ "$d/registry.csv" -nt "$db" ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        "$kaohe" import regions "$d/regions.csv" --db "$db" > /dev/null 2>&1
        "$kaohe" import registry "$d/registry.csv" --year $year --db "$db" > /dev/null 2>&1 || true
    fi
    # kaohe: the review (it replaces its own rows each run), then indicators.
    rv=$(m "$kaohe" review --year $year --db "$db")
    ind=$(m "$kaohe" indicators --year $year --db "$db" --format json -o "$d/ind.kaohe.json")
    # sqlite3: the same set in SQL on the same database.
    sed -e "s/@YEAR@/$year/g" -e "s/@VISIT_FROM@/$visit_from/g" \
        "$here/indicators.sql" > "$d/ind.sql"
    sq=$(m sh -c "exec sqlite3 -readonly -csv '$db' < '$d/ind.sql' > '$d/ind.sqlite.csv'")
    # DuckDB: its own file, loaded from the year's tables once.
    duck=$d/ind.duckdb
    # (The review rewrites its rows each run, the same rows each time: the
    # copy is made again only for new data.)
    if [ ! -f "$duck" ] || [ "$d/registry.csv" -nt "$duck" ]; then
        x=$d/export && rm -rf "$x" && mkdir -p "$x"
        sqlite3 -readonly -header -csv "$db" "SELECT code, name, parent, level,
            rural_pop, plan_exit FROM region" > "$x/region.csv"
        sqlite3 -readonly -header -csv "$db" "SELECT id, year, hh_id, village,
            hh_type, cause, status, year_out, income_pc, housing, last_visit,
            measures FROM household WHERE year = $year" > "$x/household.csv"
        sqlite3 -readonly -header -csv "$db" "SELECT id, household, year, id_no,
            schooling, labour, ins_med, ins_serious, ins_pension, treat_first
            FROM member WHERE year = $year" > "$x/member.csv"
        sqlite3 -readonly -header -csv "$db" "SELECT household, year, applies,
            flagged FROM review WHERE year = $year" > "$x/review.csv"
        rm -f "$duck" "$duck.wal"
        node "$here/duckdb/indicators.mjs" load "$x" "$duck"
        rm -rf "$x"
    fi
    dk=$(m node "$here/duckdb/indicators.mjs" query "$duck" $year "$visit_from" "$d/ind.duckdb.csv")
    dq=$(node "$here/duckdb/indicators.mjs" query "$duck" $year "$visit_from" "$d/ind.duckdb.csv")
    same=$(python3 - "$d/ind.kaohe.json" "$d/ind.sqlite.csv" "$d/ind.duckdb.csv" <<'PY'
import csv, json, sys
k = {(r["code"], name): (v["num"], v["den"])
     for r in json.load(open(sys.argv[1], encoding="utf-8"))["regions"]
     for name, v in r["indicators"].items()}
def rows(p):
    return {(r[0], r[1]): (int(float(r[2])), int(float(r[3])))
            for r in csv.reader(open(p, encoding="utf-8")) if r}
res = []
for label, p in (("sqlite3", sys.argv[2]), ("duckdb", sys.argv[3])):
    o = rows(p)
    bad = len(set(k) ^ set(o)) + sum(1 for x in set(k) & set(o) if k[x] != o[x])
    res.append("%s %s" % (label, "yes" if bad == 0 else "NO (%d differ)" % bad))
print("%d values; %s" % (len(k), ", ".join(res)))
PY
)
    set -- $rv; rt=$1 rmem=$2
    set -- $ind; it=$1 imem=$2
    set -- $sq; st=$1 smem=$2
    set -- $dk; dt=$1 dmem=$2
    both=$(python3 -c "print('%.3f' % ($rt + $it))")
    ratio=$(python3 -c "print('%.2f' % (($rt + $it) / $dt))")
    iratio=$(python3 -c "print('%.2f' % ($it / $dt))")
    echo "| $n | $rt | $it | $both | $st | $dt ($dq) | $ratio | $iratio | $imem | $rmem | $smem | $dmem | $same |"
done
