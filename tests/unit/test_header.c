/* SPDX-License-Identifier: MIT */
/*
 * test_header.c - recognising headers as offices write them
 * (src/domain/header.c): the comparable form of a header, matching through
 * units, stars, spaces, case and the standards file's aliases, a province's
 * own aliases, and how well a row reads as the header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kaohe/header.h"
#include "kaohe/plancol.h"
#include "kaohe/standard.h"
#include "kaohe/survey.h"

static kh_standard *std;

static int setup(void **state)
{
    (void)state;
    kh_error err;
    return kh_standard_new(&std, &err);
}

static int teardown(void **state)
{
    (void)state;
    kh_standard_free(std);
    return 0;
}

static const char *norm(const char *s)
{
    static char out[256];
    int n = kh_header_norm(s, strlen(s), out, sizeof out);
    return n < 0 ? "(too long)" : out;
}

static int match(const char *s, int *exact)
{
    return kh_header_match(std, KH_HDR_REGISTRY, s, strlen(s), exact);
}

static void test_norm(void **state)
{
    (void)state;
    assert_string_equal(norm("工资性收入（元）"), "工资性收入");
    assert_string_equal(norm("人均纯收入(元/人)"), "人均纯收入");
    assert_string_equal(norm("最近走访日期【年月日】"), "最近走访日期");
    assert_string_equal(norm("户编号*"), "户编号");
    assert_string_equal(norm("＊户编号"), "户编号");
    assert_string_equal(norm("户 编\u3000号\xC2\xA0"), "户编号");
    assert_string_equal(norm("证件号码（身份证）*"), "证件号码");
    assert_string_equal(norm("ＨＨ＿ＩＤ"), "hh_id");
    assert_string_equal(norm("Hh_Id"), "hh_id");
    /* Nested and repeated notes are cut from the end, one after another. */
    assert_string_equal(norm("收入(元)(2019年)"), "收入");
    /* A name that is only a note is kept. */
    assert_string_equal(norm("(元)"), "(元)");
    char big[400];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_string_equal(norm(big), "(too long)");
}

static void test_match(void **state)
{
    (void)state;
    int exact;
    assert_int_equal(match("证件号码", &exact), KH_C_ID_NO);
    assert_int_equal(exact, 1);
    assert_int_equal(match("id_no", &exact), KH_C_ID_NO);
    assert_int_equal(exact, 1);
    assert_int_equal(match("身份证号", &exact), KH_C_ID_NO);
    assert_int_equal(exact, 0);
    assert_int_equal(match("公民身份号码（18位）", &exact), KH_C_ID_NO);
    assert_int_equal(match("身份证号码*", &exact), KH_C_ID_NO);
    assert_int_equal(match("户号", &exact), KH_C_HH_ID);
    assert_int_equal(match("户编号 ", &exact), KH_C_HH_ID);
    assert_int_equal(exact, 0);
    assert_int_equal(match("工资性收入（元）", &exact), KH_C_INC_WAGE);
    assert_int_equal(match("备注", &exact), -1);
    /* The alias of another column is not this one's. */
    assert_int_equal(match("帮扶责任人身份证号", &exact), KH_C_HELPER_ID);
    assert_int_equal(kh_header_match(std, KH_HDR_REGIONS, "行政区划代码",
                                     strlen("行政区划代码"), &exact),
                     KH_R_CODE);
}

static void test_province_aliases(void **state)
{
    (void)state;
    kh_error err;
    kh_standard *p;
    assert_int_equal(kh_standard_new(&p, &err), KH_OK);
    int exact;
    assert_int_equal(kh_header_match(p, KH_HDR_REGISTRY, "家庭编码",
                                     strlen("家庭编码"), &exact),
                     -1);
    static const char prov[] = "[alias.registry]\n户编号 = 家庭编码\n";
    assert_int_equal(kh_standard_load(p, prov, strlen(prov), "prov.std", &err),
                     KH_OK);
    assert_int_equal(kh_header_match(p, KH_HDR_REGISTRY, "家庭编码",
                                     strlen("家庭编码"), &exact),
                     KH_C_HH_ID);
    /* The section replaces the national list, as enum sections do. */
    assert_int_equal(kh_header_match(p, KH_HDR_REGISTRY, "户号",
                                     strlen("户号"), &exact),
                     -1);
    kh_standard_free(p);
}

/* The 第三方评估's roster and survey sheets and the rectification plan:
 * their own alias sections ([alias.roster], [alias.survey], [alias.plan]),
 * with the same units, stars and full-width forms set aside; a name of
 * one kind is no column of another. */
static void test_other_kinds(void **state)
{
    (void)state;
    static const struct {
        int kind;
        const char *h;
        int col, exact;
    } cases[] = {
        {KH_HDR_ROSTER, "户主姓名", KH_RO_HEAD_NAME, 1},
        {KH_HDR_ROSTER, "户主身份证号码", KH_RO_HEAD_ID, 0},
        {KH_HDR_ROSTER, "家庭人口数（人）", KH_RO_PERSONS, 0},
        {KH_HDR_ROSTER, "户号*", KH_RO_HH_ID, 0},
        {KH_HDR_ROSTER, "人均纯收入", -1, 0},
        {KH_HDR_SURVEY, "家庭人均纯收入(元)", KH_SV_INCOME, 0},
        {KH_HDR_SURVEY, "是否饮水安全", KH_SV_WATER, 0},
        {KH_HDR_SURVEY, "调查时间", KH_SV_VISITED, 0},
        {KH_HDR_SURVEY, "visitor", KH_SV_VISITOR, 1},
        {KH_HDR_SURVEY, "户主姓名", -1, 0},
        {KH_HDR_PLAN, "问题描述", KH_PC_TEXT, 0},
        {KH_HDR_PLAN, "序号", -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int exact = -1;
        assert_int_equal(kh_header_match(std, cases[i].kind, cases[i].h,
                                         strlen(cases[i].h), &exact),
                         cases[i].col);
        if (cases[i].col >= 0) assert_int_equal(exact, cases[i].exact);
    }
    const kh_coldef *cols;
    assert_int_equal(kh_header_columns(KH_HDR_SURVEY, &cols), KH_SV_COUNT);
    assert_string_equal(cols[KH_SV_VISITED].zh, "调查日期");
    assert_int_equal(kh_header_columns(99, &cols), 0);
}

static void test_score(void **state)
{
    (void)state;
    static const char *const title[] = {"某某县建档立卡贫困人口花名册"};
    static const char *const head[] = {"户号", "行政区划代码", "贫困户属性",
                                       "主要致贫原因", "识别年度", "户状态",
                                       "脱贫年度", "姓名", "身份证号码",
                                       "与户主关系", "备注"};
    kh_cell tc[1], hc[11];
    for (int i = 0; i < 1; i++) tc[i] = (kh_cell){title[i], strlen(title[i])};
    for (int i = 0; i < 11; i++) hc[i] = (kh_cell){head[i], strlen(head[i])};
    kh_row t = {0, 1, 1, tc, NULL}, h = {0, 3, 11, hc, NULL};
    int complete;
    assert_int_equal(kh_header_score(std, KH_HDR_REGISTRY, &t, &complete), 0);
    assert_false(complete);
    assert_int_equal(kh_header_score(std, KH_HDR_REGISTRY, &h, &complete), 10);
    assert_true(complete);
    h.n = 8; /* without 身份证号码: most columns, not complete */
    assert_int_equal(kh_header_score(std, KH_HDR_REGISTRY, &h, &complete), 8);
    assert_false(complete);
}

/* kh_header_score and kh_header_match_row read a row as kh_header_match
 * reads each of its cells (they normalise the names and aliases once a
 * row): every column name,
 * key and alias of each kind, as written and decorated, among blanks and
 * unknown headings. */
static void test_score_as_match(void **state)
{
    (void)state;
    static const char *const sections[] = {"alias.registry", "alias.regions",
                                           "alias.roster", "alias.survey",
                                           "alias.plan"};
    static char texts[4096][96];
    kh_cell cells[4096];
    for (int kind = KH_HDR_REGISTRY; kind <= KH_HDR_PLAN; kind++) {
        const kh_coldef *cols;
        int ncols = kh_header_columns(kind, &cols);
        size_t n = 0;
        const char *words[1024];
        size_t nw = 0;
        for (int i = 0; i < ncols && nw + 2 < 1024; i++) {
            words[nw++] = cols[i].zh;
            words[nw++] = cols[i].key;
        }
        int e = kh_standard_enum(std, sections[kind]);
        assert_true(e >= 0);
        for (int l = 0; l < kh_standard_enum_count(std, e); l++)
            for (int j = 0; nw < 1024; j++) {
                const char *a = kh_standard_enum_code(std, e, l, j);
                if (!a) break;
                words[nw++] = a;
            }
        for (size_t w = 0; w < nw && n + 4 < 4096; w++) {
            snprintf(texts[n++], 96, "%s", words[w]);
            snprintf(texts[n++], 96, " %s*（元）", words[w]);
            snprintf(texts[n++], 96, "%sX", words[w]);
            snprintf(texts[n++], 96, "%s", w % 3 ? "" : "备注");
        }
        for (size_t i = 0; i < n; i++) cells[i] = (kh_cell){texts[i], strlen(texts[i])};
        /* whole rows, and windows of a few cells */
        for (size_t start = 0; start < n; start += 7) {
            size_t len = start == 0 ? n : 1 + start % 13;
            if (start + len > n) len = n - start;
            unsigned char seen[KH_HEADER_MAX_COLS] = {0};
            int want = 0, exact;
            for (size_t i = start; i < start + len; i++) {
                int c = kh_header_match(std, kind, cells[i].s, cells[i].len, &exact);
                if (c >= 0 && !seen[c]) seen[c] = 1, want++;
            }
            static int col[4096], ex[4096];
            kh_row whole = {0, 1, len, cells + start, NULL};
            kh_header_match_row(std, kind, &whole, col, ex);
            for (size_t i = start; i < start + len; i++) {
                int c = kh_header_match(std, kind, cells[i].s, cells[i].len, &exact);
                assert_int_equal(col[i - start], c);
                if (c >= 0) assert_int_equal(ex[i - start], exact);
            }
            int want_complete = 1;
            for (int i = 0; i < ncols; i++)
                if (cols[i].header_required && !seen[i]) want_complete = 0;
            kh_row r = {0, 1, len, cells + start, NULL};
            int complete;
            assert_int_equal(kh_header_score(std, kind, &r, &complete), want);
            assert_int_equal(complete, want_complete);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_norm),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_province_aliases),
        cmocka_unit_test(test_other_kinds),
        cmocka_unit_test(test_score),
        cmocka_unit_test(test_score_as_match),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
