/* SPDX-License-Identifier: MIT */
/*
 * idcard.h - the 18-character 居民身份证号码 of GB 11643-1999:
 * 6-digit region, 8-digit birth date, 3-digit sequence (odd for men, even
 * for women), and an ISO 7064 MOD 11-2 check character (0-9 or X).
 */
#ifndef KAOHE_IDCARD_H
#define KAOHE_IDCARD_H

#include <stddef.h>
#include <stdint.h>

enum kh_id_result {
    KH_ID_OK = 0,
    KH_ID_FORMAT,   /* not 17 digits followed by a digit or X */
    KH_ID_BIRTH,    /* the birth date is not a real date */
    KH_ID_CHECKSUM, /* the check character is wrong */
};

typedef struct kh_idcard {
    int year, month, day; /* birth date from the number */
    int male;             /* 1 when the 17th digit is odd */
    char norm[19];        /* upper-cased copy, NUL-terminated */
} kh_idcard;

/* The check character for 17 digits: '0'..'9' or 'X'. */
char kh_idcard_check_char(const char *digits17);

/*
 * Parse and validate s[0..n). A lower-case x is accepted as X. Fills *out
 * as far as it could parse (the birth date and sex are filled for
 * KH_ID_CHECKSUM too). Returns enum kh_id_result.
 */
int kh_idcard_parse(const char *s, size_t n, kh_idcard *out);

/* Pack a format-valid ID into 64 bits (17 digits and the check value). */
uint64_t kh_idcard_key(const kh_idcard *id);

#endif
