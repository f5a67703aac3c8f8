/* SPDX-License-Identifier: MIT */
/*
 * card_pdf.c - the 扶贫明白卡 of a village as PDF (include/kaohe/card_pdf.h):
 * one A4 page per household — 家庭基本情况, 家庭成员 (ID numbers masked),
 * 家庭收入, 帮扶措施, 帮扶责任人 —, the whole village in one file, every
 * page's footer naming who made it and when. For `kaohe report card` and
 * GET /api/reports/card (docs/documents.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/access.h"
#include "kaohe/card.h"
#include "kaohe/card_pdf.h"
#include "kaohe/pdf.h"

/* "12,345.60 元" from 分; "—" when not known. */
static const char *money(char buf[64], const kh_card_household *h, int k)
{
    if (!(h->money_set & (1u << k))) return "—";
    long long f = h->money[k];
    unsigned long long a = f < 0 ? 0ULL - (unsigned long long)f
                                 : (unsigned long long)f;
    char digits[32], grouped[32];
    int n = snprintf(digits, sizeof digits, "%llu", a / 100);
    size_t j = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) grouped[j++] = ',';
        grouped[j++] = digits[i];
    }
    grouped[j] = '\0';
    snprintf(buf, 64, "%s%s.%02llu 元", f < 0 ? "-" : "", grouped, a % 100);
    return buf;
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "—";
}

static const char *yes_no(int v)
{
    return v < 0 ? "—" : v ? "是" : "否";
}

typedef struct card_ctx {
    kh_pdf *pdf;
    int year;
    const char *address;
    long long line; /* the year's poverty line, 分; -1 unknown */
    int mask_phone;
    long long households;
} card_ctx;

static int card_page(void *vctx, const kh_card_household *h, kh_error *err)
{
    card_ctx *c = vctx;
    kh_pdf *d = c->pdf;
    char t1[64], t2[64], t3[64], t4[64];
    const char *head = NULL;
    for (size_t i = 0; i < h->nmembers && !head; i++)
        if (!strcmp(h->members[i].relation, "户主")) head = h->members[i].name;
    if (!head) head = h->nmembers ? h->members[0].name : "";

    int rc = kh_pdf_page(d, KH_PDF_PORTRAIT, err);
    snprintf(t1, sizeof t1, "（%d 年度）", c->year);
    if (!rc) rc = kh_pdf_title(d, "扶贫明白卡", t1, err);

    /* 一、家庭基本情况: a form of three label/value pairs a row */
    static const kh_pdf_col form6[] = {
        {NULL, 13, KH_PDF_CENTER, 1}, {NULL, 24, KH_PDF_CENTER, 0},
        {NULL, 13, KH_PDF_CENTER, 1}, {NULL, 21, KH_PDF_CENTER, 0},
        {NULL, 13, KH_PDF_CENTER, 1}, {NULL, 16, KH_PDF_CENTER, 0}};
    kh_pdf_table *t = NULL;
    if (!rc) rc = kh_pdf_heading(d, "一、家庭基本情况", err);
    if (!rc) rc = kh_pdf_table_begin(d, form6, 6, 0, &t, err);
    snprintf(t1, sizeof t1, "%zu 人", h->nmembers);
    const char *r1[] = {"户编号", h->hh_id, "户主姓名", head, "家庭人口", t1};
    if (!rc) rc = kh_pdf_table_row(t, r1, 6, NULL, err);
    if (h->year_in) snprintf(t1, sizeof t1, "%d", h->year_in);
    else snprintf(t1, sizeof t1, "—");
    if (h->year_out) snprintf(t2, sizeof t2, "%d", h->year_out);
    else snprintf(t2, sizeof t2, "—");
    const char *r2[] = {"户状态", or_dash(h->status), "识别年度", t1,
                        "脱贫年度", t2};
    if (!rc) rc = kh_pdf_table_row(t, r2, 6, NULL, err);
    char phone[64];
    if (c->mask_phone && h->phone)
        kh_mask_phone(h->phone, phone, sizeof phone);
    else
        snprintf(phone, sizeof phone, "%s", h->phone ? h->phone : "");
    const char *r3[] = {"贫困户属性", or_dash(h->hh_type), "致贫原因",
                        or_dash(h->cause), "联系电话", or_dash(phone)};
    if (!rc) rc = kh_pdf_table_row(t, r3, 6, NULL, err);
    if (*h->housing) snprintf(t1, sizeof t1, "%s 级", h->housing);
    else snprintf(t1, sizeof t1, "—");
    const char *r4[] = {"住房安全", t1, "饮水安全", yes_no(h->water_safe),
                        "易地搬迁", yes_no(h->relocated)};
    if (!rc) rc = kh_pdf_table_row(t, r4, 6, NULL, err);
    const char *r5[] = {"家庭住址", or_dash(c->address)};
    if (!rc) rc = kh_pdf_table_row(t, r5, 2, NULL, err);
    kh_pdf_table_end(t);
    t = NULL;

    /* 二、家庭成员 */
    static const kh_pdf_col mcols[] = {
        {"序号", 10.5, KH_PDF_CENTER, 0},   {"姓名", 17.5, KH_PDF_CENTER, 0},
        {"性别", 10.5, KH_PDF_CENTER, 0},   {"与户主关系", 21, KH_PDF_CENTER, 0},
        {"证件号码", 39, KH_PDF_CENTER, 0}, {"年龄", 10.5, KH_PDF_CENTER, 0},
        {"健康状况", 21, KH_PDF_CENTER, 0}, {"劳动技能", 22, KH_PDF_CENTER, 0},
        {"在校生状况", 21, KH_PDF_CENTER, 0}};
    if (!rc) rc = kh_pdf_heading(d, "二、家庭成员情况", err);
    if (!rc) rc = kh_pdf_table_begin(d, mcols, 9, 1, &t, err);
    for (size_t i = 0; i < h->nmembers && !rc; i++) {
        const kh_card_member *m = &h->members[i];
        char seq[24], masked[64], age[16];
        snprintf(seq, sizeof seq, "%zu", i + 1);
        kh_card_mask_id(m->id_no, masked, sizeof masked);
        int a = kh_card_age(m->id_no, m->birth, c->year);
        if (a >= 0) snprintf(age, sizeof age, "%d", a);
        else snprintf(age, sizeof age, "—");
        const char *r[] = {seq, m->name, or_dash(m->sex), or_dash(m->relation),
                           masked, age, or_dash(m->health),
                           or_dash(m->labour), or_dash(m->schooling)};
        rc = kh_pdf_table_row(t, r, 9, NULL, err);
    }
    kh_pdf_table_end(t);
    t = NULL;

    /* 三、收入 */
    static const kh_pdf_col form4[] = {
        {NULL, 20, KH_PDF_CENTER, 1}, {NULL, 30, KH_PDF_RIGHT, 0},
        {NULL, 20, KH_PDF_CENTER, 1}, {NULL, 30, KH_PDF_RIGHT, 0}};
    snprintf(t1, sizeof t1, "三、家庭收入情况（%d 年）", c->year);
    if (!rc) rc = kh_pdf_heading(d, t1, err);
    if (!rc) rc = kh_pdf_table_begin(d, form4, 4, 0, &t, err);
    const char *i1[] = {"工资性收入", money(t3, h, KH_M_WAGE),
                        "生产经营性收入", money(t4, h, KH_M_BUSINESS)};
    if (!rc) rc = kh_pdf_table_row(t, i1, 4, NULL, err);
    const char *i2[] = {"财产性收入", money(t3, h, KH_M_PROPERTY),
                        "转移性收入", money(t4, h, KH_M_TRANSFER)};
    if (!rc) rc = kh_pdf_table_row(t, i2, 4, NULL, err);
    const char *i3[] = {"其中：低保金", money(t3, h, KH_M_DIBAO),
                        "其中：特困供养金", money(t4, h, KH_M_TEKUN)};
    if (!rc) rc = kh_pdf_table_row(t, i3, 4, NULL, err);
    const char *i4[] = {"生产经营性支出", money(t3, h, KH_M_EXP_BUSINESS),
                        "人均纯收入", money(t4, h, KH_M_INCOME_PC)};
    if (!rc) rc = kh_pdf_table_row(t, i4, 4, NULL, err);
    if (c->line >= 0) {
        kh_card_household lh;
        memset(&lh, 0, sizeof lh);
        lh.money[0] = c->line;
        lh.money_set = 1;
        snprintf(t1, sizeof t1, "%d 年扶贫标准", c->year);
        const char *i5[] = {t1, money(t3, &lh, 0)};
        if (!rc) rc = kh_pdf_table_row(t, i5, 2, NULL, err);
    }
    kh_pdf_table_end(t);
    t = NULL;

    /* 四、帮扶措施 and 五、帮扶责任人 */
    char measures[1024];
    size_t j = 0;
    for (const char *p = h->measures; *p && j + 4 < sizeof measures; p++) {
        if (*p == ';') {
            memcpy(measures + j, "、", 3); /* U+3001 */
            j += 3;
        } else {
            measures[j++] = *p;
        }
    }
    measures[j] = '\0';
    static const kh_pdf_col form2[] = {{NULL, 20, KH_PDF_CENTER, 1},
                                       {NULL, 80, KH_PDF_LEFT, 0}};
    if (!rc) rc = kh_pdf_heading(d, "四、帮扶措施", err);
    if (!rc) rc = kh_pdf_table_begin(d, form2, 2, 0, &t, err);
    const char *s1[] = {"帮扶措施", or_dash(measures)};
    if (!rc) rc = kh_pdf_table_row(t, s1, 2, NULL, err);
    kh_pdf_table_end(t);
    t = NULL;
    static const kh_pdf_col form4c[] = {
        {NULL, 20, KH_PDF_CENTER, 1}, {NULL, 30, KH_PDF_CENTER, 0},
        {NULL, 20, KH_PDF_CENTER, 1}, {NULL, 30, KH_PDF_CENTER, 0}};
    if (!rc) rc = kh_pdf_heading(d, "五、帮扶责任人", err);
    if (!rc) rc = kh_pdf_table_begin(d, form4c, 4, 0, &t, err);
    const char *s2[] = {"帮扶责任人", or_dash(h->helper), "最近走访日期",
                        or_dash(h->last_visit)};
    if (!rc) rc = kh_pdf_table_row(t, s2, 4, NULL, err);
    kh_pdf_table_end(t);

    kh_pdf_space(d, 8);
    if (!rc)
        rc = kh_pdf_text(d, KH_PDF_BODY, KH_PDF_LEFT,
                         "户主（签字）：__________    "
                         "帮扶责任人（签字）：__________    "
                         "    年  月  日", err);
    kh_pdf_space(d, 4);
    if (!rc)
        rc = kh_pdf_text(d, KH_PDF_SMALL, KH_PDF_LEFT,
                         "说明：本卡依据建档立卡数据生成，证件号码已隐去中间"
                         "十位；如有不符，请向村委会或帮扶责任人反映。", err);
    c->households++;
    return rc;
}

struct kh_card_writer {
    card_ctx c;
};

int kh_card_pdf_begin(const char *path, int year, const char *village,
                      const char *address, long long line, int mask_phone,
                      const char *author, const char *when,
                      kh_card_writer **out, kh_error *err)
{
    *out = NULL;
    kh_card_writer *w = calloc(1, sizeof *w);
    if (!w) return kh_error_nomem(err);
    card_ctx *c = &w->c;
    c->year = year;
    c->line = line;
    c->mask_phone = mask_phone;
    char title[800], footer[800];
    c->address = strdup(address ? address : "");
    if (!c->address) {
        free(w);
        return kh_error_nomem(err);
    }
    /* the village's own name: the last of the path */
    const char *vn = strrchr(c->address, ' ');
    vn = vn ? vn + 1 : c->address;
    snprintf(title, sizeof title, "扶贫明白卡 %s %d 年度", *vn ? vn : village,
             year);
    snprintf(footer, sizeof footer, "扶贫明白卡 · %s（%s） · %d 年度",
             *vn ? vn : "", village, year);
    kh_pdf_opts po = {title, author, when, footer, {12, 18, 16, 18}, 0};
    int rc = kh_pdf_new(path, &po, &c->pdf, err);
    if (rc) {
        free((char *)c->address);
        free(w);
        return rc;
    }
    kh_pdf_set_style(c->pdf, KH_PDF_TITLE, NULL, 24, 1);
    kh_pdf_set_style(c->pdf, KH_PDF_HEADING, NULL, 11.5, 1);
    kh_pdf_set_padding(c->pdf, 1.5, 1.1);
    kh_pdf_set_style(c->pdf, KH_PDF_CELL, NULL, 10, 0);
    kh_pdf_set_style(c->pdf, KH_PDF_CELL_HEAD, NULL, 10, 1);
    *out = w;
    return KH_OK;
}

int kh_card_pdf_page(void *writer, const kh_card_household *h, kh_error *err)
{
    kh_card_writer *w = writer;
    return card_page(&w->c, h, err);
}

int kh_card_pdf_finish(kh_card_writer *w, long long *households, int *pages,
                       kh_error *err)
{
    int np = kh_pdf_page_count(w->c.pdf);
    int rc = kh_pdf_finish(w->c.pdf, err);
    if (!rc && households) *households = w->c.households;
    if (!rc && pages) *pages = np;
    free((char *)w->c.address);
    free(w);
    return rc;
}

void kh_card_pdf_abort(kh_card_writer *w)
{
    if (!w) return;
    kh_pdf_abort(w->c.pdf);
    free((char *)w->c.address);
    free(w);
}
