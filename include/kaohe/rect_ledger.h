/* SPDX-License-Identifier: MIT */
/*
 * rect_ledger.h - the 整改台账 (rectification ledger) as XLSX, for `kaohe
 * rectify ledger` and GET /api/reports/ledger (src/io/rect_ledger.c). The
 * problems come in as rows (src/app/documents.c reads them).
 */
#ifndef KAOHE_RECT_LEDGER_H
#define KAOHE_RECT_LEDGER_H

#include "kaohe/documents.h"
#include "kaohe/error.h"

/*
 * Write rows to path (atomically): the four lists, one sheet each, each
 * with a title row, a frozen header, widths, numbers as numbers and
 * dates as dates; statuses as shown on c->today; each sheet ending with
 * the count, c->who and c->when.
 */
int kh_rect_ledger_write(const kh_doc_ctx *c, const kh_problem_rows *rows,
                         const char *path, kh_error *err) KH_WUR;

#endif
