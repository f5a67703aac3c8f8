/* SPDX-License-Identifier: MIT */
/*
 * mask.h - the masking policy for personal information, in one place
 * (src/domain/mask.c; docs/http-api.md, "Security"): how an ID number, a
 * phone and a birth date are shown to someone who has not been given them
 * whole, and how they are found and masked inside a text (a message, a
 * finding, an audit entry's before and after).
 *
 * The policy is chosen so that no combination of what a masked view shows
 * rebuilds an ID number or a phone:
 *
 * - an ID number keeps only its last four characters
 *   ("**************123X"): its first six (the place of registration) are
 *   as good as known from the household's village, its check character is
 *   a function of the rest, so the birth date (characters 7-14) is what
 *   must stay hidden;
 * - a birth date keeps only its year ("1976"): with the year, the last
 *   four and the place, about 365/11 ≈ 33 numbers remain possible, and
 *   searching by a whole ID number (the only way to confirm a guess) is
 *   for the roles that may unmask, audited;
 * - a phone keeps its first three and last four digits ("138****5678"):
 *   nothing else holds its middle four;
 * - region codes, 户编号 and ages are shown as they are (an age gives no
 *   more than the year).
 *
 * Pure: no I/O, no allocation except into the caller's kh_buf.
 */
#ifndef KAOHE_MASK_H
#define KAOHE_MASK_H

#include <stddef.h>

#include "kaohe/buf.h"
#include "kaohe/error.h"

/* What a field holds, for the policy. */
enum kh_mask_kind {
    KH_MASK_NONE = 0,
    KH_MASK_ID,    /* an ID number: last four kept */
    KH_MASK_PHONE, /* a phone: first three and last four digits kept */
    KH_MASK_BIRTH  /* a birth date: the year kept */
};

/*
 * The kind of a field by its name: a registry storage name (id_no,
 * helper_id, phone, birth), the name a list gives the household head's ID
 * (head_id), the Chinese header (证件号码, 帮扶责任人证件号码, 联系电话,
 * 出生日期), or an audit entry's member key ("m3.id_no": the part after
 * the last '.'). KH_MASK_NONE for anything else.
 */
int kh_mask_kind(const char *field);

/* An ID number masked: every character but the last four replaced by '*'
 * (below 12 characters, not a whole ID number: all of them). out holds
 * strlen(id)+1 (truncated to outsz). NULL id: "". */
void kh_mask_id(const char *id, char *out, size_t outsz);

/* A phone masked: the first three and the last four characters kept
 * ("138****5678"); below 8 characters all masked. */
void kh_mask_phone(const char *p, char *out, size_t outsz);

/* A birth date masked to its year: "1976-06-14" and "19760614" give
 * "1976"; a value that does not start with four digits gives "****". */
void kh_mask_birth(const char *birth, char *out, size_t outsz);

/* The value v of a field of kind masked into out (KH_MASK_NONE: copied). */
void kh_mask_value(int kind, const char *v, char *out, size_t outsz);

/* kh_mask_text's flags. */
enum {
    KH_MASK_TEXT_DATES = 1, /* also dates (YYYY-MM-DD, YYYYMMDD): year kept */
    KH_MASK_TEXT_DIGITS = 2 /* also any run of 13 or more digits (a
                             * malformed ID number): last four kept */
};

/*
 * Append text t (n bytes) to out with every ID number in it masked (18
 * characters — 17 digits and a digit or X — or 15 digits, standing alone:
 * not next to a letter or digit), every mobile phone (11 digits starting
 * with 1, alone; several joined by '/' or '、' each) and, with
 * KH_MASK_TEXT_DATES, every date (YYYY-MM-DD or YYYYMMDD, alone, with a
 * possible month and day; one followed by 'T' — a timestamp — is kept).
 * Returns 0, or KH_ERR_NOMEM / KH_ERR_LIMIT from the buffer (out then
 * holds a prefix; the caller shows nothing of it).
 */
int kh_mask_text(kh_buf *out, const char *t, size_t n, unsigned flags) KH_WUR;

/* 1 when t has something kh_mask_text would mask (with flags). */
int kh_mask_text_has(const char *t, size_t n, unsigned flags);

/* 1 when q, as typed into a search, is a whole ID number (15 or 18
 * characters, digits and a final X) — a search only roles that may
 * unmask may make. */
int kh_mask_is_id(const char *q);

/* The kh_mask_text flags for the texts of a finding with this code
 * (docs/findings.md, docs/review.md): findings about ID numbers and dates
 * quote malformed ID numbers and birth dates, so their texts are masked
 * with KH_MASK_TEXT_DATES | KH_MASK_TEXT_DIGITS; 0 for the others. */
unsigned kh_mask_code_flags(const char *code);

#endif
