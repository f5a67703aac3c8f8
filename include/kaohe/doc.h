/* SPDX-License-Identifier: MIT */
/*
 * doc.h - one document, written once and laid out as PDF, DOCX or XLSX
 * (src/io/doc.c, src/io/docx.c). A writer (the 通报, the 整改方案, the
 * 整改报告) adds blocks in reading order — the 文号, the title, headings,
 * paragraphs, tables, a chart, the 落款 — and kh_doc_write lays them out:
 *
 *  - PDF (kaohe/pdf.h): tables with column widths from their content (a
 *    number column is never narrower than its longest number, so ids do
 *    not wrap), titles broken into balanced lines (no last line of one
 *    character), official documents with GB/T 9704 margins and page
 *    numbers "— 1 —";
 *  - DOCX: the same blocks as WordprocessingML written by a small XML
 *    writer into a zip (libzip): 仿宋 body, 小标宋 title, 黑体 headings,
 *    GB/T 9704 margins, page numbers "— 1 —" in the footer, tables with
 *    a repeated header row; opens in Word and WPS for editing;
 *  - XLSX: the text on a first sheet, each table on a sheet of its own
 *    with a title row, a frozen header row, widths from content, numbers
 *    as numbers and dates as dates.
 *
 * Every output file is written beside its target and renamed into place,
 * so a failure leaves nothing behind.
 */
#ifndef KAOHE_DOC_H
#define KAOHE_DOC_H

#include <stddef.h>

#include "kaohe/error.h"

typedef struct kh_doc kh_doc;

enum kh_doc_format { KH_DOC_PDF = 1, KH_DOC_XLSX = 2, KH_DOC_DOCX = 3 };

/* The format a path's extension names (.pdf, .xlsx, .docx), or 0. */
int kh_doc_format_of(const char *path);

/* A table column: its header, alignment (enum kh_pdf_align) and the type
 * of its cells: 's' text, 'n' number, 'd' date (YYYY-MM-DD). */
typedef struct kh_doc_col {
    const char *name;
    int align;
    char type;
} kh_doc_col;

/* Flags of kh_doc_text. */
enum { KH_DOC_INDENT = 1, KH_DOC_CENTER = 2, KH_DOC_RIGHT = 4,
       KH_DOC_SMALL = 8 };

/* A new empty document. kind names it ("整改报告": the XLSX's first sheet,
 * the PDF's footer); official 1 lays it out as an official document
 * (GB/T 9704). Caller owns *out; kh_doc_free it. */
int kh_doc_new(const char *kind, int official, kh_doc **out /* OUT */,
               kh_error *err) KH_WUR;
void kh_doc_free(kh_doc *d);

/* Blocks, in reading order. Each copies its text; KH_ERR_NOMEM. */
int kh_doc_docno(kh_doc *d, const char *docno, kh_error *err) KH_WUR;
int kh_doc_title(kh_doc *d, const char *title, const char *subtitle,
                 kh_error *err) KH_WUR;
int kh_doc_heading(kh_doc *d, const char *text, kh_error *err) KH_WUR;
/* A second-level heading ("（一）…"): 楷体 in DOCX, bold in PDF. */
int kh_doc_subheading(kh_doc *d, const char *text, kh_error *err) KH_WUR;
int kh_doc_para(kh_doc *d, const char *text, kh_error *err) KH_WUR;
int kh_doc_text(kh_doc *d, int flags, const char *text, kh_error *err) KH_WUR;
/* A table: sheet names its XLSX sheet; then kh_doc_row for each row. */
int kh_doc_table(kh_doc *d, const char *sheet, const kh_doc_col *cols,
                 size_t n, kh_error *err) KH_WUR;
int kh_doc_row(kh_doc *d, const char *const *cells, kh_error *err) KH_WUR;
/* A bar chart (PDF; the other formats get it as a two-column table). */
int kh_doc_bars(kh_doc *d, const char *title, const char *unit,
                const char *const *labels, const double *values,
                const char *const *texts, size_t n, kh_error *err) KH_WUR;
/* The 落款: the issuer and the date, right-aligned, after some space. */
int kh_doc_signoff(kh_doc *d, const char *issuer, const char *date,
                   kh_error *err) KH_WUR;

/* ---- official documents written from the record (doc_publish.c) ---- */

struct kh_doc_ctx; /* kaohe/documents.h */
/* The end of an official document: the region's 联系人 line when it has
 * one ("（…）" with paren, else "…。"), then the 落款 (c's 发文机关 and
 * 落款日期). */
int kh_doc_sign(kh_doc *d, const struct kh_doc_ctx *c, int paren,
                kh_error *err) KH_WUR;
/* A document of kind (kh_doc_new, official), its body written by
 * body(d, ctx, err) (an error without a status is out of memory), saved
 * as format at path titled title, made by c's who at c's when. */
typedef int (*kh_doc_body_fn)(kh_doc *d, void *ctx, kh_error *err);
int kh_doc_publish(const char *kind, const char *title,
                    const struct kh_doc_ctx *c, int format, const char *path,
                    kh_doc_body_fn body, void *ctx, kh_error *err) KH_WUR;

/* Who made the file and when (the PDF's footer unless official; the
 * DOCX's properties; the XLSX's last line). */
typedef struct kh_doc_meta {
    const char *title; /* the file's title (metadata) */
    const char *who, *when;
} kh_doc_meta;

/* Lay the document out as format and write it to path. */
int kh_doc_write(const kh_doc *d, int format, const char *path,
                 const kh_doc_meta *m, kh_error *err) KH_WUR;

/* ---- for docx.c ---- */
/* The blocks, read-only: kind, flags, texts; for a table its columns and
 * cells (row-major, NULL for empty). */
enum { KH_DB_DOCNO, KH_DB_TITLE, KH_DB_HEADING, KH_DB_SUBHEADING,
       KH_DB_TEXT, KH_DB_TABLE, KH_DB_BARS, KH_DB_SIGNOFF };
typedef struct kh_doc_block {
    int kind, flags;
    char *text, *text2;
    /* tables (and bars, as label/text pairs) */
    char *sheet;
    size_t ncols, nrows;
    kh_doc_col *cols; /* names owned */
    char **cells;     /* nrows * ncols */
    double *values;   /* bars */
} kh_doc_block;
size_t kh_doc_nblocks(const kh_doc *d);
const kh_doc_block *kh_doc_block_at(const kh_doc *d, size_t i);
const char *kh_doc_kind(const kh_doc *d);
int kh_doc_official(const kh_doc *d);
/* Column weights of a table in half-width units across body_units: a
 * number or date column gets its longest cell (never wrapped), text
 * columns share the rest by content; pad is added to each. w has ncols
 * entries. */
void kh_doc_col_weights(const kh_doc_block *b, double body_units,
                        double pad, double *w);
/* t broken with "\n" into balanced lines of at most per characters,
 * never between two ASCII letters or digits (a title with no last line
 * of one character). Caller frees; NULL when out of memory. */
char *kh_doc_balance(const char *t, size_t per);
/* Write the DOCX (src/io/docx.c). */
int kh_docx_write(const kh_doc *d, const char *path, const kh_doc_meta *m,
                  kh_error *err) KH_WUR;

/* The display width of UTF-8 text in half-width units (a CJK character
 * counts 2). */
size_t kh_doc_text_width(const char *s);

#endif
