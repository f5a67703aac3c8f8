/* SPDX-License-Identifier: MIT */
/*
 * review.h - the exit review (退出核查): every household against the
 * household exit standard and the seed documents' problem list. The codes
 * are warnings; their rules and thresholds are in docs/review.md and the
 * standards file ([exit], [review]).
 *
 * Code numbers are stable: the database stores, per household, a bitmask of
 * the codes that apply to it (the denominator of each rate) and of those
 * that flagged it (the numerator).
 */
#ifndef KAOHE_REVIEW_H
#define KAOHE_REVIEW_H

enum kh_review_code {
    KH_RV_EXIT_INCOME = 0,    /* exited, per-capita income not above the line */
    KH_RV_EXIT_DROPOUT,       /* exited, a compulsory-age member not in school */
    KH_RV_EXIT_MEDICAL,       /* exited, a member without basic medical insurance */
    KH_RV_EXIT_HOUSING,       /* exited, house graded C or D */
    KH_RV_EXIT_WATER,         /* exited, water not safe */
    KH_RV_UNSTABLE_INCOME,    /* exited, below the line without 低保/特困 money */
    KH_RV_TRANSFER_SHARE_HIGH,/* exited, transfer income above the share */
    KH_RV_CAUSE_INCONSISTENT, /* 致贫原因 contradicts the members */
    KH_RV_PENSION_GAP,        /* an eligible member without pension insurance */
    KH_RV_MEDICAL_BURDEN,     /* out-of-pocket medical cost above the share */
    KH_RV_RELOC_DEBT,         /* relocation self-payment above the ceiling */
    KH_RV_HELPER_OVERLOAD,    /* the 帮扶责任人 helps too many households */
    KH_RV_VISIT_OVERDUE,      /* no visit within the interval */
    KH_RV_TREAT_FIRST_MISSING,/* a member not under 先诊疗后付费 */
    KH_RV_LABOUR_AGE,         /* labour ability against age */
    KH_RV_INCOME_OUTLIER,     /* per-capita income <= 0 or above the bound */
    KH_RV_COUNT
};

/* "exit_income", ... indexed by enum kh_review_code. */
extern const char *const kh_review_codes[KH_RV_COUNT];

#endif
