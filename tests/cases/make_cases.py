#!/usr/bin/env python3
# make_cases.py DIR - writes the input files, cmd and exit of the data-driven
# cases. The expected outputs were produced by kaohe and checked by hand
# against docs/findings.md; when a case is added, review its expected file
# line by line before committing it.
import os, sys
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
def chk(d17): return "10X98765432"[sum(int(a)*b for a,b in zip(d17,W))%11]
def idn(birth, seq, region="533124"):
    d=region+birth+seq; return d+chk(d)
REGIONS="""区划代码,名称,上级代码,级别,西部地区,贫困县,贫困村,农业户籍人口,计划减贫人数
530000000000,云南省,,省,是,,,,
533100000000,德宏州,530000000000,市,,,,,
533124000000,陇川县,533100000000,县,,是,,,100
533124100000,章凤镇,533124000000,乡,,,,,
533124100201,拉影村,533124100000,村,,,是,1200,
533124100202,户弄村,533124100000,村,,,否,800,
"""
HDR="户编号,行政区划代码,贫困户属性,主要致贫原因,识别年度,户状态,脱贫年度,工资性收入,生产经营性收入,财产性收入,转移性收入,其中低保金,其中特困供养金,生产经营性支出,人均纯收入,自付医疗费用,住房安全等级,饮水安全,易地扶贫搬迁,搬迁自筹金额,帮扶责任人,帮扶责任人证件号码,最近走访日期,帮扶措施,联系电话,姓名,证件号码,性别,出生日期,与户主关系,民族,文化程度,在校生状况,健康状况,劳动技能,务工状况,基本医疗保险,大病保险,基本养老保险,先诊疗后付费".split(",")
HELPER=idn("19800101","123")
EN=dict(zip("hh_id village hh_type cause year_in status year_out inc_wage inc_business inc_property inc_transfer inc_dibao inc_tekun exp_business income_pc med_oop housing water_safe relocated reloc_self helper helper_id last_visit measures phone name id_no sex birth relation ethnicity education schooling health labour work ins_med ins_serious ins_pension treat_first".split(),HDR))
def hh(hid, village="533124100201", **kw):
    kw={EN.get(k,k):v for k,v in kw.items()}
    d=dict(zip(HDR[:25],[hid,village,"一般贫困户","因病","2014","已脱贫(享受政策)","2017","8000","2000","0","1600","0","0","400","5600","300","B","是","否","","张帮扶",HELPER,"2019-10-01","产业扶持；健康扶贫","13812345678"]))
    d.update(kw); return d
def mem(name, idno, sex, birth, rel, **kw):
    kw={EN.get(k,k):v for k,v in kw.items()}
    d=dict(zip(HDR[25:],[name,idno,sex,birth,rel,"傣族","小学","非在校生","健康","普通劳动力","县内务工","是","是","是","是"]))
    d.update(kw); return d
def row(h,m,over=None):
    r=dict(h); r.update(m)
    if over: r.update(over)
    return r
def write(path, rows, header=HDR, enc="utf-8", nl="\n", bom=False):
    def q(v):
        v=str(v)
        return '"'+v.replace('"','""')+'"' if any(c in v for c in ',"\n\r') else v
    lines=[",".join(q(x) for x in header)]+[",".join(q(r.get(k,"")) for k in header) for r in rows]
    data=nl.join(lines)+nl
    b=data.encode(enc)
    if bom: b=b"\xef\xbb\xbf"+b
    open(path,"wb").write(b)
def case(name, cmd, files, exitcode):
    d=os.path.join(sys.argv[1], name); os.makedirs(d, exist_ok=True)
    for fn,content in files.items():
        if isinstance(content, bytes): open(os.path.join(d,fn),"wb").write(content)
        elif isinstance(content, str): open(os.path.join(d,fn),"w",encoding="utf-8").write(content)
        else: content(os.path.join(d,fn))
    open(os.path.join(d,"cmd"),"w").write(cmd+"\n")
    open(os.path.join(d,"exit"),"w").write(str(exitcode)+"\n")
A=hh("H001"); A1=mem("李大",idn("19700505","011"),"男","1970-05-05","户主"); A2=mem("王二",idn("19720303","022"),"女","","配偶")
clean=[row(A,A1),row(A,A2)]
B=hh("H002",village="533124100202",hh_type="低保贫困户",cause="因残",status="未脱贫",year_out="",inc_wage="0",inc_business="0",inc_transfer="4200",inc_dibao="3600",exp_business="0",income_pc="4200",housing="C",measures="兜底保障")
B1=mem("岩温",idn("19500101","031"),"男","1950-01-01","户主",health="残疾",labour="丧失劳动力",work="非务工")
clean.append(row(B,B1))
case("clean_utf8","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,clean)},0)
case("clean_gb18030_crlf","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,clean,enc="gb18030",nl="\r\n")},0)
case("clean_utf8_bom_text","check regions.csv registry.csv",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,clean,bom=True)},0)
# national codes
codes=[row(A,A1,{"贫困户属性":"01","主要致贫原因":"1","户状态":"1","与户主关系":"01","性别":"1"}),row(A,A2,{"贫困户属性":"01","主要致贫原因":"1","户状态":"1","与户主关系":"02","性别":"2"}),row(B,B1,{"贫困户属性":"02","主要致贫原因":"2","户状态":"0"})]
case("national_codes","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,codes)},0)
# header problems
case("header_missing","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,clean,header=[h for h in HDR if h!="证件号码"])},1)
case("header_duplicate","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,clean,header=HDR+["姓名"])},1)
case("column_unknown_absent","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,[dict(r,备注="x") for r in clean],header=[h for h in HDR if h!="先诊疗后付费"]+["备注"])},0)
# ID rules
C=hh("H003", income_pc="")
idrows=[row(A,A1),row(A,A2),
 row(C,mem("甲",idn("19800101","051"),"男","1980-01-01","户主")),
 row(C,mem("乙","53312419800101005","男","","之子")),                       # id_format
 row(C,mem("丙",idn("19801301","071"),"男","","之子")),                     # id_birth (month 13)
 row(C,mem("丁",idn("19800101","091")[:17]+("0" if idn("19800101","091")[17]!="0" else "1"),"男","","之子")), # id_checksum
 row(C,mem("戊",idn("19700505","011"),"男","1970-05-05","之父")),           # id_duplicate of A1
 row(C,mem("己",idn("19900101","111"),"女","","之女")),                     # sex_mismatch (111 odd → 男)
 row(C,mem("庚",idn("19900101","122"),"女","1990-01-02","之女")),           # birth_mismatch
 row(C,mem("辛",idn("20210101","132"),"女","","之女")),                     # id_birth: after reference date 2019-12-31
]
case("id_rules","check regions.csv registry.csv --year 2019 --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,idrows)},1)
# household rules
D=lambda hid, **kw: hh(hid, **kw)
hrows=[]
def two(hid, h=None, m2=None, **kw):
    H=hh(hid, **kw) if h is None else h
    s=str(abs(hash(hid))%900+100)
    hrows.append(row(H,mem("户主"+hid,idn("19700101",hid[2:4]+"1"),"男","","户主")))
    hrows.append(row(H,m2 or mem("配偶"+hid,idn("19710101",hid[2:4]+"2"),"女","","配偶")))
two("H011", income_pc="5601.01")   # income_mismatch (1.01 off)
two("H012", income_pc="5601.00")   # exactly 1.00 off: ok
two("H013", inc_dibao="2000")      # dibao > transfer 1600
two("H014", inc_dibao="1000", inc_tekun="700")  # tekun > transfer - dibao
two("H015", year_in="2018", year_out="2016")    # year_order
two("H016", year_out="")                        # exit_year_missing
two("H017", village="533124100299")             # village_unknown
two("H018", village="533124100000")             # village_level
two("H019", m2=mem("配偶H019",idn("19710101","192"),"女","","户主"))  # head_count 2
H20=hh("H020")
hrows.append(row(H20,mem("户主H020",idn("19700101","201"),"男","","户主")))
hrows.append(row(H20,mem("配偶H020",idn("19710101","202"),"女","","配偶"),{"帮扶责任人":"李帮扶","饮水安全":"1"}))  # hh_inconsistent on helper only (是 == 1)
two("H021", reloc_self="5000")   # reloc_self_unexpected (warning)
case("household_rules","check regions.csv registry.csv --year 2019 --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,hrows)},1)
# value rules
vrows=[]
def one(hid, hover=None, mover=None):
    H=hh(hid, income_pc="", **(hover or {}))
    vrows.append(row(H,mem("户主"+hid,idn("19700101",hid[2:4]+"1"),"男","","户主",**(mover or {}))))
one("H031", {"贫困户属性":"贫困户"})             # value_enum
one("H032", {"主要致贫原因":""})                  # value_required
one("H033", {"工资性收入":"8千"})                 # value_number
one("H034", {"识别年度":"2030"})                  # value_number (after year)
one("H035", {"最近走访日期":"2019-02-30"})        # value_date
one("H036", {"最近走访日期":"2020-07-01"})        # visit_future (today 2020-06-30) — but also... ok
one("H037", {"联系电话":"1381234567"})            # phone_format
one("H038", {"帮扶责任人证件号码":HELPER[:17]+("1" if HELPER[17]!="1" else "2")})  # helper_id_checksum
one("H039", {"帮扶措施":"产业扶持；发钱"})         # value_enum item
one("H040", {"行政区划代码":"5331241002"})        # value_code
one("H041", None, {"性别":"M"})                   # value_enum member
one("H042", None, {"出生日期":"1970/01/01"})      # fine (alt separator) -> no finding
one("H043", {"联系电话":"0692-4123456"})          # landline ok
case("value_rules","check regions.csv registry.csv --year 2019 --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,vrows)},1)
# non-adjacent household rows
na=[row(A,A1),row(B,B1),row(A,A2, {"帮扶责任人":"别人"})]
case("scattered_household","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,na)},1)
# regions rules
BADREG=REGIONS+"""533124100201,重复村,533124100000,村,,,是,100,
533124100203,孤村,533124200000,村,,,否,100,
533124100204,错级村,533124100000,乡,,,否,100,
533124100205,跳级村,533124000000,村,,,否,100,
533100100000,怪码,533100000000,乡,,,,,
"""
case("region_rules","check regions.csv --format json",{"regions.csv":BADREG},1)
# bad input
case("empty_file","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":b""},1)
case("header_only","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":(",".join(HDR)+"\n").encode()},1)
def unbalanced(p):
    write(p,clean); s=open(p,encoding="utf-8").read().split("\n"); s[1]=s[1].replace("李","\"李",1); open(p,"w",encoding="utf-8").write("\n".join(s))
case("quote_unbalanced","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":unbalanced},1)
def nul(p):
    write(p,clean); b=open(p,"rb").read(); i=b.index("王二".encode()); open(p,"wb").write(b[:i]+b"\x00"+b[i:])
case("nul_byte","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":nul},1)
case("binary_junk","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":bytes(range(256))*40},1)
def truncated(p):
    write(p,clean); b=open(p,"rb").read().rstrip(b"\n"); i=b.rindex(b"533124195001010311"); open(p,"wb").write(b[:i+18])
case("truncated_last_line","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":truncated},1)
def mixed(p):
    write(p,clean); b=open(p,"rb").read(); i=b.index("王二".encode()); open(p,"wb").write(b[:i]+"王二".encode("gb18030")+b[i+6:])
case("mixed_encoding","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":mixed},1)
case("quoted_newlines","check regions.csv registry.csv --format json",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,[row(A,A1,{"帮扶责任人":"张,\"老\"\n帮扶"}),row(A,A2,{"帮扶责任人":"张,\"老\"\n帮扶"}),row(B,B1,{"性别":"X"})])},1)
case("text_en","check regions.csv registry.csv --year 2019 --lang en",{"regions.csv":REGIONS,"registry.csv":lambda p: write(p,idrows)},1)
case("usage_no_args","check",{},2)
case("missing_file","check nosuch.csv",{},2)
