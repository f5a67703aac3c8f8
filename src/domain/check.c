/* SPDX-License-Identifier: MIT */
/*
 * check.c - the registry's rules (spec registry-format.md §2, codes in
 * docs/findings.md): header mapping, value checks by column type, ID
 * numbers and their duplicates across the whole registry, consistency of
 * household columns, and the household-level rules.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/check_int.h"
#include "kaohe/date.h"
#include "kaohe/encoding.h"
#include "kaohe/header.h"
#include "kaohe/idcard.h"

/* ---- the finding buffer ---- */

void fb_init(finding_buf *fb, const kh_standard *std, kh_finding_fn fn,
             void *ctx, const char *file)
{
    memset(fb, 0, sizeof *fb);
    fb->std = std;
    fb->fn = fn;
    fb->ctx = ctx;
    fb->file = file;
    kh_buf_init(&fb->text, 0);
}

void fb_free(finding_buf *fb)
{
    free(fb->v);
    kh_buf_free(&fb->text);
    fb->v = NULL;
    fb->n = fb->cap = 0;
}

static int fb_text(finding_buf *fb, const char *s, size_t *off)
{
    *off = fb->text.len;
    return kh_buf_add(&fb->text, s, strlen(s) + 1);
}

static int fb_push(finding_buf *fb, long row, long line, const char *column,
                   const char *hh_id, const char *id_no, const char *code,
                   const char *zh, const char *en)
{
    if (fb->n == fb->cap) {
        size_t cap = fb->cap ? fb->cap * 2 : 16;
        fb_entry *v = realloc(fb->v, cap * sizeof *v);
        if (!v) return KH_ERR_NOMEM;
        fb->v = v;
        fb->cap = cap;
    }
    fb_entry *e = &fb->v[fb->n];
    e->row = row;
    e->line = line;
    e->column = column ? column : "";
    e->code = code;
    e->warning = kh_standard_is_warning(fb->std, code);
    int rc = fb_text(fb, hh_id ? hh_id : "", &e->hh_id);
    if (!rc) rc = fb_text(fb, id_no ? id_no : "", &e->id_no);
    if (!rc) rc = fb_text(fb, zh, &e->zh);
    if (!rc) rc = fb_text(fb, en, &e->en);
    if (rc) return rc;
    fb->n++;
    if (e->warning) fb->warnings++;
    else fb->errors++;
    return KH_OK;
}

int fb_add(finding_buf *fb, long row, long line, const char *column,
           const char *hh_id, const char *id_no, const char *code,
           const char *zh, const char *en)
{
    return fb_push(fb, row, line, column, hh_id, id_no, code, zh, en);
}

int fb_addf(finding_buf *fb, long row, long line, const char *column,
            const char *hh_id, const char *id_no, const char *code,
            const char *zh, const char *en, ...)
{
    char z[600], e[600];
    va_list ap, ap2;
    va_start(ap, en);
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(z, sizeof z, zh, ap);
    vsnprintf(e, sizeof e, en, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
    /* a long value quoted may have been cut inside a character */
    kh_utf8_trim(z);
    kh_utf8_trim(e);
    return fb_push(fb, row, line, column, hh_id, id_no, code, z, e);
}

int fb_flush(finding_buf *fb)
{
    /* Insertion sort by row: a household has few findings, nearly in
     * order already. */
    for (size_t i = 1; i < fb->n; i++) {
        fb_entry x = fb->v[i];
        size_t j = i;
        while (j > 0 && fb->v[j - 1].row > x.row) {
            fb->v[j] = fb->v[j - 1];
            j--;
        }
        fb->v[j] = x;
    }
    int rc = KH_OK;
    for (size_t i = 0; i < fb->n && !rc; i++) {
        const fb_entry *e = &fb->v[i];
        const char *t = fb->text.data;
        kh_finding f = {fb->file, e->row, e->line, e->column, t + e->hh_id,
                        t + e->id_no, e->code, e->warning, t + e->zh,
                        t + e->en};
        if (fb->fn) rc = fb->fn(fb->ctx, &f);
    }
    fb->n = 0;
    kh_buf_reset(&fb->text);
    return rc;
}

/* ---- cells ---- */

char *dup_cell(kh_cell c)
{
    char *s = malloc(c.len + 1);
    if (!s) return NULL;
    memcpy(s, c.s, c.len);
    s[c.len] = '\0';
    return s;
}

int parse_count(kh_cell c, long long *out)
{
    long long v = 0;
    size_t n = c.len;
    /* Spreadsheets may hand integers over as "12.0". */
    if (n > 2 && c.s[n - 2] == '.' && c.s[n - 1] == '0') n -= 2;
    if (n == 0 || n > 15) return -1;
    for (size_t i = 0; i < n; i++) {
        if (c.s[i] < '0' || c.s[i] > '9') return -1;
        v = v * 10 + (c.s[i] - '0');
    }
    *out = v;
    return 0;
}

int kh_money_parse(const char *s, size_t n, int64_t *fen)
{
    int64_t yuan = 0;
    int digits = 0, frac = 0, fracdigits = 0, seen_dot = 0, commas = 0;
    size_t i = 0;
    if (i < n && s[i] == '+') i++;
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (seen_dot) {
                if (fracdigits >= 2) {
                    if (c != '0') return -1; /* no sub-分 amounts */
                    continue;
                }
                frac = frac * 10 + (c - '0');
                fracdigits++;
            } else {
                if (++digits > 13) return -1;
                yuan = yuan * 10 + (c - '0');
            }
        } else if (c == '.' && !seen_dot) {
            seen_dot = 1;
        } else if (c == ',' && !seen_dot && digits > 0 &&
                   (commas++ > 0 || digits <= 3)) {
            /* A thousands separator: exactly three digits follow, then
             * another separator, the decimal point or the end. */
            size_t k = i + 1, d = 0;
            while (k < n && s[k] >= '0' && s[k] <= '9') k++, d++;
            if (d != 3 || (k < n && s[k] != ',' && s[k] != '.')) return -1;
            continue;
        } else {
            return -1;
        }
    }
    if (!digits && !fracdigits) return -1;
    if (fracdigits == 1) frac *= 10;
    *fen = yuan * 100 + frac;
    return 0;
}

/* ---- the header ---- */

int map_header(finding_buf *fb, const kh_row *h, const kh_coldef *cols,
               int ncols, int *pos, char **unknown)
{
    int rc = KH_OK, fatal = 0;
    for (int i = 0; i < ncols; i++) pos[i] = -1;
    char *unk = calloc(h->n ? h->n : 1, 1);
    /* Each cell's column, read from the cell trimmed (row_cell) */
    int *match = malloc((h->n ? h->n : 1) * 2 * sizeof *match);
    kh_cell *trimmed = malloc((h->n ? h->n : 1) * sizeof *trimmed);
    if (!unk || !match || !trimmed) {
        free(unk);
        free(match);
        free(trimmed);
        return KH_ERR_NOMEM;
    }
    kh_row tr = *h;
    for (size_t i = 0; i < h->n; i++) trimmed[i] = row_cell(h, (int)i);
    tr.cells = trimmed;
    kh_header_match_row(fb->std,
                        cols == kh_registry_cols ? KH_HDR_REGISTRY
                                                 : KH_HDR_REGIONS,
                        &tr, match, match + h->n);
    free(trimmed);
    for (size_t i = 0; i < h->n && !rc; i++) {
        kh_cell c = row_cell(h, (int)i);
        if (cell_blank(c)) continue;
        int col = match[i], exact = match[h->n + i];
        if (col >= 0 && !exact && pos[col] < 0)
            rc = fb_addf(fb, 0, h->line, cols[col].zh, "", "", "column_alias",
                         "第%zu列的表头“%.*s”按“%s”列读取%.0s",
                         "column %zu, headed '%.*s', is read as '%s' (%s)",
                         i + 1, (int)c.len, c.s, cols[col].zh, cols[col].key);
        if (rc) break;
        if (col < 0) {
            unk[i] = 1;
            rc = fb_addf(fb, 0, h->line, "", "", "", "column_unknown",
                         "未知的列“%.*s”:其内容将另行保存,不参与检查",
                         "unknown column '%.*s': its values are kept aside "
                         "and not checked",
                         (int)c.len, c.s);
        } else if (pos[col] >= 0) {
            fatal = 1;
            rc = fb_addf(fb, 0, h->line, cols[col].zh, "", "",
                         "header_duplicate",
                         "列“%s”出现了两次(第%d列和第%zu列)",
                         "column '%s' appears twice (columns %d and %zu)",
                         cols[col].zh, pos[col] + 1, i + 1);
        } else {
            pos[col] = (int)i;
        }
    }
    for (int i = 0; i < ncols && !rc; i++) {
        if (pos[i] >= 0) continue;
        if (cols[i].header_required) {
            fatal = 1;
            rc = fb_addf(fb, 0, h->line, cols[i].zh, "", "", "header_missing",
                         "缺少必需的列“%s”", "required column '%s' (%s) is missing",
                         cols[i].zh, cols[i].key);
        } else {
            rc = fb_addf(fb, 0, h->line, cols[i].zh, "", "", "column_absent",
                         "缺少列“%s”,其值视为未知",
                         "column '%s' (%s) is absent; its values are unknown",
                         cols[i].zh, cols[i].key);
        }
    }
    free(match);
    if (!rc) rc = fb_flush(fb);
    if (unknown && !rc) *unknown = unk;
    else free(unk);
    if (rc) return rc;
    return fatal ? KH_ERR_INVALID : KH_OK;
}
