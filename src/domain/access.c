/* SPDX-License-Identifier: MIT */
/*
 * access.c - a user's scope and permissions from their role and region
 * (the role lists are the standards file's [web] section). Pure: no I/O;
 * the masking of personal information is src/domain/mask.c.
 */
#include <stdio.h>
#include <string.h>

#include "kaohe/access.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"

static int in_list(const kh_standard *std, const char *key, const char *v)
{
    return kh_standard_in_list(std, key, v, strlen(v));
}


void kh_access_init(kh_access *a, const kh_standard *std, const kh_user *u)
{
    memset(a, 0, sizeof *a);
    snprintf(a->user, sizeof a->user, "%s", u->name);
    snprintf(a->role, sizeof a->role, "%s", u->role);
    snprintf(a->dept, sizeof a->dept, "%s", u->dept[0] ? u->dept : u->name);
    int level = u->region[0] ? kh_region_code_level(u->region,
                                                    strlen(u->region))
                             : KH_LV_NONE;
    if (in_list(std, "web.dept_roles", u->role)) {
        a->none = 1;
        a->dept_only = 1;
    } else if (in_list(std, "web.sample_roles", u->role)) {
        a->none = 1;
        a->sample_only = 1;
        memcpy(a->lo, "000000000000", 13);
        memcpy(a->hi, "999999999999", 13);
        if (level != KH_LV_NONE) {
            memcpy(a->region, u->region, 13);
            memcpy(a->lo, u->region, 12);
            memcpy(a->hi, u->region, 12);
            for (int i = kh_region_prefix_len(level); i < 12; i++) {
                a->lo[i] = '0';
                a->hi[i] = '9';
            }
        }
    } else if (level != KH_LV_NONE) {
        memcpy(a->region, u->region, 13);
        int n = kh_region_prefix_len(level);
        memcpy(a->lo, u->region, 12);
        memcpy(a->hi, u->region, 12);
        for (int i = n; i < 12; i++) {
            a->lo[i] = '0';
            a->hi[i] = '9';
        }
    } else if (in_list(std, "web.all_regions_roles", u->role)) {
        a->all = 1;
    } else {
        a->none = 1;
    }
    a->may_unmask = in_list(std, "web.unmask_roles", u->role);
    a->may_rectify = in_list(std, "web.rectify_roles", u->role);
    a->may_verify = in_list(std, "rectify.verify_roles", u->role);
    a->may_audit = in_list(std, "web.audit_roles", u->role);
    a->may_assess = in_list(std, "web.assess_roles", u->role);
    a->may_edit = in_list(std, "web.edit_roles", u->role);
}

int kh_access_region(const kh_access *a, const char *code)
{
    if (a->none || !code) return 0;
    if (a->all) return 1;
    if (strlen(code) != 12) return 0;
    return strcmp(code, a->lo) >= 0 && strcmp(code, a->hi) <= 0;
}

/* 1 when unit is one of the units joined by "、" in list. */
static int unit_in(const char *list, const char *unit)
{
    static const char sep[] = "、";
    size_t n = strlen(unit);
    if (!list || !n) return 0;
    for (const char *p = list;;) {
        const char *e = strstr(p, sep);
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !memcmp(p, unit, n)) return 1;
        if (!e) return 0;
        p = e + sizeof sep - 1;
    }
}

int kh_access_problem(const kh_access *a, const char *region,
                      const char *lead_dept, const char *units)
{
    if (a->dept_only)
        return (lead_dept && !strcmp(lead_dept, a->dept)) ||
               unit_in(units, a->dept);
    return kh_access_region(a, region);
}
