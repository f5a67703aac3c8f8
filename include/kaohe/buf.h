/* SPDX-License-Identifier: MIT */
/*
 * buf.h - one growable byte buffer with a size cap, used for text, JSON,
 * SQL and row assembly (in the manner of curl's dynbuf). The contents are
 * always NUL-terminated so that they can be used as a C string.
 */
#ifndef KAOHE_BUF_H
#define KAOHE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "kaohe/error.h"

typedef struct kh_buf {
    char *data;  /* NUL-terminated contents, NULL until the first append */
    size_t len;  /* bytes used, not counting the terminator */
    size_t cap;  /* bytes allocated */
    size_t max;  /* size cap; 0 means the default (1 GiB) */
} kh_buf;

#define KH_BUF_INIT {NULL, 0, 0, 0}

void kh_buf_init(kh_buf *b, size_t max);
/* Release the memory. Safe on a zeroed or already freed buffer. */
void kh_buf_free(kh_buf *b);
/* Forget the contents but keep the allocation. */
void kh_buf_reset(kh_buf *b);
/* Make room for n more bytes. KH_ERR_LIMIT past the cap, KH_ERR_NOMEM. */
int kh_buf_reserve(kh_buf *b, size_t n) KH_WUR;
int kh_buf_add(kh_buf *b, const void *p, size_t n) KH_WUR;
int kh_buf_adds(kh_buf *b, const char *s) KH_WUR;
int kh_buf_addc(kh_buf *b, char c) KH_WUR;
int kh_buf_printf(kh_buf *b, const char *fmt, ...) KH_PRINTF(2, 3) KH_WUR;
int kh_buf_vprintf(kh_buf *b, const char *fmt, va_list ap) KH_WUR;
/* Take the contents: caller owns the result, free() it; b is reset. */
char *kh_buf_take(kh_buf *b);

/* Append s[0..n) as a JSON string literal (quoted, escaped). */
int kh_buf_json_str(kh_buf *b, const char *s, size_t n) KH_WUR;

#endif
