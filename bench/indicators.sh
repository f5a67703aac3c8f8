#!/bin/sh
# indicators.sh KAOHE - the indicator benchmark (docs/benchmarks.md,
# "Indicators"): the indicator set of docs/indicators.md computed by kaohe
# and by its peers on the same data, the results compared for equality,
# times and peak memory side by side.
#
# Data recipe: `kaohe gen --persons N --seed 1 --year 2019 --profile P`
# (as bench/run.sh; P in $PROFILES, default "clean realistic", out/N for
# clean and out/N-realistic), imported into its own database
# (out/N/ind.db).
# For each size N in $SIZES (default "1000000"), $RUNS rounds (default 3),
# each round running these one after the other (bench/alternate.py), so
# that all see the same load of the shared machine:
#   kaohe:       kaohe review --year 2019, then
#                kaohe indicators --year 2019 --format json
#   duckdb:      bench/duckdb/indicators.sql through @duckdb/node-api on
#                DuckDB's own file (loaded once from the same tables; the
#                load is not timed), reading kaohe's stored review for the
#                finding.* indicators
#   duckdb_raw:  the same with the review's rules computed in SQL from the
#                raw tables (bench/review_rules.sql): the same work as
#                kaohe review + kaohe indicators
#   sqlite3, sqlite3_raw: the same two in the sqlite3 shell on kaohe's
#                database (bench/indicators.sql); SQLITE=0 leaves them out
# Times are medians over the rounds; ratios are medians of the rounds'
# ratios; peak RSS is the largest of the rounds. Needs `npm install` in
# bench/duckdb (done here when node_modules is missing).
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
runs=${RUNS:-3}
year=2019
visit_from=$(python3 -c "import datetime as d; print(d.date($year, 12, 31) - d.timedelta(days=90))")
mkdir -p "$out"
[ -d "$here/duckdb/node_modules/@duckdb/node-api" ] ||
    (cd "$here/duckdb" && npm install --no-audit --no-fund > /dev/null)

line=$(sed -n "/^\[poverty_line\]/,/^\[/s/^$year = \([0-9]*\).*/\1/p" \
    "$here/../standards/national.std")00
# The raw variants: the review's rules in front of the indicator query,
# reading rv instead of the stored review. DuckDB: rv as a CTE; sqlite3:
# rv filled first as a temporary table keyed by household (as a CTE,
# SQLite joined it without an index, in quadratic time).
raw() {
    python3 - "$1" "$here/review_rules.sql" "$2" "$3" <<'PY'
import sys
q = open(sys.argv[1], encoding="utf-8").read()
rules = open(sys.argv[2], encoding="utf-8").read()
old = "LEFT JOIN review r ON r.household = h.id AND r.year = @YEAR@"
assert q.count(old) == 1 and q.count("WITH RECURSIVE\n") == 1
q = q.replace(old, "LEFT JOIN rv r ON r.household = h.id")
if sys.argv[4] == "cte":
    q = q.replace("WITH RECURSIVE\n", "WITH RECURSIVE\n" + rules + "\n", 1)
else:
    body = rules.rstrip().rstrip(",")
    q = ("CREATE TEMP TABLE rv(household INTEGER PRIMARY KEY, applies INTEGER,"
         " flagged INTEGER);\nINSERT INTO rv WITH\n" + body +
         "\nSELECT household, applies, flagged FROM rv;\n" + q)
open(sys.argv[3], "w", encoding="utf-8").write(q)
PY
}
subst() {
    sed -e "s/@YEAR@/$year/g" -e "s/@VISIT_FROM@/$visit_from/g" -e "s/@LINE@/$line/g" "$1"
}

echo "| profile | persons | kaohe review s | kaohe indicators s | review + indicators s | DuckDB s (query alone) | DuckDB raw s (query alone) | sqlite3 s | sqlite3 raw s | (review + indicators) / DuckDB | (review + indicators) / DuckDB raw | review MiB | indicators MiB | DuckDB MiB | DuckDB raw MiB | sqlite3 MiB | sqlite3 raw MiB | equal | load average |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for p in ${PROFILES:-clean realistic}; do
for n in ${SIZES:-1000000}; do
    d=$out/$n
    [ "$p" = clean ] || d=$out/$n-$p
    if [ ! -f "$d/registry.csv" ]; then
        "$kaohe" gen --persons "$n" --seed 1 --year $year --profile "$p" --out "$d" 2> /dev/null
    fi
    load0=$(cut -d' ' -f1 /proc/loadavg)
    db=$d/ind.db
    if [ ! -f "$db" ] || [ "$d/registry.csv" -nt "$db" ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        "$kaohe" import regions "$d/regions.csv" --db "$db" > /dev/null 2>&1
        "$kaohe" import registry "$d/registry.csv" --year $year --db "$db" > /dev/null 2>&1 || true
    fi
    # A first review, so that the stored-review variants have one.
    "$kaohe" review --year $year --db "$db" > /dev/null
    subst "$here/indicators.sql" > "$d/ind.sql"
    raw "$here/indicators.sql" "$d/ind.raw.tmp" temp && subst "$d/ind.raw.tmp" > "$d/ind.raw.sql"
    raw "$here/duckdb/indicators.sql" "$d/duck.raw.tmp" cte &&
        sed "s/@LINE@/$line/g" "$d/duck.raw.tmp" > "$d/duck.raw.sql"
    rm -f "$d/ind.raw.tmp" "$d/duck.raw.tmp"
    # DuckDB: its own file, loaded from the year's tables once (again when
    # the data or the loader's columns are newer).
    duck=$d/ind.duckdb
    if [ ! -f "$duck" ] || [ "$d/registry.csv" -nt "$duck" ] ||
       [ "$here/duckdb/indicators.mjs" -nt "$duck" ]; then
        x=$d/export && rm -rf "$x" && mkdir -p "$x"
        sqlite3 -readonly -header -csv "$db" "SELECT code, name, parent, level,
            rural_pop, plan_exit FROM region" > "$x/region.csv"
        sqlite3 -readonly -header -csv "$db" "SELECT id, year, hh_id, village,
            hh_type, cause, status, year_out, income_pc, housing, last_visit,
            measures, inc_wage, inc_business, inc_property, inc_transfer,
            inc_dibao, inc_tekun, exp_business, med_oop, reloc_self,
            water_safe, relocated, helper_id FROM household WHERE year = $year" > "$x/household.csv"
        sqlite3 -readonly -header -csv "$db" "SELECT id, household, year, id_no,
            schooling, labour, ins_med, ins_serious, ins_pension, treat_first,
            health FROM member WHERE year = $year" > "$x/member.csv"
        sqlite3 -readonly -header -csv "$db" "SELECT household, year, applies,
            flagged FROM review WHERE year = $year" > "$x/review.csv"
        rm -f "$duck" "$duck.wal"
        node "$here/duckdb/indicators.mjs" load "$x" "$duck"
        rm -rf "$x"
    fi
    nodeq="node $here/duckdb/indicators.mjs query $duck $year $visit_from"
    set -- review="$kaohe review --year $year --db $db" \
        indicators="$kaohe indicators --year $year --db $db --format json -o $d/ind.kaohe.json" \
        duckdb="$nodeq $d/ind.duckdb.csv" \
        duckdb_raw="$nodeq $d/ind.duckdb.raw.csv $d/duck.raw.sql"
    if [ "${SQLITE:-1}" != 0 ]; then
        set -- "$@" sqlite3="sqlite3 -readonly -csv $db < $d/ind.sql > $d/ind.sqlite.csv" \
            sqlite3_raw="sqlite3 -readonly -csv $db < $d/ind.raw.sql > $d/ind.sqlite.raw.csv"
    fi
    python3 "$here/alternate.py" "$runs" "$@" > "$d/times.json"
    # The query alone, without node's start and the file's opening.
    dq=$($nodeq "$d/ind.duckdb.csv")
    dqr=$($nodeq "$d/ind.duckdb.raw.csv" "$d/duck.raw.sql")
    python3 - "$n" "$d" "$dq" "$dqr" "$p" "$load0–$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import csv, json, os, statistics, sys
n, d, dq, dqr, prof, load = sys.argv[1:7]
t = json.load(open(os.path.join(d, "times.json")))
k = {(r["code"], name): (v["num"], v["den"])
     for r in json.load(open(os.path.join(d, "ind.kaohe.json"), encoding="utf-8"))["regions"]
     for name, v in r["indicators"].items()}
def rows(p):
    return {(r[0], r[1]): (int(float(r[2])), int(float(r[3])))
            for r in csv.reader(open(p, encoding="utf-8")) if r}
res = []
for label, f in (("DuckDB", "ind.duckdb.csv"), ("DuckDB raw", "ind.duckdb.raw.csv"),
                 ("sqlite3", "ind.sqlite.csv"), ("sqlite3 raw", "ind.sqlite.raw.csv")):
    if not os.path.exists(os.path.join(d, f)) or (label.startswith("sqlite3") and "sqlite3" not in t):
        continue
    o = rows(os.path.join(d, f))
    # Indicators the SQL does not compute (added to kaohe's set after
    # it) are counted apart: every value both have must agree.
    bad = len(set(o) - set(k)) + sum(1 for x in set(k) & set(o) if k[x] != o[x])
    only = sorted({x[1] for x in set(k) - set(o)})
    res.append("%s %s" % (label, "yes" if bad == 0 else "NO (%d differ)" % bad)
               + (" on %d values (kaohe alone: %d, %s)" % (len(set(k) & set(o)),
                  len(set(k) - set(o)), " ".join(only)) if only else ""))
med = lambda name: statistics.median(t[name]["s"]) if name in t else None
mib = lambda name: ("%.1f" % max(t[name]["mib"])) if name in t else "-"
fmt = lambda x: "-" if x is None else "%.2f" % x
both = [a + b for a, b in zip(t["review"]["s"], t["indicators"]["s"])]
r1 = statistics.median(b / x for b, x in zip(both, t["duckdb"]["s"]))
r2 = statistics.median(b / x for b, x in zip(both, t["duckdb_raw"]["s"]))
print("| {} | {:,} | {} | {} | {} | {} ({}) | {} ({}) | {} | {} | **{:.2f}** | **{:.2f}** | {} | {} | {} | {} | {} | {} | {:,} values: {} | {} |".format(
    prof, int(n), fmt(med("review")), fmt(med("indicators")), fmt(statistics.median(both)),
    fmt(med("duckdb")), dq, fmt(med("duckdb_raw")), dqr,
    fmt(med("sqlite3")), fmt(med("sqlite3_raw")), r1, r2,
    mib("review"), mib("indicators"), mib("duckdb"), mib("duckdb_raw"),
    mib("sqlite3"), mib("sqlite3_raw"), len(k), ", ".join(res), load))
PY
done
done
