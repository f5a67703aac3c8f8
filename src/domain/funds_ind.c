/* SPDX-License-Identifier: MIT */
/*
 * funds_ind.c - the funds indicators of ../shared/spec/funds-projects.md
 * ("Indicators per region"; docs/funds.md): what one county's projects,
 * allocations and payments add to the regions they concern, as
 * numerators and denominators that roll up by summing (the indicators'
 * table, src/domain/indicators.c, does the roll-up). Pure: the rows come
 * from the store county by county.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/funds.h"

static const kh_funds_ind_def defs[KH_FI_COUNT] = {
    {"pay_progress", "资金拨付进度", 0,
     "当年拨付到本县项目库项目的资金（减收回）占当年下达资金的比例", 1},
    {"spend_progress", "资金支出进度", 0,
     "当年本县项目库项目的支出占当年下达资金的比例", 1},
    {"carryover", "资金结转结余率", 0,
     "当年下达资金中年底未支出的部分（下达减支出）占下达资金的比例", 1},
    {"retained", "资金滞留金额(元)", 2,
     "到年底超过规定天数未拨付到项目（县级）或未支出（项目）的资金（元）", 0},
    {"projects", "项目入库数", 1, "年底前已入库的扶贫项目个数", 0},
    {"start_rate", "项目开工率", 0,
     "实施、完工、验收的项目占计划、实施、完工、验收项目的比例", 0},
    {"done_rate", "项目完工率", 0,
     "完工、验收的项目占计划、实施、完工、验收项目的比例", 0},
    {"accept_ontime", "项目按期验收率", 0,
     "年底前完工超过规定天数的项目中，在完工后规定天数内验收的比例", 0},
    {"notice_rate", "项目公告公示率", 0,
     "实施、完工、验收的项目中，按状态应有的公示公告齐全且公示天数达标的比例", 0},
    {"benef_hh", "带贫户数", 1, "项目库项目（终止的除外）受益贫困户数之和", 0},
    {"benef_poor_persons", "受益贫困人口", 1,
     "项目库项目（终止的除外）受益贫困人口之和", 0},
    {"per_person", "资金每受益贫困人口(元)", 2,
     "当年有支出的项目，其当年支出除以其受益贫困人口（元）", 0},
};

const kh_funds_ind_def *kh_funds_ind_defs(void) { return defs; }

int kh_funds_ind_find(const char *name)
{
    if (!name) return -1;
    if (!strncmp(name, "funds.", 6)) name += 6;
    for (int i = 0; i < KH_FI_COUNT; i++)
        if (!strcmp(defs[i].key, name)) return i;
    return -1;
}

static long days(const char *iso)
{
    int y, m, d;
    if (!iso || !iso[0] || kh_date_parse(iso, strlen(iso), &y, &m, &d)) return -1;
    return kh_date_days(y, m, d);
}

static int is(const char *s, const char *a, const char *b, const char *c)
{
    return !strcmp(s, a) || (b && !strcmp(s, b)) || (c && !strcmp(s, c));
}

static int proj_cmp(const void *key, const void *elt)
{
    return strcmp(key, ((const kh_fproject *)elt)->id);
}

/* 滞留 amounts as `funds check` finds them: at the county, or at the
 * project's 建设地点. */
typedef struct held {
    const kh_fproject *p;
    size_t np;
    long long county;
    long long *at; /* per project */
} held;

static int on_finding(void *ctx, const kh_funds_finding *f)
{
    held *h = ctx;
    if (!strcmp(f->code, "fund_alloc_retained") ||
        !strcmp(f->code, "fund_return_retained")) {
        h->county += f->amount;
    } else if (!strcmp(f->code, "fund_project_retained")) {
        const kh_fproject *pr = bsearch(f->object, h->p, h->np, sizeof *h->p,
                                        proj_cmp);
        if (pr) h->at[pr - h->p] += f->amount;
        else h->county += f->amount;
    }
    return KH_OK;
}

/* The registry is not asked: the indicators do not read the 带贫户. */
static int benef_any(void *ctx, const char *county, const char *hh)
{
    (void)ctx, (void)county, (void)hh;
    return KH_FB_REGISTERED;
}

int kh_funds_tally_county(const kh_funds_limits *lim, const char *county,
                          const char *ref, const kh_fproject *p, size_t np,
                          const kh_falloc *a, size_t na, const kh_fpay *y,
                          size_t ny, kh_funds_tally_fn fn, void *ctx)
{
    int yy, mm, dd;
    if (kh_date_parse(ref, strlen(ref), &yy, &mm, &dd)) return KH_ERR_USAGE;
    long r = kh_date_days(yy, mm, dd), y0 = kh_date_days(yy, 1, 1);
    held h = {p, np, 0, calloc(np + 1, sizeof *h.at)};
    long long *spent = calloc(np + 1, sizeof *spent);
    long long *paid = calloc(np + 1, sizeof *paid);
    int rc = h.at && spent && paid ? KH_OK : KH_ERR_NOMEM;
    if (!rc)
        rc = kh_funds_check_county(lim, county, ref, p, np, a, na, y, ny,
                                   benef_any, NULL, on_finding, &h);
    kh_funds_tally t;
    memset(&t, 0, sizeof t);
    snprintf(t.region, sizeof t.region, "%s", county);
    long long allocated = 0;
    for (size_t i = 0; !rc && i < na; i++)
        if (a[i].year == yy) allocated += a[i].amount;
    for (size_t i = 0; !rc && i < ny; i++) {
        long d = days(y[i].date);
        if (d < y0 || d > r) continue;
        const kh_fproject *pr = bsearch(y[i].proj_id, p, np, sizeof *p, proj_cmp);
        if (!pr) continue;
        if (!strcmp(y[i].stage, "拨付")) paid[pr - p] += y[i].amount;
        else if (!strcmp(y[i].stage, "收回")) paid[pr - p] -= y[i].amount;
        else if (!strcmp(y[i].stage, "支出")) spent[pr - p] += y[i].amount;
    }
    /* The money's numerators at each project (its 建设地点: what `funds
     * explain` lists), the denominator — the county's allocations — at
     * the county: the roll-up makes the county's rate, and below the
     * county there is none. */
    if (!rc) {
        t.num[KH_FI_CARRYOVER] = allocated;
        t.den[KH_FI_PAY_PROGRESS] = t.den[KH_FI_SPEND_PROGRESS] =
            t.den[KH_FI_CARRYOVER] = allocated;
        t.num[KH_FI_RETAINED] = h.county;
        rc = fn(ctx, &t);
    }
    for (size_t k = 0; !rc && k < np; k++) {
        const kh_fproject *pr = &p[k];
        long added = days(pr->added);
        memset(&t, 0, sizeof t);
        snprintf(t.region, sizeof t.region, "%s", pr->region);
        t.project = pr;
        if (added < 0 || added > r) {
            /* not in the library by 31 December: only its money of the
             * year (paid before it entered: a finding of funds check) */
            if (!paid[k] && !spent[k]) continue;
            t.num[KH_FI_PAY_PROGRESS] = paid[k];
            t.num[KH_FI_SPEND_PROGRESS] = spent[k];
            t.num[KH_FI_CARRYOVER] = -spent[k];
            rc = fn(ctx, &t);
            continue;
        }
        const char *st = pr->status;
        int planned = is(st, "计划", "实施", "完工") || !strcmp(st, "验收");
        int running = is(st, "实施", "完工", "验收");
        int done = is(st, "完工", "验收", NULL);
        t.num[KH_FI_PROJECTS] = 1;
        t.den[KH_FI_START_RATE] = t.den[KH_FI_DONE_RATE] = planned;
        t.num[KH_FI_START_RATE] = running;
        t.num[KH_FI_DONE_RATE] = done;
        long e = days(pr->end), acc = days(pr->accepted);
        if (done && e >= 0 && r - e > lim->accept_late_days) {
            t.den[KH_FI_ACCEPT_ONTIME] = 1;
            t.num[KH_FI_ACCEPT_ONTIME] = !strcmp(st, "验收") && acc >= 0 &&
                                         acc - e <= lim->accept_late_days;
        }
        t.den[KH_FI_NOTICE_RATE] = running;
        t.num[KH_FI_NOTICE_RATE] =
            running && pr->pub_added[0] && pr->pub_plan[0] &&
            (!done || pr->pub_done[0]) &&
            (pr->pub_days < 0 || pr->pub_days >= lim->notice_days);
        t.num[KH_FI_RETAINED] = h.at[k];
        t.num[KH_FI_PAY_PROGRESS] = paid[k];
        t.num[KH_FI_SPEND_PROGRESS] = spent[k];
        t.num[KH_FI_CARRYOVER] = -spent[k];
        if (strcmp(st, "终止")) {
            t.num[KH_FI_BENEF_HH] = pr->benef_poor_hh > 0 ? pr->benef_poor_hh : 0;
            t.num[KH_FI_BENEF_PERSONS] =
                pr->benef_poor_persons > 0 ? pr->benef_poor_persons : 0;
        }
        if (spent[k]) {
            t.num[KH_FI_PER_PERSON] = spent[k];
            t.den[KH_FI_PER_PERSON] =
                100 * (pr->benef_poor_persons > 0 ? pr->benef_poor_persons : 0);
        }
        rc = fn(ctx, &t);
    }
    free(h.at);
    free(spent);
    free(paid);
    return rc;
}
