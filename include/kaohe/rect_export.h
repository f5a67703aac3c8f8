/* SPDX-License-Identifier: MIT */
/*
 * rect_export.h - the problem list (整改清单) as XLSX or CSV: the columns
 * `kaohe rectify import` reads back. For `kaohe rectify export` (and list
 * --format csv|xlsx) and GET /api/reports/problems (src/io/rect_export.c).
 */
#ifndef KAOHE_RECT_EXPORT_H
#define KAOHE_RECT_EXPORT_H

#include "kaohe/documents.h"
#include "kaohe/error.h"
#include "kaohe/rectify.h"

/* What to keep beyond the store's filter, and who made the file. */
typedef struct kh_rect_export_opts {
    const char *today;  /* YYYY-MM-DD: the status shown as of that day */
    int status_shown;   /* -1 any, else only this shown status (KH_RS_*) */
    int overdue;        /* only those shown 逾期 */
    const char *due_by; /* only 未开始 / 整改中 ones with a deadline on or
                         * before this day (YYYY-MM-DD); NULL: no limit */
    const char *who, *when; /* non-NULL: an XLSX gets a second sheet 制表
                             * with the count, who and when (the first
                             * sheet stays importable) */
} kh_rect_export_opts;

/* 1 when p passes o's conditions; *shown (may be NULL) gets its status
 * as shown on o->today. */
int kh_rect_export_keep(const kh_rect_export_opts *o, const kh_problem *p,
                        int *shown);

/*
 * Write the rows o keeps to path (atomically; "-" standard output) as
 * format (KH_TAB_XLSX or KH_TAB_CSV, UTF-8): a header row (frozen in
 * XLSX), one row a problem. *count (may be NULL) gets how many.
 */
int kh_rect_export_write(const kh_problem_rows *rows,
                         const kh_rect_export_opts *o, int format,
                         const char *path, long *count, kh_error *err) KH_WUR;

#endif
