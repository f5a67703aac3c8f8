/* SPDX-License-Identifier: MIT */
/*
 * rect_report.c - the 整改报告 generated from the record
 * (include/kaohe/rect_report.h), in the sections of the seed's town
 * report and of what the county 方案 六(三) asks a report to contain:
 * 基本情况 (the region's 户数, 人数 and 贫困发生率; the problems by source,
 * category and status), 整改内容完成情况 (per category, each problem with
 * its measures, departments, 责任人, 整改时限 and progress), 整改成效 (what
 * was closed, with the figure each problem was found at), the 牵头部门
 * table, 存在的不足及建议 (what is unfinished or overdue), 下步工作打算
 * (one item a problem not yet closed), and the 落款. Nothing in it is
 * typed by hand; laid out by kaohe/doc.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/date.h"
#include "kaohe/doc.h"
#include "kaohe/documents.h"
#include "kaohe/fmt.h"
#include "kaohe/indicators.h"
#include "kaohe/rect_report.h"
#include "kaohe/rectify.h"
#include "kaohe/standard.h"

static const char *nz(const char *s) { return s && s[0] ? s : "—"; }

static int shown(const kh_doc_ctx *c, const kh_problem *p)
{
    return kh_problem_shown(p, c->today);
}

static long overdue_days(const kh_doc_ctx *c, const kh_problem *p)
{
    int y, mo, d, ty, tm, td;
    if (!p->deadline || kh_date_parse(p->deadline, 10, &y, &mo, &d) ||
        kh_date_parse(c->today, 10, &ty, &tm, &td))
        return 0;
    return kh_date_days(ty, tm, td) - kh_date_days(y, mo, d);
}

/* 整改时限 in prose: "2020年6月10日前", "长期坚持". */
static void deadline_words(const kh_problem *p, char *buf, size_t n)
{
    if (p->long_term) {
        snprintf(buf, n, "长期坚持");
    } else if (p->deadline && p->deadline[0]) {
        char d[48];
        kh_fmt_date_zh(p->deadline, d, sizeof d);
        snprintf(buf, n, "%s前", d);
    } else {
        snprintf(buf, n, "未定");
    }
}

/* "县扶贫办（县财政局、县民政局）" */
static void depts_words(const kh_problem *p, char *buf, size_t n)
{
    if (p->units && p->units[0])
        snprintf(buf, n, "%s（%s）", nz(p->lead_dept), p->units);
    else
        snprintf(buf, n, "%s", nz(p->lead_dept));
}

/* Distinct values of one field in first-seen order. */
static size_t distinct(const kh_problem_rows *r, int field, const char **v,
                       size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        const char *s = field == 0 ? r->p[i].source : r->p[i].lead_dept;
        if (!s) s = "未定牵头部门";
        size_t j = 0;
        while (j < k && strcmp(v[j], s)) j++;
        if (j == k && k < max) v[k++] = s;
    }
    return k;
}

static const char *const cn[] = {"一", "二", "三", "四", "五", "六", "七",
                                 "八", "九", "十", "十一", "十二", "十三",
                                 "十四", "十五", "十六", "十七", "十八",
                                 "十九", "二十"};
#define CN(i) ((i) < 20 ? cn[i] : "…")

/* The figure a generated problem was found at, in words ("基本医疗保险参保率
 * 为 99.96%（33,651/33,663）"), or "" when it has none. */
static void found_figure(const kh_problem *p, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!p->indicator || p->value_den <= 1 ||
        !strncmp(p->indicator, "item:", 5) || !strncmp(p->indicator, "veto:", 5))
        return;
    char zh[200], pct[64], a[48], b[48];
    if (!kh_indicator_label(p->indicator, zh, sizeof zh, NULL, NULL)) return;
    char *cut = strstr(zh, "(");
    if (cut && cut != zh) *cut = '\0';
    kh_fmt_pct(p->value_num, p->value_den, 2, pct, sizeof pct);
    kh_fmt_int(p->value_num, a, sizeof a);
    kh_fmt_int(p->value_den, b, sizeof b);
    snprintf(buf, n, "%s为 %s（%s/%s）", zh, pct, a, b);
}

/* 成效数据: each rechecked problem's indicator before and after, from its
 * latest recheck (the run, its date, the verdict), after one sentence
 * counting them; nothing when no problem has been rechecked. */
static int effect_table(kh_doc *d, const kh_problem_rows *r, kh_buf *b,
                        kh_error *err)
{
    long judged = 0, pass = 0, rebound = 0, pending = 0;
    for (size_t i = 0; i < r->n; i++) {
        const kh_problem_recheck *k = &r->p[i].recheck;
        if (k->run <= 0) continue;
        judged++;
        pass += k->pass;
        rebound += k->rebound;
        pending += k->pass && r->p[i].status != KH_RS_CLOSED;
    }
    if (!judged) return KH_OK;
    kh_buf_reset(b);
    int rc = kh_buf_printf(b,
                           "经对 %ld 个问题的依据指标复核，已达标 %ld 个，仍未达标 %ld 个",
                           judged, pass, judged - pass);
    if (!rc && rebound)
        rc = kh_buf_printf(b, "，其中 %ld 个已销号问题复核未达标（反弹），须重新研判", rebound);
    if (!rc && pending)
        rc = kh_buf_printf(b, "；已达标但尚未销号的 %ld 个问题，以复核结果为佐证申请销号", pending);
    if (!rc) rc = kh_buf_adds(b, "。整改前后数据对比如下：");
    if (!rc) rc = kh_doc_para(d, b->data, err);
    static const kh_doc_col cols[] = {
        {"编号", 1, 'n'},   {"依据指标", 0, 's'}, {"整改前", 2, 's'},
        {"复核后", 2, 's'}, {"标准", 0, 's'},     {"复核", 0, 's'},
        {"结论", 0, 's'}};
    if (!rc) rc = kh_doc_table(d, "整改成效数据", cols, 7, err);
    for (size_t i = 0; !rc && i < r->n; i++) {
        const kh_problem *p = &r->p[i];
        kh_recheck_words k;
        if (!kh_recheck_words_of(p, &k)) continue;
        char id[24], run[160];
        snprintf(id, sizeof id, "%lld", p->id);
        snprintf(run, sizeof run, "%s，%s", k.run, k.date);
        const char *cells[] = {id, k.what, k.before, k.after,
                               k.rule[0] ? k.rule : "—", run, k.verdict};
        rc = kh_doc_row(d, cells, err);
    }
    return rc;
}

static int write_report(kh_doc *d, const kh_doc_ctx *c,
                        const kh_problem_rows *r, const kh_standard *std,
                        kh_error *err)
{
    kh_buf b = KH_BUF_INIT;
    char today[48], title[300];
    kh_fmt_date_zh(c->today, today, sizeof today);
    char y[16] = "";
    if (c->year) snprintf(y, sizeof y, "%d年", c->year);
    snprintf(title, sizeof title, "%s%s扶贫开发成效考核反馈问题整改报告",
             c->region_name, y);
    int rc = kh_doc_title(d, title, NULL, err);
    long n = (long)r->n, cnt[5] = {0};
    for (size_t i = 0; i < r->n; i++) cnt[shown(c, &r->p[i])]++;
    if (!rc)
        rc = kh_buf_printf(&b,
                           "按照%s扶贫开发成效考核反馈问题整改工作的要求，"
                           "%s对照问题清单、责任清单、整改清单和整改时限逐项"
                           "整改。现将截至%s的整改情况报告如下：",
                           y[0] ? y : "", c->region_name[0] ? c->region_name : "我们",
                           today);
    if (!rc) rc = kh_doc_para(d, b.data, err);
    /* 一、基本情况 */
    if (!rc) rc = kh_doc_heading(d, "一、基本情况", err);
    if (!rc && c->has_basics) {
        const kh_region_basics *g = &c->basics;
        char hh[32], pp[32], ph[32], pp2[32], eh[32], ep[32], rural[32],
            inc[64];
        kh_fmt_int(g->households, hh, sizeof hh);
        kh_fmt_int(g->persons, pp, sizeof pp);
        kh_fmt_int(g->poor_households, ph, sizeof ph);
        kh_fmt_int(g->poor_persons, pp2, sizeof pp2);
        kh_fmt_int(g->exited_households, eh, sizeof eh);
        kh_fmt_int(g->exited_persons, ep, sizeof ep);
        kh_fmt_int(g->rural_pop, rural, sizeof rural);
        kh_fmt_pct(g->poor_persons, g->rural_pop, 2, inc, sizeof inc);
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b,
                           "%s%d年有建档立卡贫困户 %s 户 %s 人，其中未脱贫（含返贫）"
                           "%s 户 %s 人，已脱贫 %s 户 %s 人。",
                           c->region_name, c->year,
                           hh, pp, ph, pp2, eh, ep);
        if (!rc && g->rural_pop > 0)
            rc = kh_buf_printf(&b, "农业户籍人口 %s 人，贫困发生率 %s（%s/%s）。",
                               rural, inc, pp2, rural);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    const char *srcs[32];
    size_t nsrc = distinct(r, 0, srcs, 32);
    kh_buf_reset(&b);
    if (!rc) rc = kh_buf_printf(&b, "共梳理反馈问题 %ld 个", n);
    for (size_t k = 0; !rc && k < nsrc; k++) {
        int m = 0;
        for (size_t i = 0; i < r->n; i++) m += !strcmp(nz(r->p[i].source), srcs[k]);
        rc = kh_buf_printf(&b, "%s%s发现 %d 个", k ? "、" : "，其中", srcs[k], m);
    }
    int ecat = kh_standard_enum(std, "problem_category");
    int ncat = ecat < 0 ? 0 : kh_standard_enum_count(std, ecat);
    int first = 1;
    for (int k = 0; !rc && k < ncat; k++) {
        const char *cat = kh_standard_enum_label(std, ecat, k);
        int m = 0;
        for (size_t i = 0; i < r->n; i++) m += !strcmp(nz(r->p[i].category), cat);
        if (!m) continue;
        rc = kh_buf_printf(&b, "%s%s %d 个", first ? "；按类别分，" : "、", cat, m);
        first = 0;
    }
    char rate[64];
    kh_fmt_pct(cnt[KH_RS_CLOSED], n, 1, rate, sizeof rate);
    if (!rc)
        rc = kh_buf_printf(&b,
                           "。截至%s，已销号 %ld 个，申请销号待核实 %ld 个，"
                           "整改中 %ld 个，未开始 %ld 个，逾期未完成 %ld 个；"
                           "销号率 %s（%ld/%ld）。",
                           today, cnt[KH_RS_CLOSED], cnt[KH_RS_REQUESTED],
                           cnt[KH_RS_DOING], cnt[KH_RS_TODO], cnt[KH_RS_OVERDUE],
                           n ? rate : "0%", cnt[KH_RS_CLOSED], n);
    if (!rc) rc = kh_doc_para(d, b.data, err);
    /* 二、整改内容完成情况 */
    if (!rc) rc = kh_doc_heading(d, "二、整改内容完成情况", err);
    int seq = 0;
    for (int k = 0; !rc && k < ncat; k++) {
        const char *cat = kh_standard_enum_label(std, ecat, k);
        int m = 0, mc = 0;
        for (size_t i = 0; i < r->n; i++)
            if (!strcmp(nz(r->p[i].category), cat)) {
                m++;
                mc += r->p[i].status == KH_RS_CLOSED;
            }
        if (!m) continue;
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "（%s）%s：%d 个问题，已销号 %d 个。", CN(seq), cat,
                           m, mc);
        seq++;
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    static const kh_doc_col c2[] = {
        {"编号", 1, 'n'},          {"问题", 0, 's'},    {"整改措施", 0, 's'},
        {"牵头部门（责任单位）", 0, 's'}, {"责任人", 0, 's'}, {"整改时限", 0, 's'},
        {"进展及状态", 0, 's'}};
    if (!rc) rc = kh_doc_table(d, "整改完成情况", c2, 7, err);
    for (int k = 0; !rc && k < ncat; k++) {
        const char *cat = kh_standard_enum_label(std, ecat, k);
        for (size_t i = 0; !rc && i < r->n; i++) {
            const kh_problem *p = &r->p[i];
            if (strcmp(nz(p->category), cat)) continue;
            char id[24], dl[64], dep[600], st[1200];
            snprintf(id, sizeof id, "%lld", p->id);
            deadline_words(p, dl, sizeof dl);
            depts_words(p, dep, sizeof dep);
            snprintf(st, sizeof st, "%s%s%s", kh_rect_status_zh(shown(c, p)),
                     p->progress ? "：" : "", p->progress ? p->progress : "");
            const char *cells[] = {id, p->text, nz(p->measures), dep,
                                   nz(p->person), dl, st};
            rc = kh_doc_row(d, cells, err);
        }
    }
    /* 三、整改成效 */
    if (!rc) rc = kh_doc_heading(d, "三、整改成效", err);
    kh_buf_reset(&b);
    if (!rc)
        rc = kh_buf_printf(&b, "已整改销号问题 %ld 个，占反馈问题的 %s（%ld/%ld）。",
                           cnt[KH_RS_CLOSED], n ? rate : "0%", cnt[KH_RS_CLOSED], n);
    if (!rc) rc = kh_doc_para(d, b.data, err);
    if (!rc) rc = effect_table(d, r, &b, err);
    int item = 0;
    for (size_t i = 0; !rc && i < r->n; i++) {
        const kh_problem *p = &r->p[i];
        if (p->status != KH_RS_CLOSED) continue;
        char fig[400], when[48];
        found_figure(p, fig, sizeof fig);
        {
            /* a generated text says the figure already */
            char a[48], b2[48], nd[120];
            kh_fmt_int(p->value_num, a, sizeof a);
            kh_fmt_int(p->value_den, b2, sizeof b2);
            snprintf(nd, sizeof nd, "%s/%s", a, b2);
            if (fig[0] && strstr(p->text, nd)) fig[0] = '\0';
        }
        kh_fmt_date_zh(p->closed_at ? p->closed_at : p->updated_at, when,
                       sizeof when);
        kh_buf_reset(&b);
        ++item;
        if (fig[0])
            rc = kh_buf_printf(&b, "%d．%s（发现时%s）。已于%s经核实销号。", item,
                               p->text, fig, when[0] ? when : today);
        else
            rc = kh_buf_printf(&b, "%d．%s。已于%s经核实销号。", item, p->text,
                               when[0] ? when : today);
        kh_recheck_words k;
        if (!rc && kh_recheck_words_of(p, &k))
            rc = kh_buf_printf(&b, "%s%s为 %s，%s。", k.run, k.what, k.after,
                               k.verdict);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    /* 四、各牵头部门整改情况 */
    const char *depts[256];
    size_t nd = distinct(r, 1, depts, 256);
    static const kh_doc_col c3[] = {{"牵头部门", 0, 's'}, {"问题数", 2, 'n'},
                                    {"已销号", 2, 'n'},  {"申请销号", 2, 'n'},
                                    {"整改中", 2, 'n'},  {"未开始", 2, 'n'},
                                    {"逾期", 2, 'n'},    {"销号率", 2, 'n'}};
    if (!rc) rc = kh_doc_heading(d, "四、各牵头部门整改情况", err);
    if (!rc) rc = kh_doc_table(d, "各牵头部门", c3, 8, err);
    for (size_t k = 0; !rc && k < nd; k++) {
        long m[5] = {0}, tot = 0;
        for (size_t i = 0; i < r->n; i++) {
            const char *l = r->p[i].lead_dept ? r->p[i].lead_dept : "未定牵头部门";
            if (strcmp(l, depts[k])) continue;
            tot++;
            m[shown(c, &r->p[i])]++;
        }
        char v[7][32];
        snprintf(v[0], 32, "%ld", tot);
        snprintf(v[1], 32, "%ld", m[KH_RS_CLOSED]);
        snprintf(v[2], 32, "%ld", m[KH_RS_REQUESTED]);
        snprintf(v[3], 32, "%ld", m[KH_RS_DOING]);
        snprintf(v[4], 32, "%ld", m[KH_RS_TODO]);
        snprintf(v[5], 32, "%ld", m[KH_RS_OVERDUE]);
        kh_fmt_pct(m[KH_RS_CLOSED], tot, 1, v[6], 32);
        const char *cells[] = {depts[k], v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
        rc = kh_doc_row(d, cells, err);
    }
    /* 执纪问责 and 长效机制 (the county 方案 六(三)), from what each
     * problem's plan records; a section with nothing recorded is left
     * out, so the numbers after 四 follow what is printed. */
    static const char *const num_zh[] = {"五", "六", "七", "八"};
    int sec = 0;
    char head[64];
    for (int part = 0; part < 2 && !rc; part++) {
        size_t have = 0;
        for (size_t i = 0; i < r->n; i++) {
            const char *t = part ? r->p[i].mechanism : r->p[i].accountability;
            have += t && t[0];
        }
        if (!have) continue;
        snprintf(head, sizeof head, "%s、%s", num_zh[sec++],
                 part ? "长效机制建设" : "执纪问责情况");
        rc = kh_doc_heading(d, head, err);
        int k = 0;
        for (size_t i = 0; !rc && i < r->n; i++) {
            const kh_problem *p = &r->p[i];
            const char *t = part ? p->mechanism : p->accountability;
            if (!t || !t[0]) continue;
            kh_buf_reset(&b);
            rc = kh_buf_printf(&b, "%d．针对“%s”（编号 %lld）：%s", ++k,
                               p->text, p->id, t);
            size_t l = b.len;
            /* a sentence ends with its stop */
            if (!rc && l >= 3 && memcmp(b.data + l - 3, "。", 3) != 0)
                rc = kh_buf_adds(&b, "。");
            if (!rc) rc = kh_doc_para(d, b.data, err);
        }
    }
    /* 存在的不足及建议 */
    snprintf(head, sizeof head, "%s、存在的不足及建议", num_zh[sec++]);
    if (!rc) rc = kh_doc_heading(d, head, err);
    long open = n - cnt[KH_RS_CLOSED], noplan = 0;
    for (size_t i = 0; i < r->n; i++)
        noplan += r->p[i].status != KH_RS_CLOSED && !r->p[i].measures;
    kh_buf_reset(&b);
    if (!rc && !open)
        rc = kh_buf_adds(&b, "反馈问题已全部整改销号，但部分问题需长期坚持，"
                             "防止问题反弹。");
    else if (!rc)
        rc = kh_buf_printf(&b,
                           "尚有 %ld 个问题未完成整改，其中逾期未完成 %ld 个，"
                           "申请销号待核实 %ld 个，尚未制定整改措施 %ld 个。",
                           open, cnt[KH_RS_OVERDUE], cnt[KH_RS_REQUESTED], noplan);
    if (!rc) rc = kh_doc_para(d, b.data, err);
    int sug = 0;
    if (!rc && cnt[KH_RS_OVERDUE]) {
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "%d．逾期问题：", ++sug);
        int f = 1;
        long late = 0, passing = 0; /* passing: the latest recheck passes */
        for (size_t i = 0; !rc && i < r->n; i++) {
            const kh_problem *p = &r->p[i];
            if (shown(c, p) != KH_RS_OVERDUE) continue;
            int ok = p->recheck.run && p->recheck.pass;
            late++;
            passing += ok;
            rc = kh_buf_printf(&b, "%s编号 %lld（%s牵头，已逾期 %ld 天%s）",
                               f ? "" : "；", p->id, nz(p->lead_dept),
                               overdue_days(c, p),
                               ok ? "，复核已达标，尚未申请销号" : "");
            f = 0;
        }
        /* a problem whose indicator passes needs its 销号 asked for, not a
         * new deadline */
        if (!rc && passing < late)
            rc = kh_buf_adds(&b, "。建议对逾期问题逐项督办，牵头部门说明原因并"
                                 "重新明确完成时间");
        if (!rc && passing)
            rc = kh_buf_adds(&b, passing < late
                                     ? "；复核已达标的，以复核结果为佐证尽快申请销号"
                                     : "。建议督促牵头部门以复核结果为佐证尽快"
                                       "申请销号");
        if (!rc) rc = kh_buf_adds(&b, "。");
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    if (!rc && noplan) {
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "%d．尚有 %ld 个问题未制定整改措施，建议尽快明确牵头部门、"
                               "责任单位、责任人和整改时限。", ++sug, noplan);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    if (!rc && cnt[KH_RS_REQUESTED]) {
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "%d．%ld 个问题已申请销号，建议及时组织核实，"
                               "符合要求的予以销号。", ++sug, cnt[KH_RS_REQUESTED]);
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    /* 下步工作打算 */
    snprintf(head, sizeof head, "%s、下步工作打算", num_zh[sec++]);
    if (!rc) rc = kh_doc_heading(d, head, err);
    item = 0;
    for (size_t i = 0; !rc && i < r->n; i++) {
        const kh_problem *p = &r->p[i];
        int sh = shown(c, p);
        int rebound = p->recheck.run > 0 && p->recheck.rebound;
        int passed = p->recheck.run > 0 && p->recheck.pass;
        if (p->status == KH_RS_CLOSED && !p->long_term && !rebound) continue;
        kh_buf_reset(&b);
        item++;
        kh_recheck_words k;
        if (rebound && p->status == KH_RS_CLOSED && kh_recheck_words_of(p, &k))
            rc = kh_buf_printf(&b,
                               "%d．“%s”（编号 %lld）已销号，但%s%s为 %s，"
                               "问题反弹，由%s牵头重新研判是否重新整改。",
                               item, p->text, p->id, k.run, k.what, k.after,
                               nz(p->lead_dept));
        else if (passed && p->status == KH_RS_REQUESTED &&
                 kh_recheck_words_of(p, &k))
            rc = kh_buf_printf(&b,
                               "%d．“%s”（编号 %lld）%s已达标（%s），已申请销号，"
                               "尽快组织核实销号。",
                               item, p->text, p->id, k.run, k.after);
        else if (passed && p->status != KH_RS_CLOSED &&
                 kh_recheck_words_of(p, &k))
            rc = kh_buf_printf(&b,
                               "%d．“%s”（编号 %lld）%s已达标（%s），由%s以复核"
                               "结果为佐证尽快申请销号。",
                               item, p->text, p->id, k.run, k.after,
                               nz(p->lead_dept));
        else if (p->status == KH_RS_CLOSED)
            rc = kh_buf_printf(&b, "%d．巩固“%s”的整改成果：%s，由%s牵头长期坚持。",
                               item, p->text, nz(p->measures), nz(p->lead_dept));
        else if (!p->measures)
            rc = kh_buf_printf(&b,
                               "%d．“%s”（编号 %lld）尚未制定整改措施，须明确"
                               "牵头部门、责任单位和整改时限，尽快制定方案。",
                               item, p->text, p->id);
        else {
            char when[96], dl[64];
            deadline_words(p, dl, sizeof dl);
            if (p->long_term)
                snprintf(when, sizeof when, "长期坚持");
            else if (sh == KH_RS_OVERDUE)
                snprintf(when, sizeof when, "已逾期 %ld 天，须尽快完成",
                         overdue_days(c, p));
            else
                snprintf(when, sizeof when, "于%s完成", dl);
            rc = kh_buf_printf(&b, "%d．%s“%s”（编号 %lld）：%s。由%s牵头", item,
                               sh == KH_RS_OVERDUE ? "加快整改" : "继续整改",
                               p->text, p->id, p->measures, nz(p->lead_dept));
            if (!rc && p->units) rc = kh_buf_printf(&b, "，%s配合", p->units);
            if (!rc) rc = kh_buf_printf(&b, "，%s。", when);
        }
        if (!rc) rc = kh_doc_para(d, b.data, err);
    }
    if (!rc && !item) rc = kh_doc_para(d, "全部问题已销号，转入常态化巩固。", err);
    if (!rc) rc = kh_doc_sign(d, c, 1, err);
    kh_buf_free(&b);
    if (rc && !err->status) kh_error_nomem(err);
    return rc;
}

typedef struct report_args {
    const kh_doc_ctx *c;
    const kh_problem_rows *rows;
    const kh_standard *std;
} report_args;

static int report_body(kh_doc *d, void *ctx, kh_error *err)
{
    const report_args *a = ctx;
    return write_report(d, a->c, a->rows, a->std, err);
}

int kh_rect_report_write(const kh_doc_ctx *c, const kh_problem_rows *rows,
                         const kh_standard *std, int format,
                         const char *path, kh_error *err)
{
    report_args a = {c, rows, std};
    char title[300];
    snprintf(title, sizeof title, "%s整改报告", c->region_name);
    return kh_doc_publish("整改报告", title, c, format, path, report_body,
                           &a, err);
}
