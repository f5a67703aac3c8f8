/* SPDX-License-Identifier: MIT */
/*
 * test_app.c - the use-case layer (src/app): an action on a problem
 * decided once for both front ends (kh_app_problem_act: scope, role, an
 * unregistered user, each refusal audited and nothing changed, a success
 * audited with the problem before and after), the actor loaded from the
 * users table, and the indicators' value as the one renderer writes it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/app.h"
#include "kaohe/app_problem.h"
#include "kaohe/ind_json.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

#define NOW "2020-06-30T08:00:00Z"

static kh_store *scratch(char path[64])
{
    snprintf(path, 64, "/tmp/kaohe-test-app-%d.db", (int)getpid());
    unlink(path);
    kh_store *s;
    kh_error err;
    assert_int_equal(kh_store_open(path, KH_STORE_CREATE, &s, &err), KH_OK);
    return s;
}

static void drop(kh_store *s, const char *path)
{
    kh_store_close(s);
    char p[80];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* Audit entries with outcome, and the last one's action and note. */
typedef struct audits {
    const char *outcome;
    int n;
    char action[64], note[64], who[64], before[2048];
} audits;

static int count_audit(void *ctx, const kh_audit *a, kh_error *err)
{
    audits *c = ctx;
    if (strcmp(a->outcome, c->outcome)) return KH_OK;
    c->n++;
    snprintf(c->action, sizeof c->action, "%s", a->action);
    snprintf(c->note, sizeof c->note, "%s", a->note ? a->note : "");
    snprintf(c->who, sizeof c->who, "%s", a->who);
    snprintf(c->before, sizeof c->before, "%s", a->before ? a->before : "");
    return KH_OK;
}

static audits audit_of(kh_store *s, const char *outcome)
{
    audits c;
    memset(&c, 0, sizeof c);
    c.outcome = outcome;
    kh_audit_filter f;
    memset(&f, 0, sizeof f);
    kh_error err;
    assert_int_equal(kh_store_audit_each(s, &f, count_audit, &c, &err), KH_OK);
    return c;
}

typedef struct seen {
    int status;
    long evidence;
} seen;

static int get_status(void *ctx, const kh_problem *p, kh_error *err)
{
    seen *c = ctx;
    c->status = p->status;
    c->evidence = p->evidence;
    return KH_OK;
}

static seen problem_now(kh_store *s, long long id)
{
    seen c = {-1, -1};
    kh_error err;
    assert_int_equal(kh_store_problem_get(s, id, get_status, &c, &err), KH_OK);
    return c;
}

static void actor(kh_store *s, const kh_standard *std, const char *name,
                  kh_actor *a)
{
    kh_error err;
    assert_int_equal(kh_actor_load(s, std, name, "cli", NOW, a, &err), KH_OK);
}

static void test_problem_act(void **state)
{
    (void)state;
    char path[64];
    kh_store *s = scratch(path);
    kh_standard *std;
    kh_error err;
    assert_int_equal(kh_standard_new(&std, &err), KH_OK);
    assert_int_equal(kh_store_begin(s, &err), KH_OK);
    assert_int_equal(kh_store_user_add(s, "县甲", "县级", "530121000000", "t",
                                       NOW, &err), KH_OK);
    assert_int_equal(kh_store_user_add(s, "县乙", "县级", "530122000000", "t",
                                       NOW, &err), KH_OK);
    assert_int_equal(kh_store_user_add(s, "村官", "村级", "530121101201", "t",
                                       NOW, &err), KH_OK);
    kh_problem_new pn = {2020, "530121101201", "暗访", "2020-05-03",
                         "基层基础工作不扎实", "驻村工作队员不在岗", NULL,
                         0, 0, NULL, NULL};
    long long id = 0;
    int added = 0;
    assert_int_equal(kh_store_problem_add(s, &pn, "县甲", NOW, &id, &added,
                                          &err), KH_OK);
    assert_int_equal(kh_store_commit(s, &err), KH_OK);
    seen before = problem_now(s, id);

    kh_actor a, b, v, nobody;
    actor(s, std, "县甲", &a);
    actor(s, std, "县乙", &b);
    actor(s, std, "村官", &v);
    actor(s, std, "无名", &nobody);
    assert_int_equal(nobody.known, 0);

    /* Another county: refused as a read out of scope, audited, nothing
     * changed — whatever the action. */
    const char *units[] = {"县扶贫办"};
    kh_problem_plan pl = {"点名", "县委组织部", NULL, "2020-07-15",
                          {NULL, NULL, NULL}, units, 1, NULL, NULL};
    assert_int_equal(kh_app_problem_act(s, &b, id, KH_RA_PLAN, &pl, NULL,
                                        NULL, 0, NULL, NULL, &err),
                     KH_ERR_DENIED);
    assert_string_equal(err.code, "out_of_scope");
    assert_int_equal(kh_app_problem_act(s, &b, id, KH_RA_VERIFY, NULL, "x",
                                        NULL, 0, NULL, NULL, &err),
                     KH_ERR_DENIED);
    audits d = audit_of(s, "denied");
    assert_int_equal(d.n, 2);
    assert_string_equal(d.action, "problem.read");
    assert_string_equal(d.who, "县乙");
    seen after = problem_now(s, id);
    assert_int_equal(after.status, before.status);

    /* Within the scope, a role that may not verify: audited as the
     * action. */
    assert_int_equal(kh_app_problem_act(s, &v, id, KH_RA_REOPEN, NULL, "x",
                                        NULL, 0, NULL, NULL, &err),
                     KH_ERR_DENIED);
    assert_string_equal(err.code, "role_denied");
    d = audit_of(s, "denied");
    assert_int_equal(d.n, 3);
    assert_string_equal(d.action, "problem.reopen");
    assert_string_equal(d.note, "role_denied");

    /* Not a user: refused before anything is read. */
    assert_int_equal(kh_app_problem_act(s, &nobody, id, KH_RA_PLAN, &pl, NULL,
                                        NULL, 0, NULL, NULL, &err),
                     KH_ERR_NOTFOUND);
    assert_string_equal(err.code, "user_missing");

    /* Evidence without a file is a usage error. */
    assert_int_equal(kh_app_problem_act(s, &a, id, KH_APP_EVIDENCE, NULL,
                                        NULL, NULL, 0, NULL, NULL, &err),
                     KH_ERR_USAGE);

    /* The county's own officer: the plan, audited with before and after;
     * the status machine's refusal changes nothing and is not a denial. */
    char *json = NULL;
    unsigned warn = 99;
    assert_int_equal(kh_app_problem_act(s, &a, id, KH_RA_PLAN, &pl, NULL,
                                        NULL, 0, &json, &warn, &err),
                     KH_OK);
    assert_int_equal(warn, 0); /* the deadline is to come */
    assert_non_null(json);
    assert_non_null(strstr(json, "\"measures\":\"点名\""));
    free(json);
    audits ok = audit_of(s, "ok");
    assert_int_equal(ok.n, 1);
    assert_string_equal(ok.action, "problem.plan");
    /* before: the problem as kh_problem_json renders it, without the
     * plan yet */
    assert_non_null(strstr(ok.before, "\"text\":\"驻村工作队员不在岗\""));
    assert_null(strstr(ok.before, "点名"));
    kh_app_file f = {"点名册.txt", "名单", 6, ""};
    assert_int_equal(kh_app_problem_act(s, &a, id, KH_RA_REQUEST, NULL, NULL,
                                        &f, 1, NULL, NULL, &err),
                     KH_ERR_INVALID); /* 未开始: no 申请销号 yet */
    assert_int_equal(problem_now(s, id).evidence, 0); /* rolled back */
    assert_int_equal(kh_app_problem_act(s, &a, id, KH_APP_EVIDENCE, NULL,
                                        NULL, &f, 1, NULL, NULL, &err),
                     KH_OK);
    assert_int_equal(strlen(f.sha), 64);
    assert_int_equal(problem_now(s, id).evidence, 1);
    assert_int_equal(audit_of(s, "denied").n, 3);

    /* A plan's warnings come back from the use case: a deadline already
     * past, stages (the stored ones with those given) in reverse order. */
    kh_problem_plan late = {NULL, NULL, NULL, "2020-01-15",
                            {"2020-08-01", "2020-07-01", NULL}, NULL, 0, NULL, NULL};
    assert_int_equal(kh_app_problem_act(s, &a, id, KH_RA_PLAN, &late, NULL,
                                        NULL, 0, NULL, &warn, &err),
                     KH_OK);
    assert_int_equal(warn, KH_RW_PAST_DEADLINE | KH_RW_STAGES_REVERSED);

    kh_standard_free(std);
    drop(s, path);
}

static void test_value_format(void **state)
{
    (void)state;
    char b[48];
    kh_ind_value_format(b, 1, 3);
    assert_string_equal(b, "0.3333");
    kh_ind_value_format(b, 2, 3);
    assert_string_equal(b, "0.6667");
    kh_ind_value_format(b, 1, 8); /* 0.125 exactly */
    assert_string_equal(b, "0.1250");
    kh_ind_value_format(b, 1, 20000); /* 0.00005: half away from zero */
    assert_string_equal(b, "0.0001");
    kh_ind_value_format(b, -1, 20000);
    assert_string_equal(b, "-0.0001");
    kh_ind_value_format(b, -1, 30000); /* rounds to zero: no sign */
    assert_string_equal(b, "0.0000");
    kh_ind_value_format(b, 5, 0);
    assert_string_equal(b, "null");
    kh_ind_value_format(b, 9223372036854775807LL, 1);
    assert_string_equal(b, "9223372036854775807.0000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_problem_act),
        cmocka_unit_test(test_value_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
