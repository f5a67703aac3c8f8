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

/*
 * Writing a year's review: kh_store_review_begin deletes the year's
 * previous review and records the run (standards names the standards file
 * used); then one kh_store_review_add per household; kh_store_review_end
 * frees w. Inside a transaction (kh_store_begin / kh_store_commit), so
 * that the old review is replaced all at once or not at all. Caller owns
 * *w; kh_store_review_end(NULL) is a no-op.
 */
typedef struct kh_review_writer kh_review_writer;
struct kh_review_result;
int kh_store_review_begin(kh_store *s, int year, const char *standards,
                          kh_review_writer **w /* OUT */,
                          kh_error *err) KH_WUR;
/* The review of household h (matched by 户编号 in the year's snapshot;
 * KH_ERR_NOTFOUND when it is not stored). */
int kh_store_review_add(kh_review_writer *w, const kh_household *h,
                        const struct kh_review_result *r,
                        kh_error *err) KH_WUR;
void kh_store_review_end(kh_review_writer *w);

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
/* Households each code applies to and flagged, from the stored review,
 * indexed by enum kh_review_code (16 entries), and the 拟退出 count.
 * KH_ERR_NOTFOUND when the year was not reviewed. */
int kh_store_review_counts(kh_store *s, int year, long long *applies,
                           long long *flagged, long long *exit_ready,
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

#endif
