/* SPDX-License-Identifier: MIT */
/*
 * auth_store.c - users' passwords, web sessions, failed-login counters and
 * the audit log in the database (schema 4). The audit table is
 * append-only: triggers refuse to change or delete its rows.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "kaohe/auth.h"
#include "kaohe/auth_store.h"
#include "store/store_int.h"

static void copy(char *dst, size_t n, const unsigned char *src)
{
    snprintf(dst, n, "%s", src ? (const char *)src : "");
}

static void row_user(sqlite3_stmt *st, int c, kh_user *u)
{
    copy(u->name, sizeof u->name, sqlite3_column_text(st, c));
    copy(u->role, sizeof u->role, sqlite3_column_text(st, c + 1));
    copy(u->region, sizeof u->region, sqlite3_column_text(st, c + 2));
    copy(u->dept, sizeof u->dept, sqlite3_column_text(st, c + 3));
    u->disabled = sqlite3_column_int(st, c + 4);
    copy(u->pw_hash, sizeof u->pw_hash, sqlite3_column_text(st, c + 5));
}

#define USER_COLS "u.name, u.role, u.region, u.dept, u.disabled, u.pw_hash"

int kh_store_user_get(kh_store *s, const char *name, kh_user *out,
                      kh_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "SELECT " USER_COLS " FROM app_user u WHERE u.name = ?1",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, name);
    int step = sqlite3_step(st), rc = KH_OK;
    if (step == SQLITE_ROW)
        row_user(st, 0, out);
    else if (step == SQLITE_DONE)
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "user_missing",
                          "没有用户 %s(先用 kaohe user add 登记)",
                          "no user %s (register with `kaohe user add`)",
                          name);
    else
        rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

static int changes_or_missing(kh_store *s, const char *name, kh_error *err)
{
    if (sqlite3_changes(s->db) == 0)
        return kh_error_set(err, KH_ERR_NOTFOUND, "user_missing",
                            "没有用户 %s", "no user %s", name);
    return KH_OK;
}

int kh_store_user_set_password(kh_store *s, const char *name,
                               const char *hash, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "UPDATE app_user SET pw_hash = ?2 WHERE name = ?1", &st,
                err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, name);
    kh_sql_bind_text(st, 2, hash);
    int rc = kh_sql_run(s, st, err);
    if (!rc) rc = changes_or_missing(s, name, err);
    if (!rc && !kh_sql_prepare(s, "DELETE FROM session WHERE user = ?1", &st, err)) {
        kh_sql_bind_text(st, 1, name);
        rc = kh_sql_run(s, st, err);
    }
    return rc;
}

int kh_store_user_set_dept(kh_store *s, const char *name, const char *dept,
                           kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "UPDATE app_user SET dept = ?2 WHERE name = ?1", &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, name);
    kh_sql_bind_text(st, 2, dept && dept[0] ? dept : NULL);
    int rc = kh_sql_run(s, st, err);
    return rc ? rc : changes_or_missing(s, name, err);
}

int kh_store_users_with_password(kh_store *s, const char *role,
                                 long long *n, kh_error *err)
{
    *n = 0;
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "SELECT count(*) FROM app_user WHERE role = ?1 AND"
                " disabled = 0 AND pw_hash IS NOT NULL",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, role);
    int rc = sqlite3_step(st) == SQLITE_ROW ? KH_OK : kh_sql_err(s, err);
    if (!rc) *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

/* ---- sessions ---- */

int kh_store_session_add(kh_store *s, const char *token_sha,
                         const char *user, const char *csrf, long long now,
                         long long expires, const char *addr, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "INSERT INTO session(token_hash, user, csrf, created_at,"
                " expires_at, addr) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, token_sha);
    kh_sql_bind_text(st, 2, user);
    kh_sql_bind_text(st, 3, csrf);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, expires);
    kh_sql_bind_text(st, 6, addr);
    return kh_sql_run(s, st, err);
}

int kh_store_session_get(kh_store *s, const char *token_sha, long long now,
                         kh_user *u, char csrf[65], kh_error *err)
{
    memset(u, 0, sizeof *u);
    csrf[0] = '\0';
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "SELECT " USER_COLS ", x.csrf FROM session x"
                " JOIN app_user u ON u.name = x.user"
                " WHERE x.token_hash = ?1 AND x.expires_at > ?2"
                " AND u.disabled = 0",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, token_sha);
    sqlite3_bind_int64(st, 2, now);
    int step = sqlite3_step(st), rc = KH_OK;
    if (step == SQLITE_ROW) {
        row_user(st, 0, u);
        copy(csrf, 65, sqlite3_column_text(st, 6));
    } else if (step == SQLITE_DONE) {
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "session_missing",
                          "未登录或会话已过期", "not logged in, or the "
                          "session has expired");
    } else {
        rc = kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

int kh_store_session_delete(kh_store *s, const char *token_sha, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "DELETE FROM session WHERE token_hash = ?1", &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, token_sha);
    return kh_sql_run(s, st, err);
}

int kh_store_sessions_purge(kh_store *s, long long now, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "DELETE FROM session WHERE expires_at <= ?1", &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, now);
    return kh_sql_run(s, st, err);
}

/* ---- failed logins ---- */

int kh_store_login_locked(kh_store *s, const char *key, long long *until,
                          kh_error *err)
{
    *until = 0;
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "SELECT locked_until FROM login_fail WHERE key = ?1", &st,
                err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, key);
    int step = sqlite3_step(st), rc = KH_OK;
    if (step == SQLITE_ROW)
        *until = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_DONE)
        rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_login_try(kh_store *s, const char *key, long long now,
                       const kh_login_limits *lim, int count,
                       long long *until, kh_error *err)
{
    *until = 0;
    long long failures = 0, last = 0;
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "SELECT failures, last_at FROM login_fail WHERE key = ?1",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, key);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        failures = sqlite3_column_int64(st, 0);
        last = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) return kh_sql_err(s, err);
    if (now - last > lim->window) failures = 0;
    if (failures >= lim->max) {
        long long d = lim->delay > 0 ? lim->delay : 1;
        for (long long k = lim->max; k < failures && d < lim->cap; k++)
            d *= 2;
        if (d > lim->cap) d = lim->cap;
        if (now < last + d) {
            *until = last + d;
            return KH_OK;
        }
    }
    if (!count) return KH_OK;
    failures++;
    /* locked_until: when the next attempt may come (for kh_store_login_
     * locked and the administrator), 0 while attempts are free. */
    long long next = 0;
    if (failures >= lim->max) {
        long long d = lim->delay > 0 ? lim->delay : 1;
        for (long long k = lim->max; k < failures && d < lim->cap; k++)
            d *= 2;
        next = now + (d > lim->cap ? lim->cap : d);
    }
    if (kh_sql_prepare(s,
                "INSERT OR REPLACE INTO login_fail(key, failures, last_at,"
                " locked_until) VALUES(?1, ?2, ?3, ?4)",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, failures);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, next);
    return kh_sql_run(s, st, err);
}

int kh_store_login_ok(kh_store *s, const char *key, int alone,
                      kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                alone ? "DELETE FROM login_fail WHERE key = ?1"
                        " AND failures <= 1"
                      : "UPDATE login_fail SET failures = max(failures - 1,"
                        " 0) WHERE key = ?1",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, key);
    return kh_sql_run(s, st, err);
}

int kh_store_session_touch(kh_store *s, const char *token_sha, long long now,
                           long long idle, long long absolute, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "UPDATE session SET expires_at = min(created_at + ?4,"
                " ?2 + ?3) WHERE token_hash = ?1 AND expires_at > ?2"
                " AND min(created_at + ?4, ?2 + ?3) > expires_at + 60",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, token_sha);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, idle);
    sqlite3_bind_int64(st, 4, absolute);
    /* Never waits: with the database busy (an import's transaction) the
     * expiry moves at a later request. */
    sqlite3_busy_timeout(s->db, 0);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    sqlite3_busy_timeout(s->db, 2000); /* as kh_store_open sets it */
    if (step == SQLITE_DONE || step == SQLITE_BUSY || step == SQLITE_LOCKED)
        return KH_OK;
    return kh_sql_err(s, err);
}

int kh_store_sessions_limit(kh_store *s, const char *user, long long keep,
                            long long *ended, kh_error *err)
{
    *ended = 0;
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "DELETE FROM session WHERE user = ?1 AND rowid NOT IN"
                " (SELECT rowid FROM session WHERE user = ?1"
                " ORDER BY created_at DESC, rowid DESC LIMIT ?2)",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, user);
    sqlite3_bind_int64(st, 2, keep > 0 ? keep : 1);
    int rc = kh_sql_run(s, st, err);
    if (!rc) *ended = sqlite3_changes(s->db);
    return rc;
}

/* ---- the audit log ---- */

int kh_store_audit_add(kh_store *s, const kh_audit *a, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "INSERT INTO audit(at, who, addr, action, object, outcome,"
                " records, before, after, note)"
                " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, a->at);
    kh_sql_bind_text(st, 2, a->who ? a->who : "");
    kh_sql_bind_text(st, 3, a->addr);
    kh_sql_bind_text(st, 4, a->action);
    kh_sql_bind_text(st, 5, a->object);
    kh_sql_bind_text(st, 6, a->outcome ? a->outcome : "ok");
    kh_sql_bind_nn(st, 7, a->records);
    kh_sql_bind_text(st, 8, a->before);
    kh_sql_bind_text(st, 9, a->after);
    kh_sql_bind_text(st, 10, a->note);
    return kh_sql_run(s, st, err);
}

/* The WHERE clause of a filter; parameters ?1..?6. */
#define AUDIT_WHERE                                                         \
    " WHERE (?1 IS NULL OR who = ?1) AND (?2 IS NULL OR action = ?2)"       \
    " AND (?3 IS NULL OR outcome = ?3) AND (?4 IS NULL OR at >= ?4)"        \
    " AND (?5 IS NULL OR at < ?5) AND id > ?6"

static void bind_filter(sqlite3_stmt *st, const kh_audit_filter *f, int ids)
{
    kh_sql_bind_text(st, 1, f ? f->who : NULL);
    kh_sql_bind_text(st, 2, f ? f->action : NULL);
    kh_sql_bind_text(st, 3, f ? f->outcome : NULL);
    kh_sql_bind_text(st, 4, f ? f->since : NULL);
    kh_sql_bind_text(st, 5, f ? f->until : NULL);
    sqlite3_bind_int64(st, 6, ids && f ? f->after_id : 0);
}

int kh_store_audit_each(kh_store *s, const kh_audit_filter *f,
                        kh_audit_fn fn, void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    int newest = f && f->newest_first;
    if (kh_sql_prepare(s,
                newest ? "SELECT id, at, who, addr, action, object, outcome,"
                         " records, before, after, note FROM audit"
                         AUDIT_WHERE " ORDER BY id DESC LIMIT ?7 OFFSET ?8"
                       : "SELECT id, at, who, addr, action, object, outcome,"
                         " records, before, after, note FROM audit"
                         AUDIT_WHERE " ORDER BY id LIMIT ?7 OFFSET ?8",
                &st, err))
        return KH_ERR_DB;
    bind_filter(st, f, 1);
    sqlite3_bind_int64(st, 7, f && f->limit > 0 ? f->limit : -1);
    sqlite3_bind_int64(st, 8, f && f->offset > 0 ? f->offset : 0);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_audit a;
        a.id = sqlite3_column_int64(st, 0);
        a.at = (const char *)sqlite3_column_text(st, 1);
        a.who = (const char *)sqlite3_column_text(st, 2);
        a.addr = (const char *)sqlite3_column_text(st, 3);
        a.action = (const char *)sqlite3_column_text(st, 4);
        a.object = (const char *)sqlite3_column_text(st, 5);
        a.outcome = (const char *)sqlite3_column_text(st, 6);
        a.records = sqlite3_column_type(st, 7) == SQLITE_NULL
                        ? -1
                        : sqlite3_column_int64(st, 7);
        a.before = (const char *)sqlite3_column_text(st, 8);
        a.after = (const char *)sqlite3_column_text(st, 9);
        a.note = (const char *)sqlite3_column_text(st, 10);
        rc = fn(ctx, &a, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_audit_count(kh_store *s, const kh_audit_filter *f, long long *n,
                         kh_error *err)
{
    *n = 0;
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "SELECT count(*) FROM audit" AUDIT_WHERE, &st, err))
        return KH_ERR_DB;
    bind_filter(st, f, 0);
    int rc = sqlite3_step(st) == SQLITE_ROW ? KH_OK : kh_sql_err(s, err);
    if (!rc) *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}
