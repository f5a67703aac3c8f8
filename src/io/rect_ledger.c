/* SPDX-License-Identifier: MIT */
/*
 * rect_ledger.c - the 整改台账 as XLSX (include/kaohe/rect_ledger.h): the
 * four lists — 问题清单, 责任清单, 整改清单, 整改时限 — one sheet each, each
 * with a title row and a frozen header, ending with how many problems,
 * who made it and when. The 整改清单 keeps who asked for the 销号, who
 * did it and when, also once the problem is closed, and the latest
 * recheck of the problem's indicator (the run, its date, the value
 * before and after, the verdict).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/documents.h"
#include "kaohe/fmt.h"
#include "kaohe/indicators.h"
#include "kaohe/rect_ledger.h"
#include "kaohe/tabwriter.h"

static const char *nz(const char *s) { return s ? s : ""; }

/* The date part of a timestamp. */
static void day(const char *ts, char out[11])
{
    snprintf(out, 11, "%.10s", ts ? ts : "");
}

static int ledger_row(kh_tabwriter *tw, int sheet, const kh_doc_ctx *c,
                      const kh_problem_rows *r, size_t i, kh_error *err)
{
    const kh_problem *p = &r->p[i];
    const kh_problem_close *cl = r->close ? &r->close[i] : NULL;
    char id[24], val[160] = "", ev[24], left[24] = "", ind[200] = "",
         found[11], closed[11] = "";
    snprintf(id, sizeof id, "%lld", p->id);
    day(p->found_on, found);
    const char *deadline = p->long_term ? "长期坚持" : nz(p->deadline);
    int shown = kh_problem_shown(p, c->today);
    const char *name = p->region_name ? p->region_name : p->region;
    switch (sheet) {
    case 0: {
        if (p->indicator && p->value_den > 1 &&
            kh_indicator_label(p->indicator, ind, sizeof ind, NULL, NULL)) {
            char a[48], b[48], pc[48];
            kh_fmt_pct(p->value_num, p->value_den, 2, pc, sizeof pc);
            kh_fmt_int(p->value_num, a, sizeof a);
            kh_fmt_int(p->value_den, b, sizeof b);
            snprintf(val, sizeof val, "%s（%s/%s）", pc, a, b);
        }
        const char *cells[] = {id, p->region, name, p->source, found,
                               p->category, p->text, ind, val};
        return kh_tabwriter_row(tw, cells, "nsssdssss", 9, err);
    }
    case 1: {
        const char *cells[] = {id, name, p->text, p->lead_dept, p->units,
                               p->person};
        return kh_tabwriter_row(tw, cells, "nsssss", 6, err);
    }
    case 2: {
        snprintf(ev, sizeof ev, "%ld", p->evidence);
        if (cl && cl->verified_at && p->status == KH_RS_CLOSED)
            day(cl->verified_at, closed);
        const char *asked = p->requested_by ? p->requested_by
                            : cl ? cl->requested_by : NULL;
        /* the latest recheck: the run, its date, before → after */
        kh_recheck_words k;
        char kday[11] = "";
        if (kh_recheck_words_of(p, &k)) day(p->recheck.at, kday);
        const char *cells[] = {id,
                               name,
                               p->text,
                               p->measures,
                               p->progress,
                               kh_rect_status_zh(shown),
                               ev,
                               asked,
                               p->status == KH_RS_CLOSED && cl ? cl->verified_by
                                                               : NULL,
                               closed,
                               k.run,
                               kday,
                               k.before,
                               k.after,
                               k.verdict};
        return kh_tabwriter_row(tw, cells, "nsssssnssdsdsss", 15, err);
    }
    default: {
        if (!p->long_term && p->deadline && p->status != KH_RS_CLOSED) {
            int y, m, d, ty, tm, td;
            if (!kh_date_parse(p->deadline, 10, &y, &m, &d) &&
                !kh_date_parse(c->today, 10, &ty, &tm, &td))
                snprintf(left, sizeof left, "%ld",
                         kh_date_days(y, m, d) - kh_date_days(ty, tm, td));
        }
        const char *cells[] = {id,
                               name,
                               p->text,
                               p->stage_start[0],
                               p->stage_start[1],
                               p->stage_start[2],
                               deadline,
                               kh_rect_status_zh(shown),
                               left};
        return kh_tabwriter_row(tw, cells, "nsssdddsn", 9, err);
    }
    }
}

int kh_rect_ledger_write(const kh_doc_ctx *c, const kh_problem_rows *rows,
                         const char *path, kh_error *err)
{
    static const char *const sheets[] = {"问题清单", "责任清单", "整改清单",
                                         "整改时限"};
    static const char *const h0[] = {"问题编号", "行政区划代码", "区划名称",
                                     "来源",     "发现日期",     "问题类别",
                                     "问题",     "依据指标",     "发现时的数值"};
    static const char *const h1[] = {"问题编号", "区划名称", "问题",
                                     "牵头部门", "责任单位", "责任人"};
    static const char *const h2[] = {"问题编号",   "区划名称", "问题",
                                     "整改措施",   "进展",     "状态",
                                     "佐证材料数", "销号申请人", "销号人",
                                     "销号日期", "最近复核", "复核日期",
                                     "整改前",   "复核后",   "复核结论"};
    static const char *const h3[] = {"问题编号", "区划名称", "问题",
                                     "制定方案", "集中整改", "督导整改",
                                     "整改时限", "状态",     "剩余天数"};
    static const char *const *const heads[] = {h0, h1, h2, h3};
    static const size_t nheads[] = {9, 6, 15, 9};
    static const double w0[] = {9, 14, 14, 8, 12, 18, 50, 24, 22};
    static const double w1[] = {9, 14, 50, 18, 30, 12};
    static const double w2[] = {9,  14, 44, 44, 30, 10, 10, 12,
                                12, 12, 26, 12, 20, 20, 16};
    static const double w3[] = {9, 14, 50, 12, 12, 12, 12, 10, 10};
    static const double *const widths[] = {w0, w1, w2, w3};
    kh_tabwriter *tw = NULL;
    int rc = kh_tabwriter_open(path, KH_TAB_XLSX, 0, &tw, err);
    char title[400];
    for (int k = 0; !rc && k < 4; k++) {
        rc = kh_tabwriter_sheet(tw, sheets[k], err);
        for (size_t i = 0; i < nheads[k]; i++)
            kh_tabwriter_width(tw, i, widths[k][i]);
        snprintf(title, sizeof title, "%s整改台账：%s", c->region_name,
                 sheets[k]);
        const char *t[] = {title};
        if (!rc) rc = kh_tabwriter_row(tw, t, "h", 1, err);
        char types[16];
        memset(types, 'h', nheads[k]);
        types[nheads[k]] = '\0';
        if (!rc) rc = kh_tabwriter_row(tw, heads[k], types, nheads[k], err);
        kh_tabwriter_freeze(tw, 2, 0);
        for (size_t i = 0; !rc && i < rows->n; i++)
            rc = ledger_row(tw, k, c, rows, i, err);
        char foot[400];
        snprintf(foot, sizeof foot, "共 %zu 条　制表：%s　制表时间：%s", rows->n,
                 c->who, c->when);
        const char *fc[] = {foot};
        if (!rc) rc = kh_tabwriter_row(tw, NULL, NULL, 0, err);
        if (!rc) rc = kh_tabwriter_row(tw, fc, "s", 1, err);
    }
    if (rc) {
        kh_tabwriter_free(tw);
        return rc;
    }
    return kh_tabwriter_close(tw, err);
}
