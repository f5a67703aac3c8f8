# The 第三方评估 role over HTTP: it sees only the households drawn into a
# sample (kaohe sample design) of the year, within its bound region when
# it has one — the list and totals checked against the database, a drawn
# household opened (masked), one not drawn refused (404) and audited — and
# no region, indicator or problem.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"

expect_exit 0 "$KAOHE" gen --persons 3000 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530121000000 \
    --margin 0.1 --villages-per-county 3 --seed 5 $DB
T2=530121102000
q() { sqlite3 k.db "$1"; }
DRAWN=$(q "select count(*) from sample_household")
DRAWN2=$(q "select count(*) from sample_household where village like '530121102%'")
[ "$DRAWN" -gt 0 ] || fail "a sample drawn"
[ "$DRAWN2" -gt 0 ] && [ "$DRAWN2" -lt "$DRAWN" ] ||
    fail "the sample spans both townships: $DRAWN2 of $DRAWN"
IN=$(q "select hh_id from sample_household order by hh_id limit 1")
OUT=$(q "select hh_id from household where hh_id not in (select hh_id from sample_household) limit 1")
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'third-pass-2020' | expect_exit 0 "$KAOHE" user add 评估 \
    --role 第三方评估 --password-stdin $DB
echo 'third2-pass-2020' | expect_exit 0 "$KAOHE" user add 评估乙 \
    --role 第三方评估 --region $T2 --password-stdin $DB

serve_start $DB --listen 127.0.0.1:0 --threads 2

api() { # NAME PATH USER: body NAME.json, status NAME.code
    curl -s -o "$1.json" -w '%{http_code}' -b "$3.jar" "$URL$2" > "$1.code"
}
for u in 评估:third-pass-2020 评估乙:third2-pass-2020; do
    n=${u%%:*} p=${u#*:}
    curl -s -o /dev/null -c "$n.jar" -H 'Content-Type: application/json' \
        -d "{\"user\":\"$n\",\"password\":\"$p\"}" "$URL/api/login"
done

api me /api/me 评估
[ "$(js me 'd["may"]["households"], d["may"]["all_regions"]')" = "(True, False)" ] ||
    fail "may: $(cat me.json)"
# the list: exactly the drawn households
api all "/api/households?year=2019&per_page=200" 评估
want all 200
[ "$(js all 'd["total"]')" = "$DRAWN" ] || fail "total: $(js all 'd["total"]') not $DRAWN"
[ "$(js all '",".join(sorted(h["hh_id"] for h in d["households"]))')" = \
  "$(q "select group_concat(hh_id) from (select hh_id from sample_household order by hh_id)")" ] ||
    fail "the drawn households, and only they"
# bound to a township: its drawn households
api t2 "/api/households?year=2019&per_page=200" 评估乙
[ "$(js t2 'd["total"]')" = "$DRAWN2" ] || fail "township: $(js t2 'd["total"]') not $DRAWN2"
api t2x "/api/households?year=2019&region=530121101000" 评估乙
want t2x 404
# one drawn household: its 一户一档, masked; one not drawn: 404 (as if
# absent), audited
api one "/api/households/2019/$IN" 评估
want one 200
js one 'd["members"][0]["id_no"]' | grep -q '\*\*\*\*' || fail "ID numbers masked"
api out "/api/households/2019/$OUT" 评估
want out 404
grep -q "$OUT" out.json && fail "nothing of the refused household"
[ "$(q "select who || '|' || outcome from audit where action = 'household.read' and object like '%$OUT'")" = \
  "评估|denied" ] || fail "refusal audited"
api unm "/api/households/2019/$IN?unmask=1" 评估
want unm 403
# a search by name inside the sample only
NAME=$(q "select m.name from member m join household h on h.id = m.household where h.hh_id = '$OUT' limit 1")
api byname "/api/households?year=2019&q=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))" "$NAME")" 评估
want byname 200
js byname '[h["hh_id"] for h in d["households"]]' | grep -q "$OUT" &&
    fail "a search does not reach outside the sample"
# no regions, indicators or problems
for p in /api/regions /api/indicators /api/problems; do
    api x "$p" 评估
    [ "$(cat x.code)" = 403 ] || fail "$p: $(cat x.code)"
done
kill -TERM $pid
wait $pid || fail "server exit status"
trap - EXIT
