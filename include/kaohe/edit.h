/* SPDX-License-Identifier: MIT */
/*
 * edit.h - editing one household of a stored snapshot (the web
 * application's edit, docs/http-api.md "Editing a household"): the
 * household read back as registry rows (so the edit passes the very
 * checks an import passes, check.h), written back in place with its
 * version bumped, the year's revision bumped (part of the data's
 * fingerprint, so nothing derived from the old data is used again), and
 * its history read from the audit log. The caller holds the write
 * transaction and writes the audit entry in it.
 */
#ifndef KAOHE_EDIT_H
#define KAOHE_EDIT_H

#include <stddef.h>

#include "kaohe/auth.h"
#include "kaohe/auth_store.h"
#include "kaohe/check.h"
#include "kaohe/error.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

/* The stored household's row id, version and village.
 * KH_ERR_NOTFOUND ("household_missing") when year has no hh_id. */
int kh_store_hh_head(kh_store *s, int year, const char *hh_id,
                     long long *id, long long *version, char village[13],
                     kh_error *err) KH_WUR;

/*
 * The household (row id) as registry rows, like kh_store_registry_each for
 * one household: fn gets the header and the household's rows (one a
 * member, in stored order; each row's row and line are the member's
 * source row and line).
 */
int kh_store_registry_household(kh_store *s, long long id, kh_store_hh_fn fn,
                                 void *ctx, kh_error *err) KH_WUR;

/* The members' unknown columns (JSON or NULL), in stored order: fn(ctx,
 * k, extra) for k = 0, 1, ... */
typedef int (*kh_extra_fn)(void *ctx, size_t k, const char *extra,
                           kh_error *err);
int kh_store_member_extras(kh_store *s, long long id, kh_extra_fn fn,
                           void *ctx, kh_error *err) KH_WUR;

/* The region list as far as one household's check needs it: the region
 * of code (when stored) added to rs; *any is 0 when no region list is
 * stored at all (then codes are not looked up, as in an import without
 * one). */
int kh_store_region_for(kh_store *s, const char *code, kh_regionset *rs,
                        int *any, kh_error *err) KH_WUR;

/* The 户编号 of another household of year (not row id) with a member of
 * ID number id_no, into out ("" when none), and its village. */
int kh_store_id_holder(kh_store *s, int year, const char *id_no,
                       long long id, char *out, size_t outsz,
                       char village[13] /* OUT */, kh_error *err) KH_WUR;

/*
 * Write h over the stored household (row id) of year: its columns, and
 * its members replaced; the household's version goes up by one (the
 * household keeps its row id, so what refers to it stays).
 */
int kh_store_household_replace(kh_store *s, int year, long long id,
                               const kh_household *h, const kh_standard *std,
                               kh_error *err) KH_WUR;

/* Bump year's revision (snapshot.revision): the indicators' stored
 * tallies of the year are no longer used (their fingerprint has it); the
 * snapshot's count of persons moves by persons (members added less those
 * removed). */
int kh_store_revision_bump(kh_store *s, int year, long long persons,
                           kh_error *err) KH_WUR;

/* The audit entries of object with action and outcome "ok", newest
 * first, at most limit. */
int kh_store_audit_of(kh_store *s, const char *object, const char *action,
                      long long limit, kh_audit_fn fn, void *ctx,
                      kh_error *err) KH_WUR;

#endif
