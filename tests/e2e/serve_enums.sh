# The edit form's lists (docs/http-api.md, GET /api/enums): kaohe serve,
# started with a province's standards file on top of the national one,
# gives for each registry label field the labels of its [enum.*] list,
# equal to the lists the two files make (read here from the files
# themselves), and every finding's name ([finding_label], the province's
# on top); the edit accepts a label the province added and refuses one it
# left out; no list without a session.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"

# The province: 务工状况 gets a label, 健康状况 loses one.
cat > prov.std <<'EOF'
[enum.work]
非务工 =
县内务工 =
县外省内务工 =
省外务工 =
境外务工 = 5

[enum.health]
健康 =
长期慢性病 =
患有大病 =
[finding_label]
dept_excl_vehicle = 家庭成员名下登记有机动车
EOF
expect_exit 0 "$KAOHE" gen --persons 200 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
HH=$(sqlite3 k.db "select hh_id from household order by id limit 1")
[ -n "$HH" ] || fail "a household"

serve_start $DB --standards prov.std --listen 127.0.0.1:0 --threads 2

code=$(curl -s -o anon.json -w '%{http_code}' "$URL/api/enums")
[ "$code" = 401 ] || fail "no lists without a session: $code"
code=$(curl -s -o login.json -c jar -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' \
    -d '{"user":"admin","password":"admin-pass-2020"}' "$URL/api/login")
[ "$code" = 200 ] || fail "login: $code"
code=$(curl -s -o enums.json -b jar -w '%{http_code}' "$URL/api/enums")
[ "$code" = 200 ] || fail "enums: $code $(cat enums.json)"

python3 - "$TOP/standards/national.std" prov.std <<'EOF' || fail "the lists: $(cat enums.json)"
import json, re, sys
# The lists as the two files make them: a section in the second replaces
# the first's.
lists = {}
for path in sys.argv[1:]:
    seen = set()
    cur = None
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"\[(.*)\]", line)
        if m:
            cur = m.group(1)[5:] if m.group(1).startswith("enum.") else None
            if cur is not None and cur not in seen:
                lists[cur] = []
                seen.add(cur)
            continue
        if cur is not None:
            lists[cur].append(line.split("=", 1)[0].strip())
# The registry's label fields and their lists (spec registry-format.md,
# src/domain/registry.c).
want = {
    "hh_type": ("hh_type", False, True, False), "cause": ("cause", False, True, False),
    "status": ("status", False, True, False), "housing": ("housing", False, False, False),
    "water_safe": ("yesno", False, False, False), "relocated": ("yesno", False, False, False),
    "measures": ("measures", False, False, True), "sex": ("sex", True, False, False),
    "relation": ("relation", True, True, False), "education": ("education", True, False, False),
    "schooling": ("schooling", True, False, False), "health": ("health", True, False, False),
    "labour": ("labour", True, False, False), "work": ("work", True, False, False),
    "ins_med": ("yesno", True, False, False), "ins_serious": ("yesno", True, False, False),
    "ins_pension": ("yesno", True, False, False), "treat_first": ("yesno", True, False, False),
}
d = json.load(open("enums.json", encoding="utf-8"))["fields"]
assert sorted(d) == sorted(want), sorted(d)
for k, (lst, member, required, multiple) in want.items():
    f = d[k]
    assert (f["list"], f["member"], f["required"], f["multiple"]) == (lst, member, required, multiple), (k, f)
    assert f["labels"] == lists[lst], (k, f["labels"], lists[lst])
assert d["work"]["labels"][-1] == "境外务工" and "残疾" not in d["health"]["labels"]
assert d["status"]["labels"][:2] == ["未脱贫", "已脱贫(享受政策)"]
assert d["cause"]["column"] == "主要致贫原因" and len(d["cause"]["labels"]) == 11
EOF

# Every column's title (the pages' labels): the headers of the registry
# file gen wrote, in order; money marked; 其中低保金 as the file says it.
python3 - <<'EOF' || fail "the columns: $(cat enums.json)"
import csv, json
c = json.load(open("enums.json", encoding="utf-8"))["columns"]
head = next(csv.reader(open("g/registry.csv", encoding="utf-8-sig")))
assert [x["column"] for x in c] == head, ([x["column"] for x in c], head)
by = {x["key"]: x for x in c}
assert by["inc_dibao"] == {"key": "inc_dibao", "column": "其中低保金", "member": False, "money": True}, by["inc_dibao"]
assert by["name"]["member"] and not by["hh_id"]["member"] and not by["status"]["money"]
assert sum(x["money"] for x in c) == 10
EOF

# Every finding's name (the pages' one source): the national file's
# [finding_label] with the province's on top.
python3 - "$TOP/standards/national.std" <<'EOF' || fail "the findings' names: $(cat enums.json)"
import json, re, sys
f = json.load(open("enums.json", encoding="utf-8"))["findings"]
std = open(sys.argv[1], encoding="utf-8").read()
sec = std.split("[finding_label]", 1)[1].split("\n[", 1)[0]
want = dict(re.findall(r"^([a-z_0-9]+)\s*=\s*(.+?)\s*$", sec, re.M))
want["dept_excl_vehicle"] = "家庭成员名下登记有机动车"
assert f == want, (set(f.items()) ^ set(want.items()))
EOF

# The server's edit takes what its lists give, and refuses what they do
# not.
csrf=$(python3 -c "import json; print(json.load(open('login.json'))['csrf'])")
ver=$(sqlite3 k.db "select version from household where hh_id = '$HH'")
post() {
    curl -s -o "$1.json" -b jar -w '%{http_code}' -X POST \
        -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
        -d "$2" "$URL/api/households/2019/$HH"
}
code=$(post bad "{\"version\":$ver,\"members\":[{\"seq\":1,\"health\":\"残疾\"}]}")
[ "$code" = 422 ] || fail "a label the province left out: $code $(cat bad.json)"
python3 -c "
import json; f = json.load(open('bad.json'))['error']['findings']
assert f[0]['field'] == 'health' and '残疾' in f[0]['message'], f" ||
    fail "refused by the field: $(cat bad.json)"
code=$(post good "{\"version\":$ver,\"members\":[{\"seq\":1,\"work\":\"境外务工\"}]}")
[ "$code" = 200 ] || fail "a label the province added: $code $(cat good.json)"
[ "$(sqlite3 k.db "select m.work from member m join household h on h.id = m.household
    where h.hh_id = '$HH' order by m.id limit 1")" = 境外务工 ] ||
    fail "stored: $(sqlite3 k.db "select m.work from member m join household h
        on h.id = m.household where h.hh_id = '$HH'")"
kill -TERM $pid
wait $pid || fail "server exit"
exit 0
