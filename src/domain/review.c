/* SPDX-License-Identifier: MIT */
/*
 * review.c - the exit review (退出核查): one table of rules, each saying
 * which households it applies to and when it flags one, applied to the
 * households the checker parsed; the 拟退出 list (未脱贫 households that
 * meet every condition of the household exit standard); and the tallies
 * per village behind 贫困村出列 and 贫困县摘帽. Pure: no I/O. The rules,
 * their thresholds and sources are in docs/review.md.
 */
#include "kaohe/review.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/fmt.h"
#include "kaohe/idcard.h"
#include "kaohe/registry.h"

const char *const kh_review_codes[KH_RV_COUNT] = {
    "exit_income",         "exit_dropout",        "exit_medical",
    "exit_housing",        "exit_water",          "unstable_income",
    "transfer_share_high", "cause_inconsistent",  "pension_gap",
    "medical_burden",      "reloc_debt",          "helper_overload",
    "visit_overdue",       "treat_first_missing", "labour_age",
    "income_outlier",
};

const char *const kh_review_codes_zh[KH_RV_COUNT] = {
    "已脱贫户人均纯收入未超过贫困线",
    "已脱贫户有义务教育阶段失学辍学",
    "已脱贫户有成员未参加基本医疗保险",
    "已脱贫户住房为危房",
    "已脱贫户饮水不安全",
    "已脱贫户扣除低保特困金后收入不稳定",
    "已脱贫户转移性收入占比过高",
    "致贫原因分析不准确",
    "符合条件未参加养老保险",
    "医疗负担重",
    "易地搬迁自筹资金超过上限",
    "帮扶责任人帮扶户数超标",
    "未按期走访",
    "有成员未享受先诊疗后付费",
    "劳动能力与年龄不符",
    "人均纯收入异常",
};

int kh_review_code_parse(const char *name)
{
    for (int i = 0; i < KH_RV_COUNT; i++)
        if (!strcmp(kh_review_codes[i], name)) return i;
    return -1;
}

/* Per-village counts, in an open-addressing table keyed by the code. */
typedef struct tally {
    char code[13];
    long long households, persons, poor, ready;
    long long rural; /* counties: sum of their villages' 农业户籍人口 */
    int rural_unknown;
} tally;

typedef struct tally_map {
    tally *v;
    size_t n, cap; /* cap is a power of two, or 0 */
} tally_map;

struct kh_reviewer {
    const kh_standard *std;
    int year;
    int quiet; /* kh_reviewer_bits_only: no texts */
    int ref_y, ref_m, ref_d;
    long visit_ref; /* days: visits are measured back from here */
    long long line; /* 分 a person */
    long long comp_min, comp_max, require_medical, water_from;
    long long pension_age, visit_days, reloc_max, helper_max, outlier_max;
    long long lab_min, lab_max;
    long long ts_num, ts_den, mb_num, mb_den;
    long long v_num, v_den, vw_num, vw_den, c_num, c_den, cw_num, cw_den;
    /* enum indexes, -1 when the list lacks the label */
    int e_housing, e_schooling, e_health, e_labour, e_cause, e_status;
    int st_not, st_exit[2], st_return;
    int sc_none, sc_pre, h_chronic, h_serious, h_disabled, l_normal, l_skilled;
    int c_ill, c_disabled, c_school, c_labour;
    uint32_t unsafe; /* bit per housing label in exit.unsafe_housing */
    /* helpers: ID key + 1 (0 empty), households in the year, seen so far */
    uint64_t *hkeys;
    uint32_t *htotal, *hseen;
    size_t hslots, hn;
    int defer_helpers, no_tally;
    uint64_t last_key; /* set by r_helper when deferred */
    tally_map villages;
    kh_area_survey_fn survey; /* the county verdict's estimates, or NULL */
    void *survey_ctx;
};

void kh_reviewer_survey(kh_reviewer *rv, kh_area_survey_fn fn, void *ctx)
{
    rv->survey = fn;
    rv->survey_ctx = ctx;
}


static int missing(kh_error *err, const char *key)
{
    return kh_error_set(err, KH_ERR_INVALID, "standard_missing",
                        "标准文件缺少或无法解析“%s”",
                        "the standards file lacks a valid '%s'", key);
}

static int label_of(const kh_standard *std, int e, const char *label)
{
    return e < 0 ? -1 : kh_standard_enum_lookup(std, e, label, strlen(label));
}

/* Integer settings the reviewer needs, with where they go. */
typedef struct int_key {
    const char *key;
    size_t off;
} int_key;

#define OFF(f) offsetof(struct kh_reviewer, f)
static const int_key int_keys[] = {
    {"exit.compulsory_age_min", OFF(comp_min)},
    {"exit.compulsory_age_max", OFF(comp_max)},
    {"exit.require_medical", OFF(require_medical)},
    {"exit.water_from_year", OFF(water_from)},
    {"review.pension_age_min", OFF(pension_age)},
    {"review.visit_interval_days", OFF(visit_days)},
    {"review.helper_max_households", OFF(helper_max)},
    {"review.labour_age_min", OFF(lab_min)},
    {"review.labour_age_max", OFF(lab_max)},
};
static const struct {
    const char *key;
    size_t num, den;
} rate_keys[] = {
    {"review.transfer_share_max", OFF(ts_num), OFF(ts_den)},
    {"review.medical_burden_share", OFF(mb_num), OFF(mb_den)},
    {"village_exit.incidence_max", OFF(v_num), OFF(v_den)},
    {"village_exit.incidence_max_western", OFF(vw_num), OFF(vw_den)},
    {"county_exit.incidence_max", OFF(c_num), OFF(c_den)},
    {"county_exit.incidence_max_western", OFF(cw_num), OFF(cw_den)},
};
static const struct {
    const char *key;
    size_t off;
} fen_keys[] = {
    {"review.reloc_self_max_yuan", OFF(reloc_max)},
    {"review.income_outlier_max_yuan", OFF(outlier_max)},
};
#define LL(rv, off) (*(long long *)((char *)(rv) + (off)))

static int read_settings(kh_reviewer *rv, kh_error *err)
{
    const kh_standard *std = rv->std;
    for (size_t i = 0; i < sizeof int_keys / sizeof int_keys[0]; i++) {
        const char *v = kh_standard_get(std, int_keys[i].key);
        long long x = kh_standard_int(std, int_keys[i].key, -1);
        if (!v || x < 0) return missing(err, int_keys[i].key);
        LL(rv, int_keys[i].off) = x;
    }
    for (size_t i = 0; i < sizeof rate_keys / sizeof rate_keys[0]; i++)
        if (kh_standard_rate(std, rate_keys[i].key, &LL(rv, rate_keys[i].num),
                             &LL(rv, rate_keys[i].den)) ||
            LL(rv, rate_keys[i].den) <= 0)
            return missing(err, rate_keys[i].key);
    for (size_t i = 0; i < sizeof fen_keys / sizeof fen_keys[0]; i++)
        if (kh_standard_fen(std, fen_keys[i].key, &LL(rv, fen_keys[i].off)))
            return missing(err, fen_keys[i].key);
    if (kh_standard_poverty_line(std, rv->year, &rv->line)) {
        char key[40];
        snprintf(key, sizeof key, "poverty_line.%d", rv->year);
        return missing(err, key);
    }
    return KH_OK;
}

static void read_labels(kh_reviewer *rv)
{
    const kh_standard *std = rv->std;
    rv->e_status = kh_standard_enum(std, "status");
    rv->e_housing = kh_standard_enum(std, "housing");
    rv->e_schooling = kh_standard_enum(std, "schooling");
    rv->e_health = kh_standard_enum(std, "health");
    rv->e_labour = kh_standard_enum(std, "labour");
    rv->e_cause = kh_standard_enum(std, "cause");
    rv->st_not = label_of(std, rv->e_status, "未脱贫");
    rv->st_exit[0] = label_of(std, rv->e_status, "已脱贫(享受政策)");
    rv->st_exit[1] = label_of(std, rv->e_status, "已脱贫(不享受政策)");
    rv->st_return = label_of(std, rv->e_status, "返贫");
    rv->sc_none = label_of(std, rv->e_schooling, "非在校生");
    rv->sc_pre = label_of(std, rv->e_schooling, "学前教育");
    rv->h_chronic = label_of(std, rv->e_health, "长期慢性病");
    rv->h_serious = label_of(std, rv->e_health, "患有大病");
    rv->h_disabled = label_of(std, rv->e_health, "残疾");
    rv->l_normal = label_of(std, rv->e_labour, "普通劳动力");
    rv->l_skilled = label_of(std, rv->e_labour, "技能劳动力");
    rv->c_ill = label_of(std, rv->e_cause, "因病");
    rv->c_disabled = label_of(std, rv->e_cause, "因残");
    rv->c_school = label_of(std, rv->e_cause, "因学");
    rv->c_labour = label_of(std, rv->e_cause, "缺劳力");
    rv->unsafe = 0;
    int n = rv->e_housing < 0 ? 0 : kh_standard_enum_count(std, rv->e_housing);
    for (int i = 0; i < n && i < 32; i++) {
        const char *l = kh_standard_enum_label(std, rv->e_housing, i);
        if (kh_standard_in_list(std, "exit.unsafe_housing", l, strlen(l)))
            rv->unsafe |= 1u << i;
    }
}

int kh_reviewer_new(const kh_standard *std, int year, const int today[3],
                    kh_reviewer **out, kh_error *err)
{
    *out = NULL;
    kh_reviewer *rv = calloc(1, sizeof *rv);
    if (!rv) return kh_error_nomem(err);
    rv->std = std;
    rv->year = year;
    rv->ref_y = year;
    rv->ref_m = 12;
    rv->ref_d = 31;
    rv->visit_ref = kh_date_days(year, 12, 31);
    if (today && today[0] && kh_date_valid(today[0], today[1], today[2])) {
        long t = kh_date_days(today[0], today[1], today[2]);
        if (t < rv->visit_ref) rv->visit_ref = t;
    }
    int rc = read_settings(rv, err);
    if (rc) {
        kh_reviewer_free(rv);
        return rc;
    }
    read_labels(rv);
    *out = rv;
    return KH_OK;
}

void kh_reviewer_free(kh_reviewer *rv)
{
    if (!rv) return;
    free(rv->hkeys);
    free(rv->htotal);
    free(rv->hseen);
    free(rv->villages.v);
    free(rv);
}

/* ---- the helpers' table ---- */

static uint64_t key_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static size_t helper_slot(const kh_reviewer *rv, uint64_t key)
{
    size_t mask = rv->hslots - 1, i = (size_t)key_hash(key) & mask;
    while (rv->hkeys[i] && rv->hkeys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static int helper_grow(kh_reviewer *rv)
{
    size_t n = rv->hslots ? rv->hslots * 2 : 1024;
    uint64_t *k = calloc(n, sizeof *k);
    uint32_t *t = calloc(n, sizeof *t), *s = calloc(n, sizeof *s);
    if (!k || !t || !s) {
        free(k);
        free(t);
        free(s);
        return KH_ERR_NOMEM;
    }
    uint64_t *ok = rv->hkeys;
    uint32_t *ot = rv->htotal, *os = rv->hseen;
    size_t on = rv->hslots;
    rv->hkeys = k;
    rv->htotal = t;
    rv->hseen = s;
    rv->hslots = n;
    for (size_t i = 0; i < on; i++) {
        if (!ok[i]) continue;
        size_t j = helper_slot(rv, ok[i]);
        k[j] = ok[i];
        t[j] = ot[i];
        s[j] = os[i];
    }
    free(ok);
    free(ot);
    free(os);
    return KH_OK;
}

/* The slot of a helper's ID (added when absent), or (size_t)-1 when the
 * ID is not valid; *err status in *rc. */
static size_t helper_find(kh_reviewer *rv, const char *id, int *rc)
{
    kh_idcard c;
    *rc = KH_OK;
    if (!id || !*id || kh_idcard_parse(id, strlen(id), &c) != KH_ID_OK)
        return (size_t)-1;
    if ((rv->hn + 1) * 2 > rv->hslots && (*rc = helper_grow(rv)))
        return (size_t)-1;
    uint64_t key = kh_idcard_key(&c) + 1;
    size_t i = helper_slot(rv, key);
    if (!rv->hkeys[i]) {
        rv->hkeys[i] = key;
        rv->hn++;
    }
    return i;
}

int kh_reviewer_helper_count(kh_reviewer *rv, const char *helper_id,
                             long long n, kh_error *err)
{
    int rc;
    size_t i = helper_find(rv, helper_id, &rc);
    if (rc) return kh_error_nomem(err);
    if (i != (size_t)-1) rv->htotal[i] += (uint32_t)n;
    return KH_OK;
}

/* ---- the village tallies ---- */


static tally *tally_get(tally_map *m, const char *code, int add)
{
    if (add && (m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        tally *v = calloc(cap, sizeof *v);
        if (!v) return NULL;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->v[i].code[0]) continue;
            size_t j = kh_region_code_hash(m->v[i].code) & (cap - 1);
            while (v[j].code[0])
                j = (j + 1) & (cap - 1);
            v[j] = m->v[i];
        }
        free(m->v);
        m->v = v;
        m->cap = cap;
    }
    if (!m->cap) return NULL;
    size_t j = kh_region_code_hash(code) & (m->cap - 1);
    while (m->v[j].code[0]) {
        if (!memcmp(m->v[j].code, code, 12)) return &m->v[j];
        j = (j + 1) & (m->cap - 1);
    }
    if (!add) return NULL;
    memcpy(m->v[j].code, code, 12);
    m->v[j].code[12] = '\0';
    m->n++;
    return &m->v[j];
}

/* ---- the rules ---- */

/* What the rules share about one household, computed once. */
typedef struct facts {
    int exited, not_exited;
    int age[64];   /* -1 unknown; members beyond 64: unknown */
    int net_known; /* household net income known */
    long long net; /* 分: incomes - 生产经营性支出 */
    int pc_known;
    long long pc;   /* 人均纯收入 given, else net / persons */
    long long n;    /* persons */
    int above_line; /* per-capita income above the line */
} facts;

enum { R_NA, R_OK, R_FLAG, R_UNKNOWN };

typedef int (*rule_fn)(kh_reviewer *rv, const kh_household *h, const facts *f,
                       kh_review_detail *d);

static void yuan(char *out, size_t size, long long fen)
{
    const char *sign = fen < 0 ? "-" : "";
    if (fen < 0) fen = -fen;
    snprintf(out, size, "%s%lld.%02lld", sign, fen / 100, fen % 100);
}

static void rate_text(char *out, size_t size, long long num, long long den)
{
    if (den > 0 && (num * 100) % den == 0)
        snprintf(out, size, "%lld%%", num * 100 / den);
    else
        snprintf(out, size, "%lld/%lld", num, den);
}

/* The texts of a finding, unless the reviewer gives bits only (rv is the
 * rule's reviewer). */
#define SAY(d, col, mem, fzh, fen, ...)                                        \
    (rv->quiet ? 0                                                             \
               : (snprintf((d)->zh, sizeof(d)->zh, fzh, __VA_ARGS__),          \
                  snprintf((d)->en, sizeof(d)->en, fen, __VA_ARGS__)),         \
     (d)->column = (col), (d)->member = (mem), R_FLAG)
#define VAL(rv, d, ...)                                                        \
    ((rv)->quiet ? (void)0                                                     \
                 : (void)snprintf((d)->value, sizeof(d)->value, __VA_ARGS__))

static const char *who(const kh_household *h, int i)
{
    return h->members[i].name && h->members[i].name[0] ? h->members[i].name
                                                       : h->members[i].id_no;
}

static int is_student(const kh_reviewer *rv, const kh_member *m)
{
    return m->schooling >= 0 && m->schooling != rv->sc_none &&
           m->schooling != rv->sc_pre;
}

static int is_able(const kh_reviewer *rv, const kh_member *m)
{
    return m->labour >= 0 &&
           (m->labour == rv->l_normal || m->labour == rv->l_skilled);
}

static int r_exit_income(kh_reviewer *rv, const kh_household *h, const facts *f,
                         kh_review_detail *d)
{
    (void)h;
    if (!f->pc_known) return R_UNKNOWN;
    if (f->above_line) return R_OK;
    char pc[32], line[32];
    yuan(pc, sizeof pc, f->pc);
    yuan(line, sizeof line, rv->line);
    VAL(rv, d, "%s", pc);
    return SAY(d, KH_C_INCOME_PC, -1,
               "人均纯收入 %s 元不高于 %d 年扶贫标准 %s 元",
               "per-capita income %s yuan is not above the %d poverty line "
               "of %s yuan",
               pc, rv->year, line);
}

static int r_exit_dropout(kh_reviewer *rv, const kh_household *h,
                          const facts *f, kh_review_detail *d)
{
    int any = 0, unknown = 0;
    for (size_t i = 0; i < h->nmembers && i < 64; i++) {
        const kh_member *m = &h->members[i];
        if (f->age[i] < rv->comp_min || f->age[i] > rv->comp_max) continue;
        any = 1;
        if (m->schooling < 0) {
            unknown = 1;
        } else if (m->schooling == rv->sc_none) {
            VAL(rv, d, "%d", f->age[i]);
            if (!rv->quiet) snprintf(d->zh, sizeof d->zh,
                     "%s(%d 岁)处于义务教育阶段(%lld–%lld 岁),在校生状况为"
                     "“非在校生”",
                     who(h, (int)i), f->age[i], rv->comp_min, rv->comp_max);
            if (!rv->quiet) snprintf(d->en, sizeof d->en,
                     "%s (aged %d) is of compulsory school age (%lld-%lld) "
                     "but not in school",
                     who(h, (int)i), f->age[i], rv->comp_min, rv->comp_max);
            d->column = KH_C_SCHOOLING;
            d->member = (int)i;
            return R_FLAG;
        }
    }
    return !any ? R_NA : unknown ? R_UNKNOWN : R_OK;
}

static int r_exit_medical(kh_reviewer *rv, const kh_household *h,
                          const facts *f, kh_review_detail *d)
{
    (void)f;
    if (!rv->require_medical) return R_NA;
    int unknown = 0;
    for (size_t i = 0; i < h->nmembers; i++) {
        if (h->members[i].ins_med < 0) unknown = 1;
        if (h->members[i].ins_med == 0) {
            VAL(rv, d, "否");
            return SAY(d, KH_C_INS_MED, (int)i, "%s 未参加基本医疗保险",
                       "%s has no basic medical insurance", who(h, (int)i));
        }
    }
    return unknown ? R_UNKNOWN : R_OK;
}

static int r_exit_housing(kh_reviewer *rv, const kh_household *h,
                          const facts *f, kh_review_detail *d)
{
    (void)f;
    if (h->housing < 0) return R_UNKNOWN;
    if (h->housing >= 32 || !(rv->unsafe & (1u << h->housing))) return R_OK;
    const char *g = kh_standard_enum_label(rv->std, rv->e_housing, h->housing);
    VAL(rv, d, "%s", g);
    return SAY(d, KH_C_HOUSING, -1, "住房安全等级为 %s 级(危房)",
               "the house is graded %s (unsafe)", g);
}

static int r_exit_water(kh_reviewer *rv, const kh_household *h, const facts *f,
                        kh_review_detail *d)
{
    (void)f;
    if (rv->year < rv->water_from) return R_NA;
    if (h->water_safe < 0) return R_UNKNOWN;
    if (h->water_safe) return R_OK;
    VAL(rv, d, "否");
    return SAY(d, KH_C_WATER_SAFE, -1, "饮水安全为“否”(自 %lld 年起为退出条件)",
               "water is not safe (an exit condition since %lld)",
               rv->water_from);
}

static int r_unstable_income(kh_reviewer *rv, const kh_household *h,
                             const facts *f, kh_review_detail *d)
{
    if (!f->exited || !f->net_known || !f->above_line) return R_NA;
    long long own = f->net - h->money[KH_M_DIBAO] - h->money[KH_M_TEKUN];
    if (own > rv->line * f->n) return R_OK;
    char o[32], line[32];
    yuan(o, sizeof o, own / f->n);
    yuan(line, sizeof line, rv->line);
    VAL(rv, d, "%s", o);
    return SAY(d, KH_C_INC_DIBAO, -1,
               "扣除低保金和特困供养金后人均收入 %s 元,不高于扶贫标准 %s 元",
               "without dibao and tekun support the per-capita income is %s "
               "yuan, not above the line of %s yuan",
               o, line);
}

static int r_transfer_share(kh_reviewer *rv, const kh_household *h,
                            const facts *f, kh_review_detail *d)
{
    if (!f->exited) return R_NA;
    unsigned inc = 1u << KH_M_WAGE | 1u << KH_M_BUSINESS | 1u << KH_M_PROPERTY |
                   1u << KH_M_TRANSFER;
    if (!(h->money_set & inc)) return R_NA;
    long long all = h->money[KH_M_WAGE] + h->money[KH_M_BUSINESS] +
                    h->money[KH_M_PROPERTY] + h->money[KH_M_TRANSFER];
    long long tr = h->money[KH_M_TRANSFER];
    if (all <= 0) return R_NA;
    if (tr * rv->ts_den <= rv->ts_num * all) return R_OK;
    char share[32], max[32];
    snprintf(share, sizeof share, "%lld%%", tr * 100 / all);
    rate_text(max, sizeof max, rv->ts_num, rv->ts_den);
    VAL(rv, d, "%s", share);
    return SAY(d, KH_C_INC_TRANSFER, -1, "转移性收入占全部收入的 %s,超过 %s",
               "transfer income is %s of all income, above %s", share, max);
}

static int r_cause(kh_reviewer *rv, const kh_household *h, const facts *f,
                   kh_review_detail *d)
{
    (void)f;
    int c = h->cause;
    if (c < 0 || (c != rv->c_ill && c != rv->c_disabled && c != rv->c_school &&
                  c != rv->c_labour))
        return R_NA;
    const char *cl = kh_standard_enum_label(rv->std, rv->e_cause, c);
    if (c == rv->c_labour) {
        int able = 0, first = -1;
        for (size_t i = 0; i < h->nmembers; i++)
            if (is_able(rv, &h->members[i]) && able++ == 0) first = (int)i;
        if (able < 2) return R_OK;
        VAL(rv, d, "%s", cl);
        return SAY(d, KH_C_CAUSE, first,
                   "主要致贫原因为“%s”,但户内有 %d 个劳动力(普通或技能劳动力,"
                   "首个为 %s)",
                   "the main cause is '%s' but %d members are able to work "
                   "(the first is %s)",
                   cl, able, who(h, first));
    }
    int known = 1;
    for (size_t i = 0; i < h->nmembers; i++) {
        const kh_member *m = &h->members[i];
        if (c == rv->c_school) {
            if (m->schooling < 0) known = 0;
            if (is_student(rv, m)) return R_OK;
        } else {
            if (m->health < 0) known = 0;
            if (c == rv->c_ill &&
                (m->health == rv->h_chronic || m->health == rv->h_serious))
                return R_OK;
            if (c == rv->c_disabled && m->health == rv->h_disabled) return R_OK;
        }
    }
    if (!known) return R_UNKNOWN;
    VAL(rv, d, "%s", cl);
    const char *zh = c == rv->c_ill        ? "无人患长期慢性病或大病"
                     : c == rv->c_disabled ? "无人残疾"
                                           : "无在校生";
    const char *en = c == rv->c_ill ? "nobody is chronically or seriously ill"
                     : c == rv->c_disabled ? "nobody is disabled"
                                           : "nobody is a student";
    if (!rv->quiet) {
        snprintf(d->zh, sizeof d->zh, "主要致贫原因为“%s”,但户内%s", cl, zh);
        snprintf(d->en, sizeof d->en, "the main cause is '%s' but %s", cl, en);
    }
    d->column = KH_C_CAUSE;
    d->member = -1;
    return R_FLAG;
}

static int r_pension(kh_reviewer *rv, const kh_household *h, const facts *f,
                     kh_review_detail *d)
{
    int any = 0;
    for (size_t i = 0; i < h->nmembers && i < 64; i++) {
        const kh_member *m = &h->members[i];
        if (f->age[i] < rv->pension_age || is_student(rv, m)) continue;
        any = 1;
        if (m->ins_pension == 0) {
            VAL(rv, d, "%d", f->age[i]);
            return SAY(d, KH_C_INS_PENSION, (int)i,
                       "%s(%d 岁,非在校生)未参加基本养老保险",
                       "%s (aged %d, not a student) has no basic pension "
                       "insurance",
                       who(h, (int)i), f->age[i]);
        }
    }
    return any ? R_OK : R_NA;
}

static int r_medical_burden(kh_reviewer *rv, const kh_household *h,
                            const facts *f, kh_review_detail *d)
{
    if (!f->net_known || !(h->money_set & (1u << KH_M_MED_OOP))) return R_NA;
    long long m = h->money[KH_M_MED_OOP];
    if (m * rv->mb_den <= rv->mb_num * f->net) return R_OK;
    char ms[32], ns[32], share[32];
    yuan(ms, sizeof ms, m);
    yuan(ns, sizeof ns, f->net);
    rate_text(share, sizeof share, rv->mb_num, rv->mb_den);
    VAL(rv, d, "%s", ms);
    return SAY(d, KH_C_MED_OOP, -1,
               "自付医疗费用 %s 元超过家庭纯收入 %s 元的 %s",
               "out-of-pocket medical cost %s yuan is above the household's "
               "net income %s yuan times %s",
               ms, ns, share);
}

static int r_reloc_debt(kh_reviewer *rv, const kh_household *h, const facts *f,
                        kh_review_detail *d)
{
    (void)f;
    if (h->relocated != 1 || !(h->money_set & (1u << KH_M_RELOC_SELF)))
        return R_NA;
    long long v = h->money[KH_M_RELOC_SELF];
    if (v <= rv->reloc_max) return R_OK;
    char vs[32], max[32];
    yuan(vs, sizeof vs, v);
    yuan(max, sizeof max, rv->reloc_max);
    VAL(rv, d, "%s", vs);
    return SAY(d, KH_C_RELOC_SELF, -1, "搬迁自筹金额 %s 元超过上限 %s 元",
               "the relocation contribution %s yuan is above the ceiling "
               "of %s yuan",
               vs, max);
}

static void helper_say(const kh_reviewer *rv, const char *helper,
                       const char *helper_id, unsigned total, unsigned nth,
                       kh_review_detail *d)
{
    VAL(rv, d, "%u", total);
    (void)SAY(d, KH_C_HELPER_ID, -1,
        "帮扶责任人 %s(%s)本年度帮扶 %u 户,超过 %lld 户;本户为第 %u 户",
        "the helper %s (%s) helps %u households this year, more than "
        "%lld; this is household %u",
        helper, helper_id, total, rv->helper_max, nth);
}

static int r_helper(kh_reviewer *rv, const kh_household *h, const facts *f,
                    kh_review_detail *d)
{
    (void)f;
    if (rv->defer_helpers) {
        kh_idcard c;
        const char *id = h->helper_id;
        if (!id || !*id || kh_idcard_parse(id, strlen(id), &c) != KH_ID_OK)
            return R_NA;
        rv->last_key = kh_idcard_key(&c) + 1;
        return R_OK;
    }
    int rc;
    size_t i = helper_find(rv, h->helper_id, &rc);
    if (rc) return -1;
    if (i == (size_t)-1) return R_NA;
    uint32_t nth = ++rv->hseen[i];
    if (nth <= rv->helper_max) return R_OK;
    uint32_t total = rv->htotal[i] > nth ? rv->htotal[i] : nth;
    helper_say(rv, h->helper, h->helper_id, total, nth, d);
    return R_FLAG;
}

void kh_reviewer_bits_only(kh_reviewer *rv)
{
    rv->quiet = 1;
}

void kh_reviewer_defer_helpers(kh_reviewer *rv)
{
    rv->defer_helpers = 1;
}

long long kh_reviewer_helper_max(const kh_reviewer *rv)
{
    return rv->helper_max;
}

int kh_reviewer_helper_key_count(kh_reviewer *rv, uint64_t key, long long n,
                                 kh_error *err)
{
    if (!key) return KH_OK;
    if ((rv->hn + 1) * 2 > rv->hslots && helper_grow(rv)) return kh_error_nomem(err);
    size_t i = helper_slot(rv, key);
    if (!rv->hkeys[i]) {
        rv->hkeys[i] = key;
        rv->hn++;
    }
    rv->htotal[i] += (uint32_t)n;
    return KH_OK;
}

int kh_reviewer_helper_known(const kh_reviewer *rv, uint64_t key)
{
    if (!key || !rv->hn) return 0;
    return rv->hkeys[helper_slot(rv, key)] != 0;
}

int kh_reviewer_helper_next(kh_reviewer *rv, uint64_t key, unsigned *nth,
                            unsigned *total)
{
    if (!key || !rv->hn) return 0;
    size_t i = helper_slot(rv, key);
    if (!rv->hkeys[i]) return 0;
    uint32_t n = ++rv->hseen[i];
    if (n <= rv->helper_max) return 0;
    *nth = n;
    *total = rv->htotal[i] > n ? rv->htotal[i] : n;
    return 1;
}

void kh_review_helper_flag(const kh_reviewer *rv, const char *helper,
                           const char *helper_id, unsigned total,
                           unsigned nth, kh_review_result *r)
{
    kh_review_detail *d = &r->detail[KH_RV_HELPER_OVERLOAD];
    d->value[0] = '\0';
    helper_say(rv, helper ? helper : "", helper_id ? helper_id : "", total,
               nth, d);
    r->applies |= 1u << KH_RV_HELPER_OVERLOAD;
    r->flagged |= 1u << KH_RV_HELPER_OVERLOAD;
}

static int r_visit(kh_reviewer *rv, const kh_household *h, const facts *f,
                   kh_review_detail *d)
{
    (void)f;
    int y, m, dd;
    char ref[11];
    d->column = KH_C_LAST_VISIT;
    d->member = -1;
    int none = !h->last_visit[0] ||
               kh_date_parse(h->last_visit, strlen(h->last_visit), &y, &m, &dd);
    long gap = none ? 0 : rv->visit_ref - kh_date_days(y, m, dd);
    if (!none && gap <= rv->visit_days) return R_OK;
    if (rv->quiet) return R_FLAG;
    /* Flagged: the reference date for the message. */
    kh_date_from_days(rv->visit_ref, &y, &m, &dd);
    kh_date_format(ref, y, m, dd);
    if (none) {
        snprintf(d->zh, sizeof d->zh, "没有最近走访日期(应在 %s 前 %lld 天内)",
                 ref, rv->visit_days);
        snprintf(d->en, sizeof d->en,
                 "no last visit date (one within %lld days before %s is "
                 "expected)",
                 rv->visit_days, ref);
        return R_FLAG;
    }
    VAL(rv, d, "%s", h->last_visit);
    snprintf(d->zh, sizeof d->zh,
             "最近走访日期 %s 距 %s 已 %ld 天,超过 %lld 天", h->last_visit, ref,
             gap, rv->visit_days);
    snprintf(d->en, sizeof d->en,
             "the last visit %s was %ld days before %s, more than %lld",
             h->last_visit, gap, ref, rv->visit_days);
    return R_FLAG;
}

static int r_treat_first(kh_reviewer *rv, const kh_household *h, const facts *f,
                         kh_review_detail *d)
{
    (void)rv;
    (void)f;
    int any = 0;
    for (size_t i = 0; i < h->nmembers; i++) {
        if (h->members[i].treat_first < 0) continue;
        any = 1;
        if (h->members[i].treat_first == 0) {
            VAL(rv, d, "否");
            return SAY(d, KH_C_TREAT_FIRST, (int)i, "%s 未纳入先诊疗后付费",
                       "%s is not under treat-first-pay-later", who(h, (int)i));
        }
    }
    return any ? R_OK : R_NA;
}

static int r_labour_age(kh_reviewer *rv, const kh_household *h, const facts *f,
                        kh_review_detail *d)
{
    int any = 0;
    for (size_t i = 0; i < h->nmembers && i < 64; i++) {
        const kh_member *m = &h->members[i];
        if (f->age[i] < 0 || m->labour < 0) continue;
        any = 1;
        if (is_able(rv, m) &&
            (f->age[i] < rv->lab_min || f->age[i] > rv->lab_max)) {
            const char *l =
                kh_standard_enum_label(rv->std, rv->e_labour, m->labour);
            VAL(rv, d, "%d", f->age[i]);
            return SAY(d, KH_C_LABOUR, (int)i,
                       "%s %d 岁,不在劳动年龄 %lld–%lld 岁内,却标为“%s”",
                       "%s is %d, outside the working age %lld-%lld, but "
                       "marked '%s'",
                       who(h, (int)i), f->age[i], rv->lab_min, rv->lab_max, l);
        }
    }
    return any ? R_OK : R_NA;
}

static int r_outlier(kh_reviewer *rv, const kh_household *h, const facts *f,
                     kh_review_detail *d)
{
    (void)h;
    if (!f->pc_known) return R_NA;
    if (f->pc > 0 && f->pc <= rv->outlier_max) return R_OK;
    char pc[32], max[32];
    yuan(pc, sizeof pc, f->pc);
    yuan(max, sizeof max, rv->outlier_max);
    VAL(rv, d, "%s", pc);
    return SAY(d, KH_C_INCOME_PC, -1,
               "人均纯收入 %s 元不合理(应大于 0 且不超过 %s 元)",
               "per-capita income %s yuan is implausible (it should be above "
               "0 and at most %s yuan)",
               pc, max);
}

/*
 * The rules. exit_cond marks the conditions of the household exit
 * standard: they flag exited households, and a 未脱贫 household meeting
 * all of them (R_OK or R_NA) is 拟退出. The other rules say themselves
 * which households they apply to.
 */
static const struct rule {
    int code;
    int exit_cond;
    rule_fn fn;
} rules[KH_RV_COUNT] = {
    {KH_RV_EXIT_INCOME, 1, r_exit_income},
    {KH_RV_EXIT_DROPOUT, 1, r_exit_dropout},
    {KH_RV_EXIT_MEDICAL, 1, r_exit_medical},
    {KH_RV_EXIT_HOUSING, 1, r_exit_housing},
    {KH_RV_EXIT_WATER, 1, r_exit_water},
    {KH_RV_UNSTABLE_INCOME, 0, r_unstable_income},
    {KH_RV_TRANSFER_SHARE_HIGH, 0, r_transfer_share},
    {KH_RV_CAUSE_INCONSISTENT, 0, r_cause},
    {KH_RV_PENSION_GAP, 0, r_pension},
    {KH_RV_MEDICAL_BURDEN, 0, r_medical_burden},
    {KH_RV_RELOC_DEBT, 0, r_reloc_debt},
    {KH_RV_HELPER_OVERLOAD, 0, r_helper},
    {KH_RV_VISIT_OVERDUE, 0, r_visit},
    {KH_RV_TREAT_FIRST_MISSING, 0, r_treat_first},
    {KH_RV_LABOUR_AGE, 0, r_labour_age},
    {KH_RV_INCOME_OUTLIER, 0, r_outlier},
};

uint32_t kh_review_exit_mask(void)
{
    uint32_t m = 0;
    for (int k = 0; k < KH_RV_COUNT; k++)
        if (rules[k].exit_cond) m |= 1u << rules[k].code;
    return m;
}

static void get_facts(const kh_reviewer *rv, const kh_household *h, facts *f)
{
    memset(f, 0, sizeof *f);
    f->exited = h->status >= 0 &&
                (h->status == rv->st_exit[0] || h->status == rv->st_exit[1]);
    f->not_exited = h->status >= 0 && h->status == rv->st_not;
    f->n = (long long)h->nmembers;
    for (size_t i = 0; i < 64; i++)
        f->age[i] = -1;
    for (size_t i = 0; i < h->nmembers && i < 64; i++) {
        kh_idcard c;
        const char *id = h->members[i].id_no;
        if (kh_idcard_parse(id, strlen(id), &c) != KH_ID_OK) continue;
        if (kh_date_days(c.year, c.month, c.day) >
            kh_date_days(rv->ref_y, rv->ref_m, rv->ref_d))
            continue;
        f->age[i] = kh_date_age(c.year, c.month, c.day, rv->ref_y, rv->ref_m,
                                rv->ref_d);
    }
    unsigned comp = 1u << KH_M_WAGE | 1u << KH_M_BUSINESS |
                    1u << KH_M_PROPERTY | 1u << KH_M_TRANSFER |
                    1u << KH_M_EXP_BUSINESS;
    if (h->money_set & comp) {
        f->net_known = 1;
        f->net = h->money[KH_M_WAGE] + h->money[KH_M_BUSINESS] +
                 h->money[KH_M_PROPERTY] + h->money[KH_M_TRANSFER] -
                 h->money[KH_M_EXP_BUSINESS];
    } else if ((h->money_set & (1u << KH_M_INCOME_PC)) && f->n) {
        f->net_known = 1;
        f->net = h->money[KH_M_INCOME_PC] * f->n;
    }
    if (h->money_set & (1u << KH_M_INCOME_PC)) {
        f->pc_known = 1;
        f->pc = h->money[KH_M_INCOME_PC];
        f->above_line = f->pc > rv->line;
    } else if (f->net_known && f->n) {
        f->pc_known = 1;
        f->pc = f->net / f->n;
        f->above_line = f->net > rv->line * f->n;
    }
}

int kh_review_household(kh_reviewer *rv, const kh_household *h,
                        kh_review_result *out, kh_error *err)
{
    out->applies = out->flagged = 0;
    out->exit_ready = 0;
    rv->last_key = 0;
    facts f;
    get_facts(rv, h, &f);
    out->poor = h->status >= 0 &&
                (h->status == rv->st_not || h->status == rv->st_return);
    int ready = f.not_exited && h->nmembers > 0;
    for (int k = 0; k < KH_RV_COUNT; k++) {
        const struct rule *r = &rules[k];
        kh_review_detail *d = &out->detail[r->code];
        d->member = d->column = -1;
        d->value[0] = d->zh[0] = d->en[0] = '\0';
        if (r->exit_cond && !f.exited && !f.not_exited) continue;
        int res = r->fn(rv, h, &f, d);
        if (res < 0) return kh_error_nomem(err);
        if (r->exit_cond) {
            if (f.not_exited && res != R_OK && res != R_NA) ready = 0;
            if (!f.exited) continue;
        }
        if (res == R_OK || res == R_FLAG) out->applies |= 1u << r->code;
        if (res == R_FLAG) out->flagged |= 1u << r->code;
    }
    out->exit_ready = ready;
    out->helper_key = rv->last_key;
    if (rv->no_tally) return KH_OK;
    return kh_reviewer_tally(rv, h->village, f.n, out->poor, ready, err);
}

void kh_reviewer_no_tally(kh_reviewer *rv)
{
    rv->no_tally = 1;
}

int kh_reviewer_tally(kh_reviewer *rv, const char *village, long long persons,
                      int poor, int ready, kh_error *err)
{
    if (!village[0]) return KH_OK;
    tally *t = tally_get(&rv->villages, village, 1);
    if (!t) return kh_error_nomem(err);
    t->households++;
    t->persons += persons;
    if (poor) t->poor += persons;
    if (ready) t->ready += persons;
    return KH_OK;
}

/* ---- villages and counties ---- */

static int western_of(const kh_regionset *rs, const kh_region *r)
{
    for (int depth = 0; r && depth < 6; depth++) {
        if (r->western >= 0) return r->western;
        if (!r->parent[0]) break;
        r = kh_regionset_find(rs, r->parent);
    }
    return 0;
}

int kh_area_below(long long left, long long rural_pop, long long max_num,
                  long long max_den)
{
    return rural_pop > 0 && left * max_den < max_num * rural_pop;
}

static void judge(kh_area *a, const char *what_zh, const char *what_en)
{
    long long left = a->poor_persons - a->ready_persons;
    char max[32];
    rate_text(max, sizeof max, a->max_num, a->max_den);
    a->zh[0] = a->en[0] = '\0';
    if (a->rural_pop <= 0) {
        a->verdict = KH_AREA_UNKNOWN;
        snprintf(a->zh, sizeof a->zh, "%s农业户籍人口未知,无法计算贫困发生率",
                 what_zh);
        snprintf(a->en, sizeof a->en,
                 "the %s's rural population is unknown: no incidence", what_en);
        return;
    }
    if (kh_area_below(left, a->rural_pop, a->max_num, a->max_den)) {
        a->verdict = KH_AREA_MAY_EXIT;
        return;
    }
    a->verdict = KH_AREA_NOT_YET;
    snprintf(a->zh, sizeof a->zh, "贫困发生率 %lld/%lld(%.2f%%)不低于 %s", left,
             a->rural_pop, 100.0 * (double)left / (double)a->rural_pop, max);
    snprintf(a->en, sizeof a->en,
             "incidence %lld/%lld (%.2f%%) is not below %s", left, a->rural_pop,
             100.0 * (double)left / (double)a->rural_pop, max);
}

/* A rate of the survey (a double in [0, 1]) as a percentage that never
 * rounds onto a whole percent it is not (kh_fmt_pct). */
static void est_pct(double x, char *buf, size_t n)
{
    long long den = 100000000LL;
    kh_fmt_pct(llround(x * (double)den), den, 2, buf, n);
}

/* A weighted figure (persons or answers): whole when it is, else one
 * decimal. */
static void est_num(double x, char *buf, size_t n)
{
    long long t = llround(x * 10);
    char g[40];
    kh_fmt_int(t / 10, g, sizeof g);
    if (t % 10 == 0)
        snprintf(buf, n, "%s", g);
    else
        snprintf(buf, n, "%s.%lld", g, (t < 0 ? -t : t) % 10);
}

/* One estimate against its threshold tn/td: the sentence appended to
 * zh and en; returns 1 达标, 0 不达标, -1 无法区分 or not estimable. */
static int survey_measure(kh_area *a, const kh_area_survey *sv, int k,
                          long long tn, long long td, int first)
{
    static const char *const zh[3] = {"错退率", "漏评率", "群众认可度"};
    static const char *const en[3] = {"wrong-exit rate", "missed rate",
                                      "approval"};
    static const char *const unit[3] = {"人", "人", "户"};
    int at_least = k == 2;
    double t = td > 0 ? (double)tn / (double)td : 0;
    char thr[32], r[48], lo[48], hi[48], nu[48], de[48];
    kh_fmt_pct_short(tn, td, thr, sizeof thr);
    size_t zl = strlen(a->zh), el = strlen(a->en);
    const char *sep = first && zl ? "；" : first ? "" : "；";
    const char *sepe = first && el ? "; " : first ? "" : "; ";
    if (!(sv->den[k] > 0) || isnan(sv->lo[k]) || isnan(sv->hi[k])) {
        snprintf(a->zh + zl, sizeof a->zh - zl,
                 "%s%s：抽样调查中没有可估计的样本，无法判断", sep, zh[k]);
        snprintf(a->en + el, sizeof a->en - el,
                 "%s%s: no estimable sample in the survey", sepe, en[k]);
        return -1;
    }
    double rate = sv->num[k] / sv->den[k];
    est_pct(rate, r, sizeof r);
    est_pct(sv->lo[k], lo, sizeof lo);
    est_pct(sv->hi[k], hi, sizeof hi);
    est_num(sv->num[k], nu, sizeof nu);
    est_num(sv->den[k], de, sizeof de);
    int ok;
    const char *why;
    if (at_least) {
        ok = sv->lo[k] >= t ? 1 : sv->hi[k] < t ? 0 : -1;
        why = ok == 1 ? "区间下限不低于" : ok == 0 ? "区间上限低于"
                                                   : "区间含";
    } else {
        ok = sv->hi[k] <= t ? 1 : sv->lo[k] > t ? 0 : -1;
        why = ok == 1 ? "区间上限不高于" : ok == 0 ? "区间下限高于"
                                                   : "区间含";
    }
    snprintf(a->zh + zl, sizeof a->zh - zl,
             "%s%s估计为 %s（加权 %s/%s %s，置信区间 %s 至 %s），%s %s，%s",
             sep, zh[k], r, nu, de, unit[k], lo, hi, why, thr,
             ok == 1 ? "达标" : ok == 0 ? "不达标" : "无法区分");
    snprintf(a->en + el, sizeof a->en - el,
             "%s%s estimated at %s (weighted %s/%s, interval %s to %s) "
             "against %s: %s",
             sepe, en[k], r, nu, de, lo, hi, thr,
             ok == 1 ? "meets" : ok == 0 ? "fails" : "unclear");
    return ok;
}

static void pending(kh_area *a, const kh_reviewer *rv)
{
    char w[32], m[32], ap[32];
    long long n[3] = {0, 0, 0}, d[3] = {0, 0, 0};
    w[0] = m[0] = ap[0] = '\0';
    static const char *const keys[3] = {"county_exit.wrong_exit_max",
                                        "county_exit.missed_max",
                                        "county_exit.approval_min"};
    int have[3];
    for (int k = 0; k < 3; k++)
        have[k] = !kh_standard_rate(rv->std, keys[k], &n[k], &d[k]);
    if (have[0]) rate_text(w, sizeof w, n[0], d[0]);
    if (have[1]) rate_text(m, sizeof m, n[1], d[1]);
    if (have[2]) rate_text(ap, sizeof ap, n[2], d[2]);
    kh_area_survey sv;
    memset(&sv, 0, sizeof sv);
    if (rv->survey && rv->survey(rv->survey_ctx, a->region->code, &sv) == 1 &&
        have[0] && have[1] && have[2]) {
        /* judged on the 第三方评估's estimates */
        a->surveyed = 1;
        int fails = 0, unclear = 0;
        for (int k = 0; k < 3; k++) {
            int ok = survey_measure(a, &sv, k, n[k], d[k], k == 0);
            fails += ok == 0;
            unclear += ok < 0;
        }
        if (fails && a->verdict == KH_AREA_MAY_EXIT)
            a->verdict = KH_AREA_NOT_YET;
        a->pending = !fails && unclear;
        return;
    }
    a->pending = 1;
    size_t zl = strlen(a->zh), el = strlen(a->en);
    snprintf(a->zh + zl, sizeof a->zh - zl,
             "%s错退率(< %s)、漏评率(< %s)、群众认可度(≥ %s)尚未评估",
             zl ? ";" : "", w, m, ap);
    snprintf(a->en + el, sizeof a->en - el,
             "%swrong-exit rate (< %s), missed rate (< %s) and approval "
             "(>= %s) not yet assessed",
             el ? "; " : "", w, m, ap);
}

int kh_review_areas(kh_reviewer *rv, const kh_regionset *regions, kh_area_fn fn,
                    void *ctx, kh_error *err)
{
    tally_map counties = {NULL, 0, 0};
    int rc = KH_OK;
    size_t n = kh_regionset_count(regions);
    /* Counties' sums: households from the tallies, rural population from
     * the region list's villages. */
    for (size_t i = 0; i < rv->villages.cap && !rc; i++) {
        const tally *v = &rv->villages.v[i];
        if (!v->code[0]) continue;
        char cc[13];
        memcpy(cc, v->code, 6);
        memcpy(cc + 6, "000000", 7);
        tally *c = tally_get(&counties, cc, 1);
        if (!c) {
            rc = kh_error_nomem(err);
            break;
        }
        c->households += v->households;
        c->persons += v->persons;
        c->poor += v->poor;
        c->ready += v->ready;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const kh_region *r = kh_regionset_at(regions, i);
        if (r->level != KH_LV_VILLAGE) continue;
        char cc[13];
        memcpy(cc, r->code, 6);
        memcpy(cc + 6, "000000", 7);
        tally *c = tally_get(&counties, cc, 1);
        if (!c) {
            rc = kh_error_nomem(err);
            break;
        }
        if (r->rural_pop >= 0)
            c->rural += r->rural_pop;
        else
            c->rural_unknown = 1;
    }
    for (int pass = 0; pass < 2 && !rc; pass++) {
        int level = pass ? KH_LV_COUNTY : KH_LV_VILLAGE;
        for (size_t i = 0; i < n && !rc; i++) {
            const kh_region *r = kh_regionset_at(regions, i);
            if (r->level != level) continue;
            if ((pass ? r->poor_county : r->poor_village) != 1) continue;
            kh_area a;
            memset(&a, 0, sizeof a);
            a.region = r;
            a.western = western_of(regions, r);
            const tally *t =
                tally_get(pass ? &counties : &rv->villages, r->code, 0);
            if (t) {
                a.households = t->households;
                a.persons = t->persons;
                a.poor_persons = t->poor;
                a.ready_persons = t->ready;
            }
            a.rural_pop = r->rural_pop;
            if (pass && a.rural_pop < 0 && t && !t->rural_unknown &&
                t->rural > 0)
                a.rural_pop = t->rural;
            if (pass) {
                a.max_num = a.western ? rv->cw_num : rv->c_num;
                a.max_den = a.western ? rv->cw_den : rv->c_den;
                judge(&a, "县", "county");
                pending(&a, rv);
            } else {
                a.max_num = a.western ? rv->vw_num : rv->v_num;
                a.max_den = a.western ? rv->vw_den : rv->v_den;
                judge(&a, "村", "village");
            }
            rc = fn(ctx, &a, err);
        }
    }
    free(counties.v);
    return rc;
}
