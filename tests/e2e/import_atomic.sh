# Imports are all or nothing: a refused import leaves the database exactly
# as it was (compared as a full dump), a replaced year is replaced whole,
# --keep-valid stores the valid households and writes the rejected rows.
. "$TOP/tests/e2e/lib.sh"
cp "$CASES/clean_utf8/regions.csv" .
cp "$CASES/clean_utf8/registry.csv" clean.csv
cp "$CASES/id_rules/registry.csv" bad.csv

expect_exit 0 "$KAOHE" init --db k.db
expect_exit 0 "$KAOHE" import regions regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry clean.csv --year 2019 --db k.db
[ "$(sqlite3 k.db 'select count(*) from member where year=2019')" = 3 ] || fail "3 persons"
dump k.db > before.sql

# A file with errors, for a stored year and for a new one: refused, unchanged.
expect_exit 1 "$KAOHE" import registry bad.csv --year 2019 --db k.db
grep -q "【证件号码校验位错误】" out.txt || fail "findings printed"
grep -q "数据库未改动" err.txt || fail "says the database is unchanged"
dump k.db > after.sql
cmp -s before.sql after.sql || fail "database changed by a refused import"
expect_exit 1 "$KAOHE" import registry bad.csv --year 2020 --db k.db
dump k.db > after.sql
cmp -s before.sql after.sql || fail "database changed by a refused import (new year)"

# Broken files: refused, unchanged.
for c in quote_unbalanced nul_byte binary_junk empty_file header_only header_missing mixed_encoding; do
    cp "$CASES/$c/registry.csv" broken.csv
    expect_exit 1 "$KAOHE" import registry broken.csv --year 2019 --db k.db
    dump k.db > after.sql
    cmp -s before.sql after.sql || fail "database changed by $c"
done
# A missing input file: exit 2, and no database is created for it.
expect_exit 2 "$KAOHE" import registry nosuch.csv --year 2019 --db new.db
[ ! -e new.db ] || fail "a database was created for a missing input"

# --keep-valid: the valid household of bad.csv (H001) is stored, H003's
# rows are written to the rejects file with a reason column.
expect_exit 0 "$KAOHE" import registry bad.csv --year 2020 --db k.db --keep-valid --rejects rej.csv
[ "$(sqlite3 k.db "select group_concat(hh_id) from household where year=2020")" = H001 ] ||
    fail "only H001 stored"
[ "$(sqlite3 k.db "select count(*) from finding where year=2020 and severity='error'")" = 7 ] ||
    fail "7 error findings stored with the snapshot"
[ "$(wc -l < rej.csv)" = 9 ] || fail "header + 8 rejected rows, got $(wc -l < rej.csv)"
head -1 rej.csv | grep -q "拒绝原因" || fail "reason column"
grep -q "id_checksum" rej.csv || fail "reason names the code"
grep -q "同户其他行有错误" rej.csv || fail "rows without own findings say why"
# The rejects file is in the input's format: kaohe reads it back.
"$KAOHE" check regions.csv rej.csv --format json > rej.json
python3 - <<'PY' || fail "rejects file reads back with the same findings"
import json
d = json.load(open("rej.json"))
codes = sorted(f["code"] for f in d["findings"] if f["severity"] == "error")
assert codes == sorted(["id_format","id_birth","id_birth","id_checksum","sex_mismatch","birth_mismatch"]), codes
warn = [f["code"] for f in d["findings"] if f["severity"] == "warning"]
assert warn == ["column_unknown"], warn
PY

# Replacing a year replaces it whole.
expect_exit 0 "$KAOHE" import registry clean.csv --year 2020 --db k.db
[ "$(sqlite3 k.db "select count(*) from household where year=2020")" = 2 ] || fail "2020 replaced"
[ "$(sqlite3 k.db "select count(*) from finding where year=2020 and severity='error'")" = 0 ] ||
    fail "old findings gone with the old snapshot"
[ "$(sqlite3 k.db "select count(*) from household where year=2019")" = 2 ] || fail "2019 kept"
# Stored data checks clean.
expect_exit 0 "$KAOHE" check --year 2020 --db k.db

# Values are stored as trimmed: a cell's surrounding spaces are not data.
sed '2s/,李大,/,  李大  ,/; 2s/,张帮扶,/,张帮扶 ,/' clean.csv > spaces.csv
sed -i '3s/,张帮扶,/,张帮扶 ,/' spaces.csv
expect_exit 0 "$KAOHE" import registry spaces.csv --year 2021 --db k.db
[ "$(sqlite3 k.db "select name from member where year=2021 and name like '%李大%'")" = 李大 ] ||
    fail "name stored trimmed"
[ "$(sqlite3 k.db "select distinct helper from household where year=2021 and hh_id='H001'")" = 张帮扶 ] ||
    fail "helper stored trimmed"
