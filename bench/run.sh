#!/bin/sh
# run.sh KAOHE - the registry benchmarks (docs/benchmarks.md).
#
# Data recipe: `kaohe gen --persons N --seed 1 --year 2019 --profile P`
# (UTF-8 CSV), for each profile P in $PROFILES (default "clean realistic":
# docs/cli/gen.md "--profile"; out/N for clean, out/N-realistic).
# For each size N in $SIZES (default "1000000"; use "1000000 10000000" for
# the full run):
#   peer:  sqlite3 DB ".import --csv registry.csv t"  (a bare all-TEXT table,
#          no checks), into a fresh database each run
#   kaohe: kaohe import registry registry.csv --year 2019 (every check on,
#          typed columns, indexes), into a fresh database with the regions
#   kaohe: kaohe check regions.csv registry.csv --year 2019 (no storing)
# Median of $RUNS runs (default 3) each, and the peak RSS.
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
runs=${RUNS:-3}
mkdir -p "$out"
m() { python3 "$here/measure.py" "$runs" -- "$@"; }
echo "| profile | persons | file MB | sqlite3 .import s | kaohe import s | ratio | kaohe check s | sqlite3 peak MiB | import peak MiB | check peak MiB | load average |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for p in ${PROFILES:-clean realistic}; do
for n in ${SIZES:-1000000}; do
    d=$out/$n
    [ "$p" = clean ] || d=$out/$n-$p
    if [ ! -f "$d/registry.csv" ]; then
        "$kaohe" gen --persons "$n" --seed 1 --year 2019 --profile "$p" --out "$d" 2> /dev/null
    fi
    load0=$(cut -d' ' -f1 /proc/loadavg)
    mb=$(( $(stat -c %s "$d/registry.csv") / 1000000 ))
    peer=$(BENCH_SETUP="rm -f $d/peer.db" m sqlite3 "$d/peer.db" ".import --csv $d/registry.csv t")
    rm -f "$d/base.db"*
    "$kaohe" import regions "$d/regions.csv" --db "$d/base.db" > /dev/null 2>&1
    imp=$(BENCH_SETUP="rm -f $d/k.db*; cp $d/base.db $d/k.db" \
          m "$kaohe" import registry "$d/registry.csv" --year 2019 --db "$d/k.db")
    chk=$(m "$kaohe" check "$d/regions.csv" "$d/registry.csv" --year 2019)
    set -- $peer; pt=$1 pm=$2
    set -- $imp; it=$1 im=$2
    set -- $chk; ct=$1 cm=$2
    ratio=$(python3 -c "print('%.2f' % ($it / $pt))")
    echo "| $p | $n | $mb | $pt | $it | $ratio | $ct | $pm | $im | $cm | $load0–$(cut -d' ' -f1 /proc/loadavg) |"
done
done
