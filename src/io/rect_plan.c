/* SPDX-License-Identifier: MIT */
/*
 * rect_plan.c - the 整改方案 written from the problem list and each
 * problem's plan (include/kaohe/rect_report.h), in the structure of the
 * seed's county and town 方案: the opening, 一、指导思想, 二、整改原则和目标,
 * 三、存在的主要问题 (by category), 四、整改落实措施 (each measure with
 * 牵头部门；责任单位；整改时限), 五、方法步骤 (制定方案, 集中整改, 督导整改
 * with their dates, from the stage dates the plans carry), 六、工作要求,
 * 联系人 and the 落款. docs/documents.md sets it beside the seed's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/date.h"
#include "kaohe/doc.h"
#include "kaohe/fmt.h"
#include "kaohe/rect_report.h"
#include "kaohe/rectify.h"
#include "kaohe/standard.h"

static const char *const cn[] = {"一", "二", "三", "四", "五", "六", "七",
                                 "八", "九", "十", "十一", "十二", "十三",
                                 "十四", "十五", "十六", "十七", "十八",
                                 "十九", "二十"};
#define CN(i) ((i) < 20 ? cn[i] : "…")

static const char *nz(const char *s) { return s && s[0] ? s : NULL; }

/* 1 when text ends with a Chinese full stop, question or exclamation
 * mark (a sentence needs no other). */
static int ends_stop(const char *t)
{
    size_t n = strlen(t);
    static const char *const stops[] = {"。", "！", "？", "；"};
    for (size_t i = 0; i < 4; i++) {
        size_t k = strlen(stops[i]);
        if (n >= k && !strcmp(t + n - k, stops[i])) return 1;
    }
    return 0;
}

/* The day before iso (YYYY-MM-DD) into out. */
static void day_before(const char *iso, char out[11])
{
    int y, m, d;
    out[0] = '\0';
    if (!iso || kh_date_parse(iso, 10, &y, &m, &d)) return;
    kh_date_from_days(kh_date_days(y, m, d) - 1, &y, &m, &d);
    kh_date_format(out, y, m, d);
}

static int write_plan(kh_doc *d, const kh_doc_ctx *c, const kh_problem_rows *r,
                      const kh_standard *std, kh_error *err)
{
    kh_buf b = KH_BUF_INIT;
    char no[160], title[300], issuer[300], y[16] = "";
    kh_doc_number(c, no, sizeof no);
    kh_doc_issuer(c, issuer, sizeof issuer);
    if (c->year) snprintf(y, sizeof y, "%d年", c->year);
    int rc = no[0] ? kh_doc_docno(d, no, err) : KH_OK;
    snprintf(title, sizeof title, "%s%s扶贫开发成效考核反馈问题整改方案",
             c->region_name, y);
    if (!rc) rc = kh_doc_title(d, title, NULL, err);
    if (!rc)
        rc = kh_buf_printf(&b,
                           "针对%s扶贫开发成效考核反馈的问题，按照整改工作的统一"
                           "安排部署，%s对照问题清单，举一反三，认真排查，坚决补齐"
                           "短板，确保反馈问题全部整改到位。结合工作实际，制定本方案。",
                           y, c->region_name[0] ? c->region_name : "");
    if (!rc) rc = kh_doc_para(d, b.data, err);
    /* 一、指导思想 */
    if (!rc) rc = kh_doc_heading(d, "一、指导思想", err);
    if (!rc)
        rc = kh_doc_para(d,
                         "认真落实脱贫攻坚决策部署，坚持问题导向，强化问题意识，"
                         "对照考核反馈的问题清单，对标对表、对岗对责，彻查彻改，"
                         "以整改促作风转变，以整改促脱贫质量提高，以整改促目标实现。",
                         err);
    /* 二、整改原则和目标 */
    if (!rc) rc = kh_doc_heading(d, "二、整改原则和目标", err);
    static const char *const principles[] = {
        "（一）坚持问题导向。聚焦考核反馈、督查巡查和平时检查发现的问题，"
        "举一反三，逐一查漏补缺，做到不留死角、不留盲区。",
        "（二）坚持从严从实。从实际出发，分类逐项解决，既不降低标准，也不"
        "调高标准，确保整改工作取得实实在在的成效。",
        "（三）坚持标本兼治。把解决当前问题与长远问题结合起来，建章立制，"
        "对需要一段时间解决的问题，在治标的基础上治本。",
        "（四）坚持统筹推进。各级互动、部门联动，层层压实责任，确保整改工作"
        "横向到边、纵向到底。"};
    for (size_t i = 0; !rc && i < 4; i++) rc = kh_doc_para(d, principles[i], err);
    int ecat = kh_standard_enum(std, "problem_category");
    int ncat = ecat < 0 ? 0 : kh_standard_enum_count(std, ecat);
    int cats = 0, longterm = 0;
    const char *last = NULL;
    for (int k = 0; k < ncat; k++) {
        const char *cat = kh_standard_enum_label(std, ecat, k);
        for (size_t i = 0; i < r->n; i++)
            if (r->p[i].category && !strcmp(r->p[i].category, cat)) {
                cats++;
                break;
            }
    }
    for (size_t i = 0; i < r->n; i++) {
        const kh_problem *p = &r->p[i];
        if (p->long_term) longterm++;
        else if (nz(p->deadline) && (!last || strcmp(p->deadline, last) > 0))
            last = p->deadline;
    }
    char lastz[48] = "";
    if (last) kh_fmt_date_zh(last, lastz, sizeof lastz);
    kh_buf_reset(&b);
    if (!rc)
        rc = kh_buf_printf(&b, "整改目标：反馈问题共 %zu 个，分 %d 类，", r->n, cats);
    if (!rc && last)
        rc = kh_buf_printf(&b, "于%s前全部整改到位、逐项销号", lastz);
    else if (!rc)
        rc = kh_buf_adds(&b, "按各项整改时限整改到位、逐项销号");
    if (!rc && longterm)
        rc = kh_buf_printf(&b, "；其中 %d 项需长期坚持，建立长效机制", longterm);
    if (!rc) rc = kh_buf_adds(&b, "。");
    if (!rc) rc = kh_doc_para(d, b.data, err);
    /* 三、存在的主要问题 */
    if (!rc) rc = kh_doc_heading(d, "三、存在的主要问题", err);
    int seq = 0;
    for (int k = 0; !rc && k < ncat; k++) {
        const char *cat = kh_standard_enum_label(std, ecat, k);
        int item = 0;
        for (size_t i = 0; !rc && i < r->n; i++) {
            const kh_problem *p = &r->p[i];
            if (!p->category || strcmp(p->category, cat)) continue;
            if (!item) {
                char h[200];
                snprintf(h, sizeof h, "（%s）%s", CN(seq), cat);
                seq++;
                rc = kh_doc_subheading(d, h, err);
            }
            kh_buf_reset(&b);
            if (!rc) rc = kh_buf_printf(&b, "%d．%s%s", ++item, p->text,
                                        ends_stop(p->text) ? "" : "。");
            if (!rc) rc = kh_doc_para(d, b.data, err);
        }
    }
    if (!rc && !r->n) rc = kh_doc_para(d, "本次考核未反馈问题。", err);
    /* 四、整改落实措施 */
    if (!rc) rc = kh_doc_heading(d, "四、整改落实措施", err);
    seq = 0;
    for (int k = 0; !rc && k < ncat; k++) {
        const char *cat = kh_standard_enum_label(std, ecat, k);
        int item = 0;
        for (size_t i = 0; !rc && i < r->n; i++) {
            const kh_problem *p = &r->p[i];
            if (!p->category || strcmp(p->category, cat)) continue;
            if (!item) {
                char h[200];
                snprintf(h, sizeof h, "（%s）%s方面", CN(seq), cat);
                seq++;
                rc = kh_doc_subheading(d, h, err);
            }
            char dl[64];
            if (p->long_term)
                snprintf(dl, sizeof dl, "长期坚持");
            else if (nz(p->deadline)) {
                char z[48];
                kh_fmt_date_zh(p->deadline, z, sizeof z);
                snprintf(dl, sizeof dl, "%s前", z);
            } else
                snprintf(dl, sizeof dl, "待定");
            kh_buf_reset(&b);
            if (!rc)
                rc = kh_buf_printf(&b, "%d．针对“%s”：%s（牵头部门：%s；责任单位：%s；",
                                   ++item, p->text,
                                   nz(p->measures) ? p->measures : "整改措施待牵头部门制定",
                                   nz(p->lead_dept) ? p->lead_dept : "待定",
                                   nz(p->units) ? p->units : "各有关单位");
            if (!rc && nz(p->person))
                rc = kh_buf_printf(&b, "责任人：%s；", p->person);
            if (!rc) rc = kh_buf_printf(&b, "整改时限：%s）", dl);
            if (!rc) rc = kh_doc_para(d, b.data, err);
        }
    }
    /* 五、方法步骤: the stages' starts, earliest over the plans */
    if (!rc) rc = kh_doc_heading(d, "五、方法步骤", err);
    const char *start[KH_NSTAGES] = {NULL, NULL, NULL};
    for (size_t i = 0; i < r->n; i++)
        for (int k = 0; k < KH_NSTAGES; k++) {
            const char *s = r->p[i].stage_start[k];
            if (nz(s) && (!start[k] || strcmp(s, start[k]) < 0)) start[k] = s;
        }
    static const char *const what[KH_NSTAGES] = {
        "逐级制定整改方案，梳理问题口径，按照分门别类、逐项逐条的原则，"
        "列出问题清单、责任清单、整改清单、整改时限，明确各个整改阶段的"
        "工作任务和工作重点。",
        "各级各部门主动承担整改工作落实的主体责任，全面落实整改责任，"
        "较真碰硬地解决存在的问题。",
        "组织专项督导组对整改工作进行督导，指导各地各部门整改，"
        "全面完成阶段性整改任务。"};
    for (int k = 0; !rc && k < KH_NSTAGES; k++) {
        char from[48] = "", to[48] = "", end[11] = "";
        if (start[k]) kh_fmt_date_zh(start[k], from, sizeof from);
        if (k + 1 < KH_NSTAGES && start[k + 1])
            day_before(start[k + 1], end);
        else if (k + 1 == KH_NSTAGES && last)
            snprintf(end, sizeof end, "%s", last);
        if (end[0]) kh_fmt_date_zh(end, to, sizeof to);
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "（%s）%s阶段。", CN(k), kh_rect_stage_zh(k));
        if (!rc && from[0] && to[0])
            rc = kh_buf_printf(&b, "%s至%s。", from, to);
        else if (!rc && from[0])
            rc = kh_buf_printf(&b, "%s起。", from);
        else if (!rc)
            rc = kh_buf_adds(&b, "时间由各牵头部门在制定措施时明确。");
        if (!rc) rc = kh_buf_adds(&b, what[k]);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    /* 六、工作要求 */
    if (!rc) rc = kh_doc_heading(d, "六、工作要求", err);
    static const char *const asks[] = {
        "（一）进一步提高思想认识。各有关责任单位要高度重视，明确专人负责，"
        "以问题为导向，狠抓整改落实。",
        "（二）进一步加强协作配合。各有关责任单位要认真履行职责，通力协作，"
        "及时研究和解决整改过程中出现的新情况、新问题。",
        NULL,
        "（四）进一步加大责任追究力度。对不按时完成整改任务、影响整改成效的，"
        "视情况严肃问责相关责任人。"};
    for (size_t i = 0; !rc && i < 4; i++) {
        if (asks[i]) {
            rc = kh_doc_para(d, asks[i], err);
            continue;
        }
        char due[96] = "";
        if (last) snprintf(due, sizeof due, "（%s）", lastz);
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b,
                           "（三）加强信息报送。各有关责任单位要按照整改措施扎实"
                           "开展问题整改，在整改时限%s届满后及时将整改情况报告报送"
                           "%s，详细报告整改措施、进展和成效，已完成整改问题、"
                           "未完成整改问题和下步整改打算，做到数据翔实、客观真实。",
                           due, issuer);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    if (!rc) rc = kh_doc_sign(d, c, 0, err);
    kh_buf_free(&b);
    if (rc && !err->status) kh_error_nomem(err);
    return rc;
}

typedef struct plan_args {
    const kh_doc_ctx *c;
    const kh_problem_rows *rows;
    const kh_standard *std;
} plan_args;

static int plan_body(kh_doc *d, void *ctx, kh_error *err)
{
    const plan_args *a = ctx;
    return write_plan(d, a->c, a->rows, a->std, err);
}

int kh_rect_plan_write(const kh_doc_ctx *c, const kh_problem_rows *rows,
                       const kh_standard *std, int format, const char *path,
                       kh_error *err)
{
    plan_args a = {c, rows, std};
    char title[300];
    snprintf(title, sizeof title, "%s整改方案", c->region_name);
    return kh_doc_publish("整改方案", title, c, format, path, plan_body, &a,
                           err);
}
