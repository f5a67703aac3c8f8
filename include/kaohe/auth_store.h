/* SPDX-License-Identifier: MIT */
/*
 * auth_store.h - the store functions of auth.h (src/store): what
 * of its records the database keeps and reads. auth.h holds the domain
 * types and functions, this header the ones that take the store.
 */
#ifndef KAOHE_AUTH_STORE_H
#define KAOHE_AUTH_STORE_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/auth.h"

typedef struct kh_store kh_store;

typedef struct kh_store kh_store;
struct kh_standard;

/* Read user name; KH_ERR_NOTFOUND ("user_missing") when absent. */
int kh_store_user_get(kh_store *s, const char *name, kh_user *out /* OUT */,
                      kh_error *err) KH_WUR;
/* Set (or replace) a user's password hash. KH_ERR_NOTFOUND when absent.
 * Ends the user's sessions. Inside a transaction. */
int kh_store_user_set_password(kh_store *s, const char *name,
                               const char *hash, kh_error *err) KH_WUR;
/* Bind a 牵头部门 / 责任单位 user to their unit. Inside a transaction. */
int kh_store_user_set_dept(kh_store *s, const char *name, const char *dept,
                           kh_error *err) KH_WUR;
/* Number of enabled users of role that have a password. */
int kh_store_users_with_password(kh_store *s, const char *role,
                                 long long *n /* OUT */, kh_error *err) KH_WUR;

/*
 * Store a session: the SHA-256 of its token (the token itself is never
 * stored), the user, what the caller keeps of its CSRF token (the server:
 * its SHA-256), times (seconds since the epoch: created, expires) and the
 * client address.
 */
int kh_store_session_add(kh_store *s, const char *token_sha,
                         const char *user, const char *csrf, long long now,
                         long long expires, const char *addr,
                         kh_error *err) KH_WUR;
/*
 * The live session whose token hashes to token_sha: its user (enabled;
 * a disabled user's sessions are dead) and what was stored of its CSRF
 * token. KH_ERR_NOTFOUND
 * ("session_missing") when there is none, it has expired, or its user is
 * disabled.
 */
int kh_store_session_get(kh_store *s, const char *token_sha, long long now,
                         kh_user *u /* OUT */, char csrf[65] /* OUT */,
                         kh_error *err) KH_WUR;
int kh_store_session_delete(kh_store *s, const char *token_sha,
                            kh_error *err) KH_WUR;
/* Remove expired sessions. */
int kh_store_sessions_purge(kh_store *s, long long now, kh_error *err) KH_WUR;

/*
 * When key ("user:NAME" or "addr:IP") may next try, as the last counted
 * attempt left it (seconds since the epoch; 0: its attempts are free).
 */
int kh_store_login_locked(kh_store *s, const char *key, long long *until,
                          kh_error *err) KH_WUR;
/*
 * The lockout the server uses (docs/http-api.md, "Security"): decided
 * before the password is checked, in the transaction that counts the
 * attempt, so that simultaneous logins cannot all pass the check. Within
 * window seconds of the last attempt, max attempts of key are free; each
 * further one must wait delay seconds after the last attempt, doubled for
 * each attempt beyond max, at most cap seconds — an attacker can slow an
 * account down but not lock it for long.
 */
typedef struct kh_login_limits {
    long long max, window, delay, cap; /* attempts, seconds */
} kh_login_limits;
/*
 * Whether key ("user:NAME", "addr:IP") may try now: *until gets 0 when it
 * may, else the time it may again. With count (and allowed), the attempt
 * is counted (as a failure until kh_store_login_ok takes it back). Inside
 * the caller's transaction (read, then write).
 */
int kh_store_login_try(kh_store *s, const char *key, long long now,
                       const kh_login_limits *lim, int count,
                       long long *until, kh_error *err) KH_WUR;
/*
 * The attempt counted by kh_store_login_try succeeded. alone (an
 * account): the count is forgotten only when this was the only attempt
 * counted — else the other attempts (perhaps an attacker's, at the same
 * time) keep counting until the window passes, so that a success cannot
 * open room for more guesses; otherwise (an address): this attempt is
 * taken back.
 */
int kh_store_login_ok(kh_store *s, const char *key, int alone,
                      kh_error *err) KH_WUR;
/*
 * Keep the idle timeout of a live session: its expiry moved to now + idle,
 * never past created + absolute (written only when it moves by more than
 * a minute). Outside a transaction; it never waits for a busy database
 * (then nothing is written, and KH_OK).
 */
int kh_store_session_touch(kh_store *s, const char *token_sha, long long now,
                           long long idle, long long absolute,
                           kh_error *err) KH_WUR;
/* Keep only the newest keep sessions of user (the others end). *ended
 * gets how many ended. Inside a transaction. */
int kh_store_sessions_limit(kh_store *s, const char *user, long long keep,
                            long long *ended /* OUT */, kh_error *err) KH_WUR;

/* Append an entry; within the caller's transaction when there is one. */
int kh_store_audit_add(kh_store *s, const kh_audit *a, kh_error *err) KH_WUR;

typedef struct kh_audit_filter {
    const char *who, *action, *outcome; /* exact; NULL: any */
    const char *since, *until;          /* at >= since, at < until */
    long long after_id;                 /* id > after_id */
    long long limit;                    /* 0: no limit */
    long long offset;                   /* entries skipped */
    int newest_first;
} kh_audit_filter;
typedef int (*kh_audit_fn)(void *ctx, const kh_audit *a, kh_error *err);
/* Visit the entries matching f (oldest first unless newest_first). */
int kh_store_audit_each(kh_store *s, const kh_audit_filter *f,
                        kh_audit_fn fn, void *ctx, kh_error *err) KH_WUR;
/* Number of entries matching f (limit and after_id ignored). */
int kh_store_audit_count(kh_store *s, const kh_audit_filter *f,
                         long long *n /* OUT */, kh_error *err) KH_WUR;

#endif
