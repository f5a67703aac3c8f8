/* SPDX-License-Identifier: MIT */
/*
 * sample_int.h - private to src/app's 第三方评估 use cases (sample.c,
 * sample_import.c): the one rule of who may act on a sample.
 */
#ifndef KAOHE_APP_SAMPLE_INT_H
#define KAOHE_APP_SAMPLE_INT_H

#include "kaohe/app.h"
#include "kaohe/review.h"

struct kh_standard;

/* The role lists of the rule: a design and the imports (manage), the
 * estimates (read: manage or the 第三方评估's). */
extern const char *const kh_sample_manage_roles[];
extern const char *const kh_sample_read_roles[];

/*
 * KH_OK when who has a role of one of lists (NULL-terminated standards
 * keys) and region (a design's; "" for none: every region is needed) is
 * in their scope; else KH_ERR_DENIED, audited as action on object.
 */
int kh_sample_may(kh_store *s, const struct kh_standard *std,
                  const kh_actor *who, const char *const *lists,
                  const char *action, const char *object, const char *region,
                  kh_error *err) KH_WUR;

/*
 * The county exit verdict's 第三方评估 (src/app/review.c): the estimates
 * of every design of year with a survey (newest first, at most 8), made
 * without a check of who (the review's use case decided). *out is NULL
 * when there is none. kh_sample_review_county is a kh_area_survey_fn
 * over it: the newest design holding the county.
 */
typedef struct kh_sample_review kh_sample_review;
int kh_sample_review_open(kh_store *s, const struct kh_standard *std,
                          int year, kh_sample_review **out /* OUT */,
                          kh_error *err) KH_WUR;
int kh_sample_review_county(void *ctx, const char *county,
                            kh_area_survey *out /* OUT */);
void kh_sample_review_free(kh_sample_review *v);

#endif
