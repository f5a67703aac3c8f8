/* SPDX-License-Identifier: MIT */
/*
 * assess.c - the scoring of an assessment (docs/assess.md): values from
 * indicators, inputs and the regions below; points by each item's rule,
 * rounded half away from zero to hundredths of a point per leaf; groups
 * as the sums of their leaves (adjustment groups within their bounds);
 * totals; vetoes; grades; ranks. Pure: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/assess.h"
#include "kaohe/label.h"
#include "kaohe/fmt.h"
#include "kaohe/buf.h"
#include "kaohe/registry.h"

long long kh_assess_round(__int128 num, __int128 den)
{
    if (den < 0) num = -num, den = -den;
    int neg = num < 0;
    if (neg) num = -num;
    __int128 r = (2 * num + den) / (2 * den);
    return (long long)(neg ? -r : r);
}

void kh_assessment_free(kh_assessment *a)
{
    if (!a) return;
    for (size_t r = 0; r < a->nregions; r++) {
        kh_assess_region *g = &a->regions[r];
        free(g->name);
        for (size_t v = 0; v < g->nvetoes; v++) {
            free(g->vetoes[v].code);
            free(g->vetoes[v].consequence);
            free(g->vetoes[v].why);
        }
        free(g->vetoes);
        if (g->items && g->scheme)
            for (size_t i = 0; i < g->scheme->nitems; i++)
                free(g->items[i].detail);
        free(g->items);
    }
    free(a->regions);
    for (size_t k = 0; k < a->nskipped; k++) {
        free(a->skipped[k].name);
        free(a->skipped[k].scheme);
        free(a->skipped[k].reason);
    }
    free(a->skipped);
    kh_scheme_set_free(a->own_set);
    free(a);
}

void kh_assessment_mark_reallocated(kh_assessment *a)
{
    for (size_t r = 0; r < a->nregions; r++) {
        kh_assess_region *g = &a->regions[r];
        const kh_scheme *s = g->scheme;
        if (!s || !g->items) continue;
        for (size_t i = s->nitems; i-- > 0;) {
            const kh_scheme_item *it = &s->items[i];
            if (!it->nchildren) {
                g->items[i].reallocated = it->empty == KH_EMPTY_REALLOCATE &&
                                          it->src != KH_SRC_INPUT &&
                                          !g->items[i].has_value;
                continue;
            }
            int all = !it->adjust;
            for (size_t k = i + 1; k < s->nitems; k++)
                if (s->items[k].parent == (int)i && !g->items[k].reallocated)
                    all = 0;
            g->items[i].reallocated = all;
        }
    }
}

int kh_assessment_find(const kh_assessment *a, const char *code)
{
    for (size_t r = 0; r < a->nregions; r++)
        if (!strcmp(a->regions[r].code, code)) return (int)r;
    return -1;
}



static int region_err(kh_error *err, const kh_assess_region *g,
                      const char *path, const char *code, const char *zh,
                      const char *en)
{
    return kh_error_set(err, KH_ERR_INVALID, code,
                        "%s %s,项目“%s”:%s%.0s",
                        "%s %s, item '%s': %.0s%s", g->code,
                        g->name, path, zh, en);
}

typedef struct run {
    kh_scheme_set *set;
    const kh_regionset *rs;
    const kh_assess_src *src;
    kh_assessment *a;
    kh_error *err;
} run;

/* Points of a leaf with a value (every rule but rank). */
static long long leaf_points(const kh_scheme_item *it, kh_q v)
{
    switch (it->rule) {
    case KH_RULE_BANDS:
        for (size_t b = 0; b < it->nbands; b++) {
            const kh_band *x = &it->bands[b];
            int c = x->is_else ? 0 : kh_q_cmp(v, x->thr);
            if (x->is_else || (it->band_ge ? c >= 0 : c <= 0)) return x->points;
        }
        return it->min;
    case KH_RULE_LINEAR: {
        kh_q a = it->lin_a, b = it->lin_b;
        __int128 num = ((__int128)v.num * a.den - (__int128)a.num * v.den) * b.den;
        __int128 den = (__int128)v.den *
                       ((__int128)b.num * a.den - (__int128)a.num * b.den);
        if (den < 0) num = -num, den = -den;
        if (num <= 0) return 0;
        if (num >= den) return it->max;
        return kh_assess_round(num * it->max, den);
    }
    case KH_RULE_DEDUCT: {
        /* points per case are centi: value * per is centi already */
        __int128 d = (__int128)v.num * it->ded_per;
        long long ded = kh_assess_round(d, v.den);
        if (ded < 0) ded = 0;
        if (ded > it->ded_cap) ded = it->ded_cap;
        return it->max - ded;
    }
    case KH_RULE_POINTS:
        return kh_assess_round((__int128)v.num * 100, v.den);
    default: return 0;
    }
}

/* The points of leaf x of item it before rounding, as num/den centi-points
 * (a linear rule's exact share; every other rule's points are exact). */
static void leaf_exact(const kh_scheme_item *it, const kh_assess_item *x,
                       __int128 *num, __int128 *den)
{
    *num = x->points;
    *den = 1;
    if (it->rule != KH_RULE_LINEAR || !x->has_value) return;
    kh_q a = it->lin_a, b = it->lin_b, v = x->value;
    __int128 n = ((__int128)v.num * a.den - (__int128)a.num * v.den) * b.den;
    __int128 d = (__int128)v.den *
                 ((__int128)b.num * a.den - (__int128)a.num * b.den);
    if (d < 0) n = -n, d = -d;
    if (n <= 0 || n >= d) return;
    *num = n * it->max;
    *den = d;
}

/* The points of the items `parent` (-1: the top) of region g gets from its
 * children with a value, their points scaled up to `full` when some had no
 * value and `empty = reallocate` (the weight of the empty ones goes to the
 * others in proportion to theirs); one rounding, of the sum. Sets *none
 * when no child has a value. Adjustment items are not counted. */
static long long realloc_sum(const kh_scheme *s, const kh_assess_region *g,
                             int parent, long long full, int *none)
{
    long long sum = 0, have = 0;
    int moved = 0;
    for (size_t k = 0; k < s->nitems; k++) {
        const kh_scheme_item *c = &s->items[k];
        if (c->parent != parent || c->adjust) continue;
        if (g->items[k].reallocated) moved = 1;
        else have += c->max, sum += g->items[k].points;
    }
    *none = moved && have == 0;
    if (!moved || !have) return moved ? 0 : sum;
    const __int128 U = 1000000; /* sum in millionths of a centi-point */
    __int128 acc = 0;
    for (size_t k = 0; k < s->nitems; k++) {
        const kh_scheme_item *c = &s->items[k];
        if (c->parent != parent || c->adjust || g->items[k].reallocated)
            continue;
        __int128 n, d;
        if (c->nchildren) n = g->items[k].points, d = 1;
        else leaf_exact(c, &g->items[k], &n, &d);
        acc += kh_assess_round(n * full * U, d * have);
    }
    return kh_assess_round(acc, U);
}

static int input_value(run *ru, kh_assess_region *g, const kh_scheme *s,
                       const char *name, const char *path, kh_q *v)
{
    const kh_scheme_input *in = kh_scheme_input_find(s, name);
    int missing = ru->src->input(ru->src->ctx, g->code, name, v);
    if (missing && in && in->has_default) {
        *v = in->dflt; /* a missing cell of an input with a default */
        return KH_OK;
    }
    /* The Chinese message names the input and its use in words (the
     * input's label; the item's path, or the veto's name), the English
     * one by their codes. */
    char label[200];
    kh_label_input(s, name, label, sizeof label);
    const char *use = path;
    for (size_t k = 0; k < s->nvetoes; k++)
        if (!strcmp(s->vetoes[k].code, path)) use = kh_label_veto(s, path);
    char for_zh[300] = ""; /* （用于“…”）, unless the label says it */
    if (strcmp(use, label))
        snprintf(for_zh, sizeof for_zh, "（用于“%s”）", use);
    if (missing) {
        kh_error_set(ru->err, KH_ERR_INVALID, "input_missing",
                     "%s %s 缺少录入项“%s”%s%.0s%.0s",
                     "%s %s: %.0s%.0sinput '%s' (for '%s') is missing",
                     g->code, g->name, label, for_zh, name, path);
        if (ru->src->locate) ru->src->locate(ru->src->ctx, g->code, name, ru->err);
        return KH_ERR_INVALID;
    }
    int whole = v->den == 1 || (v->den && v->num % v->den == 0);
    if (in && ((in->type == KH_IN_COUNT && !whole) ||
               (in->type == KH_IN_YESNO && !(v->num == 0 ||
                                             (whole && v->num == v->den))))) {
        char x[48];
        kh_q_text(*v, x, sizeof x);
        int yn = in->type == KH_IN_YESNO;
        kh_error_set(ru->err, KH_ERR_INVALID, "input_type",
                     "%s %s 的录入项“%s”%s%.0s%.0s为 %s，应为%s%.0s",
                     "%s %s: %.0s%.0sinput '%s' (for '%s') is %s, not %.0s%s",
                     g->code, g->name, label, for_zh, name, path, x,
                     yn ? "是/否（1 或 0）" : "整数（件数）",
                     yn ? "yes/no (1 or 0)" : "a whole number (a count)");
        if (ru->src->locate) ru->src->locate(ru->src->ctx, g->code, name, ru->err);
        return KH_ERR_INVALID;
    }
    if (in && (kh_q_cmp(*v, in->lo) < 0 || kh_q_cmp(*v, in->hi) > 0)) {
        char x[48], lo[48], hi[48], zx[48], zlo[48], zhi[48];
        kh_q_text(*v, x, sizeof x);
        kh_q_text(in->lo, lo, sizeof lo);
        kh_q_text(in->hi, hi, sizeof hi);
        /* a rate in Chinese as the template heads it: percentages */
        int pct = in->type == KH_IN_RATE;
        if (pct) {
            kh_fmt_pct_short(v->num, v->den, zx, sizeof zx);
            kh_fmt_pct_short(in->lo.num, in->lo.den, zlo, sizeof zlo);
            kh_fmt_pct_short(in->hi.num, in->hi.den, zhi, sizeof zhi);
        }
        kh_error_set(ru->err, KH_ERR_INVALID, "input_range",
                     "%s %s 的录入项“%s”%s%.0s%.0s为 %s，超出范围 %s～%s%s"
                     "%.0s%.0s%.0s",
                     "%s %s: %.0s%.0sinput '%s' (for '%s') is %.0s%.0s%.0s%.0s"
                     "%s, outside %s to %s",
                     g->code, g->name, label, for_zh, name, path,
                     pct ? zx : x, pct ? zlo : lo, pct ? zhi : hi,
                     pct ? "（比率写作 2% 或 0.02）" : "", x, lo, hi);
        if (ru->src->locate) ru->src->locate(ru->src->ctx, g->code, name, ru->err);
        return KH_ERR_INVALID;
    }
    return KH_OK;
}

static int sub_scheme_index(const kh_assessment *a, const kh_scheme *sub,
                            size_t *first, size_t *n)
{
    *first = 0;
    *n = 0;
    for (size_t r = 0; r < a->nregions; r++)
        if (a->regions[r].scheme == sub) {
            if (!*n) *first = r;
            (*n)++;
        }
    return *n ? 0 : -1;
}

static int rollup_value(run *ru, kh_assess_region *g, const kh_scheme *s,
                        const kh_scheme_item *it, kh_assess_item *out,
                        int *empty)
{
    const kh_scheme *sub = kh_scheme_set_get(ru->set, it->ref);
    size_t first, n;
    *empty = 0;
    sub_scheme_index(ru->a, sub, &first, &n);
    size_t plen = (size_t)kh_region_prefix_len(s->level);
    __int128 sum = 0, wsum = 0;
    long long count = 0, hits = 0;
    kh_buf d = KH_BUF_INIT;
    int rc = 0;
    for (size_t r = first; r < first + n; r++) {
        kh_assess_region *c = &ru->a->regions[r];
        if (strncmp(c->code, g->code, plen)) continue;
        if (it->filter) {
            const kh_region *reg = kh_regionset_find(ru->rs, c->code);
            int poor = reg ? reg->poor_county : -1;
            if (poor < 0) {
                kh_buf_free(&d);
                return kh_error_set(ru->err, KH_ERR_INVALID, "poor_county_unknown",
                                    "%s %s 在区划表中未标明是否贫困县(项目“%s”按此区分)",
                                    "%s %s: the region list does not say whether "
                                    "it is a 贫困县 (item '%s' needs it)",
                                    c->code, c->name, it->path);
            }
            if ((it->filter == KH_FILTER_POOR) != (poor == 1)) continue;
        }
        long long w = 1;
        if (it->agg == KH_AGG_WEIGHTED) {
            long long num, den;
            if (ru->src->indicator(ru->src->ctx, c->code, it->weight, &num, &den)) {
                kh_buf_free(&d);
                return kh_error_set(ru->err, KH_ERR_INVALID, "indicator_unknown",
                                    "没有指标“%s”", "no indicator '%s'",
                                    it->weight);
            }
            w = num;
        }
        char t[32];
        kh_points_format(c->total, t, sizeof t);
        if (!rc) rc = kh_buf_printf(&d, "%s%s %s %s", count ? "; " : "", c->code,
                                    c->name, t);
        if (!rc && it->agg == KH_AGG_WEIGHTED)
            rc = kh_buf_printf(&d, " ×%lld", w);
        if (!rc && it->agg == KH_AGG_COUNT)
            rc = kh_buf_printf(&d, " %s", c->grade);
        count++;
        sum += (__int128)w * c->total;
        wsum += w;
        if (it->agg == KH_AGG_COUNT) {
            size_t gl = strlen(c->grade);
            const char *p = it->grades;
            while (p && *p) {
                const char *e = strchr(p, ',');
                size_t l = e ? (size_t)(e - p) : strlen(p);
                if (l == gl && !memcmp(p, c->grade, l)) {
                    hits++;
                    break;
                }
                p = e ? e + 1 : NULL;
            }
        }
    }
    if (rc) {
        kh_buf_free(&d);
        return kh_error_nomem(ru->err);
    }
    out->detail = kh_buf_take(&d);
    if (!count || (it->agg == KH_AGG_WEIGHTED && wsum == 0)) {
        *empty = 1;
        return KH_OK;
    }
    out->has_value = 1;
    if (it->agg == KH_AGG_COUNT) {
        out->value.num = hits;
        out->value.den = count;
        return KH_OK;
    }
    /* percent of the sub-scheme's total: sum(w t) * 100 / (sum(w) * T),
     * with t and T both in centi-points */
    __int128 num = sum * 100, den = wsum * sub->total;
    /* keep it in long long: reduce, else round to 1e-9 */
    __int128 a = num < 0 ? -num : num, b = den;
    while (b) {
        __int128 t = a % b;
        a = b;
        b = t;
    }
    if (a > 1) num /= a, den /= a;
    if (den > (__int128)1000000000000000LL) {
        num = kh_assess_round(num * 1000000000, den);
        den = 1000000000;
    }
    out->value.num = (long long)num;
    out->value.den = (long long)den;
    return KH_OK;
}

/* The value of leaf it for region g; sets has_value. */
static int leaf_value(run *ru, kh_assess_region *g, const kh_scheme *s,
                      const kh_scheme_item *it, kh_assess_item *out,
                      int *empty)
{
    *empty = 0;
    if (it->src == KH_SRC_INPUT) {
        int rc = input_value(ru, g, s, it->ref, it->path, &out->value);
        if (!rc) out->has_value = 1;
        return rc;
    }
    if (it->src == KH_SRC_INDICATOR) {
        long long num, den;
        if (ru->src->indicator(ru->src->ctx, g->code, it->ref, &num, &den))
            return region_err(ru->err, g, it->path, "indicator_unknown",
                              "指标不存在", "no such indicator");
        char why[256] = "";
        if (den == 0 && ru->src->why)
            ru->src->why(ru->src->ctx, g->code, it->ref, why, sizeof why);
        if (den == 0 && it->empty != KH_EMPTY_ERROR) {
            *empty = 1; /* no value: the item's `empty` rule */
            free(out->detail);
            out->detail = why[0] ? strdup(why) : NULL;
            if (why[0] && !out->detail) return kh_error_nomem(ru->err);
            return KH_OK;
        }
        if (den == 0) {
            kh_error_set(ru->err, KH_ERR_INVALID, "indicator_novalue",
                         "%s %s 的指标“%s”无值(%s),项目“%s”无法计分",
                         "%s %s: indicator '%s'%.0s has no value (denominator "
                         "0); item '%s' cannot be scored", g->code, g->name,
                         it->ref, why[0] ? why : "分母为 0", it->path);
            return KH_ERR_INVALID;
        }
        out->has_value = 1;
        out->value.num = num;
        out->value.den = den;
        if (den < 0) out->value.num = -num, out->value.den = -den;
        return KH_OK;
    }
    return rollup_value(ru, g, s, it, out, empty);
}

static int cmp_q_desc(kh_q a, kh_q b) { return kh_q_cmp(b, a); }

static int veto_check(run *ru, kh_assess_region *g, const kh_scheme *s)
{
    for (size_t v = 0; v < s->nvetoes; v++) {
        const kh_scheme_veto *vt = &s->vetoes[v];
        for (size_t k = 0; k < vt->nconds; k++) {
            const kh_veto_cond *c = &vt->conds[k];
            kh_q x;
            if (c->src == KH_SRC_INPUT) {
                int rc = input_value(ru, g, s, c->ref, vt->code, &x);
                if (rc) return rc;
            } else {
                long long num, den;
                if (ru->src->indicator(ru->src->ctx, g->code, c->ref, &num, &den))
                    return region_err(ru->err, g, vt->code, "indicator_unknown",
                                      "指标不存在", "no such indicator");
                if (den == 0) continue; /* no value: nothing to find */
                x.num = den < 0 ? -num : num;
                x.den = den < 0 ? -den : den;
            }
            int cm = kh_q_cmp(x, c->thr), hit;
            switch (c->op) {
            case '<': hit = cm < 0; break;
            case 'l': hit = cm <= 0; break;
            case '>': hit = cm > 0; break;
            case 'g': hit = cm >= 0; break;
            case '=': hit = cm == 0; break;
            default: hit = x.num != 0; break;
            }
            if (!hit) continue;
            kh_assess_veto *nv = realloc(g->vetoes, (g->nvetoes + 1) * sizeof *nv);
            if (!nv) return kh_error_nomem(ru->err);
            g->vetoes = nv;
            kh_assess_veto *out = &g->vetoes[g->nvetoes++];
            memset(out, 0, sizeof *out);
            /* why, in words true as printed (kaohe/label.h); the codes
             * stay in the run's JSON */
            char why[400];
            kh_label_veto_why(s, c, x, why, sizeof why);
            /* 第八条: a case marked 情节严重 adds its consequences */
            kh_q sv = {0, 1};
            if (vt->serious) {
                int sr = input_value(ru, g, s, vt->serious, vt->code, &sv);
                if (sr) return sr;
            }
            out->serious = sv.num != 0;
            kh_buf b = KH_BUF_INIT;
            int rc = kh_buf_adds(&b, why);
            if (!rc && out->serious) {
                char sl[200];
                kh_label_input(s, vt->serious, sl, sizeof sl);
                rc = kh_buf_printf(&b, ";情节严重(%s)", sl);
            }
            kh_buf cb = KH_BUF_INIT;
            int rc2 = kh_buf_adds(&cb, vt->consequence);
            if (!rc2 && out->serious && vt->serious_consequence)
                rc2 = kh_buf_printf(&cb, "; 情节严重:%s", vt->serious_consequence);
            out->code = strdup(vt->code);
            out->consequence = rc2 ? NULL : kh_buf_take(&cb);
            out->why = rc ? NULL : kh_buf_take(&b);
            kh_buf_free(&b);
            kh_buf_free(&cb);
            if (!out->code || !out->consequence || !out->why)
                return kh_error_nomem(ru->err);
            break; /* one condition is enough */
        }
    }
    return KH_OK;
}

typedef struct rank_ent {
    kh_q v;
    size_t r;
} rank_ent;

static int rank_cmp_desc(const void *a, const void *b)
{
    const rank_ent *x = a, *y = b;
    int c = cmp_q_desc(x->v, y->v);
    if (c) return c;
    return x->r < y->r ? -1 : x->r > y->r;
}

static int rank_cmp_asc(const void *a, const void *b)
{
    const rank_ent *x = a, *y = b;
    int c = kh_q_cmp(x->v, y->v);
    if (c) return c;
    return x->r < y->r ? -1 : x->r > y->r;
}

/* Order for the ranks: total, then the tie item's points (when the scheme
 * names one), then the code, so that the order is stable. */
static int total_cmp(const kh_assess_region *x, const kh_assess_region *y,
                     int tie)
{
    if (x->total != y->total) return x->total > y->total ? -1 : 1;
    if (tie >= 0 && x->items[tie].points != y->items[tie].points)
        return x->items[tie].points > y->items[tie].points ? -1 : 1;
    return strcmp(x->code, y->code);
}

/* Sort ord[0..n) by total_cmp: a merge sort with its context passed along
 * (qsort has none, and a static would make the library thread-unsafe). */
static void sort_ranks(const kh_assessment *a, size_t *ord, size_t *tmp,
                       size_t n, int tie)
{
    if (n < 2) return;
    size_t h = n / 2;
    sort_ranks(a, ord, tmp, h, tie);
    sort_ranks(a, ord + h, tmp, n - h, tie);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = total_cmp(&a->regions[ord[j]], &a->regions[ord[i]], tie) < 0
                       ? ord[j++] : ord[i++];
    while (i < h) tmp[k++] = ord[i++];
    while (j < n) tmp[k++] = ord[j++];
    memcpy(ord, tmp, n * sizeof *ord);
}

/* Is reg assessed? NULL when it is, else the reason (static text).
 * top: the scheme asked for (--regions applies to it). */
static const char *not_assessed(const run *ru, const kh_region *reg, int top)
{
    if (top && ru->src->nonly) {
        for (size_t k = 0; k < ru->src->nonly; k++)
            if (!strcmp(ru->src->only[k], reg->code)) return NULL;
        return "未列入 --regions 所选的区划";
    }
    size_t plen = (size_t)kh_region_prefix_len(reg->level);
    int known = 0;
    for (size_t i = 0; i < kh_regionset_count(ru->rs); i++) {
        const kh_region *x = kh_regionset_at(ru->rs, i);
        if (x->plan_exit < 0) continue;
        known = 1;
        if (x->plan_exit > 0 && !strncmp(x->code, reg->code, plen))
            return NULL;
    }
    return known ? "无减贫任务(本区划及下级的计划减贫人数均为 0 或未填)"
                 : NULL; /* no 计划减贫人数 in the list: everyone */
}

static int skip_add(run *ru, const kh_region *reg, const kh_scheme *s,
                    const char *why)
{
    kh_assessment *a = ru->a;
    kh_assess_skip *ns = realloc(a->skipped, (a->nskipped + 1) * sizeof *ns);
    if (!ns) return kh_error_nomem(ru->err);
    a->skipped = ns;
    kh_assess_skip *k = &a->skipped[a->nskipped++];
    memset(k, 0, sizeof *k);
    snprintf(k->code, sizeof k->code, "%s", reg->code);
    k->name = strdup(reg->name ? reg->name : "");
    k->scheme = strdup(s->name);
    k->reason = strdup(why);
    if (!k->name || !k->scheme || !k->reason) return kh_error_nomem(ru->err);
    return KH_OK;
}

static int score_scheme(run *ru, const kh_scheme *s, int top)
{
    kh_assessment *a = ru->a;
    size_t first = a->nregions;
    for (size_t k = 0; top && k < ru->src->nonly; k++) {
        const kh_region *reg = kh_regionset_find(ru->rs, ru->src->only[k]);
        if (!reg || reg->level != s->level)
            return kh_error_set(ru->err, KH_ERR_INVALID, "assess_region_unknown",
                                "--regions 中的“%s”不是区划表中的 %s 级区划",
                                "'%s' in --regions is no region of level %s "
                                "in the region list", ru->src->only[k],
                                kh_level_name(s->level));
    }
    for (size_t i = 0; i < kh_regionset_count(ru->rs); i++) {
        const kh_region *reg = kh_regionset_at(ru->rs, i);
        if (reg->level != s->level) continue;
        const char *why = not_assessed(ru, reg, top);
        if (why) {
            int rc = skip_add(ru, reg, s, why);
            if (rc) return rc;
            continue;
        }
        kh_assess_region *nr = realloc(a->regions, (a->nregions + 1) * sizeof *nr);
        if (!nr) return kh_error_nomem(ru->err);
        a->regions = nr;
        kh_assess_region *g = &a->regions[a->nregions];
        memset(g, 0, sizeof *g);
        snprintf(g->code, sizeof g->code, "%s", reg->code);
        snprintf(g->parent, sizeof g->parent, "%s", reg->parent);
        g->scheme = s;
        g->name = strdup(reg->name ? reg->name : "");
        g->items = calloc(s->nitems ? s->nitems : 1, sizeof *g->items);
        a->nregions++;
        if (!g->name || !g->items) return kh_error_nomem(ru->err);
    }
    size_t n = a->nregions - first;
    if (!n)
        return kh_error_set(ru->err, KH_ERR_NOTFOUND, "assess_no_regions",
                            "区划表中没有参加考核的 %s 级区划,无法按方案“%s”考核",
                            "the region list has no region of level %s that "
                            "takes part, to assess under '%s'",
                            kh_level_name(s->level),
                            s->name);
    /* values and points of the leaves */
    for (size_t r = first; r < a->nregions; r++) {
        kh_assess_region *g = &a->regions[r];
        for (size_t i = 0; i < s->nitems; i++) {
            const kh_scheme_item *it = &s->items[i];
            if (it->nchildren) continue;
            int empty;
            int rc = leaf_value(ru, g, s, it, &g->items[i], &empty);
            if (rc) return rc;
            if (empty) {
                if (it->empty == KH_EMPTY_ERROR) /* roll-ups only get here */
                    return region_err(ru->err, g, it->path, "rollup_empty",
                                      "下级没有可汇总的区划",
                                      "no region below to roll up");
                g->items[i].points = it->empty == KH_EMPTY_FULL ? it->max : 0;
                if (it->empty == KH_EMPTY_REALLOCATE)
                    g->items[i].reallocated = 1;
                if (it->src == KH_SRC_ROLLUP) {
                    if (it->empty != KH_EMPTY_REALLOCATE) continue;
                    free(g->items[i].detail);
                    g->items[i].detail = strdup(
                        "下级没有可汇总的区划:本项分值按比例转给同组有值的项目");
                    if (!g->items[i].detail) return kh_error_nomem(ru->err);
                    continue;
                }
                /* An indicator says why it has no value (its reason, when
                 * the source gives one) and what the item gets. */
                char *why = g->items[i].detail;
                kh_buf d = KH_BUF_INIT;
                int bad = kh_buf_printf(
                    &d, "指标无值%s%s%s:%s", why ? "(" : "", why ? why : "",
                    why ? ")" : "",
                    it->empty == KH_EMPTY_REALLOCATE
                        ? "本项分值按比例转给同组有值的项目"
                    : it->empty == KH_EMPTY_FULL ? "按方案规定得满分"
                                                 : "按方案规定得 0 分");
                free(why);
                g->items[i].detail = bad ? NULL : kh_buf_take(&d);
                kh_buf_free(&d);
                if (bad) return kh_error_nomem(ru->err);
                continue;
            }
            if (it->rule != KH_RULE_RANK)
                g->items[i].points = leaf_points(it, g->items[i].value);
        }
    }
    /* rank rules: by value among the regions of the scheme; equal values
     * share the better rank */
    for (size_t i = 0; i < s->nitems; i++) {
        const kh_scheme_item *it = &s->items[i];
        if (it->nchildren || it->rule != KH_RULE_RANK) continue;
        rank_ent *e = malloc(n * sizeof *e);
        if (!e) return kh_error_nomem(ru->err);
        size_t m = 0;
        for (size_t r = first; r < a->nregions; r++)
            if (a->regions[r].items[i].has_value)
                e[m].v = a->regions[r].items[i].value, e[m++].r = r;
        qsort(e, m, sizeof *e, it->rank_desc ? rank_cmp_desc : rank_cmp_asc);
        size_t rk = 1;
        for (size_t k = 0; k < m; k++) {
            if (k && kh_q_cmp(e[k].v, e[k - 1].v)) rk = k + 1;
            long long p = m == 1 ? it->max
                          : it->max - kh_assess_round(
                                          (__int128)(rk - 1) * (it->max - it->rank_min),
                                          (__int128)(m - 1));
            a->regions[e[k].r].items[i].points = p;
        }
        free(e);
    }
    /* groups, children first (they follow their parents in the array) */
    for (size_t r = first; r < a->nregions; r++) {
        kh_assess_region *g = &a->regions[r];
        for (size_t i = s->nitems; i-- > 0;) {
            const kh_scheme_item *it = &s->items[i];
            if (it->nchildren) {
                long long sum = 0;
                if (it->adjust) {
                    for (size_t k = i + 1; k < s->nitems; k++)
                        if (s->items[k].parent == (int)i) sum += g->items[k].points;
                    if (sum > it->max) sum = it->max;
                    if (sum < it->min) sum = it->min;
                } else {
                    int none;
                    sum = realloc_sum(s, g, (int)i, it->max, &none);
                    g->items[i].reallocated = none;
                }
                g->items[i].points = sum;
            }
        }
        int none;
        g->total = realloc_sum(s, g, -1, s->total, &none);
        if (none)
            return region_err(ru->err, g, s->name, "assess_nothing",
                              "没有一个项目有值,无法计分",
                              "no item has a value: nothing to score");
        for (size_t i = 0; i < s->nitems; i++)
            if (s->items[i].parent < 0 && s->items[i].adjust)
                g->total += g->items[i].points;
        /* grade, then the vetoes */
        size_t gi = s->ngrades - 1;
        for (size_t k = 0; k < s->ngrades; k++)
            if (g->total >= s->grades[k].min) {
                gi = k;
                break;
            }
        g->grade = g->grade_before = s->grades[gi].name;
        int rc = veto_check(ru, g, s);
        if (rc) return rc;
        for (size_t v = 0; v < s->nvetoes; v++) {
            const kh_scheme_veto *vt = &s->vetoes[v];
            int applied = 0, serious = 0;
            for (size_t k = 0; k < g->nvetoes; k++)
                if (!strcmp(g->vetoes[k].code, vt->code))
                    applied = 1, serious = g->vetoes[k].serious;
            const char *cap = !applied ? NULL
                              : vt->cap_grade ? vt->cap_grade
                              : serious ? vt->serious_cap : NULL;
            if (cap && !strcmp(g->grade, cap) &&
                (size_t)kh_scheme_grade_find(s, cap) + 1 < s->ngrades)
                g->grade = s->grades[kh_scheme_grade_find(s, cap) + 1].name;
        }
    }
    /* ranks */
    size_t *ord = malloc(2 * n * sizeof *ord);
    if (!ord) return kh_error_nomem(ru->err);
    for (size_t k = 0; k < n; k++) ord[k] = first + k;
    int tie = s->tie_item ? kh_scheme_item_find(s, s->tie_item) : -1;
    sort_ranks(a, ord, ord + n, n, tie);
    for (size_t k = 0; k < n; k++) {
        kh_assess_region *g = &a->regions[ord[k]], *p = k ? &a->regions[ord[k - 1]] : NULL;
        int same = p && p->total == g->total &&
                   (tie < 0 || p->items[tie].points == g->items[tie].points);
        g->rank = same ? p->rank : (int)k + 1;
    }
    free(ord);
    return KH_OK;
}

/* The schemes to score, sub-schemes first (post-order, each once). */
static int order(kh_scheme_set *set, const kh_scheme *s, const kh_scheme **list,
                 size_t *n, int depth)
{
    if (depth > 16) return -1;
    for (size_t i = 0; i < s->nitems; i++) {
        if (s->items[i].src != KH_SRC_ROLLUP) continue;
        const kh_scheme *sub = kh_scheme_set_get(set, s->items[i].ref);
        if (!sub || order(set, sub, list, n, depth + 1)) return -1;
    }
    for (size_t k = 0; k < *n; k++)
        if (list[k] == s) return 0;
    if (*n >= 32) return -1;
    list[(*n)++] = s;
    return 0;
}

int kh_assess_compute(kh_scheme_set *set, const kh_scheme *s,
                      const kh_regionset *rs, const kh_assess_src *src,
                      kh_assessment **out, kh_error *err)
{
    *out = NULL;
    int rc = kh_scheme_check(set, s, NULL, NULL, err);
    if (rc) return rc;
    const kh_scheme *list[32];
    size_t n = 0;
    if (order(set, s, list, &n, 0))
        return kh_error_msg(err, KH_ERR_INVALID, "scheme_cycle",
                            "方案汇总关系无法排序", "cannot order the roll-ups");
    kh_assessment *a = calloc(1, sizeof *a);
    if (!a) return kh_error_nomem(err);
    a->scheme = s;
    a->level = s->level;
    run ru = {set, rs, src, a, err};
    for (size_t k = 0; k < n && !rc; k++)
        rc = score_scheme(&ru, list[k], list[k] == s);
    if (rc) {
        kh_assessment_free(a);
        return rc;
    }
    *out = a;
    return KH_OK;
}
