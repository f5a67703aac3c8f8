/* SPDX-License-Identifier: MIT */
/*
 * tabwriter.h - writing tables as CSV (UTF-8 with BOM, UTF-8, or GB18030)
 * or XLSX, with nothing half-written: rows go to a temporary file beside
 * the target, which is renamed into place only by kh_tabwriter_close().
 *
 * Cells that a spreadsheet would execute as a formula (text starting with
 * = + - @, tab or CR, and not a plain number; or quotes followed by one of
 * those) are neutralised: in CSV they are prefixed with a single quote; in
 * XLSX every text cell is written as a string cell, never a formula.
 * kaohe's readers strip that quote again (see kh_cell_unescape) so that
 * every written file reads back unchanged.
 */
#ifndef KAOHE_TABWRITER_H
#define KAOHE_TABWRITER_H

#include <stddef.h>

#include "kaohe/error.h"

typedef struct kh_tabwriter kh_tabwriter;

enum kh_tab_format { KH_TAB_CSV = 1, KH_TAB_XLSX = 2 };

/*
 * Open a writer. format is KH_TAB_CSV or KH_TAB_XLSX; encoding (enum
 * kh_encoding) applies to CSV only. path "-" writes CSV to stdout (no
 * temporary file). Caller owns the writer; finish with kh_tabwriter_close
 * (commit) or kh_tabwriter_free (abandon: the target is left untouched).
 */
int kh_tabwriter_open(const char *path, int format, int encoding,
                      kh_tabwriter **out, kh_error *err) KH_WUR;

/*
 * Start a new named worksheet (XLSX). For CSV only the first call is
 * allowed and the name is ignored. A sheet is started implicitly with the
 * name "Sheet1" if a row is written first.
 */
int kh_tabwriter_sheet(kh_tabwriter *w, const char *name,
                       kh_error *err) KH_WUR;

/*
 * Append one row of n cells (UTF-8; NULL is an empty cell). types may be
 * NULL (all text) or a string of n letters: 's' text, 'n' number (written
 * as a numeric cell in XLSX when it parses as one), 'd' date (YYYY-MM-DD
 * written as an XLSX date cell shown yyyy-mm-dd; other text as text),
 * 'h' header (bold).
 */
int kh_tabwriter_row(kh_tabwriter *w, const char *const *cells,
                     const char *types, size_t n, kh_error *err) KH_WUR;

/* Set a column's width in characters (XLSX; ignored for CSV). */
void kh_tabwriter_width(kh_tabwriter *w, size_t col, double width);

/* Freeze the first rows and columns of the current sheet (XLSX: a
 * header and the names stay in view). Ignored for CSV. */
void kh_tabwriter_freeze(kh_tabwriter *w, size_t rows, size_t cols);

/* Flush, close and rename into place. Frees w in every case. */
int kh_tabwriter_close(kh_tabwriter *w, kh_error *err) KH_WUR;

/* Abandon: remove the temporary file and free w. NULL is a no-op. */
void kh_tabwriter_free(kh_tabwriter *w);

/* Does text need the formula guard? */
int kh_cell_needs_guard(const char *s, size_t len);

/*
 * Undo the CSV formula guard on a cell read back: a leading ' followed by
 * = + - @, tab, CR or further quotes is dropped. Returns the new length
 * (in place).
 */
size_t kh_cell_unescape(char *s, size_t len);

#endif
