/* SPDX-License-Identifier: MIT */
/*
 * cli_rectify_io.c - sheets in and out of `kaohe rectify`: `import` (new
 * problems and plan updates from the sheet offices exchange, all or
 * nothing) and `ledger` (整改台账: the four lists — 问题清单, 责任清单,
 * 整改清单, 整改时限 — one sheet each).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_rectify.h"
#include "kaohe/date.h"
#include "kaohe/rect_ledger.h"
#include "kaohe/rectify.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"

/* The columns import understands (export writes them all). */
enum {
    C_ID, C_REGION, C_REGION_NAME, C_SOURCE, C_DATE, C_CATEGORY, C_TEXT,
    C_MEASURES, C_LEAD, C_UNITS, C_PERSON, C_DEADLINE, C_PROGRESS, C_STATUS,
    C_YEAR, NCOLS
};
static const char *const col_names[NCOLS] = {
    "问题编号", "行政区划代码", "区划名称", "来源",     "发现日期",
    "问题类别", "问题",         "整改措施", "牵头部门", "责任单位",
    "责任人",   "整改时限",     "进展",     "状态",     "年度"};

/* The current plan of a problem, to update only what the sheet changes. */
typedef struct current {
    char *measures, *lead, *units, *person, *deadline, *progress;
} current;

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int read_current(void *ctx, const kh_problem *p, kh_error *err)
{
    current *c = ctx;
    c->measures = dup_or_null(p->measures);
    c->lead = dup_or_null(p->lead_dept);
    c->units = dup_or_null(p->units);
    c->person = dup_or_null(p->person);
    c->deadline = dup_or_null(p->long_term ? "长期坚持" : p->deadline);
    c->progress = dup_or_null(p->progress);
    (void)err;
    return KH_OK;
}

static void current_free(current *c)
{
    free(c->measures);
    free(c->lead);
    free(c->units);
    free(c->person);
    free(c->deadline);
    free(c->progress);
}

/* A cell's value when it is not empty and differs from have. */
static const char *changed(const char *cell, const char *have)
{
    if (!cell || !cell[0]) return NULL;
    return have && !strcmp(cell, have) ? NULL : cell;
}

typedef struct importer {
    cli_rect_w *w;
    const char *file;
    int at[NCOLS]; /* column index of each known column, -1 absent */
    long added, updated;
} importer;

static const char *cell(const importer *im, const kh_row *r, int c)
{
    int i = im->at[c];
    if (i < 0 || (size_t)i >= r->n) return NULL;
    return r->cells[i].len ? r->cells[i].s : NULL;
}

static int at_cell(importer *im, const kh_row *r, int c, int rc)
{
    kh_error_at(&im->w->err, im->file, r->row, r->line, col_names[c]);
    return rc;
}

/* Plan and progress of problem id from the row's cells. */
static int apply_row(importer *im, const kh_row *r, long long id,
                     int *did)
{
    cli_rect_w *w = im->w;
    current cur = {0};
    int rc = kh_store_problem_get(w->s, id, read_current, &cur, &w->err);
    if (rc) {
        current_free(&cur);
        return at_cell(im, r, C_ID, rc);
    }
    kh_problem_plan pl = {0};
    pl.measures = changed(cell(im, r, C_MEASURES), cur.measures);
    pl.lead_dept = changed(cell(im, r, C_LEAD), cur.lead);
    pl.person = changed(cell(im, r, C_PERSON), cur.person);
    /* Dates as offices write them (kh_date_parse), kept as YYYY-MM-DD. */
    const char *dlc = cell(im, r, C_DEADLINE);
    char dl[11];
    if (dlc && kh_date_cell(dlc, strlen(dlc), dl) == 0) dlc = dl;
    pl.deadline = changed(dlc, cur.deadline);
    char ubuf[4096];
    const char *units[MAXLIST];
    const char *ucell = changed(cell(im, r, C_UNITS), cur.units);
    if (ucell) {
        int n = cli_rect_units(ucell, ubuf, sizeof ubuf, units);
        if (n < 0) {
            current_free(&cur);
            rc = kh_error_msg(&w->err, KH_ERR_INVALID, "rectify_value",
                              "责任单位过多(最多 32 个)",
                              "too many 责任单位 (at most 32)");
            return at_cell(im, r, C_UNITS, rc);
        }
        pl.units = units;
        pl.nunits = (size_t)n;
    }
    if (pl.deadline && strcmp(pl.deadline, "长期坚持") &&
        !cli_rect_date_ok(pl.deadline)) {
        current_free(&cur);
        rc = cli_rect_bad(&w->err, "整改时限(应为 YYYY-MM-DD 或 长期坚持)",
                          "deadline (YYYY-MM-DD or 长期坚持)", pl.deadline);
        return at_cell(im, r, C_DEADLINE, rc);
    }
    const char *progress = changed(cell(im, r, C_PROGRESS), cur.progress);
    current_free(&cur);
    if (pl.measures || pl.lead_dept || pl.person || pl.deadline || pl.units) {
        rc = kh_store_problem_act(w->s, id, KH_RA_PLAN, &pl, "导入 / import",
                                  w->who, w->now, w->checks, &w->err);
        if (rc) return at_cell(im, r, C_MEASURES, rc);
        *did = 1;
    }
    if (progress) {
        rc = kh_store_problem_act(w->s, id, KH_RA_PROGRESS, NULL, progress,
                                  w->who, w->now, w->checks, &w->err);
        if (rc) return at_cell(im, r, C_PROGRESS, rc);
        *did = 1;
    }
    return KH_OK;
}

static int import_row(importer *im, const kh_row *r)
{
    cli_rect_w *w = im->w;
    const char *idc = cell(im, r, C_ID);
    int did = 0;
    if (idc) {
        char *end;
        long long id = strtoll(idc, &end, 10);
        if (*end || id <= 0)
            return at_cell(im, r, C_ID,
                           cli_rect_bad(&w->err, "问题编号", "problem number",
                                        idc));
        int rc = apply_row(im, r, id, &did);
        if (!rc && did) im->updated++;
        return rc;
    }
    static const int need[] = {C_REGION, C_SOURCE, C_CATEGORY, C_TEXT};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!cell(im, r, need[i]))
            return at_cell(im, r, need[i],
                           kh_error_set(&w->err, KH_ERR_INVALID,
                                        "rectify_value",
                                        "新问题须填写“%s”",
                                        "a new problem needs '%s'",
                                        col_names[need[i]]));
    const char *region = cell(im, r, C_REGION);
    int rc = cli_rect_region_known(w->s, region, &w->err);
    if (rc) return at_cell(im, r, C_REGION, rc);
    const char *cat =
        cli_rect_label(w->std, "problem_category", cell(im, r, C_CATEGORY));
    if (!cat)
        return at_cell(im, r, C_CATEGORY,
                       cli_rect_bad(&w->err,
                                    "问题类别(见 [enum.problem_category])",
                                    "category (see [enum.problem_category])",
                                    cell(im, r, C_CATEGORY)));
    const char *src =
        cli_rect_label(w->std, "problem_source", cell(im, r, C_SOURCE));
    if (!src)
        return at_cell(im, r, C_SOURCE,
                       cli_rect_bad(&w->err,
                                    "问题来源(见 [enum.problem_source])",
                                    "source (see [enum.problem_source])",
                                    cell(im, r, C_SOURCE)));
    const char *date = cell(im, r, C_DATE);
    char found[11];
    if (date && kh_date_cell(date, strlen(date), found) == 0) date = found;
    if (date && !cli_rect_date_ok(date))
        return at_cell(im, r, C_DATE,
                       cli_rect_bad(&w->err, "发现日期 (YYYY-MM-DD)",
                                    "date found (YYYY-MM-DD)", date));
    if (!date) date = w->today;
    int year = atoi(date);
    const char *yc = cell(im, r, C_YEAR);
    if (yc) {
        char *end;
        long v = strtol(yc, &end, 10);
        if (*end || v < 2013 || v > 2100)
            return at_cell(im, r, C_YEAR,
                           cli_rect_bad(&w->err, "年度", "year", yc));
        year = (int)v;
    }
    kh_problem_new p = {.year = year,
                        .region = region,
                        .source = src,
                        .found_on = date,
                        .category = cat,
                        .text = cell(im, r, C_TEXT)};
    long long id;
    int added;
    rc = kh_store_problem_add(w->s, &p, w->who, w->now, &id, &added, &w->err);
    if (rc) return at_cell(im, r, C_TEXT, rc);
    im->added++;
    return apply_row(im, r, id, &did);
}

int cli_rectify_import(const char *db, const char *file, const char *stdpath)
{
    if (!file) return cli_usage("缺少要导入的文件", "missing the file");
    cli_rect_w w;
    if (cli_rect_open(db, stdpath, &w)) return CLI_FAIL;
    importer im = {.w = &w, .file = file};
    for (int i = 0; i < NCOLS; i++) im.at[i] = -1;
    kh_table *t = NULL;
    int rc = kh_table_open(file, &t, &w.err);
    const kh_row *r = NULL;
    if (!rc) rc = kh_table_next(t, &r, &w.err);
    if (!rc && !r)
        rc = kh_error_set(&w.err, KH_ERR_FORMAT, "empty_file",
                          "文件 %s 是空的", "%s is empty", file);
    if (!rc) {
        for (size_t c = 0; c < r->n; c++)
            for (int k = 0; k < NCOLS; k++)
                if (!strcmp(r->cells[c].s, col_names[k]) && im.at[k] < 0)
                    im.at[k] = (int)c;
        if (im.at[C_ID] < 0 && im.at[C_TEXT] < 0)
            rc = kh_error_set(&w.err, KH_ERR_FORMAT, "header_missing",
                              "%s 缺少“问题编号”或“问题”列",
                              "%s has neither a 问题编号 nor a 问题 column",
                              file);
    }
    while (!rc) {
        rc = kh_table_next(t, &r, &w.err);
        if (rc || !r) break;
        rc = import_row(&im, r);
    }
    kh_table_free(t);
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
        rc = kh_rect_ledger_xlsx(s, &f, out, today, cli_who(), now, NULL, &err);
    kh_store_close(s);
    if (rc) return cli_report_error(&err);
    fprintf(stderr, "kaohe: 整改台账写入 %s / ledger written to %s\n", out,
            out);
    return CLI_OK;
}
