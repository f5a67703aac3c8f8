/* SPDX-License-Identifier: MIT */
/*
 * indicators.h - the indicators of a year (指标), per region at every level,
 * rolled up from the villages: counts by status, attribute and cause,
 * 贫困发生率, 减贫计划完成率, per-capita income mean and median, insurance
 * and 先诊疗后付费 coverage, dropouts, 危房, 产业扶持 among households with
 * labour, visits, and the review findings as rates. Every value is a
 * numerator and a denominator (value = num / den, rounded only when
 * printed; den 0 means "no value"). Names and definitions:
 * docs/indicators.md.
 *
 * Pure: the store streams households in (kh_ind_hh) and the incomes in
 * ascending order; this module does the arithmetic and the roll-up. Its
 * memory is proportional to the number of regions and indicators, never to
 * the number of persons.
 */
#ifndef KAOHE_INDICATORS_H
#define KAOHE_INDICATORS_H

#include <stddef.h>
#include <stdint.h>

#include "kaohe/check.h"
#include "kaohe/error.h"
#include "kaohe/standard.h"

/* One member, as the indicators need it. */
typedef struct kh_ind_member {
    int birth_year;    /* from the ID number (chars 7-10), 0 unknown */
    int schooling;     /* enum index in "schooling", -1 unknown */
    int labour;        /* enum index in "labour", -1 unknown */
    int ins_med, ins_serious, ins_pension, treat_first; /* -1, 0, 1 */
} kh_ind_member;

/* One household of the year with its members. Strings are the caller's. */
typedef struct kh_ind_hh {
    long long id;        /* the household's row id in the store */
    const char *hh_id;   /* 户编号 */
    char village[13];
    int hh_type, cause, status; /* enum indexes, -1 unknown */
    int year_in;         /* 识别年度, 0 unknown */
    int year_out;        /* 0 unknown */
    int has_income;      /* income_pc given */
    long long income_pc; /* 分 */
    int has_dibao, has_tekun;   /* 其中低保金, 其中特困供养金 given */
    long long dibao, tekun;     /* 分 */
    int housing;         /* enum index in "housing", -1 unknown */
    char last_visit[11]; /* YYYY-MM-DD or "" */
    uint32_t measures;   /* bit i: measures label i */
    int reviewed;        /* a review row exists */
    uint64_t rv_applies, rv_flagged; /* bit k: kh_review_codes[k] */
    int rv_ready;        /* the review found it 拟退出 (exit_ready) */
    size_t nmembers;
    const kh_ind_member *members;
} kh_ind_hh;

typedef struct kh_indicators kh_indicators;

/* with_review's bits from this one on: the kinds of department list
 * (kh_dept_kinds order) whose dept.<kind>.* indicators are included
 * (kh_store_ind_with sets them from the year's stored comparison). */
#define KH_IND_DEPT_SHIFT 1
/* ... up to this many kinds; the bit KH_IND_FUNDS includes the funds.*
 * indicators (扶贫资金, docs/funds.md) when the year has funds data. */
#define KH_IND_DEPT_MAX 24
#define KH_IND_FUNDS (1 << 29)

/*
 * Set up the indicators of year over the regions rs (copied; villages are
 * the level-5 regions, their ancestors come from the parent codes). With
 * with_review's bit 0 the finding.CODE indicators are included; with its
 * bits from KH_IND_DEPT_SHIFT on, the 部门数据比对 indicators
 * dept.<kind>.covered, .matched, .disagree and .closure (数据闭合率) of
 * those kinds (-1: all of them, as `kaohe scheme check` names them). Caller owns the
 * result; free with kh_indicators_free().
 */
int kh_indicators_new(const kh_standard *std, int year,
                      const kh_regionset *rs, int with_review,
                      kh_indicators **out /* OUT */, kh_error *err) KH_WUR;
void kh_indicators_free(kh_indicators *ix);

/* The indicator table: count, names ("incidence", "finding.exit_income",
 * "households.status.未脱贫"), Chinese labels; find returns -1 if absent. */
size_t kh_indicators_count(const kh_indicators *ix);
const char *kh_indicators_name(const kh_indicators *ix, size_t i);
const char *kh_indicators_zh(const kh_indicators *ix, size_t i);
/* 1 for a plain count (den is always 1), 2 for an amount in yuan, 0 for
 * a rate. */
int kh_indicators_kind(const kh_indicators *ix, size_t i);
int kh_indicators_find(const kh_indicators *ix, const char *name);
/* The indicators that break indicator i down (wrong_exit: the exit
 * standard's finding.exit_*), at most max of them into parts; their
 * count (0 for an indicator that has none). */
size_t kh_indicators_parts(const kh_indicators *ix, size_t i, size_t *parts,
                           size_t max);

/* The Chinese name of an indicator by name alone (no table needed: for
 * documents and labels), copied into zh; *desc (may be NULL) gets its
 * one-line 说明 or NULL, *kind as kh_indicators_kind. Returns 1 when the
 * name is an indicator's, else 0 (zh untouched). */
int kh_indicator_label(const char *name, char *zh, size_t n,
                       const char **desc, int *kind);
/* 1 when the named indicator is a rate of two amounts in 分 (资金拨付进度:
 * 拨付 over 下达), whose numerator and denominator are shown in 元. */
int kh_indicator_money_parts(const char *name);

/* The regions, in code order. */
size_t kh_indicators_nregions(const kh_indicators *ix);
const kh_region *kh_indicators_region(const kh_indicators *ix, size_t r);
/* Index of a region by code, or -1. */
int kh_indicators_region_find(const kh_indicators *ix, const char *code);
/* 1 when region r is a, or lies under a. */
int kh_indicators_region_under(const kh_indicators *ix, size_t r, size_t a);

/*
 * Add one household to its village. A household whose village is not a
 * village of the region list is counted in kh_indicators_unplaced() and
 * nowhere else.
 */
void kh_indicators_add(kh_indicators *ix, const kh_ind_hh *h);
long long kh_indicators_unplaced(const kh_indicators *ix);

/*
 * A private running total, so that several threads can add households at
 * once: it sums the households of one village and adds them to ix (under
 * ix's lock) when a household of another village comes, or at
 * kh_ind_acc_flush. Each thread uses its own. Caller owns it; free with
 * kh_ind_acc_free() after the last flush.
 */
typedef struct kh_ind_acc kh_ind_acc;
int kh_ind_acc_new(kh_indicators *ix, kh_ind_acc **out /* OUT */,
                   kh_error *err) KH_WUR;
void kh_ind_acc_add(kh_ind_acc *a, const kh_ind_hh *h);
void kh_ind_acc_flush(kh_ind_acc *a);
void kh_ind_acc_free(kh_ind_acc *a);

/*
 * What one household adds to indicator i: *num to its numerator and *den
 * to its denominator (for `indicators explain`). Region-level terms
 * (rural_pop, plan_exit, villages) are 0 for every household. Uses a
 * buffer inside ix: one thread at a time.
 */
void kh_indicators_terms(kh_indicators *ix, const kh_ind_hh *h, size_t i,
                         long long *num /* OUT */, long long *den /* OUT */);

/*
 * Stored tallies (`kaohe review` keeps rows of sums per run of a village's
 * households, see include/kaohe/ind_tally.h). kh_indicators_accumulate
 * adds what household h adds to its village's row to num[] and den[]
 * (kh_indicators_count values each; no region-level terms such as
 * rural_pop); it reads ix only, so any thread may call it.
 * kh_indicators_add_tally adds such a row to the village of that code, or
 * its households to the unplaced ones when the code is not a village of
 * the list. Call add_tally and add_unplaced before the roll-up, from one
 * thread.
 */
void kh_indicators_accumulate(const kh_indicators *ix, const kh_ind_hh *h,
                              long long *num, long long *den);
void kh_indicators_add_tally(kh_indicators *ix, const char *village,
                             const long long *num, const long long *den);
void kh_indicators_add_unplaced(kh_indicators *ix, long long households);
/* What a region adds to the funds.* indicators (KH_FI_COUNT numerators
 * and denominators, funds.h kh_funds_tally): nothing when they are not
 * included or the code is not in the list. Before the roll-up. */
void kh_indicators_add_funds(kh_indicators *ix, const char *region,
                             const long long *num, const long long *den);
/* A village's 部门数据比对 counts of one kind (the stored comparison,
 * dept_store.h): nothing when the kind's indicators are not included or
 * the village is not in the list. */
void kh_indicators_add_dept(kh_indicators *ix, const char *village,
                            const char *kind, long long covered,
                            long long matched, long long disagree);

/*
 * Households added apart from the scan (before the roll-up, from one
 * thread; definitions: docs/indicators.md):
 * - 收入增长 (income_pc_growth): the store says whether the previous year
 *   (year - 1) is stored at all, then adds every household of this year
 *   found in it by 户编号, with prev its 人均纯收入 (分) that year; the
 *   rule keeps those still registered with 人均纯收入 this year and prev
 *   > 0.
 * - 错评 (wrong_in): the households of this year whose 识别年度 is this
 *   year, with status, reviewed and rv_ready set (the review's stored
 *   tallies do not read 识别年度).
 */
void kh_indicators_set_prev_year(kh_indicators *ix, int stored);
int kh_indicators_prev_year(const kh_indicators *ix);
void kh_indicators_add_growth(kh_indicators *ix, const kh_ind_hh *h,
                              long long prev);
void kh_indicators_add_identified(kh_indicators *ix, const kh_ind_hh *h);

/*
 * Why indicator i of region r has no value (den 0), in plain Chinese
 * ("上年(2018 年)建档立卡数据未入库,无法计算收入增长"), into buf; for the
 * item that uses it (assess). Empty when it has a value.
 */
void kh_indicators_why(const kh_indicators *ix, size_t r, size_t i,
                       char *buf, size_t n);

/* Sum the villages up through every level. Call once, after all adds. */
void kh_indicators_rollup(kh_indicators *ix);

/*
 * Medians: after the roll-up, feed the income of every household the mean
 * counts (kh_indicators_income_status) in ascending order of income (any
 * order among equal incomes); each region picks the values at its middle
 * ranks.
 */
void kh_indicators_median_add(kh_indicators *ix, const char *village,
                              long long income_pc);
/* The same for the village of region index r (kh_indicators_village_index;
 * nothing when r < 0). */
void kh_indicators_median_add_at(kh_indicators *ix, int r,
                                 long long income_pc);
/* Region index of the village with this code, or -1 when the code is not
 * a village of the list. Reads only: any thread. */
int kh_indicators_village_index(const kh_indicators *ix, const char *code);
/* 1 when households of this status (enum index) count in the income
 * indicators (every status but 清退), else 0. */
int kh_indicators_income_status(const kh_indicators *ix, int status);

/* Numerator and denominator of indicator i for region r. */
void kh_indicators_get(const kh_indicators *ix, size_t r, size_t i,
                       long long *num /* OUT */, long long *den /* OUT */);

#endif
