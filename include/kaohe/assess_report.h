/* SPDX-License-Identifier: MIT */
/*
 * assess_report.h - the 考核报告 of one region of a stored assessment, as
 * the central method asks of it ("反映基本情况、指标分析、存在问题等，作出
 * 综合评价，提出处理建议"): 一、基本情况, 二、指标分析 (each item: what it
 * reads, the value, the rule in words, the points), 三、存在问题 (the
 * items below the failing share, the vetoes, the problems listed),
 * 四、综合评价, 五、处理建议, and the 落款. PDF, DOCX or XLSX
 * (src/io/assess_report.c); the data come in from src/app/documents.c.
 */
#ifndef KAOHE_ASSESS_REPORT_H
#define KAOHE_ASSESS_REPORT_H

#include "kaohe/assess.h"
#include "kaohe/documents.h"
#include "kaohe/error.h"

/*
 * Write the report of region (a region a scored under a's scheme) to
 * path as format (enum kh_doc_format). c: the region's figures and the
 * issuing details of the assessor; problems: the region's listed
 * problems of the year; an item scoring below fail_num/fail_den of its
 * points is a problem ([problem_assess] item_fail_share).
 * KH_ERR_NOTFOUND when region was not assessed.
 */
int kh_assess_report_write(const kh_doc_ctx *c, const kh_assessment *a,
                           const char *region, const kh_problem_rows *problems,
                           long long fail_num, long long fail_den, int format,
                           const char *path, kh_error *err) KH_WUR;

#endif
