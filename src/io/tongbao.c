/* SPDX-License-Identifier: MIT */
/*
 * tongbao.c - the 考核通报 of a stored assessment as PDF
 * (include/kaohe/tongbao.h): the ranking with totals, grades and vetoes, a
 * bar chart of the totals, the grades, each veto with the condition that
 * held and its consequence, the points of the main items, and what
 * follows (沟通反馈, 整改). For `kaohe report tongbao` and the HTTP API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/pdf.h"
#include "kaohe/registry.h"
#include "kaohe/tongbao.h"

/* The regions the scheme assessed, best rank first. */
static int by_rank(const void *a, const void *b)
{
    const kh_assess_region *x = *(kh_assess_region *const *)a,
                           *y = *(kh_assess_region *const *)b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return strcmp(x->code, y->code);
}

static const kh_scheme_veto *veto_of(const kh_scheme *s, const char *code)
{
    for (size_t i = 0; i < s->nvetoes; i++)
        if (!strcmp(s->vetoes[i].code, code)) return &s->vetoes[i];
    return NULL;
}

static int write_tongbao(kh_pdf *d, const kh_assessment *a,
                         kh_assess_region **rs, size_t n, kh_error *err)
{
    const kh_scheme *sc = a->scheme;
    char title[256], sub[256], pts[32];
    kh_buf b = KH_BUF_INIT;
    snprintf(title, sizeof title, "关于%d年度%s级扶贫开发工作成效考核结果的通报",
             a->year, kh_level_name(a->level));
    snprintf(sub, sizeof sub, "(%s 第 %d 版,%.10s)", sc->name, a->version,
             a->run_at);
    int rc = kh_pdf_title(d, title, sub, err);
    /* the opening: method, steps */
    if (!rc) rc = kh_buf_printf(&b, "根据《%s》", sc->title ? sc->title : sc->name);
    if (!rc && sc->nsteps) {
        rc = kh_buf_adds(&b, ",经");
        for (size_t i = 0; !rc && i < sc->nsteps; i++)
            rc = kh_buf_printf(&b, "%s%s", i ? "、" : "", sc->steps[i]);
        if (!rc) rc = kh_buf_adds(&b, "等环节");
    }
    if (!rc)
        rc = kh_buf_printf(&b,
                           ",对 %zu 个%s %d 年度扶贫开发工作成效进行了考核。"
                           "现将考核结果通报如下。",
                           n, kh_level_name(a->level), a->year);
    if (!rc) rc = kh_pdf_text(d, KH_PDF_BODY, KH_PDF_INDENT, b.data, err);
    /* 一、考核结果 */
    if (!rc) rc = kh_pdf_heading(d, "一、考核结果", err);
    static const kh_pdf_col cols[] = {{"名次", 8, KH_PDF_CENTER, 0},
                                      {"地区", 16, KH_PDF_LEFT, 0},
                                      {"总分", 12, KH_PDF_RIGHT, 0},
                                      {"等次", 12, KH_PDF_CENTER, 0},
                                      {"否决情形", 40, KH_PDF_LEFT, 0}};
    kh_pdf_table *t = NULL;
    if (!rc) rc = kh_pdf_table_begin(d, cols, 5, 1, &t, err);
    for (size_t i = 0; !rc && i < n; i++) {
        const kh_assess_region *r = rs[i];
        char rank[16], grade[96];
        snprintf(rank, sizeof rank, "%d", r->rank);
        kh_points_format(r->total, pts, sizeof pts);
        if (strcmp(r->grade, r->grade_before))
            snprintf(grade, sizeof grade, "%s(按分数为%s)", r->grade,
                     r->grade_before);
        else
            snprintf(grade, sizeof grade, "%s", r->grade);
        kh_buf_reset(&b);
        for (size_t v = 0; !rc && v < r->nvetoes; v++) {
            const kh_scheme_veto *sv = veto_of(r->scheme, r->vetoes[v].code);
            rc = kh_buf_printf(&b, "%s%s", v ? ";" : "",
                               sv && sv->label ? sv->label : r->vetoes[v].code);
        }
        const char *cells[] = {rank, r->name, pts, grade,
                               b.len ? b.data : "无"};
        if (!rc) rc = kh_pdf_table_row(t, cells, 5, NULL, err);
    }
    kh_pdf_table_end(t);
    /* the chart */
    kh_pdf_bar *bars = calloc(n ? n : 1, sizeof *bars);
    char (*texts)[32] = calloc(n ? n : 1, sizeof *texts);
    if (!rc && (!bars || !texts))
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        kh_points_format(rs[i]->total, texts[i], sizeof texts[i]);
        bars[i].label = rs[i]->name;
        bars[i].value = rs[i]->total > 0 ? (double)rs[i]->total / 100.0 : 0;
        bars[i].text = texts[i];
    }
    if (!rc) kh_pdf_space(d, 4);
    if (!rc) rc = kh_pdf_bars(d, "综合得分", "分", bars, n, err);
    free(bars);
    free(texts);
    /* 二、等次 */
    if (!rc) rc = kh_pdf_heading(d, "二、等次分布", err);
    kh_buf_reset(&b);
    for (size_t g = 0; !rc && g < sc->ngrades; g++) {
        size_t c = 0;
        for (size_t i = 0; i < n; i++) c += !strcmp(rs[i]->grade, sc->grades[g].name);
        rc = kh_buf_printf(&b, "%s%s %zu 个", g ? "," : "", sc->grades[g].name, c);
        if (!rc && c) {
            rc = kh_buf_adds(&b, "(");
            int first = 1;
            for (size_t i = 0; !rc && i < n; i++)
                if (!strcmp(rs[i]->grade, sc->grades[g].name)) {
                    rc = kh_buf_printf(&b, "%s%s", first ? "" : "、", rs[i]->name);
                    first = 0;
                }
            if (!rc) rc = kh_buf_adds(&b, ")");
        }
    }
    if (!rc) rc = kh_buf_adds(&b, "。");
    if (!rc) rc = kh_pdf_text(d, KH_PDF_BODY, KH_PDF_INDENT, b.data, err);
    /* 三、否决情形及处理 */
    if (!rc) rc = kh_pdf_heading(d, "三、否决情形及处理", err);
    size_t nv = 0;
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t v = 0; !rc && v < rs[i]->nvetoes; v++) {
            const kh_assess_veto *x = &rs[i]->vetoes[v];
            const kh_scheme_veto *sv = veto_of(rs[i]->scheme, x->code);
            kh_buf_reset(&b);
            rc = kh_buf_printf(&b, "%zu、%s:%s%s%s(%s)。处理:%s。", ++nv,
                               rs[i]->name, sv && sv->article ? sv->article : "",
                               sv && sv->article ? " " : "",
                               sv && sv->label ? sv->label : x->code, x->why,
                               x->consequence);
            if (!rc) rc = kh_pdf_text(d, KH_PDF_BODY, KH_PDF_INDENT, b.data, err);
        }
    if (!rc && !nv)
        rc = kh_pdf_text(d, KH_PDF_BODY, KH_PDF_INDENT,
                         "本次考核未发现否决情形。", err);
    /* 四、主要项目得分 */
    size_t ntop = 0, top[16];
    for (size_t i = 0; i < sc->nitems && ntop < 14; i++)
        if (sc->items[i].parent < 0) top[ntop++] = i;
    if (!rc) rc = kh_pdf_heading(d, "四、主要项目得分", err);
    kh_pdf_col tc[16];
    tc[0] = (kh_pdf_col){"地区", 16, KH_PDF_LEFT, 0};
    char heads[16][96];
    for (size_t k = 0; k < ntop; k++) {
        const kh_scheme_item *it = &sc->items[top[k]];
        char mx[32];
        kh_points_format(it->max, mx, sizeof mx);
        if (it->adjust)
            snprintf(heads[k], sizeof heads[k], "%s", it->path);
        else
            snprintf(heads[k], sizeof heads[k], "%s(%s)", it->path, mx);
        tc[k + 1] = (kh_pdf_col){heads[k], 12, KH_PDF_RIGHT, 0};
    }
    tc[ntop + 1] = (kh_pdf_col){"总分", 12, KH_PDF_RIGHT, 0};
    t = NULL;
    if (!rc) rc = kh_pdf_table_begin(d, tc, ntop + 2, 1, &t, err);
    char vals[16][32];
    for (size_t i = 0; !rc && i < n; i++) {
        const char *cells[16];
        cells[0] = rs[i]->name;
        for (size_t k = 0; k < ntop; k++) {
            kh_points_format(rs[i]->items[top[k]].points, vals[k], sizeof vals[k]);
            cells[k + 1] = vals[k];
        }
        kh_points_format(rs[i]->total, vals[ntop], sizeof vals[ntop]);
        cells[ntop + 1] = vals[ntop];
        rc = kh_pdf_table_row(t, cells, ntop + 2, NULL, err);
    }
    kh_pdf_table_end(t);
    /* 五、有关要求 */
    if (!rc) rc = kh_pdf_heading(d, "五、有关要求", err);
    if (!rc)
        rc = kh_pdf_text(
            d, KH_PDF_BODY, KH_PDF_INDENT,
            "各地要对照考核反馈的问题,逐项列出问题清单、责任清单、整改清单和"
            "整改时限,明确牵头部门和责任单位,按期整改销号;出现否决情形的地区"
            "按上述处理意见落实。每一项得分的依据见 kaohe assess explain。",
            err);
    kh_buf_free(&b);
    return rc;
}

int kh_tongbao_pdf(const char *path, const kh_assessment *a,
                   const char *author, const char *when, kh_error *err)
{
    size_t n = 0;
    kh_assess_region **rs = calloc(a->nregions ? a->nregions : 1, sizeof *rs);
    if (!rs)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    for (size_t i = 0; i < a->nregions; i++)
        if (a->regions[i].scheme == a->scheme) rs[n++] = &a->regions[i];
    qsort(rs, n, sizeof *rs, by_rank);
    char title[160];
    snprintf(title, sizeof title, "%d 年度考核通报(%s)", a->year,
             a->scheme->name);
    kh_pdf_opts po = {title, author, when, "考核通报", {0, 0, 0, 0}};
    kh_pdf *d = NULL;
    int rc = kh_pdf_new(path, &po, &d, err);
    if (!rc) rc = write_tongbao(d, a, rs, n, err);
    if (d) {
        if (rc)
            kh_pdf_abort(d);
        else
            rc = kh_pdf_finish(d, err);
    }
    free(rs);
    return rc;
}
