/* SPDX-License-Identifier: MIT */
/*
 * app_household.h - the use cases of one household: editing it (the web
 * form's POST /api/households/YEAR/HH_ID and `kaohe household edit`) and
 * reading its history of edits (GET .../history and `kaohe household
 * history`), in src/app/household.c.
 *
 * The edit is given in the registry's interchange format as the web's
 * JSON body (docs/http-api.md, "Editing a household"):
 *
 *   {"version": V,
 *    "household": {"KEY": VALUE, ...},
 *    "members": [{"seq": K, "KEY": VALUE, ...}, ...],
 *    "add_members": [{"KEY": VALUE, ...}, ...],
 *    "remove_members": [K, ...]}
 *
 * The use case decides who may edit ([web] edit_roles, the household's
 * village and the village after the edit within the actor's scope), holds
 * the one write transaction (read back, apply, the import's checker, ID
 * numbers unique in the year, write in place, version and revision bumped,
 * the stored exit review redone for the household, the audit entry), and
 * audits every refusal: "denied" (role, scope), "conflict" (a stale
 * version), "invalid" (the checks; an ID number held by a household
 * outside the actor's scope is named to no one: the message says only
 * that it is registered elsewhere, the audit entry holds the number and
 * the other household).
 */
#ifndef KAOHE_APP_HOUSEHOLD_H
#define KAOHE_APP_HOUSEHOLD_H

#include <stddef.h>

#include "kaohe/app.h"
#include "kaohe/error.h"

struct kh_standard;

/* What an edit did, or why it did not. */
typedef struct kh_hh_edit_result {
    long long version; /* after the edit; the stored one on a conflict */
    long long based_on; /* the version the edit was based on */
    long long changed;  /* fields changed (0: nothing to do, nothing
                         * written, not audited) */
    /* JSON arrays (malloc'd, free with kh_hh_edit_result_free): the
     * checker's warnings after a passing edit; the findings that refused
     * it (KH_ERR_INVALID), each {"field", "column", "code", "message",
     * "message_en", and for a member "member", "seq" or "add"}. */
    char *warnings;
    char *findings;
    int conflict; /* 1 when refused for a stale version (KH_ERR_INVALID,
                   * code "version_conflict") */
} kh_hh_edit_result;

void kh_hh_edit_result_free(kh_hh_edit_result *r);

/*
 * Edit household hh_id of year as who, the changes in body (JSON text,
 * len bytes, the format above); version >= 0 is the version the edit is
 * based on, in place of the body's (the command line's --revision). KH_OK when written (or nothing changed);
 * KH_ERR_DENIED (role "edit_denied", scope "out_of_scope"); KH_ERR_USAGE
 * for a body that is not a JSON object or has no version
 * ("version_required", not audited); KH_ERR_INVALID with out->findings
 * ("invalid") or out->conflict ("version_conflict"); KH_ERR_NOTFOUND
 * when year has no hh_id. Every refusal but the usage errors is audited.
 */
int kh_app_household_edit(kh_store *s, const struct kh_standard *std,
                          const kh_actor *who, int year, const char *hh_id,
                          const char *body, size_t len, long long version,
                          kh_hh_edit_result *out /* OUT */,
                          kh_error *err) KH_WUR;

/* One finding or warning of an edit (strings valid during the
 * callback; field, column NULL when the finding has none). */
typedef struct kh_hh_finding {
    const char *field, *column, *code, *zh, *en;
    int member; /* the member's position after the edit, 0: household */
    int seq;    /* its position before the edit, 0: added or household */
    int add;    /* 1-based index into add_members, 0: not added */
} kh_hh_finding;
typedef int (*kh_hh_finding_fn)(void *ctx, const kh_hh_finding *f);

/* Visit the findings of a result's JSON array (findings or warnings):
 * for a front end that prints them. */
int kh_hh_findings_each(const char *json, kh_hh_finding_fn fn, void *ctx);

/* One change of a history entry. */
typedef struct kh_hh_change {
    const char *kind;   /* "field", "add" (a member added), "remove" */
    int member;         /* the member's position before the edit; 0 for
                         * the household's fields and added members */
    const char *field;  /* the key ("income_pc"); NULL for add/remove */
    const char *column; /* its 中文 column name; NULL for add/remove */
    /* The values as shown (ID numbers and phones masked) as JSON: a
     * string or null for a field, a member's object for add/remove. */
    const char *from, *to;
} kh_hh_change;

/* One edit of the history (strings valid during the callback). */
typedef struct kh_hh_entry {
    long long id;
    const char *at, *who, *addr;
    size_t n;
    const kh_hh_change *changes;
} kh_hh_entry;
typedef int (*kh_hh_entry_fn)(void *ctx, const kh_hh_entry *e,
                              kh_error *err);

/*
 * The edits of household hh_id of year, newest first (at most 200), for
 * who: the same scope as reading the household (a refusal is audited as
 * household.read, KH_ERR_DENIED). *version gets the household's version,
 * *may_edit whether who may edit it.
 */
int kh_app_household_history(kh_store *s, const kh_actor *who, int year,
                             const char *hh_id, kh_hh_entry_fn fn, void *ctx,
                             long long *version /* OUT */,
                             int *may_edit /* OUT */, kh_error *err) KH_WUR;

#endif
