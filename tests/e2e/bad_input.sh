# Hostile and awkward input: a 100 MB line, formula-like cells in reject
# files (CSV and XLSX), an XLS registry imported with rejects, the progress
# bar on a terminal, and options that make no sense.
. "$TOP/tests/e2e/lib.sh"
export CASES
cp "$CASES/clean_utf8/regions.csv" .

# A 100 MB line: refused at once with line_too_long, memory stays small.
head -1 "$CASES/clean_utf8/registry.csv" > huge.csv
python3 -c "
import sys
with open('huge.csv', 'a') as f:
    f.write('H1,' + 'x' * (100 * 1024 * 1024) + '\n')"
set -- $(python3 -c "
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=open('out.txt', 'w'), stderr=open('err.txt', 'w'))
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
" "$KAOHE" check regions.csv huge.csv --format json)
[ "$1" = 1 ] || fail "100 MB line: exit 1, got $1"
grep -q '"code": "line_too_long"' out.txt || fail "100 MB line: line_too_long"
[ "$2" -lt 65536 ] || fail "100 MB line read with $2 KB"

# Formula-like cells are guarded in CSV rejects and read back unchanged.
python3 - <<'PY'
import csv
import os
rows = list(csv.reader(open(os.environ["CASES"] + "/clean_utf8/registry.csv", encoding="utf-8")))
h = rows[0]
r = rows[1]
r[h.index("帮扶责任人")] = "=HYPERLINK(\"http://x\",\"y\")"
r[h.index("性别")] = "X"   # an error, so the household is rejected
rows[2][h.index("帮扶责任人")] = r[h.index("帮扶责任人")]
w = csv.writer(open("formula.csv", "w", encoding="utf-8", newline=""))
w.writerows(rows)
PY
expect_exit 0 "$KAOHE" import regions regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry formula.csv --year 2019 --db k.db --keep-valid --rejects rej.csv
grep -q "'=HYPERLINK" rej.csv || fail "CSV reject guards a formula"
python3 -c "
import csv
rows = list(csv.reader(open('rej.csv', encoding='utf-8-sig')))
assert rows[1][rows[0].index('帮扶责任人')] == \"'=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\", rows[1]" ||
    fail "guard is one leading quote"
# kaohe reads its reject file back with the guard removed.
"$KAOHE" check regions.csv rej.csv --format json > back.json
grep -q '"hh_inconsistent"' back.json && fail "guard changed a value on read-back"

# XLSX rejects for an XLS registry: string cells, never formulas.
cp "$CASES/xls_id_rules/registry.xls" .
expect_exit 0 "$KAOHE" import registry registry.xls --year 2018 --db k.db --keep-valid --rejects rej.xlsx
[ -s rej.xlsx ] || fail "xlsx rejects written"
unzip -p rej.xlsx xl/worksheets/sheet1.xml > sheet.xml 2> /dev/null ||
    python3 -c "import zipfile; open('sheet.xml','wb').write(zipfile.ZipFile('rej.xlsx').read('xl/worksheets/sheet1.xml'))"
! grep -q "<f>" sheet.xml || fail "no formula cells in xlsx"
expect_exit 1 "$KAOHE" check regions.csv rej.xlsx --year 2019 --format json
grep -q '"code": "id_checksum"' out.txt || fail "xlsx rejects read back"

# The progress bar appears on a terminal (and never in a pipe).
"$KAOHE" gen --persons 70000 --seed 3 --out big 2> /dev/null
KAOHE_PROGRESS_AFTER=0 script -qec "$KAOHE check big/regions.csv big/registry.csv > /dev/null" tty.log > /dev/null 2>&1
grep -q "100%" tty.log || fail "progress bar reaches 100% on a terminal"
KAOHE_PROGRESS_AFTER=0 "$KAOHE" check big/regions.csv big/registry.csv > /dev/null 2> pipe.log
! grep -q "%" pipe.log || fail "no progress bar in a pipe"

# Usage errors: exit 2 with a message in both languages.
expect_exit 2 "$KAOHE" import registry formula.csv --db k.db
grep -q "需要 --year" err.txt && grep -q "needs --year" err.txt || fail "asks for --year"
expect_exit 2 "$KAOHE" import registry formula.csv --year 2019 --rejects x.csv --db k.db
expect_exit 2 "$KAOHE" check regions.csv --format pdf
expect_exit 2 "$KAOHE" frobnicate
expect_exit 2 "$KAOHE" check --year 2019 --db nosuch.db
