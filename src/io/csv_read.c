/* SPDX-License-Identifier: MIT */
/*
 * csv_read.c - the CSV sheet reader: RFC 4180 records (quoted fields with
 * embedded commas, quotes and newlines; CRLF, LF or CR line ends), comma or
 * tab separated, in UTF-8 (BOM or not) or GB18030/GBK, detected from the
 * first chunk read (a mebibyte). It streams: memory holds one chunk and
 * one record.
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

/* Bytes read at a time; the encoding is detected from the first chunk.
 * The fuzz build (Makefile, docs/fuzzing.md) sets a chunk of a few bytes:
 * the same code, with every input crossing chunk boundaries, and no
 * mebibyte allocated and poisoned by ASan at each open. */
#ifndef KH_CSV_CHUNK
#define KH_CSV_CHUNK (1u << 20)
#endif
#define CHUNK ((size_t)KH_CSV_CHUNK)

enum { ST_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_IN_QUOTED };

typedef struct csv_src {
    table_src base;
    FILE *fp;
    char sep;
    kh_iconv *cv;     /* GB18030 decoder, or NULL for UTF-8 */
    char *raw;        /* raw bytes read, not yet decoded */
    size_t raw_len;
    kh_buf dec;       /* decoded, validated UTF-8 waiting to be parsed */
    size_t dec_pos;   /* start of the record being parsed */
    int raw_eof;      /* the file is fully read */
    int bad_pending;  /* invalid bytes follow the decoded data */
    int first_chunk;
    int trusted;      /* UTF-8 already validated by an earlier pass */
    struct stat st;   /* the file as opened, to notice changes */
    /* The parser works in place in dec: cells are unquoted and
     * NUL-terminated where they stand (w never passes r). */
    int state;
    long line;        /* physical line of the current position */
    long rec_line;    /* line the current record started on */
    long quote_line;  /* line a quoted field opened on */
    int prev_cr;      /* last char was CR (so a following LF is no line) */
    size_t w, r;      /* write and read offsets in dec */
    size_t *starts;   /* cell starts, relative to dec_pos */
    size_t nstarts, capstarts;
    size_t fstart;    /* start of the current cell, relative */
    kh_cell *cells;
    size_t capcells;
    int lf_lines;     /* the header ends in LF or CRLF: fast key scans */
    kh_cell keycells[KH_TABLE_MAX_COLS + 1];
    unsigned char stop_plain[256];  /* bytes that end an unquoted run */
    unsigned char stop_quoted[256]; /* bytes that end a quoted run */
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
            if (enc == KH_ENC_UTF8 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
                enc = KH_ENC_UTF8_BOM;
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
    } else if (s->trusted) {
        /* Validated by the first pass over this unchanged file; only a
         * character cut by the chunk end is held back. */
        used = n;
        if (!s->raw_eof) {
            size_t k = n;
            while (k > 0 && n - k < 4 && ((unsigned char)p[k - 1] & 0xC0) == 0x80) k--;
            if (k > 0 && (unsigned char)p[k - 1] >= 0xC0) used = k - 1;
        }
        int rc = kh_buf_add(&s->dec, p, used);
        if (rc) return set_err(err, rc, "nomem", s->line, "内存不足",
                               "out of memory");
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
    s->starts[s->nstarts++] = s->fstart;
    return KH_OK;
}

/* End the current cell at write offset w (the NUL goes there). */
static int end_field(csv_src *s, size_t w, kh_error *err)
{
    if (w - s->dec_pos - s->fstart > KH_TABLE_MAX_FIELD)
        return set_err(err, KH_ERR_LIMIT, "line_too_long", s->rec_line,
                       "单元格超过 1 MiB", "a cell is longer than 1 MiB");
    if (s->nstarts >= KH_TABLE_MAX_COLS)
        return set_err(err, KH_ERR_LIMIT, "line_too_long", s->rec_line,
                       "列数超过 1024", "more than 1024 columns");
    if (push_start(s))
        return set_err(err, KH_ERR_NOMEM, "nomem", s->rec_line, "内存不足",
                       "out of memory");
    s->dec.data[w] = '\0';
    s->fstart = w + 1 - s->dec_pos;
    return KH_OK;
}

/* The record is complete; w is one past the last cell's NUL. */
static int finish_record(csv_src *s, size_t w, kh_row *row, kh_error *err)
{
    if (s->nstarts > s->capcells) {
        kh_cell *c = realloc(s->cells, s->nstarts * sizeof *c);
        if (!c)
            return set_err(err, KH_ERR_NOMEM, "nomem", s->rec_line,
                           "内存不足", "out of memory");
        s->cells = c;
        s->capcells = s->nstarts;
    }
    char *base = s->dec.data + s->dec_pos;
    size_t endrel = w - s->dec_pos;
    for (size_t i = 0; i < s->nstarts; i++) {
        size_t end = i + 1 < s->nstarts ? s->starts[i + 1] : endrel;
        char *p = base + s->starts[i];
        size_t len = end - 1 - s->starts[i];
        if (len && p[0] == '\'') len = kh_cell_unescape(p, len);
        s->cells[i].s = p;
        s->cells[i].len = len;
    }
    row->cells = s->cells;
    row->n = s->nstarts;
    row->line = s->rec_line;
    return KH_OK;
}

static int too_long(csv_src *s, kh_error *err)
{
    return set_err(err, KH_ERR_LIMIT, "line_too_long", s->rec_line,
                   "记录超过 4 MiB", "a record is longer than 4 MiB");
}

/*
 * Key-only fast path: when the next record is one LF-terminated line with
 * no quote in it, find its end with memchr and cut out only the key cell.
 * Returns 1 when it produced the row, 0 to let the full parser do it.
 */
static int key_line(csv_src *s, kh_row *row)
{
    if (s->prev_cr) {
        /* The LF of the previous record's CRLF. */
        if (s->dec_pos >= s->dec.len) return 0;
        if (s->dec.data[s->dec_pos] == '\n') s->dec_pos++;
        s->prev_cr = 0;
    }
    char *d = s->dec.data + s->dec_pos;
    size_t n = s->dec.len - s->dec_pos;
    char *nl = memchr(d, '\n', n);
    if (!nl) return 0;
    size_t len = (size_t)(nl - d);
    size_t end = len;
    if (end && d[end - 1] == '\r') end--;
    /* Anything the full parser treats specially (a quote, a lone CR that
     * ends a record of its own, a NUL to report, an apostrophe that may be
     * the formula guard kh_cell_unescape drops, so that "'<TAB>" is a
     * blank cell) sends the line there, so that both see exactly the same
     * rows. */
    if (memchr(d, '"', len) || memchr(d, '\r', end) || memchr(d, '\0', len) ||
        memchr(d, '\'', len))
        return 0;
    int col = s->base.keycol, k = 0, blank = 1;
    size_t start = 0, i = 0;
    for (; i < end; i++) {
        char c = d[i];
        if (c == s->sep) {
            if (k == col) break;
            k++;
            start = i + 1;
        } else if (c != ' ' && c != '\t') {
            blank = 0;
        }
    }
    size_t kend = i;
    if (blank) {
        /* The rest of the line decides whether the row is blank. */
        for (size_t j = i; j < end && blank; j++)
            if (d[j] != s->sep && d[j] != ' ' && d[j] != '\t') blank = 0;
    }
    for (int c = 0; c < col; c++) s->keycells[c] = (kh_cell){"", 0};
    if (k == col) {
        /* Terminate the key where it stands (the separator or line end
         * after it is not needed again) and undo the formula guard, as
         * the full parser does. */
        char *key = d + start;
        size_t klen = kend - start;
        key[klen] = '\0';
        if (klen && key[0] == '\'') klen = kh_cell_unescape(key, klen);
        s->keycells[col].s = key;
        s->keycells[col].len = klen;
    } else {
        s->keycells[col] = (kh_cell){"", 0};
    }
    s->keycells[col + 1] = (kh_cell){"x", blank ? 0 : 1};
    row->cells = s->keycells;
    row->n = (size_t)col + 2;
    row->line = s->line++;
    s->dec_pos += len + 1;
    return 1;
}

static int csv_next(table_src *base, kh_row *row, int *eof, kh_error *err)
{
    csv_src *s = (csv_src *)base;
    int rc;
    *eof = 0;
    if (base->keycol >= 0 && base->keycol < KH_TABLE_MAX_COLS &&
        s->lf_lines && !s->bad_pending) {
        if (key_line(s, row)) return KH_OK;
        /* No whole line in the buffer: get more, then try again. */
        if (!s->raw_eof && !memchr(s->dec.data + s->dec_pos, '\n',
                                   s->dec.len - s->dec_pos)) {
            size_t shift = s->dec_pos;
            if ((rc = refill(s, err))) return rc;
            (void)shift;
            if (key_line(s, row)) return KH_OK;
        }
    }
    s->state = ST_START;
    s->nstarts = 0;
    s->fstart = 0;
    s->w = s->r = s->dec_pos;
    s->rec_line = s->line;
    for (;;) {
        if (s->r >= s->dec.len) {
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
                    s->r == s->dec_pos) {
                    *eof = 1;
                    return KH_OK;
                }
                /* The last record has no line end: the buffer's own
                 * terminator holds its NUL. */
                if ((rc = end_field(s, s->w, err))) return rc;
                rc = finish_record(s, s->w + 1, row, err);
                s->dec_pos = s->dec.len;
                s->r = s->w = s->dec.len;
                return rc;
            }
            if (s->r - s->dec_pos > KH_TABLE_MAX_ROW) return too_long(s, err);
            size_t shift = s->dec_pos;
            if ((rc = refill(s, err))) return rc;
            s->w -= shift;
            s->r -= shift;
            continue;
        }
        char *d = s->dec.data;
        size_t n = s->dec.len, i = s->r, w = s->w;
        if (s->prev_cr && s->state == ST_START && i == s->dec_pos) {
            s->prev_cr = 0;
            if (d[i] == '\n') {
                s->dec_pos = s->r = s->w = i + 1;
                continue;
            }
        }
        s->prev_cr = 0;
        while (i < n) {
            char c = d[i];
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
                while (j < n && !s->stop_plain[(unsigned char)d[j]]) j++;
                if (w != i) memmove(d + w, d + i, j - i);
                w += j - i;
                i = j;
                if (i >= n) continue;
                c = d[i++];
                if (c == '\0') {
                    s->r = i;
                    return set_err(err, KH_ERR_FORMAT, "nul_byte", s->line,
                                   "文件含有 NUL 字节(二进制内容)",
                                   "the file contains a NUL byte (binary "
                                   "data)");
                }
                if ((rc = end_field(s, w, err))) return rc;
                w++;
                s->state = ST_START;
                if (c == s->sep) continue;
                /* End of the record. */
                s->line++;
                if (c == '\r') s->prev_cr = 1;
                if ((rc = finish_record(s, w, row, err))) return rc;
                s->dec_pos = s->r = s->w = i;
                return KH_OK;
            }
            case ST_QUOTED: {
                size_t j = i;
                while (j < n && !s->stop_quoted[(unsigned char)d[j]]) j++;
                if (w != i) memmove(d + w, d + i, j - i);
                w += j - i;
                i = j;
                if (i >= n) continue;
                c = d[i];
                if (c == '\0')
                    return set_err(err, KH_ERR_FORMAT, "nul_byte", s->line,
                                   "文件含有 NUL 字节(二进制内容)",
                                   "the file contains a NUL byte (binary "
                                   "data)");
                if (c == '"') {
                    /* Need the next byte to tell "" from a closing quote. */
                    /* At raw_eof no more text can come (invalid bytes
                     * that follow are reported once the buffer is used
                     * up), so the buffer's end decides. */
                    if (i + 1 >= n && !s->raw_eof) goto need_more;
                    if (i + 1 < n && d[i + 1] == '"') {
                        d[w++] = '"';
                        i += 2;
                        continue;
                    }
                    /* The quote closes the field; anything up to the next
                     * separator is kept as written (lenient, as Excel). */
                    i++;
                    s->state = ST_UNQUOTED;
                    continue;
                }
                /* A line break inside a quoted field is data. */
                if (c == '\r') {
                    if (i + 1 >= n && !s->raw_eof) goto need_more;
                    d[w++] = d[i++];
                    if (i < n && d[i] == '\n') d[w++] = d[i++];
                } else {
                    d[w++] = d[i++];
                }
                s->line++;
                continue;
            }
            }
        }
    need_more:
        s->r = i;
        s->w = w;
        if (s->r - s->dec_pos > KH_TABLE_MAX_ROW) return too_long(s, err);
        if (i < n) {
            /* Stopped before the end for lack of look-ahead: get more. */
            size_t shift = s->dec_pos;
            /* Nothing more will come: waiting again would loop for ever
             * (the look-aheads above never ask for more at raw_eof). */
            if (s->raw_eof)
                return set_err(err, KH_ERR_FORMAT, "encoding", s->line,
                               "文件在记录中途结束或含无效字节",
                               "the file ends inside a record or has "
                               "invalid bytes");
            if ((rc = refill(s, err))) return rc;
            s->w -= shift;
            s->r -= shift;
        }
    }
}

static int csv_rewind(table_src *base, kh_error *err)
{
    csv_src *s = (csv_src *)base;
    struct stat st;
    if (fstat(fileno(s->fp), &st) != 0 || st.st_size != s->st.st_size ||
        st.st_mtim.tv_sec != s->st.st_mtim.tv_sec ||
        st.st_mtim.tv_nsec != s->st.st_mtim.tv_nsec)
        return set_err(err, KH_ERR_IO, "file_changed", 0,
                       "读取期间文件被修改,请在文件不再变动时重试",
                       "the file changed while it was being read; try again "
                       "once it is no longer being written");
    if (fseek(s->fp, 0, SEEK_SET) != 0)
        return set_err(err, KH_ERR_IO, "io", 0, "无法重新读取文件",
                       "cannot rewind the file");
    /* A file read to its end without an encoding error need not be
     * validated again. */
    s->trusted = s->raw_eof && !s->bad_pending && s->raw_len == 0;
    kh_iconv_free(s->cv);
    s->cv = NULL;
    s->raw_len = 0;
    kh_buf_reset(&s->dec);
    s->dec_pos = 0;
    s->raw_eof = s->bad_pending = 0;
    s->first_chunk = 1;
    s->line = 1;
    s->prev_cr = 0;
    s->r = s->w = 0;
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
    s->raw = malloc(CHUNK + 8);
    s->fp = fopen(path, "rb");
    if (!s->fp || !s->raw) {
        int e = errno;
        csv_close(&s->base);
        return kh_error_set(err, KH_ERR_IO, "io", "无法打开文件:%s",
                            "cannot open the file: %s", strerror(e));
    }
    if (fstat(fileno(s->fp), &s->st) == 0) s->base.total = s->st.st_size;
    s->first_chunk = 1;
    s->line = 1;
    int rc = refill(s, err);
    if (rc) {
        csv_close(&s->base);
        return rc;
    }
    s->sep = sniff_sep(s);
    {
        /* Lines end in LF (or CRLF), not a lone CR: key scans may use
         * memchr for line ends. */
        const char *d = s->dec.data;
        const char *nl = memchr(d, '\n', s->dec.len);
        const char *cr = memchr(d, '\r', s->dec.len);
        s->lf_lines = nl && (!cr || cr + 1 == nl);
    }
    const unsigned char stops[] = {(unsigned char)s->sep, '\n', '\r', '\0'};
    for (size_t i = 0; i < sizeof stops; i++) s->stop_plain[stops[i]] = 1;
    const unsigned char qstops[] = {'"', '\n', '\r', '\0'};
    for (size_t i = 0; i < sizeof qstops; i++) s->stop_quoted[qstops[i]] = 1;
    *out = &s->base;
    return KH_OK;
}
