/* SPDX-License-Identifier: MIT */
/*
 * auth.h - who may log in and what they did: passwords (argon2id through
 * libsodium), web sessions, failed-login counters (lockout), and the audit
 * log (append-only; every write of the web application and of `kaohe
 * user` is recorded in the same transaction as the write). Store side in
 * src/store/auth_store.c (schema 4); the settings are the standards
 * file's [web] section (docs/standards.md).
 */
#ifndef KAOHE_AUTH_H
#define KAOHE_AUTH_H

#include <stddef.h>

#include "kaohe/error.h"

typedef struct kh_store kh_store;
struct kh_standard;

/* An argon2id hash string ("$argon2id$v=19$m=...") fits in this. */
#define KH_PWHASH_MAX 128

/*
 * Hash a password with argon2id (libsodium's interactive limits). The
 * password must be at least web.password_min_length characters (UTF-8
 * code points), at most 1024 bytes and not a common password
 * (kh_password_common): KH_ERR_INVALID ("password_short",
 * "password_long", "password_common") otherwise. out gets the encoded
 * hash.
 */
int kh_password_hash(const struct kh_standard *std, const char *pw,
                     char out[KH_PWHASH_MAX], kh_error *err) KH_WUR;
/* 1 when pw (ASCII letters compared in lowercase) is in the list of
 * common passwords shipped as standards/common-passwords.txt. */
int kh_password_common(const char *pw);
/* 1 when pw matches hash, 0 otherwise (also for a NULL or bad hash). */
int kh_password_check(const char *hash, const char *pw);
/* Spend the time of one check without a hash (unknown users). */
void kh_password_waste(const char *pw);

/* A random 256-bit token as 64 hex digits (libsodium randombytes). */
void kh_token_new(char out[65]);

/* A user as the web application needs it. */
typedef struct kh_user {
    char name[128];
    char role[64];
    char region[13]; /* "" when not bound to a region */
    char dept[128];  /* 牵头部门 / 责任单位 users: their unit ("" none) */
    int disabled;
    char pw_hash[KH_PWHASH_MAX]; /* "" when no password is set */
} kh_user;

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

/* ---- sessions ---- */

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

/* ---- failed logins ---- */

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

/* ---- the audit log ---- */

typedef struct kh_audit {
    long long id;       /* set when read */
    const char *at;     /* YYYY-MM-DDTHH:MM:SSZ */
    const char *who;    /* the user, or the name tried at a login */
    const char *addr;   /* client address, "cli" for the command line */
    const char *action; /* "login", "problem.verify", "household.read" ... */
    const char *object; /* the record: "household/2019/53312400000100001" */
    const char *outcome; /* "ok", "denied", "failed", "refused" */
    long long records;  /* how many records (reads, exports); -1 n/a */
    const char *before, *after; /* JSON of the record, NULL when n/a */
    const char *note;
} kh_audit;

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

/* Now as YYYY-MM-DDTHH:MM:SSZ (UTC) from seconds since the epoch. */
void kh_iso_time(long long t, char out[32]);

#endif
