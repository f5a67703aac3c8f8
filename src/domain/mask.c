/* SPDX-License-Identifier: MIT */
/*
 * mask.c - the masking policy for personal information (include/kaohe/
 * mask.h): ID numbers to their last four characters, phones to their
 * first three and last four digits, birth dates to their year, and the
 * same inside texts. Pure: no I/O.
 */
#include <string.h>

#include "kaohe/mask.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int kh_mask_kind(const char *field)
{
    if (!field) return KH_MASK_NONE;
    const char *dot = strrchr(field, '.');
    if (dot && field[0] == 'm') field = dot + 1;
    static const struct {
        const char *name;
        int kind;
    } names[] = {
        {"id_no", KH_MASK_ID},       {"helper_id", KH_MASK_ID},
        {"head_id", KH_MASK_ID},     {"证件号码", KH_MASK_ID},
        {"帮扶责任人证件号码", KH_MASK_ID}, {"phone", KH_MASK_PHONE},
        {"联系电话", KH_MASK_PHONE},  {"birth", KH_MASK_BIRTH},
        {"出生日期", KH_MASK_BIRTH},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(field, names[i].name)) return names[i].kind;
    return KH_MASK_NONE;
}

/* Copy src into out (outsz > 0), keeping the characters [0, head) and
 * [n - tail, n) and starring the others. */
static void keep_ends(const char *src, size_t head, size_t tail, char *out,
                      size_t outsz)
{
    size_t n = src ? strlen(src) : 0, i = 0;
    if (head + tail > n) head = tail = 0;
    for (; i < n && i + 1 < outsz; i++)
        out[i] = i < head || i >= n - tail ? src[i] : '*';
    out[i] = '\0';
}

void kh_mask_id(const char *id, char *out, size_t outsz)
{
    if (!outsz) return;
    size_t n = id ? strlen(id) : 0;
    keep_ends(id, 0, n >= 12 ? 4 : 0, out, outsz);
}

void kh_mask_phone(const char *p, char *out, size_t outsz)
{
    if (!outsz) return;
    size_t n = p ? strlen(p) : 0;
    if (n >= 8)
        keep_ends(p, 3, 4, out, outsz);
    else
        keep_ends(p, 0, 0, out, outsz);
}

void kh_mask_birth(const char *b, char *out, size_t outsz)
{
    if (!outsz) return;
    const char *y = b && strlen(b) >= 4 && is_digit(b[0]) && is_digit(b[1]) &&
                            is_digit(b[2]) && is_digit(b[3])
                        ? b
                        : "****";
    size_t k = outsz - 1 < 4 ? outsz - 1 : 4;
    memcpy(out, y, k);
    out[k] = '\0';
}

void kh_mask_value(int kind, const char *v, char *out, size_t outsz)
{
    if (!outsz) return;
    switch (kind) {
    case KH_MASK_ID: kh_mask_id(v, out, outsz); break;
    case KH_MASK_PHONE: kh_mask_phone(v, out, outsz); break;
    case KH_MASK_BIRTH: kh_mask_birth(v, out, outsz); break;
    default: {
        size_t n = v ? strlen(v) : 0;
        if (n >= outsz) n = outsz - 1;
        if (n) memcpy(out, v, n);
        out[n] = '\0';
    }
    }
}

static int num2(const char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

/* A possible date from year, month and day digits. */
static int date_ok(const char *y, const char *m, const char *d)
{
    int yy = num2(y) * 100 + num2(y + 2), mm = num2(m), dd = num2(d);
    return yy >= 1800 && yy <= 2199 && mm >= 1 && mm <= 12 && dd >= 1 &&
           dd <= 31;
}

/* What stands at t[i] (a digit not preceded by a letter or digit): *len
 * gets the bytes it covers and *keep_head / *keep_tail what stays; 0 when
 * nothing there is masked. */
static int masked_at(const char *t, size_t n, size_t i, unsigned flags,
                     size_t *len, size_t *head, size_t *tail, int *dashes)
{
    size_t j = i;
    while (j < n && is_digit(t[j])) j++;
    size_t run = j - i;
    *dashes = 0;
    /* YYYY-MM-DD */
    if ((flags & KH_MASK_TEXT_DATES) && run == 4 && j + 6 <= n &&
        t[j] == '-' && is_digit(t[j + 1]) && is_digit(t[j + 2]) &&
        t[j + 3] == '-' && is_digit(t[j + 4]) && is_digit(t[j + 5]) &&
        (j + 6 == n || (!is_alnum(t[j + 6]) && t[j + 6] != 'T')) &&
        date_ok(t + i, t + j + 1, t + j + 4)) {
        *len = 10;
        *head = 4;
        *tail = 0;
        *dashes = 1;
        return 1;
    }
    size_t end = j;
    if (run == 17 && j < n && (t[j] == 'X' || t[j] == 'x')) end = j + 1;
    if (end < n && is_alnum(t[end])) return 0;
    size_t len_all = end - i;
    if (len_all == 18 || (len_all == 15 && run == 15)) {
        *len = len_all;
        *head = 0;
        *tail = 4;
        return 1;
    }
    if (run == 11 && len_all == 11 && t[i] == '1') {
        *len = 11;
        *head = 3;
        *tail = 4;
        return 1;
    }
    if ((flags & KH_MASK_TEXT_DATES) && len_all == 8 &&
        date_ok(t + i, t + i + 4, t + i + 6)) {
        *len = 8;
        *head = 4;
        *tail = 0;
        return 1;
    }
    if ((flags & KH_MASK_TEXT_DIGITS) && len_all >= 13) {
        *len = len_all;
        *head = 0;
        *tail = 4;
        return 1;
    }
    return 0;
}

static int scan(kh_buf *out, const char *t, size_t n, unsigned flags)
{
    size_t i = 0, from = 0;
    int found = 0;
    while (i < n) {
        if (!is_digit(t[i]) || (i > 0 && is_alnum(t[i - 1]))) {
            i++;
            continue;
        }
        size_t len, head, tail;
        int dashes;
        if (!masked_at(t, n, i, flags, &len, &head, &tail, &dashes)) {
            while (i < n && is_alnum(t[i])) i++;
            continue;
        }
        found = 1;
        if (!out) return 1;
        if (kh_buf_add(out, t + from, i - from)) return -1;
        for (size_t k = 0; k < len; k++) {
            char c = k < head || k >= len - tail ? t[i + k] : '*';
            if (dashes && (k == 4 || k == 7)) c = '-';
            if (kh_buf_addc(out, c)) return -1;
        }
        i += len;
        from = i;
    }
    if (out && kh_buf_add(out, t + from, n - from)) return -1;
    return found;
}

int kh_mask_text(kh_buf *out, const char *t, size_t n, unsigned flags)
{
    if (!t) return KH_OK;
    if (scan(out, t, n, flags) < 0) return KH_ERR_NOMEM;
    return KH_OK;
}

int kh_mask_text_has(const char *t, size_t n, unsigned flags)
{
    return t && scan(NULL, t, n, flags) > 0;
}

int kh_mask_is_id(const char *q)
{
    size_t n = q ? strlen(q) : 0;
    if (n != 15 && n != 18) return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(q[i]) &&
            !(i == n - 1 && n == 18 && (q[i] == 'X' || q[i] == 'x')))
            return 0;
    return 1;
}

unsigned kh_mask_code_flags(const char *code)
{
    static const char *const strict[] = {
        "id_format",   "id_birth",           "id_checksum",
        "birth_mismatch",    "value_date",
        "helper_id_checksum", "helper_id_format", "sex_mismatch",
    };
    if (!code) return 0;
    for (size_t i = 0; i < sizeof strict / sizeof strict[0]; i++)
        if (!strcmp(code, strict[i]))
            return KH_MASK_TEXT_DATES | KH_MASK_TEXT_DIGITS;
    return 0;
}
