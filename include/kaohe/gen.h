/* SPDX-License-Identifier: MIT */
/*
 * gen.h - the synthetic-data generator behind `kaohe gen` (spec
 * registry-format.md §3). From a seed and a number of persons it produces a
 * region tree (one province, cities, counties, townships, villages) and a
 * 建档立卡 registry with realistic shares, and, on request, a known list of
 * injected faults, each of which makes `kaohe check` report exactly one
 * finding (docs/findings.md) while the clean rows report none.
 *
 * The generator is pure: it emits rows as arrays of UTF-8 strings in the
 * column order of kh_region_cols / kh_registry_cols (registry.h) through
 * callbacks and does no I/O. It streams: memory does not grow with the
 * number of persons. Output is a function of the options alone (same
 * options, same rows), except that clean 最近走访日期 are never after
 * opts.today, so a snapshot year that is not yet over depends on today.
 */
#ifndef KAOHE_GEN_H
#define KAOHE_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "kaohe/error.h"

typedef struct kh_gen_opts {
    long long persons; /* registered persons, >= 1 */
    uint64_t seed;
    long long faults; /* faults to inject, 0 .. number of households */
    int year;         /* snapshot year (reference date 31 Dec), 2014..2099 */
    int province;     /* 2-digit province code, e.g. 53 (云南省) */
    int today;        /* YYYYMMDD: no clean visit date after it; 0 = none */
    int future_after; /* YYYYMMDD: visit_future dates fall after it (and
                         after today and 31 Dec of year); 0 = none */
    int profile;      /* KH_GEN_CLEAN: no review rule flags a household;
                         KH_GEN_REALISTIC: the rules fire at the rates of
                         docs/gen.md "Profiles" */
} kh_gen_opts;

enum { KH_GEN_CLEAN = 0, KH_GEN_REALISTIC = 1 };

/* Defaults: 1000 persons, seed 1, no faults, year 2019, province 53. */
void kh_gen_opts_init(kh_gen_opts *o);

typedef struct kh_gen_stats {
    long long persons, households, faults;
    long long regions; /* rows of the region list, all levels */
    long long cities, counties, townships, villages;
} kh_gen_stats;

/* One injected fault: where `kaohe check` reports it. */
typedef struct kh_gen_fault {
    long long row;     /* 1-based data row of the registry */
    const char *hh_id; /* 户编号 of that row */
    const char *id_no; /* 证件号码 of that row, as written */
    const char *code;  /* the finding code (docs/findings.md) */
} kh_gen_fault;

/*
 * Row sink: cells[0..n) are UTF-8 and valid only during the call. Return
 * KH_OK to go on; any other status stops the generator, which returns it.
 */
typedef int (*kh_gen_row_fn)(void *ctx, const char *const *cells, size_t n,
                             kh_error *err);
/* Fault sink, called after the rows of the fault's household. */
typedef int (*kh_gen_fault_fn)(void *ctx, const kh_gen_fault *f, kh_error *err);

typedef struct kh_gen kh_gen;

/*
 * Check the options and lay out the registry (households, villages and the
 * region tree; a quick pass over household sizes). KH_ERR_USAGE for bad
 * options, among them more faults than households. Caller owns *out; free
 * with kh_gen_free().
 */
int kh_gen_new(const kh_gen_opts *opts, kh_gen **out, kh_error *err) KH_WUR;
void kh_gen_free(kh_gen *g);

/* Counts of what the generator will emit (known after kh_gen_new). */
void kh_gen_get_stats(const kh_gen *g, kh_gen_stats *out);

/*
 * Emit the region list: KH_R_COUNT cells a row, parents before children.
 * May be called any number of times; every call emits the same rows.
 */
int kh_gen_regions(kh_gen *g, kh_gen_row_fn fn, void *ctx,
                   kh_error *err) KH_WUR;

/*
 * Emit the registry: KH_C_COUNT cells a row, a household's rows together,
 * and after each faulty household its fault (fault may be NULL). Every
 * call emits the same rows.
 */
int kh_gen_registry(kh_gen *g, kh_gen_row_fn row, kh_gen_fault_fn fault,
                    void *ctx, kh_error *err) KH_WUR;

/*
 * The fault codes the generator injects, in round-robin order. Returns
 * their number; *codes points to static strings.
 */
size_t kh_gen_fault_codes(const char *const **codes);

#endif
