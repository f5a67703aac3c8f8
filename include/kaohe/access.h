/* SPDX-License-Identifier: MIT */
/*
 * access.h - what a user may see and do, enforced where the data is read
 * (the queries take the user's access and refuse, with KH_ERR_DENIED, any
 * record outside it), and how personal information is shown (ID numbers
 * and phones masked unless the role may ask for them whole).
 *
 * The rules (docs/http-api.md, "Who may do what"): a user bound to a
 * region sees that region and everything under it; a user bound to none
 * sees every region when the role is in [web] all_regions_roles, and none
 * otherwise; 牵头部门 / 责任单位 users ([web] dept_roles) see only the
 * problems of their unit and no household; 第三方评估 ([web] sample_roles)
 * sees only the households drawn into a sample (sample_household) of the
 * year asked for, within its bound region when it has one, and no region,
 * indicator or problem. The role lists are the standards file's [web]
 * section.
 */
#ifndef KAOHE_ACCESS_H
#define KAOHE_ACCESS_H

#include <stddef.h>

#include "kaohe/auth.h"
#include "kaohe/error.h"
#include "kaohe/mask.h"

struct kh_standard;

typedef struct kh_access {
    char user[128], role[64], dept[128];
    int all;            /* every region */
    int none;           /* no region (dept and sample roles, unbound) */
    char region[13];    /* the region bound to ("" with all or none) */
    char lo[13], hi[13]; /* the codes of the subtree: lo <= code <= hi */
    int dept_only;      /* problems of dept only */
    int sample_only;    /* households drawn into a sample only, within
                         * lo..hi (none is set too) */
    int may_unmask;     /* may ask for ID numbers and phones whole */
    int may_rectify;    /* plan, progress, evidence, 申请销号 */
    int may_verify;     /* 销号 / send back ([rectify] verify_roles) */
    int may_audit;      /* read the audit log */
    int may_assess;     /* enter assessment inputs and run ([web]
                         * assess_roles) */
    int may_edit;       /* edit households within the scope ([web]
                         * edit_roles) */
} kh_access;

/* The access of user u under the standards std. */
void kh_access_init(kh_access *a, const struct kh_standard *std,
                    const kh_user *u);
/* 1 when the region code lies in a's scope. */
int kh_access_region(const kh_access *a, const char *code);
/* 1 when a problem of region with this 牵头部门 and 责任单位 (joined by
 * "、") is visible to a. */
int kh_access_problem(const kh_access *a, const char *region,
                      const char *lead_dept, const char *units);

/* kh_mask_phone and the rest of the masking policy: kaohe/mask.h. */

/* One household of a search (strings valid during the callback). */
typedef struct kh_hh_brief {
    const char *hh_id, *village, *village_name, *head, *head_id;
    const char *status, *phone;
    long long members;
    int has_income;
    long long income_pc; /* 分 */
} kh_hh_brief;
typedef int (*kh_hh_brief_fn)(void *ctx, const kh_hh_brief *h,
                              kh_error *err);

typedef struct kh_hh_query {
    int year;
    const char *region; /* narrower than the access, or NULL */
    const char *q;      /* 户编号 (prefix), 证件号码 (whole), or a name
                         * (prefix); NULL or "" for all */
    long long offset, limit;
    int exited;  /* > 0: only households with 脱贫年度 = exited */
    int finding; /* > 0: only households kaohe review flagged with the
                  * finding kh_review_codes[finding - 1] (the households
                  * finding.CODE counts) */
    const char *status; /* 脱贫状态 equal to it, or NULL */
    int sort;           /* enum kh_hh_sort */
    int desc;           /* the order reversed */
} kh_hh_query;

/* The orders of a household page, each served by an index of the year:
 * by village (household_village; ties in stored order), 人均纯收入
 * (household_income, which also holds the village and 脱贫状态 the
 * filters look at; ties by village, 脱贫状态, then as stored). */
enum kh_hh_sort { KH_HSORT_VILLAGE = 0, KH_HSORT_INCOME, KH_HSORT_COUNT };
/* "village", "income_pc"; kh_hh_sort_parse: the sort of a name, or -1. */
const char *kh_hh_sort_name(int sort);
int kh_hh_sort_parse(const char *name);

#endif
