/* SPDX-License-Identifier: MIT */
/*
 * web_queue.c - the server's one queue of background jobs (web_queue.h):
 * the registry imports (web_import.c), the funds imports (web_funds.c),
 * the jobs after an import (web_jobs.c) and the assessment from uploaded
 * inputs (web_assess.c). One job at a time on the database, whatever its
 * kind, decided under one lock (before, each kind had its own and looked
 * at the others' before taking it: two starts at the same moment could
 * both pass). The jobs live in memory, the last WEB_QUEUE_KEEP of each
 * family, until the server stops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/web_queue.h"

struct web_queue {
    pthread_mutex_t lock;
    struct {
        web_job *jobs[WEB_QUEUE_KEEP]; /* oldest first */
        int n;
        long long next_id;
    } fam[WEB_FAMILIES];
    web_job *running;
    pthread_t th;
    int joinable; /* th is to be joined (its job may have ended) */
};

int web_queue_init(web_srv *srv)
{
    web_queue *q = calloc(1, sizeof *q);
    if (!q) return -1;
    pthread_mutex_init(&q->lock, NULL);
    for (int f = 0; f < WEB_FAMILIES; f++) q->fam[f].next_id = 1;
    srv->queue = q;
    return 0;
}

static void job_free(web_job *j)
{
    if (!j) return;
    if (j->ops->free) j->ops->free(j->data);
    else free(j->data);
    json_decref(j->result);
    free(j);
}

static void drop_job(void *p) { job_free(p); }

void web_queue_stop(web_srv *srv)
{
    web_queue *q = srv->queue;
    if (!q) return;
    pthread_mutex_lock(&q->lock);
    if (q->running) q->running->stop = 1;
    int joinable = q->joinable;
    q->joinable = 0;
    pthread_mutex_unlock(&q->lock);
    /* a running job finishes or stops at its next progress (an import is
     * rolled back; a use case's transaction is one) */
    if (joinable) pthread_join(q->th, NULL);
    for (int f = 0; f < WEB_FAMILIES; f++)
        for (int i = 0; i < q->fam[f].n; i++) job_free(q->fam[f].jobs[i]);
    pthread_mutex_destroy(&q->lock);
    free(q);
    srv->queue = NULL;
}

void web_queue_lock(web_srv *srv) { pthread_mutex_lock(&srv->queue->lock); }
void web_queue_unlock(web_srv *srv)
{
    pthread_mutex_unlock(&srv->queue->lock);
}

int web_job_progress(web_job *j, const char *phase, int percent)
{
    web_queue *q = j->srv->queue;
    pthread_mutex_lock(&q->lock);
    if (phase) j->phase = phase;
    if (percent >= 0) j->percent = percent;
    int stop = j->stop;
    pthread_mutex_unlock(&q->lock);
    return stop;
}

int web_job_open(web_job *j, kh_store **s, kh_actor *who, kh_error *err)
{
    *s = NULL;
    int rc = kh_store_open(j->srv->o.db, KH_STORE_OPEN, s, err);
    if (!rc && who)
        kh_actor_from_user(who, j->srv->std, &j->user, j->addr, NULL);
    return rc;
}

const char *web_job_status(int rc)
{
    switch (rc) {
    case KH_OK: return "done";
    case KH_ERR_DENIED:
    case KH_ERR_INVALID:
    case KH_ERR_NOTFOUND:
    case KH_ERR_USAGE:
    case KH_ERR_FORMAT:
    case KH_ERR_LIMIT: return "refused";
    default: return "failed";
    }
}

json_t *web_job_error(const kh_error *err)
{
    return json_pack("{s:s,s:s,s:s}", "code",
                     err->code[0] ? err->code : "error", "message", err->zh,
                     "message_en", err->en);
}

/* ---- the job's thread ---- */

static void *job_thread(void *arg)
{
    web_job *j = arg;
    web_queue *q = j->srv->queue;
    web_job_progress(j, j->ops->running ? j->ops->running : "running", -1);
    json_t *r = j->ops->run(j);
    if (!r) r = json_pack("{s:s}", "status", "failed");
    char ended[32];
    kh_iso_time((long long)time(NULL), ended);
    pthread_mutex_lock(&q->lock);
    snprintf(j->ended, sizeof j->ended, "%s", ended);
    j->phase = "done";
    j->percent = 100;
    j->result = r;
    q->running = NULL;
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

/* x appended to list (n of at most keep, the oldest dropped) */
static void keep_job(void **list, int *n, int keep, void *x,
                     void (*drop)(void *));

/* ---- start ---- */

static enum MHD_Result busy(web_req *r, const web_job *run)
{
    int import = run->fam->import;
    json_t *j = json_pack(
        "{s:{s:s,s:s,s:s,s:I}}", "error", "code",
        import ? "import_running" : "job_running", "message",
        import ? "已有一个导入正在进行,请等它结束后再试"
               : "已有一项任务正在进行,请等它结束后再试",
        "message_en",
        import ? "another import is running; try again when it has finished"
               : "another job is running; try again when it has finished",
        "running", (json_int_t)run->id);
    return web_json(r, 409, j);
}

enum MHD_Result web_queue_start(web_req *r, const web_family *f,
                                const web_job_ops *ops, void *data)
{
    web_queue *q = r->srv->queue;
    web_job *j = calloc(1, sizeof *j);
    if (!j) {
        if (ops->free) ops->free(data);
        else free(data);
        return web_nomem(r);
    }
    j->srv = r->srv;
    j->fam = f;
    j->ops = ops;
    j->data = data;
    j->user = r->user;
    snprintf(j->addr, sizeof j->addr, "%s", r->addr);
    snprintf(j->started, sizeof j->started, "%s", r->now);
    j->phase = "queued";
    pthread_mutex_lock(&q->lock);
    if (q->running) {
        /* one at a time on the database */
        enum MHD_Result ret = busy(r, q->running);
        pthread_mutex_unlock(&q->lock);
        job_free(j);
        return ret;
    }
    if (q->joinable) {
        pthread_join(q->th, NULL); /* the last job's thread has ended */
        q->joinable = 0;
    }
    j->id = q->fam[f->slot].next_id;
    if (pthread_create(&q->th, NULL, job_thread, j)) {
        pthread_mutex_unlock(&q->lock);
        job_free(j);
        kh_error err;
        kh_error_clear(&err);
        kh_error_msg(&err, KH_ERR_NOMEM, "thread", "无法开始任务",
                     "cannot start the job");
        return web_fail(r, &err);
    }
    q->joinable = 1;
    q->running = j;
    q->fam[f->slot].next_id++;
    keep_job((void **)q->fam[f->slot].jobs, &q->fam[f->slot].n,
             WEB_QUEUE_KEEP, j, drop_job);
    long long id = j->id;
    pthread_mutex_unlock(&q->lock);
    char url[96];
    snprintf(url, sizeof url, "/api/%s/%lld", f->path, id);
    return web_json(r, 202, json_pack("{s:I,s:s}", "id", (json_int_t)id,
                                      "url", url));
}

/* ---- GET ---- */

web_job *web_queue_find(web_req *r, const web_family *f, const char *ids)
{
    char *end;
    long long id = strtoll(ids, &end, 10);
    if (*end || id <= 0 || ids[0] == '+') return NULL;
    web_queue *q = r->srv->queue;
    for (int i = 0; i < q->fam[f->slot].n; i++) {
        web_job *j = q->fam[f->slot].jobs[i];
        if (j->id == id && (!strcmp(j->user.name, r->user.name) ||
                            (f->may_see && f->may_see(r))))
            return j;
    }
    return NULL;
}

json_t *web_queue_state(web_req *r, const web_family *f, const char *ids,
                        int *nomem)
{
    *nomem = 0;
    web_queue_lock(r->srv);
    web_job *j = web_queue_find(r, f, ids);
    json_t *o = NULL;
    if (j) {
        o = json_pack("{s:I,s:s,s:s,s:s?,s:s,s:i,s:o?}", "id",
                      (json_int_t)j->id, "user", j->user.name, "started_at",
                      j->started, "ended_at", j->ended[0] ? j->ended : NULL,
                      "phase", j->phase, "percent", j->percent, "result",
                      j->result ? json_deep_copy(j->result) : NULL);
        if (o && j->ops->state) j->ops->state(j, o);
        if (!o) *nomem = 1;
    }
    web_queue_unlock(r->srv);
    return o;
}

enum MHD_Result web_queue_missing(web_req *r, const web_family *f)
{
    return web_error(r, 404, f->missing_code, f->missing_zh, f->missing_en);
}

enum MHD_Result web_queue_get(web_req *r, const web_family *f,
                              const char *ids)
{
    int nomem;
    json_t *o = web_queue_state(r, f, ids, &nomem);
    if (o) return web_json(r, 200, o);
    return nomem ? web_nomem(r) : web_queue_missing(r, f);
}

static void keep_job(void **list, int *n, int keep, void *x,
                     void (*drop)(void *))
{
    if (*n == keep) {
        drop(list[0]); /* the oldest, finished */
        memmove(list, list + 1, (size_t)(keep - 1) * sizeof *list);
        (*n)--;
    }
    list[(*n)++] = x;
}
