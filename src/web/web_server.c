/* SPDX-License-Identifier: MIT */
/*
 * web_server.c - the HTTP server: libmicrohttpd with a thread pool, each
 * worker on its own SQLite connection; the limits (connections, idle
 * timeout, time to receive a request, body and upload sizes); routing of
 * /api/ paths; sessions and CSRF checked before any handler runs; one log
 * line per request (the path only: query strings can hold names and ID
 * numbers); errors always as {"error": {"code", "message", ...}}; a
 * graceful stop on SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kaohe/buf.h"
#include "kaohe/card.h"
#include "kaohe/card_store.h"
#include "kaohe/encoding.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "web/web_queue.h"

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the workers' connections ---- */

static void close_store(void *p)
{
    kh_store_close(p);
}

kh_store *web_store(web_req *r, kh_error *err)
{
    kh_store *s = pthread_getspecific(r->srv->store_key);
    if (s) return s;
    if (kh_store_open(r->srv->o.db, KH_STORE_OPEN, &s, err)) return NULL;
    if (pthread_setspecific(r->srv->store_key, s)) {
        kh_store_close(s);
        kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        return NULL;
    }
    return s;
}

int web_begin(web_req *r, kh_store *s, kh_error *err)
{
    pthread_mutex_lock(&r->srv->write_lock);
    int rc = kh_store_begin(s, err);
    if (rc)
        pthread_mutex_unlock(&r->srv->write_lock);
    else
        r->in_tx = 1;
    return rc;
}

int web_end(web_req *r, kh_store *s, int rc, kh_error *err)
{
    if (!rc)
        rc = kh_store_commit(s, err); /* rolls back when it fails */
    else
        kh_store_rollback(s);
    pthread_mutex_unlock(&r->srv->write_lock);
    r->in_tx = 0;
    return rc;
}

/* ---- replies ---- */

/* The headers every reply carries (docs/http-api.md, "Security"). */
void web_secure_headers(web_req *r, struct MHD_Response *resp,
                        const char *csp)
{
    web_headers_add(resp, csp, r->srv->o.tls_cert != NULL);
}

/* The refusals that are audited: a route answered 401, 403, 404, 409,
 * 422 or 429. */
static int audited_status(unsigned st)
{
    return st == 401 || st == 403 || st == 404 || st == 409 || st == 422 ||
           st == 429;
}

static int latest_audit(void *ctx, const kh_audit *a, kh_error *err)
{
    (void)err;
    *(long long *)ctx = a->id;
    return KH_OK;
}

/* The last audit entry's id (0 when none or unknown). */
static long long audit_last_id(kh_store *s)
{
    kh_error err;
    kh_error_clear(&err);
    kh_audit_filter f = {0};
    f.limit = 1;
    f.newest_first = 1;
    long long id = 0;
    if (kh_store_audit_each(s, &f, latest_audit, &id, &err)) return 0;
    return id;
}

/* 1 when someone wrote an audit entry for this request (its user and
 * address, after the mark): a use case of src/app that audited its own
 * refusal. */
static int audited_since_mark(web_req *r, kh_store *s)
{
    kh_error err;
    kh_error_clear(&err);
    const char *who = r->authed ? r->user.name : r->login_name;
    kh_audit_filter f = {0};
    f.who = who;
    f.after_id = r->audit_mark;
    f.limit = 1;
    long long id = 0;
    if (kh_store_audit_each(s, &f, latest_audit, &id, &err)) return 0;
    return id > 0;
}

/* Write the refusals kept while the database was busy; those that still
 * cannot be written stay. */
static void flush_pending(web_req *r, kh_store *s)
{
    web_srv *srv = r->srv;
    pthread_mutex_lock(&srv->pend_lock);
    int n = srv->npend && r->now_s >= srv->pend_retry;
    pthread_mutex_unlock(&srv->pend_lock);
    if (!n) return;
    kh_error err;
    kh_error_clear(&err);
    if (web_begin(r, s, &err)) return;
    pthread_mutex_lock(&srv->pend_lock);
    int rc = 0;
    for (int i = 0; i < srv->npend && !rc; i++) {
        const web_pending *p = &srv->pend[i];
        kh_audit a = {0,         p->at,  p->who, p->addr, "http.refused",
                      p->object, p->outcome, -1, NULL,    NULL,
                      p->note};
        rc = kh_store_audit_add(s, &a, &err);
    }
    rc = web_end(r, s, rc, &err);
    if (!rc)
        srv->npend = 0;
    else
        srv->pend_retry = r->now_s + 5; /* still busy: not at every request */
    pthread_mutex_unlock(&srv->pend_lock);
}

/* Audit a refusal no handler audited: the route (method and path, never
 * the query), the user (or the name a login tried), the address, the
 * status and the error code. With the database busy (an import running)
 * the entry is kept and written by a later request. */
static void audit_refusal(web_req *r)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s || audited_since_mark(r, s)) return;
    web_pending p;
    size_t k = 0;
    char path[200];
    for (const char *c = r->url; *c && k + 1 < sizeof path; c++)
        path[k++] = (unsigned char)*c < 0x20 ? '?' : *c;
    path[k] = '\0';
    snprintf(p.at, sizeof p.at, "%s", r->now);
    snprintf(p.who, sizeof p.who, "%s",
             r->authed ? r->user.name : r->login_name);
    snprintf(p.addr, sizeof p.addr, "%s", r->addr);
    snprintf(p.object, sizeof p.object, "%s %s", r->method, path);
    snprintf(p.note, sizeof p.note, "%u %s", r->status, r->refusal_code);
    snprintf(p.outcome, sizeof p.outcome, "%s",
             r->status == 409 || r->status == 422 ? "refused" : "denied");
    kh_audit a = {0,        p.at,      p.who, p.addr, "http.refused",
                  p.object, p.outcome, -1,    NULL,   NULL,
                  p.note};
    int rc = web_begin(r, s, &err);
    if (!rc) {
        rc = kh_store_audit_add(s, &a, &err);
        rc = web_end(r, s, rc, &err);
    }
    r->audited = 1;
    if (!rc) return;
    pthread_mutex_lock(&r->srv->pend_lock);
    if (r->srv->npend < WEB_PENDING)
        r->srv->pend[r->srv->npend++] = p;
    else
        fprintf(stderr, "kaohe serve: audit: %s (%s %s)\n", err.en, p.who,
                p.object);
    pthread_mutex_unlock(&r->srv->pend_lock);
}

static enum MHD_Result send_text(web_req *r, unsigned status, char *text,
                                 const char *cookie)
{
    size_t n = strlen(text);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type",
                            "application/json; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    web_secure_headers(r, resp, WEB_CSP_NONE);
    if (cookie) MHD_add_response_header(resp, "Set-Cookie", cookie);
    r->status = status;
    r->bytes = n;
    if (r->route && audited_status(status) && !r->audited) {
        if (r->in_tx)
            r->refusal_due = 1; /* audited once the transaction ends */
        else
            audit_refusal(r);
    }
    enum MHD_Result ret = MHD_queue_response(r->conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

enum MHD_Result web_json_cookie(web_req *r, unsigned status, json_t *body,
                                const char *cookie)
{
    if (body && !r->unmasked) web_mask_json(body);
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text) {
        r->status = 500;
        return MHD_NO;
    }
    return send_text(r, status, text, cookie);
}

enum MHD_Result web_json_buf(web_req *r, unsigned status, kh_buf *b)
{
    if (!r->unmasked && web_mask_buf(b)) {
        kh_buf_free(b);
        return web_nomem(r);
    }
    char *text = kh_buf_take(b);
    kh_buf_free(b);
    if (!text) {
        r->status = 500;
        return MHD_NO;
    }
    return send_text(r, status, text, NULL);
}

enum MHD_Result web_json(web_req *r, unsigned status, json_t *body)
{
    return web_json_cookie(r, status, body, NULL);
}

/* The codes of a record that is not there: answered as one outside the
 * scope is (one answer, no oracle). */
static int hidden_code(const char *code)
{
    static const char *const codes[] = {
        "out_of_scope",     "household_missing", "problem_missing",
        "region_missing",   "village_unknown",   "evidence_missing",
        "import_missing",   "rejects_missing",
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (!strcmp(code, codes[i])) return 1;
    return 0;
}

enum MHD_Result web_error(web_req *r, unsigned status, const char *code,
                          const char *zh, const char *en)
{
    snprintf(r->refusal_code, sizeof r->refusal_code, "%s", code);
    if ((status == 403 || status == 404) && hidden_code(code)) {
        /* Outside the scope or absent: the same 404, whichever it is;
         * the audit entry keeps which (refusal_code). */
        status = 404;
        code = "not_found";
        zh = "没有这条记录,或它不在你的权限范围内";
        en = "no such record, or it is outside what you may see";
    }
    json_t *j = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", code,
                          "message", zh, "message_en", en);
    /* A message quoting the request's bytes that are not UTF-8 cannot be
     * JSON: say what kind of error it is without them. */
    if (!j)
        j = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", "bad_request",
                      "message", "请求中有无效的字符(不是 UTF-8)",
                      "message_en", "the request has bytes that are not "
                                    "UTF-8");
    return web_json(r, status, j);
}

enum MHD_Result web_fail(web_req *r, const kh_error *err)
{
    snprintf(r->refusal_code, sizeof r->refusal_code, "%s", err->code);
    unsigned st;
    switch (err->status) {
    case KH_ERR_USAGE: st = 400; break;
    case KH_ERR_FORMAT: st = 400; break;
    case KH_ERR_INVALID: st = 422; break;
    case KH_ERR_NOTFOUND: st = 404; break;
    case KH_ERR_DENIED: st = 403; break;
    case KH_ERR_LIMIT: st = 413; break;
    case KH_ERR_DB:
        st = !strcmp(err->code, "db_locked") ? 503 : 500;
        break;
    default: st = 500; break;
    }
    if (st == 500)
        fprintf(stderr, "kaohe serve: %s: %s\n", err->code, err->en);
    if (!err->file[0])
        return web_error(r, st, err->code[0] ? err->code : "error",
                         err->zh, err->en);
    /* an error in an uploaded file: where */
    json_t *j = json_pack("{s:{s:s,s:s,s:s,s:s,s:i,s:s?}}", "error", "code",
                          err->code[0] ? err->code : "error", "message",
                          err->zh, "message_en", err->en, "file", err->file,
                          "row", (int)err->row, "column",
                          err->column[0] ? err->column : NULL);
    if (!j)
        return web_error(r, st, err->code[0] ? err->code : "error",
                         err->zh, err->en);
    return web_json(r, st, j);
}

void web_today(web_req *r, char out[11])
{
    memcpy(out, r->now, 10);
    out[10] = '\0';
}

/* t with each of the whole ID numbers ids[0..n) replaced, wherever it
 * stands, by its masked form (kh_card_mask_id); NULL when t is NULL or
 * memory runs out. */
json_t *web_mask_ids(const char *t, char *const *ids, size_t n)
{
    if (!t || !n) return t ? json_string(t) : NULL;
    kh_buf b = KH_BUF_INIT;
    int bad = 0;
    while (*t && !bad) {
        size_t i;
        for (i = 0; i < n; i++)
            if (!strncmp(t, ids[i], strlen(ids[i]))) break;
        if (i < n) {
            char out[64];
            kh_card_mask_id(ids[i], out, sizeof out);
            bad = kh_buf_adds(&b, out);
            t += strlen(ids[i]);
        } else {
            bad = kh_buf_add(&b, t, 1);
            t++;
        }
    }
    json_t *j = bad ? NULL : json_stringn(b.data ? b.data : "", b.len);
    kh_buf_free(&b);
    return j;
}

enum MHD_Result web_nomem(web_req *r)
{
    kh_error err;
    kh_error_clear(&err);
    kh_error_msg(&err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    return web_fail(r, &err);
}

enum MHD_Result web_no_path(web_req *r)
{
    return web_error(r, 404, "not_found", "没有这个地址", "no such path");
}

const char *web_arg(web_req *r, const char *name)
{
    const char *v =
        MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}

long long web_parse_int(const char *s, long long min, long long max)
{
    if (!s || *s < '0' || *s > '9') return -1;
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (*end || errno || x < min || x > max) return -1;
    return x;
}

long long web_arg_int(web_req *r, const char *name, long long def,
                      long long min, long long max)
{
    const char *v = web_arg(r, name);
    if (!v) return def;
    return web_parse_int(v, min, max);
}

json_t *web_body_json(web_req *r, enum MHD_Result *ret)
{
    json_error_t je;
    json_t *j = r->body.len
                    ? json_loadb(r->body.data, r->body.len,
                                 JSON_REJECT_DUPLICATES, &je)
                    : NULL;
    if (!j || !json_is_object(j)) {
        json_decref(j);
        *ret = web_error(r, 400, "bad_json", "请求体不是有效的 JSON 对象",
                         "the request body is not a valid JSON object");
        return NULL;
    }
    return j;
}

int web_audit(web_req *r, kh_store *s, const char *action,
              const char *object, const char *outcome, long long records,
              const char *before, const char *after, kh_error *err)
{
    kh_audit a = {0,      r->now,  r->authed ? r->user.name : "",
                  r->addr, action,  object,
                  outcome, records, before,
                  after,  NULL};
    int rc = kh_store_audit_add(s, &a, err);
    if (!rc) r->audited = 1;
    return rc;
}

/* ---- routing ---- */

enum { R_PUBLIC = 1, R_WRITE = 2, R_UPLOAD = 4 };

static const struct route {
    const char *method, *name;
    int nseg; /* segments after /api/, including name */
    int flags;
    web_handler fn;
} routes[] = {
    {"POST", "login", 1, R_PUBLIC | R_WRITE, web_login},
    {"POST", "logout", 1, R_WRITE, web_logout},
    {"GET", "me", 1, 0, web_me},
    {"GET", "regions", 1, 0, web_regions},
    {"GET", "years", 1, 0, web_years},
    {"GET", "years", 2, 0, web_year_info},
    {"POST", "years", 3, R_WRITE, web_year_delete},
    {"GET", "templates", 2, 0, web_template},
    {"GET", "households", 1, 0, web_households},
    {"GET", "households", 3, 0, web_household},
    {"POST", "households", 3, R_WRITE, web_household_edit},
    {"GET", "households", 4, 0, web_household_history},
    {"GET", "enums", 1, 0, web_enums},
    {"GET", "indicators", 1, 0, web_indicators},
    {"GET", "problems", 1, 0, web_problems},
    {"GET", "problems", 2, 0, web_problem},
    {"POST", "problems", 3, R_WRITE, web_problem_act},
    {"POST", "problems", 2, R_WRITE, web_plan_import},
    {"GET", "problems", 4, 0, web_problem_file},
    {"GET", "audit", 1, 0, web_audit_list},
    {"GET", "assessments", 1, 0, web_assess_runs},
    {"GET", "assessments", 4, 0, web_assess_show},
    {"GET", "assessments", 5, 0, web_assess_explain},
    {"POST", "assessments", 5, R_WRITE, web_assess_run},
    {"GET", "assessments", 6, 0, web_assess_households},
    {"GET", "reports", 2, 0, web_report},
    {"POST", "imports", 1, R_WRITE, web_import_start},
    {"GET", "imports", 2, 0, web_import_get},
    {"GET", "imports", 3, 0, web_import_rejects},
    {"POST", "jobs", 1, R_WRITE, web_job_start},
    {"GET", "jobs", 2, 0, web_job_get},
    {"GET", "survey", 3, 0, web_survey},
    {"POST", "survey", 3, R_WRITE, web_survey},
    {"GET", "dept", 2, 0, web_dept_get},
    {"GET", "dept", 4, 0, web_dept_get},
    {"POST", "dept", 2, R_WRITE, web_dept_post},
    {"POST", "dept", 4, R_WRITE, web_dept_post},
    {"GET", "samples", 3, 0, web_sample_estimate},
    {"GET", "funds", 2, 0, web_funds_get},
    {"GET", "funds", 3, 0, web_funds_get},
    {"POST", "funds", 2, R_WRITE, web_funds_post},
};
#define NROUTES (sizeof routes / sizeof routes[0])
#define MAXSEG 6

/* Split url's path after "/api/" into seg (in buf); -1 when not an API
 * path or malformed. */
static int split(const char *url, char *buf, size_t bufsz, char **seg)
{
    if (strncmp(url, "/api/", 5)) return -1;
    if (strlen(url + 5) >= bufsz) return -1;
    strcpy(buf, url + 5);
    int n = 0;
    for (char *p = buf; *p;) {
        if (n == MAXSEG) return -1;
        seg[n++] = p;
        char *e = strchr(p, '/');
        if (!e) break;
        *e = '\0';
        p = e + 1;
        if (!*p) return -1; /* a trailing slash */
    }
    for (int i = 0; i < n; i++) {
        if (!seg[i][0] || !strcmp(seg[i], ".") || !strcmp(seg[i], ".."))
            return -1;
        for (const char *c = seg[i]; *c; c++)
            if ((unsigned char)*c < 0x20 || *c == '\\') return -1;
    }
    return n;
}

static const struct route *find_route(const char *method, char **seg,
                                      int nseg, int *path_known)
{
    *path_known = 0;
    for (size_t i = 0; i < NROUTES; i++) {
        const struct route *rt = &routes[i];
        if (nseg != rt->nseg || strcmp(seg[0], rt->name)) continue;
        *path_known = 1;
        if (!strcmp(method, rt->method)) return rt;
    }
    return NULL;
}

static int upload_route(const char *method, const char *url)
{
    if (strcmp(method, "POST")) return 0;
    if (!strcmp(url, "/api/imports")) return 1;
    if (!strcmp(url, "/api/dept/lists")) return 1;
    if (!strcmp(url, "/api/funds/imports")) return 1;
    const char *e = strrchr(url, '/');
    if (!strcmp(url, "/api/problems/import")) return 1;
    if (!strncmp(url, "/api/problems/", 14))
        return e && !strcmp(e, "/evidence");
    if (!strncmp(url, "/api/assessments/", 17))
        return e && !strcmp(e, "/run");
    return 0;
}

/* ---- uploads: to a private file as they arrive ---- */

void web_limit_text(unsigned long long lim, char *zh, char *en, size_t n)
{
    static const struct { unsigned long long unit; const char *name; } u[] =
        {{1ull << 30, "GiB"}, {1ull << 20, "MiB"}, {1ull << 10, "KiB"}};
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
        if (lim >= u[i].unit && lim % u[i].unit == 0) {
            snprintf(zh, n, "%llu %s", lim / u[i].unit, u[i].name);
            snprintf(en, n, "%llu %s", lim / u[i].unit, u[i].name);
            return;
        }
    snprintf(zh, n, "%llu 字节", lim);
    snprintf(en, n, "%llu bytes", lim);
}

/* 413 too_large, the limit stated. */
static enum MHD_Result too_large(web_req *r, size_t lim)
{
    char lz[48], le[48], zh[160], en[160];
    web_limit_text(lim, lz, le, sizeof lz);
    if (r->upload) {
        snprintf(zh, sizeof zh, "上传的文件超过大小限制(最大 %s)", lz);
        snprintf(en, sizeof en, "the upload is larger than the limit (%s)",
                 le);
    } else {
        snprintf(zh, sizeof zh, "请求体超过大小限制(最大 %s)", lz);
        snprintf(en, sizeof en,
                 "the request body is larger than the limit (%s)", le);
    }
    return web_error(r, 413, "too_large", zh, en);
}

static void upload_drop(web_req *r)
{
    if (r->up_fd >= 0) close(r->up_fd);
    r->up_fd = -1;
    if (r->up_path[0]) unlink(r->up_path);
    r->up_path[0] = '\0';
}

/* The next piece of an upload's body, to its file (made on the first
 * piece); -1 when it cannot be written. */
static int upload_add(web_req *r, const char *data, size_t n)
{
    if (r->up_fd < 0) {
        if (r->up_path[0]) return -1; /* written and closed already */
        const char *dir = getenv("TMPDIR");
        snprintf(r->up_path, sizeof r->up_path, "%s/kaohe-upload.XXXXXX",
                 dir && *dir ? dir : "/tmp");
        r->up_fd = mkstemp(r->up_path);
        if (r->up_fd < 0) {
            r->up_path[0] = '\0';
            return -1;
        }
        crypto_hash_sha256_init(&r->up_sha);
    }
    crypto_hash_sha256_update(&r->up_sha, (const unsigned char *)data, n);
    r->up_len += n;
    while (n) {
        ssize_t w = write(r->up_fd, data, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        data += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The body is whole: the file closed, its hash. */
static int upload_end(web_req *r)
{
    if (r->up_fd < 0) return 0; /* an empty body: no file */
    int bad = close(r->up_fd);
    r->up_fd = -1;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&r->up_sha, h);
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof h; i++) {
        r->up_hex[2 * i] = hex[h[i] >> 4];
        r->up_hex[2 * i + 1] = hex[h[i] & 15];
    }
    r->up_hex[64] = '\0';
    if (bad) upload_drop(r);
    return bad ? -1 : 0;
}

int web_upload_take(web_req *r, char *path, size_t n, kh_error *err)
{
    if (!r->up_path[0] || r->up_fd >= 0 || strlen(r->up_path) >= n)
        return kh_error_msg(err, KH_ERR_IO, "upload_tmp",
                            "无法保存上传的文件", "cannot keep the upload");
    memcpy(path, r->up_path, strlen(r->up_path) + 1);
    r->up_path[0] = '\0';
    return KH_OK;
}

static int header_is(web_req *r, const char *name, const char *want)
{
    const char *v =
        MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
    if (!v) return 0;
    size_t n = strlen(want);
    return !strncasecmp(v, want, n) && (v[n] == '\0' || v[n] == ';' ||
                                        v[n] == ' ');
}

static int csrf_ok(web_req *r)
{
    const char *v =
        MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
    if (!v || strlen(v) != 64 || strlen(r->csrf) != 64) return 0;
    unsigned char diff = 0;
    for (int i = 0; i < 64; i++) diff |= (unsigned char)(v[i] ^ r->csrf[i]);
    return diff == 0;
}

/* ---- the browser UI's files ---- */

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
};

/* A path of the UI: "/" or segments of [A-Za-z0-9_.-], none starting
 * with a dot, with a known extension. Returns its content type or NULL. */
static const char *static_type(const char *url)
{
    size_t n = strlen(url);
    if (n < 2 || n > 200 || url[0] != '/') return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = url[i];
        if (c == '/') {
            if (i + 1 >= n || url[i + 1] == '/' || url[i + 1] == '.')
                return NULL;
        } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                     c == '.')) {
            return NULL;
        }
    }
    const char *dot = strrchr(url, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i].ext)) return types[i].type;
    return NULL;
}

static enum MHD_Result serve_static(web_req *r)
{
    const char *url = strcmp(r->url, "/") ? r->url : "/index.html";
    const char *type = static_type(url);
    char path[1024];
    int fd = -1;
    struct stat st;
    if (type && snprintf(path, sizeof path, "%s%s", r->srv->o.web_dir, url) <
                    (int)sizeof path)
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
                    st.st_size > (64 << 20))) {
        close(fd);
        fd = -1;
    }
    if (fd < 0)
        return web_error(r, 404, "not_found", "没有这个地址",
                         "no such address");
    struct MHD_Response *resp =
        MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
    /* No inline script anywhere, no <style> element; style attributes
     * only (ECharts' tooltips carry them; the UI's own scripts set styles
     * through the CSSOM). */
    web_secure_headers(
        r, resp,
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "style-src-elem 'self'; style-src-attr 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    r->status = 200;
    r->bytes = (size_t)st.st_size;
    enum MHD_Result ret = MHD_queue_response(r->conn, 200, resp);
    MHD_destroy_response(resp);
    return ret;
}

static int utf8_ok(const char *s)
{
    size_t n = strlen(s), partial = 0;
    return kh_utf8_valid_prefix(s, n, &partial) == n && !partial;
}

static enum MHD_Result arg_utf8(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *value)
{
    (void)kind;
    int *bad = cls;
    if (!utf8_ok(key) || (value && !utf8_ok(value))) {
        *bad = 1;
        return MHD_NO;
    }
    return MHD_YES;
}

/* Marks, through *con_cls, a request whose raw URI holds a NUL byte
 * (%00): libmicrohttpd's unescaping would cut the path or the parameter
 * there, and the request would be answered as another one. */
static char nul_uri;

static void *uri_check(void *cls, const char *uri,
                       struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    return strstr(uri, "%00") ? &nul_uri : NULL;
}

static enum MHD_Result dispatch(web_req *r)
{
    char buf[512], *seg[MAXSEG];
    int bad = r->bad_uri || !utf8_ok(r->url);
    if (!bad)
        MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, arg_utf8,
                                  &bad);
    if (bad)
        return web_error(r, 400, "bad_request",
                         "地址中有无效的字符(空字节或不是 UTF-8)",
                         "the address has bytes that are not allowed (a "
                         "NUL byte or not UTF-8)");
    if (strncmp(r->url, "/api/", 5) && !strcmp(r->method, "GET"))
        return serve_static(r);
    int nseg = split(r->url, buf, sizeof buf, seg);
    if (nseg < 1)
        return web_error(r, 404, "not_found", "没有这个地址",
                         "no such address");
    int known;
    const struct route *rt = find_route(r->method, seg, nseg, &known);
    if (!rt)
        return known ? web_error(r, 405, "method", "不支持该请求方法",
                                 "method not allowed")
                     : web_error(r, 404, "not_found", "没有这个地址",
                                 "no such address");
    /* From here every refusal of the route is audited (send_text). */
    r->route = 1;
    {
        kh_error e;
        kh_error_clear(&e);
        kh_store *s = web_store(r, &e);
        if (s) r->audit_mark = audit_last_id(s);
    }
    if (!(rt->flags & R_PUBLIC) && web_session(r))
        return web_error(r, 401, "login_required", "请先登录",
                         "log in first");
    if (rt->flags & R_WRITE) {
        if (!(rt->flags & R_PUBLIC) && !csrf_ok(r))
            return web_error(r, 403, "csrf",
                             "缺少或错误的 CSRF 令牌(X-CSRF-Token)",
                             "missing or wrong CSRF token (X-CSRF-Token)");
        if (!r->upload && !header_is(r, "Content-Type", "application/json"))
            return web_error(r, 415, "content_type",
                             "请求体应为 application/json",
                             "the body must be application/json");
    }
    return rt->fn(r, seg + 1, nseg - 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    web_srv *srv = cls;
    web_req *r = *con_cls;
    if (!r || r == (void *)&nul_uri) {
        int nul = r != NULL;
        *con_cls = NULL;
        if (!(r = calloc(1, sizeof *r))) return MHD_NO;
        *con_cls = r;
        r->bad_uri = nul;
        r->srv = srv;
        r->conn = conn;
        r->method = method;
        r->url = url;
        r->t0 = mono_now();
        r->now_s = (long long)time(NULL);
        kh_iso_time(r->now_s, r->now);
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
            conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        snprintf(r->addr, sizeof r->addr, "?");
        if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET,
                      &((const struct sockaddr_in *)ci->client_addr)
                           ->sin_addr,
                      r->addr, sizeof r->addr);
        r->tls = srv->o.tls_cert != NULL || srv->o.behind_tls_proxy;
        r->up_fd = -1;
        r->upload = upload_route(method, url);
        size_t lim = r->upload ? srv->o.max_upload : srv->o.max_body;
        const char *cl = MHD_lookup_connection_value(
            conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > lim)
            return too_large(r, lim);
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t lim = r->upload ? srv->o.max_upload : srv->o.max_body;
        if (!r->too_big && !r->too_slow) {
            size_t have = r->upload ? (size_t)r->up_len : r->body.len;
            if (have + *upload_data_size > lim) {
                r->too_big = 1;
            } else if (r->upload ? upload_add(r, upload_data,
                                              *upload_data_size)
                                 : kh_buf_add(&r->body, upload_data,
                                              *upload_data_size)) {
                r->too_big = 1;
            }
            if (mono_now() - r->t0 > (double)srv->o.request_s)
                r->too_slow = 1;
            if (r->too_big || r->too_slow) {
                kh_buf_free(&r->body);
                upload_drop(r);
            }
        }
        *upload_data_size = 0;
        /* Close the connection now instead of reading the rest, so that
         * a client cannot hold it by sending a body slowly or without
         * end (chunked, no Content-Length). libmicrohttpd 0.9 cannot
         * queue a reply in the middle of a body: the status is for the
         * log line only. A body announced too large by Content-Length is
         * answered 413 above, before any of it is read. */
        if (r->too_big || r->too_slow) {
            r->status = r->too_big ? 413 : 408;
            return MHD_NO;
        }
        return MHD_YES;
    }
    if (r->status) return MHD_YES; /* answered before the body */
    if (r->upload && upload_end(r))
        return web_error(r, 500, "upload_tmp", "无法保存上传的文件",
                         "cannot keep the upload");
    return dispatch(r);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    web_req *r = *con_cls;
    if (!r || r == (void *)&nul_uri) return;
    if (r->refusal_due && !r->audited && !r->in_tx) audit_refusal(r);
    {
        kh_error e;
        kh_error_clear(&e);
        kh_store *s = web_store(r, &e);
        if (s) flush_pending(r, s);
    }
    double ms = (mono_now() - r->t0) * 1000.0;
    /* The path is the client's (unescaped): no control characters and
     * no bytes that are not UTF-8 into the log, so that one request stays
     * one line of text. */
    char path[256];
    size_t k = 0, n = strlen(r->url);
    for (size_t i = 0; i < n && k + 5 < sizeof path;) {
        size_t partial = 0, ok = kh_utf8_valid_prefix(r->url + i, n - i,
                                                      &partial);
        for (size_t j = 0; j < ok && k + 1 < sizeof path; j++, i++) {
            unsigned char c = (unsigned char)r->url[i];
            path[k++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
        }
        if (i < n && k + 1 < sizeof path && ok == 0) {
            path[k++] = '?'; /* one byte that is not UTF-8 */
            i++;
        } else if (ok == 0) {
            break;
        }
    }
    path[k] = '\0';
    fprintf(stderr, "%s %s %s %s %s %u %zu %.1fms%s\n", r->now, r->addr,
            r->authed ? r->user.name : "-", r->method, path,
            r->status ? r->status : 0, r->bytes, ms,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    kh_buf_free(&r->body);
    upload_drop(r);
    free(r);
    *con_cls = NULL;
}

/* ---- start and stop ---- */

static int parse_listen(const char *s, struct sockaddr_in *sa)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || (size_t)(colon - s) >= 64) return -1;
    char host[64];
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    if (!strcmp(host, "localhost")) strcpy(host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) return -1;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535) return -1;
    sa->sin_port = htons((unsigned short)port);
    return 0;
}

static int ready_to_serve(const web_opts *o)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    if (kh_store_open(o->db, KH_STORE_OPEN, &s, &err)) {
        fprintf(stderr, "kaohe: 错误:%s\nkaohe: error: %s\n", err.zh,
                err.en);
        return -1;
    }
    long long n = 0;
    int rc = kh_store_users_with_password(s, "系统管理员", &n, &err);
    if (!rc) rc = kh_store_sessions_purge(s, (long long)time(NULL), &err);
    kh_store_close(s);
    if (rc) {
        fprintf(stderr, "kaohe: 错误:%s\nkaohe: error: %s\n", err.zh,
                err.en);
        return -1;
    }
    if (n == 0) {
        fprintf(stderr,
                "kaohe: 错误:还没有设置密码的系统管理员;先运行\n"
                "  kaohe user add 名字 --role 系统管理员 --password-stdin "
                "--db %s\n"
                "kaohe: error: no administrator with a password yet; first "
                "run\n  kaohe user add NAME --role 系统管理员 "
                "--password-stdin --db %s\n",
                o->db, o->db);
        return -1;
    }
    return 0;
}

int web_serve(const web_opts *o, const kh_standard *std)
{
    struct sockaddr_in sa;
    if (parse_listen(o->listen, &sa)) {
        fprintf(stderr,
                "kaohe: 错误:--listen 应为 IPv4 地址:端口,如 127.0.0.1:8080\n"
                "kaohe: error: --listen must be IPV4:PORT, such as "
                "127.0.0.1:8080\n");
        return 2;
    }
    if (ready_to_serve(o)) return 2;
    web_srv *srv = calloc(1, sizeof *srv);
    if (!srv) return 2;
    srv->o = *o;
    srv->std = std;
    pthread_key_create(&srv->store_key, close_store);
    pthread_mutex_init(&srv->ind_lock, NULL);
    pthread_mutex_init(&srv->write_lock, NULL);
    pthread_mutex_init(&srv->pend_lock, NULL);
    if (web_queue_init(srv)) {
        free(srv);
        return 2;
    }

    /* Workers inherit this mask: only this thread takes the signals. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    char *cert = NULL, *key = NULL;
    if (o->tls_cert) {
        size_t n;
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            fprintf(stderr, "kaohe: 错误:libmicrohttpd 没有 TLS 支持(GnuTLS)\n"
                            "kaohe: error: libmicrohttpd was built without "
                            "TLS (GnuTLS)\n");
            web_queue_stop(srv);
            free(srv);
            return 2;
        }
        cert = web_slurp(o->tls_cert, &n);
        key = web_slurp(o->tls_key, &n);
        if (!cert || !key) {
            fprintf(stderr, "kaohe: 错误:无法读取 %s\n"
                            "kaohe: error: cannot read %s\n",
                    cert ? o->tls_key : o->tls_cert,
                    cert ? o->tls_key : o->tls_cert);
            free(cert);
            free(key);
            web_queue_stop(srv);
            free(srv);
            return 2;
        }
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC;
    if (cert) flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls_opts[] = {
        {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL,
        on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)o->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)o->max_conn,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)o->max_conn_ip,
        MHD_OPTION_URI_LOG_CALLBACK, uri_check, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)o->timeout_s,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, srv,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
        MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    int rc = 0;
    if (!d) {
        fprintf(stderr, "kaohe: 错误:无法在 %s 上监听\n"
                        "kaohe: error: cannot listen on %s\n",
                o->listen, o->listen);
        rc = 2;
    } else {
        const union MHD_DaemonInfo *di =
            MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        char host[64];
        inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
        printf("kaohe serve: %s://%s:%u/ (%u 线程 / threads)\n",
               cert ? "https" : "http", host, di ? (unsigned)di->port : 0u,
               o->threads);
        fflush(stdout);
        int sig = 0;
        sigwait(&set, &sig);
        fprintf(stderr, "kaohe serve: 收到信号 %d,停止 / signal %d, "
                        "stopping\n", sig, sig);
        MHD_socket fd = MHD_quiesce_daemon(d);
        if (fd != MHD_INVALID_SOCKET) close(fd);
        MHD_stop_daemon(d);
        web_queue_stop(srv);
        fprintf(stderr, "kaohe serve: 已停止 / stopped\n");
    }
    web_queue_stop(srv); /* no-op when stopped above */
    if (key) {
        volatile char *v = key; /* the private key leaves no copy */
        while (*v) *v++ = 0;
    }
    free(cert);
    free(key);
    for (int i = 0; i < WEB_IND_CACHE; i++)
        kh_indicators_free(srv->ind[i].ix);
    pthread_mutex_destroy(&srv->ind_lock);
    pthread_mutex_destroy(&srv->write_lock);
    pthread_mutex_destroy(&srv->pend_lock);
    pthread_key_delete(srv->store_key);
    free(srv);
    return rc;
}
