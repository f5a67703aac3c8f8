/* SPDX-License-Identifier: MIT */
/*
 * web.h - `kaohe serve`: the HTTP server (libmicrohttpd, a thread pool)
 * and its JSON API (docs/http-api.md). The command line calls web_serve.
 */
#ifndef KAOHE_WEB_H
#define KAOHE_WEB_H

#include <stddef.h>

struct kh_standard;

typedef struct web_opts {
    const char *db;        /* the database file */
    const char *listen;    /* "HOST:PORT" (IPv4); port 0 picks one */
    unsigned threads;      /* worker threads */
    unsigned max_conn;     /* connections at once */
    unsigned timeout_s;    /* idle connection timeout */
    unsigned request_s;    /* longest time to receive one request */
    size_t max_body;       /* a JSON body, bytes */
    size_t max_upload;     /* an uploaded file, bytes */
    const char *web_dir;   /* the browser UI's files (index.html, ...) */
    unsigned max_conn_ip;  /* connections at once from one address */
    const char *tls_cert;  /* PEM certificate (chain): serve HTTPS; NULL */
    const char *tls_key;   /* its PEM private key */
    int behind_tls_proxy;  /* requests come through an HTTPS proxy */
    const char *standards_name; /* --standards FILE, recorded by a
                                 * review job (NULL: national) */
} web_opts;

/*
 * Serve until SIGTERM or SIGINT, then stop taking connections, finish the
 * requests in progress and return 0. Prints the address on stdout once
 * listening and one line per request on stderr. Returns 2 (after printing
 * why) when it cannot start. std is the standards in force (borrowed).
 */
int web_serve(const web_opts *o, const struct kh_standard *std);

#endif
