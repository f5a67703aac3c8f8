/* SPDX-License-Identifier: MIT */
/*
 * check_int.h - private to src/domain: the finding buffer (findings of one
 * household or one region file, sorted by row before they go out) and the
 * cell helpers the rule files share.
 */
#ifndef KAOHE_CHECK_INT_H
#define KAOHE_CHECK_INT_H

#include "kaohe/buf.h"
#include "kaohe/check.h"

typedef struct fb_entry {
    long row, line;
    const char *column; /* static */
    const char *code;   /* static */
    int warning;
    size_t hh_id, id_no, zh, en; /* offsets into text */
} fb_entry;

typedef struct finding_buf {
    const kh_standard *std;
    kh_finding_fn fn;
    void *ctx;
    const char *file;
    fb_entry *v;
    size_t n, cap;
    kh_buf text;
    long errors, warnings; /* totals since init */
} finding_buf;

void fb_init(finding_buf *fb, const kh_standard *std, kh_finding_fn fn,
             void *ctx, const char *file);
void fb_free(finding_buf *fb);
int fb_add(finding_buf *fb, long row, long line, const char *column,
           const char *hh_id, const char *id_no, const char *code,
           const char *zh, const char *en);
/* zh and en formats take the same arguments. */
int fb_addf(finding_buf *fb, long row, long line, const char *column,
            const char *hh_id, const char *id_no, const char *code,
            const char *zh, const char *en, ...);
/* Send the buffered findings to fn, sorted by row (stable), and empty the
 * buffer. */
int fb_flush(finding_buf *fb);

static inline kh_cell row_cell(const kh_row *r, int pos)
{
    kh_cell c = {"", 0};
    if (pos >= 0 && (size_t)pos < r->n) c = r->cells[pos];
    /* Trim spaces, tabs and line breaks around the value. */
    while (c.len && (c.s[0] == ' ' || c.s[0] == '\t' || c.s[0] == '\r' ||
                     c.s[0] == '\n'))
        c.s++, c.len--;
    while (c.len && (c.s[c.len - 1] == ' ' || c.s[c.len - 1] == '\t' ||
                     c.s[c.len - 1] == '\r' || c.s[c.len - 1] == '\n'))
        c.len--;
    return c;
}

static inline int cell_blank(kh_cell c)
{
    return c.len == 0;
}

char *dup_cell(kh_cell c);

/* cellnorm.c: c without the blanks around it (ASCII, U+3000, U+00A0);
 * *wide = 1 when a U+3000 or U+00A0 was among them. */
kh_cell cell_trim_wide(kh_cell c, int *wide);
/* 1 when c holds a full-width form (U+FF01-U+FF5E) or U+3000. */
int cell_has_fullwidth(kh_cell c);
/* c with full-width forms made half-width and U+3000 a space, into out
 * (room for c.len + 1 bytes: never longer), NUL-ended; the length. */
size_t cell_halfwidth(kh_cell c, char *out);
/* Was ID number v damaged by Excel: shown in scientific notation, or
 * wrong (res, enum kh_id_result, not KH_ID_OK) while stored as a number
 * (numeric) or ending in the 000 a number cell leaves? */
int id_excel_damaged(kh_cell v, int numeric, int res);
/* Integer >= 0; 0 on success, -1 otherwise. */
int parse_count(kh_cell c, long long *out);

/*
 * Map header cells to columns: pos[col] = cell index or -1. Reports
 * header_duplicate and header_missing (errors; then returns
 * KH_ERR_INVALID), column_unknown and column_absent (warnings). When
 * unknown is not NULL it receives a malloc'ed array of header-cell flags
 * (1 = unknown column), length header->n.
 */
int map_header(finding_buf *fb, const kh_row *header, const kh_coldef *cols,
               int ncols, int *pos, char **unknown);

#endif
