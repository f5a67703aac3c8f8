/* SPDX-License-Identifier: MIT */
/*
 * web_funds.c - 扶贫项目库 and 扶贫资金 over HTTP (docs/http-api.md
 * "Funds", docs/funds.md):
 *   POST /api/funds/imports?kind=projects|allocations|payments&name=FILE
 *        [&region=CODE]  the file as the body: `kaohe import KIND` as a
 *        background job (one at a time); 202 {id, url}
 *   GET  /api/funds/imports/ID   the job: phase, then its result (rows,
 *        stored, errors, and each finding with file, row and column)
 *   GET  /api/funds/projects?region=&status=&type=&page=&per_page=  the
 *        library within the user's scope, filtered and paged here
 *   GET  /api/funds/projects/ID  a project with its money's path
 *   GET  /api/funds/check?year=Y&region=  the findings of `funds check`
 *   GET  /api/funds/flow?year=Y&region=  下达, 拨付 and 支出 per county and
 *        资金类别 (the 资金使用情况表's figures, for the chart)
 *   GET  /api/funds/flags?year=Y&region=  the dashboard's 资金滞留 and
 *        逾期项目: their counts (and the money held) and the first 200,
 *        each with its figures (kh_app_funds_flags)
 *   GET  /api/funds/notice/ID    the 公告公示 (PDF)
 *   GET  /api/funds/table?year=Y&region=&format=pdf|xlsx  资金使用情况表
 *   GET  /api/funds/library?region=  the 项目库 (XLSX)
 * Every one is a use case of src/app (funds.c, funds_view.c) acting as
 * the logged-in user, which decides who may (role and region scope) and
 * audits; the documents are made by the same functions as `kaohe funds
 * notice|table|export`. Amounts go out as integers of 分.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kaohe/app.h"
#include "kaohe/app_funds.h"
#include "kaohe/app_funds_view.h"
#include "kaohe/auth.h"
#include "kaohe/check.h"
#include "kaohe/label.h"
#include "kaohe/org.h"
#include "kaohe/standard.h"
#include "web/web_queue.h"

#define FUNDS_FINDINGS 1000 /* an import's findings kept for the reply */
#define FUNDS_PER_PAGE_MAX 500

/* ---- the import jobs ---- */

/* An import's parameters; its findings are the job thread's until it
 * is done. */
typedef struct fjob {
    web_srv *srv;
    int kind;
    char name[256], region[16], path[4300];
    json_t *findings;
    long long nfindings;
} fjob;

static void job_free(void *p)
{
    fjob *j = p;
    if (!j) return;
    if (j->path[0]) unlink(j->path);
    json_decref(j->findings);
    free(j);
}

/* Beside its owner, who sees an import: the use case's rule
 * (kh_app_jobs_of_others). */
static int may_see(web_req *r)
{
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    return kh_app_jobs_of_others(r->srv->std, &who, KH_APP_JOB_FUNDS);
}

static const web_family funds_imports = {
    WEB_FAM_FUNDS, "funds/imports", 1, "job_missing",
    "没有这项导入(或不是你的)", "no such import (or not yours)", may_see};

static json_t *finding_json(const kh_finding *f, const kh_standard *std)
{
    const char *label = kh_label_finding(std, f->code);
    return json_pack("{s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "file",
                     f->file ? f->file : "", "row", (json_int_t)f->row,
                     "line", (json_int_t)f->line, "column",
                     f->column ? f->column : "", "code", f->code,
                     "label", label ? label : "", "severity",
                     f->warning ? "warning" : "error", "message",
                     f->zh ? f->zh : "");
}

static int on_finding(void *ctx, const kh_finding *f)
{
    fjob *j = ctx;
    if (j->nfindings++ >= FUNDS_FINDINGS) return KH_OK;
    json_t *o = finding_json(f, j->srv->std);
    return o && !json_array_append_new(j->findings, o) ? KH_OK : KH_ERR_NOMEM;
}

static json_t *job_run(web_job *job)
{
    fjob *j = job->data;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    kh_funds_import_result res;
    memset(&res, 0, sizeof res);
    kh_actor who;
    int rc = web_job_open(job, &s, &who, &err);
    if (!rc) {
        kh_funds_import_opts o = {j->kind, j->path, j->name,
                                  j->region[0] ? j->region : NULL, on_finding, j};
        rc = kh_app_funds_import(s, j->srv->std, &who, &o, &res, &err);
    }
    kh_store_close(s);
    unlink(j->path);
    j->path[0] = '\0';
    if (rc && !res.errors && err.code[0] && err.file[0]) {
        /* a file that cannot be read at all: one finding, where */
        kh_finding f;
        memset(&f, 0, sizeof f);
        f.file = j->name;
        f.row = err.row;
        f.line = err.line;
        f.column = err.column;
        f.code = err.code;
        f.zh = err.zh;
        f.en = err.en;
        on_finding(j, &f);
    }
    const char *status = web_job_status(rc);
    if (rc == KH_ERR_DB || rc == KH_ERR_NOMEM || rc == KH_ERR_IO)
        fprintf(stderr, "kaohe serve: funds import %lld: %s: %s\n", job->id,
                err.code, err.en);
    json_t *r = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:O}", "status", status,
                          "rows", (json_int_t)res.rows, "stored",
                          (json_int_t)res.stored, "errors",
                          (json_int_t)res.errors, "warnings",
                          (json_int_t)res.warnings, "findings_total",
                          (json_int_t)j->nfindings, "findings", j->findings);
    if (r && rc)
        json_object_set_new(
            r, "error",
            json_pack("{s:s,s:s,s:s,s:s,s:I,s:s}", "code",
                      err.code[0] ? err.code : "error", "message", err.zh,
                      "message_en", err.en, "file", err.file[0] ? err.file : j->name,
                      "row", (json_int_t)err.row, "column", err.column));
    return r ? r : json_pack("{s:s}", "status", status);
}

static void job_state(const web_job *job, json_t *o)
{
    const fjob *j = job->data;
    json_object_set_new(o, "kind", json_string(kh_funds_kind_zh(j->kind)));
    json_object_set_new(o, "name", json_string(j->name));
}

static const web_job_ops funds_ops = {job_run, job_state, job_free, NULL};

static enum MHD_Result import_start(web_req *r)
{
    const char *k = web_arg(r, "kind"), *name = web_arg(r, "name");
    const char *region = web_arg(r, "region");
    int kind = k ? kh_funds_kind_parse(k) : -1;
    if (kind < 0)
        return web_error(r, 400, "bad_arg",
                         "kind 应为 projects、allocations 或 payments",
                         "kind must be projects, allocations or payments");
    if (!web_name_ok(name))
        return web_error(r, 400, "bad_name", "需要文件名 name(不含路径)",
                         "a file name (name, no path) is required");
    if (region && !region[0]) region = NULL;
    if (region && strlen(region) != 12)
        return web_error(r, 400, "bad_arg", "region 应为 12 位区划代码",
                         "region must be a 12-digit region code");
    if (!r->up_len)
        return web_error(r, 400, "file_empty", "上传的文件为空",
                         "the uploaded file is empty");
    kh_error err;
    kh_error_clear(&err);
    /* the reader knows the format by the name's extension */
    char tmp[4096];
    if (web_upload_take(r, tmp, sizeof tmp, &err)) return web_fail(r, &err);
    fjob *j = calloc(1, sizeof *j);
    if (!j) {
        unlink(tmp);
        return web_nomem(r);
    }
    const char *dot = strrchr(name, '.');
    snprintf(j->path, sizeof j->path, "%s%.16s", tmp, dot ? dot : "");
    if (rename(tmp, j->path)) {
        unlink(tmp);
        free(j);
        return web_error(r, 500, "tmp", "无法保存上传的文件",
                         "cannot keep the uploaded file");
    }
    if (!(j->findings = json_array())) {
        job_free(j);
        return web_nomem(r);
    }
    j->srv = r->srv;
    j->kind = kind;
    snprintf(j->name, sizeof j->name, "%s", name);
    snprintf(j->region, sizeof j->region, "%s", region ? region : "");
    /* one writer of a whole file at a time: the queue's rule */
    return web_queue_start(r, &funds_imports, &funds_ops, j);
}

/* ---- the use cases that read, one at a time (each may audit) ---- */

static int actor(web_req *r, kh_store **s, kh_actor *who, kh_error *err)
{
    if (!(*s = web_store(r, err))) return err->status ? err->status : KH_ERR_DB;
    kh_actor_from_user(who, r->srv->std, &r->user, r->addr, r->now);
    return KH_OK;
}

static long long fen_of(const char *yuan)
{
    int64_t v;
    return yuan[0] && !kh_money_parse(yuan, strlen(yuan), &v) ? (long long)v : -1;
}

/* A project's cells as an object of the interchange keys, with the
 * place, 计划投资 in 分 (planned_fen) and the numbers as numbers. */
static json_t *project_json(const char *const *cells, const char *place)
{
    int n;
    const kh_funds_col *cols = kh_funds_cols(KH_FUNDS_PROJECTS, &n);
    json_t *o = json_object();
    for (int i = 0; o && i < n; i++)
        if (strcmp(cols[i].key, "planned"))
            json_object_set_new(o, cols[i].key, json_string(cells[i]));
        else
            json_object_set_new(o, "planned_fen", json_integer(fen_of(cells[i])));
    if (o) json_object_set_new(o, "place", json_string(place));
    return o;
}

typedef struct list_ctx {
    json_t *rows;
    long long total, first, per;
} list_ctx;

static int on_project(void *vctx, const char *const *cells, const char *place,
                      kh_error *err)
{
    list_ctx *c = vctx;
    long long k = c->total++;
    if (k < c->first || k >= c->first + c->per) return KH_OK;
    json_t *o = project_json(cells, place);
    if (!o || json_array_append_new(c->rows, o)) return kh_error_nomem(err);
    return KH_OK;
}

static json_t *enum_json(const kh_standard *std, const char *name)
{
    json_t *a = json_array();
    int e = kh_standard_enum(std, name);
    int n = e < 0 ? 0 : kh_standard_enum_count(std, e);
    for (int i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(kh_standard_enum_label(std, e, i)));
    return a;
}

static enum MHD_Result projects(web_req *r)
{
    long long page = web_arg_int(r, "page", 1, 1, 1000000000);
    long long per = web_arg_int(r, "per_page", 50, 1, FUNDS_PER_PAGE_MAX);
    if (page < 0 || per < 0)
        return web_error(r, 400, "bad_arg", "page、per_page 应为正整数(每页至多 500 条)",
                         "page and per_page must be positive (at most 500 a page)");
    kh_funds_filter f = {web_arg(r, "region"), web_arg(r, "status"), web_arg(r, "type")};
    list_ctx c = {json_array(), 0, (page - 1) * per, per};
    if (!c.rows) return web_nomem(r);
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    kh_actor who;
    int rc = actor(r, &s, &who, &err);
    if (!rc) {
        pthread_mutex_lock(&r->srv->write_lock);
        rc = kh_app_funds_projects(s, &who, &f, on_project, &c, &err);
        pthread_mutex_unlock(&r->srv->write_lock);
    }
    if (rc) {
        json_decref(c.rows);
        return web_fail(r, &err);
    }
    return web_json(r, 200,
                    json_pack("{s:I,s:I,s:I,s:o,s:o,s:o}", "total", (json_int_t)c.total,
                              "page", (json_int_t)page, "per_page", (json_int_t)per,
                              "projects", c.rows, "statuses",
                              enum_json(r->srv->std, "project_status"), "types",
                              enum_json(r->srv->std, "project_type")));
}

static int on_path(void *ctx, const kh_funds_path *p, kh_error *err)
{
    json_t **out = ctx;
    json_t *o = project_json(p->cells, p->place);
    json_t *a = json_array(), *y = json_array();
    for (size_t i = 0; o && a && i < p->na; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:I,s:i}", "doc_no",
                                           p->a[i].doc_no, "date", p->a[i].date,
                                           "level", p->a[i].level, "fund", p->a[i].fund,
                                           "amount_fen", (json_int_t)p->a[i].amount,
                                           "year", p->a[i].year));
    for (size_t i = 0; o && y && i < p->ny; i++)
        json_array_append_new(y, json_pack("{s:s,s:s,s:s,s:s,s:I}", "voucher",
                                           p->y[i].voucher, "date", p->y[i].date,
                                           "fund", p->y[i].fund, "stage", p->y[i].stage,
                                           "amount_fen", (json_int_t)p->y[i].amount));
    if (!o || !a || !y) {
        json_decref(o);
        json_decref(a);
        json_decref(y);
        return kh_error_nomem(err);
    }
    json_object_set_new(o, "county", json_string(p->county));
    json_object_set_new(o, "county_name", json_string(p->county_name));
    json_object_set_new(o, "paid_fen", json_integer(p->paid));
    json_object_set_new(o, "spent_fen", json_integer(p->spent));
    json_object_set_new(o, "allocations", a);
    json_object_set_new(o, "payments", y);
    *out = o;
    return KH_OK;
}

static enum MHD_Result project(web_req *r, const char *id)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    kh_actor who;
    json_t *o = NULL;
    int rc = actor(r, &s, &who, &err);
    if (!rc) {
        pthread_mutex_lock(&r->srv->write_lock);
        rc = kh_app_funds_project(s, &who, id, on_path, &o, &err);
        pthread_mutex_unlock(&r->srv->write_lock);
    }
    if (rc) {
        json_decref(o);
        return web_fail(r, &err);
    }
    return o ? web_json(r, 200, o) : web_nomem(r);
}

/* ---- funds check ---- */

typedef struct check_ctx {
    kh_store *s;
    const kh_standard *std;
    json_t *rows;
    long long total;
    char county[13], county_name[128];
    int rc;
} check_ctx;

static int on_check(void *vctx, const kh_funds_finding *f)
{
    check_ctx *c = vctx;
    if (strcmp(c->county, f->county)) {
        kh_error e;
        snprintf(c->county, sizeof c->county, "%s", f->county);
        if (kh_store_region_name(c->s, f->county, c->county_name,
                                 sizeof c->county_name, NULL, 0, &e))
            snprintf(c->county_name, sizeof c->county_name, "%s", f->county);
    }
    if (c->total++ >= 5000) return KH_OK; /* the page shows the first 5000 */
    const char *label = kh_label_finding(c->std, f->code);
    if (!label) label = kh_funds_code_zh(f->code);
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "code", f->code,
                          "label", label ? label : "", "county", f->county,
                          "county_name", c->county_name, "object", f->object,
                          "amount_fen", (json_int_t)f->amount, "message", f->zh);
    return o && !json_array_append_new(c->rows, o) ? KH_OK : KH_ERR_NOMEM;
}

static enum MHD_Result check(web_req *r)
{
    long long year = web_arg_int(r, "year", -1, 1990, 2100);
    if (year < 0)
        return web_error(r, 400, "bad_arg", "需要参数 year(1990 到 2100)",
                         "the year (1990 to 2100) is required");
    const char *region = web_arg(r, "region");
    if (region && !region[0]) region = NULL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    kh_actor who;
    check_ctx c = {NULL, r->srv->std, json_array(), 0, "", "", 0};
    if (!c.rows) return web_nomem(r);
    int rc = actor(r, &s, &who, &err);
    if (!rc) {
        c.s = s;
        pthread_mutex_lock(&r->srv->write_lock);
        rc = kh_app_funds_check(s, r->srv->std, &who, (int)year, region, on_check,
                                &c, &err);
        pthread_mutex_unlock(&r->srv->write_lock);
    }
    if (rc) {
        json_decref(c.rows);
        return web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:I,s:I,s:o}", "year", (json_int_t)year,
                                      "total", (json_int_t)c.total, "findings", c.rows));
}

/* ---- the dashboard's flags: 资金滞留 and 逾期项目 ---- */

#define FUNDS_FLAGS_MAX 200 /* the flags listed; the counts are of all */

typedef struct flags_ctx {
    const kh_standard *std;
    json_t *rows;
    long long n;
} flags_ctx;

static int on_flag(void *vctx, const kh_funds_flag *g, kh_error *err)
{
    flags_ctx *c = vctx;
    if (c->n++ >= FUNDS_FLAGS_MAX) return KH_OK;
    const kh_funds_finding *f = g->f;
    const char *label = kh_label_finding(c->std, f->code);
    if (!label) label = kh_funds_code_zh(f->code);
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "kind",
                          g->kind == KH_FLAG_RETAINED ? "retained" : "late", "code",
                          f->code, "label", label ? label : "", "county", f->county,
                          "county_name", g->county_name, "object", f->object,
                          "project_name", g->project_name, "place", g->place,
                          "amount_fen", (json_int_t)f->amount, "message", f->zh);
    if (!o || json_array_append_new(c->rows, o)) return kh_error_nomem(err);
    return KH_OK;
}

static enum MHD_Result flags(web_req *r)
{
    long long year = web_arg_int(r, "year", -1, 1990, 2100);
    if (year < 0)
        return web_error(r, 400, "bad_arg", "需要参数 year(1990 到 2100)",
                         "the year (1990 to 2100) is required");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    kh_actor who;
    flags_ctx c = {r->srv->std, json_array(), 0};
    if (!c.rows) return web_nomem(r);
    kh_funds_flags_sum sum;
    int rc = actor(r, &s, &who, &err);
    if (!rc) {
        pthread_mutex_lock(&r->srv->write_lock);
        rc = kh_app_funds_flags(s, r->srv->std, &who, (int)year, web_arg(r, "region"),
                                on_flag, &c, &sum, &err);
        pthread_mutex_unlock(&r->srv->write_lock);
    }
    if (rc) {
        json_decref(c.rows);
        return web_fail(r, &err);
    }
    return web_json(r, 200,
                    json_pack("{s:I,s:b,s:{s:I,s:I},s:{s:I},s:I,s:o}", "year",
                              (json_int_t)year, "has_data", sum.has_data, "retained",
                              "count", (json_int_t)sum.retained, "amount_fen",
                              (json_int_t)sum.retained_fen, "late", "count",
                              (json_int_t)sum.late, "total", (json_int_t)c.n, "flags",
                              c.rows));
}

/* ---- each county's money of a year (the page's chart) ---- */

static int on_flow(void *ctx, const kh_funds_flow *f, kh_error *err)
{
    json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:I,s:I}", "county", f->county,
                          "county_name", f->county_name, "fund", f->fund,
                          "allocated_fen", (json_int_t)f->allocated, "paid_fen",
                          (json_int_t)f->paid, "spent_fen", (json_int_t)f->spent);
    if (!o || json_array_append_new(ctx, o)) return kh_error_nomem(err);
    return KH_OK;
}

static enum MHD_Result flow(web_req *r)
{
    long long year = web_arg_int(r, "year", -1, 1990, 2100);
    if (year < 0)
        return web_error(r, 400, "bad_arg", "需要参数 year(1990 到 2100)",
                         "the year (1990 to 2100) is required");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    kh_actor who;
    json_t *rows = json_array();
    if (!rows) return web_nomem(r);
    int rc = actor(r, &s, &who, &err);
    if (!rc) {
        pthread_mutex_lock(&r->srv->write_lock);
        rc = kh_app_funds_flow(s, &who, (int)year, web_arg(r, "region"), on_flow, rows,
                               &err);
        pthread_mutex_unlock(&r->srv->write_lock);
    }
    if (rc) {
        json_decref(rows);
        return web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:I,s:o}", "year", (json_int_t)year, "lines", rows));
}

/* ---- the documents ---- */

enum { DOC_NOTICE, DOC_TABLE, DOC_LIBRARY };

static enum MHD_Result document(web_req *r, int what, const char *id)
{
    const char *fmt = web_arg(r, "format");
    long long year = 0;
    const char *ext = "pdf";
    if (what == DOC_TABLE) {
        year = web_arg_int(r, "year", -1, 1990, 2100);
        if (year < 0)
            return web_error(r, 400, "bad_arg", "需要参数 year(1990 到 2100)",
                             "the year (1990 to 2100) is required");
        if (fmt && strcmp(fmt, "pdf") && strcmp(fmt, "xlsx"))
            return web_error(r, 400, "bad_arg", "format 应为 pdf 或 xlsx",
                             "format must be pdf or xlsx");
        if (fmt) ext = fmt;
    } else if (what == DOC_LIBRARY) {
        ext = "xlsx";
    }
    const char *region = web_arg(r, "region");
    if (region && !region[0]) region = NULL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    kh_actor who;
    char tmp[4096] = "", path[4200] = "";
    int rc = actor(r, &s, &who, &err);
    if (!rc) rc = web_tmp_file(tmp, sizeof tmp, "funds", NULL, 0, &err);
    if (!rc) {
        snprintf(path, sizeof path, "%s.%s", tmp, ext);
        if (rename(tmp, path)) {
            unlink(tmp);
            path[0] = '\0';
            rc = kh_error_msg(&err, KH_ERR_IO, "tmp", "无法写出文件",
                              "cannot write the file");
        }
    }
    if (!rc) {
        pthread_mutex_lock(&r->srv->write_lock);
        rc = what == DOC_NOTICE ? kh_app_funds_notice(s, r->srv->std, &who, id, path, &err)
             : what == DOC_TABLE
                 ? kh_app_funds_table(s, r->srv->std, &who, (int)year, region, path, &err)
                 : kh_app_funds_export(s, r->srv->std, &who, region, path, &err);
        pthread_mutex_unlock(&r->srv->write_lock);
    }
    size_t n = 0;
    char *data = rc ? NULL : web_slurp(path, &n);
    if (path[0]) unlink(path);
    if (rc) return web_fail(r, &err);
    if (!data) return web_nomem(r);
    char name[160];
    if (what == DOC_NOTICE) snprintf(name, sizeof name, "公告公示-%.100s.pdf", id);
    else if (what == DOC_TABLE)
        snprintf(name, sizeof name, "%lld年扶贫资金使用情况表.%s", year, ext);
    else snprintf(name, sizeof name, "扶贫项目库.xlsx");
    return web_send_file(r, data, n, name,
                         !strcmp(ext, "pdf")
                             ? "application/pdf"
                             : "application/vnd.openxmlformats-officedocument."
                               "spreadsheetml.sheet");
}

/* ---- the routes ---- */

enum MHD_Result web_funds_get(web_req *r, char **seg, int nseg)
{
    if (nseg == 1 && !strcmp(seg[0], "projects")) return projects(r);
    if (nseg == 1 && !strcmp(seg[0], "check")) return check(r);
    if (nseg == 1 && !strcmp(seg[0], "flow")) return flow(r);
    if (nseg == 1 && !strcmp(seg[0], "flags")) return flags(r);
    if (nseg == 1 && !strcmp(seg[0], "table")) return document(r, DOC_TABLE, NULL);
    if (nseg == 1 && !strcmp(seg[0], "library")) return document(r, DOC_LIBRARY, NULL);
    if (nseg == 2 && !strcmp(seg[0], "projects")) return project(r, seg[1]);
    if (nseg == 2 && !strcmp(seg[0], "notice")) return document(r, DOC_NOTICE, seg[1]);
    if (nseg == 2 && !strcmp(seg[0], "imports"))
        return web_queue_get(r, &funds_imports, seg[1]);
    return web_no_path(r);
}

enum MHD_Result web_funds_post(web_req *r, char **seg, int nseg)
{
    if (nseg == 1 && !strcmp(seg[0], "imports")) return import_start(r);
    return web_no_path(r);
}
