/* SPDX-License-Identifier: MIT */
/*
 * test_mask.c - the masking policy (src/domain/mask.c): ID numbers to
 * their last four, phones to 3 + 4 digits, birth dates to the year, fields
 * found by name, and ID numbers, phones and dates found inside texts (and
 * what is left alone: 户编号, region codes, hex, timestamps).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kaohe/mask.h"

static char *masked(const char *t, unsigned flags)
{
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_mask_text(&b, t, strlen(t), flags), 0);
    assert_int_equal(kh_buf_addc(&b, '\0'), 0);
    return b.data; /* freed by the caller */
}

static void test_values(void **state)
{
    (void)state;
    char out[64];
    kh_mask_id("530121197606143317", out, sizeof out);
    assert_string_equal(out, "**************3317");
    kh_mask_id("53012119760614331X", out, sizeof out);
    assert_string_equal(out, "**************331X");
    kh_mask_phone("13912345678", out, sizeof out);
    assert_string_equal(out, "139****5678");
    kh_mask_phone("1234567", out, sizeof out);
    assert_string_equal(out, "*******");
    kh_mask_birth("1976-06-14", out, sizeof out);
    assert_string_equal(out, "1976");
    kh_mask_birth("x", out, sizeof out);
    assert_string_equal(out, "****");
    kh_mask_value(KH_MASK_NONE, "abc", out, sizeof out);
    assert_string_equal(out, "abc");
}

static void test_kinds(void **state)
{
    (void)state;
    assert_int_equal(kh_mask_kind("id_no"), KH_MASK_ID);
    assert_int_equal(kh_mask_kind("m3.id_no"), KH_MASK_ID);
    assert_int_equal(kh_mask_kind("helper_id"), KH_MASK_ID);
    assert_int_equal(kh_mask_kind("head_id"), KH_MASK_ID);
    assert_int_equal(kh_mask_kind("证件号码"), KH_MASK_ID);
    assert_int_equal(kh_mask_kind("phone"), KH_MASK_PHONE);
    assert_int_equal(kh_mask_kind("m1.birth"), KH_MASK_BIRTH);
    assert_int_equal(kh_mask_kind("hh_id"), KH_MASK_NONE);
    assert_int_equal(kh_mask_kind("village"), KH_MASK_NONE);
    assert_int_equal(kh_mask_kind(NULL), KH_MASK_NONE);
}

static void test_texts(void **state)
{
    (void)state;
    char *m = masked("证件号码 530121197606143317 已登记在 2020 年的 "
                     "5301221012010003 户", 0);
    assert_string_equal(m, "证件号码 **************3317 已登记在 2020 年的 "
                           "5301221012010003 户");
    free(m);
    m = masked("联系电话“13912345678/13812345678”", 0);
    assert_string_equal(m, "联系电话“139****5678/138****5678”");
    free(m);
    m = masked("x53012119760614331X,530121760614331", 0);
    /* glued to a letter: not alone; 15 digits after a comma: masked */
    assert_string_equal(m, "x53012119760614331X,***********4331");
    free(m);
    m = masked("sha 0123456789abcdef13912345678ab 530121101201", 0);
    assert_string_equal(m, "sha 0123456789abcdef13912345678ab 530121101201");
    free(m);
    m = masked("出生日期 1976-06-14 与证件号码中的 19760615 不一致", 0);
    assert_string_equal(m, "出生日期 1976-06-14 与证件号码中的 19760615 不一致");
    free(m);
    m = masked("出生日期 1976-06-14 与证件号码中的 19760615 不一致,"
               "at 2020-06-30T08:00:00Z", KH_MASK_TEXT_DATES);
    assert_string_equal(m, "出生日期 1976-**-** 与证件号码中的 1976**** 不一致,"
                           "at 2020-06-30T08:00:00Z");
    free(m);
    m = masked("“53012119760614331”格式不对", KH_MASK_TEXT_DIGITS);
    assert_string_equal(m, "“*************4331”格式不对");
    free(m);
    assert_true(kh_mask_text_has("a 13912345678", 13, 0));
    assert_false(kh_mask_text_has("a 5301221012010003", 18, 0));
    assert_int_equal(kh_mask_code_flags("birth_mismatch"),
                     KH_MASK_TEXT_DATES | KH_MASK_TEXT_DIGITS);
    assert_int_equal(kh_mask_code_flags("visit_overdue"), 0);
}

static void test_is_id(void **state)
{
    (void)state;
    assert_true(kh_mask_is_id("530121197606143317"));
    assert_true(kh_mask_is_id("53012119760614331x"));
    assert_true(kh_mask_is_id("530121760614331"));
    assert_false(kh_mask_is_id("5301211976061433"));
    assert_false(kh_mask_is_id("53012119760614331Y"));
    assert_false(kh_mask_is_id(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_is_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
