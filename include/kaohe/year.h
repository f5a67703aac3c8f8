/* SPDX-License-Identifier: MIT */
/*
 * year.h - the years a database holds, and undoing a wrong import: what
 * each year holds and what refers to it (problems, assessment runs,
 * samples, a roster), and deleting a year's snapshot (`kaohe year list`,
 * `kaohe year delete`; docs/cli/year.md). The store's part; the use case
 * is app_year.h.
 */
#ifndef KAOHE_YEAR_H
#define KAOHE_YEAR_H

#include "kaohe/error.h"

typedef struct kh_store kh_store;

typedef struct kh_year_info {
    int year;
    long long households, persons; /* the snapshot's ([0] when none) */
    int has_snapshot;
    char source[256], imported_at[32];
    /* What refers to the year besides its snapshot. */
    long long problems, assess_runs, samples, roster;
} kh_year_info;

/* Refers to the year: anything beyond the snapshot's own data. */
static inline int kh_year_referred(const kh_year_info *y)
{
    return y->problems || y->assess_runs || y->samples || y->roster;
}

/*
 * Every year the database has data of (a snapshot, problems, assessment
 * runs, samples or a roster), ascending, to fn. fn returning non-zero
 * stops with that status.
 */
typedef int (*kh_year_fn)(void *ctx, const kh_year_info *y);
int kh_store_year_each(kh_store *s, kh_year_fn fn, void *ctx,
                       kh_error *err) KH_WUR;
/* One year's info (all zero but year when it holds nothing). */
int kh_store_year_info(kh_store *s, int year, kh_year_info *out /* OUT */,
                       kh_error *err) KH_WUR;
/*
 * Delete the year's snapshot: its households and members, the findings
 * of its import, its review, its indicator tallies and packs; within the
 * caller's transaction. Problems, assessment runs, samples and the roster
 * are left as they are. *households counts what was deleted.
 */
int kh_store_year_delete(kh_store *s, int year, long long *households,
                         kh_error *err) KH_WUR;

#endif
