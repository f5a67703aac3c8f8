/* SPDX-License-Identifier: MIT */
/*
 * review_edit.h - the exit review brought up to date for one edited
 * household (docs/http-api.md "Editing a household", docs/review.md
 * "After an edit"): in the edit's transaction, when the year has a stored
 * review, the household's review row and findings are replaced by what
 * kh_review_household() gives for it, and helper_overload is decided
 * again for every household of its 帮扶责任人 (and of the one it had
 * before, when that changed), as `kaohe review` decides it.
 */
#ifndef KAOHE_REVIEW_EDIT_H
#define KAOHE_REVIEW_EDIT_H

#include "kaohe/check.h"
#include "kaohe/error.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

/*
 * Re-review household hid of year, already written as h (the checked
 * household), with std and today[] as kh_reviewer_new() takes them;
 * old_helper_id is the household's 帮扶责任人证件号码 before the edit
 * (NULL or "" for none). Does nothing when year has no stored review
 * (*done = 0; 1 when re-reviewed). The caller holds the write
 * transaction.
 */
int kh_store_review_edit(kh_store *s, int year, long long hid,
                         const kh_household *h, const char *old_helper_id,
                         const kh_standard *std, const int today[3],
                         int *done /* OUT, may be NULL */,
                         kh_error *err) KH_WUR;

/* One stored review finding of a household. */
typedef struct kh_review_found {
    const char *code;   /* kh_review_codes[] */
    int member_seq;     /* 1-based member, 0 for the household */
    const char *id_no;  /* the member's ID number, "" for none */
    const char *value, *zh, *en;
} kh_review_found;

typedef int (*kh_review_found_fn)(void *ctx, const kh_review_found *f,
                                  kh_error *err);

/*
 * The stored review findings of household hh_id of year, in code order
 * (as kh_store_review_each gives them). *reviewed is 0 when year has no
 * stored review (fn is not called), else 1. ids[] (nids) are the ID
 * numbers the texts may hold: the members' and the helper's (so that a
 * caller can mask them); valid during the calls.
 */
int kh_store_review_of(kh_store *s, int year, const char *hh_id,
                       int *reviewed /* OUT */,
                       void (*ids_fn)(void *ctx, const char *id),
                       kh_review_found_fn fn, void *ctx,
                       kh_error *err) KH_WUR;

#endif
