#!/bin/sh
# SPDX-License-Identifier: MIT
# check-layers.sh [TOP] - the include rules of docs/architecture.md
# ("Layers and includes"), run by `make check-layers` and `make check`.
#
# Every file under src/ belongs to the layer of its folder; every public
# header (include/kaohe/*.h) to the layer(s) that implement it (the table
# below: the first layer is the header's own, for what it may include; a
# header listed with two layers declares functions of both and may be
# included only where both are allowed). A file may include:
#
#   base    base
#   domain  base, domain
#   store   base, domain, store          (no io)
#   io      base, domain, io             (no store)
#   app     everything public
#   cli,web everything public, and their own folder's private headers
#
# A private header (src/X/*.h, such as store/store_int.h) may be included
# only from its own folder (and web/web.h, the server's entry, from the
# cli's `kaohe serve`). A violation fails the check unless the pair
# "FILE HEADER" is in tools/layers-allow.txt: known debt, printed every
# run. A header missing from the table fails too (classify it).
set -u
top=${1:-.}
cd "$top" || exit 2
allow=tools/layers-allow.txt

# header  layers (own first)
table='
access.h domain
access_store.h store
afile.h io
app.h app
app_documents.h app
app_household.h app
app_reads.h app
app_dept.h app
app_funds.h app
app_funds_view.h app
app_problem.h app
app_rectify.h app
app_review.h app
app_indicators.h app
app_plan.h app
app_year.h app
app_sample.h app
header.h domain
plancol.h domain
mask.h domain
template.h io
year.h store
assess.h domain
assess_store.h store
assess_json.h domain
assess_report.h io
assess_run.h app
auth.h domain
auth_store.h store
buf.h base
card.h domain
card_store.h store
card_pdf.h io
check.h domain
dept.h domain
dept_store.h store
dept_doc.h io
funds.h domain
funds_store.h store
gen_dept.h domain
gen_funds.h domain
date.h base
doc.h io
documents.h domain
edit.h store
encoding.h base
error.h base
fmt.h base
gen.h domain
gen_roster.h domain
hh_pack.h store
idcard.h domain
import.h app
ind_tally.h store
ind_json.h domain
indicators.h domain
indicators_store.h store
label.h domain
load.h io
org.h store
pdf.h io
rect_export.h io
rect_ledger.h io
rect_report.h io
rectify.h domain
rectify_store.h store
registry.h domain
review.h domain
review_edit.h store
review_run.h store
sample.h domain
estimate.h domain
sample_store.h store
scheme.h domain
standard.h domain
store.h store
survey.h domain
row.h domain
table.h io
tabwriter.h io
tongbao.h io
'

{
    echo "$table" | awk 'NF { print "H", $0 }'
    [ -f "$allow" ] && sed -e 's/#.*//' "$allow" | awk 'NF >= 2 { print "A", $1, $2 }'
    # every quoted include of every file, in one pass
    set --
    for f in src/*/*.c src/*/*.h include/kaohe/*.h; do
        [ -f "$f" ] && set -- "$@" "$f"
    done
    [ $# -gt 0 ] && awk '/^[[:space:]]*#[[:space:]]*include[[:space:]]*"/ {
        s = $0; sub(/^[^"]*"/, "", s); sub(/".*/, "", s); print "I", FILENAME, s
    }' "$@"
} | awk '
function may(from, to) {
    if (from == "base") return to == "base"
    if (from == "domain") return to == "base" || to == "domain"
    if (from == "store") return to == "base" || to == "domain" || to == "store"
    if (from == "io") return to == "base" || to == "domain" || to == "io"
    return 1 # app, cli, web: every public header
}
$1 == "H" { own[$2] = $3; layers[$2] = $3 (NF > 3 ? " " $4 : "") ; next }
$1 == "A" { allowed[$2 " " $3] = 1; order[++na] = $2 " " $3; next }
$1 == "I" {
    file = $2; inc = $3
    n = split(file, p, "/")
    if (p[1] == "include") {
        hb = p[n]
        if (!(hb in own)) { print "check-layers: " file " is not classified (tools/check-layers.sh)"; bad++; next }
        layer = own[hb]
    } else {
        layer = p[2]
    }
    why = ""
    if (inc ~ /^kaohe\//) {
        h = substr(inc, 7)
        if (!(h in own)) {
            print "check-layers: " file ": " inc " is not classified (tools/check-layers.sh)"
            bad++
            next
        }
        k = split(layers[h], hl, " ")
        for (i = 1; i <= k; i++)
            if (!may(layer, hl[i])) why = layer " may not use " hl[i]
    } else if (inc ~ /\//) {
        split(inc, q, "/")
        # web/web.h is the server'"'"'s entry, for the cli'"'"'s `kaohe serve`.
        if (q[1] != layer && !(layer == "cli" && inc == "web/web.h"))
            why = "private header of src/" q[1]
    }
    if (why == "") next
    key = file " " inc
    if (key in allowed) { debt[key] = why; seen[key] = 1; next }
    print "check-layers: " file " includes " inc " (" why ")"
    bad++
}
END {
    nd = 0
    for (k in debt) nd++
    if (nd) {
        print "check-layers: known debt (tools/layers-allow.txt), " nd " includes:"
        for (i = 1; i <= na; i++)
            if (order[i] in debt) print "  debt: " order[i] " (" debt[order[i]] ")"
    }
    for (i = 1; i <= na; i++)
        if (!(order[i] in seen))
            print "check-layers: note: allowed " order[i] " no longer occurs; remove it from tools/layers-allow.txt"
    if (bad) { print "check-layers: " bad " violation(s)"; exit 1 }
    print "check-layers: ok"
}'
