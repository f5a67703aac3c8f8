# The indicators' tallies that kaohe review stores (include/kaohe/ind_tally.h):
# kaohe indicators from them must print exactly what its scan of the year
# prints; they are used only for the same standards and data, and a new
# import of the year or of the regions drops them.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review

# ind DB STD OUT : kaohe indicators as JSON into OUT.
ind() {
    if [ "$2" = - ]; then
        expect_exit 0 "$KAOHE" indicators --year 2019 --db "$1" --format json -o "$3"
    else
        expect_exit 0 "$KAOHE" indicators --year 2019 --db "$1" --standards "$2" --format json -o "$3"
    fi
}
# same DB STD : the output from the tallies equals the scan's (a copy of the
# database without them), and the tallies were read (a damaged one fails).
same() {
    ind "$1" "$2" tally.json
    copydb "$1" scan.db
    sqlite3 scan.db "delete from ind_tally_run" || fail "copy"
    ind scan.db "$2" scan.json
    cmp -s tally.json scan.json || fail "tallies and scan differ ($1 $2)"
    copydb "$1" bad.db
    sqlite3 bad.db "update ind_tally set data = x'00'" || fail "damage"
    if [ "$2" = - ]; then
        expect_exit 2 "$KAOHE" indicators --year 2019 --db bad.db --format json -o bad.json
    else
        expect_exit 2 "$KAOHE" indicators --year 2019 --db bad.db --standards "$2" --format json -o bad.json
    fi
    grep -q tallies err.txt || fail "the tallies were not read ($1 $2)"
}

# 1. The small registry with a province's relation list: one household
# skipped by the review (still counted by the indicators, without review
# bits), helper_overload decided after the pass.
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" --db k.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db k.db
printf '[enum.relation]\n户主 = 01\n配偶 = 02\n之女 = 04\n\n[review]\nhelper_max_households = 4\n' > rel.std
expect_exit 0 "$KAOHE" review --year 2019 --db k.db --standards rel.std
same k.db rel.std
python3 - <<'PY' || fail "the small registry's indicators"
import json
d = json.load(open("tally.json", encoding="utf-8"))
v = [r for r in d["regions"] if r["level"] == "村"]
tot = lambda name, key: sum(r["indicators"][name][key] for r in v)
assert tot("households", "num") == 6, tot("households", "num")
assert (tot("finding.helper_overload", "num"), tot("finding.helper_overload", "den")) == (1, 5)
PY
# Another standards file than the review's: not used (the damaged tally
# is not read), the scan's answer.
copydb k.db bad.db
sqlite3 bad.db "update ind_tally set data = x'00'" || fail "damage"
ind bad.db - other.json
copydb k.db scan.db && sqlite3 scan.db "delete from ind_tally_run"
ind scan.db - other_scan.json
cmp -s other.json other_scan.json || fail "another standards file"

# 2. Generated data with every review fault, over several chunks; then one
# helper with households in different chunks (helper_overload flagged by
# the writer after the pass).
"$KAOHE" gen --persons 20000 --seed 3 --faults 350 --out g 2> /dev/null || fail "gen"
expect_exit 0 "$KAOHE" import regions g/regions.csv --db g.db
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 --db g.db --keep-valid
expect_exit 0 "$KAOHE" review --year 2019 --db g.db
same g.db -
sqlite3 g.db "update household set helper = '远帮扶',
    helper_id = '533124198001011238' where year = 2019 and id % 1500 = 7" \
    || fail "helper"
expect_exit 0 "$KAOHE" review --year 2019 --db g.db
same g.db -
python3 - <<'PY' || fail "helper_overload in the tallies"
import json
d = json.load(open("tally.json", encoding="utf-8"))
p = [r for r in d["regions"] if r["level"] == "省"][0]["indicators"]
assert p["finding.helper_overload"]["num"] >= 2, p["finding.helper_overload"]
PY

# 3. A new import of the year drops its tallies (and the review with it);
# so does a new region list.
expect_exit 0 "$KAOHE" review --year 2019 --db g.db
[ "$(sqlite3 g.db "select count(*) from ind_tally_run where year = 2019")" = 1 ] || fail "tally run"
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 --db g.db --keep-valid
[ "$(sqlite3 g.db "select count(*) from ind_tally_run")" = 0 ] || fail "re-import keeps the tallies"
[ "$(sqlite3 g.db "select count(*) from ind_tally")" = 0 ] || fail "re-import keeps the tallies"
expect_exit 0 "$KAOHE" review --year 2019 --db g.db
expect_exit 0 "$KAOHE" import regions g/regions.csv --db g.db
[ "$(sqlite3 g.db "select count(*) from ind_tally")" = 0 ] || fail "a region import keeps the tallies"
# With the region list replaced (same content) the scan is used, and a
# review makes new tallies.
ind g.db - a.json
expect_exit 0 "$KAOHE" review --year 2019 --db g.db
same g.db -
cmp -s a.json tally.json || fail "before and after the new review"
exit 0
