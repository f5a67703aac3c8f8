# kaohe serve under attack, driven with curl and python3's sockets against
# a server started here on 127.0.0.1 (tests/e2e/serve.sh covers the
# ordinary refusals; this completes them): SQL injection in every kind of
# parameter, path traversal (percent-encoded, double-encoded, overlong
# UTF-8, backslashes) in API and UI paths and in file names, NUL bytes,
# bytes that are not UTF-8, numbers that overflow, huge headers and URLs,
# a body sent slowly (slowloris), a body without end (chunked), headers
# never finished from more connections than one address may hold,
# oversized and malformed bodies, tampered, forged, expired and revoked
# session cookies, CSRF without or with a wrong token. Every attempt is
# refused (or, for a search, matches nothing), the server keeps answering,
# and the database dump is the same before and after (apart from the
# audit log's refusals, the sessions and the failed-login counts) with no
# successful write in the audit log.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"

expect_exit 0 "$KAOHE" gen --persons 2000 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
T1=530121101000 T2=530121102000
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region $T1 --password-stdin $DB
echo 'town2-pass-2020' | expect_exit 0 "$KAOHE" user add 乙 --role 乡级 \
    --region $T2 --password-stdin $DB
echo 'audit-pass-2020' | expect_exit 0 "$KAOHE" user add 丁 --role 审计 \
    --password-stdin $DB
echo 'gone-pass-2020' | expect_exit 0 "$KAOHE" user add 戊 --role 乡级 \
    --region $T1 --password-stdin $DB
echo 'chg-pass-2020' | expect_exit 0 "$KAOHE" user add 己 --role 乡级 \
    --region $T1 --password-stdin $DB
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region 530121101201 \
    --source 暗访 --category 基层基础工作不扎实 --text "帮扶手册填写不全" \
    --date 2020-05-03 $DB
P=$(sqlite3 k.db "select max(id) from problem")
H1=$(sqlite3 k.db "select hh_id from household where village like '530121101%' order by hh_id limit 1")

LIMIT_IP=6
serve_start $DB --listen 127.0.0.1:0 --threads 3 --max-body 4096 \
    --max-upload 100000 --request-timeout 1 --timeout 5 \
    --max-connections-per-ip $LIMIT_IP --web "$TOP/web"
PORT=${URL##*:}
AS_CSRF=1

api() { # NAME METHOD PATH [curl args]: body NAME.json, status NAME.code
    n=$1 m=$2 p=$3
    shift 3
    curl -s -m 20 -o "$n.json" -D "$n.hdr" -w '%{http_code}' -X "$m" "$@" \
        "$URL$p" > "$n.code"
}
want() { # NAME CODE...: the status is one of the codes
    n=$1
    shift
    for c in "$@"; do [ "$(cat "$n.code")" = "$c" ] && return 0; done
    fail "$n: status $(cat "$n.code"), want $*: $(head -c 300 "$n.json")"
}
JSON='Content-Type: application/json'
login() { # USER PASSWORD: cookie jar USER.jar, CSRF token USER.csrf, token USER.tok
    api "login_$1" POST /api/login -c "$1.jar" -H "$JSON" \
        -d "{\"user\":\"$1\",\"password\":\"$2\"}"
    want "login_$1" 200
    js "login_$1" 'd["csrf"]' > "$1.csrf"
    sed -n 's/.*kh_session=\([0-9a-f]*\);.*/\1/p' "login_$1.hdr" > "$1.tok"
}
alive() { # the server still answers a plain request
    as 甲 alive GET /api/me
    want alive 200
}
login 甲 town1-pass-2020
login 乙 town2-pass-2020
login 丁 audit-pass-2020
login 戊 gone-pass-2020
login 己 chg-pass-2020
TOK=$(cat 甲.tok)
CSRF=$(cat 甲.csrf)

# The state that no attempt below may change.
state() {
    dump k.db | grep -v -e 'INSERT INTO audit' -e 'INSERT INTO session' \
        -e 'INSERT INTO login_fail' | md5sum
}
oks() { sqlite3 k.db "select count(*) from audit where outcome = 'ok' and action <> 'audit.read'"; }
unchanged() { # the state is still $before, no write succeeded since $oks0
    [ "$(state)" = "$before" ] || fail "$1: the attempts changed the database"
    [ "$(oks)" = "$oks0" ] ||
        fail "$1: a write succeeded: $(sqlite3 k.db "select action, object from audit where outcome = 'ok' order by id desc limit 3")"
}

# 1. Headers never finished, from more connections than one address may
# hold: those over --max-connections-per-ip are closed at once, the others
# held (until the idle timeout), and once they go the server answers.
python3 - "$PORT" $LIMIT_IP > held.txt <<'PY' || fail "slow headers: $(cat held.txt)"
import select, socket, sys, time
port, limit = int(sys.argv[1]), int(sys.argv[2])
held = []
for i in range(limit + 4):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /api/me HTTP/1.1\r\nHost: x\r\nX-A: ")
    held.append(s)
# wait (at most 3 s, under the 5 s idle timeout) for the 4 over the
# limit to be closed
closed, t0 = set(), time.time()
while len(closed) < 4 and time.time() - t0 < 3:
    r, _, _ = select.select([x for x in held if x not in closed], [], [], 0.1)
    for x in r:
        try:
            if x.recv(100) == b"":
                closed.add(x)
        except ConnectionResetError:
            closed.add(x)
print("closed", len(closed))
assert 4 <= len(closed) < limit + 4, len(closed)
for s in held:
    s.close()
PY
sleep 0.5
alive

before=$(state)
oks0=$(oks)

# 2. SQL injection: in searches, codes, path segments, names and bodies.
for q in "' OR 1=1 --" "\" OR \"\"=\"" "%' OR '%'='" "1; DROP TABLE household; --" \
    "' UNION SELECT id_no FROM member --"; do
    as 甲 inj GET /api/households --get --data-urlencode "q=$q"
    want inj 200
    [ "$(js inj 'd["total"]')" = 0 ] || fail "injection in q matched: $q"
    as 甲 injr GET /api/households --get --data-urlencode "region=$q"
    want injr 400
    as 甲 injp GET /api/problems --get --data-urlencode "category=$q"
    want injp 200
    [ "$(js injp 'len(d["problems"])')" = 0 ] || fail "injection in category: $q"
    as 甲 injs GET /api/problems --get --data-urlencode "status=$q"
    want injs 400
    as 丁 inja GET /api/audit --get --data-urlencode "who=$q"
    want inja 200
    [ "$(js inja 'd["total"]')" = 0 ] || fail "injection in the audit's who: $q"
    as 甲 injx GET /api/assessments/hebei-city-2016/2019/x --get \
        --data-urlencode "version=$q"
    want injx 400
done
as 甲 injh GET "/api/households/2019/1'%20OR%20'1'%3D'1"
want injh 404
as 甲 injy GET "/api/households/2019%20OR%201=1/x"
want injy 400
as 甲 injsch GET "/api/assessments/hebei'%20--/2019/%E5%B8%82"
want injsch 400 404
as 甲 injrep GET "/api/reports/ledger'%3B--"
want injrep 400 404
api injl POST /api/login -H "$JSON" -d "{\"user\":\"' OR '1'='1\",\"password\":\"' OR '1'='1\"}"
want injl 401
as 乙 injw POST /api/problems/$P/progress -H "$JSON" \
    -d "{\"note\":\"'); DELETE FROM problem; --\"}"
want injw 404

# 3. Path traversal: API paths, UI paths, file names in parameters.
for p in "/api/households/2019/..%2F..%2F..%2Fetc%2Fpasswd" \
    "/api/%2e%2e/%2e%2e/etc/passwd" "/api/households/%252e%252e/x" \
    "/api/households/2019/..%5c..%5cetc%5cpasswd" \
    "/api/households/2019/%c0%ae%c0%ae%c0%afetc" \
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd" "/..%2f..%2fMakefile" \
    "/%2e%2e/Makefile" "/vendor/../../Makefile" "/.git/config" \
    "/.%2e/README.md" "/index.html/..%2f..%2fMakefile" \
    "/..%5c..%5cMakefile" "/%c0%ae%c0%ae/Makefile" "//etc/passwd" \
    "/api/reports/..%2f..%2fetc%2fpasswd" \
    "/api/assessments/..%2f..%2fetc%2fpasswd/2019/%E5%B8%82" \
    "/api/assessments/..%2Fschemes%2Fhebei-city-2016.scheme/2019/%E5%B8%82"; do
    as 甲 trav GET "$p" --path-as-is
    want trav 400 403 404
    grep -q -e "root:" -e "PROG" -e "\[core\]" trav.json &&
        fail "traversal $p read a file"
done
head -c 300 /dev/urandom > ev.bin
for n in "../../etc/x" "..%2F..%2Fx" "..\\x" "/etc/x" "a/b" ".." "." "x%00.pdf" "a%0Ab"; do
    as 甲 evt POST "/api/problems/$P/evidence?name=$n" \
        -H 'Content-Type: application/octet-stream' --data-binary @ev.bin
    want evt 400
done
[ "$(sqlite3 k.db "select count(*) from evidence")" = 0 ] || fail "evidence stored"

# 4. NUL bytes: cut nowhere, refused.
for p in "/api/households/2019/$H1%00x" "/api/households?q=%00" \
    "/api/households?region=$T1%00" "/index.html%00.js" "/api/me%00" \
    "/api/problems/$P%00"; do
    as 甲 nul GET "$p"
    want nul 400
done
as 甲 nul2 GET "/index.html"
want nul2 200
api nulj POST /api/login -H "$JSON" \
    --data-binary '{"user":"甲\u0000x","password":"town1-pass-2020"}'
want nulj 400 401
printf '{"user":"\xe7\x94\xb2\0","password":"town1-pass-2020"}' > nul.json
api nulr POST /api/login -H "$JSON" --data-binary @nul.json
want nulr 400 401

# 5. Bytes that are not UTF-8: in the path, a parameter's name or value,
# a JSON body.
for p in "/api/households/2019/%ff%fe" "/api/households?q=%ff%fe" \
    "/api/households?%ff=1" "/api/problems?category=%c0%ae" \
    "/api/households?q=%ed%a0%80" "/%ff.js"; do
    as 甲 utf GET "$p"
    want utf 400 404
done
printf '{"user":"\xff\xfe","password":"x"}' > bad.json
api utfj POST /api/login -H "$JSON" --data-binary @bad.json
want utfj 400
printf '{"note":"\xc0\xae\xed\xa0\x80"}' > bad2.json
as 甲 utfw POST /api/problems/$P/progress -H "$JSON" --data-binary @bad2.json
want utfw 400

# 6. Numbers that overflow or are not plain digits: refused, never
# clamped or wrapped.
for p in "/api/households?page=99999999999999999999" \
    "/api/households?page=9223372036854775807&per_page=200" \
    "/api/households?per_page=18446744073709551617" \
    "/api/households?year=4294969315" "/api/households?page=%2B1" \
    "/api/households?page=%201" "/api/households?page=1e3" \
    "/api/households/99999999999999999999/x" "/api/households/4294969315/x" \
    "/api/households/+2019/x" "/api/households/%202019/x" \
    "/api/indicators?year=-2019" "/api/problems?year=99999999999999999999" \
    "/api/problems/99999999999999999999999" "/api/problems/9223372036854775808" \
    "/api/problems/18446744073709551617" "/api/problems/-1" "/api/problems/0" \
    "/api/problems/+$P" \
    "/api/assessments/hebei-city-2016/99999999999/%E5%B8%82" \
    "/api/assessments/hebei-city-2016/2019/%E5%B8%82?version=99999999999999999999"; do
    as 甲 num GET "$p"
    want num 400
done
as 甲 nume GET "/api/problems/$P/evidence/99999999999999999999"
want nume 404
as 丁 numa GET "/api/audit?page=99999999999999999999"
want numa 400
as 丁 numa2 GET "/api/audit?per_page=4294967297"
want numa2 400

# 7. Huge headers and URLs: refused by libmicrohttpd, the server goes on.
big=$(head -c 100000 /dev/zero | tr '\0' a)
api hdr GET /api/me -b 甲.jar -H "X-Big: $big"
want hdr 431
api url GET "/api/households/2019/$big" -b 甲.jar
want url 414 431
api cook GET /api/me -H "Cookie: kh_session=$TOK; x=$big"
want cook 431
api many GET /api/me -b 甲.jar $(k=0; while [ $k -lt 3000 ]; do printf -- '-H X-H%d:v ' $k; k=$((k + 1)); done)
want many 431
alive

# 8. Bodies: over the limit by Content-Length (413 before reading it),
# endless without Content-Length (closed), sent too slowly (closed);
# malformed JSON of every kind.
python3 -c 'print("{\"note\":\"" + "x" * 10000 + "\"}")' > big.json
as 甲 bigb POST /api/problems/$P/progress -H "$JSON" --data-binary @big.json
want bigb 413
head -c 200000 /dev/zero > bigu.bin
as 甲 bigu POST "/api/problems/$P/evidence?name=x.bin" \
    -H 'Content-Type: application/octet-stream' --data-binary @bigu.bin
want bigu 413
python3 - "$PORT" "$TOK" "$CSRF" "$P" > body.txt <<'PY' || fail "bodies: $(cat body.txt)"
import socket, sys, time
port, tok, csrf, p = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
head = ("POST /api/problems/%s/progress HTTP/1.1\r\nHost: x\r\n"
        "Cookie: kh_session=%s\r\nX-CSRF-Token: %s\r\n"
        "Content-Type: application/json\r\n" % (p, tok, csrf)).encode()
def closed_before(s, chunks, gap):
    """Send chunks until the server closes; how many went before it did."""
    for i, c in enumerate(chunks):
        try:
            s.sendall(c)
        except (BrokenPipeError, ConnectionResetError):
            return i
        time.sleep(gap)
    return None
# a body of 100 bytes sent one byte every 0.2 s: --request-timeout 1
s = socket.create_connection(("127.0.0.1", port))
s.sendall(head + b"Content-Length: 100\r\n\r\n")
n = closed_before(s, [b"{"] + [b" "] * 99, 0.2)
print("slow body: closed after", n, "bytes")
assert n is not None and n < 100, n
# a chunked body without end, 1 KiB a chunk: --max-body 4096
s = socket.create_connection(("127.0.0.1", port))
s.sendall(head + b"Transfer-Encoding: chunked\r\n\r\n")
n = closed_before(s, [b"400\r\n" + b" " * 1024 + b"\r\n"] * 10000, 0.001)
print("endless body: closed after", n, "chunks")
assert n is not None and n < 10000, n
PY
sleep 0.3
for b in '{"note": ' '{"note": "x"} trailing' '"just a string"' '[1, 2]' 'null' \
    '{"note": 1e999999}' '{"note": ["x"]}' '{"note": {"a": 1}}' \
    '{"note": "x", "note": "y"}' '' "$(python3 -c 'print("[" * 2000 + "]" * 2000)')" \
    "$(printf '\357\273\277{"note":"x"}')"; do
    as 甲 badj POST /api/problems/$P/progress -H "$JSON" --data-binary "$b"
    want badj 400 422
done
as 甲 ctype POST /api/problems/$P/progress -H 'Content-Type: text/plain' \
    -d '{"note":"x"}'
want ctype 415
as 甲 over POST /api/problems/$P/progress -H "$JSON" \
    -H 'X-HTTP-Method-Override: DELETE' -d '{"note":"x'
want over 400
alive

# 9. Session cookies: tampered, forged, stale, revoked.
flip=$(echo "$TOK" | sed 's/^\(.\{10\}\)\(.\)/\1X/' | tr X 0)
[ "$flip" != "$TOK" ] || flip=$(echo "$TOK" | sed 's/^\(.\{10\}\)./\11/')
hash=$(printf %s "$TOK" | sha256sum | cut -d' ' -f1)
for c in "kh_session=$flip" "kh_session=$(echo "$TOK" | tr a-f A-F)" \
    "kh_session=${TOK%?}" "kh_session=${TOK}0" "kh_session=$hash" \
    "kh_session=$CSRF" "kh_session=$(printf '%064d' 0)" "kh_session=" \
    "kh_session=$(echo "$TOK" | cut -c1-32)" "kh_session=%00$TOK" \
    "kh_session=$(printf '%064d' 0); kh_session=$TOK" \
    "kh_session=$TOK; kh_session=$(printf '%064d' 0)" \
    "kh_session=$TOK; kh_session=$TOK" "kh_session2=$TOK" "kh_session=' OR '1'='1"; do
    api tam GET /api/me -H "Cookie: $c"
    want tam 401
done
api hdrtok GET /api/me -H "X-Session: $TOK"
want hdrtok 401
api qtok GET "/api/me?kh_session=$TOK"
want qtok 401
api bearer GET /api/me -H "Authorization: Bearer $TOK"
want bearer 401
sqlite3 k.db "update session set expires_at = 1 where user = '乙'"
as 乙 expired GET /api/me
want expired 401
as 乙 expiredw POST /api/problems/$P/progress -H "$JSON" -d '{"note":"x"}'
want expiredw 401
# revoked: a disabled user, a changed password (the command line's own
# changes are outside the server's attempts: the state is taken again)
unchanged "1-9"
expect_exit 0 "$KAOHE" user disable 戊 $DB
echo 'chg-pass-2021' | expect_exit 0 "$KAOHE" user passwd 己 $DB
before=$(state)
oks0=$(oks)
as 戊 disabled GET /api/me
want disabled 401
as 己 changed GET /api/me
want changed 401
api relog POST /api/login -H "$JSON" -d '{"user":"戊","password":"gone-pass-2020"}'
want relog 401

# 10. CSRF: every write with a valid session but no token, an empty one,
# another session's, a changed one, or the token elsewhere than its header.
other=$(cat 丁.csrf)
bad1=$(echo "$CSRF" | cut -c1-63)$( [ "$(echo "$CSRF" | cut -c64)" = 0 ] && echo 1 || echo 0)
for path in "/api/problems/$P/progress" "/api/problems/$P/plan" \
    "/api/problems/$P/request" "/api/logout" \
    "/api/assessments/hebei-city-2016/2019/%E5%B8%82/run?name=x.csv"; do
    api c1 POST "$path" -b 甲.jar -H "$JSON" -d '{"note":"x","measures":"m"}'
    want c1 403
    api c2 POST "$path" -b 甲.jar -H "$JSON" -H "X-CSRF-Token:" -d '{"note":"x"}'
    want c2 403
    api c3 POST "$path" -b 甲.jar -H "$JSON" -H "X-CSRF-Token: $other" -d '{"note":"x"}'
    want c3 403
    api c4 POST "$path" -b 甲.jar -H "$JSON" -H "X-CSRF-Token: $bad1" -d '{"note":"x"}'
    want c4 403
    api c5 POST "$path" -b 甲.jar -H "$JSON" \
        -H "X-CSRF-Token: $(echo "$CSRF" | tr a-f A-F)" -d '{"note":"x"}'
    want c5 403
    api c6 POST "$path?csrf=$CSRF" -b 甲.jar -H "$JSON" \
        -d "{\"note\":\"x\",\"csrf\":\"$CSRF\"}"
    want c6 403
    api c7 POST "$path" -b 甲.jar -H "$JSON" -H "Cookie: X-CSRF-Token=$CSRF" \
        -d '{"note":"x"}'
    want c7 403
done
[ "$(js c1 'd["error"]["code"]')" = csrf ] || fail "csrf code"
alive

# 11. Nothing changed: the dump is the same, no write succeeded, and the
# server stops cleanly.
unchanged "9-10"
[ "$(sqlite3 k.db "select count(*) from problem_event where problem = $P")" = 1 ] ||
    fail "the problem's history changed"
trap - EXIT
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 0 ] || { cat srv.log >&2; fail "exit $rc after SIGTERM"; }
grep -q " 408 " srv.log || fail "the slow body logged as 408"
grep -q " 413 .*aborted" srv.log || fail "the endless body logged as 413"
grep -q "$TOK" srv.log && fail "a session token in the log"
exit 0
