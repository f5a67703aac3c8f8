/* SPDX-License-Identifier: MIT */
/*
 * check.h - the registry's and the region list's rules (spec
 * registry-format.md; codes in docs/findings.md), as pure functions over
 * rows that are already read. Reading files is io's business
 * (kaohe/load.h); storing is the store's.
 */
#ifndef KAOHE_CHECK_H
#define KAOHE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "kaohe/error.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/row.h"

typedef struct kh_finding {
    const char *file;
    long row;           /* 1-based data row; 0 for the file */
    long line;          /* physical line */
    const char *column; /* Chinese header or "" */
    const char *hh_id;
    const char *id_no;
    const char *code;
    int warning;        /* 0 error, 1 warning */
    const char *zh;
    const char *en;
} kh_finding;

typedef int (*kh_finding_fn)(void *ctx, const kh_finding *f);

/* One region, as read from regions.csv (strings owned by the set). */
typedef struct kh_region {
    char code[13];
    char parent[13];
    char *name;
    int level;        /* enum kh_level */
    int western;      /* -1 unknown, 0, 1 (as given; not inherited) */
    int poor_county;  /* -1, 0, 1 */
    int poor_village; /* -1, 0, 1 */
    long long rural_pop; /* -1 unknown */
    long long plan_exit; /* -1 unknown */
    long row, line;
} kh_region;

typedef struct kh_regionset kh_regionset;

int kh_regionset_new(kh_regionset **out, kh_error *err) KH_WUR;
void kh_regionset_free(kh_regionset *rs);
/* Add a copy of r. */
int kh_regionset_add(kh_regionset *rs, const kh_region *r) KH_WUR;
/* Find by 12-digit code; NULL when absent. */
const kh_region *kh_regionset_find(const kh_regionset *rs, const char *code);
size_t kh_regionset_count(const kh_regionset *rs);
const kh_region *kh_regionset_at(const kh_regionset *rs, size_t i);

/*
 * Check a region file's rows (header first) and fill rs with the regions
 * that have no error. Findings go to fn. *errors counts error findings.
 */
int kh_regions_check(const kh_standard *std, const char *file,
                     const kh_row *const *rows, size_t nrows,
                     kh_regionset *rs, kh_finding_fn fn, void *ctx,
                     long *errors, kh_error *err) KH_WUR;

/* A member, parsed. Strings point into the rows given to the checker. */
typedef struct kh_member {
    const char *name;
    char id_no[19];  /* normalised (upper-case X) */
    int sex;         /* 0 unknown, 1 男, 2 女 (from the column) */
    char birth[11];  /* YYYY-MM-DD or "" */
    int relation, education, schooling, health, labour, work; /* enum, -1 */
    const char *ethnicity;
    int ins_med, ins_serious, ins_pension, treat_first; /* -1, 0, 1 */
    const char *extra; /* JSON of unknown columns, or NULL */
    long row, line;
} kh_member;

enum kh_money {
    KH_M_WAGE, KH_M_BUSINESS, KH_M_PROPERTY, KH_M_TRANSFER, KH_M_DIBAO,
    KH_M_TEKUN, KH_M_EXP_BUSINESS, KH_M_INCOME_PC, KH_M_MED_OOP,
    KH_M_RELOC_SELF, KH_M_COUNT
};

/* A household, parsed from its first row, with its members. */
typedef struct kh_household {
    const char *hh_id;
    char village[13];
    int hh_type, cause, status; /* enum indexes, -1 unknown */
    int year_in, year_out;      /* 0 unknown */
    int64_t money[KH_M_COUNT];  /* 分 */
    unsigned money_set;         /* bit i: money[i] was given */
    int housing;                /* enum index, -1 */
    int water_safe, relocated;  /* -1, 0, 1 */
    const char *helper;
    const char *helper_id;
    char last_visit[11];        /* YYYY-MM-DD or "" */
    uint32_t measures;          /* bit per measures label */
    const char *phone;
    long row, line;
    size_t nmembers;
    kh_member *members;
} kh_household;

typedef struct kh_check_opts {
    int year;           /* snapshot year, or 0 (then: today's year) */
    int today[3];       /* y, m, d: "today" for visit_future */
    int stored;         /* rows come from the database, whose unique index
                           already rules out duplicate ID numbers: keep no
                           set of them (saves 16 bytes a person) */
} kh_check_opts;

typedef struct kh_checker kh_checker;

/*
 * A checker for one registry check or import. regions may be NULL (then
 * village codes are not looked up). Caller owns it; kh_checker_free().
 */
int kh_checker_new(const kh_standard *std, const kh_regionset *regions,
                   const kh_check_opts *opts, kh_finding_fn fn, void *ctx,
                   kh_checker **out, kh_error *err) KH_WUR;
void kh_checker_free(kh_checker *c);

/*
 * Map a header row. kind is the table kind ("csv" ...). Header findings
 * go to fn; returns KH_ERR_INVALID when the file cannot be checked further
 * (missing or duplicated required columns).
 */
int kh_checker_header(kh_checker *c, const char *file, const char *kind,
                      const kh_row *header, kh_error *err) KH_WUR;

/* The standard the checker applies. */
const kh_standard *kh_checker_standard(const kh_checker *c);

/* Column index (in the file) of registry column col, or -1. */
int kh_checker_colpos(const kh_checker *c, int col);

/* The 户编号 cell of a row (trimmed), for grouping. */
kh_cell kh_checker_hh_key(const kh_checker *c, const kh_row *row);

/*
 * Check one household: all its rows, in file order. Findings go to fn in
 * row order. On return *hh describes the household (valid until the next
 * call) and *errors the number of error findings in it.
 */
int kh_checker_household(kh_checker *c, const kh_row *const *rows, size_t n,
                         const kh_household **hh, long *errors,
                         kh_error *err) KH_WUR;

/* Make room for n more ID numbers at once (readers know the row count
 * after their first pass), so the set is sized once, not doubled. */
int kh_checker_reserve(kh_checker *c, size_t n, kh_error *err) KH_WUR;

/* Totals so far. */
typedef struct kh_check_stats {
    long rows, households, errors, warnings;
} kh_check_stats;
void kh_checker_stats(const kh_checker *c, kh_check_stats *st);

/* Report a file-level finding (used by readers for fatal read errors). */
int kh_checker_file_finding(kh_checker *c, const kh_error *e) KH_WUR;

/* Parse yuan ("1234", "1234.5", "1,234.56") into 分; -1 if invalid. */
int kh_money_parse(const char *s, size_t n, int64_t *fen);

#endif
