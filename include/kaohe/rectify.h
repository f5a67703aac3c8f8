/* SPDX-License-Identifier: MIT */
/*
 * rectify.h - 反馈与整改: the problem list and each problem's
 * rectification (measures, 牵头部门, 责任单位, deadline, stages, progress,
 * evidence, 销号 by a second person), with its full history.
 *
 * The status machine is pure (kh_rect_transition); the store keeps the
 * problems, their history (append-only) and the evidence files (with their
 * SHA-256, never deleted). Format of the exchanged plan: docs/rectify.md.
 */
#ifndef KAOHE_RECTIFY_H
#define KAOHE_RECTIFY_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/plancol.h" /* the plan's columns */

/* Stored status. 逾期 is not stored: it is what 未开始 or 整改中 shows
 * once the deadline has passed (kh_rect_shown). */
enum kh_rect_status {
    KH_RS_TODO = 0,      /* 未开始 */
    KH_RS_DOING = 1,     /* 整改中 */
    KH_RS_REQUESTED = 2, /* 申请销号 */
    KH_RS_CLOSED = 3,    /* 已销号 */
    KH_RS_OVERDUE = 4,   /* 逾期: shown only */
};
/* "未开始", "整改中", "申请销号", "已销号", "逾期". */
const char *kh_rect_status_zh(int status);
const char *kh_rect_status_en(int status);
/* The status whose Chinese or English name s is, or -1. */
int kh_rect_status_parse(const char *s);

enum kh_rect_action {
    KH_RA_PLAN,     /* set or change the measures, departments, deadline */
    KH_RA_PROGRESS, /* report progress: 未开始 -> 整改中 */
    KH_RA_REQUEST,  /* 申请销号, with evidence */
    KH_RA_VERIFY,   /* 销号 by a second person of a checking role */
    KH_RA_REJECT,   /* the checker sends it back: -> 整改中 */
    KH_RA_REOPEN,   /* a closed problem is opened again: -> 整改中 */
};
const char *kh_rect_action_name(int action); /* "plan", "progress", ... */

/* What a transition depends on. */
typedef struct kh_rect_ctx {
    int status;            /* stored status */
    const char *actor;     /* who does it */
    const char *requester; /* who asked for 销号 (REQUESTED), or NULL */
    int actor_checks;      /* the actor's role may verify ([rectify]) */
    int planned;           /* measures, 牵头部门 and deadline are set */
    long evidence;         /* evidence files attached */
    int recheck_pass;      /* the latest recheck passes: it is evidence */
} kh_rect_ctx;

/*
 * The stored status after action, or KH_ERR_INVALID with the reason (both
 * languages, code "rectify_refused").
 */
int kh_rect_transition(const kh_rect_ctx *c, int action, int *next /* OUT */,
                       kh_error *err) KH_WUR;

/*
 * The status to show: 逾期 when status is 未开始 or 整改中 and the
 * deadline (YYYY-MM-DD; NULL or "" for 长期坚持) is before today.
 */
int kh_rect_shown(int status, const char *deadline, const char *today);

/* The three stages of a rectification (the seed's 方法步骤). */
enum { KH_STAGE_PLAN, KH_STAGE_FOCUS, KH_STAGE_SUPERVISE, KH_NSTAGES };
/* "制定方案", "集中整改", "督导整改". */
const char *kh_rect_stage_zh(int stage);
/* The stage that today falls in, from the stages' start dates
 * (YYYY-MM-DD or ""), or -1 before the first. */
int kh_rect_stage_at(const char *const starts[KH_NSTAGES], const char *today);

/* Split a 责任单位 cell ("县扶贫办、县教育局"; also ",", ";", "，", "；",
 * new lines) into at most max units (copied into buf, blanks around each
 * trimmed, empty ones skipped); the count, or -1 when more than max. */
int kh_rect_units_split(const char *v, char *buf, size_t bufsz,
                        const char **units, int max);

/* What deserves a warning (not a refusal) in a problem or its plan. */
enum {
    KH_RW_FUTURE_FOUND = 1,    /* 发现日期 after today */
    KH_RW_PAST_DEADLINE = 2,   /* 整改时限 already past when planned */
    KH_RW_STAGES_REVERSED = 4, /* a stage starts before the one before it */
    KH_RW_COLUMN_ALIAS = 8,    /* a plan sheet's heading read as a column */
    KH_RW_HEADER_TITLE = 16,   /* title rows above a plan sheet's header */
    KH_RW_FULLWIDTH = 32,      /* full-width forms in a number, date or
                                  code cell of a plan sheet, read half-width */
};
/* The warnings of a problem found on found_on, with deadline (YYYY-MM-DD,
 * 长期坚持, or NULL) and the stages' start dates (NULL or "" when not
 * set; stages may be NULL), planned on today: a mask of KH_RW_*. */
unsigned kh_rect_warnings(const char *found_on, const char *deadline,
                          const char *const stages[KH_NSTAGES],
                          const char *today);

/* SHA-256 of data as 64 lowercase hex digits. */
void kh_sha256_hex(const void *data, size_t n, char out[65]);

/* One recheck of a problem's indicator (item, veto): the value when the
 * problem was made and the value on the run's data, as numerator and
 * denominator, whether it passes its rule now, and 反弹 (rebound): the
 * problem was 已销号 when its indicator failed again. Strings belong to
 * the store, valid during the callback. */
typedef struct kh_problem_recheck {
    long long run; /* recheck run number, 0: none */
    int year;      /* the year whose data was rechecked */
    const char *at;     /* when (timestamp) */
    const char *source; /* "indicators" or "assess:SCHEME:vN" */
    long long before_num, before_den, after_num, after_den;
    int pass;    /* 1 passes its rule now, 0 still fails */
    int rebound; /* 1: it had been 销号 and fails again (反弹) */
} kh_problem_recheck;

/* One problem as stored. Strings belong to the store's buffer and are
 * valid during the callback only; NULL when not set. */
typedef struct kh_problem {
    long long id;
    int year;
    const char *region, *region_name;
    const char *source, *found_on, *category, *text;
    const char *indicator; /* the indicator behind it (generated) */
    long long value_num, value_den;
    const char *rule;   /* "> 10%" */
    const char *origin; /* what generated it, or NULL (by hand) */
    const char *measures, *lead_dept, *units; /* units joined by "、" */
    const char *person, *deadline;            /* deadline NULL: 长期坚持 */
    int long_term;
    /* 执纪问责 (who was held to account, how) and 长效机制 (the rule or
     * system made so that it does not recur), or NULL */
    const char *accountability, *mechanism;
    const char *stage_start[KH_NSTAGES];
    const char *progress; /* the latest progress note */
    int status;           /* stored */
    const char *requested_by;
    long evidence; /* files attached */
    const char *created_at, *created_by, *updated_at;
    const char *closed_at; /* when it was last 销号 (while 已销号), or NULL */
    /* The latest recheck of its indicator (kh_store_problem_rechecks for
     * all of them); run 0 when never rechecked. */
    kh_problem_recheck recheck;
} kh_problem;

/* The status to show of a stored problem (kh_rect_shown): a 长期坚持
 * problem is never 逾期, whatever deadline it also names. */
int kh_problem_shown(const kh_problem *p, const char *today);

/* A new problem (by hand, from a sheet or generated). */
typedef struct kh_problem_new {
    int year;
    const char *region, *source, *found_on, *category, *text;
    const char *indicator;
    long long value_num, value_den;
    const char *rule, *origin;
} kh_problem_new;

/* The plan fields; a NULL field is left as it is. units, when not NULL,
 * replaces the list (nunits may be 0). */
typedef struct kh_problem_plan {
    const char *measures, *lead_dept, *person;
    const char *deadline; /* YYYY-MM-DD or "长期坚持" */
    const char *stage_start[KH_NSTAGES];
    const char *const *units;
    size_t nunits;
    const char *accountability, *mechanism; /* 执纪问责, 长效机制; "" clears */
} kh_problem_plan;

/* The orders of a page: each ends with the problem's number, so that a
 * page is the same whenever it is asked for. */
enum kh_problem_sort {
    KH_PSORT_REGION = 0, /* 区划, then number (the list's default) */
    KH_PSORT_ID,         /* 问题编号 */
    KH_PSORT_FOUND,      /* 发现日期 */
    KH_PSORT_DEADLINE,   /* 整改时限 (长期坚持 first) */
    KH_PSORT_CATEGORY,   /* 问题类别 */
    KH_PSORT_STATUS,     /* the status shown today (逾期 last) */
    KH_PSORT_YEAR,       /* 年度 */
    KH_PSORT_COUNT
};
/* The sort's name ("region", "id", "found_on", "deadline", "category",
 * "status", "year"), NULL past the last; kh_problem_sort_parse: the sort
 * a name gives, or -1. */
const char *kh_problem_sort_name(int sort);
int kh_problem_sort_parse(const char *name);

/* Filter of kh_store_problems_each. Zero/NULL fields do not filter. */
typedef struct kh_problem_filter {
    const char *region; /* the region and everything under it */
    const char *dept;   /* 牵头部门 or one of the 责任单位 */
    int status;         /* stored status + 1 (0: any) */
    int year;
    const char *category, *source;
    /* also the problems of the other regions of the same level in the
     * same province (举一反三) */
    int peers;
    /* only the 已销号 problems whose latest recheck failed (反弹) */
    int rebound;
    /* for the documents (kh_app_doc_problems), not the selection: the
     * rows' texts with quoted ID numbers and phones masked
     * (kh_problem_rows_mask), for a reader who may not see them whole */
    int masked;
} kh_problem_filter;

/* What a page of problems holds. Zero/NULL fields do not filter. */
typedef struct kh_problem_query {
    /* region (its subtree), dept (牵头部门 or one of the 责任单位), year,
     * category, source, rebound; status and peers are not used here */
    kh_problem_filter f;
    /* the scope: region codes lo..hi (a user's subtree), NULL for all */
    const char *lo, *hi;
    int shown;         /* the status shown today + 1 (逾期: 5), 0 any */
    int overdue;       /* 1 only 逾期, -1 none 逾期, 0 either */
    const char *today; /* YYYY-MM-DD: what is 逾期 */
    /* 发现日期 and 整改时限 within [from, to] (YYYY-MM-DD), NULL open */
    const char *found_from, *found_to, *deadline_from, *deadline_to;
    int sort, desc;          /* enum kh_problem_sort; desc: newest first */
    long long offset, limit; /* the page; limit < 0: every problem */
} kh_problem_query;

/* What of a problem's identity a sheet row may correct (--update-identity);
 * a NULL field (year 0) is left as it is. */
typedef struct kh_problem_ident {
    int year;
    const char *region, *source, *found_on, *category, *text;
} kh_problem_ident;

/* ---- statistics per 责任单位 or 牵头部门 (rectify list --by) ---- */

enum { KH_RECT_BY_UNIT = 1, KH_RECT_BY_DEPT = 2 };
typedef struct kh_rect_stat {
    char *name;        /* the unit or department; "" when none set */
    long count, done, overdue;
    long long days; /* sum of days from 发现日期 to 销号 over the done */
    long timed;     /* the done whose days are known */
} kh_rect_stat;
typedef struct kh_rect_stats {
    int by;
    kh_rect_stat *v;
    size_t n, cap;
} kh_rect_stats;
/* Count p (shown as of today) under its 牵头部门 (by dept) or each of its
 * 责任单位 (by unit). KH_ERR_NOMEM. */
int kh_rect_stats_add(kh_rect_stats *st, const kh_problem *p,
                      const char *today, kh_error *err) KH_WUR;
void kh_rect_stats_free(kh_rect_stats *st);
/* Days from found_on to closed_at (dates; a timestamp's date part), or -1
 * when either is unknown. */
long kh_rect_days_to_close(const kh_problem *p);

#endif
