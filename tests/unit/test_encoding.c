/* SPDX-License-Identifier: MIT */
/*
 * test_encoding.c - UTF-8 and GB18030 validation, encoding detection and
 * the iconv converter (src/base/encoding.c): overlong forms, surrogates,
 * code points above U+10FFFF, incomplete tails, GB18030's 2- and 4-byte
 * sequences, byte order marks, binary junk, and round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/encoding.h"

static size_t u8(const char *s, size_t n, size_t *partial)
{
    return kh_utf8_valid_prefix(s, n, partial);
}

static size_t gb(const char *s, size_t n, size_t *partial)
{
    return kh_gb18030_valid_prefix(s, n, partial);
}

/* "户编号" in GB18030 (GBK) bytes. */
#define HUBIANHAO_GB "\xBB\xA7\xB1\xE0\xBA\xC5"

/* ---- UTF-8 ---- */

static void test_utf8_accepts_ascii_and_all_lengths(void **state)
{
    (void)state;
    size_t partial = 99;
    const char *s = "a\xC2\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80z"; /* a © 中 😀 z */
    assert_int_equal(u8(s, strlen(s), &partial), strlen(s));
    assert_int_equal(partial, 0);
    assert_int_equal(u8("", 0, &partial), 0);
    assert_int_equal(partial, 0);
    /* The extremes of each form. */
    const char *edges = "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF"
                        "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    assert_int_equal(u8(edges, strlen(edges), &partial), strlen(edges));
    /* NULL partial is allowed. */
    assert_int_equal(u8("abc", 3, NULL), 3);
}

static void test_utf8_rejects_overlong_forms(void **state)
{
    (void)state;
    size_t partial = 99;
    assert_int_equal(u8("ab\xC0\x80", 4, &partial), 2);
    assert_int_equal(partial, 0);
    assert_int_equal(u8("\xC1\xBF", 2, &partial), 0);
    assert_int_equal(u8("\xE0\x80\x80", 3, &partial), 0);     /* 3-byte NUL */
    assert_int_equal(u8("\xE0\x9F\xBF", 3, &partial), 0);     /* U+07FF */
    assert_int_equal(u8("\xF0\x8F\xBF\xBF", 4, &partial), 0); /* U+FFFF */
    assert_int_equal(partial, 0);
}

static void test_utf8_rejects_surrogates(void **state)
{
    (void)state;
    size_t partial = 99;
    assert_int_equal(u8("x\xED\xA0\x80", 4, &partial), 1); /* U+D800 */
    assert_int_equal(partial, 0);
    assert_int_equal(u8("\xED\xBF\xBF", 3, &partial), 0); /* U+DFFF */
    /* U+D7FF, just below, is fine. */
    assert_int_equal(u8("\xED\x9F\xBF", 3, &partial), 3);
}

static void test_utf8_rejects_above_u10ffff(void **state)
{
    (void)state;
    size_t partial = 99;
    assert_int_equal(u8("\xF4\x90\x80\x80", 4, &partial), 0);
    assert_int_equal(partial, 0);
    assert_int_equal(u8("\xF5\x80\x80\x80", 4, &partial), 0);
    assert_int_equal(u8("\xF8\x88\x80\x80\x80", 5, &partial), 0);
    assert_int_equal(u8("\xFF", 1, &partial), 0);
    assert_int_equal(u8("\xFE", 1, &partial), 0);
}

static void test_utf8_rejects_stray_and_missing_continuations(void **state)
{
    (void)state;
    size_t partial = 99;
    assert_int_equal(u8("ab\x80", 3, &partial), 2);
    assert_int_equal(partial, 0);
    assert_int_equal(u8("ab\xBF", 3, &partial), 2);
    /* A lead byte followed by ASCII is invalid, not partial. */
    assert_int_equal(u8("a\xE4\x41\x42", 4, &partial), 1);
    assert_int_equal(partial, 0);
    assert_int_equal(u8("a\xE4\xB8\x41", 4, &partial), 1);
    assert_int_equal(partial, 0);
    /* Also when the bad byte is the last one. */
    assert_int_equal(u8("a\xE4\xB8\xC0", 4, &partial), 1);
    assert_int_equal(partial, 0);
}

static void test_utf8_partial_tail_is_not_invalid(void **state)
{
    (void)state;
    size_t partial = 0;
    assert_int_equal(u8("a\xE4", 2, &partial), 1);
    assert_int_equal(partial, 1);
    assert_int_equal(u8("a\xE4\xB8", 3, &partial), 1);
    assert_int_equal(partial, 2);
    assert_int_equal(u8("ab\xF0\x9F\x98", 5, &partial), 2);
    assert_int_equal(partial, 3);
    assert_int_equal(u8("\xC2", 1, &partial), 0);
    assert_int_equal(partial, 1);
    /* A tail that is already wrong is invalid, not partial. */
    assert_int_equal(u8("a\xF4\x90", 3, &partial), 1);
    assert_int_equal(partial, 0);
    assert_int_equal(u8("a\xE0\x80", 3, &partial), 1);
    assert_int_equal(partial, 0);
    /* partial is reset by a later call that ends cleanly. */
    assert_int_equal(u8("ab", 2, &partial), 2);
    assert_int_equal(partial, 0);
}

/* ---- GB18030 ---- */

static void test_gb18030_accepts_two_byte_sequences(void **state)
{
    (void)state;
    size_t partial = 99;
    assert_int_equal(gb("a" HUBIANHAO_GB "z", 8, &partial), 8);
    assert_int_equal(partial, 0);
    /* Second bytes 0x40..0x7E and 0x80..0xFE. */
    assert_int_equal(gb("\x81\x40\x81\x7E\x81\x80\xFE\xFE", 8, &partial), 8);
}

static void test_gb18030_accepts_four_byte_sequences(void **state)
{
    (void)state;
    size_t partial = 99;
    /* U+0080 and U+10000. */
    assert_int_equal(gb("\x81\x30\x81\x30", 4, &partial), 4);
    assert_int_equal(gb("a\x95\x32\x82\x36z", 6, &partial), 6);
    assert_int_equal(partial, 0);
    assert_int_equal(gb("\xFE\x39\xFE\x39", 4, &partial), 4);
}

static void test_gb18030_rejects_80_and_ff(void **state)
{
    (void)state;
    size_t partial = 99;
    assert_int_equal(gb("ab\x80", 3, &partial), 2);
    assert_int_equal(partial, 0);
    assert_int_equal(gb("ab\xFF\x40", 4, &partial), 2);
    assert_int_equal(gb("\x80\x40", 2, &partial), 0);
}

static void test_gb18030_rejects_bad_trail_bytes(void **state)
{
    (void)state;
    size_t partial = 99;
    assert_int_equal(gb("\xD6\x20", 2, &partial), 0);
    assert_int_equal(gb("\xD6\x7F", 2, &partial), 0);
    assert_int_equal(gb("\xD6\xFF", 2, &partial), 0);
    assert_int_equal(gb("\xD6\x2C", 2, &partial), 0);
    /* 4-byte forms: third byte 0x81..0xFE, fourth 0x30..0x39. */
    assert_int_equal(gb("x\x81\x30\x20\x30", 5, &partial), 1);
    assert_int_equal(gb("x\x81\x30\x81\x41", 5, &partial), 1);
    assert_int_equal(partial, 0);
}

static void test_gb18030_partial_tail(void **state)
{
    (void)state;
    size_t partial = 0;
    assert_int_equal(gb("a\xD6", 2, &partial), 1);
    assert_int_equal(partial, 1);
    assert_int_equal(gb("a\x81\x30", 3, &partial), 1);
    assert_int_equal(partial, 2);
    assert_int_equal(gb("a\x81\x30\x81", 4, &partial), 1);
    assert_int_equal(partial, 3);
    assert_int_equal(gb("ab", 2, &partial), 2);
    assert_int_equal(partial, 0);
}

/* ---- detection ---- */

static void test_detect_bom_is_utf8_bom(void **state)
{
    (void)state;
    size_t bad = 99;
    const char *s = "\xEF\xBB\xBF\xE6\x88\xB7,a\n";
    assert_int_equal(kh_encoding_detect(s, strlen(s), 1, &bad),
                     KH_ENC_UTF8_BOM);
    assert_int_equal(bad, 0);
    /* A BOM alone. */
    assert_int_equal(kh_encoding_detect(s, 3, 1, &bad), KH_ENC_UTF8_BOM);
}

static void test_detect_bom_then_invalid_is_unknown(void **state)
{
    (void)state;
    size_t bad = 0;
    /* A BOM commits to UTF-8: GB18030 bytes after it are an error at
     * their offset, counted from the start of the sample. */
    const char *s = "\xEF\xBB\xBF"
                    "ab" HUBIANHAO_GB;
    assert_int_equal(kh_encoding_detect(s, strlen(s), 1, &bad), KH_ENC_UNKNOWN);
    assert_int_equal(bad, 5);
}

static void test_detect_ascii_is_utf8(void **state)
{
    (void)state;
    size_t bad = 99;
    const char *s = "hh_id,name\n1,abc\n";
    assert_int_equal(kh_encoding_detect(s, strlen(s), 1, &bad), KH_ENC_UTF8);
    assert_int_equal(bad, 0);
    assert_int_equal(kh_encoding_detect("", 0, 1, &bad), KH_ENC_UTF8);
}

static void test_detect_utf8_chinese_is_utf8(void **state)
{
    (void)state;
    const char *s = "户编号,姓名\n";
    assert_int_equal(kh_encoding_detect(s, strlen(s), 1, NULL), KH_ENC_UTF8);
}

static void test_detect_gb18030_header_is_gb18030(void **state)
{
    (void)state;
    size_t bad = 99;
    const char *s = HUBIANHAO_GB ",\xD0\xD5\xC3\xFB\r\n"; /* 户编号,姓名 */
    assert_int_equal(kh_encoding_detect(s, strlen(s), 1, &bad), KH_ENC_GB18030);
    assert_int_equal(bad, 0);
}

static void test_detect_binary_junk_is_unknown_with_offset(void **state)
{
    (void)state;
    size_t bad = 0;
    const char junk[] = "PK\x01\x02"
                        "ab\x80\xFF\x00\x10";
    assert_int_equal(kh_encoding_detect(junk, sizeof junk - 1, 1, &bad),
                     KH_ENC_UNKNOWN);
    assert_int_equal(bad, 6); /* where UTF-8 decoding failed */
    const char ff[] = "\xFF\xFE\x00\x00";
    assert_int_equal(kh_encoding_detect(ff, 4, 1, &bad), KH_ENC_UNKNOWN);
    assert_int_equal(bad, 0);
}

static void test_detect_cut_sequence_depends_on_eof(void **state)
{
    (void)state;
    /* A sample that ends inside 中 (E4 B8 AD) is UTF-8 when more follows
     * ... */
    const char *s = "ab\xE4\xB8";
    assert_int_equal(kh_encoding_detect(s, 4, 0, NULL), KH_ENC_UTF8);
    /* ... but at the end of the file the dangling bytes are not UTF-8
     * (here they are one whole GB18030 character). */
    assert_int_equal(kh_encoding_detect(s, 4, 1, NULL), KH_ENC_GB18030);
    /* A dangling GB18030 lead byte at EOF is neither. */
    size_t bad = 0;
    assert_int_equal(kh_encoding_detect("a" HUBIANHAO_GB "\xD6", 8, 1, &bad),
                     KH_ENC_UNKNOWN);
    assert_int_equal(kh_encoding_detect("a" HUBIANHAO_GB "\xD6", 8, 0, &bad),
                     KH_ENC_GB18030);
}

static void test_encoding_names_round_trip(void **state)
{
    (void)state;
    assert_string_equal(kh_encoding_name(KH_ENC_UTF8), "utf-8");
    assert_string_equal(kh_encoding_name(KH_ENC_UTF8_BOM), "utf-8-bom");
    assert_string_equal(kh_encoding_name(KH_ENC_GB18030), "gb18030");
    assert_string_equal(kh_encoding_name(KH_ENC_UNKNOWN), "unknown");
    assert_string_equal(kh_encoding_name(42), "unknown");
    assert_int_equal(kh_encoding_parse("UTF-8"), KH_ENC_UTF8);
    assert_int_equal(kh_encoding_parse("utf8"), KH_ENC_UTF8);
    assert_int_equal(kh_encoding_parse("gbk"), KH_ENC_GB18030);
    assert_int_equal(kh_encoding_parse("GB18030"), KH_ENC_GB18030);
    assert_int_equal(kh_encoding_parse("latin1"), KH_ENC_UNKNOWN);
}

/* ---- conversion ---- */

static void test_iconv_round_trips_chinese_text(void **state)
{
    (void)state;
    const char *text = "户编号,姓名,证件号码\n云南省昆明市五华区 𠀀 © x\n";
    kh_error err;
    char *gbs = NULL;
    size_t gblen = 0;
    assert_int_equal(kh_utf8_to_gb18030(text, strlen(text), &gbs, &gblen, &err),
                     KH_OK);
    assert_non_null(gbs);
    assert_int_equal(memcmp(gbs, HUBIANHAO_GB, 6), 0);
    /* The GB18030 bytes are structurally valid and detected as such. */
    assert_int_equal(gb(gbs, gblen, NULL), gblen);
    assert_int_equal(kh_encoding_detect(gbs, gblen, 1, NULL), KH_ENC_GB18030);

    kh_iconv *cv = NULL;
    assert_int_equal(kh_iconv_open(1, &cv, &err), KH_OK);
    kh_buf out = KH_BUF_INIT;
    size_t used = 0;
    assert_int_equal(kh_iconv_run(cv, gbs, gblen, &used, &out), KH_OK);
    assert_int_equal(used, gblen);
    assert_int_equal(out.len, strlen(text));
    assert_string_equal(out.data, text);
    kh_buf_free(&out);
    kh_iconv_free(cv);
    free(gbs);
}

static void test_iconv_leaves_incomplete_tail_unconsumed(void **state)
{
    (void)state;
    kh_error err;
    kh_iconv *cv = NULL;
    kh_buf out = KH_BUF_INIT;
    size_t used = 0;
    assert_int_equal(kh_iconv_open(1, &cv, &err), KH_OK);
    /* 中 then the first byte of 中 again. */
    assert_int_equal(kh_iconv_run(cv, "\xD6\xD0\xD6", 3, &used, &out), KH_OK);
    assert_int_equal(used, 2);
    assert_string_equal(out.data, "中");
    /* Feeding the kept byte with the rest completes it. */
    assert_int_equal(kh_iconv_run(cv, "\xD6\xD0", 2, &used, &out), KH_OK);
    assert_int_equal(used, 2);
    assert_string_equal(out.data, "中中");
    /* A 4-byte sequence cut after 2 bytes. */
    assert_int_equal(kh_iconv_run(cv, "a\x95\x32", 3, &used, &out), KH_OK);
    assert_int_equal(used, 1);
    kh_buf_free(&out);
    kh_iconv_free(cv);

    assert_int_equal(kh_iconv_open(0, &cv, &err), KH_OK);
    assert_int_equal(kh_iconv_run(cv, "x\xE4\xB8", 3, &used, &out), KH_OK);
    assert_int_equal(used, 1);
    assert_string_equal(out.data, "x");
    kh_buf_free(&out);
    kh_iconv_free(cv);
}

static void test_iconv_invalid_input_stops_at_bad_byte(void **state)
{
    (void)state;
    kh_error err;
    kh_iconv *cv = NULL;
    kh_buf out = KH_BUF_INIT;
    size_t used = 99;
    assert_int_equal(kh_iconv_open(1, &cv, &err), KH_OK);
    assert_int_equal(kh_iconv_run(cv, "\xD6\xD0\x80\xD6\xD0", 5, &used, &out),
                     KH_ERR_FORMAT);
    assert_int_equal(used, 2);
    assert_string_equal(out.data, "中");
    kh_buf_free(&out);
    kh_iconv_free(cv);
}

static void test_iconv_large_input_grows_buffer(void **state)
{
    (void)state;
    /* 100000 characters: UTF-8 output is 1.5x the GB18030 input. */
    size_t n = 200000;
    char *in = malloc(n);
    assert_non_null(in);
    for (size_t i = 0; i < n; i += 2)
        memcpy(in + i, "\xD6\xD0", 2);
    kh_error err;
    kh_iconv *cv = NULL;
    kh_buf out = KH_BUF_INIT;
    size_t used = 0;
    assert_int_equal(kh_iconv_open(1, &cv, &err), KH_OK);
    assert_int_equal(kh_iconv_run(cv, in, n, &used, &out), KH_OK);
    assert_int_equal(used, n);
    assert_int_equal(out.len, n / 2 * 3);
    assert_int_equal(memcmp(out.data + out.len - 3, "中", 3), 0);
    kh_buf_free(&out);
    kh_iconv_free(cv);
    free(in);
}

static void test_utf8_to_gb18030_of_zhong_is_d6d0(void **state)
{
    (void)state;
    kh_error err;
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(kh_utf8_to_gb18030("中", 3, &out, &len, &err), KH_OK);
    assert_int_equal(len, 2);
    assert_int_equal((unsigned char)out[0], 0xD6);
    assert_int_equal((unsigned char)out[1], 0xD0);
    assert_int_equal(out[2], '\0');
    free(out);
    /* ASCII is unchanged; the empty string converts to nothing. */
    assert_int_equal(kh_utf8_to_gb18030("a,b", 3, &out, &len, &err), KH_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(out, "a,b", 3);
    free(out);
}

static void test_utf8_to_gb18030_rejects_invalid_utf8(void **state)
{
    (void)state;
    kh_error err;
    kh_error_clear(&err);
    char *out = (char *)&err;
    size_t len = 0;
    assert_int_equal(kh_utf8_to_gb18030("ab\xFF", 3, &out, &len, &err),
                     KH_ERR_FORMAT);
    assert_null(out);
    assert_string_equal(err.code, "encoding");
    /* A truncated sequence is as bad as an invalid one for a whole
     * string. */
    assert_int_equal(kh_utf8_to_gb18030("a\xE4\xB8", 3, &out, &len, &err),
                     KH_ERR_FORMAT);
    assert_null(out);
}

static void test_gb18030_bad_third_byte_is_not_partial(void **state)
{
    (void)state;
    size_t partial = 99;
    /* 0xFF can never be the third byte of a four-byte sequence. */
    assert_int_equal(gb("a\x81\x30\xFF", 4, &partial), 1);
    assert_int_equal(partial, 0);
    size_t bad;
    assert_int_equal(kh_encoding_detect("a\x81\x30\x20", 4, 0, &bad),
                     KH_ENC_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gb18030_bad_third_byte_is_not_partial),
        cmocka_unit_test(test_utf8_accepts_ascii_and_all_lengths),
        cmocka_unit_test(test_utf8_rejects_overlong_forms),
        cmocka_unit_test(test_utf8_rejects_surrogates),
        cmocka_unit_test(test_utf8_rejects_above_u10ffff),
        cmocka_unit_test(test_utf8_rejects_stray_and_missing_continuations),
        cmocka_unit_test(test_utf8_partial_tail_is_not_invalid),
        cmocka_unit_test(test_gb18030_accepts_two_byte_sequences),
        cmocka_unit_test(test_gb18030_accepts_four_byte_sequences),
        cmocka_unit_test(test_gb18030_rejects_80_and_ff),
        cmocka_unit_test(test_gb18030_rejects_bad_trail_bytes),
        cmocka_unit_test(test_gb18030_partial_tail),
        cmocka_unit_test(test_detect_bom_is_utf8_bom),
        cmocka_unit_test(test_detect_bom_then_invalid_is_unknown),
        cmocka_unit_test(test_detect_ascii_is_utf8),
        cmocka_unit_test(test_detect_utf8_chinese_is_utf8),
        cmocka_unit_test(test_detect_gb18030_header_is_gb18030),
        cmocka_unit_test(test_detect_binary_junk_is_unknown_with_offset),
        cmocka_unit_test(test_detect_cut_sequence_depends_on_eof),
        cmocka_unit_test(test_encoding_names_round_trip),
        cmocka_unit_test(test_iconv_round_trips_chinese_text),
        cmocka_unit_test(test_iconv_leaves_incomplete_tail_unconsumed),
        cmocka_unit_test(test_iconv_invalid_input_stops_at_bad_byte),
        cmocka_unit_test(test_iconv_large_input_grows_buffer),
        cmocka_unit_test(test_utf8_to_gb18030_of_zhong_is_d6d0),
        cmocka_unit_test(test_utf8_to_gb18030_rejects_invalid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
