/* SPDX-License-Identifier: MIT */
/*
 * review_store.c - the exit review in the database (schema 2: review,
 * review_finding, review_run): the helpers' first pass, writing a year's
 * review in place of the previous one, and reading it back.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/review.h"
#include "store/store_int.h"

struct kh_review_writer {
    kh_store *s;
    int year;
    sqlite3_stmt *find, *ins, *ins_f;
};

static int dberr(kh_store *s, kh_error *err)
{
    return kh_error_set(err, KH_ERR_DB, "db", "数据库错误:%s",
                        "database error: %s", sqlite3_errmsg(s->db));
}

static int missing(int year, kh_error *err)
{
    return kh_error_set(err, KH_ERR_NOTFOUND, "review_missing",
                        "%d 年尚未进行退出核查,请先运行 kaohe review --year %d",
                        "%d has not been reviewed: run `kaohe review --year "
                        "%d` first",
                        year, year);
}

int kh_store_helper_counts(kh_store *s, int year, kh_store_helper_fn fn,
                           void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT helper_id, count(*) FROM household"
                           " WHERE year = ?1 AND helper_id IS NOT NULL"
                           " GROUP BY helper_id",
                           -1, &st, NULL) != SQLITE_OK)
        return dberr(s, err);
    sqlite3_bind_int(st, 1, year);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                sqlite3_column_int64(st, 1), err);
    if (!rc && step != SQLITE_DONE) rc = dberr(s, err);
    sqlite3_finalize(st);
    return rc;
}

void kh_store_review_end(kh_review_writer *w)
{
    if (!w) return;
    sqlite3_finalize(w->find);
    sqlite3_finalize(w->ins);
    sqlite3_finalize(w->ins_f);
    free(w);
}

int kh_store_review_begin(kh_store *s, int year, const char *standards,
                          kh_review_writer **out, kh_error *err)
{
    *out = NULL;
    kh_review_writer *w = calloc(1, sizeof *w);
    if (!w)
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    w->s = s;
    w->year = year;
    char sql[256];
    snprintf(sql, sizeof sql,
             "DELETE FROM review_finding WHERE year = %d;"
             "DELETE FROM review WHERE year = %d;"
             "DELETE FROM review_run WHERE year = %d;",
             year, year, year);
    sqlite3_stmt *run = NULL;
    int rc = KH_OK;
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO review_run(year, run_at, standards)"
                           " VALUES(?1, strftime('%Y-%m-%dT%H:%M:%S','now',"
                           "'localtime'), ?2)",
                           -1, &run, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT id FROM household WHERE year = ?1"
                           " AND hh_id = ?2",
                           -1, &w->find, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO review(household, year, applies,"
                           " flagged, exit_ready) VALUES(?,?,?,?,?)",
                           -1, &w->ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO review_finding(year, household, code,"
                           " member_seq, id_no, value, message_zh, message_en)"
                           " VALUES(?,?,?,?,?,?,?,?)",
                           -1, &w->ins_f, NULL) != SQLITE_OK)
        rc = dberr(s, err);
    if (!rc) {
        sqlite3_bind_int(run, 1, year);
        sqlite3_bind_text(run, 2, standards, -1, SQLITE_STATIC);
        if (sqlite3_step(run) != SQLITE_DONE) rc = dberr(s, err);
    }
    sqlite3_finalize(run);
    if (rc) {
        kh_store_review_end(w);
        return rc;
    }
    *out = w;
    return KH_OK;
}

int kh_store_review_add(kh_review_writer *w, const kh_household *h,
                        const kh_review_result *r, kh_error *err)
{
    kh_store *s = w->s;
    sqlite3_reset(w->find);
    sqlite3_bind_int(w->find, 1, w->year);
    sqlite3_bind_text(w->find, 2, h->hh_id, -1, SQLITE_STATIC);
    int step = sqlite3_step(w->find);
    if (step == SQLITE_DONE)
        return kh_error_set(err, KH_ERR_NOTFOUND, "household_missing",
                            "户 %s 不在 %d 年的数据中",
                            "household %s is not stored for %d", h->hh_id,
                            w->year);
    if (step != SQLITE_ROW) return dberr(s, err);
    sqlite3_int64 hid = sqlite3_column_int64(w->find, 0);
    sqlite3_reset(w->find);
    sqlite3_reset(w->ins);
    sqlite3_bind_int64(w->ins, 1, hid);
    sqlite3_bind_int(w->ins, 2, w->year);
    sqlite3_bind_int64(w->ins, 3, r->applies);
    sqlite3_bind_int64(w->ins, 4, r->flagged);
    sqlite3_bind_int(w->ins, 5, r->exit_ready);
    if (sqlite3_step(w->ins) != SQLITE_DONE) return dberr(s, err);
    for (int c = 0; c < KH_RV_COUNT; c++) {
        if (!(r->flagged & (1u << c))) continue;
        const kh_review_detail *d = &r->detail[c];
        sqlite3_stmt *st = w->ins_f;
        sqlite3_reset(st);
        sqlite3_bind_int(st, 1, w->year);
        sqlite3_bind_int64(st, 2, hid);
        sqlite3_bind_text(st, 3, kh_review_codes[c], -1, SQLITE_STATIC);
        if (d->member >= 0 && (size_t)d->member < h->nmembers) {
            sqlite3_bind_int(st, 4, d->member + 1);
            sqlite3_bind_text(st, 5, h->members[d->member].id_no, -1,
                              SQLITE_STATIC);
        } else {
            sqlite3_bind_null(st, 4);
            sqlite3_bind_null(st, 5);
        }
        sqlite3_bind_text(st, 6, d->value, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, d->zh, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, d->en, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) return dberr(s, err);
    }
    return KH_OK;
}

static int reviewed(kh_store *s, int year)
{
    sqlite3_stmt *st;
    int n = 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT count(*) FROM review_run"
                           " WHERE year = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int(st, 1, year);
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n > 0;
}

static const char *text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

int kh_store_review_each(kh_store *s, int year, kh_store_review_fn fn,
                         void *ctx, kh_error *err)
{
    if (!reviewed(s, year)) return missing(year, err);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT h.hh_id, h.village, f.code,"
                           " coalesce(f.member_seq, 0), f.id_no, f.value,"
                           " f.message_zh, f.message_en,"
                           " coalesce(h.src_row, 0), coalesce(h.src_line, 0)"
                           " FROM review_finding f"
                           " JOIN household h ON h.id = f.household"
                           " WHERE f.year = ?1 ORDER BY h.src_row, h.id, f.id",
                           -1, &st, NULL) != SQLITE_OK)
        return dberr(s, err);
    sqlite3_bind_int(st, 1, year);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_review_row r;
        r.hh_id = text(st, 0);
        r.village = text(st, 1);
        r.code = text(st, 2);
        r.member_seq = sqlite3_column_int(st, 3);
        r.id_no = text(st, 4);
        r.value = text(st, 5);
        r.zh = text(st, 6);
        r.en = text(st, 7);
        r.row = (long)sqlite3_column_int64(st, 8);
        r.line = (long)sqlite3_column_int64(st, 9);
        rc = fn(ctx, &r, err);
    }
    if (!rc && step != SQLITE_DONE) rc = dberr(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_review_counts(kh_store *s, int year, long long *applies,
                           long long *flagged, long long *exit_ready,
                           kh_error *err)
{
    if (!reviewed(s, year)) return missing(year, err);
    char sql[4096];
    size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT sum(exit_ready)");
    for (int c = 0; c < KH_RV_COUNT; c++)
        n += (size_t)snprintf(sql + n, sizeof sql - n,
                              ", sum((applies >> %d) & 1),"
                              " sum((flagged >> %d) & 1)",
                              c, c);
    snprintf(sql + n, sizeof sql - n, " FROM review WHERE year = ?1");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return dberr(s, err);
    sqlite3_bind_int(st, 1, year);
    int rc = KH_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *exit_ready = sqlite3_column_int64(st, 0);
        for (int c = 0; c < KH_RV_COUNT; c++) {
            applies[c] = sqlite3_column_int64(st, 1 + 2 * c);
            flagged[c] = sqlite3_column_int64(st, 2 + 2 * c);
        }
    } else {
        rc = dberr(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}
