/* SPDX-License-Identifier: MIT */
/*
 * web_jobs.c - the work after an import as background jobs over HTTP
 * (docs/http-api.md, "Jobs"): POST /api/jobs?kind=review|indicators|
 * generate|sample&year=Y starts the use case the command line runs
 * (`kaohe review`, `kaohe indicators`, `kaohe rectify generate`, `kaohe
 * sample design`: kh_app_review_run, kh_app_indicators_year,
 * kh_app_problems_generate, kh_app_sample_design; a sample's parameters
 * as the CLI's options: region, margin, and optionally confidence, icc,
 * villages_per_county, households_per_village, seed) in a thread of its
 * own, one at a time; a sample job's result names its design and the
 * download of its field list (web_sample.c); GET /api/jobs/ID gives its phase and, once done,
 * its result. Who may is the use case's decision (a refusal is the job's
 * result, audited there), made as the user who started the job. The
 * jobs are the server's one queue's (web_queue.c), which runs one job at
 * a time on the database, imports included; this file gives the kinds
 * their parameters and run functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_indicators.h"
#include "kaohe/app_rectify.h"
#include "kaohe/app_review.h"
#include "kaohe/app_sample.h"
#include "kaohe/sample_store.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "web/web_queue.h"

enum { JOB_REVIEW, JOB_INDICATORS, JOB_GENERATE, JOB_SAMPLE, JOB_KINDS };
static const char *const kind_names[] = {"review", "indicators", "generate",
                                         "sample"};
static const char *const kind_zh[] = {"退出核查", "考核指标", "生成问题",
                                      "抽样设计"};

/* A job's parameters. */
typedef struct job_args {
    int kind, year;
    kh_design design; /* JOB_SAMPLE */
} job_args;

/* Beside its owner, who sees a job: the use case's rule
 * (kh_app_jobs_of_others). */
static int may_see(web_req *r)
{
    kh_actor who;
    kh_actor_from_user(&who, r->srv->std, &r->user, r->addr, r->now);
    return kh_app_jobs_of_others(r->srv->std, &who, KH_APP_JOB_RUN);
}

const web_family web_jobs_family = {
    WEB_FAM_JOBS, "jobs", 0, "job_missing", "没有这项任务(或不是你的)",
    "no such job (or not yours)", may_see};

/* ---- the job's thread ---- */

static json_t *run_review(web_job *j, const job_args *a, kh_store *s,
                          const kh_actor *who, kh_error *err)
{
    int today[3] = {atoi(j->started), atoi(j->started + 5),
                    atoi(j->started + 8)};
    kh_app_review res;
    const char *std_name =
        j->srv->o.standards_name ? j->srv->o.standards_name : "national";
    int rc = kh_app_review_run(s, j->srv->std, std_name, who, a->year, today,
                               2, &res, err);
    json_t *o = NULL;
    if (!rc) {
        long long villages = 0, counties = 0, vok = 0, cok = 0;
        for (size_t i = 0; i < res.nareas; i++) {
            int county = kh_region_code_level(res.areas[i].code, 12) ==
                         KH_LV_COUNTY;
            int ok = res.areas[i].verdict == KH_AREA_MAY_EXIT;
            if (county) counties++, cok += ok;
            else villages++, vok += ok;
        }
        o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "households",
                      (json_int_t)res.tot.households, "persons",
                      (json_int_t)res.tot.persons, "skipped",
                      (json_int_t)res.tot.skipped, "exit_ready",
                      (json_int_t)res.tot.exit_ready, "villages",
                      (json_int_t)villages, "villages_may_exit",
                      (json_int_t)vok, "counties", (json_int_t)counties,
                      "counties_on_incidence", (json_int_t)cok);
    }
    kh_app_review_free(&res);
    return rc ? NULL : o;
}

static json_t *run_indicators(web_job *j, const job_args *a, kh_store *s,
                              const kh_actor *who, kh_error *err)
{
    if (!kh_store_year_exists(s, a->year)) {
        kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                     "数据库中没有 %d 年的建档立卡数据",
                     "no registry snapshot for %d in the database", a->year);
        return NULL;
    }
    if (kh_app_indicators_may(s, who, a->year, NULL, err)) return NULL;
    kh_indicators *ix = NULL;
    int review = 0;
    if (kh_app_indicators_year(s, j->srv->std, a->year, 2, &ix, &review, err))
        return NULL;
    json_t *o = json_pack("{s:I,s:I,s:b,s:I}", "regions",
                          (json_int_t)kh_indicators_nregions(ix),
                          "indicators", (json_int_t)kh_indicators_count(ix),
                          "review", review, "unplaced",
                          (json_int_t)kh_indicators_unplaced(ix));
    kh_indicators_free(ix);
    return o;
}

static json_t *run_generate(web_job *j, const job_args *a, kh_store *s,
                            const kh_actor *who, kh_error *err)
{
    char today[11];
    snprintf(today, sizeof today, "%.10s", j->started);
    kh_app_generate req = {.year = a->year, .found_on = today, .threads = 2};
    kh_app_generated out;
    if (kh_app_problems_generate(s, j->srv->std, who, &req, &out, err))
        return NULL;
    return json_pack("{s:I,s:I}", "added", (json_int_t)out.added, "kept",
                     (json_int_t)out.kept);
}

typedef struct drawn_count {
    char village[13];
    long long villages, households;
} drawn_count;

static int count_drawn(void *ctx, const kh_drawn *h, kh_error *err)
{
    drawn_count *c = ctx;
    if (strcmp(c->village, h->village)) {
        snprintf(c->village, sizeof c->village, "%s", h->village);
        c->villages++;
    }
    if (h->hh_id) c->households++;
    return KH_OK;
}

static json_t *run_sample(web_job *j, const job_args *a, kh_store *s,
                          const kh_actor *who, kh_error *err)
{
    kh_design d = a->design;
    d.year = a->year;
    kh_buf rep = KH_BUF_INIT;
    drawn_count c;
    memset(&c, 0, sizeof c);
    int rc = kh_app_sample_design(s, j->srv->std, who, &d, &rep, err);
    if (!rc) rc = kh_design_drawn(s, d.id, 0, count_drawn, &c, err);
    json_t *o = NULL;
    if (!rc) {
        char lists[64];
        snprintf(lists, sizeof lists, "/api/samples/%lld/lists", d.id);
        o = json_pack("{s:I,s:s,s:I,s:I,s:s,s:s}", "design", (json_int_t)d.id,
                      "region", d.region, "villages", (json_int_t)c.villages,
                      "households", (json_int_t)c.households, "lists", lists,
                      "report", rep.data ? rep.data : "");
    }
    kh_buf_free(&rep);
    return o;
}

static json_t *job_run(web_job *j)
{
    const job_args *a = j->data;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    json_t *o = NULL;
    kh_actor who;
    int rc = web_job_open(j, &s, &who, &err);
    if (!rc) {
        o = a->kind == JOB_REVIEW       ? run_review(j, a, s, &who, &err)
            : a->kind == JOB_INDICATORS ? run_indicators(j, a, s, &who, &err)
            : a->kind == JOB_SAMPLE     ? run_sample(j, a, s, &who, &err)
                                        : run_generate(j, a, s, &who, &err);
        rc = o ? KH_OK : err.status ? err.status : KH_ERR_NOMEM;
    }
    kh_store_close(s);
    if (rc == KH_ERR_DB || rc == KH_ERR_NOMEM || rc == KH_ERR_IO)
        fprintf(stderr, "kaohe serve: job %lld: %s: %s\n", j->id, err.code,
                err.en);
    json_t *r = o ? o : json_object();
    if (r) json_object_set_new(r, "status", json_string(web_job_status(rc)));
    if (r && rc) json_object_set_new(r, "error", web_job_error(&err));
    return r;
}

static void job_state(const web_job *j, json_t *o)
{
    const job_args *a = j->data;
    json_object_set_new(o, "kind", json_string(kind_names[a->kind]));
    json_object_set_new(o, "name", json_string(kind_zh[a->kind]));
    json_object_set_new(o, "year", json_integer(a->year));
}

static const web_job_ops job_ops = {job_run, job_state, NULL, NULL};

/* ---- POST /api/jobs?kind=K&year=Y ---- */

/* A rate argument ("2%", "0.02"; def when absent) into *x; -1 when it is
 * not a number (its range is the use case's to judge). */
static int rate_arg(web_req *r, const char *name, double def, double *x)
{
    const char *v = web_arg(r, name);
    *x = def;
    if (!v || !*v) return 0;
    char *end;
    double y = strtod(v, &end);
    if (end == v) return -1;
    if (*end == '%') y /= 100, end++;
    if (*end) return -1;
    *x = y;
    return 0;
}

static double std_rate(const kh_standard *std, const char *key, double def)
{
    long long n, d;
    if (kh_standard_rate(std, key, &n, &d) == KH_OK && d > 0)
        return (double)n / (double)d;
    return def;
}

/* A sample job's parameters, the defaults the standards' (as `kaohe
 * sample design`'s); 1 when one is malformed. */
static int sample_args(web_req *r, kh_design *d)
{
    const kh_standard *std = r->srv->std;
    memset(d, 0, sizeof *d);
    const char *region = web_arg(r, "region");
    snprintf(d->region, sizeof d->region, "%s", region ? region : "");
    if (rate_arg(r, "margin", 0, &d->margin) ||
        rate_arg(r, "confidence", std_rate(std, "sample.confidence", 0.95),
                 &d->confidence) ||
        rate_arg(r, "icc", std_rate(std, "sample.icc", 0.02), &d->icc))
        return 1;
    d->villages_per_county = web_arg_int(
        r, "villages_per_county",
        kh_standard_int(std, "sample.villages_per_county", 29), 0, 100000);
    d->households_per_village =
        web_arg_int(r, "households_per_village", 0, 0, 100000);
    long long seed = web_arg_int(r, "seed", 1, 0, 1LL << 62);
    if (d->villages_per_county < 0 || d->households_per_village < 0 ||
        seed < 0)
        return 1;
    d->seed = (unsigned long long)seed;
    return 0;
}

enum MHD_Result web_job_start(web_req *r, char **seg, int nseg)
{
    const char *k = web_arg(r, "kind");
    long long year = web_arg_int(r, "year", -1, 1990, 2100);
    int kind = -1;
    for (int i = 0; k && i < JOB_KINDS; i++)
        if (!strcmp(k, kind_names[i])) kind = i;
    if (kind < 0)
        return web_error(r, 400, "bad_arg",
                         "kind 应为 review、indicators、generate 或 sample",
                         "kind must be review, indicators, generate or "
                         "sample");
    if (year < 0)
        return web_error(r, 400, "bad_arg", "需要参数 year(1990 到 2100)",
                         "the year (1990 to 2100) is required");
    kh_design design;
    if (kind == JOB_SAMPLE && sample_args(r, &design))
        return web_error(r, 400, "bad_arg",
                         "抽样参数有误:margin、confidence、icc 为比率(如 "
                         "2% 或 0.02),villages_per_county、"
                         "households_per_village、seed 为整数",
                         "bad sample parameters: margin, confidence, icc are "
                         "rates (2% or 0.02), villages_per_county, "
                         "households_per_village, seed whole numbers");
    job_args *a = calloc(1, sizeof *a);
    if (!a) return web_nomem(r);
    a->kind = kind;
    a->year = (int)year;
    if (kind == JOB_SAMPLE) a->design = design;
    return web_queue_start(r, &web_jobs_family, &job_ops, a);
}

/* ---- GET /api/jobs/ID: the job's owner's, or of a user who sees every
 * region and may run the review ---- */

enum MHD_Result web_job_get(web_req *r, char **seg, int nseg)
{
    return web_queue_get(r, &web_jobs_family, seg[0]);
}
