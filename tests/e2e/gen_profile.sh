# kaohe gen --profile (docs/cli/gen.md, docs/benchmarks.md "Data"): clean
# stays the default (the same bytes as before, no review rule flags a
# household); realistic is deterministic, imports without a finding of
# the import's checks, and the review flags each rule at about the rate
# docs/cli/gen.md names, most households at least once.
. "$TOP/tests/e2e/lib.sh"

"$KAOHE" gen --persons 20000 --seed 5 --out c 2> /dev/null || fail "gen clean"
"$KAOHE" gen --persons 20000 --seed 5 --profile clean --out c2 2> /dev/null || fail "gen clean 2"
"$KAOHE" gen --persons 20000 --seed 5 --profile realistic --out r 2> /dev/null || fail "gen realistic"
"$KAOHE" gen --persons 20000 --seed 5 --profile realistic --out r2 2> /dev/null || fail "gen realistic 2"
cmp -s c/registry.csv c2/registry.csv || fail "clean is the default"
cmp -s r/registry.csv r2/registry.csv || fail "realistic is deterministic"
cmp -s c/regions.csv r/regions.csv || fail "the same regions in both profiles"
! cmp -s c/registry.csv r/registry.csv || fail "realistic differs from clean"
[ "$(wc -l < c/registry.csv)" = "$(wc -l < r/registry.csv)" ] || fail "the same persons"
expect_exit 2 "$KAOHE" gen --persons 10 --profile dirty --out x
grep -q "profile" err.txt || fail "bad profile: $(cat err.txt)"

for p in c r; do
    expect_exit 0 "$KAOHE" import regions $p/regions.csv --db $p.db
    expect_exit 0 "$KAOHE" import registry $p/registry.csv --year 2019 --db $p.db
    grep -q "错误 0 个，警告 0 个" out.txt || fail "$p: import findings: $(cat out.txt)"
    expect_exit 0 "$KAOHE" review --year 2019 --db $p.db --format json -o $p.json
done
python3 - c.json r.json c.db r.db <<'PY' || fail "rates"
import json, sqlite3, sys
def codes(p):
    return {c["code"]: (c["flagged"], c["applies"]) for c in json.load(open(p))["codes"]}
clean, real = codes(sys.argv[1]), codes(sys.argv[2])
assert all(f == 0 for f, a in clean.values()), clean
# Per rule, flagged / households, as docs/cli/gen.md names them (with a
# margin for 20,000 persons).
hh = sqlite3.connect(sys.argv[4]).execute("select count(*) from review").fetchone()[0]
want = {"visit_overdue": (0.40, 0.50), "medical_burden": (0.25, 0.35),
        "pension_gap": (0.16, 0.24), "helper_overload": (0.12, 0.28),
        "treat_first_missing": (0.12, 0.18), "cause_inconsistent": (0.07, 0.13),
        "transfer_share_high": (0.14, 0.24), "unstable_income": (0.04, 0.10),
        "exit_medical": (0.01, 0.03)}
for code, (f, a) in real.items():
    lo, hi = want.get(code, (0, 0))
    assert lo <= f / hh <= hi, (code, f, hh)
c = sqlite3.connect(sys.argv[4])
anyf = c.execute("select avg(flagged <> 0) from review").fetchone()[0]
assert 0.70 <= anyf <= 0.95, anyf
c0 = sqlite3.connect(sys.argv[3])
assert c0.execute("select count(*) from review where flagged <> 0").fetchone()[0] == 0
PY
