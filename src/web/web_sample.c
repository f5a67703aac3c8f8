/* SPDX-License-Identifier: MIT */
/*
 * web_sample.c - 第三方评估 through the server: GET
 * /api/samples/ID/estimate[?ci=korn-graubard|logit|wald] gives a design's
 * estimates (ID 0: the latest) as `kaohe sample estimate --format json`
 * gives them — the same use case (kh_app_sample_estimate: who may, the
 * refusal audited) and the same renderer (kh_sample_result_json).
 * GET /api/samples/ID/lists?format=xlsx|csv[&unmask=1] downloads a
 * design's field list (入户调查表) as one file, made by
 * kh_app_sample_lists (who may, the masking of the heads' ID numbers, the
 * audit) into a private temporary directory, sent and removed. A sample
 * design itself is a job (web_jobs.c, kind=sample).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/app_sample.h"
#include "kaohe/estimate.h"
#include "kaohe/sample_store.h"
#include "kaohe/tabwriter.h"
#include "web/web_int.h"

static enum MHD_Result lists(web_req *r, long long id)
{
    const char *f = web_arg(r, "format");
    int fmt = !f || !strcmp(f, "xlsx") ? KH_TAB_XLSX
              : !strcmp(f, "csv")      ? KH_TAB_CSV
                                       : -1;
    if (fmt < 0)
        return web_error(r, 400, "bad_request", "format 只能是 xlsx 或 csv",
                         "format must be xlsx or csv");
    const char *u = web_arg(r, "unmask");
    int unmask = u && !strcmp(u, "1");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    const char *ext = fmt == KH_TAB_XLSX ? "xlsx" : "csv";
    const char *t = getenv("TMPDIR");
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/kaohe-lists.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir)) {
        kh_error_msg(&err, KH_ERR_IO, "lists_tmp",
                     "无法生成调查表(临时目录)",
                     "cannot make the field list (temporary directory)");
        return web_fail(r, &err);
    }
    snprintf(path, sizeof path, "%s/lists.%s", dir, ext);
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    kh_design d;
    memset(&d, 0, sizeof d);
    pthread_mutex_lock(&r->srv->write_lock); /* the audit is written */
    int rc = kh_app_sample_lists(s, r->srv->std, &who, id, unmask, fmt,
                                 path, &d, NULL, NULL, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    free(d.report);
    size_t len = 0;
    char *data = NULL;
    if (!rc && !(data = web_slurp(path, &len)))
        rc = kh_error_msg(&err, KH_ERR_IO, "lists_read",
                          "无法读取生成的调查表",
                          "cannot read the field list made");
    unlink(path);
    rmdir(dir);
    if (rc) return web_fail(r, &err);
    char name[96];
    snprintf(name, sizeof name, "入户调查表-抽样方案%lld-%d.%s", d.id, d.year,
             ext);
    return web_send_file(
        r, data, len, name,
        fmt == KH_TAB_XLSX ? "application/vnd.openxmlformats-officedocument"
                             ".spreadsheetml.sheet"
                           : "text/csv; charset=utf-8");
}

enum MHD_Result web_sample_estimate(web_req *r, char **seg, int nseg)
{
    if (nseg != 2 ||
        (strcmp(seg[1], "estimate") && strcmp(seg[1], "lists")))
        return web_no_path(r);
    long long id = web_parse_int(seg[0], 0, 1000000000000LL);
    if (id < 0)
        return web_error(r, 400, "bad_request", "抽样方案编号应为整数",
                         "the design id must be a whole number");
    if (!strcmp(seg[1], "lists")) return lists(r, id);
    int method = KH_CI_KORN_GRAUBARD;
    const char *ci = web_arg(r, "ci");
    if (ci && (method = kh_ci_method_parse(ci)) < 0)
        return web_error(r, 400, "bad_request",
                         "ci 只能是 korn-graubard、logit 或 wald",
                         "ci must be korn-graubard, logit or wald");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    kh_sample_result *res = NULL;
    pthread_mutex_lock(&r->srv->write_lock); /* a refusal is written */
    int rc = kh_app_sample_estimate(s, r->srv->std, &who, id, method, 0,
                                    &res, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc) return web_fail(r, &err);
    kh_buf b = KH_BUF_INIT;
    rc = kh_sample_result_json(res, &b, &err);
    kh_sample_result_free(res);
    if (rc) {
        kh_buf_free(&b);
        return web_nomem(r);
    }
    return web_json_buf(r, 200, &b);
}
