/* SPDX-License-Identifier: MIT */
/*
 * tongbao.h - the 考核通报 (assessment notice) of a stored run as PDF, for
 * `kaohe report tongbao` and GET /api/reports/tongbao (src/io/tongbao.c).
 */
#ifndef KAOHE_TONGBAO_H
#define KAOHE_TONGBAO_H

#include "kaohe/assess.h"
#include "kaohe/error.h"

/* Write the notice of a (a stored run, year set) to path (atomically);
 * every page's footer names author and when (who made it and when). */
int kh_tongbao_pdf(const char *path, const kh_assessment *a,
                   const char *author, const char *when,
                   kh_error *err) KH_WUR;

#endif
