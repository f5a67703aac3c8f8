/* SPDX-License-Identifier: MIT */
/*
 * web_headers.c - the security headers on every reply, including the ones
 * libmicrohttpd makes itself. The library answers some requests before any
 * handler of ours runs (414 for an address too long, 431 for headers too
 * large, 400 for a malformed request, 413 for a Content-Length too large,
 * 505 for an HTTP version it does not speak) and has no option or hook to
 * change those replies; all of them go through MHD_queue_response. kaohe
 * defines MHD_queue_response itself: the library's own calls go through its
 * PLT to this definition (ELF symbol interposition), which adds the headers
 * to any reply that does not have them yet and passes it on to the
 * library's function (found with dlsym(RTLD_NEXT)). Our own replies already
 * carry them (web_secure_headers) and are passed on unchanged.
 * tests/e2e/serve_headers.sh checks the library's replies.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include "web/web_int.h"

void web_headers_add(struct MHD_Response *resp, const char *csp, int tls)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy",
                            "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy",
                            "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy",
                            "camera=(), microphone=(), geolocation=()");
    if (tls)
        MHD_add_response_header(resp, "Strict-Transport-Security",
                                "max-age=31536000");
}

typedef enum MHD_Result (*queue_fn)(struct MHD_Connection *, unsigned int,
                                    struct MHD_Response *);
static queue_fn real_queue;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
    /* POSIX dlsym returns an object pointer; this is the documented way
     * to turn it into a function pointer. */
    void *p = dlsym(RTLD_NEXT, "MHD_queue_response");
    *(void **)&real_queue = p;
}

/* 1 when the connection came over TLS (its daemon was started with it). */
static int conn_tls(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_DAEMON);
    if (!ci || !ci->daemon) return 0;
    const union MHD_DaemonInfo *di =
        MHD_get_daemon_info(ci->daemon, MHD_DAEMON_INFO_FLAGS);
    return di && (di->flags & MHD_USE_TLS);
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection,
                                   unsigned int status_code,
                                   struct MHD_Response *response)
{
    pthread_once(&real_once, find_real);
    if (!real_queue) return MHD_NO; /* the library is not loaded: no reply */
    if (response &&
        !MHD_get_response_header(response, "Content-Security-Policy"))
        web_headers_add(response, WEB_CSP_NONE, conn_tls(connection));
    return real_queue(connection, status_code, response);
}
