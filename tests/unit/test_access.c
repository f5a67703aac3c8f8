/* SPDX-License-Identifier: MIT */
/*
 * test_access.c - who sees what (src/domain/access.c) and the web's
 * stored security state (src/store/auth_store.c): the scope of every kind
 * of user, region codes on the edges of a subtree, problems of a unit,
 * phone masking, the password policy and argon2id hashes, tokens, and the
 * failed-login counter's window and lockout, sessions' expiry, the audit
 * log's append-only rule.
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

#include "kaohe/access.h"
#include "kaohe/access_store.h"
#include "kaohe/auth.h"
#include "kaohe/auth_store.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static kh_standard *national(void)
{
    kh_standard *s;
    kh_error err;
    assert_int_equal(kh_standard_new(&s, &err), KH_OK);
    return s;
}

static kh_access access_of(const char *role, const char *region,
                           const char *dept)
{
    kh_standard *std = national();
    kh_user u;
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "someone");
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.region, sizeof u.region, "%s", region);
    snprintf(u.dept, sizeof u.dept, "%s", dept);
    kh_access a;
    kh_access_init(&a, std, &u);
    kh_standard_free(std);
    return a;
}

static void test_township_scope(void **state)
{
    (void)state;
    kh_access a = access_of("乡级", "530121101000", "");
    assert_false(a.all);
    assert_false(a.none);
    assert_string_equal(a.lo, "530121101000");
    assert_string_equal(a.hi, "530121101999");
    assert_true(kh_access_region(&a, "530121101000"));
    assert_true(kh_access_region(&a, "530121101201"));
    assert_true(kh_access_region(&a, "530121101999"));
    /* the neighbours on both sides, and the parents */
    assert_false(kh_access_region(&a, "530121100999"));
    assert_false(kh_access_region(&a, "530121102000"));
    assert_false(kh_access_region(&a, "530121102201"));
    assert_false(kh_access_region(&a, "530121000000"));
    assert_false(kh_access_region(&a, "530000000000"));
    /* not codes */
    assert_false(kh_access_region(&a, "5301211012"));
    assert_false(kh_access_region(&a, "5301211012010"));
    assert_false(kh_access_region(&a, NULL));
    assert_true(a.may_unmask);
    assert_true(a.may_rectify);
    assert_false(a.may_verify);
    assert_false(a.may_audit);
}

static void test_levels(void **state)
{
    (void)state;
    kh_access p = access_of("省级", "530000000000", "");
    assert_true(kh_access_region(&p, "539999999999"));
    assert_false(kh_access_region(&p, "520000000000"));
    kh_access c = access_of("市级", "530100000000", "");
    assert_true(kh_access_region(&c, "530199000000"));
    assert_false(kh_access_region(&c, "530200000000"));
    kh_access k = access_of("县级", "530121000000", "");
    assert_true(kh_access_region(&k, "530121102201"));
    assert_false(kh_access_region(&k, "530122000000"));
    assert_true(k.may_verify);
    kh_access v = access_of("村级", "530121101201", "");
    assert_true(kh_access_region(&v, "530121101201"));
    assert_false(kh_access_region(&v, "530121101202"));
}

static void test_roles_without_region(void **state)
{
    (void)state;
    kh_access admin = access_of("系统管理员", "", "");
    assert_true(admin.all);
    assert_true(kh_access_region(&admin, "110000000000"));
    assert_false(admin.may_unmask);
    assert_true(admin.may_audit);
    kh_access audit = access_of("审计", "", "");
    assert_true(audit.all);
    assert_true(audit.may_audit);
    assert_false(audit.may_rectify);
    assert_false(audit.may_verify);
    /* an officer bound to no region sees nothing */
    kh_access lost = access_of("乡级", "", "");
    assert_true(lost.none);
    assert_false(kh_access_region(&lost, "530121101201"));
    /* the third party: no region (the households of its sample come
     * through the store's sample clause, within lo..hi) */
    kh_access third = access_of("第三方评估", "530121000000", "");
    assert_true(third.none);
    assert_true(third.sample_only);
    assert_false(kh_access_region(&third, "530121101201"));
    assert_string_equal(third.lo, "530121000000");
    assert_string_equal(third.hi, "530121999999");
    kh_access third_all = access_of("第三方评估", "", "");
    assert_true(third_all.sample_only);
    assert_string_equal(third_all.lo, "000000000000");
    assert_string_equal(third_all.hi, "999999999999");
    /* entering assessment inputs: 考核组 and the administrator */
    assert_true(access_of("考核组", "", "").may_assess);
    assert_true(admin.may_assess);
    assert_false(access_of("县级", "530121000000", "").may_assess);
    assert_false(audit.may_assess);
}

static void test_dept_problems(void **state)
{
    (void)state;
    kh_access d = access_of("责任单位", "530121000000", "县教育局");
    assert_true(d.none);
    assert_true(d.dept_only);
    assert_false(kh_access_region(&d, "530121101201"));
    assert_true(kh_access_problem(&d, "990000000000", "县教育局", NULL));
    assert_true(kh_access_problem(&d, "530121101201", "县扶贫办",
                                  "县卫健局、县教育局"));
    assert_true(kh_access_problem(&d, "530121101201", NULL, "县教育局"));
    /* a name contained in another unit's is not the unit */
    assert_false(kh_access_problem(&d, "530121101201", "县教育局分局",
                                   "市县教育局、县教育"));
    assert_false(kh_access_problem(&d, "530121101201", NULL, NULL));
    /* without --dept the user's name is the unit */
    kh_access n = access_of("牵头部门", "", "");
    assert_true(kh_access_problem(&n, "1", "someone", NULL));
    kh_access t = access_of("乡级", "530121101000", "");
    assert_true(kh_access_problem(&t, "530121101201", "x", NULL));
    assert_false(kh_access_problem(&t, "530121102201", "x", NULL));
}

static void test_mask_phone(void **state)
{
    (void)state;
    char out[32];
    kh_mask_phone("13812345678", out, sizeof out);
    assert_string_equal(out, "138****5678");
    kh_mask_phone("08711234567", out, sizeof out);
    assert_string_equal(out, "087****4567");
    kh_mask_phone("1234567", out, sizeof out);
    assert_string_equal(out, "*******");
    kh_mask_phone("", out, sizeof out);
    assert_string_equal(out, "");
    char small[5];
    kh_mask_phone("13812345678", small, sizeof small);
    assert_string_equal(small, "138*");
}

static void test_passwords(void **state)
{
    (void)state;
    kh_standard *std = national();
    kh_error err;
    char h[KH_PWHASH_MAX], h2[KH_PWHASH_MAX];
    /* the national minimum is 10 characters, counted as characters */
    assert_int_equal(kh_password_hash(std, "123456789", h, &err),
                     KH_ERR_INVALID);
    assert_string_equal(err.code, "password_short");
    assert_int_equal(kh_password_hash(std, "扶贫开发成效考核九字", h, &err),
                     KH_OK);
    assert_true(kh_password_check(h, "扶贫开发成效考核九字"));
    assert_int_equal(kh_password_hash(std, "correct horse", h, &err), KH_OK);
    assert_memory_equal(h, "$argon2id$", 10);
    assert_true(kh_password_check(h, "correct horse"));
    assert_false(kh_password_check(h, "correct horsE"));
    assert_false(kh_password_check(h, ""));
    /* a fresh salt every time */
    assert_int_equal(kh_password_hash(std, "correct horse", h2, &err), KH_OK);
    assert_string_not_equal(h, h2);
    /* not argon2id, or nothing: never a match */
    assert_false(kh_password_check("", "correct horse"));
    assert_false(kh_password_check(NULL, "correct horse"));
    assert_false(kh_password_check("correct horse", "correct horse"));
    char *lng = malloc(1100);
    memset(lng, 'a', 1099);
    lng[1099] = '\0';
    assert_int_equal(kh_password_hash(std, lng, h, &err), KH_ERR_INVALID);
    assert_string_equal(err.code, "password_long");
    free(lng);
    /* a province's own minimum */
    const char *prov = "[web]\npassword_min_length = 14\n";
    assert_int_equal(kh_standard_load(std, prov, strlen(prov), "p.std", &err),
                     KH_OK);
    assert_int_equal(kh_password_hash(std, "correct horse", h, &err),
                     KH_ERR_INVALID);
    kh_standard_free(std);
}

static void test_tokens(void **state)
{
    (void)state;
    char a[65], b[65];
    kh_token_new(a);
    kh_token_new(b);
    assert_int_equal(strlen(a), 64);
    assert_string_not_equal(a, b);
    for (int i = 0; i < 64; i++) assert_non_null(strchr("0123456789abcdef", a[i]));
}

/* A database in a scratch file. */
static kh_store *scratch(char path[64])
{
    snprintf(path, 64, "/tmp/kaohe-test-access-%d.db", (int)getpid());
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

/* The lockout the server uses: free attempts, then doubling delays. */
static void test_login_try_delays(void **state)
{
    (void)state;
    char path[64];
    kh_store *s = scratch(path);
    kh_error err;
    long long until;
    /* 3 free attempts within 60 s, then 10 s doubling, at most 35 s */
    kh_login_limits lim = {3, 60, 10, 35};
    assert_int_equal(kh_store_begin(s, &err), KH_OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(kh_store_login_try(s, "u", 1000, &lim, 1, &until,
                                            &err), KH_OK);
        assert_int_equal(until, 0);
    }
    /* the 4th waits 10 s after the last, counted or not */
    assert_int_equal(kh_store_login_try(s, "u", 1005, &lim, 1, &until, &err),
                     KH_OK);
    assert_int_equal(until, 1010);
    assert_int_equal(kh_store_login_try(s, "u", 1010, &lim, 1, &until, &err),
                     KH_OK);
    assert_int_equal(until, 0);
    /* then 20 s, then 35 (not 40) */
    assert_int_equal(kh_store_login_try(s, "u", 1029, &lim, 0, &until, &err),
                     KH_OK);
    assert_int_equal(until, 1030);
    assert_int_equal(kh_store_login_try(s, "u", 1030, &lim, 1, &until, &err),
                     KH_OK);
    assert_int_equal(until, 0);
    assert_int_equal(kh_store_login_try(s, "u", 1031, &lim, 1, &until, &err),
                     KH_OK);
    assert_int_equal(until, 1065);
    /* a peek (count 0) does not count */
    assert_int_equal(kh_store_login_try(s, "v", 1000, &lim, 0, &until, &err),
                     KH_OK);
    assert_int_equal(kh_store_login_locked(s, "v", &until, &err), KH_OK);
    assert_int_equal(until, 0);
    /* a success among other attempts keeps the count; alone it forgets */
    assert_int_equal(kh_store_login_ok(s, "u", 1, &err), KH_OK);
    assert_int_equal(kh_store_login_try(s, "u", 1040, &lim, 0, &until, &err),
                     KH_OK);
    assert_int_equal(until, 1065);
    assert_int_equal(kh_store_login_try(s, "w", 1000, &lim, 1, &until, &err),
                     KH_OK);
    assert_int_equal(kh_store_login_ok(s, "w", 1, &err), KH_OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(kh_store_login_try(s, "w", 1001, &lim, 1, &until,
                                            &err), KH_OK);
        assert_int_equal(until, 0);
    }
    /* past the window, all free again */
    assert_int_equal(kh_store_login_try(s, "u", 1031 + 61, &lim, 1, &until,
                                        &err), KH_OK);
    assert_int_equal(until, 0);
    assert_int_equal(kh_store_commit(s, &err), KH_OK);
    drop(s, path);
}

static void test_sessions_and_audit(void **state)
{
    (void)state;
    char path[64];
    kh_store *s = scratch(path);
    kh_error err;
    kh_user u;
    char csrf[65];
    assert_int_equal(kh_store_begin(s, &err), KH_OK);
    assert_int_equal(kh_store_user_add(s, "甲", "乡级", "530121101000", "t",
                                       "2020-01-01T00:00:00Z", &err), KH_OK);
    assert_int_equal(kh_store_session_add(s, "h1", "甲", "c1", 100, 200,
                                          "127.0.0.1", &err), KH_OK);
    assert_int_equal(kh_store_commit(s, &err), KH_OK);
    assert_int_equal(kh_store_session_get(s, "h1", 199, &u, csrf, &err),
                     KH_OK);
    assert_string_equal(u.name, "甲");
    assert_string_equal(u.region, "530121101000");
    assert_string_equal(csrf, "c1");
    /* expired at 200 */
    assert_int_equal(kh_store_session_get(s, "h1", 200, &u, csrf, &err),
                     KH_ERR_NOTFOUND);
    assert_int_equal(kh_store_session_get(s, "h2", 150, &u, csrf, &err),
                     KH_ERR_NOTFOUND);
    /* a new password ends the sessions */
    assert_int_equal(kh_store_session_add(s, "h3", "甲", "c3", 100, 900,
                                          NULL, &err), KH_OK);
    assert_int_equal(kh_store_user_set_password(s, "甲", "$argon2id$x", &err),
                     KH_OK);
    assert_int_equal(kh_store_session_get(s, "h3", 150, &u, csrf, &err),
                     KH_ERR_NOTFOUND);
    assert_int_equal(kh_store_user_set_password(s, "nobody", "x", &err),
                     KH_ERR_NOTFOUND);
    /* a disabled user's sessions are dead */
    assert_int_equal(kh_store_session_add(s, "h4", "甲", "c4", 100, 900,
                                          NULL, &err), KH_OK);
    assert_int_equal(kh_store_user_disable(s, "甲", "t", &err), KH_OK);
    assert_int_equal(kh_store_session_get(s, "h4", 150, &u, csrf, &err),
                     KH_ERR_NOTFOUND);
    /* the audit log: appended, filtered, counted */
    kh_audit a = {0, "2020-01-01T00:00:00Z", "甲", "127.0.0.1", "login",
                  "user/甲", "ok", -1, NULL, NULL, NULL};
    assert_int_equal(kh_store_audit_add(s, &a, &err), KH_OK);
    a.at = "2020-01-02T00:00:00Z";
    a.outcome = "denied";
    a.action = "household.read";
    assert_int_equal(kh_store_audit_add(s, &a, &err), KH_OK);
    long long n;
    kh_audit_filter f = {0};
    f.outcome = "denied";
    assert_int_equal(kh_store_audit_count(s, &f, &n, &err), KH_OK);
    assert_int_equal(n, 1);
    kh_audit_filter g = {0};
    g.since = "2020-01-02";
    assert_int_equal(kh_store_audit_count(s, &g, &n, &err), KH_OK);
    assert_int_equal(n, 1);
    drop(s, path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_township_scope),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_roles_without_region),
        cmocka_unit_test(test_dept_problems),
        cmocka_unit_test(test_mask_phone),
        cmocka_unit_test(test_passwords),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_login_try_delays),
        cmocka_unit_test(test_sessions_and_audit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
