/* SPDX-License-Identifier: MIT */
/* date.c - civil date arithmetic (days from civil, after H. Hinnant). */
#include "kaohe/date.h"

#include <string.h>
#include <time.h>

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int kh_date_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return 0;
    int max = mdays[m - 1] + (m == 2 && leap(y));
    return d <= max;
}

long kh_date_days(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void kh_date_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)mm;
    *y = (int)(yoe + era * 400 + (mm <= 2));
}

static int digits(const char *s, size_t n, int *v)
{
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

/* One or two digits at s[*i]; -1 when none. */
static int small(const char *s, size_t n, size_t *i, int *v)
{
    size_t k = 0;
    int x = 0;
    while (*i + k < n && k < 2 && s[*i + k] >= '0' && s[*i + k] <= '9')
        x = x * 10 + (s[*i + k++] - '0');
    if (!k) return -1;
    *i += k;
    *v = x;
    return 0;
}

/* A time of day after a date (" 00:00:00", what a date-time cell shows);
 * 0 when s[i..n) is one or nothing. */
static int time_tail(const char *s, size_t n, size_t i)
{
    if (i == n) return 0;
    if (s[i] != ' ') return -1;
    i++;
    int h, mi, sec = 0;
    if (small(s, n, &i, &h) || i >= n || s[i++] != ':' ||
        small(s, n, &i, &mi))
        return -1;
    if (i < n && s[i] == ':') {
        i++;
        if (small(s, n, &i, &sec)) return -1;
    }
    return i == n && h < 24 && mi < 60 && sec < 60 ? 0 : -1;
}

int kh_date_parse(const char *s, size_t n, int *y, int *m, int *d)
{
    static const char nian[] = "\xE5\xB9\xB4", yue[] = "\xE6\x9C\x88",
                      ri[] = "\xE6\x97\xA5"; /* 年 月 日 */
    size_t i = 4;
    if (n < 6 || digits(s, 4, y)) return -1;
    if (n >= 8 && s[4] >= '0' && s[4] <= '9') {
        /* YYYYMMDD */
        if (digits(s + 4, 2, m) || digits(s + 6, 2, d) || time_tail(s, n, 8))
            return -1;
    } else if (s[4] == '-' || s[4] == '/' || s[4] == '.') {
        /* YYYY-M-D, YYYY/M/D, YYYY.M.D: one separator throughout */
        char sep = s[i++];
        if (small(s, n, &i, m) || i >= n || s[i++] != sep ||
            small(s, n, &i, d) || time_tail(s, n, i))
            return -1;
    } else if (n - i >= 3 && !memcmp(s + i, nian, 3)) {
        /* YYYY年M月D日 */
        i += 3;
        if (small(s, n, &i, m) || n - i < 3 || memcmp(s + i, yue, 3)) return -1;
        i += 3;
        if (small(s, n, &i, d)) return -1;
        if (n - i >= 3 && !memcmp(s + i, ri, 3)) i += 3;
        if (time_tail(s, n, i)) return -1;
    } else {
        return -1;
    }
    return kh_date_valid(*y, *m, *d) ? 0 : -1;
}

int kh_date_cell(const char *s, size_t n, char out[11])
{
    int y, m, d;
    if (kh_date_parse(s, n, &y, &m, &d)) return -1;
    kh_date_format(out, y, m, d);
    return 0;
}

void kh_date_format(char out[11], int y, int m, int d)
{
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10 % 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10 % 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

void kh_date_today(int *y, int *m, int *d)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    *y = tm.tm_year + 1900;
    *m = tm.tm_mon + 1;
    *d = tm.tm_mday;
}

int kh_date_age(int by, int bm, int bd, int ry, int rm, int rd)
{
    int age = ry - by;
    if (rm < bm || (rm == bm && rd < bd)) age--;
    return age;
}

long kh_date_days_of(const char *s)
{
    if (!s) return -1;
    int y, m, d;
    size_t n = strlen(s);
    if (kh_date_parse(s, n, &y, &m, &d) &&
        (n <= 10 || s[10] != 'T' || kh_date_parse(s, 10, &y, &m, &d)))
        return -1;
    return kh_date_days(y, m, d);
}
