/* SPDX-License-Identifier: MIT */
/*
 * test_error.c - kh_error records (src/base/error.c): a message longer
 * than its buffer is cut at a UTF-8 character boundary, never inside a
 * character (found by fuzz/fuzz_scheme: a scheme line quoted in an error
 * made the message invalid UTF-8, which JSON and the web cannot carry);
 * short messages and ASCII are kept as they are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "kaohe/encoding.h"
#include "kaohe/error.h"

static int whole_utf8(const char *s)
{
    size_t n = strlen(s), partial = 0;
    return kh_utf8_valid_prefix(s, n, &partial) == n;
}

/* A text of n copies of the 3-byte 字 after k ASCII bytes. */
static void text(char *out, size_t k, size_t n)
{
    memset(out, 'a', k);
    for (size_t i = 0; i < n; i++) memcpy(out + k + 3 * i, "字", 3);
    out[k + 3 * n] = '\0';
}

static void test_set_cuts_at_a_character_boundary(void **state)
{
    (void)state;
    char long_text[2000];
    for (size_t k = 0; k < 3; k++) {
        text(long_text, k, 400);
        kh_error e;
        kh_error_clear(&e);
        kh_error_set(&e, KH_ERR_INVALID, "x", "值“%s”无效", "value '%s' bad",
                     long_text);
        assert_true(whole_utf8(e.zh));
        assert_true(whole_utf8(e.en));
        assert_true(strlen(e.zh) >= KH_MSG_MAX - 4);
        assert_true(strlen(e.zh) < KH_MSG_MAX);
    }
}

static void test_msg_cuts_at_a_character_boundary(void **state)
{
    (void)state;
    char long_text[2000];
    for (size_t k = 0; k < 3; k++) {
        text(long_text, k, 400);
        kh_error e;
        kh_error_msg(&e, KH_ERR_INVALID, "x", long_text, long_text);
        assert_true(whole_utf8(e.zh));
        assert_true(whole_utf8(e.en));
        kh_error_at(&e, long_text, 1, 1, long_text);
        assert_true(whole_utf8(e.file));
        assert_true(whole_utf8(e.column));
    }
}

static void test_short_and_ascii_messages_are_kept(void **state)
{
    (void)state;
    kh_error e;
    kh_error_set(&e, KH_ERR_IO, "io", "无法打开文件:%s", "cannot open: %s", "甲.csv");
    assert_string_equal(e.zh, "无法打开文件:甲.csv");
    assert_string_equal(e.en, "cannot open: 甲.csv");
    char ascii[1000];
    memset(ascii, 'b', sizeof ascii - 1);
    ascii[sizeof ascii - 1] = '\0';
    kh_error_msg(&e, KH_ERR_IO, "io", ascii, ascii);
    assert_int_equal(strlen(e.zh), KH_MSG_MAX - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_cuts_at_a_character_boundary),
        cmocka_unit_test(test_msg_cuts_at_a_character_boundary),
        cmocka_unit_test(test_short_and_ascii_messages_are_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
