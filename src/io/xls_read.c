/* SPDX-License-Identifier: MIT */
/*
 * xls_read.c - the XLS source behind kh_table: yields the rows of the first
 * worksheet of a legacy Excel 97-2003 (BIFF) workbook through freexl, which
 * decodes the compound file, the code page and the dates. freexl loads the
 * workbook whole, which BIFF's limit of 65536 rows keeps small; this file
 * only turns each cell into the text Excel would show: text as is, integral
 * numbers as integers (no exponent), other numbers with 15 significant
 * digits, dates as YYYY-MM-DD (YYYY-MM-DD HH:MM:SS, HH:MM:SS).
 */
#include "table_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <freexl.h>

#include "kaohe/buf.h"
#include "kaohe/encoding.h"

typedef struct xls_src {
    table_src base;
    const void *xl;
    unsigned rows;
    unsigned short cols;
    unsigned next; /* next row to read, 0-based */
    long long size;
    kh_buf text; /* the row's cells, NUL-separated */
    size_t *off;
    kh_cell *cells;
} xls_src;


static int xls_corrupt(kh_error *err, long line, int code)
{
    kh_error_set(err, KH_ERR_FORMAT, "xls_corrupt",
                 "XLS 文件已损坏或无法识别（freexl 错误 %d）",
                 "corrupt or unrecognised XLS file (freexl error %d)", code);
    if (err && line > 0) err->line = line;
    return KH_ERR_FORMAT;
}

static int freexl_fail(kh_error *err, long line, int code)
{
    if (code == FREEXL_FILE_NOT_FOUND)
        return kh_error_set(err, KH_ERR_IO, "io", "无法打开文件",
                            "cannot open the file");
    if (code == FREEXL_INSUFFICIENT_MEMORY) return kh_error_nomem(err);
    return xls_corrupt(err, line, code);
}

/*
 * A number as Excel shows it in a General cell: integral values in full
 * (beyond 15 digits only the first 15 are significant, as in Excel), the
 * rest with 15 significant digits.
 */
static int format_double(double v, kh_buf *out)
{
    if (!isfinite(v)) return kh_buf_adds(out, "#NUM!");
    if (v == floor(v) && fabs(v) < 1e21) {
        if (fabs(v) < 1e15) return kh_buf_printf(out, "%.0f", v);
        char tmp[40];
        snprintf(tmp, sizeof tmp, "%.14e", v); /* d.dddddddddddddde+XX */
        const char *p = tmp;
        int rc = KH_OK;
        if (*p == '-') rc = kh_buf_addc(out, *p++);
        int exp10 = atoi(strchr(p, 'e') + 1);
        for (int i = 0; !rc && i <= exp10; i++) {
            char c = '0';
            if (i == 0)
                c = p[0];
            else if (i <= 14)
                c = p[i + 1];
            rc = kh_buf_addc(out, c);
        }
        return rc;
    }
    return kh_buf_printf(out, "%.15g", v);
}

static int cell_text(const FreeXL_CellValue *v, kh_buf *out)
{
    switch (v->type) {
    case FREEXL_CELL_INT:
        return kh_buf_printf(out, "%d", v->value.int_value);
    case FREEXL_CELL_DOUBLE:
        return format_double(v->value.double_value, out);
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        return v->value.text_value ? kh_buf_adds(out, v->value.text_value)
                                   : KH_OK;
    default: /* FREEXL_CELL_NULL */
        return KH_OK;
    }
}

static int xls_next(table_src *base, kh_row *row, int *eof, kh_error *err)
{
    xls_src *s = (xls_src *)base;
    long line = (long)s->next + 1;
    size_t n = 0;

    *eof = 0;
    if (s->next >= s->rows) {
        *eof = 1;
        return KH_OK;
    }
    kh_buf_reset(&s->text);
    for (unsigned short c = 0; c < s->cols; c++) {
        FreeXL_CellValue v;
        int rc = freexl_get_cell_value(s->xl, s->next, c, &v);
        if (rc != FREEXL_OK) return freexl_fail(err, line, rc);
        size_t start = s->text.len;
        rc = cell_text(&v, &s->text);
        if (rc == KH_OK && s->text.len - start > KH_TABLE_MAX_FIELD)
            rc = KH_ERR_LIMIT;
        if (rc == KH_ERR_LIMIT) {
            kh_error_set(err, KH_ERR_LIMIT, "field_too_long",
                         "第 %u 列的单元格超过 %u 字节",
                         "the cell in column %u is longer than %u bytes",
                         (unsigned)c + 1, KH_TABLE_MAX_FIELD);
            if (err) err->line = line;
            return KH_ERR_LIMIT;
        }
        if (rc == KH_OK) rc = kh_buf_addc(&s->text, '\0');
        if (rc) return kh_error_nomem(err);
        s->off[c] = start;
        if (s->text.len - start > 1) n = (size_t)c + 1;
    }
    if (n > KH_TABLE_MAX_COLS) {
        kh_error_set(err, KH_ERR_LIMIT, "too_many_columns",
                     "超出最多 %u 列的限制", "beyond the limit of %u columns",
                     KH_TABLE_MAX_COLS);
        if (err) err->line = line;
        return KH_ERR_LIMIT;
    }
    for (size_t i = 0; i < n; i++) {
        s->cells[i].s = s->text.data + s->off[i];
        s->cells[i].len = strlen(s->cells[i].s);
    }
    s->next++;
    s->base.done =
        s->rows ? (long long)((double)s->size * s->next / s->rows) : s->size;
    row->cells = s->cells;
    row->n = n;
    row->line = line;
    return KH_OK;
}

static int xls_rewind(table_src *base, kh_error *err)
{
    xls_src *s = (xls_src *)base;
    (void)err;
    s->next = 0;
    s->base.done = 0;
    return KH_OK;
}

static void xls_close(table_src *base)
{
    xls_src *s = (xls_src *)base;
    if (!s) return;
    if (s->xl) freexl_close(s->xl);
    kh_buf_free(&s->text);
    free(s->off);
    free(s->cells);
    free(s);
}

int xls_src_open(const char *path, table_src **out, kh_error *err)
{
    unsigned info = 0;
    int rc;

    *out = NULL;
    xls_src *s = calloc(1, sizeof *s);
    if (!s) return kh_error_nomem(err);
    s->base.kind = "xls";
    s->base.encoding = KH_ENC_UTF8;
    s->base.next = xls_next;
    s->base.rewind = xls_rewind;
    s->base.close = xls_close;
    kh_buf_init(&s->text, 0);

    struct stat st;
    if (stat(path, &st) == 0) s->size = (long long)st.st_size;
    s->base.total = s->size;

    /* freexl wants freexl_close even when freexl_open fails. */
    rc = freexl_open(path, &s->xl);
    if (rc != FREEXL_OK) {
        rc = freexl_fail(err, 0, rc);
        goto fail;
    }
    if (freexl_get_info(s->xl, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
        info == FREEXL_BIFF_OBFUSCATED) {
        rc = kh_error_set(err, KH_ERR_FORMAT, "xls_corrupt",
                          "XLS 文件有密码保护，无法读取",
                          "the XLS file is password-protected");
        goto fail;
    }
    rc = freexl_select_active_worksheet(s->xl, 0);
    if (rc == FREEXL_OK)
        rc = freexl_worksheet_dimensions(s->xl, &s->rows, &s->cols);
    if (rc != FREEXL_OK) {
        rc = freexl_fail(err, 0, rc);
        goto fail;
    }
    if (s->cols) {
        s->off = calloc(s->cols, sizeof *s->off);
        s->cells = calloc(s->cols, sizeof *s->cells);
        if (!s->off || !s->cells) {
            rc = kh_error_nomem(err);
            goto fail;
        }
    }
    *out = &s->base;
    return KH_OK;
fail:
    xls_close(&s->base);
    return rc;
}
