/* SPDX-License-Identifier: MIT */
/*
 * import.h - the registry import (a year's snapshot): read and check the
 * file, store it all or nothing (or, with keep_valid, the households
 * without errors and the rejected rows in a reject file), in one
 * transaction. `kaohe import registry` and `POST /api/imports` both call
 * kh_import_registry; they differ only in how they show the findings and
 * the progress.
 */
#ifndef KAOHE_IMPORT_H
#define KAOHE_IMPORT_H

#include "kaohe/check.h"
#include "kaohe/store.h"

/* What the import is doing, for a progress display. */
enum kh_import_phase {
    KH_IMPORT_READ = 1, /* reading and checking the file (twice) */
    KH_IMPORT_STORE     /* the last writes, index builds and commit */
};

/*
 * Progress: rows of the file checked so far, and done of total units of
 * the reading (bytes of the file, counted over both passes); done reaches
 * total at the end of the reading. Return non-zero to stop the import
 * (it is then rolled back: KH_ERR_IO, code "import_stopped").
 */
typedef int (*kh_import_progress_fn)(void *ctx, int phase, long rows,
                                     long long done, long long total);

typedef struct kh_import_opts {
    const char *file;     /* the file read */
    const char *source;   /* recorded as the snapshot's source (file when
                           * NULL) */
    const char *db;       /* the database's name, for messages */
    int year;
    int today[3];         /* y, m, d (visit dates in the future) */
    int keep_valid;       /* store the valid households, reject the rest */
    const char *rejects;  /* with keep_valid: the reject file, or NULL */
    /* Replace a stored year even with fewer than half its households
     * (--replace; the web's confirmation). Without it such an import is
     * refused: KH_ERR_USAGE, code "replace_needed". */
    int replace;
    /* Households whose village lies outside lo..hi (12-digit codes,
     * inclusive) are errors (code "village_out_of_scope", on the row and
     * column of the village code). NULL: any village. */
    const char *scope_lo, *scope_hi;
    kh_finding_fn finding; /* every finding, errors and warnings */
    void *finding_ctx;
    kh_import_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    /* Called inside the import's transaction just before its commit (the
     * audit entry of a web import); non-zero rolls everything back. May
     * be NULL. */
    int (*before_commit)(void *ctx, kh_store *s, kh_error *err);
    void *before_commit_ctx;
    const char *sheet;    /* XLSX worksheet (name or number), or NULL */
    int all_sheets;       /* it and the later sheets with its header */
} kh_import_opts;

typedef struct kh_import_result {
    int read;             /* the file was read: st holds its counts */
    kh_check_stats st;    /* rows, households, errors, warnings (errors
                           * include those of the scope) */
    long stored_hh, stored_persons;
    long rejected_hh, rejected_rows;
    long out_of_scope;    /* households outside scope_lo..scope_hi */
} kh_import_result;

/*
 * Import the registry file o->file as the snapshot of o->year into s (a
 * year that exists is replaced). The region list must be stored.
 *
 * Returns KH_OK when stored (with keep_valid, possibly with rejected
 * households, written to o->rejects); KH_ERR_INVALID when refused for
 * errors in the data (the findings say which; nothing changed, no reject
 * file); other statuses for failures outside the data, described in err
 * (nothing changed). res is filled as far as the import got (its stored
 * and rejected counts are 0 unless KH_OK).
 */
int kh_import_registry(kh_store *s, const kh_standard *std,
                       const kh_import_opts *o, kh_import_result *res,
                       kh_error *err) KH_WUR;

/*
 * Whether who may import year's registry through the server (the use
 * case's rule, src/app/import.c): a role of [web] import_roles with a
 * scope; and, when year >= 0 and who does not see every region, a stored
 * year that holds no household outside who's region (an import replaces
 * the whole year). year < 0 checks the role only. A refusal is audited
 * (import.registry, object registry/YEAR, denied) and returned:
 * KH_ERR_DENIED, "role_denied" or "year_outside_scope". The command
 * line's `kaohe import registry` is the operator's and asks no user.
 */
struct kh_actor;
int kh_app_import_may(kh_store *s, const kh_standard *std,
                      const struct kh_actor *who, int year,
                      const char *object, kh_error *err) KH_WUR;

/*
 * The villages an import by who may hold (kh_import_opts.scope_lo and
 * scope_hi), copied into lo and hi: who's region's codes, or "" (every
 * village) for a user who sees every region.
 */
void kh_app_import_scope(const struct kh_actor *who, char lo[13],
                         char hi[13]);

#endif
