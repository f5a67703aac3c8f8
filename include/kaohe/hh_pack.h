/* SPDX-License-Identifier: MIT */
/*
 * hh_pack.h - the packed side store of a year's registry (src/store/
 * pack_store.c, docs/review.md "The packed side store"): exactly the
 * fields the review's rules and the indicators' tallies read, written by
 * `kaohe import` in its transaction, one blob per KH_PACK_CHUNK household
 * rowids (table hh_pack, keyed by year and rowid / KH_PACK_CHUNK), and one
 * row a year (hh_pack_run) with the data fingerprint it was written for
 * (kh_data_fingerprint, store_int.h). `kaohe review` reads the blobs
 * instead of decoding the household and member rows when that row says
 * they are current, and the rows otherwise.
 *
 * A blob (version KH_PACK_VERSION), every integer a varint (LEB128;
 * "z" zigzag-coded):
 *   ndict, then ndict texts (length, bytes): the chunk's distinct village
 *     codes and labels, referred to below as 1 + their index (0: NULL);
 *   nhh, then per household:
 *     rowid minus the previous one's (the first: minus chunk * CHUNK),
 *     village, hh_type, cause, status, housing, measures (dictionary
 *     references; measures is the stored text, labels joined by ';';
 *     "" is a text of length 0, told from NULL),
 *     water_safe | relocated << 2 (2: NULL), money_set, then z money[k]
 *     for each k set (enum kh_money order), z year_out (0: NULL),
 *     helper_id and last_visit (length, bytes; 0: NULL),
 *     nmembers, then per member: name, id_no (length, bytes), relation,
 *     education, schooling, health, labour, work (references), and
 *     ins_med | ins_pension << 2 | treat_first << 4 | ins_serious << 6
 *     (2: NULL).
 * The texts are those stored in the rows (the import's standards'
 * labels), so that a review with other standards resolves them as it
 * would the rows'. The dictionary holds the texts in the order first
 * used, members before their household: the import and a review that
 * packs the rows again write the same bytes.
 */
#ifndef KAOHE_HH_PACK_H
#define KAOHE_HH_PACK_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "kaohe/check.h"
#include "kaohe/error.h"
#include "kaohe/store.h"

#define KH_PACK_CHUNK 4096 /* household rowids a blob */
#define KH_PACK_VERSION 1

/* The household texts kh_pack_household takes, in this order. */
enum { KH_PT_VILLAGE, KH_PT_HH_TYPE, KH_PT_CAUSE, KH_PT_STATUS,
       KH_PT_HOUSING, KH_PT_MEASURES, KH_PT_HELPER_ID, KH_PT_LAST_VISIT,
       KH_PT_COUNT };
/* The member labels kh_pack_member takes, in this order. */
enum { KH_PM_RELATION, KH_PM_EDUCATION, KH_PM_SCHOOLING, KH_PM_HEALTH,
       KH_PM_LABOUR, KH_PM_WORK, KH_PM_COUNT };

/* The encoder of one chunk's blob: start (chunk number), then for each
 * household in rowid order its members (the texts as stored; NULL for
 * NULL), then the household (its texts, year_out, and the number of
 * members given since the last household; drop_members forgets those),
 * and finish (the blob, valid until the next call; nhh: its households).
 * Returns KH_ERR_NOMEM when out of memory. */
typedef struct kh_pack_enc kh_pack_enc;
kh_pack_enc *kh_pack_enc_new(void);
void kh_pack_enc_free(kh_pack_enc *e);
void kh_pack_enc_start(kh_pack_enc *e, long long chunk);
int kh_pack_enc_member(kh_pack_enc *e, const char *name, const char *id_no,
                       const char *const lab[KH_PM_COUNT], int ins_med,
                       int ins_pension, int treat_first,
                       int ins_serious) KH_WUR;
void kh_pack_enc_drop_members(kh_pack_enc *e);
int kh_pack_enc_household(kh_pack_enc *e, long long hid, const kh_household *h,
                          const char *const txt[KH_PT_COUNT],
                          long long year_out, size_t nmembers) KH_WUR;
int kh_pack_enc_finish(kh_pack_enc *e, const void **data, size_t *len,
                       long long *nhh) KH_WUR;

/* The table's side, on a connection in a write transaction: clear (the
 * year's blobs and run row), prepare_put and put (one blob), done (the
 * run row with the data's fingerprint now: after the last blob). */
int kh_pack_clear(sqlite3 *db, int year, kh_error *err) KH_WUR;
int kh_pack_prepare_put(sqlite3 *db, sqlite3_stmt **ins, kh_error *err) KH_WUR;
int kh_pack_put(sqlite3 *db, sqlite3_stmt *ins, int year, long long chunk,
                long long nhh, const void *data, size_t len,
                kh_error *err) KH_WUR;
int kh_pack_done(sqlite3 *db, int year, kh_error *err) KH_WUR;

/* The import's side: begin (clears the year), for each household stored
 * at (its rowid, before its members), one call per member, then the
 * household (the texts bound to its row; NULL for NULL); end (the last
 * blob and the run row, after the snapshot's counts are set). The writer
 * lives in the store handle; kh_pack_free drops it (an import that
 * failed). */
int kh_pack_begin(kh_store *s, int year, kh_error *err) KH_WUR;
int kh_pack_at(kh_store *s, long long hid, kh_error *err) KH_WUR;
int kh_pack_member(kh_store *s, const kh_member *m,
                   const char *const lab[KH_PM_COUNT], kh_error *err) KH_WUR;
int kh_pack_household(kh_store *s, long long hid, const kh_household *h,
                      const char *const txt[KH_PT_COUNT],
                      kh_error *err) KH_WUR;
int kh_pack_end(kh_store *s, int year, kh_error *err) KH_WUR;
void kh_pack_free(kh_store *s);
/* Start counting the helpers' households (the writer kept their keys) in
 * a thread of its own, after the last household and before the indexes
 * are built; kh_pack_end waits for it. Counted with SQL at the end
 * instead when the thread or the keys' file could not be had. */
void kh_pack_count_start(kh_store *s);

/* Reading a blob: a cursor over bytes; every read past the end, or a
 * dictionary reference out of range, sets bad. */
typedef struct kh_pack_cur {
    const unsigned char *p, *end;
    int bad;
} kh_pack_cur;

static inline uint64_t kh_pack_u(kh_pack_cur *c)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (c->p >= c->end) {
            c->bad = 1;
            return 0;
        }
        unsigned b = *c->p++;
        v |= (uint64_t)(b & 127) << shift;
        if (!(b & 128)) return v;
    }
    c->bad = 1;
    return 0;
}

static inline int64_t kh_pack_z(kh_pack_cur *c)
{
    uint64_t u = kh_pack_u(c);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A text (length, bytes): *n its length; NULL when bad. */
static inline const char *kh_pack_text(kh_pack_cur *c, size_t *n)
{
    uint64_t len = kh_pack_u(c);
    if (c->bad || len > (uint64_t)(c->end - c->p)) {
        c->bad = 1;
        *n = 0;
        return NULL;
    }
    const char *t = (const char *)c->p;
    c->p += len;
    *n = (size_t)len;
    return t;
}

#endif
