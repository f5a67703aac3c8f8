# An edit through kaohe serve re-reviews the edited household when the
# year has a stored exit review (docs/http-api.md "Editing a household",
# docs/review.md "After an edit"): in the edit's transaction its review
# row and findings are replaced, and helper_overload is decided again
# for the households of its old and new 帮扶责任人. After each edit the
# stored review (both tables, every household) is what a fresh
# `kaohe review` on the same data stores, and GET /api/households/Y/ID
# shows the household's findings. A year without a stored review gets
# none written.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"

expect_exit 0 "$KAOHE" gen --persons 2000 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
sqlite3 k.db ".backup n.db" # not reviewed
expect_exit 0 "$KAOHE" review --year 2019 $DB
T1=530121101000
for d in k.db n.db; do
    echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
        --role 系统管理员 --password-stdin --db $d
done
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region $T1 --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region $T1 --password-stdin --db n.db

q() { sqlite3 k.db "$1"; }
# An exited one-person household of the township with 人均纯收入 above
# the line and no finding.
HH=$(q "select hh_id from household h where status like '已脱贫%'
    and members = 1 and income_pc > 400000 and village like '530121101%'
    and (select flagged from review where household = h.id) = 0
    order by id limit 1")
[ -n "$HH" ] || fail "a household to edit"
HID=$(q "select id from household where hh_id = '$HH'")
# Its incomes as an edit gives them (yuan; "" for none), to put back.
INCOMES="inc_wage inc_business inc_property inc_transfer inc_dibao inc_tekun
    exp_business income_pc"
money() { # COLUMN ID
    q "select case when $1 is null then '' else
        printf('%d.%02d', $1 / 100, $1 % 100) end from household where id = $2"
}
BACK=
LOW=
for c in $INCOMES; do
    BACK="$BACK\"$c\":\"$(money $c $HID)\","
    LOW="$LOW\"$c\":\"\","
done
BACK=${BACK%,}
# 1,000 yuan a year: 工资性收入 only.
LOW="${LOW}\"income_pc\":\"1000\""
LOW=$(echo "$LOW" | sed 's/"income_pc":"",//; s/"inc_wage":""/"inc_wage":"1000"/')

start() { serve_start --db "$1" --listen 127.0.0.1:0 --threads 2; } # DB
JSON='Content-Type: application/json'
login() {
    api login POST /api/login -c jar -H "$JSON" \
        -d '{"user":"甲","password":"town1-pass-2020"}'
    want login 200
    js login 'd["csrf"]' > csrf
}
edit() { # NAME HH BODY
    api "$1" POST "/api/households/2019/$2" -b jar -H "X-CSRF-Token: $(cat csrf)" \
        -H "$JSON" -d "$3"
    want "$1" 200
}
get() { api "$1" GET "/api/households/2019/$2" -b jar; want "$1" 200; }
ver() { q "select version from household where hh_id = '$1'"; }
# The stored review, every household, as rows (the finding's id left out).
rows() { # DB
    sqlite3 "$1" "select h.hh_id, r.applies, r.flagged, r.exit_ready,
        r.helper_nth, r.helper_total
        from review r join household h on h.id = r.household order by h.id;
        select count(*) from review_finding"
}
# The stored review equals a fresh `kaohe review` of the same data.
fresh() { # NAME
    sqlite3 k.db ".backup $1.db"
    expect_exit 0 "$KAOHE" review --year 2019 --db "$1.db"
    rows k.db > "$1.now"
    rows "$1.db" > "$1.fresh"
    cmp -s "$1.now" "$1.fresh" ||
        { diff "$1.now" "$1.fresh" | head >&2; fail "$1: not what kaohe review stores"; }
}

start k.db
login
get g0 "$HH"
[ "$(js g0 'd["review"]')" = "{'findings': []}" ] || fail "g0: $(cat g0.json)"

# 1. Income under the line: exit_income, shown and stored at once.
edit e1 "$HH" "{\"version\":$(ver "$HH"),\"household\":{$LOW}}"
get g1 "$HH"
[ "$(js g1 '[f["code"] for f in d["review"]["findings"]][0]')" = exit_income ] ||
    fail "g1: $(cat g1.json)"
js g1 'd["review"]["findings"][0]["message"]' | grep -q '1000' || fail "g1 zh"
[ "$(q "select count(*) from review_finding")" = 0 ] || fail "e1: no text stored"
[ "$(q "select flagged & 1 from review where household = $HID")" = 1 ] ||
    fail "e1: the household's flagged bits"
fresh f1

# 2. Fixed: the finding goes.
edit e2 "$HH" "{\"version\":$(ver "$HH"),\"household\":{$BACK}}"
get g2 "$HH"
[ "$(js g2 'd["review"]["findings"]')" = "[]" ] || fail "g2: $(cat g2.json)"
[ "$(q "select flagged & 1 from review where household = $HID")" = 0 ] ||
    fail "e2: the finding removed"
fresh f2

# 3. Another helper with the most households (the maximum, 5): the
# household makes one too many, and the helper's last household in
# registry order is flagged; the old helper's, if any, are decided
# again too. Moving back undoes it.
OLDH=$(q "select helper_id from household where id = $HID")
NEWH=$(q "select helper_id from household where year = 2019 and helper_id
    is not null and helper_id <> '$OLDH' group by helper_id
    order by count(*) desc, helper_id limit 1")
NMAX=$(q "select count(*) from household where helper_id = '$NEWH'")
[ "$NMAX" = 5 ] || fail "a helper at the maximum: $NMAX"
edit e3 "$HH" "{\"version\":$(ver "$HH"),\"household\":{\"helper_id\":\"$NEWH\"}}"
[ "$(q "select count(*) from review where (flagged >> 11) & 1")" = 1 ] ||
    fail "e3: one helper_overload"
[ "$(q "select helper_nth, helper_total from review where (flagged >> 11) & 1")" = "6|6" ] ||
    fail "e3: its rank and its helper's households"
LAST=$(q "select hh_id from household where helper_id = '$NEWH' order by id desc limit 1")
get g3 "$LAST"
[ "$(js g3 '[f["code"] for f in d["review"]["findings"]]')" = "['helper_overload']" ] ||
    fail "g3: $(cat g3.json)"
js g3 'd["review"]["findings"][0]["message"]' | grep -q '6 户' || fail "g3 zh"
js g3 'd["review"]["findings"][0]["message"]' | grep -q "$NEWH" &&
    fail "g3: the helper's ID masked"
fresh f3
edit e4 "$HH" "{\"version\":$(ver "$HH"),\"household\":{\"helper_id\":\"$OLDH\"}}"
[ "$(q "select count(*) from review where (flagged >> 11) & 1 or helper_nth")" = 0 ] ||
    fail "e4: helper_overload gone"
fresh f4
stop
wait $pid

# 4. A year without a stored review: the edit writes none.
start n.db
login
get n0 "$HH"
[ "$(js n0 'd["review"]')" = None ] || fail "n0: $(cat n0.json)"
V=$(sqlite3 n.db "select version from household where hh_id = '$HH'")
edit n1 "$HH" "{\"version\":$V,\"household\":{$LOW}}"
[ "$(sqlite3 n.db "select (select count(*) from review) +
    (select count(*) from review_finding) + (select count(*) from review_run)")" = 0 ] ||
    fail "n1: review rows written without a stored review"
[ "$(sqlite3 n.db "select income_pc from household where hh_id = '$HH'")" = 100000 ] ||
    fail "n1: the edit written"
stop
wait $pid || fail "server exit"
exit 0
