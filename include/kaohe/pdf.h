/* SPDX-License-Identifier: MIT */
/*
 * pdf.h - documents people hand on, as PDF (cairo + pango): A4 pages in
 * portrait or landscape, the plain title block of an official document,
 * wrapped paragraphs, tables whose header row is repeated on every page
 * they run onto, a horizontal bar chart for rankings, and a footer on
 * every page with "第 N 页 共 M 页" and who made the file and when.
 *
 * Content flows from the top of the page down; whatever does not fit goes
 * on to a new page of the same orientation. Pages are recorded (cairo
 * recording surfaces) and written only by kh_pdf_finish, once the page
 * count is known; the file is written beside its target and renamed over
 * it at the end (kaohe/afile.h), so a failure leaves nothing behind. The
 * fonts (Noto CJK from fonts-noto-cjk) are embedded, subset. Measures are
 * in millimetres in this interface.
 *
 * Text is taken as plain UTF-8 (no markup). Allocation failures inside
 * pango and glib abort the process (glib's policy); kaohe's own
 * allocations return KH_ERR_NOMEM.
 */
#ifndef KAOHE_PDF_H
#define KAOHE_PDF_H

#include <stddef.h>

#include "kaohe/error.h"

typedef struct kh_pdf kh_pdf;
typedef struct kh_pdf_table kh_pdf_table;

enum kh_pdf_orient { KH_PDF_PORTRAIT = 0, KH_PDF_LANDSCAPE = 1 };

/* Text styles; each has a font family, a size and a weight that
 * kh_pdf_set_style may change (defaults in docs/documents.md). */
enum kh_pdf_style {
    KH_PDF_TITLE,     /* the document's title: serif bold, 22 pt (二号) */
    KH_PDF_SUBTITLE,  /* the line under the title: serif, 14 pt */
    KH_PDF_HEADING,   /* "一、…": sans bold, 14 pt (四号黑体) */
    KH_PDF_BODY,      /* paragraphs: serif, 12 pt */
    KH_PDF_SMALL,     /* notes and the footer: serif, 9 pt */
    KH_PDF_CELL,      /* table cells: serif, 10.5 pt (五号) */
    KH_PDF_CELL_HEAD, /* header rows and label columns: sans bold, 10.5 pt */
    KH_PDF_NSTYLE
};

/* Alignment, and flags for kh_pdf_text. */
enum kh_pdf_align { KH_PDF_LEFT = 0, KH_PDF_CENTER = 1, KH_PDF_RIGHT = 2 };
#define KH_PDF_INDENT 0x10 /* first line indented by two characters */

typedef struct kh_pdf_opts {
    const char *title;   /* the file's title (PDF metadata) */
    const char *author;  /* who made it: footer and metadata; required */
    const char *made_at; /* when: "YYYY-MM-DD" or "YYYY-MM-DD HH:MM[:SS]";
                            required */
    const char *footer;  /* what the file is, first on the footer's second
                            line (e.g. "扶贫明白卡"), or NULL */
    /* margins in mm: top, right, bottom, left; 0 takes the default
     * (20 mm; the bottom margin holds the footer and is at least 15 mm) */
    double margin[4];
    /* 1: an official document (GB/T 9704): page numbers "— N —" alone,
     * no line with who made it */
    int official;
} kh_pdf_opts;

/*
 * Start a document that will be written to path. The output file is
 * created at once (as a temporary file beside path), so that a path that
 * cannot be written is refused before any work: KH_ERR_IO naming it.
 * path NULL lays the document out without writing anything (for tests and
 * for measuring). No page exists until the first content or kh_pdf_page.
 * Caller owns *out: kh_pdf_finish() or kh_pdf_abort() it.
 */
int kh_pdf_new(const char *path, const kh_pdf_opts *opts,
               kh_pdf **out /* OUT */, kh_error *err) KH_WUR;

/* Change a style: family (fontconfig name, e.g. "Noto Serif CJK SC"),
 * size in points (> 0) and weight. */
void kh_pdf_set_style(kh_pdf *d, int style, const char *family, double pt,
                      int bold);

/* The padding of table cells, in mm: at the sides and at the top and
 * bottom (defaults 2 and 1.5), for the tables begun after the call.
 * A negative value keeps the current one. */
void kh_pdf_set_padding(kh_pdf *d, double side_mm, double top_mm);

/* Start a new page (enum kh_pdf_orient). Pages that content overflows
 * onto keep the orientation of the page before. */
int kh_pdf_page(kh_pdf *d, int orient, kh_error *err) KH_WUR;

/*
 * A block of text across the body width, wrapped (between words, and
 * between any two CJK characters), in style, aligned and indented by
 * flags (enum kh_pdf_align | KH_PDF_INDENT). A block that does not fit is
 * continued on the next page, split between lines.
 */
int kh_pdf_text(kh_pdf *d, int style, int flags, const char *text,
                kh_error *err) KH_WUR;

/* The title block: the title centred in KH_PDF_TITLE, then, when not
 * NULL, the subtitle centred in KH_PDF_SUBTITLE, then some space. */
int kh_pdf_title(kh_pdf *d, const char *title, const char *subtitle,
                 kh_error *err) KH_WUR;

/* A heading in KH_PDF_HEADING, kept on the same page as at least two lines
 * of what follows it. */
int kh_pdf_heading(kh_pdf *d, const char *text, kh_error *err) KH_WUR;

/* Vertical space in mm (not carried over to a new page). */
void kh_pdf_space(kh_pdf *d, double mm);

/* Break to a new page unless mm of the body are still free. */
int kh_pdf_keep(kh_pdf *d, double mm, kh_error *err) KH_WUR;

/* ---- tables ---- */

typedef struct kh_pdf_col {
    const char *header; /* header text (when the table has a header row) */
    double width;       /* share of the body width, any unit (weights) */
    int align;          /* enum kh_pdf_align */
    int label;          /* a form's label column: shaded, in CELL_HEAD */
} kh_pdf_col;

/*
 * Start a table of ncols columns across the body width. header 1: a header
 * row from cols[].header, drawn at the start and again at the top of every
 * page the table runs onto. The columns are copied. Caller owns *out; end
 * it with kh_pdf_table_end.
 */
int kh_pdf_table_begin(kh_pdf *d, const kh_pdf_col *cols, size_t ncols,
                       int header, kh_pdf_table **out /* OUT */,
                       kh_error *err) KH_WUR;

/* Where a row went (pages count from 1). */
typedef struct kh_pdf_rowpos {
    int first_page, last_page; /* equal unless the row itself was split */
    double top_mm;             /* top of the row on its first page */
    double height_mm;          /* the row's height (of all its parts) */
    int headers;               /* header rows drawn so far by the table */
} kh_pdf_rowpos;

/*
 * Add a row of n cells (NULL cells are empty). n < ncols: the last cell
 * spans the remaining columns (a form's long field). The cells wrap
 * within their columns; a row that does not fit on the page goes to the
 * next one, under the repeated header; a row taller than a whole page is
 * split between lines across pages. pos may be NULL.
 */
int kh_pdf_table_row(kh_pdf_table *t, const char *const *cells, size_t n,
                     kh_pdf_rowpos *pos /* OUT */, kh_error *err) KH_WUR;

/* End the table and free t (NULL is a no-op). */
void kh_pdf_table_end(kh_pdf_table *t);

/* ---- charts ---- */

typedef struct kh_pdf_bar {
    const char *label; /* e.g. a county's name */
    double value;      /* >= 0 */
    const char *text;  /* shown at the end of the bar; NULL: the value */
} kh_pdf_bar;

/*
 * A horizontal bar chart, one bar per item in the order given (a
 * ranking: sort before), with the labels on the left, a value axis from 0
 * with gridlines underneath, and title above; unit (or NULL) is named
 * under the axis. A chart longer than a page continues on the next with
 * its own axis. Values must be finite and >= 0 (KH_ERR_USAGE).
 */
int kh_pdf_bars(kh_pdf *d, const char *title, const char *unit,
                const kh_pdf_bar *bars, size_t n, kh_error *err) KH_WUR;

/* ---- finishing ---- */

/* Pages so far. */
int kh_pdf_page_count(const kh_pdf *d);

/*
 * Draw the footer on every page ("第 N 页 共 M 页"; the footer text, who
 * made the file and when), write the PDF and rename it into place. Frees
 * d, whatever the result; on failure nothing is left at the path.
 */
int kh_pdf_finish(kh_pdf *d, kh_error *err) KH_WUR;

/* Drop the document; the target is left as it was. NULL is a no-op. */
void kh_pdf_abort(kh_pdf *d);

#endif
