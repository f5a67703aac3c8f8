/* SPDX-License-Identifier: MIT */
/*
 * funds_store.c - the tables fund_project, fund_alloc and fund_pay
 * (migration 17, include/kaohe/funds_store.h): the rows an import read
 * written by their column keys, and a region's rows read back for `funds
 * check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/funds_store.h"
#include "kaohe/indicators.h"
#include "kaohe/store.h"
#include "store/store_int.h"

static const char *table_of(int kind)
{
    switch (kind) {
    case KH_FUNDS_PROJECTS: return "fund_project";
    case KH_FUNDS_ALLOCATIONS: return "fund_alloc";
    case KH_FUNDS_PAYMENTS: return "fund_pay";
    }
    return NULL;
}

/* Rows of a project library or payments file are written PUT_BATCH at a
 * time by one statement of that many rows (a million payments are then
 * sixteen thousand statements, not a million); an allocations file,
 * whose 接收区划 and 年度 are cleared as they come, row by row. */
#define PUT_BATCH 64
#define NO_VALUE UINT32_MAX

struct kh_funds_writer {
    kh_store *s;
    int kind, n;        /* the file's kind, its columns */
    sqlite3_stmt *st;   /* one row */
    sqlite3_stmt *many; /* PUT_BATCH rows (NULL: row by row) */
    int bound, mbound;  /* the file and region are bound to st, to many */
    size_t rows;        /* rows kept for many */
    uint32_t off[PUT_BATCH][KH_FUNDS_MAX_COLS]; /* their values in text */
    long row[PUT_BATCH];
    char *text;
    size_t tn, tcap;
    const char *file, *region;
};

/* "INSERT OR REPLACE INTO t(cols, file, row[, region]) VALUES" and nrows
 * tuples: row i's columns ?(i(n+1)+1).., its row ?(i(n+1)+n+1), the
 * file and region shared: ?(nrows(n+1)+1), ?(nrows(n+1)+2). */
static char *insert_sql(int kind, const kh_funds_col *cols, int n, int nrows)
{
    size_t cap = 1024 + (size_t)nrows * (size_t)(n + 3) * 8 + (size_t)n * 32;
    char *sql = malloc(cap);
    if (!sql) return NULL;
    int pay = kind == KH_FUNDS_PAYMENTS;
    size_t o = (size_t)snprintf(sql, cap, "INSERT OR REPLACE INTO %s(", table_of(kind));
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(sql + o, cap - o, "\"%s\",", cols[i].key);
    o += (size_t)snprintf(sql + o, cap - o, "file, row%s) VALUES", pay ? ", region" : "");
    int shared = nrows * (n + 1);
    for (int r = 0; r < nrows; r++) {
        o += (size_t)snprintf(sql + o, cap - o, "%s(", r ? "," : "");
        for (int i = 0; i < n; i++)
            o += (size_t)snprintf(sql + o, cap - o, "?%d,", r * (n + 1) + i + 1);
        o += (size_t)snprintf(sql + o, cap - o, "?%d,?%d", shared + 1, r * (n + 1) + n + 1);
        if (pay) o += (size_t)snprintf(sql + o, cap - o, ",?%d", shared + 2);
        o += (size_t)snprintf(sql + o, cap - o, ")");
    }
    return sql;
}

int kh_store_funds_writer_new(kh_store *s, int kind, kh_funds_writer **out,
                              kh_error *err)
{
    *out = NULL;
    int n;
    const kh_funds_col *cols = kh_funds_cols(kind, &n);
    if (!cols) return kh_error_set(err, KH_ERR_USAGE, "funds_kind", "未知的文件种类",
                                   "unknown kind of file");
    kh_funds_writer *w = calloc(1, sizeof *w);
    if (!w) return kh_error_nomem(err);
    w->s = s;
    w->kind = kind;
    w->n = n;
    char *one = insert_sql(kind, cols, n, 1);
    char *many = kind == KH_FUNDS_ALLOCATIONS ? NULL : insert_sql(kind, cols, n, PUT_BATCH);
    int rc = !one || (kind != KH_FUNDS_ALLOCATIONS && !many) ? kh_error_nomem(err) : KH_OK;
    if (!rc) rc = kh_sql_prepare(s, one, &w->st, err);
    if (!rc && many) rc = kh_sql_prepare(s, many, &w->many, err);
    free(one);
    free(many);
    if (rc) {
        kh_store_funds_writer_free(w);
        return rc;
    }
    *out = w;
    return KH_OK;
}

/* Value v of column i into statement st's parameter k. */
static void bind_value(sqlite3_stmt *st, int k, const kh_funds_col *col, const char *v)
{
    int t = col->type;
    if (!v || !v[0]) sqlite3_bind_null(st, k);
    else if (t == KH_FT_YUAN || t == KH_FT_INT || t == KH_FT_YEAR)
        sqlite3_bind_int64(st, k, atoll(v));
    else
        sqlite3_bind_text(st, k, v, -1, SQLITE_STATIC);
}

/* One row by the one-row statement. */
static int put_one(kh_funds_writer *w, const char *const *v, long row, kh_error *err)
{
    int n;
    const kh_funds_col *cols = kh_funds_cols(w->kind, &n);
    sqlite3_stmt *st = w->st;
    sqlite3_reset(st);
    for (int i = 0; i < n; i++) bind_value(st, i + 1, &cols[i], v[i]);
    /* the file and region are the same on every row: bound once (a
     * reset keeps the bindings) */
    if (!w->bound) {
        kh_sql_bind_text(st, n + 2, w->file);
        if (w->kind == KH_FUNDS_PAYMENTS)
            sqlite3_bind_text(st, n + 3, w->region ? w->region : "", -1, SQLITE_TRANSIENT);
        w->bound = 1;
    }
    sqlite3_bind_int64(st, n + 1, row); /* (insert_sql's numbering) */
    if (sqlite3_step(st) != SQLITE_DONE) return kh_sql_err(w->s, err);
    return KH_OK;
}

/* The rows kept: by the batch statement when they fill it, else one by
 * one. */
static int flush(kh_funds_writer *w, kh_error *err)
{
    int n = w->n;
    const kh_funds_col *cols = kh_funds_cols(w->kind, &n);
    const char *v[KH_FUNDS_MAX_COLS];
    int rc = KH_OK;
    if (w->rows == PUT_BATCH) {
        sqlite3_stmt *st = w->many;
        sqlite3_reset(st);
        for (size_t r = 0; r < w->rows; r++) {
            int base = (int)r * (n + 1);
            for (int i = 0; i < n; i++)
                bind_value(st, base + i + 1, &cols[i],
                           w->off[r][i] == NO_VALUE ? NULL : w->text + w->off[r][i]);
            sqlite3_bind_int64(st, base + n + 1, w->row[r]);
        }
        if (!w->mbound) {
            int shared = PUT_BATCH * (n + 1);
            kh_sql_bind_text(st, shared + 1, w->file);
            if (w->kind == KH_FUNDS_PAYMENTS)
                sqlite3_bind_text(st, shared + 2, w->region ? w->region : "", -1,
                                  SQLITE_TRANSIENT);
            w->mbound = 1;
        }
        if (sqlite3_step(st) != SQLITE_DONE) rc = kh_sql_err(w->s, err);
    } else {
        for (size_t r = 0; r < w->rows && !rc; r++) {
            for (int i = 0; i < n; i++)
                v[i] = w->off[r][i] == NO_VALUE ? NULL : w->text + w->off[r][i];
            rc = put_one(w, v, w->row[r], err);
        }
    }
    w->rows = 0;
    w->tn = 0;
    return rc;
}

int kh_store_funds_put(kh_funds_writer *w, const kh_funds_row *r,
                       const char *file, const char *region, kh_error *err)
{
    int n = w->n;
    w->file = file;
    w->region = region;
    if (!w->many) {
        const char *v[KH_FUNDS_MAX_COLS];
        for (int i = 0; i < n; i++) v[i] = r->v[i];
        return put_one(w, v, r->row, err);
    }
    /* kept until PUT_BATCH are there */
    for (int i = 0; i < n; i++) {
        size_t len = strlen(r->v[i]);
        if (!len) {
            w->off[w->rows][i] = NO_VALUE;
            continue;
        }
        if (w->tn + len + 1 > w->tcap) {
            size_t cap = w->tcap ? w->tcap * 2 : 1 << 16;
            while (cap < w->tn + len + 1) cap *= 2;
            char *t = realloc(w->text, cap);
            if (!t) return kh_error_nomem(err);
            w->text = t;
            w->tcap = cap;
        }
        memcpy(w->text + w->tn, r->v[i], len + 1);
        w->off[w->rows][i] = (uint32_t)w->tn;
        w->tn += len + 1;
    }
    w->row[w->rows++] = r->row;
    return w->rows == PUT_BATCH ? flush(w, err) : KH_OK;
}

int kh_store_funds_writer_end(kh_funds_writer *w, kh_error *err)
{
    return w && w->rows ? flush(w, err) : KH_OK;
}

void kh_store_funds_writer_free(kh_funds_writer *w)
{
    if (!w) return;
    sqlite3_finalize(w->st);
    sqlite3_finalize(w->many);
    free(w->text);
    free(w);
}

int kh_store_funds_alloc_clear(kh_store *s, const char *region, int year,
                               kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s, "DELETE FROM fund_alloc WHERE region = ?1 AND year = ?2",
                            &st, err);
    if (rc) return rc;
    kh_sql_bind_text(st, 1, region);
    sqlite3_bind_int(st, 2, year);
    return kh_sql_run(s, st, err);
}

/* The first column of the one row of sql with ?1 = a, as text into out. */
static int one_text(kh_store *s, const char *sql, const char *a, char *out,
                    size_t n, int *found, kh_error *err)
{
    sqlite3_stmt *st;
    out[0] = '\0';
    *found = 0;
    int rc = kh_sql_prepare(s, sql, &st, err);
    if (rc) return rc;
    kh_sql_bind_text(st, 1, a);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        snprintf(out, n, "%s", kh_sql_str(st, 0));
        *found = 1;
    } else if (r != SQLITE_DONE) {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

int kh_store_funds_project_region(kh_store *s, const char *id, char out[13],
                                  kh_error *err)
{
    int found;
    return one_text(s, "SELECT region FROM fund_project WHERE proj_id = ?1", id,
                    out, 13, &found, err);
}

/* src into dst (n bytes), cut between characters when too long. */
static void copy(char *dst, size_t n, const char *src)
{
    size_t len = src ? strlen(src) : 0;
    if (len >= n) {
        len = n - 1;
        while (len && ((unsigned char)src[len] & 0xC0) == 0x80) len--;
    }
    if (len) memcpy(dst, src, len);
    dst[len] = '\0';
}

static long long nn(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return KH_OK;
    size_t c = *cap ? *cap * 2 : 64;
    void *q = realloc(*p, c * size);
    if (!q) return KH_ERR_NOMEM;
    *p = q;
    *cap = c;
    return KH_OK;
}

/* The two cursors of kh_store_funds_each_county, each in county order;
 * column 0 of each is the county. */
static const char *const county_sql[2] = {
    "SELECT substr(region, 1, 6) || '000000', proj_id, name, type, region, status,"
    " added, start_plan, end_plan, start, \"end\", accepted, pub_added, pub_plan,"
    " pub_done, planned, benef_hh, benef_poor_hh, benef_poor_persons, pub_days,"
    " benef_list, row FROM fund_project WHERE region BETWEEN ?1 AND ?2"
    " ORDER BY 1, proj_id",
    "SELECT region, doc_no, date, level, fund, amount, year, row FROM fund_alloc"
    " WHERE region BETWEEN ?1 AND ?2 ORDER BY region, date, id"};

typedef struct cursor {
    sqlite3_stmt *st;
    int row; /* 1: st is on a row */
} cursor;

static int cur_step(kh_store *s, cursor *c, kh_error *err)
{
    int r = sqlite3_step(c->st);
    c->row = r == SQLITE_ROW;
    return r == SQLITE_ROW || r == SQLITE_DONE ? KH_OK : kh_sql_err(s, err);
}

static void read_project(sqlite3_stmt *st, kh_fproject *p, char **list)
{
    memset(p, 0, sizeof *p);
    copy(p->county, sizeof p->county, kh_sql_str(st, 0));
    copy(p->id, sizeof p->id, kh_sql_str(st, 1));
    copy(p->name, sizeof p->name, kh_sql_str(st, 2));
    copy(p->type, sizeof p->type, kh_sql_str(st, 3));
    copy(p->region, sizeof p->region, kh_sql_str(st, 4));
    copy(p->status, sizeof p->status, kh_sql_str(st, 5));
    char *dates[] = {p->added, p->start_plan, p->end_plan, p->start, p->end,
                     p->accepted, p->pub_added, p->pub_plan, p->pub_done};
    for (int i = 0; i < 9; i++) copy(dates[i], 11, kh_sql_str(st, 6 + i));
    p->planned = sqlite3_column_int64(st, 15);
    p->benef_hh = nn(st, 16);
    p->benef_poor_hh = nn(st, 17);
    p->benef_poor_persons = nn(st, 18);
    p->pub_days = nn(st, 19);
    *list = strdup(kh_sql_str(st, 20));
    p->benef_list = *list;
    p->row = sqlite3_column_int(st, 21);
}

/*
 * ---- the payments of a code range, grouped by county ----
 *
 * The payments are read in one pass over fund_pay (its key order, no
 * join and no sort in SQL): each one's project is looked up among the
 * library's (a hash of every 项目编号 with its 建设地点), the one whose
 * region (the project's, else the payment's own) is in lo..hi is kept
 * in a compact record, and the records are put in order of county, then
 * date, then 凭证号 — the order of the former
 * "ORDER BY county, date, voucher" — by a counting sort on the county and
 * a sort of each county's few thousand.
 */

/* Texts kept end to end: a record names them by offset. */
typedef struct arena {
    char *b;
    size_t n, cap;
} arena;

static int arena_put(arena *a, const char *t, size_t len, uint32_t *off)
{
    if (a->n + len + 1 > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 1 << 16;
        while (cap < a->n + len + 1) cap *= 2;
        char *b = realloc(a->b, cap);
        if (!b) return KH_ERR_NOMEM;
        a->b = b;
        a->cap = cap;
    }
    if (a->n + len + 1 > UINT32_MAX) return KH_ERR_LIMIT;
    *off = (uint32_t)a->n;
    memcpy(a->b + a->n, t, len);
    a->b[a->n + len] = '\0';
    a->n += len + 1;
    return KH_OK;
}

/* Small sets of texts by number (counties, 资金类别, 环节): the few
 * distinct values, the last one asked first. */
typedef struct names {
    char (*v)[64];
    size_t n, cap, last;
} names;

static int name_ix(names *t, const char *v, uint32_t *ix)
{
    if (t->last < t->n && !strcmp(t->v[t->last], v)) {
        *ix = (uint32_t)t->last;
        return KH_OK;
    }
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i], v)) {
            t->last = i;
            *ix = (uint32_t)i;
            return KH_OK;
        }
    if (grow((void **)&t->v, &t->cap, t->n, sizeof *t->v)) return KH_ERR_NOMEM;
    copy(t->v[t->n], sizeof t->v[0], v);
    t->last = t->n;
    *ix = (uint32_t)t->n++;
    return KH_OK;
}

/* The library's projects: 项目编号 → the index of its region's text. */
typedef struct projmap {
    uint32_t *slot; /* 1 + entry, 0 empty */
    size_t cap;
    uint32_t *id;     /* arena offsets of the 项目编号 */
    uint32_t *region; /* and of the 建设地点 */
    size_t n, ncap;
    arena text;
} projmap;

static uint64_t hash_of(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static int projmap_load(kh_store *s, projmap *m, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s, "SELECT proj_id, region FROM fund_project", &st, err);
    if (rc) return rc;
    int r;
    while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)&m->id, &m->ncap, m->n, sizeof *m->id) ||
            !(m->region = realloc(m->region, m->ncap * sizeof *m->region))) {
            rc = kh_error_nomem(err);
            break;
        }
        const char *id = kh_sql_str(st, 0), *reg = kh_sql_str(st, 1);
        if (arena_put(&m->text, id, strlen(id), &m->id[m->n]) ||
            arena_put(&m->text, reg, strlen(reg), &m->region[m->n]))
            rc = kh_error_nomem(err);
        else
            m->n++;
    }
    if (!rc && r != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    if (rc) return rc;
    m->cap = 1024;
    while (m->cap < 2 * m->n) m->cap *= 2;
    if (!(m->slot = calloc(m->cap, sizeof *m->slot))) return kh_error_nomem(err);
    for (size_t i = 0; i < m->n; i++) {
        size_t j = hash_of(m->text.b + m->id[i]) & (m->cap - 1);
        while (m->slot[j]) j = (j + 1) & (m->cap - 1);
        m->slot[j] = (uint32_t)(i + 1);
    }
    return KH_OK;
}

/* The 建设地点 of project id, or NULL when it is not in the library. */
static const char *projmap_region(const projmap *m, const char *id)
{
    size_t j = hash_of(id) & (m->cap - 1);
    for (uint32_t e; (e = m->slot[j]); j = (j + 1) & (m->cap - 1))
        if (!strcmp(m->text.b + m->id[e - 1], id)) return m->text.b + m->region[e - 1];
    return NULL;
}

static void projmap_free(projmap *m)
{
    free(m->slot);
    free(m->id);
    free(m->region);
    free(m->text.b);
}

/* One payment kept: its texts in the arena (凭证号, 项目编号, 日期). */
typedef struct prec {
    uint32_t county, voucher, proj, date;
    uint32_t dkey; /* the date as YYYYMMDD (0: not in that form) */
    uint16_t fund, stage;
    int32_t row;
    long long amount;
} prec;

/* "2019-05-01" as 20190501; 0 for a text not in that form. */
static uint32_t date_key(const char *d)
{
    uint32_t k = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (d[i] != '-') return 0;
            continue;
        }
        if (d[i] < '0' || d[i] > '9') return 0;
        k = k * 10 + (uint32_t)(d[i] - '0');
    }
    return d[10] ? 0 : k;
}

typedef struct paybuf {
    prec *r;
    size_t n, cap;
    uint32_t *order;  /* the records by county, date and 凭证号 */
    size_t *first;    /* per county (by code): its first in order */
    uint32_t *by_code; /* the county indexes in code order */
    names county, fund, stage;
    arena text;
    size_t next; /* the next county (in code order) to hand out */
} paybuf;

/* A merge sort of indexes by cmp(ctx, a, b) (qsort has no context, and
 * the server runs this on several threads). tmp holds n. */
typedef int (*idx_cmp)(const void *ctx, uint32_t a, uint32_t b);

static void sort_idx(uint32_t *v, size_t n, uint32_t *tmp, idx_cmp cmp, const void *ctx)
{
    if (n < 2) return;
    if (n <= 12) { /* insertion sort: short runs */
        for (size_t i = 1; i < n; i++) {
            uint32_t x = v[i];
            size_t j = i;
            while (j && cmp(ctx, v[j - 1], x) > 0) v[j] = v[j - 1], j--;
            v[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_idx(v, h, tmp, cmp, ctx);
    sort_idx(v + h, n - h, tmp, cmp, ctx);
    if (cmp(ctx, v[h - 1], v[h]) <= 0) return; /* already in order */
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = cmp(ctx, v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < h) tmp[k++] = v[i++];
    memcpy(v, tmp, k * sizeof *v); /* what is left of v[j..] is in place */
}

/* A county's payments: by date, then 凭证号. */
static int order_cmp(const void *ctx, uint32_t a, uint32_t b)
{
    const paybuf *p = ctx;
    const prec *x = &p->r[a], *y = &p->r[b];
    /* dates as numbers when both are YYYY-MM-DD (the same order) */
    int c = x->dkey && y->dkey ? (x->dkey > y->dkey) - (x->dkey < y->dkey)
                               : strcmp(p->text.b + x->date, p->text.b + y->date);
    return c ? c : strcmp(p->text.b + x->voucher, p->text.b + y->voucher);
}

/* Two counties by code. */
static int code_cmp(const void *ctx, uint32_t a, uint32_t b)
{
    const names *t = ctx;
    return strcmp(t->v[a], t->v[b]);
}

static int paybuf_load(kh_store *s, const char *lo, const char *hi, paybuf *b,
                       kh_error *err)
{
    projmap m;
    memset(&m, 0, sizeof m);
    int rc = projmap_load(s, &m, err);
    sqlite3_stmt *st = NULL;
    if (!rc)
        rc = kh_sql_prepare(s,
                            "SELECT voucher, date, proj_id, fund, stage, amount, row, region"
                            " FROM fund_pay",
                            &st, err);
    int r = SQLITE_DONE;
    while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *proj = kh_sql_str(st, 2);
        const char *reg = projmap_region(&m, proj);
        if (!reg) reg = kh_sql_str(st, 7);
        if (strcmp(reg, lo) < 0 || strcmp(reg, hi) > 0) continue;
        char county[13];
        size_t k = strlen(reg);
        if (k > 6) k = 6;
        memcpy(county, reg, k);
        memcpy(county + k, "000000", 7);
        if (grow((void **)&b->r, &b->cap, b->n, sizeof *b->r)) {
            rc = kh_error_nomem(err);
            break;
        }
        prec *p = &b->r[b->n];
        uint32_t c, f, g;
        const char *v = kh_sql_str(st, 0), *d = kh_sql_str(st, 1);
        if (name_ix(&b->county, county, &c) || name_ix(&b->fund, kh_sql_str(st, 3), &f) ||
            name_ix(&b->stage, kh_sql_str(st, 4), &g) ||
            arena_put(&b->text, v, strlen(v), &p->voucher) ||
            arena_put(&b->text, proj, strlen(proj), &p->proj) ||
            arena_put(&b->text, d, strlen(d), &p->date) || f > UINT16_MAX ||
            g > UINT16_MAX) {
            rc = kh_error_nomem(err);
            break;
        }
        p->county = c;
        p->fund = (uint16_t)f;
        p->stage = (uint16_t)g;
        p->dkey = date_key(d);
        p->amount = sqlite3_column_int64(st, 5);
        p->row = sqlite3_column_int(st, 6);
        b->n++;
    }
    if (!rc && r != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    projmap_free(&m);
    if (rc) return rc;
    /* counting sort by county, then each county by date and 凭证号 */
    size_t nc = b->county.n;
    b->order = malloc((b->n + 1) * sizeof *b->order);
    b->first = calloc(nc + 1, sizeof *b->first);
    b->by_code = malloc((nc + 1) * sizeof *b->by_code);
    if (!b->order || !b->first || !b->by_code) return kh_error_nomem(err);
    for (size_t i = 0; i < b->n; i++) b->first[b->r[i].county + 1]++;
    for (size_t c = 0; c < nc; c++) b->first[c + 1] += b->first[c];
    for (size_t i = 0; i < b->n; i++) b->order[b->first[b->r[i].county]++] = (uint32_t)i;
    for (size_t c = nc; c > 0; c--) b->first[c] = b->first[c - 1];
    b->first[0] = 0;
    uint32_t *tmp = malloc((b->n + nc + 1) * sizeof *tmp);
    if (!tmp) return kh_error_nomem(err);
    for (size_t c = 0; c < nc; c++)
        sort_idx(b->order + b->first[c], b->first[c + 1] - b->first[c], tmp, order_cmp, b);
    for (size_t c = 0; c < nc; c++) b->by_code[c] = (uint32_t)c;
    sort_idx(b->by_code, nc, tmp, code_cmp, &b->county);
    free(tmp);
    return KH_OK;
}

/* The county of the next payments to hand out, or NULL when none is left. */
static const char *paybuf_county(const paybuf *b)
{
    return b->next < b->county.n ? b->county.v[b->by_code[b->next]] : NULL;
}

/* The next county's payments into y (grown as needed), *ny set. */
static int paybuf_take(paybuf *b, kh_fpay **y, size_t *cap, size_t *ny)
{
    uint32_t c = b->by_code[b->next++];
    size_t n = b->first[c + 1] - b->first[c];
    *ny = 0;
    if (n > *cap) {
        kh_fpay *t = realloc(*y, n * sizeof *t);
        if (!t) return KH_ERR_NOMEM;
        *y = t;
        *cap = n;
    }
    for (size_t i = 0; i < n; i++) {
        const prec *p = &b->r[b->order[b->first[c] + i]];
        kh_fpay *q = &(*y)[i];
        copy(q->voucher, sizeof q->voucher, b->text.b + p->voucher);
        copy(q->date, sizeof q->date, b->text.b + p->date);
        copy(q->proj_id, sizeof q->proj_id, b->text.b + p->proj);
        copy(q->fund, sizeof q->fund, b->fund.v[p->fund]);
        copy(q->stage, sizeof q->stage, b->stage.v[p->stage]);
        q->amount = p->amount;
        q->row = p->row;
    }
    *ny = n;
    return KH_OK;
}

static void paybuf_free(paybuf *b)
{
    free(b->r);
    free(b->order);
    free(b->first);
    free(b->by_code);
    free(b->county.v);
    free(b->fund.v);
    free(b->stage.v);
    free(b->text.b);
}

int kh_store_funds_each_county(kh_store *s, const char *lo, const char *hi,
                               kh_funds_county_fn fn, void *ctx, kh_error *err)
{
    cursor c[2] = {{0}};
    kh_funds_data d;
    memset(&d, 0, sizeof d);
    size_t cap[3] = {0, 0, 0};
    paybuf pb;
    memset(&pb, 0, sizeof pb);
    int rc = paybuf_load(s, lo, hi, &pb, err);
    for (int k = 0; k < 2 && !rc; k++) {
        rc = kh_sql_prepare(s, county_sql[k], &c[k].st, err);
        if (rc) break;
        kh_sql_bind_text(c[k].st, 1, lo);
        kh_sql_bind_text(c[k].st, 2, hi);
        rc = cur_step(s, &c[k], err);
    }
    while (!rc && (c[0].row || c[1].row || paybuf_county(&pb))) {
        /* the next county: the least of the cursors' and the payments' */
        const char *next = paybuf_county(&pb);
        for (int k = 0; k < 2; k++) {
            if (!c[k].row) continue;
            const char *v = kh_sql_str(c[k].st, 0);
            if (!next || strcmp(v, next) < 0) next = v;
        }
        copy(d.county, sizeof d.county, next);
        for (size_t i = 0; i < d.np; i++) free((void *)d.p[i].benef_list);
        d.np = d.na = d.ny = 0;
        while (!rc && c[0].row && !strcmp(kh_sql_str(c[0].st, 0), d.county)) {
            char *list = NULL;
            if (grow((void **)&d.p, &cap[0], d.np, sizeof *d.p)) {
                rc = kh_error_nomem(err);
                break;
            }
            read_project(c[0].st, &d.p[d.np], &list);
            d.np++;
            if (!list) rc = kh_error_nomem(err);
            if (!rc) rc = cur_step(s, &c[0], err);
        }
        while (!rc && c[1].row && !strcmp(kh_sql_str(c[1].st, 0), d.county)) {
            if (grow((void **)&d.a, &cap[1], d.na, sizeof *d.a)) {
                rc = kh_error_nomem(err);
                break;
            }
            sqlite3_stmt *st = c[1].st;
            kh_falloc *a = &d.a[d.na++];
            memset(a, 0, sizeof *a);
            copy(a->region, sizeof a->region, kh_sql_str(st, 0));
            copy(a->doc_no, sizeof a->doc_no, kh_sql_str(st, 1));
            copy(a->date, sizeof a->date, kh_sql_str(st, 2));
            copy(a->level, sizeof a->level, kh_sql_str(st, 3));
            copy(a->fund, sizeof a->fund, kh_sql_str(st, 4));
            a->amount = sqlite3_column_int64(st, 5);
            a->year = sqlite3_column_int(st, 6);
            a->row = sqlite3_column_int(st, 7);
            rc = cur_step(s, &c[1], err);
        }
        if (!rc && paybuf_county(&pb) && !strcmp(paybuf_county(&pb), d.county) &&
            paybuf_take(&pb, &d.y, &cap[2], &d.ny))
            rc = kh_error_nomem(err);
        if (!rc) rc = fn(ctx, &d, err);
    }
    for (size_t i = 0; i < d.np; i++) free((void *)d.p[i].benef_list);
    free(d.p);
    free(d.a);
    free(d.y);
    for (int k = 0; k < 2; k++) sqlite3_finalize(c[k].st);
    paybuf_free(&pb);
    return rc;
}

struct kh_funds_benef_q {
    kh_store *s;
    sqlite3_stmt *st;
};

int kh_store_funds_benef_open(kh_store *s, int year, kh_funds_benef_q **out,
                              kh_error *err)
{
    kh_funds_benef_q *q = calloc(1, sizeof *q);
    if (!q) return kh_error_nomem(err);
    q->s = s;
    int rc = kh_sql_prepare(s,
                            "SELECT status FROM household WHERE year = ?1 AND hh_id = ?2"
                            " AND substr(village, 1, 6) = substr(?3, 1, 6)",
                            &q->st, err);
    if (rc) {
        free(q);
        return rc;
    }
    sqlite3_bind_int(q->st, 1, year);
    *out = q;
    return KH_OK;
}

int kh_store_funds_benef(kh_funds_benef_q *q, const char *county,
                         const char *hh_id, int *state, kh_error *err)
{
    *state = KH_FB_NONE;
    sqlite3_reset(q->st);
    sqlite3_bind_text(q->st, 2, hh_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q->st, 3, county, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(q->st);
    if (r == SQLITE_ROW)
        *state = !strcmp(kh_sql_str(q->st, 0), "清退") ? KH_FB_CLEARED : KH_FB_REGISTERED;
    else if (r != SQLITE_DONE)
        return kh_sql_err(q->s, err);
    return KH_OK;
}

void kh_store_funds_benef_close(kh_funds_benef_q *q)
{
    if (!q) return;
    sqlite3_finalize(q->st);
    free(q);
}

int kh_store_funds_each_project(kh_store *s, const char *lo, const char *hi,
                                kh_funds_project_fn fn, void *ctx,
                                kh_error *err)
{
    int n;
    const kh_funds_col *cols = kh_funds_cols(KH_FUNDS_PROJECTS, &n);
    char sql[1024];
    size_t o = (size_t)snprintf(sql, sizeof sql, "SELECT ");
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "%s\"%s\"", i ? ", " : "", cols[i].key);
    snprintf(sql + o, sizeof sql - o,
             " FROM fund_project WHERE region BETWEEN ?1 AND ?2 ORDER BY proj_id");
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s, sql, &st, err);
    if (rc) return rc;
    kh_sql_bind_text(st, 1, lo);
    kh_sql_bind_text(st, 2, hi);
    char money[KH_FUNDS_MAX_COLS][32];
    const char *cells[KH_FUNDS_MAX_COLS];
    int r;
    while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++) {
            cells[i] = kh_sql_str(st, i);
            if (cols[i].type == KH_FT_YUAN && cells[i][0]) {
                long long f = sqlite3_column_int64(st, i);
                snprintf(money[i], sizeof money[i], "%lld.%02lld", f / 100, f % 100);
                cells[i] = money[i];
            }
        }
        rc = fn(ctx, cells, err);
    }
    if (!rc && r != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- the funds indicators (indicators.h: funds.*) ---- */

int kh_store_funds_has(kh_store *s, int year)
{
    if (kh_store_version(s) < 17) return 0;
    sqlite3_stmt *st;
    kh_error e;
    char lo[12], hi[12];
    snprintf(lo, sizeof lo, "%04d-01-01", year);
    snprintf(hi, sizeof hi, "%04d-12-31", year);
    if (kh_sql_prepare(s,
                       "SELECT EXISTS(SELECT 1 FROM fund_alloc WHERE year = ?1)"
                       " OR EXISTS(SELECT 1 FROM fund_pay WHERE date BETWEEN ?2 AND ?3)",
                       &st, &e))
        return 0;
    sqlite3_bind_int(st, 1, year);
    kh_sql_bind_text(st, 2, lo);
    kh_sql_bind_text(st, 3, hi);
    int has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return has;
}

typedef struct ind_ctx {
    const kh_funds_limits *lim;
    const char *ref;
    kh_indicators *ix;
} ind_ctx;

static int on_tally(void *ctx, const kh_funds_tally *t)
{
    kh_indicators_add_funds(ctx, t->region, t->num, t->den);
    return KH_OK;
}

static int ind_county(void *ctx, const kh_funds_data *d, kh_error *err)
{
    ind_ctx *c = ctx;
    int rc = kh_funds_tally_county(c->lim, d->county, c->ref, d->p, d->np, d->a,
                                   d->na, d->y, d->ny, on_tally, c->ix);
    if (rc == KH_ERR_NOMEM) return kh_error_nomem(err);
    if (rc) return kh_error_set(err, rc, "funds_indicators", "资金指标计算失败",
                                "the funds indicators failed");
    return KH_OK;
}

int kh_store_funds_ind_load(kh_store *s, int year, const kh_funds_limits *lim,
                            kh_indicators *ix, kh_error *err)
{
    if (kh_indicators_find(ix, "funds.projects") < 0) return KH_OK;
    char ref[11];
    snprintf(ref, sizeof ref, "%04d-12-31", year);
    ind_ctx c = {lim, ref, ix};
    return kh_store_funds_each_county(s, "000000000000", "999999999999",
                                      ind_county, &c, err);
}

int kh_store_funds_counties(kh_store *s, int year, const char *lo,
                            const char *hi, kh_funds_code_fn fn, void *ctx,
                            kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT DISTINCT region FROM fund_alloc WHERE year = ?1"
                            " AND region BETWEEN ?2 AND ?3 ORDER BY region",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    kh_sql_bind_text(st, 2, lo);
    kh_sql_bind_text(st, 3, hi);
    int r;
    while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, kh_sql_str(st, 0), err);
    if (!rc && r != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}
