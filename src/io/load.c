/* SPDX-License-Identifier: MIT */
/*
 * load.c - the streaming driver between a sheet and the checker.
 *
 * A registry is read twice. The first pass only looks at 户编号: it counts
 * rows (for the progress bar and to size the ID set) and finds households
 * whose rows are not adjacent, remembering the last row of each. The
 * second pass checks: adjacent households as soon as their last row is
 * read, scattered ones when their last row is reached. Memory holds one
 * household (plus the scattered ones being gathered), not the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/header.h"
#include "kaohe/load.h"
#include "kaohe/table.h"

/* ---- rows kept for a household ---- */

typedef struct saved {
    long row, line;
    size_t n, first; /* cells [first, first + n) in the store's offsets */
} saved;

typedef struct rowstore {
    kh_buf text;   /* cell texts, NUL-terminated */
    size_t *off;   /* cell text offsets */
    size_t *len;
    unsigned char *num; /* per cell: stored as a number (kh_row.num) */
    size_t ncells, capcells;
    saved *rows;
    size_t nrows, caprows;
    /* materialised views */
    kh_row *view;
    const kh_row **ptrs;
    kh_cell *cells;
    size_t capview, capcellview;
} rowstore;

static void rs_reset(rowstore *s)
{
    kh_buf_reset(&s->text);
    s->ncells = s->nrows = 0;
}

static void rs_free(rowstore *s)
{
    kh_buf_free(&s->text);
    free(s->off);
    free(s->len);
    free(s->num);
    free(s->rows);
    free(s->view);
    free(s->ptrs);
    free(s->cells);
    memset(s, 0, sizeof *s);
}

static int rs_add(rowstore *s, const kh_row *r)
{
    if (s->nrows == s->caprows) {
        size_t cap = s->caprows ? s->caprows * 2 : 16;
        saved *v = realloc(s->rows, cap * sizeof *v);
        if (!v) return KH_ERR_NOMEM;
        s->rows = v;
        s->caprows = cap;
    }
    if (s->ncells + r->n > s->capcells) {
        size_t cap = s->capcells ? s->capcells : 256;
        while (cap < s->ncells + r->n) cap *= 2;
        size_t *o = realloc(s->off, cap * sizeof *o);
        if (!o) return KH_ERR_NOMEM;
        s->off = o;
        size_t *l = realloc(s->len, cap * sizeof *l);
        if (!l) return KH_ERR_NOMEM;
        s->len = l;
        unsigned char *nm = realloc(s->num, cap);
        if (!nm) return KH_ERR_NOMEM;
        s->num = nm;
        s->capcells = cap;
    }
    saved *sv = &s->rows[s->nrows++];
    sv->row = r->row;
    sv->line = r->line;
    sv->n = r->n;
    sv->first = s->ncells;
    for (size_t i = 0; i < r->n; i++) {
        s->off[s->ncells] = s->text.len;
        s->num[s->ncells] = r->num ? r->num[i] : 0;
        s->len[s->ncells++] = r->cells[i].len;
        int rc = kh_buf_add(&s->text, r->cells[i].s, r->cells[i].len + 1);
        if (rc) return rc;
    }
    return KH_OK;
}

/* Build kh_row views over the stored rows. */
static int rs_view(rowstore *s, const kh_row *const **out)
{
    if (s->nrows > s->capview) {
        kh_row *v = realloc(s->view, s->nrows * sizeof *v);
        if (!v) return KH_ERR_NOMEM;
        s->view = v;
        const kh_row **p = realloc(s->ptrs, s->nrows * sizeof *p);
        if (!p) return KH_ERR_NOMEM;
        s->ptrs = p;
        s->capview = s->nrows;
    }
    if (s->ncells > s->capcellview) {
        kh_cell *c = realloc(s->cells, (s->ncells ? s->ncells : 1) * sizeof *c);
        if (!c) return KH_ERR_NOMEM;
        s->cells = c;
        s->capcellview = s->ncells;
    }
    for (size_t i = 0; i < s->ncells; i++) {
        s->cells[i].s = s->text.data + s->off[i];
        s->cells[i].len = s->len[i];
    }
    for (size_t i = 0; i < s->nrows; i++) {
        s->view[i].row = s->rows[i].row;
        s->view[i].line = s->rows[i].line;
        s->view[i].n = s->rows[i].n;
        s->view[i].cells = s->cells + s->rows[i].first;
        s->view[i].num = s->num ? s->num + s->rows[i].first : NULL;
        s->ptrs[i] = &s->view[i];
    }
    *out = s->ptrs;
    return KH_OK;
}

/* ---- households by key hash ---- */

static uint64_t key_hash(kh_cell k)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < k.len; i++) {
        h ^= (unsigned char)k.s[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 31;
    h *= 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
    return h ? h : 1;
}

typedef struct hmap {
    uint64_t *keys;
    uint32_t *vals; /* pass 1: last row; runs counted in runs[] */
    uint8_t *runs;
    size_t nslots, n;
} hmap;

/* The first pass's table starts for KH_LOAD_HASH_ROWS households in at
 * least KH_LOAD_HASH_MIN slots, and doubles as it fills; the fuzz build
 * (docs/fuzzing.md) starts small, so that growing is exercised and no
 * quarter mebibyte is allocated for each small input. */
#ifndef KH_LOAD_HASH_ROWS
#define KH_LOAD_HASH_ROWS (1u << 14)
#endif
#ifndef KH_LOAD_HASH_MIN
#define KH_LOAD_HASH_MIN 1024
#endif

static int hmap_init(hmap *m, size_t want)
{
    size_t n = KH_LOAD_HASH_MIN;
    while (n * 7 < want * 10) n *= 2;
    m->keys = calloc(n, sizeof *m->keys);
    m->vals = calloc(n, sizeof *m->vals);
    m->runs = calloc(n, 1);
    m->nslots = n;
    m->n = 0;
    return m->keys && m->vals && m->runs ? KH_OK : KH_ERR_NOMEM;
}

static void hmap_free(hmap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->runs);
    memset(m, 0, sizeof *m);
}

static size_t hmap_slot(const hmap *m, uint64_t k)
{
    size_t j = k & (m->nslots - 1);
    while (m->keys[j] && m->keys[j] != k) j = (j + 1) & (m->nslots - 1);
    return j;
}

static int hmap_grow(hmap *m)
{
    hmap b;
    if (hmap_init(&b, m->nslots * 2 * 7 / 10 + 1)) return KH_ERR_NOMEM;
    for (size_t i = 0; i < m->nslots; i++) {
        if (!m->keys[i]) continue;
        size_t j = hmap_slot(&b, m->keys[i]);
        b.keys[j] = m->keys[i];
        b.vals[j] = m->vals[i];
        b.runs[j] = m->runs[i];
    }
    b.n = m->n;
    hmap_free(m);
    *m = b;
    return KH_OK;
}

/* ---- the header among the first rows ---- */

/* Append a row's non-blank cells to b, separated by two spaces. */
static int title_add(kh_buf *b, const kh_row *r)
{
    int rc = KH_OK;
    if (b->len) rc = kh_buf_adds(b, "\n");
    size_t start = b->len;
    for (size_t i = 0; i < r->n && !rc; i++) {
        const char *s = r->cells[i].s;
        size_t n = r->cells[i].len;
        while (n && (*s == ' ' || *s == '\t')) s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
        if (!n) continue;
        /* A merged title repeats in every cell it spans: once is enough. */
        if (i > 0 && r->cells[i - 1].len == r->cells[i].len &&
            !memcmp(r->cells[i - 1].s, r->cells[i].s, r->cells[i].len))
            continue;
        if (b->len > start) rc = kh_buf_adds(b, "  ");
        if (!rc) rc = kh_buf_add(b, s, n);
    }
    return rc;
}

/*
 * Find the header: the first of the sheet's first KH_HEADER_SCAN_ROWS rows
 * that names every column a header must have, else the one that names the
 * most columns, else the first row. Rows above it become the table's title
 * (kh_table_set_title) and the table is rewound, so that the next row read
 * is the header. *title_rows is the number of title rows and *line the
 * header's line. A read error on the first row is returned; one on a later
 * row ends the search (the rows before it are weighed) and is met again
 * by the reading that follows.
 */
static int locate_in_sheet_by(kh_table *t, kh_header_score_fn score_fn,
                           void *sctx, long *title_rows, long *line,
                           int *complete, kh_error *err)
{
    kh_buf title = KH_BUF_INIT;
    long lines[KH_HEADER_SCAN_ROWS];
    int best = 0, best_score = -1, found = 0, n = 0, rc = KH_OK;
    *title_rows = 0;
    *line = 0;
    while (n < KH_HEADER_SCAN_ROWS) {
        const kh_row *r;
        kh_error e;
        kh_error_clear(&e);
        rc = kh_table_next(t, &r, &e);
        if (rc && n == 0) {
            *err = e;
            return rc;
        }
        if (rc || !r) break;
        int full;
        int score = score_fn(sctx, r, &full);
        lines[n] = r->line;
        if (full) {
            best = n;
            found = 1;
            n++;
            break;
        }
        if (score > best_score) {
            best = n;
            best_score = score;
        }
        n++;
    }
    rc = KH_OK;
    *complete = found;
    if (n == 0) return KH_OK; /* an empty sheet: the caller says so */
    if (found && best == 0) {
        /* The usual file: the header is its first row, read again. */
        *line = lines[0];
        return kh_table_rewind(t, err);
    }
    if (best > 0) {
        /* Read the title rows' text again from the top. */
        rc = kh_table_rewind(t, err);
        for (int i = 0; !rc && i < best; i++) {
            const kh_row *r;
            rc = kh_table_next(t, &r, err);
            if (!rc && r && title_add(&title, r))
                rc = kh_error_nomem(err);
        }
        if (!rc)
            rc = kh_table_set_title(t, best, title.data ? title.data : "",
                                    err);
        *title_rows = best;
    }
    *line = lines[best];
    if (!rc) rc = kh_table_rewind(t, err);
    kh_buf_free(&title);
    return rc;
}

/*
 * The header of a sheet (locate_in_sheet): in the first worksheet that has
 * one with every column a header must have (a workbook may open with a
 * 说明 sheet), else in the first worksheet as it is.
 */
static int locate_header_by(kh_table *t, kh_header_score_fn score_fn,
                         void *sctx, long *title_rows, long *line,
                         kh_error *err)
{
    int complete = 0;
    int rc = locate_in_sheet_by(t, score_fn, sctx, title_rows, line, &complete,
                             err);
    size_t ns = kh_table_sheets(t);
    if (rc || complete || ns < 2) return rc;
    for (size_t i = 1; i < ns; i++) {
        kh_error e;
        kh_error_clear(&e);
        long tr, ln;
        int full = 0;
        if (kh_table_set_title(t, 0, NULL, err)) return KH_ERR_NOMEM;
        if (kh_table_use_sheet(t, i, &e)) break; /* unreadable: stop here */
        if (locate_in_sheet_by(t, score_fn, sctx, &tr, &ln, &full, &e) == KH_OK &&
            full) {
            *title_rows = tr;
            *line = ln;
            return KH_OK;
        }
    }
    if (kh_table_set_title(t, 0, NULL, err)) return KH_ERR_NOMEM;
    rc = kh_table_use_sheet(t, 0, err);
    if (!rc)
        rc = locate_in_sheet_by(t, score_fn, sctx, title_rows, line, &complete,
                             err);
    return rc;
}

/* A kind's header table (kaohe/header.h) as the scorer. */
typedef struct kind_score {
    const kh_standard *std;
    int kind;
} kind_score;

static int score_kind(void *ctx, const kh_row *r, int *full)
{
    const kind_score *k = ctx;
    return kh_header_score(k->std, k->kind, r, full);
}

static int locate_in_sheet(kh_table *t, const kh_standard *std, int kind,
                           long *title_rows, long *line, int *complete,
                           kh_error *err)
{
    kind_score ks = {std, kind};
    return locate_in_sheet_by(t, score_kind, &ks, title_rows, line, complete,
                              err);
}

static int locate_header(kh_table *t, const kh_standard *std, int kind,
                         long *title_rows, long *line, kh_error *err)
{
    kind_score ks = {std, kind};
    return locate_header_by(t, score_kind, &ks, title_rows, line, err);
}

/* The header_title finding (a warning by default): where the header is,
 * and the title rows passed over, cut to a readable length. */
static void title_finding(const char *path, kh_table *t, long rows,
                          long line, kh_error *e)
{
    char text[240];
    const char *title = kh_table_title(t);
    size_t n = strlen(title ? title : "");
    if (n >= sizeof text - 4) {
        n = sizeof text - 4;
        while (n && ((unsigned char)title[n] & 0xC0) == 0x80) n--;
    }
    snprintf(text, sizeof text, "%.*s%s", (int)n, title ? title : "",
             title && strlen(title) > n ? "…" : "");
    /* One row after another on one line. */
    char shown[sizeof text * 2];
    size_t o = 0;
    for (const char *p = text; *p && o + 4 < sizeof shown; p++) {
        if (*p == '\n') {
            memcpy(shown + o, " / ", 3);
            o += 3;
        } else {
            shown[o++] = *p;
        }
    }
    shown[o] = '\0';
    kh_error_clear(e);
    kh_error_set(e, KH_ERR_INVALID, "header_title",
                 "表头在第 %ld 行，其上 %ld 行是标题，已略过：%s",
                 "the header is on line %ld; the %ld rows above it are a "
                 "title and were passed over: %s",
                 line, rows, shown);
    kh_error_at(e, path, 0, line, NULL);
}

int kh_load_locate_header_by(kh_table *t, kh_header_score_fn score,
                             void *ctx, const char *path, long *title_rows,
                             kh_error *finding, kh_error *err)
{
    long line = 0;
    kh_error_clear(finding);
    int rc = locate_header_by(t, score, ctx, title_rows, &line, err);
    if (!rc && *title_rows > 0)
        title_finding(path, t, *title_rows, line, finding);
    return rc;
}

int kh_load_locate_header(kh_table *t, const kh_standard *std, int kind,
                          const char *path, long *title_rows,
                          kh_error *finding, kh_error *err)
{
    long line = 0;
    kh_error_clear(finding);
    int rc = locate_header(t, std, kind, title_rows, &line, err);
    if (!rc && *title_rows > 0)
        title_finding(path, t, *title_rows, line, finding);
    return rc;
}

/* ---- the reader ---- */

typedef struct split {
    uint64_t key;
    long last_row;
    rowstore rs;
} split;

typedef struct reader {
    kh_checker *ck;
    const kh_load_sink *sink;
    kh_table *t;
    long long total_units;
    split *splits;
    size_t nsplits;
    long rows;
} reader;

static int file_finding(kh_checker *ck, kh_error *e, kh_error *err)
{
    int rc = kh_checker_file_finding(ck, e);
    if (rc) return kh_error_set(err, rc, "nomem", "内存不足", "out of memory");
    *err = *e;
    return KH_ERR_INVALID;
}

static void progress(reader *rd, int pass)
{
    if (!rd->sink || !rd->sink->progress) return;
    long long done, total;
    kh_table_progress(rd->t, &done, &total);
    rd->sink->progress(rd->sink->ctx, done + (pass == 2 ? total : 0),
                       2 * total);
}

/* Pass 1: rows, and households whose rows are not adjacent. */
static int pass1(reader *rd, kh_error *err)
{
    hmap m;
    if (hmap_init(&m, KH_LOAD_HASH_ROWS)) goto nomem;
    const kh_row *r;
    kh_error e;
    kh_error_clear(&e);
    uint64_t prev = 0;
    size_t prev_slot = 0;
    int rc;
    kh_table_key_only(rd->t, kh_checker_colpos(rd->ck, KH_C_HH_ID));
    while ((rc = kh_table_next(rd->t, &r, &e)) == KH_OK && r) {
        if (r->row == 0) continue;
        rd->rows++;
        if ((rd->rows & 0xfff) == 0) progress(rd, 1);
        kh_cell k = kh_checker_hh_key(rd->ck, r);
        if (!k.len) {
            prev = 0;
            continue; /* its own household; reported by the checker */
        }
        uint64_t h = key_hash(k);
        if (h == prev) {
            m.vals[prev_slot] = (uint32_t)r->row;
            continue;
        }
        size_t j = hmap_slot(&m, h);
        if (!m.keys[j]) {
            m.keys[j] = h;
            m.n++;
        }
        if (m.runs[j] < 255) m.runs[j]++;
        m.vals[j] = (uint32_t)r->row;
        if (m.n * 10 > m.nslots * 7) {
            if (hmap_grow(&m)) goto nomem;
            j = hmap_slot(&m, h);
        }
        prev = h;
        prev_slot = j;
    }
    if (rc) {
        hmap_free(&m);
        if (rc == KH_ERR_IO || rc == KH_ERR_NOMEM) {
            *err = e;
            return rc;
        }
        return file_finding(rd->ck, &e, err);
    }
    for (size_t i = 0; i < m.nslots; i++) {
        if (!m.keys[i] || m.runs[i] < 2) continue;
        split *s = realloc(rd->splits, (rd->nsplits + 1) * sizeof *s);
        if (!s) goto nomem;
        rd->splits = s;
        memset(&s[rd->nsplits], 0, sizeof *s);
        s[rd->nsplits].key = m.keys[i];
        s[rd->nsplits].last_row = m.vals[i];
        rd->nsplits++;
    }
    hmap_free(&m);
    return KH_OK;
nomem:
    hmap_free(&m);
    return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
}

static split *find_split(reader *rd, uint64_t h)
{
    for (size_t i = 0; i < rd->nsplits; i++)
        if (rd->splits[i].key == h) return &rd->splits[i];
    return NULL;
}

static int emit(reader *rd, rowstore *rs, kh_error *err)
{
    const kh_row *const *rows;
    if (rs_view(rs, &rows))
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    const kh_household *h;
    long errors;
    int rc = kh_checker_household(rd->ck, rows, rs->nrows, &h, &errors, err);
    if (!rc && rd->sink && rd->sink->household)
        rc = rd->sink->household(rd->sink->ctx, h, errors, rows, rs->nrows, err);
    rs_reset(rs);
    return rc;
}

static int pass2(reader *rd, kh_error *err)
{
    rowstore cur;
    memset(&cur, 0, sizeof cur);
    kh_buf_init(&cur.text, 0);
    uint64_t cur_key = 0;
    int have = 0, rc;
    const kh_row *r;
    kh_error e;
    kh_error_clear(&e);
    long n = 0;
    while ((rc = kh_table_next(rd->t, &r, &e)) == KH_OK && r) {
        if (r->row == 0) continue;
        if ((++n & 0xfff) == 0) progress(rd, 2);
        kh_cell k = kh_checker_hh_key(rd->ck, r);
        uint64_t h = k.len ? key_hash(k) : 0;
        split *sp = h && rd->nsplits ? find_split(rd, h) : NULL;
        if (have && (h != cur_key || !h || sp)) {
            if ((rc = emit(rd, &cur, err))) break;
            have = 0;
        }
        if (sp) {
            if (rs_add(&sp->rs, r)) {
                rc = KH_ERR_NOMEM;
                break;
            }
            if (r->row == sp->last_row && (rc = emit(rd, &sp->rs, err)))
                break;
            continue;
        }
        if (rs_add(&cur, r)) {
            rc = KH_ERR_NOMEM;
            break;
        }
        cur_key = h;
        have = 1;
    }
    if (rc == KH_OK && have) rc = emit(rd, &cur, err);
    /* A scattered household whose last row was not met (the passes saw
     * different rows: they must not, but no row may ever be dropped). */
    for (size_t i = 0; rc == KH_OK && i < rd->nsplits; i++)
        if (rd->splits[i].rs.nrows) rc = emit(rd, &rd->splits[i].rs, err);
    rs_free(&cur);
    if (rc == KH_ERR_NOMEM)
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    if (rc && e.code[0]) {
        /* The file changed between the passes, or a read error. */
        if (rc == KH_ERR_IO) {
            *err = e;
            return rc;
        }
        return file_finding(rd->ck, &e, err);
    }
    return rc;
}

int kh_registry_read(const char *path, kh_checker *ck,
                     const kh_load_sink *sink, kh_error *err)
{
    return kh_registry_read_sheets(path, NULL, 0, ck, sink, err);
}

/* The sheet the user named (--sheet): its header, its title. */
static int locate_named(kh_table *t, const kh_standard *std,
                        const char *sheet, long *title_rows, long *line,
                        kh_error *err)
{
    size_t idx;
    int complete;
    int rc = kh_table_sheet_find(t, sheet, &idx, err);
    if (!rc) rc = kh_table_use_sheet(t, idx, err);
    if (!rc)
        rc = locate_in_sheet(t, std, KH_HDR_REGISTRY, title_rows, line,
                             &complete, err);
    return rc;
}

int kh_registry_read_sheets(const char *path, const char *sheet,
                            int all_sheets, kh_checker *ck,
                            const kh_load_sink *sink, kh_error *err)
{
    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.ck = ck;
    rd.sink = sink;
    kh_error e;
    kh_error_clear(&e);
    int rc = kh_table_open(path, &rd.t, &e);
    if (rc) {
        if (rc == KH_ERR_IO || rc == KH_ERR_NOMEM) {
            *err = e;
            return rc;
        }
        return file_finding(ck, &e, err);
    }
    long title_rows, hline;
    if (sheet)
        rc = locate_named(rd.t, kh_checker_standard(ck), sheet, &title_rows,
                          &hline, &e);
    else
        rc = locate_header(rd.t, kh_checker_standard(ck), KH_HDR_REGISTRY,
                           &title_rows, &hline, &e);
    if (!rc && all_sheets) rc = kh_table_all_sheets(rd.t, &e);
    if (!rc && title_rows > 0) {
        kh_error te;
        title_finding(path, rd.t, title_rows, hline, &te);
        if (kh_checker_file_finding(ck, &te)) {
            kh_table_free(rd.t);
            return kh_error_nomem(err);
        }
    }
    const kh_row *h = NULL;
    if (!rc) rc = kh_table_next(rd.t, &h, &e);
    if (rc || !h) {
        if (!rc) {
            kh_error_set(&e, KH_ERR_INVALID, "file_empty",
                         "文件没有表头行(只有空行)",
                         "the file has no header row (only empty lines)");
            kh_error_at(&e, path, 0, 0, NULL);
        }
        kh_table_free(rd.t);
        if (rc == KH_ERR_IO) {
            *err = e;
            return rc;
        }
        return file_finding(ck, &e, err);
    }
    /* The title first (h stays valid: the table is not read meanwhile). */
    if (title_rows > 0 && sink && sink->title && kh_table_title(rd.t) &&
        (rc = sink->title(sink->ctx, kh_table_title(rd.t), err))) {
        kh_table_free(rd.t);
        return rc;
    }
    rc = kh_checker_header(ck, path, kh_table_kind(rd.t), h, err);
    if (!rc && sink && sink->header) rc = sink->header(sink->ctx, h, err);
    if (rc) {
        kh_table_free(rd.t);
        return rc;
    }
    rc = pass1(&rd, err);
    if (!rc && kh_table_sheets_skipped(rd.t)) {
        kh_error_clear(&e);
        kh_error_set(&e, KH_ERR_INVALID, "sheet_skipped",
                     "工作表“%s”没有与第一个工作表相同的表头,未读取",
                     "worksheets '%s' do not repeat the first sheet's "
                     "header and were not read",
                     kh_table_sheets_skipped(rd.t));
        kh_error_at(&e, path, 0, 0, NULL);
        if (kh_checker_file_finding(ck, &e)) rc = kh_error_nomem(err);
    }
    if (!rc && rd.rows == 0) {
        kh_error_set(&e, KH_ERR_INVALID, "no_data",
                     "文件只有表头,没有数据行",
                     "the file has a header and no data rows");
        kh_error_at(&e, path, 0, 0, NULL);
        rc = file_finding(ck, &e, err);
    }
    if (!rc) rc = kh_checker_reserve(ck, (size_t)rd.rows, err);
    kh_table_key_only(rd.t, -1);
    if (!rc) rc = kh_table_rewind(rd.t, err);
    if (!rc) rc = pass2(&rd, err);
    if (!rc) progress(&rd, 2);
    for (size_t i = 0; i < rd.nsplits; i++) rs_free(&rd.splits[i].rs);
    free(rd.splits);
    kh_table_free(rd.t);
    return rc;
}

/* ---- regions ---- */

int kh_regions_read(const char *path, const kh_standard *std,
                    kh_regionset *rs, kh_finding_fn fn, void *ctx,
                    long *errors, kh_error *err)
{
    kh_table *t;
    kh_error e;
    kh_error_clear(&e);
    *errors = 0;
    int rc = kh_table_open(path, &t, &e);
    rowstore store;
    memset(&store, 0, sizeof store);
    long title_rows = 0, hline = 0;
    if (!rc) {
        rc = locate_header(t, std, KH_HDR_REGIONS, &title_rows, &hline, &e);
        if (rc) kh_table_free(t);
    }
    if (!rc && title_rows > 0) {
        kh_error te;
        title_finding(path, t, title_rows, hline, &te);
        kh_finding f = {path, 0, te.line, "", "", "", te.code,
                        kh_standard_is_warning(std, te.code), te.zh, te.en};
        if (!f.warning) (*errors)++;
        if (fn && fn(ctx, &f)) {
            kh_table_free(t);
            return kh_error_nomem(err);
        }
    }
    if (!rc) {
        const kh_row *r;
        while ((rc = kh_table_next(t, &r, &e)) == KH_OK && r)
            if (rs_add(&store, r)) {
                rc = kh_error_set(&e, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
                break;
            }
        kh_table_free(t);
    }
    if (rc) {
        rs_free(&store);
        if (rc == KH_ERR_IO || rc == KH_ERR_NOMEM) {
            *err = e;
            return rc;
        }
        kh_finding f = {path, e.row, e.line, e.column, "", "", e.code, 0,
                        e.zh, e.en};
        *errors = 1;
        if (fn && fn(ctx, &f))
            return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        *err = e;
        return KH_ERR_INVALID;
    }
    const kh_row *const *rows;
    if (rs_view(&store, &rows)) {
        rs_free(&store);
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    }
    rc = kh_regions_check(std, path, rows, store.nrows, rs, fn, ctx, errors,
                          err);
    rs_free(&store);
    return rc;
}

int kh_file_is_regions(const char *path, const kh_standard *std,
                       kh_error *err)
{
    kh_table *t;
    int rc = kh_table_open(path, &t, err);
    /* A malformed file is the registry reader's to report as a finding. */
    if (rc) return rc == KH_ERR_IO || rc == KH_ERR_NOMEM ? rc : 0;
    long title_rows, hline;
    const kh_row *h = NULL;
    rc = locate_header(t, std, KH_HDR_REGIONS, &title_rows, &hline, err);
    if (!rc) rc = kh_table_next(t, &h, err);
    int has_code = 0, has_hh = 0, exact;
    for (size_t i = 0; !rc && h && i < h->n; i++) {
        if (kh_header_match(std, KH_HDR_REGIONS, h->cells[i].s,
                            h->cells[i].len, &exact) == KH_R_CODE)
            has_code = 1;
        if (kh_header_match(std, KH_HDR_REGISTRY, h->cells[i].s,
                            h->cells[i].len, &exact) == KH_C_HH_ID)
            has_hh = 1;
    }
    kh_table_free(t);
    if (rc) return 0; /* let the registry reader report it */
    return has_code && !has_hh;
}
