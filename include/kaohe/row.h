/* SPDX-License-Identifier: MIT */
/*
 * row.h - a row of a sheet as the readers give it (kaohe/table.h, io):
 * its cells as UTF-8 text, its row number and physical line. A domain
 * type, so that the checker and the survey's rules (check.h, survey.h)
 * take rows without depending on the readers.
 */
#ifndef KAOHE_ROW_H
#define KAOHE_ROW_H

#include <stddef.h>

typedef struct kh_cell {
    const char *s; /* UTF-8, NUL-terminated */
    size_t len;
} kh_cell;

typedef struct kh_row {
    long row;       /* 0 for the header, then 1, 2, ... */
    long line;      /* physical line / sheet row */
    size_t n;       /* number of cells */
    kh_cell *cells; /* owned by the table; valid until the next call */
    /* Per cell, 1 when the sheet stored a number there (XLSX, XLS: Excel
     * may have rounded it); NULL when the reader cannot tell (CSV). */
    const unsigned char *num;
} kh_row;

#endif
