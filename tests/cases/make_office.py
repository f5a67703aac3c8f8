#!/usr/bin/env python3
"""make_office.py - the registry of clean_utf8 written as county offices
really keep it (issue 13, docs/formats.md), for the office_* cases.

    python3 make_office.py            # from tests/cases: writes the files

- office_xlsx/registry.xlsx: a 说明 sheet first; on the second sheet
  (花名册) a merged title row, a merged unit-and-date row, then the header
  with units and notes in brackets, stars and aliases (户编号*,
  工资性收入（元）, 身份证号码, 户号 ...); the household columns of each
  household merged down its member rows (the value only in the top cell);
  dates as Excel serial numbers in date-formatted cells; numbers as number
  cells; ID numbers and codes as text. Only habits: it imports to the same
  data as clean_utf8/registry.csv, with warnings only.
- office_excel_ids/registry.xlsx: the same as a plain sheet, but the
  members' ID numbers typed into number cells (15 significant digits kept,
  as Excel does) and one written as Excel shows it, 5.33124E+17.
- office_gb18030/registry.csv: GB18030 (as Excel saves "CSV" on a Chinese
  Windows), a title row, units in the headers, full-width digits in
  numbers, dates and ID numbers, full-width spaces around names, and dates
  written 2019年10月1日 and 2019/10/1. Only habits again.
- office_sheets/registry.xlsx: a 说明 sheet, one sheet per village (拉影村,
  户弄村, each with a title row above the same header) and a 汇总 sheet:
  --all-sheets reads the villages as one file and names the sheet passed
  over; --sheet chooses one.

A small SpreadsheetML writer of its own (inline strings), independent of
kaohe's, with fixed timestamps: the same input gives the same bytes.
"""
import csv
import datetime
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

HOUSEHOLD_COLS = 25  # 户编号 .. 联系电话 (spec registry-format.md §2)
DATE_COLS = {"最近走访日期", "出生日期"}
NUMBER_COLS = {"识别年度", "脱贫年度", "工资性收入", "生产经营性收入",
               "财产性收入", "转移性收入", "其中低保金", "其中特困供养金",
               "生产经营性支出", "人均纯收入", "自付医疗费用", "搬迁自筹金额"}
# How the office heads its columns (the rest as the spec names them).
OFFICE_HEADER = {
    "户编号": "户编号*",
    "行政区划代码": "行政区划代码（村）",
    "识别年度": "识别年份",
    "工资性收入": "工资性收入（元）",
    "生产经营性收入": "生产经营性收入(元)",
    "财产性收入": "财产性收入 (元)",
    "转移性收入": "转移性收入（元）",
    "其中低保金": "低保金（元）",
    "人均纯收入": "人均纯收入（元/人）",
    "证件号码": "身份证号码",
    "姓名": "姓名*",
    "与户主关系": "与户主的关系",
    "最近走访日期": "最近走访日期【年月日】",
}


def read_clean():
    with open(os.path.join(HERE, "clean_utf8", "registry.csv"),
              encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def serial(iso):
    d = datetime.date.fromisoformat(iso)
    return (d - datetime.date(1899, 12, 30)).days


def sheet_xml(rows, merges=()):
    """rows: list of (sheet row number, [cell or None]); a cell is
    ("s", text) | ("n", number) | ("d", serial)."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/'
           'spreadsheetml/2006/main"><sheetData>']
    for rn, cells in rows:
        out.append('<row r="%d">' % rn)
        for ci, c in enumerate(cells):
            if c is None:
                continue
            ref = "%s%d" % (col_name(ci), rn)
            kind, v = c
            if kind == "s":
                out.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>'
                           % (ref, esc(v)))
            elif kind == "n":
                out.append('<c r="%s"><v>%s</v></c>' % (ref, v))
            elif kind == "d":
                out.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, v))
            elif kind == "e":  # an empty cell of a merged range
                out.append('<c r="%s" s="0"/>' % ref)
        out.append("</row>")
    out.append("</sheetData>")
    if merges:
        out.append('<mergeCells count="%d">' % len(merges))
        out.extend('<mergeCell ref="%s"/>' % m for m in merges)
        out.append("</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


def write_xlsx(path, sheets):
    """sheets: list of (name, sheet xml)."""
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/'
          'vnd.openxmlformats-package.relationships+xml"/><Default '
          'Extension="xml" ContentType="application/xml"/><Override '
          'PartName="/xl/workbook.xml" ContentType="application/vnd.'
          'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
          'openxmlformats-officedocument.spreadsheetml.styles+xml"/>']
    wb = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
          '2006/main" xmlns:r="http://schemas.openxmlformats.org/'
          'officeDocument/2006/relationships"><sheets>']
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships">']
    for i, (name, _) in enumerate(sheets, 1):
        ct.append('<Override PartName="/xl/worksheets/sheet%d.xml" '
                  'ContentType="application/vnd.openxmlformats-officedocument.'
                  'spreadsheetml.worksheet+xml"/>' % i)
        wb.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>'
                  % (esc(name), i, i))
        rels.append('<Relationship Id="rId%d" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/'
                    'worksheet" Target="worksheets/sheet%d.xml"/>' % (i, i))
    rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats'
                '.org/officeDocument/2006/relationships/styles" '
                'Target="styles.xml"/></Relationships>' % (len(sheets) + 1))
    ct.append("</Types>")
    wb.append("</sheets></workbook>")
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main"><fonts count="1"><font/></fonts>'
              '<fills count="1"><fill/></fills><borders count="1"><border/>'
              '</borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
              '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" '
              'applyNumberFormat="1"/></cellXfs></styleSheet>')
    root = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas'
            '.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    parts = [("[Content_Types].xml", "".join(ct)), ("_rels/.rels", root),
             ("xl/workbook.xml", "".join(wb)),
             ("xl/_rels/workbook.xml.rels", "".join(rels)),
             ("xl/styles.xml", styles)]
    parts += [("xl/worksheets/sheet%d.xml" % i, x)
              for i, (_, x) in enumerate(sheets, 1)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def typed(name, v):
    if v == "":
        return None
    if name in DATE_COLS:
        return ("d", serial(v))
    if name in NUMBER_COLS:
        return ("n", v)
    return ("s", v)


def office_xlsx(header, data):
    ncol = len(header)
    last = col_name(ncol - 1)
    rows = [(1, [("s", "某某县建档立卡贫困人口花名册")] + [("e", "")] * (ncol - 1)),
            (2, [("s", "填报单位：某某乡\u3000\u3000填报日期：2019年12月31日")]
             + [("e", "")] * (ncol - 1)),
            (3, [("s", OFFICE_HEADER.get(h, h)) for h in header])]
    merges = ["A1:%s1" % last, "A2:%s2" % last]
    rn = 4
    i = 0
    while i < len(data):
        j = i
        while j < len(data) and data[j][0] == data[i][0]:
            j += 1
        for k in range(i, j):
            cells = []
            for c, name in enumerate(header):
                if c < HOUSEHOLD_COLS and k > i:
                    cells.append(("e", ""))  # merged: the top cell holds it
                else:
                    cells.append(typed(name, data[k][c]))
            rows.append((rn + k - i, cells))
        if j - i > 1:
            for c in range(HOUSEHOLD_COLS):
                merges.append("%s%d:%s%d" % (col_name(c), rn, col_name(c),
                                              rn + j - i - 1))
        rn += j - i
        i = j
    notes = [(1, [("s", "填表说明")]),
             (2, [("s", "1. 每位家庭成员一行，户的信息写在户主一行。")]),
             (3, [("s", "2. 身份证号码请设为文本格式。")])]
    write_xlsx(os.path.join(HERE, "office_xlsx", "registry.xlsx"),
               [("说明", sheet_xml(notes)),
                ("花名册", sheet_xml(rows, merges))])


def excel_ids(header, data):
    idc = header.index("证件号码")
    rows = [(1, [("s", h) for h in header])]
    for k, r in enumerate(data):
        cells = [typed(name, v) for name, v in zip(header, r)]
        v = r[idc]
        if k == 0:
            cells[idc] = ("s", "%.5E" % float(v))  # as shown: 5.33124E+17
        elif v[-1] != "X":
            cells[idc] = ("n", "%.14E" % float(v))  # the 15 digits kept
        rows.append((k + 2, cells))
    write_xlsx(os.path.join(HERE, "office_excel_ids", "registry.xlsx"),
               [("Sheet1", sheet_xml(rows))])


def village_sheets(header, data):
    """One sheet per village (a title row each), a 说明 sheet first and a
    汇总 sheet last: --all-sheets reads the villages as one file."""
    sheets = [("说明", sheet_xml([(1, [("s", "每个村一个工作表")])]))]
    vc = header.index("行政区划代码")
    names = {"533124100201": "拉影村", "533124100202": "户弄村"}
    for code, name in names.items():
        rows = [(1, [("s", name + "建档立卡花名册")]),
                (2, [("s", h) for h in header])]
        for r in (r for r in data if r[vc] == code):
            rows.append((len(rows) + 1,
                         [typed(n, v) for n, v in zip(header, r)]))
        sheets.append((name, sheet_xml(rows)))
    sheets.append(("汇总", sheet_xml([(1, [("s", "村"), ("s", "户数")]),
                                      (2, [("s", "拉影村"), ("n", "1")]),
                                      (3, [("s", "户弄村"), ("n", "1")])])))
    write_xlsx(os.path.join(HERE, "office_sheets", "registry.xlsx"), sheets)


def wide(s):
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch
                   for ch in s)


def office_gb18030(header, data):
    out = [["某某县建档立卡贫困户信息表"] + [""] * (len(header) - 1),
           [OFFICE_HEADER.get(h, h) for h in header]]
    for k, r in enumerate(data):
        row = list(r)
        for c, name in enumerate(header):
            v = row[c]
            if not v:
                continue
            if name == "证件号码" or name == "工资性收入":
                row[c] = wide(v)
            elif name == "最近走访日期":
                y, m, d = v.split("-")
                row[c] = "%s年%d月%d日" % (wide(y), int(m), int(d))
            elif name == "出生日期":
                y, m, d = v.split("-")
                row[c] = "%s/%d/%d" % (y, int(m), int(d))
            elif name == "姓名" and k % 2 == 0:
                row[c] = "\u3000" + v + "\u3000"
        out.append(row)
    path = os.path.join(HERE, "office_gb18030", "registry.csv")
    with open(path, "w", encoding="gb18030", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(out)


def main():
    header, data = read_clean()
    for d in ("office_xlsx", "office_excel_ids", "office_gb18030",
              "office_sheets"):
        os.makedirs(os.path.join(HERE, d), exist_ok=True)
    office_xlsx(header, data)
    excel_ids(header, data)
    office_gb18030(header, data)
    village_sheets(header, data)


if __name__ == "__main__":
    main()
