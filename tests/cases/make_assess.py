#!/usr/bin/env python3
"""make_assess.py - write the small province of the assessment cases
(tests/cases/assess_*): regions.csv and registry.csv, three cities and
five counties, four one-person households a county, chosen so that every
indicator the presets read is a simple fraction. The hand computation of
every point is in tests/cases/assess_hebei/README.md and
tests/cases/assess_central/README.md. Run from the repository root."""
import csv, os

from casegen import HDR, REG_HDR, idno

# county code, name, city, poor county, plan
COUNTIES = [
    ("130101", "甲一县", "130100", "是", 3),
    ("130102", "甲二县", "130100", "否", 2),
    ("130201", "乙一县", "130200", "是", 4),
    ("130202", "乙二县", "130200", "否", 4),
    ("130301", "丙一县", "130300", "是", 1),
]
regions = [("130000000000", "示范省", "", "省", "否", "", "", "", ""),
           ("130100000000", "甲市", "130000000000", "市", "", "", "", "", ""),
           ("130200000000", "乙市", "130000000000", "市", "", "", "", "", ""),
           ("130300000000", "丙市", "130000000000", "市", "", "", "", "", "")]
for code, name, city, poor, plan in COUNTIES:
    regions += [(code + "000000", name, city + "000000", "县", "", poor, "", "", str(plan)),
                (code + "100000", name[:2] + "镇", code + "000000", "乡", "", "", "", "", ""),
                (code + "100201", name[:2] + "村", code + "100000", "村", "", "", "是", "100", "")]

Y, N = "是", "否"
VIS, OLD = "2019-12-01", "2019-06-01"
EX, PO = "已脱贫(享受政策)", "未脱贫"
# per county: (status, income, visit, 基本医疗, 大病, 先诊疗后付费)
HH = {
    "130101": [(EX, 5000, VIS, Y, Y, Y), (EX, 6000, VIS, Y, Y, Y),
               (EX, 7000, VIS, Y, Y, N), (PO, 2000, OLD, Y, N, N)],
    "130102": [(EX, 4000, VIS, Y, Y, Y), (EX, 4000, VIS, Y, Y, Y),
               (PO, 2000, VIS, Y, Y, Y), (PO, 2000, VIS, N, N, N)],
    "130201": [(EX, 3000, VIS, Y, Y, Y), (EX, 3000, VIS, Y, Y, Y),
               (PO, 2000, VIS, Y, Y, Y), (PO, 2000, VIS, Y, Y, Y)],
    "130202": [(EX, 8000, VIS, Y, Y, Y), (EX, 8000, VIS, Y, Y, Y),
               (EX, 8000, OLD, Y, Y, Y), (PO, 2000, OLD, Y, Y, N)],
    "130301": [(EX, 5000, VIS, Y, Y, Y), (PO, 3000, VIS, Y, Y, Y),
               (PO, 3000, VIS, Y, Y, Y), (PO, 3000, VIS, Y, Y, Y)],
}
rows = []
seq = 0
for county, hhs in HH.items():
    for k, (status, income, visit, med, ser, tf) in enumerate(hhs, 1):
        seq += 1
        hid = "%s-%d" % (county, k)
        head = [hid, county + "100201", "一般贫困户", "缺资金", "2014", status,
                "2019" if status == EX else "", str(income), "", "", "", "", "",
                "", str(income), "0", "A", Y, N, "", "", "", visit, "产业扶持", ""]
        mem = ["户主%d" % seq, idno(county, "1970-01-01", seq, True), "男",
               "1970-01-01", "户主", "汉族", "小学", "非在校生", "健康",
               "普通劳动力", "非务工", med, ser, Y, tf]
        rows.append(head + mem)

for case in ("assess_hebei", "assess_central"):
    d = os.path.join("tests", "cases", case)
    with open(os.path.join(d, "regions.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(REG_HDR)
        w.writerows(regions)
    with open(os.path.join(d, "registry.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HDR)
        w.writerows(rows)
