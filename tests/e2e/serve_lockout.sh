# The login lockout against a race and against an attacker who would lock
# others out (docs/http-api.md, "Security"): 12 logins of one account sent
# at once — 11 wrong passwords and the right one 9th — try at most the
# standards' 5 passwords (the others answer 429 without the password
# being looked at), each attempt audited; after the free attempts the
# account waits login_delay_seconds, doubled at each attempt (a delay,
# not a lock: it passes); one address is limited across accounts
# (addr_max_failures); the numbers come from [web] (a province file on
# top of the national one here, for a delay a test can wait for).
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"

expect_exit 0 "$KAOHE" init $DB
# the township of 甲 is a region of the list (`user add` refuses others)
printf '区划代码,名称,上级代码,级别\n530000000000,某省,,省\n530100000000,某市,530000000000,市\n530121000000,某县,530100000000,县\n530121101000,某镇,530121000000,乡\n' > regions.csv
expect_exit 0 "$KAOHE" import regions regions.csv $DB
echo 'admin-pass-2020x' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'town-pass-2020x' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region 530121101000 --password-stdin $DB
for u in 乙 丙 丁 戊; do
    echo "$u-pass-2020x" | expect_exit 0 "$KAOHE" user add $u --role 审计 \
        --password-stdin $DB
done
cat > prov.std <<'EOF'
[web]
login_delay_seconds = 4
addr_max_failures = 20
EOF
# 1. The race: 12 at once (the national standards: 5 free attempts, then
# 30 s).
serve_start $DB --listen 127.0.0.1:0 --threads 4
PORT=${URL##*:}
python3 - "$PORT" > race.txt <<'PY' || fail "race: $(cat race.txt)"
import http.client, json, sys, threading
port = int(sys.argv[1])
codes = [None] * 12
go = threading.Barrier(12)
def login(i):
    pw = "town-pass-2020x" if i == 8 else "wrong-%d-pass" % i
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    body = json.dumps({"user": "甲", "password": pw})
    go.wait()
    c.request("POST", "/api/login", body=body,
              headers={"Content-Type": "application/json"})
    codes[i] = c.getresponse().status
t = [threading.Thread(target=login, args=(i,)) for i in range(12)]
[x.start() for x in t]; [x.join() for x in t]
print(" ".join(map(str, codes)))
tried = sum(1 for c in codes if c in (200, 401))
assert tried <= 5, ("passwords tried", tried, codes)
assert codes.count(429) == 12 - tried, codes
PY
echo "12 at once: $(cat race.txt)"
q() { sqlite3 k.db "$1"; }
tried=$(q "select count(*) from audit where action = 'login' and who = '甲' and outcome in ('ok', 'failed')")
[ "$tried" -le 5 ] || fail "$tried passwords tried (audit)"
[ "$(q "select count(*) from audit where action = 'login' and who = '甲' and outcome = 'locked'")" = \
  "$(tr ' ' '\n' < race.txt | grep -c 429)" ] || fail "each 429 audited"
q "select note from audit where who = '甲' and outcome = 'locked' limit 1" |
    grep -q "^429 login_locked: account" || fail "the refusal says why"

stop
wait $pid 2>/dev/null

# 2. A delay, not a lock (the province's 4 s here: long enough that a
# loaded machine's slow requests stay inside it): after it the account
# may try again (the right password works), and a wrong one then waits
# twice as long.
serve_start $DB --standards prov.std --listen 127.0.0.1:0 --threads 4
api l1 POST /api/login -H 'Content-Type: application/json' \
    -d '{"user":"乙","password":"bad-bad-bad-1"}'
want l1 401
for i in 2 3 4 5; do
    api l$i POST /api/login -H 'Content-Type: application/json' \
        -d "{\"user\":\"乙\",\"password\":\"bad-bad-bad-$i\"}"
    want l$i 401
done
api l6 POST /api/login -H 'Content-Type: application/json' \
    -d '{"user":"乙","password":"乙-pass-2020x"}'
want l6 429
js l6 'd["error"]["message"]' | grep -q "秒后再试" || fail "the wait told"
sleep 4.4
api l7 POST /api/login -H 'Content-Type: application/json' \
    -d '{"user":"乙","password":"bad-bad-bad-7"}'
want l7 401
api l8 POST /api/login -H 'Content-Type: application/json' \
    -d '{"user":"乙","password":"乙-pass-2020x"}'
want l8 429
sleep 4.4
api l9 POST /api/login -H 'Content-Type: application/json' \
    -d '{"user":"乙","password":"乙-pass-2020x"}'
want l9 429 # 8 s after the 7th (4 s, doubled)
sleep 4
api l10 POST /api/login -H 'Content-Type: application/json' \
    -d '{"user":"乙","password":"乙-pass-2020x"}'
want l10 200

# 3. One address across accounts: 20 attempts (addr_max_failures) are
# free, whatever the names; the next waits, for any name.
n=$(q "select failures from login_fail where key = 'addr:127.0.0.1'")
i=$n
while [ "$i" -lt 20 ]; do
    api a$i POST /api/login -H 'Content-Type: application/json' \
        -d "{\"user\":\"noone$i\",\"password\":\"bad-bad-bad\"}"
    want a$i 401
    i=$((i + 1))
done
api a20 POST /api/login -H 'Content-Type: application/json' \
    -d '{"user":"丙","password":"丙-pass-2020x"}'
want a20 429
q "select note from audit where who = '丙' and outcome = 'locked'" |
    grep -q "address" || fail "the address's limit said"
exit 0
