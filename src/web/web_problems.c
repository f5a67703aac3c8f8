/* SPDX-License-Identifier: MIT */
/*
 * web_problems.c - 反馈与整改 through the API: the problems within the
 * user's access (a region's subtree, or a 牵头部门 / 责任单位's own), one
 * problem with its history and evidence, and the actions (plan, progress,
 * evidence upload, 申请销号, 销号 by a second person, send back, reopen)
 * through the same store functions as `kaohe rectify`. Each action runs
 * in one transaction with its audit entry (before and after); a refused
 * action changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_documents.h"
#include "kaohe/app_problem.h"
#include "kaohe/date.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/encoding.h"
#include "web/web_int.h"

/* One recheck of a problem as kh_problem_recheck_json renders it. */
static json_t *recheck_json(const kh_problem_recheck *k)
{
    char *t = kh_problem_recheck_json(k);
    json_t *o = t ? json_loads(t, 0, NULL) : NULL;
    free(t);
    return o;
}

/* A problem as kh_problem_json renders it (the one rendering). */
static json_t *problem_json(const kh_problem *p, const char *today)
{
    char *s = kh_problem_json(p, today);
    json_t *o = s ? json_loads(s, 0, NULL) : NULL;
    free(s);
    return o;
}

static int date_ok(const char *s);

typedef struct list_ctx {
    json_t *list;
    char today[11];
    int status; /* shown status wanted, -1 any */
    kh_rect_stats by; /* ?by=unit|dept: the statistics too */
    long long total;          /* the problems that match */
    long long offset, limit;  /* the page listed (limit -1: all) */
} list_ctx;

/* One of the user's problems (the use case chose them). */
static int list_one(void *ctx, const kh_problem *p, kh_error *err)
{
    list_ctx *c = ctx;
    if (c->status >= 0 &&
        kh_problem_shown(p, c->today) != c->status)
        return KH_OK;
    long long i = c->total++;
    if (c->limit < 0 || (i >= c->offset && i < c->offset + c->limit))
        json_array_append_new(c->list, problem_json(p, c->today));
    return c->by.by ? kh_rect_stats_add(&c->by, p, c->today, err) : KH_OK;
}

/* Per 责任单位 or 牵头部门: count, done, overdue, days to 销号 (sum, n). */
static json_t *stats_json(const kh_rect_stats *st)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < st->n; i++) {
        const kh_rect_stat *x = &st->v[i];
        json_array_append_new(
            rows, json_pack("{s:s,s:I,s:I,s:I,s:{s:I,s:I}}", "name", x->name,
                            "count", (json_int_t)x->count, "done",
                            (json_int_t)x->done, "overdue",
                            (json_int_t)x->overdue, "days_to_close", "sum",
                            (json_int_t)x->days, "n", (json_int_t)x->timed));
    }
    return json_pack("{s:s,s:o}", "by",
                     st->by == KH_RECT_BY_UNIT ? "unit" : "dept", "rows", rows);
}

/* The acting user of r (the use cases decide what it may). */
static void actor_of(web_req *r, kh_actor *who)
{
    kh_actor_from_user(who, r->srv->std, &r->user, r->addr, r->now);
}

/* A use case's answer: a refusal it audited is not audited again. */
static enum MHD_Result app_fail(web_req *r, const kh_error *err)
{
    if (err->status == KH_ERR_DENIED && strcmp(err->code, "role_denied"))
        r->audited = 1;
    return web_fail(r, err);
}

/* kh_app_problems_may under the write lock (a refusal is written
 * there); the page, counts and facets after it ask the same rule of the
 * same region, so refuse nothing more. */
static int problems_may(web_req *r, kh_store *s, const kh_actor *who,
                        const char *region, kh_error *err)
{
    pthread_mutex_lock(&r->srv->write_lock);
    int rc = kh_app_problems_may(s, who, region, err);
    pthread_mutex_unlock(&r->srv->write_lock);
    return rc;
}

/* ?by=unit|dept: the statistics need every problem of the scope, read
 * one by one (kh_store_problems_each); the list beside them is paged. */
static enum MHD_Result problems_by(web_req *r, kh_store *s)
{
    kh_error err;
    kh_error_clear(&err);
    list_ctx c = {json_array(), "", -1, {0}, 0, 0, -1};
    web_today(r, c.today);
    const char *by = web_arg(r, "by");
    if (by) {
        c.by.by = !strcmp(by, "unit") ? KH_RECT_BY_UNIT
                  : !strcmp(by, "dept") ? KH_RECT_BY_DEPT
                                        : 0;
        if (!c.by.by) {
            json_decref(c.list);
            return web_error(r, 400, "bad_arg", "参数 by 应为 unit 或 dept",
                             "the parameter by must be unit or dept");
        }
    }
    const char *st = web_arg(r, "status");
    if (st && (c.status = kh_rect_status_parse(st)) < 0) {
        json_decref(c.list);
        return web_error(r, 400, "bad_arg", "参数 status 的值无效",
                         "bad value of the parameter status");
    }
    long long year = web_arg_int(r, "year", 0, 1900, 2100);
    if (year < 0) {
        json_decref(c.list);
        return web_error(r, 400, "bad_arg", "参数 year 的值无效",
                         "bad value of the parameter year");
    }
    /* page, per_page: one page of the list (the total in the reply) */
    long long page = web_arg_int(r, "page", 1, 1, 1000000000);
    long long per = web_arg_int(r, "per_page", 0, 1, 500);
    if (page < 0 || per < 0) {
        json_decref(c.list);
        return web_error(r, 400, "bad_arg", "参数 page 或 per_page 的值无效",
                         "bad value of the parameter page or per_page");
    }
    if (per > 0) {
        c.limit = per;
        c.offset = (page - 1) * per;
    }
    kh_problem_filter f = {0};
    f.year = (int)year;
    f.category = web_arg(r, "category");
    f.source = web_arg(r, "source");
    f.dept = web_arg(r, "dept"); /* 牵头部门 or one of the 责任单位 */
    f.rebound = web_arg(r, "rebound") != NULL;
    /* region: only that region's subtree (the dashboard of a region);
     * who may list which problems: the use case, as for the page */
    f.region = web_arg(r, "region");
    if (f.region && !*f.region) f.region = NULL;
    kh_actor who;
    actor_of(r, &who);
    int rc = problems_may(r, s, &who, f.region, &err);
    if (!rc)
        rc = kh_app_problems_list(s, &who, &f, 0, list_one, &c, &err);
    if (rc) {
        json_decref(c.list);
        kh_rect_stats_free(&c.by);
        return app_fail(r, &err);
    }
    json_t *out = json_pack("{s:o,s:I}", "problems", c.list, "total",
                            (json_int_t)c.total);
    if (out && per > 0) {
        json_object_set_new(out, "page", json_integer(page));
        json_object_set_new(out, "per_page", json_integer(per));
    }
    if (c.by.by && out) json_object_set_new(out, "stats", stats_json(&c.by));
    kh_rect_stats_free(&c.by);
    return web_json(r, 200, out);
}

/* A date argument (YYYY-MM-DD) or NULL; *bad set when malformed. */
static const char *date_arg(web_req *r, const char *name, int *bad)
{
    const char *v = web_arg(r, name);
    if (v && !*v) return NULL;
    if (v && !date_ok(v)) *bad = 1;
    return v;
}

/* A facet's value in its place (the values come sorted; the 责任单位
 * after the 牵头部门 are put among them, each once). */
static int facet_row(void *ctx, const char *facet, const char *value)
{
    json_t *a = json_object_get(ctx, facet);
    size_t i = json_array_size(a);
    while (i > 0) {
        int c = strcmp(json_string_value(json_array_get(a, i - 1)), value);
        if (!c) return 0;
        if (c < 0) break;
        i--;
    }
    return json_array_insert_new(a, i, json_string(value));
}

typedef struct page_ctx {
    json_t *list;
    char today[11];
} page_ctx;

static int page_one(void *ctx, const kh_problem *p, kh_error *err)
{
    page_ctx *c = ctx;
    json_t *o = problem_json(p, c->today);
    if (!o || json_array_append_new(c->list, o))
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    return KH_OK;
}

/* The columns of the list's CSV/XLSX (GET /api/problems?format=). */
static const web_col problem_cols[] = {
    {"id", "问题编号", 'n'},        {"year", "年度", 'n'},
    {"region", "区划代码", 's'},    {"region_name", "区划", 's'},
    {"source", "来源", 's'},        {"found_on", "发现日期", 'd'},
    {"category", "问题类别", 's'},  {"text", "问题", 's'},
    {"measures", "整改措施", 's'},  {"lead_dept", "牵头部门", 's'},
    {"units", "责任单位", 's'},     {"person", "责任人", 's'},
    {"deadline", "整改时限", 'd'},  {"status", "状态", 's'},
    {"progress", "最新进展", 's'},
};
#define PROBLEM_NCOLS (sizeof problem_cols / sizeof problem_cols[0])

/*
 * GET /api/problems: one page of the problems within the user's access,
 * counted, filtered, sorted and paged in SQL (kh_store_problems_page).
 * Filters: status (the status shown today, 逾期 among them), overdue=1|0,
 * year, category, source, dept, region, rebound, found_from/found_to,
 * deadline_from/deadline_to; sort (kh_problem_sort_name) and order
 * (asc|desc); page and per_page (without per_page: every problem);
 * facets=1 the values of the user's problems for the selects; counts=1
 * the problems by status shown; format=csv|xlsx the filtered list as a
 * file (audited, web_export_list).
 */
enum MHD_Result web_problems(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    /* who may list which problems, masked how: the use cases (the
     * rule of `kaohe rectify list`, app_documents.h) */
    kh_actor who;
    actor_of(r, &who);
    if (problems_may(r, s, &who, NULL, &err)) return app_fail(r, &err);
    if (web_arg(r, "by")) return problems_by(r, s);
    page_ctx c = {NULL, ""};
    web_today(r, c.today);
    kh_problem_query q;
    memset(&q, 0, sizeof q);
    q.today = c.today;
    const char *st = web_arg(r, "status");
    int shown = st && *st ? kh_rect_status_parse(st) : -1;
    if (st && *st && shown < 0)
        return web_error(r, 400, "bad_arg", "参数 status 的值无效",
                         "bad value of the parameter status");
    q.shown = shown + 1;
    const char *od = web_arg(r, "overdue");
    if (od && *od) {
        if (strcmp(od, "1") && strcmp(od, "0"))
            return web_error(r, 400, "bad_arg", "参数 overdue 应为 1 或 0",
                             "the parameter overdue must be 1 or 0");
        q.overdue = od[0] == '1' ? 1 : -1;
    }
    long long year = web_arg_int(r, "year", 0, 1900, 2100);
    if (year < 0)
        return web_error(r, 400, "bad_arg", "参数 year 的值无效",
                         "bad value of the parameter year");
    q.f.year = (int)year;
    long long page = web_arg_int(r, "page", 1, 1, 1000000000);
    long long per = web_arg_int(r, "per_page", 0, 1, 500);
    if (page < 0 || per < 0)
        return web_error(r, 400, "bad_arg", "参数 page 或 per_page 的值无效",
                         "bad value of the parameter page or per_page");
    const char *sort = web_arg(r, "sort"), *order = web_arg(r, "order");
    q.sort = sort && *sort ? kh_problem_sort_parse(sort) : KH_PSORT_REGION;
    if (q.sort < 0)
        return web_error(r, 400, "bad_arg", "参数 sort 的值无效",
                         "bad value of the parameter sort");
    if (order && strcmp(order, "asc") && strcmp(order, "desc"))
        return web_error(r, 400, "bad_arg", "参数 order 应为 asc 或 desc",
                         "the parameter order must be asc or desc");
    q.desc = order && !strcmp(order, "desc");
    int bad = 0;
    q.found_from = date_arg(r, "found_from", &bad);
    q.found_to = date_arg(r, "found_to", &bad);
    q.deadline_from = date_arg(r, "deadline_from", &bad);
    q.deadline_to = date_arg(r, "deadline_to", &bad);
    if (bad)
        return web_error(r, 400, "bad_arg", "日期参数应为 YYYY-MM-DD",
                         "date parameters must be YYYY-MM-DD");
    const char *v;
    q.f.category = (v = web_arg(r, "category")) && *v ? v : NULL;
    q.f.source = (v = web_arg(r, "source")) && *v ? v : NULL;
    q.f.dept = (v = web_arg(r, "dept")) && *v ? v : NULL;
    q.f.rebound = web_arg(r, "rebound") != NULL;
    /* region: only that region's subtree (the dashboard of a region),
     * which must lie in the user's scope */
    const char *rg = web_arg(r, "region");
    if (rg && *rg) {
        q.f.region = rg;
        if (problems_may(r, s, &who, rg, &err)) return app_fail(r, &err);
    }
    int fmt = web_export_format(r);
    if (fmt < 0)
        return web_error(r, 400, "bad_arg", "参数 format 应为 csv 或 xlsx",
                         "the parameter format must be csv or xlsx");
    c.list = json_array();
    long long total = 0;
    if (fmt) { /* every problem that matches: counted first */
        if (!kh_app_problems_page(s, &who, &q, 0, page_one, &c, &total,
                                  &err) &&
            total > WEB_EXPORT_MAX)
            return web_export_list(r, s, "问题清单", c.list, problem_cols,
                                   PROBLEM_NCOLS, fmt, total);
        q.limit = -1;
    } else if (per > 0) {
        q.limit = per;
        q.offset = (page - 1) * per;
    } else {
        q.limit = -1;
    }
    if (kh_app_problems_page(s, &who, &q, 0, page_one, &c, &total, &err)) {
        json_decref(c.list);
        return app_fail(r, &err);
    }
    if (fmt)
        return web_export_list(r, s, "问题清单", c.list, problem_cols,
                               PROBLEM_NCOLS, fmt, total);
    json_t *out = json_pack("{s:o,s:I}", "problems", c.list, "total",
                            (json_int_t)total);
    if (!out) return web_nomem(r);
    if (per > 0) {
        json_object_set_new(out, "page", json_integer(page));
        json_object_set_new(out, "per_page", json_integer(per));
    }
    json_object_set_new(out, "sort",
                        json_string(kh_problem_sort_name(q.sort)));
    json_object_set_new(out, "order", json_string(q.desc ? "desc" : "asc"));
    const char *fa = web_arg(r, "facets");
    if (fa && !strcmp(fa, "1")) {
        json_t *f = json_pack("{s:[],s:[],s:[],s:[]}", "category", "dept",
                              "source", "year");
        if (!f || kh_app_problems_facets(s, &who, facet_row, f, &err)) {
            json_decref(f);
            json_decref(out);
            return f ? web_fail(r, &err) : web_nomem(r);
        }
        json_object_set_new(out, "facets", f);
    }
    const char *cn = web_arg(r, "counts");
    if (cn && !strcmp(cn, "1")) {
        long long n[5];
        if (kh_app_problems_count(s, &who, &q, n, &err)) {
            json_decref(out);
            return web_fail(r, &err);
        }
        json_t *o = json_object();
        for (int i = 0; i < 5; i++)
            json_object_set_new(o, kh_rect_status_zh(i), json_integer(n[i]));
        json_object_set_new(out, "counts", o);
    }
    return web_json(r, 200, out);
}

/* One problem as the use case gives it, rendered with today's shown
 * status. */
typedef struct one_ctx {
    char today[11];
    json_t *json;
} one_ctx;

static int get_one(void *ctx, const kh_problem *p, kh_error *err)
{
    one_ctx *c = ctx;
    json_decref(c->json);
    if (!(c->json = problem_json(p, c->today))) return kh_error_nomem(err);
    return KH_OK;
}

static int event_row(void *ctx, const char *at, const char *who,
                     const char *action, int from, int to, const char *note,
                     const char *before, const char *after)
{
    /* An event without a status before (the problem's creation) has
     * from < 0 or beyond the stored statuses. */
    int known = from >= KH_RS_TODO && from <= KH_RS_CLOSED;
    json_array_append_new(
        ctx, json_pack("{s:s,s:s,s:s,s:s?,s:s,s:s?}", "at", at, "who", who,
                       "action", action, "from",
                       known ? kh_rect_status_zh(from) : NULL, "to",
                       kh_rect_status_zh(to), "note", note));
    return 0;
}

static int evidence_row(void *ctx, long long eid, const char *name,
                        const char *sha, long long size, const char *at,
                        const char *who, const void *data, size_t n)
{
    json_array_append_new(
        ctx, json_pack("{s:I,s:s,s:s,s:I,s:s,s:s}", "id", (json_int_t)eid,
                       "name", name, "sha256", sha, "size", (json_int_t)size,
                       "at", at, "who", who));
    return 0;
}

static int recheck_row(void *ctx, const kh_problem_recheck *k)
{
    json_array_append_new(ctx, recheck_json(k));
    return 0;
}

/* The households behind a generated problem (as stored when it was found:
 * kh_store_problem_households), the first WEB_PROBLEM_HH of them. */
#define WEB_PROBLEM_HH 50
typedef struct hh_list {
    json_t *a;
    long n;
} hh_list;

static int hh_row(void *ctx, const char *hh_id, const char *village)
{
    hh_list *h = ctx;
    if (h->n++ < WEB_PROBLEM_HH &&
        json_array_append_new(h->a, json_pack("{s:s,s:s}", "hh_id", hh_id,
                                              "village", village)))
        return -1;
    return 0;
}

static long long parse_id(const char *s)
{
    return web_parse_int(s, 1, 9223372036854775807LL);
}

/* Load problem id for r through the use case (kh_app_problem_read: who
 * may see it, the refusal audited there); replies (404/403) and returns
 * NULL when it is not there or not visible. */
static int event_row(void *ctx, const char *at, const char *who,
                     const char *action, int from, int to, const char *note,
                     const char *before, const char *after);

static json_t *visible_problem(web_req *r, kh_store *s, long long id,
                               json_t *events, enum MHD_Result *ret)
{
    kh_error err;
    kh_error_clear(&err);
    one_ctx c = {"", NULL};
    web_today(r, c.today);
    kh_actor who;
    actor_of(r, &who);
    pthread_mutex_lock(&r->srv->write_lock); /* a refusal is written */
    int rc = kh_app_problem_read(s, &who, id, 0, get_one, &c,
                                 events ? event_row : NULL, events, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc) {
        json_decref(c.json);
        *ret = app_fail(r, &err);
        return NULL;
    }
    return c.json;
}

enum MHD_Result web_problem(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    long long id = parse_id(seg[0]);
    if (id < 0)
        return web_error(r, 400, "bad_arg", "问题编号无效",
                         "bad problem number");
    enum MHD_Result ret;
    json_t *events = json_array();
    json_t *p = visible_problem(r, s, id, events, &ret);
    if (!p) {
        json_decref(events);
        return ret;
    }
    json_t *evidence = json_array(), *rechecks = json_array();
    hh_list hh = {json_array(), 0};
    long long nhh = 0;
    if (kh_store_problem_evidence(s, id, 0, evidence_row, evidence, &err) ||
        kh_store_problem_rechecks(s, id, recheck_row, rechecks, &err) ||
        kh_store_problem_households(s, id, hh_row, &hh, &nhh, &err)) {
        json_decref(p);
        json_decref(events);
        json_decref(evidence);
        json_decref(rechecks);
        json_decref(hh.a);
        return web_fail(r, &err);
    }
    json_object_set_new(p, "history", events);
    json_object_set_new(p, "evidence_files", evidence);
    json_object_set_new(p, "rechecks", rechecks);
    json_object_set_new(p, "households", hh.a);
    json_object_set_new(p, "households_total", json_integer(nhh));
    return web_json(r, 200, json_pack("{s:o}", "problem", p));
}

/* ---- actions ---- */

static const struct {
    const char *name;
    int action; /* enum kh_rect_action; -1 evidence */
    int verify; /* a checker's action */
} actions[] = {
    {"plan", KH_RA_PLAN, 0},       {"progress", KH_RA_PROGRESS, 0},
    {"request", KH_RA_REQUEST, 0}, {"verify", KH_RA_VERIFY, 1},
    {"reject", KH_RA_REJECT, 1},   {"reopen", KH_RA_REOPEN, 1},
    {"evidence", KH_APP_EVIDENCE, 0},
};

static int date_ok(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && !kh_date_parse(s, 10, &y, &m, &d);
}

static const char *opt_str(json_t *j, const char *key, int *bad)
{
    json_t *v = json_object_get(j, key);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

/* The plan from the body; KH_ERR_INVALID when a field is wrong. */
static int plan_of(json_t *j, kh_problem_plan *pl, const char **units,
                   size_t maxunits, kh_error *err)
{
    memset(pl, 0, sizeof *pl);
    int bad = 0;
    pl->measures = opt_str(j, "measures", &bad);
    pl->lead_dept = opt_str(j, "lead_dept", &bad);
    pl->person = opt_str(j, "person", &bad);
    pl->deadline = opt_str(j, "deadline", &bad);
    if (bad)
        return kh_error_msg(err, KH_ERR_INVALID, "bad_field",
                            "方案字段应为字符串",
                            "plan fields must be strings");
    if (pl->deadline && strcmp(pl->deadline, "长期坚持") &&
        !date_ok(pl->deadline))
        return kh_error_set(err, KH_ERR_INVALID, "bad_deadline",
                            "整改时限“%s”应为 YYYY-MM-DD 或“长期坚持”",
                            "deadline '%s' must be YYYY-MM-DD or 长期坚持",
                            pl->deadline);
    json_t *u = json_object_get(j, "units");
    if (u && !json_is_null(u)) {
        if (!json_is_array(u) || json_array_size(u) > maxunits)
            return kh_error_msg(err, KH_ERR_INVALID, "bad_units",
                                "units 应为字符串数组",
                                "units must be an array of strings");
        for (size_t i = 0; i < json_array_size(u); i++) {
            units[i] = json_string_value(json_array_get(u, i));
            if (!units[i] || !units[i][0])
                return kh_error_msg(err, KH_ERR_INVALID, "bad_units",
                                    "units 应为非空字符串数组",
                                    "units must be non-empty strings");
        }
        pl->units = units;
        pl->nunits = json_array_size(u);
    }
    json_t *st = json_object_get(j, "stages");
    if (st && !json_is_null(st)) {
        if (!json_is_array(st) || json_array_size(st) != KH_NSTAGES)
            return kh_error_msg(err, KH_ERR_INVALID, "bad_stages",
                                "stages 应为三个日期",
                                "stages must be three dates");
        for (int i = 0; i < KH_NSTAGES; i++) {
            const char *d = json_string_value(json_array_get(st, (size_t)i));
            if (!date_ok(d))
                return kh_error_msg(err, KH_ERR_INVALID, "bad_stages",
                                    "stages 应为三个 YYYY-MM-DD 日期",
                                    "stages must be three YYYY-MM-DD dates");
            pl->stage_start[i] = d;
        }
    }
    if (!pl->measures && !pl->lead_dept && !pl->person && !pl->deadline &&
        !pl->units && !pl->stage_start[0])
        return kh_error_msg(err, KH_ERR_INVALID, "usage",
                            "没有要修改的方案内容",
                            "nothing to change in the plan");
    return KH_OK;
}

int web_name_ok(const char *n)
{
    size_t len = n ? strlen(n) : 0;
    if (!len || len > 200 || !strcmp(n, ".") || !strcmp(n, "..")) return 0;
    for (const char *c = n; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '/' || *c == '\\')
            return 0;
    /* it is shown, stored and audited as text: whole UTF-8 (issue #18,
     * found by fuzz_multipart) */
    size_t partial = 0;
    return kh_utf8_valid_prefix(n, len, &partial) == len;
}

/* A plan's warnings (not refusals: the plan is saved), as the command
 * line says them: "warnings": [{"code", "message"}]. 1 when out of
 * memory. */
static int plan_warnings(json_t *out, unsigned w, const char *deadline,
                         const char *now)
{
    json_t *a = json_array();
    if (!a || json_object_set_new(out, "warnings", a)) return 1;
    char m[200];
    if (w & KH_RW_PAST_DEADLINE) {
        snprintf(m, sizeof m, "整改时限 %s 在制定方案时已过(今天 %.10s)",
                 deadline, now);
        if (json_array_append_new(a, json_pack("{s:s,s:s}", "code",
                                               "past_deadline", "message", m)))
            return 1;
    }
    if (w & KH_RW_STAGES_REVERSED &&
        json_array_append_new(a, json_pack("{s:s,s:s}", "code",
                                           "stages_reversed", "message",
                                           "阶段开始日期顺序颠倒:后一阶段早于"
                                           "前一阶段")))
        return 1;
    return 0;
}

enum MHD_Result web_problem_act(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    long long id = parse_id(seg[0]);
    if (id < 0)
        return web_error(r, 400, "bad_arg", "问题编号无效",
                         "bad problem number");
    int k = -1;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (!strcmp(seg[1], actions[i].name)) k = (int)i;
    if (k < 0)
        return web_error(r, 404, "not_found", "没有这个操作",
                         "no such action");
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    /* The body: JSON for the actions, the file's bytes for evidence. */
    enum MHD_Result ret;
    json_t *j = NULL;
    kh_app_file file = {web_arg(r, "name"), NULL, 0, ""};
    char *bytes = NULL; /* the evidence, read from the upload's file */
    int act = actions[k].action;
    if (act == KH_APP_EVIDENCE) {
        if (!web_name_ok(file.name))
            return web_error(r, 400, "bad_name",
                             "需要文件名 name(不含路径)",
                             "a file name (name=, no path) is required");
        if (!r->up_len)
            return web_error(r, 400, "empty_file", "上传的文件是空的",
                             "the uploaded file is empty");
        /* the store keeps evidence as a blob: its bytes are needed */
        if (!(bytes = web_slurp(r->up_path, &file.len)))
            return web_error(r, 500, "upload_tmp", "无法读取上传的文件",
                             "cannot read the upload");
        file.data = bytes;
    } else if (!(j = web_body_json(r, &ret))) {
        return ret;
    }
    int bad = 0;
    const char *note = j ? opt_str(j, "note", &bad) : NULL;
    kh_problem_plan pl;
    const char *units[64];
    int rc = KH_OK;
    if (bad)
        rc = kh_error_msg(&err, KH_ERR_INVALID, "bad_field",
                          "note 应为字符串", "note must be a string");
    if (!rc && (act == KH_RA_PROGRESS || act == KH_RA_REJECT ||
                act == KH_RA_REOPEN) && (!note || !note[0]))
        rc = kh_error_msg(&err, KH_ERR_INVALID, "note_required",
                          "需要说明 note", "a note is required");
    if (!rc && act == KH_RA_PLAN) rc = plan_of(j, &pl, units, 64, &err);
    if (rc) {
        json_decref(j);
        free(bytes);
        return web_fail(r, &err);
    }
    /* Who may, the action and its audit: the use case. */
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    char *after = NULL;
    unsigned warnings = 0;
    pthread_mutex_lock(&r->srv->write_lock);
    rc = kh_app_problem_act(s, &who, id, act, act == KH_RA_PLAN ? &pl : NULL,
                            note, act == KH_APP_EVIDENCE ? &file : NULL,
                            act == KH_APP_EVIDENCE, &after, &warnings, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    char deadline[40] = ""; /* for the warning: pl's strings are j's */
    if (act == KH_RA_PLAN && pl.deadline)
        snprintf(deadline, sizeof deadline, "%s", pl.deadline);
    json_decref(j);
    free(bytes);
    if (rc) return web_fail(r, &err);
    json_t *p = json_loads(after, 0, NULL);
    free(after);
    if (!p) return web_nomem(r);
    json_t *out = json_pack("{s:o}", "problem", p);
    if (!out) return web_nomem(r);
    if (file.sha[0]) json_object_set_new(out, "sha256", json_string(file.sha));
    if (warnings && plan_warnings(out, warnings, deadline, r->now)) {
        json_decref(out);
        return web_nomem(r);
    }
    return web_json(r, 200, out);
}

/* ---- evidence download ---- */

typedef struct file_ctx {
    long long eid;
    int found;
    char name[256];
    void *data;
    size_t n;
} file_ctx;

static int take_file(void *ctx, long long eid, const char *name,
                     const char *sha, long long size, const char *at,
                     const char *who, const void *data, size_t n)
{
    file_ctx *c = ctx;
    if (eid != c->eid || c->found) return 0;
    c->found = 1;
    snprintf(c->name, sizeof c->name, "%s", name);
    if (n && !(c->data = malloc(n))) return -1;
    if (n) memcpy(c->data, data, n);
    c->n = n;
    return 0;
}

/* The name for Content-Disposition: filename*=UTF-8''%XX... */
static void disposition(const char *name, char *out, size_t outsz)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t k = (size_t)snprintf(out, outsz, "attachment; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name;
         *p && k + 4 < outsz; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
            (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_') {
            out[k++] = (char)*p;
        } else {
            out[k++] = '%';
            out[k++] = hex[*p >> 4];
            out[k++] = hex[*p & 15];
        }
    }
    out[k] = '\0';
}

enum MHD_Result web_problem_file(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    long long id = parse_id(seg[0]), eid = parse_id(seg[2]);
    if (id < 0 || eid < 0 || strcmp(seg[1], "evidence"))
        return web_error(r, 404, "not_found", "没有这个地址",
                         "no such address");
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    enum MHD_Result ret;
    json_t *p = visible_problem(r, s, id, NULL, &ret);
    if (!p) return ret;
    json_decref(p);
    file_ctx c = {eid, 0, "", NULL, 0};
    if (kh_store_problem_evidence(s, id, 1, take_file, &c, &err)) {
        free(c.data);
        return web_fail(r, &err);
    }
    if (!c.found)
        return web_error(r, 404, "evidence_missing", "没有这份佐证材料",
                         "no such evidence file");
    char object[96];
    snprintf(object, sizeof object, "problem/%lld/evidence/%lld", id, eid);
    int rc = web_begin(r, s, &err);
    if (!rc) {
        rc = web_audit(r, s, "problem.evidence.download", object, "ok", 1,
                       NULL, NULL, &err);
        rc = web_end(r, s, rc, &err);
    }
    if (rc) {
        free(c.data);
        return web_fail(r, &err);
    }
    return web_send_file(r, c.data, c.n, c.name, "application/octet-stream");
}

enum MHD_Result web_send_file(web_req *r, char *data, size_t n,
                              const char *name, const char *type)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        n, data ? data : (void *)"", data ? MHD_RESPMEM_MUST_FREE
                                          : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(data);
        return MHD_NO;
    }
    char disp[800];
    disposition(name, disp, sizeof disp);
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Content-Disposition", disp);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    web_secure_headers(r, resp,
                       "default-src 'none'; sandbox; frame-ancestors 'none'");
    r->status = 200;
    r->bytes = n;
    enum MHD_Result ret = MHD_queue_response(r->conn, 200, resp);
    MHD_destroy_response(resp);
    return ret;
}
