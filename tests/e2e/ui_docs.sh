# The document downloads in the browser (tests/ui/ui_docs.cjs): the
# 明白卡 from a village's household list and a household's page, the
# 整改报告 (PDF, XLSX), 问题清单 and 整改台账 from the problem list and the
# board; each download real and audited. Screenshots docs-*.png.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/ui/setup.sh"
# the smallest village of township 1 (a card is a page a household)
V=$(q "select village from household where village like '530121101%' group by village order by count(*), village limit 1")
HH=$(q "select hh_id from household where village = '$V' order by hh_id limit 1")
UI_USER=甲 UI_PASS=town1-pass-2020 UI_VILLAGE=$V UI_TOWN=$T1 UI_HH=$HH \
    node "$TOP/tests/ui/ui_docs.cjs" || fail "browser test"
for f in docs-households docs-problems; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
N=$(q "select count(*) from household where year = 2019 and village = '$V'")
[ "$(q "select group_concat(object || ':' || records, ' ') from (select * from audit
      where action = 'report.download' and who = '甲' order by id)")" = \
  "report/card/$V/2019:$N report/rectify/$T1/0:2 report/rectify/$T1/0:2 report/problems/$T1/0:2 report/ledger/$T1/0:2" ] ||
    fail "the downloads audited: $(q "select object, records from audit where action = 'report.download'")"
[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"
exit 0
