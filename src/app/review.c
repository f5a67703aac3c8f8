/* SPDX-License-Identifier: MIT */
/*
 * review.c - the exit review of a stored year as a use case
 * (app_review.h): who may (the role, the scope), the review written with
 * its audit entry in one transaction, the verdicts on the poor villages
 * and counties gathered for the front end to render.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_review.h"
#include "kaohe/buf.h"
#include "kaohe/registry.h"
#include "kaohe/review.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "app/sample_int.h"

void kh_app_review_free(kh_app_review *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nareas; i++) {
        free(r->areas[i].name);
        free(r->areas[i].zh);
        free(r->areas[i].en);
    }
    free(r->areas);
    r->areas = NULL;
    r->nareas = r->cap = 0;
}

static int on_area(void *ctx, const kh_area *a, kh_error *err)
{
    kh_app_review *r = ctx;
    if (r->nareas == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        kh_app_review_area *p = realloc(r->areas, cap * sizeof *p);
        if (!p) return kh_error_nomem(err);
        r->areas = p;
        r->cap = cap;
    }
    kh_app_review_area *o = &r->areas[r->nareas];
    memset(o, 0, sizeof *o);
    memcpy(o->code, a->region->code, sizeof o->code);
    o->name = strdup(a->region->name ? a->region->name : "");
    o->zh = strdup(a->zh);
    o->en = strdup(a->en);
    r->nareas++;
    if (!o->name || !o->zh || !o->en) return kh_error_nomem(err);
    o->western = a->western;
    o->verdict = a->verdict;
    o->pending = a->pending;
    o->surveyed = a->surveyed;
    o->households = a->households;
    o->persons = a->persons;
    o->poor = a->poor_persons;
    o->ready = a->ready_persons;
    o->rural = a->rural_pop;
    o->max_num = a->max_num;
    o->max_den = a->max_den;
    return KH_OK;
}

/* The audit entry, inside the review's transaction. */
typedef struct audit_ctx {
    const kh_actor *who;
    const char *object, *std_name;
} audit_ctx;

static int audit_ok(void *vctx, kh_store *s, const kh_review_totals *t,
                    kh_error *err)
{
    audit_ctx *c = vctx;
    kh_buf b = KH_BUF_INIT;
    int rc = kh_buf_printf(&b,
                           "{\"households\":%lld,\"persons\":%lld,"
                           "\"skipped\":%lld,\"exit_ready\":%lld,"
                           "\"standards\":",
                           t->households, t->persons, t->skipped,
                           t->exit_ready);
    if (!rc) rc = kh_buf_json_str(&b, c->std_name, strlen(c->std_name));
    if (!rc) rc = kh_buf_adds(&b, "}");
    if (rc) {
        kh_buf_free(&b);
        return kh_error_nomem(err);
    }
    rc = kh_app_audit(s, c->who, "review.run", c->object, "ok",
                      t->households, NULL, b.data, NULL, err);
    kh_buf_free(&b);
    return rc;
}

int kh_app_review_run(kh_store *s, const kh_standard *std,
                      const char *std_name, const kh_actor *who, int year,
                      const int today[3], int threads, kh_app_review *out,
                      kh_error *err)
{
    memset(out, 0, sizeof *out);
    /* the console's operator may always run the review (actor.c) */
    kh_actor op;
    if (kh_actor_is_operator(who)) who = kh_actor_operator(&op, std, who);
    char object[32];
    snprintf(object, sizeof object, "review/%d", year);
    if (!kh_store_year_exists(s, year))
        return kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                            "数据库中没有 %d 年的建档立卡数据",
                            "no registry snapshot for %d in the database",
                            year);
    if (!kh_standard_in_list(std, "web.review_roles", who->acc.role,
                             strlen(who->acc.role))) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你的角色(%s)不能运行退出核查",
                     "your role (%s) may not run the exit review",
                     who->acc.role[0] ? who->acc.role : "-");
        return kh_app_refuse(s, who, "review.run", object, err);
    }
    if (!who->acc.all) {
        long long outside = 1;
        int rc = who->acc.none ? KH_OK
                               : kh_store_year_outside(s, year, who->acc.lo,
                                                       who->acc.hi, &outside,
                                                       err);
        if (rc) return rc;
        if (outside) {
            kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                         "%d 年的数据有你的区划以外的户,不能由你核查",
                         "the year %d holds households outside your region: "
                         "you may not review it", year);
            return kh_app_refuse(s, who, "review.run", object, err);
        }
    }
    kh_reviewer *rv = NULL;
    kh_regionset *rs = NULL;
    int rc = kh_reviewer_new(std, year, today, &rv, err);
    if (!rc) rc = kh_regionset_new(&rs, err);
    if (!rc) rc = kh_store_regions_load(s, rs, err);
    audit_ctx ac = {who, object, std_name};
    if (!rc)
        rc = kh_store_review_run_then(s, year, std, std_name, today, threads,
                                      rv, &out->tot, audit_ok, &ac, err);
    /* the county verdicts: on the 第三方评估's estimates when a survey of
     * the year was imported */
    kh_sample_review *sv = NULL;
    if (!rc) rc = kh_sample_review_open(s, std, year, &sv, err);
    if (!rc && sv) kh_reviewer_survey(rv, kh_sample_review_county, sv);
    if (!rc) rc = kh_review_areas(rv, rs, on_area, out, err);
    kh_sample_review_free(sv);
    kh_regionset_free(rs);
    kh_reviewer_free(rv);
    return rc;
}
