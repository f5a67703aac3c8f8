/* SPDX-License-Identifier: MIT */
/*
 * web_survey.c - 入户调查 entered in the browser by the 第三方评估 role, a
 * household at a time (GET and POST /api/survey/{year}/{hh_id}): the
 * household must be one its sample drew (the access-checked read of
 * kh_store_hh_get); the answers are checked by the same library check as
 * `kaohe import survey` (kh_survey_row_check, one row with the file's
 * columns), classified by the same classifier (kh_classify) and stored
 * with kh_survey_put under the latest design of the year that drew the
 * household, replacing what was saved before — each household saved as
 * the evaluator goes. The save and its audit entry are one transaction.
 * (The import's own loop is in src/cli/cli_import_sample.c; when the
 * sampling use cases move into src/app this handler should call theirs.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/review.h"
#include "kaohe/sample.h"
#include "kaohe/sample_store.h"
#include "kaohe/standard.h"
#include "kaohe/survey.h"
#include "kaohe/app_sample.h"
#include "web/web_int.h"

/* The household for r: who may enter it, drawn and visible, is the use
 * case's (kh_app_survey_household_may); *design its design; the
 * worker's store. Replies and returns NULL when it may not be entered. */
static kh_store *surveyed_hh(web_req *r, char **seg, long long *design,
                             enum MHD_Result *ret)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) {
        *ret = web_fail(r, &err);
        return NULL;
    }
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    if (kh_app_survey_household_may(s, &who, 0, NULL, design, &err)) {
        *ret = web_fail(r, &err); /* the role: recorded by the server */
        return NULL;
    }
    long long year = web_parse_int(seg[0], 1900, 2100);
    if (year < 0 || strlen(seg[1]) > 64) {
        *ret = web_error(r, 400, "bad_arg", "年度或户编号无效",
                         "bad year or household number");
        return NULL;
    }
    pthread_mutex_lock(&r->srv->write_lock); /* a refusal is written */
    int rc = kh_app_survey_household_may(s, &who, (int)year, seg[1], design,
                                         &err);
    pthread_mutex_unlock(&r->srv->write_lock);
    if (rc) {
        if (rc == KH_ERR_DENIED && strcmp(err.code, "role_denied"))
            r->audited = 1;
        *ret = web_fail(r, &err);
        return NULL;
    }
    return s;
}

/* The survey's columns: key, title, the standards' list, required. */
static json_t *columns(void)
{
    json_t *a = json_array();
    for (int c = 0; c < KH_SV_COUNT; c++) {
        const kh_coldef *d = &kh_survey_cols[c];
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:s?,s:b,s:b}", "key", d->key, "column",
                         d->zh, "list", d->enum_name, "required", d->required,
                         "money", d->type == KH_T_MONEY));
    }
    return a;
}

typedef struct saved_ctx {
    const kh_standard *std;
    json_t *values, *result;
} saved_ctx;

/* A stored yes/no (1, 0) as the standards' label. */
static const char *yes_no(const kh_standard *std, long v)
{
    int e = kh_standard_enum(std, "yesno");
    int k = e >= 0 ? kh_standard_enum_lookup(std, e, v ? "1" : "0", 1) : -1;
    return k >= 0 ? kh_standard_enum_label(std, e, k) : NULL;
}

/* The stored row back as the form's values (the survey table's names:
 * food for food_clothing) and kaohe's classification. */
static int saved_cols(void *ctx, int member, int n, const char *const *names,
                      const char *const *values, const int *is_num,
                      kh_error *err)
{
    saved_ctx *c = ctx;
    for (int i = 0; i < n; i++) {
        const char *k = names[i], *v = values[i];
        if (!strcmp(k, "fails") || !strcmp(k, "unknown") ||
            !strcmp(k, "approves")) {
            json_object_set_new(c->result, k, json_integer(atol(v)));
        } else if (!strcmp(k, "reasons")) {
            json_object_set_new(c->result, k, json_string(v));
        } else if (!strcmp(k, "income_pc")) {
            long long f = atoll(v);
            char y[40];
            snprintf(y, sizeof y, "%lld.%02lld", f / 100, f % 100);
            json_object_set_new(c->values, k, json_string(y));
        } else if (!strcmp(k, "housing") || !strcmp(k, "visitor") ||
                   !strcmp(k, "visited")) {
            json_object_set_new(c->values, k, json_string(v));
        } else if (strcmp(k, "design") && strcmp(k, "hh_id") &&
                   strcmp(k, "source") && is_num[i]) {
            const char *l = yes_no(c->std, atol(v));
            if (l)
                json_object_set_new(
                    c->values, !strcmp(k, "food") ? "food_clothing" : k,
                    json_string(l));
        }
    }
    return KH_OK;
}

static enum MHD_Result survey_get(web_req *r, kh_store *s, char **seg,
                                  long long design)
{
    kh_error err;
    kh_error_clear(&err);
    saved_ctx c = {r->srv->std, json_object(), json_object()};
    int found = 0;
    if (kh_store_survey_of(s, design, seg[1], saved_cols, &c, &found, &err)) {
        json_decref(c.values);
        json_decref(c.result);
        return web_fail(r, &err);
    }
    json_t *out = json_pack("{s:i,s:s,s:I,s:o}", "year", atoi(seg[0]),
                            "hh_id", seg[1], "design", (json_int_t)design,
                            "columns", columns());
    if (!out) return web_nomem(r);
    json_object_set_new(out, "saved", found ? c.values : json_null());
    json_object_set_new(out, "result", found ? c.result : json_null());
    if (!found) {
        json_decref(c.values);
        json_decref(c.result);
    }
    return web_json(r, 200, out);
}

/* The check's findings, for the form (its column, code and message). */
static int finding(void *ctx, const kh_finding *f)
{
    json_array_append_new(
        ctx, json_pack("{s:s,s:s,s:s}", "column", f->column ? f->column : "",
                       "code", f->code, "message", f->zh));
    return 0;
}

static enum MHD_Result survey_put(web_req *r, kh_store *s, char **seg,
                                  long long design)
{
    kh_error err;
    kh_error_clear(&err);
    enum MHD_Result ret;
    json_t *j = web_body_json(r, &ret);
    if (!j) return ret;
    /* the form as one row of the survey file, in its columns' order
     * (the check trims the cells in place: copies) */
    kh_cell cells[KH_SV_COUNT];
    int pos[KH_SV_COUNT];
    char *copy[KH_SV_COUNT] = {NULL};
    int oom = 0;
    for (int c = 0; c < KH_SV_COUNT; c++) {
        json_t *v = json_object_get(j, kh_survey_cols[c].key);
        char num[32];
        const char *t = c == KH_SV_HH_ID  ? seg[1]
                        : json_is_string(v) ? json_string_value(v)
                                            : "";
        if (json_is_integer(v)) {
            snprintf(num, sizeof num, "%lld",
                     (long long)json_integer_value(v));
            t = num;
        }
        size_t n = strlen(t);
        if (!(copy[c] = malloc(n + 1))) oom = 1;
        else memcpy(copy[c], t, n + 1);
        cells[c].s = copy[c] ? copy[c] : "";
        cells[c].len = copy[c] ? n : 0;
        pos[c] = c;
    }
    kh_row row = {1, 1, KH_SV_COUNT, cells, NULL};
    if (oom) {
        for (int c = 0; c < KH_SV_COUNT; c++) free(copy[c]);
        json_decref(j);
        return web_nomem(r);
    }
    json_t *found = json_array();
    kh_survey_row sr;
    kh_survey_obs obs;
    long errors = 0;
    const kh_standard *std = r->srv->std;
    int rc = kh_survey_row_check(std, "入户调查", pos, &row, &sr, &obs,
                                 finding, found, &errors);
    if (!rc && errors) {
        json_t *e = json_array_get(found, 0);
        json_t *out = json_pack(
            "{s:{s:s,s:s,s:o}}", "error", "code", "survey_invalid", "message",
            e ? json_string_value(json_object_get(e, "message")) : "",
            "findings", found);
        json_decref(j);
        for (int c = 0; c < KH_SV_COUNT; c++) free(copy[c]);
        return web_json(r, 422, out);
    }
    json_decref(found);
    /* classified as the import classifies (the same library) */
    kh_classifier *cl = NULL;
    kh_survey_class k;
    kh_buf why = KH_BUF_INIT;
    if (!rc) rc = kh_classifier_new(std, atoi(seg[0]), &cl, &err);
    if (!rc) rc = kh_classify(cl, &obs, &k, &err);
    for (int b = 0; !rc && b < KH_RV_COUNT && b < 32; b++)
        if (k.failed & (1u << b))
            rc = kh_buf_printf(&why, "%s%s", why.len ? "," : "",
                               kh_review_codes[b]);
    if (!rc && k.food_failed)
        rc = kh_buf_printf(&why, "%sfood_clothing", why.len ? "," : "");
    kh_classifier_free(cl);
    if (rc && !err.status)
        kh_error_msg(&err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    if (!rc) {
        sr.fails = k.fails;
        sr.unknown = k.unknown;
        sr.approves = k.approves;
        sr.reasons = why.len ? why.data : "";
        char object[128];
        snprintf(object, sizeof object, "survey/%lld/%s", design, seg[1]);
        rc = web_begin(r, s, &err);
        if (!rc) {
            rc = kh_survey_put(s, design, &sr, "web", &err);
            if (!rc)
                rc = web_audit(r, s, "survey.save", object, "ok", 1, NULL,
                               NULL, &err);
            rc = web_end(r, s, rc, &err);
        }
    }
    json_decref(j);
    for (int c = 0; c < KH_SV_COUNT; c++) free(copy[c]);
    if (rc) {
        kh_buf_free(&why);
        return web_fail(r, &err);
    }
    json_t *out = json_pack("{s:b,s:I,s:{s:i,s:i,s:i,s:s}}", "saved", 1,
                            "design", (json_int_t)design, "result", "fails",
                            sr.fails, "unknown", sr.unknown, "approves",
                            sr.approves, "reasons", sr.reasons);
    kh_buf_free(&why);
    return web_json(r, 200, out);
}

enum MHD_Result web_survey(web_req *r, char **seg, int nseg)
{
    long long design;
    enum MHD_Result ret;
    kh_store *s = surveyed_hh(r, seg, &design, &ret);
    if (!s) return ret;
    return strcmp(r->method, "POST") ? survey_get(r, s, seg, design)
                                     : survey_put(r, s, seg, design);
}
