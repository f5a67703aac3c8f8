/* SPDX-License-Identifier: MIT */
/*
 * web_auth.c - logging in and out: POST /api/login decides first, in the
 * transaction that counts the attempt, whether this account and this
 * address may try a password now ([web] login_max_failures free
 * attempts, then a delay doubling from login_delay_seconds up to
 * lockout_minutes; addr_max_failures for an address), and only then
 * checks the password (argon2id). A session is a random 256-bit token in
 * an HttpOnly, SameSite=Strict cookie (Secure over TLS) — only its SHA-256
 * is stored —, with a CSRF token derived from it (stored hashed too),
 * which every write must send back in X-CSRF-Token; it ends after
 * session_idle_minutes without a request or session_hours after the
 * login, and a user keeps at most max_sessions. Logins, failures and
 * refusals are audited.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "kaohe/app.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
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

/* The CSRF token of a session: derived from its token (so that the
 * database, which keeps only hashes, holds neither), as 64 hex digits. */
static void csrf_of(const char *tok, char out[65])
{
    char buf[80];
    snprintf(buf, sizeof buf, "%s:csrf", tok);
    kh_sha256_hex(buf, strlen(buf), out);
}

static long long setting(web_req *r, const char *key, long long def)
{
    return kh_standard_int(r->srv->std, key, def);
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
    char stored[65];
    if (!s || kh_store_session_get(s, r->token_sha, r->now_s, &r->user,
                                   stored, &err))
        return -1;
    /* The database keeps the CSRF token's hash only. */
    char csrf_sha[65];
    csrf_of(tok, r->csrf);
    kh_sha256_hex(r->csrf, 64, csrf_sha);
    if (strcmp(csrf_sha, stored)) {
        memset(r->csrf, 0, sizeof r->csrf);
        memset(&r->user, 0, sizeof r->user);
        return -1;
    }
    /* The idle timeout: each request moves the session's end to now +
     * session_idle_minutes (within session_hours of the login). */
    if (!pthread_mutex_trylock(&r->srv->write_lock)) {
        if (kh_store_session_touch(
                s, r->token_sha, r->now_s,
                setting(r, "web.session_idle_minutes", 30) * 60,
                setting(r, "web.session_hours", 8) * 3600, &err))
            fprintf(stderr, "kaohe serve: session: %s\n", err.en);
        pthread_mutex_unlock(&r->srv->write_lock);
    }
    kh_access_init(&r->acc, r->srv->std, &r->user);
    r->authed = 1;
    return 0;
}

static json_t *me_json(web_req *r)
{
    /* what the pages may offer: the use cases' rules (kh_app_rights_of;
     * each request is still decided by its use case) */
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    kh_app_rights m;
    kh_app_rights_of(r->srv->std, &who, &m);
    json_t *me = json_pack(
        "{s:s,s:s,s:s?,s:s?,s:s,s:{s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}}", "user",
        r->user.name, "role", r->user.role, "region",
        r->user.region[0] ? r->user.region : NULL, "dept",
        r->user.dept[0] ? r->user.dept : NULL, "csrf", r->csrf, "may",
        "all_regions", m.all_regions, "households", m.households, "unmask",
        m.unmask, "rectify", m.rectify, "verify", m.verify,
        "audit", m.audit, "assess", m.assess, "edit", m.edit,
        "import", m.import, "sample_only", m.sample_only, "problems",
        m.problems);
    /* the years' management (web_year.c) and the 抽样 page's design job
     * (a hint for the page: the use case, kh_app_sample_design, decides) */
    if (me)
        json_object_set_new(json_object_get(me, "may"), "years",
                            json_boolean(m.years));
    if (me)
        json_object_set_new(json_object_get(me, "may"), "sample_design",
                            json_boolean(m.sample_design));
    return me;
}

/* The limits of the lockout ([web]): per account and per address. */
static void limits(web_req *r, kh_login_limits *u, kh_login_limits *a)
{
    long long delay = setting(r, "web.login_delay_seconds", 30);
    long long cap = setting(r, "web.lockout_minutes", 15) * 60;
    *u = (kh_login_limits){setting(r, "web.login_max_failures", 5),
                           setting(r, "web.login_window_minutes", 15) * 60,
                           delay, cap};
    *a = (kh_login_limits){setting(r, "web.addr_max_failures", 30),
                           setting(r, "web.addr_window_minutes", 10) * 60,
                           delay, cap};
}

/* Decide whether this login may try its password, and count the try, in
 * one transaction (the check and the count cannot be split by another
 * login). *until: 0 when it may; else when it may again. The refusal is
 * audited in the same transaction. */
static int login_gate(web_req *r, kh_store *s, const char *ukey,
                      const char *akey, long long *until, kh_error *err)
{
    kh_login_limits lu, la;
    limits(r, &lu, &la);
    long long u1 = 0, u2 = 0;
    int rc = web_begin(r, s, err);
    if (rc) return rc;
    rc = kh_store_login_try(s, ukey, r->now_s, &lu, 0, &u1, err);
    if (!rc) rc = kh_store_login_try(s, akey, r->now_s, &la, 0, &u2, err);
    *until = u1 > u2 ? u1 : u2;
    if (!rc && !*until) {
        rc = kh_store_login_try(s, ukey, r->now_s, &lu, 1, &u1, err);
        if (!rc) rc = kh_store_login_try(s, akey, r->now_s, &la, 1, &u2, err);
    }
    if (!rc && *until) {
        char object[200], note[80];
        snprintf(object, sizeof object, "user/%s", r->login_name);
        snprintf(note, sizeof note, "429 login_locked: %s, %lld s",
                 u1 ? "account" : "address", *until - r->now_s);
        kh_audit a = {0,      r->now,  r->login_name, r->addr, "login",
                      object, "locked", -1,           NULL,    NULL,
                      note};
        rc = kh_store_audit_add(s, &a, err);
        if (!rc) r->audited = 1;
    }
    return web_end(r, s, rc, err);
}

/* A failed password (or unknown, disabled user), audited. */
static void audit_failure(web_req *r, kh_store *s, const char *why)
{
    kh_error err;
    kh_error_clear(&err);
    if (web_begin(r, s, &err)) return;
    char object[200];
    snprintf(object, sizeof object, "user/%s", r->login_name);
    kh_audit a = {0,      r->now,   r->login_name, r->addr, "login",
                  object, "failed", -1,            NULL,    NULL,
                  why};
    int rc = kh_store_audit_add(s, &a, &err);
    if (!web_end(r, s, rc, &err) && !rc) r->audited = 1;
}

static enum MHD_Result locked_reply(web_req *r, long long until)
{
    long long secs = until - r->now_s;
    char zh[160], en[160];
    if (secs >= 60) {
        snprintf(zh, sizeof zh, "登录尝试过多,请 %lld 分钟后再试",
                 (secs + 59) / 60);
        snprintf(en, sizeof en,
                 "too many login attempts: try again in %lld minutes",
                 (secs + 59) / 60);
    } else {
        snprintf(zh, sizeof zh, "登录尝试过多,请 %lld 秒后再试",
                 secs > 0 ? secs : 1);
        snprintf(en, sizeof en,
                 "too many login attempts: try again in %lld seconds",
                 secs > 0 ? secs : 1);
    }
    return web_error(r, 429, "login_locked", zh, en);
}

/* The session cookie (Secure over TLS or behind a TLS proxy). */
static void cookie_of(web_req *r, const char *token, long long max_age,
                      char *out, size_t outsz)
{
    snprintf(out, outsz,
             COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
             token, max_age, r->tls ? "; Secure" : "");
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
    snprintf(r->login_name, sizeof r->login_name, "%s", name);
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
    long long until = 0;
    if (login_gate(r, s, ukey, akey, &until, &err)) {
        json_decref(j);
        return web_fail(r, &err);
    }
    if (until) {
        /* Not now: the password is not even looked at. */
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
    json_decref(j);
    if (!ok) {
        audit_failure(r, s,
                      !found         ? "unknown user"
                      : u.disabled   ? "disabled"
                      : !u.pw_hash[0] ? "no password"
                                      : "wrong password");
        return web_error(r, 401, "login_failed", "用户名或密码错误",
                         "wrong user name or password");
    }
    /* A new session. */
    char token[65], csrf[65], csrf_sha[65];
    kh_token_new(token);
    if (!token[0])
        return web_error(r, 500, "random", "无法生成随机令牌",
                         "cannot make a random token");
    csrf_of(token, csrf);
    kh_sha256_hex(csrf, 64, csrf_sha);
    kh_sha256_hex(token, 64, r->token_sha);
    long long hours = setting(r, "web.session_hours", 8);
    long long idle = setting(r, "web.session_idle_minutes", 30) * 60;
    long long life = idle < hours * 3600 ? idle : hours * 3600;
    long long ended = 0;
    int rc = web_begin(r, s, &err);
    if (!rc) {
        rc = kh_store_session_add(s, r->token_sha, u.name, csrf_sha,
                                  r->now_s, r->now_s + life, r->addr, &err);
        if (!rc) rc = kh_store_login_ok(s, ukey, 1, &err);
        if (!rc) rc = kh_store_login_ok(s, akey, 0, &err);
        if (!rc) rc = kh_store_sessions_purge(s, r->now_s, &err);
        if (!rc)
            rc = kh_store_sessions_limit(
                s, u.name, setting(r, "web.max_sessions", 3), &ended, &err);
        char object[200], note[80];
        snprintf(object, sizeof object, "user/%s", u.name);
        snprintf(note, sizeof note, "ended %lld older sessions", ended);
        r->user = u;
        r->authed = 1;
        if (!rc) {
            kh_audit a = {0,      r->now, u.name, r->addr, "login",
                          object, "ok",   -1,     NULL,    NULL,
                          ended ? note : NULL};
            rc = kh_store_audit_add(s, &a, &err);
        }
        rc = web_end(r, s, rc, &err);
    }
    if (rc) {
        r->authed = 0;
        return web_fail(r, &err);
    }
    memcpy(r->csrf, csrf, 65);
    kh_access_init(&r->acc, r->srv->std, &r->user);
    char cookie[200];
    cookie_of(r, token, hours * 3600, cookie, sizeof cookie);
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
    char cookie[200];
    cookie_of(r, "", 0, cookie, sizeof cookie);
    return web_json_cookie(r, 200, json_pack("{s:b}", "ok", 1), cookie);
}

enum MHD_Result web_me(web_req *r, char **seg, int nseg)
{
    return web_json(r, 200, me_json(r));
}
