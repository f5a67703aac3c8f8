#!/usr/bin/env python3
"""make.py - writes the inputs of the hand-computed sampling case: two
counties, five villages (four drawn), a few one- and two-person
households per village. calc.md works the estimates out by hand."""
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idn(region, birth, seq):
    d = "%s%s%03d" % (region, birth, seq)
    return d + "10X98765432"[sum(int(a) * b for a, b in zip(d, W)) % 11]

HDR = ("户编号,行政区划代码,贫困户属性,主要致贫原因,识别年度,户状态,脱贫年度,"
       "工资性收入,生产经营性收入,财产性收入,转移性收入,其中低保金,其中特困供养金,"
       "生产经营性支出,人均纯收入,自付医疗费用,住房安全等级,饮水安全,易地扶贫搬迁,"
       "搬迁自筹金额,帮扶责任人,帮扶责任人证件号码,最近走访日期,帮扶措施,联系电话,"
       "姓名,证件号码,性别,出生日期,与户主关系,民族,文化程度,在校生状况,健康状况,"
       "劳动技能,务工状况,基本医疗保险,大病保险,基本养老保险,先诊疗后付费")
# village: (exited household sizes, poor household sizes, roster sizes)
V = {
    "533124100201": ([1, 2, 2], [1], [2, 3]),
    "533124100202": ([2, 1], [], [2]),
    "533124100203": ([1], [1], [2]),
    "533125100201": ([2, 2], [1], [1, 2]),
    "533125100202": ([1, 2, 1], [], [2, 2, 1]),
}
reg = [HDR]
ros = ["户编号,行政区划代码,户主姓名,户主证件号码,家庭人口"]
seq = 0
for v, (ex, po, ro) in V.items():
    n = 0
    for kind, sizes in (("E", ex), ("P", po)):
        for size in sizes:
            n += 1
            hid = "%s%s%d" % (v, kind, n)
            status, yout = ("已脱贫(享受政策)", "2018") if kind == "E" else ("未脱贫", "")
            for k in range(size):
                seq += 1
                rel = "户主" if k == 0 else "配偶"
                sex = "男" if k == 0 else "女"
                idno = idn(v[:6], "19700101" if k == 0 else "19710101", seq * 2 + (1 if k == 0 else 0))
                reg.append(",".join([hid, v, "一般贫困户", "缺资金", "2015", status, yout,
                    str(8000 * size), "0", "0", "0", "0", "0", "0", "8000", "0", "B", "是", "否", "",
                    "", "", "", "", "", "%s%d" % (hid, k), idno, sex, "", rel, "汉族", "小学",
                    "非在校生", "健康", "普通劳动力", "县内务工", "是", "是", "是", "是"]))
    for i, size in enumerate(ro):
        seq += 1
        ros.append("R%s%d,%s,花名册%d,%s,%d" % (v, i + 1, v, seq, idn(v[:4] + "00", "19600101", seq), size))
open("registry.csv", "w", encoding="utf-8").write("\n".join(reg) + "\n")
open("roster.csv", "w", encoding="utf-8").write("\n".join(ros) + "\n")
open("regions.csv", "w", encoding="utf-8").write("""区划代码,名称,上级代码,级别,西部地区,贫困县,贫困村,农业户籍人口,计划减贫人数
530000000000,云南省,,省,是,,,,
533100000000,德宏州,530000000000,市,,,,,
533124000000,甲县,533100000000,县,,是,,,
533124100000,甲镇,533124000000,乡,,,,,
533124100201,甲一村,533124100000,村,,,,,
533124100202,甲二村,533124100000,村,,,,,
533124100203,甲三村,533124100000,村,,,,,
533125000000,乙县,533100000000,县,,是,,,
533125100000,乙镇,533125000000,乡,,,,,
533125100201,乙一村,533125100000,村,,,,,
533125100202,乙二村,533125100000,村,,,,,
""")
