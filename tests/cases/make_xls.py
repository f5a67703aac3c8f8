#!/usr/bin/env python3
"""make_xls.py - write a CSV file as a genuine Excel 97-2003 (.xls) workbook.

    python3 make_xls.py [--numbers COLS] [--dates COLS] [--sheet NAME] IN.csv OUT.xls

The test cases need real .xls inputs; this writes them from first
principles with the standard library only, so the cases depend on no
Python package:

- the container is a Compound File Binary file, version 3 ([MS-CFB]):
  512-byte sectors, a FAT (with DIFAT sectors once more than 109 FAT
  sectors are needed), one directory sector holding the Root Entry and a
  single "Workbook" stream. The stream is padded to at least 4096 bytes
  (the mini-stream cutoff), so no MiniFAT or mini stream is needed;
- the stream is BIFF8 ([MS-XLS]): a workbook globals substream (BOF,
  CodePage 1200, Window1, fonts, the 15 style XFs Excel requires plus the
  cell XFs, the Normal style, one BoundSheet8, the shared string table SST
  with CONTINUE records when it outgrows a record, and ExtSST) followed by
  one worksheet substream (BOF, Dimensions, Window2, the cells). The
  optional row index records (Index, Row, DBCell) are left out: readers
  do not need them and Excel rebuilds them when it saves.

Every non-empty CSV cell becomes a LabelSst cell pointing into the SST, so
Chinese text goes through the way Excel stores it (UTF-16, or the
compressed one-byte form when a string is all Latin-1). Strings longer
than a record are split across CONTINUE records the way [MS-XLS] 2.5.293
describes: never inside the string header or a character, and each
continued part starts with its own fHighByte byte. (freexl 1.0.6 misreads,
and can read past its buffer on, a string that crosses two record
boundaries, one of more than 8223 bytes of characters; Excel writes such
strings, and so does this script, for cells that long.)

With --numbers, cells of the given columns that hold a plain decimal are
written as NUMBER records instead; with --dates, cells holding a
YYYY-MM-DD date are written as NUMBER records carrying the Excel serial
day, in a cell XF whose number format is the built-in date format 14. Only
values that read back as the same text are converted; anything else stays
a string.

COLS is a comma-separated list of header names (as in the CSV's first row)
or 1-based column numbers. The CSV is UTF-8, with or without a BOM; its
first row is written to sheet row 1, its N-th row to sheet row N, empty
cells are not written at all.

The cases were made with (from tests/cases):

    python3 make_xls.py clean_utf8/registry.csv xls_clean/registry.xls
    python3 make_xls.py --numbers 工资性收入 --dates 最近走访日期
        id_rules/registry.csv xls_id_rules/registry.xls   (one line)
"""
import argparse
import csv
import datetime
import re
import struct
import sys

# ---- BIFF8 ------------------------------------------------------------------

RT_BOF = 0x0809
RT_EOF = 0x000A
RT_CODEPAGE = 0x0042
RT_WINDOW1 = 0x003D
RT_DATE1904 = 0x0022
RT_FONT = 0x0031
RT_XF = 0x00E0
RT_STYLE = 0x0293
RT_BOUNDSHEET8 = 0x0085
RT_SST = 0x00FC
RT_CONTINUE = 0x003C
RT_EXTSST = 0x00FF
RT_DIMENSIONS = 0x0200
RT_WINDOW2 = 0x023E
RT_LABELSST = 0x00FD
RT_NUMBER = 0x0203

MAX_RECORD_DATA = 8224  # bytes of data in one BIFF8 record
MAX_ROWS = 65536
MAX_COLS = 256
MAX_CCH = 32767  # characters in a cell, as Excel allows

BOF_GLOBALS = 0x0005
BOF_WORKSHEET = 0x0010

N_STYLE_XFS = 15  # XFs 0-14: style XFs that every BIFF8 workbook carries
XF_GENERAL = 15  # cell XF, number format General
XF_DATE = 16  # cell XF, built-in number format 14 (a short date)
IFMT_GENERAL = 0
IFMT_DATE = 14

CODEPAGE_UTF16 = 1200

# ---- CFB --------------------------------------------------------------------

CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
SECTOR = 512
ENTRIES_PER_FAT_SECTOR = SECTOR // 4
HEADER_DIFAT = 109  # FAT sector numbers held in the header itself
MINI_STREAM_CUTOFF = 4096
DIR_ENTRY = 128

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
DIFSECT = 0xFFFFFFFC
NOSTREAM = 0xFFFFFFFF

OBJ_UNUSED, OBJ_STREAM, OBJ_ROOT = 0, 2, 5
COLOR_BLACK = 1

# ---- values -----------------------------------------------------------------

# A decimal that a reader prints back unchanged: no sign on zero, no
# leading zeros, no trailing zeros after the point, fewer than 16 digits.
PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,14})(\.[0-9]*[1-9])?")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 0, counting past 1900-02-28
FIRST_TRUE_SERIAL_DATE = datetime.date(1900, 3, 1)  # serial 61


def number_value(text):
    """The float of a plain decimal that %.15g prints back as text, or None."""
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    digits = len(text.replace("-", "").replace(".", "").lstrip("0"))
    if digits > 15:
        return None
    value = float(text)
    if value == 0 and text.startswith("-"):
        return None
    return value


def date_serial(text):
    """The Excel (1900 system) serial day of a YYYY-MM-DD date, or None."""
    m = ISO_DATE.fullmatch(text)
    if not m:
        return None
    try:
        day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if day < FIRST_TRUE_SERIAL_DATE:  # 1900-02-29 and before: Lotus' bug
        return None
    return float((day - EXCEL_EPOCH).days)


# ---- records ----------------------------------------------------------------


def record(rtype, data):
    """One BIFF record: type, length, data."""
    if len(data) > MAX_RECORD_DATA:
        raise ValueError("record 0x%04X of %d bytes" % (rtype, len(data)))
    return struct.pack("<HH", rtype, len(data)) + data


def encode_chars(text):
    """(fHighByte, character bytes, cch) of a string, compressed if it can be.

    cch counts UTF-16 code units. A string whose characters are all below
    U+0100 is stored one byte a character (fHighByte = 0), else UTF-16LE.
    """
    if all(ord(ch) < 0x100 for ch in text):
        return 0, text.encode("latin-1"), len(text)
    raw = text.encode("utf-16-le")
    return 1, raw, len(raw) // 2


def short_unicode_string(text):
    """ShortXLUnicodeString: 1-byte cch, fHighByte, characters."""
    high, raw, cch = encode_chars(text)
    if cch > 255:
        raise ValueError("name too long: %r" % text)
    return struct.pack("<BB", cch, high) + raw


def bof(dt):
    # vers BIFF8, substream type, build 3515 and year 1996 (Excel 97's own
    # values, what every BIFF8 writer puts here), fWin | fWinAny, then
    # verLowestBiff 6 and verLastXLSaved 0.
    return record(RT_BOF, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC,
                                      0x00000041, 0x00000006))


def eof():
    return record(RT_EOF, b"")


def font(name="Arial", height_twips=200):
    # dyHeight, grbit, icv (window text), bls (normal weight), sss, uls,
    # bFamily, bCharSet, reserved, then the name.
    return record(RT_FONT, struct.pack("<HHHHHBBBB", height_twips, 0, 0x7FFF,
                                       400, 0, 0, 0, 0, 0)
                  + short_unicode_string(name))


def xf(ifmt, style):
    """A 20-byte BIFF8 XF using font 0.

    A style XF has fStyle set and ixfParent 0xFFF; a cell XF is locked and
    inherits from style XF 0. alcV = bottom; icvFore 64 / icvBack 65 (the
    system colours), no borders.
    """
    flags = 0xFFF5 if style else 0x0001
    # fAtrFnt..fAtrProt: a cell XF sets its own font, alignment, borders,
    # pattern and protection; fAtrNum too when its format is not General.
    used = 0 if style else (0xF8 | (0x04 if ifmt != IFMT_GENERAL else 0))
    return record(RT_XF, struct.pack("<HHHBBBBIIH", 0, ifmt, flags, 0x20, 0,
                                     0, used, 0, 0, 0x20C0))


def style_normal():
    # Built-in style "Normal" (istyBuiltIn 0) on style XF 0.
    return record(RT_STYLE, struct.pack("<HBB", 0x8000, 0, 0xFF))


def window1():
    # Position and size in twips, fDspHScroll | fDspVScroll | fBotAdornment,
    # active sheet 0, first visible tab 0, one selected, tab ratio 600.
    return record(RT_WINDOW1, struct.pack("<HHHHHHHHH", 0, 0, 0x4000, 0x2000,
                                          0x0038, 0, 0, 1, 600))


def window2():
    # fDspGrid, fDspRwCol, fDspZeros, fDefaultHdr, fDspGuts, fSelected,
    # fPaged; top-left cell A1; default header colour; zoom defaults.
    return record(RT_WINDOW2, struct.pack("<HHHHHHHI", 0x06B6, 0, 0, 0x40, 0,
                                          0, 0, 0))


def boundsheet(name, bof_pos):
    # lbPlyPos, visible, worksheet, name.
    return record(RT_BOUNDSHEET8, struct.pack("<IBB", bof_pos, 0, 0)
                  + short_unicode_string(name))


def sst_and_extsst(strings, total, stream_pos):
    """The SST record, its CONTINUE records and the ExtSST record.

    stream_pos is where the SST record starts in the Workbook stream (ExtSST
    records absolute positions). A string's 3-byte header (cch, flags) is
    never split; its characters are split at a character boundary (and never
    between the two halves of a surrogate pair), and the CONTINUE record
    that carries the rest starts with the fHighByte of that rest.
    """
    bodies = [bytearray(struct.pack("<II", total, len(strings)))]
    record_pos = stream_pos  # stream position of the current record header
    bucket = max(8, -(-len(strings) // 128))  # strings per ExtSST entry
    buckets = []

    def new_record():
        nonlocal record_pos
        record_pos += 4 + len(bodies[-1])
        bodies.append(bytearray())
        return bodies[-1]

    body = bodies[0]
    for i, text in enumerate(strings):
        high, raw, cch = encode_chars(text)
        width = 2 if high else 1
        # Room for the header and, when there are characters, at least one
        # whole character (a surrogate pair counts as one).
        need = 3 + (min(cch, 2) * width if cch else 0)
        if MAX_RECORD_DATA - len(body) < need:
            body = new_record()
        if i % bucket == 0:
            # ISSTInf: the string's stream position, and its offset from the
            # start of the record that holds it, record header included.
            buckets.append(struct.pack("<IHH", record_pos + 4 + len(body),
                                       4 + len(body), 0))
        body += struct.pack("<HB", cch, high)
        done = 0
        while True:
            take = min((MAX_RECORD_DATA - len(body)) // width, cch - done)
            if high and done + take < cch:
                unit = struct.unpack_from("<H", raw, (done + take) * 2)[0]
                if 0xDC00 <= unit <= 0xDFFF:  # keep the pair together
                    take -= 1
            body += raw[done * width:(done + take) * width]
            done += take
            if done == cch:
                break
            body = new_record()
            body.append(high)

    out = record(RT_SST, bytes(bodies[0]))
    out += b"".join(record(RT_CONTINUE, bytes(b)) for b in bodies[1:])
    out += record(RT_EXTSST, struct.pack("<H", bucket) + b"".join(buckets))
    return out


def globals_substream(sheet_name, strings, total, sheet_pos):
    """The workbook globals substream; sheet_pos is the worksheet's BOF."""
    head = (bof(BOF_GLOBALS)
            + record(RT_CODEPAGE, struct.pack("<H", CODEPAGE_UTF16))
            + window1()
            + record(RT_DATE1904, struct.pack("<H", 0))
            # Four fonts: BIFF has no font 4, and Excel writes 0-3 at least.
            + b"".join(font() for _ in range(4))
            + b"".join(xf(IFMT_GENERAL, True) for _ in range(N_STYLE_XFS))
            + xf(IFMT_GENERAL, False)  # XF_GENERAL
            + xf(IFMT_DATE, False)  # XF_DATE
            + style_normal()
            + boundsheet(sheet_name, sheet_pos))
    return (head + sst_and_extsst(strings, total, len(head)) + eof())


def worksheet_substream(cells, n_rows, n_cols):
    """The worksheet substream; cells are (row, col, kind, value) in order."""
    out = bytearray(bof(BOF_WORKSHEET))
    # rwMic, rwMac (last row + 1), colMic, colMac (last column + 1).
    out += record(RT_DIMENSIONS, struct.pack("<IIHHH", 0, n_rows, 0, n_cols, 0))
    out += window2()
    for row, col, kind, value in cells:
        if kind == "sst":
            out += record(RT_LABELSST, struct.pack("<HHHI", row, col,
                                                   XF_GENERAL, value))
        else:
            xf_index = XF_DATE if kind == "date" else XF_GENERAL
            out += record(RT_NUMBER, struct.pack("<HHHd", row, col, xf_index,
                                                 value))
    out += eof()
    return bytes(out)


def workbook_stream(rows, number_cols, date_cols, sheet_name):
    """The BIFF8 Workbook stream for rows (lists of str), padded to 4096."""
    if len(rows) > MAX_ROWS:
        raise ValueError("%d rows: BIFF8 holds at most %d" % (len(rows), MAX_ROWS))
    strings, index, cells = [], {}, []
    n_cols = 0
    total = 0
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text == "":
                continue
            if c >= MAX_COLS:
                raise ValueError("row %d has %d columns: BIFF8 holds at most %d"
                                 % (r + 1, len(row), MAX_COLS))
            if len(text.encode("utf-16-le")) // 2 > MAX_CCH:
                raise ValueError("cell at row %d column %d is over %d characters"
                                 % (r + 1, c + 1, MAX_CCH))
            n_cols = max(n_cols, c + 1)
            value = None
            if r > 0 and c in date_cols:
                value = date_serial(text)
                if value is not None:
                    cells.append((r, c, "date", value))
                    continue
            if r > 0 and c in number_cols:
                value = number_value(text)
                if value is not None:
                    cells.append((r, c, "number", value))
                    continue
            if text not in index:
                index[text] = len(strings)
                strings.append(text)
            cells.append((r, c, "sst", index[text]))
            total += 1
    n_rows = max((r + 1 for r, _, _, _ in cells), default=0)
    sheet = worksheet_substream(cells, n_rows, n_cols)
    # BoundSheet8 is fixed-size, so the globals' length does not depend on
    # the position it records: build once to measure, once for real.
    size = len(globals_substream(sheet_name, strings, total, 0))
    stream = globals_substream(sheet_name, strings, total, size) + sheet
    if len(stream) < MINI_STREAM_CUTOFF:
        stream += bytes(MINI_STREAM_CUTOFF - len(stream))
    return stream


# ---- the compound file ------------------------------------------------------


def sector_count(nbytes):
    return -(-nbytes // SECTOR)


def directory_entry(name, obj_type, child, start, size):
    """A 128-byte directory entry with no siblings."""
    raw = (name + "\0").encode("utf-16-le") if name else b""
    return (raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), obj_type, COLOR_BLACK)
            + struct.pack("<III", NOSTREAM, NOSTREAM, child)
            + bytes(16)  # CLSID
            + bytes(4)  # state bits
            + bytes(16)  # creation and modification times
            + struct.pack("<IQ", start, size))


def unused_directory_entry():
    return (bytes(64) + struct.pack("<HBB", 0, OBJ_UNUSED, 0)
            + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM)
            + bytes(36) + struct.pack("<IQ", 0, 0))


def compound_file(stream_name, data):
    """A CFB v3 file holding one stream (at least MINI_STREAM_CUTOFF bytes).

    Sectors: the FAT, then the DIFAT sectors (if any), the directory, and
    the stream, whose sectors are chained in order.
    """
    if len(data) < MINI_STREAM_CUTOFF:
        raise ValueError("a stream under %d bytes needs a mini stream"
                         % MINI_STREAM_CUTOFF)
    n_data = sector_count(len(data))
    n_fat, n_difat = 1, 0
    while True:
        n_total = n_fat + n_difat + 1 + n_data
        want_fat = -(-n_total // ENTRIES_PER_FAT_SECTOR)
        want_difat = max(0, -(-(want_fat - HEADER_DIFAT) // (ENTRIES_PER_FAT_SECTOR - 1)))
        if (want_fat, want_difat) == (n_fat, n_difat):
            break
        n_fat, n_difat = want_fat, want_difat
    fat_secs = list(range(n_fat))
    difat_secs = list(range(n_fat, n_fat + n_difat))
    dir_sec = n_fat + n_difat
    first_data = dir_sec + 1

    fat = [FREESECT] * (n_fat * ENTRIES_PER_FAT_SECTOR)
    for s in fat_secs:
        fat[s] = FATSECT
    for s in difat_secs:
        fat[s] = DIFSECT
    fat[dir_sec] = ENDOFCHAIN
    for i in range(n_data):
        s = first_data + i
        fat[s] = s + 1 if i + 1 < n_data else ENDOFCHAIN

    header_difat = fat_secs[:HEADER_DIFAT]
    header_difat += [FREESECT] * (HEADER_DIFAT - len(header_difat))
    header = (CFB_SIGNATURE + bytes(16)
              # minor version, major version 3, little-endian, 2^9-byte
              # sectors, 2^6-byte mini sectors, 6 reserved bytes
              + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII",
                            0,  # directory sectors: always 0 in version 3
                            n_fat, dir_sec,
                            0,  # transaction signature
                            MINI_STREAM_CUTOFF,
                            ENDOFCHAIN, 0,  # no MiniFAT
                            difat_secs[0] if difat_secs else ENDOFCHAIN,
                            n_difat)
              + struct.pack("<%dI" % HEADER_DIFAT, *header_difat))
    assert len(header) == SECTOR

    difat = bytearray()
    rest = fat_secs[HEADER_DIFAT:]
    for k, s in enumerate(difat_secs):
        part = rest[k * 127:(k + 1) * 127]
        part += [FREESECT] * (127 - len(part))
        nxt = difat_secs[k + 1] if k + 1 < len(difat_secs) else ENDOFCHAIN
        difat += struct.pack("<128I", *(part + [nxt]))

    directory = (directory_entry("Root Entry", OBJ_ROOT, 1, ENDOFCHAIN, 0)
                 + directory_entry(stream_name, OBJ_STREAM, NOSTREAM,
                                   first_data, len(data))
                 + unused_directory_entry() * (SECTOR // DIR_ENTRY - 2))
    assert len(directory) == SECTOR

    body = data + bytes(n_data * SECTOR - len(data))
    return (header + struct.pack("<%dI" % len(fat), *fat) + bytes(difat)
            + directory + body)


# ---- command line -----------------------------------------------------------


def read_csv(path):
    """The rows of a UTF-8 CSV file (a leading BOM is dropped)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [row for row in csv.reader(f)]


def column_set(spec, header):
    """0-based indexes of COLS: header names or 1-based numbers."""
    cols = set()
    for item in filter(None, (s.strip() for s in (spec or "").split(","))):
        if item in header:
            cols.add(header.index(item))
        elif item.isdigit() and int(item) >= 1:
            cols.add(int(item) - 1)
        else:
            raise SystemExit("no column %r" % item)
    return cols


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv", metavar="IN.csv")
    ap.add_argument("xls", metavar="OUT.xls")
    ap.add_argument("--numbers", metavar="COLS",
                    help="write plain decimals of these columns as NUMBER cells")
    ap.add_argument("--dates", metavar="COLS",
                    help="write YYYY-MM-DD dates of these columns as date cells")
    ap.add_argument("--sheet", default="Sheet1", help="worksheet name")
    args = ap.parse_args(argv)
    rows = read_csv(args.csv)
    header = rows[0] if rows else []
    stream = workbook_stream(rows, column_set(args.numbers, header),
                             column_set(args.dates, header), args.sheet)
    with open(args.xls, "wb") as f:
        f.write(compound_file("Workbook", stream))


if __name__ == "__main__":
    main(sys.argv[1:])
