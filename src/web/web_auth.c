/* SPDX-License-Identifier: MIT */
/*
 * web_auth.c - logging in and out: POST /api/login checks the password
 * (argon2id), counts failures per user and per address and locks after
 * [web] login_max_failures / addr_max_failures; a session is a random
 * 256-bit token in an HttpOnly, SameSite=Strict cookie (only its SHA-256
 * is stored) with its own CSRF token, which every write must send back in
 * X-CSRF-Token. Logins, failures and lockouts are audited.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "kaohe/rectify.h"
#include "kaohe/standard.h"
#include "web/web_int.h"

#define COOKIE "kh_session"

static enum MHD_Result count_session(void *cls, enum MHD_ValueKind kind,
                                     const char *key, const char *value)
{
    (void)kind;
    (void)value;
    if (!strcasecmp(key, COOKIE)) ++*(int *)cls;
    return MHD_YES;
}

int web_session(web_req *r)
{
    /* Two session cookies (one set by someone else for this host, ahead
     * of the user's) are refused: which one counts is not for a client
     * to arrange. */
    int n = 0;
    MHD_get_connection_values(r->conn, MHD_COOKIE_KIND, count_session, &n);
    if (n != 1) return -1;
    const char *tok =
        MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, COOKIE);
    if (!tok || strlen(tok) != 64) return -1;
    kh_sha256_hex(tok, 64, r->token_sha);
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s || kh_store_session_get(s, r->token_sha, r->now_s, &r->user,
                                   r->csrf, &err))
        return -1;
    kh_access_init(&r->acc, r->srv->std, &r->user);
    r->authed = 1;
    return 0;
}

static json_t *me_json(web_req *r)
{
    const kh_access *a = &r->acc;
    return json_pack(
        "{s:s,s:s,s:s?,s:s?,s:s,s:{s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}}", "user",
        r->user.name, "role", r->user.role, "region",
        r->user.region[0] ? r->user.region : NULL, "dept",
        r->user.dept[0] ? r->user.dept : NULL, "csrf", r->csrf, "may",
        "all_regions", a->all, "households", !a->none || a->sample_only, "unmask",
        a->may_unmask, "rectify", a->may_rectify, "verify", a->may_verify,
        "audit", a->may_audit, "assess", a->may_assess, "edit", a->may_edit,
        "import", !a->none && kh_standard_in_list(r->srv->std, "web.import_roles",
                                                  r->user.role, strlen(r->user.role)),
        "sample_only", a->sample_only, "problems", !a->none || a->dept_only);
}

static long long setting(web_req *r, const char *key, long long def)
{
    return kh_standard_int(r->srv->std, key, def);
}

/* Count a failure of the user name tried and of the address, audit it,
 * in one transaction. */
static void count_failure(web_req *r, kh_store *s, const char *name,
                          const char *why, long long *until)
{
    kh_error err;
    kh_error_clear(&err);
    char ukey[200], akey[80];
    snprintf(ukey, sizeof ukey, "user:%s", name);
    snprintf(akey, sizeof akey, "addr:%s", r->addr);
    long long u1 = 0, u2 = 0;
    if (web_begin(r, s, &err)) return;
    int rc = kh_store_login_failed(
        s, ukey, r->now_s, setting(r, "web.login_window_minutes", 15) * 60,
        setting(r, "web.login_max_failures", 5),
        setting(r, "web.lockout_minutes", 15) * 60, &u1, &err);
    if (!rc)
        rc = kh_store_login_failed(
            s, akey, r->now_s,
            setting(r, "web.addr_window_minutes", 10) * 60,
            setting(r, "web.addr_max_failures", 30),
            setting(r, "web.lockout_minutes", 15) * 60, &u2, &err);
    *until = u1 > u2 ? u1 : u2;
    char object[200];
    snprintf(object, sizeof object, "user/%s", name);
    kh_audit a = {0,      r->now, name, r->addr,
                  "login", object, *until > r->now_s ? "locked" : "failed",
                  -1,     NULL,   NULL, why};
    if (!rc) rc = kh_store_audit_add(s, &a, &err);
    rc = web_end(r, s, rc, &err);
}

static enum MHD_Result locked_reply(web_req *r, long long until)
{
    long long mins = (until - r->now_s + 59) / 60;
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "登录失败次数过多,已锁定,请 %lld 分钟后再试",
             mins);
    snprintf(en, sizeof en,
             "too many failed logins: locked, try again in %lld minutes",
             mins);
    return web_error(r, 429, "login_locked", zh, en);
}

enum MHD_Result web_login(web_req *r, char **seg, int nseg)
{
    enum MHD_Result ret;
    json_t *j = web_body_json(r, &ret);
    if (!j) return ret;
    const char *name = json_string_value(json_object_get(j, "user"));
    const char *pw = json_string_value(json_object_get(j, "password"));
    if (!name || !pw || !*name || strlen(name) > 100) {
        json_decref(j);
        return web_error(r, 400, "bad_login",
                         "需要 user 和 password 两个字符串",
                         "user and password (strings) are required");
    }
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) {
        json_decref(j);
        return web_fail(r, &err);
    }
    char ukey[200], akey[80];
    snprintf(ukey, sizeof ukey, "user:%s", name);
    snprintf(akey, sizeof akey, "addr:%s", r->addr);
    long long u1 = 0, u2 = 0;
    if (kh_store_login_locked(s, ukey, &u1, &err) ||
        kh_store_login_locked(s, akey, &u2, &err)) {
        json_decref(j);
        return web_fail(r, &err);
    }
    long long until = u1 > u2 ? u1 : u2;
    if (until > r->now_s) {
        /* Locked: the password is not even looked at. */
        kh_password_waste(pw);
        json_decref(j);
        return locked_reply(r, until);
    }
    kh_user u;
    int found = !kh_store_user_get(s, name, &u, &err);
    int ok = 0;
    if (found && u.pw_hash[0])
        ok = kh_password_check(u.pw_hash, pw);
    else
        kh_password_waste(pw);
    if (ok && u.disabled) ok = 0;
    if (!ok) {
        count_failure(r, s, name,
                      !found ? "unknown user"
                      : u.disabled ? "disabled"
                      : !u.pw_hash[0] ? "no password"
                                      : "wrong password",
                      &until);
        json_decref(j);
        if (until > r->now_s) return locked_reply(r, until);
        return web_error(r, 401, "login_failed", "用户名或密码错误",
                         "wrong user name or password");
    }
    json_decref(j);
    /* A new session. */
    char token[65], csrf[65];
    kh_token_new(token);
    kh_token_new(csrf);
    if (!token[0] || !csrf[0])
        return web_error(r, 500, "random", "无法生成随机令牌",
                         "cannot make a random token");
    kh_sha256_hex(token, 64, r->token_sha);
    long long hours = setting(r, "web.session_hours", 8);
    int rc = web_begin(r, s, &err);
    if (!rc) {
        rc = kh_store_session_add(s, r->token_sha, u.name, csrf, r->now_s,
                                  r->now_s + hours * 3600, r->addr, &err);
        if (!rc) rc = kh_store_login_reset(s, ukey, &err);
        if (!rc) rc = kh_store_sessions_purge(s, r->now_s, &err);
        char object[200];
        snprintf(object, sizeof object, "user/%s", u.name);
        r->user = u;
        r->authed = 1;
        if (!rc)
            rc = web_audit(r, s, "login", object, "ok", -1, NULL, NULL,
                           &err);
        rc = web_end(r, s, rc, &err);
    }
    if (rc) {
        r->authed = 0;
        return web_fail(r, &err);
    }
    memcpy(r->csrf, csrf, 65);
    kh_access_init(&r->acc, r->srv->std, &r->user);
    char cookie[200];
    snprintf(cookie, sizeof cookie,
             COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld",
             token, hours * 3600);
    memset(token, 0, sizeof token);
    return web_json_cookie(r, 200, me_json(r), cookie);
}

enum MHD_Result web_logout(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    int rc = s ? web_begin(r, s, &err) : err.status;
    if (!rc) {
        rc = kh_store_session_delete(s, r->token_sha, &err);
        char object[200];
        snprintf(object, sizeof object, "user/%s", r->user.name);
        if (!rc)
            rc = web_audit(r, s, "logout", object, "ok", -1, NULL, NULL,
                           &err);
        rc = web_end(r, s, rc, &err);
    }
    if (rc) return web_fail(r, &err);
    return web_json_cookie(
        r, 200, json_pack("{s:b}", "ok", 1),
        COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

enum MHD_Result web_me(web_req *r, char **seg, int nseg)
{
    return web_json(r, 200, me_json(r));
}
