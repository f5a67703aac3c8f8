/* SPDX-License-Identifier: MIT */
/*
 * doc.c - one document as a list of blocks, laid out as PDF (kaohe/pdf.h)
 * or XLSX (kaohe/tabwriter.h); DOCX is docx.c (include/kaohe/doc.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/doc.h"
#include "kaohe/fmt.h"
#include "kaohe/pdf.h"
#include "kaohe/tabwriter.h"

struct kh_doc {
    char *kind;
    int official;
    kh_doc_block *b;
    size_t n, cap;
};

int kh_doc_format_of(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n > 4 && !strcmp(path + n - 4, ".pdf")) return KH_DOC_PDF;
    if (n > 5 && !strcmp(path + n - 5, ".xlsx")) return KH_DOC_XLSX;
    if (n > 5 && !strcmp(path + n - 5, ".docx")) return KH_DOC_DOCX;
    return 0;
}

int kh_doc_new(const char *kind, int official, kh_doc **out, kh_error *err)
{
    *out = NULL;
    kh_doc *d = calloc(1, sizeof *d);
    if (!d || !(d->kind = strdup(kind ? kind : ""))) {
        free(d);
        return kh_error_nomem(err);
    }
    d->official = official;
    *out = d;
    return KH_OK;
}

void kh_doc_free(kh_doc *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        kh_doc_block *b = &d->b[i];
        free(b->text);
        free(b->text2);
        free(b->sheet);
        for (size_t c = 0; c < b->ncols; c++) free((char *)b->cols[c].name);
        free(b->cols);
        for (size_t k = 0; k < b->nrows * b->ncols; k++) free(b->cells[k]);
        free(b->cells);
        free(b->values);
    }
    free(d->b);
    free(d->kind);
    free(d);
}

size_t kh_doc_nblocks(const kh_doc *d) { return d->n; }
const kh_doc_block *kh_doc_block_at(const kh_doc *d, size_t i)
{
    return &d->b[i];
}
const char *kh_doc_kind(const kh_doc *d) { return d->kind; }
int kh_doc_official(const kh_doc *d) { return d->official; }

static kh_doc_block *push(kh_doc *d, int kind, int flags, const char *text,
                          const char *text2, kh_error *err)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        kh_doc_block *x = realloc(d->b, cap * sizeof *x);
        if (!x) {
            kh_error_nomem(err);
            return NULL;
        }
        d->b = x;
        d->cap = cap;
    }
    kh_doc_block *b = &d->b[d->n];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->flags = flags;
    if ((text && !(b->text = strdup(text))) ||
        (text2 && !(b->text2 = strdup(text2)))) {
        free(b->text);
        free(b->text2);
        kh_error_nomem(err);
        return NULL;
    }
    d->n++;
    return b;
}

int kh_doc_docno(kh_doc *d, const char *docno, kh_error *err)
{
    return push(d, KH_DB_DOCNO, 0, docno, NULL, err) ? KH_OK : err->status;
}
int kh_doc_title(kh_doc *d, const char *title, const char *subtitle,
                 kh_error *err)
{
    return push(d, KH_DB_TITLE, 0, title, subtitle, err) ? KH_OK
                                                          : err->status;
}
int kh_doc_heading(kh_doc *d, const char *text, kh_error *err)
{
    return push(d, KH_DB_HEADING, 0, text, NULL, err) ? KH_OK : err->status;
}
int kh_doc_subheading(kh_doc *d, const char *text, kh_error *err)
{
    return push(d, KH_DB_SUBHEADING, 0, text, NULL, err) ? KH_OK
                                                          : err->status;
}
int kh_doc_para(kh_doc *d, const char *text, kh_error *err)
{
    return kh_doc_text(d, KH_DOC_INDENT, text, err);
}
int kh_doc_text(kh_doc *d, int flags, const char *text, kh_error *err)
{
    return push(d, KH_DB_TEXT, flags, text, NULL, err) ? KH_OK : err->status;
}
int kh_doc_signoff(kh_doc *d, const char *issuer, const char *date,
                   kh_error *err)
{
    return push(d, KH_DB_SIGNOFF, 0, issuer, date, err) ? KH_OK
                                                         : err->status;
}

int kh_doc_table(kh_doc *d, const char *sheet, const kh_doc_col *cols,
                 size_t n, kh_error *err)
{
    kh_doc_block *b = push(d, KH_DB_TABLE, 0, NULL, NULL, err);
    if (!b) return err->status;
    b->sheet = strdup(sheet ? sheet : "表");
    b->cols = calloc(n ? n : 1, sizeof *b->cols);
    if (!b->sheet || !b->cols) return kh_error_nomem(err);
    for (size_t i = 0; i < n; i++) {
        b->cols[i] = cols[i];
        b->cols[i].name = strdup(cols[i].name ? cols[i].name : "");
        if (!b->cols[i].name) return kh_error_nomem(err);
        b->ncols = i + 1;
    }
    return KH_OK;
}

int kh_doc_row(kh_doc *d, const char *const *cells, kh_error *err)
{
    kh_doc_block *b = d->n ? &d->b[d->n - 1] : NULL;
    if (!b || b->kind != KH_DB_TABLE)
        return kh_error_msg(err, KH_ERR_USAGE, "doc_row", "表格行之前没有表格",
                            "a row outside a table");
    char **x = realloc(b->cells, (b->nrows + 1) * b->ncols * sizeof *x);
    if (!x) return kh_error_nomem(err);
    b->cells = x;
    char **row = &b->cells[b->nrows * b->ncols];
    for (size_t i = 0; i < b->ncols; i++) row[i] = NULL;
    b->nrows++;
    for (size_t i = 0; i < b->ncols; i++)
        if (cells[i] && cells[i][0] && !(row[i] = strdup(cells[i])))
            return kh_error_nomem(err);
    return KH_OK;
}

int kh_doc_bars(kh_doc *d, const char *title, const char *unit,
                const char *const *labels, const double *values,
                const char *const *texts, size_t n, kh_error *err)
{
    kh_doc_block *b = push(d, KH_DB_BARS, 0, title, unit, err);
    if (!b) return err->status;
    b->ncols = 2;
    b->cols = calloc(2, sizeof *b->cols);
    b->cells = calloc(n ? 2 * n : 1, sizeof *b->cells);
    b->values = calloc(n ? n : 1, sizeof *b->values);
    if (!b->cols || !b->cells || !b->values) {
        b->ncols = 0;
        return kh_error_nomem(err);
    }
    b->cols[0] = (kh_doc_col){strdup("地区"), 0, 's'};
    b->cols[1] = (kh_doc_col){strdup(title ? title : "得分"), 2, 'n'};
    if (!b->cols[0].name || !b->cols[1].name) return kh_error_nomem(err);
    for (size_t i = 0; i < n; i++) {
        b->nrows = i + 1;
        b->values[i] = values[i];
        if (!(b->cells[2 * i] = strdup(labels[i] ? labels[i] : "")) ||
            !(b->cells[2 * i + 1] = strdup(texts[i] ? texts[i] : "")))
            return kh_error_nomem(err);
    }
    return KH_OK;
}

/* ---- widths ---- */

size_t kh_doc_text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p < 0x80) w++;
        else if ((*p & 0xC0) == 0xC0) w += 2; /* a lead byte: CJK width */
    }
    return w;
}

/* Column weights for a table across body_units half-width units: a
 * number or date column gets its longest cell (never wrapped); the text
 * columns share the rest by their content, each at least its header. */
void kh_doc_col_weights(const kh_doc_block *b, double body_units, double pad,
                        double *w)
{
    /* number and date columns: their longest cell, never wrapped; text
     * columns: at least their header (in two lines when longer than three
     * characters), then the rest shared by how much longer
     * their content is */
    double fixed = 0, extra = 0, want[64];
    size_t nc = b->ncols < 64 ? b->ncols : 64;
    for (size_t c = 0; c < nc; c++) {
        double m = (double)kh_doc_text_width(b->cols[c].name);
        /* headers up to three characters stay on one line; longer
         * ones in two lines of whole characters ("整改/措施") */
        double h = m <= 6 ? m : 2 * ceil(m / 4);
        if (h < 4) h = m;
        double longest = 0;
        for (size_t r = 0; r < b->nrows; r++) {
            const char *s = b->cells[r * b->ncols + c];
            double x = s ? (double)kh_doc_text_width(s) : 0;
            if (x > longest) longest = x;
        }
        if (b->cols[c].type == 'n' || b->cols[c].type == 'd') {
            w[c] = (longest > h ? longest : h) + pad;
            want[c] = 0;
        } else {
            if (longest > 60) longest = 60;
            w[c] = h + pad;
            want[c] = longest > h ? longest - h : 0;
            extra += want[c];
        }
        fixed += w[c];
    }
    double rest = body_units - fixed;
    if (rest < 0) rest = 0;
    for (size_t c = 0; c < nc; c++)
        if (want[c] > 0)
            w[c] += extra > rest ? want[c] * rest / extra : want[c];
}

/* ---- PDF ---- */

/* Break a title into balanced lines of at most per characters, never
 * between two ASCII letters or digits: no last line of one character. */
char *kh_doc_balance(const char *t, size_t per)
{
    size_t nch = 0, len = strlen(t);
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)t[i] & 0xC0) != 0x80) nch++;
    if (nch <= per || per == 0) return strdup(t);
    size_t lines = (nch + per - 1) / per;
    size_t target = (nch + lines - 1) / lines;
    char *out = malloc(len + lines + 1);
    if (!out) return NULL;
    size_t o = 0, ch = 0, since = 0;
    for (size_t i = 0; i < len; i++) {
        int lead = ((unsigned char)t[i] & 0xC0) != 0x80;
        if (lead && since >= target && ch < nch) {
            unsigned char a = (unsigned char)t[i - 1], c = (unsigned char)t[i];
            int ascii_run = a < 0x80 && c < 0x80 &&
                            ((a >= '0' && a <= '9') || (a | 0x20) >= 'a') &&
                            ((c >= '0' && c <= '9') || (c | 0x20) >= 'a');
            if (!ascii_run) {
                out[o++] = '\n';
                since = 0;
            }
        }
        if (lead) {
            ch++;
            since++;
        }
        out[o++] = t[i];
    }
    out[o] = '\0';
    return out;
}

static int pdf_write(const kh_doc *d, const char *path, const kh_doc_meta *m,
                     kh_error *err)
{
    kh_pdf_opts po = {m->title, m->who, m->when, d->kind, {0, 0, 0, 0}, 0};
    if (d->official) {
        /* GB/T 9704 5.2.1: top 37 mm, left 28 mm, body 156 x 225 mm */
        po.margin[0] = 37;
        po.margin[1] = 26;
        po.margin[2] = 35;
        po.margin[3] = 28;
        po.official = 1;
    }
    double body_mm = 210 - (d->official ? 54 : 40);
    kh_pdf *p = NULL;
    int rc = kh_pdf_new(path, &po, &p, err);
    if (rc) return rc;
    if (d->official) {
        /* 小标宋-like title, 仿宋-like body: the serif CJK face at the
         * sizes GB/T 9704 names (二号 22 pt title, 三号 16 pt body) */
        kh_pdf_set_style(p, KH_PDF_BODY, "Noto Serif CJK SC", 15, 0);
        kh_pdf_set_style(p, KH_PDF_HEADING, "Noto Sans CJK SC", 15, 0);
        /* 楷体-like second-level headings: the serif face, bold */
        kh_pdf_set_style(p, KH_PDF_SUBTITLE, "Noto Serif CJK SC", 15, 1);
    }
    double title_pt = 22, cell_pt = 10.5;
    /* half-width units across the body at the cell size */
    double units = body_mm / (cell_pt * 0.3528 / 2) * 0.96;
    for (size_t i = 0; !rc && i < d->n; i++) {
        const kh_doc_block *b = &d->b[i];
        switch (b->kind) {
        case KH_DB_DOCNO:
            rc = kh_pdf_text(p, KH_PDF_BODY, KH_PDF_CENTER, b->text, err);
            if (!rc) kh_pdf_space(p, 4);
            break;
        case KH_DB_TITLE: {
            size_t per = (size_t)(body_mm / (title_pt * 0.3528) * 0.97);
            char *t = kh_doc_balance(b->text, per);
            if (!t) {
                rc = kh_error_nomem(err);
                break;
            }
            rc = kh_pdf_title(p, t, b->text2, err);
            free(t);
            break;
        }
        case KH_DB_HEADING: rc = kh_pdf_heading(p, b->text, err); break;
        case KH_DB_SUBHEADING:
            rc = kh_pdf_text(p, d->official ? KH_PDF_SUBTITLE : KH_PDF_CELL_HEAD,
                             KH_PDF_INDENT, b->text, err);
            break;
        case KH_DB_TEXT: {
            int fl = (b->flags & KH_DOC_INDENT ? KH_PDF_INDENT : 0) |
                     (b->flags & KH_DOC_CENTER   ? KH_PDF_CENTER
                      : b->flags & KH_DOC_RIGHT ? KH_PDF_RIGHT
                                                 : KH_PDF_LEFT);
            rc = kh_pdf_text(p, b->flags & KH_DOC_SMALL ? KH_PDF_SMALL
                                                        : KH_PDF_BODY,
                             fl, b->text, err);
            break;
        }
        case KH_DB_TABLE: {
            kh_pdf_col pc[32];
            double w[32], sum = 0;
            char *heads[32] = {NULL};
            size_t nc = b->ncols < 32 ? b->ncols : 32;
            kh_doc_col_weights(b, units, 2.6, w);
            for (size_t c = 0; c < nc; c++) sum += w[c];
            for (size_t c = 0; c < nc && !rc; c++) {
                /* a header wider than its column in balanced lines of
                 * whole characters ("整改/措施", not "整改措/施") */
                double room = w[c] * units / (sum > 0 ? sum : 1) - 2.6;
                size_t per = room > 2 ? (size_t)(room / 2) : 1;
                heads[c] = kh_doc_balance(b->cols[c].name, per);
                if (!heads[c]) rc = kh_error_nomem(err);
                pc[c] = (kh_pdf_col){heads[c], w[c], b->cols[c].align, 0};
            }
            kh_pdf_table *t = NULL;
            kh_pdf_space(p, 2);
            if (!rc) rc = kh_pdf_table_begin(p, pc, nc, 1, &t, err);
            for (size_t c = 0; c < nc; c++) free(heads[c]);
            for (size_t r = 0; !rc && r < b->nrows; r++)
                rc = kh_pdf_table_row(t, (const char *const *)&b->cells[r * b->ncols],
                                      nc, NULL, err);
            kh_pdf_table_end(t);
            kh_pdf_space(p, 3);
            break;
        }
        case KH_DB_BARS: {
            kh_pdf_bar *bars = calloc(b->nrows ? b->nrows : 1, sizeof *bars);
            if (!bars) {
                rc = kh_error_nomem(err);
                break;
            }
            for (size_t r = 0; r < b->nrows; r++)
                bars[r] = (kh_pdf_bar){b->cells[2 * r], b->values[r],
                                       b->cells[2 * r + 1]};
            kh_pdf_space(p, 4);
            rc = kh_pdf_bars(p, b->text, b->text2, bars, b->nrows, err);
            free(bars);
            break;
        }
        case KH_DB_SIGNOFF: {
            /* GB/T 9704 7.3.5.2: the issuer above the date, the date
             * right-aligned four characters in */
            char line[600];
            kh_pdf_space(p, 12);
            rc = kh_pdf_keep(p, 30, err);
            snprintf(line, sizeof line, "%s　　", b->text ? b->text : "");
            if (!rc) rc = kh_pdf_text(p, KH_PDF_BODY, KH_PDF_RIGHT, line, err);
            snprintf(line, sizeof line, "%s　　　　", b->text2 ? b->text2 : "");
            if (!rc) rc = kh_pdf_text(p, KH_PDF_BODY, KH_PDF_RIGHT, line, err);
            break;
        }
        }
    }
    if (rc) {
        kh_pdf_abort(p);
        return rc;
    }
    return kh_pdf_finish(p, err);
}

/* ---- XLSX ---- */

static int xlsx_write(const kh_doc *d, const char *path, const kh_doc_meta *m,
                      kh_error *err)
{
    kh_tabwriter *tw = NULL;
    int rc = kh_tabwriter_open(path, KH_TAB_XLSX, 0, &tw, err);
    if (!rc) rc = kh_tabwriter_sheet(tw, d->kind[0] ? d->kind : "正文", err);
    if (!rc) kh_tabwriter_width(tw, 0, 110);
    const char *title = m->title ? m->title : d->kind;
    /* pass 1: the text; tables are referred to by their sheet */
    for (size_t i = 0; !rc && i < d->n; i++) {
        const kh_doc_block *b = &d->b[i];
        char ref[200];
        const char *c[1] = {b->text};
        const char *ty = "s";
        switch (b->kind) {
        case KH_DB_TITLE:
        case KH_DB_HEADING:
        case KH_DB_SUBHEADING: ty = "h"; break;
        case KH_DB_TABLE:
        case KH_DB_BARS:
            snprintf(ref, sizeof ref, "（见工作表“%s”）",
                     b->kind == KH_DB_TABLE ? b->sheet : "得分");
            c[0] = ref;
            break;
        case KH_DB_SIGNOFF: {
            const char *c2[1] = {b->text2};
            rc = kh_tabwriter_row(tw, c, "s", 1, err);
            c[0] = c2[0];
            break;
        }
        default: break;
        }
        if (!rc) rc = kh_tabwriter_row(tw, c, ty, 1, err);
        if (!rc && b->kind == KH_DB_TITLE && b->text2) {
            const char *s[1] = {b->text2};
            rc = kh_tabwriter_row(tw, s, "s", 1, err);
        }
    }
    if (!rc) {
        char foot[400], when[64];
        kh_fmt_when(m->when, when, sizeof when);
        snprintf(foot, sizeof foot, "制表：%s　制表时间：%s", m->who ? m->who : "",
                 when);
        const char *c[1] = {foot};
        rc = kh_tabwriter_row(tw, NULL, NULL, 0, err);
        if (!rc) rc = kh_tabwriter_row(tw, c, "s", 1, err);
    }
    /* pass 2: each table on its own sheet, a title row, the header frozen */
    for (size_t i = 0; !rc && i < d->n; i++) {
        const kh_doc_block *b = &d->b[i];
        if (b->kind != KH_DB_TABLE && b->kind != KH_DB_BARS) continue;
        rc = kh_tabwriter_sheet(tw, b->kind == KH_DB_TABLE ? b->sheet : "得分",
                                err);
        double w[32];
        size_t nc = b->ncols < 32 ? b->ncols : 32;
        kh_doc_col_weights(b, 400, 2, w);
        for (size_t c = 0; c < nc; c++)
            kh_tabwriter_width(tw, c, w[c] > 60 ? 60 : w[c] < 6 ? 6 : w[c]);
        char tt[400];
        snprintf(tt, sizeof tt, "%s：%s", title,
                 b->kind == KH_DB_TABLE ? b->sheet : b->text);
        const char *t1[1] = {tt};
        if (!rc) rc = kh_tabwriter_row(tw, t1, "h", 1, err);
        const char *hd[32];
        char ht[33], ct[33];
        for (size_t c = 0; c < nc; c++) {
            hd[c] = b->cols[c].name;
            ht[c] = 'h';
            ct[c] = b->cols[c].type ? b->cols[c].type : 's';
        }
        ht[nc] = ct[nc] = '\0';
        if (!rc) rc = kh_tabwriter_row(tw, hd, ht, nc, err);
        kh_tabwriter_freeze(tw, 2, 0);
        for (size_t r = 0; !rc && r < b->nrows; r++)
            rc = kh_tabwriter_row(tw, (const char *const *)&b->cells[r * b->ncols],
                                  ct, nc, err);
    }
    if (rc) {
        kh_tabwriter_free(tw);
        return rc;
    }
    return kh_tabwriter_close(tw, err);
}

int kh_doc_write(const kh_doc *d, int format, const char *path,
                 const kh_doc_meta *m, kh_error *err)
{
    switch (format) {
    case KH_DOC_PDF: return pdf_write(d, path, m, err);
    case KH_DOC_XLSX: return xlsx_write(d, path, m, err);
    case KH_DOC_DOCX: return kh_docx_write(d, path, m, err);
    default:
        return kh_error_set(err, KH_ERR_USAGE, "doc_format",
                            "输出文件须为 .pdf、.docx 或 .xlsx:%s",
                            "the output must be .pdf, .docx or .xlsx: %s",
                            path ? path : "");
    }
}
