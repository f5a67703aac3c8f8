/* SPDX-License-Identifier: MIT */
/*
 * gen_dept.h - `kaohe gen --dept`: department lists (dept.h) consistent
 * with a generated registry, with injected disagreements, and the truth:
 * every finding `kaohe compare` must report (the injected ones and those
 * the registry itself implies, e.g. an eligible member marked 否 for the
 * pension), and nothing else (src/domain/gen_dept.c, docs/dept.md).
 */
#ifndef KAOHE_GEN_DEPT_H
#define KAOHE_GEN_DEPT_H

#include <stddef.h>
#include <stdint.h>

#include "kaohe/error.h"

typedef struct kh_gen_dept kh_gen_dept;

/* A list row of kind k (index in kh_dept_kinds), header first (row 0). */
typedef int (*kh_gen_dept_row_fn)(void *ctx, int kind,
                                  const char *const *cells, size_t n,
                                  kh_error *err);
/* One expected finding. */
typedef int (*kh_gen_dept_truth_fn)(void *ctx, const char *code,
                                    const char *hh_id, const char *id_no,
                                    kh_error *err);

int kh_gen_dept_new(int year, uint64_t seed, kh_gen_dept_row_fn row,
                    kh_gen_dept_truth_fn truth, void *ctx,
                    kh_gen_dept **out, kh_error *err) KH_WUR;
/* The headers of every kind (call once, first). */
int kh_gen_dept_headers(kh_gen_dept *d, kh_error *err) KH_WUR;
/* One registry row (the registry's columns, kh_registry_cols order). */
int kh_gen_dept_feed(kh_gen_dept *d, const char *const *cells, size_t n,
                     kh_error *err) KH_WUR;
/* After the last registry row. */
int kh_gen_dept_finish(kh_gen_dept *d, kh_error *err) KH_WUR;
void kh_gen_dept_free(kh_gen_dept *d);

#endif
