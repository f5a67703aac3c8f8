/* SPDX-License-Identifier: MIT */
/*
 * gen_funds.h - `kaohe gen --funds`: a project library, allocations and
 * payments (funds.h) consistent with a generated registry — every project
 * in a village of the province, its 带贫户 registered households of its
 * county, the money allocated, paid out and spent in time — with injected
 * faults and the truth: every finding `kaohe funds check` must report
 * for the year, and nothing else (src/domain/gen_funds.c, docs/funds.md).
 */
#ifndef KAOHE_GEN_FUNDS_H
#define KAOHE_GEN_FUNDS_H

#include <stddef.h>
#include <stdint.h>

#include "kaohe/error.h"

typedef struct kh_gen_funds kh_gen_funds;

/* A row of file kind (enum kh_funds_kind), header first. */
typedef int (*kh_gen_funds_row_fn)(void *ctx, int kind,
                                   const char *const *cells, size_t n,
                                   kh_error *err);
/* One expected finding: its code, county and object (funds.h). */
typedef int (*kh_gen_funds_truth_fn)(void *ctx, const char *code,
                                     const char *county, const char *object,
                                     kh_error *err);

/* province: the code payments to projects outside the library are
 * imported with (--region), the county they are then counted in. */
int kh_gen_funds_new(int year, uint64_t seed, const char *province,
                     kh_gen_funds_row_fn row, kh_gen_funds_truth_fn truth,
                     void *ctx, kh_gen_funds **out, kh_error *err) KH_WUR;
/* For benchmarks: per_village projects in each village (default 1) and
 * payments per paid project (default 2: one 拨付, one 支出; an even
 * number, half 拨付 and half 支出). */
void kh_gen_funds_scale(kh_gen_funds *g, int per_village, int payments);
/* One registry row (kh_registry_cols order). */
int kh_gen_funds_feed(kh_gen_funds *g, const char *const *cells, size_t n,
                      kh_error *err) KH_WUR;
/* After the last registry row: writes the three files and the truth. */
int kh_gen_funds_finish(kh_gen_funds *g, kh_error *err) KH_WUR;
void kh_gen_funds_free(kh_gen_funds *g);

#endif
