/* SPDX-License-Identifier: MIT */
/*
 * sample_store.c - 第三方评估 in the database (schema 3): the roster of
 * non-registered households, the sampling frame read from the registry
 * and the roster, designs (strata, villages, households drawn) and the
 * survey rows with kaohe's classification.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/registry.h"
#include "kaohe/sample_store.h"
#include "store/store_int.h"

/* ---- roster ---- */

int kh_roster_begin(kh_store *s, int year, const char *source, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s, "DELETE FROM roster WHERE year = ?1", &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    if ((rc = kh_sql_run(s, st, err))) return rc;
    rc = kh_sql_prepare(s,
              "INSERT OR REPLACE INTO roster_import(year, source, imported_at)"
              " VALUES(?1, ?2, strftime('%Y-%m-%dT%H:%M:%S','now',"
              "'localtime'))",
              &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, source, -1, SQLITE_TRANSIENT);
    return kh_sql_run(s, st, err);
}

int kh_roster_add(kh_store *s, int year, const kh_roster_hh *h, kh_error *err)
{
    if (!s->ins_roster) {
        int rc = kh_sql_prepare(s,
                      "INSERT INTO roster(year, hh_id, village, head_name,"
                      " head_id, persons, src_row, src_line)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      &s->ins_roster, err);
        if (rc) return rc;
    }
    sqlite3_stmt *st = s->ins_roster;
    sqlite3_reset(st);
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, h->hh_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, h->village, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, h->head_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, h->head_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, h->persons);
    sqlite3_bind_int64(st, 7, h->row);
    sqlite3_bind_int64(st, 8, h->line);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (step == SQLITE_CONSTRAINT)
        return kh_error_set(
            err, KH_ERR_INVALID, "roster_duplicate", "户编号“%s”在花名册中重复",
            "户编号 '%s' appears twice in the roster", h->hh_id);
    return step == SQLITE_DONE ? KH_OK : kh_sql_err(s, err);
}

int kh_roster_end(kh_store *s, int year, kh_roster_conflict_fn fn, void *ctx,
                  long long *households, long long *persons, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                  "SELECT r.hh_id, r.src_row, 'hh_id', r.src_line, r.head_id"
                  " FROM roster r"
                  " JOIN household h ON h.year = r.year AND h.hh_id = r.hh_id"
                  " WHERE r.year = ?1"
                  " UNION ALL "
                  "SELECT r.hh_id, r.src_row, 'id_no', r.src_line, r.head_id"
                  " FROM roster r"
                  " JOIN member m ON m.year = r.year AND m.id_no = r.head_id"
                  " WHERE r.year = ?1"
                  " UNION ALL "
                  "SELECT r.hh_id, r.src_row, 'id_duplicate', r.src_line,"
                  " r.head_id FROM roster r"
                  " WHERE r.year = ?1 AND EXISTS (SELECT 1 FROM roster q"
                  "  WHERE q.year = r.year AND q.head_id = r.head_id"
                  "  AND q.src_row < r.src_row) ORDER BY 2",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, kh_sql_str(st, 0), (long)sqlite3_column_int64(st, 1),
                (long)sqlite3_column_int64(st, 3), kh_sql_str(st, 4),
                kh_sql_str(st, 2), err);
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    if (rc) return rc;
    rc = kh_sql_prepare(s,
              "SELECT count(*), coalesce(sum(persons), 0) FROM roster"
              " WHERE year = ?1",
              &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *households = sqlite3_column_int64(st, 0);
        *persons = sqlite3_column_int64(st, 1);
    } else {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- the frame ---- */

/* The range of village codes under region. */
static int region_range(const char *region, char lo[13], char hi[13],
                        kh_error *err)
{
    int level = kh_region_code_level(region, strlen(region));
    if (level == KH_LV_NONE)
        return kh_error_set(err, KH_ERR_USAGE, "usage",
                            "“%s”不是 12 位行政区划代码",
                            "'%s' is not a 12-digit region code", region);
    int d = kh_region_prefix_len(level);
    memcpy(lo, region, (size_t)d);
    memcpy(hi, region, (size_t)d);
    for (int i = d; i < 12; i++)
        lo[i] = '0', hi[i] = '9';
    lo[12] = hi[12] = '\0';
    return KH_OK;
}

/* Bind the status labels of national codes 1, 4 (exited) and 0, 3
 * (poor) to parameters first..first+3 (NULL when the list lacks one). */
static void bind_status(sqlite3_stmt *st, int first, const kh_standard *std)
{
    static const char *const codes[4] = {"1", "4", "0", "3"};
    int e = kh_standard_enum(std, "status");
    for (int i = 0; i < 4; i++) {
        int k = e >= 0 ? kh_standard_enum_lookup(std, e, codes[i], 1) : -1;
        if (k >= 0)
            sqlite3_bind_text(st, first + i, kh_standard_enum_label(std, e, k),
                              -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, first + i);
    }
}

#define GROUP_SQL                                                              \
    "CASE WHEN status IN (?2, ?3) THEN 1 WHEN status IN (?4, ?5) THEN 2"       \
    " ELSE 0 END"

int kh_sample_frame(kh_store *s, int year, const char *region,
                    const kh_standard *std, kh_frame_fn fn, void *ctx,
                    kh_error *err)
{
    char lo[13], hi[13];
    int rc = region_range(region, lo, hi, err);
    if (rc) return rc;
    sqlite3_stmt *st;
    rc = kh_sql_prepare(s,
              "SELECT f.village, r.name, f.g, f.n, f.p FROM ("
              " SELECT village, " GROUP_SQL " AS g, count(*) AS n,"
              "  sum(members) AS p FROM household"
              "  WHERE year = ?1 AND village BETWEEN ?6 AND ?7"
              "  GROUP BY village, g"
              " UNION ALL"
              " SELECT village, 3, count(*), sum(persons) FROM roster"
              "  WHERE year = ?1 AND village BETWEEN ?6 AND ?7"
              "  GROUP BY village) f"
              " LEFT JOIN region r ON r.code = f.village"
              " ORDER BY f.village, f.g",
              &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    bind_status(st, 2, std);
    sqlite3_bind_text(st, 6, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, hi, -1, SQLITE_STATIC);
    kh_frame_village v;
    memset(&v, 0, sizeof v);
    char name[256] = "";
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = kh_sql_str(st, 0);
        if (v.code[0] && strcmp(v.code, code) != 0) {
            v.name = name;
            if (v.hh[1] + v.hh[2] + v.hh[3] > 0) rc = fn(ctx, &v, err);
            memset(&v, 0, sizeof v);
        }
        if (rc) break;
        snprintf(v.code, sizeof v.code, "%s", code);
        snprintf(name, sizeof name, "%s", kh_sql_str(st, 1));
        int g = sqlite3_column_int(st, 2);
        if (g < 1 || g > 3) continue;
        v.hh[g] += sqlite3_column_int64(st, 3);
        v.persons[g] += sqlite3_column_int64(st, 4);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    if (!rc && v.code[0] && v.hh[1] + v.hh[2] + v.hh[3] > 0) {
        v.name = name;
        rc = fn(ctx, &v, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* "+hh_id": sort the village's few rows rather than let SQLite walk the
 * whole year in (year, hh_id) order to skip the sort. */
int kh_sample_frame_households(kh_store *s, int year, const char *village,
                               int group, const kh_standard *std,
                               kh_frame_hh_fn fn, void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    int rc;
    if (group == KH_G_ROSTER) {
        rc = kh_sql_prepare(s,
                  "SELECT hh_id, persons FROM roster"
                  " WHERE year = ?1 AND village = ?6 ORDER BY +hh_id",
                  &st, err);
    } else {
        rc = kh_sql_prepare(s,
                  "SELECT hh_id, members FROM household"
                  " WHERE year = ?1 AND village = ?6 AND " GROUP_SQL " = ?8"
                  " ORDER BY +hh_id",
                  &st, err);
    }
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 6, village, -1, SQLITE_STATIC);
    if (group != KH_G_ROSTER) {
        bind_status(st, 2, std);
        sqlite3_bind_int(st, 8, group);
    }
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, kh_sql_str(st, 0), sqlite3_column_int64(st, 1), err);
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- designs ---- */

int kh_design_add(kh_store *s, kh_design *d, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                  "INSERT INTO sample_design(year, region, margin, confidence,"
                  " icc, villages_per_county, households_per_village, seed,"
                  " created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                  " strftime('%Y-%m-%dT%H:%M:%S','now','localtime'))",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, d->year);
    sqlite3_bind_text(st, 2, d->region, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 3, d->margin);
    sqlite3_bind_double(st, 4, d->confidence);
    sqlite3_bind_double(st, 5, d->icc);
    sqlite3_bind_int64(st, 6, d->villages_per_county);
    sqlite3_bind_int64(st, 7, d->households_per_village);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)d->seed);
    rc = kh_sql_run(s, st, err);
    if (!rc) d->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int kh_design_set_report(kh_store *s, long long id, const char *report,
                         kh_error *err)
{
    sqlite3_stmt *st;
    int rc =
        kh_sql_prepare(s, "UPDATE sample_design SET report = ?2 WHERE id = ?1", &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, report, -1, SQLITE_STATIC);
    return kh_sql_run(s, st, err);
}

int kh_design_add_stratum(kh_store *s, long long id, const kh_design_stratum *x,
                          kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                  "INSERT INTO sample_stratum(design, county, villages, drawn,"
                  " m1, m2, m3, hh1, hh2, hh3, p1, p2, p3) VALUES(?1, ?2, ?3,"
                  " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, x->county, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, x->villages);
    sqlite3_bind_int64(st, 4, x->drawn);
    for (int g = 1; g <= 3; g++) {
        sqlite3_bind_int64(st, 4 + g, x->m[g]);
        sqlite3_bind_int64(st, 7 + g, x->hh[g]);
        sqlite3_bind_int64(st, 10 + g, x->persons[g]);
    }
    return kh_sql_run(s, st, err);
}

int kh_design_add_village(kh_store *s, long long id, const char *county,
                          const char *village, long long size, double pi,
                          const long long *hh, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                  "INSERT INTO sample_village(design, county, village, size,"
                  " pi, n1, n2, n3) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, county, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, village, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, size);
    sqlite3_bind_double(st, 5, pi);
    for (int g = 1; g <= 3; g++)
        sqlite3_bind_int64(st, 5 + g, hh[g]);
    return kh_sql_run(s, st, err);
}

int kh_design_add_household(kh_store *s, long long id, const char *village,
                            int group, const char *hh_id, long long persons,
                            kh_error *err)
{
    if (!s->ins_drawn) {
        int rc = kh_sql_prepare(s,
                      "INSERT INTO sample_household(design, village, grp,"
                      " hh_id, persons) VALUES(?1, ?2, ?3, ?4, ?5)",
                      &s->ins_drawn, err);
        if (rc) return rc;
    }
    sqlite3_stmt *st = s->ins_drawn;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, village, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, group);
    sqlite3_bind_text(st, 4, hh_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, persons);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return step == SQLITE_DONE ? KH_OK : kh_sql_err(s, err);
}

int kh_design_get(kh_store *s, long long id, kh_design *d, kh_error *err)
{
    memset(d, 0, sizeof *d);
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                  "SELECT id, year, region, margin, confidence, icc,"
                  " villages_per_county, households_per_village, seed,"
                  " created_at, report FROM sample_design"
                  " WHERE id = ?1 OR (?1 = 0 AND id = (SELECT max(id) FROM"
                  " sample_design))",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        d->id = sqlite3_column_int64(st, 0);
        d->year = sqlite3_column_int(st, 1);
        snprintf(d->region, sizeof d->region, "%s", kh_sql_str(st, 2));
        d->margin = sqlite3_column_double(st, 3);
        d->confidence = sqlite3_column_double(st, 4);
        d->icc = sqlite3_column_double(st, 5);
        d->villages_per_county = sqlite3_column_int64(st, 6);
        d->households_per_village = sqlite3_column_int64(st, 7);
        d->seed = (unsigned long long)sqlite3_column_int64(st, 8);
        snprintf(d->created_at, sizeof d->created_at, "%s", kh_sql_str(st, 9));
        d->report = strdup(kh_sql_str(st, 10));
        if (!d->report)
            rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                              "out of memory");
    } else if (step == SQLITE_DONE) {
        if (id)
            rc = kh_error_set(err, KH_ERR_NOTFOUND, "design_missing",
                              "没有编号为 %lld 的抽样方案",
                              "there is no sampling design %lld", id);
        else
            rc = kh_error_msg(err, KH_ERR_NOTFOUND, "design_missing",
                              "还没有抽样方案,请先运行 kaohe sample design",
                              "there is no sampling design yet: run `kaohe "
                              "sample design` first");
    } else {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

int kh_design_surveyed(kh_store *s, int year, long long *ids, size_t max,
                       size_t *n, kh_error *err)
{
    *n = 0;
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                  "SELECT d.id FROM sample_design d WHERE d.year = ?1 AND"
                  " EXISTS (SELECT 1 FROM survey v WHERE v.design = d.id)"
                  " ORDER BY d.id DESC",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_design_strata(kh_store *s, long long id, kh_design_stratum_fn fn,
                     void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                  "SELECT x.county, x.villages, x.drawn, x.m1, x.m2, x.m3,"
                  " x.hh1, x.hh2, x.hh3, x.p1, x.p2, x.p3, r.name"
                  " FROM sample_stratum x LEFT JOIN region r"
                  " ON r.code = x.county WHERE x.design = ?1"
                  " ORDER BY x.county",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, id);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_design_stratum x;
        memset(&x, 0, sizeof x);
        snprintf(x.county, sizeof x.county, "%s", kh_sql_str(st, 0));
        x.villages = sqlite3_column_int64(st, 1);
        x.drawn = sqlite3_column_int64(st, 2);
        for (int g = 1; g <= 3; g++) {
            x.m[g] = sqlite3_column_int64(st, 2 + g);
            x.hh[g] = sqlite3_column_int64(st, 5 + g);
            x.persons[g] = sqlite3_column_int64(st, 8 + g);
        }
        rc = fn(ctx, &x, kh_sql_str(st, 12), err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_design_drawn(kh_store *s, long long id, int with_names, kh_drawn_fn fn,
                    void *ctx, kh_error *err)
{
    const char *names =
        with_names
            ? "CASE WHEN d.grp = 3 THEN (SELECT head_name FROM roster"
              "  WHERE year = g.year AND hh_id = d.hh_id)"
              " ELSE (SELECT m.name FROM household h JOIN member m"
              "  ON m.household = h.id WHERE h.year = g.year"
              "  AND h.hh_id = d.hh_id ORDER BY m.relation = '户主' DESC,"
              "  m.id LIMIT 1) END,"
              " CASE WHEN d.grp = 3 THEN (SELECT head_id FROM roster"
              "  WHERE year = g.year AND hh_id = d.hh_id)"
              " ELSE (SELECT m.id_no FROM household h JOIN member m"
              "  ON m.household = h.id WHERE h.year = g.year"
              "  AND h.hh_id = d.hh_id ORDER BY m.relation = '户主' DESC,"
              "  m.id LIMIT 1) END"
            : "NULL, NULL";
    char sql[3000];
    snprintf(sql, sizeof sql,
             "WITH cnt AS (SELECT x.village, x.grp, count(*) AS drawn,"
             "  sum(s.hh_id IS NOT NULL AND s.unknown = 0) AS ok"
             "  FROM sample_household x LEFT JOIN survey s"
             "  ON s.design = x.design AND s.hh_id = x.hh_id"
             "  WHERE x.design = ?1 GROUP BY x.village, x.grp)"
             " SELECT v.county, v.village, rv.name, rc.name, d.hh_id, d.grp,"
             " d.persons, v.pi, CASE d.grp WHEN 1 THEN v.n1 WHEN 2 THEN v.n2"
             " ELSE v.n3 END, c.drawn, c.ok, s.hh_id IS NOT NULL,"
             " s.fails, s.unknown, s.approves, %s, s.reasons"
             " FROM sample_village v JOIN sample_design g ON g.id = v.design"
             " LEFT JOIN sample_household d ON d.design = v.design"
             "  AND d.village = v.village"
             " LEFT JOIN cnt c ON c.village = v.village AND c.grp = d.grp"
             " LEFT JOIN survey s ON s.design = v.design AND s.hh_id = d.hh_id"
             " LEFT JOIN region rv ON rv.code = v.village"
             " LEFT JOIN region rc ON rc.code = v.county"
             " WHERE v.design = ?1 ORDER BY v.county, v.village, d.grp,"
             " d.hh_id",
             names);
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s, sql, &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, id);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_drawn h;
        memset(&h, 0, sizeof h);
        h.county = kh_sql_str(st, 0);
        h.village = kh_sql_str(st, 1);
        h.village_name = kh_sql_str(st, 2);
        h.county_name = kh_sql_str(st, 3);
        h.hh_id = (const char *)sqlite3_column_text(st, 4);
        h.group = sqlite3_column_int(st, 5);
        h.persons = sqlite3_column_int64(st, 6);
        h.pi = sqlite3_column_double(st, 7);
        h.N = sqlite3_column_int64(st, 8);
        h.drawn = sqlite3_column_int64(st, 9);
        h.surveyed = sqlite3_column_int64(st, 10);
        h.has_survey = sqlite3_column_int(st, 11);
        h.fails = sqlite3_column_int(st, 12);
        h.unknown = sqlite3_column_int(st, 13);
        h.approves = sqlite3_column_type(st, 14) == SQLITE_NULL
                         ? -1
                         : sqlite3_column_int(st, 14);
        h.head_name = kh_sql_str(st, 15);
        h.head_id = kh_sql_str(st, 16);
        h.reasons = kh_sql_str(st, 17);
        rc = fn(ctx, &h, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_design_group_of(kh_store *s, long long id, const char *hh_id, int *group,
                       kh_error *err)
{
    if (!s->find_drawn) {
        int rc = kh_sql_prepare(s,
                      "SELECT grp FROM sample_household"
                      " WHERE design = ?1 AND hh_id = ?2",
                      &s->find_drawn, err);
        if (rc) return rc;
    }
    sqlite3_stmt *st = s->find_drawn;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, hh_id, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    *group = step == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return step == SQLITE_ROW || step == SQLITE_DONE ? KH_OK : kh_sql_err(s, err);
}

/* ---- survey ---- */

int kh_survey_put(kh_store *s, long long design, const kh_survey_row *r,
                  const char *source, kh_error *err)
{
    if (!s->ins_survey) {
        int rc = kh_sql_prepare(s,
                      "INSERT OR REPLACE INTO survey(design, hh_id, income_pc,"
                      " food, dropout, medical, housing, water, ok_ident,"
                      " ok_exit, ok_help, visitor, visited, fails, unknown,"
                      " approves, reasons, source, src_row) VALUES(?1, ?2,"
                      " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                      " ?15, ?16, ?17, ?18, ?19)",
                      &s->ins_survey, err);
        if (rc) return rc;
    }
    sqlite3_stmt *st = s->ins_survey;
    sqlite3_bind_int64(st, 1, design);
    sqlite3_bind_text(st, 2, r->hh_id, -1, SQLITE_STATIC);
    kh_sql_bind_nn(st, 3, r->income_pc);
    kh_sql_bind_nn(st, 4, r->food);
    kh_sql_bind_nn(st, 5, r->dropout);
    kh_sql_bind_nn(st, 6, r->medical);
    if (r->housing && r->housing[0])
        sqlite3_bind_text(st, 7, r->housing, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 7);
    kh_sql_bind_nn(st, 8, r->water);
    kh_sql_bind_nn(st, 9, r->ok_ident);
    kh_sql_bind_nn(st, 10, r->ok_exit);
    kh_sql_bind_nn(st, 11, r->ok_help);
    sqlite3_bind_text(st, 12, r->visitor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, r->visited, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 14, r->fails);
    sqlite3_bind_int(st, 15, r->unknown);
    sqlite3_bind_int(st, 16, r->approves);
    sqlite3_bind_text(st, 17, r->reasons, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 18, source, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 19, r->row);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return step == SQLITE_DONE ? KH_OK : kh_sql_err(s, err);
}
