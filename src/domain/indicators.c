/* SPDX-License-Identifier: MIT */
/*
 * indicators.c - the indicator table and its arithmetic: what each
 * household adds to each indicator of its village, the roll-up from the
 * villages through the parent chain of the region list, the 减贫计划 rule
 * at county level, and exact medians from incomes fed in ascending order
 * (one rank counter per region, so memory does not grow with the
 * registry). Definitions: docs/indicators.md.
 */
#include "kaohe/indicators.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/dept.h"
#include "kaohe/funds.h"
#include "kaohe/registry.h"
#include "kaohe/review.h"

/* The fixed indicators, in output order. */
enum {
    I_HOUSEHOLDS, I_PERSONS, I_VILLAGES, I_RURAL_POP, I_PLAN_EXIT,
    I_POOR_HH, I_POOR_P, I_EXITED_HH, I_EXITED_P, I_EXITED_HH_YEAR,
    I_EXITED_P_YEAR, I_INCIDENCE, I_PLAN_COMPLETION, I_INCOME_HH,
    I_INCOME_MEAN, I_INCOME_MEDIAN, I_INS_MED, I_INS_SERIOUS, I_INS_PENSION,
    I_TREAT_FIRST, I_DROPOUTS, I_UNSAFE_HOUSING, I_INDUSTRY, I_VISITED,
    I_DIBAO_COVER, I_INCOME_GROWTH, I_VILLAGE_EXIT, I_COUNTY_EXIT,
    I_WRONG_IN, I_FIXED
};

enum { K_RATE = 0, K_COUNT = 1, K_MONEY = 2 };

typedef struct fixed_def {
    const char *name, *zh;
    int kind;
    int den_from; /* den is the numerator of this indicator, or -1 */
    const char *desc; /* the one-line 说明 documents print */
} fixed_def;

static const fixed_def fixed[I_FIXED] = {
    {"households", "建档立卡户数", K_COUNT, -1, "在册建档立卡贫困户的户数"},
    {"persons", "建档立卡人数", K_COUNT, -1, "建档立卡贫困户的家庭成员人数"},
    {"villages", "行政村数", K_COUNT, -1, "区划表中该地区所辖行政村的个数"},
    {"rural_pop", "农业户籍人口", K_COUNT, -1, "区划表中所辖行政村农业户籍人口之和，是贫困发生率的分母"},
    {"plan_exit", "计划减贫人数", K_COUNT, -1, "区划表中所辖县计划减贫人数之和"},
    {"poor_households", "未脱贫+返贫户数(占建档立卡户)", K_RATE, I_HOUSEHOLDS, "户状态为未脱贫或返贫的户数占建档立卡户数的比例"},
    {"poor_persons", "未脱贫+返贫人数(占建档立卡人数)", K_RATE, I_PERSONS, "未脱贫和返贫户的人数占建档立卡人数的比例"},
    {"exited_households", "已脱贫户数(占建档立卡户)", K_RATE, I_HOUSEHOLDS, "已脱贫户数占建档立卡户数的比例"},
    {"exited_persons", "已脱贫人数(占建档立卡人数)", K_RATE, I_PERSONS, "已脱贫户的人数占建档立卡人数的比例"},
    {"exited_households_year", "当年脱贫户数(占建档立卡户)", K_RATE, I_HOUSEHOLDS, "脱贫年度为当年的户数占建档立卡户数的比例"},
    {"exited_persons_year", "当年脱贫人数(占建档立卡人数)", K_RATE, I_PERSONS, "脱贫年度为当年的人数占建档立卡人数的比例"},
    {"incidence", "贫困发生率", K_RATE, -1, "未脱贫和返贫人数占农业户籍人口的比例"},
    {"plan_completion", "减贫计划完成率", K_RATE, -1, "当年脱贫人数占计划减贫人数的比例"},
    {"income_pc_households", "有人均纯收入的在册户(占在册户)", K_RATE, -1, "填报了人均纯收入的在册户占在册户的比例"},
    {"income_pc_mean", "人均纯收入均值(元)", K_MONEY, -1, "在册户人均纯收入的平均值（元）"},
    {"income_pc_median", "人均纯收入中位数(元)", K_MONEY, -1, "在册户人均纯收入的中位数（元）"},
    {"ins_med", "基本医疗保险参保率", K_RATE, -1, "参加城乡居民基本医疗保险的在册人数占在册人数的比例"},
    {"ins_serious", "大病保险参保率", K_RATE, -1, "参加大病保险的在册人数占在册人数的比例"},
    {"ins_pension", "基本养老保险参保率(应参保人员)", K_RATE, -1, "参加城乡居民基本养老保险的人数占应参保人数（16 周岁及以上非在校生）的比例"},
    {"treat_first", "先诊疗后付费覆盖率", K_RATE, -1, "享受先诊疗后付费的在册人数占在册人数的比例"},
    {"dropouts", "义务教育阶段失学辍学率", K_RATE, -1, "义务教育阶段适龄人员中失学辍学的比例"},
    {"unsafe_housing", "危房户比例", K_RATE, -1, "住房为 C 级、D 级危房的在册户占在册户的比例"},
    {"industry_support", "有劳动力户产业扶持覆盖率", K_RATE, -1, "有劳动力的在册户中享受产业扶持的比例"},
    {"visited", "走访间隔内已走访户比例", K_RATE, -1, "走访间隔（90 天）内走访过的在册户占在册户的比例"},
    {"dibao_cover", "低保、特困供养金到户率", K_RATE, -1, "低保贫困户和特困供养贫困户中领取了低保金或特困供养金的户的比例"},
    {"income_pc_growth", "人均纯收入增长率(与上年同户相比)", K_RATE, -1, "上年和当年都填报人均纯收入的同一户，当年人均纯收入之和比上年增长的比例"},
    {"poor_village_exit", "贫困村出列达标率", K_RATE, -1, "贫困村中贫困发生率低于出列标准（标准文件所定，西部地区另定）的比例"},
    {"poor_county_exit", "贫困县摘帽达标率(贫困发生率)", K_RATE, -1, "贫困县中贫困发生率低于摘帽标准（标准文件所定，西部地区另定）的比例"},
    /* needs the exit review; without it, no value (kh_indicators_why) */
    {"wrong_in", "错评户占比(当年新识别未脱贫户中已达退出标准的)", K_RATE, -1, "当年新识别的未脱贫户中，收入已超过贫困线且两不愁三保障都有保障（不符合识别标准）的户的比例"},
};

/* The indicators only there after the exit review (kaohe review), after
 * the finding.CODE ones. */
enum { R_WRONG_EXIT, R_COUNT };
static const fixed_def review_defs[R_COUNT] = {
    {"wrong_exit", "错退户占比(已脱贫户中未达任一退出标准的)", K_RATE, -1, "已脱贫户中未达到任一项退出标准的户的比例"},
};

/* Labour abilities that make a household one "with labour"
 * (有劳动力户): everything but 丧失劳动力 and 无劳动力. */
static const char *const with_labour[] = {"普通劳动力", "技能劳动力",
                                          "弱劳动力或半劳动力"};

typedef struct ind {
    char *name;
    char *zh;
    int kind;
    int den_from;
} ind;

/* A breakdown: one slot per label of an enum, for households and persons. */
typedef struct breakdown {
    int first; /* slot of households.X.<label 0>; persons follow */
    int n;
} breakdown;

struct kh_indicators {
    int year;
    ind *inds;
    size_t ninds;
    breakdown by_status, by_type, by_cause;
    int first_finding; /* slot of finding.<code 0>, or -1 */
    int wrong_exit;    /* slot of wrong_exit (错退), or -1 */
    int with_review;   /* the review's results are read */
    int prev_year;     /* the previous year is stored (income_pc_growth) */
    /* slot of dept.<kind>.covered per kind of list (matched, disagree
     * and closure follow), or -1 (部门数据比对, docs/dept.md) */
    int first_dept[32];
    int first_funds; /* slot of funds.<KH_FI_* 0>, or -1 (docs/funds.md) */
    uint32_t exit_mask; /* the exit standard's review codes */

    /* regions in code order, with parent index and rank counters */
    kh_region *regions;
    char **names; /* owned copies of the names */
    int *parent;
    size_t nregions;
    long long *num, *den; /* nregions x ninds */
    long long *med_n, *med_seen, *med_lo, *med_hi;
    int last_village; /* cache for consecutive households */
    char last_code[13];
    long long *scratch; /* 2 x ninds: one household's terms (explain) */
    int *slots;     /* hash of the villages' codes: region index + 1, 0 empty */
    size_t nslots;  /* a power of two */
    long long unplaced;
    pthread_mutex_t mu; /* guards num, den and unplaced for kh_ind_acc */

    /* rules, from the standards file */
    uint32_t poor_status, exited_status, removed_status; /* bit per label */
    int not_in_school, preschool;     /* schooling label indexes */
    uint32_t labour_set;              /* bit per labour label */
    int industry_bit;                 /* measures label index */
    uint32_t unsafe_housing;          /* bit per housing label */
    int dibao_type, tekun_type;       /* hh_type label indexes */
    long long vx_num, vx_den, vxw_num, vxw_den; /* 贫困村出列 incidence */
    long long cx_num, cx_den, cxw_num, cxw_den; /* 贫困县摘帽 incidence */
    int compulsory_min, compulsory_max, pension_min;
    long visit_from;                  /* days: visits on or after count */
};


static int push(kh_indicators *ix, const char *name, const char *zh,
                int kind, int den_from)
{
    ind *d = &ix->inds[ix->ninds];
    d->name = strdup(name);
    d->zh = strdup(zh);
    d->kind = kind;
    d->den_from = den_from;
    if (!d->name || !d->zh) {
        free(d->name);
        free(d->zh);
        return -1;
    }
    ix->ninds++;
    return 0;
}

static int add_breakdown(kh_indicators *ix, const kh_standard *std,
                         const char *list, const char *zh, breakdown *b)
{
    int e = kh_standard_enum(std, list);
    b->first = (int)ix->ninds;
    b->n = e < 0 ? 0 : kh_standard_enum_count(std, e);
    for (int who = 0; who < 2; who++)
        for (int i = 0; i < b->n; i++) {
            const char *label = kh_standard_enum_label(std, e, i);
            char name[160], z[200];
            snprintf(name, sizeof name, "%s.%s.%s",
                     who ? "persons" : "households", list, label);
            snprintf(z, sizeof z, "%s%s:%s", zh, who ? "人数" : "户数", label);
            if (push(ix, name, z, K_RATE, who ? I_PERSONS : I_HOUSEHOLDS))
                return -1;
        }
    return 0;
}

static uint32_t label_bits(const kh_standard *std, const char *list,
                           const char *const *v, size_t n)
{
    int e = kh_standard_enum(std, list);
    uint32_t bits = 0;
    for (size_t i = 0; i < n; i++) {
        int k = kh_standard_enum_lookup(std, e, v[i], strlen(v[i]));
        if (k >= 0 && k < 32) bits |= 1u << k;
    }
    return bits;
}


static int region_cmp(const void *a, const void *b)
{
    return strcmp(((const kh_region *)a)->code, ((const kh_region *)b)->code);
}

int kh_indicators_find(const kh_indicators *ix, const char *name)
{
    for (size_t i = 0; i < ix->ninds; i++)
        if (!strcmp(ix->inds[i].name, name)) return (int)i;
    return -1;
}

size_t kh_indicators_parts(const kh_indicators *ix, size_t i, size_t *parts,
                           size_t max)
{
    size_t n = 0;
    if (ix->wrong_exit < 0 || (int)i != ix->wrong_exit) return 0;
    for (int k = 0; k < KH_RV_COUNT && n < max; k++)
        if (ix->exit_mask >> k & 1u)
            parts[n++] = (size_t)(ix->first_finding + k);
    return n;
}

int kh_indicators_region_find(const kh_indicators *ix, const char *code)
{
    size_t lo = 0, hi = ix->nregions;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(ix->regions[mid].code, code, 12);
        if (c == 0) return (int)mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

int kh_indicators_new(const kh_standard *std, int year,
                      const kh_regionset *rs, int with_review,
                      kh_indicators **out, kh_error *err)
{
    *out = NULL;
    kh_indicators *ix = calloc(1, sizeof *ix);
    if (!ix) return kh_error_nomem(err);
    ix->year = year;
    ix->first_finding = -1;
    ix->wrong_exit = -1;
    ix->with_review = (with_review & 1) != 0;
    ix->last_village = -1;
    pthread_mutex_init(&ix->mu, NULL);
    int nkinds = 0;
    const kh_dept_kind *kinds = kh_dept_kinds(&nkinds);
    for (int k = 0; k < 32; k++) ix->first_dept[k] = -1;
    size_t cap = I_FIXED + KH_RV_COUNT + R_COUNT + 4 * (size_t)nkinds +
                 KH_FI_COUNT;
    ix->first_funds = -1;
    static const char *const lists[] = {"status", "hh_type", "cause"};
    for (int l = 0; l < 3; l++) {
        int e = kh_standard_enum(std, lists[l]);
        if (e >= 0) cap += 2 * (size_t)kh_standard_enum_count(std, e);
    }
    ix->inds = calloc(cap, sizeof *ix->inds);
    if (!ix->inds) goto oom;
    for (int i = 0; i < I_FIXED; i++)
        if (push(ix, fixed[i].name, fixed[i].zh, fixed[i].kind,
                 fixed[i].den_from))
            goto oom;
    if (add_breakdown(ix, std, "status", "户状态", &ix->by_status) ||
        add_breakdown(ix, std, "hh_type", "贫困户属性", &ix->by_type) ||
        add_breakdown(ix, std, "cause", "主要致贫原因", &ix->by_cause))
        goto oom;
    if (with_review & 1) {
        ix->first_finding = (int)ix->ninds;
        for (int k = 0; k < KH_RV_COUNT; k++) {
            char name[96], zh[128];
            snprintf(name, sizeof name, "finding.%s", kh_review_codes[k]);
            snprintf(zh, sizeof zh, "%s的户占比", kh_review_codes_zh[k]);
            if (push(ix, name, zh, K_RATE, -1)) goto oom;
        }
        /* 错退 as the methods define it: an exited household that fails
         * any condition of the exit standard, counted once. */
        ix->wrong_exit = (int)ix->ninds;
        ix->exit_mask = kh_review_exit_mask();
        for (int k = 0; k < R_COUNT; k++)
            if (push(ix, review_defs[k].name, review_defs[k].zh,
                     review_defs[k].kind, review_defs[k].den_from))
                goto oom;
    }

    /* 部门数据比对: the kinds of list the year's stored comparison has
     * (with_review's bits from KH_IND_DEPT_SHIFT on). */
    for (int k = 0; k < nkinds && k < KH_IND_DEPT_MAX; k++) {
        if (!(with_review >> (KH_IND_DEPT_SHIFT + k) & 1)) continue;
        ix->first_dept[k] = (int)ix->ninds;
        static const char *const part[4] = {"covered", "matched", "disagree",
                                            "closure"};
        for (int j = 0; j < 4; j++) {
            char name[64], zh[160];
            snprintf(name, sizeof name, "dept.%s.%s", kinds[k].key, part[j]);
            kh_indicator_label(name, zh, sizeof zh, NULL, NULL);
            if (push(ix, name, zh, j == 0 || j == 2 ? K_COUNT : K_RATE,
                     j == 0 || j == 2 ? -1 : ix->first_dept[k]))
                goto oom;
        }
    }

    /* 扶贫资金 (docs/funds.md): when the year has funds data. A total
     * amount (滞留金额) has the constant denominator 100 (分 a yuan). */
    if (with_review & KH_IND_FUNDS) {
        ix->first_funds = (int)ix->ninds;
        const kh_funds_ind_def *fd = kh_funds_ind_defs();
        for (int k = 0; k < KH_FI_COUNT; k++) {
            char name[64];
            snprintf(name, sizeof name, "funds.%s", fd[k].key);
            if (push(ix, name, fd[k].zh, fd[k].kind,
                     k == KH_FI_RETAINED ? -2 : -1))
                goto oom;
        }
    }

    /* Rules. */
    static const char *const poor[] = {"0", "3"}, *const exited[] = {"1", "4"},
                             *const removed[] = {"清退"};
    ix->poor_status = label_bits(std, "status", poor, 2);
    ix->exited_status = label_bits(std, "status", exited, 2);
    ix->removed_status = label_bits(std, "status", removed, 1);
    int se = kh_standard_enum(std, "schooling");
    ix->not_in_school = kh_standard_enum_lookup(std, se, "非在校生",
                                                strlen("非在校生"));
    ix->preschool = kh_standard_enum_lookup(std, se, "学前教育",
                                            strlen("学前教育"));
    ix->labour_set = label_bits(std, "labour", with_labour, 3);
    int te = kh_standard_enum(std, "hh_type");
    ix->dibao_type = kh_standard_enum_lookup(std, te, "低保贫困户",
                                             strlen("低保贫困户"));
    ix->tekun_type = kh_standard_enum_lookup(std, te, "特困供养贫困户",
                                             strlen("特困供养贫困户"));
    /* The exit thresholds the review's area verdicts use; absent: no
     * region meets them (the review refuses such a standards file). */
    static const char *const exit_keys[4] = {
        "village_exit.incidence_max", "village_exit.incidence_max_western",
        "county_exit.incidence_max", "county_exit.incidence_max_western"};
    long long *exit_thr[4][2] = {{&ix->vx_num, &ix->vx_den},
                                 {&ix->vxw_num, &ix->vxw_den},
                                 {&ix->cx_num, &ix->cx_den},
                                 {&ix->cxw_num, &ix->cxw_den}};
    for (int k = 0; k < 4; k++)
        if (kh_standard_rate(std, exit_keys[k], exit_thr[k][0], exit_thr[k][1]))
            *exit_thr[k][0] = 0, *exit_thr[k][1] = 1;
    int me = kh_standard_enum(std, "measures");
    ix->industry_bit = kh_standard_enum_lookup(std, me, "产业扶持",
                                               strlen("产业扶持"));
    int he = kh_standard_enum(std, "housing");
    for (int i = 0; he >= 0 && i < kh_standard_enum_count(std, he) && i < 32;
         i++) {
        const char *l = kh_standard_enum_label(std, he, i);
        if (kh_standard_in_list(std, "exit.unsafe_housing", l, strlen(l)))
            ix->unsafe_housing |= 1u << i;
    }
    ix->compulsory_min = (int)kh_standard_int(std, "exit.compulsory_age_min", 6);
    ix->compulsory_max = (int)kh_standard_int(std, "exit.compulsory_age_max", 15);
    ix->pension_min = (int)kh_standard_int(std, "review.pension_age_min", 16);
    ix->visit_from = kh_date_days(year, 12, 31) -
                     (long)kh_standard_int(std, "review.visit_interval_days", 90);

    /* Regions, in code order, each with its parent's index. */
    ix->nregions = kh_regionset_count(rs);
    size_t nr = ix->nregions ? ix->nregions : 1;
    ix->regions = calloc(nr, sizeof *ix->regions);
    ix->names = calloc(nr, sizeof *ix->names);
    ix->parent = calloc(nr, sizeof *ix->parent);
    ix->num = calloc(nr * ix->ninds, sizeof *ix->num);
    ix->den = calloc(nr * ix->ninds, sizeof *ix->den);
    ix->med_n = calloc(nr, sizeof *ix->med_n);
    ix->med_seen = calloc(nr, sizeof *ix->med_seen);
    ix->med_lo = calloc(nr, sizeof *ix->med_lo);
    ix->med_hi = calloc(nr, sizeof *ix->med_hi);
    ix->scratch = calloc(2 * ix->ninds, sizeof *ix->scratch);
    if (!ix->scratch || !ix->regions || !ix->names || !ix->parent || !ix->num || !ix->den ||
        !ix->med_n || !ix->med_seen || !ix->med_lo || !ix->med_hi)
        goto oom;
    for (size_t r = 0; r < ix->nregions; r++)
        ix->regions[r] = *kh_regionset_at(rs, r);
    qsort(ix->regions, ix->nregions, sizeof *ix->regions, region_cmp);
    for (size_t r = 0; r < ix->nregions; r++) {
        if (!(ix->names[r] = strdup(ix->regions[r].name ? ix->regions[r].name
                                                        : "")))
            goto oom;
        ix->regions[r].name = ix->names[r];
        ix->parent[r] = ix->regions[r].parent[0]
                            ? kh_indicators_region_find(ix, ix->regions[r].parent)
                            : -1;
    }
    /* The villages by code, for the households' lookups. */
    ix->nslots = 16;
    while (ix->nslots < 2 * ix->nregions) ix->nslots *= 2;
    if (!(ix->slots = calloc(ix->nslots, sizeof *ix->slots))) goto oom;
    for (size_t r = 0; r < ix->nregions; r++) {
        if (ix->regions[r].level != KH_LV_VILLAGE) continue;
        size_t k = (size_t)kh_region_code_hash(ix->regions[r].code) & (ix->nslots - 1);
        while (ix->slots[k]) k = (k + 1) & (ix->nslots - 1);
        ix->slots[k] = (int)r + 1;
    }
    /* Region-level figures, at the villages and counties themselves. */
    for (size_t r = 0; r < ix->nregions; r++) {
        const kh_region *g = &ix->regions[r];
        long long *n = ix->num + r * ix->ninds, *d = ix->den + r * ix->ninds;
        if (g->level == KH_LV_VILLAGE) {
            n[I_VILLAGES] = 1;
            long long pop = g->rural_pop > 0 ? g->rural_pop : 0;
            n[I_RURAL_POP] = pop;
            d[I_INCIDENCE] = pop;
            d[I_VILLAGE_EXIT] = g->poor_village == 1;
        }
        if (g->level == KH_LV_COUNTY) d[I_COUNTY_EXIT] = g->poor_county == 1;
        if (g->level == KH_LV_COUNTY && g->plan_exit >= 0)
            n[I_PLAN_EXIT] = g->plan_exit;
    }
    *out = ix;
    return KH_OK;
oom:
    kh_indicators_free(ix);
    return kh_error_nomem(err);
}

void kh_indicators_free(kh_indicators *ix)
{
    if (!ix) return;
    for (size_t i = 0; i < ix->ninds; i++) {
        free(ix->inds[i].name);
        free(ix->inds[i].zh);
    }
    free(ix->inds);
    if (ix->names)
        for (size_t r = 0; r < ix->nregions; r++) free(ix->names[r]);
    free(ix->names);
    free(ix->regions);
    free(ix->parent);
    free(ix->num);
    free(ix->den);
    free(ix->med_n);
    free(ix->med_seen);
    free(ix->med_lo);
    free(ix->med_hi);
    free(ix->slots);
    free(ix->scratch);
    pthread_mutex_destroy(&ix->mu);
    free(ix);
}

size_t kh_indicators_count(const kh_indicators *ix) { return ix->ninds; }
const char *kh_indicators_name(const kh_indicators *ix, size_t i)
{
    return ix->inds[i].name;
}
const char *kh_indicators_zh(const kh_indicators *ix, size_t i)
{
    return ix->inds[i].zh;
}
int kh_indicators_kind(const kh_indicators *ix, size_t i)
{
    return ix->inds[i].kind;
}
size_t kh_indicators_nregions(const kh_indicators *ix) { return ix->nregions; }
const kh_region *kh_indicators_region(const kh_indicators *ix, size_t r)
{
    return &ix->regions[r];
}
long long kh_indicators_unplaced(const kh_indicators *ix)
{
    return ix->unplaced;
}

int kh_indicators_region_under(const kh_indicators *ix, size_t r, size_t a)
{
    for (int k = (int)r, depth = 0; k >= 0 && depth < 8;
         k = ix->parent[k], depth++)
        if ((size_t)k == a) return 1;
    return 0;
}

static int has(uint32_t set, int i) { return i >= 0 && i < 32 && (set >> i & 1u); }

/* The household's terms, added into n[] and d[] (one region's row). */
static void accumulate(const kh_indicators *ix, const kh_ind_hh *h,
                       long long *n, long long *d)
{
    long long np = (long long)h->nmembers;
    n[I_HOUSEHOLDS] += 1;
    n[I_PERSONS] += np;
    if (h->status >= 0 && h->status < ix->by_status.n) {
        n[ix->by_status.first + h->status] += 1;
        n[ix->by_status.first + ix->by_status.n + h->status] += np;
    }
    if (h->hh_type >= 0 && h->hh_type < ix->by_type.n) {
        n[ix->by_type.first + h->hh_type] += 1;
        n[ix->by_type.first + ix->by_type.n + h->hh_type] += np;
    }
    if (h->cause >= 0 && h->cause < ix->by_cause.n) {
        n[ix->by_cause.first + h->cause] += 1;
        n[ix->by_cause.first + ix->by_cause.n + h->cause] += np;
    }
    if (has(ix->poor_status, h->status)) {
        n[I_POOR_HH] += 1;
        n[I_POOR_P] += np;
        n[I_INCIDENCE] += np;
    }
    if (has(ix->exited_status, h->status)) {
        n[I_EXITED_HH] += 1;
        n[I_EXITED_P] += np;
        if (h->year_out == ix->year) {
            n[I_EXITED_HH_YEAR] += 1;
            n[I_EXITED_P_YEAR] += np;
            n[I_PLAN_COMPLETION] += np;
        }
    }
    if (ix->first_finding >= 0 && h->reviewed)
        for (int k = 0; k < KH_RV_COUNT; k++) {
            n[ix->first_finding + k] += (long long)(h->rv_flagged >> k & 1u);
            d[ix->first_finding + k] += (long long)(h->rv_applies >> k & 1u);
        }
    if (ix->wrong_exit >= 0 && h->reviewed) {
        n[ix->wrong_exit] += (h->rv_flagged & ix->exit_mask) != 0;
        d[ix->wrong_exit] += (h->rv_applies & ix->exit_mask) != 0;
    }
    /* The rest is over households still in the registry (not 清退). */
    if (has(ix->removed_status, h->status)) return;
    d[I_INCOME_HH] += 1;
    if (h->has_income) {
        n[I_INCOME_HH] += 1;
        n[I_INCOME_MEAN] += h->income_pc;
        d[I_INCOME_MEAN] += 100;
    }
    d[I_UNSAFE_HOUSING] += 1;
    n[I_UNSAFE_HOUSING] += has(ix->unsafe_housing, h->housing);
    /* 兜底保障: a 低保 (特困供养) household backed by the money. */
    if (h->hh_type >= 0 && h->hh_type == ix->dibao_type) {
        d[I_DIBAO_COVER] += 1;
        n[I_DIBAO_COVER] += h->has_dibao && h->dibao > 0;
    } else if (h->hh_type >= 0 && h->hh_type == ix->tekun_type) {
        d[I_DIBAO_COVER] += 1;
        n[I_DIBAO_COVER] += h->has_tekun && h->tekun > 0;
    }
    d[I_VISITED] += 1;
    int vy, vm, vd;
    if (h->last_visit[0] &&
        kh_date_parse(h->last_visit, strlen(h->last_visit), &vy, &vm, &vd) == 0 &&
        kh_date_days(vy, vm, vd) >= ix->visit_from)
        n[I_VISITED] += 1;
    int labour = 0;
    for (size_t i = 0; i < h->nmembers; i++) {
        const kh_ind_member *m = &h->members[i];
        d[I_INS_MED] += 1;
        n[I_INS_MED] += m->ins_med == 1;
        d[I_INS_SERIOUS] += 1;
        n[I_INS_SERIOUS] += m->ins_serious == 1;
        d[I_TREAT_FIRST] += 1;
        n[I_TREAT_FIRST] += m->treat_first == 1;
        /* As the review has it: a student is in a school stage other
         * than 学前教育; a dropout is recorded as 非在校生 (an empty
         * column proves neither). */
        int student = m->schooling >= 0 && m->schooling != ix->not_in_school &&
                      m->schooling != ix->preschool;
        if (m->birth_year > 0) {
            int age = ix->year - m->birth_year; /* at 31 December */
            if (age >= ix->pension_min && !student) {
                d[I_INS_PENSION] += 1;
                n[I_INS_PENSION] += m->ins_pension == 1;
            }
            if (age >= ix->compulsory_min && age <= ix->compulsory_max) {
                d[I_DROPOUTS] += 1;
                n[I_DROPOUTS] += m->schooling >= 0 &&
                                 m->schooling == ix->not_in_school;
            }
        }
        labour |= has(ix->labour_set, m->labour);
    }
    if (labour) {
        d[I_INDUSTRY] += 1;
        n[I_INDUSTRY] += has(h->measures, ix->industry_bit);
    }
}

/* 错评 (wrong_in): identified this year, still registered poor, and
 * already meeting the whole exit standard (the review's 拟退出). Not in
 * accumulate(): the review's stored tallies do not read 识别年度, so the
 * store adds these households apart (kh_indicators_add_identified). */
static void wrong_in_term(const kh_indicators *ix, const kh_ind_hh *h,
                          long long *n, long long *d)
{
    if (!ix->with_review || !h->reviewed || h->year_in != ix->year ||
        !has(ix->poor_status, h->status))
        return;
    n[I_WRONG_IN] += h->rv_ready != 0;
    d[I_WRONG_IN] += 1;
}

/* 收入增长 (income_pc_growth): a household still registered with
 * 人均纯收入 this year and a positive one the year before. */
static void growth_term(const kh_indicators *ix, const kh_ind_hh *h,
                        long long prev, long long *n, long long *d)
{
    if (has(ix->removed_status, h->status) || !h->has_income || prev <= 0)
        return;
    n[I_INCOME_GROWTH] += h->income_pc - prev;
    d[I_INCOME_GROWTH] += prev;
}

/* The village index of a code, or -1; *last and last_code cache the
 * previous answer (households come grouped by village). */
static int village_of(const kh_indicators *ix, const char *code, int *last,
                      char last_code[13])
{
    size_t n = strnlen(code, 12);
    if (n == 12 && *last >= 0 && !memcmp(last_code, code, 12)) return *last;
    int r = -1;
    if (n == 12) {
        size_t k = (size_t)kh_region_code_hash(code) & (ix->nslots - 1);
        for (; ix->slots[k]; k = (k + 1) & (ix->nslots - 1))
            if (!memcmp(ix->regions[ix->slots[k] - 1].code, code, 12)) {
                r = ix->slots[k] - 1;
                break;
            }
    }
    *last = r;
    memcpy(last_code, code, n);
    last_code[n] = '\0';
    return r;
}

void kh_indicators_add(kh_indicators *ix, const kh_ind_hh *h)
{
    int r = village_of(ix, h->village, &ix->last_village, ix->last_code);
    if (r < 0) {
        ix->unplaced++;
        return;
    }
    accumulate(ix, h, ix->num + (size_t)r * ix->ninds,
               ix->den + (size_t)r * ix->ninds);
}

struct kh_ind_acc {
    kh_indicators *ix;
    int village;        /* region index the sums are for, or -1 */
    int last;           /* village_of's cache */
    char last_code[13];
    long long unplaced;
    long long *n, *d;   /* one row each */
};

int kh_ind_acc_new(kh_indicators *ix, kh_ind_acc **out, kh_error *err)
{
    kh_ind_acc *a = calloc(1, sizeof *a);
    if (a) {
        a->n = calloc(ix->ninds, sizeof *a->n);
        a->d = calloc(ix->ninds, sizeof *a->d);
    }
    if (!a || !a->n || !a->d) {
        if (a) {
            free(a->n);
            free(a->d);
        }
        free(a);
        *out = NULL;
        return kh_error_nomem(err);
    }
    a->ix = ix;
    a->village = a->last = -1;
    *out = a;
    return KH_OK;
}

void kh_ind_acc_flush(kh_ind_acc *a)
{
    kh_indicators *ix = a->ix;
    size_t w = ix->ninds;
    pthread_mutex_lock(&ix->mu);
    if (a->village >= 0) {
        long long *n = ix->num + (size_t)a->village * w,
                  *d = ix->den + (size_t)a->village * w;
        for (size_t i = 0; i < w; i++) {
            n[i] += a->n[i];
            d[i] += a->d[i];
        }
    }
    ix->unplaced += a->unplaced;
    pthread_mutex_unlock(&ix->mu);
    memset(a->n, 0, w * sizeof *a->n);
    memset(a->d, 0, w * sizeof *a->d);
    a->unplaced = 0;
    a->village = -1;
}

void kh_ind_acc_add(kh_ind_acc *a, const kh_ind_hh *h)
{
    int r = village_of(a->ix, h->village, &a->last, a->last_code);
    if (r < 0) {
        a->unplaced++;
        return;
    }
    if (r != a->village) {
        if (a->village >= 0) kh_ind_acc_flush(a);
        a->village = r;
    }
    accumulate(a->ix, h, a->n, a->d);
}

void kh_ind_acc_free(kh_ind_acc *a)
{
    if (!a) return;
    free(a->n);
    free(a->d);
    free(a);
}

void kh_indicators_accumulate(const kh_indicators *ix, const kh_ind_hh *h,
                              long long *num, long long *den)
{
    accumulate(ix, h, num, den);
}

void kh_indicators_add_tally(kh_indicators *ix, const char *village,
                             const long long *num, const long long *den)
{
    int r = village_of(ix, village, &ix->last_village, ix->last_code);
    if (r < 0) {
        ix->unplaced += num[I_HOUSEHOLDS];
        return;
    }
    size_t w = ix->ninds;
    long long *n = ix->num + (size_t)r * w, *d = ix->den + (size_t)r * w;
    for (size_t i = 0; i < w; i++) {
        n[i] += num[i];
        d[i] += den[i];
    }
}

void kh_indicators_add_dept(kh_indicators *ix, const char *village,
                            const char *kind, long long covered,
                            long long matched, long long disagree)
{
    const kh_dept_kind *k = kh_dept_kind_find(kind);
    int n = 0;
    const kh_dept_kind *kinds = kh_dept_kinds(&n);
    if (!k || k - kinds >= 32) return;
    int first = ix->first_dept[k - kinds];
    int r = village_of(ix, village, &ix->last_village, ix->last_code);
    if (first < 0 || r < 0) return;
    long long *v = ix->num + (size_t)r * ix->ninds + first;
    v[0] += covered;
    v[1] += matched;
    v[2] += disagree;
    v[3] += covered - disagree;
}

void kh_indicators_add_funds(kh_indicators *ix, const char *region,
                             const long long *num, const long long *den)
{
    int r = ix->first_funds < 0 ? -1 : kh_indicators_region_find(ix, region);
    if (r < 0) return;
    long long *n = ix->num + (size_t)r * ix->ninds + ix->first_funds;
    long long *d = ix->den + (size_t)r * ix->ninds + ix->first_funds;
    for (int k = 0; k < KH_FI_COUNT; k++) {
        n[k] += num[k];
        d[k] += den[k];
    }
}

void kh_indicators_add_unplaced(kh_indicators *ix, long long households)
{
    ix->unplaced += households;
}

void kh_indicators_terms(kh_indicators *ix, const kh_ind_hh *h, size_t i,
                         long long *num, long long *den)
{
    long long *n = ix->scratch, *d = ix->scratch + ix->ninds;
    memset(n, 0, ix->ninds * sizeof *n);
    memset(d, 0, ix->ninds * sizeof *d);
    accumulate(ix, h, n, d);
    wrong_in_term(ix, h, n, d);
    *num = n[i];
    if (ix->inds[i].kind == K_COUNT) *den = 0;
    else if (ix->inds[i].den_from >= 0) *den = n[ix->inds[i].den_from];
    else if (i == I_INCIDENCE || i == I_PLAN_COMPLETION ||
             i == I_INCOME_GROWTH || i == I_VILLAGE_EXIT || i == I_COUNTY_EXIT)
        *den = 0;
    else *den = d[i];
    if (i == I_INCOME_MEDIAN) {
        /* A household is in the median's population exactly when it is in
         * the mean's; its term is its own income. */
        *num = d[I_INCOME_MEAN] ? h->income_pc : 0;
        *den = d[I_INCOME_MEAN] ? 1 : 0;
    }
}

/* 西部地区 of region r: its own, else its nearest ancestor's that says. */
static int western_at(const kh_indicators *ix, int r)
{
    for (int depth = 0; r >= 0 && depth < 8; r = ix->parent[r], depth++)
        if (ix->regions[r].western >= 0) return ix->regions[r].western;
    return 0;
}

void kh_indicators_rollup(kh_indicators *ix)
{
    size_t w = ix->ninds;
    /* 农业户籍人口 unknown in a village below (a county without its own
     * figure then has none: as the review's verdicts). */
    unsigned char *unk = calloc(ix->nregions ? ix->nregions : 1, 1);
    /* Deepest level first, so that each region is complete before it is
     * added to its parent. */
    for (int level = KH_LV_VILLAGE; level >= KH_LV_PROVINCE; level--)
        for (size_t r = 0; r < ix->nregions; r++) {
            if (ix->regions[r].level != level) continue;
            long long *n = ix->num + r * w, *d = ix->den + r * w;
            const kh_region *g = &ix->regions[r];
            if (unk && level == KH_LV_VILLAGE) unk[r] = g->rural_pop < 0;
            /* 贫困村出列, 贫困县摘帽: the review's incidence rule on the
             * year's recorded poor (after the year's exits). */
            if (level == KH_LV_VILLAGE && g->poor_village == 1) {
                int wst = western_at(ix, (int)r);
                n[I_VILLAGE_EXIT] = kh_area_below(
                    n[I_POOR_P], g->rural_pop, wst ? ix->vxw_num : ix->vx_num,
                    wst ? ix->vxw_den : ix->vx_den);
            }
            if (level == KH_LV_COUNTY && g->poor_county == 1) {
                int wst = western_at(ix, (int)r);
                long long rural = g->rural_pop >= 0 ? g->rural_pop
                                  : unk && !unk[r] ? n[I_RURAL_POP] : -1;
                n[I_COUNTY_EXIT] = kh_area_below(
                    n[I_POOR_P], rural, wst ? ix->cxw_num : ix->cx_num,
                    wst ? ix->cxw_den : ix->cx_den);
            }
            /* 减贫计划完成率: a county's exits of the year against its
             * own plan; above the county, the counties that have a plan,
             * summed; below it, no plan. */
            long long pc_num = 0, pc_den = 0;
            if (level > KH_LV_COUNTY) {
                n[I_PLAN_COMPLETION] = d[I_PLAN_COMPLETION] = 0;
            } else if (level == KH_LV_COUNTY) {
                int planned = ix->regions[r].plan_exit >= 0;
                n[I_PLAN_COMPLETION] = n[I_EXITED_P_YEAR];
                d[I_PLAN_COMPLETION] = planned ? ix->regions[r].plan_exit : 0;
                pc_num = planned ? n[I_PLAN_COMPLETION] : 0;
                pc_den = d[I_PLAN_COMPLETION];
            } else {
                pc_num = n[I_PLAN_COMPLETION];
                pc_den = d[I_PLAN_COMPLETION];
            }
            int p = ix->parent[r];
            if (p < 0) continue;
            if (unk && unk[r]) unk[p] = 1;
            long long *pn = ix->num + (size_t)p * w, *pd = ix->den + (size_t)p * w;
            for (size_t i = 0; i < w; i++) {
                pn[i] += n[i];
                pd[i] += d[i];
            }
            pn[I_PLAN_COMPLETION] += pc_num - n[I_PLAN_COMPLETION];
            pd[I_PLAN_COMPLETION] += pc_den - d[I_PLAN_COMPLETION];
        }
    free(unk);
    /* Median ranks: the middle one or two of each region's incomes. */
    for (size_t r = 0; r < ix->nregions; r++)
        ix->med_n[r] = ix->num[r * w + I_INCOME_HH];
}

void kh_indicators_set_prev_year(kh_indicators *ix, int stored)
{
    ix->prev_year = stored != 0;
}

int kh_indicators_prev_year(const kh_indicators *ix) { return ix->prev_year; }

void kh_indicators_add_growth(kh_indicators *ix, const kh_ind_hh *h,
                              long long prev)
{
    int r = village_of(ix, h->village, &ix->last_village, ix->last_code);
    if (r < 0) return; /* counted nowhere, as its household */
    size_t w = ix->ninds;
    growth_term(ix, h, prev, ix->num + (size_t)r * w, ix->den + (size_t)r * w);
}

void kh_indicators_add_identified(kh_indicators *ix, const kh_ind_hh *h)
{
    int r = village_of(ix, h->village, &ix->last_village, ix->last_code);
    if (r < 0) return;
    size_t w = ix->ninds;
    wrong_in_term(ix, h, ix->num + (size_t)r * w, ix->den + (size_t)r * w);
}

void kh_indicators_why(const kh_indicators *ix, size_t r, size_t i,
                       char *buf, size_t n)
{
    long long num, den;
    buf[0] = '\0';
    kh_indicators_get(ix, r, i, &num, &den);
    if (den != 0) return;
    const char *lv = kh_level_name(ix->regions[r].level);
    if (i == I_INCOME_GROWTH && !ix->prev_year)
        snprintf(buf, n, "上年(%d 年)建档立卡数据未入库,无法计算收入增长",
                 ix->year - 1);
    else if (i == I_INCOME_GROWTH)
        snprintf(buf, n, "本%s没有上年(%d 年)和当年都填报人均纯收入的同一户"
                 "(按户编号),无法计算收入增长", lv, ix->year - 1);
    else if (i == I_VILLAGE_EXIT)
        snprintf(buf, n, "本%s没有贫困村", lv);
    else if (i == I_COUNTY_EXIT)
        snprintf(buf, n, "本%s没有贫困县", lv);
    else if (i == I_DIBAO_COVER)
        snprintf(buf, n, "本%s没有在册的低保贫困户或特困供养贫困户", lv);
    else if (ix->first_funds >= 0 && (int)i >= ix->first_funds &&
             (int)i < ix->first_funds + KH_FI_COUNT) {
        int k = (int)i - ix->first_funds;
        if (k <= KH_FI_CARRYOVER)
            snprintf(buf, n, "本%s没有 %d 年下达的扶贫资金(按县计算,见资金下达)",
                     lv, ix->year);
        else if (k == KH_FI_PER_PERSON)
            snprintf(buf, n, "本%s的项目 %d 年没有支出", lv, ix->year);
        else
            snprintf(buf, n, "本%s没有%s所依据的项目", lv, ix->inds[i].zh);
    }
    else if (i == I_WRONG_IN && !ix->with_review)
        snprintf(buf, n, "%d 年尚未运行退出核查(kaohe review --year %d),"
                 "无法判断错评", ix->year, ix->year);
    else if (i == I_WRONG_IN)
        snprintf(buf, n, "本%s没有当年(%d 年)新识别的未脱贫户", lv, ix->year);
    else
        snprintf(buf, n, "指标“%s”的分母为 0", ix->inds[i].zh);
}

int kh_indicators_income_status(const kh_indicators *ix, int status)
{
    return !has(ix->removed_status, status);
}

int kh_indicators_village_index(const kh_indicators *ix, const char *code)
{
    int last = -1;
    char last_code[13];
    return village_of(ix, code, &last, last_code);
}

void kh_indicators_median_add_at(kh_indicators *ix, int r, long long income_pc)
{
    for (int depth = 0; r >= 0 && depth < 8; r = ix->parent[r], depth++) {
        long long k = ix->med_seen[r]++, n = ix->med_n[r];
        if (k == (n - 1) / 2) ix->med_lo[r] = income_pc;
        if (k == n / 2) ix->med_hi[r] = income_pc;
    }
}

void kh_indicators_median_add(kh_indicators *ix, const char *village,
                              long long income_pc)
{
    int r = village_of(ix, village, &ix->last_village, ix->last_code);
    for (int depth = 0; r >= 0 && depth < 8; r = ix->parent[r], depth++) {
        long long k = ix->med_seen[r]++, n = ix->med_n[r];
        if (k == (n - 1) / 2) ix->med_lo[r] = income_pc;
        if (k == n / 2) ix->med_hi[r] = income_pc;
    }
}

void kh_indicators_get(const kh_indicators *ix, size_t r, size_t i,
                       long long *num, long long *den)
{
    size_t w = ix->ninds;
    const ind *d = &ix->inds[i];
    *num = ix->num[r * w + i];
    if (i == I_INCOME_MEDIAN) {
        /* (lo + hi) / 2 in 分 is (lo + hi) / 200 in yuan: for an odd
         * count lo == hi. */
        int done = ix->med_n[r] > 0 && ix->med_seen[r] >= ix->med_n[r];
        *num = done ? ix->med_lo[r] + ix->med_hi[r] : 0;
        *den = done ? 200 : 0;
    } else if (d->kind == K_COUNT) {
        *den = 1;
    } else if (d->den_from == -2) {
        *den = 100; /* an amount in 分, shown in yuan */
    } else if (d->den_from >= 0) {
        *den = ix->num[r * w + (size_t)d->den_from];
    } else {
        *den = ix->den[r * w + i];
    }
}

int kh_indicator_label(const char *name, char *zh, size_t n,
                       const char **desc, int *kind)
{
    if (desc) *desc = NULL;
    if (kind) *kind = K_RATE;
    if (!name) return 0;
    for (int i = 0; i < I_FIXED + R_COUNT; i++) {
        const fixed_def *f = i < I_FIXED ? &fixed[i] : &review_defs[i - I_FIXED];
        if (!strcmp(f->name, name)) {
            snprintf(zh, n, "%s", f->zh);
            if (desc) *desc = f->desc;
            if (kind) *kind = f->kind;
            return 1;
        }
    }
    if (!strncmp(name, "finding.", 8)) {
        int k = kh_review_code_parse(name + 8);
        if (k < 0) return 0;
        snprintf(zh, n, "%s的户占比", kh_review_codes_zh[k]);
        if (desc) *desc = "退出核查中有此问题的户占适用户的比例";
        return 1;
    }
    if (!strncmp(name, "funds.", 6)) {
        int k = kh_funds_ind_find(name);
        if (k < 0) return 0;
        const kh_funds_ind_def *fd = &kh_funds_ind_defs()[k];
        snprintf(zh, n, "%s", fd->zh);
        if (desc) *desc = fd->desc;
        if (kind) *kind = fd->kind;
        return 1;
    }
    if (!strncmp(name, "dept.", 5)) {
        /* dept.<kind>.covered|matched|disagree|closure */
        static const char *const part[4][3] = {
            {"covered", "部门数据比对应覆盖人数", "比对时该类名单应覆盖的建档立卡人数(住建为户数)"},
            {"matched", "部门数据比对有记录的比例", "应覆盖人员中在该部门名单中有记录的比例"},
            {"disagree", "部门数据比对不一致人数", "应覆盖人员中与该部门名单不一致(有该类比对问题)的人数"},
            {"closure", "部门数据闭合率", "应覆盖人员中与该部门名单一致的比例"}};
        const char *dot = strchr(name + 5, '.');
        if (!dot) return 0;
        char key[16];
        size_t kl = (size_t)(dot - (name + 5));
        if (kl >= sizeof key) return 0;
        memcpy(key, name + 5, kl);
        key[kl] = '\0';
        const kh_dept_kind *k = kh_dept_kind_find(key);
        for (int j = 0; k && j < 4; j++)
            if (!strcmp(dot + 1, part[j][0])) {
                snprintf(zh, n, "%s:%s", part[j][1], k->dept);
                if (desc) *desc = part[j][2];
                if (kind) *kind = j == 0 || j == 2 ? K_COUNT : K_RATE;
                return 1;
            }
        return 0;
    }
    static const char *const lists[][2] = {
        {"status", "户状态"}, {"hh_type", "贫困户属性"}, {"cause", "主要致贫原因"}};
    int persons = !strncmp(name, "persons.", 8);
    if (!persons && strncmp(name, "households.", 11)) return 0;
    const char *rest = name + (persons ? 8 : 11);
    for (size_t l = 0; l < 3; l++) {
        size_t k = strlen(lists[l][0]);
        if (!strncmp(rest, lists[l][0], k) && rest[k] == '.') {
            snprintf(zh, n, "%s%s:%s", lists[l][1], persons ? "人数" : "户数",
                     rest + k + 1);
            return 1;
        }
    }
    return 0;
}

int kh_indicator_money_parts(const char *name)
{
    if (!name || strncmp(name, "funds.", 6)) return 0;
    int k = kh_funds_ind_find(name);
    return k >= 0 && kh_funds_ind_defs()[k].money_parts;
}
