/* SPDX-License-Identifier: MIT */
/*
 * web_year.c - undoing a wrong import in the browser, for the roles of
 * [web] year_roles (系统管理员): GET /api/years/info lists each year the
 * database holds with what it holds and what refers to it (`kaohe year
 * list`); POST /api/years/YEAR/delete with {"confirm": YEAR, "force":
 * false} deletes its snapshot through the use case of src/app/year.c (who
 * may, the refusal while something refers to the year unless force, the
 * transaction and the audit entry are decided there, as for `kaohe year
 * delete`). docs/http-api.md "Years".
 */
#include <stdio.h>
#include <string.h>

#include "kaohe/app.h"
#include "kaohe/app_year.h"
#include "kaohe/standard.h"
#include "kaohe/year.h"
#include "web/web_int.h"

static json_t *info_json(const kh_year_info *y)
{
    return json_pack("{s:i,s:b,s:I,s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:b}", "year",
                     y->year, "snapshot", y->has_snapshot, "households",
                     (json_int_t)y->households, "persons",
                     (json_int_t)y->persons, "source", y->source,
                     "imported_at", y->imported_at, "problems",
                     (json_int_t)y->problems, "assess_runs",
                     (json_int_t)y->assess_runs, "samples",
                     (json_int_t)y->samples, "roster", (json_int_t)y->roster,
                     "referred", kh_year_referred(y));
}

static int add_year(void *ctx, const kh_year_info *y)
{
    json_t *o = info_json(y);
    if (!o || json_array_append_new(ctx, o)) return KH_ERR_NOMEM;
    return KH_OK;
}

/* GET /api/years/info */
static enum MHD_Result year_list(web_req *r, kh_store *s)
{
    kh_error err;
    kh_error_clear(&err);
    json_t *list = json_array();
    if (!list) return web_nomem(r);
    /* who may: the use case (kh_app_year_list, a refusal audited) */
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    pthread_mutex_lock(&r->srv->write_lock); /* a refusal is written */
    int rc = kh_app_year_list(s, r->srv->std, &who, add_year, list, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc) {
        json_decref(list);
        if (rc == KH_ERR_DENIED) r->audited = 1;
        return rc == KH_ERR_NOMEM ? web_nomem(r) : web_fail(r, &err);
    }
    return web_json(r, 200, json_pack("{s:o}", "years", list));
}

enum MHD_Result web_year_info(web_req *r, char **seg, int nseg)
{
    (void)nseg;
    if (strcmp(seg[0], "info")) return web_no_path(r);
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    return year_list(r, s);
}

/* POST /api/years/YEAR/delete {"confirm": YEAR, "force": bool} */
enum MHD_Result web_year_delete(web_req *r, char **seg, int nseg)
{
    (void)nseg;
    if (strcmp(seg[1], "delete")) return web_no_path(r);
    long long year = web_parse_int(seg[0], 1990, 2100);
    if (year < 0)
        return web_error(r, 400, "bad_arg", "年度应为 1990 到 2100 的年份",
                         "the year must be 1990 to 2100");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    enum MHD_Result ret;
    json_t *j = web_body_json(r, &ret);
    if (!j) return ret;
    json_t *conf = json_object_get(j, "confirm");
    json_t *force = json_object_get(j, "force");
    int bad_force = force && !json_is_boolean(force);
    int confirmed = json_is_integer(conf) && json_integer_value(conf) == year;
    int f = force && json_is_true(force);
    json_decref(j);
    if (bad_force)
        return web_error(r, 400, "bad_field", "force 应为 true 或 false",
                         "force must be true or false");
    /* The confirmation: the year typed again, as `--yes` on the command
     * line; without it nothing is asked of the use case. */
    if (!confirmed)
        return web_error(r, 400, "confirm_required",
                         "请再次填写要删除的年度(confirm)以确认",
                         "confirm by giving the year to delete again "
                         "(confirm)");
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    kh_year_info info;
    pthread_mutex_lock(&r->srv->write_lock);
    int rc = kh_app_year_delete(s, r->srv->std, &who, (int)year, f, &info,
                                &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    /* (the use case audited the deletion or its refusal) */
    if (rc) return web_fail(r, &err);
    return web_json(r, 200, json_pack("{s:b,s:o}", "deleted", 1, "year",
                                      info_json(&info)));
}
