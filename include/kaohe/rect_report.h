/* SPDX-License-Identifier: MIT */
/*
 * rect_report.h - the 整改报告 (rectification report) as PDF or XLSX, for
 * `kaohe rectify report` and GET /api/reports/rectify
 * (src/io/rect_report.c).
 */
#ifndef KAOHE_RECT_REPORT_H
#define KAOHE_RECT_REPORT_H

#include "kaohe/error.h"
#include "kaohe/rectify.h"

struct kh_standard;

/*
 * Write the report of the problems f selects to path (atomically): PDF
 * when pdf, else XLSX (a sheet per part). Statuses as shown on today
 * (YYYY-MM-DD); categories in the order of std's [enum.problem_category].
 * The title names f->region (its name when a problem of it is listed)
 * and f->year. who and when: the PDF's every page footer, the XLSX's last
 * sheet (制表). *count (may be NULL) gets how many problems.
 */
int kh_rect_report(kh_store *s, const struct kh_standard *std,
                   const kh_problem_filter *f, int pdf, const char *path,
                   const char *today, const char *who, const char *when,
                   long *count, kh_error *err) KH_WUR;

#endif
