/* SPDX-License-Identifier: MIT */
/*
 * web_assess.c - 综合评价 through the API: the stored runs, one run's
 * ranking (the JSON of `kaohe assess show --format json`, narrowed to the
 * user's scope) and one region's explanation (that of `kaohe assess
 * explain --format json`; a region outside the scope is refused and
 * audited). docs/http-api.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/app.h"
#include "kaohe/assess_json.h"
#include "kaohe/assess_run.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/store.h"
#include "kaohe/tabwriter.h"
#include "kaohe/registry.h"
#include "kaohe/label.h"
#include "web/web_queue.h"

/* Whether r's user may read the stored runs (code: the region asked,
 * NULL none): the use case's rule (kh_app_assess_read_may), a refusal of
 * a region audited there; replies and returns -1 when not. */
static int read_may(web_req *r, kh_store *s, char **seg, const char *code,
                    enum MHD_Result *ret)
{
    kh_error err;
    kh_error_clear(&err);
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    char object[192] = "";
    if (code)
        snprintf(object, sizeof object, "assessment/%.64s/%.4s/%.8s/%s",
                 seg[0], seg[1], seg[2], code);
    pthread_mutex_lock(&r->srv->write_lock); /* a refusal is written */
    int rc = kh_app_assess_read_may(s, &who, code, object, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (!rc) return 0;
    if (rc == KH_ERR_DENIED && strcmp(err.code, "role_denied"))
        r->audited = 1;
    *ret = web_fail(r, &err);
    return -1;
}

typedef struct runs_ctx {
    json_t *list;
    kh_scheme_set *set; /* the presets, for their titles (may be NULL) */
} runs_ctx;

static int run_one(void *ctx, const char *scheme, int year, int level,
                   int version, const char *run_at, long long regions,
                   const char *inputs)
{
    runs_ctx *c = ctx;
    /* the scheme's title beside its name (a preset's; the name else) */
    const kh_scheme *sc = c->set ? kh_scheme_set_get(c->set, scheme) : NULL;
    char title[400];
    kh_label_zh_punct(sc && sc->title && *sc->title ? sc->title : scheme,
                      title, sizeof title);
    json_array_append_new(
        c->list, json_pack("{s:s,s:s,s:i,s:s,s:i,s:s,s:I,s:s?}", "scheme",
                           scheme, "title", title, "year", year, "level",
                           kh_level_name(level), "version", version, "run_at",
                           run_at, "regions", (json_int_t)regions, "inputs",
                           inputs));
    return 0;
}

enum MHD_Result web_assess_runs(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    enum MHD_Result denied;
    if (read_may(r, s, seg, NULL, &denied)) return denied;
    runs_ctx c = {json_array(), NULL};
    kh_error e2;
    kh_error_clear(&e2);
    if (kh_scheme_set_new(&c.set, &e2)) c.set = NULL;
    int rc = kh_store_assess_runs(s, run_one, &c, &err);
    kh_scheme_set_free(c.set);
    if (rc) {
        json_decref(c.list);
        return web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:o}", "runs", c.list));
}

/* seg (after the name): SCHEME, YEAR, LEVEL[, CODE]; ?version=N (default the
 * latest). The run, or NULL after replying (the reply's result in
 * *ret). */
/* A region outside the user's scope: 403, audited. */
/* seg's YEAR and LEVEL (省, 市, 县 or 乡) into *year, *level: 0, or -1
 * after replying 400 (the reply's result in *ret). */
static int year_level(web_req *r, char **seg, long long *year, int *level,
                      enum MHD_Result *ret)
{
    *year = web_parse_int(seg[1], 1900, 2100);
    *level = kh_level_parse(seg[2], strlen(seg[2]));
    if (*year < 0) {
        *ret = web_error(r, 400, "bad_arg", "年度无效", "bad year");
        return -1;
    }
    if (*level == KH_LV_NONE || *level == KH_LV_VILLAGE) {
        *ret = web_error(r, 400, "bad_arg", "级别只能是 省、市、县 或 乡",
                         "the level must be 省, 市, 县 or 乡");
        return -1;
    }
    return 0;
}

static kh_assessment *load_run(web_req *r, kh_store *s, char **seg,
                               enum MHD_Result *ret)
{
    kh_error err;
    kh_error_clear(&err);
    long long year, version = web_arg_int(r, "version", 0, 1, 1000000);
    int level;
    if (year_level(r, seg, &year, &level, ret)) return NULL;
    if (version < 0) {
        *ret = web_error(r, 400, "bad_arg", "参数 version 的值无效",
                         "bad value of the parameter version");
        return NULL;
    }
    kh_assessment *a = NULL;
    if (kh_store_assess_load(s, seg[0], (int)year, level, (int)version, &a,
                             &err)) {
        *ret = web_fail(r, &err);
        return NULL;
    }
    a->year = (int)year;
    return a;
}

enum MHD_Result web_assess_show(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    enum MHD_Result denied;
    if (read_may(r, s, seg, NULL, &denied)) return denied;
    enum MHD_Result ret = MHD_NO;
    kh_assessment *a = load_run(r, s, seg, &ret);
    if (!a) return ret;
    kh_buf b = KH_BUF_INIT;
    kh_actor who; /* the regions it may see: the use case's rule */
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    int rc = kh_assess_show_json(
        a, NULL, kh_app_assess_keeps_all(&who) ? NULL : kh_app_assess_keeps,
        &who, &b);
    kh_assessment_free(a);
    if (rc) {
        kh_buf_free(&b);
        return web_nomem(r);
    }
    return web_json_buf(r, 200, &b);
}

/* ---- GET /api/assessments/S/Y/L/template?format=xlsx|csv ----
 * The inputs template, made by the use case `kaohe assess template`
 * calls (kh_app_assess_template: who may, the audit). */
static enum MHD_Result assess_template(web_req *r, kh_store *s, char **seg)
{
    kh_error err;
    kh_error_clear(&err);
    long long year;
    int level;
    enum MHD_Result ret = MHD_NO;
    if (year_level(r, seg, &year, &level, &ret)) return ret;
    const char *f = web_arg(r, "format");
    int csv = f && !strcmp(f, "csv");
    if (f && !csv && strcmp(f, "xlsx"))
        return web_error(r, 400, "bad_arg", "参数 format 应为 xlsx 或 csv",
                         "format must be xlsx or csv");
    if (strchr(seg[0], '/') || strstr(seg[0], ".scheme"))
        return web_error(r, 400, "bad_arg", "考核方案应为预置方案名",
                         "the scheme must be a preset's name");
    const char *t = getenv("TMPDIR");
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/kaohe-template.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir))
        return web_error(r, 500, "report_tmp", "无法生成录入表(临时目录)",
                         "cannot make the template (temporary directory)");
    snprintf(path, sizeof path, "%s/t.%s", dir, csv ? "csv" : "xlsx");
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    const char *schemes[1] = {seg[0]};
    int rc = kh_app_assess_template(s, &who, schemes, 1, (int)year, level,
                                    csv ? KH_TAB_CSV : KH_TAB_XLSX, path, &err);
    char *data = NULL;
    size_t n = 0;
    if (!rc && !(data = web_slurp(path, &n)))
        rc = kh_error_msg(&err, KH_ERR_IO, "report_read",
                          "无法读取生成的录入表", "cannot read the template made");
    unlink(path);
    rmdir(dir);
    if (rc) return web_fail(r, &err);
    char name[160];
    snprintf(name, sizeof name, "考核录入表-%lld年%s级.%s", year,
             kh_level_name(level), csv ? "csv" : "xlsx");
    return web_send_file(r, data, n, name,
                         csv ? "text/csv; charset=utf-8"
                             : "application/vnd.openxmlformats-"
                               "officedocument.spreadsheetml.sheet");
}

enum MHD_Result web_assess_explain(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    enum MHD_Result denied;
    if (read_may(r, s, seg, NULL, &denied)) return denied;
    if (!strcmp(seg[3], "template")) return assess_template(r, s, seg);
    const char *code = seg[3];
    if (strlen(code) != 12 || strspn(code, "0123456789") != 12)
        return web_error(r, 400, "bad_arg", "区划代码应为 12 位数字",
                         "the region code must be 12 digits");
    if (read_may(r, s, seg, code, &denied)) return denied;
    enum MHD_Result ret = MHD_NO;
    kh_assessment *a = load_run(r, s, seg, &ret);
    if (!a) return ret;
    int g = kh_assessment_find(a, code);
    kh_buf b = KH_BUF_INIT;
    if (g < 0) {
        kh_error_set(&err, KH_ERR_NOTFOUND, "region_missing",
                     "此次考核中没有区划 %s",
                     "region %s is not in this assessment", code);
    } else if (!kh_app_assess_explain_json(s, a, (size_t)g, &b, &err)) {
        kh_assessment_free(a);
        return web_json_buf(r, 200, &b);
    }
    kh_buf_free(&b);
    kh_assessment_free(a);
    return web_fail(r, &err);
}

/* ---- POST /api/assessments/SCHEME/YEAR/LEVEL/run?name=FILE[&job=1] ---- */

static void note_one(void *ctx, const char *zh, const char *en)
{
    json_array_append_new(ctx, json_pack("{s:s,s:s}", "message", zh,
                                         "message_en", en));
}

/* A run's parameters: the request's (job=0) or the job's. */
typedef struct assess_args {
    char scheme[256];
    int year, level;
    char today[11];
    web_files files; /* the inputs, removed once scored */
} assess_args;

static void args_free(void *p)
{
    assess_args *a = p;
    if (!a) return;
    web_files_free(&a->files);
    free(a);
}

/* Score and store the run (the use case kh_app_assess_run as who: who may,
 * the store and the audit, refusals included, are its decision): the
 * stored ranking as who may see it (kh_app_assess_keeps), as `assess show --format json`
 * prints it, and the notes; NULL with err. */
static json_t *assess_score(web_srv *srv, kh_store *s, const kh_actor *who,
                            assess_args *a, kh_error *err)
{
    /* the labels live as long as the pending run (stored below), the
     * files only until it is scored */
    const char *paths[WEB_MAX_FILES], *labels[WEB_MAX_FILES];
    for (size_t i = 0; i < a->files.n; i++) {
        paths[i] = a->files.paths[i];
        labels[i] = a->files.names[i];
    }
    json_t *notes = json_array();
    if (!notes) {
        web_files_free(&a->files);
        kh_error_nomem(err);
        return NULL;
    }
    kh_assess_req req = {a->scheme, a->year, a->level, a->files.n, paths,
                         labels, 2, a->today, note_one, notes, 0, NULL, 0,
                         NULL};
    kh_assess_pending *p = NULL;
    pthread_mutex_lock(&srv->write_lock);
    int rc = kh_app_assess_run(s, srv->std, who, &req, &p, err);
    pthread_mutex_unlock(&srv->write_lock);
    web_files_free(&a->files);
    if (rc) {
        json_decref(notes);
        return NULL;
    }
    kh_buf b = KH_BUF_INIT;
    rc = kh_assess_show_json(
        kh_assess_pending_result(p), NULL,
        kh_app_assess_keeps_all(who) ? NULL : kh_app_assess_keeps,
        (void *)who, &b);
    kh_assess_pending_free(p);
    json_t *j = rc ? NULL : json_loadb(b.data, b.len, 0, NULL);
    kh_buf_free(&b);
    if (!j) {
        json_decref(notes);
        kh_error_nomem(err);
        return NULL;
    }
    json_object_set_new(j, "notes", notes);
    return j;
}

/* ---- the run as a job of the queue (web_queue.c, GET /api/jobs/ID) ---- */

static json_t *job_run(web_job *job)
{
    assess_args *a = job->data;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    json_t *j = NULL;
    kh_actor who;
    int rc = web_job_open(job, &s, &who, &err);
    if (!rc) {
        j = assess_score(job->srv, s, &who, a, &err);
        rc = j ? KH_OK : err.status ? err.status : KH_ERR_NOMEM;
    }
    kh_store_close(s);
    web_files_free(&a->files);
    if (rc == KH_ERR_DB || rc == KH_ERR_NOMEM || rc == KH_ERR_IO)
        fprintf(stderr, "kaohe serve: job %lld: %s: %s\n", job->id,
                err.code, err.en);
    json_t *r = json_pack("{s:s}", "status", web_job_status(rc));
    if (r && j) {
        /* the stored run: its version, its regions, the ranking */
        json_object_set(r, "version", json_object_get(j, "version"));
        json_object_set_new(
            r, "regions",
            json_integer((json_int_t)json_array_size(
                json_object_get(j, "regions"))));
        json_object_set(r, "notes", json_object_get(j, "notes"));
        json_object_del(j, "notes");
        json_object_set_new(r, "assessment", j);
        j = NULL;
    } else if (r && rc) {
        /* as the request's refusal says it: where in which file */
        json_t *e = web_job_error(&err);
        if (e && err.file[0]) {
            json_object_set_new(e, "file", json_string(err.file));
            json_object_set_new(e, "row", json_integer((int)err.row));
            if (err.column[0])
                json_object_set_new(e, "column", json_string(err.column));
        }
        json_object_set_new(r, "error", e);
    }
    json_decref(j);
    return r;
}

static void job_state(const web_job *job, json_t *o)
{
    const assess_args *a = job->data;
    json_object_set_new(o, "kind", json_string("assess"));
    json_object_set_new(o, "name", json_string("综合评价"));
    json_object_set_new(o, "year", json_integer(a->year));
    json_object_set_new(o, "scheme", json_string(a->scheme));
    json_object_set_new(o, "level", json_string(kh_level_name(a->level)));
}

static const web_job_ops assess_ops = {job_run, job_state, args_free, NULL};

enum MHD_Result web_assess_run(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    if (strcmp(seg[3], "run"))
        return web_no_path(r);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    int multi = web_is_multipart(r);
    const char *name = web_arg(r, "name"), *job = web_arg(r, "job");
    if (!multi && !web_name_ok(name))
        return web_error(r, 400, "bad_name",
                         "参数 name 应为文件名(不含路径)",
                         "the parameter name must be a file name (no path)");
    if (job && strcmp(job, "0") && strcmp(job, "1"))
        return web_error(r, 400, "bad_arg", "job 应为 0 或 1",
                         "job must be 0 or 1");
    long long year;
    int level;
    enum MHD_Result ret;
    if (year_level(r, seg, &year, &level, &ret)) return ret;
    /* presets only: a scheme file on the server is no business of the
     * browser */
    if (strchr(seg[0], '/') || strstr(seg[0], ".scheme") ||
        strlen(seg[0]) >= sizeof ((assess_args *)0)->scheme)
        return web_error(r, 400, "bad_arg", "方案应为预置方案的名称",
                         "the scheme must be a preset's name");
    assess_args *a = calloc(1, sizeof *a);
    if (!a) return web_nomem(r);
    snprintf(a->scheme, sizeof a->scheme, "%s", seg[0]);
    a->year = (int)year;
    a->level = level;
    web_today(r, a->today);
    /* the inputs: one file as the body (?name=), or several as the files
     * of a multipart/form-data body, merged as `assess run --inputs A
     * --inputs B` merges them */
    web_files *files = &a->files;
    int rc;
    if (multi) {
        rc = web_multipart_files(r, files, &err);
    } else {
        rc = r->up_len ? web_upload_take(r, files->paths[0],
                                         sizeof files->paths[0], &err)
                       : web_tmp_file(files->paths[0], sizeof files->paths[0],
                                      "inputs", NULL, 0, &err);
        if (!rc) {
            files->n = 1;
            snprintf(files->names[0], sizeof files->names[0], "%s", name);
        }
    }
    if (rc) {
        free(a);
        return web_fail(r, &err);
    }
    /* job=1: a job of the one queue (202, then GET /api/jobs/ID) */
    if (job && !strcmp(job, "1"))
        return web_queue_start(r, &web_jobs_family, &assess_ops, a);
    /* else scored within the request */
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    json_t *j = assess_score(r->srv, s, &who, a, &err);
    args_free(a);
    return j ? web_json(r, 200, j) : web_fail(r, &err);
}

/* ---- GET /api/assessments/S/Y/L/CODE/households?item=PATH&limit=N ---- */

typedef struct hh_ctx {
    kh_indicators *ix;
    size_t ind;
    long long limit, total;
    json_t *list;
} hh_ctx;

static int hh_one(void *ctx, const kh_ind_hh *h, kh_error *err)
{
    hh_ctx *c = ctx;
    long long num, den;
    kh_indicators_terms(c->ix, h, c->ind, &num, &den);
    if (!num) return KH_OK;
    if (c->total++ < c->limit)
        json_array_append_new(c->list,
                              json_pack("{s:s,s:s,s:I,s:I}", "hh_id", h->hh_id,
                                        "village", h->village, "num",
                                        (json_int_t)num, "den",
                                        (json_int_t)den));
    (void)err;
    return KH_OK;
}

enum MHD_Result web_assess_households(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    if (strcmp(seg[4], "households"))
        return web_no_path(r);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    enum MHD_Result denied;
    if (read_may(r, s, seg, NULL, &denied)) return denied;
    const char *code = seg[3], *path = web_arg(r, "item");
    long long limit = web_arg_int(r, "limit", 50, 1, 1000);
    if (strlen(code) != 12 || strspn(code, "0123456789") != 12 || !path ||
        limit < 0)
        return web_error(r, 400, "bad_arg",
                         "需要 12 位区划代码、参数 item,limit 为 1 到 1000",
                         "a 12-digit region code and item are required, "
                         "limit 1 to 1000");
    if (read_may(r, s, seg, code, &denied)) return denied;
    enum MHD_Result ret = MHD_NO;
    kh_assessment *a = load_run(r, s, seg, &ret);
    if (!a) return ret;
    int g = kh_assessment_find(a, code);
    const kh_scheme_item *it = NULL;
    if (g >= 0)
        for (size_t i = 0; i < a->regions[g].scheme->nitems; i++)
            if (!strcmp(a->regions[g].scheme->items[i].path, path))
                it = &a->regions[g].scheme->items[i];
    kh_regionset *rs = NULL;
    kh_indicators *ix = NULL;
    int rc = KH_OK, ind = -1;
    if (g < 0)
        rc = kh_error_set(&err, KH_ERR_NOTFOUND, "region_missing",
                          "此次考核中没有区划 %s",
                          "region %s is not in this assessment", code);
    else if (!it || it->src != KH_SRC_INDICATOR)
        rc = kh_error_set(&err, KH_ERR_NOTFOUND, "item_missing",
                          "方案中没有取自指标的项目“%s”",
                          "the scheme has no indicator item '%s'", path);
    if (!rc) rc = kh_regionset_new(&rs, &err);
    if (!rc) rc = kh_store_regions_load(s, rs, &err);
    if (!rc)
        rc = kh_indicators_new(r->srv->std, a->year, rs,
                               kh_store_ind_with(s, a->year), &ix, &err);
    if (!rc && ((ind = kh_indicators_find(ix, it->ref)) < 0 ||
                kh_indicators_kind(ix, (size_t)ind) == 1))
        rc = kh_error_set(&err, KH_ERR_INVALID, "not_per_household",
                          "指标 %s 不按户计(是计数),没有户列表",
                          "indicator %s is a count, not per household: no "
                          "households to list", it->ref);
    hh_ctx c = {ix, (size_t)(ind < 0 ? 0 : ind), limit, 0, json_array()};
    if (!rc) {
        char prefix[13];
        snprintf(prefix, sizeof prefix, "%.*s",
                 kh_region_prefix_len(a->regions[g].scheme->level), code);
        rc = kh_store_ind_households(s, a->year, r->srv->std, prefix, hh_one,
                                     &c, &err);
    }
    json_t *out = rc ? NULL
                     : json_pack("{s:s,s:s,s:s,s:I,s:o}", "code", code, "item",
                                 it->path, "indicator", it->ref, "total",
                                 (json_int_t)c.total, "households", c.list);
    if (rc) json_decref(c.list);
    kh_indicators_free(ix);
    kh_regionset_free(rs);
    kh_assessment_free(a);
    return rc ? web_fail(r, &err) : web_json(r, 200, out);
}
