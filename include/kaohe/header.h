/* SPDX-License-Identifier: MIT */
/*
 * header.h - recognising the header row of a sheet as offices write it:
 * column names with a unit or note in brackets ("工资性收入（元）"), a
 * required-marker star ("户编号*"), spaces, full-width letters, and the
 * other names a column goes by (身份证号 for 证件号码), listed in the
 * standards file's [alias.KIND] sections.
 * Pure functions; the matching is documented in docs/formats.md.
 */
#ifndef KAOHE_HEADER_H
#define KAOHE_HEADER_H

#include <stddef.h>

#include "kaohe/check.h" /* kh_row */
#include "kaohe/registry.h"
#include "kaohe/standard.h"

/* Which column table a header is matched against (the aliases: the
 * standards file's [alias.registry], [alias.regions], [alias.roster],
 * [alias.survey], [alias.plan]). */
enum kh_header_kind {
    KH_HDR_REGISTRY,
    KH_HDR_REGIONS,
    KH_HDR_ROSTER,
    KH_HDR_SURVEY,
    KH_HDR_PLAN
};
/* More columns than any kind has (kh_header_score's bookkeeping). */
#define KH_HEADER_MAX_COLS 128

/* The columns of kind (*cols) and their count; 0 for no such kind. */
int kh_header_columns(int kind, const kh_coldef **cols);

/* How far into a sheet the header is looked for (rows, blank ones not
 * counted). */
#define KH_HEADER_SCAN_ROWS 10

/*
 * The comparable form of a header text: spaces (ASCII, U+3000, NBSP)
 * removed, full-width ASCII forms made half-width, ASCII letters in lower
 * case, and then, as long as one is there, a trailing note in brackets
 * ((), [], 【】, full-width or not) and leading or trailing `*` cut off.
 * Writes at most outsz - 1 bytes and a NUL; returns the length, or -1
 * when the text does not fit (no match is then possible).
 */
int kh_header_norm(const char *s, size_t n, char *out, size_t outsz);

/*
 * The column (enum kh_regcol, kh_regioncol, kh_roster_col, kh_survey_col or
 * kh_plan_col) a header cell names, or -1.
 * *exact is 1 when the cell is the column's own Chinese name or English
 * key as written, 0 when it matched after kh_header_norm or through an
 * alias (the report then says which header was read as which column).
 */
int kh_header_match(const kh_standard *std, int kind, const char *s,
                    size_t n, int *exact);

/*
 * kh_header_match of every cell of r: col[i] and exact[i] for cell i (r->n
 * of each). The names and aliases are normalised once for the row, not
 * once for each cell.
 */
void kh_header_match_row(const kh_standard *std, int kind, const kh_row *r,
                         int *col, int *exact);

/*
 * The label of std's [SECTION] (an alias section such as "alias.inputs")
 * that the cell s names: the label itself or one of its aliases, compared
 * after kh_header_norm; NULL when none.
 */
const char *kh_header_alias(const kh_standard *std, const char *section,
                            const char *s, size_t n);

/*
 * How well a row reads as the header: the number of distinct columns its
 * cells name, and in *complete whether every column a header must have is
 * among them.
 */
int kh_header_score(const kh_standard *std, int kind, const kh_row *r,
                    int *complete);

#endif
