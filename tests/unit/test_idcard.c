/* SPDX-License-Identifier: MIT */
/*
 * test_idcard.c - GB 11643 citizen ID numbers (src/domain/idcard.c): the
 * check character against an independent ISO 7064 MOD 11-2 computation,
 * formats, impossible birth dates, the checksum result that still fills
 * birth date and sex, and the 64-bit key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kaohe/idcard.h"

/*
 * ISO 7064 MOD 11-2 written from the standard rather than from the
 * library: weight of position i (1-based from the left, 18 positions) is
 * 2^(18-i) mod 11; the check value v satisfies (sum + v) = 1 (mod 11).
 */
static char ref_check(const char *d17)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int w = 1;
        for (int k = 0; k < 17 - i; k++)
            w = (w * 2) % 11;
        sum += (d17[i] - '0') * w;
    }
    int v = (12 - sum % 11) % 11;
    return v == 10 ? 'X' : (char)('0' + v);
}

/* An 18-character ID from its parts, with the right check character. */
static void make_id(char out[19], const char *region6, const char *birth8,
                    const char *seq3)
{
    memcpy(out, region6, 6);
    memcpy(out + 6, birth8, 8);
    memcpy(out + 14, seq3, 3);
    out[17] = ref_check(out);
    out[18] = '\0';
}

static int parse(const char *s, kh_idcard *id)
{
    return kh_idcard_parse(s, strlen(s), id);
}

static void test_reference_check_matches_hand_checked_value(void **state)
{
    (void)state;
    /* 11010519491231002X: the worked example of GB 11643. */
    assert_int_equal(ref_check("11010519491231002"), 'X');
    assert_int_equal(kh_idcard_check_char("11010519491231002"), 'X');
}

static void test_check_char_agrees_with_reference_for_all_values(void **state)
{
    (void)state;
    /* Vary the sequence so that every check value 0..10 comes up. */
    int seen[11] = {0};
    char d[32];
    for (int seq = 0; seq < 1000; seq++) {
        snprintf(d, sizeof d, "53010219800101%03d", seq);
        char want = ref_check(d);
        assert_int_equal(kh_idcard_check_char(d), want);
        seen[want == 'X' ? 10 : want - '0'] = 1;
    }
    for (int v = 0; v < 11; v++)
        assert_true(seen[v]);
}

static void test_valid_id_fills_birth_sex_and_norm(void **state)
{
    (void)state;
    kh_idcard id;
    assert_int_equal(parse("11010519491231002X", &id), KH_ID_OK);
    assert_int_equal(id.year, 1949);
    assert_int_equal(id.month, 12);
    assert_int_equal(id.day, 31);
    assert_int_equal(id.male, 0); /* 17th digit 2: even */
    assert_string_equal(id.norm, "11010519491231002X");
}

static void test_lower_case_x_is_accepted_and_normalised(void **state)
{
    (void)state;
    kh_idcard id;
    assert_int_equal(parse("11010519491231002x", &id), KH_ID_OK);
    assert_string_equal(id.norm, "11010519491231002X");
}

static void test_generated_ids_are_valid(void **state)
{
    (void)state;
    char s[19];
    kh_idcard id;
    const char *births[] = {"19000101", "19800101", "20000229", "20191231",
                            "19991231"};
    for (size_t i = 0; i < sizeof births / sizeof births[0]; i++) {
        make_id(s, "530102", births[i], "123");
        assert_int_equal(parse(s, &id), KH_ID_OK);
        assert_string_equal(id.norm, s);
    }
}

static void test_wrong_length_is_format(void **state)
{
    (void)state;
    kh_idcard id;
    assert_int_equal(parse("", &id), KH_ID_FORMAT);
    assert_int_equal(parse("11010519491231002", &id), KH_ID_FORMAT);
    assert_int_equal(parse("11010519491231002X0", &id), KH_ID_FORMAT);
    /* 15-digit first-generation numbers are not accepted. */
    assert_int_equal(parse("110105491231002", &id), KH_ID_FORMAT);
    /* n counts: the 18 characters of a longer string are taken as given. */
    assert_int_equal(kh_idcard_parse("11010519491231002X", 17, &id),
                     KH_ID_FORMAT);
}

static void test_letters_are_format(void **state)
{
    (void)state;
    kh_idcard id;
    assert_int_equal(parse("11010519491231002A", &id), KH_ID_FORMAT);
    assert_int_equal(parse("1101051949123100XX", &id), KH_ID_FORMAT);
    assert_int_equal(parse("X1010519491231002X", &id), KH_ID_FORMAT);
    assert_int_equal(parse("11010519491231 02X", &id), KH_ID_FORMAT);
    assert_int_equal(parse("11010519491231-02X", &id), KH_ID_FORMAT);
    /* A full-width digit: 18 bytes, but not 17 digits and a check. */
    assert_int_equal(strlen("１101051949123100"), 18);
    assert_int_equal(parse("１101051949123100", &id), KH_ID_FORMAT);
}

static void test_feb_29_of_non_leap_year_is_birth(void **state)
{
    (void)state;
    char s[19];
    kh_idcard id;
    make_id(s, "530102", "19990229", "123");
    assert_int_equal(parse(s, &id), KH_ID_BIRTH);
    make_id(s, "530102", "19000229", "123"); /* 1900 is not leap */
    assert_int_equal(parse(s, &id), KH_ID_BIRTH);
}

static void test_month_13_and_day_0_are_birth(void **state)
{
    (void)state;
    char s[19];
    kh_idcard id;
    make_id(s, "530102", "19991301", "123");
    assert_int_equal(parse(s, &id), KH_ID_BIRTH);
    make_id(s, "530102", "19990001", "123");
    assert_int_equal(parse(s, &id), KH_ID_BIRTH);
    make_id(s, "530102", "19990100", "123");
    assert_int_equal(parse(s, &id), KH_ID_BIRTH);
    make_id(s, "530102", "19990431", "123");
    assert_int_equal(parse(s, &id), KH_ID_BIRTH);
}

static void test_birth_before_1900_is_birth(void **state)
{
    (void)state;
    char s[19];
    kh_idcard id;
    make_id(s, "530102", "18991231", "123");
    assert_int_equal(parse(s, &id), KH_ID_BIRTH);
}

static void test_feb_29_2000_is_valid(void **state)
{
    (void)state;
    char s[19];
    kh_idcard id;
    make_id(s, "530102", "20000229", "124");
    assert_int_equal(parse(s, &id), KH_ID_OK);
    assert_int_equal(id.year, 2000);
    assert_int_equal(id.month, 2);
    assert_int_equal(id.day, 29);
}

static void test_wrong_check_char_is_checksum_with_birth_and_sex(void **state)
{
    (void)state;
    char s[19];
    kh_idcard id;
    make_id(s, "530102", "19800715", "135");
    s[17] = s[17] == '0' ? '1' : '0';
    assert_int_equal(parse(s, &id), KH_ID_CHECKSUM);
    assert_int_equal(id.year, 1980);
    assert_int_equal(id.month, 7);
    assert_int_equal(id.day, 15);
    assert_int_equal(id.male, 1);
    assert_string_equal(id.norm, s);
    /* An X where a digit belongs, and lower case too. */
    assert_int_equal(parse("110105194912310021", &id), KH_ID_CHECKSUM);
    make_id(s, "530102", "19800715", "135");
    if (s[17] != 'X') {
        s[17] = 'x';
        assert_int_equal(parse(s, &id), KH_ID_CHECKSUM);
        assert_int_equal(id.norm[17], 'X');
    }
}

static void test_sex_comes_from_17th_digit(void **state)
{
    (void)state;
    char s[19];
    kh_idcard id;
    for (int d = 0; d <= 9; d++) {
        char seq[16];
        snprintf(seq, sizeof seq, "05%d", d);
        make_id(s, "530102", "19800101", seq);
        assert_int_equal(parse(s, &id), KH_ID_OK);
        assert_int_equal(id.male, d % 2);
    }
    /* The 15th and 16th digits do not matter. */
    make_id(s, "530102", "19800101", "991");
    assert_int_equal(parse(s, &id), KH_ID_OK);
    assert_int_equal(id.male, 1);
    make_id(s, "530102", "19800101", "110");
    assert_int_equal(parse(s, &id), KH_ID_OK);
    assert_int_equal(id.male, 0);
}

static void test_key_differs_for_ids_differing_only_in_check_char(void **state)
{
    (void)state;
    char s[19];
    kh_idcard a, b;
    make_id(s, "530102", "19800101", "123");
    assert_int_equal(parse(s, &a), KH_ID_OK);
    uint64_t ka = kh_idcard_key(&a);
    /* Every other check character gives a different key. */
    const char all[] = "0123456789X";
    for (size_t i = 0; i < 11; i++) {
        if (all[i] == s[17]) continue;
        char t[19];
        memcpy(t, s, 19);
        t[17] = all[i];
        assert_int_equal(parse(t, &b), KH_ID_CHECKSUM);
        assert_true(kh_idcard_key(&b) != ka);
    }
}

static void test_key_is_case_insensitive_and_stable(void **state)
{
    (void)state;
    kh_idcard a, b;
    assert_int_equal(parse("11010519491231002X", &a), KH_ID_OK);
    assert_int_equal(parse("11010519491231002x", &b), KH_ID_OK);
    assert_true(kh_idcard_key(&a) == kh_idcard_key(&b));
    /* 17 digits then the check value in base 11. */
    assert_true(kh_idcard_key(&a) == 11010519491231002ULL * 11 + 10);
}

static void test_key_differs_for_ids_differing_in_one_digit(void **state)
{
    (void)state;
    char s[19], t[19];
    kh_idcard a, b;
    make_id(s, "530102", "19800101", "123");
    make_id(t, "530102", "19800101", "125");
    assert_int_equal(parse(s, &a), KH_ID_OK);
    assert_int_equal(parse(t, &b), KH_ID_OK);
    assert_true(kh_idcard_key(&a) != kh_idcard_key(&b));
    /* The largest possible key still fits. */
    assert_int_equal(parse("999999999999999999", &a), KH_ID_BIRTH);
    assert_true(kh_idcard_key(&a) == 99999999999999999ULL * 11 + 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_check_matches_hand_checked_value),
        cmocka_unit_test(test_check_char_agrees_with_reference_for_all_values),
        cmocka_unit_test(test_valid_id_fills_birth_sex_and_norm),
        cmocka_unit_test(test_lower_case_x_is_accepted_and_normalised),
        cmocka_unit_test(test_generated_ids_are_valid),
        cmocka_unit_test(test_wrong_length_is_format),
        cmocka_unit_test(test_letters_are_format),
        cmocka_unit_test(test_feb_29_of_non_leap_year_is_birth),
        cmocka_unit_test(test_month_13_and_day_0_are_birth),
        cmocka_unit_test(test_birth_before_1900_is_birth),
        cmocka_unit_test(test_feb_29_2000_is_valid),
        cmocka_unit_test(test_wrong_check_char_is_checksum_with_birth_and_sex),
        cmocka_unit_test(test_sex_comes_from_17th_digit),
        cmocka_unit_test(test_key_differs_for_ids_differing_only_in_check_char),
        cmocka_unit_test(test_key_is_case_insensitive_and_stable),
        cmocka_unit_test(test_key_differs_for_ids_differing_in_one_digit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
