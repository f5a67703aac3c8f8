# Years and templates over HTTP (issue 13): the 系统管理员 lists the years
# (what each holds, what refers to it) and deletes one — only with the
# year confirmed, refused while a problem refers to it unless forced, each
# refusal and the deletion audited by the use case (src/app/year.c, as
# `kaohe year delete`); another role is refused (403, audited); the import
# templates of every kind download as `kaohe template` writes them.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
years_db k.db

serve_start $DB --listen 127.0.0.1:0 --threads 2
login admin admin-pass-2020
login 陇川员 county-pass-2020
del() { # USER NAME YEAR BODY
    AS_CSRF=1 as "$1" "$2" POST "/api/years/$3/delete" \
        -H 'Content-Type: application/json' -d "$4"
}
audits() {
    sqlite3 k.db "SELECT who || ':' || outcome FROM audit WHERE action = 'year.delete' ORDER BY id" | tr '\n' ' '
}

# The list: what `kaohe year list --format json` says.
as admin list GET /api/years/info
want list 200
expect_exit 0 "$KAOHE" year list $DB --format json
python3 - <<'PY' || fail "year list: not the CLI's"
import json
web = json.load(open("list.json", encoding="utf-8"))["years"]
cli = json.load(open("out.txt", encoding="utf-8"))["years"]
keys = ("year", "snapshot", "households", "persons", "source", "imported_at",
        "problems", "assess_runs", "samples", "roster")
assert [tuple(y[k] for k in keys) for y in web] == \
       [tuple(y[k] for k in keys) for y in cli], (web, cli)
assert [y["referred"] for y in web] == [False, True], web
PY
as 陇川员 nolist GET /api/years/info
want nolist 403

# No confirmation, or the wrong year confirmed: 400, nothing asked.
del admin noconf 2019 '{}'
want noconf 400
[ "$(js noconf 'd["error"]["code"]')" = confirm_required ] || fail "confirm_required"
del admin wrongconf 2019 '{"confirm": 2018}'
want wrongconf 400
del admin badforce 2019 '{"confirm": 2019, "force": 1}'
want badforce 400
[ "$(audits)" = "" ] || fail "an unconfirmed delete was audited as a deletion: $(audits)"
# Another role: refused by the use case, audited.
del 陇川员 denied 2018 '{"confirm": 2018}'
want denied 403
js denied 'd["error"]["message"]' | grep -q "只有 系统管理员 可以删除" || fail "role message"
# Referred to by a problem: refused (422) with the counts, audited.
del admin referred 2019 '{"confirm": 2019}'
want referred 422
[ "$(js referred 'd["error"]["code"]')" = year_referred ] || fail "year_referred"
js referred 'd["error"]["message"]' | grep -q "问题 1 个" || fail "the counts"
[ "$(sqlite3 k.db 'SELECT count(*) FROM household WHERE year = 2019')" = 2 ] || fail "refused, yet deleted"
# A year that is not there: 404.
del admin missing 2017 '{"confirm": 2017}'
want missing 404
# Forced: deleted; the problem kept; 2018 untouched.
del admin forced 2019 '{"confirm": 2019, "force": true}'
want forced 200
[ "$(js forced 'd["year"]["households"], d["year"]["problems"]')" = "(2, 1)" ] || fail "what was deleted: $(cat forced.json)"
[ "$(sqlite3 k.db 'SELECT count(*) FROM household WHERE year = 2019')" = 0 ] || fail "not deleted"
[ "$(sqlite3 k.db 'SELECT count(*) FROM problem WHERE year = 2019')" = 1 ] || fail "the problem is kept"
[ "$(sqlite3 k.db 'SELECT count(*) FROM household WHERE year = 2018')" = 2 ] || fail "2018 touched"
[ "$(audits)" = "陇川员:denied admin:refused admin:refused admin:ok " ] ||
    { sqlite3 k.db "SELECT * FROM audit"; fail "audit entries: $(audits)"; }
# Unconfirmed, the CSRF token missing: refused before anything.
as admin nocsrf POST /api/years/2018/delete -H 'Content-Type: application/json' -d '{"confirm": 2018}'
want nocsrf 403
[ "$(sqlite3 k.db 'SELECT count(*) FROM household WHERE year = 2018')" = 2 ] || fail "deleted without CSRF"

# The templates: each kind, the file `kaohe template` writes (the same
# sheets and header); an unknown kind 404; a login needed.
for k in registry regions roster survey plan; do
    API_HDR=1 as 陇川员 "tpl_$k" GET "/api/templates/$k"
    want "tpl_$k" 200
    grep -qi 'spreadsheetml' "tpl_$k.hdr" || fail "$k: content type"
    grep -qi "filename\*=UTF-8''" "tpl_$k.hdr" || fail "$k: the download's name"
    expect_exit 0 "$KAOHE" template $k -o "cli_$k.xlsx"
    python3 - "$k" <<'PY' || fail "template $k differs from the CLI's"
import sys, zipfile
k = sys.argv[1]
w, c = zipfile.ZipFile("tpl_%s.json" % k), zipfile.ZipFile("cli_%s.xlsx" % k)
for part in ("xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
             "xl/worksheets/sheet2.xml", "xl/styles.xml"):
    assert w.read(part) == c.read(part), part
PY
done
as admin tpl_none GET /api/templates/nosuch
want tpl_none 404
api anon GET /api/templates/registry
want anon 401
echo ok
