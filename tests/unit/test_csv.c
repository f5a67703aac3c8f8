/* SPDX-License-Identifier: MIT */
/*
 * test_csv.c - the CSV reader (src/io/csv_read.c) through kh_table_open
 * and kh_table_next on temporary files: RFC 4180 quoting, the physical
 * line numbers of records, line ends, empty rows, byte order mark,
 * GB18030, tab separation, a missing final newline, the formula guard,
 * rewinding, reads across the 1 MiB chunk boundary, and the failures
 * (unbalanced quote, NUL byte, invalid UTF-8, oversized line, empty file).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/table.h"

#define MiB (1u << 20)

/* "户编号" "姓名" "张三" in GB18030 bytes. */
#define HUBIANHAO_GB "\xBB\xA7\xB1\xE0\xBA\xC5"
#define XINGMING_GB "\xD0\xD5\xC3\xFB"
#define ZHANGSAN_GB "\xD5\xC5\xC8\xFD"

/* Temporary files made by a test; removed by the teardown. */
static char paths[8][64];
static int npaths;

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < npaths; i++)
        unlink(paths[i]);
    npaths = 0;
    return 0;
}

/* Write data[0..n) to a new temporary file; returns its path. */
static const char *tmpfile_with(const void *data, size_t n)
{
    assert_true(npaths < 8);
    char *p = paths[npaths++];
    snprintf(p, 64, "/tmp/kh_test_csv_XXXXXX");
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    if (n) assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return p;
}

static const char *tmpfile_str(const char *s)
{
    return tmpfile_with(s, strlen(s));
}

static kh_table *open_ok(const char *path)
{
    kh_table *t = NULL;
    kh_error err;
    kh_error_clear(&err);
    int rc = kh_table_open(path, &t, &err);
    if (rc) fail_msg("open %s: %s %s", path, err.code, err.en);
    assert_non_null(t);
    assert_string_equal(kh_table_kind(t), "csv");
    return t;
}

static const kh_row *next_ok(kh_table *t)
{
    const kh_row *r = NULL;
    kh_error err;
    kh_error_clear(&err);
    int rc = kh_table_next(t, &r, &err);
    if (rc) fail_msg("next: %s %s (line %ld)", err.code, err.en, err.line);
    return r;
}

/* Read rows until an error; returns the status and fills *err. */
static int next_until_error(kh_table *t, kh_error *err, long *rows_read)
{
    const kh_row *r;
    *rows_read = 0;
    kh_error_clear(err);
    for (;;) {
        int rc = kh_table_next(t, &r, err);
        if (rc) return rc;
        if (!r) return KH_OK;
        ++*rows_read;
    }
}

static void assert_cells(const kh_row *r, size_t n, ...)
{
    va_list ap;
    assert_non_null(r);
    assert_int_equal(r->n, n);
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        const char *want = va_arg(ap, const char *);
        assert_int_equal(r->cells[i].len, strlen(want));
        assert_memory_equal(r->cells[i].s, want, strlen(want));
        assert_int_equal(r->cells[i].s[r->cells[i].len], '\0');
    }
    va_end(ap);
}

static void assert_pos(const kh_row *r, long row, long line)
{
    assert_non_null(r);
    assert_int_equal(r->row, row);
    assert_int_equal(r->line, line);
}

/* ---- quoting ---- */

static void test_quoted_fields_keep_commas_quotes_and_newlines(void **state)
{
    (void)state;
    const char *p = tmpfile_str("a,b,c\r\n"
                                "\"x,y\",\"he said \"\"hi\"\"\",z\r\n"
                                "\"multi\r\nline\",\"two\nlines\nhere\",q\r\n"
                                "last,\"\",\"\"\"\"\r\n");
    kh_table *t = open_ok(p);
    const kh_row *r = next_ok(t);
    assert_pos(r, 0, 1);
    assert_cells(r, 3, "a", "b", "c");
    r = next_ok(t);
    assert_pos(r, 1, 2);
    assert_cells(r, 3, "x,y", "he said \"hi\"", "z");
    r = next_ok(t);
    assert_pos(r, 2, 3);
    assert_cells(r, 3, "multi\r\nline", "two\nlines\nhere", "q");
    /* The quoted record spanned lines 3-6: the next one starts on 7. */
    r = next_ok(t);
    assert_pos(r, 3, 7);
    assert_cells(r, 3, "last", "", "\"");
    assert_null(next_ok(t));
    kh_table_free(t);
}

static void test_text_after_closing_quote_is_kept(void **state)
{
    (void)state;
    const char *p = tmpfile_str("a,b\n\"ab\"cd,e\"f\"g\n");
    kh_table *t = open_ok(p);
    next_ok(t);
    assert_cells(next_ok(t), 2, "abcd", "e\"f\"g");
    kh_table_free(t);
}

static void test_lone_cr_inside_quotes_counts_as_a_line(void **state)
{
    (void)state;
    const char *p = tmpfile_str("a,b\r\"x\ry\",1\r2,3\r");
    kh_table *t = open_ok(p);
    assert_pos(next_ok(t), 0, 1);
    const kh_row *r = next_ok(t);
    assert_pos(r, 1, 2);
    assert_cells(r, 2, "x\ry", "1");
    r = next_ok(t);
    assert_pos(r, 2, 4);
    assert_cells(r, 2, "2", "3");
    kh_table_free(t);
}

/* ---- line ends ---- */

static void read_three_lines(const char *text)
{
    const char *p = tmpfile_str(text);
    kh_table *t = open_ok(p);
    const kh_row *r = next_ok(t);
    assert_pos(r, 0, 1);
    assert_cells(r, 2, "h1", "h2");
    r = next_ok(t);
    assert_pos(r, 1, 2);
    assert_cells(r, 2, "1", "2");
    r = next_ok(t);
    assert_pos(r, 2, 3);
    assert_cells(r, 2, "3", "");
    assert_null(next_ok(t));
    kh_table_free(t);
}

static void test_crlf_line_ends(void **state)
{
    (void)state;
    read_three_lines("h1,h2\r\n1,2\r\n3,\r\n");
}

static void test_lf_line_ends(void **state)
{
    (void)state;
    read_three_lines("h1,h2\n1,2\n3,\n");
}

static void test_cr_line_ends(void **state)
{
    (void)state;
    read_three_lines("h1,h2\r1,2\r3,\r");
}

static void test_mixed_line_ends_each_count_once(void **state)
{
    (void)state;
    read_three_lines("h1,h2\r\n1,2\r3,\n");
}

/* ---- empty rows ---- */

static void test_empty_lines_are_skipped_and_not_numbered(void **state)
{
    (void)state;
    const char *p =
        tmpfile_str("\n\r\nh1,h2\n\n1,2\n\n\n3,4\n ,\t\n,\n5,6\n\n");
    kh_table *t = open_ok(p);
    const kh_row *r = next_ok(t);
    assert_pos(r, 0, 3); /* the first non-empty line is the header */
    assert_cells(r, 2, "h1", "h2");
    r = next_ok(t);
    assert_pos(r, 1, 5);
    assert_cells(r, 2, "1", "2");
    r = next_ok(t);
    assert_pos(r, 2, 8);
    assert_cells(r, 2, "3", "4");
    /* " ,\t" and "," are rows of blank cells: skipped. */
    r = next_ok(t);
    assert_pos(r, 3, 11);
    assert_cells(r, 2, "5", "6");
    assert_null(next_ok(t));
    kh_table_free(t);
}

static void test_only_empty_lines_give_no_header(void **state)
{
    (void)state;
    const char *p = tmpfile_str("\n\r\n  \n");
    kh_table *t = open_ok(p);
    assert_null(next_ok(t));
    kh_table_free(t);
}

/* ---- encodings and separators ---- */

static void test_bom_is_stripped(void **state)
{
    (void)state;
    const char *p = tmpfile_str("\xEF\xBB\xBF户编号,姓名\n1,张三\n");
    kh_table *t = open_ok(p);
    assert_int_equal(kh_table_encoding(t), KH_ENC_UTF8_BOM);
    assert_cells(next_ok(t), 2, "户编号", "姓名");
    assert_cells(next_ok(t), 2, "1", "张三");
    kh_table_free(t);
}

static void test_utf8_without_bom_is_detected(void **state)
{
    (void)state;
    const char *p = tmpfile_str("户编号,姓名\n1,张三\n");
    kh_table *t = open_ok(p);
    assert_int_equal(kh_table_encoding(t), KH_ENC_UTF8);
    assert_cells(next_ok(t), 2, "户编号", "姓名");
    kh_table_free(t);
}

static void test_gb18030_file_is_decoded_to_utf8(void **state)
{
    (void)state;
    const char *p =
        tmpfile_str(HUBIANHAO_GB "," XINGMING_GB "\r\n"
                                 "H1," ZHANGSAN_GB "\r\n"
                                 "H2,\"" ZHANGSAN_GB "," ZHANGSAN_GB "\"\r\n");
    kh_table *t = open_ok(p);
    assert_int_equal(kh_table_encoding(t), KH_ENC_GB18030);
    const kh_row *r = next_ok(t);
    assert_pos(r, 0, 1);
    assert_cells(r, 2, "户编号", "姓名");
    r = next_ok(t);
    assert_pos(r, 1, 2);
    assert_cells(r, 2, "H1", "张三");
    assert_cells(next_ok(t), 2, "H2", "张三,张三");
    assert_null(next_ok(t));
    kh_table_free(t);
}

static void test_tab_separated_file(void **state)
{
    (void)state;
    const char *p =
        tmpfile_str("户编号\t姓名\t备注\n1\t张三\t1,5\n2\t\"a\tb\"\t\n");
    kh_table *t = open_ok(p);
    assert_cells(next_ok(t), 3, "户编号", "姓名", "备注");
    /* A comma is data in a tab-separated file. */
    assert_cells(next_ok(t), 3, "1", "张三", "1,5");
    assert_cells(next_ok(t), 3, "2", "a\tb", "");
    kh_table_free(t);
}

static void test_comma_wins_when_header_has_both(void **state)
{
    (void)state;
    const char *p = tmpfile_str("a\tb,c\n1\t2,3\n");
    kh_table *t = open_ok(p);
    assert_cells(next_ok(t), 2, "a\tb", "c");
    kh_table_free(t);
}

/* ---- shapes of records ---- */

static void test_last_line_without_newline_is_read(void **state)
{
    (void)state;
    const char *p = tmpfile_str("a,b\n1,2\n3,4");
    kh_table *t = open_ok(p);
    next_ok(t);
    next_ok(t);
    const kh_row *r = next_ok(t);
    assert_pos(r, 2, 3);
    assert_cells(r, 2, "3", "4");
    assert_null(next_ok(t));
    kh_table_free(t);

    p = tmpfile_str("a,b\n1,\"x\ny\"");
    t = open_ok(p);
    next_ok(t);
    assert_cells(next_ok(t), 2, "1", "x\ny");
    assert_null(next_ok(t));
    kh_table_free(t);
}

static void test_rows_keep_their_own_width(void **state)
{
    (void)state;
    const char *p = tmpfile_str("a,b,c\n1,2\n1,2,3,4\n,,\n1,2,\n");
    kh_table *t = open_ok(p);
    next_ok(t);
    assert_cells(next_ok(t), 2, "1", "2");
    assert_cells(next_ok(t), 4, "1", "2", "3", "4");
    /* ",," is blank: skipped. */
    assert_cells(next_ok(t), 3, "1", "2", "");
    kh_table_free(t);
}

static void test_formula_guard_quote_is_removed(void **state)
{
    (void)state;
    const char *p = tmpfile_str("a,b,c,d,e,f\n"
                                "'=1+1,\"'=SUM(A1)\",'+5,'@x,'abc,''=1\n");
    kh_table *t = open_ok(p);
    next_ok(t);
    /* Only a quote in front of = + - @ is the guard. */
    assert_cells(next_ok(t), 6, "=1+1", "=SUM(A1)", "+5", "@x", "'abc", "'=1");
    kh_table_free(t);
}

static void test_rewind_returns_header_again(void **state)
{
    (void)state;
    const char *p = tmpfile_str("\nh1,h2\n1,2\n3,4\n");
    kh_table *t = open_ok(p);
    assert_cells(next_ok(t), 2, "h1", "h2");
    next_ok(t);
    next_ok(t);
    assert_null(next_ok(t));
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_table_rewind(t, &err), KH_OK);
    const kh_row *r = next_ok(t);
    assert_pos(r, 0, 2);
    assert_cells(r, 2, "h1", "h2");
    r = next_ok(t);
    assert_pos(r, 1, 3);
    assert_cells(r, 2, "1", "2");
    /* Rewinding in the middle works too. */
    assert_int_equal(kh_table_rewind(t, &err), KH_OK);
    assert_pos(next_ok(t), 0, 2);
    kh_table_free(t);
}

static void test_rewind_after_file_changed_is_error(void **state)
{
    (void)state;
    const char *p = tmpfile_str("h1,h2\n1,2\n");
    kh_table *t = open_ok(p);
    while (next_ok(t)) {
    }
    FILE *f = fopen(p, "ab");
    assert_non_null(f);
    fputs("3,4\n", f);
    fclose(f);
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_table_rewind(t, &err), KH_ERR_IO);
    assert_string_equal(err.code, "file_changed");
    assert_string_equal(err.file, p);
    kh_table_free(t);
}

static void test_rewind_gb18030_decodes_again(void **state)
{
    (void)state;
    const char *p = tmpfile_str(HUBIANHAO_GB "\n" ZHANGSAN_GB "\n");
    kh_table *t = open_ok(p);
    next_ok(t);
    assert_cells(next_ok(t), 1, "张三");
    kh_error err;
    assert_int_equal(kh_table_rewind(t, &err), KH_OK);
    assert_cells(next_ok(t), 1, "户编号");
    assert_int_equal(kh_table_encoding(t), KH_ENC_GB18030);
    kh_table_free(t);
}

static void test_progress_reaches_file_size(void **state)
{
    (void)state;
    const char *text = "a,b\n1,2\n";
    const char *p = tmpfile_str(text);
    kh_table *t = open_ok(p);
    while (next_ok(t)) {
    }
    long long done = 0, total = 0;
    kh_table_progress(t, &done, &total);
    assert_int_equal(total, (long long)strlen(text));
    assert_int_equal(done, total);
    assert_string_equal(kh_table_path(t), p);
    kh_table_free(t);
}

/* ---- key-only reading ---- */

typedef struct keyrow {
    long row, line;
    char key[32];
} keyrow;

/* Rows of t as (row, line, cell col), reading with key_only = kcol. */
static size_t read_keys(kh_table *t, int kcol, int col, keyrow *out, size_t max)
{
    kh_error err;
    assert_int_equal(kh_table_rewind(t, &err), KH_OK);
    kh_table_key_only(t, kcol);
    size_t n = 0;
    const kh_row *r;
    while ((r = next_ok(t)) != NULL) {
        assert_true(n < max);
        out[n].row = r->row;
        out[n].line = r->line;
        kh_cell c = (size_t)col < r->n ? r->cells[col] : (kh_cell){"", 0};
        snprintf(out[n].key, sizeof out[n].key, "%.*s", (int)c.len, c.s);
        n++;
    }
    return n;
}

/* Key-only reading must see the same rows, lines and keys as a full read
 * (the loader's first pass relies on it). */
static void assert_key_only_agrees(const char *text, int col)
{
    keyrow full[32], keys[32];
    const char *p = tmpfile_str(text);
    kh_table *t = open_ok(p);
    size_t nf = read_keys(t, -1, col, full, 32);
    size_t nk = read_keys(t, col, col, keys, 32);
    assert_int_equal(nk, nf);
    for (size_t i = 0; i < nf; i++) {
        assert_int_equal(keys[i].row, full[i].row);
        assert_int_equal(keys[i].line, full[i].line);
        assert_string_equal(keys[i].key, full[i].key);
    }
    kh_table_free(t);
}

static void test_key_only_agrees_with_full_read_lf(void **state)
{
    (void)state;
    assert_key_only_agrees("户编号,姓名,x\n"
                           "H1,张三,1\n"
                           "\n"
                           "H2,\"李\n四\",2\n" /* quoted: full parser */
                           " ,\t,\n"           /* blank row */
                           "H1,王五\n"         /* short row */
                           "H3\n"
                           ",,9\n"   /* blank key, not blank */
                           "H4,x,y", /* no final newline */
                           0);
    assert_key_only_agrees("a,户编号\nx,H1\ny\nz,H2,extra\n", 1);
}

static void test_key_only_agrees_with_full_read_crlf(void **state)
{
    (void)state;
    assert_key_only_agrees("户编号,姓名\r\nH1,a\r\n\r\nH2,\"b\r\nc\"\r\n"
                           "H3,d\r\n",
                           0);
}

static void test_key_only_then_full_rows_after_rewind(void **state)
{
    (void)state;
    const char *p = tmpfile_str("k,v\nH1,a\nH2,b\n");
    kh_table *t = open_ok(p);
    next_ok(t);
    kh_table_key_only(t, 0);
    const kh_row *r = next_ok(t);
    assert_int_equal(r->cells[0].len, 2);
    assert_memory_equal(r->cells[0].s, "H1", 2);
    kh_table_key_only(t, -1);
    kh_error err;
    assert_int_equal(kh_table_rewind(t, &err), KH_OK);
    assert_cells(next_ok(t), 2, "k", "v");
    assert_cells(next_ok(t), 2, "H1", "a");
    assert_cells(next_ok(t), 2, "H2", "b");
    assert_null(next_ok(t));
    kh_table_free(t);
}

/* ---- across the 1 MiB read chunk ---- */

/* Fill b with "1,中\n" rows until the next row would cross `upto`. */
static long fill_rows(kh_buf *b, size_t upto, const char *row)
{
    long n = 0;
    while (b->len + strlen(row) <= upto) {
        assert_int_equal(kh_buf_adds(b, row), 0);
        n++;
    }
    return n;
}

static void test_utf8_character_split_by_chunk_is_decoded(void **state)
{
    (void)state;
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_buf_adds(&b, "a,b\n"), 0);
    long rows = fill_rows(&b, MiB - 2, "1,中\n");
    /* Pad with empty lines so that 中 starts 1 byte before the chunk
     * boundary. */
    while (b.len < MiB - 3)
        assert_int_equal(kh_buf_addc(&b, '\n'), 0);
    assert_int_equal(kh_buf_adds(&b, "中文,x\n"), 0);
    assert_int_equal(kh_buf_adds(&b, "end,中\n"), 0);
    const char *p = tmpfile_with(b.data, b.len);
    kh_table *t = open_ok(p);
    next_ok(t);
    for (long i = 0; i < rows; i++)
        assert_cells(next_ok(t), 2, "1", "中");
    const kh_row *r = next_ok(t);
    assert_cells(r, 2, "中文", "x");
    assert_int_equal(r->row, rows + 1);
    assert_cells(next_ok(t), 2, "end", "中");
    assert_null(next_ok(t));
    kh_table_free(t);
    kh_buf_free(&b);
}

static void test_gb18030_character_split_by_chunk_is_decoded(void **state)
{
    (void)state;
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_buf_adds(&b, HUBIANHAO_GB "\n"), 0);
    long rows = fill_rows(&b, MiB - 2, ZHANGSAN_GB "\n");
    while (b.len < MiB - 1)
        assert_int_equal(kh_buf_addc(&b, '\n'), 0);
    /* 张 is split: D5 | C5. */
    assert_int_equal(kh_buf_adds(&b, ZHANGSAN_GB "!\n"), 0);
    const char *p = tmpfile_with(b.data, b.len);
    kh_table *t = open_ok(p);
    assert_int_equal(kh_table_encoding(t), KH_ENC_GB18030);
    next_ok(t);
    for (long i = 0; i < rows; i++)
        assert_cells(next_ok(t), 1, "张三");
    assert_cells(next_ok(t), 1, "张三!");
    assert_null(next_ok(t));
    kh_table_free(t);
    kh_buf_free(&b);
}

static void test_crlf_split_by_chunk_is_one_line_end(void **state)
{
    (void)state;
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_buf_adds(&b, "a,b\r\n"), 0);
    long rows = fill_rows(&b, MiB - 6, "1,2\r\n");
    /* A record whose CR is the chunk's last byte. */
    while (b.len < MiB - 3)
        assert_int_equal(kh_buf_addc(&b, 'x'), 0);
    assert_int_equal(kh_buf_adds(&b, ",y\r\nz,w\r\n"), 0);
    assert_int_equal(b.data[MiB - 1], '\r');
    const char *p = tmpfile_with(b.data, b.len);
    kh_table *t = open_ok(p);
    next_ok(t);
    for (long i = 0; i < rows; i++)
        next_ok(t);
    const kh_row *r = next_ok(t);
    assert_int_equal(r->line, rows + 2);
    assert_cells(next_ok(t), 2, "z", "w");
    assert_null(next_ok(t));
    kh_table_free(t);
    kh_buf_free(&b);
}

static void test_quoted_crlf_split_by_chunk_is_one_line(void **state)
{
    (void)state;
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_buf_adds(&b, "a,b\n"), 0);
    long rows = fill_rows(&b, MiB - 10, "1,2\n");
    assert_int_equal(kh_buf_adds(&b, "q,\""), 0);
    size_t start = b.len;
    while (b.len < MiB - 1)
        assert_int_equal(kh_buf_addc(&b, 'x'), 0);
    /* CR is the chunk's last byte, LF the next chunk's first. */
    assert_int_equal(kh_buf_adds(&b, "\r\ny\"\nz,w\n"), 0);
    assert_int_equal(b.data[MiB - 1], '\r');
    const char *p = tmpfile_with(b.data, b.len);
    kh_table *t = open_ok(p);
    next_ok(t);
    for (long i = 0; i < rows; i++)
        next_ok(t);
    const kh_row *r = next_ok(t);
    assert_int_equal(r->line, rows + 2);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->cells[1].len, MiB - 1 - start + 3);
    assert_memory_equal(r->cells[1].s + r->cells[1].len - 3, "\r\ny", 3);
    /* The quoted record spans two lines; the next starts right after. */
    r = next_ok(t);
    assert_cells(r, 2, "z", "w");
    assert_int_equal(r->line, rows + 4);
    kh_table_free(t);
    kh_buf_free(&b);
}

/* ---- failures ---- */

static void test_unbalanced_quote_reports_line_where_it_opened(void **state)
{
    (void)state;
    const char *p = tmpfile_str("a,b\n1,2\n3,\"open\n4,5\n6,7\n");
    kh_table *t = open_ok(p);
    kh_error err;
    long n = 0;
    assert_int_equal(next_until_error(t, &err, &n), KH_ERR_FORMAT);
    assert_int_equal(n, 2); /* header and the first data row */
    assert_string_equal(err.code, "quote_unbalanced");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.row, 2);
    assert_string_equal(err.file, p);
    kh_table_free(t);
}

static void test_unbalanced_quote_in_header_line_1(void **state)
{
    (void)state;
    const char *p = tmpfile_str("\"a,b\n1,2\n");
    kh_table *t = open_ok(p);
    kh_error err;
    long n = 0;
    assert_int_equal(next_until_error(t, &err, &n), KH_ERR_FORMAT);
    assert_int_equal(n, 0);
    assert_string_equal(err.code, "quote_unbalanced");
    assert_int_equal(err.line, 1);
    kh_table_free(t);
}

static void test_nul_byte_is_reported_at_its_line(void **state)
{
    (void)state;
    const char data[] = "a,b\n1,2\n3\0,4\n";
    const char *p = tmpfile_with(data, sizeof data - 1);
    kh_table *t = open_ok(p);
    kh_error err;
    long n = 0;
    assert_int_equal(next_until_error(t, &err, &n), KH_ERR_FORMAT);
    assert_int_equal(n, 2);
    assert_string_equal(err.code, "nul_byte");
    assert_int_equal(err.line, 3);
    assert_string_equal(err.file, p);
    kh_table_free(t);
}

static void test_invalid_utf8_mid_file_is_encoding_at_its_line(void **state)
{
    (void)state;
    /* More than the 1 MiB detection sample of clean UTF-8, then a stray
     * byte: the reader has committed to UTF-8 and reports the line. */
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_buf_adds(&b, "户编号,姓名\n"), 0);
    long rows = fill_rows(&b, MiB + 100000, "1,张三\n");
    assert_int_equal(kh_buf_adds(&b, "2,张\xFF三\n3,x\n"), 0);
    const char *p = tmpfile_with(b.data, b.len);
    kh_table *t = open_ok(p);
    assert_int_equal(kh_table_encoding(t), KH_ENC_UTF8);
    kh_error err;
    long n = 0;
    assert_int_equal(next_until_error(t, &err, &n), KH_ERR_FORMAT);
    assert_string_equal(err.code, "encoding");
    assert_int_equal(n, rows + 1);
    assert_int_equal(err.line, rows + 2);
    assert_int_equal(err.row, rows + 1);
    kh_table_free(t);
    kh_buf_free(&b);
}

static void
test_invalid_utf8_in_small_file_is_encoding_at_its_line(void **state)
{
    (void)state;
    /* Within the detection sample: the lines before the bad byte decode,
     * so the file is read and the error points at line 4. */
    const char *p = tmpfile_str("户编号,姓名\n1,张三\n\n2,张\xFF\n3,x\n");
    kh_table *t = open_ok(p);
    kh_error err;
    long n = 0;
    assert_int_equal(next_until_error(t, &err, &n), KH_ERR_FORMAT);
    assert_string_equal(err.code, "encoding");
    assert_int_equal(n, 2);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.row, 2);
    kh_table_free(t);
}

static void test_truncated_character_mid_line_is_encoding(void **state)
{
    (void)state;
    /* 中 missing its last byte, followed by more text on the line. */
    const char *p = tmpfile_str("a,b\n1,\xE4\xB8\xAD\n2,\xE4\xB8,x\n");
    kh_table *t = open_ok(p);
    kh_error err;
    long n = 0;
    assert_int_equal(next_until_error(t, &err, &n), KH_ERR_FORMAT);
    assert_string_equal(err.code, "encoding");
    assert_int_equal(err.line, 3);
    kh_table_free(t);
}

static void test_invalid_gb18030_mid_file_is_encoding_at_its_line(void **state)
{
    (void)state;
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_buf_adds(&b, HUBIANHAO_GB "\n"), 0);
    long rows = fill_rows(&b, MiB + 5000, ZHANGSAN_GB "\n");
    assert_int_equal(kh_buf_adds(&b, "x\x80y\n"), 0);
    const char *p = tmpfile_with(b.data, b.len);
    kh_table *t = open_ok(p);
    assert_int_equal(kh_table_encoding(t), KH_ENC_GB18030);
    kh_error err;
    long n = 0;
    assert_int_equal(next_until_error(t, &err, &n), KH_ERR_FORMAT);
    assert_string_equal(err.code, "encoding");
    assert_int_equal(n, rows + 1);
    assert_int_equal(err.line, rows + 2);
    kh_table_free(t);
    kh_buf_free(&b);
}

static void test_binary_file_is_encoding_error_at_open(void **state)
{
    (void)state;
    /* A JPEG: not even its first line decodes as either encoding. */
    const char data[] = "\xFF\xD8\xFF\xE0\x00\x10"
                        "JFIF\n\x80\x80";
    const char *p = tmpfile_with(data, sizeof data - 1);
    kh_table *t = (kh_table *)1;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_table_open(p, &t, &err), KH_ERR_FORMAT);
    assert_null(t);
    assert_string_equal(err.code, "encoding");
    assert_string_equal(err.file, p);
}

static void test_truncated_utf8_at_end_is_encoding(void **state)
{
    (void)state;
    /* The last character lacks its final byte: the first line decodes,
     * so the file is read and the error points at line 2. */
    const char *p = tmpfile_str("a,b\n1,\xE4\xB8\xAD\xE4\xB8");
    kh_table *t = open_ok(p);
    kh_error err;
    long n = 0;
    assert_int_equal(next_until_error(t, &err, &n), KH_ERR_FORMAT);
    assert_string_equal(err.code, "encoding");
    assert_int_equal(n, 1);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.row, 1);
    kh_table_free(t);
}

static void test_five_mib_line_is_line_too_long(void **state)
{
    (void)state;
    size_t n = 5 * MiB;
    char *data = malloc(n + 16);
    assert_non_null(data);
    memcpy(data, "a,b\n", 4);
    memset(data + 4, 'x', n);
    memcpy(data + 4 + n, ",1\n", 3);
    const char *p = tmpfile_with(data, n + 7);
    free(data);
    kh_table *t = open_ok(p);
    kh_error err;
    long rows = 0;
    assert_int_equal(next_until_error(t, &err, &rows), KH_ERR_LIMIT);
    assert_int_equal(rows, 1);
    assert_string_equal(err.code, "line_too_long");
    assert_int_equal(err.line, 2);
    assert_string_equal(err.file, p);
    kh_table_free(t);
}

static void test_many_cells_over_4_mib_is_line_too_long(void **state)
{
    (void)state;
    /* Cells under the cell limit, a record over the record limit. */
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_buf_adds(&b, "a\n"), 0);
    char cell[1000];
    memset(cell, 'y', sizeof cell - 2);
    cell[sizeof cell - 2] = ',';
    cell[sizeof cell - 1] = '\0';
    for (int i = 0; i < 1000; i++)
        assert_int_equal(kh_buf_adds(&b, cell), 0);
    assert_int_equal(kh_buf_adds(&b, "\n"), 0);
    /* 1000 cells is fine; now a record of 5000 cells of 1 KB. */
    for (int i = 0; i < 5000; i++)
        assert_int_equal(kh_buf_adds(&b, cell), 0);
    assert_int_equal(kh_buf_adds(&b, "\n"), 0);
    const char *p = tmpfile_with(b.data, b.len);
    kh_buf_free(&b);
    kh_table *t = open_ok(p);
    kh_error err;
    long rows = 0;
    int rc = next_until_error(t, &err, &rows);
    assert_int_not_equal(rc, KH_OK);
    assert_string_equal(err.code, "line_too_long");
    assert_int_equal(err.line, 3);
    kh_table_free(t);
}

/* A quoted field of 5 MiB made of line breaks or of doubled quotes: the
 * limit holds on every path that appends, with the code set. */
static void quoted_field_over_limit(const char *pair)
{
    size_t n = 5 * MiB;
    char *data = malloc(n + 16);
    assert_non_null(data);
    memcpy(data, "a,b\n1,\"", 7);
    for (size_t i = 0; i < n; i += 2)
        memcpy(data + 7 + i, pair, 2);
    memcpy(data + 7 + n, "\"\n", 2);
    const char *p = tmpfile_with(data, n + 9);
    free(data);
    kh_table *t = open_ok(p);
    kh_error err;
    long rows = 0;
    assert_int_equal(next_until_error(t, &err, &rows), KH_ERR_LIMIT);
    assert_string_equal(err.code, "line_too_long");
    assert_int_equal(err.line, 2);
    kh_table_free(t);
}

static void test_quoted_crlfs_over_4_mib_is_line_too_long(void **state)
{
    (void)state;
    quoted_field_over_limit("\r\n");
}

static void test_doubled_quotes_over_4_mib_is_line_too_long(void **state)
{
    (void)state;
    quoted_field_over_limit("\"\"");
}

static void test_cell_over_1_mib_is_line_too_long(void **state)
{
    (void)state;
    size_t n = MiB + 10;
    char *data = malloc(n + 16);
    assert_non_null(data);
    memcpy(data, "a,b\n\"", 5);
    memset(data + 5, 'z', n);
    memcpy(data + 5 + n, "\",1\n", 4);
    const char *p = tmpfile_with(data, n + 9);
    free(data);
    kh_table *t = open_ok(p);
    kh_error err;
    long rows = 0;
    assert_int_equal(next_until_error(t, &err, &rows), KH_ERR_LIMIT);
    assert_string_equal(err.code, "line_too_long");
    assert_int_equal(err.line, 2);
    kh_table_free(t);
}

static void test_empty_file_is_file_empty(void **state)
{
    (void)state;
    const char *p = tmpfile_with("", 0);
    kh_table *t = (kh_table *)1;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_table_open(p, &t, &err), KH_ERR_FORMAT);
    assert_null(t);
    assert_string_equal(err.code, "file_empty");
    assert_string_equal(err.file, p);
}

static void test_missing_file_is_io_error(void **state)
{
    (void)state;
    kh_table *t = (kh_table *)1;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(
        kh_table_open("/tmp/kh_test_csv_does_not_exist/x.csv", &t, &err),
        KH_ERR_IO);
    assert_null(t);
    assert_string_equal(err.code, "io");
    assert_string_equal(err.file, "/tmp/kh_test_csv_does_not_exist/x.csv");
}

static void test_free_null_is_noop(void **state)
{
    (void)state;
    kh_table_free(NULL);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)


/* Regressions of the key-only pass: a lone CR ending a record, a formula
 * guarded key, a NUL byte, all as the full parser sees them. */
static void test_key_only_lone_cr_keeps_every_row(void **state)
{
    (void)state;
    assert_key_only_agrees("k,v\r\nH1,a\r\nH2,b\rH3,c\r\nH4,d\r\n", 0);
}

static void test_key_only_undoes_formula_guard(void **state)
{
    (void)state;
    assert_key_only_agrees("k,v\nH1,a\n'-1,b\n", 0);
}

static void test_key_only_reports_nul_byte(void **state)
{
    (void)state;
    static const char text[] = "k,v\nH1,a\nH2,b\0x\nH3,c\n";
    const char *p = tmpfile_with(text, sizeof text - 1);
    kh_table *t = open_ok(p);
    kh_table_key_only(t, 0);
    kh_error err;
    long rows;
    assert_int_equal(next_until_error(t, &err, &rows), KH_ERR_FORMAT);
    assert_string_equal(err.code, "nul_byte");
    assert_int_equal(err.line, 3);
    kh_table_free(t);
}

static void test_key_only_key_is_nul_terminated(void **state)
{
    (void)state;
    const char *p = tmpfile_str("k,v\nH1,a\nH2,b\n");
    kh_table *t = open_ok(p);
    kh_table_key_only(t, 0);
    next_ok(t);
    const kh_row *r = next_ok(t);
    assert_int_equal(r->cells[0].len, 2);
    assert_string_equal(r->cells[0].s, "H1");
    kh_table_free(t);
}

static void test_bom_stripped_when_a_later_byte_is_bad(void **state)
{
    (void)state;
    const char *p = tmpfile_str("\xEF\xBB\xBF户编号,姓名\n1,张三\n2,\xFF\n");
    kh_table *t = open_ok(p);
    const kh_row *h = next_ok(t);
    assert_cells(h, 2, "户编号", "姓名");
    next_ok(t);
    kh_error err;
    long rows;
    assert_int_equal(next_until_error(t, &err, &rows), KH_ERR_FORMAT);
    assert_string_equal(err.code, "encoding");
    assert_int_equal(err.line, 3);
    kh_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_quoted_fields_keep_commas_quotes_and_newlines),
        T(test_text_after_closing_quote_is_kept),
        T(test_lone_cr_inside_quotes_counts_as_a_line),
        T(test_crlf_line_ends),
        T(test_lf_line_ends),
        T(test_cr_line_ends),
        T(test_mixed_line_ends_each_count_once),
        T(test_empty_lines_are_skipped_and_not_numbered),
        T(test_only_empty_lines_give_no_header),
        T(test_bom_is_stripped),
        T(test_utf8_without_bom_is_detected),
        T(test_gb18030_file_is_decoded_to_utf8),
        T(test_tab_separated_file),
        T(test_comma_wins_when_header_has_both),
        T(test_last_line_without_newline_is_read),
        T(test_key_only_lone_cr_keeps_every_row),
        T(test_key_only_undoes_formula_guard),
        T(test_key_only_reports_nul_byte),
        T(test_key_only_key_is_nul_terminated),
        T(test_bom_stripped_when_a_later_byte_is_bad),
        T(test_rows_keep_their_own_width),
        T(test_formula_guard_quote_is_removed),
        T(test_rewind_returns_header_again),
        T(test_rewind_after_file_changed_is_error),
        T(test_rewind_gb18030_decodes_again),
        T(test_progress_reaches_file_size),
        T(test_key_only_agrees_with_full_read_lf),
        T(test_key_only_agrees_with_full_read_crlf),
        T(test_key_only_then_full_rows_after_rewind),
        T(test_utf8_character_split_by_chunk_is_decoded),
        T(test_gb18030_character_split_by_chunk_is_decoded),
        T(test_crlf_split_by_chunk_is_one_line_end),
        T(test_quoted_crlf_split_by_chunk_is_one_line),
        T(test_unbalanced_quote_reports_line_where_it_opened),
        T(test_unbalanced_quote_in_header_line_1),
        T(test_nul_byte_is_reported_at_its_line),
        T(test_invalid_utf8_mid_file_is_encoding_at_its_line),
        T(test_invalid_utf8_in_small_file_is_encoding_at_its_line),
        T(test_truncated_character_mid_line_is_encoding),
        T(test_invalid_gb18030_mid_file_is_encoding_at_its_line),
        T(test_binary_file_is_encoding_error_at_open),
        T(test_truncated_utf8_at_end_is_encoding),
        T(test_five_mib_line_is_line_too_long),
        T(test_many_cells_over_4_mib_is_line_too_long),
        T(test_quoted_crlfs_over_4_mib_is_line_too_long),
        T(test_doubled_quotes_over_4_mib_is_line_too_long),
        T(test_cell_over_1_mib_is_line_too_long),
        T(test_empty_file_is_file_empty),
        T(test_missing_file_is_io_error),
        T(test_free_null_is_noop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
