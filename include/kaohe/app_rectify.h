/* SPDX-License-Identifier: MIT */
/*
 * app_rectify.h - the use cases that make and judge the problem list of
 * 反馈与整改 as a whole (src/app/rectify_gen.c): generate the problems the
 * rules find (the indicators against [problem_rule], or a stored
 * assessment's failing items and vetoes), and recheck them (the indicator,
 * item or veto behind each problem on a year's data, stored as one
 * recheck run). `kaohe rectify generate` and `kaohe rectify recheck` call
 * them; the actions on one problem are app_problem.h's.
 *
 * Who may is decided here, once: a registered user (else KH_ERR_NOTFOUND,
 * "user_missing", as the command line always said), whose role is in
 * [web] rectify_roles or [rectify] verify_roles, and a region asked for
 * (--region) within the user's scope; a refusal is KH_ERR_DENIED
 * ("role_denied", "out_of_scope"), audited as problems.generate or
 * problems.recheck, denied. The problem list is one for all: without a
 * region the whole year's rules run (a problem's visibility is decided
 * when it is read). The work runs in one transaction with its audit entry
 * (the problems added, or the run's number, as records).
 */
#ifndef KAOHE_APP_RECTIFY_H
#define KAOHE_APP_RECTIFY_H

#include <stddef.h>

#include "kaohe/app.h"
#include "kaohe/app_indicators.h"
#include "kaohe/error.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"

struct kh_standard;
struct kh_indicators;

/* A note for the user, not an error ("review has not run: the finding.*
 * rules are skipped"). */
typedef void (*kh_app_note_fn)(void *ctx, const char *zh, const char *en);

/* 1 when num/den is beyond the rule's threshold (exactly, as fractions). */
int kh_problem_rule_beyond(const kh_problem_rule *r, long long num,
                           long long den);

typedef struct kh_app_generate {
    int year;
    int level;              /* the level of the regions (KH_LV_*; 0: 县) */
    const char *region;     /* only under this region (NULL: all) */
    const char *found_on;   /* 发现日期 (NULL: the actor's day) */
    const char *assessment; /* a stored assessment's scheme: its failing
                             * items and vetoes (NULL: the indicators) */
    int version;            /* the assessment's version (0: the latest) */
    int threads;            /* for the indicators */
    kh_app_note_fn note;    /* may be NULL */
    void *note_ctx;
    /* each new problem as it is added (may be NULL) */
    void (*added)(void *ctx, long long id, const kh_problem_new *p);
    void *added_ctx;
} kh_app_generate;

typedef struct kh_app_generated {
    long added, kept; /* new problems; ones already in the list */
    int version;      /* the assessment's version read */
} kh_app_generated;

/*
 * Generate the problems req asks for as who. Rule errors (a category not
 * in [enum.problem_category], an indicator that does not exist, no
 * category for an item) are KH_ERR_INVALID, nothing added.
 */
int kh_app_problems_generate(kh_store *s, const struct kh_standard *std,
                             const kh_actor *who, const kh_app_generate *req,
                             kh_app_generated *out /* OUT */,
                             kh_error *err) KH_WUR;

/* One problem rechecked. */
typedef struct kh_app_recheck_row {
    long long id;
    char region[13];
    char name[96];       /* the region's name (assessment) */
    char indicator[300];
    char rule[48];
    int status;          /* stored, before the recheck */
    long long bnum, bden, anum, aden; /* before and after */
    int judged, pass, rebound;
    char what[200];      /* assessment: the item's path or the veto's
                          * Chinese name ("" for an indicator) */
} kh_app_recheck_row;

typedef struct kh_app_recheck {
    int year;
    const char *region;     /* only under this region (NULL: all) */
    const char *assessment; /* recheck on a stored assessment (NULL: the
                             * indicators of year) */
    int level, version;     /* the assessment's level and version */
    int threads;
} kh_app_recheck;

typedef struct kh_app_rechecked {
    kh_app_recheck_row *v; /* every problem with an indicator, in order */
    size_t n, cap;
    long pass, fail, gone, rebound;
    long long run;          /* the run's number (0: nothing judged) */
    char source[200];       /* "indicators" or "assess:SCHEME:vN" */
    int version;            /* the assessment's version read */
    char title[200];        /* the assessment's scheme's title */
} kh_app_rechecked;

/*
 * Recheck as who: each problem's value on the data now, stored as one
 * recheck run (pass or fail, 反弹 of a closed one). out is filled (free
 * with kh_app_rechecked_free, also after a failure).
 */
int kh_app_problems_recheck(kh_store *s, const struct kh_standard *std,
                            const kh_actor *who, const kh_app_recheck *req,
                            kh_app_rechecked *out /* OUT */,
                            kh_error *err) KH_WUR;
void kh_app_rechecked_free(kh_app_rechecked *r);

#endif
