/* SPDX-License-Identifier: MIT */
/*
 * estimate.c - intervals for the rates of 第三方评估 that hold near 0 and
 * 1 and with zero events: the incomplete beta function and its quantile,
 * Clopper–Pearson, Korn–Graubard (the default), logit-t and Wald-t; the
 * verdict by the bound of the interval; the sample size that would decide
 * an unclear verdict; and the Monte-Carlo check on a clustered population
 * of its own (`kaohe sample simulate --check`). docs/sample.md gives the
 * formulas, their sources and the Monte-Carlo table.
 */
#include "kaohe/estimate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int kh_ci_method_parse(const char *s)
{
    if (!s) return -1;
    if (!strcmp(s, "korn-graubard")) return KH_CI_KORN_GRAUBARD;
    if (!strcmp(s, "logit")) return KH_CI_LOGIT;
    if (!strcmp(s, "wald")) return KH_CI_WALD;
    return -1;
}

const char *kh_ci_method_name(int method)
{
    switch (method) {
    case KH_CI_LOGIT: return "logit";
    case KH_CI_WALD: return "wald";
    default: return "korn-graubard";
    }
}

const char *kh_ci_method_label(int method)
{
    return method == KH_CI_LOGIT  ? "logit-t"
           : method == KH_CI_WALD ? "Wald-t"
                                  : "Korn-Graubard";
}

/* ---- the incomplete beta function ---- */

/* Continued fraction of the incomplete beta function (modified Lentz;
 * Numerical Recipes, 3rd ed., §6.4). */
static double betacf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 - qab * x / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 1000; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-15) break;
    }
    return h;
}

double kh_beta_inc(double a, double b, double x)
{
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    double bt = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) +
                    b * log1p(-x));
    if (x < (a + 1) / (a + b + 2)) return bt * betacf(a, b, x) / a;
    return 1 - bt * betacf(b, a, 1 - x) / b;
}

double kh_beta_quantile(double p, double a, double b)
{
    if (!(p > 0)) return 0;
    if (!(p < 1)) return 1;
    /* I_x is increasing in x: bisection, to a relative 1e-15 of the
     * bracket (the quantiles of rare rates are small numbers). */
    double lo = 0, hi = 1;
    for (int i = 0; i < 1100; i++) {
        double mid = (lo + hi) / 2;
        if (mid <= lo || mid >= hi) break;
        if (kh_beta_inc(a, b, mid) < p)
            lo = mid;
        else
            hi = mid;
        if (hi - lo <= 1e-15 * hi) break;
    }
    return (lo + hi) / 2;
}

void kh_clopper_pearson(double x, double n, double confidence, double *lo,
                        double *hi)
{
    double alpha = 1 - confidence;
    if (x < 0) x = 0;
    if (x > n) x = n;
    *lo = x <= 0 ? 0 : kh_beta_quantile(alpha / 2, x, n - x + 1);
    *hi = x >= n ? 1 : kh_beta_quantile(1 - alpha / 2, x + 1, n - x);
}

/* ---- intervals ---- */

static void korn_graubard(kh_sample_est *e, double confidence,
                          double deff_prior, double t)
{
    double r = e->r, n = (double)e->units;
    double neff;
    e->deff_truncated = e->deff_prior_used = 0;
    if (r > 0 && r < 1 && e->se > 0) {
        neff = r * (1 - r) / (e->se * e->se);
        if (e->events >= 0 && e->deff > 0) {
            /* The design effect against a simple random sample of as
             * many households with the same estimator (Kish's, e->deff:
             * se^2 over s^2 / (n xbar^2), the ratio of persons and the
             * weights in it), never below 1 — the intra-village
             * correlation truncated at 0 — so that the variance used is
             * max(se^2, V_srs). Against r (1 - r) / n instead, the
             * binomial variance of households, a ratio of persons is
             * mismeasured: events in small households look like a
             * design effect below 1, truncating it widens the interval
             * (counties' rare rates covered 99.7%, docs/sample.md).
             * Truncated, the variance used is the simple random
             * sample's, estimated from the n households: its degrees of
             * freedom are n - 1, and Korn–Graubard's (t_{n-1} / t_df)^2
             * is 1 (no adjustment for the villages' few df). */
            double vsrs = e->se * e->se / e->deff;
            double var = e->se * e->se;
            if (e->deff < 1) {
                var = vsrs;
                e->deff_truncated = 1;
                t = -1;
            }
            e->deff_used = e->deff < 1 ? 1 : e->deff;
            neff = r * (1 - r) / var;
        } else if (e->events >= 0) {
            /* deff against a simple random sample of the units, never
             * below 1: rho truncated at 0 (no Kish design effect known:
             * the binomial variance of the units as the reference). */
            double deff = n * e->se * e->se / (r * (1 - r));
            if (deff < 1) {
                deff = 1;
                e->deff_truncated = 1;
            }
            e->deff_used = deff;
            neff = n / deff;
        } else {
            e->deff_used = -1;
        }
    } else {
        /* No event (or every unit one): the design effect cannot be seen
         * from the sample; the prior (the design's) is assumed. */
        e->deff_used = deff_prior >= 1 ? deff_prior : 1;
        e->deff_prior_used = 1;
        neff = n / e->deff_used;
    }
    double z = kh_norm_quantile((1 + confidence) / 2);
    if (t > 0) neff *= (z / t) * (z / t);
    if (!(neff > 0)) neff = 1;
    e->n_eff = neff;
    kh_clopper_pearson(r * neff, neff, confidence, &e->lo, &e->hi);
}

void kh_sample_interval(kh_sample_est *e, int method, double confidence,
                        double deff_prior)
{
    e->method = method;
    e->fallback = 0;
    if (e->se < 0 || e->df < 1 || e->x_hat <= 0 || e->units < 1) {
        e->lo = e->hi = NAN;
        e->n_eff = 0;
        e->deff_used = -1;
        return;
    }
    double t = kh_t_quantile((1 + confidence) / 2, e->df);
    double r = e->r;
    /* Korn–Graubard always: its design effect and effective size are
     * reported whichever interval is printed. */
    korn_graubard(e, confidence, deff_prior, t);
    if (method == KH_CI_LOGIT) {
        if (r > 0 && r < 1 && e->se > 0) {
            double l = log(r / (1 - r)), s = e->se / (r * (1 - r));
            e->lo = 1 / (1 + exp(-(l - t * s)));
            e->hi = 1 / (1 + exp(-(l + t * s)));
        } else {
            e->fallback = 1;
        }
    } else if (method == KH_CI_WALD) {
        if (e->se > 0) {
            e->lo = r - t * e->se;
            e->hi = r + t * e->se;
            if (e->lo < 0) e->lo = 0;
            if (e->hi > 1) e->hi = 1;
        } else {
            e->fallback = 1;
        }
    }
    if (e->fallback) e->method = KH_CI_KORN_GRAUBARD;
}

int kh_sample_decide(const kh_sample_est *e, double threshold, int at_least)
{
    if (e->x_hat <= 0 || e->se < 0 || isnan(e->lo) || isnan(e->hi))
        return KH_V_UNKNOWN;
    if (at_least) {
        if (e->lo >= threshold) return KH_V_ABOVE;
        if (e->hi < threshold) return KH_V_BELOW;
        return KH_V_UNCLEAR;
    }
    if (e->hi <= threshold) return KH_V_BELOW;
    if (e->lo > threshold) return KH_V_ABOVE;
    return KH_V_UNCLEAR;
}

long long kh_sample_needed(const kh_sample_est *e, double threshold,
                           int at_least, double confidence)
{
    if (e->x_hat <= 0 || isnan(e->lo) || !(threshold > 0 && threshold < 1))
        return -1;
    double r = e->r, alpha = 1 - confidence;
    double deff = e->deff_used >= 1 ? e->deff_used : 1;
    double n;
    if (!at_least && r <= 0)
        n = log(alpha / 2) / log1p(-threshold);
    else if (at_least && r >= 1)
        n = log(alpha / 2) / log(threshold);
    else if (r == threshold)
        return -1;
    else {
        double z = kh_norm_quantile(1 - alpha / 2);
        n = z * z * r * (1 - r) / ((r - threshold) * (r - threshold));
    }
    n *= deff;
    if (n < 1) n = 1;
    if (n > 1e15) return -1;
    return (long long)ceil(n - 1e-9);
}

double kh_sample_false_meets(double n, double deff, double df,
                             double threshold, double confidence,
                             double *n_eff)
{
    double z = kh_norm_quantile((1 + confidence) / 2);
    double t = df >= 1 ? kh_t_quantile((1 + confidence) / 2, df) : z;
    double ne = n / (deff >= 1 ? deff : 1) * (z / t) * (z / t);
    if (n_eff) *n_eff = ne;
    long long N = (long long)floor(ne + 1e-9);
    if (N < 1 || !(threshold > 0 && threshold < 1)) return 0;
    /* the most events whose Clopper–Pearson upper bound is <= T */
    long long x = -1;
    for (long long k = 0; k <= N; k++) {
        double lo, hi;
        kh_clopper_pearson((double)k, (double)N, confidence, &lo, &hi);
        if (hi > threshold) break;
        x = k;
    }
    if (x < 0) return 0;
    if (x >= N) return 1;
    /* P(X <= x), X ~ Binomial(N, T): I_{1-T}(N - x, x + 1) */
    return kh_beta_inc((double)(N - x), (double)(x + 1), 1 - threshold);
}

/* ---- nonresponse ---- */

int kh_sample_response(long long drawn, long long responded, double min_rate)
{
    if (drawn <= 0) return KH_RESP_OK;
    if (responded <= 0) return KH_RESP_NONE;
    if ((double)responded < min_rate * (double)drawn) return KH_RESP_LOW;
    return KH_RESP_OK;
}

/* ---- collapsed strata ---- */

size_t kh_sample_collapse(kh_sample_unit *u, size_t n, int *from, int *into,
                          size_t cap)
{
    /* The runs of strata: [start, end) of each, its label and PSUs. */
    size_t got = 0;
    size_t i = 0;
    size_t prev_start = 0;
    int have_prev = 0;
    while (i < n) {
        int h = u[i].stratum;
        size_t j = i;
        long long psus = 0, last = 0;
        int first = 1, certain = 0;
        while (j < n && u[j].stratum == h) {
            /* (villages taken with certainty are not a sample of
             * villages: they do not count, and a stratum with some keeps
             * its single village, whose total the variance takes about
             * 0) */
            if (u[j].psu < 0) certain = 1;
            if (u[j].psu >= 0 && (first || u[j].psu != last)) psus++;
            if (u[j].psu >= 0) {
                last = u[j].psu;
                first = 0;
            }
            j++;
        }
        if (psus == 1 && !certain) {
            int target = -1;
            if (j < n)
                target = u[j].stratum; /* the next stratum */
            else if (have_prev)
                target = u[prev_start].stratum; /* the last: the previous */
            if (target >= 0) {
                for (size_t q = i; q < j; q++)
                    u[q].stratum = target;
                if (got < cap) {
                    from[got] = h;
                    into[got] = target;
                }
                got++;
                if (j < n) {
                    /* The next run starts here now. Continue from j with
                     * the next stratum, which sees these units at its
                     * head (same label, contiguous). */
                    size_t k = j;
                    int h2 = u[j].stratum;
                    while (k < n && u[k].stratum == h2)
                        k++;
                    prev_start = i;
                    have_prev = 1;
                    i = k;
                    continue;
                }
                i = j; /* the last, merged into the previous: done */
                continue;
            }
        }
        prev_start = i;
        have_prev = 1;
        i = j;
    }
    return got;
}

/* ---- the Monte-Carlo check ---- */

static double normal(kh_rng *r)
{
    double u = kh_rng_unit(r), v = kh_rng_unit(r);
    return sqrt(-2 * log(1 - u)) * cos(2 * M_PI * v);
}

/* Gamma(a, 1): Marsaglia and Tsang (2000); a < 1 by Gamma(a + 1) U^(1/a). */
static double gamma_draw(kh_rng *r, double a)
{
    if (a < 1) {
        double u = kh_rng_unit(r);
        return gamma_draw(r, a + 1) * pow(1 - u, 1 / a);
    }
    double d = a - 1.0 / 3, c = 1 / sqrt(9 * d);
    for (;;) {
        double x = normal(r), v = 1 + c * x;
        if (v <= 0) continue;
        v = v * v * v;
        double u = kh_rng_unit(r);
        if (log(1 - u) < 0.5 * x * x + d - d * v + d * log(v)) return d * v;
    }
}

static double beta_draw(kh_rng *r, double a, double b)
{
    double x = gamma_draw(r, a), y = gamma_draw(r, b);
    return x + y > 0 ? x / (x + y) : 0;
}

typedef struct sim_pop {
    int nv;
    long long *size;        /* households a village */
    long long *first;       /* index of its first household */
    unsigned char *persons; /* a household's */
    unsigned char *flags;   /* bit k: an event of rate k */
} sim_pop;

static void tally(kh_sim_tally *t, const kh_sample_est *e, double truth,
                  double thr, int at_least)
{
    if (isnan(e->lo)) return;
    t->n++;
    if (truth < e->lo)
        t->below++;
    else if (truth > e->hi)
        t->above++;
    else
        t->covered++;
    if (e->hi <= e->lo) t->zero_width++;
    t->sum_r += e->r;
    t->sum_width += e->hi - e->lo;
    int v = kh_sample_decide(e, thr, at_least);
    int meets = at_least ? v == KH_V_ABOVE : v == KH_V_BELOW;
    int fails = at_least ? v == KH_V_BELOW : v == KH_V_ABOVE;
    if (meets)
        t->meets++;
    else if (fails)
        t->fails++;
    else
        t->unclear++;
}

int kh_sample_simulate(const kh_sim_spec *sp, kh_sim_result *out,
                       kh_error *err)
{
    memset(out, 0, sizeof *out);
    if (sp->counties < 1 || sp->villages < 2 || sp->hh_min < 1 ||
        sp->hh_max < sp->hh_min || sp->k < 2 || sp->k > sp->villages ||
        sp->m < 1 || !(sp->icc > 0 && sp->icc < 1) || sp->nrates < 1 ||
        sp->nrates > KH_SIM_RATES || sp->samples < 1 ||
        !(sp->confidence > 0 && sp->confidence < 1))
        return kh_error_set(err, KH_ERR_USAGE, "usage",
                            "模拟参数超出范围(至少 2 个村抽取、每村至少 1 户、"
                            "村内相关系数在 0 与 1 之间)",
                            "simulation parameters out of range (at least 2 "
                            "villages drawn, 1 household a village, an "
                            "intra-village correlation between 0 and 1)");
    for (int k = 0; k < sp->nrates; k++)
        if (!(sp->rate[k] > 0 && sp->rate[k] < 1))
            return kh_error_set(err, KH_ERR_USAGE, "usage",
                                "模拟的率须在 0 与 1 之间",
                                "simulated rates must be between 0 and 1");
    kh_rng rng;
    kh_rng_seed(&rng, sp->seed);
    sim_pop P;
    memset(&P, 0, sizeof P);
    P.nv = sp->counties * sp->villages;
    size_t nr = (size_t)sp->nrates;
    size_t nc = (size_t)sp->counties;
    long long maxm = sp->m;
    P.size = malloc((size_t)P.nv * sizeof *P.size);
    P.first = malloc((size_t)P.nv * sizeof *P.first);
    double *pi = malloc((size_t)sp->villages * sizeof *pi);
    unsigned char *sel = malloc((size_t)sp->villages);
    long long *idx = malloc((size_t)maxm * sizeof *idx);
    double *ty = calloc(nc * nr, sizeof *ty), *tx = calloc(nc, sizeof *tx);
    long *ccov = calloc(nc * nr, sizeof *ccov), *cn = calloc(nc * nr,
                                                                 sizeof *cn);
    size_t capu = (size_t)sp->counties * (size_t)sp->k * ((size_t)maxm * nr + 1);
    kh_sample_unit *u = malloc(capu * sizeof *u);
    int rc = KH_OK;
    if (!P.size || !P.first || !pi || !sel || !idx || !ty || !tx || !ccov ||
        !cn || !u) {
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
        goto done;
    }
    long long nh = 0;
    for (int v = 0; v < P.nv; v++) {
        P.size[v] = sp->hh_min +
                    (long long)kh_rng_below(&rng, (uint64_t)(sp->hh_max -
                                                             sp->hh_min + 1));
        P.first[v] = nh;
        nh += P.size[v];
    }
    P.persons = malloc((size_t)nh);
    P.flags = calloc((size_t)nh, 1);
    if (!P.persons || !P.flags) {
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
        goto done;
    }
    /* The population: village rates Beta(mu (1-rho)/rho, (1-mu)(1-rho)/rho)
     * give households of one village the correlation rho. */
    double sq_w[KH_SIM_RATES] = {0}, sq_b[KH_SIM_RATES] = {0};
    double tot_y[KH_SIM_RATES] = {0};
    double sum_n2 = 0;
    for (int v = 0; v < P.nv; v++) {
        double pv[KH_SIM_RATES];
        for (size_t k = 0; k < nr; k++) {
            double f = (1 - sp->icc) / sp->icc;
            pv[k] = beta_draw(&rng, sp->rate[k] * f, (1 - sp->rate[k]) * f);
        }
        size_t c = (size_t)(v / sp->villages);
        long long ev[KH_SIM_RATES] = {0};
        for (long long j = 0; j < P.size[v]; j++) {
            long long h = P.first[v] + j;
            P.persons[h] = (unsigned char)(1 + kh_rng_below(&rng, 6));
            tx[c] += P.persons[h];
            for (size_t k = 0; k < nr; k++)
                if (kh_rng_unit(&rng) < pv[k]) {
                    P.flags[h] |= (unsigned char)(1u << k);
                    ty[c * nr + k] += P.persons[h];
                    ev[k]++;
                }
        }
        sum_n2 += (double)P.size[v] * (double)P.size[v];
        for (size_t k = 0; k < nr; k++) {
            double mv = (double)ev[k] / (double)P.size[v];
            sq_w[k] += (double)ev[k] * (1 - mv); /* sum of (y - mean)^2 */
            sq_b[k] += (double)P.size[v] * mv * mv;
            tot_y[k] += (double)ev[k];
        }
    }
    double X = 0;
    for (size_t c = 0; c < nc; c++)
        X += tx[c];
    for (size_t k = 0; k < nr; k++) {
        double Y = 0;
        for (size_t c = 0; c < nc; c++)
            Y += ty[c * nr + k];
        out->truth[k] = Y / X;
        /* ANOVA estimate of the intra-village correlation of the
         * household events (unequal sizes: n0 = (N - sum n^2 / N)/(g-1)). */
        double N = (double)nh, g = (double)P.nv;
        double mean = tot_y[k] / N;
        double ssb = sq_b[k] - N * mean * mean;
        double msb = ssb / (g - 1), msw = sq_w[k] / (N - g);
        double n0 = (N - sum_n2 / N) / (g - 1);
        out->icc_seen[k] = (msb - msw) / (msb + (n0 - 1) * msw);
    }
    double thr[KH_SIM_RATES];
    for (size_t k = 0; k < nr; k++)
        thr[k] = sp->threshold[k] > 0 ? sp->threshold[k] : out->truth[k];
    for (long s = 0; s < sp->samples; s++) {
        size_t n = 0;
        long long psu = 0;
        for (int c = 0; c < sp->counties; c++) {
            const long long *size = P.size + (size_t)c * (size_t)sp->villages;
            rc = kh_sample_pps(size, (size_t)sp->villages, sp->k, &rng, pi,
                               sel, err);
            if (rc) goto done;
            for (int i = 0; i < sp->villages; i++) {
                if (!sel[i]) continue;
                long long v = (long long)c * sp->villages + i;
                /* taken with certainty: a negative PSU */
                long long id = pi[i] >= 1 - 1e-9 ? -++psu : ++psu;
                u[n++] = (kh_sample_unit){c, id, -1, 0, 0, 0};
                long long got = kh_sample_srs(P.size[v], sp->m, &rng, idx);
                double w = (double)P.size[v] / (pi[i] * (double)got);
                for (long long j = 0; j < got; j++) {
                    long long h = P.first[v] + idx[j];
                    double x = P.persons[h];
                    for (size_t k = 0; k < nr; k++)
                        u[n++] = (kh_sample_unit){
                            c, id, (int)k, w,
                            (P.flags[h] >> k) & 1 ? x : 0, x};
                }
            }
        }
        for (size_t k = 0; k < nr; k++) {
            kh_sample_est e;
            kh_sample_ratio(u, n, (int)k, -1, sp->confidence, &e);
            kh_sample_interval(&e, sp->method, sp->confidence,
                               sp->deff_prior);
            tally(&out->region[k], &e, out->truth[k], thr[k],
                  sp->at_least[k]);
            for (size_t c = 0; c < nc; c++) {
                kh_sample_ratio(u, n, (int)k, (int)c, sp->confidence, &e);
                kh_sample_interval(&e, sp->method, sp->confidence,
                                   sp->deff_prior);
                double truth = ty[c * nr + k] / tx[c];
                long before = out->county[k].covered;
                tally(&out->county[k], &e, truth, thr[k], sp->at_least[k]);
                if (!isnan(e.lo)) cn[c * nr + k]++;
                ccov[c * nr + k] += out->county[k].covered - before;
            }
        }
    }
    for (size_t k = 0; k < nr; k++) {
        out->county_cov_min[k] = 1;
        out->county_cov_max[k] = 0;
        for (size_t c = 0; c < nc; c++) {
            if (!cn[c * nr + k]) continue;
            double f = (double)ccov[c * nr + k] / (double)cn[c * nr + k];
            if (f < out->county_cov_min[k]) out->county_cov_min[k] = f;
            if (f > out->county_cov_max[k]) out->county_cov_max[k] = f;
        }
    }
done:
    free(P.size);
    free(P.first);
    free(P.persons);
    free(P.flags);
    free(pi);
    free(sel);
    free(idx);
    free(ty);
    free(tx);
    free(ccov);
    free(cn);
    free(u);
    return rc;
}
