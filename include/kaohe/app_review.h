/* SPDX-License-Identifier: MIT */
/*
 * app_review.h - the exit review (退出核查) of a stored year as a use case
 * (src/app/review.c), called by `kaohe review`: every household against
 * the exit standard and the problem list (docs/review.md), stored in
 * place of the year's previous review, with the verdicts on the poor
 * villages and counties.
 *
 * Who may is decided here, once: a role of [web] review_roles, and a user
 * bound to a region only when every household of the year lies within it
 * (the review is one per year); a refusal is KH_ERR_DENIED
 * ("role_denied", "out_of_scope"), audited as review.run, denied, nothing
 * written. The review and its audit entry (object review/YEAR, the
 * households reviewed as records, the totals as after) are one
 * transaction.
 */
#ifndef KAOHE_APP_REVIEW_H
#define KAOHE_APP_REVIEW_H

#include <stddef.h>

#include "kaohe/app.h"
#include "kaohe/error.h"
#include "kaohe/review_run.h"

struct kh_standard;

/* One poor village or county and its verdict (kh_area, kept). */
typedef struct kh_app_review_area {
    char code[13];
    char *name;
    int western, verdict, pending; /* enum kh_area_verdict */
    int surveyed; /* county: judged on a survey's estimates */
    long long households, persons, poor, ready, rural, max_num, max_den;
    char *zh, *en; /* the failing or pending conditions */
} kh_app_review_area;

typedef struct kh_app_review {
    kh_review_totals tot;
    kh_app_review_area *areas; /* villages and counties, in region order */
    size_t nareas, cap;
} kh_app_review;

/*
 * Review year as who under std (std_name is recorded as the standards
 * used), today the date of the rules, with threads readers. The year must
 * be stored ("year_missing"). out is filled (free with
 * kh_app_review_free, also after a failure).
 */
int kh_app_review_run(kh_store *s, const struct kh_standard *std,
                      const char *std_name, const kh_actor *who, int year,
                      const int today[3], int threads,
                      kh_app_review *out /* OUT */, kh_error *err) KH_WUR;
void kh_app_review_free(kh_app_review *r);

#endif
