# Sessions, TLS, security headers and new passwords (docs/http-api.md,
# "Security"): a session ends session_idle_minutes after its last request
# (each request moves the end, never past session_hours after the login);
# a user keeps at most max_sessions (the oldest end); the database holds
# only hashes of the session token and of the CSRF token; `kaohe serve
# --tls-cert --tls-key` serves HTTPS (a self-signed certificate made here
# with openssl) with Secure cookies and HSTS, as does --behind-tls-proxy
# for the cookie; every reply — JSON, error, UI file, download — carries
# the security headers, and the UI has no inline script or style; `kaohe
# user add|passwd` refuse short and common passwords.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
JSON='Content-Type: application/json'

expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" gen --persons 200 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
echo 'admin-pass-2020x' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'town-pass-2020x' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region 530121101000 --password-stdin $DB
q() { sqlite3 k.db "$1"; }

# 1. New passwords: too short, common (any case), refused, bilingual,
# nothing written.
before=$(dump k.db)
echo 'Password123' | expect_exit 1 "$KAOHE" user add 乙 --role 审计 \
    --password-stdin $DB
grep -q "常见密码" err.txt && grep -q "common password" err.txt ||
    fail "common refused: $(cat err.txt)"
echo 'qwertyuiop' | expect_exit 1 "$KAOHE" user passwd 甲 $DB
grep -q "common password" err.txt || fail "passwd: common refused: $(cat err.txt)"
echo 'short-1' | expect_exit 1 "$KAOHE" user add 乙 --role 审计 \
    --password-stdin $DB
grep -q "too short" err.txt || fail "short refused: $(cat err.txt)"
[ "$(dump k.db)" = "$before" ] || fail "a refused password changed the database"
grep -qx 'admin@2020' "$TOP/standards/common-passwords.txt" || fail "the list"
[ "$(wc -l < "$TOP/standards/common-passwords.txt")" -gt 2000 ] || fail "the list's size"

# 2. Sessions over HTTP.
serve_start $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
API_HDR=1 login 甲 town-pass-2020x
tok=$(sed -n 's/.*kh_session=\([0-9a-f]*\);.*/\1/p' login_甲.hdr)
csrf=$(cat 甲.csrf)
grep -i '^set-cookie:' login_甲.hdr | grep -qi 'secure' && fail "no Secure over plain HTTP"
# hashes only
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
[ "$(q "select token_hash from session")" = "$(sha "$tok")" ] || fail "token hashed"
[ "$(q "select csrf from session")" = "$(sha "$csrf")" ] || fail "CSRF token hashed"
q "select * from session" | grep -q -e "$tok" -e "$csrf" && fail "a token in the clear"
# the idle timeout: the session ends 30 minutes after the login ...
[ "$(q "select expires_at - created_at from session")" = 1800 ] || fail "idle 30 min"
# ... a request 2 minutes later moves the end to 30 minutes after it
q "update session set created_at = created_at - 120, expires_at = expires_at - 120"
as 甲 me1 GET /api/me
want me1 200
now=$(date +%s)
e=$(q "select expires_at from session")
[ $((e - now)) -ge 1795 ] && [ $((e - now)) -le 1800 ] || fail "moved: $((e - now))"
# ... never past 8 hours after the login
q "update session set created_at = $now - 8 * 3600 + 100, expires_at = $now + 10"
as 甲 me2 GET /api/me
want me2 200
e=$(q "select expires_at from session")
[ $((e - now)) -le 101 ] && [ $((e - now)) -ge 95 ] || fail "capped: $((e - now))"
# ... and once idle past its end, it is over (401)
q "update session set expires_at = $now - 1"
as 甲 me3 GET /api/me
want me3 401
# at most 3 sessions: a fourth login ends the oldest
for i in 1 2 3 4; do
    api s$i POST /api/login -c s$i.jar -H "$JSON" \
        -d '{"user":"甲","password":"town-pass-2020x"}'
    want s$i 200
    sleep 1
done
[ "$(q "select count(*) from session where user = '甲'")" = 3 ] || fail "3 sessions kept"
api o1 GET /api/me -b s1.jar
want o1 401
api o4 GET /api/me -b s4.jar
want o4 200
q "select note from audit where action = 'login' and who = '甲' order by id desc limit 1" |
    grep -q "ended 1 older" || fail "the ended session said in the audit"

# 3. Security headers on every kind of reply; no inline script or style
# in the UI.
API_HDR=1 api h1 GET /api/me -b s4.jar
API_HDR=1 api h2 GET /api/nothing
API_HDR=1 api h3 GET /index.html
API_HDR=1 api h4 GET /api/households/2019/x -b s4.jar
for h in h1 h2 h3 h4; do
    for want in 'x-content-type-options: nosniff' 'referrer-policy: no-referrer' \
        "content-security-policy: .*frame-ancestors 'none'" 'x-frame-options: deny'; do
        tr -d '\r' < $h.hdr | grep -qi "^$want" || fail "$h: no $want: $(cat $h.hdr)"
    done
    csp=$(tr -d '\r' < $h.hdr | grep -i '^content-security-policy:')
    # no inline script, no eval; inline style attributes only
    echo "$csp" | sed "s/style-src-attr 'unsafe-inline'//" |
        grep -q "unsafe-inline\|unsafe-eval\|unsafe-hashes" && fail "$h: $csp"
done
tr -d '\r' < h3.hdr | grep -qi "^content-security-policy: .*script-src 'self'" ||
    fail "the page's scripts from the server only"
grep -n '<script>\|<script [^st]\|<style\| style=\| on[a-z]*=' "$TOP"/web/*.html &&
    fail "inline script or style in web/*.html"
grep -n 'setAttribute(.style\|innerHTML\|insertAdjacentHTML\|eval(' "$TOP"/web/*.js &&
    fail "inline style or HTML from web/*.js"
stop
wait $pid 2>/dev/null

# 4. TLS: a self-signed certificate made here.
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
    -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    > openssl.log 2>&1 || fail "openssl: $(cat openssl.log)"
"$KAOHE" serve $DB --listen 127.0.0.1:0 --threads 2 --tls-cert cert.pem \
    --tls-key key.pem > tls.out 2> tls.log &
pid=$!
trap stop EXIT
i=0
while ! grep -q "https://" tls.out 2>/dev/null; do
    i=$((i + 1))
    [ $i -gt 100 ] && fail "TLS server did not start: $(cat tls.log)"
    sleep 0.1
done
TURL=$(sed -n 's#.*\(https://127.0.0.1:[0-9]*\)/.*#\1#p' tls.out)
curl -s --cacert cert.pem -D t1.hdr -o t1.json -H "$JSON" \
    -d '{"user":"甲","password":"town-pass-2020x"}' "$TURL/api/login" ||
    fail "HTTPS login"
tr -d '\r' < t1.hdr | grep -q '^HTTP/1.1 200' || fail "HTTPS login: $(cat t1.hdr t1.json)"
tr -d '\r' < t1.hdr | grep -i '^set-cookie: kh_session=' | grep -qi '; Secure' ||
    fail "Secure cookie over TLS: $(cat t1.hdr)"
tr -d '\r' < t1.hdr | grep -qi '^strict-transport-security: max-age=' || fail "HSTS"
# plain HTTP to the TLS port gets nothing
curl -s -m 5 -o /dev/null "${TURL#https}" -w '%{http_code}' > plain.code 2>/dev/null
[ "$(cat plain.code)" = 000 ] || fail "plain HTTP on the TLS port: $(cat plain.code)"
# a key that does not exist: refused at start
expect_exit 2 "$KAOHE" serve $DB --listen 127.0.0.1:0 --tls-cert cert.pem \
    --tls-key nokey.pem
grep -q "nokey.pem" err.txt || fail "the missing key named: $(cat err.txt)"
expect_exit 2 "$KAOHE" serve $DB --listen 127.0.0.1:0 --tls-cert cert.pem
stop
wait $pid 2>/dev/null

# 5. Behind a TLS proxy: Secure cookies over the proxy's plain HTTP.
serve_start $DB --listen 127.0.0.1:0 --threads 2 --behind-tls-proxy
API_HDR=1 api p1 POST /api/login -H "$JSON" \
    -d '{"user":"甲","password":"town-pass-2020x"}'
want p1 200
tr -d '\r' < p1.hdr | grep -i '^set-cookie: kh_session=' | grep -qi '; Secure' ||
    fail "Secure cookie behind a proxy"
exit 0
