/* SPDX-License-Identifier: MIT */
/*
 * dept_store.c - the departments' lists (dept_store.h, docs/dept.md): a
 * list's record with its counts, its rows that match a registered person
 * (and nothing else of the department's people), the reads the
 * comparison needs, and what a comparison leaves (findings, counts per
 * village and kind, the visits' results). SQL only.
 *
 * Every statement here has the same shape: prepare, bind its parameters
 * from a type string ('t' text, 'i' integer), step, hand each row to a
 * reader. exec() is that shape once; the functions below are its SQL and
 * their row readers. The rows of lists go through statements prepared
 * once (kh_dept_rows), as an import or a comparison runs them for every
 * row or member.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/dept_store.h"
#include "kaohe/funds_store.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "store_int.h"

typedef int (*row_fn)(sqlite3_stmt *st, void *ctx, kh_error *err);

/* Bind the parameters of types ('t' const char *, 'i' long long). */
static void bind(sqlite3_stmt *st, const char *types, va_list ap)
{
    for (int i = 0; types[i]; i++) {
        if (types[i] == 't') kh_sql_bind_text(st, i + 1, va_arg(ap, const char *));
        else sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
    }
}

/* Step st to its end, each row to each (when not NULL). */
static int step_all(kh_store *s, sqlite3_stmt *st, row_fn each, void *ctx,
                    kh_error *err)
{
    int rc = KH_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (each && (rc = each(st, ctx, err))) return rc;
    return step == SQLITE_DONE ? KH_OK : kh_sql_err(s, err);
}

/* Prepare sql, bind, run it with each row to each, finalize. */
static int exec(kh_store *s, const char *sql, row_fn each, void *ctx,
                kh_error *err, const char *types, ...)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s, sql, &st, err);
    if (rc) return rc;
    va_list ap;
    va_start(ap, types);
    bind(st, types, ap);
    va_end(ap);
    rc = step_all(s, st, each, ctx, err);
    sqlite3_finalize(st);
    return rc;
}

/* The same on a statement kept prepared: reset, bind, run. */
static int rerun(kh_store *s, sqlite3_stmt *st, row_fn each, void *ctx,
                 kh_error *err, const char *types, ...)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    va_list ap;
    va_start(ap, types);
    bind(st, types, ap);
    va_end(ap);
    int rc = step_all(s, st, each, ctx, err);
    sqlite3_reset(st);
    return rc;
}

/* src into dst of n bytes, cut to fit (as snprintf "%s" would, for
 * less: the comparison copies every member's fields). */
static void copy(char *dst, size_t n, const char *src)
{
    size_t l = src ? strnlen(src, n - 1) : 0;
    if (l) memcpy(dst, src, l);
    dst[l] = '\0';
}

/* Text columns col, col + 1, … into the const char * fields given
 * (ended by NULL), "" for NULL: the row readers' one shape. */
static void texts(sqlite3_stmt *st, int col, ...)
{
    va_list ap;
    va_start(ap, col);
    for (const char **p; (p = va_arg(ap, const char **)); col++)
        *p = kh_sql_str(st, col);
    va_end(ap);
}

/* ---- the lists ---- */

typedef struct id_ctx {
    kh_dept_id_fn fn;
    void *ctx;
} id_ctx;

static int on_id(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    id_ctx *c = vctx;
    return c->fn(c->ctx, kh_sql_str(st, 0), err);
}

int kh_store_dept_registered(kh_store *s, const char *lo, const char *hi,
                             kh_dept_id_fn fn, void *ctx, kh_error *err)
{
    id_ctx c = {fn, ctx};
    return exec(s,
                "SELECT m.id_no FROM member m JOIN household h"
                " ON h.id = m.household WHERE h.village BETWEEN ?1 AND ?2",
                on_id, &c, err, "tt", lo, hi);
}

int kh_store_dept_list_new(kh_store *s, const kh_dept_list *l,
                           const char *at, const char *by, long long *id,
                           kh_error *err)
{
    static const char *const replace[] = {
        "DELETE FROM dept_row WHERE list IN (SELECT id FROM dept_list"
        " WHERE kind = ?1 AND region = ?2 AND as_of = ?3)",
        "DELETE FROM dept_list WHERE kind = ?1 AND region = ?2 AND as_of = ?3",
        "INSERT INTO dept_list(kind, region, as_of, file, imported_at,"
        " imported_by) VALUES(?1,?2,?3,?4,?5,?6)",
    };
    int rc = KH_OK;
    for (size_t i = 0; i < sizeof replace / sizeof *replace && !rc; i++)
        rc = exec(s, replace[i], NULL, NULL, err, i < 2 ? "ttt" : "tttttt",
                  l->kind, l->region, l->as_of, l->file, at, by);
    if (!rc) *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int kh_store_dept_list_counts(kh_store *s, long long list, long long read,
                              long long matched, long long refused,
                              kh_error *err)
{
    return exec(s,
                "UPDATE dept_list SET rows_read = ?2, rows_matched = ?3,"
                " rows_refused = ?4 WHERE id = ?1",
                NULL, NULL, err, "iiii", list, read, matched, refused);
}

typedef struct list_ctx {
    kh_dept_list_fn fn;
    void *ctx;
} list_ctx;

static int on_list(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    list_ctx *c = vctx;
    kh_dept_list l;
    memset(&l, 0, sizeof l);
    l.id = sqlite3_column_int64(st, 0);
    copy(l.kind, sizeof l.kind, kh_sql_str(st, 1));
    copy(l.region, sizeof l.region, kh_sql_str(st, 2));
    copy(l.as_of, sizeof l.as_of, kh_sql_str(st, 3));
    copy(l.file, sizeof l.file, kh_sql_str(st, 4));
    l.rows_read = sqlite3_column_int64(st, 5);
    l.rows_matched = sqlite3_column_int64(st, 6);
    l.rows_refused = sqlite3_column_int64(st, 7);
    copy(l.imported_at, sizeof l.imported_at, kh_sql_str(st, 8));
    return c->fn(c->ctx, &l, err);
}

int kh_store_dept_lists(kh_store *s, kh_dept_list_fn fn, void *ctx,
                        kh_error *err)
{
    list_ctx c = {fn, ctx};
    return exec(s,
                "SELECT id, kind, region, as_of, file, rows_read, rows_matched,"
                " rows_refused, imported_at FROM dept_list"
                " ORDER BY kind, region, as_of",
                on_list, &c, err, "");
}

/* ---- the registry's members ---- */

static long long money(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
               ? -1 : sqlite3_column_int64(st, i);
}

typedef struct member_ctx {
    kh_dept_member_fn fn;
    void *ctx;
} member_ctx;

static int on_member(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    member_ctx *c = vctx;
    kh_dept_member m;
    texts(st, 0, &m.hh_id, &m.village, &m.hh_type, &m.status, &m.housing,
          NULL);
    m.inc_dibao = money(st, 5);
    m.inc_tekun = money(st, 6);
    texts(st, 7, &m.name, &m.id_no, &m.sex, &m.birth, &m.health,
          &m.schooling, &m.relation, NULL);
    m.ins_med = kh_sql_tri(st, 14);
    m.ins_serious = kh_sql_tri(st, 15);
    m.ins_pension = kh_sql_tri(st, 16);
    return c->fn(c->ctx, &m, err);
}

int kh_store_dept_members(kh_store *s, int year, const char *lo,
                          const char *hi, kh_dept_member_fn fn, void *ctx,
                          kh_error *err)
{
    member_ctx c = {fn, ctx};
    return exec(s,
                "SELECT h.hh_id, h.village, h.hh_type, h.status, h.housing,"
                " h.inc_dibao, h.inc_tekun, m.name, m.id_no, m.sex, m.birth,"
                " m.health, m.schooling, m.relation, m.ins_med,"
                " m.ins_serious, m.ins_pension"
                " FROM household h JOIN member m ON m.household = h.id"
                " WHERE h.year = ?1 AND h.village BETWEEN ?2 AND ?3"
                " ORDER BY h.village, h.hh_id, m.id",
                on_member, &c, err, "itt", (long long)year, lo, hi);
}

/* ---- the rows of lists ---- */

/* A list's rows are staged in a temporary table as they come (in the
 * file's order) and go into dept_row in the index's order when flushed:
 * inserting a million rows in ID order into (list, id_no, row) costs a
 * fraction of inserting them at random (SQLite sorts the stage in
 * bounded memory, on temporary files). The page cache is 32 MiB, as the
 * registry import's.
 *
 * A comparison reads them back member by member. Most registered people
 * of a county have an ID number that begins with the county's code, so
 * once told that prefix (kh_store_dept_rows_near) the rows of a list
 * whose ID begins with it are read in one pass of the index, the first
 * time the list is asked for, and kept in memory (sorted by ID and row)
 * until the prefix changes; an ID number with another beginning is
 * looked up in the index as before. The rows served are the same either
 * way; memory holds one county's rows of the lists at most. */
typedef struct held_row {
    uint64_t key; /* id_key */
    char id[19];
    long row, line;
    size_t name, data; /* offsets into the held text */
} held_row;

typedef struct held {
    long long list;
    int bad; /* an ID not of the normalised form: looked up in the index */
    held_row *r;
    size_t n, cap;
    char *text;
    size_t tn, tcap;
} held;

struct kh_dept_rows {
    kh_store *s;
    sqlite3_stmt *add, *find, *range;
    char prefix[13];
    held *h;
    int nh, caph;
};

int kh_store_dept_rows_open(kh_store *s, kh_dept_rows **out, kh_error *err)
{
    *out = NULL;
    kh_dept_rows *r = calloc(1, sizeof *r);
    if (!r) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    r->s = s;
    int rc = exec(s, "PRAGMA cache_size = -32768", NULL, NULL, err, "");
    if (!rc)
        rc = exec(s,
                  "CREATE TEMP TABLE IF NOT EXISTS dept_stage(list INTEGER,"
                  " row INTEGER, line INTEGER, id_no TEXT, name TEXT, data TEXT,"
                  " h INTEGER)",
                  NULL, NULL, err, "");
    if (!rc)
        rc = kh_sql_prepare(s,
                            "INSERT INTO temp.dept_stage(list, row, line, id_no,"
                            " name, data, h) VALUES(?1,?2,?3,?4,?5,?6,?7)",
                            &r->add, err);
    if (!rc)
        rc = kh_sql_prepare(s,
                            "SELECT row, line, id_no, name, data FROM dept_row"
                            " WHERE list = ?1 AND id_no = ?2 ORDER BY row",
                            &r->find, err);
    if (!rc)
        rc = kh_sql_prepare(s,
                            "SELECT row, line, id_no, name, data FROM dept_row"
                            " WHERE list = ?1 AND id_no >= ?2 AND id_no < ?3"
                            " ORDER BY id_no, row",
                            &r->range, err);
    if (rc) {
        kh_store_dept_rows_close(r);
        return rc;
    }
    *out = r;
    return KH_OK;
}

void kh_store_dept_rows_close(kh_dept_rows *r)
{
    if (!r) return;
    sqlite3_finalize(r->add);
    sqlite3_finalize(r->find);
    sqlite3_finalize(r->range);
    for (int i = 0; i < r->caph; i++) {
        free(r->h[i].r);
        free(r->h[i].text);
    }
    free(r->h);
    free(r);
}

void kh_store_dept_rows_near(kh_dept_rows *r, const char *prefix)
{
    if (!strcmp(r->prefix, prefix ? prefix : "")) return;
    copy(r->prefix, sizeof r->prefix, prefix);
    r->nh = 0; /* the held rows' buffers are kept for the next prefix */
}

/* A normalised ID number (17 digits and a digit or X) as a number in
 * the same order as the text; 0 for any other text. */
static uint64_t id_key(const char *id)
{
    uint64_t v = 0;
    for (int i = 0; i < 17; i++) {
        if (id[i] < '0' || id[i] > '9') return 0;
        v = v * 10 + (uint64_t)(id[i] - '0');
    }
    if (id[17] == 'X') v = v * 11 + 10;
    else if (id[17] >= '0' && id[17] <= '9') v = v * 11 + (uint64_t)(id[17] - '0');
    else return 0;
    return id[18] ? 0 : v + 1;
}

static int held_text(held *h, const char *t, size_t *at)
{
    size_t n = strlen(t) + 1;
    if (h->tn + n > h->tcap) {
        size_t cap = h->tcap ? h->tcap : 65536;
        while (cap < h->tn + n) cap *= 2;
        char *p = realloc(h->text, cap);
        if (!p) return KH_ERR_NOMEM;
        h->text = p;
        h->tcap = cap;
    }
    memcpy(h->text + h->tn, t, n);
    *at = h->tn;
    h->tn += n;
    return KH_OK;
}

static int on_held(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    held *h = vctx;
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 1024;
        held_row *p = realloc(h->r, cap * sizeof *p);
        if (!p) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        h->r = p;
        h->cap = cap;
    }
    held_row *x = &h->r[h->n];
    const char *id = kh_sql_str(st, 2);
    x->key = id_key(id);
    if (!x->key || (h->n && x->key < h->r[h->n - 1].key)) h->bad = 1;
    copy(x->id, sizeof x->id, id);
    x->row = (long)sqlite3_column_int64(st, 0);
    x->line = (long)sqlite3_column_int64(st, 1);
    if (held_text(h, kh_sql_str(st, 3), &x->name) ||
        held_text(h, kh_sql_str(st, 4), &x->data))
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    h->n++;
    return KH_OK;
}

/* The held rows of list under the prefix, read on first use. */
static int held_of(kh_dept_rows *r, long long list, held **out, kh_error *err)
{
    for (int i = 0; i < r->nh; i++)
        if (r->h[i].list == list) {
            *out = &r->h[i];
            return KH_OK;
        }
    if (r->nh == r->caph) {
        int cap = r->caph ? r->caph * 2 : 8;
        held *p = realloc(r->h, (size_t)cap * sizeof *p);
        if (!p) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        memset(p + r->caph, 0, (size_t)(cap - r->caph) * sizeof *p);
        r->h = p;
        r->caph = cap;
    }
    held *h = &r->h[r->nh];
    h->list = list;
    h->n = h->tn = 0;
    h->bad = 0;
    char hi[sizeof r->prefix + 1];
    snprintf(hi, sizeof hi, "%s\x7f", r->prefix); /* above every ID it begins */
    int rc = rerun(r->s, r->range, on_held, h, err, "itt", list, r->prefix, hi);
    if (rc) return rc;
    r->nh++;
    *out = h;
    return KH_OK;
}

/* The flush's pass over the staged rows in (list, ID, row) order: the
 * content hashes of the current ID's rows (a duplicate is a later row of
 * the same ID with the same content). */
typedef struct flush_ctx {
    kh_dept_rows *r;
    sqlite3_stmt *ins;
    kh_dept_dup_fn dup;
    void *ctx;
    long long list;
    char id[19];
    long long *h;
    size_t nh, caph;
} flush_ctx;

static int on_staged(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    flush_ctx *f = vctx;
    long long list = sqlite3_column_int64(st, 0);
    const char *id = kh_sql_str(st, 3);
    long long h = sqlite3_column_int64(st, 6);
    if (list != f->list || strcmp(id, f->id)) {
        f->list = list;
        copy(f->id, sizeof f->id, id);
        f->nh = 0;
    }
    for (size_t i = 0; i < f->nh; i++)
        if (f->h[i] == h)
            return f->dup(f->ctx, (long)sqlite3_column_int64(st, 1),
                          (long)sqlite3_column_int64(st, 2), id, err);
    if (f->nh == f->caph) {
        size_t cap = f->caph ? f->caph * 2 : 16;
        long long *p = realloc(f->h, cap * sizeof *p);
        if (!p) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        f->h = p;
        f->caph = cap;
    }
    f->h[f->nh++] = h;
    /* the texts bound as they are: the insert runs before st steps on */
    sqlite3_stmt *ins = f->ins;
    sqlite3_reset(ins);
    for (int i = 0; i < 3; i++) sqlite3_bind_int64(ins, i + 1, sqlite3_column_int64(st, i));
    for (int i = 3; i < 6; i++)
        sqlite3_bind_text(ins, i + 1, (const char *)sqlite3_column_text(st, i),
                          sqlite3_column_bytes(st, i), SQLITE_STATIC);
    return sqlite3_step(ins) == SQLITE_DONE ? KH_OK : kh_sql_err(f->r->s, err);
}

int kh_store_dept_rows_flush(kh_dept_rows *r, kh_dept_dup_fn dup, void *ctx,
                             kh_error *err)
{
    flush_ctx f;
    memset(&f, 0, sizeof f);
    f.r = r;
    f.dup = dup;
    f.ctx = ctx;
    f.list = -1;
    int rc = kh_sql_prepare(r->s,
                            "INSERT INTO dept_row(list, row, line, id_no, name, data)"
                            " VALUES(?1,?2,?3,?4,?5,?6)",
                            &f.ins, err);
    if (!rc)
        rc = exec(r->s,
                  "SELECT list, row, line, id_no, name, data, h FROM temp.dept_stage"
                  " ORDER BY list, id_no, row",
                  on_staged, &f, err, "");
    sqlite3_finalize(f.ins);
    free(f.h);
    if (!rc) rc = exec(r->s, "DELETE FROM temp.dept_stage", NULL, NULL, err, "");
    return rc;
}

int kh_store_dept_row_add(kh_dept_rows *r, long long list, long row,
                          long line, const char *id_no, const char *name,
                          const char *data, long long hash, kh_error *err)
{
    return rerun(r->s, r->add, NULL, NULL, err, "iiittti", list,
                 (long long)row, (long long)line, id_no, name, data, hash);
}

typedef struct row_ctx {
    long long list;
    kh_dept_row_fn fn;
    void *ctx;
} row_ctx;

static int on_row(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    row_ctx *c = vctx;
    kh_dept_row r;
    r.list = c->list;
    r.row = (long)sqlite3_column_int64(st, 0);
    r.line = (long)sqlite3_column_int64(st, 1);
    texts(st, 2, &r.id_no, &r.name, &r.data, NULL);
    return c->fn(c->ctx, &r, err);
}

int kh_store_dept_rows(kh_dept_rows *r, long long list, const char *id_no,
                       kh_dept_row_fn fn, void *ctx, kh_error *err)
{
    size_t pl = strlen(r->prefix);
    uint64_t key = pl && !strncmp(id_no, r->prefix, pl) ? id_key(id_no) : 0;
    held *h = NULL;
    int rc = key ? held_of(r, list, &h, err) : KH_OK;
    if (rc) return rc;
    if (!h || h->bad) {
        row_ctx c = {list, fn, ctx};
        return rerun(r->s, r->find, on_row, &c, err, "it", list, id_no);
    }
    size_t lo = 0, hi = h->n; /* the first row whose ID is not below id_no */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->r[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    for (; lo < h->n && !rc && h->r[lo].key == key; lo++) {
        kh_dept_row d;
        d.list = list;
        d.row = h->r[lo].row;
        d.line = h->r[lo].line;
        d.id_no = h->r[lo].id;
        d.name = h->text + h->r[lo].name;
        d.data = h->text + h->r[lo].data;
        rc = fn(ctx, &d, err);
    }
    return rc;
}

/* ---- what a comparison leaves ---- */

int kh_store_dept_result_clear(kh_store *s, int year, const char *lo,
                               const char *hi, kh_error *err)
{
    int rc = exec(s,
                  "DELETE FROM dept_finding WHERE year = ?1"
                  " AND village BETWEEN ?2 AND ?3",
                  NULL, NULL, err, "itt", (long long)year, lo, hi);
    if (!rc)
        rc = exec(s,
                  "DELETE FROM dept_count WHERE year = ?1"
                  " AND village BETWEEN ?2 AND ?3",
                  NULL, NULL, err, "itt", (long long)year, lo, hi);
    return rc;
}

/* Prepare sql into *st once (kept on the store: a comparison stores
 * tens of thousands of findings), then reset, bind and run it. */
static int run_kept(kh_store *s, sqlite3_stmt **st, const char *sql,
                    kh_error *err, const char *types, ...)
{
    if (!*st) {
        int rc = kh_sql_prepare(s, sql, st, err);
        if (rc) return rc;
    }
    sqlite3_reset(*st);
    sqlite3_clear_bindings(*st);
    va_list ap;
    va_start(ap, types);
    bind(*st, types, ap);
    va_end(ap);
    int rc = step_all(s, *st, NULL, NULL, err);
    sqlite3_reset(*st);
    return rc;
}

int kh_store_dept_fact_add(kh_store *s, const kh_dept_fact *f, kh_error *err)
{
    return run_kept(s, &s->ins_dfact,
                    "INSERT INTO dept_finding(year, code, kind, dept, file, col,"
                    " row, line, village, hh_id, id_no, name, reg_value,"
                    " dept_value, zh, en, warning)"
                    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,"
                    "?16,?17)",
                    err, "itttttiitttttttti", (long long)f->year,
                    f->code, f->kind, f->dept, f->file, f->column,
                    (long long)f->row, (long long)f->line, f->village, f->hh_id,
                    f->id_no, f->name, f->reg_value, f->dept_value, f->zh, f->en,
                    (long long)f->warning);
}

int kh_store_dept_count_add(kh_store *s, int year, const kh_dept_count *c,
                            kh_error *err)
{
    return run_kept(s, &s->ins_dcount,
                    "INSERT INTO dept_count(year, kind, village, covered, matched,"
                    " disagree) VALUES(?1,?2,?3,?4,?5,?6)",
                    err, "ittiii", (long long)year, c->kind,
                    c->region, c->covered, c->matched, c->disagree);
}

static int on_one(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    (void)err;
    *(int *)vctx = sqlite3_column_int(st, 0);
    return KH_OK;
}

int kh_store_dept_compared(kh_store *s, int year, const char *lo,
                           const char *hi, int *ran, kh_error *err)
{
    *ran = 0;
    return exec(s,
                "SELECT EXISTS(SELECT 1 FROM dept_count WHERE year = ?1"
                " AND village BETWEEN ?2 AND ?3)",
                on_one, ran, err, "itt", (long long)year, lo, hi);
}

typedef struct fact_ctx {
    kh_dept_fact_fn fn;
    void *ctx;
    int n;
} fact_ctx;

#define FACT_COLS                                                          \
    "f.id, f.year, f.code, f.kind, f.dept, f.file, f.col, f.row, f.line,"  \
    " f.village, f.hh_id, f.id_no, f.name, f.reg_value, f.dept_value,"     \
    " f.zh, f.en, f.warning, coalesce(v.result, ''), coalesce(v.reason,"   \
    " ''), coalesce(v.at, ''), coalesce(v.who, '')"
#define FACT_FROM                                                          \
    " FROM dept_finding f LEFT JOIN dept_visit v ON v.year = f.year"       \
    " AND v.code = f.code AND v.id_no = f.id_no"

static int on_fact(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    fact_ctx *c = vctx;
    kh_dept_fact f;
    f.id = sqlite3_column_int64(st, 0);
    f.year = sqlite3_column_int(st, 1);
    texts(st, 2, &f.code, &f.kind, &f.dept, &f.file, &f.column, NULL);
    f.row = (long)sqlite3_column_int64(st, 7);
    f.line = (long)sqlite3_column_int64(st, 8);
    texts(st, 9, &f.village, &f.hh_id, &f.id_no, &f.name, &f.reg_value,
          &f.dept_value, &f.zh, &f.en, NULL);
    f.warning = sqlite3_column_int(st, 17);
    texts(st, 18, &f.visit, &f.reason, &f.visit_at, &f.visit_by, NULL);
    c->n++;
    return c->fn(c->ctx, &f, err);
}

int kh_store_dept_facts(kh_store *s, int year, const char *lo,
                        const char *hi, const char *code, kh_dept_fact_fn fn,
                        void *ctx, kh_error *err)
{
    fact_ctx c = {fn, ctx, 0};
    char like[64];
    /* '_' is LIKE's any-character: the prefix's own '_' escaped */
    size_t j = 0;
    for (const char *p = code ? code : ""; *p && j + 3 < sizeof like; p++) {
        if (*p == '_' || *p == '%' || *p == '\\') like[j++] = '\\';
        like[j++] = *p;
    }
    like[j] = '\0';
    if (code && j && code[strlen(code) - 1] == '_' && j + 1 < sizeof like)
        like[j++] = '%', like[j] = '\0';
    return exec(s,
                "SELECT " FACT_COLS FACT_FROM
                " WHERE f.year = ?1 AND f.village BETWEEN ?2 AND ?3"
                " AND (?4 = '' OR f.code LIKE ?4 ESCAPE '\\')"
                " ORDER BY f.village, f.hh_id, f.id_no, f.code, f.id",
                on_fact, &c, err, "ittt", (long long)year, lo, hi, like);
}

int kh_store_dept_fact(kh_store *s, long long id, kh_dept_fact_fn fn,
                       void *ctx, int *found, kh_error *err)
{
    fact_ctx c = {fn, ctx, 0};
    int rc = exec(s, "SELECT " FACT_COLS FACT_FROM " WHERE f.id = ?1",
                  on_fact, &c, err, "i", id);
    *found = c.n;
    return rc;
}

typedef struct count_ctx {
    kh_dept_count_fn fn;
    void *ctx;
    const char *region;
} count_ctx;

static int on_count(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    count_ctx *c = vctx;
    kh_dept_count n;
    memset(&n, 0, sizeof n);
    copy(n.kind, sizeof n.kind, kh_sql_str(st, 0));
    copy(n.region, sizeof n.region, c->region);
    n.covered = sqlite3_column_int64(st, 1);
    n.matched = sqlite3_column_int64(st, 2);
    n.disagree = sqlite3_column_int64(st, 3);
    return c->fn(c->ctx, &n, err);
}

int kh_store_dept_counts(kh_store *s, int year, const char *lo,
                         const char *hi, kh_dept_count_fn fn, void *ctx,
                         kh_error *err)
{
    count_ctx c = {fn, ctx, lo};
    return exec(s,
                "SELECT kind, sum(covered), sum(matched), sum(disagree)"
                " FROM dept_count WHERE year = ?1 AND village BETWEEN ?2 AND ?3"
                " GROUP BY kind ORDER BY kind",
                on_count, &c, err, "itt", (long long)year, lo, hi);
}

int kh_store_dept_visit_set(kh_store *s, int year, const char *code,
                            const char *id_no, const char *hh_id,
                            const char *result, const char *reason,
                            const char *at, const char *by, kh_error *err)
{
    return exec(s,
                "INSERT OR REPLACE INTO dept_visit(year, code, id_no, hh_id,"
                " result, reason, at, who) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
                NULL, NULL, err, "ittttttt", (long long)year, code, id_no,
                hh_id, result, reason, at, by);
}

int kh_store_dept_confirmed(kh_store *s, int year, const char *lo,
                            const char *hi, kh_dept_fact_fn fn, void *ctx,
                            kh_error *err)
{
    fact_ctx c = {fn, ctx, 0};
    return exec(s,
                "SELECT 0, ?1, v.code, '', '', '', '', 0, 0, h.village,"
                " h.hh_id, m.id_no, m.name, h.status, v.result, '', '', 0,"
                " v.result, v.reason, v.at, v.who"
                " FROM dept_visit v JOIN member m ON m.year = ?1"
                " AND m.id_no = v.id_no JOIN household h ON h.id = m.household"
                " WHERE v.year = ?1 - 1 AND v.result = '核实属实'"
                " AND h.village BETWEEN ?2 AND ?3 AND h.status <> '清退'"
                " ORDER BY h.village, h.hh_id, m.id_no, v.code",
                on_fact, &c, err, "itt", (long long)year, lo, hi);
}

/* ---- the indicators (indicators.h: dept.<kind>.*) ---- */

static int on_kind(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    (void)err;
    int n = 0;
    const kh_dept_kind *kinds = kh_dept_kinds(&n);
    const kh_dept_kind *k = kh_dept_kind_find(kh_sql_str(st, 0));
    if (k && k - kinds < 32 - KH_IND_DEPT_SHIFT)
        *(int *)vctx |= 1 << (KH_IND_DEPT_SHIFT + (k - kinds));
    return KH_OK;
}

int kh_store_ind_with(kh_store *s, int year)
{
    int with = kh_store_review_ran(s, year);
    kh_error e;
    if (kh_store_version(s) >= 16 &&
        exec(s, "SELECT DISTINCT kind FROM dept_count WHERE year = ?1",
             on_kind, &with, &e, "i", (long long)year))
        return kh_store_review_ran(s, year);
    return with | (kh_store_funds_has(s, year) ? KH_IND_FUNDS : 0);
}

static int on_village_count(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    (void)err;
    kh_indicators_add_dept(vctx, kh_sql_str(st, 1), kh_sql_str(st, 0),
                           sqlite3_column_int64(st, 2),
                           sqlite3_column_int64(st, 3),
                           sqlite3_column_int64(st, 4));
    return KH_OK;
}

int kh_store_dept_ind_load(kh_store *s, int year, kh_indicators *ix,
                           kh_error *err)
{
    if (kh_store_version(s) < 16) return KH_OK;
    return exec(s,
                "SELECT kind, village, covered, matched, disagree FROM dept_count"
                " WHERE year = ?1 ORDER BY village, kind",
                on_village_count, ix, err, "i", (long long)year);
}

/* ---- a household's department records ---- */

typedef struct rec_ctx {
    kh_dept_record_fn fn;
    void *ctx;
    char *village;
    int found;
} rec_ctx;

static int on_village(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    (void)err;
    rec_ctx *c = vctx;
    copy(c->village, 13, kh_sql_str(st, 0));
    c->found = 1;
    return KH_OK;
}

static int on_record(sqlite3_stmt *st, void *vctx, kh_error *err)
{
    rec_ctx *c = vctx;
    kh_dept_record r;
    texts(st, 0, &r.id_no, &r.member, &r.kind, &r.as_of, &r.region, &r.file,
          NULL);
    r.row = (long)sqlite3_column_int64(st, 6);
    texts(st, 7, &r.name, &r.data, NULL);
    return c->fn(c->ctx, &r, err);
}

int kh_store_dept_household(kh_store *s, int year, const char *hh_id,
                            char village[13], int *found,
                            kh_dept_record_fn fn, void *ctx, kh_error *err)
{
    rec_ctx c = {fn, ctx, village, 0};
    village[0] = '\0';
    int rc = exec(s, "SELECT village FROM household WHERE year = ?1 AND hh_id = ?2",
                  on_village, &c, err, "it", (long long)year, hh_id);
    *found = c.found;
    if (rc || !c.found || !fn) return rc;
    /* the lists outermost: dept_row's index is (list, id_no, row) */
    return exec(s,
                "SELECT m.id_no, m.name, l.kind, l.as_of, l.region, l.file,"
                " r.row, r.name, r.data"
                " FROM household h JOIN member m ON m.household = h.id"
                " CROSS JOIN dept_list l CROSS JOIN dept_row r"
                " ON r.list = l.id AND r.id_no = m.id_no"
                " WHERE h.year = ?1 AND h.hh_id = ?2"
                " ORDER BY m.id, l.kind, l.as_of, r.row",
                on_record, &c, err, "it", (long long)year, hh_id);
}
