/* SPDX-License-Identifier: MIT */
/*
 * test_estimate.c - the intervals of src/domain/estimate.c: the
 * incomplete beta function and its quantile against closed forms and
 * published Clopper–Pearson bounds, the zero-event case computed by hand
 * (6 households, none wrongly exited: upper bound 1 - 0.025^(1/6) =
 * 45.93% with design effect 1; with the degrees of freedom of six
 * villages the effective size shrinks to 6 (z/t_5)^2), Korn–Graubard's
 * design effect truncated at 1, logit-t and Wald-t by hand, no interval
 * of zero width, the verdict by the bounds (at the threshold exactly),
 * the sample size that would decide, and the Monte-Carlo check on a
 * small clustered population (coverage and false 达标 at the threshold).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kaohe/estimate.h"
#include "kaohe/sample.h"

#define Z975 1.959963984540054

static void test_beta(void **state)
{
    (void)state;
    /* Closed forms: I_x(1, b) = 1 - (1 - x)^b, I_x(a, 1) = x^a,
     * I_x(2, 2) = 3x^2 - 2x^3. */
    assert_true(fabs(kh_beta_inc(1, 7, 0.2) - (1 - pow(0.8, 7))) < 1e-14);
    assert_true(fabs(kh_beta_inc(3.5, 1, 0.6) - pow(0.6, 3.5)) < 1e-14);
    assert_true(fabs(kh_beta_inc(2, 2, 0.3) - (3 * 0.09 - 2 * 0.027)) < 1e-14);
    /* Symmetry I_x(a, b) = 1 - I_{1-x}(b, a), small and large shapes. */
    const double ab[][3] = {{0.1, 5, 0.01}, {500, 3, 0.99}, {40, 60, 0.37},
                            {0.5, 0.5, 0.2}};
    for (size_t i = 0; i < sizeof ab / sizeof ab[0]; i++) {
        double a = ab[i][0], b = ab[i][1], x = ab[i][2];
        assert_true(fabs(kh_beta_inc(a, b, x) + kh_beta_inc(b, a, 1 - x) - 1) <
                    1e-12);
    }
    /* The quantile inverts it, also far in the tails. */
    const double q[][3] = {{1, 6, 0.975}, {0.3, 40, 0.025}, {25, 975, 0.5},
                           {3, 2, 1e-6},  {200, 1, 0.9},   {0.05, 0.05, 0.4}};
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        double x = kh_beta_quantile(q[i][2], q[i][0], q[i][1]);
        assert_true(x > 0 && x < 1);
        assert_true(fabs(kh_beta_inc(q[i][0], q[i][1], x) - q[i][2]) <
                    1e-10 * (1 + 1 / q[i][2]) * q[i][2]);
    }
    assert_true(fabs(kh_beta_quantile(0.975, 1, 6) - (1 - pow(0.025, 1.0 / 6))) <
                1e-13);
    assert_true(kh_beta_quantile(0, 2, 3) == 0);
    assert_true(kh_beta_quantile(1, 2, 3) == 1);
}

static void test_clopper_pearson(void **state)
{
    (void)state;
    double lo, hi;
    /* Published exact binomial intervals (e.g. Newcombe 1998, table I;
     * R's binom.test): 0/10, 1/10, 5/10, 10/10. */
    kh_clopper_pearson(0, 10, 0.95, &lo, &hi);
    assert_true(lo == 0 && fabs(hi - 0.3084971078187608) < 1e-12);
    kh_clopper_pearson(1, 10, 0.95, &lo, &hi);
    assert_true(fabs(lo - 0.002528578544461757) < 1e-12);
    assert_true(fabs(hi - 0.4450161) < 1e-7);
    kh_clopper_pearson(5, 10, 0.95, &lo, &hi);
    assert_true(fabs(lo - 0.1870860) < 1e-7 && fabs(hi - 0.8129140) < 1e-7);
    kh_clopper_pearson(10, 10, 0.95, &lo, &hi);
    assert_true(fabs(lo - 0.6915028921812392) < 1e-12 && hi == 1);
}

/* Six households of the exited group, none wrongly exited. */
static void test_zero_events(void **state)
{
    (void)state;
    /* (a) As the hand calculation: design effect 1, the degrees
     * of freedom of a large design (t = z): Clopper–Pearson on 6. */
    kh_sample_est e;
    memset(&e, 0, sizeof e);
    e.units = 6;
    e.events = 0;
    e.x_hat = 6;
    e.r = 0;
    e.se = 0;
    e.df = 1e9;
    e.deff = -1;
    kh_sample_interval(&e, KH_CI_KORN_GRAUBARD, 0.95, 1);
    assert_true(e.lo == 0);
    assert_true(fabs(e.hi - 0.4592581264399005) < 1e-12); /* 1-0.025^(1/6) */
    assert_true(fabs(e.n_eff - 6) < 1e-6);
    assert_true(e.deff_used == 1 && e.deff_prior_used);
    assert_int_equal(kh_sample_decide(&e, 0.02, 0), KH_V_UNCLEAR);
    /* 认可度 100% of 6: lower bound 0.025^(1/6), unclear against 90%. */
    kh_sample_est a = e;
    a.r = 1;
    kh_sample_interval(&a, KH_CI_KORN_GRAUBARD, 0.95, 1);
    assert_true(a.hi == 1 && fabs(a.lo - pow(0.025, 1.0 / 6)) < 1e-12);
    assert_int_equal(kh_sample_decide(&a, 0.9, 1), KH_V_UNCLEAR);
    /* Wald and logit would give [0, 0]: they fall back. */
    kh_sample_interval(&e, KH_CI_WALD, 0.95, 1);
    assert_true(e.fallback && e.method == KH_CI_KORN_GRAUBARD && e.hi > 0.45);
    kh_sample_interval(&e, KH_CI_LOGIT, 0.95, 1);
    assert_true(e.fallback && e.hi > 0.45);

    /* (b) Through the estimator: six villages of one stratum, one
     * household each, every weight 10: df = 5, t_5 = 2.570582, the
     * effective size 6 (z / t_5)^2 = 3.48806, the upper bound
     * 1 - 0.025^(1/3.48806) = 65.27%. */
    kh_sample_unit u[6];
    for (int i = 0; i < 6; i++)
        u[i] = (kh_sample_unit){0, i + 1, 0, 10, 0, 3};
    kh_sample_ratio(u, 6, 0, -1, 0.95, &e);
    assert_true(e.r == 0 && e.se == 0 && e.df == 5);
    assert_true(fabs(kh_t_quantile(0.975, 5) - 2.570582) < 1e-6);
    assert_int_equal(e.units, 6);
    assert_int_equal(e.events, 0);
    assert_true(fabs(e.n_eff - 3.4880649538391486) < 1e-6);
    assert_true(e.lo == 0 && fabs(e.hi - 0.6527019355626005) < 1e-6);
    assert_true(e.hi > e.lo);
    /* The old Wald-t interval was [0, 0] and called this 达标. */
    assert_int_equal(kh_sample_verdict(&e, 0.02), KH_V_UNCLEAR);
    /* How many exited households with no event would decide it:
     * ln(0.025) / ln(0.98) = 182.59 -> 183 (design effect 1), and 183
     * zero-event households do give an upper bound <= 2%, 182 do not. */
    memset(&e, 0, sizeof e);
    e.units = 6, e.x_hat = 6, e.df = 1e9, e.deff = -1;
    kh_sample_interval(&e, KH_CI_KORN_GRAUBARD, 0.95, 1);
    assert_int_equal(kh_sample_needed(&e, 0.02, 0, 0.95), 183);
    double lo, hi;
    kh_clopper_pearson(0, 183, 0.95, &lo, &hi);
    assert_true(hi <= 0.02);
    kh_clopper_pearson(0, 182, 0.95, &lo, &hi);
    assert_true(hi > 0.02);
    /* With the design's design effect 1.5 assumed: 1.5 times as many. */
    kh_sample_interval(&e, KH_CI_KORN_GRAUBARD, 0.95, 1.5);
    assert_true(fabs(e.n_eff - 4) < 1e-9);
    assert_int_equal(kh_sample_needed(&e, 0.02, 0, 0.95), 274);
}

/* The probability of a false 达标 at a planned size, by hand: 183
 * households, deff 1, many df, T = 2%: N = 183, 0 events give the upper
 * bound 1 - 0.025^(1/183) = 1.996% <= 2% and 1 event more, so P = P(X =
 * 0) = 0.98^183; at 182 households no count says 达标 (1 - 0.025^(1/182)
 * = 2.007%): 0. With deff 2 the 366 households are the same 183. */
static void test_false_meets(void **state)
{
    (void)state;
    double ne;
    double p = kh_sample_false_meets(183, 1, 1e9, 0.02, 0.95, &ne);
    assert_true(fabs(ne - 183) < 1e-6);
    assert_true(fabs(p - pow(0.98, 183)) < 1e-12);
    assert_true(kh_sample_false_meets(182, 1, 1e9, 0.02, 0.95, NULL) == 0);
    assert_true(fabs(kh_sample_false_meets(366, 2, 1e9, 0.02, 0.95, NULL) -
                     pow(0.98, 183)) < 1e-12);
    /* Larger: never above the one-sided 2.5% by much (Clopper–Pearson is
     * conservative), and the df shrink the effective size. */
    p = kh_sample_false_meets(2000, 1.5, 9, 0.02, 0.95, &ne);
    assert_true(p > 0 && p <= 0.025);
    assert_true(ne < 2000 / 1.5);
}

static void test_methods(void **state)
{
    (void)state;
    kh_sample_est e;
    memset(&e, 0, sizeof e);
    e.units = 400, e.events = 40, e.x_hat = 400, e.r = 0.1, e.se = 0.02;
    e.df = 1e9, e.deff = 1.7;
    /* Korn–Graubard: the design effect is Kish's (the estimator's own
     * simple random sample as the reference), 1.7; n_eff = r (1 - r) /
     * se^2 = 0.09 / 0.0004 = 225. */
    kh_sample_interval(&e, KH_CI_KORN_GRAUBARD, 0.95, 1);
    assert_true(fabs(e.deff_used - 1.7) < 1e-12);
    assert_true(fabs(e.n_eff - 225) < 1e-6);
    double lo, hi;
    kh_clopper_pearson(22.5, 225, 0.95, &lo, &hi);
    assert_true(fabs(e.lo - lo) < 1e-12 && fabs(e.hi - hi) < 1e-12);
    assert_true(e.lo < 0.1 && e.hi > 0.1 && !e.deff_truncated);
    /* logit-t by hand: logit(0.1) +- z 0.02 / 0.09. */
    kh_sample_interval(&e, KH_CI_LOGIT, 0.95, 1);
    assert_true(fabs(e.lo - 0.06705881254003704) < 1e-9);
    assert_true(fabs(e.hi - 0.1465804286279524) < 1e-9);
    assert_true(!e.fallback && e.method == KH_CI_LOGIT);
    /* Wald-t: 0.1 +- z 0.02. */
    kh_sample_interval(&e, KH_CI_WALD, 0.95, 1);
    assert_true(fabs(e.lo - (0.1 - Z975 * 0.02)) < 1e-9);
    assert_true(fabs(e.hi - (0.1 + Z975 * 0.02)) < 1e-9);
    /* A variance below the simple random sample's (Kish's deff 0.5: the
     * SRS variance 0.0002): deff truncated at 1 (rho at 0), the SRS
     * variance used, n_eff = 0.09 / 0.0002 = 450 — and with it no
     * degrees-of-freedom shrinking (the SRS variance has n - 1 df). */
    e.se = 0.01, e.deff = 0.5, e.df = 9;
    kh_sample_interval(&e, KH_CI_KORN_GRAUBARD, 0.95, 1);
    assert_true(e.deff_used == 1 && e.deff_truncated);
    assert_true(fabs(e.n_eff - 450) < 1e-9);
    /* Without Kish's design effect (unknown): the binomial variance of
     * the households as the reference, n_eff = the households. */
    e.deff = -1, e.df = 1e9;
    kh_sample_interval(&e, KH_CI_KORN_GRAUBARD, 0.95, 1);
    assert_true(e.deff_used == 1 && e.deff_truncated);
    assert_true(fabs(e.n_eff - 400) < 1e-9);
    e.deff = 1.7;
    /* Few degrees of freedom shrink the effective size by (z/t)^2. */
    e.se = 0.02, e.df = 9;
    kh_sample_interval(&e, KH_CI_KORN_GRAUBARD, 0.95, 1);
    double t9 = 2.262157162799;
    assert_true(fabs(e.n_eff - 225 * (Z975 / t9) * (Z975 / t9)) < 1e-5);
    /* The names. */
    assert_int_equal(kh_ci_method_parse("korn-graubard"), KH_CI_KORN_GRAUBARD);
    assert_int_equal(kh_ci_method_parse("logit"), KH_CI_LOGIT);
    assert_int_equal(kh_ci_method_parse("wald"), KH_CI_WALD);
    assert_int_equal(kh_ci_method_parse("exact"), -1);
    assert_string_equal(kh_ci_method_name(KH_CI_LOGIT), "logit");
    /* No interval without a variance. */
    e.se = -1;
    kh_sample_interval(&e, KH_CI_KORN_GRAUBARD, 0.95, 1);
    assert_true(isnan(e.lo));
    assert_int_equal(kh_sample_decide(&e, 0.02, 0), KH_V_UNKNOWN);
}

static void test_decide(void **state)
{
    (void)state;
    kh_sample_est f;
    memset(&f, 0, sizeof f);
    f.x_hat = 1, f.se = 0.001;
    /* A rate that must stay below T = 2%. */
    f.lo = 0.01, f.hi = 0.02; /* upper bound at the threshold: 达标 */
    assert_int_equal(kh_sample_decide(&f, 0.02, 0), KH_V_BELOW);
    f.hi = 0.0201;
    assert_int_equal(kh_sample_decide(&f, 0.02, 0), KH_V_UNCLEAR);
    f.lo = 0.02, f.hi = 0.03; /* lower bound at it: not yet 不达标 */
    assert_int_equal(kh_sample_decide(&f, 0.02, 0), KH_V_UNCLEAR);
    f.lo = 0.0201;
    assert_int_equal(kh_sample_decide(&f, 0.02, 0), KH_V_ABOVE);
    /* 认可度 must reach T = 90%: the mirror. */
    f.lo = 0.9, f.hi = 0.95;
    assert_int_equal(kh_sample_decide(&f, 0.9, 1), KH_V_ABOVE);
    f.lo = 0.85, f.hi = 0.9;
    assert_int_equal(kh_sample_decide(&f, 0.9, 1), KH_V_UNCLEAR);
    f.hi = 0.8999;
    assert_int_equal(kh_sample_decide(&f, 0.9, 1), KH_V_BELOW);
    /* The size that would decide: deff z^2 r(1-r)/(r-T)^2. */
    memset(&f, 0, sizeof f);
    f.x_hat = 1, f.r = 0.01, f.lo = 0.001, f.hi = 0.03, f.deff_used = 2;
    long long n = kh_sample_needed(&f, 0.02, 0, 0.95);
    assert_int_equal(n, (long long)ceil(2 * Z975 * Z975 * 0.01 * 0.99 / 1e-4));
    f.r = 0.02; /* at the threshold no size decides */
    assert_int_equal(kh_sample_needed(&f, 0.02, 0, 0.95), -1);
}

static void test_simulate(void **state)
{
    (void)state;
    kh_sim_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.counties = 4, sp.villages = 40, sp.hh_min = 40, sp.hh_max = 200;
    sp.k = 10, sp.m = 20, sp.icc = 0.06;
    sp.nrates = 3;
    sp.rate[0] = 0.02, sp.threshold[0] = 0;     /* at the threshold */
    sp.rate[1] = 0.005, sp.threshold[1] = 0.02; /* rare */
    sp.rate[2] = 0.95, sp.threshold[2] = 0.9, sp.at_least[2] = 1;
    sp.samples = 400, sp.seed = 7, sp.confidence = 0.95;
    sp.method = KH_CI_KORN_GRAUBARD, sp.deff_prior = 1 + 19 * 0.02;
    kh_sim_result r;
    kh_error err;
    assert_int_equal(kh_sample_simulate(&sp, &r, &err), KH_OK);
    for (int k = 0; k < 3; k++) {
        double cov = (double)r.region[k].covered / (double)r.region[k].n;
        printf("# rate %d: truth %.5f, icc %.3f, region coverage %.3f, "
               "county %.3f\n",
               k, r.truth[k], r.icc_seen[k], cov,
               (double)r.county[k].covered / (double)r.county[k].n);
        assert_int_equal(r.region[k].n, 400);
        /* 400 samples: the Monte-Carlo se at 95% is 1.1%. */
        assert_true(cov >= 0.91 && cov <= 0.995);
        assert_int_equal(r.region[k].zero_width, 0);
        assert_int_equal(r.county[k].zero_width, 0);
        assert_true(r.icc_seen[k] > 0.03);
    }
    /* False 达标 at the threshold: at most 2.5% and its MC error. */
    double f = (double)r.region[0].meets / (double)r.region[0].n;
    printf("# false meets at the threshold %.4f\n", f);
    assert_true(f <= 0.025 + 2 * sqrt(0.025 * 0.975 / 400));
    /* The same seed gives the same result. */
    kh_sim_result r2;
    assert_int_equal(kh_sample_simulate(&sp, &r2, &err), KH_OK);
    assert_true(r2.region[1].covered == r.region[1].covered &&
                r2.truth[1] == r.truth[1]);
    /* Out of range. */
    sp.k = 1;
    assert_int_equal(kh_sample_simulate(&sp, &r, &err), KH_ERR_USAGE);
}

/* Strata 0 (one PSU), 1 (two), 2 (one), 3 (one): 0 goes into 1; 2 into
 * 3 (the next); 3, now holding two PSUs, stays. Then a last stratum of
 * one PSU goes into the previous. */
static void test_collapse(void **state)
{
    (void)state;
    kh_sample_unit u[] = {
        {0, 1, 0, 1, 0, 1}, {0, 1, 0, 1, 1, 1}, {1, 2, 0, 1, 0, 1},
        {1, 3, 0, 1, 0, 1}, {2, 4, 0, 1, 1, 1}, {3, 5, -1, 0, 0, 0},
    };
    int from[4], into[4];
    kh_sample_est e;
    kh_sample_ratio(u, 6, 0, -1, 0.95, &e);
    assert_true(e.se < 0); /* single-PSU strata: not estimable */
    assert_int_equal(kh_sample_collapse(u, 6, from, into, 4), 2);
    assert_int_equal(from[0], 0);
    assert_int_equal(into[0], 1);
    assert_int_equal(from[1], 2);
    assert_int_equal(into[1], 3);
    const int want[6] = {1, 1, 1, 1, 3, 3};
    for (int i = 0; i < 6; i++)
        assert_int_equal(u[i].stratum, want[i]);
    kh_sample_ratio(u, 6, 0, -1, 0.95, &e);
    assert_true(e.se > 0 && e.df == 5 - 2 && !isnan(e.lo));
    kh_sample_unit v[] = {
        {0, 1, 0, 1, 0, 1}, {0, 2, 0, 1, 1, 1}, {1, 3, 0, 1, 1, 1}};
    assert_int_equal(kh_sample_collapse(v, 3, from, into, 4), 1);
    assert_true(from[0] == 1 && into[0] == 0 && v[2].stratum == 0);
    /* A single stratum of one PSU: nothing to collapse into. */
    kh_sample_unit w[] = {{5, 1, 0, 1, 0, 1}, {5, 1, 0, 1, 1, 1}};
    assert_int_equal(kh_sample_collapse(w, 2, from, into, 4), 0);
    assert_int_equal(w[0].stratum, 5);
}

static void test_response(void **state)
{
    (void)state;
    assert_int_equal(kh_sample_response(0, 0, 0.8), KH_RESP_OK);
    assert_int_equal(kh_sample_response(5, 0, 0.8), KH_RESP_NONE);
    assert_int_equal(kh_sample_response(5, 3, 0.8), KH_RESP_LOW);
    assert_int_equal(kh_sample_response(5, 4, 0.8), KH_RESP_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_beta),       cmocka_unit_test(test_clopper_pearson),
        cmocka_unit_test(test_zero_events), cmocka_unit_test(test_methods),
        cmocka_unit_test(test_false_meets),
        cmocka_unit_test(test_decide),     cmocka_unit_test(test_simulate),
        cmocka_unit_test(test_collapse),   cmocka_unit_test(test_response),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
