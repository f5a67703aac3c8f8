/* SPDX-License-Identifier: MIT */
/*
 * tongbao.h - the 考核通报 (assessment notice) of a stored run as PDF,
 * DOCX or XLSX (src/io/tongbao.c), for `kaohe report tongbao` and
 * GET /api/reports/tongbao. The run and the issuing details come in as
 * data (src/app/documents.c reads them from the store).
 */
#ifndef KAOHE_TONGBAO_H
#define KAOHE_TONGBAO_H

#include "kaohe/assess.h"
#include "kaohe/documents.h"
#include "kaohe/error.h"

/*
 * Write the notice of a (a stored run) to path (atomically) as format
 * (enum kh_doc_format): 文号, title, the ranking, the chart, the grades,
 * each veto with the condition that held, the points of the main items,
 * 处理意见, 有关要求, 联系人 and the 落款 (c's issuer and date). c->who
 * and c->when: who made the file and when.
 */
int kh_tongbao_write(const kh_doc_ctx *c, const kh_assessment *a,
                     int format, const char *path, kh_error *err) KH_WUR;

#endif
