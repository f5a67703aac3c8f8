/* SPDX-License-Identifier: MIT */
/*
 * web_int.h - private to src/web: the server, one request's state, the
 * route handlers and the helpers they share (replies, errors, audit).
 */
#ifndef KAOHE_WEB_INT_H
#define KAOHE_WEB_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>

#include "kaohe/access.h"
#include "kaohe/access_store.h"
#include "kaohe/auth.h"
#include "kaohe/auth_store.h"
#include "kaohe/buf.h"
#include "kaohe/store.h"
#include "web/web.h"

struct kh_standard;
struct kh_indicators;

#define WEB_IND_CACHE 4

typedef struct web_queue web_queue; /* web_queue.c: the background jobs */

/* A refusal whose audit entry could not be written yet (the database was
 * busy with an import's transaction): written by a later request. */
#define WEB_PENDING 256
typedef struct web_pending {
    char at[32], who[128], addr[64], object[300], outcome[16], note[100];
} web_pending;

typedef struct web_srv {
    web_opts o;
    pthread_mutex_t pend_lock;
    web_pending pend[WEB_PENDING];
    int npend;
    long long pend_retry; /* not before (seconds): the database was busy */
    const struct kh_standard *std;
    pthread_key_t store_key; /* each worker's own connection */
    pthread_mutex_t ind_lock;
    /* One write transaction at a time from this process: the workers
     * queue here instead of spinning on SQLite's lock (other processes,
     * such as an import, still meet SQLite's busy timeout). */
    pthread_mutex_t write_lock;
    struct {
        int year;
        char stamp[96];
        struct kh_indicators *ix;
    } ind[WEB_IND_CACHE];
    int ind_next;
    web_queue *queue;
} web_srv;

typedef struct web_req {
    web_srv *srv;
    struct MHD_Connection *conn;
    const char *method, *url;
    char addr[64];
    double t0;
    long long now_s;
    char now[32];
    kh_buf body;      /* a JSON body (routes that take no file) */
    /* An upload route's body goes to a private file under TMPDIR as it
     * arrives (web_upload_*), never to memory. */
    int up_fd;        /* the file being written, -1 when none */
    char up_path[4096]; /* its name, "" when none or taken */
    unsigned long long up_len;
    crypto_hash_sha256_state up_sha;
    char up_hex[65];  /* SHA-256 of the body, once it is whole */
    int too_big;      /* the body passed its limit: connection closed */
    int too_slow;     /* the body took longer than request_s: closed */
    int upload;       /* the route takes a file (max_upload) */
    int bad_uri;      /* the raw URI has a NUL byte (%00) */
    /* the session */
    int authed;
    kh_user user;
    kh_access acc;
    char csrf[65];
    char token_sha[65];
    int tls;          /* the request came over TLS (or --behind-tls-proxy) */
    /* personal information */
    int unmasked;     /* unmask=1 allowed and audited: no masking net */
    /* refusals (every 401/403/404/409/422/429 of a route is audited) */
    int route;        /* the path is a route of the API */
    int in_tx;        /* inside web_begin .. web_end */
    int audited;      /* this request wrote an audit entry */
    int refusal_due;  /* a refusal to audit once the transaction ends */
    long long audit_mark; /* the last audit id when the request began */
    char refusal_code[64];   /* the error code of the refusal */
    char login_name[104];    /* the name a login tried */
    /* the reply, for the log line */
    unsigned status;
    size_t bytes;
} web_req;

/* s as a whole number in [min, max]: digits only (no sign, no spaces),
 * no overflow; -1 otherwise. */
long long web_parse_int(const char *s, long long min, long long max);

/* This worker's database connection (opened on first use). */
kh_store *web_store(web_req *r, kh_error *err);

/* A write transaction on s (BEGIN IMMEDIATE, under write_lock). */
int web_begin(web_req *r, kh_store *s, kh_error *err);
/* Commit when rc is 0, else roll back; release write_lock. Returns rc, or
 * the commit's failure. */
int web_end(web_req *r, kh_store *s, int rc, kh_error *err);

/* Replies (each queues the response and returns MHD's result). */
enum MHD_Result web_json(web_req *r, unsigned status, json_t *body);
enum MHD_Result web_json_cookie(web_req *r, unsigned status, json_t *body,
                                const char *cookie);
enum MHD_Result web_error(web_req *r, unsigned status, const char *code,
                          const char *zh, const char *en);
/* The HTTP status for a kh_error, and the reply. */
enum MHD_Result web_fail(web_req *r, const kh_error *err);
/* web_fail for "out of memory" (nomem). */
enum MHD_Result web_nomem(web_req *r);
/* t with each whole ID number of ids[0..n) masked where it stands (the
 * 明白卡's mask); NULL when t is NULL or memory runs out. */
json_t *web_mask_ids(const char *t, char *const *ids, size_t n);
/* The security headers every reply carries, with its
 * Content-Security-Policy. */
void web_secure_headers(web_req *r, struct MHD_Response *resp,
                        const char *csp);
/* The policy of a reply that loads nothing (the API's JSON, the replies
 * libmicrohttpd makes itself). */
#define WEB_CSP_NONE \
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; " \
    "form-action 'none'"
/* The same headers on resp, Strict-Transport-Security when tls
 * (web_headers.c, which also puts them on the replies libmicrohttpd makes
 * itself). */
void web_headers_add(struct MHD_Response *resp, const char *csp, int tls);
/* 404 not_found: "no such path". */
enum MHD_Result web_no_path(web_req *r);

/* The request's date, "YYYY-MM-DD" (UTC). */
void web_today(web_req *r, char out[11]);

/* A query argument, or NULL. */
const char *web_arg(web_req *r, const char *name);
/* A positive integer argument within [min, max], or def when absent;
 * -1 when malformed. */
long long web_arg_int(web_req *r, const char *name, long long def,
                      long long min, long long max);
/* The JSON body as an object; replies 400 and returns NULL when it is not
 * one. */
json_t *web_body_json(web_req *r, enum MHD_Result *ret);

/* Append to the audit log with r's user, address and time. */
int web_audit(web_req *r, kh_store *s, const char *action,
              const char *object, const char *outcome, long long records,
              const char *before, const char *after, kh_error *err);

/* An audit entry in its own transaction (reads: downloads, unmasking). */
int web_audit_now(web_req *r, kh_store *s, const char *action,
                  const char *object, const char *outcome, long long records,
                  kh_error *err);
/* A refusal: audited (outcome denied, the object asked for), then the
 * reply for why (403). */
enum MHD_Result web_refuse(web_req *r, kh_store *s, const char *action,
                           const char *object, const kh_error *why);
/* A reply whose JSON text is already made (b's bytes, taken). */
enum MHD_Result web_json_buf(web_req *r, unsigned status, kh_buf *b);

/* Handlers: the path's segments after /api/. */
typedef enum MHD_Result (*web_handler)(web_req *r, char **seg, int nseg);
enum MHD_Result web_login(web_req *r, char **seg, int nseg);
enum MHD_Result web_logout(web_req *r, char **seg, int nseg);
enum MHD_Result web_me(web_req *r, char **seg, int nseg);
enum MHD_Result web_regions(web_req *r, char **seg, int nseg);
/* GET /api/samples/ID/estimate (web_sample.c). */
enum MHD_Result web_sample_estimate(web_req *r, char **seg, int nseg);
enum MHD_Result web_years(web_req *r, char **seg, int nseg);
enum MHD_Result web_year_info(web_req *r, char **seg, int nseg);
enum MHD_Result web_year_delete(web_req *r, char **seg, int nseg);
enum MHD_Result web_template(web_req *r, char **seg, int nseg);
enum MHD_Result web_households(web_req *r, char **seg, int nseg);
enum MHD_Result web_household(web_req *r, char **seg, int nseg);
enum MHD_Result web_household_edit(web_req *r, char **seg, int nseg);
enum MHD_Result web_household_history(web_req *r, char **seg, int nseg);
enum MHD_Result web_enums(web_req *r, char **seg, int nseg);
enum MHD_Result web_indicators(web_req *r, char **seg, int nseg);
enum MHD_Result web_problems(web_req *r, char **seg, int nseg);
enum MHD_Result web_problem(web_req *r, char **seg, int nseg);
enum MHD_Result web_problem_act(web_req *r, char **seg, int nseg);
/* POST /api/problems/import (web_plan.c) */
enum MHD_Result web_plan_import(web_req *r, char **seg, int nseg);
enum MHD_Result web_problem_file(web_req *r, char **seg, int nseg);
enum MHD_Result web_audit_list(web_req *r, char **seg, int nseg);
enum MHD_Result web_assess_runs(web_req *r, char **seg, int nseg);
enum MHD_Result web_assess_show(web_req *r, char **seg, int nseg);
enum MHD_Result web_assess_explain(web_req *r, char **seg, int nseg);
enum MHD_Result web_assess_run(web_req *r, char **seg, int nseg);
enum MHD_Result web_assess_households(web_req *r, char **seg, int nseg);
enum MHD_Result web_report(web_req *r, char **seg, int nseg);
enum MHD_Result web_import_start(web_req *r, char **seg, int nseg);
enum MHD_Result web_import_get(web_req *r, char **seg, int nseg);
/* Jobs after an import: review, indicators, generate, sample
 * (web_jobs.c), all of the one queue (web_queue.h). */
enum MHD_Result web_job_start(web_req *r, char **seg, int nseg);
enum MHD_Result web_job_get(web_req *r, char **seg, int nseg);
enum MHD_Result web_import_rejects(web_req *r, char **seg, int nseg);
/* GET and POST /api/survey/{year}/{hh_id} (web_survey.c) */
enum MHD_Result web_survey(web_req *r, char **seg, int nseg);
/* 部门数据比对 (web_dept.c): GET and POST under /api/dept/. */
enum MHD_Result web_dept_get(web_req *r, char **seg, int nseg);
enum MHD_Result web_dept_post(web_req *r, char **seg, int nseg);

/* 扶贫项目库 and 扶贫资金 (web_funds.c): GET and POST under /api/funds/. */
enum MHD_Result web_funds_get(web_req *r, char **seg, int nseg);
enum MHD_Result web_funds_post(web_req *r, char **seg, int nseg);

/* A download: data (malloc'd, taken; NULL when n is 0) as an attachment
 * named name. */
enum MHD_Result web_send_file(web_req *r, char *data, size_t n,
                              const char *name, const char *type);

/* Lists as files (web_export.c): ?format=csv|xlsx of a list. */
#define WEB_EXPORT_MAX 100000
typedef struct web_col {
    const char *key;   /* the field of the list's JSON rows */
    const char *title; /* the column's heading */
    char type;         /* 's' text, 'n' number, 'd' date, 'm' 分 as 元 */
} web_col;
/* The format asked for: 0 none (JSON), KH_TAB_CSV, KH_TAB_XLSX; -1 for
 * anything else. */
int web_export_format(web_req *r);
/* rows (a JSON array of the list's objects, taken) as a file of cols,
 * masked unless r->unmasked, audited as list.export (object
 * "TITLE.EXT", the rows' count) and sent as TITLE-DATE.EXT; total (what
 * matched) above WEB_EXPORT_MAX is refused (422 export_too_big). */
enum MHD_Result web_export_list(web_req *r, kh_store *s, const char *title,
                                json_t *rows, const web_col *cols,
                                size_t ncols, int fmt, long long total);

/* The file name of an upload: a plain name, no path, 1-200 bytes. */
int web_name_ok(const char *n);

/* An upload route's body: its size (r->up_len), its SHA-256 (r->up_hex)
 * and its file, which stays r's (removed when the request ends) unless
 * taken: web_upload_take moves its name into path (n bytes), and the
 * caller removes it. KH_ERR_IO when there is none (an empty body). */
int web_upload_take(web_req *r, char *path, size_t n, kh_error *err) KH_WUR;
/* The upload limit in words for a reply: "2 GiB", "1 MiB", "5000 字节"
 * (zh) and "2 GiB", "5000 bytes" (en). */
void web_limit_text(unsigned long long lim, char *zh, char *en, size_t n);

/* The files of a multipart/form-data body, saved under TMPDIR. */
#define WEB_MAX_FILES 16
typedef struct web_files {
    size_t n;
    char names[WEB_MAX_FILES][208]; /* as uploaded (web_name_ok) */
    char paths[WEB_MAX_FILES][4096];
    size_t sizes[WEB_MAX_FILES];
} web_files;
/* data (len bytes) into a private file TMPDIR/kaohe-WHAT.XXXXXX; path
 * gets its name ("" on failure: nothing is left behind). */
int web_tmp_file(char *path, size_t n, const char *what, const void *data,
                 size_t len, kh_error *err);
/* The file's bytes (malloc'd; *n their count), or NULL when it cannot be
 * read. */
char *web_slurp(const char *path, size_t *n);
/* 1 when the request's body is multipart/form-data. */
int web_is_multipart(web_req *r);
/* Save each file part of the body (at most WEB_MAX_FILES, distinct plain
 * names) into *out; on failure nothing is kept. KH_ERR_USAGE
 * ("bad_multipart") for a malformed body, a bad or repeated name, no
 * file. */
int web_multipart_files(web_req *r, web_files *out, kh_error *err) KH_WUR;
/* Remove the saved files. */
void web_files_free(web_files *f);

/* The masking net (web_mask.c): j (a reply) masked in place by the
 * policy of kaohe/mask.h; web_mask_buf the same for JSON text (ID numbers
 * and phones only). */
void web_mask_json(json_t *j);
int web_mask_buf(kh_buf *b);

/* Resolve the session cookie into r (user, access, CSRF); 0 when there
 * is a live session. */
int web_session(web_req *r);

#endif
