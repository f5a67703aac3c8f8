/* SPDX-License-Identifier: MIT */
/*
 * funds_store.h - the stored 项目库, 资金下达 and 资金拨付与支出 (funds.h,
 * src/store/funds_store.c, docs/funds.md): writing the rows an import
 * read, and reading a region's rows back for `funds check`.
 */
#ifndef KAOHE_FUNDS_STORE_H
#define KAOHE_FUNDS_STORE_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/funds.h"

typedef struct kh_store kh_store;

/*
 * Storing the rows an import read, within the caller's transaction: a
 * project replaces the stored one of its 项目编号, a payment the one of
 * its 凭证号; an allocation is added (the caller clears the file's 接收区划
 * and 年度 first). region is a payment's attributed region (may be "");
 * file is the file's name as the user gave it. file and region are the
 * same on every row a writer puts (bound once, on its first).
 */
typedef struct kh_funds_writer kh_funds_writer;
int kh_store_funds_writer_new(kh_store *s, int kind, kh_funds_writer **out,
                              kh_error *err) KH_WUR;
int kh_store_funds_put(kh_funds_writer *w, const kh_funds_row *r,
                       const char *file, const char *region,
                       kh_error *err) KH_WUR;
/* The rows put and not yet written (a writer keeps up to 64 of a project
 * library or payments file to write them with one statement): written.
 * Call before the commit; a writer freed without it drops them. */
int kh_store_funds_writer_end(kh_funds_writer *w, kh_error *err) KH_WUR;
void kh_store_funds_writer_free(kh_funds_writer *w);
/* Remove the stored allocations of region and year. */
int kh_store_funds_alloc_clear(kh_store *s, const char *region, int year,
                               kh_error *err) KH_WUR;
/* The stored region of project id ("" when not in the library). */
int kh_store_funds_project_region(kh_store *s, const char *id, char out[13],
                                  kh_error *err) KH_WUR;

/* The stored projects of lo..hi in 项目编号 order, each as the cells of
 * kh_funds_cols(KH_FUNDS_PROJECTS) (money in yuan again, "" for empty). */
typedef int (*kh_funds_project_fn)(void *ctx, const char *const *cells,
                                   kh_error *err);
int kh_store_funds_each_project(kh_store *s, const char *lo, const char *hi,
                                kh_funds_project_fn fn, void *ctx,
                                kh_error *err) KH_WUR;

/* One county's rows, as `funds check` takes them (valid during the
 * call). */
typedef struct kh_funds_data {
    char county[13];
    kh_fproject *p; /* sorted by 项目编号 */
    size_t np;
    kh_falloc *a;   /* in date order */
    size_t na;
    kh_fpay *y;     /* in date order */
    size_t ny;
} kh_funds_data;
typedef int (*kh_funds_county_fn)(void *ctx, const kh_funds_data *d,
                                  kh_error *err);

/*
 * The rows of the regions lo..hi (code range, inclusive), county by
 * county in code order: projects whose 建设地点 is in it, allocations to
 * counties in it, payments to those projects or, for a project not in the
 * library, attributed to a region in it (counted in that region's
 * county). Memory: one county's rows at a time.
 */
int kh_store_funds_each_county(kh_store *s, const char *lo, const char *hi,
                               kh_funds_county_fn fn, void *ctx,
                               kh_error *err) KH_WUR;

/* The registry's word on the 带贫户 of one year (enum kh_fbenef): a
 * household of the county (its 6-digit prefix) that year, 清退 or not.
 * One prepared statement for every question. */
typedef struct kh_funds_benef_q kh_funds_benef_q;
int kh_store_funds_benef_open(kh_store *s, int year, kh_funds_benef_q **out,
                              kh_error *err) KH_WUR;
int kh_store_funds_benef(kh_funds_benef_q *q, const char *county,
                         const char *hh_id, int *state /* OUT */,
                         kh_error *err) KH_WUR;
void kh_store_funds_benef_close(kh_funds_benef_q *q);

/* ---- the funds indicators (docs/funds.md) ---- */

/* 1 when the store has funds data for year: an allocation of that 年度
 * or a payment dated in it (the funds.* indicators are then included). */
int kh_store_funds_has(kh_store *s, int year);

/* The counties lo..hi with allocations of year (年度), in code order, to
 * fn (code valid during the call). */
typedef int (*kh_funds_code_fn)(void *ctx, const char *code, kh_error *err);
int kh_store_funds_counties(kh_store *s, int year, const char *lo,
                            const char *hi, kh_funds_code_fn fn, void *ctx,
                            kh_error *err) KH_WUR;

/* Add the funds.* indicators of year (as of its 31 December) to ix,
 * county by county (kh_funds_tally_county), before the roll-up; nothing
 * when ix does not include them. */
struct kh_indicators;
int kh_store_funds_ind_load(kh_store *s, int year, const kh_funds_limits *lim,
                            struct kh_indicators *ix, kh_error *err) KH_WUR;

#endif
