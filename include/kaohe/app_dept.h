/* SPDX-License-Identifier: MIT */
/*
 * app_dept.h - 部门数据比对's use cases (src/app/dept.c, docs/dept.md):
 * importing a department's list and comparing a year's registry with the
 * lists loaded, for the command line and the server alike.
 */
#ifndef KAOHE_APP_DEPT_H
#define KAOHE_APP_DEPT_H

#include "kaohe/app.h"
#include "kaohe/check.h"
#include "kaohe/dept.h"
#include "kaohe/dept_doc.h"
#include "kaohe/dept_store.h"

struct kh_standard;
typedef struct kh_store kh_store;

typedef struct kh_dept_import_opts {
    const char *kind, *file, *region, *as_of;
    const char *name;  /* the file's name in findings (NULL: file) */
    kh_finding_fn finding; /* the list's own findings */
    void *finding_ctx;
} kh_dept_import_opts;

typedef struct kh_dept_import_result {
    long long list;
    long long rows_read, rows_matched, rows_refused, rows_unmatched;
    int replaced; /* a list of the same kind, region and date was replaced */
} kh_dept_import_result;

/*
 * Import one department list (`kaohe import dept`): the actor needs a
 * role of [web] import_roles and the list's region within their scope.
 * Refused whole (nothing stored) when unreadable, a required column is
 * missing, or there are no rows; an invalid ID number or a duplicate row
 * is a finding of the list and the row is left out. Only the rows that
 * match a registered person of the region are stored.
 */
int kh_app_dept_import(kh_store *s, const struct kh_standard *std,
                       const kh_actor *who, const kh_dept_import_opts *o,
                       kh_dept_import_result *res /* OUT */,
                       kh_error *err) KH_WUR;

/* Per kind (and region) of a comparison: the 数据闭合率's parts. */
typedef struct kh_dept_tally {
    char kind[16];
    char region[13];
    long long covered;   /* persons (households for housing) looked at */
    long long matched;   /* of them, with a record in the list */
    long long disagree;  /* of them, with a finding of the kind */
    long long rows_read, rows_matched;
} kh_dept_tally;

typedef int (*kh_dept_tally_fn)(void *ctx, const kh_dept_tally *t,
                                kh_error *err);

/*
 * Compare the year's registry with the lists loaded (`kaohe compare`):
 * the findings (codes dept_…) to fn, then the tallies to tf. Within the
 * actor's scope only.
 */
int kh_app_dept_compare(kh_store *s, const struct kh_standard *std,
                        const kh_actor *who, int year, kh_finding_fn fn,
                        void *ctx, kh_dept_tally_fn tf, void *tctx,
                        kh_error *err) KH_WUR;


/*
 * The stored comparison (src/app/dept_visit.c). Every call below reads or
 * changes what `kaohe compare` (or `kaohe review`) stored, within the
 * actor's scope: region (NULL: the actor's whole scope) must lie in it.
 */

/* The number of lists usable for year (dated Y-01-01..Y+1-06-30). */
int kh_app_dept_lists_for(kh_store *s, int year, int *n /* OUT */,
                          kh_error *err) KH_WUR;

/* The year's stored findings of region (code NULL: all; "dept_excl_": a
 * prefix). */
int kh_app_dept_findings(kh_store *s, const kh_actor *who, int year,
                         const char *region, const char *code,
                         kh_dept_fact_fn fn, void *ctx,
                         kh_error *err) KH_WUR;

/* 数据闭合率 per kind of region (NULL: the actor's scope) from the stored
 * comparison; *ran 0 when the year has none stored there. */
int kh_app_dept_closure(kh_store *s, const kh_actor *who, int year,
                        const char *region, kh_dept_count_fn fn, void *ctx,
                        int *ran /* OUT */, kh_error *err) KH_WUR;

/*
 * The 入户核实 list of a village (the exclusion findings, codes
 * dept_excl_*, with any result entered) as the list shows them
 * (kaohe/dept_doc.h: ID numbers masked): *rows malloc'd (free it), *n
 * their number. Audited as dept.visit_list, since it names persons. The
 * village must be a 12-digit code in scope.
 */
int kh_app_dept_visit_list(kh_store *s, const kh_actor *who, int year,
                           const char *village,
                           kh_dept_visit_row **rows /* OUT */,
                           size_t *n /* OUT */, kh_error *err) KH_WUR;

/*
 * Enter a visit's result for the stored finding id: result 核实属实 (the
 * household is proposed for 清退 in the next year's comparison) or 不属实
 * (the finding is closed; reason required). Only exclusion findings are
 * visited; the actor needs a role of [dept] visit_roles and the
 * household's village in scope. One transaction, audited (dept.visit,
 * with the result before and after); a refusal is audited too.
 */
int kh_app_dept_visit_record(kh_store *s, const struct kh_standard *std,
                             const kh_actor *who, long long finding,
                             const char *result, const char *reason,
                             kh_error *err) KH_WUR;

/* The lists loaded that concern the actor's scope (a list of a region in
 * it, or of a region containing it). */
int kh_app_dept_lists(kh_store *s, const kh_actor *who, kh_dept_list_fn fn,
                      void *ctx, kh_error *err) KH_WUR;

/* Each member's department records of the year's household hh_id (the
 * 一户一档's 部门数据 beside the registry's values): the household's village
 * in scope (KH_ERR_NOTFOUND when there is no such household). */
int kh_app_dept_household(kh_store *s, const kh_actor *who, int year,
                          const char *hh_id, kh_dept_record_fn fn, void *ctx,
                          kh_error *err) KH_WUR;

#endif
