/* SPDX-License-Identifier: MIT */
/*
 * test_doc.c - the document model (src/io/doc.c, src/io/docx.c) and the
 * plain data documents are written from (src/domain/docdata.c): display
 * widths, column widths from content, the DOCX package (parts, escaping,
 * all or nothing), the 文号 from its pattern, owned problem rows.
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
#include <zip.h>

#include "kaohe/doc.h"
#include "kaohe/documents.h"

static void test_text_width_counts_cjk_double(void **state)
{
    (void)state;
    assert_int_equal(kh_doc_text_width("abc"), 3);
    assert_int_equal(kh_doc_text_width("编号"), 4);
    assert_int_equal(kh_doc_text_width("12号"), 4);
    assert_int_equal(kh_doc_text_width(""), 0);
}

/* A number column is as wide as its longest number (ids never wrap);
 * text columns are at least their header. */
static void test_column_widths_from_content(void **state)
{
    (void)state;
    kh_doc *d = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_doc_new("测试", 1, &d, &err), 0);
    static const kh_doc_col cols[] = {
        {"编号", 1, 'n'}, {"问题", 0, 's'}, {"整改措施", 0, 's'}};
    assert_int_equal(kh_doc_table(d, "表", cols, 3, &err), 0);
    const char *r1[] = {"1234567890123", "一个很长很长很长很长很长很长很长很长很长很长很长很长的问题", "措施"};
    const char *r2[] = {"7", "短", NULL};
    assert_int_equal(kh_doc_row(d, r1, &err), 0);
    assert_int_equal(kh_doc_row(d, r2, &err), 0);
    const kh_doc_block *b = kh_doc_block_at(d, kh_doc_nblocks(d) - 1);
    assert_int_equal(b->nrows, 2);
    assert_null(b->cells[5]); /* an empty cell stays NULL */
    double w[3];
    kh_doc_col_weights(b, 60, 2, w);
    assert_true(w[0] >= 13 + 2);           /* the 13-digit id whole */
    assert_true(w[2] >= 8 / 2 + 2);        /* 整改措施 in two lines at least */
    assert_true(w[0] + w[1] + w[2] <= 60 + 1e-9);
    assert_true(w[1] > w[2]);              /* the long text gets the room */
    /* a row outside a table is refused */
    kh_doc *e = NULL;
    assert_int_equal(kh_doc_new("测试", 0, &e, &err), 0);
    assert_int_not_equal(kh_doc_row(e, r2, &err), 0);
    kh_doc_free(e);
    kh_doc_free(d);
}

static char *zip_part(const char *path, const char *name)
{
    int ze = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
    if (!z) return NULL;
    zip_stat_t st;
    char *buf = NULL;
    if (!zip_stat(z, name, 0, &st)) {
        zip_file_t *f = zip_fopen(z, name, 0);
        buf = calloc(1, st.size + 1);
        if (f && buf) zip_fread(f, buf, st.size);
        if (f) zip_fclose(f);
    }
    zip_close(z);
    return buf;
}

static void test_docx_package_and_escaping(void **state)
{
    (void)state;
    char dir[] = "/tmp/kaohe-test-doc.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], bad[256];
    snprintf(path, sizeof path, "%s/a.docx", dir);
    snprintf(bad, sizeof bad, "%s/nodir/a.docx", dir);
    kh_doc *d = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_doc_new("整改方案", 1, &d, &err), 0);
    assert_int_equal(kh_doc_docno(d, "沧开组〔2020〕12号", &err), 0);
    assert_int_equal(kh_doc_title(d, "标题<&>\"", NULL, &err), 0);
    assert_int_equal(kh_doc_heading(d, "一、指导思想", &err), 0);
    assert_int_equal(kh_doc_para(d, "正文\x01第一行\n第二行", &err), 0);
    static const kh_doc_col cols[] = {{"编号", 1, 'n'}, {"问题", 0, 's'}};
    assert_int_equal(kh_doc_table(d, "表", cols, 2, &err), 0);
    const char *r[] = {"1", "a<b"};
    assert_int_equal(kh_doc_row(d, r, &err), 0);
    assert_int_equal(kh_doc_signoff(d, "某县扶贫开发领导小组", "2020年6月28日", &err), 0);
    kh_doc_meta m = {"题", "张三", "2020-06-30 08:00"};
    assert_int_equal(kh_doc_write(d, KH_DOC_DOCX, path, &m, &err), 0);
    static const char *const parts[] = {
        "[Content_Types].xml", "_rels/.rels", "word/document.xml",
        "word/_rels/document.xml.rels", "word/styles.xml", "word/footer1.xml",
        "docProps/core.xml"};
    for (size_t i = 0; i < 7; i++) {
        char *x = zip_part(path, parts[i]);
        assert_non_null(x);
        assert_non_null(strstr(x, "<?xml"));
        free(x);
    }
    char *doc = zip_part(path, "word/document.xml");
    assert_non_null(strstr(doc, "标题&lt;&amp;&gt;\"</w:t>"));
    assert_non_null(strstr(doc, "a&lt;b"));
    assert_null(strchr(doc, '\x01'));          /* no control character */
    assert_non_null(strstr(doc, "<w:br/>"));    /* the line break kept */
    assert_non_null(strstr(doc, "<w:tblHeader/>"));
    assert_non_null(strstr(doc, "沧开组〔2020〕12号"));
    free(doc);
    char *ftr = zip_part(path, "word/footer1.xml");
    assert_non_null(strstr(ftr, " PAGE "));
    assert_non_null(strstr(ftr, "— "));
    free(ftr);
    char *core = zip_part(path, "docProps/core.xml");
    assert_non_null(strstr(core, "<dc:creator>张三</dc:creator>"));
    assert_non_null(strstr(core, "2020-06-30T08:00:00Z"));
    free(core);
    /* a path that cannot be written: an error, nothing left */
    kh_error_clear(&err);
    assert_int_not_equal(kh_doc_write(d, KH_DOC_DOCX, bad, &m, &err), 0);
    assert_int_equal(access(bad, F_OK), -1);
    /* an unknown format */
    assert_int_equal(kh_doc_format_of("x.txt"), 0);
    assert_int_equal(kh_doc_format_of("x.docx"), KH_DOC_DOCX);
    assert_int_not_equal(kh_doc_write(d, 0, path, &m, &err), 0);
    kh_doc_free(d);
    unlink(path);
    rmdir(dir);
}

static void test_docno_pattern(void **state)
{
    (void)state;
    char b[128];
    kh_org_docno("沧开组〔{年}〕{号}号", "2020-06-28", 12, b, sizeof b);
    assert_string_equal(b, "沧开组〔2020〕12号");
    kh_org_docno("沧开组〔{年}〕{号}号", "2020-06-28", 0, b, sizeof b);
    assert_string_equal(b, "沧开组〔2020〕　　号");
    kh_org_docno("", "2020-06-28", 3, b, sizeof b);
    assert_string_equal(b, "");
    kh_org_docno("{号}{号}{号}", "2020", 123456, b, 8);
    assert_true(strlen(b) < 8); /* cut, never overrun */
}

static void test_problem_rows_own_their_strings(void **state)
{
    (void)state;
    kh_problem_rows r = {0};
    kh_error err;
    kh_error_clear(&err);
    char text[32];
    for (int i = 0; i < 100; i++) {
        snprintf(text, sizeof text, "问题%d", i);
        kh_problem p = {.id = i, .text = text, .region = "530121000000"};
        assert_int_equal(kh_problem_rows_add(&r, &p, &err), 0);
        if (i == 3)
            assert_int_equal(kh_problem_rows_close(&r, 3, "甲", "乙",
                                                   "2020-06-30T00:00:00Z", &err),
                             0);
    }
    snprintf(text, sizeof text, "changed");
    assert_string_equal(r.p[7].text, "问题7");
    assert_null(r.p[7].measures);
    assert_string_equal(r.close[3].verified_by, "乙");
    assert_null(r.close[99].verified_by); /* grown with the rows */
    assert_int_not_equal(kh_problem_rows_close(&r, 100, "x", NULL, NULL, &err), 0);
    kh_problem_rows_free(&r);
    assert_int_equal(r.n, 0);
}

/* The recheck copied with the row (its strings pointed into the store's
 * buffer), and said in words true as printed: 33,662/33,663 is not
 * "100.00%" beside 不低于 100%; before and after get the same decimals. */
static void test_recheck_words(void **state)
{
    (void)state;
    kh_problem_rows r = {0};
    kh_error err;
    kh_error_clear(&err);
    char at[32] = "2020-07-01T08:00:00Z", src[16] = "indicators";
    kh_problem p = {.id = 5, .text = "参保率低", .region = "530121000000",
                    .indicator = "ins_med", .rule = "< 100%",
                    .value_num = 33651, .value_den = 33663};
    p.recheck = (kh_problem_recheck){.run = 3, .year = 2020, .at = at,
                                     .source = src, .before_num = 33651,
                                     .before_den = 33663,
                                     .after_num = 33662, .after_den = 33663};
    assert_int_equal(kh_problem_rows_add(&r, &p, &err), 0);
    memset(at, 'x', sizeof at - 1);
    memset(src, 'x', sizeof src - 1);
    kh_recheck_words w;
    assert_int_equal(kh_recheck_words_of(&r.p[0], &w), 1);
    assert_string_equal(r.p[0].recheck.source, "indicators");
    assert_string_equal(w.run, "第 3 次复核（2020 年数据）");
    assert_string_equal(w.date, "2020年7月1日");
    assert_string_equal(w.what, "基本医疗保险参保率");
    assert_string_equal(w.before, "99.964%（33,651/33,663）");
    assert_string_equal(w.after, "99.997%（33,662/33,663）");
    assert_string_equal(w.rule, "不低于 100%");
    assert_string_equal(w.verdict, "仍未达标");
    /* a veto: whether it still applies; never rechecked: nothing */
    kh_problem v = {.id = 6, .indicator = "veto:fake_exit", .rule = "veto",
                    .value_num = 1, .value_den = 1};
    v.recheck = (kh_problem_recheck){.run = 1, .year = 2019, .after_num = 0,
                                     .after_den = 1, .pass = 1};
    assert_int_equal(kh_recheck_words_of(&v, &w), 1);
    assert_string_equal(w.before, "存在");
    assert_string_equal(w.after, "已消除");
    assert_string_equal(w.verdict, "已达标");
    kh_problem none = {.id = 7};
    assert_int_equal(kh_recheck_words_of(&none, &w), 0);
    assert_string_equal(w.run, "");
    kh_problem_rows_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_width_counts_cjk_double),
        cmocka_unit_test(test_column_widths_from_content),
        cmocka_unit_test(test_docx_package_and_escaping),
        cmocka_unit_test(test_docno_pattern),
        cmocka_unit_test(test_problem_rows_own_their_strings),
        cmocka_unit_test(test_recheck_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
