/* SPDX-License-Identifier: MIT */
/*
 * rect_report.h - the 整改报告 (rectification report) and the 整改方案
 * (rectification plan) of a region's problems, as PDF, DOCX or XLSX
 * (src/io/rect_report.c, src/io/rect_plan.c), for `kaohe rectify report`,
 * `kaohe report plan` and GET /api/reports/rectify. The problems, the
 * region's figures and its issuing details come in as data
 * (src/app/documents.c reads them from the store).
 */
#ifndef KAOHE_RECT_REPORT_H
#define KAOHE_RECT_REPORT_H

#include "kaohe/documents.h"
#include "kaohe/error.h"

struct kh_standard;

/*
 * Write the report of rows to path (atomically) as format (enum
 * kh_doc_format): 基本情况 (户数, 人数, 贫困发生率 from c->basics; the
 * problems by source, category and status), 整改内容完成情况 (per category,
 * a table with 整改时限 and 责任人), 整改成效, the 牵头部门 table, 存在的不足
 * 及建议, 下步工作打算, 联系人 and the 落款. Statuses as shown on
 * c->today; categories in the order of std's [enum.problem_category].
 */
int kh_rect_report_write(const kh_doc_ctx *c, const kh_problem_rows *rows,
                         const struct kh_standard *std, int format,
                         const char *path, kh_error *err) KH_WUR;

/*
 * Write the 整改方案 of rows (the seed's structure): 文号, title, the
 * opening, 一、指导思想, 二、整改原则和目标, 三、存在的主要问题 (by
 * category), 四、整改落实措施 (each with 牵头部门；责任单位；整改时限),
 * 五、方法步骤 (the three stages with their dates, from the problems'
 * stage dates), 六、工作要求, 联系人 and the 落款.
 */
int kh_rect_plan_write(const kh_doc_ctx *c, const kh_problem_rows *rows,
                       const struct kh_standard *std, int format,
                       const char *path, kh_error *err) KH_WUR;

#endif
