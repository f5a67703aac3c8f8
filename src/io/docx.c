/* SPDX-License-Identifier: MIT */
/*
 * docx.c - a document (kaohe/doc.h) as DOCX: WordprocessingML written by a
 * small XML writer (every element closed in order, text and attributes
 * escaped) into a zip built in memory with libzip, then written through
 * an all-or-nothing file. Laid out as GB/T 9704 asks of an official
 * document: A4, margins 37/26/35/28 mm, 仿宋 三号 body on a 28 pt grid,
 * 方正小标宋 二号 title, 黑体 and 楷体 headings, page numbers "— 1 —";
 * tables with their header row repeated on every page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "kaohe/afile.h"
#include "kaohe/buf.h"
#include "kaohe/doc.h"

/* ---- the XML writer ---- */

typedef struct xw {
    kh_buf b;
    const char *stack[32];
    int depth;
    int open; /* the start tag is still open (attributes may follow) */
    int rc;
} xw;

static void xw_raw(xw *x, const char *s)
{
    if (!x->rc) x->rc = kh_buf_adds(&x->b, s);
}

static void xw_esc(xw *x, const char *s, int attr)
{
    for (const char *p = s; p && *p && !x->rc; p++) {
        switch (*p) {
        case '&': xw_raw(x, "&amp;"); break;
        case '<': xw_raw(x, "&lt;"); break;
        case '>': xw_raw(x, "&gt;"); break;
        case '"': xw_raw(x, attr ? "&quot;" : "\""); break;
        default:
            /* control characters are not allowed in XML 1.0 */
            if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n')
                break;
            x->rc = kh_buf_addc(&x->b, *p);
        }
    }
}

static void xw_close_start(xw *x)
{
    if (x->open) {
        xw_raw(x, ">");
        x->open = 0;
    }
}

static void xw_start(xw *x, const char *name)
{
    xw_close_start(x);
    if (x->depth >= 32) {
        x->rc = KH_ERR_LIMIT;
        return;
    }
    xw_raw(x, "<");
    xw_raw(x, name);
    x->stack[x->depth++] = name;
    x->open = 1;
}

static void xw_attr(xw *x, const char *k, const char *v)
{
    xw_raw(x, " ");
    xw_raw(x, k);
    xw_raw(x, "=\"");
    xw_esc(x, v, 1);
    xw_raw(x, "\"");
}

static void xw_attri(xw *x, const char *k, long v)
{
    char t[32];
    snprintf(t, sizeof t, "%ld", v);
    xw_attr(x, k, t);
}

static void xw_text(xw *x, const char *s)
{
    xw_close_start(x);
    xw_esc(x, s, 0);
}

static void xw_end(xw *x)
{
    if (x->depth <= 0) {
        x->rc = KH_ERR_USAGE;
        return;
    }
    const char *name = x->stack[--x->depth];
    if (x->open) {
        xw_raw(x, "/>");
        x->open = 0;
        return;
    }
    xw_raw(x, "</");
    xw_raw(x, name);
    xw_raw(x, ">");
}

/* An empty element with one attribute: <name k="v"/>. */
static void xw_empty(xw *x, const char *name, const char *k, const char *v)
{
    xw_start(x, name);
    if (k) xw_attr(x, k, v);
    xw_end(x);
}

/* ---- WordprocessingML ---- */

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R \
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* Fonts (GB/T 9704 7.1, 7.3.3): the Chinese face and the size in half
 * points. */
enum { F_BODY, F_TITLE, F_HEAD, F_SUB, F_CELL, F_CELLHEAD, F_PAGE };
static const struct {
    const char *east;
    int half_pt;
} fonts[] = {
    [F_BODY] = {"仿宋", 32},     [F_TITLE] = {"方正小标宋简体", 44},
    [F_HEAD] = {"黑体", 32},     [F_SUB] = {"楷体", 32},
    [F_CELL] = {"仿宋", 21},     [F_CELLHEAD] = {"黑体", 21},
    [F_PAGE] = {"宋体", 28},
};

static void run(xw *x, int font, int bold, const char *text)
{
    xw_start(x, "w:r");
    xw_start(x, "w:rPr");
    xw_start(x, "w:rFonts");
    xw_attr(x, "w:ascii", "Times New Roman");
    xw_attr(x, "w:hAnsi", "Times New Roman");
    xw_attr(x, "w:eastAsia", fonts[font].east);
    xw_end(x);
    if (bold) xw_empty(x, "w:b", NULL, NULL);
    char sz[16];
    snprintf(sz, sizeof sz, "%d", fonts[font].half_pt);
    xw_empty(x, "w:sz", "w:val", sz);
    xw_empty(x, "w:szCs", "w:val", sz);
    xw_end(x); /* rPr */
    /* line breaks inside a text become w:br */
    const char *p = text ? text : "";
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t k = nl ? (size_t)(nl - p) : strlen(p);
        char *piece = strndup(p, k);
        if (!piece) {
            x->rc = KH_ERR_NOMEM;
            break;
        }
        xw_start(x, "w:t");
        xw_attr(x, "xml:space", "preserve");
        xw_text(x, piece);
        xw_end(x);
        free(piece);
        if (!nl) break;
        xw_empty(x, "w:br", NULL, NULL);
        p = nl + 1;
    }
    xw_end(x); /* r */
}

/* A paragraph: jc left|center|right|both, first-line indent of two
 * characters, exact 28 pt lines (exact 1: body), 35 pt (2: the title) or
 * single (0: tables); keep: with the next paragraph. */
static void para(xw *x, const char *jc, int indent, int exact, int keep,
                 int font, int bold, const char *text)
{
    xw_start(x, "w:p");
    xw_start(x, "w:pPr");
    if (keep) xw_empty(x, "w:keepNext", NULL, NULL);
    /* table cells: single lines, not the page's 28 pt grid */
    if (!exact) xw_empty(x, "w:snapToGrid", "w:val", "0");
    xw_start(x, "w:spacing");
    xw_attri(x, "w:before", 0);
    xw_attri(x, "w:after", 0);
    if (exact) {
        /* 28 pt lines for the body, 35 pt for the title's 二号 */
        xw_attri(x, "w:line", exact == 2 ? 700 : 560);
        xw_attr(x, "w:lineRule", "exact");
    }
    xw_end(x);
    if (indent) {
        xw_start(x, "w:ind");
        xw_attri(x, "w:firstLineChars", 200);
        xw_attri(x, "w:firstLine", 640);
        xw_end(x);
    }
    xw_empty(x, "w:jc", "w:val", jc);
    xw_end(x); /* pPr */
    if (text && *text) run(x, font, bold, text);
    xw_end(x); /* p */
}

static void border(xw *x, const char *side)
{
    xw_start(x, side);
    xw_attr(x, "w:val", "single");
    xw_attri(x, "w:sz", 4);
    xw_attri(x, "w:space", 0);
    xw_attr(x, "w:color", "000000");
    xw_end(x);
}

static void cell(xw *x, long twips, int font, int bold, int align,
                 const char *text)
{
    xw_start(x, "w:tc");
    xw_start(x, "w:tcPr");
    xw_start(x, "w:tcW");
    xw_attri(x, "w:w", twips);
    xw_attr(x, "w:type", "dxa");
    xw_end(x);
    xw_empty(x, "w:vAlign", "w:val", "center");
    xw_end(x);
    para(x, align == 1 ? "center" : align == 2 ? "right" : "left", 0, 0, 0,
         font, bold, text);
    xw_end(x);
}

static void table(xw *x, const kh_doc_block *b, long body_twips)
{
    size_t nc = b->ncols < 32 ? b->ncols : 32;
    double w[32], sum = 0;
    /* 五号 cells: about 85 half-width units across 156 mm */
    kh_doc_col_weights(b, 85, 2.6, w);
    for (size_t c = 0; c < nc; c++) sum += w[c];
    long tw[32];
    for (size_t c = 0; c < nc; c++)
        tw[c] = (long)(body_twips * w[c] / (sum > 0 ? sum : 1));
    xw_start(x, "w:tbl");
    xw_start(x, "w:tblPr");
    xw_start(x, "w:tblW");
    xw_attri(x, "w:w", body_twips);
    xw_attr(x, "w:type", "dxa");
    xw_end(x);
    xw_empty(x, "w:jc", "w:val", "center");
    xw_start(x, "w:tblBorders");
    border(x, "w:top");
    border(x, "w:left");
    border(x, "w:bottom");
    border(x, "w:right");
    border(x, "w:insideH");
    border(x, "w:insideV");
    xw_end(x);
    xw_empty(x, "w:tblLayout", "w:type", "fixed");
    xw_end(x); /* tblPr */
    xw_start(x, "w:tblGrid");
    for (size_t c = 0; c < nc; c++) {
        xw_start(x, "w:gridCol");
        xw_attri(x, "w:w", tw[c]);
        xw_end(x);
    }
    xw_end(x);
    /* the header row, repeated on every page */
    xw_start(x, "w:tr");
    xw_start(x, "w:trPr");
    xw_empty(x, "w:tblHeader", NULL, NULL);
    xw_end(x);
    for (size_t c = 0; c < nc; c++)
        cell(x, tw[c], F_CELLHEAD, 0, 1, b->cols[c].name);
    xw_end(x);
    for (size_t r = 0; r < b->nrows; r++) {
        xw_start(x, "w:tr");
        xw_start(x, "w:trPr");
        xw_empty(x, "w:cantSplit", NULL, NULL);
        xw_end(x);
        for (size_t c = 0; c < nc; c++)
            cell(x, tw[c], F_CELL, 0, b->cols[c].align,
                 b->cells[r * b->ncols + c]);
        xw_end(x);
    }
    xw_end(x); /* tbl */
    para(x, "left", 0, 0, 0, F_BODY, 0, NULL);
}

/* GB/T 9704 5.2.1 in twips (1 mm = 56.7 twips). */
#define TW(mm) ((long)((mm) * 56.7 + 0.5))

static int document_xml(const kh_doc *d, kh_buf *out)
{
    xw x = {.b = KH_BUF_INIT};
    xw_raw(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    xw_start(&x, "w:document");
    xw_attr(&x, "xmlns:w", NS_W);
    xw_attr(&x, "xmlns:r", NS_R);
    xw_start(&x, "w:body");
    long body = TW(210 - 28 - 26);
    for (size_t i = 0; i < kh_doc_nblocks(d) && !x.rc; i++) {
        const kh_doc_block *b = kh_doc_block_at(d, i);
        switch (b->kind) {
        case KH_DB_DOCNO:
            para(&x, "center", 0, 1, 1, F_BODY, 0, b->text);
            para(&x, "center", 0, 1, 1, F_BODY, 0, NULL);
            break;
        case KH_DB_TITLE: {
            /* balanced lines: 二号 characters across 156 mm are 20 */
            char *t = kh_doc_balance(b->text, 20);
            if (!t) {
                x.rc = KH_ERR_NOMEM;
                break;
            }
            para(&x, "center", 0, 2, 1, F_TITLE, 0, t);
            free(t);
            if (b->text2) para(&x, "center", 0, 1, 1, F_SUB, 0, b->text2);
            para(&x, "center", 0, 1, 1, F_BODY, 0, NULL);
            break;
        }
        case KH_DB_HEADING:
            para(&x, "both", 1, 1, 1, F_HEAD, 0, b->text);
            break;
        case KH_DB_SUBHEADING:
            para(&x, "both", 1, 1, 1, F_SUB, 0, b->text);
            break;
        case KH_DB_TEXT:
            para(&x,
                 b->flags & KH_DOC_CENTER  ? "center"
                 : b->flags & KH_DOC_RIGHT ? "right"
                                           : "both",
                 (b->flags & KH_DOC_INDENT) != 0, 1, 0,
                 b->flags & KH_DOC_SMALL ? F_CELL : F_BODY, 0, b->text);
            break;
        case KH_DB_BARS: /* the chart as a table */
            if (b->text) para(&x, "center", 0, 1, 1, F_HEAD, 0, b->text);
            table(&x, b, body);
            break;
        case KH_DB_TABLE: table(&x, b, body); break;
        case KH_DB_SIGNOFF: {
            char t[600];
            para(&x, "right", 0, 1, 1, F_BODY, 0, NULL);
            para(&x, "right", 0, 1, 1, F_BODY, 0, NULL);
            snprintf(t, sizeof t, "%s　　", b->text ? b->text : "");
            para(&x, "right", 0, 1, 1, F_BODY, 0, t);
            snprintf(t, sizeof t, "%s　　　　", b->text2 ? b->text2 : "");
            para(&x, "right", 0, 1, 0, F_BODY, 0, t);
            break;
        }
        }
    }
    /* the section: A4, margins, the footer with the page number */
    xw_start(&x, "w:sectPr");
    xw_start(&x, "w:footerReference");
    xw_attr(&x, "w:type", "default");
    xw_attr(&x, "r:id", "rId2");
    xw_end(&x);
    xw_start(&x, "w:pgSz");
    xw_attri(&x, "w:w", 11906);
    xw_attri(&x, "w:h", 16838);
    xw_end(&x);
    xw_start(&x, "w:pgMar");
    xw_attri(&x, "w:top", TW(37));
    xw_attri(&x, "w:right", TW(26));
    xw_attri(&x, "w:bottom", TW(35));
    xw_attri(&x, "w:left", TW(28));
    xw_attri(&x, "w:header", TW(15));
    xw_attri(&x, "w:footer", TW(20));
    xw_attri(&x, "w:gutter", 0);
    xw_end(&x);
    xw_start(&x, "w:docGrid");
    xw_attr(&x, "w:type", "linesAndChars");
    xw_attri(&x, "w:linePitch", 579);
    xw_attri(&x, "w:charSpace", 0);
    xw_end(&x);
    xw_end(&x); /* sectPr */
    xw_end(&x); /* body */
    xw_end(&x); /* document */
    if (!x.rc && x.depth) x.rc = KH_ERR_USAGE;
    *out = x.b;
    return x.rc;
}

/* The footer: "— PAGE —" centred, 四号 宋体 (GB/T 9704 7.5). */
static int footer_xml(kh_buf *out)
{
    xw x = {.b = KH_BUF_INIT};
    xw_raw(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    xw_start(&x, "w:ftr");
    xw_attr(&x, "xmlns:w", NS_W);
    xw_start(&x, "w:p");
    xw_start(&x, "w:pPr");
    xw_empty(&x, "w:jc", "w:val", "center");
    xw_end(&x);
    run(&x, F_PAGE, 0, "— ");
    xw_start(&x, "w:r");
    xw_empty(&x, "w:fldChar", "w:fldCharType", "begin");
    xw_end(&x);
    xw_start(&x, "w:r");
    xw_start(&x, "w:instrText");
    xw_attr(&x, "xml:space", "preserve");
    xw_text(&x, " PAGE ");
    xw_end(&x);
    xw_end(&x);
    xw_start(&x, "w:r");
    xw_empty(&x, "w:fldChar", "w:fldCharType", "separate");
    xw_end(&x);
    run(&x, F_PAGE, 0, "1");
    xw_start(&x, "w:r");
    xw_empty(&x, "w:fldChar", "w:fldCharType", "end");
    xw_end(&x);
    run(&x, F_PAGE, 0, " —");
    xw_end(&x); /* p */
    xw_end(&x); /* ftr */
    *out = x.b;
    return x.rc;
}

static int styles_xml(kh_buf *out)
{
    xw x = {.b = KH_BUF_INIT};
    xw_raw(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    xw_start(&x, "w:styles");
    xw_attr(&x, "xmlns:w", NS_W);
    xw_start(&x, "w:docDefaults");
    xw_start(&x, "w:rPrDefault");
    xw_start(&x, "w:rPr");
    xw_start(&x, "w:rFonts");
    xw_attr(&x, "w:ascii", "Times New Roman");
    xw_attr(&x, "w:hAnsi", "Times New Roman");
    xw_attr(&x, "w:eastAsia", "仿宋");
    xw_end(&x);
    xw_empty(&x, "w:sz", "w:val", "32");
    xw_empty(&x, "w:lang", "w:eastAsia", "zh-CN");
    xw_end(&x);
    xw_end(&x);
    xw_end(&x); /* docDefaults */
    xw_start(&x, "w:style");
    xw_attr(&x, "w:type", "paragraph");
    xw_attr(&x, "w:default", "1");
    xw_attr(&x, "w:styleId", "Normal");
    xw_empty(&x, "w:name", "w:val", "Normal");
    xw_end(&x);
    xw_end(&x);
    *out = x.b;
    return x.rc;
}

static int add(zip_t *z, const char *name, const char *data, size_t n)
{
    void *copy = malloc(n ? n : 1);
    if (!copy) return -1;
    memcpy(copy, data, n);
    zip_source_t *s = zip_source_buffer(z, copy, n, 1);
    if (!s) {
        free(copy);
        return -1;
    }
    if (zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(s);
        return -1;
    }
    return 0;
}

static int adds(zip_t *z, const char *name, const char *text)
{
    return add(z, name, text, strlen(text));
}

/* "YYYY-MM-DD HH:MM" -> "YYYY-MM-DDTHH:MM:00Z" (W3CDTF). */
static void w3c(const char *when, char out[32])
{
    int y = 1970, mo = 1, d = 1, h = 0, mi = 0;
    if (when) sscanf(when, "%4d-%2d-%2d%*[ T]%2d:%2d", &y, &mo, &d, &h, &mi);
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:00Z", y, mo, d, h, mi);
}

int kh_docx_write(const kh_doc *d, const char *path, const kh_doc_meta *m,
                  kh_error *err)
{
    kh_buf doc = KH_BUF_INIT, ftr = KH_BUF_INIT, sty = KH_BUF_INIT,
           core = KH_BUF_INIT;
    int rc = document_xml(d, &doc);
    if (!rc) rc = footer_xml(&ftr);
    if (!rc) rc = styles_xml(&sty);
    if (!rc) {
        xw x = {.b = KH_BUF_INIT};
        char ts[32];
        w3c(m->when, ts);
        xw_raw(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        xw_start(&x, "cp:coreProperties");
        xw_attr(&x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
        xw_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
        xw_attr(&x, "xmlns:dcterms", "http://purl.org/dc/terms/");
        xw_attr(&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
        xw_start(&x, "dc:title");
        xw_text(&x, m->title ? m->title : kh_doc_kind(d));
        xw_end(&x);
        xw_start(&x, "dc:creator");
        xw_text(&x, m->who ? m->who : "");
        xw_end(&x);
        xw_start(&x, "dcterms:created");
        xw_attr(&x, "xsi:type", "dcterms:W3CDTF");
        xw_text(&x, ts);
        xw_end(&x);
        xw_end(&x);
        core = x.b;
        rc = x.rc;
    }
    if (rc) {
        kh_buf_free(&doc);
        kh_buf_free(&ftr);
        kh_buf_free(&sty);
        kh_buf_free(&core);
        return rc == KH_ERR_NOMEM ? kh_error_nomem(err)
                                  : kh_error_msg(err, KH_ERR_USAGE, "docx",
                                                 "文档结构有误", "bad document structure");
    }
    static const char types[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
        "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        "</Types>";
    static const char rels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        "</Relationships>";
    static const char docrels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
        "</Relationships>";
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    int bad = !z;
    if (z) zip_source_keep(src);
    if (!bad)
        bad = adds(z, "[Content_Types].xml", types) ||
              adds(z, "_rels/.rels", rels) ||
              adds(z, "word/_rels/document.xml.rels", docrels) ||
              add(z, "word/document.xml", doc.data, doc.len) ||
              add(z, "word/styles.xml", sty.data, sty.len) ||
              add(z, "word/footer1.xml", ftr.data, ftr.len) ||
              add(z, "docProps/core.xml", core.data, core.len);
    if (z) {
        if (bad)
            zip_discard(z);
        else if (zip_close(z) < 0) {
            bad = 1;
            zip_discard(z);
        }
    } else if (src) {
        zip_source_free(src);
        src = NULL;
    }
    kh_buf_free(&doc);
    kh_buf_free(&ftr);
    kh_buf_free(&sty);
    kh_buf_free(&core);
    zip_error_fini(&ze);
    if (bad) {
        if (src) zip_source_free(src);
        return kh_error_nomem(err);
    }
    /* copy the zip out of memory through the all-or-nothing file */
    kh_afile af;
    rc = kh_afile_open(&af, path, err);
    if (!rc && zip_source_open(src) < 0)
        rc = kh_error_nomem(err);
    if (!rc) {
        char buf[65536];
        zip_int64_t k;
        while ((k = zip_source_read(src, buf, sizeof buf)) > 0)
            if (fwrite(buf, 1, (size_t)k, af.fp) != (size_t)k) {
                rc = kh_error_set(err, KH_ERR_IO, "write", "无法写入 %s",
                                  "cannot write %s", path);
                break;
            }
        if (!rc && k < 0) rc = kh_error_nomem(err);
        zip_source_close(src);
    }
    zip_source_free(src);
    if (rc) {
        if (af.fp) kh_afile_abort(&af);
        return rc;
    }
    return kh_afile_commit(&af, err);
}
