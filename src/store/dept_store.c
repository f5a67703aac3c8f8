/* SPDX-License-Identifier: MIT */
/*
 * dept_store.c - the departments' lists (dept.h, docs/dept.md): a list's
 * record with its counts, its rows that match a registered person (and
 * nothing else of the department's people), and the reads the
 * comparison needs. SQL only.
 */
#include <stdio.h>
#include <string.h>

#include "kaohe/dept_store.h"
#include "store_int.h"

int kh_store_dept_registered(kh_store *s, const char *lo, const char *hi,
                             kh_dept_id_fn fn, void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT m.id_no FROM member m JOIN household h"
                            " ON h.id = m.household"
                            " WHERE h.village BETWEEN ?1 AND ?2",
                            &st, err);
    if (rc) return rc;
    kh_sql_bind_text(st, 1, lo);
    kh_sql_bind_text(st, 2, hi);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, kh_sql_str(st, 0), err);
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_dept_list_new(kh_store *s, const kh_dept_list *l,
                           const char *at, const char *by, long long *id,
                           kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "DELETE FROM dept_row WHERE list IN (SELECT id"
                            " FROM dept_list WHERE kind = ?1 AND region = ?2"
                            " AND as_of = ?3)",
                            &st, err);
    if (rc) return rc;
    kh_sql_bind_text(st, 1, l->kind);
    kh_sql_bind_text(st, 2, l->region);
    kh_sql_bind_text(st, 3, l->as_of);
    if ((rc = kh_sql_run(s, st, err))) return rc;
    rc = kh_sql_prepare(s,
                        "DELETE FROM dept_list WHERE kind = ?1 AND region = ?2"
                        " AND as_of = ?3",
                        &st, err);
    if (rc) return rc;
    kh_sql_bind_text(st, 1, l->kind);
    kh_sql_bind_text(st, 2, l->region);
    kh_sql_bind_text(st, 3, l->as_of);
    if ((rc = kh_sql_run(s, st, err))) return rc;
    rc = kh_sql_prepare(s,
                        "INSERT INTO dept_list(kind, region, as_of, file,"
                        " imported_at, imported_by) VALUES(?1,?2,?3,?4,?5,?6)",
                        &st, err);
    if (rc) return rc;
    kh_sql_bind_text(st, 1, l->kind);
    kh_sql_bind_text(st, 2, l->region);
    kh_sql_bind_text(st, 3, l->as_of);
    kh_sql_bind_text(st, 4, l->file);
    kh_sql_bind_text(st, 5, at);
    kh_sql_bind_text(st, 6, by);
    if ((rc = kh_sql_run(s, st, err))) return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    return KH_OK;
}

int kh_store_dept_row_add(kh_store *s, long long list, long row, long line,
                          const char *id_no, const char *name,
                          const char *data, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "INSERT INTO dept_row(list, row, line, id_no,"
                            " name, data) VALUES(?1,?2,?3,?4,?5,?6)",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, list);
    sqlite3_bind_int64(st, 2, row);
    sqlite3_bind_int64(st, 3, line);
    kh_sql_bind_text(st, 4, id_no);
    kh_sql_bind_text(st, 5, name);
    kh_sql_bind_text(st, 6, data);
    return kh_sql_run(s, st, err);
}

int kh_store_dept_list_counts(kh_store *s, long long list, long long read,
                              long long matched, long long refused,
                              kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "UPDATE dept_list SET rows_read = ?2,"
                            " rows_matched = ?3, rows_refused = ?4"
                            " WHERE id = ?1",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, list);
    sqlite3_bind_int64(st, 2, read);
    sqlite3_bind_int64(st, 3, matched);
    sqlite3_bind_int64(st, 4, refused);
    return kh_sql_run(s, st, err);
}

int kh_store_dept_lists(kh_store *s, kh_dept_list_fn fn, void *ctx,
                        kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT id, kind, region, as_of, file, rows_read,"
                            " rows_matched, rows_refused FROM dept_list"
                            " ORDER BY kind, region, as_of",
                            &st, err);
    if (rc) return rc;
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_dept_list l;
        memset(&l, 0, sizeof l);
        l.id = sqlite3_column_int64(st, 0);
        snprintf(l.kind, sizeof l.kind, "%s", kh_sql_str(st, 1));
        snprintf(l.region, sizeof l.region, "%s", kh_sql_str(st, 2));
        snprintf(l.as_of, sizeof l.as_of, "%s", kh_sql_str(st, 3));
        snprintf(l.file, sizeof l.file, "%s", kh_sql_str(st, 4));
        l.rows_read = sqlite3_column_int64(st, 5);
        l.rows_matched = sqlite3_column_int64(st, 6);
        l.rows_refused = sqlite3_column_int64(st, 7);
        rc = fn(ctx, &l, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

static long long money(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
               ? -1 : sqlite3_column_int64(st, i);
}

int kh_store_dept_members(kh_store *s, int year, const char *lo,
                          const char *hi, kh_dept_member_fn fn, void *ctx,
                          kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT h.hh_id, h.village, h.hh_type, h.status,"
                            " h.housing, h.inc_dibao, h.inc_tekun, m.name,"
                            " m.id_no, m.sex, m.birth, m.health, m.schooling,"
                            " m.ins_med, m.ins_serious, m.ins_pension,"
                            " m.relation"
                            " FROM household h JOIN member m"
                            " ON m.household = h.id"
                            " WHERE h.year = ?1 AND h.village BETWEEN ?2 AND ?3"
                            " ORDER BY h.village, h.hh_id, m.id",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    kh_sql_bind_text(st, 2, lo);
    kh_sql_bind_text(st, 3, hi);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_dept_member m;
        m.hh_id = kh_sql_str(st, 0);
        m.village = kh_sql_str(st, 1);
        m.hh_type = kh_sql_str(st, 2);
        m.status = kh_sql_str(st, 3);
        m.housing = kh_sql_str(st, 4);
        m.inc_dibao = money(st, 5);
        m.inc_tekun = money(st, 6);
        m.name = kh_sql_str(st, 7);
        m.id_no = kh_sql_str(st, 8);
        m.sex = kh_sql_str(st, 9);
        m.birth = kh_sql_str(st, 10);
        m.health = kh_sql_str(st, 11);
        m.schooling = kh_sql_str(st, 12);
        m.ins_med = kh_sql_tri(st, 13);
        m.ins_serious = kh_sql_tri(st, 14);
        m.ins_pension = kh_sql_tri(st, 15);
        m.relation = kh_sql_str(st, 16);
        rc = fn(ctx, &m, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_dept_rows(kh_store *s, long long list, const char *id_no,
                       kh_dept_row_fn fn, void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "SELECT row, line, id_no, name, data FROM dept_row"
                            " WHERE list = ?1 AND id_no = ?2 ORDER BY row",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, list);
    kh_sql_bind_text(st, 2, id_no);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_dept_row r;
        r.list = list;
        r.row = (long)sqlite3_column_int64(st, 0);
        r.line = (long)sqlite3_column_int64(st, 1);
        r.id_no = kh_sql_str(st, 2);
        r.name = kh_sql_str(st, 3);
        r.data = kh_sql_str(st, 4);
        rc = fn(ctx, &r, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}
