/* SPDX-License-Identifier: MIT */
/*
 * encoding.h - detecting and converting the text encodings offices use.
 *
 * Inside kaohe all text is UTF-8. Files arrive in UTF-8 (with or without a
 * byte order mark) or in GB18030/GBK, which Excel and WPS write by default
 * on a Chinese Windows. GBK is a subset of GB18030, so one decoder serves
 * both. Conversion happens at the edge, through iconv.
 */
#ifndef KAOHE_ENCODING_H
#define KAOHE_ENCODING_H

#include <stddef.h>

#include "kaohe/error.h"

enum kh_encoding {
    KH_ENC_UNKNOWN = 0,
    KH_ENC_UTF8,     /* UTF-8 without a BOM */
    KH_ENC_UTF8_BOM, /* UTF-8 starting with EF BB BF */
    KH_ENC_GB18030,  /* GB18030 (and so GBK and GB2312) */
};

/* "utf-8", "utf-8-bom", "gb18030" or "unknown". */
const char *kh_encoding_name(int enc);
/* Parse "utf-8", "utf8", "gb18030", "gbk"; KH_ENC_UNKNOWN otherwise. */
int kh_encoding_parse(const char *name);

/*
 * Length of the longest prefix of p[0..n) that is valid UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF). When the data ends in the
 * middle of a sequence, *partial is set to the number of bytes of that
 * incomplete tail (they are not counted as invalid).
 */
size_t kh_utf8_valid_prefix(const char *p, size_t n, size_t *partial);

/* s[0..n) with the full-width forms U+FF01..U+FF5E made half-width and
 * U+3000 a space, into out (room for n + 1 bytes: never longer),
 * NUL-ended; the length. */
size_t kh_utf8_halfwidth(const char *s, size_t n, char *out);
/* 1 when s[0..n) holds a full-width form (U+FF01..U+FF5E) or U+3000. */
int kh_utf8_has_fullwidth(const char *s, size_t n);

/*
 * Drop an incomplete UTF-8 sequence at the end of the string s (a text
 * cut to a buffer by snprintf): shown in JSON or on the web, a broken last
 * character would make the whole reply invalid. A whole string is left
 * as it is.
 */
void kh_utf8_trim(char *s);

/* Same for GB18030 byte structure (1, 2 or 4-byte sequences). */
size_t kh_gb18030_valid_prefix(const char *p, size_t n, size_t *partial);

/*
 * Decide the encoding of a file from its first bytes (as many as the caller
 * has, ideally 1 MiB or the whole file). `at_eof` says whether the sample
 * is the whole file. Returns KH_ENC_UNKNOWN when the sample is neither
 * valid UTF-8 nor valid GB18030; *bad_offset then tells where UTF-8
 * decoding failed.
 */
int kh_encoding_detect(const char *p, size_t n, int at_eof,
                       size_t *bad_offset);

/* A streaming GB18030 <-> UTF-8 converter (iconv underneath). */
typedef struct kh_iconv kh_iconv;

/* to_utf8 = 1: GB18030 -> UTF-8; 0: UTF-8 -> GB18030. */
int kh_iconv_open(int to_utf8, kh_iconv **out, kh_error *err) KH_WUR;
/*
 * Convert in[0..n) and append to *outbuf (a kh_buf). Returns in *used the
 * bytes consumed; an incomplete sequence at the end is left unconsumed.
 * KH_ERR_FORMAT with *used at the first invalid byte on bad input.
 */
struct kh_buf;
int kh_iconv_run(kh_iconv *cv, const char *in, size_t n, size_t *used,
                 struct kh_buf *outbuf) KH_WUR;
void kh_iconv_free(kh_iconv *cv);

/* Convert a whole UTF-8 string to GB18030; caller frees *out. */
int kh_utf8_to_gb18030(const char *s, size_t n, char **out, size_t *outlen,
                       kh_error *err) KH_WUR;

#endif
