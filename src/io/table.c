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
#include "kaohe/encoding.h"

struct kh_table {
    table_src *src;
    char *path;
    long rows; /* rows returned so far, header included */
    long skip, skipped; /* title rows above the header, and passed so far */
    char *title;        /* their text, or NULL */
    kh_row row;
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
        if (eof) return KH_OK;
        if (all_empty(&r)) continue;
        if (t->skipped < t->skip) {
            t->skipped++;
            continue;
        }
        t->row = r;
        t->row.row = t->rows++;
        *out = &t->row;
        return KH_OK;
    }
}

void kh_table_key_only(kh_table *t, int col)
{
    t->src->keycol = col;
}

int kh_table_rewind(kh_table *t, kh_error *err)
{
    int rc = t->src->rewind(t->src, err);
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
    free(t);
}
