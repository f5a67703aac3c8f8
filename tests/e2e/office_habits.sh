# Office habits (issue 13, docs/formats.md): a registry with only the habits
# of a county office's sheets - a 说明 sheet, title rows, merged cells,
# units and aliases in the header, serial dates, full-width digits and
# spaces, GB18030 - imports with warnings only, to the same data as the
# clean file it was made from (tests/cases/make_office.py).
. "$TOP/tests/e2e/lib.sh"

# The imported data, without what names the file's lines (src_line moves
# down with the title rows).
data() {
    sqlite3 "$1" "SELECT year, hh_id, village, hh_type, cause, status,
        year_in, year_out, inc_wage, inc_business, inc_property,
        inc_transfer, inc_dibao, inc_tekun, exp_business, income_pc,
        med_oop, housing, water_safe, relocated, reloc_self, helper,
        helper_id, last_visit, measures, phone, members, src_row
        FROM household ORDER BY id;
      SELECT m.year, h.hh_id, name, id_no, sex, birth, relation, ethnicity,
        education, schooling, health, labour, work, ins_med, ins_serious,
        ins_pension, treat_first, extra, m.src_row
        FROM member m JOIN household h ON h.id = m.household ORDER BY m.id;
      SELECT year, households, persons FROM snapshot;" || fail "dump $1"
}

load() { # NAME FILE [OPTION...]
    n=$1 f=$2
    shift 2
    expect_exit 0 "$KAOHE" init --db "$n.db"
    expect_exit 0 "$KAOHE" import regions "$CASES/clean_utf8/regions.csv" --db "$n.db"
    expect_exit 0 "$KAOHE" import registry "$f" --year 2019 --db "$n.db" "$@"
    set -- "$n"
    cp err.txt "$1.err"
    data "$1.db" > "$1.data"
}

load clean "$CASES/clean_utf8/registry.csv"
[ -s clean.data ] || fail "the clean file imported nothing"
grep -q "|H002|" clean.data || fail "clean data lacks H002"
for f in office_xlsx/registry.xlsx office_gb18030/registry.csv; do
    n=$(dirname "$f")
    load "$n" "$CASES/$f"
    cmp -s clean.data "$n.data" || { diff clean.data "$n.data" >&2; fail "$f imports other data"; }
done

# One sheet per village, read as one file.
load sheets "$CASES/office_sheets/registry.xlsx" --all-sheets
cmp -s clean.data sheets.data || { diff clean.data sheets.data >&2; fail "--all-sheets imports other data"; }
# Without --all-sheets only the first village's sheet is read.
load first "$CASES/office_sheets/registry.xlsx"
grep -q "|H001|" first.data && ! grep -q "|H002|" first.data || fail "the first sheet with a header"
load second "$CASES/office_sheets/registry.xlsx" --sheet 户弄村
grep -q "|H002|" second.data && ! grep -q "|H001|" second.data || fail "--sheet NAME"
expect_exit 1 "$KAOHE" check "$CASES/clean_utf8/regions.csv" "$CASES/office_sheets/registry.xlsx" --sheet 9 --format json
grep -q '"sheet_missing"' out.txt || fail "--sheet 9 of 4 sheets"

# The habits are reported, and as warnings only.
expect_exit 0 "$KAOHE" check "$CASES/clean_utf8/regions.csv" \
    "$CASES/office_gb18030/registry.csv" --format json
python3 - <<'PY' || fail "warnings only"
import json
d = json.load(open("out.txt"))
codes = {f["code"] for f in d["findings"]}
assert codes == {"header_title", "column_alias", "value_fullwidth",
                 "value_space"}, codes
assert all(f["severity"] == "warning" for f in d["findings"])
assert d["summary"]["errors"] == 0
PY

# Reject files: in the format of their extension, with the input's title.
CASES=$CASES python3 - <<'PY' || fail "make a bad office file"
import csv, os
src = os.environ["CASES"] + "/office_gb18030/registry.csv"
rows = list(csv.reader(open(src, encoding="gb18030", newline="")))
i = rows[1].index("身份证号码")
rows[-1][i] = "533124195001010312"  # H002's only member: a wrong check digit
csv.writer(open("bad.csv", "w", encoding="gb18030", newline=""),
           lineterminator="\r\n").writerows(rows)
PY
for rej in rej.xlsx rej.csv; do
    expect_exit 0 "$KAOHE" init --db rej.db
    expect_exit 0 "$KAOHE" import regions "$CASES/clean_utf8/regions.csv" --db rej.db
    expect_exit 0 "$KAOHE" import registry bad.csv --year 2019 --db rej.db --keep-valid --rejects $rej
    [ "$(sqlite3 rej.db 'SELECT count(*) FROM household')" = 1 ] || fail "keep-valid stored the valid household"
    expect_exit 1 "$KAOHE" check "$CASES/clean_utf8/regions.csv" $rej --format json
    python3 - "$rej" <<'PY' || fail "$rej: format, title, rows"
import json, sys
rej = sys.argv[1]
head = open(rej, "rb").read(4)
assert (head == b"PK\x03\x04") == rej.endswith(".xlsx"), head
if rej.endswith(".csv"):  # the input's encoding: GB18030, title first
    first = open(rej, "rb").read().decode("gb18030").splitlines()[0]
    assert first.startswith("某某县建档立卡贫困户信息表"), first
d = json.load(open("out.txt"))
codes = [f["code"] for f in d["findings"]]
title = [f for f in d["findings"] if f["code"] == "header_title"]
assert title and "某某县建档立卡贫困户信息表" in title[0]["message_zh"], codes
assert "id_checksum" in codes, codes
assert d["summary"]["households"] == 1, d["summary"]
PY
done

# An ID number Excel has rounded is refused, with what happened.
expect_exit 0 "$KAOHE" init --db ids.db
expect_exit 0 "$KAOHE" import regions "$CASES/clean_utf8/regions.csv" --db ids.db
expect_exit 1 "$KAOHE" import registry "$CASES/office_excel_ids/registry.xlsx" --year 2019 --db ids.db
grep -q "Excel 已改写了末尾数字" out.txt err.txt || { cat out.txt err.txt; fail "id_excel message"; }
[ "$(sqlite3 ids.db 'SELECT count(*) FROM household')" = 0 ] || fail "a refused import stored rows"
echo ok
