/* SPDX-License-Identifier: MIT */
/*
 * label.c - the Chinese words for assessment codes (include/kaohe/label.h):
 * sources, rules and veto conditions said in plain Chinese, with rates
 * printed through kaohe/fmt.h so that every comparison is true as
 * printed.
 */
#include <stdio.h>
#include <string.h>

#include "kaohe/fmt.h"
#include "kaohe/indicators.h"
#include "kaohe/label.h"
#include "kaohe/registry.h"
#include "kaohe/review.h"
#include "kaohe/standard.h"

void kh_label_points(long long centi, char *buf, size_t n)
{
    char t[32];
    kh_points_format(centi, t, sizeof t);
    char *dot = strchr(t, '.');
    if (dot) {
        char *e = t + strlen(t) - 1;
        while (e > dot && *e == '0') *e-- = '\0';
        if (e == dot) *e = '\0';
    }
    snprintf(buf, n, "%s", t);
}

void kh_label_input(const kh_scheme *sc, const char *name, char *buf,
                    size_t n)
{
    const kh_scheme_input *in = sc ? kh_scheme_input_find(sc, name) : NULL;
    const char *l = in && in->label ? in->label : name;
    size_t k = strlen(l);
    const char *a = strstr(l, "("), *b = strstr(l, "（");
    if (a && (size_t)(a - l) < k && a != l) k = (size_t)(a - l);
    if (b && (size_t)(b - l) < k && b != l) k = (size_t)(b - l);
    snprintf(buf, n, "%.*s", (int)k, l);
}

const char *kh_label_veto(const kh_scheme *sc, const char *code)
{
    for (size_t i = 0; sc && i < sc->nvetoes; i++)
        if (!strcmp(sc->vetoes[i].code, code))
            return sc->vetoes[i].label ? sc->vetoes[i].label : "否决情形";
    return "否决情形";
}

/* An indicator's name for prose: its Chinese name without the bracketed
 * note ("人均纯收入均值(元)" -> "人均纯收入均值"). */
static void indicator_words(const char *ref, char *buf, size_t n)
{
    char zh[200];
    if (!kh_indicator_label(ref, zh, sizeof zh, NULL, NULL))
        snprintf(zh, sizeof zh, "所用指标");
    char *p = strstr(zh, "(");
    if (p && p != zh) *p = '\0';
    snprintf(buf, n, "%s", zh);
}

void kh_label_ref(const kh_scheme *sc, int src, const char *ref, char *buf,
                  size_t n)
{
    if (src == KH_SRC_INPUT)
        kh_label_input(sc, ref, buf, n);
    else
        indicator_words(ref, buf, n);
}

int kh_label_ref_is_rate(const kh_scheme *sc, int src, const char *ref)
{
    if (src == KH_SRC_INPUT) {
        const kh_scheme_input *in = sc ? kh_scheme_input_find(sc, ref) : NULL;
        if (!in) return 0;
        kh_q zero = {0, 1}, one = {1, 1};
        return kh_q_cmp(in->lo, zero) >= 0 && kh_q_cmp(in->hi, one) <= 0;
    }
    if (src == KH_SRC_INDICATOR) {
        char zh[200];
        int kind = 0;
        return kh_indicator_label(ref, zh, sizeof zh, NULL, &kind) &&
               kind == 0;
    }
    return 0;
}

void kh_label_ref_value(const kh_scheme *sc, int src, const char *ref,
                        kh_q v, char *buf, size_t n)
{
    long long num = v.num, den = v.den;
    if (den <= 0) {
        snprintf(buf, n, "无数据");
        return;
    }
    if (kh_label_ref_is_rate(sc, src, ref)) {
        char p[48], a[48], b[48];
        kh_fmt_pct(num, den, 2, p, sizeof p);
        if (src == KH_SRC_INDICATOR && kh_indicator_money_parts(ref)) {
            kh_fmt_yuan(num, a, sizeof a);
            kh_fmt_yuan(den, b, sizeof b);
            snprintf(buf, n, "%s（%s 元/%s 元）", p, a, b);
        } else if (src == KH_SRC_INDICATOR && den > 1) {
            kh_fmt_int(num, a, sizeof a);
            kh_fmt_int(den, b, sizeof b);
            snprintf(buf, n, "%s（%s/%s）", p, a, b);
        } else {
            kh_fmt_pct_short(num, den, buf, n);
        }
        return;
    }
    int kind = 0;
    char zh[200];
    if (src == KH_SRC_INDICATOR &&
        kh_indicator_label(ref, zh, sizeof zh, NULL, &kind) && kind == 2) {
        char y[64];
        kh_fmt_yuan_q(num * 100, den, y, sizeof y);
        snprintf(buf, n, "%s 元", y);
        return;
    }
    kh_q_text(v, buf, n);
}

void kh_label_item_value(const kh_scheme *sc, const kh_scheme_item *it,
                         int has_value, kh_q v, char *buf, size_t n)
{
    if (!has_value || v.den <= 0) {
        snprintf(buf, n, it->src == KH_SRC_ROLLUP ? "无（没有这类下级地区）"
                                                   : "无数据");
        return;
    }
    if (it->src == KH_SRC_ROLLUP) {
        char t[48];
        kh_q_format(v, 2, t, sizeof t);
        snprintf(buf, n, "%s 分", t);
        return;
    }
    kh_label_ref_value(sc, it->src, it->ref, v, buf, n);
}

void kh_label_source(const kh_scheme *sc, const kh_scheme_item *it,
                     char *buf, size_t n)
{
    switch (it->src) {
    case KH_SRC_INDICATOR:
    case KH_SRC_INPUT: kh_label_ref(sc, it->src, it->ref, buf, n); break;
    case KH_SRC_ROLLUP: {
        static const char *const filt[] = {"", "贫困", "非贫困"};
        int lv = sc ? sc->level + 1 : 0;
        const char *lvn = lv >= 1 && lv <= 5 ? kh_level_name(lv) : "下级";
        int f = it->filter >= 0 && it->filter <= 2 ? it->filter : 0;
        snprintf(buf, n, "所属%s%s的考核得分", filt[f], lvn);
        break;
    }
    default: snprintf(buf, n, "各分项得分之和"); break;
    }
}

/* A value of the item's source: a percentage for a rate, else the
 * number. */
static void value_words(kh_q q, int rate, char *buf, size_t n)
{
    if (rate)
        kh_fmt_pct_short(q.num, q.den, buf, n);
    else
        kh_q_text(q, buf, n);
}

int kh_label_rule_words(const kh_scheme *sc, const kh_scheme_item *it,
                        char *buf, size_t n)
{
    char what[200], a[64], b[64], mx[32], p[32];
    kh_label_source(sc, it, what, sizeof what);
    int rate = kh_label_ref_is_rate(sc, it->src, it->ref);
    kh_label_points(it->max, mx, sizeof mx);
    int w = 0;
    switch (it->rule) {
    case KH_RULE_BANDS: {
        size_t used = 0;
        for (size_t i = 0; i < it->nbands && used < n; i++) {
            const kh_band *bd = &it->bands[i];
            kh_label_points(bd->points, p, sizeof p);
            int k;
            if (bd->is_else) {
                if (bd->points == 0)
                    k = snprintf(buf + used, n - used, "%s否则不得分",
                                 i ? "，" : "");
                else
                    k = snprintf(buf + used, n - used, "%s否则得 %s 分",
                                 i ? "，" : "", p);
            } else {
                value_words(bd->thr, rate, a, sizeof a);
                k = snprintf(buf + used, n - used, "%s%s%s %s 得%s %s 分",
                             i ? "，" : "", i ? "" : what,
                             it->band_ge ? "不低于" : "不高于", a,
                             bd->points == it->max ? "满分" : "", p);
            }
            if (k < 0 || (size_t)k >= n - used) return -1;
            used += (size_t)k;
        }
        return 0;
    }
    case KH_RULE_LINEAR:
        value_words(it->lin_a, rate, a, sizeof a);
        value_words(it->lin_b, rate, b, sizeof b);
        if (it->src == KH_SRC_ROLLUP)
            w = snprintf(buf, n,
                         "按%s（百分制）的平均值折算：%s 分及以上得满分 %s "
                         "分，%s 分及以下不得分，其间按比例计分",
                         what, b, mx, a);
        else if (kh_q_cmp(it->lin_a, it->lin_b) < 0)
            w = snprintf(buf, n,
                         "%s达到 %s 及以上得满分 %s 分，%s 及以下不得分，"
                         "其间按比例计分",
                         what, b, mx, a);
        else
            w = snprintf(buf, n,
                         "%s为 %s 及以下得满分 %s 分，%s 及以上不得分，"
                         "其间按比例计分",
                         what, b, mx, a);
        break;
    case KH_RULE_RANK:
        kh_label_points(it->rank_min, p, sizeof p);
        w = snprintf(buf, n,
                     "按%s在参评地区中%s排名，第一名得满分 %s 分，最后一名得 "
                     "%s 分，其间按名次等距计分",
                     what, it->rank_desc ? "由高到低" : "由低到高", mx, p);
        break;
    case KH_RULE_DEDUCT:
        kh_label_points(it->ded_per, a, sizeof a);
        kh_label_points(it->ded_cap, b, sizeof b);
        w = snprintf(buf, n, "满分 %s 分，%s每 1 件扣 %s 分，最多扣 %s 分",
                     mx, what, a, b);
        break;
    case KH_RULE_POINTS:
        kh_label_points(it->min, a, sizeof a);
        w = snprintf(buf, n, "按%s直接计分（%s 至 %s 分）", what, a, mx);
        break;
    default:
        w = snprintf(buf, n, "为各分项得分之和（满分 %s 分）", mx);
        break;
    }
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

void kh_label_veto_why(const kh_scheme *sc, const kh_veto_cond *c,
                       kh_q value, char *buf, size_t n)
{
    char what[200];
    kh_label_ref(sc, c->src, c->ref, what, sizeof what);
    if (c->op == '!') {
        const kh_scheme_input *in =
            c->src == KH_SRC_INPUT && sc ? kh_scheme_input_find(sc, c->ref)
                                         : NULL;
        if (in && in->step)
            snprintf(buf, n, "经%s认定", in->step);
        else
            snprintf(buf, n, "%s为“是”", what);
        return;
    }
    char cmp[160];
    if (kh_label_ref_is_rate(sc, c->src, c->ref)) {
        kh_fmt_rate_cmp(value.num, value.den, c->thr.num, c->thr.den,
                        c->src == KH_SRC_INDICATOR, cmp, sizeof cmp);
    } else {
        char v[48], t[48];
        kh_q_text(value, v, sizeof v);
        kh_q_text(c->thr, t, sizeof t);
        int k = kh_q_cmp(value, c->thr);
        snprintf(cmp, sizeof cmp, "%s，%s %s", v,
                 k < 0 ? "低于" : k > 0 ? "高于" : "等于", t);
    }
    snprintf(buf, n, "%s为 %s", what, cmp);
}

void kh_label_consequence(const char *c, char *buf, size_t n)
{
    size_t o = 0, k = strlen("、");
    if (!n) return;
    for (const char *p = c ? c : ""; *p && o + k + 1 < n; p++) {
        if (*p == ';') {
            memcpy(buf + o, "、", k);
            o += k;
        } else if (*p != ' ') {
            buf[o++] = *p;
        }
    }
    buf[o] = '\0';
}

void kh_label_zh_punct(const char *in, char *buf, size_t n)
{
    static const struct {
        char a;
        const char *zh;
    } map[] = {{'(', "（"}, {')', "）"}, {',', "，"}, {';', "；"}, {':', "："}};
    size_t o = 0;
    if (!n) return;
    for (const char *p = in ? in : ""; *p; p++) {
        const char *rep = NULL;
        for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
            if (*p == map[k].a) rep = map[k].zh;
        size_t len = rep ? strlen(rep) : 1;
        if (o + len + 1 > n) break;
        if (rep)
            memcpy(buf + o, rep, len);
        else
            buf[o] = *p;
        o += len;
    }
    buf[o] = '\0';
}

const char *kh_label_finding(const struct kh_standard *std, const char *code)
{
    if (!code) return NULL;
    if (std) {
        char key[128];
        snprintf(key, sizeof key, "finding_label.%s", code);
        const char *v = kh_standard_get(std, key);
        if (v && *v) return v;
    }
    int rv = kh_review_code_parse(code);
    return rv >= 0 && rv < KH_RV_COUNT ? kh_review_codes_zh[rv] : NULL;
}

void kh_label_prov(const kh_scheme *sc, const char *pname,
                   const char *pvalue, const char *pfile, char *name,
                   size_t nn, char *value, size_t vn, char *file, size_t fn)
{
    char raw[200];
    int ind = !kh_scheme_input_find(sc, pname);
    kh_label_ref(sc, ind ? KH_SRC_INDICATOR : KH_SRC_INPUT, pname, raw,
                 sizeof raw);
    kh_label_zh_punct(raw, name, nn);
    long long num, den;
    int used = 0;
    const char *v = pvalue ? pvalue : "";
    if (ind && sscanf(v, "%lld/%lld%n", &num, &den, &used) == 2 && !v[used]) {
        kh_q q = {num, den};
        kh_label_ref_value(sc, KH_SRC_INDICATOR, pname, q, value, vn);
    } else {
        snprintf(value, vn, "%s", v);
    }
    int year;
    used = 0;
    if (pfile && sscanf(pfile, "registry %d%n", &year, &used) == 1 &&
        !pfile[used])
        /* an indicator's source: the year's data it is computed from */
        snprintf(file, fn, "%d年%s", year,
                 ind && !strncmp(pname, "funds.", 6) ? "扶贫资金和项目数据"
                 : ind && !strncmp(pname, "dept.", 5) ? "部门数据比对结果"
                                                       : "建档立卡数据");
    else
        snprintf(file, fn, "%s", pfile ? pfile : "");
}
