/* SPDX-License-Identifier: MIT */
/*
 * review_store.c - the exit review in the database (schema 2: review,
 * review_finding, review_run): the helpers' first pass (for kaohe check
 * --year) and reading a stored review back: its findings made again from
 * the stored rows and bits (kh_rv_derive, review_run.c), or, for a review
 * stored before schema 10, read from review_finding. Writing it:
 * review_run.c.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/review.h"
#include "store/store_int.h"

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
        return kh_sql_err(s, err);
    sqlite3_bind_int(st, 1, year);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                sqlite3_column_int64(st, 1), err);
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

void kh_review_rank_sql(char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "CASE f.code");
    for (int c = 0; c < KH_RV_COUNT; c++)
        n += (size_t)snprintf(out + n, size - n, " WHEN '%s' THEN %d",
                              kh_review_codes[c], c);
    snprintf(out + n, size - n, " END");
}

/* The flagged households in the order of the old listing (src_row, then
 * rowid), each reviewed again for its findings' texts, in code order. */
static int derived_each(kh_store *s, kh_rv_derive *d, int year,
                        kh_store_review_fn fn, void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sqldb_prepare(s->db,
                  "SELECT h.id, h.hh_id, h.village, coalesce(h.src_row, 0),"
                  " coalesce(h.src_line, 0), r.flagged,"
                  " coalesce(r.helper_nth, 0), coalesce(r.helper_total, 0)"
                  " FROM review r JOIN household h ON h.id = r.household"
                  " WHERE r.year = ?1 AND r.flagged <> 0"
                  " ORDER BY h.src_row, h.id",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        uint32_t flagged = (uint32_t)sqlite3_column_int64(st, 5);
        const kh_household *h;
        const kh_review_result *res;
        rc = kh_rv_derive_household(
            d, sqlite3_column_int64(st, 0), flagged,
            (unsigned)sqlite3_column_int64(st, 6),
            (unsigned)sqlite3_column_int64(st, 7), &h, &res, err);
        for (int k = 0; k < KH_RV_COUNT && !rc; k++) {
            if (!(flagged & (1u << k))) continue;
            const kh_review_detail *dt = &res->detail[k];
            int seq = dt->member >= 0 && (size_t)dt->member < h->nmembers
                          ? dt->member + 1
                          : 0;
            kh_review_row r;
            r.hh_id = kh_sql_str(st, 1);
            r.village = kh_sql_str(st, 2);
            r.code = kh_review_codes[k];
            r.member_seq = seq;
            r.id_no = seq ? h->members[seq - 1].id_no : "";
            r.value = dt->value;
            r.zh = dt->zh;
            r.en = dt->en;
            r.row = (long)sqlite3_column_int64(st, 3);
            r.line = (long)sqlite3_column_int64(st, 4);
            rc = fn(ctx, &r, err);
        }
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_review_each(kh_store *s, int year, kh_store_review_fn fn,
                         void *ctx, kh_error *err)
{
    if (!kh_store_review_ran(s, year)) return missing(year, err);
    kh_rv_derive *d;
    int drc = kh_rv_derive_open(s, year, &d, err);
    if (drc) return drc;
    if (d) {
        drc = derived_each(s, d, year, fn, ctx, err);
        kh_rv_derive_free(d);
        return drc;
    }
    /* A review stored before (schema 9): its findings' texts. */
    /* Within a household by code (the order of kh_review_codes): the
     * review writes helper_overload after the others. */
    char rank[1024];
    kh_review_rank_sql(rank, sizeof rank);
    char *sql = sqlite3_mprintf(
        "SELECT h.hh_id, h.village, f.code,"
        " coalesce(f.member_seq, 0), f.id_no, f.value,"
        " f.message_zh, f.message_en,"
        " coalesce(h.src_row, 0), coalesce(h.src_line, 0)"
        " FROM review_finding f"
        " JOIN household h ON h.id = f.household"
        " WHERE f.year = ?1 ORDER BY h.src_row, h.id, %s, f.id",
        rank);
    sqlite3_stmt *st;
    int prc = sql ? sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (prc != SQLITE_OK) return kh_sql_err(s, err);
    sqlite3_bind_int(st, 1, year);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_review_row r;
        r.hh_id = kh_sql_str(st, 0);
        r.village = kh_sql_str(st, 1);
        r.code = kh_sql_str(st, 2);
        r.member_seq = sqlite3_column_int(st, 3);
        r.id_no = kh_sql_str(st, 4);
        r.value = kh_sql_str(st, 5);
        r.zh = kh_sql_str(st, 6);
        r.en = kh_sql_str(st, 7);
        r.row = (long)sqlite3_column_int64(st, 8);
        r.line = (long)sqlite3_column_int64(st, 9);
        rc = fn(ctx, &r, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}
