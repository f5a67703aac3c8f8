/* SPDX-License-Identifier: MIT */
/*
 * sample.c - 第三方评估's use cases (kaohe/app_sample.h): drawing and
 * storing a stratified two-stage sample (counties as strata, villages by
 * PPS, households by SRS in three groups) sized for a margin of error;
 * the estimates of 错退率, 漏评率, 认可度 and 综合贫困发生率 with
 * design-based intervals and verdicts, and their one rendering for the
 * command line and the server; the nonresponse warnings. Who may is
 * decided here, the transaction and the audit entry are here. The
 * arithmetic is src/domain/sample.c and estimate.c; docs/sample.md
 * explains it. The field list as one file for a download
 * (kh_app_sample_lists). The imports and the simulated survey:
 * sample_import.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sample_int.h"
#include "kaohe/app_sample.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/estimate.h"
#include "kaohe/mask.h"
#include "kaohe/sample.h"
#include "kaohe/sample_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/survey.h"
#include "kaohe/tabwriter.h"

static double std_rate(const kh_standard *std, const char *key, double def)
{
    long long n, d;
    if (kh_standard_rate(std, key, &n, &d) == KH_OK && d > 0)
        return (double)n / (double)d;
    return def;
}

/* ------------------------------------------------------------------ */
/* design */

typedef struct fv {
    char code[13];
    char name[64];
    long long hh[4], persons[4];
} fv;

typedef struct frame {
    fv *v;
    size_t n, cap;
} frame;

/* Room for one more element of size in the array *v of *cap (n used),
 * doubling from first. */
static int grow(void **v, size_t *cap, size_t n, size_t size, size_t first,
                kh_error *err)
{
    if (n < *cap) return KH_OK;
    size_t c = *cap ? 2 * *cap : first;
    void *nv = realloc(*v, c * size);
    if (!nv)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    *v = nv;
    *cap = c;
    return KH_OK;
}

static int on_village(void *ctx, const kh_frame_village *v, kh_error *err)
{
    frame *f = ctx;
    if (grow((void **)&f->v, &f->cap, f->n, sizeof *f->v, 1024, err))
        return err->status;
    fv *x = &f->v[f->n++];
    memcpy(x->code, v->code, 13);
    snprintf(x->name, sizeof x->name, "%s", v->name);
    memcpy(x->hh, v->hh, sizeof x->hh);
    memcpy(x->persons, v->persons, sizeof x->persons);
    return KH_OK;
}

typedef struct pick {
    kh_store *s;
    long long design;
    const char *village;
    int group;
    const long long *idx; /* sorted positions to take */
    long long n, at, pos;
} pick;

static int on_hh(void *ctx, const char *hh_id, long long persons, kh_error *err)
{
    pick *p = ctx;
    int rc = KH_OK;
    if (p->at < p->n && p->idx[p->at] == p->pos) {
        rc = kh_design_add_household(p->s, p->design, p->village, p->group,
                                     hh_id, persons, err);
        p->at++;
    }
    p->pos++;
    return rc;
}

static int run_design(kh_store *store, const kh_standard *std,
                      const kh_actor *who, const kh_regionset *regions,
                      kh_design *d, kh_buf *rep, kh_error *err)
{
    frame f = {NULL, 0, 0};
    long long *size = NULL, *idx = NULL;
    double *pi = NULL;
    unsigned char *sel = NULL;
    int rc =
        kh_sample_frame(store, d->year, d->region, std, on_village, &f, err);
    if (rc) goto out;
    if (f.n == 0) {
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "frame_empty",
                          "%s 下没有 %d 年的建档立卡户或花名册户",
                          "no registered or roster household under %s in %d",
                          d->region, d->year);
        goto out;
    }
    size = malloc(f.n * sizeof *size);
    pi = malloc(f.n * sizeof *pi);
    sel = malloc(f.n);
    if (!size || !pi || !sel) {
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
        goto out;
    }
    double z = kh_norm_quantile((1 + d->confidence) / 2);
    double p_wrong = std_rate(std, "county_exit.wrong_exit_max", 0.02);
    double p_missed = std_rate(std, "county_exit.missed_max", 0.02);
    if ((rc = kh_store_begin(store, err))) goto out;
    if ((rc = kh_design_add(store, d, err))) goto fail;
    kh_rng rng;
    kh_rng_seed(&rng, d->seed);
    rc = kh_buf_printf(
        rep,
        "抽样方案 / sampling design %lld: %d 年 / year %d, 区域 / region %s\n"
        "置信度 / confidence %.4g (z = %.4f), 误差界 / margin ±%.4g, "
        "村内相关 / intra-village correlation rho = %.4g, 种子 / seed %llu\n"
        "预期率 / anticipated rates: 错退率 p = %.4g, 漏评率 p = %.4g "
        "(the thresholds)\n"
        "n0 = z^2 p (1-p) / e^2; n0' = n0 / (1 + (n0-1)/N); "
        "m = ceil(n0' (1-rho) / (k - n0' rho)); deff = 1 + (m-1) rho\n"
        "误判达标 / false 达标: 真实率等于阈值时约 %.2f%% ((1 - 置信度) / 2; "
        "达标须 Korn-Graubard 区间上限不超过阈值;蒙特卡罗检验 / Monte-Carlo "
        "check: kaohe sample simulate --monte-carlo 1000)\n\n",
        d->id, d->year, d->year, d->region, d->confidence, z, d->margin, d->icc,
        d->seed, p_wrong, p_missed, 100 * (1 - d->confidence) / 2);
    long long tot_v = 0, tot_h[4] = {0}, nstrata = 0;
    for (size_t a = 0; a < f.n && !rc;) {
        size_t b = a;
        while (b < f.n && !memcmp(f.v[b].code, f.v[a].code, 6))
            b++;
        kh_design_stratum st;
        memset(&st, 0, sizeof st);
        memcpy(st.county, f.v[a].code, 6);
        memcpy(st.county + 6, "000000", 7);
        st.villages = (long long)(b - a);
        for (size_t i = a; i < b; i++)
            for (int g = 1; g <= 3; g++) {
                st.hh[g] += f.v[i].hh[g];
                st.persons[g] += f.v[i].persons[g];
            }
        long long k = d->villages_per_county;
        kh_size_out so[4];
        memset(so, 0, sizeof so);
        const int sized[2] = {KH_G_EXITED, KH_G_ROSTER};
        const double ps[2] = {p_wrong, p_missed};
        if (d->households_per_village > 0) {
            for (int g = 1; g <= 3; g++)
                st.m[g] = d->households_per_village;
        } else {
            /* Villages needed: the larger of the two groups' needs. */
            for (int j = 0; j < 2 && !rc; j++) {
                kh_size_in in = {ps[j],  d->margin, z,
                                 d->icc, k,         st.hh[sized[j]]};
                rc = kh_sample_size(&in, &so[sized[j]], err);
                if (!rc && so[sized[j]].villages > k) k = so[sized[j]].villages;
            }
            for (int j = 0; j < 2 && !rc; j++) {
                kh_size_in in = {ps[j],  d->margin, z,
                                 d->icc, k,         st.hh[sized[j]]};
                if (k >= st.villages) {
                    /* Every village is taken: villages are strata, not
                     * clusters, and n0' is shared among them. */
                    rc = kh_sample_size(&in, &so[sized[j]], err);
                    so[sized[j]].per_village = (long long)ceil(
                        so[sized[j]].n0_fpc / (double)st.villages - 1e-9);
                    if (so[sized[j]].per_village < 1)
                        so[sized[j]].per_village = 1;
                } else {
                    rc = kh_sample_size(&in, &so[sized[j]], err);
                }
                st.m[sized[j]] = so[sized[j]].per_village;
            }
            /* Households to exit are sampled like the exited ones (for
             * 认可度). */
            st.m[KH_G_POOR] = st.m[KH_G_EXITED];
        }
        if (rc) break;
        if (k > st.villages) k = st.villages;
        for (size_t i = a; i < b; i++) {
            size[i - a] = f.v[i].hh[1] + f.v[i].hh[2] + f.v[i].hh[3];
        }
        rc = kh_sample_pps(size, b - a, k, &rng, pi, sel, err);
        if (rc) break;
        long long drawn_h[4] = {0};
        for (size_t i = a; i < b && !rc; i++) {
            if (!sel[i - a]) continue;
            st.drawn++;
            rc = kh_design_add_village(store, d->id, st.county, f.v[i].code,
                                       size[i - a], pi[i - a], f.v[i].hh, err);
            for (int g = 1; g <= 3 && !rc; g++) {
                long long N = f.v[i].hh[g];
                long long m = st.m[g] < N ? st.m[g] : N;
                if (m <= 0) continue;
                long long *ni = realloc(idx, (size_t)m * sizeof *idx);
                if (!ni) {
                    rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                      "out of memory");
                    break;
                }
                idx = ni;
                long long got = kh_sample_srs(N, m, &rng, idx);
                pick p = {store, d->id, f.v[i].code, g, idx, got, 0, 0};
                rc = kh_sample_frame_households(store, d->year, f.v[i].code, g,
                                                std, on_hh, &p, err);
                if (!rc && p.at != got)
                    rc = kh_error_msg(err, KH_ERR_DB, "frame_changed",
                                      "抽样期间数据发生变化",
                                      "the data changed while drawing");
                drawn_h[g] += got;
            }
        }
        if (!rc) rc = kh_design_add_stratum(store, d->id, &st, err);
        const kh_region *cr = kh_regionset_find(regions, st.county);
        if (!rc)
            rc = kh_buf_printf(
                rep,
                "%s %s: %lld 村 / villages; 户 / households: 已脱贫 exited "
                "%lld, 未脱贫 not exited %lld, 非建档立卡 non-registered "
                "%lld\n",
                st.county, cr && cr->name ? cr->name : "", st.villages,
                st.hh[1], st.hh[2], st.hh[3]);
        if (!rc && d->households_per_village > 0)
            rc = kh_buf_printf(rep,
                               "  m = %lld 户/村 (--households-per-village), "
                               "k = %lld\n",
                               d->households_per_village, k);
        for (int j = 0; j < 2 && !rc && d->households_per_village <= 0; j++) {
            const kh_size_out *o = &so[sized[j]];
            rc = kh_buf_printf(
                rep,
                "  %s %s: n0 = %.1f, n0' = %.1f (N = %lld), k = %lld%s, "
                "m = %lld, deff = %.3f\n",
                j ? "漏评率" : "错退率", j ? "missed" : "wrong exit", o->n0,
                o->n0_fpc, st.hh[sized[j]], k,
                o->raised ? " (raised: k <= n0' rho / 村数不足,已增加)" : "",
                o->per_village, o->deff);
        }
        if (!rc)
            rc = kh_buf_printf(
                rep,
                "  抽中 / drawn: %lld 村 villages; 户 households: 已脱贫 %lld, "
                "未脱贫 %lld, 非建档立卡 %lld (m = %lld/%lld/%lld a village)\n",
                st.drawn, drawn_h[1], drawn_h[2], drawn_h[3], st.m[1], st.m[2],
                st.m[3]);
        /* The probability of a false 达标 at this size when the true
         * rate is the threshold (kh_sample_false_meets). */
        for (int j = 0; j < 2 && !rc; j++) {
            int g = sized[j];
            long long mg = st.m[g] > 0 ? st.m[g] : 1;
            double deff = 1 + (double)(mg - 1) * d->icc;
            double df = st.drawn > 1 ? (double)(st.drawn - 1) : 1;
            double neff = 0;
            double pf = kh_sample_false_meets((double)drawn_h[g], deff, df,
                                              ps[j], d->confidence, &neff);
            rc = kh_buf_printf(
                rep,
                "  误判达标 / false 达标 %s: 真实率等于阈值 %.2f%% 时 %.2f%% "
                "(%lld 户, deff %.2f, 自由度 %.0f, 有效样本量 %.1f)\n",
                j ? "漏评率" : "错退率", 100 * ps[j], 100 * pf, drawn_h[g],
                deff, df, neff);
        }
        tot_v += st.drawn;
        nstrata++;
        for (int g = 1; g <= 3; g++)
            tot_h[g] += drawn_h[g];
        a = b;
    }
    if (!rc)
        rc = kh_buf_printf(
            rep,
            "\n合计 / total: %lld 村 villages, %lld 户 households (已脱贫 "
            "%lld, 未脱贫 %lld, 非建档立卡 %lld)\n",
            tot_v, tot_h[1] + tot_h[2] + tot_h[3], tot_h[1], tot_h[2],
            tot_h[3]);
    /* And for the whole region (df = villages - counties). */
    for (int j = 0; j < 2 && !rc; j++) {
        int g = j ? KH_G_ROSTER : KH_G_EXITED;
        double mbar = tot_v > 0 ? (double)tot_h[g] / (double)tot_v : 1;
        double deff = 1 + (mbar > 1 ? mbar - 1 : 0) * d->icc;
        double df = (double)(tot_v - nstrata);
        double thr = j ? p_missed : p_wrong, neff = 0;
        double pf = kh_sample_false_meets((double)tot_h[g], deff,
                                          df >= 1 ? df : 1, thr,
                                          d->confidence, &neff);
        rc = kh_buf_printf(rep,
                           "全区域误判达标 / false 达标 (region) %s: 真实率等于"
                           "阈值 %.2f%% 时 %.2f%% (%lld 户, deff %.2f, 自由度 "
                           "%.0f, 有效样本量 %.1f)\n",
                           j ? "漏评率" : "错退率", 100 * thr, 100 * pf,
                           tot_h[g], deff, df >= 1 ? df : 1, neff);
    }
    if (rc) {
        if (rc == KH_ERR_NOMEM && !err->code[0])
            kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                         "out of memory");
        goto fail;
    }
    if ((rc = kh_design_set_report(store, d->id, rep->data, err))) goto fail;
    char object[32], note[96];
    snprintf(object, sizeof object, "design/%lld", d->id);
    snprintf(note, sizeof note, "%d %s: %lld villages", d->year, d->region,
             tot_v);
    if ((rc = kh_app_audit(store, who, "sample.design", object, "ok",
                           tot_h[1] + tot_h[2] + tot_h[3], NULL, NULL, note,
                           err)))
        goto fail;
    rc = kh_store_commit(store, err);
    goto out;
fail:
    kh_store_rollback(store);
out:
    free(f.v);
    free(size);
    free(pi);
    free(sel);
    free(idx);
    return rc;
}

/* 1 when region (a design's) lies in a's scope: every region, the
 * subtree of the region bound to, or, for 第三方评估, its bound region's
 * (every region when unbound). */
static int in_scope(const kh_access *a, const char *region)
{
    if (a->all) return 1;
    if (!region[0]) return 0;
    if (a->sample_only)
        return strcmp(region, a->lo) >= 0 && strcmp(region, a->hi) <= 0;
    return kh_access_region(a, region);
}

/* Who may act on design region: a role of one of the lists (NULL ends)
 * and the region in scope; else refused and audited as action. */
int kh_sample_may(kh_store *s, const kh_standard *std, const kh_actor *who,
                  const char *const *lists, const char *action,
                  const char *object, const char *region, kh_error *err)
{
    const char *role = who->acc.role;
    int ok = 0;
    for (int i = 0; lists[i] && !ok; i++)
        ok = kh_standard_in_list(std, lists[i], role, strlen(role));
    if (ok && in_scope(&who->acc, region)) return KH_OK;
    kh_error_set(err, KH_ERR_DENIED, "role_denied",
                 "你(%s,%s)不能对区划 %s 进行该抽样操作",
                 "you (%s, %s) may not do this sampling action on region %s",
                 who->acc.user[0] ? who->acc.user : "?", role[0] ? role : "-",
                 region[0] ? region : "(全部 / all)");
    return kh_app_refuse(s, who, action, object, err);
}

const char *const kh_sample_manage_roles[] = {"web.sample_manage_roles",
                                              NULL};
const char *const kh_sample_read_roles[] = {"web.sample_manage_roles",
                                            "web.sample_roles", NULL};

int kh_app_sample_design(kh_store *s, const kh_standard *std,
                         const kh_actor *who, kh_design *d, kh_buf *rep,
                         kh_error *err)
{
    if (!(d->margin > 0 && d->margin < 1))
        return kh_error_msg(err, KH_ERR_USAGE, "usage", "--margin 须大于 0",
                            "--margin must be above 0");
    if (!(d->confidence > 0 && d->confidence < 1))
        return kh_error_msg(err, KH_ERR_USAGE, "usage",
                            "--confidence 须大于 0",
                            "--confidence must be above 0");
    if (!(d->icc >= 0 && d->icc < 1))
        return kh_error_msg(err, KH_ERR_USAGE, "usage",
                            "--icc 须在 0 与 1 之间",
                            "--icc must be between 0 and 1");
    if (d->villages_per_county < 2)
        return kh_error_msg(err, KH_ERR_USAGE, "usage",
                            "每县至少抽 2 个村(方差估计需要)",
                            "at least 2 villages a county (for the variance)");
    if (kh_region_code_level(d->region, strlen(d->region)) == KH_LV_NONE)
        return kh_error_msg(err, KH_ERR_USAGE, "usage",
                            "--region 须为 12 位行政区划代码",
                            "--region must be a 12-digit region code");
    char object[32];
    snprintf(object, sizeof object, "sample:%d", d->year);
    int rc = kh_sample_may(s, std, who, kh_sample_manage_roles,
                           "sample.design", object, d->region, err);
    if (rc) return rc;
    if (!kh_store_year_exists(s, d->year))
        return kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                            "数据库中没有 %d 年的建档立卡数据",
                            "the database has no registry of %d", d->year);
    kh_regionset *regions = NULL;
    rc = kh_regionset_new(&regions, err);
    if (!rc) rc = kh_store_regions_load(s, regions, err);
    if (!rc) rc = run_design(s, std, who, regions, d, rep, err);
    kh_regionset_free(regions);
    return rc;
}

/* ------------------------------------------------------------------ */
/* estimate */

enum { SET_WRONG = 0, SET_MISSED = 1, SET_APPROVAL = 2 };

typedef struct stratum_info {
    kh_design_stratum st;
    char name[64];
    int western;
} stratum_info;

typedef struct est_ctx {
    stratum_info *s;
    size_t ns, caps;
    kh_sample_unit *u;
    size_t nu, capu;
    long long psu;
    char last_village[13];
    long long surveyed, drawn, not_judged;
    kh_regionset *regions;
    kh_sample_unit *tmp; /* a row's units, strata collapsed (c->nu) */
} est_ctx;

static int on_stratum(void *ctx, const kh_design_stratum *st, const char *name,
                      kh_error *err)
{
    est_ctx *c = ctx;
    if (grow((void **)&c->s, &c->caps, c->ns, sizeof *c->s, 64, err))
        return err->status;
    stratum_info *x = &c->s[c->ns++];
    x->st = *st;
    snprintf(x->name, sizeof x->name, "%s", name);
    x->western = 0;
    return KH_OK;
}

static int add_unit(est_ctx *c, kh_sample_unit u, kh_error *err)
{
    if (grow((void **)&c->u, &c->capu, c->nu, sizeof *c->u, 4096, err))
        return err->status;
    c->u[c->nu++] = u;
    return KH_OK;
}

static int stratum_of(const est_ctx *c, const char *county)
{
    /* Strata and drawn households both come in county order. */
    size_t lo = 0, hi = c->ns;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(c->s[mid].st.county, county);
        if (!cmp) return (int)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The village's PSU id, negative when it was taken with certainty. */
static long long psu_id(const est_ctx *c, int certain)
{
    return certain ? -c->psu : c->psu;
}

static int on_drawn(void *ctx, const kh_drawn *h, kh_error *err)
{
    est_ctx *c = ctx;
    int s = stratum_of(c, h->county);
    if (s < 0)
        return kh_error_set(err, KH_ERR_DB, "design_broken",
                            "抽样方案缺少县 %s", "the design lacks county %s",
                            h->county);
    int rc = KH_OK;
    /* A village taken with certainty is its own stratum in the variance. */
    int certain = h->pi >= 1 - 1e-9;
    if (strcmp(c->last_village, h->village) != 0) {
        snprintf(c->last_village, sizeof c->last_village, "%s", h->village);
        c->psu++;
        rc = add_unit(c, (kh_sample_unit){s, psu_id(c, certain), -1, 0, 0, 0},
                      err);
    }
    if (rc || !h->hh_id) return rc;
    c->drawn++;
    if (!h->has_survey) return KH_OK;
    if (h->unknown) {
        c->not_judged++;
        return KH_OK;
    }
    c->surveyed++;
    /* Weight: 1 / (pi * responding / N) in the village's group. */
    double w = (double)h->N / (h->pi * (double)h->surveyed);
    double persons = (double)h->persons;
    if (h->group == KH_G_EXITED)
        rc = add_unit(c,
                      (kh_sample_unit){s, psu_id(c, certain), SET_WRONG, w,
                                       h->fails ? persons : 0, persons},
                      err);
    else if (h->group == KH_G_ROSTER)
        rc = add_unit(c,
                      (kh_sample_unit){s, psu_id(c, certain), SET_MISSED, w,
                                       h->fails ? persons : 0, persons},
                      err);
    if (!rc && h->approves >= 0)
        rc = add_unit(c,
                      (kh_sample_unit){s, psu_id(c, certain), SET_APPROVAL, w,
                                       h->approves ? 1 : 0, 1},
                      err);
    return rc;
}

typedef struct measure {
    kh_sample_est e;
    int verdict; /* enum kh_verdict */
    int ok;      /* 1 meets the standard, 0 fails, -1 unclear/unknown */
    double threshold;
    long long needed; /* households that would decide an unclear one */
} measure;

typedef struct row_est {
    int level; /* KH_LV_COUNTY or the region's */
    const char *code, *name;
    measure m[4]; /* wrong, missed, approval, incidence */
    long long households;
    /* Strata of one village collapsed into a neighbour (indexes). */
    size_t ncollapsed;
    int from[16], into[16];
} row_est;

static const char *const measure_key[4] = {"wrong_exit", "missed", "approval",
                                           "incidence"};
static const char *const measure_zh[4] = {"错退率", "漏评率", "群众认可度",
                                          "综合贫困发生率"};

static void judge(measure *m, int at_least, double conf)
{
    m->verdict = kh_sample_decide(&m->e, m->threshold, at_least);
    m->needed = m->verdict == KH_V_UNCLEAR
                    ? kh_sample_needed(&m->e, m->threshold, at_least, conf)
                    : -1;
    if (m->verdict == KH_V_UNKNOWN || m->verdict == KH_V_UNCLEAR)
        m->ok = -1;
    else if (at_least)
        m->ok = m->verdict == KH_V_ABOVE;
    else
        m->ok = m->verdict == KH_V_BELOW;
}

static const char *ok_zh(int ok)
{
    return ok == 1 ? "达标" : ok == 0 ? "不达标" : "无法区分";
}
static const char *ok_en(int ok)
{
    return ok == 1 ? "meets" : ok == 0 ? "fails" : "unclear";
}

static int western_of(const kh_regionset *rs, const char *code)
{
    const kh_region *r = kh_regionset_find(rs, code);
    for (int depth = 0; r && depth < 6; depth++) {
        if (r->western >= 0) return r->western;
        if (!r->parent[0]) break;
        r = kh_regionset_find(rs, r->parent);
    }
    return 0;
}

/* The estimates over strata [s0, s1) (a county, the counties of a city,
 * or all): the same ratio estimator on that subset of the units. */
static void estimate_row(const est_ctx *c, const kh_standard *std, size_t s0,
                         size_t s1, double conf, int method, row_est *r)
{
    long long poor = 0, exited = 0, roster = 0;
    int western = 0;
    for (size_t i = s0; i < s1; i++) {
        poor += c->s[i].st.persons[KH_G_POOR];
        exited += c->s[i].st.persons[KH_G_EXITED];
        roster += c->s[i].st.persons[KH_G_ROSTER];
        western |= c->s[i].western;
    }
    r->m[0].threshold = std_rate(std, "county_exit.wrong_exit_max", 0.02);
    r->m[1].threshold = std_rate(std, "county_exit.missed_max", 0.02);
    r->m[2].threshold = std_rate(std, "county_exit.approval_min", 0.9);
    r->m[3].threshold =
        western ? std_rate(std, "county_exit.incidence_max_western", 0.03)
                : std_rate(std, "county_exit.incidence_max", 0.02);
    /* Units come sorted by stratum: the strata's are one run of them. */
    size_t lo = 0, hi = c->nu;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((size_t)c->u[mid].stratum < s0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < c->nu && (size_t)c->u[end].stratum < s1)
        end++;
    const kh_sample_unit *u = c->u + lo;
    size_t nu = end - lo;
    if (s1 - s0 > 1 && c->tmp) {
        /* Several strata: one with a single village drawn is collapsed
         * with its neighbour so that the row has a variance. */
        memcpy(c->tmp, u, nu * sizeof *u);
        r->ncollapsed = kh_sample_collapse(c->tmp, nu, r->from, r->into, 16);
        u = c->tmp;
    }
    for (int k = 0; k < 3; k++)
        kh_sample_ratio(u, nu, k, -1, conf, &r->m[k].e);
    const int sets[2] = {SET_WRONG, SET_MISSED};
    const double a[2] = {(double)exited, (double)roster};
    kh_sample_combine(u, nu, -1, sets, a, 2, (double)poor,
                      (double)(poor + exited + roster), conf, &r->m[3].e);
    /* With no event the design effect cannot be seen: the design's is
     * assumed, 1 + (mbar - 1) rho with the standards' sample.icc. */
    double icc = std_rate(std, "sample.icc", 0.02);
    for (int k = 0; k < 4; k++) {
        kh_sample_est *e = &r->m[k].e;
        double mbar = e->psus > 0 ? (double)e->units / (double)e->psus : 1;
        if (k == 3) mbar = 1;
        kh_sample_interval(e, method, conf,
                           1 + (mbar > 1 ? mbar - 1 : 0) * icc);
        judge(&r->m[k], k == 2, conf);
    }
    r->households = 0;
    for (size_t i = 0; i < nu; i++)
        if (u[i].set >= 0 && u[i].set != SET_APPROVAL) r->households++;
}

static void fmt_pct(char *out, size_t n, double x)
{
    if (isnan(x))
        snprintf(out, n, "-");
    else
        snprintf(out, n, "%.2f%%", 100 * x);
}


static int print_text(kh_buf *b, const row_est *r)
{
    int bf = 0;
    bf |= kh_buf_printf(b, "%s %s (%s %lld 户 / households)\n", r->code, r->name,
            r->level == KH_LV_COUNTY ? "县 county" : "全区域 region",
            r->households);
    for (int k = 0; k < 4; k++) {
        const measure *m = &r->m[k];
        char est[32], lo[32], hi[32], thr[32];
        fmt_pct(est, sizeof est, m->e.x_hat > 0 ? m->e.r : NAN);
        fmt_pct(lo, sizeof lo, m->e.lo);
        fmt_pct(hi, sizeof hi, m->e.hi);
        fmt_pct(thr, sizeof thr, m->threshold);
        bf |= kh_buf_printf(b, "  %-14s %8s  [%s, %s]  %s %s  %s / %s", measure_zh[k], est,
                lo, hi, k == 2 ? ">=" : "<", thr, ok_zh(m->ok), ok_en(m->ok));
        if (m->needed > 0)
            bf |= kh_buf_printf(b, "  (若比率不变,约需调查 %lld 户可判定)", m->needed);
        bf |= kh_buf_adds(b, "\n");
        if (isnan(m->e.lo)) continue;
        /* What the interval rests on: households, events, the design
         * effect (never below 1: rho truncated at 0), the effective size,
         * the degrees of freedom and the method. */
        bf |= kh_buf_printf(b, "      ");
        if (k < 3)
            bf |= kh_buf_printf(b, "调查 %lld 户,事件 %lld 户;", m->e.units, m->e.events);
        else
            bf |= kh_buf_printf(b, "由错退率、漏评率和未脱贫人口合成;");
        double mbar =
            m->e.psus > 0 ? (double)m->e.units / (double)m->e.psus : 0;
        if (m->e.deff_used >= 1) {
            bf |= kh_buf_printf(b, "设计效应 %.2f", m->e.deff_used);
            if (m->e.deff_prior_used)
                bf |= kh_buf_printf(b, "(样本看不出设计效应:无事件、全为事件或方差为 0,按 sample.icc 假定)");
            else if (m->e.deff_truncated)
                bf |= kh_buf_printf(b, "(估计的村内相关系数为负,截断为 0:按简单随机抽样的方差,自由度 n-1)");
            else if (mbar > 1 && (m->e.deff_used - 1) / (mbar - 1) <= 1)
                bf |= kh_buf_printf(b, "(村内相关系数约 %.3f)",
                        (m->e.deff_used - 1) / (mbar - 1));
            bf |= kh_buf_printf(b, ";");
        }
        bf |= kh_buf_printf(b, "有效样本量 %.1f;自由度 %.0f;%s 区间", m->e.n_eff,
                m->e.df, kh_ci_method_label(m->e.method));
        if (m->e.fallback)
            bf |= kh_buf_printf(b, "(所选方法在此给出零宽度区间,改用 Korn-Graubard)");
        bf |= kh_buf_adds(b, "\n");
    }
    return bf;
}

static int csv_num(kh_buf *b, double x, int prec)
{
    int bf = 0;
    if (isnan(x) || isinf(x))
        bf |= kh_buf_adds(b, ",");
    else
        bf |= kh_buf_printf(b, ",%.*f", prec, x);
    return bf;
}

static int csv_row(kh_buf *b, const row_est *r)
{
    int bf = 0;
    bf |= kh_buf_printf(b, "%s,%s,\"%s\",%lld",
                        r->level == KH_LV_COUNTY ? "county" : "region", r->code,
                        r->name, r->households);
    for (int k = 0; k < 4; k++) {
        const measure *m = &r->m[k];
        int have = m->e.x_hat > 0;
        bf |= csv_num(b, have ? m->e.r : NAN, 6);
        bf |= csv_num(b, m->e.y_hat, 2);
        bf |= csv_num(b, m->e.x_hat, 2);
        bf |= csv_num(b, m->e.se >= 0 ? m->e.se : NAN, 6);
        bf |= csv_num(b, m->e.lo, 6);
        bf |= csv_num(b, m->e.hi, 6);
        bf |= csv_num(b, m->threshold, 4);
        bf |= kh_buf_printf(b, ",%s", kh_verdict_name(m->verdict));
    }
    /* What each interval rests on, after the figures (columns added at
     * the end so that the older columns keep their places). */
    for (int k = 0; k < 4; k++) {
        const measure *m = &r->m[k];
        bf |= kh_buf_printf(b, ",%lld,", m->e.units);
        if (m->e.events >= 0) bf |= kh_buf_printf(b, "%lld", m->e.events);
        bf |= csv_num(b, m->e.deff_used >= 1 ? m->e.deff_used : NAN, 4);
        bf |= kh_buf_printf(b, ",%s",
                            m->e.deff_prior_used  ? "assumed"
                            : m->e.deff_truncated ? "truncated"
                                                  : "");
        bf |= csv_num(b, isnan(m->e.lo) ? NAN : m->e.n_eff, 2);
        bf |= csv_num(b, m->e.df, 0);
        bf |= kh_buf_printf(b, ",%s", kh_ci_method_name(m->e.method));
        if (m->needed > 0)
            bf |= kh_buf_printf(b, ",%lld", m->needed);
        else
            bf |= kh_buf_adds(b, ",");
    }
    bf |= kh_buf_adds(b, "\n");
    return bf;
}

static int json_row(kh_buf *b, const row_est *r, int first)
{
    int bf = 0;
    bf |=
        kh_buf_printf(b,
                      "%s\n  {\"level\": \"%s\", \"code\": \"%s\", "
                      "\"name\": ",
                      first ? "" : ",",
                      r->level == KH_LV_COUNTY ? "county" : "region", r->code);
    bf |= kh_buf_json_str(b, r->name, strlen(r->name));
    bf |= kh_buf_printf(b, ", \"households\": %lld", r->households);
    for (int k = 0; k < 4; k++) {
        const measure *m = &r->m[k];
        bf |= kh_buf_printf(b, ", \"%s\": {", measure_key[k]);
        if (m->e.x_hat > 0)
            bf |= kh_buf_printf(b, "\"rate\": %.6f, ", m->e.r);
        else
            bf |= kh_buf_adds(b, "\"rate\": null, ");
        bf |= kh_buf_printf(b, "\"num\": %.2f, \"den\": %.2f, ", m->e.y_hat,
                            m->e.x_hat);
        if (m->e.se >= 0 && !isnan(m->e.lo))
            bf |= kh_buf_printf(b, "\"se\": %.6f, \"lo\": %.6f, \"hi\": %.6f, ",
                                m->e.se, m->e.lo, m->e.hi);
        else
            bf |= kh_buf_adds(b, "\"se\": null, \"lo\": null, \"hi\": null, ");
        if (m->e.deff > 0)
            bf |= kh_buf_printf(b, "\"deff_seen\": %.4f, ", m->e.deff);
        if (m->e.deff_used >= 1)
            bf |= kh_buf_printf(b,
                                "\"deff\": %.4f, \"deff_note\": \"%s\", "
                                "\"n_eff\": %.2f, ",
                                m->e.deff_used,
                                m->e.deff_prior_used  ? "assumed"
                                : m->e.deff_truncated ? "truncated"
                                                      : "",
                                m->e.n_eff);
        bf |= kh_buf_printf(b, "\"surveyed\": %lld, ", m->e.units);
        if (m->e.events >= 0)
            bf |= kh_buf_printf(b, "\"events\": %lld, ", m->e.events);
        bf |= kh_buf_printf(b, "\"method\": \"%s\", ",
                            kh_ci_method_name(m->e.method));
        if (m->needed > 0)
            bf |= kh_buf_printf(b, "\"needed\": %lld, ", m->needed);
        bf |= kh_buf_printf(b,
                            "\"df\": %.0f, \"threshold\": %.4f, "
                            "\"verdict\": \"%s\"}",
                            m->e.df, m->threshold, kh_verdict_name(m->verdict));
    }
    bf |= kh_buf_adds(b, "}");
    return bf;
}

/* The estimates of a design (kaohe/app_sample.h). */
struct kh_sample_result {
    kh_design d;
    const kh_standard *std;
    int method;
    est_ctx c;
    row_est *rows;   /* a row per stratum, then the region (c.ns + 1) */
    kh_buf resp;     /* the nonresponse warnings, unprefixed lines */
};

/* ---- the assessment's inputs file (docs/assess.md, "The inputs file") */

/* Digits of a region code that name it at its level. */
static size_t prefix_len(int level)
{
    int n = kh_region_prefix_len(level);
    return n ? (size_t)n : 12;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A rate as an exact decimal the inputs parser takes; "" when none. */
static void input_cell(char *out, size_t n, const measure *m)
{
    if (!(m->e.x_hat > 0) || isnan(m->e.r))
        out[0] = '\0';
    else
        snprintf(out, n, "%.6f", m->e.r);
}

/* A design of a region estimates the regions at its level and below, not
 * the whole of the region above it. */
static int level_covered(const kh_design *d, int level, kh_error *err)
{
    int dl = kh_region_code_level(d->region, strlen(d->region));
    if (level < dl)
        return kh_error_set(err, KH_ERR_USAGE, "level_above_design",
                            "抽样方案 %lld 只覆盖 %s,不能估计整个%s级区划",
                            "design %lld covers %s only, not a whole region "
                            "of level %s",
                            d->id, d->region, kh_level_name(level));
    return KH_OK;
}

/*
 * One row per region of level under the design's region (from the region
 * list, and every region the strata fall in): 区划代码, 名称, the rates as
 * the schemes' inputs name them, the date of the step 第三方评估. A region
 * whose strata are not in the design, or without a household of a
 * measure, has the cell empty (the assessment then says it is missing).
 */
int kh_sample_result_inputs(const kh_sample_result *res, int level,
                            const char *out, const char *today,
                            long long *rows_out, long long *empty_out,
                            kh_error *err)
{
    const est_ctx *c = &res->c;
    const kh_standard *std = res->std;
    const kh_design *d = &res->d;
    int method = res->method;
    *rows_out = *empty_out = 0;
    if (level_covered(d, level, err)) return err->status;
    int dl = kh_region_code_level(d->region, strlen(d->region));
    size_t dp = prefix_len(dl), lp = prefix_len(level);
    /* the regions: those of the list, then those of the strata */
    size_t nr = kh_regionset_count(c->regions), n = 0;
    const char **codes = malloc((nr + c->ns + 1) * sizeof *codes);
    char (*own)[13] = malloc((c->ns + 1) * sizeof *own);
    kh_tabwriter *w = NULL;
    int rc = KH_OK;
    if (!codes || !own) {
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nr; i++) {
        const kh_region *r = kh_regionset_at(c->regions, i);
        if (r->level == level && !strncmp(r->code, d->region, dp))
            codes[n++] = r->code;
    }
    for (size_t i = 0; i < c->ns; i++) {
        memcpy(own[i], c->s[i].st.county, lp);
        memset(own[i] + lp, '0', 12 - lp);
        own[i][12] = '\0';
        codes[n++] = own[i];
    }
    qsort(codes, n, sizeof *codes, cmp_code);
    /* the approval's name: central-province-2016 (the province level)
     * calls it satisfaction, the Hebei schemes recognition */
    const char *approval = level == KH_LV_PROVINCE
                               ? "satisfaction 群众满意度(第三方评估)"
                               : "recognition 群众认可度(第三方评估)";
    const char *head[6] = {"区划代码", "名称", "wrong_exit 错退率(第三方评估)",
                           "missed 漏评率(第三方评估)", approval,
                           "日期:第三方评估"};
    size_t ol = strlen(out);
    int xlsx = ol > 5 && !strcmp(out + ol - 5, ".xlsx");
    if ((rc = kh_tabwriter_open(out, xlsx ? KH_TAB_XLSX : KH_TAB_CSV,
                                KH_ENC_UTF8, &w, err)))
        goto out;
    if ((rc = kh_tabwriter_row(w, head, "hhhhhh", 6, err))) goto out;
    long long rows = 0, empty = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (i && !strcmp(codes[i], codes[i - 1])) continue;
        /* the strata in the region: a run of them (code order) */
        size_t s0 = 0;
        while (s0 < c->ns && strncmp(c->s[s0].st.county, codes[i], lp) < 0)
            s0++;
        size_t s1 = s0;
        while (s1 < c->ns && !strncmp(c->s[s1].st.county, codes[i], lp))
            s1++;
        const kh_region *reg = kh_regionset_find(c->regions, codes[i]);
        const char *name = reg && reg->name ? reg->name
                           : s1 == s0 + 1 && level == KH_LV_COUNTY
                               ? c->s[s0].name
                               : "";
        char v[3][32];
        v[0][0] = v[1][0] = v[2][0] = '\0';
        if (s1 > s0) {
            row_est r;
            memset(&r, 0, sizeof r);
            estimate_row(c, std, s0, s1, d->confidence, method, &r);
            for (int k = 0; k < 3; k++)
                input_cell(v[k], sizeof v[k], &r.m[k]);
        }
        if (!v[0][0] || !v[1][0] || !v[2][0]) empty++;
        int any = v[0][0] || v[1][0] || v[2][0];
        const char *cells[6] = {codes[i], name, v[0], v[1], v[2],
                                any ? today : ""};
        rc = kh_tabwriter_row(w, cells, "ssnnns", 6, err);
        rows++;
    }
    if (!rc) {
        kh_tabwriter *x = w;
        w = NULL;
        rc = kh_tabwriter_close(x, err);
    }
    *rows_out = rows;
    *empty_out = empty;
out:
    kh_tabwriter_free(w);
    free(codes);
    free(own);
    return rc;
}

/* ---- nonresponse (also for `import survey`) ---- */

typedef struct resp_ctx {
    kh_buf *b;
    int bf;
    const char *prefix;
    double min;
    long warnings;
    char village[13], vname[96];
    int group;
    long long g_drawn, g_resp, v_drawn, v_resp;
} resp_ctx;

static const char *const resp_group_zh[4] = {"", "已脱贫", "未脱贫", "非建档立卡"};

static void resp_flush_group(resp_ctx *c)
{
    if (c->group <= 0) return;
    if (kh_sample_response(c->g_drawn, c->g_resp, c->min) == KH_RESP_LOW &&
        c->g_resp > 0) {
        c->bf |= kh_buf_printf(c->b,
                "%s应答率低 / low response: 样本村 %s %s %s户 %lld 户中仅 "
                "%lld 户有可用调查(低于 %.0f%%)/ %lld of %lld households "
                "of group %d responded (below %.0f%%)\n",
                c->prefix, c->village, c->vname,
                resp_group_zh[c->group & 3], c->g_drawn, c->g_resp, 100 * c->min,
                c->g_resp, c->g_drawn, c->group, 100 * c->min);
        c->warnings++;
    }
    c->v_drawn += c->g_drawn;
    c->v_resp += c->g_resp;
    c->group = 0;
}

static void resp_flush_village(resp_ctx *c)
{
    resp_flush_group(c);
    if (c->village[0] &&
        kh_sample_response(c->v_drawn, c->v_resp, c->min) == KH_RESP_NONE) {
        c->bf |= kh_buf_printf(c->b,
                "%s无应答村 / village without respondents: 样本村 %s %s 抽中 "
                "%lld 户,无一户有可用调查,该村不进入估计 / none of its %lld "
                "households drawn has a usable survey; the village is left "
                "out of the estimates\n",
                c->prefix, c->village, c->vname, c->v_drawn, c->v_drawn);
        c->warnings++;
    }
    c->v_drawn = c->v_resp = 0;
    c->village[0] = '\0';
}

static int on_resp(void *ctx, const kh_drawn *h, kh_error *err)
{
    (void)err;
    resp_ctx *c = ctx;
    if (strcmp(c->village, h->village) != 0) {
        resp_flush_village(c);
        snprintf(c->village, sizeof c->village, "%s", h->village);
        snprintf(c->vname, sizeof c->vname, "%s",
                 h->village_name ? h->village_name : "");
    }
    if (!h->hh_id) return KH_OK;
    if (h->group != c->group) {
        resp_flush_group(c);
        c->group = h->group;
        c->g_drawn = h->drawn;
        c->g_resp = h->surveyed;
    }
    return KH_OK;
}

int kh_sample_response_warnings(kh_store *store, const kh_standard *std,
                                long long design, const char *prefix,
                                kh_buf *b, long *warnings, kh_error *err)
{
    resp_ctx c;
    memset(&c, 0, sizeof c);
    c.b = b;
    c.prefix = prefix ? prefix : "";
    c.min = std_rate(std, "sample.response_min", 0.8);
    int rc = kh_design_drawn(store, design, 0, on_resp, &c, err);
    if (rc) return rc;
    resp_flush_village(&c);
    if (c.bf) return kh_error_nomem(err);
    if (warnings) *warnings = c.warnings;
    return KH_OK;
}
/* ------------------------------------------------------------------ */
/* the estimates of a design */

void kh_sample_result_free(kh_sample_result *r)
{
    if (!r) return;
    free(r->rows);
    free(r->c.s);
    free(r->c.u);
    free(r->c.tmp);
    kh_regionset_free(r->c.regions);
    free(r->d.report);
    kh_buf_free(&r->resp);
    free(r);
}

const kh_design *kh_sample_result_design(const kh_sample_result *r)
{
    return &r->d;
}

/* The estimates of design id (0: the latest), who may (NULL: the caller
 * decided). */
static int estimate_design(kh_store *s, const kh_standard *std,
                           const kh_actor *who, long long id, int method,
                           int level, kh_sample_result **out, kh_error *err)
{
    *out = NULL;
    kh_sample_result *r = calloc(1, sizeof *r);
    if (!r) return kh_error_nomem(err);
    r->std = std;
    r->method = method;
    est_ctx *c = &r->c;
    int rc = kh_design_get(s, id, &r->d, err);
    if (!rc && who) {
        char object[32];
        snprintf(object, sizeof object, "design/%lld", r->d.id);
        rc = kh_sample_may(s, std, who, kh_sample_read_roles,
                           "sample.estimate", object, r->d.region, err);
    }
    if (!rc) rc = kh_design_strata(s, r->d.id, on_stratum, c, err);
    if (!rc) rc = kh_regionset_new(&c->regions, err);
    if (!rc) rc = kh_store_regions_load(s, c->regions, err);
    if (!rc) rc = kh_design_drawn(s, r->d.id, 0, on_drawn, c, err);
    if (!rc && level) rc = level_covered(&r->d, level, err);
    if (!rc && c->surveyed == 0)
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "survey_missing",
                          "抽样方案 %lld 还没有可用的调查结果,请先运行 kaohe "
                          "import survey FILE",
                          "design %lld has no usable survey yet: run `kaohe "
                          "import survey FILE` first",
                          r->d.id);
    if (!rc) {
        for (size_t i = 0; i < c->ns; i++)
            c->s[i].western = western_of(c->regions, c->s[i].st.county);
        c->tmp = malloc((c->nu ? c->nu : 1) * sizeof *c->tmp);
        r->rows = calloc(c->ns + 1, sizeof *r->rows);
        if (!c->tmp || !r->rows) rc = kh_error_nomem(err);
    }
    if (!rc)
        rc = kh_sample_response_warnings(s, std, r->d.id, "", &r->resp, NULL,
                                         err);
    if (rc) {
        kh_sample_result_free(r);
        return rc;
    }
    const kh_region *reg = kh_regionset_find(c->regions, r->d.region);
    for (size_t i = 0; i <= c->ns; i++) {
        row_est *w = &r->rows[i];
        int st = i < c->ns ? (int)i : -1;
        w->level = st >= 0 ? KH_LV_COUNTY
                           : kh_region_code_level(r->d.region,
                                                  strlen(r->d.region));
        w->code = st >= 0 ? c->s[i].st.county : r->d.region;
        w->name = st >= 0 ? c->s[i].name : reg && reg->name ? reg->name : "";
        estimate_row(c, std, st >= 0 ? i : 0, st >= 0 ? i + 1 : c->ns,
                     r->d.confidence, method, w);
    }
    *out = r;
    return KH_OK;
}

int kh_app_sample_estimate(kh_store *s, const kh_standard *std,
                           const kh_actor *who, long long id, int method,
                           int level, kh_sample_result **out, kh_error *err)
{
    return estimate_design(s, std, who, id, method, level, out, err);
}

/* ---- the county exit verdict's estimates (sample_int.h) ---- */

struct kh_sample_review {
    kh_sample_result *r[8]; /* the year's surveyed designs, newest first */
    size_t n;
};

int kh_sample_review_open(kh_store *s, const kh_standard *std, int year,
                          kh_sample_review **out, kh_error *err)
{
    *out = NULL;
    long long ids[8];
    size_t n = 0;
    int rc = kh_design_surveyed(s, year, ids, 8, &n, err);
    if (rc || !n) return rc;
    kh_sample_review *v = calloc(1, sizeof *v);
    if (!v) return kh_error_nomem(err);
    for (size_t i = 0; i < n && !rc; i++) {
        rc = estimate_design(s, std, NULL, ids[i], KH_CI_KORN_GRAUBARD, 0,
                             &v->r[v->n], err);
        if (!rc) v->n++;
    }
    if (rc) {
        kh_sample_review_free(v);
        return rc;
    }
    *out = v;
    return KH_OK;
}

int kh_sample_review_county(void *ctx, const char *county, kh_area_survey *out)
{
    const kh_sample_review *v = ctx;
    for (size_t d = 0; v && d < v->n; d++) {
        const kh_sample_result *r = v->r[d];
        for (size_t i = 0; i < r->c.ns; i++) {
            const row_est *w = &r->rows[i];
            if (strcmp(w->code, county) != 0) continue;
            for (int k = 0; k < 3; k++) {
                const kh_sample_est *e = &w->m[k].e;
                out->num[k] = e->y_hat;
                out->den[k] = e->x_hat;
                out->lo[k] = e->lo;
                out->hi[k] = e->hi;
            }
            out->design = r->d.id;
            return 1;
        }
    }
    return 0;
}

void kh_sample_review_free(kh_sample_review *v)
{
    if (!v) return;
    for (size_t i = 0; i < v->n; i++)
        kh_sample_result_free(v->r[i]);
    free(v);
}

/* Each line of text with prefix. */
static int prefixed(kh_buf *b, const char *prefix, const char *text)
{
    int bf = 0;
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p + 1) : strlen(p);
        bf |= kh_buf_adds(b, prefix);
        bf |= kh_buf_add(b, p, n);
        p += n;
    }
    return bf;
}

/* The strata collapsed, as warning lines. */
static int collapsed_lines(const kh_sample_result *r, const char *prefix,
                           kh_buf *b)
{
    int bf = 0;
    const est_ctx *c = &r->c;
    for (size_t i = 0; i <= c->ns; i++)
        for (size_t j = 0; j < r->rows[i].ncollapsed && j < 16; j++) {
            const stratum_info *a = &c->s[r->rows[i].from[j]];
            const stratum_info *t = &c->s[r->rows[i].into[j]];
            bf |= kh_buf_printf(
                b,
                "%s单村层合并 / collapsed stratum: %s %s 只抽中 1 个村,"
                "%s %s 的方差按与 %s %s 合并的层计算 / %s has a single "
                "village drawn; for %s's variance it is pooled with %s\n",
                prefix, a->st.county, a->name, r->rows[i].code,
                r->rows[i].name, t->st.county, t->name, a->st.county,
                r->rows[i].code, t->st.county);
        }
    return bf;
}

int kh_sample_result_warnings(const kh_sample_result *r, int which,
                              const char *prefix, kh_buf *b, kh_error *err)
{
    int bf = 0;
    if (which & KH_SW_RESPONSE)
        bf |= prefixed(b, prefix ? prefix : "", r->resp.data);
    if (which & KH_SW_COLLAPSED)
        bf |= collapsed_lines(r, prefix ? prefix : "", b);
    return bf ? kh_error_nomem(err) : KH_OK;
}

int kh_sample_result_text(const kh_sample_result *r, kh_buf *b, kh_error *err)
{
    const est_ctx *c = &r->c;
    const kh_design *d = &r->d;
    int bf = kh_buf_printf(
        b,
        "抽样方案 / design %lld (%d, %s): 抽中 %lld 户,有效调查 %lld "
        "户,无法判定 %lld 户 / %lld drawn, %lld surveyed, %lld not "
        "judged\n置信度 / confidence %.4g;方差按最终抽样单元(村)估计;"
        "达标须区间上限不超过阈值(认可度:下限不低于阈值),不达标须下限"
        "超过阈值,否则无法区分\n\n",
        d->id, d->year, d->region, c->drawn, c->surveyed, c->not_judged,
        c->drawn, c->surveyed, c->not_judged, d->confidence);
    for (size_t i = 0; i <= c->ns; i++)
        bf |= print_text(b, &r->rows[i]);
    bf |= collapsed_lines(r, "", b);
    bf |= prefixed(b, "", r->resp.data);
    return bf ? kh_error_nomem(err) : KH_OK;
}

int kh_sample_result_csv(const kh_sample_result *r, kh_buf *b, kh_error *err)
{
    int bf = kh_buf_adds(b, "level,code,name,households");
    for (int k = 0; k < 4; k++)
        bf |= kh_buf_printf(b,
                            ",%s_rate,%s_num,%s_den,%s_se,%s_lo,%s_hi,"
                            "%s_threshold,%s_verdict",
                            measure_key[k], measure_key[k], measure_key[k],
                            measure_key[k], measure_key[k], measure_key[k],
                            measure_key[k], measure_key[k]);
    for (int k = 0; k < 4; k++)
        for (int j = 0; j < 8; j++) {
            static const char *const tail[8] = {
                "surveyed", "events", "deff",   "deff_note",
                "n_eff",    "df",     "method", "needed"};
            bf |= kh_buf_printf(b, ",%s_%s", measure_key[k], tail[j]);
        }
    bf |= kh_buf_adds(b, "\n");
    /* The region last (after its counties). */
    for (size_t i = 0; i <= r->c.ns; i++)
        bf |= csv_row(b, &r->rows[i]);
    return bf ? kh_error_nomem(err) : KH_OK;
}

int kh_sample_result_json(const kh_sample_result *r, kh_buf *b, kh_error *err)
{
    const est_ctx *c = &r->c;
    const kh_design *d = &r->d;
    int bf = kh_buf_printf(b,
                           "{\"design\": %lld, \"year\": %d, \"region\": "
                           "\"%s\", \"confidence\": %.4f, \"drawn\": %lld, "
                           "\"surveyed\": %lld, \"not_judged\": %lld, "
                           "\"rows\": [",
                           d->id, d->year, d->region, d->confidence, c->drawn,
                           c->surveyed, c->not_judged);
    for (size_t i = 0; i <= c->ns; i++)
        bf |= json_row(b, &r->rows[i], i == 0);
    bf |= kh_buf_adds(b, "\n]}\n");
    return bf ? kh_error_nomem(err) : KH_OK;
}

/* ------------------------------------------------------------------ */
/* the field list as one file */

static const char *const list_group_zh[4] = {"", "已脱贫户", "未脱贫户",
                                             "非建档立卡户"};
static const char *const list_extra[] = {
    "类别", "户主姓名", "户主证件号码", "家庭人口", "行政区划代码", "村名称"};
#define LIST_EXTRA 6

typedef struct list_ctx {
    kh_tabwriter *w;
    char design[24], village[13];
    long long villages, households;
} list_ctx;

static int on_list_row(void *ctx, const kh_drawn *h, kh_error *err)
{
    list_ctx *c = ctx;
    if (strcmp(c->village, h->village) != 0) {
        snprintf(c->village, sizeof c->village, "%s", h->village);
        c->villages++;
    }
    if (!h->hh_id) return KH_OK; /* a village with no household drawn */
    char persons[24], id[64];
    snprintf(persons, sizeof persons, "%lld", h->persons);
    /* masked or not by kh_app_sample_drawn, the one place that decides */
    snprintf(id, sizeof id, "%s", h->head_id ? h->head_id : "");
    const char *cells[KH_SV_COUNT + LIST_EXTRA];
    size_t n = 0;
    cells[n++] = h->hh_id;
    cells[n++] = list_group_zh[h->group >= 0 && h->group < 4 ? h->group : 0];
    cells[n++] = h->head_name ? h->head_name : "";
    cells[n++] = id;
    cells[n++] = persons;
    cells[n++] = h->village;
    cells[n++] = h->village_name ? h->village_name : "";
    for (int i = 1; i < KH_SV_COUNT; i++)
        cells[n++] = i == KH_SV_DESIGN ? c->design : NULL;
    c->households++;
    return kh_tabwriter_row(c->w, cells, NULL, n, err);
}

/* The households of a design as a field list gives them: the head's ID
 * number masked by the one policy unless unmask (the caller decided it
 * may, below). */
typedef struct drawn_ctx {
    int unmask;
    kh_drawn_fn fn;
    void *ctx;
    long long households;
} drawn_ctx;

static int on_drawn_masked(void *ctx, const kh_drawn *h, kh_error *err)
{
    drawn_ctx *c = ctx;
    if (!h->hh_id || c->unmask) {
        if (h->hh_id) c->households++;
        return c->fn(c->ctx, h, err);
    }
    char id[64];
    kh_mask_id(h->head_id ? h->head_id : "", id, sizeof id);
    kh_drawn m = *h;
    m.head_id = id;
    c->households++;
    return c->fn(c->ctx, &m, err);
}

int kh_app_sample_drawn(kh_store *s, const kh_standard *std,
                        const kh_actor *who, long long id, int unmask,
                        kh_drawn_fn fn, void *ctx, kh_design *dout,
                        long long *households, kh_error *err)
{
    kh_design d;
    memset(&d, 0, sizeof d);
    int rc = kh_design_get(s, id, &d, err);
    if (rc) return rc;
    char object[48];
    snprintf(object, sizeof object, "sample:%lld", d.id);
    const char *action = unmask ? "sample.lists.unmask" : "sample.lists";
    rc = kh_sample_may(s, std, who, kh_sample_read_roles, action, object,
                       d.region, err);
    int masked = 1;
    if (!rc && kh_app_unmask(who, unmask, &masked, err))
        rc = kh_app_refuse(s, who, action, object, err);
    drawn_ctx c = {!masked, fn, ctx, 0};
    if (!rc) rc = kh_design_drawn(s, d.id, 1, on_drawn_masked, &c, err);
    /* audited once written: who had which households */
    if (!rc && !(rc = kh_store_begin(s, err))) {
        rc = kh_app_audit(s, who, action, object, "ok", c.households, NULL,
                          NULL, NULL, err);
        if (!rc) rc = kh_store_commit(s, err);
        else kh_store_rollback(s);
    }
    if (!rc && households) *households = c.households;
    if (!rc && dout) {
        *dout = d;
        d.report = NULL;
    }
    free(d.report);
    return rc;
}

int kh_app_sample_lists(kh_store *s, const kh_standard *std,
                        const kh_actor *who, long long id, int unmask,
                        int format, const char *path, kh_design *dout,
                        long long *villages, long long *households,
                        kh_error *err)
{
    if (format != KH_TAB_XLSX && format != KH_TAB_CSV)
        return kh_error_msg(err, KH_ERR_USAGE, "usage",
                            "调查表只能是 XLSX 或 CSV",
                            "the field list is XLSX or CSV");
    kh_design d;
    memset(&d, 0, sizeof d);
    int rc = kh_design_get(s, id, &d, err);
    if (rc) return rc;
    list_ctx c;
    memset(&c, 0, sizeof c);
    snprintf(c.design, sizeof c.design, "%lld", d.id);
    free(d.report);
    rc = kh_tabwriter_open(path, format, KH_ENC_UTF8_BOM, &c.w, err);
    if (!rc) rc = kh_tabwriter_sheet(c.w, "入户调查表", err);
    if (!rc) {
        const char *cells[KH_SV_COUNT + LIST_EXTRA];
        char types[KH_SV_COUNT + LIST_EXTRA + 1];
        size_t n = 0;
        cells[n++] = kh_survey_cols[KH_SV_HH_ID].zh;
        for (int i = 0; i < LIST_EXTRA; i++) cells[n++] = list_extra[i];
        for (int i = 1; i < KH_SV_COUNT; i++) cells[n++] = kh_survey_cols[i].zh;
        memset(types, 'h', n);
        types[n] = '\0';
        rc = kh_tabwriter_row(c.w, cells, types, n, err);
        kh_tabwriter_freeze(c.w, 1, 1);
        kh_tabwriter_width(c.w, 0, 22);
        kh_tabwriter_width(c.w, 3, 22);
    }
    /* the rows, masked as the actor may have them; decided and audited in
     * kh_app_sample_drawn */
    if (!rc)
        rc = kh_app_sample_drawn(s, std, who, d.id, unmask, on_list_row, &c,
                                 dout, households, err);
    if (!rc) {
        kh_tabwriter *w = c.w;
        c.w = NULL;
        rc = kh_tabwriter_close(w, err);
    }
    kh_tabwriter_free(c.w);
    if (!rc && villages) *villages = c.villages;
    return rc;
}
