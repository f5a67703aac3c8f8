/* SPDX-License-Identifier: MIT */
/*
 * pdf.c - the PDF document layer (pdf.h) over cairo and pango. Content is
 * laid out top-down on recording surfaces, one a page; kh_pdf_finish then
 * knows the page count, replays every page onto a PDF surface with its
 * footer, and writes through an all-or-nothing file. Inside, measures are
 * PostScript points (1/72 inch), pango's context at 72 dpi so that a font
 * of 12 pt is 12 units tall, with hinting off so that what is measured is
 * what is drawn.
 */
#include "kaohe/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/afile.h"
#include "kaohe/fmt.h"

#define MM (72.0 / 25.4)
#define A4_W (210.0 * MM)
#define A4_H (297.0 * MM)
#define EPS 0.01

typedef struct style {
    char family[64];
    double size;
    int bold;
} style;

typedef struct page {
    cairo_surface_t *rec;
    double w, h;
} page;

struct kh_pdf {
    kh_afile af;
    int to_file;
    char *title, *author, *made_at, *footer;
    int official; /* page numbers as "— N —", no maker line */
    PangoFontMap *fm;
    PangoContext *pc;
    style st[KH_PDF_NSTYLE];
    double margin[4]; /* top, right, bottom, left; points */
    page *pages;
    size_t npages, cap;
    cairo_t *cr; /* drawing on the last page */
    int orient;
    double y; /* the next content's top on the current page */
    double pad_h, pad_v; /* table cell padding for new tables */
};

struct kh_pdf_table {
    kh_pdf *d;
    size_t ncols;
    kh_pdf_col *cols;
    char **headers;
    double *x; /* ncols + 1 column edges */
    int header;
    int headers_drawn;
    double pad, vpad; /* cell padding: sides, top and bottom */
    double hh;        /* the header row's height, 0 without one */
};

static const style default_styles[KH_PDF_NSTYLE] = {
    [KH_PDF_TITLE] = {"Noto Serif CJK SC", 22, 1},
    [KH_PDF_SUBTITLE] = {"Noto Serif CJK SC", 14, 0},
    [KH_PDF_HEADING] = {"Noto Sans CJK SC", 14, 1},
    [KH_PDF_BODY] = {"Noto Serif CJK SC", 12, 0},
    [KH_PDF_SMALL] = {"Noto Serif CJK SC", 9, 0},
    [KH_PDF_CELL] = {"Noto Serif CJK SC", 10.5, 0},
    [KH_PDF_CELL_HEAD] = {"Noto Sans CJK SC", 10.5, 1},
};


static int cairo_fail(kh_error *err, cairo_status_t st)
{
    if (st == CAIRO_STATUS_NO_MEMORY) return kh_error_nomem(err);
    return kh_error_set(err, KH_ERR_IO, "pdf", "生成 PDF 失败:%s",
                        "cannot render the PDF: %s",
                        cairo_status_to_string(st));
}

/* ---- geometry ---- */

static double page_w(const kh_pdf *d) { return d->npages ? d->pages[d->npages - 1].w : A4_W; }
static double page_h(const kh_pdf *d) { return d->npages ? d->pages[d->npages - 1].h : A4_H; }
static double body_x0(const kh_pdf *d) { return d->margin[3]; }
static double body_x1(const kh_pdf *d) { return page_w(d) - d->margin[1]; }
static double body_y0(const kh_pdf *d) { return d->margin[0]; }
static double body_y1(const kh_pdf *d) { return page_h(d) - d->margin[2]; }
static double body_w(const kh_pdf *d) { return body_x1(d) - body_x0(d); }

/* ---- pages ---- */

static int new_page(kh_pdf *d, int orient, kh_error *err)
{
    if (d->npages == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        page *p = realloc(d->pages, cap * sizeof *p);
        if (!p) return kh_error_nomem(err);
        d->pages = p;
        d->cap = cap;
    }
    if (d->cr) {
        cairo_status_t st = cairo_status(d->cr);
        cairo_destroy(d->cr);
        d->cr = NULL;
        if (st) return cairo_fail(err, st);
    }
    page *p = &d->pages[d->npages];
    p->w = orient == KH_PDF_LANDSCAPE ? A4_H : A4_W;
    p->h = orient == KH_PDF_LANDSCAPE ? A4_W : A4_H;
    cairo_rectangle_t ext = {0, 0, p->w, p->h};
    p->rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_status_t st = cairo_surface_status(p->rec);
    if (st) {
        cairo_surface_destroy(p->rec);
        return cairo_fail(err, st);
    }
    d->npages++;
    d->cr = cairo_create(p->rec);
    if ((st = cairo_status(d->cr))) return cairo_fail(err, st);
    d->orient = orient;
    d->y = body_y0(d);
    return KH_OK;
}

static int ensure_page(kh_pdf *d, kh_error *err)
{
    return d->cr ? KH_OK : new_page(d, d->orient, err);
}

int kh_pdf_page(kh_pdf *d, int orient, kh_error *err)
{
    return new_page(d, orient == KH_PDF_LANDSCAPE, err);
}

int kh_pdf_page_count(const kh_pdf *d)
{
    return (int)d->npages;
}

/* Break to a new page unless h points are free; a page with nothing on
 * it yet is never left. */
static int need(kh_pdf *d, double h, kh_error *err)
{
    int rc = ensure_page(d, err);
    if (rc) return rc;
    if (d->y + h <= body_y1(d) + EPS || d->y <= body_y0(d) + EPS) return KH_OK;
    return new_page(d, d->orient, err);
}

int kh_pdf_keep(kh_pdf *d, double mm, kh_error *err)
{
    return need(d, mm * MM, err);
}

void kh_pdf_space(kh_pdf *d, double mm)
{
    if (!d->cr || d->y <= body_y0(d) + EPS) return;
    d->y += mm * MM;
    if (d->y > body_y1(d)) d->y = body_y1(d);
}

/* ---- text ---- */

static PangoLayout *layout(kh_pdf *d, int style, double width, int align,
                           const char *text)
{
    const struct style *s = &d->st[style];
    PangoLayout *l = pango_layout_new(d->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, s->family);
    pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD
                                                  : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_size(fd, (int)(s->size * PANGO_SCALE + 0.5));
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, align == KH_PDF_CENTER  ? PANGO_ALIGN_CENTER
                                  : align == KH_PDF_RIGHT ? PANGO_ALIGN_RIGHT
                                                          : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

/* Line bottoms of l in points, from its top: (*out)[i] ends line i. The
 * lines tile the layout, so line i starts where line i - 1 ends. */
static int line_bottoms(PangoLayout *l, double **out, size_t *n)
{
    int nl = pango_layout_get_line_count(l);
    double *b = malloc((size_t)(nl > 0 ? nl : 1) * sizeof *b);
    if (!b) return KH_ERR_NOMEM;
    size_t k = 0;
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        if (k < (size_t)(nl > 0 ? nl : 1)) b[k++] = (double)y1 / PANGO_SCALE;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    *out = b;
    *n = k;
    return KH_OK;
}

/* The largest line end in b[0..n) at most limit and above from, or from
 * when no line fits. */
static double cut_at(const double *b, size_t n, double from, double limit)
{
    double cut = from;
    for (size_t i = 0; i < n; i++)
        if (b[i] > from + EPS && b[i] <= limit + EPS) cut = b[i];
    return cut;
}

/* The first line end after from (to force progress on an empty page). */
static double next_line(const double *b, size_t n, double from)
{
    for (size_t i = 0; i < n; i++)
        if (b[i] > from + EPS) return b[i];
    return from;
}

/* Draw the part [from, to) of layout l with its top at (x, y). */
static void draw_slice(kh_pdf *d, PangoLayout *l, double x, double y,
                       double from, double to)
{
    cairo_save(d->cr);
    cairo_rectangle(d->cr, 0, y, page_w(d), to - from);
    cairo_clip(d->cr);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    cairo_move_to(d->cr, x, y - from);
    pango_cairo_show_layout(d->cr, l);
    cairo_restore(d->cr);
}

static int text_block(kh_pdf *d, int style, int flags, const char *text,
                      kh_error *err)
{
    int rc = ensure_page(d, err);
    if (rc) return rc;
    PangoLayout *l = layout(d, style, body_w(d), flags & 0x3, text);
    if (flags & KH_PDF_INDENT)
        pango_layout_set_indent(l, (int)(2 * d->st[style].size * PANGO_SCALE));
    double *b;
    size_t n;
    if (line_bottoms(l, &b, &n)) {
        g_object_unref(l);
        return kh_error_nomem(err);
    }
    double off = 0, total = n ? b[n - 1] : 0;
    while (!rc && off + EPS < total) {
        double cut = cut_at(b, n, off, off + body_y1(d) - d->y);
        if (cut <= off + EPS) {
            if (d->y > body_y0(d) + EPS) {
                rc = new_page(d, d->orient, err);
                continue;
            }
            cut = next_line(b, n, off);
        }
        draw_slice(d, l, body_x0(d), d->y, off, cut);
        d->y += cut - off;
        off = cut;
        if (off + EPS < total) rc = new_page(d, d->orient, err);
    }
    free(b);
    g_object_unref(l);
    return rc;
}

int kh_pdf_text(kh_pdf *d, int style, int flags, const char *text,
                kh_error *err)
{
    if (style < 0 || style >= KH_PDF_NSTYLE)
        return kh_error_msg(err, KH_ERR_USAGE, "pdf_style", "未知的文字样式",
                            "unknown text style");
    return text_block(d, style, flags, text, err);
}

int kh_pdf_title(kh_pdf *d, const char *title, const char *subtitle,
                 kh_error *err)
{
    int rc = ensure_page(d, err);
    if (!rc) rc = text_block(d, KH_PDF_TITLE, KH_PDF_CENTER, title, err);
    if (!rc && subtitle) {
        kh_pdf_space(d, 2);
        rc = text_block(d, KH_PDF_SUBTITLE, KH_PDF_CENTER, subtitle, err);
    }
    kh_pdf_space(d, 4);
    return rc;
}

int kh_pdf_heading(kh_pdf *d, const char *text, kh_error *err)
{
    double h = d->st[KH_PDF_HEADING].size * 1.5 +
               d->st[KH_PDF_BODY].size * 3;
    kh_pdf_space(d, 2);
    int rc = need(d, h, err);
    if (!rc) rc = text_block(d, KH_PDF_HEADING, KH_PDF_LEFT, text, err);
    kh_pdf_space(d, 1.5);
    return rc;
}

/* ---- tables ---- */

static void stroke_box(kh_pdf *d, double x0, double y0, double x1, double y1)
{
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    cairo_set_line_width(d->cr, 0.6);
    cairo_rectangle(d->cr, x0, y0, x1 - x0, y1 - y0);
    cairo_stroke(d->cr);
}

static void shade(kh_pdf *d, double x0, double y0, double x1, double y1,
                  double grey)
{
    cairo_set_source_rgb(d->cr, grey, grey, grey);
    cairo_rectangle(d->cr, x0, y0, x1 - x0, y1 - y0);
    cairo_fill(d->cr);
}

/* One row of cells. ncells cells over the table's columns; the last spans
 * the rest. Cell i covers columns [span0[i], span1[i]). */
typedef struct rowcells {
    size_t n;
    PangoLayout **l;
    double **b;
    size_t *nb;
    double *total;
    size_t *c0, *c1;
    int *lab; /* label styling */
} rowcells;

static void rowcells_free(rowcells *r)
{
    for (size_t i = 0; i < r->n; i++) {
        if (r->l && r->l[i]) g_object_unref(r->l[i]);
        if (r->b) free(r->b[i]);
    }
    free(r->l);
    free(r->b);
    free(r->nb);
    free(r->total);
    free(r->c0);
    free(r->c1);
    free(r->lab);
    memset(r, 0, sizeof *r);
}

static int rowcells_make(kh_pdf_table *t, const char *const *cells, size_t n,
                         int head, rowcells *r, kh_error *err)
{
    memset(r, 0, sizeof *r);
    if (n > t->ncols) n = t->ncols;
    if (n == 0) n = 1;
    r->l = calloc(n, sizeof *r->l);
    r->b = calloc(n, sizeof *r->b);
    r->nb = calloc(n, sizeof *r->nb);
    r->total = calloc(n, sizeof *r->total);
    r->c0 = calloc(n, sizeof *r->c0);
    r->c1 = calloc(n, sizeof *r->c1);
    r->lab = calloc(n, sizeof *r->lab);
    if (!r->l || !r->b || !r->nb || !r->total || !r->c0 || !r->c1 || !r->lab) {
        rowcells_free(r);
        return kh_error_nomem(err);
    }
    r->n = n;
    for (size_t i = 0; i < n; i++) {
        r->c0[i] = i;
        r->c1[i] = i + 1 == n ? t->ncols : i + 1;
        r->lab[i] = head || t->cols[i].label;
        double w = t->x[r->c1[i]] - t->x[r->c0[i]] - 2 * t->pad;
        r->l[i] = layout(t->d, r->lab[i] ? KH_PDF_CELL_HEAD : KH_PDF_CELL,
                         w > 1 ? w : 1, head ? KH_PDF_CENTER : t->cols[i].align,
                         cells ? cells[i] : NULL);
        if (line_bottoms(r->l[i], &r->b[i], &r->nb[i])) {
            rowcells_free(r);
            return kh_error_nomem(err);
        }
        r->total[i] = r->nb[i] ? r->b[i][r->nb[i] - 1] : 0;
    }
    return KH_OK;
}

/* Draw the parts [from[i], to[i]) of the cells as one band of height h
 * at the current y; middle: centre each cell's part vertically. */
static void draw_band(kh_pdf_table *t, const rowcells *r, const double *from,
                      const double *to, double h, int head, int middle)
{
    kh_pdf *d = t->d;
    double y = d->y;
    for (size_t i = 0; i < r->n; i++) {
        double x0 = t->x[r->c0[i]], x1 = t->x[r->c1[i]];
        if (head) shade(d, x0, y, x1, y + h, 0.88);
        else if (r->lab[i]) shade(d, x0, y, x1, y + h, 0.95);
        double part = to[i] - from[i];
        double dy = middle ? (h - 2 * t->vpad - part) / 2 : 0;
        if (part > EPS)
            draw_slice(d, r->l[i], x0 + t->pad, y + t->vpad + dy, from[i],
                       to[i]);
        stroke_box(d, x0, y, x1, y + h);
    }
    d->y += h;
}

static double row_height(const kh_pdf_table *t, const rowcells *r)
{
    double h = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->total[i] > h) h = r->total[i];
    return h + 2 * t->vpad;
}

static int draw_header(kh_pdf_table *t, kh_error *err)
{
    rowcells r;
    int rc = rowcells_make(t, (const char *const *)t->headers, t->ncols, 1,
                           &r, err);
    if (rc) return rc;
    double *from = calloc(r.n, sizeof *from);
    if (!from) {
        rowcells_free(&r);
        return kh_error_nomem(err);
    }
    draw_band(t, &r, from, r.total, row_height(t, &r), 1, 1);
    t->headers_drawn++;
    free(from);
    rowcells_free(&r);
    return KH_OK;
}

static double header_height(kh_pdf_table *t, kh_error *err, int *rc)
{
    *rc = KH_OK;
    if (!t->header) return 0;
    rowcells r;
    if ((*rc = rowcells_make(t, (const char *const *)t->headers, t->ncols, 1,
                             &r, err)))
        return 0;
    double h = row_height(t, &r);
    rowcells_free(&r);
    return h;
}

static int table_page(kh_pdf_table *t, kh_error *err)
{
    int rc = new_page(t->d, t->d->orient, err);
    if (!rc && t->header) rc = draw_header(t, err);
    return rc;
}

void kh_pdf_table_end(kh_pdf_table *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->ncols; i++) free(t->headers ? t->headers[i] : NULL);
    free(t->headers);
    free(t->cols);
    free(t->x);
    free(t);
}

int kh_pdf_table_begin(kh_pdf *d, const kh_pdf_col *cols, size_t ncols,
                       int header, kh_pdf_table **out, kh_error *err)
{
    *out = NULL;
    if (ncols == 0)
        return kh_error_msg(err, KH_ERR_USAGE, "pdf_table", "表格没有列",
                            "a table needs columns");
    int rc = ensure_page(d, err);
    if (rc) return rc;
    kh_pdf_table *t = calloc(1, sizeof *t);
    if (!t) return kh_error_nomem(err);
    t->d = d;
    t->ncols = ncols;
    t->header = header != 0;
    t->pad = d->pad_h;
    t->vpad = d->pad_v;
    t->cols = malloc(ncols * sizeof *t->cols);
    t->headers = calloc(ncols, sizeof *t->headers);
    t->x = malloc((ncols + 1) * sizeof *t->x);
    if (!t->cols || !t->headers || !t->x) {
        kh_pdf_table_end(t);
        return kh_error_nomem(err);
    }
    memcpy(t->cols, cols, ncols * sizeof *cols);
    double sum = 0;
    for (size_t i = 0; i < ncols; i++) {
        t->cols[i].header = NULL;
        sum += cols[i].width > 0 ? cols[i].width : 1;
        if (!(t->headers[i] = strdup(cols[i].header ? cols[i].header : ""))) {
            kh_pdf_table_end(t);
            return kh_error_nomem(err);
        }
    }
    t->x[0] = body_x0(d);
    double acc = 0;
    for (size_t i = 0; i < ncols; i++) {
        acc += cols[i].width > 0 ? cols[i].width : 1;
        t->x[i + 1] = body_x0(d) + body_w(d) * acc / sum;
    }
    if (t->header) {
        /* the header and one line of a row together */
        t->hh = header_height(t, err, &rc);
        if (!rc)
            rc = need(d, t->hh + d->st[KH_PDF_CELL].size * 1.5 + 2 * t->vpad,
                      err);
        if (!rc) rc = draw_header(t, err);
    }
    if (rc) {
        kh_pdf_table_end(t);
        return rc;
    }
    *out = t;
    return KH_OK;
}

int kh_pdf_table_row(kh_pdf_table *t, const char *const *cells, size_t n,
                     kh_pdf_rowpos *pos, kh_error *err)
{
    kh_pdf *d = t->d;
    rowcells r;
    int rc = rowcells_make(t, cells, n, 0, &r, err);
    if (rc) return rc;
    double *from = calloc(r.n, sizeof *from), *to = calloc(r.n, sizeof *to);
    if (!from || !to) {
        free(from);
        free(to);
        rowcells_free(&r);
        return kh_error_nomem(err);
    }
    double h = row_height(t, &r), hh = t->hh;
    double fresh = body_y1(d) - body_y0(d) - hh;
    double height = 0;
    kh_pdf_rowpos p = {0, 0, 0, 0, 0};
    if (!rc && d->y + h > body_y1(d) + EPS && h <= fresh + EPS)
        rc = table_page(t, err); /* the row fits on a page of its own */
    if (!rc && d->y + h <= body_y1(d) + EPS) {
        p.first_page = p.last_page = (int)d->npages;
        p.top_mm = d->y / MM;
        draw_band(t, &r, from, r.total, h, 0, 1);
        height = h;
    } else if (!rc) {
        /* taller than a page: split between lines, every cell on its own */
        p.first_page = (int)d->npages;
        p.top_mm = d->y / MM;
        for (;;) {
            double avail = body_y1(d) - d->y - 2 * t->vpad;
            int left = 0, moved = 0;
            for (size_t i = 0; i < r.n; i++) {
                to[i] = cut_at(r.b[i], r.nb[i], from[i], from[i] + avail);
                if (to[i] > from[i] + EPS) moved = 1;
            }
            if (!moved) {
                if (d->y > body_y0(d) + hh + EPS) {
                    if ((rc = table_page(t, err))) break;
                    continue;
                }
                for (size_t i = 0; i < r.n; i++)
                    to[i] = next_line(r.b[i], r.nb[i], from[i]);
            }
            double part = 0;
            for (size_t i = 0; i < r.n; i++)
                if (to[i] - from[i] > part) part = to[i] - from[i];
            draw_band(t, &r, from, to, part + 2 * t->vpad, 0, 0);
            height += part + 2 * t->vpad;
            for (size_t i = 0; i < r.n; i++) {
                from[i] = to[i];
                if (from[i] + EPS < r.total[i]) left = 1;
            }
            if (!left) break;
            if ((rc = table_page(t, err))) break;
        }
        p.last_page = (int)d->npages;
    }
    p.height_mm = height / MM;
    p.headers = t->headers_drawn;
    if (pos) *pos = p;
    free(from);
    free(to);
    rowcells_free(&r);
    return rc;
}

/* ---- bar chart ---- */

/* A round step for an axis up to max with about 5 ticks. */
static double nice_step(double max)
{
    if (max <= 0) return 1;
    double raw = max / 5, mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

static void fmt_num(char *buf, size_t n, double v)
{
    if (fabs(v - round(v)) < 1e-9) snprintf(buf, n, "%.0f", v);
    else snprintf(buf, n, "%.2f", v);
}

/* Text w wide, drawn at (x, y) (top left) in style. */
static double text_at(kh_pdf *d, int style, double x, double y, int align,
                      double w, const char *s)
{
    PangoLayout *l = layout(d, style, w, align, s);
    int lw, lh;
    pango_layout_get_size(l, &lw, &lh);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
    g_object_unref(l);
    return (double)lh / PANGO_SCALE;
}

static double text_width(kh_pdf *d, int style, const char *s)
{
    PangoLayout *l = layout(d, style, 0, KH_PDF_LEFT, s);
    int lw, lh;
    pango_layout_get_size(l, &lw, &lh);
    g_object_unref(l);
    return (double)lw / PANGO_SCALE;
}

int kh_pdf_bars(kh_pdf *d, const char *title, const char *unit,
                const kh_pdf_bar *bars, size_t n, kh_error *err)
{
    double max = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(bars[i].value) || bars[i].value < 0)
            return kh_error_set(err, KH_ERR_USAGE, "pdf_chart",
                                "图表数值须为非负数(第 %zu 项)",
                                "chart values must be >= 0 (item %zu)", i + 1);
        if (bars[i].value > max) max = bars[i].value;
    }
    double step = nice_step(max), top = step * ceil(max / step);
    if (top <= 0) top = step;
    double fs = d->st[KH_PDF_CELL].size, small = d->st[KH_PDF_SMALL].size;
    double rowh = fs * 1.8, axish = small * 1.6 + (unit ? small * 1.6 : 0);
    double titleh = title ? d->st[KH_PDF_CELL_HEAD].size * 1.8 : 0;
    int rc = need(d, titleh + rowh * (n < 3 ? (double)n : 3) + axish, err);
    if (rc) return rc;
    double labw = 0, valw = 0;
    char num[64];
    for (size_t i = 0; i < n; i++) {
        double w = text_width(d, KH_PDF_CELL, bars[i].label);
        if (w > labw) labw = w;
        fmt_num(num, sizeof num, bars[i].value);
        w = text_width(d, KH_PDF_CELL, bars[i].text ? bars[i].text : num);
        if (w > valw) valw = w;
    }
    if (labw > body_w(d) * 0.35) labw = body_w(d) * 0.35;
    if (valw > body_w(d) * 0.2) valw = body_w(d) * 0.2;
    size_t i = 0;
    int first = 1;
    do {
        if (title) {
            char buf[512];
            snprintf(buf, sizeof buf, "%s%s", title, first ? "" : "(续)");
            text_at(d, KH_PDF_CELL_HEAD, body_x0(d), d->y, KH_PDF_CENTER,
                    body_w(d), buf);
            d->y += titleh;
        }
        double gx0 = body_x0(d) + labw + 3 * MM;
        double gx1 = body_x1(d) - valw - 3 * MM;
        size_t fit = (size_t)((body_y1(d) - d->y - axish) / rowh);
        if (fit < 1) fit = 1;
        size_t end = i + fit < n ? i + fit : n;
        double y0 = d->y, y1 = y0 + rowh * (double)(end - i);
        /* gridlines and ticks */
        cairo_set_line_width(d->cr, 0.4);
        for (double v = 0; v <= top + step / 2; v += step) {
            double x = gx0 + (gx1 - gx0) * v / top;
            cairo_set_source_rgb(d->cr, 0.8, 0.8, 0.8);
            cairo_move_to(d->cr, x, y0);
            cairo_line_to(d->cr, x, y1);
            cairo_stroke(d->cr);
            fmt_num(num, sizeof num, v);
            text_at(d, KH_PDF_SMALL, x - 20 * MM, y1 + 1, KH_PDF_CENTER,
                    40 * MM, num);
        }
        for (size_t k = i; k < end; k++) {
            double y = y0 + rowh * (double)(k - i);
            double bw = (gx1 - gx0) * bars[k].value / top;
            text_at(d, KH_PDF_CELL, body_x0(d), y + (rowh - fs * 1.45) / 2,
                    KH_PDF_RIGHT, labw, bars[k].label);
            cairo_set_source_rgb(d->cr, 0.70, 0.13, 0.13);
            cairo_rectangle(d->cr, gx0, y + rowh * 0.18, bw, rowh * 0.64);
            cairo_fill(d->cr);
            fmt_num(num, sizeof num, bars[k].value);
            text_at(d, KH_PDF_CELL, gx0 + bw + 1.5 * MM,
                    y + (rowh - fs * 1.45) / 2, KH_PDF_LEFT, 0,
                    bars[k].text ? bars[k].text : num);
        }
        /* the axes */
        cairo_set_source_rgb(d->cr, 0, 0, 0);
        cairo_set_line_width(d->cr, 0.8);
        cairo_move_to(d->cr, gx0, y0);
        cairo_line_to(d->cr, gx0, y1);
        cairo_line_to(d->cr, gx1, y1);
        cairo_stroke(d->cr);
        d->y = y1 + small * 1.6;
        if (unit) {
            text_at(d, KH_PDF_SMALL, gx0, d->y, KH_PDF_CENTER, gx1 - gx0, unit);
            d->y += small * 1.6;
        }
        i = end;
        first = 0;
        if (i < n && (rc = new_page(d, d->orient, err))) return rc;
    } while (i < n);
    return KH_OK;
}

/* ---- document ---- */

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static void free_doc(kh_pdf *d)
{
    if (d->cr) cairo_destroy(d->cr);
    for (size_t i = 0; i < d->npages; i++) cairo_surface_destroy(d->pages[i].rec);
    free(d->pages);
    if (d->pc) g_object_unref(d->pc);
    if (d->fm) g_object_unref(d->fm);
    free(d->title);
    free(d->author);
    free(d->made_at);
    free(d->footer);
    free(d);
}

void kh_pdf_abort(kh_pdf *d)
{
    if (!d) return;
    if (d->to_file) kh_afile_abort(&d->af);
    free_doc(d);
}

int kh_pdf_new(const char *path, const kh_pdf_opts *o, kh_pdf **out,
               kh_error *err)
{
    *out = NULL;
    kh_pdf *d = calloc(1, sizeof *d);
    if (!d) return kh_error_nomem(err);
    d->title = dup_or_empty(o->title);
    d->author = dup_or_empty(o->author);
    d->made_at = dup_or_empty(o->made_at);
    d->footer = dup_or_empty(o->footer);
    d->official = o->official;
    if (!d->title || !d->author || !d->made_at || !d->footer) {
        free_doc(d);
        return kh_error_nomem(err);
    }
    memcpy(d->st, default_styles, sizeof d->st);
    for (int i = 0; i < 4; i++)
        d->margin[i] = (o->margin[i] > 0 ? o->margin[i] : 20) * MM;
    if (d->margin[2] < 15 * MM) d->margin[2] = 15 * MM;
    d->pad_h = 2.0 * MM;
    d->pad_v = 1.5 * MM;
    if (path) {
        int rc = kh_afile_open(&d->af, path, err);
        if (rc) {
            free_doc(d);
            return rc;
        }
        d->to_file = 1;
    }
    d->fm = pango_cairo_font_map_new();
    d->pc = pango_font_map_create_context(d->fm);
    pango_cairo_context_set_resolution(d->pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(d->pc, fo);
    cairo_font_options_destroy(fo);
    *out = d;
    return KH_OK;
}

void kh_pdf_set_style(kh_pdf *d, int style, const char *family, double pt,
                      int bold)
{
    if (style < 0 || style >= KH_PDF_NSTYLE) return;
    if (family) snprintf(d->st[style].family, sizeof d->st[style].family, "%s", family);
    if (pt > 0) d->st[style].size = pt;
    d->st[style].bold = bold != 0;
}

void kh_pdf_set_padding(kh_pdf *d, double side_mm, double top_mm)
{
    if (side_mm >= 0) d->pad_h = side_mm * MM;
    if (top_mm >= 0) d->pad_v = top_mm * MM;
}

static cairo_status_t write_out(void *closure, const unsigned char *data,
                                unsigned int len)
{
    FILE *fp = closure;
    return fwrite(data, 1, len, fp) == len ? CAIRO_STATUS_SUCCESS
                                           : CAIRO_STATUS_WRITE_ERROR;
}

/* "YYYY-MM-DD[ HH:MM[:SS]]" as ISO 8601 for the metadata, or "". */
static void iso_date(const char *s, char out[32])
{
    int y, mo, da, h = 0, mi = 0, se = 0;
    out[0] = '\0';
    int n = sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &da, &h, &mi, &se);
    if (n < 3) return;
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, da, h, mi, se);
}

static void draw_footer(kh_pdf *d, cairo_t *cr, size_t i, size_t n,
                        double w, double h)
{
    char num[96], meta[1024];
    if (d->official)
        snprintf(num, sizeof num, "— %zu —", i + 1);
    else
        snprintf(num, sizeof num, "第 %zu 页 共 %zu 页", i + 1, n);
    char when[64];
    kh_fmt_when(d->made_at, when, sizeof when);
    snprintf(meta, sizeof meta, "%s%s制表：%s  生成时间：%s", d->footer,
             *d->footer ? "  " : "", d->author, when);
    double top = h - d->margin[2] + 4 * MM;
    double x0 = d->margin[3], bw = w - d->margin[1] - d->margin[3];
    cairo_t *keep = d->cr;
    d->cr = cr; /* text_at draws on d->cr */
    if (d->official) {
        /* GB/T 9704 7.5: the page number alone, in the bottom margin */
        cairo_set_source_rgb(cr, 0, 0, 0);
        text_at(d, KH_PDF_SUBTITLE, x0, top, KH_PDF_CENTER, bw, num);
        d->cr = keep;
        return;
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, x0, top - 1.5 * MM);
    cairo_line_to(cr, x0 + bw, top - 1.5 * MM);
    cairo_stroke(cr);
    double lh = text_at(d, KH_PDF_SMALL, x0, top, KH_PDF_CENTER, bw, num);
    text_at(d, KH_PDF_SMALL, x0, top + lh + 0.5 * MM, KH_PDF_CENTER, bw, meta);
    d->cr = keep;
}

int kh_pdf_finish(kh_pdf *d, kh_error *err)
{
    int rc = KH_OK;
    if (d->cr) {
        cairo_status_t st = cairo_status(d->cr);
        cairo_destroy(d->cr);
        d->cr = NULL;
        if (st) rc = cairo_fail(err, st);
    }
    if (!rc && d->npages == 0)
        rc = kh_error_msg(err, KH_ERR_USAGE, "pdf_empty", "文档没有内容",
                          "the document has no page");
    if (rc || !d->to_file) {
        kh_pdf_abort(d);
        return rc;
    }
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(
        write_out, d->af.fp, d->pages[0].w, d->pages[0].h);
    char iso[32];
    iso_date(d->made_at, iso);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->author);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "kaohe");
    if (*iso) {
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
    }
    cairo_t *cr = cairo_create(s);
    for (size_t i = 0; i < d->npages && !cairo_status(cr); i++) {
        cairo_pdf_surface_set_size(s, d->pages[i].w, d->pages[i].h);
        cairo_set_source_surface(cr, d->pages[i].rec, 0, 0);
        cairo_paint(cr);
        draw_footer(d, cr, i, d->npages, d->pages[i].w, d->pages[i].h);
        cairo_show_page(cr);
    }
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (!st) st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st) {
        rc = cairo_fail(err, st);
        kh_error_at(err, d->af.path, 0, 0, NULL);
        kh_pdf_abort(d);
        return rc;
    }
    rc = kh_afile_commit(&d->af, err);
    d->to_file = 0;
    free_doc(d);
    return rc;
}
