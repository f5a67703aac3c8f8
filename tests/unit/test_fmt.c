/* SPDX-License-Identifier: MIT */
/*
 * test_fmt.c - what documents print (src/base/fmt.c, src/domain/label.c):
 * thousands separators, 元, percentages, prose dates, a rate against its
 * threshold true as printed, rules and veto conditions in words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kaohe/fmt.h"
#include "kaohe/label.h"
#include "kaohe/standard.h"

static void test_int_and_yuan_have_separators(void **state)
{
    (void)state;
    char b[64];
    kh_fmt_int(33663, b, sizeof b);
    assert_string_equal(b, "33,663");
    kh_fmt_int(999, b, sizeof b);
    assert_string_equal(b, "999");
    kh_fmt_int(-1234567, b, sizeof b);
    assert_string_equal(b, "-1,234,567");
    kh_fmt_yuan(1234567, b, sizeof b);
    assert_string_equal(b, "12,345.67");
    kh_fmt_yuan(5, b, sizeof b);
    assert_string_equal(b, "0.05");
    /* the income: 89079048427 分 over 11097100 (100 x households) */
    kh_fmt_yuan_q(89079048427LL, 11097100LL / 100, b, sizeof b);
    assert_string_equal(b, "8,027.24");
    kh_fmt_yuan_q(1, 0, b, sizeof b);
    assert_string_equal(b, "—");
}

static void test_pct_rounds_half_up(void **state)
{
    (void)state;
    char b[64];
    kh_fmt_pct(1, 3, 2, b, sizeof b);
    assert_string_equal(b, "33.33%");
    kh_fmt_pct(2, 3, 1, b, sizeof b);
    assert_string_equal(b, "66.7%");
    kh_fmt_pct_short(1, 50, b, sizeof b);
    assert_string_equal(b, "2%");
    kh_fmt_pct_short(1, 1, b, sizeof b);
    assert_string_equal(b, "100%");
    kh_fmt_pct_short(3, 200, b, sizeof b);
    assert_string_equal(b, "1.5%");
}

/* A rate is never rounded onto a whole percent it is not (issue #16: the
 * 考核报告 printed 100.00% for 99.997%): it gets more decimals; exact
 * values and those off a whole percent keep the decimals asked for. */
static void test_pct_never_rounds_onto_a_whole_percent(void **state)
{
    (void)state;
    char b[64];
    kh_fmt_pct(33651, 33663, 2, b, sizeof b);
    assert_string_equal(b, "99.96%");
    kh_fmt_pct(99997, 100000, 2, b, sizeof b);
    assert_string_equal(b, "99.997%");
    kh_fmt_pct(33662, 33663, 1, b, sizeof b); /* 99.99703% */
    assert_string_equal(b, "99.997%");
    kh_fmt_pct(89997, 100000, 2, b, sizeof b); /* against 90% */
    assert_string_equal(b, "89.997%");
    kh_fmt_pct(20003, 1000000, 2, b, sizeof b); /* against 2% */
    assert_string_equal(b, "2.0003%");
    kh_fmt_pct(1, 200000, 2, b, sizeof b); /* not none */
    assert_string_equal(b, "0.001%");
    kh_fmt_pct(999999999, 1000000000, 2, b, sizeof b); /* cut at six */
    assert_string_equal(b, "99.999999%");
    kh_fmt_pct(1, 1, 2, b, sizeof b); /* exact: as asked */
    assert_string_equal(b, "100.00%");
    kh_fmt_pct(0, 5, 1, b, sizeof b);
    assert_string_equal(b, "0.0%");
    kh_fmt_pct(1, 50, 2, b, sizeof b);
    assert_string_equal(b, "2.00%");
    /* every value of a small denominator: the text is 100% only when all */
    for (long long den = 1; den <= 2000; den++)
        for (long long num = 0; num <= den; num++) {
            kh_fmt_pct(num, den, 1, b, sizeof b);
            int all = !strcmp(b, "100.0%"), none = !strcmp(b, "0.0%");
            assert_int_equal(all, num == den);
            assert_int_equal(none, num == 0);
        }
}

/* The two sentences that contradicted themselves. */
static void test_rate_cmp_is_true_as_printed(void **state)
{
    (void)state;
    char b[160];
    kh_fmt_rate_cmp(33651, 33663, 1, 1, 1, b, sizeof b);
    assert_string_equal(b, "99.96%（33,651/33,663），低于 100%");
    kh_fmt_rate_cmp(1, 11380, 0, 1, 1, b, sizeof b);
    assert_string_equal(b, "0.01%（1/11,380），高于 0%");
    kh_fmt_rate_cmp(31, 1000, 2, 100, 0, b, sizeof b);
    assert_string_equal(b, "3.1%，高于 2%");
    kh_fmt_rate_cmp(1, 50, 2, 100, 0, b, sizeof b);
    assert_string_equal(b, "2.0%，等于 2%");
    /* very close below: as many digits as it takes */
    kh_fmt_rate_cmp(999999, 1000000, 1, 1, 0, b, sizeof b);
    assert_string_equal(b, "99.9999%，低于 100%");
    kh_fmt_rate_cmp(1, 0, 1, 1, 0, b, sizeof b);
    assert_string_equal(b, "无数据");
}

/* Every value from 1 to 2000 out of 2000 against thresholds around it:
 * the printed value and the printed threshold compare as the exact ones. */
static void test_rate_cmp_exhaustive_small(void **state)
{
    (void)state;
    long long thr[][2] = {{1, 1}, {0, 1}, {1, 50}, {9, 10}, {1, 3}};
    for (size_t t = 0; t < 5; t++)
        for (long long num = 0; num <= 2000; num++) {
            char b[160];
            kh_fmt_rate_cmp(num, 2000, thr[t][0], thr[t][1], 0, b, sizeof b);
            double v = strtod(b, NULL);
            const char *w = strstr(b, "，");
            assert_non_null(w);
            double th = strtod(w + strlen("，") + strlen("低于 "), NULL);
            if (strstr(b, "低于")) assert_true(v < th);
            else if (strstr(b, "高于")) assert_true(v > th);
            else assert_true(v == th);
        }
}

static void test_dates_in_prose(void **state)
{
    (void)state;
    char b[64];
    kh_fmt_date_zh("2020-06-10", b, sizeof b);
    assert_string_equal(b, "2020年6月10日");
    kh_fmt_date_zh("2020-06-30 14:05", b, sizeof b);
    assert_string_equal(b, "2020年6月30日");
    kh_fmt_date_zh("长期坚持", b, sizeof b);
    assert_string_equal(b, "长期坚持");
    kh_fmt_date_zh(NULL, b, sizeof b);
    assert_string_equal(b, "");
    kh_fmt_md_zh("2018-05-14", b, sizeof b);
    assert_string_equal(b, "5月14日");
}

static kh_scheme *preset(const char *name)
{
    for (size_t i = 0; i < kh_scheme_preset_count(); i++)
        if (!strcmp(kh_scheme_preset_name(i), name)) {
            size_t n;
            const char *t = kh_scheme_preset_text(i, &n);
            kh_scheme *s = NULL;
            kh_error err;
            kh_error_clear(&err);
            assert_int_equal(kh_scheme_parse(t, n, name, &s, &err), 0);
            return s;
        }
    fail();
    return NULL;
}

/* The words of item path of s are want. */
static void words_are(const kh_scheme *s, const char *path, const char *want)
{
    char b[600];
    int i = kh_scheme_item_find(s, path);
    assert_true(i >= 0);
    assert_int_equal(kh_label_rule_words(s, &s->items[i], b, sizeof b), 0);
    assert_string_equal(b, want);
}

static void test_rules_in_words(void **state)
{
    (void)state;
    kh_scheme *s = preset("hebei-city-2016");
    char b[600];
    words_are(s, "集中考核/精准识别/错退率",
              "错退率不高于 2% 得满分 2.5 分，不高于 5% 得 1 分，否则不得分");
    words_are(s, "集中考核/减贫成效/减贫计划完成率",
              "减贫计划完成率达到 100% 及以上得满分 3 分，80% 及以下不得分，"
              "其间按比例计分");
    /* the items issue #14 added say their indicators in words */
    words_are(s, "集中考核/减贫成效/收入增长",
              "人均纯收入增长率达到 10% 及以上得满分 2 分，0% 及以下不得分，"
              "其间按比例计分");
    words_are(s, "集中考核/精准识别/识别准确率",
              "错评户占比不高于 2% 得满分 2 分，不高于 5% 得 1 分，否则不得分");
    words_are(s, "集中考核/扶贫资金/问题",
              "满分 2 分，扶贫资金问题件数每 1 件扣 0.5 分，最多扣 2 分");
    int i = kh_scheme_item_find(s, "集中考核/扶贫资金/问题");
    /* no rule word, slug or code in any item's words */
    for (size_t k = 0; k < s->nitems; k++) {
        assert_int_equal(kh_label_rule_words(s, &s->items[k], b, sizeof b), 0);
        for (const char *p = b; *p; p++)
            assert_false((*p >= 'a' && *p <= 'z') || *p == '_');
    }
    /* a cut is reported */
    assert_int_equal(kh_label_rule_words(s, &s->items[i], b, 10), -1);
    kh_scheme_free(s);
}

/* Values in words (kh_label_ref_value, the explanation's and the 考核报告's):
 * an amount in 元 with separators, a rate with its numerator and
 * denominator, an input's rate as the shortest percentage, and a
 * finding's name from the standards. */
static void test_values_in_words(void **state)
{
    (void)state;
    char b[200];
    kh_q mean = {1400000, 400}; /* 分 over 户 × 100: 3,500 元 */
    kh_label_ref_value(NULL, KH_SRC_INDICATOR, "income_pc_mean", mean, b, sizeof b);
    assert_string_equal(b, "3,500.00 元");
    kh_q inc = {33651, 33663};
    kh_label_ref_value(NULL, KH_SRC_INDICATOR, "incidence", inc, b, sizeof b);
    assert_string_equal(b, "99.96%（33,651/33,663）");
    kh_q almost = {99997, 100000}; /* the 考核报告's 100.00% */
    kh_label_ref_value(NULL, KH_SRC_INDICATOR, "incidence", almost, b, sizeof b);
    assert_string_equal(b, "99.997%（99,997/100,000）");
    kh_q none = {0, 0};
    kh_label_ref_value(NULL, KH_SRC_INDICATOR, "incidence", none, b, sizeof b);
    assert_string_equal(b, "无数据");
    kh_standard *std = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_standard_new(&std, &err), 0);
    const char *t = "[finding_label]\nid_checksum = 证件号码校验位错误\n";
    assert_int_equal(kh_standard_load(std, t, strlen(t), "t.std", &err), 0);
    assert_string_equal(kh_label_finding(std, "id_checksum"), "证件号码校验位错误");
    assert_string_equal(kh_label_finding(std, "exit_income"),
                        "已脱贫户人均纯收入未超过贫困线"); /* a review code */
    assert_null(kh_label_finding(std, "no_such_code"));
    kh_standard_free(std);
}

static void test_veto_why_in_words(void **state)
{
    (void)state;
    kh_scheme *s = preset("hebei-city-2016");
    char b[400];
    const kh_scheme_veto *v = NULL;
    for (size_t k = 0; k < s->nvetoes; k++)
        if (!strcmp(s->vetoes[k].code, "plan_unfinished")) v = &s->vetoes[k];
    assert_non_null(v);
    kh_q x = {33651, 33663};
    kh_label_veto_why(s, &v->conds[0], x, b, sizeof b);
    assert_string_equal(b, "减贫计划完成率为 99.96%（33,651/33,663），低于 100%");
    for (size_t k = 0; k < s->nvetoes; k++)
        if (!strcmp(s->vetoes[k].code, "accuracy")) v = &s->vetoes[k];
    kh_q w = {31, 1000};
    kh_label_veto_why(s, &v->conds[0], w, b, sizeof b);
    assert_string_equal(b, "错退率为 3.1%，高于 2%");
    for (size_t k = 0; k < s->nvetoes; k++)
        if (!strcmp(s->vetoes[k].code, "funds")) v = &s->vetoes[k];
    kh_q one = {1, 1};
    kh_label_veto_why(s, &v->conds[0], one, b, sizeof b);
    assert_string_equal(b, "经部门评价认定");
    assert_string_equal(kh_label_veto(s, "funds"), "违反扶贫资金管理使用规定");
    kh_label_consequence("约谈; 限期整改; 不得评为 优秀", b, sizeof b);
    assert_string_equal(b, "约谈、限期整改、不得评为优秀");
    kh_label_zh_punct("办法(2016)第七条(一);a,b:c", b, sizeof b);
    assert_string_equal(b, "办法（2016）第七条（一）；a，b：c");
    kh_label_input(s, "veto_funds", b, sizeof b);
    assert_string_equal(b, "违反扶贫资金管理使用规定");
    kh_scheme_free(s);
}

/* A document's 制表时间: an action's UTC stamp in the machine's time
 * (Beijing time here), anything else as given. */
static void test_when_local(void **state)
{
    (void)state;
    char b[64];
    setenv("TZ", "CST-8", 1);
    tzset();
    kh_fmt_when("2026-12-07T19:02:45Z", b, sizeof b);
    assert_string_equal(b, "2026-12-08 03:02");
    kh_fmt_when("2020-06-30 10:00", b, sizeof b);
    assert_string_equal(b, "2020-06-30 10:00");
    kh_fmt_when(NULL, b, sizeof b);
    assert_string_equal(b, "");
    setenv("TZ", "UTC0", 1);
    tzset();
    kh_fmt_when("2026-12-07T19:02:45Z", b, sizeof b);
    assert_string_equal(b, "2026-12-07 19:02");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_and_yuan_have_separators),
        cmocka_unit_test(test_pct_rounds_half_up),
        cmocka_unit_test(test_pct_never_rounds_onto_a_whole_percent),
        cmocka_unit_test(test_rate_cmp_is_true_as_printed),
        cmocka_unit_test(test_rate_cmp_exhaustive_small),
        cmocka_unit_test(test_dates_in_prose),
        cmocka_unit_test(test_rules_in_words),
        cmocka_unit_test(test_veto_why_in_words),
        cmocka_unit_test(test_values_in_words),
        cmocka_unit_test(test_when_local),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
