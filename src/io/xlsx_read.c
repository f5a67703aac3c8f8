/* SPDX-License-Identifier: MIT */
/*
 * xlsx_read.c - the XLSX source behind kh_table: yields the rows of the
 * first worksheet of an Office Open XML workbook, read with libzip and
 * expat. The worksheet part is parsed as a stream, one zip_fread chunk at a
 * time; the parser is suspended (XML_StopParser, resumable) at every </row>
 * and resumed by the next call, so at most one row is held in memory
 * whatever the size of the sheet. Only the shared string table (capped at
 * 512 MiB) and the date-ness of each cell style are loaded up front. Cell
 * values come out as the text a user would expect to see: shared and inline
 * strings as written, numbers as integers when integral (all the digits
 * stored, never an exponent) and otherwise with 15 significant digits, and
 * serial numbers in a date style as YYYY-MM-DD.
 */
#include "table_int.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "kaohe/buf.h"
#include "kaohe/date.h"
#include "kaohe/encoding.h"

#define CHUNK ((size_t)64 << 10)
#define SST_MAX ((size_t)512 << 20) /* text plus index of shared strings */
#define MAX_XF 1000000u             /* Excel itself stops at 64000 */
#define MAX_NUMFMT 65536u
#define MAX_RELS 100000u
#define MAX_SHEETS 100000u
#define MAX_SERIAL 2958466.0 /* 10000-01-01 */
#define MAX_INT_DIGITS 21    /* integral values up to 10^21 print in full */

/* What a cell style's number format makes of a serial number. */
enum { FK_NONE, FK_DATE, FK_DATETIME, FK_TIME };

/* The t= attribute of <c>. */
enum { CT_N, CT_S, CT_INLINE, CT_STR, CT_B, CT_E, CT_D };

enum { REL_OTHER, REL_WORKSHEET, REL_SST, REL_STYLES };

/*
 * What every expat handler gets as user data: the parser (to stop it), the
 * first error a handler raised, and the object being filled.
 */
typedef struct hctx {
    XML_Parser xp;
    int status;
    kh_error *err;
    void *owner;
} hctx;

/* A cell of the row being assembled. */
typedef struct pcell {
    size_t col;
    const char *p; /* text in the shared string table, or NULL: */
    size_t off;    /* text at row text + off */
    size_t len;
    unsigned char num; /* a number cell (not a date) */
} pcell;

/* A merged range (<mergeCell ref="A1:J1"/>), 1-based rows, 0-based
 * columns; val is the top-left cell's text once its row was read. */
typedef struct merge {
    long r1, r2;
    size_t c1, c2;
    char *val;
    unsigned char num;
} merge;

typedef struct xlsx_src {
    table_src base;
    zip_t *za;
    char *sheet; /* archive member of the worksheet being read */
    char **sheets; /* every worksheet's member, in workbook order */
    char **names;  /* and its name */
    char *chunk;
    int date1904;

    /* Shared strings: string i is at sst.data + sst_off[i], NUL-ended. */
    kh_buf sst;
    uint32_t *sst_off;
    size_t sst_n, sst_cap;
    uint32_t *sst_big; /* ascending indexes of strings over the cell cap */
    size_t sst_nbig, sst_bigcap;

    /* FK_* for each cellXfs entry. */
    unsigned char *xf;
    size_t nxf;

    /* The worksheet stream. */
    zip_file_t *zf;
    hctx h;
    kh_error ferr; /* a sheet error, kept: errors are final */
    int failed;
    int suspended, final_sent, xml_done, row_ready;

    /* Parser state inside <sheetData>. */
    int in_data, in_cell, in_v, in_is, in_t, rph;
    long line;       /* number of the current (or last) <row> */
    size_t next_col; /* column of a <c> without r= */
    size_t col;
    int ctype;
    size_t cstyle;
    kh_buf val;  /* raw text of the current cell */
    kh_buf text; /* converted cells of the current row, NUL-separated */
    size_t rowbytes;
    pcell *pc;
    size_t npc, pccap;
    kh_cell *cells;
    unsigned char *nums;
    size_t ncells, cellcap;

    /* Merged ranges, by first row; [mnext..] not yet reached, act[] the
     * ones covering the current row. */
    merge *mg;
    size_t nmg, mnext;
    size_t *act;
    size_t nact, capact;
    int merges_read;
} xlsx_src;

/* ---- errors -------------------------------------------------------------- */

/* Record an error whose two messages are already composed. */
static int fail2(kh_error *err, int status, const char *code, long line,
                 const char *zh, const char *en)
{
    kh_error_set(err, status, code, "%s%.0s", "%.0s%s", zh, en);
    if (err && line > 0) err->line = line;
    return status;
}

static int corrupt(kh_error *err, long line, const char *zh, const char *en)
{
    char z[KH_MSG_MAX], e[KH_MSG_MAX];
    snprintf(z, sizeof z, "XLSX 文件已损坏：%s", zh);
    snprintf(e, sizeof e, "corrupt XLSX file: %s", en);
    return fail2(err, KH_ERR_FORMAT, "xlsx_corrupt", line, z, e);
}


/* Map a libzip error code (from zip_open or an archive/file handle). */
static int zip_fail(kh_error *err, int ze, const char *msg)
{
    switch (ze) {
    case ZIP_ER_MEMORY:
        return kh_error_nomem(err);
    case ZIP_ER_NOENT: /* from zip_open: no such file */
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
    case ZIP_ER_TELL:
        return kh_error_set(err, KH_ERR_IO, "io", "无法读取文件：%s",
                            "cannot read the file: %s", msg);
    default:
        /* libzip's wording is English only (and may change): give our
         * own Chinese text, keep libzip's in the English one. */
        return corrupt(err, 0, "不是有效的 ZIP 压缩包(文件可能被截断或损坏)",
                       msg);
    }
}

static int zip_fail_code(kh_error *err, int ze)
{
    zip_error_t e;
    zip_error_init_with_code(&e, ze);
    int rc = zip_fail(err, ze, zip_error_strerror(&e));
    zip_error_fini(&e);
    return rc;
}

/* Stop the parser from a handler with the error already in h->err. */
static void hstop(hctx *h, int status)
{
    if (h->status) return;
    h->status = status;
    XML_StopParser(h->xp, XML_FALSE);
}

/* OOXML parts never carry a DTD; refusing one rules out entity bombs. */
static void no_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                       const XML_Char *pubid, int has_internal)
{
    hctx *h = ud;
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    if (h->status) return;
    corrupt(h->err, 0, "XML 中含有 DTD", "the XML contains a DTD");
    hstop(h, KH_ERR_FORMAT);
}

static int xml_fail(kh_error *err, XML_Parser xp, const char *member, long line)
{
    char z[KH_MSG_MAX], e[KH_MSG_MAX];
    const char *why = XML_ErrorString(XML_GetErrorCode(xp));
    unsigned long xl = (unsigned long)XML_GetCurrentLineNumber(xp);
    snprintf(z, sizeof z, "%s 第 %lu 行 XML 格式错误（%s）", member, xl,
             why ? why : "?");
    snprintf(e, sizeof e, "%s line %lu: malformed XML (%s)", member, xl,
             why ? why : "?");
    return corrupt(err, line, z, e);
}

/* ---- small text helpers -------------------------------------------------- */

/* The local part of an element or attribute name ("x:row" -> "row"). */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const XML_Char **atts, const char *lname)
{
    for (; atts[0]; atts += 2) {
        if (strncmp(atts[0], "xmlns", 5) == 0) continue;
        if (strcmp(local(atts[0]), lname) == 0) return atts[1];
    }
    return NULL;
}

/* Parse a non-negative decimal; -1 when s is not one. */
static int parse_size(const char *s, size_t *out)
{
    size_t v = 0;
    if (!s) return -1;
    while (*s == ' ')
        s++;
    if (*s < '0' || *s > '9') return -1;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (SIZE_MAX - 9) / 10) return -1;
        v = v * 10 + (size_t)(*s - '0');
    }
    while (*s == ' ')
        s++;
    if (*s) return -1;
    *out = v;
    return 0;
}

/* Column index (0-based) of a cell reference like "AB12"; -1 if none. */
static int ref_col(const char *r, size_t *col)
{
    size_t c = 0, n = 0;
    for (; *r; r++, n++) {
        int ch = (unsigned char)*r;
        if (ch >= 'a' && ch <= 'z') ch -= 'a' - 'A';
        if (ch < 'A' || ch > 'Z') break;
        if (n == 3) return -1;
        c = c * 26 + (size_t)(ch - 'A' + 1);
    }
    if (n == 0 || c > 16384) return -1;
    for (; *r; r++)
        if (*r < '0' || *r > '9') return -1;
    *col = c - 1;
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/*
 * Decode the _xHHHH_ escapes OOXML uses for characters XML cannot carry
 * (control characters, and "_x" itself as _x005F_). In place: the UTF-8 of
 * a BMP character is never longer than its 7-byte escape. Returns the new
 * length.
 */
static size_t unescape_x(char *s, size_t n)
{
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned cp = 0;
        int ok =
            s[i] == '_' && i + 6 < n && (s[i + 1] == 'x') && s[i + 6] == '_';
        for (int k = 2; ok && k < 6; k++) {
            int v = hexval((unsigned char)s[i + k]);
            if (v < 0) ok = 0;
            cp = cp * 16 + (unsigned)(v < 0 ? 0 : v);
        }
        if (ok && (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))) ok = 0;
        if (!ok) {
            s[o++] = s[i++];
            continue;
        }
        if (cp < 0x80) {
            s[o++] = (char)cp;
        } else if (cp < 0x800) {
            s[o++] = (char)(0xC0 | (cp >> 6));
            s[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            s[o++] = (char)(0xE0 | (cp >> 12));
            s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            s[o++] = (char)(0x80 | (cp & 0x3F));
        }
        i += 7;
    }
    if (o < n) s[o] = '\0';
    return o;
}

static void buf_unescape(kh_buf *b)
{
    if (!b->data) return;
    b->len = unescape_x(b->data, b->len);
    b->data[b->len] = '\0';
}

/* ---- numbers and dates --------------------------------------------------- */

/*
 * The text of a numeric cell from its stored value v[0..n) (NUL-ended).
 * Integral values are spelled out from the stored digits, so that an
 * 18-digit ID typed as a number shows what Excel shows
 * ("5.30102199001011E+17" -> "530102199001011000") with no float rounding;
 * other values get %.15g, Excel's own precision.
 */
static int format_number(const char *v, size_t n, kh_buf *out)
{
    const char *p = v, *end = v + n;
    char dig[64];
    size_t nd = 0;
    long exp10 = 0;
    int neg = 0, point = 0, any = 0, inexact = 0;

    if (p < end && (*p == '-' || *p == '+')) neg = *p++ == '-';
    for (; p < end; p++) {
        if (*p >= '0' && *p <= '9') {
            any = 1;
            if (nd == 0 && *p == '0') {
                if (point) exp10--;
            } else if (nd < sizeof dig) {
                dig[nd++] = *p;
                if (point) exp10--;
            } else {
                inexact = 1;
                if (!point) exp10++;
            }
        } else if (*p == '.' && !point) {
            point = 1;
        } else {
            break;
        }
    }
    if (any && p < end && (*p == 'e' || *p == 'E')) {
        int eneg = 0;
        long e = 0;
        p++;
        if (p < end && (*p == '-' || *p == '+')) eneg = *p++ == '-';
        if (p == end) any = 0;
        for (; p < end && *p >= '0' && *p <= '9'; p++)
            if (e < 100000) e = e * 10 + (*p - '0');
        exp10 += eneg ? -e : e;
    }
    if (!any || p != end) return kh_buf_add(out, v, n); /* not a number */

    while (nd > 0 && dig[nd - 1] == '0') {
        nd--;
        exp10++;
    }
    if (nd == 0) return kh_buf_addc(out, '0');
    if (!inexact && exp10 >= 0 && (long)nd + exp10 <= MAX_INT_DIGITS) {
        int rc = neg ? kh_buf_addc(out, '-') : KH_OK;
        if (!rc) rc = kh_buf_add(out, dig, nd);
        for (long i = 0; !rc && i < exp10; i++)
            rc = kh_buf_addc(out, '0');
        return rc;
    }
    char *e;
    double d = strtod(v, &e);
    if (e != end || !isfinite(d)) return kh_buf_add(out, v, n);
    return kh_buf_printf(out, "%.15g", d);
}


/*
 * A serial number as a date, date-time or time. In the 1900 system serial
 * 1 is 1900-01-01 and serial 60 is the 1900-02-29 that Lotus 1-2-3 invented
 * and Excel kept, so later serials count from 1899-12-30. Returns -1 when
 * the value is no date Excel could show; the caller prints the number.
 */
static int format_serial(double v, int kind, int date1904, char *out,
                         size_t outsz)
{
    if (!(v >= 0 && v < MAX_SERIAL)) return -1;
    long long secs = llround(v * 86400.0);
    long long days = secs / 86400;
    int tod = (int)(secs % 86400);
    int y = 1900, m = 2, d = 29;

    if (kind == FK_TIME && days == 0) {
        snprintf(out, outsz, "%02d:%02d:%02d", tod / 3600, tod / 60 % 60,
                 tod % 60);
        return 0;
    }
    if (date1904)
        kh_date_from_days((long)(days - 24107), &y, &m, &d); /* 1904-01-01 */
    else if (days == 0)
        return -1;
    else if (days < 60)
        kh_date_from_days((long)(days - 25568), &y, &m, &d); /* 1899-12-31 */
    else if (days > 60)
        kh_date_from_days((long)(days - 25569), &y, &m, &d); /* 1899-12-30 */
    if (kind == FK_DATE || tod == 0)
        snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(out, outsz, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d,
                 tod / 3600, tod / 60 % 60, tod % 60);
    return 0;
}

/*
 * Classify a number format code. Only the first section counts (positive
 * numbers); quoted text, [colour]/[$-locale] brackets and escaped or
 * padding characters are skipped. y and d make a date, h and s a time
 * ([h], [mm], [ss] elapsed times too), and m is a month unless the code is
 * a time.
 */
static int code_kind(const char *code)
{
    int date = 0, time = 0, month = 0;
    for (const char *p = code; *p && *p != ';'; p++) {
        switch (*p) {
        case '"':
            p = strchr(p + 1, '"');
            if (!p) goto done;
            break;
        case '[': {
            const char *q = strchr(p, ']');
            if (!q) goto done;
            if (q > p + 1 && strspn(p + 1, "hHmMsS") == (size_t)(q - p - 1))
                time = 1;
            p = q;
            break;
        }
        case '\\':
        case '_':
        case '*':
            if (p[1]) p++;
            break;
        case 'y':
        case 'Y':
        case 'd':
        case 'D':
            date = 1;
            break;
        case 'm':
        case 'M':
            month = 1;
            break;
        case 'h':
        case 'H':
        case 's':
        case 'S':
            time = 1;
            break;
        default:
            break;
        }
    }
done:
    if (month && !time) date = 1;
    if (date && time) return FK_DATETIME;
    if (date) return FK_DATE;
    return time ? FK_TIME : FK_NONE;
}

/*
 * Built-in formats (ECMA-376 18.8.30): 14-17 dates, 18-21 and 45-47 times,
 * 22 date and time; 27-36 and 50-58 are the dates and times of Chinese
 * (and other East Asian) Excel, e.g. 31 = yyyy"年"m"月"d"日".
 */
static int builtin_kind(size_t id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
        (id >= 50 && id <= 54) || id == 57 || id == 58)
        return FK_DATE;
    if (id == 22) return FK_DATETIME;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47) ||
        (id >= 32 && id <= 35) || id == 55 || id == 56)
        return FK_TIME;
    return FK_NONE;
}

/* ---- reading a whole member ---------------------------------------------- */

/*
 * Stream the archive member `name` through an expat parser with the given
 * handlers; h->owner must be set. *found is 0 (and nothing happens) when
 * the member does not exist.
 */
static int parse_member(xlsx_src *s, const char *name, hctx *h,
                        XML_StartElementHandler on_start,
                        XML_EndElementHandler on_end,
                        XML_CharacterDataHandler on_text, int *found,
                        kh_error *err)
{
    *found = 0;
    zip_int64_t idx = zip_name_locate(s->za, name, ZIP_FL_NOCASE);
    if (idx < 0) return KH_OK;
    *found = 1;
    zip_file_t *zf = zip_fopen_index(s->za, (zip_uint64_t)idx, 0);
    if (!zf) {
        zip_error_t *ze = zip_get_error(s->za);
        return zip_fail(err, zip_error_code_zip(ze), zip_strerror(s->za));
    }
    XML_Parser xp = XML_ParserCreate(NULL);
    if (!xp) {
        zip_fclose(zf);
        return kh_error_nomem(err);
    }
    h->xp = xp;
    h->status = KH_OK;
    h->err = err;
    XML_SetUserData(xp, h);
    XML_SetElementHandler(xp, on_start, on_end);
    XML_SetCharacterDataHandler(xp, on_text);
    XML_SetStartDoctypeDeclHandler(xp, no_doctype);

    int rc = KH_OK;
    for (;;) {
        zip_int64_t n = zip_fread(zf, s->chunk, CHUNK);
        if (n < 0) {
            char z[KH_MSG_MAX], e[KH_MSG_MAX];
            snprintf(z, sizeof z, "读取 %s 失败（%s）", name,
                     zip_file_strerror(zf));
            snprintf(e, sizeof e, "cannot read %s (%s)", name,
                     zip_file_strerror(zf));
            rc = corrupt(err, 0, z, e);
            break;
        }
        if (XML_Parse(xp, s->chunk, (int)n, n == 0) != XML_STATUS_OK) {
            rc = h->status ? h->status : xml_fail(err, xp, name, 0);
            break;
        }
        if (n == 0) break;
    }
    XML_ParserFree(xp);
    zip_fclose(zf);
    return rc;
}

/* ---- relationships and workbook ------------------------------------------ */

typedef struct rel {
    char *id, *target;
    int kind;
} rel;

typedef struct rels_ctx {
    rel *v;
    size_t n, cap;
} rels_ctx;

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    hctx *h = ud;
    rels_ctx *c = h->owner;
    if (h->status || strcmp(local(name), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
    const char *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (c->n == MAX_RELS) return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        rel *v = realloc(c->v, cap * sizeof *v);
        if (!v) goto oom;
        c->v = v;
        c->cap = cap;
    }
    const char *t = strrchr(type, '/');
    t = t ? t + 1 : type;
    rel *r = &c->v[c->n];
    r->kind = strcmp(t, "worksheet") == 0       ? REL_WORKSHEET
              : strcmp(t, "sharedStrings") == 0 ? REL_SST
              : strcmp(t, "styles") == 0        ? REL_STYLES
                                                : REL_OTHER;
    r->id = strdup(id);
    r->target = strdup(target);
    if (!r->id || !r->target) {
        free(r->id);
        free(r->target);
        goto oom;
    }
    c->n++;
    return;
oom:
    kh_error_nomem(h->err);
    hstop(h, KH_ERR_NOMEM);
}

typedef struct wb_ctx {
    char **rid; /* r:id of each <sheet>, in workbook order */
    char **names; /* and its name */
    size_t n, cap;
    int date1904;
} wb_ctx;

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    hctx *h = ud;
    wb_ctx *c = h->owner;
    const char *ln = local(name);
    if (h->status) return;
    if (strcmp(ln, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        c->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        return;
    }
    if (strcmp(ln, "sheet") != 0 || c->n == MAX_SHEETS) return;
    const char *id = attr(atts, "id");
    if (!id) return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        char **v = realloc(c->rid, cap * sizeof *v);
        if (!v) goto oom;
        c->rid = v;
        char **w = realloc(c->names, cap * sizeof *w);
        if (!w) goto oom;
        c->names = w;
        c->cap = cap;
    }
    const char *nm = attr(atts, "name");
    if (!(c->names[c->n] = strdup(nm ? nm : ""))) goto oom;
    if (!(c->rid[c->n] = strdup(id))) {
        free(c->names[c->n]);
        goto oom;
    }
    c->n++;
    return;
oom:
    kh_error_nomem(h->err);
    hstop(h, KH_ERR_NOMEM);
}

/*
 * The archive member a relationship target names, relative to the
 * workbook's folder "xl/" unless absolute; "." and ".." are resolved.
 */
static char *resolve(const char *target)
{
    size_t n = strlen(target);
    char *out = malloc(n + 4);
    if (!out) return NULL;
    size_t o = 0;
    if (target[0] == '/') {
        target++;
    } else {
        memcpy(out, "xl/", 3);
        o = 3;
    }
    while (*target) {
        const char *slash = strchr(target, '/');
        size_t len = slash ? (size_t)(slash - target) : strlen(target);
        if (len == 0 || (len == 1 && target[0] == '.')) {
            /* skip */
        } else if (len == 2 && target[0] == '.' && target[1] == '.') {
            if (o > 0) o--;
            while (o > 0 && out[o - 1] != '/')
                o--;
        } else {
            memcpy(out + o, target, len);
            o += len;
            if (slash) out[o++] = '/';
        }
        target += len + (slash ? 1 : 0);
    }
    out[o] = '\0';
    return out;
}

static int dupstr(char **dst, const char *src, kh_error *err)
{
    if (*dst) return KH_OK;
    if (!(*dst = strdup(src))) return kh_error_nomem(err);
    return KH_OK;
}

/*
 * Find the first worksheet and the shared strings and styles parts through
 * xl/workbook.xml and its relationships; fall back to the usual names.
 */
static int load_workbook(xlsx_src *s, char **sst, char **styles, kh_error *err)
{
    rels_ctx rc = {0};
    wb_ctx wc = {0};
    hctx h = {0};
    int found, st;

    h.owner = &rc;
    st = parse_member(s, "xl/_rels/workbook.xml.rels", &h, rels_start, NULL,
                      NULL, &found, err);
    if (!st) {
        h.owner = &wc;
        st = parse_member(s, "xl/workbook.xml", &h, wb_start, NULL, NULL,
                          &found, err);
    }
    s->date1904 = wc.date1904;
    if (!st && wc.n && (!(s->sheets = calloc(wc.n, sizeof *s->sheets)) ||
                        !(s->names = calloc(wc.n, sizeof *s->names))))
        st = kh_error_nomem(err);
    for (size_t i = 0; !st && i < wc.n; i++) {
        for (size_t j = 0; j < rc.n; j++) {
            if (strcmp(rc.v[j].id, wc.rid[i]) != 0) continue;
            if (rc.v[j].kind == REL_WORKSHEET) {
                char *m = resolve(rc.v[j].target);
                if (!m) {
                    st = kh_error_nomem(err);
                } else if (zip_name_locate(s->za, m, ZIP_FL_NOCASE) < 0) {
                    free(m); /* a sheet named but absent: not offered */
                } else if (!(s->names[s->base.nsheets] =
                                 strdup(wc.names[i]))) {
                    free(m);
                    st = kh_error_nomem(err);
                } else {
                    s->sheets[s->base.nsheets++] = m;
                    if (!s->sheet && !(s->sheet = strdup(m)))
                        st = kh_error_nomem(err);
                }
            }
            break;
        }
    }
    for (size_t j = 0; !st && j < rc.n; j++) {
        char **dst = rc.v[j].kind == REL_SST      ? sst
                     : rc.v[j].kind == REL_STYLES ? styles
                                                  : NULL;
        if (dst && !*dst && !(*dst = resolve(rc.v[j].target))) st = kh_error_nomem(err);
    }
    for (size_t j = 0; j < rc.n; j++) {
        free(rc.v[j].id);
        free(rc.v[j].target);
    }
    free(rc.v);
    for (size_t i = 0; i < wc.n; i++)
        free(wc.rid[i]), free(wc.names[i]);
    free(wc.rid);
    free(wc.names);
    if (st) return st;

    if ((st = dupstr(&s->sheet, "xl/worksheets/sheet1.xml", err)) ||
        (st = dupstr(sst, "xl/sharedStrings.xml", err)) ||
        (st = dupstr(styles, "xl/styles.xml", err)))
        return st;
    if (!s->base.nsheets) {
        free(s->sheets);
        free(s->names);
        if (!(s->sheets = calloc(1, sizeof *s->sheets)) ||
            !(s->names = calloc(1, sizeof *s->names)) ||
            !(s->sheets[0] = strdup(s->sheet)) ||
            !(s->names[0] = strdup("")))
            return kh_error_nomem(err);
        s->base.nsheets = 1;
    }
    if (zip_name_locate(s->za, s->sheet, ZIP_FL_NOCASE) < 0) {
        char z[KH_MSG_MAX], e[KH_MSG_MAX];
        snprintf(z, sizeof z, "找不到工作表（%s）", s->sheet);
        snprintf(e, sizeof e, "no worksheet found (%s is missing)", s->sheet);
        return corrupt(err, 0, z, e);
    }
    return KH_OK;
}

/* ---- styles -------------------------------------------------------------- */

typedef struct numfmt {
    size_t id;
    int kind;
} numfmt;

typedef struct styles_ctx {
    xlsx_src *s;
    numfmt *fmt;
    size_t nfmt, fmtcap, xfcap;
    int in_fmts, in_xfs;
} styles_ctx;

static int fmt_kind(const styles_ctx *c, size_t id)
{
    for (size_t i = c->nfmt; i-- > 0;)
        if (c->fmt[i].id == id) return c->fmt[i].kind;
    return builtin_kind(id);
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    hctx *h = ud;
    styles_ctx *c = h->owner;
    xlsx_src *s = c->s;
    const char *ln = local(name);
    size_t id = 0;

    if (h->status) return;
    if (strcmp(ln, "numFmts") == 0) {
        c->in_fmts = 1;
    } else if (strcmp(ln, "cellXfs") == 0) {
        c->in_xfs = 1;
    } else if (c->in_fmts && strcmp(ln, "numFmt") == 0) {
        const char *code = attr(atts, "formatCode");
        if (parse_size(attr(atts, "numFmtId"), &id) || !code ||
            c->nfmt == MAX_NUMFMT)
            return;
        if (c->nfmt == c->fmtcap) {
            size_t cap = c->fmtcap ? c->fmtcap * 2 : 16;
            numfmt *v = realloc(c->fmt, cap * sizeof *v);
            if (!v) goto oom;
            c->fmt = v;
            c->fmtcap = cap;
        }
        c->fmt[c->nfmt].id = id;
        c->fmt[c->nfmt++].kind = code_kind(code);
    } else if (c->in_xfs && strcmp(ln, "xf") == 0) {
        if (s->nxf == MAX_XF) return;
        if (parse_size(attr(atts, "numFmtId"), &id)) id = 0;
        if (s->nxf == c->xfcap) {
            size_t cap = c->xfcap ? c->xfcap * 2 : 64;
            unsigned char *v = realloc(s->xf, cap);
            if (!v) goto oom;
            s->xf = v;
            c->xfcap = cap;
        }
        s->xf[s->nxf++] = (unsigned char)fmt_kind(c, id);
    }
    return;
oom:
    kh_error_nomem(h->err);
    hstop(h, KH_ERR_NOMEM);
}

static void styles_end(void *ud, const XML_Char *name)
{
    hctx *h = ud;
    styles_ctx *c = h->owner;
    const char *ln = local(name);
    if (strcmp(ln, "numFmts") == 0) c->in_fmts = 0;
    if (strcmp(ln, "cellXfs") == 0) c->in_xfs = 0;
}

static int load_styles(xlsx_src *s, const char *member, kh_error *err)
{
    styles_ctx c = {0};
    hctx h = {0};
    int found;
    c.s = s;
    h.owner = &c;
    int rc = parse_member(s, member, &h, styles_start, styles_end, NULL, &found,
                          err);
    free(c.fmt);
    return rc;
}

/* ---- shared strings ------------------------------------------------------ */

typedef struct sst_ctx {
    xlsx_src *s;
    int in_si, in_t, rph, big;
    kh_buf cur;
} sst_ctx;

static int sst_too_large(kh_error *err)
{
    char z[KH_MSG_MAX], e[KH_MSG_MAX];
    snprintf(z, sizeof z, "共享字符串表超过 %zu MiB，拒绝读取", SST_MAX >> 20);
    snprintf(e, sizeof e, "the shared string table exceeds %zu MiB",
             SST_MAX >> 20);
    return fail2(err, KH_ERR_LIMIT, "xlsx_too_large", 0, z, e);
}

/* Append the string just read to the table. */
static int sst_push(sst_ctx *c, kh_error *err)
{
    xlsx_src *s = c->s;
    buf_unescape(&c->cur);
    if (c->cur.len > KH_TABLE_MAX_FIELD) c->big = 1;
    size_t len = c->big ? 0 : c->cur.len;
    if (s->sst_n >= UINT32_MAX ||
        s->sst.len + len + 1 + (s->sst_n + 1) * sizeof(uint32_t) > SST_MAX)
        return sst_too_large(err);
    if (s->sst_n == s->sst_cap) {
        size_t cap = s->sst_cap ? s->sst_cap * 2 : 1024;
        uint32_t *v = realloc(s->sst_off, cap * sizeof *v);
        if (!v) return kh_error_nomem(err);
        s->sst_off = v;
        s->sst_cap = cap;
    }
    if (c->big) {
        if (s->sst_nbig == s->sst_bigcap) {
            size_t cap = s->sst_bigcap ? s->sst_bigcap * 2 : 8;
            uint32_t *v = realloc(s->sst_big, cap * sizeof *v);
            if (!v) return kh_error_nomem(err);
            s->sst_big = v;
            s->sst_bigcap = cap;
        }
        s->sst_big[s->sst_nbig++] = (uint32_t)s->sst_n;
    }
    s->sst_off[s->sst_n] = (uint32_t)s->sst.len;
    int rc = kh_buf_add(&s->sst, c->big ? "" : c->cur.data, len);
    if (!rc) rc = kh_buf_addc(&s->sst, '\0');
    if (rc == KH_ERR_LIMIT) return sst_too_large(err);
    if (rc) return kh_error_nomem(err);
    s->sst_n++;
    return KH_OK;
}

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    hctx *h = ud;
    sst_ctx *c = h->owner;
    const char *ln = local(name);
    (void)atts;
    if (h->status) return;
    if (strcmp(ln, "si") == 0) {
        c->in_si = 1;
        c->rph = c->in_t = c->big = 0;
        kh_buf_reset(&c->cur);
    } else if (c->in_si && strcmp(ln, "rPh") == 0) {
        c->rph++;
    } else if (c->in_si && !c->rph && strcmp(ln, "t") == 0) {
        c->in_t = 1;
    }
}

static void sst_end(void *ud, const XML_Char *name)
{
    hctx *h = ud;
    sst_ctx *c = h->owner;
    const char *ln = local(name);
    if (h->status) return;
    if (strcmp(ln, "t") == 0) {
        c->in_t = 0;
    } else if (strcmp(ln, "rPh") == 0) {
        if (c->rph) c->rph--;
    } else if (strcmp(ln, "si") == 0 && c->in_si) {
        c->in_si = 0;
        int rc = sst_push(c, h->err);
        if (rc) hstop(h, rc);
    }
}

static void sst_text(void *ud, const XML_Char *p, int n)
{
    hctx *h = ud;
    sst_ctx *c = h->owner;
    if (h->status || !c->in_si || !c->in_t || c->rph || c->big) return;
    int rc = kh_buf_add(&c->cur, p, (size_t)n);
    if (rc == KH_ERR_LIMIT) {
        c->big = 1; /* refused only if a cell uses it */
        kh_buf_reset(&c->cur);
    } else if (rc) {
        kh_error_nomem(h->err);
        hstop(h, KH_ERR_NOMEM);
    }
}

static int load_sst(xlsx_src *s, const char *member, kh_error *err)
{
    sst_ctx c = {0};
    hctx h = {0};
    int found;
    c.s = s;
    /* Room for _xHHHH_ escapes that shrink when decoded. */
    kh_buf_init(&c.cur, (size_t)KH_TABLE_MAX_FIELD * 2);
    h.owner = &c;
    int rc =
        parse_member(s, member, &h, sst_start, sst_end, sst_text, &found, err);
    kh_buf_free(&c.cur);
    return rc;
}

static int sst_is_big(const xlsx_src *s, size_t i)
{
    size_t lo = 0, hi = s->sst_nbig;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->sst_big[mid] == i) return 1;
        if (s->sst_big[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static size_t sst_len(const xlsx_src *s, size_t i)
{
    size_t end = i + 1 < s->sst_n ? s->sst_off[i + 1] : s->sst.len;
    return end - s->sst_off[i] - 1;
}

/* ---- the worksheet stream ------------------------------------------------ */

static void cell_name(size_t col, long line, char *out, size_t outsz)
{
    char letters[8];
    size_t n = 0;
    col++;
    while (col > 0 && n < sizeof letters - 1) {
        letters[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n / 2; i++) {
        char t = letters[i];
        letters[i] = letters[n - 1 - i];
        letters[n - 1 - i] = t;
    }
    letters[n] = '\0';
    snprintf(out, outsz, "%s%ld", letters, line);
}

static void sheet_fail(xlsx_src *s, int status, const char *code,
                       const char *zh, const char *en)
{
    if (s->h.status) return;
    fail2(&s->ferr, status, code, s->line, zh, en);
    hstop(&s->h, status);
}

static void field_too_long(xlsx_src *s)
{
    char ref[32], z[KH_MSG_MAX], e[KH_MSG_MAX];
    cell_name(s->col, s->line, ref, sizeof ref);
    snprintf(z, sizeof z, "单元格 %s 超过 %u 字节", ref, KH_TABLE_MAX_FIELD);
    snprintf(e, sizeof e, "cell %s is longer than %u bytes", ref,
             KH_TABLE_MAX_FIELD);
    sheet_fail(s, KH_ERR_LIMIT, "field_too_long", z, e);
}

static void row_begin(xlsx_src *s, const char *r)
{
    size_t v;
    if (r && !parse_size(r, &v) && v > 0 && v <= (size_t)LONG_MAX)
        s->line = (long)v;
    else
        s->line++;
    s->next_col = 0;
    s->npc = 0;
    s->rowbytes = 0;
    kh_buf_reset(&s->text);
}

static void cell_begin(xlsx_src *s, const XML_Char **atts)
{
    const char *r = attr(atts, "r"), *t = attr(atts, "t");
    size_t col;
    if (!r || ref_col(r, &col)) col = s->next_col;
    s->col = col;
    s->ctype = !t                            ? CT_N
               : strcmp(t, "s") == 0         ? CT_S
               : strcmp(t, "inlineStr") == 0 ? CT_INLINE
               : strcmp(t, "str") == 0       ? CT_STR
               : strcmp(t, "b") == 0         ? CT_B
               : strcmp(t, "e") == 0         ? CT_E
               : strcmp(t, "d") == 0         ? CT_D
                                             : CT_N;
    if (parse_size(attr(atts, "s"), &s->cstyle)) s->cstyle = 0;
    kh_buf_reset(&s->val);
    s->in_cell = 1;
    s->in_v = s->in_is = s->in_t = s->rph = 0;
}

/* Append the display text of a numeric cell to the row; *num = 1 when
 * it is shown as a number (not as a date). */
static int numeric_text(xlsx_src *s, const char *v, size_t n,
                        unsigned char *num)
{
    int kind = s->cstyle < s->nxf ? s->xf[s->cstyle] : FK_NONE;
    if (kind != FK_NONE) {
        char *end, tmp[40];
        double d = strtod(v, &end);
        if (end == v + n && isfinite(d) &&
            format_serial(d, kind, s->date1904, tmp, sizeof tmp) == 0)
            return kh_buf_adds(&s->text, tmp);
    }
    *num = 1;
    return format_number(v, n, &s->text);
}

static void cell_end(xlsx_src *s)
{
    const char *v = s->val.data ? s->val.data : "";
    size_t n = s->val.len;
    pcell pc = {s->col, NULL, s->text.len, 0, 0};
    int rc = KH_OK;

    s->in_cell = 0;
    s->next_col = s->col + 1;
    switch (s->ctype) {
    case CT_S: {
        size_t i;
        if (n == 0) break;
        if (parse_size(v, &i) || i >= s->sst_n) {
            char ref[32], z[KH_MSG_MAX], e[KH_MSG_MAX];
            cell_name(s->col, s->line, ref, sizeof ref);
            snprintf(z, sizeof z, "单元格 %s 引用了不存在的共享字符串 %s", ref,
                     v);
            snprintf(e, sizeof e,
                     "cell %s refers to shared string %s, which does not "
                     "exist",
                     ref, v);
            corrupt(&s->ferr, s->line, z, e);
            hstop(&s->h, KH_ERR_FORMAT);
            return;
        }
        if (sst_is_big(s, i)) {
            field_too_long(s);
            return;
        }
        pc.p = s->sst.data + s->sst_off[i];
        pc.len = sst_len(s, i);
        break;
    }
    case CT_INLINE:
    case CT_STR:
        buf_unescape(&s->val);
        rc = kh_buf_add(&s->text, v, s->val.len);
        break;
    case CT_B:
        if (n) rc = kh_buf_adds(&s->text, strcmp(v, "0") ? "TRUE" : "FALSE");
        break;
    case CT_E:
    case CT_D:
        rc = kh_buf_add(&s->text, v, n);
        break;
    default:
        if (n) rc = numeric_text(s, v, n, &pc.num);
        break;
    }
    if (!pc.p) pc.len = s->text.len - pc.off;
    if (!rc && pc.len == 0) return; /* empty: not a cell */
    if (!rc && pc.col >= KH_TABLE_MAX_COLS) {
        char ref[32], z[KH_MSG_MAX], e[KH_MSG_MAX];
        cell_name(s->col, s->line, ref, sizeof ref);
        snprintf(z, sizeof z, "单元格 %s 超出最多 %u 列的限制", ref,
                 KH_TABLE_MAX_COLS);
        snprintf(e, sizeof e, "cell %s is beyond the limit of %u columns", ref,
                 KH_TABLE_MAX_COLS);
        sheet_fail(s, KH_ERR_LIMIT, "too_many_columns", z, e);
        return;
    }
    if (!rc && !pc.p) rc = kh_buf_addc(&s->text, '\0');
    s->rowbytes += pc.len;
    if (rc == KH_ERR_LIMIT || s->rowbytes > KH_TABLE_MAX_ROW) {
        char z[KH_MSG_MAX], e[KH_MSG_MAX];
        snprintf(z, sizeof z, "第 %ld 行超过 %u 字节", s->line,
                 KH_TABLE_MAX_ROW);
        snprintf(e, sizeof e, "row %ld is longer than %u bytes", s->line,
                 KH_TABLE_MAX_ROW);
        sheet_fail(s, KH_ERR_LIMIT, "row_too_long", z, e);
        return;
    }
    if (rc) {
        kh_error_nomem(&s->ferr);
        hstop(&s->h, KH_ERR_NOMEM);
        return;
    }
    if (s->npc == s->pccap) {
        size_t cap = s->pccap ? s->pccap * 2 : 32;
        pcell *p = realloc(s->pc, cap * sizeof *p);
        if (!p) {
            kh_error_nomem(&s->ferr);
            hstop(&s->h, KH_ERR_NOMEM);
            return;
        }
        s->pc = p;
        s->pccap = cap;
    }
    s->pc[s->npc++] = pc;
}

static int cells_room(xlsx_src *s, size_t n)
{
    if (n <= s->cellcap) return KH_OK;
    kh_cell *c = realloc(s->cells, n * sizeof *c);
    if (c) s->cells = c;
    unsigned char *u = c ? realloc(s->nums, n) : NULL;
    if (!u) {
        kh_error_nomem(&s->ferr);
        hstop(&s->h, KH_ERR_NOMEM);
        return KH_ERR_NOMEM;
    }
    s->nums = u;
    s->cellcap = n;
    return KH_OK;
}

/*
 * Fill the cells of merged ranges on this row with the range's top-left
 * value, as Excel shows them: the ranges covering the row are kept in
 * act[], their top-left text copied when its row is read.
 */
static int apply_merges(xlsx_src *s)
{
    long line = s->line;
    size_t k = 0;
    for (size_t i = 0; i < s->nact; i++) {
        merge *m = &s->mg[s->act[i]];
        if (m->r2 >= line && m->r1 <= line) {
            s->act[k++] = s->act[i];
        } else {
            free(m->val);
            m->val = NULL;
        }
    }
    s->nact = k;
    for (; s->mnext < s->nmg && s->mg[s->mnext].r1 <= line; s->mnext++) {
        if (s->mg[s->mnext].r2 < line) continue;
        if (s->nact == s->capact) {
            size_t cap = s->capact ? s->capact * 2 : 16;
            size_t *a = realloc(s->act, cap * sizeof *a);
            if (!a) goto nomem;
            s->act = a;
            s->capact = cap;
        }
        s->act[s->nact++] = s->mnext;
    }
    size_t n = s->ncells;
    for (size_t i = 0; i < s->nact; i++) {
        merge *m = &s->mg[s->act[i]];
        if (m->r1 == line && !m->val) {
            kh_cell c = m->c1 < s->ncells ? s->cells[m->c1] : (kh_cell){"", 0};
            if (!(m->val = malloc(c.len + 1))) goto nomem;
            memcpy(m->val, c.s, c.len);
            m->val[c.len] = '\0';
            m->num = m->c1 < s->ncells ? s->nums[m->c1] : 0;
        }
        if (m->val && m->val[0] && m->c2 + 1 > n) n = m->c2 + 1;
    }
    if (n > s->ncells) {
        if (cells_room(s, n)) return KH_ERR_NOMEM;
        for (size_t i = s->ncells; i < n; i++) {
            s->cells[i] = (kh_cell){"", 0};
            s->nums[i] = 0;
        }
        s->ncells = n;
    }
    for (size_t i = 0; i < s->nact; i++) {
        const merge *m = &s->mg[s->act[i]];
        if (!m->val || !m->val[0]) continue;
        for (size_t c = m->c1; c <= m->c2; c++) {
            if (line == m->r1 && c == m->c1) continue;
            s->cells[c].s = m->val;
            s->cells[c].len = strlen(m->val);
            s->nums[c] = m->num;
        }
    }
    return KH_OK;
nomem:
    kh_error_nomem(&s->ferr);
    hstop(&s->h, KH_ERR_NOMEM);
    return KH_ERR_NOMEM;
}

/* Lay the row's cells out by column, empty cells in the gaps. */
static int row_end(xlsx_src *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->npc; i++)
        if (s->pc[i].col + 1 > n) n = s->pc[i].col + 1;
    if (cells_room(s, n)) return KH_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        s->cells[i].s = "";
        s->cells[i].len = 0;
        s->nums[i] = 0;
    }
    for (size_t i = 0; i < s->npc; i++) {
        const pcell *p = &s->pc[i];
        s->cells[p->col].s = p->p ? p->p : s->text.data + p->off;
        s->cells[p->col].len = p->len;
        s->nums[p->col] = p->num;
    }
    s->ncells = n;
    return s->nmg ? apply_merges(s) : KH_OK;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    hctx *h = ud;
    xlsx_src *s = h->owner;
    const char *ln = local(name);
    if (h->status) return;
    if (!s->in_data) {
        if (strcmp(ln, "sheetData") == 0) s->in_data = 1;
        return;
    }
    if (strcmp(ln, "row") == 0)
        row_begin(s, attr(atts, "r"));
    else if (strcmp(ln, "c") == 0)
        cell_begin(s, atts);
    else if (!s->in_cell)
        return;
    else if (strcmp(ln, "v") == 0)
        s->in_v = 1;
    else if (strcmp(ln, "is") == 0)
        s->in_is = 1;
    else if (s->in_is && strcmp(ln, "rPh") == 0)
        s->rph++;
    else if (s->in_is && !s->rph && strcmp(ln, "t") == 0)
        s->in_t = 1;
}

static void sheet_end(void *ud, const XML_Char *name)
{
    hctx *h = ud;
    xlsx_src *s = h->owner;
    const char *ln = local(name);
    if (h->status || !s->in_data) return;
    if (strcmp(ln, "sheetData") == 0) {
        s->in_data = 0;
    } else if (strcmp(ln, "row") == 0) {
        if (s->in_cell) cell_end(s);
        if (h->status || row_end(s)) return;
        s->row_ready = 1;
        /* Hand the row to next(); it resumes the parser for the one after. */
        XML_StopParser(h->xp, XML_TRUE);
    } else if (strcmp(ln, "c") == 0) {
        if (s->in_cell) cell_end(s);
    } else if (strcmp(ln, "v") == 0) {
        s->in_v = 0;
    } else if (strcmp(ln, "is") == 0) {
        s->in_is = 0;
    } else if (strcmp(ln, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(ln, "rPh") == 0) {
        if (s->rph) s->rph--;
    }
}

static void sheet_text(void *ud, const XML_Char *p, int n)
{
    hctx *h = ud;
    xlsx_src *s = h->owner;
    if (h->status || !s->in_cell) return;
    if (!(s->in_v || (s->in_is && s->in_t && !s->rph))) return;
    int rc = kh_buf_add(&s->val, p, (size_t)n);
    if (rc == KH_ERR_LIMIT) {
        field_too_long(s);
    } else if (rc) {
        kh_error_nomem(&s->ferr);
        hstop(&s->h, KH_ERR_NOMEM);
    }
}

static void sheet_close(xlsx_src *s)
{
    if (s->h.xp) XML_ParserFree(s->h.xp);
    s->h.xp = NULL;
    if (s->zf) zip_fclose(s->zf);
    s->zf = NULL;
}

static int sheet_open(xlsx_src *s, kh_error *err)
{
    zip_stat_t st;
    zip_stat_init(&st);
    s->base.done = 0;
    s->base.total = 0;
    if (zip_stat(s->za, s->sheet, ZIP_FL_NOCASE, &st) == 0 &&
        (st.valid & ZIP_STAT_SIZE) && st.size <= (zip_uint64_t)LLONG_MAX)
        s->base.total = (long long)st.size;
    s->zf = zip_fopen(s->za, s->sheet, ZIP_FL_NOCASE);
    if (!s->zf) {
        zip_error_t *ze = zip_get_error(s->za);
        return zip_fail(err, zip_error_code_zip(ze), zip_strerror(s->za));
    }
    s->h.xp = XML_ParserCreate(NULL);
    if (!s->h.xp) return kh_error_nomem(err);
    s->h.status = KH_OK;
    s->h.err = &s->ferr;
    s->h.owner = s;
    XML_SetUserData(s->h.xp, &s->h);
    XML_SetElementHandler(s->h.xp, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(s->h.xp, sheet_text);
    XML_SetStartDoctypeDeclHandler(s->h.xp, no_doctype);
    kh_error_clear(&s->ferr);
    s->failed = 0;
    s->suspended = s->final_sent = s->xml_done = s->row_ready = 0;
    s->in_data = s->in_cell = s->in_v = s->in_is = s->in_t = s->rph = 0;
    s->line = 0;
    s->npc = s->ncells = 0;
    for (size_t i = 0; i < s->nmg; i++) {
        free(s->mg[i].val);
        s->mg[i].val = NULL;
    }
    s->mnext = s->nact = 0;
    return KH_OK;
}

/* A sheet error is final: remember it and return it again if asked. */
static int sheet_error(xlsx_src *s, kh_error *err)
{
    if (!s->failed) s->failed = s->ferr.status ? s->ferr.status : KH_ERR_FORMAT;
    if (err) *err = s->ferr;
    return s->failed;
}

static int xlsx_next(table_src *base, kh_row *row, int *eof, kh_error *err)
{
    xlsx_src *s = (xlsx_src *)base;
    *eof = 0;
    if (s->failed) return sheet_error(s, err);
    for (;;) {
        enum XML_Status st;
        if (s->row_ready) {
            s->row_ready = 0;
            row->cells = s->cells;
            row->num = s->nums;
            row->n = s->ncells;
            row->line = s->line;
            return KH_OK;
        }
        if (s->xml_done) {
            *eof = 1;
            return KH_OK;
        }
        if (s->suspended) {
            st = XML_ResumeParser(s->h.xp);
        } else {
            zip_int64_t n = zip_fread(s->zf, s->chunk, CHUNK);
            if (n < 0) {
                char z[KH_MSG_MAX], e[KH_MSG_MAX];
                snprintf(z, sizeof z, "读取工作表失败（%s）",
                         zip_file_strerror(s->zf));
                snprintf(e, sizeof e, "cannot read the worksheet (%s)",
                         zip_file_strerror(s->zf));
                corrupt(&s->ferr, s->line, z, e);
                return sheet_error(s, err);
            }
            s->base.done += n;
            if (s->base.total && s->base.done > s->base.total) {
                corrupt(&s->ferr, s->line, "工作表解压后比目录中记载的大",
                        "the worksheet inflates past its recorded size");
                return sheet_error(s, err);
            }
            s->final_sent = n == 0;
            st = XML_Parse(s->h.xp, s->chunk, (int)n, n == 0);
        }
        if (st == XML_STATUS_ERROR) {
            if (!s->h.status) xml_fail(&s->ferr, s->h.xp, s->sheet, s->line);
            return sheet_error(s, err);
        }
        s->suspended = st == XML_STATUS_SUSPENDED;
        if (st == XML_STATUS_OK && s->final_sent) s->xml_done = 1;
    }
}

/* ---- merged cells --------------------------------------------------------- */

#define MAX_MERGES 4000000u
#define MERGE_KEEP 512 /* bytes carried over a chunk boundary */

/* "B12" -> column 1, row 12. -1 when not a cell reference. */
static int parse_cellref(const char *p, size_t n, size_t *col, long *row)
{
    char ref[24];
    if (n == 0 || n >= sizeof ref) return -1;
    memcpy(ref, p, n);
    ref[n] = '\0';
    size_t i = 0;
    while (i < n && ((ref[i] >= 'A' && ref[i] <= 'Z') ||
                     (ref[i] >= 'a' && ref[i] <= 'z')))
        i++;
    size_t r;
    if (i == 0 || i == n || ref_col(ref, col) || parse_size(ref + i, &r) ||
        r == 0 || r > 1048576)
        return -1;
    *row = (long)r;
    return 0;
}

/* The first needle[0..m) in hay[0..n), or NULL (memmem is not C11). */
static const char *find_bytes(const char *hay, size_t n, const char *needle,
                              size_t m)
{
    while (n >= m) {
        const char *p = memchr(hay, needle[0], n - m + 1);
        if (!p) return NULL;
        if (memcmp(p, needle, m) == 0) return p;
        n -= (size_t)(p - hay) + 1;
        hay = p + 1;
    }
    return NULL;
}

static int add_merge(xlsx_src *s, const char *ref, size_t n)
{
    const char *colon = memchr(ref, ':', n);
    merge m = {0};
    if (!colon) return KH_OK; /* one cell: nothing to fill */
    if (parse_cellref(ref, (size_t)(colon - ref), &m.c1, &m.r1) ||
        parse_cellref(colon + 1, n - (size_t)(colon - ref) - 1, &m.c2, &m.r2))
        return KH_OK; /* not understood: the cells are read as they are */
    if (m.r2 < m.r1 || m.c2 < m.c1 || s->nmg == MAX_MERGES) return KH_OK;
    if (m.c2 >= KH_TABLE_MAX_COLS) m.c2 = KH_TABLE_MAX_COLS - 1;
    if (m.c1 > m.c2) return KH_OK;
    if (!(s->nmg & (s->nmg - 1)) || s->nmg == 0) {
        size_t cap = s->nmg ? s->nmg * 2 : 16;
        merge *v = realloc(s->mg, cap * sizeof *v);
        if (!v) return KH_ERR_NOMEM;
        s->mg = v;
    }
    s->mg[s->nmg++] = m;
    return KH_OK;
}

static int merge_cmp(const void *a, const void *b)
{
    const merge *x = a, *y = b;
    return x->r1 < y->r1 ? -1 : x->r1 > y->r1;
}

/* Is the "mergeCell" at p the name of an element (<mergeCell or
 * <x:mergeCell followed by a space)? */
static int merge_tag(const char *buf, const char *p, const char *end)
{
    if (p + 9 >= end || (p[9] != ' ' && p[9] != '\t' && p[9] != '\n' &&
                         p[9] != '\r'))
        return 0;
    if (p == buf) return 0;
    const char *q = p - 1;
    if (*q == '<') return 1;
    if (*q != ':') return 0;
    while (q > buf && (q[-1] == '_' || (q[-1] >= 'a' && q[-1] <= 'z') ||
                       (q[-1] >= 'A' && q[-1] <= 'Z') ||
                       (q[-1] >= '0' && q[-1] <= '9')))
        q--;
    return q > buf && q[-1] == '<';
}

/*
 * The merged ranges of the worksheet. They follow the cells in the part
 * (<mergeCells> comes after <sheetData>), so the part is read once
 * through before the rows, looking only for <mergeCell ref="..."/>
 * elements (cell text cannot hold a raw '<', so a match is markup).
 */
static int load_merges(xlsx_src *s, kh_error *err)
{
    zip_file_t *zf = zip_fopen(s->za, s->sheet, ZIP_FL_NOCASE);
    if (!zf) {
        zip_error_t *ze = zip_get_error(s->za);
        return zip_fail(err, zip_error_code_zip(ze), zip_strerror(s->za));
    }
    char *buf = malloc(CHUNK + MERGE_KEEP);
    size_t have = 0;
    int rc = buf ? KH_OK : kh_error_nomem(err);
    while (!rc) {
        zip_int64_t n = zip_fread(zf, buf + have, CHUNK);
        if (n < 0) break; /* the rows' reading meets it, at its row */
        have += (size_t)n;
        const char *end = buf + have, *at = buf;
        for (;;) {
            const char *p = find_bytes(at, (size_t)(end - at), "mergeCell", 9);
            if (!p) break;
            const char *gt = memchr(p, '>', (size_t)(end - p));
            if (!gt && n > 0 && end - p < MERGE_KEEP) break; /* next chunk */
            if (gt && merge_tag(buf, p, end)) {
                const char *r = p + 9;
                while (r < gt) {
                    const char *a = find_bytes(r, (size_t)(gt - r), "ref=", 4);
                    if (!a) break;
                    if (a[-1] != ' ' && a[-1] != '\t' && a[-1] != '\n' &&
                        a[-1] != '\r') {
                        r = a + 4;
                        continue;
                    }
                    char q = a[4];
                    const char *v = a + 5;
                    const char *ve =
                        (q == '"' || q == '\'') && v < gt
                            ? memchr(v, q, (size_t)(gt - v))
                            : NULL;
                    if (ve && add_merge(s, v, (size_t)(ve - v)))
                        rc = kh_error_nomem(err);
                    break;
                }
            }
            at = p + 9;
        }
        if (rc || n == 0) break;
        /* Carry what may hold an element cut by the chunk's end. */
        size_t keep_from = (size_t)(at - buf);
        if (have > MERGE_KEEP && keep_from < have - MERGE_KEEP)
            keep_from = have - MERGE_KEEP;
        memmove(buf, buf + keep_from, have - keep_from);
        have -= keep_from;
    }
    free(buf);
    zip_fclose(zf);
    if (!rc && s->nmg > 1) qsort(s->mg, s->nmg, sizeof *s->mg, merge_cmp);
    return rc;
}

static int xlsx_rewind(table_src *base, kh_error *err)
{
    xlsx_src *s = (xlsx_src *)base;
    sheet_close(s);
    int rc = sheet_open(s, err);
    if (rc) { /* no stream to read: next() repeats this error */
        s->failed = rc;
        if (err)
            s->ferr = *err;
        else
            fail2(&s->ferr, rc, "xlsx_corrupt", 0, "无法重新打开工作表",
                  "cannot reopen the worksheet");
    }
    return rc;
}

static int xlsx_select(table_src *base, size_t i, kh_error *err)
{
    xlsx_src *s = (xlsx_src *)base;
    if (i >= s->base.nsheets)
        return kh_error_set(err, KH_ERR_USAGE, "sheet_missing",
                            "工作簿只有 %zu 个工作表",
                            "the workbook has %zu worksheets",
                            s->base.nsheets);
    sheet_close(s);
    char *m = strdup(s->sheets[i]);
    if (!m) return kh_error_nomem(err);
    free(s->sheet);
    s->sheet = m;
    for (size_t k = 0; k < s->nmg; k++) free(s->mg[k].val);
    s->nmg = s->mnext = s->nact = 0;
    int rc = load_merges(s, err);
    if (!rc) rc = sheet_open(s, err);
    if (rc) {
        s->failed = rc;
        if (err) s->ferr = *err;
    }
    return rc;
}

static const char *xlsx_sheet_name(table_src *base, size_t i)
{
    xlsx_src *s = (xlsx_src *)base;
    return i < s->base.nsheets && s->names ? s->names[i] : "";
}

static void xlsx_close(table_src *base)
{
    xlsx_src *s = (xlsx_src *)base;
    if (!s) return;
    sheet_close(s);
    if (s->za) zip_discard(s->za);
    free(s->sheet);
    for (size_t i = 0; i < s->base.nsheets; i++) {
        free(s->sheets[i]);
        if (s->names) free(s->names[i]);
    }
    free(s->sheets);
    free(s->names);
    free(s->chunk);
    kh_buf_free(&s->sst);
    free(s->sst_off);
    free(s->sst_big);
    free(s->xf);
    kh_buf_free(&s->val);
    kh_buf_free(&s->text);
    free(s->pc);
    free(s->cells);
    free(s->nums);
    for (size_t i = 0; i < s->nmg; i++) free(s->mg[i].val);
    free(s->mg);
    free(s->act);
    free(s);
}

int xlsx_src_open(const char *path, table_src **out, kh_error *err)
{
    char *sst = NULL, *styles = NULL;
    int ze = 0, rc;

    *out = NULL;
    xlsx_src *s = calloc(1, sizeof *s);
    if (!s) return kh_error_nomem(err);
    s->base.kind = "xlsx";
    s->base.encoding = KH_ENC_UTF8;
    s->base.next = xlsx_next;
    s->base.rewind = xlsx_rewind;
    s->base.select = xlsx_select;
    s->base.sheet_name = xlsx_sheet_name;
    s->base.close = xlsx_close;
    kh_buf_init(&s->sst, SST_MAX);
    kh_buf_init(&s->val, KH_TABLE_MAX_FIELD);
    /* Cells plus their NUL separators. */
    kh_buf_init(&s->text, (size_t)KH_TABLE_MAX_ROW + KH_TABLE_MAX_COLS);
    if (!(s->chunk = malloc(CHUNK))) {
        rc = kh_error_nomem(err);
        goto fail;
    }
    if (!(s->za = zip_open(path, ZIP_RDONLY, &ze))) {
        rc = zip_fail_code(err, ze);
        goto fail;
    }
    if ((rc = load_workbook(s, &sst, &styles, err)) ||
        (rc = load_styles(s, styles, err)) || (rc = load_sst(s, sst, err)) ||
        (rc = load_merges(s, err)) || (rc = sheet_open(s, err)))
        goto fail;
    free(sst);
    free(styles);
    *out = &s->base;
    return KH_OK;
fail:
    free(sst);
    free(styles);
    xlsx_close(&s->base);
    return rc;
}
