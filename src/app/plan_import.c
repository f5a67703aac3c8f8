/* SPDX-License-Identifier: MIT */
/*
 * plan_import.c - the plan import (include/kaohe/app_plan.h), the one use
 * case behind `kaohe rectify import` and POST /api/problems/import: plan
 * updates and, with KH_PLAN_ALLOW_NEW, new problems from the sheet offices
 * exchange — headings by name or alias, the whole sheet read and its
 * numbers checked before anything is written, each row's identity checked
 * against the stored problem, every problem within the actor's scope, all
 * or nothing; what changes collected problem by problem and field by
 * field (a dry run rolls it all back).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_plan.h"
#include "kaohe/header.h"
#include "kaohe/load.h"
#include "kaohe/date.h"
#include "kaohe/encoding.h"
#include "kaohe/org.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"

#define MAXUNITS 32

/* One data row of the sheet, its cells copied (trimmed; NULL when
 * empty) by column. */
typedef struct prow {
    long row, line;
    char *c[KH_PC_COUNT];
    long long id; /* 问题编号, 0 for a new problem */
} prow;

typedef struct importer {
    kh_store *s;
    const kh_standard *std;
    const kh_actor *who;
    const char *file;
    char today[11];
    int flags;
    int at[KH_PC_COUNT]; /* column index of each known column, -1 absent */
    prow *rows;
    size_t n, cap;
    kh_plan_result *res;
    kh_error *err;
} importer;

static void rows_free(importer *im)
{
    for (size_t i = 0; i < im->n; i++)
        for (int c = 0; c < KH_PC_COUNT; c++) free(im->rows[i].c[c]);
    free(im->rows);
}

/* A copy of a cell without the blanks around it; NULL when empty. */
static char *trimmed(const char *s, size_t n, int *oom)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        n--;
    if (!n) return NULL;
    char *c = malloc(n + 1);
    if (!c) {
        *oom = 1;
        return NULL;
    }
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static int at_row(importer *im, const prow *r, int c, int rc)
{
    kh_error_at(im->err, im->file, r->row, r->line,
                c >= 0 ? kh_plan_col_name(c) : NULL);
    return rc;
}

static int bad(kh_error *err, const char *what_zh, const char *what_en,
               const char *v)
{
    return kh_error_set(err, KH_ERR_INVALID, "rectify_value",
                        "%s“%s”无效", "%.0s%.0s%s: invalid value '%s'",
                        what_zh, v ? v : "", what_en, v ? v : "");
}

static int date_ok(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && !kh_date_parse(s, 10, &y, &m, &d);
}

/* v with room for one more of its n elements of size (capacity *cap);
 * v unchanged and *oom set when memory runs out. */
static void *grown(void *v, size_t *cap, size_t n, size_t size, int *oom)
{
    if (n < *cap) return v;
    size_t c = *cap ? 2 * *cap : 16;
    void *x = realloc(v, c * size);
    if (!x) {
        *oom = 1;
        return v;
    }
    *cap = c;
    return x;
}

/* ---- the result ---- */

static char *sdup(const char *s, int *oom)
{
    char *d = strdup(s ? s : "");
    if (!d) *oom = 1;
    return d;
}

static kh_plan_item *item_new(importer *im, const prow *r, long long id,
                              const char *text)
{
    kh_plan_result *res = im->res;
    int full = 0;
    res->v = grown(res->v, &res->cap, res->n, sizeof *res->v, &full);
    if (full) return NULL;
    kh_plan_item *it = &res->v[res->n];
    memset(it, 0, sizeof *it);
    int oom = 0;
    it->text = sdup(text, &oom);
    if (oom) return NULL;
    it->row = r->row;
    it->line = r->line;
    it->id = id;
    res->n++;
    return it;
}

static int field_add(importer *im, kh_plan_item *it, const char *name,
                     const char *was, const char *now)
{
    int full = 0;
    it->f = grown(it->f, &it->cap, it->nf, sizeof *it->f, &full);
    if (full) return kh_error_nomem(im->err);
    int oom = 0;
    kh_plan_field *f = &it->f[it->nf];
    f->name = name;
    f->was = sdup(was, &oom);
    f->now = sdup(now, &oom);
    if (oom) {
        free(f->was);
        free(f->now);
        return kh_error_nomem(im->err);
    }
    it->nf++;
    return KH_OK;
}

/* A warning of the header (row 0): KH_RW_COLUMN_ALIAS or
 * KH_RW_HEADER_TITLE (kaohe/app_plan.h). */
static int warn_header(importer *im, unsigned what, const char *value,
                       const char *value2, long line, int col)
{
    kh_plan_result *res = im->res;
    int full = 0;
    res->w = grown(res->w, &res->wcap, res->nw, sizeof *res->w, &full);
    if (full) return kh_error_nomem(im->err);
    int oom = 0;
    kh_plan_warning *w = &res->w[res->nw];
    memset(w, 0, sizeof *w);
    w->what = what;
    w->line = line;
    w->col = col;
    w->value = sdup(value, &oom);
    w->value2 = sdup(value2, &oom);
    if (oom) {
        free(w->value);
        free(w->value2);
        return kh_error_nomem(im->err);
    }
    res->nw++;
    return KH_OK;
}

static int warn(importer *im, const prow *r, unsigned what,
                const char *value)
{
    kh_plan_result *res = im->res;
    int full = 0;
    res->w = grown(res->w, &res->wcap, res->nw, sizeof *res->w, &full);
    if (full) return kh_error_nomem(im->err);
    int oom = 0;
    kh_plan_warning *w = &res->w[res->nw];
    memset(w, 0, sizeof *w);
    w->row = r->row;
    w->what = what;
    w->value = sdup(value, &oom);
    if (oom) return kh_error_nomem(im->err);
    res->nw++;
    return KH_OK;
}

static int warn_mask(importer *im, const prow *r, unsigned m,
                     const char *found, const char *deadline)
{
    int rc = KH_OK;
    if (m & KH_RW_FUTURE_FOUND) rc = warn(im, r, KH_RW_FUTURE_FOUND, found);
    if (!rc && (m & KH_RW_PAST_DEADLINE))
        rc = warn(im, r, KH_RW_PAST_DEADLINE, deadline);
    return rc;
}

void kh_plan_result_free(kh_plan_result *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) {
        kh_plan_item *it = &r->v[i];
        for (size_t k = 0; k < it->nf; k++) {
            free(it->f[k].was);
            free(it->f[k].now);
        }
        free(it->f);
        free(it->text);
        free(it->region);
        free(it->source);
        free(it->category);
    }
    for (size_t i = 0; i < r->nw; i++) {
        free(r->w[i].value);
        free(r->w[i].value2);
    }
    free(r->v);
    free(r->w);
    memset(r, 0, sizeof *r);
}

/* ---- reading the sheet ---- */

/* The header: every heading a known column (or one of its aliases), none
 * twice, the required ones there. */
static int read_header(importer *im, const kh_row *h)
{
    kh_error *err = im->err;
    int rc = KH_OK;
    for (size_t i = 0; i < h->n && !rc; i++) {
        const kh_cell *x = &h->cells[i];
        int oom = 0;
        char *name = trimmed(x->s, x->len, &oom);
        if (oom) return kh_error_nomem(err);
        if (!name) continue;
        int exact = 1;
        int c = kh_header_match(im->std, KH_HDR_PLAN, name, strlen(name),
                                &exact);
        if (c < 0) {
            /* what the sheet's columns may be called, for the message */
            char cols[600];
            size_t cl = 0;
            cols[0] = '\0';
            for (int k = 0; k < KH_PC_COUNT && cl < sizeof cols; k++)
                cl += (size_t)snprintf(cols + cl, sizeof cols - cl, "%s%s",
                                       k ? "、" : "", kh_plan_col_name(k));
            int seq = !strcmp(name, "序号");
            rc = kh_error_set(err, KH_ERR_INVALID, "header_unknown",
                              "表头(第 %ld 行)第 %zu 列“%s”不是整改清单的列"
                              "(%s%.0s整改清单的列为:%s;也可用整改清单模板)",
                              "header (line %ld) column %zu '%s' is not a "
                              "column of the plan (%.0s%sthe plan's columns: "
                              "%s; "
                              "or use the plan template)",
                              h->line, i + 1, name,
                              seq ? "问题编号的列应题为“问题编号”,不是序号;" : "",
                              seq ? "the problem number's column is 问题编号, "
                                    "not a row number; "
                                  : "",
                              cols);
        }
        else if (im->at[c] >= 0)
            rc = kh_error_set(err, KH_ERR_INVALID, "header_duplicate",
                              "表头(第 %ld 行)第 %d 列和第 %zu 列都是“%s”",
                              "header (line %ld): columns %d and %zu are both "
                              "'%s'",
                              h->line, im->at[c] + 1, i + 1,
                              kh_plan_col_name(c));
        else
            im->at[c] = (int)i;
        /* a heading read through an alias or with its unit: said */
        if (!rc && c >= 0 && !exact)
            rc = warn_header(im, KH_RW_COLUMN_ALIAS, name, kh_plan_col_name(c),
                             h->line, (int)i + 1);
        if (rc && rc != KH_ERR_NOMEM) kh_error_at(err, im->file, 0, h->line, name);
        free(name);
    }
    for (int c = 0; c < KH_PC_COUNT && !rc; c++)
        if (kh_plan_col_required(c) && im->at[c] < 0) {
            rc = kh_error_set(err, KH_ERR_INVALID, "header_missing",
                              "表头(第 %ld 行)缺少必需的列“%s”",
                              "header (line %ld): the required column '%s' "
                              "is missing",
                              h->line, kh_plan_col_name(c));
            kh_error_at(err, im->file, 0, h->line, kh_plan_col_name(c));
        }
    return rc;
}

static void prow_free(prow *p)
{
    for (int k = 0; k < KH_PC_COUNT; k++) free(p->c[k]);
}

/* Keep a data row (blank rows are skipped). */
static int keep_row(importer *im, const kh_row *r)
{
    kh_error *err = im->err;
    prow p;
    memset(&p, 0, sizeof p);
    p.row = r->row;
    p.line = r->line;
    int oom = 0, any = 0;
    for (size_t i = 0; i < r->n; i++) {
        int c = -1;
        for (int k = 0; k < KH_PC_COUNT; k++)
            if (im->at[k] == (int)i) c = k;
        const kh_cell *x = &r->cells[i];
        char *v = trimmed(x->s, x->len, &oom);
        if (oom) break;
        if (!v) continue;
        any = 1;
        /* full-width forms in a number, date or code cell: read
         * half-width and said, as in the registry (docs/formats.md) */
        if ((c == KH_PC_ID || c == KH_PC_REGION || c == KH_PC_DATE ||
             c == KH_PC_DEADLINE || c == KH_PC_YEAR) &&
            kh_utf8_has_fullwidth(v, strlen(v))) {
            char *nv = malloc(strlen(v) + 1);
            if (!nv) {
                free(v);
                oom = 1;
                break;
            }
            kh_utf8_halfwidth(v, strlen(v), nv);
            int wrc = warn_header(im, KH_RW_FULLWIDTH, v, nv, r->line, (int)i + 1);
            if (!wrc) im->res->w[im->res->nw - 1].row = r->row;
            free(v);
            v = nv;
            if (wrc) {
                free(v);
                oom = 1;
                break;
            }
        }
        if (c == KH_PC_DATE || c == KH_PC_DEADLINE) {
            /* Dates as offices write them (kh_date_parse), kept as
             * YYYY-MM-DD; anything else is left for the checks below. */
            char d[11];
            if (kh_date_cell(v, strlen(v), d) == 0) {
                char *nv = strdup(d);
                free(v);
                if (!nv) {
                    oom = 1;
                    break;
                }
                v = nv;
            }
        }
        if (c < 0) {
            free(v);
            prow_free(&p);
            kh_error_at(err, im->file, r->row, r->line, NULL);
            return kh_error_set(err, KH_ERR_INVALID, "cell_outside",
                                "第 %zu 列有内容,但表头没有这一列",
                                "column %zu has a value but no heading",
                                i + 1);
        }
        p.c[c] = v;
    }
    if (oom) {
        prow_free(&p);
        return kh_error_nomem(err);
    }
    if (!any) return KH_OK;
    if (p.c[KH_PC_ID]) {
        char *end;
        p.id = strtoll(p.c[KH_PC_ID], &end, 10);
        if (*end || p.id <= 0) {
            int rc = bad(err, "问题编号", "problem number", p.c[KH_PC_ID]);
            prow_free(&p);
            kh_error_at(err, im->file, r->row, r->line, "问题编号");
            return rc;
        }
    }
    int full = 0;
    im->rows = grown(im->rows, &im->cap, im->n, sizeof *im->rows, &full);
    if (full) {
        prow_free(&p);
        return kh_error_nomem(err);
    }
    im->rows[im->n++] = p;
    return KH_OK;
}

static int by_id(const void *a, const void *b)
{
    const prow *x = *(prow *const *)a, *y = *(prow *const *)b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* Two rows with the same 问题编号: refused, both named. */
static int check_duplicates(importer *im)
{
    prow **v = malloc((im->n ? im->n : 1) * sizeof *v);
    if (!v) return kh_error_nomem(im->err);
    size_t k = 0;
    for (size_t i = 0; i < im->n; i++)
        if (im->rows[i].id) v[k++] = &im->rows[i];
    qsort(v, k, sizeof *v, by_id);
    int rc = KH_OK;
    for (size_t i = 1; i < k && !rc; i++)
        if (v[i]->id == v[i - 1]->id) {
            rc = kh_error_set(im->err, KH_ERR_INVALID, "id_duplicate",
                              "问题编号 %lld 出现了两次:第 %ld 行(物理行 %ld)"
                              "和第 %ld 行(物理行 %ld)",
                              "problem number %lld appears twice: row %ld "
                              "(line %ld) and row %ld (line %ld)",
                              v[i]->id, v[i - 1]->row, v[i - 1]->line,
                              v[i]->row, v[i]->line);
            at_row(im, v[i], KH_PC_ID, rc);
        }
    free(v);
    return rc;
}

/* ---- the stored problem ---- */

/* A problem as stored, copied. */
typedef struct current {
    int status, year, visible;
    char *f[KH_PC_COUNT]; /* by column; units joined by "、" */
} current;

typedef struct cur_ctx {
    current *c;
    const kh_access *acc;
} cur_ctx;

static int read_current(void *ctx, const kh_problem *p, kh_error *err)
{
    cur_ctx *x = ctx;
    current *c = x->c;
    c->status = p->status;
    c->year = p->year;
    c->visible = kh_access_problem(x->acc, p->region, p->lead_dept, p->units);
    const char *v[KH_PC_COUNT] = {0};
    v[KH_PC_REGION] = p->region;
    v[KH_PC_SOURCE] = p->source;
    v[KH_PC_DATE] = p->found_on;
    v[KH_PC_CATEGORY] = p->category;
    v[KH_PC_TEXT] = p->text;
    v[KH_PC_MEASURES] = p->measures;
    v[KH_PC_LEAD] = p->lead_dept;
    v[KH_PC_UNITS] = p->units;
    v[KH_PC_PERSON] = p->person;
    v[KH_PC_DEADLINE] = p->long_term ? "长期坚持" : p->deadline;
    v[KH_PC_PROGRESS] = p->progress;
    v[KH_PC_ACCOUNT] = p->accountability;
    v[KH_PC_MECHANISM] = p->mechanism;
    for (int k = 0; k < KH_PC_COUNT; k++)
        if (v[k] && !(c->f[k] = strdup(v[k]))) return kh_error_nomem(err);
    return KH_OK;
}

static void current_free(current *c)
{
    for (int k = 0; k < KH_PC_COUNT; k++) free(c->f[k]);
}

static int get_current(importer *im, long long id, current *c)
{
    memset(c, 0, sizeof *c);
    cur_ctx x = {c, &im->who->acc};
    return kh_store_problem_get(im->s, id, read_current, &x, im->err);
}

/* The units of a cell (split into buf, pointed to by units) and joined
 * by "、" into out as the store keeps them; the count, -1 when too many. */
static int units_norm(const char *cell, char *buf, size_t bufsz,
                      const char **units, char *out, size_t outsz)
{
    int n = kh_rect_units_split(cell, buf, bufsz, units, MAXUNITS);
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < n && k < outsz; i++)
        k += (size_t)snprintf(out + k, outsz - k, "%s%s", i ? "、" : "",
                              units[i]);
    return n;
}

/* 1 when a (a trimmed cell) is the stored value b, blanks around b
 * aside (a cell never keeps them). */
static int same_cell(const char *a, const char *b)
{
    if (!b) return 0;
    while (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n') b++;
    size_t n = strlen(b);
    while (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\r' ||
                 b[n - 1] == '\n'))
        n--;
    return strlen(a) == n && !memcmp(a, b, n);
}

/* The label of list that a cell is, or an error at the row's column. */
static int label_cell(importer *im, const prow *r, int c, const char *list,
                      const char *what_zh, const char *what_en,
                      const char **out)
{
    *out = NULL;
    if (!r->c[c]) return KH_OK;
    int e = kh_standard_enum(im->std, list);
    int k = e < 0 ? -1
                  : kh_standard_enum_lookup(im->std, e, r->c[c],
                                            strlen(r->c[c]));
    if (k >= 0) {
        *out = kh_standard_enum_label(im->std, e, k);
        return KH_OK;
    }
    return at_row(im, r, c, bad(im->err, what_zh, what_en, r->c[c]));
}

/* The row's 问题类别 and 来源 as labels of their lists (NULL when empty). */
static int category_source(importer *im, const prow *r, const char **cat,
                           const char **src)
{
    *src = NULL;
    int rc = label_cell(im, r, KH_PC_CATEGORY, "problem_category",
                        "问题类别(见 [enum.problem_category])",
                        "category (see [enum.problem_category])", cat);
    if (!rc)
        rc = label_cell(im, r, KH_PC_SOURCE, "problem_source",
                        "问题来源(见 [enum.problem_source])",
                        "source (see [enum.problem_source])", src);
    return rc;
}

static int check_year(importer *im, const prow *r, int *year)
{
    *year = 0;
    const char *yc = r->c[KH_PC_YEAR];
    if (!yc) return KH_OK;
    char *end;
    long v = strtol(yc, &end, 10);
    if (*end || v < 2013 || v > 2100)
        return at_row(im, r, KH_PC_YEAR, bad(im->err, "年度", "year", yc));
    *year = (int)v;
    return KH_OK;
}

/* A region a row names: in the region list and in the actor's scope. */
static int region_ok(importer *im, const prow *r, const char *code)
{
    char name[128], parent[16];
    int rc = kh_store_region_name(im->s, code, name, sizeof name, parent,
                                  sizeof parent, im->err);
    if (rc == KH_ERR_NOTFOUND)
        rc = kh_error_set(im->err, KH_ERR_INVALID, "region_unknown",
                          "区划代码 %s 不在区划表中",
                          "region %s is not in the region list", code);
    else if (!rc && !kh_access_region(&im->who->acc, code))
        rc = kh_error_set(im->err, KH_ERR_DENIED, "out_of_scope",
                          "区划 %s 不在你的管辖范围内",
                          "region %s is outside your scope", code);
    return rc ? at_row(im, r, KH_PC_REGION, rc) : KH_OK;
}

static int closed_refused(importer *im, const prow *r, int c, long long id)
{
    return at_row(im, r, c,
                  kh_error_set(im->err, KH_ERR_INVALID, "rectify_refused",
                               "问题 %lld 已销号,表格不能再修改它"
                               "(须先重新打开)",
                               "problem %lld is closed: a sheet cannot "
                               "change it (reopen it first)",
                               id));
}

/* A row that would change a problem outside the actor's scope (a row
 * that changes nothing is let be: the sheet says what is stored). */
static int scope_refused(importer *im, const prow *r, long long id)
{
    return at_row(im, r, KH_PC_ID,
                  kh_error_set(im->err, KH_ERR_DENIED, "out_of_scope",
                               "问题 %lld 不在你的管辖范围内",
                               "problem %lld is outside your scope", id));
}

/* ---- applying a row ---- */

/* Plan and progress of problem id from the row (cur: as stored). */
static int apply_plan_row(importer *im, const prow *r, long long id,
                          const current *cur, kh_plan_item *it, int *did)
{
    kh_problem_plan pl = {0};
    static const int pc[] = {KH_PC_MEASURES, KH_PC_LEAD, KH_PC_PERSON,
                             KH_PC_DEADLINE, KH_PC_ACCOUNT, KH_PC_MECHANISM};
    const char *v[6];
    int rc = KH_OK;
    for (size_t i = 0; !rc && i < 6; i++) {
        const char *x = r->c[pc[i]];
        v[i] = x && !same_cell(x, cur->f[pc[i]]) ? x : NULL;
        if (v[i])
            rc = field_add(im, it, kh_plan_col_name(pc[i]), cur->f[pc[i]],
                           v[i]);
    }
    if (rc) return rc;
    pl.measures = v[0];
    pl.lead_dept = v[1];
    pl.person = v[2];
    pl.deadline = v[3];
    pl.accountability = v[4];
    pl.mechanism = v[5];
    if (pl.deadline && strcmp(pl.deadline, "长期坚持") && !date_ok(pl.deadline))
        return at_row(im, r, KH_PC_DEADLINE,
                      bad(im->err, "整改时限(应为 YYYY-MM-DD 或 长期坚持)",
                          "deadline (YYYY-MM-DD or 长期坚持)", pl.deadline));
    if (pl.deadline) {
        rc = warn_mask(im, r,
                       kh_rect_warnings(NULL, pl.deadline, NULL, im->today),
                       NULL, pl.deadline);
        if (rc) return rc;
    }
    char ujoined[4200], ubuf[4096];
    const char *units[MAXUNITS];
    if (r->c[KH_PC_UNITS]) {
        int n = units_norm(r->c[KH_PC_UNITS], ubuf, sizeof ubuf, units,
                           ujoined, sizeof ujoined);
        if (n < 0)
            return at_row(im, r, KH_PC_UNITS,
                          kh_error_msg(im->err, KH_ERR_INVALID,
                                       "rectify_value",
                                       "责任单位过多(最多 32 个)",
                                       "too many 责任单位 (at most 32)"));
        if (!cur->f[KH_PC_UNITS] || strcmp(ujoined, cur->f[KH_PC_UNITS])) {
            pl.units = units;
            pl.nunits = (size_t)n;
            rc = field_add(im, it, "责任单位", cur->f[KH_PC_UNITS], ujoined);
            if (rc) return rc;
        }
    }
    const char *progress = r->c[KH_PC_PROGRESS];
    if (progress && same_cell(progress, cur->f[KH_PC_PROGRESS]))
        progress = NULL;
    if (progress) {
        rc = field_add(im, it, "进展", cur->f[KH_PC_PROGRESS], progress);
        if (rc) return rc;
    }
    int plan = pl.measures || pl.lead_dept || pl.person || pl.deadline ||
               pl.units || pl.accountability || pl.mechanism;
    if ((plan || progress) && !cur->visible) return scope_refused(im, r, id);
    if ((plan || progress) && cur->status == KH_RS_CLOSED)
        return closed_refused(im, r, plan ? KH_PC_MEASURES : KH_PC_PROGRESS,
                              id);
    const char *who = im->who->acc.user;
    if (plan) {
        rc = kh_store_problem_act(im->s, id, KH_RA_PLAN, &pl, "导入 / import",
                                  who, im->who->now, im->who->acc.may_verify,
                                  im->err);
        if (rc) return at_row(im, r, KH_PC_MEASURES, rc);
        *did = 1;
    }
    if (progress) {
        rc = kh_store_problem_act(im->s, id, KH_RA_PROGRESS, NULL, progress,
                                  who, im->who->now, im->who->acc.may_verify,
                                  im->err);
        if (rc) return at_row(im, r, KH_PC_PROGRESS, rc);
        *did = 1;
    }
    return KH_OK;
}

/* A row with a 问题编号: the problem within the actor's scope, its
 * identity the stored problem's (or corrected with
 * KH_PLAN_UPDATE_IDENTITY); then its plan. */
static int update_row(importer *im, const prow *r)
{
    current cur;
    int rc = get_current(im, r->id, &cur);
    if (rc) {
        current_free(&cur);
        /* A number that is no problem is a bad cell, not a lookup. */
        if (rc == KH_ERR_NOTFOUND) rc = im->err->status = KH_ERR_INVALID;
        return at_row(im, r, KH_PC_ID, rc);
    }
    const char *cat = NULL, *src = NULL;
    int year = 0;
    rc = category_source(im, r, &cat, &src);
    if (!rc) rc = check_year(im, r, &year);
    /* The identity columns that disagree with the stored problem. */
    kh_problem_ident id = {0};
    int differs = -1; /* first column that differs */
    const char *given[KH_PC_COUNT] = {0};
    given[KH_PC_REGION] = r->c[KH_PC_REGION];
    given[KH_PC_SOURCE] = src;
    given[KH_PC_DATE] = r->c[KH_PC_DATE];
    given[KH_PC_CATEGORY] = cat;
    given[KH_PC_TEXT] = r->c[KH_PC_TEXT];
    static const int idc[] = {KH_PC_TEXT, KH_PC_REGION, KH_PC_CATEGORY,
                              KH_PC_SOURCE, KH_PC_DATE};
    const char **slot[] = {&id.text, &id.region, &id.category, &id.source,
                           &id.found_on};
    for (size_t i = 0; !rc && i < sizeof idc / sizeof idc[0]; i++) {
        int c = idc[i];
        if (!given[c] || same_cell(given[c], cur.f[c])) continue;
        *slot[i] = given[c];
        if (differs < 0) differs = c;
    }
    char ys[16], yc[16];
    snprintf(ys, sizeof ys, "%d", cur.year);
    snprintf(yc, sizeof yc, "%d", year);
    if (!rc && year && year != cur.year) {
        id.year = year;
        if (differs < 0) differs = KH_PC_YEAR;
    }
    if (!rc && differs >= 0 && !(im->flags & KH_PLAN_UPDATE_IDENTITY)) {
        const char *was = differs == KH_PC_YEAR ? ys : cur.f[differs];
        const char *now = differs == KH_PC_YEAR ? yc : given[differs];
        rc = kh_error_set(im->err, KH_ERR_INVALID, "identity_differs",
                          "问题编号 %lld 的“%s”与库中不符(表中“%s”,库中"
                          "“%s”):编号可能填错;确需更正用 --update-identity",
                          "problem %lld: '%s' differs from the stored "
                          "problem (sheet '%s', stored '%s'): the number may "
                          "be wrong; to correct it use --update-identity",
                          r->id, kh_plan_col_name(differs), now,
                          was ? was : "");
        at_row(im, r, differs, rc);
    }
    kh_plan_item *it = NULL;
    if (!rc && !(it = item_new(im, r, r->id,
                               id.text ? id.text : cur.f[KH_PC_TEXT])))
        rc = kh_error_nomem(im->err);
    int did = 0;
    if (!rc && differs >= 0) {
        if (!cur.visible)
            rc = scope_refused(im, r, r->id);
        else if (cur.status == KH_RS_CLOSED)
            rc = closed_refused(im, r, differs, r->id);
        if (!rc && id.region) rc = region_ok(im, r, id.region);
        if (!rc && id.found_on && !date_ok(id.found_on))
            rc = at_row(im, r, KH_PC_DATE,
                        bad(im->err, "发现日期 (YYYY-MM-DD)",
                            "date found (YYYY-MM-DD)", id.found_on));
        for (size_t i = 0; !rc && i < sizeof idc / sizeof idc[0]; i++)
            if (*slot[i])
                rc = field_add(im, it, kh_plan_col_name(idc[i]),
                               cur.f[idc[i]], *slot[i]);
        if (!rc && id.year) rc = field_add(im, it, "年度", ys, yc);
        if (!rc)
            rc = kh_store_problem_identity(im->s, r->id, &id,
                                           "导入更正 / identity corrected "
                                           "by import",
                                           im->who->acc.user, im->who->now,
                                           im->err);
        if (rc) at_row(im, r, differs, rc);
        did = 1;
    }
    if (!rc) rc = apply_plan_row(im, r, r->id, &cur, it, &did);
    if (!rc && did) im->res->updated++;
    /* a problem outside the scope that the row leaves alone: not listed */
    if (!rc && !cur.visible && !did) free(im->res->v[--im->res->n].text);
    current_free(&cur);
    return rc;
}

/* A row without 问题编号: a new problem (with KH_PLAN_ALLOW_NEW). */
static int add_row(importer *im, const prow *r)
{
    if (!(im->flags & KH_PLAN_ALLOW_NEW))
        return at_row(im, r, KH_PC_ID,
                      kh_error_msg(im->err, KH_ERR_INVALID, "id_missing",
                                   "没有问题编号:要把这一行登记为新问题,"
                                   "请加 --allow-new",
                                   "no problem number: to add this row as a "
                                   "new problem, give --allow-new"));
    static const int need[] = {KH_PC_REGION, KH_PC_SOURCE, KH_PC_CATEGORY,
                               KH_PC_TEXT};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!r->c[need[i]])
            return at_row(im, r, need[i],
                          kh_error_set(im->err, KH_ERR_INVALID,
                                       "rectify_value", "新问题须填写“%s”",
                                       "a new problem needs '%s'",
                                       kh_plan_col_name(need[i])));
    const char *region = r->c[KH_PC_REGION];
    int rc = region_ok(im, r, region);
    if (rc) return rc;
    const char *cat, *src;
    rc = category_source(im, r, &cat, &src);
    if (rc) return rc;
    const char *date = r->c[KH_PC_DATE];
    if (date && !date_ok(date))
        return at_row(im, r, KH_PC_DATE,
                      bad(im->err, "发现日期 (YYYY-MM-DD)",
                          "date found (YYYY-MM-DD)", date));
    rc = warn_mask(im, r, kh_rect_warnings(date, NULL, NULL, im->today), date,
                   NULL);
    if (rc) return rc;
    if (!date) date = im->today;
    int year;
    rc = check_year(im, r, &year);
    if (rc) return rc;
    if (!year) year = atoi(date);
    kh_problem_new p = {.year = year,
                        .region = region,
                        .source = src,
                        .found_on = date,
                        .category = cat,
                        .text = r->c[KH_PC_TEXT]};
    long long id;
    int added;
    rc = kh_store_problem_add(im->s, &p, im->who->acc.user, im->who->now, &id,
                              &added, im->err);
    if (rc) return at_row(im, r, KH_PC_TEXT, rc);
    im->res->added++;
    kh_plan_item *it = item_new(im, r, id, r->c[KH_PC_TEXT]);
    int oom = !it;
    if (it) {
        it->is_new = 1;
        it->year = year;
        it->region = sdup(region, &oom);
        it->source = sdup(src, &oom);
        it->category = sdup(cat, &oom);
    }
    if (oom) return kh_error_nomem(im->err);
    current cur;
    rc = get_current(im, id, &cur);
    int did = 0;
    if (!rc) rc = apply_plan_row(im, r, id, &cur, it, &did);
    current_free(&cur);
    return rc;
}

/* ---- the use case ---- */

static int read_sheet(importer *im, const char *path)
{
    kh_table *t = NULL;
    int rc = kh_table_open(path, &t, im->err);
    const kh_row *r = NULL;
    /* title rows above the header: passed over, said once */
    long title = 0;
    kh_error tf;
    kh_error_clear(&tf);
    if (!rc)
        rc = kh_load_locate_header(t, im->std, KH_HDR_PLAN, im->file, &title, &tf,
                                   im->err);
    if (!rc && title) rc = warn_header(im, KH_RW_HEADER_TITLE, tf.zh, tf.en, tf.line, 0);
    if (!rc) rc = kh_table_next(t, &r, im->err);
    if (!rc && !r)
        rc = kh_error_set(im->err, KH_ERR_FORMAT, "empty_file",
                          "文件 %s 是空的", "%s is empty", im->file);
    if (!rc) rc = read_header(im, r);
    while (!rc) {
        rc = kh_table_next(t, &r, im->err);
        if (rc || !r) break;
        rc = keep_row(im, r);
    }
    kh_table_free(t);
    /* the reader names the file by its path: the name given instead */
    if (rc && im->file != path &&
        !strncmp(im->err->file, path, sizeof im->err->file - 1))
        snprintf(im->err->file, sizeof im->err->file, "%s", im->file);
    return rc;
}

int kh_app_plan_import(kh_store *s, const struct kh_standard *std,
                       const kh_actor *who, const char *path,
                       const char *name, int flags, kh_plan_result *out,
                       kh_error *err)
{
    memset(out, 0, sizeof *out);
    out->dry_run = !!(flags & KH_PLAN_DRY_RUN);
    snprintf(out->today, sizeof out->today, "%.10s", who->now);
    const char *file = name ? name : path;
    if (!who->known)
        return kh_error_set(err, KH_ERR_NOTFOUND, "user_missing",
                            "没有用户 %s(先用 kaohe user add 登记)",
                            "no user %s (register with `kaohe user add`)",
                            who->acc.user);
    char object[240];
    snprintf(object, sizeof object, "plan/%s", file);
    if (!who->acc.may_rectify) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你的角色(%s)无权导入整改清单",
                     "your role (%s) may not import a plan",
                     who->acc.role[0] ? who->acc.role : "-");
        return kh_app_refuse(s, who, "problem.import", object, err);
    }
    importer im = {.s = s, .std = std, .who = who, .file = file,
                   .flags = flags, .res = out, .err = err};
    snprintf(im.today, sizeof im.today, "%s", out->today);
    for (int i = 0; i < KH_PC_COUNT; i++) im.at[i] = -1;
    /* Nothing is written before the whole sheet has been read and its
     * numbers checked; then each row in turn, in one transaction. */
    int rc = read_sheet(&im, path);
    if (!rc) rc = check_duplicates(&im);
    if (!rc) rc = kh_store_begin(s, err);
    if (rc) {
        rows_free(&im);
        if (rc == KH_ERR_NOMEM || rc == KH_ERR_DB || rc == KH_ERR_IO)
            return rc;
        return kh_app_refuse(s, who, "problem.import", object, err);
    }
    for (size_t i = 0; !rc && i < im.n; i++)
        rc = im.rows[i].id ? update_row(&im, &im.rows[i])
                           : add_row(&im, &im.rows[i]);
    rows_free(&im);
    if (!rc && out->dry_run) {
        kh_store_rollback(s);
        return KH_OK;
    }
    if (!rc) {
        char note[96];
        snprintf(note, sizeof note, "新增 %ld 个,更新 %ld 个", out->added,
                 out->updated);
        rc = kh_app_audit(s, who, "problem.import", object, "ok",
                          out->added + out->updated, NULL, NULL, note, err);
    }
    if (!rc) return kh_store_commit(s, err);
    kh_store_rollback(s);
    if (rc == KH_ERR_NOMEM || rc == KH_ERR_DB) return rc;
    return kh_app_refuse(s, who, "problem.import", object, err);
}

/* ---- JSON ---- */

static const char *warning_key(unsigned w)
{
    return w == KH_RW_FUTURE_FOUND    ? "future_found"
           : w == KH_RW_PAST_DEADLINE ? "past_deadline"
           : w == KH_RW_COLUMN_ALIAS  ? "column_alias"
           : w == KH_RW_HEADER_TITLE  ? "header_title"
           : w == KH_RW_FULLWIDTH     ? "value_fullwidth"
                                      : "stages_reversed";
}

static const char *warning_zh(unsigned w)
{
    return w == KH_RW_FUTURE_FOUND    ? "发现日期在今天之后"
           : w == KH_RW_PAST_DEADLINE ? "整改时限在制定方案时已过"
           : w == KH_RW_COLUMN_ALIAS  ? "表头按别名读取"
           : w == KH_RW_HEADER_TITLE  ? "表头上方的标题行已略过"
           : w == KH_RW_FULLWIDTH     ? "全角字符已按半角读取"
                                      : "阶段开始日期顺序颠倒";
}

char *kh_plan_result_json(const kh_plan_result *r)
{
    json_t *items = json_array(), *warns = json_array();
    for (size_t i = 0; items && i < r->n; i++) {
        const kh_plan_item *it = &r->v[i];
        json_t *f = json_array();
        for (size_t k = 0; f && k < it->nf; k++)
            json_array_append_new(f, json_pack("{s:s,s:s,s:s}", "field",
                                               it->f[k].name, "was",
                                               it->f[k].was, "now",
                                               it->f[k].now));
        json_t *o = json_pack("{s:I,s:I,s:I,s:b,s:s,s:o}", "row",
                              (json_int_t)it->row, "line",
                              (json_int_t)it->line, "id", (json_int_t)it->id,
                              "new", it->is_new, "text", it->text, "fields",
                              f ? f : json_array());
        if (o && it->is_new)
            json_object_update_new(
                o, json_pack("{s:s,s:s,s:s,s:i}", "region", it->region,
                             "source", it->source, "category", it->category,
                             "year", it->year));
        json_array_append_new(items, o);
    }
    for (size_t i = 0; warns && i < r->nw; i++)
        json_array_append_new(
            warns, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)r->w[i].row,
                             "code", warning_key(r->w[i].what), "message",
                             warning_zh(r->w[i].what), "value", r->w[i].value));
    json_t *o = json_pack("{s:b,s:I,s:I,s:o,s:o}", "dry_run", r->dry_run,
                          "added", (json_int_t)r->added, "updated",
                          (json_int_t)r->updated, "problems",
                          items ? items : json_array(), "warnings",
                          warns ? warns : json_array());
    char *t = o ? json_dumps(o, JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return t;
}
