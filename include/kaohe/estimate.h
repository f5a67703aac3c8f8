/* SPDX-License-Identifier: MIT */
/*
 * estimate.h - confidence intervals for the rates of 第三方评估 that keep
 * their level near 0 and 1 and with zero events: the regularised
 * incomplete beta function and its quantile, Clopper–Pearson bounds,
 * Korn–Graubard intervals (Clopper–Pearson on the design-effect-adjusted
 * effective sample size with the design's degrees of freedom), logit-t
 * and Wald-t intervals, the verdict against a threshold by the bound of
 * the interval, the sample size that would decide an unclear verdict, and
 * the Monte-Carlo check of all of it on a clustered population of its
 * own. Pure functions; docs/sample.md gives every formula and source.
 */
#ifndef KAOHE_ESTIMATE_H
#define KAOHE_ESTIMATE_H

#include <stdint.h>

#include "kaohe/error.h"
#include "kaohe/sample.h"

enum kh_ci_method {
    KH_CI_KORN_GRAUBARD = 0, /* the default */
    KH_CI_LOGIT,
    KH_CI_WALD,
};

/* "korn-graubard", "logit", "wald"; -1 for another name. */
int kh_ci_method_parse(const char *s);
const char *kh_ci_method_name(int method);
/* The name reports print: "Korn-Graubard", "logit-t", "Wald-t". */
const char *kh_ci_method_label(int method);

/* Regularised incomplete beta I_x(a, b) (continued fraction, modified
 * Lentz) for a, b > 0, and its inverse in x for p in [0, 1] (bisection to
 * 1e-15, then the bracket's midpoint). */
double kh_beta_inc(double a, double b, double x);
double kh_beta_quantile(double p, double a, double b);

/*
 * Clopper–Pearson bounds for x events in n trials (x, n real, 0 <= x <=
 * n, n > 0) at the confidence: lo = B(alpha/2; x, n - x + 1) (0 when x =
 * 0), hi = B(1 - alpha/2; x + 1, n - x) (1 when x = n).
 */
void kh_clopper_pearson(double x, double n, double confidence,
                        double *lo /* OUT */, double *hi /* OUT */);

/*
 * Fill e's interval (lo, hi) and its report (deff_used, deff_truncated,
 * n_eff, method, fallback) by method, from e->r, e->se, e->df, e->units
 * and e->deff (the design effect seen; < 0 unknown). deff_prior (>= 1) is
 * the design effect assumed when none is seen (no event, or every unit
 * an event). Korn–Graubard: deff = max(1, e->deff) (Kish's, against a
 * simple random sample of as many households with the same estimator:
 * the intra-village correlation truncated at 0), n_eff = r (1 - r) /
 * max(se^2, se^2 / e->deff) (= units / deff when e->deff is unknown and
 * deff is then n se^2 / (r (1 - r))), times (z / t_df)^2, and
 * Clopper–Pearson on r n_eff events of n_eff. Logit-t: logit(r) +-
 * t se / (r (1 - r)) transformed back. Wald-t: r +- t se, clipped. Logit
 * and Wald fall back to Korn–Graubard (fallback = 1) when they would give
 * a zero-width interval (r = 0 or 1, or se = 0). A combination
 * (e->events < 0) is not capped at the units.
 */
void kh_sample_interval(kh_sample_est *e, int method, double confidence,
                        double deff_prior);

/*
 * The verdict against a threshold by the interval's bounds. For a rate
 * that must stay below the threshold (at_least = 0): KH_V_BELOW when
 * hi <= threshold, KH_V_ABOVE when lo > threshold; for one that must
 * reach it (at_least = 1, 认可度): KH_V_ABOVE when lo >= threshold,
 * KH_V_BELOW when hi < threshold. Otherwise KH_V_UNCLEAR; KH_V_UNKNOWN
 * without an interval.
 */
int kh_sample_decide(const kh_sample_est *e, double threshold, int at_least);

/*
 * The units (households) that would decide the verdict when the rate is
 * what was estimated: deff z^2 r (1 - r) / (r - T)^2, and for r = 0 (r =
 * 1 with at_least) the zero-event Clopper–Pearson bound ln(alpha/2) /
 * ln(1 - T) (ln(alpha/2) / ln T) times deff. -1 when r equals the
 * threshold (no size decides it) or there is no estimate.
 */
long long kh_sample_needed(const kh_sample_est *e, double threshold,
                           int at_least, double confidence);

/*
 * The probability of a false 达标 at a planned size: n households with
 * the design effect deff and df degrees of freedom give the effective
 * size n_eff = n / deff (z / t_df)^2 (Korn–Graubard); with N = floor(n_eff)
 * Bernoulli trials at the true rate T = threshold, 达标 is said when the
 * Clopper–Pearson upper bound of the events is <= T, so the probability
 * is P(X <= x*), X ~ Binomial(N, T), x* the most events so judged (0 when
 * none is: no sample of this size can say 达标). *n_eff (may be NULL).
 */
double kh_sample_false_meets(double n, double deff, double df,
                             double threshold, double confidence,
                             double *n_eff);

/* ---- nonresponse ---- */

enum kh_response {
    KH_RESP_OK = 0,
    KH_RESP_NONE, /* households drawn, none responded */
    KH_RESP_LOW,  /* responded / drawn below the minimum */
};

/* The nonresponse of a village (or of one group in it): drawn households
 * against those with a usable survey, and the minimum response rate
 * (standards sample.response_min). KH_RESP_OK when nothing was drawn. */
int kh_sample_response(long long drawn, long long responded, double min_rate);

/* ---- strata with a single village ---- */

/*
 * Collapse every stratum holding a single PSU (villages taken with
 * certainty, psu < 0, not counted) into a neighbour, so that
 * the variance can be estimated (Wolter 2007, §2.5: collapsed strata,
 * conservative). The rule: strata in their order (county code); a
 * single-PSU stratum takes the label of the next stratum, the last one
 * that of the previous (after its own collapses). u[] must be sorted by
 * stratum then PSU; the relabelling keeps that order. from[i], into[i]
 * (i < return value, at most cap written) name the collapses, in the
 * original labels. Returns the number of strata collapsed; nothing
 * changes when there is a single stratum.
 */
size_t kh_sample_collapse(kh_sample_unit *u, size_t n, int *from /* OUT */,
                          int *into /* OUT */, size_t cap);

/* ---- the Monte-Carlo check ---- */

#define KH_SIM_RATES 5

typedef struct kh_sim_spec {
    int counties, villages;  /* strata, villages a stratum */
    int hh_min, hh_max;      /* households a village, uniform */
    int k, m;                /* villages drawn a county (PPS), households */
    double icc;              /* intra-village correlation of every rate */
    int nrates;              /* <= KH_SIM_RATES */
    double rate[KH_SIM_RATES];      /* the population's mean rates */
    double threshold[KH_SIM_RATES]; /* for the verdicts */
    int at_least[KH_SIM_RATES];     /* 1: the rate must reach it */
    long samples;
    uint64_t seed;
    int method;
    double confidence;
    double deff_prior; /* for zero events, as the estimate uses */
} kh_sim_spec;

typedef struct kh_sim_tally {
    long n;                      /* intervals */
    long covered, above, below;  /* truth inside, above hi, below lo */
    long meets, fails, unclear;  /* verdicts (达标, 不达标, 无法区分) */
    long zero_width;             /* lo == hi (must stay 0) */
    double sum_r, sum_width;
} kh_sim_tally;

typedef struct kh_sim_result {
    double truth[KH_SIM_RATES];        /* the region's true ratios */
    double icc_seen[KH_SIM_RATES];     /* ANOVA ICC of the population */
    kh_sim_tally region[KH_SIM_RATES];
    kh_sim_tally county[KH_SIM_RATES]; /* pooled over the counties */
    double county_cov_min[KH_SIM_RATES], county_cov_max[KH_SIM_RATES];
} kh_sim_result;

/*
 * Build a clustered population (village rates Beta with the mean rate and
 * the ICC; households of 1-6 persons, every rate a ratio of persons),
 * draw spec->samples samples as `sample design` does (PPS villages a
 * county, SRS households), estimate every rate for the region and each
 * county with its interval, and count coverage and verdicts against the
 * population's true ratios. KH_ERR_USAGE for a spec out of range;
 * KH_ERR_NOMEM.
 */
int kh_sample_simulate(const kh_sim_spec *spec, kh_sim_result *out /* OUT */,
                       kh_error *err) KH_WUR;

#endif
