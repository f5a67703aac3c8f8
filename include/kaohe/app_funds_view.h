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

#endif
