# Reading the audit log and a household from the command line goes through
# the same use cases as the web (kh_app_audit_read, kh_app_household_read):
# a role that may not read the log (乡级) is refused `audit list` and
# `audit export` (bilingual error, non-zero exit, audited as denied, no
# file written); 审计 reads it with the ID numbers and phones in its texts
# masked; --unmask is refused (and audited) for a role that may not
# unmask; the web's GET /api/audit and `kaohe audit list` give the same
# entries for the same filter. A 县级 user of one county cannot read a
# household of another by `kaohe household show` (refused, audited); the
# household is shown masked unless --unmask by a role that may. Before,
# `kaohe audit list` showed the whole log, unaudited, to anyone.
. "$TOP/tests/e2e/lib.sh"
C=$TOP/tests/cases/sample_hand
DB="--db k.db"
q() { sqlite3 k.db "$1"; }
expect_exit 0 "$KAOHE" import regions $C/regions.csv $DB
expect_exit 0 "$KAOHE" import registry $C/registry.csv --year 2019 $DB
A=$(q "select hh_id from household where village like '533124%' order by hh_id limit 1")
B=$(q "select hh_id from household where village like '533125%' order by hh_id limit 1")
[ -n "$A" ] && [ -n "$B" ] || fail "a household in each county"
IDA=$(q "select m.id_no from member m join household h on h.id = m.household where h.hh_id = '$A' and length(m.id_no) = 18 limit 1")
[ -n "$IDA" ] || fail "an ID number of $A"

# The console's operator (no user stored) reads the household, masked.
expect_exit 0 "$KAOHE" household show 2019 "$A" $DB
grep -q "$A" out.txt || fail "the operator reads the household"
grep -q "$IDA" out.txt && fail "the operator's read is masked"
grep -q "${IDA#??????????????}" out.txt || fail "the last four of the ID shown"

for u in 甲:县级:533124000000 乙:县级:533125000000 乡:乡级:533124100000 审:审计: admin:系统管理员:; do
    n=$(echo "$u" | cut -d: -f1) r=$(echo "$u" | cut -d: -f2) g=$(echo "$u" | cut -d: -f3)
    set -- --role "$r"
    [ -n "$g" ] && set -- "$@" --region "$g"
    echo "$n-pass-2020x" | expect_exit 0 "$KAOHE" user add "$n" "$@" \
        --password-stdin $DB
done

# 1. Households in the user's scope.
KAOHE_USER=乙 expect_exit 1 "$KAOHE" household show 2019 "$A" $DB
grep -q "无权查看" err.txt && grep -q "outside what you may see" err.txt ||
    fail "the refusal in Chinese and English: $(cat err.txt)"
[ ! -s out.txt ] || fail "a refused read printed: $(cat out.txt)"
[ "$(q "select count(*) from audit where who = '乙' and action = 'household.read' and object = 'household/2019/$A' and outcome = 'denied'")" = 1 ] ||
    fail "the out-of-scope read audited"
KAOHE_USER=乙 expect_exit 0 "$KAOHE" household show 2019 "$B" --format json $DB
python3 -c "import json; d = json.load(open('out.txt')); assert d['household']['hh_id'] == '$B' and d['masked'] and d['members'], d" ||
    fail "乙 reads a household of its county as JSON"
KAOHE_USER=甲 expect_exit 0 "$KAOHE" household show 2019 "$A" $DB
grep -q "$IDA" out.txt && fail "masked by default"
# 县级 may unmask ([web] unmask_roles): whole, audited with its records.
KAOHE_USER=甲 expect_exit 0 "$KAOHE" household show 2019 "$A" --unmask $DB
grep -q "$IDA" out.txt || fail "--unmask shows the ID whole"
[ "$(q "select count(*) from audit where who = '甲' and action = 'household.unmask' and outcome = 'ok' and records > 1")" = 1 ] ||
    fail "the unmasking audited"
# 审计 may not unmask.
KAOHE_USER=审 expect_exit 1 "$KAOHE" household show 2019 "$A" --unmask $DB
[ "$(q "select count(*) from audit where who = '审' and action = 'household.unmask' and outcome = 'denied'")" = 1 ] ||
    fail "a refused unmask audited"

# The list: 乙 sees its county only, masked; another county refused.
KAOHE_USER=乙 expect_exit 0 "$KAOHE" household list 2019 $DB
grep -q "^$B	" out.txt || fail "乙 lists its county's $B"
grep -q "^$A	" out.txt && fail "乙 lists another county's $A"
grep -qE '[0-9]{17}[0-9X]' out.txt && fail "a whole ID number in the list"
KAOHE_USER=乙 expect_exit 1 "$KAOHE" household list 2019 --region 533124000000 $DB
[ "$(q "select count(*) from audit where who = '乙' and action = 'household.search' and outcome = 'denied'")" = 1 ] ||
    fail "the out-of-scope list audited"
KAOHE_USER=admin expect_exit 1 "$KAOHE" household list 2019 --search "$IDA" $DB
[ "$(q "select count(*) from audit where who = 'admin' and action = 'household.search_id' and outcome = 'denied'")" = 1 ] ||
    fail "a search by a whole ID number refused and audited"
KAOHE_USER=甲 expect_exit 0 "$KAOHE" household list 2019 --search "$IDA" $DB
grep -q "^$A	" out.txt || fail "甲 finds $A by its ID number"
[ "$(q "select records from audit where who = '甲' and action = 'household.search_id' and outcome = 'ok'")" = 1 ] ||
    fail "the search by a whole ID number audited"

# An edit that puts a phone and an ID number into the log's before/after.
KAOHE_USER=甲 expect_exit 0 "$KAOHE" household edit 2019 "$A" --revision 0 \
    --set phone=13812345678 $DB
PH=13812345678

# 2. The audit log: 乡级 refused, audited, no file.
n0=$(q "select count(*) from audit")
KAOHE_USER=乡 expect_exit 1 "$KAOHE" audit list $DB
grep -q "不能查看审计日志" err.txt && grep -q "may not read the audit log" err.txt ||
    fail "audit list refused in Chinese and English: $(cat err.txt)"
[ ! -s out.txt ] || fail "a refused audit list printed entries"
KAOHE_USER=乡 expect_exit 1 "$KAOHE" audit export -o log.csv $DB
[ ! -e log.csv ] || fail "a refused export wrote a file"
KAOHE_USER=乡 expect_exit 1 "$KAOHE" audit export -o log.xlsx $DB
[ ! -e log.xlsx ] || fail "a refused export wrote a file"
[ "$(q "select count(*) from audit where who = '乡' and action = 'audit.read' and outcome = 'denied'")" = 3 ] ||
    fail "the refusals audited: $(q "select * from audit where who = '乡'")"
[ "$(q "select count(*) from audit")" = $((n0 + 3)) ] || fail "only the refusals written"

# 3. 审计 reads it masked, and the read is audited.
KAOHE_USER=审 expect_exit 0 "$KAOHE" audit list --action household.edit $DB
grep -q "household/2019/$A" out.txt || fail "审计 reads the edit: $(cat out.txt)"
grep -q "$PH" out.txt && fail "the phone whole in the audit list"
grep -q "138\*\*\*\*5678" out.txt || fail "the phone masked: $(cat out.txt)"
[ "$(q "select records from audit where who = '审' and action = 'audit.read' and outcome = 'ok' order by id desc limit 1")" = 1 ] ||
    fail "the read audited with its entries"
KAOHE_USER=审 expect_exit 0 "$KAOHE" audit list $DB
grep -q "$IDA" out.txt && fail "an ID number whole in the audit list"
grep -q "$PH" out.txt && fail "a phone whole in the audit list"
KAOHE_USER=审 expect_exit 0 "$KAOHE" audit export -o log.csv $DB
[ -s log.csv ] || fail "审计 exports"
grep -q "$PH" log.csv && fail "the phone whole in the export"
grep -q "138\*\*\*\*5678" log.csv || fail "the phone masked in the export"
[ "$(q "select count(*) from audit where who = '审' and action = 'audit.export' and object = 'log.csv' and records > 5")" = 1 ] ||
    fail "the export audited with its count"
# --unmask: refused for 审计 (not in [web] unmask_roles), audited, no file.
KAOHE_USER=审 expect_exit 1 "$KAOHE" audit list --unmask $DB
grep -q "不能查看完整的证件号码和电话" err.txt || fail "unmask refused: $(cat err.txt)"
KAOHE_USER=审 expect_exit 1 "$KAOHE" audit export --unmask -o full.csv $DB
[ ! -e full.csv ] || fail "a refused --unmask export wrote a file"
[ "$(q "select count(*) from audit where who = '审' and action = 'household.unmask' and object in ('audit', 'full.csv') and outcome = 'denied'")" = 2 ] ||
    fail "the refused unmaskings audited"
# 系统管理员 reads the log; it may not unmask either.
KAOHE_USER=admin expect_exit 0 "$KAOHE" audit list --limit 3 $DB
[ "$(wc -l < out.txt)" = 3 ] || fail "--limit"
KAOHE_USER=admin expect_exit 1 "$KAOHE" audit list --unmask $DB

# 4. The web and the command line: the same entries for the same filter.
serve_start $DB --listen 127.0.0.1:0 --threads 2
login 审 审-pass-2020x
login 乡 乡-pass-2020x
login 乙 乙-pass-2020x
as 乙 hh GET "/api/households?year=2019&per_page=200"
want hh 200
KAOHE_USER=乙 expect_exit 0 "$KAOHE" household list 2019 --format json $DB
python3 - <<'PY' || fail "the web's and the CLI's household lists differ"
import json
w = json.load(open("hh.json", encoding="utf-8"))["households"]
c = json.load(open("out.txt", encoding="utf-8"))["households"]
key = lambda h: (h["hh_id"], h["village"], h["head"], h["head_id"], h["phone"], h["members"])
assert w and sorted(map(key, w)) == sorted(map(key, c)), (w, c)
PY
as 乡 no GET /api/audit
want no 403
as 审 web GET "/api/audit?action=household.edit&per_page=1000"
want web 200
KAOHE_USER=审 expect_exit 0 "$KAOHE" audit list --action household.edit $DB
python3 - <<'PY' || fail "web and CLI differ"
import json
web = json.load(open("web.json", encoding="utf-8"))["entries"]
cli = [l.rstrip("\n").split("\t") for l in open("out.txt", encoding="utf-8")]
w = sorted((str(e["id"]), e["who"], e["action"], e["object"], e["outcome"],
            e.get("before"), e.get("after")) for e in web)
def field(row, key):
    for c in row:
        if c.startswith(key + "="):
            return c[len(key) + 1:]
    return None
c = sorted((r[0], r[2], r[4], r[5], r[6], field(r, "before"), field(r, "after"))
           for r in cli)
assert w and w == c, (w, c)
PY
as 审 web2 GET "/api/audit?who=%E4%B9%A1&per_page=1000"
want web2 200
KAOHE_USER=审 expect_exit 0 "$KAOHE" audit list --who 乡 $DB
[ "$(js web2 'len(d["entries"])')" = "$(wc -l < out.txt)" ] ||
    fail "web and CLI: the same number of 乡's entries"
stop
