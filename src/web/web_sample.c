/* SPDX-License-Identifier: MIT */
/*
 * web_sample.c - 第三方评估 through the server: GET
 * /api/samples/ID/estimate[?ci=korn-graubard|logit|wald] gives a design's
 * estimates (ID 0: the latest) as `kaohe sample estimate --format json`
 * gives them — the same use case (kh_app_sample_estimate: who may, the
 * refusal audited) and the same renderer (kh_sample_result_json).
 */
#include <string.h>

#include "kaohe/app_sample.h"
#include "kaohe/estimate.h"
#include "web/web_int.h"

enum MHD_Result web_sample_estimate(web_req *r, char **seg, int nseg)
{
    if (nseg != 2 || strcmp(seg[1], "estimate")) return web_no_path(r);
    long long id = web_parse_int(seg[0], 0, 1000000000000LL);
    if (id < 0)
        return web_error(r, 400, "bad_request", "抽样方案编号应为整数",
                         "the design id must be a whole number");
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
