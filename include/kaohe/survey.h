/* SPDX-License-Identifier: MIT */
/*
 * survey.h - the two input files of 第三方评估 (docs/formats.md): the
 * roster of non-registered rural households (花名册) and the survey
 * results per visited household. Their columns, and the checks of a
 * header and of a row, as pure functions over rows already read; the
 * findings use the registry's codes (docs/findings.md) where the rule is
 * the same.
 */
#ifndef KAOHE_SURVEY_H
#define KAOHE_SURVEY_H

#include "kaohe/check.h"
#include "kaohe/registry.h"
#include "kaohe/sample.h"
#include "kaohe/standard.h"
#include "kaohe/row.h"

enum kh_roster_col {
    KH_RO_HH_ID,
    KH_RO_VILLAGE,
    KH_RO_HEAD_NAME,
    KH_RO_HEAD_ID,
    KH_RO_PERSONS,
    KH_RO_COUNT
};

enum kh_survey_col {
    KH_SV_HH_ID,
    KH_SV_INCOME,
    KH_SV_FOOD,
    KH_SV_DROPOUT,
    KH_SV_MEDICAL,
    KH_SV_HOUSING,
    KH_SV_WATER,
    KH_SV_OK_IDENT,
    KH_SV_OK_EXIT,
    KH_SV_OK_HELP,
    KH_SV_VISITOR,
    KH_SV_VISITED,
    /* 抽样方案编号: the design the survey is of (the field lists and
     * the template carry it; optional; `import survey` refuses a row of
     * another design). Last, after the observations. */
    KH_SV_DESIGN,
    KH_SV_COUNT
};

extern const kh_coldef kh_roster_cols[KH_RO_COUNT];
extern const kh_coldef kh_survey_cols[KH_SV_COUNT];

/* One roster household (strings point into the row or into idbuf). */
typedef struct kh_roster_hh {
    const char *hh_id;
    const char *village; /* 12 digits */
    const char *head_name;
    const char *head_id; /* normalised 18 characters */
    long long persons;
    long row, line;
} kh_roster_hh;

/* One survey row, parsed (strings point into the row). */
typedef struct kh_survey_row {
    const char *hh_id;
    long long income_pc;               /* 分, -1 */
    int food, dropout, medical, water; /* -1, 0, 1 */
    const char *housing;               /* label or "" */
    int ok_ident, ok_exit, ok_help;    /* -1, 0, 1 */
    const char *visitor, *visited; /* visited: YYYY-MM-DD or "" */
    int fails, unknown, approves; /* kaohe's classification */
    char visited_iso[11];         /* what visited points to when given */
    const char *reasons;          /* the failed conditions, text */
    long row;
} kh_survey_row;

/*
 * Map a header row onto the columns of kind (KH_HDR_ROSTER or
 * KH_HDR_SURVEY of kaohe/header.h): pos[c] is the position of column c in
 * the file or -1. A heading matches as kh_header_match reads it (units in
 * brackets, *, spaces, full-width forms, std's [alias.roster] or
 * [alias.survey]); one read that way is a warning column_alias. Columns
 * not in the kind are ignored (the field lists carry more columns than
 * the import needs). A required column absent or a column twice: a
 * finding, and KH_ERR_INVALID.
 */
int kh_sheet_header(const kh_standard *std, int kind, const char *file,
                    const kh_row *header, int *pos /* OUT [ncols] */,
                    kh_finding_fn fn, void *ctx, long *errors) KH_WUR;

/*
 * Check one roster row; fill *out when it has no error (idbuf holds the
 * normalised ID). regions may be NULL. Findings go to fn; *errors counts
 * the row's errors. Returns the callback's status.
 */
int kh_roster_row(const kh_standard *std, const kh_regionset *regions,
                  const char *file, const int *pos, const kh_row *row,
                  kh_roster_hh *out, char idbuf[19], kh_finding_fn fn,
                  void *ctx, long *errors) KH_WUR;

/*
 * Check one survey row and translate it into observations (*obs) and the
 * row to store (*out, classification left to the caller).
 */
int kh_survey_row_check(const kh_standard *std, const char *file,
                        const int *pos, const kh_row *row, kh_survey_row *out,
                        kh_survey_obs *obs, kh_finding_fn fn, void *ctx,
                        long *errors) KH_WUR;

#endif
