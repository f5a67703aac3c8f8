/* SPDX-License-Identifier: MIT */
/*
 * review_run.h - running the exit review over a stored year and storing
 * it (src/store/review_run.c): several threads read and review parts of
 * the year, one writes the results in registry order.
 */
#ifndef KAOHE_REVIEW_RUN_H
#define KAOHE_REVIEW_RUN_H

#include "kaohe/error.h"
#include "kaohe/review.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

/* What was reviewed and stored. */
typedef struct kh_review_totals {
    long long households, persons; /* reviewed */
    long long skipped;    /* households with a label std does not know */
    long long exit_ready; /* 拟退出 households */
    long long applies[KH_RV_COUNT], flagged[KH_RV_COUNT];
} kh_review_totals;

/*
 * Review every household of year against std and store the result in
 * place of the year's previous review (tables review, review_finding,
 * review_run; std_name is recorded as the standards used), all in one
 * transaction. rv is a reviewer made for std and year (kh_reviewer_new):
 * it receives the village tallies for kh_review_areas() and decides
 * helper_overload in registry order; today is passed on to the other
 * reviewers. nthreads readers (1 to 16) each review a part of the year on
 * a read-only connection of their own; memory does not grow with the
 * number of households.
 */
int kh_store_review_run(kh_store *s, int year, const kh_standard *std,
                        const char *std_name, const int today[3],
                        int nthreads, kh_reviewer *rv,
                        kh_review_totals *out /* OUT */,
                        kh_error *err) KH_WUR;
/* The same, calling before_commit (when not NULL) inside the transaction
 * once the review is written, with its totals: the use case's audit entry
 * (src/app/review.c). Its error rolls everything back. */
int kh_store_review_run_then(kh_store *s, int year, const kh_standard *std,
                             const char *std_name, const int today[3],
                             int nthreads, kh_reviewer *rv,
                             kh_review_totals *out /* OUT */,
                             int (*before_commit)(void *ctx, kh_store *s,
                                                  const kh_review_totals *t,
                                                  kh_error *err),
                             void *ctx, kh_error *err) KH_WUR;

/* The stored 拟退出 households of year in registry order (strings valid
 * during the callback only). */
typedef int (*kh_store_ready_fn)(void *ctx, const char *hh_id,
                                 const char *village, long long persons,
                                 kh_error *err);
int kh_store_review_ready_each(kh_store *s, int year, kh_store_ready_fn fn,
                               void *ctx, kh_error *err) KH_WUR;

#endif
