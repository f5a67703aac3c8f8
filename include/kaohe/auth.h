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

/* ---- sessions ---- */

/* ---- failed logins ---- */

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

/* Now as YYYY-MM-DDTHH:MM:SSZ (UTC) from seconds since the epoch. */
void kh_iso_time(long long t, char out[32]);

#endif
