/* SPDX-License-Identifier: MIT */
/*
 * app.h - the use-case layer: one function per action a user can take,
 * called alike by the command line (src/cli) and the server (src/web).
 *
 * A use case takes the acting user (kh_actor: who, their role and scope
 * as kh_access computes them from the standards file, where the request
 * came from, and when), decides once whether that user may do it, owns
 * its transaction, and writes the audit entry of what happened — the
 * refusal as well as the success. The front ends only parse their input
 * and render the result; no rule of who may do what is written in them.
 *
 * Functions here are named kh_app_<object>_<verb>; the ones in this file
 * are shared by all use cases (src/app/actor.c).
 */
#ifndef KAOHE_APP_H
#define KAOHE_APP_H

#include "kaohe/access.h"
#include "kaohe/access_store.h"
#include "kaohe/auth.h"
#include "kaohe/auth_store.h"
#include "kaohe/error.h"

struct kh_standard;
typedef struct kh_store kh_store;

/* The acting user of one action. */
typedef struct kh_actor {
    kh_access acc;     /* role and scope (kh_access_init) */
    char addr[64];     /* the client's address, "cli" for the command line */
    char now[32];      /* the time of the action, YYYY-MM-DDTHH:MM:SSZ */
    int known;         /* 1 when the user is in the users table */
} kh_actor;

/*
 * The actor for the stored user name acting from addr at now (NULL: the
 * current time). A name that is not a stored user gets an actor with no
 * role and no scope (known = 0): every use case that needs a role refuses
 * it. A disabled user is refused here (KH_ERR_DENIED, "user_disabled").
 */
int kh_actor_load(kh_store *s, const struct kh_standard *std,
                  const char *name, const char *addr, const char *now,
                  kh_actor *out /* OUT */, kh_error *err) KH_WUR;

/*
 * The actor at the console (the command line): as kh_actor_load, except
 * that a database without any user is administered from its console —
 * the actor is then a 系统管理员 of name.
 */
int kh_actor_console(kh_store *s, const struct kh_standard *std,
                     const char *name, const char *addr, const char *now,
                     kh_actor *out /* OUT */, kh_error *err) KH_WUR;

/*
 * The console's operator: an actor of kh_actor_console whose name is no
 * stored user (known 0, address "cli"). The operator holds the database
 * file itself: besides administering a database without users, the
 * operator's own actions — the review (kh_app_review_run) and the issuing
 * details (kh_app_org_set) — are always the operator's to run, with
 * every right, audited under the name (kh_actor_operator gives that
 * actor in *tmp). Every other action needs a stored user once the
 * database has one.
 */
int kh_actor_is_operator(const kh_actor *who);
const kh_actor *kh_actor_operator(kh_actor *tmp /* OUT */,
                                  const struct kh_standard *std,
                                  const kh_actor *who);

/* The actor for a user already read (the server's logged-in user). */
void kh_actor_from_user(kh_actor *out /* OUT */,
                        const struct kh_standard *std, const kh_user *u,
                        const char *addr, const char *now);

/*
 * Append an audit entry for who (within the caller's transaction when
 * there is one). records -1 when not applicable; before, after, note may
 * be NULL.
 */
int kh_app_audit(kh_store *s, const kh_actor *who, const char *action,
                 const char *object, const char *outcome, long long records,
                 const char *before, const char *after, const char *note,
                 kh_error *err) KH_WUR;

/*
 * Record a refusal that err already describes (set by the use case: the
 * scope, the role, the rule): an audit entry with outcome "denied" for
 * KH_ERR_DENIED and "refused" otherwise, the error's code as its note,
 * written in a transaction of its own — call it after rolling the
 * action's transaction back. Returns err->status unchanged (the refusal),
 * or the database error when the entry cannot be written.
 */
int kh_app_refuse(kh_store *s, const kh_actor *who, const char *action,
                  const char *object, kh_error *err) KH_WUR;

/*
 * Whether what who reads shows ID numbers and phones masked: always
 * (*masked 1), unless unmask is asked and who's role may unmask ([web]
 * unmask_roles); then *masked 0. A role that may not asking is refused
 * here (KH_ERR_DENIED, "unmask_denied", err set; the caller audits it with
 * kh_app_refuse under its own action). The one rule of every download
 * (the sampling field lists, the documents).
 */
int kh_app_unmask(const kh_actor *who, int unmask, int *masked /* OUT */,
                  kh_error *err) KH_WUR;

/*
 * The rules of the use cases that depend on the role alone, each said
 * once here and called by the use cases: whether who may list problems
 * (a role with regions, or a 牵头部门 / 责任单位's own), see households
 * (a role with regions, or 第三方评估's drawn ones), import a registry (a
 * role of [web] import_roles with regions), manage the years ([web]
 * year_roles).
 */
int kh_app_may_problems(const kh_actor *who);
int kh_app_may_households(const kh_actor *who);
int kh_app_may_import(const struct kh_standard *std, const kh_actor *who);
int kh_app_may_years(const struct kh_standard *std, const kh_actor *who);

/* What who may do, for a front end to offer (the server's GET /api/me):
 * the same rules the use cases decide with (the use cases still decide
 * each request, with its region). */
typedef struct kh_app_rights {
    int all_regions, households, unmask, rectify, verify, audit, assess,
        edit, import, sample_only, problems, years, sample_design;
} kh_app_rights;
void kh_app_rights_of(const struct kh_standard *std, const kh_actor *who,
                      kh_app_rights *out /* OUT */);

/* The kinds of background job the server runs for a user. */
enum {
    KH_APP_JOB_IMPORT, /* registry imports (POST /api/imports) */
    KH_APP_JOB_FUNDS,  /* funds imports (POST /api/funds/imports) */
    KH_APP_JOB_RUN     /* the review, indicators, generate, sample jobs */
};
/*
 * Whether who may see other users' jobs of kind beside their own: a user
 * who sees every region and whose role may start such a job — of [web]
 * import_roles for registry imports, of [web] review_roles for the runs;
 * any such user for funds imports.
 */
int kh_app_jobs_of_others(const struct kh_standard *std, const kh_actor *who,
                          int kind);

#endif
