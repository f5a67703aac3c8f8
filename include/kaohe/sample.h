/* SPDX-License-Identifier: MIT */
/*
 * sample.h - 第三方评估 sampling, as pure functions (no I/O, no SQL): a
 * seeded PRNG, the sample sizes for a margin of error with the design
 * effect of clustering, villages with probability proportional to size
 * (systematic, without replacement), households by simple random sampling,
 * the classification of a surveyed household by the review's exit rules,
 * weighted ratio estimates with ultimate-cluster (Taylor) variances and
 * confidence intervals, and the verdict against a threshold.
 * The method and every formula are in docs/sample.md.
 */
#ifndef KAOHE_SAMPLE_H
#define KAOHE_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "kaohe/error.h"
#include "kaohe/review.h"
#include "kaohe/standard.h"

/* ---- PRNG: xoshiro256** seeded through splitmix64 ---- */

typedef struct kh_rng {
    uint64_t s[4];
} kh_rng;

void kh_rng_seed(kh_rng *r, uint64_t seed);
uint64_t kh_rng_next(kh_rng *r);
/* Uniform on [0, n), without modulo bias; 0 when n == 0. */
uint64_t kh_rng_below(kh_rng *r, uint64_t n);
/* Uniform on [0, 1) with 53 random bits. */
double kh_rng_unit(kh_rng *r);

/* ---- sample sizes ---- */

typedef struct kh_size_in {
    double p;             /* anticipated rate (the threshold, e.g. 0.02) */
    double margin;        /* half-width of the interval wanted, e.g. 0.01 */
    double z;             /* normal quantile of the confidence (1.96) */
    double icc;           /* intra-village correlation rho */
    long long villages;   /* villages to draw in the stratum */
    long long population; /* households of the group in the stratum */
} kh_size_in;

typedef struct kh_size_out {
    double n0;             /* z^2 p (1-p) / margin^2: simple random sample */
    double n0_fpc;         /* after the finite population correction */
    long long villages;    /* villages needed (raised when too few) */
    int raised;            /* villages had to be raised above the request */
    long long per_village; /* households per village, m */
    double deff;           /* 1 + (m - 1) rho */
    long long total;       /* villages * m, the households to visit */
} kh_size_out;

/*
 * Households per village m for the margin: the smallest m with
 * z^2 p(1-p) deff / (k m) <= margin^2 after the finite population
 * correction, i.e. m = ceil(n0'(1-rho) / (k - n0' rho)). When k <= n0'
 * rho no m is enough: k is raised to ceil(2 n0' rho) (then m is about
 * (1 - rho) / rho). KH_ERR_USAGE for values out of range.
 */
int kh_sample_size(const kh_size_in *in, kh_size_out *out,
                   kh_error *err) KH_WUR;

/* Normal quantile (Acklam's rational approximation, refined by one
 * Newton step; |error| < 1e-12) and Student's t quantile (bisection on
 * the incomplete beta function) for p in (0, 1). */
double kh_norm_quantile(double p);
double kh_t_quantile(double p, double df);

/* ---- selection ---- */

/*
 * Systematic PPS without replacement of k of n units of sizes size[]
 * (> 0), in an order shuffled by r. Units with k size / total >= 1 are
 * taken with certainty (repeatedly, as in the practice of survey
 * statisticians) and the rest drawn among the others. On return pi[i]
 * is unit i's inclusion probability (1 for certainty units) and sel[i]
 * is 1 when it was drawn. k >= n takes every unit. KH_ERR_USAGE when a
 * size is not positive; KH_ERR_NOMEM.
 */
int kh_sample_pps(const long long *size, size_t n, long long k, kh_rng *r,
                  double *pi /* OUT [n] */, unsigned char *sel /* OUT [n] */,
                  kh_error *err) KH_WUR;

/*
 * Simple random sample of m of the indexes 0..N-1 (Knuth's selection
 * sampling): out[0..min(m, N)) receives them in increasing order.
 * Returns the number written.
 */
long long kh_sample_srs(long long N, long long m, kh_rng *r, long long *out);

/* ---- classification ---- */

/* What the evaluator observed in one household (-1: not observed). */
typedef struct kh_survey_obs {
    long long income_pc; /* 人均纯收入, 分; < 0 not observed */
    int food_clothing;   /* 不愁吃穿: 1 yes, 0 no */
    int dropout;         /* a compulsory-age child out of school: 1, 0 */
    int medical;         /* every member in basic medical insurance: 1, 0 */
    int housing;         /* index into [enum.housing], -1 */
    int water;           /* safe drinking water: 1, 0 */
    int ok_ident, ok_exit, ok_help; /* approves: 1, 0, -1 not asked */
} kh_survey_obs;

typedef struct kh_survey_class {
    int fails;       /* fails the household exit standard (错退 for an
                        exited household, 漏评 for a non-registered one) */
    int unknown;     /* a condition could not be judged (not counted) */
    uint32_t failed; /* bit c: review code c (exit_*) failed */
    int food_failed; /* 不愁吃穿 failed (not a registry column) */
    int approves;    /* 1 every answer is yes, 0 one is no, -1 no answer */
} kh_survey_class;

typedef struct kh_classifier kh_classifier;

/*
 * A classifier for surveys of year's households: the observations are
 * written into a household as the registry records it and judged by the
 * review's exit rules (review.c, the same code and thresholds), plus
 * 不愁吃穿, which the registry has no column for. Caller owns *out; free
 * with kh_classifier_free().
 */
int kh_classifier_new(const kh_standard *std, int year,
                      kh_classifier **out /* OUT */, kh_error *err) KH_WUR;
void kh_classifier_free(kh_classifier *c);
int kh_classify(kh_classifier *c, const kh_survey_obs *o,
                kh_survey_class *out /* OUT */, kh_error *err) KH_WUR;

/* ---- estimation ---- */

/*
 * One surveyed household in an estimate: its stratum (county) and PSU
 * (village), its weight (the inverse of its selection probability), and
 * y and x of the set it belongs to (for 错退率: persons wrongly exited and
 * persons, in the exited set). Units come sorted by stratum then psu.
 * A unit with set < 0 only marks a PSU that was drawn (its households
 * may all be absent from a set: the PSU's total is then 0, and it still
 * counts in n_h).
 */
typedef struct kh_sample_unit {
    int stratum;
    /* The PSU (village), negative when it was taken with certainty (pi =
     * 1): in the variance such a village is a stratum of its own, its
     * households the ultimate units (docs/sample.md). */
    long long psu;
    int set;
    double w;
    double y, x;
} kh_sample_unit;

typedef struct kh_sample_est {
    double y_hat, x_hat;           /* weighted totals */
    double r;                      /* y_hat / x_hat (0 when x_hat == 0) */
    double se;                     /* standard error; < 0 when not estimable */
    double df;                     /* PSUs - strata */
    double lo, hi;                 /* the interval, clipped to [0, 1] */
    long long units, psus, strata; /* of the selection */
    /* The design effect: se^2 over the variance of a simple random sample
     * of as many units, s^2 / (n xbar^2) with s^2 the weighted variance
     * of y - R x (ratios only; < 0 unknown). */
    double deff;
    /* The interval's report (kh_sample_interval, include/kaohe/estimate.h):
     * units of the set with y > 0 (-1 for a combination), the design
     * effect used (>= 1), whether the seen one was below 1 (rho truncated
     * at 0) or unknown (the prior used), the effective sample size after
     * the degrees-of-freedom adjustment, the method (enum kh_ci_method)
     * and whether the method asked for fell back to Korn–Graubard. */
    long long events;
    double deff_used;
    int deff_truncated, deff_prior_used;
    double n_eff;
    int method, fallback;
} kh_sample_est;

/*
 * The ratio estimate of set over the units of stratum (or all when
 * stratum < 0): R = sum w y / sum w x, with the linearised variance by
 * the ultimate-cluster method,
 *   V(R) = sum_h n_h/(n_h-1) sum_i (z_hi - zbar_h)^2 / X^2,
 *   z_hi = sum_{j in PSU hi} w_j (y_j - R x_j),
 * and the Korn–Graubard interval (kh_sample_interval with a prior design
 * effect of 1) with df = PSUs - strata. Strata with a
 * single PSU add nothing and make se < 0 (not estimable) when they hold
 * units of the set.
 */
void kh_sample_ratio(const kh_sample_unit *u, size_t n, int set, int stratum,
                     double confidence, kh_sample_est *out);

/*
 * A linear combination of ratios over the same PSUs:
 *   theta = (c + sum_k a[k] R_k) / p
 * (综合贫困发生率 = (remaining poor + N_nonreg R_missed + N_exited R_wrong)
 * / rural population), its variance from the PSU totals of the combined
 * linearised values sum_k a[k] z^k_hi / (X_k p). sets[k] are the sets of
 * the ratios R_k; nk <= 4.
 */
void kh_sample_combine(const kh_sample_unit *u, size_t n, int stratum,
                       const int *sets, const double *a, size_t nk, double c,
                       double p, double confidence, kh_sample_est *out);

/* The verdict against a threshold (kh_sample_decide of estimate.h with
 * at_least = 0: below when hi <= threshold, above when lo > it). */
enum kh_verdict {
    KH_V_BELOW = 0, /* the interval is below the threshold */
    KH_V_ABOVE,     /* the interval is above it */
    KH_V_UNCLEAR,   /* the interval contains it */
    KH_V_UNKNOWN,   /* no estimate (no unit, or se not estimable) */
};
/* "below", "above", "unclear", "unknown". */
const char *kh_verdict_name(int v);
int kh_sample_verdict(const kh_sample_est *e, double threshold);

#endif
