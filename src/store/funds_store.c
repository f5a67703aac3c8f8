/* SPDX-License-Identifier: MIT */
/*
 * funds_store.c - the tables fund_project, fund_alloc and fund_pay
 * (migration 15, include/kaohe/funds_store.h): the rows an import read
 * written by their column keys, and a region's rows read back for `funds
 * check`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/funds_store.h"
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

struct kh_funds_writer {
    kh_store *s;
    int kind;
    sqlite3_stmt *st;
};

int kh_store_funds_writer_new(kh_store *s, int kind, kh_funds_writer **out,
                              kh_error *err)
{
    *out = NULL;
    int n;
    const kh_funds_col *cols = kh_funds_cols(kind, &n);
    if (!cols) return kh_error_set(err, KH_ERR_USAGE, "funds_kind", "未知的文件种类",
                                   "unknown kind of file");
    char sql[2048];
    size_t o = (size_t)snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO %s(",
                                table_of(kind));
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "\"%s\",", cols[i].key);
    o += (size_t)snprintf(sql + o, sizeof sql - o, "file, row%s) VALUES(",
                          kind == KH_FUNDS_PAYMENTS ? ", region" : "");
    int nb = n + 2 + (kind == KH_FUNDS_PAYMENTS);
    for (int i = 1; i <= nb; i++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "?%d%s", i, i < nb ? "," : ")");
    kh_funds_writer *w = calloc(1, sizeof *w);
    if (!w) return kh_error_nomem(err);
    w->s = s;
    w->kind = kind;
    int rc = kh_sql_prepare(s, sql, &w->st, err);
    if (rc) {
        free(w);
        return rc;
    }
    *out = w;
    return KH_OK;
}

int kh_store_funds_put(kh_funds_writer *w, const kh_funds_row *r,
                       const char *file, const char *region, kh_error *err)
{
    int n;
    const kh_funds_col *cols = kh_funds_cols(w->kind, &n);
    sqlite3_stmt *st = w->st;
    sqlite3_reset(st);
    for (int i = 0; i < n; i++) {
        const char *v = r->v[i];
        int t = cols[i].type;
        if (!v[0]) sqlite3_bind_null(st, i + 1);
        else if (t == KH_FT_YUAN || t == KH_FT_INT || t == KH_FT_YEAR)
            sqlite3_bind_int64(st, i + 1, atoll(v));
        else
            sqlite3_bind_text(st, i + 1, v, -1, SQLITE_STATIC);
    }
    kh_sql_bind_text(st, n + 1, file);
    sqlite3_bind_int64(st, n + 2, r->row);
    if (w->kind == KH_FUNDS_PAYMENTS) kh_sql_bind_text(st, n + 3, region ? region : "");
    if (sqlite3_step(st) != SQLITE_DONE) return kh_sql_err(w->s, err);
    return KH_OK;
}

void kh_store_funds_writer_free(kh_funds_writer *w)
{
    if (!w) return;
    sqlite3_finalize(w->st);
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

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static long long nn(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

/* The county of a region code: its first six digits and zeros. */
static void county_of(const char *code, char out[13])
{
    snprintf(out, 13, "%.6s000000", code);
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

int kh_store_funds_load(kh_store *s, const char *lo, const char *hi,
                        kh_funds_data *d, kh_error *err)
{
    memset(d, 0, sizeof *d);
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc = kh_sql_prepare(
        s,
        "SELECT proj_id, name, type, region, status, added, start_plan, end_plan,"
        " start, \"end\", accepted, pub_added, pub_plan, pub_done, planned,"
        " benef_hh, benef_poor_hh, benef_poor_persons, pub_days, benef_list, row"
        " FROM fund_project WHERE region BETWEEN ?1 AND ?2 ORDER BY proj_id",
        &st, err);
    if (!rc) {
        kh_sql_bind_text(st, 1, lo);
        kh_sql_bind_text(st, 2, hi);
    }
    int r;
    while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)&d->p, &cap, d->np, sizeof *d->p)) {
            rc = kh_error_nomem(err);
            break;
        }
        kh_fproject *p = &d->p[d->np];
        memset(p, 0, sizeof *p);
        copy(p->id, sizeof p->id, kh_sql_str(st, 0));
        copy(p->name, sizeof p->name, kh_sql_str(st, 1));
        copy(p->type, sizeof p->type, kh_sql_str(st, 2));
        copy(p->region, sizeof p->region, kh_sql_str(st, 3));
        county_of(p->region, p->county);
        copy(p->status, sizeof p->status, kh_sql_str(st, 4));
        char *dates[] = {p->added, p->start_plan, p->end_plan, p->start, p->end,
                         p->accepted, p->pub_added, p->pub_plan, p->pub_done};
        for (int i = 0; i < 9; i++) copy(dates[i], 11, kh_sql_str(st, 5 + i));
        p->planned = sqlite3_column_int64(st, 14);
        p->benef_hh = nn(st, 15);
        p->benef_poor_hh = nn(st, 16);
        p->benef_poor_persons = nn(st, 17);
        p->pub_days = nn(st, 18);
        p->benef_list = strdup(kh_sql_str(st, 19));
        p->row = sqlite3_column_int(st, 20);
        d->np++;
        if (!p->benef_list) rc = kh_error_nomem(err);
    }
    if (!rc && r != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    st = NULL;
    cap = 0;
    if (!rc)
        rc = kh_sql_prepare(s,
                            "SELECT doc_no, date, level, fund, region, amount, year, row"
                            " FROM fund_alloc WHERE region BETWEEN ?1 AND ?2"
                            " ORDER BY date, id",
                            &st, err);
    if (!rc) {
        kh_sql_bind_text(st, 1, lo);
        kh_sql_bind_text(st, 2, hi);
    }
    while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)&d->a, &cap, d->na, sizeof *d->a)) {
            rc = kh_error_nomem(err);
            break;
        }
        kh_falloc *a = &d->a[d->na++];
        memset(a, 0, sizeof *a);
        copy(a->doc_no, sizeof a->doc_no, kh_sql_str(st, 0));
        copy(a->date, sizeof a->date, kh_sql_str(st, 1));
        copy(a->level, sizeof a->level, kh_sql_str(st, 2));
        copy(a->fund, sizeof a->fund, kh_sql_str(st, 3));
        copy(a->region, sizeof a->region, kh_sql_str(st, 4));
        a->amount = sqlite3_column_int64(st, 5);
        a->year = sqlite3_column_int(st, 6);
        a->row = sqlite3_column_int(st, 7);
    }
    if (!rc && r != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    st = NULL;
    cap = 0;
    size_t cap2 = 0;
    if (!rc)
        rc = kh_sql_prepare(
            s,
            "SELECT y.voucher, y.date, y.proj_id, y.fund, y.stage, y.amount, y.row,"
            " coalesce(p.region, y.region) FROM fund_pay y"
            " LEFT JOIN fund_project p ON p.proj_id = y.proj_id"
            " WHERE coalesce(p.region, y.region) BETWEEN ?1 AND ?2"
            " ORDER BY y.date, y.voucher",
            &st, err);
    if (!rc) {
        kh_sql_bind_text(st, 1, lo);
        kh_sql_bind_text(st, 2, hi);
    }
    while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)&d->y, &cap, d->ny, sizeof *d->y) ||
            grow((void **)&d->pay_county, &cap2, d->ny, sizeof *d->pay_county)) {
            rc = kh_error_nomem(err);
            break;
        }
        kh_fpay *y = &d->y[d->ny];
        memset(y, 0, sizeof *y);
        copy(y->voucher, sizeof y->voucher, kh_sql_str(st, 0));
        copy(y->date, sizeof y->date, kh_sql_str(st, 1));
        copy(y->proj_id, sizeof y->proj_id, kh_sql_str(st, 2));
        copy(y->fund, sizeof y->fund, kh_sql_str(st, 3));
        copy(y->stage, sizeof y->stage, kh_sql_str(st, 4));
        y->amount = sqlite3_column_int64(st, 5);
        y->row = sqlite3_column_int(st, 6);
        county_of(kh_sql_str(st, 7), d->pay_county[d->ny]);
        d->ny++;
    }
    if (!rc && r != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    if (rc) kh_funds_data_free(d);
    return rc;
}

void kh_funds_data_free(kh_funds_data *d)
{
    for (size_t i = 0; i < d->np; i++) free((void *)d->p[i].benef_list);
    free(d->p);
    free(d->a);
    free(d->y);
    free(d->pay_county);
    memset(d, 0, sizeof *d);
}

int kh_store_funds_benef(kh_store *s, int year, const char *county,
                         const char *hh_id, int *state, kh_error *err)
{
    sqlite3_stmt *st;
    *state = KH_FB_NONE;
    int rc = kh_sql_prepare(s,
                            "SELECT status FROM household WHERE year = ?1 AND hh_id = ?2"
                            " AND substr(village, 1, 6) = substr(?3, 1, 6)",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    kh_sql_bind_text(st, 2, hh_id);
    kh_sql_bind_text(st, 3, county);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *state = !strcmp(kh_sql_str(st, 0), "清退") ? KH_FB_CLEARED : KH_FB_REGISTERED;
    else if (r != SQLITE_DONE)
        rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
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
