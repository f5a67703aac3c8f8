/* SPDX-License-Identifier: MIT */
/*
 * web_queue.h - private to src/web: the server's one queue of background
 * jobs (web_queue.c). It owns the jobs' lists and ids, the rule of one
 * job at a time on the database (whatever its kind: a registry import, a
 * funds import, a review, an assessment ...), the job's thread, its phase
 * and percent, the JSON of its state (GET) and the cleanup when the
 * server stops. A kind of job supplies its parameters (data), its run
 * function and what it adds to its state; a family is one collection of
 * the API (/api/jobs, /api/imports, /api/funds/imports) with ids of its
 * own.
 */
#ifndef KAOHE_WEB_QUEUE_H
#define KAOHE_WEB_QUEUE_H

#include "kaohe/app.h"
#include "web/web_int.h"

#define WEB_QUEUE_KEEP 16 /* the last jobs of each family kept */

/* The families, each its list and its ids. */
enum { WEB_FAM_JOBS, WEB_FAM_IMPORTS, WEB_FAM_FUNDS, WEB_FAMILIES };

typedef struct web_family {
    int slot;          /* WEB_FAM_* */
    const char *path;  /* "jobs": the job's url /api/PATH/ID */
    /* a start while one of its jobs runs answers 409 import_running (1)
     * or job_running (0) */
    int import;
    /* GET of a job that is not there (or not the user's): 404 */
    const char *missing_code, *missing_zh, *missing_en;
    /* beside the job's owner, who may see its jobs */
    int (*may_see)(web_req *r);
} web_family;

/* /api/jobs (web_jobs.c): the review, indicators, generate, sample and
 * assessment jobs */
extern const struct web_family web_jobs_family;

typedef struct web_job web_job;

/* What a kind of job supplies. */
typedef struct web_job_ops {
    /* In the job's thread: the work, as the user who started it; the
     * result, a JSON object with its "status" (NULL: out of memory). */
    json_t *(*run)(web_job *j);
    /* Under the queue's lock: the kind's fields of the job's state into
     * o (NULL: none). */
    void (*state)(const web_job *j, json_t *o);
    /* The parameters' end (their files removed); NULL: free(). */
    void (*free)(void *data);
    /* The phase while it runs until it says otherwise (NULL:
     * "running"). */
    const char *running;
} web_job_ops;

struct web_job {
    long long id;
    web_srv *srv;
    const web_family *fam;
    const web_job_ops *ops;
    void *data;         /* the kind's parameters and progress */
    kh_user user;       /* who started it: the use case decides as them */
    char addr[64];
    char started[32];   /* the request's time, ISO */
    char ended[32];     /* "" until done */
    const char *phase;  /* "queued", "running" or the kind's; "done" */
    int percent;        /* 0..100 */
    int stop;           /* the server is stopping */
    json_t *result;     /* NULL until done */
};

/* Set up before serving; stop (as the server stops) asks a running job to
 * stop (web_job_progress says so), waits for its thread and frees every
 * job. */
int web_queue_init(web_srv *srv);
void web_queue_stop(web_srv *srv);

/* Start a job of ops in family f with data (taken: freed on failure) as
 * r's user: 202 {id, url}, or 409 while any job runs on the database
 * (import_running or job_running by the running job's family, with its
 * id). */
enum MHD_Result web_queue_start(web_req *r, const web_family *f,
                                const web_job_ops *ops, void *data);

/* The state of job ids of family f (a copy, the caller's), when r may see
 * it: id, user, started_at, ended_at, phase, percent, result and the
 * kind's fields; NULL when there is none (*nomem set when memory ran
 * out). */
json_t *web_queue_state(web_req *r, const web_family *f, const char *ids,
                        int *nomem);
/* GET /api/PATH/ID: the state, or 404 by the family. */
enum MHD_Result web_queue_get(web_req *r, const web_family *f,
                              const char *ids);
enum MHD_Result web_queue_missing(web_req *r, const web_family *f);

/* The queue's lock, for a kind that shares its data with GET while it
 * runs; web_queue_find (under it) gives the job r may see. */
void web_queue_lock(web_srv *srv);
void web_queue_unlock(web_srv *srv);
web_job *web_queue_find(web_req *r, const web_family *f, const char *ids);

/* In the job's thread: its own connection to the database (*s, closed
 * by the caller with kh_store_close) and, when who is not NULL, the actor
 * of the user who started it. */
int web_job_open(web_job *j, kh_store **s, kh_actor *who,
                 kh_error *err) KH_WUR;

/* In the job's thread: its phase (NULL: unchanged) and percent (-1:
 * unchanged); 1 when the server is stopping. */
int web_job_progress(web_job *j, const char *phase, int percent);

/* The result's "status" of a use case's rc: done, refused (a rule or the
 * input said no) or failed; and {code, message, message_en} of err. */
const char *web_job_status(int rc);
json_t *web_job_error(const kh_error *err);

#endif
