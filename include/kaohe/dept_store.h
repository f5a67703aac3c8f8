/* SPDX-License-Identifier: MIT */
/*
 * dept_store.h - the departments' lists in the store (src/store/
 * dept_store.c, docs/dept.md): a list's record and counts, the rows that
 * match a registered person (only those: data minimisation), the reads
 * the comparison needs, and what a comparison leaves: its findings, its
 * counts per village and kind (数据闭合率's parts) and the results of the
 * 入户核实 visits.
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
    char imported_at[32];
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
/* The year's members in lo..hi, household by household (ordered by
 * village, then household). */
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

/* The rows of lists, written and read through statements prepared once
 * (an import adds hundreds of thousands; a comparison looks up every
 * member in every list). */
typedef struct kh_dept_rows kh_dept_rows;
int kh_store_dept_rows_open(kh_store *s, kh_dept_rows **out /* OUT */,
                            kh_error *err) KH_WUR;
void kh_store_dept_rows_close(kh_dept_rows *r);
/* One matching row: its row and line in the file, the normalised ID,
 * the name, the extra columns joined by '\x1f', and a hash of the row's
 * whole content (after normalisation) that finds its duplicates. */
int kh_store_dept_row_add(kh_dept_rows *r, long long list, long row,
                          long line, const char *id_no, const char *name,
                          const char *data, long long hash,
                          kh_error *err) KH_WUR;
/* A row left out at the flush: an earlier row of the same ID had the
 * same content hash. */
typedef int (*kh_dept_dup_fn)(void *ctx, long row, long line,
                              const char *id_no, kh_error *err);
/* The rows added, into the list (in the index's order), each duplicate
 * left out and handed to dup (in ID order, then row): call once the list
 * is read, before its rows are read back. */
int kh_store_dept_rows_flush(kh_dept_rows *r, kh_dept_dup_fn dup, void *ctx,
                             kh_error *err) KH_WUR;
/* The rows of list for one ID number, in row order. */
int kh_store_dept_rows(kh_dept_rows *r, long long list, const char *id_no,
                       kh_dept_row_fn fn, void *ctx, kh_error *err) KH_WUR;
/* The beginning of the ID numbers looked up next (a county's code):
 * the rows of each list under it are read in one pass on first use and
 * served from memory until another prefix is given ("" none). Only the
 * speed differs. */
void kh_store_dept_rows_near(kh_dept_rows *r, const char *prefix);

/* ---- what a comparison leaves ---- */

/* A stored finding of a comparison, with the visit's result when one
 * was entered (visit "" when none). */
typedef struct kh_dept_fact {
    long long id;
    int year;
    const char *code, *kind, *dept, *file, *column;
    long row, line;
    const char *village, *hh_id, *id_no, *name;
    const char *reg_value, *dept_value, *zh, *en;
    int warning;
    /* read only: the 入户核实 result (核实属实 / 不属实, "" none) */
    const char *visit, *reason, *visit_at, *visit_by;
} kh_dept_fact;

/* Forget the year's findings and counts of the villages lo..hi (a
 * comparison about to store new ones; the visits' results are kept). */
int kh_store_dept_result_clear(kh_store *s, int year, const char *lo,
                               const char *hi, kh_error *err) KH_WUR;
int kh_store_dept_fact_add(kh_store *s, const kh_dept_fact *f,
                           kh_error *err) KH_WUR;
/* The counts of one village and kind. */
typedef struct kh_dept_count {
    char kind[16];
    char region[13]; /* the village, or the region summed over */
    long long covered, matched, disagree;
} kh_dept_count;
int kh_store_dept_count_add(kh_store *s, int year, const kh_dept_count *c,
                            kh_error *err) KH_WUR;
/* Whether the year has a stored comparison (*ran 1) in lo..hi. */
int kh_store_dept_compared(kh_store *s, int year, const char *lo,
                           const char *hi, int *ran /* OUT */,
                           kh_error *err) KH_WUR;

/* The stored findings of year in lo..hi (code NULL: every code; a code
 * ending in '_' a prefix), by village, household, member and code. */
typedef int (*kh_dept_fact_fn)(void *ctx, const kh_dept_fact *f,
                               kh_error *err);
int kh_store_dept_facts(kh_store *s, int year, const char *lo,
                        const char *hi, const char *code,
                        kh_dept_fact_fn fn, void *ctx,
                        kh_error *err) KH_WUR;
/* One stored finding by its id (*found 0 when there is none). */
int kh_store_dept_fact(kh_store *s, long long id, kh_dept_fact_fn fn,
                       void *ctx, int *found /* OUT */,
                       kh_error *err) KH_WUR;
/* The counts of year summed over lo..hi, one per kind (region = lo's
 * region as given in c->region by the caller: here it is left as lo). */
typedef int (*kh_dept_count_fn)(void *ctx, const kh_dept_count *c,
                                kh_error *err);
int kh_store_dept_counts(kh_store *s, int year, const char *lo,
                         const char *hi, kh_dept_count_fn fn, void *ctx,
                         kh_error *err) KH_WUR;

/* Record a visit's result for (year, code, id_no): result 核实属实 or
 * 不属实, with the reason (replacing an earlier one). */
int kh_store_dept_visit_set(kh_store *s, int year, const char *code,
                            const char *id_no, const char *hh_id,
                            const char *result, const char *reason,
                            const char *at, const char *by,
                            kh_error *err) KH_WUR;
/* The households of year - 1 a visit confirmed (核实属实) that are in
 * year's snapshot in lo..hi and not 清退: proposed for 清退 (fn gets one
 * fact per confirmed finding, with year's household and village). */
int kh_store_dept_confirmed(kh_store *s, int year, const char *lo,
                            const char *hi, kh_dept_fact_fn fn, void *ctx,
                            kh_error *err) KH_WUR;

/* The department rows of each member of the year's household hh_id
 * (every list loaded, matched on the ID number), member by member, then
 * by kind and date; village set to the household's (*found 0 when the
 * year has no such household). */
typedef struct kh_dept_record {
    const char *id_no, *member; /* the registry's */
    const char *kind, *as_of, *region, *file;
    long row;
    const char *name, *data; /* the department's */
} kh_dept_record;
typedef int (*kh_dept_record_fn)(void *ctx, const kh_dept_record *r,
                                 kh_error *err);
int kh_store_dept_household(kh_store *s, int year, const char *hh_id,
                            char village[13] /* OUT */, int *found /* OUT */,
                            kh_dept_record_fn fn, void *ctx,
                            kh_error *err) KH_WUR;

/* Add the year's stored counts per village and kind to ix (its
 * dept.<kind>.* indicators; kh_store_indicators calls it before the
 * roll-up). */
typedef struct kh_indicators kh_indicators;
int kh_store_dept_ind_load(kh_store *s, int year, kh_indicators *ix,
                           kh_error *err) KH_WUR;

#endif
