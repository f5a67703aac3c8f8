# Every report kaohe writes is whole UTF-8, even when a finding quotes a
# value longer than its message (issue #18's campaign: fuzz/fuzz_registry
# found a 同户各行 finding quoting a long multi-line cell, its message cut
# inside a character, so the JSON report and the web's findings were not
# valid UTF-8). The input is kept in the fuzz seeds.
. "$TOP/tests/e2e/lib.sh"
F=$TOP/fuzz/corpus/registry/long_value.csv
[ -f "$F" ] || fail "the input $F"
"$KAOHE" check "$F" --format json > r.json 2> err.txt
[ $? = 1 ] || fail "check exits 1 (findings): $(cat err.txt)"
python3 - r.json <<'PY' || fail "the JSON report is not valid UTF-8 JSON"
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert d["findings"], "findings"
assert any(f["code"] == "hh_inconsistent" or "不一致" in f["message_zh"] for f in d["findings"]), "the long value's finding"
PY
"$KAOHE" check "$F" > r.txt 2>&1
python3 -c "import sys; open(sys.argv[1], 'rb').read().decode('utf-8')" r.txt ||
    fail "the text report is not valid UTF-8"
echo ok
