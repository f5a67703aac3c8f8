/* SPDX-License-Identifier: MIT */
/*
 * cellnorm.c - what offices' sheets do to values that kaohe reads through,
 * each time with a finding (never silently): full-width digits, letters
 * and punctuation (U+FF01-U+FF5E) in the cells of numeric, date, code and
 * ID columns read as their half-width forms, the full-width space U+3000
 * and the no-break space U+00A0 around any value removed; and the marks
 * Excel leaves on an ID number it took for a number.
 */
#include "domain/check_int.h"
#include "kaohe/encoding.h"

#include <string.h>

#include "kaohe/idcard.h"

/* Length of the U+3000 (E3 80 80) or U+00A0 (C2 A0) at s, else 0; ASCII
 * blanks count too (1). */
static size_t blank_at(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' ||
                   p[0] == '\n'))
        return 1;
    if (n >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return 3;
    if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0) return 2;
    return 0;
}

static size_t blank_before(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n >= 1 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' ||
                   p[n - 1] == '\n'))
        return 1;
    if (n >= 3 && p[n - 3] == 0xE3 && p[n - 2] == 0x80 && p[n - 1] == 0x80)
        return 3;
    if (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0) return 2;
    return 0;
}

kh_cell cell_trim_wide(kh_cell c, int *wide)
{
    size_t k;
    *wide = 0;
    while (c.len && (k = blank_at(c.s, c.len))) {
        if (k > 1) *wide = 1;
        c.s += k;
        c.len -= k;
    }
    while (c.len && (k = blank_before(c.s, c.len))) {
        if (k > 1) *wide = 1;
        c.len -= k;
    }
    return c;
}

int cell_has_fullwidth(kh_cell c)
{
    return kh_utf8_has_fullwidth(c.s, c.len);
}

size_t cell_halfwidth(kh_cell c, char *out)
{
    return kh_utf8_halfwidth(c.s, c.len, out);
}

int id_excel_damaged(kh_cell v, int numeric, int res)
{
    /* 5.30121E+17: a number Excel showed in scientific notation, then
     * saved as text. */
    size_t i = 0, digits = 0;
    while (i < v.len && v.s[i] >= '0' && v.s[i] <= '9') i++, digits++;
    if (i < v.len && v.s[i] == '.') {
        i++;
        while (i < v.len && v.s[i] >= '0' && v.s[i] <= '9') i++, digits++;
    }
    if (digits && i < v.len && (v.s[i] == 'E' || v.s[i] == 'e')) {
        size_t j = i + 1, ed = 0;
        if (j < v.len && (v.s[j] == '+' || v.s[j] == '-')) j++;
        while (j < v.len && v.s[j] >= '0' && v.s[j] <= '9') j++, ed++;
        if (ed && j == v.len) return 1;
    }
    if (res == KH_ID_OK) return 0; /* the number is whole: nothing was lost */
    /* A number cell keeps 15 significant digits: the rest are zeros. */
    if (numeric) return 1;
    /* The zeros stay when such a cell is copied out as text. */
    return res == KH_ID_CHECKSUM && v.len == 18 && !memcmp(v.s + 15, "000", 3);
}
