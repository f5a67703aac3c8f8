/* SPDX-License-Identifier: MIT */
/*
 * card_store.h - the store functions of card.h (src/store): what
 * of its records the database keeps and reads. card.h holds the domain
 * types and functions, this header the ones that take the store.
 */
#ifndef KAOHE_CARD_STORE_H
#define KAOHE_CARD_STORE_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/card.h"

typedef struct kh_store kh_store;

/*
 * Visit the households of one village (12-digit code) in the stored
 * registry of year, ordered by 户编号. Errors: KH_ERR_NOTFOUND with code
 * "year_missing" when the year is not stored, "village_unknown" when the
 * code is neither a village of the region list nor the village of any
 * household that year, "village_empty" when the village has no household
 * that year; KH_ERR_DB. *count (may be NULL) gets the households visited.
 */
int kh_store_card_each(kh_store *s, int year, const char *village,
                       kh_card_fn fn, void *ctx, long long *count,
                       kh_error *err) KH_WUR;

/*
 * The names of code and its ancestors from the province down, separated
 * by sep, into out (from the stored region list; codes without a stored
 * name are left out). Returns the number of names; 0 when none is known.
 */
int kh_store_region_path(kh_store *s, const char *code, const char *sep,
                         char *out, size_t outsz);

#endif
