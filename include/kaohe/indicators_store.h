/* SPDX-License-Identifier: MIT */
/*
 * indicators_store.h - the store functions of indicators.h (src/store): what
 * of its records the database keeps and reads. indicators.h holds the domain
 * types and functions, this header the ones that take the store.
 */
#ifndef KAOHE_INDICATORS_STORE_H
#define KAOHE_INDICATORS_STORE_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/indicators.h"

typedef struct kh_store kh_store;

/*
 * Reading the year from the store (src/store/indicators_store.c).
 */
typedef struct kh_store kh_store;

/* Called once per household; h is valid during the call only. */
typedef int (*kh_ind_hh_fn)(void *ctx, const kh_ind_hh *h, kh_error *err);
/*
 * Stream the households of year with their members, in storage order,
 * with their review bitmasks when `kaohe review` has run. prefix, when not
 * NULL, keeps only villages whose code starts with it. Enum labels are
 * resolved against std. One pass over the year's rows: memory holds one
 * household.
 */
int kh_store_ind_households(kh_store *s, int year, const kh_standard *std,
                            const char *prefix, kh_ind_hh_fn fn, void *ctx,
                            kh_error *err) KH_WUR;

/*
 * Compute ix (set up for year) from the store: the households and members
 * in nthreads threads, each on its own read-only connection over a part of
 * the year's rows, while one more thread has SQLite sort the incomes; then
 * the roll-up and the medians. All connections must see the same data: a
 * database changed by another process meanwhile gives KH_ERR_DB
 * ("db_changed"), and running again is the remedy.
 */
int kh_store_indicators(kh_store *s, int year, const kh_standard *std,
                        kh_indicators *ix, int nthreads,
                        kh_error *err) KH_WUR;

/* 1 when `kaohe review` has stored a run for year, else 0. */
int kh_store_review_ran(kh_store *s, int year);
/* What the year's indicators can include, as kh_indicators_new's
 * with_review: bit 0 when `kaohe review` has run, and a bit from
 * KH_IND_DEPT_SHIFT on for each kind of department list the year's
 * stored comparison has (dept_store.c). */
int kh_store_ind_with(kh_store *s, int year);

#endif
