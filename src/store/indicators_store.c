/* SPDX-License-Identifier: MIT */
/*
 * indicators_store.c - the SQL behind `kaohe indicators`: one streaming
 * pass over a year's households and members, and the year's incomes in
 * ascending order for exact medians.
 *
 * The pass reads household and member each in rowid order over the year's
 * rowid range (sequential pages, no index lookups) and merges them on the
 * household id: an import writes a household and then its members, so
 * both come out in the same order. Each household's member count is
 * checked against household.members; a household whose members are not
 * where the merge expects them (a database written by something else) has
 * them fetched through the member(household) index instead, so the result
 * never depends on the storage order, only the speed does.
 *
 * kh_store_indicators runs that pass in several threads over parts of the
 * rowid range, each on its own read-only connection, and one more
 * connection has SQLite sort the incomes meanwhile; every connection
 * checks that it sees the same data as the first.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/dept_store.h"
#include "kaohe/funds_store.h"
#include "kaohe/ind_tally.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "store/store_int.h"

int kh_store_review_ran(kh_store *s, int year)
{
    /* The review tables came with schema 2. */
    if (kh_store_version(s) < 2) return 0;
    return kh_sqldb_one(s->db, "SELECT count(*) FROM review_run WHERE year = ?1 AND ?2 = 0",
               year, 0, 0) > 0;
}

enum { E_TYPE, E_CAUSE, E_STATUS, E_HOUSING, E_MEASURES, E_SCHOOLING,
       E_LABOUR, E_N };
static const char *const enums[E_N] = {"hh_type", "cause", "status",
                                       "housing", "measures", "schooling",
                                       "labour"};

/* The last label seen in a column and its index: consecutive rows mostly
 * repeat a label (非在校生, 未脱贫), and a memcmp is cheaper than the
 * lookup. */
typedef struct lcache {
    char text[96];
    int len; /* -1: empty */
    int idx;
} lcache;

static int lookup(const kh_standard *std, int e, sqlite3_stmt *st, int col,
                  lcache *c)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (!t) return -1;
    int n = sqlite3_column_bytes(st, col);
    if (c && n == c->len && memcmp(c->text, t, (size_t)n) == 0) return c->idx;
    int idx = kh_standard_enum_lookup(std, e, (const char *)t, (size_t)n);
    if (c && n < (int)sizeof c->text) {
        memcpy(c->text, t, (size_t)n);
        c->len = n;
        c->idx = idx;
    }
    return idx;
}

/* The 帮扶措施 list of a column as a bit per label (the cache keeps the
 * last list: the same lists recur). */
static uint32_t measures(const kh_standard *std, int e, sqlite3_stmt *st,
                         int col, lcache *c)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (!t) return 0;
    int len = sqlite3_column_bytes(st, col);
    if (len == c->len && memcmp(c->text, t, (size_t)len) == 0)
        return (uint32_t)c->idx;
    uint32_t bits = 0;
    for (const char *p = (const char *)t; p && *p;) {
        const char *q = strchr(p, ';');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        int k = kh_standard_enum_lookup(std, e, p, n);
        if (k >= 0 && k < 31) bits |= 1u << k;
        p = q ? q + 1 : NULL;
    }
    if (len < (int)sizeof c->text) {
        memcpy(c->text, t, (size_t)len);
        c->len = len;
        c->idx = (int)bits;
    }
    return bits;
}

/* Copy column col's text into out[size] (truncated), "" for NULL. */
static void copy_text(sqlite3_stmt *st, int col, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (n >= size) n = size - 1;
    if (n) memcpy(out, t, n);
    out[n] = '\0';
}

int kh_birth_year(const char *id, size_t len)
{
    if (len < 14) return 0;
    int y = 0;
    for (int i = 6; i < 10; i++) {
        if (id[i] < '0' || id[i] > '9') return 0;
        y = y * 10 + (id[i] - '0');
    }
    return y;
}

/* Member columns: household, id_no, schooling, labour, and the four
 * yes/no columns packed two bits each (0, 1, or 2 for NULL) so that one
 * call fetches them. */
static void read_member(const kh_standard *std, const int *ids,
                        sqlite3_stmt *st, kh_ind_member *m, lcache *cache)
{
    const char *id = kh_sql_col(st, 1);
    m->birth_year =
        id ? kh_birth_year(id, (size_t)sqlite3_column_bytes(st, 1)) : 0;
    m->schooling = lookup(std, ids[E_SCHOOLING], st, 2, &cache[E_SCHOOLING]);
    m->labour = lookup(std, ids[E_LABOUR], st, 3, &cache[E_LABOUR]);
    int f = sqlite3_column_int(st, 4);
    m->ins_med = kh_flags_tri(f, 0);
    m->ins_serious = kh_flags_tri(f, 2);
    m->ins_pension = kh_flags_tri(f, 4);
    m->treat_first = kh_flags_tri(f, 6);
}

#define YN(c, shift) "(coalesce(" c " <> 0, 2) << " shift ")"
#define MEMBER_COLS                                                     \
    "household, id_no, schooling, labour, " YN("ins_med", "0") " | "    \
    YN("ins_serious", "2") " | " YN("ins_pension", "4") " | "           \
    YN("treat_first", "6")

typedef struct mvec {
    kh_ind_member *v;
    size_t n, cap;
} mvec;

static int mvec_push(mvec *mv, kh_ind_member **out)
{
    if (mv->n == mv->cap) {
        size_t cap = mv->cap ? mv->cap * 2 : 32;
        kh_ind_member *p = realloc(mv->v, cap * sizeof *p);
        if (!p) return -1;
        mv->v = p;
        mv->cap = cap;
    }
    *out = &mv->v[mv->n++];
    return 0;
}

/* The year's rows: households [h0, h1] and members [m0, m1] by rowid,
 * found from the ends of the tables, which is immediate when the year is
 * the only one or the last imported. *h0 < 0 when the year is empty. */
static void year_range(sqlite3 *db, int year, long long *h0, long long *h1)
{
    *h0 = kh_sqldb_one(db, "SELECT id FROM household NOT INDEXED WHERE year = ?1"
                  " AND ?2 = 0 ORDER BY id LIMIT 1", year, 0, -1);
    *h1 = *h0 < 0 ? -1
                  : kh_sqldb_one(db, "SELECT id FROM household NOT INDEXED WHERE"
                            " year = ?1 AND ?2 = 0 ORDER BY id DESC LIMIT 1",
                        year, 0, *h0);
}

/* The first member rowid of the first household of year at or after
 * household rowid h (members follow their household when imported). */
static long long member_start(sqlite3 *db, int year, long long h, long long def)
{
    return kh_sqldb_one(db, "SELECT min(m.id) FROM member m WHERE m.household ="
                   " (SELECT id FROM household NOT INDEXED WHERE id >= ?2 AND year = ?1"
                   "  ORDER BY id LIMIT 1)", year, h, def);
}

/* What one scan needs; a thread each when several run. */
typedef struct scan {
    sqlite3 *db;
    int year;
    const kh_standard *std;
    const char *prefix;
    int review; /* the review table exists */
    long long h0, h1, m0, m1;
    kh_ind_hh_fn fn;
    void *ctx;
    kh_error err;
    int rc;
} scan;

static const char *const hh_sql =
    "SELECT h.id, h.hh_id, h.village, h.hh_type, h.cause, h.status,"
    " h.year_out, h.income_pc, h.housing, h.last_visit, h.measures,"
    " h.members, h.year_in, h.inc_dibao, h.inc_tekun"
    " FROM household h NOT INDEXED"
    " WHERE h.year = ?1 AND h.id BETWEEN ?2 AND ?3"
    " AND (?4 IS NULL OR substr(h.village, 1, length(?4)) = ?4)"
    " ORDER BY h.id";
/* The review table's rowid is the household's: a third stream in the same
 * order, by rowid (through review_year every row would be a lookup). */
static const char *const review_sql =
    "SELECT household, applies, flagged, exit_ready FROM review NOT INDEXED"
    " WHERE household BETWEEN ?2 AND ?3 AND year = ?1 ORDER BY household";

/*
 * One pass over households [h0, h1] of the year merged with members
 * [m0, m1]. A household whose members are not all where the merge
 * expects them has them fetched through the member(household) index.
 */
static int run_scan(scan *sc, kh_error *err)
{
    sqlite3 *db = sc->db;
    const kh_standard *std = sc->std;
    int ids[E_N];
    lcache cache[E_N], mcache = {"", -1, 0};
    for (int i = 0; i < E_N; i++) {
        ids[i] = kh_standard_enum(std, enums[i]);
        cache[i].len = -1;
    }
    sqlite3_stmt *hs = NULL, *ms = NULL, *one_hh = NULL, *rs = NULL;
    int rc = kh_sqldb_prepare(db, hh_sql, &hs, err);
    if (!rc && sc->review) rc = kh_sqldb_prepare(db, review_sql, &rs, err);
    if (!rc)
        rc = kh_sqldb_prepare(db, "SELECT " MEMBER_COLS " FROM member NOT INDEXED"
                      " WHERE year = ?1 AND id BETWEEN ?2 AND ?3 ORDER BY id",
                  &ms, err);
    if (!rc)
        rc = kh_sqldb_prepare(db, "SELECT " MEMBER_COLS " FROM member WHERE household = ?1"
                      " ORDER BY id", &one_hh, err);
    if (rc) {
        sqlite3_finalize(hs);
        sqlite3_finalize(ms);
        sqlite3_finalize(rs);
        return rc;
    }
    int rstep = SQLITE_DONE;
    if (rs) {
        sqlite3_bind_int(rs, 1, sc->year);
        sqlite3_bind_int64(rs, 2, sc->h0);
        sqlite3_bind_int64(rs, 3, sc->h1);
        rstep = sqlite3_step(rs);
    }
    sqlite3_bind_int(hs, 1, sc->year);
    sqlite3_bind_int64(hs, 2, sc->h0);
    sqlite3_bind_int64(hs, 3, sc->h1);
    if (sc->prefix) sqlite3_bind_text(hs, 4, sc->prefix, -1, SQLITE_STATIC);
    sqlite3_bind_int(ms, 1, sc->year);
    sqlite3_bind_int64(ms, 2, sc->m0);
    sqlite3_bind_int64(ms, 3, sc->m1);

    mvec mv = {NULL, 0, 0};
    int mstep = sqlite3_step(ms);
    int step;
    while (!rc && (step = sqlite3_step(hs)) == SQLITE_ROW) {
        kh_ind_hh h;
        memset(&h, 0, sizeof h);
        h.id = sqlite3_column_int64(hs, 0);
        h.hh_id = (const char *)sqlite3_column_text(hs, 1);
        if (!h.hh_id) h.hh_id = "";
        copy_text(hs, 2, h.village, sizeof h.village);
        h.hh_type = lookup(std, ids[E_TYPE], hs, 3, &cache[E_TYPE]);
        h.cause = lookup(std, ids[E_CAUSE], hs, 4, &cache[E_CAUSE]);
        h.status = lookup(std, ids[E_STATUS], hs, 5, &cache[E_STATUS]);
        h.year_out = sqlite3_column_int(hs, 6);
        h.has_income = sqlite3_column_type(hs, 7) != SQLITE_NULL;
        h.income_pc = sqlite3_column_int64(hs, 7);
        h.housing = lookup(std, ids[E_HOUSING], hs, 8, &cache[E_HOUSING]);
        copy_text(hs, 9, h.last_visit, sizeof h.last_visit);
        h.measures = measures(std, ids[E_MEASURES], hs, 10, &mcache);
        long long want = sqlite3_column_int64(hs, 11);
        h.year_in = sqlite3_column_int(hs, 12);
        h.has_dibao = sqlite3_column_type(hs, 13) != SQLITE_NULL;
        h.dibao = sqlite3_column_int64(hs, 13);
        h.has_tekun = sqlite3_column_type(hs, 14) != SQLITE_NULL;
        h.tekun = sqlite3_column_int64(hs, 14);
        while (rstep == SQLITE_ROW && sqlite3_column_int64(rs, 0) < h.id)
            rstep = sqlite3_step(rs);
        if (rstep == SQLITE_ROW && sqlite3_column_int64(rs, 0) == h.id) {
            h.reviewed = 1;
            h.rv_applies = (uint64_t)sqlite3_column_int64(rs, 1);
            h.rv_flagged = (uint64_t)sqlite3_column_int64(rs, 2);
            h.rv_ready = sqlite3_column_int(rs, 3);
        }
        if (rstep != SQLITE_ROW && rstep != SQLITE_DONE) {
            rc = kh_sqldb_err(db, err);
            break;
        }

        /* Merge: skip members of households not in this scan, take this
         * household's. */
        mv.n = 0;
        while (mstep == SQLITE_ROW && sqlite3_column_int64(ms, 0) < h.id)
            mstep = sqlite3_step(ms);
        while (mstep == SQLITE_ROW && sqlite3_column_int64(ms, 0) == h.id) {
            kh_ind_member *m;
            if (mvec_push(&mv, &m)) {
                rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
                break;
            }
            read_member(std, ids, ms, m, cache);
            mstep = sqlite3_step(ms);
        }
        if (!rc && mstep != SQLITE_ROW && mstep != SQLITE_DONE)
            rc = kh_sqldb_err(db, err);
        if (!rc && (long long)mv.n != want) {
            /* Not where the merge expects them: ask the index. */
            mv.n = 0;
            sqlite3_reset(one_hh);
            sqlite3_bind_int64(one_hh, 1, h.id);
            int os;
            while (!rc && (os = sqlite3_step(one_hh)) == SQLITE_ROW) {
                kh_ind_member *m;
                if (mvec_push(&mv, &m))
                    rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                      "out of memory");
                else
                    read_member(std, ids, one_hh, m, cache);
            }
            if (!rc && os != SQLITE_DONE) rc = kh_sqldb_err(db, err);
        }
        if (rc) break;
        h.nmembers = mv.n;
        h.members = mv.v;
        rc = sc->fn(sc->ctx, &h, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sqldb_err(db, err);
    free(mv.v);
    sqlite3_finalize(hs);
    sqlite3_finalize(ms);
    sqlite3_finalize(one_hh);
    sqlite3_finalize(rs);
    return rc;
}

int kh_store_ind_households(kh_store *s, int year, const kh_standard *std,
                            const char *prefix, kh_ind_hh_fn fn, void *ctx,
                            kh_error *err)
{
    scan sc;
    memset(&sc, 0, sizeof sc);
    sc.db = s->db;
    sc.year = year;
    sc.std = std;
    sc.prefix = prefix;
    sc.review = kh_store_version(s) >= 2;
    sc.fn = fn;
    sc.ctx = ctx;
    year_range(s->db, year, &sc.h0, &sc.h1);
    if (sc.h0 < 0) return KH_OK;
    sc.m0 = member_start(s->db, year, sc.h0, 0);
    sc.m1 = kh_sqldb_one(s->db, "SELECT max(id) FROM member WHERE household = ?1"
                       " AND ?2 = 0", sc.h1, 0, sc.m0);
    return run_scan(&sc, err);
}

/* ---- several threads ---- */

/* What must be the same for every connection of one computation: the
 * year's data (kh_data_fingerprint, store_int.h), the region list and, from schema 2, the review run. */
#define FINGERPRINT_SQL(review)                                            \
    "SELECT (" KH_DATA_FINGERPRINT_SQL ") || '/' ||"                       \
    " (SELECT count(*) || '/' || coalesce(sum(rural_pop), 0) || '/' ||"   \
    "  coalesce(sum(plan_exit), 0) FROM region)" review

static int fingerprint(sqlite3 *db, int year, int review, char *out,
                       size_t n, kh_error *err)
{
    return kh_sqldb_year_text(
        db,
        review ? FINGERPRINT_SQL(" || '/' || coalesce((SELECT run_at"
                                 " FROM review_run WHERE year = ?1),"
                                 " '')")
               : FINGERPRINT_SQL(""),
        year, out, n, err);
}

/* Open another read-only connection to the store's file, in a read
 * transaction whose data is checked against want. */
static int open_reader(kh_store *s, int year, int review, const char *want,
                       sqlite3 **out, kh_error *err)
{
    sqlite3 *db = NULL;
    *out = NULL;
    if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        int rc = kh_sqldb_err(db, err);
        sqlite3_close(db);
        return rc;
    }
    sqlite3_busy_timeout(db, 2000);
    char fp[512] = "";
    int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                 ? fingerprint(db, year, review, fp, sizeof fp, err)
                 : kh_sqldb_err(db, err);
    if (!rc && strcmp(fp, want) != 0)
        rc = kh_error_msg(err, KH_ERR_DB, "db_changed",
                          "计算期间数据库被另一个程序修改,请重新运行",
                          "the database was changed by another process "
                          "during the computation: run it again");
    if (rc) {
        sqlite3_close(db);
        return rc;
    }
    *out = db;
    return KH_OK;
}

/* ---- stored tallies (ind_tally.h) ---- */

typedef struct digest {
    uint64_t h;
} digest;

static void dg_add(digest *d, const char *t)
{
    for (const unsigned char *p = (const unsigned char *)(t ? t : ""); *p; p++) {
        d->h ^= *p;
        d->h *= 1099511628211ull;
    }
    d->h ^= 0xff; /* separator: no UTF-8 byte */
    d->h *= 1099511628211ull;
}

static int dg_setting(void *ctx, const char *key, const char *value,
                      const char *source)
{
    (void)source;
    dg_add(ctx, key);
    dg_add(ctx, value);
    return 0;
}

static int dg_enum(void *ctx, const char *list, const char *label,
                   const char *codes, const char *source)
{
    (void)source;
    dg_add(ctx, list);
    dg_add(ctx, label);
    dg_add(ctx, codes);
    return 0;
}

/* What the tallies depend on besides the data: the year, every setting
 * and label of the standards (not where they came from) and the
 * indicator set. */
static void tally_digest(int year, const kh_standard *std,
                         const kh_indicators *ix, char out[17])
{
    digest d = {14695981039346656037ull};
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    dg_add(&d, y);
    kh_standard_each(std, dg_setting, &d);
    kh_standard_each_enum(std, dg_enum, &d);
    for (size_t i = 0; i < kh_indicators_count(ix); i++)
        dg_add(&d, kh_indicators_name(ix, i));
    snprintf(out, 17, "%016llx", (unsigned long long)d.h);
}

static int has_tally_tables(sqlite3 *db)
{
    return kh_sqldb_one(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                   " AND name IN ('ind_tally', 'ind_tally_run', 'ind_income')"
                   " AND ?1 = ?2", 0, 0, 0) == 3;
}

/* Zigzag varints (written by review_run.c). */
static int get_varint(const unsigned char **p, const unsigned char *end,
                      long long *v)
{
    uint64_t u = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char c = *(*p)++;
        u |= (uint64_t)(c & 127) << shift;
        if (!(c & 128)) {
            *v = (long long)(u >> 1) ^ -(long long)(u & 1);
            return 0;
        }
    }
    return -1;
}

int kh_store_ind_tally_save(kh_store *s, int year, const kh_standard *std,
                            const kh_indicators *ix, kh_error *err)
{
    sqlite3 *db = s->db;
    if (!has_tally_tables(db)) return KH_OK;
    char fp[512] = "", dg[17];
    int rc = fingerprint(db, year, 1, fp, sizeof fp, err);
    if (rc) return rc;
    tally_digest(year, std, ix, dg);
    sqlite3_stmt *run = NULL;
    rc = kh_sqldb_prepare(db, "INSERT OR REPLACE INTO ind_tally_run(year, digest,"
                  " fingerprint, unplaced, ninds) VALUES(?1, ?2, ?3, 0, ?4)",
              &run, err);
    if (!rc) {
        sqlite3_bind_int(run, 1, year);
        sqlite3_bind_text(run, 2, dg, -1, SQLITE_STATIC);
        sqlite3_bind_text(run, 3, fp, -1, SQLITE_STATIC);
        sqlite3_bind_int64(run, 4, (long long)kh_indicators_count(ix));
        if (sqlite3_step(run) != SQLITE_DONE) rc = kh_sqldb_err(db, err);
    }
    sqlite3_finalize(run);
    return rc;
}

/* The stored run's unplaced count when its digest and fingerprint match,
 * else -1. */
static long long tally_match(sqlite3 *db, int year, const kh_standard *std,
                             const kh_indicators *ix, const char *want)
{
    if (!has_tally_tables(db)) return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT digest, fingerprint, unplaced, ninds"
                               " FROM ind_tally_run WHERE year = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int(st, 1, year);
    long long unplaced = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        char dg[17];
        tally_digest(year, std, ix, dg);
        const unsigned char *d = sqlite3_column_text(st, 0);
        const unsigned char *f = sqlite3_column_text(st, 1);
        if (d && f && !strcmp((const char *)d, dg) &&
            !strcmp((const char *)f, want) &&
            sqlite3_column_int64(st, 3) == (long long)kh_indicators_count(ix))
            unplaced = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    return unplaced;
}

/* A sorted run of one village's incomes, being merged. */
typedef struct irun {
    const unsigned char *p, *end;
    long long left, cur;
    int r;
} irun;

static void sift(irun *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && h[l].cur < h[m].cur) m = l;
        if (l + 1 < n && h[l + 1].cur < h[m].cur) m = l + 1;
        if (m == i) return;
        irun t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* The medians from the stored income runs (after the roll-up): the runs
 * merged in ascending order of income through a heap. The runs' bytes
 * are held while merging (about 3 bytes an income). */
static int median_merge(sqlite3 *db, int year, kh_indicators *ix,
                        kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sqldb_prepare(db, "SELECT village, data FROM ind_income WHERE year = ?1",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    kh_buf bytes = KH_BUF_INIT;
    size_t *off = NULL, noff = 0, capoff = 0;
    int *reg = NULL;
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        int r = kh_indicators_village_index(ix, v ? (const char *)v : "");
        if (r < 0) continue;
        if (noff + 1 >= capoff) {
            size_t cap = capoff ? capoff * 2 : 1024;
            size_t *o = realloc(off, cap * sizeof *o);
            int *g = o ? realloc(reg, cap * sizeof *g) : NULL;
            if (o) off = o;
            if (g) reg = g;
            if (!o || !g) {
                rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
                break;
            }
            capoff = cap;
        }
        off[noff] = bytes.len;
        reg[noff++] = r;
        if (kh_buf_add(&bytes, sqlite3_column_blob(st, 1),
                       (size_t)sqlite3_column_bytes(st, 1)))
            rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                              "out of memory");
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sqldb_err(db, err);
    sqlite3_finalize(st);
    irun *h = NULL;
    size_t n = 0;
    if (!rc && noff && !(h = calloc(noff, sizeof *h)))
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
    for (size_t i = 0; !rc && i < noff; i++) {
        irun *u = &h[n];
        u->p = (const unsigned char *)bytes.data + off[i];
        u->end = (const unsigned char *)bytes.data +
                 (i + 1 < noff ? off[i + 1] : bytes.len);
        u->r = reg[i];
        if (get_varint(&u->p, u->end, &u->left) || u->left < 0 ||
            (u->left > 0 && get_varint(&u->p, u->end, &u->cur)))
            rc = -1;
        else if (u->left > 0)
            n++;
    }
    for (size_t i = n; !rc && i-- > 0;) sift(h, n, i);
    while (!rc && n) {
        kh_indicators_median_add_at(ix, h[0].r, h[0].cur);
        long long d;
        if (--h[0].left == 0) {
            h[0] = h[--n];
        } else if (get_varint(&h[0].p, h[0].end, &d)) {
            rc = -1;
            break;
        } else {
            h[0].cur += d;
        }
        sift(h, n, 0);
    }
    if (rc == -1)
        rc = kh_error_msg(err, KH_ERR_DB, "tally_corrupt",
                          "指标汇总数据损坏,请重新运行 kaohe review",
                          "the stored indicator tallies are damaged:"
                          " run kaohe review again");
    free(h);
    free(off);
    free(reg);
    kh_buf_free(&bytes);
    return rc;
}

/* Add the stored tallies of year to ix (the caller checked they match). */
static int tally_load(sqlite3 *db, int year, kh_indicators *ix,
                      long long unplaced, kh_error *err)
{
    size_t w = kh_indicators_count(ix);
    long long *num = calloc(2 * (w ? w : 1), sizeof *num);
    if (!num)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    long long *den = num + w;
    sqlite3_stmt *st;
    int rc = kh_sqldb_prepare(db, "SELECT village, data FROM ind_tally WHERE year = ?1",
                  &st, err);
    int step = SQLITE_DONE;
    if (!rc) sqlite3_bind_int(st, 1, year);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_blob(st, 1);
        const unsigned char *end = p + sqlite3_column_bytes(st, 1);
        const unsigned char *v = sqlite3_column_text(st, 0);
        for (size_t i = 0; !rc && i < w; i++)
            if (get_varint(&p, end, &num[i]) || get_varint(&p, end, &den[i]))
                rc = kh_error_msg(err, KH_ERR_DB, "tally_corrupt",
                                  "指标汇总数据损坏,请重新运行 kaohe review",
                                  "the stored indicator tallies are damaged:"
                                  " run kaohe review again");
        if (!rc) kh_indicators_add_tally(ix, v ? (const char *)v : "", num, den);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sqldb_err(db, err);
    sqlite3_finalize(st);
    if (!rc) kh_indicators_add_unplaced(ix, unplaced);
    free(num);
    return rc;
}

typedef struct worker {
    scan sc;
    kh_ind_acc *acc;
    pthread_t tid;
    int started;
} worker;

static int worker_add(void *ctx, const kh_ind_hh *h, kh_error *err)
{
    (void)err;
    kh_ind_acc_add(ctx, h);
    return KH_OK;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    w->sc.rc = run_scan(&w->sc, &w->sc.err);
    kh_ind_acc_flush(w->acc);
    return NULL;
}

/* The median thread: SQLite sorts the incomes (the first step does the
 * whole sort) while the workers scan; the rows are fed to the indicators
 * only once the roll-up has fixed each region's count. */
typedef struct sorter {
    sqlite3 *db;
    int year;
    long long h0, h1; /* the year's household rowids */
    const kh_standard *std;
    kh_indicators *ix;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int go;   /* 1: feed the rows; -1: stop */
    kh_error err;
    int rc;
    pthread_t tid;
} sorter;

static void *sorter_main(void *arg)
{
    sorter *so = arg;
    /* The statuses the income indicators leave out are filtered here, so
     * that the sorted records are only village and income: narrower
     * records sort faster. */
    int es = kh_standard_enum(so->std, "status");
    kh_buf sql = KH_BUF_INIT;
    int bad = kh_buf_adds(&sql, "SELECT village, income_pc FROM household"
                                " NOT INDEXED WHERE year = ?1 AND id BETWEEN"
                                " ?2 AND ?3 AND income_pc IS NOT NULL");
    for (int i = 0; !bad && i < kh_standard_enum_count(so->std, es); i++) {
        if (kh_indicators_income_status(so->ix, i)) continue;
        char *q = sqlite3_mprintf(" AND status IS NOT %Q",
                                  kh_standard_enum_label(so->std, es, i));
        bad = !q || kh_buf_adds(&sql, q);
        sqlite3_free(q);
    }
    if (!bad) bad = kh_buf_adds(&sql, " ORDER BY income_pc");
    sqlite3_stmt *st = NULL;
    so->rc = bad ? kh_error_msg(&so->err, KH_ERR_NOMEM, "nomem", "内存不足",
                                "out of memory")
                 : kh_sqldb_prepare(so->db, sql.data, &st, &so->err);
    kh_buf_free(&sql);
    int step = SQLITE_DONE;
    if (!so->rc) {
        sqlite3_bind_int(st, 1, so->year);
        sqlite3_bind_int64(st, 2, so->h0);
        sqlite3_bind_int64(st, 3, so->h1);
        step = sqlite3_step(st);
    }
    pthread_mutex_lock(&so->mu);
    while (!so->go) pthread_cond_wait(&so->cv, &so->mu);
    int go = so->go;
    pthread_mutex_unlock(&so->mu);
    if (!so->rc && go > 0) {
        while (step == SQLITE_ROW) {
            const unsigned char *v = sqlite3_column_text(st, 0);
            kh_indicators_median_add(so->ix, v ? (const char *)v : "",
                                     sqlite3_column_int64(st, 1));
            step = sqlite3_step(st);
        }
        if (step != SQLITE_DONE) so->rc = kh_sqldb_err(so->db, &so->err);
    }
    if (!so->rc && go > 0 && step != SQLITE_DONE && step != SQLITE_ROW)
        so->rc = kh_sqldb_err(so->db, &so->err);
    sqlite3_finalize(st);
    return NULL;
}

static void sorter_release(sorter *so, int go)
{
    pthread_mutex_lock(&so->mu);
    so->go = go;
    pthread_cond_signal(&so->cv);
    pthread_mutex_unlock(&so->mu);
}

/*
 * The households the scan and the review's tallies do not add (see
 * kh_indicators_add_growth, kh_indicators_add_identified): this year's
 * households found the year before by 户编号 (through the unique index
 * household(year, hh_id)), and, after a review, those identified this
 * year with the review's exit_ready. Each query gives village, status and
 * one more figure (column 2), then growth's the year before's income.
 */
static const char *const apart_sql[2] = {
    "SELECT h.village, h.status, h.income_pc, p.income_pc"
    " FROM household h JOIN household p"
    " ON p.year = ?1 - 1 AND p.hh_id = h.hh_id"
    " WHERE h.year = ?1 AND h.income_pc IS NOT NULL"
    " AND p.income_pc IS NOT NULL",
    "SELECT h.village, h.status, r.exit_ready FROM household h"
    " JOIN review r ON r.household = h.id"
    " WHERE h.year = ?1 AND h.year_in = ?1"};

static int add_apart(sqlite3 *db, int year, const kh_standard *std,
                     kh_indicators *ix, int review, kh_error *err)
{
    int se = kh_standard_enum(std, "status");
    lcache cache = {"", -1, 0};
    int prev = kh_sqldb_one(db, "SELECT count(*) FROM (SELECT 1 FROM household"
                            " WHERE year = ?1 LIMIT 1) WHERE ?2 = 0",
                            year - 1, 0, 0) > 0;
    kh_indicators_set_prev_year(ix, prev);
    int want[2] = {prev, review && kh_indicators_find(ix, "wrong_exit") >= 0};
    int rc = KH_OK;
    for (int q = 0; q < 2 && !rc; q++) {
        sqlite3_stmt *st = NULL;
        if (!want[q]) continue;
        if ((rc = kh_sqldb_prepare(db, apart_sql[q], &st, err))) break;
        sqlite3_bind_int(st, 1, year);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            kh_ind_hh h;
            memset(&h, 0, sizeof h);
            copy_text(st, 0, h.village, sizeof h.village);
            h.status = lookup(std, se, st, 1, &cache);
            if (q == 0) {
                h.has_income = 1;
                h.income_pc = sqlite3_column_int64(st, 2);
                kh_indicators_add_growth(ix, &h, sqlite3_column_int64(st, 3));
            } else {
                h.year_in = year;
                h.reviewed = 1;
                h.rv_ready = sqlite3_column_int(st, 2);
                kh_indicators_add_identified(ix, &h);
            }
        }
        if (step != SQLITE_DONE) rc = kh_sqldb_err(db, err);
        sqlite3_finalize(st);
    }
    return rc;
}

int kh_store_indicators(kh_store *s, int year, const kh_standard *std,
                        kh_indicators *ix, int nthreads, kh_error *err)
{
    if (nthreads < 1) nthreads = 1;
    if (nthreads > 16) nthreads = 16;
    int review = kh_store_version(s) >= 2;
    char want[512] = "";
    int rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                 ? fingerprint(s->db, year, review, want, sizeof want, err)
                 : kh_sqldb_err(s->db, err);
    if (rc) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    long long h0, h1;
    year_range(s->db, year, &h0, &h1);
    /* The review's tallies, when they are for these data and standards:
     * no scan, only the incomes' sort. */
    long long tally = review && h0 >= 0
                          ? tally_match(s->db, year, std, ix, want) : -1;
    worker w[16];
    memset(w, 0, sizeof w);
    sorter so;
    memset(&so, 0, sizeof so);
    so.year = year;
    so.h0 = h0;
    so.h1 = h1;
    so.std = std;
    so.ix = ix;
    pthread_mutex_init(&so.mu, NULL);
    pthread_cond_init(&so.cv, NULL);
    int sorter_started = 0, nw = 0;
    if (h0 >= 0) {
        /* Split the households evenly by rowid; each part's members start
         * at its first household's. */
        long long span = h1 - h0 + 1;
        if (span < nthreads) nthreads = (int)span;
        long long mend = kh_sqldb_one(s->db, "SELECT max(id) FROM member WHERE"
                                    " household = ?1 AND ?2 = 0", h1, 0, 0);
        if (tally >= 0) nthreads = 0;
        for (int t = 0; t < nthreads && !rc; t++) {
            scan *sc = &w[t].sc;
            sc->year = year;
            sc->std = std;
            sc->review = review;
            sc->fn = worker_add;
            sc->h0 = h0 + span * t / nthreads;
            sc->h1 = h0 + span * (t + 1) / nthreads - 1;
            sc->m0 = member_start(s->db, year, sc->h0, mend + 1);
            rc = kh_ind_acc_new(ix, &w[t].acc, err);
            w[t].sc.ctx = w[t].acc;
            nw++;
        }
        for (int t = 0; t + 1 < nw; t++)
            w[t].sc.m1 = w[t + 1].sc.m0 - 1;
        if (nw) w[nw - 1].sc.m1 = mend;
        for (int t = 0; t < nw && !rc; t++)
            rc = open_reader(s, year, review, want, &w[t].sc.db, err);
        if (!rc && tally < 0)
            rc = open_reader(s, year, review, want, &so.db, err);
        if (!rc && tally < 0) {
            if (pthread_create(&so.tid, NULL, sorter_main, &so) == 0)
                sorter_started = 1;
            else
                rc = kh_error_msg(err, KH_ERR_NOMEM, "thread", "无法创建线程",
                                  "cannot start a thread");
        }
        if (!rc && tally >= 0) rc = tally_load(s->db, year, ix, tally, err);
        for (int t = 0; t < nw && !rc; t++) {
            if (pthread_create(&w[t].tid, NULL, worker_main, &w[t]) == 0)
                w[t].started = 1;
            else
                rc = kh_error_msg(err, KH_ERR_NOMEM, "thread", "无法创建线程",
                                  "cannot start a thread");
        }
        for (int t = 0; t < nw; t++) {
            if (w[t].started) pthread_join(w[t].tid, NULL);
            if (!rc && w[t].started && w[t].sc.rc) {
                rc = w[t].sc.rc;
                if (err) *err = w[t].sc.err;
            }
        }
    }
    if (!rc) rc = add_apart(s->db, year, std, ix, review, err);
    if (!rc) rc = kh_store_dept_ind_load(s, year, ix, err);
    if (!rc) {
        kh_funds_limits lim;
        kh_funds_limits_of(std, &lim);
        rc = kh_store_funds_ind_load(s, year, &lim, ix, err);
    }
    if (!rc) kh_indicators_rollup(ix);
    if (!rc && tally >= 0) rc = median_merge(s->db, year, ix, err);
    if (sorter_started) {
        sorter_release(&so, rc ? -1 : 1);
        pthread_join(so.tid, NULL);
        if (!rc && so.rc) {
            rc = so.rc;
            if (err) *err = so.err;
        }
    }
    for (int t = 0; t < nw; t++) {
        sqlite3_close(w[t].sc.db);
        kh_ind_acc_free(w[t].acc);
    }
    sqlite3_close(so.db);
    pthread_mutex_destroy(&so.mu);
    pthread_cond_destroy(&so.cv);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
