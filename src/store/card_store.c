/* SPDX-License-Identifier: MIT */
/*
 * card_store.c - what the 扶贫明白卡 needs from the database: one
 * village's households of a year with their members, as stored (labels as
 * text, money in 分), through the household_village index; and the names
 * of a region's ancestors for the card's address line.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/card.h"
#include "kaohe/card_store.h"
#include "store/store_int.h"

static const char *const card_sql =
    "SELECT h.id, h.hh_id, h.village, h.hh_type, h.cause, h.status,"
    " h.housing, h.helper, h.last_visit, h.measures, h.phone,"
    " h.year_in, h.year_out, h.water_safe, h.relocated,"
    " h.inc_wage, h.inc_business, h.inc_property, h.inc_transfer,"
    " h.inc_dibao, h.inc_tekun, h.exp_business, h.income_pc, h.med_oop,"
    " h.reloc_self,"
    " m.name, m.id_no, m.sex, m.birth, m.relation, m.ethnicity, m.education,"
    " m.schooling, m.health, m.labour, m.work, m.ins_med, m.ins_serious,"
    " m.ins_pension"
    " FROM household h JOIN member m ON m.household = h.id"
    " WHERE h.year = ?1 AND h.village = ?2 ORDER BY h.hh_id, h.id, m.id";

enum { C_ID, C_HH_TEXT /* hh_id .. phone: 10 texts */ ,
       C_YEAR_IN = C_HH_TEXT + 10, C_YEAR_OUT, C_WATER, C_RELOCATED,
       C_MONEY, C_M_TEXT = C_MONEY + KH_M_COUNT /* name .. work: 11 */,
       C_INS = C_M_TEXT + 11 /* 3 */ };

/* Money columns in the SELECT's order, as enum kh_money. */
static const int money_of[KH_M_COUNT] = {
    KH_M_WAGE, KH_M_BUSINESS, KH_M_PROPERTY, KH_M_TRANSFER, KH_M_DIBAO,
    KH_M_TEKUN, KH_M_EXP_BUSINESS, KH_M_INCOME_PC, KH_M_MED_OOP,
    KH_M_RELOC_SELF};

typedef struct acc {
    kh_buf text;
    size_t hoff[10];
    size_t (*moff)[11];
    kh_card_member *m;
    size_t nm, capm;
    kh_card_household h;
} acc;

static int keep(acc *a, sqlite3_stmt *st, int col, size_t *off)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    size_t n = v ? (size_t)sqlite3_column_bytes(st, col) : 0;
    *off = a->text.len;
    if (kh_buf_add(&a->text, v ? (const char *)v : "", n)) return KH_ERR_NOMEM;
    return kh_buf_addc(&a->text, '\0');
}

static int start_household(acc *a, sqlite3_stmt *st)
{
    kh_card_household *h = &a->h;
    memset(h, 0, sizeof *h);
    for (int i = 0; i < 10; i++)
        if (keep(a, st, C_HH_TEXT + i, &a->hoff[i])) return KH_ERR_NOMEM;
    h->year_in = sqlite3_column_int(st, C_YEAR_IN);
    h->year_out = sqlite3_column_int(st, C_YEAR_OUT);
    h->water_safe = kh_sql_tri(st, C_WATER);
    h->relocated = kh_sql_tri(st, C_RELOCATED);
    for (int k = 0; k < KH_M_COUNT; k++) {
        if (sqlite3_column_type(st, C_MONEY + k) == SQLITE_NULL) continue;
        h->money[money_of[k]] = sqlite3_column_int64(st, C_MONEY + k);
        h->money_set |= 1u << money_of[k];
    }
    return KH_OK;
}

static int add_member(acc *a, sqlite3_stmt *st)
{
    if (a->nm == a->capm) {
        size_t cap = a->capm ? a->capm * 2 : 16;
        kh_card_member *m = realloc(a->m, cap * sizeof *m);
        if (!m) return KH_ERR_NOMEM;
        a->m = m;
        size_t(*o)[11] = realloc(a->moff, cap * sizeof *o);
        if (!o) return KH_ERR_NOMEM;
        a->moff = o;
        a->capm = cap;
    }
    kh_card_member *m = &a->m[a->nm];
    memset(m, 0, sizeof *m);
    for (int i = 0; i < 11; i++)
        if (keep(a, st, C_M_TEXT + i, &a->moff[a->nm][i])) return KH_ERR_NOMEM;
    m->ins_med = kh_sql_tri(st, C_INS);
    m->ins_serious = kh_sql_tri(st, C_INS + 1);
    m->ins_pension = kh_sql_tri(st, C_INS + 2);
    a->nm++;
    return KH_OK;
}

/* Point the strings into the text buffer (it may have moved) and call. */
static int flush(acc *a, kh_card_fn fn, void *ctx, kh_error *err)
{
    if (!a->nm) return KH_OK;
    const char **hs[10] = {&a->h.hh_id, &a->h.village, &a->h.hh_type,
                           &a->h.cause, &a->h.status, &a->h.housing,
                           &a->h.helper, &a->h.last_visit, &a->h.measures,
                           &a->h.phone};
    for (int i = 0; i < 10; i++) *hs[i] = a->text.data + a->hoff[i];
    for (size_t k = 0; k < a->nm; k++) {
        kh_card_member *m = &a->m[k];
        const char **ms[11] = {&m->name, &m->id_no, &m->sex, &m->birth,
                               &m->relation, &m->ethnicity, &m->education,
                               &m->schooling, &m->health, &m->labour,
                               &m->work};
        for (int i = 0; i < 11; i++) *ms[i] = a->text.data + a->moff[k][i];
    }
    a->h.members = a->m;
    a->h.nmembers = a->nm;
    int rc = fn(ctx, &a->h, err);
    a->nm = 0;
    kh_buf_reset(&a->text);
    return rc;
}

static int db_error(kh_store *s, kh_error *err)
{
    return kh_error_set(err, KH_ERR_DB, "db", "数据库错误:%s",
                        "database error: %s", sqlite3_errmsg(s->db));
}

/* 1 when the query (with ?1 = year, ?2 = code) returns a row. */
static int exists(kh_store *s, const char *sql, int year, const char *code,
                  kh_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        db_error(s, err);
        return -1;
    }
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    db_error(s, err);
    return -1;
}

int kh_store_card_each(kh_store *s, int year, const char *village,
                       kh_card_fn fn, void *ctx, long long *count,
                       kh_error *err)
{
    if (count) *count = 0;
    int e = exists(s, "SELECT 1 FROM snapshot WHERE year = ?1 AND ?2 = ?2",
                   year, village, err);
    if (e < 0) return KH_ERR_DB;
    if (!e)
        return kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                            "数据库中没有 %d 年的建档立卡数据",
                            "no registry snapshot for %d in the database",
                            year);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, card_sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err);
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, village, -1, SQLITE_STATIC);
    acc a;
    memset(&a, 0, sizeof a);
    kh_buf_init(&a.text, 0);
    long long cur = -1, n = 0;
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        long long hid = sqlite3_column_int64(st, C_ID);
        if (hid != cur) {
            rc = flush(&a, fn, ctx, err);
            if (!rc && start_household(&a, st))
                rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
            cur = hid;
            n++;
        }
        if (!rc && add_member(&a, st))
            rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    }
    if (!rc && step != SQLITE_DONE) rc = db_error(s, err);
    if (!rc) rc = flush(&a, fn, ctx, err);
    sqlite3_finalize(st);
    kh_buf_free(&a.text);
    free(a.m);
    free(a.moff);
    if (count) *count = n;
    if (rc || n) return rc;
    e = exists(s, "SELECT 1 FROM region WHERE code = ?2 AND level = 5 AND ?1 = ?1",
               year, village, err);
    if (e < 0) return KH_ERR_DB;
    if (!e)
        return kh_error_set(err, KH_ERR_NOTFOUND, "village_unknown",
                            "行政区划中没有村级代码 %s",
                            "%s is not a village of the region list", village);
    return kh_error_set(err, KH_ERR_NOTFOUND, "village_empty",
                        "村 %s 在 %d 年没有建档立卡户",
                        "village %s has no registered household in %d",
                        village, year);
}

int kh_store_region_path(kh_store *s, const char *code, const char *sep,
                         char *out, size_t outsz)
{
    /* at most five levels: walk up, then print from the top */
    char names[5][128];
    int n = 0;
    char cur[13];
    snprintf(cur, sizeof cur, "%s", code);
    sqlite3_stmt *st;
    if (outsz) out[0] = '\0';
    if (sqlite3_prepare_v2(s->db, "SELECT name, parent FROM region WHERE code = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    while (n < 5 && *cur) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, cur, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_ROW) break;
        const unsigned char *nm = sqlite3_column_text(st, 0);
        const unsigned char *p = sqlite3_column_text(st, 1);
        snprintf(names[n++], sizeof names[0], "%s", nm ? (const char *)nm : "");
        snprintf(cur, sizeof cur, "%s", p ? (const char *)p : "");
    }
    sqlite3_finalize(st);
    size_t len = 0;
    for (int i = n - 1; i >= 0 && outsz; i--) {
        int w = snprintf(out + len, outsz - len, "%s%s",
                         i == n - 1 ? "" : sep, names[i]);
        if (w < 0 || (size_t)w >= outsz - len) break;
        len += (size_t)w;
    }
    return n;
}
