# The standards file: defaults with their sources, a province's overrides,
# and bad files refused with the line and the reason.
. "$TOP/tests/e2e/lib.sh"

expect_exit 0 "$KAOHE" standards show
grep -q "^poverty_line.2019 *= 3218 *# standards/national.std:" out.txt || fail "2019 line with source"
grep -q "^village_exit.incidence_max *= 2%" out.txt || fail "village exit threshold"
grep -q "^enum.cause.因病 *= 1 " out.txt || fail "enum with code"

cat > prov.std <<'STD'
# a province raises its line and adds a cause
[poverty_line]
2019 = 3500
[review]
visit_interval_days = 60
transfer_share_max = 3/5
[enum.cause]
因病 = 1
因婚 = 12
STD
expect_exit 0 "$KAOHE" standards check prov.std
expect_exit 0 "$KAOHE" standards show --standards prov.std --format json
python3 - <<'PY' || fail "overrides and sources"
import json
d = json.load(open("out.txt"))
s = d["settings"]
assert s["poverty_line.2019"] == {"value": "3500", "source": "prov.std:3"}, s["poverty_line.2019"]
assert s["poverty_line.2018"]["source"].startswith("standards/national.std:")
assert s["review.transfer_share_max"]["value"] == "3/5"
causes = [l["label"] for l in d["lists"] if l["list"] == "cause"]
assert causes == ["因病", "因婚"], causes
PY

bad() { # CONTENT LINE CODE-WORD
    printf '%s\n' "$1" > bad.std
    expect_exit 1 "$KAOHE" standards check bad.std
    grep -q "bad.std (line $2)" err.txt || { cat err.txt; fail "line $2 named for: $1"; }
    grep -q "$3" err.txt || { cat err.txt; fail "reason '$3' for: $1"; }
}
bad "[review]
visit_interval_dayz = 30" 2 "unknown setting"
bad "[review]
transfer_share_max = half" 2 "expected a rate"
bad "[poverty_line]
19 = 3000" 2 "must be a year"
bad "[poverty_line]
2019 = 三千" 2 "amount in yuan"
bad "[severity]
id_checksum = fatal" 2 "error or warning"
bad "[nosuch]
x = 1" 1 "unknown section"
bad "no section = 1" 1 "inside a \[section\]"
# A bad province file stops a command that uses it before anything else.
expect_exit 2 "$KAOHE" check "$CASES/clean_utf8/regions.csv" --standards bad.std
