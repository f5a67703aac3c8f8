#!/bin/sh
# run.sh KAOHE - the registry benchmarks (docs/benchmarks.md).
#
# Data recipe: `kaohe gen --persons N --seed 1 --year 2019 --profile P`
# (UTF-8 CSV), for each profile P in $PROFILES (default "clean realistic":
# docs/cli/gen.md "--profile"; out/N for clean, out/N-realistic).
# For each size N in $SIZES (default "1000000"; use "1000000 10000000" for
# the full run), $RUNS rounds (default 3), each round running one after
# the other (bench/alternate.py), so that all see the same load of the
# shared machine:
#   peer:  sqlite3 DB ".import --csv registry.csv t"  (a bare all-TEXT table,
#          no checks), into a fresh database each run
#   kaohe: kaohe import registry registry.csv --year 2019 (every check on,
#          typed columns, indexes, the packed side store), into a fresh
#          database with the regions
#   old:   the same with the binary $OLD, when set (a version to compare)
#   kaohe: kaohe check regions.csv registry.csv --year 2019 (no storing;
#          CHECK=0 leaves it out)
# Prints the medians, the ratio kaohe/sqlite3 per round and its median,
# the CPU seconds (user + system) of the runs, the peak RSS and the load
# average before the first round and after the last.
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/out}
runs=${RUNS:-3}
mkdir -p "$out"
echo "| profile | persons | file MB | sqlite3 .import s | kaohe import s | kaohe/sqlite3 per round | median | sqlite3 CPU-s | kaohe CPU-s | old import s (ratio) | kaohe check s | sqlite3 peak MiB | import peak MiB | check peak MiB | load average |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for p in ${PROFILES:-clean realistic}; do
for n in ${SIZES:-1000000}; do
    d=$out/$n
    [ "$p" = clean ] || d=$out/$n-$p
    if [ ! -f "$d/registry.csv" ]; then
        "$kaohe" gen --persons "$n" --seed 1 --year 2019 --profile "$p" --out "$d" 2> /dev/null
    fi
    mb=$(( $(stat -c %s "$d/registry.csv") / 1000000 ))
    rm -f "$d/base.db"*
    "$kaohe" import regions "$d/regions.csv" --db "$d/base.db" > /dev/null 2>&1
    set -- "sqlite3=rm -f $d/peer.db ;; sqlite3 $d/peer.db '.import --csv $d/registry.csv t'" \
           "kaohe=rm -f $d/k.db*; cp $d/base.db $d/k.db ;; $kaohe import registry $d/registry.csv --year 2019 --db $d/k.db"
    [ -z "${OLD:-}" ] ||
        set -- "$@" "old=rm -f $d/k.db*; cp $d/base.db $d/k.db ;; $OLD import registry $d/registry.csv --year 2019 --db $d/k.db"
    [ "${CHECK:-1}" = 0 ] ||
        set -- "$@" "check=$kaohe check $d/regions.csv $d/registry.csv --year 2019"
    python3 "$here/alternate.py" "$runs" "$@" > "$d/import_times.json"
    rm -f "$d/peer.db" "$d/k.db"*
    python3 - "$d/import_times.json" "$p" "$n" "$mb" <<'PY'
import json, statistics as st, sys
t = json.load(open(sys.argv[1]))
p, n, mb = sys.argv[2], int(sys.argv[3]), sys.argv[4]
med = lambda k: st.median(t[k]["s"])
rng = lambda v: "%.1f–%.1f" % (min(v), max(v))
ratios = [k / s for k, s in zip(t["kaohe"]["s"], t["sqlite3"]["s"])]
old = "—"
if "old" in t:
    ro = [o / s for o, s in zip(t["old"]["s"], t["sqlite3"]["s"])]
    old = "%.2f (%.2f)" % (med("old"), st.median(ro))
chk = ("%.2f" % med("check"), "%.1f" % max(t["check"]["mib"])) if "check" in t else ("—", "—")
print("| %s | %s | %s | %.2f | %.2f | %s | **%.2f** | %s | %s | %s | %s | %.1f | %.1f | %s | %.2f–%.2f |" % (
    p, "{:,}".format(n), mb, med("sqlite3"), med("kaohe"),
    ", ".join("%.2f" % r for r in ratios), st.median(ratios),
    rng(t["sqlite3"]["cpu"]), rng(t["kaohe"]["cpu"]), old, chk[0],
    max(t["sqlite3"]["mib"]), max(t["kaohe"]["mib"]), chk[1],
    t["load"][0], t["load"][-1]))
PY
done
done
