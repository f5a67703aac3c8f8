/* SPDX-License-Identifier: MIT */
/*
 * table_int.h - private to src/io: the interface each sheet reader (CSV,
 * XLSX, XLS) implements for kh_table (table.c dispatches on file magic).
 *
 * A source yields raw rows: it does not skip empty rows or number data
 * rows; table.c does that. A source owns the memory of the cells it
 * returns until its next call.
 */
#ifndef KAOHE_TABLE_INT_H
#define KAOHE_TABLE_INT_H

#include "kaohe/table.h"

typedef struct table_src table_src;

struct table_src {
    const char *kind; /* "csv", "xlsx", "xls" */
    int encoding;     /* enum kh_encoding */
    /*
     * Fill row->cells, row->n and row->line (physical line / sheet row,
     * 1-based). Set *eof = 1 (and leave row alone) at the end. On error,
     * fill err with code, messages, and line/column where known (the file
     * name is added by table.c).
     */
    int (*next)(table_src *s, kh_row *row, int *eof, kh_error *err);
    int (*rewind)(table_src *s, kh_error *err);
    /* Read worksheet i (0-based, of nsheets) from its top; NULL for a
     * reader of one sheet (CSV). */
    int (*select)(table_src *s, size_t i, kh_error *err);
    size_t nsheets;
    const char *(*sheet_name)(table_src *s, size_t i);
    void (*close)(table_src *s);
    long long done, total; /* progress, in bytes of input */
    /*
     * When >= 0, the caller only needs this column (a first pass that
     * groups rows): a reader may then return rows whose other cells are
     * empty placeholders, plus one non-empty placeholder cell after it when
     * the row is not blank. Readers may ignore it.
     */
    int keycol;
};

int csv_src_open(const char *path, table_src **out, kh_error *err);
int xlsx_src_open(const char *path, table_src **out, kh_error *err);
int xls_src_open(const char *path, table_src **out, kh_error *err);

#endif
