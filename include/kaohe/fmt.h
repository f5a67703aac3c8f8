/* SPDX-License-Identifier: MIT */
/*
 * fmt.h - numbers, money, rates and dates as the documents print them
 * (src/base/fmt.c): 元 with thousands separators, percentages with their
 * numerator and denominator, dates in prose as 2020年6月10日, and one
 * sentence for "a rate against its threshold" printed with as many
 * digits as it takes for the comparison to be true as printed (99.96%,
 * 低于 100%; never 100.0% 低于 100%).
 */
#ifndef KAOHE_FMT_H
#define KAOHE_FMT_H

#include <stddef.h>

/* The time a document was made, as people read it: a stamp
 * "YYYY-MM-DDTHH:MM:SSZ" (UTC, how actions are stamped) becomes the
 * machine's local "YYYY-MM-DD HH:MM"; anything else is copied as is. */
void kh_fmt_when(const char *stamp, char *buf, size_t n);

/* An integer with thousands separators: 33663 -> "33,663". */
void kh_fmt_int(long long v, char *buf, size_t n);

/* An amount of money in 分 as 元 with separators and two decimals:
 * 1234567 -> "12,345.67". */
void kh_fmt_yuan(long long fen, char *buf, size_t n);

/* num/den 分 (a mean) as 元, rounded to the 分: "8,027.10". den <= 0
 * gives "—". */
void kh_fmt_yuan_q(long long num, long long den, char *buf, size_t n);

/* num/den as a percentage rounded half up to decimals places (0..6):
 * "99.96%". A value that would round onto a whole percent it is not
 * (99.997% to "100.00%", 89.997% to "90.00%", a few in a million to
 * "0.00%") gets more decimals until it does not ("99.997%"), at six cut
 * toward its exact value: a rate is never printed as a threshold it
 * fails, nor as 100% when not all. den <= 0 gives "—". */
void kh_fmt_pct(long long num, long long den, int decimals, char *buf,
                size_t n);

/* A threshold num/den as the shortest percentage (up to 4 decimals):
 * 1/50 -> "2%", 1/3 -> "33.3333%". */
void kh_fmt_pct_short(long long num, long long den, char *buf, size_t n);

/* The number of decimals (0..6, at least min) at which num/den, printed
 * as a percentage, compares with the threshold tn/td printed the same
 * way as the exact values compare. */
int kh_fmt_pct_decimals(long long num, long long den, long long tn,
                        long long td, int min);

/*
 * A rate against its threshold, in words, true as printed:
 *   "99.96%（33,651/33,663），低于 100%"   (counts 1)
 *   "3.1%，高于 2%"                        (counts 0)
 * (full-width punctuation: it goes into Chinese prose)
 * The word is 低于, 高于 or 等于 from the exact comparison of num/den
 * with tn/td; the value gets as many decimals as it takes (at least one)
 * for the printed figures to say the same. den <= 0: "无数据".
 */
void kh_fmt_rate_cmp(long long num, long long den, long long tn,
                     long long td, int counts, char *buf, size_t n);

/* A date in prose: "2020-06-10" (or a timestamp starting with one) ->
 * "2020年6月10日". Anything else is copied unchanged; NULL or "" gives
 * "". */
void kh_fmt_date_zh(const char *iso, char *buf, size_t n);

/* A month and day in prose, "6月10日" (for the stages of a plan within
 * one year). */
void kh_fmt_md_zh(const char *iso, char *buf, size_t n);

#endif
