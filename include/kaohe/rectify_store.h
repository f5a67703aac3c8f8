/* SPDX-License-Identifier: MIT */
/*
 * rectify_store.h - the store functions of rectify.h (src/store): what
 * of its records the database keeps and reads. rectify.h holds the domain
 * types and functions, this header the ones that take the store.
 */
#ifndef KAOHE_RECTIFY_STORE_H
#define KAOHE_RECTIFY_STORE_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/rectify.h"

typedef struct kh_store kh_store;

/* ---- the store (src/store/rectify_store.c) ---- */

/* Users: name, role (a label of [enum.role]), region bound to. */
int kh_store_user_add(kh_store *s, const char *name, const char *role,
                      const char *region, const char *by, const char *now,
                      kh_error *err) KH_WUR;
int kh_store_user_disable(kh_store *s, const char *name, const char *by,
                          kh_error *err) KH_WUR;
/* The role of an enabled user, copied into role; KH_ERR_NOTFOUND when
 * the user does not exist or is disabled. */
int kh_store_user_role(kh_store *s, const char *name, char *role,
                       size_t rolesz, kh_error *err) KH_WUR;
typedef int (*kh_user_fn)(void *ctx, const char *name, const char *role,
                          const char *region, int disabled,
                          const char *created_at);
int kh_store_users_each(kh_store *s, kh_user_fn fn, void *ctx,
                        kh_error *err) KH_WUR;

/*
 * Add a problem; *id gets its number. With an origin that is already
 * stored nothing is added and *id is the existing problem's, *added 0.
 * Inside a transaction (kh_store_begin).
 */
int kh_store_problem_add(kh_store *s, const kh_problem_new *p,
                         const char *who, const char *now, long long *id,
                         int *added, kh_error *err) KH_WUR;

/*
 * Apply an action to problem id as who (a registered user). Checks the
 * status machine; records the event (before and after) with note.
 * plan is used by KH_RA_PLAN. Inside a transaction.
 */
int kh_store_problem_act(kh_store *s, long long id, int action,
                         const kh_problem_plan *plan, const char *note,
                         const char *who, const char *now, int who_checks,
                         kh_error *err) KH_WUR;

/* Attach an evidence file (its bytes are stored with their SHA-256). The
 * same content twice on one problem is kept once. Inside a
 * transaction. */
int kh_store_evidence_add(kh_store *s, long long id, const char *name,
                          const void *data, size_t n, const char *who,
                          const char *now, char sha[65],
                          kh_error *err) KH_WUR;

/* One problem; KH_ERR_NOTFOUND when absent. */
typedef int (*kh_problem_fn)(void *ctx, const kh_problem *p, kh_error *err);
int kh_store_problem_get(kh_store *s, long long id, kh_problem_fn fn,
                         void *ctx, kh_error *err) KH_WUR;

int kh_store_problems_each(kh_store *s, const kh_problem_filter *f,
                           kh_problem_fn fn, void *ctx,
                           kh_error *err) KH_WUR;

/* ---- one page of the problem list, in SQL (rectify_store.c) ---- */

/*
 * The problems q selects, in q's order, from offset to offset + limit
 * (counted, filtered and paged by SQLite: the problems outside the page
 * are never read); *total gets how many q selects in all. fn's problem is
 * as kh_store_problem_get gives it.
 */
int kh_store_problems_page(kh_store *s, const kh_problem_query *q,
                           kh_problem_fn fn, void *ctx,
                           long long *total /* OUT */,
                           kh_error *err) KH_WUR;
/* How many problems q selects by the status shown today: counts[0..4]
 * indexed by enum kh_rect_status (逾期 at KH_RS_OVERDUE). */
int kh_store_problems_count(kh_store *s, const kh_problem_query *q,
                            long long counts[5] /* OUT */,
                            kh_error *err) KH_WUR;
/* The distinct values of q's problems, each facet sorted: "category",
 * "dept" (the 牵头部门, then the 责任单位: two sorted runs that may
 * share values), "source", "year". fn returns non-zero for out of
 * memory. */
typedef int (*kh_facet_fn)(void *ctx, const char *facet, const char *value);
int kh_store_problem_facets(kh_store *s, const kh_problem_query *q,
                            kh_facet_fn fn, void *ctx, kh_error *err) KH_WUR;

/* The history of a problem, oldest first. */
typedef int (*kh_event_fn)(void *ctx, const char *at, const char *who,
                           const char *action, int from, int to,
                           const char *note, const char *before,
                           const char *after);
int kh_store_problem_events(kh_store *s, long long id, kh_event_fn fn,
                            void *ctx, kh_error *err) KH_WUR;

/* The evidence of a problem; data is given only when with_data. */
typedef int (*kh_evidence_fn)(void *ctx, long long eid, const char *name,
                              const char *sha, long long size,
                              const char *at, const char *who,
                              const void *data, size_t n);
int kh_store_problem_evidence(kh_store *s, long long id, int with_data,
                              kh_evidence_fn fn, void *ctx,
                              kh_error *err) KH_WUR;

/*
 * Correct problem id's identity; records an "identity" event with the
 * fields before and after (JSON) and note. Refused (KH_ERR_INVALID) on a
 * closed problem. Inside a transaction.
 */
int kh_store_problem_identity(kh_store *s, long long id,
                              const kh_problem_ident *v, const char *note,
                              const char *who, const char *now,
                              kh_error *err) KH_WUR;

/*
 * A recheck run: year's data (or an assessment's version) against every
 * problem it can judge. *run gets its number. Inside a transaction.
 */
int kh_store_recheck_begin(kh_store *s, int year, const char *source,
                           const char *who, const char *now,
                           long long *run /* OUT */, kh_error *err) KH_WUR;
/*
 * The result of run for problem id: its value now (after_num /
 * after_den; the value before is the problem's own) and whether it
 * passes. A failing problem that is 已销号 is recorded as 反弹 (*rebound
 * 1); the status does not change (reopening is a person's decision).
 */
int kh_store_recheck_add(kh_store *s, long long run, long long id,
                         long long after_num, long long after_den, int pass,
                         int *rebound /* OUT */, kh_error *err) KH_WUR;
/* Every recheck of problem id, oldest first (run, year, at, source,
 * values, pass, rebound). */
typedef int (*kh_recheck_fn)(void *ctx, const kh_problem_recheck *k);
int kh_store_problem_rechecks(kh_store *s, long long id, kh_recheck_fn fn,
                              void *ctx, kh_error *err) KH_WUR;

/*
 * The households behind a generated problem, as of the year it was found:
 * stored once, when it is generated, and kept (a later import of that
 * year does not change them). Inside a transaction.
 */
int kh_store_problem_households_add(kh_store *s, long long id,
                                    const char *hh_id, const char *village,
                                    kh_error *err) KH_WUR;
/* The stored households of problem id in hh_id order; *n gets their
 * count (0: none stored). fn may be NULL to count only. */
typedef int (*kh_problem_hh_fn)(void *ctx, const char *hh_id,
                                const char *village);
int kh_store_problem_households(kh_store *s, long long id,
                                kh_problem_hh_fn fn, void *ctx,
                                long long *n /* OUT */,
                                kh_error *err) KH_WUR;

#endif
