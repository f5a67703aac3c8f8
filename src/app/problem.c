/* SPDX-License-Identifier: MIT */
/*
 * problem.c - the actions on a problem of 反馈与整改 as use cases
 * (app_problem.h): the scope and role rules decided once for `kaohe
 * rectify` and the server, the action and its audit entry in one
 * transaction, every refusal audited; and the problem's JSON.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_problem.h"
#include "kaohe/documents.h"
#include "kaohe/store.h"

/* One recheck of a problem: run, year, when, source, the value before and
 * after, pass, 反弹 (the problem's "recheck" and each of GET
 * /api/problems/ID's "rechecks"). */
static json_t *recheck_obj(const kh_problem_recheck *k)
{
    return json_pack("{s:I,s:i,s:s?,s:s?,s:{s:I,s:I},s:{s:I,s:I},s:b,s:b}",
                     "run", (json_int_t)k->run, "year", k->year, "at", k->at,
                     "source", k->source, "before", "num",
                     (json_int_t)k->before_num, "den",
                     (json_int_t)k->before_den, "after", "num",
                     (json_int_t)k->after_num, "den",
                     (json_int_t)k->after_den, "pass", k->pass, "rebound",
                     k->rebound);
}

char *kh_problem_recheck_json(const kh_problem_recheck *k)
{
    json_t *o = recheck_obj(k);
    char *t = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return t;
}

char *kh_problem_json(const kh_problem *p, const char *today)
{
    int shown = kh_problem_shown(p, today);
    json_t *stages = json_array();
    for (int i = 0; i < KH_NSTAGES; i++)
        json_array_append_new(stages, p->stage_start[i]
                                          ? json_string(p->stage_start[i])
                                          : json_null());
    json_t *o = json_pack(
        "{s:I,s:i,s:s,s:s?,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,"
        "s:s?,s:b,s:o,s:s?,s:s,s:s,s:b,s:s?,s:I,s:s,s:s,s:s}",
        "id", (json_int_t)p->id, "year", p->year, "region", p->region,
        "region_name", p->region_name, "source", p->source, "found_on",
        p->found_on, "category", p->category, "text", p->text, "indicator",
        p->indicator, "rule", p->rule, "measures", p->measures, "lead_dept",
        p->lead_dept, "units", p->units, "person", p->person, "deadline",
        p->deadline, "long_term", p->long_term, "stages", stages, "progress",
        p->progress, "status", kh_rect_status_zh(shown), "status_en",
        kh_rect_status_en(shown), "overdue", shown == KH_RS_OVERDUE,
        "requested_by", p->requested_by, "evidence", (json_int_t)p->evidence,
        "created_at", p->created_at, "created_by", p->created_by,
        "updated_at", p->updated_at);
    if (o && p->value_den > 0)
        json_object_set_new(o, "value",
                            json_pack("{s:I,s:I}", "num",
                                      (json_int_t)p->value_num, "den",
                                      (json_int_t)p->value_den));
    /* The latest recheck of its indicator, and 反弹 (closed, failing
     * again: reopening stays a person's decision). */
    const kh_problem_recheck *k = &p->recheck;
    if (o && k->run)
        json_object_set_new(o, "recheck", recheck_obj(k));
    /* the same in words, as the 整改报告 and the 台账 print it */
    kh_recheck_words kw;
    json_t *kr = o ? json_object_get(o, "recheck") : NULL;
    if (kr && kh_recheck_words_of(p, &kw))
        json_object_set_new(
            kr, "words",
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "what", kw.what,
                      "before", kw.before, "after", kw.after, "rule",
                      kw.rule, "verdict", kw.verdict, "run", kw.run, "date",
                      kw.date));
    if (o)
        json_object_set_new(o, "rebound",
                            json_boolean(k->run && k->rebound &&
                                         p->status == KH_RS_CLOSED));
    if (o && p->closed_at)
        json_object_set_new(o, "closed_at", json_string(p->closed_at));
    /* 执纪问责 and 长效机制 kept with the plan (null when not recorded) */
    if (o)
        json_object_set_new(o, "accountability",
                            p->accountability && *p->accountability
                                ? json_string(p->accountability)
                                : json_null());
    if (o)
        json_object_set_new(o, "mechanism",
                            p->mechanism && *p->mechanism
                                ? json_string(p->mechanism)
                                : json_null());
    char *t = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return t;
}

const char *kh_app_problem_action_name(int action)
{
    return action == KH_APP_EVIDENCE ? "evidence" : kh_rect_action_name(action);
}

/* One problem as the actor may see it. */
typedef struct one_ctx {
    const kh_access *acc;
    char today[11];
    char *json;
    int visible;
    char stages[KH_NSTAGES][11]; /* the stages' start dates ("" unset) */
} one_ctx;

static int get_one(void *ctx, const kh_problem *p, kh_error *err)
{
    one_ctx *c = ctx;
    c->visible = kh_access_problem(c->acc, p->region, p->lead_dept, p->units);
    for (int i = 0; i < KH_NSTAGES; i++)
        snprintf(c->stages[i], sizeof c->stages[i], "%s",
                 p->stage_start[i] ? p->stage_start[i] : "");
    free(c->json);
    c->json = kh_problem_json(p, c->today);
    return c->json ? KH_OK : kh_error_nomem(err);
}

int kh_app_problem_act(kh_store *s, const kh_actor *who, long long id,
                       int action, const kh_problem_plan *plan,
                       const char *note, kh_app_file *files, size_t nfiles,
                       char **after, unsigned *warnings, kh_error *err)
{
    if (after) *after = NULL;
    if (warnings) *warnings = 0;
    if (!who->known)
        return kh_error_set(err, KH_ERR_NOTFOUND, "user_missing",
                            "没有用户 %s(先用 kaohe user add 登记)",
                            "no user %s (register with `kaohe user add`)",
                            who->acc.user);
    if (action == KH_APP_EVIDENCE && !nfiles)
        return kh_error_msg(err, KH_ERR_USAGE, "usage",
                            "没有要附上的佐证材料", "no evidence to attach");
    char object[64], act[32];
    snprintf(object, sizeof object, "problem/%lld", id);
    snprintf(act, sizeof act, "problem.%s", kh_app_problem_action_name(action));
    one_ctx b = {&who->acc, "", NULL, 0, {""}}, a = b;
    snprintf(b.today, sizeof b.today, "%.10s", who->now);
    snprintf(a.today, sizeof a.today, "%.10s", who->now);
    /* The scope: the problem as reading it would show it, or nothing. */
    int rc = kh_store_problem_get(s, id, get_one, &b, err);
    if (rc) {
        free(b.json);
        return rc;
    }
    if (!b.visible) {
        free(b.json);
        kh_error_msg(err, KH_ERR_DENIED, "out_of_scope", "无权查看该问题",
                     "this problem is outside what you may see");
        return kh_app_refuse(s, who, "problem.read", object, err);
    }
    /* The role. */
    int verify = action == KH_RA_VERIFY || action == KH_RA_REJECT ||
                 action == KH_RA_REOPEN;
    if (!(verify ? who->acc.may_verify : who->acc.may_rectify)) {
        free(b.json);
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你的角色(%s)无权进行该操作",
                     "your role (%s) may not do this",
                     who->acc.role[0] ? who->acc.role : "-");
        return kh_app_refuse(s, who, act, object, err);
    }
    free(b.json);
    b.json = NULL;
    rc = kh_store_begin(s, err);
    if (rc) return rc;
    rc = kh_store_problem_get(s, id, get_one, &b, err);
    for (size_t i = 0; !rc && i < nfiles; i++)
        rc = kh_store_evidence_add(s, id, files[i].name,
                                   files[i].data ? files[i].data : "",
                                   files[i].len, who->acc.user, who->now,
                                   files[i].sha, err);
    if (!rc && action != KH_APP_EVIDENCE)
        rc = kh_store_problem_act(s, id, action, plan, note, who->acc.user,
                                  who->now, who->acc.may_verify, err);
    if (!rc) rc = kh_store_problem_get(s, id, get_one, &a, err);
    if (!rc)
        rc = kh_app_audit(s, who, act, object, "ok",
                          nfiles ? (long long)nfiles : -1, b.json, a.json,
                          NULL, err);
    if (!rc) rc = kh_store_commit(s, err); /* rolls back when it fails */
    else kh_store_rollback(s);
    free(b.json);
    /* A plan's warnings, not refusals: a deadline already past, the stages
     * (as stored now: those given, the earlier ones where none was) in
     * reverse order. */
    if (!rc && warnings && action == KH_RA_PLAN && plan) {
        const char *st[KH_NSTAGES];
        for (int i = 0; i < KH_NSTAGES; i++) st[i] = a.stages[i];
        *warnings = kh_rect_warnings(NULL, plan->deadline, st, a.today);
    }
    if (!rc && after) *after = a.json;
    else free(a.json);
    return rc;
}
