/* SPDX-License-Identifier: MIT */
/*
 * pack_store.c - writing the packed side store (hh_pack.h) during an
 * import: the households and members of one chunk of KH_PACK_CHUNK rowids
 * are encoded as they are stored, with a dictionary of the chunk's
 * distinct village codes and labels, and written as one blob when the
 * next chunk begins. Memory: one chunk's bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/hh_pack.h"
#include "store/store_int.h"


struct kh_pack {
    int year;
    long long chunk; /* the chunk being filled, -1 none */
    long long prev;  /* the previous household's rowid */
    long long nhh;
    kh_buf dict, body, out;
    size_t ndict;
    /* dictionary: slot -> 1 + index, with the text's offset and length
     * (a chunk has a few dozen texts; the slots double when half full) */
    uint32_t *slot;
    size_t nslots;
    uint32_t *off, *len;
    size_t cap;
    sqlite3_stmt *ins;
};

static int nomem(kh_error *err)
{
    return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                        "out of memory");
}

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

static int put_z(kh_buf *b, int64_t v)
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

static int grow_slots(kh_pack *pk)
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

/* A dictionary reference to t: 0 for NULL or "". */
static int put_ref(kh_pack *pk, const char *t)
{
    if (!t || !*t) return put_u(&pk->body, 0);
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
            if (put_u(&pk->dict, n) || kh_buf_add(&pk->dict, t, n)) return -1;
            pk->off[pk->ndict] = (uint32_t)(pk->dict.len - n);
            pk->len[pk->ndict] = (uint32_t)n;
            pk->slot[i] = (uint32_t)++pk->ndict;
            return put_u(&pk->body, pk->ndict);
        }
        if (pk->len[e - 1] == n &&
            memcmp(pk->dict.data + pk->off[e - 1], t, n) == 0)
            return put_u(&pk->body, e);
    }
}

static int tri2(int v)
{
    return v < 0 ? 2 : v ? 1 : 0;
}

/* Write the chunk being filled, if any, and start an empty one. */
static int flush(kh_store *s, kh_error *err)
{
    kh_pack *pk = s->pack;
    if (pk->chunk >= 0 && pk->nhh) {
        kh_buf_reset(&pk->out);
        if (put_u(&pk->out, pk->ndict) ||
            (pk->dict.len && kh_buf_add(&pk->out, pk->dict.data, pk->dict.len)) ||
            put_u(&pk->out, (uint64_t)pk->nhh) ||
            kh_buf_add(&pk->out, pk->body.data, pk->body.len))
            return nomem(err);
        sqlite3_reset(pk->ins);
        sqlite3_bind_int(pk->ins, 1, pk->year);
        sqlite3_bind_int64(pk->ins, 2, pk->chunk);
        sqlite3_bind_int64(pk->ins, 3, pk->nhh);
        sqlite3_bind_blob(pk->ins, 4, pk->out.data, (int)pk->out.len,
                          SQLITE_STATIC);
        if (sqlite3_step(pk->ins) != SQLITE_DONE) return kh_sql_err(s, err);
        sqlite3_reset(pk->ins);
    }
    kh_buf_reset(&pk->dict);
    kh_buf_reset(&pk->body);
    if (pk->slot) memset(pk->slot, 0, pk->nslots * sizeof *pk->slot);
    pk->ndict = 0;
    pk->nhh = 0;
    pk->chunk = -1;
    return KH_OK;
}

void kh_pack_free(kh_store *s)
{
    kh_pack *pk = s->pack;
    if (!pk) return;
    sqlite3_finalize(pk->ins);
    kh_buf_free(&pk->dict);
    kh_buf_free(&pk->body);
    kh_buf_free(&pk->out);
    free(pk->slot);
    free(pk->off);
    free(pk->len);
    free(pk);
    s->pack = NULL;
}

int kh_pack_begin(kh_store *s, int year, kh_error *err)
{
    kh_pack_free(s);
    kh_pack *pk = calloc(1, sizeof *pk);
    if (!pk) return nomem(err);
    s->pack = pk;
    pk->year = year;
    pk->chunk = -1;
    kh_buf_init(&pk->dict, 0);
    kh_buf_init(&pk->body, 0);
    kh_buf_init(&pk->out, 0);
    sqlite3_stmt *del;
    int rc = kh_sql_prepare(s, "DELETE FROM hh_pack_run WHERE year = ?1",
                            &del, err);
    if (!rc) {
        sqlite3_bind_int(del, 1, year);
        rc = kh_sql_run(s, del, err);
    }
    if (!rc) rc = kh_sql_prepare(s, "DELETE FROM hh_pack WHERE year = ?1",
                                 &del, err);
    if (!rc) {
        sqlite3_bind_int(del, 1, year);
        rc = kh_sql_run(s, del, err);
    }
    if (!rc)
        rc = kh_sql_prepare(s, "INSERT INTO hh_pack(year, chunk, households,"
                               " data) VALUES(?1, ?2, ?3, ?4)", &pk->ins, err);
    if (rc) kh_pack_free(s);
    return rc;
}

int kh_pack_household(kh_store *s, long long hid, const kh_household *h,
                      const char *const txt[KH_PT_COUNT], kh_error *err)
{
    kh_pack *pk = s->pack;
    if (!pk) return KH_OK;
    long long chunk = hid / KH_PACK_CHUNK;
    if (chunk != pk->chunk) {
        int rc = flush(s, err);
        if (rc) return rc;
        pk->chunk = chunk;
        pk->prev = chunk * KH_PACK_CHUNK;
    }
    kh_buf *b = &pk->body;
    int bad = put_u(b, (uint64_t)(hid - pk->prev));
    pk->prev = hid;
    for (int k = KH_PT_VILLAGE; !bad && k <= KH_PT_MEASURES; k++)
        bad = put_ref(pk, txt[k]);
    unsigned set = h->money_set & ((1u << KH_M_COUNT) - 1);
    if (!bad)
        bad = put_u(b, (uint64_t)(tri2(h->water_safe) | tri2(h->relocated) << 2)) ||
              put_u(b, set);
    for (int k = 0; !bad && k < KH_M_COUNT; k++)
        if (set & (1u << k)) bad = put_z(b, h->money[k]);
    if (!bad)
        bad = put_z(b, h->year_out) || put_text(b, txt[KH_PT_HELPER_ID]) ||
              put_text(b, txt[KH_PT_LAST_VISIT]) ||
              put_u(b, (uint64_t)h->nmembers);
    if (bad) return nomem(err);
    pk->nhh++;
    return KH_OK;
}

int kh_pack_member(kh_store *s, const kh_member *m,
                   const char *const lab[KH_PM_COUNT], kh_error *err)
{
    kh_pack *pk = s->pack;
    if (!pk) return KH_OK;
    kh_buf *b = &pk->body;
    int bad = put_text(b, m->name) || put_text(b, m->id_no);
    for (int k = 0; !bad && k < KH_PM_COUNT; k++)
        bad = put_ref(pk, lab[k]);
    if (!bad)
        bad = put_u(b, (uint64_t)(tri2(m->ins_med) | tri2(m->ins_pension) << 2 |
                                  tri2(m->treat_first) << 4 |
                                  tri2(m->ins_serious) << 6));
    return bad ? nomem(err) : KH_OK;
}

int kh_pack_end(kh_store *s, int year, kh_error *err)
{
    if (!s->pack) return KH_OK;
    int rc = flush(s, err);
    char fp[256] = "";
    if (!rc) rc = kh_data_fingerprint(s->db, year, fp, sizeof fp, err);
    sqlite3_stmt *st = NULL;
    if (!rc)
        rc = kh_sql_prepare(s, "INSERT OR REPLACE INTO hh_pack_run(year,"
                               " version, fingerprint) VALUES(?1, ?2, ?3)",
                            &st, err);
    if (!rc) {
        sqlite3_bind_int(st, 1, year);
        sqlite3_bind_int(st, 2, KH_PACK_VERSION);
        sqlite3_bind_text(st, 3, fp, -1, SQLITE_STATIC);
        rc = kh_sql_run(s, st, err);
    }
    kh_pack_free(s);
    return rc;
}
