# The dashboard's 资金滞留 and 逾期项目 over HTTP (GET /api/funds/flags,
# kh_app_funds_flags, issue #23): for the hand-computed county of
# tests/cases/funds_hand, the counts, the money held and each flag are
# `funds check`'s own findings of the codes [funds] flag_retained and
# flag_late list (the same messages, figures and order as the CLI's);
# within each user's scope — the county's staff sees the county's, a
# township's staff its projects' (not the county's allocations), another
# county's staff none and is refused the county (audited); a village
# asked for keeps its projects'; a year without funds data says so; the
# lists are data (a standards file that flags only 项目未按期开工, and
# a longer 验收 limit, change the answer).
. "$TOP/tests/e2e/lib.sh"
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
H="$CASES/funds_hand"
C1=533124000000
C2=533199000000
cp "$H"/*.csv .
echo "$C2,别县,533100000000,县,,是,,,100" >> regions.csv
expect_exit 0 "$KAOHE" init --db k.db
expect_exit 0 "$KAOHE" import regions regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 --db k.db
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin --db k.db
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 陇川员 \
    --role 县级 --region $C1 --password-stdin --db k.db
echo 'other-pass-2020' | expect_exit 0 "$KAOHE" user add 别县员 \
    --role 县级 --region $C2 --password-stdin --db k.db
echo 'town-pass-2020' | expect_exit 0 "$KAOHE" user add 章凤员 \
    --role 乡级 --region 533124100000 --password-stdin --db k.db
export KAOHE_USER=admin
expect_exit 0 "$KAOHE" import projects projects.csv --db k.db
expect_exit 0 "$KAOHE" import allocations allocations.csv --db k.db
expect_exit 0 "$KAOHE" import payments payments.csv --region $C1 --db k.db
"$KAOHE" funds check --year 2019 --format json -o check.json --db k.db
unset KAOHE_USER

mkdir srvtmp
serve_start --tmp --db k.db --listen 127.0.0.1:0 --threads 2
for u in "admin admin-pass-2020" "陇川员 county-pass-2020" "别县员 other-pass-2020" "章凤员 town-pass-2020"; do
    login $u
done

# summary NAME: "retained count, 分 held, late count, listed"
summary() { js "$1" 'd["has_data"], d["retained"]["count"], d["retained"]["amount_fen"], d["late"]["count"], d["total"], len(d["flags"])'; }
# objects NAME: the flags' kind:code:object, in order
objects() { js "$1" '" ".join("%s:%s:%s" % (f["kind"], f["code"], f["object"]) for f in d["flags"])'; }

# the county, as the administrator and as its staff: 4 滞留 (40,000 +
# 50,000 + 2,000 + 28,000 元) and 2 late projects, funds check's order
want_objects="retained:fund_alloc_retained:云财农〔2019〕1号 retained:fund_alloc_retained:云财农〔2019〕2号 retained:fund_return_retained:P5 retained:fund_project_retained:XM002 late:fund_accept_late:XM003 late:fund_start_late:XM004"
for u in admin 陇川员; do
    as $u flags_$u GET "/api/funds/flags?year=2019"
    want flags_$u 200
    [ "$(summary flags_$u)" = "(True, 4, 12000000, 2, 6, 6)" ] || fail "$u: $(summary flags_$u)"
    [ "$(objects flags_$u)" = "$want_objects" ] || fail "$u: $(objects flags_$u)"
done
# the same findings as `funds check` (its messages and amounts), and the
# places and names in words
python3 - <<'PY' || fail "the flags are not funds check's findings"
import json
flags = json.load(open("flags_admin.json", encoding="utf-8"))["flags"]
check = {(f["code"], f["object"]): f for f in json.load(open("check.json", encoding="utf-8"))["findings"]}
for g in flags:
    f = check[(g["code"], g["object"])]
    assert g["message"] == f["message_zh"], (g, f)
    assert g["amount_fen"] == f["amount_fen"], (g, f)
    assert g["county_name"] == "陇川县" and g["label"] == f["label"], g
by = {g["object"]: g for g in flags}
assert by["XM002"]["project_name"] == "户弄村道路硬化" and by["XM002"]["place"] == "陇川县章凤镇户弄村", by["XM002"]
assert by["XM003"]["place"] == "陇川县章凤镇", by["XM003"]
assert by["云财农〔2019〕1号"]["project_name"] == "" and by["云财农〔2019〕1号"]["place"] == "陇川县", by["云财农〔2019〕1号"]
assert "超过 60 天仍未开工" in by["XM004"]["message"] and "2019年3月1日" in by["XM004"]["message"], by["XM004"]
assert "28,000.00 元" in by["XM002"]["message"], by["XM002"]
PY
# a township's staff: its projects' flags, not the county's allocations
as 章凤员 flags_town GET "/api/funds/flags?year=2019"
want flags_town 200
[ "$(summary flags_town)" = "(True, 1, 2800000, 2, 3, 3)" ] || fail "township: $(summary flags_town)"
[ "$(objects flags_town)" = "retained:fund_project_retained:XM002 late:fund_accept_late:XM003 late:fund_start_late:XM004" ] ||
    fail "township: $(objects flags_town)"
# a village asked for: its projects'
as admin flags_village GET "/api/funds/flags?year=2019&region=533124100202"
want flags_village 200
[ "$(objects flags_village)" = "retained:fund_project_retained:XM002 late:fund_start_late:XM004" ] ||
    fail "village: $(objects flags_village)"
# another county's staff: none of 陇川县's, and refused it (audited)
as 别县员 flags_other GET "/api/funds/flags?year=2019"
want flags_other 200
[ "$(summary flags_other)" = "(True, 0, 0, 0, 0, 0)" ] || fail "other county: $(summary flags_other)"
as 别县员 flags_denied GET "/api/funds/flags?year=2019&region=$C1"
want flags_denied 403
[ "$(sqlite3 k.db "select count(*) from audit where action = 'funds.flags' and who = '别县员' and outcome = 'denied'")" = 1 ] ||
    fail "the refusal audited"
[ "$(sqlite3 k.db "select count(*) from audit where action = 'funds.flags' and who = '陇川员' and outcome = 'ok'")" = 1 ] ||
    fail "the reading audited"
# a year without funds data; a bad year
as admin flags_2018 GET "/api/funds/flags?year=2018"
want flags_2018 200
[ "$(summary flags_2018)" = "(False, 0, 0, 0, 0, 0)" ] || fail "2018: $(summary flags_2018)"
as admin flags_bad GET "/api/funds/flags?year=19"
want flags_bad 400
as admin flags_noyear GET "/api/funds/flags"
want flags_noyear 400
stop

# the lists and the limits are data: only 项目未按期开工 flagged as late,
# and 验收 allowed 200 days (XM003 is then on time)
printf '[funds]\nflag_retained = fund_project_retained\nflag_late = fund_start_late, fund_accept_late\naccept_late_days = 200\n' > flags.std
serve_start --tmp --db k.db --listen 127.0.0.1:0 --threads 2 --standards flags.std
login admin admin-pass-2020
as admin flags_std GET "/api/funds/flags?year=2019"
want flags_std 200
[ "$(objects flags_std)" = "retained:fund_project_retained:XM002 late:fund_start_late:XM004" ] ||
    fail "the standards' lists: $(objects flags_std)"
exit 0
