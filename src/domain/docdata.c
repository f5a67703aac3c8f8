/* SPDX-License-Identifier: MIT */
/*
 * docdata.c - the plain data documents are written from
 * (include/kaohe/documents.h): owned copies of problems, the 文号 from its
 * pattern, the 发文机关 and 落款日期 of a document, a problem's latest
 * recheck in words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/documents.h"
#include "kaohe/fmt.h"
#include "kaohe/indicators.h"
#include "kaohe/label.h"
#include "kaohe/standard.h"
#include "kaohe/mask.h"

static int dup(const char **dst, const char *src, int *oom)
{
    *dst = NULL;
    if (!src) return 0;
    char *d = strdup(src);
    if (!d) *oom = 1;
    *dst = d;
    return 0;
}

static void free_one(kh_problem *q)
{
    const char **f[] = {&q->region,   &q->region_name,    &q->source,
                        &q->found_on, &q->category,       &q->text,
                        &q->indicator, &q->rule,          &q->origin,
                        &q->measures, &q->lead_dept,      &q->units,
                        &q->person,   &q->deadline,       &q->progress,
                        &q->requested_by, &q->created_at, &q->created_by,
                        &q->updated_at, &q->closed_at,
                        &q->stage_start[0], &q->stage_start[1],
                        &q->stage_start[2], &q->recheck.at,
                        &q->recheck.source, &q->accountability,
                        &q->mechanism};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        free((char *)*f[i]);
        *f[i] = NULL;
    }
}

int kh_problem_rows_add(kh_problem_rows *r, const kh_problem *p,
                        kh_error *err)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        kh_problem *x = realloc(r->p, cap * sizeof *x);
        if (!x) return kh_error_nomem(err);
        r->p = x;
        if (r->close) {
            kh_problem_close *y = realloc(r->close, cap * sizeof *y);
            if (!y) return kh_error_nomem(err);
            memset(y + r->cap, 0, (cap - r->cap) * sizeof *y);
            r->close = y;
        }
        r->cap = cap;
    }
    kh_problem *q = &r->p[r->n];
    *q = *p;
    int oom = 0;
    dup(&q->region, p->region, &oom);
    dup(&q->region_name, p->region_name, &oom);
    dup(&q->source, p->source, &oom);
    dup(&q->found_on, p->found_on, &oom);
    dup(&q->category, p->category, &oom);
    dup(&q->text, p->text, &oom);
    dup(&q->indicator, p->indicator, &oom);
    dup(&q->rule, p->rule, &oom);
    dup(&q->origin, p->origin, &oom);
    dup(&q->measures, p->measures, &oom);
    dup(&q->lead_dept, p->lead_dept, &oom);
    dup(&q->units, p->units, &oom);
    dup(&q->person, p->person, &oom);
    dup(&q->deadline, p->deadline, &oom);
    dup(&q->progress, p->progress, &oom);
    dup(&q->accountability, p->accountability, &oom);
    dup(&q->mechanism, p->mechanism, &oom);
    dup(&q->requested_by, p->requested_by, &oom);
    dup(&q->created_at, p->created_at, &oom);
    dup(&q->created_by, p->created_by, &oom);
    dup(&q->updated_at, p->updated_at, &oom);
    dup(&q->closed_at, p->closed_at, &oom);
    /* the latest recheck (the 整改报告's 成效, the 台账's columns) */
    dup(&q->recheck.at, p->recheck.at, &oom);
    dup(&q->recheck.source, p->recheck.source, &oom);
    for (int k = 0; k < KH_NSTAGES; k++)
        dup(&q->stage_start[k], p->stage_start[k], &oom);
    if (oom) {
        free_one(q);
        return kh_error_nomem(err);
    }
    r->n++;
    return KH_OK;
}

/* *f masked in place (a new copy when it quotes something to mask). */
static int mask_field(const char **f, kh_error *err)
{
    if (!*f || !kh_mask_text_has(*f, strlen(*f), 0)) return KH_OK;
    kh_buf b = KH_BUF_INIT;
    char *m = NULL;
    if (kh_mask_text(&b, *f, strlen(*f), 0) || !(m = kh_buf_take(&b))) {
        kh_buf_free(&b);
        return kh_error_nomem(err);
    }
    free((char *)*f);
    *f = m;
    return KH_OK;
}

void kh_problem_texts(kh_problem *q, const char **f[KH_PROBLEM_NTEXTS])
{
    const char **all[KH_PROBLEM_NTEXTS] = {
        &q->region_name, &q->source,       &q->category,   &q->text,
        &q->rule,        &q->origin,       &q->measures,   &q->lead_dept,
        &q->units,       &q->person,       &q->progress,   &q->requested_by,
        &q->created_by,  &q->accountability, &q->mechanism};
    memcpy(f, all, sizeof all);
}

int kh_problem_rows_mask(kh_problem_rows *r, kh_error *err)
{
    for (size_t i = 0; i < r->n; i++) {
        const char **f[KH_PROBLEM_NTEXTS];
        kh_problem_texts(&r->p[i], f);
        for (size_t k = 0; k < KH_PROBLEM_NTEXTS; k++)
            if (mask_field(f[k], err)) return KH_ERR_NOMEM;
        if (r->close) {
            kh_problem_close *c = &r->close[i];
            const char **g[] = {(const char **)&c->requested_by,
                                (const char **)&c->verified_by};
            for (size_t k = 0; k < sizeof g / sizeof g[0]; k++)
                if (mask_field(g[k], err)) return KH_ERR_NOMEM;
        }
    }
    return KH_OK;
}

int kh_problem_rows_close(kh_problem_rows *r, size_t i,
                          const char *requested_by, const char *verified_by,
                          const char *verified_at, kh_error *err)
{
    if (i >= r->n)
        return kh_error_msg(err, KH_ERR_USAGE, "usage", "无效参数",
                            "invalid argument");
    if (!r->close) {
        r->close = calloc(r->cap ? r->cap : 1, sizeof *r->close);
        if (!r->close) return kh_error_nomem(err);
    }
    kh_problem_close *c = &r->close[i];
    char *a = requested_by ? strdup(requested_by) : NULL,
         *b = verified_by ? strdup(verified_by) : NULL,
         *d = verified_at ? strdup(verified_at) : NULL;
    if ((requested_by && !a) || (verified_by && !b) || (verified_at && !d)) {
        free(a);
        free(b);
        free(d);
        return kh_error_nomem(err);
    }
    if (a) free(c->requested_by), c->requested_by = a;
    if (b) free(c->verified_by), c->verified_by = b;
    if (d) free(c->verified_at), c->verified_at = d;
    return KH_OK;
}

void kh_problem_rows_free(kh_problem_rows *r)
{
    for (size_t i = 0; i < r->n; i++) free_one(&r->p[i]);
    if (r->close)
        for (size_t i = 0; i < r->n; i++) {
            free(r->close[i].requested_by);
            free(r->close[i].verified_by);
            free(r->close[i].verified_at);
        }
    free(r->close);
    free(r->p);
    memset(r, 0, sizeof *r);
}

void kh_org_docno(const char *pattern, const char *date, int number,
                  char *buf, size_t n)
{
    if (!n) return;
    buf[0] = '\0';
    if (!pattern || !pattern[0]) return;
    size_t used = 0;
    for (const char *p = pattern; *p && used + 1 < n;) {
        char piece[32];
        const char *add = NULL;
        size_t adv = 1;
        if (!strncmp(p, "{年}", strlen("{年}"))) {
            snprintf(piece, sizeof piece, "%.4s", date ? date : "");
            add = piece;
            adv = strlen("{年}");
        } else if (!strncmp(p, "{号}", strlen("{号}"))) {
            if (number > 0)
                snprintf(piece, sizeof piece, "%d", number);
            else
                snprintf(piece, sizeof piece, "　　");
            add = piece;
            adv = strlen("{号}");
        }
        if (add) {
            size_t k = strlen(add);
            if (used + k >= n) break;
            memcpy(buf + used, add, k);
            used += k;
        } else {
            buf[used++] = *p;
        }
        p += adv;
    }
    buf[used] = '\0';
}

void kh_doc_issuer(const kh_doc_ctx *c, char *buf, size_t n)
{
    if (c->org.issuer[0])
        snprintf(buf, n, "%s", c->org.issuer);
    else
        snprintf(buf, n, "%s扶贫开发领导小组", c->region_name);
}

void kh_doc_date_zh(const kh_doc_ctx *c, char *buf, size_t n)
{
    kh_fmt_date_zh(c->org.date[0] ? c->org.date : c->today, buf, n);
}

void kh_doc_number(const kh_doc_ctx *c, char *buf, size_t n)
{
    kh_org_docno(c->org.docno, c->org.date[0] ? c->org.date : c->today,
                 c->number, buf, n);
}

/* The decimals a threshold tn/td needs as a percentage (0..4). */
static int pct_places(long long tn, long long td)
{
    int k = 0;
    long long m = 100;
    while (k < 4 && td > 0 && ((__int128)tn * m) % td != 0) {
        k++;
        m *= 10;
    }
    return k;
}

/* A value of an indicator of kind (0 rate, 1 count, 2 yuan) with d
 * decimals when a rate: "50.00%（1/2）", "3", "8,027.10 元". */
static void value_words(int kind, long long num, long long den, int d,
                        char *buf, size_t n)
{
    char a[32], b[32], v[40];
    if (kind == 1) {
        kh_fmt_int(num, buf, n);
    } else if (kind == 2) {
        kh_fmt_yuan_q(num, den, v, sizeof v);
        snprintf(buf, n, "%s 元", v);
    } else if (den <= 0) {
        snprintf(buf, n, "无数据");
    } else {
        kh_fmt_pct(num, den, d, v, sizeof v);
        kh_fmt_int(num, a, sizeof a);
        kh_fmt_int(den, b, sizeof b);
        snprintf(buf, n, "%s（%s/%s）", v, a, b);
    }
}

int kh_recheck_words_of(const kh_problem *p, kh_recheck_words *w)
{
    memset(w, 0, sizeof *w);
    const kh_problem_recheck *k = &p->recheck;
    if (k->run <= 0) return 0;
    snprintf(w->run, sizeof w->run, "第 %lld 次复核（%d 年数据）", k->run,
             k->year);
    kh_fmt_date_zh(k->at, w->date, sizeof w->date);
    snprintf(w->verdict, sizeof w->verdict, "%s",
             k->rebound ? "反弹（已销号后复核未达标）"
             : k->pass  ? "已达标"
                        : "仍未达标");
    const char *ind = p->indicator ? p->indicator : "";
    kh_problem_rule r;
    char rt[200];
    snprintf(rt, sizeof rt, "%s, x", p->rule ? p->rule : "");
    int has_rule = p->rule && !kh_standard_parse_rule(rt, &r);
    if (!strncmp(ind, "veto:", 5)) {
        snprintf(w->what, sizeof w->what, "否决情形");
        snprintf(w->before, sizeof w->before, "%s",
                 p->value_num ? "存在" : "不存在");
        snprintf(w->after, sizeof w->after, "%s",
                 k->after_num ? "仍存在" : "已消除");
        return 1;
    }
    if (!strncmp(ind, "item:", 5)) {
        char a[32], b[32], c[32];
        kh_label_points(k->before_num, a, sizeof a);
        kh_label_points(k->before_den, b, sizeof b);
        snprintf(w->what, sizeof w->what, "综合评价得分");
        snprintf(w->before, sizeof w->before, "%s 分（满分 %s 分）", a, b);
        kh_label_points(k->after_num, a, sizeof a);
        kh_label_points(k->after_den, c, sizeof c);
        snprintf(w->after, sizeof w->after, "%s 分（满分 %s 分）", a, c);
        if (has_rule) {
            char t[24];
            kh_fmt_pct_short(r.num, r.den, t, sizeof t);
            snprintf(w->rule, sizeof w->rule, "得分率%s %s",
                     r.above ? "不高于" : "不低于", t);
        }
        return 1;
    }
    int kind = 0;
    char zh[200];
    if (kh_indicator_label(ind, zh, sizeof zh, NULL, &kind)) {
        char *cut = strstr(zh, "(");
        if (cut && cut != zh) *cut = '\0';
        snprintf(w->what, sizeof w->what, "%s", zh);
    } else {
        snprintf(w->what, sizeof w->what, "%s", p->category ? p->category : "");
    }
    int d = 2;
    if (has_rule && !kind) {
        int t = pct_places(r.num, r.den);
        int db = kh_fmt_pct_decimals(k->before_num, k->before_den, r.num,
                                     r.den, 2);
        int da = kh_fmt_pct_decimals(k->after_num, k->after_den, r.num, r.den,
                                     2);
        d = db > da ? db : da;
        if (d < t) d = t;
        char th[24];
        kh_fmt_pct_short(r.num, r.den, th, sizeof th);
        snprintf(w->rule, sizeof w->rule, "%s %s",
                 r.above ? "不高于" : "不低于", th);
    }
    value_words(kind, k->before_num, k->before_den, d, w->before,
                sizeof w->before);
    value_words(kind, k->after_num, k->after_den, d, w->after,
                sizeof w->after);
    return 1;
}
