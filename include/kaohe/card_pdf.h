/* SPDX-License-Identifier: MIT */
/*
 * card_pdf.h - the 扶贫明白卡 of a village as PDF, for `kaohe report card`
 * and GET /api/reports/card (src/io/card_pdf.c).
 */
#ifndef KAOHE_CARD_PDF_H
#define KAOHE_CARD_PDF_H

#include "kaohe/error.h"
#include "kaohe/store.h"

/*
 * Write the cards of every household of village (12-digit code) in the
 * stored registry of year to path (atomically; "-" standard output), one
 * page each. line: the year's poverty line in 分 (-1 unknown, the row is
 * left out). mask_phone: print phones masked (138****5678). Every page's
 * footer names author and when. Errors as kh_store_card_each (year_missing,
 * village_unknown, village_empty), nothing written. *households and *pages
 * (may be NULL) get what was written.
 */
int kh_card_pdf(kh_store *s, int year, const char *village, long long line,
                int mask_phone, const char *path, const char *author,
                const char *when, long long *households, int *pages,
                kh_error *err) KH_WUR;

#endif
