/* SPDX-License-Identifier: MIT */
/*
 * app_funds_view.h - the 项目库 as the pages read it (src/app/funds_view.c,
 * docs/funds.md "The web pages"): the projects within the actor's scope
 * narrowed by region, status and type, one project with its money's
 * path, from the county's allocations to the project's payments, and each
 * county's 下达, 拨付 and 支出 of a year. Each decides who may by the same
 * rule as `kaohe funds check` (the actor's region scope).
 */
#ifndef KAOHE_APP_FUNDS_VIEW_H
#define KAOHE_APP_FUNDS_VIEW_H

#include <stddef.h>

#include "kaohe/app.h"
#include "kaohe/funds.h"

typedef struct kh_funds_filter {
    const char *region; /* that subtree (in scope); NULL: the actor's scope */
    const char *status; /* 项目状态; NULL or "": any */
    const char *type;   /* 项目类型; NULL or "": any */
} kh_funds_filter;

/* A project: the cells of kh_funds_cols(KH_FUNDS_PROJECTS) (money in
 * yuan, "" for empty) and its 建设地点 in words ("陇川县章凤镇拉影村"). */
typedef int (*kh_funds_view_fn)(void *ctx, const char *const *cells,
                                const char *place, kh_error *err);

/*
 * The projects matching f within who's scope, in 项目编号 order. A region
 * outside the scope is refused (KH_ERR_DENIED, audited as funds.list).
 */
int kh_app_funds_projects(kh_store *s, const kh_actor *who,
                          const kh_funds_filter *f, kh_funds_view_fn fn,
                          void *ctx, kh_error *err) KH_WUR;

/* One project and its money's path (valid during the call). */
typedef struct kh_funds_path {
    const char *const *cells; /* as kh_funds_view_fn's */
    const char *place;
    char county[13];
    char county_name[128];
    const kh_falloc *a;       /* the county's allocations of the 资金类别
                                 the project was paid from, by date */
    size_t na;
    const kh_fpay *y;         /* the project's payments, by date */
    size_t ny;
    long long paid, spent;    /* 拨付 less 收回, and 支出, in 分 */
} kh_funds_path;
typedef int (*kh_funds_path_fn)(void *ctx, const kh_funds_path *p,
                                kh_error *err);

/*
 * Project id with its money's path. A project outside who's scope gets
 * the same answer as one not in the library (KH_ERR_NOTFOUND,
 * "project_missing", audited as funds.project).
 */
int kh_app_funds_project(kh_store *s, const kh_actor *who, const char *id,
                         kh_funds_path_fn fn, void *ctx,
                         kh_error *err) KH_WUR;

/* One county's money of one 资金类别 in a year (分): the figures of the
 * 资金使用情况表 (kaohe funds table), for the pages' chart. */
typedef struct kh_funds_flow {
    const char *county, *county_name, *fund;
    long long allocated, paid, spent;
} kh_funds_flow;
typedef int (*kh_funds_flow_fn)(void *ctx, const kh_funds_flow *f,
                                kh_error *err);

/*
 * The 下达, 拨付 (less 收回) and 支出 of year per county within who's scope
 * (region: that subtree) and 资金类别, in county and fund order. A region
 * outside the scope is refused (KH_ERR_DENIED, audited as funds.flow).
 */
int kh_app_funds_flow(kh_store *s, const kh_actor *who, int year,
                      const char *region, kh_funds_flow_fn fn, void *ctx,
                      kh_error *err) KH_WUR;

/* ---- the dashboard's flags: 资金滞留 and 逾期项目 ---- */

enum kh_funds_flag_kind {
    KH_FLAG_RETAINED, /* 资金滞留: [funds] flag_retained's codes */
    KH_FLAG_LATE      /* 逾期项目: [funds] flag_late's codes */
};

/* One flag: a finding of `funds check` (kh_funds_check_county, the same
 * rules and figures) of a code the standards file lists, with where it
 * is. Valid during the call. */
typedef struct kh_funds_flag {
    int kind;                  /* enum kh_funds_flag_kind */
    const kh_funds_finding *f; /* code, county, object, amount, zh */
    const char *county_name;
    const char *project_name;  /* "" when the object is not a project */
    const char *place;         /* the project's 建设地点 in words, else the
                                  county's name */
} kh_funds_flag;
typedef int (*kh_funds_flag_fn)(void *ctx, const kh_funds_flag *g,
                                kh_error *err);

/* What the region has in the year: *has_data 0 when no allocation of
 * the year and no payment in it is stored (the dashboard then shows
 * nothing of funds). */
typedef struct kh_funds_flags_sum {
    int has_data;
    long long retained, retained_fen; /* 资金滞留: how many, how much */
    long long late;                   /* 逾期项目 */
} kh_funds_flags_sum;

/*
 * The flags of year within who's scope (region: that subtree), county by
 * county in code order, each in `funds check`'s order: its findings whose
 * code [funds] flag_retained or flag_late lists, as of the year's 31
 * December. A county's rules are run over the whole county (滞留 is
 * first in, first out over its allocations); a region below a county
 * keeps its projects' flags, not the county's. sum gets the totals. A
 * region outside the scope is refused (KH_ERR_DENIED, audited as
 * funds.flags); a reading of a year with funds data is audited as
 * funds.flags (one without: nothing read, not audited).
 */
int kh_app_funds_flags(kh_store *s, const struct kh_standard *std,
                       const kh_actor *who, int year, const char *region,
                       kh_funds_flag_fn fn, void *ctx,
                       kh_funds_flags_sum *sum /* OUT */,
                       kh_error *err) KH_WUR;

#endif
