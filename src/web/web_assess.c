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

#include "kaohe/assess_json.h"
#include "kaohe/registry.h"
#include "web/web_int.h"

static enum MHD_Result no_role(web_req *r)
{
    return web_error(r, 403, "out_of_scope", "你的角色不能查看综合评价",
                     "your role may not see the assessments");
}

typedef struct runs_ctx {
    json_t *list;
} runs_ctx;

static int run_one(void *ctx, const char *scheme, int year, int level,
                   int version, const char *run_at, long long regions,
                   const char *inputs)
{
    runs_ctx *c = ctx;
    json_array_append_new(
        c->list, json_pack("{s:s,s:i,s:s,s:i,s:s,s:I,s:s?}", "scheme", scheme,
                           "year", year, "level", kh_level_name(level),
                           "version", version, "run_at", run_at, "regions",
                           (json_int_t)regions, "inputs", inputs));
    return 0;
}

enum MHD_Result web_assess_runs(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    if (r->acc.none) return no_role(r);
    runs_ctx c = {json_array()};
    if (kh_store_assess_runs(s, run_one, &c, &err)) {
        json_decref(c.list);
        return web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:o}", "runs", c.list));
}

/* seg (after the name): SCHEME, YEAR, LEVEL[, CODE]; ?version=N (default the
 * latest). The run, or NULL after replying (the reply's result in
 * *ret). */
static kh_assessment *load_run(web_req *r, kh_store *s, char **seg,
                               enum MHD_Result *ret)
{
    kh_error err;
    kh_error_clear(&err);
    char *end;
    long year = strtol(seg[1], &end, 10);
    int level = kh_level_parse(seg[2], strlen(seg[2]));
    long long version = web_arg_int(r, "version", 0, 1, 1000000);
    if (*end || year < 1900 || year > 2100) {
        *ret = web_error(r, 400, "bad_arg", "年度无效", "bad year");
        return NULL;
    }
    if (level == KH_LV_NONE || level == KH_LV_VILLAGE) {
        *ret = web_error(r, 400, "bad_arg", "级别只能是 省、市、县 或 乡",
                         "the level must be 省, 市, 县 or 乡");
        return NULL;
    }
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

static int in_scope(void *ctx, const char *code)
{
    return kh_access_region(ctx, code);
}

enum MHD_Result web_assess_show(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    if (r->acc.none) return no_role(r);
    enum MHD_Result ret = MHD_NO;
    kh_assessment *a = load_run(r, s, seg, &ret);
    if (!a) return ret;
    kh_buf b = KH_BUF_INIT;
    int rc = kh_assess_show_json(a, NULL, r->acc.all ? NULL : in_scope,
                                 &r->acc, &b);
    kh_assessment_free(a);
    if (rc) {
        kh_buf_free(&b);
        kh_error_msg(&err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        return web_fail(r, &err);
    }
    return web_json_buf(r, 200, &b);
}

enum MHD_Result web_assess_explain(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    if (r->acc.none) return no_role(r);
    const char *code = seg[3];
    if (strlen(code) != 12 || strspn(code, "0123456789") != 12)
        return web_error(r, 400, "bad_arg", "区划代码应为 12 位数字",
                         "the region code must be 12 digits");
    if (!kh_access_region(&r->acc, code)) {
        char object[192];
        snprintf(object, sizeof object, "assessment/%.64s/%.4s/%.8s/%s",
                 seg[0], seg[1], seg[2], code);
        kh_error_set(&err, KH_ERR_DENIED, "out_of_scope",
                     "无权查看该区划的考核结果",
                     "this region is outside what you may see");
        return web_refuse(r, s, "assessment.read", object, &err);
    }
    enum MHD_Result ret = MHD_NO;
    kh_assessment *a = load_run(r, s, seg, &ret);
    if (!a) return ret;
    int g = kh_assessment_find(a, code);
    kh_buf b = KH_BUF_INIT;
    if (g < 0) {
        kh_error_set(&err, KH_ERR_NOTFOUND, "region_missing",
                     "此次考核中没有区划 %s",
                     "region %s is not in this assessment", code);
    } else if (!kh_assess_explain_json(s, a, (size_t)g, &b, &err)) {
        kh_assessment_free(a);
        return web_json_buf(r, 200, &b);
    }
    kh_buf_free(&b);
    kh_assessment_free(a);
    return web_fail(r, &err);
}
