/* SPDX-License-Identifier: MIT */
/*
 * web_edit.c - editing a household through the API (docs/http-api.md,
 * "Editing a household") and its history of changes.
 *
 * POST /api/households/YEAR/HH_ID takes the version the edit was based
 * on and the changed fields, in the registry's interchange format (the
 * values a registry file holds: money in 元, 是/否, labels). In one write
 * transaction: the household is read back as registry rows, the changes
 * are applied to those rows, and the rows pass the import's checker
 * (check.h: the same rules, not a second validator); an error refuses the
 * edit (422, each finding with its field and reason in Chinese and
 * English) and nothing changes. A version other than the stored one is a
 * conflict (409): the edit was based on data someone else has changed
 * since. A passing edit is written in place, the household's version and
 * the year's revision go up, and the audit entry (who, when, from where,
 * which record, the changed values before and after) is written in the
 * same transaction.
 *
 * The audit entry's before and after are flat JSON objects keyed by what
 * changed: a household field by its key ("income_pc"), a member's field
 * as "mK.key" (K the member's position before the edit), a removed member
 * as "mK" (its fields before, null after), an added one as "+J" (null
 * before, its fields after).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/card.h"
#include "kaohe/check.h"
#include "kaohe/edit.h"
#include "kaohe/registry.h"
#include "kaohe/review_edit.h"
#include "web/web_int.h"

#define EDIT_MAX_VALUE 400  /* bytes of one value */
#define EDIT_MAX_MEMBERS 60 /* members of one household after the edit */
#define HISTORY_MAX 200     /* entries of a household's history shown */

typedef struct ed_row {
    char *v[KH_C_COUNT];
    long row, line; /* the source row and line of the member */
    int seq;        /* 1-based position before the edit; 0 when added */
    int add;        /* 1-based index into add_members when added */
    int removed;
} ed_row;

typedef struct ed_rows {
    ed_row *r;
    size_t n, cap;
} ed_rows;

static void rows_free(ed_rows *e)
{
    for (size_t i = 0; i < e->n; i++)
        for (int c = 0; c < KH_C_COUNT; c++) free(e->r[i].v[c]);
    free(e->r);
    memset(e, 0, sizeof *e);
}

static ed_row *rows_push(ed_rows *e)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 8;
        ed_row *r = realloc(e->r, cap * sizeof *r);
        if (!r) return NULL;
        e->r = r;
        e->cap = cap;
    }
    ed_row *r = &e->r[e->n++];
    memset(r, 0, sizeof *r);
    return r;
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}


/* kh_store_registry_household's callback: the rows, copied. */
static int load_rows(void *ctx, const kh_row *header, const kh_row *const *rows,
                     size_t n, kh_error *err)
{
    ed_rows *e = ctx;
    for (size_t i = 0; i < n; i++) {
        ed_row *r = rows_push(e);
        if (!r) return kh_error_nomem(err);
        r->row = rows[i]->row;
        r->line = rows[i]->line;
        r->seq = (int)i + 1;
        for (int c = 0; c < KH_C_COUNT; c++)
            if (!(r->v[c] = dupn(rows[i]->cells[c].s, rows[i]->cells[c].len)))
                return kh_error_nomem(err);
    }
    return KH_OK;
}

typedef struct extras {
    char **v;
    size_t n;
} extras;

static int load_extra(void *ctx, size_t k, const char *extra, kh_error *err)
{
    extras *x = ctx;
    if (k >= x->n) return KH_OK;
    if (extra && !(x->v[k] = strdup(extra))) return kh_error_nomem(err);
    return KH_OK;
}

/* ---- the request's changes ---- */

/* A refusal of the request's shape, before any check: 422 with the
 * field. */
typedef struct bad {
    char field[64];
    int member;
    char code[32], zh[256], en[256];
} bad;

/* The length of s cut to at most max bytes without splitting a UTF-8
 * character (a cut name must still be valid text for the JSON reply). */
static int utf8_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return (int)n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return (int)n;
}

static int set_bad(bad *b, const char *field, int member, const char *code,
                   const char *zh, const char *en)
{
    field = field ? field : "";
    snprintf(b->field, sizeof b->field, "%.*s",
             utf8_cut(field, sizeof b->field - 1), field);
    b->member = member;
    snprintf(b->code, sizeof b->code, "%s", code);
    snprintf(b->zh, sizeof b->zh, "%s", zh);
    snprintf(b->en, sizeof b->en, "%s", en);
    return -1;
}

/* A JSON value as registry text (malloc'd), or NULL with b set. */
static char *value_text(const json_t *v, const char *key, int member, bad *b)
{
    char buf[64];
    const char *t = NULL;
    if (json_is_null(v)) t = "";
    else if (json_is_string(v)) t = json_string_value(v);
    else if (json_is_integer(v))
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v)),
            t = buf;
    else if (json_is_real(v))
        snprintf(buf, sizeof buf, "%.15g", json_real_value(v)), t = buf;
    else if (json_is_boolean(v)) t = json_is_true(v) ? "是" : "否";
    if (!t) {
        set_bad(b, key, member, "bad_value", "值应为文字、数字或 null",
                "the value must be text, a number or null");
        return NULL;
    }
    if (strlen(t) > EDIT_MAX_VALUE) {
        set_bad(b, key, member, "too_long", "值太长", "the value is too long");
        return NULL;
    }
    for (const char *p = t; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t') {
            set_bad(b, key, member, "bad_value", "值中有控制字符",
                    "the value has control characters");
            return NULL;
        }
    char *d = strdup(t);
    if (!d) set_bad(b, key, member, "nomem", "内存不足", "out of memory");
    return d;
}

/* The column of key, within [lo, hi), or -1 with b set. */
static int column_of(const char *key, int lo, int hi, int member, bad *b)
{
    int col = kh_registry_col_find(key, strlen(key));
    if (col < lo || col >= hi) {
        char zh[200], en[200];
        int kn = utf8_cut(key, 60);
        snprintf(zh, sizeof zh, "没有可修改的%s字段“%.*s”",
                 lo ? "成员" : "农户", kn, key);
        snprintf(en, sizeof en, "no %s field '%.*s' to edit",
                 lo ? "member" : "household", kn, key);
        set_bad(b, key, member, "unknown_field", zh, en);
        return -1;
    }
    if (col == KH_C_HH_ID) {
        set_bad(b, "hh_id", 0, "hh_id_fixed", "户编号不能修改",
                "the 户编号 (hh_id) cannot be changed");
        return -1;
    }
    return col;
}

/* Set the fields of obj (keys of [lo, hi)) in row r. */
static int set_fields(ed_row *r, json_t *obj, int lo, int hi, int member,
                      const char *skip, bad *b)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (skip && !strcmp(key, skip)) continue;
        int col = column_of(key, lo, hi, member, b);
        if (col < 0) return -1;
        char *t = value_text(v, kh_registry_cols[col].key, member, b);
        if (!t) return -1;
        free(r->v[col]);
        r->v[col] = t;
    }
    return 0;
}

static int copy_row(ed_row *to, const ed_row *from, int lo, int hi)
{
    for (int c = lo; c < hi; c++) {
        char *t = strdup(from->v[c] ? from->v[c] : "");
        if (!t) return -1;
        free(to->v[c]);
        to->v[c] = t;
    }
    return 0;
}

/* Apply the body's changes to e (a copy of the stored rows). */
static int apply(ed_rows *e, json_t *body, bad *b)
{
    size_t nold = e->n;
    json_t *rm = json_object_get(body, "remove_members");
    json_t *mem = json_object_get(body, "members");
    json_t *add = json_object_get(body, "add_members");
    json_t *hh = json_object_get(body, "household");
    if ((rm && !json_is_array(rm)) || (mem && !json_is_array(mem)) ||
        (add && !json_is_array(add)) || (hh && !json_is_object(hh)))
        return set_bad(b, "", 0, "bad_shape",
                       "household 应为对象,members、add_members、"
                       "remove_members 应为数组",
                       "household must be an object; members, add_members "
                       "and remove_members arrays");
    size_t i;
    json_t *v;
    json_array_foreach(rm, i, v)
    {
        json_int_t k = json_is_integer(v) ? json_integer_value(v) : 0;
        if (k < 1 || (size_t)k > nold || e->r[k - 1].removed)
            return set_bad(b, "remove_members", 0, "bad_member",
                           "remove_members 中的成员序号无效",
                           "a member number in remove_members is not valid");
        e->r[k - 1].removed = 1;
    }
    json_array_foreach(mem, i, v)
    {
        json_t *sq = json_is_object(v) ? json_object_get(v, "seq") : NULL;
        json_int_t k = json_is_integer(sq) ? json_integer_value(sq) : 0;
        if (k < 1 || (size_t)k > nold || e->r[k - 1].removed)
            return set_bad(b, "seq", 0, "bad_member",
                           "members 中每项应有有效的成员序号 seq(未删除的成员)",
                           "each item of members needs the seq of a member "
                           "that is not removed");
        if (set_fields(&e->r[k - 1], v, KH_C_FIRST_MEMBER, KH_C_COUNT, (int)k,
                       "seq", b))
            return -1;
    }
    json_array_foreach(add, i, v)
    {
        if (!json_is_object(v))
            return set_bad(b, "add_members", 0, "bad_shape",
                           "add_members 的每项应为对象",
                           "each item of add_members must be an object");
        ed_row *r = rows_push(e);
        if (!r) return set_bad(b, "", 0, "nomem", "内存不足", "out of memory");
        r->add = (int)i + 1;
        if (copy_row(r, &e->r[0], 0, KH_C_COUNT) ||
            copy_row(r, &(ed_row){0}, KH_C_FIRST_MEMBER, KH_C_COUNT))
            return set_bad(b, "", 0, "nomem", "内存不足", "out of memory");
        if (set_fields(r, v, KH_C_FIRST_MEMBER, KH_C_COUNT, 0, NULL, b))
            return -1;
    }
    size_t kept = 0;
    for (i = 0; i < e->n; i++) kept += !e->r[i].removed;
    if (kept == 0)
        return set_bad(b, "remove_members", 0, "members_required",
                       "农户至少要有一名成员", "a household needs a member");
    if (kept > EDIT_MAX_MEMBERS)
        return set_bad(b, "add_members", 0, "too_many",
                       "成员太多", "too many members");
    if (hh) {
        if (set_fields(&e->r[0], hh, 0, KH_C_FIRST_MEMBER, 0, NULL, b))
            return -1;
        for (i = 1; i < e->n; i++)
            if (copy_row(&e->r[i], &e->r[0], 0, KH_C_FIRST_MEMBER))
                return set_bad(b, "", 0, "nomem", "内存不足", "out of memory");
    }
    return 0;
}

/* ---- the checks ---- */

typedef struct found {
    json_t *errors, *warnings;
    const ed_row *const *rows; /* the checked rows, by position */
    size_t n;
} found;

static json_t *finding_json(const found *f, long pos, const char *column,
                            const char *code, const char *zh, const char *en)
{
    int col = column && *column ? kh_registry_col_find(column, strlen(column))
                                : -1;
    json_t *o = json_pack("{s:s?,s:s?,s:s,s:s,s:s}", "field",
                          col >= 0 ? kh_registry_cols[col].key : NULL,
                          "column", column && *column ? column : NULL, "code",
                          code, "message", zh, "message_en", en);
    if (o && pos >= 1 && (size_t)pos <= f->n &&
        (col < 0 || col >= KH_C_FIRST_MEMBER)) {
        const ed_row *r = f->rows[pos - 1];
        json_object_set_new(o, "member", json_integer(pos));
        if (r->seq) json_object_set_new(o, "seq", json_integer(r->seq));
        if (r->add) json_object_set_new(o, "add", json_integer(r->add));
    }
    return o;
}

static int on_finding(void *ctx, const kh_finding *fd)
{
    found *f = ctx;
    json_t *o = finding_json(f, fd->row, fd->column, fd->code, fd->zh, fd->en);
    if (!o) return KH_ERR_NOMEM;
    json_array_append_new(fd->warning ? f->warnings : f->errors, o);
    return KH_OK;
}

/* Run the import's checker over the edited rows. *h is the parsed
 * household (valid while *ck lives). */
static int check_rows(web_req *r, kh_store *s, int year,
                      const ed_row *const *rows, size_t n, found *f,
                      kh_checker **ck, kh_regionset **rs,
                      const kh_household **h, kh_error *err)
{
    kh_cell hcells[KH_C_COUNT];
    for (int c = 0; c < KH_C_COUNT; c++) {
        hcells[c].s = kh_registry_cols[c].zh;
        hcells[c].len = strlen(kh_registry_cols[c].zh);
    }
    kh_row hdr = {0, 1, KH_C_COUNT, hcells};
    kh_cell *cells = calloc(n * KH_C_COUNT, sizeof *cells);
    kh_row *rv = calloc(n, sizeof *rv);
    const kh_row **rp = calloc(n, sizeof *rp);
    int rc = cells && rv && rp ? KH_OK : kh_error_nomem(err);
    for (size_t i = 0; !rc && i < n; i++) {
        for (int c = 0; c < KH_C_COUNT; c++) {
            const char *v = rows[i]->v[c] ? rows[i]->v[c] : "";
            cells[i * KH_C_COUNT + c].s = v;
            cells[i * KH_C_COUNT + c].len = strlen(v);
        }
        rv[i].row = (long)i + 1;
        rv[i].line = (long)i + 1;
        rv[i].n = KH_C_COUNT;
        rv[i].cells = cells + i * KH_C_COUNT;
        rp[i] = &rv[i];
    }
    kh_check_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.year = year;
    if (sscanf(r->now, "%4d-%2d-%2d", &opts.today[0], &opts.today[1],
               &opts.today[2]) != 3)
        opts.today[0] = year;
    /* The checker looks up only the household's village: that region is
     * all of the list it needs. */
    char village[64] = "";
    if (n) {
        const char *v = rows[0]->v[KH_C_VILLAGE] ? rows[0]->v[KH_C_VILLAGE] : "";
        while (*v == ' ' || *v == '\t') v++;
        snprintf(village, sizeof village, "%s", v);
        size_t k = strlen(village);
        while (k && (village[k - 1] == ' ' || village[k - 1] == '\t'))
            village[--k] = '\0';
    }
    int any = 0;
    if (!rc) rc = kh_regionset_new(rs, err);
    if (!rc) rc = kh_store_region_for(s, village, *rs, &any, err);
    if (!rc)
        rc = kh_checker_new(r->srv->std, any ? *rs : NULL, &opts, on_finding,
                            f, ck, err);
    if (!rc) rc = kh_checker_header(*ck, "edit", "db", &hdr, err);
    long errors = 0;
    if (!rc) rc = kh_checker_household(*ck, rp, n, h, &errors, err);
    if (rc == KH_ERR_INVALID) rc = KH_OK; /* the findings say why */
    free(cells);
    free(rv);
    free(rp);
    return rc;
}

/* ---- before and after ---- */

static const char *val(const ed_row *r, int c)
{
    return r->v[c] ? r->v[c] : "";
}

static json_t *text_or_null(const char *v)
{
    return *v ? json_string(v) : json_null();
}

static json_t *member_obj(const ed_row *r)
{
    json_t *o = json_object();
    for (int c = KH_C_FIRST_MEMBER; c < KH_C_COUNT; c++)
        if (*val(r, c))
            json_object_set_new(o, kh_registry_cols[c].key,
                                json_string(val(r, c)));
    return o;
}

/* The changes from old to cur into before and after; their number. */
static int diff(const ed_rows *old, const ed_rows *cur, json_t *before,
                json_t *after)
{
    int n = 0;
    char key[64];
    for (int c = 0; c < KH_C_FIRST_MEMBER; c++)
        if (strcmp(val(&old->r[0], c), val(&cur->r[0], c))) {
            json_object_set_new(before, kh_registry_cols[c].key,
                                text_or_null(val(&old->r[0], c)));
            json_object_set_new(after, kh_registry_cols[c].key,
                                text_or_null(val(&cur->r[0], c)));
            n++;
        }
    for (size_t i = 0; i < cur->n; i++) {
        const ed_row *r = &cur->r[i];
        if (r->add) {
            snprintf(key, sizeof key, "+%d", r->add);
            json_object_set_new(before, key, json_null());
            json_object_set_new(after, key, member_obj(r));
            n++;
            continue;
        }
        const ed_row *o = &old->r[r->seq - 1];
        if (r->removed) {
            snprintf(key, sizeof key, "m%d", r->seq);
            json_object_set_new(before, key, member_obj(o));
            json_object_set_new(after, key, json_null());
            n++;
            continue;
        }
        for (int c = KH_C_FIRST_MEMBER; c < KH_C_COUNT; c++)
            if (strcmp(val(o, c), val(r, c))) {
                snprintf(key, sizeof key, "m%d.%s", r->seq,
                         kh_registry_cols[c].key);
                json_object_set_new(before, key, text_or_null(val(o, c)));
                json_object_set_new(after, key, text_or_null(val(r, c)));
                n++;
            }
    }
    return n;
}

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

/* 422 with the findings (taken); the refusal audited. */
static enum MHD_Result invalid(web_req *r, kh_store *s, const char *object,
                               json_t *findings, const char *zh,
                               const char *en)
{
    kh_error err;
    kh_error_clear(&err);
    if (web_audit_now(r, s, "household.edit", object, "invalid",
                      (long long)json_array_size(findings), &err)) {
        json_decref(findings);
        return web_fail(r, &err);
    }
    json_t *first = json_array_get(findings, 0);
    json_t *field = first ? json_object_get(first, "field") : NULL;
    return web_json(
        r, 422,
        json_pack("{s:{s:s,s:s,s:s,s:O?,s:o}}", "error", "code", "invalid",
                  "message", zh, "message_en", en, "field", field,
                  "findings", findings));
}

static enum MHD_Result bad_reply(web_req *r, kh_store *s, const char *object,
                                 const bad *b)
{
    json_t *o = json_pack("{s:s?,s:s,s:s,s:s}", "field",
                          b->field[0] ? b->field : NULL, "code", b->code,
                          "message", b->zh, "message_en", b->en);
    if (o && b->member) json_object_set_new(o, "seq", json_integer(b->member));
    json_t *list = json_array();
    json_array_append_new(list, o);
    return invalid(r, s, object, list, b->zh, b->en);
}

/* ---- POST /api/households/YEAR/HH_ID ---- */

typedef struct edit_state {
    ed_rows old, cur;
    extras ex;
    kh_checker *ck;
    kh_regionset *rs;
    kh_member *members;
    const ed_row **kept;
    found f;
    json_t *before, *after;
} edit_state;

static void state_free(edit_state *e)
{
    rows_free(&e->old);
    rows_free(&e->cur);
    for (size_t i = 0; i < e->ex.n; i++) free(e->ex.v[i]);
    free(e->ex.v);
    kh_checker_free(e->ck);
    kh_regionset_free(e->rs);
    free(e->members);
    free(e->kept);
    json_decref(e->f.errors);
    json_decref(e->f.warnings);
    json_decref(e->before);
    json_decref(e->after);
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
    kh_store *s = web_store(r, &err);
    if (!s) {
        json_decref(body);
        return web_fail(r, &err);
    }
    if (!r->acc.may_edit) {
        json_decref(body);
        kh_error_set(&err, KH_ERR_DENIED, "edit_denied",
                     "你的角色(%s)不能修改农户信息",
                     "your role (%s) may not edit households", r->user.role);
        return web_refuse(r, s, "household.edit", object, &err);
    }
    json_t *jv = json_object_get(body, "version");
    if (!json_is_integer(jv) || json_integer_value(jv) < 0) {
        json_decref(body);
        return web_error(r, 400, "version_required",
                         "请求体应有 version(修改所依据的版本号)",
                         "the body needs version (the version the edit is "
                         "based on)");
    }
    long long based_on = json_integer_value(jv);

    edit_state e;
    memset(&e, 0, sizeof e);
    e.f.errors = json_array();
    e.f.warnings = json_array();
    e.before = json_object();
    e.after = json_object();
    bad b;
    memset(&b, 0, sizeof b);
    long long id = 0, version = 0;
    char village[13];
    int rc = web_begin(r, s, &err);
    if (rc) {
        state_free(&e);
        json_decref(body);
        return web_fail(r, &err);
    }
    /* From here on every way out ends the transaction first. */
    enum { OK, FAIL, DENIED, CONFLICT, BAD, INVALID, SAME } what = OK;
    rc = kh_store_hh_head(s, (int)year, hh_id, &id, &version, village, &err);
    if (rc) what = FAIL;
    else if (!kh_access_region(&r->acc, village)) what = DENIED;
    else if (version != based_on) what = CONFLICT;
    if (what == OK &&
        (rc = kh_store_registry_household(s, id, load_rows, &e.old, &err)))
        what = FAIL;
    if (what == OK && e.old.n == 0) {
        rc = kh_error_set(&err, KH_ERR_INVALID, "household_empty",
                          "该户没有成员,不能修改", "the household has no "
                          "members and cannot be edited");
        what = FAIL;
    }
    if (what == OK) {
        e.ex.n = e.old.n;
        if (!(e.ex.v = calloc(e.old.n, sizeof *e.ex.v))) {
            rc = kh_error_nomem(&err);
            what = FAIL;
        } else if ((rc = kh_store_member_extras(s, id, load_extra, &e.ex,
                                                &err))) {
            what = FAIL;
        }
    }
    if (what == OK) {
        e.cur.n = 0;
        for (size_t i = 0; i < e.old.n && what == OK; i++) {
            ed_row *c = rows_push(&e.cur);
            if (!c || copy_row(c, &e.old.r[i], 0, KH_C_COUNT)) {
                rc = kh_error_nomem(&err);
                what = FAIL;
                break;
            }
            c->row = e.old.r[i].row;
            c->line = e.old.r[i].line;
            c->seq = e.old.r[i].seq;
        }
    }
    if (what == OK && apply(&e.cur, body, &b)) what = BAD;
    size_t n = 0;
    const kh_household *h = NULL;
    if (what == OK) {
        e.kept = calloc(e.cur.n, sizeof *e.kept);
        if (!e.kept) {
            rc = kh_error_nomem(&err);
            what = FAIL;
        } else {
            for (size_t i = 0; i < e.cur.n; i++)
                if (!e.cur.r[i].removed) e.kept[n++] = &e.cur.r[i];
            e.f.rows = e.kept;
            e.f.n = n;
        }
    }
    if (what == OK && diff(&e.old, &e.cur, e.before, e.after) == 0)
        what = SAME;
    if (what == OK &&
        (rc = check_rows(r, s, (int)year, e.kept, n, &e.f, &e.ck, &e.rs, &h,
                         &err)))
        what = FAIL;
    if (what == OK && json_array_size(e.f.errors)) what = INVALID;
    /* The ID numbers are unique in a year: the database's index would
     * refuse a number another household holds; say whose. */
    for (size_t i = 0; what == OK && i < n; i++) {
        char holder[80];
        if ((rc = kh_store_id_holder(s, (int)year, h->members[i].id_no, id,
                                     holder, sizeof holder, &err))) {
            what = FAIL;
        } else if (holder[0]) {
            char zh[300], en[300];
            snprintf(zh, sizeof zh, "证件号码 %s 已登记在 %d 年的 %s 户",
                     h->members[i].id_no, (int)year, holder);
            snprintf(en, sizeof en,
                     "ID number %s is already registered in household %s "
                     "of %d", h->members[i].id_no, holder, (int)year);
            json_array_append_new(
                e.f.errors, finding_json(&e.f, (long)i + 1,
                                         kh_registry_cols[KH_C_ID_NO].zh,
                                         "id_duplicate", zh, en));
            what = INVALID;
        }
    }
    if (what == OK && !kh_access_region(&r->acc, h->village)) what = DENIED;
    if (what == OK) {
        /* Write: the source rows and the unknown columns stay. */
        kh_household hh = *h;
        e.members = calloc(n, sizeof *e.members);
        if (!e.members) {
            rc = kh_error_nomem(&err);
            what = FAIL;
        } else {
            for (size_t i = 0; i < n; i++) {
                e.members[i] = h->members[i];
                e.members[i].row = e.kept[i]->row;
                e.members[i].line = e.kept[i]->line;
                e.members[i].extra =
                    e.kept[i]->seq ? e.ex.v[e.kept[i]->seq - 1] : NULL;
            }
            hh.members = e.members;
            hh.row = e.old.r[0].row;
            hh.line = e.old.r[0].line;
            rc = kh_store_household_replace(s, (int)year, id, &hh,
                                            r->srv->std, &err);
            if (!rc)
                rc = kh_store_revision_bump(
                    s, (int)year, (long long)n - (long long)e.old.n, &err);
            /* The stored exit review, when there is one, for the edited
             * household (and its helpers' helper_overload). */
            if (!rc) {
                int today[3];
                if (sscanf(r->now, "%4d-%2d-%2d", &today[0], &today[1],
                           &today[2]) != 3)
                    today[0] = 0;
                rc = kh_store_review_edit(s, (int)year, id, &hh,
                                          e.old.r[0].v[KH_C_HELPER_ID],
                                          r->srv->std, today, NULL, &err);
            }
            char *bj = rc ? NULL : json_dumps(e.before, JSON_COMPACT);
            char *aj = rc ? NULL : json_dumps(e.after, JSON_COMPACT);
            if (!rc && (!bj || !aj)) rc = kh_error_nomem(&err);
            if (!rc)
                rc = web_audit(r, s, "household.edit", object, "ok",
                               (long long)n, bj, aj, &err);
            free(bj);
            free(aj);
            if (rc) what = FAIL;
        }
    }
    rc = web_end(r, s, what == OK ? KH_OK : (rc ? rc : KH_ERR_INVALID), &err);
    if (what == OK && rc) what = FAIL;
    json_decref(body);
    switch (what) {
    case OK: {
        size_t changed = json_object_size(e.after);
        json_t *warnings = json_incref(e.f.warnings);
        state_free(&e);
        return web_json(r, 200,
                        json_pack("{s:i,s:s,s:I,s:I,s:o}", "year", (int)year,
                                  "hh_id", hh_id, "version",
                                  (json_int_t)(version + 1), "changed",
                                  (json_int_t)changed, "warnings",
                                  warnings));
    }
    case SAME:
        state_free(&e);
        return web_json(r, 200,
                        json_pack("{s:i,s:s,s:I,s:i,s:[]}", "year", (int)year,
                                  "hh_id", hh_id, "version",
                                  (json_int_t)version, "changed", 0,
                                  "warnings"));
    case DENIED:
        state_free(&e);
        kh_error_set(&err, KH_ERR_DENIED, "out_of_scope",
                     "无权修改该区划或其下的农户",
                     "this household is outside the region you may edit");
        return web_refuse(r, s, "household.edit", object, &err);
    case CONFLICT: {
        state_free(&e);
        kh_error e2;
        kh_error_clear(&e2);
        if (web_audit_now(r, s, "household.edit", object, "conflict", -1,
                          &e2))
            return web_fail(r, &e2);
        char zh[300], en[300];
        snprintf(zh, sizeof zh,
                 "该户已被他人修改(现为第 %lld 版,本次修改依据第 %lld 版),"
                 "未作改动;请重新打开后再改",
                 version, based_on);
        snprintf(en, sizeof en,
                 "someone changed this household since (it is at version "
                 "%lld, the edit was based on %lld); nothing was changed: "
                 "open it again and redo the edit",
                 version, based_on);
        return web_json(r, 409,
                        json_pack("{s:{s:s,s:s,s:s,s:I}}", "error", "code",
                                  "version_conflict", "message", zh,
                                  "message_en", en, "version",
                                  (json_int_t)version));
    }
    case BAD:
        state_free(&e);
        return bad_reply(r, s, object, &b);
    case INVALID: {
        json_t *errors = json_incref(e.f.errors);
        state_free(&e);
        return invalid(r, s, object, errors,
                       "修改未通过建档立卡登记表的检查,未作改动",
                       "the edit does not pass the registry's checks; "
                       "nothing was changed");
    }
    case FAIL:
    default:
        state_free(&e);
        return web_fail(r, &err);
    }
}

/* ---- GET /api/households/YEAR/HH_ID/history ---- */

static int no_cols(void *ctx, int member, int n, const char *const *names,
                   const char *const *values, const int *is_num,
                   kh_error *err)
{
    return KH_OK;
}

/* A value as shown: ID numbers and phones masked. */
static json_t *shown(const char *field, json_t *v)
{
    if (!json_is_string(v)) return json_incref(v);
    char out[128];
    const char *t = json_string_value(v);
    if (!strcmp(field, "id_no") || !strcmp(field, "helper_id")) {
        kh_card_mask_id(t, out, sizeof out);
        return json_string(out);
    }
    if (!strcmp(field, "phone")) {
        kh_mask_phone(t, out, sizeof out);
        return json_string(out);
    }
    return json_incref(v);
}

static json_t *shown_member(json_t *m)
{
    if (!json_is_object(m)) return json_incref(m);
    json_t *o = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(m, k, v) json_object_set_new(o, k, shown(k, v));
    return o;
}

static const char *label_of(const char *field)
{
    int col = kh_registry_col_find(field, strlen(field));
    return col >= 0 ? kh_registry_cols[col].zh : field;
}

/* One change of an audit entry's before/after, keyed as web_edit.c's
 * header says. */
static json_t *change_json(const char *key, json_t *from, json_t *to)
{
    json_t *o = json_object();
    if (key[0] == '+') {
        json_object_set_new(o, "kind", json_string("add"));
        json_object_set_new(o, "to", shown_member(to));
        return o;
    }
    const char *dot = strchr(key, '.');
    if (key[0] == 'm' && key[1] >= '0' && key[1] <= '9') {
        json_object_set_new(o, "member", json_integer(atoi(key + 1)));
        if (!dot) {
            json_object_set_new(o, "kind", json_string("remove"));
            json_object_set_new(o, "from", shown_member(from));
            return o;
        }
        key = dot + 1;
    }
    json_object_set_new(o, "kind", json_string("field"));
    json_object_set_new(o, "field", json_string(key));
    json_object_set_new(o, "column", json_string(label_of(key)));
    json_object_set_new(o, "from", shown(key, from));
    json_object_set_new(o, "to", shown(key, to));
    return o;
}

static int history_row(void *ctx, const kh_audit *a, kh_error *err)
{
    json_t *before = a->before ? json_loads(a->before, 0, NULL) : NULL;
    json_t *after = a->after ? json_loads(a->after, 0, NULL) : NULL;
    json_t *changes = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(after, k, v)
        json_array_append_new(changes,
                              change_json(k, json_object_get(before, k), v));
    json_decref(before);
    json_decref(after);
    json_array_append_new(
        ctx, json_pack("{s:I,s:s,s:s,s:s?,s:o}", "id", (json_int_t)a->id,
                       "at", a->at, "who", a->who, "addr", a->addr,
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
    /* The same scope as reading the household. */
    if (kh_store_hh_get(s, &r->acc, (int)year, hh_id, no_cols, NULL, &err)) {
        if (err.status == KH_ERR_DENIED)
            return web_refuse(r, s, "household.read", object, &err);
        return web_fail(r, &err);
    }
    long long id, version;
    char village[13];
    if (kh_store_hh_head(s, (int)year, hh_id, &id, &version, village, &err))
        return web_fail(r, &err);
    json_t *list = json_array();
    if (kh_store_audit_of(s, object, "household.edit", HISTORY_MAX,
                          history_row, list, &err)) {
        json_decref(list);
        return web_fail(r, &err);
    }
    return web_json(r, 200,
                    json_pack("{s:i,s:s,s:I,s:b,s:o}", "year", (int)year,
                              "hh_id", hh_id, "version", (json_int_t)version,
                              "may_edit",
                              r->acc.may_edit &&
                                  kh_access_region(&r->acc, village),
                              "entries", list));
}

/* ---- GET /api/enums ---- */

/* For each registry field whose value is a label (or, for 帮扶措施, a
 * list of labels), the labels the server's standards allow, in the
 * standards file's order: the edit form's lists to choose from. */
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
    return web_json(r, 200, json_pack("{s:o}", "fields", fields));
}
