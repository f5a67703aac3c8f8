/* SPDX-License-Identifier: MIT */
/*
 * cli_rectify_recheck.c - `kaohe rectify recheck`: does the indicator (or
 * the assessment item, the veto) behind each problem pass now? Every
 * recheck is stored as a run with each problem's value before and after,
 * pass or fail and 反弹 (rectify.h), then printed as text or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_rectify.h"
#include "kaohe/assess.h"
#include "kaohe/buf.h"
#include "kaohe/indicators.h"
#include "kaohe/rectify.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static const char *nz(const char *s) { return s ? s : ""; }

/* ---- recheck: does the indicator behind each problem pass now? ----
 *
 * The results are gathered first (reading the problems), then written as
 * one recheck run in one transaction, then printed. */

typedef struct rres {
    long long id;
    char region[13];
    char name[96];       /* the region's name (assessment) */
    char indicator[300];
    int status;          /* stored, before the recheck */
    long long bnum, bden, anum, aden;
    int judged, pass, rebound;
    char now[160];       /* assessment: the points or the veto, as text */
    char rule[48];
} rres;

typedef struct rlist {
    rres *v;
    size_t n, cap;
    long pass, fail, gone, rebound;
    kh_indicators *ix;     /* indicators: the year's values */
    const kh_assessment *a; /* assessment: the version */
    char prefix[160];      /* assessment: "assess:SCHEME:YEAR:" */
} rlist;

static rres *rres_push(rlist *l, const kh_problem *p, kh_error *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        rres *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            kh_error_nomem(err);
            return NULL;
        }
        l->v = v;
        l->cap = cap;
    }
    rres *x = &l->v[l->n++];
    memset(x, 0, sizeof *x);
    x->id = p->id;
    snprintf(x->region, sizeof x->region, "%s", p->region);
    snprintf(x->name, sizeof x->name, "%s", nz(p->region_name));
    snprintf(x->indicator, sizeof x->indicator, "%s", nz(p->indicator));
    snprintf(x->rule, sizeof x->rule, "%s", nz(p->rule));
    x->status = p->status;
    x->bnum = p->value_num;
    x->bden = p->value_den;
    return x;
}

static int recheck_one(void *ctx, const kh_problem *p, kh_error *err)
{
    rlist *c = ctx;
    if (!p->indicator || !p->rule) return KH_OK;
    kh_problem_rule r;
    char rule[160];
    snprintf(rule, sizeof rule, "%s, x", p->rule);
    if (kh_standard_parse_rule(rule, &r)) return KH_OK;
    rres *x = rres_push(c, p, err);
    if (!x) return err->status;
    int i = kh_indicators_find(c->ix, p->indicator);
    int g = kh_indicators_region_find(c->ix, p->region);
    if (i < 0 || g < 0) return KH_OK;
    kh_indicators_get(c->ix, (size_t)g, (size_t)i, &x->anum, &x->aden);
    x->judged = 1;
    x->pass = !cli_rect_beyond(&r, x->anum, x->aden);
    return KH_OK;
}

static int arecheck_one(void *ctx, const kh_problem *p, kh_error *err)
{
    rlist *c = ctx;
    if (!p->origin || strncmp(p->origin, c->prefix, strlen(c->prefix)) ||
        !p->indicator)
        return KH_OK;
    rres *x = rres_push(c, p, err);
    if (!x) return err->status;
    int g = -1;
    for (size_t i = 0; i < c->a->nregions; i++)
        if (c->a->regions[i].scheme == c->a->scheme &&
            !strcmp(c->a->regions[i].code, p->region))
            g = (int)i;
    if (g < 0) return KH_OK;
    const kh_assess_region *r = &c->a->regions[g];
    snprintf(x->name, sizeof x->name, "%s", r->name);
    int bad = 0;
    if (!strncmp(p->indicator, "veto:", 5)) {
        for (size_t v = 0; v < r->nvetoes; v++)
            bad |= !strcmp(r->vetoes[v].code, p->indicator + 5);
        x->anum = bad;
        x->aden = 1;
        snprintf(x->now, sizeof x->now, "%s", bad ? "仍触发 / still applies"
                                                  : "未触发 / no longer "
                                                    "applies");
    } else {
        kh_problem_rule rule;
        char rt[160];
        snprintf(rt, sizeof rt, "%s, x", p->rule ? p->rule : "");
        int i = kh_scheme_item_find(r->scheme, p->indicator + 5);
        if (i < 0 || kh_standard_parse_rule(rt, &rule)) return KH_OK;
        x->anum = r->items[i].points;
        x->aden = r->scheme->items[i].max;
        bad = cli_rect_beyond(&rule, x->anum, x->aden);
        char was[32], pts[32], max[32];
        cli_rect_fmt_rate(was, sizeof was, p->value_num, p->value_den);
        kh_points_format(x->anum, pts, sizeof pts);
        kh_points_format(x->aden, max, sizeof max);
        snprintf(x->now, sizeof x->now, "%s -> %s/%s", was, pts, max);
    }
    x->judged = 1;
    x->pass = !bad;
    return KH_OK;
}

/* Write the run and its results; count them. */
static int recheck_store(cli_rect_w *w, rlist *l, int year,
                         const char *source, long long *run)
{
    *run = 0;
    int rc = KH_OK;
    for (size_t i = 0; !rc && i < l->n; i++) {
        rres *x = &l->v[i];
        if (!x->judged) {
            l->gone++;
            continue;
        }
        if (!*run)
            rc = kh_store_recheck_begin(w->s, year, source, w->who, w->now,
                                        run, &w->err);
        if (!rc)
            rc = kh_store_recheck_add(w->s, *run, x->id, x->anum, x->aden,
                                      x->pass, &x->rebound, &w->err);
        if (x->pass)
            l->pass++;
        else
            l->fail++;
        l->rebound += x->rebound;
    }
    return rc;
}

static void recheck_text(const rlist *l, int assess)
{
    for (size_t i = 0; i < l->n; i++) {
        const rres *x = &l->v[i];
        const char *verdict = x->pass ? "已达标 / passes"
                                      : "仍未达标 / still fails";
        const char *rb =
            x->rebound ? "\t反弹 / rebound (已销号 closed)"
            : x->pass && x->status == KH_RS_DOING
                ? "\t可申请销号,以本次复核为证 / may ask for close-out "
                  "citing this recheck"
                : "";
        char was[32], now[32];
        cli_rect_fmt_rate(was, sizeof was, x->bnum, x->bden);
        if (assess && !x->judged)
            printf("%lld\t%s\t%s\t无法复核 / cannot recheck\n", x->id,
                   x->name[0] ? x->name : x->region, x->indicator);
        else if (assess)
            printf("%lld\t%s\t%s\t%s\t%s%s\n", x->id, x->name, x->indicator,
                   x->now, verdict, rb);
        else if (!x->judged)
            printf("%lld\t%s\t%s\t%s -> ?\t无法复核 / cannot recheck\n",
                   x->id, x->region, x->indicator, was);
        else {
            cli_rect_fmt_rate(now, sizeof now, x->anum, x->aden);
            printf("%lld\t%s\t%s\t%s -> %s (%lld/%lld)\t阈值 %s\t%s%s\n",
                   x->id, x->region, x->indicator, was, now, x->anum,
                   x->aden, x->rule, verdict, rb);
        }
    }
    printf("已达标 %ld,仍未达标 %ld,无法复核 %ld,反弹 %ld / %ld pass, %ld "
           "still fail, %ld cannot be rechecked, %ld rebound\n",
           l->pass, l->fail, l->gone, l->rebound, l->pass, l->fail, l->gone,
           l->rebound);
}

static int recheck_json(const rlist *l, long long run, int year,
                        const char *source, kh_error *err)
{
    kh_buf b = KH_BUF_INIT;
    int rc = kh_buf_printf(&b, "{\"run\":%lld,\"year\":%d,\"source\":", run,
                           year);
    if (!rc) rc = kh_buf_json_str(&b, source, strlen(source));
    if (!rc) rc = kh_buf_adds(&b, ",\"problems\":[");
    for (size_t i = 0; !rc && i < l->n; i++) {
        const rres *x = &l->v[i];
        rc = kh_buf_printf(&b, "%s{\"id\":%lld,\"region\":", i ? "," : "",
                           x->id);
        if (!rc) rc = kh_buf_json_str(&b, x->region, strlen(x->region));
        if (!rc) rc = kh_buf_adds(&b, ",\"indicator\":");
        if (!rc) rc = kh_buf_json_str(&b, x->indicator, strlen(x->indicator));
        if (!rc) rc = kh_buf_adds(&b, ",\"rule\":");
        if (!rc) rc = kh_buf_json_str(&b, x->rule, strlen(x->rule));
        if (!rc)
            rc = kh_buf_printf(&b,
                               ",\"status\":\"%s\",\"before\":{\"num\":%lld,"
                               "\"den\":%lld}",
                               kh_rect_status_zh(x->status), x->bnum, x->bden);
        if (!rc && x->judged)
            rc = kh_buf_printf(&b,
                               ",\"after\":{\"num\":%lld,\"den\":%lld},"
                               "\"judged\":true,\"pass\":%s,\"rebound\":%s}",
                               x->anum, x->aden, x->pass ? "true" : "false",
                               x->rebound ? "true" : "false");
        else if (!rc)
            rc = kh_buf_adds(&b, ",\"after\":null,\"judged\":false,"
                                 "\"pass\":null,\"rebound\":false}");
    }
    if (!rc)
        rc = kh_buf_printf(&b,
                           "],\"pass\":%ld,\"fail\":%ld,\"gone\":%ld,"
                           "\"rebound\":%ld}\n",
                           l->pass, l->fail, l->gone, l->rebound);
    if (!rc) fwrite(b.data, 1, b.len, stdout);
    kh_buf_free(&b);
    return rc ? kh_error_nomem(err) : KH_OK;
}

/* Gather (fn over the problems) and store; *run gets the run's number
 * (0 when nothing could be judged). */
static int recheck_gather(const cli_recheck_opts *o, cli_rect_w *w, rlist *l,
                          kh_problem_fn fn, const char *source,
                          long long *run)
{
    kh_problem_filter f = {.region = o->region};
    int rc = kh_store_problems_each(w->s, &f, fn, l, &w->err);
    if (!rc) rc = recheck_store(w, l, o->year, source, run);
    return rc;
}

/* Print what was stored (after the commit). */
static int recheck_print(const cli_recheck_opts *o, rlist *l, long long run,
                         const char *source, int assess)
{
    if (o->format && !strcmp(o->format, "json")) {
        kh_error err;
        kh_error_clear(&err);
        return recheck_json(l, run, o->year, source, &err)
                   ? cli_report_error(&err)
                   : CLI_OK;
    }
    if (run) printf("复核记录 第 %lld 次 / recheck run %lld\n", run, run);
    recheck_text(l, assess);
    return CLI_OK;
}

static int recheck_format_ok(const cli_recheck_opts *o)
{
    if (!o->format || !strcmp(o->format, "text") || !strcmp(o->format, "json"))
        return CLI_OK;
    return cli_usage("recheck 的 --format 应为 text 或 json",
                     "recheck --format must be text or json");
}

static int run_recheck_assess(const cli_recheck_opts *o)
{
    int level = o->level;
    if (!level)
        return cli_usage("--assessment 需要 --level 省|市|县|乡",
                         "--assessment needs --level 省|市|县|乡");
    cli_rect_w w;
    if (cli_rect_open(o->db, o->stdpath, &w)) return CLI_FAIL;
    rlist c = {0};
    kh_assessment *a = NULL;
    int rc = kh_store_assess_load(w.s, o->assessment, o->year, level,
                                  o->version, &a, &w.err);
    if (!rc) {
        c.a = a;
        snprintf(c.prefix, sizeof c.prefix, "assess:%s:%d:", o->assessment,
                 o->year);
        if (!o->format || strcmp(o->format, "json"))
            printf("以 %s %d 年第 %d 版复核 / rechecked on %s %d version "
                   "%d\n",
                   o->assessment, o->year, a->version, o->assessment, o->year,
                   a->version);
    }
    char source[200] = "";
    long long run = 0;
    if (!rc) {
        snprintf(source, sizeof source, "assess:%s:v%d", o->assessment,
                 a->version);
        rc = recheck_gather(o, &w, &c, arecheck_one, source, &run);
    }
    kh_assessment_free(a);
    rc = cli_rect_close(&w, rc);
    if (!rc) rc = recheck_print(o, &c, run, source, 1);
    free(c.v);
    return rc;
}

int cli_rectify_recheck(const cli_recheck_opts *o)
{
    if (!o->year) return cli_usage("需要 --year", "--year is required");
    if (recheck_format_ok(o)) return CLI_FAIL;
    if (o->assessment) return run_recheck_assess(o);
    /* The indicators first, on a read-only connection (their threads
     * read the year outside the write transaction). */
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o->stdpath);
    if (!std) return CLI_FAIL;
    kh_store *ro = NULL;
    int review = 0;
    rlist c = {0};
    if (kh_store_open(o->db, KH_STORE_READONLY, &ro, &err) ||
        !(c.ix = cli_rect_compute(ro, std, o->year, &review, &err))) {
        kh_store_close(ro);
        kh_standard_free(std);
        return cli_report_error(&err);
    }
    kh_store_close(ro);
    kh_standard_free(std);
    cli_rect_w w;
    if (cli_rect_open(o->db, o->stdpath, &w)) {
        kh_indicators_free(c.ix);
        return CLI_FAIL;
    }
    if (!o->format || strcmp(o->format, "json"))
        printf("以 %d 年数据复核 / rechecked on %d's data\n", o->year,
               o->year);
    long long run = 0;
    int rc = recheck_gather(o, &w, &c, recheck_one, "indicators", &run);
    rc = cli_rect_close(&w, rc);
    if (!rc) rc = recheck_print(o, &c, run, "indicators", 0);
    kh_indicators_free(c.ix);
    free(c.v);
    return rc;
}
