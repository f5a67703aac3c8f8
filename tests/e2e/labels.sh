# labels.sh - the Chinese names users read are written in Chinese
# punctuation (issue #16): every label of the scheme files (schemes/*:
# vetoes, inputs, items) and every name of the standards file's
# [finding_label] holds no ASCII comma, colon, semicolon or bracket
# ("违反贫困退出规定,弄虚作假" was printed as such in the 通报). The scan
# also runs through the schemes as `kaohe scheme show` prints them.
. "$TOP/tests/e2e/lib.sh"
python3 - "$TOP" <<'PY' || fail "labels with ASCII punctuation"
import glob, re, sys
top = sys.argv[1]
bad, n = [], 0
for f in sorted(glob.glob(top + "/schemes/*.scheme")):
    for i, l in enumerate(open(f, encoding="utf-8"), 1):
        m = re.match(r"\s*label\s*=\s*(.*)", l)
        if m:
            n += 1
            if re.search(r"[,:;()!?]", m.group(1)):
                bad.append("%s:%d: %s" % (f[len(top) + 1:], i, m.group(1)))
sec = None
for i, l in enumerate(open(top + "/standards/national.std", encoding="utf-8"), 1):
    l = l.split("#")[0].strip()
    if l.startswith("["):
        sec = l
    elif sec == "[finding_label]" and "=" in l:
        n += 1
        v = l.split("=", 1)[1]
        if re.search(r"[,:;()!?]", v):
            bad.append("standards/national.std:%d: %s" % (i, v))
assert n > 100, n
assert not bad, "\n".join(bad)
PY
# `kaohe scheme show` in plain Chinese: no code, slug or rule keyword
# ("linear 0.8 → 0", "bands <=", "input daily"), rules in words
for s in hebei-city-2016 hebei-county-2016 central-province-2016; do
    expect_exit 0 "$KAOHE" scheme show "$s"
    grep -q "违反贫困退出规定,\|,弄虚作假" out.txt && fail "$s: an ASCII comma in a veto's name"
    cp out.txt show-$s.txt
done
python3 "$TOP/tests/e2e/plain_text.py" show-*.txt || fail "scheme show in plain Chinese"
grep -q "错退率不高于 2% 得满分 2.5 分，不高于 5% 得 1 分，否则不得分" show-hebei-city-2016.txt ||
    fail "a rule in words"
grep -q "认定条件：错退率高于 2%，或漏评率高于 2%" show-hebei-city-2016.txt || fail "a veto in words"
grep -q "违反贫困退出规定，弄虚作假" "$TOP/schemes/hebei-city-2016.scheme" || fail "the veto's name"
true
