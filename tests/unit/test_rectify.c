/* SPDX-License-Identifier: MIT */
/*
 * test_rectify.c - the rectification status machine (src/domain/rectify.c):
 * every stored status against every action, with the conditions that
 * decide (a plan, evidence, a second person, a checking role); 逾期 as the
 * deadline passes; the stages; the evidence hash; the problem rules of the
 * standards file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "kaohe/header.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"

/* The full ctx under which an action is allowed in principle. */
static kh_rect_ctx good(int status)
{
    kh_rect_ctx c = {status, "checker", "officer", 1, 1, 1, 0};
    return c;
}

/* Expected stored status after each action from each status; -1 refused
 * even when every condition holds. Rows: 未开始, 整改中, 申请销号, 已销号.
 * Columns: plan, progress, request, verify, reject, reopen. */
static const int table[4][6] = {
    {KH_RS_TODO, KH_RS_DOING, -1, -1, -1, -1},
    {KH_RS_DOING, KH_RS_DOING, KH_RS_REQUESTED, -1, -1, -1},
    {-1, -1, -1, KH_RS_CLOSED, KH_RS_DOING, -1},
    {-1, -1, -1, -1, -1, KH_RS_DOING},
};

static void test_every_status_and_action(void **state)
{
    (void)state;
    for (int st = 0; st < 4; st++)
        for (int a = KH_RA_PLAN; a <= KH_RA_REOPEN; a++) {
            kh_rect_ctx c = good(st);
            kh_error err;
            kh_error_clear(&err);
            int next = -9;
            int rc = kh_rect_transition(&c, a, &next, &err);
            if (table[st][a] < 0) {
                assert_int_equal(rc, KH_ERR_INVALID);
                assert_string_equal(err.code, "rectify_refused");
                assert_non_null(strstr(err.zh, kh_rect_status_zh(st)));
                assert_int_equal(next, -9);
            } else {
                assert_int_equal(rc, KH_OK);
                assert_int_equal(next, table[st][a]);
            }
        }
}

static void test_progress_needs_a_plan(void **state)
{
    (void)state;
    kh_rect_ctx c = good(KH_RS_TODO);
    c.planned = 0;
    kh_error err;
    int next;
    assert_int_equal(kh_rect_transition(&c, KH_RA_PROGRESS, &next, &err),
                     KH_ERR_INVALID);
    assert_non_null(strstr(err.zh, "整改方案"));
}

static void test_request_needs_evidence(void **state)
{
    (void)state;
    kh_rect_ctx c = good(KH_RS_DOING);
    c.evidence = 0;
    kh_error err;
    int next;
    assert_int_equal(kh_rect_transition(&c, KH_RA_REQUEST, &next, &err),
                     KH_ERR_INVALID);
    assert_non_null(strstr(err.en, "evidence"));
}

static void test_verdict_by_the_requester_refused(void **state)
{
    (void)state;
    for (int a = KH_RA_VERIFY; a <= KH_RA_REJECT; a++) {
        kh_rect_ctx c = good(KH_RS_REQUESTED);
        c.actor = "officer"; /* the one who asked */
        kh_error err;
        int next;
        assert_int_equal(kh_rect_transition(&c, a, &next, &err),
                         KH_ERR_INVALID);
        assert_non_null(strstr(err.zh, "另一人"));
    }
}

static void test_verdict_needs_a_checking_role(void **state)
{
    (void)state;
    static const int acts[] = {KH_RA_VERIFY, KH_RA_REJECT, KH_RA_REOPEN};
    static const int from[] = {KH_RS_REQUESTED, KH_RS_REQUESTED,
                               KH_RS_CLOSED};
    for (int i = 0; i < 3; i++) {
        kh_rect_ctx c = good(from[i]);
        c.actor_checks = 0;
        kh_error err;
        int next;
        assert_int_equal(kh_rect_transition(&c, acts[i], &next, &err),
                         KH_ERR_INVALID);
        assert_non_null(strstr(err.zh, "无权"));
    }
}

static void test_overdue_when_the_deadline_passes(void **state)
{
    (void)state;
    const char *dl = "2020-06-20";
    assert_int_equal(kh_rect_shown(KH_RS_TODO, dl, "2020-06-20"), KH_RS_TODO);
    assert_int_equal(kh_rect_shown(KH_RS_TODO, dl, "2020-06-21"),
                     KH_RS_OVERDUE);
    assert_int_equal(kh_rect_shown(KH_RS_DOING, dl, "2020-06-21"),
                     KH_RS_OVERDUE);
    /* Asked for or granted in time or late: not 逾期 any more. */
    assert_int_equal(kh_rect_shown(KH_RS_REQUESTED, dl, "2020-07-01"),
                     KH_RS_REQUESTED);
    assert_int_equal(kh_rect_shown(KH_RS_CLOSED, dl, "2020-07-01"),
                     KH_RS_CLOSED);
    /* 长期坚持: never overdue. */
    assert_int_equal(kh_rect_shown(KH_RS_DOING, NULL, "2030-01-01"),
                     KH_RS_DOING);
    /* A stored problem: 长期坚持 wins over a deadline it also names. */
    kh_problem p = {.status = KH_RS_DOING, .deadline = dl, .long_term = 1};
    assert_int_equal(kh_problem_shown(&p, "2020-07-01"), KH_RS_DOING);
    p.long_term = 0;
    assert_int_equal(kh_problem_shown(&p, "2020-07-01"), KH_RS_OVERDUE);
    assert_string_equal(kh_rect_status_zh(KH_RS_OVERDUE), "逾期");
    assert_int_equal(kh_rect_status_parse("逾期"), KH_RS_OVERDUE);
    assert_int_equal(kh_rect_status_parse("closed"), KH_RS_CLOSED);
    assert_int_equal(kh_rect_status_parse("完成"), -1);
}

static void test_stages(void **state)
{
    (void)state;
    const char *s[KH_NSTAGES] = {"2018-05-10", "2018-05-14", "2018-06-10"};
    assert_int_equal(kh_rect_stage_at(s, "2018-05-09"), -1);
    assert_int_equal(kh_rect_stage_at(s, "2018-05-10"), KH_STAGE_PLAN);
    assert_int_equal(kh_rect_stage_at(s, "2018-05-13"), KH_STAGE_PLAN);
    assert_int_equal(kh_rect_stage_at(s, "2018-05-14"), KH_STAGE_FOCUS);
    assert_int_equal(kh_rect_stage_at(s, "2018-06-15"), KH_STAGE_SUPERVISE);
    assert_string_equal(kh_rect_stage_zh(KH_STAGE_FOCUS), "集中整改");
}

static void test_sha256_known_vectors(void **state)
{
    (void)state;
    char h[65];
    kh_sha256_hex("", 0, h);
    assert_string_equal(
        h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    kh_sha256_hex("abc", 3, h);
    assert_string_equal(
        h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_problem_rules(void **state)
{
    (void)state;
    kh_problem_rule r;
    assert_int_equal(kh_standard_parse_rule("> 10%, 扶贫措施不精准", &r), 0);
    assert_int_equal(r.above, 1);
    assert_int_equal(r.num, 10);
    assert_int_equal(r.den, 100);
    assert_string_equal(r.category, "扶贫措施不精准");
    assert_int_equal(kh_standard_parse_rule("<1/3,基层基础工作不扎实", &r), 0);
    assert_int_equal(r.above, 0);
    assert_int_equal(r.num, 1);
    assert_int_equal(r.den, 3);
    assert_int_equal(kh_standard_parse_rule("= 10%, x", &r), -1);
    assert_int_equal(kh_standard_parse_rule("> 10%", &r), -1);
    assert_int_equal(kh_standard_parse_rule("> ten, x", &r), -1);
    assert_int_equal(kh_standard_parse_rule("> 10%, ", &r), -1);
}

static int count_rule(void *ctx, const kh_problem_rule *r, const char *src)
{
    (void)src;
    int *n = ctx;
    if (!strcmp(r->indicator, "finding.cause_inconsistent")) {
        assert_int_equal(r->num, 10);
        assert_int_equal(r->den, 100);
    }
    (*n)++;
    return 0;
}

static void test_national_rules_and_province_override(void **state)
{
    (void)state;
    kh_standard *s;
    kh_error err;
    assert_int_equal(kh_standard_new(&s, &err), KH_OK);
    int n = 0;
    kh_standard_each_rule(s, count_rule, &n);
    assert_int_equal(n, 31); /* 14, dept.<kind>.closure for the 14 kinds, 3 funds.* */
    const char prov[] = "[problem_rule]\nfinding.cause_inconsistent = > "
                        "20%, 扶贫措施不精准\n";
    assert_int_equal(kh_standard_load(s, prov, sizeof prov - 1, "p.std", &err),
                     KH_OK);
    kh_problem_rule r;
    assert_int_equal(
        kh_standard_parse_rule(
            kh_standard_get(s, "problem_rule.finding.cause_inconsistent"), &r),
        0);
    assert_int_equal(r.num, 20);
    const char bad[] = "[problem_rule]\nincidence = >> 2%, x\n";
    assert_int_equal(kh_standard_load(s, bad, sizeof bad - 1, "b.std", &err),
                     KH_ERR_INVALID);
    assert_int_equal(err.line, 2);
    assert_true(kh_standard_in_list(s, "rectify.verify_roles", "考核组",
                                    strlen("考核组")));
    assert_false(kh_standard_in_list(s, "rectify.verify_roles", "责任单位",
                                     strlen("责任单位")));
    kh_standard_free(s);
}

/* A passing recheck stands in for an evidence file. */
static void test_request_with_a_passing_recheck(void **state)
{
    (void)state;
    kh_error err;
    kh_rect_ctx c = good(KH_RS_DOING);
    c.evidence = 0;
    int next = -1;
    assert_int_equal(kh_rect_transition(&c, KH_RA_REQUEST, &next, &err),
                     KH_ERR_INVALID);
    c.recheck_pass = 1;
    assert_int_equal(kh_rect_transition(&c, KH_RA_REQUEST, &next, &err),
                     KH_OK);
    assert_int_equal(next, KH_RS_REQUESTED);
}

/* Headings: names, English keys, the national standards file's
 * [alias.plan], blanks around; 序号 is none. */
static void test_plan_columns(void **state)
{
    (void)state;
    static const struct {
        const char *h;
        int col;
    } cases[] = {
        {"问题编号", KH_PC_ID},      {"问题ID", KH_PC_ID},
        {"序号", -1},                {"编号", -1},
        {" 措施 ", KH_PC_MEASURES},  {"\xe3\x80\x80牵头单位", KH_PC_LEAD},
        {"区划代码", KH_PC_REGION},  {"类别", KH_PC_CATEGORY},
        {"问题描述", KH_PC_TEXT},    {"完成时限", KH_PC_DEADLINE},
        {"units", KH_PC_UNITS},      {"备注", -1},
        {"整改时限（截止）", KH_PC_DEADLINE}, {"问题编号*", KH_PC_ID},
        {"", -1},
    };
    kh_standard *std;
    kh_error err;
    assert_int_equal(kh_standard_new(&std, &err), KH_OK);
    int exact;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(kh_header_match(std, KH_HDR_PLAN, cases[i].h,
                                         strlen(cases[i].h), &exact),
                         cases[i].col);
    /* No alias names two columns. */
    int e = kh_standard_enum(std, "alias.plan");
    assert_true(e >= 0);
    for (int l = 0; l < kh_standard_enum_count(std, e); l++) {
        const char *n = kh_standard_enum_label(std, e, l);
        int c = kh_plan_col_find(n, strlen(n));
        assert_true(c >= 0);
        for (int k = 0; kh_standard_enum_code(std, e, l, k); k++) {
            const char *a = kh_standard_enum_code(std, e, l, k);
            assert_int_equal(kh_header_match(std, KH_HDR_PLAN, a, strlen(a),
                                             &exact),
                             c);
        }
    }
    /* Without the standards file: names and keys only. */
    assert_int_equal(kh_plan_col_find("问题描述", strlen("问题描述")), -1);
    assert_int_equal(kh_plan_col_find(" 问题 ", strlen(" 问题 ")), KH_PC_TEXT);
    assert_true(kh_plan_col_required(KH_PC_ID));
    assert_false(kh_plan_col_required(KH_PC_MEASURES));
    kh_standard_free(std);
}

static void test_warnings(void **state)
{
    (void)state;
    const char *in_order[] = {"2020-05-01", "2020-06-01", "2020-07-01"};
    const char *reversed[] = {"2020-07-01", "", "2020-06-01"};
    const char *equal[] = {"2020-06-01", "2020-06-01", NULL};
    assert_int_equal(kh_rect_warnings("2020-06-30", "2020-06-30", in_order,
                                      "2020-06-30"),
                     0);
    assert_int_equal(kh_rect_warnings("2020-07-01", NULL, NULL, "2020-06-30"),
                     KH_RW_FUTURE_FOUND);
    assert_int_equal(kh_rect_warnings(NULL, "2020-06-29", NULL, "2020-06-30"),
                     KH_RW_PAST_DEADLINE);
    assert_int_equal(kh_rect_warnings(NULL, "长期坚持", NULL, "2020-06-30"), 0);
    assert_int_equal(kh_rect_warnings(NULL, NULL, reversed, "2020-06-30"),
                     KH_RW_STAGES_REVERSED);
    assert_int_equal(kh_rect_warnings(NULL, NULL, equal, "2020-06-30"), 0);
}

/* Per unit: a problem counts under each of its units; days to 销号 from
 * 发现日期 to the verification's date. */
static void test_stats(void **state)
{
    (void)state;
    kh_error err;
    kh_rect_stats st = {.by = KH_RECT_BY_UNIT};
    kh_problem a = {.status = KH_RS_CLOSED, .found_on = "2020-01-01",
                    .closed_at = "2020-01-31T08:00:00Z",
                    .units = "县扶贫办、县民政局", .lead_dept = "县委"};
    kh_problem b = {.status = KH_RS_DOING, .found_on = "2020-03-01",
                    .deadline = "2020-05-01", .units = "县扶贫办",
                    .lead_dept = "县委"};
    kh_problem c = {.status = KH_RS_TODO, .found_on = "2020-03-01"};
    assert_int_equal(kh_rect_days_to_close(&a), 30);
    assert_int_equal(kh_rect_days_to_close(&b), -1);
    assert_int_equal(kh_rect_stats_add(&st, &a, "2020-06-30", &err), KH_OK);
    assert_int_equal(kh_rect_stats_add(&st, &b, "2020-06-30", &err), KH_OK);
    assert_int_equal(kh_rect_stats_add(&st, &c, "2020-06-30", &err), KH_OK);
    assert_int_equal(st.n, 3);
    assert_string_equal(st.v[0].name, "县扶贫办");
    assert_int_equal(st.v[0].count, 2);
    assert_int_equal(st.v[0].done, 1);
    assert_int_equal(st.v[0].overdue, 1);
    assert_int_equal(st.v[0].days, 30);
    assert_int_equal(st.v[0].timed, 1);
    assert_string_equal(st.v[1].name, "县民政局");
    assert_int_equal(st.v[1].count, 1);
    assert_string_equal(st.v[2].name, "");
    kh_rect_stats_free(&st);
    kh_rect_stats dept = {.by = KH_RECT_BY_DEPT};
    assert_int_equal(kh_rect_stats_add(&dept, &a, "2020-06-30", &err), KH_OK);
    assert_int_equal(kh_rect_stats_add(&dept, &b, "2020-06-30", &err), KH_OK);
    assert_int_equal(dept.n, 1);
    assert_int_equal(dept.v[0].count, 2);
    kh_rect_stats_free(&dept);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_status_and_action),
        cmocka_unit_test(test_progress_needs_a_plan),
        cmocka_unit_test(test_request_needs_evidence),
        cmocka_unit_test(test_verdict_by_the_requester_refused),
        cmocka_unit_test(test_verdict_needs_a_checking_role),
        cmocka_unit_test(test_overdue_when_the_deadline_passes),
        cmocka_unit_test(test_stages),
        cmocka_unit_test(test_sha256_known_vectors),
        cmocka_unit_test(test_problem_rules),
        cmocka_unit_test(test_national_rules_and_province_override),
        cmocka_unit_test(test_request_with_a_passing_recheck),
        cmocka_unit_test(test_plan_columns),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
