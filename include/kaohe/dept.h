/* SPDX-License-Identifier: MIT */
/*
 * dept.h - 部门数据比对: the departments' lists (公安 户籍, 民政 低保, 医保
 * 参保, 财政供养人员, …) compared with the 建档立卡 registry person by
 * person on the ID number (../shared/spec/department-lists.md,
 * docs/dept.md).
 *
 * The domain part (src/domain/dept.c): the kinds of list and their
 * columns, the ID number's normalisation, and the comparison of one
 * registered member with the department's records. The store part
 * (src/store/dept_store.c): the loaded lists and the matching rows only
 * (data minimisation). The use cases (src/app/dept.c): the import of a
 * list and the comparison of a year.
 */
#ifndef KAOHE_DEPT_H
#define KAOHE_DEPT_H

#include <stddef.h>

#include "kaohe/app.h"
#include "kaohe/check.h"
#include "kaohe/error.h"

struct kh_standard;

#define KH_DEPT_MAX_COLS 8

/* One kind of list: its key, the department, the extra columns. */
typedef struct kh_dept_kind {
    const char *key;      /* "huji", "dibao", … */
    const char *dept;     /* 部门, as the findings name it */
    int ncols;
    const char *cols[KH_DEPT_MAX_COLS]; /* extra columns' headers */
    unsigned optional;    /* bit i: cols[i] may be absent */
} kh_dept_kind;

/* The kind named key, or NULL. */
const kh_dept_kind *kh_dept_kind_find(const char *key);
/* The kinds, in the spec's order (n set to their number). */
const kh_dept_kind *kh_dept_kinds(int *n /* OUT */);

/*
 * Normalise an ID number as the spec says (trim, full-width to
 * half-width, lowercase x to X, 15 digits widened to 18 with the check
 * digit) into out (19 bytes). KH_OK when the result is a valid number,
 * KH_ERR_INVALID otherwise (out holds what normalisation gave).
 */
int kh_dept_id_norm(const char *s, char out[19]) KH_WUR;

/* s without ASCII spaces, U+3000 and NBSP, into out (size n). */
void kh_dept_name_key(const char *s, char *out, size_t n);

/* ---- store (src/store/dept_store.c) ---- */

typedef struct kh_store kh_store;

/* A loaded list. */
typedef struct kh_dept_list {
    long long id;
    char kind[16];
    char region[13];
    char as_of[11];
    char file[256];
    long long rows_read, rows_matched, rows_refused;
} kh_dept_list;

/* The registered ID numbers (any year) of the region's subtree lo..hi;
 * fn is called for each (distinct ones not guaranteed). */
typedef int (*kh_dept_id_fn)(void *ctx, const char *id_no, kh_error *err);
int kh_store_dept_registered(kh_store *s, const char *lo, const char *hi,
                             kh_dept_id_fn fn, void *ctx,
                             kh_error *err) KH_WUR;

/* Replace the list of (kind, region, as_of) by a new, empty one (its
 * rows are deleted with it); *id the new list. */
int kh_store_dept_list_new(kh_store *s, const kh_dept_list *l,
                           const char *at, const char *by,
                           long long *id /* OUT */, kh_error *err) KH_WUR;
/* One matching row: its row and line in the file, the normalised ID,
 * the name, and the extra columns joined by '\x1f'. */
int kh_store_dept_row_add(kh_store *s, long long list, long row, long line,
                          const char *id_no, const char *name,
                          const char *data, kh_error *err) KH_WUR;
/* Set the list's counts once read. */
int kh_store_dept_list_counts(kh_store *s, long long list, long long read,
                              long long matched, long long refused,
                              kh_error *err) KH_WUR;
/* Every list, ordered by kind, region and date. */
typedef int (*kh_dept_list_fn)(void *ctx, const kh_dept_list *l,
                               kh_error *err);
int kh_store_dept_lists(kh_store *s, kh_dept_list_fn fn, void *ctx,
                        kh_error *err) KH_WUR;

/* One registered member of a year, with its household. */
typedef struct kh_dept_member {
    const char *hh_id, *village, *hh_type, *status, *housing;
    long long inc_dibao, inc_tekun; /* 分; -1 when empty */
    const char *name, *id_no, *sex, *birth, *health, *schooling;
    int ins_med, ins_serious, ins_pension; /* 1, 0, -1 empty */
    const char *relation;
} kh_dept_member;
typedef int (*kh_dept_member_fn)(void *ctx, const kh_dept_member *m,
                                 kh_error *err);
/* The year's members in lo..hi, household by household. */
int kh_store_dept_members(kh_store *s, int year, const char *lo,
                          const char *hi, kh_dept_member_fn fn, void *ctx,
                          kh_error *err) KH_WUR;

/* One stored row of a list. */
typedef struct kh_dept_row {
    long long list;
    long row, line;
    const char *id_no, *name, *data;
} kh_dept_row;
typedef int (*kh_dept_row_fn)(void *ctx, const kh_dept_row *r,
                              kh_error *err);
/* The rows of list for one ID number, in row order. */
int kh_store_dept_rows(kh_store *s, long long list, const char *id_no,
                       kh_dept_row_fn fn, void *ctx, kh_error *err) KH_WUR;

/* ---- use cases (src/app/dept.c) ---- */

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
