/* SPDX-License-Identifier: MIT */
/*
 * funds_int.h - private to src/app's funds use cases (funds.c,
 * funds_view.c): the one rule of which regions a funds action of an actor
 * reads, a place's name for people, and the 资金使用情况表's figures.
 */
#ifndef KAOHE_APP_FUNDS_INT_H
#define KAOHE_APP_FUNDS_INT_H

#include <stddef.h>

#include "kaohe/app.h"

/*
 * The code range lo..hi a funds action of who reads: region's subtree
 * (which must lie in who's scope), else who's scope. A refusal
 * (KH_ERR_DENIED) is audited as action on object.
 */
int kh_funds_scope(kh_store *s, const kh_actor *who, const char *region,
                   const char *action, const char *object, char lo[13],
                   char hi[13], kh_error *err) KH_WUR;

/* "某某县某某镇某某村": the names from the county down to code (the code
 * itself when it is not in the region table). */
void kh_funds_place(kh_store *s, const char *code, char *out, size_t n);

/* The lines of the 资金使用情况表 of year over the counties lo..hi, in
 * county and fund order: 下达 of the year, 拨付 less 收回 and 支出 in the
 * year to the county's library projects (分). */
typedef int (*kh_funds_line_fn)(void *ctx, const char *county,
                                const char *fund, long long allocated,
                                long long paid, long long spent,
                                kh_error *err);
int kh_funds_year_lines(kh_store *s, const char *lo, const char *hi, int year,
                        kh_funds_line_fn fn, void *ctx, kh_error *err) KH_WUR;

#endif
