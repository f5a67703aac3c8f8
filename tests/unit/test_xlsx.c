/* SPDX-License-Identifier: MIT */
/*
 * test_xlsx.c - the XLSX and XLS sources (src/io/xlsx_read.c, xls_read.c):
 * round trip through kh_tabwriter, hand-made workbooks that exercise shared
 * and rich strings, cell types, gaps, dates and relationship lookup, and
 * the failures: truncated or non-zip files, a missing sheet, malformed XML,
 * a CRC mismatch, a DTD, oversized cells.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "io/table_int.h"
#include "kaohe/buf.h"
#include "kaohe/tabwriter.h"

static char dir[] = "/tmp/kh_test_xlsx_XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *tpath(const char *name)
{
    static char buf[8][256];
    static int k;
    char *p = buf[k++ % 8];
    snprintf(p, 256, "%s/%s", dir, name);
    return p;
}

/* A zip archive from name/content pairs (NULL-terminated); stored, not
 * deflated, when `store` is set. */
static void make_zip(const char *path, int store, const char *const *parts)
{
    int ze;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    for (; parts[0]; parts += 2) {
        zip_source_t *src =
            zip_source_buffer(za, parts[1], strlen(parts[1]), 0);
        assert_non_null(src);
        zip_int64_t idx = zip_file_add(za, parts[0], src, ZIP_FL_OVERWRITE);
        assert_true(idx >= 0);
        if (store)
            assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx,
                                                      ZIP_CM_STORE, 0),
                             0);
    }
    assert_int_equal(zip_close(za), 0);
}

/* Read every row as "line|a|b|c" strings joined by newlines. */
static char *dump(table_src *s, kh_error *err, int *status)
{
    kh_buf b = KH_BUF_INIT;
    for (;;) {
        kh_row row = {0};
        int eof = 0;
        *status = s->next(s, &row, &eof, err);
        if (*status || eof) break;
        assert_int_equal(kh_buf_printf(&b, "%ld", row.line), 0);
        for (size_t i = 0; i < row.n; i++) {
            assert_int_equal(strlen(row.cells[i].s), row.cells[i].len);
            assert_int_equal(kh_buf_printf(&b, "|%s", row.cells[i].s), 0);
        }
        assert_int_equal(kh_buf_addc(&b, '\n'), 0);
    }
    return kh_buf_take(&b);
}

static char *read_all(const char *path)
{
    table_src *s = NULL;
    kh_error err;
    int st;
    kh_error_clear(&err);
    assert_int_equal(xlsx_src_open(path, &s, &err), KH_OK);
    char *out = dump(s, &err, &st);
    assert_int_equal(st, KH_OK);
    s->close(s);
    return out;
}

/* ---- round trip through the writer --------------------------------------- */

static void test_roundtrip(void **state)
{
    (void)state;
    const char *path = tpath("rt.xlsx");
    kh_tabwriter *w = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_open(path, KH_TAB_XLSX, 0, &w, &err), 0);
    const char *h[] = {"姓名", "身份证号", "人口", "收入", "备注"};
    assert_int_equal(kh_tabwriter_row(w, h, "hhhhh", 5, &err), 0);
    const char *r1[] = {"张三", "530102199001011000", "3", "12345.67", "=1+1"};
    assert_int_equal(kh_tabwriter_row(w, r1, "ssnns", 5, &err), 0);
    /* An 18-digit ID marked as a number stays text: a double cannot hold
     * it. So do codes with leading zeros. */
    const char *r2[] = {"李四", "53010219900101100X", "007",
                        "530102199001011000", "-5"};
    assert_int_equal(kh_tabwriter_row(w, r2, "ssnnn", 5, &err), 0);
    const char *r3[] = {NULL, "", " 空格 ",
                        "a\x01"
                        "b",
                        "_x0041_"};
    assert_int_equal(kh_tabwriter_row(w, r3, NULL, 5, &err), 0);
    const char *r4[] = {"@SUM(A1)", "+86 138", "0.1", "-0.25", "1e5"};
    assert_int_equal(kh_tabwriter_row(w, r4, "ssnnn", 5, &err), 0);
    assert_int_equal(kh_tabwriter_close(w, &err), 0);

    char *got = read_all(path);
    assert_string_equal(got,
                        "1|姓名|身份证号|人口|收入|备注\n"
                        "2|张三|530102199001011000|3|12345.67|=1+1\n"
                        "3|李四|53010219900101100X|007|530102199001011000|-5\n"
                        "4||| 空格 |a\x01"
                        "b|_x0041_\n"
                        "5|@SUM(A1)|+86 138|0.1|-0.25|1e5\n");
    free(got);
}

static void test_rewind_and_progress(void **state)
{
    (void)state;
    const char *path = tpath("rw.xlsx");
    kh_tabwriter *w = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_open(path, KH_TAB_XLSX, 0, &w, &err), 0);
    for (int i = 0; i < 1000; i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "r%d", i);
        snprintf(b, sizeof b, "%d", i * 7);
        const char *row[] = {a, b};
        assert_int_equal(kh_tabwriter_row(w, row, "sn", 2, &err), 0);
    }
    assert_int_equal(kh_tabwriter_close(w, &err), 0);

    table_src *s = NULL;
    assert_int_equal(xlsx_src_open(path, &s, &err), 0);
    assert_string_equal(s->kind, "xlsx");
    assert_true(s->total > 0);
    int st;
    char *first = dump(s, &err, &st);
    assert_int_equal(st, 0);
    assert_true(s->done == s->total);
    assert_int_equal(s->rewind(s, &err), 0);
    assert_true(s->done == 0);
    char *second = dump(s, &err, &st);
    assert_string_equal(first, second);
    assert_non_null(strstr(first, "\n1000|r999|6993\n"));
    free(first);
    free(second);
    s->close(s);
}

/* A date written by libxlsxwriter with a date number format. */
static void test_date_cell(void **state)
{
    (void)state;
    const char *path = tpath("date.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *f = workbook_add_format(wb);
    lxw_format *f2 = workbook_add_format(wb);
    format_set_num_format(f, "yyyy\"年\"m\"月\"d\"日\"");
    format_set_num_format_index(f2, 14);
    lxw_datetime d1 = {2024, 2, 29, 0, 0, 0};
    lxw_datetime d2 = {1990, 1, 1, 0, 0, 0};
    lxw_datetime d3 = {2021, 12, 31, 8, 30, 0};
    worksheet_write_datetime(ws, 0, 0, &d1, f);
    worksheet_write_datetime(ws, 0, 1, &d2, f2);
    worksheet_write_datetime(ws, 0, 2, &d3, f);
    worksheet_write_number(ws, 0, 3, 45351, NULL); /* no date style */
    /* Shared strings (not constant memory) and rich text. */
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_rich_string_tuple t1 = {NULL, "富"}, t2 = {bold, "文本"};
    lxw_rich_string_tuple *rich[] = {&t1, &t2, NULL};
    worksheet_write_rich_string(ws, 1, 0, rich, NULL);
    worksheet_write_string(ws, 1, 2, "共享", NULL);
    worksheet_write_boolean(ws, 1, 3, 1, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    char *got = read_all(path);
    assert_string_equal(got, "1|2024-02-29|1990-01-01|2021-12-31|45351\n"
                             "2|富文本||共享|TRUE\n");
    free(got);
}

/* ---- hand-made workbooks ------------------------------------------------- */

static const char ct[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"/>";

static const char wb_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><sheets>"
    "<sheet name=\"图表\" sheetId=\"3\" r:id=\"rId9\"/>"
    "<sheet name=\"数据\" sheetId=\"1\" r:id=\"rId2\"/>"
    "<sheet name=\"其他\" sheetId=\"2\" r:id=\"rId1\"/>"
    "</sheets></workbook>";

static const char rels_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" "
    "Target=\"/xl/worksheets/../worksheets/data.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/chartsheet\" "
    "Target=\"chartsheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"strings.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

static const char sst_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\" count=\"4\" uniqueCount=\"4\">"
    "<si><t>plain</t></si>"
    "<si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">"
    " 文本</t></r></si>"
    "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si>"
    "<si><t>a_x000D_b&amp;_x005F_x0041_</t></si>"
    "<si/>"
    "</sst>";

static const char styles_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
    "2006/main\">"
    "<numFmts count=\"3\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00&quot;d&quot;\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"[h]:mm:ss\"/>"
    "</numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"8\">"
    "<xf numFmtId=\"0\"/>"   /* 0 General */
    "<xf numFmtId=\"164\"/>" /* 1 custom date */
    "<xf numFmtId=\"14\"/>"  /* 2 built-in date */
    "<xf numFmtId=\"22\"/>"  /* 3 date and time */
    "<xf numFmtId=\"21\"/>"  /* 4 time */
    "<xf numFmtId=\"165\"/>" /* 5 not a date despite the d */
    "<xf numFmtId=\"31\"/>"  /* 6 Chinese built-in date */
    "<xf numFmtId=\"166\"/>" /* 7 elapsed time */
    "</cellXfs></styleSheet>";

static const char data_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/"
    "2006/main\"><x:dimension ref=\"A1:F9\"/><x:sheetData>"
    "<x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>0</x:v></x:c>"
    "<x:c r=\"D2\" t=\"s\"><x:v>1</x:v></x:c>"
    "<x:c r=\"F2\" s=\"3\"/></x:row>"
    "<x:row r=\"5\"><x:c t=\"b\"><x:v>1</x:v></x:c>"
    "<x:c t=\"e\"><x:v>#N/A</x:v></x:c>"
    "<x:c t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>x</x:v></x:c>"
    "<x:c t=\"inlineStr\"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line"
    "</x:t></x:r></x:is></x:c>"
    "<x:c t=\"s\"><x:v>2</x:v></x:c><x:c t=\"s\"><x:v>3</x:v></x:c>"
    "<x:c t=\"s\"><x:v>4</x:v></x:c></x:row>"
    "<x:row><x:c><x:v>5.30102199001011E+17</x:v></x:c>"
    "<x:c><x:v>0.1</x:v></x:c><x:c><x:v>1E-3</x:v></x:c>"
    "<x:c><x:v>-0</x:v></x:c><x:c><x:v>100</x:v></x:c>"
    "<x:c><x:v>0.30000000000000004</x:v></x:c>"
    "<x:c><x:v>1.5E+2</x:v></x:c><x:c><x:v>-12.5</x:v></x:c></x:row>"
    "<x:row r=\"9\">"
    "<x:c r=\"A9\" s=\"1\"><x:v>60</x:v></x:c>"
    "<x:c r=\"B9\" s=\"2\"><x:v>61</x:v></x:c>"
    "<x:c r=\"C9\" s=\"2\"><x:v>1</x:v></x:c>"
    "<x:c r=\"D9\" s=\"3\"><x:v>45292.5</x:v></x:c>"
    "<x:c r=\"E9\" s=\"3\"><x:v>45292</x:v></x:c>"
    "<x:c r=\"F9\" s=\"4\"><x:v>0.75</x:v></x:c>"
    "<x:c r=\"G9\" s=\"5\"><x:v>3</x:v></x:c>"
    "<x:c r=\"H9\" s=\"6\"><x:v>32874</x:v></x:c>"
    "<x:c r=\"I9\" s=\"7\"><x:v>0.5</x:v></x:c>"
    "<x:c r=\"J9\" s=\"2\"><x:v>abc</x:v></x:c>"
    "<x:c r=\"K9\" s=\"99\"><x:v>7</x:v></x:c>"
    "</x:row></x:sheetData></x:worksheet>";

static void test_handmade(void **state)
{
    (void)state;
    const char *path = tpath("hand.xlsx");
    const char *parts[] = {"[Content_Types].xml",
                           ct,
                           "xl/workbook.xml",
                           wb_xml,
                           "xl/_rels/workbook.xml.rels",
                           rels_xml,
                           "xl/strings.xml",
                           sst_xml,
                           "xl/styles.xml",
                           styles_xml,
                           "xl/worksheets/data.xml",
                           data_xml,
                           "xl/worksheets/sheet1.xml",
                           "<worksheet><sheetData><row><c t=\"inlineStr\">"
                           "<is><t>wrong sheet</t></is></c></row></sheetData>"
                           "</worksheet>",
                           NULL};
    make_zip(path, 0, parts);
    char *got = read_all(path);
    assert_string_equal(
        got, "2||plain||富 文本\n"
             "5|TRUE|#N/A|x|inline|漢字|a\rb&_x0041_\n"
             "6|530102199001011000|0.1|0.001|0|100|0.3|150|-12.5\n"
             "9|1900-02-29|1900-03-01|1900-01-01|2024-01-01 12:00:00|"
             "2024-01-01|18:00:00|3|1990-01-01|12:00:00|abc|7\n");
    free(got);
}

/* No workbook.xml: the reader falls back to xl/worksheets/sheet1.xml;
 * date1904 is honoured when the workbook says so. */
static void test_fallback_and_1904(void **state)
{
    (void)state;
    const char *path = tpath("fallback.xlsx");
    const char *parts[] = {
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row><c><v>42</v></c></row><row/>"
        "<row><c r=\"C3\" t=\"inlineStr\"><is><t>c</t></is></c></row>"
        "</sheetData></worksheet>",
        NULL};
    make_zip(path, 0, parts);
    char *got = read_all(path);
    assert_string_equal(got, "1|42\n2\n3|||c\n");
    free(got);

    const char *path2 = tpath("d1904.xlsx");
    const char *parts2[] = {
        "xl/workbook.xml",
        "<workbook><workbookPr date1904=\"1\"/></workbook>",
        "xl/styles.xml",
        "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
        "</cellXfs></styleSheet>",
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row><c s=\"1\"><v>0</v></c>"
        "<c s=\"1\"><v>1</v></c></row></sheetData></worksheet>",
        NULL};
    make_zip(path2, 0, parts2);
    got = read_all(path2);
    assert_string_equal(got, "1|1904-01-01|1904-01-02\n");
    free(got);
}

/* ---- failures ------------------------------------------------------------ */

static void expect_open_error(const char *path, int status, const char *code)
{
    table_src *s = (table_src *)1;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(xlsx_src_open(path, &s, &err), status);
    assert_null(s);
    assert_string_equal(err.code, code);
    assert_true(err.zh[0] && err.en[0]);
}

/* Opening works; reading fails with status/code at `line`. */
static void expect_read_error(const char *path, int status, const char *code,
                              long line)
{
    table_src *s = NULL;
    kh_error err;
    int st;
    kh_error_clear(&err);
    assert_int_equal(xlsx_src_open(path, &s, &err), KH_OK);
    free(dump(s, &err, &st));
    assert_int_equal(st, status);
    assert_string_equal(err.code, code);
    assert_int_equal(err.line, line);
    /* Errors are final. */
    kh_row row = {0};
    int eof = 0;
    kh_error err2;
    kh_error_clear(&err2);
    assert_int_equal(s->next(s, &row, &eof, &err2), status);
    assert_string_equal(err2.code, code);
    s->close(s);
}

static void test_truncated(void **state)
{
    (void)state;
    const char *path = tpath("trunc.xlsx");
    kh_tabwriter *w = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_open(path, KH_TAB_XLSX, 0, &w, &err), 0);
    const char *row[] = {"甲", "乙"};
    for (int i = 0; i < 50; i++)
        assert_int_equal(kh_tabwriter_row(w, row, NULL, 2, &err), 0);
    assert_int_equal(kh_tabwriter_close(w, &err), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(path, size / 2), 0);
    expect_open_error(path, KH_ERR_FORMAT, "xlsx_corrupt");
    assert_int_equal(truncate(path, 0), 0);
    expect_open_error(path, KH_ERR_FORMAT, "xlsx_corrupt");
}

static void test_not_a_workbook(void **state)
{
    (void)state;
    const char *path = tpath("text.xlsx");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("姓名,身份证号\r\n", f);
    fclose(f);
    expect_open_error(path, KH_ERR_FORMAT, "xlsx_corrupt");
    expect_open_error(tpath("missing.xlsx"), KH_ERR_IO, "io");

    const char *nosheet = tpath("nosheet.xlsx");
    const char *parts[] = {"readme.txt", "not a workbook", NULL};
    make_zip(nosheet, 0, parts);
    expect_open_error(nosheet, KH_ERR_FORMAT, "xlsx_corrupt");

    const char *badsst = tpath("badsst.xlsx");
    const char *parts2[] = {"xl/sharedStrings.xml", "<sst><si><t>x</si></sst>",
                            "xl/worksheets/sheet1.xml",
                            "<worksheet><sheetData/></worksheet>", NULL};
    make_zip(badsst, 0, parts2);
    expect_open_error(badsst, KH_ERR_FORMAT, "xlsx_corrupt");

    const char *dtd = tpath("dtd.xlsx");
    const char *parts3[] = {
        "xl/sharedStrings.xml",
        "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">]><sst><si><t>&a;</t></si>"
        "</sst>",
        "xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>",
        NULL};
    make_zip(dtd, 0, parts3);
    expect_open_error(dtd, KH_ERR_FORMAT, "xlsx_corrupt");
}

static void test_bad_sheet(void **state)
{
    (void)state;
    const char *path = tpath("badxml.xlsx");
    const char *parts[] = {
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
        "<row r=\"2\"><c><v>2</v></row></sheetData></worksheet>",
        NULL};
    make_zip(path, 0, parts);
    expect_read_error(path, KH_ERR_FORMAT, "xlsx_corrupt", 2);

    const char *path2 = tpath("badidx.xlsx");
    const char *parts2[] = {
        "xl/sharedStrings.xml", "<sst><si><t>only</t></si></sst>",
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r=\"7\"><c t=\"s\"><v>0</v></c>"
        "<c t=\"s\"><v>1</v></c></row></sheetData></worksheet>",
        NULL};
    make_zip(path2, 0, parts2);
    expect_read_error(path2, KH_ERR_FORMAT, "xlsx_corrupt", 7);

    const char *path3 = tpath("wide.xlsx");
    const char *parts3[] = {
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r=\"3\"><c r=\"XFD3\" s=\"1\"/>"
        "</row><row r=\"4\"><c r=\"AMK4\"><v>1</v></c></row>"
        "</sheetData></worksheet>",
        NULL};
    make_zip(path3, 0, parts3);
    expect_read_error(path3, KH_ERR_LIMIT, "too_many_columns", 4);
}

/* A stored (uncompressed) sheet with a byte changed: the CRC check fails
 * at the end of the stream. */
static void test_crc(void **state)
{
    (void)state;
    const char *path = tpath("crc.xlsx");
    const char *parts[] = {
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row><c><v>12345</v></c></row>"
        "</sheetData></worksheet>",
        NULL};
    make_zip(path, 1, parts);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf, f);
    char *p = NULL;
    for (size_t i = 0; !p && i + 5 <= n; i++)
        if (memcmp(buf + i, "12345", 5) == 0) p = buf + i;
    assert_non_null(p);
    fseek(f, (long)(p - buf), SEEK_SET);
    fputc('9', f);
    fclose(f);
    table_src *s = NULL;
    kh_error err;
    int st;
    kh_error_clear(&err);
    assert_int_equal(xlsx_src_open(path, &s, &err), KH_OK);
    free(dump(s, &err, &st));
    assert_int_equal(st, KH_ERR_FORMAT);
    assert_string_equal(err.code, "xlsx_corrupt");
    s->close(s);
}

static void test_too_long(void **state)
{
    (void)state;
    size_t big = KH_TABLE_MAX_FIELD + 10;
    char *text = malloc(big + 1);
    assert_non_null(text);
    memset(text, 'x', big);
    text[big] = '\0';

    kh_buf sheet = KH_BUF_INIT;
    assert_int_equal(
        kh_buf_printf(&sheet,
                      "<worksheet><sheetData><row><c t=\"inlineStr\">"
                      "<is><t>ok</t></is></c></row><row r=\"3\">"
                      "<c r=\"B3\" t=\"inlineStr\"><is><t>%s</t>"
                      "</is></c></row></sheetData></worksheet>",
                      text),
        0);
    const char *path = tpath("long.xlsx");
    const char *parts[] = {"xl/worksheets/sheet1.xml", sheet.data, NULL};
    make_zip(path, 0, parts);
    expect_read_error(path, KH_ERR_LIMIT, "field_too_long", 3);

    /* A long shared string is refused only when a cell uses it. */
    kh_buf sst = KH_BUF_INIT;
    assert_int_equal(
        kh_buf_printf(&sst,
                      "<sst><si><t>short</t></si><si><t>%s</t></si>"
                      "</sst>",
                      text),
        0);
    const char *path2 = tpath("longsst.xlsx");
    const char *parts2[] = {
        "xl/sharedStrings.xml", sst.data, "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row>"
        "<row><c t=\"s\"><v>1</v></c></row></sheetData></worksheet>",
        NULL};
    make_zip(path2, 0, parts2);
    expect_read_error(path2, KH_ERR_LIMIT, "field_too_long", 2);
    kh_buf_free(&sst);
    kh_buf_free(&sheet);
    free(text);
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* 300,000 rows stream through with flat memory. */
static void test_streaming_memory(void **state)
{
    (void)state;
    const char *path = tpath("big.xlsx");
    kh_tabwriter *w = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_open(path, KH_TAB_XLSX, 0, &w, &err), 0);
    const char *h[] = {"序号", "姓名", "身份证号", "收入"};
    assert_int_equal(kh_tabwriter_row(w, h, "hhhh", 4, &err), 0);
    for (long i = 0; i < 300000; i++) {
        char a[24], c[40], d[24];
        snprintf(a, sizeof a, "%ld", i);
        snprintf(c, sizeof c, "530102199001%06ld", i);
        snprintf(d, sizeof d, "%ld.5", i);
        const char *row[] = {a, "王五", c, d};
        assert_int_equal(kh_tabwriter_row(w, row, "nssn", 4, &err), 0);
    }
    assert_int_equal(kh_tabwriter_close(w, &err), 0);

    table_src *s = NULL;
    assert_int_equal(xlsx_src_open(path, &s, &err), KH_OK);
    long rows = 0, rss_early = 0;
    for (;;) {
        kh_row row = {0};
        int eof = 0;
        assert_int_equal(s->next(s, &row, &eof, &err), KH_OK);
        if (eof) break;
        if (++rows == 20000) rss_early = maxrss_kb();
        if (rows == 123457) {
            assert_int_equal(row.n, 4);
            assert_string_equal(row.cells[0].s, "123455");
            assert_string_equal(row.cells[2].s, "530102199001123455");
            assert_string_equal(row.cells[3].s, "123455.5");
        }
    }
    assert_int_equal(rows, 300001);
    /* Reading the other 280,000 rows must not grow the process. */
    assert_true(maxrss_kb() - rss_early < 4096);
    s->close(s);
}

/* ---- XLS ----------------------------------------------------------------- */

/* No .xls fixture yet (nothing here can write one): the error paths. */
static void test_xls_errors(void **state)
{
    (void)state;
    const char *path = tpath("fake.xls");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("this is not a compound file\n", f);
    fclose(f);
    table_src *s = (table_src *)1;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(xls_src_open(path, &s, &err), KH_ERR_FORMAT);
    assert_null(s);
    assert_string_equal(err.code, "xls_corrupt");

    kh_error_clear(&err);
    assert_int_equal(xls_src_open(tpath("nope.xls"), &s, &err), KH_ERR_IO);
    assert_string_equal(err.code, "io");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_rewind_and_progress),
        cmocka_unit_test(test_date_cell),
        cmocka_unit_test(test_handmade),
        cmocka_unit_test(test_fallback_and_1904),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_not_a_workbook),
        cmocka_unit_test(test_bad_sheet),
        cmocka_unit_test(test_crc),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_streaming_memory),
        cmocka_unit_test(test_xls_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
