#!/bin/sh
# demo.sh KAOHE - the main job on generated data: a province of synthetic
# households (PERSONS, default 200000), imported into demo/kaohe.db,
# checked, summarised. Everything lands in demo/.
set -eu
kaohe=$1
persons=${PERSONS:-200000}
out=demo
rm -rf "$out"
mkdir -p "$out"
echo "== 生成模拟数据 / generating $persons persons"
"$kaohe" gen --persons "$persons" --seed 2019 --year 2019 --out "$out/data"
echo "== 检查文件 / checking the files"
"$kaohe" check "$out/data/regions.csv" "$out/data/registry.csv" --year 2019 \
    --format json -o "$out/check.json"
echo "   $out/check.json"
echo "== 导入 / importing"
"$kaohe" init --db "$out/kaohe.db"
"$kaohe" import regions "$out/data/regions.csv" --db "$out/kaohe.db" > /dev/null
"$kaohe" import registry "$out/data/registry.csv" --year 2019 --db "$out/kaohe.db" > /dev/null
echo "== 带错误的数据 / a file with 40 injected faults: the findings as XLSX"
"$kaohe" gen --persons 20000 --seed 7 --year 2019 --faults 40 --out "$out/faulty"
"$kaohe" check "$out/faulty/regions.csv" "$out/faulty/registry.csv" --year 2019 \
    --format xlsx -o "$out/faulty-findings.xlsx" || true
echo "   $out/faulty-findings.xlsx (问题清单)"
echo "== 已存数据复查 / checking the stored year"
"$kaohe" check --year 2019 --db "$out/kaohe.db" > "$out/stored-check.txt"
tail -1 "$out/stored-check.txt"
echo "== 概况 / summary"
"$kaohe" summary --db "$out/kaohe.db"
