/* SPDX-License-Identifier: MIT */
/*
 * assess_report.c - the 考核报告 of one region (include/kaohe/
 * assess_report.h): the central method's 基本情况, 指标分析, 存在问题,
 * 综合评价 and 处理建议, every item said in words (kaohe/label.h), laid
 * out by kaohe/doc.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/assess_report.h"
#include "kaohe/buf.h"
#include "kaohe/doc.h"
#include "kaohe/fmt.h"
#include "kaohe/indicators.h"
#include "kaohe/label.h"
#include "kaohe/registry.h"

static const char *const cn[] = {"一", "二", "三", "四", "五", "六", "七",
                                 "八", "九", "十"};

static int write_report(kh_doc *d, const kh_doc_ctx *c, const kh_assessment *a,
                        const kh_assess_region *r, size_t nassessed,
                        const kh_problem_rows *pr, long long fnum,
                        long long fden, kh_error *err)
{
    const kh_scheme *sc = r->scheme;
    const char *lv = kh_level_name(a->level);
    kh_buf b = KH_BUF_INIT;
    char title[300], tot[32], pts[32], mx[32];
    snprintf(title, sizeof title, "%s%d年度扶贫开发工作成效考核报告", r->name,
             a->year);
    int rc = kh_doc_title(d, title, NULL, err);
    kh_label_points(r->total, tot, sizeof tot);
    /* 一、基本情况 */
    if (!rc) rc = kh_doc_heading(d, "一、基本情况", err);
    char method[400];
    kh_label_zh_punct(sc->title ? sc->title : "考核办法", method, sizeof method);
    if (!rc)
        rc = kh_buf_printf(&b, "根据《%s》，对%s%d年度扶贫开发工作成效进行了考核",
                           method, r->name, a->year);
    if (!rc && sc->nsteps) {
        rc = kh_buf_adds(&b, "，考核经");
        for (size_t i = 0; !rc && i < sc->nsteps; i++)
            rc = kh_buf_printf(&b, "%s%s", i ? "、" : "", sc->steps[i]);
        if (!rc) rc = kh_buf_adds(&b, "等环节");
    }
    if (!rc) rc = kh_buf_adds(&b, "。");
    if (!rc && c->has_basics) {
        const kh_region_basics *g = &c->basics;
        char hh[32], pp[32], ph[32], p2[32], ru[32], inc[48];
        kh_fmt_int(g->households, hh, sizeof hh);
        kh_fmt_int(g->persons, pp, sizeof pp);
        kh_fmt_int(g->poor_households, ph, sizeof ph);
        kh_fmt_int(g->poor_persons, p2, sizeof p2);
        kh_fmt_int(g->rural_pop, ru, sizeof ru);
        kh_fmt_pct(g->poor_persons, g->rural_pop, 2, inc, sizeof inc);
        rc = kh_buf_printf(&b,
                           "%s%d年有建档立卡贫困户 %s 户 %s 人，其中未脱贫（含返贫）"
                           "%s 户 %s 人",
                           r->name, c->year, hh, pp, ph, p2);
        if (!rc && g->rural_pop > 0)
            rc = kh_buf_printf(&b, "，贫困发生率 %s（%s/%s）", inc, p2, ru);
        if (!rc) rc = kh_buf_adds(&b, "。");
    }
    if (!rc) rc = kh_doc_para(d, b.data, err);
    /* 二、指标分析 */
    if (!rc) rc = kh_doc_heading(d, "二、指标分析", err);
    static const kh_doc_col cols[] = {{"考核项目", 0, 's'}, {"数值", 2, 's'},
                                      {"得分", 2, 'n'},    {"满分", 2, 'n'}};
    int top = 0;
    for (size_t i = 0; !rc && i < sc->nitems; i++) {
        const kh_scheme_item *it = &sc->items[i];
        if (it->parent >= 0) continue;
        kh_label_points(r->items[i].points, pts, sizeof pts);
        kh_label_points(it->max, mx, sizeof mx);
        kh_buf_reset(&b);
        if (it->adjust)
            rc = kh_buf_printf(&b, "（%s）%s：得 %s 分（可加减分项）。",
                               top < 10 ? cn[top] : "…", it->path, pts);
        else
            rc = kh_buf_printf(&b, "（%s）%s：得 %s 分（满分 %s 分）。",
                               top < 10 ? cn[top] : "…", it->path, pts, mx);
        top++;
        if (!rc) rc = kh_doc_subheading(d, b.data, err);
        int k = 0;
        for (size_t j = 0; !rc && j < sc->nitems; j++) {
            const kh_scheme_item *x = &sc->items[j];
            if (x->nchildren || x->src == KH_SRC_NONE) continue;
            /* the leaves under item i */
            int under = 0;
            for (int p = (int)j; p >= 0; p = sc->items[p].parent)
                if (p == (int)i) under = 1;
            if (!under) continue;
            char what[200], val[160], rule[700];
            kh_label_source(sc, x, what, sizeof what);
            kh_label_item_value(sc, x, r->items[j].has_value, r->items[j].value,
                                val, sizeof val);
            if (kh_label_rule_words(sc, x, rule, sizeof rule)) rule[0] = '\0';
            kh_label_points(r->items[j].points, pts, sizeof pts);
            kh_label_points(x->max, mx, sizeof mx);
            char range[96];
            if (x->adjust) {
                char lo[32];
                kh_label_points(x->min, lo, sizeof lo);
                snprintf(range, sizeof range, "本项 %s 至 %s 分", lo, mx);
            } else {
                snprintf(range, sizeof range, "满分 %s 分", mx);
            }
            kh_buf_reset(&b);
            rc = kh_buf_printf(&b, "%d．%s：%s为 %s，得 %s 分（%s）。计分规则：%s。",
                               ++k, x->name, what, val, pts, range, rule);
            if (!rc) rc = kh_doc_para(d, b.data, err);
        }
    }
    if (!rc) rc = kh_doc_table(d, "各项得分", cols, 4, err);
    for (size_t j = 0; !rc && j < sc->nitems; j++) {
        const kh_scheme_item *x = &sc->items[j];
        if (x->nchildren || x->src == KH_SRC_NONE) continue;
        char val[160];
        kh_label_item_value(sc, x, r->items[j].has_value, r->items[j].value,
                                val, sizeof val);
        kh_points_format(r->items[j].points, pts, sizeof pts);
        kh_points_format(x->max, mx, sizeof mx);
        const char *cells[] = {x->path, val, pts, x->adjust ? "" : mx};
        rc = kh_doc_row(d, cells, err);
    }
    /* 三、存在问题 */
    if (!rc) rc = kh_doc_heading(d, "三、存在问题", err);
    int np = 0;
    for (size_t j = 0; !rc && j < sc->nitems; j++) {
        const kh_scheme_item *x = &sc->items[j];
        if (x->nchildren || x->adjust || x->max <= 0 || x->src == KH_SRC_NONE)
            continue;
        long long got = r->items[j].points;
        if ((__int128)got * fden >= (__int128)fnum * x->max) continue;
        char what[200], val[160], cmp[160];
        kh_label_source(sc, x, what, sizeof what);
        kh_label_item_value(sc, x, r->items[j].has_value, r->items[j].value,
                                val, sizeof val);
        kh_fmt_rate_cmp(got, x->max, fnum, fden, 0, cmp, sizeof cmp);
        kh_label_points(got, pts, sizeof pts);
        kh_label_points(x->max, mx, sizeof mx);
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "%d．%s偏低：%s为 %s，得 %s 分（满分 %s 分），"
                               "得分率为 %s。",
                           ++np, x->name, what, val, pts, mx, cmp);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    for (size_t v = 0; !rc && v < r->nvetoes; v++) {
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "%d．出现否决情形“%s”（%s）。", ++np,
                           kh_label_veto(sc, r->vetoes[v].code),
                           r->vetoes[v].why ? r->vetoes[v].why : "");
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    if (!rc && pr && pr->n) {
        kh_buf_reset(&b);
        long closed = 0;
        for (size_t i = 0; i < pr->n; i++) closed += pr->p[i].status == KH_RS_CLOSED;
        rc = kh_buf_printf(&b, "%d．问题清单中列有本地区问题 %zu 个，已整改销号 %ld 个。",
                           ++np, pr->n, closed);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    if (!rc && !np) rc = kh_doc_para(d, "本次考核未发现明显问题。", err);
    /* 四、综合评价 */
    if (!rc) rc = kh_doc_heading(d, "四、综合评价", err);
    kh_buf_reset(&b);
    if (!rc)
        rc = kh_buf_printf(&b, "%s%d年度扶贫开发工作成效考核综合得分 %s 分，在参加考核的 "
                               "%zu 个%s中排第 %d 名，考核等次为“%s”",
                           r->name, a->year, tot, nassessed, lv, r->rank, r->grade);
    if (!rc && strcmp(r->grade, r->grade_before))
        rc = kh_buf_printf(&b, "（按得分为“%s”，因否决情形调整）", r->grade_before);
    if (!rc) rc = kh_buf_adds(&b, "。");
    int full = 0;
    for (size_t j = 0; !rc && j < sc->nitems; j++) {
        const kh_scheme_item *x = &sc->items[j];
        if (x->nchildren || x->adjust || x->max <= 0 || x->src == KH_SRC_NONE)
            continue;
        if (r->items[j].points < x->max) continue;
        rc = kh_buf_printf(&b, "%s%s", full ? "、" : "得满分的项目有：", x->name);
        full++;
    }
    if (!rc && full) rc = kh_buf_adds(&b, "。");
    if (!rc) rc = kh_doc_para(d, b.data, err);
    /* 五、处理建议 */
    if (!rc) rc = kh_doc_heading(d, "五、处理建议", err);
    int ns = 0;
    for (size_t v = 0; !rc && v < r->nvetoes; v++) {
        char cons[300];
        kh_label_consequence(r->vetoes[v].consequence, cons, sizeof cons);
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "%d．因出现否决情形“%s”，建议按考核办法予以%s。", ++ns,
                           kh_label_veto(sc, r->vetoes[v].code), cons);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    if (!rc && np) {
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "%d．对上述存在问题，建议列入问题清单，明确牵头部门、"
                               "责任单位和整改时限，限期整改销号。", ++ns);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    if (!rc && !ns) rc = kh_doc_para(d, "建议保持现有工作力度，巩固脱贫成果。", err);
    if (!rc) rc = kh_doc_sign(d, c, 1, err);
    kh_buf_free(&b);
    if (rc && !err->status) kh_error_nomem(err);
    return rc;
}

typedef struct report_args {
    const kh_doc_ctx *c;
    const kh_assessment *a;
    const kh_assess_region *r;
    size_t n;
    const kh_problem_rows *problems;
    long long fnum, fden;
} report_args;

static int report_body(kh_doc *d, void *ctx, kh_error *err)
{
    const report_args *x = ctx;
    return write_report(d, x->c, x->a, x->r, x->n, x->problems, x->fnum,
                        x->fden, err);
}

int kh_assess_report_write(const kh_doc_ctx *c, const kh_assessment *a,
                           const char *region, const kh_problem_rows *problems,
                           long long fail_num, long long fail_den, int format,
                           const char *path, kh_error *err)
{
    const kh_assess_region *r = NULL;
    size_t n = 0;
    for (size_t i = 0; i < a->nregions; i++)
        if (a->regions[i].scheme == a->scheme) {
            n++;
            if (!strcmp(a->regions[i].code, region)) r = &a->regions[i];
        }
    if (!r)
        return kh_error_set(err, KH_ERR_NOTFOUND, "region_not_assessed",
                            "区划 %s 不在这次考核之中",
                            "region %s was not assessed in this run", region);
    report_args x = {c, a, r, n, problems, fail_num, fail_den};
    char title[300];
    snprintf(title, sizeof title, "%s考核报告", r->name);
    return kh_doc_publish("考核报告", title, c, format, path, report_body,
                           &x, err);
}
