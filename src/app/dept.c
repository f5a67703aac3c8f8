/* SPDX-License-Identifier: MIT */
/*
 * dept.c - 部门数据比对's use cases (dept.h, docs/dept.md): the import of
 * a department's list (`kaohe import dept`) and the comparison of a
 * year's registry with the lists loaded (`kaohe compare`). The import
 * reads the file (src/io), keeps only the rows that match a registered
 * person of the list's region and counts the rest (data minimisation),
 * and reports the list's own faults as findings; the comparison applies
 * the spec's rules (../shared/spec/department-lists.md) with the
 * thresholds, exclusion kinds and severities of the standards file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app.h"
#include "kaohe/buf.h"
#include "kaohe/date.h"
#include "kaohe/app_dept.h"
#include "kaohe/dept.h"
#include "kaohe/dept_store.h"
#include "kaohe/header.h"
#include "kaohe/label.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"

/* ---- a set of 64-bit keys (open addressing) ---- */

typedef struct keyset {
    uint64_t *k;
    size_t cap, n;
} keyset;

static uint64_t hash_bytes(const char *s, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Add key (never 0); *had 1 when it was there. */
static int keyset_add(keyset *ks, uint64_t key, int *had)
{
    if (!key) key = 1;
    if ((ks->n + 1) * 2 > ks->cap) {
        size_t cap = ks->cap ? ks->cap * 2 : 1024;
        uint64_t *k = calloc(cap, sizeof *k);
        if (!k) return KH_ERR_NOMEM;
        for (size_t i = 0; i < ks->cap; i++) {
            if (!ks->k[i]) continue;
            size_t j = ks->k[i] & (cap - 1);
            while (k[j]) j = (j + 1) & (cap - 1);
            k[j] = ks->k[i];
        }
        free(ks->k);
        ks->k = k;
        ks->cap = cap;
    }
    size_t j = key & (ks->cap - 1);
    while (ks->k[j] && ks->k[j] != key) j = (j + 1) & (ks->cap - 1);
    *had = ks->k[j] == key;
    if (!*had) {
        ks->k[j] = key;
        ks->n++;
    }
    return KH_OK;
}

/* ---- the registered ID numbers: a sorted array ----
 *
 * A valid ID number (17 digits and a check character, a digit or X) is
 * a number below 11 × 10^17; it is mixed by a bijection (so that the
 * values spread evenly) and the values are kept sorted, with a directory
 * of where each value of the top DIR_BITS bits starts: 8 bytes a
 * registered person plus 4 MiB, a lookup two reads. An ID number of
 * another form can match no normalised ID of a list and is not kept. */

enum { DIR_BITS = 20 };

typedef struct idset {
    uint64_t *v;
    size_t n, cap;
    uint32_t *dir; /* (1 << DIR_BITS) + 1 starts */
} idset;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

/* The ID number as a number; 0 when it is not of the normalised form. */
static uint64_t id_code(const char *id)
{
    uint64_t v = 0;
    for (int i = 0; i < 17; i++) {
        if (id[i] < '0' || id[i] > '9') return 0;
        v = v * 10 + (uint64_t)(id[i] - '0');
    }
    if (id[17] == 'X') v = v * 11 + 10;
    else if (id[17] >= '0' && id[17] <= '9' && !id[18]) v = v * 11 + (uint64_t)(id[17] - '0');
    else return 0;
    return id[18] ? 0 : mix(v + 1);
}

static int reg_add(void *ctx, const char *id_no, kh_error *err)
{
    idset *is = ctx;
    uint64_t k = strlen(id_no) == 18 ? id_code(id_no) : 0;
    if (!k) return KH_OK;
    if (is->n == is->cap) {
        size_t cap = is->cap ? is->cap * 2 : 4096;
        uint64_t *v = realloc(is->v, cap * sizeof *v);
        if (!v) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        is->v = v;
        is->cap = cap;
    }
    is->v[is->n++] = k;
    return KH_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sort, drop repeats (a person of several years), build the directory. */
static int idset_seal(idset *is)
{
    if (is->n) qsort(is->v, is->n, sizeof *is->v, cmp_u64);
    size_t j = 0;
    for (size_t i = 0; i < is->n; i++)
        if (!j || is->v[i] != is->v[j - 1]) is->v[j++] = is->v[i];
    is->n = j;
    is->dir = malloc(((size_t)1 << DIR_BITS) * sizeof *is->dir + sizeof *is->dir);
    if (!is->dir) return KH_ERR_NOMEM;
    size_t i = 0;
    for (size_t b = 0; b <= ((size_t)1 << DIR_BITS); b++) {
        while (i < is->n && (is->v[i] >> (64 - DIR_BITS)) < b) i++;
        is->dir[b] = (uint32_t)i;
    }
    return KH_OK;
}

static int idset_has(const idset *is, const char *id)
{
    uint64_t k = id_code(id);
    if (!k || !is->dir) return 0;
    size_t b = (size_t)(k >> (64 - DIR_BITS));
    for (uint32_t i = is->dir[b]; i < is->dir[b + 1]; i++)
        if (is->v[i] == k) return 1;
    return 0;
}

/* The duplicates of registered persons' rows, found when the rows are
 * flushed (rows of one ID side by side): reported in row order. */
typedef struct dup_row {
    long row, line;
    char id[19];
} dup_row;

typedef struct dup_list {
    dup_row *d;
    size_t n, cap;
} dup_list;

static int on_dup(void *ctx, long row, long line, const char *id_no,
                  kh_error *err)
{
    dup_list *dl = ctx;
    if (dl->n == dl->cap) {
        size_t cap = dl->cap ? dl->cap * 2 : 64;
        dup_row *p = realloc(dl->d, cap * sizeof *p);
        if (!p) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        dl->d = p;
        dl->cap = cap;
    }
    dup_row *d = &dl->d[dl->n++];
    d->row = row;
    d->line = line;
    snprintf(d->id, sizeof d->id, "%s", id_no);
    return KH_OK;
}

static int cmp_dup(const void *a, const void *b)
{
    const dup_row *x = a, *y = b;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* ---- the import ---- */

enum { C_ID, C_NAME, C_ASOF, C_COMMON };

static int emit(const kh_dept_import_opts *o, const char *file, long row,
                long line, const char *col, const char *id_no,
                const char *code, int warning, const char *zh, const char *en)
{
    if (!o->finding) return KH_OK;
    kh_finding f;
    memset(&f, 0, sizeof f);
    f.file = file;
    f.row = row;
    f.line = line;
    f.column = col ? col : "";
    f.hh_id = "";
    f.id_no = id_no ? id_no : "";
    f.code = code;
    f.warning = warning;
    f.zh = zh;
    f.en = en;
    return o->finding(o->finding_ctx, &f);
}

static int valid_date(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && kh_date_parse(s, 10, &y, &m, &d) == 0;
}

static int valid_region(const char *s)
{
    if (!s || strlen(s) != 12) return 0;
    for (int i = 0; i < 12; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

int kh_app_dept_import(kh_store *s, const kh_standard *std,
                       const kh_actor *who, const kh_dept_import_opts *o,
                       kh_dept_import_result *res, kh_error *err)
{
    memset(res, 0, sizeof *res);
    const char *file = o->name ? o->name : o->file;
    char object[128];
    snprintf(object, sizeof object, "dept:%s:%s:%s", o->kind ? o->kind : "",
             o->region ? o->region : "", o->as_of ? o->as_of : "");
    const kh_dept_kind *k = o->kind ? kh_dept_kind_find(o->kind) : NULL;
    if (!k)
        return kh_error_set(err, KH_ERR_USAGE, "dept_kind",
                            "未知的部门数据种类“%s”(见 docs/dept.md)",
                            "unknown kind of department list '%s' (docs/dept.md)",
                            o->kind ? o->kind : "");
    if (!valid_region(o->region))
        return kh_error_set(err, KH_ERR_USAGE, "dept_region",
                            "--region 应为 12 位区划代码",
                            "--region must be a 12-digit region code");
    if (!valid_date(o->as_of))
        return kh_error_set(err, KH_ERR_USAGE, "dept_as_of",
                            "--as-of 应为 YYYY-MM-DD 日期",
                            "--as-of must be a date YYYY-MM-DD");
    const char *role = who->acc.role;
    if (!kh_standard_in_list(std, "web.import_roles", role, strlen(role)) ||
        who->acc.none || !kh_access_region(&who->acc, o->region)) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你(%s)不能导入区划 %s 的部门数据",
                     "you (%s) may not import department lists of region %s",
                     who->acc.user[0] ? who->acc.user : "?", o->region);
        return kh_app_refuse(s, who, "import.dept", object, err);
    }

    kh_table *t = NULL;
    idset reg = {0};
    keyset seen = {0}; /* the rows of persons not registered, for duplicates */
    dup_list dups = {0};
    kh_buf data = KH_BUF_INIT;
    kh_dept_rows *rows = NULL;
    int col[C_COMMON + KH_DEPT_MAX_COLS];
    int in_tx = 0;
    int rc = kh_table_open(o->file, &t, err);
    const kh_row *r = NULL;
    if (!rc) rc = kh_table_next(t, &r, err);
    if (!rc && !r) {
        rc = kh_error_set(err, KH_ERR_INVALID, "dept_no_rows",
                          "文件为空,不是一个名单", "the file is empty: not a list");
        kh_error_at(err, file, 0, 0, NULL);
    }
    static const char *const common[C_COMMON] = {"证件号码", "姓名", "数据日期"};
    int ncol = C_COMMON + k->ncols;
    for (int i = 0; i < ncol; i++) col[i] = -1;
    if (!rc) {
        for (size_t c = 0; c < r->n; c++) {
            const char *h = r->cells[c].s;
            int found = 0;
            /* The header as the registry's is read (kaohe/header.h): a
             * note in brackets, a *, spaces and full-width forms set
             * aside; 证件号码 and 姓名 also by the registry's aliases. */
            char hn[256], wn[256];
            int hl = kh_header_norm(h, r->cells[c].len, hn, sizeof hn);
            for (int i = 0; i < ncol && !found && hl >= 0; i++) {
                const char *want = i < C_COMMON ? common[i] : k->cols[i - C_COMMON];
                if (col[i] < 0 && kh_header_norm(want, strlen(want), wn, sizeof wn) >= 0 &&
                    !strcmp(hn, wn)) {
                    col[i] = (int)c;
                    found = 1;
                }
            }
            if (!found) {
                int exact;
                int rc2 = kh_header_match(std, KH_HDR_REGISTRY, h, r->cells[c].len, &exact);
                if (rc2 == KH_C_ID_NO && col[C_ID] < 0) col[C_ID] = (int)c, found = 1;
                else if (rc2 == KH_C_NAME && col[C_NAME] < 0) col[C_NAME] = (int)c, found = 1;
            }
            if (!found && h[0]) {
                char zh[512], en[512];
                snprintf(zh, sizeof zh, "未知的列“%s”,已忽略", h);
                snprintf(en, sizeof en, "unknown column '%s' ignored", h);
                if ((rc = emit(o, file, 0, r->line, h, NULL, "dept_column_unknown", 1, zh, en)))
                    break;
            }
        }
        for (int i = 0; i < ncol && !rc; i++) {
            if (col[i] >= 0) continue;
            if (i >= C_COMMON && (k->optional >> (i - C_COMMON) & 1)) continue;
            const char *want = i < C_COMMON ? common[i] : k->cols[i - C_COMMON];
            rc = kh_error_set(err, KH_ERR_INVALID, "dept_column_missing",
                              "缺少必需的列“%s”,名单未导入",
                              "the required column '%s' is missing; the list was not imported",
                              want);
            kh_error_at(err, file, 0, r->line, want);
        }
    }
    char lo[13], hi[13];
    kh_dept_subtree(o->region, lo, hi);
    if (!rc) rc = kh_store_dept_registered(s, lo, hi, reg_add, &reg, err);
    if (!rc && idset_seal(&reg))
        rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    /* the bulk transaction (a rollback journal instead of the WAL):
     * the list's rows are appended once, not written twice */
    if (!rc) rc = kh_store_begin_bulk(s, err);
    if (!rc) in_tx = 1;
    if (!rc) rc = kh_store_dept_rows_open(s, &rows, err);
    kh_dept_list l;
    memset(&l, 0, sizeof l);
    snprintf(l.kind, sizeof l.kind, "%s", k->key);
    snprintf(l.region, sizeof l.region, "%s", o->region);
    snprintf(l.as_of, sizeof l.as_of, "%s", o->as_of);
    snprintf(l.file, sizeof l.file, "%s", file);
    if (!rc) rc = kh_store_dept_list_new(s, &l, who->now, who->acc.user, &res->list, err);
    while (!rc) {
        if ((rc = kh_table_next(t, &r, err)) || !r) break;
        res->rows_read++;
        const char *cell[C_COMMON + KH_DEPT_MAX_COLS];
        for (int i = 0; i < ncol; i++)
            cell[i] = col[i] >= 0 && (size_t)col[i] < r->n ? r->cells[col[i]].s : "";
        char id[19];
        if (kh_dept_id_norm(cell[C_ID], id)) {
            char zh[512], en[512];
            snprintf(zh, sizeof zh, "证件号码“%s”无效(规范化后仍不是有效的居民身份证号码),该行未导入", cell[C_ID]);
            snprintf(en, sizeof en, "ID number '%s' is invalid after normalisation; the row was left out", cell[C_ID]);
            res->rows_refused++;
            rc = emit(o, file, r->row, r->line, "证件号码", cell[C_ID], "dept_id_invalid", 0, zh, en);
            continue;
        }
        /* The row's content after normalisation: a duplicate is the same
         * content again. */
        uint64_t h = hash_bytes(id, 18, 14695981039346656037ull);
        for (int i = 1; i < ncol; i++) {
            h = hash_bytes(cell[i], strlen(cell[i]), h);
            h = hash_bytes("\x1f", 1, h);
        }
        if (!idset_has(&reg, id)) {
            /* not a registered person: counted, never stored; its
             * duplicates found here (a registered person's when the
             * rows are flushed) */
            int had;
            if (keyset_add(&seen, h, &had)) {
                rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
                break;
            }
            if (had) {
                res->rows_refused++;
                rc = emit(o, file, r->row, r->line, "证件号码", id, "dept_row_duplicate", 0,
                          "与前面某行完全相同(重复行),该行未导入",
                          "the row repeats an earlier one; it was left out");
                continue;
            }
            res->rows_unmatched++;
            continue;
        }
        kh_buf_reset(&data);
        for (int i = C_COMMON; i < ncol && !rc; i++) {
            if (i > C_COMMON) rc = kh_buf_adds(&data, "\x1f");
            if (!rc) rc = kh_buf_adds(&data, cell[i]);
        }
        if (rc) {
            rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
            break;
        }
        rc = kh_store_dept_row_add(rows, res->list, r->row, r->line, id, cell[C_NAME],
                                   data.data ? data.data : "", (long long)h, err);
        if (!rc) res->rows_matched++;
    }
    if (!rc && res->rows_read == 0) {
        rc = kh_error_set(err, KH_ERR_INVALID, "dept_no_rows",
                          "名单没有数据行,未导入", "the list has no rows; nothing was imported");
        kh_error_at(err, file, 0, 0, NULL);
    }
    if (!rc) rc = kh_store_dept_rows_flush(rows, on_dup, &dups, err);
    if (!rc && dups.n) qsort(dups.d, dups.n, sizeof *dups.d, cmp_dup);
    for (size_t i = 0; i < dups.n && !rc; i++) {
        res->rows_matched--;
        res->rows_refused++;
        rc = emit(o, file, dups.d[i].row, dups.d[i].line, "证件号码", dups.d[i].id,
                  "dept_row_duplicate", 0, "与前面某行完全相同(重复行),该行未导入",
                  "the row repeats an earlier one; it was left out");
    }
    if (!rc)
        rc = kh_store_dept_list_counts(s, res->list, res->rows_read,
                                       res->rows_matched, res->rows_refused, err);
    if (!rc) {
        char note[160];
        snprintf(note, sizeof note, "read %lld matched %lld refused %lld",
                 res->rows_read, res->rows_matched, res->rows_refused);
        rc = kh_app_audit(s, who, "import.dept", object, "ok", res->rows_matched,
                          NULL, NULL, note, err);
    }
    kh_store_dept_rows_close(rows);
    if (!rc) rc = kh_store_commit(s, err);
    else if (in_tx) kh_store_rollback(s);
    kh_table_free(t);
    free(reg.v);
    free(reg.dir);
    free(seen.k);
    free(dups.d);
    kh_buf_free(&data);
    if (rc) {
        kh_dept_import_result keep = *res;
        memset(res, 0, sizeof *res);
        res->rows_read = keep.rows_read;
        if (rc == KH_ERR_INVALID || rc == KH_ERR_FORMAT)
            return kh_app_refuse(s, who, "import.dept", object, err);
    }
    return rc;
}

/* ---- the comparison ---- */

typedef struct sel_list {
    long long id;
    const kh_dept_kind *kind;
    int kind_ix;
    char region[13], lo[13], hi[13], as_of[11], file[256];
    long long rows_read, rows_matched;
    kh_dept_tally tally;
} sel_list;

typedef struct drow {
    long row, line;
    char name[128];
    char f[KH_DEPT_MAX_COLS][128];
} drow;

typedef struct mem {
    char hh_id[64], village[13], hh_type[32], status[64], housing[8];
    long long inc_dibao, inc_tekun;
    char name[128], id_no[19], sex[8], birth[11], health[32], schooling[32];
    char relation[32];
    int ins_med, ins_serious, ins_pension;
    int age;
    /* rows per kind (of the covering list) */
    drow *rows[16];
    int nrows[16];
    int flagged[16]; /* a finding of the kind */
} mem;

typedef struct cmp_ctx {
    kh_store *s;
    const kh_standard *std;
    int year;
    long ref; /* days of Y-12-31 */
    long y0;  /* days of Y-01-01 */
    sel_list *lists;
    int nlists;
    int nkinds;
    int cover[16]; /* the covering list of each kind for the household */
    kh_finding_fn fn;
    void *ctx;
    mem *m;
    int nm, capm;
    char cur_hh[64];
    kh_error *err;
    int rows_n, rows_cap; /* fetch buffer */
    drow *fetch;
    kh_dept_rows *rows;
    /* the standards' figures, read once (a lookup is a scan) */
    int amount_tol, comp_min, comp_max, pension_min;
    long long capital_min;
    unsigned excl; /* bit k: kind k is a compared exclusion */
    /* the current village's counts per kind (dept_count), stored when
     * the village changes */
    char cur_village[13];
    kh_dept_count vt[16];
    int vt_used[16];
} cmp_ctx;

/* src into dst of n bytes, cut to fit (as snprintf "%s" would, for
 * less: the comparison copies every member's fields). */
static void copy(char *dst, size_t n, const char *src)
{
    size_t l = src ? strnlen(src, n - 1) : 0;
    if (l) memcpy(dst, src, l);
    dst[l] = '\0';
}

/* "123.45" yuan as 分; -1 when not a number. */
static long long fen_of(const char *s)
{
    long long v = 0;
    int frac = -1, any = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (frac >= 2) continue;
            v = v * 10 + (*p - '0');
            any = 1;
            if (frac >= 0) frac++;
        } else if (*p == '.' && frac < 0) {
            frac = 0;
        } else if (*p == ',' || *p == ' ') {
            continue;
        } else {
            return -1;
        }
    }
    if (!any) return -1;
    if (frac < 0) frac = 0;
    while (frac++ < 2) v *= 10;
    return v;
}

static int kind_col(const kh_dept_kind *k, const char *name)
{
    for (int i = 0; i < k->ncols; i++)
        if (!strcmp(k->cols[i], name)) return i;
    return 0;
}
#define F(r, k, name) ((r)->f[kind_col((k), (name))])

static int on_row(void *vctx, const kh_dept_row *r, kh_error *err)
{
    cmp_ctx *c = vctx;
    if (c->rows_n == c->rows_cap) {
        int cap = c->rows_cap ? c->rows_cap * 2 : 8;
        drow *n = realloc(c->fetch, (size_t)cap * sizeof *n);
        if (!n) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        c->fetch = n;
        c->rows_cap = cap;
    }
    drow *d = &c->fetch[c->rows_n++];
    memset(d, 0, sizeof *d);
    d->row = r->row;
    d->line = r->line;
    copy(d->name, sizeof d->name, r->name);
    const char *p = r->data;
    for (int i = 0; i < KH_DEPT_MAX_COLS && p; i++) {
        const char *e = strchr(p, '\x1f');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n >= sizeof d->f[i]) n = sizeof d->f[i] - 1;
        memcpy(d->f[i], p, n);
        d->f[i][n] = '\0';
        p = e ? e + 1 : NULL;
    }
    return KH_OK;
}

static int out(cmp_ctx *c, const sel_list *l, const mem *m, const drow *r,
               const char *column, const char *code, const char *reg_v,
               const char *dept_v, const char *what_zh, const char *what_en)
{
    char zh[1024], en[1024], where[64];
    if (r) snprintf(where, sizeof where, "第 %ld 行", r->row);
    else snprintf(where, sizeof where, "无此人记录");
    snprintf(zh, sizeof zh, "%s:%s(名单 %s,%s),户 %s 成员 %s:建档立卡为“%s”,部门为“%s”",
             what_zh, l->kind->dept, l->file, where, m->hh_id, m->name, reg_v, dept_v);
    snprintf(en, sizeof en, "%s: %s (list %s, %s), household %s member %s: registry '%s', department '%s'",
             what_en, l->kind->key, l->file, r ? "see row" : "no record", m->hh_id,
             m->id_no, reg_v, dept_v);
    kh_finding f;
    memset(&f, 0, sizeof f);
    f.file = l->file;
    f.row = r ? r->row : 0;
    f.line = r ? r->line : 0;
    f.column = column;
    f.hh_id = m->hh_id;
    f.id_no = m->id_no;
    f.code = code;
    f.warning = kh_standard_is_warning(c->std, code);
    f.zh = zh;
    f.en = en;
    ((mem *)m)->flagged[l->kind_ix] = 1;
    kh_dept_fact d;
    memset(&d, 0, sizeof d);
    d.year = c->year;
    d.code = code;
    d.kind = l->kind->key;
    d.dept = l->kind->dept;
    d.file = l->file;
    d.column = column;
    d.row = f.row;
    d.line = f.line;
    d.village = m->village;
    d.hh_id = m->hh_id;
    d.id_no = m->id_no;
    d.name = m->name;
    d.reg_value = reg_v;
    d.dept_value = dept_v;
    d.zh = zh;
    d.en = en;
    d.warning = f.warning;
    int rc = kh_store_dept_fact_add(c->s, &d, c->err);
    if (!rc && c->fn) rc = c->fn(c->ctx, &f);
    return rc;
}

static int is_current(cmp_ctx *c, const char *end)
{
    if (!end[0]) return 1;
    long d = kh_date_days_of(end);
    return d < 0 || d >= c->ref;
}

/* Months of the year covered by start..end (a month counts when any day
 * of it is covered). */
static int months_in_year(cmp_ctx *c, const char *start, const char *end)
{
    int sy, sm, sd, ey, em, ed;
    if (strlen(start) != 10 || kh_date_parse(start, 10, &sy, &sm, &sd)) return 0;
    if (!end[0]) { ey = c->year; em = 12; ed = 31; }
    else if (strlen(end) != 10 || kh_date_parse(end, 10, &ey, &em, &ed)) return 0;
    long a = (long)sy * 12 + sm - 1, b = (long)ey * 12 + em - 1;
    long y0 = (long)c->year * 12, y1 = y0 + 11;
    if (a < y0) a = y0;
    if (b > y1) b = y1;
    return b >= a ? (int)(b - a + 1) : 0;
}

static int name_differs(const mem *m, const drow *r)
{
    char a[128], b[128];
    kh_dept_name_key(m->name, a, sizeof a);
    kh_dept_name_key(r->name, b, sizeof b);
    return strcmp(a, b) != 0;
}


static int is_exited(const char *status)
{
    return !strncmp(status, "已脱贫", strlen("已脱贫"));
}

static const char *const stage_map[][2] = {
    {"学前", "学前教育"}, {"小学", "小学"}, {"初中", "初中"}, {"高中", "高中"},
    {"中职", "中职"}, {"高职", "高职"}, {"大专及以上", "大专及以上"},
};

/* The household's findings for list l (kind k). */
static int cmp_kind(cmp_ctx *c, sel_list *l)
{
    const kh_dept_kind *k = l->kind;
    int ki = l->kind_ix, rc = KH_OK;
    kh_dept_tally *t = &l->tally;
    const char *key = k->key;
    int amount_tol = c->amount_tol;
    /* name, on every kind */
    for (int i = 0; i < c->nm && !rc; i++) {
        mem *m = &c->m[i];
        for (int j = 0; j < m->nrows[ki]; j++)
            if (name_differs(m, &m->rows[ki][j])) {
                rc = out(c, l, m, &m->rows[ki][j], "姓名", "dept_name_mismatch",
                         m->name, m->rows[ki][j].name, "姓名不一致", "name differs");
                break;
            }
    }
    if (!strcmp(key, "housing")) {
        const mem *head = NULL;
        for (int i = 0; i < c->nm; i++)
            if (!strcmp(c->m[i].relation, "户主")) head = &c->m[i];
        if (!head || !head->nrows[ki]) return rc;
        t->covered++;
        t->matched++;
        const drow *latest = NULL, *done = NULL;
        for (int j = 0; j < head->nrows[ki]; j++) {
            const drow *r = &head->rows[ki][j];
            if (!latest || strcmp(F(r, k, "鉴定日期"), F(latest, k, "鉴定日期")) >= 0) latest = r;
            if (!strcmp(F(r, k, "验收状态"), "已验收") && F(r, k, "改造年度")[0] &&
                atoi(F(r, k, "改造年度")) <= c->year)
                done = r;
        }
        const char *want = done ? "A" : F(latest, k, "鉴定等级");
        const drow *why = done ? done : latest;
        if (!rc && strcmp(head->housing, want))
            rc = out(c, l, head, why, "住房安全等级", "dept_housing_grade", head->housing,
                     want, "住房安全等级与住建部门鉴定不一致",
                     "housing grade differs from the department's assessment");
        if (!rc && !done && is_exited(head->status) &&
                 (!strcmp(want, "C") || !strcmp(want, "D")))
            rc = out(c, l, head, why, "户状态", "dept_housing_exit_unsafe", head->status,
                     want, "已脱贫但住建部门鉴定为危房且未改造",
                     "exited while the department rates the house C/D, not rebuilt");
        if (head->flagged[ki]) t->disagree++;
        return rc;
    }
    if (!strcmp(key, "dibao") || !strcmp(key, "tekun")) {
        int dibao = !strcmp(key, "dibao");
        const char *hh_kind = dibao ? "低保贫困户" : "特困供养贫困户";
        const char *amt_col = dibao ? "月保障金额" : "月供养金额";
        int is_hh = !strcmp(c->m[0].hh_type, hh_kind);
        int any_current = 0, any_amount = 0;
        long long paid = 0;
        for (int i = 0; i < c->nm && !rc; i++) {
            mem *m = &c->m[i];
            int cur = 0;
            for (int j = 0; j < m->nrows[ki]; j++) {
                drow *r = &m->rows[ki][j];
                if (dibao && strcmp(F(r, k, "保障类别"), "农村低保")) continue;
                if (is_current(c, F(r, k, "终止日期"))) cur = 1;
                long long a = fen_of(F(r, k, amt_col));
                if (a >= 0) {
                    any_amount = 1;
                    paid += a * months_in_year(c, F(r, k, "起始日期"), F(r, k, "终止日期"));
                }
            }
            if (cur) any_current = 1;
            if (is_hh || m->nrows[ki]) t->covered++;
            if (m->nrows[ki]) t->matched++;
            if (cur && !is_hh) {
                const drow *r = &m->rows[ki][0];
                rc = out(c, l, m, r, "贫困户属性",
                         dibao ? "dept_dibao_unregistered" : "dept_tekun_unregistered",
                         m->hh_type, dibao ? "农村低保" : F(r, k, "供养方式"),
                         dibao ? "享受农村低保但不是低保贫困户" : "享受特困供养但不是特困供养贫困户",
                         dibao ? "current rural dibao record but not a dibao household"
                               : "current tekun record but not a tekun household");
            }
        }
        mem *head = &c->m[0];
        for (int i = 0; i < c->nm; i++)
            if (!strcmp(c->m[i].relation, "户主")) head = &c->m[i];
        if (!rc && is_hh && !any_current) {
            rc = out(c, l, head, NULL, "贫困户属性",
                     dibao ? "dept_dibao_missing" : "dept_tekun_missing", hh_kind,
                     "无在保记录", dibao ? "低保贫困户无成员在民政低保名单中" :
                     "特困供养贫困户无成员在民政特困供养名单中",
                     "no member has a current record");
        } else if (!rc && is_hh && any_current && any_amount) {
            long long reg = dibao ? head->inc_dibao : head->inc_tekun;
            if (reg < 0) reg = 0;
            long long diff = reg > paid ? reg - paid : paid - reg;
            if (diff > (long long)amount_tol * 100) {
                char a[32], b[32];
                snprintf(a, sizeof a, "%lld.%02lld", reg / 100, reg % 100);
                snprintf(b, sizeof b, "%lld.%02lld", paid / 100, paid % 100);
                const drow *r = NULL;
                for (int i = 0; i < c->nm && !r; i++)
                    if (c->m[i].nrows[ki]) r = &c->m[i].rows[ki][0];
                rc = out(c, l, head, r, dibao ? "其中低保金" : "其中特困供养金",
                         dibao ? "dept_dibao_amount" : "dept_tekun_amount", a, b,
                         "全年金额与部门发放额不符(元)", "the year's amount differs (yuan)");
            }
        }
        for (int i = 0; i < c->nm; i++)
            if (c->m[i].flagged[ki]) t->disagree++;
        return rc;
    }
    for (int i = 0; i < c->nm && !rc; i++) {
        mem *m = &c->m[i];
        drow *R = m->rows[ki];
        int n = m->nrows[ki];
        int applies = 1;
        if (!strcmp(key, "huji")) {
            if (!n) {
                rc = out(c, l, m, NULL, "证件号码", "dept_huji_missing", m->id_no, "无户籍记录",
                         "不在户籍名单中", "not in the household register");
            } else {
                drow *r = &R[0];
                const char *st = F(r, k, "户籍状态");
                long d = kh_date_days_of(F(r, k, "变动日期"));
                if (m->sex[0] && F(r, k, "性别")[0] && strcmp(m->sex, F(r, k, "性别")))
                    rc = out(c, l, m, r, "性别", "dept_huji_sex", m->sex, F(r, k, "性别"),
                             "性别不一致", "sex differs");
                if (!rc && m->birth[0] && F(r, k, "出生日期")[0] &&
                    strcmp(m->birth, F(r, k, "出生日期")))
                    rc = out(c, l, m, r, "出生日期", "dept_huji_birth", m->birth,
                             F(r, k, "出生日期"), "出生日期不一致", "birth date differs");
                if (!rc && st[0] && strcmp(st, "正常") && (d < 0 || d < c->ref)) {
                    char v[2 * 160]; /* two fields (OPT=-O0's -Werror) */
                    snprintf(v, sizeof v, "%s %s", st, F(r, k, "变动日期"));
                    rc = out(c, l, m, r, "户籍状态", "dept_huji_status", "在册", v,
                             "户籍已死亡、迁出或注销", "died, moved out or deregistered");
                }
            }
        } else if (!strcmp(key, "death")) {
            for (int j = 0; j < n && !rc; j++) {
                long d = kh_date_days_of(F(&R[j], k, "死亡日期"));
                if (d >= 0 && d < c->ref) {
                    rc = out(c, l, m, &R[j], "姓名", "dept_death", "在册",
                             F(&R[j], k, "死亡日期"), "已死亡仍在册", "died, still a member");
                    break;
                }
            }
        } else if (!strcmp(key, "disability")) {
            int dis = !strcmp(m->health, "残疾");
            applies = dis || n;
            if (n && !dis)
                rc = out(c, l, m, &R[0], "健康状况", "dept_disability_card", m->health,
                         F(&R[0], k, "残疾等级"), "持残疾人证但健康状况不是残疾",
                         "holds a disability card but is not marked 残疾");
            else if (!n && dis)
                rc = out(c, l, m, NULL, "健康状况", "dept_disability_nocard", m->health,
                         "无残疾人证", "标为残疾但无残疾人证", "marked 残疾 with no card");
        } else if (!strcmp(key, "school")) {
            int amin = c->comp_min, amax = c->comp_max;
            int compulsory = m->age >= amin && m->age <= amax;
            applies = compulsory || n;
            const drow *reading = NULL, *dropout = NULL;
            for (int j = 0; j < n; j++) {
                if (!strcmp(F(&R[j], k, "在校状态"), "在读")) reading = &R[j];
                if (!strcmp(F(&R[j], k, "在校状态"), "辍学")) dropout = &R[j];
            }
            const char *want = NULL;
            if (reading)
                for (size_t s = 0; s < sizeof stage_map / sizeof stage_map[0]; s++)
                    if (!strcmp(F(reading, k, "学段"), stage_map[s][0])) want = stage_map[s][1];
            if (reading && want && strcmp(m->schooling, want))
                rc = out(c, l, m, reading, "在校生状况", "dept_school_stage", m->schooling,
                         F(reading, k, "学段"), "在校生状况与学籍不一致",
                         "schooling differs from the school record");
            else if (compulsory && !reading && (dropout || !n))
                rc = out(c, l, m, dropout, "在校生状况", "dept_school_dropout", m->schooling,
                         dropout ? "辍学" : "无学籍记录", "义务教育阶段辍学风险",
                         "compulsory-school-age dropout risk");
        } else if (!strcmp(key, "edu_aid")) {
            /* needs the school list of the same region */
            int reading = 0;
            for (int s = 0; s < c->nlists; s++)
                if (c->cover[c->lists[s].kind_ix] == s && !strcmp(c->lists[s].kind->key, "school")) {
                    const sel_list *sl = &c->lists[s];
                    for (int j = 0; j < m->nrows[sl->kind_ix]; j++)
                        if (!strcmp(F(&m->rows[sl->kind_ix][j], sl->kind, "在校状态"), "在读")) reading = 1;
                }
            applies = reading || n;
            int aided = 0;
            for (int j = 0; j < n; j++) {
                const char *d = F(&R[j], k, "发放日期");
                if (strlen(d) >= 4 && atoi(d) == c->year) aided = 1;
            }
            if (reading && !aided)
                rc = out(c, l, m, NULL, "帮扶措施", "dept_edu_aid_missing", "在读",
                         "本年无资助记录", "在读学生本年未获资助", "a student with no aid this year");
        } else if (!strcmp(key, "medical")) {
            int basic = 0, serious = 0;
            const drow *rb = NULL, *rs = NULL;
            for (int j = 0; j < n; j++) {
                if (atoi(F(&R[j], k, "参保年度")) != c->year ||
                    strcmp(F(&R[j], k, "参保状态"), "参保")) continue;
                if (!strcmp(F(&R[j], k, "险种"), "基本医疗")) { basic = 1; rb = &R[j]; }
                if (!strcmp(F(&R[j], k, "险种"), "大病保险")) { serious = 1; rs = &R[j]; }
            }
            if ((m->ins_med == 1 && !basic) || (m->ins_med == 0 && basic))
                rc = out(c, l, m, rb, "基本医疗保险", "dept_medical_basic",
                         m->ins_med ? "是" : "否", basic ? "参保" : "无参保记录",
                         "基本医疗保险与医保参保记录不一致", "basic medical insurance differs");
            if (!rc && ((m->ins_serious == 1 && !serious) || (m->ins_serious == 0 && serious)))
                rc = out(c, l, m, rs, "大病保险", "dept_medical_serious",
                         m->ins_serious ? "是" : "否", serious ? "参保" : "无参保记录",
                         "大病保险与医保参保记录不一致", "serious-illness insurance differs");
        } else if (!strcmp(key, "pension")) {
            int amin = c->pension_min;
            int eligible = m->age >= amin &&
                           (!m->schooling[0] || !strcmp(m->schooling, "非在校生"));
            applies = eligible || n;
            const drow *cov = NULL;
            for (int j = 0; j < n; j++)
                if (!strcmp(F(&R[j], k, "参保状态"), "参保缴费") ||
                    !strcmp(F(&R[j], k, "参保状态"), "领取待遇")) cov = &R[j];
            const char *reg = m->ins_pension == 1 ? "是" : m->ins_pension == 0 ? "否" : "";
            if (n && m->ins_pension == 1 && !cov)
                rc = out(c, l, m, &R[0], "基本养老保险", "dept_pension_mismatch", reg,
                         F(&R[0], k, "参保状态"), "基本养老保险与人社记录不一致",
                         "pension insurance differs");
            else if (n && m->ins_pension == 0 && cov)
                rc = out(c, l, m, cov, "基本养老保险", "dept_pension_mismatch", reg,
                         F(cov, k, "参保状态"), "基本养老保险与人社记录不一致",
                         "pension insurance differs");
            else if (!cov && eligible)
                rc = out(c, l, m, n ? &R[0] : NULL, "基本养老保险", "dept_pension_gap", reg,
                         n ? F(&R[0], k, "参保状态") : "无参保记录", "应保未保(养老保险)",
                         "pension gap");
        } else if (c->excl >> ki & 1) {
            const drow *hit = NULL;
            for (int j = 0; j < n && !hit; j++) {
                const drow *r = &R[j];
                if (!strcmp(key, "staff")) hit = r;
                else if (!strcmp(key, "company")) {
                    if (strcmp(F(r, k, "登记状态"), "存续")) continue;
                    if (!strcmp(F(r, k, "身份"), "个体工商户经营者")) {
                        long long cap = fen_of(F(r, k, "注册资本"));
                        long long min = c->capital_min;
                        if (cap > min * 100) hit = r;
                    } else hit = r;
                } else if (!strcmp(key, "vehicle")) {
                    const char *ty = F(r, k, "车辆类型");
                    if (!strcmp(F(r, k, "状态"), "正常") &&
                        kh_standard_in_list(c->std, "dept.vehicle_types", ty, strlen(ty)))
                        hit = r;
                } else if (!strcmp(key, "realty")) {
                    if ((!strcmp(F(r, k, "用途"), "住宅") && !strcmp(F(r, k, "所在"), "城镇")) ||
                        !strcmp(F(r, k, "用途"), "商业"))
                        hit = r;
                }
            }
            if (hit) {
                char code[40], v[3 * 160]; /* three fields at most */
                snprintf(code, sizeof code, "dept_excl_%s", key);
                snprintf(v, sizeof v, "%s", hit->f[0]);
                if (!strcmp(key, "company")) snprintf(v, sizeof v, "%s %s", F(hit, k, "企业名称"), F(hit, k, "身份"));
                if (!strcmp(key, "vehicle")) snprintf(v, sizeof v, "%s %s", F(hit, k, "号牌号码"), F(hit, k, "车辆类型"));
                if (!strcmp(key, "realty")) snprintf(v, sizeof v, "%s %s %s", F(hit, k, "坐落"), F(hit, k, "所在"), F(hit, k, "用途"));
                rc = out(c, l, m, hit, "证件号码", code, "建档立卡成员", v,
                         "六不评:需入户核实", "exclusion (六不评): to be verified by a visit");
            }
        }
        if (applies) t->covered++;
        if (n) t->matched++;
        if (m->flagged[ki]) t->disagree++;
    }
    return rc;
}

static void free_household(cmp_ctx *c)
{
    for (int i = 0; i < c->nm; i++)
        for (int k = 0; k < 16; k++) free(c->m[i].rows[k]);
    c->nm = 0;
}

/* Store the current village's counts per kind and start afresh. */
static int flush_village(cmp_ctx *c)
{
    int rc = KH_OK;
    for (int k = 0; k < 16 && !rc; k++) {
        if (!c->vt_used[k]) continue;
        copy(c->vt[k].region, sizeof c->vt[k].region, c->cur_village);
        rc = kh_store_dept_count_add(c->s, c->year, &c->vt[k], c->err);
    }
    memset(c->vt, 0, sizeof c->vt);
    memset(c->vt_used, 0, sizeof c->vt_used);
    return rc;
}

static int flush_household(cmp_ctx *c)
{
    int rc = KH_OK;
    if (!c->nm) return KH_OK;
    if (!strcmp(c->m[0].status, "清退")) {
        free_household(c);
        return KH_OK;
    }
    /* the covering list of each kind: the narrowest region */
    for (int k = 0; k < 16; k++) c->cover[k] = -1;
    for (int s = 0; s < c->nlists; s++) {
        sel_list *l = &c->lists[s];
        if (strcmp(c->m[0].village, l->lo) < 0 || strcmp(c->m[0].village, l->hi) > 0) continue;
        int *cv = &c->cover[l->kind_ix];
        /* Subtrees that hold the village are nested: the narrower one
         * starts later or, starting alike, ends sooner. */
        int lo = *cv < 0 ? 1 : strcmp(l->lo, c->lists[*cv].lo);
        if (*cv < 0 || lo > 0 || (lo == 0 && strcmp(l->hi, c->lists[*cv].hi) < 0))
            *cv = s;
    }
    /* most members' ID numbers begin with their county's code */
    char county[7];
    snprintf(county, sizeof county, "%.6s", c->m[0].village);
    kh_store_dept_rows_near(c->rows, county);
    for (int i = 0; i < c->nm && !rc; i++) {
        mem *m = &c->m[i];
        for (int k = 0; k < 16 && !rc; k++) {
            if (c->cover[k] < 0) continue;
            c->rows_n = 0;
            rc = kh_store_dept_rows(c->rows, c->lists[c->cover[k]].id, m->id_no, on_row, c, c->err);
            if (rc || !c->rows_n) continue;
            m->rows[k] = malloc((size_t)c->rows_n * sizeof(drow));
            if (!m->rows[k]) {
                rc = kh_error_set(c->err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
                break;
            }
            memcpy(m->rows[k], c->fetch, (size_t)c->rows_n * sizeof(drow));
            m->nrows[k] = c->rows_n;
        }
    }
    if (!rc && strcmp(c->cur_village, c->m[0].village)) {
        rc = flush_village(c);
        copy(c->cur_village, sizeof c->cur_village, c->m[0].village);
    }
    for (int k = 0; k < 16 && !rc; k++) {
        if (c->cover[k] < 0) continue;
        sel_list *l = &c->lists[c->cover[k]];
        kh_dept_tally before = l->tally;
        rc = cmp_kind(c, l);
        kh_dept_count *v = &c->vt[k];
        copy(v->kind, sizeof v->kind, l->kind->key);
        v->covered += l->tally.covered - before.covered;
        v->matched += l->tally.matched - before.matched;
        v->disagree += l->tally.disagree - before.disagree;
        c->vt_used[k] = 1;
    }
    free_household(c);
    return rc;
}

static int on_member(void *vctx, const kh_dept_member *dm, kh_error *err)
{
    cmp_ctx *c = vctx;
    int rc = KH_OK;
    if (strcmp(c->cur_hh, dm->hh_id)) {
        if ((rc = flush_household(c))) return rc;
        copy(c->cur_hh, sizeof c->cur_hh, dm->hh_id);
    }
    if (c->nm == c->capm) {
        int cap = c->capm ? c->capm * 2 : 8;
        mem *n = realloc(c->m, (size_t)cap * sizeof *n);
        if (!n) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        c->m = n;
        c->capm = cap;
    }
    mem *m = &c->m[c->nm++];
    memset(m, 0, sizeof *m);
    copy(m->hh_id, sizeof m->hh_id, dm->hh_id);
    copy(m->village, sizeof m->village, dm->village);
    copy(m->hh_type, sizeof m->hh_type, dm->hh_type);
    copy(m->status, sizeof m->status, dm->status);
    copy(m->housing, sizeof m->housing, dm->housing);
    m->inc_dibao = dm->inc_dibao;
    m->inc_tekun = dm->inc_tekun;
    copy(m->name, sizeof m->name, dm->name);
    copy(m->id_no, sizeof m->id_no, dm->id_no);
    copy(m->sex, sizeof m->sex, dm->sex);
    copy(m->health, sizeof m->health, dm->health);
    copy(m->schooling, sizeof m->schooling, dm->schooling);
    copy(m->relation, sizeof m->relation, dm->relation);
    m->ins_med = dm->ins_med;
    m->ins_serious = dm->ins_serious;
    m->ins_pension = dm->ins_pension;
    if (dm->birth[0]) copy(m->birth, sizeof m->birth, dm->birth);
    else if (strlen(dm->id_no) == 18)
        snprintf(m->birth, sizeof m->birth, "%.4s-%.2s-%.2s", dm->id_no + 6,
                 dm->id_no + 10, dm->id_no + 12);
    int by, bm, bd;
    m->age = -1;
    if (strlen(m->birth) == 10 && !kh_date_parse(m->birth, 10, &by, &bm, &bd))
        m->age = kh_date_age(by, bm, bd, c->year, 12, 31);
    return KH_OK;
}

static int on_list(void *vctx, const kh_dept_list *l, kh_error *err)
{
    cmp_ctx *c = vctx;
    long d = kh_date_days_of(l->as_of);
    if (d < c->y0 || d > kh_date_days(c->year + 1, 6, 30)) return KH_OK;
    int n;
    const kh_dept_kind *ks = kh_dept_kinds(&n);
    const kh_dept_kind *k = kh_dept_kind_find(l->kind);
    if (!k) return KH_OK;
    /* ordered by kind, region, date: the latest replaces the one before */
    sel_list *prev = c->nlists ? &c->lists[c->nlists - 1] : NULL;
    sel_list *sl;
    if (prev && prev->kind == k && !strcmp(prev->region, l->region)) {
        sl = prev;
    } else {
        sel_list *nl = realloc(c->lists, (size_t)(c->nlists + 1) * sizeof *nl);
        if (!nl) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        c->lists = nl;
        sl = &c->lists[c->nlists++];
    }
    memset(sl, 0, sizeof *sl);
    sl->id = l->id;
    sl->kind = k;
    sl->kind_ix = (int)(k - ks);
    copy(sl->region, sizeof sl->region, l->region);
    kh_dept_subtree(l->region, sl->lo, sl->hi);
    copy(sl->as_of, sizeof sl->as_of, l->as_of);
    copy(sl->file, sizeof sl->file, l->file);
    sl->rows_read = l->rows_read;
    sl->rows_matched = l->rows_matched;
    copy(sl->tally.kind, sizeof sl->tally.kind, k->key);
    copy(sl->tally.region, sizeof sl->tally.region, l->region);
    sl->tally.rows_read = l->rows_read;
    sl->tally.rows_matched = l->rows_matched;
    return KH_OK;
}

/* A household of the year a visit of the year before confirmed
 * (核实属实): proposed for 清退 in this snapshot (dept_exit_proposed). */
static int on_confirmed(void *vctx, const kh_dept_fact *v, kh_error *err)
{
    cmp_ctx *c = vctx;
    char zh[1024], en[1024];
    const char *what = kh_label_finding(c->std, v->code);
    snprintf(zh, sizeof zh,
             "%d 年入户核实属实（%s）：户 %s 成员 %s，建议本年度清退该户（理由：%s）",
             c->year - 1, what ? what : v->code, v->hh_id, v->name, v->reason);
    snprintf(en, sizeof en,
             "the %d visit confirmed %s: household %s member %s is proposed "
             "for removal (清退) this year (reason: %s)",
             c->year - 1, v->code, v->hh_id, v->id_no, v->reason);
    kh_dept_fact d = *v;
    d.year = c->year;
    d.code = "dept_exit_proposed";
    d.kind = "visit";
    d.dept = "入户核实";
    d.column = "户状态";
    d.reg_value = v->reg_value; /* the household's status */
    d.dept_value = "拟清退";
    d.zh = zh;
    d.en = en;
    d.warning = kh_standard_is_warning(c->std, d.code);
    int rc = kh_store_dept_fact_add(c->s, &d, err);
    if (!rc && c->fn) {
        kh_finding f;
        memset(&f, 0, sizeof f);
        f.file = "";
        f.column = d.column;
        f.hh_id = d.hh_id;
        f.id_no = d.id_no;
        f.code = d.code;
        f.warning = d.warning;
        f.zh = zh;
        f.en = en;
        rc = c->fn(c->ctx, &f);
    }
    return rc;
}

int kh_app_dept_compare(kh_store *s, const kh_standard *std,
                        const kh_actor *who, int year, kh_finding_fn fn,
                        void *ctx, kh_dept_tally_fn tf, void *tctx,
                        kh_error *err)
{
    char object[32];
    snprintf(object, sizeof object, "dept_compare:%d", year);
    if (!who->acc.all && (who->acc.none || !who->acc.region[0])) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你(%s)没有可比对的区划", "you (%s) have no region to compare",
                     who->acc.user[0] ? who->acc.user : "?");
        return kh_app_refuse(s, who, "dept.compare", object, err);
    }
    const char *lo = who->acc.all ? "000000000000" : who->acc.lo;
    const char *hi = who->acc.all ? "999999999999" : who->acc.hi;
    cmp_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.std = std;
    c.year = year;
    c.ref = kh_date_days(year, 12, 31);
    c.y0 = kh_date_days(year, 1, 1);
    c.fn = fn;
    c.ctx = ctx;
    c.err = err;
    const kh_dept_kind *kinds = kh_dept_kinds(&c.nkinds);
    c.amount_tol = (int)kh_standard_int(std, "dept.amount_tolerance_yuan", 1);
    c.comp_min = (int)kh_standard_int(std, "dept.compulsory_age_min", 7);
    c.comp_max = (int)kh_standard_int(std, "dept.compulsory_age_max", 15);
    c.pension_min = (int)kh_standard_int(std, "dept.pension_age_min", 16);
    c.capital_min = kh_standard_int(std, "dept.individual_capital_min_yuan", 50000);
    for (int k = 0; k < c.nkinds && k < 32; k++)
        if (kh_standard_in_list(std, "dept.exclusion_kinds", kinds[k].key,
                                strlen(kinds[k].key)))
            c.excl |= 1u << k;
    int rc = kh_store_begin(s, err), in_tx = !rc;
    /* the year's findings and counts in scope are replaced (the visits'
     * results are kept: they are keyed by year, code and person) */
    if (!rc) rc = kh_store_dept_result_clear(s, year, lo, hi, err);
    if (!rc) rc = kh_store_dept_rows_open(s, &c.rows, err);
    if (!rc) rc = kh_store_dept_lists(s, on_list, &c, err);
    if (!rc && c.nlists)
        rc = kh_store_dept_members(s, year, lo, hi, on_member, &c, err);
    if (!rc) rc = flush_household(&c);
    else free_household(&c);
    if (!rc) rc = flush_village(&c);
    if (!rc) rc = kh_store_dept_confirmed(s, year, lo, hi, on_confirmed, &c, err);
    for (int i = 0; i < c.nlists && !rc; i++)
        if (tf && kh_access_region(&who->acc, c.lists[i].region))
            rc = tf(tctx, &c.lists[i].tally, err);
    if (!rc)
        rc = kh_app_audit(s, who, "dept.compare", object, "ok", -1, NULL, NULL, NULL, err);
    kh_store_dept_rows_close(c.rows);
    if (!rc) rc = kh_store_commit(s, err);
    else if (in_tx) kh_store_rollback(s);
    free(c.lists);
    free(c.m);
    free(c.fetch);
    return rc;
}
