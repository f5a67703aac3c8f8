#!/usr/bin/env python3
"""make_items.py - write the small province of the cases for the items
issue #14 (defect 4) added to the presets: assess_item_growth,
assess_item_village_exit, assess_item_county_exit, assess_item_wrong_in,
assess_item_dibao. Two cities, three counties, four villages, eleven
one-person households in 2019 (eight of them in 2018 as well), chosen so
that every new indicator is a small fraction; the hand computation is in
each case's README.md. Run from the repository root."""
import csv, os

from casegen import HDR, REG_HDR, idno

REGIONS = [
    ("130000000000", "示范省", "", "省", "否", "", "", "", ""),
    ("130100000000", "甲市", "130000000000", "市", "", "", "", "", ""),
    ("130200000000", "乙市", "130000000000", "市", "", "", "", "", ""),
    # 甲一县: a 贫困县 whose second village has no 农业户籍人口
    ("130101000000", "甲一县", "130100000000", "县", "", "是", "", "", "2"),
    ("130101100000", "甲一镇", "130101000000", "乡", "", "", "", "", ""),
    ("130101100201", "甲一村", "130101100000", "村", "", "", "是", "100", ""),
    ("130101100202", "甲一二村", "130101100000", "村", "", "", "否", "", ""),
    ("130102000000", "甲二县", "130100000000", "县", "", "否", "", "", "1"),
    ("130102100000", "甲二镇", "130102000000", "乡", "", "", "", "", ""),
    ("130102100201", "甲二村", "130102100000", "村", "", "", "是", "100", ""),
    # 乙一县: 西部地区, so its village and itself exit below 3%
    ("130201000000", "乙一县", "130200000000", "县", "是", "是", "", "", "1"),
    ("130201100000", "乙一镇", "130201000000", "乡", "", "", "", "", ""),
    ("130201100201", "乙一村", "130201100000", "村", "", "", "是", "100", ""),
]

PO, EX, QT = "未脱贫", "已脱贫(享受政策)", "清退"
YB, DB, TK = "一般贫困户", "低保贫困户", "特困供养贫困户"
# 户编号 suffix, village, type, status, 识别年度, 脱贫年度, income 2019,
# 低保金, 特困供养金 (None: empty), housing, income 2018 (None: not in
# 2018; "": in 2018 without 人均纯收入), status 2018
HH = [
    ("甲一-1", "130101100201", DB, PO, 2014, "", 2000, 0, None, "A", 1800, PO),
    ("甲一-2", "130101100201", YB, EX, 2014, 2019, 6000, None, None, "A", 5000, PO),
    ("甲一-3", "130101100201", YB, PO, 2019, "", 5000, None, None, "A", None, None),
    ("甲一-4", "130101100201", DB, EX, 2014, 2018, 4000, 1200, None, "A", 4000, EX),
    ("甲一-5", "130101100202", YB, QT, 2014, "", 9000, None, None, "A", 8000, PO),
    ("甲二-1", "130102100201", TK, EX, 2014, 2019, 3500, None, None, "A", 3000, PO),
    ("甲二-2", "130102100201", YB, PO, 2019, "", 2000, None, None, "A", None, None),
    ("乙一-1", "130201100201", YB, PO, 2015, "", 2500, None, None, "A", 2500, PO),
    ("乙一-2", "130201100201", DB, EX, 2015, 2019, 4200, 500, None, "A", "", PO),
    ("乙一-3", "130201100201", DB, EX, 2015, 2019, 4400, 600, None, "A", 4000, PO),
    ("乙一-4", "130201100201", TK, PO, 2019, "", 3600, None, 800, "C", None, None),
]

def row(seq, h, year):
    suffix, village, typ, status, yin, yout, inc, dibao, tekun, housing, inc18, st18 = h
    if year == 2018:
        status, inc = st18, inc18
        yout = 2018 if status == EX else ""
    if inc == "":
        dibao = tekun = None
    transfer = (dibao or 0) + (tekun or 0)
    wage = "" if inc == "" else str(inc - transfer)
    cell = lambda v: "" if v is None else str(v)
    head = ["H" + suffix, village, typ, "缺资金", str(yin), status, str(yout),
            wage, "", "", str(transfer) if transfer or dibao is not None or tekun is not None else "",
            cell(dibao), cell(tekun), "", "" if inc == "" else str(inc), "0",
            housing, "是", "否", "", "", "", "2019-12-01", "产业扶持", ""]
    county = village[:6]
    mem = ["户主%d" % seq, idno(county, "1970-01-01", seq, True), "男",
           "1970-01-01", "户主", "汉族", "小学", "非在校生", "健康",
           "普通劳动力", "非务工", "是", "是", "是", "是"]
    return head + mem

# The 2018 snapshot has the households with a 2018 status.
def registry(year):
    out = []
    for seq, h in enumerate(HH, 1):
        if year == 2018 and h[11] is None:
            continue
        out.append(row(seq, h, year))
    return out

INPUT_HDR = ["区划代码", "名称", "daily", "wrong_exit", "missed", "recognition",
             "fund_score", "fund_cases", "innovation", "prohibited",
             "veto_funds", "veto_fake_exit", "veto_discipline"]
INPUTS = [
    ("130100000000", "甲市", "9", "1%", "1%", "95%", "100", "0", "0", "0", "0", "0", "0"),
    ("130200000000", "乙市", "9", "1%", "1%", "95%", "100", "0", "0", "0", "0", "0", "0"),
    ("130101000000", "甲一县", "/", "1%", "1%", "95%", "100", "/", "/", "/", "/", "/", "/"),
    ("130102000000", "甲二县", "/", "1%", "1%", "95%", "100", "/", "/", "/", "/", "/", "/"),
    ("130201000000", "乙一县", "/", "1%", "1%", "95%", "100", "/", "/", "/", "/", "/", "/"),
]

def write(path, hdr, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(hdr)
        w.writerows(rows)

for case in ("assess_item_growth", "assess_item_village_exit",
             "assess_item_county_exit", "assess_item_wrong_in",
             "assess_item_dibao"):
    d = os.path.join("tests", "cases", case)
    os.makedirs(d, exist_ok=True)
    write(os.path.join(d, "regions.csv"), REG_HDR, REGIONS)
    write(os.path.join(d, "registry2019.csv"), HDR, registry(2019))
    write(os.path.join(d, "inputs.csv"), INPUT_HDR, INPUTS)
    if case == "assess_item_growth":
        write(os.path.join(d, "registry2018.csv"), HDR, registry(2018))
