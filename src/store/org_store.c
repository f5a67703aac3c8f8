/* SPDX-License-Identifier: MIT */
/*
 * org_store.c - the issuing details of a region's documents (table org,
 * include/kaohe/org.h) and the headline figures of a region a report
 * opens with.
 */
#include <stdio.h>
#include <string.h>

#include "kaohe/org.h"
#include "kaohe/store.h"
#include "store/store_int.h"

static int has_table(kh_store *s)
{
    return kh_sqldb_one(s->db,
                        "SELECT count(*) FROM sqlite_master WHERE type = "
                        "'table' AND name = 'org' AND ?1 = ?1 AND ?2 = ?2",
                        0, 0, 0) > 0;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

int kh_store_org_get(kh_store *s, const char *region, kh_org *o, int *found,
                     kh_error *err)
{
    memset(o, 0, sizeof *o);
    *found = 0;
    copy(o->region, sizeof o->region, region);
    if (!region || !region[0] || !has_table(s)) return KH_OK;
    sqlite3_stmt *st = NULL, *up = NULL;
    int rc = kh_sql_prepare(s,
                            "SELECT issuer, docno, contact, sign_date,"
                            " updated_at, updated_by FROM org WHERE region = ?1",
                            &st, err);
    if (!rc)
        rc = kh_sql_prepare(s, "SELECT parent FROM region WHERE code = ?1", &up,
                            err);
    char code[13];
    copy(code, sizeof code, region);
    for (int depth = 0; !rc && code[0] && depth < 8; depth++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            copy(o->issuer, sizeof o->issuer, kh_sql_str(st, 0));
            copy(o->docno, sizeof o->docno, kh_sql_str(st, 1));
            copy(o->contact, sizeof o->contact, kh_sql_str(st, 2));
            copy(o->date, sizeof o->date, kh_sql_str(st, 3));
            copy(o->updated_at, sizeof o->updated_at, kh_sql_str(st, 4));
            copy(o->updated_by, sizeof o->updated_by, kh_sql_str(st, 5));
            copy(o->region, sizeof o->region, code);
            *found = 1;
            break;
        }
        if (r != SQLITE_DONE) {
            rc = kh_sql_err(s, err);
            break;
        }
        sqlite3_reset(up);
        sqlite3_bind_text(up, 1, code, -1, SQLITE_TRANSIENT);
        r = sqlite3_step(up);
        if (r == SQLITE_ROW)
            copy(code, sizeof code, kh_sql_str(up, 0));
        else if (r == SQLITE_DONE)
            code[0] = '\0';
        else
            rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    return rc;
}

int kh_store_org_set(kh_store *s, const kh_org *o, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s,
                            "INSERT OR REPLACE INTO org(region, issuer, docno,"
                            " contact, sign_date, updated_at, updated_by)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_text(st, 1, o->region, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, o->issuer, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, o->docno, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, o->contact, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, o->date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, o->updated_at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, o->updated_by, -1, SQLITE_TRANSIENT);
    return kh_sql_run(s, st, err);
}

/* Digits of a region code that its subtree shares (province 2, city 4,
 * county 6, township 9, village 12). */
static size_t prefix_len(int level)
{
    static const size_t len[] = {0, 2, 4, 6, 9, 12};
    return level >= 1 && level <= 5 ? len[level] : 0;
}

int kh_store_region_basics(kh_store *s, int year, const char *region,
                           kh_region_basics *o, kh_error *err)
{
    memset(o, 0, sizeof *o);
    if (!kh_store_year_exists(s, year))
        return kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                            "数据库中没有 %d 年的建档立卡数据",
                            "no registry snapshot for %d in the database",
                            year);
    char like[16] = "%";
    if (region && region[0]) {
        sqlite3_stmt *st;
        int rc = kh_sql_prepare(s, "SELECT name, level FROM region WHERE code = ?1",
                                &st, err);
        if (rc) return rc;
        sqlite3_bind_text(st, 1, region, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            copy(o->name, sizeof o->name, kh_sql_str(st, 0));
            o->level = sqlite3_column_int(st, 1);
        }
        sqlite3_finalize(st);
        if (!o->level)
            return kh_error_set(err, KH_ERR_NOTFOUND, "region_unknown",
                                "区划代码 %s 不在区划表中",
                                "region %s is not in the region list", region);
        copy(o->code, sizeof o->code, region);
        snprintf(like, sizeof like, "%.*s%%", (int)prefix_len(o->level),
                 region);
    }
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(
        s,
        "SELECT count(*), coalesce(sum(members), 0),"
        " coalesce(sum(status IN ('未脱贫', '返贫')), 0),"
        " coalesce(sum(CASE WHEN status IN ('未脱贫', '返贫') THEN members END), 0),"
        " coalesce(sum(status LIKE '已脱贫%'), 0),"
        " coalesce(sum(CASE WHEN status LIKE '已脱贫%' THEN members END), 0),"
        " count(DISTINCT village)"
        " FROM household WHERE year = ?1 AND village LIKE ?2",
        &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, like, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        o->households = sqlite3_column_int64(st, 0);
        o->persons = sqlite3_column_int64(st, 1);
        o->poor_households = sqlite3_column_int64(st, 2);
        o->poor_persons = sqlite3_column_int64(st, 3);
        o->exited_households = sqlite3_column_int64(st, 4);
        o->exited_persons = sqlite3_column_int64(st, 5);
        o->villages = sqlite3_column_int64(st, 6);
    } else {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    if (rc) return rc;
    rc = kh_sql_prepare(s,
                        "SELECT coalesce(sum(rural_pop), 0) FROM region"
                        " WHERE level = 5 AND code LIKE ?1",
                        &st, err);
    if (rc) return rc;
    sqlite3_bind_text(st, 1, like, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        o->rural_pop = sqlite3_column_int64(st, 0);
    else
        rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_region_name(kh_store *s, const char *code, char *name,
                         size_t n, char *parent, size_t pn, kh_error *err)
{
    if (n) name[0] = '\0';
    if (pn) parent[0] = '\0';
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s, "SELECT name, parent FROM region WHERE code = ?1",
                            &st, err);
    if (rc) return rc;
    sqlite3_bind_text(st, 1, code ? code : "", -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        if (n) snprintf(name, n, "%s", kh_sql_str(st, 0));
        if (pn) snprintf(parent, pn, "%s", kh_sql_str(st, 1));
    } else if (r == SQLITE_DONE) {
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "region_unknown",
                          "区划代码 %s 不在区划表中",
                          "region %s is not in the region list",
                          code ? code : "");
    } else {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}
