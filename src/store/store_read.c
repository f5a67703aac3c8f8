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
#include "kaohe/edit.h"
#include "store/store_int.h"


/* SELECT list in kh_registry_cols order; money columns are yuan text. */
#define SELECT_ROWS                                                         \
    "SELECT h.id, h.hh_id, h.village, h.hh_type, h.cause, h.year_in," \
    " h.status, h.year_out," \
    " kh_yuan(h.inc_wage), kh_yuan(h.inc_business), kh_yuan(h.inc_property)," \
    " kh_yuan(h.inc_transfer), kh_yuan(h.inc_dibao), kh_yuan(h.inc_tekun)," \
    " kh_yuan(h.exp_business), kh_yuan(h.income_pc), kh_yuan(h.med_oop)," \
    " h.housing, kh_yn(h.water_safe), kh_yn(h.relocated)," \
    " kh_yuan(h.reloc_self), h.helper, h.helper_id, h.last_visit," \
    " h.measures, h.phone," \
    " m.name, m.id_no, m.sex, m.birth, m.relation, m.ethnicity, m.education," \
    " m.schooling, m.health, m.labour, m.work, kh_yn(m.ins_med)," \
    " kh_yn(m.ins_serious), kh_yn(m.ins_pension), kh_yn(m.treat_first)," \
    " m.src_row, m.src_line"
static const char *const select_sql =
    SELECT_ROWS
    " FROM household h NOT INDEXED JOIN member m ON m.household = h.id"
    " WHERE h.year = ?1 ORDER BY h.id, m.id";
/* One household's, by row id. */
static const char *const select_one_sql =
    SELECT_ROWS
    " FROM household h JOIN member m ON m.household = h.id"
    " WHERE h.id = ?1 ORDER BY m.id";

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

static int each_rows(kh_store *s, const char *sql, long long key,
                     kh_store_hh_fn fn, void *ctx, kh_error *err);

int kh_store_registry_each(kh_store *s, int year, kh_store_hh_fn fn,
                           void *ctx, kh_error *err)
{
    return each_rows(s, select_sql, year, fn, ctx, err);
}

int kh_store_registry_household(kh_store *s, long long id, kh_store_hh_fn fn,
                                void *ctx, kh_error *err)
{
    return each_rows(s, select_one_sql, id, fn, ctx, err);
}

/* Visit sql's rows (?1 = key) grouped by household. */
static int each_rows(kh_store *s, const char *sql, long long key,
                     kh_store_hh_fn fn, void *ctx, kh_error *err)
{
    sqlite3_create_function(s->db, "kh_yuan", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                            NULL, fn_yuan, NULL, NULL);
    sqlite3_create_function(s->db, "kh_yn", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                            NULL, fn_yn, NULL, NULL);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return kh_error_set(err, KH_ERR_DB, "db", "数据库错误:%s",
                            "database error: %s", sqlite3_errmsg(s->db));
    sqlite3_bind_int64(st, 1, key);
    kh_cell hcells[KH_C_COUNT];
    for (int c = 0; c < KH_C_COUNT; c++) {
        hcells[c].s = kh_registry_cols[c].zh;
        hcells[c].len = strlen(kh_registry_cols[c].zh);
    }
    kh_row hdr = {0, 1, KH_C_COUNT, hcells, NULL};
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
        row->num = NULL;
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

/* ---- typed households ---- */

#define NO_STR ((size_t)-1)

static const char *const typed_sql =
    "SELECT h.id, h.hh_id, h.village, h.hh_type, h.cause, h.status,"
    " h.year_in, h.year_out, h.inc_wage, h.inc_business, h.inc_property,"
    " h.inc_transfer, h.inc_dibao, h.inc_tekun, h.exp_business, h.income_pc,"
    " h.med_oop, h.reloc_self, h.housing, h.water_safe, h.relocated,"
    " h.helper, h.helper_id, h.last_visit, h.measures, h.phone, h.src_row,"
    " h.src_line,"
    " m.name, m.id_no, m.sex, m.birth, m.relation, m.ethnicity, m.education,"
    " m.schooling, m.health, m.labour, m.work, m.ins_med, m.ins_serious,"
    " m.ins_pension, m.treat_first, m.extra, m.src_row, m.src_line"
    " FROM household h NOT INDEXED JOIN member m ON m.household = h.id"
    " WHERE h.year = ?1 ORDER BY h.id, m.id";

enum { TH_ID, TH_HH_ID, TH_VILLAGE, TH_HH_TYPE, TH_CAUSE, TH_STATUS,
       TH_YEAR_IN, TH_YEAR_OUT, TH_MONEY, TH_HOUSING = TH_MONEY + KH_M_COUNT,
       TH_WATER, TH_RELOCATED, TH_HELPER, TH_HELPER_ID, TH_LAST_VISIT,
       TH_MEASURES, TH_PHONE, TH_ROW, TH_LINE, TM_NAME, TM_ID_NO, TM_SEX,
       TM_BIRTH, TM_RELATION, TM_ETHNICITY, TM_EDUCATION, TM_SCHOOLING,
       TM_HEALTH, TM_LABOUR, TM_WORK, TM_INS_MED, TM_INS_SERIOUS,
       TM_INS_PENSION, TM_TREAT_FIRST, TM_EXTRA, TM_ROW, TM_LINE };

/* Money columns in the order of enum kh_money. */
static const int money_of[KH_M_COUNT] = {
    KH_M_WAGE, KH_M_BUSINESS, KH_M_PROPERTY, KH_M_TRANSFER, KH_M_DIBAO,
    KH_M_TEKUN, KH_M_EXP_BUSINESS, KH_M_INCOME_PC, KH_M_MED_OOP,
    KH_M_RELOC_SELF};

typedef struct typed {
    const kh_standard *std;
    int e_hh_type, e_cause, e_status, e_housing, e_relation, e_education,
        e_schooling, e_health, e_labour, e_work, e_measures;
    kh_household h;
    size_t hh_off[4]; /* hh_id, helper, helper_id, phone */
    kh_member *m;
    size_t (*m_off)[3]; /* name, ethnicity, extra */
    size_t nm, capm;
    kh_buf text;
    int unknown;
} typed;

static int keep_text(typed *t, sqlite3_stmt *st, int col, size_t *off)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    if (!v) {
        *off = NO_STR;
        return KH_OK;
    }
    *off = t->text.len;
    return kh_buf_add(&t->text, v, (size_t)sqlite3_column_bytes(st, col) + 1);
}

static void copy_fixed(char *dst, size_t size, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    snprintf(dst, size, "%s", v ? (const char *)v : "");
}

static int label_of(typed *t, int e, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    if (!v) return -1;
    int i = kh_standard_enum_lookup(t->std, e, (const char *)v,
                                    (size_t)sqlite3_column_bytes(st, col));
    if (i < 0) t->unknown = 1;
    return i;
}

static const char *at(const typed *t, size_t off)
{
    return off == NO_STR ? NULL : t->text.data + off;
}

static int typed_flush(typed *t, kh_store_household_fn fn, void *ctx,
                       kh_error *err)
{
    if (!t->nm) return KH_OK;
    t->h.hh_id = at(t, t->hh_off[0]);
    t->h.helper = t->hh_off[1] == NO_STR ? "" : at(t, t->hh_off[1]);
    t->h.helper_id = t->hh_off[2] == NO_STR ? "" : at(t, t->hh_off[2]);
    t->h.phone = t->hh_off[3] == NO_STR ? "" : at(t, t->hh_off[3]);
    for (size_t i = 0; i < t->nm; i++) {
        t->m[i].name = at(t, t->m_off[i][0]);
        t->m[i].ethnicity = t->m_off[i][1] == NO_STR ? "" : at(t, t->m_off[i][1]);
        t->m[i].extra = at(t, t->m_off[i][2]);
    }
    t->h.members = t->m;
    t->h.nmembers = t->nm;
    int rc = fn(ctx, &t->h, t->unknown, err);
    t->nm = 0;
    t->unknown = 0;
    kh_buf_reset(&t->text);
    return rc;
}

static int typed_household(typed *t, sqlite3_stmt *st)
{
    kh_household *h = &t->h;
    memset(h, 0, sizeof *h);
    int rc = keep_text(t, st, TH_HH_ID, &t->hh_off[0]);
    copy_fixed(h->village, sizeof h->village, st, TH_VILLAGE);
    h->hh_type = label_of(t, t->e_hh_type, st, TH_HH_TYPE);
    h->cause = label_of(t, t->e_cause, st, TH_CAUSE);
    h->status = label_of(t, t->e_status, st, TH_STATUS);
    h->year_in = sqlite3_column_int(st, TH_YEAR_IN);
    h->year_out = sqlite3_column_int(st, TH_YEAR_OUT);
    for (int k = 0; k < KH_M_COUNT; k++) {
        if (sqlite3_column_type(st, TH_MONEY + k) == SQLITE_NULL) continue;
        h->money[money_of[k]] = sqlite3_column_int64(st, TH_MONEY + k);
        h->money_set |= 1u << money_of[k];
    }
    h->housing = label_of(t, t->e_housing, st, TH_HOUSING);
    h->water_safe = kh_sql_tri(st, TH_WATER);
    h->relocated = kh_sql_tri(st, TH_RELOCATED);
    if (!rc) rc = keep_text(t, st, TH_HELPER, &t->hh_off[1]);
    if (!rc) rc = keep_text(t, st, TH_HELPER_ID, &t->hh_off[2]);
    copy_fixed(h->last_visit, sizeof h->last_visit, st, TH_LAST_VISIT);
    const unsigned char *ms = sqlite3_column_text(st, TH_MEASURES);
    for (const char *p = (const char *)ms; p && *p;) {
        const char *q = strchr(p, ';');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        int i = kh_standard_enum_lookup(t->std, t->e_measures, p, n);
        if (i < 0) t->unknown = 1;
        else if (i < 32) h->measures |= 1u << i;
        p = q ? q + 1 : p + n;
    }
    if (!rc) rc = keep_text(t, st, TH_PHONE, &t->hh_off[3]);
    h->row = sqlite3_column_int64(st, TH_ROW);
    h->line = sqlite3_column_int64(st, TH_LINE);
    return rc;
}

static int typed_member(typed *t, sqlite3_stmt *st)
{
    if (t->nm == t->capm) {
        size_t cap = t->capm ? t->capm * 2 : 16;
        kh_member *m = realloc(t->m, cap * sizeof *m);
        if (!m) return KH_ERR_NOMEM;
        t->m = m;
        size_t(*o)[3] = realloc(t->m_off, cap * sizeof *o);
        if (!o) return KH_ERR_NOMEM;
        t->m_off = o;
        t->capm = cap;
    }
    kh_member *m = &t->m[t->nm];
    memset(m, 0, sizeof *m);
    int rc = keep_text(t, st, TM_NAME, &t->m_off[t->nm][0]);
    copy_fixed(m->id_no, sizeof m->id_no, st, TM_ID_NO);
    const unsigned char *sex = sqlite3_column_text(st, TM_SEX);
    m->sex = !sex ? 0 : strcmp((const char *)sex, "男") == 0 ? 1 : 2;
    copy_fixed(m->birth, sizeof m->birth, st, TM_BIRTH);
    m->relation = label_of(t, t->e_relation, st, TM_RELATION);
    if (!rc) rc = keep_text(t, st, TM_ETHNICITY, &t->m_off[t->nm][1]);
    m->education = label_of(t, t->e_education, st, TM_EDUCATION);
    m->schooling = label_of(t, t->e_schooling, st, TM_SCHOOLING);
    m->health = label_of(t, t->e_health, st, TM_HEALTH);
    m->labour = label_of(t, t->e_labour, st, TM_LABOUR);
    m->work = label_of(t, t->e_work, st, TM_WORK);
    m->ins_med = kh_sql_tri(st, TM_INS_MED);
    m->ins_serious = kh_sql_tri(st, TM_INS_SERIOUS);
    m->ins_pension = kh_sql_tri(st, TM_INS_PENSION);
    m->treat_first = kh_sql_tri(st, TM_TREAT_FIRST);
    if (!rc) rc = keep_text(t, st, TM_EXTRA, &t->m_off[t->nm][2]);
    m->row = sqlite3_column_int64(st, TM_ROW);
    m->line = sqlite3_column_int64(st, TM_LINE);
    t->nm++;
    return rc;
}

int kh_store_households_each(kh_store *s, int year, const kh_standard *std,
                             kh_store_household_fn fn, void *ctx,
                             kh_error *err)
{
    typed t;
    memset(&t, 0, sizeof t);
    t.std = std;
    t.e_hh_type = kh_standard_enum(std, "hh_type");
    t.e_cause = kh_standard_enum(std, "cause");
    t.e_status = kh_standard_enum(std, "status");
    t.e_housing = kh_standard_enum(std, "housing");
    t.e_relation = kh_standard_enum(std, "relation");
    t.e_education = kh_standard_enum(std, "education");
    t.e_schooling = kh_standard_enum(std, "schooling");
    t.e_health = kh_standard_enum(std, "health");
    t.e_labour = kh_standard_enum(std, "labour");
    t.e_work = kh_standard_enum(std, "work");
    t.e_measures = kh_standard_enum(std, "measures");
    kh_buf_init(&t.text, 0);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, typed_sql, -1, &st, NULL) != SQLITE_OK)
        return kh_error_set(err, KH_ERR_DB, "db", "数据库错误:%s",
                            "database error: %s", sqlite3_errmsg(s->db));
    sqlite3_bind_int(st, 1, year);
    long long cur = -1;
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        long long hid = sqlite3_column_int64(st, TH_ID);
        if (hid != cur) {
            rc = typed_flush(&t, fn, ctx, err);
            if (!rc && typed_household(&t, st))
                rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
            cur = hid;
        }
        if (!rc && typed_member(&t, st))
            rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    }
    if (!rc && step != SQLITE_DONE)
        rc = kh_error_set(err, KH_ERR_DB, "db", "数据库错误:%s",
                          "database error: %s", sqlite3_errmsg(s->db));
    if (!rc) rc = typed_flush(&t, fn, ctx, err);
    sqlite3_finalize(st);
    kh_buf_free(&t.text);
    free(t.m);
    free(t.m_off);
    return rc;
}

/* The web import's scope check (store.h). */
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
