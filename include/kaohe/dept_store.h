/* SPDX-License-Identifier: MIT */
/*
 * dept_store.h - the departments' lists in the store (src/store/
 * dept_store.c, docs/dept.md): a list's record and counts, the rows that
 * match a registered person (only those: data minimisation), and the
 * reads the comparison needs.
 */
#ifndef KAOHE_DEPT_STORE_H
#define KAOHE_DEPT_STORE_H

#include "kaohe/dept.h"

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

#endif
