/* SPDX-License-Identifier: MIT */
/*
 * docdata.c - the plain data documents are written from
 * (include/kaohe/documents.h): owned copies of problems, the 文号 from its
 * pattern, the 发文机关 and 落款日期 of a document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/documents.h"
#include "kaohe/fmt.h"
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
                        &q->updated_at, &q->stage_start[0],
                        &q->stage_start[1], &q->stage_start[2]};
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
    dup(&q->requested_by, p->requested_by, &oom);
    dup(&q->created_at, p->created_at, &oom);
    dup(&q->created_by, p->created_by, &oom);
    dup(&q->updated_at, p->updated_at, &oom);
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

int kh_problem_rows_mask(kh_problem_rows *r, kh_error *err)
{
    for (size_t i = 0; i < r->n; i++) {
        kh_problem *q = &r->p[i];
        const char **f[] = {&q->region_name, &q->source,   &q->category,
                            &q->text,        &q->rule,     &q->origin,
                            &q->measures,    &q->lead_dept, &q->units,
                            &q->person,      &q->progress, &q->requested_by,
                            &q->created_by};
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
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
