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
exit 0
