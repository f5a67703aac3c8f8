/* SPDX-License-Identifier: MIT */
/* idcard.c - GB 11643 citizen ID numbers: check character, birth date, sex. */
#include "kaohe/idcard.h"

#include <string.h>

#include "kaohe/date.h"

static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
                                3, 7, 9, 10, 5, 8, 4, 2};
static const char checks[11] = "10X98765432";

char kh_idcard_check_char(const char *d)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (d[i] - '0') * weights[i];
    return checks[sum % 11];
}

int kh_idcard_parse(const char *s, size_t n, kh_idcard *out)
{
    memset(out, 0, sizeof *out);
    if (n != 18) return KH_ID_FORMAT;
    for (int i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9') return KH_ID_FORMAT;
        out->norm[i] = s[i];
    }
    char last = s[17];
    if (last == 'x') last = 'X';
    if (!((last >= '0' && last <= '9') || last == 'X')) return KH_ID_FORMAT;
    out->norm[17] = last;
    out->norm[18] = '\0';
    int v = 0;
    for (int i = 6; i < 10; i++) v = v * 10 + (s[i] - '0');
    out->year = v;
    out->month = (s[10] - '0') * 10 + (s[11] - '0');
    out->day = (s[12] - '0') * 10 + (s[13] - '0');
    out->male = ((s[16] - '0') % 2) == 1;
    if (out->year < 1900 || !kh_date_valid(out->year, out->month, out->day))
        return KH_ID_BIRTH;
    if (kh_idcard_check_char(out->norm) != last) return KH_ID_CHECKSUM;
    return KH_ID_OK;
}

uint64_t kh_idcard_key(const kh_idcard *id)
{
    uint64_t k = 0;
    for (int i = 0; i < 17; i++) k = k * 10 + (uint64_t)(id->norm[i] - '0');
    int c = id->norm[17] == 'X' ? 10 : id->norm[17] - '0';
    return k * 11 + (uint64_t)c; /* < 1.1e18 < 2^63 */
}
