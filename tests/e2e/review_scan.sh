# The review's pass over the stored year (src/store/review_run.c): reader
# threads over chunks of households, one writer in registry order. What
# that must not change: households skipped for an unknown label still
# count in their helper's total but not in the order; members stored out
# of place are found; a helper's households far apart (in different
# chunks, read by different threads) are counted in registry order.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review

# 1. A province's relation list without 之子: H2 (户主, 配偶, 之子) has a
# label the file does not know and is not reviewed. The helper of all six
# households, allowed four: six in all (H2 counts), but in registry order
# among the reviewed H1 H3 H4 H5 H6, H6 is the fifth: flagged, "第 5 户".
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" --db k.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db k.db
printf '[enum.relation]\n户主 = 01\n配偶 = 02\n之女 = 04\n\n[review]\nhelper_max_households = 4\n' > rel.std
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --standards rel.std --format json --findings
python3 - <<'PY' || fail "skipped household and the helper's order"
import json
d = json.load(open("out.txt", encoding="utf-8"))
assert (d["households"], d["persons"], d["skipped"]) == (5, 8, 1), d
c = {x["code"]: (x["flagged"], x["applies"]) for x in d["codes"]}
assert c["helper_overload"] == (1, 5), c
h = [f for f in d["findings"] if f["code"] == "helper_overload"]
assert len(h) == 1 and h[0]["hh_id"] == "H6" and h[0]["value"] == "6", h
assert "本年度帮扶 6 户,超过 4 户;本户为第 5 户" in h[0]["message_zh"], h
assert not [f for f in d["findings"] if f["hh_id"] == "H2"]
PY
[ "$(sqlite3 k.db "select count(*) from review r join household h on h.id = r.household where h.hh_id = 'H2'")" = 0 ] \
    || fail "the skipped household has no review row"

# 2. Generated data with every review fault, 11,000 households: more than
# one chunk of 4,096.
"$KAOHE" gen --persons 20000 --seed 3 --faults 350 --out g 2> /dev/null || fail "gen"
expect_exit 0 "$KAOHE" import regions g/regions.csv --db g.db
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 --db g.db --keep-valid
expect_exit 0 "$KAOHE" review --year 2019 --db g.db --format json --findings
cp out.txt before.json
n=$(sqlite3 g.db "select count(*) from review where year = 2019")
[ "$n" -gt 8192 ] || fail "want more than two chunks of households, have $n"
# Members of a household in the middle moved to the end of the member
# table (a database not written by an import): found all the same.
sqlite3 g.db "update member set id = id + 100000000 where household =
    (select id from household order by id limit 1 offset 5000)" || fail "move"
expect_exit 0 "$KAOHE" review --year 2019 --db g.db --format json --findings
cmp -s out.txt before.json || fail "members out of place change the review"

# 3. One helper for a household every 1,500 over the year (7 or 8, in
# different chunks): flagged are the sixth and later in registry order,
# with the total in the message; kaohe check --year (which counts in one
# pass, in memory) says the same.
sqlite3 g.db "update household set helper = '远帮扶',
    helper_id = '533124198001011238' where year = 2019 and id % 1500 = 7" \
    || fail "helper"
sqlite3 g.db "select id from household where helper_id = '533124198001011238' order by id" > ids.txt
[ "$(wc -l < ids.txt)" -ge 7 ] || fail "the helper's households"
expect_exit 0 "$KAOHE" review --year 2019 --db g.db --format json --findings
cp out.txt r.json
expect_exit 0 "$KAOHE" check --year 2019 --db g.db --format json
cp out.txt c.json
python3 - ids.txt <<'PY' || fail "a helper's households across chunks"
import json, sys
ids = [int(x) for x in open(sys.argv[1])]
r = json.load(open("r.json", encoding="utf-8"))
c = json.load(open("c.json", encoding="utf-8"))
def mine(fs):
    return [(f["hh_id"], f["message_zh"]) for f in fs
            if f["code"] == "helper_overload" and "远帮扶" in f["message_zh"]]
got = mine(r["findings"])
assert len(got) == len(ids) - 5, (got, ids)
for k, (hh, msg) in enumerate(got):
    assert "本年度帮扶 %d 户" % len(ids) in msg and "本户为第 %d 户" % (k + 6) in msg, msg
assert got == mine(c["findings"]), (got, mine(c["findings"]))
PY

# 4. Two years in one database: reviewing one replaces its own rows only
# (a whole table is emptied at once only when it holds no other year).
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" --db y.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db y.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2021 --db y.db
printf '[poverty_line]\n2021 = 5000\n' > line.std
expect_exit 0 "$KAOHE" review --year 2019 --db y.db
expect_exit 0 "$KAOHE" review --year 2021 --db y.db --standards line.std
n21=$(sqlite3 y.db 'select count(*) from review where year = 2021 and flagged <> 0')
[ "$n21" -gt 0 ] || fail "2021 has findings"
f21=$(sqlite3 y.db 'select std_text from review_run where year = 2021')
expect_exit 0 "$KAOHE" review --year 2019 --db y.db
[ "$(sqlite3 y.db 'select year, count(*) from review group by year')" = "2019|6
2021|6" ] || fail "both years' review rows kept"
[ "$(sqlite3 y.db 'select year, count(*) from review where flagged <> 0 group by year')" = "2019|5
2021|$n21" ] || fail "both years' findings kept"
[ "$(sqlite3 y.db 'select std_text from review_run where year = 2021')" = "$f21" ] ||
    fail "2021's standards kept"
[ "$(sqlite3 y.db 'select count(*) from review_run')" = 2 ] || fail "two runs"
