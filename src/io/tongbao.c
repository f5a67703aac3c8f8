/* SPDX-License-Identifier: MIT */
/*
 * tongbao.c - the 考核通报 of a stored assessment (include/kaohe/tongbao.h):
 * the ranking with totals, grades and vetoes, a bar chart of the totals,
 * the grades, each veto with the condition that held, the points of the
 * main items, 处理意见 from the vetoes' consequences, what follows
 * (沟通反馈, 整改), and the 落款. Every code is said in Chinese
 * (kaohe/label.h); laid out by kaohe/doc.h as PDF, DOCX or XLSX.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/doc.h"
#include "kaohe/fmt.h"
#include "kaohe/label.h"
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

static int write_tongbao(kh_doc *d, const kh_doc_ctx *c,
                         const kh_assessment *a, kh_assess_region **rs,
                         size_t n, kh_error *err)
{
    const kh_scheme *sc = a->scheme;
    const char *lv = kh_level_name(a->level);
    char title[256], pts[32], no[160];
    kh_buf b = KH_BUF_INIT;
    kh_doc_number(c, no, sizeof no);
    int rc = no[0] ? kh_doc_docno(d, no, err) : KH_OK;
    snprintf(title, sizeof title,
             "关于%d年度%s级党委和政府扶贫开发工作成效考核结果的通报",
             a->year, lv);
    if (!rc) rc = kh_doc_title(d, title, NULL, err);
    if (!rc) {
        char to[96];
        snprintf(to, sizeof to, "各%s党委、政府：", lv);
        rc = kh_doc_text(d, 0, to, err);
    }
    /* the opening: method, steps */
    char method[400];
    kh_label_zh_punct(sc->title ? sc->title : "考核办法", method, sizeof method);
    if (!rc) rc = kh_buf_printf(&b, "根据《%s》", method);
    if (!rc && sc->nsteps) {
        rc = kh_buf_adds(&b, "，经");
        for (size_t i = 0; !rc && i < sc->nsteps; i++)
            rc = kh_buf_printf(&b, "%s%s", i ? "、" : "", sc->steps[i]);
        if (!rc) rc = kh_buf_adds(&b, "等环节");
    }
    if (!rc)
        rc = kh_buf_printf(&b,
                           "，对 %zu 个%s %d 年度扶贫开发工作成效进行了考核。"
                           "现将考核结果通报如下：",
                           n, lv, a->year);
    if (!rc) rc = kh_doc_para(d, b.data, err);
    /* 一、考核结果 */
    if (!rc) rc = kh_doc_heading(d, "一、考核结果", err);
    static const kh_doc_col cols[] = {{"名次", 1, 'n'},
                                      {"地区", 0, 's'},
                                      {"总分", 2, 'n'},
                                      {"等次", 1, 's'},
                                      {"否决情形", 0, 's'}};
    if (!rc) rc = kh_doc_table(d, "考核结果", cols, 5, err);
    for (size_t i = 0; !rc && i < n; i++) {
        const kh_assess_region *r = rs[i];
        char rank[16], grade[96];
        snprintf(rank, sizeof rank, "%d", r->rank);
        kh_points_format(r->total, pts, sizeof pts);
        if (strcmp(r->grade, r->grade_before))
            snprintf(grade, sizeof grade, "%s（按分数为%s）", r->grade,
                     r->grade_before);
        else
            snprintf(grade, sizeof grade, "%s", r->grade);
        kh_buf_reset(&b);
        for (size_t v = 0; !rc && v < r->nvetoes; v++)
            rc = kh_buf_printf(&b, "%s%s", v ? "；" : "",
                               kh_label_veto(r->scheme, r->vetoes[v].code));
        const char *cells[] = {rank, r->name, pts, grade,
                               b.len ? b.data : "无"};
        if (!rc) rc = kh_doc_row(d, cells, err);
    }
    /* the chart */
    const char **labels = calloc(n ? n : 1, sizeof *labels);
    const char **texts = calloc(n ? n : 1, sizeof *texts);
    double *vals = calloc(n ? n : 1, sizeof *vals);
    char (*tb)[32] = calloc(n ? n : 1, sizeof *tb);
    if (!rc && (!labels || !texts || !vals || !tb)) rc = kh_error_nomem(err);
    for (size_t i = 0; !rc && i < n; i++) {
        kh_points_format(rs[i]->total, tb[i], sizeof tb[i]);
        labels[i] = rs[i]->name;
        texts[i] = tb[i];
        vals[i] = rs[i]->total > 0 ? (double)rs[i]->total / 100.0 : 0;
    }
    if (!rc) rc = kh_doc_bars(d, "综合得分", "分", labels, vals, texts, n, err);
    free(labels);
    free(texts);
    free(vals);
    free(tb);
    /* 二、等次 */
    if (!rc) rc = kh_doc_heading(d, "二、等次分布", err);
    kh_buf_reset(&b);
    for (size_t g = 0; !rc && g < sc->ngrades; g++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) k += !strcmp(rs[i]->grade, sc->grades[g].name);
        rc = kh_buf_printf(&b, "%s%s %zu 个", g ? "，" : "", sc->grades[g].name, k);
        if (!rc && k) {
            rc = kh_buf_adds(&b, "（");
            int first = 1;
            for (size_t i = 0; !rc && i < n; i++)
                if (!strcmp(rs[i]->grade, sc->grades[g].name)) {
                    rc = kh_buf_printf(&b, "%s%s", first ? "" : "、", rs[i]->name);
                    first = 0;
                }
            if (!rc) rc = kh_buf_adds(&b, "）");
        }
    }
    if (!rc) rc = kh_buf_adds(&b, "。");
    if (!rc) rc = kh_doc_para(d, b.data, err);
    /* 三、否决情形 */
    if (!rc) rc = kh_doc_heading(d, "三、否决情形", err);
    size_t nv = 0;
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t v = 0; !rc && v < rs[i]->nvetoes; v++) {
            const kh_assess_veto *x = &rs[i]->vetoes[v];
            const kh_scheme_veto *sv = veto_of(rs[i]->scheme, x->code);
            kh_buf_reset(&b);
            ++nv;
            char art[128];
            kh_label_zh_punct(sv && sv->article ? sv->article : "", art, sizeof art);
            if (sv && sv->article) {
                rc = kh_buf_printf(&b, "%zu．%s：属于考核办法%s所列“%s”的情形（%s）。",
                                   nv, rs[i]->name, art,
                                   kh_label_veto(rs[i]->scheme, x->code),
                                   x->why ? x->why : "");
            } else {
                rc = kh_buf_printf(&b, "%zu．%s：%s（%s）。", nv, rs[i]->name,
                                   kh_label_veto(rs[i]->scheme, x->code),
                                   x->why ? x->why : "");
            }
            if (!rc) rc = kh_doc_para(d, b.data, err);
        }
    if (!rc && !nv) rc = kh_doc_para(d, "本次考核未发现否决情形。", err);
    /* 四、主要项目得分 */
    size_t ntop = 0, top[16];
    for (size_t i = 0; i < sc->nitems && ntop < 14; i++)
        if (sc->items[i].parent < 0) top[ntop++] = i;
    if (!rc) rc = kh_doc_heading(d, "四、主要项目得分", err);
    kh_doc_col tc[16];
    char heads[16][96];
    tc[0] = (kh_doc_col){"地区", 0, 's'};
    for (size_t k = 0; k < ntop; k++) {
        const kh_scheme_item *it = &sc->items[top[k]];
        char mx[32];
        kh_label_points(it->max, mx, sizeof mx);
        if (it->adjust)
            snprintf(heads[k], sizeof heads[k], "%s", it->path);
        else
            snprintf(heads[k], sizeof heads[k], "%s（%s 分）", it->path, mx);
        tc[k + 1] = (kh_doc_col){heads[k], 2, 'n'};
    }
    tc[ntop + 1] = (kh_doc_col){"总分", 2, 'n'};
    if (!rc) rc = kh_doc_table(d, "主要项目得分", tc, ntop + 2, err);
    char vals2[16][32];
    for (size_t i = 0; !rc && i < n; i++) {
        const char *cells[16];
        cells[0] = rs[i]->name;
        for (size_t k = 0; k < ntop; k++) {
            kh_points_format(rs[i]->items[top[k]].points, vals2[k], sizeof vals2[k]);
            cells[k + 1] = vals2[k];
        }
        kh_points_format(rs[i]->total, vals2[ntop], sizeof vals2[ntop]);
        cells[ntop + 1] = vals2[ntop];
        rc = kh_doc_row(d, cells, err);
    }
    /* 五、处理意见: one paragraph per consequence, with its regions */
    if (!rc) rc = kh_doc_heading(d, "五、处理意见", err);
    size_t np = 0;
    for (size_t v = 0; !rc && v < sc->nvetoes; v++) {
        const kh_scheme_veto *sv = &sc->vetoes[v];
        kh_buf_reset(&b);
        int any = 0;
        for (size_t i = 0; !rc && i < n; i++)
            for (size_t k = 0; !rc && k < rs[i]->nvetoes; k++)
                if (!strcmp(rs[i]->vetoes[k].code, sv->code)) {
                    rc = kh_buf_printf(&b, "%s%s", any ? "、" : "", rs[i]->name);
                    any = 1;
                }
        if (rc || !any) continue;
        char cons[400], tail[700], art[128];
        kh_label_consequence(sv->consequence, cons, sizeof cons);
        kh_label_zh_punct(sv->article ? sv->article : "", art, sizeof art);
        snprintf(tail, sizeof tail, "，存在“%s”的情形，按照考核办法%s的规定，予以%s。",
                 kh_label_veto(sc, sv->code), art, cons);
        char head[16];
        snprintf(head, sizeof head, "（%zu）", ++np);
        kh_buf b2 = KH_BUF_INIT;
        rc = kh_buf_printf(&b2, "%s对%s%s", head, b.data, tail);
        if (!rc) rc = kh_doc_para(d, b2.data, err);
        kh_buf_free(&b2);
    }
    if (!rc && !np)
        rc = kh_doc_para(d, "本次考核没有需要约谈或限期整改的地区。", err);
    /* 六、有关要求 */
    if (!rc) rc = kh_doc_heading(d, "六、有关要求", err);
    if (!rc)
        rc = kh_doc_para(
            d,
            "各地要对照考核反馈的问题，逐项列出问题清单、责任清单、整改清单和"
            "整改时限，明确牵头部门和责任单位，按期整改销号；出现否决情形的地区"
            "按上述处理意见落实。各项得分的依据和计算过程可在考核系统中逐项查阅。",
            err);
    if (!rc) rc = kh_doc_sign(d, c, 1, err);
    kh_buf_free(&b);
    if (rc && !err->status) kh_error_nomem(err);
    return rc;
}

typedef struct tongbao_args {
    const kh_doc_ctx *c;
    const kh_assessment *a;
    kh_assess_region **rs;
    size_t n;
} tongbao_args;

static int tongbao_body(kh_doc *d, void *ctx, kh_error *err)
{
    const tongbao_args *x = ctx;
    return write_tongbao(d, x->c, x->a, x->rs, x->n, err);
}

int kh_tongbao_write(const kh_doc_ctx *c, const kh_assessment *a,
                     int format, const char *path, kh_error *err)
{
    size_t n = 0;
    kh_assess_region **rs = calloc(a->nregions ? a->nregions : 1, sizeof *rs);
    if (!rs) return kh_error_nomem(err);
    for (size_t i = 0; i < a->nregions; i++)
        if (a->regions[i].scheme == a->scheme) rs[n++] = &a->regions[i];
    qsort(rs, n, sizeof *rs, by_rank);
    char title[160];
    snprintf(title, sizeof title, "%d年度%s级扶贫开发工作成效考核通报",
             a->year, kh_level_name(a->level));
    tongbao_args x = {c, a, rs, n};
    int rc = kh_doc_publish("考核通报", title, c, format, path, tongbao_body,
                             &x, err);
    free(rs);
    return rc;
}
