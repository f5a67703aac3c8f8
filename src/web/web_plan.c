/* SPDX-License-Identifier: MIT */
/*
 * web_plan.c - POST /api/problems/import (docs/http-api.md "Plan
 * import"): the plan sheet as the request's body (?name= its file name),
 * imported by the use case behind `kaohe rectify import`
 * (kh_app_plan_import: who may, all or nothing, the audit). dry_run=1
 * answers what would change, problem by problem and field by field, and
 * writes nothing; the page shows it and sends the same file again, with
 * dry_run=0, once the user confirms. allow_new=1 and update_identity=1
 * are the CLI's --allow-new and --update-identity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/app_plan.h"
#include "web/web_int.h"

/* A 0/1 argument: *on set; -1 when it is neither. */
static int flag_arg(web_req *r, const char *name, int *on)
{
    const char *v = web_arg(r, name);
    *on = v && !strcmp(v, "1");
    return !v || !strcmp(v, "0") || !strcmp(v, "1") ? 0 : -1;
}

enum MHD_Result web_plan_import(web_req *r, char **seg, int nseg)
{
    if (nseg != 1 || strcmp(seg[0], "import"))
        return web_error(r, 404, "not_found", "没有这个操作",
                         "no such action");
    kh_error err;
    kh_error_clear(&err);
    const char *name = web_arg(r, "name");
    int dry, add, ident;
    if (flag_arg(r, "dry_run", &dry) || flag_arg(r, "allow_new", &add) ||
        flag_arg(r, "update_identity", &ident))
        return web_error(r, 400, "bad_arg",
                         "dry_run、allow_new、update_identity 应为 0 或 1",
                         "dry_run, allow_new and update_identity must be 0 "
                         "or 1");
    if (!web_name_ok(name))
        return web_error(r, 400, "bad_name", "需要文件名 name(不含路径)",
                         "a file name (name=, no path) is required");
    if (!r->up_len)
        return web_error(r, 400, "file_empty", "上传的文件为空",
                         "the uploaded file is empty");
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    /* the upload came to a file of its own as it arrived */
    char path[4096];
    if (web_upload_take(r, path, sizeof path, &err)) return web_fail(r, &err);
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    int flags = (dry ? KH_PLAN_DRY_RUN : 0) | (add ? KH_PLAN_ALLOW_NEW : 0) |
                (ident ? KH_PLAN_UPDATE_IDENTITY : 0);
    kh_plan_result res;
    pthread_mutex_lock(&r->srv->write_lock);
    int rc = kh_app_plan_import(s, r->srv->std, &who, path, name, flags,
                                &res, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    unlink(path);
    char *js = rc ? NULL : kh_plan_result_json(&res);
    kh_plan_result_free(&res);
    if (rc) return web_fail(r, &err);
    json_t *o = js ? json_loads(js, 0, NULL) : NULL;
    free(js);
    if (!o) return web_nomem(r);
    return web_json(r, 200, o);
}
