/* SPDX-License-Identifier: MIT */
/*
 * web_dept.c - 部门数据比对 over HTTP (docs/http-api.md, docs/dept.md):
 *   POST /api/dept/lists?kind=K&region=CODE&as_of=DATE&name=FILE  the
 *        file as the body: kaohe import dept (the 系统管理员 and the
 *        county's own staff, scope-limited by the use case)
 *   GET  /api/dept/lists                   the lists loaded (in scope)
 *   GET  /api/dept/closure?year=Y&region=  数据闭合率 per kind
 *   GET  /api/dept/findings?year=Y&region=&code=&kind=&hh_id=  findings
 *   GET  /api/dept/visits?year=Y&village=CODE&format=xlsx|pdf  the visit list
 *   POST /api/dept/findings/ID/visit {"result", "reason"}  a visit's result
 *   GET  /api/dept/households/YEAR/HH_ID   each member's department records
 * Every one is a use case of src/app (dept.c, dept_visit.c) acting as the
 * logged-in user; writes go one at a time (write_lock). Replies pass the
 * masking net (web_json): ID numbers masked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/app.h"
#include "kaohe/app_dept.h"
#include "kaohe/dept.h"
#include "kaohe/dept_doc.h"
#include "kaohe/standard.h"
#include "web/web_int.h"

/* One use case's call as the logged-in user, one at a time from this
 * process (each may write: the data, an audit entry, a refusal). */
enum { A_IMPORT, A_LISTS, A_CLOSURE, A_FINDINGS, A_VISITS, A_VISIT,
       A_HOUSEHOLD };
typedef struct ask {
    int what;
    long long year, id;
    const char *region, *code, *hh_id, *result, *reason;
    const kh_dept_import_opts *imp;
    kh_dept_import_result res;
    union {
        kh_dept_list_fn list;
        kh_dept_count_fn count;
        kh_dept_fact_fn fact;
        kh_dept_record_fn record;
    } fn;
    void *ctx;
    int ran;
    kh_dept_visit_row *rows;
    size_t nrows;
} ask;

static int call(web_req *r, ask *a, kh_error *err)
{
    kh_store *s = web_store(r, err);
    if (!s) return err->status ? err->status : KH_ERR_DB;
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    const kh_standard *std = r->srv->std;
    int y = (int)a->year, rc = KH_ERR_USAGE;
    pthread_mutex_lock(&r->srv->write_lock);
    switch (a->what) {
    case A_IMPORT:
        rc = kh_app_dept_import(s, std, &who, a->imp, &a->res, err);
        break;
    case A_LISTS:
        rc = kh_app_dept_lists(s, &who, a->fn.list, a->ctx, err);
        break;
    case A_CLOSURE:
        rc = kh_app_dept_closure(s, &who, y, a->region, a->fn.count,
                                 a->ctx, &a->ran, err);
        break;
    case A_FINDINGS:
        rc = kh_app_dept_findings(s, &who, y, a->region, a->code,
                                  a->fn.fact, a->ctx, err);
        break;
    case A_VISITS:
        rc = kh_app_dept_visit_list(s, &who, y, a->region, &a->rows,
                                    &a->nrows, err);
        break;
    case A_VISIT:
        rc = kh_app_dept_visit_record(s, std, &who, a->id, a->result,
                                      a->reason, err);
        break;
    case A_HOUSEHOLD:
        rc = kh_app_dept_household(s, &who, y, a->hh_id,
                                   a->fn.record, a->ctx, err);
        break;
    }
    pthread_mutex_unlock(&r->srv->write_lock);
    return rc;
}

static long long year_arg(web_req *r)
{
    return web_arg_int(r, "year", -1, 1990, 2100);
}

static enum MHD_Result no_year(web_req *r)
{
    return web_error(r, 400, "bad_arg", "需要参数 year(1990 到 2100)",
                     "the year (1990 to 2100) is required");
}

/* ---- POST /api/dept/lists: the import ---- */

static int on_list_finding(void *ctx, const kh_finding *f)
{
    json_t *o = json_pack("{s:s,s:i,s:i,s:s,s:s,s:s,s:s,s:s}", "file", f->file,
                          "row", (int)f->row, "line", (int)f->line, "column",
                          f->column, "id_no", f->id_no, "code", f->code,
                          "severity", f->warning ? "warning" : "error",
                          "message", f->zh);
    return o && !json_array_append_new(ctx, o) ? KH_OK : KH_ERR_NOMEM;
}

static enum MHD_Result import_list(web_req *r)
{
    kh_error err;
    kh_error_clear(&err);
    const char *name = web_arg(r, "name");
    if (!web_name_ok(name))
        return web_error(r, 400, "bad_name", "需要文件名 name(不含路径)",
                         "a file name (name, no path) is required");
    if (!r->up_len)
        return web_error(r, 400, "file_empty", "上传的文件为空",
                         "the uploaded file is empty");
    /* the reader knows the format by the name's extension; the upload
     * came to a file of its own as it arrived (web_upload_take) */
    const char *dot = strrchr(name, '.');
    char tmp[4096];
    int rc = web_upload_take(r, tmp, sizeof tmp, &err);
    if (rc) return web_fail(r, &err);
    char path[4200];
    snprintf(path, sizeof path, "%s%s", tmp, dot ? dot : "");
    if (rename(tmp, path)) {
        unlink(tmp);
        return web_error(r, 500, "tmp", "无法保存上传的文件",
                         "cannot keep the uploaded file");
    }
    json_t *findings = json_array();
    if (!findings) {
        unlink(path);
        return web_nomem(r);
    }
    kh_dept_import_opts o;
    memset(&o, 0, sizeof o);
    o.kind = web_arg(r, "kind");
    o.file = path;
    o.name = name;
    o.region = web_arg(r, "region");
    o.as_of = web_arg(r, "as_of");
    o.finding = on_list_finding;
    o.finding_ctx = findings;
    ask a = {.what = A_IMPORT, .imp = &o};
    rc = call(r, &a, &err);
    kh_dept_import_result res = a.res;
    unlink(path);
    if (rc) {
        json_decref(findings);
        return web_fail(r, &err);
    }
    return web_json(r, 200,
                    json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:o}", "list",
                              (json_int_t)res.list, "kind", o.kind, "region",
                              o.region, "as_of", o.as_of, "rows_read",
                              (json_int_t)res.rows_read, "rows_matched",
                              (json_int_t)res.rows_matched, "rows_unmatched",
                              (json_int_t)res.rows_unmatched, "rows_refused",
                              (json_int_t)res.rows_refused, "findings",
                              findings));
}

/* ---- GET /api/dept/lists ---- */

static int on_list(void *ctx, const kh_dept_list *l, kh_error *err)
{
    const kh_dept_kind *k = kh_dept_kind_find(l->kind);
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s}", "id",
                          (json_int_t)l->id, "kind", l->kind, "dept",
                          k ? k->dept : "", "region", l->region, "as_of",
                          l->as_of, "file", l->file, "rows_read",
                          (json_int_t)l->rows_read, "rows_matched",
                          (json_int_t)l->rows_matched, "rows_refused",
                          (json_int_t)l->rows_refused, "imported_at",
                          l->imported_at);
    if (!o || json_array_append_new(ctx, o))
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    return KH_OK;
}

static enum MHD_Result lists(web_req *r)
{
    kh_error err;
    kh_error_clear(&err);
    ask a = {.what = A_LISTS, .fn.list = on_list, .ctx = json_array()};
    if (!a.ctx) return web_nomem(r);
    if (call(r, &a, &err)) {
        json_decref(a.ctx);
        return web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:o}", "lists", a.ctx));
}

/* ---- GET /api/dept/closure ---- */

static int on_count(void *ctx, const kh_dept_count *c, kh_error *err)
{
    const kh_dept_kind *k = kh_dept_kind_find(c->kind);
    json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "kind", c->kind,
                          "dept", k ? k->dept : "", "covered",
                          (json_int_t)c->covered, "matched",
                          (json_int_t)c->matched, "disagree",
                          (json_int_t)c->disagree, "closure_num",
                          (json_int_t)(c->covered - c->disagree), "closure_den",
                          (json_int_t)c->covered);
    if (!o || json_array_append_new(ctx, o))
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    return KH_OK;
}

static enum MHD_Result closure(web_req *r)
{
    ask a = {.what = A_CLOSURE, .year = year_arg(r), .fn.count = on_count,
             .region = web_arg(r, "region")};
    if (a.year < 0) return no_year(r);
    kh_error err;
    kh_error_clear(&err);
    if (!(a.ctx = json_array())) return web_nomem(r);
    if (call(r, &a, &err)) {
        json_decref(a.ctx);
        return web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:I,s:b,s:o}", "year", (json_int_t)a.year,
                                      "compared", a.ran, "kinds", a.ctx));
}

/* ---- GET /api/dept/findings ---- */

typedef struct facts_ctx {
    json_t *a;
    const char *hh_id, *kind;
    long long total;
} facts_ctx;

static int on_fact(void *vctx, const kh_dept_fact *f, kh_error *err)
{
    facts_ctx *c = vctx;
    if (c->hh_id && strcmp(c->hh_id, f->hh_id)) return KH_OK;
    if (c->kind && strcmp(c->kind, f->kind)) return KH_OK;
    if (c->total++ >= 1000) return KH_OK; /* the page shows the first 1000 */
    json_t *o = json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
        "id", (json_int_t)f->id, "code", f->code, "kind", f->kind, "dept",
        f->dept, "file", f->file, "row", (int)f->row, "village", f->village,
        "hh_id", f->hh_id, "id_no", f->id_no, "name", f->name, "column",
        f->column, "registry", f->reg_value, "department", f->dept_value,
        "severity", f->warning ? "warning" : "error", "visit", f->visit,
        "reason", f->reason);
    if (!o || json_array_append_new(c->a, o))
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    return KH_OK;
}

static enum MHD_Result findings(web_req *r)
{
    ask a = {.what = A_FINDINGS, .year = year_arg(r), .fn.fact = on_fact,
             .region = web_arg(r, "region"), .code = web_arg(r, "code")};
    if (a.year < 0) return no_year(r);
    kh_error err;
    kh_error_clear(&err);
    facts_ctx c = {json_array(), web_arg(r, "hh_id"), web_arg(r, "kind"), 0};
    if (!c.a) return web_nomem(r);
    a.ctx = &c;
    if (call(r, &a, &err)) {
        json_decref(c.a);
        return web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:I,s:I,s:o}", "year", (json_int_t)a.year,
                                      "total", (json_int_t)c.total,
                                      "findings", c.a));
}

/* ---- GET /api/dept/visits: the visit list ---- */

static enum MHD_Result visits(web_req *r)
{
    ask a = {.what = A_VISITS, .year = year_arg(r),
             .region = web_arg(r, "village")};
    if (a.year < 0) return no_year(r);
    const char *fmt = web_arg(r, "format");
    int pdf = fmt && !strcmp(fmt, "pdf");
    if (fmt && !pdf && strcmp(fmt, "xlsx"))
        return web_error(r, 400, "bad_arg", "format 应为 xlsx 或 pdf",
                         "format must be xlsx or pdf");
    kh_error err;
    kh_error_clear(&err);
    int rc = call(r, &a, &err); /* audited */
    char tmp[4096] = "";
    if (!rc) rc = web_tmp_file(tmp, sizeof tmp, "visits", NULL, 0, &err);
    if (!rc)
        rc = kh_dept_visit_doc(tmp, pdf, (int)a.year, a.region, r->user.name,
                               r->now, a.rows, a.nrows, &err);
    free(a.rows);
    size_t n = 0;
    char *data = rc ? NULL : web_slurp(tmp, &n);
    if (tmp[0]) unlink(tmp);
    if (rc) return web_fail(r, &err);
    if (!data) return web_nomem(r);
    char name[96];
    snprintf(name, sizeof name, "visits-%lld-%s.%s", a.year, a.region,
             pdf ? "pdf" : "xlsx");
    return web_send_file(r, data, n, name,
                         pdf ? "application/pdf"
                             : "application/vnd.openxmlformats-officedocument."
                               "spreadsheetml.sheet");
}

/* ---- POST /api/dept/findings/ID/visit ---- */

static enum MHD_Result visit(web_req *r, const char *id_s)
{
    ask a = {.what = A_VISIT, .id = web_parse_int(id_s, 1, (long long)1 << 53)};
    if (a.id < 0) return web_no_path(r);
    enum MHD_Result ret;
    json_t *body = web_body_json(r, &ret);
    if (!body) return ret;
    a.result = json_string_value(json_object_get(body, "result"));
    a.reason = json_string_value(json_object_get(body, "reason"));
    kh_error err;
    kh_error_clear(&err);
    int rc = call(r, &a, &err);
    json_t *reply = rc ? NULL
                       : json_pack("{s:I,s:s,s:s}", "id", (json_int_t)a.id,
                                   "result", a.result, "reason",
                                   a.reason ? a.reason : "");
    json_decref(body);
    if (rc) return web_fail(r, &err);
    return web_json(r, 200, reply);
}

/* ---- GET /api/dept/households/YEAR/HH_ID ---- */

typedef struct hh_ctx {
    json_t *members; /* [{id_no, name, records: […]}] */
    json_t *cur;
    char cur_id[19];
} hh_ctx;

static int on_record(void *vctx, const kh_dept_record *d, kh_error *err)
{
    hh_ctx *c = vctx;
    if (!c->cur || strcmp(c->cur_id, d->id_no)) {
        c->cur = json_pack("{s:s,s:s,s:[]}", "id_no", d->id_no, "name",
                           d->member, "records");
        if (!c->cur || json_array_append_new(c->members, c->cur))
            return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        snprintf(c->cur_id, sizeof c->cur_id, "%s", d->id_no);
    }
    const kh_dept_kind *k = kh_dept_kind_find(d->kind);
    json_t *fields = json_object();
    const char *p = d->data;
    for (int i = 0; k && fields && i < k->ncols && p; i++) {
        const char *e = strchr(p, '\x1f');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        json_object_set_new(fields, k->cols[i], json_stringn(p, n));
        p = e ? e + 1 : NULL;
    }
    json_t *o = fields ? json_pack("{s:s,s:s,s:s,s:s,s:i,s:s,s:o}", "kind",
                                   d->kind, "dept", k ? k->dept : "", "as_of",
                                   d->as_of, "file", d->file, "row", (int)d->row,
                                   "name", d->name, "fields", fields)
                       : NULL;
    if (!o || json_array_append_new(json_object_get(c->cur, "records"), o))
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    return KH_OK;
}

static enum MHD_Result household(web_req *r, const char *year_s, const char *hh_id)
{
    hh_ctx c = {NULL, NULL, ""};
    ask a = {.what = A_HOUSEHOLD, .year = web_parse_int(year_s, 1990, 2100),
             .hh_id = hh_id, .fn.record = on_record, .ctx = &c};
    if (a.year < 0) return web_no_path(r);
    kh_error err;
    kh_error_clear(&err);
    if (!(c.members = json_array())) return web_nomem(r);
    if (call(r, &a, &err)) {
        json_decref(c.members);
        return web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:I,s:s,s:o}", "year", (json_int_t)a.year,
                                      "hh_id", hh_id, "members", c.members));
}

/* ---- the routes ---- */

enum MHD_Result web_dept_get(web_req *r, char **seg, int nseg)
{
    if (nseg == 1 && !strcmp(seg[0], "lists")) return lists(r);
    if (nseg == 1 && !strcmp(seg[0], "closure")) return closure(r);
    if (nseg == 1 && !strcmp(seg[0], "findings")) return findings(r);
    if (nseg == 1 && !strcmp(seg[0], "visits")) return visits(r);
    if (nseg == 3 && !strcmp(seg[0], "households"))
        return household(r, seg[1], seg[2]);
    return web_no_path(r);
}

enum MHD_Result web_dept_post(web_req *r, char **seg, int nseg)
{
    if (nseg == 1 && !strcmp(seg[0], "lists")) return import_list(r);
    if (nseg == 3 && !strcmp(seg[0], "findings") && !strcmp(seg[2], "visit"))
        return visit(r, seg[1]);
    return web_no_path(r);
}
