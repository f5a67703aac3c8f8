/* SPDX-License-Identifier: MIT */
/*
 * review_run.c - `kaohe review`'s pass over a stored year.
 *
 * The year's household rowids are cut into chunks of CHUNK rowids. Reader
 * threads, each on a read-only connection of its own, take the next chunk,
 * read its households and their members (both tables in rowid order,
 * merged on the household id as in indicators_store.c, never through an
 * index unless a household's members are not where the merge expects
 * them), review each household and leave compact results in the chunk's
 * slot. The calling thread takes the chunks back in order and writes the
 * review rows and findings on the store's connection, inside one write
 * transaction (WAL: the readers keep reading the committed data). At most
 * SLOTS chunks are in flight, so memory does not grow with the year.
 *
 * helper_overload depends on the order (a helper's households beyond the
 * maximum, counted in registry order): the readers only mark it as
 * applying; the writer, which sees households in order, counts the
 * households of the helpers that have too many (found first with one
 * GROUP BY; only those are kept in memory) and flags the ones beyond the
 * maximum.
 */
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/hh_pack.h"
#include "kaohe/idcard.h"
#include "kaohe/ind_tally.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/review_run.h"
#include "store/store_int.h"

#define CHUNK KH_PACK_CHUNK /* household rowids a chunk: the blobs' */
#define SLOTS 8    /* chunks in flight at most */

/* ---- one reader ---- */

/* One household's result: its bits (the findings' texts are made again
 * when read, review_store.c). */
typedef struct rec {
    int64_t hid;
    uint64_t key; /* helper key, 0 none */
    uint32_t applies, flagged;
    uint32_t persons;
    char village[13];
    unsigned char ready, poor, skipped;
} rec;

typedef struct chunk {
    long long idx; /* the chunk held, -1 none */
    int done;
    rec *r;
    size_t n, cap;
    kh_buf inc; /* income runs: code[12], length (4 bytes LE), blob */
    kh_buf tal; /* tally rows: code[13], length (4 bytes LE), blob */
    kh_buf pack; /* the chunk packed again (hh_pack.h), when repacking */
    long long pack_nhh;
    int rc;
    kh_error err;
} chunk;

typedef struct pipe pipe;

typedef struct lcache {
    char text[96];
    int len; /* -1: empty */
    int idx;
    int unk; /* measures: a label is unknown */
} lcache;

enum { E_HH_TYPE, E_CAUSE, E_STATUS, E_HOUSING, E_MEASURES, E_RELATION,
       E_EDUCATION, E_SCHOOLING, E_HEALTH, E_LABOUR, E_WORK, E_N };
static const char *const enum_names[E_N] = {
    "hh_type", "cause",     "status", "housing", "measures", "relation",
    "education", "schooling", "health", "labour", "work"};

typedef struct reader {
    pipe *p;
    sqlite3 *db;
    kh_reviewer *rv;
    sqlite3_stmt *hs, *ms, *mstart, *one_hh, *pk;
    /* the packed side store: the blob's dictionary, and what each text
     * is as a label of each list (INT_MIN: not looked up yet) and as
     * measures (its bits; unk: a label unknown) */
    const char **dt;
    size_t *dn;
    int *dres;          /* [E_N * ndict] */
    uint32_t *dbits;
    unsigned char *dunk;
    size_t dcap;
    kh_pack_enc *enc; /* packing the rows read again, or NULL */
    int ids[E_N];
    lcache cache[E_N];
    kh_household h;
    kh_member *m;
    size_t nm, capm;
    size_t *name_off; /* per member, into text */
    kh_buf text;      /* helper_id and the members' names */
    int unknown;
    kh_review_result res;
    long long *tn, *td;  /* the indicators' sums of the current run of one
                          * village's households (ind_tally.h) */
    char tally_code[13]; /* its village */
    long long tally_hh;  /* its households */
    kh_ind_member *im;   /* the members as the indicators take them */
    size_t capim;
    long long year_out;  /* of the household read */
    char run_code[13];   /* the village of the income run, "" none */
    long long *runv;     /* its incomes */
    size_t runn, runcap;
    pthread_t tid;
    int started;
} reader;

struct pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int year;
    const kh_standard *std;
    long long h0, h1, nchunks;
    long long k0;       /* the first chunk's number (rowid / CHUNK) */
    int packed;         /* read the packed side store (hh_pack.h) */
    int repack;         /* or read the rows and write it again */
    long long next;     /* next chunk to take */
    long long consumed; /* chunks the writer is done with */
    int stop;
    chunk slot[SLOTS];
    kh_indicators *ix; /* the indicator set (no regions), or NULL */
};

/* Two-bit packs of yes/no columns (0, 1, or 2 for NULL) and a bit per
 * money column given, so that one call fetches several columns. (In
 * SQLite << and | bind equally: every shift is parenthesised.) */
#define YN(c, shift) "(coalesce(" c " <> 0, 2) << " shift ")"
#define HH_COLS                                                            \
    "id, village, hh_type, cause, status, inc_wage, inc_business,"         \
    " inc_property, inc_transfer, inc_dibao, inc_tekun, exp_business,"     \
    " income_pc, med_oop, reloc_self, housing,"                            \
    " " YN("water_safe", "0") " | " YN("relocated", "2") ","               \
    " helper_id, last_visit, measures, members,"                           \
    " ((inc_wage IS NOT NULL) << 0) | ((inc_business IS NOT NULL) << 1) |" \
    " ((inc_property IS NOT NULL) << 2) |"                                 \
    " ((inc_transfer IS NOT NULL) << 3) |"                                 \
    " ((inc_dibao IS NOT NULL) << 4) | ((inc_tekun IS NOT NULL) << 5) |"   \
    " ((exp_business IS NOT NULL) << 6) |"                                 \
    " ((income_pc IS NOT NULL) << 7) | ((med_oop IS NOT NULL) << 8) |"     \
    " ((reloc_self IS NOT NULL) << 9), year_out"
static const char *const hh_sql =
    "SELECT " HH_COLS
    " FROM household NOT INDEXED WHERE year = ?1 AND id BETWEEN ?2 AND ?3"
    " ORDER BY id";
/* The money columns are in the order of enum kh_money. */
enum { H_ID, H_VILLAGE, H_HH_TYPE, H_CAUSE, H_STATUS, H_MONEY,
       H_HOUSING = H_MONEY + KH_M_COUNT, H_WATER_RELOC, H_HELPER_ID,
       H_LAST_VISIT, H_MEASURES, H_MEMBERS, H_MONEY_SET, H_YEAR_OUT };

#define MEMBER_COLS                                                        \
    "household, name, id_no, relation, education, schooling, health,"     \
    " labour, work, " YN("ins_med", "0") " | " YN("ins_pension", "2")     \
    " | " YN("treat_first", "4") " | " YN("ins_serious", "6")
enum { M_HH, M_NAME, M_ID_NO, M_RELATION, M_EDUCATION, M_SCHOOLING,
       M_HEALTH, M_LABOUR, M_WORK, M_FLAGS };

static int label(reader *r, int e, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (!t) return -1;
    int n = sqlite3_column_bytes(st, col);
    lcache *c = &r->cache[e];
    if (n == c->len && memcmp(c->text, t, (size_t)n) == 0) {
        if (c->idx < 0) r->unknown = 1;
        return c->idx;
    }
    int idx = kh_standard_enum_lookup(r->p->std, r->ids[e], (const char *)t,
                                      (size_t)n);
    if (n < (int)sizeof c->text) {
        memcpy(c->text, t, (size_t)n);
        c->len = n;
        c->idx = idx;
    }
    if (idx < 0) r->unknown = 1;
    return idx;
}

/* The bits of the known labels below 32 of a measures text (labels
 * joined by ';', as store_read.c reads it); *unknown: a label is not
 * known; *nocache: bit 31, which would not fit a cache's idx. */
static uint32_t measures_of(reader *r, const char *t, size_t len,
                            int *unknown, int *nocache)
{
    uint32_t bits = 0;
    *unknown = *nocache = 0;
    for (const char *p = t, *end = t + len; p < end;) {
        const char *q = memchr(p, ';', (size_t)(end - p));
        size_t n = q ? (size_t)(q - p) : (size_t)(end - p);
        int i = kh_standard_enum_lookup(r->p->std, r->ids[E_MEASURES], p, n);
        if (i < 0) *unknown = 1;
        else if (i < 32) bits |= 1u << i;
        if (i == 31) *nocache = 1;
        p = q ? q + 1 : end;
    }
    return bits;
}

static uint32_t measures(reader *r, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (!t) return 0;
    int len = sqlite3_column_bytes(st, col);
    lcache *c = &r->cache[E_MEASURES];
    /* idx: the bits of the known labels; unk: a label is unknown */
    if (len == c->len && memcmp(c->text, t, (size_t)len) == 0) {
        if (c->unk) r->unknown = 1;
        return (uint32_t)c->idx;
    }
    int unknown, nocache;
    uint32_t bits = measures_of(r, (const char *)t, (size_t)len, &unknown,
                                &nocache);
    if (unknown) r->unknown = 1;
    if (nocache) {
        c->len = -1;
        return bits;
    }
    if (len < (int)sizeof c->text) {
        memcpy(c->text, t, (size_t)len);
        c->len = len;
        c->idx = (int)bits;
        c->unk = unknown;
    }
    return bits;
}

static void copy_fixed(char *dst, size_t size, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    size_t n = v ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (n >= size) n = size - 1;
    if (n) memcpy(dst, v, n);
    dst[n] = '\0';
}

/* The household row of hs into r->h (members come after). */
static int read_household(reader *r, sqlite3_stmt *st)
{
    kh_household *h = &r->h;
    memset(h, 0, sizeof *h);
    r->unknown = 0;
    r->nm = 0;
    kh_buf_reset(&r->text);
    copy_fixed(h->village, sizeof h->village, st, H_VILLAGE);
    h->hh_type = label(r, E_HH_TYPE, st, H_HH_TYPE);
    h->cause = label(r, E_CAUSE, st, H_CAUSE);
    h->status = label(r, E_STATUS, st, H_STATUS);
    unsigned set = (unsigned)sqlite3_column_int(st, H_MONEY_SET);
    for (int k = 0; k < KH_M_COUNT; k++)
        if (set & (1u << k))
            h->money[k] = sqlite3_column_int64(st, H_MONEY + k);
    h->money_set = set;
    h->housing = label(r, E_HOUSING, st, H_HOUSING);
    int wr = sqlite3_column_int(st, H_WATER_RELOC);
    h->water_safe = kh_flags_tri(wr, 0);
    h->relocated = kh_flags_tri(wr, 2);
    copy_fixed(h->last_visit, sizeof h->last_visit, st, H_LAST_VISIT);
    h->measures = measures(r, st, H_MEASURES);
    r->year_out = sqlite3_column_int64(st, H_YEAR_OUT);
    const unsigned char *id = sqlite3_column_text(st, H_HELPER_ID);
    size_t n = id ? (size_t)sqlite3_column_bytes(st, H_HELPER_ID) : 0;
    /* helper_id is the text buffer's first string */
    if (kh_buf_add(&r->text, id ? (const char *)id : "", n) ||
        kh_buf_addc(&r->text, '\0'))
        return KH_ERR_NOMEM;
    h->hh_id = "";
    h->helper = "";
    h->phone = "";
    return KH_OK;
}

/* The next member of r, zeroed, its name (n bytes) at the end of the
 * text buffer; NULL when out of memory. */
static kh_member *add_member(reader *r, const char *name, size_t n)
{
    if (r->nm == r->capm) {
        size_t cap = r->capm ? r->capm * 2 : 16;
        kh_member *m = realloc(r->m, cap * sizeof *m);
        if (!m) return NULL;
        r->m = m;
        size_t *o = realloc(r->name_off, cap * sizeof *o);
        if (!o) return NULL;
        r->name_off = o;
        r->capm = cap;
    }
    kh_member *m = &r->m[r->nm];
    memset(m, 0, sizeof *m);
    r->name_off[r->nm] = r->text.len;
    if (kh_buf_add(&r->text, name, n) || kh_buf_addc(&r->text, '\0'))
        return NULL;
    return m;
}

/* A member's four yes/no columns, packed two bits each; then the member
 * is complete. */
static void end_member(reader *r, kh_member *m, int f)
{
    m->ins_med = kh_flags_tri(f, 0);
    m->ins_serious = kh_flags_tri(f, 6);
    m->ins_pension = kh_flags_tri(f, 2);
    m->treat_first = kh_flags_tri(f, 4);
    m->ethnicity = "";
    r->nm++;
}

static int read_member(reader *r, sqlite3_stmt *st)
{
    const unsigned char *name = sqlite3_column_text(st, M_NAME);
    size_t n = name ? (size_t)sqlite3_column_bytes(st, M_NAME) : 0;
    kh_member *m = add_member(r, name ? (const char *)name : "", n);
    if (!m) return KH_ERR_NOMEM;
    copy_fixed(m->id_no, sizeof m->id_no, st, M_ID_NO);
    m->relation = label(r, E_RELATION, st, M_RELATION);
    m->education = label(r, E_EDUCATION, st, M_EDUCATION);
    m->schooling = label(r, E_SCHOOLING, st, M_SCHOOLING);
    m->health = label(r, E_HEALTH, st, M_HEALTH);
    m->labour = label(r, E_LABOUR, st, M_LABOUR);
    m->work = label(r, E_WORK, st, M_WORK);
    end_member(r, m, sqlite3_column_int(st, M_FLAGS));
    if (r->enc) {
        const char *lab[KH_PM_COUNT];
        for (int k = 0; k < KH_PM_COUNT; k++)
            lab[k] = (const char *)sqlite3_column_text(st, M_RELATION + k);
        return kh_pack_enc_member(r->enc, (const char *)name, m->id_no, lab,
                                  m->ins_med, m->ins_pension, m->treat_first,
                                  m->ins_serious);
    }
    return KH_OK;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* The incomes of the current run of one village's households, sorted,
 * into the chunk: count, first, then the differences. */
static int flush_run(reader *r, chunk *c)
{
    if (!r->runn) return KH_OK;
    qsort(r->runv, r->runn, sizeof *r->runv, cmp_ll);
    size_t at = c->inc.len;
    unsigned char len[4] = {0, 0, 0, 0};
    if (kh_buf_add(&c->inc, r->run_code, 12) || kh_buf_add(&c->inc, len, 4) ||
        kh_put_zigzag(&c->inc, (long long)r->runn))
        return KH_ERR_NOMEM;
    long long prev = 0;
    for (size_t i = 0; i < r->runn; i++) {
        if (kh_put_zigzag(&c->inc, r->runv[i] - prev)) return KH_ERR_NOMEM;
        prev = r->runv[i];
    }
    size_t n = c->inc.len - at - 16;
    unsigned char *p = (unsigned char *)c->inc.data + at + 12;
    p[0] = (unsigned char)(n & 255);
    p[1] = (unsigned char)(n >> 8 & 255);
    p[2] = (unsigned char)(n >> 16 & 255);
    p[3] = (unsigned char)(n >> 24 & 255);
    r->runn = 0;
    return KH_OK;
}

/* The tally row of the current run into the chunk (a row of
 * kh_indicators_count values, numerator and denominator each). */
static int put_tally(kh_buf *b, const char code[13], const long long *tn,
                     const long long *td, size_t w)
{
    size_t at = b->len;
    unsigned char len[4] = {0, 0, 0, 0};
    if (kh_buf_add(b, code, 13) || kh_buf_add(b, len, 4)) return KH_ERR_NOMEM;
    for (size_t i = 0; i < w; i++)
        if (kh_put_zigzag(b, tn[i]) || kh_put_zigzag(b, td[i])) return KH_ERR_NOMEM;
    size_t n = b->len - at - 17;
    unsigned char *p = (unsigned char *)b->data + at + 13;
    p[0] = (unsigned char)(n & 255);
    p[1] = (unsigned char)(n >> 8 & 255);
    p[2] = (unsigned char)(n >> 16 & 255);
    p[3] = (unsigned char)(n >> 24 & 255);
    return KH_OK;
}

static int flush_tally(reader *r, chunk *c)
{
    if (!r->tally_hh) return KH_OK;
    size_t w = kh_indicators_count(r->p->ix);
    if (put_tally(&c->tal, r->tally_code, r->tn, r->td, w)) return KH_ERR_NOMEM;
    memset(r->tn, 0, w * sizeof *r->tn);
    memset(r->td, 0, w * sizeof *r->td);
    r->tally_hh = 0;
    return KH_OK;
}

/* One income for the medians (a household they count). */
static int add_income(reader *r, chunk *c, const char *village, long long v)
{
    if (strncmp(village, r->run_code, 12) != 0 || !r->run_code[0]) {
        if (flush_run(r, c)) return KH_ERR_NOMEM;
        memset(r->run_code, 0, sizeof r->run_code);
        memcpy(r->run_code, village, strnlen(village, 12));
    }
    if (r->runn == r->runcap) {
        size_t cap = r->runcap ? r->runcap * 2 : 256;
        long long *p = realloc(r->runv, cap * sizeof *p);
        if (!p) return KH_ERR_NOMEM;
        r->runv = p;
        r->runcap = cap;
    }
    r->runv[r->runn++] = v;
    return KH_OK;
}

/* Add the household read (r->h, r->m) to the indicators' tallies, with
 * its review bits when reviewed: what kh_store_ind_households would give
 * `kaohe indicators` for it. */
static int tally_household(reader *r, chunk *c, int reviewed,
                           uint64_t applies, uint64_t flagged, kh_error *err)
{
    if (!r->tn) return KH_OK;
    if (r->nm > r->capim) {
        size_t cap = r->capim ? r->capim : 16;
        while (cap < r->nm) cap *= 2;
        kh_ind_member *m = realloc(r->im, cap * sizeof *m);
        if (!m) return kh_error_nomem(err);
        r->im = m;
        r->capim = cap;
    }
    const kh_household *h = &r->h;
    for (size_t i = 0; i < r->nm; i++) {
        const kh_member *m = &r->m[i];
        kh_ind_member *o = &r->im[i];
        /* The birth year as indicators_store.c reads it. */
        o->birth_year = kh_birth_year(m->id_no, strlen(m->id_no));
        o->schooling = m->schooling;
        o->labour = m->labour;
        o->ins_med = m->ins_med;
        o->ins_serious = m->ins_serious;
        o->ins_pension = m->ins_pension;
        o->treat_first = m->treat_first;
    }
    kh_ind_hh x;
    memset(&x, 0, sizeof x);
    x.hh_id = "";
    memcpy(x.village, h->village, sizeof x.village);
    x.hh_type = h->hh_type;
    x.cause = h->cause;
    x.status = h->status;
    x.year_out = (int)r->year_out;
    x.has_income = (h->money_set >> KH_M_INCOME_PC) & 1;
    x.income_pc = x.has_income ? h->money[KH_M_INCOME_PC] : 0;
    x.has_dibao = (h->money_set >> KH_M_DIBAO) & 1;
    x.dibao = x.has_dibao ? h->money[KH_M_DIBAO] : 0;
    x.has_tekun = (h->money_set >> KH_M_TEKUN) & 1;
    x.tekun = x.has_tekun ? h->money[KH_M_TEKUN] : 0;
    x.housing = h->housing;
    memcpy(x.last_visit, h->last_visit, sizeof x.last_visit);
    x.last_visit[sizeof x.last_visit - 1] = '\0';
    x.measures = h->measures & 0x7fffffffu; /* as indicators_store.c */
    x.reviewed = reviewed;
    x.rv_applies = applies;
    x.rv_flagged = flagged;
    x.nmembers = r->nm;
    x.members = r->im;
    if (strcmp(x.village, r->tally_code) != 0) {
        if (flush_tally(r, c)) return kh_error_nomem(err);
        memcpy(r->tally_code, x.village, sizeof r->tally_code);
    }
    kh_indicators_accumulate(r->p->ix, &x, r->tn, r->td);
    r->tally_hh++;
    if (x.has_income && kh_indicators_income_status(r->p->ix, x.status) &&
        x.village[0] && add_income(r, c, x.village, x.income_pc))
        return kh_error_nomem(err);
    return KH_OK;
}

/* Review r->h with its members and append the result to c. */
static int finish_household(reader *r, chunk *c, long long hid, kh_error *err)
{
    /* A household without members is not reviewed (none is stored by an
     * import: every row is a person). */
    if (!r->nm) return tally_household(r, c, 0, 0, 0, err);
    kh_household *h = &r->h;
    h->helper_id = r->text.data;
    for (size_t i = 0; i < r->nm; i++)
        r->m[i].name = r->text.data + r->name_off[i];
    h->members = r->m;
    h->nmembers = r->nm;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        rec *p = realloc(c->r, cap * sizeof *p);
        if (!p) return kh_error_nomem(err);
        c->r = p;
        c->cap = cap;
    }
    rec *o = &c->r[c->n];
    memset(o, 0, sizeof *o);
    o->hid = hid;
    o->persons = (uint32_t)r->nm;
    if (r->unknown) {
        /* A label this standards file does not know: not reviewed. */
        o->skipped = 1;
        c->n++;
        return tally_household(r, c, 0, 0, 0, err);
    }
    int rc = kh_review_household(r->rv, h, &r->res, err);
    if (!rc)
        rc = tally_household(r, c, 1, r->res.applies, r->res.flagged, err);
    if (rc) return rc;
    o->applies = r->res.applies;
    o->flagged = r->res.flagged;
    o->ready = (unsigned char)r->res.exit_ready;
    o->poor = (unsigned char)r->res.poor;
    o->key = r->res.helper_key;
    memcpy(o->village, h->village, sizeof o->village);
    c->n++;
    return KH_OK;
}

static int bad_pack(long long k, kh_error *err)
{
    return kh_error_set(err, KH_ERR_DB, "pack_damaged",
                        "打包数据块 %lld 已损坏,请重新导入该年度",
                        "the packed chunk %lld is damaged: import the year"
                        " again", k);
}

/* A dictionary reference read as a label of list e: -1 for none, and
 * r->unknown set for a text the standards do not know (as label()). */
static int pack_label(reader *r, kh_pack_cur *cur, size_t nd, int e)
{
    uint64_t ref = kh_pack_u(cur);
    if (!ref) return -1;
    if (ref > nd) {
        cur->bad = 1;
        return -1;
    }
    int *v = &r->dres[(size_t)e * nd + (ref - 1)];
    if (*v == INT_MIN)
        *v = kh_standard_enum_lookup(r->p->std, r->ids[e], r->dt[ref - 1],
                                     r->dn[ref - 1]);
    if (*v < 0) r->unknown = 1;
    return *v;
}

static void pack_fixed(char *dst, size_t size, const char *t, size_t n)
{
    if (n >= size) n = size - 1;
    if (n) memcpy(dst, t, n);
    dst[n] = '\0';
}

/* Read and review chunk number k from its blob (hh_pack.h): the same
 * households, fields and members as run_chunk's rows give. */
static int run_packed(reader *r, chunk *c, long long k, kh_error *err)
{
    pipe *p = r->p;
    sqlite3_reset(r->pk);
    sqlite3_bind_int(r->pk, 1, p->year);
    sqlite3_bind_int64(r->pk, 2, k);
    int step = sqlite3_step(r->pk);
    if (step == SQLITE_DONE) {
        sqlite3_reset(r->pk);
        return KH_OK; /* no household of the year in these rowids */
    }
    if (step != SQLITE_ROW) return kh_sqldb_err(r->db, err);
    const unsigned char *blob = sqlite3_column_blob(r->pk, 0);
    kh_pack_cur cur = {blob, blob + sqlite3_column_bytes(r->pk, 0), 0};
    int rc = KH_OK;
    uint64_t nd = kh_pack_u(&cur);
    if (cur.bad || nd > (uint64_t)(cur.end - cur.p)) rc = bad_pack(k, err);
    if (!rc && nd > r->dcap) {
        size_t cap = r->dcap ? r->dcap : 64;
        while (cap < nd) cap *= 2;
        const char **dt = realloc(r->dt, cap * sizeof *dt);
        if (dt) r->dt = dt;
        size_t *dn = dt ? realloc(r->dn, cap * sizeof *dn) : NULL;
        if (dn) r->dn = dn;
        int *dres = dn ? realloc(r->dres, cap * E_N * sizeof *dres) : NULL;
        if (dres) r->dres = dres;
        uint32_t *db = dres ? realloc(r->dbits, cap * sizeof *db) : NULL;
        if (db) r->dbits = db;
        unsigned char *du = db ? realloc(r->dunk, cap) : NULL;
        if (du) r->dunk = du;
        if (!du) rc = kh_error_nomem(err);
        else r->dcap = cap;
    }
    for (size_t i = 0; !rc && i < nd; i++) {
        r->dt[i] = kh_pack_text(&cur, &r->dn[i]);
        r->dunk[i] = 2; /* measures not looked up yet */
    }
    for (size_t i = 0; !rc && i < (size_t)nd * E_N; i++)
        r->dres[i] = INT_MIN;
    uint64_t nhh = rc ? 0 : kh_pack_u(&cur);
    long long hid = k * CHUNK;
    for (uint64_t j = 0; !rc && !cur.bad && j < nhh; j++) {
        hid += (long long)kh_pack_u(&cur);
        kh_household *h = &r->h;
        memset(h, 0, sizeof *h);
        r->unknown = 0;
        r->nm = 0;
        kh_buf_reset(&r->text);
        uint64_t v = kh_pack_u(&cur);
        if (v > nd) cur.bad = 1;
        else if (v) pack_fixed(h->village, sizeof h->village, r->dt[v - 1],
                               r->dn[v - 1]);
        h->hh_type = pack_label(r, &cur, nd, E_HH_TYPE);
        h->cause = pack_label(r, &cur, nd, E_CAUSE);
        h->status = pack_label(r, &cur, nd, E_STATUS);
        h->housing = pack_label(r, &cur, nd, E_HOUSING);
        v = kh_pack_u(&cur);
        if (v > nd) cur.bad = 1;
        else if (v) {
            size_t d = v - 1;
            if (r->dunk[d] == 2) {
                int unknown, nocache;
                r->dbits[d] = measures_of(r, r->dt[d], r->dn[d], &unknown,
                                          &nocache);
                r->dunk[d] = (unsigned char)unknown;
            }
            if (r->dunk[d]) r->unknown = 1;
            h->measures = r->dbits[d];
        }
        unsigned wr = (unsigned)kh_pack_u(&cur);
        h->water_safe = kh_flags_tri((int)wr, 0);
        h->relocated = kh_flags_tri((int)wr, 2);
        unsigned set = (unsigned)kh_pack_u(&cur) & ((1u << KH_M_COUNT) - 1);
        for (int m = 0; m < KH_M_COUNT; m++)
            if (set & (1u << m)) h->money[m] = kh_pack_z(&cur);
        h->money_set = set;
        r->year_out = kh_pack_z(&cur);
        size_t n;
        const char *t = kh_pack_text(&cur, &n);
        /* helper_id is the text buffer's first string */
        if (kh_buf_add(&r->text, t ? t : "", n) || kh_buf_addc(&r->text, '\0')) {
            rc = kh_error_nomem(err);
            break;
        }
        t = kh_pack_text(&cur, &n);
        pack_fixed(h->last_visit, sizeof h->last_visit, t ? t : "", n);
        h->hh_id = "";
        h->helper = "";
        h->phone = "";
        uint64_t nm = kh_pack_u(&cur);
        if (nm > (uint64_t)(cur.end - cur.p)) cur.bad = 1;
        for (uint64_t i = 0; !cur.bad && i < nm; i++) {
            t = kh_pack_text(&cur, &n);
            kh_member *m = add_member(r, t ? t : "", n);
            if (!m) {
                rc = kh_error_nomem(err);
                break;
            }
            t = kh_pack_text(&cur, &n);
            pack_fixed(m->id_no, sizeof m->id_no, t ? t : "", n);
            m->relation = pack_label(r, &cur, nd, E_RELATION);
            m->education = pack_label(r, &cur, nd, E_EDUCATION);
            m->schooling = pack_label(r, &cur, nd, E_SCHOOLING);
            m->health = pack_label(r, &cur, nd, E_HEALTH);
            m->labour = pack_label(r, &cur, nd, E_LABOUR);
            m->work = pack_label(r, &cur, nd, E_WORK);
            end_member(r, m, (int)kh_pack_u(&cur));
        }
        if (!rc && cur.bad) break;
        if (!rc) rc = finish_household(r, c, hid, err);
    }
    if (!rc && (cur.bad || cur.p != cur.end)) rc = bad_pack(k, err);
    sqlite3_reset(r->pk);
    return rc;
}

/* Read and review chunk number k (households [a, b]). */
static int run_chunk(reader *r, chunk *c, long long k, kh_error *err)
{
    pipe *p = r->p;
    long long a = k * CHUNK, b = a + CHUNK - 1;
    c->n = 0;
    kh_buf_reset(&c->inc);
    kh_buf_reset(&c->tal);
    r->run_code[0] = '\0';
    r->runn = 0;
    r->tally_hh = 0;
    if (r->tn) {
        size_t w = kh_indicators_count(p->ix);
        memset(r->tn, 0, w * sizeof *r->tn);
        memset(r->td, 0, w * sizeof *r->td);
    }
    if (p->packed) {
        int rc = run_packed(r, c, k, err);
        if (!rc && (flush_run(r, c) || (r->tn && flush_tally(r, c))))
            rc = kh_error_nomem(err);
        return rc;
    }
    kh_buf_reset(&c->pack);
    c->pack_nhh = 0;
    if (r->enc) kh_pack_enc_start(r->enc, k);
    /* The members start with the first household's. */
    sqlite3_reset(r->mstart);
    sqlite3_bind_int64(r->mstart, 1, a);
    sqlite3_bind_int64(r->mstart, 2, b);
    sqlite3_bind_int(r->mstart, 3, p->year);
    long long m0 = -1; /* none: the chunk has no members */
    int step = sqlite3_step(r->mstart);
    if (step == SQLITE_ROW && sqlite3_column_type(r->mstart, 0) != SQLITE_NULL)
        m0 = sqlite3_column_int64(r->mstart, 0);
    else if (step != SQLITE_ROW && step != SQLITE_DONE)
        return kh_sqldb_err(r->db, err);
    sqlite3_reset(r->mstart);
    sqlite3_reset(r->hs);
    sqlite3_bind_int(r->hs, 1, p->year);
    sqlite3_bind_int64(r->hs, 2, a);
    sqlite3_bind_int64(r->hs, 3, b);
    sqlite3_reset(r->ms);
    sqlite3_bind_int(r->ms, 1, p->year);
    sqlite3_bind_int64(r->ms, 2, m0);
    int mstep = m0 < 0 ? SQLITE_DONE : sqlite3_step(r->ms);
    int rc = KH_OK;
    while (!rc && (step = sqlite3_step(r->hs)) == SQLITE_ROW) {
        long long hid = sqlite3_column_int64(r->hs, H_ID);
        long long want = sqlite3_column_int64(r->hs, H_MEMBERS);
        if (read_household(r, r->hs)) return kh_error_nomem(err);
        while (mstep == SQLITE_ROW && sqlite3_column_int64(r->ms, M_HH) < hid)
            mstep = sqlite3_step(r->ms);
        while (!rc && mstep == SQLITE_ROW &&
               sqlite3_column_int64(r->ms, M_HH) == hid) {
            if (read_member(r, r->ms)) rc = kh_error_nomem(err);
            mstep = sqlite3_step(r->ms);
        }
        if (!rc && mstep != SQLITE_ROW && mstep != SQLITE_DONE)
            rc = kh_sqldb_err(r->db, err);
        if (!rc && (long long)r->nm != want) {
            /* Not where the merge expects them: ask the index. */
            size_t keep = r->text.len > 0 ? strlen(r->text.data) + 1 : 0;
            r->text.len = keep; /* keep helper_id, drop the names */
            r->nm = 0;
            if (r->enc) kh_pack_enc_drop_members(r->enc);
            sqlite3_reset(r->one_hh);
            sqlite3_bind_int64(r->one_hh, 1, hid);
            int os = SQLITE_DONE;
            while (!rc && (os = sqlite3_step(r->one_hh)) == SQLITE_ROW)
                if (read_member(r, r->one_hh)) rc = kh_error_nomem(err);
            if (!rc && os != SQLITE_DONE) rc = kh_sqldb_err(r->db, err);
            sqlite3_reset(r->one_hh);
        }
        if (!rc && r->enc) {
            /* Packed again from the texts read (hs is still on its row). */
            static const int col[KH_PT_COUNT] = {
                H_VILLAGE, H_HH_TYPE, H_CAUSE, H_STATUS, H_HOUSING,
                H_MEASURES, H_HELPER_ID, H_LAST_VISIT};
            const char *txt[KH_PT_COUNT];
            for (int t = 0; t < KH_PT_COUNT; t++)
                txt[t] = (const char *)sqlite3_column_text(r->hs, col[t]);
            if (kh_pack_enc_household(r->enc, hid, &r->h, txt, r->year_out,
                                      r->nm))
                rc = kh_error_nomem(err);
        }
        if (!rc) rc = finish_household(r, c, hid, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sqldb_err(r->db, err);
    if (!rc && (flush_run(r, c) || (r->tn && flush_tally(r, c))))
        rc = kh_error_nomem(err);
    if (!rc && r->enc) {
        const void *data;
        size_t len;
        if (kh_pack_enc_finish(r->enc, &data, &len, &c->pack_nhh) ||
            kh_buf_add(&c->pack, data, len))
            rc = kh_error_nomem(err);
    }
    sqlite3_reset(r->hs);
    sqlite3_reset(r->ms);
    return rc;
}

static void *reader_main(void *arg)
{
    reader *r = arg;
    pipe *p = r->p;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->next < p->nchunks &&
               p->next >= p->consumed + SLOTS)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop || p->next >= p->nchunks) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        long long i = p->next++;
        chunk *c = &p->slot[i % SLOTS];
        c->idx = i;
        c->done = 0;
        pthread_mutex_unlock(&p->mu);
        kh_error_clear(&c->err);
        c->rc = run_chunk(r, c, p->k0 + i, &c->err);
        pthread_mutex_lock(&p->mu);
        c->done = 1;
        if (c->rc) p->stop = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (c->rc) break;
    }
    return NULL;
}

static int reader_open(reader *r, kh_store *s, const int today[3],
                       kh_error *err)
{
    pipe *p = r->p;
    if (sqlite3_open_v2(s->path, &r->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        return kh_sqldb_err(r->db, err);
    sqlite3_busy_timeout(r->db, 2000);
    for (int e = 0; e < E_N; e++) {
        r->ids[e] = kh_standard_enum(p->std, enum_names[e]);
        r->cache[e].len = -1;
    }
    kh_buf_init(&r->text, 0);
    int rc = kh_reviewer_new(p->std, p->year, today, &r->rv, err);
    if (rc) return rc;
    kh_reviewer_defer_helpers(r->rv);
    kh_reviewer_bits_only(r->rv);
    if (p->repack && !(r->enc = kh_pack_enc_new())) return kh_error_nomem(err);
    kh_reviewer_no_tally(r->rv);
    if (sqlite3_exec(r->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return kh_sqldb_err(r->db, err);
    rc = kh_sqldb_prepare(r->db, hh_sql, &r->hs, err);
    if (!rc)
        rc = kh_sqldb_prepare(r->db,
                  "SELECT " MEMBER_COLS " FROM member NOT INDEXED"
                  " WHERE year = ?1 AND id >= ?2 ORDER BY id",
                  &r->ms, err);
    if (!rc)
        rc = kh_sqldb_prepare(r->db,
                  "SELECT " MEMBER_COLS " FROM member WHERE household = ?1"
                  " ORDER BY id",
                  &r->one_hh, err);
    if (!rc && p->packed)
        rc = kh_sqldb_prepare(r->db, "SELECT data FROM hh_pack"
                              " WHERE year = ?1 AND chunk = ?2", &r->pk, err);
    /* The first member of the chunk's first household that has one. */
    if (!rc)
        rc = kh_sqldb_prepare(r->db,
                  "SELECT coalesce((SELECT min(m.id) FROM member m WHERE"
                  " m.household = (SELECT id FROM household NOT INDEXED WHERE id"
                  " BETWEEN ?1 AND ?2 AND year = ?3 ORDER BY id LIMIT 1)),"
                  " (SELECT min(id) FROM member WHERE household"
                  " BETWEEN ?1 AND ?2))",
                  &r->mstart, err);
    /* Reading must begin now, before the writer changes anything. */
    if (!rc) {
        sqlite3_stmt *st;
        rc = kh_sqldb_prepare(r->db, "SELECT count(*) FROM snapshot", &st, err);
        if (!rc && sqlite3_step(st) != SQLITE_ROW) rc = kh_sqldb_err(r->db, err);
        sqlite3_finalize(st);
    }
    return rc;
}

static void reader_close(reader *r)
{
    sqlite3_finalize(r->hs);
    sqlite3_finalize(r->ms);
    sqlite3_finalize(r->one_hh);
    sqlite3_finalize(r->mstart);
    sqlite3_finalize(r->pk);
    if (r->db) {
        sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(r->db);
    }
    kh_reviewer_free(r->rv);
    kh_buf_free(&r->text);
    free(r->m);
    free(r->name_off);
    free(r->im);
    free(r->runv);
    free(r->tn);
    free(r->td);
    free(r->dt);
    free(r->dn);
    free(r->dres);
    free(r->dbits);
    free(r->dunk);
    kh_pack_enc_free(r->enc);
}

/* Whether the year's packed side store (hh_pack.h) is that of the data
 * as they are now (same fingerprint, same format). */
static int pack_current(sqlite3 *db, int year)
{
    char fp[256] = "";
    if (kh_data_fingerprint(db, year, fp, sizeof fp, NULL)) return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT fingerprint = ?2 FROM hh_pack_run"
                           " WHERE year = ?1 AND version = ?3", -1, &st,
                           NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, KH_PACK_VERSION);
    int ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return ok;
}

/* ---- the writer ---- */


/* Review rows are inserted BATCH at a time (one statement of BATCH rows
 * costs less than BATCH statements). */
#define BATCH 64
#define NCOL 7 /* columns of a review row */

typedef struct row5 {
    int64_t hid;
    uint32_t applies, flagged;
    int ready;
    unsigned nth, total; /* helper_overload: rank and households, or 0 */
} row5;

typedef struct writer {
    kh_store *s;
    int year;
    sqlite3_stmt *ins, *ins_many, *ins_inc, *ins_tal;
    sqlite3_stmt *ins_pack; /* repacking: the blobs */
    row5 rows[BATCH];
    int nrows;
    kh_indicators *ix; /* the indicator set, for helper_overload's rows */
    int hl_ind;        /* finding.helper_overload in it, or -1 */
    long long *tn;     /* its width, twice: a difference row */
    kh_buf tb;
} writer;

static int bind_row(sqlite3_stmt *st, int at, int year, const row5 *r)
{
    sqlite3_bind_int64(st, at + 1, r->hid);
    sqlite3_bind_int(st, at + 2, year);
    sqlite3_bind_int64(st, at + 3, r->applies);
    sqlite3_bind_int64(st, at + 4, r->flagged);
    sqlite3_bind_int(st, at + 5, r->ready);
    if (r->nth) {
        sqlite3_bind_int64(st, at + 6, r->nth);
        return sqlite3_bind_int64(st, at + 7, r->total);
    }
    sqlite3_bind_null(st, at + 6);
    return sqlite3_bind_null(st, at + 7);
}

static int flush_rows(writer *w, kh_error *err)
{
    if (w->nrows == BATCH) {
        sqlite3_reset(w->ins_many);
        for (int i = 0; i < BATCH; i++)
            bind_row(w->ins_many, NCOL * i, w->year, &w->rows[i]);
        if (sqlite3_step(w->ins_many) != SQLITE_DONE)
            return kh_sqldb_err(w->s->db, err);
    } else {
        for (int i = 0; i < w->nrows; i++) {
            sqlite3_reset(w->ins);
            bind_row(w->ins, 0, w->year, &w->rows[i]);
            if (sqlite3_step(w->ins) != SQLITE_DONE)
                return kh_sqldb_err(w->s->db, err);
        }
    }
    w->nrows = 0;
    return KH_OK;
}

/* The readers' tallies saw helper_overload's households before the
 * writer flagged them: one more tally row for a village's run of them,
 * with only that difference (flagged: nf more; applies: na more). */
static int helper_tally(writer *w, const char *village, long long nf,
                        long long na, kh_error *err)
{
    if (!w->ins_tal || w->hl_ind < 0 || !nf) return KH_OK;
    size_t n = kh_indicators_count(w->ix);
    char code[13] = {0};
    memcpy(code, village, strnlen(village, 12));
    memset(w->tn, 0, 2 * n * sizeof *w->tn);
    w->tn[w->hl_ind] = nf;
    w->tn[n + (size_t)w->hl_ind] = na;
    kh_buf_reset(&w->tb);
    if (put_tally(&w->tb, code, w->tn, w->tn + n, n)) return kh_error_nomem(err);
    sqlite3_reset(w->ins_tal);
    sqlite3_bind_int(w->ins_tal, 1, w->year);
    sqlite3_bind_text(w->ins_tal, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_blob(w->ins_tal, 3, w->tb.data + 17, (int)(w->tb.len - 17),
                      SQLITE_STATIC);
    if (sqlite3_step(w->ins_tal) != SQLITE_DONE) return kh_sqldb_err(w->s->db, err);
    return KH_OK;
}

/*
 * The chunk's rows, in registry order. helper_overload is decided here:
 * rv was told the helpers above the maximum before the first chunk, and
 * the households of those helpers are counted as they come (reviewed
 * ones only: skipped ones have no row), from the (max + 1)-th on flagged.
 */
static int write_chunk(writer *w, kh_reviewer *rv, const chunk *c,
                       kh_review_totals *t, kh_error *err)
{
    const uint32_t hbit = 1u << KH_RV_HELPER_OVERLOAD;
    char hv[13] = ""; /* the village of the helper_overload run */
    long long hf = 0, ha = 0;
    for (size_t i = 0; i < c->n; i++) {
        const rec *r = &c->r[i];
        if (r->skipped) {
            t->skipped++;
            continue;
        }
        uint32_t flagged = r->flagged, applies = r->applies;
        row5 *row = &w->rows[w->nrows++];
        row->nth = row->total = 0;
        unsigned nth, total;
        if (r->key && kh_reviewer_helper_next(rv, r->key, &nth, &total)) {
            if (strcmp(hv, r->village) != 0) {
                if (helper_tally(w, hv, hf, ha, err)) return KH_ERR_DB;
                memcpy(hv, r->village, sizeof hv);
                hf = ha = 0;
            }
            hf++;
            ha += !(applies & hbit);
            flagged |= hbit;
            applies |= hbit;
            row->nth = nth;
            row->total = total;
        }
        row->hid = r->hid;
        row->applies = applies;
        row->flagged = flagged;
        row->ready = r->ready;
        if (w->nrows == BATCH && flush_rows(w, err)) return KH_ERR_DB;
        int rc = kh_reviewer_tally(rv, r->village, r->persons, r->poor,
                                   r->ready, err);
        if (rc) return rc;
        t->households++;
        t->persons += r->persons;
        t->exit_ready += r->ready;
        for (int k = 0; k < KH_RV_COUNT; k++) {
            t->applies[k] += (applies >> k) & 1;
            t->flagged[k] += (flagged >> k) & 1;
        }
    }
    if (helper_tally(w, hv, hf, ha, err)) return KH_ERR_DB;
    /* The chunk's income runs. */
    for (size_t at = 0; w->ins_inc && at + 16 <= c->inc.len;) {
        const unsigned char *p = (const unsigned char *)c->inc.data + at;
        size_t n = (size_t)p[12] | (size_t)p[13] << 8 | (size_t)p[14] << 16 |
                   (size_t)p[15] << 24;
        sqlite3_reset(w->ins_inc);
        sqlite3_bind_int(w->ins_inc, 1, w->year);
        sqlite3_bind_text(w->ins_inc, 2, (const char *)p, 12, SQLITE_STATIC);
        sqlite3_bind_blob(w->ins_inc, 3, p + 16, (int)n, SQLITE_STATIC);
        if (sqlite3_step(w->ins_inc) != SQLITE_DONE) return kh_sqldb_err(w->s->db, err);
        at += 16 + n;
    }
    /* And its tally rows. */
    for (size_t at = 0; w->ins_tal && at + 17 <= c->tal.len;) {
        const unsigned char *p = (const unsigned char *)c->tal.data + at;
        size_t n = (size_t)p[13] | (size_t)p[14] << 8 | (size_t)p[15] << 16 |
                   (size_t)p[16] << 24;
        sqlite3_reset(w->ins_tal);
        sqlite3_bind_int(w->ins_tal, 1, w->year);
        sqlite3_bind_text(w->ins_tal, 2, (const char *)p, -1, SQLITE_STATIC);
        sqlite3_bind_blob(w->ins_tal, 3, p + 17, (int)n, SQLITE_STATIC);
        if (sqlite3_step(w->ins_tal) != SQLITE_DONE) return kh_sqldb_err(w->s->db, err);
        at += 17 + n;
    }
    return KH_OK;
}

/* Delete the year's previous review; the whole table at once when it
 * holds no other year. */
static int clear_year(kh_store *s, int year, kh_error *err)
{
    static const char *const tabs[] = {"review_finding", "review",
                                       "review_run", "ind_income",
                                       "ind_tally", "ind_tally_run"};
    for (size_t i = 0; i < 6; i++) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT EXISTS(SELECT 1 FROM %s WHERE year < ?1) OR"
                 " EXISTS(SELECT 1 FROM %s WHERE year > ?1)",
                 tabs[i], tabs[i]);
        long long other = kh_sqldb_one(s->db, sql, year, 0, 1);
        if (other)
            snprintf(sql, sizeof sql, "DELETE FROM %s WHERE year = %d",
                     tabs[i], year);
        else
            snprintf(sql, sizeof sql, "DELETE FROM %s", tabs[i]);
        if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
            return kh_sqldb_err(s->db, err);
    }
    return KH_OK;
}

/* The helpers with more households than the maximum: one GROUP BY on a
 * connection of its own, in a thread, while the readers and the writer
 * go on (on ten million households the sort takes seconds); or, when the
 * side store is read, its counts (hh_helper, written with it). */
typedef struct helper_job {
    sqlite3 *db;
    int year;
    long long max;
    int packed; /* read the side store's counts (hh_helper), no GROUP BY */
    uint64_t *key;
    long long *total;
    size_t n, cap;
    int rc;
    kh_error err;
    pthread_t tid;
    int started;
} helper_job;

static void *helper_main(void *arg)
{
    helper_job *j = arg;
    sqlite3_stmt *st;
    j->rc = kh_sqldb_prepare(j->db,
                 j->packed
                     ? "SELECT key, households FROM hh_helper WHERE year = ?1"
                       " AND households > ?2"
                     : "SELECT k, count(*) FROM (SELECT kh_idkey(helper_id)"
                       " AS k FROM household NOT INDEXED WHERE year = ?1"
                       " AND helper_id IS NOT NULL) WHERE k IS NOT NULL"
                       " GROUP BY k HAVING count(*) > ?2",
                 &st, &j->err);
    if (j->rc) return NULL;
    sqlite3_bind_int(st, 1, j->year);
    sqlite3_bind_int64(st, 2, j->max);
    int step = SQLITE_DONE;
    while (!j->rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (j->n == j->cap) {
            size_t cap = j->cap ? j->cap * 2 : 64;
            uint64_t *k = realloc(j->key, cap * sizeof *k);
            if (k) j->key = k;
            long long *t = k ? realloc(j->total, cap * sizeof *t) : NULL;
            if (t) j->total = t;
            if (!k || !t) {
                j->rc = kh_error_nomem(&j->err);
                break;
            }
            j->cap = cap;
        }
        j->key[j->n] = (uint64_t)sqlite3_column_int64(st, 0);
        j->total[j->n] = sqlite3_column_int64(st, 1);
        j->n++;
    }
    if (!j->rc && step != SQLITE_DONE) j->rc = kh_sqldb_err(j->db, &j->err);
    sqlite3_finalize(st);
    return NULL;
}

static int helper_open(helper_job *j, kh_store *s, kh_error *err)
{
    if (sqlite3_open_v2(s->path, &j->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        return kh_sqldb_err(j->db, err);
    sqlite3_busy_timeout(j->db, 2000);
    if (kh_sqldb_idkey(j->db) != SQLITE_OK ||
        sqlite3_exec(j->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return kh_sqldb_err(j->db, err);
    /* Reading begins now, before the writer changes anything. */
    sqlite3_stmt *st;
    int rc = kh_sqldb_prepare(j->db, "SELECT count(*) FROM snapshot", &st, err);
    if (!rc && sqlite3_step(st) != SQLITE_ROW) rc = kh_sqldb_err(j->db, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_review_run(kh_store *s, int year, const kh_standard *std,
                        const char *std_name, const int today[3],
                        int nthreads, kh_reviewer *rv, kh_review_totals *out,
                        kh_error *err)
{
    return kh_store_review_run_then(s, year, std, std_name, today, nthreads,
                                    rv, out, NULL, NULL, err);
}

int kh_store_review_run_then(kh_store *s, int year, const kh_standard *std,
                             const char *std_name, const int today[3],
                             int nthreads, kh_reviewer *rv,
                             kh_review_totals *out,
                             int (*before_commit)(void *ctx, kh_store *s,
                                                  const kh_review_totals *t,
                                                  kh_error *err),
                             void *ctx, kh_error *err)
{
    memset(out, 0, sizeof *out);
    if (nthreads < 1) nthreads = 1;
    if (nthreads > 16) nthreads = 16;
    pipe p;
    memset(&p, 0, sizeof p);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    p.year = year;
    p.std = std;
    for (int i = 0; i < SLOTS; i++) {
        p.slot[i].idx = -1;
        kh_buf_init(&p.slot[i].inc, 0);
        kh_buf_init(&p.slot[i].tal, 0);
        kh_buf_init(&p.slot[i].pack, 0);
    }
    reader rd[16];
    memset(rd, 0, sizeof rd);
    writer w;
    memset(&w, 0, sizeof w);
    w.s = s;
    w.year = year;
    int rc = KH_OK, fk_off = 0;

    /* Foreign keys are not checked while the review is written: its rows
     * name the households just read. */
    sqlite3_exec(s->db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
    fk_off = 1;
    rc = kh_store_begin(s, err);
    /* review_flagged (migration 18, the web's findings list) is built
     * again after the rows are written: sorting them once costs about a
     * third of keeping the index up to date row by row (docs/benchmarks.md,
     * "The findings list") */
    if (!rc && sqlite3_exec(s->db, "DROP INDEX IF EXISTS review_flagged",
                            NULL, NULL, NULL) != SQLITE_OK)
        rc = kh_sqldb_err(s->db, err);
    if (!rc) rc = clear_year(s, year, err);
    if (!rc) {
        sqlite3_stmt *run;
        rc = kh_sqldb_prepare(s->db,
                  "INSERT INTO review_run(year, run_at, standards, std_text,"
                  " today) VALUES(?1, strftime('%Y-%m-%dT%H:%M:%S','now',"
                  "'localtime'), ?2, ?3, ?4)",
                  &run, err);
        if (!rc) {
            /* What the findings are made again from when read. */
            size_t ovn;
            const void *ov = kh_standard_overlays(std, &ovn);
            char td[16] = "0";
            if (today && today[0])
                snprintf(td, sizeof td, "%04d-%02d-%02d", today[0] % 10000,
                         today[1] % 100, today[2] % 100);
            sqlite3_bind_int(run, 1, year);
            sqlite3_bind_text(run, 2, std_name, -1, SQLITE_STATIC);
            sqlite3_bind_blob(run, 3, ov, (int)ovn, SQLITE_STATIC);
            sqlite3_bind_text(run, 4, td, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(run) != SQLITE_DONE) rc = kh_sqldb_err(s->db, err);
            sqlite3_finalize(run);
        }
    }
    if (!rc)
        rc = kh_sqldb_prepare(s->db,
                  "INSERT INTO review(household, year, applies, flagged,"
                  " exit_ready, helper_nth, helper_total) VALUES(?,?,?,?,?,?,?)",
                  &w.ins, err);
    if (!rc) {
        kh_buf sql = KH_BUF_INIT;
        int bad = kh_buf_adds(&sql, "INSERT INTO review(household, year,"
                                    " applies, flagged, exit_ready,"
                                    " helper_nth, helper_total) VALUES");
        for (int i = 0; i < BATCH && !bad; i++)
            bad = kh_buf_adds(&sql, i ? ",(?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?)");
        rc = bad ? kh_error_nomem(err)
                 : kh_sqldb_prepare(s->db, sql.data, &w.ins_many, err);
        kh_buf_free(&sql);
    }
    if (!rc)
        rc = kh_sqldb_prepare(s->db, "INSERT INTO ind_income(year, village, data)"
                         " VALUES(?1, ?2, ?3)", &w.ins_inc, err);
    if (!rc)
        rc = kh_sqldb_prepare(s->db, "INSERT INTO ind_tally(year, village, data)"
                         " VALUES(?1, ?2, ?3)", &w.ins_tal, err);
    /* The year's household rowids. */
    p.h0 = kh_sqldb_one(s->db,
               "SELECT id FROM household NOT INDEXED WHERE year = ?1"
               " AND ?2 = 0 ORDER BY id LIMIT 1",
               year, 0, -1);
    p.h1 = p.h0 < 0 ? -1
                    : kh_sqldb_one(s->db,
                          "SELECT id FROM household NOT INDEXED WHERE"
                          " year = ?1 AND ?2 = 0 ORDER BY id DESC LIMIT 1",
                          year, 0, p.h0);
    p.k0 = p.h0 < 0 ? 0 : p.h0 / CHUNK;
    p.nchunks = p.h0 < 0 ? 0 : p.h1 / CHUNK - p.k0 + 1;
    /* The packed side store when it is that of these data; otherwise
     * the rows, packed again on the way (when the schema has the table). */
    p.packed = !rc && p.nchunks && pack_current(s->db, year);
    p.repack = !rc && p.nchunks && !p.packed &&
               kh_sqldb_one(s->db, "SELECT count(*) FROM sqlite_master WHERE"
                            " type = 'table' AND name = 'hh_pack_run'"
                            " AND ?1 = ?2", 0, 0, 0) > 0;
    if (p.repack) {
        rc = kh_pack_clear(s->db, year, err);
        if (!rc) rc = kh_pack_prepare_put(s->db, &w.ins_pack, err);
    }
    if (p.nchunks < nthreads) nthreads = p.nchunks > 0 ? (int)p.nchunks : 1;
    /* The indicator set as `kaohe indicators` sets it up for this year
     * after the review (ind_tally.h), without the regions: the readers
     * sum per run of a village's households, and the rows are placed in
     * the region list when read. */
    if (!rc) {
        kh_regionset *rs = NULL;
        rc = kh_regionset_new(&rs, err);
        if (!rc) rc = kh_indicators_new(std, year, rs, 1, &p.ix, err);
        kh_regionset_free(rs);
    }
    int nr = 0;
    for (int t = 0; t < nthreads && !rc && p.nchunks; t++) {
        rd[t].p = &p;
        nr++;
        rc = reader_open(&rd[t], s, today, err);
        if (!rc) {
            size_t n = kh_indicators_count(p.ix);
            rd[t].tn = calloc(n ? n : 1, sizeof *rd[t].tn);
            rd[t].td = calloc(n ? n : 1, sizeof *rd[t].td);
            if (!rd[t].tn || !rd[t].td) rc = kh_error_nomem(err);
        }
    }
    for (int t = 0; t < nr && !rc; t++) {
        if (pthread_create(&rd[t].tid, NULL, reader_main, &rd[t]) == 0)
            rd[t].started = 1;
        else
            rc = kh_error_msg(err, KH_ERR_NOMEM, "thread", "无法创建线程",
                              "cannot start a thread");
    }
    /* Meanwhile: the helpers with too many households. */
    helper_job hj;
    memset(&hj, 0, sizeof hj);
    hj.year = year;
    hj.max = kh_reviewer_helper_max(rv);
    if (!rc && p.packed) {
        /* The side store's counts: one read of the few above the maximum. */
        hj.packed = 1;
        hj.db = s->db;
        helper_main(&hj);
        hj.db = NULL;
        if (hj.rc) {
            rc = hj.rc;
            if (err) *err = hj.err;
        }
    }
    if (!rc && !p.packed) rc = helper_open(&hj, s, err);
    if (!rc && !p.packed) {
        if (pthread_create(&hj.tid, NULL, helper_main, &hj) == 0)
            hj.started = 1;
        else
            rc = kh_error_msg(err, KH_ERR_NOMEM, "thread", "无法创建线程",
                              "cannot start a thread");
    }
    /* The writer decides helper_overload in registry order as the chunks
     * come: it needs the helpers above the maximum first (the readers
     * fill the slots meanwhile). */
    if (hj.started) {
        pthread_join(hj.tid, NULL);
        hj.started = 0;
        if (!rc && hj.rc) {
            rc = hj.rc;
            if (err) *err = hj.err;
        }
    }
    for (size_t i = 0; i < hj.n && !rc; i++)
        rc = kh_reviewer_helper_key_count(rv, hj.key[i], hj.total[i], err);
    if (!rc && p.ix) {
        size_t n = kh_indicators_count(p.ix);
        w.ix = p.ix;
        w.hl_ind = kh_indicators_find(p.ix, "finding.helper_overload");
        if (!(w.tn = calloc(2 * (n ? n : 1), sizeof *w.tn))) rc = kh_error_nomem(err);
    } else {
        w.hl_ind = -1;
    }
    for (long long i = 0; i < p.nchunks && !rc; i++) {
        chunk *c = &p.slot[i % SLOTS];
        pthread_mutex_lock(&p.mu);
        while (!(c->idx == i && c->done) && !p.stop)
            pthread_cond_wait(&p.cv, &p.mu);
        int ready = c->idx == i && c->done;
        pthread_mutex_unlock(&p.mu);
        if (!ready) {
            /* A reader failed: find its error. */
            for (int k = 0; k < SLOTS; k++)
                if (p.slot[k].done && p.slot[k].rc) {
                    rc = p.slot[k].rc;
                    if (err) *err = p.slot[k].err;
                    break;
                }
            if (!rc)
                rc = kh_error_msg(err, KH_ERR_DB, "db", "读取失败",
                                  "reading failed");
            break;
        }
        if (c->rc) {
            rc = c->rc;
            if (err) *err = c->err;
            break;
        }
        rc = write_chunk(&w, rv, c, out, err);
        if (!rc && w.ins_pack && c->pack_nhh)
            rc = kh_pack_put(s->db, w.ins_pack, year, p.k0 + i, c->pack_nhh,
                             c->pack.data, c->pack.len, err);
        pthread_mutex_lock(&p.mu);
        c->idx = -1;
        c->done = 0;
        p.consumed = i + 1;
        if (rc) p.stop = 1;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
    }
    pthread_mutex_lock(&p.mu);
    if (rc) p.stop = 1;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    for (int t = 0; t < nr; t++)
        if (rd[t].started) pthread_join(rd[t].tid, NULL);
    if (!rc) rc = flush_rows(&w, err);
    if (hj.started) pthread_join(hj.tid, NULL);
    if (!rc && hj.started && hj.rc) {
        rc = hj.rc;
        if (err) *err = hj.err;
    }
    if (!rc && p.ix) rc = kh_store_ind_tally_save(s, year, std, p.ix, err);
    if (!rc && p.repack) rc = kh_pack_done(s->db, year, err);
    if (hj.db) {
        sqlite3_exec(hj.db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(hj.db);
    }
    free(hj.key);
    free(hj.total);
    for (int t = 0; t < nr; t++)
        reader_close(&rd[t]);
    sqlite3_finalize(w.ins);
    sqlite3_finalize(w.ins_many);
    free(w.tn);
    kh_buf_free(&w.tb);
    sqlite3_finalize(w.ins_inc);
    sqlite3_finalize(w.ins_tal);
    sqlite3_finalize(w.ins_pack);
    if (!rc && before_commit) rc = before_commit(ctx, s, out, err);
    if (!rc && sqlite3_exec(s->db,
                            "CREATE INDEX IF NOT EXISTS review_flagged"
                            " ON review(year, flagged)",
                            NULL, NULL, NULL) != SQLITE_OK)
        rc = kh_sqldb_err(s->db, err);
    if (!rc)
        rc = kh_store_commit(s, err);
    else if (s->in_tx)
        kh_store_rollback(s);
    if (fk_off) sqlite3_exec(s->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
    for (int i = 0; i < SLOTS; i++) {
        free(p.slot[i].r);
        kh_buf_free(&p.slot[i].inc);
        kh_buf_free(&p.slot[i].tal);
        kh_buf_free(&p.slot[i].pack);
    }
    kh_indicators_free(p.ix);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return rc;
}

/* The review table in rowid order (through review_year, every row of the
 * year would be a lookup to read exit_ready). */
int kh_store_review_ready_each(kh_store *s, int year, kh_store_ready_fn fn,
                               void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sqldb_prepare(s->db,
                  "SELECT h.hh_id, h.village, (SELECT count(*) FROM member m"
                  " WHERE m.household = h.id) FROM review r NOT INDEXED"
                  " JOIN household h ON h.id = r.household"
                  " WHERE r.year = ?1 AND r.exit_ready ORDER BY r.household",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *id = sqlite3_column_text(st, 0);
        const unsigned char *v = sqlite3_column_text(st, 1);
        rc = fn(ctx, id ? (const char *)id : "", v ? (const char *)v : "",
                sqlite3_column_int64(st, 2), err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sqldb_err(s->db, err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- the findings made again when read (store_int.h) ---- */

struct kh_rv_derive {
    pipe p;
    reader r;
    kh_standard *std;
    int today[3];
    sqlite3_stmt *hs1, *helper;
    kh_review_result res;
};

static int stale(int year, kh_error *err)
{
    return kh_error_set(err, KH_ERR_INVALID, "review_stale",
                        "%d 年保存的退出核查结果与数据不一致,请重新运行"
                        " kaohe review --year %d",
                        "the stored exit review of %d does not match the"
                        " data: run `kaohe review --year %d` again",
                        year, year);
}

void kh_rv_derive_free(kh_rv_derive *d)
{
    if (!d) return;
    sqlite3_finalize(d->hs1);
    sqlite3_finalize(d->helper);
    d->r.db = NULL; /* the store's connection: not ours to close */
    reader_close(&d->r);
    kh_standard_free(d->std);
    free(d);
}

int kh_rv_derive_open(kh_store *s, int year, kh_rv_derive **out,
                      kh_error *err)
{
    *out = NULL;
    sqlite3_stmt *st;
    int rc = kh_sqldb_prepare(s->db,
                  "SELECT std_text, coalesce(today, '0') FROM review_run"
                  " WHERE year = ?1 AND std_text IS NOT NULL",
                  &st, err);
    if (rc) return rc;
    sqlite3_bind_int(st, 1, year);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        /* No review, or one stored with its findings' texts. */
        rc = step == SQLITE_DONE ? KH_OK : kh_sqldb_err(s->db, err);
        sqlite3_finalize(st);
        return rc;
    }
    kh_rv_derive *d = calloc(1, sizeof *d);
    if (!d) {
        sqlite3_finalize(st);
        return kh_error_nomem(err);
    }
    int today[3] = {0, 0, 0};
    const char *td = (const char *)sqlite3_column_text(st, 1);
    if (td && strlen(td) == 10)
        sscanf(td, "%d-%d-%d", &today[0], &today[1], &today[2]);
    rc = kh_standard_from_overlays(sqlite3_column_blob(st, 0),
                                   (size_t)sqlite3_column_bytes(st, 0),
                                   &d->std, err);
    sqlite3_finalize(st);
    reader *r = &d->r;
    d->p.std = d->std;
    d->p.year = year;
    r->p = &d->p;
    r->db = s->db;
    kh_buf_init(&r->text, 0);
    if (!rc) {
        for (int e = 0; e < E_N; e++) {
            r->ids[e] = kh_standard_enum(d->std, enum_names[e]);
            r->cache[e].len = -1;
        }
        memcpy(d->today, today, sizeof d->today);
        rc = kh_reviewer_new(d->std, year, today, &r->rv, err);
    }
    if (!rc) {
        kh_reviewer_defer_helpers(r->rv);
        kh_reviewer_no_tally(r->rv);
        rc = kh_sqldb_prepare(s->db,
                  "SELECT " HH_COLS " FROM household WHERE id = ?1",
                  &d->hs1, err);
    }
    if (!rc)
        rc = kh_sqldb_prepare(s->db,
                  "SELECT " MEMBER_COLS " FROM member WHERE household = ?1"
                  " ORDER BY id",
                  &r->one_hh, err);
    if (!rc)
        rc = kh_sqldb_prepare(s->db,
                  "SELECT helper, helper_id FROM household WHERE id = ?1",
                  &d->helper, err);
    if (rc) {
        kh_rv_derive_free(d);
        return rc;
    }
    *out = d;
    return KH_OK;
}

int kh_rv_derive_household(kh_rv_derive *d, long long hid, uint32_t flagged,
                           unsigned nth, unsigned total,
                           const kh_household **h,
                           const kh_review_result **res, kh_error *err)
{
    reader *r = &d->r;
    int year = d->p.year, rc = KH_OK, step;
    sqlite3_reset(d->hs1);
    sqlite3_bind_int64(d->hs1, 1, hid);
    step = sqlite3_step(d->hs1);
    if (step != SQLITE_ROW) {
        rc = step == SQLITE_DONE ? stale(year, err) : kh_sqldb_err(r->db, err);
        sqlite3_reset(d->hs1);
        return rc;
    }
    if (read_household(r, d->hs1)) rc = kh_error_nomem(err);
    sqlite3_reset(d->hs1);
    sqlite3_reset(r->one_hh);
    sqlite3_bind_int64(r->one_hh, 1, hid);
    while (!rc && (step = sqlite3_step(r->one_hh)) == SQLITE_ROW)
        if (read_member(r, r->one_hh)) rc = kh_error_nomem(err);
    if (!rc && step != SQLITE_DONE) rc = kh_sqldb_err(r->db, err);
    sqlite3_reset(r->one_hh);
    if (rc) return rc;
    if (!r->nm || r->unknown) return stale(year, err);
    kh_household *hh = &r->h;
    hh->helper_id = r->text.data;
    for (size_t i = 0; i < r->nm; i++)
        r->m[i].name = r->text.data + r->name_off[i];
    hh->members = r->m;
    hh->nmembers = r->nm;
    rc = kh_review_household(r->rv, hh, &d->res, err);
    if (rc) return rc;
    const uint32_t hbit = 1u << KH_RV_HELPER_OVERLOAD;
    if (flagged & hbit) {
        sqlite3_reset(d->helper);
        sqlite3_bind_int64(d->helper, 1, hid);
        if (sqlite3_step(d->helper) != SQLITE_ROW) {
            sqlite3_reset(d->helper);
            return kh_sqldb_err(r->db, err);
        }
        kh_review_helper_flag(r->rv, kh_sql_str(d->helper, 0),
                              kh_sql_str(d->helper, 1), total, nth, &d->res);
        sqlite3_reset(d->helper);
    }
    /* The same bits as stored, or the data changed without a review. */
    if ((d->res.flagged & ~hbit) != (flagged & ~hbit)) return stale(year, err);
    *h = hh;
    *res = &d->res;
    return KH_OK;
}

const kh_standard *kh_rv_derive_std(const kh_rv_derive *d, int today[3])
{
    memcpy(today, d->today, sizeof d->today);
    return d->std;
}
