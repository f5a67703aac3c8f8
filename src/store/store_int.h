/* SPDX-License-Identifier: MIT */
/* store_int.h - private to src/store: the store handle's layout. */
#ifndef KAOHE_STORE_INT_H
#define KAOHE_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "kaohe/review.h"
#include "kaohe/store.h"

typedef struct kh_pack kh_pack; /* pack_store.c */
struct kh_buf;
/* Append v to b zigzag-encoded as a varint, 7 bits a byte, low first
 * (pack_store.c; the packed side store's and the review cache's form). */
int kh_put_zigzag(struct kh_buf *b, int64_t v);

struct kh_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *ins_hh, *ins_mem, *ins_find;
    int in_tx;
    int bulk; /* in a bulk transaction: restore WAL and foreign keys */
    const void *enum_std; /* the standard enum_ids were looked up in */
    int enum_ids[16];
    /* sample_store.c's prepared statements */
    sqlite3_stmt *ins_roster, *ins_drawn, *find_drawn, *ins_survey;
    /* dept_store.c's: a comparison's findings and counts */
    sqlite3_stmt *ins_dfact, *ins_dcount;
    kh_pack *pack; /* an import's packed side store (hh_pack.h), or NULL */
    /* An import's year revision: one above the replaced snapshot's, so
     * that it is above every version a household of the year ever had;
     * the imported households start at it (edit.h's stale forms). */
    long long revision0;
    /* The households and members an import inserted since
     * kh_store_snapshot_begin emptied its year (the snapshot's counts). */
    long long bulk_hh, bulk_mem;
};

/* Shared SQL helpers (sql.c). kh_sql_err: the last call's error, a busy
 * or locked database as "db_locked"; kh_sql_prepare: *st NULL on error;
 * kh_sql_bind_text: NULL binds NULL (the text is copied); kh_sql_run:
 * step a statement that returns no rows, then finalize it. */
int kh_sql_err(kh_store *s, kh_error *err);
int kh_sql_prepare(kh_store *s, const char *sql, sqlite3_stmt **st,
                   kh_error *err);
void kh_sql_bind_text(sqlite3_stmt *st, int i, const char *v);
/* kh_sql_bind_nn: v, or NULL when v is negative (unknown). */
static inline void kh_sql_bind_nn(sqlite3_stmt *st, int i, long long v)
{
    if (v < 0) sqlite3_bind_null(st, i);
    else sqlite3_bind_int64(st, i, v);
}
int kh_sql_run(kh_store *s, sqlite3_stmt *st, kh_error *err);
const char *kh_sql_col(sqlite3_stmt *st, int i);
/* kh_sql_str: a text column, "" for NULL. */
const char *kh_sql_str(sqlite3_stmt *st, int i);
/* kh_sql_tri: a yes/no column as 1 or 0, -1 for NULL. */
int kh_sql_tri(sqlite3_stmt *st, int i);
/* Two bits of a packed flags column (0, 1, or 2 for NULL) at shift:
 * 2 (NULL) is -1. */
static inline int kh_flags_tri(int flags, int shift)
{
    int v = flags >> shift & 3;
    return v == 2 ? -1 : v;
}
/* The same on a bare connection; kh_sqldb_one: one int64 from sql with
 * ?1 = a, ?2 = b, def when no row, NULL or an error. */
int kh_sqldb_err(sqlite3 *db, kh_error *err);
int kh_sqldb_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                     kh_error *err);
long long kh_sqldb_one(sqlite3 *db, const char *sql, long long a, long long b,
                       long long def);
/* kh_sqldb_year_text: the text of the one row sql (?1 = year) returns
 * into out; no row or a NULL is a database error. */
int kh_sqldb_year_text(sqlite3 *db, const char *sql, int year, char *out,
                       size_t n, kh_error *err);

/* The region table's columns as kh_store_region_row reads them (store.c),
 * which adds the row to rs (an error only when out of memory). */
#define KH_REGION_COLS                                                      \
    "code, name, coalesce(parent, ''), level, coalesce(western, -1),"       \
    " coalesce(poor_county, -1), coalesce(poor_village, -1),"               \
    " coalesce(rural_pop, -1), coalesce(plan_exit, -1), coalesce(src_row, 0)"
int kh_store_region_row(sqlite3_stmt *st, kh_regionset *rs, kh_error *err);

/* An SQL expression ranking f.code (a review finding's code) in the
 * order of kh_review_codes, for ORDER BY (review_store.c); 1024 bytes
 * are enough. */
void kh_review_rank_sql(char *out, size_t size);

/*
 * The findings of a stored review made again when read (review_run.c):
 * the run keeps the standards and the reference date it was made with
 * (review_run.std_text, today), each household its bits, and a
 * helper_overload household its rank and its helper's households; the
 * texts, values and members of the findings come from reviewing the
 * household's stored rows again with them. kh_rv_derive_open sets *out
 * to NULL (and returns KH_OK) when year has no such run (none, or one
 * stored before, with its texts in review_finding).
 * kh_rv_derive_household reads household hid and reviews it: *res holds
 * the details of the codes in flagged (helper_overload with nth and
 * total), *h the household as read (its members' ID numbers); both valid
 * until the next call. KH_ERR_INVALID ("review_stale") when the rows no
 * longer give the stored bits.
 */
typedef struct kh_rv_derive kh_rv_derive;
int kh_rv_derive_open(kh_store *s, int year, kh_rv_derive **out,
                      kh_error *err) KH_WUR;
int kh_rv_derive_household(kh_rv_derive *d, long long hid, uint32_t flagged,
                           unsigned nth, unsigned total,
                           const kh_household **h,
                           const kh_review_result **res,
                           kh_error *err) KH_WUR;
void kh_rv_derive_free(kh_rv_derive *d);
/* The standards and reference date the run was made with (for a
 * household re-reviewed after an edit, review_edit.c). */
const kh_standard *kh_rv_derive_std(const kh_rv_derive *d, int today[3]);

/* The birth year of an ID number of len bytes as the indicators read it
 * (indicators_store.c): characters 7-10 of a number of at least 14, 0
 * when they are not digits or the number is shorter. */
int kh_birth_year(const char *id, size_t len);

/* The fingerprint of a year's registry data (households and members):
 * what every cache of those data (the indicators' tallies, the packed
 * side store of hh_pack.h) is keyed by, so that a change of the data
 * makes them stale: the import's time and counts, and the snapshot's
 * revision, bumped by every edit of a household (edit.h). "" when the
 * year has no snapshot. ONE definition: whatever else marks a change of
 * the data belongs here. ?1 is the year; the SQL is an expression usable
 * inside another SELECT. */
#define KH_DATA_FINGERPRINT_SQL                                            \
    "SELECT coalesce((SELECT imported_at || '/' || households || '/' ||"   \
    " persons || '/r' || revision FROM snapshot WHERE year = ?1), '')"
int kh_data_fingerprint(sqlite3 *db, int year, char *out, size_t n,
                        kh_error *err);
/* SQL function kh_idkey(text) on db: 1 + kh_idcard_key of a valid ID
 * number, NULL otherwise (a helper's key). An SQLite result code. */
int kh_sqldb_idkey(sqlite3 *db);

#endif
