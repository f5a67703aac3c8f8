#!/bin/sh
# sample.sh KAOHE - the 第三方评估 benchmark (docs/benchmarks.md,
# "Sampling"): design, simulate, survey import and estimate on a generated
# province; the estimate's 错退率 and 漏评率 with their standard errors
# recomputed by the peer, bench/sample.sql in the sqlite3 shell on the same
# database, and the two compared.
#
# Data recipe: `kaohe gen --persons N --seed 1 --year 2019 --roster
# --roster-share S` (defaults N = 10000000, S = 0.15: a roster of about as
# many non-registered persons as registered ones), imported (regions,
# registry, roster) into out/sample-N/sample.db once; the imports are timed
# once, for the record. Then, each timed ($RUNS runs, default 1, median):
#   kaohe sample design --year 2019 --region 530000000000 --margin 0.01
#   kaohe sample simulate --truth truth.csv --error-rate 2% -o survey.csv
#   kaohe import survey survey.csv
#   kaohe sample estimate --format csv
#   sqlite3 -csv sample.db < bench/sample.sql     (the peer)
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
runs=${RUNS:-1}
n=${SIZE:-10000000}
share=${ROSTER_SHARE:-0.15}
m() { python3 "$here/measure.py" "$runs" -- "$@"; }
m1() { python3 "$here/measure.py" 1 -- "$@"; }
d=$out/sample-$n
db=$d/sample.db
mkdir -p "$d"
if [ ! -f "$d/truth.csv" ]; then
    "$kaohe" gen --persons "$n" --seed 1 --year 2019 --roster \
        --roster-share "$share" --out "$d" 2> /dev/null
fi
if [ ! -f "$db" ] || [ "$d/truth.csv" -nt "$db" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    "$kaohe" import regions "$d/regions.csv" --db "$db" > /dev/null 2>&1
    reg=$(m1 "$kaohe" import registry "$d/registry.csv" --year 2019 --db "$db")
    ros=$(m1 "$kaohe" import roster "$d/roster.csv" --year 2019 --db "$db")
    echo "imports (once): registry $reg, roster $ros (s MiB)"
fi
rh=$(sqlite3 "$db" "select count(*) || ' households, ' || sum(persons) || ' persons' from roster")
echo "roster: $rh"
des=$(m "$kaohe" sample design --year 2019 --region 530000000000 \
    --margin 0.01 --seed 1 --db "$db")
sim=$(m "$kaohe" sample simulate --truth "$d/truth.csv" --error-rate 2% \
    --seed 1 -o "$d/survey.csv" --db "$db")
imp=$(m "$kaohe" import survey "$d/survey.csv" --db "$db")
est=$(m "$kaohe" sample estimate --format csv -o "$d/est.kaohe.csv" --db "$db")
peer=$(m sh -c "exec sqlite3 -readonly -csv '$db' < '$here/sample.sql' > '$d/est.sqlite.csv'")
drawn=$(sqlite3 "$db" "select count(distinct village) || ' villages, ' || count(*) || ' households' from sample_household where design = (select max(id) from sample_design)")
# Compare: kaohe's rate and se columns against the peer's rows.
equal=$(python3 - "$d/est.kaohe.csv" "$d/est.sqlite.csv" <<'PY'
import csv, sys
k = {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    for m in ("wrong_exit", "missed"):
        k[(r["level"], r["code"], m)] = (r[m + "_rate"], r[m + "_se"])
p = {(a, b, c): (x, y) for a, b, c, x, y in csv.reader(open(sys.argv[2]))}
print("yes" if k == p else "NO: %d differ" % sum(k.get(x) != p[x] for x in p))
PY
)
echo "drawn: $drawn"
echo "| step | kaohe s | kaohe peak MiB |"
echo "|---|---|---|"
set -- $des; echo "| sample design | $1 | $2 |"
set -- $sim; echo "| sample simulate | $1 | $2 |"
set -- $imp; echo "| import survey | $1 | $2 |"
set -- $est; echo "| sample estimate | $1 | $2 |"
set -- $peer; echo "| peer: sqlite3 sample.sql | $1 | $2 |"
echo "estimates equal to the peer's (rate and se, 6 decimals): $equal"
