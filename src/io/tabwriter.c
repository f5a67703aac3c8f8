/* SPDX-License-Identifier: MIT */
/*
 * tabwriter.c - writing tables as CSV (RFC 4180, CRLF, UTF-8 with or
 * without BOM, or GB18030) or XLSX (libxlsxwriter in constant-memory mode,
 * so that a million-row sheet is written with flat memory). Output goes to
 * "<path>.tmp.XXXXXX" beside the target, is fsynced, and is renamed over
 * the target only by kh_tabwriter_close(); an abandoned writer removes it,
 * so a reader never sees half a file. Text that a spreadsheet would run as
 * a formula gets a leading single quote in CSV (kh_cell_needs_guard) and is
 * always a string cell in XLSX.
 *
 * An XLSX sheet holds at most 1,048,576 rows. When a sheet is full the
 * writer carries on in a new sheet named "<name>_2" (then "_3", ...; the
 * name is shortened to keep within Excel's 31 characters), which starts by
 * repeating the sheet's header row if its first row was one ('h' cells),
 * and gets the same column widths.
 */
#include "kaohe/date.h"
#include "kaohe/tabwriter.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "kaohe/afile.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"

#define XLSX_STR_MAX 32767 /* characters in one cell, Excel's limit */
#define SHEET_NAME_MAX 31  /* characters */

struct kh_tabwriter {
    int format, encoding;
    int failed; /* status of an earlier failure: nothing more is written */
    char *path;
    char *tmp; /* NULL when writing to stdout */
    int sheets;

    /* CSV */
    FILE *fp;
    kh_buf line, conv;
    kh_iconv *cv;

    /* XLSX */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_worksheet **all; /* every sheet, to release them on abandon */
    size_t nall;
    lxw_format *bold;
    lxw_format *date; /* 'd' cells: yyyy-mm-dd */
    lxw_format *sep2; /* 'n' cells written with separators: #,##0.00 */
    lxw_format *sep0; /* and without decimals: #,##0 */
    char *name; /* the sheet's name as first created */
    int part;   /* 1, then 2 for "<name>_2", ... */
    lxw_row_t nrow;
    char **head; /* header row to repeat on continuation sheets */
    char *htypes;
    size_t nhead;
    double *width;
    size_t nwidth;
};

/* ---- errors -------------------------------------------------------------- */


static int io_fail(kh_error *err, const char *path, int e)
{
    return kh_error_set(err, KH_ERR_IO, "io", "写入 %s 失败：%s",
                        "cannot write %s: %s", path, strerror(e));
}

static int lxw_fail(kh_error *err, const char *path, lxw_error e)
{
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED) return kh_error_nomem(err);
    return kh_error_set(err, KH_ERR_IO, "io", "写入 %s 失败：%s",
                        "cannot write %s: %s", path, lxw_strerror(e));
}

static int earlier_failure(kh_tabwriter *w, kh_error *err)
{
    return kh_error_set(
        err, w->failed, "writer_failed", "之前的写入已失败，%s 不会生成",
        "an earlier write failed; %s will not be written", w->path);
}

/* ---- cells --------------------------------------------------------------- */

static int guard_char(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
           c == '\r';
}

/* [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)? */
static int plain_number(const char *s, size_t n)
{
    size_t i = 0, d = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        d++;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            d++;
    if (d == 0) return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            e++;
        if (e == 0) return 0;
    }
    return i == n;
}

/*
 * Text starting with = + - @ tab or CR that is not a plain number needs
 * the guard. So does text that already starts with quotes followed by one
 * of those characters: the reader strips one quote from such a cell, and
 * the guard's extra quote is what lets it come back unchanged.
 */
int kh_cell_needs_guard(const char *s, size_t len)
{
    size_t q = 0;
    if (!s) return 0;
    while (q < len && s[q] == '\'')
        q++;
    if (q == len || !guard_char(s[q])) return 0;
    return q > 0 || !plain_number(s, len);
}

/*
 * The inverse of the guard: a leading quote followed by = + - @ (or tab or
 * CR, which the guard also protects), possibly after further quotes, is
 * dropped.
 */
size_t kh_cell_unescape(char *s, size_t len)
{
    size_t q = 0;
    if (!s || len < 2 || s[0] != '\'') return len;
    while (q < len && s[q] == '\'')
        q++;
    if (q == len || !guard_char(s[q])) return len;
    memmove(s, s + 1, len - 1);
    s[len - 1] = '\0';
    return len - 1;
}

/* An 'n' cell that can be stored as an XLSX number and read back the same:
 * -?digits[.digits], no superfluous leading zero (so codes like "007" stay
 * text), at most 15 significant digits (what a double keeps). */
static int xlsx_number(const char *s)
{
    size_t i = 0, sig = 0, pending0 = 0;
    int lead = 1;
    if (s[i] == '-') i++;
    if (s[i] < '0' || s[i] > '9') return 0;
    if (s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9') return 0;
    for (; s[i]; i++) {
        if (s[i] == '.') {
            if (s[i + 1] < '0' || s[i + 1] > '9' || strchr(s + i + 1, '.'))
                return 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9') return 0;
        if (s[i] == '0') {
            if (!lead) pending0++;
        } else {
            sig += pending0 + 1;
            pending0 = 0;
            lead = 0;
        }
    }
    return sig <= 15;
}

/* A number as documents print it, with separators in groups of three
 * ("1,234,567.89", "33,663"): the digits without them into out (64
 * bytes), and *decimals 1 when it has two decimals; 0 when s is not one. */
static int grouped_number(const char *s, char out[64], int *decimals)
{
    size_t n = strlen(s), o = 0, i = 0;
    if (n < 5 || n >= 60 || !strchr(s, ',')) return 0;
    if (s[i] == '-') out[o++] = s[i++];
    size_t dot = n >= 3 && s[n - 3] == '.' ? n - 3 : n;
    *decimals = dot < n;
    size_t digits = 0;
    for (size_t k = i; k < dot; k++) {
        /* a separator every three digits counted from the dot */
        if ((dot - k) % 4 == 0) {
            if (s[k] != ',') return 0;
            continue;
        }
        if (s[k] < '0' || s[k] > '9') return 0;
        out[o++] = s[k];
        digits++;
    }
    if (!digits || s[i] == ',') return 0;
    memcpy(out + o, s + dot, n - dot + 1);
    return xlsx_number(out);
}

/* Does p start with what OOXML reads as an escape, _xHHHH_? */
static int looks_escaped(const char *p)
{
    if (p[0] != '_' || p[1] != 'x') return 0;
    for (int i = 2; i < 6; i++)
        if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i]) return 0;
    return p[6] == '_';
}

static size_t count_escapes(const char *s)
{
    size_t n = 0;
    for (const char *p = strstr(s, "_x"); p; p = strstr(p + 1, "_x"))
        n += (size_t)looks_escaped(p);
    return n;
}

/*
 * libxlsxwriter writes control characters as _xHHHH_ but leaves text that
 * already looks like such an escape alone, and a reader (Excel as well as
 * kaohe) would decode it. Escape its underscore as _x005F_, as Excel
 * does. Returns NULL when nothing needs escaping (or out of memory, which
 * the caller tells apart by count).
 */
static char *escape_x(const char *s, size_t count)
{
    size_t n = strlen(s), o = 0;
    char *out = malloc(n + count * 6 + 1);
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        if (looks_escaped(s + i)) {
            memcpy(out + o, "_x005F", 6);
            o += 6;
        }
        out[o++] = s[i];
    }
    out[o] = '\0';
    return out;
}

static int needs_quotes(const char *s, size_t n)
{
    if (n == 0) return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return 1;
    return 0;
}

static int csv_cell(kh_buf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    int quote = needs_quotes(s, n), rc = KH_OK;
    if (n == 0) return KH_OK;
    if (quote) rc = kh_buf_addc(b, '"');
    if (!rc && kh_cell_needs_guard(s, n)) rc = kh_buf_addc(b, '\'');
    if (!rc && !quote) return kh_buf_add(b, s, n);
    for (size_t i = 0; !rc && i < n; i++) {
        if (s[i] == '"') rc = kh_buf_addc(b, '"');
        if (!rc) rc = kh_buf_addc(b, s[i]);
    }
    if (!rc) rc = kh_buf_addc(b, '"');
    return rc;
}

static int check_utf8(const char *const *cells, size_t n, kh_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!cells[i]) continue;
        size_t len = strlen(cells[i]), partial = 0;
        if (kh_utf8_valid_prefix(cells[i], len, &partial) != len || partial)
            return kh_error_set(err, KH_ERR_FORMAT, "encoding",
                                "第 %zu 列的内容不是有效的 UTF-8 文本",
                                "column %zu is not valid UTF-8 text", i + 1);
    }
    return KH_OK;
}

/* ---- files --------------------------------------------------------------- */

static int make_temp(kh_tabwriter *w, int *fd, kh_error *err)
{
    static const char suffix[] = ".tmp.XXXXXX";
    size_t n = strlen(w->path);
    if (!(w->tmp = malloc(n + sizeof suffix))) return kh_error_nomem(err);
    memcpy(w->tmp, w->path, n);
    memcpy(w->tmp + n, suffix, sizeof suffix);
    *fd = mkstemp(w->tmp);
    if (*fd < 0) {
        int e = errno;
        free(w->tmp);
        w->tmp = NULL;
        return kh_error_set(err, KH_ERR_IO, "io",
                            "无法在 %s 旁创建临时文件：%s",
                            "cannot create a temporary file beside %s: %s",
                            w->path, strerror(e));
    }
    return KH_OK;
}

/* Give the complete temporary file its final mode and put it on disk. */
static int make_durable(kh_tabwriter *w, int fd, kh_error *err)
{
    if (fchmod(fd, kh_afile_mode(w->path)) != 0 || fsync(fd) != 0)
        return io_fail(err, w->path, errno);
    return KH_OK;
}

/* The temporary file is durable and closed: move it over the target. */
static int move_into_place(kh_tabwriter *w, kh_error *err)
{
    if (rename(w->tmp, w->path) != 0) return io_fail(err, w->path, errno);
    free(w->tmp);
    w->tmp = NULL; /* it is the target now */
    kh_afile_sync_dir(w->path);
    return KH_OK;
}

/* ---- XLSX sheets --------------------------------------------------------- */

static void free_head(kh_tabwriter *w)
{
    for (size_t i = 0; i < w->nhead; i++)
        free(w->head[i]);
    free(w->head);
    free(w->htypes);
    w->head = NULL;
    w->htypes = NULL;
    w->nhead = 0;
}

static int add_worksheet(kh_tabwriter *w, const char *name, kh_error *err)
{
    if (name) {
        lxw_error e = workbook_validate_sheet_name(w->wb, name);
        if (e != LXW_NO_ERROR)
            return kh_error_set(
                err, KH_ERR_USAGE, "sheet_name", "工作表名“%s”无效：%s",
                "invalid sheet name '%s': %s", name, lxw_strerror(e));
    }
    lxw_worksheet **all = realloc(w->all, (w->nall + 1) * sizeof *all);
    if (!all) return kh_error_nomem(err);
    w->all = all;
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
    if (!ws) return kh_error_nomem(err);
    w->all[w->nall++] = ws;
    w->ws = ws;
    w->nrow = 0;
    for (size_t c = 0; c < w->nwidth; c++)
        if (w->width[c] > 0)
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w->width[c],
                                 NULL);
    return KH_OK;
}

/* The first n UTF-8 characters of s: their length in bytes. */
static size_t utf8_prefix(const char *s, size_t chars)
{
    size_t i = 0;
    while (s[i] && chars > 0) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
        chars--;
    }
    return i;
}

/* Continue a full sheet on "<name>_2", "<name>_3", ... */
static int next_part(kh_tabwriter *w, kh_error *err)
{
    char name[SHEET_NAME_MAX * 4 + 1];
    for (int k = w->part + 1; k < 10000; k++) {
        char suffix[8];
        int sl = snprintf(suffix, sizeof suffix, "_%d", k);
        size_t keep = utf8_prefix(w->name, SHEET_NAME_MAX - (size_t)sl);
        memcpy(name, w->name, keep);
        memcpy(name + keep, suffix, (size_t)sl + 1);
        if (workbook_validate_sheet_name(w->wb, name) != LXW_NO_ERROR) continue;
        int rc = add_worksheet(w, name, err);
        if (rc) return rc;
        w->part = k;
        return KH_OK;
    }
    return kh_error_set(err, KH_ERR_LIMIT, "too_many_rows",
                        "工作表“%s”的行数过多", "too many rows for sheet '%s'",
                        w->name);
}

static int write_row(kh_tabwriter *w, const char *const *cells,
                     const char *types, size_t n, kh_error *err)
{
    size_t nt = types ? strnlen(types, n) : 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i];
        char t = i < nt ? types[i] : 's';
        lxw_error e;
        if (!s || !*s) continue;
        int y, mo, d;
        char plain[64];
        int dec;
        if (t == 'n' && grouped_number(s, plain, &dec)) {
            e = worksheet_write_number(w->ws, w->nrow, (lxw_col_t)i,
                                       strtod(plain, NULL),
                                       dec ? w->sep2 : w->sep0);
        } else if (t == 'n' && xlsx_number(s)) {
            e = worksheet_write_number(w->ws, w->nrow, (lxw_col_t)i,
                                       strtod(s, NULL), NULL);
        } else if (t == 'd' && strlen(s) == 10 &&
                   !kh_date_parse(s, 10, &y, &mo, &d)) {
            lxw_datetime dt = {y, mo, d, 0, 0, 0};
            e = worksheet_write_datetime(w->ws, w->nrow, (lxw_col_t)i, &dt,
                                         w->date);
        } else {
            size_t nx = count_escapes(s);
            char *x = nx ? escape_x(s, nx) : NULL;
            if (nx && !x) return kh_error_nomem(err);
            e = worksheet_write_string(w->ws, w->nrow, (lxw_col_t)i, x ? x : s,
                                       t == 'h' ? w->bold : NULL);
            free(x);
        }
        if (e != LXW_NO_ERROR) return lxw_fail(err, w->path, e);
    }
    w->nrow++;
    return KH_OK;
}

static int keep_head(kh_tabwriter *w, const char *const *cells,
                     const char *types, size_t n, kh_error *err)
{
    size_t nt = strnlen(types, n);
    w->head = calloc(n ? n : 1, sizeof *w->head);
    w->htypes = calloc(n + 1, 1);
    if (!w->head || !w->htypes) return kh_error_nomem(err);
    w->nhead = n;
    for (size_t i = 0; i < n; i++) {
        w->htypes[i] = i < nt ? types[i] : 's';
        if (cells[i] && !(w->head[i] = strdup(cells[i]))) return kh_error_nomem(err);
    }
    return KH_OK;
}

static int xlsx_row(kh_tabwriter *w, const char *const *cells,
                    const char *types, size_t n, kh_error *err)
{
    size_t nt = types ? strnlen(types, n) : 0;
    int header = 0, rc;

    if (n > LXW_COL_MAX)
        return kh_error_set(err, KH_ERR_LIMIT, "too_many_columns",
                            "一行有 %zu 列，超过 XLSX 的 %d 列上限",
                            "%zu columns exceed the XLSX limit of %d", n,
                            LXW_COL_MAX);
    for (size_t i = 0; i < n; i++) {
        if (i < nt && types[i] == 'h') header = 1;
        if (cells[i] &&
            lxw_utf8_strlen(cells[i]) + 6 * count_escapes(cells[i]) >
                XLSX_STR_MAX)
            return kh_error_set(err, KH_ERR_LIMIT, "field_too_long",
                                "第 %zu 列超过 XLSX 单元格 %d 个字符的上限",
                                "column %zu exceeds the XLSX cell limit of "
                                "%d characters",
                                i + 1, XLSX_STR_MAX);
    }
    if (w->nrow == LXW_ROW_MAX) {
        if ((rc = next_part(w, err))) return rc;
        if (w->head && (rc = write_row(w, (const char *const *)w->head,
                                       w->htypes, w->nhead, err)))
            return rc;
    }
    if (header && w->nrow == 0 && w->part == 1 && !w->head &&
        (rc = keep_head(w, cells, types, n, err)))
        return rc;
    return write_row(w, cells, types, n, err);
}

/* ---- CSV rows ------------------------------------------------------------ */

static int csv_row(kh_tabwriter *w, const char *const *cells, size_t n,
                   kh_error *err)
{
    int rc = KH_OK;
    kh_buf_reset(&w->line);
    for (size_t i = 0; !rc && i < n; i++) {
        if (i) rc = kh_buf_addc(&w->line, ',');
        if (!rc) rc = csv_cell(&w->line, cells[i]);
    }
    if (!rc) rc = kh_buf_add(&w->line, "\r\n", 2);
    if (rc == KH_ERR_LIMIT)
        return kh_error_set(err, KH_ERR_LIMIT, "row_too_long", "一行超过 1 GiB",
                            "a row is longer than 1 GiB");
    if (rc) return kh_error_nomem(err);

    const char *p = w->line.data;
    size_t len = w->line.len;
    if (w->cv) {
        size_t used = 0;
        kh_buf_reset(&w->conv);
        rc = kh_iconv_run(w->cv, p, len, &used, &w->conv);
        if (rc == KH_ERR_NOMEM) return kh_error_nomem(err);
        if (rc || used != len)
            return kh_error_set(err, KH_ERR_FORMAT, "encoding",
                                "无法转换为 GB18030 编码",
                                "cannot convert the row to GB18030");
        p = w->conv.data;
        len = w->conv.len;
    }
    if (fwrite(p, 1, len, w->fp) != len) {
        w->failed = KH_ERR_IO;
        return io_fail(err, w->tmp ? w->path : "-", errno);
    }
    return KH_OK;
}

/* ---- the interface ------------------------------------------------------- */

int kh_tabwriter_open(const char *path, int format, int encoding,
                      kh_tabwriter **out, kh_error *err)
{
    int fd = -1, rc;

    *out = NULL;
    if (!path || !*path || (format != KH_TAB_CSV && format != KH_TAB_XLSX))
        return kh_error_set(err, KH_ERR_USAGE, "usage", "输出文件或格式无效",
                            "invalid output path or format");
    if (format == KH_TAB_CSV && encoding != KH_ENC_UTF8 &&
        encoding != KH_ENC_UTF8_BOM && encoding != KH_ENC_GB18030)
        return kh_error_set(err, KH_ERR_USAGE, "usage", "CSV 输出编码无效",
                            "invalid CSV encoding");
    if (format == KH_TAB_XLSX && strcmp(path, "-") == 0)
        return kh_error_set(err, KH_ERR_USAGE, "usage", "XLSX 不能写到标准输出",
                            "XLSX cannot be written to stdout");

    kh_tabwriter *w = calloc(1, sizeof *w);
    if (!w) return kh_error_nomem(err);
    w->format = format;
    w->encoding = format == KH_TAB_CSV ? encoding : KH_ENC_UTF8;
    w->part = 1;
    kh_buf_init(&w->line, 0);
    kh_buf_init(&w->conv, 0);
    if (!(w->path = strdup(path))) {
        rc = kh_error_nomem(err);
        goto fail;
    }

    if (format == KH_TAB_CSV) {
        if (strcmp(path, "-") == 0) {
            w->fp = stdout;
        } else {
            if ((rc = make_temp(w, &fd, err))) goto fail;
            if (!(w->fp = fdopen(fd, "wb"))) {
                rc = io_fail(err, path, errno);
                close(fd);
                goto fail;
            }
        }
        if (encoding == KH_ENC_GB18030 && (rc = kh_iconv_open(0, &w->cv, err)))
            goto fail;
        if (encoding == KH_ENC_UTF8_BOM &&
            fwrite("\xEF\xBB\xBF", 1, 3, w->fp) != 3) {
            rc = io_fail(err, path, errno);
            goto fail;
        }
    } else {
        lxw_workbook_options opt = {0};
        opt.constant_memory = LXW_TRUE; /* rows stream to a temp file */
        if ((rc = make_temp(w, &fd, err))) goto fail;
        close(fd); /* libxlsxwriter writes it at workbook_close */
        if (!(w->wb = workbook_new_opt(w->tmp, &opt)) ||
            !(w->bold = workbook_add_format(w->wb)) ||
            !(w->date = workbook_add_format(w->wb)) ||
            !(w->sep2 = workbook_add_format(w->wb)) ||
            !(w->sep0 = workbook_add_format(w->wb))) {
            rc = kh_error_nomem(err);
            goto fail;
        }
        format_set_bold(w->bold);
        format_set_num_format(w->date, "yyyy-mm-dd");
        format_set_num_format(w->sep2, "#,##0.00");
        format_set_num_format(w->sep0, "#,##0");
    }
    *out = w;
    return KH_OK;
fail:
    kh_tabwriter_free(w);
    return rc;
}

int kh_tabwriter_sheet(kh_tabwriter *w, const char *name, kh_error *err)
{
    if (!w)
        return kh_error_set(err, KH_ERR_USAGE, "usage", "无效参数",
                            "invalid argument");
    if (w->failed) return earlier_failure(w, err);
    if (w->format == KH_TAB_CSV) {
        if (w->sheets)
            return kh_error_set(err, KH_ERR_USAGE, "csv_one_sheet",
                                "CSV 文件只能有一张表",
                                "a CSV file holds only one sheet");
        w->sheets = 1;
        return KH_OK;
    }
    if (w->sheets) {
        /* Widths set before the first sheet apply to it; later ones to the
         * sheet current at the time. */
        free(w->width);
        w->width = NULL;
        w->nwidth = 0;
    }
    free_head(w);
    int rc = add_worksheet(w, name, err);
    if (rc) return rc;
    free(w->name);
    if (!(w->name = strdup(w->ws->name))) return kh_error_nomem(err);
    w->part = 1;
    w->sheets++;
    return KH_OK;
}

int kh_tabwriter_row(kh_tabwriter *w, const char *const *cells,
                     const char *types, size_t n, kh_error *err)
{
    int rc;
    if (!w || (n && !cells))
        return kh_error_set(err, KH_ERR_USAGE, "usage", "无效参数",
                            "invalid argument");
    if (w->failed) return earlier_failure(w, err);
    if (!w->sheets && (rc = kh_tabwriter_sheet(w, "Sheet1", err))) return rc;
    if ((rc = check_utf8(cells, n, err))) return rc;
    if (w->format == KH_TAB_CSV) return csv_row(w, cells, n, err);
    rc = xlsx_row(w, cells, types, n, err);
    /* A row may be half written: the file can no longer be trusted. */
    if (rc && rc != KH_ERR_LIMIT) w->failed = rc;
    return rc;
}

void kh_tabwriter_width(kh_tabwriter *w, size_t col, double width)
{
    if (!w || w->format != KH_TAB_XLSX || col >= LXW_COL_MAX || width < 0)
        return;
    if (col >= w->nwidth) {
        double *v = realloc(w->width, (col + 1) * sizeof *v);
        if (!v) return; /* cosmetic: the sheet keeps default widths */
        for (size_t i = w->nwidth; i <= col; i++)
            v[i] = 0;
        w->width = v;
        w->nwidth = col + 1;
    }
    w->width[col] = width;
    if (w->ws)
        worksheet_set_column(w->ws, (lxw_col_t)col, (lxw_col_t)col, width,
                             NULL);
}

static int close_csv(kh_tabwriter *w, kh_error *err)
{
    if (!w->tmp) { /* stdout */
        if (fflush(w->fp) != 0 || ferror(w->fp))
            return io_fail(err, "-", errno);
        return KH_OK;
    }
    if (fflush(w->fp) != 0 || ferror(w->fp))
        return io_fail(err, w->path, errno);
    int rc = make_durable(w, fileno(w->fp), err);
    FILE *fp = w->fp;
    w->fp = NULL;
    if (fclose(fp) != 0 && rc == KH_OK) rc = io_fail(err, w->path, errno);
    return rc ? rc : move_into_place(w, err);
}

static int close_xlsx(kh_tabwriter *w, kh_error *err)
{
    int rc;
    if (!w->sheets && (rc = kh_tabwriter_sheet(w, "Sheet1", err))) return rc;
    lxw_workbook *wb = w->wb;
    w->wb = NULL; /* workbook_close frees it, whatever happens */
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) return lxw_fail(err, w->path, e);
    int fd = open(w->tmp, O_RDONLY);
    if (fd < 0) return io_fail(err, w->path, errno);
    rc = make_durable(w, fd, err);
    close(fd);
    return rc ? rc : move_into_place(w, err);
}

int kh_tabwriter_close(kh_tabwriter *w, kh_error *err)
{
    int rc;
    if (!w)
        return kh_error_set(err, KH_ERR_USAGE, "usage", "无效参数",
                            "invalid argument");
    if (w->failed)
        rc = earlier_failure(w, err);
    else if (w->format == KH_TAB_CSV)
        rc = close_csv(w, err);
    else
        rc = close_xlsx(w, err);
    kh_tabwriter_free(w); /* removes the temporary file if still there */
    return rc;
}

void kh_tabwriter_free(kh_tabwriter *w)
{
    if (!w) return;
    if (w->fp && w->fp != stdout) fclose(w->fp);
    if (w->wb) {
        /* In constant-memory mode each sheet's rows wait in a tmpfile()
         * that only workbook_close() closes; lxw_workbook_free() leaks it. */
        for (size_t i = 0; i < w->nall; i++) {
            if (!w->all[i]->optimize_tmpfile) continue;
            fclose(w->all[i]->optimize_tmpfile);
            if (w->all[i]->file == w->all[i]->optimize_tmpfile)
                w->all[i]->file = NULL;
            w->all[i]->optimize_tmpfile = NULL;
        }
        lxw_workbook_free(w->wb);
    }
    free(w->all);
    if (w->tmp) {
        unlink(w->tmp);
        free(w->tmp);
    }
    if (w->cv) kh_iconv_free(w->cv);
    kh_buf_free(&w->line);
    kh_buf_free(&w->conv);
    free_head(w);
    free(w->width);
    free(w->name);
    free(w->path);
    free(w);
}

void kh_tabwriter_freeze(kh_tabwriter *w, size_t rows, size_t cols)
{
    if (!w || w->format != KH_TAB_XLSX || !w->ws) return;
    worksheet_freeze_panes(w->ws, (lxw_row_t)rows, (lxw_col_t)cols);
}
