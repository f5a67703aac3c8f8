/* SPDX-License-Identifier: MIT */
/*
 * year_store.c - the years of a database and deleting a year's snapshot
 * (kaohe/year.h). A year is "held" when any table has rows of it; its
 * snapshot is what `kaohe import registry --year` wrote.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "kaohe/year.h"

/* count(*) of a table's rows of the year; -1 on error. */
static long long count_of(kh_store *s, const char *sql, int year)
{
    return kh_sqldb_one(s->db, sql, year, 0, -1);
}

int kh_store_year_info(kh_store *s, int year, kh_year_info *out,
                       kh_error *err)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    sqlite3_stmt *st = NULL;
    int rc = kh_sql_prepare(s,
                            "SELECT households, persons, source, imported_at"
                            " FROM snapshot WHERE year = ?1",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        out->has_snapshot = 1;
        out->households = sqlite3_column_int64(st, 0);
        out->persons = sqlite3_column_int64(st, 1);
        snprintf(out->source, sizeof out->source, "%s", kh_sql_str(st, 2));
        snprintf(out->imported_at, sizeof out->imported_at, "%s",
                 kh_sql_str(st, 3));
    } else if (step != SQLITE_DONE) {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    if (rc) return rc;
    out->problems =
        count_of(s, "SELECT count(*) FROM problem WHERE year = ?1", year);
    out->assess_runs =
        count_of(s, "SELECT count(*) FROM assess_run WHERE year = ?1", year);
    out->samples =
        count_of(s, "SELECT count(*) FROM sample_design WHERE year = ?1", year);
    out->roster =
        count_of(s, "SELECT count(*) FROM roster WHERE year = ?1", year);
    if (out->problems < 0 || out->assess_runs < 0 || out->samples < 0 ||
        out->roster < 0)
        return kh_sql_err(s, err);
    return KH_OK;
}

int kh_store_year_each(kh_store *s, kh_year_fn fn, void *ctx, kh_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = kh_sql_prepare(
        s,
        "SELECT year FROM snapshot UNION SELECT year FROM problem"
        " UNION SELECT year FROM assess_run UNION SELECT year FROM sample_design"
        " UNION SELECT year FROM roster_import ORDER BY 1",
        &st, err);
    if (rc) return rc;
    int years[512], n = 0, step;
    while (n < 512 && (step = sqlite3_step(st)) == SQLITE_ROW)
        years[n++] = sqlite3_column_int(st, 0);
    if (n < 512 && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    for (int i = 0; i < n && !rc; i++) {
        kh_year_info y;
        rc = kh_store_year_info(s, years[i], &y, err);
        if (!rc) rc = fn(ctx, &y);
    }
    return rc;
}

int kh_store_year_delete(kh_store *s, int year, long long *households,
                         kh_error *err)
{
    static const char *const tables[] = {
        "review_finding", "review",  "review_run", "ind_tally",
        "ind_tally_run",  "ind_income", "hh_helper", "hh_pack",
        "hh_pack_run",    "member",  "household",  "finding",
        "snapshot"};
    *households =
        count_of(s, "SELECT count(*) FROM household WHERE year = ?1", year);
    if (*households < 0) return kh_sql_err(s, err);
    int rc = KH_OK;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && !rc; i++) {
        char sql[96];
        sqlite3_stmt *st = NULL;
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE year = ?1", tables[i]);
        rc = kh_sql_prepare(s, sql, &st, err);
        if (!rc) {
            sqlite3_bind_int(st, 1, year);
            rc = kh_sql_run(s, st, err);
        }
    }
    return rc;
}
