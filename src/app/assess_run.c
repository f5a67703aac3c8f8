/* SPDX-License-Identifier: MIT */
/*
 * assess_run.c - one assessment run (include/kaohe/assess_run.h): the
 * inputs files read and merged, the scoring's sources, the provenance of
 * every value, and the store; and the run as a use case (who may, the
 * transaction, the audit: kh_app_assess_run). Used by `kaohe assess run`
 * and by the HTTP API's inputs upload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app.h"
#include "kaohe/encoding.h"
#include "kaohe/assess_json.h"
#include "kaohe/assess_run.h"
#include "kaohe/header.h"
#include "kaohe/date.h"
#include "kaohe/buf.h"
#include "kaohe/indicators.h"
#include "kaohe/load.h"
#include "kaohe/indicators_store.h"
#include "kaohe/label.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"

int kh_assess_load_scheme(const char *scheme, int level, kh_scheme_set **set,
                          const kh_scheme **s, kh_error *err)
{
    int rc = kh_scheme_set_new(set, err);
    if (!rc) rc = kh_scheme_set_load(*set, scheme, s, err);
    if (!rc && (*s)->level != level)
        rc = kh_error_set(err, KH_ERR_USAGE, "scheme_level",
                          "方案“%s”考核 %s 级,而 --level 为 %s",
                          "scheme '%s' assesses level %s, not --level %s",
                          (*s)->name, kh_level_name((*s)->level),
                          kh_level_name(level));
    return rc;
}

int kh_assess_load_schemes(const char *const *schemes, size_t n, int level,
                           kh_scheme_set **set, const kh_scheme **s,
                           kh_error *err)
{
    if (n == 1) return kh_assess_load_scheme(schemes[0], level, set, s, err);
    *s = NULL;
    int rc = kh_scheme_set_new(set, err);
    for (size_t k = 0; !rc && k < n; k++) {
        const kh_scheme *x;
        rc = kh_scheme_set_load(*set, schemes[k], &x, err);
        if (!rc && !*s && x->level == level) *s = x;
    }
    if (!rc && !*s)
        rc = kh_error_set(err, KH_ERR_USAGE, "scheme_level",
                          "--scheme 所列方案中没有考核 %s 级的",
                          "none of the --scheme schemes assesses level %s",
                          kh_level_name(level));
    return rc;
}

size_t kh_assess_schemes(kh_scheme_set *set, const kh_scheme *s,
                         const kh_scheme **list, size_t n, size_t max)
{
    for (size_t k = 0; k < n; k++)
        if (list[k] == s) return n;
    if (n == max) return n;
    list[n++] = s;
    for (size_t i = 0; i < s->nitems; i++) {
        if (s->items[i].src != KH_SRC_ROLLUP) continue;
        const kh_scheme *sub = kh_scheme_set_get(set, s->items[i].ref);
        if (sub) n = kh_assess_schemes(set, sub, list, n, max);
    }
    return n;
}

#define MAX_SCHEMES 32 /* the schemes of one run */

/* The fingerprint of s and the schemes it rolls up (FNV-1a of their
 * texts). */
static unsigned long fingerprint(kh_scheme_set *set, const kh_scheme *s)
{
    const kh_scheme *list[MAX_SCHEMES];
    size_t nl = kh_assess_schemes(set, s, list, 0, MAX_SCHEMES);
    unsigned long h = 2166136261UL;
    for (size_t k = 0; k < nl; k++)
        for (size_t i = 0; list[k]->text && i < list[k]->text_len; i++) {
            h ^= (unsigned char)list[k]->text[i];
            h = (h * 16777619UL) & 0xffffffffUL;
        }
    return h;
}

void kh_assess_stamp(kh_scheme_set *set, const kh_scheme *s, int year,
                     int level, char *out, size_t n)
{
    snprintf(out, n, "%d 年度%s级考核，核对码 %lu", year,
             kh_level_name(level), fingerprint(set, s));
}

void kh_assess_stamp_v1(kh_scheme_set *set, const kh_scheme *s, int year,
                        int level, char *out, size_t n)
{
    snprintf(out, n, "%s #%08lx %d 年 %s级", s->name, fingerprint(set, s),
             year, kh_level_name(level));
}

void kh_assess_input_heading(const kh_scheme *sc, const kh_scheme_input *in,
                             char *out, size_t n)
{
    const char *label = in->label ? in->label : in->name;
    if (in->type == KH_IN_YESNO) {
        snprintf(out, n, "%s%s", label,
                 strstr(label, "1 是") ? "" : "（1 是 0 否）");
        return;
    }
    char lo[64], hi[64];
    if (in->type == KH_IN_RATE) { /* percentages (label.c's words) */
        kh_label_ref_value(sc, KH_SRC_INPUT, in->name, in->lo, lo, sizeof lo);
        kh_label_ref_value(sc, KH_SRC_INPUT, in->name, in->hi, hi, sizeof hi);
    } else {
        kh_q_text(in->lo, lo, sizeof lo);
        kh_q_text(in->hi, hi, sizeof hi);
    }
    snprintf(out, n, "%s（%s～%s）", label, lo, hi);
}

void kh_assess_date_heading(const char *step, char *out, size_t n)
{
    snprintf(out, n, "填写日期：%s（如 2020-06-30）", step);
}

/* ---- the inputs file ---- */

typedef struct in_row {
    char code[13];
    long row, line;
    char **cells; /* one per column, NULL when empty */
} in_row;

typedef struct inputs {
    const char *file;
    size_t ncols;
    char **cols;   /* input names; "日期:STEP" for the date columns */
    char **shown;  /* a column read by its label: its name in errors (the
                    * header as written, or the label when that is too
                    * long); NULL for the others (named by cols) */
    size_t nrows;
    in_row *rows;
    int code_col;
} inputs;

static void inputs_free(inputs *in)
{
    /* (a row's cells or the names are NULL when their allocation failed) */
    for (size_t r = 0; r < in->nrows; r++) {
        for (size_t c = 0; in->rows[r].cells && c < in->ncols; c++)
            free(in->rows[r].cells[c]);
        free(in->rows[r].cells);
    }
    free(in->rows);
    for (size_t c = 0; in->cols && c < in->ncols; c++) free(in->cols[c]);
    free(in->cols);
    for (size_t c = 0; in->shown && c < in->ncols; c++) free(in->shown[c]);
    free(in->shown);
}

/* The name of column c of in in an error: the header as the file writes
 * it for a column read by its label, else its key. */
static const char *col_name(const inputs *in, int c)
{
    return in->shown && in->shown[c] ? in->shown[c] : in->cols[c];
}

/* The key of a header cell: up to the first blank ("daily 平时考核得分
 * [0, 10]" is the column daily). */
static char *header_key(const kh_cell *c)
{
    size_t n = strcspn(c->s, " \t");
    char *k = malloc(n + 1);
    if (k) memcpy(k, c->s, n), k[n] = '\0';
    return k;
}

static int meta_col(const char *name);

/* The input of the run's schemes named name, or NULL. */
static const kh_scheme_input *input_named(const kh_scheme *const *list,
                                          size_t nl, const char *name)
{
    for (size_t k = 0; k < nl; k++) {
        const kh_scheme_input *in = kh_scheme_input_find(list[k], name);
        if (in) return in;
    }
    return NULL;
}

/* The input of the run's schemes whose label header cell c gives (both
 * compared as kh_header_norm makes them: spaces, and the range or note
 * in brackets at the end, cut off), or NULL when none or two differently
 * named inputs do; *sc its scheme, *exact 1 when c is the template's
 * heading or the label as written. */
static const kh_scheme_input *input_labelled(const kh_scheme *const *list,
                                             size_t nl, const kh_cell *c,
                                             const kh_scheme **sc, int *exact)
{
    char hn[512], ln[512];
    const kh_scheme_input *found = NULL;
    *exact = 0;
    if (kh_header_norm(c->s, c->len, hn, sizeof hn) <= 0) return NULL;
    for (size_t k = 0; k < nl; k++)
        for (size_t i = 0; i < list[k]->ninputs; i++) {
            const kh_scheme_input *in = &list[k]->inputs[i];
            if (!in->label || (found && !strcmp(found->name, in->name)) ||
                kh_header_norm(in->label, strlen(in->label), ln, sizeof ln) <= 0 ||
                strcmp(hn, ln))
                continue;
            if (found) return NULL; /* two inputs: neither */
            found = in, *sc = list[k];
        }
    if (found) {
        char h[1024];
        kh_assess_input_heading(*sc, found, h, sizeof h);
        *exact = !strcmp(c->s, h) || !strcmp(c->s, found->label);
    }
    return found;
}

/* The step a date column's header names, "日期:STEP" (malloc'd), or NULL:
 * the template's "填写日期：STEP（如 2020-06-30）", or 日期：STEP. */
static char *date_key(const kh_cell *c)
{
    static const char *const pre[] = {"填写日期：", "填写日期:", "日期："};
    for (size_t k = 0; k < sizeof pre / sizeof *pre; k++) {
        size_t pl = strlen(pre[k]);
        if (strncmp(c->s, pre[k], pl)) continue;
        const char *st = c->s + pl;
        size_t n = strcspn(st, " \t(");
        const char *fw = strstr(st, "（"); /* (a string: its bytes occur in names) */
        if (fw && (size_t)(fw - st) < n) n = (size_t)(fw - st);
        if (!n) return NULL;
        kh_buf b = KH_BUF_INIT;
        if (kh_buf_printf(&b, "日期:%.*s", (int)n, st)) {
            kh_buf_free(&b);
            return NULL;
        }
        return kh_buf_take(&b);
    }
    return NULL;
}

/* The key of header cell c: a column the standards file's
 * [alias.inputs] names (区划代码 as 行政区划代码), said once in a note;
 * else the text up to the first blank when it is an input's name or a
 * known column (earlier versions' template: "daily 平时考核得分 [0, 10]"
 * is the column daily); else a step's date column; else the input whose
 * label the header gives (the template's "平时考核得分（0～10）", said in a
 * note when the header is not the template's own); else up to the first
 * blank (a column no input of the run: noted by warn_unused). NULL when
 * memory ran out. */
static char *input_key(const kh_assess_req *req, const kh_standard *std,
                       const kh_scheme *const *list, size_t nl,
                       const char *file, size_t col, const kh_cell *c,
                       char **shown /* OUT */)
{
    *shown = NULL;
    char zh[1024], en[1024];
    const char *lab = kh_header_alias(std, "alias.inputs", c->s, c->len);
    if (lab && !(strlen(lab) == c->len && !memcmp(lab, c->s, c->len))) {
        if (req->note) {
            snprintf(zh, sizeof zh, "%s 第 %zu 列的表头“%s”按“%s”列读取",
                     file, col + 1, c->s, lab);
            snprintf(en, sizeof en, "%s: column %zu, headed '%s', is read as "
                     "'%s'", file, col + 1, c->s, lab);
            req->note(req->note_ctx, zh, en);
        }
        return strdup(lab);
    }
    char *k = header_key(c);
    if (!k || meta_col(k) || input_named(list, nl, k)) return k;
    char *d = date_key(c);
    if (d) {
        free(k);
        *shown = strdup(c->s);
        return d;
    }
    const kh_scheme *sc = NULL;
    int exact;
    const kh_scheme_input *in = input_labelled(list, nl, c, &sc, &exact);
    if (!in) return k;
    free(k);
    char sh[512];
    if (c->len < sizeof ((kh_error *)0)->column)
        snprintf(sh, sizeof sh, "%s", c->s);
    else
        kh_label_input(sc, in->name, sh, sizeof sh);
    *shown = strdup(sh);
    if (!exact && req->note) {
        char l[512];
        kh_label_input(sc, in->name, l, sizeof l);
        snprintf(zh, sizeof zh, "%s 第 %zu 列的表头“%s”按录入项“%s”读取",
                 file, col + 1, c->s, in->label);
        snprintf(en, sizeof en, "%s: column %zu, headed '%s', is read as "
                 "input '%s' (%s)", file, col + 1, c->s, in->name, l);
        req->note(req->note_ctx, zh, en);
    }
    return strdup(in->name);
}

/* A row naming 区划代码 (itself or through [alias.inputs]) is the
 * header (kh_load_locate_header_by's scorer). */
static int score_inputs(void *ctx, const kh_row *h, int *full)
{
    const kh_standard *std = ctx;
    *full = 0;
    for (size_t c = 0; c < h->n && !*full; c++) {
        const kh_cell *x = &h->cells[c];
        const char *lab = kh_header_alias(std, "alias.inputs", x->s, x->len);
        size_t k = strcspn(x->s, " \t");
        if ((lab && !strcmp(lab, "区划代码")) ||
            (k == strlen("区划代码") && !memcmp(x->s, "区划代码", k)))
            *full = 1;
    }
    return *full;
}

/*
 * Title rows above an inputs file's header (a 录入表 with a caption),
 * found as the registry's are (kh_load_locate_header_by): the header is
 * the first of the first KH_HEADER_SCAN_ROWS rows that names 区划代码;
 * the rows above it are passed over and said in a note. The table is
 * left before the header.
 */
static int inputs_title(const kh_assess_req *req, const kh_standard *std,
                        kh_table *t, const char *label, kh_error *err)
{
    long title_rows = 0;
    kh_error tf;
    int rc = kh_load_locate_header_by(t, score_inputs, (void *)std, label,
                                      &title_rows, &tf, err);
    if (!rc && title_rows > 0 && req->note) {
        char zh[sizeof tf.zh + 300], en[sizeof tf.en + 300];
        snprintf(zh, sizeof zh, "%s 的%s", label, tf.zh);
        kh_utf8_trim(zh);
        snprintf(en, sizeof en, "%s: %s", label, tf.en);
        kh_utf8_trim(en);
        req->note(req->note_ctx, zh, en);
    }
    return rc;
}

static int read_inputs(const kh_assess_req *req, const kh_standard *std,
                       const kh_scheme *const *list, size_t nl,
                       const char *path, const char *label, inputs *in,
                       kh_error *err)
{
    memset(in, 0, sizeof *in);
    in->file = label;
    in->code_col = -1;
    kh_table *t = NULL;
    int rc = kh_table_open(path, &t, err);
    if (!rc) rc = inputs_title(req, std, t, label, err);
    if (rc) {
        kh_table_free(t);
        if (err && !strcmp(err->file, path))
            snprintf(err->file, sizeof err->file, "%s", label);
        return rc;
    }
    const kh_row *row;
    int nomem = 0;
    while (!rc && !(rc = kh_table_next(t, &row, err)) && row) {
        if (row->row == 0) {
            in->ncols = row->n;
            in->cols = calloc(row->n + 1, sizeof *in->cols);
            in->shown = calloc(row->n + 1, sizeof *in->shown);
            if (!in->cols || !in->shown) {
                nomem = 1;
                break;
            }
            for (size_t c = 0; c < row->n; c++) {
                if (!(in->cols[c] = input_key(req, std, list, nl, label, c,
                                              &row->cells[c], &in->shown[c])))
                    nomem = 1;
                else if (!strcmp(in->cols[c], "区划代码")) in->code_col = (int)c;
            }
            if (in->code_col < 0) {
                rc = kh_error_msg(err, KH_ERR_INVALID, "inputs_header",
                                  "录入表缺少“区划代码”列",
                                  "the inputs file has no column 区划代码");
                kh_error_at(err, in->file, 0, row->line, NULL);
            }
            continue;
        }
        const char *code = (size_t)in->code_col < row->n
                               ? row->cells[in->code_col].s : "";
        if (strlen(code) != 12 || strspn(code, "0123456789") != 12) {
            rc = kh_error_set(err, KH_ERR_INVALID, "inputs_code",
                              "区划代码“%s”不是 12 位数字",
                              "region code '%s' is not 12 digits", code);
            kh_error_at(err, in->file, row->row, row->line, "区划代码");
            break;
        }
        for (size_t r = 0; r < in->nrows; r++)
            if (!strcmp(in->rows[r].code, code)) {
                rc = kh_error_set(err, KH_ERR_INVALID, "inputs_duplicate",
                                  "区划 %s 出现两次(另见第 %ld 行)",
                                  "region %s appears twice (also row %ld)",
                                  code, in->rows[r].row);
                kh_error_at(err, in->file, row->row, row->line, "区划代码");
            }
        if (rc) break;
        in_row *nr = realloc(in->rows, (in->nrows + 1) * sizeof *nr);
        if (!nr) {
            nomem = 1;
            break;
        }
        in->rows = nr;
        in_row *x = &in->rows[in->nrows++];
        memcpy(x->code, code, 13);
        x->row = row->row;
        x->line = row->line;
        if (!(x->cells = calloc(in->ncols + 1, sizeof *x->cells))) {
            nomem = 1;
            break;
        }
        for (size_t c = 0; c < in->ncols && c < row->n; c++) {
            const char *v = row->cells[c].s;
            if (!*v || !strcmp(v, "/")) continue;
            /* A 日期:STEP cell as offices write dates, kept YYYY-MM-DD. */
            char iso[11];
            if (!strncmp(in->cols[c], "日期:", strlen("日期:")) &&
                kh_date_cell(v, strlen(v), iso) == 0)
                v = iso;
            if (!(x->cells[c] = strdup(v))) nomem = 1;
        }
    }
    kh_table_free(t);
    if (nomem)
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    if (rc) inputs_free(in);
    /* the reader's errors name the path: name the label instead */
    if (rc && err && !strcmp(err->file, path))
        snprintf(err->file, sizeof err->file, "%s", label);
    return rc;
}

static int col_of(const inputs *in, const char *name)
{
    for (size_t c = 0; c < in->ncols; c++)
        if (!strcmp(in->cols[c], name)) return (int)c;
    return -1;
}

static const in_row *row_of(const inputs *in, const char *code)
{
    for (size_t r = 0; r < in->nrows; r++)
        if (!strcmp(in->rows[r].code, code)) return &in->rows[r];
    return NULL;
}

/* ---- sources for the scoring ---- */

typedef struct src_ctx {
    kh_indicators *ix;
    inputs *in; /* the inputs files, in the order given */
    size_t nin;
    kh_error bad; /* a cell that is not a number */
    int has_bad;
} src_ctx;

static int src_indicator(void *ctx, const char *code, const char *name,
                         long long *num, long long *den)
{
    src_ctx *c = ctx;
    int r = kh_indicators_region_find(c->ix, code);
    int i = kh_indicators_find(c->ix, name);
    if (r < 0 || i < 0) return -1;
    kh_indicators_get(c->ix, (size_t)r, (size_t)i, num, den);
    return 0;
}

/* The file (index into in[]) that gives input name of region code, its
 * row and column; -1 when none does. The files agree (check_conflicts). */
static int cell_of(const inputs *in, size_t nin, const char *code,
                   const char *name, const in_row **row, int *col)
{
    for (size_t k = 0; k < nin; k++) {
        int c = col_of(&in[k], name);
        const in_row *r = row_of(&in[k], code);
        if (c >= 0 && r && r->cells[c]) {
            *row = r;
            *col = c;
            return (int)k;
        }
    }
    return -1;
}

/* The half-width form of a cell, as the registry reads it: full-width
 * digits, ％ ． － ＋ ／ and the ideographic space become ASCII
 * ("２．５％" -> "2.5%"). out holds at least strlen(s) + 1 bytes. */
static void halfwidth(const char *s, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    char *o = out;
    while (*p) {
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x8B && p[2] <= 0x99) {
            *o++ = (char)(p[2] - 0x8B + '+'); /* U+FF0B..U+FF19: ＋…９ */
            p += 3;
        } else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x85) {
            *o++ = '%'; /* ％ */
            p += 3;
        } else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            *o++ = ' '; /* U+3000 */
            p += 3;
        } else {
            *o++ = (char)*p++;
        }
    }
    *o = 0;
}

static void src_why(void *ctx, const char *code, const char *name,
                    char *buf, size_t n)
{
    src_ctx *c = ctx;
    int r = kh_indicators_region_find(c->ix, code);
    int i = kh_indicators_find(c->ix, name);
    buf[0] = '\0';
    if (r >= 0 && i >= 0) kh_indicators_why(c->ix, (size_t)r, (size_t)i, buf, n);
}

/* The file, row and column of input name of region code: the file that
 * holds the cell, else the first with the region's row and the column,
 * else the first with the row (the column named though absent), else the
 * first file. */
static void src_locate(void *ctx, const char *code, const char *name,
                       kh_error *err)
{
    src_ctx *c = ctx;
    const in_row *row;
    int col, f = cell_of(c->in, c->nin, code, name, &row, &col);
    if (f >= 0) { /* the file that holds the cell */
        kh_error_at(err, c->in[f].file, row->row, row->line,
                    col_name(&c->in[f], col));
        return;
    }
    for (size_t k = 0; k < c->nin; k++) { /* a row with the column empty */
        const in_row *r = row_of(&c->in[k], code);
        int ck = col_of(&c->in[k], name);
        if (r && ck >= 0) {
            kh_error_at(err, c->in[k].file, r->row, r->line,
                        col_name(&c->in[k], ck));
            return;
        }
    }
    for (size_t k = 0; k < c->nin; k++) {
        const in_row *r = row_of(&c->in[k], code);
        if (r) {
            kh_error_at(err, c->in[k].file, r->row, r->line, name);
            return;
        }
    }
    if (c->nin) kh_error_at(err, c->in[0].file, 0, 0, name);
}

static int src_input(void *ctx, const char *code, const char *name, kh_q *v)
{
    src_ctx *c = ctx;
    const in_row *row;
    int col, k = cell_of(c->in, c->nin, code, name, &row, &col);
    if (k < 0) return 1;
    /* a number is short: a longer cell is parsed as it is (and refused) */
    char hw[256];
    const char *t = row->cells[col];
    if (strlen(t) < sizeof hw) {
        halfwidth(t, hw);
        t = hw;
    }
    size_t tl = strlen(t);
    while (tl && (*t == ' ' || *t == '\t')) t++, tl--;
    while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\t')) tl--;
    if (kh_q_parse(t, tl, v)) {
        if (!c->has_bad) {
            /* the column as the file heads it, in the Chinese text */
            kh_error_set(&c->bad, KH_ERR_INVALID, "input_number",
                         "区划 %s 的“%s”%.0s为“%s”，不是数",
                         "region %s: %.0sinput '%s' is '%s', not a number",
                         code, col_name(&c->in[k], col), name,
                         row->cells[col]);
            kh_error_at(&c->bad, c->in[k].file, row->row, row->line,
                        col_name(&c->in[k], col));
            c->has_bad = 1;
        }
        return 1;
    }
    return 0;
}

/* Columns that are no input: the region's code, name, level, scheme,
 * parent, and the dates of the steps (each file keeps its own). */
static int meta_col(const char *name)
{
    static const char *const known[] = {"区划代码", "名称", "级别", "方案",
                                        "上级代码", KH_ASSESS_STAMP_COL};
    if (!strncmp(name, "日期:", strlen("日期:"))) return 1;
    for (size_t k = 0; k < sizeof known / sizeof *known; k++)
        if (!strcmp(name, known[k])) return 1;
    return 0;
}

/* Two cells say the same: equal as numbers when both are, else as text. */
static int same_value(const char *a, const char *b)
{
    kh_q x, y;
    if (!kh_q_parse(a, strlen(a), &x) && !kh_q_parse(b, strlen(b), &y))
        return kh_q_cmp(x, y) == 0;
    return !strcmp(a, b);
}

/* Several inputs files are merged by region code and column; the same
 * cell given differently in two of them is an error naming both files
 * (with their rows), the region and the column. */
static int check_conflicts(const inputs *in, size_t nin, kh_error *err)
{
    for (size_t a = 0; a < nin; a++)
        for (size_t b = a + 1; b < nin; b++)
            for (size_t r = 0; r < in[a].nrows; r++) {
                const in_row *ra = &in[a].rows[r];
                const in_row *rb = row_of(&in[b], ra->code);
                if (!rb) continue;
                for (size_t c = 0; c < in[a].ncols; c++) {
                    if (!ra->cells[c] || meta_col(in[a].cols[c])) continue;
                    int cb = col_of(&in[b], in[a].cols[c]);
                    if (cb < 0 || !rb->cells[cb] ||
                        same_value(ra->cells[c], rb->cells[cb]))
                        continue;
                    kh_error_set(err, KH_ERR_INVALID, "inputs_conflict",
                                 "区划 %s 的“%s”%.0s在 %s 第 %ld 行为“%s”，"
                                 "在 %s 第 %ld 行为“%s”，两者不一致",
                                 "region %s: %.0sinput '%s' differs: %s row "
                                 "%ld gives '%s', %s row %ld gives '%s'",
                                 ra->code, col_name(&in[b], cb),
                                 in[a].cols[c], in[a].file, ra->row,
                                 ra->cells[c], in[b].file, rb->row,
                                 rb->cells[cb]);
                    kh_error_at(err, in[b].file, rb->row, rb->line,
                                col_name(&in[b], cb));
                    return KH_ERR_INVALID;
                }
            }
    return KH_OK;
}

/* Columns no scheme of the run uses (a NULL), or rows of regions it did
 * not score: probably typing mistakes, told through the note. */
static void warn_unused(const kh_assess_req *req, const inputs *in,
                        const kh_scheme *const *list, size_t nl,
                        const kh_assessment *a)
{
    if (!req->note) return;
    char zh[512], en[512];
    if (a) {
        for (size_t r = 0; r < in->nrows; r++)
            if (kh_assessment_find(a, in->rows[r].code) < 0) {
                snprintf(zh, sizeof zh, "%s 第 %ld 行的区划 %s 不在本次考核中,未使用",
                         in->file, in->rows[r].row, in->rows[r].code);
                snprintf(en, sizeof en, "%s row %ld: region %s is not assessed "
                         "here; ignored", in->file, in->rows[r].row,
                         in->rows[r].code);
                req->note(req->note_ctx, zh, en);
            }
        return;
    }
    for (size_t c = 0; c < in->ncols; c++) {
        int used = meta_col(in->cols[c]);
        for (size_t k = 0; !used && k < nl; k++)
            used = kh_scheme_input_find(list[k], in->cols[c]) != NULL;
        if (!used) {
            snprintf(zh, sizeof zh, "%s 的“%s”列不是本次考核的录入项,未使用",
                     in->file, in->cols[c]);
            snprintf(en, sizeof en, "%s: column '%s' is not an input of this "
                     "assessment; ignored", in->file, in->cols[c]);
            req->note(req->note_ctx, zh, en);
        }
    }
}

static int known(void *ctx, const char *name)
{
    return kh_indicators_find(ctx, name) >= 0;
}


struct kh_assess_pending {
    kh_scheme_set *set;
    kh_assessment *a;
    size_t nl;
    const char *names[MAX_SCHEMES], *texts[MAX_SCHEMES];
    char *files;   /* the inputs files' names, joined */
    inputs in[KH_ASSESS_MAX_INPUTS];
    size_t nin;    /* the files read (their cells back prov's values) */
    kh_assess_prov *prov;
    size_t nprov;
    char **vals;   /* the indicator values' texts */
    size_t nvals;
    char registry[32];
};

void kh_assess_pending_free(kh_assess_pending *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->nvals; i++) free(p->vals[i]);
    free(p->vals);
    free(p->prov);
    for (size_t k = 0; k < p->nin; k++) inputs_free(&p->in[k]);
    free(p->files);
    kh_assessment_free(p->a);
    kh_scheme_set_free(p->set);
    free(p);
}

kh_assessment *kh_assess_pending_result(kh_assess_pending *p) { return p->a; }


/* The inputs used, with their step and date (the file's 日期:STEP column,
 * else today). */
static int prov_inputs(kh_assess_pending *p, const char *today, kh_error *err)
{
    kh_assessment *a = p->a;
    for (size_t r = 0; p->nin && r < a->nregions; r++) {
        const kh_assess_region *g = &a->regions[r];
        for (size_t i = 0; i < g->scheme->ninputs; i++) {
            const kh_scheme_input *x = &g->scheme->inputs[i];
            const in_row *row;
            int c, k = cell_of(p->in, p->nin, g->code, x->name, &row, &c);
            if (k < 0) continue;
            kh_assess_prov *np = realloc(p->prov, (p->nprov + 1) * sizeof *np);
            if (!np) return kh_error_nomem(err);
            p->prov = np;
            const char *date = today;
            if (x->step) {
                char key[160];
                snprintf(key, sizeof key, "日期:%s", x->step);
                int dc = col_of(&p->in[k], key);
                if (dc >= 0 && row->cells[dc]) date = row->cells[dc];
            }
            p->prov[p->nprov++] = (kh_assess_prov){
                g->code, x->name, row->cells[c], x->step, date, p->in[k].file};
        }
    }
    return KH_OK;
}

/* The indicators used, as the step 数据汇总 of the registry year. */
static int prov_indicators(kh_assess_pending *p, const char *today,
                           kh_error *err)
{
    kh_assessment *a = p->a;
    for (size_t r = 0; r < a->nregions; r++) {
        const kh_assess_region *g = &a->regions[r];
        for (size_t i = 0; i < g->scheme->nitems; i++) {
            const kh_scheme_item *it = &g->scheme->items[i];
            if (it->src != KH_SRC_INDICATOR || !g->items[i].has_value) continue;
            kh_assess_prov *np = realloc(p->prov, (p->nprov + 1) * sizeof *np);
            if (np) p->prov = np;
            char **nv = realloc(p->vals, (p->nvals + 1) * sizeof *nv);
            if (nv) p->vals = nv;
            kh_buf vb = KH_BUF_INIT;
            if (!np || !nv ||
                kh_buf_printf(&vb, "%lld/%lld", g->items[i].value.num,
                              g->items[i].value.den)) {
                kh_buf_free(&vb);
                return kh_error_nomem(err);
            }
            p->vals[p->nvals] = kh_buf_take(&vb);
            p->prov[p->nprov++] = (kh_assess_prov){
                g->code, it->ref, p->vals[p->nvals++], "数据汇总", today,
                p->registry};
        }
    }
    return KH_OK;
}

int kh_assess_prepare(kh_store *db, const kh_standard *std,
                      const kh_assess_req *req, kh_assess_pending **out,
                      kh_error *err)
{
    *out = NULL;
    if (req->nfiles > KH_ASSESS_MAX_INPUTS)
        return kh_error_msg(err, KH_ERR_USAGE, "inputs_many",
                            "录入表最多 16 个", "at most 16 inputs files");
    kh_assess_pending *p = calloc(1, sizeof *p);
    if (!p) return kh_error_nomem(err);
    const kh_scheme *s = NULL;
    kh_regionset *rs = NULL;
    kh_indicators *ix = NULL;
    const kh_scheme *list[MAX_SCHEMES];
    int rc = req->nschemes
                 ? kh_assess_load_schemes(req->schemes, req->nschemes,
                                          req->level, &p->set, &s, err)
                 : kh_assess_load_scheme(req->scheme, req->level, &p->set, &s,
                                         err);
    if (!rc && !kh_store_year_exists(db, req->year))
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                          "数据库中没有 %d 年的建档立卡数据",
                          "no registry snapshot for %d in the database",
                          req->year);
    if (!rc) rc = kh_regionset_new(&rs, err);
    if (!rc) rc = kh_store_regions_load(db, rs, err);
    if (!rc)
        rc = kh_indicators_new(std, req->year, rs,
                               kh_store_ind_with(db, req->year), &ix, err);
    p->nl = rc ? 0 : kh_assess_schemes(p->set, s, list, 0, MAX_SCHEMES);
    for (size_t k = 0; !rc && k < p->nl; k++)
        for (size_t i = 0; !rc && i < list[k]->nitems; i++) {
            const kh_scheme_item *it = &list[k]->items[i];
            if (it->src == KH_SRC_INDICATOR && !strncmp(it->ref, "finding.", 8) &&
                !kh_store_review_ran(db, req->year))
                rc = kh_error_set(err, KH_ERR_NOTFOUND, "review_missing",
                                  "方案“%s”的项目“%s”用到 %s,须先运行 kaohe "
                                  "review --year %d",
                                  "scheme '%s', item '%s' uses %s: run kaohe "
                                  "review --year %d first", list[k]->name,
                                  it->path, it->ref, req->year);
        }
    if (!rc) rc = kh_scheme_check(p->set, s, known, ix, err);
    for (size_t k = 0; !rc && k < req->nfiles; k++) {
        const char *label = req->labels ? req->labels[k] : req->paths[k];
        rc = read_inputs(req, std, list, p->nl, req->paths[k], label,
                         &p->in[k], err);
        if (!rc) warn_unused(req, &p->in[p->nin++], list, p->nl, NULL);
    }
    if (!rc && p->nin > 1) rc = check_conflicts(p->in, p->nin, err);
    char stamp[256];
    char stamp_v1[256]; /* an earlier version's template */
    if (!rc) {
        kh_assess_stamp(p->set, s, req->year, req->level, stamp, sizeof stamp);
        kh_assess_stamp_v1(p->set, s, req->year, req->level, stamp_v1,
                           sizeof stamp_v1);
    }
    for (size_t k = 0; !rc && k < p->nin; k++) { /* the template's stamp */
        int sc = col_of(&p->in[k], KH_ASSESS_STAMP_COL);
        if (sc < 0) {
            if (req->note) {
                char zh[512], en[512];
                snprintf(zh, sizeof zh, "%s 没有“%s”列(不是 kaohe assess "
                         "template 生成的录入表),无法核对其年度、方案和级别",
                         p->in[k].file, KH_ASSESS_STAMP_COL);
                snprintf(en, sizeof en, "%s has no column %s (not made by "
                         "kaohe assess template): its year, scheme and level "
                         "cannot be checked", p->in[k].file,
                         KH_ASSESS_STAMP_COL);
                req->note(req->note_ctx, zh, en);
            }
            continue;
        }
        for (size_t r = 0; !rc && r < p->in[k].nrows; r++) {
            const in_row *row = &p->in[k].rows[r];
            const char *v = row->cells[sc];
            if (!v || !strcmp(v, stamp) || !strcmp(v, stamp_v1)) continue;
            rc = kh_error_set(err, KH_ERR_INVALID, "inputs_stamp",
                              "录入表为“%s”生成,与本次考核“%s”不符(年度、"
                              "方案或级别不同,或方案已修改):请用本次的 kaohe "
                              "assess template 重新生成",
                              "the inputs file was made for '%s', not this "
                              "run's '%s' (another year, scheme or level, or "
                              "the scheme changed): make it again with kaohe "
                              "assess template", v, stamp);
            kh_error_at(err, p->in[k].file, row->row, row->line,
                        KH_ASSESS_STAMP_COL);
        }
    }
    for (size_t k = 0; !rc && k < p->nin; k++) /* a row of no region */
        for (size_t r = 0; !rc && r < p->in[k].nrows; r++) {
            const in_row *row = &p->in[k].rows[r];
            if (kh_regionset_find(rs, row->code)) continue;
            rc = kh_error_set(err, KH_ERR_INVALID, "input_region_unknown",
                              "区划代码 %s 不在区划表中(先用 kaohe import "
                              "regions 导入,或删去该行)",
                              "region code %s is not in the region list "
                              "(import it with kaohe import regions, or "
                              "delete the row)", row->code);
            kh_error_at(err, p->in[k].file, row->row, row->line, "区划代码");
        }
    if (!rc && p->nin) {
        kh_buf fb = KH_BUF_INIT;
        for (size_t k = 0; !rc && k < p->nin; k++)
            rc = kh_buf_printf(&fb, "%s%s", k ? ", " : "", p->in[k].file);
        if (rc) rc = kh_error_nomem(err);
        p->files = kh_buf_take(&fb);
        kh_buf_free(&fb);
    }
    if (!rc)
        rc = kh_store_indicators(db, req->year, std, ix, req->threads, err);
    src_ctx sc = {ix, p->in, p->nin, {0}, 0};
    kh_assess_src src = {&sc, src_indicator, src_input, req->regions,
                         req->nregions, src_locate, src_why};
    if (!rc) {
        rc = kh_assess_compute(p->set, s, rs, &src, &p->a, err);
        /* a cell that is not a number is an error even where the input
         * has a default (it was taken as not given) */
        if (!rc && sc.has_bad) rc = KH_ERR_INVALID;
        if (rc && sc.has_bad) *err = sc.bad;
    }
    for (size_t k = 0; !rc && k < p->nin; k++)
        warn_unused(req, &p->in[k], list, p->nl, p->a); /* the rows */
    snprintf(p->registry, sizeof p->registry, "registry %d", req->year);
    if (!rc) rc = prov_inputs(p, req->today, err);
    if (!rc) rc = prov_indicators(p, req->today, err);
    if (!rc) {
        p->a->year = req->year;
        for (size_t k = 0; k < p->nl; k++)
            p->names[k] = list[k]->name, p->texts[k] = list[k]->text;
    }
    kh_indicators_free(ix);
    kh_regionset_free(rs);
    if (rc) {
        kh_assess_pending_free(p);
        return rc;
    }
    *out = p;
    return KH_OK;
}

int kh_assess_pending_save(kh_store *db, kh_assess_pending *p, kh_error *err)
{
    return kh_store_assess_save(db, p->a, p->nl, p->names, p->texts, p->files,
                                p->prov, p->nprov, err);
}

/* A level whose regions are not all within who's scope: the first code
 * outside it into out (""), or the error. */
static int level_outside(kh_store *db, const kh_actor *who, int level,
                         char out[13], kh_error *err)
{
    out[0] = '\0';
    kh_regionset *rs = NULL;
    int rc = kh_regionset_new(&rs, err);
    if (!rc) rc = kh_store_regions_load(db, rs, err);
    for (size_t i = 0; !rc && !out[0] && i < kh_regionset_count(rs); i++) {
        const kh_region *g = kh_regionset_at(rs, i);
        if (g->level == level && !kh_access_region(&who->acc, g->code))
            snprintf(out, 13, "%s", g->code);
    }
    kh_regionset_free(rs);
    return rc;
}

/* The audit entry's after: {"version":V,"inputs":"a.csv, b.csv",
 * "regions":N}. */
static char *run_after(const kh_assess_pending *p)
{
    kh_buf b = KH_BUF_INIT;
    const char *files = p->files ? p->files : "";
    int rc = kh_buf_printf(&b, "{\"version\":%d,\"inputs\":", p->a->version);
    if (!rc) rc = kh_buf_json_str(&b, files, strlen(files));
    if (!rc) rc = kh_buf_printf(&b, ",\"regions\":%zu}", p->a->nregions);
    if (rc) {
        kh_buf_free(&b);
        return NULL;
    }
    return kh_buf_take(&b);
}

int kh_app_assess_may(kh_store *db, const kh_actor *who, int level,
                      const char *action, const char *object, kh_error *err)
{
    if (!who) return KH_OK;
    if (!who->acc.may_assess) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你的角色(%s)不能录入考核数据",
                     "your role (%s) may not enter assessment inputs",
                     who->acc.role[0] ? who->acc.role : "-");
        return kh_app_refuse(db, who, action, object, err);
    }
    if (!who->acc.all) {
        char outside[13];
        int rc = level_outside(db, who, level, outside, err);
        if (rc) return rc;
        if (outside[0]) {
            kh_error_set(err, KH_ERR_DENIED, "scope_denied",
                         "此次考核包括你的区划以外的区划",
                         "this assessment takes in regions outside yours");
            return kh_app_refuse(db, who, action, object, err);
        }
    }
    return KH_OK;
}

int kh_app_assess_run(kh_store *db, const kh_standard *std,
                      const kh_actor *who, const kh_assess_req *req,
                      kh_assess_pending **out, kh_error *err)
{
    *out = NULL;
    char object[192];
    snprintf(object, sizeof object, "assessment/%.64s/%d/%s",
             req->scheme ? req->scheme : "", req->year,
             kh_level_name(req->level));
    /* The scope first, before any input is read. */
    int rc = kh_app_assess_may(db, who, req->level, "assessment.run", object,
                               err);
    if (rc) return rc;
    kh_assess_pending *p = NULL;
    rc = kh_assess_prepare(db, std, req, &p, err);
    if (rc) return rc;
    kh_assessment *a = p->a;
    for (size_t g = 0; who && g < a->nregions; g++)
        if (!kh_access_region(&who->acc, a->regions[g].code)) {
            kh_error_set(err, KH_ERR_DENIED, "scope_denied",
                         "此次考核包括你的区划以外的区划(%s)",
                         "this assessment takes in a region outside yours "
                         "(%s)", a->regions[g].code);
            kh_assess_pending_free(p);
            return kh_app_refuse(db, who, "assessment.run", object, err);
        }
    if (!who) {
        rc = kh_assess_pending_save(db, p, err);
    } else {
        rc = kh_store_begin(db, err);
        if (!rc) rc = kh_assess_pending_save(db, p, err);
        char *after = NULL;
        if (!rc && !(after = run_after(p))) rc = kh_error_nomem(err);
        if (!rc) {
            char obj[224];
            snprintf(obj, sizeof obj, "%s/%d", object, a->version);
            rc = kh_app_audit(db, who, "assessment.run", obj, "ok",
                              (long long)a->nregions, NULL, after, NULL, err);
        }
        free(after);
        if (!rc) rc = kh_store_commit(db, err); /* rolls back when it fails */
        else kh_store_rollback(db);
    }
    if (rc) {
        kh_assess_pending_free(p);
        return rc;
    }
    *out = p;
    return KH_OK;
}

/* The provenance of a stored run's inputs, from the store. */
static int stored_inputs(void *src, const kh_assessment *a, const char *code,
                         kh_assess_prov_fn fn, void *ctx, kh_error *err)
{
    return kh_store_assess_inputs(src, a->scheme->name, a->year, a->level,
                                  a->version, code, fn, ctx, err);
}

int kh_app_assess_explain_json(kh_store *s, const kh_assessment *a, size_t r,
                               kh_buf *b, kh_error *err)
{
    return kh_assess_explain_json(a, r, stored_inputs, s, b, err);
}

/* ---- reading the stored runs ---- */

int kh_app_assess_read_may(kh_store *db, const kh_actor *who,
                           const char *code, const char *object,
                           kh_error *err)
{
    /* the console's operator holds the file: every run, as always */
    if (kh_actor_is_operator(who)) return KH_OK;
    if (who->acc.none)
        return kh_error_msg(err, KH_ERR_DENIED, "role_denied",
                            "你的角色不能查看综合评价",
                            "your role may not see the assessments");
    if (!code || kh_access_region(&who->acc, code)) return KH_OK;
    kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                 "无权查看该区划的考核结果",
                 "this region is outside what you may see");
    return kh_app_refuse(db, who, "assessment.read",
                         object ? object : "assessment", err);
}

int kh_app_assess_keeps_all(const kh_actor *who)
{
    return kh_actor_is_operator(who) || who->acc.all;
}

int kh_app_assess_keeps(void *who, const char *code)
{
    const kh_actor *w = who;
    return kh_app_assess_keeps_all(w) || kh_access_region(&w->acc, code);
}
