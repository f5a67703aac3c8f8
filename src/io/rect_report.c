/* SPDX-License-Identifier: MIT */
/*
 * rect_report.c - the 整改报告 generated from the record
 * (include/kaohe/rect_report.h): 基本情况 (counts by source, category and
 * status), 整改内容完成情况 (per category, each problem with its measures,
 * departments, progress and status), the 牵头部门 table, what is
 * unfinished or overdue, and 下步工作打算 (one item a problem not yet
 * closed). The same content is laid out as XLSX (a sheet per part) or
 * PDF; nothing in it is typed by hand. For `kaohe rectify report` and
 * GET /api/reports/rectify.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/date.h"
#include "kaohe/encoding.h"
#include "kaohe/pdf.h"
#include "kaohe/rect_report.h"
#include "kaohe/rectify.h"
#include "kaohe/standard.h"
#include "kaohe/tabwriter.h"

/* ---- the record, copied ---- */

typedef struct rp {
    long long id;
    char *region, *region_name, *source, *category, *text, *measures,
        *lead, *units, *deadline, *progress;
    int status, shown, long_term;
    long overdue_days; /* > 0 when 逾期 */
} rp;

typedef struct model {
    rp *p;
    size_t n, cap;
    char today[11];
    int oom;
} model;

static char *dup(const char *s, int *oom)
{
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *oom = 1;
    return d;
}

static int take(void *ctx, const kh_problem *p, kh_error *err)
{
    model *m = ctx;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        rp *x = realloc(m->p, cap * sizeof *x);
        if (!x)
            return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                "out of memory");
        m->p = x;
        m->cap = cap;
    }
    rp *r = &m->p[m->n++];
    memset(r, 0, sizeof *r);
    r->id = p->id;
    r->region = dup(p->region, &m->oom);
    r->region_name = dup(p->region_name ? p->region_name : p->region,
                         &m->oom);
    r->source = dup(p->source, &m->oom);
    r->category = dup(p->category, &m->oom);
    r->text = dup(p->text, &m->oom);
    r->measures = dup(p->measures, &m->oom);
    r->lead = dup(p->lead_dept, &m->oom);
    r->units = dup(p->units, &m->oom);
    r->deadline = dup(p->deadline, &m->oom);
    r->progress = dup(p->progress, &m->oom);
    r->status = p->status;
    r->long_term = p->long_term;
    r->shown = kh_problem_shown(p, m->today);
    if (r->shown == KH_RS_OVERDUE) {
        int y, mo, d, ty, tm, td;
        if (!kh_date_parse(p->deadline, 10, &y, &mo, &d) &&
            !kh_date_parse(m->today, 10, &ty, &tm, &td))
            r->overdue_days =
                kh_date_days(ty, tm, td) - kh_date_days(y, mo, d);
    }
    if (m->oom)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    return KH_OK;
}

static void model_free(model *m)
{
    for (size_t i = 0; i < m->n; i++) {
        rp *r = &m->p[i];
        free(r->region);
        free(r->region_name);
        free(r->source);
        free(r->category);
        free(r->text);
        free(r->measures);
        free(r->lead);
        free(r->units);
        free(r->deadline);
        free(r->progress);
    }
    free(m->p);
}

/* ---- where it goes: XLSX or PDF, behind one small interface ---- */

typedef struct out {
    /* XLSX: written in two passes, the text into the first sheet, then
     * each table into a sheet of its own (sheets are written in order) */
    kh_tabwriter *tw;
    int text, tables; /* what this pass writes */
    /* PDF: one pass, text and tables in order */
    kh_pdf *pdf;
    kh_pdf_table *table;
    kh_error *err;
} out;

typedef struct col {
    const char *name;
    double width;
} col;

static int o_title(out *o, const char *title, const char *sub)
{
    if (o->pdf) return kh_pdf_title(o->pdf, title, sub, o->err);
    if (!o->text) return KH_OK;
    const char *c1[] = {title};
    const char *c2[] = {sub};
    int rc = kh_tabwriter_sheet(o->tw, "整改报告", o->err);
    kh_tabwriter_width(o->tw, 0, 120);
    if (!rc) rc = kh_tabwriter_row(o->tw, c1, "h", 1, o->err);
    if (!rc) rc = kh_tabwriter_row(o->tw, c2, "s", 1, o->err);
    return rc;
}

static int o_heading(out *o, const char *text)
{
    if (o->pdf) return kh_pdf_heading(o->pdf, text, o->err);
    if (!o->text) return KH_OK;
    const char *c[] = {text};
    return kh_tabwriter_row(o->tw, c, "h", 1, o->err);
}

static int o_para(out *o, const char *text)
{
    if (o->pdf) return kh_pdf_text(o->pdf, KH_PDF_BODY, KH_PDF_INDENT, text,
                                   o->err);
    if (!o->text) return KH_OK;
    const char *c[] = {text};
    return kh_tabwriter_row(o->tw, c, "s", 1, o->err);
}

/* A table: in XLSX a sheet of its own named sheet. */
static int o_table(out *o, const char *sheet, const col *cols, size_t n)
{
    if (o->pdf) {
        kh_pdf_col pc[16];
        for (size_t i = 0; i < n; i++) {
            pc[i].header = cols[i].name;
            pc[i].width = cols[i].width;
            pc[i].align = KH_PDF_LEFT;
            pc[i].label = 0;
        }
        kh_pdf_space(o->pdf, 2);
        return kh_pdf_table_begin(o->pdf, pc, n, 1, &o->table, o->err);
    }
    if (o->text && !o->tables) {
        char b[160];
        snprintf(b, sizeof b, "(见工作表“%s”)", sheet);
        return o_para(o, b);
    }
    if (!o->tables) return KH_OK;
    int rc = kh_tabwriter_sheet(o->tw, sheet, o->err);
    const char *cells[16];
    char types[17];
    for (size_t i = 0; i < n; i++) {
        cells[i] = cols[i].name;
        types[i] = 'h';
        kh_tabwriter_width(o->tw, i, cols[i].width);
    }
    types[n] = '\0';
    if (!rc) rc = kh_tabwriter_row(o->tw, cells, types, n, o->err);
    return rc;
}

static int o_row(out *o, const char *const *cells, const char *types,
                 size_t n)
{
    if (o->pdf) {
        (void)types;
        return kh_pdf_table_row(o->table, cells, n, NULL, o->err);
    }
    if (!o->tables) return KH_OK;
    return kh_tabwriter_row(o->tw, cells, types, n, o->err);
}

static void o_table_end(out *o)
{
    if (o->pdf) {
        kh_pdf_table_end(o->table);
        o->table = NULL;
        kh_pdf_space(o->pdf, 3);
    }
}

/* ---- the report ---- */

static const char *nz(const char *s) { return s && s[0] ? s : "—"; }

static int count_status(const model *m, int shown)
{
    int n = 0;
    for (size_t i = 0; i < m->n; i++) n += m->p[i].shown == shown;
    return n;
}

static void pct(char *b, size_t n, long num, long den)
{
    if (den <= 0)
        snprintf(b, n, "—");
    else
        snprintf(b, n, "%.1f%%", 100.0 * (double)num / (double)den);
}

/* Distinct values of a field in first-seen order, for sources and
 * departments. */
static size_t distinct(const model *m, size_t off, const char **vals,
                       size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++) {
        const char *v = *(char *const *)((const char *)&m->p[i] + off);
        if (!v) v = "(未定牵头部门)";
        size_t j = 0;
        while (j < k && strcmp(vals[j], v)) j++;
        if (j == k && k < max) vals[k++] = v;
    }
    return k;
}

static int write_report(out *o, const model *m, const kh_standard *std,
                        const char *title, kh_error *err)
{
    kh_buf b = KH_BUF_INIT;
    char sub[96];
    snprintf(sub, sizeof sub, "(截至 %s,据 kaohe 整改台账生成)", m->today);
    int rc = o_title(o, title, sub);
    long n = (long)m->n;
    long closed = count_status(m, KH_RS_CLOSED),
         req = count_status(m, KH_RS_REQUESTED),
         doing = count_status(m, KH_RS_DOING),
         todo = count_status(m, KH_RS_TODO),
         late = count_status(m, KH_RS_OVERDUE);
    char rate[16];
    pct(rate, sizeof rate, closed, n);
    /* 一、基本情况 */
    if (!rc) rc = o_heading(o, "一、基本情况");
    const char *srcs[32];
    size_t nsrc = distinct(m, offsetof(rp, source), srcs, 32);
    if (!rc) rc = kh_buf_printf(&b, "共梳理反馈问题 %ld 个", n);
    for (size_t k = 0; !rc && k < nsrc; k++) {
        int c = 0;
        for (size_t i = 0; i < m->n; i++) c += !strcmp(m->p[i].source, srcs[k]);
        rc = kh_buf_printf(&b, "%s%s发现 %d 个", k ? "、" : ",其中", srcs[k],
                           c);
    }
    int ecat = kh_standard_enum(std, "problem_category");
    int ncat = kh_standard_enum_count(std, ecat);
    int first = 1;
    for (int k = 0; !rc && k < ncat; k++) {
        const char *cat = kh_standard_enum_label(std, ecat, k);
        int c = 0;
        for (size_t i = 0; i < m->n; i++) c += !strcmp(m->p[i].category, cat);
        if (!c) continue;
        rc = kh_buf_printf(&b, "%s%s %d 个", first ? ";按类别分:" : "、", cat,
                           c);
        first = 0;
    }
    if (!rc)
        rc = kh_buf_printf(&b,
                           "。截至 %s,已销号 %ld 个,申请销号待核实 %ld 个,"
                           "整改中 %ld 个,未开始 %ld 个,逾期未完成 %ld 个;"
                           "销号率 %s。",
                           m->today, closed, req, doing, todo, late, rate);
    if (!rc) rc = o_para(o, b.data);
    /* 二、整改内容完成情况, by category */
    if (!rc) rc = o_heading(o, "二、整改内容完成情况");
    static const char *const cn[] = {"一", "二", "三", "四", "五",
                                     "六", "七", "八", "九", "十"};
    int seq = 0;
    for (int k = 0; !rc && k < ncat; k++) {
        const char *cat = kh_standard_enum_label(std, ecat, k);
        int c = 0, cc = 0;
        for (size_t i = 0; i < m->n; i++)
            if (!strcmp(m->p[i].category, cat)) {
                c++;
                cc += m->p[i].status == KH_RS_CLOSED;
            }
        if (!c) continue;
        kh_buf_reset(&b);
        rc = kh_buf_printf(&b, "(%s)%s:%d 个问题,已销号 %d 个。",
                           seq < 10 ? cn[seq] : "…", cat, c, cc);
        seq++;
        if (!rc) rc = o_para(o, b.data);
    }
    static const col c2[] = {{"编号", 7},     {"区划", 12},
                             {"问题", 40},    {"整改措施", 36},
                             {"牵头部门", 14}, {"责任单位", 16},
                             {"进展", 26},    {"状态", 15}};
    if (!rc) rc = o_table(o, "整改完成情况", c2, 8);
    for (int k = 0; !rc && k < ncat; k++) {
        const char *cat = kh_standard_enum_label(std, ecat, k);
        for (size_t i = 0; !rc && i < m->n; i++) {
            const rp *r = &m->p[i];
            if (strcmp(r->category, cat)) continue;
            char id[24];
            snprintf(id, sizeof id, "%lld", r->id);
            const char *c[] = {id,          r->region_name,
                               r->text,     nz(r->measures),
                               nz(r->lead), nz(r->units),
                               nz(r->progress), kh_rect_status_zh(r->shown)};
            rc = o_row(o, c, "nsssssss", 8);
        }
    }
    o_table_end(o);
    /* 三、各牵头部门整改情况 */
    const char *depts[256];
    size_t nd = distinct(m, offsetof(rp, lead), depts, 256);
    static const col c3[] = {{"牵头部门", 22}, {"问题数", 10}, {"已销号", 10},
                             {"申请销号", 12}, {"整改中", 10}, {"未开始", 10},
                             {"逾期", 10},    {"销号率", 12}};
    if (!rc) rc = o_heading(o, "三、各牵头部门整改情况");
    if (!rc) rc = o_table(o, "各牵头部门", c3, 8);
    for (size_t k = 0; !rc && k < nd; k++) {
        long cnt[5] = {0}, tot = 0;
        for (size_t i = 0; i < m->n; i++) {
            const char *l = m->p[i].lead ? m->p[i].lead : "(未定牵头部门)";
            if (strcmp(l, depts[k])) continue;
            tot++;
            cnt[m->p[i].shown]++;
        }
        char v[7][24];
        snprintf(v[0], 24, "%ld", tot);
        snprintf(v[1], 24, "%ld", cnt[KH_RS_CLOSED]);
        snprintf(v[2], 24, "%ld", cnt[KH_RS_REQUESTED]);
        snprintf(v[3], 24, "%ld", cnt[KH_RS_DOING]);
        snprintf(v[4], 24, "%ld", cnt[KH_RS_TODO]);
        snprintf(v[5], 24, "%ld", cnt[KH_RS_OVERDUE]);
        pct(v[6], 24, cnt[KH_RS_CLOSED], tot);
        const char *c[] = {depts[k], v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
        rc = o_row(o, c, "snnnnnns", 8);
    }
    o_table_end(o);
    /* 四、尚未完成和逾期的问题 */
    static const col c4[] = {{"编号", 7},     {"区划", 12},    {"问题", 44},
                             {"牵头部门", 14}, {"整改时限", 17}, {"状态", 15},
                             {"逾期天数", 14}};
    if (!rc) rc = o_heading(o, "四、尚未完成和逾期的问题");
    if (!rc) rc = o_table(o, "未完成和逾期", c4, 7);
    for (int pass = 0; !rc && pass < 2; pass++)
        for (size_t i = 0; !rc && i < m->n; i++) {
            const rp *r = &m->p[i];
            if (r->status == KH_RS_CLOSED) continue;
            /* overdue first, then the rest */
            if ((r->shown == KH_RS_OVERDUE) != (pass == 0)) continue;
            char id[24], days[24] = "";
            snprintf(id, sizeof id, "%lld", r->id);
            if (r->overdue_days > 0)
                snprintf(days, sizeof days, "%ld", r->overdue_days);
            const char *c[] = {id,
                               r->region_name,
                               r->text,
                               nz(r->lead),
                               r->long_term ? "长期坚持" : nz(r->deadline),
                               kh_rect_status_zh(r->shown),
                               days};
            rc = o_row(o, c, "nssssn", 7);
        }
    o_table_end(o);
    /* 五、下步工作打算 */
    if (!rc) rc = o_heading(o, "五、下步工作打算");
    int item = 0;
    for (size_t i = 0; !rc && i < m->n; i++) {
        const rp *r = &m->p[i];
        if (r->status == KH_RS_CLOSED && !r->long_term) continue;
        kh_buf_reset(&b);
        item++;
        if (r->status == KH_RS_CLOSED)
            rc = kh_buf_printf(&b, "%d、巩固“%s”的整改成果:%s,由%s牵头长期坚持。",
                               item, r->text, nz(r->measures), nz(r->lead));
        else if (!r->measures)
            rc = kh_buf_printf(&b,
                               "%d、“%s”(问题 %lld)尚未制定整改措施,须明确"
                               "牵头部门、责任单位和整改时限,尽快制定方案。",
                               item, r->text, r->id);
        else {
            char when[64];
            if (r->long_term)
                snprintf(when, sizeof when, "长期坚持");
            else if (r->shown == KH_RS_OVERDUE)
                snprintf(when, sizeof when, "已逾期 %ld 天,须尽快完成",
                         r->overdue_days);
            else
                snprintf(when, sizeof when, "于 %s 前完成", nz(r->deadline));
            rc = kh_buf_printf(&b, "%d、%s“%s”(问题 %lld):%s。由%s牵头",
                               item,
                               r->shown == KH_RS_OVERDUE ? "加快整改"
                                                         : "继续整改",
                               r->text, r->id, r->measures, nz(r->lead));
            if (!rc && r->units)
                rc = kh_buf_printf(&b, ",%s配合", r->units);
            if (!rc) rc = kh_buf_printf(&b, ",%s。", when);
        }
        if (!rc) rc = o_para(o, b.data);
    }
    if (!rc && !item) rc = o_para(o, "全部问题已销号,转入常态化巩固。");
    kh_buf_free(&b);
    if (rc && !err->status)
        kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    return rc;
}

int kh_rect_report(kh_store *s, const kh_standard *std,
                   const kh_problem_filter *f, int pdf, const char *path,
                   const char *today, const char *who, const char *when,
                   long *count, kh_error *err)
{
    model m = {0};
    snprintf(m.today, sizeof m.today, "%s", today);
    if (count) *count = 0;
    int rc = kh_store_problems_each(s, f, take, &m, err);
    char title[256];
    if (!rc) {
        const char *region = f->region;
        const char *name = region && m.n && !strcmp(m.p[0].region, region)
                               ? m.p[0].region_name
                               : region ? region : "";
        char y[16] = "";
        if (f->year) snprintf(y, sizeof y, "%d 年", f->year);
        snprintf(title, sizeof title, "%s%s扶贫开发成效考核反馈问题整改报告",
                 name, y);
    }
    out o = {.err = err};
    if (!rc && pdf) {
        kh_pdf_opts po = {title, who, when, "整改报告", {0, 0, 0, 0}};
        rc = kh_pdf_new(path, &po, &o.pdf, err);
        if (!rc) rc = write_report(&o, &m, std, title, err);
        if (o.table) kh_pdf_table_end(o.table);
        if (rc)
            kh_pdf_abort(o.pdf);
        else
            rc = kh_pdf_finish(o.pdf, err);
    } else if (!rc) {
        rc = kh_tabwriter_open(path, KH_TAB_XLSX, KH_ENC_UTF8, &o.tw, err);
        o.text = 1;
        if (!rc) rc = write_report(&o, &m, std, title, err);
        o.text = 0;
        o.tables = 1;
        if (!rc) rc = write_report(&o, &m, std, title, err);
        if (!rc) {
            char foot[400];
            snprintf(foot, sizeof foot, "制表:%s  制表时间:%s", who, when);
            rc = kh_tabwriter_sheet(o.tw, "制表", err);
            const char *c[] = {foot};
            if (!rc) rc = kh_tabwriter_row(o.tw, c, "s", 1, err);
        }
        if (o.tw) {
            if (rc)
                kh_tabwriter_free(o.tw);
            else
                rc = kh_tabwriter_close(o.tw, err);
        }
    }
    if (!rc && count) *count = (long)m.n;
    model_free(&m);
    return rc;
}
