# kaohe report card: the 扶贫明白卡 of one village of a generated registry,
# read back with poppler's tools and compared with the registry file
# itself: one page per household in 户编号 order, each page with its
# household's 户编号, 户主, ID numbers masked to their last four (and
# never a full one),
# 人均纯收入 and 帮扶责任人; the fonts embedded; the footer's page numbers
# and who/when line; page 1 rendered to PNG for a person to look at
# (tests/out/artifacts/card-page1.png). Then the refusals: unknown
# village, year not stored, a folder that does not exist, a bad code —
# exit 2, both languages, nothing written, an existing file untouched.
. "$TOP/tests/e2e/lib.sh"
# Under ASan: full stacks, so that tests/lsan.supp can name the cairo and
# fontconfig functions whose own leaks it suppresses (slower; only here).
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"

"$KAOHE" gen --persons 300 --seed 11 --out data > /dev/null 2>&1 || fail "gen"

# keep 15 households of the generated file (the first 14 and the largest),
# so that the test stays quick; they are all in one village
python3 - <<'PY' || fail "cutting the registry"
import csv
rows = list(csv.DictReader(open("data/registry.csv", encoding="utf-8-sig")))
order, size = [], {}
for r in rows:
    h = r["户编号"]
    if h not in size:
        order.append(h)
    size[h] = size.get(h, 0) + 1
keep = set(order[:14]) | {max(order, key=lambda h: (size[h], h))}
with open("registry.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(r for r in rows if r["户编号"] in keep)
print(len(keep), "households, largest", max(size.values()), "persons")
PY
village=$(python3 -c '
import csv
print(next(csv.DictReader(open("registry.csv", encoding="utf-8")))["行政区划代码"])') ||
    fail "choosing a village"
# and a village without households, beside it in the same township
empty=$(echo "$village" | cut -c1-9)998
printf '%s,空村,%s000,村,,,否,100,\n' "$empty" "$(echo "$village" | cut -c1-9)" >> data/regions.csv
expect_exit 0 "$KAOHE" init --db k.db
expect_exit 0 "$KAOHE" import regions data/regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 --db k.db

export KAOHE_USER=测试员
expect_exit 0 "$KAOHE" report card --db k.db --year 2019 --village "$village" -o card.pdf
grep -q "wrote card.pdf" out.txt || fail "no summary line: $(cat out.txt)"
pdfinfo card.pdf > info.txt || fail "pdfinfo cannot read the card"
pdftotext -layout card.pdf card.txt || fail "pdftotext"
pdftotext card.pdf card_raw.txt || fail "pdftotext"
pdffonts card.pdf > fonts.txt || fail "pdffonts"

VILLAGE=$village python3 - <<'PY' || fail "card content"
import csv, os, re, sys
v = os.environ["VILLAGE"]
rows = [r for r in csv.DictReader(open("registry.csv", encoding="utf-8"))
        if r["行政区划代码"] == v]
hh = {}
for r in rows:
    hh.setdefault(r["户编号"], []).append(r)
ids = sorted(hh)
info = open("info.txt", encoding="utf-8").read()
pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
assert pages == len(ids), (pages, len(ids))
assert re.search(r"^Author:\s+测试员$", info, re.M), info
assert re.search(r"^Page size:\s+595\.27\d x 841\.89 pts \(A4\)", info, re.M), info
text = open("card_raw.txt", encoding="utf-8").read()
texts = text.split("\f")
assert len([t for t in texts if t.strip()]) == len(ids)

def money(y):
    if y == "":
        return "—"
    f = round(float(y) * 100)
    return "{:,}.{:02d} 元".format(f // 100, f % 100)

def flat(s):  # pdftotext may drop or keep spaces between runs
    return re.sub(r"\s+", "", s)

for i, h in enumerate(ids):
    page = flat(texts[i])
    members = hh[h]
    first = members[0]
    head = [m["姓名"] for m in members if m["与户主关系"] == "户主"][0]
    for want in (h, head, first["帮扶责任人"], money(first["人均纯收入"]),
                 "%d人" % len(members), "扶贫明白卡", "第%d页共%d页" % (i + 1, len(ids)),
                 "制表：测试员", "2020-06-30"):
        assert flat(want) in page, (h, want)
    for m in members:
        idn = m["证件号码"].upper()
        assert "*" * 14 + idn[-4:] in page, (h, idn)  # kaohe/mask.h
        assert m["姓名"] in page, (h, m["姓名"])
# no full ID number anywhere: members' nor helpers'
everything = flat(text)
for r in rows:
    for col in ("证件号码", "帮扶责任人证件号码"):
        if r[col]:
            assert r[col].upper() not in everything, r[col]
# every font embedded
fonts = open("fonts.txt", encoding="utf-8").read().splitlines()[2:]
assert fonts, "no fonts"
for line in fonts:
    assert re.search(r"\s+yes\s+yes\s+yes\s+\d+\s+\d+$", line), line
print(len(ids), "households checked")
PY

# page 1 as an image, for a person to look at
mkdir -p "$TOP/tests/out/artifacts"
pdftoppm -r 100 -f 1 -l 1 -png -singlefile card.pdf "$TOP/tests/out/artifacts/card-page1" ||
    fail "pdftoppm"
[ -s "$TOP/tests/out/artifacts/card-page1.png" ] || fail "no PNG"

# the default file name
expect_exit 0 "$KAOHE" report card --db k.db --year 2019 --village "$village"
[ -s "明白卡-$village-2019.pdf" ] || fail "default output name"

# refusals: exit 2, both languages, nothing written, nothing replaced
echo old > keep.pdf
check_refused() {
    # $1: text the error must contain; the rest: the command's arguments
    needle=$1; shift
    expect_exit 2 "$KAOHE" report card --db k.db "$@"
    grep -q "错误" err.txt && grep -Eq "kaohe: (error|usage):" err.txt || fail "not bilingual: $(cat err.txt)"
    grep -q -- "$needle" err.txt || fail "want '$needle' in: $(cat err.txt)"
    [ "$(cat keep.pdf)" = old ] || fail "keep.pdf changed"
    ls | grep -q '\.tmp\.' && fail "temporary file left: $(ls)"
    return 0
}
check_refused "530121109999" --year 2019 --village 530121109999 -o keep.pdf
check_refused "2018" --year 2018 --village "$village" -o keep.pdf
check_refused "missing/x.pdf" --year 2019 --village "$village" -o missing/x.pdf
check_refused "12" --year 2019 --village 5301 -o keep.pdf
check_refused "year" --village "$village" -o keep.pdf
[ ! -e missing ] || fail "created a folder"
# a village of the region list without households that year
check_refused "$empty" --year 2019 --village "$empty" -o keep.pdf
grep -q "没有建档立卡户" err.txt || fail "empty village: $(cat err.txt)"
expect_exit 2 "$KAOHE" report nosuch
grep -q "nosuch" err.txt || fail "unknown document not named"
exit 0
