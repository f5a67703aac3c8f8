/* SPDX-License-Identifier: MIT */
/*
 * diff_store.c - 动态调整: what changed between two stored years. The
 * households of both years are matched once into a temporary table
 * (kh_diff_hh: one row per household pair, or per household of one year
 * only, with its categories as a bit set), the persons whose household
 * changed into a second one (kh_diff_mem); counts, medians, transitions
 * and lists are then single SQL passes over those, using the indexes
 * household(year, hh_id), member(year, id_no) and member(household).
 * Definitions: docs/cli/diff.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/registry.h"
#include "store/store_int.h"

/* build_sql writes the categories as numbers. */
_Static_assert(KH_DIFF_NEW == 0 && KH_DIFF_EXITED == 1 &&
                   KH_DIFF_RETURNED == 2 && KH_DIFF_REMOVED == 3 &&
                   KH_DIFF_RENUMBERED == 4 && KH_DIFF_MOVED == 5 &&
                   KH_DIFF_MEMBER_ADDED == 6 && KH_DIFF_MEMBER_GONE == 7 &&
                   KH_DIFF_MEMBER_MOVED == 8,
               "category numbers used in SQL");

/* One region's 人均纯收入 medians, at one level. */
typedef struct inc_region {
    char code[13];      /* padded region code; "" for the total */
    long long n, k;     /* households, rank of the lower median (1-based) */
    long long seen[3];  /* rows seen so far in each pass */
    long long med[3];   /* Y1 value, Y2 value, change */
} inc_region;

struct kh_diff {
    kh_store *s;
    int y1, y2;
    char prefix[13]; /* the significant digits of --region, "" for all */
    int in_tx;       /* the read transaction is open */
    /* the medians of every region at every level, computed once */
    int inc_ready;
    inc_region *reg[KH_LV_VILLAGE + 1];
    size_t nreg[KH_LV_VILLAGE + 1];
};

static const char *const cat_names[KH_DIFF_NCAT] = {
    "new",         "exited",        "returned",     "removed",
    "renumbered",  "moved",         "members_added", "members_gone",
    "members_moved"};

const char *kh_diff_cat_name(int cat)
{
    return cat >= 0 && cat < KH_DIFF_NCAT ? cat_names[cat] : NULL;
}

int kh_diff_cat_parse(const char *name)
{
    for (int i = 0; name && i < KH_DIFF_NCAT; i++)
        if (!strcmp(name, cat_names[i])) return i;
    return -1;
}


static int exec(kh_store *s, const char *sql, kh_error *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    return KH_OK;
}

/* Run a statement with ?1 = y1 and ?2 = y2 to completion. */
static int run2(kh_store *s, const char *sql, int y1, int y2, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sql_prepare(s, sql, &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, y1);
    sqlite3_bind_int(st, 2, y2);
    return kh_sql_run(s, st, err);
}

static int year_exists(kh_store *s, int year, int *found, kh_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM snapshot WHERE year = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    sqlite3_bind_int(st, 1, year);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) return kh_sql_err(s, err);
    *found = step == SQLITE_ROW;
    return KH_OK;
}

/* 1 when code is in the region list, or when no region list is stored. */
static int region_known(kh_store *s, const char *code, int *known,
                        kh_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT EXISTS(SELECT 1 FROM region WHERE code = ?1)"
                           " OR NOT EXISTS(SELECT 1 FROM region)",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) *known = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? KH_OK : kh_sql_err(s, err);
}

static const char *const drop_sql =
    "DROP TABLE IF EXISTS temp.kh_diff_hh;"
    "DROP TABLE IF EXISTS temp.kh_diff_mem;"
    "DROP TABLE IF EXISTS temp.kh_diff_u1;"
    "DROP TABLE IF EXISTS temp.kh_diff_u2;";

/*
 * The matching. ?1 is Y1, ?2 is Y2. Category bits are enum kh_diff_cat.
 * how: 0 same 户编号, 1 re-numbered, 2 Y1 only, 3 Y2 only.
 */
static const char *const build_sql[] = {
    "CREATE TEMP TABLE kh_diff_hh("
    " h1 INTEGER, h2 INTEGER, how INTEGER NOT NULL,"
    " v1 TEXT, v2 TEXT, s1 TEXT, s2 TEXT,"
    " n1 INTEGER, n2 INTEGER, i1 INTEGER, i2 INTEGER,"
    " cats INTEGER NOT NULL DEFAULT 0)",
    "CREATE TEMP TABLE kh_diff_mem("
    " cat INTEGER NOT NULL, m1 INTEGER, m2 INTEGER, hf INTEGER, ht INTEGER,"
    " hk INTEGER NOT NULL, v1 TEXT, v2 TEXT)",
    /* 1. the same 户编号 in both years */
    "INSERT INTO kh_diff_hh(h1, h2, how, v1, v2, s1, s2, n1, n2, i1, i2)"
    " SELECT a.id, b.id, 0, a.village, b.village, a.status,"
    " b.status, a.members, b.members, a.income_pc, b.income_pc"
    " FROM household a JOIN household b ON b.year = ?2 AND b.hh_id = a.hh_id"
    " WHERE a.year = ?1",
    "CREATE INDEX temp.kh_diff_hh_h1 ON kh_diff_hh(h1)",
    "CREATE INDEX temp.kh_diff_hh_h2 ON kh_diff_hh(h2)",
    /* 2. re-numbered: among the households whose 户编号 is in one year
     * only, a pair sharing more than half of the members of each (so a
     * household has at most one partner) */
    "CREATE TEMP TABLE kh_diff_u1(id INTEGER PRIMARY KEY, members INTEGER)",
    "CREATE TEMP TABLE kh_diff_u2(id INTEGER PRIMARY KEY, members INTEGER)",
    "INSERT INTO kh_diff_u1 SELECT a.id, a.members FROM household a"
    " WHERE a.year = ?1"
    " AND NOT EXISTS (SELECT 1 FROM kh_diff_hh d WHERE d.h1 = a.id)",
    "INSERT INTO kh_diff_u2 SELECT b.id, b.members FROM household b"
    " WHERE b.year = ?2"
    " AND NOT EXISTS (SELECT 1 FROM kh_diff_hh d WHERE d.h2 = b.id)",
    "INSERT INTO kh_diff_hh(h1, h2, how, v1, v2, s1, s2, n1, n2, i1, i2)"
    " SELECT a.id, b.id, 1, a.village, b.village, a.status, b.status,"
    " a.members, b.members, a.income_pc, b.income_pc FROM ("
    "  SELECT ma.household h1, mb.household h2, count(*) n"
    "  FROM kh_diff_u1 u1 JOIN member ma ON ma.household = u1.id"
    "  JOIN member mb ON mb.year = ?2 AND mb.id_no = ma.id_no"
    "  WHERE mb.household IN (SELECT id FROM kh_diff_u2)"
    "  GROUP BY 1, 2) r"
    " JOIN kh_diff_u1 u1 ON u1.id = r.h1 JOIN kh_diff_u2 u2 ON u2.id = r.h2"
    " JOIN household a ON a.id = r.h1 JOIN household b ON b.id = r.h2"
    " WHERE 2 * r.n > u1.members AND 2 * r.n > u2.members",
    /* 3. households of one year only */
    "INSERT INTO kh_diff_hh(h1, h2, how, v1, s1, n1, i1)"
    " SELECT a.id, NULL, 2, a.village, a.status, a.members,"
    " a.income_pc FROM household a WHERE a.year = ?1"
    " AND NOT EXISTS (SELECT 1 FROM kh_diff_hh d WHERE d.h1 = a.id)",
    "INSERT INTO kh_diff_hh(h1, h2, how, v2, s2, n2, i2)"
    " SELECT NULL, b.id, 3, b.village, b.status, b.members,"
    " b.income_pc FROM household b WHERE b.year = ?2"
    " AND NOT EXISTS (SELECT 1 FROM kh_diff_hh d WHERE d.h2 = b.id)",
    /* 4. the household categories */
    "UPDATE kh_diff_hh SET cats ="
    " (h1 IS NULL)"
    " | (coalesce(h1 IS NOT NULL AND h2 IS NOT NULL"
    "    AND s1 IN ('未脱贫', '返贫') AND s2 LIKE '已脱贫%', 0) << 1)"
    " | (coalesce(h1 IS NOT NULL AND h2 IS NOT NULL"
    "    AND s1 LIKE '已脱贫%' AND s2 = '返贫', 0) << 2)"
    " | (coalesce((h2 IS NULL OR s2 = '清退')"
    "    AND coalesce(s1, '') <> '清退', 0) << 3)"
    " | ((how = 1) << 4)"
    " | (coalesce(h1 IS NOT NULL AND h2 IS NOT NULL AND v1 <> v2, 0) << 5)",
    /* 5. persons: gone (in a household of both years, not in Y2) and
     * moved (in Y2 in a household other than their household's partner) */
    "INSERT INTO kh_diff_mem(cat, m1, m2, hf, ht, hk, v1, v2)"
    " SELECT CASE WHEN b.id IS NULL THEN 7 ELSE 8 END, a.id, b.id,"
    " a.household, coalesce(b.household, p.h2),"
    " coalesce(b.household, p.h2), p.v1, coalesce(q.v2, p.v2)"
    " FROM member a JOIN kh_diff_hh p ON p.h1 = a.household"
    " LEFT JOIN member b ON b.year = ?2 AND b.id_no = a.id_no"
    " LEFT JOIN kh_diff_hh q ON q.h2 = b.household"
    " WHERE a.year = ?1 AND ((b.id IS NULL AND p.h2 IS NOT NULL)"
    "  OR (b.id IS NOT NULL AND b.household IS NOT p.h2))",
    /* added: in a household of both years, not in Y1 anywhere */
    "INSERT INTO kh_diff_mem(cat, m1, m2, hf, ht, hk, v1, v2)"
    " SELECT 6, NULL, b.id, q.h1, b.household, b.household, q.v1, q.v2"
    " FROM member b JOIN kh_diff_hh q ON q.h2 = b.household"
    " WHERE b.year = ?2 AND q.h1 IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM member a"
    "                 WHERE a.year = ?1 AND a.id_no = b.id_no)",
    "DROP TABLE temp.kh_diff_u1",
    "DROP TABLE temp.kh_diff_u2",
};

int kh_diff_open(kh_store *s, int y1, int y2, const char *region,
                 kh_diff **out, kh_error *err)
{
    *out = NULL;
    if (y1 == y2)
        return kh_error_set(err, KH_ERR_USAGE, "diff_same_year",
                            "起止年度相同(%d),无可比较", "--from and --to "
                            "are the same year (%d): nothing to compare",
                            y1);
    int years[2] = {y1, y2};
    for (int i = 0; i < 2; i++) {
        int found = 0;
        int rc = year_exists(s, years[i], &found, err);
        if (rc) return rc;
        if (!found)
            return kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                                "数据库中没有 %d 年的建档立卡数据",
                                "no registry snapshot for %d in the database",
                                years[i]);
    }
    kh_diff *d = calloc(1, sizeof *d);
    if (!d)
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    d->s = s;
    d->y1 = y1;
    d->y2 = y2;
    if (region && *region) {
        int lv = kh_region_code_level(region, strlen(region));
        if (lv == KH_LV_NONE) {
            free(d);
            return kh_error_set(err, KH_ERR_USAGE, "region_code",
                                "“%s”不是 12 位区划代码", "'%s' is not a "
                                "12-digit region code", region);
        }
        int known = 0;
        int rc = region_known(s, region, &known, err);
        if (!rc && !known)
            rc = kh_error_set(err, KH_ERR_NOTFOUND, "region_unknown",
                              "行政区划中没有代码 %s", "no region with "
                              "code %s in the region list", region);
        if (rc) {
            free(d);
            return rc;
        }
        memcpy(d->prefix, region, (size_t)kh_region_prefix_len(lv));
        d->prefix[kh_region_prefix_len(lv)] = '\0';
    }
    /* One read transaction from here to kh_diff_free: every statement
     * sees the same snapshot even if an import commits meanwhile. */
    int rc = exec(s, drop_sql, err);
    /* The page cache an import uses (32 MiB), for the index lookups of
     * the matching and for the temporary tables: about a third faster at
     * a million persons than the default, and still a fixed amount. */
    if (!rc)
        rc = exec(s, "PRAGMA cache_size = -32768;"
                     " PRAGMA temp.cache_size = -32768", err);
    if (!rc) rc = exec(s, "BEGIN", err);
    if (!rc) d->in_tx = 1;
    for (size_t i = 0; !rc && i < sizeof build_sql / sizeof build_sql[0]; i++)
        rc = run2(s, build_sql[i], y1, y2, err);
    if (rc) {
        kh_diff_free(d);
        return rc;
    }
    *out = d;
    return KH_OK;
}

void kh_diff_free(kh_diff *d)
{
    if (!d) return;
    /* The temporary tables were made in the transaction: the rollback
     * drops them; the DROPs cover a failure before it began. */
    if (d->in_tx) sqlite3_exec(d->s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_exec(d->s->db, drop_sql, NULL, NULL, NULL);
    for (int l = 0; l <= KH_LV_VILLAGE; l++) free(d->reg[l]);
    free(d);
}

/* The --region condition on a row with villages v1, v2; ?9 is the prefix
 * and ?10 its length ('' and 0: everything). */
#define IN_REGION(t)                                                       \
    " (?9 = '' OR substr(" t ".v1, 1, ?10) = ?9"                            \
    "  OR substr(" t ".v2, 1, ?10) = ?9)"
/* Only one year's village in the selection (the registry of that year). */
#define IN_REGION1(t, v) " (?9 = '' OR substr(" t "." v ", 1, ?10) = ?9)"
/* The village a row is counted in: its Y2 village, or its Y1 village
 * when it is absent from Y2 or (with --region) when the Y2 village lies
 * outside the selection, as for a household that moved out of it. */
#define RGN(t)                                                             \
    "(CASE WHEN " t ".v2 IS NOT NULL AND (?9 = ''"                          \
    " OR substr(" t ".v2, 1, ?10) = ?9) THEN " t ".v2 ELSE " t ".v1 END)"

static void bind_prefix(kh_diff *d, sqlite3_stmt *st)
{
    sqlite3_bind_text(st, 9, d->prefix, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 10, (int)strlen(d->prefix));
}

static void pad_code(char code[13], const char *r, int digits)
{
    memset(code, '0', 12);
    code[12] = '\0';
    if (digits == 0) {
        code[0] = '\0';
        return;
    }
    size_t n = r ? strlen(r) : 0;
    memcpy(code, r, n < 12 ? n : 12);
}

/*
 * 人均纯收入 medians. The households in both years with both values known
 * are counted per village first; the counts roll up exactly to every
 * level. Then one pass per measure reads them in the measure's order (one
 * sort each, by SQLite): the value at which a region's running count
 * reaches its median rank is that region's lower median, for all regions
 * of all levels in the same pass. Memory is a few counters per region.
 */
#define INC_FROM                                                           \
    " FROM kh_diff_hh d WHERE h1 IS NOT NULL AND h2 IS NOT NULL"            \
    " AND i1 IS NOT NULL AND i2 IS NOT NULL AND" IN_REGION("d")
static const char *const inc_villages_sql =
    "SELECT " RGN("d") " v, count(*)" INC_FROM " GROUP BY v ORDER BY v";
static const char *const inc_pass_sql[3] = {
    "SELECT " RGN("d") ", i1" INC_FROM " ORDER BY i1",
    "SELECT " RGN("d") ", i2" INC_FROM " ORDER BY i2",
    "SELECT " RGN("d") ", i2 - i1" INC_FROM " ORDER BY i2 - i1",
};

typedef struct inc_village {
    char code[13];
    size_t anc[KH_LV_VILLAGE + 1]; /* its region at each level */
} inc_village;

static int cmp_village(const void *key, const void *elem)
{
    return strcmp(key, ((const inc_village *)elem)->code);
}

static int inc_nomem(kh_error *err)
{
    return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                        "out of memory");
}

static int income_build(kh_diff *d, kh_error *err)
{
    kh_store *s = d->s;
    inc_village *v = NULL;
    size_t nv = 0, capv = 0;
    sqlite3_stmt *st = NULL;
    int rc = KH_OK, step;
    if (sqlite3_prepare_v2(s->db, inc_villages_sql, -1, &st, NULL) !=
        SQLITE_OK)
        return kh_sql_err(s, err);
    bind_prefix(d, st);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        long long n = sqlite3_column_int64(st, 1);
        if (nv == capv) {
            size_t cap = capv ? 2 * capv : 256;
            inc_village *nvp = realloc(v, cap * sizeof *v);
            if (!nvp) {
                rc = inc_nomem(err);
                break;
            }
            v = nvp;
            capv = cap;
        }
        inc_village *iv = &v[nv++];
        snprintf(iv->code, sizeof iv->code, "%s", code ? code : "");
        /* Villages come in code order, so each level's regions do too:
         * a new region starts where the prefix changes. */
        for (int l = 0; !rc && l <= KH_LV_VILLAGE; l++) {
            size_t dg = (size_t)kh_region_prefix_len(l);
            size_t nr = d->nreg[l];
            if (!nr || strncmp(d->reg[l][nr - 1].code, iv->code, dg) != 0) {
                inc_region *r = realloc(d->reg[l], (nr + 1) * sizeof *r);
                if (!r) {
                    rc = inc_nomem(err);
                    break;
                }
                d->reg[l] = r;
                memset(&r[nr], 0, sizeof r[nr]);
                char pre[13];
                memcpy(pre, iv->code, dg);
                pre[dg] = '\0';
                pad_code(r[nr].code, pre, (int)dg);
                d->nreg[l] = ++nr;
            }
            iv->anc[l] = nr - 1;
            d->reg[l][nr - 1].n += n;
        }
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    for (int l = 0; l <= KH_LV_VILLAGE; l++)
        for (size_t i = 0; i < d->nreg[l]; i++)
            d->reg[l][i].k = (d->reg[l][i].n + 1) / 2;
    for (int m = 0; !rc && m < 3; m++) {
        if (sqlite3_prepare_v2(s->db, inc_pass_sql[m], -1, &st, NULL) !=
            SQLITE_OK) {
            rc = kh_sql_err(s, err);
            break;
        }
        bind_prefix(d, st);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *code = (const char *)sqlite3_column_text(st, 0);
            const inc_village *iv =
                code ? bsearch(code, v, nv, sizeof *v, cmp_village) : NULL;
            if (!iv) continue; /* cannot happen: the same rows */
            long long val = sqlite3_column_int64(st, 1);
            for (int l = 0; l <= KH_LV_VILLAGE; l++) {
                inc_region *r = &d->reg[l][iv->anc[l]];
                if (++r->seen[m] == r->k) r->med[m] = val;
            }
        }
        if (step != SQLITE_DONE) rc = kh_sql_err(s, err);
        sqlite3_finalize(st);
    }
    free(v);
    if (!rc) d->inc_ready = 1;
    return rc;
}

static int cmp_region(const void *key, const void *elem)
{
    return strcmp(key, ((const inc_region *)elem)->code);
}

/* Fill c's income fields from the medians of its region. */
static void income_fill(kh_diff *d, kh_diff_count *c)
{
    const inc_region *r = bsearch(c->code, d->reg[c->level],
                                  d->nreg[c->level], sizeof *r, cmp_region);
    if (!r) return;
    c->income_n = r->n;
    c->income_from = r->med[0];
    c->income_to = r->med[1];
    c->income_change = r->med[2];
}

/*
 * Counts per region prefix of length ?1: the registry of each year by its
 * own village, then the household categories, then the persons'.
 * Columns: r, households_from, persons_from, households_to, persons_to,
 * then per category households and persons.
 */
static int counts_sql(kh_buf *b)
{
    int rc = kh_buf_adds(b, "SELECT r, sum(hf), sum(pf), sum(ht), sum(pt)");
    for (int c = 0; !rc && c < KH_DIFF_FIRST_MEMBER; c++)
        rc = kh_buf_printf(b,
                           ", sum((cats >> %d) & 1),"
                           " sum(((cats >> %d) & 1) * np)", c, c);
    for (int c = KH_DIFF_FIRST_MEMBER; !rc && c < KH_DIFF_NCAT; c++)
        rc = kh_buf_printf(b,
                           ", count(DISTINCT CASE WHEN mc = %d THEN hk END),"
                           " sum(mc = %d)", c, c);
    if (!rc)
        rc = kh_buf_adds(
            b,
            " FROM ("
            " SELECT substr(v1, 1, ?1) r, 1 hf, n1 pf, 0 ht, 0 pt, 0 cats,"
            "  0 np, -1 mc, NULL hk FROM kh_diff_hh d"
            "  WHERE h1 IS NOT NULL AND" IN_REGION1("d", "v1")
            " UNION ALL"
            " SELECT substr(v2, 1, ?1), 0, 0, 1, n2, 0, 0, -1, NULL"
            "  FROM kh_diff_hh d WHERE h2 IS NOT NULL AND" IN_REGION1("d", "v2")
            " UNION ALL"
            " SELECT substr(" RGN("d") ", 1, ?1), 0, 0, 0, 0, cats,"
            "  coalesce(n2, n1), -1, NULL FROM kh_diff_hh d"
            "  WHERE cats <> 0 AND" IN_REGION("d")
            " UNION ALL"
            " SELECT substr(" RGN("d") ", 1, ?1), 0, 0, 0, 0, 0, 0, cat, hk"
            "  FROM kh_diff_mem d WHERE" IN_REGION("d")
            ") GROUP BY r ORDER BY r");
    return rc;
}

int kh_diff_counts(kh_diff *d, int level, kh_diff_count_fn fn, void *ctx,
                   kh_error *err)
{
    if (level < KH_LV_NONE || level > KH_LV_VILLAGE)
        return kh_error_set(err, KH_ERR_USAGE, "level", "级别无效",
                            "invalid level");
    kh_store *s = d->s;
    int digits = kh_region_prefix_len(level);
    if (!d->inc_ready) {
        int rc = income_build(d, err);
        if (rc) return rc;
    }
    kh_buf sql = KH_BUF_INIT;
    sqlite3_stmt *cs = NULL, *ns = NULL;
    if (counts_sql(&sql)) {
        kh_buf_free(&sql);
        return inc_nomem(err);
    }
    int rc = KH_OK;
    if (sqlite3_prepare_v2(s->db, sql.data, -1, &cs, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT name FROM region WHERE code = ?1",
                           -1, &ns, NULL) != SQLITE_OK)
        rc = kh_sql_err(s, err);
    kh_buf_free(&sql);
    if (!rc) {
        sqlite3_bind_int(cs, 1, digits);
        bind_prefix(d, cs);
    }
    int step = SQLITE_DONE, any = 0;
    while (!rc && (step = sqlite3_step(cs)) == SQLITE_ROW) {
        kh_diff_count c;
        memset(&c, 0, sizeof c);
        any = 1;
        c.level = level;
        pad_code(c.code, (const char *)sqlite3_column_text(cs, 0), digits);
        c.households_from = sqlite3_column_int64(cs, 1);
        c.persons_from = sqlite3_column_int64(cs, 2);
        c.households_to = sqlite3_column_int64(cs, 3);
        c.persons_to = sqlite3_column_int64(cs, 4);
        for (int k = 0; k < KH_DIFF_NCAT; k++) {
            c.households[k] = sqlite3_column_int64(cs, 5 + 2 * k);
            c.persons[k] = sqlite3_column_int64(cs, 6 + 2 * k);
        }
        income_fill(d, &c);
        c.name = "";
        if (digits) {
            sqlite3_reset(ns);
            sqlite3_bind_text(ns, 1, c.code, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(ns) == SQLITE_ROW && sqlite3_column_text(ns, 0))
                c.name = (const char *)sqlite3_column_text(ns, 0);
        }
        rc = fn(ctx, &c, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    if (!rc && !any && level == KH_LV_NONE) {
        /* nothing in the selection: still one total row, all zero */
        kh_diff_count c;
        memset(&c, 0, sizeof c);
        c.name = "";
        rc = fn(ctx, &c, err);
    }
    sqlite3_finalize(cs);
    sqlite3_finalize(ns);
    return rc;
}

int kh_diff_income(kh_diff *d, int level, kh_diff_count_fn fn, void *ctx,
                   kh_error *err)
{
    if (level < KH_LV_NONE || level > KH_LV_VILLAGE)
        return kh_error_set(err, KH_ERR_USAGE, "level", "级别无效",
                            "invalid level");
    if (!d->inc_ready) {
        int rc = income_build(d, err);
        if (rc) return rc;
    }
    sqlite3_stmt *ns = NULL;
    if (sqlite3_prepare_v2(d->s->db, "SELECT name FROM region WHERE code = ?1",
                           -1, &ns, NULL) != SQLITE_OK)
        return kh_sql_err(d->s, err);
    int rc = KH_OK;
    for (size_t i = 0; !rc && i < d->nreg[level]; i++) {
        const inc_region *r = &d->reg[level][i];
        kh_diff_count c;
        memset(&c, 0, sizeof c);
        c.level = level;
        memcpy(c.code, r->code, sizeof c.code);
        c.income_n = r->n;
        c.income_from = r->med[0];
        c.income_to = r->med[1];
        c.income_change = r->med[2];
        c.name = "";
        if (level) {
            sqlite3_reset(ns);
            sqlite3_bind_text(ns, 1, c.code, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(ns) == SQLITE_ROW && sqlite3_column_text(ns, 0))
                c.name = (const char *)sqlite3_column_text(ns, 0);
        }
        rc = fn(ctx, &c, err);
    }
    sqlite3_finalize(ns);
    return rc;
}

/* Household categories: one row per household (pair). */
static const char *const list_hh_sql =
    "SELECT " RGN("d") ", a.hh_id, b.hh_id,"
    " (SELECT m.name FROM member m WHERE m.household = coalesce(d.h2, d.h1)"
    "  AND m.relation = '户主' ORDER BY m.src_row LIMIT 1),"
    " d.v1, d.v2, (SELECT name FROM region WHERE code = d.v1),"
    " (SELECT name FROM region WHERE code = d.v2), d.s1, d.s2,"
    " CASE WHEN d.h2 IS NOT NULL THEN b.year_in ELSE a.year_in END,"
    " CASE WHEN d.h2 IS NOT NULL THEN b.year_out ELSE a.year_out END,"
    " d.n1, d.n2, d.i1, d.i2, NULL, NULL, NULL, NULL"
    " FROM kh_diff_hh d LEFT JOIN household a ON a.id = d.h1"
    " LEFT JOIN household b ON b.id = d.h2"
    " WHERE (d.cats >> ?1) & 1 AND" IN_REGION("d")
    " ORDER BY 1, coalesce(b.hh_id, a.hh_id), a.hh_id";

/* Person categories: one row per person, with the households they are
 * counted in (hf in Y1, ht in Y2). */
static const char *const list_mem_sql =
    "SELECT " RGN("d") ", a.hh_id, b.hh_id,"
    " (SELECT m.name FROM member m WHERE m.household = coalesce(d.ht, d.hf)"
    "  AND m.relation = '户主' ORDER BY m.src_row LIMIT 1),"
    " a.village, b.village, (SELECT name FROM region WHERE code = a.village),"
    " (SELECT name FROM region WHERE code = b.village), a.status, b.status,"
    " coalesce(b.year_in, a.year_in), coalesce(b.year_out, a.year_out),"
    " a.members, b.members, a.income_pc, b.income_pc,"
    " coalesce(mb.name, ma.name), coalesce(mb.id_no, ma.id_no),"
    " ma.relation, mb.relation"
    " FROM kh_diff_mem d LEFT JOIN household a ON a.id = d.hf"
    " LEFT JOIN household b ON b.id = d.ht"
    " LEFT JOIN member ma ON ma.id = d.m1 LEFT JOIN member mb ON mb.id = d.m2"
    " WHERE d.cat = ?1 AND" IN_REGION("d")
    " ORDER BY 1, coalesce(b.hh_id, a.hh_id),"
    " coalesce(mb.id_no, ma.id_no)";

static long long col_ll(sqlite3_stmt *st, int i, long long none)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
               ? none
               : sqlite3_column_int64(st, i);
}

int kh_diff_list(kh_diff *d, int cat, kh_diff_item_fn fn, void *ctx,
                 kh_error *err)
{
    if (cat < 0 || cat >= KH_DIFF_NCAT)
        return kh_error_set(err, KH_ERR_USAGE, "diff_category",
                            "类别无效", "invalid category");
    kh_store *s = d->s;
    sqlite3_stmt *st;
    const char *sql = cat < KH_DIFF_FIRST_MEMBER ? list_hh_sql : list_mem_sql;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    sqlite3_bind_int(st, 1, cat);
    bind_prefix(d, st);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_diff_item it;
        memset(&it, 0, sizeof it);
        it.cat = cat;
        it.region = kh_sql_col(st, 0);
        it.hh_from = kh_sql_col(st, 1);
        it.hh_to = kh_sql_col(st, 2);
        it.head = kh_sql_col(st, 3);
        it.village_from = kh_sql_col(st, 4);
        it.village_to = kh_sql_col(st, 5);
        it.village_name_from = kh_sql_col(st, 6);
        it.village_name_to = kh_sql_col(st, 7);
        it.status_from = kh_sql_col(st, 8);
        it.status_to = kh_sql_col(st, 9);
        it.year_in = (int)col_ll(st, 10, 0);
        it.year_out = (int)col_ll(st, 11, 0);
        it.persons_from = col_ll(st, 12, -1);
        it.persons_to = col_ll(st, 13, -1);
        it.has_income_from = sqlite3_column_type(st, 14) != SQLITE_NULL;
        it.income_from = col_ll(st, 14, 0);
        it.has_income_to = sqlite3_column_type(st, 15) != SQLITE_NULL;
        it.income_to = col_ll(st, 15, 0);
        it.name = kh_sql_col(st, 16);
        it.id_no = kh_sql_col(st, 17);
        it.relation_from = kh_sql_col(st, 18);
        it.relation_to = kh_sql_col(st, 19);
        rc = fn(ctx, &it, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_diff_transitions(kh_diff *d, kh_diff_transition_fn fn, void *ctx,
                        kh_error *err)
{
    kh_store *s = d->s;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT s1, s2, count(*), sum(coalesce(n2, n1))"
                           " FROM kh_diff_hh d WHERE" IN_REGION("d")
                           " GROUP BY s1, s2 ORDER BY s1 IS NULL, s1,"
                           " s2 IS NULL, s2",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_sql_err(s, err);
    bind_prefix(d, st);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_diff_transition t;
        t.from = kh_sql_col(st, 0);
        t.to = kh_sql_col(st, 1);
        t.households = sqlite3_column_int64(st, 2);
        t.persons = sqlite3_column_int64(st, 3);
        rc = fn(ctx, &t, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}
