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

#endif
