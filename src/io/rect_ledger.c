/* SPDX-License-Identifier: MIT */
/*
 * rect_ledger.c - the 整改台账 as XLSX (include/kaohe/rect_ledger.h): the
 * four lists — 问题清单, 责任清单, 整改清单, 整改时限 — one sheet each, each
 * ending with how many problems, who made it and when. For `kaohe rectify
 * ledger` and GET /api/reports/ledger.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/rect_ledger.h"
#include "kaohe/tabwriter.h"

typedef struct ledger {
    kh_tabwriter *tw;
    int sheet;
    char today[11];
    long n;
} ledger;

static const char *nz(const char *s) { return s ? s : ""; }

static int ledger_row(void *ctx, const kh_problem *p, kh_error *err)
{
    ledger *l = ctx;
    char id[24], val[64], ev[24], left[24] = "";
    snprintf(id, sizeof id, "%lld", p->id);
    const char *deadline = p->long_term ? "长期坚持" : nz(p->deadline);
    int shown =
        kh_problem_shown(p, l->today);
    const char *name = p->region_name ? p->region_name : p->region;
    l->n++;
    switch (l->sheet) {
    case 0: {
        if (p->indicator)
            snprintf(val, sizeof val, "%lld/%lld", p->value_num,
                     p->value_den);
        else
            val[0] = '\0';
        const char *c[] = {id,          p->region,  name,  p->source,
                           p->found_on, p->category, p->text,
                           p->indicator, val,        p->rule};
        return kh_tabwriter_row(l->tw, c, "nsssssssss", 10, err);
    }
    case 1: {
        const char *c[] = {id,           name,     p->text,
                           p->lead_dept, p->units, p->person};
        return kh_tabwriter_row(l->tw, c, "nsssss", 6, err);
    }
    case 2: {
        snprintf(ev, sizeof ev, "%ld", p->evidence);
        const char *c[] = {id,          name,
                           p->text,     p->measures,
                           p->progress, kh_rect_status_zh(shown),
                           ev,          p->requested_by};
        return kh_tabwriter_row(l->tw, c, "nsssssns", 8, err);
    }
    default: {
        if (!p->long_term && p->deadline && p->status != KH_RS_CLOSED) {
            int y, m, d, ty, tm, td;
            if (!kh_date_parse(p->deadline, 10, &y, &m, &d) &&
                !kh_date_parse(l->today, 10, &ty, &tm, &td))
                snprintf(left, sizeof left, "%ld",
                         kh_date_days(y, m, d) - kh_date_days(ty, tm, td));
        }
        const char *c[] = {id,
                           name,
                           p->text,
                           p->stage_start[0],
                           p->stage_start[1],
                           p->stage_start[2],
                           deadline,
                           kh_rect_status_zh(shown),
                           left};
        return kh_tabwriter_row(l->tw, c, "nssssssss", 9, err);
    }
    }
}

int kh_rect_ledger_xlsx(kh_store *s, const kh_problem_filter *f,
                        const char *path, const char *today, const char *who,
                        const char *now, long *count, kh_error *err)
{
    static const char *const sheets[] = {"问题清单", "责任清单", "整改清单",
                                         "整改时限"};
    static const char *const h0[] = {"问题编号", "行政区划代码", "区划名称",
                                     "来源",     "发现日期",     "问题类别",
                                     "问题",     "依据指标",     "指标值",
                                     "阈值"};
    static const char *const h1[] = {"问题编号", "区划名称", "问题",
                                     "牵头部门", "责任单位", "责任人"};
    static const char *const h2[] = {"问题编号", "区划名称", "问题",
                                     "整改措施", "进展",     "状态",
                                     "佐证材料数", "销号申请人"};
    static const char *const h3[] = {"问题编号", "区划名称", "问题",
                                     "制定方案", "集中整改", "督导整改",
                                     "整改时限", "状态",     "剩余天数"};
    static const char *const *const heads[] = {h0, h1, h2, h3};
    static const size_t nheads[] = {10, 6, 8, 9};
    static const double wide[] = {8, 14, 50, 16, 16, 16, 16, 12, 10, 10};
    ledger l = {0};
    snprintf(l.today, sizeof l.today, "%s", today);
    int rc = kh_tabwriter_open(path, KH_TAB_XLSX, 0, &l.tw, err);
    for (int k = 0; !rc && k < 4; k++) {
        l.sheet = k;
        l.n = 0;
        rc = kh_tabwriter_sheet(l.tw, sheets[k], err);
        for (size_t i = 0; i < nheads[k]; i++)
            kh_tabwriter_width(l.tw, i, k == 0 ? wide[i] : i == 2 ? 50 : 14);
        char types[16];
        memset(types, 'h', nheads[k]);
        types[nheads[k]] = '\0';
        if (!rc) rc = kh_tabwriter_row(l.tw, heads[k], types, nheads[k], err);
        if (!rc) rc = kh_store_problems_each(s, f, ledger_row, &l, err);
        char foot[300];
        snprintf(foot, sizeof foot, "共 %ld 条  制表:%s  制表时间:%s", l.n,
                 who, now);
        const char *fc[] = {foot};
        if (!rc) rc = kh_tabwriter_row(l.tw, NULL, NULL, 0, err);
        if (!rc) rc = kh_tabwriter_row(l.tw, fc, "s", 1, err);
    }
    if (rc)
        kh_tabwriter_free(l.tw);
    else
        rc = kh_tabwriter_close(l.tw, err);
    if (count) *count = rc ? 0 : l.n;
    return rc;
}
