# The field lists from the command line go through the same use case as
# the web's download (kh_app_sample_drawn): the head's ID number masked
# by the one policy in the XLSX as in the PDF, the download audited with
# its households, --unmask refused (and audited) for a role that may not
# unmask, and a role that may not have lists refused with nothing written.
# Before, `kaohe sample lists` wrote every full ID into the XLSX and
# asked nobody.
. "$TOP/tests/e2e/lib.sh"
C=$TOP/tests/cases/sample_hand
DB="--db k.db"
expect_exit 0 "$KAOHE" import regions $C/regions.csv $DB
expect_exit 0 "$KAOHE" import registry $C/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" import roster $C/roster.csv --year 2019 $DB
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530000000000 \
    --margin 0.05 --villages-per-county 2 --households-per-village 2 \
    --seed 7 $DB
q() { sqlite3 k.db "$1"; }

# every full ID number of the registry and the roster
python3 - "$C" > ids.txt <<'PY'
import csv, sys
c = sys.argv[1]
for r in csv.DictReader(open(c + "/registry.csv", encoding="utf-8-sig")):
    print(r["证件号码"])
for r in csv.DictReader(open(c + "/roster.csv", encoding="utf-8-sig")):
    print(r["户主证件号码"])
PY
[ -s ids.txt ] || fail "no ID numbers read"

xlsx_text() {
    python3 - "$@" <<'PY'
import sys, zipfile
for f in sys.argv[1:]:
    z = zipfile.ZipFile(f)
    print("".join(z.read(n).decode("utf-8") for n in z.namelist()
                  if n.endswith(".xml")))
PY
}

# 1. The administrator at the console (no user stored): masked lists.
expect_exit 0 "$KAOHE" sample lists --out lists $DB
ls lists/*.xlsx > /dev/null 2>&1 || fail "no list written"
xlsx_text lists/*.xlsx > lists.txt
drawn=$(q "select count(*) from sample_household where design = 1")
[ "$drawn" -gt 0 ] || fail "nothing drawn"
while read -r id; do
    grep -q "$id" lists.txt && fail "full ID $id in the field list"
done < ids.txt
masked=$(grep -oE '\*{14}[0-9X]{4}' lists.txt | wc -l)
[ "$masked" -eq "$drawn" ] || fail "$masked masked IDs for $drawn households"
[ "$(q "select records from audit where action = 'sample.lists' and outcome = 'ok'")" = "$drawn" ] ||
    fail "the download audited with its households: $(q "select * from audit where action like 'sample.lists%'")"

# 2. Unmasked: the sampling roles may not (web.unmask_roles).
expect_exit 1 "$KAOHE" sample lists --unmask --out full $DB
grep -q "不能下载未脱敏的证件号码" err.txt || fail "the refusal says why: $(cat err.txt)"
[ ! -e full ] || fail "a refused --unmask left a folder: $(ls -d full; ls full)"
[ "$(q "select count(*) from audit where action = 'sample.lists.unmask' and outcome = 'denied'")" = 1 ] ||
    fail "the refusal audited"

# 3. A role that may not have the lists (a 乡级 user) is refused.
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region 533124100000 --password-stdin $DB
KAOHE_USER=甲 expect_exit 1 "$KAOHE" sample lists --out town $DB
[ ! -e town ] || fail "a refused user got a folder: $(ls -d town; ls town)"
[ "$(q "select count(*) from audit where action = 'sample.lists' and who = '甲' and outcome = 'denied'")" = 1 ] ||
    fail "the 乡级 refusal audited"
exit 0
