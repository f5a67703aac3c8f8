/* SPDX-License-Identifier: MIT */
/*
 * encoding.c - UTF-8 and GB18030 validation, encoding detection, and the
 * streaming iconv converter used at the edges (CSV in, CSV out).
 */
#include "kaohe/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kaohe/buf.h"

const char *kh_encoding_name(int enc)
{
    switch (enc) {
    case KH_ENC_UTF8: return "utf-8";
    case KH_ENC_UTF8_BOM: return "utf-8-bom";
    case KH_ENC_GB18030: return "gb18030";
    default: return "unknown";
    }
}

int kh_encoding_parse(const char *name)
{
    if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
        return KH_ENC_UTF8;
    if (!strcasecmp(name, "utf-8-bom") || !strcasecmp(name, "utf8-bom"))
        return KH_ENC_UTF8_BOM;
    if (!strcasecmp(name, "gb18030") || !strcasecmp(name, "gbk") ||
        !strcasecmp(name, "gb2312"))
        return KH_ENC_GB18030;
    return KH_ENC_UNKNOWN;
}

void kh_utf8_trim(char *s)
{
    size_t len = strlen(s), k = len, cont = 0;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && cont < 3) {
        k--;
        cont++;
    }
    if (k == 0) return;
    unsigned char lead = (unsigned char)s[k - 1];
    size_t want = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (lead >= 0xC0 && cont < want) s[k - 1] = '\0';
}

size_t kh_utf8_valid_prefix(const char *p, size_t n, size_t *partial)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t i = 0;
    if (partial) *partial = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            /* ASCII runs, eight bytes at a time. */
            i++;
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080ULL) break;
                i += 8;
            }
            continue;
        }
        /* The common case in Chinese text: a 3-byte sequence E1..EC or
         * EE..EF with two continuation bytes. */
        if (c >= 0xE1 && c != 0xED && c <= 0xEF && i + 2 < n &&
            (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F; /* no surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        for (size_t k = 1; k < len; k++) {
            if (i + k >= n) {
                if (partial) *partial = n - i;
                return i;
            }
            unsigned char b = s[i + k];
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
                return i;
        }
        i += len;
    }
    return i;
}

size_t kh_gb18030_valid_prefix(const char *p, size_t n, size_t *partial)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t i = 0;
    if (partial) *partial = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c == 0x80 || c == 0xFF) return i;
        if (i + 1 >= n) {
            if (partial) *partial = n - i;
            return i;
        }
        unsigned char b = s[i + 1];
        if ((b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE)) {
            i += 2;
            continue;
        }
        if (b < 0x30 || b > 0x39) return i;
        if (i + 3 >= n) {
            /* A 4-byte sequence cut by the end: partial only if what is
             * there can still start one. */
            if (i + 2 < n && (s[i + 2] < 0x81 || s[i + 2] > 0xFE)) return i;
            if (partial) *partial = n - i;
            return i;
        }
        if (s[i + 2] < 0x81 || s[i + 2] > 0xFE || s[i + 3] < 0x30 ||
            s[i + 3] > 0x39)
            return i;
        i += 4;
    }
    return i;
}

int kh_encoding_detect(const char *p, size_t n, int at_eof,
                       size_t *bad_offset)
{
    size_t partial;
    if (bad_offset) *bad_offset = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        size_t ok = kh_utf8_valid_prefix(p + 3, n - 3, &partial);
        if (ok + 3 == n || (!at_eof && ok + 3 + partial == n))
            return KH_ENC_UTF8_BOM;
        if (bad_offset) *bad_offset = ok + 3;
        return KH_ENC_UNKNOWN;
    }
    size_t ok = kh_utf8_valid_prefix(p, n, &partial);
    if (ok == n || (!at_eof && ok + partial == n)) return KH_ENC_UTF8;
    size_t gok = kh_gb18030_valid_prefix(p, n, &partial);
    if (gok == n || (!at_eof && gok + partial == n)) return KH_ENC_GB18030;
    if (bad_offset) *bad_offset = ok;
    return KH_ENC_UNKNOWN;
}

struct kh_iconv {
    iconv_t cd;
};

int kh_iconv_open(int to_utf8, kh_iconv **out, kh_error *err)
{
    *out = NULL;
    kh_iconv *cv = malloc(sizeof *cv);
    if (!cv)
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    cv->cd = to_utf8 ? iconv_open("UTF-8", "GB18030")
                     : iconv_open("GB18030", "UTF-8");
    if (cv->cd == (iconv_t)-1) {
        free(cv);
        return kh_error_set(err, KH_ERR_IO, "encoding",
                            "系统不支持 GB18030 编码转换",
                            "this system's iconv lacks GB18030");
    }
    *out = cv;
    return KH_OK;
}

int kh_iconv_run(kh_iconv *cv, const char *in, size_t n, size_t *used,
                 kh_buf *outbuf)
{
    char *ip = (char *)in;
    size_t left = n;
    *used = 0;
    while (left > 0) {
        int rc = kh_buf_reserve(outbuf, left * 2 + 16);
        if (rc) return rc;
        char *op = outbuf->data + outbuf->len;
        size_t room = outbuf->cap - outbuf->len - 1;
        size_t before = room;
        size_t r = iconv(cv->cd, &ip, &left, &op, &room);
        outbuf->len += before - room;
        outbuf->data[outbuf->len] = '\0';
        *used = n - left;
        if (r != (size_t)-1) break;
        if (errno == E2BIG) continue;
        if (errno == EINVAL) break; /* incomplete tail: caller keeps it */
        return KH_ERR_FORMAT;       /* EILSEQ */
    }
    return KH_OK;
}

void kh_iconv_free(kh_iconv *cv)
{
    if (!cv) return;
    iconv_close(cv->cd);
    free(cv);
}

int kh_utf8_to_gb18030(const char *s, size_t n, char **out, size_t *outlen,
                       kh_error *err)
{
    kh_iconv *cv;
    *out = NULL;
    int rc = kh_iconv_open(0, &cv, err);
    if (rc) return rc;
    kh_buf b = KH_BUF_INIT;
    size_t used;
    rc = kh_iconv_run(cv, s, n, &used, &b);
    kh_iconv_free(cv);
    if (rc == KH_OK && used != n) rc = KH_ERR_FORMAT;
    if (rc) {
        kh_buf_free(&b);
        return kh_error_set(err, rc, "encoding",
                            "无法转换为 GB18030(第%zu字节)",
                            "cannot convert to GB18030 (at byte %zu)", used);
    }
    *outlen = b.len;
    *out = kh_buf_take(&b);
    return KH_OK;
}

size_t kh_utf8_halfwidth(const char *s, size_t n, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (i + 2 < n && p[i] == 0xEF &&
            ((p[i + 1] == 0xBC && p[i + 2] >= 0x81) ||
             (p[i + 1] == 0xBD && p[i + 2] <= 0x9E))) {
            /* U+FF01..U+FF5E -> U+0021..U+007E */
            unsigned cp = ((unsigned)(p[i] & 0x0F) << 12) |
                          ((unsigned)(p[i + 1] & 0x3F) << 6) |
                          (p[i + 2] & 0x3F);
            out[o++] = (char)(cp - 0xFEE0);
            i += 3;
        } else if (i + 2 < n && p[i] == 0xE3 && p[i + 1] == 0x80 &&
                   p[i + 2] == 0x80) {
            out[o++] = ' ';
            i += 3;
        } else {
            out[o++] = (char)p[i++];
        }
    }
    out[o] = '\0';
    return o;
}

int kh_utf8_has_fullwidth(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i + 2 < n; i++)
        if ((p[i] == 0xEF && ((p[i + 1] == 0xBC && p[i + 2] >= 0x81) ||
                              (p[i + 1] == 0xBD && p[i + 2] <= 0x9E))) ||
            (p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80))
            return 1;
    return 0;
}
