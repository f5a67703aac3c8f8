/* SPDX-License-Identifier: MIT */
/*
 * test_card.c - how the 扶贫明白卡 shows a person (src/domain/card.c): ID
 * numbers masked to their last four characters (kaohe/mask.h), ages on 31
 * December of the card's year.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "kaohe/card.h"
#include "kaohe/card_store.h"

static void test_mask_keeps_last_four(void **state)
{
    (void)state;
    char out[32];
    kh_card_mask_id("53012119900307123X", out, sizeof out);
    assert_string_equal(out, "**************123X");
    kh_card_mask_id("530121199003071234", out, sizeof out);
    assert_string_equal(out, "**************1234");
    assert_int_equal(strlen(out), 18);
}

static void test_mask_short_values_and_small_buffers(void **state)
{
    (void)state;
    char out[32];
    kh_card_mask_id("123456789012", out, sizeof out); /* last four */
    assert_string_equal(out, "********9012");
    kh_card_mask_id("12345678901", out, sizeof out); /* below 12: all */
    assert_string_equal(out, "***********");
    kh_card_mask_id("", out, sizeof out);
    assert_string_equal(out, "");
    kh_card_mask_id(NULL, out, sizeof out);
    assert_string_equal(out, "");
    char tiny[6];
    kh_card_mask_id("53012119900307123X", tiny, sizeof tiny);
    assert_string_equal(tiny, "*****"); /* cut, never the hidden digits */
}

static void test_age_on_31_december(void **state)
{
    (void)state;
    /* born 1990-03-07: 29 at the end of 2019 */
    assert_int_equal(kh_card_age("53012119900307123X", "", 2019), 29);
    /* born 31 December: already a year older that day */
    assert_int_equal(kh_card_age("530121198912311232", "", 2019), 30);
    /* born in the card's year */
    assert_int_equal(kh_card_age("530121201906011234", "", 2019), 0);
    /* no usable ID: the birth column */
    assert_int_equal(kh_card_age("", "2000-01-01", 2019), 19);
    assert_int_equal(kh_card_age("bad", "", 2019), -1);
    /* born after the year: unknown, not negative */
    assert_int_equal(kh_card_age("530121202106011234", "", 2019), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask_keeps_last_four),
        cmocka_unit_test(test_mask_short_values_and_small_buffers),
        cmocka_unit_test(test_age_on_31_december),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
