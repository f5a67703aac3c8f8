#!/bin/sh
# assess-inputs.sh TEMPLATE.csv > INPUTS.csv - fill an assessment inputs
# template (kaohe assess template --format csv) with GENERATED values for
# the demo and the benchmarks: each cell from a hash of the region code
# and the column, within a plausible range (deterministic); "/" (not used
# by that row's scheme) stays. The header is kept as the template wrote
# it: an input's column is found by its label (the [input] sections'
# `label =` of the preset schemes in schemes/, the range in brackets
# after it cut off: "平时考核得分（0～10）" is daily), a date column by
# "填写日期：STEP"; an earlier version's template ("daily 平时考核得分
# [0, 10]", "日期:STEP YYYY-MM-DD") is read by its keys, written as the
# keys alone.
# Not real figures: tools/demo.sh says so where it uses them.
set -eu
schemes=$(cd "$(dirname "$0")/../schemes" && pwd)
sed -e '1s/^\xEF\xBB\xBF//' -e '1s/"\([a-z_]*\) [^"]*"/\1/g' \
    -e '1s/\(日期:[^ ,]*\) YYYY-MM-DD/\1/g' "$1" |
awk -F, -v OFS=, -v funds_scored="${FUNDS_SCORED:-0}" -v schemes="$schemes" '
BEGIN { # label -> key, from the preset schemes
    cmd = "cat \"" schemes "\"/*.scheme"
    k = ""
    while ((cmd | getline l) > 0) {
        if (l ~ /^\[input /) { k = substr(l, 8); sub(/\].*/, "", k) }
        else if (k != "" && l ~ /^label *= */) { sub(/^label *= */, "", l); label[l] = k; k = "" }
        else if (l ~ /^\[/) k = ""
    }
    close(cmd)
}
# the key of a header: an input code itself, a date column, a label
function keyof(h,   p, q, s) {
    if (h ~ /^[a-z_]+$/ || h ~ /^日期:/) return h
    if (index(h, "填写日期：") == 1) {
        s = substr(h, length("填写日期：") + 1)
        p = index(s, "（")
        return "日期:" (p ? substr(s, 1, p - 1) : s)
    }
    if (h in label) return label[h]
    p = 0  # cut the last bracketed part (the range)
    while ((q = index(substr(h, p + 1), "（")) > 0) p += q
    if (p > 1 && substr(h, 1, p - 1) in label) return label[substr(h, 1, p - 1)]
    return h
}
NR == 1 { for (i = 1; i <= NF; i++) key[i] = keyof($i); print; next }
{
    for (i = 5; i <= NF; i++) {
        if ($i == "/") continue
        h = (substr($1, 1, 6) * 2654435761 + i * 40503) % 1000003
        k = key[i]
        # FUNDS_SCORED=1: the 扶贫资金 item comes from `kaohe funds score`
        if (funds_scored == 1 && (k == "fund_score" || k == "fund_cases" || k == "veto_funds")) { $i = ""; continue }
        if (k == "daily") $i = 6 + (h % 41) / 10
        else if (k == "wrong_exit") $i = (h % 26) / 1000
        else if (k == "missed") $i = (h % 24) / 1000
        else if (k == "recognition") $i = 0.85 + (h % 15) / 100
        else if (k == "fund_score") $i = 60 + h % 41
        else if (k == "fund_cases") $i = h % 4
        else if (k == "fund_growth") $i = 0.7 + (h % 31) / 100
        else if (k == "fund_alloc_rules") $i = 3 + h % 3
        else if (k == "fund_audit_issues") $i = h % 4
        else if (k == "fund_violations") $i = (h % 17 == 0)
        else if (k == "fund_bonus") $i = h % 3
        else if (k == "innovation") $i = (h % 6) / 2
        else if (k == "prohibited") $i = -(h % 3)
        else if (k ~ /^veto_/) $i = (h % 13 == 0)
        else if (k ~ /^日期:/) $i = "2020-01-" (10 + h % 20)
    }
    print
}'
