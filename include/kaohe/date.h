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
 * Parse a date as offices write it into y, m, d: YYYY-MM-DD, YYYY/M/D,
 * YYYY.M.D (one or two digits for month and day, one separator
 * throughout), YYYY年M月D日 (日 may be left out), YYYYMMDD; a time of day
 * after it (" 00:00:00", what a date-time cell shows) is allowed. This is
 * the one parser of every date cell kaohe reads (docs/formats.md).
 * Returns 0 on success, -1 when not a real date.
 */
int kh_date_parse(const char *s, size_t n, int *y, int *m, int *d);
/*
 * The day count (kh_date_days) of the date s holds, as kh_date_parse
 * reads it, or of a YYYY-MM-DD followed by a time ("2020-08-15T10:00:00Z",
 * a stored timestamp); -1 when s is NULL or holds no real date. The one
 * date → days helper of the stored dates (rectify statistics, funds
 * rules, department lists).
 */
long kh_date_days_of(const char *s);
/* kh_date_parse, written back as YYYY-MM-DD into out; 0 or -1. */
int kh_date_cell(const char *s, size_t n, char out[11]);
/* Write YYYY-MM-DD and a NUL into out (11 bytes). */
void kh_date_format(char out[11], int y, int m, int d);
/* Today's date in local time. */
void kh_date_today(int *y, int *m, int *d);
/* Whole years between a birth date and a reference date. */
int kh_date_age(int by, int bm, int bd, int ry, int rm, int rd);

#endif
