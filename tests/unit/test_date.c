/* SPDX-License-Identifier: MIT */
/*
 * test_date.c - civil dates (src/base/date.c): validity and leap years,
 * day counts from 1970-01-01, the accepted spellings of a date and the
 * rejected ones, and whole-year ages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "kaohe/date.h"

static int parse(const char *s, int *y, int *m, int *d)
{
    return kh_date_parse(s, strlen(s), y, m, d);
}

static void test_valid_feb_29_follows_gregorian_leap_rule(void **state)
{
    (void)state;
    assert_false(kh_date_valid(1900, 2, 29)); /* century, not /400 */
    assert_true(kh_date_valid(2000, 2, 29));  /* /400 */
    assert_true(kh_date_valid(2024, 2, 29));  /* /4 */
    assert_false(kh_date_valid(2023, 2, 29));
    assert_false(kh_date_valid(2100, 2, 29));
    assert_true(kh_date_valid(1900, 2, 28));
    assert_false(kh_date_valid(2024, 2, 30));
}

static void test_valid_rejects_out_of_range_fields(void **state)
{
    (void)state;
    assert_false(kh_date_valid(2019, 0, 1));
    assert_false(kh_date_valid(2019, 13, 1));
    assert_false(kh_date_valid(2019, 1, 0));
    assert_false(kh_date_valid(2019, 1, 32));
    assert_false(kh_date_valid(2019, 4, 31));
    assert_false(kh_date_valid(2019, 6, 31));
    assert_false(kh_date_valid(2019, 9, 31));
    assert_false(kh_date_valid(2019, 11, 31));
    assert_false(kh_date_valid(0, 1, 1));
    assert_false(kh_date_valid(10000, 1, 1));
    assert_false(kh_date_valid(2019, -1, 1));
    assert_true(kh_date_valid(1, 1, 1));
    assert_true(kh_date_valid(9999, 12, 31));
    assert_true(kh_date_valid(2019, 1, 31));
    assert_true(kh_date_valid(2019, 4, 30));
    assert_true(kh_date_valid(2019, 12, 31));
}

static void test_days_epoch_is_zero(void **state)
{
    (void)state;
    assert_int_equal(kh_date_days(1970, 1, 1), 0);
    assert_int_equal(kh_date_days(1970, 1, 2), 1);
    assert_int_equal(kh_date_days(1969, 12, 31), -1);
    assert_int_equal(kh_date_days(1971, 1, 1), 365);
}

static void test_days_known_values(void **state)
{
    (void)state;
    /* 2000-01-01 is Unix day 10957 (946684800 / 86400). */
    assert_int_equal(kh_date_days(2000, 1, 1), 10957);
    /* 2019-12-31: 1577750400 / 86400. */
    assert_int_equal(kh_date_days(2019, 12, 31), 18261);
    /* 1900-01-01: -2208988800 / 86400. */
    assert_int_equal(kh_date_days(1900, 1, 1), -25567);
    assert_int_equal(kh_date_days(1, 1, 1), -719162);
}

static void test_days_differences_across_feb(void **state)
{
    (void)state;
    assert_int_equal(kh_date_days(2000, 3, 1) - kh_date_days(2000, 2, 28), 2);
    assert_int_equal(kh_date_days(1900, 3, 1) - kh_date_days(1900, 2, 28), 1);
    assert_int_equal(kh_date_days(2024, 3, 1) - kh_date_days(2024, 2, 28), 2);
    assert_int_equal(kh_date_days(2019, 12, 31) - kh_date_days(2019, 1, 1),
                     364);
    assert_int_equal(kh_date_days(2020, 12, 31) - kh_date_days(2020, 1, 1),
                     365);
    assert_int_equal(kh_date_days(2020, 1, 1) - kh_date_days(2019, 12, 31), 1);
    /* 400 Gregorian years are 146097 days. */
    assert_int_equal(kh_date_days(2400, 1, 1) - kh_date_days(2000, 1, 1),
                     146097);
}

static void test_days_are_consecutive_over_leap_year(void **state)
{
    (void)state;
    long prev = kh_date_days(2023, 12, 31);
    for (int m = 1; m <= 12; m++)
        for (int d = 1; d <= 31; d++) {
            if (!kh_date_valid(2024, m, d)) continue;
            long x = kh_date_days(2024, m, d);
            assert_int_equal(x, prev + 1);
            prev = x;
        }
    assert_int_equal(kh_date_days(2025, 1, 1), prev + 1);
}

static void test_parse_accepts_all_separators(void **state)
{
    (void)state;
    const char *ok[] = {"2019-02-03", "2019/02/03", "2019.02.03", "20190203"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int y = 0, m = 0, d = 0;
        assert_int_equal(parse(ok[i], &y, &m, &d), 0);
        assert_int_equal(y, 2019);
        assert_int_equal(m, 2);
        assert_int_equal(d, 3);
    }
}

static void test_parse_accepts_feb_29_of_leap_year(void **state)
{
    (void)state;
    int y, m, d;
    assert_int_equal(parse("2000-02-29", &y, &m, &d), 0);
    assert_int_equal(parse("20240229", &y, &m, &d), 0);
    assert_int_equal(d, 29);
}

static void test_parse_accepts_office_forms(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "2019-2-3",  "2019-2-03",  "2019-02-3",   "2019/2/3",
        "2019.2.3",  "2019.02.03", "2019年2月3日", "2019年02月03日",
        "2019年2月3", "20190203",   "2019-02-03 00:00:00",
        "2019/2/3 12:30"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int y = 0, m = 0, d = 0;
        assert_int_equal(parse(ok[i], &y, &m, &d), 0);
        assert_int_equal(y, 2019);
        assert_int_equal(m, 2);
        assert_int_equal(d, 3);
    }
    char out[11];
    assert_int_equal(kh_date_cell("2019年12月1日", strlen("2019年12月1日"), out),
                     0);
    assert_string_equal(out, "2019-12-01");
    int y, m, d;
    assert_int_equal(parse("19-02-03", &y, &m, &d), -1);
    assert_int_equal(parse("2019-123-3", &y, &m, &d), -1);
    assert_int_equal(parse("2019年2月", &y, &m, &d), -1);
    assert_int_equal(parse("2019年2月30日", &y, &m, &d), -1);
    assert_int_equal(parse("2019-02-03 25:00", &y, &m, &d), -1);
}

static void test_parse_rejects_impossible_dates(void **state)
{
    (void)state;
    int y, m, d;
    assert_int_equal(parse("2019-13-01", &y, &m, &d), -1);
    assert_int_equal(parse("2019-00-01", &y, &m, &d), -1);
    assert_int_equal(parse("2019-02-29", &y, &m, &d), -1);
    assert_int_equal(parse("1900-02-29", &y, &m, &d), -1);
    assert_int_equal(parse("2019-04-31", &y, &m, &d), -1);
    assert_int_equal(parse("2019-01-00", &y, &m, &d), -1);
    assert_int_equal(parse("20191301", &y, &m, &d), -1);
    assert_int_equal(parse("0000-01-01", &y, &m, &d), -1);
}

static void test_parse_rejects_trailing_junk_and_bad_separators(void **state)
{
    (void)state;
    int y, m, d;
    assert_int_equal(parse("2019-02-03x", &y, &m, &d), -1);
    assert_int_equal(parse("2019-02-03 ", &y, &m, &d), -1);
    assert_int_equal(parse(" 2019-02-03", &y, &m, &d), -1);
    assert_int_equal(parse("2019-02-03T00:00", &y, &m, &d), -1);
    assert_int_equal(parse("201902031", &y, &m, &d), -1);
    assert_int_equal(parse("2019-02/03", &y, &m, &d), -1); /* mixed */
    assert_int_equal(parse("2019_02_03", &y, &m, &d), -1);
    assert_int_equal(parse("2019 02 03", &y, &m, &d), -1);
    assert_int_equal(parse("2019-0a-03", &y, &m, &d), -1);
    assert_int_equal(parse("2019a203", &y, &m, &d), -1);
    assert_int_equal(parse("+019-02-03", &y, &m, &d), -1);
    assert_int_equal(parse("", &y, &m, &d), -1);
    assert_int_equal(parse("2019年2月3号", &y, &m, &d), -1);
}

static void test_parse_honours_length_not_terminator(void **state)
{
    (void)state;
    int y, m, d;
    /* The first 8 bytes of "2019-02-03" are not a date. */
    assert_int_equal(kh_date_parse("2019-02-03", 8, &y, &m, &d), -1);
    /* The first 8 bytes of "20190203junk" are. */
    assert_int_equal(kh_date_parse("20190203junk", 8, &y, &m, &d), 0);
    assert_int_equal(d, 3);
}

static void test_age_counts_whole_years(void **state)
{
    (void)state;
    assert_int_equal(kh_date_age(2000, 6, 15, 2019, 6, 14), 18);
    assert_int_equal(kh_date_age(2000, 6, 15, 2019, 6, 15), 19);
    assert_int_equal(kh_date_age(2000, 6, 15, 2019, 12, 31), 19);
    assert_int_equal(kh_date_age(2000, 6, 15, 2019, 1, 1), 18);
    assert_int_equal(kh_date_age(2000, 6, 15, 2000, 6, 15), 0);
    assert_int_equal(kh_date_age(2000, 6, 15, 2001, 6, 14), 0);
}

static void test_age_of_feb_29_birthday(void **state)
{
    (void)state;
    assert_int_equal(kh_date_age(2000, 2, 29, 2019, 2, 28), 18);
    assert_int_equal(kh_date_age(2000, 2, 29, 2019, 3, 1), 19);
    assert_int_equal(kh_date_age(2000, 2, 29, 2020, 2, 29), 20);
}

static void test_today_is_a_valid_date(void **state)
{
    (void)state;
    int y = 0, m = 0, d = 0;
    kh_date_today(&y, &m, &d);
    assert_true(kh_date_valid(y, m, d));
    assert_true(y >= 2020);
}

static void test_from_days_inverts_days(void **state)
{
    (void)state;
    /* Every day from 1899-12-30 (Excel's epoch) to 2100-12-31. */
    for (long z = kh_date_days(1899, 12, 30); z <= kh_date_days(2100, 12, 31); z++) {
        int y, m, d;
        kh_date_from_days(z, &y, &m, &d);
        assert_true(kh_date_valid(y, m, d));
        assert_int_equal(kh_date_days(y, m, d), z);
    }
    int y, m, d;
    kh_date_from_days(0, &y, &m, &d);
    assert_true(y == 1970 && m == 1 && d == 1);
    kh_date_from_days(kh_date_days(2000, 2, 29), &y, &m, &d);
    assert_true(y == 2000 && m == 2 && d == 29);
}

/* kh_date_days_of: the stored forms (a date, a timestamp, an office
 * form) give the date's day count; anything else -1. */
static void test_days_of_stored_dates(void **state)
{
    (void)state;
    long d = kh_date_days(2020, 8, 15);
    assert_int_equal(kh_date_days_of("2020-08-15"), d);
    assert_int_equal(kh_date_days_of("2020-08-15T10:20:30Z"), d);
    assert_int_equal(kh_date_days_of("2020/8/15"), d);
    assert_int_equal(kh_date_days_of("2020-08-15 00:00:00"), d);
    assert_int_equal(kh_date_days_of("1970-01-01"), 0);
    assert_int_equal(kh_date_days_of(NULL), -1);
    assert_int_equal(kh_date_days_of(""), -1);
    assert_int_equal(kh_date_days_of("2020-02-30"), -1);
    assert_int_equal(kh_date_days_of("2020-02-30T00:00:00Z"), -1);
    assert_int_equal(kh_date_days_of("2020-08-15X"), -1);
    assert_int_equal(kh_date_days_of("长期坚持"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_days_inverts_days),
        cmocka_unit_test(test_valid_feb_29_follows_gregorian_leap_rule),
        cmocka_unit_test(test_valid_rejects_out_of_range_fields),
        cmocka_unit_test(test_days_epoch_is_zero),
        cmocka_unit_test(test_days_known_values),
        cmocka_unit_test(test_days_differences_across_feb),
        cmocka_unit_test(test_days_are_consecutive_over_leap_year),
        cmocka_unit_test(test_parse_accepts_all_separators),
        cmocka_unit_test(test_parse_accepts_feb_29_of_leap_year),
        cmocka_unit_test(test_parse_accepts_office_forms),
        cmocka_unit_test(test_parse_rejects_impossible_dates),
        cmocka_unit_test(test_parse_rejects_trailing_junk_and_bad_separators),
        cmocka_unit_test(test_parse_honours_length_not_terminator),
        cmocka_unit_test(test_age_counts_whole_years),
        cmocka_unit_test(test_age_of_feb_29_birthday),
        cmocka_unit_test(test_today_is_a_valid_date),
        cmocka_unit_test(test_days_of_stored_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
