/* SPDX-License-Identifier: MIT */
/*
 * year.c - the use case "delete a year's snapshot" (kaohe/year.h): who may,
 * what refuses it, one transaction, the audit entry either way.
 */
#include <stdio.h>
#include <string.h>

#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/app_year.h"

/* Whether who's role may manage the years ([web] year_roles, 系统管理员
 * by default); a refusal said with verb and audited as action. */
static int year_manager(kh_store *s, const struct kh_standard *std,
                        const kh_actor *who, const char *action,
                        const char *object, const char *zh, const char *en,
                        kh_error *err)
{
    if (kh_app_may_years(std, who)) return KH_OK;
    const char *roles = kh_standard_get(std, "web.year_roles");
    kh_error_set(err, KH_ERR_DENIED, "forbidden", zh, en,
                 roles ? roles : "系统管理员");
    return kh_app_refuse(s, who, action, object, err);
}

int kh_app_year_list(kh_store *s, const struct kh_standard *std,
                     const kh_actor *who, kh_year_fn fn, void *ctx,
                     kh_error *err)
{
    /* the console's operator reads as a 系统管理员 (as the other reads) */
    kh_actor op;
    if (kh_actor_is_operator(who)) who = kh_actor_operator(&op, std, who);
    int rc = year_manager(s, std, who, "year.list", "years",
                          "只有 %s 可以管理年度数据",
                          "only %s may manage the years' data", err);
    return rc ? rc : kh_store_year_each(s, fn, ctx, err);
}

int kh_app_year_delete(kh_store *s, const struct kh_standard *std,
                       const kh_actor *who, int year, int force,
                       kh_year_info *info, kh_error *err)
{
    char object[32];
    snprintf(object, sizeof object, "year:%d", year);
    memset(info, 0, sizeof *info);
    info->year = year;
    if (year_manager(s, std, who, "year.delete", object,
                     "只有 %s 可以删除年度数据",
                     "only %s may delete a year's data", err))
        return err->status;
    int rc = kh_store_begin(s, err);
    if (rc) return rc;
    rc = kh_store_year_info(s, year, info, err);
    if (!rc && !info->has_snapshot)
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                          "数据库中没有 %d 年度的建档立卡数据",
                          "the database holds no registry for %d", year);
    if (!rc && kh_year_referred(info) && !force)
        rc = kh_error_set(
            err, KH_ERR_INVALID, "year_referred",
            "%d 年度仍被引用(问题 %lld 个、考核 %lld 次、抽样 %lld 个、花名册 "
            "%lld 户),未删除;确需删除请选择强制删除(命令行加 --force),"
            "这些记录保留",
            "%d is still referred to (%lld problems, %lld assessment runs, "
            "%lld samples, %lld roster households): not deleted; to delete "
            "it anyway, force it (--force on the command line); they are "
            "kept",
            year, info->problems, info->assess_runs, info->samples,
            info->roster);
    long long hh = 0;
    if (!rc) rc = kh_store_year_delete(s, year, &hh, err);
    if (!rc) {
        char note[300];
        snprintf(note, sizeof note, "%s%s", info->source,
                 force && kh_year_referred(info) ? " (--force)" : "");
        rc = kh_app_audit(s, who, "year.delete", object, "ok", hh, NULL, NULL,
                          note, err);
    }
    if (!rc) rc = kh_store_commit(s, err);
    if (rc) {
        kh_store_rollback(s);
        if (rc == KH_ERR_NOTFOUND || rc == KH_ERR_INVALID)
            return kh_app_refuse(s, who, "year.delete", object, err);
    }
    return rc;
}
