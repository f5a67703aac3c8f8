# kaohe diff: two years built by hand from the clean_utf8 case (one
# household exited, one new, one returned to poverty, one moved to a
# village of another township, one removed by absence and one 清退, one
# re-numbered, members added, gone and moved; incomes changed), then the
# exact counts, medians, transitions and lists of `kaohe diff --format
# json`, the other formats, and the usage errors.
. "$TOP/tests/e2e/lib.sh"

# regions: the case's list plus a second township with one village.
cp "$CASES/clean_utf8/regions.csv" regions.csv
printf '%s\n' '533124101000,护国乡,533124000000,乡,,,,,' \
    '533124101201,新村,533124101000,村,,,是,500,' >> regions.csv

head -1 "$CASES/clean_utf8/registry.csv" > header.csv
python3 - <<'PY' || fail "writing the registries"
import csv

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idno(birth, seq):  # GB 11643: area, birth date, sequence, checksum
    s = "533124" + birth.replace("-", "") + "%03d" % seq
    return s + "10X98765432"[sum(int(c) * w for c, w in zip(s, W)) % 11]

# persons: key -> (name, birth, seq); odd seq = 男
P = {"li": ("李大", "1970-05-05", 11), "wang": ("王二", "1972-03-03", 22),
     "yan": ("岩温", "1950-01-01", 31), "dao": ("刀三", "1965-07-07", 41),
     "dao2": ("刀妻", "1967-08-08", 42), "zhao": ("赵四", "1960-02-02", 51),
     "zhao2": ("赵妻", "1962-04-04", 52), "qian": ("钱五", "1955-06-06", 61),
     "sun": ("孙六", "1958-09-09", 71), "zhou": ("周七", "1975-10-10", 81),
     "zhou2": ("周妻", "1976-11-11", 82), "zhouz": ("周子", "2000-12-12", 91),
     "wu": ("吴八", "1968-01-15", 101), "wub": ("吴妻", "1969-03-20", 102),
     "wuc": ("吴女", "1995-05-25", 112), "wud": ("吴儿媳", "1996-06-16", 122),
     "zheng": ("郑九", "1980-08-18", 131), "zheng2": ("郑妻", "1982-09-19", 142)}

LY, HN, XC = "533124100201", "533124100202", "533124101201"
EXIT = "已脱贫(享受政策)"
# hh_id, village, type, year_in, status, year_out, income_pc, members
Y2019 = [
    ("H001", LY, "一般贫困户", 2014, EXIT, 2017, 5600, [("li", "户主"), ("wang", "配偶")]),
    ("H002", HN, "低保贫困户", 2014, "未脱贫", "", 4200, [("yan", "户主")]),
    ("H003", LY, "一般贫困户", 2015, EXIT, 2018, 5000, [("dao", "户主"), ("dao2", "配偶")]),
    ("H004", LY, "一般贫困户", 2016, "未脱贫", "", 3500, [("zhao", "户主"), ("zhao2", "配偶")]),
    ("H005", HN, "一般贫困户", 2016, "未脱贫", "", 3000, [("qian", "户主")]),
    ("H006", HN, "一般贫困户", 2016, "未脱贫", "", 3900, [("sun", "户主")]),
    ("H007", LY, "一般贫困户", 2017, "未脱贫", "", 4400,
     [("zhou", "户主"), ("zhou2", "配偶"), ("zhouz", "之子")]),
    ("H008", XC, "一般贫困户", 2017, "未脱贫", "", 3600,
     [("wu", "户主"), ("wub", "配偶"), ("wuc", "之女")]),
]
Y2020 = [
    ("H001", LY, "一般贫困户", 2014, EXIT, 2017, 6000,
     [("li", "户主"), ("wang", "配偶"), ("wuc", "之儿媳")]),
    ("H002", HN, "低保贫困户", 2014, EXIT, 2020, 4700, [("yan", "户主")]),
    ("H003", LY, "一般贫困户", 2015, "返贫", "", 3000, [("dao", "户主"), ("dao2", "配偶")]),
    ("H004", XC, "一般贫困户", 2016, "未脱贫", "", 3800, [("zhao", "户主"), ("zhao2", "配偶")]),
    ("H006", HN, "一般贫困户", 2016, "清退", "", 4000, [("sun", "户主")]),
    ("H107", LY, "一般贫困户", 2017, "未脱贫", "", 4500,
     [("zhou", "户主"), ("zhou2", "配偶"), ("zhouz", "之子")]),
    ("H008", XC, "一般贫困户", 2017, "未脱贫", "", 3300, [("wu", "户主"), ("wud", "之儿媳")]),
    ("H009", HN, "一般贫困户", 2020, "未脱贫", "", 3000, [("zheng", "户主"), ("zheng2", "配偶")]),
]

def write(path, hhs):
    head = open("header.csv", encoding="utf-8").read().strip().split(",")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        for hh, vil, typ, yin, st, yout, pc, mem in hhs:
            n = len(mem)
            dibao = min(3600, pc * n) if typ == "低保贫困户" else 0
            wage, transfer = (0, pc * n) if dibao else (pc * n, 0)
            for key, rel in mem:
                name, birth, seq = P[key]
                w.writerow([hh, vil, typ, "因病", yin, st, yout, wage, 0, 0,
                            transfer, dibao, 0, 0, pc, 300, "B", "是", "否", "",
                            "张帮扶", "533124198001011238", "2019-10-01",
                            "产业扶持", "13812345678", name, idno(birth, seq),
                            "男" if seq % 2 else "女", birth, rel, "傣族", "小学",
                            "非在校生", "健康", "普通劳动力", "县内务工",
                            "是", "是", "是", "是"])
    return {k: idno(P[k][1], P[k][2]) for k in P}

ids = write("y2019.csv", Y2019)
write("y2020.csv", Y2020)
with open("ids.txt", "w") as f:
    for k, v in ids.items():
        f.write(f"{k} {v}\n")
PY

expect_exit 0 "$KAOHE" init --db k.db
expect_exit 0 "$KAOHE" import regions regions.csv --db k.db
expect_exit 0 "$KAOHE" import registry y2019.csv --year 2019 --db k.db
expect_exit 0 "$KAOHE" import registry y2020.csv --year 2020 --db k.db

expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db --format json --list all
cp out.txt all.json
python3 - <<'PY' || fail "diff JSON"
import json
ids = dict(l.split() for l in open("ids.txt"))
d = json.load(open("all.json", encoding="utf-8"))
assert (d["from"], d["to"], d["region"], d["level"]) == (2019, 2020, None, "county"), d
assert d["median"] == "lower" and d["money"] == "fen"
t = d["total"]
assert (t["households_from"], t["persons_from"], t["households_to"], t["persons_to"]) == (8, 15, 8, 16), t
want = {"new": (1, 2), "exited": (1, 1), "returned": (1, 2), "removed": (2, 2),
        "renumbered": (1, 3), "moved": (1, 2), "members_added": (1, 1),
        "members_gone": (1, 1), "members_moved": (1, 1)}
for k, (h, p) in want.items():
    assert (t[k]["households"], t[k]["persons"]) == (h, p), (k, t[k])
# 7 households in both years with incomes; lower medians in 分
assert t["income"] == {"households": 7, "median_from": 420000,
                       "median_to": 400000, "median_change": 10000}, t["income"]
# one county: its row equals the total
assert len(d["regions"]) == 1 and d["regions"][0]["code"] == "533124000000"
assert d["regions"][0]["name"] == "陇川县"
r = dict(d["regions"][0]); r.pop("code"); r.pop("name")
assert r == t, (r, t)

inc = {lv: {x["code"]: (x["households"], x["median_from"], x["median_to"], x["median_change"])
            for x in d["income"][lv]} for lv in d["income"]}
assert inc["province"] == {"530000000000": (7, 420000, 400000, 10000)}, inc["province"]
assert inc["township"] == {"533124100000": (5, 440000, 450000, 10000),
                           "533124101000": (2, 350000, 330000, -30000)}, inc["township"]
assert inc["village"] == {"533124100201": (3, 500000, 450000, 10000),   # 拉影村
                          "533124100202": (2, 390000, 400000, 10000),   # 户弄村, even: lower
                          "533124101201": (2, 350000, 330000, -30000)}, inc["village"]

tr = [(x["from"], x["to"], x["households"], x["persons"]) for x in d["transitions"]]
E = "已脱贫(享受政策)"
assert tr == [(E, E, 1, 3), (E, "返贫", 1, 2), ("未脱贫", E, 1, 1),
              ("未脱贫", "未脱贫", 3, 7), ("未脱贫", "清退", 1, 1),
              ("未脱贫", None, 1, 1), (None, "未脱贫", 1, 2)], tr

L = d["lists"]
assert list(L) == list(want), list(L)
hh = lambda k: [(x["hh_id_from"], x["hh_id_to"]) for x in L[k]]
assert hh("new") == [(None, "H009")], hh("new")
assert hh("exited") == [("H002", "H002")]
assert hh("returned") == [("H003", "H003")]
assert hh("removed") == [("H005", None), ("H006", "H006")], hh("removed")
assert hh("renumbered") == [("H007", "H107")], hh("renumbered")
assert hh("moved") == [("H004", "H004")]
x = L["new"][0]
assert (x["head"], x["village_to"], x["village_name_to"], x["status_from"], x["status_to"],
        x["year_in"], x["persons_from"], x["persons_to"], x["income_to"]) == \
       ("郑九", "533124100202", "户弄村", None, "未脱贫", 2020, None, 2, 300000), x
x = L["exited"][0]
assert (x["status_from"], x["status_to"], x["year_out"], x["income_from"], x["income_to"]) == \
       ("未脱贫", E, 2020, 420000, 470000), x
x = L["moved"][0]
assert (x["village_from"], x["village_name_from"], x["village_to"], x["village_name_to"],
        x["region"], x["head"]) == (
        "533124100201", "拉影村", "533124101201", "新村", "533124101201", "赵四"), x
x = L["removed"][0]
assert (x["status_from"], x["status_to"], x["region"], x["persons_from"]) == ("未脱贫", None, "533124100202", 1), x
assert "id_no" not in x
mem = lambda k: [(x["name"], x["id_no"], x["hh_id_from"], x["hh_id_to"],
                  x["relation_from"], x["relation_to"]) for x in L[k]]
assert mem("members_added") == [("吴儿媳", ids["wud"], "H008", "H008", None, "之儿媳")], mem("members_added")
assert mem("members_gone") == [("吴妻", ids["wub"], "H008", "H008", "配偶", None)], mem("members_gone")
assert mem("members_moved") == [("吴女", ids["wuc"], "H008", "H001", "之女", "之儿媳")], mem("members_moved")
assert L["members_moved"][0]["region"] == "533124100201"   # counted where she is now
PY

# Per township, and restricted to one township: the counts follow the
# household's 2020 village (absent: its 2019 village).
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db --format json --level township
python3 - <<'PY' || fail "diff JSON per township"
import json
d = json.load(open("out.txt", encoding="utf-8"))
assert "lists" not in d
r = {x["code"]: x for x in d["regions"]}
assert list(r) == ["533124100000", "533124101000"], list(r)
z, h = r["533124100000"], r["533124101000"]
assert (z["name"], h["name"]) == ("章凤镇", "护国乡")
assert (z["households_from"], z["households_to"], h["households_from"], h["households_to"]) == (7, 6, 1, 2)
assert h["moved"]["households"] == 1 and z["moved"]["households"] == 0
assert h["members_added"]["persons"] == 1 and h["members_gone"]["persons"] == 1
assert z["members_moved"]["persons"] == 1 and h["members_moved"]["persons"] == 0
assert z["removed"]["households"] == 2 and z["new"]["households"] == 1
PY
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db --format json --region 533124101000 --list moved
python3 - <<'PY' || fail "diff JSON for one township"
import json
d = json.load(open("out.txt", encoding="utf-8"))
assert d["region"] == {"code": "533124101000", "name": "护国乡"}, d["region"]
t = d["total"]
# 2019: H008; 2020: H004 (moved in) and H008. The person who moved from
# H008 to H001 (outside) is counted here, where she left.
assert (t["households_from"], t["persons_from"], t["households_to"], t["persons_to"]) == (1, 3, 2, 4), t
assert [t[k]["households"] for k in ("new", "exited", "returned", "removed", "renumbered", "moved")] == [0, 0, 0, 0, 0, 1]
assert (t["members_added"]["persons"], t["members_gone"]["persons"], t["members_moved"]["persons"]) == (1, 1, 1)
assert list(d["lists"]) == ["moved"] and len(d["lists"]["moved"]) == 1
assert d["lists"]["moved"][0]["region"] == "533124101201"
PY
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db --format json --region 533124100000 --level village --list all
python3 - <<'PY' || fail "diff JSON for the township moved out of"
import json
d = json.load(open("out.txt", encoding="utf-8"))
r = [x["code"] for x in d["regions"]]
assert r == ["533124100201", "533124100202"], r   # nothing outside the selection
ly = d["regions"][0]
assert ly["moved"]["households"] == 1 and ly["members_moved"]["persons"] == 1, ly
x = d["lists"]["moved"][0]
assert (x["hh_id_to"], x["region"]) == ("H004", "533124100201"), x  # where it left
PY

# Text: counts, no ID numbers unless a person list is asked for.
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db
grep -q "新识别" out.txt || fail "text names the categories"
grep -q "陇川县" out.txt || fail "text has the county row"
grep -q "+100.00" out.txt || fail "text has the median change in yuan"
if grep -q "533124199" out.txt; then fail "ID numbers in the default text"; fi
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db --list members_moved --lang en
grep -q "吴女" out.txt && grep -q "H008 → H001" out.txt || { cat out.txt; fail "text list"; }
grep -q "members moved" out.txt || fail "English labels"

# CSV: the region table (total + county), or a list; XLSX: every sheet.
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db --format csv -o d.csv
[ "$(wc -l < d.csv)" = 3 ] || fail "CSV: header, total, one county"
grep -q "陇川县" d.csv || fail "CSV county row"
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db --format csv --list removed -o r.csv
[ "$(wc -l < r.csv)" = 3 ] || fail "CSV list: header and two households"
grep -q "H005" r.csv && grep -q "H006" r.csv || fail "CSV list rows"
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db --format xlsx -o d.xlsx
python3 - <<'PY' || fail "XLSX sheets"
import zipfile, re
z = zipfile.ZipFile("d.xlsx")
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
assert names == ["汇总", "收入变化", "状态变化", "新识别", "脱贫", "返贫", "清退",
                 "户编号变更", "迁移", "新增成员", "减少成员", "成员转户"], names
PY
expect_exit 2 "$KAOHE" diff --from 2019 --to 2020 --db k.db --format xlsx

# Errors: a year not stored (exit 2, says which), the same year twice,
# a year after the other, missing options, a bad region or category.
expect_exit 2 "$KAOHE" diff --from 2018 --to 2020 --db k.db
grep -q "2018" err.txt && grep -q "year_missing\|没有 2018 年" err.txt || { cat err.txt; fail "unknown year named"; }
expect_exit 2 "$KAOHE" diff --from 2019 --to 2019 --db k.db
grep -q "用法错误" err.txt && grep -q "same year" err.txt || { cat err.txt; fail "same year is a usage error"; }
expect_exit 2 "$KAOHE" diff --from 2020 --to 2019 --db k.db
expect_exit 2 "$KAOHE" diff --from 2019 --db k.db
expect_exit 2 "$KAOHE" diff --from 2019 --to 2020 --db k.db --region 5331
expect_exit 2 "$KAOHE" diff --from 2019 --to 2020 --db k.db --region 533125000000
grep -q "533125000000" err.txt || fail "unknown region named"
expect_exit 2 "$KAOHE" diff --from 2019 --to 2020 --db k.db --list everything
expect_exit 2 "$KAOHE" diff --from 2019 --to 2020 --db nosuch.db
[ ! -e nosuch.db ] || fail "diff created a database"
# A failed report leaves no file behind.
expect_exit 2 "$KAOHE" diff --from 2018 --to 2020 --db k.db -o x.json --format json
[ ! -e x.json ] || fail "half-written output"
expect_exit 2 "$KAOHE" diff --from 2019 --to 2020 --db k.db -o nodir/x.txt
[ ! -e nodir ] || fail "output directory created"
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db k.db --region 533124101201 --level village
head -1 out.txt | grep -q "533124101201 新村" || { head -3 out.txt; fail "text names the region"; }
# Nothing was written to the database by the reports.
dump k.db > after.sql
"$KAOHE" diff --from 2019 --to 2020 --db k.db --format json > /dev/null
dump k.db > again.sql
cmp -s after.sql again.sql || fail "diff changed the database"
# A generated county, changed by a script into a second year, against an
# independent implementation of docs/cli/diff.md's rules in Python: every
# count, every median at every level, the transitions and every list.
"$KAOHE" gen --persons 3000 --seed 5 --out g > /dev/null 2>&1 || fail "gen"
python3 - <<'PY' || fail "writing the generated second year"
import csv, json
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idno(s17): return s17 + "10X98765432"[sum(int(c) * w for c, w in zip(s17, W)) % 11]
rows = list(csv.reader(open("g/registry.csv", encoding="utf-8-sig")))
head, rows = rows[0], rows[1:]
C = {h: i for i, h in enumerate(head)}
villages = [r[0] for r in csv.reader(open("g/regions.csv", encoding="utf-8-sig"))
            if len(r) > 3 and r[3] == "村"]
hhs, order = {}, []
for r in rows:
    if r[0] not in hhs: hhs[r[0]] = []; order.append(r[0])
    hhs[r[0]].append(r)
used = {r[C["证件号码"]] for r in rows}
seq = [901]  # odd: 男
def new_person(tmpl, rel):
    while True:
        seq[0] += 2
        i = idno("530121" + "19880101" + "%03d" % (seq[0] % 1000))
        if i not in used: break
    used.add(i)
    p = list(tmpl)
    p[C["姓名"]], p[C["证件号码"]], p[C["性别"]] = "新人%d" % seq[0], i, "男"
    p[C["出生日期"]], p[C["与户主关系"]] = "1988-01-01", rel
    return p
out, moving = {}, {}
for i, h in enumerate(order):
    mem = [list(r) for r in hhs[h]]
    if i % 17 == 3: continue                       # absent from 2020
    f = mem[0]
    st = f[C["户状态"]]
    if i % 19 == 4: st, f[C["脱贫年度"]] = "清退", ""
    elif i % 13 == 5 and st == "未脱贫": st, f[C["脱贫年度"]] = "已脱贫(享受政策)", "2020"
    elif i % 11 == 6 and st.startswith("已脱贫"): st, f[C["脱贫年度"]] = "返贫", ""
    vil = f[C["行政区划代码"]]
    if i % 29 == 8: vil = villages[(villages.index(vil) + 1) % len(villages)]
    nid = h + "R" if i % 23 == 7 else h
    rest = [m for m in mem if m[C["与户主关系"]] != "户主"]
    if i % 7 == 2 and rest: mem.remove(rest.pop())
    if i % 37 == 10 and rest:
        m = rest.pop(); mem.remove(m); moving[i + 1] = m
    if i % 31 == 9: mem.append(new_person(f, "其他"))
    if i in moving:
        m = moving.pop(i); m[C["与户主关系"]] = "其他"; mem.append(m)
    out[h] = (nid, vil, st, mem)
for k in range(5):                                   # newly identified
    t = list(rows[0])
    t[C["识别年度"]], t[C["户状态"]], t[C["脱贫年度"]] = "2020", "未脱贫", ""
    t[C["行政区划代码"]] = villages[k % len(villages)]
    out["N%d" % k] = ("N%04d" % k, t[C["行政区划代码"]], "未脱贫", [new_person(t, "户主")])
money = ["工资性收入", "生产经营性收入", "财产性收入", "转移性收入"]
with open("g2020.csv", "w", encoding="utf-8", newline="") as fo:
    w = csv.writer(fo); w.writerow(head)
    for i, (h, (nid, vil, st, mem)) in enumerate(out.items()):
        f = mem[0]
        wage = round(float(f[C["工资性收入"]] or 0) + 100 * (i % 9), 2)
        tot = wage + sum(float(f[C[m]] or 0) for m in money[1:]) - float(f[C["生产经营性支出"]] or 0)
        pc = "%.2f" % (tot / len(mem))
        for m in mem:
            r = list(m)
            for col in head[:C["姓名"]]: r[C[col]] = f[C[col]]
            r[C["户编号"]], r[C["行政区划代码"]], r[C["户状态"]] = nid, vil, st
            r[C["工资性收入"]], r[C["人均纯收入"]] = ("%.2f" % wage), pc
            w.writerow(r)
PY
expect_exit 0 "$KAOHE" import regions g/regions.csv --db g.db
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 --db g.db
expect_exit 0 "$KAOHE" import registry g2020.csv --year 2020 --db g.db
expect_exit 0 "$KAOHE" diff --from 2019 --to 2020 --db g.db --format json --list all -o g.json
python3 - <<'PY' || fail "generated county: kaohe diff against the reference"
import csv, json
from collections import Counter
from decimal import Decimal
def load(path):
    H, P = {}, {}
    for r in csv.DictReader(open(path, encoding="utf-8-sig")):
        h = H.setdefault(r["户编号"], {"v": r["行政区划代码"], "s": r["户状态"],
             "pc": int(Decimal(r["人均纯收入"]) * 100) if r["人均纯收入"] else None, "m": []})
        h["m"].append(r["证件号码"]); P[r["证件号码"]] = r["户编号"]
    return H, P
H1, P1 = load("g/registry.csv"); H2, P2 = load("g2020.csv")
pairs = {a: a for a in H1 if a in H2}
u1 = [a for a in H1 if a not in H2]; u2 = {b for b in H2 if b not in H1}
for a in u1:
    sh = Counter(P2[p] for p in H1[a]["m"] if p in P2 and P2[p] in u2)
    for b, n in sh.items():
        if 2 * n > len(H1[a]["m"]) and 2 * n > len(H2[b]["m"]): pairs[a] = b
back = {b: a for a, b in pairs.items()}
rows = [(a, pairs.get(a)) for a in H1] + [(None, b) for b in H2 if b not in back]
cats = {k: [] for k in ["new", "exited", "returned", "removed", "renumbered", "moved",
                        "members_added", "members_gone", "members_moved"]}
trans = Counter()
for a, b in rows:
    s1 = H1[a]["s"] if a else None; s2 = H2[b]["s"] if b else None
    n = len(H2[b]["m"]) if b else len(H1[a]["m"])
    trans[(s1, s2)] += 1
    both = a is not None and b is not None
    if a is None: cats["new"].append((a, b, n))
    if both and s1 in ("未脱贫", "返贫") and s2.startswith("已脱贫"): cats["exited"].append((a, b, n))
    if both and s1.startswith("已脱贫") and s2 == "返贫": cats["returned"].append((a, b, n))
    if (b is None or s2 == "清退") and s1 != "清退": cats["removed"].append((a, b, n))
    if both and a != b: cats["renumbered"].append((a, b, n))
    if both and H1[a]["v"] != H2[b]["v"]: cats["moved"].append((a, b, n))
for a in H1:
    b = pairs.get(a)
    for p in H1[a]["m"]:
        if p not in P2:
            if b: cats["members_gone"].append((p, a, b))
        elif P2[p] != b: cats["members_moved"].append((p, a, P2[p]))
for b in H2:
    if b in back:
        for p in H2[b]["m"]:
            if p not in P1: cats["members_added"].append((p, back[b], b))
d = json.load(open("g.json", encoding="utf-8"))
t = d["total"]
assert (t["households_from"], t["households_to"]) == (len(H1), len(H2))
assert (t["persons_from"], t["persons_to"]) == (len(P1), len(P2))
for k, v in cats.items():
    if k.startswith("members"):
        want = (len({x[2] for x in v}), len(v))
        got = {(x["id_no"], x["hh_id_from"], x["hh_id_to"]) for x in d["lists"][k]}
        assert got == set(v), (k, got ^ set(v))
    else:
        want = (len(v), sum(x[2] for x in v))
        got = {(x["hh_id_from"], x["hh_id_to"]) for x in d["lists"][k]}
        assert got == {(x[0], x[1]) for x in v}, k
    assert (t[k]["households"], t[k]["persons"]) == want, (k, t[k], want)
    assert want[1] > 0, ("the changes exercise every category", k)
assert Counter({(x["from"], x["to"]): x["households"] for x in d["transitions"]}) == trans
inc = [(H2[b]["v"], H1[a]["pc"], H2[b]["pc"]) for a, b in pairs.items()
       if H1[a]["pc"] is not None and H2[b]["pc"] is not None]
lower = lambda xs: sorted(xs)[(len(xs) - 1) // 2]
for lv, dg in [("province", 2), ("city", 4), ("county", 6), ("township", 9), ("village", 12)]:
    g = {}
    for v, x, y in inc: g.setdefault(v[:dg].ljust(12, "0"), []).append((x, y))
    want = {c: (len(xs), lower([x for x, _ in xs]), lower([y for _, y in xs]), lower([y - x for x, y in xs]))
            for c, xs in g.items()}
    got = {x["code"]: (x["households"], x["median_from"], x["median_to"], x["median_change"])
           for x in d["income"][lv]}
    assert got == want, (lv, got, want)
ti = t["income"]
assert (ti["households"], ti["median_change"]) == (len(inc), lower([y - x for _, x, y in inc]))
print("reference agrees:", {k: len(v) for k, v in cats.items()})
PY
exit 0
