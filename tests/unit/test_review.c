/* SPDX-License-Identifier: MIT */
/*
 * test_review.c - the exit review's rules (src/domain/review.c) on
 * households built in memory: a clean exited household is flagged by
 * nothing; then for every rule, a household it flags, one at its
 * threshold that it does not flag, and one it does not apply to; the
 * 拟退出 list; helper_overload's counting; villages and counties.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/registry.h"
#include "kaohe/review.h"
#include "kaohe/standard.h"

#define YEAR 2019
#define LINE 321800LL /* 2019, 分 */

static char ref_check(const char *d17)
{
    static const int w[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                              3, 7, 9,  10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (d17[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}

/* An ID number of someone who is `age` on 31 Dec 2019 (born 31 Dec). */
static void id_aged(char out[19], int age, int seq)
{
    snprintf(out, 19, "530102%04d1231%03d", YEAR - age, seq);
    out[17] = ref_check(out);
    out[18] = '\0';
}

typedef struct fx {
    kh_standard *std;
    kh_reviewer *rv;
    kh_household h;
    kh_member m[4];
    kh_review_result res;
    char helper_id[19];
} fx;

static int lab(fx *f, const char *list, const char *label)
{
    int e = kh_standard_enum(f->std, list);
    int i = kh_standard_enum_lookup(f->std, e, label, strlen(label));
    assert_true(i >= 0);
    return i;
}

static void set_money(kh_household *h, int m, long long fen)
{
    h->money[m] = fen;
    h->money_set |= 1u << m;
}

/* A clean exited household: two adults who work, well above the line. */
static void base(fx *f)
{
    kh_household *h = &f->h;
    memset(h, 0, sizeof *h);
    memset(f->m, 0, sizeof f->m);
    h->hh_id = "H1";
    memcpy(h->village, "530102100201", 13);
    h->hh_type = lab(f, "hh_type", "一般贫困户");
    h->cause = lab(f, "cause", "缺资金");
    h->status = lab(f, "status", "已脱贫(享受政策)");
    h->year_in = 2014;
    h->year_out = 2017;
    set_money(h, KH_M_WAGE, 800000);
    set_money(h, KH_M_TRANSFER, 100000);
    set_money(h, KH_M_DIBAO, 0);
    set_money(h, KH_M_TEKUN, 0);
    set_money(h, KH_M_EXP_BUSINESS, 0);
    set_money(h, KH_M_INCOME_PC, 450000);
    set_money(h, KH_M_MED_OOP, 0);
    h->housing = lab(f, "housing", "B");
    h->water_safe = 1;
    h->relocated = 0;
    h->helper = "张帮扶";
    id_aged(f->helper_id, 45, 11);
    h->helper_id = f->helper_id;
    memcpy(h->last_visit, "2019-12-01", 11);
    h->nmembers = 2;
    h->members = f->m;
    for (int i = 0; i < 4; i++) {
        kh_member *m = &f->m[i];
        m->name = i == 0 ? "户主" : "成员";
        id_aged(m->id_no, i == 0 ? 40 : 38, 100 + i);
        m->relation = lab(f, "relation", i == 0 ? "户主" : "配偶");
        m->schooling = lab(f, "schooling", "非在校生");
        m->health = lab(f, "health", "健康");
        m->labour = lab(f, "labour", "普通劳动力");
        m->ins_med = m->ins_serious = m->ins_pension = m->treat_first = 1;
        m->education = m->work = -1;
        m->row = i + 1;
    }
    h->row = 1;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    kh_error err;
    assert_int_equal(kh_standard_new(&f->std, &err), KH_OK);
    int today[3] = {2020, 6, 30};
    assert_int_equal(kh_reviewer_new(f->std, YEAR, today, &f->rv, &err), KH_OK);
    base(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    kh_reviewer_free(f->rv);
    kh_standard_free(f->std);
    free(f);
    return 0;
}

/* Review f->h with a fresh reviewer (helper counts start at zero). */
static const kh_review_result *review(fx *f)
{
    kh_error err;
    kh_reviewer_free(f->rv);
    int today[3] = {2020, 6, 30};
    assert_int_equal(kh_reviewer_new(f->std, YEAR, today, &f->rv, &err), KH_OK);
    assert_int_equal(kh_review_household(f->rv, &f->h, &f->res, &err), KH_OK);
    assert_true((f->res.flagged & ~f->res.applies) == 0);
    return &f->res;
}

#define BIT(c) (1u << (c))
static int flags(fx *f, int code)
{
    return (review(f)->flagged & BIT(code)) != 0;
}
static int applies(fx *f, int code)
{
    return (review(f)->applies & BIT(code)) != 0;
}

static void test_codes(void **state)
{
    (void)state;
    assert_string_equal(kh_review_codes[KH_RV_EXIT_INCOME], "exit_income");
    assert_string_equal(kh_review_codes[KH_RV_INCOME_OUTLIER],
                        "income_outlier");
    assert_int_equal(kh_review_code_parse("helper_overload"),
                     KH_RV_HELPER_OVERLOAD);
    assert_int_equal(kh_review_code_parse("nope"), -1);
}

static void test_clean(void **state)
{
    fx *f = *state;
    const kh_review_result *r = review(f);
    assert_int_equal(r->flagged, 0);
    assert_false(r->exit_ready);
    assert_false(r->poor);
    /* Everything applies to it but exit_dropout (no child), reloc_debt
     * (not relocated) and cause_inconsistent (缺资金 is not checkable). */
    uint32_t all = (1u << KH_RV_COUNT) - 1;
    assert_int_equal(r->applies, all & ~BIT(KH_RV_EXIT_DROPOUT) &
                                     ~BIT(KH_RV_RELOC_DEBT) &
                                     ~BIT(KH_RV_CAUSE_INCONSISTENT));
}

static void test_exit_income(void **state)
{
    fx *f = *state;
    set_money(&f->h, KH_M_INCOME_PC, LINE + 1);
    assert_false(flags(f, KH_RV_EXIT_INCOME));
    set_money(&f->h, KH_M_INCOME_PC, LINE); /* not above the line */
    assert_true(flags(f, KH_RV_EXIT_INCOME));
    const kh_review_detail *d = &f->res.detail[KH_RV_EXIT_INCOME];
    assert_int_equal(d->column, KH_C_INCOME_PC);
    assert_int_equal(d->member, -1);
    assert_string_equal(d->value, "3218.00");
    assert_string_equal(d->zh, "人均纯收入 3218.00 元不高于 2019 年扶贫标准 "
                               "3218.00 元");
    /* Not exited: does not apply. */
    f->h.status = lab(f, "status", "未脱贫");
    assert_false(applies(f, KH_RV_EXIT_INCOME));
    f->h.status = lab(f, "status", "返贫");
    assert_false(applies(f, KH_RV_EXIT_INCOME));
    /* Exited (不享受政策) applies too; without 人均纯收入 the components. */
    f->h.status = lab(f, "status", "已脱贫(不享受政策)");
    f->h.money_set &= ~BIT(KH_M_INCOME_PC);
    set_money(&f->h, KH_M_WAGE, 2 * LINE - 100000);
    assert_true(flags(f, KH_RV_EXIT_INCOME)); /* 2 LINE exactly */
}

static void test_exit_dropout(void **state)
{
    fx *f = *state;
    f->h.nmembers = 3;
    id_aged(f->m[2].id_no, 15, 300);
    f->m[2].labour = lab(f, "labour", "无劳动力");
    f->m[2].schooling = lab(f, "schooling", "初中");
    assert_true(applies(f, KH_RV_EXIT_DROPOUT));
    assert_false(flags(f, KH_RV_EXIT_DROPOUT));
    f->m[2].schooling = lab(f, "schooling", "非在校生");
    assert_true(flags(f, KH_RV_EXIT_DROPOUT));
    assert_int_equal(f->res.detail[KH_RV_EXIT_DROPOUT].member, 2);
    assert_string_equal(f->res.detail[KH_RV_EXIT_DROPOUT].value, "15");
    id_aged(f->m[2].id_no, 16, 300); /* past compulsory age */
    assert_false(applies(f, KH_RV_EXIT_DROPOUT));
    id_aged(f->m[2].id_no, 6, 300);
    assert_true(flags(f, KH_RV_EXIT_DROPOUT));
    id_aged(f->m[2].id_no, 5, 300);
    assert_false(applies(f, KH_RV_EXIT_DROPOUT));
}

static void test_exit_medical_housing_water(void **state)
{
    fx *f = *state;
    f->m[1].ins_med = 0;
    assert_true(flags(f, KH_RV_EXIT_MEDICAL));
    assert_int_equal(f->res.detail[KH_RV_EXIT_MEDICAL].member, 1);
    f->m[1].ins_med = -1; /* unknown: not flagged, not counted */
    assert_false(applies(f, KH_RV_EXIT_MEDICAL));
    f->m[1].ins_med = 1;
    f->h.housing = lab(f, "housing", "C");
    assert_true(flags(f, KH_RV_EXIT_HOUSING));
    assert_string_equal(f->res.detail[KH_RV_EXIT_HOUSING].value, "C");
    f->h.housing = lab(f, "housing", "D");
    assert_true(flags(f, KH_RV_EXIT_HOUSING));
    f->h.housing = lab(f, "housing", "A");
    assert_false(flags(f, KH_RV_EXIT_HOUSING));
    f->h.water_safe = 0;
    assert_true(flags(f, KH_RV_EXIT_WATER));
}

static void test_water_before_2019(void **state)
{
    fx *f = *state;
    kh_reviewer *rv;
    kh_error err;
    int today[3] = {0, 0, 0};
    f->h.water_safe = 0;
    assert_int_equal(kh_reviewer_new(f->std, 2018, today, &rv, &err), KH_OK);
    assert_int_equal(kh_review_household(rv, &f->h, &f->res, &err), KH_OK);
    assert_false(f->res.applies & BIT(KH_RV_EXIT_WATER));
    kh_reviewer_free(rv);
}

static void test_unstable_income(void **state)
{
    fx *f = *state;
    /* net 900,000 for two: without 低保 exactly the line for two. */
    set_money(&f->h, KH_M_DIBAO, 900000 - 2 * LINE);
    assert_true(flags(f, KH_RV_UNSTABLE_INCOME));
    set_money(&f->h, KH_M_DIBAO, 900000 - 2 * LINE - 1);
    assert_false(flags(f, KH_RV_UNSTABLE_INCOME));
    set_money(&f->h, KH_M_TEKUN, 1); /* 特困 money counts too */
    assert_true(flags(f, KH_RV_UNSTABLE_INCOME));
    /* Below the line already: exit_income's, not this rule's. */
    set_money(&f->h, KH_M_INCOME_PC, LINE);
    assert_false(applies(f, KH_RV_UNSTABLE_INCOME));
}

static void test_transfer_share(void **state)
{
    fx *f = *state;
    set_money(&f->h, KH_M_WAGE, 450000);
    set_money(&f->h, KH_M_TRANSFER, 450000); /* exactly 50% */
    assert_false(flags(f, KH_RV_TRANSFER_SHARE_HIGH));
    set_money(&f->h, KH_M_TRANSFER, 450001);
    assert_true(flags(f, KH_RV_TRANSFER_SHARE_HIGH));
    f->h.status = lab(f, "status", "未脱贫");
    assert_false(applies(f, KH_RV_TRANSFER_SHARE_HIGH));
}

static void test_cause(void **state)
{
    fx *f = *state;
    f->h.cause = lab(f, "cause", "因病");
    assert_true(flags(f, KH_RV_CAUSE_INCONSISTENT));
    f->m[1].health = lab(f, "health", "患有大病");
    assert_false(flags(f, KH_RV_CAUSE_INCONSISTENT));
    f->h.cause = lab(f, "cause", "因残");
    assert_true(flags(f, KH_RV_CAUSE_INCONSISTENT));
    f->m[0].health = lab(f, "health", "残疾");
    assert_false(flags(f, KH_RV_CAUSE_INCONSISTENT));
    f->h.cause = lab(f, "cause", "因学");
    assert_true(flags(f, KH_RV_CAUSE_INCONSISTENT));
    f->m[1].schooling = lab(f, "schooling", "大专及以上");
    assert_false(flags(f, KH_RV_CAUSE_INCONSISTENT));
    f->m[1].schooling = lab(f, "schooling", "学前教育"); /* not a student */
    assert_true(flags(f, KH_RV_CAUSE_INCONSISTENT));
    f->m[1].schooling = -1; /* unknown: cannot tell */
    assert_false(applies(f, KH_RV_CAUSE_INCONSISTENT));
    f->h.cause = lab(f, "cause", "缺劳力"); /* two able workers */
    assert_true(flags(f, KH_RV_CAUSE_INCONSISTENT));
    assert_int_equal(f->res.detail[KH_RV_CAUSE_INCONSISTENT].member, 0);
    f->m[1].labour = lab(f, "labour", "弱劳动力或半劳动力");
    assert_false(flags(f, KH_RV_CAUSE_INCONSISTENT));
    f->h.cause = lab(f, "cause", "因灾");
    assert_false(applies(f, KH_RV_CAUSE_INCONSISTENT));
}

static void test_pension(void **state)
{
    fx *f = *state;
    f->h.nmembers = 1;
    id_aged(f->m[0].id_no, 16, 100);
    f->m[0].ins_pension = 0;
    assert_true(flags(f, KH_RV_PENSION_GAP));
    f->m[0].schooling = lab(f, "schooling", "高中"); /* students excepted */
    assert_false(applies(f, KH_RV_PENSION_GAP));
    f->m[0].schooling = lab(f, "schooling", "非在校生");
    id_aged(f->m[0].id_no, 15, 100);
    assert_false(applies(f, KH_RV_PENSION_GAP));
}

static void test_medical_burden(void **state)
{
    fx *f = *state;
    set_money(&f->h, KH_M_EXP_BUSINESS, 100000); /* net 800,000 */
    set_money(&f->h, KH_M_MED_OOP, 80000);       /* exactly 10% */
    assert_false(flags(f, KH_RV_MEDICAL_BURDEN));
    set_money(&f->h, KH_M_MED_OOP, 80001);
    assert_true(flags(f, KH_RV_MEDICAL_BURDEN));
    f->h.money_set &= ~BIT(KH_M_MED_OOP);
    assert_false(applies(f, KH_RV_MEDICAL_BURDEN));
}

static void test_reloc_debt(void **state)
{
    fx *f = *state;
    f->h.relocated = 1;
    set_money(&f->h, KH_M_RELOC_SELF, 1000000);
    assert_true(applies(f, KH_RV_RELOC_DEBT));
    assert_false(flags(f, KH_RV_RELOC_DEBT));
    set_money(&f->h, KH_M_RELOC_SELF, 1000001);
    assert_true(flags(f, KH_RV_RELOC_DEBT));
    f->h.relocated = 0;
    assert_false(applies(f, KH_RV_RELOC_DEBT));
}

static void test_helper_overload(void **state)
{
    fx *f = *state;
    kh_error err;
    review(f); /* a fresh reviewer, which saw the household once */
    assert_int_equal(kh_reviewer_helper_count(f->rv, f->helper_id, 4, &err), 0);
    assert_int_equal(kh_reviewer_helper_count(f->rv, f->helper_id, 3, &err), 0);
    assert_int_equal(kh_reviewer_helper_count(f->rv, "bad", 3, &err), 0);
    for (int i = 2; i <= 7; i++) {
        assert_int_equal(kh_review_household(f->rv, &f->h, &f->res, &err), 0);
        int over = (f->res.flagged & BIT(KH_RV_HELPER_OVERLOAD)) != 0;
        assert_int_equal(over, i > 5);
        if (over)
            assert_string_equal(f->res.detail[KH_RV_HELPER_OVERLOAD].value,
                                "7");
    }
    f->h.helper_id = "";
    assert_false(applies(f, KH_RV_HELPER_OVERLOAD));
}

static void test_visit(void **state)
{
    fx *f = *state;
    memcpy(f->h.last_visit, "2019-10-02", 11); /* 90 days before 31 Dec */
    assert_false(flags(f, KH_RV_VISIT_OVERDUE));
    memcpy(f->h.last_visit, "2019-10-01", 11);
    assert_true(flags(f, KH_RV_VISIT_OVERDUE));
    assert_string_equal(f->res.detail[KH_RV_VISIT_OVERDUE].value, "2019-10-01");
    f->h.last_visit[0] = '\0';
    assert_true(flags(f, KH_RV_VISIT_OVERDUE));
    /* A year not over: measured back from today. */
    kh_reviewer *rv;
    kh_error err;
    int today[3] = {2019, 6, 30};
    memcpy(f->h.last_visit, "2019-04-01", 11); /* 90 days before 30 Jun */
    assert_int_equal(kh_reviewer_new(f->std, YEAR, today, &rv, &err), KH_OK);
    assert_int_equal(kh_review_household(rv, &f->h, &f->res, &err), KH_OK);
    assert_false(f->res.flagged & BIT(KH_RV_VISIT_OVERDUE));
    kh_reviewer_free(rv);
}

static void test_treat_first(void **state)
{
    fx *f = *state;
    f->m[1].treat_first = 0;
    assert_true(flags(f, KH_RV_TREAT_FIRST_MISSING));
    assert_int_equal(f->res.detail[KH_RV_TREAT_FIRST_MISSING].member, 1);
    f->m[0].treat_first = f->m[1].treat_first = -1;
    assert_false(applies(f, KH_RV_TREAT_FIRST_MISSING));
}

static void test_labour_age(void **state)
{
    fx *f = *state;
    id_aged(f->m[1].id_no, 65, 101);
    assert_false(flags(f, KH_RV_LABOUR_AGE));
    id_aged(f->m[1].id_no, 66, 101);
    assert_true(flags(f, KH_RV_LABOUR_AGE));
    assert_string_equal(f->res.detail[KH_RV_LABOUR_AGE].value, "66");
    f->m[1].labour = lab(f, "labour", "弱劳动力或半劳动力");
    assert_false(flags(f, KH_RV_LABOUR_AGE));
    id_aged(f->m[1].id_no, 15, 101);
    f->m[1].labour = lab(f, "labour", "技能劳动力");
    assert_true(flags(f, KH_RV_LABOUR_AGE));
    id_aged(f->m[1].id_no, 16, 101);
    assert_false(flags(f, KH_RV_LABOUR_AGE));
}

static void test_income_outlier(void **state)
{
    fx *f = *state;
    set_money(&f->h, KH_M_INCOME_PC, 10000000); /* 100,000 yuan */
    assert_false(flags(f, KH_RV_INCOME_OUTLIER));
    set_money(&f->h, KH_M_INCOME_PC, 10000001);
    assert_true(flags(f, KH_RV_INCOME_OUTLIER));
    set_money(&f->h, KH_M_INCOME_PC, 1);
    f->h.status = lab(f, "status", "未脱贫");
    assert_false(flags(f, KH_RV_INCOME_OUTLIER));
    set_money(&f->h, KH_M_INCOME_PC, 0);
    assert_true(flags(f, KH_RV_INCOME_OUTLIER));
    f->h.money_set = 0;
    assert_false(applies(f, KH_RV_INCOME_OUTLIER));
}

static void test_exit_ready(void **state)
{
    fx *f = *state;
    f->h.status = lab(f, "status", "未脱贫");
    const kh_review_result *r = review(f);
    assert_true(r->exit_ready);
    assert_true(r->poor);
    /* The exit conditions do not flag it, they only decide. */
    assert_false(r->applies & BIT(KH_RV_EXIT_INCOME));
    f->h.housing = lab(f, "housing", "C");
    assert_false(review(f)->exit_ready);
    f->h.housing = lab(f, "housing", "A");
    f->h.water_safe = -1; /* unknown: not established */
    assert_false(review(f)->exit_ready);
    f->h.water_safe = 1;
    set_money(&f->h, KH_M_INCOME_PC, LINE);
    assert_false(review(f)->exit_ready);
    f->h.status = lab(f, "status", "返贫");
    set_money(&f->h, KH_M_INCOME_PC, 450000);
    assert_false(review(f)->exit_ready);
}

typedef struct areas {
    kh_area a[8];
    int n;
} areas;

static int on_area(void *ctx, const kh_area *a, kh_error *err)
{
    (void)err;
    areas *x = ctx;
    x->a[x->n++] = *a;
    return KH_OK;
}

static void add_region(kh_regionset *rs, const char *code, const char *parent,
                       int level, int western, int poor, long long pop)
{
    kh_region r;
    memset(&r, 0, sizeof r);
    snprintf(r.code, sizeof r.code, "%s", code);
    snprintf(r.parent, sizeof r.parent, "%s", parent);
    r.name = (char *)"x";
    r.level = level;
    r.western = western;
    r.poor_county = level == KH_LV_COUNTY ? poor : -1;
    r.poor_village = level == KH_LV_VILLAGE ? poor : -1;
    r.rural_pop = pop;
    assert_int_equal(kh_regionset_add(&*rs, &r), KH_OK);
}

static void test_areas(void **state)
{
    fx *f = *state;
    kh_regionset *rs;
    kh_error err;
    assert_int_equal(kh_regionset_new(&rs, &err), KH_OK);
    add_region(rs, "530000000000", "", KH_LV_PROVINCE, 1, -1, -1);
    add_region(rs, "530100000000", "530000000000", KH_LV_CITY, -1, -1, -1);
    add_region(rs, "530102000000", "530100000000", KH_LV_COUNTY, -1, 1, -1);
    add_region(rs, "530102100000", "530102000000", KH_LV_TOWNSHIP, -1, -1, -1);
    add_region(rs, "530102100201", "530102100000", KH_LV_VILLAGE, -1, 1, 100);
    add_region(rs, "530102100202", "530102100000", KH_LV_VILLAGE, 0, 1, 100);
    review(f);
    /* Village 201: two poor (未脱贫, not ready: house C) of 100 persons:
     * 2% is below the western 3%. Village 202, not western: 2 of 100 is
     * not below 2%. */
    f->h.status = lab(f, "status", "未脱贫");
    f->h.housing = lab(f, "housing", "C");
    assert_int_equal(kh_review_household(f->rv, &f->h, &f->res, &err), 0);
    memcpy(f->h.village, "530102100202", 13);
    assert_int_equal(kh_review_household(f->rv, &f->h, &f->res, &err), 0);
    areas x;
    memset(&x, 0, sizeof x);
    assert_int_equal(kh_review_areas(f->rv, rs, on_area, &x, &err), 0);
    assert_int_equal(x.n, 3);
    assert_string_equal(x.a[0].region->code, "530102100201");
    assert_int_equal(x.a[0].western, 1);
    assert_int_equal(x.a[0].verdict, KH_AREA_MAY_EXIT);
    assert_int_equal(x.a[1].western, 0);
    assert_int_equal(x.a[1].verdict, KH_AREA_NOT_YET);
    assert_string_equal(x.a[1].en, "incidence 2/100 (2.00%) is not below 2%");
    /* The county: 4 of 200 (its villages' sum), western: below 3%, the
     * three other conditions pending. */
    assert_string_equal(x.a[2].region->code, "530102000000");
    assert_int_equal(x.a[2].rural_pop, 200);
    assert_int_equal(x.a[2].poor_persons, 4);
    assert_int_equal(x.a[2].verdict, KH_AREA_MAY_EXIT);
    assert_true(x.a[2].pending);
    kh_regionset_free(rs);
}

/* The county exit verdict on a survey's estimates (issue #15): figures
 * and intervals of 错退率, 漏评率 and 群众认可度 judged against the
 * standards' county_exit thresholds; "尚未评估" only without a survey. */
static kh_area_survey survey_given;
static int survey_found;
static int survey_of(void *ctx, const char *county, kh_area_survey *out)
{
    (void)ctx;
    if (!survey_found || strcmp(county, "530102000000") != 0) return 0;
    *out = survey_given;
    return 1;
}

static void county_with(fx *f, kh_regionset *rs, int found, double lo0,
                        double hi0, areas *x)
{
    kh_error err;
    survey_found = found;
    kh_area_survey s = {{2, 1, 95}, {150, 100, 100},
                        {lo0, 0.001, 0.91}, {hi0, 0.019, 0.98}, 7};
    survey_given = s;
    kh_reviewer_survey(f->rv, survey_of, NULL);
    memset(x, 0, sizeof *x);
    assert_int_equal(kh_review_areas(f->rv, rs, on_area, x, &err), 0);
    assert_int_equal(x->n, 2);
}

static void test_areas_survey(void **state)
{
    fx *f = *state;
    kh_regionset *rs;
    kh_error err;
    assert_int_equal(kh_regionset_new(&rs, &err), KH_OK);
    add_region(rs, "530000000000", "", KH_LV_PROVINCE, 1, -1, -1);
    add_region(rs, "530100000000", "530000000000", KH_LV_CITY, -1, -1, -1);
    add_region(rs, "530102000000", "530100000000", KH_LV_COUNTY, -1, 1, -1);
    add_region(rs, "530102100000", "530102000000", KH_LV_TOWNSHIP, -1, -1, -1);
    add_region(rs, "530102100201", "530102100000", KH_LV_VILLAGE, -1, 1, 100);
    review(f);
    f->h.status = lab(f, "status", "未脱贫");
    f->h.housing = lab(f, "housing", "C");
    assert_int_equal(kh_review_household(f->rv, &f->h, &f->res, &err), 0);
    areas x;
    const kh_area *c = &x.a[1];
    /* no survey: the three are not yet assessed */
    county_with(f, rs, 0, 0.001, 0.015, &x);
    assert_int_equal(c->verdict, KH_AREA_MAY_EXIT);
    assert_true(c->pending);
    assert_false(c->surveyed);
    assert_non_null(strstr(c->zh, "尚未评估"));
    /* every interval on the right side: 可以退出, the figures named */
    county_with(f, rs, 1, 0.001, 0.015, &x);
    assert_int_equal(c->verdict, KH_AREA_MAY_EXIT);
    assert_false(c->pending);
    assert_true(c->surveyed);
    assert_null(strstr(c->zh, "尚未评估"));
    assert_string_equal(
        c->zh,
        "错退率估计为 1.33%（加权 2/150 人，置信区间 0.10% 至 1.50%），"
        "区间上限不高于 2%，达标；漏评率估计为 1.00%（加权 1/100 人，置信"
        "区间 0.10% 至 1.90%），区间上限不高于 2%，达标；群众认可度估计为 "
        "95.00%（加权 95/100 户，置信区间 91.00% 至 98.00%），区间下限不低"
        "于 90%，达标");
    /* 错退率's interval above 2%: 暂不具备 */
    county_with(f, rs, 1, 0.021, 0.05, &x);
    assert_int_equal(c->verdict, KH_AREA_NOT_YET);
    assert_false(c->pending);
    assert_non_null(strstr(c->zh, "区间下限高于 2%，不达标"));
    /* an interval holding 2%: still pending, said so */
    county_with(f, rs, 1, 0.01, 0.05, &x);
    assert_int_equal(c->verdict, KH_AREA_MAY_EXIT);
    assert_true(c->pending);
    assert_non_null(strstr(c->zh, "区间含 2%，无法区分"));
    /* a survey that does not cover the county */
    survey_found = 0;
    county_with(f, rs, 0, 0.001, 0.015, &x);
    assert_true(c->pending);
    assert_non_null(strstr(c->zh, "尚未评估"));
    kh_regionset_free(rs);
}

/* The deferred half (kaohe review's readers and writer): a reader only
 * marks helper_overload as applying and gives the helper's key; the
 * writer, told the helpers above the maximum, counts in order and flags
 * with the same message as the one-pass reviewer. */
static void test_helper_deferred(void **state)
{
    fx *f = *state;
    kh_error err;
    review(f);
    kh_reviewer_defer_helpers(f->rv);
    kh_reviewer_no_tally(f->rv);
    assert_int_equal(kh_review_household(f->rv, &f->h, &f->res, &err), 0);
    assert_true(f->res.applies & BIT(KH_RV_HELPER_OVERLOAD));
    assert_false(f->res.flagged & BIT(KH_RV_HELPER_OVERLOAD));
    uint64_t key = f->res.helper_key;
    assert_true(key != 0);
    /* One-pass reference: seven households, the sixth flagged. */
    kh_reviewer *one;
    int today[3] = {2020, 6, 30};
    assert_int_equal(kh_reviewer_new(f->std, YEAR, today, &one, &err), 0);
    assert_int_equal(kh_reviewer_helper_count(one, f->helper_id, 7, &err), 0);
    kh_review_result *ref = malloc(sizeof *ref);
    for (int i = 0; i < 6; i++)
        assert_int_equal(kh_review_household(one, &f->h, ref, &err), 0);
    assert_true(ref->flagged & BIT(KH_RV_HELPER_OVERLOAD));
    /* The writer's reviewer knows only that helper. */
    kh_reviewer *w;
    assert_int_equal(kh_reviewer_new(f->std, YEAR, today, &w, &err), 0);
    assert_false(kh_reviewer_helper_known(w, key));
    assert_int_equal(kh_reviewer_helper_key_count(w, key, 7, &err), 0);
    assert_true(kh_reviewer_helper_known(w, key));
    assert_false(kh_reviewer_helper_known(w, key + 1));
    assert_int_equal(kh_reviewer_helper_max(w), 5);
    unsigned nth = 0, total = 0;
    for (int i = 1; i <= 5; i++)
        assert_int_equal(kh_reviewer_helper_next(w, key, &nth, &total), 0);
    assert_int_equal(kh_reviewer_helper_next(w, key, &nth, &total), 1);
    assert_int_equal(nth, 6);
    assert_int_equal(total, 7);
    assert_int_equal(kh_reviewer_helper_next(w, key + 1, &nth, &total), 0);
    f->res.applies = f->res.flagged = 0;
    kh_review_helper_flag(w, f->h.helper, f->h.helper_id, total, nth, &f->res);
    assert_true(f->res.flagged & BIT(KH_RV_HELPER_OVERLOAD));
    const kh_review_detail *a = &f->res.detail[KH_RV_HELPER_OVERLOAD];
    const kh_review_detail *b = &ref->detail[KH_RV_HELPER_OVERLOAD];
    assert_string_equal(a->value, b->value);
    assert_string_equal(a->zh, b->zh);
    assert_string_equal(a->en, b->en);
    assert_int_equal(a->column, b->column);
    assert_int_equal(a->member, b->member);
    free(ref);
    kh_reviewer_free(one);
    kh_reviewer_free(w);
}

/* Without its own tally a reviewer's areas see only what is tallied. */
static void test_no_tally(void **state)
{
    fx *f = *state;
    kh_regionset *rs;
    kh_error err;
    assert_int_equal(kh_regionset_new(&rs, &err), KH_OK);
    add_region(rs, "530102000000", "", KH_LV_COUNTY, 0, -1, -1);
    add_region(rs, "530102100201", "530102000000", KH_LV_VILLAGE, 0, 1, 100);
    review(f); /* a fresh reviewer: the exited household, 2 persons */
    kh_reviewer_no_tally(f->rv);
    f->h.status = lab(f, "status", "未脱贫");
    assert_int_equal(kh_review_household(f->rv, &f->h, &f->res, &err), 0);
    areas x;
    memset(&x, 0, sizeof x);
    assert_int_equal(kh_review_areas(f->rv, rs, on_area, &x, &err), 0);
    assert_int_equal(x.n, 1);
    assert_int_equal(x.a[0].households, 1);
    assert_int_equal(x.a[0].poor_persons, 0);
    assert_int_equal(kh_reviewer_tally(f->rv, "530102100201", 2, 1, 0, &err), 0);
    assert_int_equal(kh_reviewer_tally(f->rv, "", 9, 1, 1, &err), 0);
    memset(&x, 0, sizeof x);
    assert_int_equal(kh_review_areas(f->rv, rs, on_area, &x, &err), 0);
    assert_int_equal(x.a[0].households, 2);
    assert_int_equal(x.a[0].persons, 4);
    assert_int_equal(x.a[0].poor_persons, 2);
    assert_int_equal(x.a[0].ready_persons, 0);
    kh_regionset_free(rs);
}

static void test_missing_line(void **state)
{
    fx *f = *state;
    kh_reviewer *rv = NULL;
    kh_error err;
    int today[3] = {0, 0, 0};
    assert_int_equal(kh_reviewer_new(f->std, 2031, today, &rv, &err),
                     KH_ERR_INVALID);
    assert_null(rv);
    assert_string_equal(err.code, "standard_missing");
    assert_non_null(strstr(err.en, "poverty_line.2031"));
    kh_reviewer_free(NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_codes),
        T(test_clean),
        T(test_exit_income),
        T(test_exit_dropout),
        T(test_exit_medical_housing_water),
        T(test_water_before_2019),
        T(test_unstable_income),
        T(test_transfer_share),
        T(test_cause),
        T(test_pension),
        T(test_medical_burden),
        T(test_reloc_debt),
        T(test_helper_overload),
        T(test_visit),
        T(test_treat_first),
        T(test_labour_age),
        T(test_income_outlier),
        T(test_exit_ready),
        T(test_areas),
        T(test_areas_survey),
        T(test_helper_deferred),
        T(test_no_tally),
        T(test_missing_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
