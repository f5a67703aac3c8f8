/* SPDX-License-Identifier: MIT */
/*
 * web_store.c - reading households and regions within a user's access
 * (access.h): the scope is part of every query's WHERE clause, so a record
 * outside it is never read into the caller's hands.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "kaohe/access.h"
#include "kaohe/access_store.h"
#include "kaohe/buf.h"
#include "kaohe/registry.h"
#include "store/store_int.h"

static int denied(kh_error *err)
{
    return kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                        "无权查看该区划或其下的数据",
                        "this region is outside what you may see");
}

/* A sample user's region bounds hold code. */
static int in_bounds(const kh_access *a, const char *code)
{
    return code && strlen(code) == 12 && strcmp(code, a->lo) >= 0 &&
           strcmp(code, a->hi) <= 0;
}

/* The households a sample user may see: drawn into a sample of the year. */
#define SAMPLE_WHERE                                                        \
    " AND h.hh_id IN (SELECT sh.hh_id FROM sample_household sh"             \
    " JOIN sample_design sd ON sd.id = sh.design WHERE sd.year = ?1)"

/* The codes lo..hi of the scope narrowed to region (NULL: the scope). */
static int bounds(const kh_access *a, const char *region, char lo[13],
                  char hi[13], kh_error *err)
{
    if (a->none && !a->sample_only) return denied(err);
    if (region && *region) {
        int lv = kh_region_code_level(region, strlen(region));
        if (lv == KH_LV_NONE)
            return kh_error_set(err, KH_ERR_USAGE, "region_code",
                                "区划代码 %s 不是 12 位代码",
                                "region code %s is not a 12-digit code",
                                region);
        if (a->sample_only ? !in_bounds(a, region)
                           : !kh_access_region(a, region))
            return denied(err);
        memcpy(lo, region, 13);
        memcpy(hi, region, 13);
        for (int i = kh_region_prefix_len(lv); i < 12; i++) lo[i] = '0', hi[i] = '9';
        return KH_OK;
    }
    if (a->all) {
        memcpy(lo, "000000000000", 13);
        memcpy(hi, "999999999999", 13);
    } else {
        memcpy(lo, a->lo, 13);
        memcpy(hi, a->hi, 13);
    }
    return KH_OK;
}

enum { Q_ALL, Q_ID, Q_HH, Q_NAME };

static int query_kind(const char *q)
{
    if (!q || !*q) return Q_ALL;
    size_t n = strlen(q), digits = 0;
    for (size_t i = 0; i < n; i++)
        if (q[i] >= '0' && q[i] <= '9') digits++;
    int id_tail = n == 18 && (q[17] == 'X' || q[17] == 'x');
    if ((n == 18 || n == 15) && (digits == n || (id_tail && digits == 17)))
        return Q_ID;
    if (digits == n) return Q_HH;
    return Q_NAME;
}

static const char *const q_where[] = {
    "",
    " AND h.id IN (SELECT household FROM member WHERE year = ?1"
    " AND id_no = upper(?4))",
    " AND h.hh_id >= ?4 AND h.hh_id < ?4 || ':'",
    /* No index on names: each household of the scope looks at its own
     * members (member_household), so a county's search reads the
     * county's members, not the year's. */
    " AND EXISTS (SELECT 1 FROM member m WHERE m.household = h.id"
    " AND m.name >= ?4 AND m.name < ?4 || char(1114111))",
};

static const char *const hh_sort_names[KH_HSORT_COUNT] = {"village",
                                                          "income_pc"};

const char *kh_hh_sort_name(int sort)
{
    return sort >= 0 && sort < KH_HSORT_COUNT ? hh_sort_names[sort] : NULL;
}

int kh_hh_sort_parse(const char *name)
{
    for (int i = 0; name && i < KH_HSORT_COUNT; i++)
        if (!strcmp(name, hh_sort_names[i])) return i;
    return -1;
}

/* The distinct values of the year's review bits that hold bit ?8, each
 * found by one seek in review_flagged (migration 18): a few hundred
 * values, not the year's rows. */
#define FLAG_VALUES                                                         \
    "WITH RECURSIVE v(f) AS (SELECT min(flagged) FROM review"               \
    " WHERE year = ?1 AND flagged > 0 UNION ALL SELECT (SELECT"             \
    " min(flagged) FROM review WHERE year = ?1 AND flagged > v.f)"          \
    " FROM v WHERE v.f IS NOT NULL) SELECT f FROM v WHERE (f >> ?8) & 1"

/* The finding filter two ways (docs/benchmarks.md, "The findings list"):
 * F_WALK, each household the index walk meets looks at its own review
 * row (by rowid: cheap while the walk is short — a county, or a page near
 * either end of a wider list); F_SET, the finding's households taken
 * from review_flagged and read by rowid (what a page deep into a
 * province's list costs, whatever the page). */
enum { F_WALK, F_SET };
static const char *const finding_where[] = {
    " AND (SELECT (rv.flagged >> ?8) & 1 FROM review rv"
    " WHERE rv.household = h.id)",
    " AND h.id IN (SELECT household FROM review WHERE year = ?1"
    " AND flagged IN (" FLAG_VALUES "))",
};

/* The filters of status, exits and findings (?9, ?7, ?8), empty when not
 * asked; the finding's as fmode. */
static void extra_where(const kh_hh_query *q, int fmode, char *out, size_t n)
{
    snprintf(out, n, "%s%s%s", q->status ? " AND h.status = ?9" : "",
             q->exited > 0 ? " AND h.year_out = ?7" : "",
             q->finding > 0 ? finding_where[fmode] : "");
}

static void bind_common(sqlite3_stmt *st, const kh_hh_query *q,
                        const char *lo, const char *hi, int kind)
{
    if (q->exited > 0) sqlite3_bind_int(st, 7, q->exited);
    if (q->finding > 0) sqlite3_bind_int(st, 8, q->finding - 1);
    if (q->status)
        sqlite3_bind_text(st, 9, q->status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 1, q->year);
    sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
    if (kind != Q_ALL) sqlite3_bind_text(st, 4, q->q, -1, SQLITE_TRANSIENT);
}

#define HEAD_OF(col)                                                        \
    "(SELECT " col " FROM member m WHERE m.household = h.id"                \
    " ORDER BY m.relation = '户主' DESC, m.id LIMIT 1)"

int kh_store_hh_search(kh_store *s, const kh_access *a, const kh_hh_query *q,
                       kh_hh_brief_fn fn, void *ctx, long long *total,
                       kh_error *err)
{
    *total = 0;
    char lo[13], hi[13];
    if (bounds(a, q->region, lo, hi, err)) return err->status;
    int kind = query_kind(q->q);
    char sql[2600], extra[600];
    /* By income, or by 脱贫状态, over a province or a city: walk
     * household_income (the village and 脱贫状态 are in it: no row read),
     * not the villages' range ("+": not by household_village). */
    int lv = strcmp(lo, "000000000000") ? kh_region_code_level(lo, 12) : 0;
    int wide_scope = lv <= KH_LV_CITY;
    int wide = (q->sort == KH_HSORT_INCOME || q->status) && wide_scope;
    /* A finding over every region with no other filter is counted in
     * review_flagged alone; over a province or a city from the finding's
     * households; over a county or less by the walk. */
    int whole_year = q->finding > 0 && a->all && !a->sample_only &&
                     !(q->region && *q->region) && !q->status &&
                     q->exited <= 0 && kind == Q_ALL;
    extra_where(q, wide_scope ? F_SET : F_WALK, extra, sizeof extra);
    if (whole_year)
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM review WHERE year = ?1"
                 " AND flagged IN (" FLAG_VALUES ")");
    else
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM household h WHERE h.year = ?1"
                 " AND %sh.village BETWEEN ?2 AND ?3%s%s%s",
                 wide ? "+" : "", q_where[kind],
                 a->sample_only ? SAMPLE_WHERE : "", extra);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    bind_common(st, q, lo, hi, kind);
    int rc = sqlite3_step(st) == SQLITE_ROW ? KH_OK : kh_sql_err(s, err);
    if (!rc) *total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc) return rc;
    /* A finding's page: walked from the nearer end of the list (flip:
     * the index read backwards, the page's rows put back in order), or,
     * when the walk would meet more households than the finding has
     * (estimated from the year's size: its first and last household,
     * two seeks in review_year, whose entries end with the household),
     * from the finding's households. */
    long long offset = q->offset, limit = q->limit;
    int fmode = F_WALK, flip = 0;
    if (q->finding > 0) {
        long long needed = *total - q->offset;
        if (needed > q->limit) needed = q->limit;
        if (needed <= 0) return KH_OK; /* past the last page */
        long long back = *total - q->offset - needed;
        if (back < q->offset) flip = 1, offset = back, limit = needed;
        if (wide_scope) {
            long long n = kh_sqldb_one(
                s->db,
                "SELECT (SELECT max(household) FROM review INDEXED BY"
                " review_year WHERE year = ?1) - (SELECT min(household)"
                " FROM review INDEXED BY review_year WHERE year = ?1) + 1",
                q->year, 0, 0);
            double walk = (double)(offset + limit) * (double)n /
                          (double)*total;
            /* a step of the walk costs about a fifth of reading a
             * household of the finding by rowid (0.4 against 2 µs at
             * 1M persons) */
            if (walk > 5.0 * (double)*total + 5000) {
                fmode = F_SET;
                flip = 0, offset = q->offset, limit = q->limit;
            }
        }
    }
    extra_where(q, fmode, extra, sizeof extra);
    /* The page's rows found in the index that serves the order (the
     * skipped ones never read from the table), then read in full. */
    /* The order exactly as the index holds it (household_village: the
     * village, then the row; household_income: the income, the village,
     * 脱贫状态, then the row), so that no sort is needed. */
    char order[160], inner[160];
    for (int k = 0; k < 2; k++) {
        const char *d = (k ? q->desc ^ flip : q->desc) ? " DESC" : "";
        char *o = k ? inner : order;
        if (q->sort == KH_HSORT_INCOME)
            snprintf(o, 160, "h.income_pc%s, h.village%s, h.status%s, h.id%s",
                     d, d, d, d);
        else
            snprintf(o, 160, "h.village%s, h.id%s", d, d);
    }
    snprintf(sql, sizeof sql,
             "SELECT h.hh_id, h.village, r.name, " HEAD_OF("name") ", "
             HEAD_OF("id_no") ", h.status, h.phone, h.members, h.income_pc"
             " FROM household h LEFT JOIN region r ON r.code = h.village"
             " WHERE h.id IN (SELECT h.id FROM household h"
             " WHERE h.year = ?1 AND %sh.village BETWEEN ?2 AND ?3%s%s%s"
             " ORDER BY %s LIMIT ?5 OFFSET ?6) ORDER BY %s",
             wide ? "+" : "", q_where[kind],
             a->sample_only ? SAMPLE_WHERE : "", extra, inner, order);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    bind_common(st, q, lo, hi, kind);
    sqlite3_bind_int64(st, 5, limit);
    sqlite3_bind_int64(st, 6, offset);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_hh_brief b;
        b.hh_id = (const char *)sqlite3_column_text(st, 0);
        b.village = (const char *)sqlite3_column_text(st, 1);
        b.village_name = (const char *)sqlite3_column_text(st, 2);
        b.head = (const char *)sqlite3_column_text(st, 3);
        b.head_id = (const char *)sqlite3_column_text(st, 4);
        b.status = (const char *)sqlite3_column_text(st, 5);
        b.phone = (const char *)sqlite3_column_text(st, 6);
        b.members = sqlite3_column_int64(st, 7);
        b.has_income = sqlite3_column_type(st, 8) != SQLITE_NULL;
        b.income_pc = sqlite3_column_int64(st, 8);
        rc = fn(ctx, &b, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

/* Columns that are bookkeeping, not data. */
static int internal_col(const char *name)
{
    return !strcmp(name, "id") || !strcmp(name, "year") ||
           !strcmp(name, "household") || !strcmp(name, "src_row") ||
           !strcmp(name, "src_line");
}

#define MAXCOLS 64

static int visit_row(sqlite3_stmt *st, int member, kh_hh_cols_fn fn,
                     void *ctx, kh_error *err)
{
    const char *names[MAXCOLS], *values[MAXCOLS];
    int is_num[MAXCOLS], n = 0;
    int ncol = sqlite3_column_count(st);
    for (int i = 0; i < ncol && n < MAXCOLS; i++) {
        const char *name = sqlite3_column_name(st, i);
        int type = sqlite3_column_type(st, i);
        if (internal_col(name) || type == SQLITE_NULL) continue;
        names[n] = name;
        values[n] = (const char *)sqlite3_column_text(st, i);
        is_num[n] = type == SQLITE_INTEGER || type == SQLITE_FLOAT;
        n++;
    }
    return fn(ctx, member, n, names, values, is_num, err);
}

/* 1 when hh_id was drawn into a sample of year (0 also on error: the
 * refusal is the safe side). */
static int in_sample(kh_store *s, int year, const char *hh_id)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT 1 FROM sample_household sh JOIN"
                           " sample_design sd ON sd.id = sh.design"
                           " WHERE sd.year = ?1 AND sh.hh_id = ?2 LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, hh_id, -1, SQLITE_TRANSIENT);
    int yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

int kh_store_hh_get(kh_store *s, const kh_access *a, int year,
                    const char *hh_id, kh_hh_cols_fn fn, void *ctx,
                    kh_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT h.*, r.name AS village_name FROM household h"
                           " LEFT JOIN region r ON r.code = h.village"
                           " WHERE h.year = ?1 AND h.hh_id = ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, hh_id, -1, SQLITE_TRANSIENT);
    int step = sqlite3_step(st), rc = KH_OK;
    long long id = 0;
    if (step == SQLITE_DONE) {
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "household_missing",
                          "%d 年没有户编号为 %s 的农户",
                          "no household %2$s in %1$d", year, hh_id);
    } else if (step != SQLITE_ROW) {
        rc = kh_sql_err(s, err);
    } else {
        /* Scope first: nothing of a household outside it is handed on. */
        const char *village = NULL;
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            if (!strcmp(sqlite3_column_name(st, i), "village"))
                village = (const char *)sqlite3_column_text(st, i);
            if (!strcmp(sqlite3_column_name(st, i), "id"))
                id = sqlite3_column_int64(st, i);
        }
        if (a->sample_only ? !in_bounds(a, village) ||
                                 !in_sample(s, year, hh_id)
                           : !kh_access_region(a, village))
            rc = denied(err);
        else
            rc = visit_row(st, 0, fn, ctx, err);
    }
    sqlite3_finalize(st);
    if (rc) return rc;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT * FROM member WHERE household = ?1"
                           " ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    sqlite3_bind_int64(st, 1, id);
    int k = 0;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = visit_row(st, ++k, fn, ctx, err);
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_regions_under(kh_store *s, const kh_access *a,
                           const char *parent, kh_region_row_fn fn,
                           void *ctx, kh_error *err)
{
    if (a->none) return denied(err);
    const char *sql;
    const char *arg = NULL;
    if (parent && *parent) {
        if (!kh_access_region(a, parent)) return denied(err);
        sql = "SELECT code, name, parent, level FROM region WHERE parent = ?1"
              " ORDER BY code";
        arg = parent;
    } else if (a->all) {
        sql = "SELECT code, name, parent, level FROM region"
              " WHERE parent IS NULL OR parent = '' ORDER BY code";
    } else {
        sql = "SELECT code, name, parent, level FROM region WHERE code = ?1";
        arg = a->region;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    if (arg) sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        if (!kh_access_region(a, code)) continue;
        rc = fn(ctx, code, (const char *)sqlite3_column_text(st, 1),
                (const char *)sqlite3_column_text(st, 2),
                sqlite3_column_int(st, 3), err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_year_stamp(kh_store *s, int year, char *out, size_t outsz,
                        kh_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT x.imported_at || '/r' || x.revision,"
                           " coalesce((SELECT run_at FROM"
                           " review_run r WHERE r.year = x.year), '')"
                           /* the stored 部门数据比对's counts (the
                            * dept.* indicators' only source) */
                           " || '/d' || (SELECT count(*) || ':' ||"
                           " coalesce(sum(covered), 0) || ':' ||"
                           " coalesce(sum(matched), 0) || ':' ||"
                           " coalesce(sum(disagree), 0) || ':' ||"
                           " coalesce(max(kind), '')"
                           " FROM dept_count d WHERE d.year = x.year)"
                           " FROM snapshot x WHERE x.year = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    sqlite3_bind_int(st, 1, year);
    int step = sqlite3_step(st), rc = KH_OK;
    if (step == SQLITE_ROW) {
        const unsigned char *a = sqlite3_column_text(st, 0),
                            *b = sqlite3_column_text(st, 1);
        snprintf(out, outsz, "%s|%s", a ? (const char *)a : "",
                 b ? (const char *)b : "");
    } else if (step == SQLITE_DONE) {
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                          "数据库中没有 %d 年的建档立卡数据",
                          "no registry snapshot for %d in the database",
                          year);
    } else {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

int kh_store_hh_design(kh_store *s, int year, const char *hh_id,
                       long long *design, kh_error *err)
{
    *design = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT max(sd.id) FROM sample_household sh JOIN"
                           " sample_design sd ON sd.id = sh.design"
                           " WHERE sd.year = ?1 AND sh.hh_id = ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, hh_id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st) == SQLITE_ROW ? KH_OK : kh_sql_err(s, err);
    if (!rc) *design = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_survey_of(kh_store *s, long long design, const char *hh_id,
                       kh_hh_cols_fn fn, void *ctx, int *found, kh_error *err)
{
    *found = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT * FROM survey WHERE design = ?1"
                           " AND hh_id = ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    sqlite3_bind_int64(st, 1, design);
    sqlite3_bind_text(st, 2, hh_id, -1, SQLITE_TRANSIENT);
    int step = sqlite3_step(st), rc = KH_OK;
    if (step == SQLITE_ROW) {
        *found = 1;
        rc = visit_row(st, 0, fn, ctx, err);
    } else if (step != SQLITE_DONE) {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}
