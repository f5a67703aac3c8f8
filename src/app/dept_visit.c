/* SPDX-License-Identifier: MIT */
/*
 * dept_visit.c - the stored 部门数据比对 (app_dept.h, docs/dept.md): its
 * findings and 数据闭合率 per region read back within the actor's scope,
 * the 入户核实 list of a village (the 六不评 exclusion findings, never
 * acted on by themselves), and the visit's result entered back: 核实属实
 * proposes the household for 清退 in the next year's comparison, 不属实
 * closes the finding with its reason. Each decides once whether the actor
 * may, and audits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app.h"
#include "kaohe/app_dept.h"
#include "kaohe/date.h"
#include "kaohe/dept_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

#define EXCL_PREFIX "dept_excl_"
#define R_TRUE "核实属实"
#define R_FALSE "不属实"

/* lo..hi of region within who's scope, or a refusal (audited). */
static int scope(kh_store *s, const kh_actor *who, const char *action,
                 const char *object, const char *region, char lo[13],
                 char hi[13], kh_error *err)
{
    if (region) {
        size_t n = strlen(region), i = 0;
        while (i < n && region[i] >= '0' && region[i] <= '9') i++;
        if (n != 12 || i != n)
            return kh_error_set(err, KH_ERR_USAGE, "region_code",
                                "区划代码应为 12 位数字:%s",
                                "a region code is 12 digits: %s", region);
    }
    if (who->acc.none || (!who->acc.all && !who->acc.region[0]) ||
        (region && !kh_access_region(&who->acc, region))) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你(%s)不能查看区划 %s 的部门数据比对",
                     "you (%s) may not see the department comparison of %s",
                     who->acc.user[0] ? who->acc.user : "?",
                     region ? region : "-");
        return kh_app_refuse(s, who, action, object, err);
    }
    if (region) {
        kh_dept_subtree(region, lo, hi);
    } else {
        snprintf(lo, 13, "%s", who->acc.all ? "000000000000" : who->acc.lo);
        snprintf(hi, 13, "%s", who->acc.all ? "999999999999" : who->acc.hi);
    }
    return KH_OK;
}

typedef struct lists_ctx {
    long lo, hi;
    int n;
} lists_ctx;

static int on_list(void *vctx, const kh_dept_list *l, kh_error *err)
{
    (void)err;
    lists_ctx *c = vctx;
    int y, m, d;
    if (strlen(l->as_of) == 10 && !kh_date_parse(l->as_of, 10, &y, &m, &d)) {
        long v = kh_date_days(y, m, d);
        if (v >= c->lo && v <= c->hi) c->n++;
    }
    return KH_OK;
}

int kh_app_dept_lists_for(kh_store *s, int year, int *n, kh_error *err)
{
    lists_ctx c = {kh_date_days(year, 1, 1), kh_date_days(year + 1, 6, 30), 0};
    int rc = kh_store_dept_lists(s, on_list, &c, err);
    *n = c.n;
    return rc;
}

int kh_app_dept_findings(kh_store *s, const kh_actor *who, int year,
                         const char *region, const char *code,
                         kh_dept_fact_fn fn, void *ctx, kh_error *err)
{
    char lo[13], hi[13], object[64];
    snprintf(object, sizeof object, "dept_findings:%d:%s", year,
             region ? region : "");
    int rc = scope(s, who, "dept.findings", object, region, lo, hi, err);
    if (rc) return rc;
    return kh_store_dept_facts(s, year, lo, hi, code, fn, ctx, err);
}

int kh_app_dept_closure(kh_store *s, const kh_actor *who, int year,
                        const char *region, kh_dept_count_fn fn, void *ctx,
                        int *ran, kh_error *err)
{
    char lo[13], hi[13], object[64];
    *ran = 0;
    snprintf(object, sizeof object, "dept_closure:%d:%s", year,
             region ? region : "");
    int rc = scope(s, who, "dept.closure", object, region, lo, hi, err);
    if (!rc) rc = kh_store_dept_compared(s, year, lo, hi, ran, err);
    if (!rc && *ran) rc = kh_store_dept_counts(s, year, lo, hi, fn, ctx, err);
    return rc;
}

typedef struct visit_ctx {
    kh_dept_visit_row *v;
    size_t n, cap;
} visit_ctx;

static int take_visit(void *vctx, const kh_dept_fact *f, kh_error *err)
{
    visit_ctx *c = vctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        kh_dept_visit_row *n = realloc(c->v, cap * sizeof *n);
        if (!n) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        c->v = n;
        c->cap = cap;
    }
    kh_dept_visit_row_fill(&c->v[c->n++], f->id, f->code, f->hh_id, f->id_no,
                           f->name, f->dept, f->dept_value, f->visit,
                           f->reason);
    return KH_OK;
}

int kh_app_dept_visit_list(kh_store *s, const kh_actor *who, int year,
                           const char *village, kh_dept_visit_row **rows,
                           size_t *n, kh_error *err)
{
    *rows = NULL;
    *n = 0;
    char lo[13], hi[13], object[64];
    snprintf(object, sizeof object, "dept_visit_list:%d:%s", year,
             village ? village : "");
    if (!village)
        return kh_error_set(err, KH_ERR_USAGE, "village_required",
                            "需要 --village 村级区划代码",
                            "--village CODE (a village) is required");
    int rc = scope(s, who, "dept.visit_list", object, village, lo, hi, err);
    if (rc) return rc;
    rc = kh_store_begin(s, err);
    if (rc) return rc;
    visit_ctx c = {NULL, 0, 0};
    rc = kh_store_dept_facts(s, year, lo, hi, EXCL_PREFIX, take_visit, &c, err);
    if (!rc)
        rc = kh_app_audit(s, who, "dept.visit_list", object, "ok", -1, NULL,
                          NULL, NULL, err);
    if (!rc) rc = kh_store_commit(s, err);
    else kh_store_rollback(s);
    if (rc) {
        free(c.v);
        return rc;
    }
    *rows = c.v;
    *n = c.n;
    return KH_OK;
}

/* The finding as read, copied (its strings live only during the call). */
typedef struct got {
    int year;
    char code[64], village[13], hh_id[64], id_no[19], visit[32];
    char reason[512];
} got;

static int on_got(void *vctx, const kh_dept_fact *f, kh_error *err)
{
    (void)err;
    got *g = vctx;
    g->year = f->year;
    snprintf(g->code, sizeof g->code, "%s", f->code);
    snprintf(g->village, sizeof g->village, "%s", f->village);
    snprintf(g->hh_id, sizeof g->hh_id, "%s", f->hh_id);
    snprintf(g->id_no, sizeof g->id_no, "%s", f->id_no);
    snprintf(g->visit, sizeof g->visit, "%s", f->visit);
    snprintf(g->reason, sizeof g->reason, "%s", f->reason);
    return KH_OK;
}

int kh_app_dept_visit_record(kh_store *s, const kh_standard *std,
                             const kh_actor *who, long long finding,
                             const char *result, const char *reason,
                             kh_error *err)
{
    char object[64];
    snprintf(object, sizeof object, "dept_finding:%lld", finding);
    if (!result || (strcmp(result, R_TRUE) && strcmp(result, R_FALSE)))
        return kh_error_set(err, KH_ERR_USAGE, "visit_result",
                            "核实结果应为“核实属实”或“不属实”",
                            "the visit's result is 核实属实 or 不属实");
    if (!reason) reason = "";
    if (!strcmp(result, R_FALSE) && !reason[0])
        return kh_error_set(err, KH_ERR_USAGE, "visit_reason",
                            "核实不属实时须写明理由(--reason)",
                            "不属实 needs the reason (--reason)");
    if (strlen(reason) >= 500)
        return kh_error_set(err, KH_ERR_USAGE, "visit_reason",
                            "理由过长(至多 500 字节)",
                            "the reason is too long (500 bytes at most)");
    got g;
    memset(&g, 0, sizeof g);
    int found = 0;
    int rc = kh_store_dept_fact(s, finding, on_got, &g, &found, err);
    if (rc) return rc;
    if (!found)
        return kh_error_set(err, KH_ERR_NOTFOUND, "finding_missing",
                            "没有编号为 %lld 的比对问题(kaohe dept findings 列出)",
                            "no comparison finding %lld (kaohe dept findings lists them)",
                            finding);
    const char *role = who->acc.role;
    if (who->acc.none ||
        !kh_standard_in_list(std, "dept.visit_roles", role, strlen(role)) ||
        !kh_access_region(&who->acc, g.village)) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你(%s)不能录入区划 %s 的入户核实结果",
                     "you (%s) may not enter visit results of %s",
                     who->acc.user[0] ? who->acc.user : "?", g.village);
        return kh_app_refuse(s, who, "dept.visit", object, err);
    }
    if (strncmp(g.code, EXCL_PREFIX, strlen(EXCL_PREFIX)))
        return kh_error_set(err, KH_ERR_INVALID, "visit_not_exclusion",
                            "问题 %lld(%s)不是六不评排除项,无需入户核实",
                            "finding %lld (%s) is not an exclusion: no visit",
                            finding, g.code);
    char before[600], after[600];
    snprintf(before, sizeof before, "%s%s%s", g.visit, g.visit[0] ? " " : "",
             g.reason);
    snprintf(after, sizeof after, "%s%s%s", result, reason[0] ? " " : "",
             reason);
    rc = kh_store_begin(s, err);
    if (rc) return rc;
    rc = kh_store_dept_visit_set(s, g.year, g.code, g.id_no, g.hh_id, result,
                                 reason, who->now, who->acc.user, err);
    if (!rc)
        rc = kh_app_audit(s, who, "dept.visit", object, "ok", 1,
                          before[0] ? before : NULL, after, g.hh_id, err);
    if (!rc) rc = kh_store_commit(s, err);
    else kh_store_rollback(s);
    return rc;
}

typedef struct seen_ctx {
    const kh_actor *who;
    kh_dept_list_fn fn;
    void *ctx;
} seen_ctx;

static int on_seen(void *vctx, const kh_dept_list *l, kh_error *err)
{
    seen_ctx *c = vctx;
    const kh_access *a = &c->who->acc;
    char lo[13], hi[13];
    kh_dept_subtree(l->region, lo, hi);
    int in = a->all || kh_access_region(a, l->region) ||
             (strcmp(a->lo, lo) >= 0 && strcmp(a->hi, hi) <= 0);
    return in ? c->fn(c->ctx, l, err) : KH_OK;
}

int kh_app_dept_lists(kh_store *s, const kh_actor *who, kh_dept_list_fn fn,
                      void *ctx, kh_error *err)
{
    char lo[13], hi[13];
    int rc = scope(s, who, "dept.lists", "dept_lists", NULL, lo, hi, err);
    if (rc) return rc;
    seen_ctx c = {who, fn, ctx};
    return kh_store_dept_lists(s, on_seen, &c, err);
}

int kh_app_dept_household(kh_store *s, const kh_actor *who, int year,
                          const char *hh_id, kh_dept_record_fn fn, void *ctx,
                          kh_error *err)
{
    char lo[13], hi[13], object[128], village[13];
    snprintf(object, sizeof object, "dept_household:%d:%s", year, hh_id);
    int rc = scope(s, who, "dept.household", object, NULL, lo, hi, err);
    if (rc) return rc;
    /* the village first: a household outside the scope is refused before
     * any record is read */
    int found = 0;
    rc = kh_store_dept_household(s, year, hh_id, village, &found, NULL, NULL, err);
    if (rc) return rc;
    if (found && !kh_access_region(&who->acc, village)) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你(%s)不能查看户 %s", "you (%s) may not see household %s",
                     who->acc.user[0] ? who->acc.user : "?", hh_id);
        return kh_app_refuse(s, who, "dept.household", object, err);
    }
    if (!found)
        return kh_error_set(err, KH_ERR_NOTFOUND, "household_missing",
                            "%d 年没有户 %s", "%d has no household %s", year,
                            hh_id);
    return kh_store_dept_household(s, year, hh_id, village, &found, fn, ctx, err);
}
