/* SPDX-License-Identifier: MIT */
/*
 * cli_sample_pdf.c - the printed field list of one village drawn for the
 * 第三方评估 (`kaohe sample lists --format pdf`): landscape A4, one table
 * per group (已脱贫户, 未脱贫户, 非建档立卡户) with the households drawn
 * and the survey's columns (docs/formats.md) left blank to fill in by hand,
 * in the order and with the names `kaohe import survey` expects, so that
 * the typist copies a row straight into the village's XLSX list. ID
 * numbers are masked as on the 明白卡 (kh_card_mask_id).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli_sample.h"
#include "kaohe/buf.h"
#include "kaohe/card.h"
#include "kaohe/card_store.h"
#include "kaohe/pdf.h"
#include "kaohe/sample_store.h"
#include "kaohe/survey.h"

static const char *const group_title[4] = {"", "已脱贫户", "未脱贫户",
                                           "非建档立卡户"};
static const char *const group_num[4] = {"", "一", "二", "三"};

/* The columns: the household, then every survey column after 户编号. */
#define N_FIXED 5
#define N_COLS (N_FIXED + KH_SV_DESIGN - 1) /* the design: in the title */

static void columns(kh_pdf_col *cols)
{
    static const kh_pdf_col fixed[N_FIXED] = {
        {"序号", 4, KH_PDF_CENTER, 0},
        {"户编号", 15, KH_PDF_LEFT, 0},
        {"户主姓名", 7, KH_PDF_LEFT, 0},
        {"户主证件号码", 15, KH_PDF_LEFT, 0},
        {"家庭人口", 6, KH_PDF_CENTER, 0},
    };
    /* widths of the survey's columns, KH_SV_INCOME .. KH_SV_VISITED */
    static const double w[KH_SV_DESIGN - 1] = {9, 5, 6, 7, 6, 5,
                                               5, 5, 5, 8, 9};
    memcpy(cols, fixed, sizeof fixed);
    for (int i = 1; i < KH_SV_DESIGN; i++) {
        kh_pdf_col *c = &cols[N_FIXED + i - 1];
        c->header = kh_survey_cols[i].zh;
        c->width = w[i - 1];
        c->align = KH_PDF_CENTER;
        c->label = 0;
    }
    cols[N_FIXED].header = "人均纯收入(元)";
}

static int group_table(kh_pdf *d, const cli_list_village *v, int g,
                       kh_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++)
        n += v->hh[i].group == g;
    if (!n) return KH_OK;
    char head[128];
    snprintf(head, sizeof head, "%s、%s(%zu 户)", group_num[g], group_title[g],
             n);
    int rc = kh_pdf_heading(d, head, err);
    kh_pdf_col cols[N_COLS];
    columns(cols);
    kh_pdf_table *t = NULL;
    if (!rc) rc = kh_pdf_table_begin(d, cols, N_COLS, 1, &t, err);
    size_t k = 0;
    for (size_t i = 0; !rc && i < v->n; i++) {
        const cli_list_hh *h = &v->hh[i];
        if (h->group != g) continue;
        char no[24], persons[24], id[64];
        snprintf(no, sizeof no, "%zu", ++k);
        snprintf(persons, sizeof persons, "%lld", h->persons);
        kh_card_mask_id(h->head_id ? h->head_id : "", id, sizeof id);
        const char *cells[N_COLS] = {no, h->hh_id, h->head_name, id, persons};
        rc = kh_pdf_table_row(t, cells, N_COLS, NULL, err);
    }
    kh_pdf_table_end(t);
    if (!rc) kh_pdf_space(d, 3);
    return rc;
}

int cli_sample_list_pdf(const char *path, const cli_list_village *v,
                        const char *made_by, const char *made_at, int *pages,
                        kh_error *err)
{
    char title[256], footer[256];
    const char *vn = v->name && *v->name ? v->name : v->code;
    snprintf(title, sizeof title, "第三方评估入户调查表 %s", vn);
    snprintf(footer, sizeof footer, "第三方评估入户调查表 · %s%s(%s) · 抽样方案 %lld",
             v->county_name ? v->county_name : "", vn, v->code, v->design);
    kh_pdf_opts po = {title, made_by, made_at, footer, {15, 12, 15, 12}, 0};
    kh_pdf *d = NULL;
    kh_buf b = KH_BUF_INIT;
    int rc = kh_pdf_new(path, &po, &d, err);
    if (rc) return rc;
    kh_pdf_set_style(d, KH_PDF_TITLE, NULL, 18, 1);
    kh_pdf_set_style(d, KH_PDF_HEADING, NULL, 12, 1);
    kh_pdf_set_style(d, KH_PDF_CELL, NULL, 9, 0);
    kh_pdf_set_style(d, KH_PDF_CELL_HEAD, NULL, 9, 1);
    /* room to write by hand in the blank cells */
    kh_pdf_set_padding(d, 1, 2.6);
    rc = kh_pdf_page(d, KH_PDF_LANDSCAPE, err);
    char sub[256];
    snprintf(sub, sizeof sub, "%s %s(%s) · %d 年度 · 抽样方案 %lld",
             v->county_name ? v->county_name : "", vn, v->code, v->year,
             v->design);
    if (!rc) rc = kh_pdf_title(d, "第三方评估入户调查表", sub, err);
    long long cnt[4] = {0};
    for (size_t i = 0; i < v->n; i++)
        if (v->hh[i].group >= 1 && v->hh[i].group <= 3)
            cnt[v->hh[i].group]++;
    if (!rc)
        rc = kh_buf_printf(
            &b,
            "本村抽中 %zu 户:已脱贫户 %lld 户,未脱贫户 %lld 户,非建档立卡户 "
            "%lld 户。逐户入户调查,如实填写各栏:人均纯收入填元;住房安全等级"
            "填 A、B、C 或 D;其余各栏填“是”或“否”,认可识别、认可退出、认可"
            "帮扶由户主本人回答,不回答的留空。本表各栏与同名 XLSX 调查表"
            "(%s.xlsx)一致,录入后用 kaohe import survey 导入;是否错退、"
            "漏评由系统按标准判定,调查员只记录所见。",
            v->n, cnt[1], cnt[2], cnt[3], v->code);
    if (!rc) rc = kh_pdf_text(d, KH_PDF_SMALL, KH_PDF_INDENT, b.data, err);
    if (!rc) kh_pdf_space(d, 2);
    for (int g = 1; g <= 3 && !rc; g++)
        rc = group_table(d, v, g, err);
    if (!rc && v->n == 0)
        rc = kh_pdf_text(d, KH_PDF_BODY, 0, "本村没有抽中的户。", err);
    /* the evaluator's and the reviewer's lines, kept together */
    if (!rc) rc = kh_pdf_keep(d, 24, err);
    static const char *const sign[] = {
        "调查员(签字):____________________    调查日期:"
        "______年____月____日    联系电话:____________________",
        "复核人(签字):____________________    复核日期:"
        "______年____月____日    村干部(签字):____________________",
    };
    for (int k = 0; k < 2 && !rc; k++) {
        kh_pdf_space(d, 4);
        rc = kh_pdf_text(d, KH_PDF_BODY, 0, sign[k], err);
    }
    kh_buf_free(&b);
    if (rc) {
        if (rc == KH_ERR_NOMEM && !err->code[0])
            kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                         "out of memory");
        kh_pdf_abort(d);
        return rc;
    }
    if (pages) *pages = kh_pdf_page_count(d);
    return kh_pdf_finish(d, err);
}
