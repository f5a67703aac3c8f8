/* SPDX-License-Identifier: MIT */
/*
 * rect_export.c - the problem list as XLSX or CSV
 * (include/kaohe/rect_export.h): 问题编号, region, source, date, category,
 * the problem, its plan, progress and status shown — the sheet `kaohe
 * rectify import` reads back. The problems come in as rows
 * (src/app/documents.c reads them). For `kaohe rectify export` and
 * GET /api/reports/problems.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/encoding.h"
#include "kaohe/rect_export.h"
#include "kaohe/tabwriter.h"

static const char *const plan_cols[] = {
    "问题编号", "行政区划代码", "区划名称", "来源",     "发现日期",
    "问题类别", "问题",         "整改措施", "牵头部门", "责任单位",
    "责任人",   "整改时限",     "进展",     "状态",     "执纪问责",
    "长效机制"};
#define NPLAN (sizeof plan_cols / sizeof plan_cols[0])

static const char *nz(const char *s) { return s ? s : ""; }

int kh_rect_export_keep(const kh_rect_export_opts *o, const kh_problem *p,
                        int *shown)
{
    int sh = kh_problem_shown(p, o->today);
    if (shown) *shown = sh;
    if (o->status_shown >= 0 && sh != o->status_shown) return 0;
    if (o->overdue && sh != KH_RS_OVERDUE) return 0;
    if (o->due_by && o->due_by[0]) {
        if (p->status != KH_RS_TODO && p->status != KH_RS_DOING) return 0;
        if (p->long_term || !p->deadline || strcmp(p->deadline, o->due_by) > 0)
            return 0;
    }
    return 1;
}

typedef struct exporter {
    const kh_rect_export_opts *o;
    kh_tabwriter *tw;
    long n;
} exporter;

static int export_row(exporter *x, const kh_problem *p, kh_error *err)
{
    int shown;
    if (!kh_rect_export_keep(x->o, p, &shown)) return KH_OK;
    x->n++;
    const char *deadline = p->long_term ? "长期坚持" : nz(p->deadline);
    char id[24];
    snprintf(id, sizeof id, "%lld", p->id);
    const char *cells[NPLAN] = {id,
                                p->region,
                                p->region_name,
                                p->source,
                                p->found_on,
                                p->category,
                                p->text,
                                p->measures,
                                p->lead_dept,
                                p->units,
                                p->person,
                                deadline,
                                p->progress,
                                kh_rect_status_zh(shown),
                                p->accountability,
                                p->mechanism};
    return kh_tabwriter_row(x->tw, cells, "nsssssssssssssss", NPLAN, err);
}

int kh_rect_export_write(const kh_problem_rows *rows,
                         const kh_rect_export_opts *o, int format,
                         const char *path, long *count, kh_error *err)
{
    exporter x = {.o = o};
    if (count) *count = 0;
    int rc = kh_tabwriter_open(path, format, KH_ENC_UTF8, &x.tw, err);
    if (!rc) rc = kh_tabwriter_sheet(x.tw, "整改清单", err);
    if (!rc) {
        static const double widths[NPLAN] = {8,  14, 12, 8,  11, 16, 50,
                                             50, 16, 24, 10, 12, 40, 10};
        for (size_t i = 0; i < NPLAN; i++)
            kh_tabwriter_width(x.tw, i, widths[i]);
        char types[NPLAN + 1];
        memset(types, 'h', NPLAN);
        types[NPLAN] = '\0';
        rc = kh_tabwriter_row(x.tw, plan_cols, types, NPLAN, err);
        kh_tabwriter_freeze(x.tw, 1, 0);
    }
    for (size_t i = 0; !rc && i < rows->n; i++)
        rc = export_row(&x, &rows->p[i], err);
    if (!rc && o->who && format == KH_TAB_XLSX) {
        char foot[400];
        snprintf(foot, sizeof foot, "共 %ld 条　制表：%s　制表时间：%s", x.n,
                 o->who, o->when ? o->when : "");
        const char *c[] = {foot};
        rc = kh_tabwriter_sheet(x.tw, "制表", err);
        kh_tabwriter_width(x.tw, 0, 60);
        if (!rc) rc = kh_tabwriter_row(x.tw, c, "s", 1, err);
    }
    if (x.tw) {
        if (rc)
            kh_tabwriter_free(x.tw);
        else
            rc = kh_tabwriter_close(x.tw, err);
    }
    if (!rc && count) *count = x.n;
    return rc;
}
