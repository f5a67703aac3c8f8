/* SPDX-License-Identifier: MIT */
/*
 * plancol.h - the columns of the exchanged rectification plan (整改清单,
 * docs/rectify.md "The sheets"): what `kaohe rectify export` writes,
 * `kaohe rectify import` reads and `kaohe template plan` lays out. Their
 * other names are the standards file's [alias.plan] (kaohe/header.h).
 */
#ifndef KAOHE_PLANCOL_H
#define KAOHE_PLANCOL_H

#include <stddef.h>

#include "kaohe/registry.h" /* kh_coldef */

enum kh_plan_col {
    KH_PC_ID, KH_PC_REGION, KH_PC_REGION_NAME, KH_PC_SOURCE, KH_PC_DATE,
    KH_PC_CATEGORY, KH_PC_TEXT, KH_PC_MEASURES, KH_PC_LEAD, KH_PC_UNITS,
    KH_PC_PERSON, KH_PC_DEADLINE, KH_PC_PROGRESS, KH_PC_STATUS, KH_PC_YEAR,
    KH_PC_ACCOUNT, KH_PC_MECHANISM, /* 执纪问责, 长效机制 (optional) */
    KH_PC_COUNT
};
/* Each column: its name, English key, type and list (问题类别 and 来源
 * from the standards file); header_required for the columns a sheet must
 * have, required for the values a new problem must have. */
extern const kh_coldef kh_plan_cols[KH_PC_COUNT];
/* The column's name as export writes it ("问题编号"). */
const char *kh_plan_col_name(int c);
/* 1 when a sheet without the column is refused. */
int kh_plan_col_required(int c);
/* The column a heading names (its name or English key, blanks around it
 * ignored), or -1; other names through kh_header_match(KH_HDR_PLAN). */
int kh_plan_col_find(const char *s, size_t n);

#endif
