#!/usr/bin/env python3
"""make_bad_xls.py - write the malformed .xls files of the XLS regression cases.

    python3 make_bad_xls.py KIND OUT.xls

Each is a genuine small workbook from make_xls.py (a header and one data
row of the registry) with one thing broken by hand, the faults a fuzzing
campaign found in libfreexl 1.0.6 (issue #18):

  dims_overflow  the worksheet's Dimensions record declares 16,777,216 rows
                 and 256 columns: freexl multiplies them in 32 bits, gets 0,
                 allocates nothing and writes every cell (a segfault inside
                 freexl_open);
  dims_huge      4,294,967,295 rows and 0 columns: nothing to allocate, but
                 a reader that walks every declared row never ends;
  long_record    a record whose length field says 65,535 bytes, beyond the
                 8,224 bytes BIFF8 allows and beyond freexl's record buffer;
  cell_length    a LabelSst cell record whose length says 60 bytes where
                 the record has 10: freexl 1.0.6 then reads the records
                 after it out of step and dies with SIGSEGV in freexl_open
                 (found by mutating tests/cases/xls_clean/registry.xls);
  truncated      the file cut in the middle of the stream's sectors;
  fat_loop       the stream's FAT chain points back to itself.

tests/cases/xls_KIND/registry.xls is this script's KIND (made with
`python3 make_bad_xls.py KIND xls_KIND/registry.xls` from tests/cases).
kaohe must refuse each with a clear error: the guards in src/io/xls_read.c
catch what can be seen before freexl runs, and the child process that
runs freexl turns anything else (a crash, a timeout) into an error for the
file.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_xls  # noqa: E402

ROWS = [["户编号", "姓名"], ["530001", "张三"]]


def stream():
    return bytearray(make_xls.workbook_stream(ROWS, set(), set(), "Sheet1"))


def find_record(data, rtype):
    """Offset of the first record of type rtype, walking the records."""
    pos = 0
    while pos + 4 <= len(data):
        t, n = struct.unpack_from("<HH", data, pos)
        if t == rtype:
            return pos
        if t == 0 and n == 0:
            break
        pos += 4 + n
    raise ValueError("no record 0x%04X" % rtype)


def with_dims(rows, cols):
    s = stream()
    pos = find_record(s, make_xls.RT_DIMENSIONS)
    struct.pack_into("<IIHH", s, pos + 4, 0, rows, 0, cols)
    return make_xls.compound_file("Workbook", bytes(s))


def long_record():
    s = stream()
    pos = find_record(s, make_xls.RT_WINDOW2)
    struct.pack_into("<H", s, pos + 2, 0xFFFF)
    return make_xls.compound_file("Workbook", bytes(s))


def cell_length():
    whole = bytearray(open(os.path.join(HERE, "xls_clean", "registry.xls"),
                           "rb").read())
    # The workbook stream starts at file offset 1536 (header, FAT and
    # directory sectors); the record at stream offset 2544 is a LabelSst.
    pos = 1536 + 2544
    assert struct.unpack_from("<HH", whole, pos) == (make_xls.RT_LABELSST, 10)
    struct.pack_into("<H", whole, pos + 2, 60)
    return bytes(whole)


def truncated():
    whole = make_xls.compound_file("Workbook", bytes(stream()))
    return whole[:len(whole) - 3 * make_xls.SECTOR - 100]


def fat_loop():
    whole = bytearray(make_xls.compound_file("Workbook", bytes(stream())))
    # FAT sector 0 is file sector 0 (offset 512); the directory is sector 1,
    # the stream starts at sector 2: make its third sector point to its
    # first.
    struct.pack_into("<I", whole, 512 + 4 * 4, 2)
    return bytes(whole)


KINDS = {
    "dims_overflow": lambda: with_dims(0x01000000, 0x100),
    "dims_huge": lambda: with_dims(0xFFFFFFFF, 0),
    "long_record": long_record,
    "cell_length": cell_length,
    "truncated": truncated,
    "fat_loop": fat_loop,
}


def main(argv):
    if len(argv) != 2 or argv[0] not in KINDS:
        raise SystemExit("usage: make_bad_xls.py %s OUT.xls" % "|".join(KINDS))
    with open(argv[1], "wb") as f:
        f.write(KINDS[argv[0]]())


if __name__ == "__main__":
    main(sys.argv[1:])
