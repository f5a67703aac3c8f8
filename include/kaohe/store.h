/* SPDX-License-Identifier: MIT */
/*
 * store.h - the embedded database (SQLite): schema and migrations, region
 * list, yearly registry snapshots and the findings of each import. All SQL
 * lives in src/store/.
 */
#ifndef KAOHE_STORE_H
#define KAOHE_STORE_H

#include "kaohe/check.h"

typedef struct kh_store kh_store;

enum kh_store_mode {
    KH_STORE_OPEN = 0,   /* an existing kaohe database */
    KH_STORE_CREATE = 1, /* create it when absent, then migrate */
    KH_STORE_READONLY = 2,
};

/*
 * Open (and migrate) the database at path. A file that is not SQLite, or
 * a SQLite database that is not kaohe's, is refused untouched. Caller owns
 * the store; kh_store_close() it.
 */
int kh_store_open(const char *path, int mode, kh_store **out,
                  kh_error *err) KH_WUR;
void kh_store_close(kh_store *s);

/* The schema version the database is at. */
int kh_store_version(kh_store *s);

/* One write transaction (BEGIN IMMEDIATE): fails at once with a clear
 * error when another process holds the database. */
int kh_store_begin(kh_store *s, kh_error *err) KH_WUR;
/*
 * The same for a bulk load (a yearly snapshot): while it runs the database
 * uses a rollback journal, so that the new pages are written once instead
 * of twice (WAL, then checkpoint), and foreign keys are not re-checked row
 * by row (the loader keeps them). WAL is restored by the commit or
 * rollback. When another connection prevents the switch, the load simply
 * runs in WAL mode.
 */
int kh_store_begin_bulk(kh_store *s, kh_error *err) KH_WUR;
int kh_store_commit(kh_store *s, kh_error *err) KH_WUR;
void kh_store_rollback(kh_store *s);

/* Replace the whole region list. Inside a transaction. */
int kh_store_regions_replace(kh_store *s, const kh_regionset *rs,
                             kh_error *err) KH_WUR;
/* Load the stored region list into rs (empty when none). */
int kh_store_regions_load(kh_store *s, kh_regionset *rs,
                          kh_error *err) KH_WUR;

/*
 * Start replacing the snapshot of year: drops what the year had. Inside a
 * transaction; nothing is visible to others before the commit.
 */
int kh_store_snapshot_begin(kh_store *s, int year, const char *source,
                            kh_error *err) KH_WUR;
/* Add one checked household of the snapshot, with its members. */
int kh_store_household_add(kh_store *s, int year, const kh_household *h,
                           const kh_standard *std, kh_error *err) KH_WUR;
/* Record a finding of this import. */
int kh_store_finding_add(kh_store *s, int year, const kh_finding *f,
                         kh_error *err) KH_WUR;
/* Finish: counts, indexes. */
int kh_store_snapshot_end(kh_store *s, int year, kh_error *err) KH_WUR;

/*
 * A loader writes a snapshot's households and findings from a second
 * thread, so that reading and checking the file overlap with SQLite's
 * work. Between kh_loader_new and kh_loader_finish the store must not be
 * used by the caller. The loader copies what it is given; errors of the
 * writing thread come back from the next call or from kh_loader_finish.
 */
typedef struct kh_loader kh_loader;
int kh_loader_new(kh_store *s, int year, const kh_standard *std,
                  kh_loader **out, kh_error *err) KH_WUR;
int kh_loader_household(kh_loader *l, const kh_household *h,
                        kh_error *err) KH_WUR;
int kh_loader_finding(kh_loader *l, const kh_finding *f,
                      kh_error *err) KH_WUR;
/* Wait for everything to be written; frees l. */
int kh_loader_finish(kh_loader *l, kh_error *err) KH_WUR;
/* Stop without waiting for the queue to drain (a failed import); frees l.
 * The transaction must then be rolled back. NULL is a no-op. */
void kh_loader_abort(kh_loader *l);

/* 1 when a snapshot of year exists. */
int kh_store_year_exists(kh_store *s, int year);

/*
 * Visit the stored registry of year as rows in the order of
 * kh_registry_cols, one household at a time (rows[0] is the header, built
 * once, then the household's rows). The callback returns a status.
 */
typedef int (*kh_store_hh_fn)(void *ctx, const kh_row *header,
                              const kh_row *const *rows, size_t n,
                              kh_error *err);
int kh_store_registry_each(kh_store *s, int year, kh_store_hh_fn fn,
                           void *ctx, kh_error *err) KH_WUR;

/* ---- the exit review (src/store/review_store.c) ---- */

/*
 * First pass of the review: every valid 帮扶责任人证件号码 of the year with
 * the number of households it is given for. The callback's status stops
 * the walk and is returned.
 */
typedef int (*kh_store_helper_fn)(void *ctx, const char *helper_id,
                                  long long households, kh_error *err);
int kh_store_helper_counts(kh_store *s, int year, kh_store_helper_fn fn,
                           void *ctx, kh_error *err) KH_WUR;

/* Writing a year's review: kh_store_review_run (kaohe/review_run.h). */

/* A stored review finding (strings valid during the callback only). */
typedef struct kh_review_row {
    const char *hh_id, *village, *code;
    int member_seq;    /* 1-based position of the member, 0 household */
    const char *id_no; /* the member's, or "" */
    const char *value, *zh, *en;
    long row, line;    /* the household's first row in the source */
} kh_review_row;
typedef int (*kh_store_review_fn)(void *ctx, const kh_review_row *r,
                                  kh_error *err);
/* The stored findings of year's review, by row then code.
 * KH_ERR_NOTFOUND ("review_missing") when the year was not reviewed. */
int kh_store_review_each(kh_store *s, int year, kh_store_review_fn fn,
                         void *ctx, kh_error *err) KH_WUR;

/*
 * Visit the stored registry of year as parsed households (typed columns
 * read straight into kh_household, no text round trip): for the rules that
 * run on data already checked at import (the review of check --year).
 * Enum labels are looked up in std; a household with a label std does not
 * know is passed with *unknown set, for the caller to skip. Households
 * come in the order they were stored.
 */
typedef int (*kh_store_household_fn)(void *ctx, const kh_household *h,
                                     int unknown, kh_error *err);
int kh_store_households_each(kh_store *s, int year, const kh_standard *std,
                             kh_store_household_fn fn, void *ctx,
                             kh_error *err) KH_WUR;

/* Headline counts for one year (for `kaohe summary`). */
typedef struct kh_year_summary {
    int year;
    long long households, persons;
    long long poor_households, poor_persons; /* 未脱贫 + 返贫 */
    long long exited_households, exited_persons;
    long long rural_pop;
    long long villages, regions;
    long long errors, warnings; /* findings stored at import */
    char source[256];
    char imported_at[32];
} kh_year_summary;
int kh_store_summary(kh_store *s, int year, kh_year_summary *out,
                     kh_error *err) KH_WUR;

/* Years stored, ascending, into years[0..max); returns the count. */
int kh_store_years(kh_store *s, int *years, int max);

/* How many households year's stored snapshot holds (0 when none). */
int kh_store_year_households(kh_store *s, int year, long long *n,
                             kh_error *err) KH_WUR;

/* ------------------------------------------------------------------ */
/*
 * 动态调整: what changed between two stored years (src/store/diff_store.c,
 * docs/cli/diff.md has the definitions). Households are matched by 户编号;
 * a household of the first year whose 户编号 is gone and one of the second
 * year whose 户编号 is new are the same household "re-numbered" when more
 * than half of the members of each are the same persons (证件号码).
 * Categories overlap: a household can be exited and moved at once.
 */
enum kh_diff_cat {
    KH_DIFF_NEW,           /* in Y2, no household of Y1 matches it */
    KH_DIFF_EXITED,        /* 未脱贫 or 返贫 in Y1, 已脱贫… in Y2 */
    KH_DIFF_RETURNED,      /* 已脱贫… in Y1, 返贫 in Y2 */
    KH_DIFF_REMOVED,       /* 清退 in Y2, or absent from Y2 (not 清退 in Y1) */
    KH_DIFF_RENUMBERED,    /* matched by its members under another 户编号 */
    KH_DIFF_MOVED,         /* 行政区划代码 (village) changed */
    KH_DIFF_MEMBER_ADDED,  /* person not in Y1, in a household of both years */
    KH_DIFF_MEMBER_GONE,   /* person not in Y2, from a household of both years */
    KH_DIFF_MEMBER_MOVED,  /* person in both years, in another household */
    KH_DIFF_NCAT
};
/* Categories below this one are households, the others persons. */
#define KH_DIFF_FIRST_MEMBER KH_DIFF_MEMBER_ADDED

/* The stable code word of a category ("new", "exited", ...), or NULL. */
const char *kh_diff_cat_name(int cat);
/* The category named by a code word, or -1. */
int kh_diff_cat_parse(const char *name);

typedef struct kh_diff kh_diff;

/*
 * Compare the stored year y1 with y2, restricted to the households whose
 * village in either year lies in region (a 12-digit code of any level;
 * NULL or "" for all). The matching is done once here, into temporary
 * tables of the store's connection (which may be read-only); one kh_diff
 * per store at a time. Errors: KH_ERR_USAGE when y1 == y2 or the code is
 * not a region code, KH_ERR_NOTFOUND ("year_missing", "region_unknown"),
 * KH_ERR_DB. Caller owns *out; free with kh_diff_free() before closing s.
 */
int kh_diff_open(kh_store *s, int y1, int y2, const char *region,
                 kh_diff **out /* OUT */, kh_error *err) KH_WUR;
/* Drop the temporary tables and free d. NULL is a no-op. */
void kh_diff_free(kh_diff *d);

/* Counts of one region (or of the whole selection). */
typedef struct kh_diff_count {
    int level;        /* enum kh_level; KH_LV_NONE for the total */
    char code[13];    /* region code, "" for the total */
    const char *name; /* region name, "" when unknown; valid in the call */
    /* the region's registry in each year (by that year's village) */
    long long households_from, persons_from, households_to, persons_to;
    /* per category: households concerned and persons (household
     * categories: the household's members in Y2, else in Y1; person
     * categories: the persons, and the distinct households they are in) */
    long long households[KH_DIFF_NCAT], persons[KH_DIFF_NCAT];
    /* 人均纯收入 (分) of the households in both years with both values
     * known: how many, and the lower medians of the Y1 value, the Y2
     * value and the change. The medians are meaningful when income_n > 0. */
    long long income_n, income_from, income_to, income_change;
} kh_diff_count;

typedef int (*kh_diff_count_fn)(void *ctx, const kh_diff_count *c,
                                kh_error *err);
/*
 * Visit the counts at level (enum kh_level): one row per region of that
 * level that has households in either year, in code order; KH_LV_NONE
 * gives one row, the total. A household is counted in the region of its
 * Y2 village, or of its Y1 village when it is absent from Y2 or when the
 * Y2 village lies outside the selected region (it moved out of it); a
 * person in the region of the household they are in in Y2, by the same
 * rule. The callback's status stops the walk and is returned.
 */
int kh_diff_counts(kh_diff *d, int level, kh_diff_count_fn fn, void *ctx,
                   kh_error *err) KH_WUR;
/*
 * Visit the income medians alone at level: one row per region with
 * households whose 人均纯收入 is known in both years (income_* fields,
 * level, code and name set; the counts are zero), in code order. The
 * medians of all levels are computed by the first of kh_diff_counts or
 * kh_diff_income, in one sort per measure, and kept with d.
 */
int kh_diff_income(kh_diff *d, int level, kh_diff_count_fn fn, void *ctx,
                   kh_error *err) KH_WUR;

/* One household (or person) of a category. Strings are valid during the
 * callback only; NULL when the value is absent or unknown. */
typedef struct kh_diff_item {
    int cat;
    const char *region;              /* village it is counted in */
    const char *hh_from, *hh_to;     /* 户编号 in Y1 and in Y2 */
    const char *head;                /* 户主 name, Y2's else Y1's */
    const char *village_from, *village_to;
    const char *village_name_from, *village_name_to;
    const char *status_from, *status_to;
    int year_in, year_out;           /* Y2's else Y1's; 0 unknown */
    long long persons_from, persons_to; /* household sizes; -1 absent */
    int has_income_from, has_income_to;
    long long income_from, income_to;   /* 人均纯收入, 分 */
    /* person categories only */
    const char *name, *id_no, *relation_from, *relation_to;
} kh_diff_item;

typedef int (*kh_diff_item_fn)(void *ctx, const kh_diff_item *it,
                               kh_error *err);
/* Visit the households (or persons) of category cat, ordered by region,
 * 户编号 and 证件号码. */
int kh_diff_list(kh_diff *d, int cat, kh_diff_item_fn fn, void *ctx,
                 kh_error *err) KH_WUR;

/* Status of households from Y1 to Y2: from/to are the stored labels, NULL
 * for a household absent from that year. Persons as in kh_diff_count. */
typedef struct kh_diff_transition {
    const char *from, *to;
    long long households, persons;
} kh_diff_transition;
typedef int (*kh_diff_transition_fn)(void *ctx, const kh_diff_transition *t,
                                     kh_error *err);
int kh_diff_transitions(kh_diff *d, kh_diff_transition_fn fn, void *ctx,
                        kh_error *err) KH_WUR;

/*
 * How many households of year's stored snapshot have a village outside
 * lo..hi, into *n (0 when the year is not stored).
 */
int kh_store_year_outside(kh_store *s, int year, const char *lo,
                          const char *hi, long long *n, kh_error *err) KH_WUR;

#endif
