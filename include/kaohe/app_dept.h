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

#endif
