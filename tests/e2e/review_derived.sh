# The review stores per household its bits and nothing per finding; the
# findings' texts, values and members are made again when read, from the
# stored rows, the bits and the standards and date the run was made with
# (docs/review.md "Stored"). What users see is what the review stored
# before: review_derived/exp.*.json.gz are `kaohe review --findings
# --format json` of the previous version (commit b86dd1a, which stored
# every finding's texts) on this realistic data with 40 faults, with the
# national standards and with a province's (review_derived/prov.std:
# other thresholds). The web shows a household's findings made with the
# run's standards even when the server has others.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review_derived
"$KAOHE" gen --persons 1500 --seed 11 --profile realistic --faults 40 --out g 2> /dev/null ||
    fail "gen"
expect_exit 0 "$KAOHE" import regions g/regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 --db k.db --keep-valid
cp "$D/prov.std" prov.std
for s in national prov; do
    o=
    [ $s = prov ] && o="--standards prov.std"
    expect_exit 0 "$KAOHE" review --year 2019 --db k.db --findings --format json $o -o $s.json
    gzip -dc "$D/exp.$s.json.gz" > exp.$s.json
    cmp -s exp.$s.json $s.json || {
        diff exp.$s.json $s.json | head -20
        fail "findings ($s) differ from the previous version's"
    }
done
[ "$(sqlite3 k.db "select count(*) from review_finding")" = 0 ] || fail "no text stored"
[ "$(sqlite3 k.db "select count(*) from review where flagged <> 0")" -gt 500 ] ||
    fail "realistic data: many households flagged"

# The web, started with the national standards, on the run made with
# prov.std: a household's findings are the CLI's (visits overdue beyond
# 120 days, the province's interval).
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin --db k.db
HH=$(python3 - <<'PY'
import json
f = json.load(open("prov.json", encoding="utf-8"))["findings"]
print([x["hh_id"] for x in f if x["code"] == "visit_overdue"][0])
PY
)
serve_start --db k.db --listen 127.0.0.1:0 --threads 2
login admin admin-pass-2020
api hh GET "/api/households/2019/$HH" -b admin.jar
want hh 200
python3 - "$HH" <<'PY' || fail "web findings: $(cat hh.json)"
import json, sys
hh = sys.argv[1]
cli = [(x["code"], x["message_zh"]) for x in
       json.load(open("prov.json", encoding="utf-8"))["findings"] if x["hh_id"] == hh]
web = [(x["code"], x["message"]) for x in
       json.load(open("hh.json", encoding="utf-8"))["review"]["findings"]]
assert [c for c, _ in cli] == [c for c, _ in web], (cli, web)
for (c, a), (_, b) in zip(cli, web):
    if c != "helper_overload":  # its text names the helper's ID, masked on the web
        assert a == b, (a, b)
assert any("超过 120 天" in m for c, m in web if c == "visit_overdue"), web
PY

# A review stored before schema 10 (its run without standards, its
# findings' texts in review_finding) is read from there.
sqlite3 k.db "update review_run set std_text = null;
    insert into review_finding(year, household, code, member_seq, id_no, value,
        message_zh, message_en)
    select 2019, id, 'visit_overdue', null, null, '2019-01-01', '旧的文字', 'old text'
    from household where hh_id = '$HH'" || fail "an old review"
api old GET "/api/households/2019/$HH" -b admin.jar
want old 200
[ "$(js old '[(f["code"], f["message"]) for f in d["review"]["findings"]]')" = \
  "[('visit_overdue', '旧的文字')]" ] || fail "old review: $(cat old.json)"
stop
