/* SPDX-License-Identifier: MIT */
/*
 * assess_store.c - assessments in the database (schema 3: assess_run,
 * assess_scheme, assess_region, assess_item, assess_veto, assess_input).
 * Each run is a new version; nothing is overwritten. Loading a run parses
 * the scheme texts it stored, so that an old run shows as it was scored
 * even after a scheme file changed.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/assess.h"
#include "kaohe/assess_store.h"
#include "kaohe/registry.h"
#include "store/store_int.h"

static int prep(kh_store *s, sqlite3_stmt **st, const char *sql,
                kh_error *err)
{
    return kh_sql_prepare(s, sql, st, err);
}

static int step_done(kh_store *s, sqlite3_stmt *st, kh_error *err)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? KH_OK : kh_sql_err(s, err);
    sqlite3_reset(st);
    return rc;
}

int kh_store_assess_save(kh_store *s, kh_assessment *a, size_t nschemes,
                         const char *const *names, const char *const *texts,
                         const char *files, const kh_assess_prov *prov,
                         size_t nprov,
                         kh_error *err)
{
    /* in the caller's transaction when one is open (the HTTP API writes
     * its audit entry in the same one) */
    int own = !s->in_tx;
    int rc = own ? kh_store_begin(s, err) : KH_OK;
    if (rc) return rc;
    sqlite3_stmt *st[7] = {0};
    long long run = 0;
    rc = prep(s, &st[0],
              "INSERT INTO assess_run(scheme, year, level, version, run_at,"
              " inputs) VALUES(?1, ?2, ?3, (SELECT coalesce(max(version), 0)"
              " + 1 FROM assess_run WHERE scheme = ?1 AND year = ?2 AND"
              " level = ?3), strftime('%Y-%m-%dT%H:%M:%S','now','localtime'),"
              " ?4) RETURNING id, version, run_at", err);
    if (!rc) {
        kh_sql_bind_text(st[0], 1, a->scheme->name);
        sqlite3_bind_int(st[0], 2, a->year);
        sqlite3_bind_int(st[0], 3, a->level);
        kh_sql_bind_text(st[0], 4, files);
        if (sqlite3_step(st[0]) != SQLITE_ROW) {
            rc = kh_sql_err(s, err);
        } else {
            run = sqlite3_column_int64(st[0], 0);
            a->version = sqlite3_column_int(st[0], 1);
            snprintf(a->run_at, sizeof a->run_at, "%s",
                     (const char *)sqlite3_column_text(st[0], 2));
            rc = step_done(s, st[0], err);
        }
    }
    if (!rc)
        rc = prep(s, &st[1], "INSERT INTO assess_scheme VALUES(?1, ?2, ?3)", err);
    for (size_t i = 0; !rc && i < nschemes; i++) {
        sqlite3_bind_int64(st[1], 1, run);
        kh_sql_bind_text(st[1], 2, names[i]);
        kh_sql_bind_text(st[1], 3, texts[i]);
        rc = step_done(s, st[1], err);
    }
    if (!rc)
        rc = prep(s, &st[2],
                  "INSERT INTO assess_region VALUES(?1,?2,?3,?4,?5,?6,?7,?8,"
                  "?9,?10)", err);
    if (!rc)
        rc = prep(s, &st[3], "INSERT INTO assess_item VALUES(?1,?2,?3,?4,?5,"
                  "?6,?7)", err);
    if (!rc)
        rc = prep(s, &st[4], "INSERT INTO assess_veto VALUES(?1,?2,?3,?4,?5)",
                  err);
    for (size_t r = 0; !rc && r < a->nregions; r++) {
        const kh_assess_region *g = &a->regions[r];
        sqlite3_bind_int64(st[2], 1, run);
        sqlite3_bind_int64(st[2], 2, (long long)r);
        kh_sql_bind_text(st[2], 3, g->scheme->name);
        kh_sql_bind_text(st[2], 4, g->code);
        kh_sql_bind_text(st[2], 5, g->name);
        kh_sql_bind_text(st[2], 6, g->parent);
        sqlite3_bind_int64(st[2], 7, g->total);
        sqlite3_bind_int(st[2], 8, g->rank);
        kh_sql_bind_text(st[2], 9, g->grade);
        kh_sql_bind_text(st[2], 10, g->grade_before);
        rc = step_done(s, st[2], err);
        for (size_t i = 0; !rc && i < g->scheme->nitems; i++) {
            const kh_assess_item *it = &g->items[i];
            sqlite3_bind_int64(st[3], 1, run);
            sqlite3_bind_int64(st[3], 2, (long long)r);
            sqlite3_bind_int64(st[3], 3, (long long)i);
            sqlite3_bind_int64(st[3], 4, it->points);
            if (it->has_value) {
                sqlite3_bind_int64(st[3], 5, it->value.num);
                sqlite3_bind_int64(st[3], 6, it->value.den);
            } else {
                sqlite3_bind_null(st[3], 5);
                sqlite3_bind_null(st[3], 6);
            }
            kh_sql_bind_text(st[3], 7, it->detail);
            rc = step_done(s, st[3], err);
        }
        for (size_t v = 0; !rc && v < g->nvetoes; v++) {
            sqlite3_bind_int64(st[4], 1, run);
            sqlite3_bind_int64(st[4], 2, (long long)r);
            kh_sql_bind_text(st[4], 3, g->vetoes[v].code);
            kh_sql_bind_text(st[4], 4, g->vetoes[v].consequence);
            kh_sql_bind_text(st[4], 5, g->vetoes[v].why);
            rc = step_done(s, st[4], err);
        }
    }
    for (size_t k = 0; !rc && k < a->nskipped; k++) {
        sqlite3_stmt *sk;
        rc = prep(s, &sk, "INSERT INTO assess_skip VALUES(?1,?2,?3,?4,?5)",
                  err);
        if (rc) break;
        sqlite3_bind_int64(sk, 1, run);
        kh_sql_bind_text(sk, 2, a->skipped[k].scheme);
        kh_sql_bind_text(sk, 3, a->skipped[k].code);
        kh_sql_bind_text(sk, 4, a->skipped[k].name);
        kh_sql_bind_text(sk, 5, a->skipped[k].reason);
        rc = step_done(s, sk, err);
        sqlite3_finalize(sk);
    }
    if (!rc)
        rc = prep(s, &st[5], "INSERT INTO assess_input VALUES(?1,?2,?3,?4,?5,"
                  "?6,?7)", err);
    for (size_t i = 0; !rc && i < nprov; i++) {
        sqlite3_bind_int64(st[5], 1, run);
        kh_sql_bind_text(st[5], 2, prov[i].code);
        kh_sql_bind_text(st[5], 3, prov[i].name);
        kh_sql_bind_text(st[5], 4, prov[i].value);
        kh_sql_bind_text(st[5], 5, prov[i].step);
        kh_sql_bind_text(st[5], 6, prov[i].date);
        kh_sql_bind_text(st[5], 7, prov[i].file);
        rc = step_done(s, st[5], err);
    }
    for (int i = 0; i < 7; i++) sqlite3_finalize(st[i]);
    if (!own) return rc;
    if (rc) {
        kh_store_rollback(s);
        return rc;
    }
    return kh_store_commit(s, err);
}

static int find_run(kh_store *s, const char *scheme, int year, int level,
                    int version, long long *run, int *ver, char *run_at,
                    size_t n, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = prep(s, &st,
                  "SELECT id, version, run_at FROM assess_run WHERE scheme = ?1"
                  " AND year = ?2 AND level = ?3 AND (?4 = 0 OR version = ?4)"
                  " ORDER BY version DESC LIMIT 1", err);
    if (rc) {
        if (err && strstr(err->en, "no such table"))
            kh_error_set(err, KH_ERR_NOTFOUND, "assess_missing",
                         "数据库中尚无考核结果(先运行 kaohe assess run)",
                         "no assessment in the database (run kaohe assess run "
                         "first)");
        return rc;
    }
    kh_sql_bind_text(st, 1, scheme);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_int(st, 3, level);
    sqlite3_bind_int(st, 4, version);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *run = sqlite3_column_int64(st, 0);
        *ver = sqlite3_column_int(st, 1);
        snprintf(run_at, n, "%s", (const char *)sqlite3_column_text(st, 2));
    } else if (step == SQLITE_DONE) {
        if (version)
            rc = kh_error_set(err, KH_ERR_NOTFOUND, "assess_missing",
                              "没有方案“%s”%d 年 %s 级的第 %d 版考核结果",
                              "no assessment under '%s' for %d at level %s, "
                              "version %d", scheme, year,
                              kh_level_name(level), version);
        else
            rc = kh_error_set(err, KH_ERR_NOTFOUND, "assess_missing",
                              "没有方案“%s”%d 年 %s 级的考核结果(先运行 kaohe "
                              "assess run)",
                              "no assessment under '%s' for %d at level %s "
                              "(run kaohe assess run first)", scheme, year,
                              kh_level_name(level));
    } else {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? strdup(v) : NULL;
}

int kh_store_assess_load(kh_store *s, const char *scheme, int year,
                         int level, int version, kh_assessment **out,
                         kh_error *err)
{
    *out = NULL;
    long long run;
    kh_assessment *a = calloc(1, sizeof *a);
    if (!a)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    a->year = year;
    a->level = level;
    int rc = find_run(s, scheme, year, level, version, &run, &a->version,
                      a->run_at, sizeof a->run_at, err);
    if (!rc) rc = kh_scheme_set_new(&a->own_set, err);
    sqlite3_stmt *st = NULL;
    if (!rc)
        rc = prep(s, &st, "SELECT name, text FROM assess_scheme WHERE run = ?1"
                  " ORDER BY rowid", err);
    if (!rc) {
        sqlite3_bind_int64(st, 1, run);
        int step;
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(st, 0);
            const char *t = (const char *)sqlite3_column_blob(st, 1);
            char file[300];
            snprintf(file, sizeof file, "(stored %s)", name);
            kh_scheme *sc;
            rc = kh_scheme_parse(t ? t : "", (size_t)sqlite3_column_bytes(st, 1),
                                 file, &sc, err);
            if (!rc && name && strcmp(name, sc->name)) {
                /* stored under another name (a modified preset, scheme.h) */
                char *nn = strdup(name);
                if (!nn) {
                    kh_scheme_free(sc);
                    rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                      "out of memory");
                    break;
                }
                sc->written_name = sc->name;
                sc->name = nn;
            }
            if (!rc) rc = kh_scheme_set_add(a->own_set, sc, err);
        }
        sqlite3_finalize(st);
        st = NULL;
    }
    if (!rc && !(a->scheme = kh_scheme_set_get(a->own_set, scheme)))
        rc = kh_error_msg(err, KH_ERR_DB, "db", "考核记录缺少方案文本",
                          "the stored run lacks its scheme text");
    if (!rc)
        rc = prep(s, &st, "SELECT seq, scheme, code, name, parent, total, rank,"
                  " grade, grade_before FROM assess_region WHERE run = ?1"
                  " ORDER BY seq", err);
    if (!rc) {
        sqlite3_bind_int64(st, 1, run);
        int step;
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
            kh_assess_region *nr = realloc(a->regions, (a->nregions + 1) * sizeof *nr);
            if (!nr) {
                rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
                break;
            }
            a->regions = nr;
            kh_assess_region *g = &a->regions[a->nregions++];
            memset(g, 0, sizeof *g);
            const char *sn = (const char *)sqlite3_column_text(st, 1);
            g->scheme = kh_scheme_set_get(a->own_set, sn ? sn : "");
            snprintf(g->code, sizeof g->code, "%s", sqlite3_column_text(st, 2));
            g->name = col_dup(st, 3);
            const char *par = (const char *)sqlite3_column_text(st, 4);
            snprintf(g->parent, sizeof g->parent, "%s", par ? par : "");
            g->total = sqlite3_column_int64(st, 5);
            g->rank = sqlite3_column_int(st, 6);
            if (!g->scheme || !g->name) {
                rc = kh_error_msg(err, KH_ERR_DB, "db", "考核记录不完整",
                                  "the stored run is incomplete");
                break;
            }
            int gi = kh_scheme_grade_find(g->scheme, (const char *)sqlite3_column_text(st, 7));
            int gb = kh_scheme_grade_find(g->scheme, (const char *)sqlite3_column_text(st, 8));
            g->grade = gi >= 0 ? g->scheme->grades[gi].name : "";
            g->grade_before = gb >= 0 ? g->scheme->grades[gb].name : "";
            if (!(g->items = calloc(g->scheme->nitems + 1, sizeof *g->items)))
                rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
        }
        sqlite3_finalize(st);
        st = NULL;
    }
    if (!rc)
        rc = prep(s, &st, "SELECT seq, item, points, vnum, vden, detail FROM"
                  " assess_item WHERE run = ?1", err);
    if (!rc) {
        sqlite3_bind_int64(st, 1, run);
        while (!rc && sqlite3_step(st) == SQLITE_ROW) {
            size_t r = (size_t)sqlite3_column_int64(st, 0);
            size_t i = (size_t)sqlite3_column_int64(st, 1);
            if (r >= a->nregions || i >= a->regions[r].scheme->nitems) continue;
            kh_assess_item *it = &a->regions[r].items[i];
            it->points = sqlite3_column_int64(st, 2);
            if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
                it->has_value = 1;
                it->value.num = sqlite3_column_int64(st, 3);
                it->value.den = sqlite3_column_int64(st, 4);
            }
            it->detail = col_dup(st, 5);
        }
        sqlite3_finalize(st);
        st = NULL;
    }
    if (!rc)
        rc = prep(s, &st, "SELECT seq, code, consequence, why FROM assess_veto"
                  " WHERE run = ?1 ORDER BY rowid", err);
    if (!rc) {
        sqlite3_bind_int64(st, 1, run);
        while (!rc && sqlite3_step(st) == SQLITE_ROW) {
            size_t r = (size_t)sqlite3_column_int64(st, 0);
            if (r >= a->nregions) continue;
            kh_assess_region *g = &a->regions[r];
            kh_assess_veto *nv = realloc(g->vetoes, (g->nvetoes + 1) * sizeof *nv);
            if (!nv) {
                rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
                break;
            }
            g->vetoes = nv;
            kh_assess_veto *v = &g->vetoes[g->nvetoes++];
            v->code = col_dup(st, 1);
            v->consequence = col_dup(st, 2);
            v->why = col_dup(st, 3);
        }
        sqlite3_finalize(st);
    }
    if (!rc)
        rc = prep(s, &st, "SELECT scheme, code, name, reason FROM assess_skip"
                  " WHERE run = ?1 ORDER BY rowid", err);
    if (!rc) {
        sqlite3_bind_int64(st, 1, run);
        while (!rc && sqlite3_step(st) == SQLITE_ROW) {
            kh_assess_skip *ns = realloc(a->skipped,
                                         (a->nskipped + 1) * sizeof *ns);
            if (!ns) {
                rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
                break;
            }
            a->skipped = ns;
            kh_assess_skip *k = &a->skipped[a->nskipped++];
            memset(k, 0, sizeof *k);
            k->scheme = col_dup(st, 0);
            snprintf(k->code, sizeof k->code, "%s",
                     (const char *)sqlite3_column_text(st, 1));
            k->name = col_dup(st, 2);
            k->reason = col_dup(st, 3);
            if (!k->scheme || !k->name || !k->reason)
                rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
        }
        sqlite3_finalize(st);
    }
    if (rc) {
        kh_assessment_free(a);
        return rc;
    }
    kh_assessment_mark_reallocated(a);
    *out = a;
    return KH_OK;
}

int kh_store_assess_runs(kh_store *s, kh_assess_run_fn fn, void *ctx,
                         kh_error *err)
{
    sqlite3_stmt *st;
    int rc = prep(s, &st,
                  "SELECT r.scheme, r.year, r.level, r.version, r.run_at,"
                  " (SELECT count(*) FROM assess_region g WHERE g.run = r.id"
                  " AND g.scheme = r.scheme), r.inputs FROM assess_run r"
                  " ORDER BY r.id DESC", err);
    if (rc) {
        if (err && strstr(err->en, "no such table")) {
            kh_error_clear(err);
            return KH_OK;
        }
        return rc;
    }
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
                sqlite3_column_int(st, 3),
                (const char *)sqlite3_column_text(st, 4),
                sqlite3_column_int64(st, 5),
                (const char *)sqlite3_column_text(st, 6));
    sqlite3_finalize(st);
    return rc;
}

int kh_store_assess_inputs(kh_store *s, const char *scheme, int year,
                           int level, int version, const char *code,
                           kh_assess_prov_fn fn, void *ctx, kh_error *err)
{
    long long run;
    int ver;
    char at[32];
    int rc = find_run(s, scheme, year, level, version, &run, &ver, at,
                      sizeof at, err);
    if (rc) return rc;
    sqlite3_stmt *st;
    if ((rc = prep(s, &st,
                   "SELECT code, name, value, step, date, file FROM"
                   " assess_input WHERE run = ?1 AND code = ?2 ORDER BY rowid",
                   err)))
        return rc;
    sqlite3_bind_int64(st, 1, run);
    kh_sql_bind_text(st, 2, code);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        kh_assess_prov p = {
            (const char *)sqlite3_column_text(st, 0),
            (const char *)sqlite3_column_text(st, 1),
            (const char *)sqlite3_column_text(st, 2),
            (const char *)sqlite3_column_text(st, 3),
            (const char *)sqlite3_column_text(st, 4),
            (const char *)sqlite3_column_text(st, 5)};
        rc = fn(ctx, &p);
    }
    sqlite3_finalize(st);
    return rc;
}
