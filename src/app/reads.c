/* SPDX-License-Identifier: MIT */
/*
 * reads.c - the use cases of reading (app_reads.h): the audit log and one
 * household, for the server and the command line alike. Who may read, in
 * which scope, masked or whole, and the audit entry of the read and of a
 * refusal are decided here once; the front ends only render the rows.
 *
 * Masking is the one policy of kaohe/mask.h: a column by its name
 * (kh_mask_kind: ID numbers, phones, birth dates), a text by what it
 * quotes (kh_mask_text: ID numbers and phones). Whole only when unmask
 * is asked by a role that may unmask (kh_access.may_unmask). The
 * console's operator (kh_actor_is_operator) reads as the 系统管理员 of
 * kh_actor_operator: every region and the audit log, masked like anyone
 * (系统管理员 is not in the standard [web] unmask_roles).
 */
#include <stdio.h>
#include <string.h>

#include "kaohe/app_reads.h"
#include "kaohe/buf.h"
#include "kaohe/mask.h"
#include "kaohe/store.h"

static const char *role_of(const kh_actor *who)
{
    return who->acc.role[0] ? who->acc.role : "-";
}

/* Whether who may read whole what unmask asks whole: the one rule of
 * kh_app_unmask (actor.c); its refusal is said and audited below as the
 * reads always have. */
static int whole_ok(const kh_actor *who, int unmask)
{
    int masked;
    kh_error e;
    kh_error_clear(&e);
    return !kh_app_unmask(who, unmask, &masked, &e);
}

/* The refusal of an unmasking (the action the server has always written:
 * household.unmask, whatever was read). */
static int unmask_refused(kh_store *s, const kh_actor *who,
                          const char *object, kh_error *err)
{
    kh_error_set(err, KH_ERR_DENIED, "unmask_denied",
                 "你的角色(%s)不能查看完整的证件号码和电话",
                 "your role (%s) may not see whole ID numbers and phones",
                 role_of(who));
    return kh_app_refuse(s, who, "household.unmask", object, err);
}

/* ---- the audit log ---- */

typedef struct audit_ctx {
    int whole;
    kh_audit_fn fn;
    void *ctx;
    long long n;
} audit_ctx;

/* t with the ID numbers and phones it quotes masked into b; *out the text
 * to show (t itself when there is nothing to mask). */
static int mask_text(kh_buf *b, const char *t, const char **out,
                     kh_error *err)
{
    *out = t;
    if (!t || !kh_mask_text_has(t, strlen(t), 0)) return KH_OK;
    if (kh_mask_text(b, t, strlen(t), 0))
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    *out = b->data ? b->data : "";
    return KH_OK;
}

static int on_audit(void *ctx, const kh_audit *a, kh_error *err)
{
    audit_ctx *c = ctx;
    c->n++;
    if (c->whole) return c->fn(c->ctx, a, err);
    kh_audit m = *a;
    kh_buf b[4] = {KH_BUF_INIT, KH_BUF_INIT, KH_BUF_INIT, KH_BUF_INIT};
    int rc = mask_text(&b[0], a->object, &m.object, err);
    if (!rc) rc = mask_text(&b[1], a->before, &m.before, err);
    if (!rc) rc = mask_text(&b[2], a->after, &m.after, err);
    if (!rc) rc = mask_text(&b[3], a->note, &m.note, err);
    if (!rc) rc = c->fn(c->ctx, &m, err);
    for (int i = 0; i < 4; i++) kh_buf_free(&b[i]);
    return rc;
}

int kh_app_audit_may(kh_store *s, const struct kh_standard *std,
                     const kh_actor *who, int unmask, const char *object,
                     kh_error *err)
{
    kh_actor op;
    int operator = kh_actor_is_operator(who);
    if (operator) who = kh_actor_operator(&op, std, who);
    if (!object) object = "audit";
    if (!who->acc.may_audit) {
        kh_error_set(err, KH_ERR_DENIED, "audit_denied",
                     "你的角色(%s)不能查看审计日志",
                     "your role (%s) may not read the audit log",
                     role_of(who));
        return kh_app_refuse(s, who, "audit.read", object, err);
    }
    if (!whole_ok(who, unmask))
        return unmask_refused(s, who, object, err);
    return KH_OK;
}

int kh_app_audit_read(kh_store *s, const struct kh_standard *std,
                      const kh_actor *who, const kh_audit_filter *f,
                      int unmask, const char *action, const char *object,
                      kh_audit_fn fn, void *ctx, int (*done)(void *ctx, kh_error *err),
                      long long *entries, kh_error *err)
{
    int rc = kh_app_audit_may(s, std, who, unmask, object, err);
    if (rc) return rc;
    kh_actor op;
    if (kh_actor_is_operator(who)) who = kh_actor_operator(&op, std, who);
    if (!object) object = "audit";
    audit_ctx c = {unmask, fn, ctx, 0};
    rc = kh_store_begin(s, err);
    if (rc) return rc;
    rc = kh_store_audit_each(s, f, on_audit, &c, err);
    char name[64];
    if (!action)
        snprintf(name, sizeof name, "%s",
                 unmask ? "audit.unmask" : "audit.read");
    else
        snprintf(name, sizeof name, "%.40s%s", action,
                 unmask ? ".unmask" : "");
    if (!rc)
        rc = kh_app_audit(s, who, name, object, "ok", c.n, NULL, NULL, NULL,
                          err);
    if (!rc && done) rc = done(ctx, err);
    if (!rc)
        rc = kh_store_commit(s, err);
    else
        kh_store_rollback(s);
    if (!rc && entries) *entries = c.n;
    return rc;
}

/* ---- one household ---- */

typedef struct hh_ctx {
    int whole;
    kh_hh_cols_fn fn;
    void *ctx;
    long long rows;
} hh_ctx;

enum { HH_MAXCOLS = 128 };

static int on_cols(void *ctx, int member, int n, const char *const *names,
                   const char *const *values, const int *is_num,
                   kh_error *err)
{
    hh_ctx *c = ctx;
    c->rows++;
    if (c->whole || n > HH_MAXCOLS)
        return c->whole ? c->fn(c->ctx, member, n, names, values, is_num, err)
                        : kh_error_set(err, KH_ERR_LIMIT, "too_many_columns",
                                       "农户的列过多", "too many columns");
    const char *v[HH_MAXCOLS];
    char masked[HH_MAXCOLS][64];
    for (int i = 0; i < n; i++) {
        int kind = kh_mask_kind(names[i]);
        v[i] = values[i];
        if (kind == KH_MASK_NONE || !values[i]) continue;
        kh_mask_value(kind, values[i], masked[i], sizeof masked[i]);
        v[i] = masked[i];
    }
    return c->fn(c->ctx, member, n, names, v, is_num, err);
}

int kh_app_household_read(kh_store *s, const struct kh_standard *std,
                          const kh_actor *who, int year, const char *hh_id,
                          int unmask, kh_hh_cols_fn fn, void *ctx,
                          kh_error *err)
{
    kh_actor op;
    if (kh_actor_is_operator(who)) who = kh_actor_operator(&op, std, who);
    char object[128];
    snprintf(object, sizeof object, "household/%d/%.64s", year, hh_id);
    if (!whole_ok(who, unmask))
        return unmask_refused(s, who, object, err);
    hh_ctx c = {unmask, fn, ctx, 0};
    int rc = kh_store_hh_get(s, &who->acc, year, hh_id, on_cols, &c, err);
    if (rc == KH_ERR_DENIED)
        return kh_app_refuse(s, who, "household.read", object, err);
    if (rc || !unmask) return rc;
    if (!(rc = kh_store_begin(s, err))) {
        rc = kh_app_audit(s, who, "household.unmask", object, "ok", c.rows,
                          NULL, NULL, NULL, err);
        if (!rc)
            rc = kh_store_commit(s, err);
        else
            kh_store_rollback(s);
    }
    return rc;
}

/* ---- the households' search ---- */

int kh_app_households_may(kh_store *s, const struct kh_standard *std,
                          const kh_actor *who, const char *q, int unmask,
                          kh_error *err)
{
    kh_actor op;
    if (kh_actor_is_operator(who)) who = kh_actor_operator(&op, std, who);
    if (!kh_app_may_households(who))
        return kh_error_set(err, KH_ERR_DENIED, "role_denied",
                            "你的角色不能查看农户",
                            "your role may not see households");
    if (!whole_ok(who, unmask))
        return unmask_refused(s, who, "households", err);
    /* A whole ID number in q confirms that a guessed number is stored:
     * only for the roles that may unmask, and audited. */
    if (q && kh_mask_is_id(q) && !whole_ok(who, 1)) {
        kh_error_set(err, KH_ERR_DENIED, "unmask_denied",
                     "你的角色(%s)不能按完整的证件号码查找",
                     "your role (%s) may not search by a whole ID number",
                     role_of(who));
        return kh_app_refuse(s, who, "household.search_id", "households",
                             err);
    }
    return KH_OK;
}

typedef struct brief_ctx {
    int whole;
    kh_hh_brief_fn fn;
    void *ctx;
    long long n;
} brief_ctx;

static int on_brief(void *ctx, const kh_hh_brief *h, kh_error *err)
{
    brief_ctx *c = ctx;
    c->n++;
    if (c->whole) return c->fn(c->ctx, h, err);
    kh_hh_brief m = *h;
    char id[64], phone[64];
    if (h->head_id) {
        kh_mask_id(h->head_id, id, sizeof id);
        m.head_id = id;
    }
    if (h->phone) {
        kh_mask_phone(h->phone, phone, sizeof phone);
        m.phone = phone;
    }
    return c->fn(c->ctx, &m, err);
}

static int audit_one(kh_store *s, const kh_actor *who, const char *action,
                     const char *object, long long records, kh_error *err)
{
    int rc = kh_store_begin(s, err);
    if (rc) return rc;
    rc = kh_app_audit(s, who, action, object, "ok", records, NULL, NULL,
                      NULL, err);
    if (!rc)
        rc = kh_store_commit(s, err);
    else
        kh_store_rollback(s);
    return rc;
}

int kh_app_households_search(kh_store *s, const struct kh_standard *std,
                             const kh_actor *who, const kh_hh_query *q,
                             int unmask, int audit, kh_hh_brief_fn fn,
                             void *ctx, long long *total, kh_error *err)
{
    int rc = kh_app_households_may(s, std, who, q->q, unmask, err);
    if (rc) return rc;
    kh_actor op;
    if (kh_actor_is_operator(who)) who = kh_actor_operator(&op, std, who);
    char object[64];
    snprintf(object, sizeof object, "households/%d/%.20s", q->year,
             q->region ? q->region : "");
    brief_ctx c = {unmask, fn, ctx, 0};
    rc = kh_store_hh_search(s, &who->acc, q, on_brief, &c, total, err);
    if (rc == KH_ERR_DENIED)
        return kh_app_refuse(s, who, "household.search", object, err);
    if (rc || !audit) return rc;
    if (q->q && kh_mask_is_id(q->q))
        rc = audit_one(s, who, "household.search_id", object, *total, err);
    if (!rc && unmask)
        rc = audit_one(s, who, "household.unmask", object, c.n, err);
    return rc;
}

/* ---- the two-year comparison (`kaohe diff`) ---- */

int kh_app_diff_open(kh_store *s, const kh_actor *who, int y1, int y2,
                     const char *asked, kh_diff **out,
                     const char **region, kh_error *err)
{
    *out = NULL;
    if (asked && !*asked) asked = NULL;
    *region = asked;
    /* the console's operator holds the file: every region, as always */
    if (!kh_actor_is_operator(who)) {
        const kh_access *a = &who->acc;
        char object[96];
        snprintf(object, sizeof object, "diff/%d/%d/%.20s", y1, y2,
                 asked ? asked : a->all ? "all" : a->region);
        if (a->none) {
            kh_error_set(err, KH_ERR_DENIED, "role_denied",
                         "你的角色(%s)不能查看动态调整",
                         "your role (%s) may not see the changes between "
                         "years",
                         role_of(who));
            return kh_app_refuse(s, who, "diff.read", object, err);
        }
        if (asked && !kh_access_region(a, asked)) {
            kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                         "区划 %s 不在你的区划范围内",
                         "the region %s is outside your region", asked);
            return kh_app_refuse(s, who, "diff.read", object, err);
        }
        if (!asked && !a->all) *region = a->region;
    }
    return kh_diff_open(s, y1, y2, *region, out, err);
}

/* ---- the region tree (GET /api/regions) ---- */

int kh_app_regions_under(kh_store *s, const kh_actor *who,
                         const char *parent, kh_region_row_fn fn, void *ctx,
                         kh_error *err)
{
    if (who->acc.none)
        return kh_error_msg(err, KH_ERR_DENIED, "role_denied",
                            "你的角色不能查看区划",
                            "your role may not see the regions");
    int rc = kh_store_regions_under(s, &who->acc, parent, fn, ctx, err);
    if (rc != KH_ERR_DENIED) return rc;
    char object[64];
    snprintf(object, sizeof object, "region/%.20s", parent ? parent : "");
    return kh_app_refuse(s, who, "region.read", object, err);
}
