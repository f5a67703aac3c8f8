/* SPDX-License-Identifier: MIT */
/*
 * app_indicators.h - the indicators of a stored year as use cases
 * (src/app/indicators.c): computed from the store one way for `kaohe
 * indicators`, GET /api/indicators, `rectify generate` and `rectify
 * recheck`; and who may read them (the server's rule, decided here once).
 * Their JSON is ind_json.h's, the one renderer of both front ends.
 */
#ifndef KAOHE_APP_INDICATORS_H
#define KAOHE_APP_INDICATORS_H

#include "kaohe/app.h"
#include "kaohe/error.h"

struct kh_standard;
struct kh_indicators;

/*
 * Set up the indicators of year without computing them (a year not
 * stored has none: the caller says so where it matters, the server
 * answers empty); *review (may be NULL) says whether the review ran
 * (finding.* and wrong_exit are in only then). Compute with
 * kh_store_indicators, or use kh_app_indicators_year.
 */
int kh_app_indicators_new(kh_store *s, const struct kh_standard *std,
                          int year, struct kh_indicators **out /* OUT */,
                          int *review /* OUT */, kh_error *err) KH_WUR;

/* The same, computed with threads readers. */
int kh_app_indicators_year(kh_store *s, const struct kh_standard *std,
                           int year, int threads,
                           struct kh_indicators **out /* OUT */,
                           int *review /* OUT */, kh_error *err) KH_WUR;

/*
 * May who read the indicators of year under region (NULL: their own
 * scope)? A role without regions is refused (KH_ERR_DENIED,
 * "role_denied", not audited: nothing was asked of a region); a region
 * outside the scope is refused and audited as indicators.read, denied
 * ("out_of_scope").
 */
int kh_app_indicators_may(kh_store *s, const kh_actor *who, int year,
                          const char *region, kh_error *err) KH_WUR;

/*
 * The region whose indicators who reads for the region asked (NULL or
 * "": who's own): asked when who may read it (kh_app_indicators_may, the
 * refusals as there), else who's region for a user bound to one, NULL
 * (every region) for a user who sees all and for the console's operator
 * (kh_actor_is_operator), who reads every region as the command line
 * always has. *region points into asked or who.
 */
int kh_app_indicators_region(kh_store *s, const kh_actor *who, int year,
                             const char *asked,
                             const char **region /* OUT */,
                             kh_error *err) KH_WUR;

/* 1 when who may see the indicators of region code: the regions listed
 * under the one read are only those within who's scope. */
int kh_app_indicators_shows(const kh_actor *who, const char *code);

#endif
