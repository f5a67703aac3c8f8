/* SPDX-License-Identifier: MIT */
/*
 * store_read.c - reading snapshots back: the stored registry as rows in
 * the interchange format's column order (so `kaohe check --year` runs the
 * very rules an import runs), and the headline counts of a year.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "store/store_int.h"


/* SELECT list in kh_registry_cols order; money columns are yuan text. */
static const char *const select_sql =
    "SELECT h.id, h.hh_id, h.village, h.hh_type, h.cause, h.year_in,"
    " h.status, h.year_out,"
    " kh_yuan(h.inc_wage), kh_yuan(h.inc_business), kh_yuan(h.inc_property),"
    " kh_yuan(h.inc_transfer), kh_yuan(h.inc_dibao), kh_yuan(h.inc_tekun),"
    " kh_yuan(h.exp_business), kh_yuan(h.income_pc), kh_yuan(h.med_oop),"
    " h.housing, kh_yn(h.water_safe), kh_yn(h.relocated),"
    " kh_yuan(h.reloc_self), h.helper, h.helper_id, h.last_visit,"
    " h.measures, h.phone,"
    " m.name, m.id_no, m.sex, m.birth, m.relation, m.ethnicity, m.education,"
    " m.schooling, m.health, m.labour, m.work, kh_yn(m.ins_med),"
    " kh_yn(m.ins_serious), kh_yn(m.ins_pension), kh_yn(m.treat_first),"
    " m.src_row, m.src_line"
    " FROM household h NOT INDEXED JOIN member m ON m.household = h.id"
    " WHERE h.year = ?1 ORDER BY h.id, m.id";

static void fn_yuan(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    long long f = sqlite3_value_int64(argv[0]);
    char buf[32];
    if (f % 100 == 0) snprintf(buf, sizeof buf, "%lld", f / 100);
    else snprintf(buf, sizeof buf, "%lld.%02lld", f / 100, f % 100);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static void fn_yn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_text(ctx, sqlite3_value_int(argv[0]) ? "是" : "否", -1,
                        SQLITE_STATIC);
}

typedef struct grp {
    kh_buf text;
    size_t *off;
    size_t noff, capoff;
    kh_row *rows;
    const kh_row **ptrs;
    kh_cell *cells;
    size_t nrows, caprows;
} grp;

static int grp_flush(grp *g, const kh_row *hdr, kh_store_hh_fn fn, void *ctx,
                     kh_error *err)
{
    if (!g->nrows) return KH_OK;
    for (size_t r = 0; r < g->nrows; r++) {
        for (int c = 0; c < KH_C_COUNT; c++) {
            size_t k = r * KH_C_COUNT + (size_t)c;
            g->cells[k].s = g->text.data + g->off[2 * k];
            g->cells[k].len = g->off[2 * k + 1];
        }
        g->rows[r].cells = g->cells + r * KH_C_COUNT;
        g->ptrs[r] = &g->rows[r];
    }
    int rc = fn(ctx, hdr, g->ptrs, g->nrows, err);
    g->nrows = 0;
    g->noff = 0;
    kh_buf_reset(&g->text);
    return rc;
}

int kh_store_registry_each(kh_store *s, int year, kh_store_hh_fn fn,
                           void *ctx, kh_error *err)
{
    sqlite3_create_function(s->db, "kh_yuan", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                            NULL, fn_yuan, NULL, NULL);
    sqlite3_create_function(s->db, "kh_yn", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                            NULL, fn_yn, NULL, NULL);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, select_sql, -1, &st, NULL) != SQLITE_OK)
        return kh_error_set(err, KH_ERR_DB, "db", "数据库错误:%s",
                            "database error: %s", sqlite3_errmsg(s->db));
    sqlite3_bind_int(st, 1, year);
    kh_cell hcells[KH_C_COUNT];
    for (int c = 0; c < KH_C_COUNT; c++) {
        hcells[c].s = kh_registry_cols[c].zh;
        hcells[c].len = strlen(kh_registry_cols[c].zh);
    }
    kh_row hdr = {0, 1, KH_C_COUNT, hcells};
    grp g;
    memset(&g, 0, sizeof g);
    kh_buf_init(&g.text, 0);
    long long cur = -1;
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        long long hid = sqlite3_column_int64(st, 0);
        if (hid != cur && g.nrows) rc = grp_flush(&g, &hdr, fn, ctx, err);
        if (rc) break;
        cur = hid;
        if (g.nrows == g.caprows) {
            size_t cap = g.caprows ? g.caprows * 2 : 16;
            kh_row *r = realloc(g.rows, cap * sizeof *r);
            const kh_row **p = r ? realloc(g.ptrs, cap * sizeof *p) : NULL;
            kh_cell *c = p ? realloc(g.cells, cap * KH_C_COUNT * sizeof *c) : NULL;
            size_t *o = c ? realloc(g.off, cap * KH_C_COUNT * 2 * sizeof *o) : NULL;
            if (r) g.rows = r;
            if (p) g.ptrs = p;
            if (c) g.cells = c;
            if (!o) {
                rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
                break;
            }
            g.off = o;
            g.caprows = cap;
        }
        kh_row *row = &g.rows[g.nrows];
        row->n = KH_C_COUNT;
        row->row = sqlite3_column_int64(st, 1 + KH_C_COUNT);
        row->line = sqlite3_column_int64(st, 2 + KH_C_COUNT);
        for (int c = 0; c < KH_C_COUNT && !rc; c++) {
            const unsigned char *t = sqlite3_column_text(st, 1 + c);
            size_t n = t ? (size_t)sqlite3_column_bytes(st, 1 + c) : 0;
            size_t k = g.nrows * KH_C_COUNT + (size_t)c;
            g.off[2 * k] = g.text.len;
            g.off[2 * k + 1] = n;
            if (kh_buf_add(&g.text, t ? (const char *)t : "", n) ||
                kh_buf_addc(&g.text, '\0'))
                rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        }
        g.nrows++;
    }
    if (!rc && step != SQLITE_DONE)
        rc = kh_error_set(err, KH_ERR_DB, "db", "数据库错误:%s",
                          "database error: %s", sqlite3_errmsg(s->db));
    if (!rc) rc = grp_flush(&g, &hdr, fn, ctx, err);
    sqlite3_finalize(st);
    kh_buf_free(&g.text);
    free(g.off);
    free(g.rows);
    free(g.ptrs);
    free(g.cells);
    return rc;
}

static long long scalar(kh_store *s, const char *sql, int year)
{
    sqlite3_stmt *st;
    long long v = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    sqlite3_bind_int(st, 1, year);
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int kh_store_summary(kh_store *s, int year, kh_year_summary *o, kh_error *err)
{
    memset(o, 0, sizeof *o);
    o->year = year;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT source, imported_at, households, persons"
                           " FROM snapshot WHERE year = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return kh_error_set(err, KH_ERR_DB, "db", "数据库错误:%s",
                            "database error: %s", sqlite3_errmsg(s->db));
    sqlite3_bind_int(st, 1, year);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                            "数据库中没有 %d 年的建档立卡数据",
                            "no registry snapshot for %d in the database", year);
    }
    snprintf(o->source, sizeof o->source, "%s", sqlite3_column_text(st, 0));
    snprintf(o->imported_at, sizeof o->imported_at, "%s", sqlite3_column_text(st, 1));
    o->households = sqlite3_column_int64(st, 2);
    o->persons = sqlite3_column_int64(st, 3);
    sqlite3_finalize(st);
    o->poor_households = scalar(s,
        "SELECT count(*) FROM household WHERE year = ?1 AND status IN ('未脱贫','返贫')", year);
    o->poor_persons = scalar(s,
        "SELECT coalesce(sum(members),0) FROM household WHERE year = ?1"
        " AND status IN ('未脱贫','返贫')", year);
    o->exited_households = scalar(s,
        "SELECT count(*) FROM household WHERE year = ?1 AND status LIKE '已脱贫%'", year);
    o->exited_persons = scalar(s,
        "SELECT coalesce(sum(members),0) FROM household WHERE year = ?1"
        " AND status LIKE '已脱贫%'", year);
    o->rural_pop = scalar(s,
        "SELECT coalesce(sum(rural_pop),0) FROM region WHERE level = 5 AND ?1 = ?1", year);
    o->villages = scalar(s,
        "SELECT count(DISTINCT village) FROM household WHERE year = ?1", year);
    o->regions = scalar(s, "SELECT count(*) FROM region WHERE ?1 = ?1", year);
    o->errors = scalar(s,
        "SELECT count(*) FROM finding WHERE year = ?1 AND severity = 'error'", year);
    o->warnings = scalar(s,
        "SELECT count(*) FROM finding WHERE year = ?1 AND severity = 'warning'", year);
    return KH_OK;
}
