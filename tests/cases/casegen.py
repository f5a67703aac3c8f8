#!/usr/bin/env python3
"""casegen.py - what the generators of the assessment cases share
(make_assess.py, make_items.py): the ID numbers (GB 11643 check digit)
and the headers of regions.csv and registry.csv (spec registry-format.md
§1, §2)."""

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idno(region, birth, seq, male):
    seq = seq * 2 + (1 if male else 0)
    body = "%s%s%03d" % (region, birth.replace("-", ""), seq)
    s = sum(int(c) * w for c, w in zip(body, W))
    return body + "10X98765432"[s % 11]

REG_HDR = "区划代码,名称,上级代码,级别,西部地区,贫困县,贫困村,农业户籍人口,计划减贫人数".split(",")
HDR = ("户编号,行政区划代码,贫困户属性,主要致贫原因,识别年度,户状态,脱贫年度,"
       "工资性收入,生产经营性收入,财产性收入,转移性收入,其中低保金,其中特困供养金,"
       "生产经营性支出,人均纯收入,自付医疗费用,住房安全等级,饮水安全,易地扶贫搬迁,"
       "搬迁自筹金额,帮扶责任人,帮扶责任人证件号码,最近走访日期,帮扶措施,联系电话,"
       "姓名,证件号码,性别,出生日期,与户主关系,民族,文化程度,在校生状况,健康状况,"
       "劳动技能,务工状况,基本医疗保险,大病保险,基本养老保险,先诊疗后付费").split(",")
