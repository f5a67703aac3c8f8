#!/bin/sh
# dept.sh KAOHE - the 部门数据比对 benchmark (docs/benchmarks.md, "Department
# lists"): the import of four department lists and the comparison of a
# registry with them, by kaohe and by DuckDB on the same CSV files, times
# and peak memory side by side.
#
# Data: `kaohe gen --persons N --seed 1 --dept` (N = $PERSONS, default
# 1000000) into out/dept-N; the 户籍, 医保, 民政 低保 and 学籍 lists as the
# generator writes them, consistent with the registry (about a quarter of
# the households with one injected disagreement, and rows of people who
# are not registered): at N = 1M, 1.18M, 1.96M, 327k and 64k rows (cutting
# a list short would make every member it leaves out a finding). The
# registry is imported into out/dept-N/base.db once (not timed).
# Each of $RUNS rounds (default 1), one after the other (bench/
# alternate.py), each kaohe run on a fresh copy of base.db:
#   kaohe:  import dept huji|medical|dibao|school (as the administrator,
#           the province's lists) then compare --year 2019 (every rule of
#           docs/dept.md, findings and counts stored, the findings printed
#           as CSV to a discarded standard output)
#   duckdb: bench/duckdb/dept.mjs: read_csv of the registry and the four
#           lists, the joins on the ID number, the counts per county
#           (persons, with a record, without one or with another name,
#           rows read and matched), in memory (no memory limit set: 557 MiB at one million, 3 GiB at ten)
# LISTS (default "huji medical dibao school") chooses the lists, on both
# sides; TOGETHER=1 runs kaohe and DuckDB at the same time instead of one
# after the other (the same load for both, half the wall time: ten
# million persons on a shared machine).
# Prints the times (s) and peak RSS (MiB) of each, each step's times and
# peak RSS (GNU time), and the load average before and after.
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
n=${PERSONS:-1000000}
runs=${RUNS:-1}
lists=${LISTS:-huji medical dibao school}
d=${BENCH_OUT:-$here/out}/dept-$n
mkdir -p "$d"
[ -d "$here/duckdb/node_modules/@duckdb/node-api" ] ||
    (cd "$here/duckdb" && npm install --no-audit --no-fund > /dev/null)
[ -f "$d/dept_truth.csv" ] ||
    "$kaohe" gen --persons "$n" --seed 1 --dept --out "$d" > /dev/null
mkdir -p "$d/lists"
for f in registry dept_huji dept_medical dept_dibao dept_school; do
    ln -sf "$d/$f.csv" "$d/lists/$f.csv"
done
if [ ! -f "$d/base.db" ]; then
    "$kaohe" import regions "$d/regions.csv" --db "$d/base.db" > /dev/null 2>&1
    "$kaohe" import registry "$d/registry.csv" --year 2019 --db "$d/base.db" > /dev/null 2>&1 || [ $? = 1 ]
    "$kaohe" user add 管 --role 系统管理员 --db "$d/base.db" > /dev/null 2>&1
fi
# each step's wall, user and system seconds and peak RSS (KiB) appended
# to steps.txt (GNU time)
t="/usr/bin/time -a -o $d/steps.txt -f"
cat > "$d/kaohe_run.sh" <<EOS
set -e
export KAOHE_USER=管
for k in $lists; do
    $t "import \$k %e s, %U user, %S sys, %M KiB" "$kaohe" import dept \$k "$d/lists/dept_\$k.csv" --region 530000000000 --as-of 2019-12-31 --db "$d/run.db" || [ \$? = 1 ]
done
$t "compare %e s, %U user, %S sys, %M KiB" "$kaohe" compare --year 2019 --db "$d/run.db" --format csv || [ \$? = 1 ]
EOS
cat > "$d/duckdb_run.sh" <<EOS
$t "duckdb %e s, %U user, %S sys, %M KiB" node "$here/duckdb/dept.mjs" "$d/lists" $(echo $lists | tr ' ' ,)
EOS
wc -l "$d"/lists/*.csv
for r in $(seq "$runs"); do
    rm -f "$d/run.db" "$d/run.db-wal" "$d/run.db-shm" "$d/steps.txt"
    cp "$d/base.db" "$d/run.db"
    uptime
    if [ "${TOGETHER:-0}" = 1 ]; then
        sh "$d/kaohe_run.sh" > /dev/null 2>&1 & k=$!
        sh "$d/duckdb_run.sh" > /dev/null 2>&1 & q=$!
        wait $k; wait $q
    else
        python3 "$here/alternate.py" 1 \
            "kaohe=sh $d/kaohe_run.sh" \
            "duckdb=sh $d/duckdb_run.sh"
    fi
    uptime
    cat "$d/steps.txt"
done
