# The masking policy against an attacker with a login (docs/http-api.md,
# "Security"): as each role that may not unmask (系统管理员, 省级, 市级,
# 考核组, 审计, 第三方评估, 牵头部门), fetch everything the role can —
# the household lists and every household of both years, their history,
# the import's findings, the audit log, the problems, the 明白卡 — after
# edits (a phone warning, a birth date refused against the ID, a member
# added) and an import with findings that quote ID numbers and birth
# dates, then try to rebuild each stored ID number as an attacker would
# (the village's first six digits + any date shown with the household +
# the last digits shown, checked by the checksum) and each phone and
# helper's ID whole: none may be rebuilt, and a search by a whole ID number
# is refused (and audited). The same attack on a 县级 user's unmask=1
# replies does rebuild them (the test can fail), and that unmasking is
# audited.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"

expect_exit 0 "$KAOHE" gen --persons 800 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
expect_exit 0 "$KAOHE" sample design --year 2019 --region 530121000000 \
    --margin 0.1 --villages-per-county 3 --seed 5 $DB
# A second year's file with errors whose findings quote ID numbers and
# birth dates: a birth date against the ID, a bad checksum, a helper's ID
# with a bad checksum, an ID number twice.
python3 - <<'PY' || fail "make bad.csv"
import csv
rows = list(csv.reader(open("g/registry.csv", encoding="utf-8")))
h = rows[0]
ib, ii, ih = h.index("出生日期"), h.index("证件号码"), h.index("帮扶责任人证件号码")
rows[2][ib] = rows[2][ib][:8] + ("01" if rows[2][ib][8:] != "01" else "02")
x = rows[5][ii]
rows[5][ii] = x[:17] + ("0" if x[17] != "0" else "1")
y = rows[9][ih]
if y:
    rows[9][ih] = y[:17] + ("0" if y[17] != "0" else "1")
rows[12][ii] = rows[14][ii]
csv.writer(open("bad.csv", "w", encoding="utf-8", newline="")).writerows(rows)
PY
users="admin:系统管理员: 省:省级:530000000000 市:市级:530100000000 考:考核组: 审:审计: 评:第三方评估: 牵:牵头部门: 县:县级:530121000000"
for u in $users; do
    n=$(echo "$u" | cut -d: -f1) r=$(echo "$u" | cut -d: -f2) g=$(echo "$u" | cut -d: -f3)
    set -- --role "$r"
    [ -n "$g" ] && set -- "$@" --region "$g"
    echo "$n-pass-2020x" | expect_exit 0 "$KAOHE" user add "$n" "$@" \
        --password-stdin $DB
done
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region 530121101201 \
    --source 暗访 --category 基层基础工作不扎实 --text "帮扶手册填写不全" \
    --date 2020-05-03 $DB
# A problem whose text quotes a member's ID number and a household's phone,
# its plan's measures the phone again: the rectification downloads (台账,
# 整改方案, 整改报告, 问题清单) must mask them as the JSON does.
QID=$(sqlite3 k.db "select m.id_no from member m join household h on h.id = m.household
    where h.village = '530121101201' and length(m.id_no) = 18 limit 1")
QPH=$(sqlite3 k.db "select phone from household where phone like '1__________' limit 1")
[ -n "$QID" ] && [ -n "$QPH" ] || fail "an ID number and a phone to quote"
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region 530121101201 \
    --source 暗访 --category 基层基础工作不扎实 \
    --text "户主证件号码 $QID 未核实，联系电话 $QPH 无人接听" --date 2020-05-03 $DB
QP=$(sqlite3 k.db "select max(id) from problem")
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify plan "$QP" --measures "电话 $QPH 回访核实" \
    --lead 县扶贫办 --deadline 2020-06-30 $DB

serve_start $DB --listen 127.0.0.1:0 --threads 2
PORT=${URL##*:}

# The crawl and the attack, in Python (one keep-alive connection a role).
cat > attack.py <<'PY'
import csv, http.client, json, re, sqlite3, subprocess, sys, urllib.parse
port, mode = int(sys.argv[1]), sys.argv[2]
db = sqlite3.connect("k.db")

class S:
    def __init__(self, user):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = self.csrf = ""
        st, d, _ = self.req("POST", "/api/login",
                            {"user": user, "password": user + "-pass-2020x"})
        assert st == 200, (user, st, d)
        self.csrf = json.loads(d)["csrf"]
    def req(self, m, path, body=None, raw=None):
        h = {"Cookie": self.cookie, "X-CSRF-Token": self.csrf}
        data = None
        if body is not None:
            data = json.dumps(body).encode(); h["Content-Type"] = "application/json"
        if raw is not None:
            data = raw; h["Content-Type"] = "application/octet-stream"
        self.c.request(m, path, body=data, headers=h)
        r = self.c.getresponse(); d = r.read()
        sc = r.getheader("Set-Cookie")
        if sc and "kh_session=" in sc:
            self.cookie = sc.split(";")[0]
        return r.status, d, r.getheader("Content-Type") or ""
    def get(self, path):
        st, d, t = self.req("GET", path)
        return st, (json.loads(d) if "json" in t else None), d

def q(p): return urllib.parse.quote(p)

def crawl(user, unmask=""):
    """Everything user can fetch: {key: text}, per household key too."""
    s = S(user)
    texts, per_hh, details = [], {}, []
    def add(k, b):
        texts.append(b if isinstance(b, str) else b.decode("utf-8", "replace"))
    for p in ["/api/me", "/api/years", "/api/regions", "/api/problems",
              "/api/assessments", "/api/enums"]:
        st, j, b = s.get(p); add(p, b)
    st, j, b = s.get("/api/problems")
    for pr in (j or {}).get("problems", []):
        add("p", s.get("/api/problems/%d" % pr["id"])[2])
    for year in (2019, 2020):
        page = 1
        while True:
            st, j, b = s.get("/api/households?year=%d&per_page=200&page=%d%s"
                             % (year, page, unmask))
            add("list", b)
            if st != 200 or not j["households"]:
                break
            for h in j["households"]:
                st2, d, b2 = s.get("/api/households/%d/%s%s" % (year, h["hh_id"],
                                   "?unmask=1" if unmask else ""))
                add("hh", b2)
                st3, d3, b3 = s.get("/api/households/%d/%s/history" % (year, h["hh_id"]))
                add("hist", b3)
                key = (year, h["hh_id"])
                per_hh.setdefault(key, []).extend([b2.decode(), b3.decode(), json.dumps(h, ensure_ascii=False)])
                if st2 == 200:
                    details.append((year, d))
            page += 1
    for i in range(1, 4):
        st, j, b = s.get("/api/imports/%d%s" % (i, "?unmask=1" if unmask else ""))
        add("imp", b)
        for f in (j or {}).get("findings", []):
            per_hh.setdefault((2020, f.get("hh_id")), []).append(json.dumps(f, ensure_ascii=False))
    page = 1
    while page < 50:
        st, j, b = s.get("/api/audit?per_page=1000&page=%d%s" % (page, unmask and "&unmask=1"))
        add("audit", b)
        if st != 200 or not j["entries"]:
            break
        for e in j["entries"]:
            m = re.match(r"household/(\d+)/(\w+)", e.get("object") or "")
            if m:
                per_hh.setdefault((int(m.group(1)), m.group(2)), []).append(json.dumps(e, ensure_ascii=False))
        page += 1
    for v in ("530121101201", "530121102201"):
        st, d, t = s.req("GET", "/api/reports/card?year=2019&village=%s%s" % (v, unmask and "&unmask=1"))
        if st == 200 and t.startswith("application/pdf"):
            open("card.pdf", "wb").write(d)
            add("card", subprocess.run(["pdftotext", "-layout", "card.pdf", "-"],
                                       capture_output=True, text=True).stdout)
    # the rectification downloads, their text as a reader sees it (and
    # without spaces: a table cell may break a number over lines)
    for p in ["ledger?", "problems?", "rectify?format=pdf&", "rectify?format=docx&",
              "rectify?format=xlsx&", "plan?format=pdf&", "plan?format=docx&",
              "plan?format=xlsx&"]:
        st, d, t = s.req("GET", "/api/reports/" + p + (unmask.lstrip("&") if unmask else ""))
        if st != 200:
            continue
        DOWNLOADS.append(p)
        x = doc_text(d, t)
        open("dl_%s.txt" % user, "a", encoding="utf-8").write(x)
        add("dl", x)
        add("dl", re.sub(r"\s+", "", x))
    return s, texts, per_hh, details

DOWNLOADS = []
def doc_text(d, t):
    if t.startswith("application/pdf"):
        open("dl.pdf", "wb").write(d)
        return subprocess.run(["pdftotext", "-layout", "dl.pdf", "-"],
                              capture_output=True, text=True).stdout
    import io, zipfile
    z = zipfile.ZipFile(io.BytesIO(d))
    return "\n".join(re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8"))
                     for n in z.namelist() if n.endswith(".xml"))

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def check(id17):
    return "10X98765432"[sum(int(a) * b for a, b in zip(id17, W)) % 11]

DATE = re.compile(r"(?<![0-9A-Za-z])((?:18|19|20)\d\d)-?(\d\d)-?(\d\d)(?![0-9A-Za-z])")
def attack(texts, per_hh, details):
    """The stored ID numbers, phones and helpers' IDs rebuilt."""
    corpus = "\n".join(texts)
    got = set()
    truth = db.execute("select h.year, h.hh_id, h.village, m.id_no from member m"
                       " join household h on h.id = m.household").fetchall()
    wholes = set(r[3] for r in truth if r[3] and len(r[3]) == 18)
    for r in db.execute("select phone from household where phone is not null"):
        for p in re.split(r"[/、,;]", r[0]):
            if len(p) >= 7: wholes.add(p)
    for r in db.execute("select helper_id from household where helper_id is not null"):
        if len(r[0]) == 18: wholes.add(r[0])
    for w in wholes:
        if w in corpus: got.add(w)
    # the birth date and the place: from what is shown with each household
    true_of = {}
    for y, hh, v, idn in truth:
        true_of.setdefault((y, hh), set()).add(idn)
    for year, d in details:
        hh = d["household"]["hh_id"]; v = d["household"]["village"]
        dates = set()
        for t in per_hh.get((year, hh), []):
            for m in DATE.finditer(t):
                dates.add(m.group(1) + m.group(2) + m.group(3))
        for m in d["members"]:
            b = (m.get("birth") or "").replace("-", "")
            if len(b) == 8: dates.add(b)
            shown = m.get("id_no") or ""
            tail = re.search(r"([0-9X]{4})$", shown)
            if not tail: continue
            tail = tail.group(1)
            head = shown[:6] if re.fullmatch(r"\d{6}", shown[:6]) else v[:6]
            cands = set()
            for dt in dates:
                c17 = head + dt + tail[:3]
                if check(c17) == tail[3]: cands.add(c17 + tail[3])
            if len(cands) == 1:
                c = cands.pop()
                if c in true_of.get((year, hh), ()): got.add(c)
    return got

if mode == "prepare":
    # as 市级 (edits, not unmask): a phone warning, a birth date refused
    # against the ID, a member added with an ID number.
    s = S("市")
    hh = db.execute("select hh_id from household where year = 2019 order by hh_id limit 1").fetchone()[0]
    st, d, _ = s.get("/api/households/2019/%s" % hh)
    v = d["household"]["version"]
    st, b, _ = s.req("POST", "/api/households/2019/%s" % hh,
                     {"version": v, "household": {"phone": "13912345678/13812345678"}})
    open("edit_phone.json", "wb").write(b)
    assert st == 200, (st, b)
    st, b, _ = s.req("POST", "/api/households/2019/%s" % hh,
                     {"version": v + 1, "members": [{"seq": 1, "birth": "1901-01-01"}]})
    open("edit_birth.json", "wb").write(b)
    assert st == 422, (st, b)
    a = S("admin")
    st, b, _ = a.req("POST", "/api/imports?year=2020&name=bad.csv&keep_valid=1",
                     raw=open("bad.csv", "rb").read())
    assert st == 202, (st, b)
    import time
    for i in range(600):
        st, j, _ = a.get("/api/imports/1")
        if j["phase"] == "done": break
        time.sleep(0.1)
    assert j["result"]["errors"] > 0, j["result"]
    sys.exit(0)

if mode == "search":
    s = S(sys.argv[3])
    idn = db.execute("select id_no from member where length(id_no) = 18 limit 1").fetchone()[0]
    st, j, b = s.get("/api/households?year=2019&q=" + idn)
    print(st, j and j.get("total"))
    sys.exit(0)

user = mode
unmask = "&unmask=1" if len(sys.argv) > 3 else ""
s, texts, per_hh, details = crawl(user, unmask)
# The edits' replies belong to 市级's view.
if user == "市":
    texts += [open("edit_phone.json").read(), open("edit_birth.json").read()]
    hh = db.execute("select hh_id from household where year = 2019 order by hh_id limit 1").fetchone()[0]
    per_hh.setdefault((2019, hh), []).extend(texts[-2:])
got = attack(texts, per_hh, details)
print(len(details), len(got), len(DOWNLOADS))
for g in sorted(got)[:5]:
    print("rebuilt", g)
PY

python3 attack.py "$PORT" prepare > prep.txt 2>&1 || fail "prepare: $(cat prep.txt)"
grep -q '“13912345678' edit_phone.json && fail "the edit's warning quotes the phone whole"

for u in admin 省 市 考 审 评 牵; do
    python3 attack.py "$PORT" "$u" > "att_$u.txt" 2>&1 || fail "$u: $(cat att_$u.txt)"
    set -- $(head -1 "att_$u.txt")
    [ "$2" = 0 ] || fail "$u rebuilt $2 ID numbers or phones: $(sed -n 2,4p att_$u.txt)"
    echo "$u: $1 households fetched, nothing rebuilt"
    python3 attack.py "$PORT" search "$u" > "s_$u.txt" || fail "search $u"
    [ "$(cut -d' ' -f1 s_$u.txt)" = 200 ] &&
        fail "$u: a search by a whole ID number answered: $(cat s_$u.txt)"
done
# 市级 and 审计 saw something: the attack had data to work on.
[ "$(cut -d' ' -f1 att_市.txt)" -gt 100 ] || fail "市级 fetched the households"
[ "$(head -1 att_市.txt | cut -d' ' -f3)" = 8 ] || fail "市级 fetched the 8 rectification downloads"
grep -q "$QID" dl_市.txt && fail "市级's downloads quote the ID number whole"
grep -q "\*\*\*\*$(echo "$QID" | cut -c15-18)" dl_市.txt || fail "市级's downloads show the ID masked"
[ "$(cut -d' ' -f1 att_评.txt)" -gt 0 ] || fail "第三方评估 fetched its sample"
# (牵头部门 sees no household at all: refused for its role first)
[ "$(sqlite3 k.db "select count(distinct who) from audit where outcome = 'denied'
      and (action = 'household.search_id' or (action = 'http.refused'
      and object = 'GET /api/households'))")" = 7 ] ||
    fail "the refused searches audited"

# The unmask role with unmask=1: the same attack rebuilds (the test can
# fail), and each unmasking is audited.
python3 attack.py "$PORT" 县 unmask > att_county.txt 2>&1 || fail "county: $(cat att_county.txt)"
[ "$(head -1 att_county.txt | cut -d' ' -f2)" -gt 100 ] ||
    fail "unmasked replies rebuild: $(head -1 att_county.txt)"
[ "$(head -1 att_county.txt | cut -d' ' -f3)" = 8 ] || fail "县级 fetched the downloads whole"
grep -q "$QID" dl_县.txt && grep -q "$QPH" dl_县.txt || fail "县级's downloads with unmask=1 quote them whole"
[ "$(sqlite3 k.db "select count(*) from audit where action = 'report.download' and who = '县'
      and outcome = 'ok' and after like '%\"masked\":false%'")" = 8 ] ||
    fail "the whole downloads audited as such"
[ "$(sqlite3 k.db "select count(*) from audit where action = 'report.download' and who = '市'
      and outcome = 'ok' and after like '%\"masked\":true%'")" = 8 ] ||
    fail "the masked downloads audited as such"
[ "$(sqlite3 k.db "select count(*) > 100 from audit where action = 'household.unmask' and who = '县' and outcome = 'ok'")" = 1 ] ||
    fail "unmasking audited"
python3 attack.py "$PORT" search 县 > s_county.txt || fail "search 县"
[ "$(cat s_county.txt)" = "200 1" ] || fail "县级 searches by ID: $(cat s_county.txt)"
[ "$(sqlite3 k.db "select records from audit where action = 'household.search_id' and who = '县'")" = 1 ] ||
    fail "the search by ID audited"
# Without unmask=1 the 县级 user is masked too.
python3 attack.py "$PORT" 县 > att_county2.txt 2>&1 || fail "county: $(cat att_county2.txt)"
[ "$(head -1 att_county2.txt | cut -d' ' -f2)" = 0 ] ||
    fail "县级 without unmask=1 rebuilt: $(cat att_county2.txt)"
exit 0
