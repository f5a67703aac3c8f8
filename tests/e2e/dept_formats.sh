# dept_formats.sh - 部门数据比对 reads a department's list alike in UTF-8
# CSV, GB18030 CSV and XLSX (tests/cases/make_xlsx.py, not kaohe's writer):
# the same rows stored, the same findings of the comparison. A file that
# cannot be read at all (a truncated XLSX, random bytes) is refused with
# one error in the report, whose totals say so, exit 2, nothing stored.
. "$TOP/tests/e2e/lib.sh"
H=$CASES/dept_hand
cp "$H"/*.csv .
iconv -f UTF-8 -t GB18030 huji.csv > huji_gb.csv || fail "iconv"
cmp -s huji.csv huji_gb.csv && fail "the GB18030 copy is not different bytes"
python3 "$CASES/make_xlsx.py" huji.csv huji_x.xlsx || fail "make_xlsx"
export KAOHE_USER=管
for f in huji.csv huji_gb.csv huji_x.xlsx; do
    db=$f.db
    expect_exit 0 "$KAOHE" import regions regions.csv --db $db
    expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 --db $db
    expect_exit 0 "$KAOHE" user add 管 --role 系统管理员 --db $db
    expect_exit 1 "$KAOHE" import dept huji $f --region 533124000000 --as-of 2019-12-31 --db $db
    sqlite3 $db "select row, id_no, name, data from dept_row order by row" > $f.rows
    expect_exit 1 "$KAOHE" compare --year 2019 --db $db --format csv
    sed "s/$f/LIST/g" out.txt > $f.findings
done
cmp -s huji.csv.rows huji_gb.csv.rows || fail "GB18030: other rows stored"
cmp -s huji.csv.rows huji_x.xlsx.rows || fail "XLSX: other rows stored"
cmp -s huji.csv.findings huji_gb.csv.findings || fail "GB18030: other findings"
cmp -s huji.csv.findings huji_x.xlsx.findings || fail "XLSX: other findings"
[ "$(wc -l < huji.csv.rows)" = 4 ] || fail "4 rows stored"
grep -q dept_huji_missing huji.csv.findings || fail "the missing member is found"
head -c 300 huji_x.xlsx > trunc.xlsx
python3 -c "import sys; sys.stdout.buffer.write(bytes(range(255, -1, -1)) * 8)" > junk.csv
db=huji.csv.db
before=$(sqlite3 $db "select count(*) from dept_list")
for f in trunc.xlsx junk.csv; do
    "$KAOHE" import dept huji $f --region 533124000000 --as-of 2020-01-31 --db $db > bad.txt 2>&1
    [ $? = 2 ] || { cat bad.txt; fail "$f: exit 2"; }
    grep -q "错误 1 个" bad.txt || { cat bad.txt; fail "$f: the report's totals"; }
done
[ "$(sqlite3 $db "select count(*) from dept_list")" = "$before" ] || fail "a refused file stored a list"
exit 0
