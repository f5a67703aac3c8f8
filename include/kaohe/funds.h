/* SPDX-License-Identifier: MIT */
/*
 * funds.h - 扶贫项目库 and 扶贫资金 (../shared/spec/funds-projects.md,
 * docs/funds.md): the three files a county keeps — the project library,
 * the allocations (资金下达) and the payments (拨付、支出、收回) — and the
 * rules that relate them (`kaohe funds check`).
 *
 * The domain part (src/domain/funds.c): the columns of each file, the
 * reading of one cell (a date as offices write it, yuan into 分, an
 * enumeration of the standards file, full-width forms made half-width),
 * a row's own faults (what an import refuses), and the rules of `funds
 * check` over the rows of a county. Pure functions: the rows come from
 * the use case (src/app/funds.c), which reads the files and the store.
 */
#ifndef KAOHE_FUNDS_H
#define KAOHE_FUNDS_H

#include <stddef.h>

#include "kaohe/check.h"
#include "kaohe/error.h"

struct kh_standard;

/* The three files. */
enum kh_funds_kind { KH_FUNDS_PROJECTS, KH_FUNDS_ALLOCATIONS, KH_FUNDS_PAYMENTS };

/* What a column holds. */
enum kh_funds_type {
    KH_FT_TEXT,   /* any text */
    KH_FT_DATE,   /* a date, stored YYYY-MM-DD */
    KH_FT_YUAN,   /* yuan with at most two decimals, stored in 分 */
    KH_FT_INT,    /* an integer >= 0 */
    KH_FT_YEAR,   /* YYYY */
    KH_FT_REGION, /* a 12-digit 区划代码 */
    KH_FT_ENUM,   /* a label of the standards file's [enum.NAME] */
    KH_FT_LIST    /* 户编号 separated by ; or ； */
};

#define KH_FUNDS_REQUIRED 1 /* a value must be given */
#define KH_FUNDS_POSITIVE 2 /* KH_FT_YUAN: > 0 (else >= 0) */
#define KH_FUNDS_UNIQUE 4   /* the key of the file: unique within it */

typedef struct kh_funds_col {
    const char *zh;   /* the header, as the spec names it */
    const char *key;  /* the spec's key; the store's column */
    int type;         /* enum kh_funds_type */
    int flags;        /* KH_FUNDS_* */
    const char *list; /* KH_FT_ENUM: the [enum.NAME] of the standards */
} kh_funds_col;

/* The columns of a kind, in the spec's order (n set to their number). */
const kh_funds_col *kh_funds_cols(int kind, int *n /* OUT */);
/* The kind named "projects", "allocations" or "payments", or -1. */
int kh_funds_kind_parse(const char *name);
/* The kind's name in Chinese (项目库, 资金下达, 资金拨付与支出). */
const char *kh_funds_kind_zh(int kind);

#define KH_FUNDS_MAX_COLS 24
#define KH_FUNDS_VAL 4096 /* the longest value kept (a 带贫户 list) */

/*
 * One row as read: per column, the value in its stored form ("" when
 * empty): dates YYYY-MM-DD, yuan as 分 in decimal, integers in decimal,
 * text trimmed. row and line as the table gives them.
 */
typedef struct kh_funds_row {
    int kind;
    long row, line;
    char v[KH_FUNDS_MAX_COLS][KH_FUNDS_VAL];
    /* kh_funds_row_read's own: the standards' enumeration of each column
     * of kind, looked up once (the struct zeroed before its first use) */
    const struct kh_standard *enum_std;
    int enum_kind;
    int enum_ix[KH_FUNDS_MAX_COLS];
} kh_funds_row;

/*
 * Read the cells of one data row (cells[i] is the cell of column i of
 * kh_funds_cols, NULL when the file has no such column) into out, and
 * check the row by itself (the spec's "what an import refuses": a missing
 * required value, a wrong type or enumeration, dates out of order, a
 * 项目状态 its dates contradict, poor beneficiaries above all). Every fault
 * and every normalisation (value_fullwidth, value_space: warnings) goes to
 * fn with the file, row, line and column; *errors counts the errors.
 * Returns what fn returned, or KH_OK.
 */
int kh_funds_row_read(const struct kh_standard *std, int kind,
                      const kh_cell *const cells[], const char *file,
                      long row, long line, kh_funds_row *out /* OUT */,
                      kh_finding_fn fn, void *ctx,
                      long *errors /* IN OUT */);

/* ---- the rules of `funds check` ---- */

/* A project as `funds check` reads it (money in 分, dates "" or ISO). */
typedef struct kh_fproject {
    char id[64], name[256], type[32], region[13], county[13], status[16];
    char added[11], start_plan[11], end_plan[11], start[11], end[11],
        accepted[11], pub_added[11], pub_plan[11], pub_done[11];
    long long planned;
    long long benef_hh, benef_poor_hh, benef_poor_persons; /* -1: empty */
    long long pub_days;                                      /* -1: empty */
    const char *benef_list; /* 户编号 joined by ';' ("" none) */
    long row;
} kh_fproject;

typedef struct kh_falloc {
    char doc_no[128], date[11], level[16], fund[64], region[13];
    long long amount;
    int year;
    long row;
} kh_falloc;

typedef struct kh_fpay {
    char voucher[128], date[11], proj_id[64], fund[64], stage[16];
    long long amount;
    long row;
} kh_fpay;

/* What the rules need to know of a 带贫户 (a registered household). */
enum kh_fbenef { KH_FB_NONE, KH_FB_REGISTERED, KH_FB_CLEARED };
typedef int (*kh_funds_benef_fn)(void *ctx, const char *county,
                                 const char *hh_id);

/* One finding of `funds check` (codes fund_…, docs/funds.md). */
typedef struct kh_funds_finding {
    const char *code;
    const char *county;   /* the county concerned */
    const char *object;   /* the project, allocation or payment named */
    long long amount;     /* the money concerned in 分 (0: none) */
    const char *zh, *en;  /* the sentence, with the figures */
} kh_funds_finding;
typedef int (*kh_funds_finding_fn)(void *ctx, const kh_funds_finding *f);

/* The Chinese name of a finding code of `funds check` ("资金滞留"), or
 * NULL for a code that is not one. */
const char *kh_funds_code_zh(const char *code);
/* Every finding code of `funds check`, in the order of docs/funds.md
 * (n set to their number). */
const char *const *kh_funds_codes(int *n /* OUT */);

/* The rules' thresholds ([funds] of the standards file). */
typedef struct kh_funds_limits {
    long retain_days;        /* an allocation unused this long: 滞留 */
    long project_retain_days;/* 拨付 not 支出 this long: 滞留 at the project */
    long notice_days;        /* the shortest 公示 */
    long start_late_days;    /* a 计划 project not started */
    long accept_late_days;   /* a 完工 project not 验收 */
    long long carry_num, carry_den; /* 结转结余率 maximum; den 0: none */
    const char *precise_types;      /* types that must have 受益贫困户 */
} kh_funds_limits;

/* The thresholds of std (the spec's defaults when a key is absent). */
void kh_funds_limits_of(const struct kh_standard *std,
                        kh_funds_limits *out /* OUT */);

/*
 * The rules over one county's rows as of ref (YYYY-MM-DD, the year's 31
 * December): projects p (sorted by id), allocations a, payments y (all
 * those of the county's projects and of unknown projects the caller
 * attributes to it). benef tells whether a 带贫户 is registered. The
 * findings go to fn in a stable order: allocations, payments, projects.
 */
int kh_funds_check_county(const kh_funds_limits *lim, const char *county,
                          const char *ref, const kh_fproject *p, size_t np,
                          const kh_falloc *a, size_t na, const kh_fpay *y,
                          size_t ny, kh_funds_benef_fn benef, void *bctx,
                          kh_funds_finding_fn fn, void *ctx) KH_WUR;

/* ---- the funds indicators (docs/funds.md, docs/indicators.md) ---- */

/* The indicators of the spec's list, in its order; named funds.<key>. */
enum {
    KH_FI_PAY_PROGRESS,   /* 资金拨付进度 */
    KH_FI_SPEND_PROGRESS, /* 支出进度 */
    KH_FI_CARRYOVER,      /* 结转结余率 */
    KH_FI_RETAINED,       /* 滞留金额 (元) */
    KH_FI_PROJECTS,       /* 项目入库数 */
    KH_FI_START_RATE,     /* 开工率 */
    KH_FI_DONE_RATE,      /* 完工率 */
    KH_FI_ACCEPT_ONTIME,  /* 按期验收率 */
    KH_FI_NOTICE_RATE,    /* 公告公示率 */
    KH_FI_BENEF_HH,       /* 带贫户数 */
    KH_FI_BENEF_PERSONS,  /* 受益贫困人口 */
    KH_FI_PER_PERSON,     /* 资金每受益贫困人口 (元) */
    KH_FI_COUNT
};

/* One funds indicator: its key (funds.<key>), Chinese name, kind as
 * kh_indicators_kind (0 rate, 1 count, 2 yuan), one-line 说明, and
 * whether a rate's numerator and denominator are amounts in 分 (shown in
 * 元, not as counts). */
typedef struct kh_funds_ind_def {
    const char *key, *zh;
    int kind;
    const char *desc;
    int money_parts;
} kh_funds_ind_def;
const kh_funds_ind_def *kh_funds_ind_defs(void); /* KH_FI_COUNT of them */
/* The index of "funds.<key>" (or of key alone), or -1. */
int kh_funds_ind_find(const char *name);

/* What one region adds to the funds indicators (num/den per KH_FI_*):
 * money in 分, yuan indicators with den in 分 per yuan (100 a unit). */
typedef struct kh_funds_tally {
    char region[13];
    const kh_fproject *project; /* the project it is of; NULL: the county's */
    long long num[KH_FI_COUNT], den[KH_FI_COUNT];
} kh_funds_tally;
typedef int (*kh_funds_tally_fn)(void *ctx, const kh_funds_tally *t);

/*
 * The funds indicators of one county's rows as of ref (YYYY-MM-DD, the
 * year's 31 December; the rows as for kh_funds_check_county): to fn once
 * for the county itself (the allocations' figures and 滞留 at the county)
 * and once for each 建设地点 of its projects (the projects' figures, in
 * 项目编号 order of their first project; a region may come more than
 * once). Definitions: docs/funds.md.
 */
int kh_funds_tally_county(const kh_funds_limits *lim, const char *county,
                          const char *ref, const kh_fproject *p, size_t np,
                          const kh_falloc *a, size_t na, const kh_fpay *y,
                          size_t ny, kh_funds_tally_fn fn, void *ctx) KH_WUR;

#endif
