/* SPDX-License-Identifier: MIT */
/*
 * web_data.c - reading the registry through the API: regions, years,
 * households (search and 一户一档), indicators, and the audit log. Who
 * may read the households and the log, in which scope, masked or whole
 * (unmask=1 from a role that may), and the audit of the read and of a
 * refusal are the use cases' (app_reads.h: kh_app_households_search,
 * kh_app_household_read, kh_app_audit_read), shared with the command
 * line; this file parses the request and renders the rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/card.h"
#include "kaohe/card_store.h"
#include "kaohe/ind_json.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/mask.h"
#include "kaohe/registry.h"
#include "kaohe/app_indicators.h"
#include "kaohe/app_reads.h"
#include "kaohe/review.h"
#include "kaohe/review_edit.h"
#include "kaohe/standard.h"
#include "web/web_int.h"

/* Write one audit entry in its own transaction. */
static int audit_now(web_req *r, kh_store *s, const char *action,
                     const char *object, const char *outcome,
                     long long records, kh_error *err)
{
    int rc = web_begin(r, s, err);
    if (rc) return rc;
    rc = web_audit(r, s, action, object, outcome, records, NULL, NULL, err);
    rc = web_end(r, s, rc, err);
    return rc;
}

/* A refusal: audited, then 403. */
static enum MHD_Result refuse(web_req *r, kh_store *s, const char *action,
                              const char *object, const kh_error *why)
{
    kh_error err;
    kh_error_clear(&err);
    if (audit_now(r, s, action, object, "denied", -1, &err))
        return web_fail(r, &err);
    return web_fail(r, why);
}

static int wants_unmask(web_req *r)
{
    const char *v = web_arg(r, "unmask");
    return v && !strcmp(v, "1");
}

/* Whether what who asked whole (asked: unmask=1) is shown whole: the one
 * rule, kh_app_unmask (a role that may not was refused, and audited, by
 * the use case before this is asked). */
static int whole_for(const kh_actor *who, int asked)
{
    int masked;
    kh_error e;
    kh_error_clear(&e);
    return !kh_app_unmask(who, asked, &masked, &e) && !masked;
}

/* v masked as the 明白卡 masks an ID number unless whole (whole_for). */
static json_t *masked_id(const char *v, int unmask)
{
    if (!v) return json_null();
    if (unmask) return json_string(v);
    char out[64];
    kh_card_mask_id(v, out, sizeof out);
    return json_string(out);
}

static int latest_year(kh_store *s)
{
    int years[64];
    int n = kh_store_years(s, years, 64);
    return n > 0 ? years[n - 1] : 0;
}

static int year_arg(web_req *r, kh_store *s)
{
    long long y = web_arg_int(r, "year", 0, 1900, 2100);
    if (y == 0) return latest_year(s);
    return (int)y;
}

static enum MHD_Result bad_arg(web_req *r, const char *name)
{
    char zh[120], en[120];
    snprintf(zh, sizeof zh, "参数 %s 的值无效", name);
    snprintf(en, sizeof en, "bad value of the parameter %s", name);
    return web_error(r, 400, "bad_arg", zh, en);
}

/* ---- regions and years ---- */

static int region_row(void *ctx, const char *code, const char *name,
                      const char *parent, int level, kh_error *err)
{
    json_array_append_new(
        ctx, json_pack("{s:s,s:s,s:s?,s:s}", "code", code, "name",
                       name ? name : "", "parent",
                       parent && *parent ? parent : NULL, "level",
                       kh_level_name(level) ? kh_level_name(level) : ""));
    return KH_OK;
}

enum MHD_Result web_regions(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    /* who may see which regions: the use case (a refusal of a parent
     * audited there) */
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    json_t *list = json_array();
    const char *parent = web_arg(r, "parent");
    pthread_mutex_lock(&r->srv->write_lock); /* a refusal is written */
    int rc = kh_app_regions_under(s, &who, parent, region_row, list, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc) {
        json_decref(list);
        if (rc == KH_ERR_DENIED && strcmp(err.code, "role_denied"))
            r->audited = 1;
        return web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:o}", "regions", list));
}

enum MHD_Result web_years(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    int years[64];
    int n = kh_store_years(s, years, 64);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(list, json_integer(years[i]));
    return web_json(r, 200, json_pack("{s:o}", "years", list));
}

/* ---- households ---- */

typedef struct list_ctx {
    json_t *list;
    int unmask;
} list_ctx;

static int hh_row(void *ctx, const kh_hh_brief *h, kh_error *err)
{
    list_ctx *c = ctx;
    json_t *o = json_pack(
        "{s:s,s:s,s:s?,s:s?,s:o,s:s?,s:o,s:I}", "hh_id", h->hh_id,
        "village", h->village, "village_name", h->village_name, "head",
        h->head, "head_id", h->head_id ? json_string(h->head_id) : json_null(),
        "status", h->status, "phone",
        h->phone ? json_string(h->phone) : json_null(), "members",
        (json_int_t)h->members);
    if (o && h->has_income)
        json_object_set_new(o, "income_pc_fen", json_integer(h->income_pc));
    json_array_append_new(c->list, o);
    return KH_OK;
}

/* The columns of the list's CSV/XLSX (GET /api/households?format=). */
static const web_col hh_cols_out[] = {
    {"hh_id", "户编号", 's'},       {"village", "村代码", 's'},
    {"village_name", "村", 's'},    {"head", "户主", 's'},
    {"head_id", "证件号码", 's'},   {"status", "脱贫状态", 's'},
    {"members", "人数", 'n'},       {"income_pc_fen", "人均纯收入(元)", 'm'},
    {"phone", "联系电话", 's'},
};
#define HH_NCOLS (sizeof hh_cols_out / sizeof hh_cols_out[0])

/* kh_app_households_may under the write lock (a refusal is written
 * there); a refusal the use case audited is not audited again. */
static int hh_may(web_req *r, kh_store *s, const kh_actor *who,
                  const char *q, int unmask, kh_error *err)
{
    pthread_mutex_lock(&r->srv->write_lock);
    int rc = kh_app_households_may(s, r->srv->std, who, q, unmask, err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc == KH_ERR_DENIED && strcmp(err->code, "role_denied"))
        r->audited = 1;
    return rc;
}

static int hh_search(web_req *r, kh_store *s, const kh_actor *who,
                     const kh_hh_query *q, int unmask, int audit,
                     list_ctx *c, long long *total, kh_error *err)
{
    pthread_mutex_lock(&r->srv->write_lock);
    int rc = kh_app_households_search(s, r->srv->std, who, q, unmask, audit,
                                      hh_row, c, total, err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc == KH_ERR_DENIED && strcmp(err->code, "role_denied"))
        r->audited = 1;
    return rc;
}

/*
 * GET /api/households: one page of the year's households within the
 * access, paged in SQL (kh_store_hh_search). q (name, 户编号 or a whole
 * ID number), region, status (脱贫状态), exited, finding; sort (village,
 * income_pc) and order; format=csv|xlsx the filtered list as a
 * file (web_export_list).
 */
enum MHD_Result web_households(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    /* Who may search, masked or whole, and the audit: the use case. */
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    if (hh_may(r, s, &who, NULL, 0, &err)) return web_fail(r, &err);
    int year = year_arg(r, s);
    long long page = web_arg_int(r, "page", 1, 1, 1000000);
    long long per = web_arg_int(r, "per_page", 50, 1, 200);
    if (year < 0) return bad_arg(r, "year");
    if (page < 0) return bad_arg(r, "page");
    if (per < 0) return bad_arg(r, "per_page");
    const char *q = web_arg(r, "q");
    if (q && strlen(q) > 100) return bad_arg(r, "q");
    int unmask = wants_unmask(r);
    if (hh_may(r, s, &who, q, unmask, &err)) return web_fail(r, &err);
    unmask = whole_for(&who, unmask);
    kh_hh_query hq = {year, web_arg(r, "region"), q, (page - 1) * per, per,
                      0, 0, NULL, 0, 0};
    long long exited = web_arg_int(r, "exited", 0, 1900, 2100);
    if (exited < 0) return bad_arg(r, "exited");
    hq.exited = (int)exited;
    const char *finding = web_arg(r, "finding");
    if (finding) {
        for (int k = 0; k < KH_RV_COUNT && !hq.finding; k++)
            if (!strcmp(finding, kh_review_codes[k])) hq.finding = k + 1;
        if (!hq.finding) return bad_arg(r, "finding");
    }
    const char *st = web_arg(r, "status");
    hq.status = st && *st ? st : NULL;
    const char *sort = web_arg(r, "sort"), *order = web_arg(r, "order");
    hq.sort = sort && *sort ? kh_hh_sort_parse(sort) : KH_HSORT_VILLAGE;
    if (hq.sort < 0) return bad_arg(r, "sort");
    if (order && strcmp(order, "asc") && strcmp(order, "desc"))
        return bad_arg(r, "order");
    hq.desc = order && !strcmp(order, "desc");
    int fmt = web_export_format(r);
    if (fmt < 0) return bad_arg(r, "format");
    list_ctx c = {json_array(), unmask};
    long long total = 0;
    if (fmt) { /* every household that matches: counted first */
        hq.offset = 0;
        hq.limit = 0;
        if (!hh_search(r, s, &who, &hq, unmask, 0, &c, &total, &err) &&
            total > WEB_EXPORT_MAX)
            return web_export_list(r, s, "农户名单", c.list, hh_cols_out,
                                   HH_NCOLS, fmt, total);
        hq.limit = WEB_EXPORT_MAX;
    }
    if (hh_search(r, s, &who, &hq, unmask, 1, &c, &total, &err)) {
        json_decref(c.list);
        return web_fail(r, &err);
    }
    r->unmasked = unmask;
    if (fmt)
        return web_export_list(r, s, "农户名单", c.list, hh_cols_out,
                               HH_NCOLS, fmt, total);
    json_t *reply = json_pack("{s:i,s:I,s:I,s:I,s:b,s:o,s:s,s:s}", "year",
                              year, "total", (json_int_t)total, "page",
                              (json_int_t)page, "per_page", (json_int_t)per,
                              "masked", !unmask, "households", c.list, "sort",
                              kh_hh_sort_name(hq.sort), "order",
                              hq.desc ? "desc" : "asc");
    if (reply && hq.exited)
        json_object_set_new(reply, "exited", json_integer(hq.exited));
    if (reply && hq.finding)
        json_object_set_new(
            reply, "finding",
            json_pack("{s:s,s:s}", "code", kh_review_codes[hq.finding - 1],
                      "name", kh_review_codes_zh[hq.finding - 1]));
    return web_json(r, 200, reply);
}

typedef struct hh_ctx {
    json_t *household, *members;
    int unmask;
} hh_ctx;

/* A column of the household as the use case gave it (masked there unless
 * unmasked): numbers as numbers. */
static int hh_cols(void *ctx, int member, int n, const char *const *names,
                   const char *const *values, const int *is_num,
                   kh_error *err)
{
    hh_ctx *c = ctx;
    json_t *o = json_object();
    for (int i = 0; i < n; i++) {
        json_t *v;
        if (!values[i])
            v = json_null();
        else if (is_num[i])
            v = json_integer(strtoll(values[i], NULL, 10));
        else
            v = json_string(values[i]);
        json_object_set_new(o, names[i], v ? v : json_null());
    }
    if (member == 0)
        c->household = o;
    else
        json_array_append_new(c->members, o);
    return KH_OK;
}

/* The household's stored review findings (review_edit.h), with the ID
 * numbers in their texts masked unless unmasked. */
typedef struct rv_ctx {
    json_t *list;
    int unmask, oom;
    char **ids;
    size_t nids, capids;
} rv_ctx;

static void rv_id(void *ctx, const char *id)
{
    rv_ctx *c = ctx;
    if (!id || strlen(id) < 8) return;
    if (c->nids == c->capids) {
        size_t cap = c->capids ? c->capids * 2 : 8;
        char **p = realloc(c->ids, cap * sizeof *p);
        if (!p) {
            c->oom = 1;
            return;
        }
        c->ids = p;
        c->capids = cap;
    }
    size_t n = strlen(id) + 1;
    char *d = malloc(n);
    if (!d) {
        c->oom = 1;
        return;
    }
    memcpy(d, id, n);
    c->ids[c->nids++] = d;
}

static json_t *rv_text(const rv_ctx *c, const char *t)
{
    if (c->oom) return NULL; /* an ID could not be kept: say nothing */
    return c->unmask ? json_string(t) : web_mask_ids(t, c->ids, c->nids);
}

static int rv_row(void *ctx, const kh_review_found *f, kh_error *err)
{
    (void)err;
    rv_ctx *c = ctx;
    int k = kh_review_code_parse(f->code);
    json_t *o = json_pack("{s:s,s:s}", "code", f->code, "name",
                          k >= 0 ? kh_review_codes_zh[k] : f->code);
    if (!o) return KH_OK;
    if (f->member_seq > 0) {
        json_object_set_new(o, "member", json_integer(f->member_seq));
        json_object_set_new(o, "id_no", masked_id(f->id_no, c->unmask));
    }
    json_object_set_new(o, "value", rv_text(c, f->value));
    json_object_set_new(o, "message", rv_text(c, f->zh));
    json_object_set_new(o, "message_en", rv_text(c, f->en));
    json_array_append_new(c->list, o);
    return KH_OK;
}

enum MHD_Result web_household(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    long long year = web_parse_int(seg[0], 1900, 2100);
    if (year < 0) return bad_arg(r, "year");
    const char *hh_id = seg[1];
    if (strlen(hh_id) > 64) return bad_arg(r, "hh_id");
    int unmask = wants_unmask(r);
    hh_ctx c = {NULL, json_array(), unmask};
    /* Who may read it, masked or whole, and the audit: the use case. */
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    pthread_mutex_lock(&r->srv->write_lock);
    int bad = kh_app_household_read(s, r->srv->std, &who, (int)year, hh_id,
                                    unmask, hh_cols, &c, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (bad) {
        json_decref(c.household);
        json_decref(c.members);
        if (err.status == KH_ERR_DENIED) r->audited = 1;
        return web_fail(r, &err);
    }
    unmask = whole_for(&who, unmask);
    r->unmasked = unmask;
    rv_ctx rc = {.list = json_array(), .unmask = unmask};
    int reviewed = 0;
    bad = kh_store_review_of(s, (int)year, hh_id, &reviewed, rv_id,
                                 rv_row, &rc, &err);
    for (size_t i = 0; i < rc.nids; i++) free(rc.ids[i]);
    free(rc.ids);
    if (bad) {
        json_decref(rc.list);
        json_decref(c.household);
        json_decref(c.members);
        return web_fail(r, &err);
    }
    json_t *review = reviewed ? json_pack("{s:o}", "findings", rc.list)
                              : (json_decref(rc.list), json_null());
    return web_json(r, 200,
                    json_pack("{s:i,s:b,s:o,s:o,s:o}", "year", (int)year,
                              "masked", !unmask, "household", c.household,
                              "members", c.members, "review", review));
}

/* ---- indicators ---- */

/* The indicators of year, computed once per stored state and kept; called
 * with ind_lock held. */
static kh_indicators *indicators_of(web_req *r, kh_store *s, int year,
                                    kh_error *err)
{
    web_srv *srv = r->srv;
    char stamp[96];
    if (kh_store_year_stamp(s, year, stamp, sizeof stamp, err)) return NULL;
    for (int i = 0; i < WEB_IND_CACHE; i++)
        if (srv->ind[i].ix && srv->ind[i].year == year &&
            !strcmp(srv->ind[i].stamp, stamp))
            return srv->ind[i].ix;
    kh_indicators *ix = NULL;
    if (kh_app_indicators_year(s, srv->std, year, 1, &ix, NULL, err))
        return NULL;
    int slot = -1;
    for (int i = 0; i < WEB_IND_CACHE; i++)
        if (srv->ind[i].ix && srv->ind[i].year == year) slot = i;
    if (slot < 0) {
        slot = srv->ind_next;
        srv->ind_next = (srv->ind_next + 1) % WEB_IND_CACHE;
    }
    kh_indicators_free(srv->ind[slot].ix);
    srv->ind[slot].ix = ix;
    srv->ind[slot].year = year;
    snprintf(srv->ind[slot].stamp, sizeof srv->ind[slot].stamp, "%s", stamp);
    return ix;
}

/* 1 when name is one of the comma-separated names (NULL: all). */
static int wanted(const char *names, const char *name)
{
    if (!names) return 1;
    size_t n = strlen(name);
    for (const char *p = names;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !memcmp(p, name, n)) return 1;
        if (!e) return 0;
        p = e + 1;
    }
}

enum MHD_Result web_indicators(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    /* Who may read which region: the use cases (a role without regions
     * refused before the year is read; a region outside the scope
     * refused and audited there), as for `kaohe indicators`. */
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    pthread_mutex_lock(&r->srv->write_lock);
    int may = kh_app_indicators_may(s, &who, 0, NULL, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (may) return web_fail(r, &err);
    int year = year_arg(r, s);
    if (year < 0) return bad_arg(r, "year");
    const char *region = NULL;
    pthread_mutex_lock(&r->srv->write_lock);
    may = kh_app_indicators_region(s, &who, year, web_arg(r, "region"),
                                   &region, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (may) return web_fail(r, &err);
    const char *lvs = web_arg(r, "level");
    int level = KH_LV_NONE;
    if (lvs && (level = kh_level_parse(lvs, strlen(lvs))) == KH_LV_NONE)
        return bad_arg(r, "level");
    const char *names = web_arg(r, "names");
    pthread_mutex_lock(&r->srv->ind_lock);
    kh_indicators *ix = indicators_of(r, s, year, &err);
    if (!ix) {
        pthread_mutex_unlock(&r->srv->ind_lock);
        return web_fail(r, &err);
    }
    int top = region ? kh_indicators_region_find(ix, region) : -1;
    if (region && top < 0) {
        pthread_mutex_unlock(&r->srv->ind_lock);
        kh_error_set(&err, KH_ERR_NOTFOUND, "region_missing",
                     "区划 %s 不在区划表中", "no region %s in the list",
                     region);
        return web_fail(r, &err);
    }
    kh_ind_json *ij = NULL;
    if (kh_ind_json_new(ix, names, &ij, &err)) {
        pthread_mutex_unlock(&r->srv->ind_lock);
        return web_fail(r, &err);
    }
    int top_level = top >= 0 ? kh_indicators_region(ix, (size_t)top)->level
                             : KH_LV_NONE;
    if (level == KH_LV_NONE)
        level = top_level < KH_LV_VILLAGE ? top_level + 1 : KH_LV_VILLAGE;
    /* The reply is written as text: each region exactly as the one
     * renderer writes it (ind_json.h), the same as the command line's. */
    kh_buf b = KH_BUF_INIT;
    int rc = kh_buf_printf(&b, "{\"year\": %d, \"region\": ", year);
    if (!rc)
        rc = top >= 0 ? kh_ind_json_region(ij, (size_t)top, &b)
                      : kh_buf_adds(&b, "null");
    if (!rc) rc = kh_buf_adds(&b, ", \"regions\": [");
    int first = 1;
    for (size_t i = 0; !rc && i < kh_indicators_nregions(ix); i++) {
        const kh_region *g = kh_indicators_region(ix, i);
        if (g->level != level) continue;
        if (top >= 0 && !kh_indicators_region_under(ix, i, (size_t)top))
            continue;
        if (!kh_app_indicators_shows(&who, g->code)) continue;
        if (!first) rc = kh_buf_adds(&b, ",\n  ");
        first = 0;
        if (!rc) rc = kh_ind_json_region(ij, i, &b);
    }
    kh_ind_json_free(ij);
    json_t *labels = json_object();
    for (size_t i = 0; i < kh_indicators_count(ix); i++)
        if (wanted(names, kh_indicators_name(ix, i)))
            json_object_set_new(labels, kh_indicators_name(ix, i),
                                json_string(kh_indicators_zh(ix, i)));
    pthread_mutex_unlock(&r->srv->ind_lock);
    char *lt = json_dumps(labels, JSON_COMPACT);
    json_decref(labels);
    if (!rc && lt) rc = kh_buf_printf(&b, "], \"labels\": %s}", lt);
    free(lt);
    if (rc || !lt) {
        kh_buf_free(&b);
        return web_nomem(r);
    }
    return web_json_buf(r, 200, &b);
}

/* ---- the audit log ---- */

/* kh_app_audit_may under the write lock (a refusal is written there). */
static int audit_may(web_req *r, kh_store *s, const kh_actor *who,
                     int unmask, kh_error *err)
{
    pthread_mutex_lock(&r->srv->write_lock);
    int rc = kh_app_audit_may(s, r->srv->std, who, unmask, "audit", err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc == KH_ERR_DENIED) r->audited = 1;
    return rc;
}

static int audit_row(void *ctx, const kh_audit *a, kh_error *err)
{
    json_t *o = json_pack(
        "{s:I,s:s,s:s,s:s?,s:s,s:s?,s:s,s:s?,s:s?,s:s?}", "id",
        (json_int_t)a->id, "at", a->at, "who", a->who, "addr", a->addr,
        "action", a->action, "object", a->object, "outcome", a->outcome,
        "before", a->before, "after", a->after, "note", a->note);
    if (o && a->records >= 0)
        json_object_set_new(o, "records", json_integer(a->records));
    json_array_append_new(ctx, o);
    return KH_OK;
}

/* The columns of the log's CSV/XLSX (GET /api/audit?format=). */
static const web_col audit_cols[] = {
    {"id", "序号", 'n'},       {"at", "时间", 's'},
    {"who", "用户", 's'},      {"addr", "地址", 's'},
    {"action", "操作", 's'},   {"object", "对象", 's'},
    {"outcome", "结果", 's'},  {"records", "记录数", 'n'},
    {"note", "说明", 's'},     {"before", "修改前", 's'},
    {"after", "修改后", 's'},
};

/* A filter argument: NULL when absent or empty (a select's 全部). */
static const char *arg_or_null(web_req *r, const char *name)
{
    const char *v = web_arg(r, name);
    return v && *v ? v : NULL;
}

/*
 * GET /api/audit (审计 and 系统管理员: may_audit): the log, newest first,
 * paged in SQL; who, action, outcome, since, until; format=csv|xlsx the
 * filtered log as a file. Reading it is audited (audit.read, or
 * audit.unmask with unmask=1 from a role that may).
 */
enum MHD_Result web_audit_list(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    /* Who may read, masked or whole, and the audit: the use case. */
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    if (audit_may(r, s, &who, 0, &err)) return web_fail(r, &err);
    long long page = web_arg_int(r, "page", 1, 1, 1000000);
    long long per = web_arg_int(r, "per_page", 100, 1, 1000);
    if (page < 0) return bad_arg(r, "page");
    if (per < 0) return bad_arg(r, "per_page");
    int unmask = wants_unmask(r);
    if (unmask && audit_may(r, s, &who, 1, &err)) return web_fail(r, &err);
    int fmt = web_export_format(r);
    if (fmt < 0) return bad_arg(r, "format");
    kh_audit_filter f = {arg_or_null(r, "who"), arg_or_null(r, "action"),
                         arg_or_null(r, "outcome"), arg_or_null(r, "since"),
                         arg_or_null(r, "until"), 0, per, (page - 1) * per,
                         1};
    long long total;
    if (kh_store_audit_count(s, &f, &total, &err)) return web_fail(r, &err);
    if (fmt) { /* every entry that matches, newest first */
        f.offset = 0;
        f.limit = total <= WEB_EXPORT_MAX ? total : 0;
    }
    json_t *list = json_array();
    if (fmt && total > WEB_EXPORT_MAX)
        return web_export_list(r, s, "审计日志", list, audit_cols,
                               sizeof audit_cols / sizeof audit_cols[0], fmt,
                               total);
    /* Reading the log is audited too (with unmask=1 as an unmasking). */
    pthread_mutex_lock(&r->srv->write_lock);
    int rc = kh_app_audit_read(s, r->srv->std, &who, &f, unmask, NULL, "audit",
                               audit_row, list, NULL, NULL, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc) {
        json_decref(list);
        if (err.status == KH_ERR_DENIED) r->audited = 1;
        return web_fail(r, &err);
    }
    r->audited = 1;
    r->unmasked = whole_for(&who, unmask);
    if (fmt)
        return web_export_list(r, s, "审计日志", list, audit_cols,
                               sizeof audit_cols / sizeof audit_cols[0], fmt,
                               total);
    return web_json(r, 200,
                    json_pack("{s:I,s:I,s:I,s:o}", "total", (json_int_t)total,
                              "page", (json_int_t)page, "per_page",
                              (json_int_t)per, "entries", list));
}

enum MHD_Result web_refuse(web_req *r, kh_store *s, const char *action,
                           const char *object, const kh_error *why)
{
    return refuse(r, s, action, object, why);
}

int web_audit_now(web_req *r, kh_store *s, const char *action,
                  const char *object, const char *outcome, long long records,
                  kh_error *err)
{
    return audit_now(r, s, action, object, outcome, records, err);
}
