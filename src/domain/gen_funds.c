/* SPDX-License-Identifier: MIT */
/*
 * gen_funds.c - `kaohe gen --funds` (gen_funds.h, docs/funds.md): from the
 * generated registry's villages and households, a project library with one
 * project a village, the allocations that pay for them and the payments
 * that pay them out and spend them in time, so that `kaohe funds check`
 * finds nothing in them; then, in the first counties, one injected fault
 * of each kind the check knows (but fund_carryover_high, which needs a
 * maximum the standards do not set), each written to the truth.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/funds.h"
#include "kaohe/gen_funds.h"
#include "kaohe/registry.h"

#define HH_KEEP 3

typedef struct village {
    char code[13];
    char hh[HH_KEEP][32]; /* registered households, not 清退 */
    int nhh;
    char cleared[32];     /* a 清退 household, or "" */
} village;

struct kh_gen_funds {
    int year;
    uint64_t rng;
    char province[13];
    kh_gen_funds_row_fn row;
    kh_gen_funds_truth_fn truth;
    void *ctx;
    village *v;
    size_t nv, cap;
    char last_hh[32];
    long seq; /* vouchers */
    int per_village, payments;
};

void kh_gen_funds_scale(kh_gen_funds *g, int per_village, int payments)
{
    g->per_village = per_village > 0 ? per_village : 1;
    g->payments = payments >= 2 ? payments / 2 * 2 : 2;
}

int kh_gen_funds_new(int year, uint64_t seed, const char *province,
                     kh_gen_funds_row_fn row, kh_gen_funds_truth_fn truth,
                     void *ctx, kh_gen_funds **out, kh_error *err)
{
    kh_gen_funds *g = calloc(1, sizeof *g);
    if (!g) return kh_error_nomem(err);
    g->year = year;
    g->rng = seed * 2654435761u + 0x9E3779B97F4A7C15ull;
    snprintf(g->province, sizeof g->province, "%s", province);
    g->row = row;
    g->truth = truth;
    g->ctx = ctx;
    g->per_village = 1;
    g->payments = 2;
    *out = g;
    return KH_OK;
}

void kh_gen_funds_free(kh_gen_funds *g)
{
    if (!g) return;
    free(g->v);
    free(g);
}

int kh_gen_funds_feed(kh_gen_funds *g, const char *const *cells, size_t n,
                      kh_error *err)
{
    if (n <= KH_C_STATUS) return KH_OK;
    const char *hh = cells[KH_C_HH_ID], *vil = cells[KH_C_VILLAGE];
    if (!strcmp(hh, g->last_hh) || strlen(vil) != 12) return KH_OK;
    snprintf(g->last_hh, sizeof g->last_hh, "%s", hh);
    if (!g->nv || strcmp(g->v[g->nv - 1].code, vil)) {
        size_t i = g->nv;
        while (i > 0 && strcmp(g->v[i - 1].code, vil)) i--;
        if (i == 0) {
            if (g->nv == g->cap) {
                size_t cap = g->cap ? g->cap * 2 : 256;
                village *v = realloc(g->v, cap * sizeof *v);
                if (!v) return kh_error_nomem(err);
                g->v = v;
                g->cap = cap;
            }
            memset(&g->v[g->nv], 0, sizeof g->v[0]);
            snprintf(g->v[g->nv].code, 13, "%s", vil);
            g->nv++;
        } else {
            /* households of a village come together: move it last */
            village t = g->v[i - 1];
            memmove(&g->v[i - 1], &g->v[i], (g->nv - i) * sizeof t);
            g->v[g->nv - 1] = t;
        }
    }
    village *v = &g->v[g->nv - 1];
    if (strlen(hh) >= sizeof v->hh[0]) return KH_OK;
    if (!strcmp(cells[KH_C_STATUS], "清退")) {
        if (!v->cleared[0]) snprintf(v->cleared, sizeof v->cleared, "%s", hh);
    } else if (v->nhh < HH_KEEP) {
        snprintf(v->hh[v->nhh++], sizeof v->hh[0], "%s", hh);
    }
    return KH_OK;
}

static int cmp_village(const void *a, const void *b)
{
    return strcmp(((const village *)a)->code, ((const village *)b)->code);
}

/* ---- writing ---- */

typedef struct proj {
    char id[32], name[64], type[16], region[13], unit[32];
    char added[11], start_plan[11], end_plan[11], start[11], end[11],
        accepted[11], status[8], pub_added[11], pub_plan[11], pub_done[11];
    long long planned; /* 分 */
    int benef_hh, benef_poor, persons, pub_days;
    char list[HH_KEEP * 40 + 64];
} proj;

static void day(int year, int doy, char out[11])
{
    int y, m, d;
    kh_date_from_days(kh_date_days(year, 1, 1) + doy, &y, &m, &d);
    kh_date_format(out, y, m, d);
}

static void yuan(long long fen, char *out, size_t n)
{
    snprintf(out, n, "%lld.%02lld", fen / 100, fen % 100);
}

static int put_project(kh_gen_funds *g, const proj *p, kh_error *err)
{
    char planned[32], bh[16] = "", bp[16] = "", pp[16] = "", pd[16] = "";
    yuan(p->planned, planned, sizeof planned);
    if (p->benef_hh >= 0) snprintf(bh, sizeof bh, "%d", p->benef_hh);
    if (p->benef_poor >= 0) snprintf(bp, sizeof bp, "%d", p->benef_poor);
    if (p->persons >= 0) snprintf(pp, sizeof pp, "%d", p->persons);
    if (p->pub_days >= 0) snprintf(pd, sizeof pd, "%d", p->pub_days);
    const char *cells[] = {p->id, p->name, p->type, p->region, p->unit, p->added,
                           planned, p->start_plan, p->end_plan, p->start, p->end,
                           p->accepted, p->status, bh, bp, pp, p->list, "",
                           p->pub_added, p->pub_plan, p->pub_done, pd};
    return g->row(g->ctx, KH_FUNDS_PROJECTS, cells, sizeof cells / sizeof cells[0], err);
}

static int put_alloc(kh_gen_funds *g, const char *doc, const char *date,
                     const char *level, const char *fund, const char *county,
                     long long fen, kh_error *err)
{
    char amount[32], year[8];
    yuan(fen, amount, sizeof amount);
    snprintf(year, sizeof year, "%d", g->year);
    const char *cells[] = {doc, date, level, fund, county, amount, year};
    return g->row(g->ctx, KH_FUNDS_ALLOCATIONS, cells, 7, err);
}

/* A payment; its voucher into vch (32 bytes) when not NULL. */
static int put_pay(kh_gen_funds *g, const char *date, const char *proj_id,
                   const char *fund, const char *stage, long long fen,
                   char *vch, kh_error *err)
{
    char voucher[32], amount[32];
    snprintf(voucher, sizeof voucher, "PZ%07ld", ++g->seq);
    if (vch) snprintf(vch, 32, "%s", voucher);
    yuan(fen, amount, sizeof amount);
    const char *cells[] = {voucher, date, proj_id, fund, stage, amount};
    return g->row(g->ctx, KH_FUNDS_PAYMENTS, cells, 6, err);
}

static const char *const types[] = {"产业发展", "就业扶贫", "易地搬迁", "危房改造",
                                    "教育扶贫", "健康扶贫", "基础设施", "公共服务",
                                    "金融扶贫", "生态扶贫", "光伏扶贫", "其他"};
#define FUND_A "财政专项扶贫资金"
#define FUND_B "统筹整合涉农资金"
#define FUND_C "少数民族发展"
#define FUND_D "以工代赈"

/* A 验收 project of village v, its notices given; no money. */
static void base_project(kh_gen_funds *g, proj *p, const char *id,
                         const village *v, int j)
{
    int Y = g->year;
    memset(p, 0, sizeof *p);
    snprintf(p->id, sizeof p->id, "%s", id);
    snprintf(p->name, sizeof p->name, "%s村级项目%d", v->code + 6, j + 1);
    snprintf(p->type, sizeof p->type, "基础设施");
    snprintf(p->region, sizeof p->region, "%s", v->code);
    snprintf(p->unit, sizeof p->unit, "乡镇人民政府");
    int a = 4 + j % 20;
    day(Y, a, p->added);
    day(Y, a + 1, p->pub_added);
    day(Y, a + 5, p->pub_plan);
    day(Y, 59, p->start_plan);
    day(Y, 272, p->end_plan);
    day(Y, 63, p->start);
    day(Y, 195, p->end);
    day(Y, 198, p->pub_done);
    day(Y, 212, p->accepted);
    snprintf(p->status, sizeof p->status, "验收");
    p->planned = (100000 + (j % 7) * 10000) * 100LL;
    p->benef_hh = 5;
    p->benef_poor = 0;
    p->persons = 0;
    p->pub_days = 10 + j % 6;
}

static int truth(kh_gen_funds *g, const char *code, const char *county,
                 const char *object, kh_error *err)
{
    return g->truth(g->ctx, code, county, object, err);
}

/* The injected faults of one county (its first village v). */
static int inject(kh_gen_funds *g, const char *county, const village *v,
                  int has_cleared, const char *cleared, kh_error *err)
{
    int Y = g->year;
    char id[32], d[11], d2[11], vch[32], doc[64];
    proj p;
    int rc = KH_OK;
    /* fund_alloc_retained: money of its own fund never paid out */
    snprintf(doc, sizeof doc, "以工代赈〔%d〕%.6s号", Y, county);
    day(Y, 59, d);
    rc = put_alloc(g, doc, d, "中央", FUND_D, county, 5000000, err);
    if (!rc) rc = truth(g, "fund_alloc_retained", county, doc, err);
    /* fund_return_retained, fund_pay_over_plan, fund_project_retained:
     * three projects paid from FUND_C, whose allocation they use up */
    long long pa = 8000000, pb = 3000000, pc = 4000000;
    snprintf(doc, sizeof doc, "民族〔%d〕%.6s号", Y, county);
    day(Y, 31, d);
    if (!rc) rc = put_alloc(g, doc, d, "省级", FUND_C, county, pa + pb + pc, err);
    const char *what[3] = {"fund_return_retained", "fund_pay_over_plan",
                           "fund_project_retained"};
    long long amt[3] = {pa, pb, pc};
    for (int k = 0; k < 3 && !rc; k++) {
        snprintf(id, sizeof id, "XF%.6s%02d", county, 2 + k);
        base_project(g, &p, id, v, 40 + k);
        p.planned = k == 1 ? amt[k] - 100000 : amt[k];
        rc = put_project(g, &p, err);
        day(Y, 40 + k, d);
        day(Y, 70 + k, d2);
        if (!rc) rc = put_pay(g, d, id, FUND_C, "拨付", amt[k], NULL, err);
        if (!rc) rc = put_pay(g, d2, id, FUND_C, "支出", k == 2 ? amt[k] - 200000 : amt[k],
                              NULL, err);
        if (!rc && k == 0) {
            day(Y, 91, d);
            rc = put_pay(g, d, id, FUND_C, "收回", 100000, vch, err);
            if (!rc) rc = truth(g, what[k], county, vch, err);
        } else if (!rc) {
            rc = truth(g, what[k], county, id, err);
        }
    }
    /* fund_pay_no_project: a 支出 to a project not in the library, counted
     * in the province the payments are imported for */
    snprintf(id, sizeof id, "XN%.6s", county);
    day(Y, 120, d);
    if (!rc) rc = put_pay(g, d, id, FUND_A, "支出", 50000, vch, err);
    if (!rc) rc = truth(g, "fund_pay_no_project", g->province, vch, err);
    /* fund_pay_before_added: a 支出 three days before the entry */
    snprintf(id, sizeof id, "XF%.6s05", county);
    base_project(g, &p, id, v, 45);
    if (!rc) rc = put_project(g, &p, err);
    {
        int y, m, dd;
        kh_date_parse(p.added, 10, &y, &m, &dd);
        kh_date_from_days(kh_date_days(y, m, dd) - 3, &y, &m, &dd);
        kh_date_format(d, y, m, dd);
    }
    if (!rc) rc = put_pay(g, d, id, FUND_A, "支出", 30000, vch, err);
    if (!rc) rc = truth(g, "fund_pay_before_added", county, vch, err);
    /* fund_pay_project_state: a 支出 to a 储备 project */
    snprintf(id, sizeof id, "XF%.6s06", county);
    base_project(g, &p, id, v, 46);
    p.start[0] = p.end[0] = p.accepted[0] = p.start_plan[0] = p.end_plan[0] = '\0';
    p.pub_added[0] = p.pub_plan[0] = p.pub_done[0] = '\0';
    p.pub_days = -1;
    snprintf(p.status, sizeof p.status, "储备");
    if (!rc) rc = put_project(g, &p, err);
    day(Y, 150, d);
    if (!rc) rc = put_pay(g, d, id, FUND_A, "支出", 50000, vch, err);
    if (!rc) rc = truth(g, "fund_pay_project_state", county, vch, err);
    /* the notices, the progress and 精准使用, one project each */
    static const char *const codes[] = {
        "fund_notice_added_missing", "fund_notice_plan_missing",
        "fund_notice_done_missing", "fund_notice_short", "fund_start_late",
        "fund_accept_late", "fund_no_poor_benef", "fund_benef_unregistered",
        "fund_benef_cleared"};
    for (int k = 0; k < 9 && !rc; k++) {
        if (k == 8 && !has_cleared) break;
        snprintf(id, sizeof id, "XF%.6s%02d", county, 10 + k);
        base_project(g, &p, id, v, 50 + k);
        switch (k) {
        case 0: p.pub_added[0] = '\0'; break;
        case 1: p.pub_plan[0] = '\0'; break;
        case 2: p.pub_done[0] = '\0'; break;
        case 3: p.pub_days = 5; break;
        case 4:
            snprintf(p.status, sizeof p.status, "计划");
            p.start[0] = p.end[0] = p.accepted[0] = p.pub_done[0] = '\0';
            day(Y, 181, p.start_plan);
            break;
        case 5:
            snprintf(p.status, sizeof p.status, "完工");
            p.accepted[0] = '\0';
            break;
        case 6: snprintf(p.type, sizeof p.type, "产业发展"); break;
        case 7:
            snprintf(p.list, sizeof p.list, "WU%.6s0001", county);
            p.benef_poor = 1;
            break;
        case 8:
            snprintf(p.list, sizeof p.list, "%s", cleared);
            p.benef_poor = 1;
            break;
        }
        rc = put_project(g, &p, err);
        if (!rc) rc = truth(g, codes[k], county, id, err);
    }
    return rc;
}

/* The clean projects of one county (villages v[0..n)) and their money. */
static int county_projects(kh_gen_funds *g, const char *county,
                           const village *v, size_t nv, kh_error *err)
{
    int Y = g->year;
    long long total[2] = {0, 0};
    int rc = KH_OK;
    char d[11], d2[11];
    size_t n = nv * (size_t)g->per_village;
    /* the allocations first: the sums of what the projects get */
    for (size_t j = 0; j < n; j++) {
        int st = (int)(j % 10);
        if (st <= 8) total[j % 2] += (100000 + (long long)(j % 7) * 10000) * 100LL;
    }
    char doc[64];
    day(Y, 31, d);
    if (total[0]) {
        snprintf(doc, sizeof doc, "专项〔%d〕%.6s号", Y, county);
        rc = put_alloc(g, doc, d, "中央", FUND_A, county, total[0], err);
    }
    if (!rc && total[1]) {
        snprintf(doc, sizeof doc, "整合〔%d〕%.6s号", Y, county);
        rc = put_alloc(g, doc, d, "县级", FUND_B, county, total[1], err);
    }
    int half = g->payments / 2;
    for (size_t j = 0; j < n && !rc; j++) {
        const village *vj = &v[j / (size_t)g->per_village];
        proj p;
        char id[32];
        snprintf(id, sizeof id, "XM%.6s%06zu", county, j);
        base_project(g, &p, id, vj, (int)j);
        snprintf(p.type, sizeof p.type, "%s", types[j % 12]);
        int st = (int)(j % 10);
        if (st == 7) { /* 完工 recently */
            snprintf(p.status, sizeof p.status, "完工");
            day(Y, 334, p.end);
            day(Y, 336, p.pub_done);
            p.accepted[0] = '\0';
        } else if (st == 8) {
            snprintf(p.status, sizeof p.status, "实施");
            p.end[0] = p.accepted[0] = p.pub_done[0] = '\0';
        } else if (st == 9) {
            snprintf(p.status, sizeof p.status, "计划");
            p.start[0] = p.end[0] = p.accepted[0] = p.pub_done[0] = '\0';
            day(Y, 348, p.start_plan);
            day(Y, 360, p.end_plan);
        }
        size_t o = 0;
        for (int k = 0; k < vj->nhh; k++)
            o += (size_t)snprintf(p.list + o, sizeof p.list - o, "%s%s", k ? ";" : "",
                                  vj->hh[k]);
        p.benef_poor = vj->nhh;
        p.benef_hh = vj->nhh + 5;
        p.persons = vj->nhh * 3;
        if (!vj->nhh && (!strcmp(p.type, "产业发展") || !strcmp(p.type, "就业扶贫")))
            snprintf(p.type, sizeof p.type, "基础设施");
        rc = put_project(g, &p, err);
        if (rc || st == 9) continue;
        const char *fund = j % 2 ? FUND_B : FUND_A;
        /* 拨付 in half parts from day 40, each spent 30 days later */
        long long part = p.planned / half, last = p.planned - part * (half - 1);
        for (int k = 0; k < half && !rc; k++) {
            long long a = k == half - 1 ? last : part;
            day(Y, 40 + (int)(j % 20) + k % 40, d);
            day(Y, 70 + (int)(j % 20) + k % 40, d2);
            rc = put_pay(g, d, id, fund, "拨付", a, NULL, err);
            if (!rc) rc = put_pay(g, d2, id, fund, "支出", a, NULL, err);
        }
    }
    return rc;
}

int kh_gen_funds_finish(kh_gen_funds *g, kh_error *err)
{
    int rc = KH_OK;
    static const int kinds[3] = {KH_FUNDS_PROJECTS, KH_FUNDS_ALLOCATIONS,
                                 KH_FUNDS_PAYMENTS};
    for (int k = 0; k < 3 && !rc; k++) {
        int n;
        const kh_funds_col *cols = kh_funds_cols(kinds[k], &n);
        const char *names[KH_FUNDS_MAX_COLS];
        for (int i = 0; i < n; i++) names[i] = cols[i].zh;
        rc = g->row(g->ctx, kinds[k], names, (size_t)n, err);
    }
    qsort(g->v, g->nv, sizeof *g->v, cmp_village);
    int nc = 0;
    for (size_t i = 0; i < g->nv && !rc;) {
        size_t j = i;
        while (j < g->nv && !strncmp(g->v[j].code, g->v[i].code, 6)) j++;
        char county[13];
        snprintf(county, sizeof county, "%.6s000000", g->v[i].code);
        rc = county_projects(g, county, &g->v[i], j - i, err);
        if (!rc && nc < 2) {
            const char *cleared = NULL;
            for (size_t k = i; k < j && !cleared; k++)
                if (g->v[k].cleared[0]) cleared = g->v[k].cleared;
            rc = inject(g, county, &g->v[i], cleared != NULL, cleared ? cleared : "",
                        err);
        }
        nc++;
        i = j;
    }
    return rc;
}
