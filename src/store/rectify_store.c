/* SPDX-License-Identifier: MIT */
/*
 * rectify_store.c - users, problems, their rectification, history and
 * evidence in the database (schema 3). Every change of a problem writes
 * its event (who, when, before, after) in the same transaction.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/registry.h"
#include "store/store_int.h"

/* Run a statement that returns no rows; finalizes it. */

/* ---- users ---- */

int kh_store_user_add(kh_store *s, const char *name, const char *role,
                      const char *region, const char *by, const char *now,
                      kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "SELECT 1 FROM app_user WHERE name = ?1", &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, name);
    int exists = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (exists)
        return kh_error_set(err, KH_ERR_INVALID, "user_exists",
                            "用户 %s 已存在", "user %s exists already", name);
    if (kh_sql_prepare(s,
                "INSERT INTO app_user(name, role, region, created_at,"
                " created_by) VALUES(?1, ?2, ?3, ?5, ?4)",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, name);
    kh_sql_bind_text(st, 2, role);
    kh_sql_bind_text(st, 3, region && region[0] ? region : NULL);
    kh_sql_bind_text(st, 4, by);
    kh_sql_bind_text(st, 5, now);
    return kh_sql_run(s, st, err);
}

int kh_store_user_disable(kh_store *s, const char *name, const char *by,
                          kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "UPDATE app_user SET disabled = 1 WHERE name = ?1", &st,
                err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, name);
    if (kh_sql_run(s, st, err)) return KH_ERR_DB;
    if (!sqlite3_changes(s->db))
        return kh_error_set(err, KH_ERR_NOTFOUND, "user_missing",
                            "没有用户 %s", "no user %s", name);
    (void)by;
    return KH_OK;
}

int kh_store_user_role(kh_store *s, const char *name, char *role,
                       size_t rolesz, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "SELECT role, disabled FROM app_user WHERE name = ?1", &st,
                err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, name);
    int rc = KH_OK;
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "user_missing",
                          "没有用户 %s(先用 kaohe user add 登记)",
                          "no user %s (register with `kaohe user add`)",
                          name);
    else if (sqlite3_column_int(st, 1))
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "user_disabled",
                          "用户 %s 已停用", "user %s is disabled", name);
    else
        snprintf(role, rolesz, "%s", kh_sql_col(st, 0));
    sqlite3_finalize(st);
    return rc;
}

int kh_store_users_each(kh_store *s, kh_user_fn fn, void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "SELECT name, role, region, disabled, created_at FROM app_user"
                " ORDER BY name",
                &st, err))
        return KH_ERR_DB;
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, kh_sql_col(st, 0), kh_sql_col(st, 1), kh_sql_col(st, 2),
                sqlite3_column_int(st, 3), kh_sql_col(st, 4));
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- problems ---- */

int kh_store_problem_add(kh_store *s, const kh_problem_new *p,
                         const char *who, const char *now, long long *id,
                         int *added, kh_error *err)
{
    sqlite3_stmt *st;
    *added = 0;
    if (p->origin) {
        if (kh_sql_prepare(s, "SELECT id FROM problem WHERE origin = ?1", &st, err))
            return KH_ERR_DB;
        kh_sql_bind_text(st, 1, p->origin);
        int found = sqlite3_step(st) == SQLITE_ROW;
        if (found) *id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        if (found) return KH_OK;
    }
    if (kh_sql_prepare(s,
                "INSERT INTO problem(year, region, source, found_on, category,"
                " text, indicator, value_num, value_den, rule, origin,"
                " created_at, created_by, updated_at)"
                " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                " ?13, ?12)",
                &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int(st, 1, p->year);
    kh_sql_bind_text(st, 2, p->region);
    kh_sql_bind_text(st, 3, p->source);
    kh_sql_bind_text(st, 4, p->found_on);
    kh_sql_bind_text(st, 5, p->category);
    kh_sql_bind_text(st, 6, p->text);
    kh_sql_bind_text(st, 7, p->indicator);
    if (p->indicator) {
        sqlite3_bind_int64(st, 8, p->value_num);
        sqlite3_bind_int64(st, 9, p->value_den);
    }
    kh_sql_bind_text(st, 10, p->rule);
    kh_sql_bind_text(st, 11, p->origin);
    kh_sql_bind_text(st, 12, now);
    kh_sql_bind_text(st, 13, who);
    if (kh_sql_run(s, st, err)) return KH_ERR_DB;
    *id = sqlite3_last_insert_rowid(s->db);
    *added = 1;
    if (kh_sql_prepare(s,
                "INSERT INTO problem_event(problem, at, who, action,"
                " from_status, to_status, note) VALUES(?1, ?2, ?3, 'add',"
                " NULL, 0, ?4)",
                &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, *id);
    kh_sql_bind_text(st, 2, now);
    kh_sql_bind_text(st, 3, who);
    kh_sql_bind_text(st, 4, p->text);
    return kh_sql_run(s, st, err);
}

/* The columns every problem query reads, in kh_problem's order. */
#define PROBLEM_COLS                                                        \
    "p.id, p.year, p.region, r.name, p.source, p.found_on, p.category,"    \
    " p.text, p.indicator, p.value_num, p.value_den, p.rule, p.origin,"    \
    " p.measures, p.lead_dept,"                                            \
    " (SELECT group_concat(unit, '、') FROM (SELECT unit FROM problem_unit" \
    "   WHERE problem = p.id ORDER BY seq)),"                              \
    " p.person, p.deadline, p.long_term, p.stage_plan, p.stage_focus,"     \
    " p.stage_supervise, p.progress, p.status, p.requested_by,"            \
    " (SELECT count(*) FROM evidence WHERE problem = p.id),"               \
    " p.created_at, p.created_by, p.updated_at,"                           \
    " CASE WHEN p.status = 3 THEN (SELECT max(at) FROM problem_event"      \
    "   WHERE problem = p.id AND action = 'verify') END,"                 \
    " k.run, kr.year, kr.at, kr.source, k.before_num, k.before_den,"       \
    " k.after_num, k.after_den, k.pass, k.rebound,"                        \
    " p.accountability, p.mechanism"                                       \
    " FROM problem p LEFT JOIN region r ON r.code = p.region"              \
    " LEFT JOIN problem_recheck k ON k.id = (SELECT max(id)"               \
    "   FROM problem_recheck WHERE problem = p.id)"                        \
    " LEFT JOIN recheck_run kr ON kr.id = k.run"

static void row_problem(sqlite3_stmt *st, kh_problem *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->year = sqlite3_column_int(st, 1);
    p->region = kh_sql_col(st, 2);
    p->region_name = kh_sql_col(st, 3);
    p->source = kh_sql_col(st, 4);
    p->found_on = kh_sql_col(st, 5);
    p->category = kh_sql_col(st, 6);
    p->text = kh_sql_col(st, 7);
    p->indicator = kh_sql_col(st, 8);
    p->value_num = sqlite3_column_int64(st, 9);
    p->value_den = sqlite3_column_int64(st, 10);
    p->rule = kh_sql_col(st, 11);
    p->origin = kh_sql_col(st, 12);
    p->measures = kh_sql_col(st, 13);
    p->lead_dept = kh_sql_col(st, 14);
    p->units = kh_sql_col(st, 15);
    p->person = kh_sql_col(st, 16);
    p->deadline = kh_sql_col(st, 17);
    p->long_term = sqlite3_column_int(st, 18);
    for (int i = 0; i < KH_NSTAGES; i++) p->stage_start[i] = kh_sql_col(st, 19 + i);
    p->progress = kh_sql_col(st, 22);
    p->status = sqlite3_column_int(st, 23);
    p->requested_by = kh_sql_col(st, 24);
    p->evidence = sqlite3_column_int(st, 25);
    p->created_at = kh_sql_col(st, 26);
    p->created_by = kh_sql_col(st, 27);
    p->updated_at = kh_sql_col(st, 28);
    p->closed_at = kh_sql_col(st, 29);
    kh_problem_recheck *k = &p->recheck;
    k->run = sqlite3_column_int64(st, 30);
    k->year = sqlite3_column_int(st, 31);
    k->at = kh_sql_col(st, 32);
    k->source = kh_sql_col(st, 33);
    k->before_num = sqlite3_column_int64(st, 34);
    k->before_den = sqlite3_column_int64(st, 35);
    k->after_num = sqlite3_column_int64(st, 36);
    k->after_den = sqlite3_column_int64(st, 37);
    k->pass = sqlite3_column_int(st, 38);
    k->rebound = sqlite3_column_int(st, 39);
    p->accountability = kh_sql_col(st, 40);
    p->mechanism = kh_sql_col(st, 41);
}

static int notfound(long long id, kh_error *err)
{
    return kh_error_set(err, KH_ERR_NOTFOUND, "problem_missing",
                        "没有编号为 %lld 的问题", "no problem number %lld",
                        id);
}

int kh_store_problem_get(kh_store *s, long long id, kh_problem_fn fn,
                         void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s, "SELECT " PROBLEM_COLS " WHERE p.id = ?1", &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        kh_problem p;
        row_problem(st, &p);
        rc = fn(ctx, &p, err);
    } else {
        rc = step == SQLITE_DONE ? notfound(id, err) : kh_sql_err(s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Each problem st gives, to fn; finalizes st. */
static int each_problem(kh_store *s, sqlite3_stmt *st, kh_problem_fn fn,
                        void *ctx, kh_error *err)
{
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_problem p;
        row_problem(st, &p);
        rc = fn(ctx, &p, err);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_problems_each(kh_store *s, const kh_problem_filter *f,
                           kh_problem_fn fn, void *ctx, kh_error *err)
{
    /* Region codes are 12 digits whose zero padding says the level: the
     * region and everything under it share its prefix. With peers also a
     * region of the same level in the same province (举一反三). */
    int level = f->region ? kh_region_code_level(f->region,
                                                 strlen(f->region))
                          : 0;
    if (f->region && !level)
        return kh_error_set(err, KH_ERR_INVALID, "region_code",
                            "区划代码 %s 不是 12 位代码",
                            "region code %s is not a 12-digit code",
                            f->region);
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "SELECT " PROBLEM_COLS
                " WHERE (?1 IS NULL OR substr(p.region, 1, ?8) ="
                "   substr(?1, 1, ?8)"
                "   OR (?7 AND substr(p.region, 1, 2) = substr(?1, 1, 2)"
                "       AND r.level = ?9))"
                " AND (?2 IS NULL OR p.lead_dept = ?2 OR EXISTS (SELECT 1"
                "   FROM problem_unit u WHERE u.problem = p.id"
                "   AND u.unit = ?2))"
                " AND (?3 = 0 OR p.status = ?3 - 1)"
                " AND (?4 = 0 OR p.year = ?4)"
                " AND (?5 IS NULL OR p.category = ?5)"
                " AND (?6 IS NULL OR p.source = ?6)"
                " AND (?10 = 0 OR (k.rebound = 1 AND p.status = 3))"
                " ORDER BY ?1 IS NOT NULL AND substr(p.region, 1, ?8) <>"
                "   substr(?1, 1, ?8), p.region, p.id",
                &st, err))
        return KH_ERR_DB;
    kh_sql_bind_text(st, 1, f->region);
    kh_sql_bind_text(st, 2, f->dept);
    sqlite3_bind_int(st, 3, f->status);
    sqlite3_bind_int(st, 4, f->year);
    kh_sql_bind_text(st, 5, f->category);
    kh_sql_bind_text(st, 6, f->source);
    sqlite3_bind_int(st, 7, f->peers);
    sqlite3_bind_int(st, 8, kh_region_prefix_len(level));
    sqlite3_bind_int(st, 9, level);
    sqlite3_bind_int(st, 10, f->rebound);
    return each_problem(s, st, fn, ctx, err);
}

/* The plan fields of a problem as a JSON object, for the history. */
static int plan_json(const kh_problem *p, kh_buf *b)
{
    static const char *const keys[] = {
        "measures", "lead_dept", "units", "person", "deadline",
        "stage_plan", "stage_focus", "stage_supervise", "progress",
        "accountability", "mechanism"};
    const char *vals[] = {p->measures, p->lead_dept, p->units,
                          p->person,
                          p->long_term ? "长期坚持" : p->deadline,
                          p->stage_start[0], p->stage_start[1],
                          p->stage_start[2], p->progress,
                          p->accountability, p->mechanism};
    int rc = kh_buf_addc(b, '{');
    int first = 1;
    for (size_t i = 0; !rc && i < sizeof keys / sizeof keys[0]; i++) {
        if (!vals[i]) continue;
        if (!first) rc = kh_buf_addc(b, ',');
        first = 0;
        if (!rc) rc = kh_buf_printf(b, "\"%s\":", keys[i]);
        if (!rc) rc = kh_buf_json_str(b, vals[i], strlen(vals[i]));
    }
    if (!rc) rc = kh_buf_addc(b, '}');
    return rc;
}

typedef struct snap {
    kh_problem p;
    kh_buf json;
} snap;

static int take_snap(void *ctx, const kh_problem *p, kh_error *err)
{
    snap *sn = ctx;
    sn->p = *p;
    sn->p.units = NULL; /* the statement's memory: not kept */
    if (plan_json(p, &sn->json))
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    sn->p.requested_by = NULL;
    return KH_OK;
}

/* The status, requester, planned flag and plan JSON of problem id. */
typedef struct cur_state {
    int status, planned;
    long evidence;
    int recheck_pass;
    char recheck[160]; /* the passing recheck, cited in the request */
    char requester[128];
    char *json;
} cur_state;

static int read_state(void *ctx, const kh_problem *p, kh_error *err)
{
    cur_state *c = ctx;
    c->status = p->status;
    c->planned = p->measures && p->measures[0] && p->lead_dept &&
                 p->lead_dept[0] && ((p->deadline && p->deadline[0]) ||
                                     p->long_term);
    c->evidence = p->evidence;
    c->recheck_pass = p->recheck.run > 0 && p->recheck.pass;
    if (c->recheck_pass)
        snprintf(c->recheck, sizeof c->recheck,
                 "复核已达标:第 %lld 次复核(%d 年数据)%lld/%lld → %lld/%lld",
                 p->recheck.run, p->recheck.year, p->recheck.before_num,
                 p->recheck.before_den, p->recheck.after_num,
                 p->recheck.after_den);
    snprintf(c->requester, sizeof c->requester, "%s",
             p->requested_by ? p->requested_by : "");
    snap sn = {.json = KH_BUF_INIT};
    int rc = take_snap(&sn, p, err);
    c->json = rc ? NULL : kh_buf_take(&sn.json);
    kh_buf_free(&sn.json);
    return rc;
}

static int apply_plan(kh_store *s, long long id, const kh_problem_plan *pl,
                      const char *now, kh_error *err)
{
    static const char *const cols[] = {"measures", "lead_dept", "person",
                                       "accountability", "mechanism"};
    const char *vals[] = {pl->measures, pl->lead_dept, pl->person,
                          pl->accountability, pl->mechanism};
    sqlite3_stmt *st;
    char sql[128];
    for (size_t i = 0; i < 5; i++) {
        if (!vals[i]) continue;
        snprintf(sql, sizeof sql, "UPDATE problem SET %s = ?1 WHERE id = ?2",
                 cols[i]);
        if (kh_sql_prepare(s, sql, &st, err)) return KH_ERR_DB;
        kh_sql_bind_text(st, 1, vals[i][0] ? vals[i] : NULL);
        sqlite3_bind_int64(st, 2, id);
        if (kh_sql_run(s, st, err)) return KH_ERR_DB;
    }
    if (pl->deadline) {
        int lt = !strcmp(pl->deadline, "长期坚持");
        if (kh_sql_prepare(s,
                    "UPDATE problem SET deadline = ?1, long_term = ?2"
                    " WHERE id = ?3",
                    &st, err))
            return KH_ERR_DB;
        kh_sql_bind_text(st, 1, lt || !pl->deadline[0] ? NULL : pl->deadline);
        sqlite3_bind_int(st, 2, lt);
        sqlite3_bind_int64(st, 3, id);
        if (kh_sql_run(s, st, err)) return KH_ERR_DB;
    }
    static const char *const stage_cols[] = {"stage_plan", "stage_focus",
                                             "stage_supervise"};
    for (int i = 0; i < KH_NSTAGES; i++) {
        if (!pl->stage_start[i]) continue;
        snprintf(sql, sizeof sql, "UPDATE problem SET %s = ?1 WHERE id = ?2",
                 stage_cols[i]);
        if (kh_sql_prepare(s, sql, &st, err)) return KH_ERR_DB;
        kh_sql_bind_text(st, 1, pl->stage_start[i][0] ? pl->stage_start[i] : NULL);
        sqlite3_bind_int64(st, 2, id);
        if (kh_sql_run(s, st, err)) return KH_ERR_DB;
    }
    if (pl->units) {
        if (kh_sql_prepare(s, "DELETE FROM problem_unit WHERE problem = ?1", &st,
                    err))
            return KH_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        if (kh_sql_run(s, st, err)) return KH_ERR_DB;
        for (size_t i = 0; i < pl->nunits; i++) {
            if (kh_sql_prepare(s,
                        "INSERT INTO problem_unit(problem, seq, unit)"
                        " VALUES(?1, ?2, ?3)",
                        &st, err))
                return KH_ERR_DB;
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int(st, 2, (int)i);
            kh_sql_bind_text(st, 3, pl->units[i]);
            if (kh_sql_run(s, st, err)) return KH_ERR_DB;
        }
    }
    (void)now;
    return KH_OK;
}

int kh_store_problem_act(kh_store *s, long long id, int action,
                         const kh_problem_plan *plan, const char *note,
                         const char *who, const char *now, int who_checks,
                         kh_error *err)
{
    cur_state before = {0};
    if (kh_store_problem_get(s, id, read_state, &before, err))
        return err->status;
    int rc = KH_OK;
    cur_state after = {0};
    int next = before.status;
    if (action == KH_RA_PLAN) {
        kh_rect_ctx c = {before.status, who, NULL, who_checks, 1, 0, 0};
        rc = kh_rect_transition(&c, action, &next, err);
        if (!rc) rc = apply_plan(s, id, plan, now, err);
    } else {
        kh_rect_ctx c = {before.status, who,
                         before.requester[0] ? before.requester : NULL,
                         who_checks, before.planned, before.evidence,
                         before.recheck_pass};
        rc = kh_rect_transition(&c, action, &next, err);
    }
    /* A request cites the passing recheck as its evidence. */
    char cited[1024];
    if (!rc && action == KH_RA_REQUEST && before.recheck_pass) {
        snprintf(cited, sizeof cited, "%s%s%s", note ? note : "",
                 note && note[0] ? ";" : "", before.recheck);
        note = cited;
    }
    sqlite3_stmt *st = NULL;
    if (!rc && !kh_sql_prepare(s,
                        "UPDATE problem SET status = ?1, updated_at = ?2,"
                        " progress = CASE WHEN ?3 = 1 AND ?4 IS NOT NULL"
                        "   THEN ?4 ELSE progress END,"
                        " requested_by = CASE ?3 WHEN 2 THEN ?5"
                        "   WHEN 1 THEN requested_by ELSE NULL END"
                        " WHERE id = ?6",
                        &st, err)) {
        sqlite3_bind_int(st, 1, next);
        kh_sql_bind_text(st, 2, now);
        int kind = action == KH_RA_PROGRESS ? 1
                   : action == KH_RA_REQUEST ? 2
                   : action == KH_RA_PLAN   ? 1
                                            : 0;
        sqlite3_bind_int(st, 3, kind);
        kh_sql_bind_text(st, 4, action == KH_RA_PROGRESS ? note : NULL);
        kh_sql_bind_text(st, 5, who);
        sqlite3_bind_int64(st, 6, id);
        rc = kh_sql_run(s, st, err);
    } else if (!rc) {
        rc = KH_ERR_DB;
    }
    if (!rc) rc = kh_store_problem_get(s, id, read_state, &after, err);
    if (!rc &&
        !kh_sql_prepare(s,
                 "INSERT INTO problem_event(problem, at, who, action,"
                 " from_status, to_status, note, before, after)"
                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                 &st, err)) {
        sqlite3_bind_int64(st, 1, id);
        kh_sql_bind_text(st, 2, now);
        kh_sql_bind_text(st, 3, who);
        kh_sql_bind_text(st, 4, kh_rect_action_name(action));
        sqlite3_bind_int(st, 5, before.status);
        sqlite3_bind_int(st, 6, next);
        kh_sql_bind_text(st, 7, note);
        int changed = before.json && after.json &&
                      strcmp(before.json, after.json);
        kh_sql_bind_text(st, 8, changed ? before.json : NULL);
        kh_sql_bind_text(st, 9, changed ? after.json : NULL);
        rc = kh_sql_run(s, st, err);
    } else if (!rc) {
        rc = KH_ERR_DB;
    }
    free(before.json);
    free(after.json);
    return rc;
}

int kh_store_evidence_add(kh_store *s, long long id, const char *name,
                          const void *data, size_t n, const char *who,
                          const char *now, char sha[65], kh_error *err)
{
    cur_state cur = {0};
    if (kh_store_problem_get(s, id, read_state, &cur, err)) return err->status;
    free(cur.json);
    if (cur.status == KH_RS_CLOSED)
        return kh_error_set(err, KH_ERR_INVALID, "rectify_refused",
                            "已销号的问题不能再添加佐证材料,须先重新打开",
                            "evidence cannot be added to a closed problem; "
                            "reopen it first");
    kh_sha256_hex(data, n, sha);
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "INSERT OR IGNORE INTO evidence(problem, name, sha256, size,"
                " data, added_at, added_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    kh_sql_bind_text(st, 2, name);
    kh_sql_bind_text(st, 3, sha);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)n);
    sqlite3_bind_blob64(st, 5, n ? data : "", n, SQLITE_STATIC);
    kh_sql_bind_text(st, 6, now);
    kh_sql_bind_text(st, 7, who);
    if (kh_sql_run(s, st, err)) return KH_ERR_DB;
    if (!sqlite3_changes(s->db)) return KH_OK; /* the same file again */
    char note[512];
    snprintf(note, sizeof note, "%s sha256:%s", name, sha);
    if (kh_sql_prepare(s,
                "INSERT INTO problem_event(problem, at, who, action,"
                " from_status, to_status, note) VALUES(?1, ?2, ?3,"
                " 'evidence', ?4, ?4, ?5)",
                &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    kh_sql_bind_text(st, 2, now);
    kh_sql_bind_text(st, 3, who);
    sqlite3_bind_int(st, 4, cur.status);
    kh_sql_bind_text(st, 5, note);
    return kh_sql_run(s, st, err);
}

int kh_store_problem_events(kh_store *s, long long id, kh_event_fn fn,
                            void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                "SELECT at, who, action, ifnull(from_status, -1), to_status,"
                " note, before, after FROM problem_event WHERE problem = ?1"
                " ORDER BY id",
                &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, kh_sql_col(st, 0), kh_sql_col(st, 1), kh_sql_col(st, 2),
                sqlite3_column_int(st, 3), sqlite3_column_int(st, 4),
                kh_sql_col(st, 5), kh_sql_col(st, 6), kh_sql_col(st, 7));
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_problem_evidence(kh_store *s, long long id, int with_data,
                              kh_evidence_fn fn, void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                with_data
                    ? "SELECT id, name, sha256, size, added_at, added_by, data"
                      " FROM evidence WHERE problem = ?1 ORDER BY id"
                    : "SELECT id, name, sha256, size, added_at, added_by, NULL"
                      " FROM evidence WHERE problem = ?1 ORDER BY id",
                &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, sqlite3_column_int64(st, 0), kh_sql_col(st, 1), kh_sql_col(st, 2),
                sqlite3_column_int64(st, 3), kh_sql_col(st, 4), kh_sql_col(st, 5),
                sqlite3_column_blob(st, 6),
                (size_t)sqlite3_column_bytes(st, 6));
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- identity corrections ---- */

typedef struct ident_snap {
    int status;
    kh_buf json;
} ident_snap;

static int ident_json(void *ctx, const kh_problem *p, kh_error *err)
{
    ident_snap *sn = ctx;
    sn->status = p->status;
    static const char *const keys[] = {"region", "source", "found_on",
                                       "category", "text"};
    const char *vals[] = {p->region, p->source, p->found_on, p->category,
                          p->text};
    int rc = kh_buf_printf(&sn->json, "{\"year\":%d", p->year);
    for (size_t i = 0; !rc && i < 5; i++) {
        rc = kh_buf_printf(&sn->json, ",\"%s\":", keys[i]);
        if (!rc)
            rc = vals[i] ? kh_buf_json_str(&sn->json, vals[i], strlen(vals[i]))
                         : kh_buf_adds(&sn->json, "null");
    }
    if (!rc) rc = kh_buf_addc(&sn->json, '}');
    return rc ? kh_error_nomem(err) : KH_OK;
}

int kh_store_problem_identity(kh_store *s, long long id,
                              const kh_problem_ident *v, const char *note,
                              const char *who, const char *now, kh_error *err)
{
    ident_snap before = {0, KH_BUF_INIT}, after = {0, KH_BUF_INIT};
    int rc = kh_store_problem_get(s, id, ident_json, &before, err);
    if (!rc && before.status == KH_RS_CLOSED)
        rc = kh_error_set(err, KH_ERR_INVALID, "rectify_refused",
                          "问题 %lld 已销号,不能修改", "problem %lld is "
                          "closed and cannot change",
                          id);
    static const char *const cols[] = {"region", "source", "found_on",
                                       "category", "text"};
    const char *vals[] = {v->region, v->source, v->found_on, v->category,
                          v->text};
    sqlite3_stmt *st;
    char sql[96];
    for (size_t i = 0; !rc && i < 5; i++) {
        if (!vals[i]) continue;
        snprintf(sql, sizeof sql, "UPDATE problem SET %s = ?1 WHERE id = ?2",
                 cols[i]);
        if (kh_sql_prepare(s, sql, &st, err)) {
            rc = KH_ERR_DB;
            break;
        }
        kh_sql_bind_text(st, 1, vals[i]);
        sqlite3_bind_int64(st, 2, id);
        rc = kh_sql_run(s, st, err);
    }
    if (!rc && v->year) {
        if (kh_sql_prepare(s, "UPDATE problem SET year = ?1 WHERE id = ?2",
                           &st, err))
            rc = KH_ERR_DB;
        else {
            sqlite3_bind_int(st, 1, v->year);
            sqlite3_bind_int64(st, 2, id);
            rc = kh_sql_run(s, st, err);
        }
    }
    if (!rc) rc = kh_store_problem_get(s, id, ident_json, &after, err);
    if (!rc && kh_sql_prepare(s,
                              "INSERT INTO problem_event(problem, at, who,"
                              " action, from_status, to_status, note, before,"
                              " after) VALUES(?1, ?2, ?3, 'identity', ?4, ?4,"
                              " ?5, ?6, ?7)",
                              &st, err))
        rc = KH_ERR_DB;
    else if (!rc) {
        sqlite3_bind_int64(st, 1, id);
        kh_sql_bind_text(st, 2, now);
        kh_sql_bind_text(st, 3, who);
        sqlite3_bind_int(st, 4, before.status);
        kh_sql_bind_text(st, 5, note);
        sqlite3_bind_text(st, 6, before.json.data, (int)before.json.len,
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, after.json.data, (int)after.json.len,
                          SQLITE_TRANSIENT);
        rc = kh_sql_run(s, st, err);
    }
    if (!rc) {
        if (kh_sql_prepare(s, "UPDATE problem SET updated_at = ?1 WHERE id = ?2",
                           &st, err))
            rc = KH_ERR_DB;
        else {
            kh_sql_bind_text(st, 1, now);
            sqlite3_bind_int64(st, 2, id);
            rc = kh_sql_run(s, st, err);
        }
    }
    kh_buf_free(&before.json);
    kh_buf_free(&after.json);
    return rc;
}

/* ---- rechecks ---- */

int kh_store_recheck_begin(kh_store *s, int year, const char *source,
                           const char *who, const char *now, long long *run,
                           kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                       "INSERT INTO recheck_run(year, source, at, who)"
                       " VALUES(?1, ?2, ?3, ?4)",
                       &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int(st, 1, year);
    kh_sql_bind_text(st, 2, source);
    kh_sql_bind_text(st, 3, now);
    kh_sql_bind_text(st, 4, who);
    if (kh_sql_run(s, st, err)) return KH_ERR_DB;
    *run = sqlite3_last_insert_rowid(s->db);
    return KH_OK;
}

int kh_store_recheck_add(kh_store *s, long long run, long long id,
                         long long after_num, long long after_den, int pass,
                         int *rebound, kh_error *err)
{
    sqlite3_stmt *st;
    *rebound = 0;
    if (kh_sql_prepare(s, "SELECT status FROM problem WHERE id = ?1", &st,
                       err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    int status = step == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (step != SQLITE_ROW)
        return step == SQLITE_DONE ? notfound(id, err) : kh_sql_err(s, err);
    *rebound = !pass && status == KH_RS_CLOSED;
    if (kh_sql_prepare(s,
                       "INSERT INTO problem_recheck(problem, run, before_num,"
                       " before_den, after_num, after_den, pass, rebound)"
                       " SELECT id, ?2, value_num, value_den, ?3, ?4, ?5, ?6"
                       " FROM problem WHERE id = ?1",
                       &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, run);
    sqlite3_bind_int64(st, 3, after_num);
    sqlite3_bind_int64(st, 4, after_den);
    sqlite3_bind_int(st, 5, pass != 0);
    sqlite3_bind_int(st, 6, *rebound);
    return kh_sql_run(s, st, err);
}

int kh_store_problem_rechecks(kh_store *s, long long id, kh_recheck_fn fn,
                              void *ctx, kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                       "SELECT k.run, r.year, r.at, r.source, k.before_num,"
                       " k.before_den, k.after_num, k.after_den, k.pass,"
                       " k.rebound FROM problem_recheck k JOIN recheck_run r"
                       " ON r.id = k.run WHERE k.problem = ?1 ORDER BY k.id",
                       &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_problem_recheck k = {
            .run = sqlite3_column_int64(st, 0),
            .year = sqlite3_column_int(st, 1),
            .at = kh_sql_col(st, 2),
            .source = kh_sql_col(st, 3),
            .before_num = sqlite3_column_int64(st, 4),
            .before_den = sqlite3_column_int64(st, 5),
            .after_num = sqlite3_column_int64(st, 6),
            .after_den = sqlite3_column_int64(st, 7),
            .pass = sqlite3_column_int(st, 8),
            .rebound = sqlite3_column_int(st, 9)};
        rc = fn(ctx, &k);
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- the households behind a problem ---- */

int kh_store_problem_households_add(kh_store *s, long long id,
                                    const char *hh_id, const char *village,
                                    kh_error *err)
{
    sqlite3_stmt *st;
    if (kh_sql_prepare(s,
                       "INSERT OR IGNORE INTO problem_household(problem,"
                       " hh_id, village) VALUES(?1, ?2, ?3)",
                       &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    kh_sql_bind_text(st, 2, hh_id);
    kh_sql_bind_text(st, 3, village ? village : "");
    return kh_sql_run(s, st, err);
}

int kh_store_problem_households(kh_store *s, long long id,
                                kh_problem_hh_fn fn, void *ctx, long long *n,
                                kh_error *err)
{
    sqlite3_stmt *st;
    *n = 0;
    if (kh_sql_prepare(s,
                       "SELECT hh_id, village FROM problem_household"
                       " WHERE problem = ?1 ORDER BY hh_id",
                       &st, err))
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = KH_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        (*n)++;
        if (fn) rc = fn(ctx, kh_sql_col(st, 0), kh_sql_col(st, 1));
    }
    if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

/* ---- one page of the problem list ---- */

static const char *const sort_names[KH_PSORT_COUNT] = {
    "region", "id", "found_on", "deadline", "category", "status", "year"};

const char *kh_problem_sort_name(int sort)
{
    return sort >= 0 && sort < KH_PSORT_COUNT ? sort_names[sort] : NULL;
}

int kh_problem_sort_parse(const char *name)
{
    for (int i = 0; name && i < KH_PSORT_COUNT; i++)
        if (!strcmp(name, sort_names[i])) return i;
    return -1;
}

/* 逾期 as kh_problem_shown decides it, ?7 being today. */
#define OVERDUE_SQL                                                         \
    "(p.status IN (0, 1) AND p.long_term = 0 AND p.deadline > ''"          \
    " AND p.deadline < ?7)"

/* Not 逾期 (a NULL deadline makes OVERDUE_SQL NULL, not false). */
#define NOT_OVERDUE_SQL "NOT ifnull(" OVERDUE_SQL ", 0)"

/* The ORDER BY key of each sort (the number follows it). */
static const char *const sort_sql[KH_PSORT_COUNT] = {
    "p.region", "p.id", "p.found_on", "p.deadline", "p.category",
    "CASE WHEN " OVERDUE_SQL " THEN 4 ELSE p.status END", "p.year"};

/* The WHERE clause of q: only the conditions asked for, so that SQLite
 * can use the index of the region range or of the order. Parameters:
 * ?1 ?2 scope, ?3 dept, ?4 year, ?5 category, ?6 source, ?7 today, ?8 ?9
 * 发现日期, ?10 ?11 整改时限, ?14 ?15 the region's subtree. */
static int page_where(const kh_problem_query *q, kh_buf *b)
{
    int rc = kh_buf_adds(b, " WHERE 1");
    if (!rc && q->lo) rc = kh_buf_adds(b, " AND p.region BETWEEN ?1 AND ?2");
    if (!rc && q->f.region)
        rc = kh_buf_adds(b, " AND p.region BETWEEN ?14 AND ?15");
    if (!rc && q->f.dept)
        rc = kh_buf_adds(b, " AND (p.lead_dept = ?3 OR EXISTS (SELECT 1"
                            " FROM problem_unit u WHERE u.problem = p.id"
                            " AND u.unit = ?3))");
    if (!rc && q->f.year) rc = kh_buf_adds(b, " AND p.year = ?4");
    if (!rc && q->f.category) rc = kh_buf_adds(b, " AND p.category = ?5");
    if (!rc && q->f.source) rc = kh_buf_adds(b, " AND p.source = ?6");
    if (!rc && q->found_from) rc = kh_buf_adds(b, " AND p.found_on >= ?8");
    if (!rc && q->found_to) rc = kh_buf_adds(b, " AND p.found_on <= ?9");
    if (!rc && q->deadline_from)
        rc = kh_buf_adds(b, " AND p.deadline >= ?10");
    if (!rc && q->deadline_to) rc = kh_buf_adds(b, " AND p.deadline <= ?11");
    if (!rc && q->f.rebound)
        rc = kh_buf_adds(b, " AND p.status = 3 AND (SELECT k.rebound FROM"
                            " problem_recheck k WHERE k.problem = p.id"
                            " ORDER BY k.id DESC LIMIT 1) = 1");
    int shown = q->shown - 1;
    if (!rc && shown == KH_RS_OVERDUE)
        rc = kh_buf_adds(b, " AND " OVERDUE_SQL);
    else if (!rc && (shown == KH_RS_TODO || shown == KH_RS_DOING))
        rc = kh_buf_printf(b, " AND p.status = %d AND " NOT_OVERDUE_SQL,
                           shown);
    else if (!rc && shown >= 0)
        rc = kh_buf_printf(b, " AND p.status = %d", shown);
    if (!rc && q->overdue > 0) rc = kh_buf_adds(b, " AND " OVERDUE_SQL);
    if (!rc && q->overdue < 0) rc = kh_buf_adds(b, " AND " NOT_OVERDUE_SQL);
    return rc;
}

static int page_prepare(kh_store *s, const kh_problem_query *q,
                        const char *head, const char *tail,
                        sqlite3_stmt **st, kh_error *err)
{
    *st = NULL;
    int level = q->f.region ? kh_region_code_level(q->f.region,
                                                   strlen(q->f.region))
                            : 0;
    if (q->f.region && !level)
        return kh_error_set(err, KH_ERR_INVALID, "region_code",
                            "区划代码 %s 不是 12 位代码",
                            "region code %s is not a 12-digit code",
                            q->f.region);
    kh_buf b = KH_BUF_INIT;
    int rc = kh_buf_adds(&b, head);
    if (!rc) rc = page_where(q, &b);
    if (!rc) rc = kh_buf_adds(&b, tail);
    if (rc) {
        kh_buf_free(&b);
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    }
    rc = kh_sql_prepare(s, b.data, st, err) ? KH_ERR_DB : KH_OK;
    kh_buf_free(&b);
    if (rc) return rc;
    /* the region's subtree: the codes sharing its prefix */
    char lo[13], hi[13];
    if (q->f.region) {
        memcpy(lo, q->f.region, 13);
        memcpy(hi, q->f.region, 13);
        for (int i = kh_region_prefix_len(level); i < 12; i++)
            lo[i] = '0', hi[i] = '9';
    }
    int np = sqlite3_bind_parameter_count(*st);
    const char *text[] = {q->lo,         q->hi,         q->f.dept,
                          NULL,          q->f.category, q->f.source,
                          q->today,      q->found_from, q->found_to,
                          q->deadline_from, q->deadline_to, NULL,
                          NULL,          q->f.region ? lo : NULL,
                          q->f.region ? hi : NULL};
    for (int i = 0; i < 15 && i < np; i++)
        if (text[i]) kh_sql_bind_text(*st, i + 1, text[i]);
    if (np >= 4) sqlite3_bind_int(*st, 4, q->f.year);
    if (np >= 7 && !q->today) kh_sql_bind_text(*st, 7, "");
    return KH_OK;
}

int kh_store_problems_page(kh_store *s, const kh_problem_query *q,
                           kh_problem_fn fn, void *ctx, long long *total,
                           kh_error *err)
{
    *total = 0;
    sqlite3_stmt *st;
    if (page_prepare(s, q, "SELECT count(*) FROM problem p", "", &st, err))
        return err->status;
    int rc = sqlite3_step(st) == SQLITE_ROW ? KH_OK : kh_sql_err(s, err);
    if (!rc) *total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc || !q->limit) return rc;
    int sort = q->sort >= 0 && q->sort < KH_PSORT_COUNT ? q->sort : 0;
    const char *dir = q->desc ? " DESC" : "";
    /* The page's numbers first (the index of the order, no row read
     * beyond them), then those problems in full. */
    char tail[400];
    snprintf(tail, sizeof tail,
             " ORDER BY %s%s, p.id%s LIMIT ?12 OFFSET ?13) ORDER BY %s%s,"
             " p.id%s",
             sort_sql[sort], dir, dir, sort_sql[sort], dir, dir);
    if (page_prepare(s, q,
                     "SELECT " PROBLEM_COLS " WHERE p.id IN (SELECT p.id"
                     " FROM problem p",
                     tail, &st, err))
        return err->status;
    sqlite3_bind_int64(st, 12, q->limit < 0 ? -1 : q->limit);
    sqlite3_bind_int64(st, 13, q->offset > 0 ? q->offset : 0);
    if (sort == KH_PSORT_STATUS && !q->today) kh_sql_bind_text(st, 7, "");
    return each_problem(s, st, fn, ctx, err);
}

int kh_store_problems_count(kh_store *s, const kh_problem_query *q,
                            long long counts[5], kh_error *err)
{
    memset(counts, 0, 5 * sizeof counts[0]);
    sqlite3_stmt *st;
    /* by stored status in the order of problem_state (no sort), 逾期
     * summed beside */
    if (page_prepare(s, q,
                     "SELECT p.status, count(*), sum(" OVERDUE_SQL
                     ") FROM problem p",
                     " GROUP BY p.status", &st, err))
        return err->status;
    if (!q->today) kh_sql_bind_text(st, 7, "");
    int rc = KH_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int k = sqlite3_column_int(st, 0);
        long long late = sqlite3_column_int64(st, 2);
        if (k < 0 || k >= KH_RS_OVERDUE) continue;
        counts[k] = sqlite3_column_int64(st, 1) - late;
        counts[KH_RS_OVERDUE] += late;
    }
    if (step != SQLITE_DONE) rc = kh_sql_err(s, err);
    sqlite3_finalize(st);
    return rc;
}

int kh_store_problem_facets(kh_store *s, const kh_problem_query *q,
                            kh_facet_fn fn, void *ctx, kh_error *err)
{
    static const struct {
        const char *name, *head, *tail;
    } facets[] = {
        {"category", "SELECT DISTINCT p.category FROM problem p",
         " ORDER BY 1"},
        {"dept", "SELECT DISTINCT p.lead_dept FROM problem p", " ORDER BY 1"},
        {"dept",
         "SELECT DISTINCT u.unit FROM problem_unit u JOIN problem p"
         " ON p.id = u.problem",
         " ORDER BY 1"},
        {"source", "SELECT DISTINCT p.source FROM problem p", " ORDER BY 1"},
        {"year", "SELECT DISTINCT p.year FROM problem p", " ORDER BY 1"},
    };
    int rc = KH_OK;
    for (size_t i = 0; !rc && i < sizeof facets / sizeof facets[0]; i++) {
        sqlite3_stmt *st;
        if (page_prepare(s, q, facets[i].head, facets[i].tail, &st, err))
            return err->status;
        int step;
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *v = kh_sql_col(st, 0);
            if (v && *v && fn(ctx, facets[i].name, v))
                rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
        }
        if (!rc && step != SQLITE_DONE) rc = kh_sql_err(s, err);
        sqlite3_finalize(st);
    }
    return rc;
}
