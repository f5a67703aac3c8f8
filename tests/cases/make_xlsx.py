#!/usr/bin/env python3
"""make_xlsx.py - write a CSV file as an Office Open XML (.xlsx) workbook.

    python3 make_xlsx.py [--inline COLS] [--numbers COLS] [--dates COLS]
                         [--sheet NAME] IN.csv OUT.xlsx

A small, dependency-free SpreadsheetML writer (ECMA-376 Part 1) for the
test cases, independent of kaohe's own XLSX writer, so that the reader is
tested against a file kaohe did not make. The package holds the minimum a
workbook needs: [Content_Types].xml, the package and workbook
relationships, xl/workbook.xml with one sheet, xl/styles.xml,
xl/sharedStrings.xml and xl/worksheets/sheet1.xml.

Cells are written as Excel writes them:

- text goes to the shared string table (t="s"), except in the --inline
  columns, where it is an inline string (t="inlineStr", <is><t>);
- in the --numbers columns, a plain decimal is a number cell (<v> only);
- in the --dates columns, a YYYY-MM-DD date is a number cell holding the
  Excel serial day (1900 date system) in cell style 1, whose number format
  is the built-in short date, numFmtId 14.

Only values that read back as the same text become numbers or dates (the
rules are make_xls.py's); anything else stays text. Text escapes what XML
cannot carry (control characters, CR) as _xHHHH_, and a literal _xHHHH_ as
_x005F_xHHHH_, as Excel does. Rows keep their CSV position (CSV row N is
sheet row N); empty cells and empty rows are not written. The archive is
deflated with fixed timestamps, so the same CSV gives the same bytes.

COLS is a comma-separated list of header names or 1-based column numbers.

The cases were made with (from tests/cases):

    python3 make_xlsx.py --inline 姓名,证件号码 --numbers 工资性收入
        --dates 最近走访日期 id_rules/registry.csv xlsx_id_rules/registry.xlsx   (one line)
    # xlsx_corrupt/registry.xlsx: the first half of that file's bytes
    head -c 2416 xlsx_id_rules/registry.xlsx > xlsx_corrupt/registry.xlsx
"""
import argparse
import re
import sys
import zipfile

from make_xls import column_set, date_serial, number_value, read_csv

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = NS_REL + "/"
CT_PREFIX = "application/vnd.openxmlformats-officedocument.spreadsheetml."

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

STYLE_DATE = 1  # index into cellXfs: numFmtId 14
NUMFMT_SHORT_DATE = 14
MAX_ROWS = 1048576
MAX_COLS = 16384

# What XML 1.0 cannot carry, plus CR (a parser turns it into LF).
NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x0c\x0d\x0e-\x1f\ufffe\uffff]")
LITERAL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def col_letters(col):
    """Column letters of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def xml_text(text):
    """Text as element content: OOXML _xHHHH_ escapes, then XML escapes."""
    text = LITERAL_ESCAPE.sub(r"_x005F_\1", text)
    text = NEEDS_ESCAPE.sub(lambda m: "_x%04X_" % ord(m.group()), text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text):
    return xml_text(text).replace('"', "&quot;")


def t_element(text):
    """A <t> element, keeping leading and trailing white space."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return "<t%s>%s</t>" % (space, xml_text(text))


def content_types():
    parts = [("/xl/workbook.xml", "sheet.main+xml"),
             ("/xl/worksheets/sheet1.xml", "worksheet+xml"),
             ("/xl/styles.xml", "styles+xml"),
             ("/xl/sharedStrings.xml", "sharedStrings+xml")]
    return (XML_DECL + '<Types xmlns="%s">' % NS_TYPES
            + '<Default Extension="rels" ContentType="application/'
              'vnd.openxmlformats-package.relationships+xml"/>'
            + '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join('<Override PartName="%s" ContentType="%s%s"/>'
                      % (name, CT_PREFIX, ct) for name, ct in parts)
            + "</Types>")


def relationships(rels):
    """A relationships part from (id, type, target) triples."""
    return (XML_DECL + '<Relationships xmlns="%s">' % NS_PKG_REL
            + "".join('<Relationship Id="%s" Type="%s%s" Target="%s"/>'
                      % (rid, REL_TYPE, rtype, target)
                      for rid, rtype, target in rels)
            + "</Relationships>")


def workbook(sheet_name):
    return (XML_DECL + '<workbook xmlns="%s" xmlns:r="%s">' % (NS_MAIN, NS_REL)
            + '<workbookPr date1904="false"/>'
            + '<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets>'
              % xml_attr(sheet_name)
            + "</workbook>")


def styles():
    """One font, the two fills every workbook has, one border; cell style 0
    is General, cell style 1 the built-in short date."""
    xf = '<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"%s/>'
    return (XML_DECL + '<styleSheet xmlns="%s">' % NS_MAIN
            + '<fonts count="1"><font><sz val="11"/><name val="宋体"/>'
              '<family val="2"/><charset val="134"/></font></fonts>'
            + '<fills count="2"><fill><patternFill patternType="none"/></fill>'
              '<fill><patternFill patternType="gray125"/></fill></fills>'
            + '<borders count="1"><border><left/><right/><top/><bottom/>'
              '<diagonal/></border></borders>'
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0"'
              ' borderId="0"/></cellStyleXfs>'
            + '<cellXfs count="2">' + xf % (0, "")
            + xf % (NUMFMT_SHORT_DATE, ' applyNumberFormat="1"') + "</cellXfs>"
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0"'
              ' builtinId="0"/></cellStyles>'
            + "</styleSheet>")


def shared_strings(strings, refs):
    return (XML_DECL + '<sst xmlns="%s" count="%d" uniqueCount="%d">'
            % (NS_MAIN, refs, len(strings))
            + "".join("<si>%s</si>" % t_element(s) for s in strings)
            + "</sst>")


def cell_xml(ref, text, kind, strings, index):
    """One <c> element; adds to the shared strings when it is one."""
    if kind == "date":
        return '<c r="%s" s="%d"><v>%d</v></c>' % (ref, STYLE_DATE,
                                                   date_serial(text))
    if kind == "number":
        return '<c r="%s"><v>%s</v></c>' % (ref, text)
    if kind == "inline":
        return '<c r="%s" t="inlineStr"><is>%s</is></c>' % (ref, t_element(text))
    if text not in index:
        index[text] = len(strings)
        strings.append(text)
    return '<c r="%s" t="s"><v>%d</v></c>' % (ref, index[text])


def cell_kind(r, c, text, opts):
    """How to store a cell: date, number, inline or shared ("sst")."""
    if r > 0 and c in opts["dates"] and date_serial(text) is not None:
        return "date"
    if r > 0 and c in opts["numbers"] and number_value(text) is not None:
        return "number"
    return "inline" if c in opts["inline"] else "sst"


def worksheet(rows, opts):
    """(sheet XML, shared strings, number of shared-string cells)."""
    if len(rows) > MAX_ROWS:
        raise ValueError("%d rows: a worksheet holds at most %d"
                         % (len(rows), MAX_ROWS))
    strings, index, refs = [], {}, 0
    out, last_row, last_col = [], 0, 0
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if text == "":
                continue
            if c >= MAX_COLS:
                raise ValueError("row %d is wider than %d columns"
                                 % (r + 1, MAX_COLS))
            kind = cell_kind(r, c, text, opts)
            if kind == "sst":
                refs += 1
            cells.append(cell_xml("%s%d" % (col_letters(c), r + 1), text, kind,
                                  strings, index))
            last_col = max(last_col, c + 1)
        if cells:
            out.append('<row r="%d">%s</row>' % (r + 1, "".join(cells)))
            last_row = r + 1
    dim = ("A1:%s%d" % (col_letters(last_col - 1), last_row)) if last_row else "A1"
    xml = (XML_DECL + '<worksheet xmlns="%s" xmlns:r="%s">' % (NS_MAIN, NS_REL)
           + '<dimension ref="%s"/>' % dim
           + "<sheetData>" + "".join(out) + "</sheetData></worksheet>")
    return xml, strings, refs


def write_xlsx(path, rows, opts, sheet_name):
    sheet, strings, refs = worksheet(rows, opts)
    parts = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", relationships([("rId1", "officeDocument",
                                        "xl/workbook.xml")])),
        ("xl/workbook.xml", workbook(sheet_name)),
        ("xl/_rels/workbook.xml.rels", relationships([
            ("rId1", "worksheet", "worksheets/sheet1.xml"),
            ("rId2", "styles", "styles.xml"),
            ("rId3", "sharedStrings", "sharedStrings.xml")])),
        ("xl/styles.xml", styles()),
        ("xl/sharedStrings.xml", shared_strings(strings, refs)),
        ("xl/worksheets/sheet1.xml", sheet),
    ]
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv", metavar="IN.csv")
    ap.add_argument("xlsx", metavar="OUT.xlsx")
    ap.add_argument("--inline", metavar="COLS",
                    help="write the text of these columns as inline strings")
    ap.add_argument("--numbers", metavar="COLS",
                    help="write plain decimals of these columns as numbers")
    ap.add_argument("--dates", metavar="COLS",
                    help="write YYYY-MM-DD dates of these columns as date cells")
    ap.add_argument("--sheet", default="Sheet1", help="worksheet name")
    args = ap.parse_args(argv)
    rows = read_csv(args.csv)
    header = rows[0] if rows else []
    opts = {"inline": column_set(args.inline, header),
            "numbers": column_set(args.numbers, header),
            "dates": column_set(args.dates, header)}
    write_xlsx(args.xlsx, rows, opts, args.sheet)


if __name__ == "__main__":
    main(sys.argv[1:])
