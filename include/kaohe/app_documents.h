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

/* The documents: read, then written by src/io. format: enum
 * kh_doc_format; *count (may be NULL) gets how many problems. */
int kh_app_doc_rect_report(kh_store *s, const struct kh_standard *std,
                           const kh_problem_filter *f, int format,
                           const char *path, const char *today,
                           const char *who, const char *when, int number,
                           long *count, kh_error *err) KH_WUR;
int kh_app_doc_rect_plan(kh_store *s, const struct kh_standard *std,
                         const kh_problem_filter *f, int format,
                         const char *path, const char *today,
                         const char *who, const char *when, int number,
                         long *count, kh_error *err) KH_WUR;
int kh_app_doc_ledger(kh_store *s, const kh_problem_filter *f,
                      const char *path, const char *today, const char *who,
                      const char *when, long *count, kh_error *err) KH_WUR;
int kh_app_doc_export(kh_store *s, const kh_problem_filter *f,
                      const kh_rect_export_opts *o, int format,
                      const char *path, long *count, kh_error *err) KH_WUR;
/* The 考核通报 of a stored run (version 0: the latest), signed by the
 * region above the regions assessed. */
int kh_app_doc_tongbao(kh_store *s, const char *scheme, int year, int level,
                       int version, int format, const char *path,
                       const char *today, const char *who, const char *when,
                       int number, kh_error *err) KH_WUR;

/* The 考核报告 of one region of a stored run (version 0: the latest):
 * its figures, its problems of the year, the failing share of std's
 * [problem_assess] item_fail_share; signed by the region above it. */
int kh_app_doc_assess_report(kh_store *s, const struct kh_standard *std,
                             const char *scheme, int year, int level,
                             int version, const char *region, int format,
                             const char *path, const char *today,
                             const char *who, const char *when,
                             kh_error *err) KH_WUR;

/* The 扶贫明白卡 of every household of village in year (kaohe/card_pdf.h):
 * errors as kh_store_card_each (year_missing, village_unknown,
 * village_empty), nothing written. */
int kh_app_doc_card(kh_store *s, int year, const char *village,
                    long long line, int mask_phone, const char *path,
                    const char *author, const char *when,
                    long long *households, int *pages,
                    kh_error *err) KH_WUR;

#endif
