/* SPDX-License-Identifier: MIT */
/*
 * app_sample.h - 第三方评估's use cases (src/app/sample.c), shared by
 * `kaohe sample design|estimate|simulate`, `kaohe import roster|survey`
 * and the server (GET /api/samples/ID/estimate): drawing and storing a
 * sample design, importing the 花名册 and the survey, the estimates with
 * their intervals and verdicts and the one rendering of them (text, JSON,
 * CSV, the assessment's inputs file), the nonresponse warnings, and a
 * survey simulated from a generated truth. docs/sample.md explains the
 * arithmetic (src/domain/sample.c, estimate.c).
 *
 * Who may is decided here, once (docs/sample.md, "Who may"): drawing a
 * design and importing a roster or a survey need a role of the
 * standards' [web] sample_manage_roles (系统管理员, 考核组) with the
 * design's region in the actor's scope; reading the estimates needs one
 * of sample_manage_roles or sample_roles (第三方评估), the region in
 * scope. A refusal is audited (sample.design, sample.estimate,
 * import.roster, import.survey; "denied"); a design and an import are
 * audited with what they stored, in their own transaction.
 */
#ifndef KAOHE_APP_SAMPLE_H
#define KAOHE_APP_SAMPLE_H

#include "kaohe/app.h"
#include "kaohe/buf.h"
#include "kaohe/check.h"
#include "kaohe/sample_store.h"

struct kh_standard;
typedef struct kh_store kh_store;

/*
 * Draw and store a design: d gives year, region, margin, confidence, icc,
 * villages_per_county (>= 2), households_per_village (0: computed) and
 * seed; d->id is set. The report of the reasoning (also stored with the
 * design) is appended to rep. One transaction: nothing is stored when it
 * fails. KH_ERR_USAGE for a parameter out of range, KH_ERR_NOTFOUND for a
 * year without a registry or a region without households, KH_ERR_DENIED
 * (audited).
 */
int kh_app_sample_design(kh_store *s, const struct kh_standard *std,
                         const kh_actor *who, kh_design *d /* IN/OUT */,
                         kh_buf *rep /* OUT */, kh_error *err) KH_WUR;

/*
 * The households drawn by design id (0: the latest), village by village
 * (kh_design_drawn's order; a village with none drawn comes once with
 * hh_id NULL), each passed to fn with the head's ID number masked by the
 * one policy (kaohe/mask.h) unless unmask. Who may: the sampling roles of
 * the standards file within the design's region; unmask only a role that
 * may unmask (refused and audited otherwise). The download is audited
 * with the number of households. *d (may be NULL) gets the design, its
 * report owned by the caller; *households their number.
 */
int kh_app_sample_drawn(kh_store *s, const struct kh_standard *std,
                        const kh_actor *who, long long id, int unmask,
                        kh_drawn_fn fn, void *ctx,
                        kh_design *d /* OUT, may be NULL */,
                        long long *households /* OUT, may be NULL */,
                        kh_error *err) KH_WUR;

/*
 * The field list (入户调查表) of design id (0: the latest) as one file at
 * path: format KH_TAB_XLSX or KH_TAB_CSV (kaohe/tabwriter.h), one sheet,
 * one row per household drawn, ordered by county, village, group and
 * 户编号, with the columns of `kaohe sample lists`' per-village files
 * (户编号, 类别, 户主姓名, 户主证件号码, 家庭人口, 行政区划代码, 村名称,
 * then the survey's columns empty but 抽样方案编号), so that the filled
 * list is the file `kaohe import survey` reads. Who may: a role of
 * sample_manage_roles or sample_roles with the design's region in scope
 * (refused and audited as sample.lists). The head's ID number is masked
 * by the one policy (kaohe/mask.h: the last four kept) unless unmask is
 * asked and the role may unmask ([web] unmask_roles; otherwise refused,
 * audited as sample.lists.unmask). A download is audited (sample.lists
 * or sample.lists.unmask, the households as its records). *villages and
 * *households (either may be NULL) get the counts; d (may be NULL) the
 * design (the caller frees d->report).
 */
int kh_app_sample_lists(kh_store *s, const struct kh_standard *std,
                        const kh_actor *who, long long id, int unmask,
                        int format, const char *path,
                        kh_design *d /* OUT, may be NULL */,
                        long long *villages /* OUT, may be NULL */,
                        long long *households /* OUT, may be NULL */,
                        kh_error *err) KH_WUR;

/* ---- the estimates ---- */

typedef struct kh_sample_result kh_sample_result;

/*
 * The estimates of design id (0: the latest) by the interval method (enum
 * kh_ci_method): every county and the design's region, each of 错退率,
 * 漏评率, 群众认可度 and 综合贫困发生率 with its interval, verdict and
 * what the interval rests on; the nonresponse and collapsed-strata
 * warnings. level (0: none) is the level the inputs file will be written
 * at: KH_ERR_USAGE when it is above the design's region. KH_ERR_NOTFOUND
 * ("survey_missing") when no usable survey is stored. *out is freed with
 * kh_sample_result_free; it refers to std, which must outlive it.
 */
int kh_app_sample_estimate(kh_store *s, const struct kh_standard *std,
                           const kh_actor *who, long long id, int method,
                           int level, kh_sample_result **out /* OUT */,
                           kh_error *err) KH_WUR;
void kh_sample_result_free(kh_sample_result *r);
/* The design the result is of. */
const kh_design *kh_sample_result_design(const kh_sample_result *r);

/* The renderings (appended to b; KH_ERR_NOMEM). The text report ends with
 * the warnings; JSON and CSV are docs/cli/sample.md's and the API's. */
int kh_sample_result_text(const kh_sample_result *r, kh_buf *b,
                          kh_error *err) KH_WUR;
int kh_sample_result_json(const kh_sample_result *r, kh_buf *b,
                          kh_error *err) KH_WUR;
int kh_sample_result_csv(const kh_sample_result *r, kh_buf *b,
                         kh_error *err) KH_WUR;
/* The warnings alone, each line opening with prefix: which is
 * KH_SW_RESPONSE (nonresponse), KH_SW_COLLAPSED (strata of one village
 * collapsed) or both (nonresponse first). */
enum { KH_SW_RESPONSE = 1, KH_SW_COLLAPSED = 2 };
int kh_sample_result_warnings(const kh_sample_result *r, int which,
                              const char *prefix, kh_buf *b,
                              kh_error *err) KH_WUR;

/*
 * The assessment's inputs file (docs/assess.md, "The inputs file") from
 * result r: one row per region of level (KH_LV_COUNTY, _CITY, _PROVINCE)
 * under the design's region, dated today (YYYY-MM-DD), written to path
 * (.xlsx or CSV; "-" standard output). KH_ERR_USAGE when level is above
 * the design's region. *rows and *empty (regions without an estimate).
 */
int kh_sample_result_inputs(const kh_sample_result *r, int level,
                            const char *path, const char *today,
                            long long *rows /* OUT */,
                            long long *empty /* OUT */,
                            kh_error *err) KH_WUR;

/*
 * The nonresponse of design's survey as warning lines appended to b, each
 * opening with prefix: a village drawn with no household surveyed, a
 * group of a village below the standards' sample.response_min (80%).
 * *warnings (may be NULL) gets their count.
 */
int kh_sample_response_warnings(kh_store *s, const struct kh_standard *std,
                                long long design, const char *prefix,
                                kh_buf *b, long *warnings,
                                kh_error *err) KH_WUR;

/* ---- imports ---- */

typedef struct kh_sample_import {
    long rows, households; /* rows read, households stored */
    long errors;           /* findings that refused the file */
    long long hh, persons; /* roster: the totals stored */
    long long design;      /* survey: the design */
    long long fails_exited, fails_roster, unknown; /* survey */
    kh_buf warnings; /* survey: nonresponse, "kaohe: " lines; caller frees */
} kh_sample_import;

/*
 * `kaohe import roster`: the 花名册 of year from file, all or nothing;
 * every problem a finding to fn (res->errors counts them; with any,
 * nothing is stored and KH_OK is returned).
 */
int kh_app_roster_import(kh_store *s, const struct kh_standard *std,
                         const kh_actor *who, const char *file, int year,
                         kh_finding_fn fn, void *ctx,
                         kh_sample_import *res /* OUT */,
                         kh_error *err) KH_WUR;

/*
 * `kaohe import survey`: the survey of design (0: the latest; a file
 * whose 抽样方案编号 column names another design is refused, row by row)
 * from file, classified with the exit rules; all or nothing as the
 * roster. res->warnings gets the nonresponse warnings.
 */
int kh_app_survey_import(kh_store *s, const struct kh_standard *std,
                         const kh_actor *who, const char *file,
                         long long design, kh_finding_fn fn, void *ctx,
                         kh_sample_import *res /* OUT */,
                         kh_error *err) KH_WUR;

/*
 * Whether who may enter the survey of household hh_id of year (GET and
 * POST /api/surveys/YEAR/HH_ID): a 第三方评估 role (kh_access.sample_only,
 * else "role_denied", not audited: the front end records it), the
 * household drawn within who's region (else KH_ERR_DENIED, audited as
 * survey.read on "survey/YEAR/HH_ID"; KH_ERR_NOTFOUND "not_drawn" for
 * one not drawn). *design gets the design that drew it. hh_id NULL: the
 * role only, for a front end that refuses before it parses the rest.
 */
int kh_app_survey_household_may(kh_store *s, const kh_actor *who, int year,
                                const char *hh_id,
                                long long *design /* OUT */,
                                kh_error *err) KH_WUR;

/* ---- simulation ---- */

/*
 * A survey file of design (0: the latest) simulated from truth (kaohe gen
 * --roster's truth.csv: 户编号, 不合标准, 认可), each classification
 * flipped with probability error_rate, written as CSV to out.
 */
typedef struct kh_sample_sim {
    long long written, flipped, missing;
} kh_sample_sim;
int kh_app_sample_simulate(kh_store *s, const struct kh_standard *std,
                           const kh_actor *who, long long design,
                           const char *truth, double error_rate,
                           unsigned long long seed, const char *out,
                           kh_sample_sim *res /* OUT */,
                           kh_error *err) KH_WUR;

#endif
