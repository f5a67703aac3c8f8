/* SPDX-License-Identifier: MIT */
/*
 * review_edit.c - one edited household re-reviewed in the edit's
 * transaction (review_edit.h). The household's own codes come from
 * kh_review_household() on a reviewer that defers helper_overload, as
 * `kaohe review`'s readers do (review_run.c); helper_overload is then
 * decided again for all the households of the helper, in registry order,
 * with kh_reviewer_helper_key_count / kh_reviewer_helper_next /
 * kh_review_helper_flag, as review_run.c's finish_helpers decides it.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/idcard.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/review.h"
#include "kaohe/review_edit.h"
#include "store/store_int.h"

static uint64_t helper_key(const char *id)
{
    kh_idcard c;
    if (!id || !*id || kh_idcard_parse(id, strlen(id), &c) != KH_ID_OK)
        return 0;
    return kh_idcard_key(&c) + 1;
}

static int insert_finding(kh_store *s, int year, long long hid, int code,
                          int seq, const char *id_no,
                          const kh_review_detail *d, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "INSERT INTO review_finding(year, household, code,"
                            " member_seq, id_no, value, message_zh,"
                            " message_en) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int64(st, 2, hid);
    sqlite3_bind_text(st, 3, kh_review_codes[code], -1, SQLITE_STATIC);
    if (seq > 0) {
        sqlite3_bind_int(st, 4, seq);
        sqlite3_bind_text(st, 5, id_no, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, 4);
        sqlite3_bind_null(st, 5);
    }
    sqlite3_bind_text(st, 6, d->value, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, d->zh, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, d->en, -1, SQLITE_TRANSIENT);
    return kh_sql_run(s, st, err);
}

/* The household's own row and findings (helper_overload not flagged:
 * helpers() decides it). */
static int write_own(kh_store *s, int year, long long hid,
                     const kh_household *h, const kh_review_result *res,
                     int derived, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s, "DELETE FROM review_finding WHERE household = ?1",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, hid);
    if ((rc = kh_sql_run(s, st, err))) return rc;
    rc = kh_sql_prepare(s,
                        "INSERT OR REPLACE INTO review(household, year,"
                        " applies, flagged, exit_ready) VALUES(?1,?2,?3,?4,?5)",
                        &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_int64(st, 3, res->applies);
    sqlite3_bind_int64(st, 4, res->flagged);
    sqlite3_bind_int(st, 5, res->exit_ready ? 1 : 0);
    if ((rc = kh_sql_run(s, st, err))) return rc;
    /* A run whose findings are made again when read stores no texts;
     * one stored before does: in code order, member and ID as the
     * review wrote them. */
    for (int k = 0; k < KH_RV_COUNT && !rc && !derived; k++) {
        if (!(res->flagged & (1u << k))) continue;
        const kh_review_detail *d = &res->detail[k];
        int seq = d->member >= 0 && (size_t)d->member < h->nmembers
                      ? d->member + 1
                      : 0;
        rc = insert_finding(s, year, hid, k, seq,
                            seq ? h->members[seq - 1].id_no : "", d, err);
    }
    return rc;
}

typedef struct hh_of {
    long long id;
    int reviewed;
    char *helper, *helper_id;
} hh_of;

static void list_free(hh_of *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].helper);
        free(v[i].helper_id);
    }
    free(v);
}

static char *dup(const char *t)
{
    t = t ? t : "";
    size_t n = strlen(t) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, t, n);
    return p;
}

/*
 * helper_overload again for every household of the helper with key: its
 * households of the year (one query, in registry order); those reviewed
 * counted in that order, from the (max + 1)-th on flagged, every other
 * one's flag and finding removed.
 */
static int helpers(kh_store *s, int year, const kh_standard *std,
                   const int today[3], uint64_t key, int derived,
                   kh_error *err)
{
    sqlite3 *db = s->db;
    if (kh_sqldb_idkey(db) != SQLITE_OK) return kh_sqldb_err(db, err);
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT h.id, h.helper, h.helper_id,"
                            " EXISTS(SELECT 1 FROM review r"
                            " WHERE r.household = h.id)"
                            " FROM household h NOT INDEXED WHERE h.year = ?1"
                            " AND h.helper_id IS NOT NULL"
                            " AND kh_idkey(h.helper_id) = ?2 ORDER BY h.id",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)key);
    hh_of *v = NULL;
    size_t n = 0, cap = 0;
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t c2 = cap ? cap * 2 : 16;
            hh_of *p = realloc(v, c2 * sizeof *p);
            if (!p) {
                rc = kh_error_nomem(err);
                break;
            }
            v = p;
            cap = c2;
        }
        hh_of *o = &v[n];
        o->id = sqlite3_column_int64(st, 0);
        o->helper = dup(kh_sql_col(st, 1));
        o->helper_id = dup(kh_sql_col(st, 2));
        o->reviewed = sqlite3_column_int(st, 3);
        n++;
        if (!o->helper || !o->helper_id) rc = kh_error_nomem(err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);

    kh_reviewer *rv = NULL;
    kh_review_result *res = NULL;
    sqlite3_stmt *del = NULL, *upd = NULL;
    if (!rc) rc = kh_reviewer_new(std, year, today, &rv, err);
    if (!rc) rc = kh_reviewer_helper_key_count(rv, key, (long long)n, err);
    if (!rc && !(res = malloc(sizeof *res))) rc = kh_error_nomem(err);
    if (!rc)
        rc = kh_sql_prepare(s,
                            "DELETE FROM review_finding WHERE household = ?1"
                            " AND code = ?2",
                            &del, err);
    if (!rc)
        rc = kh_sql_prepare(s,
                            "UPDATE review SET flagged = (flagged & ~?2) | ?3,"
                            " helper_nth = ?4, helper_total = ?5"
                            " WHERE household = ?1",
                            &upd, err);
    const long long bit = 1LL << KH_RV_HELPER_OVERLOAD;
    for (size_t i = 0; !rc && i < n; i++) {
        if (!v[i].reviewed) continue; /* not counted in the order */
        unsigned nth = 0, total = 0;
        int flag = kh_reviewer_helper_next(rv, key, &nth, &total);
        sqlite3_reset(del);
        sqlite3_bind_int64(del, 1, v[i].id);
        sqlite3_bind_text(del, 2, kh_review_codes[KH_RV_HELPER_OVERLOAD], -1,
                          SQLITE_STATIC);
        if (sqlite3_step(del) != SQLITE_DONE) rc = kh_sql_err(s, err);
        sqlite3_reset(upd);
        sqlite3_bind_int64(upd, 1, v[i].id);
        sqlite3_bind_int64(upd, 2, bit);
        sqlite3_bind_int64(upd, 3, flag ? bit : 0);
        if (flag) {
            sqlite3_bind_int64(upd, 4, nth);
            sqlite3_bind_int64(upd, 5, total);
        } else {
            sqlite3_bind_null(upd, 4);
            sqlite3_bind_null(upd, 5);
        }
        if (!rc && sqlite3_step(upd) != SQLITE_DONE) rc = kh_sql_err(s, err);
        if (rc || !flag || derived) continue;
        res->applies = res->flagged = 0;
        kh_review_helper_flag(rv, v[i].helper, v[i].helper_id, total, nth,
                              res);
        rc = insert_finding(s, year, v[i].id, KH_RV_HELPER_OVERLOAD, 0, "",
                            &res->detail[KH_RV_HELPER_OVERLOAD], err);
    }
    sqlite3_finalize(del);
    sqlite3_finalize(upd);
    free(res);
    kh_reviewer_free(rv);
    list_free(v, n);
    return rc;
}

int kh_store_review_edit(kh_store *s, int year, long long hid,
                         const kh_household *h, const char *old_helper_id,
                         const kh_standard *std, const int today[3],
                         int *done, kh_error *err)
{
    if (done) *done = 0;
    if (!kh_store_review_ran(s, year)) return KH_OK;
    /* A run whose findings are made again when read: the household is
     * reviewed with the standards and date the run was made with, so
     * that its bits and the texts made from them agree. */
    kh_rv_derive *d = NULL;
    int rc = kh_rv_derive_open(s, year, &d, err);
    if (rc) return rc;
    int run_today[3];
    if (d) {
        std = kh_rv_derive_std(d, run_today);
        today = run_today;
    }
    int derived = d != NULL;
    kh_reviewer *rv = NULL;
    kh_review_result *res = malloc(sizeof *res);
    if (!res) {
        kh_rv_derive_free(d);
        return kh_error_nomem(err);
    }
    rc = kh_reviewer_new(std, year, today, &rv, err);
    if (!rc) {
        kh_reviewer_defer_helpers(rv);
        kh_reviewer_no_tally(rv);
        rc = kh_review_household(rv, h, res, err);
    }
    /* Before the edit: reviewed, and with or without helper_overload. */
    long long was = rc ? -1
                       : kh_sqldb_one(s->db,
                                      "SELECT flagged FROM review"
                                      " WHERE household = ?1",
                                      hid, 0, -1);
    if (!rc) rc = write_own(s, year, hid, h, res, derived, err);
    uint64_t now = rc ? 0 : res->helper_key,
             before = helper_key(old_helper_id);
    /* The same helper, the household reviewed before and not beyond the
     * helper's maximum then: the helper's reviewed households and their
     * order are what they were, so no flag changes and the helper's
     * households need not be read again (the scan reads the whole year). */
    int same = now && now == before && was >= 0 &&
               !(was & (1LL << KH_RV_HELPER_OVERLOAD));
    if (!rc && now && !same)
        rc = helpers(s, year, std, today, now, derived, err);
    if (!rc && before && before != now)
        rc = helpers(s, year, std, today, before, derived, err);
    kh_reviewer_free(rv);
    kh_rv_derive_free(d);
    free(res);
    if (!rc && done) *done = 1;
    return rc;
}

int kh_store_review_of(kh_store *s, int year, const char *hh_id,
                       int *reviewed, void (*ids_fn)(void *ctx, const char *id),
                       kh_review_found_fn fn, void *ctx, kh_error *err)
{
    *reviewed = kh_store_review_ran(s, year);
    if (!*reviewed) return KH_OK;
    sqlite3_stmt *st;
    int rc;
    if (ids_fn) {
        rc = kh_sql_prepare(s,
                            "SELECT m.id_no FROM member m JOIN household h"
                            " ON h.id = m.household WHERE h.year = ?1"
                            " AND h.hh_id = ?2 AND m.id_no IS NOT NULL"
                            " UNION ALL SELECT helper_id FROM household"
                            " WHERE year = ?1 AND hh_id = ?2"
                            " AND helper_id IS NOT NULL",
                            &st, err);
        if (rc) return rc;
        sqlite3_bind_int(st, 1, year);
        sqlite3_bind_text(st, 2, hh_id, -1, SQLITE_TRANSIENT);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW)
            ids_fn(ctx, kh_sql_col(st, 0));
        rc = step == SQLITE_DONE ? KH_OK : kh_sql_err(s, err);
        sqlite3_finalize(st);
        if (rc) return rc;
    }
    kh_rv_derive *d = NULL;
    rc = kh_rv_derive_open(s, year, &d, err);
    if (rc) return rc;
    if (d) {
        /* Made again from the household's rows and bits, in code order. */
        rc = kh_sql_prepare(s,
                            "SELECT h.id, r.flagged, coalesce(r.helper_nth, 0),"
                            " coalesce(r.helper_total, 0) FROM household h"
                            " JOIN review r ON r.household = h.id"
                            " WHERE h.year = ?1 AND h.hh_id = ?2",
                            &st, err);
        if (!rc) {
            sqlite3_bind_int(st, 1, year);
            sqlite3_bind_text(st, 2, hh_id, -1, SQLITE_TRANSIENT);
            int step = sqlite3_step(st);
            if (step == SQLITE_ROW && sqlite3_column_int64(st, 1) != 0) {
                uint32_t flagged = (uint32_t)sqlite3_column_int64(st, 1);
                const kh_household *h;
                const kh_review_result *res;
                rc = kh_rv_derive_household(
                    d, sqlite3_column_int64(st, 0), flagged,
                    (unsigned)sqlite3_column_int64(st, 2),
                    (unsigned)sqlite3_column_int64(st, 3), &h, &res, err);
                for (int k = 0; k < KH_RV_COUNT && !rc; k++) {
                    if (!(flagged & (1u << k))) continue;
                    const kh_review_detail *dt = &res->detail[k];
                    int seq = dt->member >= 0 &&
                                      (size_t)dt->member < h->nmembers
                                  ? dt->member + 1
                                  : 0;
                    kh_review_found f = {kh_review_codes[k], seq,
                                         seq ? h->members[seq - 1].id_no : "",
                                         dt->value, dt->zh, dt->en};
                    rc = fn(ctx, &f, err);
                }
            } else if (step != SQLITE_ROW && step != SQLITE_DONE) {
                rc = kh_sql_err(s, err);
            }
            sqlite3_finalize(st);
        }
        kh_rv_derive_free(d);
        return rc;
    }
    /* A review stored before (schema 9): in code order, the rank of
     * kh_review_codes. */
    char rank[1024];
    kh_review_rank_sql(rank, sizeof rank);
    char *sql = sqlite3_mprintf(
        "SELECT f.code, coalesce(f.member_seq, 0), coalesce(f.id_no, ''),"
        " coalesce(f.value, ''), f.message_zh, f.message_en"
        " FROM review_finding f JOIN household h ON h.id = f.household"
        " WHERE h.year = ?1 AND h.hh_id = ?2 ORDER BY %s, f.id",
        rank);
    if (!sql) return kh_error_nomem(err);
    rc = kh_sql_prepare(s, sql, &st, err);
    sqlite3_free(sql);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, hh_id, -1, SQLITE_TRANSIENT);
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_review_found f = {kh_sql_col(st, 0), sqlite3_column_int(st, 1),
                             kh_sql_col(st, 2), kh_sql_col(st, 3),
                             kh_sql_col(st, 4), kh_sql_col(st, 5)};
        rc = fn(ctx, &f, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}
