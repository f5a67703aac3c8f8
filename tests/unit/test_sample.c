/* SPDX-License-Identifier: MIT */
/*
 * test_sample.c - the sampling arithmetic of src/domain/sample.c: the
 * quantiles, sample sizes worked out by hand, PPS inclusion frequencies
 * against their probabilities, simple random samples, the classification
 * by the review's exit rules, a small estimate checked digit by digit, and
 * the repeated-sampling test of the issue: on a generated population with
 * known true rates, 1000 independent samples (fixed seeds), the 95%
 * intervals of 错退率 and 漏评率 must cover the truth in 93-97% of them and
 * the mean estimate must be within its Monte Carlo error of the truth.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/estimate.h"
#include "kaohe/sample.h"
#include "kaohe/encoding.h"
#include "kaohe/standard.h"
#include "kaohe/survey.h"
#include "kaohe/table.h"

static void test_quantiles(void **state)
{
    (void)state;
    assert_true(fabs(kh_norm_quantile(0.975) - 1.959963984540054) < 1e-9);
    assert_true(fabs(kh_norm_quantile(0.5)) < 1e-12);
    assert_true(fabs(kh_norm_quantile(0.005) + 2.575829303549) < 1e-9);
    /* Student's t: tables (e.g. R's qt). */
    assert_true(fabs(kh_t_quantile(0.975, 1) - 12.70620473617) < 1e-6);
    assert_true(fabs(kh_t_quantile(0.975, 9) - 2.262157162799) < 1e-8);
    assert_true(fabs(kh_t_quantile(0.975, 30) - 2.042272456301) < 1e-8);
    assert_true(fabs(kh_t_quantile(0.025, 4) + 2.776445105198) < 1e-8);
}

static void test_size(void **state)
{
    (void)state;
    kh_error err;
    kh_size_in in = {0.02, 0.01, 1.959963984540054, 0.02, 29, 0};
    kh_size_out o;
    assert_int_equal(kh_sample_size(&in, &o, &err), KH_OK);
    /* n0 = 1.96^2 * 0.02 * 0.98 / 0.0001 = 752.9259...;
     * m = ceil(752.9259 * 0.98 / (29 - 15.0585)) = ceil(52.925) = 53. */
    assert_true(fabs(o.n0 - 752.92594) < 1e-4);
    assert_int_equal(o.villages, 29);
    assert_int_equal(o.per_village, 53);
    assert_int_equal(o.total, 29 * 53);
    assert_true(fabs(o.deff - 2.04) < 1e-12);
    assert_false(o.raised);
    /* Too few villages: 10 <= 15.06, raised to ceil(30.117) = 31, then
     * m = ceil(737.87 / (31 - 15.0585)) = ceil(46.29) = 47. */
    in.villages = 10;
    assert_int_equal(kh_sample_size(&in, &o, &err), KH_OK);
    assert_true(o.raised);
    assert_int_equal(o.villages, 31);
    assert_int_equal(o.per_village, 47);
    /* A small population: N = 500, n0' = 752.93 / (1 + 751.93/500) =
     * 300.71; m = ceil(300.71 * 0.98 / (29 - 6.0141)) = ceil(12.82) = 13. */
    in.villages = 29;
    in.population = 500;
    assert_int_equal(kh_sample_size(&in, &o, &err), KH_OK);
    assert_true(fabs(o.n0_fpc - 300.70706) < 1e-4);
    assert_int_equal(o.per_village, 13);
    in.margin = 0;
    assert_int_equal(kh_sample_size(&in, &o, &err), KH_ERR_USAGE);
}

static void test_pps(void **state)
{
    (void)state;
    kh_error err;
    const long long size[6] = {5, 10, 20, 40, 100, 25};
    double pi[6];
    unsigned char sel[6];
    long long hits[6] = {0};
    kh_rng r;
    kh_rng_seed(&r, 7);
    const int reps = 20000;
    for (int t = 0; t < reps; t++) {
        assert_int_equal(kh_sample_pps(size, 6, 3, &r, pi, sel, &err), KH_OK);
        int got = 0;
        for (int i = 0; i < 6; i++) {
            hits[i] += sel[i];
            got += sel[i];
        }
        assert_int_equal(got, 3);
    }
    /* 100 of 200 with k = 3 is certain (150 >= 200); the other 2 of 100:
     * pi = 2 size / 100. */
    const double want[6] = {0.1, 0.2, 0.4, 0.8, 1.0, 0.5};
    for (int i = 0; i < 6; i++) {
        assert_true(fabs(pi[i] - want[i]) < 1e-12);
        double f = (double)hits[i] / reps;
        double sd = sqrt(want[i] * (1 - want[i]) / reps);
        assert_true(fabs(f - want[i]) <= 4 * sd + 1e-12);
    }
    /* Every unit when k >= n; bad sizes refused. */
    assert_int_equal(kh_sample_pps(size, 6, 6, &r, pi, sel, &err), KH_OK);
    for (int i = 0; i < 6; i++)
        assert_true(sel[i] && pi[i] == 1);
    const long long bad[2] = {3, 0};
    assert_int_equal(kh_sample_pps(bad, 2, 1, &r, pi, sel, &err), KH_ERR_USAGE);
}

static void test_srs(void **state)
{
    (void)state;
    kh_rng r;
    kh_rng_seed(&r, 3);
    long long out[10], cnt[10] = {0};
    for (int t = 0; t < 10000; t++) {
        assert_int_equal(kh_sample_srs(10, 4, &r, out), 4);
        for (int i = 0; i < 4; i++) {
            if (i) assert_true(out[i] > out[i - 1]);
            cnt[out[i]]++;
        }
    }
    for (int i = 0; i < 10; i++)
        assert_true(fabs(cnt[i] / 10000.0 - 0.4) < 4 * sqrt(0.24 / 10000));
    assert_int_equal(kh_sample_srs(3, 5, &r, out), 3);
    /* Same seed, same sample. */
    kh_rng a, b;
    kh_rng_seed(&a, 99);
    kh_rng_seed(&b, 99);
    long long x[5], y[5];
    kh_sample_srs(1000, 5, &a, x);
    kh_sample_srs(1000, 5, &b, y);
    assert_memory_equal(x, y, sizeof x);
}

static void test_classify(void **state)
{
    (void)state;
    kh_error err;
    kh_standard *std;
    assert_int_equal(kh_standard_new(&std, &err), KH_OK);
    kh_classifier *c;
    assert_int_equal(kh_classifier_new(std, 2019, &c, &err), KH_OK);
    int eh = kh_standard_enum(std, "housing");
    int a = kh_standard_enum_lookup(std, eh, "A", 1);
    int d = kh_standard_enum_lookup(std, eh, "D", 1);
    kh_survey_obs good = {400000, 1, 0, 1, a, 1, 1, 1, -1};
    kh_survey_class k;
    assert_int_equal(kh_classify(c, &good, &k, &err), KH_OK);
    assert_false(k.fails);
    assert_false(k.unknown);
    assert_int_equal(k.approves, 1);
    /* 2019 line: 3218 yuan; at the line is not above it. */
    kh_survey_obs o = good;
    o.income_pc = 321800;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_true(k.fails);
    assert_int_equal(k.failed, 1u << KH_RV_EXIT_INCOME);
    o.income_pc = 321801;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_false(k.fails);
    o = good;
    o.dropout = 1;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_int_equal(k.failed, 1u << KH_RV_EXIT_DROPOUT);
    o = good;
    o.medical = 0;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_int_equal(k.failed, 1u << KH_RV_EXIT_MEDICAL);
    o = good;
    o.housing = d;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_int_equal(k.failed, 1u << KH_RV_EXIT_HOUSING);
    /* 错退 is one verdict whichever conditions fail (issue 15): a
     * household failing two is one failing household, both conditions
     * its detail. */
    o = good;
    o.income_pc = 100000;
    o.housing = d;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_int_equal(k.fails, 1);
    assert_int_equal(k.failed,
                     1u << KH_RV_EXIT_INCOME | 1u << KH_RV_EXIT_HOUSING);
    o = good;
    o.water = 0;
    o.ok_help = 0;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_int_equal(k.failed, 1u << KH_RV_EXIT_WATER);
    assert_int_equal(k.approves, 0);
    o = good;
    o.food_clothing = 0;
    o.ok_ident = o.ok_exit = o.ok_help = -1;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_true(k.fails && k.food_failed && !k.failed);
    assert_int_equal(k.approves, -1);
    o = good;
    o.housing = -1;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_true(k.unknown && !k.fails);
    kh_classifier_free(c);
    /* Water is an exit condition only from 2019. */
    assert_int_equal(kh_classifier_new(std, 2018, &c, &err), KH_OK);
    o = good;
    o.water = 0;
    assert_int_equal(kh_classify(c, &o, &k, &err), KH_OK);
    assert_false(k.fails);
    kh_classifier_free(c);
    kh_standard_free(std);
}

/* Two strata; stratum 0 has PSUs 1 and 2, stratum 1 has PSUs 3, 4, 5
 * (PSU 5 drawn, nobody of the set in it). Worked by hand:
 *   Y = 2*1 + 2*0 + 3*2 + 1*1 + 4*0 = 9;  X = 2*3 + 2*2 + 3*4 + 1*2
 *   + 4*5 = 44;  R = 9/44.
 *   z: PSU1 = 2(1-3R) + 2(0-2R) = 2 - 10R; PSU2 = 3(2-4R) = 6 - 12R;
 *      PSU3 = 1(1-2R) = 1 - 2R; PSU4 = 4(0-5R) = -20R; PSU5 = 0.
 *   h0: 2 * ((z1-z2)^2/2) = (z1-z2)^2 = (-4 + 2R)^2.
 *   h1: mean m = (1 - 22R)/3; 3/2 * sum (z - m)^2. */
/* A village taken with certainty (negative PSU) is a stratum of its own,
 * its households the units (docs/sample.md). One county: village -1
 * taken with certainty, households (w, y, x) = (1, 1, 2), (1, 0, 3),
 * (1, 1, 1); villages 2 and 3 drawn, one household each: (2, 0, 2),
 * (2, 1, 2).
 *   R = (1 + 0 + 1 + 0 + 2) / (2 + 3 + 1 + 4 + 4) = 4/14.
 *   certain stratum: z = 1 - 2R, -3R, 1 - R; 3/2 sum (z - zbar)^2.
 *   the county without it: z = -4R, 2 - 4R; 2 * ((-1)^2 + 1^2) = 4.
 *   PSUs 3 + 2, strata 2, df 3. (As one stratum of three villages, the
 *   old reading, the variance would differ.) */
static void test_certainty(void **state)
{
    (void)state;
    const kh_sample_unit u[] = {
        {0, -1, -1, 0, 0, 0}, {0, -1, 0, 1, 1, 2}, {0, -1, 0, 1, 0, 3},
        {0, -1, 0, 1, 1, 1},  {0, 2, -1, 0, 0, 0}, {0, 2, 0, 2, 0, 2},
        {0, 3, -1, 0, 0, 0},  {0, 3, 0, 2, 1, 2},
    };
    kh_sample_est e;
    kh_sample_ratio(u, 8, 0, -1, 0.95, &e);
    double R = 4.0 / 14;
    assert_true(fabs(e.r - R) < 1e-15);
    double z[3] = {1 - 2 * R, -3 * R, 1 - R};
    double m = (z[0] + z[1] + z[2]) / 3;
    double vc = 1.5 * ((z[0] - m) * (z[0] - m) + (z[1] - m) * (z[1] - m) +
                       (z[2] - m) * (z[2] - m));
    assert_true(fabs(e.se - sqrt(vc + 4) / 14) < 1e-15);
    assert_int_equal(e.psus, 5);
    assert_int_equal(e.strata, 2);
    assert_true(e.df == 3);
    /* A county all of whose villages are certain: only the households. */
    kh_sample_ratio(u, 4, 0, -1, 0.95, &e);
    assert_true(fabs(e.r - 2.0 / 6) < 1e-15);
    double r2 = 2.0 / 6, a = 1 - 2 * r2, b = -3 * r2, c = 1 - r2;
    double mm = (a + b + c) / 3;
    assert_true(fabs(e.se - sqrt(1.5 * ((a - mm) * (a - mm) + (b - mm) * (b - mm) +
                                        (c - mm) * (c - mm))) / 6) < 1e-15);
    assert_true(e.df == 2);
}

static void test_ratio_by_hand(void **state)
{
    (void)state;
    const kh_sample_unit u[] = {
        {0, 1, 0, 2, 1, 3}, {0, 1, 0, 2, 0, 2}, {0, 2, 0, 3, 2, 4},
        {1, 3, 0, 1, 1, 2}, {1, 4, 0, 4, 0, 5}, {1, 5, -1, 0, 0, 0},
    };
    kh_sample_est e;
    kh_sample_ratio(u, 6, 0, -1, 0.95, &e);
    double R = 9.0 / 44;
    assert_true(fabs(e.r - R) < 1e-15);
    double z[5] = {2 - 10 * R, 6 - 12 * R, 1 - 2 * R, -20 * R, 0};
    double m = (z[2] + z[3] + z[4]) / 3;
    double v = (z[0] - z[1]) * (z[0] - z[1]) +
               1.5 * ((z[2] - m) * (z[2] - m) + (z[3] - m) * (z[3] - m) +
                      (z[4] - m) * (z[4] - m));
    assert_true(fabs(e.se - sqrt(v) / 44) < 1e-15);
    assert_int_equal(e.psus, 5);
    assert_int_equal(e.strata, 2);
    assert_true(e.df == 3);
    double t = 3.182446305284263; /* qt(0.975, 3) */
    /* The default interval is Korn–Graubard: Kish's design effect (the
     * variance of R from a simple random sample of the 5 households,
     * s^2 / (n xbar^2) with s^2 the weighted variance of y - R x), never
     * below 1; n_eff = R (1 - R) / max(se^2, V_srs), times (z / t_3)^2
     * unless truncated; Clopper–Pearson on R n_eff events. */
    assert_int_equal(e.units, 5);
    assert_int_equal(e.events, 3);
    const double w[5] = {2, 2, 3, 1, 4}, y[5] = {1, 0, 2, 1, 0},
                 x[5] = {3, 2, 4, 2, 5};
    double ss = 0;
    for (int i = 0; i < 5; i++)
        ss += w[i] * (y[i] - R * x[i]) * (y[i] - R * x[i]);
    double xbar = 44.0 / 12, s2 = ss / 12 * 5 / 4;
    double vsrs = s2 / (5 * xbar * xbar);
    assert_true(fabs(e.deff - e.se * e.se / vsrs) < 1e-12);
    double zq = 1.959963984540054;
    double neff = e.se * e.se >= vsrs
                      ? R * (1 - R) / (e.se * e.se) * (zq / t) * (zq / t)
                      : R * (1 - R) / vsrs;
    assert_true(fabs(e.n_eff - neff) < 1e-9);
    double lo, hi;
    kh_clopper_pearson(R * neff, neff, 0.95, &lo, &hi);
    assert_true(fabs(e.lo - lo) < 1e-12 && fabs(e.hi - hi) < 1e-12);
    /* --ci wald gives the former interval R +- t se. */
    kh_sample_interval(&e, KH_CI_WALD, 0.95, 1);
    assert_true(fabs(e.lo - (R - t * e.se)) < 1e-9 || e.lo == 0);
    assert_true(fabs(e.hi - (R + t * e.se)) < 1e-9);
    /* Stratum 1 alone: one stratum, three PSUs. */
    kh_sample_ratio(u, 6, 0, 1, 0.95, &e);
    assert_true(fabs(e.r - 1.0 / 22) < 1e-15);
    /* A stratum with one PSU holding the set: not estimable. */
    const kh_sample_unit one[] = {
        {0, 1, 0, 1, 1, 1}, {1, 2, 0, 1, 0, 1}, {1, 3, 0, 1, 0, 1}};
    kh_sample_ratio(one, 3, 0, -1, 0.95, &e);
    assert_true(e.se < 0);
    assert_int_equal(kh_sample_verdict(&e, 0.02), KH_V_UNKNOWN);
    /* Verdicts: below when the upper bound is at or below the
     * threshold, above only when the lower bound is above it. */
    kh_sample_est f = {0};
    f.x_hat = 1;
    f.se = 0.001;
    f.lo = 0.01, f.hi = 0.02;
    assert_int_equal(kh_sample_verdict(&f, 0.02), KH_V_BELOW);
    f.lo = 0.021, f.hi = 0.03;
    assert_int_equal(kh_sample_verdict(&f, 0.02), KH_V_ABOVE);
    f.lo = 0.02;
    assert_int_equal(kh_sample_verdict(&f, 0.02), KH_V_UNCLEAR);
    f.lo = 0.015;
    assert_int_equal(kh_sample_verdict(&f, 0.02), KH_V_UNCLEAR);
}

/* ---- repeated sampling on a generated population ---- */

#define NC 12 /* counties */
#define NV 60 /* villages a county */
#define KV 10 /* villages drawn a county */
#define MH 25 /* households drawn a village and group */

typedef struct hh {
    int persons;
    int bad; /* wrongly exited (exited) or missed poor (non-registered) */
} hh;

typedef struct village {
    hh *g[2]; /* 0 exited, 1 non-registered */
    long long n[2];
} village;

static village pop[NC][NV];
static double true_rate[2];

static double gamma_draw(kh_rng *r, double shape)
{
    /* Marsaglia-Tsang for shape >= 1, boosted below 1. */
    double boost = 1;
    if (shape < 1) {
        boost = pow(kh_rng_unit(r), 1 / shape);
        shape += 1;
    }
    double d = shape - 1.0 / 3, c = 1 / sqrt(9 * d);
    for (;;) {
        double x, v;
        do {
            double u1 = kh_rng_unit(r), u2 = kh_rng_unit(r);
            x = sqrt(-2 * log(u1 + 1e-300)) * cos(2 * M_PI * u2);
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = kh_rng_unit(r);
        if (log(u + 1e-300) < 0.5 * x * x + d - d * v + d * log(v))
            return boost * d * v;
    }
}

static void make_population(void)
{
    kh_rng r;
    kh_rng_seed(&r, 20191231);
    const double base[2] = {0.03, 0.015};
    long long y[2] = {0}, x[2] = {0};
    for (int c = 0; c < NC; c++)
        for (int v = 0; v < NV; v++) {
            village *vi = &pop[c][v];
            vi->n[0] = 20 + (long long)kh_rng_below(&r, 120);
            vi->n[1] = 60 + (long long)kh_rng_below(&r, 400);
            for (int g = 0; g < 2; g++) {
                /* Village rates vary (gamma with shape 2): clustering. */
                double p = base[g] * gamma_draw(&r, 2) / 2;
                if (p > 0.5) p = 0.5;
                vi->g[g] = malloc((size_t)vi->n[g] * sizeof(hh));
                for (long long i = 0; i < vi->n[g]; i++) {
                    hh *h = &vi->g[g][i];
                    h->persons = 1 + (int)kh_rng_below(&r, 6);
                    h->bad = kh_rng_unit(&r) < p;
                    y[g] += h->bad * h->persons;
                    x[g] += h->persons;
                }
            }
        }
    for (int g = 0; g < 2; g++)
        true_rate[g] = (double)y[g] / (double)x[g];
}

static void free_population(void)
{
    for (int c = 0; c < NC; c++)
        for (int v = 0; v < NV; v++)
            for (int g = 0; g < 2; g++)
                free(pop[c][v].g[g]);
}

static void test_coverage(void **state)
{
    (void)state;
    make_population();
    enum { REPS = 1000 };
    size_t cap = NC * KV * (2 * MH + 1);
    kh_sample_unit *u = malloc(cap * sizeof *u);
    assert_non_null(u);
    long long size[NV], idx[MH];
    double pi[NV];
    unsigned char sel[NV];
    int covered[2] = {0}, unclear_seen = 0;
    double sum[2] = {0}, sumsq[2] = {0}, sum_se[2] = {0}, sum_deff[2] = {0};
    kh_error err;
    for (int rep = 0; rep < REPS; rep++) {
        kh_rng r;
        kh_rng_seed(&r, 1000 + (uint64_t)rep);
        size_t n = 0;
        for (int c = 0; c < NC; c++) {
            for (int v = 0; v < NV; v++)
                size[v] = pop[c][v].n[0] + pop[c][v].n[1];
            assert_int_equal(kh_sample_pps(size, NV, KV, &r, pi, sel, &err),
                             KH_OK);
            for (int v = 0; v < NV; v++) {
                if (!sel[v]) continue;
                u[n++] = (kh_sample_unit){c, v, -1, 0, 0, 0};
                for (int g = 0; g < 2; g++) {
                    long long N = pop[c][v].n[g];
                    long long m = kh_sample_srs(N, MH, &r, idx);
                    double w = 1 / (pi[v] * (double)m / (double)N);
                    for (long long j = 0; j < m; j++) {
                        const hh *h = &pop[c][v].g[g][idx[j]];
                        u[n++] = (kh_sample_unit){
                            c, v, g, w, h->bad * h->persons, h->persons};
                    }
                }
            }
        }
        for (int g = 0; g < 2; g++) {
            kh_sample_est e;
            kh_sample_ratio(u, n, g, -1, 0.95, &e);
            assert_true(e.se > 0);
            if (e.lo <= true_rate[g] && true_rate[g] <= e.hi) covered[g]++;
            sum[g] += e.r;
            sumsq[g] += e.r * e.r;
            sum_se[g] += e.se;
            sum_deff[g] += e.deff;
            if (kh_sample_verdict(&e, 0.02) == KH_V_UNCLEAR) unclear_seen++;
        }
    }
    for (int g = 0; g < 2; g++) {
        double cov = (double)covered[g] / REPS;
        double mean = sum[g] / REPS;
        double sd = sqrt(sumsq[g] / REPS - mean * mean);
        double mc_se = sd / sqrt((double)REPS);
        printf("# set %d: true %.5f, mean estimate %.5f (Monte Carlo se "
               "%.5f), empirical sd %.5f, mean se %.5f, coverage %.3f, "
               "mean deff %.2f\n",
               g, true_rate[g], mean, mc_se, sd, sum_se[g] / REPS, cov,
               sum_deff[g] / REPS);
        assert_true(cov >= 0.93 && cov <= 0.97);
        assert_true(fabs(mean - true_rate[g]) <= 2 * mc_se);
        /* The estimated standard error matches the spread of the
         * estimates (within 15%). */
        assert_true(fabs(sum_se[g] / REPS / sd - 1) < 0.15);
        /* Village rates vary: clustering costs precision (deff > 1). */
        assert_true(sum_deff[g] / REPS > 1.1);
    }
    (void)unclear_seen;
    free(u);
    free_population();
}

/* A survey row quoting a long value (issue #18: fuzz_roster found a 调查日期
 * of many Chinese characters whose finding was cut inside a character):
 * every finding's text is whole UTF-8. */
static int utf8_finding(void *ctx, const kh_finding *f)
{
    size_t partial = 0;
    assert_int_equal(kh_utf8_valid_prefix(f->zh, strlen(f->zh), &partial), strlen(f->zh));
    assert_int_equal(kh_utf8_valid_prefix(f->en, strlen(f->en), &partial), strlen(f->en));
    (*(int *)ctx)++;
    return 0;
}

static void test_survey_long_value(void **state)
{
    (void)state;
    kh_standard *std;
    kh_error err;
    assert_int_equal(kh_standard_new(&std, &err), KH_OK);
    char date[400] = "20";
    for (int i = 0; i < 100; i++) strcat(date, "〇");
    char vals[KH_SV_COUNT][400] = {"H1", "6000", "是", "否", "是", "B", "是",
                                   "是", "是", "是", "李调查", "", ""};
    snprintf(vals[KH_SV_VISITED], sizeof vals[0], "%s", date);
    kh_cell cells[KH_SV_COUNT];
    int pos[KH_SV_COUNT];
    for (int c = 0; c < KH_SV_COUNT; c++) {
        cells[c].s = vals[c];
        cells[c].len = strlen(vals[c]);
        pos[c] = c;
    }
    kh_row row = {1, 2, KH_SV_COUNT, cells, NULL};
    kh_survey_row r;
    kh_survey_obs obs;
    long errors = 0;
    int n = 0;
    int rc = kh_survey_row_check(std, "s.csv", pos, &row, &r, &obs, utf8_finding, &n, &errors);
    assert_true(rc == KH_OK || rc == KH_ERR_INVALID);
    assert_true(n >= 1);
    assert_true(errors >= 1);
    kh_standard_free(std);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantiles), cmocka_unit_test(test_size),
        cmocka_unit_test(test_pps),       cmocka_unit_test(test_srs),
        cmocka_unit_test(test_classify),  cmocka_unit_test(test_ratio_by_hand),
        cmocka_unit_test(test_certainty),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_survey_long_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
