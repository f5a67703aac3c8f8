/* SPDX-License-Identifier: MIT */
/*
 * assess_store.h - the store functions of assess.h (src/store): what
 * of its records the database keeps and reads. assess.h holds the domain
 * types and functions, this header the ones that take the store.
 */
#ifndef KAOHE_ASSESS_STORE_H
#define KAOHE_ASSESS_STORE_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/assess.h"

typedef struct kh_store kh_store;

/* ---- the store (src/store/assess_store.c) ---- */

/*
 * Store a as a new version of (scheme, year, level): the schemes' texts,
 * every region's items, vetoes, totals, ranks and grades, and the inputs
 * with their provenance. One transaction; sets a->version and a->run_at.
 * texts[i] is the text of the scheme named names[i] (every scheme of the
 * run). files names the run's inputs files ("a.csv, b.csv"; NULL none).
 * Within the caller's transaction when one is open (then the caller
 * commits or rolls back).
 */
int kh_store_assess_save(kh_store *s, kh_assessment *a, size_t nschemes,
                         const char *const *names, const char *const *texts,
                         const char *files, const kh_assess_prov *prov,
                         size_t nprov,
                         kh_error *err) KH_WUR;

/*
 * Load a stored assessment: scheme name, year, level; version 0 means the
 * latest. Caller owns the result; free with kh_assessment_free().
 */
int kh_store_assess_load(kh_store *s, const char *scheme, int year,
                         int level, int version, kh_assessment **out,
                         kh_error *err) KH_WUR;

/* Every stored run, newest first (for `assess list`). */
typedef int (*kh_assess_run_fn)(void *ctx, const char *scheme, int year,
                                int level, int version, const char *run_at,
                                long long regions, const char *inputs);
int kh_store_assess_runs(kh_store *s, kh_assess_run_fn fn, void *ctx,
                         kh_error *err) KH_WUR;

/* The provenance of the inputs of one region in a stored run (scheme,
 * year, level, version as for load; version must be the exact one). */
int kh_store_assess_inputs(kh_store *s, const char *scheme, int year,
                           int level, int version, const char *code,
                           kh_assess_prov_fn fn, void *ctx,
                           kh_error *err) KH_WUR;

#endif
