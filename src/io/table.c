/* SPDX-License-Identifier: MIT */
/*
 * table.c - kh_table: picks the reader for a file by its first bytes, skips
 * empty rows, numbers data rows and puts the file name on every error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/table_int.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"

struct kh_table {
    table_src *src;
    char *path;
    long rows; /* rows returned so far, header included */
    long skip, skipped; /* title rows above the header, and passed so far */
    char *title;        /* their text, or NULL */
    kh_row row;
    size_t sheet;       /* the worksheet being read */
    /* kh_table_all_sheets: the sheets from first_sheet on are one table;
     * the header (texts in hdr, NUL-separated) repeats on each. */
    int all;
    size_t first_sheet, nhdr;
    kh_buf hdr;
    kh_buf skipped_sheets; /* the names of sheets passed over, "、" */
};

static int sniff(const char *path, unsigned char magic[8], size_t *got,
                 kh_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        kh_error_set(err, KH_ERR_IO, "io", "无法打开文件:%s",
                     "cannot open the file: %s", strerror(e));
        kh_error_at(err, path, 0, 0, NULL);
        return KH_ERR_IO;
    }
    *got = fread(magic, 1, 8, fp);
    fclose(fp);
    return KH_OK;
}

int kh_table_open(const char *path, kh_table **out, kh_error *err)
{
    unsigned char m[8] = {0};
    size_t got = 0;
    *out = NULL;
    int rc = sniff(path, m, &got, err);
    if (rc) return rc;
    if (got == 0) {
        kh_error_set(err, KH_ERR_FORMAT, "file_empty", "文件为空(0 字节)",
                     "the file is empty (0 bytes)");
        kh_error_at(err, path, 0, 0, NULL);
        return KH_ERR_FORMAT;
    }
    table_src *src = NULL;
    if (got >= 4 && memcmp(m, "PK\x03\x04", 4) == 0)
        rc = xlsx_src_open(path, &src, err);
    else if (got >= 8 && memcmp(m, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        rc = xls_src_open(path, &src, err);
    else
        rc = csv_src_open(path, &src, err);
    if (rc) {
        kh_error_at(err, path, 0, 0, NULL);
        return rc;
    }
    kh_table *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(path))) {
        free(t);
        src->close(src);
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    }
    t->src = src;
    kh_buf_init(&t->hdr, 0);
    kh_buf_init(&t->skipped_sheets, 0);
    src->keycol = -1;
    *out = t;
    return KH_OK;
}

static int all_empty(const kh_row *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const char *s = r->cells[i].s;
        for (size_t k = 0; k < r->cells[i].len; k++)
            if (s[k] != ' ' && s[k] != '\t') return 0;
    }
    return 1;
}

/* Keep the header's texts (all-sheets mode compares later sheets'). */
static int save_header(kh_table *t, const kh_row *r)
{
    kh_buf_reset(&t->hdr);
    t->nhdr = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (kh_buf_add(&t->hdr, r->cells[i].s, r->cells[i].len) ||
            kh_buf_addc(&t->hdr, '\0'))
            return KH_ERR_NOMEM;
        t->nhdr++;
    }
    /* Trailing empty cells do not make another header. */
    while (t->nhdr && t->hdr.len >= 2 && t->hdr.data[t->hdr.len - 2] == '\0') {
        t->hdr.len--;
        t->nhdr--;
    }
    return KH_OK;
}

static int same_header(const kh_table *t, const kh_row *r)
{
    size_t n = r->n;
    while (n && r->cells[n - 1].len == 0) n--;
    if (n != t->nhdr) return 0;
    const char *p = t->hdr.data;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(p);
        if (len != r->cells[i].len || memcmp(p, r->cells[i].s, len)) return 0;
        p += len + 1;
    }
    return 1;
}

/*
 * All-sheets mode, at the end of a sheet: go on with the next sheet whose
 * first rows hold the same header, reading from the row after it; sheets
 * without it are passed over (their names kept). 1 when a sheet was
 * found, 0 at the end of the workbook.
 */
static int next_sheet(kh_table *t, kh_error *err)
{
    while (t->sheet + 1 < t->src->nsheets) {
        t->sheet++;
        int rc = t->src->select(t->src, t->sheet, err);
        if (rc) return -rc;
        for (int n = 0; n < 10;) {
            int eof = 0;
            kh_row r = {0};
            rc = t->src->next(t->src, &r, &eof, err);
            if (rc) return -rc;
            if (eof) break;
            if (all_empty(&r)) continue;
            if (same_header(t, &r)) return 1;
            n++;
        }
        const char *name =
            t->src->sheet_name ? t->src->sheet_name(t->src, t->sheet) : "";
        if ((t->skipped_sheets.len && kh_buf_adds(&t->skipped_sheets, "、")) ||
            kh_buf_printf(&t->skipped_sheets, "%s", *name ? name : "?"))
            return -KH_ERR_NOMEM;
    }
    return 0;
}

int kh_table_next(kh_table *t, const kh_row **out, kh_error *err)
{
    *out = NULL;
    for (;;) {
        int eof = 0;
        kh_row r = {0};
        int rc = t->src->next(t->src, &r, &eof, err);
        if (rc) {
            /* The reader set the line; add file and the data row it was
             * reading (the next one). */
            long line = err ? err->line : 0;
            kh_error_at(err, t->path, t->rows, line, NULL);
            return rc;
        }
        if (eof) {
            if (!t->all) return KH_OK;
            int more = next_sheet(t, err);
            if (more < 0) {
                if (-more == KH_ERR_NOMEM) return kh_error_nomem(err);
                kh_error_at(err, t->path, t->rows, err ? err->line : 0, NULL);
                return -more;
            }
            if (!more) return KH_OK;
            continue;
        }
        if (all_empty(&r)) continue;
        if (t->skipped < t->skip) {
            t->skipped++;
            continue;
        }
        if (t->all && t->rows == 0 && save_header(t, &r))
            return kh_error_nomem(err);
        t->row = r;
        t->row.row = t->rows++;
        *out = &t->row;
        return KH_OK;
    }
}

int kh_table_all_sheets(kh_table *t, kh_error *err)
{
    t->all = t->src->select != NULL;
    t->first_sheet = t->sheet;
    kh_buf_reset(&t->skipped_sheets);
    return kh_table_rewind(t, err);
}

const char *kh_table_sheets_skipped(const kh_table *t)
{
    return t->skipped_sheets.len ? t->skipped_sheets.data : NULL;
}

int kh_table_sheet_find(kh_table *t, const char *spec, size_t *idx,
                        kh_error *err)
{
    size_t n = kh_table_sheets(t);
    for (size_t i = 0; i < n && t->src->sheet_name; i++)
        if (!strcmp(t->src->sheet_name(t->src, i), spec)) {
            *idx = i;
            return KH_OK;
        }
    char *end;
    long v = strtol(spec, &end, 10);
    if (*spec && !*end && v >= 1 && (size_t)v <= n) {
        *idx = (size_t)v - 1;
        return KH_OK;
    }
    kh_error_set(err, KH_ERR_INVALID, "sheet_missing",
                 "工作簿中没有名为或编号为“%s”的工作表(共 %zu 个工作表)",
                 "the workbook has no worksheet named or numbered '%s' (it "
                 "has %zu)",
                 spec, n);
    kh_error_at(err, t->path, 0, 0, NULL);
    return KH_ERR_INVALID;
}

void kh_table_key_only(kh_table *t, int col)
{
    t->src->keycol = col;
}

int kh_table_rewind(kh_table *t, kh_error *err)
{
    int rc;
    kh_buf_reset(&t->skipped_sheets);
    if (t->all && t->sheet != t->first_sheet) {
        t->sheet = t->first_sheet;
        rc = t->src->select(t->src, t->sheet, err);
    } else {
        rc = t->src->rewind(t->src, err);
    }
    if (rc) {
        kh_error_at(err, t->path, 0, 0, NULL);
        return rc;
    }
    t->rows = 0;
    t->skipped = 0;
    return KH_OK;
}

int kh_table_set_title(kh_table *t, long rows, const char *title,
                       kh_error *err)
{
    char *c = NULL;
    if (title && !(c = strdup(title))) return kh_error_nomem(err);
    free(t->title);
    t->title = c;
    t->skip = rows;
    return KH_OK;
}

const char *kh_table_title(const kh_table *t)
{
    return t->title;
}

size_t kh_table_sheets(const kh_table *t)
{
    return t->src->select ? t->src->nsheets : 1;
}

int kh_table_use_sheet(kh_table *t, size_t i, kh_error *err)
{
    if (!t->src->select) return i == 0 ? kh_table_rewind(t, err) : KH_ERR_USAGE;
    int rc = t->src->select(t->src, i, err);
    if (rc) {
        kh_error_at(err, t->path, 0, 0, NULL);
        return rc;
    }
    t->sheet = i;
    t->rows = 0;
    t->skipped = 0;
    return KH_OK;
}

const char *kh_table_kind(const kh_table *t)
{
    return t->src->kind;
}

int kh_table_encoding(const kh_table *t)
{
    return t->src->encoding;
}

const char *kh_table_path(const kh_table *t)
{
    return t->path;
}

void kh_table_progress(const kh_table *t, long long *done, long long *total)
{
    *done = t->src->done;
    *total = t->src->total;
}

void kh_table_free(kh_table *t)
{
    if (!t) return;
    t->src->close(t->src);
    free(t->path);
    free(t->title);
    kh_buf_free(&t->hdr);
    kh_buf_free(&t->skipped_sheets);
    free(t);
}
