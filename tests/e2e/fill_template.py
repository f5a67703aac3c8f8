#!/usr/bin/env python3
"""fill_template.py TEMPLATE.xlsx DATA.csv OUT.xlsx - fill a kaohe import
template the way a person does in Excel: the rows of DATA.csv typed under
the header, each cell in its column's format (a date typed into a date
column becomes Excel's serial day number in that style, an amount a
number, anything else text). Independent of kaohe: only zipfile and the
XML of the template's own parts."""
import csv
import datetime
import re
import sys
import zipfile
from xml.sax.saxutils import escape

tpl, data, out = sys.argv[1:4]
z = zipfile.ZipFile(tpl)
sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
styles = z.read("xl/styles.xml").decode("utf-8")
sst = z.read("xl/sharedStrings.xml").decode("utf-8")

# Number formats by style index (cellXfs order).
fmts = {int(m.group(1)): m.group(2) for m in re.finditer(
    r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles)}
xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
xf_fmt = [fmts.get(int(m.group(1)), "") for m in
          re.finditer(r'<xf numFmtId="(\d+)"', xfs)]
col_style = {}
for m in re.finditer(r'<col min="(\d+)" max="(\d+)"[^>]*style="(\d+)"', sheet):
    for c in range(int(m.group(1)), int(m.group(2)) + 1):
        col_style[c - 1] = int(m.group(3))
strings = [re.sub(r"<[^>]+>", "", s) for s in
           re.findall(r"<si>(.*?)</si>", sst, re.S)]
header = [strings[int(v)] for v in
          re.findall(r'<c r="[A-Z]+1"[^>]*t="s"[^>]*><v>(\d+)</v>', sheet)]


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


rows = list(csv.DictReader(open(data, encoding="utf-8-sig")))
xml = []
for k, r in enumerate(rows, 2):
    cells = []
    for c, name in enumerate(header):
        v = r.get(name, "")
        if v == "":
            continue
        s = col_style.get(c, 0)
        f = xf_fmt[s] if s < len(xf_fmt) else ""
        ref = "%s%d" % (col_name(c), k)
        try:
            d = datetime.date.fromisoformat(v) if "yy" in f else None
        except ValueError:  # a word in a date column (长期坚持) stays text
            d = None
        if d:
            cells.append('<c r="%s" s="%d"><v>%d</v></c>'
                         % (ref, s, (d - datetime.date(1899, 12, 30)).days))
        elif f in ("0.00", "0") and re.fullmatch(r"\d+(\.\d+)?", v):
            cells.append('<c r="%s" s="%d"><v>%s</v></c>' % (ref, s, v))
        else:
            cells.append('<c r="%s" s="%d" t="inlineStr"><is><t>%s</t></is></c>'
                         % (ref, s, escape(v)))
    xml.append('<row r="%d">%s</row>' % (k, "".join(cells)))
sheet = sheet.replace("</sheetData>", "".join(xml) + "</sheetData>", 1)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as o:
    for info in z.infolist():
        body = z.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            body = sheet.encode("utf-8")
        o.writestr(info, body)
assert header and rows, "nothing to fill"
