/* SPDX-License-Identifier: MIT */
/*
 * app_problem.h - the use cases that change a problem of 反馈与整改 (plan,
 * progress, evidence, 申请销号, 销号, send back, reopen), shared by `kaohe
 * rectify plan|progress|attach|request-close|verify|reject|reopen` and
 * POST /api/problems/ID/ACTION (src/app/problem.c), and the one JSON
 * rendering of a problem both front ends and the audit log use.
 *
 * Who may act is decided here, once: the problem must be within the
 * actor's scope (kh_access_problem: the region's subtree, or a 牵头部门 /
 * 责任单位's own problems); plan, progress, evidence and 申请销号 need a
 * role of [web] rectify_roles, 销号, send back and reopen one of
 * [rectify] verify_roles (and 销号 a second person, the status machine's
 * rule). A problem out of scope is refused as the web refuses reading it
 * (audited as problem.read, "denied"); a role that may not is audited as
 * the action, "denied". A passing action runs in one transaction with its
 * audit entry (the problem before and after).
 */
#ifndef KAOHE_APP_PROBLEM_H
#define KAOHE_APP_PROBLEM_H

#include <stddef.h>

#include "kaohe/app.h"
#include "kaohe/error.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"

/* The action of kh_app_problem_act that only attaches evidence. */
#define KH_APP_EVIDENCE (-1)

/* An evidence file to attach: its name (no path) and bytes; sha gets
 * their SHA-256 once stored. */
typedef struct kh_app_file {
    const char *name;
    const void *data;
    size_t len;
    char sha[65];
} kh_app_file;

/*
 * Apply action (enum kh_rect_action, or KH_APP_EVIDENCE) to problem id as
 * who: the files attached first (KH_ERR_USAGE when KH_APP_EVIDENCE has
 * none), then the action with plan (KH_RA_PLAN) and note. KH_ERR_DENIED
 * for a refusal (audited), KH_ERR_NOTFOUND for no such problem or an actor
 * who is not a registered user, KH_ERR_INVALID when the status machine
 * refuses. *after (may be NULL) gets the problem after, as
 * kh_problem_json renders it (malloc'd). *warnings (may be NULL) gets
 * a plan's warnings, a mask of KH_RW_* (kh_rect_warnings: the deadline
 * already past, the stages as stored in reverse order, as of the
 * actor's day); 0 for the other actions.
 */
int kh_app_problem_act(kh_store *s, const kh_actor *who, long long id,
                       int action, const kh_problem_plan *plan,
                       const char *note, kh_app_file *files, size_t nfiles,
                       char **after /* OUT */, unsigned *warnings /* OUT */,
                       kh_error *err) KH_WUR;

/* The name of action in the audit log and the API: "plan", "progress",
 * "request", "verify", "reject", "reopen", "evidence". */
const char *kh_app_problem_action_name(int action);

/* Problem p as a JSON object (malloc'd, keys sorted; NULL when memory
 * runs out), its shown status as of today (YYYY-MM-DD). The format is
 * docs/http-api.md's "problem". */
char *kh_problem_json(const kh_problem *p, const char *today);

/* One recheck of a problem as a JSON object (malloc'd, keys sorted; NULL
 * when memory runs out): the problem's "recheck" in kh_problem_json and
 * each of the problem's "rechecks" in the API, the one rendering. */
char *kh_problem_recheck_json(const kh_problem_recheck *k);

#endif
