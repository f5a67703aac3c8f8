/* SPDX-License-Identifier: MIT */
/*
 * indicators.c - the indicators of a stored year (app_indicators.h): set
 * up and computed from the store in one place for both front ends and
 * the problem list's use cases, and who may read them.
 */
#include <stdio.h>
#include <string.h>

#include "kaohe/app_indicators.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/registry.h"
#include "kaohe/store.h"

int kh_app_indicators_new(kh_store *s, const struct kh_standard *std,
                          int year, kh_indicators **out, int *review,
                          kh_error *err)
{
    *out = NULL;
    int rv = kh_store_review_ran(s, year);
    if (review) *review = rv;
    kh_regionset *rs = NULL;
    int rc = kh_regionset_new(&rs, err);
    if (!rc) rc = kh_store_regions_load(s, rs, err);
    /* the review's finding.* and the compared lists' dept.* (dept.h) */
    if (!rc) rc = kh_indicators_new(std, year, rs, kh_store_ind_with(s, year), out, err);
    kh_regionset_free(rs);
    return rc;
}

int kh_app_indicators_year(kh_store *s, const struct kh_standard *std,
                           int year, int threads, kh_indicators **out,
                           int *review, kh_error *err)
{
    kh_indicators *ix = NULL;
    int rc = kh_app_indicators_new(s, std, year, &ix, review, err);
    if (!rc) rc = kh_store_indicators(s, year, std, ix, threads, err);
    if (rc) {
        kh_indicators_free(ix);
        *out = NULL;
        return rc;
    }
    *out = ix;
    return KH_OK;
}

int kh_app_indicators_may(kh_store *s, const kh_actor *who, int year,
                          const char *region, kh_error *err)
{
    if (who->acc.none)
        return kh_error_set(err, KH_ERR_DENIED, "role_denied",
                            "你的角色不能查看指标",
                            "your role may not see the indicators");
    if (!region || kh_access_region(&who->acc, region)) return KH_OK;
    kh_error_set(err, KH_ERR_DENIED, "out_of_scope", "无权查看该区划的指标",
                 "this region is outside what you may see");
    char object[64];
    snprintf(object, sizeof object, "indicators/%d/%.20s", year, region);
    return kh_app_refuse(s, who, "indicators.read", object, err);
}

int kh_app_indicators_region(kh_store *s, const kh_actor *who, int year,
                             const char *asked, const char **region,
                             kh_error *err)
{
    if (asked && !*asked) asked = NULL;
    *region = asked;
    /* the console's operator holds the file: every region, as always */
    if (kh_actor_is_operator(who)) return KH_OK;
    int rc = kh_app_indicators_may(s, who, year, asked, err);
    if (rc) return rc;
    if (!asked && !who->acc.all) *region = who->acc.region;
    return KH_OK;
}

int kh_app_indicators_shows(const kh_actor *who, const char *code)
{
    return kh_actor_is_operator(who) || kh_access_region(&who->acc, code);
}
