/* SPDX-License-Identifier: MIT */
/*
 * checker.c - the registry checker: one household at a time (all its rows),
 * with the ID numbers seen so far kept in a compact hash set so that a
 * duplicate anywhere in the registry is found (12 bytes a person).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/check_int.h"
#include "kaohe/date.h"
#include "kaohe/fmt.h"
#include "kaohe/idcard.h"

#define MAX_FILES 16
/* Household-number slots a checker starts with (it grows as it needs);
 * the fuzz build (docs/fuzzing.md) starts with a few, so that growing is
 * exercised and no half mebibyte is allocated for each small input. */
#ifndef KH_CHECKER_SLOTS
#define KH_CHECKER_SLOTS (1u << 16)
#endif

struct kh_checker {
    const kh_standard *std;
    const kh_regionset *regions;
    kh_check_opts opts;
    finding_buf fb;
    char *files[MAX_FILES];
    int nfiles, cur_file;
    const char *kind;
    int is_csv; /* rows of a CSV must have the header's width */
    int pos[KH_C_COUNT];
    size_t header_n;
    char *unknown;      /* per header cell: 1 = unknown column */
    char **hdr_names;   /* header texts (for the extra JSON) */
    int enum_id[KH_C_COUNT];
    int ref_y, ref_m, ref_d;
    long today_days;
    int64_t tol_fen;
    int year_min, birth_year_min;
    int status_exited[2]; /* enum indexes of the two 已脱贫 labels */
    int rel_head;
    /* ID numbers seen: key + 1 (0 = empty), first row | file << 28 */
    uint64_t *keys;
    uint32_t *first;
    size_t nslots, nkeys;
    /* the household being checked */
    kh_household hh;
    kh_member *members;
    size_t capm;
    kh_buf extra;
    /* Trimmed copies of the text values a household keeps (a cell's
     * trailing spaces are not part of the value): the pointers are set
     * once the household is read, as the buffer may move while it grows. */
    kh_buf strs;
    struct fixup { const char **p; size_t off; } *fix;
    size_t nfix, capfix;
    char hh_id_buf[256];
    kh_check_stats st;
    /* The household's rows with office habits undone (normalise()): the
     * rows that changed are copies, their cells and texts in nfree. */
    void **nfree;
    size_t nnfree, capnfree;
    kh_row *nrows;
    const kh_row **nptrs;
    size_t capnrows;
};

/* Copy a cell into a fixed buffer, cut to fit. */
static void copy_cell(char *dst, size_t size, kh_cell v)
{
    size_t n = v.len < size ? v.len : size - 1;
    memcpy(dst, v.s, n);
    dst[n] = '\0';
}


int kh_checker_new(const kh_standard *std, const kh_regionset *regions,
                   const kh_check_opts *opts, kh_finding_fn fn, void *ctx,
                   kh_checker **out, kh_error *err)
{
    *out = NULL;
    kh_checker *c = calloc(1, sizeof *c);
    if (!c) return kh_error_nomem(err);
    c->std = std;
    c->regions = regions;
    c->opts = *opts;
    fb_init(&c->fb, std, fn, ctx, "");
    kh_buf_init(&c->extra, 0);
    int ty = opts->today[0], tm = opts->today[1], td = opts->today[2];
    if (!ty) kh_date_today(&ty, &tm, &td);
    c->today_days = kh_date_days(ty, tm, td);
    c->opts.today[0] = ty;
    c->opts.today[1] = tm;
    c->opts.today[2] = td;
    /* The reference date: 31 December of the snapshot year, or today. */
    if (opts->year) {
        c->ref_y = opts->year;
        c->ref_m = 12;
        c->ref_d = 31;
    } else {
        c->ref_y = ty;
        c->ref_m = tm;
        c->ref_d = td;
    }
    for (int i = 0; i < KH_C_COUNT; i++) {
        const char *en = kh_registry_cols[i].enum_name;
        c->enum_id[i] = en ? kh_standard_enum(std, en) : -1;
        if (en && c->enum_id[i] < 0) {
            kh_checker_free(c);
            return kh_error_set(err, KH_ERR_INVALID, "standard_enum",
                                "标准文件缺少类别表 [enum.%s]",
                                "the standards file lacks [enum.%s]", en);
        }
    }
    c->tol_fen = 100 * kh_standard_int(std, "registry.income_tolerance_yuan", 1);
    c->year_min = (int)kh_standard_int(std, "registry.year_min", 2013);
    c->birth_year_min = (int)kh_standard_int(std, "registry.birth_year_min", 1900);
    int st = c->enum_id[KH_C_STATUS];
    c->status_exited[0] = kh_standard_enum_lookup(std, st, "已脱贫(享受政策)",
                                                  strlen("已脱贫(享受政策)"));
    c->status_exited[1] = kh_standard_enum_lookup(std, st, "已脱贫(不享受政策)",
                                                  strlen("已脱贫(不享受政策)"));
    c->rel_head = kh_standard_enum_lookup(std, c->enum_id[KH_C_RELATION],
                                          "户主", strlen("户主"));
    c->nslots = KH_CHECKER_SLOTS;
    c->keys = calloc(c->nslots, sizeof *c->keys);
    c->first = calloc(c->nslots, sizeof *c->first);
    if (!c->keys || !c->first) {
        kh_checker_free(c);
        return kh_error_nomem(err);
    }
    *out = c;
    return KH_OK;
}

static void free_header(kh_checker *c)
{
    if (c->hdr_names)
        for (size_t i = 0; i < c->header_n; i++) free(c->hdr_names[i]);
    free(c->hdr_names);
    free(c->unknown);
    c->hdr_names = NULL;
    c->unknown = NULL;
    c->header_n = 0;
}

void kh_checker_free(kh_checker *c)
{
    if (!c) return;
    fb_free(&c->fb);
    free_header(c);
    for (int i = 0; i < c->nfiles; i++) free(c->files[i]);
    free(c->keys);
    free(c->first);
    free(c->members);
    kh_buf_free(&c->extra);
    kh_buf_free(&c->strs);
    free(c->fix);
    for (size_t i = 0; i < c->nnfree; i++) free(c->nfree[i]);
    free(c->nfree);
    free(c->nrows);
    free(c->nptrs);
    free(c);
}

int kh_checker_header(kh_checker *c, const char *file, const char *kind,
                      const kh_row *h, kh_error *err)
{
    free_header(c);
    if (c->nfiles < MAX_FILES) {
        c->files[c->nfiles] = strdup(file);
        if (!c->files[c->nfiles]) return kh_error_nomem(err);
        c->cur_file = c->nfiles++;
    } else {
        c->cur_file = MAX_FILES - 1;
    }
    c->fb.file = c->files[c->cur_file];
    c->kind = kind;
    c->is_csv = strcmp(kind, "csv") == 0;
    int rc = map_header(&c->fb, h, kh_registry_cols, KH_C_COUNT, c->pos,
                        &c->unknown);
    c->st.errors = c->fb.errors;
    c->st.warnings = c->fb.warnings;
    if (rc == KH_ERR_NOMEM) return kh_error_nomem(err);
    if (rc) return rc;
    c->header_n = h->n;
    c->hdr_names = calloc(h->n ? h->n : 1, sizeof *c->hdr_names);
    if (!c->hdr_names) return kh_error_nomem(err);
    for (size_t i = 0; i < h->n; i++)
        if (c->unknown[i] && !(c->hdr_names[i] = dup_cell(row_cell(h, (int)i))))
            return kh_error_nomem(err);
    return KH_OK;
}

const kh_standard *kh_checker_standard(const kh_checker *c)
{
    return c->std;
}

int kh_checker_colpos(const kh_checker *c, int col)
{
    return c->pos[col];
}

kh_cell kh_checker_hh_key(const kh_checker *c, const kh_row *row)
{
    return row_cell(row, c->pos[KH_C_HH_ID]);
}

void kh_checker_stats(const kh_checker *c, kh_check_stats *st)
{
    *st = c->st;
}

int kh_checker_file_finding(kh_checker *c, const kh_error *e)
{
    /* The error may come before the file's header was read: name the
     * file it came from. */
    const char *file = c->fb.file;
    if (e->file[0]) c->fb.file = e->file;
    int rc = fb_add(&c->fb, e->row, e->line, e->column, "", "", e->code,
                    e->zh, e->en);
    if (!rc) rc = fb_flush(&c->fb);
    c->fb.file = file;
    c->st.errors = c->fb.errors;
    c->st.warnings = c->fb.warnings;
    return rc;
}

/* ---- ID numbers seen ---- */

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* Map a hash onto [0, n) for any n (not only powers of two), so the set
 * can be sized to the registry: 12 bytes a slot, 75% full at most. */
static size_t slot_of(uint64_t key, size_t n)
{
    return (size_t)(((unsigned __int128)mix(key) * n) >> 64);
}

static size_t slot_next(size_t j, size_t n)
{
    return j + 1 == n ? 0 : j + 1;
}

static int ids_resize(kh_checker *c, size_t n)
{
    uint64_t *k = calloc(n, sizeof *k);
    uint32_t *f = calloc(n, sizeof *f);
    if (!k || !f) {
        free(k);
        free(f);
        return KH_ERR_NOMEM;
    }
    for (size_t i = 0; i < c->nslots; i++) {
        if (!c->keys[i]) continue;
        size_t j = slot_of(c->keys[i], n);
        while (k[j]) j = slot_next(j, n);
        k[j] = c->keys[i];
        f[j] = c->first[i];
    }
    free(c->keys);
    free(c->first);
    c->keys = k;
    c->first = f;
    c->nslots = n;
    return KH_OK;
}

int kh_checker_reserve(kh_checker *c, size_t n, kh_error *err)
{
    size_t need = c->nkeys + n;
    if (need * 4 <= c->nslots * 3) return KH_OK;
    if (ids_resize(c, need * 4 / 3 + 1024)) return kh_error_nomem(err);
    return KH_OK;
}

/* Insert key; when already present return 1 and the first occurrence. */
static int ids_seen(kh_checker *c, uint64_t key, uint32_t here,
                    uint32_t *first)
{
    key += 1;
    size_t j = slot_of(key, c->nslots);
    while (c->keys[j]) {
        if (c->keys[j] == key) {
            *first = c->first[j];
            return 1;
        }
        j = slot_next(j, c->nslots);
    }
    c->keys[j] = key;
    c->first[j] = here;
    if (++c->nkeys * 4 > c->nslots * 3 && ids_resize(c, c->nslots * 2))
        return -1;
    return 0;
}

/* Keep a trimmed copy of v for *p (set by fix_strings). */
static int keep(kh_checker *c, const char **p, kh_cell v)
{
    if (c->nfix == c->capfix) {
        size_t cap = c->capfix ? c->capfix * 2 : 64;
        struct fixup *f = realloc(c->fix, cap * sizeof *f);
        if (!f) return KH_ERR_NOMEM;
        c->fix = f;
        c->capfix = cap;
    }
    c->fix[c->nfix].p = p;
    c->fix[c->nfix++].off = c->strs.len;
    int rc = kh_buf_add(&c->strs, v.s, v.len);
    return rc ? rc : kh_buf_addc(&c->strs, '\0');
}

static void fix_strings(kh_checker *c)
{
    for (size_t i = 0; i < c->nfix; i++) *c->fix[i].p = c->strs.data + c->fix[i].off;
    c->nfix = 0;
}

/* ---- office habits ---- */

static void *norm_alloc(kh_checker *c, size_t n)
{
    if (c->nnfree == c->capnfree) {
        size_t cap = c->capnfree ? c->capnfree * 2 : 16;
        void **v = realloc(c->nfree, cap * sizeof *v);
        if (!v) return NULL;
        c->nfree = v;
        c->capnfree = cap;
    }
    void *p = malloc(n ? n : 1);
    if (p) c->nfree[c->nnfree++] = p;
    return p;
}

/* Columns whose full-width characters are read as half-width: numbers,
 * dates, codes and ID numbers (text and labels are left as written). */
static int halfwidth_col(int col)
{
    switch (kh_registry_cols[col].type) {
    case KH_T_YEAR:
    case KH_T_MONEY:
    case KH_T_DATE:
    case KH_T_ID:
    case KH_T_PHONE:
    case KH_T_CODE12:
    case KH_T_INT:
        return 1;
    default:
        return col == KH_C_HH_ID;
    }
}

/*
 * The household's rows as kaohe reads them: U+3000 and U+00A0 around any
 * value removed (value_space) and full-width forms in the cells of
 * halfwidth_col() made half-width (value_fullwidth), each a finding with
 * the value as written. *out is rows itself when nothing changed.
 */
static int normalise(kh_checker *c, const kh_row *const *rows, size_t n,
                     const kh_row *const **out)
{
    for (size_t i = 0; i < c->nnfree; i++) free(c->nfree[i]);
    c->nnfree = 0;
    *out = rows;
    if (n > c->capnrows) {
        kh_row *v = realloc(c->nrows, n * sizeof *v);
        if (v) c->nrows = v;
        const kh_row **p = v ? realloc(c->nptrs, n * sizeof *p) : NULL;
        if (!p) return KH_ERR_NOMEM;
        c->nptrs = p;
        c->capnrows = n;
    }
    int any = 0, rc = KH_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        const kh_row *r = rows[i];
        kh_cell *copy = NULL;
        for (int col = 0; col < KH_C_COUNT && !rc; col++) {
            int p = c->pos[col];
            if (p < 0 || (size_t)p >= r->n) continue;
            kh_cell raw = r->cells[p];
            int wide;
            kh_cell t = cell_trim_wide(raw, &wide);
            int fw = halfwidth_col(col) && cell_has_fullwidth(t);
            if (!wide && !fw) continue;
            if (!copy) {
                if (!(copy = norm_alloc(c, r->n * sizeof *copy)))
                    return KH_ERR_NOMEM;
                memcpy(copy, r->cells, r->n * sizeof *copy);
            }
            kh_cell nv = t;
            if (fw) {
                char *b = norm_alloc(c, t.len + 1);
                if (!b) return KH_ERR_NOMEM;
                nv.len = cell_halfwidth(t, b);
                nv.s = b;
            }
            copy[p] = nv;
            /* The finding names the household and person as read. */
            char hh[64], id[40], wide_buf[256];
            kh_cell hk = row_cell(r, c->pos[KH_C_HH_ID]);
            kh_cell ik = row_cell(r, c->pos[KH_C_ID_NO]);
            int w2;
            ik = cell_trim_wide(ik, &w2);
            if (ik.len < sizeof wide_buf && cell_has_fullwidth(ik)) {
                ik.len = cell_halfwidth(ik, wide_buf);
                ik.s = wide_buf;
            }
            copy_cell(hh, sizeof hh, hk);
            copy_cell(id, sizeof id, ik);
            if (fw)
                rc = fb_addf(&c->fb, r->row, r->line,
                             kh_registry_cols[col].zh, hh, id,
                             "value_fullwidth",
                             "“%.*s”中有全角字符,已按“%.*s”读取",
                             "'%.*s' has full-width characters; read as "
                             "'%.*s'",
                             (int)raw.len, raw.s, (int)nv.len, nv.s);
            else
                rc = fb_addf(&c->fb, r->row, r->line,
                             kh_registry_cols[col].zh, hh, id, "value_space",
                             "“%.*s”首尾的全角空格或不换行空格已去除",
                             "full-width or no-break spaces around '%.*s' "
                             "were removed",
                             (int)raw.len, raw.s);
        }
        if (copy) {
            c->nrows[i] = *r;
            c->nrows[i].cells = copy;
            c->nptrs[i] = &c->nrows[i];
            any = 1;
        } else {
            c->nptrs[i] = r;
        }
    }
    if (any) *out = c->nptrs;
    return rc;
}

/* The ID number in an Excel-damaged cell (id_excel_damaged). */
static int id_excel(kh_checker *c, const kh_row *r, int col, kh_cell v,
                    const char *id_no)
{
    return fb_addf(&c->fb, r->row, r->line, kh_registry_cols[col].zh,
                   c->hh.hh_id, id_no, "id_excel",
                   "“%.*s”:该单元格是数字格式,Excel 已改写了末尾数字;"
                   "请将该列设为文本后重新录入",
                   "'%.*s': the cell is in number format and Excel has "
                   "rewritten its last digits; format the column as text "
                   "and enter the numbers again",
                   (int)v.len, v.s);
}

static int cell_numeric(const kh_checker *c, const kh_row *r, int col)
{
    int p = c->pos[col];
    return r->num && p >= 0 && (size_t)p < r->n && r->num[p];
}

/* ---- values ---- */

typedef struct val {
    int idx;         /* enum index */
    int64_t money;   /* 分 */
    int year;
    char date[11];
    uint32_t mask;   /* list items */
} val;

#define FIND(col, code, fzh, fen, ...)                                        \
    fb_addf(&c->fb, r->row, r->line, kh_registry_cols[col].zh, c->hh.hh_id, \
            id_no, code, fzh, fen, __VA_ARGS__)

/* Validate one cell by its column type. Returns KH_OK, or KH_ERR_NOMEM;
 * *bad is set when a finding was made. */
static int check_value(kh_checker *c, const kh_row *r, int col, kh_cell v,
                       const char *id_no, val *out, int *bad)
{
    const kh_coldef *d = &kh_registry_cols[col];
    int rc = KH_OK;
    *bad = 0;
    out->idx = -1;
    if (cell_blank(v)) {
        if (d->required) {
            *bad = 1;
            return FIND(col, "value_required", "必填项“%s”为空",
                        "required value '%s' (%s) is empty", d->zh, d->key);
        }
        return KH_OK;
    }
    switch (d->type) {
    case KH_T_ENUM:
        out->idx = kh_standard_enum_lookup(c->std, c->enum_id[col], v.s, v.len);
        if (out->idx < 0) {
            *bad = 1;
            rc = FIND(col, "value_enum", "“%.*s”不是“%s”的有效取值",
                      "'%.*s' is not an allowed value of %s", (int)v.len, v.s,
                      d->zh);
        }
        break;
    case KH_T_LIST: {
        const char *p = v.s, *end = v.s + v.len;
        while (p < end && !rc) {
            const char *q = p;
            size_t sep = 0;
            while (q < end) {
                if (*q == ';' || *q == ',') { sep = 1; break; }
                if (end - q >= 3 && (!memcmp(q, "；", 3) || !memcmp(q, "，", 3) ||
                                     !memcmp(q, "、", 3))) { sep = 3; break; }
                q++;
            }
            kh_cell item = {p, (size_t)(q - p)};
            kh_row one = {0, 0, 1, &item, NULL};
            item = row_cell(&one, 0);
            if (item.len) {
                int i = kh_standard_enum_lookup(c->std, c->enum_id[col],
                                                item.s, item.len);
                if (i < 0) {
                    *bad = 1;
                    rc = FIND(col, "value_enum", "“%.*s”不是“%s”的有效取值",
                              "'%.*s' is not an allowed value of %s",
                              (int)item.len, item.s, d->zh);
                } else if (i < 32) {
                    out->mask |= 1u << i;
                }
            }
            p = q + sep;
            if (!sep) break;
        }
        break;
    }
    case KH_T_YEAR: {
        /* Up to today's year; one after the chosen year (but not after
         * today's) is kept with a warning: the file may be another year's
         * (year_after). */
        long long y;
        int maxy = c->opts.today[0] > c->opts.year ? c->opts.today[0]
                                                   : c->opts.year;
        if (parse_count(v, &y) || y < c->year_min || y > maxy) {
            *bad = 1;
            rc = FIND(col, "value_number", "“%.*s”不是 %d–%d 之间的年份",
                      "'%.*s' is not a year between %d and %d", (int)v.len,
                      v.s, c->year_min, maxy);
        } else {
            out->year = (int)y;
            if (c->opts.year && y > c->opts.year)
                rc = FIND(col, "year_after",
                          "%s %lld 在所选年度 %d 之后:这份文件可能不是 %d "
                          "年的数据,请确认导入的年度",
                          "%s %lld is after the chosen year %d: the file may "
                          "not be %d's data; check the year of the import",
                          d->zh, y, c->opts.year, c->opts.year);
        }
        break;
    }
    case KH_T_MONEY:
        if (kh_money_parse(v.s, v.len, &out->money)) {
            *bad = 1;
            rc = FIND(col, "value_number",
                      "“%.*s”不是不小于0、最多两位小数的金额(元)",
                      "'%.*s' is not an amount in yuan >= 0 with at most two "
                      "decimals", (int)v.len, v.s);
        }
        break;
    case KH_T_DATE: {
        int y, m, dd;
        if (kh_date_parse(v.s, v.len, &y, &m, &dd)) {
            *bad = 1;
            rc = FIND(col, "value_date", "“%.*s”不是有效日期(应为“年-月-日”,如 2020-06-30)",
                      "'%.*s' is not a real date (YYYY-MM-DD)", (int)v.len, v.s);
        } else {
            kh_date_format(out->date, y, m, dd);
            /* after 31 December of the chosen year (and not after today,
             * which visit_future and the ID checks say): date_after_year */
            long days = kh_date_days(y, m, dd);
            if (c->opts.year && days > kh_date_days(c->opts.year, 12, 31) &&
                days <= c->today_days)
                rc = FIND(col, "date_after_year",
                          "%s %s 在所选年度 %d 年 12 月 31 日之后:这份文件可能"
                          "不是 %d 年的数据,请确认导入的年度",
                          "%s %s is after 31 December of the chosen year %d: "
                          "the file may not be %d's data; check the year of "
                          "the import",
                          d->zh, out->date, c->opts.year, c->opts.year);
        }
        break;
    }
    case KH_T_CODE12: {
        int ok = v.len == 12;
        for (size_t i = 0; ok && i < 12; i++) ok = v.s[i] >= '0' && v.s[i] <= '9';
        if (!ok) {
            *bad = 1;
            rc = FIND(col, "value_code", "“%.*s”不是12位区划代码",
                      "'%.*s' is not a 12-digit region code", (int)v.len, v.s);
        }
        break;
    }
    default:
        break;
    }
    return rc;
}

static int phone_ok(kh_cell v)
{
    const char *s = v.s;
    size_t n = v.len, i = 0;
    if (n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9') {
        for (i = 2; i < 11; i++)
            if (s[i] < '0' || s[i] > '9') return 0;
        return 1;
    }
    /* Landline: 0 + area code (2-3 digits) + optional '-' + 7-8 digits,
     * then an optional -extension. */
    if (n < 10 || s[0] != '0') return 0;
    size_t digits = 0, area = 0;
    for (i = 0; i < n && s[i] != '-'; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        digits++;
    }
    if (i < n) { /* 0871-1234567 */
        area = digits;
        if (area < 3 || area > 4) return 0;
        size_t local = 0;
        for (i++; i < n && s[i] != '-'; i++) {
            if (s[i] < '0' || s[i] > '9') return 0;
            local++;
        }
        if (local < 7 || local > 8) return 0;
        if (i < n) { /* extension */
            size_t ext = 0;
            for (i++; i < n; i++) {
                if (s[i] < '0' || s[i] > '9') return 0;
                ext++;
            }
            if (ext < 1 || ext > 6) return 0;
        }
        return 1;
    }
    return digits >= 10 && digits <= 12;
}

static int money_bit(int col)
{
    switch (col) {
    case KH_C_INC_WAGE: return KH_M_WAGE;
    case KH_C_INC_BUSINESS: return KH_M_BUSINESS;
    case KH_C_INC_PROPERTY: return KH_M_PROPERTY;
    case KH_C_INC_TRANSFER: return KH_M_TRANSFER;
    case KH_C_INC_DIBAO: return KH_M_DIBAO;
    case KH_C_INC_TEKUN: return KH_M_TEKUN;
    case KH_C_EXP_BUSINESS: return KH_M_EXP_BUSINESS;
    case KH_C_INCOME_PC: return KH_M_INCOME_PC;
    case KH_C_MED_OOP: return KH_M_MED_OOP;
    case KH_C_RELOC_SELF: return KH_M_RELOC_SELF;
    default: return -1;
    }
}

static int yesno_of(const kh_checker *c, int idx)
{
    (void)c;
    return idx < 0 ? -1 : idx == 0; /* first label of yesno is 是 */
}

/* Household columns, checked on the household's first row. */
static int check_household_cols(kh_checker *c, const kh_row *r,
                                const char *id_no)
{
    kh_household *h = &c->hh;
    int rc = KH_OK, bad;
    for (int col = 0; col < KH_C_FIRST_MEMBER && !rc; col++) {
        if (col == KH_C_HH_ID) continue;
        kh_cell v = row_cell(r, c->pos[col]);
        val x = {0};
        rc = check_value(c, r, col, v, id_no, &x, &bad);
        if (rc || bad || cell_blank(v)) continue;
        int mb = money_bit(col);
        if (mb >= 0) {
            h->money[mb] = x.money;
            h->money_set |= 1u << mb;
            continue;
        }
        switch (col) {
        case KH_C_VILLAGE: memcpy(h->village, v.s, 12); break;
        case KH_C_HH_TYPE: h->hh_type = x.idx; break;
        case KH_C_CAUSE: h->cause = x.idx; break;
        case KH_C_STATUS: h->status = x.idx; break;
        case KH_C_YEAR_IN: h->year_in = x.year; break;
        case KH_C_YEAR_OUT: h->year_out = x.year; break;
        case KH_C_HOUSING: h->housing = x.idx; break;
        case KH_C_WATER_SAFE: h->water_safe = yesno_of(c, x.idx); break;
        case KH_C_RELOCATED: h->relocated = yesno_of(c, x.idx); break;
        case KH_C_HELPER: rc = keep(c, &h->helper, v); break;
        case KH_C_MEASURES: h->measures = x.mask; break;
        case KH_C_LAST_VISIT:
            memcpy(h->last_visit, x.date, sizeof h->last_visit);
            {
                int y, m, d;
                kh_date_parse(x.date, 10, &y, &m, &d);
                if (kh_date_days(y, m, d) > c->today_days)
                    rc = FIND(col, "visit_future",
                              "最近走访日期 %s 晚于今天 %04d-%02d-%02d",
                              "last visit %s is after today %04d-%02d-%02d",
                              x.date, c->opts.today[0], c->opts.today[1],
                              c->opts.today[2]);
            }
            break;
        case KH_C_HELPER_ID: {
            kh_idcard id;
            int res = kh_idcard_parse(v.s, v.len, &id);
            if (res == KH_ID_OK &&
                kh_date_days(id.year, id.month, id.day) >
                    kh_date_days(c->ref_y, c->ref_m, c->ref_d))
                res = KH_ID_BIRTH;
            if (id_excel_damaged(v, cell_numeric(c, r, col), res))
                rc = id_excel(c, r, col, v, id_no);
            else if (res != KH_ID_OK)
                rc = FIND(col, "helper_id_checksum",
                          "帮扶责任人证件号码“%.*s”无效(%s)",
                          "helper's ID number '%.*s' is invalid (%.0s%s)",
                          (int)v.len, v.s,
                          res == KH_ID_FORMAT ? "格式错误"
                          : res == KH_ID_BIRTH ? "出生日期不合理"
                                               : "校验位错误",
                          res == KH_ID_FORMAT ? "format"
                          : res == KH_ID_BIRTH ? "birth date"
                                               : "check character");
            else
                rc = keep(c, &h->helper_id, v);
            break;
        }
        case KH_C_PHONE:
            /* A warning: the number is kept as written. */
            rc = keep(c, &h->phone, v);
            if (!rc && !phone_ok(v))
                rc = FIND(col, "phone_format",
                          "联系电话“%.*s”既不是11位手机号也不是固定电话",
                          "phone '%.*s' is neither an 11-digit mobile nor a "
                          "landline", (int)v.len, v.s);
            break;
        default: break;
        }
    }
    return rc;
}

/* Do two cells of a household column mean the same? */
static int same_value(const kh_checker *c, int col, kh_cell a, kh_cell b)
{
    if (a.len == b.len && memcmp(a.s, b.s, a.len) == 0) return 1;
    if (cell_blank(a) || cell_blank(b)) return 0;
    int t = kh_registry_cols[col].type;
    if (t == KH_T_ENUM) {
        int i = kh_standard_enum_lookup(c->std, c->enum_id[col], a.s, a.len);
        return i >= 0 && i == kh_standard_enum_lookup(c->std, c->enum_id[col],
                                                      b.s, b.len);
    }
    if (t == KH_T_MONEY) {
        int64_t x, y;
        return !kh_money_parse(a.s, a.len, &x) &&
               !kh_money_parse(b.s, b.len, &y) && x == y;
    }
    if (t == KH_T_DATE) {
        int y1, m1, d1, y2, m2, d2;
        return !kh_date_parse(a.s, a.len, &y1, &m1, &d1) &&
               !kh_date_parse(b.s, b.len, &y2, &m2, &d2) && y1 == y2 &&
               m1 == m2 && d1 == d2;
    }
    return 0;
}

/* Member columns of one row. */
static int check_member(kh_checker *c, const kh_row *r, kh_member *m,
                        const char *id_no_raw)
{
    int rc = KH_OK, bad;
    const char *id_no = id_no_raw;
    memset(m, 0, sizeof *m);
    m->row = r->row;
    m->line = r->line;
    m->relation = m->education = m->schooling = m->health = m->labour =
        m->work = -1;
    m->ins_med = m->ins_serious = m->ins_pension = m->treat_first = -1;
    m->name = "";
    m->ethnicity = "";
    val x;
    for (int col = KH_C_FIRST_MEMBER; col < KH_C_COUNT && !rc; col++) {
        if (col == KH_C_ID_NO) continue;
        kh_cell v = row_cell(r, c->pos[col]);
        memset(&x, 0, sizeof x);
        rc = check_value(c, r, col, v, id_no, &x, &bad);
        if (rc || bad || cell_blank(v)) continue;
        switch (col) {
        case KH_C_NAME: rc = keep(c, &m->name, v); break;
        case KH_C_SEX: m->sex = x.idx + 1; break;
        case KH_C_BIRTH: memcpy(m->birth, x.date, sizeof m->birth); break;
        case KH_C_RELATION: m->relation = x.idx; break;
        case KH_C_ETHNICITY: rc = keep(c, &m->ethnicity, v); break;
        case KH_C_EDUCATION: m->education = x.idx; break;
        case KH_C_SCHOOLING: m->schooling = x.idx; break;
        case KH_C_HEALTH: m->health = x.idx; break;
        case KH_C_LABOUR: m->labour = x.idx; break;
        case KH_C_WORK: m->work = x.idx; break;
        case KH_C_INS_MED: m->ins_med = yesno_of(c, x.idx); break;
        case KH_C_INS_SERIOUS: m->ins_serious = yesno_of(c, x.idx); break;
        case KH_C_INS_PENSION: m->ins_pension = yesno_of(c, x.idx); break;
        case KH_C_TREAT_FIRST: m->treat_first = yesno_of(c, x.idx); break;
        default: break;
        }
    }
    if (rc) return rc;
    /* The ID number. */
    kh_cell v = row_cell(r, c->pos[KH_C_ID_NO]);
    if (cell_blank(v))
        return FIND(KH_C_ID_NO, "value_required", "必填项“%s”为空",
                    "required value '%s' (%s) is empty", "证件号码", "id_no");
    kh_idcard id;
    int res = kh_idcard_parse(v.s, v.len, &id);
    if (res == KH_ID_OK &&
        (id.year < c->birth_year_min ||
         kh_date_days(id.year, id.month, id.day) >
             kh_date_days(c->ref_y, c->ref_m, c->ref_d)))
        res = KH_ID_BIRTH;
    if (res == KH_ID_CHECKSUM && (id.year < c->birth_year_min))
        res = KH_ID_BIRTH;
    if (id_excel_damaged(v, cell_numeric(c, r, KH_C_ID_NO), res))
        return id_excel(c, r, KH_C_ID_NO, v, id_no);
    switch (res) {
    case KH_ID_FORMAT:
        return FIND(KH_C_ID_NO, "id_format",
                    "证件号码“%.*s”不是18位(17位数字加校验位)",
                    "ID number '%.*s' is not 17 digits and a check character",
                    (int)v.len, v.s);
    case KH_ID_BIRTH:
        rc = FIND(KH_C_ID_NO, "id_birth",
                  "证件号码中的出生日期 %.8s 不是真实日期或不合理",
                  "the birth date %.8s in the ID number is not a possible date",
                  v.s + 6);
        break;
    case KH_ID_CHECKSUM:
        rc = FIND(KH_C_ID_NO, "id_checksum",
                  "证件号码“%.*s”校验位错误,应为 %c",
                  "ID number '%.*s' has a wrong check character (expected %c)",
                  (int)v.len, v.s, kh_idcard_check_char(id.norm));
        break;
    default: break;
    }
    if (rc) return rc;
    memcpy(m->id_no, id.norm, sizeof m->id_no);
    if (c->opts.stored) goto id_done;
    uint32_t first, here = (uint32_t)r->row | ((uint32_t)c->cur_file << 28);
    int seen = ids_seen(c, kh_idcard_key(&id), here, &first);
    if (seen < 0) return KH_ERR_NOMEM;
    if (seen) {
        long frow = (long)(first & 0x0fffffff);
        int ffile = (int)(first >> 28);
        if (ffile == c->cur_file)
            rc = FIND(KH_C_ID_NO, "id_duplicate",
                      "证件号码 %s 重复:首次出现在第%ld行",
                      "ID number %s repeats: first on row %ld", id.norm, frow);
        else
            rc = FIND(KH_C_ID_NO, "id_duplicate",
                      "证件号码 %s 重复:首次出现在文件 %s 第%ld行",
                      "ID number %s repeats: first in %s row %ld", id.norm,
                      c->files[ffile], frow);
        if (rc) return rc;
    }
id_done:
    if (res != KH_ID_OK) return KH_OK;
    if (m->sex && (m->sex == 1) != id.male)
        rc = FIND(KH_C_SEX, "sex_mismatch",
                  "性别为“%s”,但证件号码第17位表示“%s”",
                  "sex is '%s' but the ID's 17th digit says '%s'",
                  m->sex == 1 ? "男" : "女", id.male ? "男" : "女");
    if (!rc && m->birth[0]) {
        char want[11];
        kh_date_format(want, id.year, id.month, id.day);
        if (strcmp(want, m->birth) != 0)
            rc = FIND(KH_C_BIRTH, "birth_mismatch",
                      "出生日期 %s 与证件号码中的 %s 不一致",
                      "birth date %s differs from %s in the ID number",
                      m->birth, want);
    }
    return rc;
}

/* Unknown columns of a row, as a JSON object appended to c->extra. */
static int add_extra(kh_checker *c, const kh_row *r, size_t *off, int *has)
{
    *has = 0;
    *off = c->extra.len;
    int rc = KH_OK;
    for (size_t i = 0; i < c->header_n && i < r->n && !rc; i++) {
        if (!c->unknown[i]) continue;
        kh_cell v = row_cell(r, (int)i);
        if (!v.len) continue;
        rc = kh_buf_adds(&c->extra, *has ? "," : "{");
        if (!rc) rc = kh_buf_json_str(&c->extra, c->hdr_names[i], strlen(c->hdr_names[i]));
        if (!rc) rc = kh_buf_addc(&c->extra, ':');
        if (!rc) rc = kh_buf_json_str(&c->extra, v.s, v.len);
        *has = 1;
    }
    if (!rc && *has) rc = kh_buf_add(&c->extra, "}", 2);
    return rc;
}

static int household_rules(kh_checker *c, const kh_row *r, const char *id_no,
                           size_t heads)
{
    kh_household *h = &c->hh;
    int rc = KH_OK;
    if (heads != 1)
        rc = FIND(KH_C_RELATION, "head_count",
                  "户内“户主”人数为 %zu,应恰好为 1",
                  "the household has %zu members marked 户主, not exactly 1",
                  heads);
    if (!rc && h->village[0] && c->regions) {
        const kh_region *reg = kh_regionset_find(c->regions, h->village);
        if (!reg)
            rc = FIND(KH_C_VILLAGE, "village_unknown",
                      "行政区划代码 %s 不在区划表中",
                      "village code %s is not in the region list", h->village);
        else if (reg->level != KH_LV_VILLAGE)
            rc = FIND(KH_C_VILLAGE, "village_level",
                      "行政区划代码 %s(%s)是“%s”级,不是村",
                      "code %s (%s) is a %s, not a village (村)", h->village,
                      reg->name, kh_level_name(reg->level));
    }
    unsigned need = (1u << KH_M_INCOME_PC);
    if (!rc && (h->money_set & need) && h->nmembers > 0) {
        int64_t net = h->money[KH_M_WAGE] + h->money[KH_M_BUSINESS] +
                      h->money[KH_M_PROPERTY] + h->money[KH_M_TRANSFER] -
                      h->money[KH_M_EXP_BUSINESS];
        int64_t n = (int64_t)h->nmembers;
        int64_t diff = h->money[KH_M_INCOME_PC] * n - net;
        if (diff < 0) diff = -diff;
        if (diff > c->tol_fen * n) {
            int64_t want = net / n;
            rc = FIND(KH_C_INCOME_PC, "income_mismatch",
                      "人均纯收入 %lld.%02lld 元与收入合计减生产经营性支出除以"
                      "家庭人口 %lld 人所得 %lld.%02lld 元不符",
                      "per-capita income %lld.%02lld differs from (incomes - "
                      "business costs) / %lld persons = %lld.%02lld yuan",
                      (long long)(h->money[KH_M_INCOME_PC] / 100),
                      (long long)(h->money[KH_M_INCOME_PC] % 100), (long long)n,
                      (long long)(want / 100),
                      (long long)((want < 0 ? -want : want) % 100));
        }
    }
    if (!rc) {
        int64_t tr = h->money[KH_M_TRANSFER], db = h->money[KH_M_DIBAO],
                tk = h->money[KH_M_TEKUN];
        char a[48], b[48];
        if (db > tr) {
            kh_fmt_yuan(db, a, sizeof a);
            kh_fmt_yuan(tr, b, sizeof b);
            rc = FIND(KH_C_INC_DIBAO, "dibao_exceeds_transfer",
                      "其中低保金 %s 元大于转移性收入 %s 元",
                      "dibao %s yuan exceeds transfer income %s yuan", a, b);
        } else if (tk > tr - db) {
            kh_fmt_yuan(tk, a, sizeof a);
            kh_fmt_yuan(tr - db, b, sizeof b);
            rc = FIND(KH_C_INC_TEKUN, "dibao_exceeds_transfer",
                      "其中特困供养金 %s 元大于转移性收入减低保金 %s 元",
                      "tekun support %s yuan exceeds transfer income less "
                      "dibao, %s yuan",
                      a, b);
        }
    }
    if (!rc && h->year_in && h->year_out && h->year_out < h->year_in)
        rc = FIND(KH_C_YEAR_OUT, "year_order",
                  "脱贫年度 %d 早于识别年度 %d",
                  "exit year %d is before identification year %d",
                  h->year_out, h->year_in);
    if (!rc && !h->year_out && h->status >= 0 &&
        (h->status == c->status_exited[0] || h->status == c->status_exited[1])) {
        kh_cell yo = row_cell(r, c->pos[KH_C_YEAR_OUT]);
        if (cell_blank(yo))
            rc = FIND(KH_C_YEAR_OUT, "exit_year_missing",
                      "户状态为“%s”,但脱贫年度为空",
                      "status is '%s' but the exit year is empty",
                      kh_standard_enum_label(c->std, c->enum_id[KH_C_STATUS],
                                             h->status));
    }
    if (!rc && (h->money_set & (1u << KH_M_RELOC_SELF)) &&
        h->money[KH_M_RELOC_SELF] > 0 && h->relocated != 1)
        rc = FIND(KH_C_RELOC_SELF, "reloc_self_unexpected",
                  "未标记易地扶贫搬迁,却填写了搬迁自筹金额%s",
                  "a relocation contribution is given for a household not "
                  "marked as relocated%s", "");
    return rc;
}

int kh_checker_household(kh_checker *c, const kh_row *const *rows, size_t n,
                         const kh_household **out, long *errors,
                         kh_error *err)
{
    long e0 = c->fb.errors;
    *out = NULL;
    *errors = 0;
    const kh_row *const *nrows;
    if (normalise(c, rows, n, &nrows)) return kh_error_nomem(err);
    rows = nrows;
    if (n > c->capm) {
        kh_member *m = realloc(c->members, n * sizeof *m);
        if (!m) return kh_error_nomem(err);
        c->members = m;
        c->capm = n;
    }
    kh_household *h = &c->hh;
    memset(h, 0, sizeof *h);
    h->hh_type = h->cause = h->status = h->housing = -1;
    h->water_safe = h->relocated = -1;
    h->helper = h->helper_id = h->phone = "";
    h->members = c->members;
    h->nmembers = n;
    kh_buf_reset(&c->extra);
    kh_buf_reset(&c->strs);
    c->nfix = 0;
    const kh_row *r = rows[0];
    kh_cell key = row_cell(r, c->pos[KH_C_HH_ID]);
    copy_cell(c->hh_id_buf, sizeof c->hh_id_buf, key);
    h->hh_id = c->hh_id_buf;
    h->row = r->row;
    h->line = r->line;
    char first_id[40];
    copy_cell(first_id, sizeof first_id, row_cell(r, c->pos[KH_C_ID_NO]));
    int rc = KH_OK;
    const char *id_no = first_id;
    if (cell_blank(key))
        rc = FIND(KH_C_HH_ID, "value_required", "必填项“%s”为空",
                  "required value '%s' (%s) is empty", "户编号", "hh_id");
    if (!rc) rc = check_household_cols(c, r, first_id);
    size_t heads = 0;
    size_t *extra_off = NULL;
    for (size_t i = 0; i < n && !rc; i++) {
        r = rows[i];
        char idbuf[40];
        copy_cell(idbuf, sizeof idbuf, row_cell(r, c->pos[KH_C_ID_NO]));
        id_no = idbuf;
        c->st.rows++;
        if (c->is_csv && r->n != c->header_n) {
            int extra_nonempty = 0;
            for (size_t k = c->header_n; k < r->n; k++)
                if (r->cells[k].len) extra_nonempty = 1;
            if (r->n < c->header_n || extra_nonempty)
                rc = fb_addf(&c->fb, r->row, r->line, "", h->hh_id, id_no,
                             "row_width", "本行有 %zu 个单元格,表头有 %zu 列",
                             "the row has %zu cells, the header %zu columns",
                             r->n, c->header_n);
            if (rc) break;
        }
        if (i > 0) {
            for (int col = 1; col < KH_C_FIRST_MEMBER && !rc; col++) {
                kh_cell a = row_cell(rows[0], c->pos[col]);
                kh_cell b = row_cell(r, c->pos[col]);
                if (!same_value(c, col, a, b))
                    rc = FIND(col, "hh_inconsistent",
                              "同户各行的“%s”不一致:本行为“%.*s”,首行(第%ld行)为“%.*s”",
                              "'%s' differs within the household: '%.*s' here, "
                              "while its first row %ld has '%.*s'",
                              kh_registry_cols[col].zh, (int)b.len, b.s,
                              rows[0]->row, (int)a.len, a.s);
            }
        }
        if (!rc) rc = check_member(c, r, &c->members[i], id_no);
        if (!rc && c->members[i].relation == c->rel_head && c->rel_head >= 0)
            heads++;
        if (!rc && c->unknown) {
            int has;
            size_t off;
            if (!extra_off && !(extra_off = calloc(n, sizeof *extra_off)))
                rc = KH_ERR_NOMEM;
            if (!rc) rc = add_extra(c, r, &off, &has);
            if (!rc) extra_off[i] = has ? off + 1 : 0;
        }
    }
    if (!rc) fix_strings(c);
    if (!rc) rc = household_rules(c, rows[0], first_id, heads);
    if (extra_off) {
        for (size_t i = 0; i < n && !rc; i++)
            c->members[i].extra =
                extra_off[i] ? c->extra.data + extra_off[i] - 1 : NULL;
        free(extra_off);
    }
    if (!rc) rc = fb_flush(&c->fb);
    c->st.households++;
    c->st.errors = c->fb.errors;
    c->st.warnings = c->fb.warnings;
    if (rc == KH_ERR_NOMEM || rc == KH_ERR_LIMIT) return kh_error_nomem(err);
    if (rc) return kh_error_set(err, rc, "check", "检查中断", "check aborted");
    *errors = c->fb.errors - e0;
    *out = h;
    return KH_OK;
}
