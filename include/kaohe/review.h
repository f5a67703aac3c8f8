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

#include <stddef.h>
#include <stdint.h>

#include "kaohe/check.h"
#include "kaohe/error.h"
#include "kaohe/standard.h"

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
/* What each code means, in Chinese (the problem list's wording). */
extern const char *const kh_review_codes_zh[KH_RV_COUNT];

/* The codes of the household exit standard's conditions (exit_income,
 * exit_dropout, exit_medical, exit_housing, exit_water): bit c for code
 * c. An exited household that fails any of them is 错退. */
uint32_t kh_review_exit_mask(void);

/* The code of a code word, or -1. */
int kh_review_code_parse(const char *name);

/* Why one household was flagged under one code. */
typedef struct kh_review_detail {
    int member;     /* index into h->members of the member that triggered
                       it (the first one), or -1 for the household */
    int column;     /* enum kh_regcol of the value, or -1 */
    char value[64]; /* the value that triggered it, as text */
    char zh[320];   /* message in Chinese */
    char en[320];   /* message in English */
} kh_review_detail;

/* The review of one household. */
typedef struct kh_review_result {
    uint32_t applies;  /* bit c: code c applies (its denominator) */
    uint32_t flagged;  /* bit c: code c flagged it (a subset of applies) */
    int exit_ready;    /* 未脱贫 and meets every condition of the exit
                          standard (拟退出) */
    int poor;          /* 未脱贫 or 返贫: counted in 贫困发生率 */
    uint64_t helper_key; /* kh_idcard_key() + 1 of a valid 帮扶责任人证件号码,
                            else 0 */
    kh_review_detail detail[KH_RV_COUNT]; /* valid where flagged */
} kh_review_result;

typedef struct kh_reviewer kh_reviewer;

/*
 * A reviewer for the snapshot of year (reference date 31 December of
 * year; visits are measured back from that date or today[] = {y, m, d},
 * whichever is earlier; today[0] == 0 means 31 December). Reads every
 * threshold from std ([exit], [review], [poverty_line], [village_exit],
 * [county_exit]); KH_ERR_INVALID ("standard_missing") when one is absent,
 * among them the poverty line of the year. Caller owns *out; free with
 * kh_reviewer_free().
 */
int kh_reviewer_new(const kh_standard *std, int year, const int today[3],
                    kh_reviewer **out /* OUT */, kh_error *err) KH_WUR;
void kh_reviewer_free(kh_reviewer *rv);

/*
 * helper_overload needs a first pass over the year: tell the reviewer
 * that the 帮扶责任人 with this ID number helps n households of the year
 * (calls for the same ID add up). IDs that are not valid are ignored.
 */
int kh_reviewer_helper_count(kh_reviewer *rv, const char *helper_id,
                             long long n, kh_error *err) KH_WUR;

/*
 * helper_overload decided afterwards, in registry order, by one reviewer
 * (so that several reviewers can review parts of the year at once): after
 * kh_reviewer_defer_helpers(rv), kh_review_household() only marks the
 * code as applying (a valid ID) and gives the ID's key in
 * out->helper_key; it never flags it.
 */
void kh_reviewer_defer_helpers(kh_reviewer *rv);

/*
 * The deferred half, on the reviewer that was told the totals (with
 * kh_reviewer_helper_key_count, only the helpers above the maximum need
 * be told): called for the reviewed households of those helpers in
 * registry order, with the household's helper key. Returns 1 when the household is its helper's nth with
 * nth above the maximum (*nth, *total set), else 0.
 */
int kh_reviewer_helper_next(kh_reviewer *rv, uint64_t key,
                            unsigned *nth /* OUT */,
                            unsigned *total /* OUT */);
/* 1 when the helper whose key is key was told with
 * kh_reviewer_helper_key_count, else 0. */
int kh_reviewer_helper_known(const kh_reviewer *rv, uint64_t key);
/* Add n households to the helper whose key (kh_idcard_key() + 1) is key. */
int kh_reviewer_helper_key_count(kh_reviewer *rv, uint64_t key, long long n,
                                 kh_error *err) KH_WUR;
/* The maximum households a helper may have (the standards' value). */
long long kh_reviewer_helper_max(const kh_reviewer *rv);
/* The finding of a helper_overload household: sets code KH_RV_HELPER_OVERLOAD
 * flagged in r and fills its detail. */
void kh_review_helper_flag(const kh_reviewer *rv, const char *helper,
                           const char *helper_id, unsigned total,
                           unsigned nth, kh_review_result *r);

/*
 * After kh_reviewer_bits_only(rv), kh_review_household() sets applies,
 * flagged and the rest but leaves the details' texts (value, zh, en)
 * empty: `kaohe review` stores only the bits, and the texts are made
 * again when read (kh_store_review_each).
 */
void kh_reviewer_bits_only(kh_reviewer *rv);

/*
 * After kh_reviewer_no_tally(rv), kh_review_household() leaves the
 * village tallies of kh_review_areas() alone; the caller adds each
 * reviewed household with kh_reviewer_tally() on the reviewer that will
 * judge the areas (village: its code, "" for none; persons: its members;
 * poor and ready as in kh_review_result).
 */
void kh_reviewer_no_tally(kh_reviewer *rv);
int kh_reviewer_tally(kh_reviewer *rv, const char *village, long long persons,
                      int poor, int ready, kh_error *err) KH_WUR;

/*
 * Review one household (parsed by the checker) into *out. Households must
 * come in registry order (helper_overload flags the households of a
 * helper beyond the limit, in that order). The reviewer also adds the
 * household to its village's tally for kh_review_areas().
 */
int kh_review_household(kh_reviewer *rv, const kh_household *h,
                        kh_review_result *out /* OUT */,
                        kh_error *err) KH_WUR;

/* 贫困村出列 / 贫困县摘帽: the verdict on one area. */
enum kh_area_verdict {
    KH_AREA_MAY_EXIT = 0, /* every condition assessed is met */
    KH_AREA_NOT_YET,      /* a condition fails (named in zh/en) */
    KH_AREA_UNKNOWN,      /* the incidence cannot be computed */
};

typedef struct kh_area {
    const kh_region *region; /* the village or county */
    int western;             /* inherited from the nearest ancestor */
    long long households, persons;   /* registered, in the snapshot */
    long long poor_persons;  /* 未脱贫 + 返贫 */
    long long ready_persons; /* of them, in 拟退出 households */
    long long rural_pop;     /* -1 unknown */
    long long max_num, max_den; /* the incidence threshold */
    int verdict;             /* enum kh_area_verdict */
    int pending;             /* county: 错退率, 漏评率, 认可度 not yet assessed
                              * (no survey), or a survey's interval holds
                              * a threshold (无法区分) */
    int surveyed;            /* county: judged on a survey's estimates */
    char zh[1024], en[1024]; /* the failing or pending conditions */
} kh_area;

/*
 * A county's 第三方评估 estimates (错退率, 漏评率, 群众认可度; index 0, 1,
 * 2) from an imported survey: the weighted numerator and denominator of
 * each ratio (persons for the rates, answers for 认可度), its interval
 * (NaN when not estimable), the design they come from.
 */
typedef struct kh_area_survey {
    double num[3], den[3];
    double lo[3], hi[3];
    long long design;
} kh_area_survey;
/* Fill *out for county (a 12-digit code); 1 when a survey covers it, 0
 * when none does. */
typedef int (*kh_area_survey_fn)(void *ctx, const char *county,
                                 kh_area_survey *out);

/*
 * The county verdict uses the survey's estimates where fn finds them:
 * each rate against the standards' county_exit.wrong_exit_max,
 * missed_max and approval_min by its interval (达标 when the whole
 * interval is on the right side, 不达标 when the whole of it is on the
 * wrong side, else 无法区分), the figures and the interval named. A
 * failing rate makes the county KH_AREA_NOT_YET; an unclear one leaves
 * it pending. Without fn, or for a county fn does not find, the three
 * are "尚未评估" (pending).
 */
void kh_reviewer_survey(kh_reviewer *rv, kh_area_survey_fn fn, void *ctx);

/* The incidence rule of 出列 and 摘帽: left persons of rural_pop strictly
 * below max_num/max_den (rural_pop > 0; else not below). The indicators'
 * poor_village_exit and poor_county_exit use it too. */
int kh_area_below(long long left, long long rural_pop, long long max_num,
                  long long max_den);

typedef int (*kh_area_fn)(void *ctx, const kh_area *a, kh_error *err);

/*
 * After every household was reviewed: the 贫困村 (level 村, 贫困村 = 是)
 * and then the 贫困县 (level 县, 贫困县 = 是) of regions, in code order,
 * each with its verdict. The incidence is (poor persons - persons of
 * 拟退出 households) / 农业户籍人口, strictly below the threshold
 * (the western one when the area or an ancestor is 西部地区 = 是). A
 * county's 农业户籍人口 is its own when given, else the sum over its
 * villages. The callback's status stops the walk and is returned.
 */
int kh_review_areas(kh_reviewer *rv, const kh_regionset *regions,
                    kh_area_fn fn, void *ctx, kh_error *err) KH_WUR;

#endif
