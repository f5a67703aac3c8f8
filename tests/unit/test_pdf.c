/* SPDX-License-Identifier: MIT */
/*
 * test_pdf.c - the PDF layer's layout (src/io/pdf.c), without pixels: where
 * table rows land (kh_pdf_rowpos), that the header row is drawn again at
 * the top of every page a table runs onto, that a row too tall for any
 * page is split across pages and one too tall for the rest of a page moves
 * whole to the next; long text continuing on new pages; the chart's
 * refusal of negative values; and the output file written all or nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kaohe/pdf.h"

/* Under ASan: full stacks, so that tests/lsan.supp can name the cairo and
 * fontconfig functions whose own leaks it suppresses (the environment's
 * ASAN_OPTIONS do not set this one; unused without ASan). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

/* default margins: 20 mm all round on A4 portrait */
#define TOP 20.0
#define BOTTOM (297.0 - 20.0)

static kh_pdf *layout_only(void)
{
    kh_pdf_opts o = {"t", "tester", "2020-06-30", NULL, {0, 0, 0, 0}, 0};
    kh_pdf *d;
    kh_error err;
    assert_int_equal(kh_pdf_new(NULL, &o, &d, &err), KH_OK);
    return d;
}

static const kh_pdf_col cols[] = {{"序号", 1, KH_PDF_CENTER, 0},
                                  {"内容", 4, KH_PDF_LEFT, 0}};

static void test_rows_break_to_new_pages_under_repeated_header(void **state)
{
    (void)state;
    kh_pdf *d = layout_only();
    kh_error err;
    kh_pdf_table *t;
    assert_int_equal(kh_pdf_table_begin(d, cols, 2, 1, &t, &err), KH_OK);
    enum { N = 200 };
    kh_pdf_rowpos p[N];
    for (int i = 0; i < N; i++) {
        char a[16];
        snprintf(a, sizeof a, "%d", i + 1);
        const char *cells[] = {a, "第一行内容"};
        assert_int_equal(kh_pdf_table_row(t, cells, 2, &p[i], &err), KH_OK);
    }
    kh_pdf_table_end(t);
    double first_top = p[0].top_mm; /* under the header on page 1 */
    assert_true(first_top > TOP + 3);
    assert_int_equal(p[0].first_page, 1);
    assert_int_equal(p[0].headers, 1);
    int breaks = 0;
    for (int i = 0; i < N; i++) {
        assert_int_equal(p[i].first_page, p[i].last_page); /* never split */
        assert_true(p[i].top_mm + p[i].height_mm <= BOTTOM + 0.01);
        if (i == 0) continue;
        if (p[i].first_page == p[i - 1].first_page) {
            /* rows follow each other without a gap */
            assert_true(p[i].top_mm >
                        p[i - 1].top_mm + p[i - 1].height_mm - 0.01);
            assert_true(p[i].top_mm <
                        p[i - 1].top_mm + p[i - 1].height_mm + 0.01);
            assert_int_equal(p[i].headers, p[i - 1].headers);
        } else {
            breaks++;
            assert_int_equal(p[i].first_page, p[i - 1].first_page + 1);
            /* broken only because the row did not fit */
            assert_true(p[i - 1].top_mm + p[i - 1].height_mm +
                            p[i].height_mm > BOTTOM - 0.01);
            /* the header again, then the row where page 1's first was */
            assert_int_equal(p[i].headers, p[i - 1].headers + 1);
            assert_true(p[i].top_mm > first_top - 0.01 &&
                        p[i].top_mm < first_top + 0.01);
        }
    }
    assert_true(breaks >= 3);
    assert_int_equal(kh_pdf_page_count(d), p[N - 1].last_page);
    assert_int_equal(p[N - 1].headers, kh_pdf_page_count(d));
    kh_pdf_abort(d);
}

static void test_row_taller_than_a_page_is_split_between_lines(void **state)
{
    (void)state;
    kh_pdf *d = layout_only();
    kh_error err;
    kh_pdf_table *t;
    assert_int_equal(kh_pdf_table_begin(d, cols, 2, 1, &t, &err), KH_OK);
    const char *one[] = {"1", "短"};
    kh_pdf_rowpos p1, p2, p3;
    assert_int_equal(kh_pdf_table_row(t, one, 2, &p1, &err), KH_OK);
    /* 150 lines: more than one page can hold */
    size_t cap = 150 * 16 + 1, len = 0;
    char *big = malloc(cap);
    assert_non_null(big);
    for (int i = 0; i < 150; i++)
        len += (size_t)snprintf(big + len, cap - len, "第%d行\n", i + 1);
    const char *two[] = {"2", big};
    assert_int_equal(kh_pdf_table_row(t, two, 2, &p2, &err), KH_OK);
    assert_int_equal(p2.first_page, 1); /* starts in the rest of page 1 */
    assert_true(p2.last_page >= 3);
    assert_true(p2.height_mm > BOTTOM - TOP);
    assert_int_equal(p2.headers, p2.last_page); /* a header a page */
    const char *three[] = {"3", "后一行"};
    assert_int_equal(kh_pdf_table_row(t, three, 2, &p3, &err), KH_OK);
    assert_int_equal(p3.first_page, p2.last_page);
    kh_pdf_table_end(t);
    free(big);
    kh_pdf_abort(d);
}

static void test_row_moves_whole_when_rest_of_page_too_short(void **state)
{
    (void)state;
    kh_pdf *d = layout_only();
    kh_error err;
    /* fill most of the page with text lines */
    for (int i = 0; i < 40; i++)
        assert_int_equal(kh_pdf_text(d, KH_PDF_BODY, 0, "填充", &err), KH_OK);
    assert_int_equal(kh_pdf_page_count(d), 1);
    kh_pdf_table *t;
    assert_int_equal(kh_pdf_table_begin(d, cols, 2, 0, &t, &err), KH_OK);
    const char *ten[] = {"1", "一\n二\n三\n四\n五\n六\n七\n八\n九\n十"};
    kh_pdf_rowpos p;
    assert_int_equal(kh_pdf_table_row(t, ten, 2, &p, &err), KH_OK);
    assert_int_equal(p.first_page, 2);
    assert_int_equal(p.last_page, 2);
    assert_int_equal(p.headers, 0); /* no header row in this table */
    assert_true(p.top_mm > TOP - 0.01 && p.top_mm < TOP + 0.01);
    kh_pdf_table_end(t);
    kh_pdf_abort(d);
}

static void test_long_text_continues_on_next_pages(void **state)
{
    (void)state;
    kh_pdf *d = layout_only();
    kh_error err;
    char *s = malloc(30001);
    assert_non_null(s);
    for (int i = 0; i < 10000; i++) memcpy(s + 3 * i, "扶", 3);
    s[30000] = '\0';
    assert_int_equal(kh_pdf_text(d, KH_PDF_BODY, KH_PDF_INDENT, s, &err),
                     KH_OK);
    /* 10,000 characters of 12 pt: ~ 40 a line, ~ 50 lines a page */
    assert_true(kh_pdf_page_count(d) >= 4);
    assert_true(kh_pdf_page_count(d) <= 7);
    free(s);
    kh_pdf_abort(d);
}

static void test_landscape_pages_hold_fewer_rows(void **state)
{
    (void)state;
    int pages[2];
    for (int o = 0; o < 2; o++) {
        kh_pdf *d = layout_only();
        kh_error err;
        assert_int_equal(kh_pdf_page(d, o ? KH_PDF_LANDSCAPE : KH_PDF_PORTRAIT,
                                     &err), KH_OK);
        kh_pdf_table *t;
        assert_int_equal(kh_pdf_table_begin(d, cols, 2, 1, &t, &err), KH_OK);
        for (int i = 0; i < 300; i++) {
            const char *c[] = {"1", "内容"};
            assert_int_equal(kh_pdf_table_row(t, c, 2, NULL, &err), KH_OK);
        }
        kh_pdf_table_end(t);
        pages[o] = kh_pdf_page_count(d);
        kh_pdf_abort(d);
    }
    assert_true(pages[1] > pages[0]);
}

static void test_chart_refuses_negative_values(void **state)
{
    (void)state;
    kh_pdf *d = layout_only();
    kh_error err;
    kh_pdf_bar ok[] = {{"甲县", 91.5, NULL}, {"乙县", 88, "88 分"}};
    assert_int_equal(kh_pdf_bars(d, "得分", "分", ok, 2, &err), KH_OK);
    kh_pdf_bar bad[] = {{"甲县", 91.5, NULL}, {"乙县", -1, NULL}};
    assert_int_equal(kh_pdf_bars(d, "得分", NULL, bad, 2, &err), KH_ERR_USAGE);
    assert_string_equal(err.code, "pdf_chart");
    kh_pdf_abort(d);
}

static void test_chart_longer_than_a_page_continues(void **state)
{
    (void)state;
    kh_pdf *d = layout_only();
    kh_error err;
    kh_pdf_bar b[200];
    for (int i = 0; i < 200; i++) b[i] = (kh_pdf_bar){"某县", 200 - i, NULL};
    assert_int_equal(kh_pdf_bars(d, "排名", NULL, b, 200, &err), KH_OK);
    assert_true(kh_pdf_page_count(d) >= 2);
    kh_pdf_abort(d);
}

static int count_entries(const char *dir)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(dp);
    return n;
}

static void test_file_is_written_all_or_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/kaohe-test-pdf.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], bad[256];
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    snprintf(bad, sizeof bad, "%s/missing/out.pdf", dir);
    kh_pdf_opts o = {"t", "tester", "2020-06-30 08:00", "测试", {0, 0, 0, 0}, 0};
    kh_pdf *d;
    kh_error err;
    /* a folder that does not exist: refused at once, naming the path */
    assert_int_equal(kh_pdf_new(bad, &o, &d, &err), KH_ERR_IO);
    assert_string_equal(err.file, bad);
    /* abandoned: nothing left behind */
    assert_int_equal(kh_pdf_new(path, &o, &d, &err), KH_OK);
    assert_int_equal(kh_pdf_title(d, "标题", NULL, &err), KH_OK);
    kh_pdf_abort(d);
    assert_int_equal(count_entries(dir), 0);
    /* an empty document is refused, and leaves nothing */
    assert_int_equal(kh_pdf_new(path, &o, &d, &err), KH_OK);
    assert_int_equal(kh_pdf_finish(d, &err), KH_ERR_USAGE);
    assert_int_equal(count_entries(dir), 0);
    /* finished: the file, and only it */
    assert_int_equal(kh_pdf_new(path, &o, &d, &err), KH_OK);
    assert_int_equal(kh_pdf_title(d, "标题", "副标题", &err), KH_OK);
    assert_int_equal(kh_pdf_finish(d, &err), KH_OK);
    assert_int_equal(count_entries(dir), 1);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char head[5] = {0};
    assert_int_equal(fread(head, 1, 4, fp), 4);
    fclose(fp);
    assert_string_equal(head, "%PDF");
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_break_to_new_pages_under_repeated_header),
        cmocka_unit_test(test_row_taller_than_a_page_is_split_between_lines),
        cmocka_unit_test(test_row_moves_whole_when_rest_of_page_too_short),
        cmocka_unit_test(test_long_text_continues_on_next_pages),
        cmocka_unit_test(test_landscape_pages_hold_fewer_rows),
        cmocka_unit_test(test_chart_refuses_negative_values),
        cmocka_unit_test(test_chart_longer_than_a_page_continues),
        cmocka_unit_test(test_file_is_written_all_or_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
