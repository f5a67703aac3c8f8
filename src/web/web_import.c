/* SPDX-License-Identifier: MIT */
/*
 * web_import.c - registry imports over HTTP (docs/http-api.md, "Imports"):
 * POST /api/imports takes the file's bytes (streamed to a temporary file
 * by web_server.c, never held in memory) and starts the import
 * (kh_import_registry, the same as `kaohe import registry`) in a
 * background thread, one at a time; GET /api/imports/ID gives its
 * progress, findings and result; GET /api/imports/ID/rejects downloads
 * the reject file (audited). The jobs live in memory: the last
 * WEB_IMPORT_KEEP are kept, with their reject files, until the server
 * stops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kaohe/app.h"
#include "kaohe/import.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/label.h"
#include "web/web_queue.h"

#define WEB_IMPORT_FINDINGS 1000 /* findings kept for the reply */

/* An import's parameters and progress (its findings under the queue's
 * lock: GET copies them while the import adds to them). */
typedef struct imp_job {
    web_srv *srv;
    web_job *job;
    /* what and where */
    char lo[13], hi[13]; /* the villages it may hold ("": every one) */
    char name[256], sha[65];
    int year, keep_valid;
    int replace; /* replace=1: the user confirmed replacing a larger year */
    char upload[4096], rejects[4096];
    /* progress */
    long rows;
    json_t *findings;  /* the first WEB_IMPORT_FINDINGS */
    long long nfindings;
    /* the end */
    int has_rejects;
    long rejected_rows;
    kh_import_result res;
} imp_job;

static void job_free(void *p)
{
    imp_job *j = p;
    if (!j) return;
    if (j->upload[0]) unlink(j->upload);
    if (j->rejects[0]) unlink(j->rejects);
    json_decref(j->findings);
    free(j);
}

/* Beside its owner, who sees an import: the use case's rule
 * (kh_app_jobs_of_others). */
static int may_see(web_req *r)
{
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    return kh_app_jobs_of_others(r->srv->std, &who, KH_APP_JOB_IMPORT);
}

static const web_family imports = {
    WEB_FAM_IMPORTS, "imports", 1, "import_missing",
    "没有这个导入(或不是你的)", "no such import (or not yours)", may_see};

/* ---- the job's thread ---- */

static int on_finding(void *ctx, const kh_finding *f)
{
    imp_job *j = ctx;
    web_queue_lock(j->srv);
    if (j->nfindings++ < WEB_IMPORT_FINDINGS) {
        /* the code's Chinese name beside it */
        const char *label = kh_label_finding(j->srv->std, f->code);
        json_t *o = json_pack(
            "{s:I,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s,s:s}", "row",
            (json_int_t)f->row, "column", f->column ? f->column : "", "code",
            f->code, "label", label ? label : "其他问题", "severity",
            f->warning ? "warning" : "error", "hh_id",
            f->hh_id && *f->hh_id ? f->hh_id : NULL, "id_no",
            f->id_no && *f->id_no ? f->id_no : NULL, "message", f->zh,
            "message_en", f->en);
        if (o) json_array_append_new(j->findings, o);
    }
    web_queue_unlock(j->srv);
    return KH_OK;
}

static int on_progress(void *ctx, int phase, long rows, long long done,
                       long long total)
{
    imp_job *j = ctx;
    int store = phase == KH_IMPORT_STORE;
    int pct = store ? 99
              : total > 0 && done * 100 / total < 99 ? (int)(done * 100 / total)
              : total > 0 ? 99 : 0;
    web_queue_lock(j->srv);
    j->rows = rows;
    web_queue_unlock(j->srv);
    return web_job_progress(j->job, store ? "storing" : "reading", pct);
}

/* The audit entry's "after": the file and the counts. */
static char *counts_json(const imp_job *j, const kh_import_result *res,
                         const char *status)
{
    json_t *o = json_pack(
        "{s:s,s:s,s:i,s:s,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "file",
        j->name, "sha256", j->sha, "year", j->year, "status", status,
        "keep_valid", j->keep_valid, "rows", (json_int_t)res->st.rows,
        "households_read", (json_int_t)res->st.households, "errors",
        (json_int_t)res->st.errors, "warnings", (json_int_t)res->st.warnings,
        "households", (json_int_t)res->stored_hh, "persons",
        (json_int_t)res->stored_persons, "rejected_households",
        (json_int_t)res->rejected_hh, "rejected_rows",
        (json_int_t)res->rejected_rows);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return s;
}

static int audit(imp_job *j, kh_store *s, const char *outcome,
                 const char *after, long long records, kh_error *err)
{
    char object[320], now[32];
    snprintf(object, sizeof object, "registry/%d", j->year);
    kh_iso_time((long long)time(NULL), now);
    kh_audit a = {0,      now,     j->job->user.name, j->job->addr, "import.registry",
                  object, outcome, records, NULL,    after,
                  NULL};
    return kh_store_audit_add(s, &a, err);
}

/* Inside the import's transaction: its audit entry. */
static int before_commit(void *ctx, kh_store *s, kh_error *err)
{
    imp_job *j = ctx;
    char *after = counts_json(j, &j->res, "imported");
    if (!after)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    int rc = audit(j, s, "ok", after, j->res.stored_hh, err);
    free(after);
    return rc;
}

static json_t *job_run(web_job *job)
{
    imp_job *j = job->data;
    j->job = job;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    kh_import_result res;
    memset(&res, 0, sizeof res);
    int rc = web_job_open(job, &s, NULL, &err);
    if (!rc) {
        kh_import_opts o;
        memset(&o, 0, sizeof o);
        o.file = j->upload;
        o.source = j->name;
        o.db = j->srv->o.db;
        o.year = j->year;
        char d[11];
        memcpy(d, job->started, 10);
        d[10] = '\0';
        o.today[0] = atoi(d);
        o.today[1] = atoi(d + 5);
        o.today[2] = atoi(d + 8);
        o.keep_valid = j->keep_valid;
        o.replace = j->replace;
        o.rejects = j->keep_valid ? j->rejects : NULL;
        if (j->lo[0]) {
            o.scope_lo = j->lo;
            o.scope_hi = j->hi;
        }
        o.finding = on_finding;
        o.finding_ctx = j;
        o.progress = on_progress;
        o.progress_ctx = j;
        o.before_commit = before_commit;
        o.before_commit_ctx = j;
        /* the driver fills j->res as it goes: before_commit reads the
         * counts there */
        rc = kh_import_registry(s, j->srv->std, &o, &j->res, &err);
        res = j->res;
    }
    /* A year that would lose more than half its households without the
     * user's confirmation (replace=1) is refused like a file with errors:
     * the UI asks and imports again with replace=1. */
    int refused = rc == KH_ERR_INVALID ||
                  (rc && !strcmp(err.code, "replace_needed"));
    const char *status = !rc ? "imported" : refused ? "refused" : "failed";
    if (rc && s) {
        /* A refused or failed import changed nothing: its audit entry in
         * a transaction of its own. */
        kh_error e2;
        kh_error_clear(&e2);
        char *after = counts_json(j, &res, status);
        pthread_mutex_lock(&j->srv->write_lock);
        int arc = kh_store_begin(s, &e2);
        if (!arc) {
            arc = audit(j, s, refused ? "refused" : "failed",
                        after, 0, &e2);
            if (!arc) arc = kh_store_commit(s, &e2);
            else kh_store_rollback(s);
        }
        pthread_mutex_unlock(&j->srv->write_lock);
        if (arc)
            fprintf(stderr, "kaohe serve: import %lld: audit: %s\n", job->id,
                    e2.en);
        free(after);
    }
    kh_store_close(s);
    json_t *r = json_pack(
        "{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "status", status, "rows",
        (json_int_t)res.st.rows, "households_read",
        (json_int_t)res.st.households, "errors", (json_int_t)res.st.errors,
        "warnings", (json_int_t)res.st.warnings, "households",
        (json_int_t)res.stored_hh, "persons", (json_int_t)res.stored_persons,
        "rejected_households", (json_int_t)res.rejected_hh, "rejected_rows",
        (json_int_t)res.rejected_rows, "out_of_scope",
        (json_int_t)res.out_of_scope);
    if (r && rc && rc != KH_ERR_INVALID) {
        if (rc == KH_ERR_DB || rc == KH_ERR_NOMEM)
            fprintf(stderr, "kaohe serve: import %lld: %s: %s\n", job->id,
                    err.code, err.en);
        json_t *e = json_pack("{s:s,s:s,s:s}", "code",
                              err.code[0] ? err.code : "error", "message",
                              err.zh, "message_en", err.en);
        if (e && err.file[0]) {
            /* the upload's temporary name is not the user's */
            json_object_set_new(e, "file", json_string(j->name));
            json_object_set_new(e, "row", json_integer(err.row));
            if (err.column[0])
                json_object_set_new(e, "column", json_string(err.column));
        }
        if (e) json_object_set_new(r, "error", e);
    }
    unlink(j->upload);
    web_queue_lock(j->srv);
    j->upload[0] = '\0';
    j->has_rejects = !rc && j->keep_valid && res.rejected_rows > 0;
    j->rejected_rows = res.rejected_rows;
    if (!j->has_rejects && j->rejects[0]) {
        unlink(j->rejects);
        j->rejects[0] = '\0';
    }
    web_queue_unlock(j->srv);
    return r ? r : json_pack("{s:s}", "status", status);
}

/* GET's fields of an import (under the queue's lock); the findings a
 * copy: the import adds to them meanwhile. */
static void job_state(const web_job *job, json_t *o)
{
    const imp_job *j = job->data;
    char rej[80];
    snprintf(rej, sizeof rej, "/api/imports/%lld/rejects", job->id);
    json_t *x = json_pack(
        "{s:s,s:i,s:s,s:b,s:I,s:o,s:I,s:s?}", "file", j->name, "year",
        j->year, "sha256", j->sha, "keep_valid", j->keep_valid, "rows",
        (json_int_t)j->rows, "findings", json_deep_copy(j->findings),
        "findings_total", (json_int_t)j->nfindings, "rejects",
        j->has_rejects ? rej : NULL);
    if (x) json_object_update(o, x);
    json_decref(x);
}

static const web_job_ops import_ops = {job_run, job_state, job_free,
                                       "reading"};

/* ---- POST /api/imports?year=Y&name=FILE[&keep_valid=1][&replace=1] ---- */

/* Who may import: the use case's rule (kh_app_import_may), the refusal
 * audited there; year < 0 for the role alone. 0 when allowed. */
static int import_may(web_req *r, kh_store *s, int year, const char *object,
                      kh_error *err)
{
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    pthread_mutex_lock(&r->srv->write_lock); /* a refusal is written */
    int rc = kh_app_import_may(s, r->srv->std, &who, year, object, err);
    pthread_mutex_unlock(&r->srv->write_lock);
    return rc;
}

enum MHD_Result web_import_start(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    long long year = web_arg_int(r, "year", -1, 1990, 2100);
    const char *name = web_arg(r, "name");
    const char *kv = web_arg(r, "keep_valid");
    const char *rp = web_arg(r, "replace");
    char object[64];
    snprintf(object, sizeof object, "registry/%lld", year);
    if (import_may(r, s, -1, object, &err)) return web_fail(r, &err);
    if (year < 0)
        return web_error(r, 400, "bad_arg", "需要参数 year(1990 到 2100)",
                         "the year (1990 to 2100) is required");
    if (!web_name_ok(name))
        return web_error(r, 400, "bad_name", "需要文件名 name(不含路径)",
                         "a file name (name, no path) is required");
    if (kv && strcmp(kv, "1") && strcmp(kv, "0"))
        return web_error(r, 400, "bad_arg", "keep_valid 应为 0 或 1",
                         "keep_valid must be 0 or 1");
    if (rp && strcmp(rp, "1") && strcmp(rp, "0"))
        return web_error(r, 400, "bad_arg", "replace 应为 0 或 1",
                         "replace must be 0 or 1");
    if (!r->up_len)
        return web_error(r, 400, "file_empty", "上传的文件为空",
                         "the uploaded file is empty");
    if (import_may(r, s, (int)year, object, &err)) return web_fail(r, &err);
    imp_job *j = calloc(1, sizeof *j);
    if (j) j->findings = json_array();
    if (!j || !j->findings) {
        free(j);
        return web_nomem(r);
    }
    j->srv = r->srv;
    { /* the villages it may hold: the use case's (kh_app_import_scope) */
        kh_actor who;
        kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
        kh_app_import_scope(&who, j->lo, j->hi);
    }
    snprintf(j->name, sizeof j->name, "%s", name);
    j->year = (int)year;
    j->keep_valid = kv && !strcmp(kv, "1");
    j->replace = rp && !strcmp(rp, "1");
    memcpy(j->sha, r->up_hex, sizeof j->sha);
    int rc = web_upload_take(r, j->upload, sizeof j->upload, &err);
    if (!rc && j->keep_valid)
        rc = web_tmp_file(j->rejects, sizeof j->rejects, "rejects", NULL, 0,
                          &err);
    if (rc) {
        job_free(j);
        return web_fail(r, &err);
    }
    return web_queue_start(r, &imports, &import_ops, j);
}

/* ---- GET /api/imports/ID[/rejects] ---- */

/* The findings as a user who may not see whole ID numbers gets them
 * (web.unmask_roles): each finding's id_no masked as the 明白卡 masks it,
 * in its field and wherever the messages quote it. f is a copy; a text
 * that cannot be masked for want of memory is left out, not shown. */
static void mask_findings(json_t *f)
{
    static const char *const keys[] = {"id_no", "message", "message_en"};
    size_t i;
    json_t *o;
    json_array_foreach(f, i, o) {
        const char *id = json_string_value(json_object_get(o, "id_no"));
        if (!id || !*id) continue;
        char *whole = strdup(id);
        for (int k = 0; k < 3; k++) {
            const char *t = json_string_value(json_object_get(o, keys[k]));
            json_t *m = whole && t ? web_mask_ids(t, &whole, 1) : NULL;
            if (m) json_object_set_new(o, keys[k], m);
            else json_object_del(o, keys[k]);
        }
        free(whole);
    }
}

enum MHD_Result web_import_get(web_req *r, char **seg, int nseg)
{
    int nomem;
    json_t *o = web_queue_state(r, &imports, seg[0], &nomem);
    if (!o) return nomem ? web_nomem(r) : web_queue_missing(r, &imports);
    /* Masked (kaohe/mask.h) unless an unmask role asks unmask=1, which is
     * audited; the reply's masking net masks the rest of the texts. */
    const char *um = web_arg(r, "unmask");
    int unmask = um && !strcmp(um, "1");
    if (unmask) {
        kh_error err;
        kh_error_clear(&err);
        char object[64];
        snprintf(object, sizeof object, "import/%s", seg[0]);
        kh_store *s = web_store(r, &err);
        if (!s) {
            json_decref(o);
            return web_fail(r, &err);
        }
        /* whether the role may: the one rule (kh_app_unmask) */
        kh_actor who;
        kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
        int masked;
        if (kh_app_unmask(&who, 1, &masked, &err)) {
            json_decref(o);
            /* said as the reads say it (a view, not a download) */
            kh_error_set(&err, KH_ERR_DENIED, "unmask_denied",
                         "你的角色(%s)不能查看完整的证件号码和电话",
                         "your role (%s) may not see whole ID numbers and "
                         "phones",
                         who.acc.role[0] ? who.acc.role : "-");
            return web_refuse(r, s, "import.unmask", object, &err);
        }
        if (web_audit_now(r, s, "import.unmask", object, "ok",
                          (long long)json_array_size(
                              json_object_get(o, "findings")),
                          &err)) {
            json_decref(o);
            return web_fail(r, &err);
        }
        r->unmasked = 1;
    } else {
        mask_findings(json_object_get(o, "findings"));
    }
    return web_json(r, 200, o);
}

enum MHD_Result web_import_rejects(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    if (strcmp(seg[1], "rejects"))
        return web_no_path(r);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    web_queue_lock(r->srv);
    web_job *job = web_queue_find(r, &imports, seg[0]);
    imp_job *j = job ? job->data : NULL;
    char path[4096] = "", name[300] = "";
    long rows = 0;
    if (j && j->has_rejects) {
        snprintf(path, sizeof path, "%s", j->rejects);
        const char *dot = strrchr(j->name, '.');
        int stem = dot && dot != j->name ? (int)(dot - j->name)
                                         : (int)strlen(j->name);
        snprintf(name, sizeof name, "%.*s-拒绝", stem, j->name);
        rows = j->rejected_rows;
    }
    web_queue_unlock(r->srv);
    if (!j) return web_queue_missing(r, &imports);
    if (!path[0])
        return web_error(r, 404, "rejects_missing",
                         "这次导入没有被拒绝的行",
                         "this import has no rejected rows");
    size_t n = 0;
    char *data = web_slurp(path, &n);
    if (!data) {
        kh_error_msg(&err, KH_ERR_IO, "rejects_read",
                     "无法读取拒绝文件", "cannot read the reject file");
        return web_fail(r, &err);
    }
    int xlsx = n >= 4 && !memcmp(data, "PK\x03\x04", 4);
    strncat(name, xlsx ? ".xlsx" : ".csv", sizeof name - strlen(name) - 1);
    char object[64];
    snprintf(object, sizeof object, "import/%s/rejects", seg[0]);
    if (web_audit_now(r, s, "import.rejects", object, "ok", rows, &err)) {
        free(data);
        return web_fail(r, &err);
    }
    return web_send_file(
        r, data, n, name,
        xlsx ? "application/vnd.openxmlformats-officedocument."
               "spreadsheetml.sheet"
             : "text/csv");
}
