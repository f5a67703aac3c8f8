/* SPDX-License-Identifier: MIT */
/* date.h - civil dates as YYYY-MM-DD, and day counts between them. */
#ifndef KAOHE_DATE_H
#define KAOHE_DATE_H

#include <stddef.h>

int kh_date_valid(int y, int m, int d);
/* Days since 1970-01-01 (proleptic Gregorian). */
long kh_date_days(int y, int m, int d);
/* The civil date of a day count (the inverse of kh_date_days). */
void kh_date_from_days(long days, int *y, int *m, int *d);
/*
 * Parse YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD and YYYYMMDD) into y, m, d.
 * Returns 0 on success, -1 when not a real date.
 */
int kh_date_parse(const char *s, size_t n, int *y, int *m, int *d);
/* Write YYYY-MM-DD and a NUL into out (11 bytes). */
void kh_date_format(char out[11], int y, int m, int d);
/* Today's date in local time. */
void kh_date_today(int *y, int *m, int *d);
/* Whole years between a birth date and a reference date. */
int kh_date_age(int by, int bm, int bd, int ry, int rm, int rd);

#endif
