/* SPDX-License-Identifier: MIT */
/*
 * cli_rectify_io.c - sheets in and out of `kaohe rectify`: `import` (plan
 * updates and, with --allow-new, new problems from the sheet offices
 * exchange: headings by name or alias, the whole sheet read and its
 * numbers checked before anything is written, each row's identity checked
 * against the stored problem, all or nothing, --dry-run field by field)
 * and `ledger` (整改台账: the four lists — 问题清单, 责任清单, 整改清单,
 * 整改时限 — one sheet each).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_rectify.h"
#include "kaohe/header.h"
#include "kaohe/load.h"
#include "kaohe/app_documents.h"
#include "kaohe/date.h"
#include "kaohe/rect_ledger.h"
#include "kaohe/rectify.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"

/* One data row of the sheet, its cells copied (trimmed; NULL when
 * empty) by column. */
typedef struct prow {
    long row, line;
    char *c[KH_PC_COUNT];
    long long id; /* 问题编号, 0 for a new problem */
} prow;

typedef struct importer {
    cli_rect_w *w;
    const char *file;
    int flags;
    int at[KH_PC_COUNT]; /* column index of each known column, -1 absent */
    size_t ncols;        /* the header's width */
    prow *rows;
    size_t n, cap;
    long added, updated;
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
    kh_error_at(&im->w->err, im->file, r->row, r->line,
                c >= 0 ? kh_plan_col_name(c) : NULL);
    return rc;
}

/* The header: every heading a known column (or one of its aliases), none
 * twice, the required ones there. */
static int read_header(importer *im, const kh_row *h)
{
    kh_error *err = &im->w->err;
    int rc = KH_OK;
    im->ncols = h->n;
    for (size_t i = 0; i < h->n && !rc; i++) {
        const kh_cell *x = &h->cells[i];
        int oom = 0;
        char *name = trimmed(x->s, x->len, &oom);
        if (oom) return kh_error_nomem(err);
        if (!name) continue;
        int exact;
        int c = kh_header_match(im->w->std, KH_HDR_PLAN, name, strlen(name),
                                &exact);
        if (c < 0)
            rc = kh_error_set(err, KH_ERR_INVALID, "header_unknown",
                              "表头(第 %ld 行)第 %zu 列“%s”不是整改清单的列"
                              "(问题编号的列应题为“问题编号”,不是序号;"
                              "列名见 docs/rectify.md)",
                              "header (line %ld) column %zu '%s' is not a "
                              "column of the plan (the problem number's "
                              "column is 问题编号, not a row number; see "
                              "docs/rectify.md)",
                              h->line, i + 1, name);
        else if (im->at[c] >= 0)
            rc = kh_error_set(err, KH_ERR_INVALID, "header_duplicate",
                              "表头(第 %ld 行)第 %d 列和第 %zu 列都是“%s”",
                              "header (line %ld): columns %d and %zu are both "
                              "'%s'",
                              h->line, im->at[c] + 1, i + 1,
                              kh_plan_col_name(c));
        else
            im->at[c] = (int)i;
        if (!rc && c >= 0 && !exact)
            fprintf(stderr,
                    "kaohe: 警告:%s 表头(第 %ld 行)第 %zu 列“%s”按“%s”列读取"
                    "(column_alias)\nkaohe: warning: %s header (line %ld) "
                    "column %zu, headed '%s', is read as '%s' (column_alias)"
                    "\n",
                    im->file, h->line, i + 1, name, kh_plan_col_name(c),
                    im->file, h->line, i + 1, name, kh_plan_col_name(c));
        if (rc) kh_error_at(err, im->file, 0, h->line, name);
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

/* Keep a data row (blank rows are skipped). */
static int keep_row(importer *im, const kh_row *r)
{
    kh_error *err = &im->w->err;
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
        if (c == KH_PC_DATE || c == KH_PC_DEADLINE) {
            /* Dates as offices write them (kh_date_parse), kept as
             * YYYY-MM-DD; anything else is left for the checks below. */
            char d[11];
            if (kh_date_cell(v, strlen(v), d) == 0) {
                char *nv = strdup(d);
                if (!nv) {
                    free(v);
                    oom = 1;
                    break;
                }
                free(v);
                v = nv;
            }
        }
        if (c < 0) {
            free(v);
            for (int k = 0; k < KH_PC_COUNT; k++) free(p.c[k]);
            kh_error_at(err, im->file, r->row, r->line, NULL);
            return kh_error_set(err, KH_ERR_INVALID, "cell_outside",
                                "第 %zu 列有内容,但表头没有这一列",
                                "column %zu has a value but no heading",
                                i + 1);
        }
        p.c[c] = v;
    }
    if (oom) {
        for (int k = 0; k < KH_PC_COUNT; k++) free(p.c[k]);
        return kh_error_nomem(err);
    }
    if (!any) return KH_OK;
    if (p.c[KH_PC_ID]) {
        char *end;
        p.id = strtoll(p.c[KH_PC_ID], &end, 10);
        if (*end || p.id <= 0) {
            int rc = cli_rect_bad(err, "问题编号", "problem number",
                                  p.c[KH_PC_ID]);
            for (int k = 0; k < KH_PC_COUNT; k++) free(p.c[k]);
            kh_error_at(err, im->file, r->row, r->line, "问题编号");
            return rc;
        }
    }
    if (im->n == im->cap) {
        size_t cap = im->cap ? 2 * im->cap : 64;
        prow *v = realloc(im->rows, cap * sizeof *v);
        if (!v) {
            for (int k = 0; k < KH_PC_COUNT; k++) free(p.c[k]);
            return kh_error_nomem(err);
        }
        im->rows = v;
        im->cap = cap;
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
    if (!v) return kh_error_nomem(&im->w->err);
    size_t k = 0;
    for (size_t i = 0; i < im->n; i++)
        if (im->rows[i].id) v[k++] = &im->rows[i];
    qsort(v, k, sizeof *v, by_id);
    int rc = KH_OK;
    for (size_t i = 1; i < k && !rc; i++)
        if (v[i]->id == v[i - 1]->id) {
            rc = kh_error_set(&im->w->err, KH_ERR_INVALID, "id_duplicate",
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

/* A problem as stored, copied. */
typedef struct current {
    int status, year;
    char *f[KH_PC_COUNT]; /* by column; units joined by "、" */
} current;

static int read_current(void *ctx, const kh_problem *p, kh_error *err)
{
    current *c = ctx;
    c->status = p->status;
    c->year = p->year;
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
    for (int k = 0; k < KH_PC_COUNT; k++)
        if (v[k] && !(c->f[k] = strdup(v[k]))) return kh_error_nomem(err);
    return KH_OK;
}

static void current_free(current *c)
{
    for (int k = 0; k < KH_PC_COUNT; k++) free(c->f[k]);
}

/* The units of a cell (split into buf, pointed to by units) and joined
 * by "、" into out as the store keeps them; the count, -1 when too many. */
static int units_norm(const char *cell, char *buf, size_t bufsz,
                      const char **units, char *out, size_t outsz)
{
    int n = cli_rect_units(cell, buf, bufsz, units);
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

static void say_change(const char *col, const char *was, const char *now)
{
    printf("  %s:“%s” → “%s”\n", col, was ? was : "", now ? now : "");
}

/* The label of list that a cell is, or an error at the row's column. */
static int label_cell(importer *im, const prow *r, int c, const char *list,
                      const char *what_zh, const char *what_en,
                      const char **out)
{
    *out = NULL;
    if (!r->c[c]) return KH_OK;
    *out = cli_rect_label(im->w->std, list, r->c[c]);
    if (*out) return KH_OK;
    return at_row(im, r, c, cli_rect_bad(&im->w->err, what_zh, what_en,
                                         r->c[c]));
}

static int check_year(importer *im, const prow *r, int *year)
{
    *year = 0;
    const char *yc = r->c[KH_PC_YEAR];
    if (!yc) return KH_OK;
    char *end;
    long v = strtol(yc, &end, 10);
    if (*end || v < 2013 || v > 2100)
        return at_row(im, r, KH_PC_YEAR,
                      cli_rect_bad(&im->w->err, "年度", "year", yc));
    *year = (int)v;
    return KH_OK;
}

static void warn_row(const importer *im, const prow *r, unsigned w)
{
    if (w & KH_RW_FUTURE_FOUND)
        fprintf(stderr,
                "kaohe: 警告:%s 第%ld行 发现日期 %s 在今天(%s)之后\n"
                "kaohe: warning: %s row %ld: the date found %s is after "
                "today (%s)\n",
                im->file, r->row, r->c[KH_PC_DATE], im->w->today, im->file,
                r->row, r->c[KH_PC_DATE], im->w->today);
    if (w & KH_RW_PAST_DEADLINE)
        fprintf(stderr,
                "kaohe: 警告:%s 第%ld行 整改时限 %s 在制定方案时已过(今天 "
                "%s)\nkaohe: warning: %s row %ld: the deadline %s has passed "
                "already (today %s)\n",
                im->file, r->row, r->c[KH_PC_DEADLINE], im->w->today,
                im->file, r->row, r->c[KH_PC_DEADLINE], im->w->today);
}

/* Plan and progress of problem id from the row (cur: as stored). */
static int apply_plan_row(importer *im, const prow *r, long long id,
                          const current *cur, int *did)
{
    cli_rect_w *w = im->w;
    int dry = im->flags & CLI_RECT_DRY_RUN;
    kh_problem_plan pl = {0};
    static const int pc[] = {KH_PC_MEASURES, KH_PC_LEAD, KH_PC_PERSON,
                             KH_PC_DEADLINE};
    const char *v[4];
    for (size_t i = 0; i < 4; i++) {
        const char *x = r->c[pc[i]];
        v[i] = x && !same_cell(x, cur->f[pc[i]]) ? x : NULL;
        if (v[i] && dry) say_change(kh_plan_col_name(pc[i]), cur->f[pc[i]],
                                    v[i]);
    }
    pl.measures = v[0];
    pl.lead_dept = v[1];
    pl.person = v[2];
    pl.deadline = v[3];
    if (pl.deadline && strcmp(pl.deadline, "长期坚持") &&
        !cli_rect_date_ok(pl.deadline))
        return at_row(im, r, KH_PC_DEADLINE,
                      cli_rect_bad(&w->err,
                                   "整改时限(应为 YYYY-MM-DD 或 长期坚持)",
                                   "deadline (YYYY-MM-DD or 长期坚持)",
                                   pl.deadline));
    if (pl.deadline)
        warn_row(im, r, kh_rect_warnings(NULL, pl.deadline, NULL, w->today));
    char ujoined[4200], ubuf[4096];
    const char *units[MAXLIST];
    if (r->c[KH_PC_UNITS]) {
        int n = units_norm(r->c[KH_PC_UNITS], ubuf, sizeof ubuf, units,
                           ujoined, sizeof ujoined);
        if (n < 0)
            return at_row(im, r, KH_PC_UNITS,
                          kh_error_msg(&w->err, KH_ERR_INVALID,
                                       "rectify_value",
                                       "责任单位过多(最多 32 个)",
                                       "too many 责任单位 (at most 32)"));
        if (!cur->f[KH_PC_UNITS] || strcmp(ujoined, cur->f[KH_PC_UNITS])) {
            pl.units = units;
            pl.nunits = (size_t)n;
            if (dry) say_change("责任单位", cur->f[KH_PC_UNITS], ujoined);
        }
    }
    const char *progress = r->c[KH_PC_PROGRESS];
    if (progress && same_cell(progress, cur->f[KH_PC_PROGRESS]))
        progress = NULL;
    if (progress && dry) say_change("进展", cur->f[KH_PC_PROGRESS], progress);
    int plan = pl.measures || pl.lead_dept || pl.person || pl.deadline ||
               pl.units;
    if ((plan || progress) && cur->status == KH_RS_CLOSED)
        return at_row(im, r, plan ? KH_PC_MEASURES : KH_PC_PROGRESS,
                      kh_error_set(&w->err, KH_ERR_INVALID, "rectify_refused",
                                   "问题 %lld 已销号,表格不能再修改它"
                                   "(须先重新打开)",
                                   "problem %lld is closed: a sheet cannot "
                                   "change it (reopen it first)",
                                   id));
    int rc;
    if (plan) {
        rc = kh_store_problem_act(w->s, id, KH_RA_PLAN, &pl, "导入 / import",
                                  w->who, w->now, w->checks, &w->err);
        if (rc) return at_row(im, r, KH_PC_MEASURES, rc);
        *did = 1;
    }
    if (progress) {
        rc = kh_store_problem_act(w->s, id, KH_RA_PROGRESS, NULL, progress,
                                  w->who, w->now, w->checks, &w->err);
        if (rc) return at_row(im, r, KH_PC_PROGRESS, rc);
        *did = 1;
    }
    return KH_OK;
}

/* A row with a 问题编号: its identity must be the stored problem's (or be
 * corrected with --update-identity); then its plan. */
static int update_row(importer *im, const prow *r)
{
    cli_rect_w *w = im->w;
    int dry = im->flags & CLI_RECT_DRY_RUN;
    current cur;
    memset(&cur, 0, sizeof cur);
    int rc = kh_store_problem_get(w->s, r->id, read_current, &cur, &w->err);
    if (rc) {
        current_free(&cur);
        /* A number that is no problem is a bad cell, not a lookup. */
        if (rc == KH_ERR_NOTFOUND) rc = w->err.status = KH_ERR_INVALID;
        return at_row(im, r, KH_PC_ID, rc);
    }
    const char *cat = NULL, *src = NULL;
    int year = 0;
    rc = label_cell(im, r, KH_PC_CATEGORY, "problem_category",
                    "问题类别(见 [enum.problem_category])",
                    "category (see [enum.problem_category])", &cat);
    if (!rc)
        rc = label_cell(im, r, KH_PC_SOURCE, "problem_source",
                        "问题来源(见 [enum.problem_source])",
                        "source (see [enum.problem_source])", &src);
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
    if (!rc && year && year != cur.year) {
        id.year = year;
        if (differs < 0) differs = KH_PC_YEAR;
    }
    if (!rc && differs >= 0 && !(im->flags & CLI_RECT_UPDATE_IDENTITY)) {
        const char *was = differs == KH_PC_YEAR ? ys : cur.f[differs];
        const char *now = differs == KH_PC_YEAR ? yc : given[differs];
        snprintf(ys, sizeof ys, "%d", cur.year);
        snprintf(yc, sizeof yc, "%d", year);
        rc = kh_error_set(&w->err, KH_ERR_INVALID, "identity_differs",
                          "问题编号 %lld 的“%s”与库中不符(表中“%s”,库中"
                          "“%s”):编号可能填错;确需更正用 --update-identity",
                          "problem %lld: '%s' differs from the stored "
                          "problem (sheet '%s', stored '%s'): the number may "
                          "be wrong; to correct it use --update-identity",
                          r->id, kh_plan_col_name(differs), now,
                          was ? was : "");
        at_row(im, r, differs, rc);
    }
    if (!rc && dry) printf("问题 %lld(第 %ld 行):\n", r->id, r->row);
    int did = 0;
    if (!rc && differs >= 0) {
        if (cur.status == KH_RS_CLOSED)
            rc = at_row(im, r, differs,
                        kh_error_set(&w->err, KH_ERR_INVALID,
                                     "rectify_refused",
                                     "问题 %lld 已销号,表格不能再修改它"
                                     "(须先重新打开)",
                                     "problem %lld is closed: a sheet cannot "
                                     "change it (reopen it first)",
                                     r->id));
        if (!rc && id.region)
            rc = cli_rect_region_known(w->s, id.region, &w->err) ?
                     at_row(im, r, KH_PC_REGION, w->err.status) : KH_OK;
        if (!rc && id.found_on && !cli_rect_date_ok(id.found_on))
            rc = at_row(im, r, KH_PC_DATE,
                        cli_rect_bad(&w->err, "发现日期 (YYYY-MM-DD)",
                                     "date found (YYYY-MM-DD)", id.found_on));
        for (size_t i = 0; !rc && dry && i < sizeof idc / sizeof idc[0]; i++)
            if (*slot[i])
                say_change(kh_plan_col_name(idc[i]), cur.f[idc[i]], *slot[i]);
        if (!rc && dry && id.year) {
            snprintf(ys, sizeof ys, "%d", cur.year);
            snprintf(yc, sizeof yc, "%d", id.year);
            say_change("年度", ys, yc);
        }
        if (!rc)
            rc = kh_store_problem_identity(w->s, r->id, &id,
                                           "导入更正 / identity corrected "
                                           "by import",
                                           w->who, w->now, &w->err);
        if (rc) at_row(im, r, differs, rc);
        did = 1;
    }
    if (!rc) rc = apply_plan_row(im, r, r->id, &cur, &did);
    if (!rc && dry && !did) puts("  (无变化 / no change)");
    if (!rc && did) im->updated++;
    current_free(&cur);
    return rc;
}

/* A row without 问题编号: a new problem (with --allow-new). */
static int add_row(importer *im, const prow *r)
{
    cli_rect_w *w = im->w;
    if (!(im->flags & CLI_RECT_ALLOW_NEW))
        return at_row(im, r, KH_PC_ID,
                      kh_error_msg(&w->err, KH_ERR_INVALID, "id_missing",
                                   "没有问题编号:要把这一行登记为新问题,"
                                   "请加 --allow-new",
                                   "no problem number: to add this row as a "
                                   "new problem, give --allow-new"));
    static const int need[] = {KH_PC_REGION, KH_PC_SOURCE, KH_PC_CATEGORY,
                               KH_PC_TEXT};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!r->c[need[i]])
            return at_row(im, r, need[i],
                          kh_error_set(&w->err, KH_ERR_INVALID,
                                       "rectify_value", "新问题须填写“%s”",
                                       "a new problem needs '%s'",
                                       kh_plan_col_name(need[i])));
    const char *region = r->c[KH_PC_REGION];
    int rc = cli_rect_region_known(w->s, region, &w->err);
    if (rc) return at_row(im, r, KH_PC_REGION, rc);
    const char *cat, *src;
    rc = label_cell(im, r, KH_PC_CATEGORY, "problem_category",
                    "问题类别(见 [enum.problem_category])",
                    "category (see [enum.problem_category])", &cat);
    if (!rc)
        rc = label_cell(im, r, KH_PC_SOURCE, "problem_source",
                        "问题来源(见 [enum.problem_source])",
                        "source (see [enum.problem_source])", &src);
    if (rc) return rc;
    const char *date = r->c[KH_PC_DATE];
    if (date && !cli_rect_date_ok(date))
        return at_row(im, r, KH_PC_DATE,
                      cli_rect_bad(&w->err, "发现日期 (YYYY-MM-DD)",
                                   "date found (YYYY-MM-DD)", date));
    warn_row(im, r, kh_rect_warnings(date, NULL, NULL, w->today));
    if (!date) date = w->today;
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
    rc = kh_store_problem_add(w->s, &p, w->who, w->now, &id, &added, &w->err);
    if (rc) return at_row(im, r, KH_PC_TEXT, rc);
    im->added++;
    if (im->flags & CLI_RECT_DRY_RUN)
        printf("新问题(第 %ld 行):%s %s %s %d 年 “%s”\n", r->row, region,
               src, cat, year, r->c[KH_PC_TEXT]);
    current cur;
    memset(&cur, 0, sizeof cur);
    rc = kh_store_problem_get(w->s, id, read_current, &cur, &w->err);
    int did = 0;
    if (!rc) rc = apply_plan_row(im, r, id, &cur, &did);
    current_free(&cur);
    return rc;
}

int cli_rectify_import(const char *db, const char *file, const char *stdpath,
                       int flags)
{
    if (!file) return cli_usage("缺少要导入的文件", "missing the file");
    cli_rect_w w;
    if (cli_rect_open(db, stdpath, &w)) return CLI_FAIL;
    importer im = {.w = &w, .file = file, .flags = flags};
    for (int i = 0; i < KH_PC_COUNT; i++) im.at[i] = -1;
    kh_table *t = NULL;
    int rc = kh_table_open(file, &t, &w.err);
    const kh_row *r = NULL;
    /* title rows above the header: passed over, said once */
    long title = 0;
    kh_error tf;
    if (!rc)
        rc = kh_load_locate_header(t, w.std, KH_HDR_PLAN, file, &title, &tf,
                                   &w.err);
    if (!rc && title)
        fprintf(stderr, "kaohe: 警告:%s(物理行 %ld):%s(%s)\n"
                "kaohe: warning: %s (line %ld): %s (%s)\n",
                file, tf.line, tf.zh, tf.code, file, tf.line, tf.en, tf.code);
    if (!rc) rc = kh_table_next(t, &r, &w.err);
    if (!rc && !r)
        rc = kh_error_set(&w.err, KH_ERR_FORMAT, "empty_file",
                          "文件 %s 是空的", "%s is empty", file);
    if (!rc) rc = read_header(&im, r);
    while (!rc) {
        rc = kh_table_next(t, &r, &w.err);
        if (rc || !r) break;
        rc = keep_row(&im, r);
    }
    kh_table_free(t);
    /* Nothing is written before the whole sheet has been read and its
     * numbers checked; then each row in turn, in one transaction. */
    if (!rc) rc = check_duplicates(&im);
    for (size_t i = 0; !rc && i < im.n; i++)
        rc = im.rows[i].id ? update_row(&im, &im.rows[i])
                           : add_row(&im, &im.rows[i]);
    rows_free(&im);
    if (!rc && (flags & CLI_RECT_DRY_RUN)) {
        printf("试导入,未写入:将新增 %ld 个问题,更新 %ld 个 / dry run, "
               "nothing written: %ld new problems, %ld updated\n",
               im.added, im.updated, im.added, im.updated);
        kh_store_rollback(w.s);
        kh_store_close(w.s);
        kh_standard_free(w.std);
        return CLI_OK;
    }
    if (!rc)
        printf("导入完成:新增 %ld 个问题,更新 %ld 个 / imported: %ld new "
               "problems, %ld updated\n",
               im.added, im.updated, im.added, im.updated);
    return cli_rect_close(&w, rc);
}

/* ---- 整改台账 ---- */

int cli_rectify_ledger(const char *db, const char *region, const char *out)
{
    if (!out) return cli_usage("ledger 需要 -o FILE.xlsx",
                               "ledger needs -o FILE.xlsx");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    int t[3];
    cli_today(t);
    char today[11], now[32];
    kh_date_format(today, t[0], t[1], t[2]);
    cli_timestamp(now);
    kh_problem_filter f = {.region = region};
    int rc = kh_store_open(db, KH_STORE_READONLY, &s, &err);
    if (!rc)
        rc = kh_app_doc_ledger(s, &f, out, today, cli_who(), now, NULL, &err);
    kh_store_close(s);
    if (rc) return cli_report_error(&err);
    fprintf(stderr, "kaohe: 整改台账写入 %s / ledger written to %s\n", out,
            out);
    return CLI_OK;
}
