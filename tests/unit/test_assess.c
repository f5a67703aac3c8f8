/* SPDX-License-Identifier: MIT */
/*
 * test_assess.c - schemes and scoring (src/domain/scheme.c, scheme_set.c,
 * assess.c) on made-up data: every rule by hand; properties over many
 * pseudo-random inputs (totals are the sums of their items, every item
 * within its bounds, changing one manual input changes only the items
 * that use it); ties shared or broken by an item; a veto that takes the
 * top grade from the top score; bad schemes rejected with their line; the
 * presets parse and check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/assess.h"
#include "kaohe/assess_store.h"
#include "kaohe/registry.h"
#include "kaohe/scheme.h"

/* A city scheme over a county scheme: every rule, an adjustment, a veto.
 * Indicators: "rate" (county and city). Inputs: a, b, c, d, adj, v. */
static const char county_text[] =
    "[scheme]\nname = t-county\nlevel = 县\ntotal = 100\n"
    "[grades]\n好 = 90\n中 = 60\n差 = 0\n"
    "[item x]\npoints = 60\nsource = input a\nrule = linear 0 100\n"
    "[item y]\npoints = 40\nsource = input b\nrule = bands >=\n"
    "band = 90 40\nband = 60 20\nband = * 0\n"
    "[input a]\nrange = 0 100\n[input b]\nrange = 0 100\n";

static const char city_text[] =
    "[scheme]\nname = t-city\nlevel = 市\ntotal = 100\ntie = TIE\n"
    "[grades]\n优秀 = 90\n良好 = 80\n一般 = 60\n较差 = 0\n"
    "[item p]\npoints = 30\n"
    "[item p/lin]\npoints = 10\nsource = input c\nrule = linear 0 10\n"
    "[item p/rank]\npoints = 10\nsource = input d\nrule = rank desc 4\n"
    "[item p/ind]\npoints = 5\nsource = indicator rate@市\n"
    "rule = bands <=\nband = 2% 5\nband = 5% 2.5\n"
    "[item p/ded]\npoints = 5\nsource = input e\nrule = deduct 1.5 4\n"
    "[item counties]\npoints = 70\n"
    "[item counties/poor]\npoints = 50\nsource = rollup avg t-county poor\n"
    "rule = linear 0 100\nempty = full\n"
    "[item counties/other]\npoints = 20\n"
    "source = rollup count:好,中 t-county nonpoor\nrule = linear 0 1\n"
    "empty = zero\n"
    "[adjust adj]\nrange = -5 5\n"
    "[adjust adj/plus]\nrange = 0 5\nsource = input adj\nrule = points\n"
    "[adjust adj/minus]\nrange = -5 0\nsource = input neg\nrule = points\n"
    "[veto v]\nwhen = input v\nwhen = indicator rate > 10%\n"
    "consequence = 约谈; 不得评为 优秀\n"
    "[input c]\nrange = 0 10\n[input d]\nrange = -1 1\n"
    "[input e]\nrange = 0 100\n[input adj]\nrange = 0 5\n"
    "[input neg]\nrange = -5 0\n[input v]\nrange = 0 1\n";

/* Cities 01..03; counties 0101 (poor), 0102; 0201 (poor); 0301, 0302. */
static const char *const codes[] = {
    "130100000000", "130200000000", "130300000000", "130101000000",
    "130102000000", "130201000000", "130301000000", "130302000000"};
static const int poor[] = {-1, -1, -1, 1, 0, 1, 0, 0};
#define NREG 8
static const char *const inames[] = {"a", "b", "c", "d", "e", "adj", "neg", "v"};
#define NIN 8

typedef struct data {
    kh_q in[NREG][NIN];
    int missing[NREG][NIN];
    long long rate_num[NREG]; /* rate = num / 100 */
    int no_rate[NREG];        /* rate = 0 / 0: no value */
} data;

static int ind(void *ctx, const char *code, const char *name, long long *num,
               long long *den)
{
    data *d = ctx;
    if (strcmp(name, "rate")) return -1;
    for (int r = 0; r < NREG; r++)
        if (!strcmp(codes[r], code)) {
            *num = d->no_rate[r] ? 0 : d->rate_num[r];
            *den = d->no_rate[r] ? 0 : 100;
            return 0;
        }
    return -1;
}

static int input(void *ctx, const char *code, const char *name, kh_q *v)
{
    data *d = ctx;
    for (int r = 0; r < NREG; r++)
        if (!strcmp(codes[r], code))
            for (int i = 0; i < NIN; i++)
                if (!strcmp(inames[i], name)) {
                    if (d->missing[r][i]) return 1;
                    *v = d->in[r][i];
                    return 0;
                }
    return 1;
}

static kh_regionset *regions(void)
{
    kh_regionset *rs;
    kh_error err;
    assert_int_equal(kh_regionset_new(&rs, &err), KH_OK);
    for (int r = 0; r < NREG; r++) {
        kh_region g;
        memset(&g, 0, sizeof g);
        snprintf(g.code, sizeof g.code, "%s", codes[r]);
        snprintf(g.parent, sizeof g.parent, "%.4s00000000", codes[r]);
        char name[16];
        snprintf(name, sizeof name, "R%d", r);
        g.name = name;
        g.level = r < 3 ? KH_LV_CITY : KH_LV_COUNTY;
        g.poor_county = poor[r];
        g.western = g.poor_village = -1;
        g.rural_pop = g.plan_exit = -1;
        assert_int_equal(kh_regionset_add(rs, &g), KH_OK);
    }
    return rs;
}

static kh_scheme_set *schemes(const char *tie, const kh_scheme **city)
{
    kh_scheme_set *set;
    kh_scheme *s;
    kh_error err;
    char text[4096];
    snprintf(text, sizeof text, "%s", city_text);
    char *t = strstr(text, "TIE");
    char rest[4096];
    snprintf(rest, sizeof rest, "%s", t + 3);
    snprintf(t, sizeof text - (size_t)(t - text), "%s%s", tie, rest);
    assert_int_equal(kh_scheme_set_new(&set, &err), KH_OK);
    int rc = kh_scheme_parse(county_text, strlen(county_text), "county", &s, &err);
    if (rc) fail_msg("%s", err.en);
    assert_int_equal(kh_scheme_set_add(set, s, &err), KH_OK);
    rc = kh_scheme_parse(text, strlen(text), "city", &s, &err);
    if (rc) fail_msg("%s", err.en);
    assert_int_equal(kh_scheme_set_add(set, s, &err), KH_OK);
    *city = s;
    return set;
}

static kh_q q(long long n, long long d)
{
    kh_q x = {n, d};
    return x;
}

static void base(data *d)
{
    memset(d, 0, sizeof *d);
    for (int r = 0; r < NREG; r++) {
        d->rate_num[r] = 1;
        for (int i = 0; i < NIN; i++) d->in[r][i] = q(0, 1);
    }
}

static kh_assessment *score(kh_scheme_set *set, const kh_scheme *s,
                            kh_regionset *rs, data *d)
{
    kh_assess_src src = {d, ind, input, NULL, 0, NULL, NULL};
    kh_assessment *a;
    kh_error err;
    int rc = kh_assess_compute(set, s, rs, &src, &a, &err);
    if (rc) fail_msg("%s", err.en);
    return a;
}

static const kh_assess_region *reg(const kh_assessment *a, const char *code)
{
    int r = kh_assessment_find(a, code);
    assert_true(r >= 0);
    return &a->regions[r];
}

static long long pts(const kh_assess_region *g, const char *path)
{
    int i = kh_scheme_item_find(g->scheme, path);
    assert_true(i >= 0);
    return g->items[i].points;
}

/* Every rule worked out by hand. */
static void test_rules(void **state)
{
    (void)state;
    const kh_scheme *s;
    kh_scheme_set *set = schemes("shared", &s);
    kh_regionset *rs = regions();
    data d;
    base(&d);
    /* counties: a, b */
    d.in[3][0] = q(825, 10), d.in[3][1] = q(95, 1);  /* 49.5 + 40 = 89.5 */
    d.in[4][0] = q(50, 1), d.in[4][1] = q(60, 1);    /* 30 + 20 = 50 */
    d.in[5][0] = q(100, 1), d.in[5][1] = q(59, 1);   /* 60 + 0 = 60 */
    d.in[6][0] = q(100, 1), d.in[6][1] = q(90, 1);   /* 100: 好 */
    d.in[7][0] = q(0, 1), d.in[7][1] = q(0, 1);      /* 0: 差 */
    /* cities: c (linear 0..10), d (rank), e (deduct), adj, neg */
    d.in[0][2] = q(25, 10), d.in[0][3] = q(1, 2), d.in[0][4] = q(1, 1);
    d.in[1][2] = q(10, 1), d.in[1][3] = q(-1, 1), d.in[1][4] = q(3, 1);
    d.in[2][2] = q(1, 3), d.in[2][3] = q(1, 2), d.in[2][4] = q(0, 1);
    d.in[0][5] = q(5, 1), d.in[0][6] = q(-1, 1);
    d.in[1][5] = q(5, 1), d.in[1][6] = q(0, 1);
    d.in[2][6] = q(-5, 1);
    d.rate_num[0] = 2, d.rate_num[1] = 5, d.rate_num[2] = 6;
    kh_assessment *a = score(set, s, rs, &d);
    const kh_assess_region *c1 = reg(a, codes[0]), *c2 = reg(a, codes[1]),
                           *c3 = reg(a, codes[2]);
    assert_int_equal(reg(a, codes[3])->total, 8950);
    assert_string_equal(reg(a, codes[3])->grade, "中");
    /* linear: 2.5 of 10 -> 2.5; 10 -> 10; 1/3 -> 0.333 -> 0.33 */
    assert_int_equal(pts(c1, "p/lin"), 250);
    assert_int_equal(pts(c2, "p/lin"), 1000);
    assert_int_equal(pts(c3, "p/lin"), 33);
    /* rank desc, last 4: 0.5, 0.5 share first (10), -1 third (4) */
    assert_int_equal(pts(c1, "p/rank"), 1000);
    assert_int_equal(pts(c3, "p/rank"), 1000);
    assert_int_equal(pts(c2, "p/rank"), 400);
    /* bands <=: 2% -> 5, 5% -> 2.5, 6% -> nothing matches -> 0 */
    assert_int_equal(pts(c1, "p/ind"), 500);
    assert_int_equal(pts(c2, "p/ind"), 250);
    assert_int_equal(pts(c3, "p/ind"), 0);
    /* deduct 1.5 a case, cap 4: 1 -> 3.5, 3 -> 1 (cap 4), 0 -> 5 */
    assert_int_equal(pts(c1, "p/ded"), 350);
    assert_int_equal(pts(c2, "p/ded"), 100);
    assert_int_equal(pts(c3, "p/ded"), 500);
    /* rollup avg of poor counties' % (89.5 -> 44.75; 60 -> 30); city 3 has
     * no poor county: empty = full (50) */
    assert_int_equal(pts(c1, "counties/poor"), 4475);
    assert_int_equal(pts(c2, "counties/poor"), 3000);
    assert_int_equal(pts(c3, "counties/poor"), 5000);
    /* count of 好/中 among non-poor: city1 {50: 差} 0/1 -> 0; city2 none:
     * empty = zero; city3 {100 好, 0 差} 1/2 -> 10 */
    assert_int_equal(pts(c1, "counties/other"), 0);
    assert_int_equal(pts(c2, "counties/other"), 0);
    assert_int_equal(pts(c3, "counties/other"), 1000);
    /* adjustments: 5 - 1 = 4; 5 + 0 = 5; 0 - 5 = -5 */
    assert_int_equal(pts(c1, "adj"), 400);
    assert_int_equal(pts(c2, "adj"), 500);
    assert_int_equal(pts(c3, "adj"), -500);
    kh_assessment_free(a);
    kh_regionset_free(rs);
    kh_scheme_set_free(set);
}

/* Deterministic pseudo-random numbers (xorshift). */
static unsigned long long rnd_state = 88172645463325252ULL;
static unsigned long long rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

/* A value within the input's range, on a grid of hundredths. */
static kh_q rnd_in(const kh_scheme_input *in)
{
    /* lo + (hi - lo) * k / 100 */
    long long k = (long long)(rnd() % 101);
    __int128 num = (__int128)in->lo.num * in->hi.den * 100 +
                   ((__int128)in->hi.num * in->lo.den -
                    (__int128)in->lo.num * in->hi.den) * k;
    __int128 den = (__int128)in->lo.den * in->hi.den * 100;
    return q((long long)num, (long long)den);
}

static void rnd_data(data *d, kh_scheme_set *set)
{
    base(d);
    for (int r = 0; r < NREG; r++) {
        const kh_scheme *s = kh_scheme_set_get(set, r < 3 ? "t-city" : "t-county");
        for (int i = 0; i < NIN; i++) {
            const kh_scheme_input *in = kh_scheme_input_find(s, inames[i]);
            if (in) d->in[r][i] = rnd_in(in);
        }
        d->rate_num[r] = (long long)(rnd() % 15);
    }
}

/* Totals are the sums of the top items; groups the sums of their
 * children (adjustment groups clamped); every item within its bounds. */
static void test_property_sums(void **state)
{
    (void)state;
    const kh_scheme *s;
    kh_scheme_set *set = schemes("shared", &s);
    kh_regionset *rs = regions();
    for (int iter = 0; iter < 300; iter++) {
        data d;
        rnd_data(&d, set);
        kh_assessment *a = score(set, s, rs, &d);
        assert_int_equal(a->nregions, NREG);
        for (size_t r = 0; r < a->nregions; r++) {
            const kh_assess_region *g = &a->regions[r];
            const kh_scheme *sc = g->scheme;
            long long top = 0;
            for (size_t i = 0; i < sc->nitems; i++) {
                const kh_scheme_item *it = &sc->items[i];
                long long p = g->items[i].points;
                assert_true(p >= it->min && p <= it->max);
                if (it->parent < 0) top += p;
                if (!it->nchildren) continue;
                long long sum = 0;
                for (size_t k = 0; k < sc->nitems; k++)
                    if (sc->items[k].parent == (int)i) sum += g->items[k].points;
                if (it->adjust)
                    sum = sum > it->max ? it->max : sum < it->min ? it->min : sum;
                assert_int_equal(p, sum);
            }
            assert_int_equal(g->total, top);
            /* grade by total unless a veto capped it */
            if (!g->nvetoes) assert_ptr_equal(g->grade, g->grade_before);
        }
        kh_assessment_free(a);
    }
    kh_regionset_free(rs);
    kh_scheme_set_free(set);
}

/* Does item i of scheme sc use input name, itself or below it? */
static int uses(const kh_scheme *sc, size_t i, const char *name)
{
    const kh_scheme_item *it = &sc->items[i];
    if (!it->nchildren) return it->src == KH_SRC_INPUT && !strcmp(it->ref, name);
    for (size_t k = i + 1; k < sc->nitems; k++)
        if (sc->items[k].parent == (int)i && uses(sc, k, name)) return 1;
    return 0;
}

/* Changing one manual input of one city changes only the items that use
 * it (in any city: a rank moves the others), and nothing of the counties. */
static void test_property_one_input(void **state)
{
    (void)state;
    const kh_scheme *s;
    kh_scheme_set *set = schemes("shared", &s);
    kh_regionset *rs = regions();
    for (int iter = 0; iter < 100; iter++) {
        data d;
        rnd_data(&d, set);
        kh_assessment *a = score(set, s, rs, &d);
        int r = (int)(rnd() % 3), i = 2 + (int)(rnd() % 5);
        const kh_scheme_input *in = kh_scheme_input_find(s, inames[i]);
        assert_non_null(in);
        kh_q old = d.in[r][i];
        do d.in[r][i] = rnd_in(in);
        while (!kh_q_cmp(d.in[r][i], old));
        kh_assessment *b = score(set, s, rs, &d);
        for (size_t k = 0; k < a->nregions; k++) {
            const kh_assess_region *x = &a->regions[k], *y = &b->regions[k];
            assert_string_equal(x->code, y->code);
            for (size_t it = 0; it < x->scheme->nitems; it++)
                if (x->items[it].points != y->items[it].points) {
                    assert_ptr_equal(x->scheme, s);
                    assert_true(uses(s, it, inames[i]));
                }
        }
        kh_assessment_free(a);
        kh_assessment_free(b);
    }
    kh_regionset_free(rs);
    kh_scheme_set_free(set);
}

/* Equal totals share a rank under `tie = shared`; `tie = item p` puts the
 * city with more points in p first. */
static void test_ties(void **state)
{
    (void)state;
    const char *ties[] = {"shared", "item p"};
    for (int t = 0; t < 2; t++) {
        const kh_scheme *s;
        kh_scheme_set *set = schemes(ties[t], &s);
        kh_regionset *rs = regions();
        data d;
        base(&d);
        for (int r = 3; r < NREG; r++) d.in[r][0] = q(100, 1), d.in[r][1] = q(100, 1);
        /* city 1: c 10 (p 30), counties 50 + 20, no adjustment: 100;
         * city 3: c 5 (p 25), counties 50 (none poor: full) + 20, adj 5:
         * 100 too; city 2: c 1 (p 21) + 50 + 0 (no non-poor: zero) = 71 */
        d.in[0][2] = q(10, 1);
        d.in[2][2] = q(5, 1), d.in[2][5] = q(5, 1);
        d.in[1][2] = q(1, 1);
        kh_assessment *a = score(set, s, rs, &d);
        const kh_assess_region *c1 = reg(a, codes[0]), *c3 = reg(a, codes[2]);
        assert_int_equal(c1->total, 10000);
        assert_int_equal(c3->total, 10000);
        if (t == 0) {
            assert_int_equal(c1->rank, 1);
            assert_int_equal(c3->rank, 1);
        } else {
            assert_int_equal(c1->rank, 1);
            assert_int_equal(c3->rank, 2);
        }
        assert_int_equal(reg(a, codes[1])->total, 7100);
        assert_int_equal(reg(a, codes[1])->rank, 3);
        kh_assessment_free(a);
        kh_regionset_free(rs);
        kh_scheme_set_free(set);
    }
}

/* The top score with a veto: first in rank, not 优秀. */
static void test_veto(void **state)
{
    (void)state;
    const kh_scheme *s;
    kh_scheme_set *set = schemes("shared", &s);
    kh_regionset *rs = regions();
    data d;
    base(&d);
    for (int r = 3; r < NREG; r++) d.in[r][0] = q(100, 1), d.in[r][1] = q(100, 1);
    for (int r = 0; r < 3; r++) d.in[r][2] = q(10, 1), d.in[r][5] = q(5, 1);
    d.in[1][2] = q(9, 1);
    d.in[0][7] = q(1, 1); /* veto v */
    d.rate_num[2] = 11;   /* veto by the indicator: 11% > 10% */
    kh_assessment *a = score(set, s, rs, &d);
    const kh_assess_region *c1 = reg(a, codes[0]), *c2 = reg(a, codes[1]),
                           *c3 = reg(a, codes[2]);
    /* city 1: 30 + 50 + 20 + 5 = 105, the top score, vetoed by input;
     * city 3: 25 (rate 11%: no band) + 50 + 20 + 5 = 100, vetoed by the
     * indicator; city 2: 29 + 50 + 0 + 5 = 84, no veto */
    assert_int_equal(c1->total, 10500);
    assert_int_equal(c1->rank, 1);
    assert_string_equal(c1->grade_before, "优秀");
    assert_string_equal(c1->grade, "良好");
    assert_int_equal(c1->nvetoes, 1);
    assert_string_equal(c1->vetoes[0].code, "v");
    assert_int_equal(c3->total, 10000);
    assert_string_equal(c3->grade_before, "优秀");
    assert_string_equal(c3->grade, "良好");
    assert_int_equal(c3->nvetoes, 1);
    assert_int_equal(c2->total, 8400);
    assert_string_equal(c2->grade, "良好");
    assert_int_equal(c2->nvetoes, 0);
    kh_assessment_free(a);
    kh_regionset_free(rs);
    kh_scheme_set_free(set);
}

/* Missing and out-of-range inputs name the region and the item. */
static void test_input_errors(void **state)
{
    (void)state;
    const kh_scheme *s;
    kh_scheme_set *set = schemes("shared", &s);
    kh_regionset *rs = regions();
    data d;
    base(&d);
    d.missing[4][1] = 1;
    kh_assess_src src = {&d, ind, input, NULL, 0, NULL, NULL};
    kh_assessment *a = NULL;
    kh_error err;
    assert_int_equal(kh_assess_compute(set, s, rs, &src, &a, &err), KH_ERR_INVALID);
    assert_null(a);
    assert_string_equal(err.code, "input_missing");
    assert_non_null(strstr(err.en, codes[4]));
    assert_non_null(strstr(err.en, "'y'"));
    d.missing[4][1] = 0;
    d.in[1][2] = q(11, 1);
    assert_int_equal(kh_assess_compute(set, s, rs, &src, &a, &err), KH_ERR_INVALID);
    assert_string_equal(err.code, "input_range");
    assert_non_null(strstr(err.en, codes[1]));
    assert_non_null(strstr(err.en, "p/lin"));
    kh_regionset_free(rs);
    kh_scheme_set_free(set);
}

/* Why an indicator has no value (kh_assess_src.why). */
static void why_none(void *ctx, const char *code, const char *name, char *buf,
                     size_t n)
{
    (void)ctx;
    snprintf(buf, n, "上年数据未入库 %s %s", code, name);
}

/* An indicator without value: an error naming the region, or the item's
 * `empty` rule; both say why when the source tells. */
static void test_indicator_novalue(void **state)
{
    (void)state;
    const kh_scheme *s;
    kh_scheme_set *set = schemes("shared", &s);
    kh_regionset *rs = regions();
    data d;
    base(&d);
    d.no_rate[1] = 1;
    kh_assess_src src = {&d, ind, input, NULL, 0, NULL, why_none};
    kh_assessment *a = NULL;
    kh_error err;
    assert_int_equal(kh_assess_compute(set, s, rs, &src, &a, &err), KH_ERR_INVALID);
    assert_string_equal(err.code, "indicator_novalue");
    assert_non_null(strstr(err.en, codes[1]));
    assert_non_null(strstr(err.en, "p/ind"));
    assert_non_null(strstr(err.zh, "(上年数据未入库 "));
    kh_scheme_set_free(set);
    /* the same scheme with `empty = zero`, `empty = full`, then
     * `empty = reallocate`: p/ind's 5 points go to p's other items
     * (lin 0, rank 10, ded 5 of 25) -> p = 15 x 30 / 25 = 18 */
    const char *rule[] = {"zero", "full", "reallocate"};
    for (int k = 0; k < 3; k++) {
        char text[4096], tail[4096];
        snprintf(text, sizeof text, "%s", city_text);
        char *at = strstr(text, "band = 5% 2.5\n") + strlen("band = 5% 2.5\n");
        snprintf(tail, sizeof tail, "%s", at);
        snprintf(at, sizeof text - (size_t)(at - text), "empty = %s\n%s", rule[k], tail);
        char *tie = strstr(text, "TIE");
        memcpy(tie, "   ", 3); /* "tie =    ": shared */
        memcpy(tie - 6, "#", 1);
        kh_scheme *c, *y;
        assert_int_equal(kh_scheme_set_new(&set, &err), KH_OK);
        assert_int_equal(kh_scheme_parse(county_text, strlen(county_text), "county", &y, &err), KH_OK);
        assert_int_equal(kh_scheme_set_add(set, y, &err), KH_OK);
        int rc = kh_scheme_parse(text, strlen(text), "city", &c, &err);
        if (rc) fail_msg("%s", err.en);
        assert_int_equal(kh_scheme_set_add(set, c, &err), KH_OK);
        assert_int_equal(kh_assess_compute(set, c, rs, &src, &a, &err), KH_OK);
        const kh_assess_region *g = reg(a, codes[1]);
        assert_int_equal(pts(g, "p/ind"), k == 1 ? 500 : 0);
        assert_int_equal(pts(g, "p"), k == 0 ? 1500 : k == 1 ? 2000 : 1800);
        assert_int_equal(g->items[kh_scheme_item_find(c, "p/ind")].reallocated,
                         k == 2);
        assert_int_equal(pts(reg(a, codes[0]), "p"), 2000);
        assert_int_equal(g->items[kh_scheme_item_find(c, "p/ind")].has_value, 0);
        /* the item says why it has none, and what it gets */
        const char *det = g->items[kh_scheme_item_find(c, "p/ind")].detail;
        assert_non_null(det);
        assert_non_null(strstr(det, "指标无值(上年数据未入库 "));
        assert_non_null(strstr(det, k == 0   ? "按方案规定得 0 分"
                                    : k == 1 ? "按方案规定得满分"
                                             : "本项分值按比例转给同组有值的项目"));
        assert_int_equal(pts(reg(a, codes[0]), "p/ind"), 500); /* 1%: 5 */
        kh_assessment_free(a);
        kh_scheme_set_free(set);
    }
    kh_regionset_free(rs);
}

/* 第八条: a veto's consequences for every case, and the serious ones (and
 * serious_cap) only for a case marked serious; an empty flag is 否
 * (`default = 0`). */
static void test_veto_serious(void **state)
{
    (void)state;
    static const char text[] =
        "[scheme]\nname = t-serious\nlevel = 县\ntotal = 100\n"
        "[grades]\n好 = 90\n中 = 60\n差 = 0\n"
        "[item x]\npoints = 100\nsource = input a\nrule = linear 0 100\n"
        "[veto v]\nwhen = input b\nconsequence = 约谈; 限期整改\n"
        "serious = input c\nserious_consequence = 责任追究\n"
        "serious_cap = 好\n"
        "[input a]\nrange = 0 100\n[input b]\nrange = 0 1\n"
        "[input c]\nrange = 0 1\ndefault = 0\n";
    kh_scheme_set *set;
    kh_scheme *s;
    kh_error err;
    assert_int_equal(kh_scheme_set_new(&set, &err), KH_OK);
    int rc = kh_scheme_parse(text, strlen(text), "serious", &s, &err);
    if (rc) fail_msg("%s", err.en);
    assert_int_equal(kh_scheme_set_add(set, s, &err), KH_OK);
    kh_regionset *rs = regions();
    data d;
    base(&d);
    for (int r = 0; r < NREG; r++) {
        d.in[r][0] = q(100, 1);
        d.missing[r][2] = 1; /* c: empty, i.e. 否 */
    }
    d.in[3][1] = q(1, 1), d.in[3][2] = q(1, 1), d.missing[3][2] = 0;
    d.in[4][1] = q(1, 1);                       /* a case, not serious */
    d.in[5][2] = q(1, 1), d.missing[5][2] = 0;  /* serious, but no case */
    kh_assessment *a = score(set, s, rs, &d);
    const kh_assess_region *g3 = reg(a, codes[3]), *g4 = reg(a, codes[4]),
                           *g5 = reg(a, codes[5]);
    assert_int_equal(g3->nvetoes, 1);
    assert_int_equal(g3->vetoes[0].serious, 1);
    assert_string_equal(g3->vetoes[0].consequence, "约谈; 限期整改; 情节严重:责任追究");
    assert_string_equal(g3->grade_before, "好");
    assert_string_equal(g3->grade, "中");
    assert_int_equal(g4->nvetoes, 1);
    assert_int_equal(g4->vetoes[0].serious, 0);
    assert_string_equal(g4->vetoes[0].consequence, "约谈; 限期整改");
    assert_string_equal(g4->grade, "好");
    assert_int_equal(g5->nvetoes, 0);
    assert_string_equal(g5->grade, "好");
    kh_assessment_free(a);
    kh_regionset_free(rs);
    kh_scheme_set_free(set);
}

static void expect_bad(const char *text, long line, const char *code)
{
    kh_scheme *s = NULL;
    kh_error err;
    kh_error_clear(&err);
    assert_int_equal(kh_scheme_parse(text, strlen(text), "x", &s, &err),
                     KH_ERR_INVALID);
    assert_null(s);
    assert_string_equal(err.code, code);
    assert_int_equal(err.line, line);
}

#define HEAD "[scheme]\nname = x\nlevel = 县\ntotal = 10\n[grades]\n好 = 0\n"

static void test_bad_schemes(void **state)
{
    (void)state;
    /* top items 8 of 10 */
    expect_bad(HEAD "[item a]\npoints = 8\nsource = input i\nrule = points\n"
               "[input i]\nrange = 0 8\n", 4, "scheme_points_sum");
    /* a band worth more than the item (line 10) */
    expect_bad(HEAD "[item a]\npoints = 10\nsource = input i\n"
               "rule = bands >=\nband = 5 11\n[input i]\nrange = 0 8\n",
               11, "scheme_band_impossible");
    /* a band after '*' */
    expect_bad(HEAD "[item a]\npoints = 10\nsource = input i\n"
               "rule = bands >=\nband = * 1\nband = 5 10\n[input i]\nrange = 0 8\n",
               12, "scheme_band_impossible");
    /* linear with equal ends */
    expect_bad(HEAD "[item a]\npoints = 10\nsource = input i\n"
               "rule = linear 1 1\n[input i]\nrange = 0 8\n", 7,
               "scheme_rule_impossible");
    /* an input nobody declares */
    expect_bad(HEAD "[item a]\npoints = 10\nsource = input i\nrule = linear 0 1\n",
               7, "scheme_input_unknown");
    /* a grade nobody can reach */
    expect_bad("[scheme]\nname = x\nlevel = 县\ntotal = 10\n[grades]\n好 = 11\n"
               "差 = 0\n[item a]\npoints = 10\nsource = input i\nrule = linear 0 1\n"
               "[input i]\nrange = 0 1\n", 6, "scheme_grade_impossible");
    /* grades not descending (line 7) */
    expect_bad("[scheme]\nname = x\nlevel = 县\ntotal = 10\n[grades]\n好 = 5\n"
               "中 = 6\n", 7, "scheme_grade_impossible");
    /* an item whose parent comes later */
    expect_bad(HEAD "[item a/b]\npoints = 10\n", 7, "scheme_parent");
    /* unknown key */
    expect_bad(HEAD "[item a]\npointz = 10\n", 8, "scheme_key");
    /* indicator read at another level than the scheme's */
    expect_bad(HEAD "[item a]\npoints = 10\nsource = indicator incidence@市\n"
               "rule = linear 0 1\n", 7, "scheme_level");
}

static void test_presets(void **state)
{
    (void)state;
    assert_true(kh_scheme_preset_count() >= 3);
    kh_scheme_set *set;
    kh_error err;
    assert_int_equal(kh_scheme_set_new(&set, &err), KH_OK);
    for (size_t i = 0; i < kh_scheme_preset_count(); i++) {
        const kh_scheme *s;
        int rc = kh_scheme_set_load(set, kh_scheme_preset_name(i), &s, &err);
        if (rc) fail_msg("%s: %s", kh_scheme_preset_name(i), err.en);
        assert_int_equal(kh_scheme_check(set, s, NULL, NULL, &err), KH_OK);
        assert_int_equal(s->total, 10000);
    }
    const kh_scheme *h = kh_scheme_set_get(set, "hebei-city-2016");
    assert_non_null(h);
    /* 第六条: 10 + 30 + 60 (50 + 10), 调整 ±5; 第七条 five vetoes */
    assert_int_equal(h->items[kh_scheme_item_find(h, "平时考核")].max, 1000);
    assert_int_equal(h->items[kh_scheme_item_find(h, "集中考核")].max, 3000);
    assert_int_equal(h->items[kh_scheme_item_find(h, "所属县")].max, 6000);
    assert_int_equal(h->items[kh_scheme_item_find(h, "所属县/贫困县")].max, 5000);
    assert_int_equal(h->items[kh_scheme_item_find(h, "所属县/非贫困县")].max, 1000);
    assert_int_equal(h->items[kh_scheme_item_find(h, "调整")].max, 500);
    assert_int_equal(h->items[kh_scheme_item_find(h, "调整")].min, -500);
    assert_int_equal(h->nvetoes, 5);
    const kh_scheme *c = kh_scheme_set_get(set, "central-province-2016");
    assert_int_equal(c->nvetoes, 6);
    assert_int_equal(c->ngrades, 4);
    assert_string_equal(c->grades[0].name, "好");
    kh_scheme_set_free(set);
}

static void test_q(void **state)
{
    (void)state;
    kh_q x;
    char b[64];
    assert_int_equal(kh_q_parse("2%", 2, &x), 0);
    assert_int_equal(x.num, 1);
    assert_int_equal(x.den, 50);
    assert_int_equal(kh_q_parse("-0.25", 5, &x), 0);
    assert_int_equal(x.num, -1);
    assert_int_equal(x.den, 4);
    assert_int_equal(kh_q_parse("1/3", 3, &x), 0);
    kh_q_text(x, b, sizeof b);
    assert_string_equal(b, "0.333333");
    assert_int_equal(kh_q_parse("abc", 3, &x), -1);
    assert_int_equal(kh_q_parse("1.2.3", 5, &x), -1);
    /* to a whole number, half away from zero */
    assert_int_equal(kh_assess_round(1, 2), 1);
    assert_int_equal(kh_assess_round(-1, 2), -1);
    assert_int_equal(kh_assess_round(5, 3), 2);
    assert_int_equal(kh_assess_round(4, 3), 1);
    kh_points_format(-50, b, sizeof b);
    assert_string_equal(b, "-0.50");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_q),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_property_sums),
        cmocka_unit_test(test_property_one_input),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_veto),
        cmocka_unit_test(test_input_errors),
        cmocka_unit_test(test_indicator_novalue),
        cmocka_unit_test(test_veto_serious),
        cmocka_unit_test(test_bad_schemes),
        cmocka_unit_test(test_presets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
