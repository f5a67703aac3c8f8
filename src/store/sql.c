/* SPDX-License-Identifier: MIT */
/*
 * sql.c - the few SQLite helpers the store's modules share: the error of
 * the last call (a busy or locked database said as such), preparing,
 * binding text that may be NULL, running a statement that returns no
 * rows, reading a text column or one integer; the kh_sqldb_ forms take
 * a bare connection (the reader threads' own).
 */
#include <sqlite3.h>
#include <stdio.h>

#include "kaohe/idcard.h"
#include "store/store_int.h"

int kh_sqldb_err(sqlite3 *db, kh_error *err)
{
    int code = sqlite3_errcode(db);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return kh_error_set(err, KH_ERR_DB, "db_locked",
                            "数据库正忙,请稍后再试",
                            "the database is busy; try again later");
    return kh_error_set(err, KH_ERR_DB, "db", "数据库错误:%s",
                        "database error: %s", sqlite3_errmsg(db));
}

int kh_sql_err(kh_store *s, kh_error *err) { return kh_sqldb_err(s->db, err); }

int kh_sqldb_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                     kh_error *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return kh_sqldb_err(db, err);
    }
    return KH_OK;
}

int kh_sql_prepare(kh_store *s, const char *sql, sqlite3_stmt **st,
                   kh_error *err)
{
    return kh_sqldb_prepare(s->db, sql, st, err);
}

long long kh_sqldb_one(sqlite3 *db, const char *sql, long long a, long long b,
                       long long def)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return def;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    long long v = def;
    if (sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

void kh_sql_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

int kh_sql_run(kh_store *s, sqlite3_stmt *st, kh_error *err)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? KH_OK : kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

const char *kh_sql_col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

int kh_sql_tri(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL) return -1;
    return sqlite3_column_int(st, i) != 0;
}

const char *kh_sql_str(sqlite3_stmt *st, int i)
{
    const char *t = kh_sql_col(st, i);
    return t ? t : "";
}

int kh_sqldb_year_text(sqlite3 *db, const char *sql, int year, char *out,
                       size_t n, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sqldb_prepare(db, sql, &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    const unsigned char *t;
    if (sqlite3_step(st) == SQLITE_ROW && (t = sqlite3_column_text(st, 0)))
        snprintf(out, n, "%s", (const char *)t);
    else
        rc = kh_sqldb_err(db, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_data_fingerprint(sqlite3 *db, int year, char *out, size_t n,
                        kh_error *err)
{
    return kh_sqldb_year_text(db, KH_DATA_FINGERPRINT_SQL, year, out, n, err);
}

static void fn_idkey(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *t = sqlite3_value_text(argv[0]);
    kh_idcard c;
    if (!t || !*t ||
        kh_idcard_parse((const char *)t, (size_t)sqlite3_value_bytes(argv[0]),
                        &c) != KH_ID_OK) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)(kh_idcard_key(&c) + 1));
}

int kh_sqldb_idkey(sqlite3 *db)
{
    return sqlite3_create_function(db, "kh_idkey", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   fn_idkey, NULL, NULL);
}
