# A household edit naming an unknown field of more than 60 bytes of
# Chinese (issue #18): the name in the 422's message was cut in the middle
# of a character, the reply could not be built and the server closed the
# connection. Now the 422 comes, its names cut at a character boundary,
# and nothing changed.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
expect_exit 0 "$KAOHE" gen --persons 200 --seed 2 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
HH=$(sqlite3 k.db "select hh_id from household order by id limit 1")
V=$(sqlite3 k.db "select version from household where hh_id = '$HH' and year = 2019")
state() { sqlite3 k.db "select * from household; select * from member" | md5sum; }
before=$(state)
serve_start $DB --listen 127.0.0.1:0 --threads 2
login admin admin-pass-2020
AS_CSRF=1
# 30 characters of 3 bytes: byte 60 falls inside none, byte 61 inside the
# 21st; each of 21 to 25 characters shifts the cut by one byte.
for n in 21 22 23 30; do
    key=$(python3 -c "print(('未知字段' * 10)[:$n])")
    as admin e POST "/api/households/2019/$HH" -H 'Content-Type: application/json' \
        -d "{\"version\":$V,\"household\":{\"$key\":\"1\"}}"
    want e 422
    js e 'd["error"]["findings"][0]["code"]' | grep -qx unknown_field || fail "$n: $(cat e.json)"
    js e 'd["error"]["message"] + d["error"]["findings"][0]["message"]' | grep -q '未知字段' ||
        fail "$n: the name in the message: $(cat e.json)"
    # also as a member's field
    as admin m POST "/api/households/2019/$HH" -H 'Content-Type: application/json' \
        -d "{\"version\":$V,\"members\":[{\"seq\":1,\"x$key\":\"1\"}]}"
    want m 422
done
[ "$(state)" = "$before" ] || fail "a refused edit changed the data"
echo ok
