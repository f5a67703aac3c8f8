/* SPDX-License-Identifier: MIT */
/*
 * app_reads.h - the use cases of reading what a role may be shown: the
 * audit log and one household (一户一档), shared by the server
 * (GET /api/audit, GET /api/households/YEAR/HH_ID) and the command line
 * (`kaohe audit list|export`, `kaohe household show`).
 *
 * Each decides once whether who may read, in which scope, masked or not
 * (masked by the one policy of kaohe/mask.h unless unmask is asked by a
 * role that may unmask: kh_access.may_unmask, [web] unmask_roles), and
 * audits the read and the refusal with the actions the server has always
 * written: audit.read / audit.unmask, household.read / household.unmask,
 * "denied" for a refusal. The console's operator (kh_actor_is_operator:
 * the holder of the database file, a name that is no stored user) reads
 * with the rights of kh_actor_operator's 系统管理员, masked like anyone.
 */
#ifndef KAOHE_APP_READS_H
#define KAOHE_APP_READS_H

#include "kaohe/access_store.h"
#include "kaohe/app.h"
#include "kaohe/auth_store.h"

/*
 * The entries of the audit log matching f, each passed to fn with the ID
 * numbers and phones its texts quote (object, before, after, note)
 * masked unless unmask. Who may: a role with may_audit ([web]
 * audit_roles), refused otherwise (KH_ERR_DENIED "audit_denied", audited
 * as audit.read, denied); unmask only a role that may unmask (refused
 * "unmask_denied", audited as household.unmask, denied, as the server
 * always has). The read is audited as action (NULL: audit.read, or
 * audit.unmask when unmasked; an export names its own, "audit.export",
 * with ".unmask" added when unmasked) on object (NULL: "audit") with the
 * number of entries, in
 * one transaction with done (may be NULL): done is called after the last
 * entry, before the commit, and its failure undoes the entry (an export
 * closes its file there, so that no file is left unaudited). *entries
 * (may be NULL) gets the number of entries read.
 */
int kh_app_audit_read(kh_store *s, const struct kh_standard *std,
                      const kh_actor *who, const kh_audit_filter *f,
                      int unmask, const char *action, const char *object,
                      kh_audit_fn fn, void *ctx, int (*done)(void *ctx, kh_error *err),
                      long long *entries /* OUT, may be NULL */,
                      kh_error *err) KH_WUR;

/*
 * Whether who may read the audit log (unmask: whole), decided and a
 * refusal audited as kh_app_audit_read does, without reading it: for a
 * front end that refuses before it parses the rest of a request.
 */
int kh_app_audit_may(kh_store *s, const struct kh_standard *std,
                     const kh_actor *who, int unmask, const char *object,
                     kh_error *err) KH_WUR;

/*
 * Household hh_id of year for who, column by column as kh_store_hh_get
 * gives it (member 0 the household, then its members), every ID number,
 * phone and birth date masked by its column's name (kh_mask_kind) unless
 * unmask. Who may: a role that sees households (not kh_access.none)
 * within its scope: a household outside it is refused (KH_ERR_DENIED,
 * audited as household.read, denied); unmask only a role that may
 * (refused "unmask_denied", audited as household.unmask). An unmasked
 * read is audited (household.unmask, ok, the household and its members
 * as records); a masked one is not (as the server always has).
 * KH_ERR_NOTFOUND when year has no hh_id.
 */
int kh_app_household_read(kh_store *s, const struct kh_standard *std,
                          const kh_actor *who, int year, const char *hh_id,
                          int unmask, kh_hh_cols_fn fn, void *ctx,
                          kh_error *err) KH_WUR;

/*
 * Whether who may search the households (q: the search text, NULL for
 * none; unmask: whole), decided as kh_app_households_search does, for a
 * front end that refuses before it parses the rest of a request: a role
 * that sees no households (kh_access.none and not sample_only) is
 * refused "role_denied", not audited (nothing was asked of a region: the
 * front end records it); unmask for a role that may not: "unmask_denied",
 * audited as household.unmask on "households"; a whole ID number as the
 * search text (confirming that a guessed number is stored) only for a
 * role that may unmask: "unmask_denied", audited as household.search_id.
 */
int kh_app_households_may(kh_store *s, const struct kh_standard *std,
                          const kh_actor *who, const char *q, int unmask,
                          kh_error *err) KH_WUR;

/*
 * The households of q->year matching q within who's scope (a q->region
 * outside it: KH_ERR_DENIED, audited as household.search on
 * "households/YEAR/REGION"), passed to fn with the head's ID number and
 * the phone masked unless unmask; *total gets how many match. Who may:
 * kh_app_households_may. With audit, a search by a whole ID number is
 * audited (household.search_id, ok, the matches) and an unmasked page
 * (household.unmask, ok, the households passed); without (a count before
 * the page), nothing is.
 */
int kh_app_households_search(kh_store *s, const struct kh_standard *std,
                             const kh_actor *who, const kh_hh_query *q,
                             int unmask, int audit, kh_hh_brief_fn fn,
                             void *ctx, long long *total /* OUT */,
                             kh_error *err) KH_WUR;

/*
 * The regions under parent (NULL: the top of who's scope) within who's
 * scope (kh_store_regions_under). A role without regions is refused
 * ("role_denied", not audited: the front end records it); a parent
 * outside the scope is refused and audited as region.read on
 * "region/CODE", denied.
 */
int kh_app_regions_under(kh_store *s, const kh_actor *who,
                         const char *parent, kh_region_row_fn fn, void *ctx,
                         kh_error *err) KH_WUR;

/*
 * The comparison of the stored years y1 and y2 (kh_diff_open) as who may
 * see it: the region asked (NULL or "": who's own) must lie within who's
 * region, else KH_ERR_DENIED "out_of_scope"; a role without regions is
 * refused ("role_denied"); both audited as diff.read on
 * "diff/Y1/Y2/REGION", denied. Without a region asked, a user bound to
 * a region compares that region, a user who sees all every one; the
 * console's operator (kh_actor_is_operator) compares what is asked, as
 * the command line always has. *region gets the region compared (NULL:
 * all; points into asked or who). Free *out with kh_diff_free.
 */
struct kh_diff;
int kh_app_diff_open(kh_store *s, const kh_actor *who, int y1, int y2,
                     const char *asked, struct kh_diff **out /* OUT */,
                     const char **region /* OUT */, kh_error *err) KH_WUR;

#endif
