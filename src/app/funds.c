/* SPDX-License-Identifier: MIT */
/*
 * funds.c - 扶贫项目库 and 扶贫资金's use cases (app_funds.h,
 * docs/funds.md): the import of a project library, allocations or
 * payments file — the header found as offices write it, each row checked
 * by itself (src/domain/funds.c), all or nothing — and `funds check`,
 * which reads a region's stored rows county by county and applies the
 * spec's rules (../shared/spec/funds-projects.md) with the standards
 * file's thresholds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_funds.h"
#include "kaohe/assess.h"
#include "kaohe/assess_run.h"
#include "kaohe/buf.h"
#include "kaohe/date.h"
#include "kaohe/doc.h"
#include "kaohe/documents.h"
#include "kaohe/fmt.h"
#include "kaohe/pdf.h"
#include "kaohe/funds_store.h"
#include "kaohe/header.h"
#include "kaohe/load.h"
#include "kaohe/org.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"
#include "kaohe/encoding.h"
#include "app/funds_int.h"

/* ---- a map of a file's keys to their rows (duplicates) ---- */

/*
 * The keys seen, each with its row, the texts end to end in one block
 * (a million keys are not a million allocations). While every key is
 * above the one before — a file in 凭证号 or 项目编号 order, as offices
 * keep them — none can repeat an earlier one and no table is needed; at
 * the first key out of order the keys so far go into a hash table (hash
 * and entry per slot: a probe compares hashes before texts), which every
 * later key is looked up in.
 */
typedef struct kslot {
    uint32_t h, e; /* e: 1 + the entry; 0 empty */
} kslot;

typedef struct keymap {
    uint32_t *off; /* per entry: its text */
    long *row;     /* and its row */
    size_t n, ncap;
    char *text;
    size_t tn, tcap;
    kslot *slot; /* NULL while the keys are in order */
    size_t cap;
} keymap;

static uint32_t hash_str(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    uint32_t v = (uint32_t)(h ^ (h >> 32));
    return v ? v : 1;
}

/* Entry e (0-based) into a table of cap slots. */
static void slot_put(kslot *t, size_t cap, uint32_t h, size_t e)
{
    size_t j = h & (cap - 1);
    while (t[j].e) j = (j + 1) & (cap - 1);
    t[j] = (kslot){h, (uint32_t)(e + 1)};
}

/* Every entry into a new table of at least twice their number. */
static int keymap_rehash(keymap *m)
{
    size_t cap = 1024;
    while (cap < 2 * (m->n + 1)) cap *= 2;
    kslot *t = calloc(cap, sizeof *t);
    if (!t) return KH_ERR_NOMEM;
    for (size_t i = 0; i < m->n; i++)
        slot_put(t, cap, hash_str(m->text + m->off[i]), i);
    free(m->slot);
    m->slot = t;
    m->cap = cap;
    return KH_OK;
}

/* Put key with its row; *prev the row it had (0 when new). */
static int keymap_put(keymap *m, const char *key, long row, long *prev)
{
    *prev = 0;
    uint32_t h = 0;
    if (!m->slot && m->n && strcmp(key, m->text + m->off[m->n - 1]) <= 0 &&
        keymap_rehash(m))
        return KH_ERR_NOMEM;
    if (m->slot) {
        h = hash_str(key);
        for (size_t j = h & (m->cap - 1); m->slot[j].e; j = (j + 1) & (m->cap - 1)) {
            const kslot *k = &m->slot[j];
            if (k->h == h && !strcmp(m->text + m->off[k->e - 1], key)) {
                *prev = m->row[k->e - 1];
                return KH_OK;
            }
        }
    }
    if (m->n == m->ncap) {
        size_t cap = m->ncap ? 2 * m->ncap : 1024;
        uint32_t *o = realloc(m->off, cap * sizeof *o);
        if (!o) return KH_ERR_NOMEM;
        m->off = o;
        long *r = realloc(m->row, cap * sizeof *r);
        if (!r) return KH_ERR_NOMEM;
        m->row = r;
        m->ncap = cap;
    }
    size_t len = strlen(key) + 1;
    if (m->tn + len > m->tcap) {
        size_t cap = m->tcap ? m->tcap * 2 : 1 << 16;
        while (cap < m->tn + len) cap *= 2;
        if (cap > UINT32_MAX) return KH_ERR_NOMEM;
        char *t = realloc(m->text, cap);
        if (!t) return KH_ERR_NOMEM;
        m->text = t;
        m->tcap = cap;
    }
    memcpy(m->text + m->tn, key, len);
    m->off[m->n] = (uint32_t)m->tn;
    m->row[m->n] = row;
    m->tn += len;
    m->n++;
    if (m->slot) {
        if (m->n * 2 > m->cap) return keymap_rehash(m);
        slot_put(m->slot, m->cap, h, m->n - 1);
    }
    return KH_OK;
}

static void keymap_free(keymap *m)
{
    free(m->off);
    free(m->row);
    free(m->text);
    free(m->slot);
}

/* ---- the import ---- */

typedef struct imp {
    const kh_funds_import_opts *o;
    const char *file;
    kh_funds_import_result *res;
} imp;

static int say(imp *c, long row, long line, const char *col, const char *code,
               int warning, const char *zh, const char *en)
{
    if (warning) c->res->warnings++;
    else c->res->errors++;
    if (!c->o->finding) return KH_OK;
    kh_finding f;
    memset(&f, 0, sizeof f);
    f.file = c->file;
    f.row = row;
    f.line = line;
    f.column = col ? col : "";
    f.hh_id = "";
    f.id_no = "";
    f.code = code;
    f.warning = warning;
    f.zh = zh;
    f.en = en;
    return c->o->finding(c->o->finding_ctx, &f);
}

/* Finding callback of the domain's row reading: counted by the domain. */
static int pass_finding(void *ctx, const kh_finding *f)
{
    imp *c = ctx;
    if (f->warning) c->res->warnings++;
    return c->o->finding ? c->o->finding(c->o->finding_ctx, f) : KH_OK;
}

/* The column of kind a header cell names, or -1 (kaohe/header.h's
 * comparison: a unit in brackets, a *, spaces and full-width forms set
 * aside). */
static int col_of(const kh_funds_col *cols, int n, const kh_cell *cell)
{
    char hn[256], wn[256];
    if (kh_header_norm(cell->s, cell->len, hn, sizeof hn) < 0) return -1;
    for (int i = 0; i < n; i++)
        if (kh_header_norm(cols[i].zh, strlen(cols[i].zh), wn, sizeof wn) >= 0 &&
            !strcmp(hn, wn))
            return i;
    return -1;
}

/* How many of the file's columns a row names; full when every required
 * one is there (kh_load_locate_header_by's scorer). */
typedef struct funds_score {
    const kh_funds_col *cols;
    int n;
} funds_score;

static int score_row(void *ctx, const kh_row *r, int *full)
{
    const funds_score *fs = ctx;
    int score = 0, seen[KH_FUNDS_MAX_COLS] = {0};
    for (size_t k = 0; k < r->n; k++) {
        int i = col_of(fs->cols, fs->n, &r->cells[k]);
        if (i >= 0 && !seen[i]) seen[i] = 1, score++;
    }
    *full = 1;
    for (int i = 0; i < fs->n; i++)
        if ((fs->cols[i].flags & KH_FUNDS_REQUIRED) && !seen[i]) *full = 0;
    return score;
}

/*
 * The header found as the registry's is (kh_load_locate_header_by): the
 * first of the first KH_HEADER_SCAN_ROWS rows naming every required
 * column, else the one naming most. The rows above it are the title (a
 * header_title warning). The table is left before it.
 */
static int find_header(imp *c, kh_table *t, const kh_funds_col *cols, int n,
                       kh_error *err)
{
    funds_score fs = {cols, n};
    long title_rows = 0;
    kh_error tf;
    int rc = kh_load_locate_header_by(t, score_row, &fs, c->file,
                                      &title_rows, &tf, err);
    if (!rc && title_rows > 0)
        rc = say(c, 0, tf.line, "", "header_title", 1, tf.zh, tf.en);
    return rc;
}

static int col_ix(const kh_funds_col *cols, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(cols[i].key, key)) return i;
    return -1;
}

int kh_app_funds_import(kh_store *s, const kh_standard *std,
                        const kh_actor *who, const kh_funds_import_opts *o,
                        kh_funds_import_result *res, kh_error *err)
{
    memset(res, 0, sizeof *res);
    int n;
    const kh_funds_col *cols = kh_funds_cols(o->kind, &n);
    if (!cols)
        return kh_error_set(err, KH_ERR_USAGE, "funds_kind",
                            "未知的文件种类(应为 projects、allocations 或 payments)",
                            "unknown kind of file (projects, allocations or payments)");
    static const char *const action[] = {"import.projects", "import.allocations",
                                         "import.payments"};
    imp c = {o, o->name ? o->name : o->file, res};
    char object[300];
    snprintf(object, sizeof object, "%s", c.file);
    const char *role = who->acc.role;
    if (!kh_standard_in_list(std, "web.import_roles", role, strlen(role)) ||
        who->acc.none || (o->region && !kh_access_region(&who->acc, o->region))) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你(%s)不能导入%s", "you (%s) may not import this %s",
                     who->acc.user[0] ? who->acc.user : "?", kh_funds_kind_zh(o->kind));
        return kh_app_refuse(s, who, action[o->kind], object, err);
    }
    if (o->region) {
        char nm[128];
        kh_error e;
        int rc = kh_store_region_name(s, o->region, nm, sizeof nm, NULL, 0, &e);
        if (rc && rc != KH_ERR_NOTFOUND) {
            *err = e;
            return rc;
        }
        if (rc)
            return kh_error_set(err, KH_ERR_USAGE, "funds_region",
                                "--region %s 不在区划表中", "--region %s is not a known region",
                                o->region);
    }

    kh_table *t = NULL;
    kh_funds_row *row = calloc(1, sizeof *row);
    keymap keys = {0};
    kh_funds_writer *w = NULL;
    int map[KH_TABLE_MAX_COLS];
    int in_tx = 0, scope_denied = 0;
    char pairs[64][20]; /* allocations: the 接收区划/年度 cleared */
    int npairs = 0;
    int rc = row ? kh_table_open(o->file, &t, err) : kh_error_nomem(err);
    if (!rc) rc = find_header(&c, t, cols, n, err);
    const kh_row *r = NULL;
    if (!rc) rc = kh_table_next(t, &r, err);
    if (!rc && !r) {
        rc = kh_error_set(err, KH_ERR_INVALID, "funds_empty", "文件为空",
                          "the file is empty");
        kh_error_at(err, c.file, 0, 0, NULL);
    }
    int have[KH_FUNDS_MAX_COLS] = {0};
    if (!rc) {
        long hline = r->line;
        for (size_t k = 0; k < r->n && k < KH_TABLE_MAX_COLS; k++) {
            int i = col_of(cols, n, &r->cells[k]);
            map[k] = i >= 0 && !have[i] ? i : -1;
            if (map[k] >= 0) {
                have[i] = 1;
                if (strcmp(r->cells[k].s, cols[i].zh)) {
                    char zh[600], en[600];
                    snprintf(zh, sizeof zh, "表头“%.200s”按“%s”读取", r->cells[k].s, cols[i].zh);
                    snprintf(en, sizeof en, "the header '%.200s' was read as '%s'",
                             r->cells[k].s, cols[i].key);
                    rc = say(&c, 0, hline, cols[i].zh, "column_alias", 1, zh, en);
                }
            } else if (r->cells[k].len) {
                char zh[600], en[600];
                snprintf(zh, sizeof zh, "未知的列“%.200s”,已忽略", r->cells[k].s);
                snprintf(en, sizeof en, "unknown column '%.200s' ignored", r->cells[k].s);
                rc = say(&c, 0, hline, r->cells[k].s, "funds_column_unknown", 1, zh, en);
            }
            if (rc) break;
        }
        for (size_t k = r->n; k < KH_TABLE_MAX_COLS; k++) map[k] = -1;
        for (int i = 0; i < n && !rc; i++) {
            if (have[i] || !(cols[i].flags & KH_FUNDS_REQUIRED)) continue;
            rc = kh_error_set(err, KH_ERR_INVALID, "funds_column_missing",
                              "表头(第 %ld 行)缺少必需的列“%s”,文件未导入",
                              "the header (line %ld) lacks the required column '%s'; "
                              "nothing was imported",
                              hline, cols[i].zh);
            kh_error_at(err, c.file, 0, hline, cols[i].zh);
        }
    }
    /* a rollback journal for the whole file: the new pages are written
     * once, not to the WAL and again at its checkpoint */
    if (!rc) rc = kh_store_begin_bulk(s, err);
    if (!rc) in_tx = 1;
    if (!rc) rc = kh_store_funds_writer_new(s, o->kind, &w, err);
    int ukey = -1;
    for (int i = 0; i < n; i++)
        if (cols[i].flags & KH_FUNDS_UNIQUE) ukey = i;
    int ireg = col_ix(cols, n, "region"), iyear = col_ix(cols, n, "year");
    enum { REGIONS_SEEN = 256 };
    char seen[REGIONS_SEEN][13] = {{0}}; /* regions known to exist */
    while (!rc) {
        if ((rc = kh_table_next(t, &r, err)) || !r) break;
        res->rows++;
        const kh_cell *cells[KH_FUNDS_MAX_COLS] = {0};
        for (size_t k = 0; k < r->n && k < KH_TABLE_MAX_COLS; k++)
            if (map[k] >= 0) cells[map[k]] = &r->cells[k];
        long before = res->errors;
        rc = kh_funds_row_read(std, o->kind, cells, c.file, r->row, r->line, row,
                               pass_finding, &c, &res->errors);
        if (rc || res->errors > before) continue;
        char zh[600], en[600];
        if (ukey >= 0) {
            long prev;
            if (keymap_put(&keys, row->v[ukey], r->row, &prev)) {
                rc = kh_error_nomem(err);
                break;
            }
            if (prev) {
                snprintf(zh, sizeof zh, "%s“%.200s”与第 %ld 行重复", cols[ukey].zh,
                         row->v[ukey], prev);
                snprintf(en, sizeof en, "%s '%.200s' repeats row %ld", cols[ukey].key,
                         row->v[ukey], prev);
                rc = say(&c, r->row, r->line, cols[ukey].zh, "funds_duplicate", 0, zh, en);
                continue;
            }
        }
        if (ireg >= 0) {
            const char *reg = row->v[ireg];
            char nm[128];
            kh_error e;
            /* a region found before is not asked again (a village's
             * projects come together) */
            unsigned h = 0;
            for (const char *q = reg; *q; q++) h = h * 31u + (unsigned char)*q;
            h %= REGIONS_SEEN;
            int r2 = !strcmp(seen[h], reg) ? KH_OK
                                            : kh_store_region_name(s, reg, nm, sizeof nm,
                                                                   NULL, 0, &e);
            if (!r2) snprintf(seen[h], sizeof seen[h], "%.12s", reg);
            if (r2 && r2 != KH_ERR_NOTFOUND) {
                *err = e;
                rc = r2;
                break;
            }
            if (r2) {
                snprintf(zh, sizeof zh, "%s“%.12s”不在区划表中", cols[ireg].zh, reg);
                snprintf(en, sizeof en, "%s %.12s is not a known region", cols[ireg].key, reg);
                rc = say(&c, r->row, r->line, cols[ireg].zh, "funds_region", 0, zh, en);
                continue;
            }
            if (!kh_access_region(&who->acc, reg)) {
                scope_denied = 1;
                snprintf(zh, sizeof zh, "%s“%.12s”不在你的管辖范围内", cols[ireg].zh, reg);
                snprintf(en, sizeof en, "%s %.12s is outside your region", cols[ireg].key, reg);
                rc = say(&c, r->row, r->line, cols[ireg].zh, "funds_scope", 0, zh, en);
                continue;
            }
        }
        if (o->kind == KH_FUNDS_PAYMENTS && !o->region && !who->acc.all) {
            char preg[13];
            if ((rc = kh_store_funds_project_region(s, row->v[col_ix(cols, n, "proj_id")],
                                                    preg, err)))
                break;
            if (!preg[0] || !kh_access_region(&who->acc, preg)) {
                scope_denied = 1;
                snprintf(zh, sizeof zh, "项目“%.200s”不在你管辖范围内的项目库中(导入时请用 --region 指明本县)",
                         row->v[col_ix(cols, n, "proj_id")]);
                snprintf(en, sizeof en, "project '%.200s' is not in a library within your region "
                         "(give --region)", row->v[col_ix(cols, n, "proj_id")]);
                rc = say(&c, r->row, r->line, "项目编号", "funds_scope", 0, zh, en);
                continue;
            }
        }
        if (res->errors) continue; /* nothing will be stored: only check */
        if (o->kind == KH_FUNDS_ALLOCATIONS) {
            char pair[20];
            snprintf(pair, sizeof pair, "%.12s/%.4s", row->v[ireg], row->v[iyear]);
            int k = 0;
            while (k < npairs && strcmp(pairs[k], pair)) k++;
            if (k == npairs) {
                if (npairs == 64) {
                    rc = kh_error_set(err, KH_ERR_LIMIT, "funds_pairs",
                                      "一个文件至多含 64 个接收区划与年度的组合",
                                      "a file may hold at most 64 region/year pairs");
                    break;
                }
                snprintf(pairs[npairs++], sizeof pairs[0], "%s", pair);
                rc = kh_store_funds_alloc_clear(s, row->v[ireg], atoi(row->v[iyear]), err);
            }
        }
        if (!rc) rc = kh_store_funds_put(w, row, c.file, o->region, err);
        if (!rc) res->stored++;
    }
    if (!rc && !res->errors) rc = kh_store_funds_writer_end(w, err);
    if (!rc && res->rows == 0) {
        rc = kh_error_set(err, KH_ERR_INVALID, "funds_no_rows", "文件没有数据行,未导入",
                          "the file has no data rows; nothing was imported");
        kh_error_at(err, c.file, 0, 0, NULL);
    }
    if (!rc && res->errors) {
        rc = kh_error_set(err, scope_denied ? KH_ERR_DENIED : KH_ERR_INVALID, "funds_rows",
                          "%s%.0s有 %ld 处错误,整个文件未导入(见上面的问题清单)",
                          "the %.0s%s file has %ld errors; nothing was imported (see the findings)",
                          kh_funds_kind_zh(o->kind),
                          o->kind == KH_FUNDS_PROJECTS      ? "projects"
                          : o->kind == KH_FUNDS_ALLOCATIONS ? "allocations"
                                                            : "payments",
                          res->errors);
        kh_error_at(err, c.file, 0, 0, NULL);
    }
    if (!rc) {
        char note[96];
        snprintf(note, sizeof note, "rows %lld", res->rows);
        rc = kh_app_audit(s, who, action[o->kind], object, "ok", res->stored, NULL, NULL,
                          note, err);
    }
    kh_store_funds_writer_free(w);
    if (!rc) rc = kh_store_commit(s, err);
    else if (in_tx) kh_store_rollback(s);
    if (rc) res->stored = 0;
    kh_table_free(t);
    keymap_free(&keys);
    free(row);
    if (rc == KH_ERR_INVALID || rc == KH_ERR_FORMAT || rc == KH_ERR_DENIED)
        return kh_app_refuse(s, who, action[o->kind], object, err);
    return rc;
}

/* ---- funds check ---- */

typedef struct benef_ctx {
    kh_store *s;
    kh_funds_benef_q *q;
    int rc;
    kh_error *err;
} benef_ctx;

static int benef(void *vctx, const char *county, const char *hh_id)
{
    benef_ctx *b = vctx;
    int st = KH_FB_NONE;
    if (!b->rc) b->rc = kh_store_funds_benef(b->q, county, hh_id, &st, b->err);
    return b->rc ? KH_FB_REGISTERED : st;
}

typedef struct check_ctx {
    const kh_funds_limits *lim;
    const char *ref;
    kh_funds_finding_fn fn;
    void *ctx;
    benef_ctx b;
} check_ctx;

/* One county of `funds check`. */
static int check_one(void *vctx, const kh_funds_data *d, kh_error *err)
{
    check_ctx *c = vctx;
    (void)err;
    int rc = kh_funds_check_county(c->lim, d->county, c->ref, d->p, d->np, d->a, d->na,
                                   d->y, d->ny, benef, &c->b, c->fn, c->ctx);
    return rc ? rc : c->b.rc;
}

/*
 * The code range lo..hi a funds action of who reads: region's subtree
 * (which must lie in who's scope), else who's scope. A refusal is
 * audited as action on object.
 */
static int scope_of(kh_store *s, const kh_actor *who, const char *region,
                    const char *action, const char *object, char lo[13],
                    char hi[13], kh_error *err)
{
    if (region) {
        int lv = kh_region_code_level(region, strlen(region));
        if (lv <= 0)
            return kh_error_set(err, KH_ERR_USAGE, "funds_region",
                                "--region 应为 12 位区划代码", "--region must be a region code");
        int k = kh_region_prefix_len(lv);
        memcpy(lo, region, 12);
        memcpy(hi, region, 12);
        memset(lo + k, '0', (size_t)(12 - k));
        memset(hi + k, '9', (size_t)(12 - k));
        lo[12] = hi[12] = '\0';
    } else if (who->acc.all) {
        snprintf(lo, 13, "000000000000");
        snprintf(hi, 13, "999999999999");
    } else {
        snprintf(lo, 13, "%s", who->acc.lo);
        snprintf(hi, 13, "%s", who->acc.hi);
    }
    if (who->acc.none || (region && !kh_access_region(&who->acc, region)) ||
        (!region && !who->acc.all && !who->acc.region[0])) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied", "你(%s)不能查看该区划的资金项目",
                     "you (%s) may not see the funds of this region",
                     who->acc.user[0] ? who->acc.user : "?");
        return kh_app_refuse(s, who, action, object, err);
    }
    return KH_OK;
}

int kh_app_funds_check(kh_store *s, const kh_standard *std, const kh_actor *who,
                       int year, const char *region, kh_funds_finding_fn fn,
                       void *ctx, kh_error *err)
{
    char object[32];
    snprintf(object, sizeof object, "funds:%d", year);
    char lo[13], hi[13];
    int rc = scope_of(s, who, region, "funds.check", object, lo, hi, err);
    if (rc) return rc;
    kh_funds_limits lim;
    kh_funds_limits_of(std, &lim);
    char ref[11];
    snprintf(ref, sizeof ref, "%04d-12-31", year);
    check_ctx cc = {&lim, ref, fn, ctx, {s, NULL, KH_OK, err}};
    rc = kh_store_funds_benef_open(s, year, &cc.b.q, err);
    if (!rc) rc = kh_store_funds_each_county(s, lo, hi, check_one, &cc, err);
    kh_store_funds_benef_close(cc.b.q);
    if (!rc)
        rc = kh_app_audit(s, who, "funds.check", object, "ok", -1, NULL, NULL, NULL, err);
    return rc;
}

/* ---- documents ---- */

/* "某某县某某镇某某村": the names from the county down to code. */
static void place_of(kh_store *s, const char *code, char *out, size_t n)
{
    char chain[5][128], c[13], parent[13];
    int k = 0;
    snprintf(c, sizeof c, "%s", code);
    out[0] = '\0';
    while (k < 5 && c[0]) {
        kh_error e;
        if (kh_store_region_name(s, c, chain[k], sizeof chain[k], parent, sizeof parent, &e))
            break;
        int lv = kh_region_code_level(c, 12);
        k++;
        if (lv <= KH_LV_COUNTY) break;
        snprintf(c, sizeof c, "%s", parent);
    }
    size_t o = 0;
    for (int i = k - 1; i >= 0; i--)
        o += (size_t)snprintf(out + o, o < n ? n - o : 0, "%s", chain[i]);
    if (!k) snprintf(out, n, "%s", code);
}

typedef struct one_proj {
    const char *id;
    int found;
    char cells[KH_FUNDS_MAX_COLS][KH_FUNDS_VAL / 4];
} one_proj;

static int keep_project(void *ctx, const char *const *cells, kh_error *err)
{
    (void)err;
    one_proj *p = ctx;
    if (strcmp(cells[0], p->id)) return KH_OK;
    int n;
    kh_funds_cols(KH_FUNDS_PROJECTS, &n);
    for (int i = 0; i < n; i++) snprintf(p->cells[i], sizeof p->cells[i], "%s", cells[i]);
    p->found = 1;
    return KH_OK;
}

static int doc_out(kh_doc *d, const char *path, const char *title,
                   const kh_actor *who, kh_error *err)
{
    int fmt = kh_doc_format_of(path);
    if (!fmt)
        return kh_error_set(err, KH_ERR_USAGE, "format",
                            "文件扩展名应为 .pdf、.docx 或 .xlsx", "the file must end in .pdf, .docx or .xlsx");
    kh_doc_meta m = {title, who->acc.user, who->now};
    return kh_doc_write(d, fmt, path, &m, err);
}

/* The money a project was paid, by 资金类别: 拨付 less 收回. */
typedef struct proj_money {
    const char *id;
    int nf;
    char fund[16][64];
    long long sum[16];
} proj_money;

static int sum_paid(void *ctx, const kh_funds_data *d, kh_error *err)
{
    (void)err;
    proj_money *m = ctx;
    for (size_t i = 0; i < d->ny; i++) {
        const kh_fpay *y = &d->y[i];
        if (strcmp(y->proj_id, m->id) || !strcmp(y->stage, "支出")) continue;
        int k = 0;
        while (k < m->nf && strcmp(m->fund[k], y->fund)) k++;
        if (k == m->nf && m->nf < 16) {
            snprintf(m->fund[m->nf], 64, "%s", y->fund);
            m->sum[m->nf++] = 0;
        }
        if (k < m->nf) m->sum[k] += !strcmp(y->stage, "收回") ? -y->amount : y->amount;
    }
    return KH_OK;
}

int kh_app_funds_notice(kh_store *s, const kh_standard *std, const kh_actor *who,
                        const char *proj_id, const char *path, kh_error *err)
{
    (void)std;
    char region[13];
    int rc = kh_store_funds_project_region(s, proj_id, region, err);
    if (rc) return rc;
    char object[96];
    snprintf(object, sizeof object, "project:%s", proj_id);
    /* absent and out of scope alike: one answer */
    if (!region[0] || who->acc.none || !kh_access_region(&who->acc, region)) {
        kh_error_set(err, KH_ERR_NOTFOUND, "project_missing", "项目库中没有项目“%s”",
                     "project '%s' is not in the library", proj_id);
        return kh_app_refuse(s, who, "funds.notice", object, err);
    }
    one_proj *p = calloc(1, sizeof *p);
    if (!p) return kh_error_nomem(err);
    p->id = proj_id;
    rc = kh_store_funds_each_project(s, region, region, keep_project, p, err);
    int n;
    const kh_funds_col *cols = kh_funds_cols(KH_FUNDS_PROJECTS, &n);
#define V(key) p->cells[col_ix(cols, n, key)]
    /* the money by 资金类别: 拨付 less 收回 */
    char county[13], lo[13], hi[13];
    snprintf(county, sizeof county, "%.6s000000", region);
    snprintf(lo, sizeof lo, "%s", county);
    snprintf(hi, sizeof hi, "%.6s999999", region);
    kh_buf money = KH_BUF_INIT;
    proj_money pm = {proj_id, 0, {{0}}, {0}};
    if (!rc) rc = kh_store_funds_each_county(s, lo, hi, sum_paid, &pm, err);
    int nf = pm.nf;
    char (*funds_used)[64] = pm.fund;
    long long *sums = pm.sum;
    char yuan[64], place[512], zh[2048];
    long long planned = atoll(V("planned")) * 100;
    {
        /* planned is "123.45" yuan */
        const char *dot = strchr(V("planned"), '.');
        if (dot) planned += atoll(dot + 1) * (strlen(dot + 1) == 1 ? 10 : 1);
    }
    kh_fmt_yuan(planned, yuan, sizeof yuan);
    if (!rc && kh_buf_printf(&money, "计划投资 %s 元", yuan)) rc = kh_error_nomem(err);
    for (int k = 0; !rc && k < nf; k++) {
        kh_fmt_yuan(sums[k], yuan, sizeof yuan);
        if (kh_buf_printf(&money, "%s%s %s 元", k ? "，" : "；已拨付", funds_used[k], yuan))
            rc = kh_error_nomem(err);
    }
    if (!rc) place_of(s, region, place, sizeof place);
    kh_org org;
    int have_org = 0;
    if (!rc) rc = kh_store_org_get(s, region, &org, &have_org, err);
    kh_doc *doc = NULL;
    if (!rc) rc = kh_doc_new("公告公示", 1, &doc, err);
    const char *st = V("status");
    int done = !strcmp(st, "完工") || !strcmp(st, "验收");
    int planned_stage = !strcmp(st, "计划") || !strcmp(st, "实施");
    const char *what = done ? "竣工公告" : planned_stage ? "计划公示" : "入库公示";
    const char *pub = done ? V("pub_done") : planned_stage ? V("pub_plan") : V("pub_added");
    char title[128];
    snprintf(title, sizeof title, "扶贫项目%s", what);
    if (!rc) rc = kh_doc_title(doc, title, NULL, err);
    if (!rc) {
        snprintf(zh, sizeof zh,
                 "根据扶贫项目资金公告公示制度的要求，现将%s项目有关情况公示如下，"
                 "接受群众监督。", V("name"));
        rc = kh_doc_para(doc, zh, err);
    }
    static const kh_doc_col two[2] = {{"项目", KH_PDF_LEFT, 's'}, {"内容", KH_PDF_LEFT, 's'}};
    if (!rc) rc = kh_doc_table(doc, "公示内容", two, 2, err);
    char period[128] = "";
    if (pub[0]) {
        char a[32], b[32], end[11];
        int y, m, dd;
        kh_fmt_date_zh(pub, a, sizeof a);
        long days = V("pub_days")[0] ? atol(V("pub_days")) : 10;
        if (!kh_date_parse(pub, strlen(pub), &y, &m, &dd)) {
            kh_date_from_days(kh_date_days(y, m, dd) + days - 1, &y, &m, &dd);
            kh_date_format(end, y, m, dd);
            kh_fmt_date_zh(end, b, sizeof b);
            snprintf(period, sizeof period, "%s至%s（%ld 天）", a, b, days);
        }
    } else {
        snprintf(period, sizeof period, "自张贴之日起 %.20s 天",
                 V("pub_days")[0] ? V("pub_days") : "10");
    }
    char content[2200], hh[128], phone[400];
    snprintf(content, sizeof content, "%s%s%s", V("type"), V("goal")[0] ? "：" : "", V("goal"));
    snprintf(hh, sizeof hh, "%.20s 户%s%.20s%s", V("benef_poor_hh")[0] ? V("benef_poor_hh") : "0",
             V("benef_poor_persons")[0] ? "，" : "", V("benef_poor_persons"),
             V("benef_poor_persons")[0] ? " 人" : "");
    snprintf(phone, sizeof phone, "12317（全国扶贫监督举报电话）%s%s",
             have_org && org.contact[0] ? "；" : "", have_org ? org.contact : "");
    const char *rows[][2] = {{"项目名称", V("name")}, {"项目编号", proj_id},
                             {"建设地点", place}, {"资金来源和金额", money.data ? money.data : ""},
                             {"实施单位", V("unit")}, {"建设内容", content},
                             {"带贫户数", hh}, {"公示期", period},
                             {"监督举报电话", phone}};
    for (size_t i = 0; !rc && i < sizeof rows / sizeof rows[0]; i++) {
        const char *cells[2] = {rows[i][0], rows[i][1]};
        rc = kh_doc_row(doc, cells, err);
    }
    if (!rc)
        rc = kh_doc_para(doc, "公示期内，如有异议，请向上述电话或实施单位反映。", err);
    if (!rc) {
        char date[11], zdate[32];
        snprintf(date, sizeof date, "%.10s", pub[0] ? pub : who->now);
        kh_fmt_date_zh(date, zdate, sizeof zdate);
        rc = kh_doc_signoff(doc, have_org && org.issuer[0] ? org.issuer : V("unit"), zdate, err);
    }
    if (!rc) rc = doc_out(doc, path, title, who, err);
    if (!rc) rc = kh_app_audit(s, who, "funds.notice", object, "ok", 1, NULL, NULL, NULL, err);
#undef V
    kh_doc_free(doc);
    kh_buf_free(&money);
    free(p);
    return rc;
}

static int proj_cmp(const void *a, const void *b)
{
    return strcmp(((const kh_fproject *)a)->id, ((const kh_fproject *)b)->id);
}

typedef struct tline {
    char county[13], fund[64];
    long long alloc, paid, spent;
} tline;

static int tline_cmp(const void *a, const void *b)
{
    const tline *x = a, *y = b;
    int c = strcmp(x->county, y->county);
    return c ? c : strcmp(x->fund, y->fund);
}

static tline *tline_get(tline *t, size_t *n, const char *county, const char *fund)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(t[i].county, county) && !strcmp(t[i].fund, fund)) return &t[i];
    tline *l = &t[(*n)++];
    memset(l, 0, sizeof *l);
    snprintf(l->county, sizeof l->county, "%s", county);
    snprintf(l->fund, sizeof l->fund, "%s", fund);
    return l;
}

typedef struct table_ctx {
    int year;
    char y0[11], y1[11];
    tline *t;
    size_t nt, cap;
} table_ctx;

/* The lines of one county: 下达 of the year, 拨付 less 收回 and 支出 in
 * the year to its library projects, per 资金类别. */
static int table_county(void *ctx, const kh_funds_data *d, kh_error *err)
{
    table_ctx *c = ctx;
    if (c->nt + d->na + d->ny + 1 > c->cap) {
        size_t cap = (c->nt + d->na + d->ny + 1) * 2;
        tline *t = realloc(c->t, cap * sizeof *t);
        if (!t) return kh_error_nomem(err);
        c->t = t;
        c->cap = cap;
    }
    size_t base = c->nt, n = 0;
    tline *t = c->t + base;
    for (size_t i = 0; i < d->na; i++)
        if (d->a[i].year == c->year) tline_get(t, &n, d->county, d->a[i].fund)->alloc += d->a[i].amount;
    for (size_t i = 0; i < d->ny; i++) {
        const kh_fpay *y = &d->y[i];
        kh_fproject key;
        snprintf(key.id, sizeof key.id, "%s", y->proj_id);
        int known = bsearch(&key, d->p, d->np, sizeof *d->p, proj_cmp) != NULL;
        if (!known || strcmp(y->date, c->y0) < 0 || strcmp(y->date, c->y1) > 0) continue;
        tline *l = tline_get(t, &n, d->county, y->fund);
        if (!strcmp(y->stage, "拨付")) l->paid += y->amount;
        else if (!strcmp(y->stage, "收回")) l->paid -= y->amount;
        else l->spent += y->amount;
    }
    c->nt += n;
    return KH_OK;
}

static int table_row(kh_doc *doc, const char *name, const char *fund, long long a,
                     long long p, long long sp, kh_error *err)
{
    char c[4][64], pct[32];
    /* whole yuan, rounded half away from zero: the table's 单位：元 */
    long long v[4] = {a, p, sp, a - sp};
    for (int k = 0; k < 4; k++)
        kh_fmt_int(v[k] >= 0 ? (v[k] + 50) / 100 : -((-v[k] + 50) / 100), c[k], sizeof c[k]);
    kh_fmt_pct(sp, a, 1, pct, sizeof pct);
    const char *cells[7] = {name, fund, c[0], c[1], c[2], c[3], pct};
    return kh_doc_row(doc, cells, err);
}

int kh_app_funds_table(kh_store *s, const kh_standard *std, const kh_actor *who,
                       int year, const char *region, const char *path,
                       kh_error *err)
{
    (void)std;
    char object[32], lo[13], hi[13];
    snprintf(object, sizeof object, "funds:%d", year);
    int rc = scope_of(s, who, region, "funds.table", object, lo, hi, err);
    if (rc) return rc;
    table_ctx tc = {year, {0}, {0}, NULL, 0, 0};
    snprintf(tc.y0, sizeof tc.y0, "%04d-01-01", year);
    snprintf(tc.y1, sizeof tc.y1, "%04d-12-31", year);
    rc = kh_store_funds_each_county(s, lo, hi, table_county, &tc, err);
    tline *t = tc.t;
    size_t nt = tc.nt;
    if (!rc && nt) qsort(t, nt, sizeof *t, tline_cmp); /* t is NULL when none */
    kh_doc *doc = NULL;
    if (!rc) rc = kh_doc_new("资金使用情况表", 0, &doc, err);
    char title[64];
    snprintf(title, sizeof title, "%d年扶贫资金使用情况表", year);
    if (!rc) rc = kh_doc_title(doc, title, "单位：元", err);
    static const kh_doc_col cols[7] = {
        {"县", KH_PDF_LEFT, 'n'}, {"资金类别", KH_PDF_LEFT, 'n'},
        {"下达", KH_PDF_RIGHT, 'n'}, {"拨付", KH_PDF_RIGHT, 'n'},
        {"支出", KH_PDF_RIGHT, 'n'}, {"结余", KH_PDF_RIGHT, 'n'},
        {"支出进度", KH_PDF_RIGHT, 'n'}};
    if (!rc) rc = kh_doc_table(doc, "资金使用情况", cols, 7, err);
    long long ta = 0, tp = 0, ts = 0;
    for (size_t i = 0; !rc && i < nt; i++) {
        char name[128];
        kh_error e;
        if (kh_store_region_name(s, t[i].county, name, sizeof name, NULL, 0, &e))
            snprintf(name, sizeof name, "%s", t[i].county);
        rc = table_row(doc, name, t[i].fund, t[i].alloc, t[i].paid, t[i].spent, err);
        ta += t[i].alloc, tp += t[i].paid, ts += t[i].spent;
    }
    if (!rc) rc = table_row(doc, "合计", "", ta, tp, ts, err);
    if (!rc)
        rc = kh_doc_para(doc,
                         "说明：金额按元取整。下达为本年度下达到县的资金；拨付为本年度拨付到项目库项目的资金"
                         "（扣除收回）；支出为本年度项目支出（报账）；结余为下达减支出；支出进度为"
                         "支出占下达的比例。",
                         err);
    if (!rc) rc = doc_out(doc, path, title, who, err);
    if (!rc) rc = kh_app_audit(s, who, "funds.table", object, "ok", (long long)nt, NULL, NULL,
                               NULL, err);
    kh_doc_free(doc);
    free(t);
    return rc;
}

typedef struct exp_ctx {
    kh_tabwriter *w;
    int n;
    long long rows;
} exp_ctx;

static int put_exp(void *ctx, const char *const *cells, kh_error *err)
{
    exp_ctx *c = ctx;
    c->rows++;
    return kh_tabwriter_row(c->w, cells, NULL, (size_t)c->n, err);
}

int kh_app_funds_export(kh_store *s, const kh_standard *std, const kh_actor *who,
                        const char *region, const char *path, kh_error *err)
{
    (void)std;
    char lo[13], hi[13];
    int rc = scope_of(s, who, region, "funds.export", "projects", lo, hi, err);
    if (rc) return rc;
    size_t pl = strlen(path);
    int xlsx = pl > 5 && !strcmp(path + pl - 5, ".xlsx");
    if (!xlsx && !(pl > 4 && !strcmp(path + pl - 4, ".csv")))
        return kh_error_set(err, KH_ERR_USAGE, "format", "文件扩展名应为 .xlsx 或 .csv",
                            "the file must end in .xlsx or .csv");
    exp_ctx c = {NULL, 0, 0};
    const kh_funds_col *cols = kh_funds_cols(KH_FUNDS_PROJECTS, &c.n);
    const char *names[KH_FUNDS_MAX_COLS];
    char types[KH_FUNDS_MAX_COLS + 1];
    for (int i = 0; i < c.n; i++) names[i] = cols[i].zh, types[i] = 'h';
    types[c.n] = '\0';
    rc = kh_tabwriter_open(path, xlsx ? KH_TAB_XLSX : KH_TAB_CSV, KH_ENC_UTF8, &c.w, err);
    if (!rc && xlsx) rc = kh_tabwriter_sheet(c.w, "项目库", err);
    if (!rc) rc = kh_tabwriter_row(c.w, names, types, (size_t)c.n, err);
    if (!rc) kh_tabwriter_freeze(c.w, 1, 1);
    if (!rc) rc = kh_store_funds_each_project(s, lo, hi, put_exp, &c, err);
    if (!rc) rc = kh_tabwriter_close(c.w, err);
    else kh_tabwriter_free(c.w);
    if (!rc) rc = kh_app_audit(s, who, "funds.export", "projects", "ok", c.rows, NULL, NULL,
                               NULL, err);
    return rc;
}

/* ---- the funds' performance score (扶贫资金绩效评价) ---- */

typedef struct code_list {
    char (*v)[13];
    size_t n, cap;
} code_list;

static int keep_code(void *ctx, const char *code, kh_error *err)
{
    code_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char (*v)[13] = realloc(l->v, cap * sizeof *v);
        if (!v) return kh_error_nomem(err);
        l->v = v;
        l->cap = cap;
    }
    snprintf(l->v[l->n++], 13, "%s", code);
    return KH_OK;
}

/* One region's sums: the counties' scores, cases and vetoes. */
typedef struct score_sum {
    char code[13];
    int level;
    long long total; /* centi-points summed */
    int counties;
    long long cases;
    int veto;
} score_sum;

static int sum_cmp(const void *a, const void *b)
{
    return strcmp(((const score_sum *)a)->code, ((const score_sum *)b)->code);
}

/* The value of the item scoring input name, as a whole number (0 when
 * the scheme has no such item or it has no value). */
static long long input_value(const kh_scheme *sc, const kh_assess_region *r,
                             const char *name)
{
    for (size_t i = 0; i < sc->nitems; i++) {
        const kh_scheme_item *it = &sc->items[i];
        if (it->src != KH_SRC_INPUT || strcmp(it->ref, name)) continue;
        const kh_assess_item *x = &r->items[i];
        return x->has_value && x->value.den ? x->value.num / x->value.den : 0;
    }
    return 0;
}

int kh_app_funds_score(kh_store *s, const kh_standard *std, const kh_actor *who,
                       const kh_funds_score_req *req, kh_funds_score_fn fn,
                       void *ctx, kh_error *err)
{
    char object[32], lo[13], hi[13];
    snprintf(object, sizeof object, "funds:%d", req->year);
    int rc = scope_of(s, who, req->region, "funds.score", object, lo, hi, err);
    if (rc) return rc;
    code_list cl = {0};
    rc = kh_store_funds_counties(s, req->year, lo, hi, keep_code, &cl, err);
    if (!rc && !cl.n)
        rc = kh_error_set(err, KH_ERR_INVALID, "funds_no_data",
                          "没有 %d 年的资金下达数据(先 kaohe import allocations)",
                          "no allocations of %d are stored (kaohe import allocations)",
                          req->year);
    const char **codes = rc ? NULL : calloc(cl.n, sizeof *codes);
    if (!rc && !codes) rc = kh_error_nomem(err);
    for (size_t i = 0; !rc && i < cl.n; i++) codes[i] = cl.v[i];
    kh_assess_pending *p = NULL;
    if (!rc) {
        kh_assess_req ar;
        memset(&ar, 0, sizeof ar);
        ar.scheme = req->scheme ? req->scheme : "funds-county-2017";
        ar.year = req->year;
        ar.level = KH_LV_COUNTY;
        ar.nfiles = req->nfiles;
        ar.paths = req->paths;
        ar.threads = req->threads;
        ar.today = req->today;
        ar.note = req->note;
        ar.note_ctx = req->note_ctx;
        ar.nregions = cl.n;
        ar.regions = codes;
        rc = kh_assess_prepare(s, std, &ar, &p, err);
    }
    /* the counties, then the cities and provinces above them */
    score_sum *sum = NULL;
    size_t ns = 0;
    kh_assessment *a = rc ? NULL : kh_assess_pending_result(p);
    if (a && !(sum = calloc(3 * a->nregions + 1, sizeof *sum))) rc = kh_error_nomem(err);
    for (size_t i = 0; !rc && i < a->nregions; i++) {
        const kh_assess_region *r = &a->regions[i];
        if (r->scheme != a->scheme) continue;
        long long tot = a->scheme->total > 0
                            ? kh_assess_round((__int128)r->total * 10000,
                                              a->scheme->total)
                            : 0;
        if (tot < 0) tot = 0;
        if (tot > 10000) tot = 10000;
        long long cases = input_value(a->scheme, r, "fund_audit_issues") +
                          input_value(a->scheme, r, "fund_violations");
        static const int levels[3] = {KH_LV_PROVINCE, KH_LV_CITY, KH_LV_COUNTY};
        for (int l = 0; l < 3; l++) {
            char code[13];
            size_t k = (size_t)kh_region_prefix_len(levels[l]);
            memcpy(code, r->code, k);
            memset(code + k, '0', 12 - k);
            code[12] = '\0';
            size_t j = 0;
            while (j < ns && strcmp(sum[j].code, code)) j++;
            if (j == ns) {
                memcpy(sum[ns].code, code, 13);
                sum[ns].level = levels[l];
                ns++;
            }
            sum[j].total += tot;
            sum[j].counties++;
            sum[j].cases += cases;
            sum[j].veto |= r->nvetoes > 0;
        }
    }
    if (!rc) qsort(sum, ns, sizeof *sum, sum_cmp);
    for (size_t j = 0; !rc && j < ns; j++) {
        kh_funds_score_row row;
        memset(&row, 0, sizeof row);
        char name[128];
        kh_error e;
        if (kh_store_region_name(s, sum[j].code, name, sizeof name, NULL, 0, &e))
            name[0] = '\0';
        memcpy(row.code, sum[j].code, 13);
        row.name = name;
        row.level = sum[j].level;
        row.score = kh_assess_round(sum[j].total, sum[j].counties);
        row.counties = sum[j].counties;
        row.cases = sum[j].cases;
        row.veto = sum[j].veto;
        rc = fn(ctx, &row);
        if (rc && rc != KH_ERR_NOMEM && rc != KH_ERR_IO) rc = KH_ERR_IO;
        if (rc) kh_error_set(err, rc, "io", "无法写出评分", "cannot write the scores");
    }
    free(sum);
    kh_assess_pending_free(p);
    free(codes);
    free(cl.v);
    if (!rc)
        rc = kh_app_audit(s, who, "funds.score", object, "ok", -1, NULL, NULL, NULL, err);
    return rc;
}

/* ---- funds explain ---- */

typedef struct explain_ctx {
    const kh_funds_limits *lim;
    const char *ref, *code;
    size_t plen; /* the code's prefix length */
    int k, all;
    kh_funds_explain_fn fn;
    void *ctx;
} explain_ctx;

static int explain_tally(void *vctx, const kh_funds_tally *t)
{
    explain_ctx *c = vctx;
    if (strncmp(t->region, c->code, c->plen)) return KH_OK;
    if (!c->all && !t->num[c->k] && !t->den[c->k]) return KH_OK;
    return c->fn(c->ctx, t, c->k);
}

static int explain_county(void *vctx, const kh_funds_data *d, kh_error *err)
{
    explain_ctx *c = vctx;
    int rc = kh_funds_tally_county(c->lim, d->county, c->ref, d->p, d->np, d->a, d->na,
                                   d->y, d->ny, explain_tally, c);
    if (rc == KH_ERR_NOMEM) return kh_error_nomem(err);
    if (rc) return kh_error_set(err, KH_ERR_IO, "io", "无法写出", "cannot write");
    return KH_OK;
}

int kh_app_funds_explain(kh_store *s, const kh_standard *std, const kh_actor *who,
                         int year, const char *code, const char *indicator, int all,
                         kh_funds_explain_fn fn, void *ctx, kh_error *err)
{
    int k = kh_funds_ind_find(indicator);
    if (k < 0 || strncmp(indicator, "funds.", 6))
        return kh_error_set(err, KH_ERR_USAGE, "indicator_unknown",
                            "指标 %s 不是资金指标(funds.*,见 docs/funds.md)",
                            "%s is not a funds indicator (funds.*, docs/funds.md)",
                            indicator);
    char object[64], lo[13], hi[13];
    snprintf(object, sizeof object, "funds:%d:%.13s", year, code);
    int rc = scope_of(s, who, code, "funds.explain", object, lo, hi, err);
    if (rc) return rc;
    kh_funds_limits lim;
    kh_funds_limits_of(std, &lim);
    char ref[11];
    snprintf(ref, sizeof ref, "%04d-12-31", year);
    int lv = kh_region_code_level(code, strlen(code));
    explain_ctx c = {&lim, ref, code, (size_t)kh_region_prefix_len(lv), k, all, fn, ctx};
    /* the counties of the code (a township's or village's county too) */
    char clo[13], chi[13];
    if (lv > KH_LV_COUNTY) {
        memcpy(clo, code, 6);
        memset(clo + 6, '0', 6);
        memcpy(chi, code, 6);
        memset(chi + 6, '9', 6);
        clo[12] = chi[12] = '\0';
    } else {
        memcpy(clo, lo, 13);
        memcpy(chi, hi, 13);
    }
    rc = kh_store_funds_each_county(s, clo, chi, explain_county, &c, err);
    if (!rc)
        rc = kh_app_audit(s, who, "funds.explain", object, "ok", -1, NULL, NULL, NULL, err);
    return rc;
}

/* ---- for the pages (funds_view.c, funds_int.h) ---- */

int kh_funds_scope(kh_store *s, const kh_actor *who, const char *region,
                   const char *action, const char *object, char lo[13],
                   char hi[13], kh_error *err)
{
    return scope_of(s, who, region, action, object, lo, hi, err);
}

void kh_funds_place(kh_store *s, const char *code, char *out, size_t n)
{
    place_of(s, code, out, n);
}

int kh_funds_year_lines(kh_store *s, const char *lo, const char *hi, int year,
                        kh_funds_line_fn fn, void *ctx, kh_error *err)
{
    table_ctx tc = {year, {0}, {0}, NULL, 0, 0};
    snprintf(tc.y0, sizeof tc.y0, "%04d-01-01", year);
    snprintf(tc.y1, sizeof tc.y1, "%04d-12-31", year);
    int rc = kh_store_funds_each_county(s, lo, hi, table_county, &tc, err);
    if (!rc && tc.nt) qsort(tc.t, tc.nt, sizeof *tc.t, tline_cmp);
    for (size_t i = 0; !rc && i < tc.nt; i++)
        rc = fn(ctx, tc.t[i].county, tc.t[i].fund, tc.t[i].alloc, tc.t[i].paid,
                tc.t[i].spent, err);
    free(tc.t);
    return rc;
}
