/* SPDX-License-Identifier: MIT */
/*
 * card.h - the 扶贫明白卡: what one household's card shows, read from the
 * stored registry of a year for one village (src/store/card_store.c), and
 * the rules of how it is shown (src/domain/card.c): ID numbers masked,
 * ages at the end of the year. Drawing the card is the CLI's business over
 * kaohe/pdf.h.
 */
#ifndef KAOHE_CARD_H
#define KAOHE_CARD_H

#include <stddef.h>
#include <stdint.h>

#include "kaohe/check.h"
#include "kaohe/error.h"

/* A member as stored. Absent values are "" (never NULL); yes/no columns
 * are -1 unknown, 0, 1. */
typedef struct kh_card_member {
    const char *name, *id_no, *sex, *birth, *relation, *ethnicity,
        *education, *schooling, *health, *labour, *work;
    int ins_med, ins_serious, ins_pension;
} kh_card_member;

/* A household as stored, with its members in their stored order. Money
 * in 分, indexed by enum kh_money; bit i of money_set: money[i] known. */
typedef struct kh_card_household {
    const char *hh_id, *village, *hh_type, *cause, *status, *housing,
        *helper, *last_visit, *measures, *phone;
    int year_in, year_out; /* 0 unknown */
    int water_safe, relocated;
    int64_t money[KH_M_COUNT];
    unsigned money_set;
    size_t nmembers;
    const kh_card_member *members;
} kh_card_household;

/* Strings are valid during the callback only; its status stops the walk. */
typedef int (*kh_card_fn)(void *ctx, const kh_card_household *h,
                          kh_error *err);

/*
 * An ID number as the card prints it: kh_mask_id (kaohe/mask.h), the last
 * four characters kept ("**************123X"; below 12 characters all
 * masked). out holds at least strlen(id)+1.
 */
void kh_card_mask_id(const char *id, char *out, size_t outsz);

/* Age in whole years on 31 December of year, from the ID number's birth
 * date (or birth "YYYY-MM-DD" when the ID has none); -1 when unknown. */
int kh_card_age(const char *id_no, const char *birth, int year);

#endif
