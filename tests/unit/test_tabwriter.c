/* SPDX-License-Identifier: MIT */
/*
 * test_tabwriter.c - kh_tabwriter (src/io/tabwriter.c): CSV quoting, byte
 * order mark, GB18030 bytes, the formula guard and its inverse, the
 * temporary file (gone after free, target untouched, renamed on close),
 * stdout, XLSX sheets and their limits, and misuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "io/table_int.h"
#include "kaohe/afile.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/tabwriter.h"

static char dir[] = "/tmp/kh_test_tabw_XXXXXX";

static int setup(void **state)
{
    (void)state;
    umask(022);
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

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    kh_buf b = KH_BUF_INIT;
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        assert_int_equal(kh_buf_add(&b, tmp, n), 0);
    fclose(f);
    if (len) *len = b.len;
    return kh_buf_take(&b);
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Entries of the test directory whose name starts with prefix. */
static int count_files(const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(d);
    while ((e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) n++;
    closedir(d);
    return n;
}

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    if (!d) return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static void write_csv(const char *path, int enc, const char *const *cells,
                      size_t n)
{
    kh_tabwriter *w = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_open(path, KH_TAB_CSV, enc, &w, &err), 0);
    assert_int_equal(kh_tabwriter_row(w, cells, NULL, n, &err), 0);
    assert_int_equal(kh_tabwriter_close(w, &err), 0);
}

/* ---- CSV ----------------------------------------------------------------- */

static void test_csv_quoting(void **state)
{
    (void)state;
    const char *path = tpath("q.csv");
    const char *cells[] = {"plain",    "a,b",   "say \"hi\"", "two\nlines",
                           "cr\rhere", " lead", "trail ",     "\tTab",
                           NULL,       "",      "中文"};
    write_csv(path, KH_ENC_UTF8, cells, 11);
    char *got = slurp(path, NULL);
    assert_string_equal(got, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\","
                             "\"cr\rhere\",\" lead\",\"trail \",\"'\tTab\","
                             ",,中文\r\n");
    free(got);
}

static void test_csv_bom_and_gb18030(void **state)
{
    (void)state;
    size_t len;
    const char *cells[] = {"中", "a"};

    write_csv(tpath("bom.csv"), KH_ENC_UTF8_BOM, cells, 2);
    char *got = slurp(tpath("bom.csv"), &len);
    assert_int_equal(len, 3 + 3 + 2 + 2);
    assert_memory_equal(got, "\xEF\xBB\xBF\xE4\xB8\xAD,a\r\n", len);
    free(got);

    write_csv(tpath("plain.csv"), KH_ENC_UTF8, cells, 2);
    got = slurp(tpath("plain.csv"), &len);
    assert_int_equal(len, 3 + 2 + 2);
    assert_memory_equal(got, "\xE4\xB8\xAD,a\r\n", len);
    free(got);

    write_csv(tpath("gb.csv"), KH_ENC_GB18030, cells, 2);
    got = slurp(tpath("gb.csv"), &len);
    assert_int_equal(len, 6);
    assert_memory_equal(got, "\xD6\xD0,a\r\n", len);
    free(got);

    /* A character outside GBK takes four bytes: U+20BB7 𠮷. */
    const char *rare[] = {"\xF0\xA0\xAE\xB7"};
    write_csv(tpath("gb4.csv"), KH_ENC_GB18030, rare, 1);
    got = slurp(tpath("gb4.csv"), &len);
    assert_int_equal(len, 6);
    assert_memory_equal(got, "\x95\x34\xB2\x35\r\n", len);
    free(got);
}

static void test_guard(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int guard;
    } cases[] = {
        {"=1+1", 1},     {"=HYPERLINK(\"x\")", 1},
        {"+86 138", 1},  {"-", 1},
        {"@SUM(A1)", 1}, {"\tx", 1},
        {"\rx", 1},      {"-5", 0},
        {"+3.5", 0},     {"-1e5", 0},
        {"-.5", 0},      {"12", 0},
        {"a=b", 0},      {"", 0},
        {"'", 0},        {"'abc", 0},
        {"'=x", 1},      {"''-5", 1},
        {"'-5", 1},      {"中=1", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *s = cases[i].s;
        size_t n = strlen(s);
        assert_int_equal(kh_cell_needs_guard(s, n), cases[i].guard);
        /* What the writer puts out comes back unchanged. */
        char buf[64];
        snprintf(buf, sizeof buf, "%s%s", cases[i].guard ? "'" : "", s);
        size_t m = kh_cell_unescape(buf, strlen(buf));
        assert_int_equal(m, n);
        assert_memory_equal(buf, s, n);
    }
    char a[] = "'=1+1", b[] = "'plain", c[] = "'-5";
    assert_int_equal(kh_cell_unescape(a, 5), 4);
    assert_string_equal(a, "=1+1");
    assert_int_equal(kh_cell_unescape(b, 6), 6);
    assert_string_equal(b, "'plain");
    assert_int_equal(kh_cell_unescape(c, 3), 2);
    assert_string_equal(c, "-5");

    const char *cells[] = {"=1+1", "-5", "@x", "a"};
    write_csv(tpath("g.csv"), KH_ENC_UTF8, cells, 4);
    char *got = slurp(tpath("g.csv"), NULL);
    assert_string_equal(got, "'=1+1,-5,'@x,a\r\n");
    free(got);
}

/* The CSV reader gives back what the writer was given. */
static void test_csv_roundtrip(void **state)
{
    (void)state;
    const char *path = tpath("rt.csv");
    const char *cells[] = {"=1+1",   "'=x", "a,\"b\"",
                           "多\n行", " s ", "530102199001011000"};
    write_csv(path, KH_ENC_GB18030, cells, 6);
    table_src *s = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(csv_src_open(path, &s, &err), KH_OK);
    kh_row row = {0};
    int eof = 0;
    assert_int_equal(s->next(s, &row, &eof, &err), KH_OK);
    assert_false(eof);
    assert_int_equal(row.n, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(row.cells[i].len, strlen(cells[i]));
        assert_memory_equal(row.cells[i].s, cells[i], row.cells[i].len);
    }
    s->close(s);
}

/* ---- the temporary file -------------------------------------------------- */

static void test_abandon(void **state)
{
    (void)state;
    const char *path = tpath("keep.csv");
    spit(path, "old contents\n");
    int fds = count_fds();

    for (int fmt = KH_TAB_CSV; fmt <= KH_TAB_XLSX; fmt++) {
        kh_tabwriter *w = NULL;
        kh_error err;
        kh_error_clear(&err);
        assert_int_equal(
            kh_tabwriter_open(path, fmt, KH_ENC_UTF8_BOM, &w, &err), 0);
        const char *cells[] = {"new", "row"};
        assert_int_equal(kh_tabwriter_row(w, cells, NULL, 2, &err), 0);
        assert_int_equal(count_files("keep.csv.tmp."), 1);
        kh_tabwriter_free(w);
        assert_int_equal(count_files("keep.csv.tmp."), 0);
        char *got = slurp(path, NULL);
        assert_string_equal(got, "old contents\n");
        free(got);
    }
    assert_int_equal(count_fds(), fds);
    kh_tabwriter_free(NULL);
}

static void test_close_replaces(void **state)
{
    (void)state;
    const char *path = tpath("new.csv");
    const char *cells[] = {"x"};
    write_csv(path, KH_ENC_UTF8, cells, 1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_int_equal(count_files("new.csv.tmp."), 0);

    chmod(path, 0640);
    const char *cells2[] = {"y"};
    write_csv(path, KH_ENC_UTF8, cells2, 1);
    char *got = slurp(path, NULL);
    assert_string_equal(got, "y\r\n");
    free(got);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640); /* the old mode is kept */

    /* A directory that does not exist. */
    kh_tabwriter *w = (kh_tabwriter *)1;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_open(tpath("no/such/dir.csv"), KH_TAB_CSV,
                                       KH_ENC_UTF8, &w, &err),
                     KH_ERR_IO);
    assert_null(w);
    assert_string_equal(err.code, "io");
}

static void test_stdout(void **state)
{
    (void)state;
    const char *path = tpath("stdout.txt");
    fflush(stdout);
    int saved = dup(1);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 1);
    close(fd);

    kh_tabwriter *w = NULL;
    kh_error err;
    kh_error_clear(&err);
    int rc = kh_tabwriter_open("-", KH_TAB_CSV, KH_ENC_UTF8, &w, &err);
    const char *cells[] = {"a", "b c"};
    if (!rc) rc = kh_tabwriter_row(w, cells, NULL, 2, &err);
    if (!rc) rc = kh_tabwriter_close(w, &err);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    assert_int_equal(rc, 0);
    char *got = slurp(path, NULL);
    assert_string_equal(got, "a,b c\r\n");
    free(got);
}

/* ---- misuse -------------------------------------------------------------- */

static void test_misuse(void **state)
{
    (void)state;
    kh_tabwriter *w = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_open("-", KH_TAB_XLSX, 0, &w, &err),
                     KH_ERR_USAGE);
    assert_int_equal(
        kh_tabwriter_open(tpath("x.csv"), KH_TAB_CSV, KH_ENC_UNKNOWN, &w, &err),
        KH_ERR_USAGE);
    assert_int_equal(
        kh_tabwriter_open(tpath("x.csv"), 7, KH_ENC_UTF8, &w, &err),
        KH_ERR_USAGE);

    /* CSV: one sheet only; invalid UTF-8 is refused and nothing is
     * written for that row. */
    assert_int_equal(
        kh_tabwriter_open(tpath("m.csv"), KH_TAB_CSV, KH_ENC_UTF8, &w, &err),
        0);
    assert_int_equal(kh_tabwriter_sheet(w, "a", &err), 0);
    assert_int_equal(kh_tabwriter_sheet(w, "b", &err), KH_ERR_USAGE);
    const char *bad[] = {"ok", "\xC3("};
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_row(w, bad, NULL, 2, &err), KH_ERR_FORMAT);
    assert_string_equal(err.code, "encoding");
    const char *good[] = {"ok"};
    assert_int_equal(kh_tabwriter_row(w, good, NULL, 1, &err), 0);
    assert_int_equal(kh_tabwriter_close(w, &err), 0);
    char *got = slurp(tpath("m.csv"), NULL);
    assert_string_equal(got, "ok\r\n");
    free(got);

    /* XLSX: bad sheet names, over-long cells. */
    assert_int_equal(
        kh_tabwriter_open(tpath("m.xlsx"), KH_TAB_XLSX, 0, &w, &err), 0);
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_sheet(w, "a[1]", &err), KH_ERR_USAGE);
    assert_string_equal(err.code, "sheet_name");
    assert_int_equal(kh_tabwriter_sheet(w, "台账", &err), 0);
    assert_int_equal(kh_tabwriter_sheet(w, "台账", &err), KH_ERR_USAGE);
    char *huge = malloc(40000);
    memset(huge, 'x', 39999);
    huge[39999] = '\0';
    const char *cells[] = {"a", huge};
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_row(w, cells, NULL, 2, &err), KH_ERR_LIMIT);
    assert_string_equal(err.code, "field_too_long");
    free(huge);
    assert_int_equal(kh_tabwriter_close(w, &err), 0);

    char z[] = "";
    assert_int_equal(kh_cell_unescape(z, 0), 0);
}

/* ---- XLSX ---------------------------------------------------------------- */

/* The text of an archive member, for looking inside written workbooks. */
static char *member(const char *path, const char *name)
{
    int ze;
    zip_t *za = zip_open(path, ZIP_RDONLY, &ze);
    assert_non_null(za);
    zip_file_t *zf = zip_fopen(za, name, 0);
    assert_non_null(zf);
    kh_buf b = KH_BUF_INIT;
    char tmp[65536];
    zip_int64_t n;
    while ((n = zip_fread(zf, tmp, sizeof tmp)) > 0)
        assert_int_equal(kh_buf_add(&b, tmp, (size_t)n), 0);
    zip_fclose(zf);
    zip_discard(za);
    return kh_buf_take(&b);
}

static void test_xlsx_sheets(void **state)
{
    (void)state;
    const char *path = tpath("s.xlsx");
    kh_tabwriter *w = NULL;
    kh_error err;
    kh_error_clear(&err);
    int fds = count_fds();
    assert_int_equal(kh_tabwriter_open(path, KH_TAB_XLSX, 0, &w, &err), 0);
    kh_tabwriter_width(w, 1, 24); /* before the first sheet: applies to it */
    assert_int_equal(kh_tabwriter_sheet(w, "问题清单", &err), 0);
    const char *h[] = {"地区", "问题"};
    assert_int_equal(kh_tabwriter_row(w, h, "hh", 2, &err), 0);
    const char *r[] = {"城关镇", "=cmd|' /C calc'!A0"};
    assert_int_equal(kh_tabwriter_row(w, r, NULL, 2, &err), 0);
    assert_int_equal(kh_tabwriter_sheet(w, "责任清单", &err), 0);
    assert_int_equal(kh_tabwriter_row(w, r, NULL, 2, &err), 0);
    assert_int_equal(kh_tabwriter_close(w, &err), 0);
    assert_int_equal(count_files("s.xlsx.tmp."), 0);
    assert_int_equal(count_fds(), fds);

    char *wb = member(path, "xl/workbook.xml");
    assert_non_null(strstr(wb, "name=\"问题清单\""));
    assert_non_null(strstr(wb, "name=\"责任清单\""));
    free(wb);
    char *s1 = member(path, "xl/worksheets/sheet1.xml");
    assert_null(strstr(s1, "<f>")); /* never a formula */
    assert_non_null(strstr(s1, "<col min=\"2\" max=\"2\" width=\"24"));
    free(s1);
    char *styles = member(path, "xl/styles.xml");
    assert_non_null(strstr(styles, "<b/>")); /* the header font */
    free(styles);

    /* An empty workbook still gets a sheet and is a valid file. */
    assert_int_equal(
        kh_tabwriter_open(tpath("e.xlsx"), KH_TAB_XLSX, 0, &w, &err), 0);
    assert_int_equal(kh_tabwriter_close(w, &err), 0);
    table_src *src = NULL;
    assert_int_equal(xlsx_src_open(tpath("e.xlsx"), &src, &err), 0);
    kh_row row = {0};
    int eof = 0;
    assert_int_equal(src->next(src, &row, &eof, &err), 0);
    assert_true(eof);
    src->close(src);
}

/* Past 1,048,576 rows the sheet continues on "<name>_2", header first. */
static void test_xlsx_row_limit(void **state)
{
    (void)state;
    const char *path = tpath("big.xlsx");
    const long total = 1048576 + 10; /* header + data rows */
    kh_tabwriter *w = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_tabwriter_open(path, KH_TAB_XLSX, 0, &w, &err), 0);
    assert_int_equal(kh_tabwriter_sheet(w, "花名册", &err), 0);
    const char *h[] = {"ID", "姓名"};
    assert_int_equal(kh_tabwriter_row(w, h, "hh", 2, &err), 0);
    for (long i = 1; i < total; i++) {
        char a[24];
        snprintf(a, sizeof a, "%ld", i);
        const char *row[] = {a, NULL};
        assert_int_equal(kh_tabwriter_row(w, row, "n", 1, &err), 0);
    }
    assert_int_equal(kh_tabwriter_close(w, &err), 0);

    char *wb = member(path, "xl/workbook.xml");
    assert_non_null(strstr(wb, "name=\"花名册\""));
    assert_non_null(strstr(wb, "name=\"花名册_2\""));
    free(wb);

    table_src *s = NULL;
    assert_int_equal(xlsx_src_open(path, &s, &err), 0);
    long rows = 0;
    kh_row last = {0};
    for (;;) {
        kh_row row = {0};
        int eof = 0;
        assert_int_equal(s->next(s, &row, &eof, &err), 0);
        if (eof) break;
        rows++;
        last = row;
    }
    assert_int_equal(rows, 1048576);
    assert_int_equal(last.line, 1048576);
    s->close(s);

    char *s2 = member(path, "xl/worksheets/sheet2.xml");
    assert_non_null(strstr(s2, "<row r=\"1\""));
    assert_non_null(strstr(s2, "<t>ID</t>"));
    assert_non_null(strstr(s2, "<v>1048576</v>"));
    assert_non_null(strstr(s2, "<v>1048585</v>"));
    assert_null(strstr(s2, "<row r=\"12\""));
    free(s2);
}

/* kh_afile (the PDF and text writers' file): the same modes as a table. */
static void test_afile_mode(void **state)
{
    (void)state;
    const char *path = tpath("doc.pdf");
    kh_afile f;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_afile_open(&f, path, &err), KH_OK);
    fputs("%PDF-1.4\n", f.fp);
    assert_int_equal(kh_afile_commit(&f, &err), KH_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644); /* not mkstemp's 0600 */
    assert_int_equal(count_files("doc.pdf.tmp."), 0);

    chmod(path, 0600);
    assert_int_equal(kh_afile_open(&f, path, &err), KH_OK);
    fputs("again\n", f.fp);
    assert_int_equal(kh_afile_commit(&f, &err), KH_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600); /* the old mode is kept */
    char *got = slurp(path, NULL);
    assert_string_equal(got, "again\n");
    free(got);

    /* Aborted: the target stays as it was, no temporary file is left. */
    assert_int_equal(kh_afile_open(&f, path, &err), KH_OK);
    fputs("lost\n", f.fp);
    kh_afile_abort(&f);
    got = slurp(path, NULL);
    assert_string_equal(got, "again\n");
    free(got);
    assert_int_equal(count_files("doc.pdf.tmp."), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_bom_and_gb18030),
        cmocka_unit_test(test_guard),
        cmocka_unit_test(test_csv_roundtrip),
        cmocka_unit_test(test_abandon),
        cmocka_unit_test(test_close_replaces),
        cmocka_unit_test(test_stdout),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_xlsx_sheets),
        cmocka_unit_test(test_xlsx_row_limit),
        cmocka_unit_test(test_afile_mode),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
