/* SPDX-License-Identifier: MIT */
/* buf.c - the growable, capped byte buffer. */
#include "kaohe/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX ((size_t)1 << 30)

void kh_buf_init(kh_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void kh_buf_free(kh_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void kh_buf_reset(kh_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

int kh_buf_reserve(kh_buf *b, size_t n)
{
    size_t max = b->max ? b->max : DEFAULT_MAX;
    if (n > max || b->len > max - n) return KH_ERR_LIMIT;
    size_t need = b->len + n + 1;
    if (need <= b->cap) return KH_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) return KH_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return KH_OK;
}

int kh_buf_add(kh_buf *b, const void *p, size_t n)
{
    int rc = kh_buf_reserve(b, n);
    if (rc) return rc;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return KH_OK;
}

int kh_buf_adds(kh_buf *b, const char *s)
{
    return kh_buf_add(b, s, strlen(s));
}

int kh_buf_addc(kh_buf *b, char c)
{
    return kh_buf_add(b, &c, 1);
}

int kh_buf_vprintf(kh_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) return KH_ERR_INVALID;
    if ((size_t)n < sizeof small) return kh_buf_add(b, small, (size_t)n);
    int rc = kh_buf_reserve(b, (size_t)n);
    if (rc) return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return KH_OK;
}

int kh_buf_printf(kh_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = kh_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *kh_buf_take(kh_buf *b)
{
    char *p = b->data;
    if (!p) p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

int kh_buf_json_str(kh_buf *b, const char *s, size_t n)
{
    int rc = kh_buf_addc(b, '"');
    size_t run = 0; /* bytes copied as they are, in one go */
    for (size_t i = 0; i < n && !rc; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        rc = kh_buf_add(b, s + run, i - run);
        run = i + 1;
        if (rc) break;
        switch (ch) {
        case '"': rc = kh_buf_add(b, "\\\"", 2); break;
        case '\\': rc = kh_buf_add(b, "\\\\", 2); break;
        case '\n': rc = kh_buf_add(b, "\\n", 2); break;
        case '\r': rc = kh_buf_add(b, "\\r", 2); break;
        case '\t': rc = kh_buf_add(b, "\\t", 2); break;
        default: rc = kh_buf_printf(b, "\\u%04x", ch); break;
        }
    }
    if (!rc) rc = kh_buf_add(b, s + run, n - run);
    return rc ? rc : kh_buf_addc(b, '"');
}
