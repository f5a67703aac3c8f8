/* SPDX-License-Identifier: MIT */
/*
 * rect_ledger.h - the 整改台账 (rectification ledger) as XLSX, for `kaohe
 * rectify ledger` and GET /api/reports/ledger (src/io/rect_ledger.c).
 */
#ifndef KAOHE_RECT_LEDGER_H
#define KAOHE_RECT_LEDGER_H

#include "kaohe/error.h"
#include "kaohe/rectify.h"

/*
 * Write the problems f selects to path (atomically): the four lists, one
 * sheet each, statuses as shown on today (YYYY-MM-DD), each sheet ending
 * with the count, who and now. *count (may be NULL) gets how many
 * problems.
 */
int kh_rect_ledger_xlsx(kh_store *s, const kh_problem_filter *f,
                        const char *path, const char *today, const char *who,
                        const char *now, long *count, kh_error *err) KH_WUR;

#endif
