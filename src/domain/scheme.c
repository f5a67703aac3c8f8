/* SPDX-License-Identifier: MIT */
/*
 * scheme.c - reading and checking assessment scheme files (docs/schemes.md):
 * sections [scheme], [grades], [item PATH], [adjust PATH], [input NAME],
 * [veto CODE], each of `key = value` lines. Every error names the line.
 * Also the exact fractions (kh_q) the scoring uses, and the set of schemes
 * with the compiled-in presets.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/registry.h"
#include "kaohe/scheme.h"

/* ---- fractions ---- */

static long long gcd_ll(long long a, long long b)
{
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b) {
        long long t = a % b;
        a = b;
        b = t;
    }
    return a ? a : 1;
}

int kh_q_parse(const char *s, size_t n, kh_q *q)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (!n || n > 40) return -1;
    const char *slash = memchr(s, '/', n);
    if (slash) {
        kh_q a, b;
        if (kh_q_parse(s, (size_t)(slash - s), &a) ||
            kh_q_parse(slash + 1, n - (size_t)(slash - s) - 1, &b) ||
            a.den != 1 || b.den != 1 || b.num <= 0)
            return -1;
        long long g = gcd_ll(a.num, b.num);
        q->num = a.num / g;
        q->den = b.num / g;
        return 0;
    }
    int neg = 0, pct = 0;
    size_t i = 0;
    if (s[0] == '-' || s[0] == '+') neg = s[0] == '-', i = 1;
    if (s[n - 1] == '%') pct = 1, n--;
    long long num = 0, den = 1;
    int digits = 0, dot = 0;
    for (; i < n; i++) {
        if (s[i] == '.' && !dot) {
            dot = 1;
            continue;
        }
        if (s[i] < '0' || s[i] > '9' || ++digits > 15) return -1;
        num = num * 10 + (s[i] - '0');
        if (dot) den *= 10;
    }
    if (!digits) return -1;
    if (pct) den *= 100;
    long long g = gcd_ll(num, den);
    q->num = (neg ? -num : num) / g;
    q->den = den / g;
    return 0;
}

int kh_q_cmp(kh_q a, kh_q b)
{
    __int128 l = (__int128)a.num * b.den, r = (__int128)b.num * a.den;
    return l < r ? -1 : l > r;
}

static void put_i128(char **p, __int128 v)
{
    char t[48];
    int n = 0;
    do {
        t[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    while (n) *(*p)++ = t[--n];
}

void kh_q_format(kh_q q, int decimals, char *buf, size_t n)
{
    (void)n;
    if (decimals > 6) decimals = 6;
    __int128 scale = 1;
    for (int i = 0; i < decimals; i++) scale *= 10;
    __int128 a = (__int128)q.num * scale, d = q.den;
    int neg = a < 0;
    if (neg) a = -a;
    __int128 r = (2 * a + d) / (2 * d);
    char *p = buf;
    if (neg && r) *p++ = '-';
    put_i128(&p, r / scale);
    if (decimals) {
        *p++ = '.';
        __int128 f = r % scale;
        for (int i = decimals - 1; i >= 0; i--) {
            __int128 div = 1;
            for (int k = 0; k < i; k++) div *= 10;
            *p++ = (char)('0' + (int)(f / div % 10));
        }
    }
    *p = '\0';
}

void kh_q_text(kh_q q, char *buf, size_t n)
{
    kh_q_format(q, 6, buf, n);
    char *dot = strchr(buf, '.');
    if (!dot) return;
    char *e = buf + strlen(buf);
    while (e > dot + 1 && e[-1] == '0') *--e = '\0';
    if (e == dot + 1) *dot = '\0';
}

void kh_points_format(long long centi, char *buf, size_t n)
{
    kh_q q = {centi, 100};
    kh_q_format(q, 2, buf, n);
}

/* ---- the scheme ---- */

static void item_free(kh_scheme_item *it)
{
    free(it->path);
    free(it->ref);
    free(it->weight);
    free(it->grades);
    free(it->bands);
    free(it->note);
}

void kh_scheme_free(kh_scheme *s)
{
    if (!s) return;
    free(s->written_name);
    free(s->name);
    free(s->title);
    free(s->source);
    free(s->file);
    free(s->text);
    free(s->tie_item);
    for (size_t i = 0; i < s->nsteps; i++) free(s->steps[i]);
    free(s->steps);
    for (size_t i = 0; i < s->nitems; i++) item_free(&s->items[i]);
    free(s->items);
    for (size_t i = 0; i < s->ninputs; i++) {
        free(s->inputs[i].name);
        free(s->inputs[i].label);
        free(s->inputs[i].step);
    }
    free(s->inputs);
    for (size_t i = 0; i < s->nvetoes; i++) {
        kh_scheme_veto *v = &s->vetoes[i];
        free(v->code);
        free(v->label);
        free(v->article);
        free(v->consequence);
        free(v->cap_grade);
        free(v->serious);
        free(v->serious_consequence);
        free(v->serious_cap);
        for (size_t k = 0; k < v->nconds; k++) free(v->conds[k].ref);
        free(v->conds);
    }
    free(s->vetoes);
    for (size_t i = 0; i < s->ngrades; i++) free(s->grades[i].name);
    free(s->grades);
    free(s);
}

int kh_scheme_item_find(const kh_scheme *s, const char *path)
{
    for (size_t i = 0; i < s->nitems; i++)
        if (!strcmp(s->items[i].path, path)) return (int)i;
    return -1;
}

const kh_scheme_input *kh_scheme_input_find(const kh_scheme *s,
                                            const char *name)
{
    for (size_t i = 0; i < s->ninputs; i++)
        if (!strcmp(s->inputs[i].name, name)) return &s->inputs[i];
    return NULL;
}

int kh_scheme_grade_find(const kh_scheme *s, const char *name)
{
    for (size_t i = 0; i < s->ngrades; i++)
        if (!strcmp(s->grades[i].name, name)) return (int)i;
    return -1;
}

/* ---- parsing ---- */

typedef struct parser {
    kh_scheme *s;
    const char *file;
    long line;
    kh_error *err;
    long total_line; /* where total is set, for the sum's error */
} parser;

static int bad(parser *ps, long line, const char *code, const char *zh_fmt,
               const char *en_fmt, ...) KH_PRINTF(5, 6);
static int bad(parser *ps, long line, const char *code, const char *zh_fmt,
               const char *en_fmt, ...)
{
    char zh[KH_MSG_MAX], en[KH_MSG_MAX];
    va_list ap;
    va_start(ap, en_fmt);
    vsnprintf(zh, sizeof zh, zh_fmt, ap);
    va_end(ap);
    va_start(ap, en_fmt);
    vsnprintf(en, sizeof en, en_fmt, ap);
    va_end(ap);
    kh_error_set(ps->err, KH_ERR_INVALID, code, "%s%.0s", "%.0s%s", zh, en);
    kh_error_at(ps->err, ps->file, 0, line, NULL);
    return KH_ERR_INVALID;
}

static int nomem(parser *ps)
{
    return kh_error_msg(ps->err, KH_ERR_NOMEM, "nomem", "内存不足",
                        "out of memory");
}

static char *dupn(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static void trim(const char **p, size_t *n)
{
    while (*n && (**p == ' ' || **p == '\t')) (*p)++, (*n)--;
    while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' ||
                  (*p)[*n - 1] == '\r'))
        (*n)--;
}

/* Points as centi-points: "12.5" -> 1250. -1 when not a number with at
 * most two decimals. */
static int parse_points(const char *v, long long *out)
{
    kh_q q;
    if (kh_q_parse(v, strlen(v), &q)) return -1;
    __int128 c = (__int128)q.num * 100;
    if (c % q.den) return -1;
    c /= q.den;
    if (c > 100000000 || c < -100000000) return -1;
    *out = (long long)c;
    return 0;
}

/* Split v at blanks into at most max words (in place). */
static int words(char *v, char **w, int max)
{
    int n = 0;
    char *p = v;
    while (*p) {
        while (*p == ' ' || *p == '\t') *p++ = '\0';
        if (!*p) break;
        if (n == max) return max + 1;
        w[n++] = p;
        while (*p && *p != ' ' && *p != '\t') p++;
    }
    return n;
}

enum { SEC_NONE, SEC_SCHEME, SEC_GRADES, SEC_ITEM, SEC_INPUT, SEC_VETO };

static int grow(void **arr, size_t n, size_t size)
{
    void *p = realloc(*arr, (n + 1) * size);
    if (!p) return -1;
    *arr = p;
    memset((char *)p + n * size, 0, size);
    return 0;
}

static int level_of(parser *ps, const char *v, int *out)
{
    int lv = kh_level_parse(v, strlen(v));
    if (lv == KH_LV_NONE)
        return bad(ps, ps->line, "scheme_value",
                   "级别“%s”无效,应为 省、市、县、乡 或 村",
                   "level '%s' is not 省, 市, 县, 乡 or 村", v);
    *out = lv;
    return KH_OK;
}

static int item_source(parser *ps, kh_scheme_item *it, char *v)
{
    char *w[5];
    /* One source an item: a second would silently replace the first. */
    if (it->src != KH_SRC_NONE || it->ref || it->weight || it->grades)
        return bad(ps, ps->line, "scheme_source",
                   "项目“%s”的 source 重复", "item '%s' has a second source",
                   it->path);
    int n = words(v, w, 4);
    if (n == 2 && !strcmp(w[0], "input")) {
        it->src = KH_SRC_INPUT;
        return (it->ref = strdup(w[1])) ? KH_OK : nomem(ps);
    }
    if (n == 2 && !strcmp(w[0], "indicator")) {
        char *at = strchr(w[1], '@');
        it->src = KH_SRC_INDICATOR;
        if (at) {
            *at = '\0';
            int rc = level_of(ps, at + 1, &it->ref_level);
            if (rc) return rc;
        }
        return (it->ref = strdup(w[1])) ? KH_OK : nomem(ps);
    }
    if ((n == 3 || n == 4) && !strcmp(w[0], "rollup")) {
        it->src = KH_SRC_ROLLUP;
        char *agg = w[1], *colon = strchr(agg, ':');
        if (colon) *colon++ = '\0';
        if (!strcmp(agg, "avg") && !colon) {
            it->agg = KH_AGG_AVG;
        } else if (!strcmp(agg, "weighted") && colon && *colon) {
            it->agg = KH_AGG_WEIGHTED;
            if (!(it->weight = strdup(colon))) return nomem(ps);
        } else if (!strcmp(agg, "count") && colon && *colon) {
            it->agg = KH_AGG_COUNT;
            if (!(it->grades = strdup(colon))) return nomem(ps);
        } else {
            return bad(ps, ps->line, "scheme_source",
                       "汇总方式“%s”无效,应为 avg、weighted:指标 或 count:等次,…",
                       "roll-up '%s' is not avg, weighted:INDICATOR or "
                       "count:GRADE,...", w[1]);
        }
        if (n == 4) {
            if (!strcmp(w[3], "poor")) it->filter = KH_FILTER_POOR;
            else if (!strcmp(w[3], "nonpoor")) it->filter = KH_FILTER_NONPOOR;
            else if (!strcmp(w[3], "all")) it->filter = KH_FILTER_ALL;
            else
                return bad(ps, ps->line, "scheme_source",
                           "汇总范围“%s”无效,应为 all、poor 或 nonpoor",
                           "roll-up filter '%s' is not all, poor or nonpoor",
                           w[3]);
        }
        return (it->ref = strdup(w[2])) ? KH_OK : nomem(ps);
    }
    return bad(ps, ps->line, "scheme_source",
               "来源写法错误,应为 input 名称、indicator 指标@级别 或 "
               "rollup 方式 方案 [all|poor|nonpoor]",
               "bad source: expected `input NAME`, `indicator NAME@LEVEL` or "
               "`rollup AGG SCHEME [all|poor|nonpoor]`");
}

static int item_rule(parser *ps, kh_scheme_item *it, char *v)
{
    char *w[4];
    int n = words(v, w, 3);
    if (n >= 1 && !strcmp(w[0], "bands") && n == 2 &&
        (!strcmp(w[1], ">=") || !strcmp(w[1], "<="))) {
        it->rule = KH_RULE_BANDS;
        it->band_ge = w[1][0] == '>';
        return KH_OK;
    }
    if (n == 3 && !strcmp(w[0], "linear")) {
        it->rule = KH_RULE_LINEAR;
        if (kh_q_parse(w[1], strlen(w[1]), &it->lin_a) ||
            kh_q_parse(w[2], strlen(w[2]), &it->lin_b))
            return bad(ps, ps->line, "scheme_rule", "linear 后应为两个数",
                       "linear takes two numbers");
        return KH_OK;
    }
    if ((n == 2 || n == 3) && !strcmp(w[0], "rank") &&
        (!strcmp(w[1], "desc") || !strcmp(w[1], "asc"))) {
        it->rule = KH_RULE_RANK;
        it->rank_desc = w[1][0] == 'd';
        if (n == 3 && parse_points(w[2], &it->rank_min))
            return bad(ps, ps->line, "scheme_rule",
                       "rank 的末位得分“%s”不是分值", "rank: '%s' is not points",
                       w[2]);
        return KH_OK;
    }
    if (n == 3 && !strcmp(w[0], "deduct")) {
        it->rule = KH_RULE_DEDUCT;
        if (parse_points(w[1], &it->ded_per) || parse_points(w[2], &it->ded_cap))
            return bad(ps, ps->line, "scheme_rule",
                       "deduct 后应为每例扣分和扣分上限",
                       "deduct takes the points per case and the cap");
        return KH_OK;
    }
    if (n == 1 && !strcmp(w[0], "points")) {
        it->rule = KH_RULE_POINTS;
        return KH_OK;
    }
    return bad(ps, ps->line, "scheme_rule",
               "规则写法错误,应为 bands >=|<=、linear A B、rank desc|asc [末位分]、"
               "deduct 每例 上限 或 points",
               "bad rule: expected `bands >=|<=`, `linear A B`, `rank desc|asc "
               "[MIN]`, `deduct PER CAP` or `points`");
}

static int item_key(parser *ps, kh_scheme_item *it, const char *k, char *v)
{
    if (!strcmp(k, "points") && !it->adjust) {
        if (parse_points(v, &it->max) || it->max < 0)
            return bad(ps, ps->line, "scheme_value",
                       "分值“%s”无效(非负,最多两位小数)",
                       "points '%s' invalid (not negative, two decimals at most)",
                       v);
        return KH_OK;
    }
    if (!strcmp(k, "range") && it->adjust) {
        char *w[3];
        if (words(v, w, 2) != 2 || parse_points(w[0], &it->min) ||
            parse_points(w[1], &it->max))
            return bad(ps, ps->line, "scheme_value",
                       "range 应为两个分值:下限 上限",
                       "range takes two points: low high");
        if (it->min > it->max)
            return bad(ps, ps->line, "scheme_range",
                       "调整范围下限 %s 大于上限 %s", "range low %s above high %s",
                       w[0], w[1]);
        return KH_OK;
    }
    if (!strcmp(k, "source")) return item_source(ps, it, v);
    if (!strcmp(k, "rule")) return item_rule(ps, it, v);
    if (!strcmp(k, "band")) {
        if (it->rule != KH_RULE_BANDS)
            return bad(ps, ps->line, "scheme_band",
                       "band 之前应先写 rule = bands >= 或 <=",
                       "band needs `rule = bands >=` or `<=` before it");
        char *w[3];
        if (words(v, w, 2) != 2)
            return bad(ps, ps->line, "scheme_band", "band 应为“阈值 分值”",
                       "band takes `THRESHOLD POINTS`");
        if (grow((void **)&it->bands, it->nbands, sizeof *it->bands))
            return nomem(ps);
        kh_band *b = &it->bands[it->nbands];
        b->line = ps->line;
        b->is_else = !strcmp(w[0], "*");
        if (!b->is_else && kh_q_parse(w[0], strlen(w[0]), &b->thr))
            return bad(ps, ps->line, "scheme_band", "阈值“%s”不是数",
                       "threshold '%s' is not a number", w[0]);
        if (parse_points(w[1], &b->points))
            return bad(ps, ps->line, "scheme_band", "分值“%s”无效",
                       "points '%s' invalid", w[1]);
        it->nbands++;
        return KH_OK;
    }
    if (!strcmp(k, "empty")) {
        if (!strcmp(v, "full")) it->empty = KH_EMPTY_FULL;
        else if (!strcmp(v, "zero")) it->empty = KH_EMPTY_ZERO;
        else if (!strcmp(v, "error")) it->empty = KH_EMPTY_ERROR;
        else if (!strcmp(v, "reallocate")) it->empty = KH_EMPTY_REALLOCATE;
        else
            return bad(ps, ps->line, "scheme_value",
                       "empty 应为 reallocate、full、zero 或 error",
                       "empty must be reallocate, full, zero or error");
        it->empty_line = ps->line;
        return KH_OK;
    }
    if (!strcmp(k, "note")) {
        free(it->note);
        return (it->note = strdup(v)) ? KH_OK : nomem(ps);
    }
    return bad(ps, ps->line, "scheme_key", "项目中未知的键“%s”",
               "unknown key '%s' in an item", k);
}

static int veto_when(parser *ps, kh_scheme_veto *vt, char *v)
{
    char *w[5];
    int n = words(v, w, 4);
    if ((n != 2 && n != 4) ||
        (strcmp(w[0], "input") && strcmp(w[0], "indicator")))
        return bad(ps, ps->line, "scheme_veto",
                   "when 应为“input 名称”或“input|indicator 名称 比较符 数值”",
                   "when takes `input NAME` or `input|indicator NAME OP "
                   "NUMBER`");
    if (grow((void **)&vt->conds, vt->nconds, sizeof *vt->conds))
        return nomem(ps);
    kh_veto_cond *c = &vt->conds[vt->nconds++];
    c->line = ps->line;
    c->src = w[0][1] == 'n' && w[0][2] == 'p' ? KH_SRC_INPUT : KH_SRC_INDICATOR;
    char *at = strchr(w[1], '@');
    if (at) *at = '\0';
    if (!(c->ref = strdup(w[1]))) return nomem(ps);
    if (n == 2) {
        if (c->src != KH_SRC_INPUT)
            return bad(ps, ps->line, "scheme_veto",
                       "指标条件需要比较符和数值",
                       "an indicator condition needs an operator and a number");
        c->op = '!';
        c->thr.num = 0;
        c->thr.den = 1;
        return KH_OK;
    }
    static const char *ops[] = {"<", "<=", ">", ">=", "="};
    static const char opc[] = {'<', 'l', '>', 'g', '='};
    c->op = 0;
    for (int i = 0; i < 5; i++)
        if (!strcmp(w[2], ops[i])) c->op = opc[i];
    if (!c->op || kh_q_parse(w[3], strlen(w[3]), &c->thr))
        return bad(ps, ps->line, "scheme_veto",
                   "比较符应为 < <= > >= =,其后为数值",
                   "the operator must be < <= > >= or =, then a number");
    return KH_OK;
}

static int scheme_key(parser *ps, const char *k, char *v)
{
    kh_scheme *s = ps->s;
    char **slot = NULL;
    if (!strcmp(k, "name")) slot = &s->name;
    else if (!strcmp(k, "title")) slot = &s->title;
    else if (!strcmp(k, "source")) slot = &s->source;
    if (slot) {
        free(*slot);
        return (*slot = strdup(v)) ? KH_OK : nomem(ps);
    }
    if (!strcmp(k, "level")) return level_of(ps, v, &s->level);
    if (!strcmp(k, "total")) {
        ps->total_line = ps->line;
        if (parse_points(v, &s->total) || s->total <= 0)
            return bad(ps, ps->line, "scheme_value", "总分“%s”无效",
                       "total '%s' invalid", v);
        return KH_OK;
    }
    if (!strcmp(k, "tie")) {
        free(s->tie_item);
        s->tie_item = NULL;
        if (!strcmp(v, "shared")) return KH_OK;
        if (!strncmp(v, "item ", 5)) {
            const char *p = v + 5;
            size_t n = strlen(p);
            trim(&p, &n);
            return (s->tie_item = dupn(p, n)) ? KH_OK : nomem(ps);
        }
        return bad(ps, ps->line, "scheme_value",
                   "tie 应为 shared 或 item 项目路径",
                   "tie must be `shared` or `item PATH`");
    }
    if (!strcmp(k, "steps")) {
        char *p = v;
        while (*p) {
            char *e = strchr(p, ',');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            const char *t = p;
            trim(&t, &n);
            if (n) {
                if (grow((void **)&s->steps, s->nsteps, sizeof *s->steps) ||
                    !(s->steps[s->nsteps] = dupn(t, n)))
                    return nomem(ps);
                s->nsteps++;
            }
            if (!e) break;
            p = e + 1;
        }
        return KH_OK;
    }
    return bad(ps, ps->line, "scheme_key", "[scheme] 中未知的键“%s”",
               "unknown key '%s' in [scheme]", k);
}

static int input_key(parser *ps, kh_scheme_input *in, const char *k, char *v)
{
    if (!strcmp(k, "label") || !strcmp(k, "step")) {
        char **slot = k[0] == 'l' ? &in->label : &in->step;
        free(*slot);
        return (*slot = strdup(v)) ? KH_OK : nomem(ps);
    }
    if (!strcmp(k, "range")) {
        char *w[3];
        if (words(v, w, 2) != 2 || kh_q_parse(w[0], strlen(w[0]), &in->lo) ||
            kh_q_parse(w[1], strlen(w[1]), &in->hi))
            return bad(ps, ps->line, "scheme_value",
                       "range 应为两个数:下限 上限",
                       "range takes two numbers: low high");
        if (kh_q_cmp(in->lo, in->hi) > 0)
            return bad(ps, ps->line, "scheme_range",
                       "取值范围下限 %s 大于上限 %s",
                       "range low %s above high %s", w[0], w[1]);
        return KH_OK;
    }
    if (!strcmp(k, "type")) {
        static const char *const tn[] = {"number", "count", "rate", "points",
                                         "yesno"};
        for (int t = 0; t < 5; t++)
            if (!strcmp(v, tn[t])) {
                in->type = t;
                return KH_OK;
            }
        return bad(ps, ps->line, "scheme_value",
                   "type 应为 number、count、rate、points 或 yesno",
                   "type must be number, count, rate, points or yesno");
    }
    if (!strcmp(k, "default")) {
        if (kh_q_parse(v, strlen(v), &in->dflt))
            return bad(ps, ps->line, "scheme_value", "default“%s”不是数",
                       "default '%s' is not a number", v);
        in->has_default = 1;
        return KH_OK;
    }
    return bad(ps, ps->line, "scheme_key", "[input] 中未知的键“%s”",
               "unknown key '%s' in [input]", k);
}

static int veto_key(parser *ps, kh_scheme_veto *vt, const char *k, char *v)
{
    if (!strcmp(k, "when")) return veto_when(ps, vt, v);
    if (!strcmp(k, "serious")) {
        char *w[3];
        if (words(v, w, 2) != 2 || strcmp(w[0], "input"))
            return bad(ps, ps->line, "scheme_veto",
                       "serious 应为“input 录入项”(情节严重的是/否标记)",
                       "serious takes `input NAME` (the yes/no flag of a "
                       "serious case)");
        free(vt->serious);
        return (vt->serious = strdup(w[1])) ? KH_OK : nomem(ps);
    }
    char **slot = !strcmp(k, "label")         ? &vt->label
                  : !strcmp(k, "article")     ? &vt->article
                  : !strcmp(k, "consequence") ? &vt->consequence
                  : !strcmp(k, "serious_consequence") ? &vt->serious_consequence
                  : !strcmp(k, "serious_cap") ? &vt->serious_cap
                                              : NULL;
    if (!slot)
        return bad(ps, ps->line, "scheme_key", "[veto] 中未知的键“%s”",
                   "unknown key '%s' in [veto]", k);
    free(*slot);
    if (!(*slot = strdup(v))) return nomem(ps);
    if (slot == &vt->consequence) {
        const char *cap = strstr(v, "不得评为");
        if (cap) {
            const char *p = cap + strlen("不得评为");
            size_t n = strcspn(p, ";,;,");
            trim(&p, &n);
            if (!n)
                return bad(ps, ps->line, "scheme_veto",
                           "“不得评为”之后应写等次",
                           "`不得评为` must be followed by a grade");
            free(vt->cap_grade);
            if (!(vt->cap_grade = dupn(p, n))) return nomem(ps);
        }
    }
    return KH_OK;
}

/* Open a section: "[item a/b]" etc. */
static int section(parser *ps, const char *l, size_t n, int *kind, int *idx)
{
    kh_scheme *s = ps->s;
    const char *name = l + 1;
    size_t nn = n - 2;
    trim(&name, &nn);
    const char *sp = memchr(name, ' ', nn);
    size_t kw = sp ? (size_t)(sp - name) : nn;
    const char *arg = sp ? sp + 1 : name + nn;
    size_t an = sp ? nn - kw - 1 : 0;
    trim(&arg, &an);
#define KW(x) (kw == strlen(x) && !memcmp(name, x, kw))
    if (KW("scheme") && !an) {
        *kind = SEC_SCHEME;
        return KH_OK;
    }
    if (KW("grades") && !an) {
        *kind = SEC_GRADES;
        return KH_OK;
    }
    if ((KW("item") || KW("adjust")) && an) {
        char *path = dupn(arg, an);
        if (!path) return nomem(ps);
        if (kh_scheme_item_find(s, path) >= 0) {
            int rc = bad(ps, ps->line, "scheme_duplicate", "项目“%s”重复",
                         "item '%s' declared twice", path);
            free(path);
            return rc;
        }
        int parent = -1;
        char *slash = strrchr(path, '/');
        if (slash) {
            *slash = '\0';
            parent = kh_scheme_item_find(s, path);
            *slash = '/';
            if (parent < 0) {
                int rc = bad(ps, ps->line, "scheme_parent",
                             "项目“%s”的上级项目应先声明",
                             "the parent of item '%s' must be declared first",
                             path);
                free(path);
                return rc;
            }
        }
        if (grow((void **)&s->items, s->nitems, sizeof *s->items)) {
            free(path);
            return nomem(ps);
        }
        kh_scheme_item *it = &s->items[s->nitems];
        it->path = path;
        it->name = slash ? slash + 1 : path;
        it->parent = parent;
        it->adjust = KW("adjust");
        it->line = ps->line;
        if (parent >= 0) {
            if (s->items[parent].adjust != it->adjust) {
                /* Not yet counted in s->items: the path is ours to free. */
                int rc = bad(ps, ps->line, "scheme_adjust",
                             "调整项与计分项不能互为上下级(“%s”)",
                             "adjustment and scored items cannot be nested "
                             "in each other ('%s')", path);
                free(path);
                memset(it, 0, sizeof *it);
                return rc;
            }
            s->items[parent].nchildren++;
        }
        *kind = SEC_ITEM;
        *idx = (int)s->nitems++;
        return KH_OK;
    }
    if (KW("input") && an) {
        char *nm = dupn(arg, an);
        if (!nm) return nomem(ps);
        if (kh_scheme_input_find(s, nm)) {
            int rc = bad(ps, ps->line, "scheme_duplicate", "录入项“%s”重复",
                         "input '%s' declared twice", nm);
            free(nm);
            return rc;
        }
        if (grow((void **)&s->inputs, s->ninputs, sizeof *s->inputs)) {
            free(nm);
            return nomem(ps);
        }
        s->inputs[s->ninputs].name = nm;
        s->inputs[s->ninputs].line = ps->line;
        s->inputs[s->ninputs].hi.den = s->inputs[s->ninputs].lo.den = 1;
        s->inputs[s->ninputs].hi.num = -1; /* unset: checked at the end */
        *kind = SEC_INPUT;
        *idx = (int)s->ninputs++;
        return KH_OK;
    }
    if (KW("veto") && an) {
        if (grow((void **)&s->vetoes, s->nvetoes, sizeof *s->vetoes) ||
            !(s->vetoes[s->nvetoes].code = dupn(arg, an)))
            return nomem(ps);
        s->vetoes[s->nvetoes].line = ps->line;
        *kind = SEC_VETO;
        *idx = (int)s->nvetoes++;
        return KH_OK;
    }
#undef KW
    return bad(ps, ps->line, "scheme_section",
               "未知的节 [%.*s](应为 scheme、grades、item、adjust、input 或 veto)",
               "unknown section [%.*s] (scheme, grades, item, adjust, input or "
               "veto)", (int)nn, name);
}

static int band_check(parser *ps, const kh_scheme_item *it)
{
    if (!it->nbands)
        return bad(ps, it->line, "scheme_band", "项目“%s”的 bands 规则没有 band 行",
                   "item '%s': rule bands without any band line", it->path);
    for (size_t b = 0; b < it->nbands; b++) {
        const kh_band *x = &it->bands[b];
        char p[32], m[32];
        kh_points_format(x->points, p, sizeof p);
        if (x->points < it->min || x->points > it->max) {
            kh_points_format(it->max, m, sizeof m);
            return bad(ps, x->line, "scheme_band_impossible",
                       "档次得分 %s 超出项目“%s”的分值 %s",
                       "band points %s outside item '%s' worth %s", p,
                       it->path, m);
        }
        if (b && it->bands[b - 1].is_else)
            return bad(ps, x->line, "scheme_band_impossible",
                       "此档永远不会命中:前一档“*”已涵盖所有值",
                       "this band can never apply: the band '*' before it "
                       "takes every value");
        if (b && !x->is_else) {
            int c = kh_q_cmp(x->thr, it->bands[b - 1].thr);
            if (it->band_ge ? c >= 0 : c <= 0)
                return bad(ps, x->line, "scheme_band_impossible",
                           "此档永远不会命中:阈值应%s于上一档%.0s",
                           "this band can never apply: its threshold must be "
                           "%.0s%s than the band before",
                           it->band_ge ? "低" : "高",
                           it->band_ge ? "lower" : "higher");
        }
    }
    return KH_OK;
}

static int final_check(parser *ps)
{
    kh_scheme *s = ps->s;
    if (!s->name || !s->level || !s->total)
        return bad(ps, 1, "scheme_missing",
                   "[scheme] 节须有 name、level 和 total",
                   "[scheme] needs name, level and total");
    if (!s->nitems)
        return bad(ps, 1, "scheme_missing", "方案没有任何 [item]",
                   "the scheme has no [item]");
    if (!s->ngrades)
        return bad(ps, 1, "scheme_missing", "方案没有 [grades]",
                   "the scheme has no [grades]");
    long long top = 0, adj_hi = 0;
    for (size_t i = 0; i < s->nitems; i++) {
        kh_scheme_item *it = &s->items[i];
        if (it->parent < 0) {
            if (it->adjust) adj_hi += it->max;
            else top += it->max;
        }
        if (it->nchildren) {
            if (it->src || it->rule)
                return bad(ps, it->line, "scheme_group",
                           "项目“%s”有下级项目,不能再有 source 或 rule",
                           "item '%s' has sub-items and cannot have a source "
                           "or rule", it->path);
            if (it->empty_line)
                return bad(ps, it->empty_line, "scheme_empty",
                           "项目“%s”有下级项目,empty 只用于汇总项和指标项",
                           "item '%s' has sub-items: empty is for roll-up "
                           "and indicator items only", it->path);
            if (!it->adjust) {
                long long sum = 0;
                for (size_t k = i + 1; k < s->nitems; k++)
                    if (s->items[k].parent == (int)i) sum += s->items[k].max;
                if (sum != it->max) {
                    char a[32], b[32];
                    kh_points_format(sum, a, sizeof a);
                    kh_points_format(it->max, b, sizeof b);
                    return bad(ps, it->line, "scheme_points_sum",
                               "项目“%s”的下级项目合计 %s 分,不等于其分值 %s 分",
                               "the sub-items of '%s' add up to %s points, not "
                               "its %s", it->path, a, b);
                }
            }
            continue;
        }
        if (!it->src || !it->rule)
            return bad(ps, it->line, "scheme_leaf",
                       "项目“%s”须有 source 和 rule",
                       "item '%s' needs a source and a rule", it->path);
        if (it->rule == KH_RULE_BANDS) {
            int rc = band_check(ps, it);
            if (rc) return rc;
        } else if (it->nbands) {
            return bad(ps, it->bands[0].line, "scheme_band",
                       "只有 bands 规则才有 band 行",
                       "band lines belong to the bands rule only");
        }
        if (it->rule == KH_RULE_LINEAR && !kh_q_cmp(it->lin_a, it->lin_b))
            return bad(ps, it->line, "scheme_rule_impossible",
                       "项目“%s”:linear 的两端相同", "item '%s': linear with "
                       "both ends equal", it->path);
        if (it->rule == KH_RULE_RANK &&
            (it->rank_min < it->min || it->rank_min > it->max))
            return bad(ps, it->line, "scheme_rule_impossible",
                       "项目“%s”:rank 末位得分超出分值",
                       "item '%s': the last rank's points are outside the "
                       "item's", it->path);
        if (it->rule == KH_RULE_DEDUCT &&
            (it->ded_per <= 0 || it->ded_cap <= 0 ||
             it->ded_cap > it->max - it->min))
            return bad(ps, it->line, "scheme_rule_impossible",
                       "项目“%s”:每例扣分须大于 0,扣分上限须大于 0 且不超过分值",
                       "item '%s': deduct needs points per case above 0 and "
                       "a cap above 0 and not above the item's points",
                       it->path);
        if (it->rule == KH_RULE_POINTS && it->src != KH_SRC_INPUT)
            return bad(ps, it->line, "scheme_rule",
                       "项目“%s”:points 规则只用于人工录入项",
                       "item '%s': the points rule takes a manual input only",
                       it->path);
        if (it->empty_line && it->src == KH_SRC_INPUT)
            return bad(ps, it->empty_line, "scheme_empty",
                       "项目“%s”取人工录入值,录入项缺失即为错误,不能设 empty",
                       "item '%s' takes a manual input, which is never "
                       "empty: empty does not apply", it->path);
        if (it->empty == KH_EMPTY_REALLOCATE && it->adjust)
            return bad(ps, it->empty_line, "scheme_empty",
                       "调整项目“%s”没有可转给同组项目的分值,不能设 empty = reallocate",
                       "adjustment item '%s' has no weight to give to its "
                       "siblings: empty = reallocate does not apply",
                       it->path);
        if (!it->empty_line && it->src == KH_SRC_ROLLUP && !it->adjust)
            it->empty = KH_EMPTY_REALLOCATE; /* the default of roll-ups */
        if (it->src == KH_SRC_INPUT) {
            const kh_scheme_input *in = kh_scheme_input_find(s, it->ref);
            if (!in)
                return bad(ps, it->line, "scheme_input_unknown",
                           "项目“%s”引用的录入项“%s”未用 [input] 声明",
                           "item '%s' uses input '%s', which no [input] "
                           "declares", it->path, it->ref);
            if (it->rule == KH_RULE_POINTS) {
                kh_q lo = {it->min, 100}, hi = {it->max, 100};
                if (kh_q_cmp(in->lo, lo) < 0 || kh_q_cmp(in->hi, hi) > 0)
                    return bad(ps, it->line, "scheme_range",
                               "项目“%s”按录入值计分,但录入项“%s”的取值范围超出其分值",
                               "item '%s' scores its input as points, but the "
                               "range of input '%s' goes beyond its points",
                               it->path, it->ref);
            }
        }
        if (it->src == KH_SRC_INDICATOR && it->ref_level &&
            it->ref_level != s->level)
            return bad(ps, it->line, "scheme_level",
                       "项目“%s”读取 %s 级指标,但方案考核 %s 级",
                       "item '%s' reads the indicator at level %s, but the "
                       "scheme assesses %s", it->path,
                       kh_level_name(it->ref_level), kh_level_name(s->level));
    }
    if (top != s->total) {
        char a[32], b[32];
        kh_points_format(top, a, sizeof a);
        kh_points_format(s->total, b, sizeof b);
        return bad(ps, ps->total_line, "scheme_points_sum",
                   "各顶层项目合计 %s 分,不等于总分 %s 分",
                   "the top items add up to %s points, not the total %s", a, b);
    }
    for (size_t g = 0; g < s->ngrades; g++) {
        if (s->grades[g].min > s->total + adj_hi) {
            char a[32];
            kh_points_format(s->grades[g].min, a, sizeof a);
            return bad(ps, s->grades[g].line, "scheme_grade_impossible",
                       "等次“%s”要求 %s 分,超过可能的最高分",
                       "grade '%s' needs %s points, more than the highest "
                       "possible", s->grades[g].name, a);
        }
    }
    if (s->tie_item && kh_scheme_item_find(s, s->tie_item) < 0)
        return bad(ps, 1, "scheme_tie", "tie 引用的项目“%s”不存在",
                   "tie names item '%s', which does not exist", s->tie_item);
    for (size_t i = 0; i < s->ninputs; i++) {
        kh_scheme_input *in = &s->inputs[i];
        if (in->hi.num == -1 && in->lo.num == 0)
            return bad(ps, in->line, "scheme_input", "录入项“%s”须有 range",
                       "input '%s' needs a range", in->name);
        if (in->type == KH_IN_YESNO &&
            (in->lo.num != 0 || kh_q_cmp(in->hi, (kh_q){1, 1})))
            return bad(ps, in->line, "scheme_range",
                       "是/否录入项“%s”的 range 应为 0 1",
                       "yes/no input '%s' needs range 0 1", in->name);
        if (in->has_default && (kh_q_cmp(in->dflt, in->lo) < 0 ||
                                kh_q_cmp(in->dflt, in->hi) > 0))
            return bad(ps, in->line, "scheme_range",
                       "录入项“%s”的 default 超出其 range",
                       "input '%s': default outside its range", in->name);
        if (!in->step) continue;
        int found = !s->nsteps;
        for (size_t k = 0; k < s->nsteps; k++)
            if (!strcmp(s->steps[k], in->step)) found = 1;
        if (!found)
            return bad(ps, in->line, "scheme_step",
                       "录入项“%s”的步骤“%s”不在 steps 中",
                       "input '%s': step '%s' is not one of steps", in->name,
                       in->step);
    }
    for (size_t i = 0; i < s->nvetoes; i++) {
        kh_scheme_veto *v = &s->vetoes[i];
        if (!v->nconds || !v->consequence)
            return bad(ps, v->line, "scheme_veto",
                       "否决项“%s”须有 when 和 consequence",
                       "veto '%s' needs when and consequence", v->code);
        if (v->cap_grade && kh_scheme_grade_find(s, v->cap_grade) < 0)
            return bad(ps, v->line, "scheme_veto",
                       "否决项“%s”的等次“%s”不在 [grades] 中",
                       "veto '%s': grade '%s' is not in [grades]", v->code,
                       v->cap_grade);
        if ((v->serious_consequence || v->serious_cap) && !v->serious)
            return bad(ps, v->line, "scheme_veto",
                       "否决项“%s”有 serious_consequence 或 serious_cap,但没有 serious = input 录入项",
                       "veto '%s' has serious_consequence or serious_cap but "
                       "no `serious = input NAME`", v->code);
        if (v->serious && !kh_scheme_input_find(s, v->serious))
            return bad(ps, v->line, "scheme_input_unknown",
                       "否决项“%s”的 serious 引用的录入项“%s”未用 [input] 声明",
                       "veto '%s': serious uses input '%s', which no [input] "
                       "declares", v->code, v->serious);
        if (v->serious_cap && kh_scheme_grade_find(s, v->serious_cap) < 0)
            return bad(ps, v->line, "scheme_veto",
                       "否决项“%s”的等次“%s”不在 [grades] 中",
                       "veto '%s': grade '%s' is not in [grades]", v->code,
                       v->serious_cap);
        for (size_t k = 0; k < v->nconds; k++)
            if (v->conds[k].src == KH_SRC_INPUT &&
                !kh_scheme_input_find(s, v->conds[k].ref))
                return bad(ps, v->conds[k].line, "scheme_input_unknown",
                           "否决条件引用的录入项“%s”未用 [input] 声明",
                           "the condition uses input '%s', which no [input] "
                           "declares", v->conds[k].ref);
    }
    return KH_OK;
}

static int parse_line(parser *ps, const char *l, size_t ln, int *kind,
                      int *idx)
{
    kh_scheme *s = ps->s;
    if (l[0] == '[') {
        if (l[ln - 1] != ']' || ln < 3)
            return bad(ps, ps->line, "scheme_syntax", "节名写法错误,应为 [名称]",
                       "bad section header, expected [name]");
        return section(ps, l, ln, kind, idx);
    }
    const char *eq = memchr(l, '=', ln);
    if (!eq || *kind == SEC_NONE)
        return bad(ps, ps->line, "scheme_syntax",
                   "应为“键 = 值”且位于某个 [节] 之下",
                   "expected `key = value` inside a [section]");
    const char *k = l, *v = eq + 1;
    size_t kn = (size_t)(eq - l), vn = ln - kn - 1;
    /* "band = >= x" is not a thing, but "<=" and ">=" as keys are not
     * either: the first '=' splits. */
    trim(&k, &kn);
    trim(&v, &vn);
    char key[64], *val = dupn(v, vn);
    if (!val) return nomem(ps);
    if (!kn || kn >= sizeof key || !vn) {
        free(val);
        return bad(ps, ps->line, "scheme_syntax", "键或值为空",
                   "empty key or value");
    }
    memcpy(key, k, kn);
    key[kn] = '\0';
    int rc;
    switch (*kind) {
    case SEC_SCHEME: rc = scheme_key(ps, key, val); break;
    case SEC_GRADES: {
        long long min;
        if (parse_points(val, &min)) {
            rc = bad(ps, ps->line, "scheme_value", "等次下限“%s”不是分值",
                     "grade minimum '%s' is not points", val);
            break;
        }
        if (s->ngrades && min >= s->grades[s->ngrades - 1].min) {
            rc = bad(ps, ps->line, "scheme_grade_impossible",
                     "等次“%s”的下限应低于上一等次",
                     "grade '%s' must need fewer points than the grade above",
                     key);
            break;
        }
        if (grow((void **)&s->grades, s->ngrades, sizeof *s->grades) ||
            !(s->grades[s->ngrades].name = strdup(key))) {
            rc = nomem(ps);
            break;
        }
        s->grades[s->ngrades].line = ps->line;
        s->grades[s->ngrades++].min = min;
        rc = KH_OK;
        break;
    }
    case SEC_ITEM: rc = item_key(ps, &s->items[*idx], key, val); break;
    case SEC_INPUT: rc = input_key(ps, &s->inputs[*idx], key, val); break;
    default: rc = veto_key(ps, &s->vetoes[*idx], key, val); break;
    }
    free(val);
    return rc;
}

int kh_scheme_parse(const char *text, size_t n, const char *file,
                    kh_scheme **out, kh_error *err)
{
    *out = NULL;
    parser ps = {calloc(1, sizeof(kh_scheme)), file, 0, err, 1};
    if (!ps.s) return nomem(&ps);
    if (!(ps.s->file = strdup(file)) || !(ps.s->text = dupn(text, n))) {
        free(ps.s->file);
        free(ps.s);
        return nomem(&ps);
    }
    ps.s->text_len = n;
    int kind = SEC_NONE, idx = -1, rc = KH_OK;
    {
        /* UTF-8 only: the parser's messages quote the file. */
        size_t partial = 0, ok = kh_utf8_valid_prefix(text, n, &partial);
        if (ok != n) {
            long line = 1;
            for (size_t i = 0; i < ok; i++) line += text[i] == '\n';
            rc = bad(&ps, line, "scheme_encoding",
                     "方案文件不是 UTF-8 编码(第 %ld 行)",
                     "the scheme file is not UTF-8 (line %ld)", line);
        }
    }
    const char *p = text, *end = text + n;
    while (!rc && p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *l = p;
        size_t ln = (size_t)(eol - p);
        p = eol + 1;
        ps.line++;
        const char *hash = memchr(l, '#', ln);
        if (hash) ln = (size_t)(hash - l);
        trim(&l, &ln);
        if (ln) rc = parse_line(&ps, l, ln, &kind, &idx);
    }
    if (!rc) rc = final_check(&ps);
    if (rc) {
        kh_scheme_free(ps.s);
        return rc;
    }
    *out = ps.s;
    return KH_OK;
}

/* ---- words for explain ---- */

char *kh_scheme_rule_text(const kh_scheme_item *it)
{
    kh_buf b = KH_BUF_INIT;
    char x[48], y[48], z[32];
    int rc = 0;
    switch (it->rule) {
    case KH_RULE_BANDS:
        rc = kh_buf_printf(&b, "bands %s", it->band_ge ? ">=" : "<=");
        for (size_t i = 0; !rc && i < it->nbands; i++) {
            kh_points_format(it->bands[i].points, z, sizeof z);
            if (it->bands[i].is_else) {
                rc = kh_buf_printf(&b, "; * → %s", z);
            } else {
                kh_q_text(it->bands[i].thr, x, sizeof x);
                rc = kh_buf_printf(&b, "; %s → %s", x, z);
            }
        }
        break;
    case KH_RULE_LINEAR:
        kh_q_text(it->lin_a, x, sizeof x);
        kh_q_text(it->lin_b, y, sizeof y);
        kh_points_format(it->max, z, sizeof z);
        rc = kh_buf_printf(&b, "linear %s → 0, %s → %s", x, y, z);
        break;
    case KH_RULE_RANK:
        kh_points_format(it->max, y, sizeof y);
        kh_points_format(it->rank_min, z, sizeof z);
        rc = kh_buf_printf(&b, "rank %s: first %s, last %s",
                           it->rank_desc ? "desc" : "asc", y, z);
        break;
    case KH_RULE_DEDUCT:
        kh_points_format(it->ded_per, y, sizeof y);
        kh_points_format(it->ded_cap, z, sizeof z);
        rc = kh_buf_printf(&b, "deduct %s per case, at most %s", y, z);
        break;
    case KH_RULE_POINTS: rc = kh_buf_adds(&b, "points = value"); break;
    default: rc = kh_buf_adds(&b, "sum of sub-items"); break;
    }
    if (rc) {
        kh_buf_free(&b);
        return NULL;
    }
    return kh_buf_take(&b);
}

char *kh_scheme_source_text(const kh_scheme_item *it)
{
    kh_buf b = KH_BUF_INIT;
    int rc = 0;
    static const char *const filt[] = {"all", "poor", "nonpoor"};
    switch (it->src) {
    case KH_SRC_INDICATOR:
        rc = kh_buf_printf(&b, "indicator %s", it->ref);
        if (!rc && it->ref_level)
            rc = kh_buf_printf(&b, "@%s", kh_level_name(it->ref_level));
        break;
    case KH_SRC_INPUT: rc = kh_buf_printf(&b, "input %s", it->ref); break;
    case KH_SRC_ROLLUP:
        rc = kh_buf_printf(&b, "rollup %s%s%s %s %s",
                           it->agg == KH_AGG_AVG        ? "avg"
                           : it->agg == KH_AGG_WEIGHTED ? "weighted"
                                                        : "count",
                           it->agg == KH_AGG_AVG ? "" : ":",
                           it->weight ? it->weight
                           : it->grades ? it->grades : "",
                           it->ref, filt[it->filter]);
        break;
    default: rc = kh_buf_adds(&b, "group"); break;
    }
    if (rc) {
        kh_buf_free(&b);
        return NULL;
    }
    return kh_buf_take(&b);
}
