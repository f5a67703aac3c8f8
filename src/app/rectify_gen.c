/* SPDX-License-Identifier: MIT */
/*
 * rectify_gen.c - the problem list made and judged as a whole
 * (app_rectify.h): `rectify generate` (the indicators against
 * [problem_rule], the households behind each new problem; or a stored
 * assessment's failing items and vetoes) and `rectify recheck` (each
 * problem's indicator, item or veto on the data now, stored as one run),
 * each deciding who may, in one transaction with its audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_rectify.h"
#include "kaohe/assess.h"
#include "kaohe/assess_store.h"
#include "kaohe/fmt.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/label.h"
#include "kaohe/registry.h"
#include "kaohe/review.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

/* The label of list name that v is (a label or one of its codes). */
static const char *label_of(const kh_standard *std, const char *list,
                            const char *v)
{
    int e = kh_standard_enum(std, list);
    int k = e < 0 || !v ? -1 : kh_standard_enum_lookup(std, e, v, strlen(v));
    return k < 0 ? NULL : kh_standard_enum_label(std, e, k);
}

int kh_problem_rule_beyond(const kh_problem_rule *r, long long num,
                           long long den)
{
    if (den <= 0) return 0;
    /* num/den > rn/rd  <=>  num*rd > rn*den (all non-negative) */
    __int128 a = (__int128)num * r->den, b = (__int128)r->num * den;
    return r->above ? a > b : a < b;
}

/* The indicators of a stored year ("year_missing" when it is not). */
static int indicators_of(kh_store *s, const kh_standard *std, int year,
                         int threads, kh_indicators **ix, int *review,
                         kh_error *err)
{
    *ix = NULL;
    if (!kh_store_year_exists(s, year))
        return kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                            "数据库中没有 %d 年的建档立卡数据",
                            "no registry snapshot for %d in the database",
                            year);
    return kh_app_indicators_year(s, std, year, threads > 0 ? threads : 2,
                                  ix, review, err);
}

/* ---- who may ---- */

/* A registered user whose role may change problems, and a region asked
 * for within their scope; a refusal audited as action. */
static int may(kh_store *s, const kh_actor *who, const char *action,
               const char *region, int year, kh_error *err)
{
    if (!who->known)
        return kh_error_set(err, KH_ERR_NOTFOUND, "user_missing",
                            "没有用户 %s(先用 kaohe user add 登记)",
                            "no user %s (register with `kaohe user add`)",
                            who->acc.user);
    char object[64];
    snprintf(object, sizeof object, "problems/%d%s%.12s", year,
             region ? "/" : "", region ? region : "");
    if (!who->acc.may_rectify && !who->acc.may_verify) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你的角色(%s)无权生成或复核问题",
                     "your role (%s) may not generate or recheck problems",
                     who->acc.role[0] ? who->acc.role : "-");
        return kh_app_refuse(s, who, action, object, err);
    }
    if (region && !kh_access_region(&who->acc, region)) {
        kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                     "无权处理该区划的问题",
                     "this region is outside what you may see");
        return kh_app_refuse(s, who, action, object, err);
    }
    return KH_OK;
}

/* Commit with the audit entry when rc is 0, else roll back. */
static int finish(kh_store *s, const kh_actor *who, const char *action,
                  int year, const char *region, long long records,
                  const char *after, int rc, kh_error *err)
{
    if (!rc) {
        char object[64];
        snprintf(object, sizeof object, "problems/%d%s%.12s", year,
                 region ? "/" : "", region ? region : "");
        rc = kh_app_audit(s, who, action, object, "ok", records, NULL, after,
                          NULL, err);
    }
    if (!rc) return kh_store_commit(s, err); /* rolls back when it fails */
    kh_store_rollback(s);
    return rc;
}

/* ---- generate: problems from the indicators ---- */

typedef struct rules {
    kh_problem_rule *r;
    size_t n, cap;
    const kh_standard *std;
    kh_error *err;
} rules;

static int collect_rule(void *ctx, const kh_problem_rule *r,
                        const char *source)
{
    rules *rs = ctx;
    const char *cat = label_of(rs->std, "problem_category", r->category);
    if (!cat) {
        kh_error_set(rs->err, KH_ERR_INVALID, "problem_rule",
                     "%s:[problem_rule] %s 的问题类别“%s”不在"
                     " [enum.problem_category] 中",
                     "%s: [problem_rule] %s: category '%s' is not in "
                     "[enum.problem_category]",
                     source, r->indicator, r->category);
        return 1;
    }
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 32;
        kh_problem_rule *x = realloc(rs->r, cap * sizeof *x);
        if (!x) {
            kh_error_msg(rs->err, KH_ERR_NOMEM, "nomem", "内存不足",
                         "out of memory");
            return 1;
        }
        rs->r = x;
        rs->cap = cap;
    }
    rs->r[rs->n] = *r;
    snprintf(rs->r[rs->n].category, sizeof r->category, "%s", cat);
    rs->n++;
    return 0;
}

/* The rule exactly, as the standards file writes it ("> 10%", "< 1/3"). */
static void rule_text(char *out, size_t n, const kh_problem_rule *r)
{
    const char *op = r->above ? ">" : "<";
    if (r->den > 0 && (r->num * 100) % r->den == 0)
        snprintf(out, n, "%s %lld%%", op, r->num * 100 / r->den);
    else
        snprintf(out, n, "%s %lld/%lld", op, r->num, r->den);
}

/* The generation under way: the store, the actor, the request, the
 * counts. */
typedef struct gen {
    kh_store *s;
    const kh_actor *who;
    const kh_app_generate *req;
    char today[11];
    kh_app_generated *out;
    kh_error *err;
} gen;

/* Add a generated problem unless its origin is listed already; count
 * both and tell the caller of a new one. *idp gets the number of a new
 * one, 0 otherwise. */
static int add_generated(gen *g, const kh_problem_new *p, long long *idp)
{
    long long id;
    int was_added;
    int rc = kh_store_problem_add(g->s, p, g->who->acc.user, g->who->now, &id,
                                  &was_added, g->err);
    if (idp) *idp = !rc && was_added ? id : 0;
    if (!rc && was_added) {
        g->out->added++;
        if (g->req->added) g->req->added(g->req->added_ctx, id, p);
    } else if (!rc) {
        g->out->kept++;
    }
    return rc;
}

/* A problem from a dept.<kind>.* indicator is assigned to the department
 * concerned as 牵头部门: [dept] lead_<kind> (民政局, 教育局, …). */
static int dept_lead(gen *g, const kh_standard *std, long long id,
                     const char *indicator)
{
    char key[96];
    const char *lead = NULL, *why;
    if (!strncmp(indicator, "dept.", 5)) {
        const char *dot = strchr(indicator + 5, '.');
        int kl = dot ? (int)(dot - (indicator + 5)) : 0;
        snprintf(key, sizeof key, "dept.lead_%.*s", kl, indicator + 5);
        lead = kh_standard_get(std, key);
        why = "部门数据比对:牵头部门 / the department concerned";
    } else if (!strncmp(indicator, "funds.", 6)) {
        /* 扶贫资金: [funds] lead_<key>, else lead (县扶贫办、县财政局,
         * the seed's measure (十一); docs/funds.md) */
        snprintf(key, sizeof key, "funds.lead_%s", indicator + 6);
        lead = kh_standard_get(std, key);
        if (!lead || !lead[0]) lead = kh_standard_get(std, "funds.lead");
        why = "扶贫资金:牵头部门 / the lead departments of the funds";
    } else {
        return KH_OK;
    }
    if (!lead || !lead[0]) return KH_OK;
    kh_problem_plan pl;
    memset(&pl, 0, sizeof pl);
    pl.lead_dept = lead;
    return kh_store_problem_act(g->s, id, KH_RA_PLAN, &pl, why,
                                g->who->acc.user, g->who->now,
                                kh_standard_in_list(std, "rectify.verify_roles",
                                                    g->who->acc.role,
                                                    strlen(g->who->acc.role)),
                                g->err);
}

/* The new generated problems whose households are to be stored. */
typedef struct behind_new {
    long long id;
    char region[13];
    size_t ind;
    int below; /* "< …": the households short of it */
} behind_new;
typedef struct behind_list {
    behind_new *v;
    size_t n, cap;
    kh_indicators *ix;
    kh_store *s;
} behind_list;

static int behind_push(behind_list *b, long long id, const char *region,
                       size_t ind, int below, kh_error *err)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 32;
        behind_new *v = realloc(b->v, cap * sizeof *v);
        if (!v) return kh_error_nomem(err);
        b->v = v;
        b->cap = cap;
    }
    behind_new *x = &b->v[b->n++];
    x->id = id;
    snprintf(x->region, sizeof x->region, "%s", region);
    x->ind = ind;
    x->below = below;
    return KH_OK;
}

static int behind_cmp(const void *a, const void *b)
{
    return strcmp(((const behind_new *)a)->region,
                  ((const behind_new *)b)->region);
}

/* One household of the year: stored under every new problem of a region
 * above its village whose indicator it counts in. */
static int behind_one(void *ctx, const kh_ind_hh *h, kh_error *err)
{
    behind_list *b = ctx;
    for (int level = KH_LV_PROVINCE; level <= KH_LV_VILLAGE; level++) {
        char code[13];
        size_t n = (size_t)kh_region_prefix_len(level);
        memcpy(code, h->village, n);
        memset(code + n, '0', 12 - n);
        code[12] = '\0';
        behind_new key;
        memcpy(key.region, code, sizeof code);
        behind_new *x = bsearch(&key, b->v, b->n, sizeof *b->v, behind_cmp);
        if (!x) continue;
        while (x > b->v && !strcmp(x[-1].region, code)) x--;
        for (; x < b->v + b->n && !strcmp(x->region, code); x++) {
            long long num, den;
            kh_indicators_terms(b->ix, h, x->ind, &num, &den);
            if (x->below ? num >= den : !num) continue;
            int rc = kh_store_problem_households_add(b->s, x->id, h->hh_id,
                                                     h->village, err);
            if (rc) return rc;
        }
    }
    return KH_OK;
}

static int behind_store(kh_store *s, const kh_standard *std, int year,
                        kh_indicators *ix, behind_list *b, kh_error *err)
{
    qsort(b->v, b->n, sizeof *b->v, behind_cmp);
    b->ix = ix;
    b->s = s;
    /* Only the villages under the new problems' regions: the longest
     * prefix of village codes they all share. */
    char prefix[13] = "";
    size_t pl = 0;
    for (size_t i = 0; i < b->n; i++) {
        const char *c = b->v[i].region;
        size_t n = (size_t)kh_region_prefix_len(kh_region_code_level(c, 12));
        if (i == 0) {
            pl = n;
            memcpy(prefix, c, n);
        }
        if (n < pl) pl = n;
        size_t k = 0;
        while (k < pl && prefix[k] == c[k]) k++;
        pl = k;
    }
    prefix[pl] = '\0';
    return kh_store_ind_households(s, year, std, pl ? prefix : NULL,
                                   behind_one, b, err);
}

static const char *item_category(const kh_standard *std, const char *path)
{
    char key[256];
    const char *end = path + strlen(path);
    while (end > path) {
        const char *start = end;
        while (start > path && start[-1] != '/') start--;
        snprintf(key, sizeof key, "problem_item.%.*s", (int)(end - start),
                 start);
        const char *v = kh_standard_get(std, key);
        if (v) return label_of(std, "problem_category", v);
        end = start > path ? start - 1 : path;
    }
    return label_of(std, "problem_category",
                          kh_standard_get(std, "problem_item.*"));
}

static const char *veto_category(const kh_standard *std, const char *code)
{
    char key[160];
    snprintf(key, sizeof key, "problem_veto.%s", code);
    const char *v = kh_standard_get(std, key);
    if (!v) v = kh_standard_get(std, "problem_veto.*");
    return label_of(std, "problem_category", v);
}


/* Problems from a stored assessment: every leaf item scored below
 * [problem_assess] item_fail_share of its points (but an empty one whose
 * points were reallocated), and every veto that applied, for the regions
 * the scheme assessed (not the ones rolled up). */
static int generate_assess(gen *g, const kh_standard *std, int level)
{
    const kh_app_generate *req = g->req;
    kh_assessment *a = NULL;
    long long fnum = 0, fden = 1;
    int rc = kh_standard_rate(std, "problem_assess.item_fail_share", &fnum,
                              &fden);
    if (rc)
        rc = kh_error_msg(g->err, KH_ERR_INVALID, "problem_assess",
                          "标准文件缺少 [problem_assess] item_fail_share",
                          "the standards file lacks [problem_assess] "
                          "item_fail_share");
    if (!rc)
        rc = kh_store_assess_load(g->s, req->assessment, req->year, level,
                                  req->version, &a, g->err);
    if (!rc) g->out->version = a->version;
    for (size_t k = 0; !rc && k < a->nregions; k++) {
        const kh_assess_region *r = &a->regions[k];
        if (r->scheme != a->scheme) continue;
        if (req->region && strncmp(r->code, req->region, strlen(req->region)))
            continue;
        const kh_scheme *sc = r->scheme;
        for (size_t i = 0; !rc && i < sc->nitems + r->nvetoes; i++) {
            char text[768], origin[400], ind[300], ruletxt[48];
            const char *cat;
            long long num, den;
            if (i < sc->nitems) {
                const kh_scheme_item *it = &sc->items[i];
                if (it->nchildren || it->adjust || it->max <= 0) continue;
                /* an empty item whose points went to its group: no
                 * problem of the region (docs/assess.md) */
                if (r->items[i].reallocated) continue;
                num = r->items[i].points;
                den = it->max;
                /* failing: points / max < share */
                if ((__int128)num * fden >= (__int128)fnum * den) continue;
                cat = item_category(std, it->path);
                char pts[32], max[32], cmp[160];
                kh_label_points(num, pts, sizeof pts);
                kh_label_points(den, max, sizeof max);
                kh_problem_rule fr = {.above = 0, .num = fnum, .den = fden};
                rule_text(ruletxt, sizeof ruletxt, &fr);
                /* the share said so that it is true as printed */
                kh_fmt_rate_cmp(num, den, fnum, fden, 0, cmp, sizeof cmp);
                snprintf(text, sizeof text,
                         "%s%d年综合评价“%s”得 %s 分（满分 %s 分），"
                         "得分率为 %s",
                         r->name, req->year, it->path, pts, max, cmp);
                snprintf(ind, sizeof ind, "item:%s", it->path);
            } else {
                const kh_assess_veto *v = &r->vetoes[i - sc->nitems];
                num = den = 1;
                cat = veto_category(std, v->code);
                snprintf(ruletxt, sizeof ruletxt, "veto");
                char cons[300];
                kh_label_consequence(v->consequence, cons, sizeof cons);
                snprintf(text, sizeof text,
                         "%s%d年综合评价出现否决情形“%s”（%s），按规定予以%s。",
                         r->name, req->year, kh_label_veto(sc, v->code),
                         v->why ? v->why : "", cons);
                snprintf(ind, sizeof ind, "veto:%s", v->code);
            }
            if (!cat) {
                rc = kh_error_set(g->err, KH_ERR_INVALID, "problem_item",
                                  "考核项 %s 没有问题类别(标准文件 "
                                  "[problem_item] 或 [problem_veto])",
                                  "no problem category for %s (the "
                                  "standards file's [problem_item] or "
                                  "[problem_veto])",
                                  ind);
                break;
            }
            snprintf(origin, sizeof origin, "assess:%s:%d:%s:%s", sc->name,
                     req->year, r->code, ind);
            kh_problem_new p = {.year = req->year,
                                .region = r->code,
                                .source = "考核",
                                .found_on = req->found_on ? req->found_on : g->today,
                                .category = cat,
                                .text = text,
                                .indicator = ind,
                                .value_num = num,
                                .value_den = den,
                                .rule = ruletxt,
                                .origin = origin};
            rc = add_generated(g, &p, NULL);
        }
    }
    kh_assessment_free(a);
    return rc;
}

/* Problems from the indicators: every region of the level beyond a rule
 * of [problem_rule], and the households behind each new one. */
static int generate_rules(gen *g, const kh_standard *std, kh_indicators *ix,
                          int review, int level)
{
    const kh_app_generate *req = g->req;
    rules rl = {.std = std, .err = g->err};
    behind_list bl = {0};
    int rc = KH_OK;
    if (kh_standard_each_rule(std, collect_rule, &rl)) rc = g->err->status;
    if (!rc && !review && req->note) {
        char zh[200], en[200];
        snprintf(zh, sizeof zh,
                 "%d 年尚未运行 kaohe review,跳过 finding.* 规则", req->year);
        snprintf(en, sizeof en,
                 "kaohe review has not run for %d; the finding.* rules are "
                 "skipped", req->year);
        req->note(req->note_ctx, zh, en);
    }
    int home = -1;
    if (!rc && req->region &&
        (home = kh_indicators_region_find(ix, req->region)) < 0)
        rc = kh_error_set(g->err, KH_ERR_INVALID, "region_unknown",
                          "区划代码 %s 不在区划表中",
                          "region %s is not in the region list", req->region);
    for (size_t k = 0; !rc && k < rl.n; k++) {
        const kh_problem_rule *r = &rl.r[k];
        int i = kh_indicators_find(ix, r->indicator);
        if (i < 0) {
            if (!review && !strncmp(r->indicator, "finding.", 8)) continue;
            /* dept.*: no stored 部门数据比对 of that kind this year */
            if (!strncmp(r->indicator, "dept.", 5)) continue;
            /* funds.*: no funds data this year (docs/funds.md) */
            if (!strncmp(r->indicator, "funds.", 6)) continue;
            rc = kh_error_set(g->err, KH_ERR_INVALID, "problem_rule",
                              "[problem_rule] 中的指标 %s 不存在"
                              "(见 docs/indicators.md)",
                              "[problem_rule]: no indicator %s (see "
                              "docs/indicators.md)",
                              r->indicator);
            break;
        }
        for (size_t q = 0; !rc && q < kh_indicators_nregions(ix); q++) {
            const kh_region *reg = kh_indicators_region(ix, q);
            if (reg->level != level) continue;
            if (home >= 0 && !kh_indicators_region_under(ix, q,
                                                         (size_t)home))
                continue;
            long long num, den;
            kh_indicators_get(ix, q, (size_t)i, &num, &den);
            if (!kh_problem_rule_beyond(r, num, den)) continue;
            char cmp[200], text[1536], origin[160], ruletxt[48];
            rule_text(ruletxt, sizeof ruletxt, r);
            /* as many digits as the comparison needs to be true as
             * printed (kaohe/fmt.h) */
            if (kh_indicators_kind(ix, (size_t)i) == 2 && den > 0 && r->den > 0) {
                /* an amount (资金滞留金额): in yuan, not as a rate */
                char v[64], t[64];
                kh_fmt_yuan((long long)((__int128)num * 100 / den), v, sizeof v);
                kh_fmt_yuan((long long)((__int128)r->num * 100 / r->den), t, sizeof t);
                snprintf(cmp, sizeof cmp, "%s 元，%s %s 元", v,
                         r->above ? "高于" : "低于", t);
            } else {
                kh_fmt_rate_cmp(num, den, r->num, r->den, 1, cmp, sizeof cmp);
            }
            int tl = snprintf(text, sizeof text, "%s%s为 %s",
                              reg->name ? reg->name : reg->code,
                              kh_indicators_zh(ix, (size_t)i), cmp);
            /* The parts under it (错退: each exit condition) as detail. */
            size_t parts[KH_RV_COUNT];
            size_t np = kh_indicators_parts(ix, (size_t)i, parts, KH_RV_COUNT);
            for (size_t k = 0, first = 1; k < np; k++) {
                long long pn, pd;
                kh_indicators_get(ix, q, parts[k], &pn, &pd);
                if (!pn || tl < 0 || (size_t)tl >= sizeof text) continue;
                const char *pname = kh_indicators_name(ix, parts[k]);
                int code = strncmp(pname, "finding.", 8)
                               ? -1
                               : kh_review_code_parse(pname + 8);
                tl += snprintf(text + tl, sizeof text - (size_t)tl,
                               "%s%s %lld 户", first ? "；其中" : "、",
                               code >= 0 ? kh_review_codes_zh[code]
                                         : kh_indicators_zh(ix, parts[k]),
                               pn);
                first = 0;
            }
            snprintf(origin, sizeof origin, "rule:%d:%s:%s", req->year,
                     reg->code, r->indicator);
            kh_problem_new p = {.year = req->year,
                                .region = reg->code,
                                .source = "核查",
                                .found_on = req->found_on ? req->found_on : g->today,
                                .category = r->category,
                                .text = text,
                                .indicator = r->indicator,
                                .value_num = num,
                                .value_den = den,
                                .rule = ruletxt,
                                .origin = origin};
            long long id;
            rc = add_generated(g, &p, &id);
            if (!rc && id) rc = dept_lead(g, std, id, r->indicator);
            if (!rc && id)
                rc = behind_push(&bl, id, reg->code, (size_t)i, !r->above,
                                 g->err);
        }
    }
    /* The households behind each new problem, as of this year: stored
     * with it (one pass over the year). */
    if (!rc && bl.n) rc = behind_store(g->s, std, req->year, ix, &bl, g->err);
    free(bl.v);
    free(rl.r);
    return rc;
}

int kh_app_problems_generate(kh_store *s, const kh_standard *std,
                             const kh_actor *who, const kh_app_generate *req,
                             kh_app_generated *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    int level = req->level ? req->level : KH_LV_COUNTY;
    int rc = may(s, who, "problems.generate", req->region, req->year, err);
    if (rc) return rc;
    gen g = {s, who, req, "", out, err};
    snprintf(g.today, sizeof g.today, "%.10s", who->now);
    /* The indicators first, outside the write transaction (their threads
     * read the year on connections of their own). */
    kh_indicators *ix = NULL;
    int review = 0;
    if (!req->assessment &&
        (rc = indicators_of(s, std, req->year, req->threads, &ix, &review,
                            err)))
        return rc;
    rc = kh_store_begin(s, err);
    if (rc) {
        kh_indicators_free(ix);
        return rc;
    }
    rc = req->assessment ? generate_assess(&g, std, level)
                         : generate_rules(&g, std, ix, review, level);
    kh_indicators_free(ix);
    char after[160];
    snprintf(after, sizeof after, "{\"added\":%ld,\"kept\":%ld}", out->added,
             out->kept);
    return finish(s, who, "problems.generate", req->year, req->region,
                  out->added, after, rc, err);
}

/* ---- recheck: does the indicator behind each problem pass now? ---- */

static const char *nz(const char *s) { return s ? s : ""; }

/* The rows gathered, and what judges them. */
typedef struct rlist {
    kh_app_recheck_row *v;
    size_t n, cap;
    kh_indicators *ix;      /* indicators: the year's values */
    const kh_assessment *a; /* assessment: the version */
    char prefix[160];       /* assessment: "assess:SCHEME:YEAR:" */
} rlist;

static kh_app_recheck_row *rres_push(rlist *l, const kh_problem *p, kh_error *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        kh_app_recheck_row *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            kh_error_nomem(err);
            return NULL;
        }
        l->v = v;
        l->cap = cap;
    }
    kh_app_recheck_row *x = &l->v[l->n++];
    memset(x, 0, sizeof *x);
    x->id = p->id;
    snprintf(x->region, sizeof x->region, "%s", p->region);
    snprintf(x->name, sizeof x->name, "%s", nz(p->region_name));
    snprintf(x->indicator, sizeof x->indicator, "%s", nz(p->indicator));
    snprintf(x->rule, sizeof x->rule, "%s", nz(p->rule));
    x->status = p->status;
    x->bnum = p->value_num;
    x->bden = p->value_den;
    return x;
}

static int recheck_one(void *ctx, const kh_problem *p, kh_error *err)
{
    rlist *c = ctx;
    if (!p->indicator || !p->rule) return KH_OK;
    kh_problem_rule r;
    char rule[160];
    snprintf(rule, sizeof rule, "%s, x", p->rule);
    if (kh_standard_parse_rule(rule, &r)) return KH_OK;
    kh_app_recheck_row *x = rres_push(c, p, err);
    if (!x) return err->status;
    int i = kh_indicators_find(c->ix, p->indicator);
    int g = kh_indicators_region_find(c->ix, p->region);
    if (i < 0 || g < 0) return KH_OK;
    kh_indicators_get(c->ix, (size_t)g, (size_t)i, &x->anum, &x->aden);
    x->judged = 1;
    x->pass = !kh_problem_rule_beyond(&r, x->anum, x->aden);
    return KH_OK;
}

static int arecheck_one(void *ctx, const kh_problem *p, kh_error *err)
{
    rlist *c = ctx;
    if (!p->origin || strncmp(p->origin, c->prefix, strlen(c->prefix)) ||
        !p->indicator)
        return KH_OK;
    kh_app_recheck_row *x = rres_push(c, p, err);
    if (!x) return err->status;
    int g = -1;
    for (size_t i = 0; i < c->a->nregions; i++)
        if (c->a->regions[i].scheme == c->a->scheme &&
            !strcmp(c->a->regions[i].code, p->region))
            g = (int)i;
    if (g < 0) return KH_OK;
    const kh_assess_region *r = &c->a->regions[g];
    snprintf(x->name, sizeof x->name, "%s", r->name);
    int bad = 0;
    if (!strncmp(p->indicator, "veto:", 5)) {
        for (size_t v = 0; v < r->nvetoes; v++)
            bad |= !strcmp(r->vetoes[v].code, p->indicator + 5);
        x->anum = bad;
        x->aden = 1;
        snprintf(x->what, sizeof x->what, "否决情形“%s”",
                 kh_label_veto(r->scheme, p->indicator + 5));
    } else {
        kh_problem_rule rule;
        char rt[160];
        snprintf(rt, sizeof rt, "%s, x", p->rule ? p->rule : "");
        int i = kh_scheme_item_find(r->scheme, p->indicator + 5);
        if (i < 0 || kh_standard_parse_rule(rt, &rule)) return KH_OK;
        x->anum = r->items[i].points;
        x->aden = r->scheme->items[i].max;
        bad = kh_problem_rule_beyond(&rule, x->anum, x->aden);
        snprintf(x->what, sizeof x->what, "综合评价“%s”得分",
                 p->indicator + 5);
    }
    x->judged = 1;
    x->pass = !bad;
    return KH_OK;
}

/* Write the run and its results; count them. */
static int recheck_store(kh_store *s, const kh_actor *who,
                         kh_app_rechecked *out, int year, kh_error *err)
{
    out->run = 0;
    int rc = KH_OK;
    for (size_t i = 0; !rc && i < out->n; i++) {
        kh_app_recheck_row *x = &out->v[i];
        if (!x->judged) {
            out->gone++;
            continue;
        }
        if (!out->run)
            rc = kh_store_recheck_begin(s, year, out->source, who->acc.user,
                                        who->now, &out->run, err);
        if (!rc)
            rc = kh_store_recheck_add(s, out->run, x->id, x->anum, x->aden,
                                      x->pass, &x->rebound, err);
        if (x->pass)
            out->pass++;
        else
            out->fail++;
        out->rebound += x->rebound;
    }
    return rc;
}

void kh_app_rechecked_free(kh_app_rechecked *r)
{
    if (!r) return;
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

int kh_app_problems_recheck(kh_store *s, const kh_standard *std,
                            const kh_actor *who, const kh_app_recheck *req,
                            kh_app_rechecked *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = may(s, who, "problems.recheck", req->region, req->year, err);
    if (rc) return rc;
    rlist c = {0};
    kh_assessment *a = NULL;
    /* The indicators (or the assessment) first, outside the write
     * transaction. */
    if (req->assessment) {
        rc = kh_store_assess_load(s, req->assessment, req->year, req->level,
                                  req->version, &a, err);
        if (!rc) {
            c.a = a;
            out->version = a->version;
            snprintf(c.prefix, sizeof c.prefix, "assess:%s:%d:",
                     req->assessment, req->year);
            snprintf(out->source, sizeof out->source, "assess:%s:v%d",
                     req->assessment, a->version);
            snprintf(out->title, sizeof out->title, "%s",
                     a->scheme && a->scheme->title ? a->scheme->title
                                                   : req->assessment);
        }
    } else {
        rc = indicators_of(s, std, req->year, req->threads, &c.ix, NULL,
                           err);
        snprintf(out->source, sizeof out->source, "indicators");
    }
    if (!rc) rc = kh_store_begin(s, err);
    if (rc) {
        kh_assessment_free(a);
        kh_indicators_free(c.ix);
        return rc;
    }
    kh_problem_filter f = {.region = req->region};
    rc = kh_store_problems_each(s, &f, a ? arecheck_one : recheck_one, &c,
                                err);
    out->v = c.v;
    out->n = c.n;
    out->cap = c.cap;
    if (!rc) rc = recheck_store(s, who, out, req->year, err);
    kh_assessment_free(a);
    kh_indicators_free(c.ix);
    char after[160];
    snprintf(after, sizeof after,
             "{\"run\":%lld,\"pass\":%ld,\"fail\":%ld,\"gone\":%ld,"
             "\"rebound\":%ld}",
             out->run, out->pass, out->fail, out->gone, out->rebound);
    return finish(s, who, "problems.recheck", req->year, req->region,
                  out->run ? (long long)(out->pass + out->fail) : 0, after, rc,
                  err);
}
