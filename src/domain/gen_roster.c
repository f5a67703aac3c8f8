/* SPDX-License-Identifier: MIT */
/*
 * gen_roster.c - `kaohe gen --roster`: the roster of non-registered
 * households and the hidden truth for 第三方评估, built on the
 * generator's public output (its region list gives each village's rural
 * population, its registry the registered households), so that the
 * registry itself is untouched. Village rates are the chosen rate times
 * 3u^2 (u uniform, mean 1), capped at 1: villages differ, as they do.
 */
#include "kaohe/gen_roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/idcard.h"
#include "kaohe/registry.h"
#include "kaohe/sample.h"
#include "kaohe/survey.h"

const char *const kh_truth_cols[KH_TRUTH_COLS] = {"户编号", "类别", "家庭人口",
                                                  "不合标准", "认可"};

void kh_gen_truth_opts_init(kh_gen_truth_opts *o)
{
    o->wrong_exit_rate = 0.03;
    o->missed_rate = 0.01;
    o->approval_rate = 0.95;
    o->roster_share = 1;
    o->seed = 1;
}

typedef struct gvillage {
    char code[13];
    long long pop, registered;
    double p_wrong, p_missed;
} gvillage;

typedef struct gctx {
    const kh_gen_truth_opts *o;
    gvillage *v;
    size_t n, cap;
    kh_rng rng;
    kh_gen_row_fn roster, truth;
    void *ctx;
    /* the registry household being read */
    char hh[64], village[13], status[64];
    long long persons;
    long long roster_k; /* roster households so far (ID numbers) */
} gctx;


static double village_rate(gctx *c, double rate)
{
    double u = kh_rng_unit(&c->rng);
    double p = rate * 3 * u * u;
    return p > 1 ? 1 : p;
}

static int on_region(void *vctx, const char *const *cells, size_t n,
                     kh_error *err)
{
    gctx *c = vctx;
    if (n < KH_R_COUNT || strcmp(cells[KH_R_LEVEL], "村") != 0) return KH_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1024;
        gvillage *nv = realloc(c->v, cap * sizeof *nv);
        if (!nv) return kh_error_nomem(err);
        c->v = nv;
        c->cap = cap;
    }
    gvillage *v = &c->v[c->n++];
    snprintf(v->code, sizeof v->code, "%s", cells[KH_R_CODE]);
    v->pop = atoll(cells[KH_R_RURAL_POP]);
    v->registered = 0;
    v->p_wrong = village_rate(c, c->o->wrong_exit_rate);
    v->p_missed = village_rate(c, c->o->missed_rate);
    return KH_OK;
}

static int cmp_village(const void *a, const void *b)
{
    return strcmp(((const gvillage *)a)->code, ((const gvillage *)b)->code);
}

static gvillage *find_village(gctx *c, const char *code)
{
    gvillage key;
    snprintf(key.code, sizeof key.code, "%s", code);
    return bsearch(&key, c->v, c->n, sizeof *c->v, cmp_village);
}

static int truth_row(gctx *c, const char *hh, const char *kind,
                     long long persons, int bad, int ok, kh_error *err)
{
    char p[24];
    snprintf(p, sizeof p, "%lld", persons);
    const char *cells[KH_TRUTH_COLS] = {hh, kind, p, bad ? "1" : "0",
                                        ok ? "1" : "0"};
    return c->truth(c->ctx, cells, KH_TRUTH_COLS, err);
}

/* The registry household just read is complete. */
static int flush_hh(gctx *c, kh_error *err)
{
    if (!c->hh[0]) return KH_OK;
    gvillage *v = find_village(c, c->village);
    int exited = !strncmp(c->status, "已脱贫", strlen("已脱贫"));
    int poor = !strcmp(c->status, "未脱贫") || !strcmp(c->status, "返贫");
    const char *kind = exited ? "exited" : poor ? "poor" : "removed";
    if (v && (exited || poor)) v->registered += c->persons;
    int bad = exited && v && kh_rng_unit(&c->rng) < v->p_wrong;
    int ok = kh_rng_unit(&c->rng) < c->o->approval_rate;
    int rc = truth_row(c, c->hh, kind, c->persons, bad, ok, err);
    c->hh[0] = '\0';
    return rc;
}

static int on_registry(void *vctx, const char *const *cells, size_t n,
                       kh_error *err)
{
    gctx *c = vctx;
    if (n < KH_C_COUNT) return KH_OK;
    const char *hh = cells[KH_C_HH_ID];
    if (strcmp(hh, c->hh) != 0) {
        int rc = flush_hh(c, err);
        if (rc) return rc;
        snprintf(c->hh, sizeof c->hh, "%s", hh);
        snprintf(c->village, sizeof c->village, "%s", cells[KH_C_VILLAGE]);
        snprintf(c->status, sizeof c->status, "%s", cells[KH_C_STATUS]);
        c->persons = 0;
    }
    c->persons++;
    return KH_OK;
}

static const char *const sur[] = {"王", "李", "张", "刘", "陈", "杨", "赵",
                                  "黄", "周", "吴", "徐", "孙", "马", "胡"};
static const char *const given[] = {"建国", "国华", "志强", "秀英", "桂兰",
                                    "永福", "金山", "玉梅", "海军", "春花",
                                    "德明", "文才", "红梅", "正平"};

static int emit_roster(gctx *c, const gvillage *v, kh_error *err)
{
    long long left = v->pop - v->registered;
    if (left <= 0) return KH_OK;
    left = (long long)((double)left * c->o->roster_share + 0.5);
    long long seq = 0;
    long base = kh_date_days(1950, 1, 1);
    while (left > 0) {
        /* Household sizes 1..6, mean about 3.3. */
        static const int w[6] = {8, 20, 28, 24, 13, 7};
        int r = (int)kh_rng_below(&c->rng, 100), size = 1;
        for (int i = 0; i < 6 && r >= w[i]; i++)
            r -= w[i], size = i + 2;
        if (size > left) size = (int)left;
        left -= size;
        seq++;
        char hh[48], id[48], name[32], persons[16];
        snprintf(hh, sizeof hh, "F%s%05lld", v->code, seq);
        long long k = c->roster_k++;
        int y, m, d;
        kh_date_from_days(base + (long)(k % 14600), &y, &m, &d);
        snprintf(id, sizeof id, "%.4s00%04d%02d%02d%03lld", v->code, y, m, d,
                 (k / 14600) % 1000);
        id[17] = kh_idcard_check_char(id);
        id[18] = '\0';
        snprintf(name, sizeof name, "%s%s",
                 sur[kh_rng_below(&c->rng, sizeof sur / sizeof *sur)],
                 given[kh_rng_below(&c->rng, sizeof given / sizeof *given)]);
        snprintf(persons, sizeof persons, "%d", size);
        const char *cells[KH_RO_COUNT];
        cells[KH_RO_HH_ID] = hh;
        cells[KH_RO_VILLAGE] = v->code;
        cells[KH_RO_HEAD_NAME] = name;
        cells[KH_RO_HEAD_ID] = id;
        cells[KH_RO_PERSONS] = persons;
        int rc = c->roster(c->ctx, cells, KH_RO_COUNT, err);
        if (rc) return rc;
        int bad = kh_rng_unit(&c->rng) < v->p_missed;
        int ok = kh_rng_unit(&c->rng) < c->o->approval_rate;
        if ((rc = truth_row(c, hh, "roster", size, bad, ok, err))) return rc;
    }
    return KH_OK;
}

int kh_gen_roster(kh_gen *g, const kh_gen_truth_opts *o, kh_gen_row_fn roster,
                  kh_gen_row_fn truth, void *ctx, kh_error *err)
{
    if (!(o->wrong_exit_rate >= 0 && o->wrong_exit_rate <= 1) ||
        !(o->missed_rate >= 0 && o->missed_rate <= 1) ||
        !(o->approval_rate >= 0 && o->approval_rate <= 1) ||
        !(o->roster_share > 0 && o->roster_share <= 1))
        return kh_error_msg(err, KH_ERR_USAGE, "usage",
                            "比率须在 0 与 1 之间(花名册比例须大于 0)",
                            "rates must be between 0 and 1 (the roster share "
                            "above 0)");
    gctx c;
    memset(&c, 0, sizeof c);
    c.o = o;
    c.roster = roster;
    c.truth = truth;
    c.ctx = ctx;
    kh_rng_seed(&c.rng, o->seed ^ 0x726f73746572ULL);
    int rc = kh_gen_regions(g, on_region, &c, err);
    if (!rc) {
        qsort(c.v, c.n, sizeof *c.v, cmp_village);
        rc = kh_gen_registry(g, on_registry, NULL, &c, err);
    }
    if (!rc) rc = flush_hh(&c, err);
    for (size_t i = 0; i < c.n && !rc; i++)
        rc = emit_roster(&c, &c.v[i], err);
    free(c.v);
    return rc;
}
