/* SPDX-License-Identifier: MIT */
/*
 * access_store.h - the store functions of access.h (src/store): what
 * of its records the database keeps and reads. access.h holds the domain
 * types and functions, this header the ones that take the store.
 */
#ifndef KAOHE_ACCESS_STORE_H
#define KAOHE_ACCESS_STORE_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/access.h"

typedef struct kh_store kh_store;

struct kh_standard;
typedef struct kh_store kh_store;

/* ---- reading households within a user's access (web_store.c) ---- */

/*
 * The households of q->year within a's scope (and q->region), in
 * q->sort's order (ties as stored: the index's order, no sort), from
 * offset, at most limit; *total gets how many match. A q->region outside the scope: KH_ERR_DENIED ("out_of_scope").
 */
int kh_store_hh_search(kh_store *s, const kh_access *a, const kh_hh_query *q,
                       kh_hh_brief_fn fn, void *ctx, long long *total,
                       kh_error *err) KH_WUR;

/*
 * One household with its members, column by column: fn is called for the
 * household (member 0) then each member (1, 2, ...) with the stored
 * column names and values (NULL values left out; numeric values flagged
 * in is_num). KH_ERR_NOTFOUND ("household_missing") when absent;
 * KH_ERR_DENIED ("out_of_scope") when its village is outside a's scope —
 * the caller audits the refusal.
 */
typedef int (*kh_hh_cols_fn)(void *ctx, int member, int n,
                             const char *const *names,
                             const char *const *values, const int *is_num,
                             kh_error *err);
int kh_store_hh_get(kh_store *s, const kh_access *a, int year,
                    const char *hh_id, kh_hh_cols_fn fn, void *ctx,
                    kh_error *err) KH_WUR;

/* A stored region (strings valid during the callback). */
typedef int (*kh_region_row_fn)(void *ctx, const char *code, const char *name,
                                const char *parent, int level,
                                kh_error *err);
/*
 * The regions whose parent is parent (NULL: the top of a's scope — the
 * bound region itself, or the provinces), within a's scope, by code.
 * A parent outside the scope: KH_ERR_DENIED.
 */
int kh_store_regions_under(kh_store *s, const kh_access *a,
                           const char *parent, kh_region_row_fn fn, void *ctx,
                           kh_error *err) KH_WUR;

/*
 * What identifies the stored state of year's data for a cache: when the
 * snapshot was imported and when it was last reviewed (and the sums of
 * its stored department comparison's counts), into out.
 * KH_ERR_NOTFOUND ("year_missing") when the year is not stored.
 */
int kh_store_year_stamp(kh_store *s, int year, char *out, size_t outsz,
                        kh_error *err) KH_WUR;

/* ---- 入户调查 entered in the browser (web_store.c) ---- */

/* The latest sampling design of year that drew hh_id into *design (0
 * when none). */
int kh_store_hh_design(kh_store *s, int year, const char *hh_id,
                       long long *design /* OUT */, kh_error *err) KH_WUR;
/* The stored survey row of hh_id in design, column by column as
 * kh_store_hh_get gives a household (member 0); *found 0 when none. */
int kh_store_survey_of(kh_store *s, long long design, const char *hh_id,
                       kh_hh_cols_fn fn, void *ctx, int *found /* OUT */,
                       kh_error *err) KH_WUR;

#endif
