/* SPDX-License-Identifier: MIT */
/*
 * app_documents.h - the documents' use cases (src/app/documents.c): the
 * issuing details of a region (`kaohe org set`), and each document read
 * from the store into plain rows (kaohe/documents.h) and handed to its
 * writer in src/io, so that the writers never read the store. Called
 * alike by the CLI and the server.
 */
#ifndef KAOHE_APP_DOCUMENTS_H
#define KAOHE_APP_DOCUMENTS_H

#include "kaohe/app.h"
#include "kaohe/documents.h"
#include "kaohe/rect_export.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"

struct kh_standard;

/*
 * Set the issuing details of o->region as who: the command line's
 * operator (an unregistered user acting from "cli" who holds the
 * database file), a user whose scope covers the region and who may
 * change problems, or one who sees every region. The region must be in
 * the region list; the date, when given, a real YYYY-MM-DD. In its own
 * transaction, audited ("org_set"), refusals too.
 */
int kh_app_org_set(kh_store *s, const kh_actor *who, const kh_org *o,
                   kh_error *err) KH_WUR;

/* What a document is issued with: the region's name, issuing details
 * (its own or the nearest above it), and its figures for year (0: the
 * latest stored year; none when no year is stored). region NULL or "":
 * the whole database. */
int kh_app_doc_ctx(kh_store *s, const char *region, int year,
                   const char *today, const char *who, const char *when,
                   int number, kh_doc_ctx *out /* OUT */,
                   kh_error *err) KH_WUR;

/* The problems f selects, with who asked for and did each 销号 (from
 * their history). Caller frees with kh_problem_rows_free. */
int kh_app_doc_problems(kh_store *s, const kh_problem_filter *f,
                        kh_problem_rows *out /* OUT */,
                        kh_error *err) KH_WUR;

/*
 * The downloads: each document as who may have it, decided here once for
 * the command line and the server (docs/http-api.md, "Security"; the
 * rules in docs/architecture.md). Each one refuses — KH_ERR_DENIED,
 * audited as "report.download" with outcome "denied", nothing written —
 * a user who may not have it; writes it masked unless unmask is asked by
 * a role that may (kh_app_unmask; a role that may not is refused,
 * "unmask_denied"); and audits the download ("report.download", object
 * "report/KIND/...", the records in it, what was made and whether masked
 * as its "after"). The console's operator (kh_actor_is_operator: an
 * unregistered name at the command line) gets every document whole, as
 * the command line always gave it, audited under that name. author and
 * when are printed on the document.
 */

/* The 扶贫明白卡 of every household of village in year (kaohe/card_pdf.h),
 * the poverty line of year from std: the village must be within who's
 * region ("out_of_scope"); phones masked unless unmask. Errors as
 * kh_store_card_each (year_missing, village_unknown, village_empty). */
int kh_app_card_download(kh_store *s, const struct kh_standard *std,
                         const kh_actor *who, int year, const char *village,
                         int unmask, const char *path, const char *author,
                         const char *when,
                         long long *households /* OUT, may be NULL */,
                         int *pages /* OUT, may be NULL */,
                         kh_error *err) KH_WUR;

/*
 * The documents of problems: the problems asked (asked->region, year, ...)
 * narrowed to who's: a 牵头部门 / 责任单位's own, the region asked when it
 * lies within who's region (else "out_of_scope"), who's region when none
 * is asked, every one for a user who sees all regions; a role that sees
 * no problem is refused ("role_denied"), and so are a scoped user's peers
 * (举一反三, "scope_denied"). The texts' quoted ID numbers and phones are
 * masked unless unmask. *count (may be NULL) gets how many problems.
 * format: enum kh_doc_format.
 */
/* 整改台账 (XLSX, the four lists). */
int kh_app_ledger_download(kh_store *s, const kh_actor *who,
                           const kh_problem_filter *asked, int unmask,
                           const char *path, const char *today,
                           const char *author, const char *when,
                           long *count, kh_error *err) KH_WUR;
/* 整改方案 (plan 1) or 整改报告 (plan 0), PDF, DOCX or XLSX. */
int kh_app_rect_download(kh_store *s, const struct kh_standard *std,
                         const kh_actor *who, int plan,
                         const kh_problem_filter *asked, int unmask,
                         int format, const char *path, const char *today,
                         const char *author, const char *when, int number,
                         long *count, kh_error *err) KH_WUR;
/* 问题清单 in the layout `kaohe rectify import` reads (o: what is kept
 * beyond the filter), format KH_TAB_XLSX or KH_TAB_CSV, "-" standard
 * output. */
int kh_app_problems_download(kh_store *s, const kh_actor *who,
                             const kh_problem_filter *asked, int unmask,
                             const kh_rect_export_opts *o, int format,
                             const char *path, long *count,
                             kh_error *err) KH_WUR;
/* The problem list itself (`kaohe rectify list|due` as text, JSON or the
 * statistics): asked narrowed to who's problems as for the documents
 * above, each to fn with its texts masked unless unmask (kh_app_unmask);
 * a refusal is audited as problem.list. */
int kh_app_problems_list(kh_store *s, const kh_actor *who,
                         const kh_problem_filter *asked, int unmask,
                         kh_problem_fn fn, void *ctx, kh_error *err) KH_WUR;
/*
 * The server's list of problems, by the same rule (a page of it, its
 * counts and the values of its selects; the front end parses q and
 * renders): q's filters (q->f.region must lie within who's region, else
 * KH_ERR_DENIED "out_of_scope", audited as problem.list on
 * "problems/CODE") narrowed to who's problems — a 牵头部门 / 责任单位's
 * own whatever dept is asked, a region user's subtree, every one for a
 * user who sees all. A role that sees no problem is refused
 * ("role_denied") without an audit entry: the front end records the
 * refusal of its request (the server's net, http.refused).
 * kh_app_problems_may decides only that (region NULL: the role), for a
 * front end that refuses before it parses the rest.
 */
int kh_app_problems_may(kh_store *s, const kh_actor *who, const char *region,
                        kh_error *err) KH_WUR;
/* The page q asks (q->offset, q->limit; *total all that match), each to
 * fn with its texts masked unless unmask (kh_app_unmask). */
int kh_app_problems_page(kh_store *s, const kh_actor *who,
                         const kh_problem_query *q, int unmask,
                         kh_problem_fn fn, void *ctx,
                         long long *total /* OUT */, kh_error *err) KH_WUR;
/* How many of who's problems q selects, by the status shown today. */
int kh_app_problems_count(kh_store *s, const kh_actor *who,
                          const kh_problem_query *q,
                          long long counts[5] /* OUT */,
                          kh_error *err) KH_WUR;
/* The distinct values of who's problems (kh_store_problem_facets). */
int kh_app_problems_facets(kh_store *s, const kh_actor *who, kh_facet_fn fn,
                           void *ctx, kh_error *err) KH_WUR;
/*
 * Problem id to fn if who may see it (kh_access_problem: within the
 * region's subtree, or a 牵头部门 / 责任单位's own; the console's operator
 * every one), its texts masked unless unmask as the list masks them
 * (kh_app_unmask; a role that may not is refused "unmask_denied",
 * audited as problem.read); then, when efn is given, its history, oldest
 * first, each event's note and the problem before and after masked the
 * same way.
 * Out of scope: KH_ERR_DENIED "out_of_scope", audited as problem.read on
 * "problem/ID", denied (as kh_app_problem_act refuses it);
 * KH_ERR_NOTFOUND when there is no such problem.
 */
int kh_app_problem_read(kh_store *s, const kh_actor *who, long long id,
                        int unmask, kh_problem_fn fn, void *ctx,
                        kh_event_fn efn, void *ectx, kh_error *err) KH_WUR;
/* 考核通报 of a stored run (version 0: the latest): every region of the
 * run must lie within who's region ("scope_denied"; a role with no region:
 * "role_denied"); nothing to mask. */
int kh_app_tongbao_download(kh_store *s, const kh_actor *who,
                            const char *scheme, int year, int level,
                            int version, int format, const char *path,
                            const char *today, const char *author,
                            const char *when, int number,
                            kh_error *err) KH_WUR;
/* 考核报告 of one region of a stored run (version 0: the latest): its
 * figures, its problems of the year (masked unless unmask), the failing
 * share of std's [problem_assess] item_fail_share; signed by the region
 * above it. The region must lie within who's ("out_of_scope"). */
int kh_app_assess_report_download(kh_store *s, const struct kh_standard *std,
                                  const kh_actor *who, const char *scheme,
                                  int year, int level, int version,
                                  const char *region, int unmask, int format,
                                  const char *path, const char *today,
                                  const char *author, const char *when,
                                  kh_error *err) KH_WUR;

#endif
