/* SPDX-License-Identifier: MIT */
/*
 * fmt.c - numbers, money, rates and dates as the documents print them
 * (include/kaohe/fmt.h). Rates are kept exact (numerator/denominator) and
 * rounded only here, with 128-bit intermediates so that no ratio of
 * counts overflows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kaohe/date.h"
#include "kaohe/fmt.h"

static void put(char *buf, size_t n, const char *s)
{
    if (!n) return;
    size_t k = strlen(s);
    if (k >= n) k = n - 1;
    memcpy(buf, s, k);
    buf[k] = '\0';
}

/* Digits of an unsigned value with a comma every three. */
static void group(unsigned long long v, char *out, size_t n)
{
    char d[32], g[48];
    int k = snprintf(d, sizeof d, "%llu", v), j = 0;
    for (int i = 0; i < k; i++) {
        if (i && (k - i) % 3 == 0) g[j++] = ',';
        g[j++] = d[i];
    }
    g[j] = '\0';
    put(out, n, g);
}

void kh_fmt_int(long long v, char *buf, size_t n)
{
    char g[40];
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                                 : (unsigned long long)v;
    group(u, g, sizeof g);
    if (n) snprintf(buf, n, "%s%s", v < 0 ? "-" : "", g);
}

void kh_fmt_yuan(long long fen, char *buf, size_t n)
{
    char g[40];
    unsigned long long u = fen < 0 ? 0ULL - (unsigned long long)fen
                                   : (unsigned long long)fen;
    group(u / 100, g, sizeof g);
    if (n) snprintf(buf, n, "%s%s.%02llu", fen < 0 ? "-" : "", g, u % 100);
}

/* num/den * scale rounded half away from zero. */
static __int128 scaled(long long num, long long den, __int128 scale)
{
    __int128 a = (__int128)num * scale, d = den;
    int neg = a < 0;
    if (neg) a = -a;
    __int128 q = (a * 2 + d) / (d * 2);
    return neg ? -q : q;
}

static __int128 pow10i(int d)
{
    __int128 p = 1;
    while (d-- > 0) p *= 10;
    return p;
}

void kh_fmt_yuan_q(long long num, long long den, char *buf, size_t n)
{
    if (den <= 0) {
        put(buf, n, "—");
        return;
    }
    kh_fmt_yuan((long long)scaled(num, den, 1), buf, n);
}

/* v (the value times 10^decimals) as a decimal with that many places. */
static void decimal(__int128 v, int decimals, char *buf, size_t n)
{
    int neg = v < 0;
    if (neg) v = -v;
    __int128 p = pow10i(decimals);
    unsigned long long ip = (unsigned long long)(v / p),
                       fp = (unsigned long long)(v % p);
    if (decimals > 0)
        snprintf(buf, n, "%s%llu.%0*llu", neg ? "-" : "", ip, decimals, fp);
    else
        snprintf(buf, n, "%s%llu", neg ? "-" : "", ip);
}

void kh_fmt_pct(long long num, long long den, int decimals, char *buf,
                size_t n)
{
    if (den <= 0) {
        put(buf, n, "—");
        return;
    }
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    /* A value rounded onto a whole percent it is not (99.997% to
     * "100.00%", 89.997% to "90.00%" against a threshold of 90%, 0.004%
     * to "0.00%") would say what is false: it gets more decimals until it
     * leaves the whole percent, and at six it is cut toward its exact
     * value (never reaching the whole percent). */
    int exact_whole = ((__int128)num * 100) % den == 0;
    __int128 v = scaled(num, den, 100 * pow10i(decimals));
    while (!exact_whole && v % pow10i(decimals) == 0 && decimals < 6) {
        decimals++;
        v = scaled(num, den, 100 * pow10i(decimals));
    }
    if (!exact_whole && v % pow10i(decimals) == 0) {
        /* still on the whole percent at six decimals: one step toward
         * the exact value */
        int below = (__int128)num * 100 * pow10i(decimals) < v * den;
        v += below ? -1 : 1;
    }
    char d[64];
    decimal(v, decimals, d, sizeof d);
    if (n) snprintf(buf, n, "%s%%", d);
}

void kh_fmt_pct_short(long long num, long long den, char *buf, size_t n)
{
    if (den <= 0) {
        put(buf, n, "—");
        return;
    }
    int d = 0;
    while (d < 4 && ((__int128)num * 100 * pow10i(d)) % den != 0) d++;
    kh_fmt_pct(num, den, d, buf, n);
}

static int sign128(__int128 v) { return (v > 0) - (v < 0); }

int kh_fmt_pct_decimals(long long num, long long den, long long tn,
                        long long td, int min)
{
    if (den <= 0 || td <= 0) return min;
    int exact = sign128((__int128)num * td - (__int128)tn * den);
    for (int d = min < 0 ? 0 : min; d <= 6; d++) {
        __int128 s = 100 * pow10i(d);
        if (sign128(scaled(num, den, s) - scaled(tn, td, s)) == exact)
            return d;
    }
    return 6;
}

void kh_fmt_rate_cmp(long long num, long long den, long long tn,
                     long long td, int counts, char *buf, size_t n)
{
    if (den <= 0 || td <= 0) {
        put(buf, n, "无数据");
        return;
    }
    /* the threshold as its shortest percentage; the value with enough
     * decimals to compare with that text as the exact values do */
    char thr[64], val[64], a[64], b[64];
    int td_dec = 0;
    while (td_dec < 4 && ((__int128)tn * 100 * pow10i(td_dec)) % td != 0)
        td_dec++;
    int d = kh_fmt_pct_decimals(num, den, tn, td, td_dec > 1 ? td_dec : 1);
    if (d < td_dec) d = td_dec;
    kh_fmt_pct(tn, td, td_dec, thr, sizeof thr);
    kh_fmt_pct(num, den, d, val, sizeof val);
    int c = sign128((__int128)num * td - (__int128)tn * den);
    const char *word = c < 0 ? "低于" : c > 0 ? "高于" : "等于";
    if (counts) {
        kh_fmt_int(num, a, sizeof a);
        kh_fmt_int(den, b, sizeof b);
        snprintf(buf, n, "%s（%s/%s），%s %s", val, a, b, word, thr);
    } else {
        snprintf(buf, n, "%s，%s %s", val, word, thr);
    }
}

void kh_fmt_date_zh(const char *iso, char *buf, size_t n)
{
    int y, m, d;
    if (!iso || !iso[0]) {
        put(buf, n, "");
        return;
    }
    if (strlen(iso) >= 10 && !kh_date_parse(iso, 10, &y, &m, &d))
        snprintf(buf, n, "%d年%d月%d日", y, m, d);
    else
        put(buf, n, iso);
}

void kh_fmt_md_zh(const char *iso, char *buf, size_t n)
{
    int y, m, d;
    if (iso && strlen(iso) >= 10 && !kh_date_parse(iso, 10, &y, &m, &d))
        snprintf(buf, n, "%d月%d日", m, d);
    else
        put(buf, n, iso ? iso : "");
}

void kh_fmt_when(const char *stamp, char *buf, size_t n)
{
    if (!n) return;
    int y, mo, d, h, mi, se;
    char z, end;
    struct tm tm;
    if (stamp && sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &y, &mo, &d, &h,
                        &mi, &se, &z, &end) == 7 && z == 'Z') {
        memset(&tm, 0, sizeof tm);
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = h;
        tm.tm_min = mi;
        tm.tm_sec = se;
        time_t t = timegm(&tm);
        if (t != (time_t)-1 && localtime_r(&t, &tm) &&
            strftime(buf, n, "%Y-%m-%d %H:%M", &tm))
            return;
    }
    snprintf(buf, n, "%s", stamp ? stamp : "");
}
