#!/bin/sh
# e2e.sh KAOHE [N] - a province end to end (issue #20): for N persons
# (default 10,000,000) of the realistic profile (`kaohe gen --persons N
# --seed 1 --year 2019 --profile realistic`, bench/out/N-realistic), one
# after the other on a fresh database holding the regions: kaohe import
# registry, kaohe review, kaohe indicators (JSON), the assessment of its
# cities (`kaohe assess run --scheme hebei-city-2016 --level 市`, the
# template filled by tools/assess-inputs.sh, untimed), then sqlite3's bare
# `.import` of the same file as the peer (PEER=0 leaves it out). Prints
# each step's wall and CPU seconds, peak RSS and the load average around
# it (bench/alternate.py, one round); KAOHE_TODAY=2020-06-30.
set -eu
kaohe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
n=${2:-10000000}
d=${BENCH_OUT:-$here/out}/$n-realistic
export KAOHE_TODAY=2020-06-30
if [ ! -f "$d/registry.csv" ]; then
    "$kaohe" gen --persons "$n" --seed 1 --year 2019 --profile realistic --out "$d" 2> /dev/null
fi
rm -f "$d/base.db"*
"$kaohe" import regions "$d/regions.csv" --db "$d/base.db" > /dev/null 2>&1
S="--scheme hebei-city-2016 --year 2019 --level 市 --db $d/e.db"
set -- "import=rm -f $d/e.db*; cp $d/base.db $d/e.db ;; $kaohe import registry $d/registry.csv --year 2019 --db $d/e.db" \
       "review=$kaohe review --year 2019 --db $d/e.db" \
       "indicators=$kaohe indicators --year 2019 --db $d/e.db --format json -o $d/e-ind.json" \
       "assess=$kaohe assess template $S -o $d/e-tpl.csv && sh $here/../tools/assess-inputs.sh $d/e-tpl.csv > $d/e-inputs.csv ;; $kaohe assess run $S --inputs $d/e-inputs.csv"
[ "${PEER:-1}" = 0 ] || set -- "$@" "sqlite3=rm -f $d/peer.db ;; sqlite3 $d/peer.db '.import --csv $d/registry.csv t'"
python3 "$here/alternate.py" 1 "$@" > "$d/e2e_times.json"
rm -f "$d/peer.db"
python3 - "$d/e2e_times.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
print("| step | wall s | CPU-s | peak MiB |")
print("|---|---|---|---|")
tot = [0, 0]
for k in ("import", "review", "indicators", "assess"):
    print("| %s | %.2f | %.1f | %.1f |" % (k, t[k]["s"][0], t[k]["cpu"][0], t[k]["mib"][0]))
    tot[0] += t[k]["s"][0]; tot[1] += t[k]["cpu"][0]
print("| **end to end** | **%.1f** | %.1f | ≤ %.1f |" % (tot[0], tot[1],
      max(t[k]["mib"][0] for k in ("import", "review", "indicators", "assess"))))
if "sqlite3" in t:
    print("\nsqlite3 .import: %.2f s, %.1f CPU-s, %.1f MiB; kaohe import / sqlite3: %.2f" % (
        t["sqlite3"]["s"][0], t["sqlite3"]["cpu"][0], t["sqlite3"]["mib"][0],
        t["import"]["s"][0] / t["sqlite3"]["s"][0]))
print("\nload average: %.2f before, %.2f after" % (t["load"][0], t["load"][-1]))
PY
