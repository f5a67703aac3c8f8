/* SPDX-License-Identifier: MIT */
/*
 * csv_read.c - the CSV sheet reader: RFC 4180 records (quoted fields with
 * embedded commas, quotes and newlines; CRLF, LF or CR line ends), comma or
 * tab separated, in UTF-8 (BOM or not) or GB18030/GBK, detected from the
 * first mebibyte. It streams: memory holds one chunk and one record.
 *
 * libcsv was considered (DESIGN.md) but does not report the physical line
 * a record starts on, which every finding needs; this reader is a small
 * state machine that does, and that enforces the size limits of table.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/table_int.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/tabwriter.h"

#define CHUNK (1u << 20)

enum { ST_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_IN_QUOTED };

typedef struct csv_src {
    table_src base;
    FILE *fp;
    char sep;
    kh_iconv *cv;     /* GB18030 decoder, or NULL for UTF-8 */
    char *raw;        /* raw bytes read, not yet decoded */
    size_t raw_len;
    kh_buf dec;       /* decoded, validated UTF-8 waiting to be parsed */
    size_t dec_pos;
    int raw_eof;      /* the file is fully read */
    int bad_pending;  /* invalid bytes follow the decoded data */
    int first_chunk;
    /* parser */
    int state;
    long line;        /* physical line of the current position */
    long rec_line;    /* line the current record started on */
    long quote_line;  /* line a quoted field opened on */
    kh_buf fields;    /* cells of the record, each NUL-terminated */
    size_t *starts;
    size_t nstarts, capstarts;
    size_t field_start;
    kh_cell *cells;
    size_t capcells;
    int prev_cr;      /* last char was CR (so a following LF is no line) */
} csv_src;

static int set_err(kh_error *err, int status, const char *code, long line,
                   const char *zh, const char *en)
{
    if (!err) return status;
    kh_error_msg(err, status, code, zh, en);
    err->line = line;
    return status;
}

/* Read and decode one more chunk into s->dec. */
static int refill(csv_src *s, kh_error *err)
{
    if (s->dec_pos > 0) {
        memmove(s->dec.data, s->dec.data + s->dec_pos, s->dec.len - s->dec_pos);
        s->dec.len -= s->dec_pos;
        s->dec_pos = 0;
    }
    if (s->raw_eof) return KH_OK;
    size_t got = fread(s->raw + s->raw_len, 1, CHUNK, s->fp);
    if (got < CHUNK) {
        if (ferror(s->fp))
            return set_err(err, KH_ERR_IO, "io", s->line, "读取文件失败",
                           "cannot read the file");
        s->raw_eof = 1;
    }
    s->raw_len += got;
    s->base.done += (long long)got;
    char *p = s->raw;
    size_t n = s->raw_len;
    if (s->first_chunk) {
        s->first_chunk = 0;
        size_t bad;
        int enc = kh_encoding_detect(p, n, s->raw_eof, &bad);
        if (enc == KH_ENC_UNKNOWN) {
            /* Neither decodes the whole sample. When one of them decodes
             * at least the first line, read with it: the bad bytes are
             * then reported at their own line (a mixed or truncated
             * file), not as an unreadable file. */
            size_t partial;
            size_t u = kh_utf8_valid_prefix(p, n, &partial);
            size_t g = kh_gb18030_valid_prefix(p, n, &partial);
            size_t best = u >= g ? u : g;
            if (memchr(p, '\n', best)) enc = u >= g ? KH_ENC_UTF8 : KH_ENC_GB18030;
        }
        if (enc == KH_ENC_UNKNOWN) {
            s->base.encoding = KH_ENC_UNKNOWN;
            return set_err(err, KH_ERR_FORMAT, "encoding", 1,
                           "文件编码无法识别:既不是 UTF-8 也不是 GB18030/GBK"
                           "(可能是二进制文件)",
                           "unrecognised encoding: neither UTF-8 nor "
                           "GB18030/GBK (binary file?)");
        }
        s->base.encoding = enc;
        if (enc == KH_ENC_UTF8_BOM) {
            p += 3;
            n -= 3;
        }
        if (enc == KH_ENC_GB18030) {
            int rc = kh_iconv_open(1, &s->cv, err);
            if (rc) return rc;
        }
    }
    size_t used = 0, partial = 0;
    if (s->cv) {
        int rc = kh_iconv_run(s->cv, p, n, &used, &s->dec);
        if (rc == KH_ERR_FORMAT) s->bad_pending = 1;
        else if (rc) return set_err(err, rc, "nomem", s->line, "内存不足",
                                    "out of memory");
        partial = n - used;
    } else {
        used = kh_utf8_valid_prefix(p, n, &partial);
        if (used + partial != n) s->bad_pending = 1;
        int rc = kh_buf_add(&s->dec, p, used);
        if (rc) return set_err(err, rc, "nomem", s->line, "内存不足",
                               "out of memory");
    }
    if (s->raw_eof && !s->bad_pending && n - used > 0) s->bad_pending = 1;
    /* Keep the undecoded tail for the next chunk. */
    memmove(s->raw, p + used, n - used);
    s->raw_len = n - used;
    if (s->bad_pending) s->raw_eof = 1;
    return KH_OK;
}

static int push_start(csv_src *s)
{
    if (s->nstarts == s->capstarts) {
        size_t cap = s->capstarts ? s->capstarts * 2 : 64;
        size_t *p = realloc(s->starts, cap * sizeof *p);
        if (!p) return KH_ERR_NOMEM;
        s->starts = p;
        s->capstarts = cap;
    }
    s->starts[s->nstarts++] = s->field_start;
    return KH_OK;
}

/* End the current field: terminate it and start the next. */
static int end_field(csv_src *s, kh_error *err)
{
    if (s->fields.len - s->field_start > KH_TABLE_MAX_FIELD)
        return set_err(err, KH_ERR_LIMIT, "line_too_long", s->rec_line,
                       "单元格超过 1 MiB", "a cell is longer than 1 MiB");
    if (s->nstarts >= KH_TABLE_MAX_COLS)
        return set_err(err, KH_ERR_LIMIT, "line_too_long", s->rec_line,
                       "列数超过 1024", "more than 1024 columns");
    int rc = push_start(s);
    if (!rc) rc = kh_buf_addc(&s->fields, '\0');
    if (rc)
        return set_err(err, rc, "line_too_long", s->rec_line,
                       "记录过长或内存不足",
                       "record too long or out of memory");
    s->field_start = s->fields.len;
    return KH_OK;
}

static int finish_record(csv_src *s, kh_row *row, kh_error *err)
{
    if (s->nstarts > s->capcells) {
        kh_cell *c = realloc(s->cells, s->nstarts * sizeof *c);
        if (!c)
            return set_err(err, KH_ERR_NOMEM, "nomem", s->rec_line,
                           "内存不足", "out of memory");
        s->cells = c;
        s->capcells = s->nstarts;
    }
    for (size_t i = 0; i < s->nstarts; i++) {
        size_t end = i + 1 < s->nstarts ? s->starts[i + 1] - 1 : s->fields.len - 1;
        char *p = s->fields.data + s->starts[i];
        size_t len = end - s->starts[i];
        if (len && p[0] == '\'') len = kh_cell_unescape(p, len);
        s->cells[i].s = p;
        s->cells[i].len = len;
    }
    row->cells = s->cells;
    row->n = s->nstarts;
    row->line = s->rec_line;
    return KH_OK;
}

static void new_record(csv_src *s)
{
    kh_buf_reset(&s->fields);
    s->nstarts = 0;
    s->field_start = 0;
    s->state = ST_START;
    s->rec_line = s->line;
}

static int csv_next(table_src *base, kh_row *row, int *eof, kh_error *err)
{
    csv_src *s = (csv_src *)base;
    int rc;
    *eof = 0;
    new_record(s);
    for (;;) {
        if (s->dec_pos >= s->dec.len) {
            if (s->bad_pending)
                return set_err(err, KH_ERR_FORMAT, "encoding", s->line,
                               s->cv ? "无效的 GB18030 字节序列"
                                     : "无效的 UTF-8 字节序列(文件编码混杂?)",
                               s->cv ? "invalid GB18030 byte sequence"
                                     : "invalid UTF-8 byte sequence (mixed "
                                       "encodings?)");
            if (s->raw_eof && s->raw_len == 0) {
                /* End of input. */
                if (s->state == ST_QUOTED)
                    return set_err(err, KH_ERR_FORMAT, "quote_unbalanced",
                                   s->quote_line,
                                   "引号不配对:带引号的字段直到文件末尾仍未结束",
                                   "unbalanced quote: a quoted field is "
                                   "still open at the end of the file");
                if (s->state == ST_START && s->nstarts == 0 &&
                    s->fields.len == 0) {
                    *eof = 1;
                    return KH_OK;
                }
                if ((rc = end_field(s, err))) return rc;
                return finish_record(s, row, err);
            }
            if ((rc = refill(s, err))) return rc;
            continue;
        }
        const char *d = s->dec.data;
        size_t n = s->dec.len, i = s->dec_pos;
        while (i < n) {
            char c = d[i];
            if (c == '\0')
                return set_err(err, KH_ERR_FORMAT, "nul_byte", s->line,
                               "文件含有 NUL 字节(二进制内容)",
                               "the file contains a NUL byte (binary data)");
            if (s->prev_cr) {
                s->prev_cr = 0;
                if (c == '\n' && s->state != ST_QUOTED) {
                    i++;
                    continue;
                }
            }
            switch (s->state) {
            case ST_START:
                if (c == '"') {
                    s->state = ST_QUOTED;
                    s->quote_line = s->line;
                    i++;
                    continue;
                }
                s->state = ST_UNQUOTED;
                /* fall through */
            case ST_UNQUOTED: {
                size_t j = i;
                while (j < n && d[j] != s->sep && d[j] != '\n' &&
                       d[j] != '\r' && d[j] != '\0')
                    j++;
                if (j > i && kh_buf_add(&s->fields, d + i, j - i))
                    return set_err(err, KH_ERR_LIMIT, "line_too_long",
                                   s->rec_line, "记录超过 4 MiB",
                                   "a record is longer than 4 MiB");
                i = j;
                if (i >= n || d[i] == '\0') continue;
                c = d[i++];
                if ((rc = end_field(s, err))) return rc;
                s->state = ST_START;
                if (c == s->sep) continue;
                s->line++;
                if (c == '\r') s->prev_cr = 1;
                s->dec_pos = i;
                return finish_record(s, row, err);
            }
            case ST_QUOTED: {
                size_t j = i;
                while (j < n && d[j] != '"' && d[j] != '\n' && d[j] != '\r' &&
                       d[j] != '\0')
                    j++;
                if (j > i && kh_buf_add(&s->fields, d + i, j - i))
                    return set_err(err, KH_ERR_LIMIT, "line_too_long",
                                   s->rec_line, "记录超过 4 MiB",
                                   "a record is longer than 4 MiB");
                i = j;
                if (i >= n || d[i] == '\0') continue;
                c = d[i++];
                if (c == '"') {
                    s->state = ST_QUOTE_IN_QUOTED;
                    continue;
                }
                /* A line break inside a quoted field is data. */
                if (c == '\r' && i < n && d[i] == '\n') {
                    if (kh_buf_add(&s->fields, "\r\n", 2))
                        return KH_ERR_LIMIT;
                    i++;
                } else if (kh_buf_addc(&s->fields, c)) {
                    return set_err(err, KH_ERR_LIMIT, "line_too_long",
                                   s->rec_line, "记录超过 4 MiB",
                                   "a record is longer than 4 MiB");
                }
                s->line++;
                continue;
            }
            case ST_QUOTE_IN_QUOTED:
                if (c == '"') {
                    if (kh_buf_addc(&s->fields, '"')) return KH_ERR_LIMIT;
                    s->state = ST_QUOTED;
                    i++;
                    continue;
                }
                /* The quote closed the field; anything up to the next
                 * separator is kept as written (lenient, as Excel). */
                s->state = ST_UNQUOTED;
                continue;
            }
        }
        s->dec_pos = i;
        if (s->fields.len > KH_TABLE_MAX_ROW)
            return set_err(err, KH_ERR_LIMIT, "line_too_long", s->rec_line,
                           "记录超过 4 MiB", "a record is longer than 4 MiB");
    }
}

static int csv_rewind(table_src *base, kh_error *err)
{
    csv_src *s = (csv_src *)base;
    if (fseek(s->fp, 0, SEEK_SET) != 0)
        return set_err(err, KH_ERR_IO, "io", 0, "无法重新读取文件",
                       "cannot rewind the file");
    kh_iconv_free(s->cv);
    s->cv = NULL;
    s->raw_len = 0;
    kh_buf_reset(&s->dec);
    s->dec_pos = 0;
    s->raw_eof = s->bad_pending = 0;
    s->first_chunk = 1;
    s->line = 1;
    s->prev_cr = 0;
    s->base.done = 0;
    return KH_OK;
}

static void csv_close(table_src *base)
{
    csv_src *s = (csv_src *)base;
    if (!s) return;
    if (s->fp) fclose(s->fp);
    kh_iconv_free(s->cv);
    free(s->raw);
    kh_buf_free(&s->dec);
    kh_buf_free(&s->fields);
    free(s->starts);
    free(s->cells);
    free(s);
}

/* Tab-separated files are accepted when the first line has tabs and no
 * commas outside quotes. */
static char sniff_sep(csv_src *s)
{
    const char *d = s->dec.data;
    size_t commas = 0, tabs = 0;
    int q = 0;
    for (size_t i = 0; i < s->dec.len && d[i] != '\n'; i++) {
        if (d[i] == '"') q = !q;
        else if (!q && d[i] == ',') commas++;
        else if (!q && d[i] == '\t') tabs++;
    }
    return tabs > 0 && commas == 0 ? '\t' : ',';
}

int csv_src_open(const char *path, table_src **out, kh_error *err)
{
    *out = NULL;
    csv_src *s = calloc(1, sizeof *s);
    if (!s) return set_err(err, KH_ERR_NOMEM, "nomem", 0, "内存不足", "out of memory");
    s->base.kind = "csv";
    s->base.next = csv_next;
    s->base.rewind = csv_rewind;
    s->base.close = csv_close;
    kh_buf_init(&s->dec, 0);
    kh_buf_init(&s->fields, KH_TABLE_MAX_ROW + 1024);
    s->raw = malloc(CHUNK + 8);
    s->fp = fopen(path, "rb");
    if (!s->fp || !s->raw) {
        int e = errno;
        csv_close(&s->base);
        return kh_error_set(err, KH_ERR_IO, "io", "无法打开文件:%s",
                            "cannot open the file: %s", strerror(e));
    }
    struct stat st;
    if (fstat(fileno(s->fp), &st) == 0) s->base.total = st.st_size;
    s->first_chunk = 1;
    s->line = 1;
    int rc = refill(s, err);
    if (rc) {
        csv_close(&s->base);
        return rc;
    }
    s->sep = sniff_sep(s);
    *out = &s->base;
    return KH_OK;
}
