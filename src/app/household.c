/* SPDX-License-Identifier: MIT */
/*
 * household.c - the use cases of one household (app_household.h): the
 * edit, shared by POST /api/households/YEAR/HH_ID and `kaohe household
 * edit`, and the history of its edits.
 *
 * In one write transaction: the household is read back as registry rows,
 * the changes are applied to those rows, and the rows pass the import's
 * checker (check.h: the same rules, not a second validator); an error
 * refuses the edit and nothing changes. A version other than the stored
 * one is a conflict: the edit was based on data someone else has changed
 * since. A passing edit is written in place, the household's version and
 * the year's revision go up, the stored exit review is redone for the
 * household, and the audit entry (who, when, from where, which record,
 * the changed values before and after) is written in the same
 * transaction. Who may edit is decided here: the role ([web]
 * edit_roles), the household's village before and after the edit within
 * the actor's scope; every refusal is audited here.
 *
 * The audit entry's before and after are flat JSON objects keyed by what
 * changed: a household field by its key ("income_pc"), a member's field
 * as "mK.key" (K the member's position before the edit), a removed member
 * as "mK" (its fields before, null after), an added one as "+J" (null
 * before, its fields after).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_household.h"
#include "kaohe/card.h"
#include "kaohe/card_store.h"
#include "kaohe/check.h"
#include "kaohe/edit.h"
#include "kaohe/registry.h"
#include "kaohe/review_edit.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

#define EDIT_MAX_VALUE 400  /* bytes of one value */
#define EDIT_MAX_MEMBERS 60 /* members of one household after the edit */
#define HISTORY_MAX 200     /* entries of a household's history shown */
#define ACTION "household.edit"

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
static int check_rows(const kh_actor *who, const kh_standard *std,
                      kh_store *s, int year,
                      const ed_row *const *rows, size_t n, found *f,
                      kh_checker **ck, kh_regionset **rs,
                      const kh_household **h, kh_error *err)
{
    kh_cell hcells[KH_C_COUNT];
    for (int c = 0; c < KH_C_COUNT; c++) {
        hcells[c].s = kh_registry_cols[c].zh;
        hcells[c].len = strlen(kh_registry_cols[c].zh);
    }
    kh_row hdr = {0, 1, KH_C_COUNT, hcells, NULL};
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
    if (sscanf(who->now, "%4d-%2d-%2d", &opts.today[0], &opts.today[1],
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
        rc = kh_checker_new(std, any ? *rs : NULL, &opts, on_finding,
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

/* ---- the edit ---- */

void kh_hh_edit_result_free(kh_hh_edit_result *r)
{
    if (!r) return;
    free(r->warnings);
    free(r->findings);
    r->warnings = r->findings = NULL;
}

/* An audit entry in a transaction of its own (a refusal, after the
 * edit's transaction was rolled back). */
static int audit_alone(kh_store *s, const kh_actor *who, const char *object,
                       const char *outcome, long long records,
                       const char *before, const char *after,
                       const char *note, kh_error *err)
{
    int rc = kh_store_begin(s, err);
    if (!rc)
        rc = kh_app_audit(s, who, ACTION, object, outcome, records, before,
                          after, note, err);
    if (!rc) rc = kh_store_commit(s, err);
    else kh_store_rollback(s);
    return rc;
}

/* A finding that refuses the request before the checks: the shape of the
 * body (bad as the web reported it). */
static json_t *bad_finding(const bad *b)
{
    json_t *o = json_pack("{s:s?,s:s,s:s,s:s}", "field",
                          b->field[0] ? b->field : NULL, "code", b->code,
                          "message", b->zh, "message_en", b->en);
    if (o && b->member) json_object_set_new(o, "seq", json_integer(b->member));
    return o;
}

typedef struct edit_state {
    ed_rows old, cur;
    extras ex;
    kh_checker *ck;
    kh_regionset *rs;
    kh_member *members;
    const ed_row **kept;
    found f;
    json_t *before, *after;
    json_t *elsewhere; /* {"id_no", "household"} of IDs held out of scope */
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
    json_decref(e->elsewhere);
}

/* The ID numbers are unique in a year: the database's index would refuse
 * a number another household holds. Inside the actor's scope say whose;
 * outside it say only that it is registered elsewhere (the audit entry
 * keeps the number and the household). */
static int id_unique(kh_store *s, const kh_actor *who, int year,
                     long long id, const kh_household *h, size_t n,
                     edit_state *e, int *dup, kh_error *err)
{
    for (size_t i = 0; i < n; i++) {
        char holder[80], village[13];
        const char *no = h->members[i].id_no;
        int rc = kh_store_id_holder(s, year, no, id, holder, sizeof holder,
                                    village, err);
        if (rc) return rc;
        if (!holder[0]) continue;
        char zh[300], en[300];
        if (kh_access_region(&who->acc, village)) {
            snprintf(zh, sizeof zh, "证件号码 %s 已登记在 %d 年的 %s 户", no,
                     year, holder);
            snprintf(en, sizeof en,
                     "ID number %s is already registered in household %s "
                     "of %d", no, holder, year);
        } else {
            snprintf(zh, sizeof zh,
                     "该证件号码已在其他户登记，请联系上级核实");
            snprintf(en, sizeof en,
                     "this ID number is already registered in another "
                     "household; ask your superior to verify it");
            char other[128];
            snprintf(other, sizeof other, "household/%d/%s", year, holder);
            if (!e->elsewhere && !(e->elsewhere = json_array()))
                return kh_error_nomem(err);
            json_array_append_new(e->elsewhere,
                                  json_pack("{s:s,s:s}", "id_no", no,
                                            "household", other));
        }
        json_array_append_new(
            e->f.errors,
            finding_json(&e->f, (long)i + 1, kh_registry_cols[KH_C_ID_NO].zh,
                         "id_duplicate", zh, en));
        *dup = 1;
    }
    return KH_OK;
}

/* Write the edited household in place, bump the version and the
 * revision, redo its stored review, and write the audit entry. */
static int write_edit(kh_store *s, const kh_standard *std,
                      const kh_actor *who, int year, long long id,
                      const char *object, const kh_household *h, size_t n,
                      edit_state *e, kh_error *err)
{
    /* The source rows and the unknown columns stay. */
    kh_household hh = *h;
    e->members = calloc(n, sizeof *e->members);
    if (!e->members) return kh_error_nomem(err);
    for (size_t i = 0; i < n; i++) {
        e->members[i] = h->members[i];
        e->members[i].row = e->kept[i]->row;
        e->members[i].line = e->kept[i]->line;
        e->members[i].extra =
            e->kept[i]->seq ? e->ex.v[e->kept[i]->seq - 1] : NULL;
    }
    hh.members = e->members;
    hh.row = e->old.r[0].row;
    hh.line = e->old.r[0].line;
    int rc = kh_store_household_replace(s, year, id, &hh, std, err);
    if (!rc)
        rc = kh_store_revision_bump(s, year,
                                    (long long)n - (long long)e->old.n, err);
    /* The stored exit review, when there is one, for the edited household
     * (and its helpers' helper_overload). */
    if (!rc) {
        int today[3];
        if (sscanf(who->now, "%4d-%2d-%2d", &today[0], &today[1],
                   &today[2]) != 3)
            today[0] = 0;
        rc = kh_store_review_edit(s, year, id, &hh,
                                  e->old.r[0].v[KH_C_HELPER_ID], std, today,
                                  NULL, err);
    }
    char *bj = rc ? NULL : json_dumps(e->before, JSON_COMPACT);
    char *aj = rc ? NULL : json_dumps(e->after, JSON_COMPACT);
    if (!rc && (!bj || !aj)) rc = kh_error_nomem(err);
    if (!rc)
        rc = kh_app_audit(s, who, ACTION, object, "ok", (long long)n, bj, aj,
                          NULL, err);
    free(bj);
    free(aj);
    return rc;
}

static char *dump_array(json_t *a)
{
    if (a) return json_dumps(a, JSON_COMPACT);
    json_t *empty = json_array();
    char *t = empty ? json_dumps(empty, JSON_COMPACT) : NULL;
    json_decref(empty);
    return t;
}

int kh_app_household_edit(kh_store *s, const kh_standard *std,
                          const kh_actor *who, int year, const char *hh_id,
                          const char *body_text, size_t len,
                          long long version_arg, kh_hh_edit_result *out,
                          kh_error *err)
{
    memset(out, 0, sizeof *out);
    char object[128];
    snprintf(object, sizeof object, "household/%d/%s", year, hh_id);
    json_error_t jerr;
    json_t *body = json_loadb(body_text, len, 0, &jerr);
    if (!json_is_object(body)) {
        json_decref(body);
        return kh_error_msg(err, KH_ERR_USAGE, "bad_json",
                            "修改内容应为 JSON 对象",
                            "the edit must be a JSON object");
    }
    if (!who->acc.may_edit) {
        json_decref(body);
        kh_error_set(err, KH_ERR_DENIED, "edit_denied",
                     "你的角色(%s)不能修改农户信息",
                     "your role (%s) may not edit households",
                     who->acc.role[0] ? who->acc.role : "-");
        return kh_app_refuse(s, who, ACTION, object, err);
    }
    json_t *jv = json_object_get(body, "version");
    if (version_arg >= 0) {
        jv = json_integer(version_arg);
        json_object_set_new(body, "version", jv);
    }
    if (!json_is_integer(jv) || json_integer_value(jv) < 0) {
        json_decref(body);
        return kh_error_msg(err, KH_ERR_USAGE, "version_required",
                            "请求体应有 version(修改所依据的版本号)",
                            "the body needs version (the version the edit "
                            "is based on)");
    }
    long long based_on = json_integer_value(jv);
    out->based_on = based_on;

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
    int rc = kh_store_begin(s, err);
    if (rc) {
        state_free(&e);
        json_decref(body);
        return rc;
    }
    /* From here on every way out ends the transaction first. */
    enum { OK, FAIL, DENIED, CONFLICT, BAD, INVALID, SAME } what = OK;
    rc = kh_store_hh_head(s, year, hh_id, &id, &version, village, err);
    if (rc) what = FAIL;
    else if (!kh_access_region(&who->acc, village)) what = DENIED;
    else if (version != based_on) what = CONFLICT;
    if (what == OK &&
        (rc = kh_store_registry_household(s, id, load_rows, &e.old, err)))
        what = FAIL;
    if (what == OK && e.old.n == 0) {
        rc = kh_error_set(err, KH_ERR_INVALID, "household_empty",
                          "该户没有成员,不能修改", "the household has no "
                          "members and cannot be edited");
        what = FAIL;
    }
    if (what == OK) {
        e.ex.n = e.old.n;
        if (!(e.ex.v = calloc(e.old.n, sizeof *e.ex.v))) {
            rc = kh_error_nomem(err);
            what = FAIL;
        } else if ((rc = kh_store_member_extras(s, id, load_extra, &e.ex,
                                                err))) {
            what = FAIL;
        }
    }
    for (size_t i = 0; what == OK && i < e.old.n; i++) {
        ed_row *c = rows_push(&e.cur);
        if (!c || copy_row(c, &e.old.r[i], 0, KH_C_COUNT)) {
            rc = kh_error_nomem(err);
            what = FAIL;
            break;
        }
        c->row = e.old.r[i].row;
        c->line = e.old.r[i].line;
        c->seq = e.old.r[i].seq;
    }
    if (what == OK && apply(&e.cur, body, &b)) what = BAD;
    size_t n = 0;
    const kh_household *h = NULL;
    if (what == OK) {
        e.kept = calloc(e.cur.n, sizeof *e.kept);
        if (!e.kept) {
            rc = kh_error_nomem(err);
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
        (rc = check_rows(who, std, s, year, e.kept, n, &e.f, &e.ck, &e.rs,
                         &h, err)))
        what = FAIL;
    if (what == OK && json_array_size(e.f.errors)) what = INVALID;
    if (what == OK) {
        int dup = 0;
        if ((rc = id_unique(s, who, year, id, h, n, &e, &dup, err)))
            what = FAIL;
        else if (dup)
            what = INVALID;
    }
    if (what == OK && !kh_access_region(&who->acc, h->village)) what = DENIED;
    if (what == OK &&
        (rc = write_edit(s, std, who, year, id, object, h, n, &e, err)))
        what = FAIL;
    if (what == OK) {
        rc = kh_store_commit(s, err); /* rolls back when it fails */
        if (rc) what = FAIL;
    } else {
        kh_store_rollback(s);
    }
    json_decref(body);
    out->version = version;
    switch (what) {
    case OK:
        out->version = version + 1;
        out->changed = (long long)json_object_size(e.after);
        out->warnings = dump_array(e.f.warnings);
        rc = out->warnings ? KH_OK : kh_error_nomem(err);
        break;
    case SAME:
        out->warnings = dump_array(NULL);
        rc = out->warnings ? KH_OK : kh_error_nomem(err);
        break;
    case DENIED:
        kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                     "无权修改该区划或其下的农户",
                     "this household is outside the region you may edit");
        rc = kh_app_refuse(s, who, ACTION, object, err);
        break;
    case CONFLICT:
        out->conflict = 1;
        rc = audit_alone(s, who, object, "conflict", -1, NULL, NULL, NULL,
                         err);
        if (!rc)
            rc = kh_error_set(
                err, KH_ERR_INVALID, "version_conflict",
                "该户已被他人修改(现为第 %lld 版,本次修改依据第 %lld 版),"
                "未作改动;请重新打开后再改",
                "someone changed this household since (it is at version "
                "%lld, the edit was based on %lld); nothing was changed: "
                "open it again and redo the edit",
                version, based_on);
        break;
    case BAD:
    case INVALID: {
        json_t *list = e.f.errors;
        if (what == BAD) {
            list = json_array();
            json_array_append_new(list, bad_finding(&b));
        }
        out->findings = dump_array(list);
        char *others = e.elsewhere ? json_dumps(e.elsewhere, JSON_COMPACT)
                                   : NULL;
        if (!out->findings || (e.elsewhere && !others))
            rc = kh_error_nomem(err);
        else
            rc = audit_alone(s, who, object, "invalid",
                             (long long)json_array_size(list), NULL, others,
                             others ? "id_elsewhere" : NULL, err);
        free(others);
        if (what == BAD) json_decref(list);
        if (!rc) {
            if (what == BAD)
                rc = kh_error_set(err, KH_ERR_INVALID, "invalid", "%s%.0s",
                                  "%.0s%s", b.zh, b.en);
            else
                rc = kh_error_msg(err, KH_ERR_INVALID, "invalid",
                                  "修改未通过建档立卡登记表的检查,未作改动",
                                  "the edit does not pass the registry's "
                                  "checks; nothing was changed");
        }
        break;
    }
    case FAIL:
    default:
        break;
    }
    state_free(&e);
    return rc;
}

static const char *str_of(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

int kh_hh_findings_each(const char *text, kh_hh_finding_fn fn, void *ctx)
{
    json_t *a = text ? json_loads(text, 0, NULL) : NULL;
    size_t i;
    json_t *o;
    int rc = 0;
    json_array_foreach(a, i, o)
    {
        kh_hh_finding f = {
            str_of(o, "field"),
            str_of(o, "column"),
            str_of(o, "code"),
            str_of(o, "message"),
            str_of(o, "message_en"),
            (int)json_integer_value(json_object_get(o, "member")),
            (int)json_integer_value(json_object_get(o, "seq")),
            (int)json_integer_value(json_object_get(o, "add"))};
        if ((rc = fn(ctx, &f))) break;
    }
    json_decref(a);
    return rc;
}

/* ---- the history ---- */

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

/* A JSON value as text (malloc'd; "null" for NULL). */
static char *text_of(json_t *v)
{
    if (!v) return strdup("null");
    char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(v);
    return t;
}

typedef struct hist_ctx {
    kh_hh_entry_fn fn;
    void *ctx;
} hist_ctx;

/* One audit entry as changes, keyed as this file's header says. */
static int history_row(void *vctx, const kh_audit *a, kh_error *err)
{
    hist_ctx *hc = vctx;
    json_t *before = a->before ? json_loads(a->before, 0, NULL) : NULL;
    json_t *after = a->after ? json_loads(a->after, 0, NULL) : NULL;
    size_t n = json_is_object(after) ? json_object_size(after) : 0;
    kh_hh_change *ch = calloc(n ? n : 1, sizeof *ch);
    char **texts = calloc(2 * (n ? n : 1), sizeof *texts);
    int rc = ch && texts ? KH_OK : kh_error_nomem(err);
    size_t k = 0;
    const char *key;
    json_t *to;
    json_object_foreach(after, key, to)
    {
        if (rc || k >= n) break;
        json_t *from = json_object_get(before, key);
        kh_hh_change *c = &ch[k];
        json_t *f, *t;
        const char *dot = strchr(key, '.');
        if (key[0] == '+') {
            c->kind = "add";
            f = json_null();
            t = shown_member(to);
        } else if (key[0] == 'm' && key[1] >= '0' && key[1] <= '9' && !dot) {
            c->kind = "remove";
            c->member = atoi(key + 1);
            f = shown_member(from);
            t = json_null();
        } else {
            const char *field = key;
            if (key[0] == 'm' && key[1] >= '0' && key[1] <= '9') {
                c->member = atoi(key + 1);
                field = dot + 1;
            }
            c->kind = "field";
            c->field = field;
            c->column = label_of(field);
            f = from ? shown(field, from) : json_null();
            t = shown(field, to);
        }
        texts[2 * k] = text_of(f);
        texts[2 * k + 1] = text_of(t);
        if (!texts[2 * k] || !texts[2 * k + 1]) rc = kh_error_nomem(err);
        c->from = texts[2 * k];
        c->to = texts[2 * k + 1];
        k++;
    }
    if (!rc) {
        kh_hh_entry e = {a->id, a->at, a->who, a->addr, k, ch};
        rc = hc->fn(hc->ctx, &e, err);
    }
    for (size_t i = 0; texts && i < 2 * k; i++) free(texts[i]);
    free(texts);
    free(ch);
    json_decref(before);
    json_decref(after);
    return rc;
}

int kh_app_household_history(kh_store *s, const kh_actor *who, int year,
                             const char *hh_id, kh_hh_entry_fn fn, void *ctx,
                             long long *version, int *may_edit,
                             kh_error *err)
{
    char object[128];
    snprintf(object, sizeof object, "household/%d/%s", year, hh_id);
    /* The same scope as reading the household. */
    int rc = kh_store_hh_get(s, &who->acc, year, hh_id, no_cols, NULL, err);
    if (rc == KH_ERR_DENIED)
        return kh_app_refuse(s, who, "household.read", object, err);
    if (rc) return rc;
    long long id;
    char village[13];
    if ((rc = kh_store_hh_head(s, year, hh_id, &id, version, village, err)))
        return rc;
    *may_edit = who->acc.may_edit && kh_access_region(&who->acc, village);
    hist_ctx hc = {fn, ctx};
    return kh_store_audit_of(s, object, ACTION, HISTORY_MAX, history_row, &hc,
                             err);
}
