/* SPDX-License-Identifier: MIT */
/*
 * edit_store.c - the store's side of editing one household (edit.h):
 * looking it up, its members' unknown columns, an ID number held by
 * another household, the year's revision and a record's audit history.
 * Writing the household back is kh_store_household_replace (store.c,
 * beside the import's insert, with which it shares the column binding).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "kaohe/edit.h"
#include "store/store_int.h"

int kh_store_hh_head(kh_store *s, int year, const char *hh_id,
                     long long *id, long long *version, char village[13],
                     kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT id, version, village FROM household"
                            " WHERE year = ?1 AND hh_id = ?2",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, hh_id, -1, SQLITE_TRANSIENT);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        *version = sqlite3_column_int64(st, 1);
        const char *v = kh_sql_col(st, 2);
        snprintf(village, 13, "%s", v ? v : "");
    } else if (step == SQLITE_DONE) {
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "household_missing",
                          "%d 年没有户编号为 %s 的农户",
                          "no household %2$s in %1$d", year, hh_id);
    } else {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

int kh_store_member_extras(kh_store *s, long long id, kh_extra_fn fn,
                           void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT extra FROM member WHERE household = ?1"
                            " ORDER BY id",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, id);
    size_t k = 0;
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, k++, kh_sql_col(st, 0), err);
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_region_for(kh_store *s, const char *code, kh_regionset *rs,
                        int *any, kh_error *err)
{
    *any = kh_sqldb_one(s->db, "SELECT EXISTS(SELECT 1 FROM region)", 0, 0,
                        0) > 0;
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT " KH_REGION_COLS
                            " FROM region WHERE code = ?1",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = kh_store_region_row(st, rs, err);
    else if (step != SQLITE_DONE)
        rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_id_holder(kh_store *s, int year, const char *id_no,
                       long long id, char *out, size_t outsz,
                       char village[13], kh_error *err)
{
    sqlite3_stmt *st;
    out[0] = '\0';
    village[0] = '\0';
    int rc = kh_sql_prepare(s,
                            "SELECT h.hh_id, h.village FROM member m"
                            " JOIN household h"
                            " ON h.id = m.household WHERE m.year = ?1"
                            " AND m.id_no = ?2 AND m.household <> ?3",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, id_no, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        snprintf(out, outsz, "%s", kh_sql_col(st, 0) ? kh_sql_col(st, 0) : "");
        snprintf(village, 13, "%s", kh_sql_col(st, 1) ? kh_sql_col(st, 1) : "");
    } else if (step != SQLITE_DONE)
        rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_revision_bump(kh_store *s, int year, long long persons,
                           kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "UPDATE snapshot SET revision = revision + 1,"
                            " persons = persons + ?2 WHERE year = ?1",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int64(st, 2, persons);
    return kh_sql_run(s, st, err);
}

int kh_store_audit_of(kh_store *s, const char *object, const char *action,
                      long long limit, kh_audit_fn fn, void *ctx,
                      kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT id, at, who, addr, action, object,"
                            " outcome, coalesce(records, -1), before, after,"
                            " note FROM audit WHERE object = ?1"
                            " AND action = ?2 AND outcome = 'ok'"
                            " ORDER BY id DESC LIMIT ?3",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_text(st, 1, object, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, action, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, limit);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_audit a = {sqlite3_column_int64(st, 0), kh_sql_col(st, 1),
                      kh_sql_col(st, 2), kh_sql_col(st, 3),
                      kh_sql_col(st, 4), kh_sql_col(st, 5),
                      kh_sql_col(st, 6), sqlite3_column_int64(st, 7),
                      kh_sql_col(st, 8), kh_sql_col(st, 9),
                      kh_sql_col(st, 10)};
        rc = fn(ctx, &a, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}
