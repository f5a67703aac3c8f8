/* SPDX-License-Identifier: MIT */
/*
 * test_dept.c - 部门数据比对's normalisation (dept.h): the ID number as the
 * spec normalises it before matching (trim, full-width, lowercase x, 15
 * digits widened), invalid numbers refused, and names compared without
 * any kind of space.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "kaohe/dept.h"

static void test_id_norm(void **state)
{
    (void)state;
    char out[19];
    assert_int_equal(kh_dept_id_norm("533124197001010118", out), 0);
    assert_string_equal(out, "533124197001010118");
    /* trimmed, full-width digits and an ideographic space */
    assert_int_equal(kh_dept_id_norm("\xE3\x80\x80 ５33124197001010118 ", out), 0);
    assert_string_equal(out, "533124197001010118");
    /* lowercase x */
    assert_int_equal(kh_dept_id_norm("53312419750303059x", out), 0);
    assert_string_equal(out, "53312419750303059X");
    /* full-width Ｘ */
    assert_int_equal(kh_dept_id_norm("53312419750303059\xEF\xBC\xB8", out), 0);
    assert_string_equal(out, "53312419750303059X");
    /* 15 digits: 19 inserted, the check digit computed */
    assert_int_equal(kh_dept_id_norm("533124720202022", out), 0);
    assert_string_equal(out, "533124197202020224");
    /* still invalid: wrong check digit, 17 digits, letters, a bad date */
    assert_int_not_equal(kh_dept_id_norm("533124197001010119", out), 0);
    assert_int_not_equal(kh_dept_id_norm("53312419800606999", out), 0);
    assert_int_not_equal(kh_dept_id_norm("5331241970010101AB", out), 0);
    assert_int_not_equal(kh_dept_id_norm("533124721302022", out), 0);
    assert_int_not_equal(kh_dept_id_norm("", out), 0);
}

static void test_name_key(void **state)
{
    (void)state;
    char a[64], b[64];
    kh_dept_name_key("王　五", a, sizeof a);
    kh_dept_name_key(" 王五\xC2\xA0", b, sizeof b);
    assert_string_equal(a, "王五");
    assert_string_equal(b, "王五");
}

static void test_kinds(void **state)
{
    (void)state;
    int n;
    const kh_dept_kind *k = kh_dept_kinds(&n);
    assert_int_equal(n, 14);
    assert_ptr_equal(kh_dept_kind_find("huji"), &k[0]);
    assert_null(kh_dept_kind_find("nosuch"));
    assert_int_equal(kh_dept_kind_find("tekun")->optional, 1u << 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_norm),
        cmocka_unit_test(test_name_key),
        cmocka_unit_test(test_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
