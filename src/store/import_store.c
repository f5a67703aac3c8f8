/* SPDX-License-Identifier: MIT */
/*
 * import_store.c - what the web import asks the store before it starts
 * (import.h): how many households of a year lie outside a user's region.
 */
#include <sqlite3.h>

#include "kaohe/import.h"
#include "store/store_int.h"

int kh_store_year_outside(kh_store *s, int year, const char *lo,
                          const char *hi, long long *n, kh_error *err)
{
    sqlite3_stmt *st = NULL;
    *n = 0;
    int rc = kh_sql_prepare(s,
                            "SELECT count(*) FROM household WHERE year = ?1"
                            " AND (village < ?2 OR village > ?3)",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    kh_sql_bind_text(st, 2, lo);
    kh_sql_bind_text(st, 3, hi);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) *n = sqlite3_column_int64(st, 0);
    else rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}
