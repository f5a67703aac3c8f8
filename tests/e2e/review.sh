# The exit review (kaohe review, kaohe check --year): on a hand-made
# registry whose every count is worked out in docs/review.md's terms (each
# rule fires once or twice, and once not at its threshold), and on the
# generator's faults: every injected review fault is found, on its
# household's first row, and nothing else.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review

# 1. The hand-made registry (tests/e2e/review/registry.csv, six households).
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" --db k.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db k.db
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --format json
cp out.txt r1.json
python3 - <<'PY' || fail "review counts of the hand-made registry"
import json
d = json.load(open("r1.json", encoding="utf-8"))
got = {c["code"]: (c["flagged"], c["applies"]) for c in d["codes"]}
want = {"exit_income": (1, 3), "exit_dropout": (1, 1), "exit_medical": (1, 3),
        "exit_housing": (1, 3), "exit_water": (1, 3),
        "unstable_income": (1, 2), "transfer_share_high": (1, 3),
        "cause_inconsistent": (2, 3), "pension_gap": (1, 6),
        "medical_burden": (1, 6), "reloc_debt": (1, 2),
        "helper_overload": (1, 6), "visit_overdue": (1, 6),
        "treat_first_missing": (1, 6), "labour_age": (2, 6),
        "income_outlier": (1, 6)}
assert got == want, got
assert d["households"] == 6 and d["persons"] == 11
assert d["exit_ready"] == [{"hh_id": "H3", "village": "533124100202", "persons": 1}]
v = {a["code"]: (a["verdict"], a["incidence"]["num"], a["incidence"]["den"],
                 a["threshold"]["num"], a["threshold"]["den"])
     for a in d["villages"]}
assert v == {"533124100201": ("may_exit", 0, 100, 3, 100),
             "533124100202": ("not_yet", 4, 100, 3, 100),
             "533124100204": ("unknown", 0, -1, 3, 100)}, v
assert "4/100" in d["villages"][1]["reasons_zh"]
c = d["counties"]
assert len(c) == 1 and c[0]["verdict"] == "pending" and c[0]["western"]
assert (c[0]["incidence"]["num"], c[0]["incidence"]["den"]) == (4, 2000)
assert "尚未评估" in c[0]["reasons_zh"]
PY
# Stored: one review row a household with its bits; nothing per finding
# (the texts are made again when read: --findings below).
[ "$(sqlite3 k.db 'select count(*), sum(exit_ready) from review where year = 2019')" = "6|1" ] \
    || fail "six review rows, one exit_ready"
[ "$(sqlite3 k.db 'select count(*) from review_finding')" = 0 ] \
    || fail "no finding's text stored"
[ "$(sqlite3 k.db "select std_text is not null, today from review_run")" = "1|2020-06-30" ] \
    || fail "the run keeps its standards and date"
# Running it again replaces the review.
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --format json
cmp -s out.txt r1.json || fail "a second review gives the same result"
[ "$(sqlite3 k.db 'select count(*) from review')" = 6 ] || fail "replaced, not added"
[ "$(sqlite3 k.db 'select count(*) from review_run')" = 1 ] || fail "one run"
# --findings lists what was stored, the same 18.
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --format json --findings
python3 - <<'PY' || fail "review --findings"
import json
d = json.load(open("out.txt", encoding="utf-8"))
f = d["findings"]
assert len(f) == 18, len(f)
x = [r for r in f if r["code"] == "exit_dropout"][0]
assert (x["hh_id"], x["row"], x["member_seq"], x["value"]) == ("H2", 3, 3, "10"), x
assert x["id_no"].startswith("5331242009")
PY
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --findings
[ "$(grep -c '^  H[0-9] 第' out.txt)" = 18 ] || fail "18 findings in the text"
# A read-only database is refused (root writes anyway: skipped then).
cp k.db ro.db && chmod 444 ro.db
if [ "$(id -u)" != 0 ]; then
    expect_exit 2 "$KAOHE" review --year 2019 --db ro.db
fi
# kaohe check --year reports the same findings as warnings (exit 0).
expect_exit 0 "$KAOHE" check --year 2019 --db k.db --format json
python3 - <<'PY' || fail "check --year includes the review"
import json, collections
d = json.load(open("out.txt", encoding="utf-8"))
f = d["findings"]
assert len(f) == 18 and all(x["severity"] == "warning" for x in f)
by = collections.Counter((x["hh_id"], x["code"]) for x in f)
assert by[("H2", "exit_income")] == 1 and by[("H6", "helper_overload")] == 1
e = [x for x in f if x["code"] == "exit_income"][0]
assert e["row"] == 3 and e["column"] == "人均纯收入", e
assert e["message_zh"] == "人均纯收入 3218.00 元不高于 2019 年扶贫标准 3218.00 元", e
PY
# A province's standards change the thresholds.
# 30 days: H2's visit (2019-12-01) is just within, the others not.
printf '[review]\nhelper_max_households = 6\nvisit_interval_days = 30\n' > prov.std
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --standards prov.std --format json
python3 -c "
import json; d = json.load(open('out.txt'))
c = {x['code']: (x['flagged'], x['applies']) for x in d['codes']}
assert c['helper_overload'] == (0, 6) and c['visit_overdue'] == (5, 6), c
assert d['standards'] == 'prov.std'" || fail "province standards"
[ "$(sqlite3 k.db 'select standards from review_run')" = prov.std ] || fail "run records the standards"
# A year without a poverty line in the standards: review refused, check
# --year goes on without the review; a province's file supplies the line.
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2021 --db k.db
expect_exit 2 "$KAOHE" review --year 2021 --db k.db
grep -q "poverty_line.2021" err.txt || fail "the missing line named"
expect_exit 0 "$KAOHE" check --year 2021 --db k.db --format json
grep -q "no exit review" err.txt || fail "check --year notes the missing review"
python3 -c "
import json; d = json.load(open('out.txt'))
assert d['findings'] == [], d['findings'][:2]" || fail "no review findings without a line"
printf '[poverty_line]\n2021 = 5000\n' > line.std
expect_exit 0 "$KAOHE" review --year 2021 --db k.db --standards line.std --format json
python3 -c "
import json; d = json.load(open('out.txt'))
c = {x['code']: x['flagged'] for x in d['codes']}
# 5,000 yuan: H1 (5,600) stays above, H6 (5,000) is no longer above.
assert c['exit_income'] == 2, c" || fail "review with a province's line"
# CSV and XLSX.
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --format csv -o r.csv
grep -q '^code,exit_income,已脱贫户人均纯收入未超过贫困线,1,3' r.csv || fail "CSV rows: the code and its name"
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --format xlsx -o r.xlsx
[ -s r.xlsx ] || fail "XLSX written"
# Usage and missing data.
expect_exit 2 "$KAOHE" review --db k.db
expect_exit 2 "$KAOHE" review --year 2018 --db k.db
grep -q "no registry snapshot for 2018" err.txt || fail "the missing year named"
expect_exit 2 "$KAOHE" review --year 2019 --db missing.db
expect_exit 2 "$KAOHE" review --year 2019 --db k.db --format xlsx

# 2. The generator's review faults, through an import that keeps the valid
# households: kaohe check --year finds exactly the review faults (and the
# warnings stored households keep: visit_future, phone_format), and kaohe review counts
# each code's faults.
"$KAOHE" gen --persons 20000 --seed 3 --faults 350 --out g 2> /dev/null || fail "gen"
expect_exit 0 "$KAOHE" import regions g/regions.csv --db g.db
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 --db g.db --keep-valid
expect_exit 0 "$KAOHE" check --year 2019 --db g.db --format json
cp out.txt c.json
expect_exit 0 "$KAOHE" review --year 2019 --db g.db --format json
python3 - g/faults.csv c.json out.txt <<'PY' || fail "review round trip"
import csv, json, sys, collections
review = {"exit_income", "exit_dropout", "exit_medical", "exit_housing",
          "exit_water", "unstable_income", "transfer_share_high",
          "cause_inconsistent", "pension_gap", "medical_burden", "reloc_debt",
          "helper_overload", "visit_overdue", "treat_first_missing",
          "labour_age", "income_outlier"}
faults = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
want = {(int(r["row"]), r["hh_id"], r["id_no"], r["code"])
        for r in faults if r["code"] in review}
d = json.load(open(sys.argv[2], encoding="utf-8"))
got = [(f["row"], f["hh_id"], f["id_no"], f["code"]) for f in d["findings"]
       if f["code"] in review]
other = {f["code"] for f in d["findings"] if f["code"] not in review}
assert other <= {"visit_future", "phone_format"}, other
missed, extra = want - set(got), set(got) - want
if missed or extra or len(got) != len(want):
    print("missed:", sorted(missed)[:10]); print("extra:", sorted(extra)[:10])
    sys.exit(1)
assert {c for (_, _, _, c) in want} == review
n = collections.Counter(c for (_, _, _, c) in want)
r = json.load(open(sys.argv[3], encoding="utf-8"))
flagged = {c["code"]: c["flagged"] for c in r["codes"]}
assert flagged == dict(n), (flagged, n)
print(len(want), "review faults, all found, nothing else")
PY
