/* SPDX-License-Identifier: MIT */
/*
 * load.h - reading a registry or region file through the checker: the
 * streaming driver that groups rows into households, whatever order they
 * stand in, and hands each checked household to a sink (the importer, or
 * nothing for `kaohe check`).
 */
#ifndef KAOHE_LOAD_H
#define KAOHE_LOAD_H

#include "kaohe/check.h"
#include "kaohe/table.h"

typedef struct kh_load_sink {
    void *ctx;
    /* The header row, before any household (may be NULL). */
    int (*header)(void *ctx, const kh_row *header, kh_error *err);
    /*
     * One household, after its findings went to the finding callback.
     * errors counts its error findings; rows are its rows in file order.
     * May be NULL.
     */
    int (*household)(void *ctx, const kh_household *h, long errors,
                     const kh_row *const *rows, size_t n, kh_error *err);
    /* Progress: done of total units; called now and then. May be NULL. */
    void (*progress)(void *ctx, long long done, long long total);
    /* The title rows above the header (kh_table_set_title), one line
     * each, before the header; only when there are some. May be NULL. */
    int (*title)(void *ctx, const char *lines, kh_error *err);
} kh_load_sink;

/*
 * Read and check the registry file at path with checker ck.
 *
 * Returns KH_OK when the whole file was read (its findings, errors
 * included, went to the checker's callback); KH_ERR_INVALID when the file
 * could not be read to its end or its header is unusable (that, too, was
 * reported as a finding: encoding, quote_unbalanced, header_missing, ...);
 * other statuses for failures outside the data (I/O, memory, the sink),
 * described in err.
 */
int kh_registry_read(const char *path, kh_checker *ck,
                     const kh_load_sink *sink, kh_error *err) KH_WUR;

/*
 * kh_registry_read with the user's choice of worksheets: sheet (a name, or
 * a number from 1; NULL: the first sheet with a header) and all_sheets
 * (that sheet and every later one with the same header, as one file:
 * kh_table_all_sheets). An unknown sheet is a sheet_missing finding.
 */
int kh_registry_read_sheets(const char *path, const char *sheet,
                            int all_sheets, kh_checker *ck,
                            const kh_load_sink *sink, kh_error *err) KH_WUR;

/*
 * Read and check a region file into rs (the regions without errors).
 * Returns as kh_registry_read. *errors counts error findings.
 */
int kh_regions_read(const char *path, const kh_standard *std,
                    kh_regionset *rs, kh_finding_fn fn, void *ctx,
                    long *errors, kh_error *err) KH_WUR;

/* Is the file a region list (its header has 区划代码 and no 户编号)?
 * 1 yes, 0 no; KH_ERR_* when it cannot be read. */
int kh_file_is_regions(const char *path, const kh_standard *std,
                       kh_error *err);

/*
 * The header of a sheet of kind (kaohe/header.h: KH_HDR_ROSTER,
 * KH_HDR_SURVEY, KH_HDR_PLAN …) found as the registry's is: the first of
 * the first KH_HEADER_SCAN_ROWS rows that names every column the kind's
 * header must have (in the first worksheet that has one; else the row
 * naming the most columns of the first); the rows above it are passed
 * over as the table's title. t is left so that its next row is the
 * header. *title_rows counts them; when there are some, *finding is the
 * header_title finding to report (a warning by default), at path.
 */
int kh_load_locate_header(kh_table *t, const kh_standard *std, int kind,
                          const char *path, long *title_rows,
                          kh_error *finding /* OUT */, kh_error *err) KH_WUR;

/*
 * kh_load_locate_header with the columns told by score instead of a
 * kind's header table: score(ctx, row, &full) is how many of the wanted
 * columns row names, full 1 when it names every one that must be there.
 * The same rule (the first full row of the first KH_HEADER_SCAN_ROWS, in
 * the first worksheet that has one, else the row naming the most), the
 * same title and header_title finding: the funds files and the
 * assessment's inputs use it.
 */
typedef int (*kh_header_score_fn)(void *ctx, const kh_row *r, int *full);
int kh_load_locate_header_by(kh_table *t, kh_header_score_fn score,
                             void *ctx, const char *path, long *title_rows,
                             kh_error *finding /* OUT */,
                             kh_error *err) KH_WUR;

#endif
