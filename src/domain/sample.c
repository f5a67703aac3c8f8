/* SPDX-License-Identifier: MIT */
/*
 * sample.c - 第三方评估 sampling without I/O: the seeded PRNG, sample
 * sizes with the design effect, systematic PPS and simple random
 * selection, the classification of a surveyed household by the review's
 * exit rules, ratio estimates with ultimate-cluster variances, and
 * verdicts. docs/sample.md gives every formula and its source.
 */
#include "kaohe/sample.h"

#include "kaohe/estimate.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/check.h"
#include "kaohe/idcard.h"

/* ---- PRNG ---- */

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void kh_rng_seed(kh_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t kh_rng_next(kh_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

uint64_t kh_rng_below(kh_rng *r, uint64_t n)
{
    if (n == 0) return 0;
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = kh_rng_next(r);
    while (x >= limit);
    return x % n;
}

double kh_rng_unit(kh_rng *r)
{
    return (double)(kh_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* ---- quantiles ---- */

double kh_norm_quantile(double p)
{
    static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                -2.759285104469687e+02, 1.383577518672690e+02,
                                -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                -1.556989798598866e+02, 6.680131188771972e+01,
                                -1.328068155288572e+01};
    static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                -2.400758277161838e+00, -2.549732539343734e+00,
                                4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01,
                                2.445134137142996e+00, 3.754408661907416e+00};
    if (p <= 0) return -HUGE_VAL;
    if (p >= 1) return HUGE_VAL;
    double q, x;
    if (p < 0.02425) {
        q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
             c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - 0.02425) {
        q = p - 0.5;
        double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r +
             a[5]) *
            q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        q = sqrt(-2 * log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
              c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    /* One Halley step against erfc. */
    double e = 0.5 * erfc(-x / sqrt(2)) - p;
    double u = e * sqrt(2 * M_PI) * exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

/* P(T <= t) for t >= 0. */
static double t_cdf(double t, double df)
{
    return 1 - 0.5 * kh_beta_inc(df / 2, 0.5, df / (df + t * t));
}

double kh_t_quantile(double p, double df)
{
    if (df <= 0 || !(p > 0 && p < 1)) return NAN;
    if (df > 1e7) return kh_norm_quantile(p);
    if (p < 0.5) return -kh_t_quantile(1 - p, df);
    double lo = 0, hi = 1;
    while (t_cdf(hi, df) < p && hi < 1e12)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * (1 + hi); i++) {
        double mid = (lo + hi) / 2;
        if (t_cdf(mid, df) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

/* ---- sample sizes ---- */

int kh_sample_size(const kh_size_in *in, kh_size_out *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    if (!(in->p > 0 && in->p < 1) || !(in->margin > 0 && in->margin < 1) ||
        !(in->z > 0) || !(in->icc >= 0 && in->icc < 1) || in->villages < 1)
        return kh_error_set(err, KH_ERR_USAGE, "usage",
                            "样本量参数超出范围(率、误差界须在 0 与 1 之间,"
                            "村数至少为 1)",
                            "sample size parameters out of range (rate and "
                            "margin between 0 and 1, at least one village)");
    double n0 = in->z * in->z * in->p * (1 - in->p) / (in->margin * in->margin);
    out->n0 = n0;
    double nf = n0;
    if (in->population > 0) nf = n0 / (1 + (n0 - 1) / (double)in->population);
    out->n0_fpc = nf;
    long long k = in->villages;
    double rho = in->icc;
    if ((double)k <= nf * rho) {
        k = (long long)ceil(2 * nf * rho);
        out->raised = 1;
    }
    double m = nf * (1 - rho) / ((double)k - nf * rho);
    long long mi = (long long)ceil(m - 1e-9);
    if (mi < 1) mi = 1;
    out->villages = k;
    out->per_village = mi;
    out->deff = 1 + (double)(mi - 1) * rho;
    out->total = k * mi;
    return KH_OK;
}

/* ---- selection ---- */

int kh_sample_pps(const long long *size, size_t n, long long k, kh_rng *r,
                  double *pi, unsigned char *sel, kh_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (size[i] <= 0)
            return kh_error_set(err, KH_ERR_USAGE, "usage",
                                "按规模成比例抽样的单位规模须为正数",
                                "PPS sizes must be positive");
        pi[i] = 0;
        sel[i] = 0;
    }
    if (k <= 0 || n == 0) return KH_OK;
    if ((size_t)k >= n) {
        for (size_t i = 0; i < n; i++)
            pi[i] = 1, sel[i] = 1;
        return KH_OK;
    }
    long long krem = k, tot = 0;
    for (;;) {
        tot = 0;
        for (size_t i = 0; i < n; i++)
            if (!sel[i]) tot += size[i];
        int found = 0;
        for (size_t i = 0; i < n && krem > 0; i++) {
            if (sel[i]) continue;
            if (size[i] * krem >= tot) {
                sel[i] = 1;
                pi[i] = 1;
                krem--;
                found = 1;
            }
        }
        if (!found || krem == 0) break;
    }
    if (krem == 0) return KH_OK;
    size_t *order = malloc(n * sizeof *order);
    if (!order)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!sel[i]) {
            order[m++] = i;
            pi[i] = (double)krem * (double)size[i] / (double)tot;
        }
    for (size_t i = m; i > 1; i--) {
        size_t j = (size_t)kh_rng_below(r, i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    /* Positions in units of 1/krem of a household: the interval is tot,
     * the start uniform in [0, tot), unit i covers krem * its size. */
    long long next = (long long)kh_rng_below(r, (uint64_t)tot);
    long long cum = 0, got = 0;
    for (size_t j = 0; j < m && got < krem; j++) {
        cum += size[order[j]] * krem;
        if (next < cum) {
            sel[order[j]] = 1;
            got++;
            next += tot;
        }
    }
    free(order);
    return KH_OK;
}

long long kh_sample_srs(long long N, long long m, kh_rng *r, long long *out)
{
    long long got = 0;
    if (m > N) m = N;
    for (long long t = 0; t < N && got < m; t++)
        if ((long long)kh_rng_below(r, (uint64_t)(N - t)) < m - got)
            out[got++] = t;
    return got;
}

/* ---- classification ---- */

struct kh_classifier {
    const kh_standard *std;
    kh_reviewer *rv;
    int year;
    int st_exited; /* status index written into the household */
    int sc_none;   /* schooling 非在校生 */
    int n_housing;
    char child_id[19]; /* a child of compulsory age on 31 Dec */
};

int kh_classifier_new(const kh_standard *std, int year, kh_classifier **out,
                      kh_error *err)
{
    *out = NULL;
    kh_classifier *c = calloc(1, sizeof *c);
    if (!c)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    c->std = std;
    c->year = year;
    int today[3] = {0, 0, 0};
    int rc = kh_reviewer_new(std, year, today, &c->rv, err);
    if (rc) {
        free(c);
        return rc;
    }
    int es = kh_standard_enum(std, "status");
    int esc = kh_standard_enum(std, "schooling");
    int eh = kh_standard_enum(std, "housing");
    /* The national code 1 is 已脱贫(享受政策); 非在校生 is the label the
     * review's dropout rule looks for. */
    c->st_exited = es >= 0 ? kh_standard_enum_lookup(std, es, "1", 1) : -1;
    c->sc_none = esc >= 0 ? kh_standard_enum_lookup(std, esc, "非在校生",
                                                    strlen("非在校生"))
                          : -1;
    c->n_housing = eh >= 0 ? kh_standard_enum_count(std, eh) : 0;
    if (c->st_exited < 0 || c->sc_none < 0 || eh < 0) {
        kh_classifier_free(c);
        return kh_error_set(err, KH_ERR_INVALID, "standard_missing",
                            "标准文件缺少户状态代码 1、在校生状况“非在校生”"
                            "或住房等级列表",
                            "the standards lack status code 1, schooling "
                            "'非在校生' or the housing list");
    }
    long long amin = kh_standard_int(std, "exit.compulsory_age_min", 6);
    long long amax = kh_standard_int(std, "exit.compulsory_age_max", 15);
    int age = (int)((amin + amax) / 2);
    snprintf(c->child_id, sizeof c->child_id, "110101%04d1231%03d", year - age,
             1);
    c->child_id[17] = kh_idcard_check_char(c->child_id);
    c->child_id[18] = '\0';
    *out = c;
    return KH_OK;
}

void kh_classifier_free(kh_classifier *c)
{
    if (!c) return;
    kh_reviewer_free(c->rv);
    free(c);
}

static void blank_member(kh_member *m, int ins_med)
{
    memset(m, 0, sizeof *m);
    m->name = "";
    m->ethnicity = "";
    m->relation = m->education = m->schooling = m->health = m->labour =
        m->work = -1;
    m->ins_med = ins_med;
    m->ins_serious = m->ins_pension = m->treat_first = -1;
}

int kh_classify(kh_classifier *c, const kh_survey_obs *o, kh_survey_class *out,
                kh_error *err)
{
    memset(out, 0, sizeof *out);
    int answers = 0, no = 0;
    const int ok[3] = {o->ok_ident, o->ok_exit, o->ok_help};
    for (int i = 0; i < 3; i++) {
        if (ok[i] < 0) continue;
        answers++;
        if (ok[i] == 0) no = 1;
    }
    out->approves = answers ? !no : -1;
    if (o->income_pc < 0 || o->food_clothing < 0 || o->dropout < 0 ||
        o->medical < 0 || o->housing < 0 || o->housing >= c->n_housing ||
        o->water < 0) {
        out->unknown = 1;
        return KH_OK;
    }
    /* The observations as the registry would record an exited household
     * (the review judges exited households by the exit standard). */
    kh_member mem[2];
    blank_member(&mem[0], o->medical);
    mem[0].id_no[0] = '\0';
    size_t nm = 1;
    if (o->dropout) {
        blank_member(&mem[1], o->medical);
        memcpy(mem[1].id_no, c->child_id, 19);
        mem[1].schooling = c->sc_none;
        nm = 2;
    }
    kh_household h;
    memset(&h, 0, sizeof h);
    h.hh_id = "";
    h.village[0] = '\0';
    h.hh_type = h.cause = -1;
    h.status = c->st_exited;
    h.money[KH_M_INCOME_PC] = o->income_pc;
    h.money_set = 1u << KH_M_INCOME_PC;
    h.housing = o->housing;
    h.water_safe = o->water;
    h.relocated = -1;
    h.helper = h.helper_id = h.phone = "";
    h.members = mem;
    h.nmembers = nm;
    kh_review_result res;
    int rc = kh_review_household(c->rv, &h, &res, err);
    if (rc) return rc;
    uint32_t exit_bits = 1u << KH_RV_EXIT_INCOME | 1u << KH_RV_EXIT_DROPOUT |
                         1u << KH_RV_EXIT_MEDICAL | 1u << KH_RV_EXIT_HOUSING |
                         1u << KH_RV_EXIT_WATER;
    out->failed = res.flagged & exit_bits;
    out->food_failed = o->food_clothing == 0;
    out->fails = out->failed || out->food_failed;
    return KH_OK;
}

/* ---- estimation ---- */

static int in_stratum(const kh_sample_unit *u, int stratum)
{
    return stratum < 0 || u->stratum == stratum;
}

/*
 * The ultimate-cluster variance of a total of linearised values: val(u)
 * per unit (*member set when u belongs to the estimate), summed per PSU;
 * strata as in kh_sample_ratio. The villages of a stratum taken with
 * certainty (u->psu < 0) are not a sample of villages: together they make
 * a stratum of their own whose ultimate units are their households of
 * the estimate (the stage-2 variance, with replacement; one stratum for
 * all of them collapses their own, conservatively, and keeps a variance
 * when a village has one household of a group); the other PSUs make the
 * stratum without them (a single one of them: its total about 0, the
 * mean of linearised totals — survey's lonely.psu "adjust"). *single is
 * set when a stratum with one PSU (or
 * one household) has a non-zero value.
 */
typedef double (*lin_fn)(const kh_sample_unit *u, const void *ctx,
                         int *member);

/* n / (n - 1) times the sum of squares about the mean. */
static double spread(double sum, double sumsq, long long n)
{
    if (n < 2) return 0;
    double mean = sum / (double)n;
    double ss = sumsq - (double)n * mean * mean;
    return ss < 0 ? 0 : (double)n / (double)(n - 1) * ss;
}

/* One stratum's part: n units (PSU totals or households) with their sum
 * and sum of squares. A single unit: with adjust, its value taken about
 * 0 (the mean of linearised totals; survey's lonely.psu = "adjust",
 * conservative), else not estimable when it is not 0. */
static void add_stratum(double sum, double sumsq, long long n, int nonzero,
                        int adjust, double *v, long long *psus,
                        long long *strata, int *single)
{
    if (!n) return;
    *psus += n;
    (*strata)++;
    if (n > 1)
        *v += spread(sum, sumsq, n);
    else if (adjust)
        *v += sumsq;
    else if (nonzero)
        *single = 1;
}

static double uc_variance(const kh_sample_unit *u, size_t n, int stratum,
                          lin_fn val, const void *ctx, long long *psus,
                          long long *strata, int *single)
{
    double v = 0;
    *psus = *strata = 0;
    *single = 0;
    size_t i = 0;
    while (i < n) {
        if (!in_stratum(&u[i], stratum)) {
            i++;
            continue;
        }
        int h = u[i].stratum;
        /* PSU totals of stratum h, and the households of its certain
         * villages. */
        double sum = 0, sumsq = 0, csum = 0, csq = 0;
        long long nh = 0, cn = 0;
        int nonzero = 0, cnonzero = 0;
        size_t j = i;
        while (j < n && u[j].stratum == h) {
            long long p = u[j].psu;
            double z = 0;
            while (j < n && u[j].stratum == h && u[j].psu == p) {
                int member = 0;
                double t = val(&u[j], ctx, &member);
                if (p < 0 && member) {
                    cn++;
                    csum += t;
                    csq += t * t;
                    if (t != 0) cnonzero = 1;
                } else if (p >= 0) {
                    if (t != 0) nonzero = 1;
                    z += t;
                }
                j++;
            }
            if (p < 0) continue;
            nh++;
            sum += z;
            sumsq += z * z;
        }
        /* One village drawn besides certain ones, or one household in
         * the certain ones: taken about 0 (a stratum of one village and
         * nothing else stays not estimable: kh_sample_collapse). */
        add_stratum(sum, sumsq, nh, nonzero, cn > 0, &v, psus, strata,
                    single);
        add_stratum(csum, csq, cn, cnonzero, 1, &v, psus, strata, single);
        i = j;
    }
    return v;
}

/* The degrees of freedom: PSUs - strata, at least 1 when there are two
 * units (strata of a single unit taken about 0 give none: t_1, the
 * widest, rather than no interval). */
static double df_of(long long psus, long long strata)
{
    long long df = psus - strata;
    return (double)(df < 1 && psus >= 2 ? 1 : df);
}

typedef struct ratio_ctx {
    int set;
    double r;
} ratio_ctx;

static double ratio_lin(const kh_sample_unit *u, const void *vctx,
                        int *member)
{
    const ratio_ctx *c = vctx;
    *member = u->set == c->set;
    if (!*member) return 0;
    return u->w * (u->y - c->r * u->x);
}

void kh_sample_ratio(const kh_sample_unit *u, size_t n, int set, int stratum,
                     double confidence, kh_sample_est *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (u[i].set != set || !in_stratum(&u[i], stratum)) continue;
        out->y_hat += u[i].w * u[i].y;
        out->x_hat += u[i].w * u[i].x;
        out->units++;
        if (u[i].y > 0) out->events++;
    }
    out->r = out->x_hat > 0 ? out->y_hat / out->x_hat : 0;
    ratio_ctx c = {set, out->r};
    int single;
    double v = uc_variance(u, n, stratum, ratio_lin, &c, &out->psus,
                           &out->strata, &single);
    out->df = df_of(out->psus, out->strata);
    if (out->x_hat <= 0 || single)
        out->se = -1;
    else
        out->se = sqrt(v) / out->x_hat;
    /* The design effect, against a simple random sample of as many
     * units (Kish): weighted s^2 of y - R x over n xbar^2. */
    out->deff = -1;
    double w = 0, ss = 0;
    for (size_t i = 0; i < n; i++) {
        if (u[i].set != set || !in_stratum(&u[i], stratum)) continue;
        double d = u[i].y - out->r * u[i].x;
        w += u[i].w;
        ss += u[i].w * d * d;
    }
    if (out->se >= 0 && out->units > 1 && w > 0) {
        double xbar = out->x_hat / w;
        double s2 = ss / w * (double)out->units / (double)(out->units - 1);
        double vsrs = s2 / ((double)out->units * xbar * xbar);
        if (vsrs > 0) out->deff = out->se * out->se / vsrs;
    }
    kh_sample_interval(out, KH_CI_KORN_GRAUBARD, confidence, 1);
}

typedef struct comb_ctx {
    const int *sets;
    const double *f; /* a_k / (X_k p) */
    const double *r;
    size_t nk;
} comb_ctx;

static double comb_lin(const kh_sample_unit *u, const void *vctx,
                       int *member)
{
    const comb_ctx *c = vctx;
    *member = 0;
    for (size_t k = 0; k < c->nk; k++)
        if (u->set == c->sets[k]) {
            *member = 1;
            return c->f[k] * u->w * (u->y - c->r[k] * u->x);
        }
    return 0;
}

void kh_sample_combine(const kh_sample_unit *u, size_t n, int stratum,
                       const int *sets, const double *a, size_t nk, double c,
                       double p, double confidence, kh_sample_est *out)
{
    memset(out, 0, sizeof *out);
    double r[4], f[4], half[4];
    if (nk > 4) nk = 4;
    double num = c;
    int bad = p <= 0;
    for (size_t k = 0; k < nk; k++) {
        kh_sample_est e;
        kh_sample_ratio(u, n, sets[k], stratum, confidence, &e);
        r[k] = e.r;
        f[k] = e.x_hat > 0 && p > 0 ? a[k] / (e.x_hat * p) : 0;
        if (e.x_hat <= 0 || e.se < 0) bad = 1;
        half[k] = isnan(e.lo) ? 0 : (e.hi - e.lo) / 2;
        num += a[k] * e.r;
        out->units += e.units;
    }
    out->y_hat = num;
    out->x_hat = p;
    out->r = p > 0 ? num / p : 0;
    comb_ctx cc = {sets, f, r, nk};
    int single;
    double v = uc_variance(u, n, stratum, comb_lin, &cc, &out->psus,
                           &out->strata, &single);
    out->df = df_of(out->psus, out->strata);
    out->se = bad || single ? -1 : sqrt(v);
    out->deff = -1;
    out->events = -1;
    if (out->se == 0 && out->df >= 1) {
        /* No event in any component rate: the combination's spread is
         * taken from the components' (Korn–Graubard) half-widths, so the
         * interval is never of zero width. */
        double t = kh_t_quantile((1 + confidence) / 2, out->df), s2 = 0;
        for (size_t k = 0; k < nk; k++) {
            double d = a[k] / p * half[k] / t;
            s2 += d * d;
        }
        out->se = sqrt(s2);
    }
    kh_sample_interval(out, KH_CI_KORN_GRAUBARD, confidence, 1);
}

const char *kh_verdict_name(int v)
{
    static const char *const names[] = {"below", "above", "unclear", "unknown"};
    return v >= 0 && v <= KH_V_UNKNOWN ? names[v] : "unknown";
}

int kh_sample_verdict(const kh_sample_est *e, double threshold)
{
    return kh_sample_decide(e, threshold, 0);
}
