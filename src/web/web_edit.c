/* SPDX-License-Identifier: MIT */
/*
 * web_edit.c - editing a household through the API (docs/http-api.md,
 * "Editing a household"), its history of changes, and the edit form's
 * lists of labels.
 *
 * The edit and the history are use cases of the library
 * (app_household.h, src/app/household.c: who may edit, the checks, the
 * version, the audit); here the request's path and body are taken and
 * the result rendered: 200 with the new version and the checker's
 * warnings, 403 for a refusal, 409 for a stale version, 422 with the
 * findings (each with its field and reason in Chinese and English).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_household.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "web/web_int.h"

/* ---- the replies ---- */

static enum MHD_Result bad_arg(web_req *r, const char *name)
{
    char zh[120], en[120];
    snprintf(zh, sizeof zh, "参数 %s 的值无效", name);
    snprintf(en, sizeof en, "bad value of the parameter %s", name);
    return web_error(r, 400, "bad_arg", zh, en);
}

/* seg's YEAR into *year and HH_ID, and the audit object
 * "household/YEAR/HH_ID": 0, or -1 after replying 400 (*ret). */
static int hh_path(web_req *r, char **seg, long *year, char object[128],
                   enum MHD_Result *ret)
{
    char *end;
    *year = strtol(seg[0], &end, 10);
    if (*end || *year < 1900 || *year > 2100) {
        *ret = bad_arg(r, "year");
        return -1;
    }
    if (strlen(seg[1]) > 64) {
        *ret = bad_arg(r, "hh_id");
        return -1;
    }
    snprintf(object, 128, "household/%ld/%s", *year, seg[1]);
    return 0;
}


/* ---- POST /api/households/YEAR/HH_ID ---- */

static json_t *loads(const char *t)
{
    return t ? json_loads(t, 0, NULL) : json_array();
}

enum MHD_Result web_household_edit(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    long year;
    const char *hh_id = seg[1];
    char object[128];
    enum MHD_Result ret;
    if (hh_path(r, seg, &year, object, &ret)) return ret;
    json_t *body = web_body_json(r, &ret);
    if (!body) return ret;
    json_decref(body);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    kh_hh_edit_result res;
    /* One write at a time from this process (web_begin's lock). */
    pthread_mutex_lock(&r->srv->write_lock);
    int rc = kh_app_household_edit(s, r->srv->std, &who, (int)year, hh_id,
                                   r->body.data ? r->body.data : "",
                                   r->body.len, -1, &res, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (!rc) {
        json_t *warnings = loads(res.warnings);
        kh_hh_edit_result_free(&res);
        return web_json(r, 200,
                        json_pack("{s:i,s:s,s:I,s:I,s:o}", "year", (int)year,
                                  "hh_id", hh_id, "version",
                                  (json_int_t)res.version, "changed",
                                  (json_int_t)res.changed, "warnings",
                                  warnings ? warnings : json_array()));
    }
    if (res.conflict) {
        kh_hh_edit_result_free(&res);
        return web_json(r, 409,
                        json_pack("{s:{s:s,s:s,s:s,s:I}}", "error", "code",
                                  "version_conflict", "message", err.zh,
                                  "message_en", err.en, "version",
                                  (json_int_t)res.version));
    }
    if (res.findings) {
        json_t *findings = loads(res.findings);
        kh_hh_edit_result_free(&res);
        if (!findings) return web_nomem(r);
        json_t *first = json_array_get(findings, 0);
        json_t *field = first ? json_object_get(first, "field") : NULL;
        return web_json(
            r, 422,
            json_pack("{s:{s:s,s:s,s:s,s:O?,s:o}}", "error", "code",
                      "invalid", "message", err.zh, "message_en", err.en,
                      "field", field, "findings", findings));
    }
    kh_hh_edit_result_free(&res);
    return web_fail(r, &err);
}

/* ---- GET /api/households/YEAR/HH_ID/history ---- */

static json_t *change_json(const kh_hh_change *c)
{
    json_t *o = json_object();
    json_t *from = json_loads(c->from, JSON_DECODE_ANY, NULL);
    json_t *to = json_loads(c->to, JSON_DECODE_ANY, NULL);
    json_object_set_new(o, "kind", json_string(c->kind));
    if (c->member) json_object_set_new(o, "member", json_integer(c->member));
    if (!strcmp(c->kind, "add")) {
        json_object_set_new(o, "to", to ? to : json_null());
        json_decref(from);
        return o;
    }
    if (!strcmp(c->kind, "remove")) {
        json_object_set_new(o, "from", from ? from : json_null());
        json_decref(to);
        return o;
    }
    json_object_set_new(o, "field", json_string(c->field));
    json_object_set_new(o, "column", json_string(c->column));
    json_object_set_new(o, "from", from ? from : json_null());
    json_object_set_new(o, "to", to ? to : json_null());
    return o;
}

static int history_row(void *ctx, const kh_hh_entry *e, kh_error *err)
{
    json_t *changes = json_array();
    for (size_t i = 0; i < e->n; i++)
        json_array_append_new(changes, change_json(&e->changes[i]));
    json_array_append_new(
        ctx, json_pack("{s:I,s:s,s:s,s:s?,s:o}", "id", (json_int_t)e->id,
                       "at", e->at, "who", e->who, "addr", e->addr,
                       "changes", changes));
    return KH_OK;
}

enum MHD_Result web_household_history(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    if (strcmp(seg[2], "history"))
        return web_error(r, 404, "not_found", "没有这个地址",
                         "no such address");
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    long year;
    const char *hh_id = seg[1];
    char object[128];
    enum MHD_Result ret;
    if (hh_path(r, seg, &year, object, &ret)) return ret;
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    json_t *list = json_array();
    long long version = 0;
    int may_edit = 0;
    pthread_mutex_lock(&r->srv->write_lock); /* a refusal is written */
    int rc = kh_app_household_history(s, &who, (int)year, hh_id, history_row,
                                      list, &version, &may_edit, &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc) {
        json_decref(list);
        /* the use case audited its refusal (household.read, denied):
         * once; the server's net of unaudited refusals leaves it */
        if (rc == KH_ERR_DENIED) r->audited = 1;
        return web_fail(r, &err);
    }
    return web_json(r, 200,
                    json_pack("{s:i,s:s,s:I,s:b,s:o}", "year", (int)year,
                              "hh_id", hh_id, "version", (json_int_t)version,
                              "may_edit", may_edit, "entries", list));
}

/* ---- GET /api/enums ---- */

static int finding_label(void *ctx, const char *key, const char *value,
                         const char *source)
{
    (void)source;
    static const char prefix[] = "finding_label.";
    if (!strncmp(key, prefix, sizeof prefix - 1))
        json_object_set_new(ctx, key + sizeof prefix - 1, json_string(value));
    return 0;
}

/* For each registry field whose value is a label (or, for 帮扶措施, a
 * list of labels), the labels the server's standards allow, in the
 * standards file's order: the edit form's lists to choose from; and
 * every column's title (the pages' labels). */
enum MHD_Result web_enums(web_req *r, char **seg, int nseg)
{
    (void)seg;
    (void)nseg;
    const kh_standard *std = r->srv->std;
    json_t *fields = json_object();
    for (int c = 0; fields && c < KH_C_COUNT; c++) {
        const kh_coldef *d = &kh_registry_cols[c];
        if ((d->type != KH_T_ENUM && d->type != KH_T_LIST) || !d->enum_name)
            continue;
        int e = kh_standard_enum(std, d->enum_name);
        if (e < 0) continue;
        json_t *labels = json_array();
        int n = kh_standard_enum_count(std, e);
        for (int i = 0; labels && i < n; i++)
            json_array_append_new(labels,
                                  json_string(kh_standard_enum_label(std, e, i)));
        json_object_set_new(
            fields, d->key,
            json_pack("{s:s,s:s,s:b,s:b,s:b,s:o}", "column", d->zh, "list",
                      d->enum_name, "member", c >= KH_C_FIRST_MEMBER,
                      "required", d->required, "multiple",
                      d->type == KH_T_LIST, "labels", labels));
    }
    /* every registry column's title, for the pages' labels (one source:
     * the headers a registry file has, src/domain/registry.c) */
    json_t *cols = json_array();
    for (int c = 0; cols && c < KH_C_COUNT; c++) {
        const kh_coldef *d = &kh_registry_cols[c];
        json_array_append_new(
            cols, json_pack("{s:s,s:s,s:b,s:b}", "key", d->key, "column",
                            d->zh, "member", c >= KH_C_FIRST_MEMBER, "money",
                            d->type == KH_T_MONEY));
    }
    /* every finding's name in words ([finding_label]): the pages' one
     * source for them */
    json_t *findings = json_object();
    if (findings) kh_standard_each(std, finding_label, findings);
    return web_json(r, 200,
                    json_pack("{s:o,s:o,s:o}", "fields", fields, "columns",
                              cols, "findings", findings));
}
