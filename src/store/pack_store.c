/* SPDX-License-Identifier: MIT */
/*
 * pack_store.c - writing the packed side store (hh_pack.h). The encoder
 * packs one chunk of KH_PACK_CHUNK household rowids: each member as it is
 * given, then its household (header, then the members' bytes), with a
 * dictionary of the chunk's distinct village codes and labels; the blob
 * is the dictionary followed by the households. The import feeds it the
 * texts it binds to the rows and writes a blob when the next chunk begins
 * (memory: one chunk's bytes); kaohe review, reading the rows of a year
 * whose side store is stale or missing, feeds it the texts it reads and
 * writes the blobs again.
 *
 * The import also counts the households of every helper (hh_helper): the
 * writer keeps each household's helper key in a temporary file, and a
 * thread of its own sorts and counts them while the calling thread builds
 * the indexes (kh_pack_count_start), so that the count costs the import's
 * single-threaded end nothing but the rows' insertion. Whatever fails on
 * that way falls back to counting with SQL, as the review does.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/hh_pack.h"
#include "kaohe/idcard.h"
#include "store/store_int.h"

struct kh_pack_enc {
    long long chunk; /* the chunk being filled */
    long long prev;  /* the previous household's rowid */
    long long nhh;
    kh_buf dict, body, mem, out;
    size_t ndict;
    /* dictionary: slot -> 1 + index, with the text's offset and length
     * (a chunk has a few dozen texts; the slots double when half full) */
    uint32_t *slot;
    size_t nslots;
    uint32_t *off, *len;
    size_t cap;
};

/* The import's writer: the encoder, the chunk being filled (-1 none);
 * the helpers' keys (NULL when the file could not be had or written: the
 * SQL count then), and the thread that sorts them. */
struct kh_pack {
    int year;
    long long chunk;
    kh_pack_enc *enc;
    sqlite3_stmt *ins;
    FILE *keys;
    size_t nkeys;
    pthread_t counter;
    int counting;     /* the thread runs: join it */
    uint64_t *sorted; /* its result, nkeys keys, or NULL on failure */
};

static int put_u(kh_buf *b, uint64_t u)
{
    unsigned char t[10];
    int n = 0;
    do {
        t[n] = (unsigned char)(u & 127);
        u >>= 7;
        if (u) t[n] |= 128;
        n++;
    } while (u);
    return kh_buf_add(b, t, (size_t)n);
}

int kh_put_zigzag(kh_buf *b, int64_t v)
{
    return put_u(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static int put_text(kh_buf *b, const char *t)
{
    size_t n = t ? strlen(t) : 0;
    return put_u(b, n) || (n && kh_buf_add(b, t, n));
}

static uint32_t hash(const char *t, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)t[i]) * 16777619u;
    return h;
}

static int grow_slots(kh_pack_enc *pk)
{
    size_t ns = pk->nslots ? pk->nslots * 2 : 256;
    uint32_t *sl = calloc(ns, sizeof *sl);
    if (!sl) return -1;
    for (size_t e = 0; e < pk->ndict; e++) {
        size_t i = hash(pk->dict.data + pk->off[e], pk->len[e]) & (ns - 1);
        while (sl[i]) i = (i + 1) & (ns - 1);
        sl[i] = (uint32_t)(e + 1);
    }
    free(pk->slot);
    pk->slot = sl;
    pk->nslots = ns;
    return 0;
}

/* A dictionary reference to t into b: 0 for NULL. */
static int put_ref(kh_pack_enc *pk, kh_buf *b, const char *t)
{
    if (!t) return put_u(b, 0);
    if ((pk->ndict + 1) * 2 > pk->nslots && grow_slots(pk)) return -1;
    size_t n = strlen(t), mask = pk->nslots - 1;
    for (size_t i = hash(t, n) & mask;; i = (i + 1) & mask) {
        uint32_t e = pk->slot[i];
        if (!e) {
            if (pk->ndict == pk->cap) {
                size_t cap = pk->cap ? pk->cap * 2 : 64;
                uint32_t *o = realloc(pk->off, cap * sizeof *o);
                if (!o) return -1;
                pk->off = o;
                uint32_t *l = realloc(pk->len, cap * sizeof *l);
                if (!l) return -1;
                pk->len = l;
                pk->cap = cap;
            }
            if (put_u(&pk->dict, n) || (n && kh_buf_add(&pk->dict, t, n)))
                return -1;
            pk->off[pk->ndict] = (uint32_t)(pk->dict.len - n);
            pk->len[pk->ndict] = (uint32_t)n;
            pk->slot[i] = (uint32_t)++pk->ndict;
            return put_u(b, pk->ndict);
        }
        if (pk->len[e - 1] == n &&
            (!n || memcmp(pk->dict.data + pk->off[e - 1], t, n) == 0))
            return put_u(b, e);
    }
}

static int tri2(int v)
{
    return v < 0 ? 2 : v ? 1 : 0;
}

kh_pack_enc *kh_pack_enc_new(void)
{
    kh_pack_enc *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    kh_buf_init(&e->dict, 0);
    kh_buf_init(&e->body, 0);
    kh_buf_init(&e->mem, 0);
    kh_buf_init(&e->out, 0);
    return e;
}

void kh_pack_enc_free(kh_pack_enc *e)
{
    if (!e) return;
    kh_buf_free(&e->dict);
    kh_buf_free(&e->body);
    kh_buf_free(&e->mem);
    kh_buf_free(&e->out);
    free(e->slot);
    free(e->off);
    free(e->len);
    free(e);
}

void kh_pack_enc_start(kh_pack_enc *e, long long chunk)
{
    kh_buf_reset(&e->dict);
    kh_buf_reset(&e->body);
    kh_buf_reset(&e->mem);
    if (e->slot) memset(e->slot, 0, e->nslots * sizeof *e->slot);
    e->ndict = 0;
    e->nhh = 0;
    e->chunk = chunk;
    e->prev = chunk * KH_PACK_CHUNK;
}

int kh_pack_enc_member(kh_pack_enc *e, const char *name, const char *id_no,
                       const char *const lab[KH_PM_COUNT], int ins_med,
                       int ins_pension, int treat_first, int ins_serious)
{
    kh_buf *b = &e->mem;
    int bad = put_text(b, name) || put_text(b, id_no);
    for (int k = 0; !bad && k < KH_PM_COUNT; k++)
        bad = put_ref(e, b, lab[k]);
    if (!bad)
        bad = put_u(b, (uint64_t)(tri2(ins_med) | tri2(ins_pension) << 2 |
                                  tri2(treat_first) << 4 |
                                  tri2(ins_serious) << 6));
    return bad ? KH_ERR_NOMEM : KH_OK;
}

void kh_pack_enc_drop_members(kh_pack_enc *e)
{
    kh_buf_reset(&e->mem);
}

int kh_pack_enc_household(kh_pack_enc *e, long long hid, const kh_household *h,
                          const char *const txt[KH_PT_COUNT], long long year_out,
                          size_t nmembers)
{
    kh_buf *b = &e->body;
    int bad = put_u(b, (uint64_t)(hid - e->prev));
    e->prev = hid;
    for (int k = KH_PT_VILLAGE; !bad && k <= KH_PT_MEASURES; k++)
        bad = put_ref(e, b, txt[k]);
    unsigned set = h->money_set & ((1u << KH_M_COUNT) - 1);
    if (!bad)
        bad = put_u(b, (uint64_t)(tri2(h->water_safe) | tri2(h->relocated) << 2)) ||
              put_u(b, set);
    for (int k = 0; !bad && k < KH_M_COUNT; k++)
        if (set & (1u << k)) bad = kh_put_zigzag(b, h->money[k]);
    if (!bad)
        bad = kh_put_zigzag(b, year_out) ||
              put_text(b, txt[KH_PT_HELPER_ID]) ||
              put_text(b, txt[KH_PT_LAST_VISIT]) ||
              put_u(b, (uint64_t)nmembers) ||
              (e->mem.len && kh_buf_add(b, e->mem.data, e->mem.len));
    kh_buf_reset(&e->mem);
    if (bad) return KH_ERR_NOMEM;
    e->nhh++;
    return KH_OK;
}

int kh_pack_enc_finish(kh_pack_enc *e, const void **data, size_t *len,
                       long long *nhh)
{
    kh_buf_reset(&e->out);
    if (put_u(&e->out, e->ndict) ||
        (e->dict.len && kh_buf_add(&e->out, e->dict.data, e->dict.len)) ||
        put_u(&e->out, (uint64_t)e->nhh) ||
        (e->body.len && kh_buf_add(&e->out, e->body.data, e->body.len)))
        return KH_ERR_NOMEM;
    *data = e->out.data;
    *len = e->out.len;
    *nhh = e->nhh;
    return KH_OK;
}

/* ---- the import's writer ---- */

/* Write the chunk being filled, if it has households. */
static int flush(kh_store *s, kh_error *err)
{
    kh_pack *pk = s->pack;
    if (pk->chunk < 0) return KH_OK;
    const void *data;
    size_t len;
    long long nhh;
    if (kh_pack_enc_finish(pk->enc, &data, &len, &nhh))
        return kh_error_nomem(err);
    pk->chunk = -1;
    if (!nhh) return KH_OK;
    return kh_pack_put(s->db, pk->ins, pk->year, pk->enc->chunk, nhh, data,
                       len, err);
}

int kh_pack_put(sqlite3 *db, sqlite3_stmt *ins, int year, long long chunk,
                long long nhh, const void *data, size_t len, kh_error *err)
{
    sqlite3_reset(ins);
    sqlite3_bind_int(ins, 1, year);
    sqlite3_bind_int64(ins, 2, chunk);
    sqlite3_bind_int64(ins, 3, nhh);
    sqlite3_bind_blob(ins, 4, data, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(ins) == SQLITE_DONE ? KH_OK : kh_sqldb_err(db, err);
    sqlite3_reset(ins);
    return rc;
}

/* Stop counting the helpers' keys by file: the SQL count then. */
static void drop_keys(kh_pack *pk)
{
    if (pk->counting) pthread_join(pk->counter, NULL);
    pk->counting = 0;
    free(pk->sorted);
    pk->sorted = NULL;
    if (pk->keys) fclose(pk->keys);
    pk->keys = NULL;
}

void kh_pack_free(kh_store *s)
{
    kh_pack *pk = s->pack;
    if (!pk) return;
    drop_keys(pk);
    sqlite3_finalize(pk->ins);
    kh_pack_enc_free(pk->enc);
    free(pk);
    s->pack = NULL;
}

int kh_pack_clear(sqlite3 *db, int year, kh_error *err)
{
    sqlite3_stmt *del;
    int rc = kh_sqldb_prepare(db, "DELETE FROM hh_pack_run WHERE year = ?1",
                              &del, err);
    if (!rc) {
        sqlite3_bind_int(del, 1, year);
        if (sqlite3_step(del) != SQLITE_DONE) rc = kh_sqldb_err(db, err);
        sqlite3_finalize(del);
    }
    static const char *const more[] = {
        "DELETE FROM hh_pack WHERE year = ?1",
        "DELETE FROM hh_helper WHERE year = ?1"};
    for (int i = 0; i < 2 && !rc; i++) {
        rc = kh_sqldb_prepare(db, more[i], &del, err);
        if (!rc) {
            sqlite3_bind_int(del, 1, year);
            if (sqlite3_step(del) != SQLITE_DONE) rc = kh_sqldb_err(db, err);
            sqlite3_finalize(del);
        }
    }
    return rc;
}

int kh_pack_prepare_put(sqlite3 *db, sqlite3_stmt **ins, kh_error *err)
{
    return kh_sqldb_prepare(db, "INSERT INTO hh_pack(year, chunk, households,"
                                " data) VALUES(?1, ?2, ?3, ?4)", ins, err);
}

int kh_pack_begin(kh_store *s, int year, kh_error *err)
{
    kh_pack_free(s);
    kh_pack *pk = calloc(1, sizeof *pk);
    if (!pk) return kh_error_nomem(err);
    s->pack = pk;
    pk->year = year;
    pk->chunk = -1;
    pk->enc = kh_pack_enc_new();
    pk->keys = tmpfile(); /* NULL: counted with SQL */
    int rc = pk->enc ? kh_pack_clear(s->db, year, err) : kh_error_nomem(err);
    if (!rc) rc = kh_pack_prepare_put(s->db, &pk->ins, err);
    if (rc) kh_pack_free(s);
    return rc;
}

int kh_pack_member(kh_store *s, const kh_member *m,
                   const char *const lab[KH_PM_COUNT], kh_error *err)
{
    kh_pack *pk = s->pack;
    if (!pk) return KH_OK;
    return kh_pack_enc_member(pk->enc, m->name, m->id_no, lab, m->ins_med,
                              m->ins_pension, m->treat_first, m->ins_serious)
               ? kh_error_nomem(err)
               : KH_OK;
}

int kh_pack_at(kh_store *s, long long hid, kh_error *err)
{
    kh_pack *pk = s->pack;
    if (!pk || hid / KH_PACK_CHUNK == pk->chunk) return KH_OK;
    int rc = flush(s, err);
    pk->chunk = hid / KH_PACK_CHUNK;
    kh_pack_enc_start(pk->enc, pk->chunk);
    return rc;
}

int kh_pack_household(kh_store *s, long long hid, const kh_household *h,
                      const char *const txt[KH_PT_COUNT], kh_error *err)
{
    kh_pack *pk = s->pack;
    if (!pk) return KH_OK;
    kh_idcard c;
    /* The helper's key as the SQL function kh_idkey gives it (sql.c) for
     * the helper_id column (NULL for none or an invalid ID number). */
    if (pk->keys && h->helper_id && *h->helper_id &&
        kh_idcard_parse(h->helper_id, strlen(h->helper_id), &c) == KH_ID_OK) {
        uint64_t k = kh_idcard_key(&c) + 1;
        if (fwrite(&k, sizeof k, 1, pk->keys) == 1) pk->nkeys++;
        else drop_keys(pk);
    }
    return kh_pack_enc_household(pk->enc, hid, h, txt, h->year_out,
                                 h->nmembers)
               ? kh_error_nomem(err)
               : KH_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void *count_keys(void *arg)
{
    kh_pack *pk = arg;
    uint64_t *k = malloc((pk->nkeys ? pk->nkeys : 1) * sizeof *k);
    if (k && (fflush(pk->keys) != 0 || fseek(pk->keys, 0, SEEK_SET) != 0 ||
              fread(k, sizeof *k, pk->nkeys, pk->keys) != pk->nkeys)) {
        free(k);
        k = NULL;
    }
    if (k) qsort(k, pk->nkeys, sizeof *k, cmp_u64);
    pk->sorted = k;
    return NULL;
}

void kh_pack_count_start(kh_store *s)
{
    kh_pack *pk = s->pack;
    if (!pk || !pk->keys || pk->counting) return;
    if (pthread_create(&pk->counter, NULL, count_keys, pk) == 0)
        pk->counting = 1;
    else
        drop_keys(pk);
}

/* The helpers' households from the sorted keys: the rows the SQL count
 * below inserts. */
static int put_counted(sqlite3 *db, int year, const uint64_t *k, size_t n,
                       kh_error *err)
{
    sqlite3_stmt *st;
    int rc = kh_sqldb_prepare(db, "INSERT INTO hh_helper(year, households,"
                                  " key) VALUES(?1, ?2, ?3)", &st, err);
    for (size_t i = 0, j; !rc && i < n; i = j) {
        for (j = i + 1; j < n && k[j] == k[i]; j++) {}
        sqlite3_bind_int(st, 1, year);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)(j - i));
        sqlite3_bind_int64(st, 3, (sqlite3_int64)k[i]);
        if (sqlite3_step(st) != SQLITE_DONE) rc = kh_sqldb_err(db, err);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

static int count_sql(sqlite3 *db, int year, kh_error *err)
{
    sqlite3_stmt *st = NULL;
    /* The helpers' households, counted as review_run.c's GROUP BY did. */
    int rc = kh_sqldb_idkey(db) == SQLITE_OK
                 ? kh_sqldb_prepare(db,
                       "INSERT INTO hh_helper(year, households, key)"
                       " SELECT ?1, count(*), k FROM (SELECT"
                       " kh_idkey(helper_id) AS k FROM household NOT INDEXED"
                       " WHERE year = ?1 AND helper_id IS NOT NULL)"
                       " WHERE k IS NOT NULL GROUP BY k", &st, err)
                 : kh_sqldb_err(db, err);
    if (!rc) {
        sqlite3_bind_int(st, 1, year);
        if (sqlite3_step(st) != SQLITE_DONE) rc = kh_sqldb_err(db, err);
        sqlite3_finalize(st);
    }
    return rc;
}

/* The run row: the side store is current for the data as it is now. */
static int run_row(sqlite3 *db, int year, kh_error *err)
{
    char fp[256] = "";
    sqlite3_stmt *st = NULL;
    int rc = kh_data_fingerprint(db, year, fp, sizeof fp, err);
    if (!rc)
        rc = kh_sqldb_prepare(db, "INSERT OR REPLACE INTO hh_pack_run(year,"
                                  " version, fingerprint) VALUES(?1, ?2, ?3)",
                              &st, err);
    if (!rc) {
        sqlite3_bind_int(st, 1, year);
        sqlite3_bind_int(st, 2, KH_PACK_VERSION);
        sqlite3_bind_text(st, 3, fp, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = kh_sqldb_err(db, err);
        sqlite3_finalize(st);
    }
    return rc;
}

int kh_pack_done(sqlite3 *db, int year, kh_error *err)
{
    int rc = count_sql(db, year, err);
    return rc ? rc : run_row(db, year, err);
}

int kh_pack_end(kh_store *s, int year, kh_error *err)
{
    kh_pack *pk = s->pack;
    if (!pk) return KH_OK;
    int rc = flush(s, err);
    if (pk->counting) {
        pthread_join(pk->counter, NULL);
        pk->counting = 0;
    }
    if (!rc)
        rc = pk->sorted ? put_counted(s->db, year, pk->sorted, pk->nkeys, err)
                        : count_sql(s->db, year, err);
    if (!rc) rc = run_row(s->db, year, err);
    kh_pack_free(s);
    return rc;
}
