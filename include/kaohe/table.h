/* SPDX-License-Identifier: MIT */
/*
 * table.h - reading a sheet of rows from CSV, XLSX or XLS, whichever the
 * user hands over.
 *
 * kh_table_open() looks at the file's first bytes: a ZIP archive is read as
 * XLSX (the first worksheet), an OLE2 compound file as XLS (via freexl),
 * anything else as CSV, whose encoding (UTF-8 with or without BOM, or
 * GB18030/GBK) is detected. Every cell comes out as UTF-8 text.
 *
 * Row numbering: the first non-empty row (after the title rows, see
 * kh_table_set_title) is the header (row 0); data rows
 * are numbered from 1 and rows whose cells are all empty are skipped (not
 * numbered). `line` is the physical position: the CSV line the record
 * starts on, or the sheet's row number in XLSX/XLS (as Excel shows it).
 */
#ifndef KAOHE_TABLE_H
#define KAOHE_TABLE_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/row.h"

typedef struct kh_table kh_table;

/* Limits that protect the reader from hostile files. */
#define KH_TABLE_MAX_FIELD (1u << 20)  /* 1 MiB per cell */
#define KH_TABLE_MAX_ROW (4u << 20)    /* 4 MiB per record */
#define KH_TABLE_MAX_COLS 1024

/*
 * Open path for reading. On error *out is NULL and err names the file.
 * Caller owns the table; free with kh_table_free().
 */
int kh_table_open(const char *path, kh_table **out, kh_error *err) KH_WUR;

/*
 * Read the next row into *out (NULL at the end of the sheet). The first
 * call returns the header. Errors (bad encoding, unbalanced quote, NUL
 * byte, oversized line, corrupted archive) carry file, row, line and
 * column, and are final: the table cannot be read further.
 */
int kh_table_next(kh_table *t, const kh_row **out, kh_error *err) KH_WUR;

/*
 * Key-only reading (col >= 0): the caller needs only cell col of each row
 * (and whether the row is blank); readers may skip the work of splitting
 * the other cells. col = -1 reads whole rows again.
 */
void kh_table_key_only(kh_table *t, int col);

/* Start again from the header. */
int kh_table_rewind(kh_table *t, kh_error *err) KH_WUR;

/*
 * The first `rows` non-blank rows of the sheet are its title (a caption
 * above the header, kaohe/header.h finds it): from the next rewind on they
 * are passed over, the header is the row after them (row 0) and data rows
 * are numbered from 1 after it. title is their text, kept for the reject
 * file (may be NULL).
 */
int kh_table_set_title(kh_table *t, long rows, const char *title,
                       kh_error *err) KH_WUR;
/* The title set by kh_table_set_title, or NULL. */
const char *kh_table_title(const kh_table *t);

/* Number of worksheets (1 for CSV and XLS). */
size_t kh_table_sheets(const kh_table *t);
/* Read worksheet i (0-based, in workbook order) from its top. */
int kh_table_use_sheet(kh_table *t, size_t i, kh_error *err) KH_WUR;

/*
 * The worksheet a user named: its name, or its number from 1. On error
 * (sheet_missing) err names the file and the count of sheets.
 */
int kh_table_sheet_find(kh_table *t, const char *spec, size_t *idx,
                        kh_error *err) KH_WUR;
/*
 * Read the current worksheet and every later one as one table (village
 * sheets of one workbook): after the end of a sheet, reading goes on
 * after the header row of the next sheet whose first 10 rows repeat the
 * header exactly; other sheets are passed over and named by
 * kh_table_sheets_skipped. Data rows are numbered on across sheets.
 * Rewinds to the current sheet's top.
 */
int kh_table_all_sheets(kh_table *t, kh_error *err) KH_WUR;
/* The names of the sheets all-sheets reading passed over, joined by
 * "、"; NULL when none. */
const char *kh_table_sheets_skipped(const kh_table *t);

/* "csv", "xlsx" or "xls". */
const char *kh_table_kind(const kh_table *t);
/* The detected encoding (enum kh_encoding); KH_ENC_UTF8 for XLSX/XLS. */
int kh_table_encoding(const kh_table *t);
/* The path given to kh_table_open. */
const char *kh_table_path(const kh_table *t);
/* Work done and total, in the reader's own units (bytes), for progress. */
void kh_table_progress(const kh_table *t, long long *done, long long *total);

void kh_table_free(kh_table *t);

#endif
