# The security headers on the replies libmicrohttpd makes itself, before
# any handler of kaohe runs (issue #17; src/web/web_headers.c): an address
# too long (414), headers too large (431, one big header and many small
# ones), a malformed header line (400), a
# Content-Length too large (413), an HTTP version not spoken (505). Each
# reply carries the same security headers as kaohe's own replies (checked
# against a 404 of kaohe's), with a policy that loads nothing; the server
# goes on answering.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
expect_exit 0 "$KAOHE" init $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
serve_start $DB --listen 127.0.0.1:0 --threads 2
PORT=${URL##*:}

# the headers every reply must carry (names, lower case)
need="x-content-type-options x-frame-options content-security-policy
referrer-policy cross-origin-opener-policy cross-origin-resource-policy
permissions-policy"
check() { # NAME STATUS: NAME.hdr has STATUS and every header of $need
    head -1 "$1.hdr" | grep -q " $2 " || fail "$1: $(head -1 "$1.hdr"), want $2"
    for h in $need; do
        grep -qi "^$h:" "$1.hdr" || fail "$1 ($2): no $h: $(cat "$1.hdr")"
    done
}
curl -s -D own.hdr -o /dev/null "$URL/api/nothing"
check own 404

big=$(head -c 100000 /dev/zero | tr '\0' a)
curl -s -D uri.hdr -o /dev/null "$URL/api/households/2019/$big"
check uri 414
curl -s -D hdr.hdr -o /dev/null -H "X-Big: $big" "$URL/api/me"
check hdr 431
[ "$(grep -i '^content-security-policy:' hdr.hdr)" = "$(grep -i '^content-security-policy:' own.hdr)" ] ||
    fail "the library's reply loads nothing, as the API's: $(cat hdr.hdr)"
curl -s -D many.hdr -o /dev/null \
    $(k=0; while [ $k -lt 3000 ]; do printf -- '-H X-H%d:v ' $k; k=$((k + 1)); done) "$URL/api/me"
check many 431

# raw requests the library refuses itself (python3's socket: curl sends
# only well-formed ones)
raw() { # NAME REQUEST-BYTES (python literal)
    python3 - "$PORT" "$2" > "$1.hdr" <<'PY' || fail "$1: no reply"
import ast, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(ast.literal_eval(sys.argv[2]))
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
print(head.replace("\r\n", "\n"))
PY
}
raw junk "b'GET /api/me HTTP/1.1\r\nHost: x\r\nno colon here\r\nConnection: close\r\n\r\n'"
check junk 400
raw clen "b'POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\nConnection: close\r\n\r\n'"
check clen 413
raw ver "b'GET /api/me HTTP/2.7\r\nHost: x\r\nConnection: close\r\n\r\n'"
check ver 505

# still answering
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/me")
[ "$code" = 401 ] || fail "the server goes on: $code"
exit 0
