/* SPDX-License-Identifier: MIT */
/*
 * xls_read.c - the XLS source behind kh_table: yields the rows of the first
 * worksheet of a legacy Excel 97-2003 (BIFF) workbook through freexl, which
 * decodes the compound file, the code page and the dates. This file turns
 * each cell into the text Excel would show: text as is, integral numbers as
 * integers (no exponent), other numbers with 15 significant digits, dates
 * as YYYY-MM-DD (YYYY-MM-DD HH:MM:SS, HH:MM:SS).
 *
 * freexl 1.0.6 can crash, over-read or loop on a malformed file, and a file
 * comes from outside (an upload to kaohe serve, a file on the command line).
 * So freexl never runs in kaohe's own process: a child process (fork) with
 * memory and CPU limits (setrlimit) reads the workbook and sends its cells
 * back over a pipe; the parent waits at most XLS_WALL_SECONDS. A child that
 * crashes, is killed or runs out of time becomes the error "cannot read the
 * file" for that file, and the caller (the server, its import lock) goes
 * on. Before freexl sees the file, xls_check_file walks the compound file
 * and the BIFF records with bounds taken from the file's own size and
 * refuses what is known to make freexl fault: records longer than BIFF8
 * allows (freexl copies them into a fixed 8224-byte buffer), sheet
 * dimensions beyond 65536 rows or 256 columns, sector chains that leave
 * the file or loop. The pipe's stream (xls_src_from_stream) is checked as
 * strictly as a file: the child is not trusted either.
 */
#include "table_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <freexl.h>

#include "kaohe/buf.h"
#include "kaohe/encoding.h"

#if defined(__SANITIZE_ADDRESS__)
#define XLS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XLS_ASAN 1
#endif
#endif

#define XLS_WALL_SECONDS 120       /* the child's wall-clock limit */
#define XLS_CPU_SECONDS 100        /* its CPU limit (RLIMIT_CPU) */
#define XLS_MEM_BYTES (3ull << 30) /* its address space (RLIMIT_AS) */
#define XLS_MAX_FILE (512u << 20)  /* bytes of .xls the checks read */
#define XLS_MAX_STREAM (1u << 30)  /* bytes of cells the child may send */
#define BIFF_MAX_RECORD 8224       /* BIFF8's longest record, freexl's buffer */
#define BIFF8_MAX_ROWS 65536u
#define BIFF_MAX_COLS 256u

/* One row of the stream: its sheet row and where its cells are. */
typedef struct xls_row {
    size_t off; /* first cell: u32 length, bytes, NUL */
    long line;
    uint32_t n;
} xls_row;

typedef struct xls_src {
    table_src base;
    kh_buf stream; /* the child's stream, checked */
    xls_row *rows;
    size_t nrows, next;
    long long size;
    kh_cell *cells;
} xls_src;


static const char UNREADABLE_ZH[] = "无法读取该文件：文件已损坏或格式不受支持";
static const char UNREADABLE_EN[] =
    "cannot read the file: it is damaged or in a format that is not "
    "supported";

/* The file cannot be read; why, in a few words of each language. */
static int unreadable(kh_error *err, const char *why_zh, const char *why_en)
{
    char zh[KH_MSG_MAX], en[KH_MSG_MAX];
    snprintf(zh, sizeof zh, "%s（%s）", UNREADABLE_ZH, why_zh);
    snprintf(en, sizeof en, "%s (%s)", UNREADABLE_EN, why_en);
    return kh_error_msg(err, KH_ERR_FORMAT, "xls_corrupt", zh, en);
}

static int xls_corrupt(kh_error *err, long line, int code)
{
    char zh[64], en[64];
    snprintf(zh, sizeof zh, "freexl 错误 %d", code);
    snprintf(en, sizeof en, "freexl error %d", code);
    unreadable(err, zh, en);
    if (err && line > 0) err->line = line;
    return KH_ERR_FORMAT;
}

static int freexl_fail(kh_error *err, long line, int code)
{
    if (code == FREEXL_FILE_NOT_FOUND)
        return kh_error_set(err, KH_ERR_IO, "io", "无法打开文件",
                            "cannot open the file");
    if (code == FREEXL_INSUFFICIENT_MEMORY) return kh_error_nomem(err);
    return xls_corrupt(err, line, code);
}

/*
 * A number as Excel shows it in a General cell: integral values in full
 * (beyond 15 digits only the first 15 are significant, as in Excel), the
 * rest with 15 significant digits.
 */
static int format_double(double v, kh_buf *out)
{
    if (!isfinite(v)) return kh_buf_adds(out, "#NUM!");
    if (v == floor(v) && fabs(v) < 1e21) {
        if (fabs(v) < 1e15) return kh_buf_printf(out, "%.0f", v);
        char tmp[40];
        snprintf(tmp, sizeof tmp, "%.14e", v); /* d.dddddddddddddde+XX */
        const char *p = tmp;
        int rc = KH_OK;
        if (*p == '-') rc = kh_buf_addc(out, *p++);
        int exp10 = atoi(strchr(p, 'e') + 1);
        for (int i = 0; !rc && i <= exp10; i++) {
            char c = '0';
            if (i == 0)
                c = p[0];
            else if (i <= 14)
                c = p[i + 1];
            rc = kh_buf_addc(out, c);
        }
        return rc;
    }
    return kh_buf_printf(out, "%.15g", v);
}

static int cell_text(const FreeXL_CellValue *v, kh_buf *out)
{
    switch (v->type) {
    case FREEXL_CELL_INT:
        return kh_buf_printf(out, "%d", v->value.int_value);
    case FREEXL_CELL_DOUBLE:
        return format_double(v->value.double_value, out);
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        return v->value.text_value ? kh_buf_adds(out, v->value.text_value)
                                   : KH_OK;
    default: /* FREEXL_CELL_NULL */
        return KH_OK;
    }
}


/* ---- the checks before freexl ------------------------------------------ */

#define FREESECT 0xFFFFFFFFu
#define ENDOFCHAIN 0xFFFFFFFEu

static uint32_t rd16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

typedef struct cfb {
    const unsigned char *d;
    size_t n;
    size_t ss;      /* sector size */
    uint32_t nsec;  /* whole sectors after the header */
    uint32_t *fat;
    uint32_t nfat;  /* FAT entries */
} cfb;

static const unsigned char *sector_at(const cfb *c, uint32_t s)
{
    return s < c->nsec ? c->d + ((size_t)s + 1) * c->ss : NULL;
}

static int bad_cfb(kh_error *err, const char *zh, const char *en)
{
    char z[256], e[256];
    snprintf(z, sizeof z, "复合文件结构错误：%s", zh);
    snprintf(e, sizeof e, "bad compound file: %s", en);
    return unreadable(err, z, e);
}

/* The FAT from the header's DIFAT and the DIFAT sectors; every count is
 * checked against the sectors the file has. */
static int load_fat(cfb *c, kh_error *err)
{
    const unsigned char *h = c->d;
    uint32_t per = (uint32_t)(c->ss / 4);
    uint32_t nfs = rd32(h + 0x2C), difat = rd32(h + 0x44),
             ndifat = rd32(h + 0x48);
    if (nfs == 0 || nfs > c->nsec || ndifat > c->nsec)
        return bad_cfb(err, "FAT 扇区数超出文件大小",
                       "more FAT sectors than the file has");
    c->fat = malloc((size_t)nfs * c->ss);
    if (!c->fat) return kh_error_nomem(err);
    uint32_t got = 0;
    for (int i = 0; i < 109 && got < nfs; i++) {
        uint32_t s = rd32(h + 0x4C + 4 * i);
        if (s == FREESECT) continue;
        const unsigned char *p = sector_at(c, s);
        if (!p) return bad_cfb(err, "FAT 扇区在文件之外", "a FAT sector lies past the end of the file");
        for (uint32_t k = 0; k < per; k++) c->fat[got * per + k] = rd32(p + 4 * k);
        got++;
    }
    for (uint32_t step = 0; got < nfs && step < ndifat; step++) {
        const unsigned char *dp = sector_at(c, difat);
        if (!dp) return bad_cfb(err, "DIFAT 扇区在文件之外", "a DIFAT sector lies past the end of the file");
        for (uint32_t i = 0; i + 1 < per && got < nfs; i++) {
            uint32_t s = rd32(dp + 4 * i);
            if (s == FREESECT) continue;
            const unsigned char *p = sector_at(c, s);
            if (!p) return bad_cfb(err, "FAT 扇区在文件之外", "a FAT sector lies past the end of the file");
            for (uint32_t k = 0; k < per; k++) c->fat[got * per + k] = rd32(p + 4 * k);
            got++;
        }
        difat = rd32(dp + 4 * (per - 1));
    }
    c->nfat = got * per;
    return KH_OK;
}

/*
 * The bytes of a chain of sectors (of sector size ss, found in the table
 * next[] of nnext entries, read through get) into out, at most want bytes
 * (0: up to ENDOFCHAIN). A chain visits each sector at most once (a
 * bitmap of those seen), so it has at most nnext steps: a loop or a link
 * out of the table is an error.
 */
typedef const unsigned char *(*get_fn)(const void *ctx, uint32_t s);

static int read_chain(const void *ctx, get_fn get, size_t ss,
                      const uint32_t *next, uint32_t nnext, uint32_t start,
                      size_t want, kh_buf *out, kh_error *err)
{
    uint32_t s = start;
    unsigned char *seen = calloc((size_t)nnext / 8 + 1, 1);
    if (!seen) return kh_error_nomem(err);
    while (s != ENDOFCHAIN) {
        if (want && out->len >= want) break;
        const unsigned char *p = get(ctx, s);
        if (s >= nnext || !p || (seen[s / 8] & (1u << (s % 8)))) {
            free(seen);
            return bad_cfb(err, "扇区链越界或成环",
                           "a sector chain leaves the file or loops");
        }
        seen[s / 8] |= (unsigned char)(1u << (s % 8));
        if (kh_buf_add(out, p, ss)) {
            free(seen);
            return kh_error_nomem(err);
        }
        s = next[s];
    }
    free(seen);
    if (want && out->len < want)
        return bad_cfb(err, "数据流比其扇区链长",
                       "a stream is longer than its sector chain");
    if (want) out->len = want;
    return KH_OK;
}

static const unsigned char *get_sector(const void *ctx, uint32_t s)
{
    return sector_at(ctx, s);
}

typedef struct mini {
    const kh_buf *stream;
    size_t mss;
} mini;

static const unsigned char *get_mini(const void *ctx, uint32_t s)
{
    const mini *m = ctx;
    size_t off = (size_t)s * m->mss;
    if (off > m->stream->len || m->stream->len - off < m->mss) return NULL;
    return (const unsigned char *)m->stream->data + off;
}

/* Is the directory entry's name (UTF-16LE, nbytes with its NUL) name? */
static int entry_named(const unsigned char *e, const char *name)
{
    uint32_t nb = rd16(e + 64);
    size_t len = strlen(name);
    if (nb != 2 * (len + 1)) return 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t ch = rd16(e + 2 * i);
        if (ch >= 'a' && ch <= 'z') ch -= 32;
        char want = name[i];
        if (want >= 'a' && want <= 'z') want = (char)(want - 32);
        if (ch != (unsigned char)want) return 0;
    }
    return 1;
}

/* The workbook stream of the compound file c into out. */
static int workbook_stream(cfb *c, kh_buf *out, kh_error *err)
{
    const unsigned char *h = c->d;
    kh_buf dir, ministream, minifat;
    kh_buf_init(&dir, 0);
    kh_buf_init(&ministream, 0);
    kh_buf_init(&minifat, 0);
    int rc = read_chain(c, get_sector, c->ss, c->fat, c->nfat, rd32(h + 0x30),
                        0, &dir, err);
    const unsigned char *root = NULL, *wb = NULL;
    for (size_t off = 0; !rc && off + 128 <= dir.len; off += 128) {
        const unsigned char *e = (const unsigned char *)dir.data + off;
        if (e[66] == 5 && !root) root = e;
        if (e[66] == 2 && !wb && (entry_named(e, "Workbook") || entry_named(e, "Book")))
            wb = e;
    }
    if (!rc && (!root || !wb))
        rc = bad_cfb(err, "没有工作簿数据流", "no Workbook stream");
    if (!rc) {
        uint32_t size = rd32(wb + 120), start = rd32(wb + 116);
        uint32_t cutoff = rd32(h + 0x38);
        if (size > c->n) {
            rc = bad_cfb(err, "数据流长度超出文件大小",
                         "a stream is longer than the file");
        } else if (size < cutoff) {
            /* In the mini stream: 64-byte sectors chained by the MiniFAT. */
            uint32_t rsize = rd32(root + 120);
            uint32_t mshift = rd16(h + 0x20);
            if (rsize > c->n || mshift < 6 || mshift > 12)
                rc = bad_cfb(err, "迷你数据流无效", "bad mini stream");
            if (!rc)
                rc = read_chain(c, get_sector, c->ss, c->fat, c->nfat,
                                rd32(root + 116), rsize, &ministream, err);
            if (!rc)
                rc = read_chain(c, get_sector, c->ss, c->fat, c->nfat,
                                rd32(h + 0x3C), 0, &minifat, err);
            if (!rc && size > 0) {
                uint32_t nmini = (uint32_t)(minifat.len / 4);
                uint32_t *mf = malloc(((size_t)nmini + 1) * sizeof *mf);
                if (!mf) rc = kh_error_nomem(err);
                for (uint32_t i = 0; !rc && i < nmini; i++)
                    mf[i] = rd32((const unsigned char *)minifat.data + 4 * i);
                mini m = {&ministream, (size_t)1 << mshift};
                if (!rc)
                    rc = read_chain(&m, get_mini, m.mss, mf, nmini, start,
                                    size, out, err);
                free(mf);
            }
        } else {
            rc = read_chain(c, get_sector, c->ss, c->fat, c->nfat, start,
                            size, out, err);
        }
    }
    kh_buf_free(&dir);
    kh_buf_free(&ministream);
    kh_buf_free(&minifat);
    return rc;
}

/* The BIFF records of the workbook stream: lengths and dimensions. */
static int check_biff(const unsigned char *d, size_t n, kh_error *err)
{
    int biff8 = 1;
    size_t pos = 0;
    while (pos + 4 <= n) {
        uint32_t type = rd16(d + pos), len = rd16(d + pos + 2);
        const unsigned char *r = d + pos + 4;
        if (type == 0 && len == 0) break;
        if (len > BIFF_MAX_RECORD) {
            char zh[128], en[128];
            snprintf(zh, sizeof zh, "偏移 %zu 处的记录长 %u 字节，超过 %u",
                     pos, (unsigned)len, BIFF_MAX_RECORD);
            snprintf(en, sizeof en,
                     "the record at offset %zu is %u bytes long, over %u",
                     pos, (unsigned)len, BIFF_MAX_RECORD);
            return unreadable(err, zh, en);
        }
        if (len > n - pos - 4) break; /* cut short: freexl stops there */
        if (type == 0x0809 && len >= 2) biff8 = rd16(r) == 0x0600;
        if (type == 0x0200) {
            uint32_t rows, cols;
            if (len < (biff8 ? 14u : 10u))
                return unreadable(err, "工作表尺寸记录过短",
                                  "the sheet's Dimensions record is too short");
            rows = biff8 ? rd32(r + 4) : rd16(r + 2);
            cols = biff8 ? rd16(r + 10) : rd16(r + 6);
            if (rows > BIFF8_MAX_ROWS || cols > BIFF_MAX_COLS) {
                char zh[160], en[160];
                snprintf(zh, sizeof zh,
                         "工作表声明 %u 行 %u 列，超过 XLS 的 %u 行 %u 列",
                         (unsigned)rows, (unsigned)cols, BIFF8_MAX_ROWS,
                         BIFF_MAX_COLS);
                snprintf(en, sizeof en,
                         "the sheet declares %u rows and %u columns, beyond "
                         "XLS's %u rows and %u columns",
                         (unsigned)rows, (unsigned)cols, BIFF8_MAX_ROWS,
                         BIFF_MAX_COLS);
                return unreadable(err, zh, en);
            }
        }
        pos += 4 + len;
    }
    return KH_OK;
}

int xls_check_file(const unsigned char *d, size_t n, kh_error *err)
{
    cfb c = {d, n, 0, 0, NULL, 0};
    if (n < 512 || memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) != 0)
        return bad_cfb(err, "文件头无效", "bad header");
    uint32_t shift = rd16(d + 0x1E);
    if (shift != 9 && shift != 12)
        return bad_cfb(err, "扇区大小无效", "bad sector size");
    c.ss = (size_t)1 << shift;
    if (n < c.ss) return bad_cfb(err, "文件过短", "the file is too short");
    size_t nsec = n / c.ss - 1;
    c.nsec = nsec > 0xFFFFFFF0u ? 0xFFFFFFF0u : (uint32_t)nsec;
    kh_buf wb;
    kh_buf_init(&wb, 0);
    int rc = load_fat(&c, err);
    if (!rc) rc = workbook_stream(&c, &wb, err);
    if (!rc) rc = check_biff((const unsigned char *)wb.data, wb.len, err);
    kh_buf_free(&wb);
    free(c.fat);
    return rc;
}

/* ---- the child: freexl, and the cells down the pipe ----------------------
 *
 * The stream is a sequence of messages, integers as 4 bytes in this
 * machine's order (both ends are the same program):
 *   'R' line n, then n cells: length, the bytes, a NUL   one sheet row
 *   'E' status line, then code, zh, en: length and bytes an error
 *   'P'                                                   the end
 */

static int put_u32(kh_buf *b, uint32_t v)
{
    return kh_buf_add(b, &v, sizeof v);
}

static int put_str(kh_buf *b, const char *s, size_t len)
{
    int rc = put_u32(b, (uint32_t)len);
    if (!rc) rc = kh_buf_add(b, s, len);
    return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int flush_out(int fd, kh_buf *out)
{
    int rc = write_all(fd, out->data ? out->data : "", out->len);
    kh_buf_reset(out);
    return rc;
}

/* Read the file at path whole (for the checks), at most XLS_MAX_FILE. */
static int slurp(const char *path, kh_buf *out, kh_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return kh_error_set(err, KH_ERR_IO, "io", "无法打开文件:%s",
                            "cannot open the file: %s", strerror(errno));
    int rc = KH_OK;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (out->len + got > XLS_MAX_FILE) {
            rc = kh_error_set(err, KH_ERR_LIMIT, "too_large",
                              "XLS 文件超过 %u MiB", "the XLS file is over %u MiB",
                              XLS_MAX_FILE >> 20);
            break;
        }
        if (kh_buf_add(out, chunk, got)) {
            rc = kh_error_nomem(err);
            break;
        }
    }
    if (!rc && ferror(fp))
        rc = kh_error_set(err, KH_ERR_IO, "io", "读取文件失败",
                          "cannot read the file%s", "");
    fclose(fp);
    return rc;
}

/* The child's work: check, open with freexl, send every row. */
static int child_read(const char *path, int fd, kh_buf *out, kh_error *err)
{
    kh_buf file;
    kh_buf_init(&file, 0);
    int rc = slurp(path, &file, err);
    if (!rc)
        rc = xls_check_file((const unsigned char *)file.data, file.len, err);
    kh_buf_free(&file);
    if (rc) return rc;

    const void *xl = NULL;
    unsigned info = 0, rows = 0;
    unsigned short cols = 0;
    rc = freexl_open(path, &xl);
    if (rc == FREEXL_OK && !xl) rc = FREEXL_NULL_HANDLE;
    if (rc != FREEXL_OK) return freexl_fail(err, 0, rc);
    if (freexl_get_info(xl, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
        info == FREEXL_BIFF_OBFUSCATED)
        return kh_error_set(err, KH_ERR_FORMAT, "xls_corrupt",
                            "XLS 文件有密码保护，无法读取",
                            "the XLS file is password-protected%s", "");
    rc = freexl_select_active_worksheet(xl, 0);
    if (rc == FREEXL_OK) rc = freexl_worksheet_dimensions(xl, &rows, &cols);
    if (rc != FREEXL_OK) return freexl_fail(err, 0, rc);
    /* freexl's own figures are bounded too: whatever it made of the file,
     * no walk over rows that no XLS can have. */
    if (rows > BIFF8_MAX_ROWS || cols > BIFF_MAX_COLS)
        return unreadable(err, "工作表尺寸超出 XLS 的范围",
                          "the sheet's size is beyond what XLS allows");
    if (cols == 0) rows = 0;

    kh_buf text;
    kh_buf_init(&text, 0);
    size_t off[BIFF_MAX_COLS];
    for (unsigned r = 0; !rc && r < rows; r++) {
        long line = (long)r + 1;
        size_t n = 0;
        kh_buf_reset(&text);
        for (unsigned short c = 0; !rc && c < cols; c++) {
            FreeXL_CellValue v;
            int frc = freexl_get_cell_value(xl, r, c, &v);
            if (frc != FREEXL_OK) {
                rc = freexl_fail(err, line, frc);
                break;
            }
            size_t start = text.len;
            rc = cell_text(&v, &text);
            if (rc == KH_OK && text.len - start > KH_TABLE_MAX_FIELD)
                rc = KH_ERR_LIMIT;
            if (rc == KH_ERR_LIMIT) {
                kh_error_set(err, KH_ERR_LIMIT, "field_too_long",
                             "第 %u 列的单元格超过 %u 字节",
                             "the cell in column %u is longer than %u bytes",
                             (unsigned)c + 1, KH_TABLE_MAX_FIELD);
                if (err) err->line = line;
                break;
            }
            if (rc == KH_OK) rc = kh_buf_addc(&text, '\0');
            if (rc) {
                rc = kh_error_nomem(err);
                break;
            }
            off[c] = start;
            if (text.len - start > 1) n = (size_t)c + 1;
        }
        if (rc) break;
        if (n == 0) continue; /* an empty row: nothing to send */
        int wrc = put_u32(out, 'R');
        if (!wrc) wrc = put_u32(out, (uint32_t)line);
        if (!wrc) wrc = put_u32(out, (uint32_t)n);
        for (size_t i = 0; !wrc && i < n; i++) {
            const char *cell = text.data + off[i];
            size_t len = strlen(cell);
            wrc = put_str(out, cell, len);
            if (!wrc) wrc = kh_buf_addc(out, '\0');
        }
        if (wrc) rc = kh_error_nomem(err);
        else if (out->len >= 65536 && flush_out(fd, out)) _exit(3);
    }
    kh_buf_free(&text);
    freexl_close(xl);
    return rc;
}

static void limit(int what, rlim_t v)
{
    struct rlimit rl = {v, v};
    (void)setrlimit(what, &rl);
}

/* In the child process: never returns. */
static void child_main(const char *path, int fd)
{
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, 2); /* freexl and the sanitizers keep quiet */
    signal(SIGPIPE, SIG_DFL);
    limit(RLIMIT_CPU, XLS_CPU_SECONDS);
    limit(RLIMIT_CORE, 0);
#ifndef XLS_ASAN
    limit(RLIMIT_AS, XLS_MEM_BYTES); /* ASan's shadow needs far more */
#endif
    kh_buf out;
    kh_buf_init(&out, 0);
    kh_error e;
    kh_error_clear(&e);
    int rc = child_read(path, fd, &out, &e);
    int wrc;
    if (rc) {
        wrc = put_u32(&out, 'E');
        if (!wrc) wrc = put_u32(&out, (uint32_t)e.status);
        if (!wrc) wrc = put_u32(&out, (uint32_t)(e.line > 0 ? e.line : 0));
        if (!wrc) wrc = put_str(&out, e.code, strlen(e.code));
        if (!wrc) wrc = put_str(&out, e.zh, strlen(e.zh));
        if (!wrc) wrc = put_str(&out, e.en, strlen(e.en));
    } else {
        wrc = put_u32(&out, 'P');
    }
    if (wrc || flush_out(fd, &out)) _exit(3);
    _exit(0);
}

/* ---- the parent: run the child, wait, read its stream ------------------ */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run_child(const char *path, kh_buf *out, kh_error *err)
{
    int p[2];
    if (pipe(p) != 0)
        return kh_error_set(err, KH_ERR_IO, "io", "无法创建管道:%s",
                            "cannot create a pipe: %s", strerror(errno));
    (void)fcntl(p[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(p[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(p[0]);
        close(p[1]);
        return kh_error_set(err, KH_ERR_IO, "io", "无法启动读取进程:%s",
                            "cannot start the reading process: %s",
                            strerror(e));
    }
    if (pid == 0) {
        close(p[0]);
        child_main(path, p[1]);
    }
    close(p[1]);
    double deadline = now_s() + XLS_WALL_SECONDS;
    int timed_out = 0, too_big = 0, rc = KH_OK;
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd pf = {p[0], POLLIN, 0};
        int pr = poll(&pf, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR) continue;
        if (pr == 0) continue; /* the deadline is checked above */
        if (pr < 0) break;
        if (out->len >= XLS_MAX_STREAM) {
            too_big = 1;
            break;
        }
        if (kh_buf_reserve(out, 65536)) {
            rc = kh_error_nomem(err);
            break;
        }
        ssize_t got = read(p[0], out->data + out->len, 65536);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        out->len += (size_t)got;
        out->data[out->len] = '\0';
    }
    close(p[0]);
    if (timed_out || too_big || rc) kill(pid, SIGKILL);
    int st = 0;
    pid_t w;
    while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    if (rc) return rc;
    if (timed_out) {
        char zh[96], en[96];
        snprintf(zh, sizeof zh, "读取超过 %d 秒", XLS_WALL_SECONDS);
        snprintf(en, sizeof en, "reading took over %d seconds",
                 XLS_WALL_SECONDS);
        return unreadable(err, zh, en);
    }
    if (too_big)
        return unreadable(err, "内容超过读取上限", "over the reading limit");
    if (w == pid && WIFSIGNALED(st)) {
        char zh[96], en[96];
        snprintf(zh, sizeof zh, "读取进程因信号 %d 异常终止", WTERMSIG(st));
        snprintf(en, sizeof en, "the reading process died of signal %d",
                 WTERMSIG(st));
        return unreadable(err, zh, en);
    }
    if (w == pid && (!WIFEXITED(st) || WEXITSTATUS(st) != 0))
        return unreadable(err, "读取进程异常结束",
                          "the reading process failed");
    return KH_OK;
}

/* ---- the stream, checked ------------------------------------------------ */

static int get_u32(const char *d, size_t n, size_t *pos, uint32_t *v)
{
    if (n - *pos < 4) return -1;
    memcpy(v, d + *pos, 4);
    *pos += 4;
    return 0;
}

static int get_text(const char *d, size_t n, size_t *pos, char *out,
                    size_t outsz)
{
    uint32_t len;
    if (get_u32(d, n, pos, &len) || len > n - *pos || len >= outsz) return -1;
    memcpy(out, d + *pos, len);
    out[len] = '\0';
    *pos += len;
    return 0;
}

/* d[0..n) is whole UTF-8 (what the child sends is checked like a file). */
static int is_utf8(const char *d, size_t n)
{
    size_t partial = 0;
    return kh_utf8_valid_prefix(d, n, &partial) == n;
}

static int bad_stream(kh_error *err)
{
    return unreadable(err, "读取进程的输出不完整", "the reading process's output is incomplete");
}

/* Index the rows of s->stream; an 'E' message becomes err. */
static int index_stream(xls_src *s, kh_error *err)
{
    const char *d = s->stream.data ? s->stream.data : "";
    size_t n = s->stream.len, pos = 0, cap = 0;
    long last = 0;
    for (;;) {
        uint32_t tag;
        if (get_u32(d, n, &pos, &tag)) return bad_stream(err);
        if (tag == 'P') return pos == n ? KH_OK : bad_stream(err);
        if (tag == 'E') {
            uint32_t status, line;
            kh_error e;
            kh_error_clear(&e);
            if (get_u32(d, n, &pos, &status) || get_u32(d, n, &pos, &line) ||
                get_text(d, n, &pos, e.code, sizeof e.code) ||
                get_text(d, n, &pos, e.zh, sizeof e.zh) ||
                get_text(d, n, &pos, e.en, sizeof e.en) || status == KH_OK ||
                !is_utf8(e.code, strlen(e.code)) || !is_utf8(e.zh, strlen(e.zh)) ||
                !is_utf8(e.en, strlen(e.en)) ||
                status > KH_ERR_DENIED || line > BIFF8_MAX_ROWS)
                return bad_stream(err);
            kh_error_msg(err, (int)status, e.code, e.zh, e.en);
            if (err && line > 0) err->line = line;
            return (int)status;
        }
        if (tag != 'R') return bad_stream(err);
        uint32_t line, nc;
        if (get_u32(d, n, &pos, &line) || get_u32(d, n, &pos, &nc) ||
            line <= (uint32_t)last || line > BIFF8_MAX_ROWS || nc == 0 ||
            nc > BIFF_MAX_COLS)
            return bad_stream(err);
        size_t first = pos;
        for (uint32_t i = 0; i < nc; i++) {
            uint32_t len;
            if (get_u32(d, n, &pos, &len) || len > KH_TABLE_MAX_FIELD ||
                len >= n - pos || d[pos + len] != '\0' ||
                memchr(d + pos, '\0', len) || !is_utf8(d + pos, len))
                return bad_stream(err);
            pos += (size_t)len + 1;
        }
        if (s->nrows == cap) {
            cap = cap ? cap * 2 : 256;
            xls_row *r = realloc(s->rows, cap * sizeof *r);
            if (!r) return kh_error_nomem(err);
            s->rows = r;
        }
        s->rows[s->nrows++] = (xls_row){first, (long)line, nc};
        last = (long)line;
    }
}

static int xls_next(table_src *base, kh_row *row, int *eof, kh_error *err)
{
    xls_src *s = (xls_src *)base;
    (void)err;
    *eof = 0;
    if (s->next >= s->nrows) {
        *eof = 1;
        return KH_OK;
    }
    const xls_row *r = &s->rows[s->next];
    size_t pos = r->off;
    for (uint32_t i = 0; i < r->n; i++) {
        uint32_t len;
        memcpy(&len, s->stream.data + pos, 4);
        s->cells[i].s = s->stream.data + pos + 4;
        s->cells[i].len = len;
        pos += 4 + (size_t)len + 1;
    }
    s->next++;
    s->base.done = (long long)((double)s->size * s->next / s->nrows);
    row->cells = s->cells;
    row->n = r->n;
    row->line = r->line;
    return KH_OK;
}

static int xls_rewind(table_src *base, kh_error *err)
{
    xls_src *s = (xls_src *)base;
    (void)err;
    s->next = 0;
    s->base.done = 0;
    return KH_OK;
}

static void xls_close(table_src *base)
{
    xls_src *s = (xls_src *)base;
    if (!s) return;
    kh_buf_free(&s->stream);
    free(s->rows);
    free(s->cells);
    free(s);
}

static xls_src *xls_new(long long size)
{
    xls_src *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->base.kind = "xls";
    s->base.encoding = KH_ENC_UTF8;
    s->base.next = xls_next;
    s->base.rewind = xls_rewind;
    s->base.close = xls_close;
    s->base.total = s->size = size;
    kh_buf_init(&s->stream, XLS_MAX_STREAM + 65536);
    s->cells = calloc(BIFF_MAX_COLS, sizeof *s->cells);
    if (!s->cells) {
        free(s);
        return NULL;
    }
    return s;
}

int xls_src_from_stream(const char *data, size_t n, long long size,
                        table_src **out, kh_error *err)
{
    *out = NULL;
    xls_src *s = xls_new(size);
    if (!s) return kh_error_nomem(err);
    int rc = kh_buf_add(&s->stream, data, n) ? kh_error_nomem(err) : KH_OK;
    if (!rc) rc = index_stream(s, err);
    if (rc) {
        xls_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return KH_OK;
}

int xls_src_open(const char *path, table_src **out, kh_error *err)
{
    *out = NULL;
    struct stat st;
    long long size = stat(path, &st) == 0 ? (long long)st.st_size : 0;
    xls_src *s = xls_new(size);
    if (!s) return kh_error_nomem(err);
    int rc = run_child(path, &s->stream, err);
    if (!rc) rc = index_stream(s, err);
    if (rc) {
        xls_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return KH_OK;
}
